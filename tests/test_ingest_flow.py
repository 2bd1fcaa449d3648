"""The nightly_ingest flow end to end, against the local arXiv-compatible server."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import duckdb
import pytest

from flopwatch.cli import main
from flopwatch.demo.sample import render_pdf, sample_papers
from tests.faulty_arxiv import Fault, FaultyArxiv
from tests.task_runs import task_runs_by_name

pytestmark = pytest.mark.usefixtures("prefect_harness")

WINDOW = ["--from", "2014-01-01", "--to", "2024-12-31"]
IN_DEFAULT_CATEGORIES = 8


def table_counts(db: Path) -> dict[str, int]:
    """Rows in every table of the warehouse."""
    with duckdb.connect(str(db), read_only=True) as con:
        tables = [t for (t,) in con.execute(
            "select table_name from information_schema.tables where table_type = 'BASE TABLE'"
        ).fetchall()]
        return {t: con.execute(f'select count(*) from "{t}"').fetchone()[0] for t in tables}


def papers(db: Path) -> dict[str, tuple]:
    with duckdb.connect(str(db), read_only=True) as con:
        rows = con.execute("select arxiv_id, version, status, error, pdf_sha256, pages "
                           "from papers").fetchall()
    return {r[0]: r[1:] for r in rows}


def last_run(db: Path) -> dict:
    with duckdb.connect(str(db), read_only=True) as con:
        cur = con.execute("select * from ingest_runs order by started_at desc limit 1")
        cols = [d[0] for d in cur.description]
        return dict(zip(cols, cur.fetchone(), strict=True))


def pdf_requests(server: FaultyArxiv) -> list[str]:
    return [r for r in server.requests if r.startswith("/pdf/")]


def test_paged_listing_loads_every_paper_and_rerun_adds_nothing(env: Path,
                                                                arxiv_server: FaultyArxiv,
                                                                capsys: pytest.CaptureFixture):
    assert main(["ingest", *WINDOW]) == 0
    db = env / "wh.duckdb"
    loaded = papers(db)
    assert len(loaded) == IN_DEFAULT_CATEGORIES          # the q-bio paper is filtered out
    assert "2406.90007" not in loaded
    assert all(status == "ok" and pages >= 1 and len(sha) == 64
               for _v, status, _e, sha, pages in loaded.values())
    queries = [r for r in arxiv_server.requests if r.startswith("/api/query")]
    assert len(queries) == 4                             # page size 2, eight papers
    run = last_run(db)
    assert (run["status"], run["found"], run["new"], run["failed"]) == ("completed", 8, 8, 0)

    before = table_counts(db)
    assert before["papers"] == 8 and before["ingest_runs"] == 1
    arxiv_server.requests.clear()
    assert main(["ingest", *WINDOW]) == 0
    assert table_counts(db) == before
    assert pdf_requests(arxiv_server) == []              # unchanged papers are not fetched
    run = last_run(db)
    assert (run["found"], run["new"], run["unchanged"], run["attempts"]) == (8, 0, 8, 2)

    capsys.readouterr()
    assert main(["sql", "select count(*) as n from papers"]) == 0
    assert capsys.readouterr().out.splitlines()[2].strip() == "8"


def test_new_version_is_downloaded_and_replaces_the_old(env: Path, arxiv_server: FaultyArxiv):
    assert main(["ingest", *WINDOW]) == 0
    db = env / "wh.duckdb"
    old = papers(db)["1709.90002"]
    paper = next(p for p in sample_papers() if p["arxiv_id"] == "1709.90002")
    revised = dict(paper, version=2, abstract=paper["abstract"] + " Revised.")
    entry = next(e for e in arxiv_server.entries if e.arxiv_id == "1709.90002")
    arxiv_server.add(replace(entry, version=2, updated=entry.updated + timedelta(days=30),
                             pdf=render_pdf(revised)))
    arxiv_server.requests.clear()
    assert main(["ingest", *WINDOW]) == 0
    new = papers(db)["1709.90002"]
    assert new[0] == 2 and new[1] == "ok" and new[3] != old[3]
    assert pdf_requests(arxiv_server) == ["/pdf/1709.90002v2"]
    assert (env / "cache" / "1709" / "1709.90002v2.pdf").is_file()
    assert table_counts(db)["papers"] == IN_DEFAULT_CATEGORIES
    assert last_run(db)["updated"] == 1


@pytest.mark.parametrize("fault", [Fault("query", 503, times=2), Fault("query", "empty"),
                                   Fault("query", "malformed"),
                                   Fault("query", 429, headers={"Retry-After": "0"})])
def test_api_faults_are_retried(env: Path, arxiv_server: FaultyArxiv, fault: Fault):
    arxiv_server.inject(fault)
    assert main(["ingest", *WINDOW]) == 0
    assert fault.times == 0                              # the fault really was served
    assert len(papers(env / "wh.duckdb")) == IN_DEFAULT_CATEGORIES


def test_bad_pdfs_fail_alone_and_are_retried_next_run(env: Path, arxiv_server: FaultyArxiv,
                                                      capsys: pytest.CaptureFixture):
    arxiv_server.inject(Fault("pdf", "truncated", times=5, target="1506.90001"))
    arxiv_server.inject(Fault("pdf", "html", times=5, target="2003.90004"))
    assert main(["ingest", *WINDOW]) == 0
    db = env / "wh.duckdb"
    loaded = papers(db)
    assert loaded["1506.90001"][1] == "failed" and "truncated" in loaded["1506.90001"][2]
    assert loaded["2003.90004"][1] == "failed" and "not a PDF" in loaded["2003.90004"][2]
    assert sum(1 for v in loaded.values() if v[1] == "ok") == IN_DEFAULT_CATEGORIES - 2
    # the two that failed are failed, not new as well: the counts add up to those found
    run = last_run(db)
    assert (run["found"], run["new"], run["failed"]) == (8, IN_DEFAULT_CATEGORIES - 2, 2)
    assert "failed 1506.90001v1 at download" in capsys.readouterr().out
    cached = sorted(p.name for p in (env / "cache").rglob("*") if p.is_file())
    assert not any(name.startswith(".part-") for name in cached)   # no half-written files
    assert "1506.90001v1.pdf" not in cached

    for f in arxiv_server.faults:
        f.times = 0
    assert main(["ingest", *WINDOW]) == 0
    loaded = papers(db)
    assert all(v[1] == "ok" for v in loaded.values())
    run = last_run(db)
    assert (run["retried"], run["failed"], run["unchanged"]) == (2, 0, 6)
    counts = table_counts(db)
    assert (counts["papers"], counts["ingest_failures"], counts["ingest_runs"]) == (8, 2, 1)


def test_old_style_id_is_cached_inside_the_cache(env: Path, arxiv_server: FaultyArxiv):
    entry = arxiv_server.entries[0]
    arxiv_server.add(replace(entry, arxiv_id="hep-th/9901001", categories=["cs.LG"]))
    assert main(["ingest", *WINDOW]) == 0
    assert papers(env / "wh.duckdb")["hep-th/9901001"][1] == "ok"
    files = [p for p in (env / "cache").rglob("*.pdf")]
    assert env / "cache" / "hep-th_9901" / "hep-th_9901001v1.pdf" in files
    assert all((env / "cache") in p.parents for p in files)


def test_nightly_run_without_dates_continues_from_the_last_window(env: Path,
                                                                  arxiv_server: FaultyArxiv):
    assert main(["ingest", "--from", "2014-01-01"]) == 0      # up to now
    first = last_run(env / "wh.duckdb")
    assert main(["ingest"]) == 0
    second = last_run(env / "wh.duckdb")
    assert second["window_from"] == first["window_to"] - timedelta(days=3)
    assert second["found"] == 0 and table_counts(env / "wh.duckdb")["papers"] == 8


def test_run_publishes_its_summary_and_a_table_of_failures(env: Path,
                                                          arxiv_server: FaultyArxiv):
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterFlowRunId

    arxiv_server.inject(Fault("pdf", "html", target="1709.90002"))
    assert main(["ingest", *WINDOW]) == 0
    db = env / "wh.duckdb"
    flow_run_id = last_run(db)["flow_run_id"]
    with duckdb.connect(str(db), read_only=True) as con:
        hardware = con.execute("select count(*) from paper_hardware").fetchone()[0]
        fits = con.execute("select benchmark, n from trend_fits where source = 'extracted' "
                           "order by all").fetchall()
    with get_client(sync_client=True) as client:
        arts = {a.key: a for a in client.read_artifacts(artifact_filter=ArtifactFilter(
            flow_run_id=ArtifactFilterFlowRunId(any_=[flow_run_id])))}
    summary = arts["ingest-summary"].data
    # found 8: 7 new and 1 failed (the failed one is not counted new as well)
    assert f"| {IN_DEFAULT_CATEGORIES} | {IN_DEFAULT_CATEGORIES - 1} | 0 | 0 | 0 | 1 |" in summary
    facts = summary.split("## New facts by kind")[1].splitlines()
    assert facts[2].startswith("| hardware | training_time |")
    assert facts[4].split("|")[1].strip() == str(hardware) and hardware > 0
    changed = summary.split("## Trend fits this run changed")[1]
    assert fits and all(f"| {b} |" in changed and f"(no fit) | {n} /" in changed
                        for b, n in fits)
    assert "1709.90002" in summary and "not a PDF" in summary
    failures = json.loads(arts["ingest-failures"].data)
    assert [(f["arxiv_id"], f["step"]) for f in failures] == [("1709.90002", "download")]


def test_demo_main_job_runs_offline(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                    capsys: pytest.CaptureFixture):
    for var in ("FLOPWATCH_DB", "FLOPWATCH_CACHE_DIR", "FLOPWATCH_ARXIV_API_URL"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.chdir(tmp_path)
    assert main(["demo"]) == 0
    out = capsys.readouterr().out
    assert "papers: 8, ok 8" in out
    # why 9 served give 8 found, said before the run
    assert "9 sample papers served" in out.splitlines()[0]
    assert "8 in the categories a nightly run reads" in out.splitlines()[0]
    # the hints name commands that work from here (the test runs without .venv/bin on PATH
    # only if it is not there; either way the line must be runnable)
    hint = next(line for line in out.splitlines() if "-readonly" in line).split()[0]
    assert hint == "duckdb" or Path(hint).exists()
    assert papers(tmp_path / "flopwatch.duckdb").keys() >= {"1506.90001", "2311.90006"}


def test_demo_on_another_warehouse_shows_commands_for_it(tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch,
                                                         capsys: pytest.CaptureFixture):
    import shlex

    for var in ("FLOPWATCH_DB", "FLOPWATCH_CACHE_DIR", "FLOPWATCH_ARXIV_API_URL"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.chdir(tmp_path)
    db = tmp_path / "my place" / "w.duckdb"
    assert main(["demo", "--db", str(db)]) == 0
    out = capsys.readouterr().out
    hints = [shlex.split(line) for line in out.splitlines() if " sql " in line]
    assert hints and all(h[-2:] == ["--db", str(db)] for h in hints)
    monkeypatch.delenv("FLOPWATCH_DB", raising=False)   # (demo set it for its own run)
    assert main(hints[0][1:]) == 0                       # runs as shown, from here
    assert "(8 rows)" in capsys.readouterr().out
    assert not (tmp_path / "flopwatch.duckdb").exists()


def test_ingested_facts_are_queryable_with_quotes(env: Path, capsys: pytest.CaptureFixture):
    assert main(["ingest", *WINDOW]) == 0
    capsys.readouterr()
    assert main(["sql", "select accelerator, count, role, page, quote from paper_hardware "
                        "where arxiv_id = '1709.90002'", "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [(r["accelerator"], r["count"], r["role"], r["page"]) for r in rows] == [
        ("NVIDIA P100", 8, "training", 1)]
    assert "8 NVIDIA P100 GPUs" in rows[0]["quote"]
    with duckdb.connect(str(env / "wh.duckdb"), read_only=True) as con:
        results = con.execute("select benchmark, metric, value from paper_results "
                              "where arxiv_id = '1709.90002' order by benchmark").fetchall()
        mentions = con.execute("select count(*) from mentions m join extractions e "
                               "using (arxiv_id, extractor_version)").fetchone()[0]
    assert results == [("WMT2014 En-De", "BLEU", 28.6), ("WMT2014 En-Fr", "BLEU", 41.0)]
    assert mentions > 20


def test_reextract_uses_the_cache_and_replaces_facts(env: Path, arxiv_server: FaultyArxiv,
                                                    capsys: pytest.CaptureFixture):
    assert main(["ingest", *WINDOW]) == 0
    db = env / "wh.duckdb"

    def snapshot() -> list[tuple]:
        with duckdb.connect(str(db), read_only=True) as con:
            return con.execute("select * exclude (extracted_at) from extractions "
                               "order by arxiv_id").fetchall() + con.execute(
                "select * from paper_hardware order by all").fetchall()

    before = snapshot()
    arxiv_server.requests.clear()
    capsys.readouterr()
    assert main(["reextract"]) == 0
    assert "reextracted 0, already current 8" in capsys.readouterr().out
    # with nothing to do it decides so before Prefect's server starts
    import os
    import subprocess
    import sys

    child_env = {k: v for k, v in os.environ.items() if k != "PREFECT_API_URL"}
    proc = subprocess.run([str(Path(sys.executable).with_name("flopwatch")), "reextract"],
                          env=child_env, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0 and proc.stdout == (
        "reextracted 0, already current 8, missing PDF 0, failed 0\n")
    assert "temporary server" not in proc.stderr, proc.stderr
    next(iter((env / "cache").rglob("2003.90004v1.pdf"))).unlink()
    assert main(["reextract", "--all"]) == 0
    assert "reextracted 7, already current 0, missing PDF 1" in capsys.readouterr().out
    assert arxiv_server.requests == []                  # nothing downloaded
    assert snapshot() == before                         # same rules, same facts, no duplicates


def test_unreadable_feed_entries_are_reported(env: Path, arxiv_server: FaultyArxiv,
                                             capsys: pytest.CaptureFixture):
    arxiv_server.inject(Fault("query", "missing"))
    assert main(["ingest", *WINDOW]) == 0
    assert "failed (feed) at discover: 1 entries without an id or dates" in \
        capsys.readouterr().out
    assert last_run(env / "wh.duckdb")["unreadable"] == 1


def test_summary_markdown_escapes_what_servers_said():
    from datetime import UTC, datetime

    from flopwatch.flows.run_report import RunReport, Window, summary_markdown

    report = RunReport("r1", Window(datetime(2024, 1, 1, tzinfo=UTC),
                                    datetime(2024, 1, 2, tzinfo=UTC)), ["cs.LG"])
    report.failures.append({"arxiv_id": "2401.00001", "version": 1, "step": "download",
                            "error": "not a PDF (starts with '<script>alert(1)</script>|x')"})
    text = summary_markdown("flopwatch ingest r1: completed", [report], [])
    assert "<script>" not in text and "&lt;script&gt;" in text and "\\|x" in text


def test_an_unreachable_api_fails_at_once_with_one_run_row(env: Path,
                                                           monkeypatch: pytest.MonkeyPatch,
                                                           capsys: pytest.CaptureFixture):
    # nothing listens on the discard port; four retries with a 5 s backoff would take 75 s
    monkeypatch.setenv("FLOPWATCH_ARXIV_API_URL", "http://127.0.0.1:9/api/query")
    monkeypatch.setenv("FLOPWATCH_HTTP_RETRIES", "4")
    monkeypatch.setenv("FLOPWATCH_HTTP_BACKOFF", "5")
    assert main(["ingest", *WINDOW]) == 1
    err = capsys.readouterr().err.strip().splitlines()[-1]
    assert err == ("flopwatch: ingest failed: arXiv API failed: cannot connect to "
                   "http://127.0.0.1:9/api/query (Connection refused)")
    db = env / "wh.duckdb"
    with duckdb.connect(str(db), read_only=True) as con:
        runs = con.execute("select status, error from ingest_runs").fetchall()
    assert runs == [("failed", err.removeprefix("flopwatch: ingest failed: "))]
    assert main(["status", "--wide"]) == 0
    assert "Connection refused" in capsys.readouterr().out


@pytest.mark.parametrize("batch", [1, 3])
def test_parses_go_to_workers_in_batches(env: Path, arxiv_server: FaultyArxiv,
                                         monkeypatch: pytest.MonkeyPatch, batch: int):
    import math
    import os

    monkeypatch.setenv("FLOPWATCH_PARSE_BATCH", str(batch))
    assert main(["ingest", *WINDOW]) == 0
    db = env / "wh.duckdb"
    assert all(status == "ok" for _v, status, *_ in papers(db).values())
    # at most `batch` papers a task, and at least two tasks per core
    size = max(1, min(batch, math.ceil(IN_DEFAULT_CATEGORIES / (2 * (os.cpu_count() or 1)))))
    parses = math.ceil(IN_DEFAULT_CATEGORIES / size)
    runs = task_runs_by_name(last_run(db)["flow_run_id"], IN_DEFAULT_CATEGORIES + parses + 2)
    assert runs["parse"] == parses and runs["download"] == IN_DEFAULT_CATEGORIES
    assert runs["discover"] == 1 and 1 <= runs["load"] <= parses   # loads as batches finish


def test_a_slow_paper_holds_back_the_loading_of_no_other(env: Path, arxiv_server: FaultyArxiv,
                                                         monkeypatch: pytest.MonkeyPatch):
    from flopwatch.flows.settings import DEFAULT_CATEGORIES
    from tests.test_faults import _text_heavy

    # listed first (arXiv lists the newest first), parsed for about 3 s; the others take
    # a tenth of that
    first = max((e for e in arxiv_server.entries if set(e.categories) & set(DEFAULT_CATEGORIES)),
                key=lambda e: e.published)
    arxiv_server.entries[arxiv_server.entries.index(first)] = replace(
        first, pdf=_text_heavy(120))
    monkeypatch.setenv("FLOPWATCH_PARSE_BATCH", "1")
    assert main(["ingest", *WINDOW]) == 0
    with duckdb.connect(str(env / "wh.duckdb"), read_only=True) as con:
        loaded = dict(con.execute("select arxiv_id, loaded_at from papers "
                                  "where status = 'ok'").fetchall())
    assert len(loaded) == IN_DEFAULT_CATEGORIES
    slow = loaded.pop(first.arxiv_id)
    assert min(loaded.values()) < slow              # others went in before it was done


def test_a_run_logs_a_line_per_stage_and_each_task_with_v(env: Path):
    import os
    import subprocess
    import sys

    script = Path(sys.executable).with_name("flopwatch")
    child_env = {k: v for k, v in os.environ.items() if k != "PREFECT_API_URL"}

    def logged(name: str, *argv: str) -> str:
        # each run on a warehouse and cache of its own: both have all 8 papers to fetch
        run_env = {**child_env, "FLOPWATCH_DB": str(env / f"{name}.duckdb"),
                   "FLOPWATCH_CACHE_DIR": str(env / f"{name}-cache")}
        proc = subprocess.run([str(script), "ingest", *argv, *WINDOW], env=run_env,
                              capture_output=True, text=True, timeout=300)
        assert proc.returncode == 0, proc.stderr[-2000:]
        return proc.stdout + proc.stderr

    quiet = logged("quiet")
    assert "Task run" not in quiet and "found 8, new 8" in quiet
    assert len(quiet.splitlines()) < 12, quiet
    verbose = logged("verbose", "-v")
    assert verbose.count("Task run 'download") >= 8, verbose
