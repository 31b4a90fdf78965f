"""The quiz services on both databases: the cached pool stays fresh, concurrent answers all count exactly once."""
from __future__ import annotations

import random
import threading
from datetime import timedelta

import pytest
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


def _whole_state(history, by_id, session_id, memory, estimates):
    """The learner's whole state as the engine defines it: every first attempt, the whole sitting, all memory."""
    from quiz.core.adaptive import AbilityEvidence, Estimate, LearnerState, overall_estimate

    responses, first = services._responses(by_id, history)
    evidence = AbilityEvidence.from_responses(responses)
    return LearnerState(estimates={t: Estimate(*v) for t, v in estimates.items()},
                        responses={t: tuple(rs) for t, rs in responses.items()}, memory=memory,
                        session=services._sitting_attempts(session_id, by_id, history, first),
                        overall=overall_estimate(evidence), evidence=evidence)


@pytest.mark.parametrize("case", range(12))
def test_services_answer_state_gives_what_the_whole_state_gives(case):
    """The answer path reads only what one answer needs; the engine's outcome is the same as on the whole state:
    the kind of attempt (new, review, relearn), the item's new memory and every topic estimate."""
    from quiz.core.adaptive import ItemMemory, PoolItem, apply_answer, attempt_kind, review
    from quiz.storage.learning import Answered

    rng = random.Random(case)
    pool = [PoolItem(f"i{k}", f"t{k % 4}", f"d{k % 3}", rng.gauss(0, 1), "mcq", 0) for k in range(15)]
    by_id = {p.id: p for p in pool}
    history, memory, now = [], {}, T0
    sittings = rng.randint(1, 3)
    for k in range(rng.randint(0, 40)):
        item = rng.choice(pool[:rng.randint(1, 15)])  # some items often (reviews, relearns), some never
        correct = rng.random() < 0.6
        history.append(Answered(k + 1, item.id, correct, 1 + k * sittings // 40))
        old = memory.get(item.id)
        memory[item.id] = ItemMemory(*review(old.card if old else None, correct, now))
        now += timedelta(hours=6)
    session_id = history[-1].session_id if history and rng.random() < 0.7 else 99
    estimates = {t: (rng.gauss(0, 1), 0.5, 3) for t in ("t0", "t1", "t2", "t3") if rng.random() < 0.5}
    for item in pool:
        stored = (memory[item.id].card, memory[item.id].due_at) if item.id in memory else None
        part = services._answer_state(None, 1, session_id, by_id, history, item.id, stored, estimates)
        whole = _whole_state(history, by_id, session_id, memory, estimates)
        kind = attempt_kind(part, item.id)
        assert kind == attempt_kind(whole, item.id)
        if kind == "new":  # what the item's calibration weighs a first attempt by
            assert part.estimate(item.topic) == whole.estimate(item.topic)
        for correct in (True, False):
            a = apply_answer(part, item, correct, now + timedelta(days=1))
            b = apply_answer(whole, item, correct, now + timedelta(days=1))
            assert a.memory[item.id] == b.memory[item.id]
            # the estimates stored: those that changed
            assert ({t: e for t, e in a.estimates.items() if part.estimates.get(t) != e}
                    == {t: e for t, e in b.estimates.items() if whole.estimates.get(t) != e})
            assert a.session[-1] == b.session[-1]
