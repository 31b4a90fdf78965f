"""The student's forms: start, answer, account."""
from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import HiddenField, PasswordField, StringField, SubmitField
from wtforms.validators import DataRequired, EqualTo, Length, Regexp

__all__ = ["StartForm", "AnswerForm", "AccountForm", "MAX_RESPONSE"]

MAX_RESPONSE = 500


class StartForm(FlaskForm):
    """Begin (or continue) practising; creates the anonymous learner on first use."""

    submit = SubmitField("Start practising")


class AnswerForm(FlaskForm):
    """One answer: the served token and the response (a choice or typed text)."""

    token = HiddenField(validators=[DataRequired(), Length(max=128)])
    response = StringField("Your answer", validators=[Length(max=MAX_RESPONSE)])
    submit = SubmitField("Check")


class AccountForm(FlaskForm):
    """A name and password, so the learner can resume on another device."""

    name = StringField("Name", validators=[DataRequired(), Length(min=2, max=60),
                                           Regexp(r"^[\w .'-]+$", message="Use letters, digits, spaces, . ' or -.")],
                       render_kw={"autocomplete": "username", "autocapitalize": "none", "spellcheck": "false"})
    password = PasswordField("Password", validators=[DataRequired(), Length(min=8, max=200)],
                             render_kw={"autocomplete": "new-password"})
    confirm = PasswordField("Repeat the password",
                            validators=[DataRequired(), EqualTo("password", message="The passwords differ.")],
                            render_kw={"autocomplete": "new-password"})
    submit = SubmitField("Save")
