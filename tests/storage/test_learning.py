"""Learning data on SQLite and on a real PostgreSQL server: accounts, attempts recorded once, learner state."""
from __future__ import annotations

import math
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import func, inspect, select
from sqlalchemy.orm import Session

from quiz.storage.learning import (
    AlreadyExists,
    create_instructor,
    create_learner,
    end_session,
    find_instructor,
    find_learner,
    get_calibration,
    get_instructor,
    get_learner,
    get_learner_state,
    get_served,
    list_attempts,
    record_attempt,
    record_served,
    start_session,
    update_calibration,
    upsert_memory,
    upsert_topic_estimate,
)
from quiz.storage.models import AttemptRow, QuizSessionRow
from quiz.storage.repository import merge_bank

T0 = datetime(2026, 1, 1, 12, 0, tzinfo=timezone.utc)


@pytest.fixture
def bank_engine(db_engine, small_bank):
    """A migrated database holding the small bank."""
    merge_bank(db_engine, small_bank, now=T0)
    return db_engine


def answer(engine, learner_id, token, *, item_id="i-mcq", correct=True, at=T0, **extra):
    return record_attempt(engine, learner_id=learner_id, item_id=item_id, correct=correct,
                          score=1.0 if correct else 0.0, now=at, served_token=token, **extra)


def test_learning_tables_and_indexes_exist(db_engine):
    inspector = inspect(db_engine)
    assert {"learners", "instructors", "quiz_sessions", "attempts", "served", "item_memory", "topic_estimates",
            "item_calibration"} <= set(inspector.get_table_names())
    indexed = lambda table: {tuple(ix["column_names"]) for ix in inspector.get_indexes(table)}  # noqa: E731
    assert ("learner_id", "due_at") in indexed("item_memory")
    assert {("learner_id", "answered_at"), ("item_id",)} <= indexed("attempts")


def test_learning_accounts(db_engine):
    anonymous = create_learner(db_engine, now=T0)
    named = create_learner(db_engine, now=T0, name="ani", password_hash="h1")
    assert anonymous.name is None and anonymous.id != named.id
    assert create_learner(db_engine, now=T0).id not in (anonymous.id, named.id)  # many anonymous learners
    assert find_learner(db_engine, "ani") == named == get_learner(db_engine, named.id)
    with pytest.raises(AlreadyExists):
        create_learner(db_engine, now=T0, name="ani")
    prof = create_instructor(db_engine, "prof", "hash", now=T0)
    assert find_instructor(db_engine, "prof") == prof == get_instructor(db_engine, prof.id)
    assert prof.created_at == T0
    assert find_instructor(db_engine, "nobody") is None
    with pytest.raises(AlreadyExists):
        create_instructor(db_engine, "prof", "other", now=T0)


def test_learning_double_submit_is_recorded_once(bank_engine):
    learner = create_learner(bank_engine, now=T0)
    sitting = start_session(bank_engine, learner.id, now=T0)
    served = record_served(bank_engine, learner_id=learner.id, item_id="i-mcq", token="tok-1", now=T0,
                           session_id=sitting)
    assert not served.answered
    first = answer(bank_engine, learner.id, "tok-1", chosen="Moscow", response="Moscow", duration_ms=4200,
                   session_id=sitting)
    again = answer(bank_engine, learner.id, "tok-1", correct=False, at=T0 + timedelta(seconds=2))
    assert not first.replayed and again.replayed
    assert again.id == first.id and again.correct and again.chosen == "Moscow"
    assert len(list_attempts(bank_engine, learner_id=learner.id)) == 1
    assert get_served(bank_engine, "tok-1").answered
    assert get_served(bank_engine, "nope") is None


def test_learning_concurrent_double_submit_is_recorded_once(bank_engine):
    learner = create_learner(bank_engine, now=T0)
    record_served(bank_engine, learner_id=learner.id, item_id="i-mcq", token="tok-race", now=T0)
    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(lambda _: answer(bank_engine, learner.id, "tok-race"), range(8)))
    assert len({r.id for r in results}) == 1
    assert sum(not r.replayed for r in results) == 1
    with Session(bank_engine) as session:
        assert session.scalar(select(func.count()).select_from(AttemptRow)) == 1


