"""Learning data: accounts, sittings, served items, attempts (recorded once), memory, estimates, calibration."""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from sqlalchemy import Table, func, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from quiz.storage.models import (
    AttemptRow,
    InstructorRow,
    ItemCalibrationRow,
    ItemMemoryRow,
    LearnerRow,
    QuizSessionRow,
    ServedRow,
    TopicEstimateRow,
)
from quiz.storage.answering import (  # the answer path lives in its own module; its names stay importable here
    Answered,
    AnswerTarget,
    HistoryChanged,
    Pending,
    answer_history,
    answer_target,
    history_mark,
    insert_served,
    item_memory,
    lock_learner,
    pending_question,
    scheduled_memory,
    store_answer,
    topic_estimates,
)
from quiz.storage.repository import Bind, unit_of_work

__all__ = [
    "AlreadyExists",
    "Learner",
    "Instructor",
    "Served",
    "Attempt",
    "create_learner",
    "get_learner",
    "find_learner",
    "create_instructor",
    "find_instructor",
    "get_instructor",
    "start_session",
    "end_session",
    "record_served",
    "get_served",
    "record_attempt",
    "list_attempts",
    "get_learner_state",
    "upsert_memory",
    "upsert_topic_estimate",
    "upsert_topic_estimates",
    "update_calibration",
    "get_calibration",
    "AnswerTarget",
    "Answered",
    "answer_target",
    "answer_history",
    "history_mark",
    "HistoryChanged",
    "item_memory",
    "topic_estimates",
    "lock_learner",
    "store_answer",
    "Pending",
    "pending_question",
    "insert_served",
    "scheduled_memory",
]

RECENT_ATTEMPTS = 50


class AlreadyExists(ValueError):
    """A learner or instructor with that name exists already."""


@dataclass(frozen=True)
class Learner:
    """A student account (anonymous when `name` is None)."""

    id: int
    name: str | None
    password_hash: str | None
    created_at: datetime


@dataclass(frozen=True)
class Instructor:
    """An instructor account."""

    id: int
    username: str
    password_hash: str
    created_at: datetime


@dataclass(frozen=True)
class Served:
    """An item shown to a learner and the token its answer must carry."""

    token: str
    learner_id: int
    item_id: str
    session_id: int | None
    served_at: datetime
    answered: bool


@dataclass(frozen=True)
class Attempt:
    """One recorded answer; `replayed` is True when this call found it already recorded (a double submit)."""

    id: int
    learner_id: int
    session_id: int | None
    item_id: str
    response: str
    correct: bool
    score: float
    almost: bool
    chosen: str | None
    answered_at: datetime
    duration_ms: int | None
    served_token: str | None
    replayed: bool = False


def _insert(session: Session, table: Table) -> Any:
    """Return the dialect's INSERT (with ON CONFLICT support) for this table."""
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        return postgresql.insert(table)
    if dialect == "sqlite":
        return sqlite.insert(table)
    raise NotImplementedError(f"no upsert for {dialect}")


def _upsert(session: Session, table: Table, values: dict[str, Any], keys: tuple[str, ...]) -> None:
    # Values go as parameters, not into the statement: the compiled statement is then reused from the cache.
    stmt = _insert(session, table)
    stmt = stmt.on_conflict_do_update(index_elements=list(keys),
                                      set_={k: stmt.excluded[k] for k in values if k not in keys})
    session.execute(stmt, values)


# --- accounts and sittings ------------------------------------------------------------------------------------

def _learner(row: LearnerRow) -> Learner:
    return Learner(row.id, row.name, row.password_hash, row.created_at)


def _instructor(row: InstructorRow) -> Instructor:
    return Instructor(row.id, row.username, row.password_hash, row.created_at)


def create_learner(bind: Bind, *, now: datetime, name: str | None = None,
                   password_hash: str | None = None) -> Learner:
    """Create a learner (anonymous without a name); raise AlreadyExists for a taken name."""
    try:
        with unit_of_work(bind, write=True) as session, session.begin_nested():
            row = LearnerRow(name=name, password_hash=password_hash, created_at=now)
            session.add(row)
            session.flush()
            return _learner(row)
    except IntegrityError as exc:
        raise AlreadyExists(f"learner name {name!r} is taken") from exc


def get_learner(bind: Bind, learner_id: int) -> Learner | None:
    """Return the learner with this id, or None."""
    with unit_of_work(bind) as session:
        row = session.get(LearnerRow, learner_id)
        return None if row is None else _learner(row)


def find_learner(bind: Bind, name: str) -> Learner | None:
    """Return the learner with this name, or None."""
    with unit_of_work(bind) as session:
        row = session.scalar(select(LearnerRow).where(LearnerRow.name == name))
        return None if row is None else _learner(row)


