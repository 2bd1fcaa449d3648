"""Per-field precision, recall and F1 against gold annotations, by GOLD.md's "Scoring" rules
(the same numbers as shared/corpus/score.py)."""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from itertools import groupby
from pathlib import Path
from typing import Any

from flopwatch.extractors.record import FIELDS as RECORD_FIELDS
from flopwatch.extractors.registry import lower_is_better

REL = 0.02
ABS_SCORE = 0.051
# A gold or predicted fact as read from its JSON file, and the tuple a field compares.
Json = dict[str, Any]
Record = tuple[Any, ...]
Match = Callable[[Record, Record], bool]


def fold_of(paper: str) -> str:
    """'A' or 'B': the paper's fixed fold (sha1 of its id, even or odd). A rule written from
    a miss in one fold is kept only if it does not lower the other."""
    return "AB"[int(hashlib.sha1(paper.encode()).hexdigest(), 16) % 2]


def _canon(s: object) -> str:
    return re.sub(r"[^a-z0-9.]+", "", str(s or "").lower())


def _num(x: object) -> float | None:
    try:
        return float(x)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None


def _close(a: float | None, b: float | None, rel: float = REL) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return abs(a - b) <= rel * max(abs(a), abs(b))


def _first_close(g: Record, p: Record) -> bool:
    return _close(g[0], p[0])


FIELDS: dict[str, tuple[Callable[[Json], Record], Match]] = {
    "hardware": (lambda it: (_canon(it.get("accelerator")), _num(it.get("count")),
                             _canon(it.get("role") or "training")),
                 lambda g, p: g[0] == p[0] and g[2] == p[2] and _close(g[1], p[1], 0.0)),
    "training_time": (lambda it: (_num(it.get("hours")),), _first_close),
    "device_time": (lambda it: (_num(it.get("device_hours")),), _first_close),
    "compute": (lambda it: (_canon(it.get("kind")), _canon(it.get("unit")),
                            _num(it.get("value"))),
                lambda g, p: g[0] == p[0] and g[1] == p[1] and _close(g[2], p[2])),
    "parameters": (lambda it: (_num(it.get("value")),), _first_close),
}


def _result_key(it: Json) -> tuple[str, str]:
    """(benchmark, metric) as scoring compares them: case and punctuation ignored."""
    return _canon(it.get("benchmark")), _canon(str(it.get("metric", "")).strip().lower())


def _best_results(items: list[Json]) -> dict[Record, float]:
    best: dict[Record, float] = {}
    for it in items:
        v = _num(it.get("value"))
        if v is None:
            continue
        key = _result_key(it)
        lower = str(it.get("metric", "")).strip().lower() in lower_is_better()
        if key not in best or (v < best[key] if lower else v > best[key]):
            best[key] = v
    return best


def _dedupe(recs: list[Record], match: Match) -> list[Record]:
    out: list[Record] = []
    for r in recs:
        if not any(match(r, o) for o in out):
            out.append(r)
    return out


def score(gold: dict[str, Json], pred: dict[str, Json]) -> tuple[dict[str, Json], Json]:
    tally: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    per_paper: dict[str, Json] = {}
    for paper, g in gold.items():
        p = pred.get(paper, {})
        row: dict[str, tuple[int, int, int]] = {}
        for field, (key_of, match) in FIELDS.items():
            gs = _dedupe([key_of(i) for i in g.get(field) or []], match)
            ps = _dedupe([key_of(i) for i in p.get(field) or []], match)
            unused = list(gs)
            tp = 0
            for r in ps:
                hit = next((u for u in unused if match(u, r)), None)
                if hit is not None:
                    unused.remove(hit)
                    tp += 1
            t = tally[field]
            t[0], t[1], t[2] = t[0] + tp, t[1] + len(ps), t[2] + len(gs)
            row[field] = (tp, len(ps), len(gs))
        gb, pb = _best_results(g.get("results") or []), _best_results(p.get("results") or [])
        tp = sum(1 for k, v in pb.items() if k in gb and abs(gb[k] - v) <= ABS_SCORE)
        t = tally["results"]
        t[0], t[1], t[2] = t[0] + tp, t[1] + len(pb), t[2] + len(gb)
        row["results"] = (tp, len(pb), len(gb))
        per_paper[paper] = row
    summary = {}
    for field, (tp, n_pred, n_gold) in tally.items():
        prec = tp / n_pred if n_pred else (1.0 if n_gold == 0 else 0.0)
        rec = tp / n_gold if n_gold else 1.0
        f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
        summary[field] = {"tp": tp, "predicted": n_pred, "gold": n_gold,
                          "precision": round(prec, 3), "recall": round(rec, 3),
                          "f1": round(f1, 3)}
    return summary, per_paper


