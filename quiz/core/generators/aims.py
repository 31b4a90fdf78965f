"""What actors seek, try, choose or fail to do: 'Moscow has always sought to maintain …' -> 'What has Moscow always
sought to do?'.

Analysis prose is about intentions and decisions more than about names and dates: who wanted what, who chose
not to act, what a country's vital interest is. The answer is the infinitive ('Maintain imperial influence
across the former Soviet Union'); its options are what other actors of the same texts sought or chose to do,
never what the same actor did (that could be a second right answer).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Iterator

from quiz.core.generators import Candidate, register
from quiz.core.generators.common import (
    explanation_for,
    hedge_adverbs,
    is_hedged,
    is_opinion,
    sentence_hedged,
    vague_context,
)
from quiz.core.realize import (
    REPORTING,
    Clause,
    clause_tokens,
    discourse_prefix,
    do_support,
    finite_clauses,
    has_unresolved_reference,
    lower_first,
    render,
    sentence_case,
    subtree_ids,
)

if TYPE_CHECKING:
    import random

    from spacy.tokens import Token

    from quiz.core.context import Corpus, SentenceInfo
    from quiz.core.distractors import Pools

# verbs whose infinitive says what the subject wants, tries or decides: 'sought to', 'chose not to', 'failed to'
AIM_VERBS = {"want", "seek", "aim", "try", "hope", "strive", "intend", "need", "plan", "decide", "choose", "refuse",
             "attempt", "fail", "manage", "threaten", "promise", "agree", "prefer", "struggle", "vow", "pledge"}
# nouns whose copula names an aim: 'One of Russia's vital interests has been to keep …'
AIM_NOUNS = {"aim", "goal", "interest", "priority", "ambition", "intention", "objective", "purpose", "task", "mission",
             "strategy", "dream", "aspiration"}
# nouns whose infinitive says what someone wanted or did not manage: options only
INTENT_NOUNS = {"desire", "decision", "effort", "attempt", "failure", "inability", "refusal", "intention", "bid",
                "commitment", "determination", "readiness", "willingness", "plan", "ambition", "wish", "promise"}
# lasting aims; the other words name one act or decision, and options come from the same of the two: a one-off
# decision is no option for "one of Russia's traditional interests" (raters of round 20)
GOAL_WORDS = {"want", "seek", "aim", "hope", "strive", "intend", "need", "desire", "ambition", "intention", "effort",
              "aspiration", "dream", "wish", "goal", "interest", "priority", "objective", "purpose", "mission",
              "strategy", "plan", "commitment", "determination"}
NEGATIVE = {"fail", "refuse", "failure", "inability", "refusal"}  # what the actor did not do
STOP_AT = {",", ";", ":", "—", "–", "(", ")", "“", "”", '"'}
# the answer ends where a subordinate clause or an aside begins: 'keep neighbours anchored while preventing …'
CLAUSE_WORDS = {"while", "which", "who", "whom", "whose", "if", "because", "unless", "although", "though", "since",
                "whereas", "even", "so", "as", "when", "where", "until", "before", "after"}
MIN_WORDS, MAX_WORDS = 3, 14
KREMLIN = {"kremlin": "russia", "white house": "united states", "washington": "united states"}


@dataclass(frozen=True)
class Aim:
    """One infinitive of intent in a text: whose it is and what it says."""

    document: str
    sentence: int
    actor: str  # the actor's group ('russia' for Moscow, the Kremlin and Russia alike)
    text: str  # the bare infinitive, without 'to': 'maintain imperial influence across the former Soviet Union'
    verb: int  # token index of the governing verb
    xcomp: int  # token index of the infinitive's verb
    portable: bool = True  # False when it says 'their army' of its own subject: no option for another question
    askable: bool = True  # False for a noun's infinitive ('Russia's desire to …'): an option, not a question
    negative: bool = False  # what the actor chose not to do or failed to do: by the text, none of its aims
    goal: bool = False  # a lasting aim ('sought to', 'an interest') rather than one act ('chose to', 'threatened to')


def corpus_aims(corpus: Corpus) -> list[Aim]:
    """Every aim of every text, found once per corpus (the generator asks about them, distractors offer them)."""
    if "_aims" in corpus.__dict__:
        return corpus.__dict__["_aims"]
    cache = corpus.__dict__["_aims"] = []  # found once, even when a corpus has none
    groups = _actor_groups(corpus)
    for sentence in corpus.sentences:
        for verb, x, subj in _aim_sites(sentence):
            text = aim_text(x, sentence, subj) if subj is not None else None
            if text is None:
                continue
            actor = _actor(subj, sentence, groups)
            if actor:
                portable = aim_text(x, sentence) is not None
                negative = _negated(x) or verb.lemma_.lower() in NEGATIVE
                goal = verb.lemma_.lower() in GOAL_WORDS or verb.lemma_ == "be"
                cache.append(Aim(sentence.document.id, sentence.index, actor, text, verb.i, x.i, portable,
                                 True, negative, goal))
        for noun, x in _noun_aims(sentence):  # "Russia's desire to maintain …": options, never questions
            owner = next((c for c in noun.children if c.dep_ == "poss"), None) or next(
                (p for c in noun.children if c.dep_ == "prep" and c.lower_ == "of" for p in c.children
                 if p.dep_ == "pobj" and p.pos_ == "PROPN"), None)
            text = aim_text(x, sentence)
            if owner is None or text is None:
                continue
            actor = _actor(owner, sentence, groups)
            if actor:
                negative = _negated(x) or noun.lemma_.lower() in NEGATIVE
                cache.append(Aim(sentence.document.id, sentence.index, actor, text, noun.i, x.i, True, False,
                                 negative, noun.lemma_.lower() in GOAL_WORDS))
    return cache


def _noun_aims(sentence: SentenceInfo) -> Iterator[tuple[Token, Token]]:
    """(noun, infinitive) for 'Russia's desire to …', 'the inability of Russia to …'."""
    for x in sentence.span:
        if x.dep_ == "acl" and x.pos_ == "VERB" and x.head.lemma_.lower() in AIM_NOUNS | INTENT_NOUNS and any(
                c.dep_ == "aux" and c.lower_ == "to" for c in x.children):
            yield x.head, x


