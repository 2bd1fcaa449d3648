"""PDF text with PyMuPDF: reading order, normalisation, table rows, unreadable files."""

from __future__ import annotations

from pathlib import Path

import pymupdf
import pytest

from flopwatch.demo.sample import render_pdf, sample_papers
from flopwatch.extractors.pdf_text import PdfReadError, normalise, read_pdf


@pytest.fixture(scope="module")
def sample_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("pdf") / "1506.90001.pdf"
    path.write_bytes(render_pdf(sample_papers()[0]))
    return path


def test_normalise_undoes_hyphenation_and_ligatures():
    assert normalise("classi-\nﬁcation of ﬂoating\u00a0point") == "classification of floating point"
    # compounds keep their hyphen, and stay one word
    assert normalise("V100-\nSXM2") == "V100-SXM2"
    assert normalise("a TPU-\nv3 pod of H800-\n80G cards") == "a TPU-v3 pod of H800-80G cards"


def test_normalise_maps_odd_characters_beside_others_it_keeps():
    # other non-ASCII characters (a dash, a times sign, Greek) stay as they are
    assert normalise("3.2×10 – α\u2009=\u20090.1, 8\u2212\u200b4, co\u00adop") == \
        "3.2×10 – α = 0.1, 8-4, coop"
    assert normalise("3.2×10 – α") == "3.2×10 – α"


def test_two_columns_read_in_order(sample_pdf: Path):
    text = read_pdf(sample_pdf).pages[0].text
    order = ["1 Introduction", "2 Implementation", "3 Results", "Table 1"]
    positions = [text.index(heading) for heading in order]
    assert positions == sorted(positions)
    assert "classification" in text and "ﬁ" not in text


def test_table_rows_are_rebuilt_from_positions(sample_pdf: Path):
    rows = {r.cells[0].text: [c.text for c in r.cells] for r in read_pdf(sample_pdf).pages[0].rows}
    assert rows["method"] == ["method", "top-1 err.", "top-5 err."]
    assert rows["RPN-101 (ours)"] == ["RPN-101 (ours)", "21.9", "6.1"]


def test_blocks_point_into_the_page_text(sample_pdf: Path):
    page = read_pdf(sample_pdf).pages[0]
    assert all(page.text[b.start:b.start + len(b.text)] == b.text for b in page.blocks)


def test_unreadable_files(tmp_path: Path):
    junk = tmp_path / "junk.pdf"
    junk.write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 10)
    with pytest.raises(PdfReadError):
        read_pdf(junk)
    doc = pymupdf.open()
    doc.new_page().insert_text((72, 72), "secret " * 50)
    locked = tmp_path / "locked.pdf"
    doc.save(locked, encryption=pymupdf.PDF_ENCRYPT_AES_256, user_pw="u", owner_pw="o")
    with pytest.raises(PdfReadError, match="encrypted"):
        read_pdf(locked)


def test_image_only_pdf_has_no_text(tmp_path: Path):
    doc = pymupdf.open()
    page = doc.new_page()
    pix = pymupdf.Pixmap(pymupdf.csRGB, pymupdf.IRect(0, 0, 50, 50), False)
    pix.clear_with(200)
    page.insert_image(page.rect, pixmap=pix)
    path = tmp_path / "scan.pdf"
    doc.save(path)
    text = read_pdf(path)
    assert text.page_count == 1 and not text.has_text


def _rows_of(path: Path, lines: list[tuple[float, float, str]]) -> list[list[str]]:
    """The table rows read back from a one-page PDF holding each (x, y, text) as a line."""
    doc = pymupdf.open()
    page = doc.new_page(width=612, height=792)
    for x, y, text in lines:
        page.insert_text((x, y), text)
    doc.save(path)
    return [[c.text for c in r.cells] for r in read_pdf(path).pages[0].rows]


def test_a_wide_header_line_is_a_table_row_not_prose(tmp_path: Path):
    rows = _rows_of(tmp_path / "wide.pdf", [
        (72, 90, "Table 7: Comparison with the state of the art on ImageNet."),
        (72, 110, "Method"),
        (250, 110, "top-1 val. error (%) top-5 val. error (%) top-5 test error (%)"),
        (72, 122, "VGG (2 nets)"), (270, 122, "23.7"), (380, 122, "6.8"), (480, 122, "6.8"),
        (72, 200, "We train the network with plain stochastic gradient descent "
                  "and we report top-1 and top-5 errors of all models.")])
    assert ["Method", "top-1 val. error (%) top-5 val. error (%) top-5 test error (%)"] in rows
    assert not any("stochastic" in " ".join(r) for r in rows)


def test_a_table_captioned_as_a_figure_is_read_and_a_charts_axis_is_not(tmp_path: Path):
    """Batch Normalization's "Figure 3" is a table (models, steps, accuracies): its rows
    are read though no caption says "Table"; a chart's axis (0, 1000, ..., 8000) is not."""
    table = [(72, 90, "Figure 3: For Inception and the batch-normalized variants, the "
                      "number of training steps.")]
    for i, (model, steps, acc) in enumerate([
            ("Model", "Steps to 72.2%", "Max accuracy"), ("Inception", "31.0", "72.2%"),
            ("BN-Baseline", "13.3", "72.7%"), ("BN-x5", "2.1", "73.0%"),
            ("BN-x30", "2.7", "74.8%"), ("BN-x5-Sigmoid", "", "69.8%")]):
        y = 110 + 12 * i
        table += [(300, y, model), (400, y, steps), (480, y, acc)]
    rows = _rows_of(tmp_path / "figure.pdf", table)
    assert ["BN-x30", "2.7", "74.8%"] in rows
    axis = [(72, 90, "Figure 4: Training time against the number of machines.")]
    axis += [(300, 110 + 12 * i, str(1000 * i)) for i in range(9)]
    axis += [(300 + 40 * i, 200, str(10 * i)) for i in range(6)]   # and the x axis
    assert _rows_of(tmp_path / "axis.pdf", axis) == []


def test_a_lone_header_line_of_benchmarks_is_split_into_columns(tmp_path: Path):
    rows = _rows_of(tmp_path / "heads.pdf", [
        (72, 90, "Table 1: Test error (%) of our models."),
        (200, 110, "CIFAR10+   CIFAR100+   SVHN   ImageNet"),
        (72, 122, "Our model"), (200, 122, "5.25"), (262, 122, "24.98"), (330, 122, "1.75"),
        (372, 122, "21.98"),
        (110, 150, "MNLI-m/mm SQuAD v1.1 SQuAD v2.0 RACE ReCoRD SWAG NER"),
        (72, 200, "We report results on CIFAR and ImageNet for the models of "
                  "the previous section.")])
    assert ["CIFAR10+", "CIFAR100+", "SVHN", "ImageNet"] in rows
    assert ["MNLI-m/mm", "SQuAD v1.1", "SQuAD v2.0", "RACE", "ReCoRD", "SWAG", "NER"] in rows
    assert not any("previous" in " ".join(r) for r in rows)
