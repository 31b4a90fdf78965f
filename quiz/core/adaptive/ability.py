"""Ability evidence: per-topic Rasch log-likelihoods on one fixed grid, so an answer is one vector add.

EAP with a normal prior needs the log-likelihood of the answers at each quadrature point. On a grid that
does not move with the prior (THETA_GRID, wide and fine enough for any prior the engine uses), a topic's
answers reduce to one vector; overall ability is their sum, and "every topic but this one" is the sum minus
that topic. `topic_estimates` turns the vectors into the overall estimate and each topic's estimate with a
prior from its sibling topics, in a handful of array operations whatever the number of answers.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Mapping, Sequence

import numpy as np

from quiz.core.adaptive.irt import Estimate

__all__ = ["AbilityEvidence", "THETA_GRID", "TOPIC_SPREAD", "eap", "overall_estimate", "overall_prior_sd",
           "topic_estimates"]

# Step 0.1: the trapezoid rule on a posterior with SE >= 0.1 (400 answers) is exact to ~1e-9; +-7 logits holds
# any posterior a prior of mean within +-3 and SD at most 1 can give.
THETA_GRID = np.linspace(-7.0, 7.0, 141)
THETA_GRID.setflags(write=False)
TOPIC_SPREAD = 0.5  # how far a learner's ability on one topic may sit from their overall ability (logits)
_EMPTY = np.zeros(len(THETA_GRID))
_EMPTY.setflags(write=False)
_NO_TOPICS = np.zeros((0, len(THETA_GRID)))
_NO_TOPICS.setflags(write=False)
# exp(-theta) (row 0: a right answer) and exp(theta) (row 1: a wrong one), so that an answer's likelihood
# costs one exp per answer, not one per grid point.
_EXP_GRID = np.stack([np.exp(-THETA_GRID), np.exp(THETA_GRID)])
_EXP_GRID.setflags(write=False)
# 1, theta, theta**2 per grid point: the posterior's mass, first and second moment in one product.
_MOMENTS = np.stack([np.ones(len(THETA_GRID)), THETA_GRID, THETA_GRID * THETA_GRID], axis=1)
_MOMENTS.setflags(write=False)
_B_LIMIT = 300.0  # |b| beyond this only shifts a row by a constant (exp(307) is still finite)


def _loglik(b: np.ndarray, sign: np.ndarray) -> np.ndarray:
    """Return log P(answer | theta) per answer (rows) and grid point (columns).

    log P = -log(1 + exp(-sign * (theta - b))) = -log1p(exp(-sign * theta) * exp(sign * b)).
    """
    b = np.clip(b, -_B_LIMIT, _B_LIMIT)
    return -np.log1p(_EXP_GRID[(sign < 0).view(np.int8)] * np.exp(sign * b)[:, None])


@dataclass(frozen=True, eq=False)
class AbilityEvidence:
    """A learner's first attempts as log-likelihood vectors on THETA_GRID: one per topic, with answer counts."""

    topics: tuple[str, ...] = ()
    loglik: np.ndarray = field(default_factory=lambda: _NO_TOPICS)  # shape (len(topics), len(THETA_GRID))
    counts: tuple[int, ...] = ()

    @classmethod
    def from_responses(cls, responses: Mapping[str, Sequence[tuple[float, bool]]]) -> AbilityEvidence:
        """Build from scratch: (difficulty, correct) pairs per topic, in one pass over all answers."""
        topics = tuple(t for t, rs in responses.items() if len(rs))
        if not topics:
            return cls()
        counts = tuple(len(responses[t]) for t in topics)
        b = np.array([r[0] for t in topics for r in responses[t]], dtype=float)
        sign = np.array([1.0 if r[1] else -1.0 for t in topics for r in responses[t]])
        lik = _loglik(b, sign)
        # one answer a topic: the rows are the topics already
        loglik = lik if len(lik) == len(topics) else np.add.reduceat(lik, np.cumsum((0,) + counts[:-1]), axis=0)
        loglik.setflags(write=False)
        return cls(topics, loglik, counts)

    def add(self, topic: str, difficulty: float, correct: bool) -> AbilityEvidence:
        """Return the evidence with one more first attempt (one vector add; this object is unchanged)."""
        b = min(max(float(difficulty), -_B_LIMIT), _B_LIMIT)
        row = -np.log1p(_EXP_GRID[0 if correct else 1] * math.exp(b if correct else -b))
        if topic in self.topics:
            k = self.topics.index(topic)
            loglik = self.loglik.copy()
            loglik[k] += row
            counts = self.counts[:k] + (self.counts[k] + 1,) + self.counts[k + 1:]
            topics = self.topics
        else:
            loglik = np.concatenate([self.loglik, row[None, :]])
            counts = self.counts + (1,)
            topics = self.topics + (topic,)
        loglik.setflags(write=False)
        return AbilityEvidence(topics, loglik, counts)

    @property
    def n(self) -> int:
        """Return how many first attempts the evidence holds."""
        return sum(self.counts)

    def total(self) -> np.ndarray:
        """Return the log-likelihood of all answers together."""
        if not self.topics:
            return _EMPTY
        return self.loglik[0] if len(self.topics) == 1 else self.loglik.sum(axis=0)


