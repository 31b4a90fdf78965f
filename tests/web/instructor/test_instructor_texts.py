"""Texts: uploads read like the command line reads files, bad files store nothing; regenerate; ask; exports."""
from __future__ import annotations

import io
import json
import zipfile
from html import escape

import pytest
from conftest import NOW, csrf_token

from quiz.core.ingest import IngestError, read_document
from quiz.storage.repository import get_item, get_record, list_documents, list_items, set_status

ARTICLE = (
    "Armenia and Azerbaijan signed a peace framework in Washington in August 2025. "
    "The deal opened a transit route through the Syunik province of Armenia. "
    "Critics argue that the route weakens Russia's role in the South Caucasus, because Russian border guards "
    "no longer control it. Moscow called the agreement premature. "
    "Unlike the 2020 ceasefire, the new framework was negotiated without Russian mediation."
)


def _upload(client, name: str, data: bytes, generate: bool = False):
    form = {"csrf_token": csrf_token(client, "/instructor/texts"), "file": (io.BytesIO(data), name)}
    if generate:
        form["generate"] = "y"
    return client.post("/instructor/texts/upload", data=form, content_type="multipart/form-data")


def _cli_message(tmp_path, name: str, data: bytes) -> str:
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(IngestError) as info:
        read_document(path, display_path=name)
    return str(info.value)


BAD_FILES = [
    ("empty.txt", b"   \n\n  "),
    ("photo.png", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4),
    ("notes.txt", b"\x00\x01\x02binary\x00\x00" * 50),
    ("mixed.txt", "Café society in Tbilisi. ".encode("utf-8") * 5 + b"Caf\xe9 in Baku \xe9\xe8 " * 5),
    ("fake.pdf", b"This is not a PDF at all, only words pretending."),
    ("menu.html", b"<html><body><nav><a href='/'>Home</a></nav></body></html>"),
]


@pytest.mark.parametrize("name,data", BAD_FILES)
def test_instructor_upload_bad_file_shows_the_cli_message_and_stores_nothing(instructor, engine, tmp_path, name,
                                                                             data):
    before = [d.id for d in list_documents(engine)]
    response = _upload(instructor, name, data)
    assert response.status_code == 422
    assert escape(_cli_message(tmp_path, name, data)) in response.get_data(as_text=True)
    assert [d.id for d in list_documents(engine)] == before


def test_instructor_upload_without_a_file_asks_for_one(instructor):
    response = instructor.post("/instructor/texts/upload", data={"csrf_token": csrf_token(instructor, "/instructor/texts")},
                               content_type="multipart/form-data")
    assert response.status_code == 422 and "Choose a file to upload." in response.get_data(as_text=True)


def test_instructor_upload_over_the_size_limit_is_refused_clearly(tmp_path, small_bank):
    from conftest import sign_in
    from quiz.config import TestConfig
    from quiz.storage.db import upgrade
    from quiz.storage.learning import create_instructor
    from quiz.web import create_app, get_engine_of
    from werkzeug.security import generate_password_hash

    app = create_app(TestConfig({"QUIZ_MAX_UPLOAD_BYTES": "4000"}, instance=tmp_path))
    engine = get_engine_of(app)
    upgrade(engine)
    create_instructor(engine, "ada", generate_password_hash("pw-long-enough"), now=NOW)
    client = app.test_client()
    sign_in(client, password="pw-long-enough")
    response = _upload(client, "huge.txt", b"word " * 5000)
    assert response.status_code == 413
    assert "larger than the quiz accepts" in response.get_data(as_text=True)
    assert list_documents(engine) == []
    engine.dispose()


def test_instructor_upload_stores_the_cleaned_text_and_shows_it(instructor, engine):
    response = _upload(instructor, "peace.txt", ARTICLE.encode("utf-8"))
    assert response.status_code == 302
    docs = {d.path: d for d in list_documents(engine)}
    doc = docs["upload/peace.txt"]
    assert "Syunik" in doc.text
    page = instructor.get(response.headers["Location"]).get_data(as_text=True)
    assert "Syunik province" in page and 'id="ask-form"' in page
    again = _upload(instructor, "copy.txt", ARTICLE.encode("utf-8"))  # the same text twice: nothing new
    assert again.status_code == 302 and len(list_documents(engine)) == len(docs)


def test_instructor_text_view_fades_removed_boilerplate(instructor, engine, document_factory):
    from quiz.core.items import Bank
    from quiz.storage.repository import merge_bank

    doc = document_factory(text="Georgia applied to join the EU in 2022.", title="EU bid",
                           removed=("Home | World | Sport", "Related article: more news"))
    merge_bank(engine, Bank(documents=(doc,), items=()), now=NOW)
    html = instructor.get(f"/instructor/texts/{doc.id}").get_data(as_text=True)
    assert "Removed as boilerplate" in html
    assert '<p class="removed-block">Home | World | Sport</p>' in html
    assert "Georgia applied to join the EU in 2022." in html


