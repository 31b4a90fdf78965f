"""Long-term memory per item with FSRS: review a card on an answer, predict recall at a time."""
from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

from fsrs import Card, Rating, Scheduler

__all__ = ["review", "recall_probability", "stability", "SCHEDULER"]

# No learning steps: FSRS schedules in days and the selector repeats a missed item within the session itself.
# No fuzzing: the same history always gives the same due date.
SCHEDULER = Scheduler(desired_retention=0.9, learning_steps=(), relearning_steps=(), enable_fuzzing=False)


def _utc(now: datetime) -> datetime:
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware (UTC)")
    return now.astimezone(timezone.utc)


def review(card: dict[str, Any] | None, correct: bool, now: datetime) -> tuple[dict[str, Any], datetime]:
    """Record one answer (Good when correct, Again when wrong); return the new card dict and its due time."""
    now = _utc(now)
    current = Card.from_dict(card) if card else Card(card_id=int(now.timestamp() * 1000), due=now)
    new_card, _log = SCHEDULER.review_card(current, Rating.Good if correct else Rating.Again, review_datetime=now)
    return new_card.to_dict(), new_card.due


def stability(card: dict[str, Any] | None) -> float:
    """Return the card's FSRS stability in days (0 for an unseen item)."""
    return float(card["stability"]) if card and card.get("stability") else 0.0


def recall_probability(card: dict[str, Any] | None, now: datetime) -> float:
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
