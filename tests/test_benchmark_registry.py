"""The benchmark registry (extractors/data/benchmarks.json, read by extractors/registry.py)
is the one place a benchmark is defined: the extractors' patterns, the table reader and the
warehouse all read it."""

from __future__ import annotations

import pytest

from flopwatch.extractors import registry
from flopwatch.extractors.data import benchmark_registry
from flopwatch.extractors.paper import paper_benchmarks
from flopwatch.extractors.pdf_text import Block, Page, PdfText
from flopwatch.warehouse.db import writer
from flopwatch.warehouse.reference import sync_benchmarks

REGISTRY = benchmark_registry()


def test_every_benchmark_belongs_to_a_family_and_its_trend_metric_is_one_of_its_metrics():
    families = {f.name for f in registry.families()}
    for b in REGISTRY["benchmarks"]:
        assert b.get("family", b["name"]) in families, b["name"]
        assert b["trend_metric"] is None or b["trend_metric"] in b["metrics"], b["name"]


def test_every_metric_a_benchmark_or_pattern_names_is_declared():
    declared = {m.name for m in registry.metrics()}
    for b in registry.benchmarks():
        assert b.metrics <= declared, b.name
        assert set(b.column_metrics.values()) <= b.metrics, b.name
        assert not b.header_metric or b.header_metric in b.metrics, b.name
    ids = {p["id"] for p in registry.spacy_patterns() if p["label"] == "BENCHMARK"}
    assert ids <= {b.name for b in registry.benchmarks()} | {f.name for f in registry.families()}


@pytest.mark.parametrize("family", registry.families(), ids=lambda f: f.name)
def test_a_caption_naming_the_family_is_read_as_naming_it_and_no_other(family):
    caption = f"Table 2: Results on {family.name}."
    assert [f.name for f in registry.families() if f.in_caption.search(caption)] == \
        [family.name]


@pytest.mark.parametrize("text, family, expected", [
    ("Table 3: Results on SQuAD v2.0 (dev).", "SQuAD", "SQuAD 2.0"),
    ("Table 3: Results on SQuAD.", "SQuAD", "SQuAD 1.1"),
    ("BLEU on newstest2014 English-French", "WMT2014", "WMT2014 En-Fr"),
    ("BLEU on newstest2014 English-German and English-French", "WMT2014", "WMT2014 En-De"),
    ("Top-1 on ImageNet", "ImageNet", "ImageNet"),
])
def test_a_family_resolves_to_the_member_its_text_picks_else_its_first(text, family, expected):
    assert registry.resolve(family, text) == expected


@pytest.mark.parametrize("header, expected", [
    ("EN-DE", "WMT2014 En-De"), ("En→Fr", "WMT2014 En-Fr"),
    ("CIFAR-100 err.", "CIFAR-100"), ("CIFAR10", "CIFAR-10"), ("SQuAD v2.0 (F1/EM)", "SQuAD 2.0"),
    ("ImageNet-1K top-1", "ImageNet"), ("Params (M)", ""),
    ("SquadV2", "SQuAD 2.0"), ("SQuAD v1.1", "SQuAD 1.1"),   # the version picks, in any case
])
def test_a_header_cell_names_the_benchmark_its_registry_header_form_matches(header, expected):
    assert registry.header_benchmark(header) == expected


def test_papers_name_their_benchmarks_most_named_first():
    text = ("We evaluate on ImageNet and COCO. ImageNet top-1 accuracy is 80.1; on MS-COCO AP "
            "is 41.0; we also train on ILSVRC. GLUE is not named here in capitals: glue.")
    paper = PdfText([Page(1, text, (), (Block(0, 100.0, 110.0, text),), 612.0)])
    assert paper_benchmarks(paper)[:2] == ["ImageNet", "COCO"]


def test_allowed_metrics_come_from_the_registry():
    for b in registry.benchmarks():
        assert all(registry.allowed(b.name, m) for m in b.metrics)
    assert not registry.allowed("CoNLL-2003", "BLEU") and not registry.allowed("ImageNet", "AP")


def test_the_registry_is_seeded_into_the_benchmarks_table(tmp_path):
    with writer(tmp_path / "w.duckdb") as con:
        sync_benchmarks(con)
        rows = con.execute("select name, trend_metric from benchmarks order by name").fetchall()
    assert rows == sorted((b["name"], b["trend_metric"]) for b in REGISTRY["benchmarks"])


def test_which_metrics_are_errors_the_views_read_from_the_registry(tmp_path):
    with writer(tmp_path / "w.duckdb") as con:
        lower = dict(con.execute("select name, lower_is_better from metrics").fetchall())
        assert {m for m, is_error in lower.items() if is_error} == {
            m["name"] for m in REGISTRY["metrics"] if m["lower_is_better"]}
        assert con.execute("select error_fraction('top-5 error', 7.5), "
                           "error_fraction('top-1 accuracy', 76.0)").fetchone() == \
            pytest.approx((0.075, 0.24))
        # a metric the registry would call an error is read as one, with no SQL changed
        con.execute("insert into metrics values ('word error rate', true, 'test')")
        assert con.execute("select error_fraction('word error rate', 12.0)").fetchone()[0] \
            == pytest.approx(0.12)


def test_accuracies_count_as_errors_where_the_registry_plots_log10_error(tmp_path):
    with writer(tmp_path / "w.duckdb") as con:
        def trend_metric(bench: str) -> str:
            return con.execute("select trend_metric_of(?, 'top-1 accuracy')",
                               [bench]).fetchone()[0]

        assert trend_metric("ImageNet") == "top-1 error"
        assert trend_metric("CIFAR-10") == "top-1 accuracy"
        con.execute("update benchmarks set y_scale = 'log10(error)' where name = 'CIFAR-10'")
        assert trend_metric("CIFAR-10") == "top-1 error"
