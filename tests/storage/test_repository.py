"""The bank repository on SQLite and on a real PostgreSQL server: merge, load, edit, review, revert."""
from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from quiz.core.items import Bank, Source
from quiz.storage.models import Base
from quiz.storage.repository import (
    ItemNotFound,
    bank_stats,
    edit_item,
    get_document,
    get_item,
    get_record,
    item_history,
    list_items,
    load_bank,
    merge_bank,
    revert_item,
    set_status,
)

T0 = datetime(2026, 1, 1, 12, 0, tzinfo=timezone.utc)
T1 = T0 + timedelta(days=1)
T2 = T0 + timedelta(days=2)


def dump(engine) -> dict[str, list[tuple]]:
    """Every row of every table, sorted, for before/after comparisons."""
    out = {}
    with Session(engine) as session:
        for table in Base.metadata.sorted_tables:
            rows = session.execute(select(table)).all()
            out[table.name] = sorted((tuple(map(repr, row)) for row in rows))
    return out


def regenerate(bank: Bank, **changes_by_id) -> Bank:
    """The same bank as a new generation run would give it, with some items changed."""
    items = tuple(i.evolve(**changes_by_id[i.id]) if i.id in changes_by_id else i for i in bank.items)
    return Bank(documents=bank.documents, items=items)


def test_repository_merge_inserts_drafts_and_documents(db_engine, small_bank):
    report = merge_bank(db_engine, small_bank, now=T0)
    assert sorted(report.inserted) == sorted(i.id for i in small_bank.items)
    assert report.documents_inserted == (small_bank.documents[0].id,)
    stored = load_bank(db_engine, statuses=None)
    assert {i.id for i in stored.items} == {i.id for i in small_bank.items}
    assert all(i.status == "draft" for i in stored.items)  # the bank said approved: new items start as drafts
    assert load_bank(db_engine).items == ()  # default: approved only
    doc = get_document(db_engine, small_bank.documents[0].id)
    assert doc == small_bank.documents[0]
    mcq = get_item(db_engine, "i-mcq")
    assert mcq == small_bank.items[0].evolve(status="draft")
    assert get_record(db_engine, "i-mcq").created_at == T0


def test_repository_remerge_same_bank_keeps_ids_and_duplicates_nothing(db_engine, small_bank):
    merge_bank(db_engine, small_bank, now=T0)
    set_status(db_engine, ["i-tf"], "approved", by="prof", now=T0)
    before = dump(db_engine)
    report = merge_bank(db_engine, small_bank, now=T1)
    assert sorted(report.unchanged) == ["i-cloze", "i-mcq", "i-short"]
    assert report.kept == ("i-tf",)
    assert report.inserted == report.updated == report.retired == ()
    assert dump(db_engine) == before  # nothing written at all, not even a timestamp
    assert bank_stats(db_engine)["items"] == 4


def test_repository_regenerate_refreshes_untouched_drafts(db_engine, small_bank):
    merge_bank(db_engine, small_bank, now=T0)
    new = regenerate(small_bank, **{"i-mcq": dict(quality=0.3, difficulty=1.2, choices=("Paris", "Moscow", "Baku"))})
    report = merge_bank(db_engine, new, now=T1)
    assert report.updated == ("i-mcq",)
    item = get_item(db_engine, "i-mcq")
    assert (item.quality, item.difficulty, item.choices) == (0.3, 1.2, ("Paris", "Moscow", "Baku"))
    assert [v.action for v in item_history(db_engine, "i-mcq")] == ["generated", "generated"]


def test_repository_instructor_edit_survives_regeneration(db_engine, small_bank):
    merge_bank(db_engine, small_bank, now=T0)
    edit_item(db_engine, "i-mcq", {"prompt": "Which capital brokered the 2020 ceasefire?"}, by="prof", now=T1)
    new = regenerate(small_bank, **{"i-mcq": dict(prompt="Who brokered a ceasefire?", quality=0.1)})
    report = merge_bank(db_engine, new, now=T2)
    assert report.kept == ("i-mcq",)
    item = get_item(db_engine, "i-mcq")
    assert item.prompt == "Which capital brokered the 2020 ceasefire?"
    assert item.quality == small_bank.items[0].quality
    assert get_record(db_engine, "i-mcq").edited