def _aim_sites(sentence: SentenceInfo) -> Iterator[tuple[Token, Token, Token | None]]:
    """(governing verb, infinitive, subject) for each 'X sought to …' and 'X's aim is to …' in the sentence."""
    for x in sentence.span:
        if x.dep_ != "xcomp" or x.pos_ not in ("VERB", "AUX") or not any(
                c.dep_ == "aux" and c.lower_ == "to" for c in x.children):
            continue
        verb = x.head
        subj = subject_of(verb)
        if verb.lemma_.lower() in AIM_VERBS or (verb.lemma_ == "be" and subj is not None
                                                 and _aim_noun(subj) is not None):
            yield verb, x, subj


def subject_of(verb: Token) -> Token | None:
    """The verb's subject, or the one it shares: 'Moscow … has always sought to', '… while also seeking to'."""
    for _ in range(3):
        subj = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subj is not None or verb.dep_ not in ("conj", "advcl") or verb.head == verb:
            return subj
        if verb.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ not in ("while", "by") for c in verb.children):
            return None  # "if he had not …": a clause with its own subject, elsewhere
        verb = verb.head
    return None


def _aim_noun(subj: Token) -> Token | None:
    """The aim noun of a copula's subject: 'interests' in 'One of Russia's vital interests'."""
    if subj.lemma_.lower() in AIM_NOUNS:
        return subj
    if subj.lower_ == "one":
        inner = next((p for c in subj.children if c.dep_ == "prep" and c.lower_ == "of" for p in c.children
                      if p.dep_ == "pobj"), None)
        if inner is not None and inner.lemma_.lower() in AIM_NOUNS:
            return inner
    return None


