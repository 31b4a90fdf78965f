"""Shared fixtures: the real spaCy pipeline (once per session), item factories, a tiny bank."""
from __future__ import annotations

from pathlib import Path

import pytest

from quiz.core.items import Bank, Document, Item, Source, stable_id

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"


@pytest.fixture(scope="session")
def nlp():
    """The real spaCy pipeline, loaded once for the whole run."""
    from quiz.core.nlp import load_pipeline

    return load_pipeline()


def make_document(**overrides) -> Document:
    """A small document; override any field."""
    text = overrides.pop("text", "Moscow brokered a ceasefire in 2020. Armenia is a member of the CSTO.")
    fields = dict(
        id=stable_id(text, prefix="d"),
        title="A test text",
        path="test.txt",
        sha256="0" * 64,
        text=text,
        words=len(text.split()),
        author="A. Writer",
        date="2020-11-10",
    )
    fields.update(overrides)
    return Document(**fields)


def make_item(**overrides) -> Item:
    """A valid MCQ item; override any field (source as a Source or a dict)."""
    doc_id = overrides.pop("document", "dtest")
    sentence = overrides.pop("sentence", "Moscow brokered a ceasefire in 2020.")
    fields = dict(
        id=overrides.pop("id", stable_id(sentence, "mcq", prefix="i")),
        type="mcq",
        kind="fact",
        prompt="Which city brokered a ceasefire in 2020?",
        answer="Moscow",
        choices=("Ankara", "Moscow", "Baku", "Yerevan"),
        accept=(),
        explanation="Moscow brokered a ceasefire in 2020.",
        source=Source(doc_id, sentence, 0, len(sentence)),
        topic="Nagorno-Karabakh",
        tags=("type::mcq", "kind::fact"),
        difficulty=0.0,
        quality=0.8,
        status="approved",
    )
    fields.update(overrides)
    if isinstance(fields["source"], dict):
        fields["source"] = Source(**fields["source"])
    return Item(**fields)


@pytest.fixture
def item_factory():
    return make_item


@pytest.fixture
def document_factory():
    return make_document


@pytest.fixture
def small_bank() -> Bank:
    """A bank of one document and one item of each type."""
    doc = make_document()
    s1 = "Moscow brokered a ceasefire in 2020."
    s2 = "Armenia is a member of the CSTO."
    src1 = Source(doc.id, s1, 0, len(s1))
    src2 = Source(doc.id, s2, len(s1) + 1, len(s1) + 1 + len(s2))
    items = (
        make_item(id="i-mcq", source=src1),
        make_item(id="i-cloze", type="cloze", prompt="{{gap}} brokered a ceasefire in 2020.", choices=(), source=src1),
        make_item(id="i-short", type="short", kind="definition", prompt="What does CSTO stand for?",
                  answer="Collective Security Treaty Organization", choices=(), accept=("CSTO",), source=src2),
        make_item(id="i-tf", type="truefalse", prompt="True or false: Armenia is a member of the CSTO.",
                  answer="True", choices=("True", "False"), source=src2),
    )
    return Bank(documents=(doc,), items=items, generated_at="2026-01-01T00:00:00+00:00")
