"""Versioned data files: the accelerator catalog, the plausibility checks and the datasets
outside the benchmark list."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any


@cache
def catalog_bytes() -> bytes:
    return resources.files(__name__).joinpath("accelerators.json").read_bytes()


@cache
def accelerator_catalog() -> dict[str, Any]:
    """The catalog file: its version and every accelerator with aliases and datasheet."""
    return json.loads(catalog_bytes())


@cache
def checks_bytes() -> bytes:
    return resources.files(__name__).joinpath("checks.json").read_bytes()


@cache
def plausibility_checks() -> dict[str, Any]:
    """The checks file: its version and each check with its thresholds."""
    return json.loads(checks_bytes())


@cache
def other_datasets() -> tuple[str, ...]:
    """Datasets outside the benchmark list, as regular expressions."""
    data = json.loads(resources.files(__name__).joinpath("other_datasets.json").read_bytes())
    return tuple(data["names"])
