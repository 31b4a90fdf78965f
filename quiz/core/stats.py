"""Item statistics from students' first attempts, with the formulas of Moodle's quiz statistics report.

- facility index: mean score over the maximum score, as a percentage;
- discrimination index: 100 × the Pearson correlation of the item score with the rest-of-test score;
- discriminative efficiency: 100 × that covariance over the largest covariance the marks allow (the one
  reached when both lists of marks are sorted and paired);
- per-choice pick rates, distractors nobody picks, and distractors that the top third of students (by their
  rest-of-test score) choose more often than the right answer.

The quiz is adaptive, so students see different items: a student's rest-of-test score is their mean score on
the other items they attempted (on a fixed test that is the rest total divided by a constant, so the
correlation and the efficiency are exactly Moodle's). Pure: no I/O, no storage.
"""
from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Hashable, Iterable, Mapping, Protocol, Sequence

__all__ = [
    "Response",
    "ItemStats",
    "ItemKey",
    "first_attempts",
    "facility_index",
    "discrimination_index",
    "discriminative_efficiency",
    "item_statistics",
    "quality_examples",
    "VERY_LIKELY",
    "LIKELY",
    "MIN_RESPONSES",
]

MIN_RESPONSES = 5  # fewer first attempts than this: numbers are shown, no flags are raised
VERY_LIKELY = "very likely"
LIKELY = "likely"


class _AttemptLike(Protocol):
    learner_id: int
    item_id: str
    score: float
    chosen: str | None
    answered_at: datetime


@dataclass(frozen=True)
class Response:
    """One learner's first attempt at one item: a score in [0, 1] and the choice picked (if any)."""

    learner: Hashable
    item_id: str
    score: float
    chosen: str | None = None


@dataclass(frozen=True)
class ItemKey:
    """What the statistics need to know about an item: its right answer and its choices (none: typed)."""

    answer: str
    choices: tuple[str, ...] = ()


@dataclass(frozen=True)
class ItemStats:
    """The statistics of one item; None where too few or too uniform marks leave a number undefined."""

    item_id: str
    n: int
    facility: float | None
    discrimination: float | None
    efficiency: float | None
    picks: dict[str, float] = field(default_factory=dict)  # choice -> share of responses (0..1)
    unused: tuple[str, ...] = ()  # distractors nobody picked
    attractive: tuple[str, ...] = ()  # distractors the top third picked more often than the answer
    needs_checking: str = ""  # "", LIKELY or VERY_LIKELY
    flags: tuple[str, ...] = ()

    @property
    def flagged(self) -> bool:
        """Say whether anything about the item deserves a look."""
        return bool(self.flags)


def first_attempts(attempts: Iterable[_AttemptLike]) -> list[Response]:
    """Keep each learner's first attempt at each item (by time, then id), as Responses."""
    ordered = sorted(attempts, key=lambda a: (a.answered_at, getattr(a, "id", 0)))
    seen: set[tuple[Any, str]] = set()
    out: list[Response] = []
    for a in ordered:
        key = (a.learner_id, a.item_id)
        if key in seen:
            continue
        seen.add(key)
        out.append(Response(a.learner_id, a.item_id, float(a.score), a.chosen))
    return out


def _mean(xs: Sequence[float]) -> float:
    return sum(xs) / len(xs)


def _cov(xs: Sequence[float], ys: Sequence[float]) -> float:
    mx, my = _mean(xs), _mean(ys)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / (len(xs) - 1)


def facility_index(scores: Sequence[float], max_score: float = 1.0) -> float | None:
    """Return the mean score over the maximum, as a percentage (None without scores)."""
    if not scores or max_score <= 0:
        return None
    return 100.0 * _mean(scores) / max_score


def discrimination_index(item: Sequence[float], rest: Sequence[float]) -> float | None:
    """Return 100 × the correlation of item scores with rest-of-test scores (None if either is constant)."""
    if len(item) != len(rest):
        raise ValueError("item and rest scores must pair up")
    if len(item) < 2:
        return None
    vx, vy = _cov(item, item), _cov(rest, rest)
    if vx <= 1e-12 or vy <= 1e-12:
        return None
    return 100.0 * _cov(item, rest) / math.sqrt(vx * vy)


def discriminative_efficiency(item: Sequence[float], rest: Sequence[float]) -> float | None:
    """Return 100 × cov(item, rest) over the largest covariance these marks allow (sorted and paired)."""
    if len(item) != len(rest):
        raise ValueError("item and rest scores must pair up")
    if len(item) < 2:
        return None
    best = _cov(sorted(item), sorted(rest))
    if best <= 1e-12:
        return None
    return 100.0 * _cov(item, rest) / best


