"""Definition items: acronyms, appositives ('Dmitri Trenin, director of …'), role titles and copular definitions."""
from __future__ import annotations

import re
from typing import TYPE_CHECKING, Iterator

from quiz.core.generators import Candidate, register
from quiz.core.generators.common import clean_answer, copy_base, entity_at, explanation_for, is_hedged
from quiz.core.realize import has_unresolved_reference, render

if TYPE_CHECKING:
    from spacy.tokens import Token

    from quiz.core.context import Corpus, SentenceInfo

_ACRONYM = re.compile(r"((?:[A-Z][\w’'-]*\s+(?:(?:of|the|and|for|on|in)\s+)*){1,8}[A-Z][\w’'-]*)\s*\(([A-Z]{2,8})\)")
_SMALL = {"of", "the", "and", "for", "on", "in"}
ROLE_NOUNS = {
    "president", "minister", "secretary", "expert", "analyst", "commentator", "director", "professor",
    "congresswoman", "congressman", "senator", "ambassador", "spokesman", "spokeswoman", "leader", "chief",
    "commander", "correspondent", "journalist", "reporter", "scholar", "economist", "historian", "editor",
    "chairman", "head", "founder", "fellow", "researcher", "officer", "general", "press",
}


def _expansion(words: str, acronym: str) -> str | None:
    """Return the words that the acronym abbreviates (initials must match), or None."""
    tokens = words.split()
    for start in range(len(tokens)):
        cand = tokens[start:]
        initials = "".join(w[0] for w in cand if w.lower() not in _SMALL)
        if initials.upper() == acronym:
            while cand and cand[0].lower() in _SMALL:
                cand = cand[1:]
            return " ".join(cand)
    return None


def _acronyms(corpus: Corpus, sentence: SentenceInfo) -> Iterator[Candidate]:
    for m in _ACRONYM.finditer(sentence.text):
        full = _expansion(m.group(1), m.group(2))
        if not full:
            continue
        acro = m.group(2)
        base = dict(kind="definition", sentence=sentence, generator="definition",
                    explanation=explanation_for(sentence), key=f"acronym:{acro}",
                    features={"acronym": 1.0, "centrality": sentence.centrality, "position": sentence.position,
                              "q_tokens": 5.0})
        yield Candidate(type="short", prompt=f"What does the abbreviation {acro} stand for?", answer=full,
                        answer_class="EXPANSION", accept=(full.replace("Organization", "Organisation"),), **copy_base(base))
        yield Candidate(type="mcq", prompt=f"What does the abbreviation {acro} stand for?", answer=full,
                        answer_class="EXPANSION", needs_distractors=3, **copy_base(base))
        # never "What is the usual abbreviation for the …?": blind raters rejected it as trivia every time (5 of 5)


