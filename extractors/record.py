"""The per-paper record: what the extractors hand to the warehouse, and what
`flopwatch extract` writes as one JSON line (GOLD.md's shape, plus what the loader needs).

Each field's value is a TypedDict (its keys are GOLD.md's); a fact is that value with its
evidence (quote and page) and, once checked, the plausibility checks it failed.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal, NotRequired, TypedDict

# The fields of facts, in GOLD.md's order; each is a list of facts in the record.
FIELDS = ("hardware", "training_time", "device_time", "compute", "parameters", "results")

Field = Literal["hardware", "training_time", "device_time", "compute", "parameters", "results",
                "training_schedule"]
Role = Literal["training", "inference"]
ComputeKind = Literal["per_forward", "training_total"]
ScheduleKind = Literal["epochs", "iterations", "batch_size", "tokens"]


class Hardware(TypedDict):
    accelerator: str                # the registry's canonical name
    count: int | None
    count_unit: str                 # devices, chips, cores, boards
    role: Role


class TrainingTime(TypedDict):
    hours: float
    hours_low: float | None         # a range's lower end
    subject: str | None             # the model or run it is of


class DeviceTime(TypedDict):
    device_hours: float
    device: str | None


class Compute(TypedDict):
    kind: ComputeKind
    value: float
    unit: str                       # FLOPs, MACs, PF-days: as the paper prints it
    subject: str | None


class Parameters(TypedDict):
    model: str | None
    value: int


class Result(TypedDict):
    benchmark: str
    metric: str
    split: str | None
    value: float
    model: str | None
    in_table: bool


class Schedule(TypedDict):
    kind: ScheduleKind
    value: float


# What a rule finds: one field's value (no evidence yet).
Value = Hardware | TrainingTime | DeviceTime | Compute | Parameters | Result | Schedule


class Evidence(TypedDict):
    quote: str                      # the sentence or table row, whitespace collapsed
    page: int                       # 1-based
    checks: NotRequired[list[str]]  # the plausibility checks it failed (held-back facts)
    field: NotRequired[str]         # which field a held-back fact is of


class HardwareFact(Hardware, Evidence):
    pass


class TrainingTimeFact(TrainingTime, Evidence):
    pass


class DeviceTimeFact(DeviceTime, Evidence):
    pass


class ComputeFact(Compute, Evidence):
    pass


class ParametersFact(Parameters, Evidence):
    pass


class ResultFact(Result, Evidence):
    pass


class ScheduleFact(Schedule, Evidence):
    rule: str


Fact = (HardwareFact | TrainingTimeFact | DeviceTimeFact | ComputeFact | ParametersFact
        | ResultFact)


class Notes(TypedDict, total=False):
    """What a rule says of a value that is not part of it."""

    role_guessed: bool              # nothing in the sentence said training or inference
    model_card: bool                # read from a model card's "Hardware:" line
    own: bool                       # a table row the paper marks as its own
    column: str                     # the table column's header path ("BLEU > EN-DE")
    row: str                        # the table row's label


class Quantity(TypedDict):
    """One of a model's values with its evidence and the checks it failed."""

    value: float
    quote: str
    page: int
    rule: str
    checks: list[str]
    unit: NotRequired[str]


class ModelScore(Quantity):
    benchmark: str
    metric: str
    split: str | None


class Model(TypedDict):
    """One model of the paper: its own size, cost per forward pass and scores."""

    model: str
    own: bool
    parameters: Quantity | None
    ops_forward_pass: Quantity | None   # in FLOPs (multiply-adds count 2)
    results: list[ModelScore]


# A mention as the record lists it: its value's keys beside field, page, span, quote, rule.
MentionRow = dict[str, object]


class PaperFacts(TypedDict):
    """The facts of one paper, field by field, with those a check held back."""

    hardware: list[HardwareFact]
    training_time: list[TrainingTimeFact]
    device_time: list[DeviceTimeFact]
    compute: list[ComputeFact]
    parameters: list[ParametersFact]
    results: list[ResultFact]
    held_back: list[Fact]           # each with `field` and `checks`
    models: list[Model]             # one per model: its own sizes, costs and scores
    training_schedule: list[ScheduleFact]   # epochs, iterations, batch size, tokens


class PaperRecord(PaperFacts):
    """A paper's facts with what they were read from and by which rules."""

    paper: str                      # the arXiv id (the PDF's file name without .pdf)
    extractor_version: str
    pages: NotRequired[int]         # absent when the PDF could not be read
    mentions: list[MentionRow]      # every match: field, value, page, span, quote, rule
    error: NotRequired[str]         # why the PDF gave no facts


def facts_of(record: PaperFacts, field: str) -> Sequence[Fact]:
    """The facts of one field named at run time ("hardware", ...; none for a missing one)."""
    lists: dict[str, Sequence[Fact]] = {
        "hardware": record.get("hardware", []), "training_time": record.get("training_time", []),
        "device_time": record.get("device_time", []), "compute": record.get("compute", []),
        "parameters": record.get("parameters", []), "results": record.get("results", [])}
    return lists.get(field, [])
