"""Choose the next item for a learner.

How measuring and practising are balanced
-----------------------------------------
Each pick goes down a short ladder:

1. **Relearn.** An item missed in this session comes back once `relearn_gap` (3) other items have been
   answered, until answered right (at most `relearn_max_misses` misses a session). FSRS counts whole days,
   so within a sitting the selector does this repetition itself.
2. **Review.** Items whose FSRS due time has passed come next, the lowest predicted recall first, but at
   most `max_reviews_per_window` (2) of every `review_window` (3) picks while unseen items remain, so a
   learner with a long backlog still meets new material.
3. **New, placement.** While the overall ability estimate is uncertain (standard error above
   `placement_se`, 0.45) the selector measures: each unseen item is scored by how much answering it is
   expected to shrink the variance of that estimate (`expected_variance_reduction`: the posterior variance
   after a right and after a wrong answer, weighted by their predictive chances, on a grid), which favours
   items near p = 0.5 and, at the same distance, items whose difficulty is better known. Items within
   `placement_slack` (10%) of the best reduction are kept, and one of the best `placement_k` (10) after the
   spread penalties is drawn: on a bank like ours that costs nothing measurable in items to placement and
   spreads first attempts (exposure, and calibration of more items).
4. **New, practice.** Afterwards the selector practises: each unseen item is scored by the chance that its
   TRUE success probability lies in `target_band` (0.6-0.85), taking theta - b as normal with the topic's
   standard error and the item's difficulty error combined (`band_probability`). The best item sits at the
   band's centre in logits (p = 0.744); an uncertain estimate lowers every item's chance, so a calibrated
   item beats a guess at the same prediction. Difficulties are first pooled with the bank's spread
   (`difficulty_beliefs`): a poorly known difficulty is pulled towards the bank's mean, because an item
   picked for looking easy is, on average, less easy than its prior says. Only items within `band_slack`
   (0.05) of the best chance are kept; topic and text penalties reorder those, never pull a pick out.

Among those the best `best_k` (5) after the spread penalties (items of the topic and text of the last few
answers) are kept and one is drawn at random, so two learners at the same level do not see the same
sequence (exposure control). With probability `epsilon` (0.05) in practice an "explore" item is taken
instead: one of the least-attempted unseen items whose predicted success lies in `explore_range`
(0.45-0.92), so still worth answering. Targeting alone would only ever show each item to learners of one
level and would never calibrate the items it avoids, which biases the online difficulty estimates.
"""
from __future__ import annotations

import math
import random
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Mapping, Sequence

import numpy as np

from quiz.core.adaptive.irt import difficulty_sd, expected_success, expected_variance_reduction, p_correct
from quiz.core.adaptive.memory import recall_probability
from quiz.core.adaptive.state import LearnerState

__all__ = ["PoolItem", "SelectorConfig", "Choice", "select_next_item", "band_probability", "predicted_success"]


@dataclass(frozen=True)
class PoolItem:
    """What the selector needs of an item."""

    id: str
    topic: str
    document: str
    difficulty: float
    type: str = "mcq"
    attempts: int = 0  # first attempts behind `difficulty` (0: the generator's prior alone)

    @classmethod
    def from_item(cls, item: Any, *, difficulty: float | None = None, attempts: int = 0) -> PoolItem:
        """Build from a quiz.core.items.Item (optionally with a learned difficulty and its attempt count)."""
        return cls(item.id, item.topic, item.source.document,
                   float(item.difficulty if difficulty is None else difficulty), item.type, int(attempts))


@dataclass(frozen=True)
class SelectorConfig:
    """The selector's knobs; the defaults are the ones the benchmark was run with."""

    target_band: tuple[float, float] = (0.6, 0.85)
    band_slack: float = 0.05
    placement_se: float = 0.45
    placement_slack: float = 0.1
    placement_k: int = 10
    best_k: int = 5
    shrink_difficulties: bool = True
    epsilon: float = 0.05
    explore_range: tuple[float, float] = (0.45, 0.92)
    relearn_gap: int = 3
    relearn_max_misses: int = 3
    review_window: int = 3
    max_reviews_per_window: int = 2
    recent_window: int = 3
    topic_penalty: float = 0.06
    document_penalty: float = 0.03
    type_penalty: float = 0.08  # four cloze items in a row is dull practice: vary the kind of question
    placement_type_penalty: float = 0.04  # lighter while placing, where every item should measure


@dataclass(frozen=True)
class Choice:
    """The next item, why it was chosen, and the predicted chance of answering it right."""

    item_id: str
    reason: str  # "review" | "relearn" | "new" | "explore"
    p_success: float


