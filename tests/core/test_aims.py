"""What actors sought, chose or failed to do: questions about intentions, with options the text rules out."""
from __future__ import annotations

import random

import pytest

from quiz.core.context import build_corpus
from quiz.core.distractors import Pools, make_distractors
from quiz.core.generators import run_generators
from quiz.core.generators.aims import corpus_aims
from quiz.core.items import Document, document_id
from quiz.core.nlp import Analysed


def corpus_of(nlp, text: str, title: str = "T"):
    doc = Document(document_id(text), title, "t.txt", "0" * 64, text, len(text.split()))
    return build_corpus([Analysed(doc, nlp(text))])


def aims_questions(nlp, text: str) -> dict[str, str]:
    return {c.prompt: c.answer for c in run_generators(corpus_of(nlp, text), ["aims"])}


@pytest.mark.parametrize("text,question,answer", [
    # an auxiliary moves, the fronted time phrase goes to the end
    ("Since 2002, Moscow has sought to maintain ties with Central Asia through the Collective Security Treaty "
     "Organization.", "What has Moscow sought to do since 2002?",
     "Maintain ties with Central Asia through the Collective Security Treaty Organization"),
    # do-support for a simple past; the aside after the infinitive is left out of the answer
    ("In 2020, Ankara decided to send drones to Baku, a decision that surprised many.",
     "What did Ankara decide to do in 2020?", "Send drones to Baku"),
    # a copula whose subject names an aim: the owner's interest is asked, the answer keeps its "to"
    ("One of Russia's traditional interests has been to keep its neighbours anchored to itself while preventing the "
     "arrival of other powers.", "What has been one of Russia's traditional interests?",
     "To keep its neighbours anchored to itself"),
    # a purpose clause inside the aim is part of it
    ("After the war, Turkey tried to expand its influence in the South Caucasus to weaken Russia.",
     "What did Turkey try to do after the war?", "Expand its influence in the South Caucasus to weaken Russia"),
])
def test_aim_questions(nlp, text, question, answer):
    assert aims_questions(nlp, text)[question] == answer


@pytest.mark.parametrize("text", [
    "Moscow chose not to intervene in the revolution in Kyrgyzstan.",  # every other actor's aim is also not done
    "Moscow failed to prevent another escalation of the conflict.",  # a failure is no aim to ask about
    "“We will leave,” he said, and Pashinyan threatened to leave the Collective Security Treaty Organization.",
    "They tried to replace both leaders with more controllable figures.",  # who?
    "Russia needs to continue fostering such alliances in its neighbourhood.",  # which alliances?
    "Some experts suggest that Moscow wants to replace both leaders with more controllable figures.",  # whose view?
    "The Kremlin chose to rely on weakened leaders.",  # in what situation? (raters of round 20)
])
def test_aims_not_asked(nlp, text):
    assert aims_questions(nlp, text) == {}


TEXT = ("Since 2002, Moscow has sought to maintain ties with Central Asia through the Collective Security Treaty "
        "Organization. Georgia has long sought to join the European Union and the Council of Europe. In 2020 Moscow chose not to "
        "intervene in the war in Karabakh. Ankara has long wanted to become the leading power in the South Caucasus. "
        "Armenia has wanted to buy modern weapons from France and India. Baku decided to launch a new offensive in "
        "September. The Kremlin wanted to keep Armenia inside the Eurasian Economic Union.")


def test_aim_options_are_lasting_aims_of_other_actors_never_the_same_actors(nlp):
    corpus = corpus_of(nlp, TEXT)
    aims = {a.text: a for a in corpus_aims(corpus)}
    assert aims["intervene in the war in Karabakh"].negative and aims["intervene in the war in Karabakh"].actor == "russia"
    assert aims["keep Armenia inside the Eurasian Economic Union"].actor == "russia"  # the Kremlin is Moscow's
    assert aims["maintain ties with Central Asia through the Collective Security Treaty Organization"].goal
    assert not aims["launch a new offensive in September"].goal  # one decision, not a lasting aim
    candidates = run_generators(corpus, ["aims"])
    cand = next(c for c in candidates if c.prompt == "What has Moscow sought to do since 2002?")
    options = make_distractors(cand, Pools(corpus, candidates), random.Random(0), n=3)
    assert options is not None
    # what other actors wanted for good: Ankara's and Armenia's aims; never another aim of Moscow's under another
    # name (a second right answer), nor a one-off decision (Baku's offensive) among lasting aims
    assert "Keep Armenia inside the Eurasian Economic Union" not in options
    assert "Launch a new offensive in September" not in options
    assert "Intervene in the war in Karabakh" not in options  # what Moscow chose not to do once: an act
    assert set(options) == {"Become the leading power in the South Caucasus",
                            "Buy modern weapons from France and India", "Join the European Union and the Council of Europe"}


def test_aim_options_for_a_decision_are_decisions(nlp):
    text = ("In 2020, Baku decided to launch a new offensive in Karabakh. In 2014 Moscow chose not to annex the "
            "east of Ukraine. Yerevan agreed to hold talks with Baku in Brussels. Tbilisi refused to join the "
            "sanctions against Moscow. Georgia has long sought to join the European Union and the Council of Europe. "
            "Ankara has long wanted to become the leading power in the South Caucasus.")
    corpus = corpus_of(nlp, text)
    candidates = run_generators(corpus, ["aims"])
    cand = next(c for c in candidates if c.prompt == "What did Baku decide to do in 2020?")
    assert cand.features["aim_goal"] == 0.0
    options = make_distractors(cand, Pools(corpus, candidates), random.Random(0), n=3)
    assert options is not None
    # decisions and refusals of other actors, never what Georgia or Ankara wanted for good
    assert set(options) == {"Annex the east of Ukraine", "Hold talks with Baku in Brussels",
                            "Join the sanctions against Moscow"}


def test_aim_without_enough_options_is_not_made(nlp):
    corpus = corpus_of(nlp, "In October, Ankara decided to send drones to Baku.")
    candidates = run_generators(corpus, ["aims"])
    assert candidates  # the question itself is fine
    assert make_distractors(candidates[0], Pools(corpus, candidates), random.Random(0), n=3) is None
