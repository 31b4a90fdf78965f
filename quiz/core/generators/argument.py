"""Argument items: who holds a view, what a named person or the author claims, why, and who disagrees."""
from __future__ import annotations

import re
from typing import TYPE_CHECKING, Iterator

from quiz.core.generators import Candidate, register
from quiz.core.generators.common import (
    asserted,
    copy_base,
    answer_phrases,
    clean_answer,
    entity_at,
    explanation_for,
    simplification_drops,
)
from quiz.core.questions import make_question
from quiz.core.realize import (
    SUBJ,
    Clause,
    clause_tokens,
    keeps_capital,
    do_support,
    joined_bases,
    has_unresolved_reference,
    inflect,
    render,
    sentence_case,
    subtree_ids,
    verb_base,
)

if TYPE_CHECKING:
    from spacy.tokens import Token

    from quiz.core.context import Corpus, SentenceInfo

REPORT_VERBS = {
    "say", "argue", "claim", "infer", "write", "note", "suggest", "believe", "contend", "assert", "warn",
    "insist", "conclude", "point", "indicate", "maintain", "predict", "speculate", "acknowledge", "add",
    "explain", "observe", "emphasize", "stress", "declare", "think", "report",
}
CAUSAL_MARKS = {"because"}
TRANSITIVE_CONSEQUENCES = {"mean", "signify", "entail", "trigger", "spark", "provoke", "undermine", "ensure"}
CLAUSE_CONSEQUENCES = {"ensure", "mean"}  # with a that-clause for their effect
REASONING_VERBS = {"follow", "take", "understand", "realize", "realise", "ignore", "forget", "overlook", "show",
                   "demonstrate", "mean", "suggest", "prove"}
CONSEQUENCE_VERBS = {"lead", "result", "cause", "contribute", "trigger", "spark", "prompt"}
ACCORDING = re.compile(r"^(according to|in the opinion of|as noted by|as pointed out by)$", re.I)


def _speaker(subj: Token, corpus: Corpus) -> tuple[str, str] | None:
    """Return (name, class) of a reporting verb's subject, if it is a named person or body."""
    ent = entity_at(subj)
    if ent is None:
        return None
    cls = corpus.entities.class_of(ent)
    if cls not in ("PERSON", "ORG"):
        return None
    return clean_answer(ent.text), cls


def _full_name(name: str, corpus: Corpus, sentence: SentenceInfo) -> str:
    """Prefer a person's full name as named in the same text ('Trenin' -> 'Dmitri Trenin', 'Cuzio' -> 'Taras Kuzio')."""
    from rapidfuzz.distance import Levenshtein

    if " " in name:
        return name
    fuzzy: str | None = None
    for other in corpus.by_document.get(sentence.document.id, []):
        for ent in other.ents:
            text = clean_answer(ent.text)
            if corpus.entities.class_of(ent) != "PERSON" or " " not in text or len(text.split()) > 3:
                continue
            surname = text.split()[-1]
            if surname == name:
                return text
            if fuzzy is None and Levenshtein.distance(surname.lower(), name.lower()) == 1 and len(name) > 4:
                fuzzy = text  # the same person misspelt once ("Cuzio" for "Kuzio")
    return fuzzy or name


PRONOUNS = {"he", "she", "they", "it", "we", "you", "him", "her", "them", "one"}


BODY_NOUNS = {"council", "bank", "commission", "office", "institute", "ministry", "agency", "court", "fund", "committee",
              "authority", "service", "board", "bureau", "assembly", "chamber", "inspectorate", "directorate",
              "tribunal", "academy", "centre", "center", "administration", "department"}


def _common_head(name: str) -> bool:
    """Whether a body's name is common English words ending in a body's kind ("Fiscal Council", "National Bank"), not
    a name of its own ("Deutsche Bank", "Law and Justice")."""
    from wordfreq import zipf_frequency

    words = name.split()
    return len(words) >= 2 and words[-1].lower() in BODY_NOUNS and all(
        zipf_frequency(w.lower(), "en") >= 4.0 for w in words[:-1])


