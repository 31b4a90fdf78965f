"""Export the bank as Moodle XML: a category per source text, then one question per item."""
from __future__ import annotations

import html
from xml.sax.saxutils import escape as xml_escape
from xml.sax.saxutils import quoteattr

from quiz.core.items import Bank, Document, Item

from ._common import (
    accepted_answers,
    category_path,
    clean_text,
    cloze_parts,
    general_feedback,
    group_by_text,
    mcq_options,
    one_line,
    right_feedback,
    truefalse_value,
    wrong_feedback,
)

_CLOZE_ESCAPES = str.maketrans({c: "\\" + c for c in '\\}#~/"*'})
# Outside a cloze gap a "{" could start a subquestion ("{1:MC:..."): write braces as entities there.
_BRACE_ENTITIES = str.maketrans({"{": "&#123;", "}": "&#125;"})


def cdata(text: str) -> str:
    """Wrap text in CDATA, splitting any "]]>" inside it across two sections."""
    return "<![CDATA[" + text.replace("]]>", "]]]]><![CDATA[>") + "]]>"


def _inline_html(text: str) -> str:
    return "<br>\n".join(html.escape(line, quote=False) for line in text.split("\n"))


def plain_to_html(text: str) -> str:
    """Render plain text as one HTML paragraph, newlines as <br>."""
    return "<p>" + _inline_html(clean_text(text)) + "</p>"


def cloze_escape(answer: str) -> str:
    """Escape a cloze answer per Moodle's rules (\\ } # ~ / " with a backslash; * is a wildcard)."""
    escaped = html.escape(clean_text(answer).translate(_CLOZE_ESCAPES), quote=False)
    # Moodle ends an answer at a ~ # } not preceded by "\\", "&" or "&amp;": write "&" as "&#38;", and a
    # trailing backslash as "&#92;", so the delimiter after the answer is always seen.
    escaped = escaped.replace("&amp;", "&#38;")
    if escaped.endswith("\\\\"):
        escaped = escaped[:-2] + "&#92;"
    return escaped


def _text(value: str) -> str:
    return f"<text>{xml_escape(value)}</text>"


def _html_block(tag: str, html_text: str, indent: str = "    ") -> str:
    return f'{indent}<{tag} format="html"><text>{cdata(html_text)}</text></{tag}>'


def _answer(fraction: int, text_xml: str, feedback: str, fmt: str) -> str:
    return (
        f'    <answer fraction="{fraction}" format="{fmt}">\n      {text_xml}\n'
        f'  {_html_block("feedback", plain_to_html(feedback) if feedback else "")}\n    </answer>'
    )


def _common_head(item: Item, document: Document | None, question_html: str) -> list[str]:
    return [
        f"    <name>{_text(one_line(item.id))}</name>",
        _html_block("questiontext", question_html),
        _html_block("generalfeedback", plain_to_html(general_feedback(item, document))),
        "    <defaultgrade>1</defaultgrade>",
        "    <penalty>0.3333333</penalty>",
        "    <hidden>0</hidden>",
        f"    <idnumber>{xml_escape(one_line(item.id))}</idnumber>",
    ]


def _tags(item: Item) -> list[str]:
    tags = [t for t in (one_line(t) for t in item.tags) if t]
    if not tags:
        return []
    return ["    <tags>", *(f"      <tag>{_text(t)}</tag>" for t in tags), "    </tags>"]


def _mcq(item: Item, document: Document | None) -> list[str]:
    lines = _common_head(item, document, plain_to_html(item.prompt)) + [
        "    <single>true</single>",
        "    <shuffleanswers>true</shuffleanswers>",
        "    <answernumbering>abc</answernumbering>",
        _html_block("correctfeedback", ""),
        _html_block("partiallycorrectfeedback", ""),
        _html_block("incorrectfeedback", ""),
    ]
    for option, right in mcq_options(item):
        feedback = right_feedback(item) if right else wrong_feedback(item)
        lines.append(_answer(100 if right else 0, f"<text>{cdata(html.escape(option, quote=False))}</text>",
                             feedback, "html"))
    return lines


def _truefalse(item: Item, document: Document | None) -> list[str]:
    value = truefalse_value(item)
    lines = _common_head(item, document, plain_to_html(item.prompt))
    for word, is_true in (("true", True), ("false", False)):
        right = is_true == value
        lines.append(_answer(100 if right else 0, _text(word),
                             right_feedback(item) if right else wrong_feedback(item), "moodle_auto_format"))
    return lines


def _shortanswer(item: Item, document: Document | None) -> list[str]:
    lines = _common_head(item, document, plain_to_html(item.prompt)) + ["    <usecase>0</usecase>"]
    for answer in accepted_answers(item):
        # "*" is a wildcard in Moodle short answers; "\*" matches a literal asterisk.
        lines.append(_answer(100, _text(answer.replace("*", "\\*")), "", "moodle_auto_format"))
    return lines


def cloze_gap(item: Item) -> str:
    """Write the embedded short-answer subquestion for a cloze item's gap."""
    return "{1:SHORTANSWER:" + "~".join("=" + cloze_escape(a) for a in accepted_answers(item)) + "}"


def _cloze(item: Item, document: Document | None) -> list[str]:
    parts = [_inline_html(p).translate(_BRACE_ENTITIES) for p in cloze_parts(item.prompt)]
    return _common_head(item, document, "<p>" + cloze_gap(item).join(parts) + "</p>")


_WRITERS = {"mcq": ("multichoice", _mcq), "truefalse": ("truefalse", _truefalse),
            "short": ("shortanswer", _shortanswer), "cloze": ("cloze", _cloze)}


def moodle_question(item: Item, document: Document | None) -> str:
    """Write one item as a Moodle XML <question> element."""
    qtype, writer = _WRITERS.get(item.type, _WRITERS["short"])
    body = "\n".join(writer(item, document) + _tags(item))
    return f"  <question type={quoteattr(qtype)}>\n{body}\n  </question>"


def _category(path: str) -> str:
    return (
        '  <question type="category">\n'
        f"    <category>{_text(path)}</category>\n"
        '    <info format="html"><text></text></info>\n'
        "  </question>"
    )


def export_moodle(bank: Bank, *, bank_name: str = "quiz") -> bytes:
    """Write the bank as Moodle XML (UTF-8)."""
    parts = ['<?xml version="1.0" encoding="UTF-8"?>', "<quiz>"]
    for group in group_by_text(bank):
        parts.append(_category(category_path(bank_name, group.title)))
        parts += [moodle_question(item, group.document) for item in group.items]
    parts.append("</quiz>")
    return ("\n".join(parts) + "\n").encode("utf-8")
