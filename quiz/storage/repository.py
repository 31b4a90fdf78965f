"""The bank's repository: merge a generated bank, load it, edit, review, audit and revert items (no NLP)."""
from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Union

from sqlalchemy import Engine, func, or_, select
from sqlalchemy.orm import Session

from quiz.core.items import ITEM_KINDS, ITEM_TYPES, STATUSES, Bank, Document, Item, Source
from quiz.storage.db import WRITE_OPTION
from quiz.storage.models import DocumentRow, ItemRow, ItemVersionRow

__all__ = [
    "Bind",
    "ItemNotFound",
    "MergeReport",
    "ItemRecord",
    "ItemPage",
    "ItemVersion",
    "EDITABLE_FIELDS",
    "SORTS",
    "merge_bank",
    "load_bank",
    "get_item",
    "get_record",
    "list_items",
    "edit_item",
    "set_status",
    "item_history",
    "revert_item",
    "get_document",
    "list_documents",
    "bank_stats",
    "unit_of_work",
]

Bind = Union[Engine, Session]

# Fields the generator owns. An instructor's edit or decision freezes the content ones.
CONTENT_FIELDS = ("document_id", "type", "kind", "prompt", "answer", "choices", "accept", "explanation",
                  "source_sentence", "source_start", "source_end", "topic", "tags", "difficulty", "generator")
SCORE_FIELDS = ("quality", "features")
DOCUMENT_FIELDS = ("title", "path", "sha256", "words", "author", "date", "format", "text", "removed")
EDITABLE_FIELDS = frozenset({"type", "kind", "prompt", "answer", "choices", "accept", "explanation", "topic",
                             "tags", "difficulty"})
_LIST_FIELDS = ("choices", "accept", "tags")
_CHUNK = 500

SORTS = {
    "quality": (ItemRow.quality.asc(), ItemRow.id),
    "-quality": (ItemRow.quality.desc(), ItemRow.id),
    "difficulty": (ItemRow.difficulty.asc(), ItemRow.id),
    "-difficulty": (ItemRow.difficulty.desc(), ItemRow.id),
    "created": (ItemRow.created_at.asc(), ItemRow.id),
    "-created": (ItemRow.created_at.desc(), ItemRow.id),
    "updated": (ItemRow.updated_at.asc(), ItemRow.id),
    "-updated": (ItemRow.updated_at.desc(), ItemRow.id),
    "document": (ItemRow.document_id, ItemRow.source_start, ItemRow.id),
    "id": (ItemRow.id,),
}


class ItemNotFound(LookupError):
    """No item (or no such version of it) with that id."""


@dataclass(frozen=True)
class MergeReport:
    """What `merge_bank` did, as item and document ids per outcome."""

    inserted: tuple[str, ...] = ()
    updated: tuple[str, ...] = ()  # generated fields refreshed on an untouched draft
    unchanged: tuple[str, ...] = ()
    kept: tuple[str, ...] = ()  # edited or decided on by an instructor: content left as it was
    retired: tuple[str, ...] = ()
    revived: tuple[str, ...] = ()  # retired before, generated again now
    documents_inserted: tuple[str, ...] = ()
    documents_updated: tuple[str, ...] = ()

    def counts(self) -> dict[str, int]:
        """Return the number of ids per outcome."""
        return {name: len(getattr(self, name)) for name in self.__dataclass_fields__}


@dataclass(frozen=True)
class ItemRecord:
    """An item with its review state, as the instructor's desk shows it."""

    item: Item
    edited: bool
    retired: bool
    reject_reason: str | None
    created_at: datetime
    updated_at: datetime


@dataclass(frozen=True)
class ItemPage:
    """One page of `list_items` and the number of matches on all pages."""

    records: tuple[ItemRecord, ...]
    total: int
    limit: int
    offset: int


@dataclass(frozen=True)
class ItemVersion:
    """One row of an item's history."""

    item_id: str
    version: int
    action: str
    changed_by: str
    changed_at: datetime
    snapshot: dict[str, Any] = field(compare=False)

    @property
    def item(self) -> Item:
        """Return the item as it was after this change."""
        return Item.from_dict(self.snapshot)


@contextmanager
def unit_of_work(bind: Bind, *, write: bool = False) -> Iterator[Session]:
    """Yield a session: the caller's own (flushed, never committed), or a new one committed on success."""
    if isinstance(bind, Session):
        yield bind
        if write:
            bind.flush()
        return
    engine = bind.execution_options(**{WRITE_OPTION: True}) if write else bind
    with Session(engine, expire_on_commit=False) as session, session.begin():
        yield session


