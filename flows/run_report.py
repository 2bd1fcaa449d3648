"""What a run reports: its window and counts, and the artifacts it publishes (a markdown
summary with the trend fits the run changed, and a table of its failures)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from prefect.artifacts import create_markdown_artifact, create_table_artifact

from flopwatch.flows.settings import Settings
from flopwatch.warehouse import load, queries
from flopwatch.warehouse.db import writer


@dataclass(frozen=True)
class Window:
    start: datetime
    end: datetime


@dataclass
class RunReport:
    run_id: str
    window: Window
    categories: list[str]
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(load.RUN_COUNTS, 0))
    facts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(load.FACT_TABLES, 0))
    failures: list[dict[str, Any]] = field(default_factory=list)
    # why each paper in hand is fetched ("new", "updated", "retried"): one that then fails
    # is counted as failed, not as new as well
    reasons: dict[str, str] = field(default_factory=dict)


def new_run_id() -> str:
    """A run's id in ingest_runs: twelve hex digits."""
    return uuid.uuid4().hex[:12]


def one_line(err: BaseException) -> str:
    text = " ".join(str(err).split()) or type(err).__name__
    return text[:500]


def _md(text: str) -> str:
    """Text from outside (errors quoting a server's answer) made inert in markdown/HTML."""
    return (text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace("|", "\\|").replace("\n", " "))


FitKey = tuple[str, str, str]


def extracted_fits(settings: Settings) -> dict[FitKey, tuple[int, float, float]]:
    """(n, slope, r2) of each fit over extracted points, to say which ones a run changed."""
    with writer(settings.db_path) as con:
        return queries.extracted_fit_summaries(con)


def _changed_fits(before: dict[FitKey, tuple[int, float, float]],
                  after: dict[FitKey, tuple[int, float, float]]) -> list[str]:
    rows = []
    for key in sorted(after):
        old, new = before.get(key), after[key]
        if old is not None and old[0] == new[0] and abs(old[1] - new[1]) < 1e-12:
            continue
        was = f"{old[0]} / {old[1]:.4f}" if old else "(no fit)"
        rows.append(f"| {' | '.join(_md(k) for k in key)} | {was} | {new[0]} / {new[1]:.4f} "
                    f"| {new[2]:.3f} |")
    return rows


def summary_markdown(title: str, reports: list[RunReport], changed_fits: list[str],
                     note: str = "") -> str:
    counts = {k: sum(r.counts[k] for r in reports) for k in load.RUN_COUNTS}
    facts = {k: sum(r.facts[k] for r in reports) for k in load.FACT_TABLES}
    failures = [f for r in reports for f in r.failures]
    lines = [f"# {title}", ""]
    if reports:
        first, last = reports[0].window, reports[-1].window
        lines.append(f"Window: {first.start:%Y-%m-%d %H:%M} .. {last.end:%Y-%m-%d %H:%M} UTC"
                     f"; categories: {' '.join(reports[0].categories)}")
    if note:
        lines += ["", note]
    c = counts
    lines += [
        "",
        "| found | new | updated | retried | unchanged | failed |",
        "|---|---|---|---|---|---|",
        f"| {c['found']} | {c['new']} | {c['updated']} | {c['retried']} | {c['unchanged']} "
        f"| {c['failed']} |",
        "", "## New facts by kind", "",
        "| " + " | ".join(facts) + " |", "|" + "---|" * len(facts),
        "| " + " | ".join(str(v) for v in facts.values()) + " |",
        "", "## Trend fits this run changed", "",
    ]
    if changed_fits:
        lines += ["| benchmark | metric | compute | n / slope before | n / slope now | r² now |",
                  "|---|---|---|---|---|---|", *changed_fits]
    else:
        lines.append("None: no fit over extracted points changed.")
    if failures:
        lines += ["", "## Failures", "", "| paper | step | error |", "|---|---|---|"]
        lines += [f"| {f['arxiv_id']}{'v' + str(f['version']) if f['version'] else ''} | "
                  f"{f['step']} | {_md(f['error'])} |" for f in failures]
    return "\n".join(lines) + "\n"


def publish(key: str, title: str, reports: list[RunReport],
            fits_before: dict[FitKey, tuple[int, float, float]], settings: Settings,
            note: str = "") -> None:
    """The run's markdown summary and a table artifact of its failures."""
    changed = _changed_fits(fits_before, extracted_fits(settings))
    create_markdown_artifact(key=f"{key}-summary",
                             markdown=summary_markdown(title, reports, changed, note),
                             description="What this run found, loaded and failed on")
    failures = [f for r in reports for f in r.failures]
    create_table_artifact(key=f"{key}-failures",
                          table=failures or [{"arxiv_id": "", "version": 0, "step": "",
                                              "error": "no failures"}],
                          description="Papers this run could not load, and why")
