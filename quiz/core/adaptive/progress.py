"""Mastery per topic and the progress summary: what a learner has shown, and how it holds up over time.

A topic is mastered when three things hold at once:

1. **Ability above the bar with high probability.** P(theta_topic > bar) >= 0.95 under the normal
   posterior (mean and standard error). The bar is a level that means something for this topic: the mean
   difficulty of its items plus `bar_offset` (0.5 logit, so a master answers an average item of the topic
   right about 62% of the time or better), or an absolute bar when one is configured. With the prior's
   SE of about 1, a handful of answers cannot clear it: the evidence has to pile up.
2. **Recall is high.** The mean FSRS retrievability of the topic's reviewed items is at least 0.9 now,
   so a topic learnt long ago and not reviewed falls out of mastery.
3. **Enough, and lasting, evidence** (as Khan Academy asks): at least `min_right` (5) distinct items of the
   topic answered right, and at least one right answer on a later day than that item was first seen.

The level shown on the strength bar moves smoothly: the posterior probability (relative to 0.95) times a
coverage factor (right items and the later-day answer counted towards their targets) times the recall
(relative to 0.9). It is capped below 1 until the topic is mastered.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Sequence

from quiz.core.adaptive.irt import Estimate
from quiz.core.adaptive.memory import item_evidence, recall_probability, stability
from quiz.core.adaptive.state import LearnerState

__all__ = ["MasteryRule", "MasteryInfo", "TopicEvidence", "mastery", "topic_bar", "topic_evidence",
           "topic_recall", "progress_summary"]


@dataclass(frozen=True)
class MasteryRule:
    """The thresholds of mastery; `absolute_bar` replaces the relative bar (mean difficulty + offset)."""

    bar_offset: float = 0.5
    absolute_bar: float | None = None
    p_above: float = 0.95
    recall: float = 0.9
    min_right: int = 5
    min_right_later: int = 1


@dataclass(frozen=True)
class TopicEvidence:
    """Distinct items of a topic answered right, and those answered right on a later day than first seen."""

    right_items: int = 0
    right_later_items: int = 0


@dataclass(frozen=True)
class MasteryInfo:
    """How close a topic is to mastered: level in [0, 1] for a strength bar, and the verdict."""

    level: float
    mastered: bool
    p_above_bar: float
    bar: float = 0.0


def _phi(x: float) -> float:
    return 0.5 * (1.0 + math.erf(x / math.sqrt(2.0)))


def mastery(estimate: Estimate, topic_bar: float = 0.0, recall: float | None = None,
            evidence: TopicEvidence = TopicEvidence(), *, rule: MasteryRule = MasteryRule()) -> MasteryInfo:
    """Judge mastery: ability above the bar with probability >= 0.95, recall >= 0.9, enough lasting evidence."""
    p_above = _phi((estimate.theta - topic_bar) / max(estimate.se, 1e-9))
    right = min(evidence.right_items, rule.min_right)
    later = min(evidence.right_later_items, rule.min_right_later)
    coverage = (right + later) / max(rule.min_right + rule.min_right_later, 1)
    recall_term = 0.0 if recall is None else min(1.0, recall / rule.recall)
    mastered = (p_above >= rule.p_above and recall is not None and recall >= rule.recall
                and evidence.right_items >= rule.min_right and evidence.right_later_items >= rule.min_right_later)
    level = min(1.0, p_above / rule.p_above) * coverage * recall_term
    level = 1.0 if mastered else min(level, 0.99)
    return MasteryInfo(level=level, mastered=mastered, p_above_bar=p_above, bar=topic_bar)


def topic_bar(pool: Sequence[Any], topic: str, rule: MasteryRule = MasteryRule()) -> float:
    """Return the topic's mastery bar: the absolute bar if set, else its items' mean difficulty plus the offset."""
    if rule.absolute_bar is not None:
        return rule.absolute_bar
    bs = [float(p.difficulty) for p in pool if p.topic == topic]
    return (sum(bs) / len(bs) if bs else 0.0) + rule.bar_offset


_bar = topic_bar  # progress_summary's keyword `topic_bar` shadows the function


def topic_evidence(state: LearnerState, pool: Sequence[Any], topic: str) -> TopicEvidence:
    """Count the topic's distinct items answered right, and those answered right on a later day."""
    right = later = 0
    for p in pool:
        m = state.memory.get(p.id)
        if p.topic != topic or m is None:
            continue
        ev = item_evidence(m.card)
        right += ev.right > 0
        later += ev.right_later > 0
    return TopicEvidence(right, later)


def topic_recall(state: LearnerState, pool: Sequence[Any], topic: str, now: datetime) -> float | None:
    """Return the mean predicted recall of the topic's seen items, or None if none was seen."""
    rs = [recall_probability(dict(state.memory[p.id].card), now) for p in pool
          if p.topic == topic and p.id in state.memory]
    return sum(rs) / len(rs) if rs else None


def progress_summary(state: LearnerState, pool: Sequence[Any], now: datetime, *,
                     topic_bar: float | None = None, rule: MasteryRule = MasteryRule()) -> dict[str, Any]:
    """Count new, learning, mature and due items, give the next review time and mastery per topic.

    "learning" is a seen item not yet due with stability under 21 days ("young" in Anki), "mature" the rest.
    `topic_bar`, when given, is one absolute bar for every topic (same as `rule.absolute_bar`).
    """
    counts = {"new": 0, "learning": 0, "mature": 0, "due": 0}
    upcoming: list[datetime] = []
    for p in pool:
        m = state.memory.get(p.id)
        if m is None:
            counts["new"] += 1
        elif m.due_at <= now:
            counts["due"] += 1
        else:
            upcoming.append(m.due_at)
            counts["mature" if stability(dict(m.card)) >= 21 else "learning"] += 1
    if topic_bar is not None:
        rule = MasteryRule(**{**rule.__dict__, "absolute_bar": topic_bar})
    topics: dict[str, Any] = {}
    for topic in sorted({p.topic for p in pool}):
        est = state.estimate(topic)
        recall = topic_recall(state, pool, topic, now)
        evidence = topic_evidence(state, pool, topic)
        info = mastery(est, _bar(pool, topic, rule), recall, evidence, rule=rule)
        topics[topic] = {
            "theta": round(est.theta, 3), "se": round(est.se, 3), "answered": est.n,
            "total": sum(1 for p in pool if p.topic == topic),
            "recall": None if recall is None else round(recall, 3),
            "level": round(info.level, 3), "mastered": info.mastered,
            "bar": round(info.bar, 3), "p_above_bar": round(info.p_above_bar, 3),
            "right_items": evidence.right_items, "right_later_items": evidence.right_later_items,
        }
    return {**counts, "next_review": min(upcoming) if upcoming else None, "topics": topics}

