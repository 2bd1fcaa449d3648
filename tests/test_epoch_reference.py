"""Epoch AI's Notable AI Models as a reference: the import of its CSV as Epoch writes it,
the agreement with a tiny warehouse where every figure can be worked out, and the growth
fit on the shared CSV, which must give Epoch's own figure."""

from __future__ import annotations

import csv
import json
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import pytest

from flopwatch.cli import main
from flopwatch.warehouse.db import writer
from flopwatch.warehouse.epoch import COLUMNS, accelerators, arxiv_id
from tests.test_warehouse_views import add_paper, hw, model

NOTE = "8 V100 * 125e12 FLOP/s * 100 h * 3600 * 0.4 utilization = 1.4e20"


def epoch_csv(folder: Path, rows: list[dict[str, str]]) -> Path:
    """An Epoch-shaped file: its columns (and one it has that nothing reads), quoted
    fields with newlines in them."""
    folder.mkdir(exist_ok=True)
    header = [*COLUMNS, "Authors"]
    with (folder / "notable_ai_models.csv").open("w", encoding="utf-8", newline="") as fh:
        out = csv.DictWriter(fh, header, quoting=csv.QUOTE_MINIMAL)
        out.writeheader()
        for row in rows:
            out.writerow({c: row.get(c, "") for c in header})
    return folder


ROWS = [
    # two variants of one paper; the large one's name ends in a newline, as in Epoch's file
    {"Model": "ZooNet-L\n", "Publication date": "2021-01-05", "Domain": "Vision",
     "Link": "https://arxiv.org/pdf/2101.00001v2", "Parameters": "310000000.0",
     "Training compute (FLOP)": "1.4e20", "Training compute notes": NOTE,
     "Training time (hours)": "100", "Training hardware": "NVIDIA Tesla V100 DGXS 32 GB",
     "Hardware quantity": "8", "Confidence": "Confident",
     "Parameters notes": "Table 2:\n310M"},
    {"Model": "ZooNet-S", "Publication date": "2021-01-05", "Domain": "Vision",
     "Link": "https://arxiv.org/abs/2101.00001", "Parameters": "22000000",
     "Training hardware": "NVIDIA Tesla V100 DGXS 32 GB", "Hardware quantity": "64"},
    # a number Epoch wrote as words: skipped with its reason, never fatal
    {"Model": "BadNet", "Publication date": "2020-06-01", "Parameters": "about 5M"},
    # an id only in a note; hardware the catalog lacks
    {"Model": "Quokka", "Publication date": "2022-03-01", "Domain": "Language,Vision",
     "Link": "https://example.org/quokka", "Training time notes": "see arXiv:2203.00002",
     "Training hardware": "Foo Accelerator X1", "Training compute (FLOP)": "3e22",
     "Training compute notes": "6 FLOP/parameter/token * 1e9 * 5e12"},
    {"Model": "  ", "Publication date": "2022-03-01"},
]


