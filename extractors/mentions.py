"""What a rule found, with the evidence a user can check: page, span, quote, rule."""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from typing import Any, NamedTuple, cast

from spacy.tokens import Doc, Span

from flopwatch.extractors.record import Fact, Field, Notes, Value

EXTRACTOR_VERSION = "0.35.1"

# A sentence that cites others and never speaks of "we"/"our" reports their work, not ours.
_CITATION = re.compile(r"\[\d+(?:[,–-]\s*\d+)*\]|\bet al\.?|"
                       r"\([^()]*[A-Za-z][^()]*\b(?:19[5-9]\d|20[0-2]\d)[a-z]?\)")
# The authors speaking of their own work.
FIRST_PERSON = re.compile(r"\b(we|our|us|ours|this (?:paper|work))\b", re.I)


class Found(NamedTuple):
    """What a sentence rule found: the value, the rule's name, the span it rests on."""

    value: Value
    rule: str
    span: Span
    notes: Notes | None = None


@dataclass
class Reading:
    """What a doc (a candidate sentence or a few) is read against, and what the field
    components found in it: `doc._.reading`, one extension (each `doc._` is an object made
    anew, and the components ask for it at every doc)."""

    before: str = ""                # the text just before it in its block
    benchmarks: tuple[str, ...] = ()    # the paper's, most named first
    own_sentences: list[Span] = dataclasses.field(default_factory=list)
    found: dict[Field, list[Found]] = dataclasses.field(default_factory=dict)


if not Doc.has_extension("reading"):
    Doc.set_extension("reading", default=None)
# Where spaCy keeps a doc's value of the extension: the rules ask for it at every sentence,
# and through `doc._` each ask makes an object first (a tenth of the components' time).
_READING_KEY = ("._.", "reading", None, None)


def reading(doc: Doc) -> Reading:
    """The doc's reading (`doc._.reading`), made empty the first time it is asked for."""
    user_data = cast(dict[object, Any], doc.user_data)
    found = user_data.get(_READING_KEY)
    if found is None:
        found = user_data[_READING_KEY] = Reading()
    return cast(Reading, found)


@dataclass
class Mention:
    field: Field
    value: Value                    # the fact, in GOLD.md's shape (without quote/page)
    page: int
    start: int                      # character span in the page's normalised text
    end: int
    quote: str
    rule: str
    in_table: bool = False
    notes: Notes = dataclasses.field(default_factory=lambda: Notes())

    def record(self) -> Fact:
        """The value with its evidence: the fact a user reads."""
        return cast(Fact, {**self.value, "quote": self.quote, "page": self.page})


def doc_text(doc: Doc) -> str:
    """The doc's text, built once: Doc.text joins every token's text on each call."""
    text = doc.user_data.get("text")
    if text is None:
        text = doc.user_data["text"] = doc.text
    return cast(str, text)


def text_of(span: Span) -> str:
    """A span's text as a slice of the doc's text: Span.text rebuilds it token by token."""
    return doc_text(span.doc)[span.start_char:span.end_char] if len(span) else ""


def quote_of(sent: Span) -> str:
    return " ".join(text_of(sent).split())


# Sentences about other people's work: "they report", "Wu et al. (2016) who use ...",
# "As detailed in [29], ...", "results reported in Wu et al.".
_OTHERS_WORK = re.compile(
    r"^\s*(they|their|he|she|his|her)\b|\b(they|their) (obtain|report|achiev|get|got|use)|"
    r"\bet al\.?,?\s*(\(\d{4}\)|\[\d+\])?,?\s+((who|which)\s+)?(use|used|report|achiev|"
    r"obtain|got|get|train)|^\s*as \w+ (in|by) \[\d|"
    r"\breported (in|by) (?!(table|section|fig|appendix|sec|tab)\b)[A-Z\[]", re.I)


# "Alabdulmohsin et al. (2023) optimize ... and achieve": a cited work is the subject
_CITED_SUBJECT = re.compile(r"\bet al\.?\s*\((?:19|20)\d\d[a-z]?\)\s+(?!(?:and|for|in|on|"
                            r"with|to|as|or|is|are|was|were)\b)[a-z]{3,}")


