"""The bank built from the seeds, as a student and an instructor would judge it."""
from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import jsonschema
import pytest

from quiz.core.items import Bank
from quiz.core.pipeline import build_bank

ROOT = Path(__file__).resolve().parents[2]
SCHEMA = json.loads((ROOT / "quiz" / "data" / "bank.schema.json").read_text())
FURNITURE = ["Main menu", "featured image", "Got news tips", "Related article", "Byline Times is funded",
             "views expressed in opinion pieces", "More stories filed", "Don’t miss a story"]


@pytest.fixture(scope="module")
def seed_bank(nlp) -> Bank:
    bank, report = build_bank([ROOT / "seeds"], nlp, seed=0)
    assert report.problems == []
    return bank


def test_pipeline_bank_validates_against_the_contract(seed_bank):
    data = json.loads(json.dumps(seed_bank.to_dict()))
    jsonschema.validate(data, SCHEMA)


def test_pipeline_contract_copy_matches_the_shared_one():
    shared = ROOT.parent / "shared" / "contracts" / "bank.schema.json"
    if shared.exists():  # beside a checkout the shared contract is the source of truth
        assert json.loads(shared.read_text()) == SCHEMA


def test_pipeline_items_from_every_text_of_every_type_and_kind(seed_bank):
    docs = {d.id for d in seed_bank.documents}
    assert len(docs) == 5
    assert {i.source.document for i in seed_bank.items} == docs
    assert {i.type for i in seed_bank.items} == {"cloze", "mcq", "short", "truefalse"}
    assert {i.kind for i in seed_bank.items} == {"fact", "argument", "definition"}
    per_doc_arguments = Counter(i.source.document for i in seed_bank.items if i.kind == "argument")
    assert set(per_doc_arguments) == docs, "every text gets at least one argument item"


def test_pipeline_provenance_points_at_the_source_sentence(seed_bank):
    texts = {d.id: d.text for d in seed_bank.documents}
    for item in seed_bank.items:
        s = item.source
        assert texts[s.document][s.start:s.end] == s.sentence


def test_pipeline_nothing_from_site_furniture(seed_bank):
    for item in seed_bank.items:
        for junk in FURNITURE:
            assert junk.lower() not in item.source.sentence.lower()
            assert junk.lower() not in item.prompt.lower()


def test_pipeline_items_are_well_formed(seed_bank):
    ids = [i.id for i in seed_bank.items]
    assert len(ids) == len(set(ids))
    for item in seed_bank.items:
        if item.type == "mcq":
            assert 3 <= len(item.choices) <= 5
            assert len(set(c.lower() for c in item.choices)) == len(item.choices)
            assert item.choices.count(item.answer) == 1
        if item.type == "cloze":
            assert item.prompt.count("{{gap}}") == 1
        if item.type == "truefalse":
            assert item.answer in ("True", "False") and item.choices == ("True", "False")
        if item.type != "truefalse":
            bare = item.prompt.replace("{{gap}}", " ").lower()
            assert not re.search(r"\b" + re.escape(item.answer.lower()) + r"\b", bare), item.prompt
        assert 0 <= item.quality <= 1
        assert all(" " not in t for t in item.tags)
        assert "  " not in item.prompt and not re.search(r"\s[,.;:?]", item.prompt), item.prompt


def test_pipeline_mcq_answer_position_is_shuffled(seed_bank):
    import random

    from quiz.core.distractors import shuffle_choices

    positions = Counter(i.choices.index(i.answer) for i in seed_bank.items if i.type == "mcq")
    assert len(positions) >= 2 and max(positions.values()) < sum(positions.values()), positions
    # the bank's keys stand in every position about equally: no position holds two more keys than another
    four = [i for i in seed_bank.items if i.type == "mcq" and len(i.choices) == 4]
    spread = Counter(i.choices.index(i.answer) for i in four)
    assert max(spread.values()) - min(spread.get(k, 0) for k in range(4)) <= 1 + len(four) // 8, spread
    # and over many items every position is used, about equally (the bank has too few MCQs to show it)
    many = Counter(shuffle_choices("key", ["a", "b", "c"], random.Random(f"0:d:{n}")).index("key") for n in range(400))
    assert set(many) == {0, 1, 2, 3} and min(many.values()) > 60, many


def test_pipeline_no_near_duplicate_questions(seed_bank):
    prompts = [i.prompt for i in seed_bank.items]
    assert len(prompts) == len(set(prompts))


def test_pipeline_same_input_same_bank(nlp, seed_bank):
    again, _ = build_bank([ROOT / "seeds"], nlp, seed=0)
    assert [i.to_dict() for i in again.items] == [i.to_dict() for i in seed_bank.items]


def test_pipeline_large_corpus_is_built_in_parts_with_every_text_kept(nlp, seed_bank):
    from quiz.core.pipeline import build_bank_from_documents

    parts_bank, report = build_bank_from_documents(seed_bank.documents, nlp, chunk_words=2_000)
    assert [d.id for d in parts_bank.documents] == [d.id for d in seed_bank.documents]
    assert {i.source.document for i in parts_bank.items} == {d.id for d in seed_bank.documents}
    jsonschema.validate(json.loads(json.dumps(parts_bank.to_dict())), SCHEMA)


