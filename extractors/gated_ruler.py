"""A SpanRuler that runs a token pattern only on texts that hold a word the pattern needs.

spaCy's Matcher tries every token pattern at every token. Nearly every pattern has a token
it cannot skip that is a fixed word or word list ("top", "squad", "hours" after a number,
"parameters" after one), and most sentences hold none of a given pattern's words. So each
pattern (all patterns of one label and id together) gets its own small matcher, called
only on texts that hold one of its words, in lower case. Patterns with no such token run
on every text. The spans found are exactly those of spaCy's SpanRuler with the same
patterns.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any, cast

from spacy.attrs import LOWER
from spacy.language import Language
from spacy.matcher import Matcher
from spacy.pipeline.span_ruler import SpanRuler
from spacy.tokens import Doc, Span

# Operators under which a token must occur at least once: none, "+", "{n}", "{n,}", "{n,m}"
# with n of 1 or more.
_REQUIRED_OP = re.compile(r"\+|\{[1-9]\d*(,\d*)?\}")


def required_words(pattern: list[dict[str, Any]]) -> frozenset[str] | None:
    """Words (lower case), one of which every match of the token pattern holds: the
    shortest word list of a token the pattern cannot skip; None if it has no such token."""
    best: frozenset[str] | None = None
    for token in pattern:
        if "OP" in token and not _REQUIRED_OP.fullmatch(token["OP"]):
            continue
        for attr in ("LOWER", "TEXT", "ORTH"):      # TEXT "X" implies LOWER "x"
            value = token.get(attr)
            if isinstance(value, str):
                words = frozenset([value.lower()])
            elif isinstance(value, dict) and set(value) == {"IN"} and \
                    all(isinstance(w, str) for w in value["IN"]):
                words = frozenset(w.lower() for w in value["IN"])
            else:
                continue
            if best is None or len(words) < len(best):
                best = words
    return best


class GatedSpanRuler(SpanRuler):
    def add_patterns(self, patterns: Iterable[dict[str, Any]]) -> None:
        super().add_patterns(cast(Any, patterns))
        # One matcher per pattern key (label and id, as SpanRuler names them); the matcher
        # of patterns without required words runs on every text. Building the matchers
        # once costs milliseconds; a matcher call costs little more than its set-up.
        self._always = Matcher(self.nlp.vocab)
        self._gated: dict[str, Matcher] = {}
        self._keys_of: dict[int, set[str]] = {}
        for entry in self.patterns:
            tokens = entry["pattern"]
            if not isinstance(tokens, list):
                continue            # a phrase: the phrase matcher's
            key = repr((entry["label"], entry.get("id", "")))
            words = required_words(tokens)
            if words is None:
                self._always.add(key, [tokens])
                continue
            self._gated.setdefault(key, Matcher(self.nlp.vocab)).add(key, [tokens])
            for word in words:
                self._keys_of.setdefault(self.nlp.vocab.strings.add(word), set()).add(key)

    def match(self, doc: Doc) -> list[Span]:
        self._require_patterns()
        keys: set[str] = set()
        for word in self._keys_of.keys() & set(doc.to_array(LOWER).tolist()):
            keys |= self._keys_of[word]
        matches = [*self.phrase_matcher(doc)]
        if len(self._always):
            matches += self._always(doc)
        for key in keys:
            matches += self._gated[key](doc)
        found = {Span(doc, start, end, label=self._match_label_id_map[m_id]["label"],
                      span_id=self._match_label_id_map[m_id]["id"])
                 for m_id, start, end in matches if start != end}
        return sorted(found)


@Language.factory("gated_span_ruler", default_config={
    "spans_key": "ruler", "phrase_matcher_attr": None, "validate": False})
def make_gated_span_ruler(nlp: Language, name: str, spans_key: str,
                          phrase_matcher_attr: str | None, validate: bool) -> GatedSpanRuler:
    return GatedSpanRuler(nlp, name, spans_key=spans_key,
                          phrase_matcher_attr=phrase_matcher_attr, validate=validate)
