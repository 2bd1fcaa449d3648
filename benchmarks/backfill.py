"""Backfill speed with 1 and 2 parse workers: a local process pool and a Dask LocalCluster.

Serves a folder of PDFs (default ../shared/corpus/pdf) from the local arXiv-compatible
server, --per-day papers a day, and backfills them in chunks into a fresh warehouse per run,
without the 3 s request spacing (the server is local). Everything but the parse workers
is the same in each run: the same flow, listing, downloads and single writer. Prints wall
time, papers/s and the speed-up of 2 workers over 1. No pass/fail: figures only.

    python benchmarks/backfill.py [PDF_DIR] [--per-day 8] [--chunk-days 3] [--copies 1]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from flopwatch.demo.local_arxiv import Entry, LocalArxiv  # noqa: E402

FIRST_DAY = datetime(2020, 1, 1, 12, tzinfo=UTC)


def entries(paths: list[Path], copies: int, per_day: int) -> list[Entry]:
    out = []
    for i, path in enumerate(paths * copies):
        day = FIRST_DAY + timedelta(days=i // per_day, minutes=i % per_day)
        out.append(Entry(f"2001.{10000 + i}", 1, path.stem, ["A. Author"], "", ["cs.LG"],
                         day, day, pdf=path.read_bytes()))
    return out


def run(label: str, first: str, last: str, chunk_days: int, **workers: object) -> float:
    from flopwatch.flows.backfill import run_backfill

    with tempfile.TemporaryDirectory() as tmp:
        os.environ["FLOPWATCH_DB"] = f"{tmp}/w.duckdb"
        os.environ["FLOPWATCH_CACHE_DIR"] = f"{tmp}/cache"
        start = time.perf_counter()
        result = run_backfill(first, last, chunk_days=chunk_days, categories=["cs.LG"],
                              **workers)
        seconds = time.perf_counter() - start
    c = result["counts"]
    print(f"{label:34} {result['chunks']:4d} chunks {c['new']:5d} papers "
          f"{c['failed']:3d} failed {seconds:8.2f} s {c['new'] / seconds:7.2f} papers/s",
          flush=True)
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", nargs="?", default=str(ROOT.parent / "shared/corpus/pdf"))
    parser.add_argument("--per-day", type=int, default=8)
    parser.add_argument("--chunk-days", type=int, default=3)
    parser.add_argument("--copies", type=int, default=1, help="serve the set this many times")
    args = parser.parse_args()
    paths = sorted(Path(args.folder).glob("*.pdf"))
    if not paths:
        sys.exit(f"no PDFs in {args.folder}")
    papers = entries(paths, args.copies, args.per_day)
    first = f"{FIRST_DAY:%Y-%m-%d}"
    last = f"{papers[-1].published:%Y-%m-%d}"
    os.environ.update(FLOPWATCH_ARXIV_DELAY="0", PREFECT_SERVER_ANALYTICS_ENABLED="false",
                      PREFECT_LOGGING_LEVEL="WARNING")
    print(f"{len(papers)} papers from {args.folder}, {args.per_day} a day, "
          f"chunks of {args.chunk_days} days, {os.cpu_count()} cores")
    from distributed import LocalCluster
    from prefect import flow

    with LocalArxiv(papers) as server:
        os.environ["FLOPWATCH_ARXIV_API_URL"] = server.api_url

        @flow
        def warm_up() -> None:
            """Start Prefect's temporary server before any timing."""

        warm_up()
        times = {}
        for n in (1, 2):
            times[f"pool{n}"] = run(f"local process pool, {n} worker(s)", first, last,
                                    args.chunk_days, workers=n)
        for n in (1, 2):
            with LocalCluster(n_workers=n, threads_per_worker=1, dashboard_address=":0",
                              processes=True) as cluster:
                times[f"dask{n}"] = run(f"Dask LocalCluster, {n} worker(s)", first, last,
                                        args.chunk_days, dask_address=cluster.scheduler_address)
    print(f"speed-up 2 vs 1 workers: process pool {times['pool1'] / times['pool2']:.2f}x, "
          f"Dask {times['dask1'] / times['dask2']:.2f}x")


if __name__ == "__main__":
    main()
