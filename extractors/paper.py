"""One paper from PDF to facts: text -> sentences and table rows -> mentions -> per-paper facts.

The per-paper record has exactly the shape of the gold annotations (shared/corpus/GOLD.md),
plus `mentions` with the provenance of every value.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterator
from functools import cache
from pathlib import Path
from typing import Any, TypeVar, cast

from spacy.tokens import Doc

from flopwatch.extractors import (
    checks,
    components,
    hardware,
    models,
    operations,
    registry,
    schedule,
    tables,
)
from flopwatch.extractors.data import other_datasets, words
from flopwatch.extractors.mentions import (
    EXTRACTOR_VERSION,
    Mention,
    quote_of,
)
from flopwatch.extractors.nlp import pipeline
from flopwatch.extractors.pdf_text import Page, PdfReadError, PdfText, read_pdf
from flopwatch.extractors.record import (
    FIELDS,
    Compute,
    ComputeFact,
    DeviceTimeFact,
    Fact,
    Field,
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
    Value,
)

_DIGIT = re.compile(r"\d")
_NUMBER_WORD = re.compile(r"\b(one|two|three|four|five|six|seven|eight|nine|ten|twelve|"
                          r"single|a (day|week|month))\b", re.I)

_REFERENCES = re.compile(r"^\s*(\d+\.?\s*)?(references|bibliography|literature cited)\s*$",
                         re.I)
_AFTER_REFERENCES = re.compile(r"^\s*((?i:append(ix|ices)|supplementary)|"
                               r"[A-H](\.\d+)*\.?\s+[A-Z][A-Za-z]|[A-H](\.\d+)*\.?\s*$)")

_CONTEXT_CHARS = 300



# Only sentences that hold a number and a word some rule looks for go through spaCy; the
# rest of a paper (most of it) cannot yield a fact, and skipping it is most of the speed.
# Plain words are looked for with `in` (a fast scan of the text); the regular expression,
# matched against lower-cased text (twice as fast as re.I), has only the words that need
# boundaries.
_RELEVANT_WORDS = tuple(words("relevant_words"))
# One word boundary before the alternatives: they are tried only where a word starts,
# which makes the search several times faster than alternatives that each test for it.
_RELEVANT = re.compile(
    r"\b(?:tpu|cores?\b|chips?\b|nodes?\b|machines\b|workers?\b|servers?\b|"
    r"[kvpamht]-?\d{2,3}|hours?\b|days?\b|weeks?\b|months?\b|minutes?\b|\d+(?:\.\d+)?\s*h\b|"
    r"hrs?\b|mult-?adds?|macs?\b|f1\b|em\b|top-?\s?[15]|pf-?s|[gmtp]?ops\b|"
    # the schedule: a number just before "epochs" ("300-epoch"), a hundred or more
    # iterations ("600k iterations"), a count of tokens with its magnitude ("300B tokens"),
    # or a number just after "batch (size)"
    r"\d[\d,.]*\s?-?\s?epochs?\b|"
    r"(?:\d[\d,.]*\s?(?:k|m|thousand|million)|\d{3,}[\d,.]*)\s?-?\s?"
    r"(?:iterations?|steps|updates)\b|"
    r"\d[\d,.]*\s?(?:[kmbt]|thousand|million|billion|trillion)\s?-?\s?tokens\b|"
    r"(?:mini-?)?batch(?:es)?(?:\ssize)?(?:\sof|\sis|\sto|\s=|:)?\s?\d|"
    # a model's size in weights ("77 million weights")
    r"(?:[kmbgt]|thousand|million|billion|trillion)\s?-?\s?weights\b)")


def _catalog_words() -> tuple[str, ...]:
    """Each accelerator alias of the catalog as the word that tells it apart (the one with a
    digit: "mi250", "v100", "tpuv3"; else the whole alias: "titan black"), lower case: a
    sentence that names any catalog accelerator is read, so an alias added to the catalog
    is read everywhere ("We train on 8 AMD MI250 accelerators.")."""
    def found(text: str) -> bool:     # by the tests above
        return any(r in text for r in _RELEVANT_WORDS) or _RELEVANT.search(text) is not None

    words = set()
    for acc in registry.accelerators():
        for alias in acc.aliases:
            low = alias.lower()
            if found(low):
                continue                # "TPU v2", "Tesla V100": already read
            # a model number alone ("100" of "MI-100") is any number: keep the alias whole
            named = [t for t in re.split(r"[\s\-]+", low)
                     if re.search(r"\d", t) and re.search(r"[a-z]", t)]
            words.update(named or [low])
    return tuple(sorted(words))


_CATALOG_WORDS = _catalog_words()
# Words whose case tells them apart: the metric "AP" or "mAP", not a "feature map".
_RELEVANT_CASED = re.compile(r"\bm?AP(?:\b|[0-9@_]|box)")


# "The implementation is GPU-based": the kind of hardware, in a sentence without a number.
_KIND_BASED = re.compile(r"\b[CGT]PU[- ]based\b")


def _kind_based(text: str) -> bool:
    # "PU" is rare in prose: the substring test spares most texts the expression.
    return "PU" in text and _KIND_BASED.search(text) is not None


def _has_quantity(text: str) -> bool:
    # Two searches: nearly every text has a digit, and a lone \d is found fast.
    return _DIGIT.search(text) is not None or _NUMBER_WORD.search(text) is not None


def _relevant(text: str) -> bool:
    """A word some rule looks for is in the text."""
    low = text.lower()
    return any(w in low for w in _RELEVANT_WORDS) or _RELEVANT.search(low) is not None \
        or ("AP" in text and _RELEVANT_CASED.search(text) is not None) \
        or any(w in low for w in _CATALOG_WORDS)


# A full stop, then space and a capital: a sentence ends, unless it closes an initial or
# an abbreviation. The exceptions look back from the stop, so they are only tried there.
_SENTENCE_END = re.compile(r"[.!?](?<![A-Z][.!?])(?<!\bal[.!?])(?<!\bFig[.!?])"
                           r"(?<!\bEq[.!?])(?<!\be\.g[.!?])(?<!\bi\.e[.!?])(?<!\bvs[.!?])"
                           r"(?<!\bet[.!?])(?=\s+[A-Z(\[])")


def _candidate_sentences(block: str) -> Iterator[tuple[int, str]]:
    """(offset, text) of the block's sentences that could hold a fact: a quantity (cheap
    to find) and then a word some rule looks for."""
    start = 0
    for end in [*(m.end() for m in _SENTENCE_END.finditer(block)), len(block)]:
        piece = block[start:end]
        if ((_has_quantity(piece) and _relevant(piece)) or _kind_based(piece)) and \
                piece.strip():
            yield start, piece
        start = end


def _text_blocks(text: PdfText) -> Iterator[tuple[Page, int, str, str]]:
    """(page, offset, block text, the block before it) for the blocks worth reading: no
    reference list. The block before may be a heading ("Hardware & Software for
    Deployment") that says what the block is about."""
    in_refs = False
    previous = ""
    for page in text.pages:
        for block in page.blocks:
            before, previous = previous, block.text
            first_line = block.text.split("\n", 1)[0]
            if _REFERENCES.match(first_line):
                in_refs = True
                continue
            if in_refs and _AFTER_REFERENCES.match(first_line) and len(first_line) < 60 \
                    and not re.search(r",|\b(19|20)\d\d\b", first_line):
                in_refs = False
            if in_refs or not (_has_quantity(block.text) or _kind_based(block.text)):
                continue
            yield page, block.start, block.text, before


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


# How a paper names what it introduces: "a new architecture, called RepLKNet", "we name it
# HorNet", "dubbed ConvNeXt".
_NAMED_AS = re.compile(r"\b(?:called|named|dubbed|termed|coined)\s+(?:it\s+|as\s+|them\s+)?"
                       r"[“\"']?([A-Z][a-z]*[A-Z][\w\-]*)")


# "construct an SE network (SENet)", "our proposed architecture (AA-ResNet)": a name
# introduced as the acronym of what the authors build; not "convolutional networks
# (ConvNets)", which names the field's.
_ACRONYM_OF = re.compile(r"\b(?:networks?|models?|architectures?|nets?|transformers?)\s*"
                         r"\(([A-Z][A-Za-z\-]*)\)")
_INTRODUCED = re.compile(r"\b(?:our|an?|we)\b[^.()]{0,40}$", re.I)


def _introduced_acronyms(page_text: str) -> set[str]:
    text = page_text.replace("\n", " ")
    out = set()
    for m in _ACRONYM_OF.finditer(text):
        name = m.group(1).removesuffix("s")
        if sum(c.isupper() for c in name) >= 2 and any(c.islower() for c in name) and \
                _INTRODUCED.search(text[max(0, m.start() - 60):m.start()]):
            out.add(name.lower())
    return out


# "Vision Transformer (ViT)", "Momentum Contrast (MoCo)": a short form in parentheses
# after the words it abbreviates.
_SHORT_FORM = re.compile(r"\(([A-Z][A-Za-z0-9\-]{1,11}?)s?\)")


def _long_form(words: list[str], short: str) -> list[str]:
    """The words a short form abbreviates, by Schwartz and Hearst's rule: its letters, last
    first, found in order in the words before it, the first letter starting a word."""
    letters = [c.lower() for c in short if c.isalnum()]
    text = " ".join(words[-(len(letters) + 5):])
    lower = text.lower()
    i = len(text) - 1
    for k in range(len(letters) - 1, -1, -1):
        while i >= 0 and (lower[i] != letters[k] or
                          (k == 0 and i > 0 and lower[i - 1].isalnum())):
            i -= 1
        if i < 0:
            return []
        i -= 1
    return text[i + 1:].split()


# Who introduces the long form: "we present Group Normalization (GN)", "Our Vision
# Transformer (ViT)", "which we call Pathways Language Model (PaLM)".
_INTRODUCER = re.compile(r"\b(?:we|our|called|named|dubbed|termed)\b[^.()]{0,40}$", re.I)


def _defined_short_forms(page_text: str) -> set[str]:
    """Short forms the authors define for what they introduce, not the field's terms
    ("convolutional neural networks (CNNs)", "Batch Normalization (BN)")."""
    text = page_text.replace("\n", " ")
    out = set()
    for m in _SHORT_FORM.finditer(text):
        short = m.group(1)
        if sum(c.isupper() for c in short) < 2:
            continue
        long = _long_form(text[max(0, m.start() - 120):m.start()].split(), short)
        if len(long) < 2:
            continue
        # a name, not a term: "Vision Transformer (ViT)", "MoCo", not "neural networks (NNs)"
        proper = all(w[0].isupper() for w in long if len(w) > 3) or \
            any(c.islower() for c in short[1:])
        if not proper or any(f.in_caption.fullmatch(short) for f in registry.families()):
            continue    # (a benchmark's name is not a model's: "ILSVRC", "SQuAD")
        start = m.start() - len(" ".join(long)) - 1
        if _INTRODUCER.search(text[max(0, start - 60):start + 1]):
            out.add(short.lower())
    return out


# Words of a title that mix case but name no model of the paper's: its benchmarks (by
# their families' names) and the field's plurals.
_NOT_MODEL_WORDS = frozenset({f.name.lower() for f in registry.families()} |
                             {"gpus", "cnns", "rnns", "lstms", "arxiv"})


def model_names(text: PdfText) -> tuple[str, ...]:
    """The paper's own model names, from its title: the word before a colon ("MnasNet:",
    "Xception:") and words that mix case or digits ("MobileNetV2", "YOLOv3", "DeBERTa");
    and from its first pages, the names it gives what it introduces ("called RepLKNet",
    "our Vision Transformer (ViT)")."""
    if not text.pages:
        return ()
    heads = [" ".join(b.text.split())[:200] for b in text.pages[0].blocks[:4]
             if not re.match(r"^\s*(arXiv:|Published|Preprint|Under review|Proceedings)",
                             b.text)]
    names: set[str] = set()
    for title in heads[:2]:
        if m := re.match(r"^\s*([A-Za-z][\w\-]{2,}?)s?\s*:", title):
            names.add(m.group(1).lower())
    for page in text.pages[:2]:
        names.update(n.lower().removesuffix("s") for n in _NAMED_AS.findall(page.text))
        names.update(_introduced_acronyms(page.text))
        names.update(_defined_short_forms(page.text))
    title = heads[0] if heads else ""
    if 1 < len(title.split()) <= 3 and all(w[0].isupper() for w in title.split()):
        names.add(title.lower())    # a title that is a name: "Fast R-CNN", "Mask R-CNN"
    for word in re.findall(r"\b[A-Za-z][A-Za-z0-9\-]{2,}\b", title):
        mixed = re.search(r"[a-z][A-Z]|[A-Za-z]\d|^[A-Z]{2,}[a-z]", word)
        if mixed and word.lower() not in _NOT_MODEL_WORDS:
            names.add(word.lower().removesuffix("s") if word.endswith("s") and
                      not word.endswith("ss") else word.lower())
    return tuple(sorted(names))


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
              for page, offset, block, previous in _text_blocks(text)
              for at, sentence in _candidate_sentences(block)]

    def docs() -> Iterator[Doc]:
        for _, _, sentence, before in pieces:
            # Line breaks inside a block are layout, not language: read them as spaces
            # (same length, so spans still point into the page text).
            read = sentence.replace("\n", " ")
            doc = nlp.make_doc(read)
            doc.user_data["text"] = read     # the tokenizer keeps the text as it is
            doc._.before = before.replace("\n", " ")
            doc._.benchmarks = sentence_benches
            yield doc
    for (page, offset, _, _), doc in zip(pieces, nlp.pipe(docs()), strict=True):
        # sentence by sentence, and in each the fields in their components' order
        found = [(field, f) for field, items in components.found(doc).items() for f in items]
        found.sort(key=lambda item: item[1].span.sent.start)
        for field, (value, rule_id, span, notes) in found:
            out.append(Mention(field, value, page.number, offset + span.start_char,
                               offset + span.end_char, quote_of(span.sent), rule_id,
                               notes=notes or Notes()))
    for page in text.pages:
        for fact in [*tables.facts(page, benches, own_names),
                     *tables.transposed_facts(page, own_names)]:
            if (mention := _table_mention(page, fact)) is not None:
                out.append(mention)
    return out


