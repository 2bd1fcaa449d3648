"""Parsing a PDF under a time and memory budget, in a child process that can be stopped.

A hostile or broken PDF can make the parser run for hours or eat all memory; the nightly
run must go on. Each parse runs in a process forked from a clean fork server (which has
the rules loaded already, so a fork costs milliseconds), with an address-space limit, and
is killed when its time is up.
"""

from __future__ import annotations

import multiprocessing
import os
import re
import resource
from functools import cache
from multiprocessing import spawn
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from flopwatch.extractors.pdf_text import PdfReadError

_CONTEXT = multiprocessing.get_context("forkserver")
_CONTEXT.set_forkserver_preload(["flopwatch.flows.budget_main", "flopwatch.extractors.warm"])


@cache
def _tell_fork_server_the_main() -> None:
    """Read by flopwatch.flows.budget_main when the fork server starts (with this environment); the
    main of a process does not change, so once is enough."""
    prepared = spawn.get_preparation_data("parse")
    os.environ["FLOPWATCH_PARSE_PARENT_MAIN_PATH"] = prepared.get("init_main_from_path", "")
    os.environ["FLOPWATCH_PARSE_PARENT_MAIN_NAME"] = prepared.get("init_main_from_name", "")


def start_fork_server() -> None:
    """Start the parse fork server now: it loads and warms the rules (a second or two of
    CPU) while the caller lists and fetches papers, instead of when the first parse waits."""
    from multiprocessing import forkserver

    _tell_fork_server_the_main()
    forkserver.ensure_running()


class BudgetExceeded(PdfReadError):
    """The parse took too long or needed too much memory."""


def _child(conn: Connection, papers: list[tuple[str, str]], memory_mb: int,
           max_pages: int) -> None:
    """Parse the papers (path, name) in turn, sending each one's outcome as it is done. After
    a paper that failed, stop: the parent starts a fresh child for the rest."""
    from flopwatch.flows.parse import parse_file

    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    if memory_mb > 0:
        # The soft limit only, so that a failure can be told apart afterwards (below).
        resource.setrlimit(resource.RLIMIT_AS, (memory_mb * 1024 * 1024, hard))
    over_budget = f"parsing needed more than the {memory_mb} MB memory budget"
    try:
        for path, name in papers:
            try:
                conn.send(("ok", parse_file(Path(path), name, max_pages)))
                continue
            except MemoryError:
                conn.send(("error", over_budget))
            except PdfReadError as err:
                # MuPDF words a failed allocation many ways ("calloc (...) failed", "out of
                # memory", or just "failed to open file"): a file that opens without the
                # limit was too big.
                short = bool(re.search(r"alloc|out of memory", str(err), re.I))
                if memory_mb > 0 and not short:
                    resource.setrlimit(resource.RLIMIT_AS, (hard, hard))
                    short = _opens(Path(path))
                conn.send(("error", f"{err} ({over_budget})" if short else str(err)))
            except Exception as err:  # any other parser failure is this paper's
                conn.send(("error", f"parser failed: {type(err).__name__}: {err}"))
            return
    finally:
        conn.close()


def _opens(path: Path) -> bool:
    import pymupdf

    try:
        with pymupdf.open(path, filetype="pdf") as doc:
            return doc.page_count > 0 and not doc.needs_pass
    except Exception:
        return False


def parse_with_budget(path: Path, name: str, seconds: float, memory_mb: int,
                      max_pages: int) -> Any:
    """parse.parse_file in a child process; BudgetExceeded or PdfReadError on failure."""
    [outcome] = parse_many_with_budget([(path, name)], seconds, memory_mb, max_pages)
    if isinstance(outcome, PdfReadError):
        raise outcome
    return outcome


def parse_many_with_budget(papers: list[tuple[Path, str]], seconds: float, memory_mb: int,
                           max_pages: int) -> list[Any]:
    """parse.parse_file of each paper (path, name), in child processes: each paper within
    `seconds` and the address space within `memory_mb`; a paper's outcome is its Parsed, or
    the BudgetExceeded or PdfReadError it failed with. Papers share a child until one fails
    (forking one per paper cost about half a parse), then a fresh child takes the rest.

    A daemonic process (a Dask worker, by default) may not start children: there the parse
    runs in-process, with the page limit only. Start Dask workers with
    DASK_DISTRIBUTED__WORKER__DAEMON=False to keep the time and memory budget."""
    if multiprocessing.current_process().daemon:
        return [_in_process(path, name, max_pages) for path, name in papers]
    _tell_fork_server_the_main()
    outcomes: list[Any] = []
    while len(outcomes) < len(papers):
        outcomes += _one_child(papers[len(outcomes):], seconds, memory_mb, max_pages)
    return outcomes


def _in_process(path: Path, name: str, max_pages: int) -> Any:
    from flopwatch.flows.parse import parse_file

    try:
        return parse_file(path, name, max_pages)
    except PdfReadError as err:
        return err


def _one_child(papers: list[tuple[Path, str]], seconds: float, memory_mb: int,
               max_pages: int) -> list[Any]:
    """The outcomes of the papers one child got through: up to and including the first
    that failed (at least one)."""
    receiver, sender = _CONTEXT.Pipe(duplex=False)
    child = _CONTEXT.Process(target=_child, daemon=True, args=(
        sender, [(str(p), n) for p, n in papers], memory_mb, max_pages))
    child.start()
    sender.close()
    outcomes: list[Any] = []
    try:
        while len(outcomes) < len(papers):
            if not receiver.poll(seconds):
                outcomes.append(
                    BudgetExceeded(f"parsing took longer than the {seconds:g} s budget"))
                break
            try:
                status, payload = receiver.recv()
            except EOFError:
                child.join(5)
                code = child.exitcode
                hint = f" (killed by signal {-code}: out of memory?)" if code and code < 0 \
                    else ""
                outcomes.append(
                    BudgetExceeded(f"the parser process died, exit code {code}{hint}"))
                break
            if status != "ok":
                outcomes.append(PdfReadError(payload))
                break
            outcomes.append(payload)
    finally:
        receiver.close()
        if child.is_alive():
            child.kill()
        child.join(5)
    return outcomes
