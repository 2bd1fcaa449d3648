"""Extraction speed and memory on a folder of PDFs (default ../shared/corpus/pdf).

Prints, in one run: (1) raw PyMuPDF text extraction of every page, papers/s, the floor;
(2) flopwatch's full extraction on one core, papers/s, and its ratio to (1); (3) the same
on a pool of processes (default: one per core) and the speed-up over (2); (4) peak
resident memory of one extracting process and of the pool's largest worker; (5) time and
the largest worker's memory for 1x, 2x and 4x the set through `extract_many`; (6) the
share of one core's time per stage (PDF text, spaCy, rules, tables, consolidation), from
cProfile. No pass/fail: figures only.

Steps 1-3 take turns, --repeat rounds, and each run happens in a process forked for it
alone from one that has built the rules pipeline and nothing more: no run inherits another's
caches (spaCy's vocabulary grows with every paper read), heap or allocator state. Runs of
2 and 3 first extract one paper, as a worker that has started would have; step 3's
workers are forked after that, by `extract_many`, inside the timing. The best run of each
step counts: the machine's other load only ever adds time.

    python benchmarks/extraction.py [PDF_DIR] [--workers N] [--scales 1,2,4] [--repeat 5]
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import resource
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from flopwatch.extractors.batch import PAPERS_PER_WORKER, extract_many  # noqa: E402
from flopwatch.extractors.nlp import pipeline  # noqa: E402
from flopwatch.extractors.paper import extract_pdf  # noqa: E402

_FORK = multiprocessing.get_context("fork")


def raw_text(path: Path) -> int:
    import pymupdf

    with pymupdf.open(path) as doc:
        return sum(len(page.get_text()) for page in doc)


def peak_mb(who: int) -> float:
    return resource.getrusage(who).ru_maxrss / 1024  # Linux reports KiB


def in_fresh_process(fn: Callable[..., Any], *args: Any) -> Any:
    """fn(*args) in a process forked for this call alone (not a daemon: it may fork a pool)."""
    receive, send = _FORK.Pipe(duplex=False)
    process = _FORK.Process(target=lambda: send.send(fn(*args)))
    process.start()
    result = receive.recv()
    process.join()
    return result


def _timed(work: Callable[[], object]) -> float:
    start = time.perf_counter()
    work()
    return time.perf_counter() - start


def raw_run(paths: list[Path]) -> float:
    raw_text(paths[0])
    return _timed(lambda: [raw_text(p) for p in paths])


def full_run(paths: list[Path]) -> tuple[float, float]:
    """Seconds for every paper, and this process's peak memory."""
    extract_pdf(paths[0])           # what a worker that has started has loaded already
    return _timed(lambda: [extract_pdf(p) for p in paths]), peak_mb(resource.RUSAGE_SELF)


def pooled_run(paths: list[Path], workers: int, scale: int = 1) -> tuple[float, float]:
    """Seconds for `scale` times the set through extract_many (what `flopwatch extract`
    runs: workers forked from this process, replaced every so many papers), and the
    largest worker's peak memory."""
    extract_pdf(paths[0])           # forked workers start as warm as full_run's process
    seconds = _timed(lambda: list(extract_many(paths * scale, workers)))
    return seconds, peak_mb(resource.RUSAGE_CHILDREN)


# Where extraction's time goes: each stage by the functions that are it (module path,
# function name), their cumulative time under cProfile. The stages do not nest.
STAGES = (
    ("PDF text and table lines (pdf_text.read_pdf)", (("pdf_text.py", "read_pdf"),)),
    ("spaCy: tokenizer", (("tokenizer.pyx", "__call__"),)),
    ("spaCy: sentences", (("sentencizer.pyx", "__call__"),)),
    ("spaCy: pattern matching (gated span ruler)", (("gated_ruler.py", "__call__"),
                                                    ("span_ruler.py", "__call__"))),
    ("rules on the matches (components)", (("components.py", "__call__"),)),
    ("tables: facts from the grid", (("facts.py", "facts"), ("facts.py", "transposed_facts"))),
    ("consolidation: checks, best values (paper.facts)", (("paper.py", "facts"),)),
)


def stage_shares(paths: list[Path]) -> tuple[float, list[tuple[str, float]]]:
    """Seconds for every paper under cProfile, and each stage's seconds in them."""
    import cProfile
    import pstats

    extract_pdf(paths[0])
    profile = cProfile.Profile()
    profile.enable()
    for p in paths:
        extract_pdf(p)
    profile.disable()
    stats = pstats.Stats(profile).stats  # type: ignore[attr-defined]
    total = max(ct for (_, _, _, ct, _) in stats.values())
    out = []
    for label, functions in STAGES:
        seconds = sum(ct for (file, _, name), (_, _, _, ct, _) in stats.items()
                      if any(file.endswith(f) and name == fn for f, fn in functions))
        out.append((label, seconds))
    return total, out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", nargs="?", default=str(ROOT.parent / "shared/corpus/pdf"))
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--scales", default="1,2,4")
    parser.add_argument("--repeat", type=int, default=5, help="rounds; the best run counts")
    args = parser.parse_args()
    paths = sorted(Path(args.folder).glob("*.pdf"))
    if not paths:
        sys.exit(f"no PDFs in {args.folder}")
    n, workers = len(paths), args.workers
    print(f"{n} PDFs from {args.folder}; {os.cpu_count()} cores; workers {workers}; "
          f"best of {args.repeat} rounds")
    pipeline()   # built once, before any fork: no timed run builds it

    raw = full = pooled = float("inf")
    full_peak = pool_peak = 0.0
    for _ in range(args.repeat):
        raw = min(raw, in_fresh_process(raw_run, paths))
        seconds, peak = in_fresh_process(full_run, paths)
        full, full_peak = min(full, seconds), max(full_peak, peak)
        seconds, peak = in_fresh_process(pooled_run, paths, workers)
        pooled, pool_peak = min(pooled, seconds), max(pool_peak, peak)

    def line(label: str, seconds: float) -> None:
        print(f"{label:44} {n:5d} papers {seconds:8.2f} s {n / seconds:8.2f} papers/s")

    line("1. raw PyMuPDF text, 1 core", raw)
    line("2. full extraction, 1 core", full)
    print(f"   full / raw speed: {raw / full:.2f}x of the floor")
    line(f"3. full extraction, {workers} processes", pooled)
    print(f"   speed-up over 1 core: {full / pooled:.2f}x")
    print(f"4. peak resident memory: {full_peak:.0f} MB one process, "
          f"{pool_peak:.0f} MB largest pool worker")
    print(f"5. growth with the number of papers ({workers} processes, workers replaced "
          f"every {workers * PAPERS_PER_WORKER} papers):")
    for scale in (int(s) for s in args.scales.split(",")):
        seconds, peak = in_fresh_process(pooled_run, paths, workers, scale)
        print(f"   {scale}x: {n * scale:5d} papers {seconds:8.2f} s "
              f"{seconds / (n * scale) * 1000:7.1f} ms/paper, largest worker {peak:.0f} MB")
    total, stages = in_fresh_process(stage_shares, paths)
    print(f"6. share of the time per stage, 1 core, under cProfile ({total:.2f} s; the "
          "profiler slows Python more than C, so the shares are approximate):")
    for label, seconds in stages:
        print(f"   {label:52} {seconds:6.2f} s {100 * seconds / total:5.1f}%")
    rest = total - sum(seconds for _, seconds in stages)
    print(f"   {'the rest (sentence choice, mentions, records)':52} {rest:6.2f} s "
          f"{100 * rest / total:5.1f}%")

if __name__ == "__main__":
    main()
