"""The domain registry: benchmarks, their metrics and accelerators, typed, read once from the
data files (`data/benchmarks.json`, `data/accelerators.json`).

Everything the extractors know about a benchmark (how sentences, table headers and captions
name it, which metrics it has and which way they point, how a bare "accuracy" column reads
on it) or about an accelerator (aliases, kind, vendor, TPU slice names) is here, so adding
one is an entry in a data file: the spaCy patterns, the table reader, the plausibility
checks and the warehouse's reference tables all read it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any, Literal, cast

from flopwatch.extractors.data import accelerator_catalog, benchmark_registry

AcceleratorKind = Literal["gpu", "tpu", "cpu"]
# A spaCy token pattern: a list of token specs.
TokenPattern = list[dict[str, Any]]


@dataclass(frozen=True)
class Metric:
    name: str                       # "top-1 accuracy", "BLEU", "AP50", ...
    lower_is_better: bool           # errors
    header: re.Pattern[str]         # a table header cell naming it
    patterns: tuple[TokenPattern, ...]  # how a sentence names it


@dataclass(frozen=True)
class Family:
    """A benchmark as a paper names it before its version or language pair is known."""

    name: str
    counted: tuple[str, ...]        # lower-case spellings, counted over the whole paper
    in_caption: re.Pattern[str]     # a table caption naming it
    patterns: tuple[TokenPattern, ...]  # how a sentence names it
    heads: tuple[str, ...]          # words (regular expressions) that open a header column
    implied_by: frozenset[str]      # metrics that alone say a result is on it ("top-1")
    paper_default: bool             # a metric in a sentence naming no benchmark is on it


@dataclass(frozen=True)
class Benchmark:
    name: str                       # "WMT2014 En-De"
    family: str                     # "WMT2014"
    spellings: tuple[str, ...]
    metrics: frozenset[str]
    header: re.Pattern[str] | None  # a table header cell naming it ("EN-DE", "CIFAR-10")
    header_metric: str              # the metric a header naming it alone means ("EN-DE": BLEU)
    picked_by: re.Pattern[str] | None   # text that picks it among its family ("SQuAD v2")
    pair: str                       # its language pair ("En-De")
    pair_patterns: tuple[TokenPattern, ...]
    patterns: tuple[TokenPattern, ...]
    column_metrics: Mapping[str, str]   # a column's generic metric as it reads on it
    accuracy_above: float | None    # a bare top-k column: accuracy at or above, else error
    error_floor: float              # an error below it is no result on it

    def metric_for(self, generic: str) -> str:
        """The metric a generic column metric ("accuracy", "" for none) is on this one."""
        if generic in self.column_metrics:
            return self.column_metrics[generic]
        # a benchmark with one metric: a column or row naming it alone means that metric
        return next(iter(self.metrics)) if not generic and len(self.metrics) == 1 else generic


@dataclass(frozen=True)
class Accelerator:
    canonical: str                  # "NVIDIA V100"
    kind: AcceleratorKind
    vendor: str
    aliases: tuple[str, ...]
    released: str | None            # "YYYY-MM"
    systems: Mapping[str, int]      # machines of a fixed size built of it ("DGX-2": 16)
    slice: str                      # a TPU slice's generation ("v3" of "v3-8")
    generic: bool                   # what a paper names by its kind alone ("8 GPUs", "CPU")
    unspecified: bool               # a generic one whose kind has named models, which say more

    @property
    def family(self) -> str:
        """Whom a bare count of devices of its kind may mean: the vendor's word."""
        return self.canonical.split()[0]

    @property
    def spellings(self) -> tuple[str, ...]:
        """Its aliases, each also written as one word ("Cloud TPU v4": "CloudTPUv4")."""
        return tuple(dict.fromkeys(form for alias in self.aliases
                                   for form in (alias, alias.replace(" ", ""))))


def _pattern(text: str, case_sensitive: bool = False) -> re.Pattern[str]:
    return re.compile(text, 0 if case_sensitive else re.I)


