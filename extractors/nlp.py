"""The rules-only spaCy pipeline: a blank English tokenizer, a sentencizer and a SpanRuler
whose patterns are data (`patterns/*.jsonl`, and the registry's benchmarks, metrics and
accelerator aliases).

The tokenizer is taught to split a number from a glued unit ("1.5B", "8x", "15h", "2–3"),
so one pattern serves "1.5B" and "1.5 B" alike.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import cache
from importlib import resources
from typing import Any, cast

import spacy
from spacy import attrs
from spacy.lang.en import English
from spacy.language import Language
from spacy.tokenizer import Tokenizer
from spacy.util import compile_infix_regex, compile_prefix_regex, compile_suffix_regex

# gated_ruler registers the "gated_span_ruler" factory
from flopwatch.extractors import gated_ruler, registry
from flopwatch.extractors.data import words

PATTERN_FILES = ("quantities.jsonl", "hardware.jsonl", "schedule.jsonl")
SPANS_KEY = "mentions"
_GLUED_UNITS = r"(?<=[0-9])(?:[KkMBGT]|x|×|h|hrs?|d|m|min|s|ms|%)"


def _read_jsonl(package: str, name: str) -> list[dict[str, Any]]:
    text = resources.files(package).joinpath(name).read_text(encoding="utf-8")
    return [_with_word_lists(json.loads(line)) for line in text.splitlines() if line.strip()
            and not line.lstrip().startswith("//")]


def _with_word_lists(pattern: dict[str, Any]) -> dict[str, Any]:
    """A token's `{"IN": "@name"}` is the word list `name` of words.json, so a list that a
    pattern and another reader share is written once."""
    tokens = pattern["pattern"]
    if isinstance(tokens, list):
        pattern["pattern"] = [
            {attr: {"IN": words(want["IN"][1:])}
             if isinstance(want, dict) and str(want.get("IN", "")).startswith("@") else want
             for attr, want in token.items()} for token in tokens]
    return pattern


def _alias_patterns() -> list[dict[str, Any]]:
    """Each alias as a case-insensitive phrase (the phrase matcher is far cheaper than
    token patterns for a long list of names), in each of its spellings."""
    return [{"label": "ACCEL", "id": acc.canonical, "pattern": spelling}
            for acc in registry.accelerators() for spelling in acc.spellings]


def _as_phrases(pattern: dict[str, Any]) -> list[dict[str, Any]]:
    """Word lists at the start of a pattern are spelled out, one pattern per word: a list
    is a predicate the matcher calls at every token, a plain word is a table look-up. A
    one-token LOWER pattern becomes a phrase for the (faster still) phrase matcher."""
    tokens = pattern["pattern"]
    if not isinstance(tokens, list) or len(tokens[0]) != 1:
        return [pattern]
    (attr, words), = tokens[0].items()
    if attr not in {"LOWER", "TEXT"} or not (isinstance(words, dict) and set(words) == {"IN"}):
        return [pattern]
    if len(tokens) == 1 and attr == "LOWER":
        return [{**pattern, "pattern": word} for word in words["IN"]]
    return [{**pattern, "pattern": [{attr: word}, *tokens[1:]]} for word in words["IN"]]


# The word attributes patterns and rules read. spaCy computes some twenty for every new
# word (shape, stop word, URL, e-mail ...); computing only these makes a new word a third
# cheaper, and most words of a paper are new to a fresh process.
_LEXEME_ATTRS = {attrs.LOWER, attrs.LIKE_NUM, attrs.IS_SPACE, attrs.IS_PUNCT, attrs.IS_DIGIT,
                 attrs.IS_ALPHA}


def affix_expressions() -> tuple[Callable[..., Any], Callable[..., Any], Callable[..., Any]]:
    """spaCy's English prefix and suffix search and infix finditer, with ours added."""
    defaults = English.Defaults
    prefixes = [*(defaults.prefixes or ()), r"[~∼≈]"]
    suffixes = [*(defaults.suffixes or ()), _GLUED_UNITS]
    infixes = [*(defaults.infixes or ()), r"(?<=[0-9])[–—-](?=[0-9])", r"(?<=[0-9])[x×/](?=[0-9])",
               r"(?<=[a-zA-Z])/(?=[a-zA-Z0-9])", r"(?<=[a-zA-Z])·(?=[a-zA-Z])"]
    return (compile_prefix_regex(prefixes).search, compile_suffix_regex(suffixes).search,
            compile_infix_regex(infixes).finditer)


def _unless_plain_word(search: Callable[[str], Any], none: Any = None) -> Callable[[str], Any]:
    """`search`, except on a word of ASCII letters alone ("GPUs"), where it gives `none`:
    every prefix, suffix and infix rule needs a digit, a mark or a non-ASCII letter, so
    none can match there. Most words are such words, and the suffix expression alone,
    tried at every position of a word, was a fifth of the tokenizer's time."""
    def guarded(text: str) -> Any:
        return none if text.isascii() and text.isalpha() else search(text)
    return guarded


_ABBREVIATIONS = ("al.", "Fig.", "Figs.", "fig.", "Eq.", "Eqs.", "Tab.", "Sec.", "e.g.", "i.e.",
                  "cf.", "vs.", "approx.", "resp.", "Ref.", "No.")


@cache
def pipeline() -> Language:
    nlp = spacy.blank("en")
    # spaCy's type stub omits the vocabulary's lexeme attribute getters
    getters = nlp.vocab.lex_attr_getters  # type: ignore[attr-defined]
    for attr in set(getters) - _LEXEME_ATTRS:
        del getters[attr]
    prefix_search, suffix_search, infix_finditer = affix_expressions()
    english = cast(Tokenizer, nlp.tokenizer)
    # Abbreviations that end in a full stop do not end a sentence ("Smith et al. [3]").
    rules = {**english.rules, **{a: [{"ORTH": a}] for a in _ABBREVIATIONS}}
    # One tokenizer made with everything at once: each change to a built one reloads its
    # thousands of special cases, which took a third of a second at every start.
    # URLs hold no fact, and the URL expression, tried on every new word, is a sixth of
    # the tokenizer's time.
    nlp.tokenizer = Tokenizer(
        nlp.vocab, rules=rules, prefix_search=_unless_plain_word(prefix_search),
        suffix_search=_unless_plain_word(suffix_search),
        infix_finditer=_unless_plain_word(infix_finditer, none=()),
        token_match=english.token_match, url_match=None)
    nlp.add_pipe("sentencizer")
    config = {"spans_key": SPANS_KEY, "phrase_matcher_attr": "LOWER", "validate": True}
    ruler = cast(gated_ruler.GatedSpanRuler, nlp.add_pipe("gated_span_ruler", config=config))
    patterns = [phrase for name in PATTERN_FILES
                for p in _read_jsonl(f"{__package__}.patterns", name) for phrase in _as_phrases(p)]
    patterns += [phrase for p in registry.spacy_patterns() for phrase in _as_phrases(p)]
    ruler.add_patterns(patterns + _alias_patterns())
    from flopwatch.extractors import components  # (its rules read this module's spans)

    components.add_to(nlp)
    return nlp
