"""The table model on PDF snippets: each test typesets one small table with PyMuPDF (words
where a typesetter puts them, booktabs rules as lines), reads it back through `pdf_text`
and the five table steps, and checks the facts and the header path each came from."""

from __future__ import annotations

from pathlib import Path

import pymupdf
import pytest

from flopwatch.extractors import pdf_text, tables
from flopwatch.extractors.pdf_text import Cell, Page, Row, read_pdf
from flopwatch.extractors.tables.cells import (
    alternative_value,
    cell_number,
    split_row,
    stated_scales,
)
from flopwatch.extractors.tables.mentions import table_mention

Line = list[tuple[float, str]]          # (x, text) of each cell on one baseline


def _typeset(tmp_path: Path, caption: str, lines: list[Line], rules: tuple[int, ...] = (),
             figure: tuple[float, float, str] | None = None,
             beside: tuple[float, str] | None = None) -> Page:
    """A page with the caption over the lines (12 pt apart, from y 110), a horizontal rule
    under each line index in `rules`, optionally a figure caption at (x, y), and optionally
    a second table's caption at the same height, from x on."""
    doc = pymupdf.open()
    page = doc.new_page(width=612, height=792)
    page.insert_text((50, 90), caption, fontsize=9)
    if beside is not None:
        page.insert_text((beside[0], 90), beside[1], fontsize=9)
    for i, line in enumerate(lines):
        y = 110 + 12 * i
        for x, text in line:
            page.insert_text((x, y), text, fontsize=9)
        if i in rules:
            page.draw_line((45, y + 3), (560, y + 3), width=0.4)
    if figure is not None:
        page.insert_text(figure[:2], figure[2], fontsize=9)
    path = tmp_path / "snippet.pdf"
    doc.save(path)
    return read_pdf(path).pages[0]


def _results(page: Page, benches: list[str], own: tuple[str, ...] = ()) -> list[tuple]:
    return [(f.benchmark, f.column.metric, f.value, f.own)
            for f in tables.facts(page, benches, own) if f.kind == "result"]


def test_group_headings_give_each_column_its_benchmark_and_header_path(tmp_path: Path):
    page = _typeset(tmp_path, "Table 2: Results on the SQuAD dev sets.", [
        [(200, "SQuAD 1.1"), (330, "SQuAD 2.0")],
        [(60, "Model"), (190, "EM"), (240, "F1"), (320, "EM"), (370, "F1")],
        [(60, "ZetaNet-L"), (190, "86.1"), (240, "92.4"), (320, "81.0"), (370, "84.2")],
    ], rules=(0, 1))
    found = tables.facts(page, ["SQuAD 1.1"], ("zetanet",))
    assert [(f.benchmark, f.column.metric, f.value) for f in found] == [
        ("SQuAD 1.1", "EM", 86.1), ("SQuAD 1.1", "F1", 92.4),
        ("SQuAD 2.0", "EM", 81.0), ("SQuAD 2.0", "F1", 84.2)]
    assert [f.column.path for f in found][-1] == "SQuAD 2.0 > F1"


def test_a_version_after_a_benchmark_name_is_part_of_the_name(tmp_path: Path):
    page = _typeset(tmp_path, "Table 1: Reading comprehension.", [
        [(60, "Model"), (160, "SQuAD v1.1 EM"), (260, "SQuAD v1.1 F1"), (360, "SQuAD v2.0 EM")],
        [(60, "ZetaNet-B"), (170, "87.1"), (270, "94.0"), (370, "81.2")],
    ])
    assert _results(page, ["SQuAD 1.1"]) == [
        ("SQuAD 1.1", "EM", 87.1, False), ("SQuAD 1.1", "F1", 94.0, False),
        ("SQuAD 2.0", "EM", 81.2, False)]


def test_another_year_of_a_benchmark_is_another_dataset(tmp_path: Path):
    # chunking on CoNLL-2000 beside NER on CoNLL-2003: only the second is ours to report
    page = _typeset(tmp_path, "Table 4: F1 of each tagger.", [
        [(60, "Model"), (200, "CoNLL2000"), (300, "CoNLL2003")],
        [(60, "BI-LSTM-CRF"), (205, "94.46"), (305, "90.10")],
    ])
    assert _results(page, ["CoNLL-2003"]) == [("CoNLL-2003", "F1", 90.10, False)]