def holder_of(subj: Token, sentence: SentenceInfo, corpus: Corpus) -> tuple[str, str] | None:
    """(name, class) of whoever a reporting verb's subject is: 'I' is the author (class AUTHOR), a pronoun
    resolved to a person or a named person or body is that name (a person in full, as the text names them),
    anything else None."""
    if subj.lower_ == "i":
        return "the author", "AUTHOR"
    if subj.i in sentence.resolutions:
        name = _full_name(sentence.resolutions[subj.i].removesuffix("’s"), corpus, sentence)
        return None if name.lower() in PRONOUNS else (name, "PERSON")
    found = _speaker(subj, corpus)
    if found is None:
        return None
    speaker, cls = found
    name = _full_name(speaker, corpus, sentence) if cls == "PERSON" else speaker
    if name.lower() in PRONOUNS:
        return None  # "According to he, how many houses remained?" (rounds 73-74): a pronoun is nobody named
    if cls != "PERSON" and not name.lower().startswith("the ") and (any(
            c.dep_ == "det" and c.lower_ == "the" for c in subj.children) or any(
            c.dep_ == "poss" and c.pos_ != "PRON" for c in subj.children) and _common_head(name)):
        name = "the " + name  # "The RAC … have argued": "According to the RAC" (round 119 had "According to RAC");
        # "The country's independent Fiscal Council has said": "According to the Fiscal Council" (round 164), but
        # "Russia's Gazprom" is Gazprom
    return name, cls


def _claim_text(comp: Token, sentence: SentenceInfo) -> str | None:
    """Render a reported clause as a claim: without 'that' or a leading 'but now,', pronouns resolved."""
    from quiz.core.realize import discourse_prefix

    appos: set[int] = set()
    for t in comp.subtree:
        if t.dep_ in ("appos", "relcl", "acl") and t.left_edge.i > 0 and t.doc[t.left_edge.i - 1].text == ",":
            # an aside set off by a comma, with the comma ("intakes of up to about 3 milligrams …", which the parser
            # called an appositive, had gone with "intakes": "Who concluded that raise no safety concerns …?", r129)
            appos |= subtree_ids(t) | {t.left_edge.i - 1}
    for c in comp.children:  # "argued that A, and that B": the first claim alone (a question about both is long)
        if c.dep_ == "conj" and any(m.dep_ == "mark" and m.lower_ == "that" for m in c.children):
            joiners = {t.i for t in comp.children if t.dep_ in ("cc", "punct") and c.left_edge.i - 3 < t.i < c.i}
            appos |= subtree_ids(c) | joiners  # with the ", and" before it
    tokens = [t for t in comp.subtree if not (t.dep_ == "mark" and t.head == comp and t.lower_ == "that") and t.i not in appos]
    drop = discourse_prefix([t for t in tokens if not t.is_punct or t.text not in "“\"‘"], comp)
    tokens = [t for t in tokens if t.i not in drop]
    quoted = any(t.text in ("“", '"') for t in tokens[:2])
    tokens = [t for t in tokens if t.text not in ("“", "”", '"', "‘", "’") or t.tag_ == "POS"]
    while tokens and tokens[0].is_punct:
        tokens = tokens[1:]
    while tokens and tokens[-1].is_punct:
        tokens = tokens[:-1]
    if not (4 <= len(tokens) <= 40):
        return None
    if has_unresolved_reference(tokens, allowed=set(sentence.resolutions)):
        return None
    text = render(tokens, subs=sentence.resolutions).strip(" ,")
    first = tokens[0]
    if quoted:
        return f"“{text}”"
    if not keeps_capital(first):
        text = text[:1].lower() + text[1:]
    return text


def _attributions(corpus: Corpus, sentence: SentenceInfo) -> Iterator[Candidate]:
    for verb in sentence.span:
        if verb.pos_ != "VERB" or verb.lemma_.lower() not in REPORT_VERBS:
            continue
        subj = next((c for c in verb.children if c.dep_ == "nsubj"), None)
        comp = next((c for c in verb.children if c.dep_ == "ccomp" and c.pos_ in ("VERB", "AUX")), None)
        if subj is None or comp is None or not asserted(verb, comp):
            continue
        if any(c.dep_ == "dobj" for c in verb.children):
            continue  # "The Porte declared war in October 1768 and, after …, Catherine gave command …": a verb with
            # an object of its own reports nothing ("Who declared that … Catherine gave command …?", round 187)
        claim = _claim_text(comp, sentence)
        if claim is None:
            continue
        past = verb.text.lower() if verb.tag_ in ("VBD", "VBZ") else inflect(verb_base(verb), "VBD")
        found = holder_of(subj, sentence, corpus)
        if found is None:
            continue
        speaker, cls = found
        base = dict(
            kind="argument",
            sentence=sentence,
            generator="argument",
            explanation=explanation_for(sentence),
            features={"attribution": 1.0, "centrality": sentence.centrality, "position": sentence.position,
                      "q_tokens": float(len(claim.split()) + 4)},
        )
        if cls != "AUTHOR":
            quote = claim if claim.startswith("“") else claim
            prompt = f"Who {past} that {quote}?"
            key = f"{sentence.document.id}:{sentence.index}:who-{speaker.lower()}"
            yield Candidate(type="mcq", prompt=prompt, answer=speaker, answer_class=cls, needs_distractors=3,
                            key=key, **copy_base(base))
            yield Candidate(type="short", prompt=prompt, answer=speaker, answer_class=cls, key=key,
                            accept=_surname(speaker), **copy_base(base))
        # what the speaker claims: questions inside the reported clause, attributed
        who = "the author" if cls == "AUTHOR" else _as_written(speaker, cls, subj)
        yield from _claim_questions(corpus, sentence, comp, who, base)


