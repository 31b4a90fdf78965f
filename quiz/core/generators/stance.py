"""Where texts agree or disagree: stances on whose influence is growing or waning, compared across texts.

A stance is (holder, direction) read from the parse: an influence noun ("influence", "power", "leverage",
"clout", …) owned by a country or body ("Russia's", "Moscow's", "Turkish") whose change the sentence states —
by an adjective ("dwindling influence"), a verb it is the subject of ("Russia's influence went down") or a verb it
is the object of ("undermined its influence", "reducing Moscow's leverage"). Only the texts' own claims count,
not views they report; negated clauses are left out. Texts then agree when they state the same direction for
the same holder and disagree when they state opposite ones; items are made only where the texts say so.
"""
from __future__ import annotations

import random
from collections import defaultdict
from typing import TYPE_CHECKING, Iterator

from quiz.core.generators import Candidate, register

if TYPE_CHECKING:
    from spacy.tokens import Token

    from quiz.core.context import Corpus, SentenceInfo

ASPECTS = {"influence", "power", "leverage", "clout", "hegemony", "standing", "prestige", "dominance", "might",
           "control", "capacity", "strength", "sway", "authority", "presence", "role", "reputation", "position"}
DOWN_ADJ = {"dwindling", "waning", "diminishing", "declining", "weakening", "shrinking", "eroding", "fading", "reduced", "diminished"}
UP_ADJ = {"growing", "rising", "increasing", "expanding", "strengthening", "increased"}
DOWN_INTRANS = {"decline", "wane", "dwindle", "fall", "erode", "shrink", "weaken", "diminish", "unravel", "collapse", "fade", "decrease", "drop"}
UP_INTRANS = {"grow", "rise", "increase", "expand", "skyrocket", "strengthen", "soar"}
DOWN_TRANS = {"undermine", "reduce", "end", "weaken", "diminish", "erode", "limit", "curb", "curtail", "expose", "damage"}
UP_TRANS = {"expand", "increase", "strengthen", "boost", "extend", "enhance", "bolster", "consolidate"}
DOWN_NOUN = {"decline", "loss", "erosion", "weakening", "collapse", "end", "waning", "fall", "diminution"}
UP_NOUN = {"expansion", "growth", "rise", "increase", "strengthening", "extension", "spread"}
WORDS = {"down": "waning", "up": "growing"}
MIN_TEXTS = 3


def _owner(noun: Token, corpus: Corpus, subject_owner: str | None) -> str | None:
    """The country or body whose influence it is: a possessive, an 'of X', a demonym, or 'its' for the subject."""
    tables = _tables()
    for c in noun.children:
        if c.dep_ == "poss":
            if c.lower_ in ("its", "their") and subject_owner:
                return subject_owner
            return _country(c, corpus, *tables)
        if c.dep_ in ("amod", "compound") and (c.ent_type_ in ("NORP", "GPE", "ORG") or c.pos_ == "PROPN"):
            found = _country(c, corpus, *tables)
            if found:
                return found
    of = next((c for c in noun.children if c.dep_ == "prep" and c.lower_ == "of"), None)
    if of is not None:
        pobj = next((c for c in of.children if c.dep_ == "pobj"), None)
        if pobj is not None:
            return _country(pobj, corpus, *tables)
    return None


def _country(token: Token, corpus: Corpus, capitals: dict[str, str], seats: dict[str, set[str]]) -> str | None:
    """Normalise a holder: 'Moscow', 'the Kremlin', 'Russian', 'Putin's' -> 'Russia'; None for anything else."""
    text = token.text.removesuffix("’s").removesuffix("'s")
    countries = set(capitals.values())
    if text in capitals:
        return capitals[text]
    if text.lower() in seats:
        return next((n for n in sorted(seats[text.lower()]) if n in countries), None)
    if text in countries:
        return text
    if token.ent_type_ == "PERSON" or token.pos_ == "PROPN":  # "Putin's power": a leader stands for his country
        leader = _leaders(corpus).get(text.lower())
        if leader:
            return next((c for c in countries if c.lower() == leader), None)
    if token.ent_type_ == "NORP" or text.endswith(("ian", "ish", "ese", "ani")):
        for c in countries:
            if len(c) > 3 and text.lower().startswith(c.lower()[:4]) and text[:1].isupper():
                return c
    return None


def _leaders(corpus: Corpus) -> dict[str, str]:
    """Person -> country for the people a text introduces with their country ('Russian President Vladimir Putin')."""
    if "_leaders" not in corpus.__dict__:
        from quiz.core.generators.aims import _actor_groups

        cities = {c.lower() for c in _tables()[0]}
        corpus.__dict__["_leaders"] = {k: v for k, v in _actor_groups(corpus).items() if k not in cities and v != k}
    return corpus.__dict__["_leaders"]