def test_a_bracketed_value_of_the_same_size_is_a_variants_score(tmp_path: Path):
    page = _typeset(tmp_path, "Table 4: NER results.", [
        [(60, "Model"), (300, "CoNLL-2003")],
        [(60, "BI-LSTM-CRF"), (300, "88.83 (90.10)")],
    ])
    assert _results(page, ["CoNLL-2003"]) == [("CoNLL-2003", "F1", 88.83, False),
                                              ("CoNLL-2003", "F1", 90.10, False)]


@pytest.mark.parametrize(("text", "alternative"), [
    ("88.83 (90.10)", "90.10"),      # a variant's score
    ("25.22 (1.80)", None),          # a deviation: a small fraction of the value
    ("42.8 (+0.9)", None),           # a change over a baseline: signed
    ("76.3 ± 0.2", None),
])
def test_the_cell_grammar_tells_a_variant_from_a_deviation(text: str, alternative: str | None):
    found = alternative_value(Cell(text, 0, 10))
    assert (found.text if found else None) == alternative


@pytest.mark.parametrize(("text", "value", "suffix", "deviation", "marks"), [
    ("76.3 ± 0.2", 76.3, "", "± 0.2", ""),
    ("54.1†", 54.1, "", "", "†"),
    ("4.8*", 4.8, "", "", "*"),
    ("3.2M", 3.2, "M", "", ""),
    ("22,855,952", 22855952, "", "", ""),
    ("2.3 · 1019", 2.3e19, "e", "", ""),
    ("1.2e20", 1.2e20, "e", "", ""),
    ("3.1E+21", 3.1e21, "e", "", ""),
])
def test_a_value_cell_reads_as_value_suffix_deviation_and_marks(
        text: str, value: float, suffix: str, deviation: str, marks: str):
    parsed = cell_number(text)
    assert parsed is not None
    assert (parsed.value, parsed.suffix, parsed.deviation, parsed.marks) == (
        pytest.approx(value), suffix, deviation, marks)


@pytest.mark.parametrize("text", ["-", "–", "ResNet-50", "1e-3", "n/a"])
def test_labels_dashes_and_small_exponents_are_no_values(text: str):
    assert cell_number(text) is None


@pytest.mark.parametrize(("text", "cells"), [
    ("12.6 ± 0.1 12.5 ± 0.1", ["12.6 ± 0.1", "12.5 ± 0.1"]),
    ("78.3 (+ 0.6) 94.2 (+ 0.3)", ["78.3 (+ 0.6)", "94.2 (+ 0.3)"]),
    ("20.8M 77.0 (+0.2)", ["20.8M", "77.0 (+0.2)"]),
    ("98.9 ↑0.8 99.1 ↑1.2", ["98.9", "99.1"]),
    ("85.1/91.8 86.0/92.1", ["85.1/91.8", "86.0/92.1"]),
    ("4.3 G", ["4.3 G"]),
    ("ResNet 76.1", ["ResNet 76.1"]),
])
def test_a_line_of_values_splits_into_one_cell_per_value(text: str, cells: list[str]):
    row = split_row(Row(0, 0.0, (Cell(text, 0.0, 10.0 * len(text)),)), header=False)
    assert [c.text for c in row.cells] == cells


@pytest.mark.parametrize(("header", "cell", "value", "unit"), [
    ("Train FLOPs", "6.1e20", 6.1e20, "FLOPs"),
    ("Compute (PF-days)", "1117.9", 1117.9, "PF-days"),
])
def test_a_training_cost_column_in_e_notation_or_pf_days(tmp_path: Path, header: str,
                                                         cell: str, value: float, unit: str):
    page = _typeset(tmp_path, "Table 3: Pre-training compute.", [
        [(60, "Model"), (200, "Params (B)"), (300, header)],
        [(60, "ZetaLM-XL"), (205, "8.2"), (310, cell)],
    ])
    found = tables.facts(page, [])
    assert [(f.kind, f.value, f.column.unit, f.column.total) for f in found] == [
        ("parameters", pytest.approx(8.2e9), "", False),
        ("compute", pytest.approx(value), unit, True)]
    mention = table_mention(page, found[1])
    assert mention is not None and mention.value["kind"] == "training_total"


