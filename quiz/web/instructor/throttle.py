"""Throttle sign-ins at /login per name and client address, counting failures in the database.

The sign-in view belongs to the auth blueprint; these app-wide hooks watch its POSTs: a refused sign-in
(the form shown again) counts as a failure, a redirect clears the count, and after MAX_FAILURES failures
within the window further tries get 429 without checking the password. Kept in the database, the counts are
shared by every worker and every server.
"""
from __future__ import annotations

from typing import Any

from flask import Blueprint, current_app, render_template, request

from quiz.storage.security import clear_login_failures, login_blocked, login_key, record_login_failure

__all__ = ["register_login_throttle", "LOGIN_ENDPOINT"]

LOGIN_ENDPOINT = "auth.login"


def _watched() -> bool:
    return request.method == "POST" and request.endpoint == LOGIN_ENDPOINT


def _key() -> str:
    return login_key(request.form.get("name", "")[:200], request.remote_addr or "")


def _before() -> Any:
    if not _watched():
        return None
    from quiz.web import get_engine, utcnow

    if login_blocked(get_engine(), _key(), now=utcnow()):
        return render_template("quiz/error.html", code=429, title="Too many attempts",
                               message="Too many failed sign-ins with this name. Wait a quarter of an hour "
                                       "and try again."), 429
    return None


def _after(response: Any) -> Any:
    if not _watched() or response.status_code == 429:
        return response
    from quiz.web import get_engine, utcnow

    try:
        if response.status_code in (302, 303):
            clear_login_failures(get_engine(), _key())
        elif response.status_code == 200:
            record_login_failure(get_engine(), _key(), now=utcnow())
    except Exception:  # a counting failure must not turn a sign-in into an error page
        current_app.logger.warning("could not update the sign-in failure count", exc_info=True)
    return response


def register_login_throttle(bp: Blueprint) -> None:
    """Attach the throttle to the app that registers `bp`."""
    bp.before_app_request(_before)
    bp.after_app_request(_after)
