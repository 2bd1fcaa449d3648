"""The SQL views on small warehouses built by hand, where every figure can be worked out,
and on the published thompson2022 data, whose fits they must reproduce."""

from __future__ import annotations

import math
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import pytest

from flopwatch.cli import main
from flopwatch.warehouse import load
from flopwatch.warehouse.db import WarehouseError, writer
from flopwatch.warehouse.reference import import_reference

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


def record(models: list[dict] | None = None, **fields) -> dict:
    out = {"extractor_version": "test", "mentions": [], "models": models or []}
    for field, items in fields.items():
        out[field] = [{**it, "quote": "q", "page": 1} for it in items]
    return out


def model(name: str, flops: float | None = None, params: float | None = None,
          results: tuple[dict, ...] = (), own: bool = True) -> dict:
    """A model as the extractor gives it: each value with its evidence and failed checks."""
    evidence = {"quote": f"{name} row", "page": 2, "rule": "table_row", "checks": []}
    return {"model": name, "own": own,
            "parameters": {"value": params, **evidence} if params else None,
            "ops_forward_pass": {"value": flops, "unit": "FLOPs", **evidence} if flops else None,
            "results": [{**r, **evidence} for r in results]}


def add_paper(con, arxiv_id: str, published: datetime, models: list[dict] | None = None,
              **fields) -> None:
    load.upsert_paper(con, {"arxiv_id": arxiv_id, "version": 1, "title": arxiv_id,
                            "published": published, "status": "ok"})
    load.replace_facts(con, arxiv_id, 1, record(models, **fields))


def hw(acc: str, count: int, unit: str = "devices") -> dict:
    return {"accelerator": acc, "count": count, "count_unit": unit, "role": "training"}


def top1(err_percent: float) -> dict:
    return {"benchmark": "ImageNet", "metric": "top-1 error", "split": None,
            "value": err_percent, "model": "m", "in_table": False}


def power_law_papers(con, intercept: float, slope: float, step: float = 0.5) -> None:
    """Eight papers on an exact power law: error = 10^(intercept + slope log10 FLOPs), the
    FLOPs from 1e8 up by 10^step a year."""
    for i in range(8):
        flops = 10.0 ** (8 + i * step)
        error = 10 ** (intercept + slope * math.log10(flops))
        add_paper(con, f"2001.0000{i}", datetime(2015 + i, 3, 1, tzinfo=UTC),
                  models=[model("m", flops=flops, results=(top1(error * 100),))])


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
                  results=[{**top1(30.0 - 4 * i), "model": first_model if i == 0 else "m"}],
                  models=[model(first_model if i == 0 else "m", flops=1e9 * 10 ** i,
                                results=(top1(30.0 - 4 * i),))])


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
    # 1000 TPU v3 core-hours are 500 chip-hours: the catalog's peak is per chip
    assert tpu[3] == 500.0 and tpu[6] == pytest.approx(500 * 123e12 * 3600)


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
        power_law_papers(con, 0.5, -0.1)
        fit = con.execute(
            "select n, slope, intercept, r2, halving_multiplier, target_error, "
            "compute_for_target from trend_fits where source = 'extracted' "
            "and compute_measure = 'ops_forward_pass'").fetchone()
    n, slope, intercept, r2, halving, target, needed = fit
    assert (n, target) == (8, 0.05)
    assert slope == pytest.approx(-0.1) and intercept == pytest.approx(0.5)
    assert r2 == pytest.approx(1.0)
    assert halving == pytest.approx(10 ** (math.log10(2) / 0.1))          # ~1024x per halving
    assert needed == pytest.approx(10 ** ((0.5 - math.log10(0.05)) / 0.1))


def test_fit_needs_three_points_and_a_spread(warehouse: Path):
    with writer(warehouse) as con:
        for i in range(3):
            add_paper(con, f"2001.0000{i}", datetime(2015 + i, 3, 1, tzinfo=UTC),
                      models=[model("m", flops=1e9, results=(top1(20.0 - i),))])
        assert con.execute("select count(*) from trend_fits").fetchone() == (0,)


def test_a_fit_of_few_points_gives_its_interval_but_no_implications(warehouse: Path):
    with writer(warehouse) as con:
        for i in range(4):
            add_paper(con, f"2001.0000{i}", datetime(2015 + i, 3, 1, tzinfo=UTC),
                      models=[model("m", flops=10.0 ** (9 + i),
                                    results=(top1(30.0 - 5 * i + (i % 2)),))])
        row = con.execute("select n, enough_points, slope_ci_low < slope, slope < slope_ci_high, "
                          "halving_multiplier, compute_for_target from trend_fits").fetchone()
    assert row == (4, False, True, True, None, None)


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


def _ols(x: list[float], y: list[float]):
    import statsmodels.api as sm

    return sm.OLS(y, sm.add_constant(x)).fit()