def create_instructor(bind: Bind, username: str, password_hash: str, *, now: datetime) -> Instructor:
    """Create an instructor account; raise AlreadyExists for a taken username."""
    try:
        with unit_of_work(bind, write=True) as session, session.begin_nested():
            row = InstructorRow(username=username, password_hash=password_hash, created_at=now)
            session.add(row)
            session.flush()
            return _instructor(row)
    except IntegrityError as exc:
        raise AlreadyExists(f"instructor {username!r} exists") from exc


def find_instructor(bind: Bind, username: str) -> Instructor | None:
    """Return the instructor with this username, or None."""
    with unit_of_work(bind) as session:
        row = session.scalar(select(InstructorRow).where(InstructorRow.username == username))
        return None if row is None else _instructor(row)


def get_instructor(bind: Bind, instructor_id: int) -> Instructor | None:
    """Return the instructor with this id, or None."""
    with unit_of_work(bind) as session:
        row = session.get(InstructorRow, instructor_id)
        return None if row is None else _instructor(row)


def start_session(bind: Bind, learner_id: int, *, now: datetime) -> int:
    """Open a sitting for the learner; return its id."""
    with unit_of_work(bind, write=True) as session:
        row = QuizSessionRow(learner_id=learner_id, started_at=now, ended_at=None)
        session.add(row)
        session.flush()
        return row.id


def end_session(bind: Bind, session_id: int, *, now: datetime) -> None:
    """Close a sitting (a second call keeps the first end time)."""
    with unit_of_work(bind, write=True) as session:
        session.execute(update(QuizSessionRow).where(QuizSessionRow.id == session_id,
                                                     QuizSessionRow.ended_at.is_(None)).values(ended_at=now))


# --- serving and answering -----------------------------------------------------------------------------------

def _served(row: ServedRow) -> Served:
    return Served(row.token, row.learner_id, row.item_id, row.session_id, row.served_at, bool(row.answered))


def record_served(bind: Bind, *, learner_id: int, item_id: str, token: str, now: datetime,
                  session_id: int | None = None) -> Served:
    """Record that an item was shown with this token (idempotent on the token); return the record."""
    with unit_of_work(bind, write=True) as session:
        values = dict(learner_id=learner_id, item_id=item_id, token=token, served_at=now, answered=False,
                      session_id=session_id)
        session.execute(_insert(session, ServedRow.__table__).on_conflict_do_nothing(index_elements=["token"]),
                        values)
        return _served(session.scalars(select(ServedRow).where(ServedRow.token == token))
                       .one())


def get_served(bind: Bind, token: str) -> Served | None:
    """Return what was served under this token, or None (check the learner before accepting an answer)."""
    with unit_of_work(bind) as session:
        row = session.scalar(select(ServedRow).where(ServedRow.token == token))
        return None if row is None else _served(row)


def _attempt(row: AttemptRow, *, replayed: bool = False) -> Attempt:
    return Attempt(row.id, row.learner_id, row.session_id, row.item_id, row.response, bool(row.correct),
                   row.score, bool(row.almost), row.chosen, row.answered_at, row.duration_ms, row.served_token,
                   replayed)


def record_attempt(bind: Bind, *, learner_id: int, item_id: str, correct: bool, score: float, now: datetime,
                   served_token: str | None, response: str = "", almost: bool = False,
                   chosen: str | None = None, duration_ms: int | None = None,
                   session_id: int | None = None) -> Attempt:
    """Record an answer once per served token: a replay returns the stored attempt with `replayed=True`."""
    values = dict(learner_id=learner_id, item_id=item_id, correct=bool(correct), score=float(score),
                  response=response, almost=bool(almost), chosen=chosen, answered_at=now,
                  duration_ms=duration_ms, served_token=served_token, session_id=session_id)
    with unit_of_work(bind, write=True) as session:
        if served_token is None:
            row = AttemptRow(**values)
            session.add(row)
            session.flush()
            return _attempt(row)
        stmt = (_insert(session, AttemptRow.__table__)
                .on_conflict_do_nothing(index_elements=["served_token"]).returning(AttemptRow.__table__.c.id))
        inserted_id = session.execute(stmt, values).scalar()
        session.execute(update(ServedRow).where(ServedRow.token == served_token).values(answered=True))
        row = session.scalars(select(AttemptRow).where(AttemptRow.served_token == served_token)
                              .execution_options(populate_existing=True)).one()
        return _attempt(row, replayed=inserted_id is None)


