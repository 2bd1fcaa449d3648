"""One paper from PDF to facts: text -> sentences and table rows -> mentions -> per-paper facts.

The per-paper record has exactly the shape of the gold annotations (shared/corpus/GOLD.md),
plus `mentions` with the provenance of every value.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Callable, Iterator
from functools import cache
from operator import itemgetter
from pathlib import Path
from typing import Any, TypeVar, cast

from spacy.tokens import Doc

from flopwatch.extractors import (
    checks,
    hardware,
    models,
    registry,
    schedule,
    tables,
)
from flopwatch.extractors.data import other_datasets
from flopwatch.extractors.mentions import (
    EXTRACTOR_VERSION,
    Mention,
    Reading,
    quote_of,
    reading,
)
from flopwatch.extractors.model_names import model_names
from flopwatch.extractors.nlp import pipeline
from flopwatch.extractors.pdf_text import PdfReadError, PdfText, read_pdf
from flopwatch.extractors.record import (
    FIELDS,
    ComputeFact,
    DeviceTimeFact,
    Fact,
    HardwareFact,
    Notes,
    PaperFacts,
    PaperRecord,
    ParametersFact,
    Result,
    ResultFact,
    Schedule,
    ScheduleFact,
    TrainingTimeFact,
)
from flopwatch.extractors.sentences import candidate_sentences, text_blocks
from flopwatch.extractors.tables.mentions import table_mention

_CONTEXT_CHARS = 300



def _benchmark_counts(full_text: str) -> Counter[str]:
    """How often the paper names each benchmark. The registry's spellings are counted with
    str.count, which over a whole paper is many times faster than a regular expression."""
    lower = full_text.lower()
    return Counter({f.name: sum(lower.count(s) for s in f.counted)
                    for f in registry.families()})


def paper_benchmarks(text: PdfText) -> list[str]:
    """Benchmarks the paper names, most named first (ties in the registry's order)."""
    return _named_most_first(_benchmark_counts("\n".join(p.text for p in text.pages)))


def _named_most_first(counts: Counter[str]) -> list[str]:
    return [name for name, n in counts.most_common() if n > 0]


@cache
def _dataset_of(found: str) -> str:
    """Which of the other datasets' names a match is."""
    return next((name for name in other_datasets() if re.fullmatch(name, found)), found)


def _out_named(full: str, counted: Counter[str]) -> list[str]:
    """The paper's benchmarks less one a metric implies that another dataset is named more
    often than: in a video paper that names Kinetics 60 times and ImageNet 20, a bare
    "top-1 accuracy" is on Kinetics, not ImageNet."""
    benches = _named_most_first(counted)
    implied = registry.implied_benchmarks()
    if not implied & set(benches):
        return benches
    # one pass over the paper; a dataset's variants ("Kinetics-400", "Kinetics-600") are one
    named = Counter(_dataset_of(m.group(1)) for m in tables.OTHER_DATASET.finditer(full))
    most = max(named.values(), default=0)
    return [b for b in benches if b not in implied or counted[b] >= most]


def mentions(text: PdfText, own_names: tuple[str, ...] | None = None) -> list[Mention]:
    full = "\n".join(p.text for p in text.pages)
    counted = _benchmark_counts(full)
    benches = _named_most_first(counted)
    sentence_benches = _out_named(full, counted)
    if own_names is None:
        own_names = model_names(text)
    nlp = pipeline()
    out: list[Mention] = []
    # Each sentence comes with the text just before it in its block (the block before, for
    # a block's first): "... and 12 workers. Each worker uses 8 GPUs" counts 96 GPUs.
    pieces = [(page, offset + at, sentence,
               block[max(0, at - _CONTEXT_CHARS):at] if at else previous[-_CONTEXT_CHARS:])
              for page, offset, block, previous in text_blocks(text)
              for at, sentence in candidate_sentences(block)]

    def docs() -> Iterator[Doc]:
        for _, _, sentence, before in pieces:
            # Line breaks inside a block are layout, not language: read them as spaces
            # (same length, so spans still point into the page text).
            read = sentence.replace("\n", " ")
            doc = nlp.make_doc(read)
            doc.user_data["text"] = read     # the tokenizer keeps the text as it is
            doc._.reading = Reading(before.replace("\n", " "), tuple(sentence_benches))
            yield doc
    for (page, offset, _, _), doc in zip(pieces, nlp.pipe(docs()), strict=True):
        # sentence by sentence, and in each the fields in their components' order
        read = reading(doc)
        starts = [s.start for s in read.own_sentences]
        found = [(bisect_right(starts, f.span.start) - 1, field, f)
                 for field, items in read.found.items() for f in items]
        found.sort(key=itemgetter(0))
        for sentence, field, (value, rule_id, span, notes) in found:
            out.append(Mention(field, value, page.number, offset + span.start_char,
                               offset + span.end_char, quote_of(read.own_sentences[sentence]),
                               rule_id, notes=notes or Notes()))
    for page in text.pages:
        for fact in [*tables.facts(page, benches, own_names),
                     *tables.transposed_facts(page, own_names)]:
            if (mention := table_mention(page, fact)) is not None:
                out.append(mention)
    return out


def _best_results(found: list[Mention], ctx: checks.PaperContext,
                  held: list[Fact]) -> list[ResultFact]:
    """The authors' best result per (benchmark, metric) that passes the plausibility checks;
    rows marked 'ours' win. Better-looking values that fail a check go to `held`."""
    groups: dict[tuple[str, str], list[tuple[Mention, ResultFact]]] = {}
    for m in found:
        record = cast(ResultFact, m.record())
        groups.setdefault((record["benchmark"], record["metric"]), []).append((m, record))
    out: list[ResultFact] = []
    for (_bench, metric), items in groups.items():
        own = [(m, r) for m, r in items if m.notes.get("own")] or items
        ranked = sorted((r for _, r in own), key=lambda r: r["value"],
                        reverse=metric not in registry.lower_is_better())
        for record in ranked:
            if not checks.failed_checks("results", record, ctx):
                out.append(record)
                break
            _hold("results", record, ctx, held)
    return out


def _hold(field: str, fact: Fact, ctx: checks.PaperContext, held: list[Fact]) -> None:
    held.append(cast(Fact, {"field": field, **fact,
                            "checks": checks.failed_checks(field, fact, ctx)}))


_F = TypeVar("_F", HardwareFact, TrainingTimeFact, DeviceTimeFact, ComputeFact, ParametersFact)


def _passing(field: str, records: list[_F], ctx: checks.PaperContext,
             held: list[Fact]) -> list[_F]:
    """The records that pass the checks; the others go to `held` with the checks' names."""
    out = []
    for r in records:
        if checks.failed_checks(field, r, ctx):
            _hold(field, r, ctx, held)
        else:
            out.append(r)
    return out


def _dedupe(records: list[_F], key: Callable[[_F], tuple[object, ...]]) -> list[_F]:
    seen: set[tuple[object, ...]] = set()
    out = []
    for r in records:
        k = key(r)
        if k not in seen:
            seen.add(k)
            out.append(r)
    return out


def facts(found: list[Mention], submitted: str | None = None,
          own_names: tuple[str, ...] = ()) -> PaperFacts:
    """The per-paper facts (GOLD.md's shape) that pass the plausibility checks, and under
    `held_back` those that fail one, each with the names of the checks it failed; then the
    paper's models (each model's own values) and its training schedule."""
    by_field: dict[str, list[Mention]] = {f: [] for f in (*FIELDS, "training_schedule")}
    for m in found:
        by_field[m.field].append(m)
    def records(field: str) -> list[Any]:   # each field's facts, typed where they are used
        return [m.record() for m in by_field[field]]
    hw = hardware.consolidate([(cast(HardwareFact, m.record()), m.notes)
                               for m in by_field["hardware"]])
    compute: list[ComputeFact] = _dedupe(
        records("compute"), lambda r: (r["kind"], r["unit"], round(r["value"], 6)))
    ctx = checks.PaperContext.of(submitted, [cast(Result, m.value) for m in by_field["results"]],
                                 compute)
    held: list[Fact] = []
    held_results: list[Fact] = []
    results = _best_results(by_field["results"], ctx, held_results)
    hardware_facts = _passing("hardware", hw, ctx, held)
    training_time: list[TrainingTimeFact] = _passing("training_time", _dedupe(
        records("training_time"), lambda r: (r["hours"], r["quote"])), ctx, held)
    device_time: list[DeviceTimeFact] = _passing("device_time", _dedupe(
        records("device_time"), lambda r: (r["device_hours"],)), ctx, held)
    compute = _passing("compute", compute, ctx, held)
    parameters: list[ParametersFact] = _passing("parameters", _dedupe(
        records("parameters"), lambda r: (r["value"], r["model"])), ctx, held)
    found_models = models.paper_models(found, own_names, ctx)
    models.name_subjects(training_time, found_models)
    schedule_found = [ScheduleFact(kind=v["kind"], value=v["value"], quote=m.quote,
                                   page=m.page, rule=m.rule)
                      for m in by_field["training_schedule"] if (v := cast(Schedule, m.value))]
    return PaperFacts(
        hardware=hardware_facts, training_time=training_time, device_time=device_time,
        compute=compute, parameters=parameters, results=results,
        held_back=[*held, *held_results],
        models=found_models, training_schedule=schedule.schedule_facts(schedule_found))


def extract_text(name: str, text: PdfText) -> PaperRecord:
    own_names = model_names(text)
    found = mentions(text, own_names)
    paper = facts(found, checks.submitted_month(name), own_names)
    record = PaperRecord(
        paper=name, extractor_version=EXTRACTOR_VERSION, pages=text.page_count,
        hardware=paper["hardware"], training_time=paper["training_time"],
        device_time=paper["device_time"], compute=paper["compute"],
        parameters=paper["parameters"], results=paper["results"],
        held_back=paper["held_back"], models=paper["models"],
        training_schedule=paper["training_schedule"], mentions=[])
    record["mentions"] = [
        {"field": m.field, **m.value, "page": m.page, "start": m.start, "end": m.end,
         "quote": m.quote, "rule": m.rule, "in_table": m.in_table,
         **({"row": m.notes.get("row"), "column": m.notes.get("column")} if m.in_table else {})}
        for m in found]
    if not text.has_text:
        record["error"] = f"no text layer ({text.text_chars} characters)"
    return record


def extract_pdf(path: Path) -> PaperRecord:
    """The per-paper record; a PDF that cannot be read gives a record with `error`."""
    name = path.name[:-4] if path.name.lower().endswith(".pdf") else path.name
    try:
        text = read_pdf(path)
    except PdfReadError as err:
        return {"paper": name, "extractor_version": EXTRACTOR_VERSION, "error": str(err),
                "hardware": [], "training_time": [], "device_time": [], "compute": [],
                "parameters": [], "results": [], "held_back": [], "models": [],
                "training_schedule": [], "mentions": []}
    return extract_text(name, text)
