"""What PyMuPDF's own table and drawing APIs would add to the table reader, measured.

    python benchmarks/tables/library_tables.py --pdf ../shared/corpus/pdf \
        --gold ../shared/corpus/gold.jsonl
    python benchmarks/tables/library_tables.py --set main|heldout|fresh --papers 60 --seed 7

For every score the gold places in a table, on its page: whether the reader's grid holds it
as a value cell, and whether a table that `page.find_tables()` finds holds it in a cell
(and under a named column). For every table the reader finds: whether a horizontal rule
from `page.get_drawings()` runs between its header and its first row (booktabs draws one
there). And what each costs a page. Figures only: no pass or fail.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pymupdf

from flopwatch.extractors.paper import model_names, paper_benchmarks
from flopwatch.extractors.pdf_text import read_pdf
from flopwatch.extractors.tables.grid import Table, tables

HERE = Path(__file__).resolve().parent
GENERATORS = {"main": "generate.py", "heldout": "heldout.py", "fresh": "fresh.py"}
_NUMBER = re.compile(r"\d+(?:\.\d+)?")


def _holds(text: str | None, value: float) -> bool:
    """A number in the text equal to the value ("76.3" in "76.3 ± 0.2")."""
    return text is not None and any(abs(float(m) - value) < 1e-9
                                    for m in _NUMBER.findall(text.replace(",", "")))


@dataclass
class Tally:
    scores: int = 0                 # gold scores set in tables
    in_grid: int = 0                # ... that the reader's grid holds as a value cell
    in_found: int = 0               # ... that a find_tables() table holds in a cell
    under_named: int = 0            # ... in a column whose header find_tables names
    in_text: int = 0                # ... that find_tables(strategy="text") holds in a cell
    text_named: int = 0             # ... in a column whose header it names
    tables: int = 0                 # tables the reader finds on those pages
    ruled: int = 0                  # ... with a drawn rule between header and first row
    seconds: dict[str, float] = field(default_factory=lambda: dict.fromkeys(
        ("reader", "find_tables", "find_tables_text", "get_drawings"), 0.0))
    pages: int = 0


def _rules(page: pymupdf.Page) -> list[tuple[float, float, float]]:
    """Horizontal rules drawn on the page: (y, x0, x1) of lines and of rectangles under a
    point high (how pdflatex draws booktabs rules)."""
    out = []
    for d in page.get_drawings():
        for item in d["items"]:
            if item[0] == "l" and abs(item[1].y - item[2].y) < 0.5:
                out.append((item[1].y, min(item[1].x, item[2].x), max(item[1].x, item[2].x)))
            elif item[0] == "re" and item[1].height < 1.0 and item[1].width > 20:
                out.append(((item[1].y0 + item[1].y1) / 2, item[1].x0, item[1].x1))
    return out


def _ruled(table: Table, rules: list[tuple[float, float, float]]) -> bool:
    if not table.body:
        return False
    top, bottom = table.header.row.y, table.body[0].y
    x0 = min(c.x0 for c in table.header.row.cells)
    x1 = max(c.x1 for c in table.header.row.cells)
    return any(top < y < bottom + 2 and min(x1, r1) - max(x0, r0) > 0 for y, r0, r1 in rules)


def measure(pdfs: Path, gold: Path) -> Tally:
    tally = Tally()
    for line in gold.read_text().splitlines():
        paper = json.loads(line)
        wanted = [r for r in paper.get("results") or [] if r.get("in_table")]
        path = pdfs / f"{paper['paper']}.pdf"
        if wanted and path.exists():
            _measure_paper(path, wanted, tally)
    return tally


def _measure_paper(path: Path, wanted: list[dict[str, Any]], tally: Tally) -> None:
    """The paper's pages that hold its table scores (all pages, where the gold names none)."""
    text = read_pdf(path)
    benches, own = paper_benchmarks(text), model_names(text)
    numbers = {r["page"] for r in wanted if r.get("page")} or set(range(1, text.page_count + 1))
    grid: dict[int, list[str]] = {}
    found: dict[int, list[tuple[str | None, bool]]] = {}
    by_text: dict[int, list[tuple[str | None, bool]]] = {}
    with pymupdf.open(path) as doc:
        for number in sorted(numbers):
            tally.pages += 1
            t = time.perf_counter()
            read = list(tables(text.pages[number - 1], benches, own))
            tally.seconds["reader"] += time.perf_counter() - t
            page = doc[number - 1]
            t = time.perf_counter()
            found[number] = list(_found_cells(page.find_tables().tables))
            tally.seconds["find_tables"] += time.perf_counter() - t
            t = time.perf_counter()
            by_text[number] = list(_found_cells(page.find_tables(strategy="text").tables))
            tally.seconds["find_tables_text"] += time.perf_counter() - t
            t = time.perf_counter()
            rules = _rules(page)
            tally.seconds["get_drawings"] += time.perf_counter() - t
            tally.tables += len(read)
            tally.ruled += sum(_ruled(tb, rules) for tb in read)
            grid[number] = [c.text for tb in read for row in tb.body for c in row.cells[1:]]
    for r in wanted:
        pages = [r["page"]] if r.get("page") else sorted(numbers)
        tally.scores += 1
        tally.in_grid += any(_holds(c, r["value"]) for n in pages for c in grid[n])
        tally.in_found += any(_holds(c, r["value"]) for n in pages for c, _ in found[n])
        tally.under_named += any(_holds(c, r["value"]) and named
                                 for n in pages for c, named in found[n])
        tally.in_text += any(_holds(c, r["value"]) for n in pages for c, _ in by_text[n])
        tally.text_named += any(_holds(c, r["value"]) and named
                                for n in pages for c, named in by_text[n])