def test_a_caption_states_a_unit_for_each_quantity(tmp_path: Path):
    assert stated_scales("Params are in millions and FLOPs in billions.") == {
        "params": 1e6, "ops": 1e9}
    assert stated_scales("All numbers in millions.") == {}
    page = _typeset(tmp_path, "Table 1: ImageNet. Params are in millions and FLOPs in "
                    "billions.", [
        [(60, "Architecture"), (200, "Params"), (260, "FLOPs"), (320, "Top-1 Accuracy")],
        [(60, "ZetaNet-S"), (200, "46.0"), (260, "10.4"), (330, "85.2")],
    ])
    found = {f.kind: f.value for f in tables.facts(page, ["ImageNet"])}
    assert found == {"parameters": pytest.approx(46e6), "compute": pytest.approx(10.4e9),
                     "result": 85.2}


def test_a_line_above_a_header_qualifies_the_columns_under_it(tmp_path: Path):
    # "Pre-train" and "Finetune" over two "FLOPs" columns: two quantities, not one twice
    page = _typeset(tmp_path, "Table 2: Compute of each model.", [
        [(300, "Pre-train"), (360, "Finetune")],
        [(60, "Params"), (110, "Model")],
        [(300, "FLOPs"), (360, "FLOPs")],
        [(60, "80M"), (110, "Flan-Small"), (300, "1.8E+20"), (360, "2.9E+18")],
    ])
    found = [(f.value, f.column.path) for f in tables.facts(page, []) if f.kind == "compute"]
    assert found == [(pytest.approx(1.8e20), "Pre-train > FLOPs"),
                     (pytest.approx(2.9e18), "Finetune > FLOPs")]


def test_a_transposed_row_naming_a_one_metric_benchmark_holds_its_scores(tmp_path: Path):
    page = _typeset(tmp_path, "Table 5: Downstream results.", [
        [(60, "Task"), (200, "ALBERT [4]"), (300, "BERT-Base [3]"), (400, "ZetaNet (ours)")],
        [(60, "SQuAD 1.1 F1"), (200, "85.8"), (300, "85.1"), (400, "92.9")],
        [(60, "GLUE"), (200, "78.6"), (300, "77.8"), (400, "85.4")],
    ])
    found = [(f.benchmark, f.column.metric, f.value, f.own)
             for f in tables.transposed_facts(page, ("zetanet",))]
    assert found == [("SQuAD 1.1", "F1", 92.9, True), ("GLUE", "score", 85.4, True)]


def test_a_transposed_row_naming_a_benchmark_and_a_metric_reads_that_metric(tmp_path: Path):
    page = _typeset(tmp_path, "Table 3: Cost and accuracy.", [
        [(60, ""), (200, "ResNet-50 [4]"), (300, "DeiT-S [3]"), (400, "ZetaNet-B")],
        [(60, "ImageNet Top-1 (%)"), (200, "76.1"), (300, "79.8"), (400, "83.2")],
        [(60, "CIFAR-100 error"), (200, "21.3"), (300, "19.0"), (400, "15.2")],
    ])
    found = [(f.benchmark, f.column.metric, f.value, f.own)
             for f in tables.transposed_facts(page, ("zetanet",))]
    assert found == [("ImageNet", "top-1 accuracy", 83.2, True),
                     ("CIFAR-100", "error", 15.2, True)]