# --- conversions ------------------------------------------------------------------------------------------

def _item_values(item: Item) -> dict[str, Any]:
    return {
        "document_id": item.source.document,
        "type": item.type,
        "kind": item.kind,
        "prompt": item.prompt,
        "answer": item.answer,
        "choices": list(item.choices),
        "accept": list(item.accept),
        "explanation": item.explanation,
        "source_sentence": item.source.sentence,
        "source_start": int(item.source.start),
        "source_end": int(item.source.end),
        "topic": item.topic,
        "tags": list(item.tags),
        "difficulty": float(item.difficulty),
        "generator": item.generator,
        "quality": float(item.quality),
        "features": {k: float(v) for k, v in item.features.items()},
    }


def _to_item(row: ItemRow) -> Item:
    return Item(
        id=row.id,
        type=row.type,
        kind=row.kind,
        prompt=row.prompt,
        answer=row.answer,
        source=Source(row.document_id, row.source_sentence, row.source_start, row.source_end),
        choices=tuple(row.choices or ()),
        accept=tuple(row.accept or ()),
        explanation=row.explanation,
        topic=row.topic,
        tags=tuple(row.tags or ()),
        difficulty=row.difficulty,
        quality=row.quality,
        status=row.status,
        generator=row.generator,
        features=dict(row.features or {}),
    )


def _to_record(row: ItemRow) -> ItemRecord:
    return ItemRecord(_to_item(row), bool(row.edited), bool(row.retired), row.reject_reason,
                      row.created_at, row.updated_at)


def _document_values(doc: Document) -> dict[str, Any]:
    values = {name: getattr(doc, name) for name in DOCUMENT_FIELDS}
    values["removed"] = list(doc.removed)
    return values


def _to_document(row: DocumentRow) -> Document:
    return Document(id=row.id, title=row.title, path=row.path, sha256=row.sha256, text=row.text,
                    words=row.words, author=row.author, date=row.date, format=row.format,
                    removed=tuple(row.removed or ()))


def _snapshot(row: ItemRow, **extra: Any) -> dict[str, Any]:
    snap = _to_item(row).to_dict()
    snap.update(difficulty=row.difficulty, quality=row.quality, features=dict(row.features or {}),
                edited=bool(row.edited), retired=bool(row.retired), reject_reason=row.reject_reason, **extra)
    return snap


def _chunks(values: Sequence[str]) -> Iterator[Sequence[str]]:
    for i in range(0, len(values), _CHUNK):
        yield values[i:i + _CHUNK]


def _latest_versions(session: Session, item_ids: Sequence[str]) -> dict[str, int]:
    latest: dict[str, int] = {}
    for chunk in _chunks(item_ids):
        stmt = (select(ItemVersionRow.item_id, func.max(ItemVersionRow.version))
                .where(ItemVersionRow.item_id.in_(chunk)).group_by(ItemVersionRow.item_id))
        latest.update({item_id: version for item_id, version in session.execute(stmt)})
    return latest


def _add_version(session: Session, row: ItemRow, action: str, *, by: str, now: datetime,
                 latest: dict[str, int], **extra: Any) -> None:
    if row.id not in latest:
        latest.update(_latest_versions(session, [row.id]))
    number = latest.get(row.id, 0) + 1
    latest[row.id] = number
    session.add(ItemVersionRow(item_id=row.id, version=number, snapshot=_snapshot(row, **extra),
                               changed_by=by, changed_at=now, action=action))


def _require_row(session: Session, item_id: str) -> ItemRow:
    row = session.get(ItemRow, item_id)
    if row is None:
        raise ItemNotFound(item_id)
    return row


# --- merging a generated bank -------------------------------------------------------------------------------

