"""The `flopwatch` command line: what a user types, checked before any flow starts.

Prefect is imported only by the commands that run flows, so `flopwatch sql` and
`flopwatch status` answer at once.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import json
import os
import shlex
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, cast

from flopwatch import __version__
from flopwatch.flows.settings import (
    DEFAULT_CATEGORIES,
    Settings,
    SettingsError,
    arxiv_category,
    db_path_from_env,
)
from flopwatch.warehouse import queries
from flopwatch.warehouse.corrections import KEYS as CORRECTION_FIELDS
from flopwatch.warehouse.db import WarehouseError, reader
from flopwatch.warehouse.reference import SOURCES as REFERENCE_SOURCES


class CliError(Exception):
    """Shown to the user as one line, with exit status 1."""


def _settings() -> Settings:
    return Settings.from_env()


def _category(value: str) -> str:
    try:
        return arxiv_category(value)
    except SettingsError as err:
        raise argparse.ArgumentTypeError(str(err)) from None


# --- output ---------------------------------------------------------------------------
def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.isoformat(sep=" ", timespec="seconds")
    if isinstance(value, float):
        return f"{value:.6g}"
    if isinstance(value, list | tuple):
        return ", ".join(_cell(v) for v in value)
    return str(value)


def csv_cell(value: Any) -> str:
    """A value as `export` writes it to CSV: doubles in full (the shortest text that
    reads back the same), times in ISO 8601 UTC, lists and structs as JSON."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, datetime):
        stamp = value if value.tzinfo else value.replace(tzinfo=UTC)
        return stamp.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    if isinstance(value, list | tuple | dict):
        return json.dumps(value, separators=(",", ":"), ensure_ascii=False, default=str)
    return str(value)


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _rich_table(columns: list[str], rows: Sequence[Sequence[Any]], width: int | None) -> Any:
    """A table as rich draws it: one line per row, cells cut at `width` characters (None:
    never cut), numbers right-aligned."""
    from rich import box
    from rich.table import Table
    from rich.text import Text

    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, highlight=False)
    for i, name in enumerate(columns):
        numeric = bool(rows) and all(r[i] is None or _is_number(r[i]) for r in rows)
        table.add_column(name, justify="right" if numeric else "left", no_wrap=True,
                         overflow="ellipsis", max_width=width)
    for r in rows:
        table.add_row(*(Text(" ".join(_cell(v).split())) for v in r))
    return table


def print_rows(columns: list[str], rows: Sequence[Sequence[Any]], fmt: str, out: Any = None,
               width: int | None = 60) -> None:
    out = out or sys.stdout
    if fmt == "csv":
        w = csv.writer(out, lineterminator="\n")
        w.writerow(columns)
        w.writerows([[csv_cell(v) for v in r] for r in rows])
    elif fmt == "json":
        json.dump([dict(zip(columns, r, strict=True)) for r in rows], out, default=str, indent=1)
        out.write("\n")
    else:
        from rich.console import Console

        # As wide as the table needs, on a terminal or in a pipe: rows are never wrapped.
        console = Console(file=out, width=100_000, color_system=None, emoji=False)
        with console.capture() as captured:
            console.print(_rich_table(columns, rows, width))
        out.write("".join(line.rstrip() + "\n" for line in captured.get().splitlines()))
        out.write(f"({len(rows)} row{'s' if len(rows) != 1 else ''})\n")


# --- commands -------------------------------------------------------------------------
def cmd_sql(args: argparse.Namespace) -> int:
    import duckdb

    if not args.query.strip():
        raise CliError("the query is empty: give one SQL statement, e.g. "
                       "flopwatch sql \"select count(*) from papers\"")
    if args.timeout <= 0:
        raise CliError(f"--timeout must be more than 0 seconds, not {args.timeout:g}")
    with reader(db_path_from_env(), any_duckdb=True) as con:
        try:
            statements = con.extract_statements(args.query)
        except duckdb.Error as err:
            raise CliError(f"query failed: {' '.join(str(err).split())}") from None
        if len(statements) > 1:
            raise CliError(f"the query has {len(statements)} statements: give one at a time "
                           "(each answer is a table of its own)")
        cur, rows = _run_query(con, args.query, args.timeout)
        if cur.description is None:
            return 0
        columns = [d[0] for d in cur.description]
    print_rows(columns, rows, args.format, width=_width(args))
    return 0