def test_a_row_set_as_one_line_of_a_label_and_values_is_read_by_its_columns(tmp_path: Path):
    # tight columns: the typesetter leaves no wider gap between cells than between words
    page = _typeset(tmp_path, "Table 3: ImageNet accuracy; gains over the baseline.", [
        [(60, "Backbone"), (110, "top-1 acc."), (160, "top-5 acc.")],
        [(60, "R50"), (115, "77.7"), (165, "93.9")],
        [(60, "ZetaNet-S 78.3 (+ 0.6) 94.2 (+ 0.3)")],
        [(60, "ZetaNet-L 79.1 (+ 1.4) 94.9 (+ 1.0)")],
    ])
    assert [c.text for c in page.rows[-1].cells] == ["ZetaNet-L", "79.1 (+ 1.4) 94.9 (+ 1.0)"]
    assert _results(page, ["ImageNet"], ("zetanet",)) == [
        ("ImageNet", "top-1 accuracy", 78.3, True), ("ImageNet", "top-5 accuracy", 94.2, True),
        ("ImageNet", "top-1 accuracy", 79.1, True), ("ImageNet", "top-5 accuracy", 94.9, True)]


@pytest.mark.parametrize("line", [
    "The model reached 76.3 and 77.1",        # prose: function words before the numbers
    "2016. 1, 2",                             # a reference's back-links
    "76.3 77.1 78.0",                         # no label: axis ticks
    "ResNet 50",                              # one number: a name's part
])
def test_other_lone_lines_are_no_rows(tmp_path: Path, line: str):
    page = _typeset(tmp_path, "Table 1: Results.", [[(60, line)]])
    assert page.rows == ()


def test_stacked_scripts_in_a_header_stay_with_their_column(tmp_path: Path):
    doc = pymupdf.open()
    page = doc.new_page(width=612, height=792)
    page.insert_text((50, 90), "Table 2: Mask R-CNN on COCO val2017.", fontsize=9)
    page.insert_text((60, 110), "Method", fontsize=9)
    for x, top in ((200, "box"), (280, "box"), (360, "mask")):
        page.insert_text((x, 110), "AP", fontsize=9)
        page.insert_text((x + 11, 106), top, fontsize=6)       # superscript
    page.insert_text((291, 113), "50", fontsize=6)              # subscript under "box"
    page.insert_text((60, 124), "ZetaNet-L", fontsize=9)
    for x, value in ((200, "46.2"), (280, "67.9"), (360, "41.0")):
        page.insert_text((x, 124), value, fontsize=9)
    doc.save(tmp_path / "scripts.pdf")
    read = read_pdf(tmp_path / "scripts.pdf").pages[0]
    assert [c.text for c in read.rows[0].cells] == ["Method", "APbox", "APbox 50", "APmask"]
    assert _results(read, ["COCO"])[:2] == [("COCO", "AP", 46.2, False),
                                             ("COCO", "AP50", 67.9, False)]


def test_an_axis_label_in_a_figure_is_no_table_row(tmp_path: Path):
    lines: list[Line] = [[(60, "Model size"), (300, "Pre-Train FLOPs"), (400, "1e19")]]
    in_figure = _typeset(tmp_path, "Table 1: Unrelated, far above.", [[], [], [], [], [],
                                                                       [], [], [], [], [],
                                                                       [], [], [], *lines],
                         figure=(50, 290, "Figure 2: Accuracy against compute."))
    assert tables.transposed_facts(in_figure) == []
    # the same line under a table's caption, a figure in the other column: a table row
    beside = _typeset(tmp_path, "Table 1: Cost.", lines,
                      figure=(320, 140, "Figure 2: A chart in the other column."))
    assert [f.value for f in tables.transposed_facts(beside)] == [pytest.approx(1e19)]


def test_a_cited_row_that_beats_ours_is_never_our_result(tmp_path: Path):
    page = _typeset(tmp_path, "Table 1: Comparison on ImageNet.", [
        [(60, "Method"), (250, "Top-1 Acc."), (330, "#Params (M)")],
        [(60, "ViT-H/14 [12]"), (250, "88.5"), (330, "632.0")],
        [(60, "ResNet-50 (Smith et al., 2019)"), (250, "76.1"), (330, "25.6")],
        [(60, "ZetaNet-B (ours)"), (250, "84.1"), (330, "88.0")],
    ], rules=(0, 2))
    found = [(f.kind, f.value, f.own) for f in tables.facts(page, ["ImageNet"])]
    assert found == [("result", 84.1, True), ("parameters", pytest.approx(88e6), True)]