def merge_bank(bind: Bind, bank: Bank, *, now: datetime, by: str = "generator") -> MergeReport:
    """Merge a generated bank in one transaction, keeping instructors' edits and decisions; never delete."""
    ids = [item.id for item in bank.items]
    if len(set(ids)) != len(ids):
        raise ValueError("the bank has duplicate item ids")
    out: dict[str, list[str]] = {name: [] for name in MergeReport.__dataclass_fields__}
    with unit_of_work(bind, write=True) as session:
        _merge_documents(session, bank.documents, now=now, out=out)
        session.flush()
        existing: dict[str, ItemRow] = {}
        for chunk in _chunks(ids):
            existing.update((r.id, r) for r in session.scalars(select(ItemRow).where(ItemRow.id.in_(chunk))))
        latest = _latest_versions(session, list(existing))
        for item in bank.items:
            row = existing.get(item.id)
            if row is None:
                row = ItemRow(id=item.id, status="draft", retired=False, edited=False, reject_reason=None,
                              created_at=now, updated_at=now, **_item_values(item))
                session.add(row)
                latest[row.id] = 0
                _add_version(session, row, "generated", by=by, now=now, latest=latest)
                out["inserted"].append(item.id)
                continue
            _refresh(session, row, item, by=by, now=now, latest=latest, out=out)
        session.flush()
        # A text read again from the same path replaces its earlier version: that version's items are checked too.
        new_text = {d.id: d.text for d in bank.documents}
        by_path = {d.path: d for d in bank.documents if d.path}
        if by_path:
            for old in session.scalars(select(DocumentRow).where(DocumentRow.path.in_(list(by_path)))):
                if old.id not in new_text:
                    new_text[old.id] = by_path[old.path].text
        _retire_missing(session, new_text, set(ids), by=by, now=now, out=out)
    return MergeReport(**{name: tuple(values) for name, values in out.items()})


def _merge_documents(session: Session, documents: Iterable[Document], *, now: datetime,
                     out: dict[str, list[str]]) -> None:
    for doc in documents:
        values = _document_values(doc)
        row = session.get(DocumentRow, doc.id)
        if row is None:
            session.add(DocumentRow(id=doc.id, created_at=now, updated_at=now, **values))
            out["documents_inserted"].append(doc.id)
        elif any(getattr(row, name) != value for name, value in values.items()):
            for name, value in values.items():
                setattr(row, name, value)
            row.updated_at = now
            out["documents_updated"].append(doc.id)


def _refresh(session: Session, row: ItemRow, item: Item, *, by: str, now: datetime, latest: dict[str, int],
             out: dict[str, list[str]]) -> None:
    values = _item_values(item)
    protected = bool(row.edited) or row.status != "draft"
    # An edited item keeps everything; a decided one takes new scores only; an untouched draft takes all.
    names = () if row.edited else SCORE_FIELDS if protected else CONTENT_FIELDS + SCORE_FIELDS
    changed = [name for name in names if getattr(row, name) != values[name]]
    for name in changed:
        setattr(row, name, values[name])
    revived = bool(row.retired)
    row.retired = False
    if changed or revived:
        row.updated_at = now
        _add_version(session, row, "generated", by=by, now=now, latest=latest)
    outcome = "revived" if revived else "kept" if protected else "updated" if changed else "unchanged"
    out[outcome].append(row.id)


def _retire_missing(session: Session, texts: dict[str, str], kept_ids: set[str], *, by: str, now: datetime,
                    out: dict[str, list[str]]) -> None:
    """Retire the items of these documents that the new bank lacks; `texts` maps each to its current text."""
    document_ids = set(texts)
    if not document_ids:
        return
    stale: list[ItemRow] = []
    for chunk in _chunks(sorted(document_ids)):
        stmt = select(ItemRow).where(ItemRow.document_id.in_(chunk), ItemRow.retired.is_(False))
        stale.extend(r for r in session.scalars(stmt) if r.id not in kept_ids)
    # An item an instructor edited, approved, rejected or asked for stays while its sentence is still in the
    # text: only items whose sentence is gone are retired, whatever the generator now makes of the text.
    stale = [r for r in stale if not ((r.edited or r.status != "draft" or "asked" in (r.tags or []))
                                     and r.source_sentence and r.source_sentence in texts.get(r.document_id, ""))]
    latest = _latest_versions(session, [r.id for r in stale])
    for row in sorted(stale, key=lambda r: r.id):
        row.retired = True
        row.updated_at = now
        _add_version(session, row, "retired", by=by, now=now, latest=latest)
        out["retired"].append(row.id)


# --- reading --------------------------------------------------------------------------------------------------

def _in(column: Any, value: str | Iterable[str]) -> Any:
    return column == value if isinstance(value, str) else column.in_(list(value))


def load_bank(bind: Bind, *, statuses: Sequence[str] | None = ("approved",), include_retired: bool = False,
              document_ids: Iterable[str] | None = None) -> Bank:
    """Return the stored bank: items with these statuses (None: all), and the documents."""
    with unit_of_work(bind) as session:
        docs = select(DocumentRow).order_by(DocumentRow.id)
        items = select(ItemRow).order_by(ItemRow.document_id, ItemRow.source_start, ItemRow.id)
        if document_ids is not None:
            wanted = list(document_ids)
            docs = docs.where(DocumentRow.id.in_(wanted))
            items = items.where(ItemRow.document_id.in_(wanted))
        if statuses is not None:
            items = items.where(_in(ItemRow.status, statuses))
        if not include_retired:
            items = items.where(ItemRow.retired.is_(False))
        doc_rows = list(session.scalars(docs))
        item_rows = list(session.scalars(items))
        stamps = [r.updated_at for r in doc_rows + item_rows]  # type: ignore[operator]
        generated_at = max(stamps).isoformat(timespec="seconds") if stamps else ""
        return Bank(documents=tuple(_to_document(r) for r in doc_rows),
                    items=tuple(_to_item(r) for r in item_rows), generated_at=generated_at)


