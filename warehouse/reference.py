"""Reference data: the accelerator catalog, and published per-paper datasets to compare with.

thompson2022 is the dataset of "The Computational Limits of Deep Learning" (2022 update):
one CSV per benchmark with four header rows, the first of which has flat column names.
epoch is Epoch AI's Notable AI Models, read by warehouse/epoch.py.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb

from flopwatch.extractors.data import accelerator_catalog, benchmark_registry, plausibility_checks
from flopwatch.warehouse.db import WarehouseError, insert_rows, read_csv_rows, transaction


@dataclass(frozen=True)
class ReferenceFile:
    file: str
    benchmark: str
    metrics: dict[str, str]      # CSV column -> metric name


THOMPSON2022 = (
    ReferenceFile("image-classification-on-imagenet.csv", "ImageNet",
                  {"(TOP 1 score)": "top-1 accuracy", "(TOP 5 score)": "top-5 accuracy"}),
    ReferenceFile("object-detection-on-coco.csv", "COCO", {"(BOX AP)": "AP", "(AP50)": "AP50"}),
    ReferenceFile("question-answering-on-squad-1-1.csv", "SQuAD 1.1",
                  {"(EM score)": "EM", "(F1 score)": "F1"}),
    ReferenceFile("named-entity-recognition-on-conll-2003.csv", "CoNLL-2003",
                  {"(F1 score)": "F1"}),
    ReferenceFile("machine-translation-on-wmt2014-en-de.csv", "WMT2014 En-De",
                  {"(BLEU)": "BLEU"}),
    ReferenceFile("machine-translation-on-wmt2014-en-fr.csv", "WMT2014 En-Fr",
                  {"(BLEU)": "BLEU"}),
)
# Each reference dataset by name: thompson2022's per-benchmark files, and Epoch AI's one
# record of notable models (warehouse/epoch.py).
SOURCES = ("thompson2022", "epoch")
# Where each reference dataset comes from and under what licence: an export that carries
# its rows says so (datapackage.json's sources and licenses).
PROVENANCE = {
    "thompson2022": {
        "source": {"title": "Thompson, Greenewald, Lee, Manso: The Computational Limits of "
                            "Deep Learning (per-model dataset of the 2022 update)",
                   "path": "https://arxiv.org/abs/2007.05558"},
        "license": {"name": "GPL-3.0", "title": "GNU General Public License v3.0",
                    "path": "https://www.gnu.org/licenses/gpl-3.0.html"},
    },
    "epoch": {
        "source": {"title": "Epoch AI, 'Parameter, Compute and Data Trends in Machine "
                            "Learning': Data on Notable AI Models",
                   "path": "https://epoch.ai/data/notable-ai-models"},
        "license": {"name": "CC-BY-4.0", "title": "Creative Commons Attribution 4.0",
                    "path": "https://creativecommons.org/licenses/by/4.0/"},
    },
}
# The credit a table or figure showing a dataset's rows carries.
CREDITS = {"thompson2022": "Data: Thompson, Greenewald, Lee, Manso (2022), GPL-3.0",
           "epoch": "Data: Epoch AI, Notable AI Models, CC BY 4.0"}
HEADER_ROWS = 4
# New-style ids (1706.03762) and old-style ones (cs/0101001), in an abs or pdf URL or
# written as "arXiv:1706.03762"; the version is not part of the id.
_ARXIV = re.compile(r"(?:arxiv\.org/(?:abs|pdf)/|arxiv:\s*)"
                    r"(\d{4}\.\d{4,5}|[a-z\-]+(?:\.[A-Z]{2})?/\d{7})(?:v\d+)?", re.I)


def arxiv_id(*texts: str) -> str | None:
    """The first arXiv id in the texts (the link first, then the notes)."""
    for text in texts:
        if m := _ARXIV.search(text or ""):
            return m.group(1)
    return None


def _number(text: str) -> float | None:
    t = (text or "").strip().replace(",", "")
    if not t:
        return None
    try:
        return float(t)
    except ValueError:
        return None


def _text(text: str) -> str | None:
    t = (text or "").strip()
    return t or None


def read_reference_csv(path: Path, spec: ReferenceFile) -> tuple[list[list[Any]], list[list[Any]]]:
    """(model rows, score rows) of one file; a file of the wrong shape raises WarehouseError."""
    rows = read_csv_rows(path, WarehouseError)
    if len(rows) <= HEADER_ROWS:
        raise WarehouseError(f"{path}: expected {HEADER_ROWS} header rows and data, "
                             f"found {len(rows)} rows")
    columns = [c.strip() for c in rows[0]]
    needed = {"name", "year", "flops", "multiadds", "network_operations", "hardware_burden",
              *spec.metrics}
    missing = sorted(needed - set(columns))
    if missing:
        raise WarehouseError(f"{path}: missing columns {', '.join(missing)}")
    index = {c: i for i, c in enumerate(columns)}

    def get(row: list[str], name: str) -> str:
        i = index.get(name)
        return row[i] if i is not None and i < len(row) else ""

    models, scores = [], []
    for number, row in enumerate(rows[HEADER_ROWS:], start=1):
        name = _text(get(row, "name"))
        if not name:
            continue
        link = get(row, "paper_link")
        arxiv = arxiv_id(link)
        year = _number(get(row, "year"))
        models.append([
            spec.benchmark, number, name, int(year) if year else None, _text(get(row, "title")),
            _text(link), arxiv, _number(get(row, "parameters")),
            _number(get(row, "flops")), _number(get(row, "multiadds")),
            _number(get(row, "network_operations")), _number(get(row, "hardware_burden")),
            _number(get(row, "training_time_total_sec")), _text(get(row, "training_gpu_model")),
            _number(get(row, "training_gpu_amount")), _text(get(row, "training_tpu_model")),
            _number(get(row, "training_tpu_amount")),
        ])
        for column, metric in spec.metrics.items():
            value = _number(get(row, column))
            if value is not None:
                scores.append([spec.benchmark, number, metric, value])
    return models, scores


def import_reference(con: duckdb.DuckDBPyConnection, source: str, folder: Path) -> str:
    """Replace one source's reference rows with the files in `folder`, all or nothing;
    returns what was loaded, as a line for the user."""
    if source not in SOURCES:
        raise WarehouseError(f"unknown reference source {source!r}; known: "
                             f"{', '.join(sorted(SOURCES))}")
    if not folder.is_dir():
        raise WarehouseError(f"no such folder: {folder}")
    if source == "epoch":
        from flopwatch.warehouse.epoch import import_epoch

        return import_epoch(con, folder).summary()
    parsed = {spec.benchmark: read_reference_csv(folder / spec.file, spec)
              for spec in THOMPSON2022}
    counts = {}
    with transaction(con):
        con.execute("delete from reference_scores where source = ?", [source])
        con.execute("delete from reference_models where source = ?", [source])
        for benchmark, (models, scores) in parsed.items():
            insert_rows(con, "insert into reference_models values",
                        [[source, *m] for m in models],
                        row_sql=f"({', '.join('?' * 18)}, now())")
            insert_rows(con, "insert into reference_scores values",
                        [[source, *s] for s in scores])
            counts[benchmark] = len(models)
    return f"imported {source}: " + ", ".join(f"{b} {n}" for b, n in counts.items())


def held_sources(con: duckdb.DuckDBPyConnection) -> list[str]:
    """The reference datasets the warehouse holds rows of (their credit goes with them)."""
    return [r[0] for r in con.execute(
        "select source from reference_models union "
        "select source from reference_notable_models order by 1").fetchall()]


def _reseed(con: duckdb.DuckDBPyConnection, table: str, version_column: str, version: str,
            rows: list[list[Any]]) -> bool:
    """Replace a table seeded from a data file when the file's version differs; True if it
    did."""
    have = con.execute(f"select distinct {version_column} from {table}").fetchall()
    if have == [(version,)]:
        return False
    with transaction(con):
        con.execute(f"delete from {table}")
        insert_rows(con, f"insert into {table} values", rows)
    return True


def sync_checks(con: duckdb.DuckDBPyConnection) -> bool:
    """Load the checks file into `plausibility_checks` when its version differs."""
    data = plausibility_checks()
    return _reseed(con, "plausibility_checks", "checks_version", data["version"], [
        [c["name"], c["field"], c["description"],
         json.dumps({k: v for k, v in c.items() if k not in {"name", "field", "description"}}),
         data["version"]] for c in data["checks"]])


def sync_catalog(con: duckdb.DuckDBPyConnection) -> bool:
    """Load the catalog file into `accelerators` when its version differs; True if it did."""
    catalog = accelerator_catalog()
    return _reseed(con, "accelerators", "catalog_version", catalog["version"], [
        [a["canonical"], a["vendor"], a["kind"], a["released"], a["fp32_tflops"],
         a["tensor_tflops"], a["tdp_watts"], a["unit"], a["aliases"], a["note"],
         catalog["version"]] for a in catalog["accelerators"]])


def sync_benchmarks(con: duckdb.DuckDBPyConnection) -> bool:
    """Load the benchmark registry into `benchmarks` and its metrics into `metrics` when its
    version differs."""
    data = benchmark_registry()
    lower = {m["name"] for m in data["metrics"] if m["lower_is_better"]}
    names = sorted({m for b in data["benchmarks"] for m in b["metrics"]} | lower)
    benchmarks = _reseed(con, "benchmarks", "registry_version", data["version"], [
        [b["name"], b["spellings"], b["trend_metric"], b["y_scale"], b["training_set"],
         b["training_examples"], b["examples_unit"], data["version"]]
        for b in data["benchmarks"]])
    metrics = _reseed(con, "metrics", "registry_version", data["version"],
                      [[m, m in lower, data["version"]] for m in names])
    return benchmarks or metrics
