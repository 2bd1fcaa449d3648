"""What a warehouse holds, comparable across runs: no times, run ids or row order."""

from __future__ import annotations

from pathlib import Path

import duckdb

_QUERIES = {
    "papers": "select arxiv_id, version, status, error, pdf_sha256, pages, text_chars "
              "from papers",
    "hardware": "select * exclude (quote) from paper_hardware",
    "training_time": "select * exclude (quote) from paper_training_time",
    "device_time": "select * exclude (quote) from paper_device_time",
    "compute": "select * exclude (quote) from paper_compute",
    "parameters": "select * exclude (quote) from paper_parameters",
    "results": "select * exclude (quote) from paper_results",
    "mentions": "select arxiv_id, field, page, start_char, end_char, rule from mentions",
    "extractions": "select arxiv_id, version, extractor_version, mention_count "
                   "from extractions",
}


def warehouse_snapshot(db: Path) -> dict[str, list[tuple]]:
    with duckdb.connect(str(db), read_only=True) as con:
        return {k: sorted(con.execute(q).fetchall(), key=repr) for k, q in _QUERIES.items()}
