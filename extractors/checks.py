"""Plausibility checks on every fact, before it can reach a trend view.

A rule misreads a column, a fraction or another dataset's score now and then; a value that
no paper in the field could have printed is such a misreading. The checks and their
thresholds are data (`extractors/data/checks.json`, seeded into the `plausibility_checks`
table); this module only applies them. A fact that fails a check is kept, with the names of
the checks it failed, but it is not the paper's fact: the warehouse stores it with those
names and the trend views leave it out.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from flopwatch.extractors import registry
from flopwatch.extractors.data import plausibility_checks
from flopwatch.extractors.numbers import as_flops

_ARXIV_MONTH = re.compile(r"^(\d{2})(\d{2})\.\d{4,5}(?:v\d+)?$")
_TOP5 = {"top-5 accuracy": max, "top-5 error": min}


def _ranks_top_k(benchmark: str) -> bool:
    """Results on the benchmark are ranked top-1 and top-5 (a top-1 accuracy is at most the
    top-5 one)."""
    found = registry.benchmark(benchmark)
    return found is not None and set(_TOP5) <= found.metrics


@cache
def _checks() -> dict[str, dict[str, Any]]:
    return {c["name"]: c for c in plausibility_checks()["checks"]}


def submitted_month(paper: str) -> str | None:
    """'YYYY-MM' of a new-style arXiv id ("2104.02057" -> "2021-04"); None otherwise."""
    m = _ARXIV_MONTH.match(paper)
    return f"20{m.group(1)}-{m.group(2)}" if m else None


def _months(yyyy_mm: str) -> int:
    year, month = yyyy_mm.split("-")[:2]
    return int(year) * 12 + int(month) - 1


def _as_percent(value: float) -> float:
    return value * 100 if value <= 1 else value


@dataclass
class PaperContext:
    """What a check needs to know of the rest of the paper."""

    submitted: str | None = None                       # 'YYYY-MM'
    percent_benchmarks: set[str] = field(default_factory=set)
    best_top5: dict[str, float] = field(default_factory=dict)
    operations_of: dict[str, float] = field(default_factory=dict)

    @classmethod
    def of(cls, submitted: str | None, results: Iterable[Mapping[str, Any]],
           compute: Iterable[Mapping[str, Any]]) -> PaperContext:
        ctx = cls(submitted=submitted)
        results = list(results)
        for r in results:
            if r["value"] > 1:
                ctx.percent_benchmarks.add(r["benchmark"])
        for r in results:
            pick = _TOP5.get(r["metric"])
            if pick is None or not _ranks_top_k(r["benchmark"]) or _score_range_fails(r):
                continue
            have = ctx.best_top5.get(r["metric"])
            value = _as_percent(r["value"])
            ctx.best_top5[r["metric"]] = value if have is None else pick(have, value)
        for c in compute:
            if c.get("subject") and c["kind"] == "per_forward" and not _compute_checks(c):
                ctx.operations_of.setdefault(c["subject"], as_flops(c["value"], c["unit"]))
        return ctx


def _range_fails(name: str, value: float, key: str | None = None) -> bool:
    check = _checks()[name]
    bounds = check["ranges"].get(key) if key is not None else check["range"]
    return bounds is not None and not (bounds[0] <= value <= bounds[1])


def _score_range_fails(r: Mapping[str, Any]) -> bool:
    return _range_fails("score_outside_range", _as_percent(r["value"]),
                        f"{r['benchmark']}/{r['metric']}")


def _result_checks(r: Mapping[str, Any], ctx: PaperContext) -> list[str]:
    failed = []
    if r["value"] <= 1 and r["benchmark"] in ctx.percent_benchmarks:
        failed.append("fraction_among_percentages")
    elif _score_range_fails(r):
        # 79.4 as a top-1 error is out of range, but 100 - 79.4 is a top-1 error
        key = f"{r['benchmark']}/{r['metric']}"
        swapped = ("error" in key or "accuracy" in key) and not _range_fails(
            "score_outside_range", 100 - _as_percent(r["value"]), key)
        failed.append("error_read_as_accuracy" if swapped else "score_outside_range")
    if _ranks_top_k(r["benchmark"]) and r["metric"] in {"top-1 accuracy", "top-1 error"}:
        top5 = ctx.best_top5.get(r["metric"].replace("top-1", "top-5"))
        value = _as_percent(r["value"])
        if top5 is not None and (value > top5 if r["metric"] == "top-1 accuracy"
                                 else value < top5):
            failed.append("top1_beyond_top5")
    return failed


@cache
def _released() -> dict[str, str]:
    return {a.canonical: a.released for a in registry.accelerators() if a.released}


def _hardware_checks(h: Mapping[str, Any], ctx: PaperContext) -> list[str]:
    failed = []
    released = _released().get(h["accelerator"])
    grace = _checks()["accelerator_after_paper"]["grace_months"]
    if released and ctx.submitted and _months(released) > _months(ctx.submitted) + grace:
        failed.append("accelerator_after_paper")
    if h.get("count") is not None and _range_fails("count_outside_range", h["count"]):
        failed.append("count_outside_range")
    return failed


def _compute_checks(c: Mapping[str, Any]) -> list[str]:
    if _range_fails("operations_outside_range", c["value"], f"{c['kind']}/{c['unit']}"):
        return ["operations_outside_range"]
    return []


def _parameter_checks(p: Mapping[str, Any], ctx: PaperContext) -> list[str]:
    failed = []
    if _range_fails("parameters_outside_range", p["value"]):
        failed.append("parameters_outside_range")
    label = p.get("model") or ""
    flops = ctx.operations_of.get(label)
    check = _checks()["parameters_above_operations"]
    sparse = set(re.findall(r"[a-z]+", label.lower())) & set(check["sparse_words"])
    # MACs count each weight once, FLOPs twice: compare with multiply-adds.
    if flops and not sparse and check["min_ratio"] * p["value"] > flops / 2:
        failed.append("parameters_above_operations")
    return failed


def failed_checks(field_name: str, fact: Mapping[str, Any], ctx: PaperContext) -> list[str]:
    """The names of the checks the fact fails; empty when it passes."""
    if field_name == "results":
        return _result_checks(fact, ctx)
    if field_name == "hardware":
        return _hardware_checks(fact, ctx)
    if field_name == "compute":
        return _compute_checks(fact)
    if field_name == "parameters":
        return _parameter_checks(fact, ctx)
    single = {"training_time": ("training_time_outside_range", "hours"),
              "device_time": ("device_time_outside_range", "device_hours")}
    name, key = single[field_name]
    return [name] if _range_fails(name, fact[key]) else []