def test_learning_record_served_is_idempotent(bank_engine):
    learner = create_learner(bank_engine, now=T0)
    a = record_served(bank_engine, learner_id=learner.id, item_id="i-mcq", token="t", now=T0)
    b = record_served(bank_engine, learner_id=learner.id, item_id="i-mcq", token="t", now=T0 + timedelta(1))
    assert a == b


def test_learning_learner_state_holds_memory_estimates_and_recent_attempts(bank_engine):
    learner = create_learner(bank_engine, now=T0)
    other = create_learner(bank_engine, now=T0)
    due = T0 + timedelta(days=3)
    card = {"card_id": 1, "state": 2, "step": None, "stability": 3.1, "difficulty": 5.0,
            "due": due.isoformat(), "last_review": T0.isoformat()}
    upsert_memory(bank_engine, learner.id, "i-mcq", card=card, due_at=due, last_review_at=T0, reps=1, lapses=0)
    upsert_memory(bank_engine, learner.id, "i-mcq", card={**card, "stability": 7.5}, due_at=due + timedelta(1),
                  last_review_at=T0 + timedelta(1), reps=2, lapses=0)
    upsert_memory(bank_engine, other.id, "i-tf", card=card, due_at=due, last_review_at=T0, reps=1, lapses=1)
    upsert_topic_estimate(bank_engine, learner.id, "Nagorno-Karabakh", theta=0.2, se=0.9, n=1)
    upsert_topic_estimate(bank_engine, learner.id, "Nagorno-Karabakh", theta=0.4, se=0.8, n=2)
    for n, token in enumerate(["a", "b", "c"]):
        answer(bank_engine, learner.id, token, correct=n != 1, at=T0 + timedelta(minutes=n))
    state = get_learner_state(bank_engine, learner.id, recent=2)
    assert state["memory"] == {"i-mcq": {"card": {**card, "stability": 7.5}, "due_at": due + timedelta(1),
                                         "last_review_at": T0 + timedelta(1), "reps": 2, "lapses": 0}}
    assert state["topics"] == {"Nagorno-Karabakh": {"theta": 0.4, "se": 0.8, "n": 2}}
    assert state["attempts"] == 3
    assert [(a.served_token, a.correct) for a in state["recent"]] == [("c", True), ("b", False)]
    assert state["memory"]["i-mcq"]["due_at"].tzinfo is not None
    empty = get_learner_state(bank_engine, create_learner(bank_engine, now=T0).id)
    assert empty["memory"] == {} and empty["topics"] == {} and empty["recent"] == []


def test_learning_calibration_upserts(bank_engine):
    update_calibration(bank_engine, "i-mcq", difficulty=0.5, n_first_attempts=3)
    update_calibration(bank_engine, "i-mcq", difficulty=-0.25, n_first_attempts=4)
    update_calibration(bank_engine, "i-tf", difficulty=1.0, n_first_attempts=1)
    assert get_calibration(bank_engine) == {"i-mcq": (-0.25, 4), "i-tf": (1.0, 1)}
    assert get_calibration(bank_engine, ["i-tf"]) == {"i-tf": (1.0, 1)}


def test_learning_sessions_and_attempt_filters(bank_engine):
    learner = create_learner(bank_engine, now=T0)
    sitting = start_session(bank_engine, learner.id, now=T0)
    end_session(bank_engine, sitting, now=T0 + timedelta(minutes=5))
    end_session(bank_engine, sitting, now=T0 + timedelta(minutes=9))
    with Session(bank_engine) as session:
        assert session.get(QuizSessionRow, sitting).ended_at == T0 + timedelta(minutes=5)
    answer(bank_engine, learner.id, None, item_id="i-tf", at=T0)
    answer(bank_engine, learner.id, None, item_id="i-tf", at=T0 + timedelta(hours=1))
    answer(bank_engine, learner.id, "x", item_id="i-mcq", at=T0 + timedelta(hours=2))
    assert len(list_attempts(bank_engine, item_ids=["i-tf"])) == 2
    assert [a.item_id for a in list_attempts(bank_engine, since=T0 + timedelta(minutes=30))] == ["i-mcq", "i-tf"]
    assert len(list_attempts(bank_engine, learner_id=learner.id, limit=1)) == 1


