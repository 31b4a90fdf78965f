"""The best question for a given answer span in a passage (`quiz ask`, the instructor's "ask about this")."""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from quiz.core.context import build_corpus
from quiz.core.generators import Candidate, run_generators
from quiz.core.items import GAP, Document, Item, document_id
from quiz.core.nlp import Analysed
from quiz.core.pipeline import finish_items
from quiz.core.rank import SelectionLimits

if TYPE_CHECKING:
    from spacy.language import Language

TYPE_PREFERENCE = {"short": 0.06, "mcq": 0.04, "cloze": 0.0, "truefalse": -1.0}


@dataclass(frozen=True)
class Answer:
    """What `ask` returns: the question and its item, or None and the reason."""

    question: str | None
    item: Item | None
    reason: str = ""


def _norm(text: str) -> str:
    return re.sub(r"\W+", " ", text.lower()).strip()


def ask(context: str, answer_start: int, answer_text: str, nlp: Language, *, document: Document | None = None) -> Answer:
    """Return the single best question about `context` whose correct answer is `answer_text`."""
    if not context.strip():
        return Answer(None, None, "the context is empty")
    if not answer_text.strip():
        return Answer(None, None, "the answer is empty")
    if context[answer_start: answer_start + len(answer_text)] != answer_text:
        found = context.find(answer_text)
        if found < 0:
            return Answer(None, None, "answer_text does not occur in context")
        answer_start = found
    answer_end = answer_start + len(answer_text)
    doc_meta = document or Document(id=document_id(context), title="Passage", path="<ask>", sha256="0" * 64,
                                    text=context, words=len(context.split()))
    if doc_meta.text != context:
        doc_meta = Document(**{**doc_meta.__dict__, "text": context})
    parsed = nlp(context)
    corpus = build_corpus([Analysed(doc_meta, parsed)])
    sentence = next((s for s in corpus.sentences if s.start <= answer_start < s.end), None)
    if sentence is None:
        return Answer(None, None, "the answer is not inside a sentence of prose")
    if answer_end > sentence.end:
        return Answer(None, None, "the answer runs across two sentences; select a phrase inside one")
    target = _norm(answer_text)
    candidates = [c for c in run_generators(corpus) if c.sentence is sentence and c.type != "truefalse"
                  and _norm(c.answer) == target]
    fallback = _cloze_for_span(sentence, answer_start, answer_end, answer_text)
    if fallback is not None:
        candidates.append(fallback)
    if not candidates:
        return Answer(None, None, "no acceptable question asks for exactly this span; try a name, number or phrase")
    items = finish_items(candidates, corpus, limits=SelectionLimits(min_quality=0.0, per_sentence=99))
    items = [i for i in items if _norm(i.answer) == target]
    if not items:
        return Answer(None, None, "every candidate question gave the answer away or had no good distractors")
    best = max(items, key=lambda i: (i.quality + TYPE_PREFERENCE.get(i.type, 0.0), i.id))
    return Answer(best.prompt, best)


def _cloze_for_span(sentence, start: int, end: int, answer_text: str) -> Candidate | None:
    """Blank the span in its sentence: always possible when the answer does not stand twice in it."""
    s_text = sentence.text
    rel_start, rel_end = start - sentence.start, end - sentence.start
    rest = s_text[:rel_start] + s_text[rel_end:]
    if _norm(answer_text) and _norm(answer_text) in _norm(rest):
        return None
    if len(s_text.split()) < 5 or rel_end - rel_start >= len(s_text.strip()) - 2:
        return None
    prompt = (s_text[:rel_start] + GAP + s_text[rel_end:]).strip()
    return Candidate(type="cloze", kind="fact", prompt=prompt, answer=answer_text.strip(), sentence=sentence,
                     generator="ask", answer_class="CONCEPT", explanation=s_text.strip(),
                     key=f"{sentence.document.id}:{sentence.index}:{answer_text.lower()}",
                     features={"centrality": sentence.centrality, "position": sentence.position, "ask_cloze": 1.0})
