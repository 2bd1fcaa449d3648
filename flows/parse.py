"""The parse step's work: a cached PDF to its size and the facts the rules find in it."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from flopwatch.extractors.paper import extract_text
from flopwatch.extractors.pdf_text import read_pdf
from flopwatch.extractors.record import PaperRecord


@dataclass(frozen=True)
class Parsed:
    """What the parse step keeps of a PDF: its size, and the facts the rules found."""

    pages: int
    text_chars: int
    has_text: bool
    record: PaperRecord


def parse_file(path: Path, name: str, max_pages: int = 0) -> Parsed:
    text = read_pdf(path, max_pages=max_pages)
    return Parsed(text.page_count, text.text_chars, text.has_text, extract_text(name, text))



