"""The engine factory and the migrations, on SQLite and on a real PostgreSQL server."""
from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect, text

from quiz.storage.db import downgrade, make_engine, normalize_url, upgrade
from quiz.storage.models import Base


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
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == "0003_login_attempts"
    engine.dispose()
