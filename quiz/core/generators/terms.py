"""Term items: a text's own terms blanked where it defines or uses them, and 'Which molecule captures …?'.

A science text's key words are terms, not names ('stomata', 'rubisco'): the cloze and name questions miss them.
Here the term is blanked in a sentence that defines it or says what it does ('Carbon dioxide enters the leaf
through ___, tiny pores on the leaf surface …'); the options of the multiple-choice form are the text's other
rare nouns of the same number ('chloroplasts', 'thylakoids'), so the student has to know which is which.
"""
from __future__ import annotations

import re
from typing import TYPE_CHECKING, Iterator

from quiz.core.generators import Candidate, register
from quiz.core.generators.common import degree_too, explanation_for, is_hedged
from quiz.core.generators.cloze import BLANK, MAX_WORDS, MIN_WORDS_NAMED
from quiz.core.items import GAP
from quiz.core.realize import discourse_prefix, has_unresolved_reference, render
from quiz.core.terms import Term, document_terms, head_form, term_of, term_words

if TYPE_CHECKING:
    from quiz.core.context import Corpus, SentenceInfo

ROLES = {"nsubj", "nsubjpass", "dobj", "pobj", "attr", "appos", "conj", "oprd", "npadvmod", "amod"}


def corpus_terms(corpus: Corpus) -> dict[str, tuple[dict[str, Term], set[str]]]:
    """Return each document's terms and rare words, computed once per corpus."""
    cache = corpus.__dict__.setdefault("_terms", {})
    if not cache:
        for a in corpus.analysed:
            cache[a.document.id] = (document_terms(a.doc, a.document.title), term_words(a.doc))
    return cache


@register("term")
def generate_terms(corpus: Corpus) -> Iterator[Candidate]:
    """Yield a blank for each term where a sentence defines it or says what it does, and 'Which N …?' items."""
    by_doc = corpus_terms(corpus)
    for sentence in corpus.sentences:
        terms, words = by_doc.get(sentence.document.id, ({}, set()))
        if not terms or sentence.text.rstrip().endswith("?"):
            continue
        n_words = len(sentence.text.split())
        if n_words > MAX_WORDS:
            continue
        tokens = list(sentence.span)
        drop = discourse_prefix(tokens, sentence.span.root)
        kept = [t for t in tokens if t.i not in drop]
        if has_unresolved_reference(kept, allowed=set(sentence.resolutions) | _points_to_term(kept, terms, words)):
            continue
        yield from _which(corpus, sentence, terms, words)
        made = 0
        defining = {i for term in terms.values() for i in term.defined_at if sentence.span.start <= i < sentence.span.end}
        for token in kept:
            term = term_of(token, terms, words)
            if term is None or made >= 1 or token.i in drop:
                continue
            form = head_form(token, words)
            nxt = token.doc[token.i + 1] if token.i + 1 < len(token.doc) else None
            if nxt is not None and re.fullmatch(r"[IVX]+|\d+", nxt.text):
                continue  # 'photosystem ___ II'
            if form[0].i == sentence.span.start or n_words - len(form) + 1 < MIN_WORDS_NAMED:
                continue  # a gap as the first word gives no context; a short stem does not pin the term down
            defined = token.i in term.defined_at
            if not defined and (defining or token.dep_ not in ROLES):
                continue  # a sentence that defines one term is about that term, not the others it names
            cand = _blank(sentence, kept, form, term, defined)
            if cand is not None:
                made += 1
                yield from cand
                yield from _statements(sentence, form, term)


def _singulars(term: Term) -> set[str]:
    """The term and its singular, Greek plurals included ('stomata' -> 'stoma', not only 'stomatum'); never a
    lemma that is no word ('incunabula' -> 'incunabul', which raters found accepted as a misspelling)."""
    from quiz.core.terms import zipf

    out = {term.text}
    if term.lemma and (term.text in (term.lemma + "s", term.lemma + "es", term.lemma[:-1] + "ies") or zipf(
            term.lemma) > 1.0):
        out.add(term.lemma)
    if term.text.endswith("ata"):
        out.add(term.text[:-2])
    return out


def _points_to_term(tokens: list, terms: dict[str, Term], words: set[str]) -> set[int]:
    """Pronouns after a term that opens the sentence ('Rubisco has a weakness: it can also react …'): resolved."""
    first = next((t for t in tokens if not t.is_punct), None)
    if first is None or term_of(first, terms, words) is None:
        return set()
    plural = terms[next(k for k, v in terms.items() if v is term_of(first, terms, words))].plural
    own = ("they", "them", "their") if plural else ("it", "its")
    return {t.i for t in tokens if t.i > first.i and t.lower_ in own}


