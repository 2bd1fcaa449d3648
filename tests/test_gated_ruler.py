"""The gated ruler finds exactly the spans spaCy's SpanRuler finds with the same patterns."""

from __future__ import annotations

import pytest
import spacy

from flopwatch.extractors.gated_ruler import required_words
from flopwatch.extractors.nlp import SPANS_KEY, pipeline

SENTENCES = [
    "We trained our models on one machine with 8 NVIDIA P100 GPUs for a week.",
    "Our model reaches 28.4 BLEU on the WMT 2014 English-to-German translation task.",
    "ResNet-50 has 25.6M parameters and 4.1 GFLOPs, with 76.3% top-1 accuracy on ImageNet.",
    "Fine-tuning takes 30 minutes on a single Cloud TPU v3-8 (an hour on TPUv2).",
    "It needs 3.14e23 FLOPs, or 3640 petaflop/s-days, and 569M Mult-Adds per image.",
    "On SQuAD 1.1 it gets 90.9 EM and 95.1 F1; CoNLL-2003 F1 is 92.8.",
    "The feature map is 7 x 7 and training took 3.5 days, or 84 GPU hours.",
    "COCO box AP is 41.0 and AP50 62.1, at 35 images per second.",
    "We report the error on CIFAR-10 (3.1%) and CIFAR-100 after one day.",
    "Nothing here names a unit: 12, 15 and 19.",
]


def _spans(nlp: spacy.Language, text: str) -> list[tuple[str, str, int, int]]:
    doc = nlp(text)
    return [(s.label_, s.id_, s.start, s.end) for s in doc.spans[SPANS_KEY]]


@pytest.fixture(scope="module")
def plain_ruler() -> spacy.Language:
    """The project's pipeline with spaCy's own SpanRuler in place of the gated one."""
    ours = pipeline()
    nlp = spacy.blank("en")
    nlp.tokenizer = ours.tokenizer
    nlp.add_pipe("sentencizer")
    ruler = nlp.add_pipe("span_ruler", config={"spans_key": SPANS_KEY,
                                               "phrase_matcher_attr": "LOWER"})
    ruler.add_patterns(ours.get_pipe("gated_span_ruler").patterns)
    return nlp


@pytest.mark.parametrize("text", SENTENCES)
def test_gated_ruler_finds_what_span_ruler_finds(plain_ruler: spacy.Language,
                                                 text: str) -> None:
    found = _spans(pipeline(), text)
    assert found == _spans(plain_ruler, text)
    assert found or text == SENTENCES[-1], "the sentences name things rules look for"


def test_patterns_without_a_fixed_first_word_run_on_every_text() -> None:
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("gated_span_ruler", config={"spans_key": "s"})
    ruler.add_patterns([
        {"label": "WORD_FIRST", "pattern": [{"LOWER": "top"}, {"LIKE_NUM": True}]},
        {"label": "OPTIONAL_FIRST", "pattern": [{"LOWER": "about", "OP": "?"},
                                                {"LIKE_NUM": True}, {"LOWER": "days"}]},
    ])
    doc = nlp("It took 3 days, not about 4 days; Top 5 is 91.")
    assert sorted((s.label_, s.text) for s in doc.spans["s"]) == [
        ("OPTIONAL_FIRST", "3 days"), ("OPTIONAL_FIRST", "4 days"),
        ("OPTIONAL_FIRST", "about 4 days"), ("WORD_FIRST", "Top 5")]


@pytest.mark.parametrize(("pattern", "words"), [
    ([{"LIKE_NUM": True}, {"LOWER": {"IN": ["days", "hours"]}}], {"days", "hours"}),
    # the shortest list of a token that cannot be skipped
    ([{"LOWER": {"IN": ["a", "an", "one"]}}, {"LOWER": "week"}], {"week"}),
    ([{"TEXT": "X"}, {"LIKE_NUM": True}], {"x"}),                   # TEXT "X" is LOWER "x"
    ([{"LOWER": "about", "OP": "?"}, {"LIKE_NUM": True}], None),    # optional: not needed
    ([{"LOWER": "no", "OP": "!"}, {"LIKE_NUM": True}], None),       # must be absent
    ([{"LOWER": "very", "OP": "*"}, {"LOWER": "big", "OP": "+"}], {"big"}),
    ([{"LOWER": "ha", "OP": "{2,}"}, {"LOWER": "hm", "OP": "{0,3}"}], {"ha"}),
    ([{"LIKE_NUM": True}, {"TEXT": {"REGEX": "^10$"}}], None),
])
def test_required_words(pattern: list[dict], words: set[str] | None) -> None:
    assert required_words(pattern) == (None if words is None else frozenset(words))


def test_a_pattern_runs_where_a_required_word_is_not_its_first() -> None:
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("gated_span_ruler", config={"spans_key": "s"})
    ruler.add_patterns([
        {"label": "PARAMS", "pattern": [{"LIKE_NUM": True}, {"LOWER": "m", "OP": "?"},
                                        {"LOWER": {"IN": ["parameters", "params"]}}]},
        {"label": "NUMBER", "pattern": [{"LIKE_NUM": True}]},
    ])
    doc = nlp("It has 25 M Params and 12 layers.")
    assert sorted((s.label_, s.text) for s in doc.spans["s"]) == [
        ("NUMBER", "12"), ("NUMBER", "25"), ("PARAMS", "25 M Params")]
    no_word = nlp("It has 12 layers.")
    assert [(s.label_, s.text) for s in no_word.spans["s"]] == [("NUMBER", "12")]