@cache
def metrics() -> tuple[Metric, ...]:
    """The metrics, in the order a table header is tried against them."""
    return tuple(Metric(m["name"], m["lower_is_better"], _pattern(m["header"]),
                        tuple(m.get("patterns", ())))
                 for m in benchmark_registry()["metrics"])


@cache
def lower_is_better() -> frozenset[str]:
    return frozenset(m.name for m in metrics() if m.lower_is_better)


@cache
def families() -> tuple[Family, ...]:
    return tuple(Family(f["name"], tuple(f["counted"]),
                        _pattern(f["in_caption"], f.get("case_sensitive", False)),
                        tuple(f.get("patterns", ())), tuple(f.get("heads", ())),
                        frozenset(f.get("implied_by", ())), f.get("paper_default", False))
                 for f in benchmark_registry()["families"])


@cache
def benchmarks() -> tuple[Benchmark, ...]:
    def optional(text: str | None) -> re.Pattern[str] | None:
        return None if text is None else re.compile(text)
    return tuple(Benchmark(
        b["name"], b.get("family", b["name"]), tuple(b["spellings"]), frozenset(b["metrics"]),
        optional(b.get("header")), b.get("header_metric", ""), optional(b.get("picked_by")),
        b.get("pair", ""), tuple(b.get("pair_patterns", ())), tuple(b.get("patterns", ())),
        b.get("column_metrics", {}), b.get("accuracy_above"), b.get("error_floor", 0.0))
        for b in benchmark_registry()["benchmarks"])


@cache
def _by_name() -> dict[str, Benchmark]:
    return {b.name: b for b in benchmarks()}


def benchmark(name: str) -> Benchmark | None:
    return _by_name().get(name)


@cache
def members(family_name: str) -> tuple[Benchmark, ...]:
    return tuple(b for b in benchmarks() if b.family == family_name)


def allowed(name: str, metric: str) -> bool:
    """A result on benchmark `name` may have this metric."""
    found = benchmark(name)
    return found is not None and metric in found.metrics


@cache
def reporting(metric: str) -> tuple[str, ...]:
    """The benchmarks whose results may have this metric ("AP": COCO alone)."""
    return tuple(b.name for b in benchmarks() if metric in b.metrics)


def resolve(name: str, text: str) -> str:
    """The benchmark a family's name means in `text` (a caption, a header, a sentence): the
    one member the text picks ("SQuAD v2.0", "English-French"), else the family's first.
    A benchmark's own name is itself."""
    group = members(name)
    if len(group) <= 1:
        return group[0].name if group else name
    picked = [b for b in group if b.picked_by is not None and b.picked_by.search(text)]
    return picked[0].name if len(picked) == 1 else group[0].name


@cache
def of_pair(family_name: str, pair: str) -> str | None:
    """The member of a family of language pairs for one pair ("WMT2014", "En-Fr")."""
    return next((b.name for b in members(family_name) if b.pair == pair), None)


@cache
def header_benchmark(text: str) -> str:
    """The benchmark a table header cell names ("EN-DE", "CIFAR-10 error", "SQuAD v2.0")."""
    low = text.lower()
    for b in benchmarks():
        if b.header is not None and (m := b.header.search(low)) and _version_fits(b, low, m.end()):
            # a version written after the name picks its member ("SquadV2"), else the text
            versioned = re.search(r"\d", _VERSION.match(low, m.end()).group(0))  # type: ignore[union-attr]
            return b.name if versioned and re.search(r"\d", b.name) else resolve(b.family, text)
    return ""


def _version_fits(bench: Benchmark, low: str, end: int) -> bool:
    """A version or year written after the name is this benchmark's, where its name has one
    ("CoNLL2003" is CoNLL-2003's, "CoNLL2000" is not; "SQuAD v2.0" is not SQuAD 1.1's)."""
    version = _VERSION.match(low, end).group(0)  # type: ignore[union-attr]
    number = re.sub(r"^[\s-]*(v|version)?\s*", "", version)
    return not number or not re.search(r"\d", bench.name) or number in bench.name


