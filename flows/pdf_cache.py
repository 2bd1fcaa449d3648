"""The PDF cache: one file per arXiv id and version, written whole or not at all."""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import tempfile
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import requests

from flopwatch.extractors.pdf_text import file_kind
from flopwatch.flows.polite import PDF_REQUESTS
from flopwatch.flows.settings import Settings

_NEW_ID = re.compile(r"^(\d{4})\.(\d{4,5})$")
_OLD_ID = re.compile(r"^([a-z][a-z\-]*(?:\.[A-Z]{2})?)/(\d{7})$", re.I)
_HEAD_BYTES = 1024
_TAIL_BYTES = 4096


class BadPdfError(Exception):
    """The server answered, but not with a whole PDF: retrying the same URL will not help."""


@dataclass(frozen=True)
class CachedPdf:
    path: Path
    sha256: str
    size: int
    downloaded: bool   # False when an intact cached copy was reused


def cache_path(cache_dir: Path, arxiv_id: str, version: int) -> Path:
    """Where a paper's PDF lives; ids that are not arXiv ids are refused, never escaped."""
    if not isinstance(version, int) or version < 1:
        raise ValueError(f"bad version {version!r} for {arxiv_id!r}")
    if m := _NEW_ID.match(arxiv_id):
        shard, name = m.group(1), arxiv_id
    elif m := _OLD_ID.match(arxiv_id):
        shard, name = f"{m.group(1)}_{m.group(2)[:4]}", f"{m.group(1)}_{m.group(2)}"
    else:
        raise ValueError(f"not an arXiv id: {arxiv_id!r}")
    root = cache_dir.resolve()
    path = (root / shard / f"{name}v{version}.pdf").resolve()
    if root not in path.parents:
        raise ValueError(f"id {arxiv_id!r} would leave the cache")
    return path


def check_pdf_bytes(head: bytes, tail: bytes, size: int, max_bytes: int) -> None:
    if size == 0:
        raise BadPdfError("empty response instead of a PDF")
    if size > max_bytes:
        raise BadPdfError(f"PDF larger than the {max_bytes / 1048576:g} MB limit")
    if (kind := file_kind(head)) is not None:
        snippet = head[:60].decode("latin-1", "replace").split("\n")[0].strip()
        raise BadPdfError(f"not a PDF but {kind} (starts with {snippet!r})")
    if b"%%EOF" not in tail:
        raise BadPdfError(f"truncated PDF: no %%EOF marker at the end ({size} bytes)")


def _verify_file(path: Path, max_bytes: int) -> str:
    """sha256 of an intact cached PDF; raises BadPdfError if it is not whole."""
    size = path.stat().st_size
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        head = fh.read(_HEAD_BYTES)
        fh.seek(max(0, size - _TAIL_BYTES))
        tail = fh.read()
        fh.seek(0)
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    check_pdf_bytes(head, tail, size, max_bytes)
    return digest.hexdigest()


def remove_partial_downloads(cache_dir: Path) -> int:
    """Temporary files a killed run left behind; call only while holding the ingest lock."""
    removed = 0
    if cache_dir.is_dir():
        for part in cache_dir.glob("*/.part-*"):
            part.unlink(missing_ok=True)
            removed += 1
    return removed


def copy_from_mirror(mirror: Path, arxiv_id: str, version: int, dest: Path,
                     max_bytes: int) -> CachedPdf | None:
    """The paper from a local mirror of arXiv's PDFs (same layout as the cache), linked or
    copied into the cache; None when the mirror does not have it."""
    source = cache_path(mirror, arxiv_id, version)
    if not source.is_file():
        return None
    try:
        sha = _verify_file(source, max_bytes)
    except BadPdfError as err:
        raise BadPdfError(f"mirror copy {source}: {err}") from None
    dest.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=".part-", suffix=".pdf", dir=dest.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        tmp.unlink()
        try:
            os.link(source, tmp)
        except OSError:   # another disk, or links not allowed: copy
            shutil.copyfile(source, tmp)
        os.replace(tmp, dest)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return CachedPdf(dest, sha, dest.stat().st_size, downloaded=False)


@cache
def _session() -> requests.Session:
    """One HTTP session per process: downloads reuse its connections (and TLS handshakes)."""
    return requests.Session()


def fetch_pdf(url: str, dest: Path, settings: Settings,
              session: requests.Session | None = None) -> CachedPdf:
    """Download `url` to `dest` through a temporary file, unless an intact copy is there."""
    if dest.exists():
        try:
            sha = _verify_file(dest, settings.max_pdf_bytes)
            return CachedPdf(dest, sha, dest.stat().st_size, downloaded=False)
        except BadPdfError:
            dest.unlink(missing_ok=True)
    dest.parent.mkdir(parents=True, exist_ok=True)
    PDF_REQUESTS.wait(settings.delay_seconds)
    http = session or _session()
    digest = hashlib.sha256()
    size = 0
    head = b""
    tail = b""
    fd, tmp_name = tempfile.mkstemp(prefix=".part-", suffix=".pdf", dir=dest.parent)
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as out, http.get(
            url, stream=True, timeout=settings.timeout_seconds,
            headers={"user-agent": "flopwatch (arXiv literature mining)"},
        ) as resp:
            if resp.status_code != 200:
                err = requests.HTTPError(f"HTTP {resp.status_code} for {url}", response=resp)
                raise err
            for chunk in resp.iter_content(chunk_size=1 << 16):
                size += len(chunk)
                if size > settings.max_pdf_bytes:
                    check_pdf_bytes(head, tail, size, settings.max_pdf_bytes)
                if len(head) < _HEAD_BYTES:
                    head += chunk[: _HEAD_BYTES - len(head)]
                tail = (tail + chunk)[-_TAIL_BYTES:]
                digest.update(chunk)
                out.write(chunk)
            out.flush()
            os.fsync(out.fileno())
        check_pdf_bytes(head, tail, size, settings.max_pdf_bytes)
        os.replace(tmp, dest)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return CachedPdf(dest, digest.hexdigest(), size, downloaded=True)
