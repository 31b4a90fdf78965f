"""A text's own terms: the rare common nouns it defines or keeps coming back to ('stomata', 'rubisco').

A science text's key words are not names: they are words a student would not know before reading it. A word
is a term when it is rare in general English (wordfreq's Zipf frequency under RARE_ZIPF) and the text either
defines it ('a fluid called the stroma', 'stomata, tiny pores on the leaf surface', 'X is the molecule that
…') or uses it at least MIN_USES times. Words of the title are not terms: the title gives them away.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

RARE_ZIPF = 3.0  # 'chlorophyll' 2.75, 'stomata' 2.07, 'peacekeepers' 2.83; 'ceasefire' 3.32, 'enzyme' 3.82
MIN_USES = 2
NAMING = {"called", "named", "termed", "dubbed"}


@dataclass(frozen=True)
class Term:
    """One term of a text: its form as the text writes it, lemma, uses, and whether (and where) it is defined."""

    text: str  # 'stomata', 'rubisco', 'ribulose bisphosphate'
    lemma: str  # 'stoma', 'rubisco'
    plural: bool
    uses: int
    defined_at: frozenset[int]  # token indices of the head where a sentence defines it

    @property
    def defined(self) -> bool:
        return bool(self.defined_at)


@lru_cache(maxsize=65536)
def zipf(word: str) -> float:
    """Return the word's Zipf frequency in general English (0 for unknown words)."""
    from wordfreq import zipf_frequency

    return zipf_frequency(word, "en")


def _rare_word(word: str) -> bool:
    return bool(re.fullmatch(r"[a-z][a-z-]{3,}", word)) and zipf(word) < RARE_ZIPF and not word.endswith(VERBISH)


VERBISH = ("ise", "ize", "ised", "ized", "ising", "izing", "ly")


def term_words(doc: Doc) -> set[str]:
    """Return the rare words the text also writes in lower case mid-sentence (a name never is)."""
    return {t.lower_ for t in doc if not t.is_sent_start and t.text == t.lower_ and _rare_word(t.lower_)}


def rare(token: Token, words: set[str] | None = None) -> bool:
    """True for a rare word of the text that is a term, not a name (the tagger often calls 'Rubisco' a PERSON)."""
    words = term_words(token.doc) if words is None else words
    return token.lower_ in words and (token.text == token.lower_ or token.is_sent_start or (
        token.i > 0 and token.doc[token.i - 1].text in ("(", "“", '"')))


def head_form(token: Token, words: set[str] | None = None) -> list[Token]:
    """Return the term's words: the rare word with the rare words before it ('ribulose bisphosphate')."""
    out = [token]
    while out[0].i > 0 and rare(token.doc[out[0].i - 1], words) and not token.doc[out[0].i - 1].is_punct:
        out.insert(0, token.doc[out[0].i - 1])
    return out


def is_head(token: Token, words: set[str] | None = None) -> bool:
    """True when the rare word ends its noun phrase ('thylakoids', not 'thylakoid membranes')."""
    doc = token.doc
    nxt = doc[token.i + 1] if token.i + 1 < len(doc) else None
    if nxt is not None and rare(nxt, words):
        return False  # 'ribulose bisphosphate': the last word carries the phrase
    if nxt is None or not (nxt.pos_ in ("NOUN", "PROPN", "ADJ") and nxt.text == nxt.lower_ and nxt.is_alpha):
        return True
    if token.head == nxt and token.dep_ in ("compound", "amod", "nmod"):
        # 'Rubisco works slowly': a sentence's first word before a verb the tagger took for a plural noun
        return token.i == token.sent.start and nxt.tag_ in ("NNS", "VBZ") and _verb_form(nxt.lower_)
    return True


def _verb_form(word: str) -> bool:
    from lemminflect import getLemma

    lemmas = getLemma(word, upos="VERB")
    return bool(lemmas) and lemmas[0] != word


