"""How long training took (wall clock) and device time totals (GPU-hours, TPU core-days)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from spacy.tokens import Span

from flopwatch.extractors.data import words
from flopwatch.extractors.mentions import Found, cited_near, spans_in, text_of
from flopwatch.extractors.nlp import SPANS_KEY
from flopwatch.extractors.numbers import HOURS, magnitude, parse_number

_PER_UNIT = re.compile(r"^[\s)\]]*(per|/|each|every|an|a)\s*(epoch|iteration|step|batch|image|"
                       r"example|sample|update|run|trial|model|problem|task|configuration|"
                       r"query|sentence|video)\b", re.I)
# "2000 hours of speech": an amount of data, not of training.
_OF_DATA = re.compile(r"^\s*of\s+(\w+\s+)?(data|speech|audio|video|footage|recordings?|"
                      r"transcribed|labeled|labelled|spoken|english)\b", re.I)
# Units too long or too short for a training run, or ambiguous ("d", "m").
_NOT_RUN_UNITS = frozenset(words("not_run_units"))
_PER_UNIT_BEFORE = re.compile(r"\b(each|every|per)\s+(training\s+)?"
                              r"(epoch|iteration|step|batch|update)\b", re.I)
_TRAINING_VERB = re.compile(r"\b(train|trained|training|trains|took|takes|take|pre-?train|"
                            r"fine-?tun|converge|search|learned|optimi[sz])", re.I)
# A run that ends after (or within) the time: "training finishes after 34 h".
_RUN_ENDS = re.compile(r"\b(finish\w*|complete[ds]?|converge[ds]?|end(s|ed)|stop(s|ped)?)\b",
                       re.I)
_NOT_TRAINING = re.compile(r"\b(inference|latency|per image|test(ing)? time|evaluation takes|"
                           r"to (evaluate|test|decode)|decod(e|ing) (takes|time)|ago|"
                           r"human|annotat|label(l)?ers?|crowd|in recent)\b", re.I)


# A run that was not made: "would take 120k TPU-v4 core hours", "we estimate that ... would
# require 250 core hours". ("Training all models would have required 22 TPU v3 core-years"
# sums up runs that were made.) Nor is a bound a value is compared with: "for compute
# budgets greater than roughly 5k TPU-v4 core hours" ("more than 3 days" still tells a run).
_HYPOTHETICAL = re.compile(r"\bwould (take|require|need|cost)\b|\b(greater|larger) than\b",
                           re.I)
# An estimate of what could be, anywhere before the value in its sentence ("a rough
# estimate suggests that the network could be trained ... within a week"); "we estimate
# that training took 3 days" and "it could be trained ... in 30 days" are said of runs made.
_ESTIMATE = re.compile(r"\bestimates?\b.*\b(could|would|might)\b", re.I)


def _hypothetical(sent: Span, span: Span) -> bool:
    """The clause before the value speaks of a run that was not made."""
    return _HYPOTHETICAL.search(text_of(sent.doc[max(sent.start, span.start - 8):span.start])) \
        is not None or _ESTIMATE.search(text_of(sent.doc[sent.start:span.start])) is not None


def _unit_hours(word: str) -> float | None:
    w = word.lower().rstrip("s") if len(word) > 1 else word.lower()
    return HOURS.get(w) or HOURS.get(word.lower())


def _numbers(span: Span) -> list[float]:
    out = []
    for tok in span:
        v = parse_number(tok.text)
        if (v is not None and tok.lower_ not in {"a", "an"}) or (tok.lower_ in {"a", "an"} and \
                tok.i == span.start):
            out.append(v if v is not None else 1.0)
    return out


def duration_hours(span: Span) -> tuple[float, float | None] | None:
    """(hours, lower bound of a range or None)."""
    if span.id_ == "duration_hours_minutes":
        stated = [n for t in span if (n := parse_number(t.text)) is not None]
        return (stated[0] + stated[1] / 60, None) if len(stated) == 2 else None
    unit = _unit_hours(span[-1].text)
    nums = _numbers(span)
    if unit is None or not nums:
        return None
    if len(nums) >= 2 and nums[-2] < nums[-1]:
        return nums[-1] * unit, nums[-2] * unit
    return nums[-1] * unit, None


_PER_DAY = re.compile(r"\s*(a|an|per|each)\s+(day|night|week|month)\b", re.I)


def _from_baseline(sent: Span, span: Span) -> bool:
    """"reduced from 84 hours to 9.5": the value after "from" is what was improved on."""
    return span.start > sent.start and sent.doc[span.start - 1].lower_ == "from" and any(
        t.lower_ == "to" for t in sent.doc[span.end:min(sent.end, span.end + 2)])


def _compared_first(sent: Span, span: Span) -> float | None:
    """"(12.5 vs. 9.5 hours)": the unit closes a comparison, and the value the sentence
    speaks of is the first, the other the point of comparison."""
    toks = sent.doc[max(sent.start, span.start - 3):span.start]
    words = [t.lower_ for t in toks]
    if len(words) >= 2 and (words[-1] in {"vs", "vs.", "versus"} or words[-2:] == ["vs", "."]):
        k = len(words) - (2 if words[-1] == "." else 1) - 1
        return parse_number(toks[k].text) if k >= 0 else None
    return None


def training_time(sent: Span) -> Iterator[Found]:
    if not _TRAINING_VERB.search(text_of(sent)):
        return
    if _NOT_TRAINING.search(text_of(sent)):
        return
    device_spans = spans_in(sent, SPANS_KEY, "DEVICE_TIME")
    for span in spans_in(sent, SPANS_KEY, "DURATION"):
        if any(d.start <= span.start < d.end for d in device_spans) or cited_near(span) or \
                _hypothetical(sent, span):
            continue
        after = text_of(sent.doc[span.end:min(sent.end, span.end + 4)])
        if _PER_UNIT.match(after) or _OF_DATA.match(after) or span[-1].lower_ in _NOT_RUN_UNITS:
            continue
        before = text_of(sent.doc[max(sent.start, span.start - 2):span.start]).lower()
        if re.search(r"\b(every|each|per|last)\s*$", before) or (
                re.search(r"\bafter\s*$", before) and not _RUN_ENDS.search(text_of(sent))):
            continue    # a rate, or a point in a run ("evaluated after 2 hours"), not a run
        if _PER_UNIT_BEFORE.search(text_of(sent.doc[max(sent.start, span.start - 6):span.start])):
            continue   # "Each epoch takes 2 hours"
        if _from_baseline(sent, span):
            continue
        if (span.id_ == "duration_article" and span.start > sent.start and
                _unit_hours(sent.doc[span.start - 1].text) is not None) or \
                _PER_DAY.match(after):
            continue   # "three minutes a day", "10 hours a day": a rate, not a run
        parsed = duration_hours(span)
        # under a quarter hour is a step's time; a run longer than any trained is held
        # back by the plausibility checks (training_time_outside_range)
        if parsed is None or parsed[0] < 0.25:
            continue
        hours, low = parsed
        if (first := _compared_first(sent, span)) is not None and \
                (unit := _unit_hours(span[-1].text)) is not None:
            hours, low = first * unit, None
        yield Found({"hours": round(hours, 4), "hours_low": round(low, 4) if low else None,
                "subject": None}, span.id_ or "duration", span)


# The lower end of a range whose upper end carries the unit: "between 0.4k and 110k ..."
_RANGE_START = re.compile(r"\b(?:between|from)\s+(\d[\d.,]*)\s*(k|m|thousand|million)?\s*"
                          r"(?:and|to|-|–)\s*$", re.I)


def device_time(sent: Span) -> Iterator[Found]:
    for span in spans_in(sent, SPANS_KEY, "DEVICE_TIME"):
        value = parse_number(span[0].text)
        if not value or value < 0 or cited_near(span) or _hypothetical(sent, span):
            continue
        if span.start > sent.start and parse_number(sent.doc[span.start - 1].text) is not None:
            continue    # "103 104 105 TPU-v4 Core Hours": an axis's ticks, not a total
        scale = magnitude(span[1].text) if len(span) > 1 else None
        if scale and span[1].lower_ in {"k", "m", "thousand", "million"}:
            value *= scale
        unit = _unit_hours(span[-1].text)
        if unit is None:
            continue
        words = [t.text for t in span[1:-1] if t.text != "-" and not magnitude(t.text)]
        device = " ".join(w for w in words if w.lower() not in {"compute"})
        device = re.sub(r"(?i)\bgpus\b", "GPU", device)
        device = re.sub(r"(?i)^tpuv(\d)", r"TPU v\1", device).replace("TPU-v", "TPU v")
        yield Found({"device_hours": round(value * unit, 4), "device": device or None},
               span.id_ or "device_time", span)
        before = text_of(sent.doc[max(sent.start, span.start - 5):span.start])
        if low := _RANGE_START.search(before):
            # "budgets between 0.4k and 110k TPU-v4 core hours": both ends were run
            low_value = (parse_number(low.group(1)) or 0) * (
                (magnitude(low.group(2)) or 1) if low.group(2) else (scale or 1))
            if 0 < low_value < value:
                yield Found({"device_hours": round(low_value * unit, 4), "device": device or None},
                       "device_time_range", span)