def aim_text(x: Token, sentence: SentenceInfo, subject: Token | None = None) -> str | None:
    """The infinitive's words without 'to' and 'not' and without its asides and subordinate clauses; None if the
    phrase is too short, too long or points at something the reader cannot see ('to stop them').

    With `subject`, a possessive pointing back at it stays ('dissolve their army'): right in the item's own
    answer, wrong as an option elsewhere, so the pool of options is built without it.
    """
    doc = x.doc
    drop: set[int] = set()
    for t in x.subtree:
        if t.i == x.i:
            continue
        before = doc[t.left_edge.i - 1] if t.left_edge.i > 0 else None
        set_off = before is not None and before.text in (",", "—", "–", "(")
        purpose = t.dep_ == "advcl" and any(c.dep_ == "aux" and c.lower_ == "to" for c in t.children) and not any(
            c.dep_ == "mark" for c in t.children)  # "employ leverage to stop the war": the purpose is the point
        if (t.dep_ in ("advcl", "appos", "parataxis", "dep") and not purpose) or (
                set_off and t.dep_ in ("acl", "prep", "npadvmod", "advmod", "conj", "relcl", "advcl")
                and t.head.pos_ in ("VERB", "AUX", "NOUN", "PROPN")):
            drop |= subtree_ids(t)
            if set_off and t.i > x.i:
                drop.add(before.i)
    tokens = []
    for t in sorted(x.subtree, key=lambda t: t.i):
        if t.i in drop:
            continue
        if t.i > x.i and t.text in (";", ":", "—", "–", "(", ")"):
            break
        tokens.append(t)
    tokens = [t for t in tokens if not (t.head == x and ((t.dep_ == "aux" and t.lower_ == "to") or t.dep_ == "neg"))]
    while tokens and (tokens[-1].is_punct and tokens[-1].text not in "”’" or tokens[-1].pos_ in ("CCONJ", "ADP", "DET", "SCONJ", "PART")):
        tokens.pop()
    if not tokens or (tokens[0].i != x.i and tokens[0].dep_ != "advmod"):
        return None
    if not (MIN_WORDS <= len([t for t in tokens if not t.is_punct]) <= MAX_WORDS):
        return None
    allowed = set(sentence.resolutions) | {t.i for t in tokens if t.lower_ in ("itself", "themselves", "himself", "herself")}
    if subject is not None:
        plural = subject.tag_ in ("NNS", "NNPS")
        allowed |= {t.i for t in tokens if t.lower_ in (("their",) if plural else ("its",) if subject.ent_type_ != "PERSON" else ())}
    if has_unresolved_reference(tokens, allowed=allowed):
        return None
    text = render(tokens, subs=sentence.resolutions).strip(" ,.")
    if text.count("“") != text.count("”") or re.search(r"\bsuch\b", text, re.I) or any(
            re.search(r"\b" + re.escape(v) + r"\b", text, re.I) for v in sentence.vague_nps):
        return None  # "fostering such alliances", "leave the alliance": which?
    return text


def _actor_groups(corpus: Corpus) -> dict[str, str]:
    """Name -> the actor it stands for: a capital for its country ('moscow' -> 'russia'), a leader for his
    ('nikol pashinyan' -> 'armenia', from 'Armenian Prime Minister Nikol Pashinyan'); found once per corpus."""
    if "_actor_groups" not in corpus.__dict__:
        corpus.__dict__["_actor_groups"] = _find_actor_groups(corpus)
    return corpus.__dict__["_actor_groups"]


def _find_actor_groups(corpus: Corpus) -> dict[str, str]:
    from quiz.core.pipeline import _capitals

    groups = {capital.lower(): country.lower() for capital, country in _capitals().items()}
    groups.update(KREMLIN)
    countries = {e.text.lower().removeprefix("the ") for s in corpus.sentences for e in s.ents if e.label_ == "GPE"}
    for s in corpus.sentences:
        for e in s.ents:
            if e.label_ != "PERSON":
                continue
            before = s.span.doc[max(0, e.start - 4): e.start]
            for t in before:
                demonym = t.lower_.removesuffix("’s").removesuffix("'s")
                country = next((c for c in countries if len(c) > 3 and demonym.startswith(c[:5])), None)
                if country and (t.ent_type_ in ("NORP", "GPE")):
                    full = e.text.lower()
                    groups.setdefault(full, groups.get(country, country))
                    groups.setdefault(full.split()[-1], groups.get(country, country))
    return groups


def _actor(subj: Token, sentence: SentenceInfo, groups: dict[str, str]) -> str:
    """The group of the subject's actor ('russia' for 'Moscow'), or '' when the subject is no clear actor."""
    head = subj
    noun = _aim_noun(subj)
    if noun is not None:  # "One of Russia's vital interests": the owner is the actor
        owner = next((c for c in noun.children if c.dep_ == "poss"), None) or next(
            (t for t in subj.subtree if t.ent_type_ in ("GPE", "PERSON", "ORG", "NORP") and t.pos_ == "PROPN"), None)
        if owner is None:
            return ""
        head = owner
    name = sentence.resolutions.get(head.i) or render(  # the head and what precedes it: "the Russian leadership"
        [t for t in head.subtree if t.dep_ not in ("case", "punct") and t.i <= head.i], subs=sentence.resolutions)
    if head.pos_ == "PRON" and head.i not in sentence.resolutions:
        return ""
    ent = next((e for e in sentence.ents if e.start <= head.i < e.end), None)
    if ent is not None:
        name = ent.text
    key = re.sub(r"^(?:the|post-soviet|soviet)\s+", "", name.lower()).removesuffix("’s").removesuffix("'s").strip()
    return groups.get(key, key)


