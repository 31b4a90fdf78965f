"""A learner's state (ability per topic, memory per item, this session) and its immutable update."""
from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from datetime import datetime
from types import MappingProxyType
from typing import Any, Mapping, Protocol

from quiz.core.adaptive.ability import TOPIC_SPREAD, AbilityEvidence, topic_estimates
from quiz.core.adaptive.irt import Estimate
from quiz.core.adaptive.memory import review

__all__ = ["Attempt", "ItemMemory", "LearnerState", "apply_answer", "attempt_kind", "AnswerableItem",
           "topic_prior", "TOPIC_SPREAD"]


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
    overall: Estimate = Estimate(0.0, math.sqrt(0.75), 0)  # across topics: the prior for an unmeasured topic
    # The responses as log-likelihood vectors (None: built from `responses` when first needed).
    evidence: AbilityEvidence | None = field(default=None, compare=False, repr=False)

    def __post_init__(self) -> None:
        for name in ("estimates", "responses", "memory"):
            object.__setattr__(self, name, _frozen(getattr(self, name)))

    def ability_evidence(self) -> AbilityEvidence:
        """Return the first attempts as ability evidence (the given one, else built from `responses`)."""
        if self.evidence is None:
            object.__setattr__(self, "evidence", AbilityEvidence.from_responses(self.responses))
        return self.evidence  # type: ignore[return-value]

    def estimate(self, topic: str) -> Estimate:
        """Return the topic's estimate, or for a topic never answered the prior that the other topics give."""
        return self.estimates.get(topic) or topic_prior(self.overall)

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
            "overall": [self.overall.theta, self.overall.se, self.overall.n],
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
            overall=Estimate(*_triple(d.get("overall", (0.0, 1.0, 0)))),
        )


def _triple(v: Any) -> tuple[float, float, int]:
    return float(v[0]), float(v[1]), int(v[2])


def topic_prior(overall: Estimate) -> Estimate:
    """Return the prior for one topic: the learner's overall ability, widened by how much topics differ."""
    return Estimate(overall.theta, math.sqrt(overall.se ** 2 + TOPIC_SPREAD ** 2), 0)


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

    Topics share strength: each topic's prior is the ability its sibling topics show, widened by
    TOPIC_SPREAD, so a learner measured on one topic starts the next near the right level.
    Only a first-ever attempt counts as a measurement of ability: a repeat shortly after feedback, or a
    review of a seen item, says more about memory than ability, so those go to FSRS only. A first attempt
    adds one log-likelihood vector to the state's evidence and re-estimates every topic from the vectors.
    """
    kind = attempt_kind(state, item.id)
    estimates, responses, overall = dict(state.estimates), dict(state.responses), state.overall
    evidence = state.evidence
    if kind == "new":
        responses[item.topic] = tuple(responses.get(item.topic, ())) + ((float(item.difficulty), bool(correct)),)
        evidence = state.ability_evidence().add(item.topic, float(item.difficulty), bool(correct))
        overall, estimates = topic_estimates(evidence, prior_mean=prior_mean, prior_sd=prior_sd)
    old = state.memory.get(item.id)
    card, due_at = review(dict(old.card) if old else None, correct, now)
    memory = dict(state.memory)
    memory[item.id] = ItemMemory(card, due_at)
    document = getattr(item, "document", "") or getattr(getattr(item, "source", None), "document", "")
    attempt = Attempt(item.id, item.topic, document, bool(correct), kind)
    return LearnerState(estimates, responses, memory, state.session + (attempt,), overall, evidence)
