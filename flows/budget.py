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


class BudgetExceeded(PdfReadError):
    """The parse took too long or needed too much memory."""


def _child(conn: Connection, path: str, name: str, memory_mb: int, max_pages: int) -> None:
    from flopwatch.flows.parse import parse_file

    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    if memory_mb > 0:
        # The soft limit only, so that a failure can be told apart afterwards (below).
        resource.setrlimit(resource.RLIMIT_AS, (memory_mb * 1024 * 1024, hard))
    over_budget = f"parsing needed more than the {memory_mb} MB memory budget"
    try:
        conn.send(("ok", parse_file(Path(path), name, max_pages)))
    except MemoryError:
        conn.send(("error", over_budget))
    except PdfReadError as err:
        # MuPDF words a failed allocation many ways ("calloc (...) failed", "out of memory",
        # or just "failed to open file"): a file that opens without the limit was too big.
        short = bool(re.search(r"alloc|out of memory", str(err), re.I))
        if memory_mb > 0 and not short:
            resource.setrlimit(resource.RLIMIT_AS, (hard, hard))
            short = _opens(Path(path))
        conn.send(("error", f"{err} ({over_budget})" if short else str(err)))
    except Exception as err:  # any other parser failure is this paper's, reported as such
        conn.send(("error", f"parser failed: {type(err).__name__}: {err}"))
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
    """parse.parse_file in a child process; BudgetExceeded or PdfReadError on failure.

    A daemonic process (a Dask worker, by default) may not start children: there the parse
    runs in-process, with the page limit only. Start Dask workers with
    DASK_DISTRIBUTED__WORKER__DAEMON=False to keep the time and memory budget."""
    if multiprocessing.current_process().daemon:
        from flopwatch.flows.parse import parse_file

        return parse_file(path, name, max_pages)
    _tell_fork_server_the_main()
    receiver, sender = _CONTEXT.Pipe(duplex=False)
    child = _CONTEXT.Process(target=_child, args=(sender, str(path), name, memory_mb, max_pages),
                             daemon=True)
    child.start()
    sender.close()
    try:
        if not receiver.poll(seconds):
            raise BudgetExceeded(f"parsing took longer than the {seconds:g} s budget")
        try:
            status, payload = receiver.recv()
        except EOFError:
            child.join(5)
            code = child.exitcode
            hint = f" (killed by signal {-code}: out of memory?)" if code and code < 0 else ""
            raise BudgetExceeded(f"the parser process died, exit code {code}{hint}") from None
    finally:
        receiver.close()
        if child.is_alive():
            child.kill()
        child.join(5)
    if status != "ok":
        raise PdfReadError(payload)
    return payload
