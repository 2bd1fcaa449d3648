"""prefect.yaml against a real Prefect server: deploy, schedules, and a worker running the
nightly deployment against the local arXiv-compatible server."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from flopwatch.demo.local_arxiv import LocalArxiv
from flopwatch.flows.serve import deployment_specs, runner_deployments

ROOT = Path(__file__).resolve().parents[1]


def test_serve_uses_the_schedules_of_prefect_yaml():
    specs = {s["name"]: s for s in deployment_specs()}
    assert specs["nightly-ingest"]["schedules"] == [{"cron": "0 3 * * *", "timezone": "UTC"}]
    assert specs["nightly-ingest"]["parameters"] == {}
    served = {d.name: d for d in runner_deployments()}
    assert set(served) == set(specs)
    for name, dep in served.items():
        assert [(s.schedule.cron, s.schedule.timezone) for s in dep.schedules] == [
            (s["cron"], s["timezone"]) for s in specs[name].get("schedules") or []]
        assert dep.parameters == (specs[name]["parameters"] or {})
    assert not served["backfill"].schedules
    schema = served["backfill"]._parameter_openapi_schema.model_dump()
    assert {"date_from", "date_to", "categories", "chunk_days"} <= set(schema["properties"])
    assert schema["required"] == ["date_from"]


def test_weekly_export_flow(prefect_harness, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    from flopwatch.flows.export import weekly_export
    from flopwatch.warehouse.db import writer
    from tests.test_warehouse_views import fill_small_warehouse

    db = tmp_path / "w.duckdb"
    monkeypatch.setenv("FLOPWATCH_DB", str(db))
    with writer(db) as con:
        fill_small_warehouse(con)
    result = weekly_export(folder=str(tmp_path / "out"))
    assert result["resources"] > 20 and (tmp_path / "out" / "datapackage.json").is_file()


@pytest.mark.slow
def test_deploy_all_and_a_worker_runs_the_nightly_ingest(prefect_harness, env: Path,
                                                         arxiv_server: LocalArxiv):
    import prefect.settings
    from prefect.client.orchestration import get_client

    prefect_bin = Path(sys.executable).with_name("prefect")
    child_env = {**os.environ, "PREFECT_API_URL": prefect.settings.PREFECT_API_URL.value(),
                 "PWD": str(ROOT),
                 # the first nightly run reaches back far enough to see the sample papers
                 "FLOPWATCH_OVERLAP_DAYS": "5000"}

    def prefect(*args: str, timeout: float = 180) -> subprocess.CompletedProcess:
        return subprocess.run([str(prefect_bin), *args], env=child_env, cwd=ROOT,
                              capture_output=True, text=True, timeout=timeout)

    pool = prefect("work-pool", "create", "flopwatch-local", "--type", "process",
                   "--overwrite")
    assert pool.returncode == 0, pool.stderr[-1000:]
    deployed = prefect("--no-prompt", "deploy", "--all")
    assert deployed.returncode == 0, deployed.stdout[-2000:] + deployed.stderr[-2000:]
    with get_client(sync_client=True) as client:
        schedules = {d.name: [(s.schedule.cron, s.schedule.timezone) for s in d.schedules]
                     for d in client.read_deployments()}
    assert schedules["nightly-ingest"] == [("0 3 * * *", "UTC")]
    assert schedules["weekly-export"] == [("0 5 * * 1", "UTC")]
    assert schedules["backfill"] == []

    started = prefect("deployment", "run", "nightly_ingest/nightly-ingest")
    assert started.returncode == 0, started.stderr[-1000:]
    worker = prefect("worker", "start", "--pool", "flopwatch-local", "--run-once",
                     timeout=300)
    assert worker.returncode == 0, worker.stderr[-2000:]
    with duckdb.connect(str(env / "wh.duckdb"), read_only=True) as con:
        assert con.execute("select count(*) from papers where status = 'ok'").fetchone() == (8,)
        run = con.execute("select status, flow_run_id from ingest_runs").fetchone()
    assert run[0] == "completed"
    with get_client(sync_client=True) as client:
        from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterFlowRunId

        artifacts = client.read_artifacts(artifact_filter=ArtifactFilter(
            flow_run_id=ArtifactFilterFlowRunId(any_=[run[1]])))
    assert any(a.key == "ingest-summary" and "| 8 | 8 |" in (a.data or "") for a in artifacts)

    # The backfill deployment takes `from` and `to` as its parameters' names.
    started = prefect("deployment", "run", "backfill/backfill", "-p", "date_from=2015-01-01",
                      "-p", "date_to=2016-12-31", "-p", "chunk_days=365", "-p",
                      'categories=["cs.CV", "cs.LG"]')
    assert started.returncode == 0, started.stderr[-1000:]
    worker = prefect("worker", "start", "--pool", "flopwatch-local", "--run-once",
                     timeout=300)
    assert worker.returncode == 0, worker.stderr[-2000:]
    with duckdb.connect(str(env / "wh.duckdb"), read_only=True) as con:
        chunks = con.execute("select window_from::date::varchar, status, new from ingest_runs "
                             "where kind = 'backfill' order by window_from").fetchall()
    assert chunks == [("2015-01-01", "completed", 0), ("2016-01-01", "completed", 0),
                      ("2016-12-31", "completed", 0)]      # 2016 has 366 days