def test_repository_decisions_survive_regeneration(db_engine, small_bank):
    merge_bank(db_engine, small_bank, now=T0)
    assert set_status(db_engine, ["i-mcq", "i-cloze"], "approved", by="prof", now=T1) == 2
    set_status(db_engine, ["i-short"], "rejected", by="prof", now=T1, reason="ambiguous")
    new = regenerate(small_bank, **{"i-mcq": dict(prompt="Changed?", quality=0.2),
                                    "i-short": dict(answer="CSTO treaty")})
    merge_bank(db_engine, new, now=T2)
    statuses = {i.id: i.status for i in load_bank(db_engine, statuses=None).items}
    assert statuses == {"i-mcq": "approved", "i-cloze": "approved", "i-short": "rejected", "i-tf": "draft"}
    mcq = get_item(db_engine, "i-mcq")
    assert mcq.prompt == small_bank.items[0].prompt  # approved content is frozen...
    assert mcq.quality == 0.2  # ...but the ranker's new score is taken
    assert get_item(db_engine, "i-short").answer == "Collective Security Treaty Organization"
    assert get_record(db_engine, "i-short").reject_reason == "ambiguous"


def test_repository_item_whose_sentence_disappeared_is_retired_not_deleted(db_engine, small_bank):
    merge_bank(db_engine, small_bank, now=T0)
    set_status(db_engine, ["i-short"], "approved", by="prof", now=T0)
    doc = small_bank.documents[0]
    gone = small_bank.items[2].source.sentence  # the CSTO sentence is cut from the text
    edited = replace(doc, text=doc.text.replace(gone, "").strip(), id="d-edited")
    kept = tuple(replace(i, source=replace(i.source, document="d-edited")) for i in small_bank.items
                 if i.id != "i-short")
    report = merge_bank(db_engine, Bank(documents=(edited,), items=kept), now=T1)
    assert "i-short" in report.retired
    record = get_record(db_engine, "i-short")
    assert record.retired and record.item.status == "approved"
    assert "i-short" not in {i.id for i in load_bank(db_engine, statuses=None).items}
    assert "i-short" in {i.id for i in load_bank(db_engine, statuses=None, include_retired=True).items}
    assert item_history(db_engine, "i-short")[-1].action == "retired"
    assert bank_stats(db_engine)["retired"] == 1
    # the sentence comes back: the item is live again, with its decision
    assert merge_bank(db_engine, small_bank, now=T2).revived == ("i-short",)
    assert not get_record(db_engine, "i-short").retired


def test_repository_items_of_other_documents_are_not_retired(db_engine, small_bank, document_factory,
                                                              item_factory):
    other = document_factory(text="Georgia applied to join the EU in 2022.", path="other.txt")
    extra = item_factory(id="i-other", sentence="Georgia applied to join the EU in 2022.", document=other.id)
    merge_bank(db_engine, Bank(documents=(other,), items=(extra,)), now=T0)
    merge_bank(db_engine, small_bank, now=T1)
    assert not get_record(db_engine, "i-other").retired


def test_repository_failed_merge_leaves_database_unchanged(db_engine, small_bank, item_factory):
    merge_bank(db_engine, small_bank, now=T0)
    edit_item(db_engine, "i-tf", {"explanation": "Armenia joined in 1992."}, by="prof", now=T0)
    before = dump(db_engine)
    doc = small_bank.documents[0]
    changed_doc = replace(doc, title="A new title")
    orphan = item_factory(id="i-orphan", document="d-nowhere")  # violates the documents foreign key
    bad = Bank(documents=(changed_doc,),
               items=tuple(i.evolve(quality=0.1) for i in small_bank.items[:3])
               + (item_factory(id="i-new", source=Source(doc.id, "New.", 0, 4)), orphan))
    with pytest.raises(IntegrityError):
        merge_bank(db_engine, bad, now=T1)
    assert dump(db_engine) == before


def test_repository_failed_merge_with_bad_type_leaves_database_unchanged(db_engine, small_bank, item_factory):
    merge_bank(db_engine, small_bank, now=T0)
    before = dump(db_engine)
    bad_item = item_factory(id="i-bad", type="essay", source=small_bank.items[0].source)
    with pytest.raises(IntegrityError):
        merge_bank(db_engine, Bank(documents=small_bank.documents, items=(bad_item,)), now=T1)
    assert dump(db_engine) == before


def test_repository_history_and_revert(db_engine, small_bank):
    merge_bank(db_engine, small_bank, now=T0)
    edit_item(db_engine, "i-mcq", {"answer": "Moscow city", "tags": ["x"]}, by="prof", now=T1)
    set_status(db_engine, ["i-mcq"], "approved", by="prof", now=T1)
    history = item_history(db_engine, "i-mcq")
    assert [(v.version, v.action, v.changed_by) for v in history] == [
        (1, "generated", "generator"), (2, "edited", "prof"), (3, "approved", "prof")]
    assert history[1].item.answer == "Moscow city"
    assert history[0].changed_at == T0
    reverted = revert_item(db_engine, "i-mcq", 1, by="prof", now=T2)
    assert reverted == small_bank.items[0].evolve(status="draft")
    record = get_record(db_engine, "i-mcq")
    assert not record.edited and record.updated_at == T2
    assert item_history(db_engine, "i-mcq")[-1].action == "reverted"
    with pytest.raises(ItemNotFound):
        revert_item(db_engine, "i-mcq", 99, by="prof", now=T2)


