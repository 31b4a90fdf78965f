"""JSON export: valid against the bank contract and read back into the same bank."""
from __future__ import annotations

import json
from pathlib import Path

import jsonschema

from special_bank import make_special_bank
from quiz.core.items import Bank
from quiz.exports import export_json

SCHEMA = json.loads((Path(__file__).resolve().parents[2] / "quiz" / "data" / "bank.schema.json").read_text())


def test_json_export_validates_against_contract(small_bank):
    data = json.loads(export_json(small_bank, bank_name="Post-Soviet Space"))
    jsonschema.validate(data, SCHEMA)
    assert data["name"] == "Post-Soviet Space"
    assert "text" not in data["documents"][0]
    assert set(data["documents"][0]) >= {"id", "title", "path", "sha256", "words"}


def test_json_export_round_trips_special_characters(item_factory, document_factory):
    bank = make_special_bank(item_factory, document_factory)
    raw = export_json(bank)
    data = json.loads(raw.decode("utf-8"))
    jsonschema.validate(data, SCHEMA)
    back = Bank.from_dict(data)
    assert back.items == bank.items
    assert [d.id for d in back.documents] == [d.id for d in bank.documents]
    assert "Ереван".encode() in raw  # readable UTF-8, not \\u escapes
