"""Moodle XML export: parsed back with xml.etree, the questions, answers and feedback are the bank's."""
from __future__ import annotations

import html
import re
import xml.etree.ElementTree as ET

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from special_bank import make_special_bank
from quiz.core.items import GAP, Bank
from quiz.exports import export_moodle
from quiz.exports._common import (
    accepted_answers,
    category_path,
    clean_text,
    cloze_parts,
    general_feedback,
    group_by_text,
    mcq_options,
    right_feedback,
    truefalse_value,
    wrong_feedback,
)
from quiz.exports.moodle_xml import cdata, cloze_gap

# Moodle's own cloze regexes (question/type/multianswer/questiontype.php), with its variable-width
# look-behind split into fixed-width ones as Python's re requires.
_FRACTION = r"=|%(?:-?[0-9]+(?:[.,][0-9]*)?)%"
_ANSWER = r".+?(?<!\\)(?<!&)(?<!&amp;)(?=[~#}]|$)"
_FEEDBACK = r".*?(?<!\\)(?=[~}]|$)"
_ALT = f"(?:{_FRACTION})?(?:{_ANSWER})(?:#(?:{_FEEDBACK}))?"
MOODLE_CLOZE = re.compile(r"\{[0-9]*:(?:SHORTANSWER|SA|MW|MULTICHOICE|MC|NUMERICAL|NM):" + f"(?:{_ALT}(?:~{_ALT})*)" + r"\}",
                          re.S)
_ALT_GROUPS = re.compile(f"~?({_FRACTION})?({_ANSWER})(#({_FEEDBACK}))?", re.S)
GAP_START = "{1:SHORTANSWER:"


def moodle_alternatives(gap: str) -> list[str]:
    """Split a gap's alternatives the way Moodle does, returning each raw answer (entities decoded)."""
    remaining, answers = gap[len(GAP_START):-1], []
    while remaining and (m := _ALT_GROUPS.match(remaining)):
        answers.append(html.unescape(m.group(2)))
        remaining = remaining[m.end():]
    return answers


def html_to_plain(text: str) -> str:
    """Undo the exporter's plain-text-to-HTML step (one paragraph, <br> for newlines)."""
    assert text.startswith("<p>") and text.endswith("</p>"), text
    return html.unescape(text[3:-4].replace("<br>\n", "\n"))


def read_cloze(text_html: str) -> tuple[str, list[list[str]]]:
    """Split cloze question HTML into plain text with {{gap}} marks and each gap's decoded answers."""
    pieces, gaps, i = [], [], 0
    while (j := text_html.find(GAP_START, i)) != -1:
        pieces.append(text_html[i:j])
        k, alts, cur = j + len(GAP_START), [], ""
        while text_html[k] != "}":
            if text_html[k] == "\\":
                cur, k = cur + text_html[k:k + 2], k + 2
            elif text_html[k] == "~":
                alts, cur, k = alts + [cur], "", k + 1
            else:
                cur, k = cur + text_html[k], k + 1
        alts.append(cur)
        assert all(a.startswith("=") for a in alts)
        # Moodle decodes entities first, then the backslash escapes.
        gaps.append([re.sub(r"\\(.)", r"\1", html.unescape(a[1:]), flags=re.S) for a in alts])
        i = k + 1
    pieces.append(text_html[i:])
    return html_to_plain(GAP.join(pieces)), gaps