def test_slash_pairs_and_missing_values(tmp_path: Path):
    page = _typeset(tmp_path, "Table 2: Question answering (EM/F1).", [
        [(60, "Model"), (200, "SQuAD 1.1 EM/F1"), (320, "SQuAD 2.0 EM/F1")],
        [(60, "ZetaNet-L"), (210, "85.1/91.8"), (330, "–")],
    ])
    assert _results(page, ["SQuAD 1.1"]) == [("SQuAD 1.1", "EM", 85.1, False),
                                             ("SQuAD 1.1", "F1", 91.8, False)]


def _side_by_side(tmp_path: Path) -> Page:
    """ImageNet on the left, COCO on the right, their rows on shared baselines."""
    return _typeset(tmp_path, "Table 3: ImageNet.", [
        [(60, "Model"), (150, "Params (M)"), (220, "Top-1 (%)"),
         (320, "Backbone"), (420, "AP"), (480, "AP50")],
        [(60, "ResNet-50 [9]"), (155, "25.6"), (225, "76.1"),
         (320, "Mask R-CNN [4]"), (420, "38.2"), (480, "58.8")],
        [(60, "ZetaNet-S"), (155, "22.0"), (225, "81.3"),
         (320, "ZetaNet-S"), (420, "45.1"), (480, "67.0")],
    ], rules=(0,), beside=(320, "Table 4: Detection on COCO."))


def test_tables_side_by_side_are_read_apart_each_under_its_own_caption(tmp_path: Path):
    page = _side_by_side(tmp_path)
    found = [(f.kind, f.benchmark, f.column.metric, f.value, f.label)
             for f in tables.facts(page, ["ImageNet", "COCO"], ("zetanet",))]
    assert found == [
        ("parameters", "", "", pytest.approx(22e6), "ZetaNet-S"),
        ("result", "ImageNet", "top-1 accuracy", 81.3, "ZetaNet-S"),
        ("result", "COCO", "AP", 45.1, "ZetaNet-S"),
        ("result", "COCO", "AP50", 67.0, "ZetaNet-S")]


def test_a_line_across_two_tables_side_by_side_is_no_transposed_row(tmp_path: Path):
    # read whole, "Params (M) Top-1 (%) Backbone ..." would name a size for the right
    # table's numbers
    assert tables.transposed_facts(_side_by_side(tmp_path), ("zetanet",)) == []


def test_a_table_across_the_page_above_two_side_by_side_is_read_whole(tmp_path: Path):
    lines: list[Line] = [
        [(60, "Model"), (150, "Score"), (220, "CoLA"), (290, "MNLI"), (360, "MRPC"),
         (430, "QNLI"), (500, "RTE")],
        [(60, "ZetaNet"), (150, "79.1"), (220, "55.0"), (290, "84.2"), (360, "88.0"),
         (430, "90.1"), (500, "66.3")],
        *[[] for _ in range(4)],
        [(60, "Table 2: Left."), (320, "Table 3: Right.")],
    ]
    page = _typeset(tmp_path, "Table 1: GLUE dev.", lines)
    assert _results(page, ["GLUE"]) == [("GLUE", "score", 79.1, False)]


def test_a_row_named_only_by_a_settings_value_is_no_model(tmp_path: Path):
    page = _typeset(tmp_path, "Table 2: Resource usage of each change.", [
        [(60, "Model"), (250, "Mult-Adds (M)"), (350, "Parameters (M)")],
        [(60, "ZetaNet"), (250, "544"), (350, "4.20")],
        [(60, "r = 0.5"), (250, "136"), (350, "1.10")],
        [(60, "k = 3"), (250, "98"), (350, "0.90")],
    ], rules=(0,))
    found = [(f.label, f.kind, f.value) for f in tables.facts(page, ["ImageNet"])]
    assert found == [("ZetaNet", "compute", pytest.approx(544e6)),
                     ("ZetaNet", "parameters", pytest.approx(4.2e6))]


