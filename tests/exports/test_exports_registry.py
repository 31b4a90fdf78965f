"""The exports registry: every format exports any bank to bytes; filtering and file names."""
from __future__ import annotations

import pytest

from special_bank import make_special_bank
from quiz.core.items import Bank
from quiz.exports import EXPORTERS, export_filename, filter_bank


def test_registry_lists_the_five_formats():
    assert list(EXPORTERS) == ["json", "csv", "gift", "moodle", "qti"]
    for fmt, (function, extension, mime_type) in EXPORTERS.items():
        assert function.__name__ == f"export_{fmt}"
        assert extension.startswith(".") and "/" in mime_type


@pytest.mark.parametrize("fmt", list(EXPORTERS))
def test_registry_every_format_exports_bytes(fmt, small_bank, item_factory, document_factory):
    export = EXPORTERS[fmt].function
    assert isinstance(export(small_bank, bank_name="Post-Soviet Space"), bytes)
    assert export(make_special_bank(item_factory, document_factory)) == export(
        make_special_bank(item_factory, document_factory))  # same bank, same bytes
    assert isinstance(export(Bank((), ())), bytes)


def test_filter_bank_keeps_only_wanted_statuses(small_bank):
    items = small_bank.items
    bank = Bank(small_bank.documents, (items[0], items[1].evolve(status="draft"), items[2].evolve(status="rejected"),
                                       items[3]))
    assert [i.id for i in filter_bank(bank).items] == ["i-mcq", "i-tf"]
    assert [i.id for i in filter_bank(bank, {"draft", "approved"}).items] == ["i-mcq", "i-cloze", "i-tf"]
    assert filter_bank(bank).documents == bank.documents
    assert len(bank.items) == 4  # the input is not changed


def test_export_filename_uses_slug_and_extension():
    assert export_filename("gift", "Post-Soviet Space") == "post-soviet-space.gift.txt"
    assert export_filename("qti", "Кавказ / 2026!") == "кавказ-2026.qti.zip"
    assert export_filename("json", "???") == "quiz.json"
    with pytest.raises(ValueError, match="unknown export format"):
        export_filename("docx", "x")
