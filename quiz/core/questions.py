"""Turn a clause and an answer phrase in it into a wh-question (Heilman & Smith's transform step)."""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from quiz.core.entities import CLASS_NOUNS
from quiz.core.realize import (
    Clause,
    cut_apart,
    discourse_prefix,
    do_support,
    joined_bases,
    has_unresolved_reference,
    is_plural,
    lower_first,
    render,
    sentence_case,
    singular_agreement,
    subtree_ids,
    tidy,
)

if TYPE_CHECKING:
    from spacy.tokens import Token

# Dependents of the verb we may ask about; anything else (inside subjects, adjunct clauses, conjuncts,
# quotations) is an island the wh-phrase cannot move out of.
MOVABLE = {"nsubj", "nsubjpass", "dobj", "prep", "npadvmod", "attr", "dative", "agent"}
HEAD_NOUNS = {
    "war", "revolution", "crisis", "conflict", "organization", "organisation", "union", "alliance", "council",
    "party", "ministry", "center", "centre", "institute", "corridor", "treaty", "sea", "region", "election",
    "empire", "river", "mountains", "dynasty", "kingdom", "republic", "army", "canal", "convention", "commission",
    "act", "accord", "declaration", "charter", "pact", "protocol", "agreement",  # "Which act created a new map of
    # Europe?": typed, "the Congress of Vienna" is no second answer (raters of rounds 45-48 failed "what created …")
}
# verbs of an agent, asked with "who" whatever the tagger made of the name
BODIES = {"assembly", "parliament", "senate", "duma", "sejm", "rada", "congress", "committee", "court", "tribunal",
          "cabinet", "legislature", "diet", "seimas", "saeima", "riigikogu", "skupstina", "verkhovna"}
MINDS = {"hope", "believe", "want", "fear", "think", "wish", "intend", "expect", "refuse", "promise", "doubt",
         "suspect", "realize", "realise", "dream", "insist", "vow", "plead", "regret",  # what only a person does
         # ("What threatened to resign …?" for Lenin, a name the text never gives in full, rounds 87-88)
         "threaten", "resign", "abdicate", "reign", "marry", "negotiate", "decide", "argue", "warn", "complain",
         # "What prepared a punitive campaign for 1380?" for Mamai (rounds 89-90)
         "prepare", "plan", "command",
         # what a ruler or a state does: "what invaded Russia in 1812?" for Napoleon, "what concluded the Treaty of
         # Finckenstein?" for Fath-Ali Shah (round 97)
         "invade", "conquer", "annex", "besiege", "conclude", "sign", "ratify", "renounce", "cede"}
OFFICES = {"khan", "tsar", "czar", "emperor", "empress", "sultan", "shah", "prince", "princess", "duke", "hetman",
           "pope", "patriarch", "bishop", "emir", "caliph", "president", "chancellor", "admiral", "marshal", "regent",
           "vizier", "pasha", "ataman", "voivode"}  # not "governor" (a device's), "queen" or "king" (a chess piece's)
CHOSEN = {"choose", "elect", "appoint", "name", "select", "nominate", "crown", "proclaim", "exile", "execute", "arrest",
          "sentence", "hang", "pardon"}  # "Trubetskoy was chosen to lead the rising": what is chosen so is someone
TIME_PREPS = {"in", "on", "since", "by", "during", "until", "after", "before", "at"}
PLACE_PREPS = {"in", "at", "into", "from", "near", "inside"}


@dataclass(frozen=True)
class WhQuestion:
    """A question and the answer phrase it was made for."""

    text: str
    answer_ids: frozenset[int]
    wh: str
    role: str  # subject | object | oblique


def _lemma(verb: Token) -> str:
    """The verb's lemma, by lemminflect where the small model errs ('hoped' -> 'hop')."""
    from lemminflect import getLemma

    found = getLemma(verb.lower_, upos="VERB") if verb.pos_ in ("VERB", "AUX") else ()
    return found[0] if found else verb.lemma_.lower()


THING_KINDS = ("airport", "station", "river", "bridge", "square", "street", "avenue", "palace", "castle", "church",
               "cathedral", "monastery", "mosque", "museum", "stadium", "port", "canal", "reserve", "park", "city",
               "town", "village", "region", "province", "lake", "mountain", "island", "valley", "fortress", "language",
               "dialect", "company", "airline", "ship", "hospital", "university", "school", "plant", "mine", "dam")


