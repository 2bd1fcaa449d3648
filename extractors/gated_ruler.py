"""A SpanRuler that runs a token pattern only on texts that hold the pattern's first word.

spaCy's Matcher tries every token pattern at every token. Most of our patterns begin with a
fixed word ("top", "squad", "wmt", "a" week), and most sentences hold none of those words,
so the ruler groups such patterns by their first word and runs a group only when a token of
the text has that word (in lower case). Patterns that begin with anything else (a number,
a regular expression, an optional token) run on every text. The spans found are exactly
those of spaCy's SpanRuler with the same patterns.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

from spacy.attrs import LOWER
from spacy.language import Language
from spacy.matcher import Matcher
from spacy.pipeline.span_ruler import SpanRuler
from spacy.tokens import Doc, Span


def _first_word(pattern: list[dict[str, Any]]) -> str | None:
    """The fixed word a token pattern must start with, lower-cased; None if it has none."""
    first = pattern[0]
    if len(first) != 1:
        return None         # an operator ("OP") or several conditions: no fixed first word
    (attr, value), = first.items()
    if attr in {"LOWER", "TEXT", "ORTH"} and isinstance(value, str):
        return value.lower()
    return None


_ALWAYS = ""    # the group of patterns without a fixed first word


class GatedSpanRuler(SpanRuler):
    def add_patterns(self, patterns: Iterable[dict[str, Any]]) -> None:
        super().add_patterns(patterns)
        # Patterns are grouped by label, those without a fixed first word in one group run
        # on every text; a label's group runs where a text holds one of its first words.
        self._by_group: dict[str, list[tuple[str, list]]] = {_ALWAYS: []}
        self._groups_of: dict[int, set[str]] = {}
        for entry in self.patterns:
            tokens, label = entry["pattern"], entry["label"]
            if isinstance(tokens, list):
                key = repr((label, entry.get("id", "")))   # as SpanRuler names it
                word = _first_word(tokens)
                group = _ALWAYS if word is None else label
                self._by_group.setdefault(group, []).append((key, tokens))
                if word is not None:
                    word_id = self.nlp.vocab.strings.add(word)
                    self._groups_of.setdefault(word_id, set()).add(label)
        self._matcher_for = lru_cache(maxsize=256)(self._build_matcher)

    def _build_matcher(self, groups: frozenset[str]) -> Matcher:
        """One matcher per set of groups: a text costs one matcher call (its per-token
        set-up is most of a call's cost), with only the patterns that can match. The
        patterns were validated when added to the ruler's own matcher."""
        matcher = Matcher(self.nlp.vocab)
        for group in (_ALWAYS, *groups):
            for key, tokens in self._by_group[group]:
                matcher.add(key, [tokens])
        return matcher

    def match(self, doc: Doc) -> list[Span]:
        self._require_patterns()
        groups: set[str] = set()
        for word in self._groups_of.keys() & set(doc.to_array(LOWER).tolist()):
            groups |= self._groups_of[word]
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", message="\\[W036")
            matches = [*self._matcher_for(frozenset(groups))(doc), *self.phrase_matcher(doc)]
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
