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
3. **New, placement.** While a topic's ability estimate is uncertain (standard error above `placement_se`,
   0.5), new items in it are chosen near p = 0.5, where a Rasch item carries the most information, so the
   estimate settles fast (SE 1 -> 0.5 in about 14 items, as fast as max-information selection).
4. **New, practice.** Once measured, new items are chosen near the practice target p = 0.75, the level
   where learners succeed often but still have to think. Every answer still refines the estimate, only
   less per item.

Among new items the best `best_k` (5) by closeness to the target are kept and one is drawn at random, so
two learners at the same level do not see the same sequence (exposure control); items of the topic and
text of the last few answers are penalised, spreading practice across topics and texts. With probability
`epsilon` (0.1) in practice, a random unseen item is taken instead ("explore"): targeting alone would only
ever show each item to learners of one level, which biases the online difficulty estimates.
"""
from __future__ import annotations

import math
import random
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Sequence

from quiz.core.adaptive.irt import Estimate, p_correct
from quiz.core.adaptive.memory import recall_probability
from quiz.core.adaptive.state import LearnerState

__all__ = ["PoolItem", "SelectorConfig", "Choice", "select_next_item"]


@dataclass(frozen=True)
class PoolItem:
    """What the selector needs of an item."""

    id: str
    topic: str
    document: str
    difficulty: float
    type: str = "mcq"

    @classmethod
    def from_item(cls, item: Any, *, difficulty: float | None = None) -> PoolItem:
        """Build from a quiz.core.items.Item (optionally with a learned difficulty instead of the prior)."""
        return cls(item.id, item.topic, item.source.document,
                   float(item.difficulty if difficulty is None else difficulty), item.type)


@dataclass(frozen=True)
class SelectorConfig:
    """The selector's knobs; the defaults are the ones the benchmark was run with."""

    target_success: float = 0.75
    placement_success: float = 0.5
    placement_se: float = 0.5
    best_k: int = 5
    placement_k: int = 2
    epsilon: float = 0.1
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


def _p(state: LearnerState, item: PoolItem, config: SelectorConfig) -> float:
    est = state.estimate(item.topic)
    return p_correct(est.theta, item.difficulty)


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


def _select_new(state: LearnerState, unseen: Sequence[PoolItem], *, rng: random.Random,
                config: SelectorConfig) -> Choice:
    recent = state.session[-config.recent_window:]
    recent_topics = [a.topic for a in recent]
    recent_docs = [a.document for a in recent]
    ests = {t: state.estimate(t)
            for t in {p.topic for p in unseen}}
    placing = {t: e.se > config.placement_se for t, e in ests.items()}
    if rng.random() < config.epsilon and not all(placing.values()):
        item = rng.choice([p for p in unseen if not placing[p.topic]] or list(unseen))
        return Choice(item.id, "explore", p_correct(ests[item.topic].theta, item.difficulty))
    scored = []
    for p in unseen:
        prob = p_correct(ests[p.topic].theta, p.difficulty)
        target = config.placement_success if placing[p.topic] else config.target_success
        score = abs(prob - target)
        if not placing[p.topic]:  # while measuring, information comes first
            score += config.topic_penalty * recent_topics.count(p.topic)
            score += config.document_penalty * recent_docs.count(p.document)
        scored.append((score, p.id, prob, p.topic))
    scored.sort()
    k = config.placement_k if placing[scored[0][3]] else config.best_k
    _score, item_id, prob, _topic = rng.choice(scored[:k])
    return Choice(item_id, "new", prob)
