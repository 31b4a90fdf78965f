"""What the instructor's views call: review, texts, ask, statistics, relearning, class view and exports."""
from __future__ import annotations

import tempfile
import threading
import time
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Sequence

from sqlalchemy import Engine
from werkzeug.utils import secure_filename

from quiz.core.ingest import TEXT_SUFFIXES, IngestError, read_document
from quiz.core.items import Bank, Document, Item
from quiz.core.stats import ItemKey, ItemStats, first_attempts, item_statistics, quality_examples
from quiz.storage.learning import get_learner, list_attempts
from quiz.storage.repository import (
    ItemPage,
    ItemRecord,
    MergeReport,
    get_document,
    get_record,
    list_documents,
    list_items,
    load_bank,
    merge_bank,
)

if TYPE_CHECKING:
    from flask import Flask
    from spacy.language import Language

__all__ = [
    "AlreadyStored",
    "Excerpt",
    "get_nlp",
    "excerpt",
    "review_queue",
    "topics",
    "store_upload",
    "regenerate",
    "text_segments",
    "ask_about",
    "item_stats",
    "relearn_quality",
    "class_overview",
    "export_download",
    "EXPORT_FORMATS",
]

_NLP_LOCK = threading.Lock()
EXPORT_FORMATS = ("json", "csv", "gift", "moodle", "qti", "anki")


class AlreadyStored(ValueError):
    """The uploaded text is already stored (same cleaned text)."""

    def __init__(self, document: Document) -> None:
        self.document = document
        super().__init__(f"this text is already stored as “{document.title}”")


def get_nlp(app: Flask) -> Language:
    """Return the app's spaCy pipeline, loading it once per process on first use (never at import)."""
    nlp = app.extensions.get("quiz.nlp")
    if nlp is None:
        with _NLP_LOCK:
            nlp = app.extensions.get("quiz.nlp")
            if nlp is None:
                from quiz.core.nlp import load_pipeline

                nlp = load_pipeline(app.config["QUIZ_CONFIG"].SPACY_MODEL)
                app.extensions["quiz.nlp"] = nlp
    return nlp


# --- review ------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Excerpt:
    """A window of the source text around an item's sentence, cut into before / sentence / after."""

    before: str
    sentence: str
    after: str
    clipped_start: bool
    clipped_end: bool


def excerpt(text: str, start: int, end: int, *, radius: int = 420) -> Excerpt:
    """Cut a window of `text` around [start, end), widened to word boundaries."""
    if not (0 <= start < end <= len(text)):
        return Excerpt("", text[start:end] if 0 <= start < end else "", "", False, False)
    lo = max(0, start - radius)
    hi = min(len(text), end + radius)
    if lo > 0:
        space = text.find(" ", lo)
        lo = space + 1 if 0 <= space < start else lo
    if hi < len(text):
        space = text.rfind(" ", end, hi)
        hi = space if space > end else hi
    return Excerpt(text[lo:start], text[start:end], text[end:hi], lo > 0, hi < len(text))


def review_queue(engine: Engine, *, text: str | None = None, document: str | None = None,
                 type: str | None = None, kind: str | None = None, topic: str | None = None,
                 status: str | None = None, min_quality: float | None = None, max_quality: float | None = None,
                 flagged_ids: set[str] | None = None, sort: str = "-quality", page: int = 1,
                 per_page: int = 25) -> ItemPage:
    """Return one page of the review queue; `flagged_ids` keeps only those items (the statistics' flags)."""
    page = max(1, page)
    kwargs: dict[str, Any] = dict(text=text or None, document=document or None, type=type or None,
                                  kind=kind or None, topic=topic or None, status=status or None,
                                  min_quality=min_quality, max_quality=max_quality, sort=sort)
    if flagged_ids is None:
        return list_items(engine, limit=per_page, offset=(page - 1) * per_page, **kwargs)
    everything = list_items(engine, limit=None, **kwargs)
    chosen = [r for r in everything.records if r.item.id in flagged_ids]
    offset = (page - 1) * per_page
    return ItemPage(tuple(chosen[offset: offset + per_page]), len(chosen), per_page, offset)


def topics(engine: Engine) -> list[str]:
    """Return the topics of the live items, sorted."""
    return sorted({r.item.topic for r in list_items(engine, limit=None, sort="id").records if r.item.topic})


def titles(engine: Engine) -> dict[str, str]:
    """Return document id -> title."""
    return {d.id: d.title for d in list_documents(engine)}


# --- texts -------------------------------------------------------------------------------------------------

