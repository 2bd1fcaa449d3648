"""A table fact as a mention: its field's value, the row it was read from, and notes saying
whether the row is the authors' own and which column it stood in."""

from __future__ import annotations

from flopwatch.extractors import operations, registry
from flopwatch.extractors.mentions import Mention
from flopwatch.extractors.pdf_text import Page
from flopwatch.extractors.record import Compute, Field, Notes, Value
from flopwatch.extractors.tables.facts import TableFact


def _counted_accelerator(page: Page, header: str) -> str | None:
    """What a '#GPUs' or 'Cores' column counts: the kind its header names, else the one
    kind of accelerator its page speaks of; None where that is unclear."""
    for text in (header, page.text):
        kinds = {k for k in ("GPU", "TPU") if k in text.upper()}
        if len(kinds) == 1:
            return registry.generic(kinds.pop().lower())
    return None


def table_mention(page: Page, fact: TableFact) -> Mention | None:
    quote = " ".join(fact.row.text.split())
    start = max(page.text.find(fact.row.cells[0].text), 0)
    value: Value
    field: Field
    if fact.kind == "hardware":
        accelerator = _counted_accelerator(page, fact.column.header.text)
        if accelerator is None:
            return None
        value = {"accelerator": accelerator, "count": int(fact.value),
                 "count_unit": fact.column.unit, "role": "training"}
        field = "hardware"
    elif fact.kind == "training_time":
        value = {"hours": round(fact.value, 4), "hours_low": None,
                                 "subject": fact.label}
        field = "training_time"
    elif fact.kind == "device_time":
        value = {"device_hours": round(fact.value, 4), "device": fact.column.header.text}
        field = "device_time"
    elif fact.kind == "parameters":
        value = {"model": fact.label, "value": round(fact.value)}
        field = "parameters"
    elif fact.kind == "compute":
        # A column named for training cost holds totals, but no training run costs under a
        # teraFLOP: such a value in it is a per-example count. PF-days are always totals.
        total = fact.column.unit == "PF-days" or (fact.column.total and fact.value >= 1e12) \
            or fact.value >= operations.TRAINING_TOTAL_MIN_FLOPS
        value = Compute(kind="training_total" if total else "per_forward", value=fact.value,
                        unit=fact.column.unit or "FLOPs", subject=fact.label)
        field = "compute"
    else:
        value = {"benchmark": fact.benchmark, "metric": fact.column.metric, "split": None,
                 "value": fact.value, "model": fact.label, "in_table": True}
        field = "results"
    return Mention(field, value, page.number, start, start + len(fact.row.cells[0].text),
                   quote, f"table_{fact.kind}_column", in_table=True,
                   notes=Notes(own=fact.own, column=fact.column.path, row=fact.label))
