"""The paper's own model names: what its title names, and what it says it introduces ("we
call it X", "our Vision Transformer (ViT)"). Table rows and sentences that carry one are
the authors' own."""

from __future__ import annotations

import re

from flopwatch.extractors import registry
from flopwatch.extractors.pdf_text import PdfText

# How a paper names what it introduces: "a new architecture, called RepLKNet", "we name it
# HorNet", "dubbed ConvNeXt".
_NAMED_AS = re.compile(r"\b(?:called|named|dubbed|termed|coined)\s+(?:it\s+|as\s+|them\s+)?"
                       r"[“\"']?([A-Z][a-z]*[A-Z][\w\-]*)")


# "construct an SE network (SENet)", "our proposed architecture (AA-ResNet)": a name
# introduced as the acronym of what the authors build; not "convolutional networks
# (ConvNets)", which names the field's.
_ACRONYM_OF = re.compile(r"\b(?:networks?|models?|architectures?|nets?|transformers?)\s*"
                         r"\(([A-Z][A-Za-z\-]*)\)")
_INTRODUCED = re.compile(r"\b(?:our|an?|we)\b[^.()]{0,40}$", re.I)


def _introduced_acronyms(page_text: str) -> set[str]:
    text = page_text.replace("\n", " ")
    out = set()
    for m in _ACRONYM_OF.finditer(text):
        name = m.group(1).removesuffix("s")
        if sum(c.isupper() for c in name) >= 2 and any(c.islower() for c in name) and \
                _INTRODUCED.search(text[max(0, m.start() - 60):m.start()]):
            out.add(name.lower())
    return out


# "Vision Transformer (ViT)", "Momentum Contrast (MoCo)": a short form in parentheses
# after the words it abbreviates.
_SHORT_FORM = re.compile(r"\(([A-Z][A-Za-z0-9\-]{1,11}?)s?\)")


def _long_form(words: list[str], short: str) -> list[str]:
    """The words a short form abbreviates, by Schwartz and Hearst's rule: its letters, last
    first, found in order in the words before it, the first letter starting a word."""
    letters = [c.lower() for c in short if c.isalnum()]
    text = " ".join(words[-(len(letters) + 5):])
    lower = text.lower()
    i = len(text) - 1
    for k in range(len(letters) - 1, -1, -1):
        while i >= 0 and (lower[i] != letters[k] or
                          (k == 0 and i > 0 and lower[i - 1].isalnum())):
            i -= 1
        if i < 0:
            return []
        i -= 1
    return text[i + 1:].split()


# Who introduces the long form: "we present Group Normalization (GN)", "Our Vision
# Transformer (ViT)", "which we call Pathways Language Model (PaLM)".
_INTRODUCER = re.compile(r"\b(?:we|our|called|named|dubbed|termed)\b[^.()]{0,40}$", re.I)


def _defined_short_forms(page_text: str) -> set[str]:
    """Short forms the authors define for what they introduce, not the field's terms
    ("convolutional neural networks (CNNs)", "Batch Normalization (BN)")."""
    text = page_text.replace("\n", " ")
    out = set()
    for m in _SHORT_FORM.finditer(text):
        short = m.group(1)
        if sum(c.isupper() for c in short) < 2:
            continue
        long = _long_form(text[max(0, m.start() - 120):m.start()].split(), short)
        if len(long) < 2:
            continue
        # a name, not a term: "Vision Transformer (ViT)", "MoCo", not "neural networks (NNs)"
        proper = all(w[0].isupper() for w in long if len(w) > 3) or \
            any(c.islower() for c in short[1:])
        if not proper or any(f.in_caption.fullmatch(short) for f in registry.families()):
            continue    # (a benchmark's name is not a model's: "ILSVRC", "SQuAD")
        start = m.start() - len(" ".join(long)) - 1
        if _INTRODUCER.search(text[max(0, start - 60):start + 1]):
            out.add(short.lower())
    return out


# Words of a title that mix case but name no model of the paper's: its benchmarks (by
# their families' names) and the field's plurals.
_NOT_MODEL_WORDS = frozenset({f.name.lower() for f in registry.families()} |
                             {"gpus", "cnns", "rnns", "lstms", "arxiv"})


def model_names(text: PdfText) -> tuple[str, ...]:
    """The paper's own model names, from its title: the word before a colon ("MnasNet:",
    "Xception:") and words that mix case or digits ("MobileNetV2", "YOLOv3", "DeBERTa");
    and from its first pages, the names it gives what it introduces ("called RepLKNet",
    "our Vision Transformer (ViT)")."""
    if not text.pages:
        return ()
    heads = [" ".join(b.text.split())[:200] for b in text.pages[0].blocks[:4]
             if not re.match(r"^\s*(arXiv:|Published|Preprint|Under review|Proceedings)",
                             b.text)]
    names: set[str] = set()
    for title in heads[:2]:
        if m := re.match(r"^\s*([A-Za-z][\w\-]{2,}?)s?\s*:", title):
            names.add(m.group(1).lower())
    for page in text.pages[:2]:
        names.update(n.lower().removesuffix("s") for n in _NAMED_AS.findall(page.text))
        names.update(_introduced_acronyms(page.text))
        names.update(_defined_short_forms(page.text))
    title = heads[0] if heads else ""
    if 1 < len(title.split()) <= 3 and all(w[0].isupper() for w in title.split()):
        names.add(title.lower())    # a title that is a name: "Fast R-CNN", "Mask R-CNN"
    for word in re.findall(r"\b[A-Za-z][A-Za-z0-9\-]{2,}\b", title):
        mixed = re.search(r"[a-z][A-Z]|[A-Za-z]\d|^[A-Z]{2,}[a-z]", word)
        if mixed and word.lower() not in _NOT_MODEL_WORDS:
            names.add(word.lower().removesuffix("s") if word.endswith("s") and
                      not word.endswith("ss") else word.lower())
    return tuple(sorted(names))
