"""Fact questions by syntactic transformation: who / what / when / where / how many / which + noun."""
from __future__ import annotations

from typing import TYPE_CHECKING, Iterator

from quiz.core.generators import Candidate, register
from quiz.core.generators.common import (
    answer_phrases,
    claim_subject,
    degree_too,
    hedge_adverbs,
    explanation_for,
    ATTRIBUTED,
    is_hedged,
    sentence_hedged,
    vague_context,
    is_opinion,
    simplification_drops,
)
from quiz.core.questions import HEAD_NOUNS, make_question
from quiz.core.realize import REPORTING, embedded_clauses, finite_clauses, keeps_capital, subtree_ids

if TYPE_CHECKING:
    from quiz.core.context import Corpus

MIN_TOKENS, MAX_TOKENS = 5, 30
CONCESSIVE = {"while", "although", "though", "whereas", "whilst", "despite"}
DISTRACTABLE = {"PERSON", "COUNTRY", "CITY", "YEAR", "DATE", "PERCENT", "MONEY", "NUMBER"}
DURATION = __import__("re").compile(
    r"^(?:about |some |nearly |almost |over |more than )?(?:\d[\d,]*|a|an|one|two|three|four|five|six|seven|eight|"
    r"nine|ten|several|many|a few) (?:days?|weeks?|months?|years?|decades?|centuries?|hours?|minutes?)$", __import__("re").I)
HEADED = {"GPE", "LOC", "ORG", "EVENT"}  # multiple choice only when a head noun ("war", "union") types the options


@register("wh")
def generate_wh(corpus: Corpus) -> Iterator[Candidate]:
    """Yield short-answer and multiple-choice wh-questions from main clauses of key sentences."""
    from quiz.core.generators.common import garbled

    for sentence in corpus.sentences:
        if sentence.text.rstrip().endswith("?") or garbled(sentence.span):
            continue  # a sentence the parser broke makes broken questions ("… nine days before Wellington and the
            # Prussian commander?"); the statements' generators leave such sentences alone too
        clauses = [(c, {}) for c in finite_clauses(sentence.span)] + embedded_clauses(sentence.span)
        for clause, extra_subs in clauses:
            if clause.verb.pos_ not in ("VERB", "AUX") or clause.negated:
                continue
            if clause.verb.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ in CONCESSIVE for c in clause.verb.children):
                continue  # "While China is a global player in Central Asia, it acts as a neighbour": the point is after
            if clause.verb.lemma_.lower() in REPORTING and any(c.dep_ == "ccomp" for c in clause.verb.children):
                continue  # who-said-what is the argument generator's
            hedged = is_hedged(clause.tokens) or sentence_hedged(sentence.span)
            opinion = is_opinion(clause.tokens) or sentence.opinion_piece
            phrases = list(answer_phrases(clause, corpus))
            if hedged or opinion:
                claim = claim_subject(clause)  # what the author claims did something: an argument item
                if claim is not None:
                    phrases.append(claim)
            subj = clause.subject
            bare_subject = (subj is not None and subj.pos_ == "NOUN" and len(list(subj.subtree)) == 2
                            and subj.left_edge.lower_ == "the"
                            and subj.lemma_.lower() not in sentence.document.title.lower()
                            and _mentioned_before(corpus, sentence, subj.lemma_.lower()))
            for phrase in phrases:
                if bare_subject and phrase.head != subj:
                    continue  # "How many grams did the soil lose?": which soil? the question lost its context
                keep = subtree_ids(phrase.head) | ({phrase.head.head.i} if phrase.head.dep_ == "pobj" else set())
                drop = simplification_drops(clause, keep) | hedge_adverbs(clause) | {
                    t.i for t in clause.tokens if t.dep_ == "advmod" and not degree_too(t) and t.lower_ in ("also", "too")} | (  # points back
                    _contrast_clauses(clause) - keep)  # "…, while the Sava carries …": the other half of a contrast
                q = make_question(
                    clause,
                    phrase.head,
                    phrase.answer_class,
                    extra_drop=drop,
                    resolutions={**sentence.resolutions, **extra_subs},
                    wh_override=phrase.wh_override,
                )
                if q is None:
                    continue
                if phrase.answer_class == "DATE" and DURATION.match(phrase.text):
                    continue  # "When has the station recorded …?" -> "41 days": a count of days, not a time
                if phrase.answer_class == "PERCENT" and "percentage of" not in q.text and not (
                        phrase.head.dep_ == "pobj" and phrase.head.head.lower_ in ("by", "to", "from")):
                    continue  # "What percentage come by car?" — a percentage of what?
                n_tokens = len(q.text.split())
                if not (MIN_TOKENS <= n_tokens <= MAX_TOKENS):
                    continue
                prompt = _unfront(_no_echo(q.text))
                attributed = 0.0
                if ATTRIBUTED.match(prompt):
                    attributed = 1.0  # the question already says whose view it is
                elif hedged or opinion:
                    # a claim, not a bare fact: the item says whose claim it is
                    prompt = "According to the author, " + prompt[0].lower() + prompt[1:] if not prompt.startswith(("I ", "I’")) else prompt
                    attributed = 1.0
                if phrase.text.lower() in prompt.lower():
                    continue
                if vague_context(prompt):
                    continue
                obj = next((c for c in clause.verb.children if c.dep_ == "dobj"), None)
                features = {
                    # "Which country suspended work in 1989?": work on what? a lone noun object lost its context
                    "bare_object": float(obj is not None and obj.pos_ == "NOUN" and not list(obj.children)
                                         and obj.tag_ == "NN" and phrase.head != obj),
                    "embedded": float(clause.verb != sentence.span.root and clause.verb.dep_ != "conj"),
                    "wh_" + q.wh.split()[0]: 1.0,
                    "role_" + q.role: 1.0,
                    "q_tokens": float(n_tokens),
                    "dropped": float(len(drop)),
                    "hedged": float(hedged),
                    "opinion": float(opinion),
                    "negated": float(clause.negated),
                    "attributed": attributed,
                    "centrality": sentence.centrality,
                    "position": sentence.position,
                    # "… showed that water is also consumed": also as what? the sentence leans on the one before
                    "points_back": float(any(t.lower_ in ("also", "too") and t.dep_ == "advmod"
                                             for t in sentence.span)),
                }
                kind = "argument" if attributed else "fact"
                base = dict(
                    kind=kind,
                    prompt=prompt,
                    answer=phrase.text,
                    sentence=sentence,
                    generator="wh",
                    answer_class=phrase.answer_class,
                    explanation=_explain(clause, sentence, drop, extra_subs, prompt),
                    answer_span=phrase.span,
                    key=f"{sentence.document.id}:{sentence.index}:{phrase.text.lower()}",
                )
                if phrase.answer_class == "CLAIM":
                    yield Candidate(type="mcq", needs_distractors=3, features=dict(features, claim_subject=1.0), **base)
                    continue
                if len(phrase.text.split()) <= 4:
                    yield Candidate(type="short", features=dict(features), **base)
                if phrase.answer_class in DISTRACTABLE or (
                        phrase.answer_class in HEADED and phrase.text.split()[-1].lower() in HEAD_NOUNS):
                    yield Candidate(type="mcq", needs_distractors=3, features=dict(features), **base)


