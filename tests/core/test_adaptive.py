"""The adaptive engine: ability, difficulty, memory, the selector's policies, mastery and progress."""
from __future__ import annotations

import random
from datetime import datetime, timedelta, timezone

import numpy as np
import pytest

from quiz.core.adaptive import (
    AbilityEvidence,
    Attempt,
    Estimate,
    Evidence,
    LearnerState,
    MasteryRule,
    PoolItem,
    SelectorConfig,
    TopicEvidence,
    apply_answer,
    estimate_ability,
    item_evidence,
    mastery,
    p_correct,
    progress_summary,
    recall_probability,
    review,
    select_next_item,
    topic_bar,
    topic_estimates,
    update_difficulty,
)
from quiz.core.adaptive.ability import TOPIC_SPREAD
from quiz.core.adaptive.irt import difficulty_sd, expected_variance_reduction
from quiz.core.adaptive.state import topic_prior
from quiz.core.adaptive.selector import difficulty_beliefs

NOW = datetime(2026, 3, 1, 9, 0, tzinfo=timezone.utc)


def make_pool(n: int = 30, topics: int = 3, docs: int = 5) -> list[PoolItem]:
    return [PoolItem(f"i{i:02d}", f"t{i % topics}", f"d{i % docs}", round((i - n / 2) / (n / 4), 3)) for i in range(n)]


def answer_all(state: LearnerState, pool, ids_correct, now=NOW) -> LearnerState:
    by_id = {p.id: p for p in pool}
    for item_id, ok in ids_correct:
        state = apply_answer(state, by_id[item_id], ok, now)
    return state


# --- Rasch -----------------------------------------------------------------------------------------------

def test_adaptive_p_correct_is_half_at_equal_ability_and_monotone():
    assert p_correct(0.3, 0.3) == 0.5
    assert p_correct(1.0, 0.0) == pytest.approx(0.7310586)
    assert p_correct(-800, 0) == 0.0 and p_correct(800, 0) == 1.0


def test_adaptive_estimate_without_answers_is_the_prior():
    est = estimate_ability([])
    assert est.theta == pytest.approx(0.0, abs=1e-9) and est.se == pytest.approx(1.0, abs=0.01)


def test_adaptive_new_learner_all_wrong_goes_down_all_right_goes_up_bounded():
    down = [estimate_ability([(0.0, False)] * k).theta for k in range(1, 6)]
    up = [estimate_ability([(0.0, True)] * k).theta for k in range(1, 6)]
    assert all(a > b for a, b in zip(down, down[1:])) and down[0] < 0
    assert all(a < b for a, b in zip(up, up[1:])) and up[0] > 0
    assert -4 < estimate_ability([(2.0, False)] * 50).theta and estimate_ability([(-2.0, True)] * 50).theta < 5


def test_adaptive_estimate_se_shrinks_with_answers():
    rs = [(0.0, i % 2 == 0) for i in range(20)]
    assert estimate_ability(rs[:4]).se > estimate_ability(rs).se
    assert estimate_ability(rs).se == pytest.approx(0.41, abs=0.02)  # 1 / sqrt(1 + 20 * 0.25)


def test_adaptive_update_difficulty_moves_toward_the_evidence_and_shrinks():
    b_wrong, n = update_difficulty(0.0, 0, False, 0.0)
    b_right, _ = update_difficulty(0.0, 0, True, 0.0)
    assert 0.2 < b_wrong < 0.25 and b_right == pytest.approx(-b_wrong) and n == 1
    late, _ = update_difficulty(0.0, 100, False, 0.0)
    assert 0 < late < b_wrong / 3
    unsure, _ = update_difficulty(0.0, 0, False, 0.0, se=1.0)
    assert 0 < unsure < b_wrong  # an unsure ability estimate moves the item less
    floor, _ = update_difficulty(0.0, 10_000, False, 0.0)
    assert floor == pytest.approx(0.04 * 0.5)
    assert difficulty_sd(0) == pytest.approx(0.7) and difficulty_sd(50) < difficulty_sd(5) < difficulty_sd(0)


# --- memory ----------------------------------------------------------------------------------------------

def test_adaptive_review_schedules_correct_later_than_wrong_and_keeps_input():
    card_ok, due_ok = review(None, True, NOW)
    card_bad, due_bad = review(None, False, NOW)
    assert NOW < due_bad < due_ok
    snapshot = dict(card_ok)
    card2, due2 = review(card_ok, True, due_ok)
    assert card_ok == snapshot and due2 - due_ok > due_ok - NOW