def test_instructor_exports_approved_by_default_and_all_on_request(instructor, engine):
    set_status(engine, ["i-tf"], "rejected", by="t", now=NOW)
    data = json.loads(instructor.get("/instructor/exports/download?fmt=json").data)
    assert {i["id"] for i in data["items"]} == {"i-mcq", "i-cloze", "i-short"}
    data = json.loads(instructor.get("/instructor/exports/download?fmt=json&scope=all").data)
    assert "i-tf" in {i["id"] for i in data["items"]}
    response = instructor.get("/instructor/exports/download?fmt=qti")
    assert response.headers["Content-Disposition"].startswith("attachment")
    assert zipfile.ZipFile(io.BytesIO(response.data)).namelist()
    gift = instructor.get("/instructor/exports/download?fmt=gift").get_data(as_text=True)
    assert "Moscow" in gift and "True or false" not in gift
    moodle = instructor.get("/instructor/exports/download?fmt=moodle").data
    assert b"<idnumber>i-mcq</idnumber>" in moodle
    csv = instructor.get("/instructor/exports/download?fmt=csv").get_data(as_text=True)
    assert "i-short" in csv


def test_instructor_anki_export_whole_bank_and_per_text(instructor, small_bank):
    whole = instructor.get("/instructor/exports/download?fmt=anki")
    assert whole.status_code == 200 and whole.headers["Content-Disposition"].endswith(".apkg")
    assert zipfile.ZipFile(io.BytesIO(whole.data)).namelist()
    doc = small_bank.documents[0].id
    per_text = instructor.get(f"/instructor/exports/download?fmt=anki&document={doc}")
    assert per_text.status_code == 200 and "a-test-text" in per_text.headers["Content-Disposition"]
    assert instructor.get("/instructor/exports/download?fmt=anki&document=nope").status_code == 404
    assert instructor.get("/instructor/exports/download?fmt=exe").status_code == 404


def test_instructor_anki_export_with_nothing_approved_explains(instructor, engine):
    set_status(engine, ["i-mcq", "i-cloze", "i-short", "i-tf"], "draft", by="t", now=NOW)
    response = instructor.get("/instructor/exports/download?fmt=anki", follow_redirects=True)
    assert "No items to export" in response.get_data(as_text=True)


def test_instructor_class_view_lists_students_with_mastery(instructor, engine):
    from quiz.storage.learning import create_learner, record_attempt

    learner = create_learner(engine, now=NOW, name="Nino").id
    record_attempt(engine, learner_id=learner, item_id="i-mcq", correct=True, score=1.0, now=NOW,
                   served_token="c1", response="Moscow", chosen="Moscow")
    html = instructor.get("/instructor/class").get_data(as_text=True)
    assert "Nino" in html and "<svg" in html and "Nagorno-Karabakh" in html


def test_instructor_relearn_shows_before_and_after(instructor, engine):
    token = csrf_token(instructor, "/instructor/stats")
    html = instructor.post("/instructor/stats/relearn", data={"csrf_token": token}).get_data(as_text=True)
    assert "Quality relearned" in html and "Before" in html and "After" in html


@pytest.mark.slow
def test_instructor_upload_regenerate_keeps_decisions_and_ask_makes_a_draft(app, instructor, engine, nlp, small_bank):
    app.extensions["quiz.nlp"] = nlp  # the session's pipeline: loaded once for the whole run
    edited_before = get_item(engine, "i-mcq")
    response = _upload(instructor, "peace.txt", ARTICLE.encode("utf-8"), generate=True)
    assert response.status_code == 302
    doc = next(d for d in list_documents(engine) if d.path == "upload/peace.txt")
    made = list_items(engine, document=doc.id, limit=None).records
    assert made and all(r.item.status == "draft" for r in made)
    # The hand-made items of the test text keep their decisions (approved) when their sentences are found again,
    # or are retired, never deleted.
    record = get_record(engine, "i-mcq")
    assert record is not None and record.item.status == edited_before.status
    # Ask about a span: a draft item whose answer is that span, and the text's other items stay live.
    start = doc.text.index("Syunik")
    token = csrf_token(instructor, f"/instructor/texts/{doc.id}")
    response = instructor.post(f"/instructor/texts/{doc.id}/ask",
                               data={"csrf_token": token, "start": str(start), "text": "the Syunik province"})
    assert response.status_code == 302 and "/instructor/items/" in response.headers["Location"]
    asked = get_item(engine, response.headers["Location"].rsplit("/", 1)[1])
    assert asked.status == "draft" and "syunik" in asked.answer.lower() and "asked" in asked.tags
    live_after = {r.item.id for r in list_items(engine, document=doc.id, limit=None).records}
    assert {r.item.id for r in made} <= live_after