def test_slope_uncertainty_matches_statsmodels_ols_on_the_published_data(reference: Path):
    """Standard error, 95% interval and p-value of every reference fit, as statsmodels' OLS
    (the study's tool) gives them from the same points; and the published standard errors."""
    with duckdb.connect(str(reference), read_only=True) as con:
        fits = con.execute("select benchmark, compute_measure, n, slope, slope_se, "
                           "slope_ci_low, slope_ci_high, p_value from trend_fits "
                           "where source = 'thompson2022'").fetchall()
        points = con.execute("select benchmark, compute_measure, x, y from trend_points "
                             "where source = 'thompson2022'").fetchall()
    assert len(fits) >= 8
    for bench, measure, n, slope, se, low, high, p in fits:
        xs = [r[2] for r in points if r[:2] == (bench, measure)]
        ys = [r[3] for r in points if r[:2] == (bench, measure)]
        ols = _ols(xs, ys)
        (ci_low, ci_high), = ols.conf_int(0.05)[1:]
        assert (n, slope) == (len(xs), pytest.approx(ols.params[1]))
        assert se == pytest.approx(ols.bse[1], rel=1e-9)
        assert (low, high) == (pytest.approx(ci_low, rel=1e-4), pytest.approx(ci_high, rel=1e-4))
        assert p == pytest.approx(ols.pvalues[1], rel=1e-6, abs=1e-12)
    published_se = {(b, m): round(se, 3) for b, m, _n, _s, se, *_ in fits}
    assert published_se[("ImageNet", "network_operations")] == 0.006
    assert published_se[("ImageNet", "hardware_burden")] == 0.009


def test_slope_uncertainty_of_a_small_noisy_fit_matches_statsmodels(warehouse: Path):
    # nine papers, errors scattered about a power law: few degrees of freedom, where the
    # t distribution differs most from the normal
    scatter = [0.9, -1.4, 0.3, 2.1, -0.7, -1.9, 1.2, 0.1, -0.4]
    xs = [9 + 0.4 * i for i in range(9)]
    ys = [0.5 - 0.08 * x + 0.02 * e for x, e in zip(xs, scatter, strict=True)]
    with writer(warehouse) as con:
        for i, (x, y) in enumerate(zip(xs, ys, strict=True)):
            add_paper(con, f"2001.0000{i}", datetime(2015 + i, 3, 1, tzinfo=UTC),
                      models=[model("m", flops=10 ** x, results=(top1(100 * 10 ** y),))])
        fit = con.execute("select n, slope, slope_se, slope_ci_low, slope_ci_high, p_value, "
                          "enough_points from trend_fits where source = 'extracted' and "
                          "compute_measure = 'ops_forward_pass'").fetchone()
    ols = _ols(xs, ys)
    (ci_low, ci_high), = ols.conf_int(0.05)[1:]
    assert fit[:3] == (9, pytest.approx(ols.params[1]), pytest.approx(ols.bse[1]))
    assert fit[3:5] == (pytest.approx(ci_low, rel=1e-4), pytest.approx(ci_high, rel=1e-4))
    assert fit[5] == pytest.approx(ols.pvalues[1], rel=1e-6) and fit[6] is True


def test_training_setup_per_benchmark_and_per_sentence(warehouse: Path):
    with writer(warehouse) as con:
        load.upsert_paper(con, {"arxiv_id": "1610.00001", "version": 1, "title": "t",
                                "published": datetime(2016, 10, 1, tzinfo=UTC),
                                "status": "ok"})
        load.replace_facts(con, "1610.00001", 1, {
            "extractor_version": "test", "mentions": [],
            "hardware": [{**hw("NVIDIA K80", 60), "quote": "We use 60 NVIDIA K80 GPUs.",
                          "page": 3}],
            "training_time": [
                {"hours": 72.0, "hours_low": None, "subject": None, "page": 4,
                 "quote": "The ImageNet experiments took approximately 3 days each."},
                {"hours": 720.0, "hours_low": None, "subject": None, "page": 4,
                 "quote": "The JFT experiments took over one month each."}],
            "models": [model("Xnet", results=(top1(21.0),))]})
        add_paper(con, "1807.00002", datetime(2018, 7, 1, tzinfo=UTC),
                  hardware=[{**hw("Google TPU v2", 64), "quote": "x"}],
                  models=[model("Mnet", results=(top1(24.8),))])
        con.execute("update paper_hardware set quote = 'each search takes 4.5 days on 64 "
                    "TPUv2 devices.' where arxiv_id = '1807.00002'")
        con.execute("insert into paper_training_time values ('1807.00002', 'test', 108, null, "
                    "null, 'each search takes 4.5 days on 64 TPUv2 devices.', 5, [])")
        setups = {(r[0], r[1]): r[2:] for r in con.execute(
            "select arxiv_id, benchmark, devices, training_hours, hardware_burden "
            "from training_setups").fetchall()}
        burden = dict(con.execute("select arxiv_id, compute from trend_points "
                                  "where compute_measure = 'hardware_burden'").fetchall())
    with duckdb.connect(str(warehouse), read_only=True) as con:
        k80 = con.execute("select fp32_tflops from accelerators "
                          "where canonical = 'NVIDIA K80'").fetchone()[0]
    # the time whose sentence names ImageNet is ImageNet's; paper-wide, the longest
    assert setups[("1610.00001", "ImageNet")][:2] == (60, 72.0)
    assert setups[("1610.00001", None)][:2] == (60, 720.0)
    assert burden["1610.00001"] == pytest.approx(60 * 72 * 3600 * k80 * 1e12)
    # "64 TPUv2 devices" are 64 Cloud TPU boards of 4 chips, for the 4.5 days of that sentence
    assert setups[("1807.00002", None)][:2] == (256, 108.0)
