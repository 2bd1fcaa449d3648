"""The user's corrections file, checked against the cached PDFs and loaded into the
warehouse: by `flopwatch corrections apply`, and at the start of every ingest and
reextract so that the trends always read the current decisions."""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

import duckdb

from flopwatch.extractors.pdf_text import PdfReadError, read_pdf
from flopwatch.flows.pdf_cache import cache_path
from flopwatch.flows.settings import Settings
from flopwatch.warehouse.corrections import apply_corrections
from flopwatch.warehouse.queries import paper_versions


def page_reader(settings: Settings,
                con: duckdb.DuckDBPyConnection) -> Callable[[str, int], str | None]:
    """page_text(arxiv_id, page): a page's text from the paper's cached PDF, or None."""
    versions = paper_versions(con)

    @lru_cache(maxsize=8)
    def pages(arxiv_id: str) -> tuple[str, ...] | None:
        version = versions.get(arxiv_id)
        if version is None:
            return None
        try:
            path = cache_path(settings.cache_dir, arxiv_id, version)
        except ValueError:
            return None
        if not path.exists():
            return None
        try:
            return tuple(p.text for p in read_pdf(path).pages)
        except PdfReadError:
            return None

    def page_text(arxiv_id: str, page: int) -> str | None:
        texts = pages(arxiv_id)
        if texts is None or not 1 <= page <= len(texts):
            return None
        return texts[page - 1]

    return page_text


def apply_file(settings: Settings, con: duckdb.DuckDBPyConnection,
               path: Path | None = None) -> int | None:
    """Load the corrections file (default: the settings'); None when there is none."""
    path = path or settings.corrections
    if path is None or not path.exists():
        return None
    return apply_corrections(con, path, page_reader(settings, con))
