"""The analysed corpus that generators read: sentences with features, reconciled entities, topics, pools."""
from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING

from quiz.core.entities import EntityTypes, entity_key, reconcile_types, ruler_name

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

    from quiz.core.items import Document
    from quiz.core.nlp import Analysed

CONTENT_POS = {"NOUN", "PROPN", "VERB", "ADJ", "NUM"}
GENERIC_TOPICS = {"russia", "moscow", "kremlin", "putin", "vladimir putin", "soviet union", "ussr"}


@dataclass
class SentenceInfo:
    """One sentence of a document, with what generators and the ranker need to know about it."""

    document: Document
    span: Span
    index: int
    position: float  # 0 at the start of the text, 1 at the end
    centrality: float = 0.0
    lemmas: frozenset[str] = frozenset()
    resolutions: dict[int, str] = field(default_factory=dict)  # pronoun token index -> antecedent text
    opinion_piece: bool = False  # the text argues in the first person: its statements are the author's claims
    vague_nps: tuple[str, ...] = ()  # 'the river', 'the cycle': bare definites pointing back to a name not resolved

    @property
    def start(self) -> int:
        return self.span.start_char

    @property
    def end(self) -> int:
        return self.span.end_char

    @cached_property
    def text(self) -> str:
        return self.span.text

    @cached_property
    def ents(self) -> tuple:
        """The sentence's entities (spaCy computes Span.ents anew on every access)."""
        return tuple(self.span.ents)

    @cached_property
    def lower(self) -> str:
        return self.text.lower()


@dataclass
class Corpus:
    """Every analysed document, its sentences and corpus-level knowledge."""

    analysed: list[Analysed]
    sentences: list[SentenceInfo]
    entities: EntityTypes
    topics: list[str]  # corpus topics, most salient first
    doc_topics: dict[str, str]  # document id -> its main topic
    by_document: dict[str, list[SentenceInfo]]
    lemma_index: dict[str, set[int]]  # content lemma -> indices into sentences

    def sentences_with(self, text: str) -> list[SentenceInfo]:
        """Return sentences that mention a string (case-insensitive), through the word index."""
        needle = text.lower()
        words = sorted(set(re.findall(r"\w+", needle)), key=lambda w: len(self.lemma_index.get(w, ())))
        if not words:
            return []
        hits = set(self.lemma_index.get(words[0], ()))
        for w in words[1:3]:
            hits &= self.lemma_index.get(w, set())
            if not hits:
                return []
        return [self.sentences[i] for i in sorted(hits) if needle in self.sentences[i].lower]


def _content_lemmas(span: Span) -> frozenset[str]:
    return frozenset(t.lemma_.lower() for t in span if t.pos_ in CONTENT_POS and not t.is_stop and len(t.text) > 1)


def _is_prose(span: Span) -> bool:
    """A whole sentence: a finite verb with a subject, balanced brackets, a capital or quote first."""
    words = [t for t in span if t.is_alpha]
    if len(words) < 4:
        return False
    text = span.text.strip()
    if not (text[:1].isupper() or text[:1] in "“\"‘'(" or text[:1].isdigit()):
        return False
    if text.count("(") != text.count(")") or text.count("[") != text.count("]"):
        return False
    root = span.root
    has_subject = any(t.dep_ in ("nsubj", "nsubjpass", "expl", "csubj") for t in span)
    return root.pos_ in ("VERB", "AUX") and has_subject and text[-1:] in ".!?\"”’)'"


def _resolve_first_names(infos: list[SentenceInfo], doc) -> None:
    """A ruler the text calls by first name after naming him in full ("Charles XII", then "Charles") keeps the
    full name in an item: "In the autumn Charles swung south" was unclear on its own (rounds 85-86). Only where
    one full name of the text begins with that word, and never inside the full name itself."""
    fulls: dict[str, set[str]] = defaultdict(set)
    first: dict[str, int] = {}  # where each full name is first given
    for e in doc.ents:
        if e.label_ == "PERSON" and ruler_name(e.text.split()):
            fulls[e.text.split()[0]].add(e.text)
            first.setdefault(e.text, e.start)
    for info in infos if fulls else ():
        for t in info.span:
            full = fulls.get(t.text)
            if not full or len(full) != 1 or t.i in info.resolutions:
                continue
            nxt = t.doc[t.i + 1] if t.i + 1 < len(t.doc) else None
            if nxt is not None and (nxt.pos_ == "PROPN" or nxt.lower_ == "the" or re.fullmatch(r"[IVXL]+", nxt.text)):
                continue  # "Charles XII" itself, "Peter the Great"
            name = next(iter(full))
            if first[name] < t.i:  # named in full before
                info.resolutions[t.i] = name


def _regnal(t) -> bool:
    """'Alexander I', 'Peter I': a ruler's number the tagger took for the first person (a history of the Treaty of
    Gulistan had become an opinion piece, and its facts the author's claims, round 97)."""
    if t.text != "I" or t.i == 0:
        return False
    prev = t.doc[t.i - 1]
    return t.ent_type_ == "PERSON" or prev.ent_type_ == "PERSON"  # not "In March I voted"


