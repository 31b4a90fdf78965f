"""The engine factory and the migrations, on SQLite and on a real PostgreSQL server."""
from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect, text

from quiz.storage.db import downgrade, make_engine, normalize_url, upgrade
from quiz.storage.models import Base


def _head() -> str:
    """The newest migration's revision (other migrations may be added after this test was written)."""
    from alembic.script import ScriptDirectory

    from quiz.storage.db import MIGRATIONS

    return ScriptDirectory(str(MIGRATIONS)).get_current_head()


def test_db_normalize_url_uses_psycopg_for_postgresql():
    assert normalize_url("postgresql://u:p@h:5432/d") == "postgresql+psycopg://u:p@h:5432/d"
    assert normalize_url("postgres://h/d") == "postgresql+psycopg://h/d"
    assert normalize_url("sqlite:///x.db") == "sqlite:///x.db"


def test_db_make_engine_postgresql_url_picks_psycopg_driver():
    engine = make_engine("postgresql://u@127.0.0.1:1/d")
    assert engine.dialect.driver == "psycopg"


def test_db_sqlite_engine_creates_folder_and_sets_pragmas(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'a' / 'b' / 'quiz.db'}")
    with engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == 5000
    assert (tmp_path / "a" / "b").is_dir()
    engine.dispose()


def test_db_upgrade_from_empty_creates_all_tables(db_url):
    engine = make_engine(db_url)
    assert inspect(engine).get_table_names() == []
    upgrade(engine)
    tables = set(inspect(engine).get_table_names())
    assert {"documents", "items", "item_versions", "alembic_version"} <= tables
    upgrade(engine)  # a second run is a no-op
    engine.dispose()


def test_db_migrated_schema_matches_models(db_engine):
    with db_engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        assert compare_metadata(context, Base.metadata) == []


def test_db_items_indexes_exist(db_engine):
    indexed = {tuple(ix["column_names"]) for ix in inspect(db_engine).get_indexes("items")}
    assert {("status",), ("document_id",), ("topic",)} <= indexed


def test_db_downgrade_to_base_removes_tables(db_engine):
    downgrade(db_engine, "base")
    assert set(inspect(db_engine).get_table_names()) <= {"alembic_version"}
    upgrade(db_engine)
    with db_engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM items")).scalar() == 0


def test_db_upgrade_keeps_bank_data_across_learning_migration(db_url, small_bank):
    from datetime import datetime, timezone

    from quiz.storage.repository import load_bank, merge_bank

    engine = make_engine(db_url)
    upgrade(engine, "0001_bank")
    assert "attempts" not in inspect(engine).get_table_names()
    merge_bank(engine, small_bank, now=datetime(2026, 1, 1, tzinfo=timezone.utc))
    upgrade(engine)
    assert "attempts" in inspect(engine).get_table_names()
    assert len(load_bank(engine, statuses=None).items) == len(small_bank.items)
    with engine.connect() as conn:
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == _head()
    engine.dispose()


def test_db_sqlite_synchronous_is_normal_unless_the_url_asks_for_full(tmp_path):
    normal = make_engine(f"sqlite:///{tmp_path / 'n.db'}")
    full = make_engine(f"sqlite:///{tmp_path / 'f.db'}?synchronous=full")
    with normal.connect() as a, full.connect() as b:
        assert a.exec_driver_sql("PRAGMA synchronous").scalar() == 1  # NORMAL
        assert b.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
    assert full.url.query == {}  # the option is ours, not passed to the driver
    normal.dispose()
    full.dispose()


def test_db_sqlite_unknown_synchronous_is_refused(tmp_path):
    import pytest

    with pytest.raises(ValueError, match="synchronous"):
        make_engine(f"sqlite:///{tmp_path / 'x.db'}?synchronous=off")


_COMMIT_THEN_DIE = """
import os, signal, sys
from sqlalchemy import text
from quiz.storage.db import make_engine
engine = make_engine(sys.argv[1])
with engine.begin() as conn:
    conn.execute(text("INSERT INTO answers (token) VALUES ('acknowledged')"))
print("committed", flush=True)
os.kill(os.getpid(), signal.SIGKILL)
"""