def _counted_accelerator(page: Page, header: str) -> str | None:
    """What a '#GPUs' or 'Cores' column counts: the kind its header names, else the one
    kind of accelerator its page speaks of; None where that is unclear."""
    for text in (header, page.text):
        kinds = {k for k in ("GPU", "TPU") if k in text.upper()}
        if len(kinds) == 1:
            return registry.generic(kinds.pop().lower())
    return None


def _table_mention(page: Page, fact: tables.TableFact) -> Mention | None:
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
        # teraFLOP: such a value in it is a per-example count.
        total = (fact.column.total and fact.value >= 1e12) or \
            fact.value >= operations.TRAINING_TOTAL_MIN_FLOPS
        value = Compute(kind="training_total" if total else "per_forward", value=fact.value,
                        unit=fact.column.unit or "FLOPs", subject=fact.label)
        field = "compute"
    else:
        value = {"benchmark": fact.benchmark, "metric": fact.column.metric, "split": None,
                 "value": fact.value, "model": fact.label, "in_table": True}
        field = "results"
    return Mention(field, value, page.number, start, start + len(fact.row.cells[0].text),
                   quote, f"table_{fact.kind}_column", in_table=True,
                   notes=Notes(own=fact.own, column=fact.column.header.text))


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
         "quote": m.quote, "rule": m.rule, "in_table": m.in_table} for m in found]
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