@register("aims")
def generate_aims(corpus: Corpus) -> Iterator[Candidate]:
    """Yield 'What did X seek/choose/fail to do?' and 'What is one of X's aims?' items with their infinitive."""
    by_site = {(a.document, a.sentence, a.xcomp): a for a in corpus_aims(corpus) if a.askable}
    for sentence in corpus.sentences:
        if sentence.text.rstrip().endswith("?") or any(q in sentence.text for q in "“”\""):
            continue  # quoted words are someone else's; the question would have to say whose
        root = sentence.span.root
        if root.lemma_.lower() in REPORTING:
            continue
        clauses = {c.verb.i: c for c in finite_clauses(sentence.span)}
        for verb, _, subj in _aim_sites(sentence):  # a main clause before a colon is no "finite clause" to spaCy
            if verb.i not in clauses and subj is not None and _main(verb, root):
                clauses[verb.i] = Clause(verb, subj, tuple(clause_tokens(verb)))
        for verb, x, subj in _aim_sites(sentence):
            aim = by_site.get((sentence.document.id, sentence.index, x.i))
            clause = clauses.get(verb.i)
            if _negated(x):
                continue  # "What did Moscow choose not to do?": every other actor's aim is also not done by it
            if aim is None or aim.negative or clause is None or any(c.dep_ == "neg" for c in verb.children) or subj is None or subj.lower_ in ("i", "we"):
                continue
            if not _main(verb, root):
                continue  # an aim inside a subordinate clause is the background of another point
            question = _question(clause, x, subj, sentence)
            if question is None:
                continue
            hedged = is_hedged(clause.tokens) or sentence_hedged(sentence.span)
            opinion = is_opinion(clause.tokens) or sentence.opinion_piece
            if hedged or opinion:
                question = "According to the author, " + question[0].lower() + question[1:]  # always "What …"
            if vague_context(question):
                continue
            copular = verb.lemma_ == "be"
            answer = ("To " + aim.text) if copular else aim.text[:1].upper() + aim.text[1:]
            yield Candidate(
                type="mcq", kind="argument" if (hedged or opinion or copular) else "fact", prompt=question,
                answer=answer, sentence=sentence, generator="aims", answer_class="AIM", needs_distractors=3,
                explanation=explanation_for(sentence), actor=aim.actor,
                key=f"{sentence.document.id}:{sentence.index}:aim:{x.i}",
                features={"aim": 1.0, "centrality": sentence.centrality, "position": sentence.position,
                          "q_tokens": float(len(question.split())), "hedged": float(hedged),
                          "attributed": float(hedged or opinion), "aim_goal": float(aim.goal)})


def _main(verb: Token, root: Token) -> bool:
    """True for the sentence's main clause, a clause conjoined to it, or one before a colon ('Moscow chose not
    to intervene …: the winner is as pro-Russian as his predecessor')."""
    if verb == root or (verb.dep_ == "conj" and verb.head == root):
        return True
    return (verb.dep_ in ("ccomp", "parataxis") and verb.head == root and verb.i < root.i
            and any(t.text in (":", ";") for t in verb.doc[verb.i:root.i]))


def _negated(x: Token) -> bool:
    return any(c.dep_ == "neg" for c in x.children)


