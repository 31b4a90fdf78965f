"""What the quiz views call: load a learner's state from storage, ask the pure engine, store the outcome."""
from __future__ import annotations

import random
import secrets
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from typing import Any, Mapping, Sequence

from sqlalchemy import Connection, Engine, bindparam, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from werkzeug.security import check_password_hash, generate_password_hash

from quiz.core.adaptive import (
    AbilityEvidence,
    Attempt as EngineAttempt,
    Estimate,
    ItemMemory,
    LearnerState,
    PoolItem,
    apply_answer,
    attempt_kind,
    overall_estimate,
    progress_summary,
    select_next_item,
    update_difficulty,
)
from quiz.core.answers import Verdict, check_answer
from quiz.core.items import GAP, Document, Item
from quiz.storage.db import WRITE_OPTION, transaction, write_lock
from quiz.storage.answering import (
    answer_history,
    answer_target,
    Answered,
    AnswerTarget,
    HistoryChanged,
    insert_served,
    item_memory,
    lock_learner,
    pending_question,
    scheduled_memory,
    store_answer,
    topic_estimates,
)
from quiz.storage.learning import (
    AlreadyExists,
    create_learner,
    find_instructor,
    find_learner,
    Learner,
    start_session,
)
from quiz.storage.models import AttemptRow, DocumentRow, ItemVersionRow, LearnerRow, QuizSessionRow
from quiz.storage.repository import get_document, get_item, list_items
from quiz.web.pool import (  # noqa: F401  (clear_pool_cache, warm_up: re-exported for quiz.web and tests)
    cached_pool,
    clear_pool_cache,
    full_item,
    load_pool,
    servable_items,
    warm_up,
)

__all__ = [
    "AlreadyExists", "NotServed", "NameTaken", "Question", "Feedback", "Overview", "servable_items", "load_pool",
    "new_learner", "learner_exists", "learner_name", "current_session", "next_question", "submit_answer",
    "feedback_for", "overview", "progress", "set_credentials", "check_learner_login", "check_instructor_login",
    "text_view", "SESSION_IDLE",
]

SESSION_IDLE = timedelta(minutes=30)  # a longer pause starts a new sitting
MAX_RESPONSE = 500


class NotServed(ValueError):
    """The answer names a question that was not served to this learner (forged, foreign or unknown token)."""


class NameTaken(ValueError):
    """Another learner already uses that name."""


@dataclass(frozen=True)
class Question:
    """An item as the question page shows it: never the answer, the accepted variants or the explanation."""

    token: str
    item_id: str
    type: str
    kind: str
    prompt_before: str  # the prompt, or for cloze the text before the gap
    prompt_after: str  # cloze: the text after the gap
    choices: tuple[str, ...]
    topic: str
    reason: str  # why the engine chose it: new, review, relearn, explore
    number: int  # 1-based position in this sitting


@dataclass(frozen=True)
class Feedback:
    """The outcome of one answer, as the feedback page shows it."""

    token: str
    item: Item
    response: str
    correct: bool
    almost: bool
    message: str
    document_title: str
    replayed: bool

    @property
    def recap(self) -> tuple[str, str | None]:
        """Return the prompt to recap: for cloze (before, after) around the filled gap, else (prompt, None)."""
        if self.item.type == "cloze" and GAP in self.item.prompt:
            before, _, after = self.item.prompt.partition(GAP)
            return before, after.replace(GAP, "…")
        return self.item.prompt, None


@dataclass(frozen=True)
class Overview:
    """What the start page shows."""

    answered: int
    due: int
    new: int
    learning: int
    next_review: datetime | None
    has_name: bool


def _write(engine: Engine) -> Session:
    """Open a session whose transaction takes the write lock at BEGIN (SQLite) and is committed as one unit."""
    return Session(engine.execution_options(**{WRITE_OPTION: True}), expire_on_commit=False)


# --- the learner's state (the pool: quiz.web.pool) -----------------------------------------------------------------

def _history(bind: Session | Connection, learner_id: int) -> list[Answered]:
    """Return the learner's attempts in answer order (narrow columns, on the learner/answered_at index)."""
    conn = bind.connection() if isinstance(bind, Session) else bind
    return answer_history(conn, learner_id)


def _attempt_rows(session: Session, learner_id: int) -> list[AttemptRow]:
    stmt = (select(AttemptRow).where(AttemptRow.learner_id == learner_id)
            .order_by(AttemptRow.answered_at, AttemptRow.id))
    return list(session.scalars(stmt))


