"""Benchmark results stated in sentences: "76.3% top-1 accuracy on ImageNet"."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from functools import lru_cache

from spacy.tokens import Span

from flopwatch.extractors import registry
from flopwatch.extractors.mentions import Found, cited_near, reading, spans_in, table_text, text_of
from flopwatch.extractors.nlp import SPANS_KEY
from flopwatch.extractors.numbers import parse_number
from flopwatch.extractors.tables import OTHER_DATASET

# Metrics a sentence may name without saying which of a benchmark's kinds ("top-1") it is.
_GENERIC = frozenset({"accuracy", "error"})
_DELTA = re.compile(r"^(by|of about|improv\w*|gain\w*|drop\w*|increase\w*|reduc\w*|"
                    r"points?|pp|absolute|relative|margin)$", re.I)


def _benchmark(sent: Span, metric: str, paper_benchmarks: Sequence[str]) -> str | None:
    named = [s.id_ for s in spans_in(sent, SPANS_KEY, "BENCHMARK")]
    pairs = [s.id_ for s in spans_in(sent, SPANS_KEY, "LANGPAIR")]
    implied = registry.implied_by(metric)
    if implied is not None and not named:
        # "top-1 accuracy" alone is on ImageNet in a paper that is about ImageNet
        return implied if implied in paper_benchmarks else None
    candidates = named or [b for b in paper_benchmarks if b in registry.paper_defaults()][:1]
    for bench in candidates:
        if any(b.pair for b in registry.members(bench)):
            # a family of language pairs: the pair the sentence names
            member = registry.of_pair(bench, pairs[0]) if pairs else None
            if member is not None:
                return member
            continue
        bench = registry.resolve(bench, text_of(sent))
        found = registry.benchmark(bench)
        if found is not None and (metric in found.metrics or (
                metric in _GENERIC and found.metric_for(metric) in found.metrics)):
            return bench
    return None


# "COCO-style AP", "PASCAL-style mAP": the benchmark whose AP the metric is
_STYLE = re.compile(r"\b(\w+)[- ]style\s*$", re.I)


@lru_cache(maxsize=4096)
def _names_benchmark_with(metric: str, text: str, whole: bool = False) -> bool:
    """The text names (or, `whole`, is the name of) a benchmark that has the metric: "COCO"
    for "COCO-style AP" (not "PASCAL-style"), "GLUE" for a "score"."""
    return any((f.in_caption.fullmatch(text) if whole else f.in_caption.search(text))
               and any(metric in b.metrics for b in registry.members(f.name))
               for f in registry.families())


def _value_near(sent: Span, metric: Span) -> tuple[float, Span] | None:
    """The number just before ("76.3% top-1") or just after ("BLEU of 28.4") the metric;
    in "from 43.5% to 37.2%" the second, the first being the baseline."""
    doc = sent.doc
    found = _number_near(sent, metric)
    if found is not None and found[1].start > 0 and doc[found[1].start - 1].lower_ == "from":
        for tok in doc[found[1].end:min(sent.end, found[1].end + 3)]:
            if tok.lower_ == "to" and tok.i + 1 < sent.end:
                v = parse_number(doc[tok.i + 1].text)
                return None if v is None else (v, doc[tok.i + 1:tok.i + 2])
    return found


def _number_near(sent: Span, metric: Span) -> tuple[float, Span] | None:
    doc = sent.doc
    after = [t for t in doc[metric.end:min(sent.end, metric.end + 5)]]
    before = list(reversed(doc[max(sent.start, metric.start - 3):metric.start]))
    for group in (before, after):
        for tok in group:
            if _DELTA.match(tok.text):
                break
            v = parse_number(tok.text)
            if (v is not None and "." in tok.text) or (v is not None and tok.i + 1 < len(doc)
                                                      and doc[tok.i + 1].text == "%"):
                prev = doc[tok.i - 1].lower_ if tok.i > 0 else ""
                if _DELTA.match(prev) or prev in {"+", "-", "±"}:
                    break
                span = doc[tok.i:tok.i + 1]
                return v, span
    return None


def _on_other_dataset(sent: Span, metric: Span) -> bool:
    """"86.8% mAP on the PASCAL VOC 2012 test set, and 41.8% AP on MS COCO", "99% accuracy on
    MNIST and 82% on CIFAR-10": the dataset named just after a score is the one it was
    reached on, whether or not one of ours follows."""
    end = min(sent.end, metric.end + 14)
    end = next((t.i for t in sent.doc[metric.end:end] if t.text in {",", ";"}), end)
    after = sent.doc[metric.end:end]       # up to the clause's end: "(A) and 85.2% (B) on VOC"
    text = text_of(after)
    on = re.search(r"\b(on|in)\b", text)
    if on is None:
        return False
    other = OTHER_DATASET.search(text, on.end())
    if other is None:
        return False
    ours = [s.start_char - after.start_char for s in spans_in(sent, SPANS_KEY, "BENCHMARK")
            if after.start <= s.start < after.end]
    return not ours or other.start() < min(ours)


def from_sentence(sent: Span, paper_benchmarks: Sequence[str]) -> Iterator[Found]:
    if table_text(sent):
        return
    named = spans_in(sent, SPANS_KEY, "BENCHMARK")
    if not named and OTHER_DATASET.search(text_of(sent)) and \
            OTHER_DATASET.search(re.sub(r"\w+[- ]style\b", "", text_of(sent))):
        return      # a score on another dataset; "PASCAL-style mAP" names a metric
    for metric in spans_in(sent, SPANS_KEY, "METRIC"):
        name = metric.id_
        qualifier = text_of(sent.doc[max(sent.start, metric.start - 4):metric.start])
        style = _STYLE.search(qualifier)
        if style and name == "AP":
            # "the PASCAL-style mAP is 35.9%" on COCO: AP at IoU 0.5, the VOC metric
            name = "AP" if _names_benchmark_with("AP", style.group(1), whole=True) else "AP50"
        elif OTHER_DATASET.search(qualifier):
            continue   # "the VOC 2007 mAP is 76.4%": a score on another benchmark
        if name == "score" and not _names_benchmark_with(name, text_of(sent)):
            continue
        found = _value_near(sent, metric)
        if found is None or _on_other_dataset(sent, metric):
            continue
        value, span = found
        if not (0 < value <= 100) or cited_near(span, model_value=True):
            continue
        if name not in registry.lower_is_better() and value < 10:
            continue   # "+1.4 AP", "by 0.3%": a difference, not a score
        bench = _benchmark(sent, name, paper_benchmarks)
        named_before = bool(style) and _names_benchmark_with(
            "AP", reading(sent.doc).before)
        if bench is None or (name in {"AP", "AP50"} and not named and not named_before):
            continue   # "mAP" alone is as likely PASCAL VOC as COCO
        if name in _GENERIC and (on := registry.benchmark(bench)) is not None and \
                name not in on.metrics:
            # "4.9% top-5 validation error (and 4.8% test error)": the k the sentence says
            ks = {m.id_[:5] for m in spans_in(sent, SPANS_KEY, "METRIC") if m.id_[:4] == "top-"}
            if len(ks) != 1 and name == "error":
                continue    # "an error rate of 16.6%": top-1 or top-5, the sentence says not
            name = f"{ks.pop() if ks else 'top-1'} {name}"
        if not registry.allowed(bench, name):
            continue
        if respective := _respectively(sent, span, bench, name):
            yield from respective
            continue
        yield Found({"benchmark": bench, "metric": name, "split": None, "value": value,
                "model": None, "in_table": False}, "result_sentence", span)


def _listed(sent: Span, span: Span) -> list[tuple[float, Span]]:
    """The values listed from `span` on: "40.56 and 26.03", "3.1%, 17.2% and 2.0%"."""
    doc, out, i = sent.doc, [], span.start
    while i < sent.end:
        value = parse_number(doc[i].text)
        if value is None:
            break
        out.append((value, doc[i:i + 1]))
        i += 2 if i + 1 < sent.end and doc[i + 1].text == "%" else 1
        if not (i + 1 < sent.end and doc[i].lower_ in {"and", ","}):
            break
        i += 1
    return out


def _respectively(sent: Span, span: Span, bench: str,
                  metric: str) -> list[Found]:
    """"BLEU scores of 40.56 and 26.03 on the WMT'14 En-Fr and En-De tasks": one value per
    benchmark, in the order both are listed."""
    listed = _listed(sent, span)
    if len(listed) < 2:
        return []
    found = registry.benchmark(bench)
    if found is not None and found.pair:
        targets = [t for p in dict.fromkeys(s.id_ for s in spans_in(sent, SPANS_KEY, "LANGPAIR"))
                   if (t := registry.of_pair(found.family, p)) is not None]
    else:
        targets = list(dict.fromkeys(s.id_ for s in spans_in(sent, SPANS_KEY, "BENCHMARK")))
    if len(targets) != len(listed) or not all(registry.allowed(t, metric) for t in targets):
        return []
    return [Found({"benchmark": target, "metric": metric, "split": None, "value": value,
              "model": None, "in_table": False}, "result_sentence_respectively", where)
            for (value, where), target in zip(listed, targets, strict=True)]