def _right_by_gold(fact: Json, gold: Json) -> bool:
    """A held-back fact matches what the gold says the paper states."""
    field = fact.get("field")
    if field == "results":
        value = _num(fact.get("value"))
        return value is not None and any(
            _result_key(g) == _result_key(fact)
            and (v := _num(g.get("value"))) is not None and abs(v - value) <= ABS_SCORE
            for g in gold.get("results") or [])
    if field not in FIELDS:
        return False
    key_of, match = FIELDS[field]
    return any(match(key_of(g), key_of(fact)) for g in gold.get(field) or [])


def held_back(gold: dict[str, Json], pred: dict[str, Json]) -> dict[str, tuple[int, int]]:
    """Per plausibility check: (facts it held back, how many of those the gold states)."""
    out: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for paper, p in pred.items():
        if paper not in gold:
            continue
        for fact in p.get("held_back") or []:
            right = _right_by_gold(fact, gold[paper])
            for check in fact.get("checks") or []:
                out[check][0] += 1
                out[check][1] += int(right)
    return {k: (n, r) for k, (n, r) in sorted(out.items())}


@dataclass(frozen=True)
class Miss:
    """A false negative (the gold states it, nothing matched) or a false positive."""

    kind: str           # "missed" or "extra"
    field: str
    paper: str
    value: str          # the item's values as compared
    page: object
    quote: str
    why: str            # the rule that fired, "held back by ...", or "no candidate"


def _unmatched(gs: list[Json], ps: list[Json], key_of: Callable[[Json], Record],
               match: Match) -> tuple[list[Json], list[Json]]:
    """The gold items no prediction matched and the predictions that matched none, each
    side de-duplicated first as `score` does."""
    def dedupe(items: list[Json]) -> list[Json]:
        out: list[Json] = []
        for it in items:
            if not any(match(key_of(it), key_of(o)) for o in out):
                out.append(it)
        return out
    unused = dedupe(gs)
    extra = []
    for it in dedupe(ps):
        hit = next((u for u in unused if match(key_of(u), key_of(it))), None)
        if hit is None:
            extra.append(it)
        else:
            unused.remove(hit)
    return unused, extra


def _best_items(items: list[Json]) -> list[Json]:
    """Per (benchmark, metric), the item with the best value: the one results are scored on."""
    best = _best_results(items)
    return [next(i for i in items if _result_key(i) == k and _num(i.get("value")) == v)
            for k, v in best.items()]


def _result_record(it: Json) -> Record:
    return (*_result_key(it), _num(it.get("value")))


def _result_match(a: Record, b: Record) -> bool:
    """The same benchmark and metric, the best values within the scorer's tolerance."""
    return a[:2] == b[:2] and a[2] is not None and b[2] is not None and \
        abs(a[2] - b[2]) <= ABS_SCORE