def _relearn_candidates(state: LearnerState, config: SelectorConfig) -> list[tuple[int, str, bool]]:
    """Return (position of last attempt, item id, gap reached) for missed items still to be relearnt."""
    last: dict[str, int] = {}
    misses: dict[str, int] = {}
    for pos, a in enumerate(state.session):
        last[a.item_id] = pos
        if not a.correct:
            misses[a.item_id] = misses.get(a.item_id, 0) + 1
    out = []
    n = len(state.session)
    for item_id, pos in last.items():
        if not state.session[pos].correct and misses[item_id] < config.relearn_max_misses:
            out.append((pos, item_id, n - pos - 1 >= config.relearn_gap))
    return sorted(out)


Beliefs = Mapping[str, tuple[float, float]]  # item id -> (difficulty, its standard error)


def difficulty_beliefs(pool: Sequence[PoolItem], *, shrink: bool = True) -> dict[str, tuple[float, float]]:
    """Return each item's difficulty and standard error, pooled with the bank's spread of difficulties.

    An item's stored difficulty is its prior (or learned) value with error `difficulty_sd(attempts)`; the
    bank as a whole says difficulties spread with some variance around their mean. Combining the two (normal
    times normal) pulls a poorly known difficulty towards the bank's mean: an item whose prior says "very easy"
    is, on average, less easy than that, which is what a learner meets when the selector picks it for being easy.
    """
    sds = [difficulty_sd(p.attempts) for p in pool]
    if not shrink or len(pool) < 10:
        return {p.id: (p.difficulty, sd) for p, sd in zip(pool, sds)}
    mean = math.fsum(p.difficulty for p in pool) / len(pool)
    spread = math.fsum((p.difficulty - mean) ** 2 for p in pool) / (len(pool) - 1)
    true_var = max(spread - math.fsum(sd * sd for sd in sds) / len(pool), 0.25 * spread, 0.05)
    out = {}
    for p, sd in zip(pool, sds):
        w = true_var / (true_var + sd * sd)
        out[p.id] = (mean + w * (p.difficulty - mean), math.sqrt(w) * sd)
    return out


def _belief(item: PoolItem, beliefs: Beliefs | None) -> tuple[float, float]:
    return beliefs[item.id] if beliefs and item.id in beliefs else (item.difficulty, difficulty_sd(item.attempts))


def _sd(state: LearnerState, item: PoolItem, beliefs: Beliefs | None = None) -> float:
    """Return the uncertainty of theta - b for this learner and item."""
    return math.hypot(state.estimate(item.topic).se, _belief(item, beliefs)[1])


def _p(state: LearnerState, item: PoolItem, beliefs: Beliefs | None = None) -> float:
    """Return the predicted chance of a right answer, averaged over the uncertainty of theta and b."""
    return expected_success(state.estimate(item.topic).theta, _belief(item, beliefs)[0], _sd(state, item, beliefs))


def select_next_item(
    state: LearnerState,
    pool: Sequence[PoolItem],
    *,
    now: datetime,
    rng: random.Random,
    config: SelectorConfig = SelectorConfig(),
) -> Choice | None:
    """Pick the next item: relearn a miss, else a due review (capped), else a new item near the target."""
    by_id = {p.id: p for p in pool}
    beliefs = difficulty_beliefs(pool, shrink=config.shrink_difficulties)
    relearn = [c for c in _relearn_candidates(state, config) if c[1] in by_id]
    ready = [c for c in relearn if c[2]]
    if ready:
        item = by_id[ready[0][1]]
        return Choice(item.id, "relearn", _p(state, item, beliefs))

    in_session = {a.item_id for a in state.session}
    unseen = [p for p in pool if p.id not in state.memory and p.id not in in_session]
    due = [p for p in pool if p.id in state.memory and p.id not in in_session and state.memory[p.id].due_at <= now]
    recent_kinds = [a.kind for a in state.session if a.kind != "relearn"][-(config.review_window - 1):]
    reviews_capped = bool(unseen) and recent_kinds.count("review") >= config.max_reviews_per_window
    if due and not reviews_capped:
        recalls = [(recall_probability(dict(state.memory[p.id].card), now), p.id) for p in due]
        r, item_id = min(recalls)
        return Choice(item_id, "review", r)

    if unseen:
        types = {a.item_id: by_id[a.item_id].type for a in state.session if a.item_id in by_id}
        return _select_new(state, unseen, beliefs, rng=rng, config=config, types=types)
    if relearn:  # nothing else left: bring back a miss early rather than stop
        item = by_id[relearn[0][1]]
        return Choice(item.id, "relearn", _p(state, item, beliefs))
    return None


