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
3. **New, placement.** A learner's first items, while the overall ability estimate is uncertain (standard
   error above `placement_se`, 0.45), are chosen near p = 0.5, where a Rasch item carries the most
   information; once the standard error is at most `placement_late_se` (0.5) the aim moves to
   `placement_late_success` (0.65): still 91% of the maximum information, and already inside the practice
   band, so the last placement items (which relearns push past a learner's 15th answer) are not too hard.
   With probability `placement_explore` (0.15) a random unseen item with p in `placement_explore_range`
   (0.3-0.7) is taken instead: at least 84% of the maximum information, spreading first attempts.
4. **New, practice.** Afterwards each unseen item is scored by the chance that its TRUE success
   probability lies in `target_band` (0.6-0.85), taking theta - b as normal with the topic's standard error
   and the item's `difficulty_sd(attempts)` combined (`band_probability`). An uncertain estimate lowers every
   item's chance, a well-calibrated item beats a guess at the same prediction, and the best item sits at the
   band's centre in logits (p = 0.744). Only items within `band_slack` (0.05) of the best chance are kept;
   topic and text penalties reorder those, never pull a pick out of them.

Among those the best `best_k` (5) after the spread penalties (items of the topic and text of the last few
answers) are kept and one is drawn at random, so two learners at the same level do not see the same
sequence (exposure control). With probability `epsilon` (0.1) in practice an
"explore" item is taken instead: one of the least-attempted unseen items whose predicted success lies in
`explore_range` (0.35-0.95). Targeting alone would only ever show each item to learners of one level and
would never calibrate the items it avoids, which biases the online difficulty estimates.
"""
from __future__ import annotations

import math
import random
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Sequence

from quiz.core.adaptive.irt import difficulty_sd, expected_success, p_correct
from quiz.core.adaptive.memory import recall_probability
from quiz.core.adaptive.state import LearnerState

__all__ = ["PoolItem", "SelectorConfig", "Choice", "select_next_item", "band_probability"]


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
    placement_success: float = 0.5
    placement_late_success: float = 0.65
    placement_late_se: float = 0.5
    placement_se: float = 0.45
    placement_explore: float = 0.15
    placement_explore_range: tuple[float, float] = (0.3, 0.7)
    best_k: int = 5
    placement_k: int = 2
    epsilon: float = 0.1
    explore_range: tuple[float, float] = (0.35, 0.95)
    relearn_gap: int = 3
    relearn_max_misses: int = 3
    review_window: int = 3
    max_reviews_per_window: int = 2
    recent_window: int = 3
    topic_penalty: float = 0.06
    document_penalty: float = 0.03


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


def _sd(state: LearnerState, item: PoolItem) -> float:
    """Return the uncertainty of theta - b for this learner and item."""
    return math.hypot(state.estimate(item.topic).se, difficulty_sd(item.attempts))


def _p(state: LearnerState, item: PoolItem, config: SelectorConfig | None = None) -> float:
    """Return the predicted chance of a right answer, averaged over the uncertainty of theta and b."""
    return expected_success(state.estimate(item.topic).theta, item.difficulty, _sd(state, item))


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
    relearn = [c for c in _relearn_candidates(state, config) if c[1] in by_id]
    ready = [c for c in relearn if c[2]]
    if ready:
        item = by_id[ready[0][1]]
        return Choice(item.id, "relearn", _p(state, item, config))

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
        return _select_new(state, unseen, rng=rng, config=config)
    if relearn:  # nothing else left: bring back a miss early rather than stop
        item = by_id[relearn[0][1]]
        return Choice(item.id, "relearn", _p(state, item, config))
    return None


def _least_attempted(items: Sequence[PoolItem], k: int, rng: random.Random) -> PoolItem:
    """Draw one of the k least-attempted items (ties broken at random)."""
    shuffled = list(items)
    rng.shuffle(shuffled)
    shuffled.sort(key=lambda p: p.attempts)
    return rng.choice(shuffled[:k])


def _select_new(state: LearnerState, unseen: Sequence[PoolItem], *, rng: random.Random,
                config: SelectorConfig) -> Choice:
    """Pick a new item: near even odds while placing, else in the practice band (or an explore pick)."""
    recent = state.session[-config.recent_window:]
    recent_topics = [a.topic for a in recent]
    recent_docs = [a.document for a in recent]
    ests = {t: state.estimate(t) for t in {p.topic for p in unseen}}
    point = {p.id: p_correct(ests[p.topic].theta, p.difficulty) for p in unseen}
    if state.overall.se > config.placement_se:
        lo, hi = config.placement_explore_range
        wide = [p for p in unseen if lo <= point[p.id] <= hi]
        if wide and rng.random() < config.placement_explore:
            item = rng.choice(wide)
            return Choice(item.id, "explore", _p(state, item))
        # Once nearly placed, aim at 0.65: still 91% of the maximum information, and already in the practice band.
        aim = config.placement_late_success if state.overall.se <= config.placement_late_se else config.placement_success
        scored = sorted((abs(point[p.id] - aim), p.id) for p in unseen)
        _score, item_id = rng.choice(scored[:config.placement_k])
        item = next(p for p in unseen if p.id == item_id)
        return Choice(item_id, "new", _p(state, item))
    lo, hi = config.explore_range
    if rng.random() < config.epsilon:
        fair = [p for p in unseen if lo <= _p(state, p) <= hi]
        if fair:
            item = _least_attempted(fair, config.best_k, rng)
            return Choice(item.id, "explore", _p(state, item))
    item = _practice_pick(state, unseen, recent_topics, recent_docs, rng=rng, config=config)
    return Choice(item.id, "new", _p(state, item))


def _practice_pick(state: LearnerState, unseen: Sequence[PoolItem], recent_topics: list[str],
                   recent_docs: list[str], *, rng: random.Random, config: SelectorConfig) -> PoolItem:
    """Draw among the items most likely to be in the target band; spreading only reorders those."""
    lo, hi = config.target_band
    fit = {p.id: band_probability(state.estimate(p.topic).theta - p.difficulty, _sd(state, p), lo, hi)
           for p in unseen}
    best = max(fit.values())
    near = [p for p in unseen if fit[p.id] >= best - config.band_slack]
    scored = sorted(
        (-fit[p.id] + config.topic_penalty * recent_topics.count(p.topic)
         + config.document_penalty * recent_docs.count(p.document), p.id, p) for p in near)
    return rng.choice(scored[:config.best_k])[2]


def _phi(x: float) -> float:
    return 0.5 * (1.0 + math.erf(x / math.sqrt(2.0)))


def _logit(p: float) -> float:
    return math.log(p / (1.0 - p))


def band_probability(mu: float, sd: float, lo: float, hi: float) -> float:
    """Return the chance that the true success probability lies in [lo, hi] when theta - b ~ N(mu, sd)."""
    if sd <= 1e-9:
        return float(lo <= p_correct(mu, 0.0) <= hi)
    return _phi((_logit(hi) - mu) / sd) - _phi((_logit(lo) - mu) / sd)
