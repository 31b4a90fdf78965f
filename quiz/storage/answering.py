"""The answer and question paths: statements built once, run on the caller's connection (the hottest writes)."""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime
from functools import lru_cache
from typing import Any, NamedTuple

from sqlalchemy import (ARRAY, JSON, Boolean, Connection, Float, Integer, String, Table, bindparam, column, func,
                        select, text, type_coerce)
from sqlalchemy.dialects import postgresql, sqlite

from quiz.storage.db import run
from quiz.storage.models import (
    AttemptRow,
    ItemCalibrationRow,
    ItemMemoryRow,
    ItemVersionRow,
    LearnerRow,
    ServedRow,
    TopicEstimateRow,
    UTCDateTime,
)

# --- the answer path: statements built once, run on the caller's connection -----------------------------------
#
# Answering is the hottest write of the quiz. These functions take a Core Connection (no ORM session, no
# objects to track) and run statements compiled once and then served from SQLAlchemy's statement cache.

_SERVED, _ATTEMPTS = ServedRow.__table__, AttemptRow.__table__
_MEMORY, _ESTIMATES, _CALIBRATION = ItemMemoryRow.__table__, TopicEstimateRow.__table__, ItemCalibrationRow.__table__


@dataclass(frozen=True)
class AnswerTarget:
    """What was served under a token, the id of its stored answer if any, and read in the same statement: the
    learner's scheduled memory of the item, the learner's topic estimates (topic -> (theta, se, n)), the item's
    calibration (difficulty, n_first_attempts) if any, the bank version (the newest item_versions id), and if
    asked for, the learner's attempts in answer order (None: not read)."""

    learner_id: int
    item_id: str
    session_id: int | None
    served_at: datetime
    attempt_id: int | None
    memory: tuple[Mapping[str, Any], datetime] | None
    bank_version: int
    estimates: Mapping[str, tuple[float, float, int]] = field(default_factory=dict)
    calibration: tuple[float, int] | None = None
    history: tuple[Answered, ...] | None = None


class Answered(NamedTuple):
    """One of a learner's attempts, as narrow as the adaptive engine needs it."""

    id: int
    item_id: str
    correct: bool
    session_id: int | None


class HistoryChanged(RuntimeError):
    """Another answer of the learner was stored after the caller read the history: nothing was written."""


# One row per topic estimate of the learner (or one row without), each with the served row, its answer's id,
# the learner's memory of the item, the item's calibration and the bank version.
_TARGET = (select(_SERVED.c.learner_id, _SERVED.c.item_id, _SERVED.c.session_id, _SERVED.c.served_at,
                  _ATTEMPTS.c.id, _MEMORY.c.card, _MEMORY.c.due_at,
                  select(func.max(ItemVersionRow.__table__.c.id)).scalar_subquery(),
                  _CALIBRATION.c.difficulty, _CALIBRATION.c.n_first_attempts,
                  _ESTIMATES.c.topic, _ESTIMATES.c.theta, _ESTIMATES.c.se, _ESTIMATES.c.n)
           .select_from(_SERVED.outerjoin(_ATTEMPTS, _ATTEMPTS.c.served_token == _SERVED.c.token)
                        .outerjoin(_MEMORY, (_MEMORY.c.learner_id == _SERVED.c.learner_id)
                                   & (_MEMORY.c.item_id == _SERVED.c.item_id))
                        .outerjoin(_CALIBRATION, _CALIBRATION.c.item_id == _SERVED.c.item_id)
                        .outerjoin(_ESTIMATES, _ESTIMATES.c.learner_id == _SERVED.c.learner_id))
           .where(_SERVED.c.token == bindparam("token")))
