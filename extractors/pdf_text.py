"""Page text and table rows from a PDF with PyMuPDF.

Text comes block by block in the order the PDF draws it, which for the LaTeX papers of
this field is reading order, columns included. Line-end hyphenation is undone and
ligatures and odd spaces are normalised, so rules see "classification", not
"classiﬁ-\\ncation". Table rows are rebuilt from line positions: the cells of a row share
a baseline, so no (slow) table detection is needed.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import groupby, pairwise
from operator import itemgetter
from pathlib import Path

import pymupdf

from flopwatch.extractors import registry
from flopwatch.extractors.data import words

MIN_TEXT_CHARS = 200  # below this a paper has no usable text layer (scanned, image-only)

_LIGATURES = str.maketrans({
    "ﬀ": "ff", "ﬁ": "fi", "ﬂ": "fl", "ﬃ": "ffi", "ﬄ": "ffl", "ﬅ": "st", "ﬆ": "st",
    "\u00a0": " ", "\u2002": " ", "\u2003": " ", "\u2009": " ", "\u200a": " ", "\u202f": " ",
    "\u2007": " ", "\u2008": " ", "\u205f": " ", "\u3000": " ", "\u00ad": "", "\u200b": "",
    "\u2212": "-", "\u2010": "-", "\u2011": "-",
})
_MAPPED = re.compile("[" + "".join(map(chr, _LIGATURES)) + "]")
# "classi-\nfication" -> "classification"; keep the hyphen before capitals or digits
# ("V100-\nSXM2" -> "V100-SXM2", "TPU-\nv3" -> "TPU-v3"), which are compounds rather than
# split words, but not the line break.
_HYPHEN_BREAK = re.compile(r"(?<=[a-z])-\n(?=[a-z])")
_COMPOUND_BREAK = re.compile(r"(?<=\w)-\n(?=\w)")
_SPACES = re.compile(r"[ \t]+")


class PdfReadError(Exception):
    """The file cannot be read as a PDF with text."""


def normalise(text: str) -> str:
    # Every character the table maps is outside ASCII; most texts hold none, and a search
    # for them is many times cheaper than translating every character.
    if not text.isascii() and _MAPPED.search(text):
        text = text.translate(_LIGATURES)
    # The substring tests are much cheaper than the substitutions they mostly spare.
    if "-\n" in text:
        text = _COMPOUND_BREAK.sub("-", _HYPHEN_BREAK.sub("", text))
    return _SPACES.sub(" ", text) if "  " in text or "\t" in text else text


@dataclass(frozen=True)
class Cell:
    text: str
    x0: float
    x1: float
    # where each word of `text` is across the page (x0, x1), when known: a cell that holds
    # several table cells is split at its words, not in proportion to its characters
    words: tuple[tuple[float, float], ...] = field(default=(), compare=False, repr=False)

    @property
    def xc(self) -> float:
        return (self.x0 + self.x1) / 2


@dataclass(frozen=True)
class Row:
    """Cells that share a baseline on one page: a table row, or a header row."""

    page: int
    y: float
    cells: tuple[Cell, ...]

    @property
    def text(self) -> str:
        return " ".join(c.text for c in self.cells)


@dataclass(frozen=True)
class Block:
    start: int             # character offset of the block in its page's text
    y0: float
    y1: float
    text: str
    x0: float = 0.0        # across the page; x0 == x1 where unknown
    x1: float = 0.0


@dataclass(frozen=True)
class Page:
    number: int            # 1-based
    text: str              # normalised, blocks separated by blank lines
    rows: tuple[Row, ...] = field(default=())
    blocks: tuple[Block, ...] = field(default=())
    width: float = 0.0


@dataclass(frozen=True)
class PdfText:
    pages: list[Page]

    @property
    def page_count(self) -> int:
        return len(self.pages)

    @property
    def text_chars(self) -> int:
        return sum(len(p.text.strip()) for p in self.pages)

    @property
    def has_text(self) -> bool:
        return self.text_chars >= MIN_TEXT_CHARS


# Column names of a results table. A line naming two of them and holding no number is a
# table's header run together, however wide ("top-1 val. error (%) top-5 val. error (%)").
_COLUMN_NAMES = re.compile(r"(?<![\w-])(top-?[15]|params|#\s?params|flops|mult-adds|bleu|"
                           r"m?AP(50|75)?|EM|F1)(?![\w-])", re.I)
_FUNCTION_WORD = re.compile(r"\b(the|and|of|we|with|to|for|is|are|our|that|on|in)\b")
_NUMBER_TOKEN = re.compile(r"(?<![\w.-])\d+(\.\d+)?%?(?![\w.-])")


# A word as PyMuPDF gives it: x0, y0, x1, y1, text, block, line, word numbers.
Word = tuple[float, float, float, float, str, int, int, int]
# A line's box (x0, y0, x1, y1), its text and its words.
Line = tuple[float, float, float, float, str, tuple[Word, ...]]

# Words that name a benchmark or task heading a column: a header line that runs across the
# columns ("CIFAR10+ CIFAR100+ SVHN ImageNet") is split at them.
_COLUMN_HEADS = re.compile(
    "^(" + "|".join([*registry.column_heads(), *words("other_column_heads")]) + ")", re.I)


def _is_prose(line: Line, page_width: float) -> bool:
    """A line of running text (most of a column wide, several words), not a table cell."""
    text = line[4]
    if (line[2] - line[0]) <= 0.28 * page_width or len(text.split()) < 5 or \
            _label_and_values(line) or all(_VALUE_WORD.match(w[4]) for w in line[5]):
        return False
    heads = len(_COLUMN_NAMES.findall(text)) + sum(1 for w in line[5] if _COLUMN_HEADS.match(w[4]))
    return heads < 2 or _NUMBER_TOKEN.search(text) is not None or \
        _FUNCTION_WORD.search(text) is not None


def words_cell(words: Sequence[Word]) -> Cell:
    """One cell of the words, which knows where each of them is."""
    return Cell(" ".join(normalise(w[4]) for w in words), min(w[0] for w in words),
                max(w[2] for w in words), tuple((w[0], w[2]) for w in words))


def _header_cells(line: Line) -> list[Cell]:
    """A lone line that names two or more benchmarks, split into one cell per benchmark
    (its qualifiers with it: "SQuAD v1.1"); none for any other lone line."""
    if not _COLUMN_HEADS.match(line[5][0][4]):
        return []           # the first word must head a column: most lone lines end here
    groups: list[list[Word]] = []
    for word in line[5]:
        if _COLUMN_HEADS.match(word[4]) or not groups:
            groups.append([word])
        else:
            groups[-1].append(word)
    if len(groups) < 2:
        return []
    return [words_cell(g) for g in groups]


# A word of a run of values: "79.1", "20.8M", "56.8%", "±", "(+", "1.4)", "0.1", "4.8*".
_VALUE_WORD = re.compile(r"^[~≈∼(]?[+\-−]?\d[\d.,]*[%KMBGT]?\)?[*†‡⋆]*$|^[(±+\-−↑↓]+$")


def _label_and_values(line: Line) -> list[Cell]:
    """A lone line that is a short label and two or more values ("BoT-S1-50 79.1 (+ 1.4)
    94.4 (+ 0.5)", set with no wider gap between its columns) as a label cell and a cell of
    values, which the table reader splits; none for any other lone line."""
    words = line[5]
    first = next((i for i, w in enumerate(words) if all(_VALUE_WORD.match(v[4])
                                                         for v in words[i:])), len(words))
    values = [w for w in words[first:] if w[4][0].isdigit() or w[4][:2] in {"(+", "(-"}]
    if not 1 <= first <= 4 or len(values) < 2 or _VALUE_WORD.match(words[0][4]) or \
            _FUNCTION_WORD.search(" ".join(w[4] for w in words[:first]).lower()):
        return []
    label, tail = words[:first], words[first:]
    return [words_cell(label), words_cell(tail)]


def _with_scripts(group: list[Line], scripts: list[Line]) -> list[Line]:
    """The row's lines with the sub- and superscripts set inside one of them joined to it
    ("AP^box" with the "50" stacked under "box" is "APbox 50"); the scripts used are
    taken from `scripts`."""
    top, bottom = min(c[1] for c in group), max(c[3] for c in group)
    out = list(group)
    for script in list(scripts):
        xc, yc = (script[0] + script[2]) / 2, (script[1] + script[3]) / 2
        if not top <= yc <= bottom:
            continue
        for k, ln in enumerate(out):
            if ln[0] <= xc <= ln[2]:
                # after the word it is set on, among the line's others
                out[k] = _line(sorted(ln[5] + script[5], key=itemgetter(0)))
                scripts.remove(script)
                break
    return out


def _line(words: Sequence[Word]) -> Line:
    x0s, y0s, x1s, y1s, texts, *_ = zip(*words, strict=True)
    return min(x0s), min(y0s), max(x1s), max(y1s), " ".join(texts), tuple(words)


def _small(word: Word | Line, than: Word | Line) -> bool:
    """Set in type well below the other's size: a sub- or superscript to it."""
    return word[3] - word[1] < 0.75 * (than[3] - than[1])


def _set_on(script: Line, by_top: list[Line], tops: list[float], usual: float) -> bool:
    """A short line set as a script on another line: inside its box, in smaller type.
    (`by_top`: the lines by their top y, `tops` those y; a line is at most three usual
    heights tall.)"""
    xc, yc = (script[0] + script[2]) / 2, (script[1] + script[3]) / 2
    near = by_top[bisect_left(tops, yc - 3 * usual):bisect_right(tops, yc)]
    return any(ln[0] <= xc <= ln[2] and yc <= ln[3] and _small(script, ln)
               for ln in near if ln is not script)


def _leading_scripts_apart(lines: list[Line]) -> list[Line]:
    """A script the PDF sets at the start of the next cell's line ("50 APb" after "APb")
    belongs to the word on its left: it becomes a line of its own, to be joined there."""
    out = []
    for ln in lines:
        words = ln[5]
        k = 0
        while k < len(words) - 1 and len(words[k][4]) <= 4 and _small(words[k], ln):
            k += 1
        out += [_line(words[i:i + 1]) for i in range(k)]
        out.append(_line(words[k:]) if k else ln)
    return out


def _rows(lines: list[Line], page: int, page_width: float) -> tuple[Row, ...]:
    """Group short lines whose vertical centres agree into rows of cells, left to right."""
    cells = [ln for ln in lines if ln[4].strip() and len(ln[4]) <= 80
             and not _is_prose(ln, page_width)]
    # A script: a short line in type well below the usual size, inside another line's box.
    heights = sorted(ln[3] - ln[1] for ln in cells)
    usual = heights[len(heights) // 2] if heights else 0.0
    cells = _leading_scripts_apart(cells)
    by_top = sorted(cells, key=itemgetter(1))
    tops = [ln[1] for ln in by_top]
    scripts = [ln for ln in cells if len(ln[4].strip()) <= 4 and (
        ln[3] - ln[1] < 0.75 * usual or _set_on(ln, by_top, tops, usual))]
    cells = [ln for ln in cells if ln not in scripts] if scripts else cells
    cells.sort(key=lambda ln: ((ln[1] + ln[3]) / 2, ln[0]))
    rows: list[list[Line]] = []
    for ln in cells:
        yc, h = (ln[1] + ln[3]) / 2, ln[3] - ln[1]
        if rows:
            last = rows[-1]
            lyc = sum((c[1] + c[3]) / 2 for c in last) / len(last)
            if abs(yc - lyc) <= max(1.5, 0.35 * h):
                last.append(ln)
                continue
        rows.append([ln])
    if scripts:
        rows = [_with_scripts(group, scripts) for group in rows]
        rows += [[ln] for ln in scripts]        # a script beside no line stands alone
        rows.sort(key=lambda g: ((g[0][1] + g[0][3]) / 2, g[0][0]))
    out = []
    for group in rows:
        y = round(sum(c[1] for c in group) / len(group), 1)
        if len(group) < 2:
            if heads := _header_cells(group[0]) or _label_and_values(group[0]):
                out.append(Row(page, y, tuple(heads)))
            elif registry.only_a_benchmark(group[0][4]):
                # a section of a table's rows on one benchmark ("CIFAR-100")
                out.append(Row(page, y, (words_cell(group[0][5]),)))
            continue
        group.sort(key=lambda c: c[0])
        out.append(Row(page, y, tuple(words_cell(c[5]) for c in group)))
    return tuple(out)


# A caption at the start of a block ("Table 3: ...") marks a page that holds a table.
# A table's name: "Table 3", "TABLE 6", "Table III.", and an appendix's "Table A.1", "Table S2"
# (not prose: "Table IX, we report ...").
TABLE_NAME = r"(?:Table|TABLE)\s+(?:\d+|[A-Z]\.?\s?\d+|[IVX]+\s*[.:])"
_TABLE_HINT = re.compile(rf"(?:^|\n)\s*(?:{TABLE_NAME}|(?:Table|TABLE|Tab\.)\s*[0-9IVX]+)")


_NUMBER_LINE = re.compile(r"^[~≈]?\d[\d.,]*\s*(%|[KMBG]|·\s*10\d+)?\*?$")


def _tabular(block: str) -> bool:
    """A block of short lines, a third of them numbers: a table, even one captioned as a
    figure (the Batch Normalization paper's "Figure 3" is a table); not a chart's axis,
    whose numbers step evenly (0, 50, 100, 150)."""
    lines = block.split("\n")
    if len(lines) < 8 or sum(len(ln) for ln in lines) >= 20 * len(lines):
        return False
    numbers = [ln.strip() for ln in lines if _NUMBER_LINE.match(ln.strip())]
    if len(numbers) * 3 < len(lines):
        return False
    values = sorted({float(m.group()) for n in numbers
                     if (m := re.match(r"\d+(\.\d+)?", n.replace(",", "")))})
    steps = Counter(round(b - a, 6) for a, b in pairwise(values))
    return bool(steps) and steps.most_common(1)[0][1] * 2 < sum(steps.values())


def _word_lines(textpage: pymupdf.TextPage) -> list[Line]:
    """Each text line's box, text and words, from PyMuPDF's word list (cheaper than its
    full dict). The list runs line by line, so a line's words are neighbours in it."""
    return [_line(tuple(run))
            for _number, run in groupby(textpage.extractWORDS(), key=itemgetter(5, 6))]


def read_page(page: pymupdf.Page, number: int) -> Page:
    """Blocks for the text; line positions (for table rows) only on pages that name a
    table, since building them costs more than the text itself."""
    textpage = page.get_textpage(flags=pymupdf.TEXT_PRESERVE_WHITESPACE
                                 | pymupdf.TEXT_MEDIABOX_CLIP)
    blocks: list[Block] = []
    offset = 0
    for x0, y0, x1, y1, raw, _no, kind in textpage.extractBLOCKS():
        if kind != 0 or not raw.strip():
            continue
        text = normalise("\n".join(ln for ln in raw.split("\n") if ln.strip()))
        blocks.append(Block(offset, y0, y1, text, x0, x1))
        offset += len(text) + 2
    text = "\n\n".join(b.text for b in blocks)
    rows = _rows(_word_lines(textpage), number, page.rect.width) \
        if _TABLE_HINT.search(text) or any(_tabular(b.text) for b in blocks) else ()
    return Page(number, text, rows, tuple(blocks), page.rect.width)


# What a file is, from its first bytes, for the message when it is not a PDF.
_KINDS = ((b"<!doctype html", "an HTML page"), (b"<html", "an HTML page"),
          (b"<?xml", "an XML file"), (b"pk\x03\x04", "a ZIP archive"),
          (b"\x89png", "a PNG image"), (b"\xff\xd8\xff", "a JPEG image"),
          (b"gif8", "a GIF image"), (b"\x1f\x8b", "a gzip archive"),
          (b"{", "a JSON file"), (b"%!ps", "a PostScript file"))


def file_kind(head: bytes) -> str | None:
    """None for a PDF (its "%PDF-" marker in the first kilobyte); else what it looks like."""
    if b"%PDF-" in head[:1024]:
        return None
    low = head.lstrip()[:16].lower()
    for magic, kind in _KINDS:
        if low.startswith(magic):
            return kind
    if not head:
        return "an empty file"
    try:
        head[:512].decode("utf-8")
    except UnicodeDecodeError:
        return "a binary file of another kind"
    return "a text file"


def _truncated(path: Path) -> str:
    """Why the PDF was cut short, in the words an ingest uses for a download (no %%EOF
    near its end), else "" when it is whole."""
    size = path.stat().st_size
    with path.open("rb") as fh:
        fh.seek(max(0, size - 2048))
        whole = b"%%EOF" in fh.read()
    return "" if whole else f"truncated PDF: no %%EOF marker at the end ({size} bytes)"


def read_pdf(path: Path, max_pages: int = 0) -> PdfText:
    """Every page's text and rows; a file that is not a readable PDF, or one with more than
    `max_pages` pages (0: no limit), raises PdfReadError."""
    path = Path(path)
    try:
        with path.open("rb") as fh:
            head = fh.read(1024)
    except OSError as err:
        raise PdfReadError(f"cannot open {path.name}: {err.strerror}") from err
    if (kind := file_kind(head)) is not None:
        raise PdfReadError(f"{path.name} is not a PDF: it is {kind}")
    if cut := _truncated(path):     # (PyMuPDF may repair it into pages without text)
        raise PdfReadError(f"{path.name}: {cut}")
    try:
        doc = pymupdf.open(path, filetype="pdf")
    except Exception as err:  # PyMuPDF raises several types for broken files
        raise PdfReadError(f"cannot open {path.name}: {err}") from err
    with doc:
        if doc.needs_pass:
            raise PdfReadError(f"{path.name} is encrypted")
        if doc.page_count == 0:
            raise PdfReadError(f"{path.name} has no pages")
        if max_pages and doc.page_count > max_pages:
            raise PdfReadError(f"{path.name} has {doc.page_count} pages, over the "
                               f"{max_pages}-page limit (FLOPWATCH_MAX_PAGES)")
        try:
            return PdfText([read_page(page, i + 1) for i, page in enumerate(doc.pages())])
        except Exception as err:
            raise PdfReadError(f"cannot read text of {path.name}: {err}") from err
