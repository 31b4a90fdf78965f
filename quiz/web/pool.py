"""The servable item pool, cached per process and engine: what the quiz services read on every request."""
from __future__ import annotations

import time
import weakref
from dataclasses import dataclass, field
from typing import Any, Mapping

from sqlalchemy import Connection, Engine, func, select
from sqlalchemy.orm import Session

from quiz.core.adaptive import PoolItem
from quiz.core.items import Item
from quiz.storage.models import DocumentRow, ItemCalibrationRow, ItemRow, ItemVersionRow
from quiz.storage.repository import get_item, list_items

__all__ = ["POOL_TTL", "Pool", "cached_pool", "clear_pool_cache", "full_item", "load_pool", "servable_items",
           "warm_up"]

# The pool is cached per process and engine. Freshness: every request reads the bank version (the newest
# item_versions id: one index lookup; every change to an item through the repository records a version), so an
# approval, edit, rejection or retirement is seen at the next request; the cache also expires after POOL_TTL
# seconds, which bounds the staleness of what has no version (learned difficulties, writes outside the
# repository, a version committed out of id order on PostgreSQL). Nothing else lives in process memory.
POOL_TTL = 2.0


@dataclass(frozen=True)
class Pool:
    """A snapshot of the servable pool: the bank version it was read at, when, its items by id, text titles.

    `full` caches whole items as requests fetch them; a reload keeps one only if the bank version and the
    item's updated_at are both unchanged.
    """

    version: int
    loaded: float
    items: tuple[PoolItem, ...]
    by_id: Mapping[str, PoolItem]
    titles: Mapping[str, str]
    stamps: Mapping[str, Any] = field(default_factory=dict)  # item id -> updated_at at this snapshot
    full: dict[str, Item] = field(default_factory=dict)


_pools: weakref.WeakKeyDictionary[Engine, Pool] = weakref.WeakKeyDictionary()
_VERSION = select(func.max(ItemVersionRow.__table__.c.id))
_POOL = (select(ItemRow.id, ItemRow.topic, ItemRow.document_id, ItemRow.difficulty, ItemRow.type,
                ItemCalibrationRow.difficulty, ItemCalibrationRow.n_first_attempts, ItemRow.updated_at)
         .outerjoin(ItemCalibrationRow, ItemCalibrationRow.item_id == ItemRow.id)
         .where(ItemRow.status == "approved", ItemRow.retired.is_(False))
         .order_by(ItemRow.id))
_TITLES = select(DocumentRow.__table__.c.id, DocumentRow.__table__.c.title)


def servable_items(bind: Any) -> list[Item]:
    """Return the items a learner may be served: approved and not retired."""
    page = list_items(bind, status="approved", include_retired=False, sort="id", limit=None)
    return [record.item for record in page.records]


def load_pool(bind: Session | Connection | Engine) -> list[PoolItem]:
    """Return what the engine needs of every servable item, with learned difficulties (one narrow query)."""
    return [_pool_item(r) for r in _pool_rows(bind)]


def _pool_rows(bind: Session | Connection | Engine) -> list[Any]:
    if isinstance(bind, Engine):
        with bind.connect() as conn:
            return conn.execute(_POOL).all()
    return bind.execute(_POOL).all()


def _pool_item(r: Any) -> PoolItem:
    return PoolItem(r[0], r[1] or "", r[2], float(r[5] if r[5] is not None else r[3]), r[4], int(r[6] or 0))


def cached_pool(bind: Session | Connection, engine: Engine, version: int | None = None) -> Pool:
    """Return the pool from this process's cache if the bank version is unchanged and it is recent, else reload.

    `version` is the bank version if the caller read it already (else it is read here).
    """
    if version is None:
        version = int(bind.execute(_VERSION).scalar() or 0)
    cached = _pools.get(engine)
    now = time.monotonic()
    if cached is not None and cached.version == version and now - cached.loaded < POOL_TTL:
        return cached
    rows = _pool_rows(bind)
    items = tuple(_pool_item(r) for r in rows)
    stamps = {r[0]: r[7] for r in rows}
    titles = {r[0]: r[1] for r in bind.execute(_TITLES)}
    full: dict[str, Item] = {}
    if cached is not None and cached.version == version:
        full = {i: item for i, item in list(cached.full.items())
                if cached.stamps.get(i) is not None and cached.stamps.get(i) == stamps.get(i)}
    fresh = Pool(version, now, items, {p.id: p for p in items}, titles, stamps, full)
    _pools[engine] = fresh
    return fresh


def full_item(pool: Pool, engine: Engine, item_id: str) -> Item | None:
    """Return a whole item from the pool's cache, reading it once per bank version."""
    item = pool.full.get(item_id)
    if item is None:
        item = get_item(engine, item_id)
        if item is not None:
            pool.full[item_id] = item
    return item


def warm_up(engine: Engine) -> int:
    """Load this process's pool and its whole items before the first request; return how many items."""
    with engine.connect() as conn:
        pool = cached_pool(conn, engine)
    for item in servable_items(engine):
        pool.full.setdefault(item.id, item)
    return len(pool.items)


def clear_pool_cache() -> None:
    """Forget every cached pool (the next request of each engine reloads it)."""
    _pools.clear()