# `correct` read as the driver gives it (0/1 on SQLite): answer_history makes it a bool itself, so no per-value
# processing runs over a learner's whole history on every answer
_HISTORY = (select(_ATTEMPTS.c.id, _ATTEMPTS.c.item_id, type_coerce(_ATTEMPTS.c.correct, Integer), _ATTEMPTS.c.session_id)
            .where(_ATTEMPTS.c.learner_id == bindparam("learner_id"))
            .order_by(_ATTEMPTS.c.answered_at, _ATTEMPTS.c.id))
_MARK = select(func.count(), func.max(_ATTEMPTS.c.id)).where(_ATTEMPTS.c.learner_id == bindparam("learner_id"))
_MEMORY_OF = (select(_MEMORY.c.card, _MEMORY.c.due_at)
              .where(_MEMORY.c.learner_id == bindparam("learner_id"), _MEMORY.c.item_id == bindparam("item_id")))
_ESTIMATES_OF = (select(_ESTIMATES.c.topic, _ESTIMATES.c.theta, _ESTIMATES.c.se, _ESTIMATES.c.n)
                 .where(_ESTIMATES.c.learner_id == bindparam("learner_id")))
_LOCK_LEARNER = (select(LearnerRow.__table__.c.id).where(LearnerRow.__table__.c.id == bindparam("learner_id"))
                 .with_for_update())
_CALIBRATION_OF = (select(_CALIBRATION.c.difficulty, _CALIBRATION.c.n_first_attempts)
                   .where(_CALIBRATION.c.item_id == bindparam("item_id")).with_for_update())
_ATTEMPT_COLUMNS = ("learner_id", "session_id", "item_id", "response", "correct", "score", "almost", "chosen",
                    "answered_at", "duration_ms", "served_token")


@lru_cache(maxsize=None)
def _attempt_insert(dialect: str) -> Any:
    return (_insert_for(dialect, _ATTEMPTS).on_conflict_do_nothing(index_elements=["served_token"])
            .returning(_ATTEMPTS.c.id))


@lru_cache(maxsize=None)
def _attempt_insert_if(dialect: str) -> Any:
    """INSERT the attempt only if the learner's attempts still number `seen_n` with newest id `seen_max`."""
    params = {c: bindparam(c, type_=_ATTEMPTS.c[c].type) for c in _ATTEMPT_COLUMNS}
    mine = _ATTEMPTS.c.learner_id == params["learner_id"]
    rows = (select(*params.values())
            .where(select(func.count()).where(mine).scalar_subquery() == bindparam("seen_n"),
                   select(func.coalesce(func.max(_ATTEMPTS.c.id), 0)).where(mine).scalar_subquery()
                   == bindparam("seen_max")))
    return (_insert_for(dialect, _ATTEMPTS).from_select(list(_ATTEMPT_COLUMNS), rows)
            .on_conflict_do_nothing(index_elements=["served_token"]).returning(_ATTEMPTS.c.id))


@lru_cache(maxsize=None)
def _upsert_for(dialect: str, table: Table, columns: tuple[str, ...], keys: tuple[str, ...]) -> Any:
    stmt = _insert_for(dialect, table)
    return stmt.on_conflict_do_update(index_elements=list(keys),
                                      set_={c: stmt.excluded[c] for c in columns if c not in keys})


def _insert_for(dialect: str, table: Table) -> Any:
    if dialect == "postgresql":
        return postgresql.insert(table)
    if dialect == "sqlite":
        return sqlite.insert(table)
    raise NotImplementedError(f"no upsert for {dialect}")


def answer_target(conn: Connection, token: str, *, history: bool = False) -> AnswerTarget | None:
    """Return what was served under `token` and its stored answer's id, or None (one indexed lookup).

    `history`: also read the learner's attempts (answer_history), in the same statement on PostgreSQL.
    """
    if history and conn.dialect.name == "postgresql":
        return _answer_target_at_once(conn, token)
    rows = run(conn, _TARGET, {"token": token}, fan_out=True)  # one row per topic estimate, the rest repeated
    if not rows:
        return None
    row = rows[0]
    memory = None if row[6] is None else (row[5], row[6])
    calibration = None if row[9] is None else (float(row[8]), int(row[9]))
    estimates = {r[10]: (r[11], r[12], r[13]) for r in rows if r[10] is not None}
    target = AnswerTarget(row[0], row[1], row[2], row[3], row[4], memory, int(row[7] or 0), estimates, calibration)
    return replace(target, history=tuple(answer_history(conn, target.learner_id))) if history else target