_SENTENCE_STOP = re.compile(r"(?<!\bal)[.!?]\s")   # (not "et al. (2023)")


def about_others_work(sent: Span) -> bool:
    """The sentence reports others' work; a block's first sentence is read with the start
    of the sentence the block before left unfinished (a column or page break inside it)."""
    text = text_of(sent)
    if sent.start == 0:
        before = reading(sent.doc).before
        if before.strip() and not re.search(r"[.!?:]\s*$", before):
            text = _SENTENCE_STOP.split(before)[-1] + " " + text
    return _OTHERS_WORK.search(text) is not None or (
        _CITED_SUBJECT.search(text) is not None and FIRST_PERSON.search(text) is None)


# "Following [15], the UNet of this model has 387M parameters": the authors say whose
# recipe they follow, and what follows is theirs.
# ("As in [4], the network is trained for 120 epochs" reports [4]'s setup.)
_FOLLOWING = re.compile(r"\s*following\s+[^,.;]{0,60}?"
                        r"(?:\[\d[^\]]*\]|et al\.?\s*\(?(?:19|20)\d\d[a-z]?\)?)\s*,", re.I)


def cited_near(span: Span, chars: int = 80, *, model_value: bool = False) -> bool:
    """A citation close to the value: others' work. A "we"/"our" in the sentence makes a
    setup or a time the authors' own ("we train on 8 A100 GPUs using mmseg [10]"); a
    model's size or cost is theirs only where the "we" is nearer to it than the citation
    ("we compare to the LaMDA 137B model (Thoppilan et al., 2022)" is not). A sentence that
    opens with the recipe it follows ("Following [15], ...") is the authors' own. Only the
    neighbourhood counts: sentences run together when a PDF drops a space."""
    sent = span.sent
    said = text_of(sent)
    if _FOLLOWING.match(said) or (not model_value and FIRST_PERSON.search(said)):
        return False
    text = doc_text(span.doc)
    lo = max(sent.start_char, span.start_char - chars)
    hi = min(sent.end_char, span.end_char + chars)
    cited = [_distance(span, m.start() + lo, m.end() + lo)
             for m in _CITATION.finditer(text[lo:hi])]
    if not cited or not model_value:
        return bool(cited)
    own = [_distance(span, m.start() + sent.start_char, m.end() + sent.start_char)
           for m in FIRST_PERSON.finditer(said)]
    return min(cited) < min(own, default=len(text))


def _distance(span: Span, start: int, end: int) -> int:
    """Characters between a span and a stretch of its doc's text (0 if they overlap)."""
    return max(span.start_char - end, start - span.end_char, 0)


def _by_label(doc: Doc, key: str) -> dict[str, list[Span]]:
    """The doc's spans grouped by label, built once per doc (rules ask many times)."""
    user_data = cast(dict[object, Any], doc.user_data)
    cache: dict[str, list[Span]] | None = user_data.get(("spans_by_label", key))
    if cache is None:
        cache = {}
        for s in doc.spans[key]:
            cache.setdefault(s.label_, []).append(s)
        user_data[("spans_by_label", key)] = cache
    return cache


def spans_in(sent: Span, key: str, label: str) -> list[Span]:
    """The longest non-overlapping spans of one label inside a sentence."""
    spans = _by_label(sent.doc, key).get(label)
    if not spans:
        return []           # most asks: the doc has no span of the label
    found = [s for s in spans if s.start >= sent.start and s.end <= sent.end]
    found.sort(key=lambda s: (-(s.end - s.start), s.start))
    kept: list[Span] = []
    for s in found:
        if all(s.end <= k.start or s.start >= k.end for k in kept):
            kept.append(s)
    return sorted(kept, key=lambda s: s.start)


_NUMBERS = re.compile(r"(?<![\w.])\d+(?:\.\d+)?[KMBGT]?(?![\w.])")


def table_text(sent: Span) -> bool:
    """A table read as text ("Recall F1 BRNN 96.56 96.76 92.04 89.13 ..."): which number is
    under which header, or which model ran on which hardware, the words cannot say; the
    table reader (tables.py) can."""
    numbers = len(_NUMBERS.findall(text_of(sent)))
    return numbers >= 6 and numbers >= 0.3 * len(sent)