def test_adaptive_review_refuses_naive_datetimes():
    with pytest.raises(ValueError):
        review(None, True, datetime(2026, 3, 1))


def test_adaptive_recall_decays_with_time():
    card, _ = review(None, True, NOW)
    r = [recall_probability(card, NOW + timedelta(days=d)) for d in (0, 1, 3, 10)]
    assert r[0] == pytest.approx(1.0) and r == sorted(r, reverse=True) and r[-1] < 0.8
    assert recall_probability(None, NOW) == 0.0


# --- state -----------------------------------------------------------------------------------------------

def test_adaptive_apply_answer_returns_a_new_state_and_leaves_the_old():
    pool = make_pool()
    s0 = LearnerState()
    s1 = apply_answer(s0, pool[0], True, NOW)
    assert s0.memory == {} and s0.session == () and s0.estimates == {}
    assert s1.estimate("t0").theta > 0 and s1.session[-1].kind == "new" and pool[0].id in s1.memory
    with pytest.raises(TypeError):
        s1.memory["x"] = None  # type: ignore[index]


def test_adaptive_repeats_do_not_count_as_measurements():
    pool = make_pool()
    s = answer_all(LearnerState(), pool, [("i00", False), ("i00", True)])
    assert s.estimate("t0").n == 1 and [a.kind for a in s.session] == ["new", "relearn"]
    later = apply_answer(s.start_session(), pool[0], True, NOW + timedelta(days=3))
    assert later.session[-1].kind == "review" and later.estimate("t0").n == 1


def test_adaptive_state_round_trips_through_dict():
    pool = make_pool()
    s = answer_all(LearnerState(), pool, [("i00", False), ("i01", True), ("i00", True)])
    assert LearnerState.from_dict(s.to_dict()).to_dict() == s.to_dict()


# --- selector --------------------------------------------------------------------------------------------

def test_adaptive_selector_is_reproducible_with_a_fixed_rng():
    pool = make_pool()
    picks = [select_next_item(LearnerState(), pool, now=NOW, rng=random.Random(7)) for _ in range(2)]
    assert picks[0] == picks[1]


def test_adaptive_selector_brings_a_miss_back_after_three_other_items():
    pool = make_pool()
    s = answer_all(LearnerState(), pool, [("i05", False), ("i06", True), ("i07", True)])
    assert select_next_item(s, pool, now=NOW, rng=random.Random(1)).reason != "relearn"
    s = answer_all(s, pool, [("i08", True)])
    choice = select_next_item(s, pool, now=NOW, rng=random.Random(1))
    assert (choice.item_id, choice.reason) == ("i05", "relearn")


def test_adaptive_selector_stops_relearning_once_answered_right():
    pool = make_pool()
    s = answer_all(LearnerState(), pool, [("i05", False), ("i06", True), ("i07", True), ("i08", True),
                                          ("i05", True), ("i09", True), ("i10", True), ("i11", True)])
    assert select_next_item(s, pool, now=NOW, rng=random.Random(1)).reason != "relearn"


def test_adaptive_selector_serves_due_reviews_lowest_recall_first():
    pool = make_pool()
    s = answer_all(LearnerState(), pool, [("i03", True), ("i04", True)], now=NOW - timedelta(days=20))
    s = answer_all(s, pool, [("i04", True)], now=NOW - timedelta(days=5)).start_session()
    choice = select_next_item(s, pool, now=NOW, rng=random.Random(1))
    assert (choice.item_id, choice.reason) == ("i03", "review")
    assert choice.p_success < recall_probability(dict(s.memory["i04"].card), NOW)


def test_adaptive_selector_caps_reviews_so_new_items_still_come():
    pool = make_pool()
    seen = [(f"i{i:02d}", True) for i in range(10)]
    s = answer_all(LearnerState(), pool, seen, now=NOW - timedelta(days=30)).start_session()
    reasons = []
    rng = random.Random(3)
    by_id = {p.id: p for p in pool}
    for _ in range(9):
        c = select_next_item(s, pool, now=NOW, rng=rng)
        reasons.append(c.reason)
        s = apply_answer(s, by_id[c.item_id], True, NOW)
    assert reasons == ["review", "review", "new"] * 3


def test_adaptive_selector_reviews_only_when_nothing_new_is_left():
    pool = make_pool(6)
    s = answer_all(LearnerState(), pool, [(p.id, True) for p in pool], now=NOW - timedelta(days=30)).start_session()
    reasons = {select_next_item(s, pool, now=NOW, rng=random.Random(i)).reason for i in range(5)}
    assert reasons == {"review"}