@lru_cache(maxsize=8192)
def without_benchmark(text: str) -> str:
    """A header's text less the benchmark it names ("ZebraQA EM" -> " EM")."""
    low = text.lower()
    for b in benchmarks():
        if b.header is not None and (m := b.header.search(low)):
            # a version written after the name is part of it ("SQuAD v1.1 EM" -> " EM")
            end = m.end() + len(_VERSION.match(low, m.end()).group(0))  # type: ignore[union-attr]
            return text[:m.start()] + text[end:]
    return text


_VERSION = re.compile(r"(\s*-?\s*(v|version\s*)?\d+(\.\d+)*\b)?")


def only_a_benchmark(text: str) -> str:
    """The benchmark a text names when it names that and nothing else ("EN-DE",
    "CIFAR-10", "En→Fr"), else ""."""
    bench = header_benchmark(text)
    return bench if bench and not re.search(r"[A-Za-z0-9]", without_benchmark(text)) else ""


@cache
def implied_by(metric: str) -> str | None:
    """The benchmark a metric alone implies ("top-1 accuracy": the one it is usual on)."""
    return next((f.name for f in families() if metric in f.implied_by), None)


@cache
def paper_defaults() -> frozenset[str]:
    """Families a metric in a sentence naming no benchmark may be on: the paper's."""
    return frozenset(f.name for f in families() if f.paper_default)


@cache
def implied_benchmarks() -> frozenset[str]:
    return frozenset(f.name for f in families() if f.implied_by)


def spacy_patterns() -> Iterator[dict[str, Any]]:
    """The SpanRuler patterns the registry defines: BENCHMARK (a family's name, or one
    member's with its version), LANGPAIR and METRIC."""
    for f in families():
        yield from ({"label": "BENCHMARK", "id": f.name, "pattern": p} for p in f.patterns)
    for b in benchmarks():
        yield from ({"label": "BENCHMARK", "id": b.name, "pattern": p} for p in b.patterns)
        yield from ({"label": "LANGPAIR", "id": b.pair, "pattern": p} for p in b.pair_patterns)
    for m in metrics():
        yield from ({"label": "METRIC", "id": m.name, "pattern": p} for p in m.patterns)


def column_heads() -> tuple[str, ...]:
    """Words (regular expressions) that open a column of a header line."""
    return tuple(dict.fromkeys(h for f in families() for h in f.heads))


# Accelerators


@cache
def accelerators() -> tuple[Accelerator, ...]:
    """The catalog's accelerators and, last, the generic one of each kind."""
    catalog = accelerator_catalog()
    named = tuple(Accelerator(a["canonical"], a["kind"], a["vendor"], tuple(a["aliases"]),
                              a.get("released"), a.get("systems") or {}, a.get("slice", ""),
                              False, False)
                  for a in catalog["accelerators"])
    generic = tuple(Accelerator(g["canonical"], g["kind"], g["vendor"] or "", (), None, {},
                                "", True, g["unspecified"]) for g in catalog["generic"])
    return named + generic


@cache
def _accelerators_by_name() -> dict[str, Accelerator]:
    return {a.canonical: a for a in accelerators()}


def accelerator(name: str) -> Accelerator | None:
    return _accelerators_by_name().get(name)


def is_unspecified(name: str) -> bool:
    """"NVIDIA GPU (unspecified)": the kind alone, where a named model would say more."""
    found = accelerator(name)
    return found is not None and found.unspecified


def kind_of(name: str) -> AcceleratorKind | None:
    found = accelerator(name)
    return None if found is None else found.kind


@cache
def generic(kind: str) -> str:
    """The accelerator a paper names by its kind alone ("8 GPUs")."""
    return next(a.canonical for a in accelerators() if a.generic and a.kind == kind)


@cache
def generic_kinds() -> frozenset[str]:
    return frozenset(a.kind for a in accelerators() if a.generic)


def of_slice(generation: str) -> str | None:
    """The TPU a slice's name ("v3-8") is of."""
    return next((a.canonical for a in accelerators() if a.slice == generation), None)


def name_shapes() -> tuple[str, ...]:
    """Regular expressions for words shaped like an accelerator's name."""
    return tuple(cast(list[str], accelerator_catalog().get("name_shapes", [])))
