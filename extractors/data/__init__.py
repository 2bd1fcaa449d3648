"""Versioned data files: the accelerator catalog."""

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