def _named_as_thing(root: Token) -> bool:
    """Whether the text names this 'person' as a place or a thing: "Warsaw Chopin airport", "the town of Goldingen",
    "Kazakh is a Turkic language" (the tagger took each for a person)."""
    words = [t for t in root.subtree if t == root or t.dep_ == "compound" and t.pos_ == "PROPN"]
    name = re.escape(" ".join(t.text for t in sorted(words, key=lambda t: t.i)))
    kinds = "|".join(THING_KINDS)
    # (only a name of two words or more before its kind: "the Zamoyski palace" is the palace of Zamoyski, a person;
    # and only "X is a … language" with nothing after the kind: "Duda was a university lecturer" is a person)
    return re.search((rf"(?<!['’]s )\b{name}\s+(?:{kinds})s?\b|" if len(words) > 1 else "") +
                     rf"\b(?:the )(?:{kinds}) of {name}\b|\b{name} is an? (?:[\w-]+ ){{0,2}}(?:{kinds})(?=[.,;])",
                     root.doc.text) is not None


def wh_phrase(answer_class: str, answer_root: Token, *, prep: Token | None = None, role: str = "object") -> str:
    """Choose the wh-phrase for an answer of a class (who, when, where, how many, which + noun)."""
    p = f"{prep.lower_} " if prep is not None else ""
    if answer_class == "PERSON" and _named_as_thing(answer_root):
        return f"{p}what"  # "Who handled about 21 million passengers?" (Warsaw Chopin, an airport, round 173)
    if answer_class == "PERSON" or answer_class not in ("YEAR", "DATE", "PERCENT", "MONEY", "NUMBER") and (
            answer_root.lower_ in OFFICES and answer_root.text.islower()):
        return "who" if prep is None else f"{p}whom"  # "the khan ordered a final assault": "what ordered …?" (round 143)
    if answer_class in ("YEAR", "DATE"):
        if prep is not None and prep.lower_ in ("since", "until", "by"):
            return f"{p}when"
        return "when" if answer_class == "DATE" else ("in what year" if prep is None or prep.lower_ == "in" else "when")
    if answer_class == "PERCENT":
        return f"{p}what percentage"
    if answer_class == "MONEY":
        return "how much"
    head = answer_root.lower_ if answer_root.pos_ == "PROPN" and answer_root.lower_ in HEAD_NOUNS else ""
    if role == "subject" and answer_root.pos_ == "PROPN" and answer_class in ("CONCEPT", "ORG", "NORP", "GPE") and (
            # "the Bolsheviks argued" (the tagger's place): a people, or a state acting, is asked with who
            _lemma(answer_root.head) in MINDS or any(c.dep_ in ("dobj", "dative") and c.ent_type_ == "PERSON"
                                                     for c in answer_root.head.children) or (
                _lemma(answer_root.head) in CHOSEN and answer_root.dep_ == "nsubjpass")) and not answer_root.text.isupper():
        return "who"  # "Emperor Wu hoped that …", "Wu sent Zhang Qian west": someone, whatever the tagger made of it
    if not head and role == "subject" and answer_root.pos_ == "PROPN" and answer_root.head.lemma_.lower() in (
            "flow", "drain", "empty") and answer_class in ("LOC", "GPE", "ORG", "FAC", "CONCEPT"):
        head = "river"  # "What flows from the Pamir Mountains …?" has water for a second answer (round 47)
    if head:
        return f"{p}which {head}"
    if answer_root.lower_ in BODIES and (answer_root.pos_ == "PROPN" or answer_class == "ORG") and not (
            answer_root.lower_ == "congress" and any(c.dep_ == "prep" and c.lower_ == "of" for c in answer_root.children)):  # (the Congress of Vienna was a
        # conference, not a body)
        return f"{p}which body"  # "On 17 April, what elected Sargsyan prime minister?" (the National Assembly, round
        # 173): an assembly acts, but is no "who"
    agentive = answer_root.head.pos_ == "VERB" and not any(c.dep_ == "auxpass" for c in answer_root.head.children)
    institution = answer_class == "CITY" or (answer_class == "ORG" and (answer_root.text.isupper() or answer_root.lower_ in ("kremlin", "government", "ministry", "department", "agency")))
    if institution and role in ("subject", "object", "dative") and agentive:
        # a capital or an institution acting ("Moscow brokered", "NATO expanded"): ask who
        return "who" if role == "subject" else "whom"
    if institution and prep is not None and prep.lower_ in ("to", "with", "from", "by", "against", "for", "on"):
        return f"{p}whom"
    if answer_class == "NORP" and answer_root.tag_ in ("NNPS", "NNS") and role in ("subject", "object"):
        return "who" if role == "subject" else "whom"  # "the Russians scuttled ships": a people acts (round 63)
    if answer_class in ("ORG", "GPE", "LOC", "FAC", "LAW", "EVENT", "NORP") and not (answer_root.text.isupper() and answer_class == "ORG"):
        return f"{p}what"  # the tagger's ORG/GPE/LOC are often rivers, processes or products: "what" is safe
    noun = CLASS_NOUNS.get(answer_class, "thing")
    if answer_class in ("COUNTRY", "CITY", "GPE", "LOC", "ORG", "NORP", "EVENT", "FAC", "LAW"):
        if answer_class == "NORP" and answer_root.tag_ in ("NNS", "NNPS"):
            noun = "groups"
        return f"{p}which {noun}"
    return f"{p}what"