def _found_cells(found: list[Any]) -> Iterator[tuple[str | None, bool]]:
    """Each cell of find_tables' tables, and whether its column's header is named."""
    for tab in found:
        names = tab.header.names
        for row in tab.extract()[1:]:
            for k, cell in enumerate(row):
                yield cell, k < len(names) and bool(names[k] and str(names[k]).strip()
                                                    and not str(names[k]).startswith("Col"))


def report(tally: Tally, what: str) -> str:
    def share(a: int, b: int) -> str:
        return f"{a}/{b} ({a / b:.2f})" if b else "0/0"
    per_page = {k: 1000 * v / max(tally.pages, 1) for k, v in tally.seconds.items()}
    return "\n".join([
        f"{what}: {tally.scores} scores set in tables, on {tally.pages} pages",
        f"  in the reader's grid as a value cell      {share(tally.in_grid, tally.scores)}",
        f"  in a cell of a find_tables() table         {share(tally.in_found, tally.scores)}",
        f"    ... under a column it names              {share(tally.under_named, tally.scores)}",
        f"  in a cell of a find_tables(strategy=\"text\") table  "
        f"{share(tally.in_text, tally.scores)}",
        f"    ... under a column it names              {share(tally.text_named, tally.scores)}",
        f"  reader's tables with a drawn rule under the header  "
        f"{share(tally.ruled, tally.tables)}",
        "  ms a page: " + ", ".join(f"{k} {v:.1f}" for k, v in per_page.items())])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pdf", type=Path, help="a folder of PDFs named by paper id")
    parser.add_argument("--gold", type=Path, help="their gold (GOLD.md's format)")
    parser.add_argument("--set", choices=GENERATORS, default="main", dest="which")
    parser.add_argument("--papers", type=int, default=60)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    if args.pdf and args.gold:
        print(report(measure(args.pdf, args.gold), str(args.pdf)))
        return 0
    script = HERE / GENERATORS[args.which]
    with tempfile.TemporaryDirectory() as folder:
        subprocess.run([sys.executable, str(script), folder, "--papers", str(args.papers),
                        "--seed", str(args.seed)], check=True, stdout=subprocess.DEVNULL)
        print(report(measure(Path(folder) / "pdf", Path(folder) / "gold.jsonl"),
                     f"{args.papers} synthetic papers ({args.which} set, seed {args.seed})"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