def _run_query(con: Any, query: str, timeout: float) -> tuple[Any, list[Any]]:
    """The query's cursor and rows. It runs in a thread of its own, so that this one
    handles Ctrl-C and SIGTERM at once (DuckDB, busy in C++, would see SIGTERM only when
    it next returns) and stops it after `timeout` seconds."""
    import duckdb

    done: dict[str, Any] = {}

    def run() -> None:
        try:
            cur = con.execute(query)
            done["rows"] = cur.fetchall() if cur.description is not None else []
            done["cur"] = cur
        except BaseException as err:      # handed to the main thread
            done["error"] = err

    worker = threading.Thread(target=run, name="flopwatch-sql", daemon=True)
    worker.start()
    deadline = time.monotonic() + timeout
    try:
        while worker.is_alive() and time.monotonic() < deadline:
            worker.join(0.1)
    except KeyboardInterrupt:
        con.interrupt()
        worker.join(5)
        raise
    if worker.is_alive():
        con.interrupt()
        worker.join(5)
        raise CliError(f"query stopped after {timeout:g} s (--timeout): narrow it, "
                       "or give it more time with --timeout SECONDS")
    if isinstance(done.get("error"), duckdb.Error):
        raise CliError(f"query failed: {' '.join(str(done['error']).split())}")
    if "error" in done:
        raise done["error"]
    return done["cur"], done["rows"]


def _width(args: argparse.Namespace) -> int | None:
    """How wide a table cell may be: --wide is no limit."""
    return None if args.wide else args.max_width


def cmd_status(args: argparse.Namespace) -> int:
    db = db_path_from_env()
    with reader(db) as con:
        print(f"warehouse: {db.resolve()}")
        counts = queries.papers_by_status(con)
        total = sum(n for _, n in counts)
        print(f"papers: {total}" + "".join(f", {s} {n}" for s, n in counts))
        runs = queries.latest_runs(con, args.runs)
        print(f"\nlast {len(runs)} ingest runs:")
        print_rows(list(queries.RUN_COLUMNS), runs, "table", width=_width(args))
    return 0


def _run_ingest(date_from: str | None, date_to: str | None, categories: list[str] | None,
                max_results: int | None) -> dict[str, Any]:
    from flopwatch.flows.discover import unreachable
    from flopwatch.flows.ingest import nightly_ingest, resolve_window
    from flopwatch.flows.run_report import new_run_id
    from flopwatch.warehouse import load
    from flopwatch.warehouse.db import exclusive_ingest, writer

    # Everything that can be checked is checked before Prefect starts its server, the
    # ingest lock and whether arXiv can be reached too: a second ingest is refused at once.
    settings = _settings()
    try:
        settings.cache_dir.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise CliError(f"cannot create the PDF cache {settings.cache_dir}: {err}") from None
    window = resolve_window(settings, date_from, date_to,
                            list(categories or DEFAULT_CATEGORIES))
    with writer(settings.db_path):
        pass
    with exclusive_ingest(settings.db_path):
        if reason := unreachable(settings.api_url, min(settings.timeout_seconds, 5.0)):
            with writer(settings.db_path) as con:   # in status, as any failed run
                load.record_failed_run(con, new_run_id(), window.start, window.end,
                                       list(categories or DEFAULT_CATEGORIES),
                                       f"arXiv API failed: {reason}")
            raise CliError(f"ingest failed: arXiv API failed: {reason}")
        guard_temporary_server()
        with _recorded_if_interrupted(settings):
            state = nightly_ingest(date_from=date_from, date_to=date_to,
                                   categories=categories, max_results=max_results,
                                   return_state=True)
    _quiet_prefect()
    if not state.is_completed():
        raise CliError(f"ingest failed: {state.message}")
    return cast(dict[str, Any], state.result())


@contextlib.contextmanager
def _recorded_if_interrupted(settings: Settings) -> Iterator[None]:
    """Ctrl-C or SIGTERM: the run this process holds the ingest lock for is recorded as
    interrupted, not left 'running' (status), before the lock is let go."""
    from flopwatch.warehouse import load
    from flopwatch.warehouse.db import writer

    try:
        yield
    except KeyboardInterrupt:
        _quiet_prefect()
        with writer(settings.db_path) as con:
            load.close_interrupted_runs(con)
        raise


def _quiet_prefect() -> None:
    """The run is over: Prefect's notes from here on ("Stopping temporary server") would
    come after the report, as its last lines."""
    import logging

    logging.getLogger("prefect").setLevel(logging.WARNING)


def _print_report(head: str, result: dict[str, Any]) -> None:
    c = result["counts"]
    print(f"{head}: found {c['found']}, new {c['new']}, updated "
          f"{c['updated']}, retried {c['retried']}, unchanged {c['unchanged']}, "
          f"failed {c['failed']}")
    for f in result["failures"]:
        name = f"{f['arxiv_id']}v{f['version']}" if f["version"] else f["arxiv_id"]
        print(f"  failed {name} at {f['step']}: {f['error']}")


def cmd_ingest(args: argparse.Namespace) -> int:
    result = _run_ingest(args.date_from, args.date_to, args.category, args.max_results)
    _print_report(f"ingest {result['run_id']}", result)
    return 0


