"""Connections to the warehouse file, schema migrations and view loading.

DuckDB allows one writing process per file. Writers therefore hold the file only for
short loads (an ingest for HOLD_SECONDS at most, then it leaves the file free for a
moment); readers open it read-only and wait briefly for a writer.
"""

from __future__ import annotations

import csv
import fcntl
import hashlib
import os
import re
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from contextvars import ContextVar
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import duckdb

from flopwatch.extractors.data import SEEDED, data_bytes

SCHEMA_PACKAGE = "flopwatch.warehouse.schema"


class WarehouseError(Exception):
    """A problem with the warehouse file that the user can act on."""


@cache
def sql_files(package: str) -> tuple[tuple[str, str], ...]:
    """The package's .sql files in order; read once per process (every writer migrates)."""
    folder = resources.files(package)
    files = sorted((p for p in folder.iterdir() if p.name.endswith(".sql")),
                   key=lambda p: p.name)
    return tuple((p.name, p.read_text(encoding="utf-8")) for p in files)


@contextmanager
def transaction(con: duckdb.DuckDBPyConnection) -> Iterator[duckdb.DuckDBPyConnection]:
    """All of the block's statements, or none of them."""
    con.execute("begin")
    try:
        yield con
    except BaseException:
        con.execute("rollback")
        raise
    con.execute("commit")


def insert_rows(con: duckdb.DuckDBPyConnection, insert: str, rows: Sequence[Sequence[Any]],
                row_sql: str | None = None, suffix: str = "") -> None:
    """`insert` ("insert into t (a, b) values") for many rows at once, each row `row_sql`
    ("(?, ?, now(), ?)"; "(?, ?)" by default), then `suffix` ("on conflict ..."): the rows
    go in as one Arrow table, selected into the table in one statement. DuckDB runs
    executemany one row at a time, and binds a VALUES list's parameters one by one: the
    Arrow table is 5-10 times faster than the VALUES list, which is twenty times faster
    than executemany."""
    if not rows:
        return
    import pyarrow as pa  # (here: a command that writes nothing need not load it)

    width = len(rows[0])
    columns = {f"c{i}": _column([row[i] for row in rows]) for i in range(width)}
    names = iter(columns)
    select = re.sub(r"\?", lambda _: next(names),
                    (row_sql or f"({', '.join('?' * width)})").strip()[1:-1])
    view = f"_rows_{id(rows)}"
    con.register(view, pa.table(columns))
    try:
        con.execute(f"{insert.removesuffix('values').rstrip()} select {select} from {view} "
                    f"{suffix}")
    finally:
        con.unregister(view)


def _column(values: list[Any]) -> Any:
    """An Arrow array of the values; values of mixed kinds (a count given as "eight") as
    text, so that the insert, not Arrow, says which value its column cannot hold."""
    import pyarrow as pa

    try:
        return pa.array(values)
    except (pa.ArrowInvalid, pa.ArrowTypeError):
        return pa.array([None if v is None else str(v) for v in values], type=pa.string())


def scalar(con: duckdb.DuckDBPyConnection, sql: str, params: Sequence[Any] = ()) -> Any:
    """The one value a query returns (None for no row)."""
    row = con.execute(sql, params).fetchone()
    return None if row is None else row[0]


def _is_lock_error(err: Exception) -> bool:
    text = str(err)
    return "lock" in text.lower() and ("Conflicting" in text or "Could not set lock" in text)


def _open(path: Path, read_only: bool, wait_seconds: float,
          sandboxed: bool = True) -> duckdb.DuckDBPyConnection:
    config: dict[str, Any] = {}
    if read_only and sandboxed:
        # Ad-hoc SQL must not reach files, extensions or the network.
        config = {"enable_external_access": "false", "autoinstall_known_extensions": "false",
                  "autoload_known_extensions": "false"}
    deadline = time.monotonic() + wait_seconds
    while True:
        try:
            con = duckdb.connect(str(path), read_only=read_only, config=config)
            if read_only and sandboxed:
                con.execute("set lock_configuration = true")
            return con
        except duckdb.IOException as err:
            if _is_lock_error(err) and time.monotonic() < deadline:
                time.sleep(0.2)
                continue
            if _is_lock_error(err):
                raise WarehouseError(
                    f"warehouse {path} is busy: another flopwatch process is writing to it; "
                    "try again when it has finished"
                ) from err
            raise WarehouseError(f"cannot open warehouse {path}: {err}") from err
        except duckdb.Error as err:
            raise WarehouseError(f"cannot open warehouse {path}: {err}") from err


@contextmanager
def writer(path: Path, wait_seconds: float = 60.0) -> Iterator[duckdb.DuckDBPyConnection]:
    """A read-write connection with the schema and views up to date: inside a
    `shared_writer(path)` block, that block's connection."""
    shared = _SHARED_WRITER.get()
    if shared is not None and shared.path == path:
        with shared.use(wait_seconds) as con:
            yield con
        return
    con = _open_writer(path, wait_seconds)
    try:
        yield con
    finally:
        con.close()


