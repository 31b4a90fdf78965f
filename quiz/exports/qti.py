"""Export the bank as a QTI 1.2 zip (imsmanifest.xml + one assessment) that Canvas imports."""
from __future__ import annotations

import html
import io
import re
import zipfile
import xml.etree.ElementTree as ET

from quiz.core.items import Bank, Document, Item, stable_id

from ._common import (
    accepted_answers,
    clean_text,
    cloze_parts,
    general_feedback,
    group_by_text,
    mcq_options,
    truefalse_value,
)

QTI_NS = "http://www.imsglobal.org/xsd/ims_qtiasiv1p2"
CP_NS = "http://www.imsglobal.org/xsd/imscp_v1p1"
XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"
QUESTION_TYPES = {
    "mcq": "multiple_choice_question",
    "truefalse": "true_false_question",
    "short": "short_answer_question",
    "cloze": "fill_in_multiple_blanks_question",
}
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)  # fixed, so the same bank always gives the same bytes
_IDENT_UNSAFE = re.compile(r"[^A-Za-z0-9_.-]")


def qti_ident(item_id: str) -> str:
    """Make a QTI ident from an item id (letters, digits, _ . - only)."""
    return _IDENT_UNSAFE.sub("_", item_id) or "item"


def _html(text: str) -> str:
    lines = [html.escape(line, quote=False) for line in clean_text(text).split("\n")]
    return "<div><p>" + "<br>".join(lines) + "</p></div>"


def _sub(parent: ET.Element, tag: str, attrib: dict[str, str] | None = None, text: str | None = None) -> ET.Element:
    el = ET.SubElement(parent, tag, attrib or {})
    if text is not None:
        el.text = text
    return el


def _material(parent: ET.Element, text: str, texttype: str = "text/plain") -> ET.Element:
    material = _sub(parent, "material")
    _sub(material, "mattext", {"texttype": texttype}, text)
    return material


def _metadata_field(meta: ET.Element, label: str, entry: str) -> None:
    field = _sub(meta, "qtimetadatafield")
    _sub(field, "fieldlabel", text=label)
    _sub(field, "fieldentry", text=entry)


def _resprocessing(item_el: ET.Element) -> ET.Element:
    proc = _sub(item_el, "resprocessing")
    _sub(_sub(proc, "outcomes"), "decvar",
         {"maxvalue": "100", "minvalue": "0", "varname": "SCORE", "vartype": "Decimal"})
    feedback = _sub(proc, "respcondition", {"continue": "Yes"})
    _sub(_sub(feedback, "conditionvar"), "other")
    _sub(feedback, "displayfeedback", {"feedbacktype": "Response", "linkrefid": "general_fb"})
    return proc


def _score(proc: ET.Element, respident: str, values: list[str], action: str = "Set") -> None:
    cond = _sub(proc, "respcondition", {"continue": "No"})
    var = _sub(cond, "conditionvar")
    for value in values:
        _sub(var, "varequal", {"respident": respident}, value)
    _sub(cond, "setvar", {"action": action, "varname": "SCORE"}, "100")


def _choice_item(item_el: ET.Element, ident: str, prompt: str, options: list[tuple[str, bool]]) -> list[str]:
    presentation = _sub(item_el, "presentation")
    _material(presentation, _html(prompt), "text/html")
    lid = _sub(presentation, "response_lid", {"ident": "response1", "rcardinality": "Single"})
    choice = _sub(lid, "render_choice")
    idents = [f"{ident}-{n}" for n in range(1, len(options) + 1)]
    for label_ident, (option, _) in zip(idents, options):
        _material(_sub(choice, "response_label", {"ident": label_ident}), option)
    proc = _resprocessing(item_el)
    _score(proc, "response1", [i for i, (_, right) in zip(idents, options) if right])
    return idents


def _short_item(item_el: ET.Element, item: Item) -> None:
    presentation = _sub(item_el, "presentation")
    _material(presentation, _html(item.prompt), "text/html")
    response = _sub(presentation, "response_str", {"ident": "response1", "rcardinality": "Single"})
    _sub(_sub(response, "render_fib"), "response_label", {"ident": "answer1", "rshuffle": "No"})
    _score(_resprocessing(item_el), "response1", accepted_answers(item))


