"""Helpers for the fault tests: the load bench's servers and students, loaded by path, and DB counters."""
from __future__ import annotations

import importlib.util
import sqlite3
import sys
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator

from sqlalchemy import event, func, select
from sqlalchemy.orm import Session

ROOT = Path(__file__).resolve().parent.parent.parent


def load_bench() -> Any:
    """Import bench/load.py (not a package) once, by path."""
    module = sys.modules.get("quiz_bench_load")
    if module is None:
        spec = importlib.util.spec_from_file_location("quiz_bench_load", ROOT / "bench" / "load.py")
        module = importlib.util.module_from_spec(spec)
        sys.modules[spec.name] = module
        spec.loader.exec_module(module)
    return module


def web_helpers() -> Any:
    """Import tests/web/web_helpers.py by path (the shared quiz bank, begin/question helpers)."""
    module = sys.modules.get("web_helpers")
    if module is None:
        path = ROOT / "tests" / "web" / "web_helpers.py"
        spec = importlib.util.spec_from_file_location("web_helpers", path)
        module = importlib.util.module_from_spec(spec)
        sys.modules[spec.name] = module
        spec.loader.exec_module(module)
    return module


def table_counts(engine: Any) -> dict[str, int]:
    """Count the rows of every learning table (what a half-written answer would leave behind)."""
    from quiz.storage.models import (AttemptRow, ItemCalibrationRow, ItemMemoryRow, LearnerRow, ServedRow,
                                     TopicEstimateRow)

    with Session(engine) as session:
        counts = {row.__tablename__: session.scalar(select(func.count()).select_from(row)) or 0
                  for row in (AttemptRow, ItemMemoryRow, TopicEstimateRow, ItemCalibrationRow, LearnerRow, ServedRow)}
        counts["answered"] = session.scalar(select(func.count()).select_from(ServedRow)
                                            .where(ServedRow.answered.is_(True))) or 0
    return counts


def stored_tokens(engine: Any) -> list[str]:
    """Return the served tokens of all stored attempts (one per answer; duplicates would show here)."""
    from quiz.storage.models import AttemptRow

    with Session(engine) as session:
        return list(session.scalars(select(AttemptRow.served_token)))


@contextmanager
def failing_writes(engine: Any, message: str, *, table: str = "") -> Iterator[list[str]]:
    """Make every INSERT/UPDATE (on `table`, if given) raise sqlite3.OperationalError(message) as SQLite would."""
    hits: list[str] = []

    def before(conn: Any, cursor: Any, statement: str, params: Any, context: Any, executemany: bool) -> None:
        head = statement.lstrip().upper()
        if head.startswith(("INSERT", "UPDATE", "DELETE")) and table.upper() in head:
            hits.append(statement.split("\n")[0][:80])
            raise sqlite3.OperationalError(message)

    event.listen(engine, "before_cursor_execute", before)
    try:
        yield hits
    finally:
        event.remove(engine, "before_cursor_execute", before)