def _responses(by_id: Mapping[str, PoolItem], rows: Sequence[Answered | AttemptRow]
               ) -> tuple[dict[str, list[tuple[float, bool]]], dict[str, int]]:
    """Return the first attempts as (difficulty, correct) per topic, and each item's first attempt id."""
    firsts: dict[str, Answered | AttemptRow] = {}
    for row in rows:  # in answer order: each item's first attempt is the one kept
        firsts.setdefault(row.item_id, row)
    responses: dict[str, list[tuple[float, bool]]] = {}
    for item_id, row in firsts.items():
        p = by_id.get(item_id)
        if p is not None:
            responses.setdefault(p.topic, []).append((p.difficulty, bool(row.correct)))
    return responses, {item_id: row.id for item_id, row in firsts.items()}


def _sitting_attempts(session_id: int | None, by_id: Mapping[str, PoolItem], rows: Sequence[Answered | AttemptRow],
                      first_attempt: Mapping[str, int]) -> tuple[EngineAttempt, ...]:
    """Return this sitting's attempts as the engine sees them (new, review or relearn)."""
    sitting: list[EngineAttempt] = []
    seen_in_sitting: set[str] = set()
    for row in rows:
        if session_id is None or row.session_id != session_id:
            continue
        p = by_id.get(row.item_id)
        topic, document = (p.topic, p.document) if p else ("", "")
        if row.item_id in seen_in_sitting:
            kind = "relearn"
        else:
            kind = "new" if first_attempt.get(row.item_id) == row.id else "review"
        seen_in_sitting.add(row.item_id)
        sitting.append(EngineAttempt(row.item_id, topic, document, bool(row.correct), kind))
    return tuple(sitting)


def _load_state(bind: Session | Connection, learner_id: int, session_id: int | None, by_id: Mapping[str, PoolItem],
                rows: Sequence[Answered | AttemptRow]) -> LearnerState:
    """Rebuild the engine's LearnerState from stored memory and estimates, and the learner's attempts.

    Ability needs every first attempt (item and right or wrong, weighed by the item's current difficulty);
    the sitting needs this session's attempts; memory and estimates come from their own rows.
    """
    conn = bind.connection() if isinstance(bind, Session) else bind
    memory = {i: ItemMemory(card, due) for i, (card, due) in scheduled_memory(conn, learner_id).items()}
    estimates = {t: Estimate(*v) for t, v in topic_estimates(conn, learner_id).items()}
    responses, first_attempt = _responses(by_id, rows)
    evidence = AbilityEvidence.from_responses(responses)
    return LearnerState(estimates=estimates, responses={t: tuple(rs) for t, rs in responses.items()},
                        memory=memory, session=_sitting_attempts(session_id, by_id, rows, first_attempt),
                        overall=overall_estimate(evidence), evidence=evidence)


def _answer_state(conn: Connection, learner_id: int, session_id: int | None, by_id: Mapping[str, PoolItem],
                  rows: Sequence[Answered], item_id: str, stored: tuple[Mapping[str, Any], datetime] | None | bool
                  = False, estimates: Mapping[str, tuple[float, float, int]] | None = None) -> LearnerState:
    """Return as much of the learner's state as answering `item_id` needs: no more is read or estimated.

    The engine changes memory of this item only, reads the sitting only to tell whether this item was answered
    in it already (a relearn), and changes ability only on a first attempt (kind "new"): so memory is read for
    this item alone, the sitting holds this item's attempts alone, and the stored estimates and the ability
    behind them are read only when the answer will be a first attempt. apply_answer gives the same result as
    on the whole state. `stored` is the item's memory if the caller read it already (None: there is none;
    False: read it here), `estimates` the learner's stored estimates if the caller read them already (None:
    read them here if needed).
    """
    if stored is False:
        stored = item_memory(conn, learner_id, item_id)
    memory = {item_id: ItemMemory(*stored)} if stored else {}
    state = LearnerState(memory=memory, session=_item_in_sitting(session_id, by_id, _item_attempts(rows, item_id)))
    if attempt_kind(state, item_id) != "new":
        return state
    if estimates is None:
        estimates = topic_estimates(conn, learner_id)
    estimated = {t: Estimate(*v) for t, v in estimates.items()}
    # The first attempts as log-likelihood vectors, built in one pass with the items' current difficulties:
    # apply_answer adds the new answer to them and re-estimates every topic without another pass.
    responses, _first = _responses(by_id, rows)
    evidence = AbilityEvidence.from_responses(responses)
    # Overall ability is only the prior of a topic without an estimate (apply_answer re-estimates it itself).
    overall = state.overall if by_id[item_id].topic in estimated else overall_estimate(evidence)
    return LearnerState(estimates=estimated, responses={t: tuple(rs) for t, rs in responses.items()},
                        memory=memory, session=state.session, overall=overall, evidence=evidence)


