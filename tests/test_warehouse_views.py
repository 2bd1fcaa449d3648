"""The SQL views on small warehouses built by hand, where every figure can be worked out,
and on the published thompson2022 data, whose fits they must reproduce."""

from __future__ import annotations

import math
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import pytest

from flows.cli import main
from warehouse import load
from warehouse.db import WarehouseError, writer
from warehouse.reference import import_reference

PUBLISHED_FITS = [  # benchmark, metric, measure, slope, intercept, r2, n (the study's table)
    ("ImageNet", "top-1 error", "ops_forward_pass", -0.0821, 0.0915, 0.606, 110),
    ("ImageNet", "top-1 error", "network_operations", -0.0836, 0.8539, 0.720, 77),
    ("ImageNet", "top-1 error", "hardware_burden", -0.0933, 1.1563, 0.766, 36),
    ("COCO", "AP", "hardware_burden", 0.0599, -0.9112, 0.776, 13),
    ("SQuAD 1.1", "EM", "hardware_burden", 0.0956, -1.1230, 0.872, 12),
    ("CoNLL-2003", "F1", "hardware_burden", 0.0269, 0.6333, 0.417, 12),
    ("WMT2014 En-De", "BLEU", "hardware_burden", 0.0141, -0.1312, 0.188, 12),
    ("WMT2014 En-Fr", "BLEU", "hardware_burden", 0.0236, -0.2351, 0.147, 14),
]


def record(**fields) -> dict:
    out = {"extractor_version": "test", "mentions": []}
    for field, items in fields.items():
        out[field] = [{**it, "quote": "q", "page": 1} for it in items]
    return out


def add_paper(con, arxiv_id: str, published: datetime, **fields) -> None:
    load.upsert_paper(con, {"arxiv_id": arxiv_id, "version": 1, "title": arxiv_id,
                            "published": published, "status": "ok"})
    load.replace_facts(con, arxiv_id, 1, record(**fields))


def hw(acc: str, count: int, unit: str = "devices") -> dict:
    return {"accelerator": acc, "count": count, "count_unit": unit, "role": "training"}


def top1(err_percent: float) -> dict:
    return {"benchmark": "ImageNet", "metric": "top-1 error", "split": None,
            "value": err_percent, "model": "m", "in_table": False}


def fill_small_warehouse(con, first_model: str = "m") -> None:
    """Four papers, 2016-2019: more devices, hours and FLOPs each year, lower error."""
    for i in range(4):
        add_paper(con, f"2001.0000{i}", datetime(2016 + i, 2, 1, tzinfo=UTC),
                  hardware=[hw("NVIDIA V100", 8 * (i + 1))],
                  training_time=[{"hours": 24.0 * (i + 1), "hours_low": None,
                                  "subject": None}],
                  compute=[{"kind": "per_forward", "value": 1e9 * 10 ** i, "unit": "FLOPs",
                            "subject": 'm, with "quotes"'},
                           {"kind": "training_total", "value": 1e18 * 4 ** i,
                            "unit": "FLOPs", "subject": None}],
                  results=[{**top1(30.0 - 4 * i), "model": first_model if i == 0 else "m"}])