def _cloze_item(item_el: ET.Element, ident: str, item: Item) -> list[str]:
    parts = cloze_parts(item.prompt)
    blanks = [f"blank{n}" for n in range(1, len(parts))]
    text = parts[0] + "".join(f"[{b}]{p}" for b, p in zip(blanks, parts[1:]))
    presentation = _sub(item_el, "presentation")
    _material(presentation, _html(text), "text/html")
    answers = accepted_answers(item)
    label_ids: dict[str, list[str]] = {}
    for blank in blanks:
        lid = _sub(presentation, "response_lid", {"ident": f"response_{blank}"})
        _material(lid, blank)
        choice = _sub(lid, "render_choice")
        label_ids[blank] = [f"{ident}-{blank}-{n}" for n in range(1, len(answers) + 1)]
        for label_ident, answer in zip(label_ids[blank], answers):
            _material(_sub(choice, "response_label", {"ident": label_ident}), answer)
    proc = _resprocessing(item_el)
    for blank in blanks:
        # Canvas adds each blank's share: 100 split across the blanks.
        cond = _sub(proc, "respcondition")
        var = _sub(cond, "conditionvar")
        for label_ident in label_ids[blank]:
            _sub(var, "varequal", {"respident": f"response_{blank}"}, label_ident)
        _sub(cond, "setvar", {"action": "Add", "varname": "SCORE"}, f"{100 / len(blanks):.2f}")
    return [i for ids in label_ids.values() for i in ids]


def qti_item(section: ET.Element, item: Item, document: Document | None, ident: str) -> ET.Element:
    """Append one item as a QTI <item> to a section."""
    item_el = _sub(section, "item", {"ident": ident, "title": clean_text(item.id)})
    meta = _sub(_sub(item_el, "itemmetadata"), "qtimetadata")  # must come first in an item
    _metadata_field(meta, "question_type", QUESTION_TYPES.get(item.type, "short_answer_question"))
    _metadata_field(meta, "points_possible", "1.0")
    if item.type == "mcq":
        answer_ids = _choice_item(item_el, ident, item.prompt, mcq_options(item))
    elif item.type == "truefalse":
        value = truefalse_value(item)
        answer_ids = _choice_item(item_el, ident, item.prompt, [("True", value), ("False", not value)])
    elif item.type == "cloze":
        answer_ids = _cloze_item(item_el, ident, item)
    else:
        _short_item(item_el, item)
        answer_ids = []
    if answer_ids:
        _metadata_field(meta, "original_answer_ids", ",".join(answer_ids))
    fb = _sub(item_el, "itemfeedback", {"ident": "general_fb"})
    _material(_sub(fb, "flow_mat"), _html(general_feedback(item, document)), "text/html")
    return item_el


def assessment_xml(bank: Bank, bank_name: str, assessment_id: str) -> bytes:
    """Write the QTI 1.2 questestinterop document for the bank."""
    root = ET.Element("questestinterop", {
        "xmlns": QTI_NS, "xmlns:xsi": XSI_NS,
        "xsi:schemaLocation": f"{QTI_NS} http://www.imsglobal.org/xsd/ims_qtiasiv1p2p1.xsd",
    })
    assessment = _sub(root, "assessment", {"ident": assessment_id, "title": clean_text(bank_name) or "quiz"})
    meta = _sub(assessment, "qtimetadata")
    field = _sub(meta, "qtimetadatafield")
    _sub(field, "fieldlabel", text="cc_maxattempts")
    _sub(field, "fieldentry", text="1")
    section = _sub(assessment, "section", {"ident": "root_section"})
    seen: set[str] = set()
    for group in group_by_text(bank):
        for item in group.items:
            ident = qti_ident(item.id)
            while ident in seen:  # two ids that sanitise alike
                ident += "_"
            seen.add(ident)
            qti_item(section, item, group.document, ident)
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def manifest_xml(bank_name: str, assessment_id: str, href: str) -> bytes:
    """Write the IMS content-package manifest pointing at the assessment file."""
    root = ET.Element("manifest", {
        "identifier": f"{assessment_id}_manifest", "xmlns": CP_NS, "xmlns:xsi": XSI_NS,
        "xsi:schemaLocation": f"{CP_NS} http://www.imsglobal.org/xsd/imscp_v1p1.xsd",
    })
    metadata = _sub(root, "metadata")
    _sub(metadata, "schema", text="IMS Content")
    _sub(metadata, "schemaversion", text="1.1.3")
    _sub(root, "organizations")
    resources = _sub(root, "resources")
    resource = _sub(resources, "resource", {"identifier": assessment_id, "type": "imsqti_xmlv1p2"})
    _sub(resource, "file", {"href": href})
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def export_qti(bank: Bank, *, bank_name: str = "quiz") -> bytes:
    """Write the bank as a QTI 1.2 zip: imsmanifest.xml and <assessment>/<assessment>.xml."""
    assessment_id = stable_id(bank_name, *(i.id for i in bank.items), prefix="g")
    href = f"{assessment_id}/{assessment_id}.xml"
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in (("imsmanifest.xml", manifest_xml(bank_name, assessment_id, href)),
                           (href, assessment_xml(bank, bank_name, assessment_id))):
            info = zipfile.ZipInfo(name, date_time=_ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, data)
    return buf.getvalue()