def _blank(sentence: SentenceInfo, kept: list, form: list, term: Term, defined: bool) -> list[Candidate] | None:
    from quiz.core.generators.common import garbled

    if form[0].i > 0 and any(c.dep_ == "compound" and c.i == form[0].i - 1 and c.pos_ == "NOUN" for c in form[-1].children):
        return None  # "rice ___" (paddies): the word before the blank makes the compound everyone knows (round 55)
    if _listed(form[-1]):
        return None  # "measles, diphtheria, ___ and whooping cough": one of a list is guessed, not read
    if form[0].i > 0 and form[0].doc[form[0].i - 1].text == "-":
        return None  # "beta-___": the prefix joined to the blank gives the word away (rounds 71-72)
    tail = [t for t in kept if t.i > form[-1].i]
    trimmed = defined and len(tail) >= 2 and tail[0].text == "," and tail[1].lower_ in ("from", "meaning", "derived")
    if trimmed:  # "… are known as ___, from a Latin word meaning …": the word's origin is an aside, not the definition
        kept = [t for t in kept if t.i <= form[-1].i]
    subs = dict(sentence.resolutions)
    for t in form[:-1]:
        subs[t.i] = ""
    subs[form[-1].i] = "\x00GAP\x00"
    text = render(kept, subs=subs).rstrip()
    answer = " ".join(t.lower_ for t in form) if not any(t.text.isupper() for t in form) else " ".join(t.text for t in form)
    stem_only = text.replace("\x00GAP\x00", " ").lower()
    if re.search(r"\b" + re.escape(term.lemma[:max(4, len(term.lemma) - 2)]), stem_only):
        return None  # the term stands elsewhere in the stem ('thylakoid membranes' beside '___')
    if not text.endswith((".", "!", "”", '"', "’")):
        text += "."
    text = text[:1].upper() + text[1:]
    prompt = text.replace("\x00GAP\x00", GAP)
    first = form[0]
    features = {
        "term": 1.0,
        "term_defined": float(defined),
        "q_tokens": float(len(prompt.split())),
        "hedged": float(is_hedged(kept)),
        "centrality": sentence.centrality,
        "position": sentence.position,
        "gap_position": (first.i - sentence.span.start) / max(1, len(sentence.span)),
    }
    if trimmed:
        features["garbled"] = float(garbled(kept))  # judged on what the item shows, not the aside it left out
    accept = tuple(sorted(_singulars(term) - {answer}))
    base = dict(kind="definition" if defined else "fact", answer=answer, sentence=sentence, generator="term",
                answer_class="TERM", explanation=explanation_for(sentence), accept=accept,
                answer_span=sentence.span.doc[first.i: form[-1].i + 1],
                key=f"{sentence.document.id}:{sentence.index}:{answer.lower()}")
    stem = "Which answer completes the sentence? " + prompt.replace(GAP, BLANK)
    # typed, only where the sentence defines the term: elsewhere a blank takes other words as well ('Russian
    # ___ in Transnistria': troops, soldiers), and only the options close it
    typed = [Candidate(type="cloze", prompt=prompt, features=dict(features), **base)] if defined else []
    return typed + [Candidate(type="mcq", prompt=stem, needs_distractors=3,
                              features=dict(features, cloze_mcq=1.0, term_mcq=1.0), **base)]


def _listed(token) -> bool:
    """True when the word is one of three or more coordinated nouns."""
    head = token
    while head.dep_ == "conj":
        head = head.head
    return 1 + sum(1 for t in head.subtree if t.dep_ == "conj" and t.pos_ in ("NOUN", "PROPN")) >= 3


