"""Items about whole texts: each text's main argument, and where texts agree or disagree."""
from __future__ import annotations

from quiz.core.context import build_corpus
from quiz.core.generators import run_generators
from quiz.core.items import Document, document_id
from quiz.core.nlp import Analysed

ESSAY = """\
The long drought of 2018 changed how farmers in the valley grow wheat, and it reshaped the regional grain market.
In 2018, rainfall in the valley fell to 210 millimetres, the lowest figure since records began in 1901.
The regional cooperative lost 40 percent of its harvest that summer.
Prices for bread in the market town rose by 12 percent between June and September.
Many farmers borrowed money from the cooperative to buy seed for the next season.
In 2019, the cooperative opened a seed bank with 300 varieties of drought-tolerant wheat.
The seed bank was funded by a grant of 2 million euros from the provincial government.
Agronomists from the university trained 450 farmers in new irrigation methods in 2020.
Drip irrigation now covers 35 percent of the valley's fields, up from 5 percent in 2017.
The new varieties ripen two weeks earlier than the old ones.
Yields in 2022 were 8 percent higher than before the drought, despite lower rainfall.
Younger farmers have been quicker to adopt the new methods than older ones.
Altogether, the drought forced a lasting shift towards water-saving farming that has made the valley's agriculture more resilient.
"""


def corpus_of(nlp, texts: dict[str, str]):
    analysed = []
    for title, text in texts.items():
        doc = Document(document_id(text), title, f"{title[:8]}.txt", "0" * 64, text, len(text.split()))
        analysed.append(Analysed(doc, nlp(text)))
    return build_corpus(analysed)


def test_whole_text_thesis_item_asks_for_the_main_argument_against_the_texts_own_details(nlp):
    corpus = corpus_of(nlp, {"Drought and the valley": ESSAY})
    items = [c for c in run_generators(corpus, ["thesis"])]
    assert len(items) == 1
    item = items[0]
    assert item.prompt == "Which statement best sums up the main point of “Drought and the valley”?"
    assert item.answer == ("The drought forced a lasting shift towards water-saving farming that has made the valley's "
                           "agriculture more resilient.")  # 'Altogether,' dropped: the statement stands alone
    assert item.answer in item.choices and len(set(item.choices)) == 4
    details = [c for c in item.choices if c != item.answer]
    assert all(d.rstrip(".") in ESSAY.replace("\n", " ") or any(ch.isdigit() for ch in d) for d in details)
    assert item.kind == "argument" and item.type == "mcq"


def test_whole_text_no_thesis_item_for_a_short_text_or_one_without_a_clear_point(nlp):
    short = "Rainfall fell in 2018. The cooperative lost 40 percent of its harvest. Prices rose by 12 percent."
    assert not list(run_generators(corpus_of(nlp, {"Short": short}), ["thesis"]))
    listing = "\n".join(f"In {1990 + k}, the cooperative bought {10 + k} tractors for the farmers." for k in range(14))
    assert not list(run_generators(corpus_of(nlp, {"Tractors": listing}), ["thesis"]))


def test_whole_text_thesis_options_include_the_view_the_author_disputes(nlp):
    text = ("Maria Olsen, an economist at the institute, recently published her view of the valley's farms. "
            "Olsen argues that small farms in the valley will disappear within a decade. I disagree and here is why. "
            + ESSAY)
    corpus = corpus_of(nlp, {"Drought and the valley": text})
    (item,) = run_generators(corpus, ["thesis"])
    assert "Small farms in the valley will disappear within a decade." in item.choices
    assert item.answer != "Small farms in the valley will disappear within a decade."


STANCE_TEXTS = {
    "Waning": ("Moscow's dwindling influence in the Caucasus worries its allies. The war exposed the limits of its army. "
               "Armenia no longer trusts the alliance. Observers in Yerevan were surprised."),
    "Decline": ("The war's outcome undermined Russia's influence in the region. Turkey's prestige skyrocketed. "
                "Azerbaijan won the war in six weeks. Baku celebrated the victory."),
    "Revival": ("Russia's influence in the Caucasus has grown since the ceasefire. Its peacekeepers now patrol the corridor. "
                "Moscow brokered the truce. Its diplomats met both sides."),
    "Reported": ("Experts said that Russia's influence is growing. The ceasefire held for a week. "
                 "The corridor reopened in December. Trade resumed slowly."),
}


def test_whole_text_stance_items_say_where_texts_agree_and_disagree(nlp):
    corpus = corpus_of(nlp, STANCE_TEXTS)
    items = {c.prompt: c.answer for c in run_generators(corpus, ["stance"])}
    both = [p for p in items if p.startswith("Both ") and "Russia’s influence is waning" in p]
    assert both and all(items[p] == "True" for p in both)
    assert all("“Waning”" in p and "“Decline”" in p for p in both)
    reversed_ = [p for p in items if p.endswith("argues that Russia’s influence is growing.") and "“Revival”" not in p]
    assert reversed_ and all(items[p] == "False" for p in reversed_)
    disagree = [p for p in items if "agree on whether Russia’s influence is growing" in p]
    assert disagree and all(items[p] == "False" and "“Revival”" in p for p in disagree)
    # a reported view is not the text's own claim: "Reported" is never said to argue anything
    assert not any("“Reported”" in p for p in items)