def _answer_values(learner_id, token, session_id, *, item_id="i-mcq", correct=True, at=T0):
    return dict(learner_id=learner_id, item_id=item_id, correct=correct, score=1.0 if correct else 0.0,
                response="Paris", almost=False, chosen=None, answered_at=at, duration_ms=1200, served_token=token,
                session_id=session_id)


def test_learning_store_answer_writes_everything_once_per_token(bank_engine):
    from quiz.storage.learning import answer_history, answer_target, history_mark, store_answer

    learner = create_learner(bank_engine, now=T0).id
    sitting = start_session(bank_engine, learner, now=T0)
    record_served(bank_engine, learner_id=learner, item_id="i-mcq", token="t1", now=T0, session_id=sitting)
    memory = dict(learner_id=learner, item_id="i-mcq", card={"stability": 2.0}, due_at=T0 + timedelta(days=2),
                  last_review_at=T0, reps=1, lapses=0)
    seen = []
    with bank_engine.connect() as conn:
        with conn.begin():
            target = answer_target(conn, "t1")
        assert (target.learner_id, target.item_id, target.session_id, target.attempt_id, target.memory) == \
            (learner, "i-mcq", sitting, None, None)
        assert target.bank_version > 0  # merge_bank recorded versions
        with conn.begin():
            first = store_answer(conn, _answer_values(learner, "t1", sitting), memory=memory,
                                 estimates={"Karabakh": (0.4, 0.8, 1)},
                                 calibrate=lambda stored: seen.append(stored) or (0.25, 1))
        with conn.begin():
            again = store_answer(conn, _answer_values(learner, "t1", sitting, correct=False), memory=memory,
                                 calibrate=lambda stored: seen.append(stored) or (9.0, 9))
        assert isinstance(first, int) and again is None  # the replay wrote nothing
        assert seen == [None]
        target = answer_target(conn, "t1")
        assert target.attempt_id == first and target.memory[0] == {"stability": 2.0}
        assert [(a.item_id, a.correct) for a in answer_history(conn, learner)] == [("i-mcq", True)]
        assert history_mark(conn, learner) == (1, first)
    assert get_served(bank_engine, "t1").answered
    assert get_calibration(bank_engine, ["i-mcq"]) == {"i-mcq": (0.25, 1)}
    state = get_learner_state(bank_engine, learner)
    assert state["topics"]["Karabakh"] == {"theta": 0.4, "se": 0.8, "n": 1}
    assert state["memory"]["i-mcq"]["reps"] == 1


