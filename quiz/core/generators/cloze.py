"""Cloze items: a key sentence with one key phrase blanked (typed, or multiple choice)."""
from __future__ import annotations

import re
from typing import TYPE_CHECKING, Iterator

from quiz.core.entities import name_alone
from quiz.core.generators import Candidate, register
from quiz.core.generators.common import ASKABLE, clean_answer, explanation_for, is_hedged, leans_back
from quiz.core.items import GAP
from quiz.core.realize import discourse_prefix, has_unresolved_reference, render

if TYPE_CHECKING:
    from spacy.tokens import Span

    from quiz.core.context import Corpus, SentenceInfo

MIN_WORDS, MAX_WORDS = 8, 40
# under ten words a sentence rarely pins a named blank down ("The press played a central role in the ___"): blind
# raters accepted none of 9 such items, against 60% of longer ones; a number is pinned by the sentence's own words
MIN_WORDS_NAMED = 10
CONTINENTS = {"europe", "asia", "africa", "north america", "south america", "america", "australia", "antarctica",
              "eurasia", "oceania"}
DATE_WORDS = {"the", "a", "year", "years", "decade", "century", "early", "late", "mid", "spring", "summer", "autumn",
              "fall", "winter", "month", "week", "end", "beginning", "middle", "first", "second", "last", "half"}
PREFERRED = ("NUMBER", "PERCENT", "YEAR", "PERSON", "COUNTRY", "ORG", "EVENT", "LOC", "CITY", "MONEY", "DATE", "NORP", "GPE")
BLANK = "_____"


def _gap_spans(sentence: SentenceInfo, corpus: Corpus) -> list[tuple[Span, str]]:
    """Return (span, class) pairs worth blanking in a sentence, best first."""
    spans: list[tuple[Span, str]] = []
    from quiz.core.generators.common import _hyphen_joined

    for ent in sentence.ents:
        if _hyphen_joined(ent):
            continue  # "___-Hungary": half a name joined by a hyphen (rounds 75-76)
        cls = corpus.entities.class_of(ent)
        if ent.label_ == "CARDINAL" and cls == "NUMBER" and not re.search(r"\d", ent.text):
            continue
        if cls == "NORP":
            continue  # "Soviet", "Turkish": adjectives whose distractors read oddly in the gap
        if cls in ASKABLE or cls == "NUMBER" or cls == "CITY":
            doc = ent.doc
            if ent.end < len(doc) and doc[ent.end].pos_ == "PROPN" and doc[ent.end - 1].dep_ == "compound" and (
                    doc[ent.end - 1].head.i >= ent.end):
                continue  # "Prince Karl ___ August von Hardenberg": the tagger cut a name in two
            if cls == "DATE" and ent.start > 0 and doc[ent.start - 1].like_num:
                continue  # "26 ___" (April 1986): the blank is half a date, and "April" alone is marked wrong
            if cls == "DATE" and (not re.search(r"\d", ent.text) or any(
                    t.pos_ in ("ADJ", "NOUN", "DET") and t.lower_ not in DATE_WORDS for t in ent)):
                continue  # "in ___ almost no river water arrived" -> "some dry years of the 1980s": no one date
            if cls == "NUMBER" and len(ent.text) <= 1:
                continue
            spans.append((ent, cls))
    order = {c: i for i, c in enumerate(PREFERRED)}
    return sorted(spans, key=lambda sc: (order.get(sc[1], 99), -len(sc[0].text)))


def _strip_possessive(span: Span) -> Span:
    if len(span) > 1 and span[-1].tag_ == "POS":
        return span[:-1]
    return span


