"""Warehouse speed on a synthetic warehouse: 200,000 papers and 2,000,000 mentions by
default, with facts drawn from realistic distributions (more papers each year, device
counts in powers of two, log-normal hours and FLOPs, errors falling as a small power of
compute). Prints the time to load it, to compute trend_fits, frontier and compute_growth,
and to export it; then trend_fits at a quarter, half and all of the papers to show how
the time grows. No pass/fail: figures only.

    python benchmarks/warehouse.py [--papers N] [--mentions-per-paper K] [--keep DIR]
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from flopwatch.warehouse.db import writer  # noqa: E402
from flopwatch.warehouse.export import export  # noqa: E402

ACCELERATORS = ["NVIDIA K80", "NVIDIA P100", "NVIDIA V100", "NVIDIA A100", "NVIDIA H100",
                "NVIDIA Titan X", "NVIDIA GTX 1080 Ti", "Google TPU v3", "Google TPU v4"]
BENCHMARKS = [("ImageNet", "top-1 accuracy"), ("COCO", "AP"), ("SQuAD 1.1", "EM"),
              ("CoNLL-2003", "F1"), ("WMT2014 En-De", "BLEU"), ("WMT2014 En-Fr", "BLEU")]


def generate(con, papers: int, mentions_per_paper: int) -> None:
    """Fill the warehouse with `papers` synthetic papers, in set-based SQL."""
    con.execute("select setseed(0.42)")
    accs = "[" + ", ".join(f"'{a}'" for a in ACCELERATORS) + "]"
    benches = "[" + ", ".join(f"'{b}'" for b, _ in BENCHMARKS) + "]"
    metrics = "[" + ", ".join(f"'{m}'" for _, m in BENCHMARKS) + "]"
    con.execute(f"""
        create temp table synth as
        select i,
               printf('%02d%02d.%05d', 12 + (i % 13), 1 + (i % 12), i) as arxiv_id,
               -- more papers in later years: year = 2012 + 12 * sqrt(u)
               make_timestamptz(2012 + floor(12 * sqrt(random()))::int, 1 + (i % 12),
                                1 + (i % 28), 12, 0, 0) as published,
               {accs}[1 + floor(random() * {len(ACCELERATORS)})::int] as accelerator,
               power(2, floor(random() * 9))::int as devices,
               exp(ln(24) + 1.2 * (random() + random() + random() - 1.5)) as hours,
               exp(ln(4e9) + 2.0 * (random() + random() + random() - 1.5)) as flops,
               1 + floor(random() * {len(BENCHMARKS)})::int as bench
        from range({papers}) t(i)
    """)
    con.execute("begin")
    con.execute("""
        insert into papers (arxiv_id, version, title, authors, categories, primary_category,
                            published, updated, status, loaded_at)
        select arxiv_id, 1, 'Synthetic paper ' || i, ['A. Author'], ['cs.LG'], 'cs.LG',
               published, published, 'ok', now() from synth
    """)
    con.execute("""
        insert into extractions select arxiv_id, 1, 'synthetic', now(), ?, null from synth
    """, [mentions_per_paper])
    con.execute("""
        insert into paper_hardware select arxiv_id, 'synthetic', accelerator, devices,
               'devices', 'training', 'We train on ' || devices || ' GPUs.', 3, [] from synth
    """)
    con.execute("""
        insert into paper_training_time select arxiv_id, 'synthetic', hours, null, null,
               'Training takes ' || round(hours) || ' hours.', 4, [] from synth
    """)
    con.execute("""
        insert into paper_compute select arxiv_id, 'synthetic', 'per_forward', flops, 'FLOPs',
               null, 'It needs ' || flops || ' FLOPs.', 3, [] from synth
    """)
    con.execute("""
        insert into paper_parameters select arxiv_id, 'synthetic', null, flops / 150,
               'It has ' || round(flops / 150) || ' parameters.', 3, [] from synth
    """)
    # Error falls as a small power of compute (slope -0.08 per decade), with noise.
    con.execute(f"""
        insert into paper_results
        select arxiv_id, 'synthetic', {benches}[bench], {metrics}[bench], null,
               100 * (1 - least(0.95, power(10, 0.1 - 0.08 * log10(devices * hours * 3.6e15
                                                              * 15) / 2
                                           + 0.05 * (random() - 0.5)))),
               null, true, 'row', 6, []
        from synth
    """)
    # One model per paper (the trends read models): its FLOPs, parameters and the score.
    con.execute("""
        insert into paper_models
        select r.arxiv_id, 'synthetic', 'Model-' || s.i, 1, true, s.flops / 150,
               'Model ' || s.i || ' row', 6, 'table_parameters_column', [], s.flops, 'FLOPs',
               'Model ' || s.i || ' row', 6, 'table_compute_column', [],
               [{'benchmark': r.benchmark, 'metric': r.metric, 'split': null,
                 'value': r.value, 'quote': 'Model ' || s.i || ' row', 'page': 6,
                 'rule': 'table_result_column', 'checks': []::varchar[]}]
        from synth s join paper_results r on r.arxiv_id = s.arxiv_id
    """)
    con.execute("""
        insert into paper_training_schedule
        select arxiv_id, 'synthetic', 'epochs', 90 + 10 * (i % 30), 'We train for ' ||
               (90 + 10 * (i % 30)) || ' epochs.', 4, 'schedule_epochs' from synth
    """)
    con.execute(f"""
        insert into mentions
        select s.arxiv_id, 'synthetic',
               ['hardware', 'training_time', 'compute', 'parameters', 'results'][1 + (k % 5)],
               1 + (k % 12), 100 * k, 100 * k + 20, 'a quote of a sentence', 'synthetic_rule',
               k % 3 = 0, '{{"value": 1}}'
        from synth s, range({mentions_per_paper}) r(k)
    """)
    con.execute("commit")


def timed(label: str, fn) -> float:
    start = time.perf_counter()
    fn()
    seconds = time.perf_counter() - start
    print(f"{label:48} {seconds:8.2f} s")
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--papers", type=int, default=200_000)
    parser.add_argument("--mentions-per-paper", type=int, default=10)
    parser.add_argument("--keep", metavar="DIR", help="keep the warehouse and export here")
    args = parser.parse_args()
    folder = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="flopwatch-bench-"))
    n, k = args.papers, args.mentions_per_paper
    print(f"synthetic warehouse: {n} papers, {n * k} mentions, in {folder}")
    print("trend_fits as the warehouse grows (a fresh warehouse at each size):")
    for size in (n // 4, n // 2):
        db = folder / f"bench-{size}.duckdb"
        db.unlink(missing_ok=True)
        with writer(db) as con:
            generate(con, size, k)
            start = time.perf_counter()
            con.execute("select * from trend_fits").fetchall()
            print(f"   {size:7d} papers {time.perf_counter() - start:8.3f} s")
        db.unlink()
    db = folder / "bench.duckdb"
    db.unlink(missing_ok=True)
    with writer(db) as con:
        load = timed_quiet(lambda: generate(con, n, k))
        fits = timed_quiet(lambda: con.execute("select * from trend_fits").fetchall())
        print(f"   {n:7d} papers {fits:8.3f} s")
        print(f"{'load (generate and insert)':48} {load:8.2f} s")
        print(f"{'trend_fits':48} {fits:8.2f} s")
        timed("frontier", lambda: con.execute("select * from frontier").fetchall())
        timed("compute_growth", lambda: con.execute("select * from compute_growth").fetchall())
        timed("export (parquet, every table and view)", lambda: export(con, folder / "export"))
    if not args.keep:
        shutil.rmtree(folder)


def timed_quiet(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start

if __name__ == "__main__":
    main()
