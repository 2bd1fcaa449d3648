"""The sentence rules as spaCy components, one per field (after spaCy's `span_ruler.py` and
scispacy's `abbreviation.py`): a factory with a declared config, each component reading
the sentences of a doc that speak of the authors' own work and writing what its rule finds
to `doc._.reading.found[field]`.

What a doc is read against comes with it in `doc._.reading` (`mentions.Reading`): the text
just before it in its block (which may finish its first sentence or name its heading) and
the paper's benchmarks, most named first.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from spacy.language import Language
from spacy.tokens import Doc, Span

from flopwatch.extractors import durations, hardware, operations, results, schedule
from flopwatch.extractors.mentions import Found, about_others_work, reading
from flopwatch.extractors.record import Field

SentenceRule = Callable[[Span], Iterable[Found]]

# Each field's rule, in the order the fields' components run.
RULES: dict[Field, SentenceRule] = {
    "hardware": hardware.from_sentence,
    "training_time": durations.training_time,
    "device_time": durations.device_time,
    "compute": operations.compute,
    "parameters": operations.parameters,
    "results": lambda sent: results.from_sentence(sent, reading(sent.doc).benchmarks),
    "training_schedule": schedule.training_schedule,
}
OWN_SENTENCES = "flopwatch_own_sentences"
FIELD_RULES = "flopwatch_field_rules"


def found(doc: Doc) -> dict[Field, list[Found]]:
    """What the field components found in the doc, field by field."""
    return reading(doc).found


class OwnSentences:
    """Marks the sentences about the authors' own work: "Wu et al. (2016) who use 96
    K80s" is not theirs, and a question ("What about a 120B model?") reports nothing; no
    field's rule reads them."""

    def __call__(self, doc: Doc) -> Doc:
        reading(doc).own_sentences = [s for s in doc.sents if not about_others_work(s)
                                      and not s.text.rstrip().endswith("?")]
        return doc


class FieldRules:
    """One field's rule over the doc's own sentences."""

    def __init__(self, field: Field) -> None:
        self.field = field
        self.rule = RULES[field]

    def __call__(self, doc: Doc) -> Doc:
        read = reading(doc)
        read.found[self.field] = [f for sent in read.own_sentences for f in self.rule(sent)]
        return doc


@Language.factory(OWN_SENTENCES)
def make_own_sentences(nlp: Language, name: str) -> OwnSentences:
    return OwnSentences()


@Language.factory(FIELD_RULES, default_config={"field": "hardware"})
def make_field_rules(nlp: Language, name: str, field: str) -> FieldRules:
    if field not in RULES:
        raise ValueError(f"{name}: no rules for field {field!r} (one of {', '.join(RULES)})")
    return FieldRules(field)


def add_to(nlp: Language) -> None:
    """The components, after the sentencizer and the span ruler they read."""
    nlp.add_pipe(OWN_SENTENCES)
    for field in RULES:
        nlp.add_pipe(FIELD_RULES, name=f"flopwatch_{field}", config={"field": field})

