"""True/false items: a simplified statement from the text, or the same with one name or number swapped."""
from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING, Iterator

from quiz.core.generators import Candidate, register
from quiz.core.generators.common import (
    answer_phrases,
    explanation_for,
    garbled,
    is_hedged,
    is_opinion,
    simplification_drops,
    vague_context,
)
from quiz.core.questions import declarative
from quiz.core.realize import REPORTING, finite_clauses, render

if TYPE_CHECKING:
    from quiz.core.context import Corpus

SWAPPABLE = {"PERSON", "COUNTRY", "CITY", "ORG", "YEAR", "NUMBER", "PERCENT", "EVENT", "LOC"}
SWAP = "\x00SWAP\x00"


def _coin(*parts: str) -> bool:
    """A stable coin flip from the item's identity (so runs are reproducible)."""
    return hashlib.sha256("|".join(parts).encode()).digest()[0] % 2 == 0


@register("truefalse")
def generate_truefalse(corpus: Corpus) -> Iterator[Candidate]:
    """Yield one true/false statement per plain factual clause (never from hedged, negated or opinion ones)."""
    for sentence in corpus.sentences:
        if sentence.text.rstrip().endswith("?") or any(q in sentence.text for q in "“”\""):
            continue  # questions are not statements; quoted words are someone's, not the text's
        for clause in finite_clauses(sentence.span):
            if clause.negated or is_hedged(clause.tokens) or is_opinion(clause.tokens):
                continue
            if clause.verb.lemma_.lower() in REPORTING:
                continue
            phrases = [p for p in answer_phrases(clause, corpus) if p.answer_class in SWAPPABLE and p.span is not None]
            if not phrases:
                continue
            phrase = phrases[0]
            drop = simplification_drops(clause, {t.i for t in phrase.span})
            statement = declarative(clause, resolutions=sentence.resolutions, extra_drop=drop)
            if statement is None or not (6 <= len(statement.split()) <= 32):
                continue
            last = [t for t in clause.tokens if not t.is_punct and t.i not in drop][-1:]
            if not last or last[0].pos_ in ("AUX", "ADP", "DET", "CCONJ", "SCONJ", "PART"):
                continue  # a clause cut short ("… support for Armenia is.")
            if any(t.tag_ == "MD" or t.lower_ in ("must", "should", "ought") for t in clause.tokens):
                continue  # a modal makes it a judgement, not a fact to call true or false
            if garbled(sentence.span) or vague_context(statement):
                continue
            key = f"{sentence.document.id}:{sentence.index}:tf"
            features = {"tf": 1.0, "centrality": sentence.centrality, "position": sentence.position,
                        "q_tokens": float(len(statement.split()))}
            base = dict(kind="fact", sentence=sentence, generator="truefalse", explanation=explanation_for(sentence),
                        answer_span=phrase.span, answer_class=phrase.answer_class, key=key,
                        choices=("True", "False"))
            if _coin(sentence.document.id, sentence.text):
                yield Candidate(type="truefalse", prompt=statement, answer="True", features=features, **base)
            else:
                subs = dict(sentence.resolutions)
                ids = [t.i for t in phrase.span]
                for i in ids[:-1]:
                    subs[i] = ""
                subs[ids[-1]] = SWAP
                tokens = [t for t in clause.tokens]
                from quiz.core.realize import discourse_prefix

                d = drop | discourse_prefix(tokens, clause.verb)
                template = render([t for t in tokens if t.i not in d], subs=subs)
                template = template[:1].upper() + template[1:]
                template = template.rstrip(".,;:") + "."
                if SWAP not in template:
                    continue
                features = dict(features, tf_false=1.0)
                yield Candidate(type="truefalse", prompt=template, answer="False", needs_distractors=1,
                                features=features, topic_hint=phrase.text, **base)
