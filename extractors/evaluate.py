"""Per-field precision, recall and F1 against gold annotations, by GOLD.md's "Scoring" rules
(the same numbers as shared/corpus/score.py)."""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

REL = 0.02
ABS_SCORE = 0.051
LOWER_IS_BETTER = {"top-1 error", "top-5 error", "error"}
FIELD_ORDER = ("hardware", "training_time", "device_time", "compute", "parameters", "results")
Record = tuple
Match = Callable[[Record, Record], bool]


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


FIELDS: dict[str, tuple[Callable[[dict], Record], Match]] = {
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


def _best_results(items: list[dict]) -> dict[tuple, float]:
    best: dict[tuple, float] = {}
    for it in items:
        v = _num(it.get("value"))
        if v is None:
            continue
        metric = str(it.get("metric", "")).strip().lower()
        key = (_canon(it.get("benchmark")), _canon(metric))
        lower = metric in LOWER_IS_BETTER
        if key not in best or (v < best[key] if lower else v > best[key]):
            best[key] = v
    return best


def _dedupe(recs: list[Record], match: Match) -> list[Record]:
    out: list[Record] = []
    for r in recs:
        if not any(match(r, o) for o in out):
            out.append(r)
    return out


def score(gold: dict[str, dict], pred: dict[str, dict]) -> tuple[dict, dict]:
    tally: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    per_paper: dict[str, dict] = {}
    for paper, g in gold.items():
        p = pred.get(paper, {})
        row: dict[str, tuple[int, int, int]] = {}
        for field, (rec, match) in FIELDS.items():
            gs = _dedupe([rec(i) for i in g.get(field) or []], match)
            ps = _dedupe([rec(i) for i in p.get(field) or []], match)
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


def report(summary: dict[str, dict]) -> str:
    lines = [f"{'field':14} {'P':>6} {'R':>6} {'F1':>6}  tp/pred/gold"]
    for field in FIELD_ORDER:
        s = summary.get(field)
        if s:
            lines.append(f"{field:14} {s['precision']:6.3f} {s['recall']:6.3f} {s['f1']:6.3f}"
                         f"  {s['tp']}/{s['predicted']}/{s['gold']}")
    return "\n".join(lines)