def _item_attempts(rows: Sequence[Answered], item_id: str) -> list[Answered]:
    """Return the learner's attempts of one item, in answer order."""
    return [row for row in rows if row.item_id == item_id]


def _item_in_sitting(session_id: int | None, by_id: Mapping[str, PoolItem], mine: Sequence[Answered]
                     ) -> tuple[EngineAttempt, ...]:
    """Return this sitting's attempts of one item (`mine`: all its attempts) as _sitting_attempts gives them."""
    if session_id is None or not mine:
        return ()
    p = by_id.get(mine[0].item_id)
    topic, document = (p.topic, p.document) if p else ("", "")
    sitting: list[EngineAttempt] = []
    for k, row in enumerate(mine):
        if row.session_id == session_id:
            kind = "relearn" if sitting else "new" if k == 0 else "review"
            sitting.append(EngineAttempt(row.item_id, topic, document, bool(row.correct), kind))
    return tuple(sitting)


# --- learners and sittings ---------------------------------------------------------------------------------------

def new_learner(engine: Engine, *, now: datetime) -> int:
    """Create an anonymous learner; return its id."""
    with write_lock(engine):
        return create_learner(engine, now=now).id


_LEARNER = select(LearnerRow.__table__.c.id).where(LearnerRow.__table__.c.id == bindparam("learner_id"))
_LEARNER_NAME = select(LearnerRow.__table__.c.name).where(LearnerRow.__table__.c.id == bindparam("learner_id"))
_SITTING = (select(QuizSessionRow.__table__.c.learner_id, QuizSessionRow.__table__.c.ended_at,
                   QuizSessionRow.__table__.c.started_at,
                   select(func.max(AttemptRow.__table__.c.answered_at))
                   .where(AttemptRow.__table__.c.session_id == QuizSessionRow.__table__.c.id).scalar_subquery())
            .where(QuizSessionRow.__table__.c.id == bindparam("session_id")))


def learner_exists(engine: Engine, learner_id: int | None) -> bool:
    """Say whether this learner id is a stored learner."""
    if learner_id is None:
        return False
    with engine.connect() as conn:
        return conn.execute(_LEARNER, {"learner_id": int(learner_id)}).first() is not None


def learner_name(engine: Engine, learner_id: int) -> str | None:
    """Return the learner's name, or None (anonymous or unknown)."""
    with engine.connect() as conn:
        return conn.execute(_LEARNER_NAME, {"learner_id": int(learner_id)}).scalar()


def current_session(engine: Engine, learner_id: int, session_id: int | None, *, now: datetime) -> int:
    """Return the learner's open sitting (the given one if it is theirs and recent), or start a new one."""
    if session_id is not None:
        with engine.connect() as conn:
            row = conn.execute(_SITTING, {"session_id": int(session_id)}).first()
        if row is not None and row[0] == learner_id and row[1] is None:
            last = _utc(row[3]) if row[3] is not None else row[2]
            if now - last <= SESSION_IDLE:
                return int(session_id)
    with write_lock(engine):
        return start_session(engine, learner_id, now=now)


def _utc(moment: datetime | str) -> datetime:
    """Return an aggregate's datetime as aware UTC (an aggregate skips the column type: SQLite gives a string)."""
    if isinstance(moment, str):
        moment = datetime.fromisoformat(moment)
    return moment.replace(tzinfo=timezone.utc) if moment.tzinfo is None else moment.astimezone(timezone.utc)


def _split_prompt(item: Item) -> tuple[str, str]:
    if item.type == "cloze" and GAP in item.prompt:
        before, _, after = item.prompt.partition(GAP)
        return before, after.replace(GAP, "…")
    return item.prompt, ""


def _question(item: Item, token: str, reason: str, number: int) -> Question:
    before, after = _split_prompt(item)
    choices = tuple(item.choices) if item.type == "mcq" else ("True", "False") if item.type == "truefalse" else ()
    return Question(token, item.id, item.type, item.kind, before, after, choices, item.topic, reason, number)