def _why_missed(field: str, item: Json, p: Json) -> str:
    """What became of a gold item the prediction lacks: a mention of it (which rule found
    it, and whether a check held it back), or no candidate at all."""
    key_of, match = FIELDS.get(field, (None, None))
    def same(found: Json) -> bool:
        if field == "results":
            return _result_match(_result_record(item), _result_record(found))
        return key_of is not None and match is not None and match(key_of(item), key_of(found))
    held = next((h for h in p.get("held_back") or [] if h.get("field") == field and same(h)),
                None)
    if held is not None:
        return "held back by " + ", ".join(held.get("checks") or [])
    found = next((m for m in p.get("mentions") or [] if m.get("field") == field and same(m)),
                 None)
    return f"found by {found.get('rule')}, not kept" if found else "no candidate"


def _rule_of(field: str, item: Json, p: Json) -> str:
    return next((str(m.get("rule")) for m in p.get("mentions") or []
                 if m.get("field") == field and m.get("quote") == item.get("quote")), "?")


def misses(gold: dict[str, Json], pred: dict[str, Json]) -> list[Miss]:
    """Every false negative and false positive, with its evidence and why."""
    out = []
    for paper, g in sorted(gold.items()):
        p = pred.get(paper, {})
        for field in [*FIELDS, "results"]:
            key_of: Callable[[Json], Record]
            match: Match
            if field == "results":
                gs, ps = _best_items(g.get(field) or []), _best_items(p.get(field) or [])
                key_of, match = _result_record, _result_match
            else:
                gs, ps = g.get(field) or [], p.get(field) or []
                key_of, match = FIELDS[field]
            missed, extra = _unmatched(gs, ps, key_of, match)
            out += [Miss("missed", field, paper, str(key_of(it)), it.get("page"),
                         str(it.get("quote", "")), _why_missed(field, it, p)) for it in missed]
            out += [Miss("extra", field, paper, str(key_of(it)), it.get("page"),
                         str(it.get("quote", "")), _rule_of(field, it, p)) for it in extra]
    return out


def _reason(miss: Miss) -> str:
    """A miss's class: held back, found but not kept, no candidate; an extra's rule."""
    if miss.why.startswith("held back"):
        return "held back by a check"
    return "found by a rule, not kept" if miss.why.startswith("found by") else miss.why


def misses_report(found: list[Miss]) -> str:
    """The misses grouped by field and kind, the reasons counted first: classes, not
    single papers."""
    lines = []
    for (field, kind), items in groupby(sorted(found, key=lambda m: (m.field, m.kind)),
                                        key=lambda m: (m.field, m.kind)):
        group = list(items)
        reasons = Counter(_reason(m) for m in group)
        lines.append(f"\n{field}: {len(group)} {kind} ("
                     + ", ".join(f"{n} {why}" for why, n in reasons.most_common()) + ")")
        lines += [f"  {m.paper} p{m.page} {m.value} [{m.why}] {m.quote[:100]}" for m in group]
    return "\n".join(lines).lstrip("\n") or "(no misses)"


def load_jsonl(path: Path) -> dict[str, dict[str, Any]]:
    out = {}
    with path.open(encoding="utf-8") as fh:
        for n, line in enumerate(fh, start=1):
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
                out[str(obj["paper"])] = obj
            except (ValueError, KeyError, TypeError) as err:
                raise ValueError(f"{path}:{n}: not a paper record ({err})") from None
    return out


def checks_report(counts: dict[str, tuple[int, int]]) -> str:
    lines = [f"{'check':30} {'held back':>9} {'right by gold':>13}"]
    lines += [f"{name:30} {n:9d} {right:13d}" for name, (n, right) in counts.items()]
    return "\n".join(lines if counts else [*lines, "(no fact was held back)"])


def report(summary: dict[str, Json]) -> str:
    lines = [f"{'field':14} {'P':>6} {'R':>6} {'F1':>6}  tp/pred/gold"]
    for field in RECORD_FIELDS:
        s = summary.get(field)
        if s:
            lines.append(f"{field:14} {s['precision']:6.3f} {s['recall']:6.3f} {s['f1']:6.3f}"
                         f"  {s['tp']}/{s['predicted']}/{s['gold']}")
    return "\n".join(lines)