DOWN_STATE = {"precarious", "weaker", "fragile", "diminished", "shaky", "waning", "declining", "weakening"}
UP_STATE = {"stronger", "greater", "growing", "rising", "dominant"}


def _direction(noun: Token) -> str | None:
    """'up' or 'down' when the sentence states a change of the noun, None otherwise."""
    for c in noun.children:
        if c.dep_ == "amod" and c.lower_ in DOWN_ADJ:
            return "down"
        if c.dep_ == "amod" and c.lower_ in UP_ADJ:
            return "up"
    head = noun.head
    if noun.dep_ == "pobj" and head.dep_ == "prep":
        head = head.head
        if head.lower_ in ("of",) or head.pos_ == "NOUN":  # "the expansion of Turkey's role"
            if head.lemma_.lower() in DOWN_NOUN:
                return "down"
            if head.lemma_.lower() in UP_NOUN:
                return "up"
    if head.pos_ not in ("VERB", "AUX") or any(c.dep_ == "neg" for c in head.children):
        return None
    if any(c.dep_ == "aux" and c.lower_ in ("would", "could", "might") for c in head.children) and any(
            t.lower_ == "if" for t in head.subtree):
        return None  # a conditional ('would expand its clout … if …') states no change
    lemma = head.lemma_.lower()
    particle = next((c.lower_ for c in head.children if c.dep_ in ("prt", "advmod") and c.lower_ in ("down", "up")), None)
    if noun.dep_ == "nsubj" and lemma == "be":  # "Putin's power … could be more precarious than ever"
        state = next((c for c in head.children if c.dep_ == "acomp"), None)
        if state is not None and state.lower_ in DOWN_STATE:
            return "down"
        if state is not None and state.lower_ in UP_STATE:
            return "up"
    if noun.dep_ in ("nsubj", "nsubjpass"):
        if lemma in DOWN_INTRANS or (lemma == "go" and particle == "down"):
            return "down"
        if lemma in UP_INTRANS or (lemma == "go" and particle == "up"):
            return "up"
    if noun.dep_ in ("dobj", "conj") or noun.dep_ == "pobj":
        if lemma in DOWN_TRANS:
            return "down"
        if lemma in UP_TRANS:
            return "up"
    return None


def _reported(sentence: SentenceInfo) -> bool:
    """Someone else's view, or words in quotation marks: not the text's own claim."""
    from quiz.core.generators.common import reports_another_view

    return reports_another_view(sentence) or any(t.text in "“”\"" for t in sentence.span)


def stances(corpus: Corpus) -> dict[str, dict[tuple[str, str], SentenceInfo]]:
    """Per document: (holder, 'up'|'down') -> the clearest sentence that states it."""
    out: dict[str, dict[tuple[str, str], SentenceInfo]] = defaultdict(dict)
    for s in corpus.sentences:
        if _reported(s) or s.text.rstrip().endswith("?"):
            continue
        for t in s.span:
            if t.pos_ != "NOUN" or t.lemma_.lower() not in ASPECTS:
                continue
            verb = t.head
            for _ in range(4):  # up to the clause's verb: "In addition to waning influence …, Russia's … is"
                if verb.pos_ in ("VERB", "AUX") or verb.head == verb:
                    break
                verb = verb.head
            subj = next((c for c in verb.children if c.dep_ == "nsubj"), None)
            subject_owner = None
            if subj is not None and subj.lower_ not in ("it", "its"):
                subject_owner = _country(subj, corpus, *_tables()) or next(  # "Russia's relationship …"
                    (_country(c, corpus, *_tables()) for c in subj.children if c.dep_ == "poss"), None)
            holder = _owner(t, corpus, subject_owner)
            if holder is None and not any(c.dep_ in ("poss", "det") for c in t.children) and t.dep_ == "pobj":
                holder = subject_owner  # "In addition to waning influence over …, Russia's relationship …"
            direction = _direction(t)
            if holder and direction:
                key = (holder, direction)
                if key not in out[s.document.id] or s.centrality > out[s.document.id][key].centrality:
                    out[s.document.id][key] = s
    return out


def _tables():
    from quiz.core.pipeline import SEATS_OF_GOVERNMENT, _capitals

    return _capitals(), SEATS_OF_GOVERNMENT


def _mentions(text: str, holder: str) -> bool:
    """True when a text names the holder at all (its name, capital or an adjective from it): then it may agree."""
    import re

    capitals, _ = _tables()
    names = {holder} | {city for city, country in capitals.items() if country == holder}
    if holder == "Russia":
        names |= {"Kremlin", "Putin", "Soviet"}
    low = text.lower()
    return any(re.search(r"\b" + re.escape(n.lower()[:max(4, len(n) - 2)]), low) for n in names)


