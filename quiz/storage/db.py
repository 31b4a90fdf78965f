"""Engines, sessions and migrations: SQLite (WAL) by default, PostgreSQL through psycopg 3."""
from __future__ import annotations

import fcntl
import os
import sqlite3
import threading
import time
import weakref
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker

__all__ = ["make_engine", "upgrade", "downgrade", "session_factory", "normalize_url", "write_lock", "MIGRATIONS",
           "WRITE_OPTION", "SYNCHRONOUS", "run", "transaction"]

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
# Execution option that makes a SQLite transaction take the write lock at BEGIN (see _begin).
WRITE_OPTION = "quiz_write"


def normalize_url(url: str) -> str:
    """Map `postgresql://` and `postgres://` URLs to the psycopg 3 driver; leave others alone."""
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


# SQLite's `synchronous` in WAL mode, "normal" unless the URL ends in `?synchronous=full`.
# NORMAL writes every commit to the WAL file before COMMIT returns and syncs the WAL to disk at checkpoints:
# a committed (acknowledged) answer survives a killed worker or server process, since it is in the OS's file
# cache; after an OS crash or power cut the last commits before the latest checkpoint may be rolled back
# (the database stays consistent). FULL also syncs at every commit, which survives a power cut too, but costs
# an fsync inside the write lock (0.3-4 ms on the test machine's disk), and that caps all writers together
# at a few hundred answers a second.
SYNCHRONOUS = ("normal", "full")
BUSY_TIMEOUT_MS = 5000


def make_engine(url: str, **kwargs: Any) -> Engine:
    """Create an engine; SQLite gets WAL, foreign keys, a busy timeout and its folder created.

    A SQLite URL may end in `?synchronous=full` (default `normal`, see SYNCHRONOUS).
    """
    url = normalize_url(url)
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        kwargs.setdefault("pool_pre_ping", True)
        return create_engine(url, **kwargs)
    synchronous = parsed.query.get("synchronous", "normal")
    if synchronous not in SYNCHRONOUS:
        raise ValueError(f"synchronous={synchronous!r}: use one of {SYNCHRONOUS}")
    parsed = parsed.difference_update_query(["synchronous"])
    database = parsed.database or ""
    if database and database != ":memory:" and not database.startswith("file:"):
        Path(database).expanduser().parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(parsed, **kwargs)
    event.listen(engine, "connect", lambda dbapi_connection, _record: _sqlite_connect(dbapi_connection, synchronous))
    event.listen(engine, "begin", _sqlite_begin)
    return engine


def _sqlite_connect(dbapi_connection: Any, synchronous: str = "normal") -> None:
    # Let SQLAlchemy, not the sqlite3 module, decide where transactions begin (so DDL and reads are inside).
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute(f"PRAGMA synchronous={synchronous.upper()}")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cursor.close()


def _sqlite_begin(conn: Any) -> None:
    # A writer takes the lock up front: waiting on busy_timeout beats failing on a lock upgrade later.
    # On the driver's connection: through exec_driver_sql a BEGIN cost as much as a whole query (answers run two).
    driver = conn.connection.driver_connection
    statement = "BEGIN IMMEDIATE" if conn.get_execution_options().get(WRITE_OPTION, False) else "BEGIN"
    try:
        if driver.in_transaction:  # transaction() began one on the driver: SQLAlchemy's joins it
            return
    except sqlite3.Error as exc:  # a closed connection
        raise DBAPIError.instance(statement, (), exc, sqlite3.Error) from exc
    _driver_execute(driver, statement)


def _driver_execute(driver: sqlite3.Connection, statement: str) -> None:
    """Execute BEGIN, COMMIT or ROLLBACK on SQLite's driver; errors raised as SQLAlchemy would raise them."""
    try:
        driver.execute(statement)
    except sqlite3.Error as exc:  # "database is locked": OperationalError
        raise DBAPIError.instance(statement, (), exc, sqlite3.Error) from exc