@pytest.fixture
def warehouse(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    db = tmp_path / "w.duckdb"
    monkeypatch.setenv("FLOPWATCH_DB", str(db))
    return db


def test_compute_estimates_arithmetic(warehouse: Path):
    with writer(warehouse) as con:
        add_paper(con, "2001.00001", datetime(2020, 1, 1, tzinfo=UTC),
                  hardware=[hw("NVIDIA V100", 8), hw("NVIDIA V100", 2)],
                  training_time=[{"hours": 10.0, "hours_low": None, "subject": None},
                                 {"hours": 84.0, "hours_low": 72.0, "subject": None}],
                  compute=[{"kind": "per_forward", "value": 2e9, "unit": "MACs", "subject": None},
                           {"kind": "training_total", "value": 3.0, "unit": "PF-days",
                            "subject": None}],
                  parameters=[{"model": "big", "value": 2e9}])
        add_paper(con, "2001.00002", datetime(2020, 6, 1, tzinfo=UTC),
                  hardware=[hw("Google TPU v3", 64, "cores")],
                  device_time=[{"device_hours": 1000.0, "device": "TPU v3 core"}])
        rows = {r[0]: r[1:] for r in con.execute(
            "select arxiv_id, accelerator, devices, training_hours, device_hours, "
            "ops_forward_pass, network_operations, hardware_burden, tensor_estimate, energy_kwh, "
            "co2_kg from compute_estimates where source = 'extracted'").fetchall()}
    acc, devices, hours, device_hours, fwd, net, burden, tensor, kwh, co2 = rows["2001.00001"]
    assert (acc, devices, hours, device_hours) == ("NVIDIA V100", 8, 84.0, 672.0)
    assert fwd == 4e9 and net == pytest.approx(3 * 8.64e19)
    assert burden == pytest.approx(672 * 15.7e12 * 3600)                  # FP32 peak, 100%
    assert tensor == pytest.approx(672 * 125e12 * 3600 * 0.3)             # 1e9+ params: LLM
    assert kwh == pytest.approx(672 * 300 / 1000 * 1.1)
    assert co2 == pytest.approx(kwh * 0.4)
    tpu = rows["2001.00002"]
    assert tpu[0:2] == ("Google TPU v3", 32)                              # 64 cores = 32 chips
    assert tpu[3] == 1000.0 and tpu[6] == pytest.approx(1000 * 123e12 * 3600)


def test_assumptions_can_be_changed(warehouse: Path):
    with writer(warehouse) as con:
        add_paper(con, "2001.00001", datetime(2020, 1, 1, tzinfo=UTC),
                  hardware=[hw("NVIDIA A100", 4)],
                  training_time=[{"hours": 10.0, "hours_low": None, "subject": None}])
        con.execute("update assumptions set value = 1.5 where name = 'pue'")
        kwh = con.execute("select energy_kwh from compute_estimates").fetchone()[0]
    assert kwh == pytest.approx(40 * 400 / 1000 * 1.5)


def test_trend_fit_of_an_exact_power_law(warehouse: Path):
    # error = 10^(0.5 - 0.1 * log10(FLOPs)): slope -0.1, intercept 0.5, r2 1.
    with writer(warehouse) as con:
        for i, flops in enumerate([1e9, 1e10, 1e11, 1e12]):
            error = 10 ** (0.5 - 0.1 * math.log10(flops))
            add_paper(con, f"2001.0000{i}", datetime(2015 + i, 3, 1, tzinfo=UTC),
                      compute=[{"kind": "per_forward", "value": flops, "unit": "FLOPs",
                                "subject": None}],
                      results=[top1(error * 100)])
        fit = con.execute(
            "select n, slope, intercept, r2, halving_multiplier, target_error, "
            "compute_for_target from trend_fits where source = 'extracted' "
            "and compute_measure = 'ops_forward_pass'").fetchone()
    n, slope, intercept, r2, halving, target, needed = fit
    assert (n, target) == (4, 0.05)
    assert slope == pytest.approx(-0.1) and intercept == pytest.approx(0.5)
    assert r2 == pytest.approx(1.0)
    assert halving == pytest.approx(10 ** (math.log10(2) / 0.1))          # ~1024x per halving
    assert needed == pytest.approx(10 ** ((0.5 - math.log10(0.05)) / 0.1))


def test_fit_needs_three_points_and_a_spread(warehouse: Path):
    with writer(warehouse) as con:
        for i in range(3):
            add_paper(con, f"2001.0000{i}", datetime(2015 + i, 3, 1, tzinfo=UTC),
                      compute=[{"kind": "per_forward", "value": 1e9, "unit": "FLOPs",
                                "subject": None}],
                      results=[top1(20.0 - i)])
        assert con.execute("select count(*) from trend_fits").fetchone() == (0,)


def test_results_normalised_and_frontier(warehouse: Path):
    with writer(warehouse) as con:
        add_paper(con, "2001.00001", datetime(2016, 1, 1, tzinfo=UTC), results=[
            {"benchmark": "ImageNet", "metric": "top-1 accuracy", "split": None, "value": 0.79,
             "model": "a", "in_table": True},
            {"benchmark": "COCO", "metric": "AP", "split": None, "value": 40.0, "model": "a",
             "in_table": True}])
        add_paper(con, "2001.00002", datetime(2017, 1, 1, tzinfo=UTC), results=[top1(25.0)])
        add_paper(con, "2001.00003", datetime(2018, 1, 1, tzinfo=UTC), results=[top1(18.0)])
        rows = con.execute("select arxiv_id, benchmark, trend_metric, error, y "
                           "from results_normalised order by arxiv_id, benchmark").fetchall()
        records = con.execute("select arxiv_id from frontier where benchmark = 'ImageNet' "
                              "order by published").fetchall()
    assert rows[0][1:4] == ("COCO", "AP", pytest.approx(0.6))
    assert rows[0][4] == pytest.approx(math.log10(1 / 0.6))
    assert rows[1][1:4] == ("ImageNet", "top-1 error", pytest.approx(0.21))  # 0.79 is a fraction
    assert rows[1][4] == pytest.approx(math.log10(0.21))
    assert records == [("2001.00001",), ("2001.00003",)]                   # 25% beat nothing


def test_compute_growth_of_doubling_every_year(warehouse: Path):
    with writer(warehouse) as con:
        for i in range(4):
            add_paper(con, f"2001.0000{i}", datetime(2016 + i, 1, 1, tzinfo=UTC),
                      compute=[{"kind": "training_total", "value": 1e18 * 2 ** i,
                                "unit": "FLOPs", "subject": None}])
        row = con.execute("select n, doubling_months, r2 from compute_growth "
                          "where source = 'extracted'").fetchone()
    assert row[0] == 4 and row[1] == pytest.approx(12, rel=1e-2) and row[2] > 0.999


@pytest.fixture
def reference(warehouse: Path, shared_dir: Path) -> Path:
    assert main(["import-reference", "thompson2022",
                 str(shared_dir / "reference" / "thompson2022")]) == 0
    return warehouse


def test_trend_fits_reproduce_the_published_fits(reference: Path, capsys: pytest.CaptureFixture):
    capsys.readouterr()
    assert main(["sql", "select * from trend_fits where source = 'thompson2022'",
                 "--format", "csv"]) == 0
    import csv
    import io

    rows = {(r["benchmark"], r["metric"], r["compute_measure"]): r
            for r in csv.DictReader(io.StringIO(capsys.readouterr().out))}
    for bench, metric, measure, slope, intercept, r2, n in PUBLISHED_FITS:
        fit = rows[(bench, metric, measure)]
        assert int(fit["n"]) == n
        assert round(float(fit["slope"]), 4) == slope
        assert round(float(fit["intercept"]), 4) == intercept
        assert round(float(fit["r2"]), 3) == r2


def test_reimport_replaces_and_a_bad_file_changes_nothing(reference: Path, tmp_path: Path,
                                                          shared_dir: Path):
    def counts() -> tuple:
        with duckdb.connect(str(reference), read_only=True) as con:
            return con.execute("select (select count(*) from reference_models), "
                               "(select count(*) from reference_scores)").fetchone()

    before = counts()
    assert before[0] == 516
    assert main(["import-reference", "thompson2022",
                 str(shared_dir / "reference" / "thompson2022")]) == 0
    assert counts() == before
    broken = tmp_path / "broken"
    broken.mkdir()
    for f in (shared_dir / "reference" / "thompson2022").glob("*.csv"):
        (broken / f.name).write_bytes(f.read_bytes())
    (broken / "object-detection-on-coco.csv").write_text("name,year\nx,2020\n")
    with writer(reference) as con, pytest.raises(WarehouseError, match="header rows"):
        import_reference(con, "thompson2022", broken)
    assert counts() == before


@pytest.mark.parametrize("argv, message", [
    (["import-reference", "nosuch", "."], "unknown reference source 'nosuch'"),
    (["import-reference", "thompson2022", "/nonexistent"], "no such folder"),
])
def test_import_reference_errors(warehouse: Path, capsys: pytest.CaptureFixture,
                                 argv: list[str], message: str):
    assert main(argv) == 1
    assert message in capsys.readouterr().err