def _open_writer(path: Path, wait_seconds: float) -> duckdb.DuckDBPyConnection:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise WarehouseError(f"cannot create the folder for warehouse {path}: {err}") from err
    con = _open(path, read_only=False, wait_seconds=wait_seconds)
    try:
        migrate(con)
    except BaseException:
        con.close()
        raise
    return con


# How long an ingest keeps the warehouse between closings, and how long it then leaves it
# free: queries wait for a writer polling every 0.2 s (_open), up to 10 s.
HOLD_SECONDS = 2.0
READERS_TURN_SECONDS = 0.3


class _SharedWriter:
    """One writer connection for many short writes. DuckDB checkpoints when a connection
    closes, which cost more than a batch's load (per load, opening and closing took 40% of
    a backfill's CPU in the flow); so the connection stays open across writes, and is
    closed after HOLD_SECONDS (at once if idle, else when the write in progress ends),
    then not opened again for READERS_TURN_SECONDS, so that a query waiting for the file
    gets it."""

    def __init__(self, path: Path, hold_seconds: float, readers_turn: float) -> None:
        self.path, self.hold_seconds, self.readers_turn = path, hold_seconds, readers_turn
        self.lock = threading.Lock()
        self.con: duckdb.DuckDBPyConnection | None = None
        self.users = 0
        self.due = False                    # held long enough: close when no one uses it
        self.closed_at = float("-inf")
        self.timer: threading.Timer | None = None

    @contextmanager
    def use(self, wait_seconds: float) -> Iterator[duckdb.DuckDBPyConnection]:
        with self.lock:
            if self.con is None:
                time.sleep(max(0.0, self.closed_at + self.readers_turn - time.monotonic()))
                self.con = _open_writer(self.path, wait_seconds)
                self.due = False
                self.timer = threading.Timer(self.hold_seconds, self._held_long_enough)
                self.timer.daemon = True
                self.timer.start()
            self.users += 1
            con = self.con
        failed = True
        try:
            yield con
            failed = False
        finally:
            with self.lock:
                self.users -= 1
                if self.users == 0 and (self.due or failed):
                    self._close()           # after an error, the next write starts afresh

    def _held_long_enough(self) -> None:
        with self.lock:
            self.due = True
            if self.users == 0:
                self._close()

    def close(self) -> None:
        with self.lock:
            self._close()

    def _close(self) -> None:
        if self.timer is not None:
            self.timer.cancel()
            self.timer = None
        if self.con is not None:
            self.con.close()
            self.con = None
            self.closed_at = time.monotonic()


_SHARED_WRITER: ContextVar[_SharedWriter | None] = ContextVar("flopwatch_shared_writer",
                                                              default=None)


@contextmanager
def shared_writer(path: Path, hold_seconds: float = HOLD_SECONDS,
                  readers_turn: float = READERS_TURN_SECONDS) -> Iterator[None]:
    """Within the block, every writer(path) it calls shares one connection (see
    _SharedWriter): for an ingest, whose loads come every second or so."""
    shared = _SharedWriter(path, hold_seconds, readers_turn)
    token = _SHARED_WRITER.set(shared)
    try:
        yield
    finally:
        _SHARED_WRITER.reset(token)
        shared.close()


def open_read_only(path: Path, wait_seconds: float = 10.0, sandboxed: bool = False,
                   any_duckdb: bool = False) -> duckdb.DuckDBPyConnection:
    """A read-only connection to an existing warehouse (the caller closes it). A warehouse
    an older flopwatch wrote gets this version's tables and views first, so that what
    reads it (the report, the notebook API) finds the views it knows; where the file
    cannot be written, it is read as it is. A DuckDB file that is no warehouse is refused,
    unless `any_duckdb` (a query may read any DuckDB file)."""
    if not path.exists():
        raise WarehouseError(f"no warehouse at {path}: run 'flopwatch ingest' first "
                             "(or set FLOPWATCH_DB)")
    con = _open(path, read_only=True, wait_seconds=wait_seconds, sandboxed=sandboxed)
    if not any_duckdb and not scalar(con, "select count(*) from duckdb_tables() where "
                                          "table_name in ('papers', 'warehouse_meta')"):
        con.close()
        raise WarehouseError(f"{path} is a DuckDB file but no flopwatch warehouse (it has "
                             "no papers table): give the warehouse's path with --db or "
                             "FLOPWATCH_DB")
    stored = _stored_fingerprint(con)
    if stored in (None, _fingerprint()) or not os.access(path, os.W_OK):
        return con                  # current, not flopwatch's, or not ours to change
    con.close()
    with writer(path, wait_seconds):
        pass
    return _open(path, read_only=True, wait_seconds=wait_seconds, sandboxed=sandboxed)


def _stored_fingerprint(con: duckdb.DuckDBPyConnection) -> str | None:
    try:
        value = scalar(con, "select value from warehouse_meta where key = 'fingerprint'")
        return None if value is None else str(value)
    except duckdb.CatalogException:
        return None                 # no flopwatch warehouse: a DuckDB file of its own


