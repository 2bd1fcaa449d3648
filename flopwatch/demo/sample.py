"""The sample corpus: synthetic papers, written as two-column PDFs with PyMuPDF.

The papers' metadata and text live in `papers.json`; this module only lays them out,
so the PDFs are generated, never copied from real papers.
"""

from __future__ import annotations

import html
import io
import json
import re
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path
from typing import Any

import pymupdf

from flopwatch.demo.local_arxiv import Entry

_CSS = """
* {font-family: serif; font-size: 9.5pt; line-height: 1.25;}
h1 {font-size: 15pt; text-align: center; margin-bottom: 4pt;}
p.authors {text-align: center; font-size: 10.5pt;}
p.abstract {font-size: 9pt; margin: 6pt 18pt;}
h2 {font-size: 11pt; margin-top: 8pt; margin-bottom: 3pt;}
p {text-align: justify; margin-bottom: 4pt;}
p.caption {font-size: 8.5pt;}
table {border-collapse: collapse; font-size: 8.5pt;}
td, th {padding: 1pt 4pt;}
"""
_PAGE = pymupdf.paper_rect("letter")
_MARGIN, _GUTTER, _HEADER_HEIGHT = 54, 18, 190


def sample_papers() -> list[dict[str, Any]]:
    text = resources.files(__package__).joinpath("papers.json").read_text(encoding="utf-8")
    return json.loads(text)["papers"]


def _header_html(paper: dict[str, Any]) -> str:
    e = html.escape
    return (f"<h1>{e(paper['title'])}</h1><p class='authors'>{e(', '.join(paper['authors']))}"
            f"</p><p class='abstract'><b>Abstract.</b> {e(paper['abstract'])}</p>")


def _body_html(paper: dict[str, Any]) -> str:
    e = html.escape
    parts = []
    for section in paper["sections"]:
        parts.append(f"<h2>{e(section['heading'])}</h2>")
        parts.extend(f"<p>{e(p)}</p>" for p in section["paragraphs"])
        if table := section.get("table"):
            head = "".join(f"<th>{e(h)}</th>" for h in table["header"])
            rows = "".join(
                "<tr>" + "".join(f"<td>{e(c)}</td>" for c in row) + "</tr>"
                for row in table["rows"]
            )
            parts.append(f"<p class='caption'>{e(table['caption'])}</p>"
                         f"<table><tr>{head}</tr>{rows}</table>")
    return "".join(parts)


def _columns(first_page: bool) -> list[pymupdf.Rect]:
    top = _MARGIN + (_HEADER_HEIGHT if first_page else 0)
    width = (_PAGE.width - 2 * _MARGIN - _GUTTER) / 2
    bottom = _PAGE.height - _MARGIN
    left = pymupdf.Rect(_MARGIN, top, _MARGIN + width, bottom)
    return [left, pymupdf.Rect(left.x1 + _GUTTER, top, _PAGE.width - _MARGIN, bottom)]


def render_pdf(paper: dict[str, Any]) -> bytes:
    """A two-column paper: title block across the top, body flowing down the columns."""
    buf = io.BytesIO()
    writer = pymupdf.DocumentWriter(buf)
    header = pymupdf.Story(html=_header_html(paper), user_css=_CSS)
    body = pymupdf.Story(html=_body_html(paper), user_css=_CSS)
    first, more = True, True
    while more:
        device = writer.begin_page(_PAGE)
        if first:
            header.place(pymupdf.Rect(_MARGIN, _MARGIN, _PAGE.width - _MARGIN,
                                      _MARGIN + _HEADER_HEIGHT))
            header.draw(device)
        for rect in _columns(first):
            more, _ = body.place(rect)
            body.draw(device)
            if not more:
                break
        writer.end_page()
        first = False
    writer.close()
    doc = pymupdf.open(stream=buf.getvalue(), filetype="pdf")
    for number, page in enumerate(doc.pages(), start=1):
        page.insert_text((_PAGE.width / 2 - 4, _PAGE.height - 30), str(number), fontsize=9)
    stamp = "D:" + paper["published"][:10].replace("-", "") + "000000Z"
    doc.set_metadata({"title": paper["title"], "author": ", ".join(paper["authors"]),
                      "creationDate": stamp, "modDate": stamp, "producer": "flopwatch sample"})
    return doc.tobytes(garbage=3, deflate=True, no_new_id=True)


def _when(stamp: str) -> datetime:
    return datetime.fromisoformat(stamp.replace("Z", "+00:00"))


def sample_entries() -> list[Entry]:
    """The sample papers as entries a local arXiv endpoint can list and serve."""
    return [
        Entry(
            arxiv_id=p["arxiv_id"], version=p["version"], title=p["title"],
            authors=p["authors"], abstract=p["abstract"], categories=p["categories"],
            published=_when(p["published"]), updated=_when(p["updated"]), pdf=render_pdf(p),
        )
        for p in sample_papers()
    ]


_ARXIV_NAME = re.compile(r"^(\d{2})(\d{2})\.\d{4,5}$")


def entries_from_pdfs(folder: Path, category: str) -> tuple[list[Entry], list[str]]:
    """PDFs named by arXiv id ("1801.04381.pdf") as entries a local endpoint can serve:
    submitted on the 1st of the id's month, titled by the PDF's metadata or file name. Also
    the names skipped (not an arXiv id)."""
    entries, skipped = [], []
    for path in sorted(folder.glob("*.pdf")):
        m = _ARXIV_NAME.match(path.stem)
        if not m:
            skipped.append(path.name)
            continue
        stamp = datetime(2000 + int(m.group(1)), int(m.group(2)), 1, tzinfo=UTC)
        data = path.read_bytes()
        try:
            with pymupdf.open(stream=data, filetype="pdf") as doc:
                title = (doc.metadata or {}).get("title") or path.stem
        except (pymupdf.FileDataError, RuntimeError):
            title = path.stem
        entries.append(Entry(arxiv_id=path.stem, version=1, title=title, authors=[],
                             abstract="", categories=[category], published=stamp,
                             updated=stamp, pdf=data))
    return entries, skipped