@register("cloze")
def generate_cloze(corpus: Corpus) -> Iterator[Candidate]:
    """Yield one or two cloze candidates per self-contained key sentence."""
    for sentence in corpus.sentences:
        words = sentence.text.split()
        if not (MIN_WORDS <= len(words) <= MAX_WORDS) or sentence.text.rstrip().endswith("?"):
            continue
        tokens = list(sentence.span)
        drop = discourse_prefix(tokens, sentence.span.root)
        kept = [t for t in tokens if t.i not in drop]
        if has_unresolved_reference(kept, allowed=set(sentence.resolutions) | _possessives_after_name(kept)):
            continue
        subject = next((c for c in sentence.span.root.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subject is not None and subject.i not in sentence.resolutions and leans_back(subject, sentence):
            continue  # "The announcement came shortly after the ___ adopted …": which announcement? (round 57)
        made = 0
        for ent, cls in _gap_spans(sentence, corpus):
            if made >= 2:
                break
            if _in_enumeration(ent):
                continue  # one of a list: sets and enumerations make poor cards
            if _inside_name(ent):
                continue  # "past ___'s Square": a blank inside a longer name (St Mark's Square)
            ent = _strip_possessive(ent)
            if ent.start > 0 and ent.doc[ent.start].lower_ == "the":
                ent = ent.doc[ent.start + 1: ent.end]
            if cls in ("NUMBER", "PERCENT", "MONEY"):
                ent = _number_core(ent)  # "roughly 6,500 cubic metres": the gap is "6,500"
                if ent is None:
                    continue
            answer = clean_answer(ent.text)
            if answer.lower() in CONTINENTS:
                continue  # "the second-longest river in ___": a continent is guessed, not read
            if cls in ("YEAR", "NUMBER"):
                continue  # a year or a count alone: raters accepted 36% and 11% of them (a share, 90%, stays)
            if re.fullmatch(r"(?:north|south|east|west)(?:ern)?(?:\s+\w+)?", answer.lower()):
                continue  # "Buda on the ___ bank and Pest on the east": the other half of the pair gives it
            if cls not in ("NUMBER", "PERCENT", "MONEY", "YEAR") and len(words) - len(ent) + 1 < MIN_WORDS_NAMED:
                continue  # the stem, gap counted as one word, is too short to pin a name down
            if not answer or any(t.i in drop for t in ent):
                continue
            ids = {t.i for t in ent}
            subs = dict(sentence.resolutions)
            for t in ent[:-1]:
                subs[t.i] = ""
            subs[ent[-1].i] = "\x00GAP\x00"  # the last token keeps the space that follows the phrase
            text = render(kept, subs=subs)
            if answer.lower() in text.lower().replace("\x00gap\x00", ""):
                continue  # the answer stands elsewhere in the stem
            if _spelled_out(answer, text.replace("\x00GAP\x00", " ")):
                continue  # "divides ___ into Buda … and Pest": the stem spells out the answer
            text = text.rstrip()
            if not text.endswith((".", "!", "”", '"', "’")):
                text += "."
            text = text[:1].upper() + text[1:] if not text.startswith("\x00") else text
            if text.startswith("\x00GAP\x00"):
                continue  # a gap as the first word reads badly and gives no context
            prompt = text.replace("\x00GAP\x00", GAP)
            if re.match(r"^(?:Where|What|Why|How|When)\b[^,?]+, (?:was|is|were|are)\b", prompt):
                continue  # "Where the Armenian leader did draw Putin's ire, was in …": a cleft left broken by the
                # connective dropped before it ("However, …")
            features = {
                "cloze_class_" + cls.lower(): 1.0,
                "q_tokens": float(len(prompt.split())),
                "hedged": float(is_hedged(kept)),
                "centrality": sentence.centrality,
                "position": sentence.position,
                "gap_position": (ent.start - sentence.span.start) / max(1, len(sentence.span)),
            }
            base = dict(
                kind="fact",
                answer=answer,
                sentence=sentence,
                generator="cloze",
                answer_class=cls,
                explanation=explanation_for(sentence),
                answer_span=ent,
                accept=_variants(ent.text, answer, person=cls == "PERSON", text=ent.doc.text),
                key=f"{sentence.document.id}:{sentence.index}:{answer.lower()}",
            )
            # "the lack of ___ leadership", "a ___ member state": a blank before its noun takes an adjective
            # ("Russian") or any other name as well; only the options of a multiple-choice item close it
            open_modifier = ent.root.dep_ in ("compound", "amod", "nmod") and ent.root.head.pos_ == "NOUN" and cls not in (
                "NUMBER", "PERCENT", "YEAR", "MONEY", "DATE")
            if not open_modifier:
                yield Candidate(type="cloze", prompt=prompt, features=dict(features), **base)
            if cls in ("NUMBER", "PERCENT", "YEAR", "PERSON", "COUNTRY", "CITY", "MONEY"):
                stem = "Which answer completes the sentence? " + prompt.replace(GAP, BLANK)
                yield Candidate(type="mcq", prompt=stem, needs_distractors=3, features=dict(features, cloze_mcq=1.0), **base)
            made += 1


def _variants(raw: str, answer: str, *, person: bool = False, text: str = "") -> tuple[str, ...]:
    out = {raw.strip(), re.sub(r"^the\s+", "", raw.strip(), flags=re.I)}
    words = [w for w in answer.split() if w[:1].isupper()]
    alone = name_alone(words, text) if person else None
    if alone:  # "Ivanishvili" for "Bidzina Ivanishvili": a surname is the name a student writes (raters of rounds
        out.add(alone)  # 57-58 failed a blank that took the full name only)
    if re.fullmatch(r"[\d,]+", answer):
        out.add(answer.replace(",", ""))
    out.discard(answer)
    return tuple(sorted(v for v in out if v))


def _inside_name(ent) -> bool:
    """True when the phrase is the owner inside a longer name: "St Mark" of "St Mark's Square"."""
    doc = ent.doc
    if ent.end < len(doc) and doc[ent.end].like_num and re.fullmatch(r"[A-Z]{1,4}", ent[-1].text) and ent[-1].whitespace_ \
            and not re.fullmatch(r"1\d{3}|20\d\d", doc[ent.end].text):  # (not "the UK 2021 census")
        return True  # "SB 9", a bill: "campaigned against ___ 9" (round 115)
    end = ent.end if ent[-1].tag_ == "POS" else ent.end + 1
    return end < len(doc) and doc[end - 1].tag_ == "POS" and doc[end].pos_ == "PROPN" and doc[end].text[:1].isupper()


def _possessives_after_name(tokens) -> set[int]:
    from quiz.core.questions import _bound_possessives

    return _bound_possessives(tokens)


def _in_enumeration(ent) -> bool:
    """True when the phrase is one of three or more coordinated items, or inside parentheses."""
    root = ent.root
    head = root
    while head.dep_ == "conj":
        head = head.head
    conjuncts = [head] + [t for t in head.subtree if t.dep_ == "conj" and t.head.i in {head.i} | {c.i for c in head.subtree if c.dep_ == "conj"}]
    if len(conjuncts) >= 3:
        return True
    doc = ent.doc
    left = doc[max(0, ent.start - 12): ent.start].text
    return left.count("(") > left.count(")")


def _number_core(span):
    """Shrink a quantity to its number (with '%' or a range 'x to y'); None when there is no digit."""
    toks = [t for t in span if t.like_num or t.text in ("%", "to", "-", "–") or t.lower_ in ("percent", "per", "cent", "million", "billion", "thousand")]
    if not toks or not any(any(ch.isdigit() for ch in t.text) for t in toks):
        return None
    start = next(i for i, t in enumerate(span) if t in toks)
    end = start
    while end + 1 < len(span) and span[end + 1] in toks:
        end += 1
    core = span[start:end + 1]
    while len(core) and core[-1].text in ("to", "-", "–", "per"):
        core = core[:-1]
    return core if len(core) else None


def _spelled_out(answer: str, stem: str) -> bool:
    """True when a word of the stem is part of the answer's name ('Buda' and 'Pest' for 'Budapest')."""
    own = {w.lower() for w in re.findall(r"[A-Za-z]+", answer)}
    compact = "".join(own)
    if any(len(w) >= 4 and w.lower() not in own and w.lower() in compact for w in re.findall(r"[A-Z][a-z]+", stem)):
        return True
    # "the forces of ___ … a dispute over the archbishopric": the answer's title is in a word of the stem
    stem_words = {w.lower() for w in re.findall(r"[A-Za-z]+", stem)}
    return any(len(a) >= 5 and any(w != a and w.startswith(a) for w in stem_words) for a in own)