def get_item(bind: Bind, item_id: str) -> Item | None:
    """Return the item with this id, or None."""
    with unit_of_work(bind) as session:
        row = session.get(ItemRow, item_id)
        return None if row is None else _to_item(row)


def get_record(bind: Bind, item_id: str) -> ItemRecord | None:
    """Return the item with its review state (edited, retired, reason, times), or None."""
    with unit_of_work(bind) as session:
        row = session.get(ItemRow, item_id)
        return None if row is None else _to_record(row)


def list_items(bind: Bind, *, text: str | None = None, document: str | Iterable[str] | None = None,
               type: str | Iterable[str] | None = None, kind: str | Iterable[str] | None = None,
               topic: str | Iterable[str] | None = None, status: str | Iterable[str] | None = None,
               min_quality: float | None = None, max_quality: float | None = None,
               include_retired: bool = False, sort: str = "-quality", limit: int | None = 50,
               offset: int = 0) -> ItemPage:
    """Return one page of items matching all the given filters (text: case-insensitive substring)."""
    if sort not in SORTS:
        raise ValueError(f"unknown sort {sort!r}; use one of {sorted(SORTS)}")
    conditions: list[Any] = []
    if text:
        conditions.append(or_(*(col.icontains(text, autoescape=True) for col in
                                (ItemRow.prompt, ItemRow.answer, ItemRow.source_sentence, ItemRow.explanation))))
    for column, value in ((ItemRow.document_id, document), (ItemRow.type, type), (ItemRow.kind, kind),
                          (ItemRow.topic, topic), (ItemRow.status, status)):
        if value is not None:
            conditions.append(_in(column, value))
    if min_quality is not None:
        conditions.append(ItemRow.quality >= min_quality)
    if max_quality is not None:
        conditions.append(ItemRow.quality <= max_quality)
    if not include_retired:
        conditions.append(ItemRow.retired.is_(False))
    with unit_of_work(bind) as session:
        total = session.scalar(select(func.count()).select_from(ItemRow).where(*conditions)) or 0
        stmt = select(ItemRow).where(*conditions).order_by(*SORTS[sort]).offset(offset)
        if limit is not None:
            stmt = stmt.limit(limit)
        records = tuple(_to_record(r) for r in session.scalars(stmt))
    return ItemPage(records=records, total=total, limit=limit if limit is not None else total, offset=offset)


def get_document(bind: Bind, document_id: str) -> Document | None:
    """Return the stored document with this id, or None."""
    with unit_of_work(bind) as session:
        row = session.get(DocumentRow, document_id)
        return None if row is None else _to_document(row)


def list_documents(bind: Bind) -> list[Document]:
    """Return all stored documents, by title."""
    with unit_of_work(bind) as session:
        return [_to_document(r) for r in session.scalars(select(DocumentRow).order_by(DocumentRow.title,
                                                                                         DocumentRow.id))]


def item_history(bind: Bind, item_id: str) -> list[ItemVersion]:
    """Return the item's versions, oldest first (empty for an unknown id)."""
    with unit_of_work(bind) as session:
        stmt = select(ItemVersionRow).where(ItemVersionRow.item_id == item_id).order_by(ItemVersionRow.version)
        return [ItemVersion(r.item_id, r.version, r.action, r.changed_by, r.changed_at, dict(r.snapshot))
                for r in session.scalars(stmt)]


