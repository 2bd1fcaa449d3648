"""The PDF cache: safe names, whole files only, size and header checks."""

from __future__ import annotations

from pathlib import Path

import pytest

from flopwatch.flows.pdf_cache import BadPdfError, cache_path, fetch_pdf
from flopwatch.flows.settings import Settings
from tests.faulty_arxiv import Fault, FaultyArxiv


@pytest.mark.parametrize("arxiv_id, version, relative", [
    ("1706.03762", 5, "1706/1706.03762v5.pdf"),
    ("0704.0001", 1, "0704/0704.0001v1.pdf"),
    ("hep-th/9901001", 2, "hep-th_9901/hep-th_9901001v2.pdf"),
    ("math.GT/0309136", 1, "math.GT_0309/math.GT_0309136v1.pdf"),
])
def test_cache_path_for_new_and_old_ids(tmp_path: Path, arxiv_id: str, version: int,
                                        relative: str):
    assert cache_path(tmp_path, arxiv_id, version) == (tmp_path / relative).resolve()


@pytest.mark.parametrize("arxiv_id", [
    "../../etc/passwd", "1706.03762/../../x", "/etc/passwd", "hep-th/../../9901001",
    "..", "", "1706.03762\x00", "hep-th/9901001/..", "C:\\windows",
])
def test_cache_path_refuses_anything_that_is_not_an_id(tmp_path: Path, arxiv_id: str):
    with pytest.raises(ValueError):
        cache_path(tmp_path, arxiv_id, 1)


def test_cache_path_refuses_bad_versions(tmp_path: Path):
    with pytest.raises(ValueError):
        cache_path(tmp_path, "1706.03762", 0)


@pytest.fixture
def settings(env: Path) -> Settings:
    return Settings.from_env()


def _pdf_url(server: FaultyArxiv, arxiv_id: str) -> str:
    entry = server.pdf_for(arxiv_id)
    assert entry is not None
    return f"{server.base_url}/pdf/{entry.versioned_id}"


def test_fetch_writes_whole_file_with_sha_and_reuses_it(settings: Settings,
                                                       arxiv_server: FaultyArxiv):
    import hashlib

    dest = cache_path(settings.cache_dir, "1506.90001", 1)
    first = fetch_pdf(_pdf_url(arxiv_server, "1506.90001"), dest, settings)
    body = dest.read_bytes()
    assert first.downloaded and body.startswith(b"%PDF-")
    assert first.sha256 == hashlib.sha256(body).hexdigest() and first.size == len(body)
    arxiv_server.requests.clear()
    again = fetch_pdf(_pdf_url(arxiv_server, "1506.90001"), dest, settings)
    assert not again.downloaded and again.sha256 == first.sha256 and arxiv_server.requests == []


def test_damaged_cached_copy_is_downloaded_again(settings: Settings, arxiv_server: FaultyArxiv):
    dest = cache_path(settings.cache_dir, "1506.90001", 1)
    good = fetch_pdf(_pdf_url(arxiv_server, "1506.90001"), dest, settings)
    dest.write_bytes(dest.read_bytes()[:1000])
    again = fetch_pdf(_pdf_url(arxiv_server, "1506.90001"), dest, settings)
    assert again.downloaded and again.sha256 == good.sha256


@pytest.mark.parametrize("action, message", [
    ("truncated", "truncated PDF"), ("html", "not a PDF"),
])
def test_bad_bodies_leave_no_file(settings: Settings, arxiv_server: FaultyArxiv, action: str,
                                  message: str):
    arxiv_server.inject(Fault("pdf", action))
    dest = cache_path(settings.cache_dir, "1506.90001", 1)
    with pytest.raises(BadPdfError, match=message):
        fetch_pdf(_pdf_url(arxiv_server, "1506.90001"), dest, settings)
    assert list(dest.parent.iterdir()) == []


def test_connection_reset_mid_body_leaves_no_file(settings: Settings, arxiv_server: FaultyArxiv):
    import requests

    arxiv_server.inject(Fault("pdf", "reset"))
    dest = cache_path(settings.cache_dir, "1506.90001", 1)
    with pytest.raises(requests.RequestException):
        fetch_pdf(_pdf_url(arxiv_server, "1506.90001"), dest, settings)
    assert list(dest.parent.iterdir()) == []


def test_size_limit(settings: Settings, arxiv_server: FaultyArxiv, monkeypatch):
    monkeypatch.setenv("FLOPWATCH_MAX_PDF_MB", "0.01")
    small = Settings.from_env()
    dest = cache_path(small.cache_dir, "1506.90001", 1)
    with pytest.raises(BadPdfError, match="larger than"):
        fetch_pdf(_pdf_url(arxiv_server, "1506.90001"), dest, small)
    assert not dest.exists()