@contextmanager
def transaction(conn: Connection, *, write: bool = False) -> Iterator[Connection]:
    """Run the block in one transaction on `conn`: committed at its end, rolled back if it raises.

    `write`: SQLite takes its write lock at BEGIN (BEGIN IMMEDIATE, as WRITE_OPTION does). On SQLite, with
    nothing listening to statements or transactions, BEGIN and COMMIT go straight to the driver and `run`
    executes inside: SQLAlchemy's transaction bookkeeping cost as much as the statements of the answer path it
    wrapped. Anything in the block that goes through SQLAlchemy (conn.execute) joins the same transaction.
    Elsewhere this is conn.begin().
    """
    if not _direct(conn) or conn.in_transaction():
        if write:
            conn.execution_options(**{WRITE_OPTION: True})
        try:
            with conn.begin():
                yield conn
        finally:
            if write:
                conn.execution_options(**{WRITE_OPTION: False})
        return
    driver = conn.connection.driver_connection
    _driver_execute(driver, "BEGIN IMMEDIATE" if write else "BEGIN")
    outer, _in_direct.conn = getattr(_in_direct, "conn", None), conn  # run() need not ask again
    try:
        yield conn
    except BaseException:
        if conn.in_transaction():  # SQLAlchemy joined: its rollback ends the driver's transaction too
            conn.rollback()
        elif _open(driver):
            _driver_execute(driver, "ROLLBACK")
        raise
    finally:
        _in_direct.conn = outer
    if conn.in_transaction():
        conn.commit()
        return
    try:
        _driver_execute(driver, "COMMIT")
    finally:
        if _open(driver):  # COMMIT failed and SQLite kept the transaction open: nothing is kept
            driver.execute("ROLLBACK")


_in_direct = threading.local()  # .conn: the connection whose transaction() on the driver this thread is inside


def _open(driver: sqlite3.Connection) -> bool:
    """Say whether a transaction is open on the driver (a closed connection has none)."""
    try:
        return driver.in_transaction
    except sqlite3.Error:
        return False


def _direct(conn: Connection) -> bool:
    """Say whether statements and transactions on `conn` may skip SQLAlchemy (SQLite, nobody listening)."""
    dispatch = conn.dispatch
    return (conn.dialect.name == "sqlite" and not getattr(conn, "_echo", False)
            and not (dispatch.before_cursor_execute or dispatch.after_cursor_execute or dispatch.commit
                     or dispatch.rollback))


# --- queueing SQLite writers --------------------------------------------------------------------------------