def bank_stats(bind: Bind) -> dict[str, Any]:
    """Count live items by status, type, kind and document (with titles); count retired ones apart."""
    with unit_of_work(bind) as session:
        live = ItemRow.retired.is_(False)
        stats: dict[str, Any] = {
            "items": session.scalar(select(func.count()).select_from(ItemRow).where(live)) or 0,
            "retired": session.scalar(select(func.count()).select_from(ItemRow).where(ItemRow.retired)) or 0,
            "documents": session.scalar(select(func.count()).select_from(DocumentRow)) or 0,
        }
        for name, column in (("by_status", ItemRow.status), ("by_type", ItemRow.type), ("by_kind", ItemRow.kind)):
            rows = session.execute(select(column, func.count()).where(live).group_by(column).order_by(column))
            stats[name] = {key: count for key, count in rows}
        by_document: dict[str, dict[str, Any]] = {}
        for doc_id, title in session.execute(select(DocumentRow.id, DocumentRow.title).order_by(DocumentRow.id)):
            by_document[doc_id] = {"title": title, "items": 0, **{s: 0 for s in STATUSES}}
        rows = session.execute(select(ItemRow.document_id, ItemRow.status, func.count()).where(live)
                               .group_by(ItemRow.document_id, ItemRow.status))
        for doc_id, status, count in rows:
            entry = by_document.setdefault(doc_id, {"title": "", "items": 0, **{s: 0 for s in STATUSES}})
            entry[status] += count
            entry["items"] += count
        stats["by_document"] = by_document
        return stats


# --- instructor actions ------------------------------------------------------------------------------------

def _clean_change(name: str, value: Any) -> Any:
    if name not in EDITABLE_FIELDS:
        raise ValueError(f"{name!r} cannot be edited; editable: {sorted(EDITABLE_FIELDS)}")
    if name in _LIST_FIELDS:
        if isinstance(value, str):
            raise ValueError(f"{name} must be a list of strings")
        return [str(v) for v in value]
    if name == "difficulty":
        return float(value)
    value = str(value)
    if name == "type" and value not in ITEM_TYPES:
        raise ValueError(f"type must be one of {ITEM_TYPES}")
    if name == "kind" and value not in ITEM_KINDS:
        raise ValueError(f"kind must be one of {ITEM_KINDS}")
    if name in ("prompt", "answer") and not value.strip():
        raise ValueError(f"{name} cannot be empty")
    return value


def edit_item(bind: Bind, item_id: str, changes: dict[str, Any], *, by: str, now: datetime) -> Item:
    """Apply an instructor's changes, mark the item edited and record a version; return the item."""
    clean = {name: _clean_change(name, value) for name, value in changes.items()}
    with unit_of_work(bind, write=True) as session:
        row = _require_row(session, item_id)
        changed = {name: value for name, value in clean.items() if getattr(row, name) != value}
        if changed:
            for name, value in changed.items():
                setattr(row, name, value)
            row.edited = True
            row.updated_at = now
            _add_version(session, row, "edited", by=by, now=now, latest={})
        return _to_item(row)


def set_status(bind: Bind, item_ids: Iterable[str], status: str, *, by: str, now: datetime,
               reason: str | None = None) -> int:
    """Set the status of many items at once (all or none); return how many changed."""
    if status not in STATUSES:
        raise ValueError(f"status must be one of {STATUSES}")
    ids = sorted(set(item_ids))
    reason = reason if status == "rejected" else None
    action = status if status in ("approved", "rejected") else "edited"
    with unit_of_work(bind, write=True) as session:
        rows: dict[str, ItemRow] = {}
        for chunk in _chunks(ids):
            rows.update((r.id, r) for r in session.scalars(select(ItemRow).where(ItemRow.id.in_(chunk))))
        missing = [i for i in ids if i not in rows]
        if missing:
            raise ItemNotFound(", ".join(missing[:5]))
        todo = [rows[i] for i in ids if rows[i].status != status or rows[i].reject_reason != reason]
        latest = _latest_versions(session, [r.id for r in todo])
        for row in todo:
            row.status = status
            row.reject_reason = reason
            row.updated_at = now
            _add_version(session, row, action, by=by, now=now, latest=latest)
        return len(todo)


def revert_item(bind: Bind, item_id: str, version: int, *, by: str, now: datetime) -> Item:
    """Restore the item's content, status and edited flag as of `version`, recorded as a new version."""
    with unit_of_work(bind, write=True) as session:
        row = _require_row(session, item_id)
        old = session.scalar(select(ItemVersionRow).where(ItemVersionRow.item_id == item_id,
                                                          ItemVersionRow.version == version))
        if old is None:
            raise ItemNotFound(f"{item_id} version {version}")
        snap = old.snapshot
        values = _item_values(Item.from_dict(snap))
        values.update(difficulty=float(snap["difficulty"]), quality=float(snap["quality"]),
                      features=dict(snap.get("features", {})))
        for name in CONTENT_FIELDS + SCORE_FIELDS:
            setattr(row, name, values[name])
        row.status = snap.get("status", row.status)
        row.reject_reason = snap.get("reject_reason")
        row.edited = bool(snap.get("edited", True))
        row.updated_at = now
        _add_version(session, row, "reverted", by=by, now=now, latest={}, reverted_to=version)
        return _to_item(row)
