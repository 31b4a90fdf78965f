"""Hostile texts (script tags, handlers, javascript: links, template syntax, SQL, control and RTL characters,
mixed scripts, huge words) through generation, every page in real Chromium, every export and the Anki decks."""
from __future__ import annotations

import csv
import importlib.util
import io
import json
import re
import sys
import threading
import unicodedata
import xml.etree.ElementTree as ET
import zipfile
from html.parser import HTMLParser
from dataclasses import replace
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent.parent
HOSTILE_DIR = ROOT / "tests" / "data" / "hostile"
PASSWORD = "correct horse battery"
NOW_ISO = "2026-03-01T00:00:00+00:00"
RAW_PAYLOADS = ("<script>window.__pwned", "onerror=\"window", "<svg onload", "<img src=x", "<iframe")
# Hand-made items carry the payloads in every field, whatever the generator keeps of them.
PAYLOADS = [
    "<script>window.__pwned=1</script>",
    '<img src=x onerror="window.__pwned=1">',
    '<a href="javascript:window.__pwned=1">link</a>',
    "{{ config.SECRET_KEY }} {% for x in range(3) %}x{% endfor %}",
    "Robert'); DROP TABLE items;-- ' OR '1'='1",
    "\u202eevil\u202c mixed Соглашение Հայաստան საქართველო تقرير",
    "]]> <![CDATA[ </question> \\ # = ~ { } : \"quoted\"",
]


def _load(name: str, path: Path):
    module = sys.modules.get(name)
    if module is None:
        spec = importlib.util.spec_from_file_location(name, path)
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    return module


wh = _load("web_helpers", ROOT / "tests" / "web" / "web_helpers.py")
gift_parser = _load("quiz_tests_gift_parser", ROOT / "tests" / "exports" / "gift_parser.py")