def _as_written(name: str, cls: str, subj: Token) -> str:
    """A name with the article the speaker is given: "the Kremlin", never "According to Kremlin, …" (round 101)."""
    if cls != "PERSON" and not name.lower().startswith("the ") and any(
            c.dep_ == "det" and c.lower_ == "the" for c in subj.children):
        return "the " + name
    return name


def _claim_questions(corpus: Corpus, sentence: SentenceInfo, comp: Token, who: str, base: dict) -> Iterator[Candidate]:
    subj = next((c for c in comp.children if c.dep_ in SUBJ), None)
    if subj is None:
        return
    clause = Clause(comp, subj, tuple(t for t in clause_tokens(comp) if not (t.dep_ == "mark" and t.head == comp)))
    for phrase in answer_phrases(clause, corpus):
        keep = subtree_ids(phrase.head) | ({phrase.head.head.i} if phrase.head.dep_ == "pobj" else set())
        q = make_question(clause, phrase.head, phrase.answer_class, extra_drop=simplification_drops(clause, keep),
                          resolutions=sentence.resolutions, wh_override=phrase.wh_override)
        if q is None or len(q.text.split()) > 28:
            continue
        prompt = f"According to {who}, " + q.text[0].lower() + q.text[1:]
        if phrase.text.lower() in prompt.lower():
            continue
        key = f"{sentence.document.id}:{sentence.index}:{phrase.text.lower()}"
        b = copy_base(base)
        b["features"]["claim_question"] = 1.0
        yield Candidate(type="mcq", prompt=prompt, answer=phrase.text, answer_class=phrase.answer_class,
                        needs_distractors=3, key=key, answer_span=phrase.span, **b)
        if len(phrase.text.split()) <= 4:
            yield Candidate(type="short", prompt=prompt, answer=phrase.text, answer_class=phrase.answer_class,
                            key=key, answer_span=phrase.span, **copy_base(b))


ATTRIBUTION_BEFORE = re.compile(
    r"(according to|in the opinion of|in the view of|as (?:pointed out|noted|argued|suggested|reported) by)\s+(?:[\w’'-]+\s+){0,4}$",
    re.I)