def test_learning_answer_target_with_history_reads_what_the_separate_reads_give(bank_engine):
    """The target with the learner's attempts (one statement on PostgreSQL): the same values as answer_target
    and answer_history read apart, estimates to the last bit."""
    from dataclasses import replace

    from quiz.storage.learning import answer_history, answer_target, store_answer

    learner = create_learner(bank_engine, now=T0).id
    sitting = start_session(bank_engine, learner, now=T0)
    for k, (item, token) in enumerate((("i-mcq", "t1"), ("i-tf", "t2"), ("i-mcq", "t3"))):
        record_served(bank_engine, learner_id=learner, item_id=item, token=token, now=T0, session_id=sitting)
        at = T0 + timedelta(minutes=k)
        memory = dict(learner_id=learner, item_id=item, card={"stability": 2.0 + k}, due_at=at + timedelta(days=2),
                      last_review_at=at, reps=k + 1, lapses=k)
        with bank_engine.connect() as conn, conn.begin():
            estimates = {"Karabakh": (math.pi / 7 * (k + 1), 0.7, k + 1), "Georgia": (-1e-7, 0.9, 2)}
            store_answer(conn, _answer_values(learner, token, sitting, item_id=item, correct=k != 1, at=at),
                         memory=memory, estimates=estimates, calibrate=lambda stored, k=k: (0.2 + k / 7, k + 1),
                         calibration=None if k == 0 else False)
    record_served(bank_engine, learner_id=learner, item_id="i-tf", token="t4", now=T0, session_id=sitting)
    with bank_engine.connect() as conn, conn.begin():
        for token in ("t1", "t3", "t4"):
            apart = answer_target(conn, token)
            both = answer_target(conn, token, history=True)
            assert both == replace(apart, history=tuple(answer_history(conn, learner)))
            assert [(a.item_id, a.correct) for a in both.history] == [("i-mcq", True), ("i-tf", False),
                                                                      ("i-mcq", True)]
            assert both.estimates == {"Karabakh": (math.pi / 7 * 3, 0.7, 3), "Georgia": (-1e-7, 0.9, 2)}
        assert answer_target(conn, "never-served", history=True) is None


def test_learning_answer_target_of_an_unknown_token_is_none(bank_engine):
    from quiz.storage.learning import answer_target

    with bank_engine.connect() as conn:
        assert answer_target(conn, "never-served") is None


@pytest.mark.parametrize("db_url", [pytest.param("postgresql", marks=pytest.mark.postgres)], indirect=True)
def test_learning_calibration_row_inserted_by_another_first_attempt_meanwhile_is_counted(bank_engine):
    """Two learners' first attempts of a new item: the one that finds the row inserted meanwhile counts on it."""
    from quiz.storage.learning import store_answer

    learner = create_learner(bank_engine, now=T0).id
    record_served(bank_engine, learner_id=learner, item_id="i-mcq", token="t1", now=T0)
    memory = dict(learner_id=learner, item_id="i-mcq", card={"stability": 2.0}, due_at=T0 + timedelta(days=2),
                  last_review_at=T0, reps=1, lapses=0)
    seen = []

    def calibrate(stored):
        if not seen:  # another learner's first attempt commits its new row between this read and this write
            update_calibration(bank_engine, "i-mcq", difficulty=0.5, n_first_attempts=1)
        seen.append(stored)
        b, n = stored or (0.0, 0)
        return b + 0.1, n + 1

    with bank_engine.connect() as conn, conn.begin():
        assert store_answer(conn, _answer_values(learner, "t1", None), memory=memory, calibrate=calibrate)
    assert seen == [None, (0.5, 1)]
    assert get_calibration(bank_engine, ["i-mcq"]) == {"i-mcq": (pytest.approx(0.6), 2)}


def test_learning_answer_target_reads_the_estimates_and_the_calibration_with_the_target(bank_engine):
    from quiz.storage.learning import answer_target

    learner = create_learner(bank_engine, now=T0).id
    record_served(bank_engine, learner_id=learner, item_id="i-mcq", token="t1", now=T0)
    with bank_engine.connect() as conn:
        target = answer_target(conn, "t1")
        assert (target.estimates, target.calibration) == ({}, None)
    upsert_topic_estimate(bank_engine, learner, "Karabakh", theta=0.4, se=0.8, n=1)
    upsert_topic_estimate(bank_engine, learner, "Georgia", theta=-0.2, se=0.9, n=2)
    update_calibration(bank_engine, "i-mcq", difficulty=0.25, n_first_attempts=3)
    with bank_engine.connect() as conn:
        target = answer_target(conn, "t1")
    assert target.estimates == {"Karabakh": (0.4, 0.8, 1), "Georgia": (-0.2, 0.9, 2)}
    assert target.calibration == (0.25, 3) and target.item_id == "i-mcq" and target.attempt_id is None