class _WriterQueue:
    """One process's turn at a SQLite database's write lock: a thread lock, then an exclusive flock."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.thread_lock = threading.Lock()
        self.fd: int | None = None
        self.pid = -1

    def _fd(self) -> int | None:
        if self.pid != os.getpid():  # a forked worker needs its own open file (a shared one shares the lock)
            self.fd, self.pid = None, os.getpid()
            try:
                self.fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
            except OSError:
                self.fd = None  # an unwritable folder: SQLite's own lock and busy timeout still apply
        return self.fd

    def acquire(self, deadline: float) -> bool:
        """Wait for this process's turn, then the other processes'; False if the deadline passed."""
        if not self.thread_lock.acquire(timeout=max(0.0, deadline - time.monotonic())):
            return False
        fd = self._fd()
        pause = 0.00005
        while fd is not None:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                return True
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    break
                time.sleep(pause)
                pause = min(pause * 2, 0.001)
            except OSError:
                break
        return True  # the thread lock alone: SQLite's lock decides

    def release(self) -> None:
        if self.fd is not None and self.pid == os.getpid():
            try:
                fcntl.flock(self.fd, fcntl.LOCK_UN)
            except OSError:
                pass
        self.thread_lock.release()


_queues: dict[str, _WriterQueue] = {}
_queues_lock = threading.Lock()
_engine_queues: weakref.WeakKeyDictionary[Engine, _WriterQueue | None] = weakref.WeakKeyDictionary()
_held = threading.local()


def _queue_of(engine: Engine) -> _WriterQueue | None:
    """Return the writer queue of a SQLite file engine (one per database file), None for anything else."""
    try:
        return _engine_queues[engine]
    except KeyError:
        pass
    database = engine.url.database or ""
    queue = None
    if engine.dialect.name == "sqlite" and database and database != ":memory:" and not database.startswith("file:"):
        path = str(Path(database).expanduser().resolve()) + "-writer.lock"
        with _queues_lock:
            queue = _queues.setdefault(path, _WriterQueue(Path(path)))
    _engine_queues[engine] = queue
    return queue


@contextmanager
def write_lock(engine: Engine) -> Iterator[None]:
    """Queue writers of a SQLite file before they take SQLite's write lock; elsewhere do nothing.

    A SQLite writer that finds the database locked sleeps and retries (1, 2, 5, 10 ... 100 ms), so under many
    concurrent writers the sleeps, not the writes, set the latency. Writers in this block queue on a thread
    lock and a flock on `<database>-writer.lock` instead, and each wakes as soon as the one before is done.
    It only orders writers; SQLite's own lock still guards the data (writers outside this block still work).
    Re-entrant within a thread.
    """
    queue = _queue_of(engine)
    if queue is None or getattr(_held, "depth", 0):
        _held.depth = getattr(_held, "depth", 0) + 1
        try:
            yield
        finally:
            _held.depth -= 1
        return
    if not queue.acquire(time.monotonic() + BUSY_TIMEOUT_MS / 1000):
        yield  # waited as long as SQLite would: go on and let SQLite's busy timeout answer
        return
    _held.depth = 1
    try:
        yield
    finally:
        _held.depth = 0
        queue.release()


# --- hot statements on the driver ---------------------------------------------------------------------------

class _Prepared:
    """A Core statement compiled once for one dialect, with SQLAlchemy's own bind and result processors."""

    def __init__(self, stmt: Any, dialect: Any, keys: tuple[str, ...]) -> None:
        compiled = stmt.compile(dialect=dialect, column_keys=list(keys))
        # Column defaults computed at execution (an INSERT's missing columns) and parameters rendered at
        # execution (expanding IN) are left to conn.execute.
        self.usable = not (getattr(compiled, "insert_prefetch", None) or getattr(compiled, "update_prefetch", None)
                           or getattr(compiled, "literal_execute_params", None)
                           or getattr(compiled, "post_compile_params", None))
        self.sql = compiled.string
        binds = compiled.binds
        self.positional = bool(compiled.positiontup)
        self.names = tuple(compiled.positiontup or dict.fromkeys(compiled.bind_names.values()))
        self.defaults = {name: binds[name].effective_value for name in self.names}
        processors = (binds[name].type.dialect_impl(dialect).bind_processor(dialect) for name in self.names)
        self.processed = tuple((i, p) for i, p in enumerate(processors) if p is not None)
        self.dialect = dialect
        self.columns = tuple(stmt.exported_columns)  # a SELECT's columns, an INSERT's RETURNING
        self.results: tuple[Any, ...] | None = None  # from the first result's column types (PostgreSQL needs them)

    def params(self, values: Mapping[str, Any]) -> list[Any] | dict[str, Any]:
        defaults = self.defaults
        out = [values[name] if name in values else defaults[name] for name in self.names]
        for i, process in self.processed:
            out[i] = process(out[i])
        return out if self.positional else dict(zip(self.names, out))

    def rows(self, cursor: Any, fan_out: bool = False) -> list[tuple[Any, ...]]:
        if cursor.description is None:  # no rows to fetch (psycopg refuses fetchall then)
            return []
        rows = cursor.fetchall()
        results = self.results
        if results is None:
            dialect = self.dialect
            results = self.results = tuple(
                c.type.dialect_impl(dialect).result_processor(dialect, d[1])
                for c, d in zip(self.columns, cursor.description))
        if not rows or not any(results):
            return rows
        first = tuple(v if p is None else p(v) for p, v in zip(results, rows[0]))
        if fan_out:  # the processed columns repeat the first row's values: share them
            shared = [(i, first[i]) for i, p in enumerate(results) if p is not None]
            out = [first]
            for row in rows[1:]:
                values = list(row)
                for i, v in shared:
                    values[i] = v
                out.append(tuple(values))
            return out
        return [first] + [tuple(v if p is None else p(v) for p, v in zip(results, row)) for row in rows[1:]]