def test_pipeline_cross_text_items_say_where_the_seed_texts_agree_and_what_each_argues(seed_bank):
    titles = {d.id: d.title for d in seed_bank.documents}
    texts = {d.id: d.text for d in seed_bank.documents}
    both = [i for i in seed_bank.items if i.prompt.startswith("Both “")]
    assert both, "the seeds agree that Russia's influence wanes and Turkey's grows: the bank should say so"
    for item in both:
        named = [t for t in titles.values() if f"“{t}”" in item.prompt]
        assert len(named) == 2 and item.answer == "True"
    theses = [i for i in seed_bank.items if i.prompt.startswith("Which statement best sums up the main point of")]
    assert len(theses) >= 2
    for item in theses:
        assert f"“{titles[item.source.document]}”" in item.prompt and len(set(item.choices)) == 4
        text = " ".join(texts[item.source.document].split())
        for choice in item.choices:  # every option is the same text's own statement, never another text's
            assert " ".join(choice.rstrip(".").split()[-6:]) in text, choice
    # "which of the texts argues …" is asked only about claims no other text could be said to make
    for item in seed_bank.items:
        if item.prompt.startswith("Which of the texts argues that"):
            assert item.answer == titles[item.source.document]


def test_pipeline_texts_without_a_title_are_named_after_their_subjects(seed_bank):
    for doc in seed_bank.documents:
        assert not doc.text.startswith(doc.title.rstrip("…").strip()), doc.title


def test_pipeline_no_blank_a_student_fills_from_general_knowledge(seed_bank):
    # 'the eastward expansion of the ___' is NATO to anyone who reads the news (blind raters failed it)
    blanks = [i for i in seed_bank.items if i.type in ("cloze", "short") or "_____" in i.prompt]
    assert not [i.prompt for i in blanks if i.answer in ("North Atlantic Treaty Organization", "NATO", "Moscow")]


def test_pipeline_no_true_false_item_about_a_bystander_the_text_names_once(seed_bank):
    # "The American Congresswoman Grace Napolitano submitted a draft resolution …": trivia to every rater
    assert not [i.prompt for i in seed_bank.items if i.type == "truefalse" and "Napolitano" in i.prompt]


def test_pipeline_a_blank_accepts_the_shorter_form_of_a_name_the_texts_also_use(seed_bank):
    # one text writes "the Eurasian Economic Union", another "the Eurasian Union": both are right
    items = [i for i in seed_bank.items if i.answer == "Eurasian Economic Union" and i.type in ("cloze", "short")]
    assert items and all("Eurasian Union" in i.accept for i in items)


def test_pipeline_no_option_that_points_at_something_without_saying_it():
    from quiz.core.distractors import _same_form

    assert not _same_form("Turkey’s direct involvement", "The role of the strong neighbor", "CLAIM")


def test_pipeline_true_false_statements_about_side_examples_rank_low(seed_bank):
    # "Like Poland in the northwest and Romania in the southwest, Turkey aspires …": Poland and Romania are named
    # once; a statement turning on them is a side example, not the argument
    side = [i for i in seed_bank.items if i.type == "truefalse" and "Poland in the northwest" in i.prompt]
    assert all(i.quality < 0.5 for i in side)  # not approved by `make run`


def test_pipeline_one_name_asked_once_even_when_the_source_misspells_it(seed_bank):
    # the seed text writes "Kuzio" and once "Cuzio": two blanks asking for the same man are one too many
    kuzio = [i for i in seed_bank.items if i.answer in ("Kuzio", "Cuzio", "Taras Kuzio") and i.type != "truefalse"]
    assert len(kuzio) <= 1


def test_pipeline_who_said_a_quoted_line_is_not_a_true_false_item_students_see(seed_bank):
    said = [i for i in seed_bank.items if i.type == "truefalse" and i.prompt.startswith("According to")
            and not i.prompt.startswith("According to the author") and "“" in i.prompt]  # (the author's own claim
    # with a term in scare quotes, "its “near abroad,”", is no one's quoted line)
    assert all(i.quality < 0.5 for i in said)  # raters accepted 4 of 14: obvious, or implausibly swapped


def test_pipeline_no_true_statement_that_copies_the_authors_judgement_back(seed_bank):
    # "According to the author, in Ukraine, Putin's desire … is clear" (True): raters accepted 1 of 8
    import re

    def squash(text: str) -> str:
        return re.sub(r"\W+", "", text.lower())

    authors = [i for i in seed_bank.items if i.type == "truefalse" and i.answer == "True"
               and i.prompt.startswith("According to the author,")]
    copied = [i for i in authors if squash(i.prompt.removeprefix("According to the author,")) in squash(i.source.sentence)]
    assert all(i.quality < 0.5 for i in copied)
    # in other words ("is not withdrawing from" for "is not leaving"), it is read, not recognised
    assert any(i.quality >= 0.5 for i in authors if i not in copied)


def test_pipeline_a_name_most_texts_of_a_subject_share_stays_guessable_in_a_mixed_corpus(nlp):
    # with a history of printing and a science text beside the seeds, "Armenia" is named in 5 texts of 9, yet
    # "if Azerbaijan defeated ___" is still a guess among the texts on the Caucasus: shares count related texts
    bank, _ = build_bank([ROOT / "seeds", ROOT / "tests" / "data" / "corpora"], nlp, seed=0)
    blanks = [i for i in bank.items if i.type in ("cloze", "short") or "_____" in i.prompt]
    assert not [i.prompt for i in blanks if i.answer in ("Armenia", "Moscow", "Azerbaijan")]


def test_pipeline_the_tipped_balance_item_is_left_to_the_instructor(seed_bank):
    # "what may have tipped the balance …?": the other factors the text weighs read as answers too (4 of 10 blind
    # raters accepted it since round 20): it stays in the bank as a draft, below the bar `make run` approves at
    (item,) = [i for i in seed_bank.items if "tipped the balance" in i.prompt]
    assert item.kind == "argument" and item.quality < 0.5
