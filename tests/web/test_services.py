"""The quiz services on both databases: the cached pool stays fresh, concurrent answers all count exactly once."""
from __future__ import annotations

import random
import threading
from datetime import timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session
from web_helpers import T0, quiz_bank, seed

from quiz.storage.learning import create_learner, start_session
from quiz.storage.models import AttemptRow, ItemMemoryRow, TopicEstimateRow
from quiz.storage.repository import get_item, set_status
from quiz.web import services


def _in_threads(calls):
    """Run the calls at once (released together by a barrier); return their results or exceptions in order."""
    barrier = threading.Barrier(len(calls))
    results = [None] * len(calls)

    def run(k, call):
        barrier.wait()
        try:
            results[k] = call()
        except Exception as exc:  # noqa: BLE001 - reported to the test below
            results[k] = exc

    threads = [threading.Thread(target=run, args=(k, c)) for k, c in enumerate(calls)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    return results


def test_services_start_page_sees_an_approval_and_a_rejection_at_once(db_engine):
    bank = quiz_bank()
    seed(db_engine, bank)
    assert services.overview(db_engine, None, now=T0).new == 12  # the pool is cached now
    draft = next(i.id for i in bank.items if i.status == "draft")
    set_status(db_engine, [draft], "approved", by="t", now=T0)
    assert services.overview(db_engine, None, now=T0).new == 13
    set_status(db_engine, [draft, "q-mcq-1"], "rejected", by="t", now=T0, reason="no")
    assert services.overview(db_engine, None, now=T0).new == 11
    learner = services.new_learner(db_engine, now=T0)
    sitting = services.current_session(db_engine, learner, None, now=T0)
    served = set()
    for k in range(11):
        q = services.next_question(db_engine, learner, sitting, now=T0 + timedelta(minutes=k), rng=random.Random(k))
        served.add(q.item_id)
        right = get_item(db_engine, q.item_id).answer
        services.submit_answer(db_engine, learner, q.token, right, now=T0 + timedelta(minutes=k, seconds=5))
    assert "q-mcq-1" not in served and draft not in served and len(served) == 11


def test_services_concurrent_answers_of_one_learner_all_count_once(db_engine):
    seed(db_engine, quiz_bank())
    learner = create_learner(db_engine, now=T0).id
    tokens = []
    for k in range(6):  # six tabs, each its own sitting with its own pending question
        sitting = start_session(db_engine, learner, now=T0)
        q = services.next_question(db_engine, learner, sitting, now=T0, rng=random.Random(k))
        tokens.append(q.token)
    now = T0 + timedelta(seconds=10)
    calls = [lambda t=t: services.submit_answer(db_engine, learner, t, "x", now=now) for t in tokens]
    calls += [lambda t=t: services.submit_answer(db_engine, learner, t, "x", now=now) for t in tokens[:2]]
    results = _in_threads(calls)
    assert not [r for r in results if isinstance(r, Exception)], results
    assert {r.token for r in results} == set(tokens)
    with Session(db_engine) as session:
        rows = session.execute(select(AttemptRow.item_id, AttemptRow.served_token)
                               .where(AttemptRow.learner_id == learner)).all()
        reps = dict(session.execute(select(ItemMemoryRow.item_id, ItemMemoryRow.reps)
                                    .where(ItemMemoryRow.learner_id == learner)).all())
        measured = session.scalar(select(func.sum(TopicEstimateRow.n)).where(TopicEstimateRow.learner_id == learner))
    assert sorted(t for _, t in rows) == sorted(tokens)  # every answer stored, a double submit once
    items = [i for i, _ in rows]
    assert reps == {i: items.count(i) for i in set(items)}  # no answer's memory update lost to another
    assert measured == len(set(items))  # every first attempt measured, none twice


def test_services_double_submit_at_once_is_recorded_once(db_engine):
    seed(db_engine, quiz_bank())
    learner = create_learner(db_engine, now=T0).id
    sitting = start_session(db_engine, learner, now=T0)
    q = services.next_question(db_engine, learner, sitting, now=T0, rng=random.Random(1))
    results = _in_threads([lambda: services.submit_answer(db_engine, learner, q.token, "x", now=T0)] * 4)
    assert not [r for r in results if isinstance(r, Exception)], results
    assert sum(not r.replayed for r in results) <= 1 and len({r.correct for r in results}) == 1
    with Session(db_engine) as session:
        assert session.scalar(select(func.count()).select_from(AttemptRow)) == 1
        assert session.scalar(select(ItemMemoryRow.reps).where(ItemMemoryRow.learner_id == learner)) == 1
