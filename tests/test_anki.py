"""Anki decks imported into a real, headless Anki collection: notes, cards, rendering, updates in place."""
from __future__ import annotations

import html
import re
import time
from pathlib import Path

import genanki
import pytest
from anki.collection import Collection
from anki.import_export_pb2 import ImportAnkiPackageOptions, ImportAnkiPackageRequest

from quiz.anki import MODELS, build_decks, deck_id_for, write_decks
from quiz.core.items import Bank, Source

BANK_NAME = "Caucasus reader"
T0 = 1_700_000_000.0
HOSTILE = "<script>alert(1)</script> & <b>"


@pytest.fixture
def col(tmp_path):
    """A fresh, empty Anki collection."""
    c = Collection(str(tmp_path / "collection.anki2"))
    yield c
    c.close()


def import_apkg(col: Collection, path: Path):
    """Import a package the way Anki's import dialog does by default; return the import log."""
    request = ImportAnkiPackageRequest(package_path=str(path), options=ImportAnkiPackageOptions())
    return col.import_anki_package(request).log


def export_and_import(col: Collection, bank: Bank, tmp_path: Path, *, timestamp: float, **kw):
    """Write the bank's single deck and import it into `col`."""
    [path] = write_decks(bank, tmp_path / f"deck-{int(timestamp)}.apkg", bank_name=BANK_NAME,
                         timestamp=timestamp, **kw)
    return import_apkg(col, path)