def _according_to(corpus: Corpus, sentence: SentenceInfo) -> Iterator[Candidate]:
    """'In the opinion of expert X, Armenia is inferior …' -> 'Who holds the view that Armenia is inferior …?'"""
    for ent in sentence.ents:
        cls = corpus.entities.class_of(ent)
        if cls not in ("PERSON", "ORG"):
            continue
        before = sentence.text[: ent.start_char - sentence.start]
        m = ATTRIBUTION_BEFORE.search(before)
        if not m or (ent.end < len(ent.doc) and ent.doc[ent.end].tag_ == "POS"):
            continue  # "according to Putin's press secretary" attributes to the secretary, not to Putin
        # the attribution phrase: from its first word to the end of the name's phrase
        phrase_start = sentence.start + m.start()
        phrase_tokens = {t.i for t in sentence.span if t.idx >= phrase_start and t.i <= ent.root.right_edge.i}
        verb = sentence.span.root
        if verb.pos_ not in ("VERB", "AUX"):
            continue
        according = next((t for t in sentence.span if t.i in phrase_tokens and t.dep_ == "prep"), None)
        if according is not None and according.i > verb.i and any(
                c.dep_ == "conj" and c.pos_ in ("VERB", "AUX") and c.i < according.i and any(
                    k.dep_ in ("nsubj", "nsubjpass") for k in c.children) for c in verb.children):
            # (a second clause with a subject of its own: "Kazatomprom cut 500 jobs and closed two mines, according
            # to Reuters" is one claim of Reuters's)
            continue  # "Worn-out cells … reduced production in the 1990s, and last year the plant produced 110,000
            # tonnes, according to figures from the Statistics Agency": the source is the last clause's, not the
            # first's ("Whose view is it that worn-out cells … reduced production …?", round 186)
        tokens = [t for t in clause_tokens(verb) if t.i not in phrase_tokens]
        while tokens and tokens[0].is_punct:
            tokens = tokens[1:]
        if has_unresolved_reference(tokens, allowed=set(sentence.resolutions)) or not (5 <= len(tokens) <= 32):
            continue
        claim = render(tokens, subs=sentence.resolutions).rstrip(" ,.")
        if tokens[0].pos_ != "PROPN" and not tokens[0].ent_type_ and not tokens[0].text.isupper():
            claim = claim[:1].lower() + claim[1:]
        speaker = clean_answer(ent.text)
        if cls == "PERSON":
            speaker = _full_name(speaker, corpus, sentence)
        prompt = f"Who holds the view that {claim}?" if cls == "PERSON" else f"Whose view is it that {claim}?"
        key = f"{sentence.document.id}:{sentence.index}:who-{speaker.lower()}"
        feats = {"attribution": 1.0, "according": 1.0, "centrality": sentence.centrality,
                 "position": sentence.position, "q_tokens": float(len(prompt.split()))}
        yield Candidate(type="mcq", prompt=prompt, answer=speaker, answer_class=cls, needs_distractors=3,
                        kind="argument", sentence=sentence, generator="argument", key=key,
                        explanation=explanation_for(sentence), features=dict(feats))
        yield Candidate(type="short", prompt=prompt, answer=speaker, answer_class=cls, accept=_surname(speaker),
                        kind="argument", sentence=sentence, generator="argument", key=key,
                        explanation=explanation_for(sentence), features=dict(feats))


def _reasons(corpus: Corpus, sentence: SentenceInfo) -> Iterator[Candidate]:
    """'Moscow chose not to intervene … because there was no threat …' -> 'Why did Moscow choose …?'"""
    for adv in sentence.span:
        if adv.dep_ != "advcl":
            continue
        mark = next((c for c in adv.children if c.dep_ == "mark"), None)
        if mark is None or mark.lower_ not in CAUSAL_MARKS:
            continue
        verb = adv.head
        if verb.dep_ == "xcomp" and verb.head == sentence.span.root:
            verb = verb.head  # "Moscow chose not to intervene … because …": ask about the choice
        if verb.pos_ not in ("VERB", "AUX"):
            continue
        if verb != sentence.span.root and not (verb.dep_ in ("ccomp", "conj") and verb.head == sentence.span.root
                                               and verb.head.lemma_.lower() not in REPORT_VERBS):
            continue
        subj = next((c for c in verb.children if c.dep_ in SUBJ), None)
        if subj is None or subj.dep_ == "expl":
            continue
        reason_ids = subtree_ids(adv)
        reason_tokens = [t for t in adv.subtree if t.i != mark.i]
        for n, t in enumerate(reason_tokens):
            if t.text in (":", ";", "—", "–") and n > 2:
                reason_tokens = reason_tokens[:n]  # what follows a colon elaborates; the reason ends here
                break
        while reason_tokens and reason_tokens[-1].is_punct:
            reason_tokens.pop()
        # a pronoun in the reason may point back at the question's own subject ("… because they are …")
        subject_refs = {t.i for t in reason_tokens if t.lower_ in ("they", "it", "he", "she", "its", "their", "his", "her")}
        if not (3 <= len(reason_tokens) <= 30) or has_unresolved_reference(reason_tokens, allowed=set(sentence.resolutions) | subject_refs):
            continue
        reason = "Because " + render(reason_tokens, subs=sentence.resolutions).rstrip(" ,.:")
        clause_toks = [t for t in clause_tokens(verb) if t.i not in reason_ids]
        # a comma left dangling where the reason clause was
        clause = Clause(verb, subj, tuple(clause_toks))
        drop = simplification_drops(clause) | {t.i for t in clause_toks if t.text == "," and t.i + 1 in reason_ids}
        drop |= _asides(verb, reason_ids)
        kept = [t for t in clause_toks if t.i not in drop]
        if has_unresolved_reference(kept, allowed=set(sentence.resolutions)) or len(kept) > 28:
            continue
        question = _why(clause, drop, sentence)
        if question is None:
            continue
        key = f"{sentence.document.id}:{sentence.index}:why"
        yield Candidate(type="mcq", kind="argument", prompt=question, answer=reason, answer_class="REASON",
                        needs_distractors=3, sentence=sentence, generator="argument", key=key,
                        explanation=explanation_for(sentence),
                        features={"why": 1.0, "centrality": sentence.centrality, "position": sentence.position,
                                  "q_tokens": float(len(question.split()))})