def test_a_wide_run_of_values_with_their_gains_beside_its_label_is_a_row(tmp_path: Path):
    # the label and the values are separate lines; the values, set without wide gaps,
    # run wider than a column of prose would
    values = "40.8 (+0.2) 61.6 (+0.3) 44.7 (+0.3) 36.9 (+0.1) 58.4 (+0.3) 39.7 (+0.2)"
    def x(k: int) -> float:
        return 150 + pymupdf.get_text_length(" ".join(values.split()[:2 * k]) + " ",
                                             fontsize=9)
    page = _typeset(tmp_path, "Table 5: Detection fine-tuned on COCO.", [
        [(60, "pre-train"), *((x(k), h) for k, h in enumerate(
            ["AP", "AP50", "AP75", "APmk", "APmk50", "APmk75"]))],
        [(60, "ZetaNet"), (150, values)],
    ], rules=(0,))
    # (AP75 is no metric the registry keeps for COCO)
    assert _results(page, ["COCO"], ("zetanet",)) == [("COCO", "AP", 40.8, True),
                                                      ("COCO", "AP50", 61.6, True)]


def test_an_appendix_caption_under_sub_captions_names_its_table(tmp_path: Path):
    page = _typeset(tmp_path, "", [
        [(60, "Model"), (200, "AP"), (260, "AP50")],
        [(60, "ZetaNet"), (200, "42.8"), (260, "63.2")],
        [(60, "(a) Mask R-CNN, 2x schedule")],
    ], rules=(0,), figure=(50, 160, "Table A.1. Object detection fine-tuned on COCO."))
    assert _results(page, ["ImageNet", "COCO"]) == [("COCO", "AP", 42.8, False),
                                                    ("COCO", "AP50", 63.2, False)]


@pytest.mark.parametrize(("caption", "found"), [
    ("Table 2: Detection fine-tuned on PASCAL VOC. AP is COCO-style.", []),
    ("Table 2: Detection on COCO; pre-trained on PASCAL VOC.", [("COCO", "AP", 55.5, False)]),
])
def test_a_table_is_on_the_first_dataset_its_caption_names(tmp_path: Path, caption: str,
                                                           found: list[tuple]):
    page = _typeset(tmp_path, caption, [
        [(60, "Model"), (200, "AP")],
        [(60, "ZetaNet"), (200, "55.5")],
    ], rules=(0,))
    assert _results(page, ["COCO"]) == found


def test_a_name_with_values_in_one_line_is_split_where_the_words_are(tmp_path: Path):
    # a tight table: the name and two values come as one PDF line, the columns set apart by
    # wider gaps than the spaces inside "LLaMA 2 7B", which stays a name
    def gap(k: int) -> str:
        return " " * k
    row = f"ZetaNet-XL{gap(4)}1898G{gap(4)}8.6"
    at = [60 + pymupdf.get_text_length(row[:i], fontsize=9) for i in (0, 14, 23)]
    page = _typeset(tmp_path, "Table 3: COCO detection.", [
        [(at[0], "Model"), (at[1], "FLOPs"), (at[2], "FPS"), (250, "AP"), (300, "AP50")],
        [(60, "LLaMA 2 7B"), (250, "51.0"), (300, "70.3")],
        [(60, row), (250, "55.2"), (300, "74.2")],
    ], rules=(0,))
    found = [(f.label, f.kind, f.value) for f in tables.facts(page, ["COCO"])]
    assert found == [("LLaMA 2 7B", "result", 51.0), ("LLaMA 2 7B", "result", 70.3),
                     ("ZetaNet-XL", "compute", pytest.approx(1898e9)),
                     ("ZetaNet-XL", "result", 55.2), ("ZetaNet-XL", "result", 74.2)]


def test_a_script_set_at_the_start_of_the_next_cells_line_joins_its_own_word():
    # PyMuPDF's words of a header in ConvNeXt's COCO table (x0, y0, x1, y1, text): the
    # subscript "50" of the second APbox comes first in the line of the third
    def line(*words: tuple[float, float, float, float, str]) -> pdf_text.Line:
        full = tuple((*w, 0, 0, 0) for w in words)
        return pdf_text._line(full)
    lines = [line((109, 80.4, 130, 87.9, "FLOPs"), (149, 79.0, 168, 87.9, "APbox"),
                  (171, 79.0, 189, 87.9, "APbox")),
             line((181, 83.9, 187, 89.6, "50"), (192, 79.0, 211, 87.9, "APbox")),
             line((202, 83.9, 209, 89.6, "75"),),
             line((52, 100.0, 80, 108.0, "ZetaNet"), (111, 100.0, 125, 108.0, "267G"))]
    header = pdf_text._rows(lines, 1, 612)[0]
    assert [c.text for c in header.cells] == ["FLOPs APbox APbox 50", "APbox 75"]
    assert [c.text for c in split_row(header, header=True).cells] == [
        "FLOPs", "APbox", "APbox 50", "APbox 75"]


