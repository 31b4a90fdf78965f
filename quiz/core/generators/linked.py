"""Argument items whose two halves are in two sentences: 'X happened. That is why Y.' -> 'Why Y?' (X)."""
from __future__ import annotations

from typing import TYPE_CHECKING, Iterator

from quiz.core.generators import Candidate, register
from quiz.core.generators.common import explanation_for, vague_context
from quiz.core.realize import Clause, clause_tokens, has_unresolved_reference, keeps_capital, render, subtree_ids

if TYPE_CHECKING:
    from quiz.core.context import Corpus, SentenceInfo

POINTERS = {"that", "this"}  # "That is why …", "This is why …"
MAX_REASON_WORDS = 32


CONNECTORS = ("as a result,", "consequently,", "therefore,", "for this reason,", "because of this,",
              "as a consequence,", "for that reason,")


def _why_clause(sentence: SentenceInfo):
    """Return the clause the previous sentence explains: 'That is why <clause>', 'As a result, <clause>'."""
    root = sentence.span.root
    if sentence.text.lstrip().lower().startswith(CONNECTORS):
        return root if root.pos_ in ("VERB", "AUX") else None
    subj = next((c for c in root.children if c.dep_ == "nsubj"), None)
    if root.lemma_ != "be" or subj is None or subj.lower_ not in POINTERS or subj.i != sentence.span.start:
        return None
    comp = next((c for c in root.children if c.dep_ == "ccomp" and c.pos_ in ("VERB", "AUX")), None)
    if comp is None or not any(c.dep_ == "advmod" and c.lower_ == "why" for c in comp.children):
        return None
    return comp


