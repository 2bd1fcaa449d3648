"""Discovery with the real `arxiv` client against the local server: paging, faults, ids."""

from __future__ import annotations

from datetime import UTC, datetime

import arxiv
import pytest

from flopwatch.flows.discover import (
    DiscoveryError,
    PoliteClient,
    build_query,
    discover,
    retry_after_seconds,
    split_entry_id,
)
from flopwatch.flows.settings import Settings
from tests.faulty_arxiv import Fault, FaultyArxiv

START, END = datetime(2014, 1, 1, tzinfo=UTC), datetime(2024, 12, 31, tzinfo=UTC)
CATS = ["cs.LG", "cs.CV", "cs.CL"]


@pytest.fixture
def settings(env) -> Settings:
    return Settings.from_env()


@pytest.mark.parametrize("entry_id, expected", [
    ("http://arxiv.org/abs/1706.03762v5", ("1706.03762", 5)),
    ("https://arxiv.org/abs/2401.04088v1", ("2401.04088", 1)),
    ("http://arxiv.org/abs/hep-th/9901001v2", ("hep-th/9901001", 2)),
    ("http://arxiv.org/abs/math.GT/0309136v1", ("math.GT/0309136", 1)),
    ("1409.0473", ("1409.0473", 1)),
])
def test_split_entry_id(entry_id: str, expected: tuple[str, int]):
    assert split_entry_id(entry_id) == expected


def test_split_entry_id_refuses_non_ids():
    with pytest.raises(ValueError, match="not an arXiv id"):
        split_entry_id("http://arxiv.org/abs/../../etc/passwd")


def test_query_combines_categories_and_window():
    q = build_query(["cs.LG", "stat.ML"], START, END)
    assert q == "(cat:cs.LG OR cat:stat.ML) AND submittedDate:[201401010000 TO 202412310000]"


def test_discover_pages_newest_first(settings: Settings, arxiv_server: FaultyArxiv):
    papers = discover(settings, CATS, START, END)
    assert [p.arxiv_id for p in papers] == [
        "2311.90006", "2201.90009", "2108.90005", "2003.90004", "1905.90008", "1811.90003",
        "1709.90002", "1506.90001"]
    revised = next(p for p in papers if p.arxiv_id == "1811.90003")
    assert revised.version == 2 and revised.updated > revised.published
    assert revised.pdf_url.endswith("/pdf/1811.90003v2")
    assert sum(r.startswith("/api/query") for r in arxiv_server.requests) == 4


def test_window_and_max_results_limit_the_listing(settings: Settings, arxiv_server: FaultyArxiv):
    papers = discover(settings, CATS, datetime(2017, 1, 1, tzinfo=UTC),
                      datetime(2020, 12, 31, tzinfo=UTC), max_results=2)
    assert [p.arxiv_id for p in papers] == ["2003.90004", "1905.90008"]


def test_retry_after_is_honoured(settings: Settings, arxiv_server: FaultyArxiv):
    waits: list[float] = []
    arxiv_server.inject(Fault("query", 429, headers={"Retry-After": "7"}))
    client = PoliteClient(settings, sleep=waits.append)
    assert len(discover(settings, CATS, START, END, client=client)) == 8
    assert waits == [7.0]


def test_backoff_doubles_then_gives_up_with_the_reason(settings: Settings,
                                                      arxiv_server: FaultyArxiv):
    waits: list[float] = []
    arxiv_server.inject(Fault("query", 503, times=100))
    client = PoliteClient(settings, sleep=waits.append)
    with pytest.raises(DiscoveryError, match=r"after 5 tries: HTTP 503 from http://127"):
        discover(settings, CATS, START, END, client=client)
    assert waits == [0.01, 0.02, 0.04, 0.08]


def test_empty_page_midway_is_retried_not_taken_as_the_end(settings: Settings,
                                                           arxiv_server: FaultyArxiv):
    client = PoliteClient(settings, sleep=lambda s: None)
    results = client.results(arxiv.Search(query=build_query(CATS, START, END),
                                          max_results=None))
    first = next(results)                       # the first page is fetched
    arxiv_server.inject(Fault("query", "empty"))
    rest = list(results)                        # the second page comes back empty once
    assert 1 + len(rest) == 8 and client.retries_used == 1 and first


def test_hanging_server_times_out(settings: Settings, arxiv_server: FaultyArxiv,
                                  monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("FLOPWATCH_HTTP_TIMEOUT", "0.3")
    monkeypatch.setenv("FLOPWATCH_HTTP_RETRIES", "1")
    arxiv_server.inject(Fault("query", "hang", times=1, seconds=2))
    fast = Settings.from_env()
    papers = discover(fast, CATS, START, END, client=PoliteClient(fast, sleep=lambda s: None))
    assert len(papers) == 8


@pytest.mark.parametrize("headers, expected", [
    ({"Retry-After": "12"}, 12.0), ({"retry-after": "1e9"}, 300.0), ({}, None),
    ({"Retry-After": "Wed, 21 Oct 2015 07:28:00 GMT"}, None),
])
def test_retry_after_seconds(headers: dict[str, str], expected: float | None):
    assert retry_after_seconds(headers) == expected


def test_duplicate_entries_are_listed_once_and_counted(settings: Settings,
                                                       arxiv_server: FaultyArxiv):
    arxiv_server.inject(Fault("query", "duplicate"))
    listing = discover(settings, CATS, START, END)
    assert len(listing) == 8 and listing.duplicates == 1 and listing.unreadable == 0
    assert len({p.arxiv_id for p in listing}) == 8


def test_entries_missing_fields_are_counted_not_lost_silently(settings: Settings,
                                                              arxiv_server: FaultyArxiv):
    arxiv_server.inject(Fault("query", "missing"))
    listing = discover(settings, CATS, START, END)
    assert len(listing) == 7 and listing.unreadable == 1


@pytest.mark.parametrize("url, reason", [
    # nothing listens on the discard port of this machine
    ("http://127.0.0.1:9/api/query", "cannot connect to http://127.0.0.1:9/api/query"),
    # .invalid never resolves (RFC 2606)
    ("http://export.arxiv.invalid/api/query", "cannot connect to http://export.arxiv.invalid"),
])
def test_an_unreachable_api_fails_at_once(settings: Settings, url: str, reason: str):
    from dataclasses import replace

    waits: list[float] = []
    unreachable = replace(settings, api_url=url, retries=4)
    client = PoliteClient(unreachable, sleep=waits.append)
    with pytest.raises(DiscoveryError) as failed:
        discover(unreachable, CATS, START, END, client=client)
    assert reason in str(failed.value) and "tries" not in str(failed.value)
    assert waits == [] and client.retries_used == 0


def test_a_client_error_is_not_retried(settings: Settings, arxiv_server: FaultyArxiv):
    waits: list[float] = []
    arxiv_server.inject(Fault("query", 400, times=100))
    client = PoliteClient(settings, sleep=waits.append)
    with pytest.raises(DiscoveryError, match=r"arXiv API failed: HTTP 400 from http://127"):
        discover(settings, CATS, START, END, client=client)
    assert waits == []