@pytest.mark.parametrize(("caption", "heads", "found"), [
    ("Table 4: Classification error (%) on CIFAR-10.", ("original", "ZetaNet"),
     [("ZetaNet (ResNet-110)", "error", 5.21), ("ZetaNet (WRN-16-8)", "error", 3.88)]),
    # no score named: what the numbers are is unknown
    ("Table 4: Comparison on CIFAR-10.", ("original", "ZetaNet"), []),
    # no model of the paper's among the heads: any words over numbers
    ("Table 4: Classification error (%) on CIFAR-10.", ("plain", "wide"), []),
])
def test_a_header_naming_models_heads_columns_of_the_score_its_caption_names(
        tmp_path: Path, caption: str, heads: tuple[str, str], found: list[tuple]):
    page = _typeset(tmp_path, caption, [
        [(220, heads[0]), (265, heads[1])],
        [(60, "ResNet-110 [14]"), (225, "6.37"), (267, "5.21")],
        [(60, "WRN-16-8 [67]"), (225, "4.27"), (267, "3.88")],
    ], rules=(0,))
    assert [(f.label, f.column.metric, f.value)
            for f in tables.facts(page, ["CIFAR-10"], ("zetanet",))] == found


@pytest.mark.parametrize(("head", "found"), [
    ("AP", [("COCO", "AP", 49.7)]),     # only COCO reports AP, and the paper names COCO
    ("Avg.", []),                       # an average says nothing of what it averages
    ("F1", []),                         # CoNLL's, SQuAD's, and any other tagger's
])
def test_a_metric_only_one_benchmark_reports_is_on_it(tmp_path: Path, head: str,
                                                      found: list[tuple]):
    page = _typeset(tmp_path, "Table 8: ZetaNet trained for 72 epochs.", [
        [(60, "Backbone"), (200, head)],
        [(60, "ZetaNet-200"), (200, "49.7")],
    ], rules=(0,))
    assert [(f.benchmark, f.column.metric, f.value)
            for f in tables.facts(page, ["ImageNet", "COCO", "CoNLL-2003"])] == found


def test_prose_that_opens_with_a_tables_name_is_no_caption(tmp_path: Path):
    page = _typeset(tmp_path, "Table 9 compares the baseline with ours on COCO.", [
        [(60, "Model"), (200, "AP")],
        [(60, "ZetaNet"), (200, "55.5")],
    ], rules=(0,))
    assert tables.captions.table_captions(page) == []


def test_a_table_ends_at_the_next_header_even_one_whose_columns_are_not_read(tmp_path: Path):
    # keypoint AP is no score the registry keeps: its table's header still ends the one above
    page = _typeset(tmp_path, "Table 5: Detection fine-tuned on COCO.", [
        [(60, "pre-train"), (200, "AP"), (260, "AP50")],
        [(60, "ZetaNet"), (200, "41.1"), (260, "61.8")],
        [],
        [(60, "pre-train"), (200, "APkp"), (260, "APkp50"), (320, "APkp75")],
        [(60, "ZetaNet"), (200, "66.9"), (260, "87.8"), (320, "73.0")],
    ], rules=(0, 3))
    assert _results(page, ["COCO"], ("zetanet",)) == [("COCO", "AP", 41.1, True),
                                                      ("COCO", "AP50", 61.8, True)]


def _cell(*words: tuple[float, float, str]) -> Cell:
    """A PDF line's cell from its words' (x0, x1, text), as `pdf_text` makes it."""
    return pdf_text.words_cell([(x0, 0.0, x1, 9.0, text, 0, 0, 0) for x0, x1, text in words])