def cmd_backfill(args: argparse.Namespace) -> int:
    from flopwatch.flows.backfill import chunk_windows, run_backfill
    from flopwatch.flows.ingest import parse_day
    from flopwatch.warehouse.db import exclusive_ingest, writer

    # Everything that can be checked is checked before Prefect starts its server, the
    # ingest lock too.
    settings = _settings()
    chunk_windows(parse_day(args.date_from, "--from"), parse_day(args.date_to, "--to"),
                  args.chunk_days)
    with writer(settings.db_path):
        pass
    with exclusive_ingest(settings.db_path):
        guard_temporary_server()
        with _recorded_if_interrupted(settings):
            state = run_backfill(args.date_from, args.date_to, categories=args.category,
                                 chunk_days=args.chunk_days, dask_address=args.dask_address,
                                 workers=args.workers, return_state=True)
    if not state.is_completed():
        raise CliError(f"backfill failed: {state.message}")
    result = state.result()
    _print_report(f"backfill of {result['chunks']} chunks ({result['skipped']} done before)",
                  result)
    return 0


@contextmanager
def _environ(**values: str) -> Iterator[None]:
    saved = {k: os.environ.get(k) for k in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


def cmd_demo(args: argparse.Namespace) -> int:
    """The offline main job: the nightly flow over the sample corpus on a local endpoint."""
    from flopwatch.demo.local_arxiv import LocalArxiv
    from flopwatch.demo.sample import entries_from_pdfs, sample_entries

    if args.pdfs is None:
        entries, what = sample_entries(), "sample papers"
    else:
        if not args.pdfs.is_dir():
            raise CliError(f"--pdfs {args.pdfs}: not a folder")
        entries, skipped = entries_from_pdfs(args.pdfs, DEFAULT_CATEGORIES[0])
        if skipped:
            print(f"flopwatch demo: skipped {len(skipped)} PDFs not named by an arXiv id "
                  f"({', '.join(skipped[:3])}{', ...' if len(skipped) > 3 else ''})")
        if not entries:
            raise CliError(f"--pdfs {args.pdfs}: no PDF named by an arXiv id "
                           "(e.g. 1801.04381.pdf)")
        what = f"papers of {args.pdfs}"
    first = min(e.published for e in entries)
    listed = sum(any(c in DEFAULT_CATEGORIES for c in e.categories) for e in entries)
    with LocalArxiv(entries) as endpoint:
        print(f"flopwatch demo: {len(entries)} {what} served at {endpoint.api_url}"
              + (f"; {listed} in the categories a nightly run reads "
                 f"({', '.join(DEFAULT_CATEGORIES)}), {len(entries) - listed} outside them"
                 if listed < len(entries) else ""))
        # The endpoint is ours, on this machine: arXiv's 3-second rule is for arXiv.
        with _environ(FLOPWATCH_ARXIV_API_URL=endpoint.api_url, FLOPWATCH_ARXIV_DELAY="0"):
            result = _run_ingest(f"{first:%Y-%m-%d}", f"{datetime.now(UTC):%Y-%m-%d}",
                                 None, None)
    _print_report(f"ingest {result['run_id']}", result)
    print()
    cmd_status(argparse.Namespace(runs=3, wide=False, max_width=60))
    db = db_path_from_env()
    me, duckdb_cli = _command_paths()
    # the warehouse given with --db goes with every command shown
    at = f" --db {shlex.quote(str(args.db))}" if args.db is not None else ""
    print(f"""
Query the warehouse:
  {me} sql "select arxiv_id, title, pages, status from papers order by published"{at}
  {me} sql "select * from trend_fits" --format csv{at}
  {duckdb_cli} -readonly {shlex.quote(str(db))}      # the duckdb command-line tool

Draw the trends (with the study's own data: import-reference thompson2022 DIR first):
  {me} report report/{at}               # report/index.html and the charts as PNG and SVG""")
    return 0


def _command_paths() -> tuple[str, str]:
    """How to type `flopwatch` and `duckdb` from here: by name where they are on the PATH,
    else by the path of this virtual environment's copies (after `make demo`)."""
    import shutil

    here = Path(sys.argv[0])
    if shutil.which("flopwatch") or here.name != "flopwatch":
        return "flopwatch", "duckdb"
    # typed as this command was ("./.venv/bin/flopwatch"); duckdb beside it, if installed
    duckdb_cli = here.with_name("duckdb")
    found = shutil.which("duckdb") or not Path(sys.executable).with_name("duckdb").exists()
    return str(here), "duckdb" if found else str(duckdb_cli)


def _pdf_paths(inputs: list[str], recursive: bool = False) -> tuple[list[Path], int]:
    """The PDFs to read (a file given by name is read whatever its suffix), and how many
    sub-folders were left unread (without --recursive)."""
    paths: list[Path] = []
    skipped_folders = 0
    for raw in inputs:
        p = Path(raw)
        if p.is_dir():
            found = p.rglob("*") if recursive else p.iterdir()
            paths.extend(sorted(q for q in found if q.is_file() and q.suffix.lower() == ".pdf"))
            if not recursive:
                skipped_folders += sum(1 for q in p.iterdir() if q.is_dir())
        elif p.is_file():
            paths.append(p)
        else:
            raise CliError(f"no such file or folder: {raw}")
    return paths, skipped_folders


def cmd_extract(args: argparse.Namespace) -> int:
    from flopwatch.extractors.batch import extract_many
    from flopwatch.extractors.record import FIELDS

    paths, skipped_folders = _pdf_paths(args.inputs, args.recursive)
    if skipped_folders:
        print(f"flopwatch: {skipped_folders} folder(s) inside the inputs not read "
              "(--recursive reads them)", file=sys.stderr)
    if not paths:
        raise CliError(f"no PDF in {', '.join(args.inputs)}")
    try:
        sink = (open(args.output, "w", encoding="utf-8") if args.output  # noqa: SIM115
                else contextlib.nullcontext(sys.stdout))
    except OSError as err:
        raise CliError(f"cannot write {args.output}: {err}") from None
    facts, failed = 0, 0
    with sink as out:
        for path, record in zip(paths, extract_many(paths, args.workers), strict=True):
            if not args.mentions:
                record.pop("mentions", None)
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
            facts += sum(len(record.get(f) or []) for f in FIELDS)
            if record.get("error"):
                failed += 1
                print(f"flopwatch: {path}: {record['error']}", file=sys.stderr)
    print(f"flopwatch: read {len(paths) - failed} of {len(paths)} PDFs, {facts} facts"
          + (f"; {failed} failed (above)" if failed else "")
          + (f"; written to {args.output}" if args.output else ""), file=sys.stderr)
    return 1 if failed == len(paths) else 0


def cmd_evaluate(args: argparse.Namespace) -> int:
    from flopwatch.extractors.evaluate import (
        checks_report,
        fold_of,
        held_back,
        load_jsonl,
        misses,
        misses_report,
        report,
        score,
    )

    try:
        gold, pred = load_jsonl(Path(args.gold)), load_jsonl(Path(args.pred))
    except OSError as err:
        raise CliError(f"cannot read {err.filename}: {err.strerror}") from None
    except ValueError as err:
        raise CliError(str(err)) from None
    summary, per_paper = score(gold, pred)
    if args.per_paper:
        for paper, row in sorted(per_paper.items()):
            print(paper, " ".join(f"{f}={tp}/{p}/{g}" for f, (tp, p, g) in row.items()))
    print(report(summary))
    if missing := sorted(set(gold) - set(pred)):
        print(f"\n{len(missing)} of {len(gold)} gold papers have no prediction (scored as "
              f"finding nothing): {', '.join(missing[:5])}{' ...' if len(missing) > 5 else ''}")
    if args.folds:
        for fold in "AB":
            part = {k: v for k, v in gold.items() if fold_of(k) == fold}
            print(f"\nfold {fold} ({len(part)} papers: sha1 of the id "
                  f"{'even' if fold == 'A' else 'odd'})")
            print(report(score(part, pred)[0]))
    print("\nfacts held back by the plausibility checks")
    print(checks_report(held_back(gold, pred)))
    if args.misses:
        print("\nmisses (missed: the gold states it; extra: the gold does not)")
        print(misses_report(misses(gold, pred)))
    return 0


def cmd_reextract(args: argparse.Namespace) -> int:
    from flopwatch.extractors.mentions import EXTRACTOR_VERSION
    from flopwatch.flows.ingest import reextract

    with reader(db_path_from_env()) as con:   # a clear message when there is no warehouse yet
        todo = queries.papers_to_reextract(con)
    if not args.all and all(done_with == EXTRACTOR_VERSION for _, _, done_with in todo):
        # nothing to re-read: no Prefect server to start, only the corrections to reload
        _reload_corrections()
        print(f"reextracted 0, already current {len(todo)}, missing PDF 0, failed 0")
        return 0
    guard_temporary_server()
    state = reextract(all_papers=args.all, return_state=True)
    if not state.is_completed():
        raise CliError(f"reextract failed: {state.message}")
    c = cast(dict[str, int], state.result())
    print(f"reextracted {c['reextracted']}, already current {c['current']}, "
          f"missing PDF {c['missing_pdf']}, failed {c['failed']}")
    return 0


def _reload_corrections() -> None:
    """What a reextract does first, here without its flow: the corrections file, if it
    changed, is loaded again."""
    import logging

    from flopwatch.flows.ingest import refresh_corrections
    from flopwatch.warehouse.db import exclusive_ingest

    settings = _settings()
    log = logging.getLogger("flopwatch.reextract")
    if not log.handlers:
        log.addHandler(logging.StreamHandler(sys.stdout))
        log.setLevel(logging.INFO)
    with exclusive_ingest(settings.db_path):
        refresh_corrections(settings, log)


def cmd_import_reference(args: argparse.Namespace) -> int:
    from flopwatch.warehouse.db import writer
    from flopwatch.warehouse.reference import import_reference

    db = db_path_from_env()
    existed = db.exists()
    try:
        with writer(db) as con:
            print(import_reference(con, args.source, Path(args.folder)))
    except BaseException:
        if not existed:     # a failed import leaves no new, empty warehouse behind
            for path in (db, db.with_name(db.name + ".wal")):
                path.unlink(missing_ok=True)
        raise
    return 0


def cmd_compare_reference(args: argparse.Namespace) -> int:
    """How often flopwatch agrees with a reference dataset on the papers both hold."""
    from flopwatch.warehouse.reference import CREDITS

    with reader(db_path_from_env()) as con:
        columns, rows = queries.agreement_summary(con, args.source)
        if not rows:
            print(f"no paper is both in the warehouse and in {args.source}")
            return 0
        if args.format == "table":
            print(f"flopwatch against {args.source} ({CREDITS[args.source]}), per field: the "
                  "papers both hold where the reference has a value, and in how many "
                  "flopwatch's value agrees with one of the paper's reference rows")
        print_rows(columns, rows, args.format, width=_width(args))
        if args.summary:
            return 0
        columns, rows = queries.disagreements(con, args.source, args.field)
    if args.format == "table":
        print(f"\ndisagreements{f' on {args.field}' if args.field else ''} "
              "(flopwatch_value empty: flopwatch found none):")
    print_rows(columns, rows, args.format, width=_width(args))
    return 0


def cmd_review(args: argparse.Namespace) -> int:
    """The facts as a corrections file: fill `action` to decide."""
    with reader(db_path_from_env()) as con:
        columns, rows = queries.review_rows(con, args.paper, args.field, args.failed_checks)
    if args.output:
        try:
            with open(args.output, "w", encoding="utf-8", newline="") as out:
                print_rows(columns, rows, "csv", out)
        except OSError as err:
            raise CliError(f"cannot write {args.output}: {err.strerror}") from None
        print(f"wrote {len(rows)} facts to {args.output}: fill 'action' (reject, replace, "
              "add) and 'new_values' where you decide, then append the rows to your "
              "corrections file and run 'flopwatch corrections apply'", file=sys.stderr)
    else:
        print_rows(columns, rows, "csv")
    return 0


def cmd_show(args: argparse.Namespace) -> int:
    """A paper's whole record, with the evidence of every value."""
    with reader(db_path_from_env()) as con:
        sections = queries.paper_record(con, args.arxiv_id)
    for title, columns, rows in sections:
        print(f"== {title}")
        if rows:
            print_rows(columns, rows, "table", width=_width(args))
        else:
            print("(none)")
        print()
    return 0


def cmd_corrections(args: argparse.Namespace) -> int:
    from flopwatch.flows.corrections import apply_file
    from flopwatch.warehouse.db import writer

    settings = _settings()
    if args.action == "apply":
        path = Path(args.file) if args.file else settings.corrections
        if path is None or not path.exists():
            raise CliError(f"no corrections file at {path} (set FLOPWATCH_CORRECTIONS or "
                           "give its path)")
        with reader(settings.db_path):
            pass                        # a clear message when there is no warehouse yet
        with writer(settings.db_path) as con:
            count = apply_file(settings, con, path)
            stale = queries.stale_correction_count(con)
        print(f"applied {count} corrections from {path}"
              + (f"; {stale} match no fact now (flopwatch corrections check)" if stale else ""))
        return 0
    with reader(settings.db_path) as con:
        columns, rows, total = queries.stale_corrections(con)
    if not rows:
        print(f"all {total} corrections apply to a fact the rules find")
        return 0
    print(f"{len(rows)} of {total} corrections match no fact the rules find now (a rule or "
          "the paper changed): update their target or remove them")
    print_rows(columns, rows, "table", width=_width(args))
    return 1


def cmd_docs(args: argparse.Namespace) -> int:
    import duckdb

    from flopwatch.warehouse.db import migrate
    from flopwatch.warehouse.docs import schema_markdown

    con = duckdb.connect()          # an empty in-memory warehouse has the whole schema
    migrate(con)
    text = schema_markdown(con)
    if args.output:
        try:
            Path(args.output).write_text(text, encoding="utf-8")
        except OSError as err:
            raise CliError(f"cannot write {args.output}: {err.strerror}") from None
    else:
        print(text)
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from flopwatch.warehouse.db import exporter
    from flopwatch.warehouse.export import export

    folder = Path(args.folder)
    try:
        with exporter(db_path_from_env()) as con:
            package = export(con, folder, args.format)
    except OSError as err:
        raise CliError(f"cannot write to {folder}: {err.strerror or err}") from None
    total = sum(r["rows"] for r in package["resources"])
    print(f"exported {len(package['resources'])} tables and views ({total} rows) as "
          f"{args.format} to {folder}, described in {folder / 'datapackage.json'}")
    return 0


def cmd_report(args: argparse.Namespace) -> int:
    from flopwatch.warehouse.db import reader
    from flopwatch.warehouse.report.build import build

    folder = Path(args.folder)
    formats = list(dict.fromkeys(args.format or ["png", "svg"]))
    try:
        with reader(db_path_from_env()) as con:
            written = build(con, folder, formats)
    except OSError as err:
        raise CliError(f"cannot write to {folder}: {err.strerror or err}") from None
    print(f"wrote {written['html']} with {written['charts']} charts, also as "
          f"{' and '.join(f.upper() for f in formats)} files in {folder / 'charts'}; "
          f"{written['skipped']} charts have too few points (listed in the page)")
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    from flopwatch.flows.serve import serve_all

    _settings()
    guard_temporary_server()
    serve_all()          # runs the schedules until interrupted
    return 0


# --- parser ---------------------------------------------------------------------------
def _at_least(low: int) -> Callable[[str], int]:
    """An integer option of at least `low`: argparse names the option in its message."""
    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
        if value < low:
            raise argparse.ArgumentTypeError(f"must be at least {low}, not {value}")
        return value
    return parse


def _positive_seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of seconds: {text!r}") from None
    if value <= 0:
        raise argparse.ArgumentTypeError(f"must be more than 0 seconds, not {text}")
    return value


def _tables_and_views() -> str:
    """One line per table and view, from the schema's comments (for `sql --help`)."""
    from flopwatch.warehouse.docs import all_docs

    lines = []
    for name, (desc, _cols) in sorted(all_docs().items()):
        first = desc.split(". ")[0].split(": ")[0].rstrip(".")
        if len(first) > 72:
            first = first[:71].rsplit(" ", 1)[0].rstrip(",;") + "…"
        lines.append(f"  {name:26} {first}")
    return "\n".join(lines)


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="flopwatch", formatter_class=argparse.RawDescriptionHelpFormatter,
        description="Compute, hardware and benchmark results of deep-learning papers on "
                    "arXiv, in a DuckDB warehouse whose views recompute the trends of "
                    "\"The Computational Limits of Deep Learning\".",
        epilog="examples:\n  flopwatch demo                     # the offline main job\n"
               "  flopwatch ingest                   # nightly: continue from the last run\n"
               "  flopwatch sql \"select * from trend_fits\"\n"
               "  flopwatch COMMAND --help           # a command's options and examples")
    p.add_argument("--version", action="version", version=f"flopwatch {__version__}")
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")
    # every command that opens the warehouse takes --db
    db = argparse.ArgumentParser(add_help=False)
    db.add_argument("--db", type=Path, metavar="PATH",
                    help="the warehouse file (default: $FLOPWATCH_DB, else flopwatch.duckdb)")
    # every command that prints a table takes --max-width / --wide
    width = argparse.ArgumentParser(add_help=False)
    width.add_argument("--max-width", type=_at_least(4), default=60, metavar="N",
                       help="cut table cells at N characters (default: 60; csv and json "
                            "never cut)")
    width.add_argument("--wide", action="store_true", help="never cut table cells")

    # every command that runs a flow takes -v
    verbose = argparse.ArgumentParser(add_help=False)
    verbose.add_argument("-v", "--verbose", action="store_true",
                         help="also log each task (every download, parse and load); by "
                              "default a run logs a line per stage")

    def command(name: str, helptext: str, examples: str, parents: tuple = ()) -> Any:
        return sub.add_parser(name, help=helptext, description=helptext[0].upper() +
                              helptext[1:] + ".", epilog="examples:\n" + examples,
                              parents=list(parents),
                              formatter_class=argparse.RawDescriptionHelpFormatter)

    s = command("ingest", "fetch new papers from arXiv and load them",
                "  flopwatch ingest\n"
                "  flopwatch ingest --from 2017-06-01 --to 2017-06-30 --category cs.CL",
                (db, verbose))
    s.add_argument("--from", dest="date_from", metavar="YYYY-MM-DD",
                   help="first submission day (default: where the last run ended)")
    s.add_argument("--to", dest="date_to", metavar="YYYY-MM-DD",
                   help="last submission day (default: now)")
    s.add_argument("--category", action="append", metavar="C", type=_category,
                   help=f"arXiv category, repeatable (default: {' '.join(DEFAULT_CATEGORIES)})")
    s.add_argument("--max-results", type=_at_least(1), metavar="N",
                   help="list at most N papers")
    s.set_defaults(func=cmd_ingest)

    s = command("backfill", "ingest a long date range in chunks, parsing in parallel",
                "  flopwatch backfill --from 2012-01-01 --to 2012-12-31 --chunk-days 14",
                (db, verbose))
    s.add_argument("--from", dest="date_from", metavar="YYYY-MM-DD", required=True,
                   help="first submission day")
    s.add_argument("--to", dest="date_to", metavar="YYYY-MM-DD", required=True,
                   help="last submission day")
    s.add_argument("--category", action="append", metavar="C", type=_category,
                   help=f"arXiv category, repeatable (default: {' '.join(DEFAULT_CATEGORIES)})")
    s.add_argument("--chunk-days", type=_at_least(1), default=7, metavar="N",
                   help="days per chunk; each finished chunk is never redone (default: 7)")
    s.add_argument("--dask-address", metavar="ADDR",
                   help="parse on this Dask cluster, e.g. tcp://10.0.0.5:8786 "
                        "(default: a process pool on this machine)")
    s.add_argument("--workers", type=_at_least(1), metavar="N",
                   help="processes of the local pool (default: one per core)")
    s.set_defaults(func=cmd_backfill)

    s = command("sql", "run one read-only query against the warehouse",
                "  flopwatch sql \"select arxiv_id, title from papers order by published desc "
                "limit 10\"\n"
                "  flopwatch sql \"select * from trend_fits\" --format csv > fits.csv\n\n"
                "tables and views (flopwatch docs describes every column):\n"
                + _tables_and_views(), (db, width))
    s.add_argument("query", help="one SQL statement")
    s.add_argument("--format", choices=["table", "csv", "json"], default="table")
    s.add_argument("--timeout", type=_positive_seconds, default=300, metavar="SECONDS",
                   help="stop the query after this long (default: 300)")
    s.set_defaults(func=cmd_sql)

    s = command("status", "paper counts and the last ingest runs, with their errors",
                "  flopwatch status --runs 10", (db, width))
    s.add_argument("--runs", type=_at_least(0), default=5, metavar="N",
                   help="how many runs to show (default: 5)")
    s.set_defaults(func=cmd_status)

    s = command("extract", "extract facts from PDFs, one JSON object per paper (no warehouse)",
                "  flopwatch extract paper.pdf more-papers/ -o facts.jsonl\n"
                "  flopwatch extract corpus/ --recursive --no-mentions")
    s.add_argument("inputs", nargs="+", metavar="PDF_OR_DIR")
    s.add_argument("-o", "--output", metavar="FILE", help="write JSON lines here (default: stdout)")
    s.add_argument("--recursive", "-r", action="store_true",
                   help="also read the PDFs in folders inside the folders given")
    s.add_argument("--mentions", action=argparse.BooleanOptionalAction, default=True,
                   help="include every mention with its provenance (default: yes)")
    s.add_argument("--workers", type=_at_least(1), metavar="N",
                   help="processes to use (default: one per core)")
    s.set_defaults(func=cmd_extract)

    s = command("evaluate", "precision, recall and F1 of predictions against gold",
                "  flopwatch evaluate --gold gold.jsonl --pred facts.jsonl --folds")
    s.add_argument("--gold", required=True, metavar="GOLD")
    s.add_argument("--pred", required=True, metavar="PRED")
    s.add_argument("--per-paper", action="store_true", help="also print counts per paper")
    s.add_argument("--folds", action="store_true",
                   help="also score the two fixed folds of the gold (sha1 of the paper id, "
                        "even or odd), to check that a rule generalises")
    s.add_argument("--misses", action="store_true",
                   help="also list every false negative and false positive with its quote, "
                        "page and the rule that fired (or 'no candidate')")
    s.set_defaults(func=cmd_evaluate)

    s = command("reextract", "re-run the current rules over cached PDFs",
                "  flopwatch reextract\n  flopwatch reextract --all", (db, verbose))
    s.add_argument("--all", action="store_true",
                   help="also papers already extracted by the current rules")
    s.set_defaults(func=cmd_reextract)

    s = command("import-reference", "load a published reference dataset",
                "  flopwatch import-reference thompson2022 ../shared/reference/thompson2022\n"
                "  flopwatch import-reference epoch ../shared/reference/epoch",
                (db,))
    s.add_argument("source", help="thompson2022 (the study's per-benchmark CSVs) or epoch "
                                  "(Epoch AI's notable_ai_models.csv)")
    s.add_argument("folder", help="the folder with its CSV files")
    s.set_defaults(func=cmd_import_reference)

    s = command("export", "write every table and view, with datapackage.json",
                "  flopwatch export out/\n  flopwatch export out/ --format csv", (db,))
    s.add_argument("folder", metavar="DIR")
    s.add_argument("--format", choices=["parquet", "csv"], default="parquet")
    s.set_defaults(func=cmd_export)

    s = command("report", "the trends as an HTML report with charts",
                "  flopwatch report report/\n  flopwatch report report/ --format pdf "
                "--format png", (db,))
    s.add_argument("folder", metavar="DIR")
    s.add_argument("--format", action="append", choices=["png", "svg", "pdf"],
                   help="chart files to write (repeat for more; default png and svg); the "
                        "HTML page embeds the charts whatever is chosen")
    s.set_defaults(func=cmd_report)

    s = command("serve", "run the schedules of prefect.yaml in this process",
                "  flopwatch serve", (db, verbose))
    s.set_defaults(func=cmd_serve)

    s = command("docs", "the warehouse schema as markdown, from the .sql comments",
                "  flopwatch docs -o docs/schema.md")
    s.add_argument("-o", "--output", metavar="FILE", help="write here (default: stdout)")
    s.set_defaults(func=cmd_docs)

    s = command("compare-reference",
                "how often flopwatch's values agree with a reference dataset",
                "  flopwatch compare-reference thompson2022\n"
                "  flopwatch compare-reference thompson2022 --field hardware_burden\n"
                "  flopwatch compare-reference epoch --summary --format json",
                (db, width))
    s.add_argument("source", choices=REFERENCE_SOURCES,
                   help="the reference dataset (load it with import-reference)")
    s.add_argument("--field", choices=list(dict.fromkeys(queries.AGREEMENT_FIELDS
                                                         + queries.NOTABLE_FIELDS)),
                   help="list the disagreements on this field only (thompson2022: "
                        f"{', '.join(queries.AGREEMENT_FIELDS)}; epoch: "
                        f"{', '.join(queries.NOTABLE_FIELDS)})")
    s.add_argument("--summary", action="store_true", help="the agreement table only")
    s.add_argument("--format", choices=["table", "csv", "json"], default="table")
    s.set_defaults(func=cmd_compare_reference)

    s = command("review", "list facts with their evidence, as rows of a corrections file",
                "  flopwatch review --paper 1801.04381 -o review.csv\n"
                "  flopwatch review --failed-checks --field results -o review.csv",
                (db,))
    s.add_argument("--paper", metavar="ARXIV_ID", help="one paper's facts")
    s.add_argument("--field", choices=sorted(CORRECTION_FIELDS), help="one kind of fact")
    s.add_argument("--failed-checks", action="store_true",
                   help="only facts a plausibility check held back")
    s.add_argument("-o", "--output", metavar="FILE", help="write the CSV here (default: stdout)")
    s.set_defaults(func=cmd_review)

    s = command("show", "a paper's whole record: every value, where it was read, by which "
                "rule, what was held back and corrected", "  flopwatch show 1801.04381",
                (db, width))
    s.add_argument("arxiv_id", metavar="ARXIV_ID")
    s.set_defaults(func=cmd_show)

    s = command("corrections", "load your corrections file, or list the stale ones",
                "  flopwatch corrections apply                 # FLOPWATCH_CORRECTIONS, "
                "default corrections.csv beside the warehouse\n"
                "  flopwatch corrections apply my-fixes.csv\n"
                "  flopwatch corrections check", (db, width))
    s.add_argument("action", choices=["apply", "check"])
    s.add_argument("file", nargs="?", help="the corrections file (apply only)")
    s.set_defaults(func=cmd_corrections)

    s = command("demo", "the offline main job: ingest the bundled sample corpus",
                "  flopwatch demo\n  flopwatch demo --pdfs ../shared/corpus/pdf", (db, verbose))
    s.add_argument("--pdfs", type=Path, metavar="DIR",
                   help="serve and ingest these PDFs instead (named by arXiv id, e.g. "
                        "1801.04381.pdf), such as a corpus to compare with a reference")
    s.set_defaults(func=cmd_demo)
    return p