def test_whole_text_stances_of_leaders_states_and_further_texts(nlp):
    # "Putin's power … could be more precarious than ever": a leader stands for his country, a state for a change;
    # "waning influence" with no owner belongs to the clause's subject ("Russia's relationship …"); a third text
    # on the same side gets an item of its own; a title that says the change itself gets none
    texts = dict(STANCE_TEXTS)
    texts["Precarious"] = ("When Russian President Vladimir Putin attacked Ukraine, he expected a quick victory. "
                           "Instead, Putin's power over the region could be more precarious than ever. "
                           "The army lost ground near Kharkiv. Officials in Astana kept silent.")
    texts["Uncertain"] = ("In addition to waning influence over its neighbours, Russia's relationship with China is "
                          "uncertain. Beijing signed new gas deals. Kazakhstan sold more grain. Trade grew.")
    texts["Russia's influence weakens in the Caucasus"] = (
        "Moscow's dwindling influence worries its allies. The war exposed the limits of its army. "
        "Armenia no longer trusts the alliance. Observers in Yerevan were surprised.")
    from quiz.core.generators.stance import stances

    corpus = corpus_of(nlp, texts)
    titles = {a.document.id: a.document.title for a in corpus.analysed}
    found = {titles[d]: set(per) for d, per in stances(corpus).items()}
    assert ("Russia", "down") in found["Precarious"]
    assert ("Russia", "down") in found["Uncertain"]
    items = {c.prompt: c.answer for c in run_generators(corpus, ["stance"])}
    assert any(p.startswith("“Precarious” argues") or p.startswith("“Uncertain” argues") for p in items)
    own = [p for p in items if p.startswith(("“Precarious” argues", "“Uncertain” argues"))]
    assert all(items[p] == ("True" if p.endswith("is waning.") else "False") for p in own)
    assert not any("weakens in the Caucasus" in p for p in items)  # its title already says so


def test_whole_text_no_stance_items_from_fewer_than_three_texts(nlp):
    corpus = corpus_of(nlp, {k: STANCE_TEXTS[k] for k in ("Waning", "Decline")})
    assert not list(run_generators(corpus, ["stance"]))


def test_whole_text_why_item_gets_options_from_the_same_texts_long_sentences(nlp):
    from quiz.core.distractors import Pools, make_distractors
    import random

    text = ("In contrast, Moscow chose not to intervene in yet another revolution in Kyrgyzstan, the same as with the "
            "previous two revolutions in the country, because there was no threat to the aforementioned Russian vital "
            "interest: the winner of the latest Kyrgyz revolution is as pro-Russian as his predecessor. "
            "Obviously, Russia's desire to maintain a constructive relationship with Turkey, which can act as a spoiler "
            "for Russia in Syria and elsewhere, may have played a role in the decision not to intervene in the war. "
            "After all, Russia can live with Idlib out of Assad's control, and Russia's exports of gas to Turkey fell by "
            "almost 70% earlier this year, with one of the two pipelines left idle for months. "
            "Pashinyan repeatedly ignored Putin's clear signals to discontinue attempts to jail Kocharyan. "
            "The public discontent in Armenia over the ceasefire deal may eventually force Pashinyan out of power.")
    corpus = corpus_of(nlp, {"Calculus": text})
    cands = run_generators(corpus, ["argument"])
    why = next(c for c in cands if c.prompt.startswith("Why did Moscow choose not to intervene"))
    assert why.answer == "Because there was no threat to the Russian vital interest"  # 'aforementioned' says nothing
    options = make_distractors(why, Pools(corpus, cands), random.Random(0), n=3)
    assert options is not None and len(set(options)) == 3
    assert all(o.startswith("Because ") and o != why.answer for o in options)
    assert not any(o.split()[1] in ("russia’s", "russia's", "russia", "pashinyan") for o in options)  # names keep capitals


def test_whole_text_the_river_and_the_cycle_are_named_in_questions(nlp):
    text = ("The Danube is the second-longest river in Europe, after the Volga. It rises in the Black Forest. "
            "The river then crosses Austria, passing Linz and Vienna, and forms part of the border between Slovakia "
            "and Hungary. Plants fix carbon in the Calvin cycle, which takes place in the stroma. "
            "To produce one molecule of glucose, the cycle must turn six times, consuming 18 ATP and 12 NADPH.")
    corpus = corpus_of(nlp, {"Rivers and leaves": text})
    prompts = [c.prompt for c in run_generators(corpus, ["cloze", "wh"])]
    assert any(p.startswith("The Danube crosses") for p in prompts)
    assert not any(p.startswith("The river") for p in prompts)
    assert any("the Calvin cycle must turn six times" in p for p in prompts)


def test_whole_text_an_unresolvable_the_region_marks_the_item_vague(nlp):
    text = ("Moscow has long dominated the South Caucasus, a region of small states, and Central Asia. Russia kept troops in both. "
            "Since 2002, Moscow has sought to maintain ties with the region through the Collective Security Treaty "
            "Organization, a military alliance.")
    corpus = corpus_of(nlp, {"Ties": text})
    last = corpus.sentences[-1]
    assert "the region" in last.vague_nps


def test_whole_text_shipped_ranker_weights_are_the_refitted_ones():
    import json
    from pathlib import Path

    from quiz.core import rank

    shipped = json.loads((Path(rank.__file__).parent.parent / "data" / "ranker_weights.json").read_text())
    assert shipped["ratings"] >= 100
    for name, value in {**shipped["weights"], **shipped.get("overrides", {})}.items():
        assert rank.DEFAULT_WEIGHTS[name] == value  # what generation scores with is what the ratings taught
    assert set(rank.HAND_WEIGHTS) == set(rank.DEFAULT_WEIGHTS)
