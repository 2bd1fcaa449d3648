"""Versioned data files: the accelerator catalog, the plausibility checks and the datasets
outside the benchmark list."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

# The files the warehouse seeds into tables (accelerators, plausibility_checks,
# benchmarks): a change to one of them makes the next writer reload it.
SEEDED = ("accelerators.json", "checks.json", "benchmarks.json")


@cache
def data_bytes(name: str) -> bytes:
    return resources.files(__name__).joinpath(name).read_bytes()


@cache
def _data(name: str) -> dict[str, Any]:
    return json.loads(data_bytes(name))


def accelerator_catalog() -> dict[str, Any]:
    """The catalog file: its version and every accelerator with aliases and datasheet."""
    return _data("accelerators.json")


def plausibility_checks() -> dict[str, Any]:
    """The checks file: its version and each check with its thresholds."""
    return _data("checks.json")


def benchmark_registry() -> dict[str, Any]:
    """The benchmarks file: each trend benchmark's metric, scale and training-set size."""
    return _data("benchmarks.json")


@dataclass(frozen=True)
class BenchmarkFamily:
    """A benchmark as a paper names it before its version or language pair is known."""

    name: str
    counted: tuple[str, ...]      # lower-case spellings, counted over the whole paper
    in_caption: re.Pattern[str]   # a table caption naming it


@cache
def benchmark_families() -> tuple[BenchmarkFamily, ...]:
    return tuple(BenchmarkFamily(f["name"], tuple(f["counted"]),
                                 re.compile(f["in_caption"],
                                            0 if f.get("case_sensitive") else re.I))
                 for f in benchmark_registry()["families"])


@cache
def benchmark_metrics() -> dict[str, frozenset[str]]:
    """The metrics a result on each benchmark may have."""
    return {b["name"]: frozenset(b["metrics"]) for b in benchmark_registry()["benchmarks"]}


@cache
def lower_is_better() -> frozenset[str]:
    """The metrics on which a lower value is the better result (errors)."""
    return frozenset(benchmark_registry()["lower_is_better"])


def words(name: str) -> Any:
    """One word list of `words.json` (its "words", "pairs" or "scale")."""
    entry = _data("words.json")[name]
    return next(entry[k] for k in ("words", "pairs", "scale") if k in entry)


def other_datasets() -> tuple[str, ...]:
    """Datasets outside the benchmark list, as regular expressions."""
    return tuple(_data("other_datasets.json")["names"])
