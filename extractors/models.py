"""Models as rows: each model's own parameters, FLOPs per forward pass and scores.

The study fitted one point per model, with the compute and the score of that same model. A
table row is one model (its label names it; its cells are its parameters, FLOPs and scores),
and so is a sentence that names one of the paper's own models beside its numbers. Rows of
the same model in different tables are merged where their values do not disagree.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import TypedDict, cast

from flopwatch.extractors import checks, registry
from flopwatch.extractors.mentions import FIRST_PERSON, Mention
from flopwatch.extractors.numbers import as_flops
from flopwatch.extractors.record import (
    Compute,
    Model,
    ModelScore,
    Parameters,
    Quantity,
    Result,
    TrainingTimeFact,
)

# Marks around a model's name that are not part of it: bullets, footnote daggers, "(ours)".
_MARKS = re.compile(r"^[\s•·◦∗*†‡§¶]+|[\s∗*†‡§¶]+$|\s*\((ours|ours?\s*[,;].*?)\)\s*$", re.I)
_LETTERS = re.compile(r"[A-Za-z]{2,}")
_QUANTITIES = ("parameters", "compute", "results")


def model_name(label: str | None) -> str | None:
    """The row label as a model name; None for labels that name nothing (ticks, numbers)."""
    if not label:
        return None
    name = " ".join(label.split())
    for _ in range(2):
        name = _MARKS.sub("", name).strip()
    return name if _LETTERS.search(name) else None


def _key(name: str) -> str:
    return re.sub(r"[\s\-_]", "", name.lower())


def _new_model(name: str, own: bool) -> Model:
    return {"model": name, "own": own, "parameters": None, "ops_forward_pass": None,
            "results": []}


def _add(model: Model, m: Mention, ctx: checks.PaperContext) -> None:
    failed = checks.failed_checks(m.field, m.value, ctx)
    if m.field == "parameters":
        size = cast(Parameters, m.value)
        model["parameters"] = Quantity(value=size["value"], quote=m.quote, page=m.page,
                                       rule=m.rule, checks=failed)
    elif m.field == "compute" and (ops := cast(Compute, m.value))["kind"] == "per_forward":
        model["ops_forward_pass"] = Quantity(value=as_flops(ops["value"], ops["unit"]),
                                             unit=ops["unit"], quote=m.quote, page=m.page,
                                             rule=m.rule, checks=failed)
    elif m.field == "results":
        v = cast(Result, m.value)
        model["results"].append(ModelScore(benchmark=v["benchmark"], metric=v["metric"],
                                           split=v.get("split"), value=v["value"],
                                           quote=m.quote, page=m.page, rule=m.rule,
                                           checks=failed))


class _Row(TypedDict):
    name: str
    own: bool
    mentions: list[Mention]


def _rows(found: Iterable[Mention], own_names: tuple[str, ...]) -> list[_Row]:
    """(model, its mentions) per table row, and per sentence in which the authors state
    one model's values."""
    groups: dict[tuple[int, str], list[Mention]] = {}
    for m in found:
        if m.field in _QUANTITIES:
            groups.setdefault((m.page, m.quote), []).append(m)
    rows = []
    for items in groups.values():
        if items[0].in_table:
            value = cast(Mapping[str, object], items[0].value)
            label = value.get("model") or value.get("subject")
            name = model_name(label if isinstance(label, str) else None)
            own = any(m.notes.get("own") for m in items)
        else:
            # A sentence is one model's where it states each quantity once, a score among
            # them: "Our M2 model has 6.1M parameters and 569M Mult-Adds, and reaches
            # 79.1% top-1 accuracy". Its name: one of the paper's own names, else a word
            # that mixes letters and digits or cases ("M2", "ResNet-50"). Only the authors'
            # own: a name of theirs, or a sentence in the first person.
            fields = [m.field for m in items]
            if "results" not in fields or len(set(fields)) < 2 or \
                    len(fields) != len(set(fields)):
                continue
            quote = items[0].quote
            name = _sentence_model(quote, own_names)
            own = (name is not None and name.lower().startswith(own_names)) or \
                bool(FIRST_PERSON.search(quote))
            if not own:
                continue        # another paper's model, or a sentence about several
            name = name or _UNNAMED
        if name is not None:
            rows.append(_Row(name=name, own=own, mentions=items))
    return rows


