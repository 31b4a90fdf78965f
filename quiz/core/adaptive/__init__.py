"""The adaptive engine, pure: ability and difficulty (Rasch), memory (FSRS), next item, mastery.

See `quiz.core.adaptive.selector` for how measuring and practising are balanced.
"""
from __future__ import annotations

from quiz.core.adaptive.ability import AbilityEvidence, overall_estimate, topic_estimates
from quiz.core.adaptive.irt import Estimate, estimate_ability, information, p_correct, update_difficulty
from quiz.core.adaptive.memory import Evidence, item_evidence, recall_probability, review
from quiz.core.adaptive.progress import (
    MasteryInfo,
    MasteryRule,
    TopicEvidence,
    mastery,
    progress_summary,
    topic_bar,
    topic_evidence,
    topic_recall,
)
from quiz.core.adaptive.selector import Choice, PoolItem, SelectorConfig, predicted_success, select_next_item
from quiz.core.adaptive.state import Attempt, ItemMemory, LearnerState, apply_answer, attempt_kind

__all__ = [
    "AbilityEvidence", "Attempt", "overall_estimate", "Choice", "Estimate", "Evidence", "ItemMemory", "LearnerState", "MasteryInfo", "MasteryRule",
    "PoolItem", "SelectorConfig", "TopicEvidence", "apply_answer", "attempt_kind", "estimate_ability",
    "information", "item_evidence", "mastery", "p_correct", "predicted_success", "progress_summary", "recall_probability", "review",
    "select_next_item", "topic_bar", "topic_estimates", "topic_evidence", "topic_recall", "update_difficulty",
]