# PostgreSQL: the target, the learner's estimates and attempts in one row (estimates and attempts as JSON arrays).
_EARLIER = _ATTEMPTS.alias("earlier")
_TARGET_AT_ONCE = (
    select(_SERVED.c.learner_id, _SERVED.c.item_id, _SERVED.c.session_id, _SERVED.c.served_at,
           _ATTEMPTS.c.id, _MEMORY.c.card, _MEMORY.c.due_at,
           select(func.max(ItemVersionRow.__table__.c.id)).scalar_subquery(),
           _CALIBRATION.c.difficulty, _CALIBRATION.c.n_first_attempts,
           select(func.json_agg(func.json_build_array(_ESTIMATES.c.topic, _ESTIMATES.c.theta, _ESTIMATES.c.se,
                                                      _ESTIMATES.c.n)))
           .where(_ESTIMATES.c.learner_id == _SERVED.c.learner_id).scalar_subquery(),
           select(func.json_agg(postgresql.aggregate_order_by(
               func.json_build_array(_EARLIER.c.id, _EARLIER.c.item_id, _EARLIER.c.correct, _EARLIER.c.session_id),
               _EARLIER.c.answered_at, _EARLIER.c.id)))
           .where(_EARLIER.c.learner_id == _SERVED.c.learner_id).scalar_subquery())
    .select_from(_SERVED.outerjoin(_ATTEMPTS, _ATTEMPTS.c.served_token == _SERVED.c.token)
                 .outerjoin(_MEMORY, (_MEMORY.c.learner_id == _SERVED.c.learner_id)
                            & (_MEMORY.c.item_id == _SERVED.c.item_id))
                 .outerjoin(_CALIBRATION, _CALIBRATION.c.item_id == _SERVED.c.item_id))
    .where(_SERVED.c.token == bindparam("token")))


def _answer_target_at_once(conn: Connection, token: str) -> AnswerTarget | None:
    rows = run(conn, _TARGET_AT_ONCE, {"token": token})
    if not rows:
        return None
    row = rows[0]
    memory = None if row[6] is None else (row[5], row[6])
    calibration = None if row[9] is None else (float(row[8]), int(row[9]))
    estimates = {t: (float(theta), float(se), int(n)) for t, theta, se, n in row[10] or ()}
    history = tuple(Answered(int(i), item, bool(correct), sitting) for i, item, correct, sitting in row[11] or ())
    return AnswerTarget(row[0], row[1], row[2], row[3], row[4], memory, int(row[7] or 0), estimates, calibration,
                        history)


def answer_history(conn: Connection, learner_id: int) -> list[Answered]:
    """Return the learner's attempts in answer order (narrow columns, on the learner/answered_at index)."""
    return [Answered(i, item, bool(correct), sitting)
            for i, item, correct, sitting in run(conn, _HISTORY, {"learner_id": learner_id})]


def history_mark(conn: Connection, learner_id: int) -> tuple[int, int]:
    """Return how many attempts the learner has and the newest id (what an earlier read must still match)."""
    (n, newest), = run(conn, _MARK, {"learner_id": learner_id})
    return int(n or 0), int(newest or 0)


def item_memory(conn: Connection, learner_id: int, item_id: str) -> tuple[Mapping[str, Any], datetime] | None:
    """Return the learner's scheduled FSRS card for one item and its due time, or None."""
    rows = run(conn, _MEMORY_OF, {"learner_id": learner_id, "item_id": item_id})
    return None if not rows or rows[0][1] is None else (rows[0][0], rows[0][1])