def _least_attempted(items: Sequence[PoolItem], k: int, rng: random.Random) -> PoolItem:
    """Draw one of the k least-attempted items (ties broken at random)."""
    shuffled = list(items)
    rng.shuffle(shuffled)
    shuffled.sort(key=lambda p: p.attempts)
    return rng.choice(shuffled[:k])


def _spread_pick(items: Sequence[PoolItem], score: Mapping[str, float], state: LearnerState, k: int,
                 rng: random.Random, config: SelectorConfig, types: Mapping[str, str] | None = None,
                 type_penalty: float | None = None) -> PoolItem:
    """Draw one of the k best items by score (higher is better) less the recent topic, text and type penalties."""
    recent = state.session[-config.recent_window:]
    topics, docs = [a.topic for a in recent], [a.document for a in recent]
    kinds = [(types or {}).get(a.item_id) for a in recent]
    ranked = sorted((-score[p.id] + config.topic_penalty * topics.count(p.topic)
                     + config.document_penalty * docs.count(p.document)
                     + (config.type_penalty if type_penalty is None else type_penalty) * kinds.count(p.type),
                     p.id, p) for p in items)
    return rng.choice(ranked[:k])[2]


def _select_new(state: LearnerState, unseen: Sequence[PoolItem], beliefs: Beliefs, *, rng: random.Random,
                config: SelectorConfig, types: Mapping[str, str] | None = None) -> Choice:
    """Pick a new item: the most informative while placing, else in the practice band (or an explore pick)."""
    if state.overall.se > config.placement_se:
        item = _placement_pick(state, unseen, beliefs, rng=rng, config=config, types=types)
        return Choice(item.id, "new", _p(state, item, beliefs))
    lo, hi = config.explore_range
    if rng.random() < config.epsilon:
        fair = [p for p in unseen if lo <= _p(state, p, beliefs) <= hi]
        if fair:
            item = _least_attempted(fair, config.best_k, rng)
            return Choice(item.id, "explore", _p(state, item, beliefs))
    item = _practice_pick(state, unseen, beliefs, rng=rng, config=config, types=types)
    return Choice(item.id, "new", _p(state, item, beliefs))


def _placement_pick(state: LearnerState, unseen: Sequence[PoolItem], beliefs: Beliefs, *, rng: random.Random,
                    config: SelectorConfig, types: Mapping[str, str] | None = None) -> PoolItem:
    """Draw among the items that shrink the expected posterior variance of overall ability the most."""
    # The ability estimate weighs answers by the stored difficulties, so placement measures on that scale too.
    b = np.array([p.difficulty for p in unseen])
    sd_b = np.array([difficulty_sd(p.attempts) for p in unseen])
    gain = expected_variance_reduction(state.overall.theta, state.overall.se, b, sd_b)
    best = float(gain.max())
    score = {p.id: float(g) / best if best > 0 else 0.0 for p, g in zip(unseen, gain)}
    near = [p for p in unseen if score[p.id] >= 1.0 - config.placement_slack]
    return _spread_pick(near, score, state, config.placement_k, rng, config, types, config.placement_type_penalty)


def _practice_pick(state: LearnerState, unseen: Sequence[PoolItem], beliefs: Beliefs, *, rng: random.Random,
                   config: SelectorConfig, types: Mapping[str, str] | None = None) -> PoolItem:
    """Draw among the items most likely to be in the target band; spreading only reorders those."""
    lo, hi = config.target_band
    fit = {p.id: band_probability(state.estimate(p.topic).theta - _belief(p, beliefs)[0],
                                  _sd(state, p, beliefs), lo, hi) for p in unseen}
    best = max(fit.values())
    near = [p for p in unseen if fit[p.id] >= best - config.band_slack]
    return _spread_pick(near, fit, state, config.best_k, rng, config, types)


def _phi(x: float) -> float:
    return 0.5 * (1.0 + math.erf(x / math.sqrt(2.0)))


def _logit(p: float) -> float:
    return math.log(p / (1.0 - p))


def band_probability(mu: float, sd: float, lo: float, hi: float) -> float:
    """Return the chance that the true success probability lies in [lo, hi] when theta - b ~ N(mu, sd)."""
    if sd <= 1e-9:
        return float(lo <= p_correct(mu, 0.0) <= hi)
    return _phi((_logit(hi) - mu) / sd) - _phi((_logit(lo) - mu) / sd)


def predicted_success(state: LearnerState, item: PoolItem, pool: Sequence[PoolItem] = (), *,
                      shrink: bool = True) -> float:
    """Return the engine's predicted chance of a right answer: Rasch averaged over theta's and b's uncertainty.

    With the pool, the item's difficulty is pooled with the bank's spread as the selector does.
    """
    return _p(state, item, difficulty_beliefs(pool, shrink=shrink) if pool else None)