def build_corpus(analysed: list[Analysed]) -> Corpus:
    """Collect sentences, entity types, topics and indices from the analysed documents."""
    entities = reconcile_types((a.document.id, a.doc) for a in analysed)
    sentences: list[SentenceInfo] = []
    by_document: dict[str, list[SentenceInfo]] = defaultdict(list)
    for a in analysed:
        sents = [s for s in a.doc.sents if s.text.strip()]
        n = max(1, len(sents) - 1)
        doc_counter: Counter = Counter()
        infos = []
        doc_ents = list(a.doc.ents)  # once per document, handed to each sentence
        k = 0
        for i, s in enumerate(sents):
            while k < len(doc_ents) and doc_ents[k].start < s.start:
                k += 1
            mine = []
            j = k
            while j < len(doc_ents) and doc_ents[j].end <= s.end:
                mine.append(doc_ents[j])
                j += 1
            if not _is_prose(s):
                continue
            info = SentenceInfo(a.document, s, i, i / n, lemmas=_content_lemmas(s))
            info.__dict__["ents"] = tuple(mine)
            doc_counter.update(info.lemmas)
            infos.append(info)
        _score_centrality(infos, doc_counter)
        first_person = sum(1 for t in a.doc if t.text in ("I", "my", "My") and t.pos_ == "PRON" and not _quoted(t)
                           and not _regnal(t))
        for info in infos:
            info.opinion_piece = first_person >= 2
        _resolve_pronouns(infos, entities)
        _resolve_it(infos, a.document.title)
        _resolve_its(infos, a.document.title)
        _resolve_definites(infos, a.document.title)
        _resolve_first_names(infos, a.doc)
        by_document[a.document.id] = infos
        sentences.extend(infos)
    lemma_index: dict[str, set[int]] = defaultdict(set)
    for i, s in enumerate(sentences):
        for w in re.findall(r"\w+", s.text.lower()):
            lemma_index[w].add(i)
    topics, doc_topics = _topics(analysed, entities)
    analysed = _name_untitled(analysed, by_document, entities)
    return Corpus(analysed, sentences, entities, topics, doc_topics, dict(by_document), dict(lemma_index))


def _name_untitled(analysed: list[Analysed], by_document: dict[str, list[SentenceInfo]],
                   entities: EntityTypes) -> list[Analysed]:
    """Give a text without a title of its own (its title is just its first words) a name from what it is about."""
    from dataclasses import replace

    out = []
    for a in analysed:
        doc = a.document
        words = doc.title.rstrip("…").strip()
        first = re.split(r"(?<=[.!?])\s", doc.text.strip(), maxsplit=1)[0].rstrip(".")
        if not words or not doc.text.startswith(words) or not (doc.title.endswith("…") or words == first):
            # "Lake Baikal" over "Lake Baikal is a freshwater lake …" is a title: only a first sentence is none
            out.append(a)
            continue
        counts: Counter = Counter()
        label: dict[str, str] = {}
        for s in by_document.get(doc.id, []):
            for e in s.ents:
                if entities.class_of(e) in ("COUNTRY", "LOC", "ORG", "EVENT", "PERSON", "CITY", "GPE"):
                    key = entity_key(e.text)
                    counts[key] += 1
                    label.setdefault(key, e.text.strip().removesuffix("’s").removesuffix("'s"))
        top = [label[k] for k, _ in counts.most_common(3)]
        if len(top) < 2:
            out.append(a)
            continue
        named = replace(doc, title=", ".join(top[:-1]) + " and " + top[-1])
        for s in by_document.get(doc.id, []):
            s.document = named
        out.append(replace(a, document=named, title_tags=()))  # a list of names states no claim
    return out


def _quoted(token: Token) -> bool:
    """True when a token stands inside quotation marks in its sentence."""
    before = token.sent[: token.i - token.sent.start].text
    return before.count("“") > before.count("”") or before.count('"') % 2 == 1


def _score_centrality(infos: list[SentenceInfo], counter: Counter) -> None:
    norm = math.sqrt(sum(v * v for v in counter.values())) or 1.0
    for info in infos:
        if not info.lemmas:
            continue
        dot = sum(counter[w] for w in info.lemmas)
        info.centrality = dot / (norm * math.sqrt(len(info.lemmas)))