def topic_estimates(conn: Connection, learner_id: int) -> dict[str, tuple[float, float, int]]:
    """Return the learner's stored ability per topic: topic -> (theta, se, n)."""
    return {r[0]: (r[1], r[2], r[3]) for r in run(conn, _ESTIMATES_OF, {"learner_id": learner_id})}


def lock_learner(conn: Connection, learner_id: int) -> None:
    """Serialise one learner's answers on PostgreSQL (SQLite's BEGIN IMMEDIATE already serialises writers)."""
    if conn.dialect.name != "sqlite":
        run(conn, _LOCK_LEARNER, {"learner_id": learner_id})


def store_answer(conn: Connection, attempt: Mapping[str, Any], *, memory: Mapping[str, Any],
                 estimates: Mapping[str, tuple[float, float, int]] | None = None,
                 calibrate: Any = None, calibration: tuple[float, int] | None | bool = False,
                 seen: tuple[int, int] | None = None) -> int | None:
    """Store one answer inside the caller's write transaction; return the attempt id, None for a replay.

    `attempt` holds the attempts row (inserting it marks the served row answered: a trigger, migration 0005);
    `memory` the learner's item_memory row; `estimates` the topic estimates that changed; `calibrate`, for a
    first attempt, a function from the item's stored (difficulty, n_first_attempts) or None to the new pair,
    written here only over the count it was given, so that concurrent first attempts of one item are all
    counted. `calibration` is that stored pair if the caller read it already (None: no row; False: read it
    here): if it changed since, it is read again. `seen` is the learner's history_mark as the caller read it:
    if other attempts of the learner were stored since, raise HistoryChanged (checked in the INSERT itself).
    Nothing is written for a replay or a changed history.
    """
    dialect = conn.dialect.name
    if dialect == "postgresql" and seen is None and calibration is not False:
        return _store_answer_at_once(conn, attempt, memory, estimates or {}, calibrate, calibration)
    if seen is None:
        inserted = run(conn, _attempt_insert(dialect), attempt)
    else:
        inserted = run(conn, _attempt_insert_if(dialect), {**attempt, "seen_n": seen[0], "seen_max": seen[1]})
    attempt_id = inserted[0][0] if inserted else None
    if attempt_id is None and seen is not None and history_mark(conn, attempt["learner_id"]) != seen:
        raise HistoryChanged(f"learner {attempt['learner_id']} answered meanwhile")
    if attempt_id is None:
        return None
    run(conn, _upsert_for(dialect, _MEMORY, tuple(memory), ("learner_id", "item_id")), memory)
    if estimates:
        rows = [dict(learner_id=memory["learner_id"], topic=topic, theta=float(theta), se=float(se), n=int(n))
                for topic, (theta, se, n) in sorted(estimates.items())]
        run(conn, _upsert_for(dialect, _ESTIMATES, tuple(rows[0]), ("learner_id", "topic")), rows)
    if calibrate is not None:
        _calibrate(conn, attempt["item_id"], calibrate, calibration)
    return int(attempt_id)