def next_question(engine: Engine, learner_id: int, session_id: int, *, now: datetime,
                  rng: random.Random) -> Question | None:
    """Return the question to show: the one served and not yet answered, or the engine's next pick (None: done).

    Reading and choosing happen outside the write lock; only the served token is written, in a short
    transaction that first checks that no other request served this sitting a question meanwhile.
    """
    with engine.connect() as conn:
        with conn.begin():
            pool = cached_pool(conn, engine)
            pending = pending_question(conn, learner_id, session_id)
            rows = _history(conn, learner_id)
            number = sum(1 for r in rows if r.session_id == session_id) + 1
            state = _load_state(conn, learner_id, session_id, pool.by_id, rows)
        if pending is not None and pending.item_id in pool.by_id:
            item = full_item(pool, engine, pending.item_id)
            return _question(item, pending.token, attempt_kind(state, pending.item_id), number)
        choice = select_next_item(state, pool.items, now=now, rng=rng)
        if choice is None:
            return None
        item = full_item(pool, engine, choice.item_id)
        token = secrets.token_urlsafe(24)
        conn.execution_options(**{WRITE_OPTION: True})
        with write_lock(engine), conn.begin():
            raced = pending_question(conn, learner_id, session_id)
            if raced is not None and raced.item_id in pool.by_id and (pending is None or raced.id != pending.id):
                # Another request (a second tab) served this sitting a question meanwhile: show that one.
                other = full_item(pool, engine, raced.item_id)
                return _question(other, raced.token, attempt_kind(state, raced.item_id), number)
            insert_served(conn, learner_id=learner_id, item_id=choice.item_id, token=token, now=now,
                          session_id=session_id)
    return _question(item, token, choice.reason, number)


# --- answering ---------------------------------------------------------------------------------------------------

def _verdict_from_stored(item: Item, row: AttemptRow) -> Verdict:
    verdict = check_answer(item, row.response)
    if verdict.correct == bool(row.correct) and verdict.almost == bool(row.almost):
        return verdict
    # The item changed since: keep what was recorded, say it plainly.
    message = "Correct." if row.correct else f"The answer is {item.answer}."
    return Verdict(bool(row.correct), bool(row.almost), row.score, verdict.normalized, item.answer, message)


def submit_answer(engine: Engine, learner_id: int, token: str, response: str, *, now: datetime) -> Feedback:
    """Check and record an answer once per token; update memory, ability and calibration in one transaction.

    On SQLite (one writer at a time for the whole database), one connection: a read transaction (one
    statement for the served token, its answer, the learner's memory of the item and topic estimates, the
    item's calibration and the bank version; one for the learner's attempts), then the answer is checked and
    the engine run outside any lock, then one short write transaction stores the attempt, the memory, changed
    estimates and (first attempts) the item's calibration. The attempt's INSERT itself re-checks that no other
    answer of this learner arrived meanwhile (else nothing is written and the outcome is recomputed from the
    state as it is now, under the lock); the calibration is written only over the pair read before (else read
    again). A token answered meanwhile stores nothing and gets the stored answer back. With row locks
    (PostgreSQL) one transaction does it all: see _submit_locked. Raise NotServed when the token was not
    served to this learner.
    """
    response = (response or "")[:MAX_RESPONSE]
    with engine.connect() as conn:
        if conn.dialect.name != "sqlite":
            return _submit_locked(conn, engine, learner_id, token, response, now=now)
        with transaction(conn):
            served, pool, item, by_id = _answer_target(conn, engine, learner_id, token)
            if served.attempt_id is None:
                rows = _history(conn, learner_id)
        if served.attempt_id is not None:
            return _replayed(engine, item, token)
        state = _answer_state(conn, learner_id, served.session_id, by_id, rows, item.id, served.memory,
                              served.estimates)
        pool_item = by_id[item.id]
        verdict = check_answer(item, response)
        seen = (len(rows), max((r.id for r in rows), default=0))
        outcome = _outcome(state, rows, pool_item, verdict.correct, now)
        attempt = _attempt_values(learner_id, item, served, token, response, verdict, now)
        with write_lock(engine), transaction(conn, write=True):
            try:  # the INSERT itself checks that no other answer of this learner landed meanwhile
                stored = _store_outcome(conn, attempt, state, pool_item, verdict.correct, outcome, now=now,
                                        calibration=served.calibration, seen=seen)
            except HistoryChanged:  # it did (nothing was written): recompute from the state as it is now
                rows = _history(conn, learner_id)
                state = _answer_state(conn, learner_id, served.session_id, by_id, rows, item.id)
                outcome = _outcome(state, rows, pool_item, verdict.correct, now)
                stored = _store_outcome(conn, attempt, state, pool_item, verdict.correct, outcome, now=now)
    if stored is None:  # a double submit that raced this one: the first answer stands
        return _replayed(engine, item, token)
    return Feedback(token, item, response, verdict.correct, verdict.almost, verdict.message,
                    pool.titles.get(item.source.document, "the text"), False)


