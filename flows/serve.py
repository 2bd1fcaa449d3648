"""`flopwatch serve`: the schedules of prefect.yaml in one process, without a server.

The deployments are read from prefect.yaml itself, so `serve` and `prefect deploy --all`
cannot disagree about names, schedules or parameters.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from prefect import Flow
from prefect.schedules import Cron

from flopwatch.flows.backfill import backfill
from flopwatch.flows.export import weekly_export
from flopwatch.flows.ingest import nightly_ingest

PREFECT_YAML = Path(__file__).resolve().parents[1] / "prefect.yaml"
FLOWS: dict[str, Flow[..., Any]] = {"flows/ingest.py:nightly_ingest": nightly_ingest,
         "flows/export.py:weekly_export": weekly_export,
         "flows/backfill.py:backfill": backfill}


def deployment_specs(path: Path = PREFECT_YAML) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as fh:
        return yaml.safe_load(fh)["deployments"]


def runner_deployments(path: Path = PREFECT_YAML) -> list[Any]:
    """One RunnerDeployment per prefect.yaml deployment, with its cron schedule."""
    out = []
    for spec in deployment_specs(path):
        flow = FLOWS[spec["entrypoint"]]
        schedules = [Cron(s["cron"], timezone=s.get("timezone", "UTC"))
                     for s in spec.get("schedules") or [] if s.get("cron")]
        out.append(flow.to_deployment(
            name=spec["name"], description=spec.get("description"),
            parameters=spec.get("parameters") or {}, schedules=schedules or None))
    return out


def serve_all() -> None:
    from prefect import serve

    serve(*runner_deployments())
