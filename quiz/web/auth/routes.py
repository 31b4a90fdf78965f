"""Sign in and out: /login tries an instructor account, then a learner who set a password."""
from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from flask_login import login_user, logout_user

from quiz.web import get_engine
from quiz.web.auth import InstructorUser, bind_learner
from quiz.web.auth.forms import LoginForm, LogoutForm
from quiz.web.services import check_instructor_login, check_learner_login

bp = Blueprint("auth", __name__)


def _safe_next(target: str | None) -> str | None:
    """Return a same-site path to go to after signing in, or None (no open redirects)."""
    if not target:
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return None
    return target


@bp.route("/login", methods=["GET", "POST"])
def login() -> Any:
    """Show the sign-in form; on success renew the session and bind the account."""
    form = LoginForm()
    if form.validate_on_submit():
        engine = get_engine()
        instructor_id = check_instructor_login(engine, form.name.data, form.password.data)
        if instructor_id is not None:
            session.clear()
            login_user(InstructorUser(instructor_id, form.name.data.strip()))
            return redirect(_safe_next(request.args.get("next")) or "/instructor/")
        learner = check_learner_login(engine, form.name.data, form.password.data)
        if learner is not None:
            bind_learner(learner.id, renew=True)
            flash(f"Welcome back, {learner.name}. Your progress is here.", "success")
            return redirect(_safe_next(request.args.get("next")) or url_for("quiz.start"))
        form.password.errors.append("That name and password do not match an account.")
    return render_template("quiz/login.html", form=form)


@bp.route("/logout", methods=["POST"])
def logout() -> Any:
    """Sign out: forget the instructor and the learner bound to this browser."""
    form = LogoutForm()
    if form.validate_on_submit():
        logout_user()
        session.clear()
        flash("You are signed out.", "info")
    return redirect(url_for("quiz.start"))