@pytest.fixture
def warehouse(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    db = tmp_path / "w.duckdb"
    monkeypatch.setenv("FLOPWATCH_DB", str(db))
    with writer(db) as con:
        # what flopwatch read of the paper: 8 V100s for 96 hours, both variants' sizes
        add_paper(con, "2101.00001", datetime(2021, 1, 4, tzinfo=UTC),
                  hardware=[hw("NVIDIA V100", 8)],
                  training_time=[{"hours": 96.0, "hours_low": None, "subject": None}],
                  models=[model("ZooNet-L", params=3.0e8), model("ZooNet-S", params=2.1e7)])
        # a paper with no facts: every comparison with it is a disagreement
        add_paper(con, "2203.00002", datetime(2022, 5, 20, tzinfo=UTC))
    return db


def test_import_loads_good_rows_and_counts_bad_ones(warehouse: Path, tmp_path: Path,
                                                     capsys: pytest.CaptureFixture):
    folder = epoch_csv(tmp_path / "epoch", ROWS)
    assert main(["import-reference", "epoch", str(folder)]) == 0
    out = capsys.readouterr().out
    assert "imported epoch: 3 models, 2 rows skipped" in out
    assert "skipped row 3: BadNet: parameters 'about 5M' is not a number" in out
    assert "skipped row 5: no model name" in out
    assert "Foo Accelerator X1" in out and "CC BY 4.0" in out
    with duckdb.connect(str(warehouse), read_only=True) as con:
        got = con.execute("select name, arxiv_id, accelerators, hardware_quantity, domains, "
                          "compute_method from reference_notable_models order by row_number"
                          ).fetchall()
        skipped = con.execute("select count(*) from reference_skipped_rows").fetchone()
    assert got == [
        ("ZooNet-L", "2101.00001", ["NVIDIA V100"], 8.0, ["Vision"], "hardware x time"),
        ("ZooNet-S", "2101.00001", ["NVIDIA V100"], 64.0, ["Vision"], None),
        ("Quokka", "2203.00002", [], None, ["Language", "Vision"], "parameters x tokens")]
    assert skipped == (2,)
    # a re-import replaces, never duplicates
    assert main(["import-reference", "epoch", str(folder)]) == 0
    with duckdb.connect(str(warehouse), read_only=True) as con:
        assert con.execute("select count(*) from reference_notable_models").fetchone() == (3,)


def test_agreement_per_field_matches_variants_by_name(warehouse: Path, tmp_path: Path,
                                                      capsys: pytest.CaptureFixture):
    assert main(["import-reference", "epoch", str(epoch_csv(tmp_path / "e", ROWS))]) == 0
    capsys.readouterr()
    assert main(["compare-reference", "epoch", "--summary", "--format", "json"]) == 0
    summary = {r["field"]: r for r in json.loads(capsys.readouterr().out)}
    assert set(next(iter(summary.values()))) == {"field", "papers", "agree", "rate",
                                                 "tolerance"}
    # hardware: V100 = "NVIDIA Tesla V100 DGXS 32 GB" (Quokka's is not in the catalog)
    assert summary["hardware"] == {"field": "hardware", "papers": 1, "agree": 1,
                                   "rate": 1.0, "tolerance": "the same accelerator"}
    # 8 chips as ZooNet-L has; 96 h is within 25% of 100 h
    assert summary["quantity"]["agree"] == 1 and summary["training_time"]["agree"] == 1
    # each variant against its own model row: 300M vs 310M and 21M vs 22M, both within 10%
    assert summary["parameters"]["papers"] == 1 and summary["parameters"]["agree"] == 1
    # 8 V100 x 96 h x 125 TFLOP/s x 0.4 = 1.38e20 against 1.4e20; the paper without facts
    # is compared and does not agree
    assert summary["training_compute"] == {"field": "training_compute", "papers": 2,
                                           "agree": 1, "rate": 0.5, "tolerance": "within 3x"}
    # dates 1 day and 80 days apart
    assert summary["publication_date"]["papers"] == 2
    assert summary["publication_date"]["agree"] == 1
    assert main(["compare-reference", "epoch", "--field", "parameters"]) == 0
    out = capsys.readouterr().out
    assert "no model row" not in out and "ZooNet-S" not in out.split("disagreements")[1]
    with duckdb.connect(str(warehouse), read_only=True) as con:
        rows = con.execute("select reference_model, extracted_value, agrees "
                           "from notable_model_agreement where field = 'parameters' "
                           "order by 1").fetchall()
    assert rows == [("ZooNet-L", "3e+08", True), ("ZooNet-S", "2.1e+07", True)]


def test_gaps_are_filled_from_the_record_and_say_whose(warehouse: Path, tmp_path: Path):
    assert main(["import-reference", "epoch", str(epoch_csv(tmp_path / "e", ROWS))]) == 0
    with duckdb.connect(str(warehouse), read_only=True) as con:
        rows = con.execute("select arxiv_id, training_hours, training_hours_source, "
                           "training_compute, training_compute_source, estimation_method "
                           "from filled_compute order by 1").fetchall()
    # flopwatch's own estimate (8 V100 x 96 h x 125 TFLOP/s x 0.4) stands; the paper it
    # has nothing for takes the record's, marked as the record's
    assert rows == [("2101.00001", 96.0, "extracted", pytest.approx(1.3824e20),
                     "extracted", "hardware x time"),
                    ("2203.00002", None, None, 3e22, "epoch", "parameters x tokens")]


@pytest.mark.parametrize("text, expected", [
    ("https://arxiv.org/abs/1706.03762v5", "1706.03762"),
    ("https://huggingface.co/x\nhttps://arxiv.org/pdf/2510.22115", "2510.22115"),
    ("http://arxiv.org/abs/cs/0101001", "cs/0101001"),
    ("https://openai.com/blog", None),
])
def test_arxiv_id_from_a_link(text: str, expected: str | None):
    assert arxiv_id(text) == expected


def test_hardware_names_map_to_the_catalog():
    assert accelerators("Google TPU v4,Google TPU v5e") == (
        ["Google TPU v4", "Google TPU v5e"], [])
    assert accelerators("NVIDIA A100 SXM4 80 GB") == (["NVIDIA A100"], [])
    assert accelerators("Cerebras CS-2") == ([], ["Cerebras CS-2"])


def test_the_shared_record_gives_epochs_growth(warehouse: Path, shared_dir: Path,
                                               capsys: pytest.CaptureFixture):
    assert main(["import-reference", "epoch", str(shared_dir / "reference" / "epoch")]) == 0
    out = capsys.readouterr().out
    assert "imported epoch: 976 models, 0 rows skipped" in out
    with duckdb.connect(str(warehouse), read_only=True) as con:
        growth = {r[0]: r[1:] for r in con.execute(
            "select domain, n, first_year, doublings_per_year * log10(2), doubling_months "
            "from compute_growth where source = 'epoch' "
            "and compute_measure = 'network_operations'").fetchall()}
        assert con.execute("select count(*), count(distinct arxiv_id) from "
                           "reference_notable_models where link ilike '%arxiv.org%'"
                           ).fetchone() == (524, 495)
    n, first, orders, months = growth["all"]
    assert (n, first) == (453, 2010)
    assert orders == pytest.approx(0.636, abs=0.01) and 5.5 <= months <= 5.9
    assert growth["vision"][0] == 121 and growth["language"][0] == 275


def test_exports_and_reports_credit_the_record(warehouse: Path, tmp_path: Path,
                                               shared_dir: Path):
    assert main(["import-reference", "epoch", str(shared_dir / "reference" / "epoch")]) == 0
    assert main(["export", str(tmp_path / "out"), "--format", "csv"]) == 0
    package = json.loads((tmp_path / "out" / "datapackage.json").read_text())
    assert "https://epoch.ai/data/notable-ai-models" in [s["path"] for s in package["sources"]]
    assert "CC-BY-4.0" in [lic["name"] for lic in package["licenses"]]
    assert main(["report", str(tmp_path / "report"), "--format", "svg"]) == 0
    page = (tmp_path / "report" / "index.html").read_text()
    credit = "Data: Epoch AI, Notable AI Models, CC BY 4.0"
    assert credit in page
    # the growth chart draws the record's models, and its file carries the credit itself
    (chart,) = (tmp_path / "report" / "charts").glob("*growth-network-operations.svg")
    assert "Notable AI Models, CC BY 4.0" in chart.read_text()