def _submit_locked(conn: Connection, engine: Engine, learner_id: int, token: str, response: str, *,
                   now: datetime) -> Feedback:
    """Answer on a database with row locks (PostgreSQL): lock the learner, then read, decide and write at once.

    The lock serialises this learner's answers only, so holding it while the engine runs delays no one else,
    and every read after it sees the learner's answers committed before: no second transaction, no re-check.
    The item's calibration is read unlocked with the target and written only over what was read (else read
    again, locked): other learners' first attempts of the item are not held up by this one's engine work.
    """
    with conn.begin():
        lock_learner(conn, learner_id)
        served, pool, item, by_id = _answer_target(conn, engine, learner_id, token, history=True)
        stored = None
        if served.attempt_id is None:
            rows = list(served.history or ())
            state = _answer_state(conn, learner_id, served.session_id, by_id, rows, item.id, served.memory,
                                  served.estimates)
            pool_item = by_id[item.id]
            verdict = check_answer(item, response)
            outcome = _outcome(state, rows, pool_item, verdict.correct, now)
            stored = _store_outcome(conn, _attempt_values(learner_id, item, served, token, response, verdict, now),
                                    state, pool_item, verdict.correct, outcome, now=now,
                                    calibration=served.calibration)
    if stored is None:  # answered before (a resubmission, or a double submit that got the lock first)
        return _replayed(engine, item, token)
    return Feedback(token, item, response, verdict.correct, verdict.almost, verdict.message,
                    pool.titles.get(item.source.document, "the text"), False)


def _answer_target(conn: Connection, engine: Engine, learner_id: int, token: str, *, history: bool = False
                   ) -> tuple[AnswerTarget, Any, Item, Mapping[str, PoolItem]]:
    """Return what was served under `token`, the pool, the item and the pool items; raise NotServed if not theirs.

    `history`: the target carries the learner's attempts too (read in the same statement on PostgreSQL).
    """
    served = answer_target(conn, token, history=history) if token else None
    if served is None or served.learner_id != learner_id:
        raise NotServed("this question was not served to you")
    pool = cached_pool(conn, engine, served.bank_version)
    item = full_item(pool, engine, served.item_id)
    if item is None:
        raise NotServed("this question no longer exists")
    by_id = pool.by_id
    if item.id not in by_id:  # retired or unapproved since it was served: still count it
        by_id = {**by_id, item.id: PoolItem.from_item(item)}
    return served, pool, item, by_id


def _attempt_values(learner_id: int, item: Item, served: AnswerTarget, token: str, response: str,
                    verdict: Verdict, now: datetime) -> dict[str, Any]:
    """Return the attempts row of one answer."""
    return dict(learner_id=learner_id, item_id=item.id, correct=verdict.correct, score=float(verdict.score),
                response=response, almost=verdict.almost, answered_at=now,
                chosen=response if item.type in ("mcq", "truefalse") else None,
                duration_ms=int(max(0.0, (now - served.served_at).total_seconds()) * 1000),
                served_token=token, session_id=served.session_id)


def _replayed(engine: Engine, item: Item, token: str) -> Feedback:
    """Return the feedback of the answer stored under `token` (a resubmission)."""
    with Session(engine) as session:
        row = session.scalars(select(AttemptRow).where(AttemptRow.served_token == token)).one()
        return _feedback(session, item, row, replayed=True)


@dataclass(frozen=True)
class _Outcome:
    """What one answer changes, computed by the pure engine before the write lock is taken."""

    kind: str
    before: Estimate
    after: LearnerState
    reps: int
    lapses: int


