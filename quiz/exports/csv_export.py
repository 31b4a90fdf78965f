"""Export the bank as CSV: one row per item, safe to open in a spreadsheet."""
from __future__ import annotations

import csv
import io

from quiz.core.items import Bank, Item

COLUMNS = (
    "id", "type", "kind", "status", "topic", "prompt", "answer", "choices", "accept", "explanation",
    "document", "document_title", "sentence", "start", "end", "difficulty", "quality", "tags",
)
LIST_SEPARATOR = " | "
# A spreadsheet treats a cell starting with one of these as a formula (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def guard_cell(text: str) -> str:
    """Prefix an apostrophe to text a spreadsheet would run as a formula."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _row(item: Item, titles: dict[str, str]) -> list[str]:
    text = {
        "id": item.id,
        "type": item.type,
        "kind": item.kind,
        "status": item.status,
        "topic": item.topic,
        "prompt": item.prompt,
        "answer": item.answer,
        "choices": LIST_SEPARATOR.join(item.choices),
        "accept": LIST_SEPARATOR.join(item.accept),
        "explanation": item.explanation,
        "document": item.source.document,
        "document_title": titles.get(item.source.document, ""),
        "sentence": item.source.sentence,
        "tags": LIST_SEPARATOR.join(item.tags),
    }
    # Numbers we format ourselves stay numbers (a guarded "-0.5" would stop being one).
    numbers = {
        "start": str(item.source.start),
        "end": str(item.source.end),
        "difficulty": f"{float(item.difficulty):.3f}",
        "quality": f"{float(item.quality):.3f}",
    }
    return [numbers[c] if c in numbers else guard_cell(text[c]) for c in COLUMNS]


def export_csv(bank: Bank, *, bank_name: str = "quiz") -> bytes:
    """Write one CSV row per item (UTF-8 with a BOM so spreadsheets detect the encoding)."""
    titles = {d.id: d.title for d in bank.documents}
    buf = io.StringIO(newline="")
    writer = csv.writer(buf)
    writer.writerow(COLUMNS)
    for item in bank.items:
        writer.writerow(_row(item, titles))
    return buf.getvalue().encode("utf-8-sig")