def test_db_sqlite_committed_write_survives_a_killed_process(tmp_path):
    """With synchronous=NORMAL a commit is in the WAL when COMMIT returns: SIGKILL right after loses nothing."""
    import subprocess
    import sys

    url = f"sqlite:///{tmp_path / 'k.db'}"
    engine = make_engine(url)
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE answers (token TEXT)"))
    engine.dispose()
    done = subprocess.run([sys.executable, "-c", _COMMIT_THEN_DIE, url], capture_output=True, text=True,
                          cwd=str(__import__("pathlib").Path(__file__).resolve().parents[2]))
    assert done.returncode == -9 and "committed" in done.stdout, done.stderr
    engine = make_engine(url)
    with engine.connect() as conn:
        assert conn.execute(text("SELECT token FROM answers")).scalars().all() == ["acknowledged"]
    engine.dispose()


def test_db_write_lock_queues_writers_in_turn_and_is_reentrant(tmp_path):
    import threading
    import time

    from quiz.storage.db import write_lock

    engine = make_engine(f"sqlite:///{tmp_path / 'w.db'}")
    order: list[str] = []
    inside = threading.Event()

    def first() -> None:
        with write_lock(engine):
            with write_lock(engine):  # re-entrant: a nested block does not wait for itself
                order.append("first in")
                inside.set()
                time.sleep(0.2)
                order.append("first out")

    def second() -> None:
        inside.wait(5)
        with write_lock(engine):
            order.append("second in")

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(10)
    assert order == ["first in", "first out", "second in"]
    assert (tmp_path / "w.db-writer.lock").exists()
    engine.dispose()


def test_db_write_lock_without_a_writable_folder_still_writes(tmp_path):
    """The queue is only an aid: if its lock file cannot be made, SQLite's own lock still guards the write."""
    import os

    from quiz.storage.db import write_lock

    folder = tmp_path / "ro"
    folder.mkdir()
    url = f"sqlite:///{folder / 'r.db'}"
    engine = make_engine(url)
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE t (x INTEGER)"))
    engine.dispose()
    (folder / "r.db-writer.lock").mkdir()  # a lock file that cannot be opened as a file
    engine = make_engine(url)
    with write_lock(engine), engine.begin() as conn:
        conn.execute(text("INSERT INTO t VALUES (1)"))
    with engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM t")).scalar() == 1
    engine.dispose()
    assert os.path.isdir(folder / "r.db-writer.lock")


def test_db_write_lock_is_a_no_op_on_postgresql():
    from quiz.storage.db import write_lock

    engine = make_engine("postgresql://u@127.0.0.1:1/d")
    with write_lock(engine):  # never connects, never blocks
        pass


def test_db_run_returns_typed_rows_and_raises_driver_errors_as_sqlalchemy(db_engine):
    """The answer path's statements on the driver: the same values as conn.execute, errors as SQLAlchemy's."""
    from datetime import datetime, timezone

    import pytest
    from sqlalchemy import bindparam, select
    from sqlalchemy.exc import IntegrityError

    from quiz.storage.db import run
    from quiz.storage.models import ItemMemoryRow, LearnerRow

    at = datetime(2026, 1, 1, 12, 30, tzinfo=timezone.utc)
    learners = LearnerRow.__table__
    insert = learners.insert().returning(learners.c.id, learners.c.created_at)
    query = select(learners.c.id, learners.c.created_at, learners.c.name).where(learners.c.id == bindparam("id"))
    with db_engine.connect() as conn:
        with conn.begin():
            (learner, created), = run(conn, insert, {"name": "nino", "password_hash": None, "created_at": at})
            assert created == at and created.tzinfo is not None
            assert run(conn, query, {"id": learner}) == [tuple(conn.execute(query, {"id": learner}).one())]
            assert run(conn, learners.update().values(name=bindparam("name")), {"name": "nino"}) == []
        with pytest.raises(IntegrityError), conn.begin():  # a taken name, raised as conn.execute would
            run(conn, insert, {"name": "nino", "password_hash": None, "created_at": at})
        assert run(conn, select(ItemMemoryRow.__table__.c.card)) == []


