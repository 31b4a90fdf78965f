"""The adaptive engine, pure: ability and difficulty (Rasch), memory (FSRS), next item, mastery.

See `quiz.core.adaptive.selector` for how measuring and practising are balanced.
"""
from __future__ import annotations

from quiz.core.adaptive.irt import Estimate, estimate_ability, information, p_correct, update_difficulty
from quiz.core.adaptive.memory import recall_probability, review
from quiz.core.adaptive.selector import (
    Choice,
    MasteryInfo,
    PoolItem,
    SelectorConfig,
    mastery,
    progress_summary,
    select_next_item,
    topic_recall,
)
from quiz.core.adaptive.state import Attempt, ItemMemory, LearnerState, apply_answer, attempt_kind

__all__ = [
    "Attempt", "Choice", "Estimate", "ItemMemory", "LearnerState", "MasteryInfo", "PoolItem", "SelectorConfig",
    "apply_answer", "attempt_kind", "estimate_ability", "information", "mastery", "p_correct",
    "progress_summary", "recall_probability", "review", "select_next_item", "topic_recall", "update_difficulty",
]
