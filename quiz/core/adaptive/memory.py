"""Long-term memory per item with FSRS: review a card on an answer, predict recall at a time.

Besides FSRS's own fields, a card dict carries the evidence mastery needs under the key "quiz":
when the item was first seen, how many right answers it got, and how many of those came on a later
(UTC) day than the first sighting. fsrs ignores unknown keys, so the dict still round-trips through
`Card.from_dict`, and storage keeps it as it keeps the rest of the card.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any, Mapping

from fsrs import Card, Rating, Scheduler

__all__ = ["review", "recall_probability", "stability", "item_evidence", "Evidence", "SCHEDULER"]

# No learning steps: FSRS schedules in days and the selector repeats a missed item within the session itself.
# No fuzzing: the same history always gives the same due date.
SCHEDULER = Scheduler(desired_retention=0.9, learning_steps=(), relearning_steps=(), enable_fuzzing=False)
_EVIDENCE_KEY = "quiz"


@dataclass(frozen=True)
class Evidence:
    """What a learner has shown on one item: first seen, right answers, right answers on a later day."""

    first_seen: datetime | None
    right: int = 0
    right_later: int = 0


def _utc(now: datetime) -> datetime:
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware (UTC)")
    return now.astimezone(timezone.utc)


def item_evidence(card: Mapping[str, Any] | None) -> Evidence:
    """Return the evidence a card carries; a card stored before evidence was kept counts no right answers."""
    if not card:
        return Evidence(None)
    ev = card.get(_EVIDENCE_KEY)
    if isinstance(ev, Mapping) and ev.get("first_seen"):
        return Evidence(datetime.fromisoformat(ev["first_seen"]), int(ev.get("right", 0)),
                        int(ev.get("right_later", 0)))
    try:  # review() names a new card after the moment of its first review (milliseconds)
        return Evidence(datetime.fromtimestamp(int(card["card_id"]) / 1000.0, tz=timezone.utc))
    except (KeyError, TypeError, ValueError, OverflowError, OSError):
        return Evidence(None)


def review(card: Mapping[str, Any] | None, correct: bool, now: datetime) -> tuple[dict[str, Any], datetime]:
    """Record one answer (Good when correct, Again when wrong); return the new card dict and its due time."""
    now = _utc(now)
    current = Card.from_dict(dict(card)) if card else Card(card_id=int(now.timestamp() * 1000), due=now)
    new_card, _log = SCHEDULER.review_card(current, Rating.Good if correct else Rating.Again, review_datetime=now)
    ev = item_evidence(card)
    first = ev.first_seen or now
    later = correct and now.date() > _utc(first).date()
    out = new_card.to_dict()
    out[_EVIDENCE_KEY] = {"first_seen": first.isoformat(), "right": ev.right + int(correct),
                          "right_later": ev.right_later + int(later)}
    return out, new_card.due


def stability(card: Mapping[str, Any] | None) -> float:
    """Return the card's FSRS stability in days (0 for an unseen item)."""
    return float(card["stability"]) if card and card.get("stability") else 0.0


def recall_probability(card: Mapping[str, Any] | None, now: datetime) -> float:
    """Return FSRS's predicted recall at `now`, counting elapsed time in fractional days (0 if never seen).

    fsrs itself floors elapsed time to whole days; fractions let recall decay within the day and
    order reviews that are due on the same day.
    """
    if not card or not card.get("last_review") or not card.get("stability"):
        return 0.0
    last = datetime.fromisoformat(card["last_review"])
    days = max(0.0, (_utc(now) - last).total_seconds() / 86400.0)
    s = SCHEDULER
    return (1.0 + s._FACTOR * days / float(card["stability"])) ** s._DECAY