def _contrast_clauses(clause) -> set[int]:
    """Tokens of a 'while'/'whereas' clause hanging on the verb, with the comma before it: 'The Tisza is the longest
    tributary, while the Sava carries the greatest volume' asks 'What is the longest tributary?'."""
    from quiz.core.generators.common import marked_clauses

    return marked_clauses([clause.verb], {"while", "whereas", "whilst"})


def _explain(clause, sentence, drop: set[int], extra_subs: dict[int, str], prompt: str) -> str:
    """Say the answer as the text does, in one plain statement ('Moscow brokered a ceasefire in 2020.')."""
    from quiz.core.questions import declarative

    statement = declarative(clause, resolutions={**sentence.resolutions, **extra_subs}, extra_drop=drop)
    if statement is None:
        return explanation_for(sentence)
    if prompt.startswith("According to the author"):
        from quiz.core.realize import discourse_prefix

        gone = drop | discourse_prefix(list(clause.tokens), clause.verb)
        first = next((t for t in clause.tokens if t.i not in gone and not t.is_punct), None)
        proper = first is not None and keeps_capital(first)
        statement = "The author argues that " + (statement if proper else statement[0].lower() + statement[1:])
    return statement


def _unfront(question: str) -> str:
    """'With Peter Schöffer, who printed the Psalter?' -> 'Who printed the Psalter with Peter Schöffer?'."""
    import re

    m = re.match(r"^((?:Together |Along )?[Ww]ith [^,?]{2,60}), (who|what|which \w+) (.+)\?$", question)
    if m:
        return f"{m.group(2)[:1].upper()}{m.group(2)[1:]} {m.group(3)} {m.group(1)[:1].lower()}{m.group(1)[1:]}?"
    return question


def _no_echo(question: str) -> str:
    """'Which country was the first country outside …?' -> 'Which was the first country outside …?'."""
    import re

    m = re.match(r"^(.*?\b)[Ww]hich (\w+) (was|is|were|are) (the (?:\w+ ){0,3}?)\2\b", question)
    if m:
        lead = m.group(1)
        return f"{lead}{'W' if not lead else 'w'}hich {m.group(3)} {m.group(4)}{m.group(2)}" + question[m.end():]
    return question


def _mentioned_before(corpus, sentence, lemma: str) -> bool:
    """True when one of the two sentences before mentions the noun: 'the soil' then points back to it."""
    infos = corpus.by_document.get(sentence.document.id, [])
    idx = next((k for k, s in enumerate(infos) if s is sentence), 0)
    return any(lemma in s.lemmas for s in infos[max(0, idx - 2): idx])
