"""The command line without Prefect: read-only SQL, output formats, one-line errors."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from flopwatch.cli import main
from flopwatch.warehouse import load
from flopwatch.warehouse.db import writer
from tests.test_warehouse_db import paper_row


@pytest.fixture
def warehouse(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    db = tmp_path / "w.duckdb"
    monkeypatch.setenv("FLOPWATCH_DB", str(db))
    with writer(db) as con:
        load.upsert_paper(con, paper_row("1706.03762", title="Attention, \"all\" you need"))
        load.upsert_paper(con, paper_row("hep-th/9901001", status="failed", error="HTTP 404"))
    return db


def run(capsys: pytest.CaptureFixture, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_sql_formats(warehouse: Path, capsys: pytest.CaptureFixture):
    q = "select arxiv_id, title, authors from papers order by arxiv_id"
    code, out, _ = run(capsys, "sql", q, "--format", "csv")
    assert code == 0
    rows = list(csv.reader(io.StringIO(out)))
    assert rows == [["arxiv_id", "title", "authors"],
                    ["1706.03762", 'Attention, "all" you need', '["A","B"]'],
                    ["hep-th/9901001", "Attention", '["A","B"]']]
    code, out, _ = run(capsys, "sql", q, "--format", "json")
    assert json.loads(out)[1] == {"arxiv_id": "hep-th/9901001", "title": "Attention",
                                  "authors": ["A", "B"]}
    code, out, _ = run(capsys, "sql", q)
    lines = out.splitlines()
    assert lines[0].split() == ["arxiv_id", "title", "authors"]
    assert lines[2].split()[:2] == ["1706.03762", "Attention,"] and lines[-1] == "(2 rows)"


@pytest.mark.parametrize("query", ["delete from papers", "drop table papers",
                                   "copy papers to 'x.csv'", "attach 'other.duckdb'"])
def test_sql_cannot_change_anything(warehouse: Path, capsys: pytest.CaptureFixture, query: str):
    code, _out, err = run(capsys, "sql", query)
    assert code == 1 and err.startswith("flopwatch: query failed:") and err.count("\n") == 1
    assert run(capsys, "sql", "select count(*) from papers", "--format", "csv")[1] == \
        "count_star()\n2\n"


def test_status(warehouse: Path, capsys: pytest.CaptureFixture):
    code, out, _ = run(capsys, "status")
    assert code == 0 and "papers: 2, failed 1, ok 1" in out


def test_sql_without_warehouse(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                               capsys: pytest.CaptureFixture):
    monkeypatch.setenv("FLOPWATCH_DB", str(tmp_path / "none.duckdb"))
    code, _, err = run(capsys, "sql", "select 1")
    assert code == 1 and "no warehouse at" in err
    assert not (tmp_path / "none.duckdb").exists()


@pytest.mark.parametrize("argv, message", [
    (["ingest", "--from", "2024-13-01"], "--from '2024-13-01' is not a date"),
    (["ingest", "--from", "2024-02-01", "--to", "2024-01-01"], "starts (2024-02-01) after"),
    (["ingest", "--from", "2024-01-01", "--to", "2099-01-01"], "--to 2099-01-01 is in the future"),
])
def test_ingest_bad_arguments_are_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                           argv: list[str], message: str):
    monkeypatch.setenv("FLOPWATCH_DB", str(tmp_path / "w.duckdb"))
    monkeypatch.setenv("FLOPWATCH_ARXIV_API_URL", "http://127.0.0.1:9/api/query")
    script = Path(sys.executable).with_name("flopwatch")
    proc = subprocess.run([str(script), *argv], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 1, proc.stderr
    assert message in proc.stderr and "Traceback" not in proc.stderr
    assert proc.stderr.strip().splitlines()[-1].startswith("flopwatch: ")


def test_bad_environment_value(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture,
                               tmp_path: Path):
    monkeypatch.setenv("FLOPWATCH_DB", str(tmp_path / "w.duckdb"))
    monkeypatch.setenv("FLOPWATCH_ARXIV_DELAY", "soon")
    code, _, err = run(capsys, "ingest")
    assert code == 1 and "FLOPWATCH_ARXIV_DELAY='soon' is not a number" in err


def test_a_duckdb_file_that_is_no_warehouse_is_refused_in_one_line(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture):
    import duckdb

    other = tmp_path / "other.duckdb"
    with duckdb.connect(str(other)) as con:
        con.execute("create table t as select 42 as answer")
    monkeypatch.setenv("FLOPWATCH_DB", str(other))
    for argv in (["status"], ["export", str(tmp_path / "out")],
                 ["report", str(tmp_path / "report")]):
        code, _, err = run(capsys, *argv)
        assert code == 1 and err.count("\n") == 1, (argv, err)
        assert f"{other} is a DuckDB file but no flopwatch warehouse" in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["other.duckdb"]
    # a query may read any DuckDB file
    assert run(capsys, "sql", "select answer from t", "--format", "csv")[1] == "answer\n42\n"


def test_a_failed_import_leaves_no_new_warehouse(tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch,
                                                 capsys: pytest.CaptureFixture):
    db = tmp_path / "w.duckdb"
    monkeypatch.setenv("FLOPWATCH_DB", str(db))
    (tmp_path / "epoch").mkdir()
    (tmp_path / "epoch" / "notable_ai_models.csv").write_text("Model,Link\nX,\n")
    code, _, err = run(capsys, "import-reference", "epoch", str(tmp_path / "epoch"))
    assert code == 1 and "missing columns" in err and err.count("\n") == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["epoch"]


def test_a_variable_only_ingest_uses_stops_only_ingest(warehouse: Path,
                                                        monkeypatch: pytest.MonkeyPatch,
                                                        capsys: pytest.CaptureFixture):
    monkeypatch.setenv("FLOPWATCH_ARXIV_DELAY", "abc")
    assert run(capsys, "status")[0] == 0
    assert run(capsys, "sql", "select count(*) as n from papers", "--format", "csv")[1] \
        == "n\n2\n"
    monkeypatch.setenv("FLOPWATCH_ARXIV_DELAY", "0")
    monkeypatch.setenv("FLOPWATCH_HTTP_TIMEOUT", "0")   # no request could ever finish
    code, _, err = run(capsys, "ingest")
    assert code == 1 and "FLOPWATCH_HTTP_TIMEOUT='0' must be more than 0" in err


@pytest.mark.parametrize("category", ["foo.BAR", "cs.lg", "cs LG"])
def test_a_category_arxiv_has_not_is_refused(category: str, tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch,
                                             capsys: pytest.CaptureFixture):
    monkeypatch.setenv("FLOPWATCH_DB", str(tmp_path / "w.duckdb"))
    with pytest.raises(SystemExit) as stop:
        main(["ingest", "--category", category])
    err = capsys.readouterr().err
    assert stop.value.code == 2 and f"{category!r} is no arXiv category" in err
    assert not (tmp_path / "w.duckdb").exists()


def test_unwritable_warehouse_path(monkeypatch: pytest.MonkeyPatch, tmp_path: Path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("FLOPWATCH_DB", str(blocker / "w.duckdb"))
    monkeypatch.setenv("FLOPWATCH_CACHE_DIR", str(tmp_path / "cache"))
    script = Path(sys.executable).with_name("flopwatch")
    proc = subprocess.run([str(script), "ingest", "--from", "2024-01-01"], capture_output=True,
                          text=True, timeout=120)
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    assert "cannot create the folder for warehouse" in proc.stderr


def test_compare_reference_needs_the_reference_imported(tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch,
                                                        capsys: pytest.CaptureFixture):
    from flopwatch.warehouse.db import writer

    monkeypatch.setenv("FLOPWATCH_DB", str(tmp_path / "w.duckdb"))
    assert main(["compare-reference", "thompson2022"]) == 1
    assert "no warehouse at" in capsys.readouterr().err
    with writer(tmp_path / "w.duckdb"):
        pass
    assert main(["compare-reference", "thompson2022"]) == 1
    err = capsys.readouterr().err
    assert "no thompson2022 rows" in err and "import-reference thompson2022" in err
    with pytest.raises(SystemExit):
        main(["compare-reference", "nosuchsource"])


def test_demo_serves_a_folder_of_pdfs_named_by_arxiv_id(tmp_path: Path):
    from flopwatch.demo.sample import entries_from_pdfs, render_pdf, sample_papers

    paper = sample_papers()[0]
    (tmp_path / "1801.04381.pdf").write_bytes(render_pdf(paper))
    (tmp_path / "alexnet_nips2012.pdf").write_bytes(render_pdf(paper))
    entries, skipped = entries_from_pdfs(tmp_path, "cs.LG")
    assert skipped == ["alexnet_nips2012.pdf"]
    (entry,) = entries
    assert (entry.arxiv_id, entry.version, entry.categories) == ("1801.04381", 1, ["cs.LG"])
    assert f"{entry.published:%Y-%m-%d}" == "2018-01-01"
    assert entry.pdf == (tmp_path / "1801.04381.pdf").read_bytes()


@pytest.mark.parametrize("make, message", [
    (lambda d: d / "missing", "not a folder"),
    (lambda d: d, "no PDF named by an arXiv id"),
])
def test_demo_pdfs_errors(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                          capsys: pytest.CaptureFixture, make, message: str):
    monkeypatch.setenv("FLOPWATCH_DB", str(tmp_path / "w.duckdb"))
    assert main(["demo", "--pdfs", str(make(tmp_path))]) == 1
    assert message in capsys.readouterr().err
    assert not (tmp_path / "w.duckdb").exists()


def test_version(capsys: pytest.CaptureFixture):
    from importlib.metadata import version

    with pytest.raises(SystemExit) as stop:
        main(["--version"])
    assert stop.value.code == 0
    assert capsys.readouterr().out.strip() == f"flopwatch {version('flopwatch')}"


@pytest.mark.parametrize("query, message", [
    ("", "the query is empty"),
    ("   ", "the query is empty"),
    ("select 1 as a; select 2 as b", "the query has 2 statements"),
])
def test_sql_asks_for_one_statement(warehouse: Path, capsys: pytest.CaptureFixture,
                                    query: str, message: str):
    code, out, err = run(capsys, "sql", query)
    assert (code, out) == (1, "") and message in err and "Traceback" not in err


def test_sql_timeout_stops_a_runaway_query(warehouse: Path, capsys: pytest.CaptureFixture):
    code, _, err = run(capsys, "sql", "select count(*) from range(100000000000)",
                       "--timeout", "0.5")
    assert code == 1 and "query stopped after 0.5 s (--timeout)" in err
    # the connection is fine afterwards: a next query answers
    assert run(capsys, "sql", "select 42 as answer")[1].splitlines()[2] == "    42"


def test_table_output_prints_text_as_it_is_and_numbers_right_aligned(
        warehouse: Path, capsys: pytest.CaptureFixture):
    out = run(capsys, "sql", "select 'a [bold]b[/bold]' as label, 7 as n union all "
              "select 'longer label', 1234 order by n")[1].splitlines()
    assert out[0].split() == ["label", "n"]
    assert out[2] == "a [bold]b[/bold]      7" and out[3] == "longer label       1234"
    assert out[-1] == "(2 rows)"


@pytest.mark.parametrize("argv, option", [
    (["status", "--runs", "-1"], "--runs: must be at least 0, not -1"),
    (["backfill", "--from", "2020-01-01", "--to", "2020-01-02", "--chunk-days", "0"],
     "--chunk-days: must be at least 1, not 0"),
    (["sql", "select 1", "--timeout", "0"], "--timeout: must be more than 0 seconds"),
    (["extract", "x.pdf", "--workers", "0"], "--workers: must be at least 1, not 0"),
    (["ingest", "--max-results", "0"], "--max-results: must be at least 1, not 0"),
])
def test_bad_numbers_name_their_option(capsys: pytest.CaptureFixture, argv: list[str],
                                       option: str):
    with pytest.raises(SystemExit) as stop:
        main(argv)
    assert stop.value.code == 2 and option in capsys.readouterr().err


def test_db_option_and_cell_width(warehouse: Path, tmp_path: Path,
                                  monkeypatch: pytest.MonkeyPatch,
                                  capsys: pytest.CaptureFixture):
    monkeypatch.setenv("FLOPWATCH_DB", str(tmp_path / "elsewhere.duckdb"))
    long = "select repeat('x', 100) as long"
    out = run(capsys, "sql", "--db", str(warehouse), long)[1]
    assert out.splitlines()[2] == "x" * 59 + "…"
    assert run(capsys, "sql", "--db", str(warehouse), long, "--max-width", "10"
               )[1].splitlines()[2] == "x" * 9 + "…"
    assert run(capsys, "sql", "--db", str(warehouse), long, "--wide")[1].splitlines()[2] == \
        "x" * 100
    assert json.loads(run(capsys, "sql", "--db", str(warehouse), long, "--format", "json")[1]
                      ) == [{"long": "x" * 100}]


def test_status_says_why_a_run_failed(warehouse: Path, capsys: pytest.CaptureFixture):
    from datetime import UTC, datetime

    with writer(warehouse) as con:
        load.start_run(con, "r1", None, datetime(2020, 1, 1, tzinfo=UTC),
                       datetime(2020, 1, 2, tzinfo=UTC), ["cs.LG"])
        load.finish_run(con, "r1", "failed", {}, "cannot connect to export.arxiv.org")
    out = run(capsys, "status", "--wide")[1]
    assert "error" in out and "cannot connect to export.arxiv.org" in out


def test_sql_help_lists_the_tables_and_views(capsys: pytest.CaptureFixture):
    with pytest.raises(SystemExit):
        main(["sql", "--help"])
    out = capsys.readouterr().out
    for name in ("papers", "paper_models", "trend_fits", "reference_agreement"):
        assert f"\n  {name} " in out
    assert "examples:" in out


def test_extract_summary_failures_and_folders(tmp_path: Path, capsys: pytest.CaptureFixture):
    from flopwatch.demo.sample import render_pdf, sample_papers

    (tmp_path / "page.PDF").write_text("<!DOCTYPE html><html><body>Rate limited</body></html>")
    (tmp_path / "notes.pdf").write_text("just some notes")
    code, _, err = run(capsys, "extract", str(tmp_path), "-o", str(tmp_path / "out.jsonl"))
    assert code == 1          # every input failed
    assert "page.PDF is not a PDF: it is an HTML page" in err
    assert "notes.pdf is not a PDF: it is a text file" in err
    assert "read 0 of 2 PDFs, 0 facts; 2 failed" in err
    (tmp_path / "more").mkdir()
    (tmp_path / "more" / "1506.90001.pdf").write_bytes(render_pdf(sample_papers()[0]))
    code, _, err = run(capsys, "extract", str(tmp_path), "-o", str(tmp_path / "out.jsonl"))
    assert code == 1 and "1 folder(s) inside the inputs not read (--recursive" in err
    code, _, err = run(capsys, "extract", str(tmp_path), "--recursive",
                       "-o", str(tmp_path / "out.jsonl"))
    assert code == 0 and "read 1 of 3 PDFs" in err
    papers = [json.loads(line)["paper"] for line in (tmp_path / "out.jsonl").open()]
    assert sorted(papers) == ["1506.90001", "notes", "page"]


@pytest.mark.parametrize("url", ["http://127.0.0.1:9/api/query",
                                 "http://no-such-host.invalid/api/query"])
def test_an_unreachable_arxiv_ends_the_ingest_at_once_in_one_line(
        url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture):
    monkeypatch.setenv("FLOPWATCH_DB", str(tmp_path / "w.duckdb"))
    monkeypatch.setenv("FLOPWATCH_ARXIV_API_URL", url)
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy", "ALL_PROXY"):
        monkeypatch.delenv(name, raising=False)
    script = Path(sys.executable).with_name("flopwatch")
    proc = subprocess.run([str(script), "ingest"], capture_output=True, text=True,
                          timeout=120)
    lines = (proc.stdout + proc.stderr).strip().splitlines()
    # no Prefect server was started, no retry was waited for
    assert proc.returncode == 1 and len(lines) == 1, lines
    assert lines[0].startswith("flopwatch: ingest failed: arXiv API failed: cannot connect")
    # and the run is in status with its error, as any failed run
    code, out, _ = run(capsys, "status", "--wide")
    assert code == 0 and "failed" in out and "cannot connect" in out


@pytest.mark.parametrize("sig", ["SIGTERM", "SIGINT"])
def test_a_signal_stops_a_running_query_in_one_line(sig: str, warehouse: Path):
    import signal
    import time

    script = Path(sys.executable).with_name("flopwatch")
    proc = subprocess.Popen([str(script), "sql", "select count(*) from range(100000000000)"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    time.sleep(3)                                   # started, and far from done
    assert proc.poll() is None
    proc.send_signal(getattr(signal, sig))
    out, err = proc.communicate(timeout=30)         # (SIGTERM used to wait for the query)
    assert proc.returncode == 130 and out == "" and err == "flopwatch: interrupted\n"
