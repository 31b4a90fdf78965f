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


def _loglik(b: np.ndarray, sign: np.ndarray) -> np.ndarray:
    """Return log P(answer | theta) per answer (rows) and grid point (columns)."""
    return -np.logaddexp(0.0, -sign[:, None] * (THETA_GRID[None, :] - b[:, None]))


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
        counts = tuple(len(responses[t]) for t in topics)
        total = sum(counts)
        if not total:
            return cls()
        b = np.fromiter((r[0] for t in topics for r in responses[t]), dtype=float, count=total)
        sign = np.fromiter((1.0 if r[1] else -1.0 for t in topics for r in responses[t]), dtype=float, count=total)
        starts = np.cumsum((0,) + counts[:-1])
        loglik = np.add.reduceat(_loglik(b, sign), starts, axis=0)
        loglik.setflags(write=False)
        return cls(topics, loglik, counts)

    def add(self, topic: str, difficulty: float, correct: bool) -> AbilityEvidence:
        """Return the evidence with one more first attempt (one vector add; this object is unchanged)."""
        row = _loglik(np.array([float(difficulty)]), np.array([1.0 if correct else -1.0]))[0]
        loglik = np.array(self.loglik, dtype=float)
        counts = list(self.counts)
        if topic in self.topics:
            k = self.topics.index(topic)
            loglik[k] += row
            counts[k] += 1
            topics = self.topics
        else:
            loglik = np.vstack([loglik, row[None, :]])
            counts.append(1)
            topics = self.topics + (topic,)
        loglik.setflags(write=False)
        return AbilityEvidence(topics, loglik, tuple(counts))

    @property
    def n(self) -> int:
        """Return how many first attempts the evidence holds."""
        return sum(self.counts)

    def total(self) -> np.ndarray:
        """Return the log-likelihood of all answers together."""
        return self.loglik.sum(axis=0) if self.topics else _EMPTY


def eap(loglik: np.ndarray, prior_mean: np.ndarray | float, prior_sd: np.ndarray | float
        ) -> tuple[np.ndarray, np.ndarray]:
    """Return EAP means and standard errors for rows of log-likelihoods under normal priors (one per row)."""
    loglik = np.atleast_2d(loglik)
    m = np.reshape(np.asarray(prior_mean, dtype=float), (-1, 1))
    s = np.reshape(np.asarray(prior_sd, dtype=float), (-1, 1))
    z = (THETA_GRID[None, :] - m) / s
    logpost = loglik - 0.5 * z * z
    w = np.exp(logpost - logpost.max(axis=1, keepdims=True))
    w /= w.sum(axis=1, keepdims=True)
    mean = w @ THETA_GRID
    var = (w * (THETA_GRID[None, :] - mean[:, None]) ** 2).sum(axis=1)
    return mean, np.sqrt(np.maximum(var, 1e-12))


def overall_prior_sd(prior_sd: float) -> float:
    """Split the population's spread: overall ability sd**2 + TOPIC_SPREAD**2 = prior_sd**2 on each topic."""
    return math.sqrt(max(prior_sd ** 2 - TOPIC_SPREAD ** 2, 0.05))


def topic_estimates(evidence: AbilityEvidence, *, prior_mean: float = 0.0, prior_sd: float = 1.0
                    ) -> tuple[Estimate, dict[str, Estimate]]:
    """Estimate overall ability, then each topic with a prior from the other topics' answers (widened)."""
    sd = overall_prior_sd(prior_sd)
    total = evidence.total()
    k = len(evidence.topics)
    # Row 0: everything; rows 1..k: everything but topic i (its sibling topics).
    rows = np.vstack([total[None, :], total[None, :] - evidence.loglik]) if k else total[None, :]
    means, ses = eap(rows, prior_mean, sd)
    overall = Estimate(float(means[0]), float(ses[0]), evidence.n)
    if not k:
        return overall, {}
    prior_se = np.sqrt(ses[1:] ** 2 + TOPIC_SPREAD ** 2)
    t_means, t_ses = eap(evidence.loglik, means[1:], prior_se)
    return overall, {t: Estimate(float(t_means[i]), float(t_ses[i]), evidence.counts[i])
                     for i, t in enumerate(evidence.topics)}


def overall_estimate(evidence: AbilityEvidence, *, prior_mean: float = 0.0, prior_sd: float = 1.0) -> Estimate:
    """Estimate overall ability alone (the prior of a topic not yet measured), as `topic_estimates` does."""
    means, ses = eap(evidence.total(), prior_mean, overall_prior_sd(prior_sd))
    return Estimate(float(means[0]), float(ses[0]), evidence.n)