def visible(fragment: str) -> str:
    """Return the text a reader sees in rendered card HTML (tags dropped, entities decoded)."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


def notes_by_item(col: Collection) -> dict[str, object]:
    """Map item id (the ItemId field) to the imported note."""
    notes = [col.get_note(nid) for nid in col.find_notes("")]
    return {html.unescape(n["ItemId"]): n for n in notes}


def cards_of(col: Collection, note) -> list:
    return sorted((col.get_card(cid) for cid in note.card_ids()), key=lambda c: c.ord)


def two_gap_cloze(item_factory, doc_id: str):
    s = "Moscow brokered a ceasefire in 2020."
    return item_factory(id="i-cloze2", type="cloze", prompt="{{gap}} brokered a ceasefire in {{gap}}.",
                        answer="Moscow || 2020", choices=(), source=Source(doc_id, s, 0, len(s)))


def test_anki_import_makes_one_note_per_item_in_the_text_subdeck(col, small_bank, tmp_path):
    log = export_and_import(col, small_bank, tmp_path, timestamp=T0)

    assert len(log.new) == len(small_bank.items) == col.note_count()
    notes = notes_by_item(col)
    expected_types = {"i-mcq": "quiz: multiple choice", "i-cloze": "quiz: cloze",
                      "i-short": "quiz: short answer", "i-tf": "quiz: true/false"}
    for item in small_bank.items:
        note = notes[item.id]
        assert note.guid == genanki.guid_for("quiz", item.id)
        assert note.note_type()["name"] == expected_types[item.id]
        [card] = cards_of(col, note)
        assert col.decks.name(card.did) == "Caucasus reader::A test text"
        assert {f"quiz::type::{item.type}", f"quiz::kind::{item.kind}", "quiz::topic::Nagorno_Karabakh",
                "quiz::text::a-test-text", "quiz::difficulty::medium"} <= set(note.tags)
        assert all(" " not in t for t in note.tags)
        # a tag from the item that contradicts its real type is not carried over
        assert not any(t.startswith("quiz::type::") and t != f"quiz::type::{item.type}" for t in note.tags)


def test_anki_two_gap_cloze_gives_two_cards_each_hiding_its_own_gap(col, small_bank, item_factory, tmp_path):
    doc = small_bank.documents[0]
    bank = Bank(small_bank.documents, (two_gap_cloze(item_factory, doc.id),))
    export_and_import(col, bank, tmp_path, timestamp=T0)

    note = notes_by_item(col)["i-cloze2"]
    first, second = cards_of(col, note)
    for card, hidden, shown in ((first, "Moscow", "2020"), (second, "2020", "Moscow")):
        out = card.render_output()
        front = visible(out.question_text)
        assert hidden not in front and "[...]" in front and shown in front
        back = visible(out.answer_text)
        assert f"Answer {hidden}" in back and doc.title in back


def test_anki_card_fronts_hide_the_answer_and_backs_show_answer_and_source(col, small_bank, tmp_path):
    export_and_import(col, small_bank, tmp_path, timestamp=T0)
    doc = small_bank.documents[0]

    for item_id, note in notes_by_item(col).items():
        item = next(i for i in small_bank.items if i.id == item_id)
        [card] = cards_of(col, note)
        out = card.render_output()
        front, back = visible(out.question_text), visible(out.answer_text)
        assert 'class="answer"' not in out.question_text
        assert item.type == "truefalse" or item.source.sentence not in front
        if item.type == "mcq":
            letter = "ABCDE"[item.choices.index(item.answer)]
            assert front.count(item.answer) == 1  # only as one option among the others
            assert all(choice in front for choice in item.choices)
            assert "correct" not in out.question_text
            assert f"Answer {letter} · {item.answer}" in back
            assert f"correct-{letter}" in out.answer_text
        elif item.type == "truefalse":
            assert "True or false?" in front and front.count("True") == 1
            assert f"Answer {item.answer}" in back
        else:
            assert item.answer not in front
            assert f"Answer {item.answer}" in back
        assert "[[type:Answer]]" in out.question_text if item.type == "short" else True
        for shown in (item.source.sentence, doc.title, doc.author, doc.date):
            assert shown in back


def test_anki_reimport_updates_edited_note_in_place_and_keeps_review_history(
    col, small_bank, item_factory, tmp_path
):
    export_and_import(col, small_bank, tmp_path, timestamp=T0)
    before = {k: n.id for k, n in notes_by_item(col).items()}
    [card] = cards_of(col, notes_by_item(col)["i-mcq"])
    card.start_timer()
    col.sched.answerCard(card, 3)
    assert col.db.scalar("select count() from revlog where cid = ?", card.id) == 1

    doc = small_bank.documents[0]
    s = "Armenia is a member of the CSTO."
    edited = small_bank.items[0].evolve(prompt="Which capital brokered the 2020 ceasefire?")
    added = item_factory(id="i-new", type="short", prompt="Which bloc is Armenia a member of?", answer="the CSTO",
                         choices=(), source=Source(doc.id, s, 37, 37 + len(s)))
    changed = Bank(small_bank.documents, (edited, *small_bank.items[1:3], added))  # i-tf removed
    log = export_and_import(col, changed, tmp_path, timestamp=T0 + 60)

    notes = notes_by_item(col)
    assert len(log.new) == 1 and "Which capital" in " ".join(f for n in log.updated for f in n.fields)
    assert notes["i-mcq"].id == before["i-mcq"]
    assert visible(notes["i-mcq"]["Question"]) == "Which capital brokered the 2020 ceasefire?"
    assert col.note_count() == 5  # four from before (Anki keeps the removed one) and the new one
    assert {k: n.id for k, n in notes.items() if k in before} == before
    assert col.card_count() == 5
    [card] = cards_of(col, notes["i-mcq"])
    assert card.reps == 1
    assert col.db.scalar("select count() from revlog where cid = ?", card.id) == 1


def test_anki_reimport_of_an_unchanged_bank_duplicates_nothing(col, small_bank, tmp_path):
    export_and_import(col, small_bank, tmp_path, timestamp=T0)
    log = export_and_import(col, small_bank, tmp_path, timestamp=T0 + 5)
    assert not log.new and col.note_count() == len(small_bank.items)


def test_anki_write_without_timestamp_stamps_notes_with_the_current_time(col, small_bank, tmp_path):
    start = int(time.time())
    [path] = write_decks(small_bank, tmp_path, bank_name=BANK_NAME)
    import_apkg(col, path)
    assert all(col.get_note(nid).mod >= start for nid in col.find_notes(""))


def test_anki_hostile_text_in_source_and_prompt_arrives_escaped(col, small_bank, document_factory, item_factory,
                                                                tmp_path):
    sentence = f"The report says {HOSTILE} about Moscow."
    doc = document_factory(text=sentence, title=f"Title {HOSTILE}", author=HOSTILE)
    src = Source(doc.id, sentence, 0, len(sentence))
    items = (
        item_factory(id="h-mcq", prompt=f"Which city? {HOSTILE}", choices=("Baku", "Moscow", HOSTILE),
                     source=src),
        item_factory(id="h-cloze", type="cloze", prompt=f"{HOSTILE} {{{{gap}}}} says {{{{c2::x}}}}.",
                     answer="Moscow:: }}", choices=(), source=src),
        item_factory(id="h-short", type="short", prompt=f"What? {HOSTILE}", answer="A & B", choices=(),
                     source=src, explanation=HOSTILE),
        item_factory(id="h-tf", type="truefalse", prompt=HOSTILE, answer="True", choices=("True", "False"),
                     source=src),
    )
    export_and_import(col, Bank((doc,), items), tmp_path, timestamp=T0)

    notes = notes_by_item(col)
    assert set(notes) == {i.id for i in items}
    assert len(cards_of(col, notes["h-cloze"])) == 1  # no cloze syntax smuggled in through the text
    for note in notes.values():
        out = cards_of(col, note)[0].render_output()
        for rendered in (out.question_text, out.answer_text):
            assert "<script>" not in rendered and "<b>" not in rendered
        assert HOSTILE in visible(out.question_text)
        assert f"Title {HOSTILE}" in visible(out.answer_text)
        assert sentence in visible(out.answer_text)
    assert "Answer Moscow:: }}" in visible(cards_of(col, notes["h-cloze"])[0].render_output().answer_text)


def test_anki_per_document_gives_one_stable_package_per_text(small_bank, document_factory, item_factory, col,
                                                             tmp_path):
    doc2 = document_factory(text="Baku and Ankara signed the Shusha declaration.", title="Shusha: a declaration")
    s = doc2.text
    extra = item_factory(id="i-doc2", source=Source(doc2.id, s, 0, len(s)))
    bank = Bank((*small_bank.documents, doc2), (*small_bank.items, extra))

    first = build_decks(bank, bank_name=BANK_NAME, per_document=True, timestamp=T0)
    again = build_decks(bank, bank_name=BANK_NAME, per_document=True, timestamp=T0)
    assert [name for name, _ in first] == ["a-test-text.apkg", "shusha-a-declaration.apkg"]
    assert [[d.deck_id for d in p.decks] for _, p in first] == [[d.deck_id for d in p.decks] for _, p in again]

    paths = write_decks(bank, tmp_path / "decks", bank_name=BANK_NAME, per_document=True, timestamp=T0)
    for path in paths:
        import_apkg(col, path)
    decks = {col.decks.name(col.get_card(cid).did) for cid in col.find_cards("")}
    assert decks == {"Caucasus reader::A test text", "Caucasus reader::Shusha: a declaration"}
    assert col.note_count() == len(bank.items)


def test_anki_only_approved_items_by_default_all_with_none(small_bank):
    bank = Bank(small_bank.documents, (small_bank.items[0].evolve(status="draft"), *small_bank.items[1:]))
    [(_, default)] = build_decks(bank, bank_name=BANK_NAME)
    [(_, everything)] = build_decks(bank, bank_name=BANK_NAME, statuses=None)
    assert sum(len(d.notes) for d in default.decks) == 3
    assert sum(len(d.notes) for d in everything.decks) == 4


def test_anki_write_decks_refuses_several_decks_into_one_file(small_bank, document_factory, item_factory, tmp_path):
    doc2 = document_factory(text="Another text.", title="Another")
    bank = Bank((*small_bank.documents, doc2),
                (*small_bank.items, item_factory(id="x", source=Source(doc2.id, "Another text.", 0, 13))))
    with pytest.raises(ValueError):
        write_decks(bank, tmp_path / "one.apkg", bank_name=BANK_NAME, per_document=True)
    [path] = write_decks(bank, tmp_path / "one.apkg", bank_name=BANK_NAME)
    assert path == tmp_path / "one.apkg" and path.stat().st_size > 0


def test_anki_tags_are_namespaced_and_spaceless(small_bank):
    item = small_bank.items[0].evolve(tags=("my tag", "quiz::source::Al Jazeera", "kind::argument"),
                                      difficulty=1.3, topic="South Caucasus / Russia")
    [(_, package)] = build_decks(Bank(small_bank.documents, (item,)), bank_name=BANK_NAME)
    [note] = [n for d in package.decks for n in d.notes]
    assert note.tags == ["quiz::type::mcq", "quiz::kind::fact", "quiz::topic::South_Caucasus_Russia",
                         "quiz::text::a-test-text", "quiz::difficulty::hard", "quiz::my_tag",
                         "quiz::source::Al_Jazeera"]


def test_anki_note_types_and_deck_ids_are_frozen():
    # Anki matches note types by id and fields: changing these orphans every deck users already have.
    assert {k: (m.model_id, m.name, [f["name"] for f in m.fields]) for k, m in MODELS.items()} == {
        "mcq": (1829902927, "quiz: multiple choice",
                ["Question", "OptionA", "OptionB", "OptionC", "OptionD", "OptionE", "Correct", "Answer",
                 "Explanation", "Source", "Title", "Author", "Date", "Topic", "ItemId"]),
        "cloze": (1988901491, "quiz: cloze",
                  ["Text", "Answer", "Accept", "Explanation", "Source", "Title", "Author", "Date", "Topic", "ItemId"]),
        "short": (1351060021, "quiz: short answer",
                  ["Question", "Answer", "Accept", "Explanation", "Source", "Title", "Author", "Date", "Topic",
                   "ItemId"]),
        "truefalse": (1096083186, "quiz: true/false",
                      ["Statement", "Answer", "Explanation", "Source", "Title", "Author", "Date", "Topic", "ItemId"]),
    }
    assert deck_id_for("Caucasus reader::A test text") == deck_id_for("Caucasus reader::A test text")
    assert deck_id_for("Caucasus reader::A test text") != deck_id_for("Caucasus reader::Another")
