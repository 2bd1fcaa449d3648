"""A small arXiv-compatible HTTP endpoint on 127.0.0.1: Atom search pages and PDFs.

It lets the offline main job and the tests run the real `arxiv` client and the real
flow without internet. It understands what flopwatch asks of arXiv (`cat:` terms, a
`submittedDate:[A TO B]` window, `id_list`, `start`/`max_results` paging, sorting), and
lets a subclass misbehave the way arXiv sometimes does (the tests' `FaultyArxiv`).
"""

from __future__ import annotations

import re
import threading
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, unquote, urlparse
from xml.sax.saxutils import escape, quoteattr

from flopwatch.flows.discover import PaperMeta


@dataclass(frozen=True)
class Entry(PaperMeta):
    """A paper the endpoint lists, with its PDF."""

    pdf: bytes = b""


_CAT_RE = re.compile(r"cat:([A-Za-z\-]+\.[A-Za-z\-]+|[A-Za-z\-]+)")
_WINDOW_RE = re.compile(r"submittedDate:\[(\d{8,14}) TO (\d{8,14})\]")
ATOM_NS = (
    'xmlns="http://www.w3.org/2005/Atom" '
    'xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/" '
    'xmlns:arxiv="http://arxiv.org/schemas/atom"'
)


def _parse_stamp(s: str) -> datetime:
    s = (s + "000000")[:14]
    return datetime.strptime(s, "%Y%m%d%H%M%S").replace(tzinfo=UTC)


def _iso(dt: datetime) -> str:
    return dt.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


class LocalArxiv:
    """The endpoint's state: the entries it lists and the requests it answered."""

    def __init__(self, entries: list[Entry] | None = None) -> None:
        self.entries: list[Entry] = list(entries or [])
        self.requests: list[str] = []
        self.query_times: list[float] = []    # time.monotonic() of each API request
        self._lock = threading.Lock()
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # --- state -------------------------------------------------------------------------
    def add(self, entry: Entry) -> None:
        """Add an entry, replacing an older version of the same paper."""
        with self._lock:
            self.entries = [e for e in self.entries if e.arxiv_id != entry.arxiv_id] + [entry]

    def misbehave(self, handler: ArxivHandler, kind: str, target: str | None,
                  body: bytes, ctype: str) -> bool:
        """Answer a request ('query' or 'pdf', of paper `target`) some other way than `body`;
        False lets the normal answer follow. The demo always answers normally."""
        return False

    # --- serving ---------------------------------------------------------------------
    @property
    def base_url(self) -> str:
        assert self._server is not None, "server not started"
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    @property
    def api_url(self) -> str:
        return f"{self.base_url}/api/query"

    def start(self, port: int = 0) -> LocalArxiv:
        handler = type("Handler", (ArxivHandler,), {"arxiv": self})
        self._server = ThreadingHTTPServer(("127.0.0.1", port), handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def __enter__(self) -> LocalArxiv:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # --- answers ---------------------------------------------------------------------
    def search(self, params: dict[str, list[str]]) -> tuple[int, list[Entry]]:
        query = params.get("search_query", [""])[0]
        ids = [i for i in params.get("id_list", [""])[0].split(",") if i]
        cats = set(_CAT_RE.findall(query))
        window = _WINDOW_RE.search(query)
        with self._lock:
            hits = list(self.entries)
        if cats:
            hits = [e for e in hits if cats & set(e.categories)]
        if window:
            lo, hi = _parse_stamp(window.group(1)), _parse_stamp(window.group(2))
            hits = [e for e in hits if lo <= e.published <= hi]
        if ids:
            hits = [e for e in hits if e.arxiv_id in ids or e.versioned_id in ids]
        key = {"lastUpdatedDate": lambda e: e.updated}.get(
            params.get("sortBy", [""])[0], lambda e: e.published)
        hits.sort(key=lambda e: (key(e), e.arxiv_id),
                  reverse=params.get("sortOrder", ["descending"])[0] != "ascending")
        start = int(params.get("start", ["0"])[0])
        size = int(params.get("max_results", ["10"])[0])
        return len(hits), hits[start:start + size]

    def feed(self, total: int, start: int, entries: list[Entry]) -> bytes:
        items = "".join(self._entry_xml(e) for e in entries)
        return (
            f'<?xml version="1.0" encoding="UTF-8"?>\n<feed {ATOM_NS}>'
            f"<title>arXiv Query</title><id>{escape(self.api_url)}</id>"
            f"<updated>{_iso(datetime.now(UTC))}</updated>"
            f"<opensearch:totalResults>{total}</opensearch:totalResults>"
            f"<opensearch:startIndex>{start}</opensearch:startIndex>"
            f"<opensearch:itemsPerPage>{len(entries)}</opensearch:itemsPerPage>"
            f"{items}</feed>"
        ).encode()

    def _entry_xml(self, e: Entry) -> str:
        authors = "".join(f"<author><name>{escape(a)}</name></author>" for a in e.authors)
        cats = "".join(
            f'<category term={quoteattr(c)} scheme="http://arxiv.org/schemas/atom"/>'
            for c in e.categories
        )
        abs_url = f"{self.base_url}/abs/{e.versioned_id}"
        pdf_url = f"{self.base_url}/pdf/{e.versioned_id}"
        return (
            f"<entry><id>http://arxiv.org/abs/{escape(e.versioned_id)}</id>"
            f"<updated>{_iso(e.updated)}</updated><published>{_iso(e.published)}</published>"
            f"<title>{escape(e.title)}</title><summary>{escape(e.abstract)}</summary>"
            f"{authors}"
            f'<link href={quoteattr(abs_url)} rel="alternate" type="text/html"/>'
            f'<link title="pdf" href={quoteattr(pdf_url)} rel="related" '
            f'type="application/pdf"/>'
            f"<arxiv:primary_category term={quoteattr(e.categories[0])} "
            f'scheme="http://arxiv.org/schemas/atom"/>{cats}</entry>'
        )

    def pdf_for(self, versioned: str) -> Entry | None:
        with self._lock:
            for e in self.entries:
                if versioned in (e.versioned_id, e.arxiv_id):
                    return e
        return None


class ArxivHandler(BaseHTTPRequestHandler):
    arxiv: LocalArxiv
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:  # quiet: tests read results
        return

    def send(self, status: int, body: bytes, ctype: str,
              headers: dict[str, str] | None = None, length: int | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body) if length is None else length))
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:
        url = urlparse(self.path)
        self.arxiv.requests.append(self.path)
        if url.path.rstrip("/").endswith("/api/query") or url.path == "/query":
            self.arxiv.query_times.append(time.monotonic())
            params = parse_qs(url.query)
            total, entries = self.arxiv.search(params)
            body = self.arxiv.feed(total, int(params.get("start", ["0"])[0]), entries)
            if not self.arxiv.misbehave(self, "query", None, body, "application/atom+xml"):
                self.send(200, body, "application/atom+xml; charset=utf-8")
        elif url.path.startswith("/pdf/"):
            versioned = unquote(url.path[len("/pdf/"):]).removesuffix(".pdf")
            entry = self.arxiv.pdf_for(versioned)
            if entry is None:
                self.send(404, b"not found", "text/plain")
                return
            if not self.arxiv.misbehave(self, "pdf", entry.arxiv_id, entry.pdf,
                                        "application/pdf"):
                self.send(200, entry.pdf, "application/pdf")
        else:
            self.send(404, b"not found", "text/plain")