def test_db_run_fan_out_gives_every_row_the_processed_values_of_the_first(db_engine):
    """A one-to-many join: the repeated typed columns come back processed in every row, as conn.execute gives."""
    from datetime import datetime, timezone

    from sqlalchemy import bindparam, select

    from quiz.storage.db import run
    from quiz.storage.models import LearnerRow, TopicEstimateRow

    learners, estimates = LearnerRow.__table__, TopicEstimateRow.__table__
    at = datetime(2026, 1, 1, 12, 30, tzinfo=timezone.utc)
    joined = (select(learners.c.created_at, estimates.c.topic, estimates.c.theta)
              .select_from(learners.join(estimates, estimates.c.learner_id == learners.c.id))
              .where(learners.c.id == bindparam("id")).order_by(estimates.c.topic))
    with db_engine.connect() as conn:
        with conn.begin():
            (learner,), = run(conn, learners.insert().returning(learners.c.id),
                              {"name": None, "password_hash": None, "created_at": at})
            run(conn, estimates.insert(), [{"learner_id": learner, "topic": t, "theta": k / 2, "se": 1.0, "n": k}
                                           for k, t in enumerate(("a", "b", "c"))])
            rows = run(conn, joined, {"id": learner}, fan_out=True)
            assert rows == [tuple(r) for r in conn.execute(joined, {"id": learner})]
            assert [r[0] for r in rows] == [at] * 3 and [r[1] for r in rows] == ["a", "b", "c"]


def test_db_run_on_a_lost_connection_raises_and_the_next_checkout_works(db_engine):
    """A connection that died under run() is invalidated, as conn.execute does: the pool hands out a live one."""
    import pytest
    from sqlalchemy import bindparam, select
    from sqlalchemy.exc import DBAPIError

    from quiz.storage.db import run
    from quiz.storage.models import LearnerRow

    query = select(LearnerRow.__table__.c.id).where(LearnerRow.__table__.c.id == bindparam("id"))
    with db_engine.connect() as conn:
        conn.connection.driver_connection.close()  # the server went away
        with pytest.raises(DBAPIError):
            run(conn, query, {"id": 1})
    with db_engine.connect() as conn:
        assert run(conn, query, {"id": 1}) == []


def test_db_transaction_commits_at_the_end_and_rolls_back_everything_on_an_error(db_engine):
    """run() and conn.execute inside one transaction() go together: kept at the end, all undone by an error."""
    from datetime import datetime, timezone

    import pytest
    from sqlalchemy import func, select

    from quiz.storage.db import run, transaction
    from quiz.storage.models import LearnerRow

    learners = LearnerRow.__table__
    at = datetime(2026, 1, 1, tzinfo=timezone.utc)
    count = select(func.count()).select_from(learners)
    with db_engine.connect() as conn:
        with pytest.raises(RuntimeError), transaction(conn, write=True):
            run(conn, learners.insert(), {"name": "a", "password_hash": None, "created_at": at})
            conn.execute(learners.insert(), {"name": "b", "password_hash": None, "created_at": at})
            raise RuntimeError("the answer failed half-way")
        assert run(conn, count) == [(0,)]  # outside transaction(): autobegun, as conn.execute does
        conn.rollback()
        with transaction(conn, write=True):
            run(conn, learners.insert(), {"name": "a", "password_hash": None, "created_at": at})
            conn.execute(learners.insert(), {"name": "b", "password_hash": None, "created_at": at})
        with transaction(conn):
            assert run(conn, count) == [(2,)]
        assert not conn.in_transaction()
    with db_engine.connect() as other:
        assert other.execute(count).scalar() == 2


def test_db_sqlite_write_transaction_holds_the_write_lock_from_begin(tmp_path):
    """A write transaction() takes SQLite's write lock at BEGIN: another writer cannot start until it ends."""
    import sqlite3

    import pytest

    from quiz.storage.db import transaction

    engine = make_engine(f"sqlite:///{tmp_path / 'q.db'}")
    upgrade(engine)
    other = sqlite3.connect(tmp_path / "q.db", isolation_level=None, timeout=0)
    with engine.connect() as conn:
        with transaction(conn):  # a reader does not block writers
            other.execute("BEGIN IMMEDIATE")
            other.execute("ROLLBACK")
        with transaction(conn, write=True):
            with pytest.raises(sqlite3.OperationalError, match="locked"):
                other.execute("BEGIN IMMEDIATE")
        other.execute("BEGIN IMMEDIATE")
        other.execute("ROLLBACK")
    other.close()
    engine.dispose()