def assert_moodle_round_trip(bank: Bank, bank_name: str) -> list[ET.Element]:
    """Export, parse with xml.etree, and check categories, questions, answers, feedback, ids and tags."""
    root = ET.fromstring(export_moodle(bank, bank_name=bank_name))
    assert root.tag == "quiz"
    questions = root.findall("question")
    it = iter(questions)
    for group in group_by_text(bank):
        cat = next(it)
        assert cat.get("type") == "category"
        assert cat.findtext("category/text") == category_path(bank_name, group.title)
        for item in group.items:
            q = next(it)
            assert q.findtext("name/text") == item.id
            assert q.findtext("idnumber") == item.id
            assert [t.findtext("text") for t in q.findall("tags/tag")] == list(item.tags)
            assert q.find("generalfeedback").get("format") == "html"
            assert html_to_plain(q.findtext("generalfeedback/text")) == general_feedback(item, group.document)
            text_html = q.findtext("questiontext/text")
            answers = [(a.get("fraction"), a.findtext("text"), a.findtext("feedback/text")) for a in q.findall("answer")]
            if item.type == "mcq":
                assert q.get("type") == "multichoice"
                assert (q.findtext("single"), q.findtext("shuffleanswers")) == ("true", "true")
                assert html_to_plain(text_html) == clean_text(item.prompt)
                assert [(f, html.unescape(t), html_to_plain(fb)) for f, t, fb in answers] == [
                    ("100" if r else "0", o, right_feedback(item) if r else wrong_feedback(item))
                    for o, r in mcq_options(item)]
            elif item.type == "truefalse":
                assert q.get("type") == "truefalse"
                assert html_to_plain(text_html) == clean_text(item.prompt)
                value = truefalse_value(item)
                assert [(f, t) for f, t, _ in answers] == [
                    ("100" if value else "0", "true"), ("0" if value else "100", "false")]
            elif item.type == "short":
                assert q.get("type") == "shortanswer"
                assert html_to_plain(text_html) == clean_text(item.prompt)
                assert [(f, t) for f, t, _ in answers] == [
                    ("100", a.replace("*", "\\*")) for a in accepted_answers(item)]
            else:
                assert q.get("type") == "cloze"
                assert answers == []
                plain, gaps = read_cloze(text_html)
                assert plain.split(GAP) == cloze_parts(item.prompt)
                assert gaps == [accepted_answers(item)] * (len(cloze_parts(item.prompt)) - 1)
                # Moodle's own parser finds exactly our gaps, each cut at the right place.
                found = [m.group(0) for m in MOODLE_CLOZE.finditer(text_html)]
                assert found == [cloze_gap(item)] * len(gaps)
                assert "{" not in text_html.replace(cloze_gap(item), "")
                # ... and cuts it into our alternatives (each still carrying its backslash escapes).
                if found:
                    raw = [re.sub(r"\\(.)", r"\1", a, flags=re.S) for a in moodle_alternatives(found[0])]
                    assert raw == accepted_answers(item)
    assert next(it, None) is None
    return questions


def test_moodle_round_trip_small_bank(small_bank):
    questions = assert_moodle_round_trip(small_bank, "Post-Soviet Space")
    assert [q.get("type") for q in questions] == ["category", "multichoice", "cloze", "shortanswer", "truefalse"]
    assert "{1:SHORTANSWER:=Moscow}" in questions[2].findtext("questiontext/text")


def test_moodle_round_trip_special_characters(item_factory, document_factory):
    bank = make_special_bank(item_factory, document_factory)
    questions = assert_moodle_round_trip(bank, "Bank / with & <odd> name")
    mcq = next(q for q in questions if q.findtext("idnumber") == "n-mcq")
    text = html_to_plain(mcq.findtext("questiontext/text"))
    assert '<script>alert("x")</script>' in text and "]]>" in text and "\u200fمرحبا\u200e" in text
    assert "<script>" not in mcq.findtext("questiontext/text")  # shown as text, never run
    cloze = next(q for q in questions if q.findtext("idnumber") == "n-cloze")
    assert read_cloze(cloze.findtext("questiontext/text"))[1] == [['Cl}o#z~e/"\\', "Ереван & <i>"]]
    assert questions[0].findtext("category/text") == (
        '$course$/top/Bank // with & <odd> name/Armenia // Azerbaijan: "peace" {talks} #1 ~ = \\ & <b> second line')


def test_moodle_cdata_splits_end_marker():
    wrapped = "<x>" + cdata("a]]>b]]>") + "</x>"
    assert ET.fromstring(wrapped).text == "a]]>b]]>"


_specials = st.sampled_from(list("\\~=#{}:[]%*/<>&;\"'\n\t ") + ["]]>", "&amp;", "&#", "{1:SA:=x}", "\u200f"])
_text = st.lists(st.one_of(_specials, st.characters(exclude_categories=("Cs", "Cc", "Co"))),
                 min_size=1, max_size=25).map("".join).filter(lambda s: clean_text(s) != "" and GAP not in s)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(prompt=_text, answer=_text, wrong=st.lists(_text, min_size=2, max_size=4, unique_by=clean_text),
       accept=st.lists(_text, max_size=3), explanation=_text, sentence=_text)
def test_moodle_round_trip_any_text(item_factory, document_factory, prompt, answer, wrong, accept, explanation,
                                    sentence):
    assume(clean_text(answer) not in {clean_text(w) for w in wrong})
    doc = document_factory(title=sentence)
    common = dict(document=doc.id, sentence=sentence, explanation=explanation, tags=("a::b",))
    items = (
        item_factory(id="p-mcq", prompt=prompt, answer=answer, choices=(answer, *wrong), **common),
        item_factory(id="p-short", type="short", prompt=prompt, answer=answer, accept=tuple(accept), choices=(),
                     **common),
        item_factory(id="p-cloze", type="cloze", prompt=prompt + " {{gap}} " + prompt, answer=answer,
                     accept=tuple(accept), choices=(), **common),
        item_factory(id="p-tf", type="truefalse", prompt=prompt, answer="True", choices=("True", "False"), **common),
    )
    assert_moodle_round_trip(Bank((doc,), items), "Bank")
