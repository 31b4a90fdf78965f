"""Sign-in forms."""
from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import PasswordField, StringField, SubmitField
from wtforms.validators import DataRequired, Length

__all__ = ["LoginForm", "LogoutForm"]


class LoginForm(FlaskForm):
    """Name and password, for instructors and for learners who set a password."""

    name = StringField("Name", validators=[DataRequired(), Length(max=200)],
                       render_kw={"autocomplete": "username", "autocapitalize": "none", "spellcheck": "false"})
    password = PasswordField("Password", validators=[DataRequired(), Length(max=200)],
                             render_kw={"autocomplete": "current-password"})
    submit = SubmitField("Sign in")


class LogoutForm(FlaskForm):
    """A bare form: signing out is a POST carrying the CSRF token."""

    submit = SubmitField("Sign out")