_PLACE_NOUNS = {"city", "town", "village", "capital", "port", "country", "state", "republic", "kingdom", "region",
                "province", "river", "lake", "settlement", "fortress", "island", "post", "outpost", "base", "stronghold",
                "garrison", "station", "site", "junction"}  # "Who became a
# frontier post facing the Ottoman fortress of Kars?" (Gyumri, round 135)


_TAKEN_LANDS = {"annex", "partition", "colonise", "colonize", "incorporate", "cede"}  # what only lands undergo


def _hung_on(t: Token, verb: Token) -> Token:
    """The word on the verb's own branch that `t` belongs to (t itself if it hangs on the verb)."""
    return next((a for a in (t, *t.ancestors) if a.head == verb), t)


def make_question(
    clause: Clause,
    answer: Token,
    answer_class: str,
    *,
    extra_drop: set[int] = frozenset(),
    resolutions: dict[int, str] | None = None,
    wh_override: str | None = None,
) -> WhQuestion | None:
    """Transform a clause into a question whose answer is the phrase headed by `answer`; None if not possible."""
    verb, subj = clause.verb, clause.subject
    resolutions = resolutions or {}
    tokens = [t for t in clause.tokens]
    drop = set(extra_drop) | discourse_prefix(tokens, verb)
    tokens = [t for t in tokens if t.i not in drop]
    if not tokens or subj is None or subj.dep_ == "expl":
        return None
    answer_ids = subtree_ids(answer)
    if answer_ids & drop:
        return None
    prep: Token | None = None
    head = answer
    if answer.dep_ == "pobj" and answer.head.dep_ == "prep" and answer.head.head == verb:
        prep = answer.head
        head = prep
        answer_ids = subtree_ids(prep)
    elif answer.dep_ == "pobj" and answer.head.dep_ == "agent" and answer.head.head == verb:
        prep = answer.head
        head = prep
        answer_ids = subtree_ids(prep)
    if head.dep_ not in MOVABLE or head.head != verb:
        return None
    phrase = answer.head if answer.dep_ in ("nummod", "quantmod") else answer
    colon = next((t for t in clause.tokens if t.text in (":", ";") and t.i > max(phrase.i, verb.i) and (all(
        k.i in answer_ids or k in phrase.subtree for k in phrase.doc[phrase.i + 1: t.i]) or t.i > max(answer_ids))), None)
    if colon is not None and not (any(k.tag_ == "CD" for k in phrase.doc[verb.i: colon.i]) or any(
            k.text == ";" for k in phrase.doc[colon.i + 1: colon.sent.end])):
        colon = None  # only a count or a list spelled out: "What adds a second set of microbes: a culture, or
        # starter, …?" needs what follows its colon (rated good in rounds 163-164)
    if colon is not None:  # "how many things should every government do: commission a survey; …" (round 179): the
        # list after the colon spells out what the clause has said, and the question ends before it ("In what year
        # had the government shortlisted three vendors: Rosatom?" had kept the list's first name)
        tokens = [t for t in tokens if t.i < colon.i]
        answer_ids = frozenset(i for i in answer_ids if i < colon.i)
    subject_ids = subtree_ids(subj)
    subs = {i: txt for i, txt in resolutions.items()}
    role = "subject" if answer == subj else ("oblique" if prep is not None else "object")
    if role == "subject":
        wh = wh_override or wh_phrase(answer_class, answer, role="subject")
        if wh.split()[0] in ("when", "where", "how", "why"):
            return None  # a subject is never a time or a place: "In July 1792, …, when joined the Targowica
            # Confederation?" (the king Stanisław August's name taken for a month, round 109)
        if wh == "who" and any(c.dep_ in ("attr", "oprd") and c.lemma_.lower() in _PLACE_NOUNS
                               for c in verb.children):
            return None  # "In the Soviet period, who became a major industrial city?" (Gorky, a city named after
            # a writer, round 111)
        if wh == "who" and verb.lemma_.lower() in _TAKEN_LANDS and any(c.dep_ == "auxpass" for c in verb.children):
            return None  # "Who was annexed by the Russian Empire in 1810?" (Imereti, a kingdom, round 111)
        rest = [t for t in tokens if t.i not in answer_ids]
        fronted = [t for t in rest if t.i < subj.left_edge.i]
        after = [t for t in rest if t.i > subj.right_edge.i]
        if not after:
            return None
        if any(t.i < verb.i and not t.is_punct and _hung_on(t, verb).dep_ not in (
                "advmod", "aux", "auxpass", "neg") for t in after):
            return None  # "That cathedral, Svetitskhoveli, meaning the Living Pillar, dominates the town": words of
            # the subject left between the wh-word and its verb ("What meaning the Living Pillar, dominates …?"),
            # and an aside with one of its commas gone ("Who in the summer of 1812, invaded Russia?")
        first = after[0]
        if first.lemma_ == "do" and first.dep_ == "aux" and first.head == verb and not clause.negated:
            # an emphatic "did" ("Pashinyan did sound pro-Western") reads oddly in a question: "Who sounded …?"
            from quiz.core.realize import inflect, verb_base

            subs[first.i] = ""
            subs[verb.i] = inflect(verb_base(verb), {"VBD": "VBD", "VBZ": "VBZ"}.get(first.tag_, "VBZ"))
            after = [t for t in after if t.i != first.i]
            first = after[0]
        elif wh.split()[0] in ("who", "what") or (wh.startswith("which") and not is_plural(answer)):
            if first.dep_ in ("aux", "auxpass", "ROOT") or first == verb:
                subs[first.i] = singular_agreement(first.text)
                if first == verb and first.tag_ == "VBP":
                    from quiz.core.realize import inflect, verb_base

                    subs[first.i] = inflect(verb_base(first), "VBZ")
        if not _fronted_ok(fronted, verb):
            return None
        front_text = render(fronted, subs=subs)
        body = render(after, subs=subs)
        text = (front_text + ", " if front_text else "") + wh + " " + body
    else:
        wh = wh_override or wh_phrase(answer_class, answer, prep=prep, role=role)
        if wh_override:
            pass
        elif answer_class in ("YEAR", "DATE") and prep is not None and prep.lower_ in TIME_PREPS - {"since", "until", "by"}:
            pass  # "In 2020" -> "when": the preposition goes with the answer
        elif answer_class in ("COUNTRY", "CITY", "GPE", "LOC") and prep is not None and prep.lower_ in ("in", "at"):
            wh = "where"
        auxes = [a for a in clause.auxes if a.i not in drop]
        fronted = [t for t in tokens if t.i < subj.left_edge.i and t.i not in answer_ids]
        subject_tokens = [t for t in tokens if t.i in subject_ids]
        body_tokens = [t for t in tokens if t.i > subj.right_edge.i and t.i not in answer_ids]
        if any(t.i in answer_ids for t in subject_tokens):
            return None
        subj_text = render(subject_tokens, subs=subs)
        if subject_tokens and subject_tokens[0].i == tokens[0].i and subject_tokens[0].i not in subs:
            subj_text = lower_first(subject_tokens, subj_text)
        elif subject_tokens and subject_tokens[0].i in subs and subj_text.split(" ", 1)[0] in ("The", "A", "An"):
            subj_text = subj_text[:1].lower() + subj_text[1:]  # "It rises …" resolved to "The Danube": mid-question
        if auxes:
            aux = auxes[0]
            body = render([t for t in body_tokens if t.i != aux.i], subs=subs)
            aux_text = aux.text.lower()
        elif clause.is_copula:
            body = render([t for t in body_tokens if t.i != verb.i], subs=subs)
            aux_text = verb.text.lower()
        else:
            aux_text, base = do_support(verb)
            subs[verb.i] = base
            subs.update(joined_bases(verb))
            body = render(body_tokens, subs=subs)
        if not body and not clause.is_copula:
            return None
        if not _fronted_ok(fronted, verb):
            return None
        front_text = render(fronted, subs=subs)
        core = f"{wh} {aux_text} {subj_text} {body}".strip()
        text = (front_text + ", " if front_text else "") + core
    text = tidy(text)
    if not text or not _well_formed(text):
        return None
    text = sentence_case(text.rstrip(".,;:")) + "?"
    kept = [t for t in tokens if t.i not in answer_ids]
    if has_unresolved_reference(kept, allowed=set(resolutions) | _bound_possessives(kept)):
        return None
    if any(resolutions.get(t.i) == t.text for t in kept) and any(
            t.ent_type_ == "PERSON" for t in tokens if t.i in answer_ids):
        return None  # "his" kept while the person it refers to became the answer
    return WhQuestion(text, frozenset(answer_ids), wh, role)