# PostgreSQL: the attempt, memory, changed estimates and calibration in one statement (one round trip instead of
# four). Every part selects from the attempt's INSERT, so a replay (no row inserted) writes nothing; the
# calibration is written only over the pair it was computed from, as _calibration_upsert does.
_STORE_AT_ONCE = text("""
WITH attempt AS (
    INSERT INTO attempts (learner_id, session_id, item_id, response, correct, score, almost, chosen, answered_at,
                          duration_ms, served_token)
    VALUES (:learner_id, :session_id, :item_id, :response, :correct, :score, :almost, :chosen, :answered_at,
            :duration_ms, :served_token)
    ON CONFLICT (served_token) DO NOTHING
    RETURNING id
), memory AS (
    INSERT INTO item_memory (learner_id, item_id, card, due_at, last_review_at, reps, lapses)
    SELECT :learner_id, :item_id, :card, :due_at, :last_review_at, :reps, :lapses FROM attempt
    ON CONFLICT (learner_id, item_id) DO UPDATE SET card = excluded.card, due_at = excluded.due_at,
        last_review_at = excluded.last_review_at, reps = excluded.reps, lapses = excluded.lapses
), estimates AS (
    INSERT INTO topic_estimates (learner_id, topic, theta, se, n)
    SELECT :learner_id, t.topic, t.theta, t.se, t.n
    FROM attempt, unnest(:topics, :thetas, :ses, :ns) AS t(topic, theta, se, n)
    ON CONFLICT (learner_id, topic) DO UPDATE SET theta = excluded.theta, se = excluded.se, n = excluded.n
), calibration AS (
    INSERT INTO item_calibration (item_id, difficulty, n_first_attempts)
    SELECT :item_id, :difficulty, :n_first_attempts FROM attempt WHERE :calibrate
    ON CONFLICT (item_id) DO UPDATE SET difficulty = excluded.difficulty, n_first_attempts = excluded.n_first_attempts
    WHERE item_calibration.n_first_attempts = :expected_n AND item_calibration.difficulty = :expected_b
    RETURNING item_id
)
SELECT (SELECT id FROM attempt), (SELECT count(*) FROM calibration)
""").bindparams(
    *(bindparam(c, type_=_ATTEMPTS.c[c].type) for c in _ATTEMPT_COLUMNS),
    bindparam("card", type_=JSON()), bindparam("due_at", type_=UTCDateTime()),
    bindparam("last_review_at", type_=UTCDateTime()), bindparam("reps", type_=Integer()),
    bindparam("lapses", type_=Integer()), bindparam("topics", type_=ARRAY(String())),
    bindparam("thetas", type_=ARRAY(Float())), bindparam("ses", type_=ARRAY(Float())),
    bindparam("ns", type_=ARRAY(Integer())), bindparam("calibrate", type_=Boolean()),
    bindparam("difficulty", type_=Float()), bindparam("n_first_attempts", type_=Integer()),
    bindparam("expected_n", type_=Integer()), bindparam("expected_b", type_=Float())
).columns(column("attempt_id", Integer()), column("calibrated", Integer()))


def _store_answer_at_once(conn: Connection, attempt: Mapping[str, Any], memory: Mapping[str, Any],
                          estimates: Mapping[str, tuple[float, float, int]], calibrate: Any,
                          calibration: tuple[float, int] | None) -> int | None:
    """Store one answer in one statement (PostgreSQL); as store_answer without `seen`."""
    rows = sorted(estimates.items())
    difficulty, n = calibrate(calibration) if calibrate is not None else (0.0, 0)
    values = {**attempt, "card": memory["card"], "due_at": memory["due_at"],
              "last_review_at": memory["last_review_at"], "reps": int(memory["reps"]),
              "lapses": int(memory["lapses"]), "topics": [t for t, _ in rows],
              "thetas": [float(v[0]) for _, v in rows], "ses": [float(v[1]) for _, v in rows],
              "ns": [int(v[2]) for _, v in rows], "calibrate": calibrate is not None,
              "difficulty": float(difficulty), "n_first_attempts": int(n),
              "expected_n": -1 if calibration is None else calibration[1],
              "expected_b": 0.0 if calibration is None else calibration[0]}
    (attempt_id, calibrated), = run(conn, _STORE_AT_ONCE, values)
    if attempt_id is None:
        return None
    if calibrate is not None and not calibrated:  # another first attempt changed it meanwhile: read it, locked
        _calibrate(conn, attempt["item_id"], calibrate)
    return int(attempt_id)


