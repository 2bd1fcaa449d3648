"""Page text from a PDF with PyMuPDF."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pymupdf

MIN_TEXT_CHARS = 200  # below this a paper has no usable text layer (scanned, image-only)


class PdfReadError(Exception):
    """The file cannot be read as a PDF with text."""


@dataclass(frozen=True)
class PdfText:
    pages: list[str]

    @property
    def page_count(self) -> int:
        return len(self.pages)

    @property
    def text_chars(self) -> int:
        return sum(len(p.strip()) for p in self.pages)

    @property
    def has_text(self) -> bool:
        return self.text_chars >= MIN_TEXT_CHARS


def read_pdf(path: Path) -> PdfText:
    """Text of every page, in the order PyMuPDF reads its blocks."""
    try:
        doc = pymupdf.open(path, filetype="pdf")
    except Exception as err:  # PyMuPDF raises several types for broken files
        raise PdfReadError(f"cannot open {path.name}: {err}") from err
    with doc:
        if doc.needs_pass:
            raise PdfReadError(f"{path.name} is encrypted")
        if doc.page_count == 0:
            raise PdfReadError(f"{path.name} has no pages")
        try:
            return PdfText([page.get_text("text") for page in doc])
        except Exception as err:
            raise PdfReadError(f"cannot read text of {path.name}: {err}") from err
