"""Discovery: which papers arXiv lists in a submission-date window, via the `arxiv` client.

The stock client retries at once, without a timeout, and takes an empty first page for
"no results". arXiv's API does return spurious empty pages and 503s under load, so
`PoliteClient` adds a per-request timeout, exponential backoff (honouring Retry-After)
and treats an empty page that contradicts the advertised total as a fault.
"""

from __future__ import annotations

import logging
import re
import socket
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlparse

import arxiv
import requests

from flopwatch.flows.polite import API_REQUESTS
from flopwatch.flows.settings import Settings

log = logging.getLogger(__name__)

# New style 1501.00001v2 (4 or 5 digits after the dot); old style hep-th/9901001v1.
_ID_RE = re.compile(
    r"(?P<id>(?:\d{4}\.\d{4,5})|(?:[a-z][a-z.\-]*[a-z]/\d{7}))(?:v(?P<v>\d+))?$", re.I
)


class DiscoveryError(Exception):
    """arXiv could not be asked, or kept answering wrongly after every retry."""


@dataclass(frozen=True)
class PaperMeta:
    """A paper as arXiv lists it: the one record of a listed paper, from discovery to load."""

    arxiv_id: str
    version: int
    title: str
    authors: list[str]
    abstract: str
    categories: list[str]
    published: datetime
    updated: datetime
    primary_category: str = ""
    pdf_url: str | None = None

    @property
    def versioned_id(self) -> str:
        return f"{self.arxiv_id}v{self.version}"


def split_entry_id(entry_id: str) -> tuple[str, int]:
    """'http://arxiv.org/abs/hep-th/9901001v3' -> ('hep-th/9901001', 3)."""
    tail = entry_id.strip().rstrip("/")
    tail = tail.split("/abs/", 1)[1] if "/abs/" in tail else tail
    m = _ID_RE.search(tail)
    if not m:
        raise ValueError(f"not an arXiv id: {entry_id!r}")
    return m.group("id"), int(m.group("v") or 1)


def build_query(categories: list[str], start: datetime, end: datetime) -> str:
    cats = " OR ".join(f"cat:{c}" for c in categories)
    window = f"submittedDate:[{start:%Y%m%d%H%M} TO {end:%Y%m%d%H%M}]"
    return f"({cats}) AND {window}" if categories else window


class _TimeoutSession(requests.Session):
    """A session that always sets a timeout and remembers the last response's headers."""

    def __init__(self, timeout: float) -> None:
        super().__init__()
        self.timeout = timeout
        self.last_headers: dict[str, str] = {}
        self.last_body = b""

    def request(self, method: str, url: str | bytes, *args: Any, **kwargs: Any) -> Any:
        kwargs.setdefault("timeout", self.timeout)
        resp = super().request(method, url, *args, **kwargs)
        self.last_headers = dict(resp.headers)
        self.last_body = resp.content
        return resp


def retry_after_seconds(headers: dict[str, str], cap: float = 300.0) -> float | None:
    raw = headers.get("Retry-After") or headers.get("retry-after")
    if raw is None:
        return None
    try:
        return min(max(float(raw), 0.0), cap)
    except ValueError:
        return None


class PoliteClient(arxiv.Client):
    """`arxiv.Client` against a configurable endpoint, with timeouts and backoff."""

    def __init__(self, settings: Settings, sleep: Callable[[float], None] = time.sleep) -> None:
        # The base class retries immediately and spaces only its own requests; retries
        # happen here instead, with backoff, and the spacing is the process's (polite.py).
        super().__init__(page_size=settings.page_size, delay_seconds=0, num_retries=0)
        self.spacing_seconds = settings.delay_seconds
        self.query_url_format = settings.api_url.rstrip("?") + "?{}"
        self._session = _TimeoutSession(settings.timeout_seconds)
        self.max_retries = settings.retries
        self.backoff_seconds = settings.backoff_seconds
        self._sleep = sleep
        self.retries_used = 0
        self.unreadable_entries = 0   # entries in the feed that the client could not read

    def _results(self, search: arxiv.Search, offset: int = 0) -> Iterator[arxiv.Result]:
        """The base client's paging, except that a page listing more entries than asked for
        (a duplicate) does not move the next page's start past entries never seen."""
        feed = self._parse_feed(self._format_url(search, offset, self.page_size), True)
        if not feed.results:
            return
        total = feed.header.total_results
        while feed.results:
            yield from feed.results
            offset += min(len(feed.results), self.page_size)
            if offset >= total:
                break
            feed = self._parse_feed(self._format_url(search, offset, self.page_size), False)

    def _parse_feed(self, url: str, first_page: bool = True, _try_index: int = 0) -> Any:
        attempt = 0
        while True:
            try:
                API_REQUESTS.wait(self.spacing_seconds)
                feed = super()._parse_feed(url, first_page=first_page)
                # lxml recovers from broken XML; an answer without a result total is not
                # an arXiv page, and must not pass for "no results".
                if feed.malformed or b"totalResults" not in self._session.last_body:
                    raise DiscoveryError(f"malformed Atom feed: {feed.error or 'no totalResults'}")
                if first_page and not feed.results and feed.header.total_results > 0:
                    raise arxiv.UnexpectedEmptyPageError(url, attempt, feed)
                # The client skips entries it cannot read (no id, no dates): count them, so
                # the run can report them instead of losing them silently.
                raw_entries = self._session.last_body.count(b"<entry")
                self.unreadable_entries += max(0, raw_entries - len(feed.results))
                return feed
            except (arxiv.ArxivError, requests.RequestException, DiscoveryError) as err:
                if _beyond_retry(err):
                    raise DiscoveryError(f"arXiv API failed: {_describe(err, url)}") from err
                if attempt >= self.max_retries:
                    raise DiscoveryError(
                        f"arXiv API failed after {attempt + 1} tries: {_describe(err, url)}"
                    ) from err
                wait = self.backoff_seconds * (2**attempt)
                if isinstance(err, arxiv.HTTPError):
                    wait = max(wait, retry_after_seconds(self._session.last_headers) or 0.0)
                log.warning("arXiv request failed (%s); retry %d/%d in %.1f s",
                            _describe(err, url), attempt + 1, self.max_retries, wait)
                self._sleep(wait)
                attempt += 1
                self.retries_used += 1


