"""The tokenizer skips the affix expressions on words of ASCII letters alone; that must not
change a single token."""

from __future__ import annotations

from itertools import product
from string import ascii_letters

import pytest
import spacy

from flopwatch.extractors.nlp import affix_expressions, pipeline

# Every word of one or two letters (units hide there: "km", "MB", "h", "x"), and longer
# unit and currency words the suffix rules name.
WORDS = [*ascii_letters, *("".join(p) for p in product(ascii_letters, repeat=2)),
         "min", "mins", "hrs", "kmh", "mph", "hPa", "mbar", "US", "GPUs", "classification"]

TEXTS = [
    "A 1.5B model, 8x faster, trained for 15h (2–3 days) on 8 GPUs.",
    "It costs US$5 or ~3 GPU-days; 4.1 GFLOPs/image, 3.2×10 FLOPs, 76.3% top-1.",
    "Smith et al. (2019) report it in Fig. 3, e.g. the TPU's 128GB and 100km/h A/B tests.",
    "“Ours” reaches 28.4 BLEU… [12] CIFAR-10: 3.1%; En→De, 1e23 FLOPs, 12ms, 5min.",
]


def test_no_affix_rule_matches_a_word_of_ascii_letters() -> None:
    prefix, suffix, infix = affix_expressions()
    for word in WORDS:
        assert prefix(word) is None, word
        assert suffix(word) is None, word
        assert list(infix(word)) == [], word


@pytest.mark.parametrize("text", TEXTS)
def test_tokens_are_those_of_the_plain_expressions(text: str) -> None:
    ours = pipeline().tokenizer
    plain = spacy.blank("en").tokenizer
    plain.prefix_search, plain.suffix_search, plain.infix_finditer = affix_expressions()
    plain.url_match = None
    for abbreviation in ("al.", "Fig.", "e.g."):
        plain.add_special_case(abbreviation, [{"ORTH": abbreviation}])
    assert [t.text for t in ours(text)] == [t.text for t in plain(text)]
