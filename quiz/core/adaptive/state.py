"""A learner's state (ability per topic, memory per item, this session) and its immutable update."""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime
from types import MappingProxyType
from typing import Any, Mapping, Protocol

from quiz.core.adaptive.irt import Estimate, estimate_ability
from quiz.core.adaptive.memory import review

__all__ = ["Attempt", "ItemMemory", "LearnerState", "apply_answer", "attempt_kind", "AnswerableItem"]


class AnswerableItem(Protocol):
    """What apply_answer needs of an item (a PoolItem does)."""

    id: str
    topic: str
    difficulty: float


@dataclass(frozen=True)
class Attempt:
    """One answer in the current session; kind is "new", "review" or "relearn" (a repeat within the session)."""

    item_id: str
    topic: str
    document: str
    correct: bool
    kind: str


@dataclass(frozen=True)
class ItemMemory:
    """FSRS memory of one item: the card as a dict and when it is next due."""

    card: Mapping[str, Any]
    due_at: datetime


def _frozen(d: Mapping[str, Any] | None) -> Mapping[str, Any]:
    return MappingProxyType(dict(d or {}))


@dataclass(frozen=True)
class LearnerState:
    """Everything the engine knows about one learner; never mutated (apply_answer returns a new one)."""

    estimates: Mapping[str, Estimate] = field(default_factory=dict)
    responses: Mapping[str, tuple[tuple[float, bool], ...]] = field(default_factory=dict)
    memory: Mapping[str, ItemMemory] = field(default_factory=dict)
    session: tuple[Attempt, ...] = ()

    def __post_init__(self) -> None:
        for name in ("estimates", "responses", "memory"):
            object.__setattr__(self, name, _frozen(getattr(self, name)))

    def estimate(self, topic: str, *, prior_mean: float = 0.0, prior_sd: float = 1.0) -> Estimate:
        """Return the topic's estimate, or the prior for a topic never answered."""
        return self.estimates.get(topic) or Estimate(prior_mean, prior_sd, 0)

    def start_session(self) -> LearnerState:
        """Return the same learner with an empty session history (a new sitting)."""
        return replace(self, session=())

    def to_dict(self) -> dict[str, Any]:
        """Serialise to plain JSON types."""
        return {
            "estimates": {t: [e.theta, e.se, e.n] for t, e in self.estimates.items()},
            "responses": {t: [[b, c] for b, c in rs] for t, rs in self.responses.items()},
            "memory": {i: {"card": dict(m.card), "due_at": m.due_at.isoformat()} for i, m in self.memory.items()},
            "session": [[a.item_id, a.topic, a.document, a.correct, a.kind] for a in self.session],
        }

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> LearnerState:
        """Build from `to_dict` output."""
        return cls(
            estimates={t: Estimate(float(v[0]), float(v[1]), int(v[2])) for t, v in d.get("estimates", {}).items()},
            responses={t: tuple((float(b), bool(c)) for b, c in rs) for t, rs in d.get("responses", {}).items()},
            memory={i: ItemMemory(dict(m["card"]), datetime.fromisoformat(m["due_at"]))
                    for i, m in d.get("memory", {}).items()},
            session=tuple(Attempt(a[0], a[1], a[2], bool(a[3]), a[4]) for a in d.get("session", ())),
        )


def attempt_kind(state: LearnerState, item_id: str) -> str:
    """Say what answering this item now would be: "relearn" (seen this session), "review" or "new"."""
    if any(a.item_id == item_id for a in state.session):
        return "relearn"
    return "review" if item_id in state.memory else "new"


def apply_answer(
    state: LearnerState,
    item: AnswerableItem,
    correct: bool,
    now: datetime,
    *,
    prior_mean: float = 0.0,
    prior_sd: float = 1.0,
) -> LearnerState:
    """Return the learner's state after answering `item`: ability, memory and session all updated.

    Only a first-ever attempt counts as a measurement of ability: a repeat shortly after feedback, or a
    review of a seen item, says more about memory than ability, so those go to FSRS only.
    """
    kind = attempt_kind(state, item.id)
    estimates, responses = dict(state.estimates), dict(state.responses)
    if kind == "new":
        rs = tuple(responses.get(item.topic, ())) + ((float(item.difficulty), bool(correct)),)
        responses[item.topic] = rs
        estimates[item.topic] = estimate_ability(rs, prior_mean=prior_mean, prior_sd=prior_sd)
    old = state.memory.get(item.id)
    card, due_at = review(dict(old.card) if old else None, correct, now)
    memory = dict(state.memory)
    memory[item.id] = ItemMemory(card, due_at)
    document = getattr(item, "document", "") or getattr(getattr(item, "source", None), "document", "")
    attempt = Attempt(item.id, item.topic, document, bool(correct), kind)
    return LearnerState(estimates, responses, memory, state.session + (attempt,))