def _title_says(title: str, holder: str) -> bool:
    """True when a title itself states a change for the holder ('Putin's power … weakens'): an item on what the
    text argues would be answered from its title."""
    import re

    stems = [w[:5] for w in DOWN_ADJ | UP_ADJ | DOWN_INTRANS | UP_INTRANS | DOWN_TRANS | UP_TRANS if len(w) >= 4]
    words = re.findall(r"[a-z]+", title.lower())
    return _mentions(title, holder) and any(w.startswith(tuple(stems)) for w in words)


def _title(doc) -> str:
    return f"“{doc.title}”"


@register("stance")
def generate_stance(corpus: Corpus) -> Iterator[Candidate]:
    """Yield agree/disagree items across texts: true/false on what two texts both argue, 'which other text agrees'."""
    docs = {a.document.id: a.document for a in corpus.analysed}
    if len(docs) < MIN_TEXTS:
        return
    found = stances(corpus)
    holders = sorted({h for per in found.values() for h, _ in per})
    for holder in holders:
        for direction in ("down", "up"):
            other = "up" if direction == "down" else "down"
            agree = sorted(d for d, per in found.items() if (holder, direction) in per and (holder, other) not in per
                           and not _title_says(docs[d].title, holder))
            against = sorted(d for d, per in found.items() if (holder, other) in per and (holder, direction) not in per)
            silent = sorted(d for d in docs if not _mentions(docs[d].text, holder))
            claim = f"{holder}’s influence is {WORDS[direction]}"
            rng = random.Random(f"stance:{holder}:{direction}")
            if len(agree) >= 2:
                a, b = agree[0], agree[1]
                sa, sb = found[a][(holder, direction)], found[b][(holder, direction)]
                yield _candidate(  # the source shown is A's sentence; the explanation gives B's
                    "truefalse", f"Both {_title(docs[a])} and {_title(docs[b])} argue that {claim}.", "True", sa,
                    f"And {_title(docs[b])} says: {sb.text.strip()}",
                    f"{a}:stance:{holder}:{direction}:both", ("True", "False"), holder)
                # the opposite of what a text argues is false by its own words
                opposite = f"{holder}’s influence is {WORDS[other]}"
                if (holder, other) not in found[b]:
                    yield _candidate(
                        "truefalse", f"{_title(docs[b])} argues that {opposite}.", "False", sb,
                        f"It argues the opposite: {claim}.",
                        f"{b}:stance:{holder}:{other}:reversed", ("True", "False"), holder)
                for k, c in enumerate(agree[2:]):  # every further text on the same side gets its own item,
                    sc = found[c][(holder, direction)]  # its claim as it is or turned round, in turn
                    turned = k % 2 == 0 and (holder, other) not in found[c]
                    yield _candidate(
                        "truefalse", f"{_title(docs[c])} argues that {opposite if turned else claim}.",
                        "False" if turned else "True", sc,
                        f"It argues that {claim}: {sc.text.strip()}" if turned else sc.text.strip(),
                        f"{c}:stance:{holder}:{direction}:{'reversed' if turned else 'own'}", ("True", "False"), holder)
                if len(silent) >= 2:
                    choices = [docs[b].title] + [docs[d].title for d in silent[:2]]
                    if len(silent) >= 3 or against:
                        choices.append(docs[(silent[2:] + against)[0]].title)
                    rng.shuffle(choices)
                    yield _candidate(
                        "mcq", f"{_title(docs[a])} argues that {claim}. Which other text argues the same?",
                        docs[b].title, sb, f"{_title(docs[a])} says: {sa.text.strip()}",
                        f"{a}:stance:{holder}:{direction}:which", tuple(choices), holder, answer_class="TEXT")
            for a in agree[:1] if direction == "down" else []:  # one item per disagreeing pair
                for b in against[:1]:
                    sa, sb = found[a][(holder, direction)], found[b][(holder, other)]
                    yield _candidate(
                        "truefalse", f"{_title(docs[a])} and {_title(docs[b])} agree on whether {holder}’s influence is growing.",
                        "False", sa, f"They disagree. {_title(docs[b])} says: {sb.text.strip()}",
                        f"{a}:stance:{holder}:disagree:{b}", ("True", "False"), holder)


def _candidate(type_: str, prompt: str, answer: str, sentence: SentenceInfo, explanation: str, key: str,
               choices: tuple[str, ...], holder: str, answer_class: str = "STANCE") -> Candidate:
    return Candidate(type=type_, kind="argument", prompt=prompt, answer=answer, answer_class=answer_class,
                     choices=choices, sentence=sentence, generator="stance", explanation=explanation, key=key,
                     topic_hint=holder,
                     features={"stance": 1.0, "centrality": sentence.centrality, "position": sentence.position,
                               "tf": float(type_ == "truefalse"), "tf_false": float(answer == "False"),
                               "q_tokens": float(len(prompt.split()))})