# A host name that does not resolve, or a port nothing listens on: waiting will not mend it.
_UNREACHABLE = re.compile(r"Failed to resolve|NameResolutionError|Name or service not known|"
                          r"nodename nor servname|No address associated|"
                          r"Temporary failure in name resolution|Connection refused|"
                          r"\[Errno (-2|-3|-5|111)\]")


def _beyond_retry(err: BaseException) -> bool:
    """A failure no retry can mend: the name does not resolve, the connection is refused,
    or an HTTP 4xx other than 429 (Too Many Requests) says the request itself is wrong.
    Timeouts, resets, 429 and 5xx are retried."""
    if isinstance(err, arxiv.HTTPError):
        return 400 <= err.status < 500 and err.status != 429
    if isinstance(err, requests.ConnectionError) and not isinstance(err, requests.Timeout):
        return bool(_UNREACHABLE.search(str(err)))
    return False


def _describe(err: BaseException, url: str) -> str:
    """One short line: the long query URL and urllib3's nesting say nothing to a user."""
    where = urlparse(url)
    host = f"{where.scheme}://{where.netloc}{where.path}"
    if isinstance(err, arxiv.HTTPError):
        return f"HTTP {err.status} from {host}"
    if isinstance(err, arxiv.UnexpectedEmptyPageError):
        return f"unexpectedly empty page from {host}"
    if isinstance(err, requests.Timeout):
        return f"timed out waiting for {host}"
    if isinstance(err, requests.ConnectionError):
        reason = re.search(r"\[Errno -?\d+\] ([^'\")]+)", str(err))
        return f"cannot connect to {host}" + (f" ({reason.group(1)})" if reason else "")
    return f"{err} ({host})"


def unreachable(url: str, timeout: float) -> str | None:
    """Why the API's host cannot be reached (its name does not resolve, nothing listens),
    else None. A TCP connection only, no request: checked before anything else starts, so
    that a run without a network ends in a second, not after its retries."""
    if requests.utils.get_environ_proxies(url):
        return None         # reached through a proxy: only a request can tell
    where = urlparse(url)
    port = where.port or (443 if where.scheme == "https" else 80)
    try:
        socket.create_connection((where.hostname or "", port), timeout=timeout).close()
    except OSError as err:
        if isinstance(err, TimeoutError):
            return None     # slow is not unreachable: the requests' retries deal with it
        reason = err.strerror or str(err)
        return f"cannot connect to {where.scheme}://{where.netloc}{where.path} ({reason})"
    return None


def to_meta(result: arxiv.Result) -> PaperMeta:
    arxiv_id, version = split_entry_id(result.entry_id)
    return PaperMeta(
        arxiv_id=arxiv_id,
        version=version,
        title=result.title.strip(),
        authors=[a.name for a in result.authors],
        abstract=" ".join((result.summary or "").split()),
        categories=list(result.categories),
        primary_category=result.primary_category,
        published=result.published,
        updated=result.updated,
        # arXiv titles its PDF link "pdf"; other compatible servers may only type it.
        pdf_url=result.pdf_url or next(
            (link.href for link in result.links if link.content_type == "application/pdf"), None),
    )


@dataclass
class Listing:
    """What arXiv listed: one entry per paper, and what could not be used."""

    papers: list[PaperMeta]
    unreadable: int = 0          # feed entries without an id or dates, or with a bad id
    duplicates: int = 0          # entries listed again (across pages, or older versions)

    def __len__(self) -> int:
        return len(self.papers)

    def __iter__(self) -> Iterator[PaperMeta]:
        return iter(self.papers)


def discover(settings: Settings, categories: list[str], start: datetime, end: datetime,
             max_results: int | None = None, client: PoliteClient | None = None,
             ) -> Listing:
    """Every paper listed in the window, newest submission first, one entry per id."""
    client = client or PoliteClient(settings)
    search = arxiv.Search(
        query=build_query(categories, start.astimezone(UTC), end.astimezone(UTC)),
        max_results=max_results,
        sort_by=arxiv.SortCriterion.SubmittedDate,
        sort_order=arxiv.SortOrder.Descending,
    )
    by_id: dict[str, PaperMeta] = {}
    bad_ids = duplicates = 0
    for result in client.results(search):
        try:
            meta = to_meta(result)
        except ValueError as err:
            log.warning("skipping feed entry: %s", err)
            bad_ids += 1
            continue
        seen = by_id.get(meta.arxiv_id)
        if seen is not None:
            duplicates += 1
        if seen is None or meta.version > seen.version:
            by_id[meta.arxiv_id] = meta
    return Listing(list(by_id.values()), client.unreadable_entries + bad_ids, duplicates)
