"""SQLAlchemy 2 models of the bank (documents, items, item versions); Alembic migrations define the schema."""
from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.types import TypeDecorator

__all__ = [
    "Base",
    "UTCDateTime",
    "DocumentRow",
    "ItemRow",
    "ItemVersionRow",
    "LearnerRow",
    "InstructorRow",
    "QuizSessionRow",
    "AttemptRow",
    "ServedRow",
    "ItemMemoryRow",
    "TopicEstimateRow",
    "ItemCalibrationRow",
    "ITEM_ACTIONS",
]

ITEM_ACTIONS = ("generated", "edited", "approved", "rejected", "reverted", "retired")

NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UTCDateTime(TypeDecorator):
    """A timezone-aware UTC datetime on every backend (SQLite drops the offset; we put it back)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime: pass a timezone-aware UTC datetime")
        value = value.astimezone(timezone.utc)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=timezone.utc)
        return value.astimezone(timezone.utc)


class Base(DeclarativeBase):
    """Declarative base with a naming convention, so migrations name constraints the same way."""

    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map = {datetime: UTCDateTime(), dict[str, Any]: JSON(), list[Any]: JSON()}


class DocumentRow(Base):
    """A cleaned source text."""

    __tablename__ = "documents"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    title: Mapped[str] = mapped_column(Text, default="")
    path: Mapped[str] = mapped_column(Text, default="")
    sha256: Mapped[str] = mapped_column(String(64), default="")
    words: Mapped[int] = mapped_column(Integer, default=0)
    author: Mapped[str] = mapped_column(Text, default="")
    date: Mapped[str] = mapped_column(String(64), default="")
    format: Mapped[str] = mapped_column(String(16), default="txt")
    text: Mapped[str] = mapped_column(Text, default="")
    removed: Mapped[list[Any]] = mapped_column(JSON, default=list)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())


class ItemRow(Base):
    """One question item with its review state."""

    __tablename__ = "items"
    __table_args__ = (
        CheckConstraint("status IN ('draft', 'approved', 'rejected')", name="status"),
        CheckConstraint("type IN ('cloze', 'mcq', 'short', 'truefalse')", name="type"),
        CheckConstraint("kind IN ('fact', 'argument', 'definition')", name="kind"),
        Index("ix_items_status", "status"),
        Index("ix_items_document_id", "document_id"),
        Index("ix_items_topic", "topic"),
    )

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    document_id: Mapped[str] = mapped_column(String(64), ForeignKey("documents.id"))
    type: Mapped[str] = mapped_column(String(16))
    kind: Mapped[str] = mapped_column(String(16))
    prompt: Mapped[str] = mapped_column(Text)
    answer: Mapped[str] = mapped_column(Text)
    choices: Mapped[list[Any]] = mapped_column(JSON, default=list)
    accept: Mapped[list[Any]] = mapped_column(JSON, default=list)
    explanation: Mapped[str] = mapped_column(Text, default="")
    source_sentence: Mapped[str] = mapped_column(Text)
    source_start: Mapped[int] = mapped_column(Integer)
    source_end: Mapped[int] = mapped_column(Integer)
    topic: Mapped[str] = mapped_column(String(200), default="")
    tags: Mapped[list[Any]] = mapped_column(JSON, default=list)
    difficulty: Mapped[float] = mapped_column(Float, default=0.0)
    quality: Mapped[float] = mapped_column(Float, default=0.5)
    status: Mapped[str] = mapped_column(String(16), default="draft")
    retired: Mapped[bool] = mapped_column(Boolean, default=False)
    edited: Mapped[bool] = mapped_column(Boolean, default=False)
    reject_reason: Mapped[str | None] = mapped_column(Text, nullable=True)
    generator: Mapped[str] = mapped_column(String(64), default="")
    features: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())


class ItemVersionRow(Base):
    """A snapshot of an item after each change, for history and revert."""

    __tablename__ = "item_versions"
    __table_args__ = (
        UniqueConstraint("item_id", "version"),
        CheckConstraint(
            "action IN ('generated', 'edited', 'approved', 'rejected', 'reverted', 'retired')", name="action"
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    item_id: Mapped[str] = mapped_column(String(64), ForeignKey("items.id", ondelete="CASCADE"))
    version: Mapped[int] = mapped_column(Integer)
    snapshot: Mapped[dict[str, Any]] = mapped_column(JSON)
    changed_by: Mapped[str] = mapped_column(String(200), default="")
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime())
    action: Mapped[str] = mapped_column(String(16))


# --- learning data (migration 0002) -------------------------------------------------------------------------

class LearnerRow(Base):
    """A student: anonymous (no name) or with a name and password."""

    __tablename__ = "learners"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    name: Mapped[str | None] = mapped_column(String(200), unique=True, nullable=True)
    password_hash: Mapped[str | None] = mapped_column(String(400), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class InstructorRow(Base):
    """An instructor account."""

    __tablename__ = "instructors"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    username: Mapped[str] = mapped_column(String(200), unique=True)
    password_hash: Mapped[str] = mapped_column(String(400))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class QuizSessionRow(Base):
    """One sitting of a learner."""

    __tablename__ = "quiz_sessions"
    __table_args__ = (Index("ix_quiz_sessions_learner_id_started_at", "learner_id", "started_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    learner_id: Mapped[int] = mapped_column(Integer, ForeignKey("learners.id", ondelete="CASCADE"))
    started_at: Mapped[datetime] = mapped_column(UTCDateTime())
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)


class ServedRow(Base):
    """An item shown to a learner, with the one-time token its answer must carry."""

    __tablename__ = "served"
    __table_args__ = (Index("ix_served_learner_id_served_at", "learner_id", "served_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    learner_id: Mapped[int] = mapped_column(Integer, ForeignKey("learners.id", ondelete="CASCADE"))
    item_id: Mapped[str] = mapped_column(String(64), ForeignKey("items.id"))
    session_id: Mapped[int | None] = mapped_column(
        Integer, ForeignKey("quiz_sessions.id", ondelete="SET NULL"), nullable=True)
    token: Mapped[str] = mapped_column(String(128), unique=True)
    served_at: Mapped[datetime] = mapped_column(UTCDateTime())
    answered: Mapped[bool] = mapped_column(Boolean, default=False)


class AttemptRow(Base):
    """One answer; `served_token` is unique so a double submit is stored once."""

    __tablename__ = "attempts"
    __table_args__ = (
        Index("ix_attempts_learner_id_answered_at", "learner_id", "answered_at"),
        Index("ix_attempts_item_id", "item_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    learner_id: Mapped[int] = mapped_column(Integer, ForeignKey("learners.id", ondelete="CASCADE"))
    session_id: Mapped[int | None] = mapped_column(
        Integer, ForeignKey("quiz_sessions.id", ondelete="SET NULL"), nullable=True)
    item_id: Mapped[str] = mapped_column(String(64), ForeignKey("items.id"))
    response: Mapped[str] = mapped_column(Text, default="")
    correct: Mapped[bool] = mapped_column(Boolean)
    score: Mapped[float] = mapped_column(Float)
    almost: Mapped[bool] = mapped_column(Boolean, default=False)
    chosen: Mapped[str | None] = mapped_column(Text, nullable=True)
    answered_at: Mapped[datetime] = mapped_column(UTCDateTime())
    duration_ms: Mapped[int | None] = mapped_column(Integer, nullable=True)
    served_token: Mapped[str | None] = mapped_column(String(128), unique=True, nullable=True)


class ItemMemoryRow(Base):
    """A learner's FSRS memory state for one item."""

    __tablename__ = "item_memory"
    __table_args__ = (Index("ix_item_memory_learner_id_due_at", "learner_id", "due_at"),)

    learner_id: Mapped[int] = mapped_column(Integer, ForeignKey("learners.id", ondelete="CASCADE"),
                                            primary_key=True)
    item_id: Mapped[str] = mapped_column(String(64), ForeignKey("items.id"), primary_key=True)
    card: Mapped[dict[str, Any]] = mapped_column(JSON)
    due_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    last_review_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    reps: Mapped[int] = mapped_column(Integer, default=0)
    lapses: Mapped[int] = mapped_column(Integer, default=0)


class TopicEstimateRow(Base):
    """A learner's ability estimate on one topic."""

    __tablename__ = "topic_estimates"

    learner_id: Mapped[int] = mapped_column(Integer, ForeignKey("learners.id", ondelete="CASCADE"),
                                            primary_key=True)
    topic: Mapped[str] = mapped_column(String(200), primary_key=True)
    theta: Mapped[float] = mapped_column(Float, default=0.0)
    se: Mapped[float] = mapped_column(Float, default=1.0)
    n: Mapped[int] = mapped_column(Integer, default=0)


class ItemCalibrationRow(Base):
    """An item's difficulty as estimated from learners' first attempts."""

    __tablename__ = "item_calibration"

    item_id: Mapped[str] = mapped_column(String(64), ForeignKey("items.id"), primary_key=True)
    difficulty: Mapped[float] = mapped_column(Float, default=0.0)
    n_first_attempts: Mapped[int] = mapped_column(Integer, default=0)


# Tables defined beside the code that uses them, imported here so that Base.metadata is complete.
from quiz.storage import security as _security  # noqa: E402,F401
from quiz.storage import settings as _settings  # noqa: E402,F401
