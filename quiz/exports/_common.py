"""Shared helpers for the exporters: grouping by text, provenance wording, cloze gaps, safe text."""
from __future__ import annotations

import re
from dataclasses import dataclass

from quiz.core.items import GAP, Bank, Document, Item

# Characters XML 1.0 cannot carry at all (not even in CDATA); LMS importers choke on them too.
_UNSAFE_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True)
class TextGroup:
    """The items made from one text, with the text's display title."""

    title: str
    document: Document | None
    items: tuple[Item, ...]


def clean_text(text: str) -> str:
    """Normalise line endings, drop characters XML cannot carry, and strip the ends."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _UNSAFE_CHARS.sub("", text).strip()


def one_line(text: str) -> str:
    """Collapse all whitespace (newlines included) to single spaces."""
    return _SPACES.sub(" ", clean_text(text)).strip()


def document_title(document: Document | None, doc_id: str) -> str:
    """Name a text for people: its title, else its path, else its id."""
    if document is None:
        return f"Unknown text {doc_id}".strip()
    return one_line(document.title) or one_line(document.path) or document.id


def group_by_text(bank: Bank) -> list[TextGroup]:
    """Group items by source text, texts in bank order, items in bank order; drop empty texts."""
    docs = {d.id: d for d in bank.documents}
    order = [d.id for d in bank.documents]
    order += list(dict.fromkeys(i.source.document for i in bank.items if i.source.document not in docs))
    groups = []
    for doc_id in order:
        items = tuple(i for i in bank.items if i.source.document == doc_id)
        if items:
            doc = docs.get(doc_id)
            groups.append(TextGroup(document_title(doc, doc_id), doc, items))
    return groups


def source_line(item: Item, document: Document | None) -> str:
    """Cite where an item comes from: text title, author and date, and the sentence."""
    title = document_title(document, item.source.document)
    byline = ", ".join(x for x in (one_line(document.author), one_line(document.date)) if x) if document else ""
    where = f"{title} ({byline})" if byline else title
    return f'Source: {where}: "{clean_text(item.source.sentence)}"'


def general_feedback(item: Item, document: Document | None) -> str:
    """Return the feedback shown after any answer: the explanation, then the source."""
    return "\n".join(x for x in (clean_text(item.explanation), source_line(item, document)) if x)


def right_feedback(item: Item) -> str:
    """Feedback for a right answer."""
    return "Correct."


def wrong_feedback(item: Item) -> str:
    """Feedback for a wrong answer: name the right one."""
    return f"Not quite: the answer is {clean_text(item.answer)}."


def cloze_parts(prompt: str) -> list[str]:
    """Split a cloze prompt around its gaps (a prompt without a gap gets one at the end)."""
    parts = clean_text(prompt).split(GAP)
    if len(parts) == 1:
        parts = [parts[0] + " ", ""]
    return parts


def accepted_answers(item: Item) -> list[str]:
    """Return the answer and its accepted variants, cleaned, without blanks or repeats."""
    out = [clean_text(a) for a in (item.answer, *item.accept)]
    return list(dict.fromkeys(a for a in out if a))


def mcq_options(item: Item) -> list[tuple[str, bool]]:
    """Return (option, is_right) pairs in the item's order; the answer is added if missing."""
    answer = clean_text(item.answer)
    options = list(dict.fromkeys(c for c in (clean_text(c) for c in item.choices) if c))
    if answer not in options:
        options.append(answer)
    return [(o, o == answer) for o in options]


def truefalse_value(item: Item) -> bool:
    """Return the truth value of a true/false item."""
    return clean_text(item.answer).lower() in ("true", "t", "yes")


def category_segment(text: str) -> str:
    """Make one Moodle category path segment (a '/' inside a name is written '//')."""
    return one_line(text).replace("/", "//") or "untitled"


def category_path(bank_name: str, title: str) -> str:
    """Return the Moodle category path for a text's items."""
    return f"$course$/top/{category_segment(bank_name)}/{category_segment(title)}"


def slugify(text: str) -> str:
    """Make a file-name-safe slug: lower-case letters and digits (any script) joined by dashes."""
    slug = re.sub(r"[\W_]+", "-", text).strip("-").lower()
    return slug or "quiz"
