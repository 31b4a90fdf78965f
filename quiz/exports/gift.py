"""Export the bank as Moodle GIFT text: one category per source text, one question per item."""
from __future__ import annotations

import re

from quiz.core.items import Bank, Document, Item

from ._common import (
    accepted_answers,
    category_path,
    cloze_parts,
    general_feedback,
    group_by_text,
    clean_text,
    mcq_options,
    one_line,
    right_feedback,
    truefalse_value,
    wrong_feedback,
)

GAP_MARK = "_____"
_ESCAPES = str.maketrans({
    "\\": "\\\\", "~": "\\~", "=": "\\=", "#": "\\#", "{": "\\{", "}": "\\}", ":": "\\:", "\n": "\\n",
})
# Moodle reads a leading "%50%" in an answer as a weight; a leading "[html]" etc. as a text format.
_WEIGHT = re.compile(r"^%-*[0-9]{1,2}\.?[0-9]*%")
_FORMAT = "[plain]"


def gift_escape(text: str) -> str:
    """Escape GIFT's reserved characters (\\ ~ = # { } :) and newlines."""
    return clean_text(text).translate(_ESCAPES)


def _text(text: str) -> str:
    # Our texts are plain: say so wherever Moodle would otherwise read a "[format]" prefix.
    escaped = gift_escape(text)
    return _FORMAT + escaped if escaped.startswith("[") else escaped


def _shortanswer_pattern(text: str) -> str:
    # In Moodle short answers "*" is a wildcard; "\*" is a literal asterisk.
    return clean_text(text).replace("*", "\\*")


def _weighted(answer: str, weight: str) -> str:
    return f"%{weight}%{answer}" if _WEIGHT.match(answer) else answer


def _header(item: Item, text: str) -> str:
    name = gift_escape(one_line(item.id))
    return f"// {one_line(item.id)} ({item.type}, {item.kind})\n::{name}::{_FORMAT}{text}"


def _general(item: Item, document: Document | None) -> str:
    return "####" + _text(general_feedback(item, document))


def _mcq(item: Item, document: Document | None) -> str:
    lines = [_header(item, gift_escape(item.prompt)) + "{"]
    for option, right in mcq_options(item):
        if right:
            lines.append(f"\t={_text(option)}#{_text(right_feedback(item))}")
        else:
            lines.append(f"\t~{_weighted(_text(option), '0')}#{_text(wrong_feedback(item))}")
    lines += ["\t" + _general(item, document), "}"]
    return "\n".join(lines)


def _truefalse(item: Item, document: Document | None) -> str:
    value = "T" if truefalse_value(item) else "F"
    wrong, right = _text(wrong_feedback(item)), _text(right_feedback(item))
    return _header(item, gift_escape(item.prompt)) + f"{{{value}#{wrong}#{right}{_general(item, document)}}}"


def _short(item: Item, document: Document | None, text: str) -> str:
    lines = [_header(item, text) + "{"]
    for answer in accepted_answers(item):
        lines.append("\t=" + _weighted(_text(_shortanswer_pattern(answer)), "100"))
    lines += ["\t" + _general(item, document), "}"]
    return "\n".join(lines)


def gift_question(item: Item, document: Document | None) -> str:
    """Write one item as a GIFT question (cloze becomes short answer with a "_____" gap)."""
    if item.type == "mcq":
        return _mcq(item, document)
    if item.type == "truefalse":
        return _truefalse(item, document)
    if item.type == "cloze":
        return _short(item, document, GAP_MARK.join(p.translate(_ESCAPES) for p in cloze_parts(item.prompt)))
    return _short(item, document, gift_escape(item.prompt))


def export_gift(bank: Bank, *, bank_name: str = "quiz") -> bytes:
    """Write the bank as GIFT (UTF-8): a $CATEGORY per source text, then its questions."""
    blocks = []
    for group in group_by_text(bank):
        # Moodle never unescapes a category line, so it must carry no backslash at all.
        path = category_path(bank_name.replace("\\", ""), group.title.replace("\\", ""))
        blocks.append(f"$CATEGORY: {path}")
        blocks += [gift_question(item, group.document) for item in group.items]
    return ("\n\n".join(blocks) + "\n").encode("utf-8")