def store_upload(engine: Engine, filename: str, data: bytes, *, max_bytes: int, now: datetime,
                 by: str) -> Document:
    """Read an uploaded file exactly as the command line reads files, and store the document (no items yet).

    Raise IngestError (the command line's message) for a bad file, AlreadyStored for a known text.
    """
    shown = Path(filename or "upload.txt").name or "upload.txt"
    suffix = Path(secure_filename(shown)).suffix.lower()
    if suffix not in TEXT_SUFFIXES:
        suffix = ".txt"
    with tempfile.TemporaryDirectory(prefix="quiz-upload-") as folder:
        path = Path(folder) / f"upload{suffix}"
        path.write_bytes(data)
        doc = read_document(path, display_path=shown, max_bytes=max_bytes)
    doc = Document(**{**doc.__dict__, "path": f"upload/{shown}"})
    known = get_document(engine, doc.id)
    if known is not None:
        raise AlreadyStored(known)
    merge_bank(engine, Bank(documents=(doc,), items=()), now=now, by=by)
    return doc


def regenerate(engine: Engine, nlp: Language, *, now: datetime, by: str) -> tuple[MergeReport, list[str], float]:
    """Rebuild the bank from every stored text and merge it (edits and decisions kept, vanished retired)."""
    t0 = time.perf_counter()
    documents = list_documents(engine)
    from quiz.core.pipeline import build_bank_from_documents

    from quiz.storage.settings import relearned_weights

    bank, report = build_bank_from_documents(documents, nlp, now=now, weights=relearned_weights(engine))
    merged = merge_bank(engine, bank, now=now, by=by)
    return merged, list(report.problems), time.perf_counter() - t0


def text_segments(doc: Document, records: Sequence[ItemRecord]) -> list[tuple[str, int | None, int]]:
    """Cut a text into (segment, start or None, number of items citing it) for the text view."""
    spans: dict[tuple[int, int], int] = defaultdict(int)
    for r in records:
        spans[(r.item.source.start, r.item.source.end)] += 1
    out: list[tuple[str, int | None, int]] = []
    pos = 0
    for (start, end), n in sorted(spans.items()):
        if start < pos or end > len(doc.text) or end <= start:
            continue
        if start > pos:
            out.append((doc.text[pos:start], None, 0))
        out.append((doc.text[start:end], start, n))
        pos = end
    if pos < len(doc.text):
        out.append((doc.text[pos:], None, 0))
    return out


def ask_about(engine: Engine, nlp: Language, document_id: str, start: int, text: str, *, now: datetime,
              by: str) -> tuple[Item | None, str]:
    """Ask for a question whose answer is the selected span; store it as a draft; return (item, reason)."""
    from quiz.core.ask import ask

    doc = get_document(engine, document_id)
    if doc is None:
        return None, "that text is not stored"
    answer = ask(doc.text, start, text, nlp, document=doc)
    if answer.item is None:
        return None, answer.reason
    item = answer.item.evolve(status="draft", tags=tuple(dict.fromkeys((*answer.item.tags, "asked"))))
    # No documents in the bank: merge_bank then retires nothing, so the text's other items stay as they are.
    merge_bank(engine, Bank(documents=(), items=(item,)), now=now, by=by)
    record = get_record(engine, item.id)
    return (record.item if record else item), ""


# --- statistics and relearning -----------------------------------------------------------------------------

def item_stats(engine: Engine) -> tuple[dict[str, ItemStats], dict[str, Item]]:
    """Compute every live item's statistics from learners' first attempts; return (stats, items)."""
    items = {r.item.id: r.item for r in list_items(engine, limit=None, sort="id").records}
    keys = {i.id: ItemKey(i.answer, tuple(i.choices) if i.type == "mcq" else
                          ("True", "False") if i.type == "truefalse" else ()) for i in items.values()}
    responses = first_attempts(list_attempts(engine))
    return item_statistics(responses, keys), items


def flagged_ids(engine: Engine) -> set[str]:
    """Return the ids of items the statistics flag."""
    stats, _ = item_stats(engine)
    return {item_id for item_id, st in stats.items() if st.flagged}


def _quality_summary(values: Sequence[float]) -> dict[str, float]:
    if not values:
        return {"n": 0, "mean": 0.0, "low": 0.0}
    return {"n": len(values), "mean": sum(values) / len(values),
            "low": sum(1 for v in values if v < 0.5) / len(values)}