def test_adaptive_selector_places_a_new_learner_near_even_odds_without_always_the_same_item():
    pool = make_pool(60)
    picks = [select_next_item(LearnerState(), pool, now=NOW, rng=random.Random(seed)) for seed in range(20)]
    assert all(c.reason == "new" and abs(p_correct(0.0, by_difficulty(pool, c)) - 0.5) < 0.17 for c in picks)
    assert len({c.item_id for c in picks}) >= 4  # exposure control: first items vary between learners


def test_adaptive_placement_follows_the_estimate_after_answers():
    pool = make_pool(60, topics=1)
    s = answer_all(LearnerState(), pool, [("i30", True), ("i32", True), ("i35", True)])
    c = select_next_item(s, pool, now=NOW, rng=random.Random(0))
    assert c.reason == "new" and abs(by_difficulty(pool, c) - s.overall.theta) < 0.7


def test_adaptive_variance_reduction_peaks_at_the_estimate_and_prefers_known_difficulties():
    b = np.array([-2.0, -0.5, 0.0, 0.5, 2.0])
    gain = expected_variance_reduction(0.0, 1.0, b, np.zeros(5))
    assert gain.argmax() == 2 and gain[1] == pytest.approx(gain[3]) and gain[0] < gain[1]
    assert 0 < gain[2] < 1.0 - 1.0 / (1.0 + 0.25)  # never more than one Rasch item's worth of information
    unsure = expected_variance_reduction(0.0, 1.0, np.zeros(1), np.array([0.7]))
    assert unsure[0] < gain[2]


def test_adaptive_difficulty_beliefs_pull_poorly_known_extremes_towards_the_bank_mean():
    pool = make_pool(40) + [PoolItem("new", "t0", "d0", -3.0), PoolItem("known", "t0", "d0", -3.0, attempts=200)]
    beliefs = difficulty_beliefs(pool)
    assert beliefs["known"][0] < beliefs["new"][0] < -1.5  # pulled in, yet still an easy item
    assert beliefs["known"][0] == pytest.approx(-3.0, abs=0.2) and beliefs["known"][1] < beliefs["new"][1]
    assert difficulty_beliefs(pool, shrink=False)["new"] == (-3.0, difficulty_sd(0))


def by_difficulty(pool, choice) -> float:
    return next(p.difficulty for p in pool if p.id == choice.item_id)


MEASURED = Estimate(0.0, 0.3, 40)  # overall ability after placement


def test_adaptive_selector_prefers_calibrated_items_at_the_same_prediction():
    pool = [PoolItem("guess", "t0", "d0", -1.1, attempts=0), PoolItem("known", "t0", "d1", -1.1, attempts=60)]
    s = LearnerState(estimates={"t0": Estimate(0.0, 0.4, 20)}, overall=MEASURED)
    config = SelectorConfig(epsilon=0.0, best_k=1)
    assert select_next_item(s, pool, now=NOW, rng=random.Random(0), config=config).item_id == "known"


def test_adaptive_selector_practises_near_three_quarters_once_measured():
    pool = make_pool(60, topics=1)
    s = LearnerState(estimates={"t0": Estimate(0.0, 0.4, 20)}, overall=MEASURED)
    config = SelectorConfig(epsilon=0.0)
    for seed in range(10):
        c = select_next_item(s, pool, now=NOW, rng=random.Random(seed), config=config)
        assert c.reason == "new" and abs(c.p_success - 0.75) < 0.06


def test_adaptive_selector_keeps_practice_in_the_band_despite_recent_topics():
    # t0 holds the only items in the band for this learner; three t0 answers in a row must not push the pick out.
    pool = [PoolItem("fit", "t0", "d0", -1.1, attempts=40), PoolItem("fit2", "t0", "d0", -1.0, attempts=40),
            PoolItem("hard", "t1", "d1", 0.8, attempts=40), PoolItem("easy", "t2", "d2", -4.0, attempts=40)]
    recent = tuple(Attempt(i, "t0", "d0", True, "new") for i in ("a", "b", "c"))
    s = LearnerState(estimates={t: Estimate(0.0, 0.3, 30) for t in ("t0", "t1", "t2")}, session=recent,
                     overall=MEASURED)
    picks = {select_next_item(s, pool, now=NOW, rng=random.Random(i), config=SelectorConfig(epsilon=0)).item_id
             for i in range(10)}
    assert picks <= {"fit", "fit2"}