def _asides(verb, reason_ids: set[int]) -> set[int]:
    """What a why-question leaves out: a purpose clause (', to keep the mouth open': part of the reason) and a
    phrase set off by commas after the object (', after the Crimean War,')."""
    doc = verb.doc
    out: set[int] = set()
    for c in verb.children:
        ids = subtree_ids(c)
        if ids & reason_ids or c.i < verb.i:
            continue
        before = doc[c.left_edge.i - 1] if c.left_edge.i > 0 else None
        if before is None or before.text != ",":
            continue
        purpose = c.dep_ in ("advcl", "xcomp") and any(a.dep_ == "aux" and a.lower_ == "to" for a in c.children)
        if purpose or c.dep_ == "prep":
            out |= ids | {before.i}
            after = doc[c.right_edge.i + 1] if c.right_edge.i + 1 < len(doc) else None
            if after is not None and after.text == "," and not purpose:
                out.add(after.i)
    return out


def _why(clause: Clause, drop: set[int], sentence: SentenceInfo) -> str | None:
    from quiz.core.realize import discourse_prefix, lower_first

    verb, subj = clause.verb, clause.subject
    tokens = [t for t in clause.tokens if t.i not in drop]
    drop2 = discourse_prefix(tokens, verb)
    tokens = [t for t in tokens if t.i not in drop2]
    subj_ids = subtree_ids(subj)
    fronted = [t for t in tokens if t.i < subj.left_edge.i and not t.is_punct]
    if len(fronted) > 5 or any(t.dep_ in ("ccomp", "nsubj", "mark") for t in fronted):
        return None
    tail = ""
    if fronted:  # "Today, X has risen" -> "Why has X risen today?"
        tail = render(fronted, subs=sentence.resolutions)
        if fronted[0].pos_ != "PROPN" and not fronted[0].ent_type_:
            tail = tail[:1].lower() + tail[1:]
    subject = [t for t in tokens if t.i in subj_ids]
    # after the subject as kept: a dropped aside inside it (", which is why …") may reach past the verb
    body = [t for t in tokens if t.i not in subj_ids and t.i > max((s.i for s in subject), default=subj.i)]
    subs = dict(sentence.resolutions)
    auxes = [a for a in clause.auxes if a.i not in drop]
    subj_text = lower_first(subject, render(subject, subs=subs))
    if auxes:
        aux = auxes[0].text.lower()
        body = [t for t in body if t.i != auxes[0].i]
    elif clause.is_copula:
        aux = verb.text.lower()
        body = [t for t in body if t.i != verb.i]
    else:
        aux, base = do_support(verb)
        subs[verb.i] = base
        subs.update(joined_bases(verb))
    text = f"Why {aux} {subj_text} {render(body, subs=subs)}".strip().rstrip(",.;:")
    if tail:
        text += " " + tail
    return sentence_case(text) + "?"


def _disagreements(corpus: Corpus, sentence: SentenceInfo) -> Iterator[Candidate]:
    """'I disagree' after a named view, or 'contrary to X's argument' -> whose view does the author dispute?"""
    text = sentence.text
    person: str | None = None
    if re.search(r"\bI (?:disagree|do not agree|don't agree)\b", text):
        infos = corpus.by_document.get(sentence.document.id, [])
        idx = infos.index(sentence) if sentence in infos else -1
        window = [sentence] + list(reversed(infos[max(0, idx - 2): idx]))
        # whose view it is: the person who argues, claims or says something just before, never a place in passing
        voices = [e for s in window for e in s.ents if corpus.entities.class_of(e) == "PERSON"
                  and e.root.dep_ == "nsubj" and e.root.head.lemma_.lower() in REPORT_VERBS]
        persons = voices or [e for e in sentence.ents if corpus.entities.class_of(e) == "PERSON"]
        if not persons:
            for prev in window[1:]:
                persons = [e for e in prev.ents if corpus.entities.class_of(e) == "PERSON"]
                if persons:
                    break
        if persons:
            person = clean_answer((persons[0] if voices else persons[-1]).text)
    m = re.search(r"\bcontrary to (\w[\w\- ]*?)[’']s (?:argument|view|claim|thesis)", text)
    if m:
        person = m.group(1)
    if not person:
        return
    person = _full_name(person, corpus, sentence)
    title = sentence.document.title or "this text"
    prompt = f"In “{title}”, whose argument does the author dispute?"
    key = f"{sentence.document.id}:dispute:{person.lower()}"
    feats = {"dispute": 1.0, "centrality": sentence.centrality, "position": sentence.position,
             "q_tokens": float(len(prompt.split()))}
    yield Candidate(type="mcq", kind="argument", prompt=prompt, answer=person, answer_class="PERSON",
                    needs_distractors=3, sentence=sentence, generator="argument", key=key,
                    explanation=explanation_for(sentence), features=dict(feats))
    # typed, for a text that names too few other people to make options from
    yield Candidate(type="short", kind="argument", prompt=prompt, answer=person, answer_class="PERSON",
                    accept=_surname(person), sentence=sentence, generator="argument", key=key,
                    explanation=explanation_for(sentence), features=dict(feats))