def relearn_quality(engine: Engine, *, now: datetime, by: str) -> dict[str, Any]:
    """Refit the ranker's weights on decisions and statistics, re-score untouched drafts, report before/after."""
    from quiz.core.rank import DEFAULT_WEIGHTS, fit_weights, score

    stats, items = item_stats(engine)
    decided = [(i.id, dict(i.features), i.status) for i in items.values()]
    examples = quality_examples(decided, stats)
    weights = fit_weights(examples)
    if len(examples) >= 20:  # kept, so the next generation run ranks with what the decisions taught
        from quiz.storage.settings import RANKER_WEIGHTS, save_setting

        save_setting(engine, RANKER_WEIGHTS, {"weights": weights, "examples": len(examples),
                                              "at": now.isoformat(timespec="seconds")}, by=by, now=now)
    drafts = [i for i in items.values() if i.status == "draft" and i.features]
    rescored = [i.evolve(quality=round(score(i.features, weights), 4)) for i in drafts]
    changed = [new for old, new in zip(drafts, rescored) if abs(old.quality - new.quality) > 1e-4]
    if changed:
        merge_bank(engine, Bank(documents=(), items=tuple(changed)), now=now, by=by)
    moves = sorted(((old, new) for old, new in zip(drafts, rescored)),
                   key=lambda p: abs(p[1].quality - p[0].quality), reverse=True)[:10]
    weight_moves = sorted(((k, DEFAULT_WEIGHTS.get(k, 0.0), v) for k, v in weights.items()),
                          key=lambda t: abs(t[2] - t[1]), reverse=True)[:8]
    return {
        "examples": len(examples),
        "approved": sum(1 for _, ok in examples if ok),
        "refit": len(examples) >= 20,
        "before": _quality_summary([i.quality for i in drafts]),
        "after": _quality_summary([i.quality for i in rescored]),
        "rescored": len(changed),
        "moves": [{"id": o.id, "prompt": o.prompt, "before": o.quality, "after": n.quality} for o, n in moves],
        "weights": [{"name": k, "before": b, "after": a} for k, b, a in weight_moves],
    }


# --- class view --------------------------------------------------------------------------------------------

def class_overview(engine: Engine, *, now: datetime) -> dict[str, Any]:
    """Gather each learner's progress and mastery per topic, and the class mean per topic."""
    from quiz.web.services import progress

    attempts = list_attempts(engine)
    topic_of = {r.item.id: r.item.topic for r in list_items(engine, limit=None, sort="id",
                                                           include_retired=True).records}
    per_learner: dict[int, list[Any]] = defaultdict(list)
    for a in attempts:
        per_learner[a.learner_id].append(a)
    learners: list[dict[str, Any]] = []
    topic_levels: dict[str, list[float]] = defaultdict(list)
    for learner_id, rows in sorted(per_learner.items()):
        learner = get_learner(engine, learner_id)
        data = progress(engine, learner_id, None, now=now)
        topics_ = {t: dict(v, answered=0, right=0) for t, v in data["summary"]["topics"].items()}
        for r in rows:
            topic = topic_of.get(r.item_id)
            if topic in topics_:
                topics_[topic]["answered"] += 1
                topics_[topic]["right"] += int(bool(r.correct))
        for topic, t in topics_.items():
            if t["answered"]:
                topic_levels[topic].append(float(t["level"]))
        learners.append({
            "id": learner_id,
            "name": (learner.name if learner and learner.name else f"Anonymous #{learner_id}"),
            "answered": len(rows),
            "correct": sum(1 for r in rows if r.correct),
            "last": max(r.answered_at for r in rows),
            "due": data["summary"]["due"],
            "topics": topics_,
            "mastered": sum(1 for t in topics_.values() if t["mastered"]),
        })
    class_topics = {t: {"mean": sum(v) / len(v), "learners": len(v)} for t, v in sorted(topic_levels.items())}
    names = sorted({t for learner in learners for t, v in learner["topics"].items() if v["answered"]})
    return {"learners": learners, "topics": class_topics, "topic_names": names, "attempts": len(attempts)}


# --- exports -----------------------------------------------------------------------------------------------

def export_download(engine: Engine, fmt: str, *, bank_name: str, include_all: bool = False,
                    document: str | None = None, per_text: bool = False) -> tuple[str, str, bytes]:
    """Return (filename, MIME type, bytes) of an export: approved items unless `include_all`."""
    from quiz.exports import EXPORTERS, export_filename, filter_bank

    statuses: tuple[str, ...] | None = None if include_all else ("approved",)
    bank = load_bank(engine, statuses=statuses, document_ids=[document] if document else None)
    if not bank.items:
        raise LookupError("no items to export")
    if fmt == "anki":
        from quiz.anki import build_decks

        packages = build_decks(bank, bank_name=bank_name, per_document=per_text or bool(document),
                               statuses=statuses)
        name, package = packages[0]
        with tempfile.TemporaryDirectory(prefix="quiz-anki-") as folder:
            path = Path(folder) / "deck.apkg"
            package.write_to_file(str(path), timestamp=time.time())
            return name, "application/octet-stream", path.read_bytes()
    if fmt not in EXPORTERS:
        raise ValueError(f"unknown export format {fmt!r}")
    exporter = EXPORTERS[fmt]
    chosen = bank if include_all else filter_bank(bank)
    name = export_filename(fmt, bank_name)
    if document and bank.documents:
        from quiz.anki import slugify

        name = f"{slugify(bank.documents[0].title) or document}{exporter.extension}"
    return name, exporter.mime_type, exporter.function(chosen, bank_name=bank_name)


def ingest_message(exc: IngestError) -> str:
    """Return the command line's message for a bad file."""
    return str(exc)
