"""Imported by the parse fork server, so every forked child starts warm: the rules pipeline
is built, and one small generated paper has run through every step once, which fills the
lazy imports and caches a child would otherwise fill (and throw away) per paper."""

import gc

import pymupdf

from flopwatch.extractors import registry
from flopwatch.extractors.nlp import pipeline
from flopwatch.extractors.paper import extract_text
from flopwatch.extractors.pdf_text import PdfText, read_page

pipeline()
# (a GPU and a benchmark of the registry's, so that every kind of rule runs)
_gpu = next(a for a in registry.accelerators() if a.kind == "gpu" and not a.generic)
_benchmark = registry.families()[0].name
_doc = pymupdf.open()
_doc.new_page().insert_text((72, 72), "\n".join([
    f"We train on 8 {_gpu.canonical} GPUs for 3 days (576 GPU-hours), 4.1 GFLOPs, 25.6M "
    "parameters.",
    f"Table 1: Top-1 accuracy on {_benchmark}.",
    "Method Top-1 Top-5",
    "Ours 76.1 92.9",
]))
extract_text("warm-up", PdfText([read_page(_doc[0], 1)]))
_doc.close()

# Every child is forked from here: what exists now goes out of the collector's reach, so a
# child's collections do not write to each object and copy the pages the fork shares (the
# gc.freeze advice; extract_many does the same before it forks).
gc.freeze()
