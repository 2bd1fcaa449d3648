"""Versioned data files: the benchmark registry, the accelerator catalog, the plausibility
checks, word lists and the datasets outside the benchmark list. `registry.py` reads the
first two as typed entries."""

from __future__ import annotations

import json
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
    return json.loads(data_bytes(name))  # type: ignore[no-any-return]


def accelerator_catalog() -> dict[str, Any]:
    """The catalog file: its version and every accelerator with aliases and datasheet."""
    return _data("accelerators.json")


def plausibility_checks() -> dict[str, Any]:
    """The checks file: its version and each check with its thresholds."""
    return _data("checks.json")


def benchmark_registry() -> dict[str, Any]:
    """The benchmarks file: metrics, families and benchmarks (see its "about")."""
    return _data("benchmarks.json")


def words(name: str) -> Any:
    """One word list of `words.json` (its "words", "pairs" or "scale")."""
    entry = _data("words.json")[name]
    return next(entry[k] for k in ("words", "pairs", "scale") if k in entry)


def other_datasets() -> tuple[str, ...]:
    """Datasets outside the benchmark list, as regular expressions."""
    return tuple(_data("other_datasets.json")["names"])