_UNNAMED = "(unnamed)"
# Words that mix letters and digits or cases but name no model: metrics, benchmarks, units,
# accelerators, number formats, devices.
_NOT_A_NAME = re.compile("|".join([
    r"(?i)top-?\d+|AP\d*",
    *(rf"{head}[\w\-.]*" for head in registry.column_heads()),
    r"[GMTP]?FLOPs?|M?Adds|Mult-Adds|MACs",
    *registry.name_shapes(),
    r"fp\d+|bf\d+|int\d+|iPhone[\w\-]*|Pixel[\w\-]*"]))
_NAME_WORD = re.compile(r"(?<![\w\-])([A-Za-z][A-Za-z\-]*(?:\d|[a-z][A-Z])[\w\-.]*)")


def _sentence_model(quote: str, own_names: tuple[str, ...]) -> str | None:
    words = [w.rstrip(".-") for w in _NAME_WORD.findall(quote)]
    own = [w for w in words if w.lower().startswith(own_names)] if own_names else []
    named = own or [w for w in words if not _NOT_A_NAME.fullmatch(w)]
    return named[0] if named else None


def _disagree(a: Model, b: Model) -> bool:
    for mine, theirs in ((a["parameters"], b["parameters"]),
                         (a["ops_forward_pass"], b["ops_forward_pass"])):
        if mine and theirs and abs(mine["value"] - theirs["value"]) > 0.01 * mine["value"]:
            return True
    scores = {(r["benchmark"], r["metric"]): r["value"] for r in a["results"]}
    return any(abs(scores.get((r["benchmark"], r["metric"]), r["value"]) - r["value"]) > 0.05
               for r in b["results"])


def _merge(into: Model, other: Model) -> None:
    into["parameters"] = into["parameters"] or other["parameters"]
    into["ops_forward_pass"] = into["ops_forward_pass"] or other["ops_forward_pass"]
    have = {(r["benchmark"], r["metric"]) for r in into["results"]}
    into["results"] += [r for r in other["results"] if (r["benchmark"], r["metric"]) not in have]
    into["own"] = into["own"] or other["own"]


def paper_models(found: Iterable[Mention], own_names: tuple[str, ...],
                 ctx: checks.PaperContext) -> list[Model]:
    """The paper's models, each with its parameters, FLOPs per forward pass (in FLOPs:
    multiply-adds count 2) and scores, every value with its quote, page, rule and the
    plausibility checks it fails. A model with none of the three is left out."""
    models: list[Model] = []
    for row in _rows(found, own_names):
        model = _new_model(row["name"], row["own"])
        for m in row["mentions"]:
            _add(model, m, ctx)
        if not (model["parameters"] or model["ops_forward_pass"] or model["results"]):
            continue
        same = [k for k in models if _key(k["model"]) == _key(model["model"])]
        target = next((k for k in same if not _disagree(k, model)), None)
        if target is None:
            models.append(model)
        else:
            _merge(target, model)
    return models


def name_subjects(times: list[TrainingTimeFact], models: list[Model]) -> None:
    """A training time whose sentence names one of the paper's own models is that model's
    ("TinyNet-S was trained on 32 GPUs for 3 days"): its subject, where none is set, is the
    longest such name."""
    names = sorted({m["model"] for m in models if m["own"]}, key=len, reverse=True)
    for t in times:
        if t.get("subject"):
            continue
        t["subject"] = next((n for n in names if re.search(
            rf"(?<![\w\-]){re.escape(n)}(?![\w\-])", t["quote"])), None)