def _resolve_pronouns(infos: list[SentenceInfo], entities: EntityTypes) -> None:
    """Resolve he/she/his/her to the one person meant just before; refuse when another name competes.

    The sentences just before decide: a person the previous sentence already called by this pronoun is the one
    it goes on about ("In 1921 she toured the United States, where President Warren Harding presented her with a
    gram of radium. … She died in 1934": Curie, not Harding); otherwise the one person named there. Two people
    of one family ("Marie Curie", "Pierre Curie") are two people. If the sentence names some other proper name in
    a subject or agent role (a person the tagger may have missed), nothing is resolved: a wrong antecedent is
    worse than none.
    """
    # per sentence: persons named, persons it speaks of by pronoun (class -> names), whether a rival name stands there
    recent: list[tuple[list[str], dict[str, list[str]], bool]] = []
    sex_of: dict[str, str] = {}  # a person -> the pronoun class the text has used for them
    for info in infos:
        persons_here = [e.text for e in info.ents if entities.class_of(e) == "PERSON" and not _quoted(e.root)]
        by_pronoun: dict[str, list[str]] = {}
        rival_here = any(entities.class_of(e) != "PERSON" and e.root.dep_ in ("nsubj", "nsubjpass", "pobj")
                         and e.root.pos_ == "PROPN" and entities.class_of(e) not in ("COUNTRY", "CITY", "GPE", "LOC",
                                                                                    "YEAR", "DATE", "NUMBER")
                         for e in info.ents)
        main = next((c for c in info.span.root.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        ahead = next((e for e in info.ents if main is not None and e.start <= main.i < e.end
                      and entities.class_of(e) == "PERSON"), None)  # the person the sentence is about
        for t in info.span:
            if t.lower_ in ("he", "she", "his", "her", "him") and t.pos_ == "PRON":
                sex = "f" if t.lower_ in ("she", "her") else "m"

                def fits(name: str) -> bool:  # not someone the text calls by the other pronoun
                    return sex_of.get(entity_key(name), sex) == sex

                if ahead is not None and t.i < main.left_edge.i and t.dep_ == "poss" and fits(ahead.text):
                    # "Deprived of his ally, Khmelnytsky had to settle": the person the sentence goes on to name, not
                    # the one before (round 157 had "Deprived of Islam III Giray’s ally", the khan being the ally)
                    info.resolutions[t.i] = t.text
                    by_pronoun.setdefault(sex, []).append(ahead.text)
                    sex_of.setdefault(entity_key(ahead.text), sex)
                    continue
                verb = t.head.head if t.dep_ == "pobj" else t.head
                doer = next((c for c in verb.children if c.dep_ == "nsubj"), None) if t.dep_ in (
                    "dobj", "dative", "pobj") else None  # "Harding presented her": she is not Harding
                before = [e.text for e in info.ents if e.end <= t.i and fits(e.text) and (
                    e.text in persons_here or e.label_ == "PERSON" and not _quoted(e.root))  # "Pierre" (a city too)
                    and not (doer is not None and e.start <= doer.i < e.end)]
                if before or t.lower_ in ("her", "him") and by_pronoun.get(sex):
                    # the antecedent stands in the same sentence: keep the pronoun, it reads naturally ("she
                    # toured …, where Harding presented her": the "she" of this sentence, when it has one)
                    meant = by_pronoun[sex] if by_pronoun.get(sex) else _people(before)
                    if "?" not in meant and len(_people(meant)) == 1:
                        info.resolutions[t.i] = t.text
                        by_pronoun.setdefault(sex, []).append(_people(meant)[0])
                        sex_of.setdefault(entity_key(_people(meant)[0]), sex)
                    else:
                        by_pronoun.setdefault(sex, []).append("?")
                    continue
                cands: list[str] = []
                for persons, pronouns, rival in reversed(recent[-2:]):
                    said = pronouns.get(sex, [])
                    if rival or "?" in said:
                        break  # a rival name, or a "she" there that is nobody named: who is meant is unclear
                    if said and len(_people(said)) == 1:
                        cands = said  # the one the sentence before called "she" goes on
                        break
                    named = [n for n in persons + [n for names in pronouns.values() for n in names] if fits(n)]
                    if named:
                        cands = named
                        break
                people = _people(cands)
                if len(people) != 1 or any(
                        k.pos_ == "PROPN" and k.dep_ in ("nsubj", "nsubjpass", "pobj", "conj") and k.i < t.i and (
                            not k.ent_type_ or k.ent_type_ in ("ORG", "NORP")) for k in info.span):
                    by_pronoun.setdefault(sex, []).append("?")  # "devised by Pierre and his brother": a name the
                    continue  # tagger missed stands just before
                name = people[0]
                owner = t.lower_ == "his" or (t.lower_ == "her" and t.dep_ == "poss")
                info.resolutions[t.i] = name + ("’s" if owner else "")
                by_pronoun.setdefault(sex, []).append(name)
                sex_of.setdefault(entity_key(name), sex)
        recent.append((persons_here, by_pronoun, rival_here))


def _people(names: list[str]) -> list[str]:
    """The distinct people among names, each by its fullest form: 'Kuzio' and 'Taras Kuzio' are one person,
    'Marie Curie' and 'Pierre Curie' two (and a bare 'Curie' beside both could be either: two as well)."""
    full = {entity_key(n) for n in names if len(entity_key(n).split()) > 1}
    people: dict[str, list[str]] = {}
    for n in names:
        key = entity_key(n)
        if len(key.split()) == 1:
            owners = [f for f in full if f.split()[-1] == key]
            key = owners[0] if len(owners) == 1 else key if not owners else "?" + key
        people.setdefault(key, []).append(n)
    if any(k.startswith("?") for k in people):
        return [_fullest(v) for v in people.values()] + ["?"]  # ambiguous: never one person
    return [_fullest(v) for v in people.values()]


UNIQUE_NOUNS = {"world", "west", "east", "sun", "moon", "earth", "air", "internet", "past", "future", "public",
                "end", "beginning", "time", "same", "rest", "first", "latter", "former", "most", "majority"}


def _only_a_noun(word: str) -> bool:
    """'impulse' is a noun (the tagger called it an adjective once); 'the rich' and 'the young' are people."""
    from lemminflect import getAllLemmas

    lemmas = getAllLemmas(word)
    return "NOUN" in lemmas and "ADJ" not in lemmas


def _resolve_definites(infos: list[SentenceInfo], title: str) -> None:
    """Resolve 'the river', 'the cycle', 'the war' to the name the text gave it ('the Danube', 'the Calvin cycle').

    Names are learnt in reading order: a named phrase with the same head noun ("the Calvin cycle", "the Second
    Karabakh War") or a definition ("The Danube is Europe's second-longest river"). Two different recent names
    for one head make it ambiguous, and an unresolved bare definite that points back is recorded as vague.
    """
    from quiz.core.realize import render

    isa: dict[str, str] = {}
    named: dict[str, list[tuple[str, int]]] = defaultdict(list)  # head lemma -> (name, sentence), reading order
    main = _main_subject(infos)
    title_words = {w.lower() for w in re.findall(r"[A-Za-z]+", title)}
    seen: set[str] = set(title_words)
    event_title = re.search(r"\b(?:Battle|Siege|War|Treaty|Uprising|Rising|Revolt|Coup|Agreement|Accord|Reform|"
                            r"Revolution|Disaster|Election)s?\b|\b1\d{3}\b|\b20\d\d\b", title) is not None
    # (under "The Battle of Kircholm, 1605" the victory and the defeat are that battle's)
    for info in infos:
        vague: list[str] = []
        for t in info.span:
            if t.pos_ != "NOUN" and not (t.pos_ == "ADJ" and t.dep_ in ("nsubj", "nsubjpass") and t.i > 0 and t.nbor(
                    -1).lower_ == "the" and _only_a_noun(t.lower_)) or \
                    t.dep_ not in ("nsubj", "nsubjpass", "dobj", "pobj", "attr", "conj"):
                continue  # (a subject the tagger called an adjective, "The impulse spreads across both atria", is a
                # noun all the same: round 157)
            kids = list(t.children)
            if t.lemma_.lower() in RELATIONAL_NOUNS and t.tag_ == "NNS" and (
                    t.dep_ in ("nsubj", "nsubjpass") or t.lemma_.lower() not in SUBJECT_RELATIONAL) and not any(
                    c.dep_ == "poss" or (c.dep_ == "prep" and c.lower_ in ("of", "between", "with"))
                    for c in kids):
                vague.append(t.text)  # "Some 180 copies were printed": copies of what?
                continue
            if (len(kids) == 2 and kids[0].lower_ == "the" and kids[1].dep_ == "amod" and kids[1].lower_ in SEQUENCE_WORDS
                    and info.index > 0 and t.lemma_.lower() not in UNIQUE_NOUNS):
                vague.append(f"{kids[0].text} {kids[1].text} {t.text}")  # 'the second siege': of what?
                continue
            lemma = t.lemma_.lower()
            if lemma in COST_NOUNS and kids and kids[0].lower_ == "the" and not any(
                    c.dep_ in ("prep", "poss", "relcl", "acl") for c in kids) and t.i not in info.resolutions:
                vague.append(f"{kids[0].text} {' '.join(k.text for k in kids[1:] if k.i < t.i)} {t.text}".replace("  ", " "))
                continue  # "The estimated cost, £4.2 million, …": the cost of what?
            if len(kids) != 1 or kids[0].dep_ != "det" or kids[0].lower_ != "the" or kids[0].i != t.i - 1:
                continue
            if lemma in PART_NOUNS and main and not any(c.dep_ == "prep" and c.lower_ == "of" for c in t.children):
                info.resolutions[t.i] = f"{t.text} of {main}"  # 'the mouth' of the text's own subject
                continue
            opens = t.dep_ in ("nsubj", "nsubjpass") and t.head == info.span.root and not event_title
            if (lemma in DISCOURSE_NOUNS or lemma in EVENT_NOUNS and opens) and lemma not in seen and info.index > 0 \
                    and t.i not in info.resolutions and \
                    not (t.dep_ == "nsubj" and t.head.lemma_ == "be" and (any(
                        c.dep_ in ("xcomp", "ccomp", "attr") for c in t.head.children) or t.head.nbor(1).text == ":")) and \
                    t.i + 1 < len(t.doc) and t.doc[t.i + 1].lower_ not in ("of", "that", "to", "between", "with", "when", "for"):
                vague.append(f"{kids[0].text} {t.text}")  # "the comparison survives contact with the facts": the one
                continue  # the sentences before made ("compared to a Kinder egg"), named by no earlier noun (round 137)
            if lemma in UNIQUE_NOUNS or lemma not in seen:
                continue  # first mention, or a noun that needs no antecedent
            if any(e.end <= t.i and _names_a(lemma, e) for e in info.ents):
                continue  # "a revolution in Kyrgyzstan, … in the country": the name stands just before
            names = {n for n, _ in named.get(lemma, [])}
            recent = any(k >= info.index - 3 for _, k in named.get(lemma, []))
            if lemma in isa and (not names or names == {isa[lemma]}) and t.tag_ != "NNS":
                info.resolutions[t.i] = isa[lemma]  # "the crops" are not the one thing a crop was said to be
                if not re.search(r"\b[Tt]he " + re.escape(isa[lemma]) + r"(?:\s*[.,;:!?)]|\s+(?:is|was|has|had|and|or|in|of|to|from|at|on|with)\b)", info.document.text):
                    info.resolutions[kids[0].i] = ""  # "the lake" is "Lake Baikal", not "the Lake Baikal"; "the
                    # peninsula" is "Kamchatka" ("the Kamchatka Peninsula" is another name, rounds 87-88)
            elif len(names) == 1 and (recent or len(named.get(lemma, [])) >= 2) and lemma not in isa and \
                    lemma not in title_words:  # named just before, or the one such name the text keeps using
                # one name with this head, named just before: it is the one meant ('the war' after 'the Second
                # Karabakh War'); never for the text's own subject word ('the press' in a history of printing)
                info.resolutions[t.i] = next(iter(names))
            elif lemma in TITLED_EVENTS and lemma in title_words and t.tag_ == "NN" and not names and (of_title := re.match(
                    r"(?:The )?(" + re.escape(t.text.capitalize()) + r" of (?:the )?[A-Z][\w’'-]+(?: [A-Z][\w’'-]+)*)"
                    r"(?=,|\s+(?:of )?\d{3,4}\b|\s*\(|$)", title)):  # (the title is the name: never "Why the Treaty of
                # Trianon Still Divides Hungary", which had become "the Treaty of Trianon Still Divides Hungary")
                info.resolutions[t.i] = of_title.group(1)  # "The battle was smaller than the great clash at Poltava"
                # under "The Battle of Lesnaya, 1708" is that battle (round 179), where no other battle has a name
                continue
            elif lemma in title_words:
                named_in_title = re.search(r"((?:[A-Z][\w’'-]+ )+)" + re.escape(t.text.capitalize()) + r"\b", title)
                if named_in_title and t.tag_ == "NN" and info.document.text.replace(title, "", 1).count(
                        named_in_title.group(0)) >= 2:
                    # "the sea" in "The Shrinking of the Aral Sea": that sea, a name the text writes so too (not the
                    # title's capitals: "the press" in "The Spread of the Printing Press" is no "Printing Press")
                    name = named_in_title.group(0).strip()
                    info.resolutions[t.i] = name
                    if kids[0].i not in info.resolutions:  # "the Aral Sea", but "Lake Baikal" (as the text writes it)
                        info.resolutions[kids[0].i] = "the" if re.search(
                            r"\bthe " + re.escape(name), info.document.text) else ""
                continue  # otherwise the text's subject in general, not a particular one ("the press")
            elif t.i + 1 < len(t.doc) and t.doc[t.i + 1].lower_ in ("when", "where", "that", "who", "which", "whose"):
                continue  # "the weeks when traffic is heaviest": the clause after it says which
            else:
                vague.append(f"{kids[0].text} {t.text}")
        info.vague_nps = tuple(vague)
        for e in info.ents:  # learn names after reading the sentence
            head = e.root
            if e.label_ in ("EVENT", "ORG", "FAC", "LAW", "WORK_OF_ART", "LOC", "PRODUCT") and len(e) >= 2 and \
                    head.pos_ in ("NOUN", "PROPN") and head.lower_ != e.text.split()[0].lower():
                name = re.sub(r"^the\s+", "", e.text, flags=re.I).removesuffix("’s").removesuffix("'s")
                named[head.lemma_.lower()].append((name, info.index))
        for t in info.span:  # "the Treaty of Brest-Litovsk", which the tagger may not take for a name: "the treaty"
            # after it is that treaty (round 120 had "the authorities recognised the treaty" with two treaties named)
            if t.pos_ in ("NOUN", "PROPN") and t.text[:1].isupper() and t.i > info.span.start and t.i + 2 < len(t.doc) \
                    and t.doc[t.i - 1].lower_ == "the" and t.doc[t.i + 1].lower_ == "of" and \
                    t.doc[t.i + 2].pos_ == "PROPN" and t.lower_ in UNIQUE_NAMED:
                end = t.i + 2
                while end + 1 < len(t.doc) and (
                        t.doc[end + 1].pos_ == "PROPN" and t.doc[end + 1].dep_ not in ("nsubj", "nsubjpass") or
                        t.doc[end + 1].text in "-–" and not t.doc[end].whitespace_ or
                        t.doc[end].text in "-–" and not t.doc[end].whitespace_):
                    end += 1  # "the Treaty of Brest-Litovsk", never "Treaty of Paris France"
                named[t.lemma_.lower()].append((t.doc[t.i: end + 1].text, info.index))
        for t in info.span:
            if t.pos_ == "NOUN" and not t.ent_type_ and any(c.dep_ == "compound" and c.pos_ == "PROPN" and c.ent_type_ != "NORP"
                                                            for c in t.children):
                comp = [c for c in t.children if c.dep_ == "compound"]
                indefinite = any(c.dep_ == "det" and c.lower_ in ("a", "an", "another") for c in t.children)
                if not indefinite and all(c.i < t.i for c in comp) and t.i - comp[0].i == len(comp):
                    named[t.lemma_.lower()].append((render([*sorted(comp, key=lambda c: c.i), t]), info.index))
        root = info.span.root
        subj = next((c for c in root.children if c.dep_ == "nsubj"), None)
        attr = next((c for c in root.children if c.dep_ == "attr" and c.pos_ == "NOUN"), None)
        opening = subj is not None and subj.i == next(t.i for t in info.span if t.is_alpha)
        if root.lemma_ == "be" and subj is not None and attr is not None and subj.pos_ == "PROPN" and not (
                opening and re.search(r"\b" + re.escape(subj.lower_) + r"\b", info.document.text)):
            # ("Cotton is a thirsty crop": a common noun the tagger took for a name, written small elsewhere)
            ids = [subj]  # with the compounds just before it, never those of an aside ("Lake Ohrid (Macedonian:
            # Охридско Езеро, …)" had been "Lake Ohrid Охридско Ohridsko i")
            j = subj.i - 1
            while j >= 0 and (subj.doc[j].dep_ == "compound" and subj.doc[j].head in ids or subj.doc[j].tag_ == "HYPH"):
                if subj.doc[j].tag_ != "HYPH":  # "Issyk-Kul"
                    ids.insert(0, subj.doc[j])
                j -= 1
            ids = [c for c in ids if not any(w.is_space or "\n" in w.whitespace_ for w in subj.doc[c.i: subj.i])]
            # the title line above is no part of the name ("Kamchatka\n\nKamchatka is a peninsula": "Kamchatka
            # Kamchatka", rounds 87-88)
            isa.setdefault(attr.lemma_.lower(), render(sorted(ids, key=lambda c: c.i)))
        seen |= set(info.lemmas) | {t.lower_ for t in info.span if t.pos_ == "NOUN"}


UNIQUE_NAMED = {"treaty", "battle", "peace", "siege", "congress", "union", "truce", "convention", "council", "uprising",
                "revolt", "war", "agreement", "accord", "accords", "declaration", "constitution", "statute", "charter"}


def _names_a(noun: str, ent) -> bool:
    """True when an entity is a thing of the kind the noun names ('Kyrgyzstan' is a country, 'Vienna' a city)."""
    from quiz.core.entities import is_city, is_country

    if noun in ("country", "state", "nation", "republic"):
        return is_country(ent.text)
    if noun in ("city", "capital"):
        return is_city(ent.text)
    return ent.label_ in {"alliance": ("ORG",), "organization": ("ORG",), "bloc": ("ORG",), "war": ("EVENT",),
                          "conflict": ("EVENT",), "president": ("PERSON",), "leader": ("PERSON",)}.get(noun, ())


DISCOURSE_NOUNS = {"comparison", "argument", "claim", "idea", "suggestion", "proposal", "discovery", "finding",
                   "objection", "analogy", "distinction", "contrast", "difficulty", "complaint", "criticism",
                   "concern", "fear", "hope", "promise", "warning", "move", "shift", "decision", "aim", "goal",
                   "approach", "logic", "reasoning", "assumption", "premise", "remedy", "diagnosis", "solution", "verdict",
                   "lesson", "conclusion", "need", "substitute", "alternative", "hint", "document"}
# what a text's own sentences made, not a thing: "the comparison" is the one just drawn, and at its first mention as
# a noun it points back all the same ("the remedy does not follow from the diagnosis", round 143); "The aim is to …"
# says what the aim is
TITLED_EVENTS = {"battle", "siege", "treaty", "peace", "truce", "congress", "war", "uprising", "revolt", "rising",
                 "convention", "agreement", "accord", "union", "partition", "council", "constitution", "coup", "riot"}
# what "the battle" may stand for under "The Battle of Lesnaya, 1708" (not "the cushion" under "How a Hovercraft
# Floats on a Cushion of Air", which became "the Cushion of Air", round 188)
EVENT_NOUNS = {"find", "event", "episode", "incident", "loss", "defeat", "victory", "change", "development", "outcome",
               "result", "news", "announcement", "crisis", "setback", "disaster", "catastrophe", "tragedy", "affair",
               "scandal", "arrangement", "revocation", "breakthrough"}
# what the sentences before told, when it opens a sentence as its subject at its first mention: "The disaster
# resulted directly in the Clean Air Act of 1956" (round 151: which disaster?), "The arrangement …" (round 153)
COST_NOUNS = {"cost", "price", "budget", "total", "figure", "rate", "amount", "proportion", "majority"}
RELATIONAL_NOUNS = {"copy", "member", "edition", "version", "part", "share", "remainder", "price", "relation", "sale"}
SUBJECT_RELATIONAL = {"price", "relation", "sale"}  # as a subject only ("Prices decreased sharply during the 1970s":
# of smoke detectors; "Relations improved after the 2020 war": between the church and the government, rounds 139-142);
# "a tax … raising prices by 10 percent" says whose
SEQUENCE_WORDS = {"second", "third", "fourth", "latest", "last", "previous", "next", "former", "latter", "other", "same"}
PART_NOUNS = {"mouth", "source", "delta", "valley", "basin", "headwaters", "estuary", "banks", "upper course",
              "lower course", "summit", "foothills"}


def _main_subject(infos: list[SentenceInfo]) -> str | None:
    """The name a text defines in its first sentences ('The Danube is the second-longest river …'), with its article."""
    for info in infos[:3]:
        root = info.span.root
        subj = next((c for c in root.children if c.dep_ == "nsubj"), None)
        if root.lemma_ == "be" and subj is not None and subj.pos_ == "PROPN":
            names = [t for t in subj.subtree if t.dep_ in ("compound", "det") or t == subj]
            return " ".join(t.text if t.dep_ != "det" else t.lower_ for t in sorted(names, key=lambda t: t.i))
    return None


def _resolve_it(infos: list[SentenceInfo], title: str = "") -> None:
    """Resolve a subject 'It' to the previous sentence's subject when that is a short definite noun phrase.

    "Next month the council will vote on a plan. It should approve it, because …": 'It' is the council. Only a
    subject, only a definite common noun (never a person, never a clause), and never an 'it' that stands for a
    clause ("It is true that …", "It follows that …"). A name is taken only when it is the text's own subject,
    its title ("The Danube is the second-longest river in Europe. It rises in the Black Forest …").
    """
    from quiz.core.realize import render

    for prev, info in zip(infos, infos[1:]):
        subj = next((c for c in prev.span.root.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        opener, before = _clause_opener(info.span.root), _clause_opener(prev.span.root)
        if opener and before and opener.lemma_ == before.lemma_ and opener.head.lemma_ == before.head.lemma_:
            # "If the factor is less than one, the reaction dies away. If it is greater than one, …": 'it' is the
            # factor, the subject of the clause the sentence before opened alike, with the same verb (it had been the
            # reaction); "If the pump stops, the reactor heats up. If it heats up for a minute": the reactor still
            parallel = next((c for c in before.head.children if c.dep_ in ("nsubj", "nsubjpass")), None)
            subj = parallel if parallel is not None else subj
        titled = subj is not None and subj.pos_ == "PROPN" and bool(title) and " ".join(
            t.text for t in subj.subtree if t.dep_ != "det").lower() == title.strip().lower()
        if subj is None or not titled and (subj.pos_ != "NOUN" or subj.tag_ != "NN" or subj.ent_type_):
            continue
        words = [t for t in subj.subtree]
        if not words or words[0].lower_ not in ("the", "this") and words[0].dep_ != "poss" or len(words) > 5 or any(
                t.dep_ in ("relcl", "acl", "appos", "prep", "cc") for t in words):
            continue
        for t in info.span:
            if t.lower_ != "it" or t.dep_ not in ("nsubj", "nsubjpass") or t.i in info.resolutions:
                continue
            if t.head.dep_ == "relcl" and any(c.dep_ in ("nsubj", "nsubjpass") and c.tag_ in ("NN", "NNP") and
                                              c.ent_type_ != "PERSON" for c in info.span if c.i < t.i):
                break  # "… argued that Russia should pay for the destruction it has caused": a nearer subject of its
                # own sentence (it had become "the biggest open question", the subject before, round 137)
            if any(c.dep_ in ("ccomp", "xcomp", "csubj") and any(m.lower_ == "that" for m in c.children)
                   for c in t.head.children) or t.head.lemma_ in ("follow", "seem", "appear", "take", "remain"):
                continue  # "It follows that …", "It is true that …": no antecedent
            if t.head.lemma_ == "be" and any(c.dep_ in ("acomp", "attr") for c in t.head.children) and any(
                    c.dep_ in ("ccomp", "xcomp") for c in t.head.children):
                continue
            if any(w.lemma_ == subj.lemma_ and w.pos_ == "NOUN" for w in info.span if w.i < t.i):
                break  # "The tax was born in 2024 … Alongside the security tax it raised VAT": the tax named just
                # before 'it' is not what 'it' is (it had become "Alongside the security tax the tax raised VAT",
                # round 163)
            text = render(words, subs=prev.resolutions)  # "the river" already named: "the Danube"
            if words[0].pos_ in ("DET", "PRON") or words[0].dep_ == "det":
                text = text[:1].lower() + text[1:]
            if t.i == info.span.start:
                text = text[:1].upper() + text[1:]
            info.resolutions[t.i] = ("the " + text[5:] if text.lower().startswith("this ") else text)
            _resolve_object_it(prev, info, t.head)
            break  # the first subject 'it' only


def _clause_opener(root):
    """The subordinator of the clause a sentence opens with ("if" of "If it is greater than one, …"), or None."""
    first = next((c for c in root.children if c.dep_ == "advcl" and c.i < root.i), None)
    if first is None:
        return None
    mark = next((m for m in first.children if m.dep_ in ("mark", "advmod") and m.i < first.i), None)
    return mark if mark is not None and mark.lower_ in ("if", "when", "unless", "once") else None


def _resolve_its(infos: list[SentenceInfo], title: str) -> None:
    """'Its maximum depth is about 1,642 metres', 'It is the deepest lake in the world': in a text about the name in
    its title ("Lake Baikal is a freshwater lake …"), a sentence that opens with 'It' or 'Its' speaks of that name
    when the sentence before gives it no rival (no other singular thing as its subject or object)."""
    main = _main_subject(infos)
    if not main or main.lower().removeprefix("the ") != title.strip().lower().removeprefix("the "):
        return
    main_words = {w.lower() for w in main.split()}
    apostrophe = "’" if "’" in (infos[0].document.text if infos else "") else "'"
    for prev, info in zip(infos, infos[1:]):
        first = next((t for t in info.span if t.is_alpha), None)
        if first is None or first.lower_ not in ("it", "its") or first.i in info.resolutions:
            continue
        if first.lower_ == "it" and (first.dep_ not in ("nsubj", "nsubjpass") or any(
                c.dep_ in ("ccomp", "xcomp", "csubj") for c in first.head.children)):
            continue  # "It is true that …", "It seems …": no antecedent
        if first.lower_ == "its" and first.dep_ != "poss":
            continue
        root = prev.span.root
        heads = [root] + [c for c in root.children if c.dep_ == "conj"]
        rivals = [c for h in heads for c in h.children if c.dep_ in ("nsubj", "nsubjpass", "dobj", "attr")
                  and c.pos_ in ("NOUN", "PROPN") and c.tag_ not in ("NNS", "NNPS")
                  and c.lower_ not in main_words and c.i not in prev.resolutions]
        if rivals:
            continue
        name = main[:1].upper() + main[1:] if first.i == info.span.start else main
        info.resolutions[first.i] = name if first.lower_ == "it" else f"{name}{apostrophe}s"


def _resolve_object_it(prev: SentenceInfo, info: SentenceInfo, verb) -> None:
    """'The council will vote on a plan. It should approve it': the object 'it' is the thing voted on, 'the plan'.

    Only once the subject 'It' is resolved, only the object of that same verb, and only to the one singular
    common noun the previous sentence's main verb acts on (its object, or the object of its preposition).
    """
    obj = next((c for c in verb.children if c.dep_ == "dobj" and c.lower_ == "it"), None)
    if obj is None or obj.i in info.resolutions:
        return
    root = prev.span.root
    targets = [c for c in root.children if c.dep_ == "dobj"] + [
        g for c in root.children if c.dep_ == "prep" for g in c.children if g.dep_ == "pobj"]
    targets = [n for n in targets if n.pos_ == "NOUN" and n.tag_ == "NN" and not n.ent_type_]
    if len(targets) != 1:
        return
    head = targets[0]
    words = [c for c in head.lefts if c.dep_ in ("amod", "compound")] + [head]
    info.resolutions[obj.i] = "the " + " ".join(w.text for w in words)


def _fullest(names: list[str]) -> str:
    return max(names, key=lambda n: (len(n.split()), len(n))).removesuffix("’s").removesuffix("'s")


def _topics(analysed: list[Analysed], entities: EntityTypes) -> tuple[list[str], dict[str, str]]:
    """Rank salient names (not the ubiquitous ones) as topics; give each document its main topic."""
    df: Counter = Counter()
    tf: Counter = Counter()
    per_doc: dict[str, Counter] = {}
    surface: dict[str, Counter] = defaultdict(Counter)
    for a in analysed:
        c: Counter = Counter()
        for e in a.doc.ents:
            cls = entities.class_of(e)
            if cls in ("COUNTRY", "GPE", "LOC", "ORG", "EVENT", "PERSON"):
                key = entity_key(e.text)
                c[key] += 1
                surface[key][e.text.strip().removesuffix("’s").removesuffix("'s")] += 1
        per_doc[a.document.id] = c
        tf.update(c)
        df.update(set(c))
    n_docs = max(1, len(analysed))
    for short in [k for k in tf if " " not in k]:  # "Karabakh" is "Nagorno-Karabakh": one topic, the full name
        full = next((k for k in tf if k.endswith("-" + short)), None)
        if full is not None:
            tf[full] += tf.pop(short)
            df[full] = max(df[full], df.pop(short, 0))
            surface[full].update(surface.pop(short, Counter()) and Counter())
            for c in per_doc.values():
                if short in c:
                    c[full] += c.pop(short)
    titled = {a.document.id: {k for k in per_doc[a.document.id]
                              if re.search(r"\b" + re.escape(k) + r"\b", entity_key(a.document.title or ""))}
              for a in analysed}
    in_title = set().union(*titled.values()) if titled else set()
    # a name in a title is what the text is about ('Danube'): weighed as three times its mentions
    scores = {k: tf[k] * math.log(1 + n_docs / df[k]) * (3 if k in in_title else 1)
              for k in tf if k not in GENERIC_TOPICS and tf[k] >= 2}
    ranked = sorted(scores, key=lambda k: (-scores[k], k))
    label = {k: re.sub(r"^the\s+", "", surface[k].most_common(1)[0][0]) for k in ranked}  # "South Caucasus"
    topics = [label[k] for k in ranked[: max(4, min(10, 2 * n_docs))]]
    doc_topics = {}
    for a in analysed:
        doc_id, c = a.document.id, per_doc[a.document.id]
        own = titled[doc_id]
        best = [k for k, _ in sorted(c.items(), key=lambda kv: (-kv[1] * (3 if kv[0] in own else 1), kv[0]))
                if label.get(k) in topics]
        subject = _title_subject(a)
        if subject and not any(k in own for k in best[:1]):
            doc_topics[doc_id] = subject  # 'Photosynthesis': the text's subject, not the chemist it names most
            topics.append(subject)
            continue
        doc_topics[doc_id] = label[best[0]] if best else (topics[0] if topics else "General")
    return topics, doc_topics


def _title_subject(a: Analysed) -> str:
    """Return the title's word that the text keeps using ('Photosynthesis' used 9 times), or ''."""
    words = [w for w in re.findall(r"[A-Za-z][a-z-]{3,}", a.document.title or "") if w.lower() not in GENERIC_TOPICS]
    counts = Counter(t.lemma_.lower() for t in a.doc if t.pos_ in ("NOUN", "PROPN"))

    def uses(word: str) -> int:
        return max(counts.get(word.lower(), 0), counts.get(word.lower().removesuffix("s"), 0))

    best = max(words, key=uses, default="")
    if not best or uses(best) < 4:
        return ""
    return best[:1].upper() + best[1:]


def topic_for(sentence: SentenceInfo, corpus: Corpus, hint: str = "") -> str:
    """Return the corpus topic an item belongs to: the first topic named in its sentence, else the text's."""
    text = (hint + " " + sentence.text).lower()
    own = corpus.doc_topics.get(sentence.document.id, "")
    if own and (own.lower() in text or own.lower() in (sentence.document.title or "").lower()):
        return own  # the text's own subject ('Danube', 'Photosynthesis') before the places it passes
    for topic in corpus.topics:
        if topic.lower() in text:
            return topic
    return corpus.doc_topics.get(sentence.document.id, "General")


def token_text(t: Token) -> str:
    return t.text