def _posterior(logpost: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Return the means and standard deviations of rows of unnormalised log posteriors on THETA_GRID."""
    w = np.exp(logpost - logpost.max(axis=1, keepdims=True))
    moments = w @ _MOMENTS
    mean = moments[:, 1] / moments[:, 0]
    var = moments[:, 2] / moments[:, 0] - mean * mean
    return mean, np.sqrt(np.maximum(var, 1e-12))


@lru_cache(maxsize=64)
def _log_prior(mean: float, sd: float) -> np.ndarray:
    """Return a normal prior's log density on THETA_GRID, up to a constant (read-only, cached)."""
    z = (THETA_GRID - mean) / sd
    out = -(0.5 * z * z)
    out.setflags(write=False)
    return out


def eap(loglik: np.ndarray, prior_mean: np.ndarray | float, prior_sd: np.ndarray | float
        ) -> tuple[np.ndarray, np.ndarray]:
    """Return EAP means and standard errors for rows of log-likelihoods under normal priors (one per row)."""
    loglik = np.atleast_2d(loglik)
    if np.ndim(prior_mean) == 0 and np.ndim(prior_sd) == 0:
        return _posterior(loglik + _log_prior(float(prior_mean), float(prior_sd)))
    m = np.reshape(np.asarray(prior_mean, dtype=float), (-1, 1))
    s = np.reshape(np.asarray(prior_sd, dtype=float), (-1, 1))
    z = (THETA_GRID - m) / s
    return _posterior(loglik - 0.5 * z * z)


def overall_prior_sd(prior_sd: float) -> float:
    """Split the population's spread: overall ability sd**2 + TOPIC_SPREAD**2 = prior_sd**2 on each topic."""
    return math.sqrt(max(prior_sd ** 2 - TOPIC_SPREAD ** 2, 0.05))


def topic_estimates(evidence: AbilityEvidence, *, prior_mean: float = 0.0, prior_sd: float = 1.0
                    ) -> tuple[Estimate, dict[str, Estimate]]:
    """Estimate overall ability, then each topic with a prior from the other topics' answers (widened)."""
    prior = _log_prior(float(prior_mean), overall_prior_sd(prior_sd))
    total = evidence.total()
    k = len(evidence.topics)
    # Row 0: everything; rows 1..k: everything but topic i (its sibling topics).
    rows = (total + prior)[None, :]
    if k:
        rows = np.concatenate([rows, (total + prior) - evidence.loglik])
    means, ses = _posterior(rows)
    overall = Estimate(float(means[0]), float(ses[0]), evidence.n)
    if not k:
        return overall, {}
    t_means, t_ses = eap(evidence.loglik, means[1:], np.sqrt(ses[1:] * ses[1:] + TOPIC_SPREAD ** 2))
    return overall, {t: Estimate(float(m), float(s), n)
                     for t, m, s, n in zip(evidence.topics, t_means.tolist(), t_ses.tolist(), evidence.counts)}


def overall_estimate(evidence: AbilityEvidence, *, prior_mean: float = 0.0, prior_sd: float = 1.0) -> Estimate:
    """Estimate overall ability alone (the prior of a topic not yet measured), as `topic_estimates` does."""
    means, ses = _posterior((evidence.total() + _log_prior(float(prior_mean), overall_prior_sd(prior_sd)))[None, :])
    return Estimate(float(means[0]), float(ses[0]), evidence.n)
