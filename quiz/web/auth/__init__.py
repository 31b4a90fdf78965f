"""Who is asking: instructors sign in through Flask-Login; learners are bound to the signed session cookie."""
from __future__ import annotations

from functools import wraps
from typing import Any, Callable, TypeVar

from flask import abort, session
from flask_login import LoginManager, UserMixin, current_user

__all__ = ["login_manager", "InstructorUser", "instructor_required", "current_learner_id", "bind_learner",
           "forget_learner"]

F = TypeVar("F", bound=Callable[..., Any])

login_manager = LoginManager()
login_manager.login_view = "auth.login"
login_manager.login_message = "Please sign in to see that page."
login_manager.session_protection = "basic"


class InstructorUser(UserMixin):
    """A signed-in instructor, as Flask-Login sees them (id "instructor:<n>")."""

    is_instructor = True

    def __init__(self, instructor_id: int, username: str) -> None:
        self.instructor_id = instructor_id
        self.username = username

    def get_id(self) -> str:
        return f"instructor:{self.instructor_id}"


@login_manager.user_loader
def _load_user(user_id: str) -> InstructorUser | None:
    from quiz.storage.learning import get_instructor
    from quiz.web import get_engine

    kind, _, number = user_id.partition(":")
    if kind != "instructor" or not number.isdigit():
        return None
    instructor = get_instructor(get_engine(), int(number))
    return None if instructor is None else InstructorUser(instructor.id, instructor.username)


def instructor_required(view: F) -> F:
    """Let only signed-in instructors through: anonymous users go to /login, anyone else gets 403."""

    @wraps(view)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        if not current_user.is_authenticated:
            return login_manager.unauthorized()
        if not getattr(current_user, "is_instructor", False):
            abort(403)
        return view(*args, **kwargs)

    return wrapped  # type: ignore[return-value]


def current_learner_id() -> int | None:
    """Return the learner bound to this browser's session cookie, or None."""
    value = session.get("learner_id")
    return int(value) if isinstance(value, int) else None


def bind_learner(learner_id: int, *, renew: bool = False) -> None:
    """Bind a learner to the session cookie (renew: drop everything else first, as at a login)."""
    if renew:
        session.clear()
    session["learner_id"] = int(learner_id)
    session.permanent = True


def forget_learner() -> None:
    """Drop the learner and their sitting from the session cookie."""
    session.pop("learner_id", None)
    session.pop("quiz_session_id", None)
