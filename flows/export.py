"""The weekly export flow: every table and view, with datapackage.json, into one folder."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from prefect import flow, get_run_logger
from prefect.states import Failed, State

from flopwatch.flows.settings import Settings
from flopwatch.warehouse.db import WarehouseError, exporter
from flopwatch.warehouse.export import export


@flow(name="weekly_export")
def weekly_export(folder: str = "exports/latest", fmt: str = "parquet") -> dict[str, Any] | State:
    """Export the warehouse for analysts; an unchanged warehouse gives identical files."""
    logger = get_run_logger()
    try:
        with exporter(Settings.from_env().db_path) as con:
            package = export(con, Path(folder), fmt)
    except (WarehouseError, OSError, ValueError) as err:
        logger.error("export failed: %s", err)
        return Failed(message=str(err))
    rows = sum(r["rows"] for r in package["resources"])
    logger.info("exported %d tables and views (%d rows) to %s", len(package["resources"]),
                rows, folder)
    return {"folder": folder, "resources": len(package["resources"]), "rows": rows}