def defines(token: Token, words: set[str] | None = None) -> bool:
    """True when the sentence around a term defines it ('a fluid called the stroma', 'stomata, tiny pores …')."""
    doc = token.doc
    first = head_form(token, words)[0]
    before = [t.lower_ for t in doc[max(0, first.i - 3): first.i]]
    if before[-1:] == ["the"]:
        before = before[:-1]
    if before[-1:] and before[-1] in NAMING or before[-2:] == ["known", "as"]:
        return True  # '… called thylakoids', 'known as …'
    after = doc[token.i + 1: token.i + 4]
    counted = (any(c.dep_ == "nummod" for c in token.children) or first.i > 0 and doc[first.i - 1].like_num) and \
        re.match(r",\s*[^,.;]+?\s(?:and|or)\s", doc.text[token.idx + len(token.text):]) is not None
    if len(after) >= 2 and after[0].text == "," and token.pos_ != "VERB" and token.dep_ != "relcl" and not counted and (after[1].lower_ in ("a", "an") or (
            after[1].pos_ in ("ADJ", "NOUN") and any(t.tag_ == "NNS" and t.dep_ not in ("nsubj", "nsubjpass") for t in after[1:]))):
        return True  # 'Chlorophyll, a green pigment …', 'stomata, tiny pores …' (an aside, not the next clause:
        # "When an impulse reaches a cardiomyocyte, calcium ions flow in …", rounds 87-88); a verb before the next
        # item of a list is defined by nothing ("seedlings that sulk, composts that dry out", round 151), nor is the
        # unit of a figure ("a payment of 200,000 thalers, an annual tribute and …", round 157)
    sent = token.sent
    root = sent.root
    if root.lemma_ == "be" and token.i < root.i and first.i - sent.start <= 1:
        attr = next((c for c in root.children if c.dep_ == "attr"), None)
        if attr is not None and attr.pos_ == "NOUN" and any(c.dep_ in ("relcl", "acl") for c in attr.children):
            return True  # 'Chlorophyll … is the molecule that captures light energy'
    return False


def _lemma(word: str) -> str:
    from lemminflect import getLemma

    lemmas = getLemma(word, upos="NOUN")
    return (lemmas[0] if lemmas else word).lower()


def document_terms(doc: Doc, title: str = "") -> dict[str, Term]:
    """Return the text's terms by lemma of their last word."""
    title_words = {w.lower() for w in re.findall(r"[A-Za-z]+", title)}
    words = term_words(doc)
    uses: Counter[str] = Counter()
    forms: dict[str, Counter[str]] = {}
    plural: dict[str, Counter[bool]] = {}
    defined: dict[str, set[int]] = {}
    for token in doc:
        if not rare(token, words):
            continue
        lemma = _lemma(token.lower_)
        if lemma in title_words or token.lower_ in title_words:
            continue
        uses[lemma] += 1
        if not is_head(token, words):
            continue
        form = " ".join(t.lower_ for t in head_form(token, words))
        forms.setdefault(lemma, Counter())[form] += 1
        plural.setdefault(lemma, Counter())[lemma != token.lower_] += 1
        if defines(token, words):
            defined.setdefault(lemma, set()).add(token.i)
    out: dict[str, Term] = {}
    for lemma, n in uses.items():
        if lemma not in forms or (n < MIN_USES and lemma not in defined):
            continue
        form = forms[lemma].most_common(1)[0][0]
        out[lemma] = Term(form, lemma, plural[lemma].most_common(1)[0][0], n, frozenset(defined.get(lemma, ())))
    return out


def term_of(token: Token, terms: dict[str, Term], words: set[str] | None = None) -> Term | None:
    """Return the term whose last word this token is, or None."""
    if not rare(token, words) or not is_head(token, words):
        return None
    return terms.get(_lemma(token.lower_))


def is_plural(form: str) -> bool:
    """True when a term's last word is a plural noun ('stomata', 'chloroplasts')."""
    last = form.split()[-1].lower() if form.split() else ""
    return _lemma(last) != last