def test_adaptive_band_probability_peaks_in_the_band_and_falls_with_uncertainty():
    from quiz.core.adaptive.selector import band_probability
    centre = band_probability(1.07, 0.3, 0.6, 0.85)
    assert centre > band_probability(0.0, 0.3, 0.6, 0.85) and centre > band_probability(2.5, 0.3, 0.6, 0.85)
    assert band_probability(1.07, 1.0, 0.6, 0.85) < centre


def test_adaptive_selector_explores_unseen_items_with_epsilon():
    pool = make_pool(60, topics=1)
    s = LearnerState(estimates={"t0": Estimate(0.0, 0.4, 20)}, overall=MEASURED)
    choices = [select_next_item(s, pool, now=NOW, rng=random.Random(i), config=SelectorConfig(epsilon=1.0))
               for i in range(20)]
    assert {c.reason for c in choices} == {"explore"}
    assert max(c.p_success for c in choices) - min(c.p_success for c in choices) > 0.25
    assert all(0.45 <= c.p_success <= 0.92 for c in choices)  # exploring, yet still worth answering


def test_adaptive_selector_spreads_practice_across_topics():
    pool = make_pool(60, topics=3)
    recent = tuple(Attempt(i, "t0", "d0", True, "new") for i in ("i00", "i03", "i06"))
    s = LearnerState(estimates={t: Estimate(0.0, 0.4, 20) for t in ("t0", "t1", "t2")}, session=recent,
                     overall=MEASURED)
    topics = {select_next_item(s, pool, now=NOW, rng=random.Random(i), config=SelectorConfig(epsilon=0)).item_id
              for i in range(10)}
    assert all({p.id: p for p in pool}[i].topic != "t0" for i in topics)


def test_adaptive_selector_returns_none_when_everything_is_done():
    pool = make_pool(3)
    s = answer_all(LearnerState(), pool, [(p.id, True) for p in pool])
    assert select_next_item(s, pool, now=NOW, rng=random.Random(0)) is None


# --- mastery and progress --------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("est", "recall", "right", "later", "mastered"),
    [(Estimate(2.0, 0.5), 0.95, 6, 1, True), (Estimate(2.0, 0.5), 0.8, 6, 1, False),
     (Estimate(1.0, 0.5), 0.95, 6, 1, False), (Estimate(2.0, 0.5), None, 6, 1, False),
     (Estimate(2.0, 0.5), 0.95, 4, 1, False), (Estimate(2.0, 0.5), 0.95, 12, 0, False)],
)
def test_adaptive_mastery_needs_ability_recall_and_lasting_evidence(est, recall, right, later, mastered):
    info = mastery(est, 0.5, recall, TopicEvidence(right, later))
    assert info.mastered is mastered and 0.0 <= info.level <= 1.0
    assert (info.level == 1.0) is mastered


def test_adaptive_mastery_bar_is_the_topics_mean_difficulty_plus_half_a_logit_or_absolute():
    pool = [PoolItem("a", "t", "d", -1.0), PoolItem("b", "t", "d", 0.0), PoolItem("c", "u", "d", 3.0)]
    assert topic_bar(pool, "t") == pytest.approx(0.0)
    assert topic_bar(pool, "u") == pytest.approx(3.5)
    assert topic_bar(pool, "t", MasteryRule(absolute_bar=1.2)) == pytest.approx(1.2)


def mastery_pool() -> list[PoolItem]:
    """One topic of 20 items from -1 to 1 logit (bar 0.5), and a second topic."""
    return ([PoolItem(f"i{i:02d}", "t0", f"d{i % 3}", round(-1 + i * 2 / 19, 3)) for i in range(20)]
            + [PoolItem(f"j{i}", "t1", "dx", 0.0) for i in range(5)])


def right_answers(state: LearnerState, items, start: datetime) -> LearnerState:
    for k, item in enumerate(items):
        state = apply_answer(state, item, True, start + timedelta(minutes=k))
    return state


def test_adaptive_three_right_answers_do_not_make_a_topic_mastered():
    pool = mastery_pool()
    s = right_answers(LearnerState(), pool[0:6:2], NOW)
    topic = progress_summary(s, pool, NOW + timedelta(minutes=5))["topics"]["t0"]
    assert not topic["mastered"] and topic["level"] < 0.5


