"""How much data a training run saw: epochs, iterations and their batch size, tokens.

The study counted a model's training operations as FLOPs per forward pass x 3 x epochs x
training examples; curated compute databases count a language model's as 6 x parameters x
tokens. These are the schedule facts those estimates need (the views multiply them).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from spacy.tokens import Span

from flopwatch.extractors.mentions import Found, cited_near, spans_in, text_of
from flopwatch.extractors.nlp import SPANS_KEY
from flopwatch.extractors.numbers import magnitude, parse_number
from flopwatch.extractors.record import ScheduleFact, ScheduleKind

KINDS = ("epochs", "iterations", "batch_size", "tokens")
_KIND_OF_RULE: dict[str, ScheduleKind] = {
    "schedule_epochs": "epochs", "schedule_iterations": "iterations",
    "schedule_batch_size": "batch_size", "schedule_batch_of": "batch_size",
    "schedule_tokens": "tokens"}
# What each kind can be in a real training run; outside it, the number is something else
# (a year, an iteration of an algorithm, a sequence length).
_RANGE = {"epochs": (1, 5000), "iterations": (100, 1e8), "batch_size": (1, 1e8),
          "tokens": (1e7, 1e14)}
# "a sequence length of 512 tokens", "2048-token context": the size of one example.
_PER_EXAMPLE = re.compile(r"\b(length|context|window|sequence|per\s+(example|sequence|batch)|"
                          r"up to|max(imum)?|vocabulary)\b", re.I)
# Learning-rate schedules speak of epochs that are not the run's length: "warm-up for 5
# epochs", "decayed every 30 epochs", "after 10 epochs".
_NOT_THE_LENGTH = re.compile(r"\b(warm-?\s?up|every|after|first|decay\w*|drop\w*|divid\w*|"
                             r"at|each|per|last|until|reduc\w*|multipl\w*)\s*$", re.I)


def _number(words: list[str]) -> float | None:
    value = next((parse_number(w) for w in words if parse_number(w) is not None), None)
    if value is None:
        return None
    scale = next((m for w in words[1:] if (m := magnitude(w)) is not None), 1.0)
    return value * scale


def training_schedule(sent: Span) -> Iterator[Found]:
    for span in spans_in(sent, SPANS_KEY, "SCHEDULE"):
        kind = _KIND_OF_RULE.get(span.id_)
        if kind is None or cited_near(span):
            continue
        value = _number([t.text for t in span])
        low, high = _RANGE[kind]
        if value is None or not low <= value <= high:
            continue
        before = text_of(sent.doc[max(sent.start, span.start - 3):span.start])
        if kind in ("epochs", "iterations") and _NOT_THE_LENGTH.search(before):
            continue
        if kind == "tokens" and _PER_EXAMPLE.search(before):
            continue
        yield Found({"kind": kind, "value": value}, span.id_, span)


def schedule_facts(records: list[ScheduleFact]) -> list[ScheduleFact]:
    """One fact per kind: the longest run the paper states (pre-training is the run whose
    compute counts; fine-tuning and ablations are shorter). A batch size stated in the
    sentence of the chosen iterations wins over a larger one stated elsewhere."""
    out = []
    chosen: dict[str, ScheduleFact] = {}
    for kind in KINDS:
        items = [r for r in records if r["kind"] == kind]
        if kind == "batch_size" and "iterations" in chosen:
            beside = [r for r in items if r["quote"] == chosen["iterations"]["quote"]]
            items = beside or items
        if items:
            chosen[kind] = max(items, key=lambda r: r["value"])
            out.append(chosen[kind])
    return out
