"""The fault suite: bad PDFs, bad text, killed runs and concurrent use lose nothing.

Bad inputs are made here (with PyMuPDF, or by damaging the project's own sample PDFs),
served by the local arXiv-compatible server, and run through the real flow.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

import duckdb
import pymupdf
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from flopwatch.cli import main
from flopwatch.extractors.paper import extract_text
from flopwatch.extractors.pdf_text import Block, Page, PdfText
from flopwatch.flows.budget import BudgetExceeded, parse_many_with_budget, parse_with_budget
from flopwatch.flows.pdf_cache import check_pdf_bytes
from flopwatch.warehouse.db import exclusive_ingest
from tests.faulty_arxiv import Fault, FaultyArxiv
from tests.snapshots import warehouse_snapshot

WINDOW = ["--from", "2014-01-01", "--to", "2024-12-31"]


# --- bad PDFs ---------------------------------------------------------------------------
def _pdf(build) -> bytes:
    doc = pymupdf.open()
    build(doc)
    return doc.tobytes()


def _random_bytes(seed: int) -> bytes:
    rng = random.Random(seed)
    return b"%PDF-1.7\n" + rng.randbytes(20_000) + b"\n%%EOF\n"


def _bit_flipped(good: bytes, seed: int) -> bytes:
    rng = random.Random(seed)
    data = bytearray(good)
    for _ in range(400):
        data[rng.randrange(200, len(data) - 200)] ^= 1 << rng.randrange(8)
    return bytes(data)


def _encrypted() -> bytes:
    doc = pymupdf.open()
    doc.new_page().insert_text((72, 72), "We trained on 8 GPUs. " * 30)
    return doc.tobytes(encryption=pymupdf.PDF_ENCRYPT_AES_256, user_pw="u", owner_pw="o")


def _image_only() -> bytes:
    def build(doc):
        pix = pymupdf.Pixmap(pymupdf.csRGB, pymupdf.IRect(0, 0, 64, 64), False)
        pix.clear_with(128)
        doc.new_page().insert_image(pymupdf.Rect(0, 0, 612, 792), pixmap=pix)
    return _pdf(build)


ZERO_PAGES = (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
              b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
              b"trailer<</Root 1 0 R>>\n%%EOF\n")


def _many_pages(n: int) -> bytes:
    def build(doc):
        for i in range(n):
            doc.new_page(width=200, height=200).insert_text((20, 40), f"page {i}")
    return _pdf(build)


def _huge_page() -> bytes:
    def build(doc):
        page = doc.new_page(width=14400, height=14400)
        for i in range(200):
            page.insert_text((50, 60 + 70 * i), "We trained on 8 NVIDIA V100 GPUs. " * 20,
                             fontsize=11)
    return _pdf(build)


def test_bad_pdfs_fail_alone_with_a_reason(env: Path, arxiv_server: FaultyArxiv,
                                           monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("FLOPWATCH_MAX_PAGES", "300")
    good = arxiv_server.entries[0]
    bad = {
        "random": _random_bytes(1), "bitflip": _bit_flipped(good.pdf, 2),
        "encrypted": _encrypted(), "imageonly": _image_only(), "zeropages": ZERO_PAGES,
        "thousand": _many_pages(1000), "hugepage": _huge_page(),
    }
    ids = {}
    for n, (kind, body) in enumerate(bad.items(), start=1):
        arxiv_id = f"2101.9{n:04d}"
        ids[kind] = arxiv_id
        arxiv_server.add(replace(good, arxiv_id=arxiv_id, categories=["cs.LG"], pdf=body))
    assert main(["ingest", *WINDOW]) == 0
    with duckdb.connect(str(env / "wh.duckdb"), read_only=True) as con:
        rows = {r[0]: r[1:] for r in con.execute(
            "select arxiv_id, status, error from papers").fetchall()}
    status = {kind: rows[i][0] for kind, i in ids.items()}
    errors = {kind: rows[i][1] or "" for kind, i in ids.items()}
    assert status["encrypted"] == "failed" and "encrypted" in errors["encrypted"]
    assert status["imageonly"] == "no_text" and "image-only" in errors["imageonly"]
    assert status["zeropages"] == "failed" and "no pages" in errors["zeropages"]
    assert status["thousand"] == "failed" and "300-page limit" in errors["thousand"]
    assert status["random"] == "failed" and errors["random"]
    assert status["hugepage"] in {"ok", "failed"}        # read, or refused with a reason
    assert status["bitflip"] in {"ok", "no_text", "failed"}
    assert all(v[0] != "failed" or v[1] for v in rows.values())   # every failure says why
    originals = [e.arxiv_id for e in arxiv_server.entries if e.arxiv_id not in ids.values()
                 and "cs.LG" in [*e.categories, "cs.CV", "cs.CL"]]
    assert all(rows[i][0] == "ok" for i in originals if i in rows)  # the batch went on


def _text_heavy(pages: int) -> bytes:
    def build(doc):
        for _ in range(pages):
            page = doc.new_page()
            for j in range(50):
                page.insert_text((30, 20 + 15 * j), "We trained on 8 NVIDIA V100 GPUs for 3 "
                                 "days; the model has 25M parameters. " * 2, fontsize=7)
    return _pdf(build)


def test_parse_budget_stops_slow_and_greedy_parses(tmp_path: Path):
    from flopwatch.extractors.pdf_text import PdfReadError

    path = tmp_path / "p.pdf"
    path.write_bytes(_text_heavy(40))
    with pytest.raises(BudgetExceeded, match=r"longer than the 0\.001 s budget"):
        parse_with_budget(path, "p", seconds=0.001, memory_mb=2048, max_pages=0)
    # MuPDF reports a failed allocation as anything up to "failed to open file"; where the
    # allocation fails depends on the memory left, so try a budget that fails at once too.
    for budget in (1, 32):
        with pytest.raises(PdfReadError, match=f"the {budget} MB memory budget"):
            parse_with_budget(path, "p", seconds=120, memory_mb=budget, max_pages=0)
    with pytest.raises(PdfReadError, match="40 pages, over the 10-page limit"):
        parse_with_budget(path, "p", seconds=120, memory_mb=2048, max_pages=10)
    parsed = parse_with_budget(path, "p", seconds=120, memory_mb=2048, max_pages=0)
    assert parsed.pages == 40 and parsed.record["hardware"]


def test_a_batch_shares_a_child_and_one_failure_stays_the_papers_own(tmp_path: Path):
    from flopwatch.extractors.pdf_text import PdfReadError

    good, long, broken = (tmp_path / f"{n}.pdf" for n in ("good", "long", "broken"))
    good.write_bytes(_text_heavy(2))
    long.write_bytes(_text_heavy(40))
    broken.write_bytes(b"%PDF-1.4\n" + b"x" * 5000)
    papers = [(good, "a"), (long, "b"), (good, "c"), (broken, "d"), (good, "e")]
    outcomes = parse_many_with_budget(papers, seconds=120, memory_mb=2048, max_pages=10)
    assert [type(o).__name__ for o in outcomes] == [
        "Parsed", "PdfReadError", "Parsed", "PdfReadError", "Parsed"]
    assert "over the 10-page limit" in str(outcomes[1])
    assert [o.record["paper"] for o in outcomes if not isinstance(o, PdfReadError)] == \
        ["a", "c", "e"]
    # a paper over the time budget fails alone; the child is killed, a new one goes on
    slow = parse_many_with_budget([(long, "slow"), (good, "after")], seconds=0.001,
                                  memory_mb=2048, max_pages=0)
    assert isinstance(slow[0], BudgetExceeded) and len(slow) == 2


@pytest.mark.parametrize("body, reason", [
    (b"", "empty"), (b"<html>Too many requests</html>" + b" " * 100, "not a PDF"),
    (b"%PDF-1.4\n" + b"x" * 5000, "truncated"),
])
def test_download_checks(body: bytes, reason: str):
    from flopwatch.flows.pdf_cache import BadPdfError

    with pytest.raises(BadPdfError, match=reason):
        check_pdf_bytes(body[:1024], body[-4096:], len(body), 10 * 1024 * 1024)


# --- bad text -------------------------------------------------------------------------
_WORDS = st.sampled_from([
    "We", "trained", "on", "8", "eight", "NVIDIA", "V100", "GPUs", "TPU", "v3-8", "for",
    "3.5", "days", "hours", "weeks", "100000", "2023", "-", "–", "x", "×", "GPU-hours",
    "FLOPs", "1.5B", "parameters", "top-1", "accuracy", "%", "250", "BLEU", "ImageNet",
    "COCO", "AP", "of", "between", "and", "1e30", "·", "1019", "[12]", "et", "al.", "per",
    "epoch", ".", ",", "(", ")", "\n", "0", "-5", "∼10", "Table", "1:", "a", "cluster",
])


def _sane(record: dict) -> None:
    for h in record["hardware"]:
        assert h["count"] is None or 1 <= h["count"] <= 100_000
        assert h["role"] in {"training", "inference"}
    for t in record["training_time"]:
        assert 0 < t["hours"] <= 24 * 366 and (t["hours_low"] is None or
                                               0 < t["hours_low"] <= t["hours"])
    for d in record["device_time"]:
        assert d["device_hours"] > 0
    for c in record["compute"]:
        assert c["value"] > 0 and c["unit"] in {"FLOPs", "MACs", "PF-days"}
    for p in record["parameters"]:
        assert 1e4 <= p["value"] <= 1e14
    for r in record["results"]:
        assert 0 < r["value"] <= 100


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_WORDS, min_size=1, max_size=60).map(" ".join))
def test_rules_never_raise_and_stay_in_bounds(text: str):
    page = Page(1, text, (), (Block(0, 0.0, 10.0, text),), 612.0)
    _sane(extract_text("h", PdfText([page])))


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=400))
def test_rules_never_raise_on_any_string(text: str):
    page = Page(1, text, (), (Block(0, 0.0, 10.0, text),), 612.0)
    _sane(extract_text("h", PdfText([page])))


def test_page_numbers_and_years_are_not_counts():
    text = "12\n\nWe trained the network on GPUs in 2017 for a week.\n\n100000 GPUs"
    blocks, offset = [], 0
    for part in text.split("\n\n"):
        blocks.append(Block(offset, 0.0, 10.0, part))
        offset += len(part) + 2
    record = extract_text("p", PdfText([Page(1, text, (), tuple(blocks), 612.0)]))
    assert all(h["count"] in {None} for h in record["hardware"]
               if h["accelerator"] != "NVIDIA GPU (unspecified)")
    assert not any(h["count"] in {12, 2017} for h in record["hardware"])


# --- killed runs ----------------------------------------------------------------------
@pytest.mark.slow
def test_killed_ingests_leave_what_a_clean_run_leaves(env: Path, arxiv_server: FaultyArxiv,
                                                      prefect_harness, tmp_path: Path):
    import prefect.settings

    clean_db = tmp_path / "clean.duckdb"
    child_env = {**os.environ, "PREFECT_API_URL": prefect.settings.PREFECT_API_URL.value(),
                 "FLOPWATCH_ARXIV_DELAY": "0.3"}
    script = Path(sys.executable).with_name("flopwatch")

    def run(db: Path, cache: Path, kill_after: float | None) -> int | None:
        log = tmp_path / "last-run.log"
        with log.open("w") as out:
            proc = subprocess.Popen([str(script), "ingest", *WINDOW],
                                    env={**child_env, "FLOPWATCH_DB": str(db),
                                         "FLOPWATCH_CACHE_DIR": str(cache)},
                                    stdout=out, stderr=subprocess.STDOUT)
        try:
            code = proc.wait(timeout=kill_after) if kill_after else proc.wait(timeout=300)
            assert code == 0, log.read_text()[-3000:]
            return code
        except subprocess.TimeoutExpired:
            proc.send_signal(signal.SIGKILL)
            proc.wait()
            return None

    assert run(clean_db, tmp_path / "clean-cache", None) == 0
    db, cache = env / "wh.duckdb", env / "cache"
    rng = random.Random(7)
    kills, deadline = 0, time.monotonic() + 120
    while kills < 5 and time.monotonic() < deadline:
        if run(db, cache, rng.uniform(0.5, 6.0)) is None:
            kills += 1
        else:
            break                   # finished before the kill: nothing left to interrupt
    assert kills >= 1
    assert run(db, cache, None) == 0
    assert warehouse_snapshot(db) == warehouse_snapshot(clean_db)
    for pdf in cache.rglob("*.pdf"):
        body = pdf.read_bytes()
        check_pdf_bytes(body[:1024], body[-4096:], len(body), 100 * 1024 * 1024)
    assert not list(cache.rglob(".part-*"))


# --- concurrent use -------------------------------------------------------------------
def test_readers_during_a_run_get_answers_or_a_clear_message(env: Path, prefect_harness,
                                                             capsys: pytest.CaptureFixture):
    """`flopwatch sql` from another process while an ingest writes: a right answer, or the
    clear 'busy' message after a short wait; never a wrong answer or a traceback."""
    import prefect.settings

    child_env = {**os.environ, "PREFECT_API_URL": prefect.settings.PREFECT_API_URL.value(),
                 "FLOPWATCH_ARXIV_DELAY": "0.3"}
    script = Path(sys.executable).with_name("flopwatch")
    writer_proc = subprocess.Popen([str(script), "ingest", *WINDOW], env=child_env,
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    outcomes: list[str] = []
    try:
        while writer_proc.poll() is None and len(outcomes) < 200:
            code = main(["sql", "select count(*) from papers", "--format", "csv"])
            out, err = capsys.readouterr()
            if code == 0:
                assert 0 <= int(out.split()[1]) <= 8
                outcomes.append("answer")
            else:
                assert ("busy" in err or "no warehouse" in err) and "Traceback" not in err
                outcomes.append("busy" if "busy" in err else "absent")
            time.sleep(0.05)
    finally:
        assert writer_proc.wait(timeout=300) == 0
    assert "answer" in outcomes, outcomes
    assert main(["sql", "select count(*) from papers", "--format", "csv"]) == 0
    assert capsys.readouterr().out.split()[1] == "8"


def test_a_second_ingest_is_refused_clearly(env: Path, prefect_harness,
                                           capsys: pytest.CaptureFixture):
    db = env / "wh.duckdb"
    # another process runs an ingest: it holds the lock until told to stop
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sys; from pathlib import Path; "
         "from flopwatch.warehouse.db import exclusive_ingest\n"
         f"with exclusive_ingest(Path({str(db)!r})):\n"
         "    print('held', flush=True); sys.stdin.readline()"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
        cwd=Path(__file__).resolve().parents[1])
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        assert main(["ingest", *WINDOW]) == 1
        assert f"another ingest (pid {holder.pid})" in capsys.readouterr().err
        # refused before the flow started: no run was recorded
        with duckdb.connect(str(db), read_only=True) as con:
            assert con.execute("select count(*) from ingest_runs").fetchone() == (0,)
    finally:
        holder.communicate("\n", timeout=30)
    # in one process the lock is reentrant: the command line holds it around the flow,
    # which takes it again
    with exclusive_ingest(db), exclusive_ingest(db):
        pass
    assert main(["ingest", *WINDOW]) == 0


def _children(pid: int) -> list[int]:
    """Processes whose parent is `pid`, from /proc."""
    out = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(stat[1]) == pid and stat[0] != "Z":
                out.append(int(entry.name))
    return out


def _running(pid: int) -> bool:
    try:
        return (Path(f"/proc/{pid}") / "stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def _signalled_ingest(arxiv_server: FaultyArxiv, tmp_path: Path,
                      sig: signal.Signals) -> tuple[int | None, list[int], str]:
    """An ingest sent `sig` while it downloads (its PDFs hang): its exit code, the
    processes of the Prefect server it had started, and what it printed."""
    arxiv_server.inject(Fault("pdf", "hang", times=100, seconds=60))
    child_env = {k: v for k, v in os.environ.items() if k != "PREFECT_API_URL"}
    log = tmp_path / "run.log"
    with log.open("w") as out:
        # (-v: each download is logged, the sign the run is under way)
        proc = subprocess.Popen([str(Path(sys.executable).with_name("flopwatch")), "ingest",
                                 "-v", *WINDOW], env=child_env, stdout=out,
                                stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 120
        while "download" not in log.read_text() and time.monotonic() < deadline:
            time.sleep(0.3)          # the run has started its server and is downloading
        servers = [p for p in _children(proc.pid) if b"uvicorn" in _cmdline(p)]
        assert servers, log.read_text()[-2000:]
        proc.send_signal(sig)
        code = proc.wait(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
    deadline = time.monotonic() + 30
    while any(_running(p) for p in servers) and time.monotonic() < deadline:
        time.sleep(0.3)
    return code, servers, log.read_text()


def test_sigterm_stops_the_run_and_its_prefect_server(env: Path, arxiv_server: FaultyArxiv,
                                                      tmp_path: Path):
    """kill -TERM ends an ingest as Ctrl-C does, and the temporary Prefect server the run
    started goes with it (it used to keep listening for minutes)."""
    code, servers, printed = _signalled_ingest(arxiv_server, tmp_path, signal.SIGTERM)
    assert code == 130 and "flopwatch: interrupted" in printed
    assert not any(_running(p) for p in servers)
    # the run is recorded as interrupted, not left 'running'
    import duckdb

    with duckdb.connect(str(env / "wh.duckdb"), read_only=True) as con:
        assert con.execute("select status from ingest_runs").fetchall() == [("interrupted",)]


def test_kill_9_of_an_ingest_leaves_no_prefect_server(env: Path, arxiv_server: FaultyArxiv,
                                                      tmp_path: Path):
    """A killed ingest cannot stop the server it started; its watchdog does."""
    code, servers, _ = _signalled_ingest(arxiv_server, tmp_path, signal.SIGKILL)
    assert code == -signal.SIGKILL
    assert not any(_running(p) for p in servers)


def _cmdline(pid: int) -> bytes:
    try:
        return (Path(f"/proc/{pid}") / "cmdline").read_bytes()
    except OSError:
        return b""


def test_a_paper_whose_facts_cannot_be_stored_fails_alone_at_load(tmp_path: Path):
    from datetime import UTC, datetime

    from flopwatch.flows.discover import PaperMeta
    from flopwatch.flows.ingest import Outcome, load_batch
    from flopwatch.flows.parse import Parsed
    from flopwatch.flows.settings import Settings

    def outcome(arxiv_id: str, count: object) -> Outcome:
        when = datetime(2020, 1, 1, tzinfo=UTC)
        record = {"paper": arxiv_id, "extractor_version": "t", "pages": 1, "mentions": [],
                  "training_time": [], "device_time": [], "compute": [], "parameters": [],
                  "results": [], "held_back": [], "models": [], "training_schedule": [],
                  "hardware": [{"accelerator": "NVIDIA V100", "count": count,
                                "count_unit": "devices", "role": "training",
                                "quote": "8 V100s", "page": 1}]}
        return Outcome(PaperMeta(arxiv_id, 1, "t", [], "", ["cs.LG"], when, when),
                       None, Parsed(1, 100, True, record), None)

    settings = replace(Settings.from_env(), db_path=tmp_path / "w.duckdb")
    batch = [outcome("2001.00001", 8), outcome("2001.00002", "eight"),
             outcome("2001.00003", 4)]
    stored = load_batch(settings, "r1", batch)
    assert [o.failure[0] if o.failure else "ok" for o in stored] == ["ok", "load", "ok"]
    assert "eight" in stored[1].failure[1]
    with duckdb.connect(str(settings.db_path), read_only=True) as con:
        assert con.execute("select arxiv_id, status from papers order by 1").fetchall() == [
            ("2001.00001", "ok"), ("2001.00002", "failed"), ("2001.00003", "ok")]
        assert con.execute("select arxiv_id, count from paper_hardware order by 1"
                           ).fetchall() == [("2001.00001", 8), ("2001.00003", 4)]
        assert con.execute("select arxiv_id, step from ingest_failures").fetchall() == [
            ("2001.00002", "load")]