def test_a_group_heading_over_columns_we_do_not_read_still_heads_them():
    # PVT's Mask R-CNN table: "Mask R-CNN 3x + MS" over "APb 50 | APb 75 | APm", where
    # only the first names a score we read; taken into that column's name, it moved the
    # column's place onto a neighbour's values
    upper = Row(1, 212.9, (_cell((141, 166, "#Param")),
                           _cell((414, 432, "Mask"), (434, 459, "R-CNN"), (461, 469, "3x"),
                                 (471, 475, "+"), (477, 489, "MS"))))
    lower = Row(1, 221.0, (_cell((362, 376, "APb")), _cell((404, 418, "APb"), (418, 421, "50")),
                           _cell((430, 444, "APb"), (444, 447, "75")),
                           _cell((456, 472, "APm"))))
    rest, groups = tables.grid._group_headings(upper, lower)
    assert groups is not None and [c.text for c in groups.cells] == ["Mask R-CNN 3x + MS"]
    assert [c.text for c in rest.cells] == ["#Param"]


def test_a_header_merged_over_two_lines_keeps_where_its_words_are():
    upper = Row(1, 212.9, (_cell((414, 432, "Mask"), (434, 459, "R-CNN"), (461, 469, "3x")),))
    lower = Row(1, 221.0, (_cell((404, 418, "APb"), (418, 421, "50"), (430, 444, "APb"),
                                 (444, 447, "75")),))
    merged = split_row(tables.grid.merge_header(upper, lower), header=True)
    assert [(c.text, c.x0, c.x1) for c in merged.cells] == [
        ("Mask R-CNN 3x", 414, 469), ("APb 50", 404, 421), ("APb 75", 430, 447)]


def test_settings_as_rows_under_our_models_column_are_our_scores(tmp_path: Path):
    page = _typeset(tmp_path, "Table 2: Top-1 accuracy (%) on ImageNet-1K.", [
        [(60, "Schedule"), (200, "DeiT-S"), (260, "ZetaNet (ours)")],
        [(60, "100 epochs"), (205, "76.1"), (265, "81.7")],
        [(60, "300 epochs"), (205, "77.6"), (265, "80.0")],
    ], rules=(0,))
    assert [(f.label, f.column.metric, f.value)
            for f in tables.facts(page, ["ImageNet"], ("zetanet",))] == [
        ("ZetaNet (ours) (100 epochs)", "top-1 accuracy", 81.7),
        ("ZetaNet (ours) (300 epochs)", "top-1 accuracy", 80.0)]


def test_rows_named_by_a_benchmark_under_our_models_column_are_on_it(tmp_path: Path):
    page = _typeset(tmp_path, "Table 3: BLEU on newstest2014.", [
        [(60, "Direction"), (200, "GNMT [3]"), (260, "ZetaNet")],
        [(60, "En-De"), (205, "24.6"), (265, "29.8")],
        [(60, "En-Fr"), (205, "39.9"), (265, "41.3")],
    ], rules=(0,))
    assert [(f.benchmark, f.column.metric, f.value)
            for f in tables.facts(page, ["WMT2014"], ("zetanet",))] == [
        ("WMT2014 En-De", "BLEU", 29.8), ("WMT2014 En-Fr", "BLEU", 41.3)]


def test_a_section_row_naming_a_benchmark_puts_the_rows_under_it_on_it(tmp_path: Path):
    page = _typeset(tmp_path, "Table 1: Test error (%) on the CIFAR datasets.", [
        [(60, "Model"), (200, "Params (M)"), (260, "Error")],
        [(60, "CIFAR-10")],
        [(60, "ResNet-50 [36]"), (205, "11.4"), (265, "5.20")],
        [(60, "ZetaNet-L"), (205, "24.2"), (265, "2.87")],
        [(60, "CIFAR-100")],
        [(60, "ZetaNet-M"), (205, "17.4"), (265, "16.13")],
    ], rules=(0,))
    assert _results(page, ["CIFAR-10", "CIFAR-100"], ("zetanet",)) == [
        ("CIFAR-10", "error", 2.87, True), ("CIFAR-100", "error", 16.13, True)]