def _appositives(corpus: Corpus, sentence: SentenceInfo) -> Iterator[Candidate]:
    for tok in sentence.span:
        if tok.dep_ != "appos":
            continue
        head = tok.head
        if tok.pos_ not in ("NOUN", "PROPN") or tok.left_edge.lower_ in ("who", "which", "that", "whose", "where", "when"):
            continue
        ent = entity_at(head)
        if ent is None:
            continue
        if any(c.dep_ in ("conj", "cc") for c in tok.children) or (
                tok.right_edge.i + 1 < len(tok.doc) and tok.doc[tok.right_edge.i + 1].lower_ in ("and", "or")) or any(
                t.dep_ == "conj" and t.pos_ in ("NOUN", "PROPN") for t in tok.subtree):
            continue  # "the protests in Belarus, the war in Karabakh and the attempted revolution …": a list
        if sum(c.dep_ == "appos" for c in head.children) > 1:
            continue  # "… on Russia's Kamchatka Peninsula, the El Tatio field high in the Chilean Andes, the Taupō
            # Volcanic Zone …": places listed one after another, which the parser hung on the first as its
            # descriptions ("Which peninsula is described in the text as the El Tatio field?", session 13)
        cls = corpus.entities.class_of(ent)
        appos = [t for t in tok.subtree]
        while appos and appos[-1].is_punct:
            appos.pop()
        if not (2 <= len(appos) <= 16) or has_unresolved_reference(appos, allowed=set(sentence.resolutions)):
            continue
        if entity_at(tok) is not None and corpus.entities.class_of(entity_at(tok)) == cls:
            continue  # two names side by side, not a description
        if all(t.is_punct or t.lower_ in ("the", "a", "an", "of") or t.text[:1].isupper() for t in appos):
            continue  # "Saint Vladimir the Great", "Saint Gregory the Illuminator": an epithet is part of the name
        desc = render(appos, subs=sentence.resolutions)
        if desc[:1].isupper() and appos[0].pos_ != "PROPN":
            desc = desc[:1].lower() + desc[1:]
        name = clean_answer(ent.text)
        if name.lower() in desc.lower():
            continue
        base = dict(kind="definition", sentence=sentence, generator="definition", explanation=explanation_for(sentence),
                    features={"appositive": 1.0, "centrality": sentence.centrality, "position": sentence.position})
        if cls == "PERSON" and not _person_noun(tok):
            continue  # "Chlorophyll, a green pigment …": the tagger's PERSON is wrong when the description is a thing
        if cls == "PERSON":
            desc_article = desc if re.match(r"^(a|an|the)\b", desc, re.I) else desc
            prompt = f"Who is described in the text as {desc_article}?"
            b = copy_base(base)
            b["features"]["q_tokens"] = float(len(prompt.split()))
            yield Candidate(type="mcq", prompt=prompt, answer=name, answer_class="PERSON", needs_distractors=3,
                            key=f"{sentence.document.id}:{sentence.index}:{name.lower()}", **b)
            yield Candidate(type="short", prompt=prompt, answer=name, answer_class="PERSON",
                            accept=(name.split()[-1],) if " " in name else (),
                            key=f"{sentence.document.id}:{sentence.index}:{name.lower()}", **copy_base(b))
        elif cls in ("LOC", "ORG", "EVENT", "FAC", "COUNTRY", "CITY", "GPE", "LAW"):
            if not re.match(r"^(a|an|the)\b", desc, re.I):
                continue
            prompt = f"How does the text describe the {name}?" if _takes_the(ent) else f"How does the text describe {name}?"
            b = copy_base(base)
            b["features"]["q_tokens"] = float(len(prompt.split()))
            yield Candidate(type="mcq", prompt=prompt, answer=desc, answer_class="DESCRIPTION", needs_distractors=3,
                            key=f"{sentence.document.id}:{sentence.index}:{desc.lower()}", **b)
            # the other way round: the term from its definition ("Which corridor is … the primary humanitarian route
            # connecting Armenia to Nagorno-Karabakh?" -> the Lachin Corridor), typed
            words = name.split()
            if any(w in ("of", "for") for w in words[1:]):  # "Forum for Human Rights", "Treaty of San Stefano": the
                words = words[:next(k for k, w in enumerate(words) if k and w in ("of", "for"))]  # kind comes first
            head = words[-1].lower()
            which = f"Which {head}" if len(words) > 1 and words[-1][:1].isupper() and head.isalpha() else "What"
            if which == "What" or not _kind_noun(head, corpus) or ent.label_ == "WORK_OF_ART":
                continue  # a bare name ("Belarus") has no kind to ask for; the description item above stays, and
                # neither has a name ending in a name or a direction ("Which vladimir …?", "Which west …?", r71-72)
                # nor a work named after a thing ("Which lake is described … as an image …?": "Swan Lake", a ballet)
            verb = "are" if any(t.text.lower() == head and t.tag_ in ("NNS", "NNPS") for t in ent) else "is"
            # "Which revolutionaries are …", "Which crisis is …"
            prompt2 = f"{which} {verb} described in the text as {desc}?"
            b2 = copy_base(base)
            b2["features"].update({"q_tokens": float(len(prompt2.split())), "term_from_definition": 1.0})
            b2["features"].pop("appositive", None)  # not a person's job title: the penalty for those does not apply
            yield Candidate(type="short", prompt=prompt2, answer=name, answer_class=cls,  # "the Danube" is no delta
                            key=f"{sentence.document.id}:{sentence.index}:{desc.lower()}", **b2)


KIND_NOUNS = {"corridor", "commission", "embassy", "revolution", "river", "sea", "lake", "union", "mission", "treaty",
              "war", "agreement", "accord", "council", "party", "movement", "church", "cathedral", "mosque",
              "monastery", "khanate", "empire", "kingdom", "republic", "principality", "bay", "gulf", "strait",
              "mountains", "range", "canal", "dam", "reservoir", "desert", "plateau", "valley", "basin", "pact",
              "alliance", "organization", "organisation", "bank", "fund", "court", "assembly", "parliament",
              "congress", "fleet", "army", "regiment", "route", "road", "railway", "pipeline", "port", "island",
              "peninsula", "glacier", "cave", "fortress", "palace", "square", "bridge", "station", "institute",
              "university", "academy", "museum", "library", "festival", "dynasty", "code", "act", "law", "programme",
              "program", "plan", "initiative", "doctrine", "declaration", "convention", "protocol", "summit",
              "company", "firm", "agency", "ministry", "corporation", "authority", "committee", "consortium", "mine",
              "plant", "group"}
