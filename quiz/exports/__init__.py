"""Bank exports for learning platforms: JSON, CSV, Moodle GIFT, Moodle XML and QTI 1.2 (Canvas).

Every exporter is `export_<fmt>(bank, *, bank_name="quiz") -> bytes` and writes exactly the items of the
bank it is given: callers pick which ones (approved only, as a rule) with `filter_bank`.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import NamedTuple

from quiz.core.items import Bank

from ._common import slugify
from .csv_export import export_csv
from .gift import export_gift
from .json_export import export_json
from .moodle_xml import export_moodle
from .qti import export_qti

__all__ = [
    "EXPORTERS",
    "Exporter",
    "export_csv",
    "export_filename",
    "export_gift",
    "export_json",
    "export_moodle",
    "export_qti",
    "filter_bank",
]


class Exporter(NamedTuple):
    """An export format: the function, the default file extension (with its dot) and the MIME type."""

    function: Callable[..., bytes]
    extension: str
    mime_type: str


EXPORTERS: dict[str, Exporter] = {
    "json": Exporter(export_json, ".json", "application/json"),
    "csv": Exporter(export_csv, ".csv", "text/csv; charset=utf-8"),
    # Moodle's GIFT import only offers .txt files.
    "gift": Exporter(export_gift, ".gift.txt", "text/plain; charset=utf-8"),
    "moodle": Exporter(export_moodle, ".moodle.xml", "application/xml"),
    "qti": Exporter(export_qti, ".qti.zip", "application/zip"),
}


def filter_bank(bank: Bank, statuses: Iterable[str] = ("approved",)) -> Bank:
    """Return the bank with only the items whose status is one of `statuses` (documents kept)."""
    wanted = frozenset(statuses)
    return Bank(bank.documents, tuple(i for i in bank.items if i.status in wanted), bank.generated_at)


def export_filename(fmt: str, bank_name: str) -> str:
    """Name the export file for a format, e.g. ("gift", "Post-Soviet Space") -> "post-soviet-space.gift.txt"."""
    try:
        extension = EXPORTERS[fmt].extension
    except KeyError:
        raise ValueError(f"unknown export format {fmt!r}; choose one of {', '.join(EXPORTERS)}") from None
    return slugify(bank_name) + extension