def _question(clause, x: Token, subj: Token, sentence: SentenceInfo) -> str | None:
    """'Moscow has always sought to maintain …' -> 'What has Moscow always sought to do?';
    'One of Russia's vital interests has been to keep …' -> 'What has been one of Russia's vital interests?'."""
    verb = clause.verb
    gone = subtree_ids(x) | hedge_adverbs(clause)
    tokens = [t for t in clause.tokens if t.i not in gone]
    gone |= discourse_prefix(tokens, verb)
    tokens = [t for t in tokens if t.i not in gone and not (t.is_punct and t.i > verb.i)]
    subj_ids = subtree_ids(subj)
    fronted = [t for t in tokens if t.i < subj.left_edge.i and not t.is_punct]
    if len(fronted) > 5 or any(t.dep_ in ("ccomp", "nsubj", "mark", "advcl") for t in fronted):
        return None
    subject = [t for t in tokens if t.i in subj_ids]
    if not subject or has_unresolved_reference(subject, allowed=set(sentence.resolutions)) or len(subject) > 12:
        return None
    if any(t.dep_ in ("relcl", "acl", "appos") for t in subject):
        return None  # a subject with a clause of its own makes an unreadable question
    subs = dict(sentence.resolutions)
    subj_text = render(subject, subs=subs)
    if subject[0].pos_ != "PROPN" and not subject[0].ent_type_ in ("GPE", "PERSON", "ORG", "NORP"):
        subj_text = subj_text[:1].lower() + subj_text[1:]  # "One of Russia's interests" inside the question
    after = [t for t in tokens if t.i > subj.right_edge.i]
    if has_unresolved_reference(after, allowed=set(sentence.resolutions)):
        return None
    auxes = [a for a in clause.auxes if a.i not in gone]
    neg = "not " if _negated(x) else ""
    for c in verb.children:  # "…, because there was no threat", "…, so that Moscow can thrive": after the aim
        set_off = c.left_edge.i > 0 and c.doc[c.left_edge.i - 1].text == ","
        if c.i > x.right_edge.i and (c.dep_ in ("advcl", "prep", "npadvmod", "advmod", "punct", "cc", "conj") or (
                set_off and c.dep_ in ("dobj", "appos", "attr", "dep"))):  # ", a military alliance": an aside
            gone |= subtree_ids(c)
    after = [t for t in after if t.i not in gone]
    if verb.lemma_ == "be":
        if any(t.i > verb.i for t in after):
            return None  # "… has been to keep X, as Y showed": the tail has no place in the question
        verbs = render([t for t in after if t.i <= verb.i], subs=subs)
        text = f"What {verbs} {subj_text}"
    else:
        if any(t.i > x.right_edge.i for t in after):
            return None  # words after the infinitive belong to the answer's sentence
        if not fronted and not any(t.dep_ in ("prep", "npadvmod") for t in after):
            return None  # "What did the Kremlin choose to do?": in what situation? (raters of round 20)
        if auxes:
            aux = auxes[0].text.lower()
            middle = [t for t in after if t.i != auxes[0].i]
        else:
            aux, base = do_support(verb)
            subs[verb.i] = base
            middle = after
        text = f"What {aux} {subj_text} {render(middle, subs=subs)} {neg}to do"
    if fronted:
        tail = render(fronted, subs=subs)
        if fronted[0].pos_ != "PROPN" and not fronted[0].ent_type_:
            tail = tail[:1].lower() + tail[1:]
        text += " " + tail
    text = re.sub(r"\s+", " ", text).strip().rstrip(",.;:")
    return sentence_case(text) + "?"


def aim_options(cand: Candidate, pools: Pools, rng: random.Random, n: int) -> list[str] | None:
    """What the question's actor chose not to do or failed to do (wrong by the text's own words: 'intervene in
    yet another revolution in Kyrgyzstan'), then what other actors of the same texts sought: never another aim
    of the same actor, which could be a second right answer."""
    from quiz.core.distractors import _too_close

    doc_id = cand.sentence.document.id
    related = pools.related(doc_id)
    answer = cand.answer.removeprefix("To ")
    scored = []
    for aim in pools.aims:
        own = aim.actor == cand.actor
        if aim.goal != bool(cand.features.get("aim_goal")):
            continue  # a one-off decision is no option for a lasting interest, nor the other way round
        if (own and not aim.negative) or aim.document not in related or (aim.document, aim.sentence) == (
                doc_id, cand.sentence.index):
            continue
        if not own and aim.actor in answer.lower():
            continue
        ratio_ = len(aim.text.split()) / max(1, len(answer.split()))
        if not 0.4 <= ratio_ <= 2.5:
            continue
        scored.append(((1.0 if aim.document == doc_id else 0.5) + (1.0 if own else 0.0) + rng.random() * 0.5, aim.text))
    chosen: list[str] = []
    for _, text in sorted(scored, key=lambda x: -x[0]):
        if _too_close(answer, text) or any(_too_close(text, c) for c in chosen):
            continue
        chosen.append(("To " + text) if cand.answer.startswith("To ") else text[:1].upper() + text[1:])
        if len(chosen) == n:
            return chosen
    return None
