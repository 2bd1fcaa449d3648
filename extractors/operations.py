"""Operation counts (FLOPs, multiply-adds, petaflop/s-days) and parameter counts."""

from __future__ import annotations

import re
from collections.abc import Iterator

from spacy.tokens import Span

from flopwatch.extractors.data import words
from flopwatch.extractors.mentions import FIRST_PERSON, Found, cited_near, spans_in, text_of
from flopwatch.extractors.nlp import SPANS_KEY
from flopwatch.extractors.numbers import as_flops, magnitude, parse_number

_UNIT_SCALE: dict[str, float] = words("flop_units")
# "TFLOPS/GPU", "FLOPs per second": a speed; "FLOPs per image" is a count.
_RATE = re.compile(r"^\s*(/\s*|per\s+)(s|sec|second|gpu|device|chip|core|accelerator|card)s?\b",
                   re.I)
_HARDWARE_SPEED = re.compile(r"\b(peak|theoretical|efficien\w*|utili[sz]ation|throughput|"
                             r"offers?|delivers?|FP32|FP16|BF16)\b|\b[TP]FLOPS\b", re.I)
_TOTAL_WORDS = re.compile(r"\b(train(ing|ed)?|total|pre-?train|budget|cost)\b", re.I)
TRAINING_TOTAL_MIN_FLOPS = 1e15   # no single forward pass of these models costs a petaFLOP


def _value(span: Span) -> tuple[float, str] | None:
    """(value in the stated unit, unit) for an OPS span."""
    words = [t.text for t in span]
    low = [w.lower() for w in words]
    if span.id_ == "ops_pf_days":
        v = parse_number(words[0])
        return (v, "PF-days") if v is not None else None
    if span.id_ == "ops_unit_then_number":          # "FLOPs (5.3G)"
        v = parse_number(words[2])
        if v is None:
            return None
        v *= magnitude(words[3]) or 1.0
        return (v * _UNIT_SCALE[low[0]], "FLOPs") if low[0] in _UNIT_SCALE else (v, "MACs")
    if span.id_ == "ops_ten_to_the":
        return 10 ** float(words[2]), "FLOPs"
    if span.id_ == "ops_power_of_ten":
        base = parse_number(words[0])
        exp_tok = next((w for w in words[2:] if re.match(r"^10\^?\d{1,2}$", w)), None)
        if base is None or exp_tok is None:
            return None
        exp = exp_tok[3:] if exp_tok.startswith("10^") else exp_tok[2:]
        if not exp and len(words) > 4:
            exp = words[4]
        if not exp.isdigit():
            return None
        unit = "MACs" if any("mac" in w or "add" in w for w in low) else "FLOPs"
        return base * 10 ** int(exp), unit
    v = parse_number(words[0])
    if v is None:
        return None
    scale = 1.0
    if len(words) > 2 and magnitude(words[1]):
        scale = magnitude(words[1]) or 1.0
    last = low[-1]
    if last in _UNIT_SCALE:
        return v * scale * _UNIT_SCALE[last], "FLOPs"
    return v * scale, "MACs"


def compute(sent: Span) -> Iterator[Found]:
    for span in spans_in(sent, SPANS_KEY, "OPS"):
        if cited_near(span, model_value=True):
            continue
        if _RATE.match(text_of(sent.doc[span.end:min(sent.end, span.end + 3)])):
            continue    # a throughput ("125 TFLOPS/s"), not a count
        if _HARDWARE_SPEED.search(text_of(sent)):
            continue   # a device's speed, not a count of the model's operations
        parsed = _value(span)
        if parsed is None or parsed[0] <= 0:
            continue
        value, unit = parsed
        flops = as_flops(value, unit)
        total = unit == "PF-days" or flops >= TRAINING_TOTAL_MIN_FLOPS or (
            flops >= 1e13 and _TOTAL_WORDS.search(text_of(sent)))
        if unit != "PF-days" and flops < 1e4:
            continue
        yield Found({"kind": "training_total" if total else "per_forward", "value": value,
                "unit": unit, "subject": None}, span.id_ or "ops", span)


def parameters(sent: Span) -> Iterator[Found]:
    for span in spans_in(sent, SPANS_KEY, "PARAMS"):
        if cited_near(span, model_value=True):
            continue
        words = [t.text for t in span]
        v = parse_number(words[0])
        if v is None:
            continue
        if span.id_ == "params_power_of_ten":
            exp = words[2][2:]
            value = v * 10 ** int(exp) if exp.isdigit() else None
        else:
            scale = magnitude(words[1]) if len(words) > 2 else None
            value = v * (scale or 1.0)
        if value is None or value < 1e4 or value > 1e14:
            continue
        before = text_of(sent.doc[max(sent.start, span.start - 3):span.start]).lower()
        if re.search(r"\b(fewer|less|more|reduc\w*|saves?|by|than)\s*$", before):
            continue   # "1.5M fewer parameters" is a difference, not a model size
        if span.id_ == "params_sized_model" and not FIRST_PERSON.search(text_of(sent)):
            continue   # "a 285M Transformer-XL" is anyone's; "our 41B model" is theirs
        yield Found({"model": None, "value": round(value)}, span.id_ or "params", span)