def _needs_checking(discrimination: float | None, efficiency: float | None) -> str:
    if discrimination is None:
        return ""
    if discrimination < 30 or (efficiency is not None and efficiency < 15):
        return VERY_LIKELY
    if discrimination < 50:
        return LIKELY
    return ""


def _choice_stats(key: ItemKey, responses: Sequence[Response], rest: Mapping[Hashable, float],
                  ) -> tuple[dict[str, float], tuple[str, ...], tuple[str, ...]]:
    """Return pick shares per choice, unused distractors, and distractors that strong students prefer."""
    choices = key.choices
    counts = {c: 0 for c in choices}
    for r in responses:
        if r.chosen in counts:
            counts[r.chosen] += 1
    n = len(responses)
    picks = {c: counts[c] / n for c in choices} if n else {}
    distractors = [c for c in choices if c != key.answer]
    unused = tuple(c for c in distractors if counts[c] == 0)
    ranked = sorted((r for r in responses if r.learner in rest), key=lambda r: rest[r.learner], reverse=True)
    top = ranked[: math.ceil(len(ranked) / 3)]
    top_counts = {c: sum(1 for r in top if r.chosen == c) for c in choices}
    answer_top = top_counts.get(key.answer, 0)
    attractive = tuple(c for c in distractors if top_counts[c] > answer_top)
    return picks, unused, attractive


def item_statistics(responses: Iterable[Response], keys: Mapping[str, ItemKey], *,
                    min_responses: int = MIN_RESPONSES) -> dict[str, ItemStats]:
    """Compute the statistics of every item in `keys` from first attempts (scores in [0, 1])."""
    by_learner: dict[Hashable, dict[str, float]] = defaultdict(dict)
    by_item: dict[str, list[Response]] = defaultdict(list)
    for r in responses:
        if r.item_id not in keys or r.item_id in by_learner[r.learner]:
            continue
        by_learner[r.learner][r.item_id] = float(r.score)
        by_item[r.item_id].append(r)
    out: dict[str, ItemStats] = {}
    for item_id, key in keys.items():
        rs = by_item.get(item_id, [])
        rest: dict[Hashable, float] = {}
        for r in rs:
            others = [s for other, s in by_learner[r.learner].items() if other != item_id]
            if others:
                rest[r.learner] = _mean(others)
        paired = [r for r in rs if r.learner in rest]
        xs = [r.score for r in paired]
        ys = [rest[r.learner] for r in paired]
        facility = facility_index([r.score for r in rs])
        disc = discrimination_index(xs, ys)
        eff = discriminative_efficiency(xs, ys)
        picks, unused, attractive = _choice_stats(key, rs, rest) if key.choices else ({}, (), ())
        check = ""
        flags: list[str] = []
        if len(rs) >= min_responses:
            check = _needs_checking(disc, eff)
            if disc is not None and disc < 0:
                flags.append("negative discrimination: weaker students do better on it")
            elif check:
                flags.append(f"{check} needs checking: low discrimination")
            flags += [f"nobody picks the distractor “{c}”" for c in unused]
            flags += [f"strong students prefer “{c}” to the answer" for c in attractive]
        else:
            unused, attractive = (), ()
        out[item_id] = ItemStats(item_id, len(rs), facility, disc, eff, picks, unused, attractive, check,
                                 tuple(flags))
    return out


def quality_examples(decided: Iterable[tuple[str, dict[str, float], str]],
                     stats: Mapping[str, ItemStats]) -> list[tuple[dict[str, float], bool]]:
    """Turn decisions and statistics into (features, acceptable?) examples for the ranker.

    `decided` holds (item id, features, status). An approved item counts as acceptable and a rejected one
    as not, unless students' answers say otherwise: an approved item that very likely needs checking counts
    as a negative example. Drafts count only when the statistics are clear (very likely needs checking: not
    acceptable; discrimination index of 50 or more with no flag: acceptable).
    """
    out: list[tuple[dict[str, float], bool]] = []
    for item_id, features, status in decided:
        if not features:
            continue
        st = stats.get(item_id)
        bad = st is not None and st.needs_checking == VERY_LIKELY
        good = (st is not None and not st.flags and st.discrimination is not None and st.discrimination >= 50
                and st.n >= MIN_RESPONSES)
        if status == "approved":
            out.append((features, not bad))
        elif status == "rejected":
            out.append((features, False))
        elif bad or good:
            out.append((features, good))
    return out
