"""From files to a ranked bank: ingest -> analyse -> generate -> distractors -> rank and select -> items."""
from __future__ import annotations

import random
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Callable, Sequence

from quiz.core.context import build_corpus, topic_for
from quiz.core.distractors import Pools, make_distractors, shuffle_choices
from quiz.core.generators import Candidate, run_generators
from quiz.core.generators.truefalse import SWAP
from quiz.core.items import Bank, Document, Item, Source, difficulty_band, stable_id
from quiz.core.nlp import analyse
from quiz.core.rank import SelectionLimits, feature_vector, prior_difficulty, score, select

if TYPE_CHECKING:
    from pathlib import Path

    from spacy.language import Language

Progress = Callable[[str, int, int], None]


@dataclass
class BuildReport:
    """What a build did: documents read, problems met, candidate and item counts."""

    problems: list[str] = field(default_factory=list)
    candidates: int = 0
    items: int = 0
    seconds: dict[str, float] = field(default_factory=dict)


def build_bank(paths: Sequence[str | Path], nlp: Language, *, seed: int = 0, now: datetime | None = None,
               progress: Progress | None = None, limits: SelectionLimits = SelectionLimits()) -> tuple[Bank, BuildReport]:
    """Read the files under `paths` and build a bank; bad files are reported and skipped."""
    from quiz.core.ingest import load_documents

    documents, problems = load_documents(paths)
    bank, report = build_bank_from_documents(documents, nlp, seed=seed, now=now, progress=progress, limits=limits)
    report.problems = problems + report.problems
    return bank, report


def build_bank_from_documents(documents: Sequence[Document], nlp: Language, *, seed: int = 0,
                              now: datetime | None = None, progress: Progress | None = None,
                              limits: SelectionLimits = SelectionLimits()) -> tuple[Bank, BuildReport]:
    """Build a bank from documents already read and cleaned."""
    import time

    report = BuildReport()
    now = now or datetime.now(timezone.utc)
    t0 = time.perf_counter()
    analysed = []
    for i, a in enumerate(analyse(documents, nlp)):
        analysed.append(a)
        if progress:
            progress("analyse", i + 1, len(documents))
    t1 = time.perf_counter()
    corpus = build_corpus(analysed)
    candidates = run_generators(corpus)
    report.candidates = len(candidates)
    items = finish_items(candidates, corpus, seed=seed, limits=limits)
    report.items = len(items)
    t2 = time.perf_counter()
    report.seconds = {"parse": t1 - t0, "generate": t2 - t1}
    bank = Bank(documents=tuple(documents), items=tuple(items), generated_at=now.isoformat(timespec="seconds"))
    return bank, report


def finish_items(candidates: Sequence[Candidate], corpus, *, seed: int = 0,
                 limits: SelectionLimits = SelectionLimits()) -> list[Item]:
    """Fill distractors, score, select and turn candidates into items with stable ids."""
    pools = Pools(corpus, candidates)
    answer_counts = _answer_counts(corpus)
    scored: list[tuple[Candidate, float]] = []
    for cand in candidates:
        rng = random.Random(f"{seed}:{cand.sentence.document.id}:{cand.prompt}")
        if cand.needs_distractors:
            options = make_distractors(cand, pools, rng, n=cand.needs_distractors)
            if options is None:
                continue
            if cand.type == "truefalse":
                cand.prompt = cand.prompt.replace(SWAP, options[0])
                cand.features["swapped_" + cand.answer_class.lower()] = 1.0
            else:
                cand.choices = shuffle_choices(cand.answer, options, rng)
        if cand.type != "truefalse" and _leaks(cand):
            continue
        if re.search(r"[a-z0-9”\"][.!?][”\"]?\s+[A-Z]", cand.prompt.rstrip(".?!”\"")):
            continue  # two sentences run together: a sentence split the parser missed
        feats = feature_vector(cand, answer_counts)
        cand.features = feats
        scored.append((cand, score(feats)))
    kept = select(scored, limits)
    items = [_to_item(c, q, corpus, answer_counts) for c, q in kept]
    items.sort(key=lambda it: (it.source.document, it.source.start, it.type, it.id))
    return items


def _leaks(cand: Candidate) -> bool:
    """True when the prompt gives the answer away (the answer, or all its content words, stand in it)."""
    prompt = cand.prompt.lower().replace("{{gap}}", " ")
    answer = cand.answer.lower()
    if answer in ("true", "false"):
        return False
    if re.search(r"\b" + re.escape(answer) + r"\b", prompt):
        return True
    words = [w for w in re.findall(r"\w+", answer) if len(w) > 3]
    if cand.answer_class not in ("REASON", "DESCRIPTION", "EXPANSION") and words and all(re.search(r"\b" + re.escape(w) + r"\b", prompt) for w in words):
        return True
    return False


def _answer_counts(corpus) -> Counter:
    counts: Counter = Counter()
    for a in corpus.analysed:
        low = a.document.text.lower()
        for ent in a.doc.ents:
            key = ent.text.lower().removesuffix("’s").removesuffix("'s").removeprefix("the ")
            if (a.document.id, key) not in counts:
                counts[(a.document.id, key)] = low.count(key)
    return counts


def _slug(text: str) -> str:
    return re.sub(r"[^\w]+", "_", text.strip()).strip("_")[:60] or "untitled"


def _to_item(c: Candidate, quality: float, corpus, answer_counts: Counter) -> Item:
    doc = c.sentence.document
    topic = topic_for(c.sentence, corpus, c.topic_hint)
    difficulty = prior_difficulty(c, answer_counts)
    item_id = stable_id(doc.path.rsplit("/", 1)[-1], c.sentence.text, c.type, c.kind, c.answer, c.generator,
                        c.key.split(":")[-1], prefix="q")
    tags = (
        f"type::{c.type}",
        f"kind::{c.kind}",
        f"topic::{_slug(topic)}",
        f"text::{_slug(doc.title)}",
        f"difficulty::{difficulty_band(difficulty)}",
        f"generator::{c.generator}",
    )
    return Item(
        id=item_id,
        type=c.type,
        kind=c.kind,
        prompt=c.prompt,
        answer=c.answer,
        source=Source(doc.id, c.sentence.text, c.sentence.start, c.sentence.end),
        choices=tuple(c.choices) if c.type in ("mcq", "truefalse") else (),
        accept=tuple(a for a in c.accept if a and a != c.answer),
        explanation=c.explanation,
        topic=topic,
        tags=tags,
        difficulty=difficulty,
        quality=round(quality, 3),
        status="draft",
        generator=c.generator,
        features={k: float(v) for k, v in c.features.items() if isinstance(v, (int, float))},
    )