def twelve_right_over_two_days() -> tuple[list[PoolItem], LearnerState, datetime]:
    pool = mastery_pool()
    s = right_answers(LearnerState(), pool[0:20:2], NOW)  # ten new items on day one
    day2 = NOW + timedelta(days=1)
    s = right_answers(s.start_session(), [pool[1], pool[3]] + pool[0:6:2], day2)  # two new, three reviews
    return pool, s, day2 + timedelta(minutes=10)


def test_adaptive_twelve_right_across_two_days_with_high_recall_is_mastered():
    pool, s, now = twelve_right_over_two_days()
    topic = progress_summary(s, pool, now)["topics"]["t0"]
    assert topic["answered"] == 12 and topic["right_items"] == 12 and topic["right_later_items"] == 3
    assert topic["recall"] >= 0.9 and topic["mastered"] and topic["level"] == 1.0
    assert not progress_summary(s, pool, now)["topics"]["t1"]["mastered"]


def test_adaptive_mastery_fades_when_recall_drops_sixty_days_later():
    pool, s, now = twelve_right_over_two_days()
    topic = progress_summary(s, pool, now + timedelta(days=60))["topics"]["t0"]
    assert topic["recall"] < 0.9 and not topic["mastered"] and 0.0 < topic["level"] < 1.0


def test_adaptive_same_day_answers_alone_never_master_and_never_show_full():
    pool = mastery_pool()
    s = right_answers(LearnerState(), pool[:20], NOW)
    topic = progress_summary(s, pool, NOW + timedelta(minutes=30))["topics"]["t0"]
    assert topic["right_items"] == 20 and topic["right_later_items"] == 0
    assert not topic["mastered"] and 0.8 < topic["level"] < 1.0


def test_adaptive_mastery_level_grows_smoothly_with_right_answers():
    pool = mastery_pool()
    s, levels = LearnerState(), []
    for k, item in enumerate(pool[0:20:2]):
        s = apply_answer(s, item, True, NOW + timedelta(minutes=k))
        levels.append(progress_summary(s, pool, NOW + timedelta(minutes=k + 1))["topics"]["t0"]["level"])
    assert levels == sorted(levels) and levels[0] < 0.15 and max(b - a for a, b in zip(levels, levels[1:])) < 0.25


def test_adaptive_card_carries_first_seen_and_later_day_right_answers():
    card, _ = review(None, False, NOW)
    card, _ = review(card, True, NOW + timedelta(hours=1))
    assert item_evidence(card) == Evidence(NOW, 1, 0)
    card, _ = review(card, True, NOW + timedelta(days=2))
    assert item_evidence(card) == Evidence(NOW, 2, 1)
    legacy = {k: v for k, v in card.items() if k != "quiz"}  # stored before evidence was kept
    assert item_evidence(legacy).right == 0 and item_evidence(legacy).first_seen == NOW


def test_adaptive_progress_summary_counts_and_next_review():
    pool = make_pool(10)
    s = answer_all(LearnerState(), pool, [("i00", True), ("i01", False)], now=NOW - timedelta(days=1))
    s = answer_all(s, pool, [("i02", True)])
    summary = progress_summary(s, pool, NOW)
    assert (summary["new"], summary["due"], summary["learning"]) == (7, 1, 2)
    assert summary["next_review"] == NOW + timedelta(days=1)  # i00: right two days ago, due in two days
    assert summary["topics"]["t0"]["answered"] == 1 and not summary["topics"]["t0"]["mastered"]


# --- incremental ability: one vector add per first attempt -----------------------------------------------------

def random_answers(rng: random.Random, n: int, topics: int = 6) -> list[tuple[str, float, bool]]:
    """Return n first attempts (topic, difficulty, correct) of a learner of random ability."""
    theta = rng.gauss(0.0, 1.2)
    out = []
    for _ in range(n):
        b = rng.uniform(-2.5, 2.5)
        out.append((f"t{rng.randrange(topics)}", b, rng.random() < p_correct(theta, b)))
    return out


def by_topic(answers):
    responses: dict[str, list[tuple[float, bool]]] = {}
    for topic, b, correct in answers:
        responses.setdefault(topic, []).append((b, correct))
    return responses


