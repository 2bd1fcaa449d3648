"""Extraction of many PDFs on every core: one process per core, each with its own spaCy
pipeline, results in input order."""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

from extractors.nlp import pipeline
from extractors.paper import extract_pdf


def _warm() -> None:
    pipeline()


def extract_many(paths: Sequence[Path], workers: int | None = None) -> Iterator[dict[str, Any]]:
    """Per-paper records in the order of `paths`; `workers` 1 runs in this process."""
    workers = workers or os.cpu_count() or 1
    if workers <= 1 or len(paths) <= 1:
        for path in paths:
            yield extract_pdf(path)
        return
    with ProcessPoolExecutor(max_workers=workers, initializer=_warm) as pool:
        yield from pool.map(extract_pdf, paths, chunksize=1)
