"""QTI 1.2 export: a zip Canvas imports; checked structurally (no official QTI 1.2 XSD is available offline)."""
from __future__ import annotations

import html
import io
import zipfile
import xml.etree.ElementTree as ET

from special_bank import make_special_bank
from quiz.exports import export_qti
from quiz.exports._common import accepted_answers, clean_text, mcq_options

Q = "{http://www.imsglobal.org/xsd/ims_qtiasiv1p2}"
CP = "{http://www.imsglobal.org/xsd/imscp_v1p1}"
TYPES = {"mcq": "multiple_choice_question", "truefalse": "true_false_question",
         "short": "short_answer_question", "cloze": "fill_in_multiple_blanks_question"}


def open_qti(data: bytes) -> tuple[ET.Element, ET.Element]:
    """Open the zip, check the manifest points at the assessment, and return both parsed roots."""
    zf = zipfile.ZipFile(io.BytesIO(data))
    assert zf.testzip() is None
    manifest = ET.fromstring(zf.read("imsmanifest.xml"))
    assert manifest.tag == f"{CP}manifest" and manifest.get("identifier")
    resources = manifest.findall(f"{CP}resources/{CP}resource")
    assert [r.get("type") for r in resources] == ["imsqti_xmlv1p2"]
    href = resources[0].find(f"{CP}file").get("href")
    assert set(zf.namelist()) == {"imsmanifest.xml", href}
    return manifest, ET.fromstring(zf.read(href))


def metadata(item: ET.Element) -> dict[str, str]:
    fields = item.findall(f"{Q}itemmetadata/{Q}qtimetadata/{Q}qtimetadatafield")
    return {f.findtext(f"{Q}fieldlabel"): f.findtext(f"{Q}fieldentry") for f in fields}


def check_item_structure(el: ET.Element) -> None:
    """Assert what QTI 1.2 requires of an item: element order, idents, and responses that resolve."""
    children = [c.tag.removeprefix(Q) for c in el]
    assert children == ["itemmetadata", "presentation", "resprocessing", "itemfeedback"]
    assert el.get("ident") and el.get("title")
    presentation = el.find(f"{Q}presentation")
    assert presentation.find(f"{Q}material/{Q}mattext").get("texttype") == "text/html"
    responses = {r.get("ident"): r for r in presentation if r.tag in (f"{Q}response_lid", f"{Q}response_str")}
    assert responses
    labels = {lab.get("ident") for r in responses.values() for lab in r.iter(f"{Q}response_label")}
    assert all(lab for lab in labels)
    proc = el.find(f"{Q}resprocessing")
    decvar = proc.find(f"{Q}outcomes/{Q}decvar")
    assert (decvar.get("varname"), decvar.get("maxvalue"), decvar.get("minvalue")) == ("SCORE", "100", "0")
    scoring = [c for c in proc.findall(f"{Q}respcondition") if c.find(f"{Q}setvar") is not None]
    assert scoring
    for cond in scoring:
        assert cond.find(f"{Q}setvar").get("action") in ("Set", "Add")
        for var in cond.iter(f"{Q}varequal"):
            assert var.get("respident") in responses
            if responses[var.get("respident")].tag == f"{Q}response_lid":
                assert var.text in labels
    fb = proc.find(f"{Q}respcondition/{Q}displayfeedback")
    assert el.find(f"{Q}itemfeedback").get("ident") == fb.get("linkrefid")


def test_qti_small_bank_has_every_item_well_formed(small_bank):
    _, root = open_qti(export_qti(small_bank, bank_name="Post-Soviet Space"))
    assert root.tag == f"{Q}questestinterop"
    assessment = root.find(f"{Q}assessment")
    assert assessment.get("title") == "Post-Soviet Space" and assessment.get("ident")
    items = assessment.findall(f"{Q}section/{Q}item")
    assert [i.get("ident") for i in items] == [i.id for i in small_bank.items]
    for el, item in zip(items, small_bank.items):
        check_item_structure(el)
        assert metadata(el)["question_type"] == TYPES[item.type]


def test_qti_marks_the_right_answers(small_bank):
    _, root = open_qti(export_qti(small_bank))
    items = {i.get("ident"): i for i in root.iter(f"{Q}item")}
    mcq = items["i-mcq"]
    labels = {lab.get("ident"): lab.findtext(f"{Q}material/{Q}mattext") for lab in mcq.iter(f"{Q}response_label")}
    right = [v.text for v in mcq.iter(f"{Q}varequal")]
    assert [labels[r] for r in right] == ["Moscow"]
    assert metadata(mcq)["original_answer_ids"].split(",") == list(labels)
    tf = items["i-tf"]
    tf_labels = {lab.get("ident"): lab.findtext(f"{Q}material/{Q}mattext") for lab in tf.iter(f"{Q}response_label")}
    assert [tf_labels[v.text] for v in tf.iter(f"{Q}varequal")] == ["True"]
    short = items["i-short"]
    assert [v.text for v in short.iter(f"{Q}varequal")] == ["Collective Security Treaty Organization", "CSTO"]
    cloze = items["i-cloze"]
    assert "[blank1] brokered a ceasefire" in html.unescape(cloze.findtext(f"{Q}presentation/{Q}material/{Q}mattext"))
    lid = cloze.find(f"{Q}presentation/{Q}response_lid")
    assert lid.get("ident") == "response_blank1" and lid.findtext(f"{Q}material/{Q}mattext") == "blank1"


def test_qti_special_characters_stay_text(item_factory, document_factory):
    bank = make_special_bank(item_factory, document_factory)
    _, root = open_qti(export_qti(bank, bank_name="Bank & <odd> \"name\""))
    items = root.findall(f"{Q}assessment/{Q}section/{Q}item")
    assert {i.get("ident") for i in items} == {i.id for i in bank.items}
    by_id = {i.get("ident"): i for i in items}
    for item in bank.items:
        el = by_id[item.id]
        check_item_structure(el)
        prompt_html = el.findtext(f"{Q}presentation/{Q}material/{Q}mattext")
        assert "<script>" not in prompt_html  # the HTML shows the text, it never runs it
        if item.type == "mcq":
            shown = [lab.findtext(f"{Q}material/{Q}mattext") for lab in el.iter(f"{Q}response_label")]
            assert shown == [o for o, _ in mcq_options(item)]
            assert '&lt;script&gt;alert("x")&lt;/script&gt;' in prompt_html
        if item.type == "short":
            assert [v.text for v in el.iter(f"{Q}varequal")] == accepted_answers(item)
    assert clean_text(root.find(f"{Q}assessment").get("title")) == 'Bank & <odd> "name"'


def test_qti_same_bank_same_bytes(small_bank):
    assert export_qti(small_bank) == export_qti(small_bank)
