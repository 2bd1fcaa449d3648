"""Extraction of many PDFs (real records: tests/test_extract_cli.py): input order kept, and
workers replaced, so that a worker's memory stays bounded."""

from __future__ import annotations

import os
from pathlib import Path

from flopwatch.extractors.batch import extract_many


def _reader(path: Path) -> tuple[str, int]:
    return path.name, os.getpid()


def test_workers_are_replaced_and_order_kept(tmp_path: Path) -> None:
    paths = [tmp_path / f"{i}.pdf" for i in range(7)]
    got = list(extract_many(paths, workers=2, papers_per_worker=2, work=_reader))
    assert [name for name, _ in got] == [p.name for p in paths]
    pids = [pid for _, pid in got]
    assert os.getpid() not in pids                   # nothing read in this process
    # batches of 4 papers: the first batch's workers never read the second batch
    assert not set(pids[:4]) & set(pids[4:])
    assert len(set(pids)) >= 2