DIRECTIONS = {"west", "east", "north", "south", "centre", "center"}


MATERIALS = {"gold", "silver", "oil", "gas", "water", "iron", "copper", "coal", "steel", "uranium", "cotton", "grain",
             "salt", "sugar", "tea", "wine", "silk", "timber", "lithium", "nickel", "zinc", "aluminium", "aluminum",
             "petroleum"}


def _kind_noun(head: str, corpus: Corpus) -> bool:
    """Whether a name's last word names a kind of thing to ask "Which …?" about: a common noun the texts also
    write in lower case ("the corridor") or a known kind; never a name ("Saint Vladimir") or a direction."""
    if head in DIRECTIONS or head in MATERIALS:
        return False  # (a material stays one whatever a text's "a gold of …" or "golds" makes of it)
    # a count noun the texts use as one ("a mine", "mines"), never a material or a mass ("Centerra Gold": "Which
    # gold is described …?", rounds 87-88)
    return head in KIND_NOUNS or any(
        t.lower_ in (head, head + "s") and t.pos_ == "NOUN" and t.dep_ != "compound" and (
            t.tag_ == "NNS" or any(c.lower_ in ("a", "an") for c in t.children))
        for form in (head, head + "s") for s in corpus.sentences_with(form) for t in s.span)  # not "a gold mine"


def _takes_the(ent) -> bool:
    return ent.start > 0 and ent.doc[ent.start - 1].lower_ == "the" or ent[0].lower_ == "the" and False


def _copular(corpus: Corpus, sentence: SentenceInfo) -> Iterator[Candidate]:
    """'X is a Y …' with X a name and Y a noun phrase with an article -> 'What is X?'"""
    root = sentence.span.root
    if root.lemma_ != "be" or any(c.dep_ == "neg" for c in root.children) or is_hedged(sentence.span):
        return
    subj = next((c for c in root.children if c.dep_ == "nsubj"), None)
    attr = next((c for c in root.children if c.dep_ == "attr"), None)
    if subj is None or attr is None or attr.i < root.i:
        return
    ent = entity_at(subj)
    if ent is None or corpus.entities.class_of(ent) not in ("ORG", "LOC", "EVENT", "LAW", "FAC"):
        return
    if len(list(subj.subtree)) > len(ent) + 1:
        return
    desc_tokens = list(attr.subtree)
    while desc_tokens and desc_tokens[-1].is_punct:
        desc_tokens.pop()
    if not desc_tokens or desc_tokens[0].lower_ not in ("a", "an", "the") or not (3 <= len(desc_tokens) <= 18):
        return
    if has_unresolved_reference(desc_tokens, allowed=set(sentence.resolutions)):
        return
    desc = render(desc_tokens, subs=sentence.resolutions)
    name = clean_answer(ent.text)
    verb = "was" if root.tag_ == "VBD" else "is"
    the = "the " if ent.start > 0 and ent.doc[ent.start - 1].lower_ == "the" or subj.doc[subj.left_edge.i].lower_ == "the" else ""
    prompt = f"According to the text, what {verb} {the}{name}?"
    yield Candidate(type="mcq", kind="definition", prompt=prompt, answer=desc, answer_class="DESCRIPTION",
                    needs_distractors=3, sentence=sentence, generator="definition",
                    explanation=explanation_for(sentence), key=f"{sentence.document.id}:{sentence.index}:{desc.lower()}",
                    features={"copular": 1.0, "centrality": sentence.centrality, "position": sentence.position,
                              "q_tokens": float(len(prompt.split()))})


@register("definition")
def generate_definitions(corpus: Corpus) -> Iterator[Candidate]:
    """Yield acronym, appositive, role and copular definition items."""
    for sentence in corpus.sentences:
        yield from _acronyms(corpus, sentence)
        yield from _appositives(corpus, sentence)
        yield from _copular(corpus, sentence)


PERSON_SUFFIXES = ("ist", "ian", "er", "or", "man", "woman", "ess")
PERSON_NOUNS = {"student", "president", "resident", "agent", "participant", "servant", "assistant", "pastor",
                "physician", "chemist", "physicist", "biologist", "priest", "monk", "king", "queen", "emperor",
                "poet", "author", "composer", "friend", "ally", "rival", "successor", "predecessor", "founder"}


def _person_noun(token) -> bool:
    """True when a noun names a person ('director', 'professor', 'physician', 'commentator')."""
    word = token.lower_
    return word in ROLE_NOUNS or word in PERSON_NOUNS or (word.endswith(PERSON_SUFFIXES) and word not in ("river", "water", "center", "centre", "border", "power", "order", "number", "paper", "layer", "matter", "monitor", "member"))