def _fronted_ok(fronted: list[Token], verb: Token) -> bool:
    """Only short adverbials may stand before the wh-phrase ("In 2020, who ...")."""
    if not fronted:
        return True
    words = [t for t in fronted if not t.is_punct]
    if any(t.tag_ in ("WRB", "WP", "WDT") and t.lower_ in ("why", "how", "what", "who", "which", "where", "when")
           for t in words[:1]):
        return False  # "Why, how many cells does a car battery contain …?" (rounds 85-86)
    if len(words) == 1 and words[0].pos_ in ("ADV", "PART", "CCONJ"):
        return False  # "Even, who came to power?"
    if len([t for t in fronted if not t.is_punct]) > 12:
        return False
    for t in fronted:
        if t.head == verb and t.dep_ not in ("prep", "advmod", "advcl", "npadvmod", "punct", "mark", "cc"):
            return False
        if t.dep_ in ("ccomp", "xcomp") or t.text in ("“", '"', "”"):
            return False
    return True


def _well_formed(text: str) -> bool:
    """Reject text that shows a broken transform: a sentence break inside, a capitalised common word mid-way."""
    if re.search(r"[.!?][”\"]?\s+[A-Z]", text[:-1]):
        return False
    if re.match(r"(?:what|who|which \w+) [^,?]*, (?:is|are|was|were|has|have|had|did|does|do)\b", text, re.I):
        return False  # "What at the western tip, is linked by railway …?": the subject's aside cut in two
    words = text.split()
    for w in words[1:]:
        if w in ("A", "An", "The", "This", "That", "These", "Those", "It", "In", "On", "At", "For", "But", "And"):
            return False
    return True