def test_learning_store_answer_after_another_answer_of_the_learner_writes_nothing(bank_engine):
    """The history mark read before the write must still hold: else HistoryChanged and nothing is stored."""
    from quiz.storage.learning import HistoryChanged, history_mark, store_answer

    learner = create_learner(bank_engine, now=T0).id
    for token in ("t1", "t2"):
        record_served(bank_engine, learner_id=learner, item_id="i-mcq", token=token, now=T0)
    memory = dict(learner_id=learner, item_id="i-mcq", card={"stability": 2.0}, due_at=T0 + timedelta(days=2),
                  last_review_at=T0, reps=1, lapses=0)
    with bank_engine.connect() as conn:
        seen = history_mark(conn, learner)
        conn.commit()
        answer(bank_engine, learner, "t1")  # another request's answer lands after the read
        with conn.begin():
            with pytest.raises(HistoryChanged):
                store_answer(conn, _answer_values(learner, "t2", None), memory=memory, seen=seen)
        with conn.begin():
            assert history_mark(conn, learner)[0] == 1
            stored = store_answer(conn, _answer_values(learner, "t2", None), memory=memory,
                                  seen=history_mark(conn, learner))
        with conn.begin():  # a replay with a current mark is a replay, not a change
            assert isinstance(stored, int) and history_mark(conn, learner) == (2, stored)
            assert store_answer(conn, _answer_values(learner, "t2", None), memory=memory,
                                seen=history_mark(conn, learner)) is None
    assert get_served(bank_engine, "t2").answered and get_served(bank_engine, "t1").answered
    assert get_learner_state(bank_engine, learner)["memory"]["i-mcq"]["reps"] == 1


def test_learning_calibration_read_before_and_changed_since_is_read_again(bank_engine):
    """A calibration read outside the write (the answer path's first read) is only written over if unchanged."""
    from quiz.storage.learning import store_answer

    learner = create_learner(bank_engine, now=T0).id
    for token in ("t1", "t2"):
        record_served(bank_engine, learner_id=learner, item_id="i-mcq", token=token, now=T0)
    memory = dict(learner_id=learner, item_id="i-mcq", card={"stability": 2.0}, due_at=T0 + timedelta(days=2),
                  last_review_at=T0, reps=1, lapses=0)
    seen = []

    def calibrate(stored):
        seen.append(stored)
        b, n = stored or (0.0, 0)
        return b + 0.1, n + 1

    update_calibration(bank_engine, "i-mcq", difficulty=0.5, n_first_attempts=1)
    with bank_engine.connect() as conn:
        with conn.begin():  # read before as "no row", but another learner's first attempt inserted one since
            store_answer(conn, _answer_values(learner, "t1", None), memory=memory, calibrate=calibrate,
                         calibration=None)
        stored = get_calibration(bank_engine, ["i-mcq"])["i-mcq"]
        with conn.begin():  # read before as it is: unchanged, so written over without another read
            store_answer(conn, _answer_values(learner, "t2", None), memory=memory, calibrate=calibrate,
                         calibration=stored)
    assert seen == [None, (0.5, 1), stored] and stored == (pytest.approx(0.6), 2)
    assert get_calibration(bank_engine, ["i-mcq"]) == {"i-mcq": (pytest.approx(0.7), 3)}


def test_learning_inserting_an_answer_marks_its_served_row_answered(bank_engine):
    learner = create_learner(bank_engine, now=T0).id
    record_served(bank_engine, learner_id=learner, item_id="i-mcq", token="t1", now=T0)
    record_served(bank_engine, learner_id=learner, item_id="i-mcq", token="t2", now=T0)
    from quiz.storage.learning import store_answer

    memory = dict(learner_id=learner, item_id="i-mcq", card={}, due_at=None, last_review_at=T0, reps=1, lapses=0)
    with bank_engine.connect() as conn, conn.begin():
        store_answer(conn, _answer_values(learner, "t1", None), memory=memory)
    assert get_served(bank_engine, "t1").answered and not get_served(bank_engine, "t2").answered