def _terminate(signum: int, frame: Any) -> None:
    raise KeyboardInterrupt


def guard_temporary_server() -> None:
    """Prefect's temporary server, if this command starts one, dies with it even when it
    is killed (flows/server_guard.py)."""
    from flopwatch.flows.server_guard import guard_temporary_server as guard

    guard()


TASK_RUN_LOG_LEVEL = "PREFECT_LOGGING_LOGGERS_PREFECT_TASK_RUNS_LEVEL"


def main(argv: Sequence[str] | None = None) -> int:
    # This machine may have no internet: Prefect's local server must not try to phone home.
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    args = build_parser().parse_args(argv)
    # SIGTERM (kill, a scheduler stopping the job) ends a run as Ctrl-C does: the flow is
    # unwound and the Prefect server it started is stopped with it.
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, _terminate)
    if getattr(args, "db", None) is not None:
        os.environ["FLOPWATCH_DB"] = str(args.db)
    # a line per stage (the flows' own), not one per task run: Prefect's task-run logger
    # at WARNING unless -v (or the environment says otherwise)
    quiet = {TASK_RUN_LOG_LEVEL: "WARNING"} if getattr(args, "verbose", None) is False \
        and TASK_RUN_LOG_LEVEL not in os.environ else {}
    func: Callable[[argparse.Namespace], int] = args.func
    try:
        with _environ(**quiet):
            return func(args)
    except (CliError, SettingsError, WarehouseError) as err:
        print(f"flopwatch: {err}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("flopwatch: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader went away ("| head"): what it wanted, it has. Python would report the
        # pipe again when it flushes stdout at exit, so stdout goes to /dev/null first.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0
    except Exception as err:     # (after the handlers above: a re-raise skips them)
        # a query of the warehouse failed where no command expected it: one line, not
        # DuckDB's stack (duckdb is not imported here: start-up stays fast)
        if not type(err).__module__.lstrip("_").startswith("duckdb"):
            raise
        print(f"flopwatch: {args.func.__name__.removeprefix('cmd_').replace('_', '-')} "
              f"failed on the warehouse {os.environ.get('FLOPWATCH_DB') or 'flopwatch.duckdb'}"
              f": {str(err).splitlines()[0]}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
