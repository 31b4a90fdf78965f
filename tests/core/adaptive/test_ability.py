"""Ability by EAP on the fixed grid: the fast evidence and posterior give the textbook computation's results."""
from __future__ import annotations

import math
import random

import numpy as np
import pytest

from quiz.core.adaptive.ability import (
    THETA_GRID,
    TOPIC_SPREAD,
    AbilityEvidence,
    eap,
    overall_estimate,
    overall_prior_sd,
    topic_estimates,
)


def _textbook_eap(loglik: np.ndarray, mean: float, sd: float) -> tuple[float, float]:
    """EAP on THETA_GRID, spelled out: normalised weights, then the mean and the centred second moment."""
    logpost = loglik - 0.5 * ((THETA_GRID - mean) / sd) ** 2
    w = np.exp(logpost - logpost.max())
    w /= w.sum()
    m = float(w @ THETA_GRID)
    return m, math.sqrt(max(float(w @ (THETA_GRID - m) ** 2), 1e-12))


def _textbook_loglik(answers: list[tuple[float, bool]]) -> np.ndarray:
    """Sum over answers of log P(answer | theta), with logaddexp at every grid point."""
    out = np.zeros(len(THETA_GRID))
    for b, correct in answers:
        out -= np.logaddexp(0.0, -(1.0 if correct else -1.0) * (THETA_GRID - b))
    return out


def _textbook_estimates(responses: dict[str, list[tuple[float, bool]]], prior_mean: float, prior_sd: float):
    """Overall ability under the overall prior; each topic under the prior its sibling topics give, widened."""
    sd = overall_prior_sd(prior_sd)
    per_topic = {t: _textbook_loglik(rs) for t, rs in responses.items() if rs}
    total = sum(per_topic.values(), np.zeros(len(THETA_GRID)))
    overall = _textbook_eap(total, prior_mean, sd)
    topics = {}
    for t, ll in per_topic.items():
        m, s = _textbook_eap(total - ll, prior_mean, sd)
        topics[t] = _textbook_eap(ll, m, math.sqrt(s * s + TOPIC_SPREAD ** 2))
    return overall, topics


def _random_responses(rng: random.Random, n: int, topics: int, spread: float = 1.5):
    responses: dict[str, list[tuple[float, bool]]] = {}
    for _ in range(n):
        responses.setdefault(f"t{rng.randrange(topics)}", []).append((rng.gauss(0, spread), rng.random() < 0.6))
    return responses


@pytest.mark.parametrize("case", range(40))
def test_ability_estimates_equal_the_textbook_computation(case):
    rng = random.Random(case)
    responses = _random_responses(rng, rng.choice([1, 2, 5, 20, 80, 400]), rng.randint(1, 7))
    prior_mean, prior_sd = rng.choice([(0.0, 1.0), (0.4, 0.8), (-1.0, 1.3)])
    overall, topics = topic_estimates(AbilityEvidence.from_responses(responses), prior_mean=prior_mean,
                                      prior_sd=prior_sd)
    want_overall, want_topics = _textbook_estimates(responses, prior_mean, prior_sd)
    assert (overall.theta, overall.se) == pytest.approx(want_overall, abs=1e-9)
    assert overall.n == sum(len(rs) for rs in responses.values())
    assert set(topics) == set(want_topics)
    for t, est in topics.items():
        assert (est.theta, est.se) == pytest.approx(want_topics[t], abs=1e-9)
        assert est.n == len(responses[t])
    alone = overall_estimate(AbilityEvidence.from_responses(responses), prior_mean=prior_mean, prior_sd=prior_sd)
    assert (alone.theta, alone.se) == pytest.approx(want_overall, abs=1e-9)


def test_ability_extreme_difficulties_give_finite_estimates_as_the_textbook_does():
    """Items far outside any real bank (|b| of hundreds of logits) still give the textbook's finite estimates."""
    responses = {"t0": [(400.0, True), (-400.0, False), (0.5, True)], "t1": [(-900.0, True), (2.0, False)]}
    overall, topics = topic_estimates(AbilityEvidence.from_responses(responses))
    want_overall, want_topics = _textbook_estimates(responses, 0.0, 1.0)
    assert (overall.theta, overall.se) == pytest.approx(want_overall, abs=1e-9)
    for t, est in topics.items():
        assert math.isfinite(est.theta) and (est.theta, est.se) == pytest.approx(want_topics[t], abs=1e-9)


def test_ability_one_answer_at_a_time_equals_all_at_once():
    rng = random.Random(5)
    evidence, answers = AbilityEvidence(), []
    for _ in range(60):
        topic, b, correct = f"t{rng.randrange(4)}", rng.gauss(0, 1), rng.random() < 0.5
        evidence = evidence.add(topic, b, correct)
        answers.append((topic, b, correct))
    scratch: dict[str, list[tuple[float, bool]]] = {}
    for topic, b, correct in answers:
        scratch.setdefault(topic, []).append((b, correct))
    assert evidence.topics == tuple(scratch) and evidence.counts == tuple(len(v) for v in scratch.values())
    assert np.allclose(evidence.loglik, AbilityEvidence.from_responses(scratch).loglik, rtol=0, atol=1e-9)


def test_ability_eap_takes_one_prior_or_one_per_row():
    rows = np.vstack([_textbook_loglik([(0.3, True), (1.0, False)]), _textbook_loglik([(-0.5, False)])])
    means, ses = eap(rows, 0.2, 0.9)
    each = eap(rows, [0.2, 0.2], [0.9, 0.9])
    assert np.allclose(means, each[0], rtol=0, atol=1e-12) and np.allclose(ses, each[1], rtol=0, atol=1e-12)
    for k in range(2):
        assert (means[k], ses[k]) == pytest.approx(_textbook_eap(rows[k], 0.2, 0.9), abs=1e-9)
