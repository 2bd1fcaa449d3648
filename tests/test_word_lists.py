"""Word lists live in extractors/data/words.json: each documented, each read by a rule (or
by the warehouse's reader of a reference dataset)."""

from __future__ import annotations

import json
import re
from importlib import resources
from pathlib import Path

import pytest

from flopwatch.extractors.data import words

ENTRIES = {k: v for k, v in json.loads(
    resources.files("flopwatch.extractors.data").joinpath("words.json").read_text()).items()
    if isinstance(v, dict)}
# the extractors and the warehouse's readers of reference data ("epoch_compute_methods")
SOURCE = "\n".join(p.read_text() for folder in ("extractors", "warehouse")
                   for p in (Path(__file__).parents[1] / folder).rglob("*.py"))


@pytest.mark.parametrize("name", sorted(ENTRIES))
def test_each_list_is_documented_read_and_lower_case(name: str):
    assert ENTRIES[name]["about"].strip()
    assert re.search(rf'words\("{name}"\)', SOURCE), f"no rule reads {name}"
    values = words(name)
    flat = [w for v in (values.items() if isinstance(values, dict) else values)
            for w in (v if isinstance(v, list | tuple) else [v]) if isinstance(w, str)]
    assert flat and all(w == w.lower() for w in flat)
