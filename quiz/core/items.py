"""The bank's data model: documents, items and the bank, with stable ids and dict (de)serialisation."""
from __future__ import annotations

import hashlib
import re
from dataclasses import asdict, dataclass, field, replace
from datetime import datetime, timezone
from typing import Any

ITEM_TYPES = ("cloze", "mcq", "short", "truefalse")
ITEM_KINDS = ("fact", "argument", "definition")
STATUSES = ("draft", "approved", "rejected")
GAP = "{{gap}}"

__all__ = [
    "Document",
    "Source",
    "Item",
    "Bank",
    "ITEM_TYPES",
    "ITEM_KINDS",
    "STATUSES",
    "GAP",
    "stable_id",
    "document_id",
    "difficulty_band",
]


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().lower()


def stable_id(*parts: str, prefix: str = "") -> str:
    """Return a short hex id derived only from the given parts (whitespace and case folded)."""
    digest = hashlib.sha256("\x1f".join(_norm(p) for p in parts).encode("utf-8")).hexdigest()
    return prefix + digest[:16]


def document_id(clean_text: str) -> str:
    """Return the id of a document: the same cleaned text always gives the same id."""
    return stable_id(clean_text, prefix="d")


def difficulty_band(difficulty: float) -> str:
    """Name the band a Rasch difficulty falls in (for tags and filters)."""
    if difficulty < -0.75:
        return "easy"
    if difficulty > 0.75:
        return "hard"
    return "medium"


@dataclass(frozen=True)
class Document:
    """A cleaned source text with its provenance and metadata."""

    id: str
    title: str
    path: str
    sha256: str
    text: str
    words: int
    author: str = ""
    date: str = ""
    format: str = "txt"
    removed: tuple[str, ...] = ()  # blocks dropped as boilerplate, in order, for the instructor's view

    def to_dict(self, *, with_text: bool = True) -> dict[str, Any]:
        """Serialise; `with_text=False` keeps only the contract's metadata."""
        d = {
            "id": self.id,
            "title": self.title,
            "path": self.path,
            "sha256": self.sha256,
            "words": self.words,
            "author": self.author,
            "date": self.date,
            "format": self.format,
        }
        if with_text:
            d["text"] = self.text
            d["removed"] = list(self.removed)
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Document:
        """Build from `to_dict` output (unknown keys ignored)."""
        return cls(
            id=d["id"],
            title=d.get("title", ""),
            path=d.get("path", ""),
            sha256=d.get("sha256", ""),
            text=d.get("text", ""),
            words=int(d.get("words", 0)),
            author=d.get("author", ""),
            date=d.get("date", ""),
            format=d.get("format", "txt"),
            removed=tuple(d.get("removed", ())),
        )


@dataclass(frozen=True)
class Source:
    """Where an item comes from: a document and a character span of its cleaned text."""

    document: str
    sentence: str
    start: int
    end: int


@dataclass(frozen=True)
class Item:
    """One question item. Immutable: use `dataclasses.replace` (or `Item.evolve`) to change it."""

    id: str
    type: str
    kind: str
    prompt: str
    answer: str
    source: Source
    choices: tuple[str, ...] = ()
    accept: tuple[str, ...] = ()
    explanation: str = ""
    topic: str = ""
    tags: tuple[str, ...] = ()
    difficulty: float = 0.0
    quality: float = 0.5
    status: str = "draft"
    generator: str = ""  # which generator made it (registry name)
    features: dict[str, float] = field(default_factory=dict, compare=False, hash=False)

    def evolve(self, **changes: Any) -> Item:
        """Return a copy with some fields changed."""
        return replace(self, **changes)

    def to_dict(self) -> dict[str, Any]:
        """Serialise to the bank contract's item object (plus our extra keys)."""
        d = asdict(self)
        d["choices"] = list(self.choices)
        d["accept"] = list(self.accept)
        d["tags"] = list(self.tags)
        d["difficulty"] = round(float(self.difficulty), 3)
        d["quality"] = round(float(self.quality), 3)
        d["features"] = {k: round(float(v), 4) for k, v in self.features.items()}
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Item:
        """Build from `to_dict` output or a contract item (unknown keys ignored)."""
        s = d["source"]
        return cls(
            id=d["id"],
            type=d["type"],
            kind=d["kind"],
            prompt=d["prompt"],
            answer=d["answer"],
            source=Source(s["document"], s["sentence"], int(s["start"]), int(s["end"])),
            choices=tuple(d.get("choices", ())),
            accept=tuple(d.get("accept", ())),
            explanation=d.get("explanation", ""),
            topic=d.get("topic", ""),
            tags=tuple(d.get("tags", ())),
            difficulty=float(d.get("difficulty", 0.0)),
            quality=float(d.get("quality", 0.5)),
            status=d.get("status", "draft"),
            generator=d.get("generator", ""),
            features=dict(d.get("features", {})),
        )


@dataclass(frozen=True)
class Bank:
    """Documents and the items made from them."""

    documents: tuple[Document, ...]
    items: tuple[Item, ...]
    generated_at: str = ""

    def document(self, doc_id: str) -> Document | None:
        """Return the document with this id, or None."""
        return next((d for d in self.documents if d.id == doc_id), None)

    def to_dict(self, *, with_text: bool = True) -> dict[str, Any]:
        """Serialise to the bank contract (version 1)."""
        return {
            "version": 1,
            "generated_at": self.generated_at or datetime.now(timezone.utc).isoformat(timespec="seconds"),
            "documents": [d.to_dict(with_text=with_text) for d in self.documents],
            "items": [i.to_dict() for i in self.items],
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Bank:
        """Build from `to_dict` output."""
        return cls(
            documents=tuple(Document.from_dict(x) for x in d.get("documents", ())),
            items=tuple(Item.from_dict(x) for x in d.get("items", ())),
            generated_at=d.get("generated_at", ""),
        )
