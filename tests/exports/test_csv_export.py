"""CSV export: one row per item, readable back with the csv module, safe against formula injection."""
from __future__ import annotations

import csv
import io

import pytest

from special_bank import NASTY, make_special_bank
from quiz.core.items import Bank
from quiz.exports import export_csv
from quiz.exports.csv_export import COLUMNS, guard_cell


def read_rows(data: bytes) -> list[dict[str, str]]:
    assert data.startswith(b"\xef\xbb\xbf")  # BOM, so spreadsheets read UTF-8
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def test_csv_one_row_per_item_with_all_columns(small_bank):
    rows = read_rows(export_csv(small_bank))
    assert list(rows[0]) == list(COLUMNS)
    assert [r["id"] for r in rows] == [i.id for i in small_bank.items]
    mcq = rows[0]
    assert mcq["choices"] == "Ankara | Moscow | Baku | Yerevan"
    assert mcq["document_title"] == "A test text"
    assert (mcq["start"], mcq["end"], mcq["difficulty"], mcq["quality"]) == ("0", "36", "0.000", "0.800")
    assert rows[2]["accept"] == "CSTO"
    assert mcq["tags"] == "type::mcq | kind::fact"


def test_csv_keeps_special_characters(item_factory, document_factory):
    bank = make_special_bank(item_factory, document_factory)
    rows = read_rows(export_csv(bank))
    by_id = {r["id"]: r for r in rows}
    assert by_id["n-mcq"]["prompt"] == "Which? " + NASTY  # raw, even the CR LF and control character
    assert by_id["n-cloze"]["answer"] == 'Cl}o#z~e/"\\'
    assert by_id["n-cloze-end"]["document_title"] == ""


@pytest.mark.parametrize("evil", ["=HYPERLINK(\"http://x\")", "+1+1", "-2+3", "@SUM(A1)", "\tx", "\rx"])
def test_csv_guards_against_formula_injection(item_factory, evil):
    item = item_factory(prompt=evil, answer=evil, explanation=evil, topic=evil, choices=(evil, "b"),
                        difficulty=-1.25)
    row = read_rows(export_csv(Bank((), (item,))))[0]
    for column in ("prompt", "answer", "explanation", "topic", "choices"):
        assert row[column].startswith("'" + evil[0]), column
    assert row["difficulty"] == "-1.250"  # our own numbers stay numbers


def test_csv_guard_cell_leaves_plain_text_alone():
    assert guard_cell("Moscow") == "Moscow"
    assert guard_cell("a=b") == "a=b"
    assert guard_cell("=1") == "'=1"


def test_csv_empty_bank_has_header_only():
    assert read_rows(export_csv(Bank((), ()))) == []