def _dropped_owner(pronoun: Token, tokens: list[Token]) -> bool:
    """True when a thing that may own 'its' stands before it in the sentence but not among the kept words: "The
    completion of the railway in 1930 linked the city to the rest of the Soviet Union and accelerated its growth"
    kept as "… accelerated its growth" (the city's, round 125)."""
    kept = {t.i for t in tokens}
    verb = next((a for a in pronoun.ancestors if a.pos_ in ("VERB", "AUX")), None)
    if verb is None or verb.dep_ != "conj" or verb.head.i in kept or verb.head.pos_ not in ("VERB", "AUX"):
        return False
    subject = next((c for c in verb.head.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subject is None or subject.pos_ == "PROPN" or subject.ent_type_:
        return False  # "Kazakhstan built a port … and expanded its trade": a named subject owns its "its"
    return any(c.dep_ == "dobj" and c.tag_ in ("NN", "NNP") and c.i not in kept for c in verb.head.children)


def _bound_possessives(tokens: list[Token]) -> set[int]:
    """Possessive pronouns whose antecedent stands earlier in the same clause ('Russia ... its troops')."""
    bound: set[int] = set()
    seen_person = seen_thing = False
    subject = False  # the clause's noun subject with no other plural noun since ("the sturgeon … their grounds")
    for t in tokens:
        if t.ent_type_ == "PERSON":
            seen_person = True
        elif t.ent_type_ in ("GPE", "ORG", "NORP", "LOC", "FAC") or t.pos_ == "PROPN":
            seen_thing = True
        if t.dep_ in ("nsubj", "nsubjpass") and t.pos_ == "NOUN":
            if not any(c.dep_ == "det" and c.lower_ in ("a", "an", "one") for c in t.children):
                subject = True  # (never "A law passed in 2019 improved their funding": no one law owns "their", round
                # 101)
            if any(c.dep_ == "det" and c.lower_ in ("every", "each", "any") for c in t.children):
                seen_thing = True  # "every democracy should lower its voting age": its own, whichever it is
        elif t.tag_ == "NNS":
            subject = False  # "the council approved the residents' plan despite their protests": whose?
        if t.lower_ == "their" and any(a.dep_ in ("nsubj", "nsubjpass") and a.pos_ == "NOUN" for a in t.ancestors) and (
                not (seen_thing or seen_person)):
            continue  # "The gap between their arrival times …": a subject never owns what is inside it (round 59)
        if t.lower_ in ("his", "her", "himself", "herself") and seen_person:
            bound.add(t.i)
        elif t.lower_ in ("its", "itself") and seen_thing and not _dropped_owner(t, tokens):
            bound.add(t.i)  # "Mayor X began removing cars from its centre": 'its' is not the mayor's ("the war's
            # outcome … undermined its influence": Russia's, so a noun subject never binds 'its')
        elif t.lower_ in ("their", "themselves") and (seen_thing or seen_person or subject):
            bound.add(t.i)
    return bound


AS_VERBS = {"see", "regard", "view", "consider", "treat", "perceive", "describe", "portray", "present", "depict", "brand",
            "denounce", "hail", "welcome", "recognise", "recognize", "accept", "count", "classify", "cast"}


def declarative(clause: Clause, *, resolutions: dict[int, str] | None = None, extra_drop: set[int] = frozenset()) -> str | None:
    """Render a clause as a stand-alone statement (discourse connectives dropped), or None if vague."""
    tokens = list(clause.tokens)
    drop = set(extra_drop) | discourse_prefix(tokens, clause.verb)
    kept = [t for t in tokens if t.i not in drop]
    if not kept:
        return None
    ids = {t.i for t in tokens}
    kept_ids = {t.i for t in kept}
    if any(not t.is_punct and t.dep_ not in ("cc", "punct") and t != clause.verb and t.head.i in ids - kept_ids
           and t.head.i != t.i and t.i not in (resolutions or {}) and t.head.i not in (resolutions or {}) for t in kept):
        return None  # a word whose head went ("… defined Georgia's borders broadly the Kutaisi province with …", the
        # list of an aside whose "including the former Batumi region" was dropped, round 131): a torn sentence
    if clause.verb.lemma_.lower() in AS_VERBS and not any(t.lower_ == "as" for t in kept) and any(
            t.lower_ == "as" and t.i > clause.verb.i and t.dep_ == "prep" for t in clause.tokens):
        return None  # "Britain saw a large Bulgaria under Russian tutelage, reaching the Aegean, as a threat …": without
        # its "as a threat" (which the parser hung on "reaching"), "saw" means another thing (round 129)
    if has_unresolved_reference(kept, allowed=set(resolutions or {}) | _bound_possessives(kept)):
        return None
    ids = {t.i for t in kept}
    if cut_apart(kept):
        return None
    if any(t.dep_ == "conj" and t.tag_ == "VBG" and t.head.i in ids and t.head.tag_ != "VBG" and not any(
            c.dep_ in ("nsubj", "nsubjpass", "aux") for c in t.children) for t in kept):
        return None  # "… should ban private jets for ordinary travel, and extending to all …": the participle it
        # was joined to was left out (rounds 87-88)
    text = render(kept, subs=dict(resolutions or {})).rstrip(".,;:")
    if re.search(r"\b(?:with|of|to|by|for|from|in|on|at|and|or|but|the|a|an)$", text):
        return None  # cut short: "Vardan fell on the field along with." (its aside dropped, round 103)
    return sentence_case(text) + "."