def per_topic_reestimation(responses, prior_mean=0.0, prior_sd=1.0):
    """The former from-scratch estimator: 2 * topics + 1 calls of estimate_ability (the reference)."""
    sd = (max(prior_sd ** 2 - TOPIC_SPREAD ** 2, 0.05)) ** 0.5
    overall = estimate_ability([r for rs in responses.values() for r in rs], prior_mean=prior_mean, prior_sd=sd)
    estimates = {}
    for topic, rs in responses.items():
        others = [r for t, rr in responses.items() if t != topic for r in rr]
        prior = topic_prior(estimate_ability(others, prior_mean=prior_mean, prior_sd=sd))
        estimates[topic] = estimate_ability(rs, prior_mean=prior.theta, prior_sd=prior.se)
    return overall, estimates


def assert_estimates_close(a, b, tol):
    (overall_a, topics_a), (overall_b, topics_b) = a, b
    assert set(topics_a) == set(topics_b)
    for x, y in [(overall_a, overall_b)] + [(topics_a[t], topics_b[t]) for t in topics_a]:
        assert x.n == y.n
        assert x.theta == pytest.approx(y.theta, abs=tol) and x.se == pytest.approx(y.se, abs=tol)


@pytest.mark.parametrize("seed", range(8))
def test_adaptive_incremental_evidence_equals_from_scratch(seed):
    rng = random.Random(seed)
    answers = random_answers(rng, rng.randint(1, 150))
    evidence = AbilityEvidence()
    for k, (topic, b, correct) in enumerate(answers, 1):
        evidence = evidence.add(topic, b, correct)
        if k % 10 == 0 or k == len(answers):
            scratch = AbilityEvidence.from_responses(by_topic(answers[:k]))
            assert_estimates_close(topic_estimates(evidence), topic_estimates(scratch), 1e-9)


@pytest.mark.parametrize("seed", range(6))
def test_adaptive_apply_answer_estimates_equal_the_from_scratch_estimates(seed):
    """Answers (first attempts and repeats) applied one by one give the estimates of all answers at once."""
    rng = random.Random(100 + seed)
    pool = make_pool(40, topics=5)
    state = LearnerState()
    now = NOW
    for step in range(60):
        item = rng.choice(pool)
        state = apply_answer(state, item, rng.random() < 0.6, now)
        now += timedelta(minutes=1)
        if step == 30:  # stored and loaded mid-way: the evidence is rebuilt from the responses
            state = LearnerState.from_dict(state.to_dict())
            assert state.evidence is None
    overall, estimates = topic_estimates(AbilityEvidence.from_responses(state.responses))
    assert_estimates_close((state.overall, dict(state.estimates)), (overall, estimates), 1e-9)
    assert state.overall.n == sum(1 for a in state.session if a.kind == "new") < 60  # repeats do not count


@pytest.mark.parametrize("seed", range(8))
def test_adaptive_estimates_unchanged_from_the_per_topic_reestimation(seed):
    """The fixed grid gives the former estimator's results: within 2e-3 logits (its grid cut the far tail)."""
    rng = random.Random(200 + seed)
    responses = by_topic(random_answers(rng, rng.randint(1, 120)))
    assert_estimates_close(topic_estimates(AbilityEvidence.from_responses(responses)),
                           per_topic_reestimation(responses), 2e-3)


def test_adaptive_evidence_is_not_changed_by_an_answer():
    before = AbilityEvidence.from_responses({"t0": [(0.0, True)]})
    after = before.add("t0", 1.0, False).add("t1", -1.0, True)
    assert before.counts == (1,) and after.counts == (2, 1) and after.topics == ("t0", "t1")
    with pytest.raises(ValueError):
        before.loglik[0, 0] = 1.0  # read-only


def test_adaptive_selector_varies_the_kind_of_question():
    from quiz.core.adaptive.state import Attempt

    # equal items, half cloze half multiple choice; a sitting that has just served three cloze items in a row
    pool = [PoolItem(f"c{i}", "t", f"d{i % 4}", 0.0, "cloze") for i in range(20)] + \
           [PoolItem(f"m{i}", "t", f"d{i % 4}", 0.0, "mcq") for i in range(20)]
    session = tuple(Attempt(f"c{i}", "t", f"d{i % 4}", True, "new") for i in range(3))
    picks = []
    for seed in range(40):
        for placing in (True, False):
            state = LearnerState(session=session) if placing else answer_all(
                LearnerState(session=session), pool, [(f"c{i}", True) for i in range(3, 16)])
            choice = select_next_item(state, pool, now=NOW, rng=random.Random(seed),
                                      config=SelectorConfig(epsilon=0.0))
            picks.append(choice.item_id[0])
    assert picks.count("m") > 0.75 * len(picks)  # without the type penalty about half would be cloze again
