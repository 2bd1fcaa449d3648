"""The backfill flow: a long date range in chunks, parsed in parallel, loaded by one writer.

Listing and downloading stay in the flow's process, where one limiter keeps arXiv's one
request per 3 s whatever the parallelism (or a local mirror of PDFs replaces downloads).
Only parsing, the CPU-bound step, goes to workers: child processes on this machine's cores,
or an existing Dask cluster. DuckDB has one writer: the flow.
Each chunk is one `ingest_runs` row of kind 'backfill'; a re-run skips completed chunks.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from datetime import UTC, date, datetime, time, timedelta
from threading import Thread
from typing import Any

from prefect import flow, get_run_logger
from prefect.states import Failed, State
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

from flopwatch.flows.budget import start_fork_server
from flopwatch.flows.discover import DiscoveryError
from flopwatch.flows.ingest import (
    OpenWindow,
    SubmitParse,
    close_window,
    load_batch,
    open_window,
    parse_batch,
    parse_day,
    prepare_run,
)
from flopwatch.flows.run_report import (
    RunReport,
    Window,
    extracted_fits,
    new_run_id,
    one_line,
    publish,
)
from flopwatch.flows.settings import DEFAULT_CATEGORIES, Settings, SettingsError
from flopwatch.warehouse import load
from flopwatch.warehouse.db import WarehouseError, exclusive_ingest, shared_writer, writer


def chunk_windows(first: date, last: date, chunk_days: int) -> list[Window]:
    """[first, last] (whole days, UTC) cut into windows of `chunk_days` days, oldest first."""
    if chunk_days < 1:
        raise SettingsError(f"chunk_days must be at least 1, not {chunk_days}")
    if first > last:
        raise SettingsError(f"the range starts ({first}) after it ends ({last})")
    windows = []
    day = first
    while day <= last:
        end = min(day + timedelta(days=chunk_days - 1), last)
        windows.append(Window(datetime.combine(day, time.min, UTC),
                              datetime.combine(end, time.max, UTC)))
        day = end + timedelta(days=1)
    return windows


@contextmanager
def parse_workers(dask_address: str | None, workers: int | None) -> Iterator[SubmitParse]:
    """Where parse batches go: a Dask cluster, or `workers` threads of this process, each
    parsing in a child forked from one warm fork server (parse_batch's budget), so the
    parses run on every core and their facts come straight back to the one writer.
    Batches are calls, not Prefect task runs: a task run cost as much as parsing a batch."""
    if dask_address:
        from distributed import Client

        with Client(dask_address, set_as_default=False) as client:
            # each worker builds the rules (a second or two of CPU) while this process
            # opens the warehouse and lists the first chunk
            for address in client.scheduler_info()["workers"]:
                client.submit(warm_worker, workers=[address], pure=False)
            yield lambda s, batch: client.submit(parse_batch, s, batch, pure=False)
        return
    # likewise the fork server, started in the background
    Thread(target=start_fork_server, daemon=True).start()
    with ThreadPoolExecutor(max_workers=workers or os.cpu_count() or 1,
                            thread_name_prefix="parse") as pool:
        yield lambda s, batch: pool.submit(parse_batch, s, batch)


def warm_worker() -> None:
    """On a Dask worker: the rules built, and (where parses fork) the fork server started."""
    import multiprocessing

    if multiprocessing.current_process().daemon:
        import flopwatch.extractors.warm  # noqa: F401  (builds the rules, runs one paper)
    else:
        start_fork_server()


class _ProgressBars:
    """Chunks and papers on a terminal; nothing when stderr is a log file or a worker's."""

    def __init__(self, chunks: int, done: int) -> None:
        console = Console(stderr=True)
        self.bars = Progress(TextColumn("{task.description:>7}"), BarColumn(),
                             MofNCompleteColumn(), TimeElapsedColumn(), TimeRemainingColumn(),
                             console=console,
                             disable=not console.is_terminal)
        self.chunks = self.bars.add_task("chunks", total=chunks, completed=done)
        self.papers = self.bars.add_task("papers", total=0)

    def __enter__(self) -> _ProgressBars:
        self.bars.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.bars.stop()

    def listed(self, n: int) -> None:
        total = self.bars.tasks[self.papers].total or 0
        self.bars.update(self.papers, total=total + n)

    def loaded(self, n: int) -> None:
        self.bars.advance(self.papers, n)

    def chunk_done(self) -> None:
        self.bars.advance(self.chunks)


@flow(name="backfill")
def backfill(date_from: str, date_to: str | None = None, categories: list[str] | None = None,
             chunk_days: int = 7, dask_address: str | None = None,
             workers: int | None = None) -> dict[str, Any] | State:
    """Ingest every paper submitted from `date_from` to `date_to` (days, UTC; no `date_to`:
    today), `chunk_days` at a time; run again, an interrupted backfill skips its finished
    chunks."""
    logger = get_run_logger()
    categories = list(categories or DEFAULT_CATEGORIES)
    reports: list[RunReport] = []
    try:
        settings = Settings.from_env()
        windows = chunk_windows(parse_day(str(date_from), "date_from"),
                                parse_day(str(date_to or datetime.now(UTC).date()), "date_to"),
                                int(chunk_days or 7))
        # the workers start building the rules first: they take longer than what comes
        # before the first parse
        with exclusive_ingest(settings.db_path), \
                parse_workers(dask_address, workers) as submit, \
                shared_writer(settings.db_path):
            prepare_run(settings, logger)
            with writer(settings.db_path) as con:
                finished = load.completed_windows(con, "backfill", categories)
            todo = [w for w in windows if (w.start, w.end) not in finished]
            logger.info("%d chunks from %s to %s, %d finished before, %d to do",
                        len(windows), f"{windows[0].start:%Y-%m-%d}",
                        f"{windows[-1].end:%Y-%m-%d}", len(windows) - len(todo), len(todo))
            fits_before = extracted_fits(settings)
            with _ProgressBars(len(windows), len(windows) - len(todo)) as bars:
                def close(opened: OpenWindow) -> None:
                    close_window(settings, opened)
                    bars.chunk_done()
                    window, c = opened.report.window, opened.report.counts
                    logger.info("chunk %s .. %s: found %d, loaded %d, failed %d",
                                f"{window.start:%Y-%m-%d}", f"{window.end:%Y-%m-%d}",
                                c["found"], sum(c[k] for k in ("new", "updated", "retried")),
                                c["failed"])

                # The next chunk is listed, fetched and submitted while the workers still
                # parse this one, so they do not wait at the chunks' seams; papers of two
                # chunks (at most BATCHES_IN_FLIGHT batches each) are in memory at once.
                pending: OpenWindow | None = None
                for window in todo:
                    report = RunReport(new_run_id(), window, categories)
                    reports.append(report)
                    try:
                        opened = open_window(settings, report, submit, kind="backfill",
                                             on_listed=bars.listed, on_loaded=bars.loaded,
                                             spread=False, load_with=load_batch)
                    except (DiscoveryError, WarehouseError, OSError):
                        if pending is not None:
                            close(pending)      # the chunk before is whole: record it
                        raise
                    if pending is not None:
                        close(pending)
                    pending = opened
                if pending is not None:
                    close(pending)
    except (DiscoveryError, WarehouseError, SettingsError, OSError) as err:
        logger.error("backfill failed: %s", one_line(err))
        return Failed(message=one_line(err))
    skipped = len(windows) - len(todo)
    publish("backfill", f"flopwatch backfill {windows[0].start:%Y-%m-%d} .. "
            f"{windows[-1].end:%Y-%m-%d}: completed",
            reports, fits_before, settings,
            note=f"{len(windows)} chunks of up to {chunk_days or 7} days; "
                 f"{skipped} finished by an earlier run were skipped.")
    counts = {k: sum(r.counts[k] for r in reports) for k in load.RUN_COUNTS}
    return {"chunks": len(windows), "skipped": skipped, "counts": counts,
            "failures": [f for r in reports for f in r.failures]}


def run_backfill(date_from: str, date_to: str | None, **params: Any) -> Any:
    """The flow, called from Python (the command line, tests, the benchmark)."""
    return backfill(date_from=date_from, date_to=date_to, **params)
