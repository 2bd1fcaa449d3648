"""Which parts of a paper the sentence rules read: blocks outside the reference list, and
in them the sentences that hold a quantity and a word some rule looks for. The rest of a
paper (most of it) cannot yield a fact, and skipping it is most of the speed."""

from __future__ import annotations

import re
from collections.abc import Iterator

from flopwatch.extractors import registry
from flopwatch.extractors.data import words
from flopwatch.extractors.pdf_text import Page, PdfText

_DIGIT = re.compile(r"\d")
_NUMBER_WORD = re.compile(r"\b(one|two|three|four|five|six|seven|eight|nine|ten|twelve|"
                          r"single|a (day|week|month))\b", re.I)

_REFERENCES = re.compile(r"^\s*(\d+\.?\s*)?(references|bibliography|literature cited)\s*$",
                         re.I)
_AFTER_REFERENCES = re.compile(r"^\s*((?i:append(ix|ices)|supplementary)|"
                               r"[A-H](\.\d+)*\.?\s+[A-Z][A-Za-z]|[A-H](\.\d+)*\.?\s*$)")

# Only sentences that hold a number and a word some rule looks for go through spaCy; the
# rest of a paper (most of it) cannot yield a fact, and skipping it is most of the speed.
# Plain words are looked for with `in` (a fast scan of the text); the regular expression,
# matched against lower-cased text (twice as fast as re.I), has only the words that need
# boundaries.
_RELEVANT_WORDS = tuple(words("relevant_words"))
_MODEL_NOUNS = "|".join(words("model_nouns"))
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
    r"(?:[kmbgt]|thousand|million|billion|trillion)\s?-?\s?weights\b|"
    # a model named by its size ("a 6.7B Transformer", "our 41B model")
    rf"\d[\d.]*\s?[mb]\s?-?\s?(?:{_MODEL_NOUNS})\b)")


def _catalog_words() -> tuple[str, ...]:
    """Each accelerator alias of the catalog as the word that tells it apart (the one with a
    digit: "mi250", "v100", "tpuv3"; else the whole alias: "titan black"), lower case: a
    sentence that names any catalog accelerator is read, so an alias added to the catalog
    is read everywhere ("We train on 8 AMD MI250 accelerators.")."""
    def found(text: str) -> bool:     # by the tests above
        return any(r in text for r in _RELEVANT_WORDS) or _RELEVANT.search(text) is not None

    words = set()
    for acc in registry.accelerators():
        for alias in acc.spellings:
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


# A full stop, then space and a capital: a sentence ends, unless it closes an initial (a
# capital standing alone: "J. Smith", "U.S."; "UCC-I." ends a name) or an abbreviation.
# The exceptions look back from the stop, so they are only tried there.
SENTENCE_END = re.compile(r"[.!?](?<![\s(.][A-Z][.!?])(?<!^[A-Z][.!?])(?<!\bal[.!?])"
                          r"(?<!\bFig[.!?])(?<!\bEq[.!?])(?<!\be\.g[.!?])(?<!\bi\.e[.!?])"
                          r"(?<!\bvs[.!?])(?<!\bet[.!?])(?=\s+[A-Z(\[])")


def candidate_sentences(block: str) -> Iterator[tuple[int, str]]:
    """(offset, text) of the block's sentences that could hold a fact: a quantity (cheap
    to find) and then a word some rule looks for."""
    start = 0
    for end in [*(m.end() for m in SENTENCE_END.finditer(block)), len(block)]:
        piece = block[start:end]
        if ((_has_quantity(piece) and _relevant(piece)) or _kind_based(piece)) and \
                piece.strip():
            yield start, piece
        start = end


def text_blocks(text: PdfText) -> Iterator[tuple[Page, int, str, str]]:
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