def test_repository_edit_rejects_unknown_fields_and_ids(db_engine, small_bank):
    merge_bank(db_engine, small_bank, now=T0)
    with pytest.raises(ValueError):
        edit_item(db_engine, "i-mcq", {"status": "approved"}, by="prof", now=T1)
    with pytest.raises(ValueError):
        edit_item(db_engine, "i-mcq", {"type": "essay"}, by="prof", now=T1)
    with pytest.raises(ItemNotFound):
        edit_item(db_engine, "nope", {"prompt": "x"}, by="prof", now=T1)
    with pytest.raises(ItemNotFound):
        set_status(db_engine, ["i-mcq", "nope"], "approved", by="prof", now=T1)
    assert get_item(db_engine, "i-mcq").status == "draft"  # bulk action is all or nothing


def test_repository_list_items_filters_sorts_and_pages(db_engine, small_bank):
    merge_bank(db_engine, Bank(
        documents=small_bank.documents,
        items=tuple(i.evolve(quality=q) for i, q in zip(small_bank.items, (0.9, 0.7, 0.5, 0.3)))), now=T0)
    set_status(db_engine, ["i-tf"], "approved", by="prof", now=T1)
    ids = lambda page: [r.item.id for r in page.records]  # noqa: E731
    assert ids(list_items(db_engine)) == ["i-mcq", "i-cloze", "i-short", "i-tf"]
    assert ids(list_items(db_engine, sort="quality", limit=2)) == ["i-tf", "i-short"]
    page = list_items(db_engine, sort="quality", limit=2, offset=2)
    assert ids(page) == ["i-cloze", "i-mcq"] and page.total == 4
    assert ids(list_items(db_engine, text="csto")) == ["i-short", "i-tf"]
    assert ids(list_items(db_engine, text="100%")) == []
    assert ids(list_items(db_engine, type="cloze")) == ["i-cloze"]
    assert ids(list_items(db_engine, kind="definition")) == ["i-short"]
    assert ids(list_items(db_engine, status="approved")) == ["i-tf"]
    assert ids(list_items(db_engine, status=["draft"], min_quality=0.5, max_quality=0.8)) == ["i-cloze", "i-short"]
    assert ids(list_items(db_engine, document=small_bank.documents[0].id, topic="Nagorno-Karabakh")) == ids(
        list_items(db_engine))
    assert list_items(db_engine, document="other").total == 0
    with pytest.raises(ValueError):
        list_items(db_engine, sort="random")


def test_repository_bank_stats_counts(db_engine, small_bank):
    merge_bank(db_engine, small_bank, now=T0)
    set_status(db_engine, ["i-mcq"], "rejected", by="prof", now=T1, reason="dup")
    stats = bank_stats(db_engine)
    doc_id = small_bank.documents[0].id
    assert stats["items"] == 4 and stats["documents"] == 1 and stats["retired"] == 0
    assert stats["by_status"] == {"draft": 3, "rejected": 1}
    assert stats["by_type"] == {"cloze": 1, "mcq": 1, "short": 1, "truefalse": 1}
    assert stats["by_kind"] == {"definition": 1, "fact": 3}
    assert stats["by_document"][doc_id] == {"title": "A test text", "items": 4, "draft": 3, "approved": 0,
                                            "rejected": 1}


def test_repository_functions_join_a_callers_session(db_engine, small_bank):
    with Session(db_engine) as session:
        merge_bank(session, small_bank, now=T0)
        set_status(session, ["i-mcq"], "approved", by="prof", now=T0)
        session.rollback()
    assert load_bank(db_engine, statuses=None).items == ()


def test_repository_decided_item_stays_while_its_sentence_is_in_the_text(db_engine, small_bank):
    merge_bank(db_engine, small_bank, now=T0)
    set_status(db_engine, ["i-short"], "approved", by="prof", now=T0)
    new = Bank(documents=small_bank.documents, items=tuple(i for i in small_bank.items if i.id not in ("i-short", "i-tf")))
    report = merge_bank(db_engine, new, now=T1)
    assert report.retired == ("i-tf",)  # an untouched draft the generator no longer makes goes
    assert not get_record(db_engine, "i-short").retired  # an approved one stays: its sentence is still there
