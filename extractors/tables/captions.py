"""A table's caption: the "Table N" block that belongs to it (above or below it, over its
stretch of the page), what that caption says the table is on (its benchmarks, whether it
holds errors, the units it states), and whether a line is a figure's rather than a
table's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from flopwatch.extractors import registry
from flopwatch.extractors.pdf_text import TABLE_NAME, Block, Page, Row
from flopwatch.extractors.tables.cells import scale_of, stated_scales
from flopwatch.extractors.tables.columns import OTHER_DATASET

# A caption, not prose that opens with a table's name ("Table 9 compares ..."): the name ends
# its line, or a stop, a colon or a capital follows it ("Table 3 Results on ...").
_CAPTION = re.compile(rf"^\s*{TABLE_NAME}(?:\s*[.:|]|\s*$|\s+[A-Z(])", re.M)


_captions_of: list[tuple[Page, list[Block]]] = []     # the last page's, asked for often


def table_captions(page: Page) -> list[Block]:
    """The page's table captions ("Table 3: ..."), one block each."""
    last = next(iter(_captions_of), None)
    if last is not None and last[0] is page:
        return last[1]
    found = [part for b in page.blocks for part in _captions_in(page, b)]
    _captions_of[:] = [(page, found)]
    return found


_CAPTION_IN_BLOCK = re.compile(rf"\n\s*{TABLE_NAME}")


def _captions_in(page: Page, block: Block) -> list[Block]:
    """The captions a block holds: itself when it opens with one; else the caption under
    the sub-captions it may be set with ("(b) Mask R-CNN, 6x schedule"). Two tables'
    captions set beside each other on one baseline can come as one block: each is then the
    block's text from its "Table N", over the stretch of its cell."""
    starts = [m.start() + 1 for m in _CAPTION_IN_BLOCK.finditer(block.text)]
    if _CAPTION.match(block.text):
        starts = [0, *starts]
    elif not starts or block.text.count("\n", 0, starts[0]) > 1:
        return []           # prose that has a line opening with "Table 5 shows"
    if len(starts) == 1:
        return [replace(block, start=block.start + starts[0], text=block.text[starts[0]:])]
    cells = sorted((c for r in page.rows if block.y0 - 1 <= r.y <= block.y1 for c in r.cells
                    if _CAPTION.match(c.text)), key=lambda c: c.x0)
    if len(cells) != len(starts):
        return [block]
    ends = [*starts[1:], len(block.text)]
    return [Block(block.start + a, block.y0, block.y1, block.text[a:b].strip(), c.x0, c.x1)
            for a, b, c in zip(starts, ends, cells, strict=True)]


_FIGURE = re.compile(r"^\s*(Figure|Fig\.|FIGURE)\s+\d+")


def in_figure(page: Page, row: Row) -> bool:
    """The row is nearer the caption of a figure over the same stretch of the page than
    any table's caption: an axis label or a legend ("Pre-Train FLOPs 1e19"), not a table
    row."""
    y, x0, x1 = row.y, row.cells[0].x0, row.cells[-1].x1
    def gap(b: Block) -> float:
        return min(abs(b.y0 - y), abs(b.y1 - y))
    figures = [gap(b) for b in page.blocks if _FIGURE.match(b.text)
               and (b.x1 <= b.x0 or min(b.x1, x1) - max(b.x0, x0) > 0)]
    tables_ = [gap(b) for b in table_captions(page)]
    return bool(figures) and min(figures) < min(tables_, default=float("inf"))


def stated_unit(page: Page, y: float, kind: str = "") -> float:
    """A unit the captions near `y` state for the numbers ("in millions"), or for one kind
    of them where they say ("Params are in millions and FLOPs in billions")."""
    text = " ".join(b.text for b in table_captions(page) if abs(b.y0 - y) < 250)
    return stated_scales(text).get(kind) or scale_of(text)


def nearest_caption(page: Page, y: float, x0: float = 0.0, x1: float = 0.0) -> str:
    """The table's own caption: the 'Table N' block nearest to its header, among those
    over the same stretch of the page (x0..x1, where known) when any is: a table beside
    another has its own caption above or below it, not the neighbour's."""
    captions = table_captions(page)
    if x1 > x0:
        over = {id(b): min(b.x1, x1) - max(b.x0, x0) for b in captions if b.x1 > b.x0}
        most = max(over.values(), default=0.0)
        # (a block may run a little into the next table's stretch: beside it, not over it)
        beside = [b for b in captions if over.get(id(b), 0.0) > max(0.0, most / 2)]
        captions = beside or captions
    captions = sorted(captions, key=lambda b: min(abs(b.y0 - y), abs(b.y1 - y)))
    return captions[0].text if captions else ""


@dataclass(frozen=True)
class Caption:
    """What a table's cells are read against: its page, caption and benchmarks."""

    page: Page
    text: str
    says_error: bool
    scales: dict[str, float]       # the unit it states per kind of column ("params"), else 0
    benchmarks: list[str]          # named in the caption, else the paper's (most named first)
    names_benchmark: bool          # the caption itself names one of ours

    @classmethod
    def at(cls, page: Page, y: float, paper_benchmarks: list[str],
           span: tuple[float, float] = (0.0, 0.0)) -> Caption:
        """The caption of the table whose header is at `y`. Its benchmarks are those it
        names; else the paper's, unless it names a dataset that is none of ours (a "Top-1"
        on Stanford Dogs or MNIST is not ImageNet's). A caption whose first dataset is none
        of ours is about that one ("on PASCAL VOC ... AP (COCO-style)")."""
        caption = nearest_caption(page, y, *span)
        # in the order the caption names them: "on COCO ... pre-trained on ImageNet-22K"
        found = {f.name: m.start() for f in registry.families()
                 if (m := f.in_caption.search(caption))}
        named = sorted(found, key=found.__getitem__)
        other = OTHER_DATASET.search(caption)
        if other is not None and named and other.start() < found[named[0]]:
            named = []
        benchmarks = named or ([] if other else paper_benchmarks)
        return cls(page, caption, bool(re.search(r"\berror", caption, re.I)),
                   {k: stated_unit(page, y, k) for k in ("params", "ops")}, benchmarks,
                   bool(named))