def _outcome(state: LearnerState, rows: Sequence[Answered], item: PoolItem, correct: bool, now: datetime
             ) -> _Outcome:
    """Apply the answer with the pure engine: the new memory and estimates, and the item's repetition counts."""
    prior = _item_attempts(rows, item.id)
    return _Outcome(attempt_kind(state, item.id), state.estimate(item.topic), apply_answer(state, item, correct, now),
                    len(prior) + 1, sum(1 for r in prior if not r.correct) + (0 if correct else 1))


def _store_outcome(conn: Connection, attempt: Mapping[str, Any], state: LearnerState, item: PoolItem,
                   correct: bool, outcome: _Outcome, *, now: datetime,
                   calibration: tuple[float, int] | None | bool = False,
                   seen: tuple[int, int] | None = None) -> int | None:
    """Store the attempt, memory, changed topic estimates and (first attempts) the item's calibration.

    `calibration` and `seen` as in store_answer (the stored calibration as read before; the history mark the
    state was computed from: HistoryChanged if it moved).
    """
    memory = outcome.after.memory[item.id]
    changed = {topic: (est.theta, est.se, est.n) for topic, est in outcome.after.estimates.items()
               if state.estimates.get(topic) != est}

    def calibrate(stored: tuple[float, int] | None) -> tuple[float, int]:
        b, n = stored if stored else (item.difficulty, 0)
        return update_difficulty(b, n, correct, outcome.before.theta, se=outcome.before.se)

    return store_answer(conn, attempt,
                        memory=dict(learner_id=attempt["learner_id"], item_id=item.id, card=dict(memory.card),
                                    due_at=memory.due_at, last_review_at=now, reps=outcome.reps,
                                    lapses=outcome.lapses),
                        estimates=changed, calibrate=calibrate if outcome.kind == "new" else None,
                        calibration=calibration, seen=seen)


def _feedback(session: Session, item: Item, row: AttemptRow, *, replayed: bool,
              verdict: Verdict | None = None) -> Feedback:
    verdict = verdict or _verdict_from_stored(item, row)
    return Feedback(row.served_token or "", item, row.response, bool(row.correct), bool(row.almost),
                    verdict.message, _document_title(session, item.source.document), replayed)


def _document_title(session: Session, document_id: str) -> str:
    """Return a text's title without loading the text ("the text" if it is gone)."""
    title = session.scalar(select(DocumentRow.title).where(DocumentRow.id == document_id))
    return "the text" if title is None else title


_A = AttemptRow.__table__
_ANSWER_OF = (select(_A.c.learner_id, _A.c.item_id, _A.c.served_token, _A.c.response, _A.c.correct, _A.c.almost,
                     _A.c.score, select(func.max(ItemVersionRow.__table__.c.id)).scalar_subquery())
              .where(_A.c.served_token == bindparam("token")))


def feedback_for(engine: Engine, learner_id: int, token: str) -> Feedback | None:
    """Return the feedback of an answered token of this learner (None if not theirs or not answered)."""
    with engine.connect() as conn:
        row = conn.execute(_ANSWER_OF, {"token": token}).first()
        if row is None or row.learner_id != learner_id:
            return None
        pool = cached_pool(conn, engine, int(row[7] or 0))
    item = full_item(pool, engine, row.item_id)
    if item is None:
        return None
    verdict = _verdict_from_stored(item, row)
    return Feedback(row.served_token or "", item, row.response, bool(row.correct), bool(row.almost),
                    verdict.message, pool.titles.get(item.source.document, "the text"), True)


# --- start page and progress -------------------------------------------------------------------------------------

def overview(engine: Engine, learner_id: int | None, *, now: datetime) -> Overview:
    """Count what a learner has answered, what is due and what is new (a newcomer: everything is new)."""
    if learner_id is None:
        with Session(engine) as session:
            return Overview(0, 0, len(cached_pool(session, engine).items), 0, None, False)
    with Session(engine) as session:
        pool = cached_pool(session, engine)
        rows = _history(session, learner_id)
        state = _load_state(session, learner_id, None, pool.by_id, rows)
        name = session.scalar(select(LearnerRow.name).where(LearnerRow.id == learner_id))
    summary = progress_summary(state, pool.items, now)
    return Overview(len(rows), summary["due"], summary["new"], summary["learning"] + summary["mature"],
                    summary["next_review"], bool(name))


def _streak(days: set[date], today: date) -> int:
    """Count the days in a row, ending today (or yesterday, if not yet today), with at least one answer."""
    day = today if today in days else today - timedelta(days=1)
    n = 0
    while day in days:
        n += 1
        day -= timedelta(days=1)
    return n


