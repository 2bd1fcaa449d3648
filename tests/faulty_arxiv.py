"""The local arXiv endpoint, told to misbehave the ways arXiv sometimes does."""

from __future__ import annotations

import re
import threading
import time
from dataclasses import dataclass, field

from flopwatch.demo.local_arxiv import ArxivHandler, Entry, LocalArxiv


@dataclass
class Fault:
    """One way to misbehave, `times` times, on requests of `kind` ('query' or 'pdf').

    action: an HTTP status (int), 'empty' (a page with no entries but a non-zero
    total), 'malformed' (not XML), 'hang' (sleep `seconds` before answering),
    'truncated' (half the PDF), 'html' (an HTML error page with status 200),
    'reset' (close the connection mid-body), 'duplicate' (a page that lists its first entry
    twice), 'missing' (a page whose first entry has no <published> date).
    """

    kind: str
    action: int | str
    times: int = 1
    target: str | None = None      # an arXiv id, for pdf faults on one paper only
    seconds: float = 0.0
    headers: dict[str, str] = field(default_factory=dict)


class FaultyArxiv(LocalArxiv):
    """A LocalArxiv with a queue of faults still to inject."""

    faults: list[Fault]

    def __init__(self, entries: list[Entry] | None = None) -> None:
        super().__init__(entries)
        self.faults = []
        self._fault_lock = threading.Lock()

    def inject(self, fault: Fault) -> None:
        with self._fault_lock:
            self.faults.append(fault)

    def _take_fault(self, kind: str, target: str | None) -> Fault | None:
        with self._fault_lock:
            for f in self.faults:
                if f.kind == kind and f.times > 0 and f.target in (None, target):
                    f.times -= 1
                    return f
        return None

    def misbehave(self, handler: ArxivHandler, kind: str, target: str | None,
                  body: bytes, ctype: str) -> bool:
        fault = self._take_fault(kind, target)
        if fault is None:
            return False
        if fault.action == "hang":
            time.sleep(fault.seconds)
            return False
        if isinstance(fault.action, int):
            handler.send(fault.action, b"<html><body>Service unavailable</body></html>",
                         "text/html", fault.headers)
        elif fault.action == "empty":
            # arXiv's spurious empty page: a total that promises entries, and none.
            handler.send(200, self.feed(1, 0, []), "application/atom+xml")
        elif fault.action == "malformed":
            handler.send(200, b"<feed><entry>not closed", "application/atom+xml")
        elif fault.action == "truncated":
            handler.send(200, body[: len(body) // 2], ctype)
        elif fault.action == "html":
            handler.send(200, b"<!DOCTYPE html><html><body><h1>Rate limited</h1></body></html>",
                         "text/html")
        elif fault.action == "duplicate":
            first = body.find(b"<entry>")
            end = body.find(b"</entry>", first) + len(b"</entry>")
            handler.send(200, body[:end] + body[first:end] + body[end:], ctype)
        elif fault.action == "missing":
            handler.send(200, re.sub(rb"<published>[^<]*</published>", b"", body, count=1),
                         ctype)
        elif fault.action == "reset":
            handler.send(200, body[: len(body) // 3], ctype, length=len(body))
            handler.close_connection = True
        else:
            raise ValueError(f"unknown fault action {fault.action!r}")
        return True