def _pseudo_clefts(corpus: Corpus, sentence: SentenceInfo) -> Iterator[Candidate]:
    """'What tipped the balance … may have been Putin's animosity …' -> 'According to the author, what may have tipped …?'"""
    root = sentence.span.root
    if root.lemma_ != "be":
        return
    csubj = next((c for c in root.children if c.dep_ == "csubj"), None)
    attr = next((c for c in root.children if c.dep_ in ("attr", "acomp") and c.i > root.i), None)
    if csubj is None or attr is None or csubj.left_edge.lower_ != "what":
        return
    auxes = [c for c in root.children if c.dep_ in ("aux",) and c.i < root.i]
    clause = [t for t in csubj.subtree]
    if has_unresolved_reference(clause[1:], allowed=set(sentence.resolutions)) or len(clause) > 26:
        return
    subs = dict(sentence.resolutions)
    if auxes and csubj.tag_ == "VBD":
        subs[csubj.i] = inflect(verb_base(csubj), "VBN")
    aux_text = " ".join(a.text for a in auxes) + (" have" if auxes and root.tag_ == "VB" and False else "")
    body = render(clause[1:], subs=subs)
    if auxes and not any(a.lower_ == "have" for a in auxes) and root.tag_ == "VBN":
        aux_text += " have"
    question = f"what {aux_text} {body}".replace("  ", " ").strip() if auxes else f"what {body}"
    answer_tokens = list(attr.subtree)
    while answer_tokens and answer_tokens[-1].is_punct:
        answer_tokens.pop()
    answer = render(answer_tokens, subs=sentence.resolutions)
    if not (2 <= len(answer.split()) <= 16):
        return
    who = "the author"
    prompt = f"According to {who}, {question}?"
    yield Candidate(type="mcq", kind="argument", prompt=prompt, answer=answer, answer_class="CLAIM",
                    needs_distractors=3, sentence=sentence, generator="argument",
                    key=f"{sentence.document.id}:{sentence.index}:cleft", explanation=explanation_for(sentence),
                    features={"cleft": 1.0, "attributed": 1.0, "centrality": sentence.centrality,
                              "position": sentence.position, "q_tokens": float(len(prompt.split()))})


