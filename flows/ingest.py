"""The nightly ingest flow: discover -> download -> parse -> load, one task per step.

A batch of parsed papers is loaded in one short transaction, so a reader can query the
warehouse between batches and a crash loses at most the batch in hand, which the next run
redoes.
"""

from __future__ import annotations

import logging
import math
import os
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, fields, replace
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from time import monotonic, sleep
from typing import Any, Protocol, cast

import duckdb
from prefect import Task, flow, get_run_logger, runtime, task
from prefect.cache_policies import NO_CACHE
from prefect.futures import PrefectFuture
from prefect.states import Failed, State
from prefect.utilities.annotations import quote

from flopwatch.extractors.mentions import EXTRACTOR_VERSION
from flopwatch.extractors.pdf_text import PdfReadError
from flopwatch.extractors.record import facts_of
from flopwatch.flows.budget import parse_many_with_budget, parse_with_budget
from flopwatch.flows.discover import DiscoveryError, Listing, PaperMeta, discover
from flopwatch.flows.parse import Parsed
from flopwatch.flows.pdf_cache import (
    BadPdfError,
    CachedPdf,
    cache_path,
    copy_from_mirror,
    fetch_pdf,
    remove_partial_downloads,
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
from flopwatch.warehouse import load, queries
from flopwatch.warehouse.db import (
    WarehouseError,
    exclusive_ingest,
    shared_writer,
    transaction,
    writer,
)


def parse_day(text: str, option: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise SettingsError(f"{option} {text!r} is not a date like 2024-12-31") from None


def resolve_window(settings: Settings, date_from: str | None, date_to: str | None,
                   categories: list[str], now: datetime | None = None) -> Window:
    """The submission-date window to fetch: explicit days, or on from the last covered end."""
    now = now or datetime.now(UTC)
    for day, option in ((date_from, "--from"), (date_to, "--to")):
        # a day ahead of UTC: a user in a later time zone may already be there
        if day and parse_day(day, option) > (now + timedelta(days=1)).date():
            raise SettingsError(f"{option} {day} is in the future: arXiv has nothing "
                                f"submitted after today ({now:%Y-%m-%d})")
    end = (datetime.combine(parse_day(date_to, "--to"), time.max, UTC) if date_to else now)
    if date_from:
        start = datetime.combine(parse_day(date_from, "--from"), time.min, UTC)
    else:
        with writer(settings.db_path) as con:
            covered = load.covered_until(con, categories)
        start = (covered - timedelta(days=settings.overlap_days)) if covered else (
            end - timedelta(days=1 + settings.overlap_days))
    if start > end:
        raise SettingsError(f"the window starts ({start:%Y-%m-%d}) after it ends ({end:%Y-%m-%d})")
    return Window(start, end)


def _network_retry(task: Any, task_run: Any, state: Any) -> bool:
    """Retry downloads that failed on the network, not bodies that are not PDFs."""
    return not isinstance(state.result(raise_on_failure=False), BadPdfError | ValueError)


class _DropEmptyExcInfo(logging.Filter):
    """Prefect logs a returned Failed state with exc_info=True but no exception in flight,
    which prints a stray 'NoneType: None' line; drop that empty exc_info."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.exc_info and record.exc_info[0] is None:
            record.exc_info = None
        return True


logging.getLogger("prefect.task_runs").addFilter(_DropEmptyExcInfo())


@task(name="discover", cache_policy=NO_CACHE)
def discover_papers(settings: Settings, window: Window, categories: list[str],
                    max_results: int | None) -> Listing | State:
    try:
        listing = discover(settings, categories, window.start, window.end, max_results)
    except DiscoveryError as err:
        return Failed(message=one_line(err), data=err)
    logger = get_run_logger()
    logger.info("arXiv lists %d papers submitted %s .. %s in %s", len(listing),
                f"{window.start:%Y-%m-%d %H:%M}", f"{window.end:%Y-%m-%d %H:%M}",
                " ".join(categories))
    if listing.unreadable:
        logger.warning("%d feed entries could not be read (no id or dates)", listing.unreadable)
    if listing.duplicates:
        logger.info("%d entries were listed more than once", listing.duplicates)
    return listing


@task(name="download", retries=2, retry_delay_seconds=[5, 30],
      retry_condition_fn=_network_retry, cache_policy=NO_CACHE)
def download_pdf(settings: Settings, paper: PaperMeta) -> CachedPdf | State:
    """Network errors raise (and are retried); a body that is not a whole PDF fails at once."""
    try:
        dest = cache_path(settings.cache_dir, paper.arxiv_id, paper.version)
        if not paper.pdf_url:
            raise BadPdfError("the feed entry has no PDF link")
        return fetch_pdf(paper.pdf_url, dest, settings)
    except (BadPdfError, ValueError) as err:
        return Failed(message=one_line(err), data=err)


def from_mirror(settings: Settings, paper: PaperMeta) -> CachedPdf | None:
    """The paper from FLOPWATCH_PDF_MIRROR, linked or copied into the cache: a local file
    operation, so no task run of its own (it would cost more than the copy); None when
    there is no mirror or it lacks the paper. BadPdfError for a damaged mirror copy."""
    if settings.pdf_mirror is None:
        return None
    dest = cache_path(settings.cache_dir, paper.arxiv_id, paper.version)
    return copy_from_mirror(settings.pdf_mirror, paper.arxiv_id, paper.version, dest,
                            settings.max_pdf_bytes)


# What the parse of one paper gives: its facts, or why its PDF could not be read.
ParseResult = Parsed | str


def parse_batch(settings: Settings, batch: list[tuple[str, Path]]) -> list[ParseResult]:
    """Read a batch of cached PDFs (arXiv id, path) and apply the extraction rules to each,
    each within its own budget; one paper's failure is its own, the rest of the batch goes
    on. A backfill calls this on its workers directly: a Prefect task run per batch cost as
    much as the parses."""
    outcomes = parse_many_with_budget([(path, name) for name, path in batch],
                                      settings.parse_seconds, settings.parse_memory_mb,
                                      settings.max_pages)
    return [one_line(o) if isinstance(o, BaseException) else o for o in outcomes]


# The nightly run's parses are task runs of its own flow: few, and shown in Prefect's UI.
parse_pdfs = task(name="parse", cache_policy=NO_CACHE)(parse_batch)


def _parse(settings: Settings, path: Path, name: str) -> Parsed:
    return parse_with_budget(path, name, settings.parse_seconds, settings.parse_memory_mb,
                             settings.max_pages)


@dataclass(frozen=True)
class Outcome:
    """What became of one paper: its PDF and parse, or the step that failed and why."""

    paper: PaperMeta
    pdf: CachedPdf | None
    text: Parsed | None
    failure: tuple[str, str] | None

    def row(self, run_id: str) -> dict[str, Any]:
        """The paper's row of `papers`: its listing's fields (columns of the same names), and
        what became of its PDF in this run."""
        text = self.text
        row: dict[str, Any] = {
            **{f.name: getattr(self.paper, f.name) for f in fields(PaperMeta)},
            "run_id": run_id,
            "pdf_sha256": self.pdf.sha256 if self.pdf else None,
            "pages": text.pages if text else None,
            "text_chars": text.text_chars if text else None,
        }
        if self.failure:
            row.update(status="failed", error=f"{self.failure[0]}: {self.failure[1]}")
        elif text is not None and not text.has_text:
            row.update(status="no_text",
                       error=f"only {text.text_chars} characters of text (image-only PDF?)")
        else:
            row.update(status="ok", error=None)
        return row


def load_batch(settings: Settings, run_id: str, outcomes: list[Outcome]) -> list[Outcome]:
    """Write a batch of papers' outcomes in one transaction, each table in one statement
    (row-at-a-time inserts cost more than the parse); should the batch fail, each paper in
    a transaction of its own, and a paper whose facts cannot be stored as failed at "load"
    with the reason. Returns the outcomes as stored."""
    with writer(settings.db_path) as con:
        try:
            with transaction(con):
                _store(con, run_id, outcomes)
            return outcomes
        except duckdb.Error:
            stored = []
            for outcome in outcomes:
                try:
                    with transaction(con):
                        _store(con, run_id, [outcome])
                except duckdb.Error as err:
                    outcome = replace(outcome, text=None, failure=("load", one_line(err)))
                    with transaction(con):
                        _store(con, run_id, [outcome])
                stored.append(outcome)
            return stored


# The nightly run's loads are task runs of its flow, shown in Prefect's UI; a backfill calls
# load_batch itself (a task run per batch of a long backfill adds up).
_load_task = task(name="load", cache_policy=NO_CACHE)(load_batch)

# How a window's batches are written: the task (the nightly run) or the call (a backfill).
LoadBatch = Callable[[Settings, str, list[Outcome]], list[Outcome]]


def load_papers(settings: Settings, run_id: str, outcomes: list[Outcome]) -> list[Outcome]:
    """load_batch as a task run; the outcomes go quote()d: Prefect need not walk the
    facts (it walked them all)."""
    return _load_task(settings, run_id, cast(Any, quote(outcomes)))


def _store(con: duckdb.DuckDBPyConnection, run_id: str, outcomes: list[Outcome]) -> None:
    known = load.known_versions(con, [o.paper.arxiv_id for o in outcomes])
    rows, parsed = [], []
    for outcome in outcomes:
        paper, failure = outcome.paper, outcome.failure
        row = outcome.row(run_id)
        stored = known.get(paper.arxiv_id)
        if failure:
            load.record_failure(con, run_id, paper.arxiv_id, paper.version, *failure)
        # A failed newer version must not replace a good older one: keep it.
        if not (failure and stored and stored[1] != "failed"):
            rows.append(row)
        if outcome.text is not None:
            parsed.append((paper.arxiv_id, paper.version, outcome.text.record))
    load.upsert_papers(con, rows)
    load.replace_facts_many(con, parsed)


def _plan(settings: Settings, papers: list[PaperMeta], report: RunReport,
          ) -> list[tuple[PaperMeta, str]]:
    """Which papers need work, and why: new, updated (newer version) or retried."""
    with writer(settings.db_path) as con:
        known = load.known_versions(con, (p.arxiv_id for p in papers))
    todo = []
    for paper in papers:
        stored = known.get(paper.arxiv_id)
        if stored is None:
            todo.append((paper, "new"))
        elif paper.version > stored[0]:
            todo.append((paper, "updated"))
        elif stored[1] == "failed":
            todo.append((paper, "retried"))
        else:
            report.counts["unchanged"] += 1
    return todo


def _outcome(state: State) -> tuple[Any, str | None]:
    """A task's value, or why it failed in one line."""
    if state.is_completed():
        return state.result(), None
    err = state.result(raise_on_failure=False)
    return None, one_line(err) if isinstance(err, BaseException) else (state.message or "failed")


class BatchFuture(Protocol):
    """What a parse batch's submission gives back: a concurrent.futures or Dask future."""

    def done(self) -> bool: ...

    def result(self) -> list[ParseResult]: ...


# Where parse batches run: the flow's own task runner, threads, or a Dask cluster.
SubmitParse = Callable[[Settings, list[tuple[str, Path]]], BatchFuture]


class _TaskRunFuture:
    """A parse task run's future, as a BatchFuture."""

    def __init__(self, future: PrefectFuture) -> None:
        self.future = future

    def done(self) -> bool:
        # Every task runner's future (threads, processes, Dask) wraps one that can say it is
        # done without asking the Prefect API; the base class does not declare it.
        return bool(self.future.wrapped_future.done())  # type: ignore[attr-defined]

    def result(self) -> list[ParseResult]:
        self.future.wait()
        value, error = _outcome(self.future.state)
        if error is not None:
            raise RuntimeError(error)
        return cast(list[ParseResult], value)


def submit_here(settings: Settings, batch: list[tuple[str, Path]]) -> BatchFuture:
    return _TaskRunFuture(parse_pdfs.submit(settings, batch))


class _ParseBatch:
    """Papers parsed in one call of parse_batch, and its future once submitted."""

    def __init__(self) -> None:
        self.items: list[_InHand] = []
        self.future: BatchFuture | None = None
        self._results: list[ParseResult] | None = None

    def done(self) -> bool:
        return self.future is not None and self.future.done()

    def result(self, index: int) -> tuple[Parsed | None, str | None]:
        """The facts of the batch's `index`-th paper, or why there are none."""
        if self._results is None:
            assert self.future is not None, "batch not submitted"
            try:
                self._results = self.future.result()
            except Exception as err:
                # a batch that failed as a whole (its worker died) fails each of its papers
                self._results = [one_line(err)] * len(self.items)
        found = self._results[index]
        return (found, None) if isinstance(found, Parsed) else (None, found)


@dataclass
class _InHand:
    """A paper between download and load: its parse batch, or why it failed already."""

    paper: PaperMeta
    pdf: CachedPdf | None = None
    batch: _ParseBatch | None = None
    index: int = 0
    failure: tuple[str, str] | None = None

    def ready(self) -> bool:
        return self.batch is None or self.batch.done()


_CORES = os.cpu_count() or 1


class _Batcher:
    """Gathers downloaded papers into parse batches, each submitted when it is full."""

    def __init__(self, settings: Settings, submit: SubmitParse, papers: int,
                 spread: bool = True) -> None:
        self.settings, self.submit = settings, submit
        # At most parse_batch papers and, when `spread`, at least two batches per core: a
        # window ends with every worker busy, not one parsing the last big batch while the
        # others wait. (A backfill submits the next chunk before this one ends: no need.)
        self.size = max(1, min(settings.parse_batch, math.ceil(papers / (2 * _CORES)))
                        if spread else settings.parse_batch)
        self.open = _ParseBatch()

    def add(self, item: _InHand) -> None:
        assert item.pdf is not None
        item.batch, item.index = self.open, len(self.open.items)
        self.open.items.append(item)
        if len(self.open.items) >= self.size:
            self.flush()

    def flush(self) -> None:
        if self.open.items:
            self.open.future = self.submit(
                self.settings, [(i.paper.arxiv_id, i.pdf.path) for i in self.open.items
                                if i.pdf is not None])
            self.open = _ParseBatch()


def _fetch(settings: Settings, paper: PaperMeta, download: Task[..., Any]) -> _InHand:
    """The paper's PDF from the mirror, else downloaded here by `download` (one requester
    keeps arXiv's rate); the parse goes to a worker later, in a batch."""
    try:
        pdf = from_mirror(settings, paper)
    except (BadPdfError, ValueError) as err:
        return _InHand(paper, failure=("download", one_line(err)))
    if pdf is None:
        pdf, error = _outcome(cast(State, download(settings, paper, return_state=True)))
        if error:
            return _InHand(paper, failure=("download", error))
    return _InHand(paper, pdf)


def _outcome_of(item: _InHand) -> Outcome:
    """Wait for the paper's parse, if it got that far."""
    if item.batch is None:
        return Outcome(item.paper, item.pdf, None, item.failure)
    text, error = item.batch.result(item.index)
    return Outcome(item.paper, item.pdf, text, ("parse", error) if error else None)


_POLL_SECONDS = 0.05     # how often a flow waiting to load looks again
_GATHER_SECONDS = 0.5    # how long a done paper waits for others to share its load
LOAD_BATCH = 32          # papers per load (in the nightly run, per load task run)
# Parse batches fetched but not loaded, before fetching waits: the most workers kept busy
# (papers in memory: this many batches; in batches of 8 it was 64 papers, and batches of
# 16 must not halve it).
BATCHES_IN_FLIGHT = 8


def _load_ready(settings: Settings, report: RunReport, in_flight: deque[_InHand],
                wait: bool, load_with: LoadBatch) -> int:
    """Load the papers whose parse is done, in listing order among them, so that a slow
    paper holds back no other; without `wait` (while fetching), only when half a LOAD_BATCH
    is done. With `wait`, wait until all are done, or LOAD_BATCH are,
    or _GATHER_SECONDS have passed since the first was: a load (its statements, and in the
    nightly run a task run) costs more per paper in small batches, so they go in a few at a
    time. Futures of threads, processes and Dask alike can say they are done: only that is
    common to them. The flow is the warehouse's only writer."""
    first_done: float | None = None
    while wait and in_flight:
        count = sum(1 for item in in_flight if item.ready())
        if count >= min(LOAD_BATCH, len(in_flight)):
            break
        if count:
            first_done = first_done or monotonic()
            if monotonic() - first_done >= _GATHER_SECONDS:
                break
        sleep(_POLL_SECONDS)
    done = [item for item in in_flight if item.ready()][:LOAD_BATCH]
    if not wait and len(done) < LOAD_BATCH // 2:
        return 0                        # while fetching, load only when many are done
    for item in done:
        in_flight.remove(item)
    batch = [_outcome_of(item) for item in done]
    if not batch:
        return 0
    for outcome in load_with(settings, report.run_id, batch):
        if outcome.text is not None:
            for kind in load.FACT_TABLES:
                report.facts[kind] += len(facts_of(outcome.text.record, kind))
        if outcome.failure:
            paper, (step, error) = outcome.paper, outcome.failure
            report.counts["failed"] += 1
            if reason := report.reasons.pop(paper.arxiv_id, None):
                report.counts[reason] -= 1
            report.failures.append({"arxiv_id": paper.arxiv_id, "version": paper.version,
                                    "step": step, "error": error})
            get_run_logger().warning("%sv%d failed at %s: %s", paper.arxiv_id, paper.version,
                                     step, error)
    return len(batch)


@dataclass
class OpenWindow:
    """A window whose papers are listed, fetched and on their way to the parse workers;
    `close_window` loads them and records the run."""

    report: RunReport
    in_flight: deque[_InHand]
    on_loaded: Callable[[int], None]
    load_with: LoadBatch


def open_window(settings: Settings, report: RunReport, submit: SubmitParse,
                max_results: int | None = None, kind: str = "nightly",
                on_listed: Callable[[int], None] = lambda n: None,
                on_loaded: Callable[[int], None] = lambda n: None,
                spread: bool = True, load_with: LoadBatch = load_papers) -> OpenWindow:
    """Record the window's run, list it, fetch its PDFs and submit their parses in batches
    of `parse_batch` (spread over the cores: see _Batcher), loading the papers whose parse
    is done on the way (so memory holds at most BATCHES_IN_FLIGHT batches); the rest are
    loaded by `close_window`."""
    window, categories = report.window, report.categories
    with writer(settings.db_path) as con:
        load.start_run(con, report.run_id, str(runtime.flow_run.id or ""),
                       window.start, window.end, categories, kind)
    try:
        listing, error = _outcome(
            discover_papers(settings, window, categories, max_results, return_state=True))
        if error:
            raise DiscoveryError(error)
        report.counts["found"] = len(listing)
        report.counts["unreadable"] = listing.unreadable
        if listing.unreadable:
            report.failures.append({"arxiv_id": "(feed)", "version": 0, "step": "discover",
                                    "error": f"{listing.unreadable} entries without an "
                                             "id or dates were left out"})
        todo = _plan(settings, listing.papers, report)
        on_listed(len(todo))
        in_flight: deque[_InHand] = deque()
        batcher = _Batcher(settings, submit, len(todo), spread)
        backoff = settings.backoff_seconds
        download = download_pdf.with_options(retry_delay_seconds=[backoff, backoff * 6])
        for paper, reason in todo:
            report.counts[reason] += 1
            report.reasons[paper.arxiv_id] = reason
            item = _fetch(settings, paper, download)
            in_flight.append(item)
            if item.pdf is not None:
                batcher.add(item)
            full = len(in_flight) >= BATCHES_IN_FLIGHT * batcher.size
            if full:
                batcher.flush()         # the papers waited for must be on their way
            on_loaded(_load_ready(settings, report, in_flight, wait=full, load_with=load_with))
        batcher.flush()
    except (DiscoveryError, WarehouseError, OSError) as err:
        _finish(settings, report, err)
        raise
    return OpenWindow(report, in_flight, on_loaded, load_with)


def close_window(settings: Settings, opened: OpenWindow) -> None:
    """Load the window's papers as their parses finish, then record the run as done."""
    try:
        while opened.in_flight:
            opened.on_loaded(_load_ready(settings, opened.report, opened.in_flight, wait=True,
                                         load_with=opened.load_with))
    except (WarehouseError, OSError) as err:
        _finish(settings, opened.report, err)
        raise
    _finish(settings, opened.report, None)


def _finish(settings: Settings, report: RunReport, err: BaseException | None) -> None:
    with writer(settings.db_path) as con:
        if err is None:
            load.finish_run(con, report.run_id, "completed", report.counts)
        else:
            load.finish_run(con, report.run_id, "failed", report.counts, one_line(err))


def ingest_window(settings: Settings, report: RunReport, submit: SubmitParse,
                  max_results: int | None = None, kind: str = "nightly",
                  on_listed: Callable[[int], None] = lambda n: None,
                  on_loaded: Callable[[int], None] = lambda n: None) -> None:
    """One window, recorded as one `ingest_runs` row: list, download, parse, load.

    PDFs are fetched here and parsed by workers in batches of `parse_batch` papers; papers
    are loaded as their parses finish, so memory holds only the papers in flight (at most
    BATCHES_IN_FLIGHT batches) and a slow one holds back no other; a crash loses those in
    flight, and the next run over the window redoes them.
    """
    close_window(settings, open_window(settings, report, submit, max_results, kind,
                                       on_listed, on_loaded))


@flow(name="nightly_ingest")
def nightly_ingest(date_from: str | None = None, date_to: str | None = None,
                   categories: list[str] | None = None,
                   max_results: int | None = None) -> dict[str, Any] | State:
    """Fetch what arXiv lists in the window and load it; with no dates, continue from the
    end of the last completed run (less a small overlap for late announcements)."""
    logger = get_run_logger()
    categories = list(categories or DEFAULT_CATEGORIES)
    try:
        settings = Settings.from_env()
        with exclusive_ingest(settings.db_path), shared_writer(settings.db_path):
            window = resolve_window(settings, date_from, date_to, categories)
            report = RunReport(new_run_id(), window, categories)
            prepare_run(settings, logger)
            fits_before = extracted_fits(settings)
            ingest_window(settings, report, submit_here, max_results)
    except (DiscoveryError, WarehouseError, SettingsError, OSError) as err:
        logger.error("ingest failed: %s", one_line(err))
        return Failed(message=one_line(err))
    publish("ingest", f"flopwatch ingest {report.run_id}: completed", [report], fits_before,
            settings)
    c = report.counts
    logger.info("found %d, new %d, updated %d, retried %d, unchanged %d, failed %d",
                c["found"], c["new"], c["updated"], c["retried"], c["unchanged"], c["failed"])
    return {"run_id": report.run_id, "window": [window.start.isoformat(), window.end.isoformat()],
            "counts": dict(c), "failures": report.failures}


def prepare_run(settings: Settings, logger: Any) -> None:
    """What a killed run left behind, cleared while holding the ingest lock."""
    if removed := remove_partial_downloads(settings.cache_dir):
        logger.info("removed %d partial downloads left by an interrupted run", removed)
    with writer(settings.db_path) as con:
        if closed := load.close_interrupted_runs(con):
            logger.info("marked %d runs that were killed mid-way as interrupted", closed)
    refresh_corrections(settings, logger)


def refresh_corrections(settings: Settings, logger: Any) -> None:
    """Load the corrections file, if there is one. A file that cannot be applied is
    reported and the corrections loaded before stay: a typo does not stop the nightly run."""
    from flopwatch.flows.corrections import apply_file
    from flopwatch.warehouse.corrections import CorrectionError

    try:
        with writer(settings.db_path) as con:
            count = apply_file(settings, con)
    except CorrectionError as err:
        logger.warning("corrections not reloaded, the previous ones stay: %s", one_line(err))
        return
    if count is not None:
        logger.info("applied %d corrections from %s", count, settings.corrections)


@flow(name="reextract")
def reextract(all_papers: bool = False) -> dict[str, int] | State:
    """Re-run the current rules over cached PDFs, without downloading anything; each paper's
    older facts are replaced in one transaction."""
    logger = get_run_logger()
    counts = {"reextracted": 0, "current": 0, "missing_pdf": 0, "failed": 0}
    try:
        settings = Settings.from_env()
        _reextract(settings, all_papers, counts, logger)
    except (WarehouseError, SettingsError, OSError) as err:
        logger.error("reextract failed: %s", one_line(err))
        return Failed(message=one_line(err))
    logger.info("reextracted %(reextracted)d, already current %(current)d, "
                "missing PDF %(missing_pdf)d, failed %(failed)d", counts)
    return counts


def _reextract(settings: Settings, all_papers: bool, counts: dict[str, int],
               logger: Any) -> None:
    with exclusive_ingest(settings.db_path):
        refresh_corrections(settings, logger)
        with writer(settings.db_path) as con:
            todo = queries.papers_to_reextract(con)
        for arxiv_id, version, done_with in todo:
            if done_with == EXTRACTOR_VERSION and not all_papers:
                counts["current"] += 1
                continue
            path = cache_path(settings.cache_dir, arxiv_id, version)
            if not path.exists():
                counts["missing_pdf"] += 1
                logger.warning("%sv%d: no cached PDF at %s", arxiv_id, version, path)
                continue
            try:
                parsed = _parse(settings, path, arxiv_id)
            except PdfReadError as err:
                counts["failed"] += 1
                logger.warning("%sv%d: %s", arxiv_id, version, one_line(err))
                continue
            with writer(settings.db_path) as con, transaction(con):
                load.replace_facts(con, arxiv_id, version, parsed.record)
            counts["reextracted"] += 1
