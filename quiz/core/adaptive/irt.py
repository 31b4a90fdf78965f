"""Rasch model helpers: success probability, ability by EAP with a prior, Elo-style difficulty updates."""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Sequence

import numpy as np

__all__ = ["Estimate", "p_correct", "estimate_ability", "update_difficulty", "information", "difficulty_sd",
           "expected_success", "expected_variance_reduction"]

_GRID = np.linspace(-5.0, 5.0, 101)  # prior-standardised quadrature points


@dataclass(frozen=True)
class Estimate:
    """A learner's ability on one topic: posterior mean and standard error (logits), from n responses."""

    theta: float = 0.0
    se: float = 1.0
    n: int = 0


def p_correct(theta: float, b: float) -> float:
    """Return the Rasch probability that a learner of ability theta answers an item of difficulty b."""
    x = theta - b
    if x >= 0:
        return 1.0 / (1.0 + math.exp(-x))
    e = math.exp(x)
    return e / (1.0 + e)


def expected_success(theta: float, b: float, sd: float) -> float:
    """Return the success chance averaged over an uncertain theta - b (normal, sd), by the probit bridge."""
    return p_correct(theta / math.sqrt(1.0 + math.pi * sd * sd / 8.0), b / math.sqrt(1.0 + math.pi * sd * sd / 8.0))


def information(theta: float, b: float) -> float:
    """Return the Fisher information of a Rasch item at theta (at most 0.25)."""
    p = p_correct(theta, b)
    return p * (1.0 - p)


def estimate_ability(
    responses: Sequence[tuple[float, bool]], *, prior_mean: float = 0.0, prior_sd: float = 1.0
) -> Estimate:
    """Estimate ability by EAP on a grid from (difficulty, correct) pairs under a normal prior."""
    grid = prior_mean + prior_sd * _GRID
    logpost = -0.5 * _GRID * _GRID
    if len(responses):
        b = np.fromiter((r[0] for r in responses), dtype=float, count=len(responses))
        sign = np.fromiter((1.0 if r[1] else -1.0 for r in responses), dtype=float, count=len(responses))
        # log P(answer) = -log(1 + exp(-sign * (theta - b))), summed over answers
        logpost = logpost - np.logaddexp(0.0, -sign[None, :] * (grid[:, None] - b[None, :])).sum(axis=1)
    weights = np.exp(logpost - logpost.max())
    weights /= weights.sum()
    mean = float(weights @ grid)
    var = float(weights @ (grid - mean) ** 2)
    return Estimate(theta=mean, se=math.sqrt(max(var, 1e-12)), n=len(responses))


def expected_variance_reduction(theta: float, se: float, b: np.ndarray, sd_b: np.ndarray) -> np.ndarray:
    """Return, per item, how much answering it is expected to shrink the variance of ability N(theta, se**2).

    The posterior variance after each answer, weighted by that answer's predictive chance, subtracted from
    the variance now (computed on a grid over +-3 SE); an item's uncertain difficulty (sd_b) flattens its
    curve, so a poorly known item is worth less.
    """
    grid = theta + se * _GRID[20:81]  # +-3 SE
    w = np.exp(-0.5 * _GRID[20:81] ** 2)
    w /= w.sum()
    c = 1.0 / np.sqrt(1.0 + np.pi * sd_b * sd_b / 8.0)
    p = 1.0 / (1.0 + np.exp(-(grid[:, None] - b[None, :]) * c[None, :]))  # grid x items
    out = np.full(len(b), -float(w @ grid) ** 2)
    for like in (p, 1.0 - p):
        mass = w @ like
        mean = (w * grid) @ like / np.maximum(mass, 1e-300)
        out += mass * mean * mean
    return out


DIFFICULTY_PRIOR_SD = 0.7  # how far a generator's prior difficulty may sit from the truth (logits)
ATTEMPT_INFORMATION = 0.15  # information about b in one first attempt, net of the learner's own uncertainty


def difficulty_sd(n: int, *, prior_sd: float = DIFFICULTY_PRIOR_SD) -> float:
    """Return the standard error of an item's difficulty after n first attempts (prior_sd with none)."""
    return 1.0 / math.sqrt(1.0 / prior_sd ** 2 + ATTEMPT_INFORMATION * max(n, 0))


def update_difficulty(
    b: float, n: int, correct: bool, theta: float, *, se: float = 0.0, prior_sd: float = DIFFICULTY_PRIOR_SD,
    floor: float = 0.04,
) -> tuple[float, int]:
    """Move difficulty b after one first attempt; return the new b and attempt count.

    A one-step Bayesian (Laplace) update: b carries the uncertainty `difficulty_sd(n)`, so the step is large
    for a new item and shrinks as attempts accumulate (never below `floor`, so b can still follow drift). The
    expected score averages over the learner's uncertainty (se): an unsure ability estimate moves b less.
    """
    c = 1.0 / math.sqrt(1.0 + math.pi * se * se / 8.0)
    p = p_correct(c * theta, c * b)
    var = difficulty_sd(n, prior_sd=prior_sd) ** 2
    k = max(floor, c / (1.0 / var + c * c * p * (1.0 - p)))
    return b + k * (p - (1.0 if correct else 0.0)), n + 1
