"""Extraction speed and memory on a folder of PDFs (default ../shared/corpus/pdf).

Prints, in one run: (1) raw PyMuPDF text extraction of every page, papers/s, the floor;
(2) flopwatch's full extraction on one core, papers/s, and its ratio to (1); (3) the same
on every core (a process pool) and the speed-up; (4) peak resident memory of one
extracting process and of the pool's workers; (5) time for 1x, 2x and 4x the set.
No pass/fail: figures only. Steps 1-3 report the best of --repeat runs; steps 1 and 2
take turns, each run in a fresh single process.

    python benchmarks/extraction.py [PDF_DIR] [--workers N] [--scales 1,2,4] [--repeat 5]
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from extractors.batch import extract_many  # noqa: E402
from extractors.nlp import pipeline  # noqa: E402
from extractors.paper import extract_pdf  # noqa: E402


def raw_text(path: Path) -> int:
    import pymupdf

    with pymupdf.open(path) as doc:
        return sum(len(page.get_text()) for page in doc)


def timed(label: str, fn, n: int, repeat: int) -> float:
    """The best of `repeat` runs: the machine's other load only ever adds time."""
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    print(f"{label:44} {n:5d} papers {best:8.2f} s {n / best:8.2f} papers/s")
    return best


def _one_core_run(step: str, paths: list[Path]) -> float:
    """Seconds for one step over every paper, timed inside a fresh process, so that no
    step inherits the other's caches, heap or allocator state."""
    if step == "full":
        pipeline()
        extract_pdf(paths[0])       # what a long-running worker has loaded already
        work = extract_pdf
    else:
        raw_text(paths[0])
        work = raw_text
    start = time.perf_counter()
    for path in paths:
        work(path)
    return time.perf_counter() - start


def one_core(paths: list[Path], repeat: int) -> tuple[float, float]:
    """Best of `repeat` rounds; in each round raw and full run in turn, each in a new process."""
    best = {"raw": float("inf"), "full": float("inf")}
    for _ in range(repeat):
        for step in best:
            with ProcessPoolExecutor(max_workers=1) as pool:
                best[step] = min(best[step], pool.submit(_one_core_run, step, paths).result())
    return best["raw"], best["full"]


def peak_mb(who: int) -> float:
    return resource.getrusage(who).ru_maxrss / 1024  # Linux reports KiB


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", nargs="?", default=str(ROOT.parent / "shared/corpus/pdf"))
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--scales", default="1,2,4")
    parser.add_argument("--repeat", type=int, default=5, help="runs per step; the best counts")
    args = parser.parse_args()
    paths = sorted(Path(args.folder).glob("*.pdf"))
    if not paths:
        sys.exit(f"no PDFs in {args.folder}")
    n = len(paths)
    print(f"{n} PDFs from {args.folder}; {os.cpu_count()} cores; workers {args.workers}")
    pipeline()   # build the spaCy pipeline once, outside the timings

    r = args.repeat
    raw, full = one_core(paths, r)
    for label, seconds in (("1. raw PyMuPDF text, 1 core", raw),
                           ("2. full extraction, 1 core", full)):
        print(f"{label:44} {n:5d} papers {seconds:8.2f} s {n / seconds:8.2f} papers/s")
    [extract_pdf(p) for p in paths]     # for the peak memory of one extracting process
    print(f"   full / raw speed: {raw / full:.2f}x of the floor")
    print(f"4. peak resident memory, one process: {peak_mb(resource.RUSAGE_SELF):.0f} MB")
    # Warm the pool first: its start-up is paid once per backfill, not per paper.
    with ProcessPoolExecutor(max_workers=args.workers, initializer=pipeline) as pool:
        list(pool.map(raw_text, paths[: args.workers]))
        pooled = timed(f"3. full extraction, {args.workers} processes",
                       lambda: list(pool.map(extract_pdf, paths, chunksize=1)), n, r)
    print(f"   speed-up over 1 core: {full / pooled:.2f}x")
    print(f"4. peak resident memory, largest worker: {peak_mb(resource.RUSAGE_CHILDREN):.0f} MB")
    print("5. growth with the number of papers (all cores):")
    for scale in (int(s) for s in args.scales.split(",")):
        batch = paths * scale
        start = time.perf_counter()
        for _ in extract_many(batch, args.workers):
            pass
        seconds = time.perf_counter() - start
        print(f"   {scale}x: {len(batch):5d} papers {seconds:8.2f} s "
              f"{seconds / len(batch) * 1000:7.1f} ms/paper")


if __name__ == "__main__":
    main()