def _statements(sentence: SentenceInfo, form: list, term: Term) -> Iterator[Candidate]:
    """'In plants, photosynthesis takes place in chloroplasts' (True) and '… in stomata' (False).

    Only where the term is where something happens or passes ('in', 'through', 'into'): another place of the same
    text makes a statement the text itself decides. The definition around it is dropped (it would give the
    true term away).
    """
    from quiz.core.distractors import LOCATIVE
    from quiz.core.generators.common import simplification_drops
    from quiz.core.generators.truefalse import SWAP
    from quiz.core.questions import declarative
    from quiz.core.realize import finite_clauses

    token = form[-1]
    if token.dep_ != "pobj" or token.head.lower_ not in LOCATIVE:
        return
    clause = next((c for c in finite_clauses(sentence.span) if token in c.tokens), None)
    if clause is None or clause.negated or is_hedged(clause.tokens):
        return
    ids = {t.i for t in form}
    drop = simplification_drops(clause, ids)
    doc = token.doc
    if token.i + 1 < len(doc) and doc[token.i + 1].text == ",":
        drop |= {t.i for t in clause.tokens if t.i > token.i}  # ', tiny pores on the leaf surface …': the definition
    drop |= {t.i for t in clause.tokens if t.dep_ == "advmod" and not degree_too(t) and t.lower_ in ("also", "too")}
    if clause.verb.i in drop:
        return  # "The familiar green, at 557.7 nanometres, comes from atomic oxygen": what follows the term is the
        # clause's own verb, not a definition ("The familiar green, at 557.7 nanometres.", session 13)
    true = declarative(clause, resolutions=sentence.resolutions, extra_drop=drop)
    subs = dict(sentence.resolutions)
    for t in form[:-1]:
        subs[t.i] = ""
    subs[token.i] = SWAP
    false = declarative(clause, resolutions=subs, extra_drop=drop)
    if true is None or false is None or SWAP not in false or not (6 <= len(true.split()) <= 24):
        return
    base = dict(kind="fact", sentence=sentence, generator="term", explanation=explanation_for(sentence),
                answer_span=sentence.span.doc[form[0].i: token.i + 1], answer_class="TERM",
                key=f"{sentence.document.id}:{sentence.index}:tf", choices=("True", "False"))
    features = {"tf": 1.0, "term": 1.0, "centrality": sentence.centrality, "position": sentence.position,
                "q_tokens": float(len(true.split()))}
    yield Candidate(type="truefalse", prompt=true, answer="True", features=dict(features), **base)
    yield Candidate(type="truefalse", prompt=false, answer="False", needs_distractors=1, topic_hint=term.text,
                    features=dict(features, tf_false=1.0), **base)


def _which(corpus: Corpus, sentence: SentenceInfo, terms: dict[str, Term], words: set[str]) -> Iterator[Candidate]:
    """'Chlorophyll, a green pigment …, is the molecule that captures light energy' -> 'Which molecule captures …?'"""
    root = sentence.span.root
    if root.lemma_ != "be" or any(c.dep_ == "neg" for c in root.children) or is_hedged(sentence.span):
        return
    subj = next((c for c in root.children if c.dep_ == "nsubj"), None)
    attr = next((c for c in root.children if c.dep_ == "attr"), None)
    if subj is None or attr is None or attr.pos_ != "NOUN" or subj.i > root.i:
        return
    term = term_of(subj, terms, words)
    if term is None:
        return
    rel = next((c for c in attr.children if c.dep_ == "relcl"), None)
    if rel is None or attr.i + 1 >= len(attr.doc) or not any(d.lower_ == "the" for d in attr.children):
        return
    rel_tokens = [t for t in rel.subtree]
    if rel_tokens[0].lower_ not in ("that", "which") or rel_tokens[0].dep_ not in ("nsubj", "nsubjpass"):
        return  # 'the molecule that captures …' asks well; 'the molecule that plants use' needs more care
    body = [t for t in rel_tokens[1:]]
    while body and body[-1].is_punct:
        body.pop()
    mods = [t for t in attr.lefts if t.dep_ in ("amod", "compound")]
    noun = render(mods + [attr]) if mods else attr.text
    verb = body[0] if body else None
    if verb is None or has_unresolved_reference(body, allowed=set(sentence.resolutions)):
        return
    prompt = f"Which {noun} {render(body, subs=sentence.resolutions)}?"
    prompt = prompt[:1].upper() + prompt[1:]
    if term.lemma in prompt.lower() or len(prompt.split()) < 5:
        return
    answer = " ".join(t.lower_ for t in head_form(subj, words))
    answer = answer[:1].upper() + answer[1:]
    features = {"term": 1.0, "term_which": 1.0, "transformed_term": 1.0, "q_tokens": float(len(prompt.split())),
                "centrality": sentence.centrality, "position": sentence.position}
    base = dict(kind="definition", prompt=prompt, answer=answer, sentence=sentence, generator="term",
                answer_class="TERM", explanation=explanation_for(sentence),
                accept=tuple(sorted(_singulars(term) - {answer.lower()})),
                key=f"{sentence.document.id}:{sentence.index}:{answer.lower()}")
    yield Candidate(type="short", features=dict(features), **base)
    yield Candidate(type="mcq", needs_distractors=3, features=dict(features), **base)