def _calibrate(conn: Connection, item_id: str, calibrate: Any, stored: tuple[float, int] | None | bool = False
               ) -> None:
    """Update the item's calibration over the stored pair given, or read here (locked on PostgreSQL: other
    learners' first attempts of it wait).

    The write only replaces the pair it was computed from: if the row changed since the caller read it, or
    another learner's first attempt inserted it between the read and the write (nothing to lock before it
    exists), it is read again and updated in turn, so no attempt goes uncounted.
    """
    for _ in range(3):
        if stored is False:
            rows = run(conn, _CALIBRATION_OF, {"item_id": item_id})
            stored = None if not rows else (float(rows[0][0]), int(rows[0][1]))
        difficulty, n = calibrate(stored)
        values = {"item_id": item_id, "difficulty": float(difficulty), "n_first_attempts": int(n),
                  "expected_b": 0.0 if stored is None else stored[0],
                  "expected_n": -1 if stored is None else stored[1]}
        if run(conn, _calibration_upsert(conn.dialect.name), values):
            return
        stored = False
    raise RuntimeError(f"calibration of {item_id!r} changed twice under a row lock")  # cannot happen


@lru_cache(maxsize=None)
def _calibration_upsert(dialect: str) -> Any:
    stmt = _insert_for(dialect, _CALIBRATION).values(item_id=bindparam("item_id"),
                                                     difficulty=bindparam("difficulty"),
                                                     n_first_attempts=bindparam("n_first_attempts"))
    return (stmt.on_conflict_do_update(index_elements=["item_id"],
                                       set_={"difficulty": stmt.excluded.difficulty,
                                             "n_first_attempts": stmt.excluded.n_first_attempts},
                                       where=(_CALIBRATION.c.n_first_attempts == bindparam("expected_n"))
                                       & (_CALIBRATION.c.difficulty == bindparam("expected_b")))
            .returning(_CALIBRATION.c.item_id))


# --- the question path: the same approach ---------------------------------------------------------------------

@dataclass(frozen=True)
class Pending:
    """A question served in a sitting and not answered yet."""

    id: int
    item_id: str
    token: str


_PENDING = (select(_SERVED.c.id, _SERVED.c.item_id, _SERVED.c.token)
            .where(_SERVED.c.learner_id == bindparam("learner_id"), _SERVED.c.session_id == bindparam("session_id"),
                   _SERVED.c.answered.is_(False))
            .order_by(_SERVED.c.served_at.desc(), _SERVED.c.id.desc()).limit(1))
_SCHEDULED = (select(_MEMORY.c.item_id, _MEMORY.c.card, _MEMORY.c.due_at)
              .where(_MEMORY.c.learner_id == bindparam("learner_id"), _MEMORY.c.due_at.is_not(None)))


@lru_cache(maxsize=None)
def _served_insert(dialect: str) -> Any:
    return _insert_for(dialect, _SERVED).on_conflict_do_nothing(index_elements=["token"])


def pending_question(conn: Connection, learner_id: int, session_id: int) -> Pending | None:
    """Return the newest question served in this sitting and not yet answered, or None."""
    row = conn.execute(_PENDING, {"learner_id": learner_id, "session_id": session_id}).first()
    return None if row is None else Pending(row[0], row[1], row[2])


def scheduled_memory(conn: Connection, learner_id: int) -> dict[str, tuple[Mapping[str, Any], datetime]]:
    """Return the learner's scheduled FSRS cards: item id -> (card, due time)."""
    return {r[0]: (r[1], r[2]) for r in conn.execute(_SCHEDULED, {"learner_id": learner_id})}


def insert_served(conn: Connection, *, learner_id: int, item_id: str, token: str, now: datetime,
                  session_id: int | None) -> None:
    """Record inside the caller's transaction that an item was shown with this token (idempotent on the token)."""
    conn.execute(_served_insert(conn.dialect.name),
                 dict(learner_id=learner_id, item_id=item_id, token=token, served_at=now, answered=False,
                      session_id=session_id))
