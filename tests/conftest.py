"""Shared fixtures: a local arXiv-compatible server, an isolated environment, Prefect."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from flopwatch.demo.local_arxiv import Entry
from flopwatch.demo.sample import sample_entries
from tests.faulty_arxiv import FaultyArxiv

os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
# Prefect binds its console log handler to sys.stderr when it first sets up logging. Doing
# that now, under pytest's session-wide capture, keeps the handler off the short-lived
# streams of capsys (which are closed after their test and would make logging fail).
import prefect.logging.configuration

prefect.logging.configuration.setup_logging()
SHARED = Path(__file__).resolve().parents[1].parent / "shared"


@pytest.fixture(scope="session")
def sample() -> list[Entry]:
    """The project's own synthetic papers (8 in the default categories, 1 outside)."""
    return sample_entries()


@pytest.fixture
def arxiv_server(sample: list[Entry]) -> Iterator[FaultyArxiv]:
    with FaultyArxiv([replace(e) for e in sample]) as server:
        yield server


@pytest.fixture
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, arxiv_server: FaultyArxiv) -> Path:
    """FLOPWATCH_* pointing at a fresh warehouse, cache and the local server; no waiting."""
    monkeypatch.setenv("FLOPWATCH_DB", str(tmp_path / "wh.duckdb"))
    monkeypatch.setenv("FLOPWATCH_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("FLOPWATCH_ARXIV_API_URL", arxiv_server.api_url)
    monkeypatch.setenv("FLOPWATCH_ARXIV_DELAY", "0")
    monkeypatch.setenv("FLOPWATCH_HTTP_BACKOFF", "0.01")
    monkeypatch.setenv("FLOPWATCH_HTTP_TIMEOUT", "5")
    monkeypatch.setenv("FLOPWATCH_PAGE_SIZE", "2")
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.fixture(scope="session")
def prefect_harness() -> Iterator[None]:
    """One temporary Prefect server for every flow test of the session."""
    import logging

    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=60):
        yield
        # The harness logs its shutdown to a console stream pytest has closed by then.
        logging.raiseExceptions = False


@pytest.fixture
def shared_dir() -> Path:
    if not (SHARED / "corpus" / "pdf").is_dir():
        pytest.skip(f"shared corpus not found at {SHARED}")
    return SHARED