class _ActiveContent(HTMLParser):
    """Collect what could run in a page: inline scripts, on* handlers, javascript: URLs, injected embeds."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        names = dict(attrs)
        if tag == "script" and not names.get("src"):
            self.found.append("inline <script>")
        if tag in ("iframe", "object", "embed"):  # the app draws its own charts in <svg>
            self.found.append(f"<{tag}>")
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(f"{tag} {name}=")
            if name in ("href", "src", "action", "formaction") and (value or "").strip().lower().startswith(
                    ("javascript:", "data:text/html")):
                self.found.append(f"{tag} {name}={value}")


def active_content(html: str) -> list[str]:
    """Return the executable bits an HTML page carries (empty: none)."""
    parser = _ActiveContent()
    parser.feed(html)
    return parser.found


def _control_free(text: str) -> bool:
    return not any(unicodedata.category(ch) == "Cc" and ch not in "\n\t" for ch in text)


@pytest.fixture(scope="module")
def generated(nlp):
    """The bank the real pipeline builds from the hostile corpus."""
    from quiz.core.pipeline import build_bank

    bank, report = build_bank([HOSTILE_DIR], nlp, seed=1)
    return bank, report


def _handmade(bank):
    from quiz.core.items import Source, stable_id

    doc = bank.documents[0]
    sentence = doc.text[:80]
    items = []
    for k, payload in enumerate(PAYLOADS):
        src = Source(doc.id, sentence, 0, len(sentence))
        base = dict(source=src, topic=f"Topic {payload[:20]}", explanation=f"Because {payload}", status="approved",
                    tags=("type::x", "kind::fact"), kind="fact", difficulty=0.0, quality=0.7)
        items.append(wh.make_item(id=stable_id(payload, "mcq", prefix="h"), prompt=f"Which is it: {payload}?",
                                  answer=payload, choices=(payload, "Baku", "Yerevan", "Tbilisi"), **base))
        items.append(wh.make_item(id=stable_id(payload, "cloze", prefix="h"), type="cloze", choices=(),
                                  prompt=f"{payload} said {{{{gap}}}} in 2020.", answer="Armenia",
                                  accept=(payload[:30],), **base))
        items.append(wh.make_item(id=stable_id(payload, "short", prefix="h"), type="short", choices=(),
                                  prompt=f"Who wrote {payload}?", answer=f"The editor {k}", **base))
        items.append(wh.make_item(id=stable_id(payload, "tf", prefix="h"), type="truefalse",
                                  choices=("True", "False"), prompt=f"True or false: {payload}", answer="True",
                                  **base))
    return items


@pytest.fixture(scope="module")
def hostile_bank(generated):
    """Generated items (approved) plus hand-made items carrying each payload in every field."""
    from quiz.core.items import Bank

    bank, _ = generated
    items = [replace(i, status="approved") for i in bank.items] + _handmade(bank)
    return Bank(documents=bank.documents, items=tuple(items), generated_at=NOW_ISO)


@pytest.mark.slow
def test_hostile_generation_survives_and_stores_clean_text(generated):
    bank, report = generated
    # The file with NUL bytes is refused as binary, with a message that says what to give instead.
    assert [p for p in report.problems if "control_bytes.txt" in p and "not text" in p]
    assert len(bank.documents) == 3, report.problems
    for doc in bank.documents:
        assert _control_free(doc.text) and _control_free(doc.title)
        assert "<script" not in doc.text.lower() or "&lt;" not in doc.text  # HTML parsed, not double-escaped
    html_doc = next(d for d in bank.documents if d.path.endswith(".html"))
    assert "window.__pwned = 1;" not in html_doc.text  # the page's own script is not prose
    assert bank.items, "the hostile texts still yield questions"
    for item in bank.items:
        for text in (item.prompt, item.answer, item.explanation, *item.choices, *item.accept):
            assert _control_free(text), (item.id, text)
    from quiz.core.items import Bank

    assert Bank.from_dict(json.loads(json.dumps(bank.to_dict()))) == bank


@pytest.mark.slow
def test_hostile_every_export_parses_back(hostile_bank, tmp_path):
    from quiz.exports import export_csv, export_gift, export_json, export_moodle, export_qti

    n = len(hostile_bank.items)
    data = json.loads(export_json(hostile_bank, bank_name="Hostile"))
    exported = data["items"] if isinstance(data, dict) else data
    assert {i["prompt"] for i in exported} == {i.prompt for i in hostile_bank.items}

    rows = list(csv.DictReader(io.StringIO(export_csv(hostile_bank, bank_name="Hostile").decode("utf-8-sig"))))
    assert len(rows) == n
    assert {r["prompt"] for r in rows} == {i.prompt for i in hostile_bank.items}

    questions = gift_parser.parse_gift(export_gift(hostile_bank, bank_name="Hostile").decode("utf-8"))
    assert len([q for q in questions if q.qtype != "category"]) == n

    moodle = ET.fromstring(export_moodle(hostile_bank, bank_name="Hostile"))
    assert len([q for q in moodle.iter("question") if q.get("type") != "category"]) == n

    with zipfile.ZipFile(io.BytesIO(export_qti(hostile_bank, bank_name="Hostile"))) as zf:
        xml_names = [name for name in zf.namelist() if name.endswith(".xml")]
        assert xml_names
        items_seen = sum(len(list(ET.fromstring(zf.read(name)).iter("{http://www.imsglobal.org/xsd/ims_qtiasiv1p2}item")))
                         + len(list(ET.fromstring(zf.read(name)).iter("item"))) for name in xml_names)
    assert items_seen == n


@pytest.mark.slow
def test_hostile_anki_deck_imports_and_renders_no_script(hostile_bank, tmp_path):
    from anki.collection import Collection
    from anki.import_export_pb2 import ImportAnkiPackageOptions, ImportAnkiPackageRequest

    from quiz.anki import write_decks

    [path] = write_decks(hostile_bank, tmp_path / "hostile.apkg", bank_name="Hostile {{x}}", timestamp=1.7e9)
    col = Collection(str(tmp_path / "c.anki2"))
    try:
        col.import_anki_package(ImportAnkiPackageRequest(package_path=str(path), options=ImportAnkiPackageOptions()))
        assert col.note_count() == len(hostile_bank.items)
        for cid in col.find_cards(""):
            out = col.get_card(cid).render_output()
            for html in (out.question_text, out.answer_text):
                assert not any(p in html for p in RAW_PAYLOADS), html[:300]
                assert active_content(html) == [], html[:300]
    finally:
        col.close()


class _Live:
    def __init__(self, app):
        from werkzeug.serving import make_server

        self.server = make_server("127.0.0.1", 0, app, threaded=True)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def stop(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.mark.slow
@pytest.mark.browser
def test_hostile_every_page_in_chromium_runs_no_script(hostile_bank, tmp_path, browser):
    from werkzeug.security import generate_password_hash

    from quiz.storage.learning import create_instructor
    from quiz.web import get_engine_of

    app = wh.make_app(tmp_path, bank=hostile_bank)
    engine = get_engine_of(app)
    create_instructor(engine, "ada", generate_password_hash(PASSWORD), now=wh.T0)
    live = _Live(app)
    visited: list[str] = []
    page = browser.new_page()
    try:
        page.set_default_timeout(10_000)
        page.on("dialog", lambda d: (visited.append(f"DIALOG {d.message}"), d.dismiss()))

        def visit(path: str) -> str:
            page.goto(live.url + path)
            visited.append(path)
            assert page.evaluate("typeof window.__pwned") == "undefined", path
            html = page.content()
            assert active_content(html) == [], path
            return html

        visit("/")
        page.click("button[type=submit]")
        for _ in range(12):  # answer questions by the page's own controls
            if page.locator("#answer-form").count() == 0:
                break
            visited.append(page.url)
            assert page.evaluate("typeof window.__pwned") == "undefined"
            if page.locator("input[type=radio]").count():
                page.locator("input[type=radio]").first.check()
            else:
                page.fill("#response", PAYLOADS[0])
            page.click("#check")
            page.wait_for_load_state()
            assert page.evaluate("typeof window.__pwned") == "undefined", page.url
            visit(page.url.removeprefix(live.url))
            links = page.locator("a[href^='/texts/']")
            if links.count():
                visit(links.first.get_attribute("href"))
            visit("/quiz")
        for path in ("/progress", "/account", "/login"):
            visit(path)
        page.fill("input[name=name]", "ada")
        page.fill("input[name=password]", PASSWORD)
        page.locator("form button[type=submit], form input[type=submit]").last.click()
        page.wait_for_load_state()
        visit("/instructor/")
        for path in ("/instructor/items", "/instructor/items?status=approved", "/instructor/texts",
                     "/instructor/stats", "/instructor/class", "/instructor/exports"):
            visit(path)
        for doc in hostile_bank.documents:
            visit(f"/instructor/texts/{doc.id}")
            visit(f"/texts/{doc.id}")
        for item in hostile_bank.items:
            visit(f"/instructor/items/{item.id}")
    finally:
        page.close()
        live.stop()
    assert not [v for v in visited if v.startswith("DIALOG")]
    assert len(visited) > 20 + len(hostile_bank.items)
