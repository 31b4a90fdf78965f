"""Cross-text items: which of the texts makes a given argument (the answer is a text, the options the others)."""
from __future__ import annotations

import re
from typing import TYPE_CHECKING, Iterator

from quiz.core.generators import Candidate, register
from quiz.core.generators.common import (
    explanation_for,
    garbled,
    hedge_adverbs,
    is_hedged,
    is_opinion,
    sentence_hedged,
    simplification_drops,
    vague_context,
)
from quiz.core.questions import declarative
from quiz.core.realize import REPORTING, finite_clauses

if TYPE_CHECKING:
    from quiz.core.context import Corpus, SentenceInfo

PER_TEXT = 2  # the most central claims of each text
MAX_OVERLAP = 0.5  # a claim another text also makes (this share of its content words) has no single source


def _claims(corpus: Corpus, sentences: list[SentenceInfo]) -> Iterator[tuple[float, SentenceInfo, str]]:  # noqa: C901
    """The author's own claims in a text, as stand-alone statements, with a score for how central they are."""
    for s in sentences:
        if s.text.rstrip().endswith("?") or garbled(s.span) or vague_context(s.text):
            continue
        for clause in finite_clauses(s.span)[:1]:
            if clause.negated or clause.verb.lemma_.lower() in REPORTING or clause.subject is None:
                continue  # (no subject: "Look in any kitchen drawer in the eurozone", a call to the reader)
            if not clause.tokens or clause.tokens[0].lower_ in ("what", "whether", "how", "who", "today") or ":" in [
                    t.text for t in clause.tokens]:
                continue  # "what happens next will become clear in September 2026": no argument of the text's
            if not (is_hedged(clause.tokens) or is_opinion(clause.tokens) or sentence_hedged(s.span)):
                continue  # an argument is a claim, not a reported fact
            if any(t.lower_ in ("i", "me", "my", "we", "our", "us") or t.text in "“”\"" for t in clause.tokens):
                continue
            drop = simplification_drops(clause) | hedge_adverbs(clause)
            statement = declarative(clause, resolutions=s.resolutions, extra_drop=drop)
            if statement is None or not (8 <= len(statement.split()) <= 26) or vague_context(statement):
                continue
            from quiz.core.generators.truefalse import _lower_first_word

            yield s.centrality + 0.2 * (1.0 - s.position), s, _lower_first_word(clause, drop, statement)


@register("sources")
def generate_sources(corpus: Corpus) -> Iterator[Candidate]:
    """Yield 'Which text argues that …?' items whose options are the corpus's texts (three or more needed)."""
    docs = [a.document for a in corpus.analysed]
    if len(docs) < 3:
        return
    from quiz.core.generators.thesis import _headword

    for doc in docs:
        sentences = corpus.by_document.get(doc.id, [])
        if doc.title and (_headword(doc.title, doc.text) or re.match(r"(?:How|Why|What)\b", doc.title)) and not (
                sentences and sentences[0].opinion_piece):
            continue  # an entry ("Tallinn") or an explainer ("How a Transistor Works") describes; "Which of the texts
            # argues that the collector current may be a hundred times the base current?" asks for no argument
        ranked = sorted(_claims(corpus, sentences), key=lambda x: -x[0])
        made = 0
        for score, sentence, statement in ranked:
            if made >= PER_TEXT:
                break
            if _said_elsewhere(corpus, sentence, doc.id):
                continue
            claim = statement.rstrip(".")
            prompt = f"Which of the texts argues that {claim}?"
            made += 1
            yield Candidate(type="mcq", kind="argument", prompt=prompt, answer=doc.title, answer_class="TEXT",
                            needs_distractors=3, sentence=sentence, generator="sources",
                            explanation=explanation_for(sentence), key=f"{doc.id}:{sentence.index}:source",
                            features={"source": 1.0, "centrality": sentence.centrality,
                                      "position": sentence.position, "q_tokens": float(len(prompt.split()))})


def _said_elsewhere(corpus: Corpus, sentence: SentenceInfo, doc_id: str) -> bool:
    """True when another text could also be said to argue this: it shares most of the claim's words or names.

    Raters found the word test alone too weak: "Central Asian nations may consider moving closer to China" has
    its twin in another text that says "China will replace Russia in Central Asia" in other words. So a claim
    whose names another text also names (most of them) is not asked about at all.
    """
    from quiz.core.entities import entity_key

    words = sentence.lemmas
    if not words:
        return True
    names = {entity_key(e.text) for e in sentence.ents if e.label_ not in ("DATE", "CARDINAL", "ORDINAL", "PERCENT", "MONEY")}
    if names:
        for other in corpus.analysed:
            if other.document.id == doc_id:
                continue
            low = other.document.text.lower()
            shared = sum(1 for n in names if n[:max(4, len(n) - 2)] in low)
            if shared / len(names) >= 0.5:
                return True
    for other in corpus.sentences:
        if other.document.id != doc_id and len(words & other.lemmas) / len(words) >= MAX_OVERLAP:
            return True
    return False
