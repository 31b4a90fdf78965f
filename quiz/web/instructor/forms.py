"""The instructor's forms: queue filters, review actions, item edits, uploads, ask, exports."""
from __future__ import annotations

from typing import Any

from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import (
    BooleanField,
    FloatField,
    HiddenField,
    IntegerField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional, ValidationError

from quiz.core.items import GAP, ITEM_KINDS, ITEM_TYPES, STATUSES

__all__ = ["options", "FilterForm", "ActionForm", "RejectForm", "BulkForm", "ItemEditForm", "RevertForm", "UploadForm",
           "AskForm", "ExportForm", "lines", "SORT_CHOICES"]

SORT_CHOICES = [("-quality", "Quality, best first"), ("quality", "Quality, worst first"),
                ("-updated", "Recently changed"), ("document", "Text order"),
                ("difficulty", "Easiest first"), ("-difficulty", "Hardest first"), ("-created", "Newest")]


def options(pairs: list[tuple[str, str]]) -> list[SelectChoice]:
    """Return select options from (value, label) pairs."""
    return [SelectChoice(value, label) for value, label in pairs]


def lines(text: str | None) -> list[str]:
    """Split a textarea into its non-empty, stripped lines."""
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def _tags(text: str | None) -> list[str]:
    parts = [p.strip() for line in (text or "").splitlines() for p in line.split(",")]
    return list(dict.fromkeys(p for p in parts if p))


class FilterForm(FlaskForm):
    """The review queue's filters (a GET form: no state changes, no CSRF token)."""

    class Meta:
        csrf = False

    q = StringField("Search", validators=[Optional(), Length(max=200)])
    document = SelectField("Text", choices=options([("", "All texts")]), validate_choice=False)
    type = SelectField("Type", choices=options([("", "Any type")] + [(t, t) for t in ITEM_TYPES]), validate_choice=False)
    kind = SelectField("Kind", choices=options([("", "Any kind")] + [(k, k) for k in ITEM_KINDS]), validate_choice=False)
    topic = SelectField("Topic", choices=options([("", "Any topic")]), validate_choice=False)
    status = SelectField("Status", choices=options([("", "Any status")] + [(s, s) for s in STATUSES]), validate_choice=False)
    min_quality = FloatField("Quality from", validators=[Optional(), NumberRange(0, 1)])
    max_quality = FloatField("to", validators=[Optional(), NumberRange(0, 1)])
    flagged = BooleanField("Flagged by statistics")
    sort = SelectField("Sort", choices=options(SORT_CHOICES), validate_choice=False)
    page = IntegerField("Page", validators=[Optional(), NumberRange(min=1, max=1_000_000)])


class ActionForm(FlaskForm):
    """A bare form for one-click actions (approve, regenerate, relearn): only the CSRF token."""

    submit = SubmitField("Go")


class RejectForm(FlaskForm):
    """Reject an item, saying why."""

    reason = StringField("Reason", validators=[Optional(), Length(max=500)],
                         render_kw={"placeholder": "why (kept with the item)"})
    submit = SubmitField("Reject")


class BulkForm(FlaskForm):
    """Approve or reject the checked items (ids come as repeated `ids` fields)."""

    action = SelectField("With the checked items", choices=options([("approve", "Approve"), ("reject", "Reject")]))
    reason = StringField("Reason", validators=[Optional(), Length(max=500)],
                         render_kw={"placeholder": "reason for rejecting"})
    submit = SubmitField("Apply")


class ItemEditForm(FlaskForm):
    """Edit an item's wording; validation keeps it a working item of its type."""

    item_type = HiddenField()
    prompt = TextAreaField("Question", validators=[DataRequired(), Length(max=2000)], render_kw={"rows": 3})
    answer = StringField("Answer", validators=[DataRequired(), Length(max=500)])
    accept = TextAreaField("Also accepted (one per line)", validators=[Optional(), Length(max=2000)],
                           render_kw={"rows": 3})
    choices = TextAreaField("Choices (one per line, including the answer)",
                            validators=[Optional(), Length(max=2000)], render_kw={"rows": 5})
    explanation = TextAreaField("Explanation", validators=[Optional(), Length(max=4000)], render_kw={"rows": 4})
    topic = StringField("Topic", validators=[Optional(), Length(max=200)])
    kind = SelectField("Kind", choices=options([(k, k) for k in ITEM_KINDS]))
    tags = StringField("Tags (comma-separated)", validators=[Optional(), Length(max=1000)])
    submit = SubmitField("Save changes")

    def validate_prompt(self, field: Any) -> None:
        if self.item_type.data == "cloze" and GAP not in (field.data or ""):
            raise ValidationError(f"A cloze question needs its gap: keep {GAP} where the answer goes.")
        if self.item_type.data != "cloze" and GAP in (field.data or ""):
            raise ValidationError(f"Only cloze questions have a {GAP}.")

    def validate_answer(self, field: Any) -> None:
        answer = (field.data or "").strip()
        if self.item_type.data == "truefalse" and answer not in ("True", "False"):
            raise ValidationError("A true/false answer is True or False.")

    def validate_choices(self, field: Any) -> None:
        if self.item_type.data != "mcq":
            if lines(field.data):
                raise ValidationError("Only multiple-choice questions have choices.")
            return
        choices = lines(field.data)
        if not 3 <= len(choices) <= 5:
            raise ValidationError("A multiple-choice question needs 3 to 5 choices, one per line.")
        folded = [c.casefold() for c in choices]
        if len(set(folded)) != len(folded):
            raise ValidationError("The choices must all be different.")
        answer = (self.answer.data or "").strip().casefold()
        right = sum(1 for c in folded if c == answer)
        if right != 1:
            raise ValidationError("Exactly one choice must be the answer (write it the same way).")

    def changes(self) -> dict[str, Any]:
        """Return the repository changes this form asks for."""
        out: dict[str, Any] = {
            "prompt": self.prompt.data.strip(),
            "answer": self.answer.data.strip(),
            "accept": lines(self.accept.data),
            "explanation": (self.explanation.data or "").strip(),
            "topic": (self.topic.data or "").strip(),
            "kind": self.kind.data,
            "tags": _tags(self.tags.data),
        }
        if self.item_type.data == "mcq":
            out["choices"] = lines(self.choices.data)
        return out


class RevertForm(FlaskForm):
    """Go back to an earlier version."""

    version = IntegerField(validators=[InputRequired(), NumberRange(min=1, max=1_000_000_000)])
    submit = SubmitField("Revert to this")


class UploadForm(FlaskForm):
    """Upload a text (txt, md, html, pdf) and optionally make questions right away."""

    file = FileField("Text file", validators=[FileRequired("Choose a file to upload.")],
                     render_kw={"accept": ".txt,.md,.markdown,.html,.htm,.pdf"})
    generate = BooleanField("Make questions now (regenerates the bank; takes a little while)", default=True)
    submit = SubmitField("Upload")


class AskForm(FlaskForm):
    """A span selected in a text: its start offset and its text."""

    start = IntegerField(default=0, validators=[InputRequired(), NumberRange(min=0, max=100_000_000)])
    text = StringField("Answer", validators=[DataRequired(), Length(max=300)])
    submit = SubmitField("Ask about this")


class ExportForm(FlaskForm):
    """Which export to download (a GET form)."""

    class Meta:
        csrf = False

    fmt = SelectField("Format", choices=options([("json", "JSON (bank contract)"), ("csv", "CSV"), ("gift", "Moodle GIFT"),
                                         ("moodle", "Moodle XML"), ("qti", "QTI 1.2 zip (Canvas)"),
                                         ("anki", "Anki deck (.apkg)")]))
    scope = SelectField("Items", choices=options([("approved", "Approved only"),
                                                  ("all", "All (drafts and rejected too)")]))
    document = SelectField("Text", choices=options([("", "Whole bank")]), validate_choice=False)
    submit = SubmitField("Download")
