"""The synthetic table benchmark: generate the papers (generate.py), extract them with
`flopwatch extract`, and score them with the shared scorer (../shared/corpus/score.py), in
all and per layout feature.

    python benchmarks/tables/run.py [--papers 156] [--seed 7] [--keep DIR]

Prints results, parameters and compute F1 over all papers, then per layout. No pass/fail:
figures only (tests/test_synthetic_tables.py holds a fixed sample to floors).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
SCORER = ROOT.parent / "shared" / "corpus" / "score.py"
FIELDS = ("results", "parameters", "compute")


def score(gold_lines: list[str], pred: Path, scorer: Path = SCORER) -> dict[str, Any]:
    """score.py's JSON for the gold papers given, against the predictions."""
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False) as f:
        f.writelines(gold_lines)
    out = subprocess.run([sys.executable, str(scorer), f.name, str(pred), "--json"],
                         capture_output=True, text=True, check=True)
    Path(f.name).unlink()
    return json.loads(out.stdout)["fields"]  # type: ignore[no-any-return]


def by_layout(gold: Path) -> dict[str, list[str]]:
    groups: dict[str, list[str]] = {}
    for line in gold.read_text().splitlines(keepends=True):
        if line.strip():
            groups.setdefault(json.loads(line)["layout"], []).append(line)
    return groups


SETS = {"main": "generate.py", "heldout": "heldout.py", "fresh": "fresh.py"}


def run(folder: Path, papers: int, seed: int, which: str = "main") -> dict[str, dict[str, Any]]:
    """Generate, extract and score; {"all" or layout: score.py's fields}."""
    subprocess.run([sys.executable, str(HERE / SETS[which]), str(folder), "--papers",
                    str(papers), "--seed", str(seed)], check=True, stdout=subprocess.DEVNULL)
    pred = folder / "pred.jsonl"
    flopwatch = str(Path(sys.executable).with_name("flopwatch"))
    subprocess.run([flopwatch, "extract", str(folder / "pdf"), "-o", str(pred)], check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    gold = folder / "gold.jsonl"
    out = {"all": score(gold.read_text().splitlines(keepends=True), pred)}
    for layout, lines in sorted(by_layout(gold).items()):
        out[layout] = score(lines, pred)
    return out


def table(scores: dict[str, dict[str, Any]]) -> str:
    def cell(fields: dict[str, Any], name: str) -> str:
        f = fields[name]
        return "-" if not f["gold"] and not f["predicted"] else f"{f['f1']:.2f}"
    lines = [f"{'':30} " + " ".join(f"{f:>10}" for f in FIELDS)]
    for name, fields in scores.items():
        lines.append(f"{name:30} " + " ".join(f"{cell(fields, f):>10}" for f in FIELDS))
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--papers", type=int, default=156)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--set", choices=SETS, default="main", dest="which",
                        help="main: the layouts rules are written for; heldout: layouts "
                        "and wording written apart (heldout.py); fresh: layouts written "
                        "after extractor 0.32.0 (fresh.py)")
    parser.add_argument("--keep", type=Path, help="write the papers here, not to a temporary "
                        "folder")
    args = parser.parse_args()
    if args.keep:
        scores = run(args.keep, args.papers, args.seed, args.which)
    else:
        with tempfile.TemporaryDirectory() as folder:
            scores = run(Path(folder), args.papers, args.seed, args.which)
    print(f"{args.papers} synthetic papers ({args.which} set, seed {args.seed}), F1 by layout:")
    print(table(scores))
    return 0


if __name__ == "__main__":
    sys.exit(main())
