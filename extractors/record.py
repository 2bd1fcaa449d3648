"""The per-paper record: what the extractors hand to the warehouse, and what
`flopwatch extract` writes as one JSON line (GOLD.md's shape, plus what the loader needs)."""

from __future__ import annotations

from typing import Any, NotRequired, TypedDict, cast

# The fields of facts, in GOLD.md's order; each is a list of facts in the record.
FIELDS = ("hardware", "training_time", "device_time", "compute", "parameters", "results")

# One fact: its field's keys (GOLD.md), its quote and page, and `checks` (the plausibility
# checks it failed; held-back facts also name their `field`). JSON-shaped, so a plain dict.
Fact = dict[str, Any]


class PaperFacts(TypedDict):
    """The facts of one paper, field by field, with those a check held back."""

    hardware: list[Fact]
    training_time: list[Fact]
    device_time: list[Fact]
    compute: list[Fact]
    parameters: list[Fact]
    results: list[Fact]
    held_back: list[Fact]
    models: list[Fact]              # one per model: its own sizes, costs and scores
    training_schedule: list[Fact]   # epochs, iterations, batch size, tokens


class PaperRecord(PaperFacts):
    """A paper's facts with what they were read from and by which rules."""

    paper: str                      # the arXiv id (the PDF's file name without .pdf)
    extractor_version: str
    pages: NotRequired[int]         # absent when the PDF could not be read
    mentions: list[Fact]            # every match: field, value, page, span, quote, rule
    error: NotRequired[str]         # why the PDF gave no facts


def facts_of(record: PaperFacts, field: str) -> list[Fact]:
    """The facts of one field named at run time ("hardware", ...; none for a missing one)."""
    return cast(list[Fact], record.get(field) or [])
