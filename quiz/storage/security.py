"""Sign-in throttling kept in the database, so every worker and every server sees the same counts."""
from __future__ import annotations

import hashlib
from datetime import datetime, timedelta

from sqlalchemy import Index, Integer, String, delete, func, select
from sqlalchemy.orm import Mapped, mapped_column

from quiz.storage.models import Base, UTCDateTime
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the repository imports models, which import this module: no import cycle at run time
    from quiz.storage.repository import Bind


def unit_of_work(bind, *, write: bool = False):
    """The repository's unit of work (imported late: see above)."""
    from quiz.storage.repository import unit_of_work as uow

    return uow(bind, write=write)

__all__ = ["LoginFailureRow", "login_key", "record_login_failure", "login_blocked", "clear_login_failures",
           "MAX_FAILURES", "WINDOW"]

MAX_FAILURES = 5  # failed sign-ins per name and address within WINDOW before further tries are refused
WINDOW = timedelta(minutes=15)


class LoginFailureRow(Base):
    """One failed sign-in, keyed by a hash of the name and the client address (no plain names stored)."""

    __tablename__ = "login_failures"
    __table_args__ = (Index("ix_login_failures_key_failed_at", "key", "failed_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    key: Mapped[str] = mapped_column(String(64))
    failed_at: Mapped[datetime] = mapped_column(UTCDateTime())


def login_key(name: str, address: str) -> str:
    """Return the throttling key of a (case-folded) sign-in name and a client address."""
    return hashlib.sha256(f"{name.strip().casefold()}\x1f{address}".encode("utf-8")).hexdigest()


def record_login_failure(bind: Bind, key: str, *, now: datetime, window: timedelta = WINDOW) -> int:
    """Store a failed sign-in, drop this key's expired ones, and return the failures within the window."""
    with unit_of_work(bind, write=True) as session:
        session.execute(delete(LoginFailureRow).where(LoginFailureRow.key == key,
                                                      LoginFailureRow.failed_at < now - window))
        session.add(LoginFailureRow(key=key, failed_at=now))
        session.flush()
        return session.scalar(select(func.count()).select_from(LoginFailureRow)
                              .where(LoginFailureRow.key == key)) or 0


def login_blocked(bind: Bind, key: str, *, now: datetime, limit: int = MAX_FAILURES,
                  window: timedelta = WINDOW) -> bool:
    """Say whether this key has failed `limit` times or more within the window."""
    with unit_of_work(bind) as session:
        count = session.scalar(select(func.count()).select_from(LoginFailureRow)
                               .where(LoginFailureRow.key == key, LoginFailureRow.failed_at >= now - window))
        return (count or 0) >= limit


def clear_login_failures(bind: Bind, key: str) -> None:
    """Forget this key's failures (after a successful sign-in)."""
    with unit_of_work(bind, write=True) as session:
        session.execute(delete(LoginFailureRow).where(LoginFailureRow.key == key))