def _consequences(corpus: Corpus, sentence: SentenceInfo) -> Iterator[Candidate]:
    """'X led to Y' -> 'What did X lead to?' (answer Y) and 'What led to Y?' (answer X)."""
    for verb in sentence.span:
        transitive = verb.lemma_ in TRANSITIVE_CONSEQUENCES
        if verb.pos_ != "VERB" or not (verb.lemma_ in CONSEQUENCE_VERBS or transitive):
            continue
        root = sentence.span.root
        authors_reasoning = verb.dep_ == "ccomp" and verb.head == root and (
            root.lemma_.lower() in REASONING_VERBS or any(c.dep_ in ("expl",) or c.lower_ == "it" for c in root.children
                                                         if c.dep_ in ("nsubj", "expl")))
        if not (verb == root or (verb.dep_ == "conj" and verb.head == root) or authors_reasoning):
            continue  # inside someone's belief or a condition: not the text's own claim
        if any(c.dep_ == "neg" for c in verb.children):
            continue
        subj = next((c for c in verb.children if c.dep_ == "nsubj"), None)
        if subj is None and verb.dep_ == "conj":  # "The war damaged … and resulted in …": the subject is shared
            subj = next((c for c in verb.head.children if c.dep_ == "nsubj"), None)
        if transitive:
            prep = None
            pobj = next((c for c in verb.children if c.dep_ == "dobj"), None)
            if pobj is None and verb.lemma_ in CLAUSE_CONSEQUENCES:  # "ensured that Turkey would not curtail …"
                pobj = next((c for c in verb.children if c.dep_ == "ccomp" and any(
                    m.dep_ == "mark" and m.lower_ == "that" for m in c.children)), None)
        else:
            prep = next((c for c in verb.children if c.dep_ == "prep" and c.lower_ in ("to", "in")), None)
            pobj = next((c for c in prep.children if c.dep_ in ("pobj", "pcomp")), None) if prep is not None else None
        if subj is None or pobj is None or subj.lower_ in PRONOUN_SUBJECTS:
            continue
        nonrestrictive = set()
        for t in list(subj.subtree) + list(pobj.subtree):
            if t.dep_ in ("relcl", "acl", "appos") and t.left_edge.i > 0 and t.doc[t.left_edge.i - 1].text == ",":
                nonrestrictive |= subtree_ids(t) | {t.left_edge.i - 1}
                if t.right_edge.i + 1 < len(t.doc) and t.doc[t.right_edge.i + 1].text == ",":
                    nonrestrictive.add(t.right_edge.i + 1)
        cause = [t for t in subj.subtree if t.i not in nonrestrictive]
        # "the decision not to intervene early also ensured": the parser hangs "early" on the main verb
        cause += [c for c in verb.children if c.dep_ == "advmod" and c.i == subj.right_edge.i + 1 and c.i < verb.i
                  and c.lower_ not in ("also", "thus", "therefore", "then", "still", "further", "in", "turn")]
        effect = [t for t in pobj.subtree if t.i not in nonrestrictive and not (t.dep_ == "mark" and t.head == pobj)]
        for n, t in enumerate(effect):  # ", namely, …" / ", such as …" elaborate; the effect ends before them
            if t.text in (",", ";", ":", "—") and n + 1 < len(effect) and effect[n + 1].lower_ in ("namely", "such", "including", "especially", "notably"):
                effect = effect[:n]
                break
        while effect and effect[-1].is_punct:
            effect.pop()
        if not (2 <= len(cause) <= 26 and 2 <= len(effect) <= 26):
            continue
        from quiz.core.questions import _bound_possessives

        allowed = set(sentence.resolutions) | _bound_possessives(cause) | _bound_possessives(effect)
        if has_unresolved_reference(cause, allowed=allowed) or has_unresolved_reference(effect, allowed=allowed):
            continue
        cause_text = render(cause, subs=sentence.resolutions)
        effect_text = render(effect, subs=sentence.resolutions)
        if cause[0].pos_ not in ("PROPN",) and not cause[0].ent_type_:
            cause_text = cause_text[:1].lower() + cause_text[1:]
        aux = [a for a in verb.children if a.dep_ == "aux" and a.i < verb.i]
        base = verb_base(verb)
        lemma_prep = prep.lower_ if prep is not None else ""
        if aux:
            q1 = f"What {aux[0].text.lower()} {cause_text} {' '.join(a.text for a in aux[1:])} {verb.text} {lemma_prep}?"
        else:
            do, _ = do_support(verb)
            q1 = f"What did {cause_text} {base} {lemma_prep}?" if do == "did" else f"What {do} {cause_text} {base} {lemma_prep}?"
        from quiz.core.generators.common import is_hedged

        source = "the author" if is_hedged(sentence.span) or authors_reasoning or sentence.opinion_piece else "the text"
        q1 = f"According to {source}, " + q1[0].lower() + q1[1:]
        q1 = " ".join(q1.split()).replace(" ?", "?")
        feats = {"consequence": 1.0, "centrality": sentence.centrality, "position": sentence.position}
        yield Candidate(type="mcq", kind="argument", prompt=q1, answer=_cap(effect_text), answer_class="CLAIM",
                        needs_distractors=3, sentence=sentence, generator="argument",
                        key=f"{sentence.document.id}:{sentence.index}:cause-effect", explanation=explanation_for(sentence),
                        features=dict(feats, q_tokens=float(len(q1.split()))))
        if transitive:
            continue  # "What would mean the establishment of …?" is no question
        tense = verb.text if not aux else " ".join(a.text for a in aux) + " " + verb.text
        q2 = f"According to {source}, what {tense} {lemma_prep} {effect_text}?"
        yield Candidate(type="mcq", kind="argument", prompt=q2, answer=_cap(cause_text), answer_class="CLAIM",
                        needs_distractors=3, sentence=sentence, generator="argument",
                        key=f"{sentence.document.id}:{sentence.index}:cause-effect", explanation=explanation_for(sentence),
                        features=dict(feats, q_tokens=float(len(q2.split()))))


