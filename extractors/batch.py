"""Extraction of many PDFs on every core: worker processes forked from this one (which has
built the rules pipeline, so a worker starts warm), results in input order.

Fresh workers are started after every `papers_per_worker` papers per worker, so that a
worker's memory stays that of a short run however many papers there are: PyMuPDF leaks
the text of every block `extractBLOCKS` returns, about 11 KB a page (pymupdf/PyMuPDF#5067,
in 1.26.7 to 1.28.2; fixed in 2.0, which this project does not take: it pulls onnxruntime).
"""

from __future__ import annotations

import gc
import multiprocessing
import os
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

from flopwatch.extractors.nlp import pipeline
from flopwatch.extractors.paper import extract_pdf

PAPERS_PER_WORKER = 100
_FORK = multiprocessing.get_context("fork")


def extract_many(paths: Sequence[Path], workers: int | None = None,
                 papers_per_worker: int = PAPERS_PER_WORKER,
                 work: Callable[[Path], Any] = extract_pdf) -> Iterator[Any]:
    """`work(path)` for each path (the per-paper record), in the order of `paths`, on
    `workers` processes (default: one per core); a single paper is read in this process."""
    workers = workers or os.cpu_count() or 1
    if len(paths) <= 1:
        yield from map(work, paths)
        return
    pipeline()
    # One pool per batch of papers; the next batch's pool forks fresh workers (milliseconds
    # each, as they start with what this process has loaded).
    batch = workers * papers_per_worker
    for start in range(0, len(paths), batch):
        with ProcessPoolExecutor(max_workers=workers, mp_context=_FORK) as pool:
            # While the workers fork (at the first submit), this process's objects are out
            # of the collector's reach: a worker's collections would otherwise write to each
            # of them and copy the memory pages the fork shares (the gc.freeze advice).
            gc.freeze()
            try:
                results = pool.map(work, paths[start:start + batch], chunksize=1)
            finally:
                gc.unfreeze()
            yield from results
