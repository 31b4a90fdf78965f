"""A GIFT reader for tests that follows Moodle's import rules (qformat_gift::readquestion).

Blocks are separated by blank lines, lines are trimmed, `//` lines are comments; escapes `\\\\ \\: \\# \\= \\{
\\} \\~ \\n` are swapped for placeholders before parsing and restored after; `$CATEGORY:` blocks switch the
category; `::name::` names a question; the answer block is the first `{` to the first `}`; `####` starts
the general feedback; a `[format]` prefix sets a text's format; types are told apart as Moodle does.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

_BACKSLASH = "\ue000"
_ESCAPES = {"\\:": "\ue001", "\\#": "\ue002", "\\=": "\ue003", "\\{": "\ue004", "\\}": "\ue005",
            "\\~": "\ue006", "\\n": "\ue007"}
_RESTORE = {"\ue001": ":", "\ue002": "#", "\ue003": "=", "\ue004": "{", "\ue005": "}", "\ue006": "~", "\ue007": "\n"}
_WEIGHT = re.compile(r"^%-*([0-9]{1,2})\.?([0-9]*)%")
_FORMATS = ("moodle", "html", "plain", "markdown")
_PHP_TRIM = " \t\n\r\0\x0b"


class GiftError(ValueError):
    """The text is not valid GIFT (Moodle would refuse it)."""


@dataclass
class Answer:
    text: str
    fraction: float
    feedback: str = ""


@dataclass
class GiftQuestion:
    qtype: str
    category: str
    name: str
    text: str
    text_format: str = "moodle"
    general_feedback: str = ""
    answers: list[Answer] = field(default_factory=list)
    correct: bool | None = None  # true/false questions only
    feedback_true: str = ""
    feedback_false: str = ""


def _trim(text: str) -> str:
    return text.strip(_PHP_TRIM)


def _pre(text: str) -> str:
    text = text.replace("\\\\", _BACKSLASH)
    for escaped, placeholder in _ESCAPES.items():
        text = text.replace(escaped, placeholder)
    return text.replace(_BACKSLASH, "\\")


def _post(text: str) -> str:
    for placeholder, char in _RESTORE.items():
        text = text.replace(placeholder, char)
    return text


def _with_format(text: str, default: str = "moodle") -> tuple[str, str]:
    fmt = default
    if text.startswith("["):
        end = text.find("]")
        if end > 0 and text[1:end] in _FORMATS:
            fmt, text = text[1:end], text[end + 1:]
    return _trim(_post(text)), fmt


def _weight(answer: str) -> tuple[float, str]:
    answer = answer[1:]
    end = answer.find("%")
    return float(answer[:end]) / 100, answer[end + 1:]


def _comment(answer: str, fmt: str) -> tuple[str, str]:
    bits = answer.split("#", 1)
    text, _ = _with_format(_trim(bits[0]), fmt)
    feedback = _with_format(_trim(bits[1]), fmt)[0] if len(bits) > 1 else ""
    return text, feedback


def _split_answers(answertext: str, sep: str) -> list[str]:
    answers = answertext.split(sep)
    answers[0] = _trim(answers[0])
    if not answers[0]:
        answers.pop(0)
    return [_trim(a) for a in answers]


def read_question(lines: list[str], category: str) -> GiftQuestion | None:
    """Read one block of lines into a question (qtype "category" for a category switch)."""
    lines = [" " if _trim(line).startswith("//") else line for line in lines]
    text = _trim("\n".join(lines))
    if not text:
        return None
    text = _pre(text)
    if text.startswith("$CATEGORY:"):
        return GiftQuestion("category", _trim(text[10:]), "", "")
    name = ""
    if text.startswith("::"):
        text = text[2:]
        end = text.find("::")
        if end != -1:
            name, text = _trim(_post(text[:end])), _trim(text[end + 2:])
    start, finish = text.find("{"), text.find("}")
    if start == -1 and finish == -1:
        qtext, fmt = _with_format(text)
        return GiftQuestion("description", category, name, qtext, fmt)
    if start == -1 or finish == -1 or finish < start:
        raise GiftError(f"unbalanced braces in {text!r}")
    answertext = _trim(text[start + 1:finish])
    blank = "" if text.endswith("}") else "_____"
    questiontext = text[:start] + blank + text[finish + 1:]
    general = ""
    gf = answertext.rfind("####")
    if gf != -1:
        general, answertext = answertext[gf + 4:], _trim(answertext[:gf])
    qtext, fmt = _with_format(questiontext)
    q = GiftQuestion("", category, name, qtext, fmt, _with_format(general, fmt)[0])
    if answertext == "":
        q.qtype = "essay"
    elif answertext[0] == "#":
        q.qtype = "numerical"
    elif "~" in answertext:
        q.qtype = "multichoice"
        for answer in _split_answers(answertext.replace("=", "~="), "~"):
            if answer.startswith("="):
                fraction, answer = 1.0, answer[1:]
            elif _WEIGHT.match(answer):
                fraction, answer = _weight(answer)
            else:
                fraction = 0.0
            q.answers.append(Answer(*_reorder(_comment(answer, fmt), fraction)))
        if len(q.answers) < 2:
            raise GiftError("a multiple choice question needs two answers")
    elif "=" in answertext and "->" in answertext:
        q.qtype = "match"
    elif _trim(answertext.split("#", 1)[0]) in ("T", "TRUE", "F", "FALSE"):
        q.qtype = "truefalse"
        bits = answertext.split("#", 2) + ["", ""]
        value = _trim(bits[0]) in ("T", "TRUE")
        wrong, right = _with_format(_trim(bits[1]), fmt)[0], _with_format(_trim(bits[2]), fmt)[0]
        q.correct = value
        q.feedback_true, q.feedback_false = (right, wrong) if value else (wrong, right)
    else:
        q.qtype = "shortanswer"
        for answer in _split_answers(answertext, "="):
            fraction = 1.0
            if _WEIGHT.match(answer):
                fraction, answer = _weight(answer)
            text_, feedback = _comment(answer, fmt)
            q.answers.append(Answer(text_, fraction, feedback))
        if not q.answers:
            raise GiftError("a short answer question needs an answer")
    return q


def _reorder(parsed: tuple[str, str], fraction: float) -> tuple[str, float, str]:
    return parsed[0], fraction, parsed[1]


def parse_gift(text: str) -> list[GiftQuestion]:
    """Read a GIFT file: category switches and questions, in order."""
    questions: list[GiftQuestion] = []
    category = ""
    block: list[str] = []
    for line in text.split("\n") + [""]:
        if _trim(line):
            block.append(_trim(line))
            continue
        if block:
            q = read_question(block, category)
            block = []
            if q is not None:
                if q.qtype == "category":
                    category = q.category
                questions.append(q)
    return questions