def _reason_copulas(corpus: Corpus, sentence: SentenceInfo) -> Iterator[Candidate]:
    """'Another reason why Putin cannot back away …, as pointed out by X, is the similarity …' -> 'Why can Putin not …?'"""
    root = sentence.span.root
    if root.lemma_ != "be":
        return
    subj = next((c for c in root.children if c.dep_ == "nsubj"), None)
    attr = next((c for c in root.children if c.dep_ in ("attr", "ccomp")), None)
    if subj is None or attr is None or subj.lemma_.lower() != "reason":
        return
    why_verb = next((c for c in subj.children if c.dep_ in ("relcl", "acl") and any(
        w.lower_ == "why" and w.head == c for w in c.children)), None)
    if why_verb is None or not any(c.dep_ in SUBJ for c in why_verb.children):  # a clause (the tagger may call "back" an adverb)
        return
    inner_subj = next((c for c in why_verb.children if c.dep_ in SUBJ), None)
    if inner_subj is None:
        return
    who = "the author" if sentence.opinion_piece else "the text"
    source_clause = next((c for c in subj.children if c.dep_ in ("relcl", "advcl", "acl") and c is not why_verb
                          and any(a.dep_ == "agent" for a in c.children)), None)
    drop: set[int] = set()
    if source_clause is not None:  # "as pointed out by political commentator Aleksandr Zhelenin": whose reason it is
        agent = next(a for a in source_clause.children if a.dep_ == "agent")
        pobj = next((c for c in agent.children if c.dep_ == "pobj"), None)
        ent = entity_at(pobj) if pobj is not None else None
        if ent is not None and corpus.entities.class_of(ent) == "PERSON":
            who = _full_name(clean_answer(ent.text), corpus, sentence)
        drop |= subtree_ids(source_clause)
    tokens = tuple(t for t in why_verb.subtree if t.lower_ != "why" and t.i not in drop)
    while tokens and tokens[-1].is_punct:
        tokens = tokens[:-1]
    if has_unresolved_reference(list(tokens), allowed=set(sentence.resolutions)):
        return
    question = _why(Clause(why_verb, inner_subj, tokens), set(), sentence)
    if question is None:
        return
    clausal = attr.dep_ == "ccomp"  # "… was that it feared a confrontation": a clause, not a noun phrase
    reason_tokens = [t for t in attr.subtree if not (clausal and t.dep_ == "mark" and t.head == attr)]
    while reason_tokens and reason_tokens[-1].is_punct:
        reason_tokens.pop()
    if not (2 <= len(reason_tokens) <= 25) or has_unresolved_reference(reason_tokens, allowed=set(sentence.resolutions)):
        return
    reason = render(reason_tokens, subs=sentence.resolutions)
    lead = "Because " if clausal else "Because of "
    reason = lead + (reason if reason_tokens[0].pos_ == "PROPN" else reason[:1].lower() + reason[1:])
    prompt = f"According to {who}, " + question[0].lower() + question[1:]
    yield Candidate(type="mcq", kind="argument", prompt=prompt, answer=reason, answer_class="REASON",
                    needs_distractors=3, sentence=sentence, generator="argument",
                    key=f"{sentence.document.id}:{sentence.index}:why", explanation=explanation_for(sentence),
                    features={"why": 1.0, "attributed": 1.0, "centrality": sentence.centrality,
                              "position": sentence.position, "q_tokens": float(len(prompt.split()))})


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


PRONOUN_SUBJECTS = {"it", "this", "that", "they", "he", "she", "which", "what", "these", "those"}


@register("argument")
def generate_argument(corpus: Corpus) -> Iterator[Candidate]:
    """Yield attribution, claim, reason, consequence and disagreement items."""
    for sentence in corpus.sentences:
        yield from _pseudo_clefts(corpus, sentence)
        yield from _consequences(corpus, sentence)
        yield from _attributions(corpus, sentence)
        yield from _according_to(corpus, sentence)
        yield from _reasons(corpus, sentence)
        yield from _reason_copulas(corpus, sentence)
        yield from _disagreements(corpus, sentence)


def _surname(name: str) -> tuple[str, ...]:
    parts = name.split()
    return (parts[-1],) if len(parts) > 1 else ()
