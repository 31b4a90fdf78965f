"""Settings the application learns and keeps in the database (the ranker's weights relearned by instructors)."""
from __future__ import annotations

import json
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import String, Text, select
from sqlalchemy.orm import Mapped, mapped_column

from quiz.storage.models import Base, UTCDateTime

if TYPE_CHECKING:  # the repository imports models, which import this module: no import cycle at run time
    from quiz.storage.repository import Bind

__all__ = ["SettingRow", "save_setting", "load_setting", "relearned_weights", "RANKER_WEIGHTS"]

RANKER_WEIGHTS = "ranker_weights"


class SettingRow(Base):
    """One named JSON value, with who set it and when."""

    __tablename__ = "settings"

    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())
    updated_by: Mapped[str] = mapped_column(String(200), default="")


def save_setting(bind: Bind, key: str, value: Any, *, by: str, now: datetime) -> None:
    """Store a JSON-serialisable value under a key, replacing the old one in one transaction."""
    from quiz.storage.repository import unit_of_work

    text = json.dumps(value, sort_keys=True)
    with unit_of_work(bind, write=True) as session:
        row = session.get(SettingRow, key)
        if row is None:
            session.add(SettingRow(key=key, value=text, updated_at=now, updated_by=by))
        else:
            row.value, row.updated_at, row.updated_by = text, now, by


def load_setting(bind: Bind, key: str, default: Any = None) -> Any:
    """Return the value stored under a key, or the default."""
    from quiz.storage.repository import unit_of_work

    with unit_of_work(bind) as session:
        row = session.scalar(select(SettingRow).where(SettingRow.key == key))
        return json.loads(row.value) if row is not None else default


def relearned_weights(bind: Bind) -> dict[str, float] | None:
    """The ranker's weights as an instructor last relearned them, over the shipped ones; None if never relearned."""
    from quiz.core.rank import DEFAULT_WEIGHTS

    stored = load_setting(bind, RANKER_WEIGHTS)
    if not stored or not isinstance(stored.get("weights"), dict):
        return None
    merged = dict(DEFAULT_WEIGHTS)
    merged.update({k: float(v) for k, v in stored["weights"].items() if k in DEFAULT_WEIGHTS})
    return merged