@contextmanager
def _existing(path: Path, wait_seconds: float, sandboxed: bool,
              any_duckdb: bool = False) -> Iterator[duckdb.DuckDBPyConnection]:
    con = open_read_only(path, wait_seconds, sandboxed, any_duckdb)
    try:
        yield con
    finally:
        con.close()


def reader(path: Path, wait_seconds: float = 10.0, any_duckdb: bool = False
           ) -> AbstractContextManager[duckdb.DuckDBPyConnection]:
    """A read-only connection that cannot write, attach files or load extensions."""
    return _existing(path, wait_seconds, sandboxed=True, any_duckdb=any_duckdb)


def exporter(path: Path, wait_seconds: float = 10.0) -> AbstractContextManager[
        duckdb.DuckDBPyConnection]:
    """A read-only connection that may write files (COPY), for exports only."""
    return _existing(path, wait_seconds, sandboxed=False)


@cache
def _fingerprint() -> str:
    from flopwatch.warehouse.views import views

    digest = hashlib.sha256()
    sources = [*sql_files(SCHEMA_PACKAGE), *((v.name, v.sql) for v in views())]
    for name, sql in sources:
        digest.update(name.encode() + b"\0" + sql.encode())
    for name in SEEDED:
        digest.update(data_bytes(name))
    return digest.hexdigest()


def migrate(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Apply schema files not yet applied, then (re)create every view in file order, load
    the accelerator catalog, the plausibility checks and the descriptions; the last steps
    only when a file changed."""
    con.execute("create table if not exists schema_migrations ("
                "name varchar primary key, applied_at timestamptz default now())")
    con.execute("create table if not exists warehouse_meta ("
                "key varchar primary key, value varchar not null)")
    done = {r[0] for r in con.execute("select name from schema_migrations").fetchall()}
    applied = []
    for name, sql in sql_files(SCHEMA_PACKAGE):
        if name in done:
            continue
        with transaction(con):
            con.execute(sql)
            con.execute("insert into schema_migrations (name) values (?)", [name])
        # into the file at once: DuckDB 1.5 cannot replay some schema statements from the
        # write-ahead log ("GetDefaultDatabase with no default database set", duckdb#22044),
        # so a process killed before the checkpoint at the end left a warehouse that would
        # not open again
        con.execute("checkpoint")
        applied.append(name)
    fingerprint = _fingerprint()
    if _stored_fingerprint(con) == fingerprint:
        if applied:
            con.execute("checkpoint")
        return applied
    from flopwatch.warehouse.docs import apply_comments
    from flopwatch.warehouse.reference import sync_benchmarks, sync_catalog, sync_checks
    from flopwatch.warehouse.views import views

    sync_catalog(con)
    sync_checks(con)
    sync_benchmarks(con)
    with transaction(con):
        for view in views():
            con.execute(view.sql)
        apply_comments(con)
        con.execute("insert or replace into warehouse_meta values ('fingerprint', ?)",
                    [fingerprint])
    # Schema changes go into the file now, not only into the write-ahead log: DuckDB 1.5
    # cannot replay some of them (a comment on a column of a table with a function default,
    # a list default) after a crash, and the warehouse would not open again.
    con.execute("checkpoint")
    return applied


def read_csv_rows(path: Path, error: type[WarehouseError] = WarehouseError) -> list[list[str]]:
    """Every row of a user's CSV file (a BOM allowed); one that cannot be read raises
    `error` with a message naming the file."""
    try:
        with path.open(encoding="utf-8-sig", newline="") as fh:
            return list(csv.reader(fh))
    except OSError as err:
        raise error(f"cannot read {path}: {err.strerror}") from None
    except (UnicodeDecodeError, csv.Error) as err:
        raise error(f"{path} is not a readable CSV: {err}") from None


class WarehouseBusyError(WarehouseError):
    """Another ingest holds the warehouse."""


_HELD: dict[Path, int] = {}   # locks this process holds, and how many times


@contextmanager
def exclusive_ingest(path: Path) -> Iterator[None]:
    """One ingest at a time per warehouse file: a second one is refused, not interleaved.

    The lock is an OS file lock, so it is released when its process dies, even by SIGKILL.
    It is reentrant within a process: the command line takes it before Prefect starts (so
    a second ingest is refused at once), and the flow it runs takes it again.
    """
    key = path.resolve()
    if _HELD.get(key):
        _HELD[key] += 1
        try:
            yield
        finally:
            _HELD[key] -= 1
        return
    lock_path = path.with_name(path.name + ".ingest.lock")
    try:
        lock_path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as err:
        raise WarehouseError(f"cannot create lock file {lock_path}: {err}") from err
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 64, 0).decode(errors="replace").strip() or "unknown"
            raise WarehouseBusyError(
                f"another ingest (pid {holder}) is running on {path}; "
                "wait for it to finish"
            ) from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, str(os.getpid()).encode(), 0)
        _HELD[key] = 1
        try:
            yield
        finally:
            _HELD.pop(key, None)
    finally:
        os.close(fd)
