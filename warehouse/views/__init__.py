"""The warehouse's SQL views, in layers as dbt models are:

- `macros/`: the functions the views share (the study's scales, Student's t);
- `staging/`: each fact table as the trends may read it: `checked_<field>` (plausible),
  `curated_<field>` (after the user's corrections), generated from one list (`facts.py`),
  and the other views of single tables;
- `intermediate/`: facts joined into rows per model, per paper and per trend point;
- `marts/`: what users query: the fits, frontiers, growth, coverage and the agreement with
  the reference datasets.

A view reads views of its own layer or the ones before; which ones is what its SQL selects
from, and the views are created in that order (a layer at a time).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from graphlib import TopologicalSorter
from importlib import resources

from flopwatch.warehouse.views import facts

LAYERS = ("macros", "staging", "intermediate", "marts")
_CREATES = re.compile(r"create or replace (?:view|macro) (\w+)", re.I)
_READS = re.compile(r"\b(?:from|join)\s+(\w+)", re.I)
_COMMENT = re.compile(r"--[^\n]*")


@dataclass(frozen=True)
class View:
    layer: str
    name: str                   # the view (for a file of macros: the file's name)
    sql: str
    reads: frozenset[str]       # the views it selects from


def _layer_files(layer: str) -> list[tuple[str, str]]:
    folder = resources.files(f"{__name__}.{layer}")
    return sorted((p.name.removesuffix(".sql"), p.read_text(encoding="utf-8"))
                  for p in folder.iterdir() if p.name.endswith(".sql"))


def _sources() -> list[tuple[str, str, str]]:
    """(layer, name, SQL) of every view and macro file, the generated staging views too."""
    out = [(layer, name, sql) for layer in LAYERS for name, sql in _layer_files(layer)]
    out += [("staging", name, sql) for name, sql in facts.generated()]
    return out


@cache
def views() -> tuple[View, ...]:
    """Every view, in the order it can be created: by layer, each after the views it reads."""
    sources = _sources()
    created = {m.group(1) for _, _, sql in sources for m in _CREATES.finditer(sql)}
    found = []
    for layer, name, sql in sources:
        own = {m.group(1) for m in _CREATES.finditer(sql)}
        reads = {m.group(1) for m in _READS.finditer(_COMMENT.sub("", sql))}
        found.append(View(layer, name, sql, frozenset((reads & created) - own)))
    out: list[View] = []
    for layer in LAYERS:
        here = {v.name: v for v in found if v.layer == layer}
        order = TopologicalSorter({n: sorted(v.reads & here.keys()) for n, v in here.items()})
        out += [here[n] for n in order.static_order()]
    return tuple(out)