def list_attempts(bind: Bind, *, learner_id: int | None = None, item_ids: Iterable[str] | None = None,
                  since: datetime | None = None, limit: int | None = None) -> list[Attempt]:
    """Return attempts, newest first, filtered by learner, items and time."""
    stmt = select(AttemptRow).order_by(AttemptRow.answered_at.desc(), AttemptRow.id.desc())
    if learner_id is not None:
        stmt = stmt.where(AttemptRow.learner_id == learner_id)
    if item_ids is not None:
        stmt = stmt.where(AttemptRow.item_id.in_(list(item_ids)))
    if since is not None:
        stmt = stmt.where(AttemptRow.answered_at >= since)
    if limit is not None:
        stmt = stmt.limit(limit)
    with unit_of_work(bind) as session:
        return [_attempt(r) for r in session.scalars(stmt)]


# --- the adaptive engine's inputs and outputs ---------------------------------------------------------------

def get_learner_state(bind: Bind, learner_id: int, *, recent: int = RECENT_ATTEMPTS) -> dict[str, Any]:
    """Return what the adaptive engine needs: memory per item, estimates per topic, recent attempts."""
    with unit_of_work(bind) as session:
        memory = {
            r.item_id: {"card": dict(r.card), "due_at": r.due_at, "last_review_at": r.last_review_at,
                        "reps": r.reps, "lapses": r.lapses}
            for r in session.scalars(select(ItemMemoryRow).where(ItemMemoryRow.learner_id == learner_id)
                                     .order_by(ItemMemoryRow.due_at, ItemMemoryRow.item_id))
        }
        topics = {
            r.topic: {"theta": r.theta, "se": r.se, "n": r.n}
            for r in session.scalars(select(TopicEstimateRow).where(TopicEstimateRow.learner_id == learner_id)
                                     .order_by(TopicEstimateRow.topic))
        }
        attempts = session.scalar(select(func.count()).select_from(AttemptRow)
                                  .where(AttemptRow.learner_id == learner_id)) or 0
        recent_rows = session.scalars(select(AttemptRow).where(AttemptRow.learner_id == learner_id)
                                      .order_by(AttemptRow.answered_at.desc(), AttemptRow.id.desc()).limit(recent))
        return {
            "learner_id": learner_id,
            "memory": memory,
            "topics": topics,
            "attempts": attempts,
            "recent": [_attempt(r) for r in recent_rows],
        }


def upsert_memory(bind: Bind, learner_id: int, item_id: str, *, card: dict[str, Any], due_at: datetime | None,
                  last_review_at: datetime | None, reps: int, lapses: int) -> None:
    """Store the learner's FSRS card for an item (insert or replace)."""
    with unit_of_work(bind, write=True) as session:
        _upsert(session, ItemMemoryRow.__table__,
                dict(learner_id=learner_id, item_id=item_id, card=dict(card), due_at=due_at,
                     last_review_at=last_review_at, reps=int(reps), lapses=int(lapses)),
                ("learner_id", "item_id"))


def upsert_topic_estimate(bind: Bind, learner_id: int, topic: str, *, theta: float, se: float, n: int) -> None:
    """Store the learner's ability estimate on a topic (insert or replace)."""
    with unit_of_work(bind, write=True) as session:
        _upsert(session, TopicEstimateRow.__table__,
                dict(learner_id=learner_id, topic=topic, theta=float(theta), se=float(se), n=int(n)),
                ("learner_id", "topic"))


def upsert_topic_estimates(bind: Bind, learner_id: int, estimates: dict[str, tuple[float, float, int]]) -> None:
    """Store several topic estimates (topic -> (theta, se, n)) of one learner in one statement."""
    if not estimates:
        return
    rows = [dict(learner_id=learner_id, topic=topic, theta=float(theta), se=float(se), n=int(n))
            for topic, (theta, se, n) in sorted(estimates.items())]
    with unit_of_work(bind, write=True) as session:
        stmt = _insert(session, TopicEstimateRow.__table__)
        stmt = stmt.on_conflict_do_update(index_elements=["learner_id", "topic"],
                                          set_={k: stmt.excluded[k] for k in ("theta", "se", "n")})
        session.execute(stmt, rows)


def update_calibration(bind: Bind, item_id: str, *, difficulty: float, n_first_attempts: int) -> None:
    """Store an item's difficulty estimated from first attempts (insert or replace)."""
    with unit_of_work(bind, write=True) as session:
        _upsert(session, ItemCalibrationRow.__table__,
                dict(item_id=item_id, difficulty=float(difficulty), n_first_attempts=int(n_first_attempts)),
                ("item_id",))


def get_calibration(bind: Bind, item_ids: Iterable[str] | None = None) -> dict[str, tuple[float, int]]:
    """Return (difficulty, n_first_attempts) per calibrated item."""
    stmt = select(ItemCalibrationRow)
    if item_ids is not None:
        stmt = stmt.where(ItemCalibrationRow.item_id.in_(list(item_ids)))
    with unit_of_work(bind) as session:
        return {r.item_id: (r.difficulty, r.n_first_attempts) for r in session.scalars(stmt)}