def _reason_text(prev: SentenceInfo) -> str | None:
    """The previous sentence as the reason: 'Because …', or None when it cannot stand alone."""
    tokens = [t for t in prev.span if not t.is_space]
    while tokens and tokens[-1].is_punct:
        tokens.pop()
    if not tokens or len(tokens) > MAX_REASON_WORDS or prev.text.rstrip().endswith("?"):
        return None
    root = prev.span.root
    subj = next((c for c in root.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    # "Chlorophyll a absorbs …, but it absorbs very little green light": 'it' is the sentence's own subject
    own = {t.i for t in tokens if subj is not None and subj.pos_ != "PRON" and subj.lower_ not in ("this", "that") and t.i > subj.i
           and t.lower_ in ("it", "its", "they", "their", "them")}
    if has_unresolved_reference(tokens, allowed=set(prev.resolutions) | own):  # copied word for word: its parse does not matter
        return None
    text = render(tokens, subs=prev.resolutions).strip()
    first = tokens[0]
    if not keeps_capital(first):
        text = text[:1].lower() + text[1:]
    return "Because " + text


INNER = ("as a result", "consequently", "as a consequence")


def _inner_link(sentence: SentenceInfo):
    """'X; as a result, Y' inside one sentence: return (the verb of Y, the tokens of X), or None."""
    span = sentence.span
    words = [t.lower_ for t in span]
    for n, t in enumerate(span):
        if n < 4 or not any(" ".join(words[n:n + len(c.split())]) == c for c in INNER):
            continue
        before = span[n - 1]
        if before.lower_ == "and" and n >= 2 and span[n - 2].text == ",":
            cut = n - 2
        elif before.text in (";", "—"):
            cut = n - 1
        else:
            continue
        verb = t.head
        while verb.dep_ in ("pobj", "prep") and verb.head != verb:
            verb = verb.head
        if verb.pos_ not in ("VERB", "AUX") or verb.i < t.i:
            continue
        size = len(next(c for c in INNER if " ".join(words[n:n + len(c.split())]) == c).split())
        connector = {u.i for u in span[n - 1: n + size]}
        if n + size < len(span) and span[n + size].is_punct:
            connector.add(span[n + size].i)  # 'as a result,
        return verb, [u for u in span[:cut] if not u.is_space], connector
    return None


def _inner_reason(sentence: SentenceInfo, tokens: list) -> str | None:
    """The first half of the sentence as the reason, its asides (', including the beluga, …') left out."""
    if not any(t.tag_ in ("VBD", "VBZ", "VBP", "MD") for t in tokens) or not any(
            t.dep_ in ("nsubj", "nsubjpass") for t in tokens):
        return None  # no statement of its own
    drop: set[int] = set()
    ids = {t.i for t in tokens}
    for t in tokens:  # ', including …' to the end of the half
        if t.lower_ in ("including", "such") and t.i > 0 and t.doc[t.i - 1].text == ",":
            drop |= {u for u in ids if u >= t.i - 1}
    kept = [t for t in tokens if t.i not in drop]
    while kept and kept[-1].is_punct:
        kept.pop()
    if not (4 <= len(kept) <= MAX_REASON_WORDS) or has_unresolved_reference(kept, allowed=set(sentence.resolutions)):
        return None
    text = render(kept, subs=sentence.resolutions).strip()
    first = kept[0]
    if not keeps_capital(first):
        text = text[:1].lower() + text[1:]
    return "Because " + text


@register("argument-linked")
def generate_linked_reasons(corpus: Corpus) -> Iterator[Candidate]:
    """Yield 'Why …?' for 'That is why …' with the sentence before it as the reason.

    The question keeps the main verb and its object only (a second verb joined by 'and', a participle after a
    comma and a purpose clause are details of the recommendation, not what the reason explains).
    """
    from quiz.core.generators.argument import _why

    previous: dict[tuple[str, int], SentenceInfo] = {(s.document.id, s.index): s for s in corpus.sentences}
    for sentence in corpus.sentences:
        inner = _inner_link(sentence)
        verb = _why_clause(sentence) if inner is None else inner[0]
        prev = previous.get((sentence.document.id, sentence.index - 1))
        if verb is None or (prev is None and inner is None):
            continue
        subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
        if len(subjects) != 1 or subjects[0].pos_ == "PRON" and subjects[0].i not in sentence.resolutions:
            continue  # two subjects: a list the parser split, and a question made from it would be garbled
        subj = subjects[0]
        drop: set[int] = set()
        for c in verb.children:
            short_conj = c.dep_ == "conj" and len(subtree_ids(c)) <= 2  # "reflected and transmitted"
            if c.lower_ == "why" or (c.dep_ in ("cc", "conj") and not short_conj) or c.dep_ == "relcl" or (
                    c.dep_ == "advcl" and (c.tag_ == "VBG" or any(m.dep_ == "mark" or m.lower_ == "why"
                                                                 for m in c.children))):
                drop |= subtree_ids(c)
        for t in clause_tokens(verb):  # ", which is why leaves look green": an aside, to the end of the clause
            if t.lower_ == "which" and t.i > verb.i and t.i > 0 and t.doc[t.i - 1].text == ",":
                drop |= {u.i for u in clause_tokens(verb) if u.i >= t.i - 1}
        if any(c.dep_ == "conj" and c.i not in drop for c in verb.children):
            drop -= {c.i for c in verb.children if c.dep_ == "cc"}  # keep the 'and' of a kept conjunct
        if inner is not None:  # the connector and the first half are not part of the question
            drop |= {t.i for t in inner[1]} | inner[2]
        tokens = tuple(t for t in clause_tokens(verb) if t.i not in drop)
        while tokens and tokens[-1].is_punct:
            tokens = tokens[:-1]
        tokens = tuple(t for n, t in enumerate(tokens) if not (t.text == "," and (
            n + 1 == len(tokens) or tokens[n + 1].is_punct)))
        question = _why(Clause(verb, subj, tokens), set(), sentence)
        reason = _reason_text(prev) if inner is None else _inner_reason(sentence, inner[1])
        if question is None or reason is None or vague_context(question) or len(question.split()) > 22:
            continue
        key = f"{sentence.document.id}:{sentence.index}:why-linked"
        yield Candidate(type="mcq", kind="argument", prompt=question, answer=reason, answer_class="REASON",
                        needs_distractors=3, sentence=sentence, generator="argument", key=key,
                        explanation=explanation_for(sentence) if inner else explanation_for(prev) + " " + explanation_for(sentence),
                        features={"why": 1.0, "linked": 1.0, "centrality": max(sentence.centrality, (prev or sentence).centrality),
                                  "position": sentence.position, "q_tokens": float(len(question.split()))})