def _daily_chart(rows: Sequence[AttemptRow], today: date, days: int = 14) -> dict[str, Any]:
    """Return bar geometry for answers per day (right and wrong stacked) over the last `days` days."""
    counts = {today - timedelta(days=k): [0, 0] for k in range(days)}
    for row in rows:
        d = row.answered_at.date()
        if d in counts:
            counts[d][0 if row.correct else 1] += 1
    top = max([sum(v) for v in counts.values()] + [1])
    width, height, gap = 20, 80, 6
    bars = []
    for k, d in enumerate(sorted(counts)):
        right, wrong = counts[d]
        h_right = round(height * right / top, 1)
        h_wrong = round(height * wrong / top, 1)
        x = k * (width + gap)
        bars.append({"x": x, "w": width, "right": right, "wrong": wrong, "day": d,
                     "y_right": round(height - h_right, 1), "h_right": h_right,
                     "y_wrong": round(height - h_right - h_wrong, 1), "h_wrong": h_wrong})
    return {"bars": bars, "width": days * (width + gap) - gap, "height": height, "top": top}


def progress(engine: Engine, learner_id: int, session_id: int | None, *, now: datetime) -> dict[str, Any]:
    """Gather the progress page: mastery per topic, counts, next review, streak, this sitting, a daily chart."""
    with Session(engine) as session:
        pool = cached_pool(session, engine)
        rows = _attempt_rows(session, learner_id)
        state = _load_state(session, learner_id, session_id, pool.by_id, rows)
        wanted = sorted({r.item_id for r in rows if session_id is not None and r.session_id == session_id})
        by_id = {i: item for i in wanted if (item := get_item(session, i)) is not None}
    summary = progress_summary(state, pool.items, now)
    history = [{"item": by_id.get(r.item_id), "correct": bool(r.correct), "almost": bool(r.almost),
                "response": r.response, "at": r.answered_at, "token": r.served_token}
               for r in rows if session_id is not None and r.session_id == session_id]
    today = now.date()
    return {
        "summary": summary,
        "answered": len(rows),
        "correct": sum(1 for r in rows if r.correct),
        "streak": _streak({r.answered_at.date() for r in rows}, today),
        "history": history,
        "chart": _daily_chart(rows, today),
    }


# --- accounts ------------------------------------------------------------------------------------------------------

def set_credentials(engine: Engine, learner_id: int, name: str, password: str) -> None:
    """Give a learner a name and password so they can resume elsewhere; raise NameTaken if the name is used."""
    name = name.strip()
    try:
        with write_lock(engine), _write(engine) as session, session.begin():
            session.execute(update(LearnerRow).where(LearnerRow.id == learner_id)
                            .values(name=name, password_hash=generate_password_hash(password)))
    except IntegrityError as exc:
        raise NameTaken(f"the name {name!r} is taken") from exc


def check_learner_login(engine: Engine, name: str, password: str) -> Learner | None:
    """Return the learner with this name and password, or None."""
    learner = find_learner(engine, name.strip())
    if learner is None or not learner.password_hash or not check_password_hash(learner.password_hash, password):
        return None
    return learner


def check_instructor_login(engine: Engine, username: str, password: str) -> int | None:
    """Return the id of the instructor with this username and password, or None."""
    instructor = find_instructor(engine, username.strip())
    if instructor is None or not check_password_hash(instructor.password_hash, password):
        return None
    return instructor.id


# --- texts ---------------------------------------------------------------------------------------------------------

def text_view(engine: Engine, document_id: str) -> tuple[Document, list[tuple[str, int | None]]] | None:
    """Return a document and its text cut into segments; a segment with an offset is a cited sentence."""
    doc = get_document(engine, document_id)
    if doc is None:
        return None
    page = list_items(engine, document=document_id, status="approved", sort="document", limit=None)
    spans = sorted({(r.item.source.start, r.item.source.end) for r in page.records})
    segments: list[tuple[str, int | None]] = []
    pos = 0
    for start, end in spans:
        if start < pos or end > len(doc.text) or end <= start:
            continue  # overlapping or out of range: leave it unmarked
        if start > pos:
            segments.append((doc.text[pos:start], None))
        segments.append((doc.text[start:end], start))
        pos = end
    if pos < len(doc.text):
        segments.append((doc.text[pos:], None))
    return doc, segments