_prepared: dict[tuple[int, str, tuple[str, ...]], tuple[Any, _Prepared]] = {}


def run(conn: Connection, stmt: Any, values: Mapping[str, Any] | Sequence[Mapping[str, Any]] | None = None, *,
        fan_out: bool = False) -> list[tuple[Any, ...]]:
    """Execute a Core statement built once at import (a module constant or cached) and return its rows as tuples.

    The statement is compiled once per dialect and run on the driver's cursor inside the connection's
    transaction, with SQLAlchemy's own type processing: this skips the per-call cache key, result object and
    events, which cost more than the database itself on the answer path. While anything listens to statements
    (echo, a test's fault) it is `conn.execute`. A sequence of parameter sets runs as executemany (no rows
    returned). Driver errors are raised as SQLAlchemy's, and a lost connection is invalidated as
    conn.execute would. `fan_out`: the rows are one row joined to many, so the columns that need type
    processing hold the same values in every row: they are processed once and shared.
    """
    values = {} if values is None else values
    direct = getattr(_in_direct, "conn", None) is conn  # inside transaction() on the driver: asked already
    dispatch = conn.dispatch  # a listener on statements (logging, a test's fault) sees them through conn.execute
    if not direct and (dispatch.before_cursor_execute or dispatch.after_cursor_execute
                       or getattr(conn, "_echo", False)):
        return _execute(conn, stmt, values)
    many = isinstance(values, Sequence)
    keys = tuple(values[0] if many and values else () if many else values)
    dialect = conn.dialect
    entry = _prepared.get((id(stmt), dialect.name, keys))
    if entry is None or entry[0] is not stmt:
        entry = _prepared[(id(stmt), dialect.name, keys)] = (stmt, _Prepared(stmt, dialect, keys))
    prepared = entry[1]
    if not prepared.usable:
        return _execute(conn, stmt, values)
    driver = conn.connection.driver_connection
    cursor = None
    try:
        if not direct and not conn.in_transaction() and not (dialect.name == "sqlite" and driver.in_transaction):
            conn.begin()  # as conn.execute would: BEGIN first (unless transaction() began one on the driver)
        cursor = driver.cursor()
        if many:
            cursor.executemany(prepared.sql, [prepared.params(v) for v in values])
            return []
        cursor.execute(prepared.sql, prepared.params(values))
        return prepared.rows(cursor, fan_out)
    except dialect.loaded_dbapi.Error as exc:
        lost = dialect.is_disconnect(exc, driver, cursor)
        if lost:
            conn.invalidate(exc)
        raise DBAPIError.instance(prepared.sql, values, exc, dialect.loaded_dbapi.Error,
                                  connection_invalidated=lost, dialect=dialect) from exc
    finally:
        if cursor is not None:
            cursor.close()


def _execute(conn: Connection, stmt: Any, values: Mapping[str, Any] | Sequence[Mapping[str, Any]]
             ) -> list[tuple[Any, ...]]:
    result = conn.execute(stmt, values if isinstance(values, Sequence) else dict(values))
    return [tuple(r) for r in result] if result.returns_rows else []


def _alembic_config(engine: Engine) -> Any:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.set_main_option("sqlalchemy.url", engine.url.render_as_string(hide_password=False).replace("%", "%%"))
    return cfg


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Migrate the database to `revision` (default: the newest) with the migrations inside the package."""
    from alembic import command

    cfg = _alembic_config(engine)
    with engine.execution_options(**{WRITE_OPTION: True}).begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, revision)


def downgrade(engine: Engine, revision: str) -> None:
    """Migrate the database down to `revision` ("base" empties it)."""
    from alembic import command

    cfg = _alembic_config(engine)
    with engine.execution_options(**{WRITE_OPTION: True}).begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, revision)


def session_factory(engine: Engine) -> sessionmaker[Session]:
    """Return a sessionmaker bound to the engine (objects stay usable after commit)."""
    return sessionmaker(bind=engine, expire_on_commit=False)
