"""Knowledge lives once: the extractors' code names no benchmark or accelerator, and a
benchmark added to the registry's data is read in sentences and tables with no code
changed."""

from __future__ import annotations

import ast
import json
import re
import subprocess
import sys
from pathlib import Path

from flopwatch.extractors import registry

EXTRACTORS = Path(__file__).resolve().parent.parent / "extractors"


def _registry_names() -> set[str]:
    """Every name the registry gives a benchmark or an accelerator (three letters or more:
    "T4" and "K20" also name layers and tasks), less the kinds of accelerator ("cpu"), which
    are the registry's enumeration (`registry.AcceleratorKind`)."""
    names = {f.name for f in registry.families()}
    for b in registry.benchmarks():
        names |= {b.name, *b.spellings}
    for a in registry.accelerators():
        names |= {a.canonical, *a.aliases}
    kinds = {a.kind for a in registry.accelerators()}
    return {n for n in names if len(n) >= 3 and n.lower() not in kinds}


def _code_literals(path: Path) -> list[tuple[int, str]]:
    """The string literals of a module's code: not its docstrings."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {id(node.body[0].value) for node in ast.walk(tree)
                  if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef)
                  and node.body and isinstance(node.body[0], ast.Expr)}
    return [(node.lineno, node.value) for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, str)
            and id(node) not in docstrings]


def test_no_benchmark_or_accelerator_is_named_in_the_extractors_code():
    names = sorted(_registry_names(), key=len, reverse=True)
    found = re.compile(r"(?<![A-Za-z0-9])(" + "|".join(map(re.escape, names)) +
                       r")(?![A-Za-z0-9])", re.I)
    hits = [f"{path.relative_to(EXTRACTORS)}:{line}: {m.group(0)!r} in {text[:60]!r}"
            for path in sorted(EXTRACTORS.rglob("*.py"))
            for line, text in _code_literals(path) if (m := found.search(text))]
    assert hits == []


def test_the_literal_scan_finds_a_name_in_code_and_not_in_a_docstring(tmp_path):
    module = tmp_path / "m.py"
    module.write_text('"""Reads ImageNet."""\n\ndef f():\n    """On a V100."""\n'
                      '    return "top-1 on imagenet"\n')
    assert [text for _, text in _code_literals(module)] == ["top-1 on imagenet"]


# A benchmark the shipped registry does not have, added as data in a child process: its
# family (how papers and captions name it) and its one benchmark (metrics, header form).
_ADD_BENCHMARK = r"""
import json, sys
import flopwatch.extractors.data as data
shipped = data._data
def with_zebra(name):
    found = shipped(name)
    if name == "benchmarks.json":
        found = json.loads(json.dumps(found))
        found["families"].append({"name": "ZebraQA", "counted": ["zebraqa"],
            "in_caption": "\\bZebraQA\\b", "patterns": [[{"LOWER": "zebraqa"}]],
            "heads": ["ZebraQA"], "paper_default": True})
        found["benchmarks"].append({"name": "ZebraQA", "spellings": ["zebraqa"],
            "metrics": ["EM", "F1"], "header": "zebraqa", "trend_metric": "F1",
            "y_scale": "log10(1 / (1 - score))", "training_set": None,
            "training_examples": None, "examples_unit": None})
    return found
data._data = with_zebra
from flopwatch.extractors.paper import extract_text
from flopwatch.extractors.pdf_text import Block, Cell, Page, PdfText, Row
text = "We evaluate on ZebraQA. Our model reaches an F1 of 88.1 on ZebraQA."
rows = tuple(Row(1, 100.0 + 12 * i, tuple(Cell(t, 50.0 + 60 * j, 90.0 + 60 * j)
                                          for j, t in enumerate(cells)))
             for i, cells in enumerate([("Model", "ZebraQA EM", "ZebraQA F1"),
                                        ("Ours", "81.5", "89.4")]))
paper = PdfText([Page(1, text, (), (Block(0, 80.0, 90.0, text),), 612.0),
                 Page(2, "Table 1: Results.", rows, (Block(0, 80.0, 90.0, "Table 1: Results."),),
                      612.0)])
json.dump([[{k: r[k] for k in ("benchmark", "metric", "value", "in_table")}
            for r in extract_text("2101.00001", p)["results"]]
           for p in (paper, PdfText(paper.pages[:1]))], sys.stdout)
"""


def test_a_benchmark_added_to_the_registry_is_read_in_sentences_and_tables():
    out = subprocess.run([sys.executable, "-c", _ADD_BENCHMARK], capture_output=True,
                         text=True, check=True)
    with_table, text_only = ({(r["benchmark"], r["metric"]): (r["value"], r["in_table"])
                              for r in results} for results in json.loads(out.stdout))
    assert with_table == {("ZebraQA", "EM"): (81.5, True), ("ZebraQA", "F1"): (89.4, True)}
    assert text_only == {("ZebraQA", "F1"): (88.1, False)}
