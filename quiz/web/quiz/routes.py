"""The student's pages. Views read the form, call quiz.web.services, and render."""
from __future__ import annotations

from typing import Any
from urllib.parse import quote

from sqlalchemy.exc import SQLAlchemyError
from wtforms.validators import Length

from flask import Blueprint, Response, abort, current_app, flash, redirect, render_template, request, session, url_for

from quiz.web import get_engine, make_rng, utcnow
from quiz.web.auth import bind_learner, current_learner_id, forget_learner
from quiz.web.auth.forms import LogoutForm
from quiz.web.quiz.forms import AccountForm, AnswerForm, StartForm
from quiz.web import services

bp = Blueprint("quiz", __name__)


@bp.app_context_processor
def _globals() -> dict[str, Any]:
    learner_id = current_learner_id()
    named = False
    if learner_id is not None:
        try:
            named = services.learner_name(get_engine(), learner_id) is not None
        except SQLAlchemyError:  # an error page must render even when the database is down
            named = False
    # formdata=None: never parse the request body here (it may be the oversized body a 413 page answers).
    return {"learner_id": learner_id, "logout_form": LogoutForm(formdata=None), "learner_named": named}


def _learner_or_none() -> int | None:
    """Return the bound learner if they still exist (a stale cookie is forgotten)."""
    learner_id = current_learner_id()
    if learner_id is not None and not services.learner_exists(get_engine(), learner_id):
        forget_learner()
        return None
    return learner_id


def _sitting(learner_id: int) -> int:
    """Return this browser's open sitting for the learner, starting one if needed."""
    session_id = services.current_session(get_engine(), learner_id, session.get("quiz_session_id"), now=utcnow())
    session["quiz_session_id"] = session_id
    return session_id


@bp.get("/")
def start() -> Any:
    """The start page: begin or resume, with what is due and new."""
    learner_id = _learner_or_none()
    info = services.overview(get_engine(), learner_id, now=utcnow())
    return render_template("quiz/start.html", info=info, form=StartForm(), now=utcnow())


@bp.post("/start")
def begin() -> Any:
    """Create the anonymous learner on first use, then go to the next question."""
    form = StartForm()
    if not form.validate_on_submit():
        abort(400)
    learner_id = _learner_or_none()
    if learner_id is None:
        bind_learner(services.new_learner(get_engine(), now=utcnow()))
    return redirect(url_for("quiz.question"))


@bp.get("/quiz")
def question() -> Any:
    """Show the next question (the same one again until it is answered)."""
    learner_id = _learner_or_none()
    if learner_id is None:
        return redirect(url_for("quiz.start"))
    session_id = _sitting(learner_id)
    q = services.next_question(get_engine(), learner_id, session_id, now=utcnow(), rng=make_rng())
    if q is None:
        return render_template("quiz/done.html", info=services.overview(get_engine(), learner_id, now=utcnow()))
    form = AnswerForm(token=q.token)
    return render_template("quiz/question.html", q=q, form=form)


def _max_length(field: Any) -> int:
    """Return the Length(max=...) limit among a form field's validators."""
    return next(v.max for v in field.kwargs.get("validators", ()) if isinstance(v, Length))


# AnswerForm renders the question page; the answer view reads the same two fields without building the form
# (a WTForms form costs ~50 us, 5% of an answer), with AnswerForm's own limits.
_TOKEN_MAX, _RESPONSE_MAX = _max_length(AnswerForm.token), _max_length(AnswerForm.response)


def _answer_fields() -> tuple[str, str] | None:
    """Return the posted (token, response) if AnswerForm would accept them, else None."""
    form = request.form
    token, response = form.get("token"), form.get("response")
    if not token or not token.strip() or len(token) > _TOKEN_MAX:
        return None
    if response is not None and len(response) > _RESPONSE_MAX:
        return None
    return token, response or ""


def _feedback_url(token: str) -> str:
    """Return url_for("quiz.feedback", token=token), the URL's prefix built once per application root."""
    prefixes: dict[str, str] = current_app.extensions.setdefault("quiz.feedback_url", {})
    prefix = prefixes.get(request.script_root)
    if prefix is None:
        prefix = prefixes[request.script_root] = url_for("quiz.feedback", token="~")[:-1]
    return prefix + quote(token, safe="")


@bp.post("/quiz/answer")
def answer() -> Any:
    """Record an answer once per served token, then show its feedback (a resubmission shows the same)."""
    # The app-wide CSRFProtect has checked this POST's token before the view ran (a bad one never gets here).
    fields = _answer_fields()
    learner_id = current_learner_id()  # checked by submit_answer: the token must be served to this learner
    if learner_id is None or fields is None:
        _learner_or_none()
        abort(400)
    try:
        fb = services.submit_answer(get_engine(), learner_id, fields[0], fields[1], now=utcnow())
    except services.NotServed:
        _learner_or_none()  # a stale cookie (learner gone) is forgotten here, as on every other page
        abort(400)
    # A bare 303 (the body of flask.redirect's is never shown): the browser goes on to the feedback page.
    return Response(status=303, headers={"Location": _feedback_url(fb.token)})


@bp.get("/quiz/feedback/<token>")
def feedback(token: str) -> Any:
    """Show the feedback of one of the learner's own answers."""
    learner_id = _learner_or_none()
    fb = services.feedback_for(get_engine(), learner_id, token) if learner_id is not None else None
    if fb is None:
        abort(404)
    return render_template("quiz/feedback.html", fb=fb)


@bp.get("/progress")
def progress() -> Any:
    """Mastery per topic, counts, next review, streak, this sitting and a chart."""
    learner_id = _learner_or_none()
    if learner_id is None:
        return redirect(url_for("quiz.start"))
    data = services.progress(get_engine(), learner_id, session.get("quiz_session_id"), now=utcnow())
    return render_template("quiz/progress.html", p=data, now=utcnow())


@bp.get("/texts/<doc_id>")
def text(doc_id: str) -> Any:
    """Show a source text; cited sentences carry anchors #s-<start>, highlighted when targeted."""
    found = services.text_view(get_engine(), doc_id)
    if found is None:
        abort(404)
    doc, segments = found
    return render_template("quiz/text.html", doc=doc, segments=segments)


@bp.route("/account", methods=["GET", "POST"])
def account() -> Any:
    """Set a name and password so the learner can resume on another device."""
    learner_id = _learner_or_none()
    if learner_id is None:
        flash("Answer a first question, then save your progress here.", "info")
        return redirect(url_for("quiz.start"))
    form = AccountForm()
    if form.validate_on_submit():
        try:
            services.set_credentials(get_engine(), learner_id, form.name.data, form.password.data)
        except services.NameTaken:
            form.name.errors.append("That name is taken: choose another.")
        else:
            bind_learner(learner_id, renew=False)
            flash("Saved. Sign in with this name and password on any device to continue.", "success")
            return redirect(url_for("quiz.start"))
    info = services.overview(get_engine(), learner_id, now=utcnow())
    return render_template("quiz/account.html", form=form, info=info)


@bp.app_template_filter("when")
def _when(moment: Any) -> str:
    """Say when a (UTC) moment is, relative to now: "now", "in 5 hours", "in 3 days", "2 days ago"."""
    if moment is None:
        return "—"
    seconds = (moment - utcnow()).total_seconds()
    future, s = seconds >= 0, abs(seconds)
    if s < 60:
        return "now"
    for unit, size in (("day", 86400), ("hour", 3600), ("minute", 60)):
        if s >= size:
            n = int(s // size)
            text = f"{n} {unit}{'' if n == 1 else 's'}"
            return f"in {text}" if future else f"{text} ago"
    return "now"
