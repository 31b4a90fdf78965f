"""Rules that came out of blind ratings: each pins a failure a teacher pointed at, fixed at its source."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from quiz.core.context import build_corpus
from quiz.core.generators import run_generators
from quiz.core.items import Document, document_id
from quiz.core.nlp import Analysed


def corpus_of(nlp, text: str, title: str = "T"):
    doc = Document(document_id(text), title, "t.txt", "0" * 64, text, len(text.split()))
    return build_corpus([Analysed(doc, nlp(text))])


def questions(nlp, text: str, generator: str) -> dict[str, str]:
    return {c.prompt: c.answer for c in run_generators(corpus_of(nlp, text), [generator])}


def approved_main_points(nlp, path: str, title: str | None = None) -> list:
    """The approved main-point items of one text of tests/data (under another title if given)."""
    from dataclasses import replace

    from quiz.core.ingest import load_documents
    from quiz.core.pipeline import build_bank_from_documents

    docs, _ = load_documents([Path(__file__).parent.parent / "data" / path])
    bank, _ = build_bank_from_documents([replace(d, title=title or d.title) for d in docs], nlp)
    return [it for it in bank.items if it.generator == "thesis" and it.quality >= 0.5]


def true_statement(prompt: str, sentence):
    """A true/false candidate keyed True, as the true/false generator makes it."""
    from quiz.core.generators import Candidate

    return Candidate(type="truefalse", kind="fact", prompt=prompt, answer="True", sentence=sentence,
                     generator="truefalse", answer_class="TEXT", choices=("True", "False"))


def test_quality_reason_why_copula_becomes_an_attributed_why_question(nlp):
    text = ("Another reason why Putin cannot completely back away from support for Yerevan, as pointed out by political "
            "commentator Aleksandr Zhelenin, is the external similarity of the Karabakh conflict with the Russian "
            "occupation of Crimea.")
    qs = questions(nlp, text, "argument")
    assert qs["According to Aleksandr Zhelenin, why can Putin not completely back away from support for Yerevan?"] == (
        "Because of the external similarity of the Karabakh conflict with the Russian occupation of Crimea")


def test_quality_a_reason_that_is_a_clause_is_given_as_one(nlp):
    qs = questions(nlp, "The main reason why Moscow stayed out of the war was that the Kremlin feared a "
                        "confrontation with Turkey.", "argument")
    assert qs["According to the text, why did Moscow stay out of the war?"] == (
        "Because the Kremlin feared a confrontation with Turkey")


def test_quality_what_a_claim_would_mean_is_asked_as_the_authors_consequence(nlp):
    qs = questions(nlp, "It follows that the possible victory for Azerbaijan in the forceful recuperation of territory "
                        "would mean the establishment of a precedent dangerous for Moscow.", "argument")
    assert qs["According to the author, what would the possible victory for Azerbaijan in the forceful recuperation "
              "of territory mean?"] == "The establishment of a precedent dangerous for Moscow"


@pytest.mark.parametrize("sentence,false_statement", [
    ("Azerbaijan won the war against Armenia in 2020.", "Azerbaijan lost the war against Armenia in 2020."),
    ("The war weakened Russia in the region.", "The war strengthened Russia in the region."),
    ("In Kyrgyzstan the Kremlin supported the revolution of 2010.", "In Kyrgyzstan the Kremlin opposed the revolution of 2010."),
    # raters found an adjective or a second verb turned round obviously absurd, not false: only the main verb turns
    ("Turkey aspires to have the role of the strong neighbor in its region.", None),
    ("Turkey enabled Azerbaijan to start and win a new type of war.", None),
])
def test_quality_false_statements_from_a_checked_antonym(nlp, sentence, false_statement):
    from quiz.core.generators.truefalse import antonym_statement
    from quiz.core.realize import finite_clauses

    corpus = corpus_of(nlp, sentence)
    info = corpus.sentences[0]
    assert antonym_statement(finite_clauses(info.span)[0], info, set(), corpus) == false_statement


def test_quality_antonym_is_not_used_when_another_sentence_says_the_opposite(nlp):
    from quiz.core.generators.truefalse import antonym_statement
    from quiz.core.realize import finite_clauses

    corpus = corpus_of(nlp, "Azerbaijan won the war against Armenia in 2020. Armenia lost the war against "
                            "Azerbaijan in 2020 after six weeks.")
    first = corpus.sentences[0]
    clause = finite_clauses(first.span)[0]
    assert antonym_statement(clause, first, set(), corpus) is None  # 'lost … the war against …' is in the text


def test_quality_also_is_dropped_from_questions_and_x_de_y_is_a_person(nlp):
    qs = questions(nlp, "A few years later the Swiss pastor Jean Senebier demonstrated that plants take up carbon "
                        "dioxide, and in 1804 Nicolas-Théodore de Saussure showed that water is also consumed.", "wh")
    assert qs.get("In 1804, who showed that water is consumed?") == "Nicolas-Théodore de Saussure"


def test_quality_one_end_of_a_range_and_one_of_a_pair_rank_down(nlp):
    from quiz.core.pipeline import _answer_counts
    from quiz.core.rank import dominant_answers, feature_vector

    corpus = corpus_of(nlp, "A single mesophyll cell may contain 30 to 40 chloroplasts. To produce one molecule "
                            "of glucose, the cycle must turn six times, consuming 18 ATP and 12 NADPH.")
    counts = _answer_counts(corpus)
    from quiz.core.generators import Candidate

    feats = {}
    for s in corpus.sentences:  # a blank on each number (the cloze generator no longer blanks bare counts)
        for ent in s.ents:
            if ent.text in ("40", "12"):
                c = Candidate(type="cloze", kind="fact", prompt=s.text.replace(ent.text, "{{gap}}", 1), answer=ent.text,
                              sentence=s, generator="cloze", answer_class="NUMBER", answer_span=ent)
                feats[ent.text] = feature_vector(c, counts, dominant_answers(counts))
    assert feats["40"]["range_end"] == 1.0
    assert feats["12"]["list_member"] == 1.0


def test_quality_the_ottomans_are_accepted_for_the_ottoman_empire(nlp):
    from quiz.core.pipeline import _accepted

    corpus = corpus_of(nlp, "In the sixteenth century the Ottoman Empire advanced up the valley, defeating the "
                            "Hungarian army at Mohács in 1526.")
    from quiz.core.generators import Candidate

    asked = Candidate(type="short", kind="fact", prompt="Which empire advanced up the valley?", answer="Ottoman Empire",
                      sentence=corpus.sentences[0], generator="wh", answer_class="ORG")
    assert {"the Ottomans", "Ottomans"} <= set(_accepted(asked, {}))


@pytest.mark.parametrize("answer,cls,person,expected", [
    ("Archbishop Adolf II", "PERSON", True, {"Adolf II"}),
    ("Jan Ingenhousz", "ORG", True, {"Ingenhousz"}),  # the tagger's ORG, the corpus's person
    ("three", "NUMBER", False, {"3"}),
    ("12", "NUMBER", False, {"twelve"}),
    ("Danube River Protection Convention in Sofia", "LAW", False, {"Danube River Protection Convention"}),
    ("Protestant Reformation", "EVENT", False, {"Reformation"}),
])
def test_quality_typed_answers_accept_what_a_teacher_would(nlp, answer, cls, person, expected):
    from quiz.core.generators import Candidate
    from quiz.core.pipeline import _accepted

    corpus = corpus_of(nlp, "The text says something about printing in 1462. Later Ingenhousz showed that light "
                            "mattered.")
    asked = Candidate(type="cloze", kind="fact", prompt="x {{gap}}", answer=answer, sentence=corpus.sentences[0],
                      generator="cloze", answer_class=cls)
    assert expected <= set(_accepted(asked, {}, person))


@pytest.mark.parametrize("answer,wrong,more", [
    ("Charles XII", "XII", ""),  # a regnal number is no surname (rounds 85-86)
    ("Tian Shan", "Shan", " Snow lies on the Tian Shan all year."),  # half of a range the tagger took for a person
    ("Fath-Ali Shah", "Shah", ""),  # a title after a name
    ("Ilham Aliyev", "Aliyev", " His father Heydar Aliyev ruled before him."),  # a surname two people share
    ("Zhang Qian", "Qian", ""),  # the family name comes first
])
def test_quality_typed_answers_take_no_surname_that_names_something_else(nlp, answer, wrong, more):
    from quiz.core.generators import Candidate
    from quiz.core.generators.cloze import generate_cloze
    from quiz.core.pipeline import _accepted

    text = (f"The allies hoped to exploit the youth of {answer}, who had come to the throne in 1697 at the age of "
            "fifteen. The war lasted for many years and ruined the country." + more)
    corpus = corpus_of(nlp, text)
    asked = Candidate(type="cloze", kind="fact", prompt="x {{gap}}", answer=answer, sentence=corpus.sentences[0],
                      generator="cloze", answer_class="PERSON")
    assert wrong not in _accepted(asked, {}, True)
    for c in generate_cloze(corpus):
        if c.answer == answer:
            assert wrong not in c.accept
    # a ruler's first name is the name the text uses alone ("In 1708 Charles finally turned east")
    text = text + " In 1708 Charles finally turned east."
    asked = Candidate(type="cloze", kind="fact", prompt="x {{gap}}", answer="Charles XII",
                      sentence=corpus_of(nlp, text).sentences[0], generator="cloze", answer_class="PERSON")
    assert "Charles" in _accepted(asked, {}, True) and "XII" not in _accepted(asked, {}, True)


@pytest.mark.parametrize("answer,form,expected", [
    ("Theodore Maiman", "Theodore Maiman", "Maiman"),  # a surname the text never uses alone (rounds 111, 113)
    ("about 5,730 years", "about 5,730 years", "5730"),  # the number without its unit (round 113)
    ("July 1827", "July 1827", "1827"),  # the year of a month (round 113)
])
def test_quality_typed_answers_take_a_surname_a_bare_number_and_a_year(nlp, answer, form, expected):
    from quiz.core.generators import Candidate
    from quiz.core.pipeline import _accepted

    corpus = corpus_of(nlp, f"The thing was done by {answer} in California. It changed the field for decades.")
    asked = Candidate(type="cloze", kind="fact", prompt="x {{gap}}", answer=form, sentence=corpus.sentences[0],
                      generator="cloze", answer_class="PERSON" if "Maiman" in form else "DATE")
    assert expected in _accepted(asked, {}, "Maiman" in form)
    assert "5" not in _accepted(asked, {}, False) and "years" not in _accepted(asked, {}, False)


def test_quality_a_name_described_as_a_physician_is_a_person(nlp):
    corpus = corpus_of(nlp, "The crucial role of light was discovered by Jan Ingenhousz, a Dutch physician working "
                            "in England. Ingenhousz published his results in 1779.")
    ent = next(e for e in corpus.sentences[0].ents if "Ingenhousz" in e.text)
    assert corpus.entities.class_of(ent) == "PERSON"


def test_quality_a_percentage_of_nobody_ranks_down_and_a_claim_with_her_is_not_reassigned(nlp):
    from quiz.core.pipeline import _answer_counts
    from quiz.core.rank import dominant_answers, feature_vector

    corpus = corpus_of(nlp, "According to a survey in 2023, 61 percent of shoppers arrive on foot. Only 24 percent "
                            "come by car, although traders guessed that the figure was well over half.")
    counts = _answer_counts(corpus)
    feats = {c.answer: feature_vector(c, counts, dominant_answers(counts)) for c in run_generators(corpus, ["cloze"])}
    assert feats["24 percent"]["bare_quantity"] == 1.0 and feats["61 percent"]["bare_quantity"] == 0.0
    speech = corpus_of(nlp, "Dr Priya Nandakumar runs the county hospital. Nandakumar said that she sees a rise in "
                            "asthma admissions when traffic is heaviest. Gerald Whitcombe said that the plan is rushed.")
    claims = [c.prompt for c in run_generators(speech, ["truefalse-claims"])]
    assert not any(" she " in p for p in claims)


def test_quality_claim_options_are_of_the_answers_kind():
    from quiz.core.distractors import _same_form

    assert not _same_form("A free electric shuttle", "The opposite direction", "CLAIM")
    assert not _same_form("Shop owners", "Several towns", "CLAIM")
    assert _same_form("Turkey’s direct involvement", "Moscow’s leverage over Azerbaijan", "CLAIM")


def test_quality_a_term_is_asked_from_its_definition_and_a_list_is_no_definition(nlp):
    qs = questions(nlp, "Russia, bound by a defense treaty with Armenia, deployed 1,960 peacekeepers to safeguard the "
                        "Lachin Corridor, the primary humanitarian route connecting Armenia to Nagorno-Karabakh.",
                   "definition")
    assert qs["Which corridor is described in the text as the primary humanitarian route connecting Armenia to "
              "Nagorno-Karabakh?"] == "the Lachin Corridor"
    listed = questions(nlp, "Trenin published his take on Russia's responses to this year's crises in Belarus, the "
                            "war in Karabakh and the attempted revolution in Kyrgyzstan.", "definition")
    assert not any("Belarus" == a or "Belarus" in p for p, a in listed.items())
    namely = questions(nlp, "Such misreadings led to the Kremlin’s inability to predict the most serious political "
                            "processes in neighbouring countries, namely, the protests in Belarus, the war in Karabakh "
                            "and the attempted revolution in Kyrgyzstan.", "definition")
    assert not any("Belarus" in p for p in namely)  # not "How does the text describe Belarus? -> the war in …"


def test_quality_a_subject_it_takes_the_previous_subject_and_a_disputed_view_can_be_typed(nlp):
    text = ("Next month the council will vote on a plan to close the old town to private traffic by 2027. It should "
            "approve the plan, because a car-free centre would be safer and healthier.")
    assert "Why should the council approve the plan?" in questions(nlp, text, "argument")
    assert "In what year did the war end?" in questions(nlp, "The war ended in 2020. It is true that nobody "
                                                              "expected it.", "wh")  # no antecedent for that 'it'
    essay = ("Gerald Whitcombe, chairman of the chamber, argued that shoppers will drive to the retail park. "
             "I disagree with him, because the evidence points the other way.")
    corpus = corpus_of(nlp, essay, title="Streets")
    typed = [c for c in run_generators(corpus, ["argument"]) if c.type == "short" and "dispute" in c.prompt]
    assert typed and typed[0].answer == "Gerald Whitcombe" and "Whitcombe" in typed[0].accept


def test_quality_capitals_stand_for_countries_only_as_actors_and_empire_alone_is_no_answer(nlp):
    from quiz.core.generators import Candidate
    from quiz.core.pipeline import _accepted
    from quiz.core.generators.wh import _unfront

    corpus = corpus_of(nlp, "Baku launched an offensive in 2020. The wide river then flows through the middle of Budapest "
                            "on its long way to the Black Sea.")
    cloze = {c.answer: c for c in run_generators(corpus, ["cloze"])}
    assert "Hungary" not in _accepted(cloze["Budapest"], {})  # the city the river flows through is no government
    baku = next(e for e in corpus.sentences[0].ents if e.text == "Baku")
    actor = Candidate(type="short", kind="fact", prompt="Who launched an offensive in 2020?", answer="Baku",
                      sentence=corpus.sentences[0], generator="wh", answer_class="CITY", answer_span=baku)
    assert "Azerbaijan" in _accepted(actor, {})  # a capital acting stands for its government
    empire = Candidate(type="cloze", kind="fact", prompt="x {{gap}}", answer="Roman Empire",
                       sentence=corpus.sentences[0], generator="cloze", answer_class="ORG")
    assert "Empire" not in _accepted(empire, {})
    assert _unfront("With Peter Schöffer, who printed the Mainz Psalter in 1457?") == (
        "Who printed the Mainz Psalter in 1457 with Peter Schöffer?")


def test_quality_a_name_put_in_for_a_pronoun_keeps_its_capital_in_reason_options(nlp):
    from quiz.core.distractors import Pools

    text = ("The President of Azerbaijan, Ilkham Aliyev, has often declared that he will give Armenia its last chance. "
            "Taking into consideration the high combat capability of the Azerbaijani army, his words should be "
            "taken seriously.")
    corpus = corpus_of(nlp, text)
    reasons = Pools(corpus, []).forms("REASON")
    assert not any("ilkham" in r for r in reasons)
    assert any("Ilkham Aliyev" in r for r in reasons)


def test_quality_a_concession_is_not_asked_as_the_point(nlp):
    qs = questions(nlp, "While China is a global player in Central Asia, it operates as a strong regional neighbor "
                        "in the South Caucasus.", "wh")
    assert not any("global player" in q for q in qs)


def test_quality_no_item_whose_sentence_another_items_option_quotes(nlp):
    from quiz.core.generators import Candidate
    from quiz.core.rank import select

    corpus = corpus_of(nlp, "The 2021 snap election in Armenia showed that the majority of Armenians still support "
                            "Pashinyan. The war ended in 2020.")
    s = corpus.sentences[0]
    thesis = Candidate(type="mcq", kind="argument", prompt="Which statement best sums up the main point of “T”?",
                       answer="The war ended in 2020.", sentence=corpus.sentences[1], generator="thesis",
                       answer_class="THESIS", key="t", choices=(
                           "The 2021 snap election in Armenia showed that the majority of Armenians still support Pashinyan.",
                           "The war ended in 2020.", "Option three is here and long enough.", "Option four, long enough too."))
    cloze = Candidate(type="cloze", kind="fact", prompt="The {{gap}} snap election in Armenia showed …", answer="2021",
                      sentence=s, generator="cloze", answer_class="YEAR", key="c")
    kept = [c.key for c, _ in select([(thesis, 0.9), (cloze, 0.8)])]
    assert kept == ["t"]  # the cloze would be answered by reading option A of the main-point item
    # a statement made from that sentence is answered by it too: option A says what the text says
    statement = Candidate(type="truefalse", kind="fact", prompt="The 2021 snap election in Armenia demonstrated that "
                          "the majority of Armenians still support Pashinyan.", answer="True", sentence=s,
                          generator="truefalse", answer_class="CLAIM", key="s", choices=("True", "False"))
    kept = [c.key for c, _ in select([(thesis, 0.9), (statement, 0.8)])]
    assert kept == ["t"]


def test_quality_a_false_statement_never_swaps_in_another_year(nlp):
    # three rounds of raters failed every swapped year ("Calvin received the Nobel Prize in 1804"): a date recalled,
    # not a finding understood; a changed count still makes a false statement
    corpus = corpus_of(nlp, "In 1648 van Helmont weighed a willow tree. In 1804 Nicolas-Théodore de Saussure showed "
                            "that water is consumed. Calvin received the Nobel Prize in Chemistry in 1961. Exports "
                            "of gas to Turkey fell by 70 percent last year.")
    cands = run_generators(corpus, ["truefalse"])
    assert not [c for c in cands if c.answer == "False" and c.answer_class == "YEAR"]
    assert [c for c in cands if c.answer == "False" and c.answer_class == "PERCENT"]


def test_quality_a_blank_spelled_out_by_its_acronym_is_a_leak():
    from quiz.core.generators import Candidate
    from quiz.core.pipeline import _leaks

    cloze = Candidate(type="cloze", kind="fact", answer="Collective Security Treaty Organization", sentence=None,
                      prompt="A refusal raises doubts about the {{gap}} (CSTO), of which Armenia is a member.",
                      generator="cloze", answer_class="ORG")
    assert _leaks(cloze)
    cloze.prompt = "A refusal raises doubts about the {{gap}}, of which Armenia is a member."
    assert not _leaks(cloze)


@pytest.mark.parametrize("sentence,decidable", [
    ("Calvin received the Nobel Prize in Chemistry in 1961.", False),  # a date: never swapped
    ("Until 2013, Moscow relied on the formation of the Eurasian Economic Union.", False),  # a bound
    ("In 2020, Moscow brokered a ceasefire between the two sides.", False),  # one ceasefire of several
    ("Exports of gas to Turkey fell by 70 percent last year.", True),  # a share: 40 percent is plainly false
])
def test_quality_a_changed_figure_makes_a_false_statement_a_changed_year_never(nlp, sentence, decidable):
    cands = run_generators(corpus_of(nlp, sentence), ["truefalse"])
    assert any(c.answer == "False" for c in cands) == decidable


@pytest.mark.parametrize("sentence,true_statement,false_statement", [
    ("In contrast to Russian frozen-conflict protectorates like South Ossetia and Abkhazia, Nagorno-Karabakh is cut "
     "off from Russia proper, making Russian peacekeepers dependent on Azerbaijan.",
     "Nagorno-Karabakh is cut off from Russia proper.",
     "Russian frozen-conflict protectorates like South Ossetia and Abkhazia are cut off from Russia proper."),
    ("Unlike Georgia, Armenia joined the Eurasian Economic Union in 2015.",
     "Armenia joined the Eurasian Economic Union in 2015.", "Georgia joined the Eurasian Economic Union in 2015."),
    ("Unlike the old bridges, the new bridge carries trains across the river.",  # agreement follows the subject
     "The new bridge carries trains across the river.", "The old bridges carry trains across the river."),
])
def test_quality_a_contrast_decides_a_false_statement(nlp, sentence, true_statement, false_statement):
    qs = questions(nlp, sentence, "truefalse-contrast")
    assert qs == {true_statement: "True", false_statement: "False"}


def test_quality_a_contrast_with_a_pronoun_or_a_negated_verb_makes_no_statement(nlp):
    assert questions(nlp, "Unlike you, Turkey is not Russia's military ally.", "truefalse-contrast") == {}
    assert questions(nlp, "Unlike Armenia, Georgia did not join the union in 2015.", "truefalse-contrast") == {}


def test_quality_an_evaluative_predicate_is_the_authors_claim_not_a_fact(nlp):
    from quiz.core.generators.common import is_opinion

    # "… is clear" is the writer's judgement: a true/false item must say whose ("According to the author, …")
    assert is_opinion(list(nlp("Especially in Ukraine, Putin's desire for the West to leave is clear.")))
    assert is_opinion(list(nlp("It is obvious that the ceasefire will not hold.")))
    assert not is_opinion(list(nlp("Putin's desire for the West to leave the region is strong.")))


def test_quality_no_item_asks_for_the_abbreviation_of_a_name(nlp):
    qs = questions(nlp, "Armenia is a member of the Collective Security Treaty Organization (CSTO), a military "
                        "alliance led by Russia.", "definition")
    assert "What does the abbreviation CSTO stand for?" in qs
    assert not any("usual abbreviation" in p for p in qs)


@pytest.mark.parametrize("text,question,reason", [
    ("In several towns, closing streets overnight with no warning led to jams on neighbouring roads. That is why "
     "the council should phase the plan in, starting with weekends next summer, and publish sales figures every "
     "quarter.", "Why should the council phase the plan in?",
     "Because in several towns, closing streets overnight with no warning led to jams on neighbouring roads"),
    ("The pigment absorbs mainly red and blue light, but it absorbs very little green light. As a result, green "
     "light is reflected, which is why leaves look green to us.", "Why is green light reflected?",
     "Because the pigment absorbs mainly red and blue light, but it absorbs very little green light"),
])
def test_quality_a_reason_in_the_sentence_before_answers_why(nlp, text, question, reason):
    assert questions(nlp, text, "argument-linked") == {question: reason}


def test_quality_a_reason_that_points_further_back_is_not_asked(nlp):
    text = ("The town tried it twice before. These events led to jams on every road. That is why the council "
            "should phase the plan in.")
    assert questions(nlp, text, "argument-linked") == {}


def test_quality_a_view_in_two_parts_is_asked_about_its_first(nlp):
    qs = questions(nlp, "In a letter last week, Gerald Whitcombe argued that shoppers who cannot park outside a shop "
                        "will simply drive to the retail park, and that the closure would empty the high street.",
                   "argument")
    assert qs["Who argued that shoppers who cannot park outside a shop will simply drive to the retail park?"] == (
        "Gerald Whitcombe")


def test_quality_a_definite_noun_defined_by_the_clause_after_it_is_not_vague(nlp):
    text = ("Last week the council met. A doctor said that she sees a rise in asthma admissions during the weeks "
            "when traffic is heaviest.")
    corpus = corpus_of(nlp, text)
    assert "the weeks" not in " ".join(corpus.sentences[1].vague_nps)


def test_quality_an_op_eds_communal_our_does_not_stop_its_point_being_stated(nlp):
    from quiz.core.generators.thesis import statement_of

    corpus = corpus_of(nlp, "A centre without cars would protect pedestrians, clean the air around our schools and "
                            "bring traders more customers.")
    assert statement_of(corpus.sentences[0]) == ("A centre without cars would protect pedestrians, clean the air "
                                                 "around the schools and bring traders more customers.")
    assert statement_of(corpus_of(nlp, "We should close the old town to private traffic by the year 2027.")
                        .sentences[0]) is None  # the author's own "we": not a statement a student can judge


def test_quality_a_blank_before_its_noun_is_not_a_free_text_cloze(nlp):
    qs = questions(nlp, "The lack of Kremlin leadership in the region leaves room for other states such as Turkey to "
                        "intervene in the conflicts of the South Caucasus.", "cloze")
    assert not any("_____ leadership" in p or "{{gap}} leadership" in p for p in qs if not p.startswith("Which"))
    assert any("{{gap}}" in p and qs[p] != "Kremlin" for p in qs)  # the sentence still gives other blanks


def test_quality_a_cloze_needs_a_sentence_long_enough_to_pin_its_blank(nlp):
    assert questions(nlp, "The press played a central role in the Protestant Reformation.", "cloze") == {}


def test_quality_no_blank_whose_name_the_stem_spells_out(nlp):
    qs = questions(nlp, "At the Danube Bend near Visegrád the river turns sharply south and divides Budapest into "
                        "Buda on the west bank and Pest on the east.", "cloze")
    assert "Budapest" not in qs.values()


def test_quality_what_a_decision_ensured_is_asked_with_statements_as_options(nlp):
    from quiz.core.distractors import _kind

    text = ("Moscow's decision not to intervene in the conflict early also ensured that Turkey and Azerbaijan would "
            "not curtail their trade with Russia.")
    qs = questions(nlp, text, "argument")
    assert qs["According to the author, what did Moscow's decision not to intervene in the conflict early ensure?"] == (
        "Turkey and Azerbaijan would not curtail their trade with Russia")
    # a statement is never offered among noun phrases, nor a noun phrase among statements
    assert _kind("Turkey and Azerbaijan would not curtail their trade with Russia") == "clause"
    assert _kind("The lack of Russia's support") != "clause"


def test_quality_a_response_to_nothing_named_is_vague_context():
    from quiz.core.generators.common import vague_context

    assert vague_context("Authorities responded with censorship.")
    assert not vague_context("Authorities responded to the pamphlets with censorship.")


def test_quality_no_blank_is_a_continent(nlp):
    qs = questions(nlp, "The Danube is the second-longest river in Europe, after the Volga, and it flows through ten "
                        "countries on its way to the Black Sea.", "cloze")
    assert "Europe" not in qs.values()


def test_quality_items_of_one_text_never_give_each_other_away(nlp):
    from quiz.core.generators import Candidate
    from quiz.core.rank import select

    corpus = corpus_of(nlp, "With Putin's focus on Ukraine, China was able to secure investment deals worth $50 billion. "
                            "Central Asian nations may consider moving closer to China, a major power. The long war "
                            "between the two countries ended in the spring.")
    s1, s2, s3 = corpus.sentences
    tf = Candidate(type="truefalse", kind="fact", prompt=s1.text, answer="True", sentence=s1, generator="truefalse",
                   answer_class="COUNTRY", key="tf", choices=("True", "False"))
    cloze = Candidate(type="cloze", kind="fact", prompt="Central Asian nations may consider moving closer to {{gap}}.",
                      answer="China", sentence=s2, generator="cloze", answer_class="COUNTRY", key="cl")
    other = Candidate(type="cloze", kind="fact", prompt="The {{gap}} ended.", answer="war", sentence=s3,
                      generator="cloze", answer_class="EVENT", key="w")
    kept = [c.key for c, _ in select([(tf, 0.9), (cloze, 0.8), (other, 0.7)])]
    assert kept == ["tf", "w"]  # the statement names China: the blank for China would be read off it


def test_quality_two_agreement_items_on_one_text_and_holder_are_one_too_many(nlp):
    from quiz.core.generators import Candidate
    from quiz.core.rank import select

    corpus = corpus_of(nlp, "Russia's influence is waning. Turkey's role is growing. It is a new era.")
    s1, s2, s3 = corpus.sentences
    both = Candidate(type="truefalse", kind="argument", answer="True", sentence=s1, generator="stance",
                     prompt="Both “A” and “B” argue that Russia’s influence is waning.", answer_class="STANCE",
                     key="both", choices=("True", "False"))
    one = Candidate(type="truefalse", kind="argument", answer="False", sentence=s2, generator="stance",
                    prompt="“B” argues that Russia’s influence is growing.", answer_class="STANCE", key="one",
                    choices=("True", "False"))
    turkey = Candidate(type="truefalse", kind="argument", answer="True", sentence=s3, generator="stance",
                       prompt="“B” argues that Turkey’s influence is growing.", answer_class="STANCE", key="tk",
                       choices=("True", "False"))
    assert [c.key for c, _ in select([(both, 0.9), (one, 0.8), (turkey, 0.7)])] == ["both", "tk"]


def test_quality_no_blank_for_a_name_most_texts_share(nlp):
    from quiz.core.context import build_corpus
    from quiz.core.nlp import Analysed
    from quiz.core.pipeline import finish_items

    texts = ["Armenia lost the war in 2020 after a long offensive by its neighbour in the mountains of the region.",
             "Armenia joined the Eurasian Economic Union in 2015 after long talks with its northern partner.",
             "Armenia held a snap election in 2021 and most voters still supported the prime minister then."]
    docs = [Document(document_id(t), f"T{k}", f"t{k}.txt", f"{k}" * 64, t, len(t.split())) for k, t in enumerate(texts)]
    corpus = build_corpus([Analysed(d, nlp(d.text)) for d in docs])
    items = finish_items(run_generators(corpus, ["cloze"]), corpus)
    assert items and not [i for i in items if i.answer == "Armenia"]  # in every text: guessed, not read


@pytest.mark.parametrize("sentence,turned", [
    ("To coordinate flood protection, the riparian states signed the Danube River Protection Convention in Sofia in "
     "1994.", "To coordinate flood protection, the Danube River Protection Convention was signed by the riparian "
     "states in Sofia in 1994."),
    ("Aldus Manutius founded the Aldine Press in Venice in 1494.",
     "The Aldine Press was founded by Aldus Manutius in Venice in 1494."),
    ("Calvin received the Nobel Prize in Chemistry in 1961.", None),  # an odd passive: left as it is
    ("In 1999 the newly elected mayor began removing cars from the centre.", None),  # not a plain object
])
def test_quality_a_true_statement_is_turned_round_so_wording_gives_nothing_away(nlp, sentence, turned):
    from quiz.core.generators.truefalse import passive_statement
    from quiz.core.realize import finite_clauses

    info = corpus_of(nlp, sentence).sentences[0]
    assert passive_statement(finite_clauses(info.span)[0], info, set()) == turned


def test_quality_no_option_that_could_be_right_too():
    from quiz.core.distractors import _too_close

    # "what defined the course of the war?": Turkey's contribution is as right as Turkey's direct involvement
    assert _too_close("Turkey’s direct involvement", "Turkey’s contribution")
    assert not _too_close("Turkey’s direct involvement", "The security of Armenians in Nagorno-Karabakh")


def test_quality_no_blank_whose_title_a_word_of_the_stem_contains(nlp):
    qs = questions(nlp, "Printing remained concentrated in Mainz until 1462, when the city was sacked by the forces of "
                        "Archbishop Adolf II of Nassau during a dispute over the archbishopric.", "cloze")
    assert not any(a.startswith("Archbishop") for a in qs.values())


def test_quality_no_true_false_item_whose_content_is_a_date(nlp):
    qs = questions(nlp, "Calvin received the Nobel Prize in Chemistry in 1961 for his work on the cycle.", "truefalse")
    assert qs == {}


@pytest.mark.parametrize("answer,opposite", [
    ("Because there was no threat to the Russian vital interest", "Because there was a threat to the Russian vital interest"),
    ("Turkey and Azerbaijan would not curtail their trade with Russia", "Turkey and Azerbaijan would curtail their trade with Russia"),
    ("Because they produced more copies than they could sell", "Because they produced fewer copies than they could sell"),
    ("The establishment of a precedent dangerous for Moscow", None),
])
def test_quality_a_why_items_options_include_the_opposite_of_its_answer(answer, opposite):
    # raters found why-items answered by elimination: the other options were about something else; the answer's
    # opposite is about the same thing and false by the text
    from quiz.core.distractors import flip_statement

    assert flip_statement(answer) == opposite


def test_quality_a_what_items_options_include_the_answer_with_another_country(nlp):
    from quiz.core.distractors import Pools

    text = ("Turkey's direct involvement defined the course and the outcome of the war between Azerbaijan and Armenia. "
            "Russia stayed out of the fighting, and Iran watched from the south. Russia later sent peacekeepers.")
    corpus = corpus_of(nlp, text)
    cands = run_generators(corpus, ["argument", "cloze"])
    pools = Pools(corpus, cands)
    from quiz.core.generators import Candidate

    what = Candidate(type="mcq", kind="argument", prompt="What defined the course and the outcome of the war?",
                     answer="Turkey's direct involvement", sentence=corpus.sentences[0], generator="argument",
                     answer_class="CLAIM", needs_distractors=3)
    from quiz.core.distractors import _swapped_names

    # the country the text names most after the answer's own: about the same thing, false by the text; one only
    # (a second, "Armenia's direct involvement", a party to the war, could be argued)
    assert _swapped_names(what.answer, pools, what.sentence.document.id, text) == ["Russia's direct involvement"]
    assert _swapped_names("Turkey and Azerbaijan would not curtail their trade", pools, what.sentence.document.id,
                          text) == []  # a statement with another name may still be true


def test_quality_no_item_asks_for_the_name_of_a_source_quoted_once(nlp):
    from quiz.core.pipeline import finish_items

    text = ("In the opinion of military expert Pavel Felgengauer, Armenia is militarily inferior to Azerbaijan in every "
            "respect. Gerald Whitcombe argued that shoppers who cannot park will simply drive to the retail park "
            "outside the town. Mr Whitcombe has run a hardware business on Mill Lane for three decades.")
    corpus = corpus_of(nlp, text)
    answers = {i.answer for i in finish_items(run_generators(corpus, ["cloze", "argument"]), corpus)}
    assert "Pavel Felgengauer" not in answers  # quoted once: who said it is trivia
    assert "Gerald Whitcombe" in answers  # the text's opponent, named again and again


def test_quality_no_vague_noun_phrase_as_an_option_beside_a_specific_answer():
    # "what defined the course of the war?" - "The military action" is no answer a student could weigh
    from quiz.core.distractors import _same_form

    assert not _same_form("Turkey’s direct involvement", "The military action", "CLAIM")
    assert _same_form("Turkey’s direct involvement", "Russia’s direct involvement", "CLAIM")
    assert _same_form("Turkey’s direct involvement", "The security of Armenians in Nagorno-Karabakh", "CLAIM")


def test_quality_the_keys_negation_is_never_an_option(nlp):
    # "Because there was a threat …" beside "Because there was no threat …": the pair gives the key away
    from quiz.core.pipeline import build_bank

    bank, _ = build_bank([Path(__file__).resolve().parents[2] / "seeds"], nlp, seed=0)
    from quiz.core.distractors import flip_statement

    for item in bank.items:
        if item.type == "mcq":
            flipped = flip_statement(item.answer)
            assert flipped is None or flipped not in item.choices, item.prompt


def test_quality_no_blank_in_a_cleft_left_broken_by_a_dropped_connective(nlp):
    qs = questions(nlp, "However, where the Armenian leader did draw Putin's ire, was in prosecuting Robert Kocharyan, "
                        "who remains Putin's personal friend. Kocharyan was president of Armenia from 1998 to 2008.",
                   "cloze")
    assert not [p for p in qs if p.startswith("Where")]


def test_quality_what_something_would_mean_is_answered_by_events_not_topics():
    from quiz.core.distractors import _same_form

    answer = "The defeat of Vladimir Putin in the eyes of his own citizens"
    assert not _same_form(answer, "Russian foreign policy in the post-Soviet space", "CLAIM")
    assert _same_form(answer, "The establishment of a precedent dangerous for Moscow", "CLAIM")


def test_quality_one_items_wrong_option_is_never_another_items_key():
    from quiz.core.generators import Candidate
    from quiz.core.rank import _reveals

    class S:  # the sentence as far as _reveals looks
        document = type("D", (), {"id": "d"})()

    a = Candidate(type="mcq", kind="argument", prompt="What will the inability of Russia to save Karabakh signify?",
                  answer="The defeat of Putin in the eyes of his citizens", sentence=S(), generator="argument",
                  answer_class="CLAIM", choices=("The defeat of Putin in the eyes of his citizens",
                                                 "The establishment of a precedent dangerous for Moscow", "x y z", "u v w"))
    b = Candidate(type="mcq", kind="argument", prompt="What would a victory for Azerbaijan mean?",
                  answer="The establishment of a precedent dangerous for Moscow", sentence=S(), generator="argument",
                  answer_class="CLAIM", choices=("The establishment of a precedent dangerous for Moscow", "p q r", "s t", "k l m"))
    assert _reveals(b, [a]) and _reveals(a, [b])


def test_quality_a_consequence_whose_verb_shares_its_subject(nlp):
    qs = questions(nlp, "In 2020, Azerbaijan launched the Second Karabakh War. During the Second Karabakh War, Turkey "
                        "supplied drones to Baku. Armenia lost control of several districts. Azerbaijan regained the "
                        "city of Shusha. Russian peacekeepers arrived in the region. "
                        "The war damaged Russian-Armenian relations and resulted in a deterioration of Armenian "
                        "attitudes toward Russia.", "argument")
    # "the war" is the one war the text keeps naming, though not in the sentence just before
    assert qs.get("According to the text, what did the Second Karabakh War result in?") == (
        "A deterioration of Armenian attitudes toward Russia")


@pytest.mark.parametrize("sentence, statement", [
    ("Russia is not leaving the South Caucasus.", "According to the author, Russia is leaving the South Caucasus."),
    ("Moscow did not intervene in the war in Kyrgyzstan.", "According to the author, Moscow intervened in the war in Kyrgyzstan."),
    # "no longer" becomes "still"; "never" goes; a clause joined by "and" is denied on its own
    ("Russia will no longer guarantee Armenia's security.", "According to the author, Russia will still guarantee Armenia's security."),
    ("In Armenia, the security of Armenians in Nagorno-Karabakh was never viewed separately from the security of "
     "Armenia proper.", "According to the author, in Armenia, the security of Armenians in Nagorno-Karabakh was viewed "
     "separately from the security of Armenia proper."),
    ("The second stage, the Calvin cycle, takes place in the stroma and does not use light directly.",
     "According to the author, the second stage, the Calvin cycle, uses light directly."),
    # two statements joined by a semicolon: the denial is the second, stated alone
    ("Dams at the Iron Gates blocked the migration routes of the sturgeon; as a result, the sturgeon can no longer "
     "reach the old spawning grounds upstream.",
     "According to the author, the sturgeon can still reach the old spawning grounds upstream."),
    # a statement before a colon, which the parser hangs on the clause after it, is a statement of its own
    ("In contrast, Moscow chose not to intervene in yet another revolution in Kyrgyzstan, because there was no threat "
     "to the aforementioned Russian vital interest: The winner of the latest Kyrgyz revolution is as pro-Russian as his "
     "predecessor.", "According to the author, Moscow chose to intervene in yet another revolution in Kyrgyzstan."),
    # a denial the sentence gives to someone keeps its holder instead of "the author"
    ("According to historians, the river was never a barrier to trade.", "According to historians, the river was a "
     "barrier to trade."),
    ("In the opinion of military expert Pavel Felgengauer, Armenia will not win a new war.",
     "In the opinion of military expert Pavel Felgengauer, Armenia will win a new war."),
    # "chose not to intervene": the choice is what the text denies; the reason after "because" stays true either way
    ("In contrast, Moscow chose not to intervene in yet another revolution in Kyrgyzstan because there was no threat "
     "to Russian interests.", "According to the author, Moscow chose to intervene in yet another revolution in Kyrgyzstan."),
    # "their" after the clause's own noun subject is the subject's
    ("The construction of dams at the Iron Gates blocked the migration routes of sturgeon, including the beluga, one of "
     "the largest fish in the world; as a result, the sturgeon can no longer reach their former spawning grounds "
     "upstream, and overfishing has pushed several species close to extinction.",
     "According to the author, the sturgeon can still reach their former spawning grounds upstream."),
    # a term in quotes is the author's own sentence naming a phrase, not someone's speech
    ("Russia’s approach to the former USSR as its “near abroad,” elaborated during the 1990s, no longer works.",
     "According to the author, Russia’s approach to the former USSR as its “near abroad,” elaborated during the 1990s, "
     "still works."),
    # what a past event showed or ensured is denied inside it; "would" there is the future then, not a hedge, and
    # the subject's own "not" ("the decision not to intervene") stays
    ("The war showed that Russia is not the only supplier of security in the region.",
     "According to the author, the war showed that Russia is the only supplier of security in the region."),
    ("Moscow’s decision not to intervene in the conflict early also ensured that Turkey and Azerbaijan would not "
     "curtail their trade with Russia.", "According to the author, Moscow’s decision not to intervene in the conflict "
     "early ensured that Turkey and Azerbaijan would curtail their trade with Russia."),
])
def test_quality_the_authors_denial_makes_a_false_statement(nlp, sentence, statement):
    qs = questions(nlp, sentence, "truefalse-negated")
    assert {p for p, a in qs.items() if a == "False"} == {statement}


@pytest.mark.parametrize("sentence, statement", [
    ("Russia is not leaving the South Caucasus.", "According to the author, Russia is not withdrawing from the South "
     "Caucasus."),
    ("Moscow did not intervene in the war in Kyrgyzstan.", "According to the author, Moscow did not interfere in the "
     "war in Kyrgyzstan."),
    ("In Armenia, the security of Armenians in Nagorno-Karabakh was never viewed separately from the security of "
     "Armenia proper.", "According to the author, in Armenia, the security of Armenians in Nagorno-Karabakh was never "
     "regarded separately from the security of Armenia proper."),
    ("The stationing of Russian peacekeepers does not compensate for the damage to Russia's reputation.",
     "According to the author, the stationing of Russian peacekeepers does not make up for the damage to Russia's "
     "reputation."),
])
def test_quality_a_denial_also_makes_a_true_statement_in_other_words(nlp, sentence, statement):
    # the denial kept, its verb said in other words: true, and not the text's sentence copied to be recognised
    qs = questions(nlp, sentence, "truefalse-negated")
    assert {p for p, a in qs.items() if a == "True"} == {statement}


def test_quality_a_denial_without_a_word_of_the_same_meaning_makes_no_true_statement(nlp):
    qs = questions(nlp, "The South Caucasus is no longer an easy walk for Russia.", "truefalse-negated")
    assert qs == {"According to the author, the South Caucasus is still an easy walk for Russia.": "False"}


@pytest.mark.parametrize("sentence", [
    "Russia is not only a regional power but a global one.",  # what the denial leaves standing is unclear
    "It is not clear whether Moscow will act.",  # no subject to make a claim about
    # an absolute ("free of costs", "entirely") is guessed False without reading (rounds 24-26)
    "To be sure, a car-free centre is not free of costs.",
    "The plan is not entirely new.",
    # "never before": without "never", "before" hangs; an elided verb phrase says nothing by itself
    "External state actors had never before been involved in a post-Soviet conflict.",
    "Armenia is a member state of the CSTO, but the de facto Nagorno-Karabakh Republic is not.",
    # a subordinate clause the parser joined to the main one ("and because … can no longer enter …")
    "On hot, dry days plants close their stomata to save water, and because carbon dioxide can no longer enter the "
    "leaf, photorespiration increases.",
    # a quotation of five words or more is someone's speech: the text's own words are not the author's
    "The Kremlin is “not leaving the South Caucasus any time soon” in this view.",
    # what someone said is theirs, not a fact the text shows; a hedge stays a hedge inside what was shown
    "The minister said that Russia is not leaving the South Caucasus.",
    "The war showed that Russia could not protect Armenia.",
])
def test_quality_no_false_statement_from_a_denial_that_does_not_decide_it(nlp, sentence):
    assert not questions(nlp, sentence, "truefalse-negated")


@pytest.mark.parametrize("sentence, generator, expected", [
    # a named holder's denial: false without it, true in other words, each saying whose claim it is
    ("Dmitri Trenin, the director of the Carnegie Moscow Center, argued that Russia’s national interests no longer "
     "require anchoring ex-Soviet neighbors to Moscow.", "truefalse-negated",
     {"According to Dmitri Trenin, Russia’s national interests still require anchoring ex-Soviet neighbors to "
      "Moscow.": "False",
      "According to Dmitri Trenin, Russia’s national interests no longer need anchoring ex-Soviet neighbors to "
      "Moscow.": "True"}),
    # a quotation that is the reported claim itself is said in reported form; "truly" only stressed the denial
    ("“Moscow has never truly accepted the 1991 ruling,” Taras Kuzio wrote in the Atlantic Council article.",
     "truefalse-negated", {"According to Taras Kuzio, Moscow has accepted the 1991 ruling.": "False"}),
    # a group of named kind ("analysts", "experts") holds a view too; its change turned round is false
    ("Independent Russian analysts said that the Western sanctions had weakened the Russian economy.",
     "truefalse-opposite",
     {"According to independent Russian analysts, the Western sanctions had strengthened the Russian economy.": "False",
      "According to independent Russian analysts, the Western sanctions had undermined the Russian economy.": "True"}),
])
def test_quality_a_named_holders_claim_gives_statements_that_say_whose_it_is(nlp, sentence, generator, expected):
    assert questions(nlp, sentence, generator) == expected


@pytest.mark.parametrize("sentence", [
    "Moscow may have believed that Russian peacekeepers did not increase its leverage.",  # a guess at a belief
    "I think that Russia is not leaving the South Caucasus.",  # the author's own hedge, not a holder
    "The minister said that Russia is not leaving the South Caucasus.",  # whose? no name
    "Experts fear that Russia will not leave the South Caucasus.",  # a fear is no claim
    # a quotation beside the claim is someone's words the statement would drop
    "Kuzio said that Russia is not leaving, adding: “Moscow will stay for a generation at least.”",
])
def test_quality_no_holders_statement_without_a_named_holder_of_a_plain_claim(nlp, sentence):
    assert not questions(nlp, sentence, "truefalse-negated")


def test_quality_the_speaker_of_a_quoted_line_is_no_blank_worth_keeping(nlp):
    # raters: who said a line is attribution trivia, not the text's content ("…, ___ wrote in the … article")
    from collections import Counter

    from quiz.core.generators import Candidate
    from quiz.core.rank import feature_vector

    corpus = corpus_of(nlp, "Moscow has always sought to maintain imperial influence, Kuzio wrote in the article. "
                            "Kuzio moved to London in 1995.")
    first, second = corpus.sentences[0], corpus.sentences[1]

    def blank(prompt, sentence, cls="PERSON", answer="Kuzio"):
        return Candidate(type="cloze", kind="fact", prompt=prompt, answer=answer, sentence=sentence,
                         generator="cloze", answer_class=cls)

    said = blank("Moscow has always sought to maintain imperial influence, {{gap}} wrote in the article.", first)
    chosen = blank("Which answer completes the sentence? Moscow has always sought to maintain imperial influence, "
                   "according to _____.", first)
    chosen.type, chosen.features = "mcq", {"cloze_mcq": 1.0}
    moved = blank("{{gap}} moved to London in 1995.", second)
    year = blank("Kuzio moved to London in {{gap}}.", second, "YEAR", "1995")
    assert feature_vector(said, Counter())["quote_speaker"] == 1.0
    assert feature_vector(chosen, Counter())["quote_speaker"] == 1.0
    assert feature_vector(moved, Counter())["quote_speaker"] == 0.0
    assert feature_vector(year, Counter())["quote_speaker"] == 0.0


def test_quality_why_options_are_reasons_the_texts_give_for_other_things(nlp):
    # raters of round 20: plain facts of the text ("Because by 1500 Venice had produced more editions …") read as
    # no reason at all beside the key; reasons the text gives elsewhere read as reasons
    import random

    from quiz.core.distractors import Pools, make_distractors

    text = ("Many early printers went bankrupt because they produced more copies than they could sell. "
            "By 1500 Venice had produced more editions than any other city in Europe. "
            "Fust sued the printers because the loans of the printers had not been repaid. "
            "The high price of paper led to the closure of several workshops in Italy. "
            "The technique spread quickly because printers trained in Mainz carried their skills to new markets. "
            "In 1480 Venice had more presses than Rome and Milan together. "
            "Its pages have 42 lines per column because the printers wanted to save paper.")
    corpus = corpus_of(nlp, text)
    candidates = run_generators(corpus)
    pools = Pools(corpus, candidates)
    why = next(c for c in candidates if c.prompt == "Why did many early printers go bankrupt?")
    options = make_distractors(why, pools, random.Random(0), n=3)
    assert options is not None
    assert "Because printers trained in Mainz carried their skills to new markets" in options
    assert "Because of the high price of paper" in options  # a cause the text names, as a reason
    assert not any("Venice" in o for o in options)  # plain facts, not reasons
    assert not any(" its " in o.lower() or o.lower().startswith("because its") for o in options)  # "its": whose?
    assert why.features["options_plain"] == 0.0  # reasons about printers and copies, not plain statements

    # with no other reason in the text, the options are plain statements, and the item says so to the ranker
    # (rounds 20-21: 1 of 11 such why-items accepted)
    plain = ("Many early printers went bankrupt because they produced more copies than they could sell. "
             "By 1500 Venice had produced more editions than any other city in Europe. "
             "Around 49 copies of the Gutenberg Bible survive in whole or in part today. "
             "Within fifty years the press was in use in more than 250 towns across Europe. "
             "Printers in Venice used a roman typeface that was easy to read.")
    corpus = corpus_of(nlp, plain)
    candidates = run_generators(corpus)
    why = next(c for c in candidates if c.prompt == "Why did many early printers go bankrupt?")
    assert make_distractors(why, Pools(corpus, candidates), random.Random(0), n=3) is not None
    assert why.features["options_plain"] == 1.0
    from collections import Counter

    from quiz.core.rank import feature_vector, score

    f = feature_vector(why, Counter())
    assert score(f) < score(dict(f, options_plain=0.0))


def test_quality_reason_items_whose_options_share_nothing_with_the_question_rank_lower(nlp):
    from collections import Counter

    from quiz.core.generators import Candidate
    from quiz.core.rank import feature_vector

    sentence = corpus_of(nlp, "Many early printers went bankrupt because they produced more copies than they "
                              "could sell.").sentences[0]

    def why(options):
        return Candidate(type="mcq", kind="argument", prompt="Why did many early printers go bankrupt?",
                         answer="Because they produced more copies than they could sell", sentence=sentence,
                         generator="argument", answer_class="REASON",
                         choices=("Because they produced more copies than they could sell", *options))

    unrelated = why(("Because by 1500 Venice had produced more editions than any other city",
                     "Because around 49 copies survive", "Because the technique was in use in 250 towns"))
    related = why(("Because paper was expensive for early printers", "Because around 49 copies survive",
                   "Because the technique was in use in 250 towns"))
    assert feature_vector(unrelated, Counter())["options_unrelated"] == 1.0
    assert feature_vector(related, Counter())["options_unrelated"] == 0.0


def test_quality_a_blank_at_the_tail_of_its_sentence_ranks_lower(nlp):
    # rounds 1-20: 46 of 146 blanks in the last third of their sentence accepted, about half of the others
    from collections import Counter

    from quiz.core.rank import feature_vector, score

    text = ("Kyrgyzstan held a referendum on a new constitution in June, after weeks of protests against the president "
            "Kurmanbek Bakiyev. Bakiyev fled to Belarus. Bakiyev had ruled Kyrgyzstan for five years.")
    late = next(c for c in run_generators(corpus_of(nlp, text), ["cloze"]) if c.type == "cloze")
    assert late.answer == "Kurmanbek Bakiyev" and late.features["gap_position"] >= 0.67
    f = feature_vector(late, Counter())
    assert f["gap_late"] == 1.0
    assert score(f) < score(dict(f, gap_late=0.0))
    early = dict(late.features, gap_position=0.2)
    late.features = early
    assert feature_vector(late, Counter())["gap_late"] == 0.0


def test_quality_a_true_false_statement_on_a_figure_ranks_lower(nlp):
    # "With Putin's focus on Ukraine, China was able to secure investment deals worth $50 billion": the rater of
    # round 20 called it a dollar figure, not the point; rounds 1-20 accepted 57% of such statements, 67% of others
    from collections import Counter

    from quiz.core.generators import Candidate
    from quiz.core.rank import feature_vector, score

    sentence = corpus_of(nlp, "With Putin's focus on Ukraine, China was able to secure investment deals worth $50 "
                              "billion. Kazakhstan sold more grain to China than to Russia.").sentences[0]
    assert sentence.text.startswith("With Putin's focus")

    def statement(prompt):
        return Candidate(type="truefalse", kind="fact", prompt=prompt, answer="True", sentence=sentence,
                         generator="truefalse", choices=("True", "False"))

    f = feature_vector(statement("With Putin's focus on Ukraine, China was able to secure investment deals worth $50 "
                                 "billion."), Counter())
    g = feature_vector(statement("With Putin's focus on Ukraine, China was able to secure investment deals."), Counter())
    assert f["tf_figure"] == 1.0 and g["tf_figure"] == 0.0
    assert score(f) < score(dict(f, tf_figure=0.0))
    # copied word for word as well: the $50 billion statement failed all seven rounds 20-26, so the two together
    # weigh more than each alone and the item falls below the bar `make run` approves at
    assert f["tf_copy_true"] == 1.0 and f["tf_copy_figure"] == 1.0 and g["tf_copy_figure"] == 0.0
    assert score(f) < 0.5


def test_quality_a_war_is_an_event_and_gets_events_as_options():
    # "What resulted in a deterioration of Armenian attitudes toward Russia?" -> "The Second Karabakh War": beside
    # "Moscow's leverage over Azerbaijan" the key is the only event, and a student picks it by its kind
    from quiz.core.distractors import _eventive, _same_form

    assert _eventive("The Second Karabakh War") and _eventive("the revolution of 2010")
    assert not _eventive("Moscow’s leverage over Azerbaijan")
    assert not _same_form("The Second Karabakh War", "Moscow’s leverage over Azerbaijan", "CLAIM")
    assert _same_form("The Second Karabakh War", "The collapse of the Soviet Union", "CLAIM")


def test_quality_no_reason_option_whose_pronoun_points_nowhere():
    # "Because most of its pages have 42 lines per column", offered for why printers went bankrupt: its what?
    from quiz.core.distractors import _dangling_pronoun

    assert _dangling_pronoun("Because most of its pages have 42 lines per column")
    assert _dangling_pronoun("Because they produced more copies than they could sell")
    assert not _dangling_pronoun("Because printers trained in Mainz carried their skills to new markets")
    assert not _dangling_pronoun("Because of the high price of paper")


def test_quality_a_contrast_is_asked_by_its_false_half(nlp):
    # "In contrast to protectorates like South Ossetia, Nagorno-Karabakh is cut off from Russia proper": the true
    # half is a plain geography fact (failed in rounds 18, 20, 21), the false half tests the contrast (8 of 9)
    from collections import Counter

    from quiz.core.rank import feature_vector, score

    text = ("In contrast to Russian frozen-conflict protectorates like South Ossetia and Abkhazia, Nagorno-Karabakh "
            "is cut off from Russia proper. Russian peacekeepers depend on Azerbaijan for supplies.")
    made = {c.answer: c for c in run_generators(corpus_of(nlp, text), ["truefalse-contrast"])}
    true, false = made["True"], made["False"]
    ft, ff = feature_vector(true, Counter()), feature_vector(false, Counter())
    assert ft["contrast_true"] == 1.0 and ff["contrast_true"] == 0.0
    assert score(ff) > score(ft)


def test_quality_a_wh_question_leaves_out_the_other_half_of_a_contrast(nlp):
    # "What is the longest tributary, while the Sava carries the greatest volume of water?" read as broken
    qs = questions(nlp, "The Tisza is the longest tributary of the Danube, while the Sava carries the greatest "
                        "volume of water.", "wh")
    assert qs.get("What is the longest tributary of the Danube?") == "Tisza"
    assert not any("while" in q for q in qs)


def test_quality_no_when_question_answered_by_a_count_of_days(nlp):
    # "When has the council's monitoring station recorded nitrogen dioxide above the legal limit?" -> "41 days"
    qs = questions(nlp, "The council's own monitoring station on Bridge Road has recorded nitrogen dioxide above the "
                        "legal limit on 41 days since January.", "wh")
    assert not any(a == "41 days" for a in qs.values()), qs


def test_quality_a_denial_loses_the_reason_that_gives_it_away(nlp):
    # "With a new strong player present, the configuration will not be the same" -> "… will be the same" (False)
    # was guessed by logic alone (rounds 20-23): a fronted reason stays in the text, not in the statement
    made = [c for c in run_generators(corpus_of(nlp, "Despite its losses in Ukraine, Russia is not leaving the South "
                                                     "Caucasus. Turkey is not replacing Russia as the arbiter."),
                                      ["truefalse-negated"])]
    prompts = {c.prompt for c in made}
    assert "According to the author, Russia is leaving the South Caucasus." in prompts
    assert not any("losses" in p for p in prompts)


def test_quality_true_statements_copied_word_for_word_and_term_truths_rank_lower(nlp):
    from collections import Counter

    from quiz.core.generators import Candidate
    from quiz.core.rank import feature_vector

    sentence = corpus_of(nlp, "Even before the conflict, Turkey had a strong economic presence in the South Caucasus. "
                              "Italy was the first country outside the German lands to adopt the press.").sentences[0]

    def tf(prompt, answer="True", generator="truefalse"):
        return feature_vector(Candidate(type="truefalse", kind="fact", prompt=prompt, answer=answer, sentence=sentence,
                                        generator=generator, choices=("True", "False")), Counter())

    copied = tf("Even before the conflict, Turkey had a strong economic presence in the South Caucasus.")
    turned = tf("A strong economic presence in the South Caucasus was held by Turkey even before the conflict.")
    false = tf("Even before the conflict, Russia had a strong economic presence in the South Caucasus.", "False")
    assert copied["tf_copy_true"] == 1.0 and turned["tf_copy_true"] == 0.0 and false["tf_copy_true"] == 0.0
    assert tf("In plants, photosynthesis takes place in chloroplasts.", generator="term")["term_tf_true"] == 1.0
    assert tf("In plants, photosynthesis takes place in stomata.", "False", "term")["term_tf_true"] == 0.0


def test_quality_a_blank_for_a_place_named_two_or_three_times_ranks_low(nlp):
    # Strasbourg in a history of printing: one side place among several (rounds 1-22: 10 of 67 accepted)
    from collections import Counter

    from quiz.core.pipeline import _answer_counts
    from quiz.core.rank import feature_vector

    text = ("Gutenberg began experimenting with printing in Strasbourg in the late 1430s. Mentelin was printing in "
            "Strasbourg by 1460. Printing reached Venice in 1469. Printers in Venice used roman type.")
    corpus = corpus_of(nlp, text)
    counts = _answer_counts(corpus)
    blank = next(c for c in run_generators(corpus, ["cloze"]) if c.type == "cloze" and c.answer == "Strasbourg")
    assert counts[(blank.sentence.document.id, "strasbourg")] == 2
    assert feature_vector(blank, counts)["place_few"] == 1.0
    often = Counter(counts)
    often[(blank.sentence.document.id, "strasbourg")] = 6  # what the text is about, not a side place
    assert feature_vector(blank, often)["place_few"] == 0.0


def test_quality_a_town_named_after_at_is_a_place_not_a_persons_surname(nlp):
    # "Below Donaueschingen, the river …" was tagged a person, which made the town a surname and its blank a
    # person's; after "at" or "in" a name is a place
    text = ("The Danube is said to begin at Donaueschingen, in the German state of Baden-Württemberg. "
            "Below Donaueschingen, the river flows east past Ulm and Regensburg. The Danube then enters Austria.")
    corpus = corpus_of(nlp, text)
    assert corpus.entities.types.get("donaueschingen") in ("LOC", "GPE", "CITY")


def test_quality_a_who_question_about_someone_named_once_ranks_low(nlp):
    # "Who was printing in Strasbourg by about 1460?" -> Johann Mentelin, named once: 2 of 24 such accepted
    from quiz.core.pipeline import _answer_counts
    from quiz.core.rank import feature_vector

    text = ("Johann Mentelin was printing in Strasbourg by about 1460. Johannes Gutenberg printed the Bible in Mainz "
            "around 1455. Gutenberg had borrowed money from Johann Fust. Gutenberg lost his workshop to Fust in 1455.")
    corpus = corpus_of(nlp, text)
    counts = _answer_counts(corpus)
    who = {c.answer: c for c in run_generators(corpus, ["wh"]) if c.prompt.startswith("Who ")}
    assert "Johann Mentelin" in who, list(who)
    assert feature_vector(who["Johann Mentelin"], counts)["who_once"] == 1.0
    fust = next(c for c in run_generators(corpus, ["wh"]) if c.answer == "Johann Fust")  # "Fust" again later
    assert feature_vector(fust, counts)["who_once"] == 0.0


def test_quality_the_same_as_what_is_vague(nlp):
    # "According to the author, the security configuration of the South Caucasus will be the same." (round 24:
    # the same as what?) — with its fronted reason it was guessed by logic (rounds 20-23): no item either way
    made = [c.prompt for c in run_generators(corpus_of(nlp, "With a new strong player present, the security "
                                                             "configuration of the South Caucasus will not be the "
                                                             "same. Russia is not leaving the South Caucasus."),
                                             ["truefalse-negated"])]
    assert made == ["According to the author, Russia is leaving the South Caucasus.",
                    "According to the author, Russia is not withdrawing from the South Caucasus."]


@pytest.mark.parametrize("sentence,false_statement,true_statement", [
    # a clause with no name to swap: its verb of change turned round is false by the text; the true statement
    # changes one word too (a near-synonym), so the wording tells neither apart
    ("In the first days after the ceasefire, the intensity of the fighting in the region has significantly decreased.",
     "In the first days after the ceasefire, the intensity of the fighting in the region has significantly increased.",
     "In the first days after the ceasefire, the intensity of the fighting in the region has significantly fallen."),
    ("The agreement reached during the Moscow meeting boosted the image of the Kremlin as a peacemaker in the region, "
     "although a final resolution of the conflict is still distant.",
     "The agreement reached during the Moscow meeting weakened the image of the Kremlin as a peacemaker in the region.",
     "The agreement reached during the Moscow meeting strengthened the image of the Kremlin as a peacemaker in the "
     "region."),
    # a comparative after "be" turns round too, and an expert's view keeps its holder
    ("In the opinion of military expert Pavel Felgengauer, Armenia is militarily inferior to Azerbaijan.",
     "In the opinion of military expert Pavel Felgengauer, Armenia is militarily superior to Azerbaijan.",
     "In the opinion of military expert Pavel Felgengauer, Armenia is militarily inferior to Azerbaijan."),
    # an aside after "with" leaves the statement
    ("After all, Russia can live with Idlib out of Assad's control, and Russia's exports of gas to Turkey fell by "
     "almost 70% in 2020, with one of the two pipelines running from Russia to Turkey left idle for months.",
     "Russia's exports of gas to Turkey rose by almost 70% in 2020.",
     "Russia's exports of gas to Turkey decreased by almost 70% in 2020."),
    # "only bolstered" turns into "weakened" (the focus word goes), an example set off by commas goes with them;
    # "ill-conceived" is the author's judgement, so the statement says whose (round 38), the name kept capitalised
    ("Vladimir Putin launched the war. His ill-conceived invasion of Ukraine only bolstered the determination of "
     "former Soviet republics, particularly those in the Baltics and Eastern Europe, to defend themselves.",
     "According to the author, Vladimir Putin’s ill-conceived invasion of Ukraine weakened the determination of former "
     "Soviet republics to defend themselves.",
     "According to the author, Vladimir Putin’s ill-conceived invasion of Ukraine strengthened the determination of "
     "former Soviet republics to defend themselves."),
    # a reason with "because" stays out: it is true whichever way the change goes
    ("Today, the role of regional powers has risen because they are the players with genuine stakes in them.",
     "Today, the role of regional powers has fallen.", "Today, the role of regional powers has increased."),
    # a comparison with "than" turns round ("more" -> "less", "fewer" before a plural)
    ("By 1500 Venice had produced more editions than Rome.",
     "By 1500 Venice had produced fewer editions than Rome.",
     "By 1500 Venice had produced more editions than Rome."),
    # a modal makes it the author's claim
    ("Moscow must accept Ankara's presence in its so-called political and military sphere.",
     "According to the author, Moscow must reject Ankara's presence in its so-called political and military sphere.",
     "According to the author, Moscow must accept Ankara's presence in its so-called political and military sphere."),
])
def test_quality_opposite_of_a_change_makes_a_false_statement(nlp, sentence, false_statement, true_statement):
    cands = [c for c in run_generators(corpus_of(nlp, sentence), ["truefalse-opposite"])]
    assert {c.prompt: c.answer for c in cands} == {false_statement: "False", true_statement: "True"}


@pytest.mark.parametrize("sentence", [
    "Several modern cities, including Vienna, Budapest and Belgrade, grew from Roman settlements on the Danube.",
    "A refusal of such support raises doubts about the existence of the Collective Security Treaty Organization.",
    "Turkey's contribution enabled Azerbaijan to start and win a new type of war.",
    "The number of pilgrims did not increase after the war.",
    # "a dam failed" is not "a dam succeeded"; "won a war, triumphing over …" turned once contradicts itself
    "In January 2000 a dam holding mining waste failed at Baia Mare in Romania.",
    "Ankara and Baku won a war in Russia's backyard, triumphing over a long-standing Russian ally.",
    # "X, but Y": the first half is conceded, the point comes after "but" (rounds 25-29: 0 of 5)
    "In the first days after the ceasefire, the intensity of the fighting has significantly decreased, but on 19 "
    "October Azerbaijan again announced the continuation of military operations.",
    # "earlier this year": which year? without it the statement loses its time frame (round 25)
    "Russia's exports of gas to Turkey fell by almost 70% earlier this year.",
    # "more than any other city" is a superlative: turned round it is absurd on its face (round 30)
    "By 1500 Venice had produced more editions than any other city.",
    # "more than 250 towns", "more than any other river": an amount, not a comparison to turn round
    "Within fifty years the technique was in use in more than 250 towns across the continent.",
    "Along its course the river passes through ten countries, more than any other river in the world.",
    # a river "rises" where it begins: only an amount (a common noun) rises and falls
    "The Danube rises in the Black Forest of southwestern Germany and flows generally eastward.",
    # a plain adjective turned round was common sense, a scene-setting detail or muddled (rounds 25-26: 0 of 5)
    "Luther's short German pamphlets were cheap to produce and sold in their thousands.",
    "By the standards of most European towns, the centre of Alderbridge is small.",
])
def test_quality_no_opposite_where_it_would_not_be_plainly_false(nlp, sentence):
    # "grew from" is where the cities came from, not how big they got; "such support" points back; a verb with a
    # complement of its own and a negated clause do not turn round into a decidable statement
    assert questions(nlp, sentence, "truefalse-opposite") == {}


def test_quality_true_false_balance_gives_up_the_weakest_statements_not_the_first(nlp):
    # the statements rated best are kept even when the true ones come later in the ranking: the surplus of one key
    # given up is its lowest-rated statement (a greedy pass had dropped "Russia is leaving …", 5 of 5 accepted)
    from quiz.core.generators import Candidate
    from quiz.core.rank import TF_SURPLUS, select

    corpus = corpus_of(nlp, " ".join(f"Sentence number {n} says that the river rose in spring." for n in range(7)))
    sents = corpus.sentences
    assert len(sents) == 7

    def statement(n: int, answer: str) -> Candidate:
        prompts = ["Barges carried grain downstream.", "Bridges replaced ferries at Vienna.", "Floods damaged towns.",
                   "Fish stocks recovered quickly.", "Ports grew along the delta.", "Dams blocked sturgeon migration.",
                   "Canals linked distant seas."]
        return Candidate(type="truefalse", kind="fact", prompt=prompts[n], answer=answer,
                         sentence=sents[n], generator="truefalse", answer_class="CLAIM", key=f"k{n}",
                         choices=("True", "False"))

    falses = [(statement(n, "False"), 0.9 - 0.05 * n) for n in range(6)]
    true = (statement(6, "True"), 0.5)
    kept = {c.key for c, _ in select(falses + [true])}
    assert kept == {"k6"} | {f"k{n}" for n in range(1 + TF_SURPLUS)}  # one true and the four best false


def test_quality_one_text_gives_at_most_five_true_false_items(nlp):
    # nine statements to judge on one text (round 25's bank) is a drill of one kind: the best five stay
    from quiz.core.generators import Candidate
    from quiz.core.rank import SelectionLimits, select

    corpus = corpus_of(nlp, " ".join(f"Sentence number {n} says that the river rose in spring." for n in range(8)))
    prompts = ["Barges carried grain downstream.", "Bridges replaced ferries at Vienna.", "Floods damaged towns.",
               "Fish stocks recovered quickly.", "Ports grew along the delta.", "Dams blocked sturgeon migration.",
               "Canals linked distant seas.", "Mills lined the upper valley."]
    scored = [(Candidate(type="truefalse", kind="fact", prompt=p, answer="True" if n % 2 else "False",
                         sentence=corpus.sentences[n], generator="truefalse", answer_class="CLAIM", key=f"k{n}",
                         choices=("True", "False")), 0.9 - 0.01 * n) for n, p in enumerate(prompts)]
    kept = [c.key for c, _ in select(scored)]
    assert len(kept) == SelectionLimits().per_document_truefalse == 5
    assert kept == [f"k{n}" for n in range(5)]


def test_quality_a_long_text_gives_one_true_false_item_per_120_words(nlp):
    # a 1,000-word analysis makes more claims worth judging than a 500-word report: eight, the best first
    from dataclasses import replace

    from quiz.core.generators import Candidate
    from quiz.core.rank import select

    corpus = corpus_of(nlp, " ".join(f"Sentence number {n} says that the river rose in spring." for n in range(9)))
    sents = [replace(s, document=replace(s.document, words=1000)) for s in corpus.sentences]
    prompts = ["Barges carried grain downstream.", "Bridges replaced ferries at Vienna.", "Floods damaged towns.",
               "Fish stocks recovered quickly.", "Ports grew along the delta.", "Dams blocked sturgeon migration.",
               "Canals linked distant seas.", "Mills lined the upper valley.", "Pelicans nest among the reeds."]
    scored = [(Candidate(type="truefalse", kind="fact", prompt=p, answer="True" if n % 2 else "False",
                         sentence=sents[n], generator="truefalse", answer_class="CLAIM", key=f"k{n}",
                         choices=("True", "False")), 0.9 - 0.01 * n) for n, p in enumerate(prompts)]
    kept = [c.key for c, _ in select(scored)]
    assert kept == [f"k{n}" for n in range(8)]


def test_quality_it_after_the_texts_own_subject_is_that_subject(nlp):
    # "The Danube is … It rises in the Black Forest": the name is the text's title, so "It" is the Danube; a name
    # that is not the title is left alone (a wrong antecedent is worse than none)
    text = "The Danube is the second-longest river in Europe. It rises in the Black Forest of southwestern Germany."
    (_, second) = corpus_of(nlp, text, title="Danube").sentences
    assert list(second.resolutions.values()) == ["The Danube"]
    (_, second) = corpus_of(nlp, text, title="Rivers of Europe").sentences
    assert not second.resolutions


def test_quality_a_text_without_an_argument_item_gets_its_best_one_as_a_draft(nlp):
    # every text should test its argument; when the ranker rates all of a text's argument items below the bar,
    # the best one above the floor still reaches the instructor, as a draft, and a weaker one does not
    from quiz.core.generators import Candidate
    from quiz.core.rank import SelectionLimits, select

    corpus = corpus_of(nlp, "The council will vote on the plan next month. Traders fear the closure of the old town. "
                            "Whitcombe argued that shoppers will drive to the retail park. The market hall was built in 1874.")
    s0, s1, s2, s3 = corpus.sentences
    fact = Candidate(type="cloze", kind="fact", prompt="The market hall was built in {{gap}}.", answer="1874",
                     sentence=s3, generator="cloze", answer_class="YEAR", key="f")
    best = Candidate(type="short", kind="argument", prompt="Who argued that shoppers will drive to the retail park?",
                     answer="Whitcombe", sentence=s2, generator="argument", answer_class="PERSON", key="a1")
    weak = Candidate(type="short", kind="argument", prompt="According to the text, what do traders fear?",
                     answer="The closure of the old town", sentence=s1, generator="argument", answer_class="CLAIM",
                     key="a2")
    limits = SelectionLimits()
    kept = select([(fact, 0.8), (best, 0.35), (weak, 0.32)], limits)
    assert [(c.key, q) for c, q in kept] == [("f", 0.8), ("a1", 0.35)]
    assert limits.argument_floor <= 0.35 < limits.min_quality
    assert [c.key for c, _ in select([(fact, 0.8), (best, 0.25)], SelectionLimits(type_floor=0.3))] == ["f"]  # below
    # the floor: none (a type the bank lacks keeps its best draft above type_floor, tested on its own)


def test_quality_a_resolved_it_at_the_start_reads_in_lower_case_inside_the_question(nlp):
    # "It rises in the Black Forest" with "It" = "The Danube": the question had "The Danube" mid-way and was
    # thrown away as ill-formed; every question from a sentence opening with a resolved "It" was lost
    text = "The Danube is the second-longest river in Europe. It rises in the Black Forest of southwestern Germany."
    qs = {c.prompt: c.answer for c in run_generators(corpus_of(nlp, text, title="Danube"), ["wh"])}
    assert qs.get("Where does the Danube rise?") == "the Black Forest"


def test_quality_a_claim_ending_in_a_name_is_not_that_name_again():
    # "Putin's personal animosity toward … Nikol Pashinyan" is a claim, not the name "Pashinyan": a who-question
    # answered "Pashinyan" is not a repeat of it; "Cuzio" after "Taras Kuzio" still is
    from collections import Counter

    from quiz.core.rank import _same_answer

    seen = Counter({("d", "putin’s personal animosity toward armenian prime minister nikol pashinyan"): 1,
                    ("d", "taras kuzio"): 1})
    assert _same_answer(seen, ("d", "pashinyan")) == ("d", "pashinyan")
    assert _same_answer(seen, ("d", "kuzio")) == ("d", "taras kuzio")


def test_quality_an_experts_view_turned_round_is_an_argument_item_about_the_view(nlp):
    # "In the opinion of military expert Pavel Felgengauer, Armenia is militarily inferior to Azerbaijan": the false
    # statement turns on the comparison, not on the expert's name (raters accepted it in the exploration round), and
    # it is his view, so it tests the argument
    from collections import Counter

    from quiz.core.rank import feature_vector

    text = "In the opinion of military expert Pavel Felgengauer, Armenia is militarily inferior to Azerbaijan."
    (false,) = [c for c in run_generators(corpus_of(nlp, text), ["truefalse-opposite"]) if c.answer == "False"]
    assert false.kind == "argument"
    f = feature_vector(false, Counter())
    assert f["tf_side_name"] == 0.0 and f["minor_actor"] == 0.0 and f["tf_antonym"] == 1.0


def test_quality_the_kremlin_keeps_its_article_where_the_source_dropped_it(nlp):
    # "the image of Kremlin as a peacemaker" is the source's slip; raters failed both statements for it (round 33)
    qs = questions(nlp, "The agreement reached during the Moscow meeting boosted the image of Kremlin as a peacemaker "
                        "in the region, although a final resolution of the conflict is still distant.", "truefalse-opposite")
    assert qs == {
        "The agreement reached during the Moscow meeting weakened the image of the Kremlin as a peacemaker in the region.":
            "False",
        "The agreement reached during the Moscow meeting strengthened the image of the Kremlin as a peacemaker in the "
        "region.": "True"}


@pytest.mark.parametrize("sentence, true", [
    # a cause and its effect in other words ("led to" -> "resulted in"): true, and not the sentence copied
    ("The failure of the siege of Vienna led to a long Habsburg reconquest of the middle Danube region.",
     "The failure of the siege of Vienna resulted in a long Habsburg reconquest of the middle Danube region."),
    # a fronted time that points back goes ("By the end of the following year"), and so does the trailing aside
    ("By the end of the following year, Moscow’s inability to fulfill its commitments to protect the Lachin Corridor "
     "led to Azerbaijani paramilitary groups establishing roadblocks, effectively imposing a siege on the enclave by "
     "blocking aid supplies.",
     "Moscow’s inability to fulfill its commitments to protect the Lachin Corridor resulted in Azerbaijani "
     "paramilitary groups establishing roadblocks."),
    # a prediction is the author's claim (round 36: "a prediction stated as fact")
    ("As a result, the inability of Russia to save Nagorno-Karabakh within Armenia’s borders will signify the defeat "
     "of Vladimir Putin in the eyes of his own citizens.",
     "According to the author, the inability of Russia to save Nagorno-Karabakh within Armenia’s borders will mean "
     "the defeat of Vladimir Putin in the eyes of his own citizens."),
    # "…, according to a new report published in The New York Times": the holder goes first, by name
    ("Russia’s lack of leadership in Central Asia and the Caucasus, which straddles the Black and Caspian Seas, has led "
     "to violent border clashes and frustration from Putin’s allies in the region, according to a new report published "
     "in The New York Times.",
     "According to The New York Times, Russia’s lack of leadership in Central Asia and the Caucasus has resulted in "
     "violent border clashes and frustration from Putin’s allies in the region."),
])
def test_quality_a_plain_claim_gives_a_true_statement_in_other_words(nlp, sentence, true):
    # no false statement: "did not lead to" read badly and gave its key away (rounds 35-36: 1 of 6 accepted)
    assert questions(nlp, sentence, "truefalse-affirmed") == {true: "True"}


@pytest.mark.parametrize("sentence", [
    # a hedge in other words is still a hedge the statement would drop: nothing
    "Putin’s animosity toward Pashinyan may have led to the decision not to intervene early in the war.",
    # "used to be" is a habit in the past, not the verb "use"
    "Military security used to be Russia’s monopoly in the former Soviet space.",
    # "leaves room for" is not leaving a place: no words of the same meaning
    "The lack of Kremlin leadership in the region leaves room for other states to intervene.",
    # "also" leans on the sentence before; half of "not only … but also" loses whose power it is
    "In 1804 Nicolas-Théodore de Saussure showed that water is also consumed.",
    "The Ukraine conflict not only diminished the Kremlin’s hopes of regaining influence in the west but also exposed "
    "its waning power in Central Asia.",
    # a subject that points back: the second of what? (round 36); resulting from what? (rounds 37-38)
    "The failure of the second siege led to a long Habsburg reconquest of the middle Danube region.",
    "The resulting unstable six-carbon compound immediately splits into two three-carbon molecules.",
    # an event is a name and a date to recognise, not a claim (rounds 37-38)
    "Johannes de Spira started printing in Venice in 1469.",
    # the fronted clause that said which conflict is too long to keep: "Moscow mediated a ceasefire" says too little
    "In 2020, after Azerbaijan initiated the Second Karabakh War resulting in over 6,500 casualties, Moscow brokered "
    "a ceasefire.",
])
def test_quality_no_true_statement_from_a_claim_that_leans_on_what_it_does_not_say(nlp, sentence):
    assert not questions(nlp, sentence, "truefalse-affirmed")


def test_quality_a_subject_the_sentences_before_named_points_back(nlp):
    # "The convention" after the text named two conventions: which one? (rounds 35-36)
    made = questions(nlp, "In 1948 the Belgrade Convention created the Danube Commission. The riparian states signed "
                          "the Danube River Protection Convention in 1994. The convention led to the creation in 1998 "
                          "of a new commission.", "truefalse-affirmed")
    assert not any("convention resulted" in p.lower() for p in made)


def test_quality_the_kremlin_as_a_modifier_takes_no_article(nlp):
    from quiz.core.realize import tidy

    assert tidy("The lack of Kremlin leadership in the region") == "The lack of Kremlin leadership in the region"
    assert tidy("trust in Kremlin, and faith") == "trust in the Kremlin, and faith"


@pytest.mark.parametrize("sentence, false", [
    # (each text names the phrases' actors elsewhere too: a pair turning on names used once is a side example)
    ("Armenia lost the war over Nagorno-Karabakh. "
     "Formally and officially, Russia made security commitments only to Armenia, not to Nagorno-Karabakh.",
     "Formally and officially, Russia made security commitments only to Nagorno-Karabakh, not to Armenia."),
    # "rather than" hangs on the first phrase; the aside after the pair goes
    ("Much later, in the 1930s, the microbiologist Cornelis van Niel proposed that the oxygen released by plants "
     "comes from water rather than from carbon dioxide, an idea confirmed in 1941 by experiments using isotopes.",
     "Much later, in the 1930s, the microbiologist Cornelis van Niel proposed that the oxygen released by plants "
     "comes from carbon dioxide rather than from water."),
    # "more in common with A than with B": A and B exchanged, not "less" (a reading trap to raters)
    ("The First Karabakh War ended in 1994. "
     "The Second Karabakh War has more in common with the Syrian war than with the First Karabakh War.",
     "The Second Karabakh War has more in common with the First Karabakh War than with the Syrian war."),
])
def test_quality_two_phrases_the_text_sets_against_each_other_exchanged_are_false(nlp, sentence, false):
    assert questions(nlp, sentence, "truefalse-pair") == {false: "False"}


def test_quality_no_pair_exchanged_on_names_the_text_uses_once(nlp):
    # raters failed "… more in common with one another than with some Latin American or Southern European ones"
    # 6 of 6 times as a passing comparison: the exchange turns on a side example
    text = ("Armenia held a snap election in 2021. The regimes of Armenia and Kyrgyzstan have more in common with some "
            "Latin American or Southern European ones than with one another.")
    assert not questions(nlp, text, "truefalse-pair")


def test_quality_a_comparison_between_two_phrases_is_not_turned_into_less(nlp):
    qs = questions(nlp, "The Second Karabakh War has more in common with the Syrian war than with the First Karabakh "
                        "War.", "truefalse-opposite")
    assert not any(" less " in p for p in qs)


def test_quality_no_exchange_without_a_contrast(nlp):
    # two phrases with one preposition that the text does not set against each other
    assert not questions(nlp, "Russia sent troops to Armenia in 2020 and to Belarus in 2022.", "truefalse-pair")


def test_quality_a_trend_turns_round_whole(nlp):
    # "less and less willing" -> "more and more willing": both words, or the statement contradicts itself
    qs = questions(nlp, "Global players are less and less willing to become involved in local conflicts.",
                   "truefalse-opposite")
    assert qs.get("Global players are more and more willing to become involved in local conflicts.") == "False"


def test_quality_a_statement_from_an_example_ranks_below_the_point(nlp):
    # "In Kyrgyzstan, for example, the Kremlin supported the revolution of 2010 …": a side example, failed in
    # every round from 33 to 40; the same statement without "for example" is not marked
    from quiz.core.pipeline import _answer_counts
    from quiz.core.rank import feature_vector, score

    def best(text: str) -> tuple[float, dict]:
        corpus = corpus_of(nlp, text)
        counts = _answer_counts(corpus)
        cands = [c for c in run_generators(corpus, ["truefalse", "truefalse-opposite"]) if c.type == "truefalse"]
        assert cands, text
        feats = [feature_vector(c, counts) for c in cands]
        return max(score(f) for f in feats), feats[0]

    example, feats = best("Moscow developed a certain flexibility. In Kyrgyzstan, for example, the Kremlin supported "
                          "the revolution of 2010 which brought Roza Otunbayeva to power.")
    plain, plain_feats = best("Moscow developed a certain flexibility. In Kyrgyzstan the Kremlin supported the "
                              "revolution of 2010 which brought Roza Otunbayeva to power.")
    assert feats["tf_example"] == 1.0 and plain_feats["tf_example"] == 0.0
    assert example < plain


def test_quality_the_false_half_of_a_contrast_is_marked(nlp):
    from quiz.core.pipeline import _answer_counts
    from quiz.core.rank import feature_vector

    corpus = corpus_of(nlp, "In contrast to Russian frozen-conflict protectorates like South Ossetia and Abkhazia, "
                            "Nagorno-Karabakh is cut off from Russia proper.")
    counts = _answer_counts(corpus)
    halves = {c.answer: feature_vector(c, counts) for c in run_generators(corpus, ["truefalse-contrast"])}
    assert halves["False"]["contrast_false"] == 1.0  # failed 10 of 11 times since round 22 as a side comparison


def test_quality_its_after_a_noun_subject_is_not_taken_for_the_subjects(nlp):
    # "the war's outcome … undermined its influence": Russia's influence, not the outcome's
    text = ("Altogether, the war’s outcome ended Russia’s military hegemony in the former Soviet region and undermined "
            "its influence.")
    made = [c.prompt for c in run_generators(corpus_of(nlp, text), ["truefalse-opposite", "truefalse-affirmed"])]
    assert not any(p.startswith("The war’s outcome") and "its influence" in p for p in made), made


def test_quality_she_goes_on_with_the_person_the_text_called_she_not_the_last_name(nlp):
    # "… President Warren Harding presented her with a gram of radium. … She died in 1934": Curie died, and an item
    # that says Harding died of anaemia is false by the text
    text = ("Marie Curie directed the Radium Institute in Paris. In 1921 she toured the United States, where "
            "President Warren Harding presented her with a gram of radium. The dangers of radiation were poorly "
            "understood. She died on 4 July 1934 of aplastic anaemia.")
    last = corpus_of(nlp, text, title="Marie Curie").sentences[-1]
    assert list(last.resolutions.values()) == ["Marie Curie"]
    # with nobody named before "she toured", the "she" who died is nobody known: never Harding
    unnamed = corpus_of(nlp, text.replace("Marie Curie directed", "She directed"), title="Radium").sentences[-1]
    assert "Warren Harding" not in unnamed.resolutions.values()


def test_quality_a_pronoun_is_not_given_to_someone_the_text_calls_by_the_other_one(nlp):
    # "Marie Curie … her doctoral research. Using an electrometer devised by Pierre and his brother Jacques, …":
    # "his" is Pierre's, never Marie's, nor a man named two sentences back
    text = ("In 1896 Henri Becquerel had discovered that uranium salts gave off rays. Marie Curie chose these rays as "
            "the subject of her doctoral research. Using an electrometer devised by Pierre and his brother Jacques, "
            "she measured the currents.")
    third = corpus_of(nlp, text, title="Marie Curie").sentences[2]
    assert not any(v.startswith(("Henri", "Marie")) for v in third.resolutions.values())


@pytest.mark.parametrize("sentence", [
    # a sea "supported thousands of jobs": no stance it could oppose (nor "backed" as its true version)
    "In the 1950s the Aral yielded a large catch of fish a year and supported thousands of jobs.",
    # a burden that "fell on workers" did not decrease, and rising on them is nonsense
    "Critics note, however, that the burden fell heavily on workers, farmers and indebted developing countries.",
    # "were joined to the Dutch provinces" is not a joining one leaves: "were left to" means another thing
    "The former Austrian Netherlands were joined to the Dutch provinces to form a United Kingdom of the Netherlands.",
])
def test_quality_no_opposite_of_a_verb_used_in_another_sense(nlp, sentence):
    qs = {**questions(nlp, sentence, "truefalse-opposite"), **questions(nlp, sentence, "truefalse")}
    assert not any(w in p for p in qs for w in ("opposed", "backed", "rose heavily", "decreased heavily", "left to"))


def test_quality_not_this_but_that_is_exchanged_and_a_fronted_link_goes(nlp):
    qs = questions(nlp, "For this reason, most central banks aim not for zero inflation but for a modest positive "
                        "rate.", "truefalse-pair")
    assert qs == {"Most central banks aim not for a modest positive rate but for zero inflation.": "False"}
    qs = questions(nlp, "The canal's crisis was caused not by a broken lock or a blocked channel but by a shortage of "
                        "rain.", "truefalse-pair")  # the doer of a passive ("by …") is exchanged too
    assert qs == {"The canal's crisis was caused not by a shortage of rain but by a broken lock or a blocked channel.":
                  "False"}


@pytest.mark.parametrize("sentence, broken", [
    # a clause joined with no "and" or comma: "… nine days before Wellington and the Prussian commander" was left
    ("The Final Act of the Congress was signed on 9 June 1815, nine days before Wellington and the Prussian "
     "commander Gebhard von Blücher defeated Napoleon at Waterloo.", True),
    # a name in a hyphenated word is no such thing
    ("Never before had it supported Azerbaijan in the military realm in such an open and Moscow-defiant manner.", False),
    ("Volcker tightened monetary policy, and interest rates climbed to around 20 percent in 1980.", False),
])
def test_quality_a_sentence_the_parser_broke_is_known_as_broken(nlp, sentence, broken):
    from quiz.core.generators.common import garbled

    assert garbled(corpus_of(nlp, sentence).sentences[0].span) is broken


def test_quality_a_clause_the_parser_took_for_a_noun_joined_to_the_verb_is_left_out(nlp):
    # in its text the parser read ", and short-term interest rates climbed …" as a noun joined to "tightened", and
    # "Who tightened monetary policy dramatically, and short-term interest rates climbed …?" came of it
    from quiz.core.realize import clause_tokens

    doc = hand_parsed(nlp, "Volcker/PROPN/NNP/nsubj/1 tightened/VERB/VBD/ROOT/1 policy/NOUN/NN/dobj/1 ,/PUNCT/,/punct/1 "
                           "and/CCONJ/CC/cc/1 rates/NOUN/NNS/conj/1 climbed/VERB/VBD/acl/5 to/ADP/IN/prep/6 "
                           "20/NUM/CD/nummod/9 percent/NOUN/NN/pobj/7 ./PUNCT/./punct/1")
    assert [t.text for t in clause_tokens(doc[1])] == ["Volcker", "tightened", "policy"]


def hand_parsed(nlp, table: str, ents: list[str] | None = None):
    """A Doc with the parse the small model gave a sentence in its text (it parses it right alone): each token
    as word/POS/tag/dependency/head index."""
    from spacy.tokens import Doc

    rows = [cell.split("/") for cell in table.split()]
    return Doc(nlp.vocab, words=[r[0] for r in rows], pos=[r[1] for r in rows], tags=[r[2] for r in rows],
               deps=[r[3] for r in rows], heads=[int(r[4]) for r in rows], ents=ents)


def test_quality_a_subject_the_parser_hung_on_the_verb_before_marks_the_sentence_broken(nlp):
    # in its text "Talleyrand exploited the division, and on 3 January 1815 Britain … signed …" came out with
    # "Britain" as a modifier of "exploited", and "Who exploited the division, on 3 January 1815 Britain?" of it
    from quiz.core.generators.common import garbled

    doc = hand_parsed(nlp, "Talleyrand/PROPN/NNP/nsubj/1 exploited/VERB/VBD/ROOT/1 the/DET/DT/det/3 "
                           "division/NOUN/NN/dobj/1 ,/PUNCT/,/punct/1 and/CCONJ/CC/cc/1 Britain/PROPN/NNP/npadvmod/1 "
                           "signed/VERB/VBD/conj/1 a/DET/DT/det/9 treaty/NOUN/NN/dobj/7 ./PUNCT/./punct/1",
                      ents=["B-PERSON", "O", "O", "O", "O", "O", "B-GPE", "O", "O", "O", "O"])
    assert garbled(doc[:])


def test_quality_the_crops_are_not_the_one_crop_a_sentence_defined(nlp):
    # "Cotton is a thirsty crop" (a common noun the tagger took for a name) made "before reaching the crops" into
    # "before reaching the Cotton"
    text = ("Cotton is a thirsty crop that the deserts could only produce with irrigation. Many canals were unlined, so "
            "much of the water evaporated before reaching the crops. The cotton harvest grew.")
    assert not any("Cotton" in v for v in corpus_of(nlp, text).sentences[1].resolutions.values())



def test_quality_a_point_before_a_colon_is_the_statement_and_a_description_is_no_point(nlp):
    from quiz.core.generators.thesis import _argues, statement_of

    verdict = corpus_of(nlp, "The Congress of Vienna is therefore best understood as a qualified success: it produced "
                             "a durable peace among the great powers, but it did so by placing stability above the "
                             "aspirations of the peoples it governed.").sentences[0]
    assert statement_of(verdict) == "The Congress of Vienna is best understood as a qualified success."
    assert _argues(verdict)
    # a river "rises" where it begins: the sentence describes and argues nothing (it was the Aral report's "point")
    rivers = corpus_of(nlp, "The Amu Darya flows from the Pamir Mountains into the south of the sea, while the Syr "
                            "Darya rises in the Tian Shan and enters from the northeast.").sentences[0]
    assert not _argues(rivers)


def test_quality_reference_countries_are_neighbours_first_and_never_a_tiny_territory():
    # "Which country has planted saxaul shrubs …?" offered the Cocos Islands (628 people) beside Uzbekistan
    from quiz.core.distractors import _reference_options

    options = _reference_options("Uzbekistan", "COUNTRY")
    assert set(options[:5]) == {"Turkmenistan", "Afghanistan", "Kyrgyzstan", "Tajikistan", "Kazakhstan"}
    assert "Cocos Islands" not in options


def test_quality_a_name_the_tagger_cut_in_two_is_no_blank(nlp):
    # "Prince Karl ___ August von Hardenberg" was a blank for "Prince Karl"; "President ___" before a whole name stays
    from spacy.tokens import Doc, Span

    words = ["Prussia", "was", "represented", "by", "Prince", "Karl", "August", "von", "Hardenberg", "."]
    heads = [2, 2, 2, 2, 8, 8, 8, 8, 3, 2]
    deps = ["nsubjpass", "auxpass", "ROOT", "agent", "compound", "compound", "compound", "compound", "pobj", "punct"]
    pos = ["PROPN", "AUX", "VERB", "ADP", "PROPN", "PROPN", "PROPN", "PROPN", "PROPN", "PUNCT"]
    doc = Doc(nlp.vocab, words=words, heads=heads, deps=deps, pos=pos)
    doc.ents = [Span(doc, 0, 1, label="GPE"), Span(doc, 4, 6, label="PERSON")]
    from quiz.core.generators.cloze import _gap_spans

    corpus = corpus_of(nlp, "Prussia was represented by Hardenberg.")
    sentence = corpus.sentences[0]
    from dataclasses import replace

    cut = replace(sentence, span=doc[:])
    assert not [s for s, _ in _gap_spans(cut, corpus) if s.text == "Prince Karl"]


def test_quality_a_word_the_tagger_ran_into_a_name_is_taken_off(nlp):
    # "Defeated France was represented by Talleyrand" made the person "Defeated France" and "Who was represented …?"
    from spacy.tokens import Doc, Span

    from quiz.core.nlp import _trim_entities

    words = ["Defeated", "France", "was", "represented", "by", "Talleyrand", "."]
    pos = ["VERB", "PROPN", "AUX", "VERB", "ADP", "PROPN", "PUNCT"]
    tags = ["VBN", "NNP", "VBD", "VBN", "IN", "NNP", "."]
    doc = Doc(nlp.vocab, words=words, pos=pos, tags=tags)
    doc.ents = [Span(doc, 0, 2, label="PERSON"), Span(doc, 5, 6, label="PERSON")]
    _trim_entities(doc)
    assert [e.text for e in doc.ents] == ["France", "Talleyrand"]


def test_quality_a_term_accepts_its_singular_but_never_a_stem_that_is_no_word(nlp):
    # raters of round 46: "incunabula" accepted "incunabul" (the tagger's lemma)
    from quiz.core.generators.terms import _singulars
    from quiz.core.terms import Term

    assert _singulars(Term("incunabula", "incunabul", False, 2, frozenset())) == {"incunabula"}
    assert _singulars(Term("thylakoids", "thylakoid", True, 3, frozenset())) == {"thylakoids", "thylakoid"}
    assert "stoma" in _singulars(Term("stomata", "stomatum", True, 3, frozenset()))


def test_quality_a_question_that_says_later_without_saying_after_what_is_vague():
    from quiz.core.generators.common import vague_context

    assert vague_context("What later divided into western and eastern basins?")
    assert not vague_context("What divided the Aral into two basins?")


def test_quality_the_sea_of_a_text_titled_by_its_name_is_that_sea(nlp):
    # "The flow reaching the sea decreased sharply": which sea? (strict rater, round 46) - the Aral Sea of the title,
    # a name the text writes; "the press" in "The Spread of the Printing Press in Europe" stays the press
    text = ("The Aral Sea was once the fourth-largest lake. Rivers fed the Aral Sea from two sides. As a result, the "
            "flow reaching the sea fell sharply.")
    last = corpus_of(nlp, text, title="The Shrinking of the Aral Sea").sentences[-1]
    assert "Aral Sea" in last.resolutions.values()
    press = corpus_of(nlp, "Printing spread fast. Italy was the first country to adopt the press.",
                      title="The Spread of the Printing Press in Europe").sentences[-1]
    assert not any("Printing Press" in v for v in press.resolutions.values())


def test_quality_people_are_offered_among_people_of_their_kind(nlp):
    # "In 1896, who had discovered that uranium salts gave off penetrating rays?" offered President Warren Harding
    # beside the physicists (strict rater, round 46)
    from quiz.core.distractors import _person_roles

    corpus = corpus_of(nlp, "In 1896 the French physicist Henri Becquerel had discovered that uranium salts gave off "
                            "rays. Later the physicist Paul Langevin joined them. In 1921 President Warren Harding "
                            "presented her with a gram of radium.")
    roles = _person_roles(corpus)
    assert roles["Henri Becquerel"] == roles["Paul Langevin"] != roles["Warren Harding"]


def test_quality_a_figure_that_names_no_place_says_the_paragraphs_country(nlp):
    # "Unemployment increased above 10 percent in 1982": where? (round 47) - the country the paragraph is about;
    # a claim with no figure ("an emerging trend in the modern world …") gets no place put in
    text = ("By early 1980, annual consumer price inflation in the United States had reached 14 percent. Volcker "
            "tightened monetary policy. Unemployment rose above 10 percent in 1982.")
    qs = questions(nlp, text, "truefalse-opposite")
    assert qs and all(p.startswith("In the United States, unemployment") for p in qs), qs
    general = questions(nlp, "Russia lost its hegemony. Today, the role of regional powers has risen.",
                        "truefalse-opposite")
    assert not any(p.startswith("In Russia") for p in general)


def test_quality_an_event_named_only_by_its_year_ranks_low(nlp):
    # "According to Taras Kuzio, Moscow has accepted the 1991 ruling": which ruling? every rater of rounds 43-50
    # (0 of 8) found the phrase garbled; "the 1991 referendum … the referendum" names one the text explains
    from collections import Counter

    from quiz.core.generators import Candidate
    from quiz.core.rank import feature_vector

    corpus = corpus_of(nlp, "Moscow has never truly accepted the 1991 ruling, Kuzio wrote. The war went on.")
    s = corpus.sentences[0]

    def statement(prompt):
        return Candidate(type="truefalse", kind="argument", prompt=prompt, answer="False", sentence=s,
                         generator="truefalse", answer_class="CLAIM", choices=("True", "False"))

    assert feature_vector(statement("According to Taras Kuzio, Moscow has accepted the 1991 ruling."),
                          Counter())["year_event_once"] == 1.0
    assert feature_vector(statement("According to Taras Kuzio, Moscow has accepted the war."),
                          Counter())["year_event_once"] == 0.0


def test_quality_a_named_act_is_asked_as_an_act_and_a_broken_sentence_makes_no_question(nlp):
    # "According to the author, what created a new map of Europe?": "the Congress of Vienna" was a second answer
    qs = questions(nlp, "The Final Act of the Congress was signed in June. The Final Act created a new map of "
                        "Europe.", "wh")
    assert any(p.endswith("which act created a new map of Europe?") or p == "Which act created a new map of Europe?"
               for p in qs), qs
    broken = questions(nlp, "The Final Act of the Congress was signed on 9 June 1815, nine days before Wellington "
                            "and the Prussian commander Gebhard von Blücher defeated Napoleon at Waterloo.", "wh")
    assert not any("Prussian commander?" in p for p in broken)


def test_quality_a_statement_about_the_change_its_title_announces_ranks_low(nlp):
    # "The flow reaching the Aral Sea decreased sharply" in "The Shrinking of the Aral Sea", "The canal's crisis was
    # caused not by a shortage of rain …" in "When the Water Runs Low: … the Panama Canal Drought": the title
    # answers them (raters of rounds 46-48 failed them, 2 of 6 accepted). A figure is still read in the text ("had
    # decreased to roughly a tenth of its 1960 extent": 4 of 4), and a title without a trend gives nothing away.
    from collections import Counter

    from quiz.core.generators import Candidate
    from quiz.core.rank import feature_vector

    def flagged(title, prompt, answer="True"):
        corpus = corpus_of(nlp, "The flow reaching the sea fell sharply. The canal closed.", title=title)
        c = Candidate(type="truefalse", kind="fact", prompt=prompt, answer=answer, sentence=corpus.sentences[0],
                      generator="truefalse", answer_class="CLAIM", choices=("True", "False"))
        return feature_vector(c, Counter())["title_trend"] == 1.0

    shrinking = "The Shrinking of the Aral Sea: Causes, Consequences and a Partial Recovery"
    assert flagged(shrinking, "The flow reaching the Aral Sea decreased sharply.")
    assert flagged(shrinking, "The flow reaching the Aral Sea increased sharply.", "False")
    assert flagged("When the Water Runs Low: What the Panama Canal Drought Revealed",
                   "The canal's crisis was caused not by a shortage of rain but by a broken lock.", "False")
    assert not flagged(shrinking, "By the early 2000s the area of the Aral had decreased to a tenth of its 1960 extent.")
    assert not flagged(shrinking, "Cotton is grown with water from the rivers.")  # no change in it
    assert not flagged("The Aral Sea", "The flow reaching the Aral Sea decreased sharply.")  # no trend in the title
    assert not flagged("The Spread of the Printing Press in Europe",
                       "The share of books in vernacular languages increased steadily.")  # not the title's subject


def test_quality_a_line_crossed_is_turned_round_with_its_direction(nlp):
    # "unemployment rose above 10 percent in 1982" gave "… unemployment fell above 10 percent" (False): a line
    # crossed the other way is crossed in the other direction ("fell below")
    qs = questions(nlp, "Consumer prices in the United States rose above 10 percent during the second half of 1982.",
                   "truefalse-opposite")
    assert "Consumer prices in the United States fell below 10 percent during the second half of 1982." in qs, qs
    assert not any("fell above" in p for p in qs), qs
    qs = questions(nlp, "Consumer prices in the United States rose sharply during the second half of 1982.",
                   "truefalse-opposite")
    assert "Consumer prices in the United States fell sharply during the second half of 1982." in qs, qs


def test_quality_a_named_thing_that_flows_is_asked_for_as_a_river(nlp):
    # "What flows from the Pamir Mountains into the south of the Aral Sea?" had water for a second answer (round 47)
    from quiz.core.questions import wh_phrase

    doc = nlp("The Amu Darya flows from the Pamir Mountains into the south of the sea.")
    darya = next(t for t in doc if t.text == "Darya")
    assert wh_phrase("CONCEPT", darya, role="subject") == "which river"
    doc = nlp("The Amu Darya is heavily used for irrigation.")
    darya = next(t for t in doc if t.text == "Darya")
    assert wh_phrase("CONCEPT", darya, role="subject") == "what"


def test_quality_a_blank_is_never_a_vague_stretch_of_time(nlp):
    # "… and in ___ almost no river water arrived at all" -> "some dry years of the 1980s": no date to recall
    text = "The flow reaching the sea fell sharply, and in some dry years of the 1980s almost no river water arrived."
    assert not any("some dry years" in a for a in questions(nlp, text, "cloze").values())
    assert not any("dry years" in a for a in questions(nlp, text.replace("some dry", "the dry"), "cloze").values())
    assert "2 percent" in questions(nlp, "Many central banks aim for stable inflation of about 2 percent a year.", "cloze").values()


def test_quality_a_title_the_text_opens_with_is_kept(nlp):
    # "Lake Baikal" over "Lake Baikal is a freshwater lake …" was taken for a text without a title and renamed
    # "Baikal, Earth and Angara" after the names it mentions most
    text = ("Lake Baikal is a freshwater lake in southern Siberia, Russia. The Angara drains Baikal towards the Yenisei. "
            "Russia protects Baikal, and the Angara carries its water north.")
    assert corpus_of(nlp, text, title="Lake Baikal").sentences[0].document.title == "Lake Baikal"
    untitled = corpus_of(nlp, text, title="Lake Baikal is a freshwater lake in southern Siberia, Russia")
    assert untitled.sentences[0].document.title != "Lake Baikal is a freshwater lake in southern Siberia, Russia"


def test_quality_what_someone_could_not_explain_is_no_claim_of_theirs(nlp):
    # "Wegener could not explain what force might push entire continents …" made "Who explained that what force
    # might push …?" with Wegener for the key (round 51: garbled, and the key is wrong)
    text = ("Their main objection was that Wegener could not explain what force might push entire continents through "
            "the ocean floor. Wegener argued that the continents had once formed a single landmass.")
    qs = questions(nlp, text, "argument")
    assert not any("explain" in p for p in qs), qs
    assert qs.get("Who argued that the continents had once formed a single landmass?") == "Wegener"


def test_quality_someone_who_hopes_or_sends_a_person_is_asked_with_who(nlp):
    # "According to the author, what hoped that the Yuezhi would join an alliance …?" (round 51): the small model's
    # lemma of "hoped" is "hop", and the tagger gave the emperor no class
    qs = questions(nlp, "Emperor Wu hoped that the Yuezhi would join an alliance against their old enemy. Wu sent "
                        "Zhang Qian west in 138 BC.", "wh")
    assert any(p.endswith("who hoped that the Yuezhi would join an alliance against their old enemy?") for p in qs), qs
    assert "Who sent Zhang Qian west in 138 BC?" in qs, qs
    assert "BC" not in qs.values()  # the era is no organization


def test_quality_a_bare_noun_that_points_back_makes_no_statement(nlp):
    # "The response was even smaller than the year before", "The lesson matters well beyond Germany" (round 51: a
    # response to what? which lesson?)
    text = ("Thousands protested in Tbilisi in 2023. In 2024 the government brought the bill back. The response was "
            "even larger than the year before. Nevertheless, the lesson matters well beyond Germany.")
    for gen in ("truefalse", "truefalse-opposite"):
        qs = questions(nlp, text, gen)
        assert not any(p.startswith(("The response", "The lesson")) for p in qs), qs
    qs = questions(nlp, "The protests in Tbilisi were even larger than the year before.", "truefalse-opposite")
    assert "The protests in Tbilisi were even smaller than the year before." in qs, qs


def test_quality_the_authors_praise_is_the_authors(nlp):
    # "Germany deserves credit for its enormous investment in renewable energy" was a bare fact (round 51)
    from quiz.core.generators.common import is_opinion

    assert is_opinion(nlp("Germany deserves credit for its enormous investment in renewable energy."))
    assert not is_opinion(nlp("Germany closed its last three nuclear plants in April 2023."))


def test_quality_only_a_contest_is_won_and_a_sentences_own_verb_is_no_opposite(nlp):
    # "Germany won most of its supply of Russian pipeline gas" (False) and "The Angara eventually leaves the Yenisei"
    # (False, from "the Angara, which leaves its southwestern end, … joins the Yenisei"): nonsense (round 51)
    text = ("After Russia's invasion of Ukraine in 2022, Germany lost most of its supply of Russian pipeline gas. Only "
            "one river drains the lake: the Angara, which leaves its southwestern end, flows past the city of Irkutsk "
            "and eventually joins the Yenisei. Azerbaijan lost the first war in 1994.")
    qs = questions(nlp, text, "truefalse")
    assert not any("won most" in p or "leaves the Yenisei" in p for p in qs), qs
    assert qs.get("Azerbaijan won the first war in 1994.") == "False", qs


def test_quality_a_denial_until_a_date_keeps_its_denial(nlp):
    # "his government would not seek to open accession negotiations with the EU until the end of 2028" gave "…
    # would seek to open accession negotiations … until the end of 2028" (round 51: says another thing)
    text = ("On 28 November 2024, Irakli Kobakhidze announced that the Georgian government would not seek to open "
            "accession negotiations with the EU{}.")
    assert not questions(nlp, text.format(" until the end of 2028"), "truefalse-negated")
    assert questions(nlp, text.format(""), "truefalse-negated") == {
        "According to Irakli Kobakhidze, the Georgian government would seek to open accession negotiations with the "
        "EU.": "False"}


def test_quality_city_options_are_the_cities_nearest_it():
    # "central ___" (Tbilisi) offered "Alīgarh", a city of the same continent at random (round 51); districts of a
    # bigger city ("Islington", "Buda") are no cities of their own
    from quiz.core.distractors import _reference_options

    near = _reference_options("Tbilisi", "CITY")
    assert "Yerevan" in near[:5] and all(c.isascii() for c in near)
    assert not {"Islington", "Brent", "Buda", "Pest"} & set(_reference_options("Paris", "CITY") + _reference_options(
        "Vienna", "CITY"))


def test_quality_a_definite_resolved_to_a_name_takes_the_names_article(nlp):
    # "lived around the Lake Baikal" (round 51)
    from quiz.core.realize import render

    c = corpus_of(nlp, "Lake Baikal is a freshwater lake in Siberia. Buryats lived around the lake long before "
                       "Russian Cossacks arrived.", title="Lake Baikal")
    s = c.sentences[1]
    assert render(list(s.span), subs=s.resolutions) == "Buryats lived around Lake Baikal long before Russian Cossacks arrived."


def test_quality_it_and_its_opening_a_sentence_about_the_titles_subject_are_that_subject(nlp):
    # "It is the deepest lake in the world", "Its maximum depth is about 1,642 metres" in "Lake Baikal" gave nothing
    text = ("Lake Baikal is a freshwater lake in southern Siberia. It is the deepest lake in the world, the oldest lake "
            "known, and the largest freshwater lake by volume. The figures for depth and volume are what set Baikal "
            "apart. Its maximum depth is about 1,642 metres. The Angara drains the lake. Its water is cold.")
    from quiz.core.realize import render

    c = corpus_of(nlp, text, title="Lake Baikal")
    said = [render(list(s.span), subs=s.resolutions) for s in c.sentences]
    assert said[1].startswith("Lake Baikal is the deepest lake in the world")
    assert said[3] == "Lake Baikal's maximum depth is about 1,642 metres."
    assert said[5] == "Its water is cold."  # the Angara, just named, is a rival
    other = corpus_of(nlp, text, title="Siberian Lakes")  # a text about something else: no antecedent taken
    assert not other.sentences[3].resolutions


def test_quality_a_superlative_is_not_turned_round(nlp):
    # "The Kuybyshev Reservoir is the smallest reservoir in Europe" (from "largest"): rejected unread as implausible
    # (rounds 53-54); "the fourth-smallest inland body of water" is absurd
    for text in ("The Kuybyshev Reservoir is the largest reservoir in Europe by surface area.",
                 "Until the 1960s the Aral Sea was the fourth-largest inland body of water in the world."):
        qs = questions(nlp, text, "truefalse-opposite")
        assert not any("smallest" in p for p in qs), qs


def test_quality_a_figure_keeps_its_unit_among_its_options():
    # "Lake Baikal's maximum depth is about 636." (False): the swapped figure had lost its unit
    import random

    from quiz.core.distractors import _numeric_options, _too_close

    options = _numeric_options("about 1,642 metres", random.Random(1), 3)
    assert options and all(o.startswith("about ") and o.endswith(" metres") for o in options), options
    assert not _too_close("about 1,642 metres", "about 3,280 metres")
    assert _too_close("about 1,642 metres", "about 1,650 metres")


def test_quality_a_figure_a_copula_gives_makes_a_statement(nlp):
    qs = questions(nlp, "Lake Baikal's maximum depth is about 1,642 metres, and its average depth is more than 700 "
                        "metres.", "truefalse")
    assert qs.get("Lake Baikal's maximum depth is about 1,642 metres.") == "True", qs



def test_quality_what_is_gained_is_not_always_lost_and_only_someone_backs_something(nlp):
    # "Commoners who rose high enough lost noble status" (from "gained"), "The lower Volga … backed important
    # fisheries" (from "supported"): rejected in rounds 53-54
    qs = questions(nlp, "Under the new rules, commoners who rose high enough in the service gained noble status.",
                   "truefalse")
    assert not any("lost noble status" in p for p in qs), qs
    from quiz.core.generators.truefalse import _same_sense

    gained = next(t for t in nlp("In 1815 Austria gained Lombardy and Venetia in northern Italy.") if t.text == "gained")
    assert _same_sense(gained, "gain")  # territory is lost as it is gained
    qs = questions(nlp, "The lower Volga and the northern Caspian have long supported important fisheries.",
                   "truefalse-affirmed")
    assert not any("backed" in p for p in qs), qs
    qs = questions(nlp, "The Georgian government has long supported the construction of new railway lines.",
                   "truefalse-affirmed")
    assert any("backed" in p for p in qs), qs


def test_quality_one_of_many_with_a_plural_verb_is_a_broken_parse(nlp):
    # "For measles, one of the most infectious diseases known require to be immune" (round 53): the figure was read
    # as an aside of "one"
    from quiz.core.generators.common import garbled

    assert garbled(nlp("For measles, one of the most infectious diseases known, around 95 per cent of people need to "
                       "be immune.")[:])
    assert not garbled(nlp("One of the reactors was closed in 2011.")[:])


def test_quality_a_question_that_names_nothing_and_a_blank_an_office_fills_rank_low(nlp):
    # "According to the author, what has followed?" (followed what?) and "Armenia's prime minister, ___, said that
    # the exodus amounted to ethnic cleansing" (the office names him): rejected in rounds 53-54
    from collections import Counter

    from quiz.core.generators import Candidate
    from quiz.core.rank import feature_vector

    s = corpus_of(nlp, "A fragile peace has followed the war.").sentences[0]

    def features(prompt, type_="mcq", answer="a fragile peace", cls="CLAIM", generator="argument"):
        c = Candidate(type=type_, kind="argument", prompt=prompt, answer=answer, sentence=s, generator=generator,
                      answer_class=cls)
        return feature_vector(c, Counter())

    assert features("According to the author, what has followed?")["bare_question"] == 1.0
    assert features("Why should employers allow office work from home, not as a favour but?")["stem_cut"] == 1.0
    assert features("Why should employers allow office work from home?")["stem_cut"] == 0.0
    assert features("According to the author, what has followed the war in Karabakh?")["bare_question"] == 0.0
    assert features("Who was captured by the Xiongnu?", "short", "Zhang Qian", "PERSON", "wh")["bare_question"] == 0.0
    blank = "Armenia's prime minister, {{gap}}, said that the exodus amounted to ethnic cleansing."
    assert features(blank, "cloze", "Nikol Pashinyan", "PERSON", "cloze")["role_blank"] == 1.0
    assert features("In 1896 {{gap}} had discovered that uranium salts gave off rays.", "cloze", "Henri Becquerel",
                    "PERSON", "cloze")["role_blank"] == 0.0


def test_quality_kinds_set_out_in_parallel_are_exchanged(nlp):
    # "At divergent boundaries, plates move apart …" / "At convergent boundaries, plates move towards each other":
    # a science text going through the kinds of one thing gave no item at all (new held-out texts, round 51)
    text = ("Scientists recognise three main types of boundary. At divergent boundaries, plates move apart and new "
            "crust forms. At convergent boundaries, plates move towards each other. At transform boundaries, plates "
            "slide past each other horizontally.")
    qs = questions(nlp, text, "truefalse-parallel")
    assert qs == {"At convergent boundaries, plates move apart and new crust forms.": "False",
                  "At transform boundaries, plates move towards each other.": "False"}, qs
    assert not questions(nlp, "At divergent boundaries, plates move apart. In 1912 Wegener wrote a book.",
                         "truefalse-parallel")


def test_quality_a_river_that_joins_another_is_not_said_to_leave_it(nlp):
    # "The Oka leaves the Volga at Nizhny Novgorod" (from "joins", rounds 53-54); and since rounds 97-101 no joining
    # is turned into leaving at all: what joined may leave later, and the text never says it did not
    for text in ("The Oka joins the Volga at Nizhny Novgorod.",
                 "Armenia joined the Collective Security Treaty Organization in 1992."):
        made = [c.prompt for c in run_generators(corpus_of(nlp, text), None) if c.type == "truefalse"]
        assert not any(re.search(r"\b(?:leaves|left)\b", p) for p in made), made


def test_quality_an_explainer_has_no_main_point_item(nlp):
    # "Which statement best sums up the main point of 'How Vaccines Work'?" -> the lede's list of achievements: none
    # of the options was the point (rounds 53-54)
    from quiz.core.generators.thesis import generate_thesis

    text = " ".join(["Vaccines are among the most effective tools medicine has ever had, and they have transformed "
                     "public health across the world."] + [f"Sentence {k} explains one more step of how the immune "
                                                            "system learns to recognise a pathogen." for k in range(14)])
    assert not list(generate_thesis(corpus_of(nlp, text, title="How Vaccines Work")))


@pytest.mark.parametrize("text, generator, banned", [
    # "did not reach such levels at any time" turned round is no English (round 55)
    ("Ice cores show that carbon dioxide did not reach such levels at any time in at least the past 800,000 years.",
     "truefalse-negated", "at any time"),
    # "carry out" is no "transport out"; "fell far lower than planned" is no "decreased far lower" (round 55)
    ("The IPCC does not carry out its own measurements of the climate system.", "truefalse-negated", "transport"),
    ("During the safety test the power of reactor number 4 fell far lower than planned.", "truefalse-opposite",
     "decreased far lower"),
])
def test_quality_statements_that_lean_on_the_text_or_break_its_english_are_not_made(nlp, text, generator, banned):
    qs = questions(nlp, text, generator)
    assert not any(banned in p for p in qs), qs


def test_quality_blanks_that_give_themselves_away_or_split_a_date_are_not_made(nlp):
    # "In the early hours of 26 ___" (April 1986) and "rice ___" (paddies): round 55; "Which result is a huge steel
    # arch …?" asks for a name as if a result were a kind of thing
    qs = questions(nlp, "In the early hours of 26 April 1986, reactor number 4 at the Chernobyl plant exploded.", "cloze")
    assert "April 1986" not in qs.values(), qs
    qs = questions(nlp, "Methane, released by livestock, rice paddies and landfills, has more than doubled. Rice paddies "
                        "are flooded fields.", "term")
    assert "paddies" not in qs.values(), qs
    qs = questions(nlp, "The result, the New Safe Confinement, is a huge steel arch that was slid over the old shelter "
                        "in 2016.", "wh")
    assert not any(p.startswith("Which result") for p in qs), qs


def test_quality_a_bare_noun_for_a_change_a_figure_or_an_act_points_back(nlp):
    # "The decline has slowed in recent years", "Governments endorse the summaries line by line", "the preparations",
    # "The annual average has since increased …": of what? (rounds 55-56); "the Western sanctions" says which
    from quiz.core.generators.truefalse import _points_back

    c = corpus_of(nlp, "The decline has slowed. Governments endorse the summaries. During the preparations the power "
                       "fell. The annual average has increased. The Western sanctions weakened the economy.")
    subjects = [next(t for t in s.span if t.dep_ == "nsubj") for s in c.sentences]
    objects = [next(t for t in c.sentences[1].span if t.dep_ == "dobj")]
    assert [_points_back(t, c.sentences[k], c) for k, t in enumerate(subjects)] == [True, False, False, True, False]
    assert _points_back(objects[0], c.sentences[1], c)


def test_quality_a_statement_keeps_no_noun_that_leans_back_and_no_verb_turned_against_its_comparison(nlp):
    # "Governments endorse the summaries line by line" (which summaries?), "During the preparations the reactor's power
    # rose far lower than planned" (from "fell"): rounds 55-56
    qs = questions(nlp, "Experts write the reports for the panel. Governments endorse the summaries line by line.",
                   "truefalse-affirmed")
    assert not any("summaries" in p for p in qs), qs
    qs = questions(nlp, "During the safety test the reactor's power fell far lower than the engineers had planned.",
                   "truefalse-opposite")
    assert not any("rose far lower" in p for p in qs), qs
    qs = questions(nlp, "During the preparations the power of reactor number 4 fell sharply in the night.",
                   "truefalse-opposite")
    assert "The power of reactor number 4 rose sharply in the night." in qs, qs  # the front that leaned back is gone


def test_quality_a_denial_of_some_and_a_contrast_with_an_aside_make_no_statement(nlp):
    # "some older residents have never been shown …" -> "some … have been shown" is not false; "Unlike animals, which
    # pass genes only from parents to offspring, bacteria can …" -> "Animals, which pass genes only …, can pass genes
    # to neighbouring cells" contradicts itself (rounds 57-58)
    assert not questions(nlp, "Some older residents of the town have never been shown how to send an email.",
                         "truefalse-negated")
    assert questions(nlp, "The older residents of the town have never been shown how to send an email.",
                     "truefalse-negated")
    text = ("Unlike animals, which pass genes only from parents to offspring, bacteria can pass genes to neighbouring "
            "cells.")
    assert not questions(nlp, text, "truefalse-contrast")


def test_quality_a_person_blank_takes_the_surname_and_a_subject_that_leans_back_makes_no_blank(nlp):
    from quiz.core.generators.cloze import _variants

    text = "Bidzina Ivanishvili founded the party in 2012. Ivanishvili remains its honorary chairman."
    assert "Ivanishvili" in _variants("Bidzina Ivanishvili", "Bidzina Ivanishvili", person=True, text=text)
    qs = questions(nlp, "The announcement came shortly after the European Parliament adopted a resolution on Georgia.",
                   "cloze")
    assert not qs, qs


def test_quality_a_statement_names_what_its_pronouns_and_there_stand_for(nlp):
    # "The gap between their arrival times increases with distance", "Excavations there demonstrate …", "Several
    # senior party officials won their seats" (from "lost"): rounds 59-60
    text = ("P waves travel faster than S waves. The gap between their arrival times increases steadily with the "
            "distance from the source.")
    for gen in ("truefalse-opposite", "truefalse-affirmed"):
        assert not any("their arrival" in p for p in questions(nlp, text, gen))
    text = ("The old city stood on the hill of Afrasiyab. Excavations there demonstrate that a fortified settlement "
            "existed by the middle of the first millennium BC.")
    assert not any("there" in p for p in questions(nlp, text, "truefalse-affirmed"))
    assert not questions(nlp, "In the March 1989 elections several senior party officials lost their seats to reformers.",
                         "truefalse-opposite")
    kept = questions(nlp, "The sturgeon can no longer reach their former spawning grounds upstream of the dams.",
                     "truefalse-negated")  # the subject's own: bound
    assert any("their former spawning grounds" in p for p in kept), kept


def test_quality_an_aside_stays_out_of_an_exchanged_pair(nlp):
    # "… handed not to the village commune, known as the mir or obshchina but to individual families" (round 58:
    # the exchange lost its closing comma and read as broken)
    qs = questions(nlp, "In most of Russia, the land was handed not to individual families but to the village commune, "
                        "known as the mir or obshchina.", "truefalse-pair")
    assert qs == {"In most of Russia, the land was handed not to the village commune but to individual families.":
                  "False"}, qs


@pytest.mark.parametrize("text, generator, banned", [
    # "The task … decreased to the so-called liquidators" (from "fell to"): a task falls to someone (round 62)
    ("The task of bringing the damaged reactor under control fell to the so-called liquidators, hundreds of "
     "thousands of soldiers and miners.", "truefalse-opposite", "liquidators"),
    # "The long-distance overland trade was already strengthening" (from "weakening"): already when? (round 62)
    ("However, the long-distance overland trade across the steppe was already weakening by the fifteenth century.",
     "truefalse-opposite", "strengthening"),
    # "an alert can reach less distant places before the waves arrive": the "than" is another comparison's
    ("Because radio signals travel faster than seismic waves, an alert can reach more distant places before the "
     "damaging waves arrive.", "truefalse-opposite", "less distant"),
])
def test_quality_turned_words_keep_their_sense(nlp, text, generator, banned):
    qs = questions(nlp, text, generator)
    assert not any(banned in p for p in qs), qs


def test_quality_people_options_are_different_people(nlp):
    # "Peter the Great" beside "Peter Mikhailov", the name Peter travelled under (round 62)
    import random

    from quiz.core.distractors import Pools, make_distractors
    from quiz.core.ingest import load_documents
    from quiz.core.nlp import analyse

    docs, _ = load_documents([Path(__file__).resolve().parents[1] / "data" / "unseen" / "history_peter.txt"])
    corpus = build_corpus(analyse(docs, nlp))
    candidates = run_generators(corpus)
    pools = Pools(corpus, candidates)
    narva = [c for c in candidates if c.type == "mcq" and "Narva" in c.prompt and c.answer_class == "PERSON"]
    assert narva
    for cand in narva:
        options = make_distractors(cand, pools, random.Random(0)) or []
        firsts = [o.split()[0] for o in [cand.answer, *options] if len(o.split()) > 1]
        assert len(firsts) == len(set(firsts)), options


def test_quality_a_main_point_speaks_of_what_the_title_names(nlp):
    # "Around the mould was a clear ring where the Staphylococcus bacteria had failed to grow" was the "main point" of
    # "Antibiotics and the Rise of Resistance" (rounds 57-58): the opening anecdote
    from quiz.core.generators.thesis import _about_title

    c = corpus_of(nlp, "Around the mould was a clear ring where the bacteria had failed to grow. A centre without "
                       "cars would protect pedestrians.")
    assert not _about_title(c.sentences[0], "Antibiotics and the Rise of Resistance")
    assert _about_title(c.sentences[1], "Our Streets Are Too Valuable to Be Car Parks")


def test_quality_a_people_acting_is_asked_with_who(nlp):
    # "According to the author, what scuttled ships to block the harbour …?" -> Russians (rounds 63-64)
    qs = questions(nlp, "After a long siege, the Russians scuttled ships to block the harbour of Sevastopol.", "wh")
    assert any(p.endswith("who scuttled ships to block the harbour of Sevastopol?") for p in qs), qs
    assert not any("what scuttled" in p.lower() for p in qs), qs


def test_quality_a_question_opening_with_a_link_to_the_sentence_before_is_vague_and_light_is_not_mirrored(nlp):
    # "According to the author, in response, who travelled to the army hospital at Scutari …?" (in response to what?)
    # and "Some light is mirrored from the surface" (from "reflected"): rounds 63-64
    from quiz.core.generators.common import vague_context

    assert vague_context("In response, who travelled to the army hospital at Scutari?")
    assert vague_context("According to the author, in response, who travelled to the army hospital at Scutari?")
    assert not vague_context("Who travelled to the army hospital at Scutari in response to the reports?")
    qs = questions(nlp, "When sunlight reaches a solar panel, some light is reflected from the glass surface.",
                   "truefalse-affirmed")
    assert not any("mirrored" in p for p in qs), qs


def test_quality_an_infinitive_joined_to_a_purpose_is_no_clause_and_declining_to_is_refusing(nlp):
    # "A second tunnel raise the flow" (from "… built to divert water … and so increase the flow") and "Armenia grew
    # to host planned CSTO military exercises" (from "declined to host"): rounds 67-68
    text = ("A second tunnel was later built to divert water from the Vorotan River into the Arpa and so increase the "
            "flow.")
    for gen in ("truefalse", "truefalse-opposite", "truefalse-affirmed"):
        assert not any("tunnel raise" in p or "tunnel decrease" in p for p in questions(nlp, text, gen))
    text = "Armenia declined to host planned CSTO military exercises in early 2023."
    assert not any("grew to host" in p for p in questions(nlp, text, "truefalse"))


def test_quality_a_time_counted_from_the_sentence_before_is_vague():
    # "A year later, in September 2023, which country launched …?", "Over the following decades the water level
    # decreased by about 20 metres": later than what, following what? (rounds 67-68)
    from quiz.core.generators.common import vague_context

    assert vague_context("A year later, in September 2023, which country launched a rapid military offensive?")
    assert vague_context("Over the following decades the water level decreased by about 20 metres.")
    assert not vague_context("In September 2023 Azerbaijan launched a rapid military offensive.")


def test_quality_someone_chosen_or_exiled_is_asked_with_who(nlp):
    # "What was chosen to lead the rising?" -> Trubetskoy (rounds 67-68)
    qs = questions(nlp, "The conspirators met in St Petersburg in December. Trubetskoy was chosen to lead the rising "
                        "against the new tsar.", "wh")
    assert any(p.startswith("Who was chosen to lead the rising") for p in qs), qs


def test_quality_numeric_options_are_the_same_in_every_run():
    # the options were drawn from a set, whose order changes with Python's hash seed from one run to the next: the
    # same texts gave "nearly 19 percent" in one bank and "nearly 8 percent" in the next
    import subprocess
    import sys

    code = ("import random; from quiz.core.distractors import _numeric_options; "
            "print(_numeric_options('about 1,642 metres', random.Random(0), 3))")
    runs = {subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                           env={"PYTHONHASHSEED": str(k), "PATH": "/usr/bin:/bin"},
                           cwd=str(Path(__file__).resolve().parents[2])).stdout for k in range(1, 6)}
    assert len(runs) == 1, runs


def test_quality_a_statement_that_names_nothing_ranks_below_one_that_names_what_it_is_about(nlp):
    # on texts of new kinds (rounds 51-68) raters accepted 11 of 30 approved true statements that name nothing
    # ("The overland routes decreased in importance": which routes, when?) against 35 of 50 that name something
    from collections import Counter

    from quiz.core.generators import Candidate
    from quiz.core.rank import feature_vector, score

    corpus = corpus_of(nlp, "The overland routes declined in importance. Armenia long relied on Russia for its security. "
                            "By 1991 the shelter was cracking. Plasmids can be copied from one bacterium to another. "
                            "Plasmids carry genes. Industrialisation drew migrants to the city.")
    s0, s1, s2, s3 = corpus.sentences[:4]
    s5 = corpus.sentences[-1]

    bare = true_statement("The overland routes decreased in importance.", s0)
    named = true_statement("Armenia long depended on Russia for its security.", s1)
    dated = true_statement("By 1991 the shelter was cracking.", s2)
    term = true_statement("Plasmids can be copied from one bacterium to another.", s3)
    author = true_statement("According to the author, the overland routes decreased in importance.", s0)
    once = true_statement("Industrialisation drew migrants to the city.", s5)  # a rare word the text writes once
    f = {k: feature_vector(c, Counter()) for k, c in
         (("bare", bare), ("named", named), ("dated", dated), ("term", term), ("author", author), ("once", once))}
    assert f["bare"]["unanchored"] == 1.0 and f["author"]["unanchored"] == 1.0  # the author is no anchor
    assert f["once"]["unanchored"] == 1.0  # (rounds 71-72: "The population increased rapidly through
    # industrialisation and migration", whose population and when?)
    assert f["named"]["unanchored"] == 0.0 and f["dated"]["unanchored"] == 0.0 and f["term"]["unanchored"] == 0.0
    assert score(f["bare"]) < score({**f["bare"], "unanchored": 0.0})


def test_quality_blanks_for_names_and_typed_wh_questions_start_lower_than_blanks_for_terms(nlp):
    # the families that held up on new texts keep their weight; a blank for a name (5 of 14 accepted) and a typed
    # wh-question (8 of 20) start lower than a blank for the text's own term (10 of 14)
    from collections import Counter

    from quiz.core.generators import Candidate
    from quiz.core.rank import feature_vector

    corpus = corpus_of(nlp, "In 2016 Deutsche Bahn gave up running its own sleeper services, and many resistance "
                            "genes are carried on small rings of DNA called plasmids.")
    s = corpus.sentences[0]
    name = Candidate(type="cloze", kind="fact", prompt="In 2016 {{gap}} gave up running its own sleeper services.",
                     answer="Deutsche Bahn", sentence=s, generator="cloze", answer_class="ORG")
    term = Candidate(type="cloze", kind="definition", prompt="Resistance genes are carried on small rings of DNA called "
                     "{{gap}}.", answer="plasmids", sentence=s, generator="term", answer_class="TERM")
    who = Candidate(type="short", kind="fact", prompt="Who gave up running its own sleeper services in 2016?",
                    answer="Deutsche Bahn", sentence=s, generator="wh", answer_class="ORG")
    assert feature_vector(name, Counter())["name_blank"] == 1.0
    assert feature_vector(term, Counter())["name_blank"] == 0.0
    assert feature_vector(who, Counter())["wh_short"] == 1.0 and feature_vector(name, Counter())["wh_short"] == 0.0
    assert feature_vector(who, Counter())["unanchored"] == 0.0  # "in 2016" names when


def test_quality_a_text_whose_candidates_all_rank_low_still_reaches_the_desk_as_a_draft(nlp):
    # a text an instructor adds should show up with something to approve, edit or reject, not vanish; below the
    # floor nothing is kept, and a text that has an item gets no extra draft
    from quiz.core.generators import Candidate
    from quiz.core.rank import SelectionLimits, select

    one = corpus_of(nlp, "The Volga is about 3,530 kilometres long. Its basin covers about 1.36 million square kilometres.",
                    title="Volga")
    two = corpus_of(nlp, "The market hall was built in 1874. The council will vote on the plan next month.")
    v0, v1 = one.sentences
    m0, m1 = two.sentences

    def blank(prompt, answer, sentence, key):
        return Candidate(type="cloze", kind="fact", prompt=prompt, answer=answer, sentence=sentence,
                         generator="cloze", answer_class="NUMBER", key=key)

    best = blank("The Volga is about {{gap}} kilometres long.", "3,530", v0, "v0")
    weaker = blank("Its basin covers about {{gap}} square kilometres.", "1.36 million", v1, "v1")
    hall = blank("The market hall was built in {{gap}}.", "1874", m0, "m0")
    limits = SelectionLimits()
    kept = select([(hall, 0.8), (best, 0.3), (weaker, 0.25)], limits)
    assert [(c.key, q) for c, q in kept] == [("m0", 0.8), ("v0", 0.3)]
    assert limits.type_floor <= 0.3 < limits.min_quality
    assert [c.key for c, _ in select([(hall, 0.8), (best, 0.15)], limits)] == ["m0"]


def test_quality_which_questions_ask_for_a_kind_never_for_a_name_an_epithet_or_a_direction(nlp):
    # rounds 69-72: "Which vladimir is described in the text as the Great?", "Which gregory … as the Illuminator?"
    # (keyed with a cathedral), "Which west is described … as a division …?", and "Which khanate …?" taking
    # "Khanate" as right; the kind noun of a name the texts write in lower case still makes its question
    text = ("The prince was Volodymyr Sviatoslavych, later venerated as Saint Vladimir the Great. "
            "The choice also set the Rus apart from the Latin West, a division that deepened after the schism of 1054. "
            "From the mid-18th century the city was the seat of the Erivan Khanate, a province of Persia. "
            "The khanate was annexed by Russia in 1828.")
    qs = questions(nlp, text, "definition")
    assert not [p for p in qs if re.match(r"Which (?:vladimir|west|gregory)\b", p)]
    assert qs.get("Which khanate is described in the text as a province of Persia?") == "the Erivan Khanate"


def test_quality_a_typed_answer_the_question_itself_says_is_not_accepted(nlp):
    # "Erivan Khanate" is also "Khanate" by the rule for "Protestant Reformation"; asked "Which khanate …?", a
    # student typing "Khanate" has said nothing (rounds 71-72)
    from quiz.core.generators import Candidate
    from quiz.core.pipeline import _accepted

    corpus = corpus_of(nlp, "From the mid-18th century Yerevan was the seat of the Erivan Khanate, a province of Persia.")
    c = Candidate(type="short", kind="definition", prompt="Which khanate is described in the text as a province of Persia?",
                  answer="the Erivan Khanate", sentence=corpus.sentences[0], generator="definition",
                  answer_class="LOC", accept=("Erivan Khanate", "Khanate"))
    assert _accepted(c, {}) == ("Erivan Khanate",)


def test_quality_a_figure_given_as_a_bound_is_not_swapped_for_a_false_statement(nlp):
    # "ridership rose by more than 60 percent": "more than 24 percent" is true too, and "more than 8 percent" of
    # growth "averaging more than 5 percent" may be; both were keyed False (rounds 69-72). "about" is no bound
    text = ("When Dunkirk made its buses free in September 2018, ridership rose by more than 60 percent on weekdays "
            "in the city. The reservoir in the valley holds about 58 percent of the water that the region uses. "
            "Farms in the region take 24 percent of the water from the river. Industry in the city takes 12 percent "
            "of the water from the river.")
    qs = questions(nlp, text, "truefalse")
    assert [p for p, a in qs.items() if a == "True" and "ridership" in p]
    assert not [p for p, a in qs.items() if a == "False" and "ridership" in p]
    assert [p for p, a in qs.items() if a == "False" and "Industry" in p]  # a plain figure still turns false


def test_quality_a_denial_of_one_side_of_not_x_but_y_is_no_statement(nlp):
    # "Sleep is not lost time but an active process" -> "Sleep is lost time but an active process" contradicts
    # itself (rounds 71-72); a bare generic verb left alone once "not" is gone says too little (rounds 69-70)
    text = ("Sleep, in other words, is not lost time but an active process in which the brain consolidates memories. "
            "Under the four-day week, teachers' salaries, by far the largest cost, do not change. "
            "Russia’s approach to the former USSR, elaborated during the 1990s, no longer works.")
    qs = questions(nlp, text, "truefalse-negated")
    assert not [p for p in qs if "lost time" in p or "salaries" in p]
    assert [p for p in qs if p.endswith("still works.")]


def test_quality_the_comma_closing_a_fronted_phrase_stays_when_its_aside_goes(nlp):
    # "Unlike Kazakhstan, which earns …, Uzbekistan relies …" -> "Unlike Kazakhstan Uzbekistan depends …" ran the
    # two names together (rounds 69-70)
    text = ("Unlike Kazakhstan, which earns much of its foreign currency from oil, Uzbekistan relies on gold, gas, "
            "migrant earnings and a growing textile industry.")
    qs = questions(nlp, text, "truefalse")
    assert qs and all(p.startswith("Unlike Kazakhstan, Uzbekistan") for p in qs)


def test_quality_no_blank_for_a_word_joined_to_its_prefix_by_a_hyphen(nlp):
    # "Among the waste is beta-___, a protein …": the prefix gives the word away (rounds 71-72)
    text = ("Among the waste is beta-amyloid, a protein that forms plaques in Alzheimer's disease. "
            "Amyloid builds up in the brain during waking hours, and amyloid is cleared during deep sleep. "
            "Some amyloid stays.")
    qs = questions(nlp, text, "term")
    assert not [p for p in qs if "beta-{{gap}}" in p or "beta-_____" in p]


def test_quality_what_rises_as_it_moves_up_has_not_increased(nlp):
    # "in a runny basalt, bubbles can rise and escape" -> "bubbles can increase" was keyed True and rejected
    # (rounds 73-74); an amount that rises still turns ("prices", "the water level … fell by about two metres")
    text = ("In a runny basalt, bubbles can rise and escape relatively easily. Prices rose sharply in the region "
            "after the war. The water level of the Caspian fell by about two metres between 1930 and 1977.")
    qs = {**questions(nlp, text, "truefalse-opposite"), **questions(nlp, text, "truefalse")}
    assert not [p for p in qs if "bubbles" in p]
    assert qs.get("Prices fell sharply in the region after the war.") == "False"
    assert [p for p in qs if p.startswith("The water level of the Caspian rose by about two metres")]


def test_quality_an_entry_headed_by_its_subjects_name_has_no_main_point_item():
    # "Which statement best sums up the main point of “Karakum Desert and Karakum Canal”?" (rounds 73-74: no option
    # sums up a survey) and of "Danube" (held-out rounds: 0 of 3); a headline in capitals and the name given to a
    # text without a title are no headwords
    from quiz.core.generators.thesis import _headword

    assert _headword("Karakum Desert and Karakum Canal", "The Karakum Desert covers most of Turkmenistan. "
                     "The Karakum Canal carries water from the Amu Darya.")
    assert _headword("Dnieper", "The Dnieper (Ukrainian: Dnipro) is a major river of Eastern Europe.")
    assert not _headword("Make the Bus Free. It Is Cheaper Than It Sounds", "Every weekday morning, buses wait.")
    assert not _headword("Our City Centres Belong to People", "Our city centres belong to people, not cars.")
    assert not _headword("Russia, Turkey and Armenia", "The war changed the region. Russia, Turkey and Armenia …")


def test_quality_a_claim_is_never_given_to_a_bare_pronoun(nlp):
    # "According to he, how many houses remained?" and "Who reported that …?" keyed "he" (rounds 73-74)
    text = ("When the papal envoy John of Plano Carpini passed through Kiev in 1246, he reported that barely 200 "
            "houses remained and that skulls and bones still lay scattered in the fields.")
    qs = questions(nlp, text, "argument")
    assert not [p for p, a in qs.items() if "According to he" in p or a.lower() == "he"]


def test_quality_an_item_keeping_a_pronoun_whose_antecedent_it_left_out_ranks_down(nlp):
    # "… the Three Emperors' League survived their resentment" kept "their" and left the Russians out (rounds
    # 75-76); a statement that keeps the antecedent, or a collective subject ("the sturgeon … their"), is fine
    from collections import Counter

    from quiz.core.generators import Candidate
    from quiz.core.rank import feature_vector

    corpus = corpus_of(nlp, "The delegates left the hall early, and their plan failed within a week. "
                            "The sturgeon can still reach their former spawning grounds upstream.")
    s0, s1 = corpus.sentences

    left_out = true_statement("Their plan failed within a week.", s0)
    kept = true_statement("The delegates left the hall early, and their plan failed within a week.", s0)
    collective = true_statement("The sturgeon can still reach their former spawning grounds upstream.", s1)
    assert feature_vector(left_out, Counter())["dangling_pronoun"] == 1.0
    assert feature_vector(kept, Counter())["dangling_pronoun"] == 0.0
    assert feature_vector(collective, Counter())["dangling_pronoun"] == 0.0


def test_quality_an_elided_verb_phrase_makes_no_statement_when_its_denial_goes(nlp):
    # "… a child who shares a bedroom with three siblings, does." (rounds 75-76)
    text = ("A child with a quiet study and a parent at home may not need help, but a child whose parent works a "
            "night shift, or who shares a bedroom with three siblings, does not have that luxury. "
            "A child whose parent works a night shift does not.")
    qs = questions(nlp, text, "truefalse-negated")
    assert not [p for p in qs if p.rstrip(".").endswith((" does", " do", " did"))]


def test_quality_half_a_hyphenated_name_is_no_answer(nlp):
    # "Which country received the right to occupy … Bosnia?" keyed "Hungary" for Austria-Hungary (rounds 75-76)
    text = ("Under the treaty, Austria-Hungary received the right to occupy and administer Bosnia and Herzegovina in "
            "1878. Austria-Hungary had long wanted the provinces.")
    items = {**questions(nlp, text, "wh"), **questions(nlp, text, "cloze")}
    assert items and not [p for p, a in items.items() if a in ("Austria", "Hungary")]


def test_quality_a_point_the_text_qualifies_is_not_its_main_point():
    # the homework op-ed's "main point" was "Several schools … saw no fall in results, although such reports are
    # anecdotal and deserve proper study" (rounds 75-76: a hedged side point; no option stated the thesis)
    from types import SimpleNamespace

    from quiz.core.generators.thesis import _qualified

    assert _qualified(SimpleNamespace(text="Several schools that have dropped primary homework saw no fall in results, "
                                           "although such reports are anecdotal and deserve proper study."))
    assert not _qualified(SimpleNamespace(text="Primary schools should abolish compulsory homework."))


def test_quality_what_grows_around_something_has_not_increased_and_a_statement_leaning_back_is_vague(nlp):
    # "The town of Asbest … increased around one of the largest asbestos mines", "A fringing reef increases around a
    # volcanic island" (rounds 79-82); "Even the Ural River has brought about concern", "T and B cells use a reverse
    # logic", "Examples include ___": added to what, the reverse of what?
    from quiz.core.generators.common import vague_context

    text = ("The town of Asbest, northeast of Yekaterinburg, grew around one of the largest chrysotile asbestos mines "
            "in existence. Russia's economy grew by 3 percent in 2023.")
    qs = {**questions(nlp, text, "truefalse"), **questions(nlp, text, "truefalse-opposite")}
    assert not [p for p in qs if "Asbest" in p and ("increased" in p or "shrank" in p)]
    assert qs.get("Russia's economy shrank by 3 percent in 2023.") == "False"
    assert vague_context("Even the Ural River has brought about concern.")
    assert vague_context("T and B cells use a reverse logic.")
    assert vague_context("Examples include {{gap}}, a component of the outer wall of many bacteria.")
    assert not vague_context("The reverse of the coin shows an eagle.")


def test_quality_a_name_with_a_modifier_in_front_is_another_place_not_an_accepted_answer(nlp):
    # "Which country has been building a new line …?" (Azerbaijan) accepted "Persian Azerbaijan", a region of Iran
    # another text names (rounds 83-84)
    from quiz.core.generators import Candidate
    from quiz.core.pipeline import _accepted

    corpus = corpus_of(nlp, "Azerbaijan has been building a new line from Horadiz to Aghband near the Armenian border.")
    c = Candidate(type="short", kind="fact", prompt="Which country has been building a new line from Horadiz to Aghband?",
                  answer="Azerbaijan", sentence=corpus.sentences[0], generator="wh", answer_class="COUNTRY",
                  accept=("Azerbaijani", "Persian Azerbaijan"))
    assert "Persian Azerbaijan" not in _accepted(c, {})


def test_quality_a_thesis_keeps_what_is_the_readers_own_and_is_never_a_specification(nlp):
    from quiz.core.generators.thesis import _is_detail, statement_of

    corpus = corpus_of(nlp, "The clock should be a neutral measure of time, not a lever pulled twice a year at the "
                            "expense of our health. When finished, the plant is designed to have a dam about 335 "
                            "metres high, which would make it the tallest dam in the world, and an installed capacity "
                            "of 3,600 megawatts. An energy policy whose effect cannot be distinguished from zero is no "
                            "justification for disrupting everyone's sleep.")
    first, spec, argued = corpus.sentences
    assert "at the expense of people's health" in statement_of(first)  # not "the health" (rounds 85-86)
    assert _is_detail(spec)  # hedged ("would make it"), yet a specification of figures
    assert not _is_detail(argued)  # "zero" is a word, not a figure of the text: the author's argument, no detail


def test_quality_a_ruler_called_by_first_name_is_asked_with_who(nlp):
    # "According to the author, in 1708, what turned east …?" -> Charles (rounds 85-86)
    text = ("The allies hoped to exploit the youth of Charles XII, who had come to the throne in 1697. "
            "In 1708 Charles turned east toward Moscow with his army. Peter the Great waited. In 1709 Peter "
            "attacked the Swedish camp near the river.")
    qs = questions(nlp, text, "wh")
    asked = [p for p, a in qs.items() if a in ("Charles", "Peter")]
    assert asked and all(p.lower().startswith(("who", "in 1708, who", "in 1709, who")) or " who" in p for p in asked), asked
    assert not any(p.startswith(("What", "In 1708, what")) and a == "Charles" for p, a in qs.items())


def test_quality_no_blank_inside_a_longer_name(nlp):
    # "… past ___'s Square" for St Mark's Square (the 35 unseen texts, session 11)
    qs = questions(nlp, "In 2021 Italy banned large cruise ships from sailing through the Giudecca Canal and past St "
                        "Mark's Square, keeping the biggest vessels away from the historic centre of Venice.", "cloze")
    assert qs and not any("'s Square" in p and "St Mark" not in p for p in qs), qs


def test_quality_a_prescription_with_a_date_is_a_thesis_and_its_they_is_its_subject(nlp):
    # "It Is Time to Stop Changing the Clocks" keyed a side sentence (rounds 85-86): the point, in the lede, names
    # "all year round" (taken for a detail) and says "they" of the governments it began with
    from quiz.core.generators.thesis import _is_detail, statement_of

    corpus = corpus_of(nlp, "Governments should stop changing the clocks altogether, and the time they should keep "
                            "all year round is standard time, not permanent summer time. Employers should allow "
                            "office workers to work from home two or three days a week, not as a favour but because "
                            "it is good for workers.")
    point, cut = corpus.sentences
    assert not _is_detail(point)
    assert statement_of(point) == ("Governments should stop changing the clocks altogether, and the time they should "
                                   "keep all year round is standard time.")
    assert statement_of(cut) is None or not statement_of(cut).endswith("but.")  # no conjunction left dangling


def test_quality_no_denial_of_hyperbole(nlp):
    # "According to the author, a sugar tax is a miracle cure for obesity." False: guessed unread (rounds 85-86)
    text = ("A sugar tax is not a miracle cure for obesity, and it would be dishonest to present it as one. "
            "The levy is not a tax on the poor.")
    qs = questions(nlp, text, "truefalse-negated")
    assert not any("miracle" in p for p in qs), qs
    assert any("tax on the poor" in p for p in qs), qs


def test_quality_a_text_covered_by_a_draft_keeps_the_true_false_keys_balanced(nlp):
    # four fresh texts of rounds 85-86 had no item but each a true statement: the bank came out six True, no False
    from quiz.core.generators import Candidate
    from quiz.core.rank import _text_cover, SelectionLimits

    bank_text = corpus_of(nlp, "The port opened in 1916. The railway reached the coast. The town was renamed in 1917.")
    other = corpus_of(nlp, "The lake lies in the mountains. Its level fell by several metres in the last century.")

    def tf(sentence, key):
        return Candidate(type="truefalse", kind="fact", prompt=sentence.text, answer="True", sentence=sentence,
                         generator="truefalse", answer_class="TEXT", choices=("True", "False"), key=key)

    kept = [(tf(s, f"k{i}"), 0.7) for i, s in enumerate(bank_text.sentences)]  # three True, no False already
    statement = tf(other.sentences[1], "t")
    blank = Candidate(type="cloze", kind="fact", prompt="The lake lies in the {{gap}}.", answer="mountains",
                      sentence=other.sentences[0], generator="cloze", answer_class="LOC", key="c")
    assert [c.key for c, _ in _text_cover([(statement, 0.7), (blank, 0.55)], kept, SelectionLimits())] == ["c"]
    # … but never a much weaker item for it; and with the keys balanced, the best statement stays
    assert [c.key for c, _ in _text_cover([(statement, 0.7), (blank, 0.3)], kept, SelectionLimits())] == ["t"]
    assert [c.key for c, _ in _text_cover([(statement, 0.7), (blank, 0.55)], kept[:1], SelectionLimits())] == ["t"]


def test_quality_no_term_blank_for_one_of_a_list(nlp):
    text = ("Vaccines have greatly reduced deaths from measles, diphtheria, tetanus and whooping cough. Tetanus is "
            "caused by a toxin. Tetanus spores live in soil, and diphtheria spreads by droplets, a route called "
            "droplet transmission.")
    assert not any("measles" in p for p in questions(nlp, text, "term")), questions(nlp, text, "term")


def test_quality_questions_that_a_reparse_would_call_broken_are_not_made(nlp):
    # rounds 85-86: "What at the western tip, is linked by railway to the capital, Bishkek?", "Why, how many cells
    # does a car battery contain …?", "Why does the Moon gain … and slowly spirals outward?"
    from quiz.core.questions import _well_formed
    from quiz.core.realize import joined_bases

    qs = questions(nlp, "Balykchy, at the western tip, is linked by railway to the capital, Bishkek.", "wh")
    assert not any(", is linked" in p for p in qs), qs
    assert not _well_formed("what at the western tip, is linked by railway to the capital")
    assert _well_formed("which city, founded in 1850, is linked by railway to the capital")  # an aside closed
    doc = nlp("Prices rose sharply and stayed high for two years.")
    assert joined_bases(doc[1]) == {4: "stay"}


def test_quality_rounds_87_88_statements_and_keys(nlp):
    from quiz.core.generators import Candidate
    from quiz.core.generators.common import perfect_without_time
    from quiz.core.pipeline import _accepted

    # a past perfect with no time to be past to ("… had increased dramatically": true then, not after the disaster)
    assert perfect_without_time("The Soviet grain supply had increased dramatically.")
    assert not perfect_without_time("By 1958 the Soviet grain supply had increased dramatically.")
    assert not perfect_without_time("When had the grain supply increased?")
    assert perfect_without_time("The Soviet grain supply had shrunk dramatically.")  # its false half too
    assert not perfect_without_time("Russia had to demobilise its army.")  # an obligation, no past perfect
    assert not perfect_without_time("According to analysts, the sanctions had weakened the economy.")  # the report's
    assert not perfect_without_time("Jenner had noticed that milkmaids who caught {{gap}} were protected.")
    # a participle joined to one the statement left out ("… for ordinary travel, and extending to all …")
    from quiz.core.generators.thesis import statement_of

    corpus = corpus_of(nlp, "Governments should ban the use of private jets for ordinary travel, beginning "
                            "immediately with short flights where a train exists, and extending to all non-essential "
                            "private flights within a decade.")
    assert not (statement_of(corpus.sentences[0]) or "").count(", and extending")
    # a share typed as its bare number
    asked = Candidate(type="cloze", kind="fact", prompt="x {{gap}}", answer="46 per cent", sentence=corpus.sentences[0],
                      generator="cloze", answer_class="PERCENT")
    assert {"46", "46%"} <= set(_accepted(asked, {}))
    # a material is no kind: "Which gold is described in the text as a Canadian company …?"
    text = ("The Kumtor mine was run for years by Centerra Gold, a Canadian company originally created by the uranium "
            "producer Cameco. Gold mining brings in a tenth of the country's output. The gold price rose in 2024.")
    assert not any(p.startswith("Which gold") for p in questions(nlp, text, "definition"))


def test_quality_a_resolved_name_takes_the_article_the_text_gives_it_alone(nlp):
    # "… established Russian claims to the peninsula" -> "to the Kamchatka" (the text writes "the Kamchatka River",
    # "the Kamchatka expeditions", never "the Kamchatka" alone), and the title line above the lede is no part of
    # the name ("Kamchatka Kamchatka", rounds 87-88)
    text = ("Kamchatka is a peninsula in the Russian Far East. The Kamchatka River drains its centre, and the Kamchatka "
            "expeditions mapped it. Russian Cossacks reached Kamchatka in the late seventeenth century, and the "
            "expedition of Vladimir Atlasov between 1697 and 1699 established Russian claims to the peninsula.")
    doc = Document(document_id(text), "Kamchatka", "t.txt", "0" * 64, "Kamchatka\n\n" + text, len(text.split()))
    corpus = build_corpus([Analysed(doc, nlp(doc.text))])
    last = corpus.sentences[-1]
    assert sorted(v for v in last.resolutions.values() if v) == ["Kamchatka"], last.resolutions


def test_quality_the_end_of_a_list_is_no_aside(nlp):
    # "Wastewater from Petrozavodsk, effluent from … Kondopoga have brought about nutrient enrichment" (rounds 87-88)
    text = ("Wastewater from Petrozavodsk, effluent from the pulp and paper industry at Kondopoga, agricultural runoff "
            "and fish farming have caused nutrient enrichment in some bays of Lake Onega.")
    made = [p for gen in ("truefalse", "truefalse-affirmed", "truefalse-opposite", "cloze") for p in questions(nlp, text, gen)]
    assert not [p for p in made if re.search(r"Kondopoga,? (?:have|has)", p)], made


def test_quality_a_clause_keeps_its_words_in_order(nlp):
    # "Gold traded below 2,000 dollars an ounce the settlement was signed and when then rose …" (rounds 87-88)
    from quiz.core.realize import clause_tokens

    doc = nlp("Gold traded below 2,000 dollars an ounce when the settlement was signed and then rose to record highs "
              "above 3,000 dollars in 2025.")
    tokens = clause_tokens(doc[1])
    assert [t.i for t in tokens] == sorted(t.i for t in tokens)


def test_quality_a_term_blank_is_typed_where_the_text_defines_it_not_a_choice_among_its_other_terms(nlp):
    # multiple-choice term blanks: 6 of 20 accepted on the tuned texts, 1 of 18 on new ones (rounds 51-88: "pacemaker"
    # a second right answer, "tricuspid" and "calcium" of another kind); the typed blank where the text defines the
    # term held up (34 of 54 on new texts), so it is the one kept
    from quiz.core.rank import DEFAULT_WEIGHTS, score

    text = ("The heart has four chambers: two upper chambers called atria, which receive blood, and two lower chambers "
            "called ventricles, which push blood out. The atria fill while the ventricles contract. Blood leaves the "
            "ventricles through valves. The valves of the ventricles close with a sound.")
    made = run_generators(corpus_of(nlp, text), ["term"])
    typed = [c for c in made if c.type == "cloze" and "called {{gap}}" in c.prompt]
    choice = [c for c in made if c.type == "mcq" and "called _____" in c.prompt]
    assert typed and choice, [c.prompt for c in made]
    assert score(typed[0].features, DEFAULT_WEIGHTS) > score(choice[0].features, DEFAULT_WEIGHTS)


def test_quality_a_view_reported_in_between_is_no_thesis(nlp):
    # "The real test, many observers suggest, will come when …" keyed the news analysis's main point (rounds 87-88)
    from quiz.core.generators.common import reports_another_view

    first, second = corpus_of(nlp, "The real test, many observers suggest, will come when prices fall or the main pit "
                                   "nears exhaustion. The real test will come, I suspect, when prices fall.").sentences
    assert reports_another_view(first) and not reports_another_view(second)


def test_quality_a_term_is_blanked_once_and_only_an_aside_defines_it(nlp):
    # the heart explainer had "made of specialised cells called ___" and "When an electrical impulse reaches a ___,
    # calcium ions flow in …" in one bank, the second taken for a definition (rounds 87-88)
    from quiz.core.terms import defines

    doc = nlp("When an electrical impulse reaches a cardiomyocyte, calcium ions flow in through channels. Carbon "
              "dioxide enters through stomata, tiny pores on the leaf surface.")
    assert not defines(next(t for t in doc if t.text == "cardiomyocyte"))
    assert defines(next(t for t in doc if t.text == "stomata"))
    text = ("Heart muscle, or myocardium, is made of specialised cells called cardiomyocytes. When an electrical "
            "impulse reaches a cardiomyocyte, calcium ions flow in through channels in the cell membrane. Each "
            "cardiomyocyte contracts when calcium ions bind to its proteins. The heart beats about seventy times a "
            "minute at rest, and it pumps about five litres of blood each minute through the body.")
    from quiz.core.pipeline import build_bank_from_documents

    doc = Document(document_id(text), "How the Heart Works", "t.txt", "0" * 64, text, len(text.split()))
    bank, _ = build_bank_from_documents([doc], nlp)
    assert sum(i.answer.lower().startswith("cardiomyocyte") for i in bank.items) <= 1, [i.prompt for i in bank.items]


def test_quality_a_ruler_called_by_first_name_keeps_the_full_name_in_an_item(nlp):
    # "In the autumn Charles swung south into Ukraine." was unclear on its own (rounds 85-86)
    text = ("The allies hoped to exploit the youth of Charles XII, who had come to the throne in 1697. In the autumn of "
            "1708 Charles swung south into Ukraine with his whole army. Charles commanded a shrunken army that was "
            "short of gunpowder.")
    made = [p for gen in ("truefalse", "truefalse-affirmed", "wh") for p in questions(nlp, text, gen)]
    assert any("Charles XII swung" in p or "Charles XII commanded" in p for p in made), made
    assert not any(re.search(r"\bCharles (?!XII)(?:swung|commanded)", p) for p in made), made


def test_quality_who_threatened_to_resign_is_someone(nlp):
    # "What threatened to resign unless the German terms were accepted?" -> Lenin (rounds 87-88, a draft)
    text = ("The Bolsheviks argued for weeks about the peace. Lenin threatened to resign unless the German terms were "
            "accepted. The committee finally agreed by a narrow vote.")
    qs = questions(nlp, text, "wh")
    assert "Who threatened to resign unless the German terms were accepted?" in qs, qs
    assert not any(p.startswith("What") and qs[p] in ("Lenin", "Bolsheviks") for p in qs), qs


def test_quality_a_lone_name_the_texts_never_write_small_is_a_person(nlp):
    # "What descended the Amur between 1643 and 1646?" -> Poyarkov (rounds 89-90): a surname alone the tagger calls
    # a person is one, unless the texts also write the word small ("chlorophyll") or with an article ("the Danube")
    text = ("Russian explorers reached the Amur in the 1640s. Poyarkov descended the Amur between 1643 and 1646, "
            "wintering among the Daur. Chlorophyll absorbs red light, and chlorophyll reflects green light.")
    qs = questions(nlp, text, "wh")
    assert any(p.startswith("Who descended") for p in qs), qs
    assert not any(p.startswith("What descended") for p in qs), qs


def test_quality_rounds_89_90_statements(nlp):
    from quiz.core.generators.common import vague_context

    # an adjective with its complement left in the sentence before: sufficient for what?
    assert vague_context("Rayleigh showed that the air molecules were sufficient.")
    assert not vague_context("Rayleigh showed that the air molecules were sufficient to scatter blue light.")
    # a change turned round while its cause stays: common sense finds it false unread
    text = ("Stocks of several species on the Ob have declined sharply because of overfishing, poaching, dam "
            "construction and pollution.")
    made = [p for gen in ("truefalse", "truefalse-opposite", "truefalse-affirmed") for p in questions(nlp, text, gen)]
    assert not any("grown sharply because of" in p or "increased sharply because of" in p for p in made), made
    # litotes turned round ("not accidental" -> "accidental") and a law's "required" as "needed"
    text = ("The timing of Kazakhstan's push is not accidental. Belgium has required attendance at elections since "
            "1893, and Australia since 1924.")
    made = [p for gen in ("truefalse-negated", "truefalse-affirmed", "truefalse") for p in questions(nlp, text, gen)]
    assert not any(p.endswith("push is accidental.") or "needed attendance" in p for p in made), made


def test_quality_a_news_features_opening_scene_is_no_thesis(nlp):
    # the tea revival's "main point" key was its opening scene (rounds 89-90)
    from quiz.core.generators.thesis import _scene

    scene, dated = corpus_of(nlp, "In the humid hills of western Georgia, rows of neatly clipped tea bushes are once "
                                  "again appearing among abandoned plantations. In 2024 the government doubled its "
                                  "support for tea growers.").sentences
    assert _scene(scene) and not _scene(dated)


def test_quality_rounds_91_92_statements_and_kinds(nlp):
    text = ("Austria lowered the voting age to sixteen for national elections in 2007. A second large reservoir "
            "upstream could, in principle, allow winter generation at Kambarata. The next day Gorbachev resigned as "
            "General Secretary of the Communist Party. Reports by the Uzbek Forum for Human Rights, an independent "
            "monitoring group, have documented forced labour in the cotton fields.")
    made = [p for gen in ("truefalse", "truefalse-opposite", "truefalse-affirmed", "truefalse-negated", "definition")
            for p in questions(nlp, text, gen)]
    assert not [p for p in made if re.search(r"highered|could, in principle, forbid|^The next day|^Which rights", p)], made


def test_quality_rounds_93_94_names_and_statements_leaning_on_a_time(nlp):
    from quiz.core.generators.common import perfect_without_time, vague_context

    # "the Tajik Soviet republics": the tagger's person "Tajik Soviet" is none, and "Soviet" is no surname, so no
    # true/false statement says "According to Soviet, …" (round 93)
    corpus = corpus_of(nlp, "The delimitation of Central Asia in 1924 divided the valley among the Uzbek, Kyrgyz "
                            "and Tajik Soviet republics. Defence spending rose to levels unseen since Soviet times. "
                            "Sergei Chemezov, the head of Rostec, warned that many companies could be pushed towards "
                            "bankruptcy. Chemezov said so again in 2025.")
    people = set(corpus.entities.forms.get("PERSON", {}))
    assert "Soviet" not in people and "Tajik Soviet" not in people, people
    assert "Sergei Chemezov" in people
    # a statement in the past progressive with no time: "was extending" when? (round 93)
    assert perfect_without_time("Russia was extending its line of fortresses along the North Caucasus.")
    assert not perfect_without_time("In 1783 Russia was extending its line of fortresses.")
    assert not perfect_without_time("The result was interesting.")  # an adjective, not a verb
    # "the same" with nothing it is the same as (round 93: "Every large city confronts the same arithmetic")
    assert vague_context("Every large city confronts the same arithmetic.")
    assert not vague_context("Stockholm faces the same problem as London.")


def test_quality_an_op_eds_point_is_what_the_author_says_he_believes(nlp):
    from quiz.core.generators.thesis import _qualified, statement_of

    def stated(text: str) -> str | None:
        return statement_of(corpus_of(nlp, text).sentences[0])

    # the first person had kept most op-eds' theses out: the point is what the author believes (session 12)
    assert stated("I believe every democracy should lower its voting age to sixteen.") == \
        "Every democracy should lower its voting age to sixteen."
    assert stated("Yet I have come to the conclusion that a tax on sugar-sweetened beverages is one of the most "
                  "sensible public health measures available to governments today.") == \
        "A tax on sugar-sweetened beverages is one of the most sensible public health measures available to " \
        "governments today."
    assert stated("I believe it was a serious mistake.") is None  # what was?
    # "the time has come for schools to ban smartphones …" had become "The time has come from the first bell to the
    # last"
    assert stated("I believe the time has come for secondary schools to ban smartphones for the entire school day, "
                  "from the first bell to the last.") is None
    # what the author grants before the point is no point ("Germany deserves credit for its investment in …")
    assert _qualified(corpus_of(nlp, "Germany deserves credit for its enormous investment in renewable energy.")
                      .sentences[0])


def test_quality_a_name_the_text_calls_a_corporation_or_a_service_is_no_person(nlp):
    # the tagger called Rosatom and Rosstat persons (round 93): "Who …?" for a corporation, and a state statistics
    # service among the people a view could be given to
    corpus = corpus_of(nlp, "The government has chosen Russia's state nuclear corporation, Rosatom, to lead the "
                            "construction of the country's first large nuclear power plant. Supporters counter that "
                            "Rosatom has built reactors across a wide range of markets. Opposition to the choice of "
                            "Rosatom has been sharper still. The economy grew by more than 4 percent, according to "
                            "the statistics service Rosstat.")
    assert corpus.entities.types.get("rosatom") == "ORG"
    assert corpus.entities.types.get("rosstat") == "ORG"
    people = set(corpus.entities.forms.get("PERSON", {}))
    assert not people & {"Rosatom", "Rosstat"}, people


def test_quality_rounds_97_98_rulers_hooks_and_impossible_dates(nlp):
    from quiz.core.entities import year_of
    from quiz.core.generators.common import vague_context

    # "Alexander I" is no first person: a history is no opinion piece, and its facts no "According to the author, …"
    corpus = corpus_of(nlp, "In 1801 Emperor Alexander I formally annexed the kingdom. Napoleon came to terms with "
                            "Alexander I at Tilsit. Seeking a European ally, Fath-Ali Shah concluded the Treaty of "
                            "Finckenstein with France in 1807, and a French military mission arrived in Iran. "
                            "Fath-Ali Shah later regretted it.")
    assert not any(s.opinion_piece for s in corpus.sentences)
    # a ruler called by a title after the name is a person, and one who concludes a treaty is asked with "who"
    assert corpus.entities.types.get("fath-ali shah") == "PERSON"
    made = [c.prompt for c in run_generators(corpus, ["wh"]) if c.answer == "Fath-Ali Shah"]
    assert made and all(" who concluded " in f" {p[:1].lower()}{p[1:]}" for p in made), made
    # a state or a party that renounces land is asked with "who" too (round 99: "what renounced Kars …?")
    made = [c.prompt for c in run_generators(corpus_of(nlp, "Under the Treaty of Brest-Litovsk in March 1918, the "
                                                             "Bolsheviks renounced Kars, Ardahan and Batum. The "
                                                             "Bolsheviks later regretted it."), ["wh"])
            if "renounced Kars" in c.prompt]
    assert made and all("who renounced" in p for p in made), made
    # "For Kyrgyzstan, the stakes are even higher": than what?
    assert vague_context("For Kyrgyzstan, the stakes are even higher.")
    assert not vague_context("For Kyrgyzstan, the stakes are even higher than for Uzbekistan.")
    # "joined their armies" is no joining one leaves
    tf = [c.prompt for c in run_generators(corpus_of(nlp, "In 1410 Jagiełło and Vytautas joined their armies near "
                                                          "the border and marched north."), None)
          if c.type == "truefalse"]
    assert not any("left their armies" in p for p in tf), tf
    # a date after the battle a text is named for is never swapped for one before it
    assert year_of("The Battle of Grunwald, 1410") == 1410 and year_of("the nineteenth-century revival") == 1800
    text = ("In the thirteenth century the Order was invited by the Polish duke Konrad of Masovia to subdue the "
            "pagan Prussians. In the nineteenth century, when Poland was partitioned, Grunwald became a symbol of "
            "resistance to German domination.")
    tf = [c.prompt for c in run_generators(corpus_of(nlp, text, title="The Battle of Grunwald, 1410"), None)
          if c.type == "truefalse"]
    assert not any(p.startswith("In the thirteenth century, when Poland") for p in tf), tf
    tf = [c.prompt for c in run_generators(corpus_of(nlp, text, title="The Teutonic Order"), None)
          if c.type == "truefalse"]
    assert any(p.startswith("In the thirteenth century, when Poland") for p in tf), tf  # a text on no one date


def test_quality_a_statement_the_text_overturns_next_is_vague(nlp):
    from quiz.core.rank import _foil

    text = ("Kazakhstan has rarely been the centre of attention in the oil market. Its output is a fraction of Saudi "
            "Arabia's. That changed in 2025. Output rose to record levels.")
    corpus = corpus_of(nlp, text)
    first, last = corpus.sentences[0], corpus.sentences[-1]
    assert first.text.startswith("Kazakhstan has rarely") and last.text.startswith("Output rose")
    assert _foil(true_statement(first.text, first))
    assert not _foil(true_statement(last.text, last))


def test_quality_a_point_added_to_another_is_no_main_point(nlp):
    from quiz.core.generators.thesis import _adds

    def first(text):
        return corpus_of(nlp, text).sentences[0]

    # the cash op-ed's "main point" had been a concession added at its end (round 97)
    assert _adds(first("Businesses would also retain the right to refuse very large cash sums."))
    # "not only … but also" adds nothing to another point (a seed's thesis)
    assert not _adds(first("Putin's vision is unraveling not only in Ukraine but also in Nagorno-Karabakh."))


def test_quality_the_session_12_rules_leave_alone_what_only_looks_like_their_cases(nlp):
    from quiz.core.context import _regnal
    from quiz.core.entities import _described_as_org, year_of
    from quiz.core.generators.common import perfect_without_time, vague_context
    from quiz.core.generators.thesis import _adds, _qualified, statement_of
    from quiz.core.rank import _TURNED

    doc = nlp("After years at the company, Khodorkovsky was arrested.")
    assert not any(_described_as_org(e) for e in doc.ents if e.text == "Khodorkovsky")
    doc = nlp("In March I voted for the first time.")
    assert not any(_regnal(t) for t in doc if t.text == "I")
    first = [corpus_of(nlp, t).sentences[0] for t in (
        "Tuition fees are too high for most families.", "Parents as well as teachers must act.",
        "Women were granted the vote in 1918.")]
    assert not _adds(first[0]) and not _adds(first[1]) and not _qualified(first[2])
    assert not _TURNED.match("That ended the war.") and _TURNED.match("That changed in 2025.")
    assert not perfect_without_time("The war was nothing like the one before.")
    assert not vague_context("At the same time, prices rose.")
    assert year_of("the twenty-first century") == 2000 and year_of("1200 BC") is None
    # a denial inside what the author believes stays in it
    assert statement_of(corpus_of(nlp, "I believe cities should never build another ring road through their centres.").sentences[0]) == \
        "Cities should never build another ring road through their centres."


def test_quality_rounds_99_100_statements_that_lean_or_lose_their_subject(nlp):
    from quiz.core.generators.common import vague_context
    from quiz.core.rank import _echoes
    from quiz.core.realize import finite_clauses

    # the parser lost "the three republics" to "before": no clause of the treaty entering the Soviet Union
    s = corpus_of(nlp, "The treaty was ratified in Yerevan on 11 September 1922, shortly before the three republics, "
                       "already linked in a Transcaucasian federation, entered the new Soviet Union in December "
                       "1922.").sentences[0]
    assert not any(c.verb.lower_ == "entered" and c.subject.lower_ == "treaty" for c in finite_clauses(s.span))
    s = corpus_of(nlp, "The army crossed the river in May and took the city a week later.").sentences[0]
    assert [c.verb.lower_ for c in finite_clauses(s.span)] == ["crossed", "took"]  # a real "and" still joins
    # (but "The treaty was signed in Moscow and ratified in Yerevan" makes no "The treaty ratified in Yerevan", round
    # 123)
    # what leans on the sentence before: "In return …", "Weeks earlier, …", "is another special case", "as well"
    for leaning in ("In return Turkey renounced its claim to Batum.",
                    "Weeks earlier, China had expanded export restrictions on rare earths.",
                    "Ice is another special case.", "Moldova has been held back as well."):
        assert vague_context(leaning), leaning
    # "will need to materialise" is never "will require to materialise"
    tf = [c.prompt for c in run_generators(corpus_of(nlp, "And Uzbekistan's multi-billion-dollar pledges will "
                                                          "need to materialise as signed contracts."), None)]
    assert not any("require to" in p for p in tf), tf
    # a main point that restates the title is picked without reading
    assert _echoes("Every bottle and can should carry a deposit, and the sooner the better.",
                   "Put a Deposit on Every Bottle and Can")
    assert not _echoes("A coup meant to save the Union hastened its end.", "The August Coup of 1991")


def test_quality_rounds_101_102_owners_causes_and_the_kremlin(nlp):
    from quiz.core.generators.common import leans_back
    from quiz.core.questions import _bound_possessives

    def tf(text: str) -> list[str]:
        return [c.prompt for c in run_generators(corpus_of(nlp, text), None) if c.type == "truefalse"]

    # "A law passed in 2019 improved their funding": no one law owns "their"
    doc = nlp("A law passed in 2019 improved their funding.")
    assert not _bound_possessives(list(doc))
    doc = nlp("The sturgeon returned to their spawning grounds.")
    assert _bound_possessives(list(doc))  # a noun subject still may
    # what joined may leave later: no false statement that it left
    assert not any(" left " in p for p in tf("In 1686 Russia joined the anti-Ottoman Holy League of Austria, Poland "
                                               "and Venice."))
    # the cause kept beside a change turned round makes it false unread ("was strengthened by unpaid armies")
    assert not any("strengthened" in p for p in tf("The Commonwealth was weakened by unpaid armies and by the "
                                                     "rebellion of the nobleman Jerzy Lubomirski in 1665."))
    # "The relationship worsened sharply": between whom? "The episode, together with …": which?
    s = corpus_of(nlp, "The relationship worsened sharply at the end of June 2025.").sentences[0]
    assert any(leans_back(t, s) for t in s.span)
    s = corpus_of(nlp, "The episode, together with a deadly police raid on Azerbaijanis, has revealed how far "
                       "relations have fallen.").sentences[0]
    assert any(leans_back(t, s) for t in s.span)
    # a view is the Kremlin's, never "According to Kremlin, …"
    made = [c.prompt for c in run_generators(corpus_of(nlp, "The Kremlin said that Putin had apologised to Aliyev "
                                                             "for the crash in Russian airspace."), ["argument"])]
    assert not any(p.startswith("According to Kremlin") for p in made), made


def test_quality_the_later_session_12_rules_leave_alone_what_only_looks_like_their_cases(nlp):
    from quiz.core.generators.argument import _as_written
    from quiz.core.generators.common import leans_back, vague_context
    from quiz.core.questions import _bound_possessives
    from quiz.core.rank import _echoes
    from quiz.core.realize import finite_clauses

    assert _bound_possessives(list(nlp("The farmers said a drought had ruined their crops.")))
    for plain in ("In response to the strike, the government raised wages.", "As a result of the drought, prices "
                  "rose.", "Two years before the war, France signed a treaty.", "Sodium chloride is another name "
                  "for table salt."):
        assert not vague_context(plain), plain
    for text, verbs in (("The river rises in the mountains, flows east and empties into the sea.", ["rises", "flows"]),
                        ("The army crossed the river before dawn and attacked the town.", ["crossed", "attacked"])):
        assert [c.verb.text for c in finite_clauses(nlp(text)[:])] == verbs
    s = corpus_of(nlp, "The episode, along with the raid, revealed the limits of the alliance.").sentences[0]
    assert any(leans_back(t, s) for t in s.span)
    assert not _echoes("Governments can reduce waste by taxing plastic bags and bottles.",
                       "Put a Deposit on Every Bottle and Can")
    doc = nlp("Russia said that the Russia-Ukraine talks had failed.")
    assert _as_written("Russia", "COUNTRY", doc[0]) == "Russia"
    doc = nlp("The Kremlin said that Putin had apologised.")
    assert _as_written("Kremlin", "ORG", doc[1]) == "the Kremlin"


def test_quality_rounds_103_104_statements_cut_short_or_pointing_at_him(nlp):
    from quiz.core.realize import finite_clauses

    def tf(text: str) -> list[str]:
        return [c.prompt for c in run_generators(corpus_of(nlp, text), None) if c.type == "truefalse"]

    from quiz.core.generators.truefalse import _leans_back_kept

    # "Moscow initially saw him as a threat": who? (the denial of "Moscow did not initially see him as a threat")
    s = corpus_of(nlp, "Moscow did not initially see him as a threat.").sentences[0]
    assert _leans_back_kept(finite_clauses(s.span)[0], set(), s)
    s = corpus_of(nlp, "Moscow did not initially see Dubček as a threat.").sentences[0]
    assert not _leans_back_kept(finite_clauses(s.span)[0], set(), s)
    # a verb joined to one with "has been" has no "has been" of its own: "Kazakhstan shrinking capacity …"
    doc = nlp("Kazakhstan has been building additional track on congested lines leading to its border with China, "
              "and expanding capacity at its Caspian ports.")
    assert [c.verb.text for c in finite_clauses(doc[:])] == ["building"]


def test_quality_places_listed_one_after_another_are_not_described_by_each_other(nlp):
    # "Which peninsula is described in the text as the El Tatio field?" (key: Kamchatka Peninsula, session 13): the
    # parser hung the places of a list on the first one as its descriptions
    text = ("The rest are concentrated in a handful of places, notably the Valley of Geysers on Russia's Kamchatka "
            "Peninsula, the El Tatio field high in the Chilean Andes, the Taupō Volcanic Zone of New Zealand and "
            "Iceland.")
    assert not [p for p in questions(nlp, text, "definition") if "El Tatio" in p or "Taupō" in p]
    # one description of one name stays
    assert "Which river is described in the text as a right-bank tributary of the Syr Darya?" in questions(
        nlp, "Tashkent lies in the broad valley of the Chirchiq River, a right-bank tributary of the Syr Darya.",
        "definition")


def _thesis_of(nlp, name: str):
    from quiz.core.ingest import load_documents

    documents, _ = load_documents([Path(__file__).resolve().parent.parent / "data" / "fresh" / name])
    corpus = build_corpus([Analysed(d, nlp(d.text)) for d in documents])
    return list(run_generators(corpus, ["thesis"]))


def test_quality_a_main_point_is_offered_beside_the_views_the_author_answers(nlp):
    # rounds 97-104: a main-point item whose other options were all dated details ("A UK-wide scheme is promised for
    # October 2027") gave its key away by its form. The views the author argues against are the rival readings:
    # "Critics argue that adolescents are impulsive and easily swayed …", "Finally, some say that every age limit
    # is arbitrary, so we might as well keep eighteen"
    (item,) = _thesis_of(nlp, "oped_voting_age_sixteen.txt")
    assert item.answer == "Every democracy should lower its voting age to sixteen."
    assert {"Adolescents are impulsive and easily swayed.", "Every age limit is arbitrary."} <= set(item.choices)
    assert item.features["thesis_rival"] == 1.0
    # "Supporters of uniforms make serious points … They argue that uniforms reduce visible differences in wealth
    # and spare poorer children …": the other side, named in the sentence before
    (item,) = _thesis_of(nlp, "oped_against_school_uniforms.txt")
    assert "Uniforms reduce visible differences in wealth." in item.choices
    # what the author grants is no rival: "Critics are right that a generational ban is a new kind of law"
    from quiz.core.generators.thesis import rival_views

    corpus = corpus_of(nlp, "Critics are right that a generational ban is a new kind of law. Critics argue that "
                            "the ban will create a black market for cigarettes. But I think my reading of the evidence says "
                            "otherwise.")
    assert rival_views(corpus.sentences) == ["The ban will create a black market for cigarettes."]
    # a news report's "Critics argue that …" is a view it reports, not one it answers
    corpus = corpus_of(nlp, "Critics argue that the ban will create a black market for cigarettes. But officials "
                            "say the evidence points the other way.")
    assert rival_views(corpus.sentences) == []


def test_quality_a_main_point_stated_before_a_second_clause_that_leans_back_is_kept(nlp):
    # "Deposit return is among the cheapest, best-tested environmental policies available, and the arguments
    # against it have been answered many times over": the second half leans on "it"; the first is the point
    from quiz.core.generators.thesis import statement_of

    corpus = corpus_of(nlp, "Deposit return is among the cheapest, best-tested environmental policies available, "
                            "and the arguments against it have been answered many times over.")
    assert statement_of(corpus.sentences[0]) == (
        "Deposit return is among the cheapest, best-tested environmental policies available.")


def test_quality_round_105_statements_that_lean_back_or_take_back_a_dismissal(nlp):
    from quiz.core.generators.common import vague_context

    # "within weeks" of what? "the remaining Polish population": remaining after what? "The word": which word?
    assert vague_context("Polish forces gained control of Lwów within weeks.")
    assert vague_context("Most of the remaining Polish population was transferred to Poland.")
    assert vague_context("The word comes from Geysir, a spring in southwest Iceland.")
    assert not vague_context("Polish forces gained control of Lwów within weeks of the Austrian collapse.")
    assert not vague_context("The word geyser comes from Geysir, a spring in southwest Iceland.")
    assert not vague_context("Warsaw remaining neutral was never an option.")

    def tf(text: str) -> list[str]:
        return [c.prompt for c in run_generators(corpus_of(nlp, text), ["truefalse"])]

    # a litotes taken back reads as a dismissal anyone marks False: "… the case for rent control is foolish"
    assert not [p for p in tf("I have argued against it for years. To be fair to the other side, the case for rent "
                              "control is not foolish. My own view has not changed.") if "foolish" in p]
    # a motion with a direction has no pace to turn round
    assert not [p for p in tf("In the tube, electrons are accelerated outward toward a copper anode by a high "
                              "voltage.") if "slowed" in p]
    from quiz.core.generators.truefalse import _same_sense

    doc = nlp("After 2010 the government accelerated the privatisation of state farms.")
    assert _same_sense(doc[4], "accelerate")
    doc = nlp("In the tube, electrons are accelerated outward toward a copper anode by a high voltage.")
    assert not _same_sense(doc[6], "accelerate")


def test_quality_an_answer_cut_where_a_date_began_is_no_key():
    from quiz.core.generators import cut_short

    assert cut_short("the February Revolution of")
    assert cut_short("the Treaty of")
    assert not cut_short("the February Revolution")
    assert not cut_short("Every bottle and can should carry a deposit, and the sooner the better.")
    assert not cut_short("of")  # one word is no phrase cut short


def test_quality_round_107_statements_cut_apart_by_the_parse(nlp):
    from quiz.core.realize import finite_clauses

    def tf(text: str) -> list[str]:
        return [c.prompt for c in run_generators(corpus_of(nlp, text), ["truefalse"])]

    # a participle describing the subject, made the main verb: "The Baltic provinces lost at Nystad"
    doc = nlp("The Baltic provinces won at Nystad remained part of the Russian Empire until its collapse.")
    assert [c.verb.text for c in finite_clauses(doc[:])] == ["remained"]
    doc = nlp("Russia won the war and remained a great power.")
    assert [c.verb.text for c in finite_clauses(doc[:])] == ["won", "remained"]
    # a list kept without its end: "The United States may contribute money, technology."
    assert not [p for p in tf("The United States may contribute money, technology or, more contentiously, new "
                              "military assistance counted toward its share.") if p.endswith("technology.")]
    # a verb's "and" dropped between words kept on both sides: "flows rose sharply, only one entry point, at Sudzha …"
    assert not [p for p in tf("After the full-scale invasion in 2022, flows fell sharply, and only one entry point, "
                              "at Sudzha in Russia's Kursk region, remained in use.") if "entry point" in p]
    # the 'not' of a clause cut short is no denial of the main verb: "… with some countries rounding and others."
    assert not [p for p in tf("The Commission has studied this issue for a decade, but a patchwork persists, with "
                              "some countries rounding and others not.") if p.rstrip(".").endswith("others")]
    # words of the subject left between the wh-word and its verb: "What meaning the Living Pillar, dominates …?"
    qs = questions(nlp, "That cathedral, Svetitskhoveli, meaning the Living Pillar, dominates the town.", "wh")
    assert not [q for q in qs if "meaning" in q]
    from quiz.core.generators.common import vague_context

    assert vague_context("Ukraine faces its own gas problems.")
    assert vague_context("According to the chronicles, Yermak drowned in the Irtysh a few years later.")
    assert not vague_context("Kazakhstan built its own refinery at Shymkent.")


def test_quality_round_107_an_op_eds_point_alone_among_figures_is_a_draft(nlp):
    # "Setting a minimum price per unit is one of the cheapest, best-evidenced steps the government could take"
    # among three statistics: the one general claim is picked by its form (rounds 95-108)
    from quiz.core.rank import DEFAULT_WEIGHTS

    assert DEFAULT_WEIGHTS["thesis_alone"] < -1.0
    (item,) = _thesis_of(nlp, "oped_for_sugary_drinks_tax.txt")
    assert item.features["thesis_alone"] == 1.0
    # its details are whole sentences, not "… a similar tax, and studies there." (round 95)
    assert all(o == item.answer or not o.endswith(" there.") for o in item.choices)
    (item,) = _thesis_of(nlp, "oped_voting_age_sixteen.txt")  # it answers its critics
    assert item.features["thesis_alone"] == 0.0
    (item,) = _thesis_of(nlp, "history_august_coup_1991.txt")  # a history's point is no op-ed's
    assert item.features["thesis_alone"] == 0.0
    # a call to the reader is no point ("Look in any kitchen drawer in the eurozone"), and half a point is none:
    # "The EU should adopt a harmonised rounding rule, stop issuing the smallest coins and let them retire"
    from quiz.core.generators.thesis import _imperative, statement_of

    (look,) = corpus_of(nlp, "Look in any kitchen drawer in the eurozone and you will probably find them.").sentences
    (adopt,) = corpus_of(nlp, "The EU should adopt a harmonised rounding rule, stop issuing the smallest coins and "
                              "let them retire gracefully.").sentences
    assert _imperative(look) and not _imperative(adopt)
    assert statement_of(adopt) is None


def test_quality_session_13_a_then_that_answers_an_if_stays(nlp):
    # "… should follow, if not with a complete phase-out then with firm caps": the 'then' is no connective
    from quiz.core.questions import declarative
    from quiz.core.realize import finite_clauses

    doc = nlp("Other cities should follow, if not with a complete phase-out then with firm caps.")
    assert "then with firm caps" in declarative(finite_clauses(doc[:])[0])


def test_quality_round_109_a_subject_is_never_asked_with_when(nlp):
    # "In July 1792, judging resistance hopeless, when joined the Targowica Confederation?" (key "August": the
    # king Stanisław August's name taken for a month)
    qs = questions(nlp, "In July 1792, judging resistance hopeless, Stanisław August joined the Targowica "
                        "Confederation.", "wh")
    assert not [q for q in qs if re.search(r"\bwhen joined\b", q, re.I)]
    assert "When did Stanisław August join the Targowica Confederation?" in {
        re.sub(r"^Judging resistance hopeless, w", "W", q) for q in qs}


def test_quality_round_109_the_other_sides_case_denied_is_read_off_the_title(nlp):
    from quiz.core.ingest import load_documents

    fresh = Path(__file__).resolve().parent.parent / "data" / "fresh"
    documents, _ = load_documents([fresh / n for n in (  # the ten texts rounds 109-110 rated
        "encyclopedia_tallinn.txt", "encyclopedia_terek_river.txt", "science_how_the_aurora_forms.txt",
        "science_how_a_transistor_works.txt", "history_battle_of_borodino.txt",
        "history_constitution_of_3_may_1791.txt", "oped_for_limiting_short_term_rentals.txt",
        "oped_against_universal_basic_income.txt", "news_russia_digital_ruble.txt", "news_kazakhstan_new_tax_code.txt")])
    corpus = build_corpus([Analysed(d, nlp(d.text)) for d in documents])
    made = [c.prompt for c in run_generators(corpus, ["truefalse", "truefalse-negated"])]
    # "But the arguments of the policy's most prominent opponents do not survive scrutiny" as "… survive
    # scrutiny" (False): that the author rejects the other side's case is read off the title
    assert not [p for p in made if "survive scrutiny" in p]
    # a denial about the matter itself stays a statement to judge
    assert [p for p in made if "hostility to visitors" in p]
    # and a sum blanked is a draft at best ("a scheme that gave ___ dollars a month", rounds 69-110: 0 of 10)
    from quiz.core.rank import DEFAULT_WEIGHTS

    assert DEFAULT_WEIGHTS["cloze_class_money"] <= -1.0


def test_quality_round_111_a_permission_an_aside_and_a_city_named_after_a_man(nlp):
    from quiz.core.generators.truefalse import _same_sense

    # "Washington has since allowed more time for talks" is no "forbidden more time"; "allows platforms to show
    # adverts" can be turned round
    doc = nlp("Washington has since allowed more time for talks with other potential buyers.")
    assert not _same_sense(doc[3], "allow")
    doc = nlp("The Digital Services Act allows online platforms to show adverts to minors.")
    assert _same_sense(doc[4], "allow")
    # the comma that closes an aside stays when a connective after it goes
    from quiz.core.questions import declarative
    from quiz.core.realize import finite_clauses

    doc = nlp("Britain, proud of its traditions of liberty, now has fewer formal safeguards than its neighbours.")
    assert declarative(finite_clauses(doc[:])[0]) == (
        "Britain, proud of its traditions of liberty, has fewer formal safeguards than its neighbours.")
    doc = nlp("The plan, however, has fewer safeguards than the old law.")
    assert declarative(finite_clauses(doc[:])[0]) == "The plan has fewer safeguards than the old law."
    # a city is never asked with "who", whatever the tagger makes of "Gorky"
    qs = questions(nlp, "In the Soviet period, Gorky became a major industrial city.", "wh")
    assert not [q for q in qs if "who became" in q.lower()]


def test_quality_round_111_often_not_and_a_kingdom_annexed(nlp):
    def tf(text: str) -> list[str]:
        corpus = corpus_of(nlp, text)
        return [c.prompt for c in run_generators(corpus, ["truefalse", "truefalse-negated"])]

    # "what reaches the ground is often not a single crystal": "… is often a single crystal" is not false
    made = tf("I have watched snow for years. Snowflakes grow in clouds, and what reaches the ground is often not a "
              "single crystal. My own photographs show it.")
    assert not [p for p in made if "often a single crystal" in p]
    # a land annexed is never asked with "who"
    qs = questions(nlp, "Imereti was annexed by the Russian Empire in 1810.", "wh")
    assert not [q for q in qs if q.lower().startswith("who was annexed")]


def test_quality_session_13_review_the_new_rules_leave_alone_what_only_looks_like_their_cases(nlp):
    from quiz.core.generators import cut_short
    from quiz.core.generators.common import vague_context
    from quiz.core.generators.thesis import rival_views, statement_of
    from quiz.core.questions import declarative
    from quiz.core.realize import finite_clauses

    def decl(text: str) -> str | None:
        return declarative(finite_clauses(nlp(text)[:])[0])

    # an aside closed before a connective between two commas keeps its comma; an opening phrase does not
    assert decl("Britain, proud of its traditions of liberty, however, has fewer cameras than France.") == (
        "Britain, proud of its traditions of liberty, has fewer cameras than France.")
    assert decl("In 1990, the plan, however, failed.") == "In 1990, the plan failed."
    # a 'then' of time after a linking verb goes as before
    assert decl("The capital was then Kraków.") == "The capital was Kraków."
    # a time set between the subject and its verb would lose one of its commas: no subject question
    assert not [q for q in questions(nlp, "Napoleon, in the summer of 1812, invaded Russia.", "wh")
                if q.startswith("Who")]
    # people are seized and become centres of intrigue
    assert "Who became the centre of court intrigue?" in questions(
        nlp, "Grigori Rasputin became the centre of court intrigue.", "wh")
    assert "Who was seized by royal soldiers in 1170?" in questions(
        nlp, "Thomas Becket was seized by royal soldiers in 1170.", "wh")
    # a name ending on a capital word is no answer cut short
    assert not cut_short("vitamin A") and not cut_short("Something to Live For")
    # "yet" joins two verbs of one subject; the first is no participle describing it
    assert [c.verb.text for c in finite_clauses(nlp("Napoleon lost the battle yet kept his throne.")[:])] == [
        "lost", "kept"]
    # a claim the author answers with "This is why …" is the author's own; "the right to drive" is no concession
    corpus = corpus_of(nlp, "I drive every day. Climate scientists warn that the glaciers of the Alps will vanish by "
                            "the year 2100. This is why every town should ban cars from its centre. My view is simple.")
    assert rival_views(corpus.sentences) == []
    corpus = corpus_of(nlp, "I drive every day. Critics argue that the right to drive into the city centre is a basic "
                            "freedom. But my view is simple.")
    assert rival_views(corpus.sentences) == ["The right to drive into the city centre is a basic freedom."]
    # "not as costly as" is a comparison, not a rejected reason
    corpus = corpus_of(nlp, "A four-day week is not as costly as most employers fear.")
    assert statement_of(corpus.sentences[0]) is not None
    # a distance is no time
    assert not vague_context("The lava flow stopped within a few hundred metres of the village.")
    assert not vague_context("The town lies within a day's walk of the border.")


def test_quality_round_113_comparisons_bound_together_a_promotion_and_reveal(nlp):
    texts = Path(__file__).resolve().parent.parent / "data" / "fresh"
    from quiz.core.ingest import load_documents

    documents, _ = load_documents([texts / n for n in (
        "news_russia_car_recycling_fee.txt", "encyclopedia_vilnius.txt", "science_how_radiocarbon_dating_works.txt")])
    corpus = build_corpus([Analysed(d, nlp(d.text)) for d in documents])
    candidates = run_generators(corpus, None)
    made = [c.prompt for c in candidates if c.type == "truefalse"]
    # "higher fees mean that Russians will pay more for each car" is never "… pay less" (guessed on its face)
    assert not [p for p in made if "will pay less for each car" in p]
    # "raised … to the status of an academy" is never "lowered"; "reveals" is never "exposes"
    assert not [p for p in made if "lowered by King Stephen" in p or "exposes how long ago" in p]
    assert [c.prompt for c in candidates if "raise the local Jesuit college to the status of an academy" in c.prompt]


def test_quality_round_109_an_entrys_subject_is_accepted_for_its_older_name(nlp):
    # "Under imperial rule, what became the capital of the Governorate of Estonia?" keyed "Reval": the text says
    # "the city was known to Germans, Swedes and Russians as Reval", so "Tallinn" is right too (round 109)
    from quiz.core.ingest import load_documents
    from quiz.core.pipeline import _accepted, _aliases

    documents, _ = load_documents([Path(__file__).resolve().parent.parent / "data" / "fresh" / "encyclopedia_tallinn.txt"])
    corpus = build_corpus([Analysed(d, nlp(d.text)) for d in documents])
    aliases = _aliases(corpus)
    sentence = next(s for s in corpus.sentences if s.text.startswith("Under imperial rule Reval"))
    from quiz.core.generators import Candidate

    asked = Candidate(type="short", kind="fact", prompt="Under imperial rule, what became the capital of the "
                      "Governorate of Estonia?", answer="Reval", sentence=sentence, generator="wh",
                      answer_class="CITY")
    assert "Tallinn" in _accepted(asked, aliases)
    # a name the text gives only as another place's is no alias ("known as" about something else)
    assert "estonia" not in aliases or "Tallinn" not in aliases["estonia"]


def test_quality_a_name_keeps_no_words_of_its_aside_and_it_is_the_subject_of_the_clause_opened_alike(nlp):
    # "Who inscribed the Macedonian part of Lake Ohrid Охридско Ohridsko i as a natural site in 1979?": "the lake" had
    # taken the compounds of the aside after the name ("Lake Ohrid (Macedonian: Охридско Езеро, …)")
    text = ("Lake Ohrid (Macedonian: Охридско Езеро, Ohridsko Ezero; Albanian: Liqeni i Ohrit) is a deep freshwater "
            "lake in the southwestern Balkans. UNESCO inscribed the Macedonian part of the lake as a natural site in "
            "1979.")
    made = questions(nlp, text, "wh")
    assert any("Lake Ohrid as a natural site" in p for p in made), made
    assert not any("Ohridsko" in p or "Охридско" in p for p in made), made
    # "If the factor is less than one, the reaction dies away. If it is greater than one, …": 'it' is the factor, not
    # the reaction (round 115's "if the reaction is greater than one, the number of fissions increases")
    corpus = corpus_of(nlp, "If the factor is less than one, the reaction dies away. If it is greater than one, the "
                            "number of fissions grows.")
    second = corpus.sentences[1]
    it = next(t for t in second.span if t.lower_ == "it")
    assert second.resolutions.get(it.i) == "the factor"
    # a sentence opened otherwise still speaks of the one before's subject
    corpus = corpus_of(nlp, "The council will vote on the plan next month. If it approves the plan, work starts in May.")
    second = corpus.sentences[1]
    it = next(t for t in second.span if t.lower_ == "it")
    assert second.resolutions.get(it.i) == "the council"


def test_quality_round_115_a_bill_is_not_cut_and_an_agency_is_accepted_by_its_initials(nlp):
    from quiz.core.generators import Candidate
    from quiz.core.pipeline import _accepted, _aliases

    # "Groups such as Livable California, which campaigned against ___ 9, …" keyed "SB", accepting "Stefan Batory"
    text = ("Groups such as Livable California, which campaigned against SB 9, say that state-level reforms strip "
            "local communities of control. In 1579 Stefan Batory took Polotsk.")
    corpus = corpus_of(nlp, text)
    assert not [p for p in questions(nlp, text, "cloze") if "against {{gap}} 9" in p]
    assert "Stefan Batory" not in _aliases(corpus).get("sb", set())
    sentence = corpus.sentences[0]
    asked = Candidate(type="cloze", kind="fact", prompt="x {{gap}}", answer="Environmental Protection Agency",
                      sentence=sentence, generator="cloze", answer_class="ORG")
    assert "EPA" in _accepted(asked, {})  # round 117: "EPA" refused
    asked = Candidate(type="cloze", kind="fact", prompt="x {{gap}}", answer="early 2015", sentence=sentence,
                      generator="cloze", answer_class="DATE")
    assert "2015" in _accepted(asked, {})
    asked = Candidate(type="cloze", kind="fact", prompt="x {{gap}}", answer="Stefan Batory", sentence=sentence,
                      generator="cloze", answer_class="PERSON")
    assert "SB" not in _accepted(asked, {}, True)


def test_quality_a_building_is_never_asked_with_who(nlp):
    # "In 1692, who was badly damaged by an explosion during Ottoman operations?" keyed "Bagrati Cathedral"
    made = questions(nlp, "In 1692 Bagrati Cathedral was badly damaged by an explosion during Ottoman operations and "
                          "stood roofless for three centuries.", "wh")
    assert not [p for p in made if p.lower().startswith(("who", "in 1692, who"))], made


def test_quality_round_121_a_name_joined_by_a_dash_is_no_aside(nlp):
    # "… through the Central Asia– pipeline system, while …": "–China" had been dropped as an appositive
    text = ("Turkmenistan sends most of its natural gas exports to China through the Central Asia–China pipeline "
            "system, while Kazakhstan is an important supplier of uranium.")
    made = [p for gen in ("truefalse", "wh") for p in questions(nlp, text, gen)]
    assert not [p for p in made if "Asia– " in p], made
    # with its name whole, "To which country does Turkmenistan send …" would say the answer: no such question
    assert not [p for p in made if p.startswith("To which country")], made


def test_quality_round_119_a_name_the_tagger_took_for_a_noun_keeps_its_capital(nlp):
    # "According to the author, transport for London's monitoring has …": a name lowered after the prefix
    from quiz.core.realize import lower_first

    doc = nlp("Transport for London's monitoring has shown that most vehicles meet the standard. The data published "
              "by Transport for London are clear.")
    first = list(doc[:6])
    assert lower_first(first, "Transport for London's monitoring") == "Transport for London's monitoring"
    doc = nlp("Support for London's bid has grown. The mayor welcomed it.")
    assert lower_first(list(doc[:6]), "Support for London's bid") == "support for London's bid"


def test_quality_rounds_119_and_121_a_denial_that_leaves_nonsense_is_not_taken_back(nlp):
    text = ("The RAC and other motoring groups have also argued, with some justice, that retailers did not pass on the "
            "full value of the 2022 cut at the pump, particularly in the early months.")
    assert not [p for p in questions(nlp, text, "truefalse-negated") if "early months" in p]
    text = "Other institutions have already shown that returning fragments does not empty museums."
    assert not [p for p in questions(nlp, text, "truefalse-negated") if "does empty" in p]
    # a plain denial is still taken back
    made = questions(nlp, "Gazprom did not publish a price or a start date for construction.", "truefalse-negated")
    assert any("published a price" in p for p in made), made
    made = questions(nlp, "Turkey has shown that Russia does not control the market.", "truefalse-negated")
    assert any("Russia controls the market" in p for p in made), made  # not "does control"


def test_quality_round_123_a_swapped_in_word_takes_its_own_article():
    from quiz.core.generators.truefalse import SWAP
    from quiz.core.pipeline import _article_for

    assert _article_for(f"In a {SWAP} watch the pulses drive counters.", "analogue") == \
        "In an analogue watch the pulses drive counters."
    assert _article_for(f"An {SWAP} economy grew.", "European") == "A European economy grew."
    # where the sound is not sure from the letter, the text's own article stays (review: "an horse", "a MRI")
    assert _article_for(f"an {SWAP} scanner", "MRI") == "an MRI scanner"
    assert _article_for(f"a {SWAP} of length", "unit") == "a unit of length"
    assert _article_for(f"a {SWAP} race", "horse") == "a horse race"
    assert _article_for(f"the {SWAP} watch", "analogue") == "the analogue watch"


def test_quality_rounds_120_to_125_statements_cut_from_a_sentence_keep_what_they_need(nlp):
    from quiz.core.generators.common import garbled
    from quiz.core.questions import _bound_possessives
    from quiz.core.realize import finite_clauses

    # "The only known manuscript lost in the Moscow fire of 1812" (True): a passive's "was" lost (round 123)
    doc = nlp("The only known manuscript was acquired at the Monastery of the Transfiguration of the Saviour by Count "
              "Aleksei Musin-Pushkin, published in 1800 and then lost in the Moscow fire of 1812.")
    assert [c.verb.text for c in finite_clauses(doc[:])] == ["acquired"]
    # "The completion of the Turkestan-Siberian Railway in 1930 accelerated its growth": the city's growth (round 125)
    doc = nlp("The completion of the Turkestan-Siberian Railway in 1930 linked the city to the rest of the Soviet Union "
              "and accelerated its growth.")
    conj = next(c for c in finite_clauses(doc[:]) if c.verb.text == "accelerated")
    its = next(t for t in doc if t.lower_ == "its")
    assert its.i not in _bound_possessives([t for t in conj.tokens if t.i not in {k.i for k in doc[7:17]}])
    doc = nlp("Russia has expanded its army.")
    assert next(t.i for t in doc if t.lower_ == "its") in _bound_possessives(list(doc))
    # "Packed lunches, which surveys by researchers … have repeatedly found …": "surveys" read as a verb (round 125)
    from quiz.core.ingest import load_documents

    documents, _ = load_documents([Path(__file__).resolve().parent.parent / "data" / "fresh" /
                                   "oped_for_universal_free_school_meals.txt"])
    corpus = build_corpus([Analysed(d, nlp(d.text)) for d in documents])
    made = [c.prompt for c in run_generators(corpus, ["truefalse-opposite", "truefalse"])]
    assert made and not [p for p in made if p.startswith("Packed lunches have")]
    assert not garbled(nlp("The impulse spreads across both atria, which contract and push blood into the ventricles.")[:])


def test_quality_round_123_a_ruler_called_by_the_first_name_is_accepted_in_full(nlp):
    from quiz.core.generators import Candidate
    from quiz.core.pipeline import _accepted, _aliases

    corpus = corpus_of(nlp, "Tradition credits the city's foundation to Yaroslav the Wise around 1010. According to a "
                            "legend, Yaroslav killed a bear with an axe and founded a town on the spot.")
    asked = Candidate(type="short", kind="fact", prompt="Who killed a bear with an axe?", answer="Yaroslav",
                      sentence=corpus.sentences[1], generator="wh", answer_class="PERSON")
    assert "Yaroslav the Wise" in _accepted(asked, _aliases(corpus), True)
    corpus = corpus_of(nlp, "Peter the Great founded the city in 1703. Peter III was deposed by his wife in 1762. "
                            "Peter liked the sea and ships.")
    asked = Candidate(type="short", kind="fact", prompt="Who liked ships?", answer="Peter",
                      sentence=corpus.sentences[-1], generator="wh", answer_class="PERSON")
    assert not {"Peter the Great", "Peter III"} & set(_accepted(asked, _aliases(corpus), True))


def test_quality_round_125_a_main_point_is_never_the_view_the_text_goes_on_to_question(nlp):
    from quiz.core.ingest import load_documents

    documents, _ = load_documents([Path(__file__).resolve().parent.parent / "data" / "fresh" /
                                   "history_battle_of_talas_751.txt"])
    corpus = build_corpus([Analysed(d, nlp(d.text)) for d in documents])
    theses = [c.answer for c in run_generators(corpus, ["thesis"])]
    assert not [t for t in theses if t.startswith("For a long time the battle was presented")], theses
    # nor what it grants before "but" (session 16): the text gives no sentence of its own point, so no main point
    assert not [t for t in theses if t.startswith("The battle may have")], theses


def test_quality_rounds_127_to_130_what_the_raters_of_the_last_sets_found(nlp):
    from quiz.core.ingest import load_documents

    fresh = Path(__file__).resolve().parent.parent / "data" / "fresh"
    documents, _ = load_documents([fresh / n for n in (
        "history_treaty_of_san_stefano.txt", "news_latvia_istanbul_convention_withdrawal.txt",
        "oped_for_banning_energy_drink_sales_to_children.txt", "encyclopedia_odesa.txt", "science_how_the_ear_hears.txt",
        "oped_for_zonal_electricity_pricing.txt", "oped_against_heathrow_third_runway.txt")])
    corpus = build_corpus([Analysed(d, nlp(d.text)) for d in documents])
    made = {c.prompt: c for c in run_generators(corpus, None)}
    # "Britain saw a large Bulgaria under Russian tutelage." without its "as a threat"
    assert not [p for p in made if p.startswith("Britain saw a large Bulgaria") and "as a threat" not in p]
    # "Mr Rinkēvičs did so in early November": did what?
    assert not [p for p in made if "did in early November" in p]
    # "Who concluded that raise no safety concerns …?": the claim keeps its subject
    assert not [p for p in made if "that raise no safety concerns" in p]
    # "In 1794, what ordered the construction of a naval and commercial harbour?" (Catherine II)
    assert not [p for p in made if p.startswith(("What ordered", "In 1794, what ordered"))]
    # "mammalian hair cells regenerate, so damage … accumulates": contradicts itself
    assert not [p for p in made if "hair cells regenerate, so" in p]
    # "If the constraint bill keeps climbing, Britain will have to face the question again" is no main point
    assert not [c.answer for c in made.values() if c.generator == "thesis" and c.answer.startswith("If ")]
    # "Rachel Reeves is right that Britain needs growth …" is the author's view, never a bare fact
    assert not [p for p, c in made.items() if p.startswith("Rachel Reeves is right") and c.type == "truefalse"]


def test_quality_round_127_no_view_is_given_across_a_semicolon(nlp):
    text = ("The commander of the Samogitians is not named in the sources; some modern historians have suggested the "
            "Samogitian duke Vykintas, but this remains conjecture.")
    made = [p for gen in ("truefalse-negated", "truefalse", "argument") for p in questions(nlp, text, gen)]
    assert not [p for p in made if "According to some modern historians" in p], made
    made = questions(nlp, "Some modern historians have suggested that the commander was not named in the sources.",
                     "truefalse-negated")
    assert [p for p in made if p.startswith("According to some modern historians")], made


def test_quality_review_of_session_14_the_new_rules_keep_to_what_they_were_for(nlp):
    from quiz.core.entities import shared_surname
    from quiz.core.generators.common import is_opinion
    from quiz.core.questions import declarative
    from quiz.core.realize import finite_clauses

    def statements(text):
        return [declarative(c) for c in finite_clauses(nlp(text)[:])]

    # a named subject owns its "its"; a verb with no passive is no passive's half; an "as" of another clause
    assert "Kazakhstan expanded its trade with Azerbaijan." in statements(
        "Kazakhstan built a new port on the Caspian and expanded its trade with Azerbaijan.")
    assert "Mozart died in Vienna in 1791." in statements("Mozart was born in Salzburg in 1756 and died in Vienna in 1791.")
    assert "The government welcomed the report." in statements(
        "The government welcomed the report, but critics described it as a whitewash.")
    # a plain fact that opens with "For centuries" is no view the text questions
    from quiz.core.generators.common import OLD_VIEW
    assert not OLD_VIEW.search("For centuries, the Silk Road carried silk, spices and ideas between China and Rome.")
    assert OLD_VIEW.search("For a long time the battle was presented as a turning point in the history of Asia.")
    # a title or a possessive before a surname is no other person
    text = "Georgy Zhukov led the defence. Marshal Zhukov later took Berlin. Turkey's Zhukov is another matter."
    assert not shared_surname(["Georgy", "Zhukov"], text)
    # "a legal right" is a fact
    assert not is_opinion(nlp("In Finland, access to broadband is a legal right."))
    # "If the pump stops, the reactor heats up quickly. If it heats up …": the reactor
    corpus = corpus_of(nlp, "If the pump stops, the reactor heats up quickly. If it heats up for more than a minute, "
                            "the alarm sounds.")
    second = corpus.sentences[1]
    it = next(t for t in second.span if t.lower_ == "it")
    assert second.resolutions.get(it.i) != "the pump"
    # "the treaty" after "the Treaty of Paris" never takes the next name with it
    corpus = corpus_of(nlp, "Under the Treaty of Paris France ceded Canada to Britain in 1763. The treaty also "
                            "returned Cuba to Spain.")
    assert "France" not in " ".join(corpus.sentences[1].resolutions.values())


def test_quality_rounds_131_to_134_a_denial_with_need_and_a_comparison_with_nothing_to_compare(nlp):
    made = questions(nlp, "In any case, a frequent flyer levy need not raise more money than the current duty.",
                     "truefalse-negated")
    assert not [p for p in made if "need raise" in p], made
    text = ("Star dunes grow to the greatest heights; some in the Namib Desert rise above 300 metres, and the "
            "megadunes of the Badain Jaran Desert in China are higher still.")
    assert not [p for p in questions(nlp, text, "truefalse-opposite") if p.rstrip(".").endswith(("lower", "higher"))]


def test_quality_a_kind_exchanged_takes_the_article_its_sound_wants(nlp):
    # "In a digital watch …" with the other kind the text names: "In an analogue watch …", never "In a analogue watch"
    # (the kind-exchange statements missed the article that the swapped-in names get, session 15)
    text = ("In a digital watch the one-second pulses drive counters that update a liquid-crystal display. In an "
            "analogue watch they drive a tiny stepping motor, usually of a design named after its inventor, Marius "
            "Lavet.")
    statements = questions(nlp, text, "truefalse-parallel")
    assert "In an analogue watch the one-second pulses drive counters that update a liquid-crystal display." in statements
    assert not any(re.search(r"\b[Aa] analogue\b|\b[Aa]n digital\b", p) for p in statements)


@pytest.mark.parametrize("title,approved", [
    ("Rail Baltica's Rising Bill Tests Baltic Resolve", False),  # a headline: its claim, or a side sentence, is keyed
    ("The Rail Baltica Project and Its Costs", True),  # a topic: the text's point is asked and approved
])
def test_quality_a_main_point_under_a_headline_waits_for_an_instructor(nlp, title, approved):
    # rounds 51-134: 6 of 44 ratings of main points under a headline with a verb accepted ("Gazprom Bets on China …",
    # "Stop Selling Energy Drinks to Children"), against 32 of 58 under a name or a topic; the item stays in the
    # bank below the approval bar, where there is room for it
    assert bool(approved_main_points(nlp, "fresh/news_rail_baltica_cost_overruns.txt", title)) is approved


def test_quality_an_era_exchanged_keeps_its_capital_and_never_meets_the_sentences_years(nlp):
    # round 135: "Under soviet rule, and especially after the uprisings of 1831 and 1863, …": the lowered name, and an
    # era false by the sentence's own dates, not by the text
    text = ("Under Russian rule the authorities closed the university in Vilnius. Under Soviet rule the collective "
            "farms replaced the old villages. Under Russian rule, and especially after the uprisings of 1831 and "
            "1863, the authorities pursued policies of Russification.")
    statements = questions(nlp, text, "truefalse-parallel")
    assert "Under Soviet rule the authorities closed the university in Vilnius." in statements
    assert not any("soviet" in p for p in statements)
    assert not any("1831" in p for p in statements)


def test_quality_a_main_point_never_leans_on_what_the_sentences_before_named(nlp):
    from quiz.core.generators.thesis import _leans_back

    corpus = corpus_of(nlp, "A copy was found in Berlin in 2017. The discovery was greeted in Lithuania as a "
                            "national event. The battle ended without a decisive victory for either side.",
                       title="The Battle of Khotyn and the Act")
    title_words = {"battle", "khotyn", "act"}
    leaning = [s.text for s in corpus.sentences if _leans_back(s, title_words)]
    assert leaning == ["The discovery was greeted in Lithuania as a national event."]


@pytest.mark.parametrize("answer,bare", [("the Prut River", "Prut"), ("Lake Ladoga", "Ladoga")])
def test_quality_a_river_or_a_lake_is_accepted_by_its_name(nlp, answer, bare):
    # round 137: "the Prut" was the natural answer to "Which river is a tributary of the Danube?"; the grader took it
    # but the card showed only "the Prut River", which is all an Anki card compares with
    from quiz.core.generators import Candidate
    from quiz.core.pipeline import _accepted

    corpus = corpus_of(nlp, f"{answer[0].upper()}{answer[1:]} is a tributary of the Danube and flows south.")
    c = Candidate(type="short", kind="definition", prompt="Which river is a tributary of the Danube?", answer=answer,
                  sentence=corpus.sentences[0], generator="definition", answer_class="LOC")
    assert bare in _accepted(c, {})


@pytest.mark.parametrize("text,vague", [
    ("Supporters compare a loot box to a Kinder egg with a toy inside. The comparison does not survive contact with "
     "the facts.", "The comparison"),
    ("Estonia, Latvia and Lithuania have all struggled to pay for the line. The difficulties have been most visible "
     "in Latvia.", "The difficulties"),
    # a noun that says what it is about points back to nothing
    ("Supporters compare a loot box to a Kinder egg. The comparison between the two does not survive scrutiny.", None),
])
def test_quality_a_noun_for_what_the_text_just_said_is_vague_on_its_own(nlp, text, vague):
    # rounds 137-138: "According to the author, the comparison survives contact with the facts" (which comparison?),
    # and session 14's "The difficulties have been most visible in Latvia"
    corpus = corpus_of(nlp, text)
    assert (corpus.sentences[-1].vague_nps[:1] or (None,))[0] == vague


def test_quality_what_someone_suspected_is_no_fact_to_ask_about(nlp):
    # round 135: "Who intended to go over to Lithuania?" (Novgorod) from Ivan's suspicion, asked as the text's fact
    qs = questions(nlp, "The worst atrocity came in the winter of 1569–1570. Suspecting that Novgorod intended to go "
                        "over to Lithuania, Ivan marched north with his oprichniki, sacking Klin and Tver on the way.",
                   "wh")
    assert not any("go over to Lithuania" in q for q in qs)


def test_quality_a_town_that_became_a_post_is_never_a_who(nlp):
    # round 135: "Who became a frontier post facing the Ottoman fortress of Kars?" (Kumayri, a town)
    qs = questions(nlp, "Kumayri became a frontier post facing the Ottoman fortress of Kars, and after the "
                        "Russo-Turkish War of 1828–1829 thousands of Armenians who had left the Kars and Erzurum regions "
                        "settled there.", "wh")
    assert not any(q.startswith("Who became") for q in qs)


def test_quality_a_name_cut_short_is_never_an_option():
    # round 139: "Ursula von der" among the options of "Who warned that Minsk may seek …?"
    from quiz.core.distractors import _clean

    assert _clean("Ursula von der") == ""
    assert _clean("the Ursula von der Leyen's") == "Ursula von der Leyen"


@pytest.mark.parametrize("text,prompt_part", [
    ("At sea level a very wide nozzle would over-expand the gas and the flow could separate from the walls.",
     "over-"),  # round 139: "over-extend", said to be true
    ("By the late 1980s the regime's position had weakened badly.", "strengthened badly"),  # round 141
])
def test_quality_a_verb_turned_or_reworded_keeps_its_sense(nlp, text, prompt_part):
    statements = questions(nlp, text, "truefalse-opposite")
    assert not any(prompt_part in p and "over-expand" not in p for p in statements)


@pytest.mark.parametrize("text,vague", [
    ("Early smoke detectors were expensive. Prices decreased sharply during the 1970s.", "Prices"),
    ("The church backed the government for years. Relations worsened after the 2020 war.", "Relations"),
    ("The church backed the government for years. Relations between them worsened after the war.", None),
])
def test_quality_prices_or_relations_of_nothing_named_are_vague(nlp, text, vague):
    # rounds 139-142: "Prices decreased sharply during the 1970s" (of smoke detectors), "Relations improved after the
    # 2020 war" (between the church and the government)
    corpus = corpus_of(nlp, text)
    assert (corpus.sentences[-1].vague_nps[:1] or (None,))[0] == vague


def test_quality_a_common_word_is_no_name_on_its_own(nlp):
    # round 141: "Museum" accepted for "the British Museum"; "Reformation" still names the Protestant one
    from quiz.core.generators import Candidate
    from quiz.core.pipeline import _accepted

    corpus = corpus_of(nlp, "The British Museum opened in 1759. The Protestant Reformation began in 1517.")
    museum = Candidate(type="short", kind="fact", prompt="What opened in 1759?", answer="the British Museum",
                       sentence=corpus.sentences[0], generator="wh", answer_class="ORG")
    reform = Candidate(type="short", kind="fact", prompt="What began in 1517?", answer="the Protestant Reformation",
                       sentence=corpus.sentences[1], generator="wh", answer_class="EVENT")
    assert "Museum" not in _accepted(museum, {})
    assert "Reformation" in _accepted(reform, {})


@pytest.mark.parametrize("text,bad", [
    # round 143: without "never … again" the Volga conquests "were seriously threatened", as they had been before
    ("The Volga conquests were never seriously threatened again.", "were seriously threatened"),
    # round 143: "According to the author, most important, hydrogen occurs freely in nature"
    ("Most important, hydrogen does not occur freely in nature.", "most important"),
])
def test_quality_a_denial_taken_back_leaves_no_word_that_needed_it(nlp, text, bad):
    assert not any(bad in p for p in questions(nlp, text, "truefalse-negated"))


def test_quality_a_remedy_and_a_diagnosis_named_by_nothing_are_vague(nlp):
    # round 143: "According to the author, the remedy follows from the diagnosis" (of what?)
    corpus = corpus_of(nlp, "Tariffs raise prices for consumers. But the remedy does not follow from the diagnosis.")
    assert corpus.sentences[-1].vague_nps == ("the remedy", "the diagnosis")


def test_quality_a_ruler_named_by_office_is_asked_with_who(nlp):
    # round 143: "On 2 August, what ordered a final, all-out assault?" (the khan)
    qs = questions(nlp, "The Crimean army was exhausted. On 2 August the khan ordered a final, all-out assault.", "wh")
    assert not any(q.startswith("On 2 August, what ordered") for q in qs), qs
    assert any("who ordered" in q.lower() for q in qs), qs


@pytest.mark.parametrize("path,approved", [
    ("fresh/history_battle_of_molodi_1572.txt", False),  # "The battle was overshadowed in Russian memory …"
    ("corpora/essay_cities.txt", True),  # an essay's conclusion states its point: "A centre without cars would …"
])
def test_quality_a_historys_closing_words_are_no_main_point_to_approve(nlp, path, approved):
    # rounds 133-144: a history's last paragraph keyed as its point (Karlowitz, Dayton, Molodi) was rejected; the
    # essay's closing point was accepted in all six ratings of rounds 41-48
    assert bool(approved_main_points(nlp, path)) is approved


def test_quality_an_it_after_a_nearer_subject_is_not_the_sentence_befores(nlp):
    # round 137: "According to Volodymyr Zelensky, which country should pay for the destruction the biggest open
    # question has caused?" ("it" is Russia, named in its own sentence)
    corpus = corpus_of(nlp, "The biggest open question concerns the Russian assets frozen in the EU. President "
                            "Volodymyr Zelensky has argued that Russia should pay for the destruction it has caused.")
    assert "open question" not in " ".join(corpus.sentences[1].resolutions.values())


def test_quality_session_15_review_the_new_rules_leave_alone_what_only_looks_like_their_cases(nlp):
    from quiz.core.generators import Candidate
    from quiz.core.pipeline import _accepted
    from quiz.core.questions import declarative
    from quiz.core.realize import finite_clauses

    # "worse" and "crucially" say how, not how the sentence links to the one before
    assert "worse" in declarative(finite_clauses(nlp("The poorest households fared worse in 2023.")[:])[0])
    # a kind word with "of" names another place: never "Finland" for "the Gulf of Finland"
    corpus = corpus_of(nlp, "The Neva flows into the Gulf of Finland at Saint Petersburg.")
    gulf = Candidate(type="short", kind="fact", prompt="What does the Neva flow into?", answer="the Gulf of Finland",
                     sentence=corpus.sentences[0], generator="wh", answer_class="LOC")
    assert "Finland" not in _accepted(gulf, {})
    # "The aim is to …" says what the aim is
    corpus = corpus_of(nlp, "Sugary drinks are cheap. The aim is to cut childhood obesity by a fifth.")
    assert corpus.sentences[-1].vague_nps == ()
    # a device's governor and a chess queen are no rulers
    assert not any(q.startswith("Who kept") for q in questions(
        nlp, "In the steam engine the governor kept the speed of the flywheel steady.", "wh"))
    # an era written small against the sentence's own year
    statements = questions(nlp, "Under tsarist rule the town grew into a centre of trade after the railway arrived in "
                                "1861. Under communist rule the town grew into a centre of heavy industry.",
                           "truefalse-parallel")
    assert not any("1861" in p for p in statements), statements


def test_quality_a_record_is_never_denied_and_a_related_thing_needs_its_relative(nlp):
    from quiz.core.generators.common import vague_context

    # round 149: "According to the author, Britain has made more film and television" (False): the text's "never made
    # more" says it makes more than ever
    assert not [p for p in questions(nlp, "Britain has never made more film and television, and it has rarely found "
                                          "it harder to make programmes about itself.", "truefalse-negated")
                if "made more" in p]
    # round 147: "A related compound was demonstrated to superconduct at about 93 kelvin": related to what?
    assert vague_context("A related compound was demonstrated to superconduct at about 93 kelvin.")


def test_quality_a_common_noun_opening_a_sentence_is_lowered_after_according_to(nlp):
    # round 151: "According to the author, Law alone will create decent workplaces." ("Law" read as a person's name)
    text = ("The third objection is that this is a matter for culture, not law. There is some truth here. "
            "Law alone will not create decent workplaces. But law shapes culture.")
    statements = questions(nlp, text, "truefalse-negated")
    assert any(p.startswith("According to the author, law alone") for p in statements), statements
    assert not any("Law alone" in p for p in statements), statements


@pytest.mark.parametrize("text,vague", [
    # round 151: "The disaster resulted directly in the Clean Air Act of 1956": which disaster?
    ("In December 1952 a thick smog settled over London for five days. The disaster led directly to the Clean Air "
     "Act of 1956.", "The disaster"),
    # round 153: "According to the author, the scale of the need is in dispute": the need for what?
    ("Councils say many homes stand empty. Nobody doubts that the need is real.", "the need"),
])
def test_quality_an_event_or_a_need_named_by_nothing_before_is_vague(nlp, text, vague):
    corpus = corpus_of(nlp, text)
    assert vague in corpus.sentences[-1].vague_nps


def test_quality_a_need_for_something_and_a_disaster_in_the_title_are_not_vague(nlp):
    corpus = corpus_of(nlp, "Councils say many homes stand empty. The need for housing is real.")
    assert corpus.sentences[-1].vague_nps == ()
    corpus = corpus_of(nlp, "Thousands died in December 1952. The disaster led to the Clean Air Act of 1956.",
                       title="The London Smog Disaster of 1952")
    assert corpus.sentences[-1].vague_nps == ()


def test_quality_the_first_of_nothing_is_vague_and_a_list_of_ordinals_is_not():
    from quiz.core.generators.common import vague_context

    # round 151: "In the first, a family of enzymes called _____ P450 alters a foreign molecule"
    assert vague_context("In the first, a family of enzymes called cytochrome P450 alters a foreign molecule.")
    assert vague_context("The first, heard from some commercial growers, is that peat-free alternatives fail.")
    assert not vague_context("The first, second and third crusades passed through the Balkans.")


def test_quality_what_an_instrument_shows_is_not_reworded_as_demonstrated(nlp):
    # round 149: "Under propofol, the electroencephalogram demonstrates characteristic slow waves …" (it shows them)
    statements = questions(nlp, "Propofol is widely used. Under propofol, the electroencephalogram shows characteristic "
                                "slow waves over the front of the head.", "truefalse-affirmed")
    assert not any("demonstrates" in p for p in statements), statements
    statements = questions(nlp, "Trials in Sweden show that the drug shortens recovery.", "truefalse-affirmed")
    assert any("demonstrate that" in p for p in statements), statements


def test_quality_a_rule_that_protects_is_not_reworded_as_defending(nlp):
    # round 154: "homes in probate are defended for a year after the grant of probate" (protected from the premium)
    statements = questions(nlp, "The premium is charged on long-term empty homes. Homes in probate are protected from "
                                "the premium for a year after the grant of probate.", "truefalse-affirmed")
    assert not any("defended" in p for p in statements), statements


def test_quality_a_verb_in_a_list_is_no_defined_term(nlp):
    from quiz.core.terms import document_terms

    # round 151: "Gardeners complain of seedlings that _____, composts that dry out …" (sulk)
    doc = nlp("Gardeners complain of seedlings that sulk, composts that dry out or clump, and batches that vary. "
              "Some seedlings sulk for weeks.")
    term = document_terms(doc).get("sulk")
    assert term is None or not term.defined_at


def test_quality_a_concession_before_but_is_no_main_point(nlp):
    # rounds 125-126 and the session 16 bank: "The battle may have played some part in spreading Chinese techniques"
    # keyed as the point of a text whose point follows "but it is no longer seen as the single moment …"
    assert not [it for it in approved_main_points(nlp, "fresh/history_battle_of_talas_751.txt")
                if it.answer.startswith("The battle may have")]


def test_quality_an_object_read_as_an_aside_of_a_margin_is_a_garbled_sentence(nlp):
    from quiz.core.generators.common import garbled

    # round 149: "In May 2022 Swiss voters rejected, by about 58 per cent." (the proposal they rejected was lost)
    assert garbled(nlp("In May 2022 Swiss voters rejected, by about 58 per cent, a proposal to ban animal testing.")[:])
    assert not garbled(nlp("Prices rose by 5 per cent, the fastest pace in a decade.")[:])


def test_quality_rounds_155_to_158_what_the_raters_of_the_final_code_found(nlp):
    from quiz.core.generators.terms import generate_terms

    # round 157: "The impulse spreads across both atria." ("impulse" tagged as an adjective): which impulse?
    corpus = corpus_of(nlp, "A cluster of cells, the sinoatrial node, fires an electrical impulse about 70 times a "
                            "minute. The impulse spreads across both atria, which contract and push blood into the "
                            "ventricles below.", title="How a Pacemaker Works")
    assert "The impulse" in corpus.sentences[1].vague_nps
    # round 155: "Alash candidates lost a large majority of the vote" (they won it)
    statements = questions(nlp, "In elections to the Constituent Assembly in November 1917, Alash candidates won a "
                                "large majority of the vote in the Kazakh provinces.", "truefalse-opposite")
    assert not any("lost a large majority" in p for p in statements), statements
    # round 157: "… in return for an immediate payment of 200,000 _____" (thalers): the unit of a figure
    corpus = corpus_of(nlp, "The Crimean khan changed sides at the height of the battle. Islam III Giray agreed to "
                            "withdraw in return for an immediate payment of 200,000 thalers, an annual tribute and "
                            "permission to take captives from the countryside on the way home.")
    assert not [c for c in generate_terms(corpus) if c.answer == "thalers" and "200,000 {{gap}}" in c.prompt]


def test_quality_session_16_the_new_rules_leave_alone_what_only_looks_like_their_cases(nlp):
    from quiz.core.terms import document_terms

    # a confidence vote is lost as it is won
    statements = questions(nlp, "On 31 October the government of Alexandru Munteanu won a confidence vote with the "
                                "votes of PAS deputies alone.", "truefalse-opposite")
    assert any("lost a confidence vote" in p for p in statements), statements
    # one microsecond, defined beside its figure, is a term all the same
    doc = nlp("An echo that returns after one microsecond, a millionth of a second, comes from a target about 150 "
              "metres away. Radar clocks measure time in microseconds.")
    term = document_terms(doc).get("microsecond")
    assert term is not None and term.defined_at


def test_quality_a_his_before_the_person_the_sentence_names_is_that_person(nlp):
    # round 157: "Deprived of Islam III Giray’s ally, Khmelnytsky had to settle." (the khan was the ally)
    corpus = corpus_of(nlp, "At the height of the battle Islam III Giray, the Crimean khan, opened talks with the king. "
                            "Deprived of his ally, Khmelnytsky had to settle for far less than he had won.")
    assert "Giray" not in " ".join(corpus.sentences[1].resolutions.values())
    # a "his" after its person is resolved as before
    corpus = corpus_of(nlp, "Sergei Witte negotiated the treaty at Portsmouth. His success made him count.")
    assert "Witte" in " ".join(corpus.sentences[1].resolutions.values())


def test_quality_session_16_review_the_mends_stay_within_their_cases(nlp):
    from quiz.core.generators.common import garbled, vague_context
    from quiz.core.generators.thesis import _qualified
    from quiz.core.terms import document_terms

    # a fall by a margin, set beside its size, is an ordinary sentence
    assert not garbled(nlp("Inflation fell by 2.1 per cent, the largest drop since 1990.")[:])
    # the month of May is no hedge, and an op-ed's "may sound radical, but" states its point after "but"
    corpus = corpus_of(nlp, "In May 1898 the uprising began in Andijan, but it was crushed within days. A right to "
                            "disconnect may sound radical, but it is simply the law catching up with the smartphone.")
    assert not any(_qualified(s) for s in corpus.sentences)
    # "the rich" are people, not a thing named before
    corpus = corpus_of(nlp, "Tax cuts favoured rich households. The rich now pay less tax than before.")
    assert corpus.sentences[-1].vague_nps == ()
    # a counted thing defined beside its figure is defined ("three ossicles, tiny bones that …")
    doc = nlp("The middle ear holds three ossicles, tiny bones that pass sound to the inner ear. The ossicles vibrate.")
    assert document_terms(doc)["ossicle"].defined_at
    # "the first" of what the sentence has just counted
    assert not vague_context("Fog forms in two main ways: the first, radiation fog, forms on clear nights.")
    assert vague_context("The first is that peat-free alternatives fail.")
    # the victory of a battle history is that battle's
    corpus = corpus_of(nlp, "Chodkiewicz attacked the Swedish lines at dawn with his cavalry. The victory made "
                            "Chodkiewicz a hero across the Commonwealth.", title="The Battle of Kircholm, 1605")
    assert corpus.sentences[-1].vague_nps == ()
    # the disaster after a fronted phrase is as vague as at the start
    corpus = corpus_of(nlp, "In December 1952 a thick smog settled over London for five days. Within weeks the "
                            "disaster had killed thousands of people.")
    assert corpus.sentences[-1].vague_nps == ("the disaster",)


def test_quality_a_claim_is_never_credited_to_another_speaker_as_a_false_statement(nlp):
    # rounds 151-158: "According to Spajić, every member state has a veto at every step." (False) was said by an
    # analyst the text names; students and raters read it as "not stated", never as false
    text = ("Prime Minister Milojko Spajić said that Montenegro would close all negotiating chapters by the end of "
            "2026. Jelena Radonjić, a researcher in Podgorica, warned that every member state has a veto at every "
            "step. Spajić argued that the reforms had already changed the judiciary. Radonjić said that the "
            "courts remain slow and that few senior officials have been convicted.")
    statements = questions(nlp, text, "truefalse-claims")
    assert statements, "the speakers' claims give true/false statements"
    for prompt, key in statements.items():
        said = re.match(r"According to ([^,]+), (.*)\.$", prompt)
        assert said and key == "True", (prompt, key)
        speaker, claim = said.groups()
        said_by = next(s for s in text.split(". ") if claim.split()[1] in s and claim.split()[-1] in s)
        assert speaker.split()[-1] in said_by, (prompt, said_by)


def test_quality_rounds_159_to_162(nlp):
    from quiz.core.generators.common import vague_context
    from quiz.core.realize import discourse_prefix

    # "According to Natalia Ivleva, Winter wheat sowings … decreased": a season opening a claim is a common word
    text = ('"Input costs have risen by a third or more," said Natalia Ivleva, head of research at the Moscow '
            "consultancy AgroTrend. She estimates that winter wheat sowings for the 2026 harvest fell by around 4 per "
            "cent to 19.5 million hectares, as farmers in marginal areas switched to oilseeds.")
    statements = questions(nlp, text, "truefalse-opposite")
    assert statements and all("Winter" not in p for p in statements), statements
    assert any(p.startswith("According to Natalia Ivleva, winter wheat") for p in statements), statements
    # context a single item does not have
    assert vague_context("As in much of provincial Albania, numbers have since decreased with emigration.")
    assert vague_context("Geologists have used such rates to estimate how long rocks have been exposed.")
    assert vague_context("The remaining few per cent is organic matter.")
    assert vague_context("Augustus II gathered his Saxon regiments south of the capital.")
    # … and what only looks like it
    assert not vague_context("Mosses such as sphagnum hold water.")
    assert not vague_context("The river flows past the capital, Podgorica, to the lake.")
    assert not vague_context("The rest of the army fled across the river.")
    # "Instead of turning east, …" keeps its "Instead"
    doc = nlp("Instead of turning east against Russia, the Swedish king decided that Augustus had to go.")
    verb = doc[:].root
    assert not {t.lower_ for t in doc if t.i in discourse_prefix(list(doc), verb)} & {"instead", "of"}
    doc = nlp("Instead, the Swedish king turned south.")
    assert "instead" in {t.lower_ for t in doc if t.i in discourse_prefix(list(doc), doc[:].root)}
    # "won 92 seats" is never "lost 92 seats"
    statements = questions(nlp, "In the elections of November 1920 the Democratic Party won 92 seats and Nikola "
                                "Pašić's People's Radical Party 91.", "truefalse-opposite")
    assert not any("lost 92 seats" in p for p in statements), statements


def test_quality_an_entry_whose_lede_defines_its_title_despite_an_aside_has_no_main_point(nlp):
    from quiz.core.generators.thesis import _defines_title, content_words

    # round 161: "The Pechora rises on the western slopes of the Northern Urals" offered as the main point of an entry
    corpus = corpus_of(nlp, "The Pechora (Russian: Печора; Komi: Печöра) is a river in the north-east of European "
                            "Russia. It flows to the Barents Sea.", title="Pechora River")
    assert _defines_title(corpus.sentences[0], content_words("Pechora River"))


def test_quality_rounds_163_to_166_rewordings_keep_the_sense(nlp):
    def statements(text, generator):
        return questions(nlp, text, generator)

    # the 'too' of degree stays: "clings too well cannot walk" is no "clings well can walk"
    found = statements("Geckos are remarkable climbers, but stickiness has a cost. An animal that clings too well "
                       "cannot walk.", "truefalse-negated") | statements(
        "Geckos are remarkable climbers, but stickiness has a cost. An animal that clings too well cannot walk.",
        "truefalse-affirmed")
    assert not any("clings well" in p for p in found), found
    # water rises and land rises; prices increase
    text = ("Before the 1960s, they said, the water rose each April over a belt of marshes, lakes and willow forest "
            "several kilometres wide. The economy is growing solidly by European standards. Prices rose by 5 percent "
            "in 2024.")
    found = statements(text, "truefalse-opposite")
    assert not any(re.search(r"water (?:increased|fell)|economy is (?:increasing|shrinking)", p) for p in found), found
    assert "Prices increased by 5 percent in 2024." in found, found
    # a line crossed by a figure turns with its verb; a deficit reduced below a line is not "increased below" it
    found = statements("Inflation rose above 10 percent in May. Under a plan agreed with the European Commission, "
                       "Romania must reduce its deficit below 3 percent of GDP by 2031.", "truefalse-opposite")
    assert "Inflation fell below 10 percent in May." in found, found
    assert not any("increase its deficit" in p or "increased above" in p for p in found), found
    # a range is no figure to swap, and a plain figure is never swapped for one with "below"
    found = statements("Romania must reduce its deficit below 3 percent of GDP by 2031. Excise duties went up, the "
                       "tax on dividends is rising from 10 to 16 percent from January, and the special turnover tax "
                       "on banks was doubled to 4 percent for two years.", "truefalse")
    assert not any("rising from" in p and "10 to 16" not in p for p in found), found
    assert not any("to below" in p for p in found), found


def test_quality_rounds_163_to_166_holders_pronouns_and_fragments(nlp):
    from quiz.core.realize import written_small

    # "According to the Fiscal Council", not "According to Fiscal Council"
    found = questions(nlp, "Estonia's budget leans on growth. The country's independent Fiscal Council has said the "
                           "medium-term plan relies on growth assumptions that are optimistic.", "truefalse-affirmed")
    assert found and all(p.startswith("According to the Fiscal Council, ") for p in found), found
    # a name the tagger saw only where a common noun opens a sentence
    doc = nlp("Most lizards slip on glass, but geckos do not. Geckos do not need to groom their feet. The feet of "
              "geckos stay clean.")
    assert written_small(next(t for t in doc if t.text == "Geckos"))
    doc = nlp("Rose Kennedy wrote the letter. Rose said that prices rose and rose again.")
    assert not written_small(doc[0])
    # 'it' is not the tax the sentence has just named beside it
    corpus = corpus_of(nlp, "The tax was born in the autumn of 2024, when the government faced a budget hole. "
                            "Alongside the security tax it raised VAT from 22% to 24%.")
    assert "the tax" not in corpus.sentences[1].resolutions.values()


def test_quality_a_relative_clause_is_never_offered_as_a_sentence(nlp, tmp_path):
    from quiz.core.ingest import load_documents
    from quiz.core.pipeline import build_bank_from_documents

    # round 163: "Of which 1.8% is to go on core military needs." (False)
    (tmp_path / "croatia.txt").write_text(
        "Croatia Brings Back Conscription\n\nCroatia suspended conscription on 1 January 2008. Prime Minister Andrej "
        "Plenković has framed the measure as part of Croatia's commitment, made at the NATO summit in The Hague in "
        "June 2025, to raise defence spending towards 5% of GDP by 2035, of which 3.5% is to go on core military "
        "needs. The first recruits arrived at the Slunj training ground in January.", encoding="utf-8")
    docs, _ = load_documents([tmp_path])
    bank, _ = build_bank_from_documents(docs, nlp)
    assert bank.items
    assert not [it.prompt for it in bank.items if re.match(r"(?:\w+ )?which\b", it.prompt, re.I)
                and not it.prompt.endswith("?")]


def test_quality_rounds_167_to_170(nlp):
    from quiz.core.generators.common import garbled, vague_context

    # a record is not two things to exchange
    assert not questions(nlp, "Albania received more foreign visitors in 2025 than in any previous year, extending a "
                              "surge that has lasted a decade.", "truefalse-pair")
    # a figure with a unit is never swapped for a bare number, nor cut from the unit the sentence gave another
    text = ("Hail grows in strong thunderstorms over the plains. On a warm afternoon the air at ground level may be "
            "30 degrees Celsius. A stone of 5 centimetres across needs an updraft of roughly 20 metres per second; "
            "a stone of 10 centimetres needs something closer to 50.")
    found = {c.prompt for c in generated(nlp, text)}
    assert not any(re.search(r"may be \d+\.$", p) for p in found), found
    assert not any(p.rstrip(".").endswith("closer to 50") for p in found), found
    # a verb left out of the second half, and a subordinate clause read as the sentence's own, are misparses
    assert garbled(nlp("Baku is some 360 kilometres to the east by road, and the Georgian border about 130 "
                       "kilometres to the north-west.")[:])
    assert garbled(nlp("Four months after Karol Nawrocki was sworn in as Poland's president, the pattern of his "
                       "relationship with Donald Tusk's government is clear, and it is not cooperation.")[:])
    assert not garbled(nlp("The treaty ended the war, and the border was fixed by commissioners.")[:])
    assert not garbled(nlp("After the war ended, Russia rebuilt its navy.")[:])
    assert not garbled(nlp("Arguably, Turkey’s direct involvement defined the course and the outcome of the Second "
                           "Karabakh War, and, in many ways, Turkey is the main beneficiary.")[:])  # a seed's point
    # "There" of a place named before
    assert vague_context("There Vladislavich confronted a commission that included the statesman Tulishen.")
    assert not vague_context("There were many delays at the border crossing.")
    # rounds 171-174: from where, similar to what?
    assert vague_context("From there signals pass through the thalamus to the gustatory cortex.")
    assert vague_context("Latvia carried out a similar reform of its schools.")
    assert not vague_context("Latvia carried out a reform similar to Estonia's.")


def generated(nlp, text: str) -> list:
    """Every item the whole pipeline keeps or drafts from one text."""
    from quiz.core.items import Document, document_id
    from quiz.core.pipeline import build_bank_from_documents

    doc = Document(document_id(text), "How Hail Forms", "t.txt", "0" * 64, text, len(text.split()))
    bank, _ = build_bank_from_documents([doc], nlp)
    return bank.items


def test_quality_a_place_or_a_language_the_tagger_took_for_a_person_is_asked_with_what(nlp):
    # round 173: "Who handled about 21 million passengers in 2024?" (Warsaw Chopin, an airport)
    qs = questions(nlp, "Warsaw Chopin airport is the country's main gateway. In 2024, Warsaw Chopin handled about 21 "
                        "million passengers.", "wh")
    assert not [p for p in qs if p.startswith(("Who", "In 2024, who"))], qs
    # a person named beside a place is still asked with who
    qs = questions(nlp, "In 1764 Stanisław August Poniatowski was elected king of Poland in Warsaw.", "wh")
    assert "In 1764, who was elected king of Poland in Warsaw?" in qs, qs


def test_quality_session_17_review_the_mends_stay_within_their_cases(nlp):
    from quiz.core.generators.argument import _common_head
    from quiz.core.generators.common import garbled, vague_context

    # sound sentences the new garbled rules must leave alone
    for text in ("After the Livonian Crusade the island was divided between the Teutonic Order and the bishop.",
                 "Parliament adopted the amendments on 16 November 2001, and an amnesty for former fighters followed "
                 "in 2002."):
        assert not garbled(nlp(text)[:]), text
    # context given in the sentence itself
    for text in ("The cathedral was damaged in 1944 and has since been restored.",
                 "About 80 percent comes from rivers, and the remaining 20 percent falls as rain.",
                 "Both towns have a similar population of about 20,000.",
                 "It was built in such a way that it floats.",
                 "He returned to the capital, Warsaw, on 17 December."):
        assert not vague_context(text), text
    assert vague_context("He returned to the capital on 17 December.")
    # people stay "who"; a line without a digit still turns; a figure of change still rewords; a verb of stance
    # keeps its "strongly"
    qs = questions(nlp, "Andrzej Duda was a university lecturer before politics. In 2015 Duda defeated the incumbent "
                        "Bronisław Komorowski in the presidential election.", "wh")
    assert any(p.startswith("In 2015, who defeated") for p in qs), qs
    found = questions(nlp, "Unemployment fell below the eurozone average in 2019. Tourist arrivals rose by 15 percent "
                           "in 2024. Hungary strongly opposed the EU migration pact in 2024.", "truefalse-opposite")
    assert "Unemployment rose above the eurozone average in 2019." in found, found
    assert "Tourist arrivals increased by 15 percent in 2024." in found, found
    found = questions(nlp, "Hungary strongly opposed the EU migration pact in 2024.", "truefalse")
    assert "Hungary strongly supported the EU migration pact in 2024." in found, found
    # a body's own name takes no "the"
    assert _common_head("Fiscal Council") and not _common_head("Deutsche Bank") and not _common_head("Law and Justice")


def test_quality_things_counted_but_never_named_are_vague(nlp):
    from quiz.core.generators.common import vague_context

    # which two? (4 of 22 such items were accepted up to round 178)
    for text in ("According to the author, the two ideas are mutually exclusive.",
                 "The two countries have embassies in each other's capitals.",
                 "The two levels are linked by steep streets and by a covered stairway."):
        assert vague_context(text), text
    # named before, named after, or a count of something named
    for text in ("Armenia and Azerbaijan fought a war, and the two countries signed a truce in 2023.",
                 "The fortress stands between the two rivers, the Kura and the Aras.",
                 "He won the two elections of 2019.",
                 "The treaty divided the region into two zones."):
        assert not vague_context(text), text
    found = questions(nlp, "Some researchers argue that salmon smell their home river. Others argue that they follow "
                           "the scent of young salmon. The two ideas are not mutually exclusive.", "truefalse")
    assert not any("two ideas" in p for p in found), found


def test_quality_an_assembly_or_a_court_is_asked_with_which_body(nlp):
    # "what elected Sargsyan prime minister?" (round 173): an assembly is neither a "what" nor a "who"
    qs = questions(nlp, "On 17 April the National Assembly elected Sargsyan prime minister by 77 votes. In 2019 the "
                        "Constitutional Court struck down the law.", "wh")
    assert "On 17 April, which body elected Sargsyan prime minister by 77 votes?" in qs, qs
    assert "In 2019, which body struck down the law?" in qs, qs
    assert not any(p.startswith(("On 17 April, what", "In 2019, what")) for p in qs), qs


def test_quality_rounds_179_182_lists_titles_hints_and_misparses(nlp):
    from quiz.core.generators.common import garbled

    # the list after a colon spells out the count: the question ends before it (round 179)
    qs = questions(nlp, "Soviet modernism is mostly unprotected. I believe every government in the region should do "
                        "three things: commission a systematic survey of post-war buildings; impose a temporary "
                        "moratorium on demolishing any public building more than forty years old until it has been "
                        "assessed; and offer tax relief to owners who adapt such buildings rather than replace them.",
                   "argument")
    assert "According to the author, how many things should every government in the region do?" in qs, qs
    assert not any("commission" in p for p in qs), qs
    qs = questions(nlp, "In 2019 the Korean government had shortlisted three vendors: Rosatom, France's EDF and "
                        "Korea Hydro.", "wh")
    assert not any(":" in p for p in qs), qs
    # "the battle" under a title naming one battle is that battle (round 179)
    text = ("On 9 October 1708 a Russian force commanded by Tsar Peter I attacked a Swedish corps near the village of "
            "Lesnaya. The battle was smaller than the great clash at Poltava nine months later.")
    tf = [c.prompt for c in run_generators(corpus_of(nlp, text, title="The Battle of Lesnaya, 1708"), None)
          if c.type == "truefalse"]
    assert "The Battle of Lesnaya was smaller than the great clash at Poltava nine months later." in tf, tf
    assert not any(p.startswith("The battle ") for p in tf), tf
    # "the planning system never took the hint": which hint? (round 179)
    corpus = corpus_of(nlp, "Insurers warned in 2009 that homes on flood plains would become uninsurable. But the "
                            "planning system never took the hint, and buyers of such homes find cover expensive.")
    assert any("the hint" in v for s in corpus.sentences for v in s.vague_nps), [s.vague_nps for s in corpus.sentences]
    # sentences the parser broke (rounds 179 and 181)
    for text in ("In 1521 Suleiman the Magnificent captured the fortress, and for most of the next three and a half "
                 "centuries it served as an Ottoman provincial stronghold.",
                 "Ministers committed to building 1.5 million homes in this parliament, and who announced a shake-up "
                 "of statutory consultees in 2025 to speed up planning, may be tempted to agree.",
                 "Poland should halt the construction of new groynes and other channel works on the Oder, and drop "
                 "the long-term plan to turn the river into a navigable international waterway.",
                 "In Japan, the designers of the 500 Series Shinkansen, which entered service in 1997, gave the "
                 "train's pantograph, the arm that collects current from the overhead wire, a serrated profile "
                 "inspired by owl feathers to cut the noise it made at 300 kilometres per hour."):
        doc = nlp(text)
        assert garbled(doc[:]), text
    for text in ("The company builds and sells tractors in Minsk.",
                 "In 1410 Jagiełło and Vytautas joined their armies near the border and marched north.",
                 "The Order was invited to subdue the pagan Prussians."):
        assert not garbled(nlp(text)[:]), text
    # a contrast exchanged for a plural keeps the possessive in agreement
    tf = questions(nlp, "The Dnieper rises in the Valdai Hills. Unlike many large European rivers, the Dnieper has a "
                        "markedly asymmetrical valley over much of its middle and lower course.", "truefalse-contrast")
    assert "Many large European rivers have a markedly asymmetrical valley over much of their middle and lower " \
           "course." in tf, tf


def test_quality_rounds_183_186_commas_partial_denials_names_and_bodies(nlp):
    from quiz.core.generators.common import garbled

    # an aside between the subject and its verb takes both its commas (round 183)
    found = questions(nlp, "On 30 May 1876, Emperor Alexander II, taking the waters at the German spa town of Bad Ems, "
                           "approved a set of secret measures against the Ukrainian language.", "truefalse")
    assert found and not any("II, " in p for p in found), found
    # a partial denial is no denial: "never quite matches" (round 186), but "not … exactly" is
    found = questions(nlp, "Scar tissue forms within weeks. The repair never quite matches the original, and it lacks "
                           "hair follicles.", "truefalse-negated")
    assert not any("quite matches" in p for p in found), found
    found = questions(nlp, "Carbon-14 decays at a known rate. Radiocarbon years do not correspond exactly to calendar "
                           "years.", "truefalse-negated")
    assert "According to the author, radiocarbon years correspond exactly to calendar years." in found, found
    # a common word opening the sentence is lowered after "According to the author," (round 186)
    found = questions(nlp, "Schools need clean air. Flu, colds and Covid did not stop circulating when the lockdowns "
                           "ended.", "truefalse-negated")
    assert "According to the author, flu, colds and Covid stopped circulating when the lockdowns ended." in found, found
    # a condition left out of the clause (round 183)
    assert garbled(nlp("The exhaust must contain just enough oxygen: too much, and the rhodium cannot strip oxygen "
                       "from nitrogen oxides; too little, and carbon monoxide slips through.")[:])
    # the aside that names "the document" stays (round 183)
    found = questions(nlp, "In 1876 the tsar approved secret measures. The document, known ever since as the Ems "
                           "Ukaz, was never published in the official collection of laws.", "truefalse-negated")
    assert found and all("Ems Ukaz" in p for p in found), found
    fresh = Path(__file__).parent.parent / "data" / "fresh"
    text = (fresh / "encyclopedia_kola_peninsula.txt").read_text(encoding="utf-8")
    found = [c.prompt for c in run_generators(corpus_of(nlp, text.split("\n", 1)[1]), None)
             if c.type == "truefalse" and "Pechenga district" in c.prompt]
    assert found and not any("Petsamo" in p for p in found), found
    # a department acting is asked with "who" (round 186)
    qs = questions(nlp, "Ventilation matters. In 2021 the Department for Education sent several hundred thousand "
                        "carbon dioxide monitors to state schools in England.", "wh")
    assert any(p.startswith("In 2021, who sent") for p in qs), qs


def test_quality_a_source_named_at_the_end_is_the_last_clauses(nlp):
    # round 186: the agency gave last year's figure, not the reasons of the 1990s
    text = ("TALCO is Tajikistan's largest exporter. Worn-out electrolysis cells and shortages of imported alumina "
            "reduced production sharply in the 1990s, and last year the plant produced about 110,000 tonnes, "
            "according to figures from the Statistics Agency.")
    qs = questions(nlp, text, "argument")
    assert not any("reduced production" in p for p in qs if p.startswith("Whose view")), qs
    qs = questions(nlp, "Prices rose sharply in 2024, according to the Statistics Agency.", "argument")
    assert any(p.startswith("Whose view is it that prices rose sharply in 2024") for p in qs), qs


def test_quality_an_aside_taken_for_a_second_object_is_not_garbled(nlp):
    from quiz.core.generators.common import garbled

    # a fresh text's best statement ("microwaves cook food from the inside out", False) was lost to the rule of
    # round 181, which now asks that the first object have an aside of its own
    assert not garbled(nlp("Microwaves do not cook food from the inside out, another popular belief.")[:])
    # nor the halves of a hyphenated word, each an object of the preposition (later and fresh texts)
    for text in ("In Britain, as in most rich countries, graduates remain more likely than non-graduates to come from "
                 "comfortable homes, and they go on to earn considerably more over their lifetimes.",
                 "Mortgage rates jumped after the mini-budget of September 2022 and stayed high as the Bank of England "
                 "fought inflation, and demand fell across the whole market, not only for new homes."):
        assert not garbled(nlp(text)[:]), text


def test_quality_rounds_187_190_objects_clefts_shared_times_and_titles(nlp):
    from quiz.core.generators.common import vague_context

    # a verb with an object of its own reports no claim (round 187)
    qs = questions(nlp, "The Porte declared war in October 1768 and, after the campaign of 1769 brought little "
                        "decisive result, Catherine gave command of the First Army to Rumyantsev.", "argument")
    assert not any("Porte" in p or a == "the Porte" for p, a in qs.items()), qs
    qs = questions(nlp, "The Porte declared that the treaty was void.", "argument")
    assert any(a == "the Porte" for a in qs.values()), qs
    # context the item does not carry (rounds 187-190)
    for text in ("That the Porte rejected the Treaty of Kuchuk Kainarji.",
                 "Within minutes, concentrated bile is squirting into the gallbladder.",
                 "As for the black market, Poland has an effective excise system.",
                 "Undersea landslides and earthquakes bring about others."):
        assert vague_context(text), text
    for text in ("That decision was taken in 1990.", "Within minutes of the blast, rescuers arrived.",
                 "Some languages are harder to learn than others."):
        assert not vague_context(text), text
    # the second half of a sentence shares the first's "when" (round 189)
    found = questions(nlp, "Trawlers ploughed the sea bed in 1989. When researchers returned in 2015, the plough "
                           "tracks looked almost fresh and much of the fauna had not recovered.", "truefalse-negated")
    assert not any("fauna had recovered" in p for p in found), found
    # "the cushion" under a science title is no event of the title's (round 188)
    text = ("A hovercraft rides on air. The skirt deepens the cushion without demanding more air, because the gap "
            "through which air leaks stays small.")
    made = [c.prompt for c in run_generators(corpus_of(nlp, text, title="How a Hovercraft Floats on a Cushion of "
                                                                        "Air"), None)]
    assert not any("Cushion of Air" in p for p in made), made


def test_quality_rounds_191_194_settings_partial_denials_and_asides(nlp):
    from quiz.core.generators.common import garbled, vague_context

    # a country cited with "'s" is not where the paragraph is (round 192)
    text = ("The first is safety. Electrical Safety First, the charity, has warned that plugging generating equipment "
            "into household circuits could overload wiring. These are fair questions, and Germany's experience "
            "answers them. An 800-watt kit feeds in less current than a kettle draws, and a standard British ring "
            "circuit is protected for 32 amps.")
    found = [c.prompt for c in run_generators(corpus_of(nlp, text), None) if c.type == "truefalse"]
    assert any("800-watt kit feeds" in p for p in found), found
    assert not any(p.startswith("In Germany") for p in found), found
    # "not reduced accordingly" is no plain denial (round 193)
    found = questions(nlp, "The harvest failed in 1920. The quota, about 11.5 million poods of grain, was not reduced "
                           "accordingly.", "truefalse-negated")
    assert not any("was reduced" in p for p in found), found
    # an aside the parser read as a clause (round 191)
    assert garbled(nlp("Lahemaa attracts several hundred thousand visitors a year, most of them day-trippers from "
                       "Tallinn, who come for the hiking trails, the manors and the beaches of Võsu and Käsmu.")[:])
    # "none" of what? (round 191)
    assert vague_context("According to the author, none need permission to move to their own capital.")
    assert not vague_context("None of the bridges survived the war.")


def test_quality_session_18_review_the_mends_stay_within_their_cases(nlp):
    from quiz.core.generators.common import garbled, vague_context
    from quiz.core.realize import keeps_capital

    # sound sentences the new garbled rules must leave alone
    for text in ("Fresh water freezes at 0°C.",
                 "Albanian and Serbian are official throughout Kosovo.",
                 "The French army left Moscow too late, and most of its soldiers died on the retreat.",
                 "The talks were held in the inn of Hakob, an Armenian merchant who traded in Iasi and who later "
                 "settled in Bessarabia."):
        assert not garbled(nlp(text)[:]), text
    # named or well-known sets are no unnamed count
    for text in ("The three Baltic states joined NATO and the European Union in 2004.",
                 "The two largest cities are Almaty and Astana.",
                 "The Revolt of the Three Feudatories broke out in 1673.",
                 "The Thracians called it 'the three hills'."):
        assert not vague_context(text), text
    assert vague_context("Wages rose and the two countries signed a truce.")
    # a source after two verbs of one subject is the whole clause's
    qs = questions(nlp, "Kazatomprom is the world's largest uranium producer. The state firm Kazatomprom cut 500 jobs "
                        "and closed two uranium mines in 2023, according to Reuters.", "argument")
    assert any(a == "Reuters" for a in qs.values()), qs
    # a title that is no name gives "the treaty" none
    text = ("Hungary lost two thirds of its territory in 1920. Viktor Orbán calls the treaty a national "
            "tragedy.")
    made = [c.prompt for c in run_generators(corpus_of(nlp, text, title="Why the Treaty of Trianon Still Divides "
                                                                        "Hungary"), None)]
    assert not any("Still Divides" in p for p in made), made
    # a place name keeps its capital
    doc = nlp("Nice is not the capital of the Alpes-Maritimes region. Nice has a nice beach.")
    assert keeps_capital(doc[0])
    # the colon is cut only for a count or a list spelled out
    qs = questions(nlp, "Bread rises as yeast ferments. Sourdough adds a second set of microbes: a culture, or "
                        "starter, of wild yeasts and lactic acid bacteria.", "wh")
    assert not any(p == "What adds a second set of microbes?" for p in qs), qs
    # a possessive of the object's stays
    tf = questions(nlp, "Riga lies on the Daugava. Unlike most Baltic cities, Riga rebuilt the old cathedral and its "
                        "tower.", "truefalse-contrast")
    assert not any("their tower" in p for p in tf), tf
    # a verb of denial qualified by "enough" still denies ("cannot escape quickly enough")
    found = questions(nlp, "Magma rises from the mantle. In a viscous, gas-rich magma, bubbles cannot escape quickly "
                           "enough.", "truefalse-negated")
    assert any("bubbles can escape quickly enough" in p for p in found), found
    # the subject read as part of the opening "In" (a fresh text)
    assert garbled(nlp("In June 1940 the Soviet Union, acting under the secret provisions of the Molotov-Ribbentrop "
                       "Pact, demanded northern Bukovina by ultimatum, and Romania withdrew.")[:])
    lena = (Path(__file__).parent.parent / "data" / "fresh" / "encyclopedia_lena_river.txt").read_text(encoding="utf-8")
    doc = nlp(lena.split("\n", 1)[1])
    sent = next(s for s in doc.sents if "known as yasak" in s.text)
    assert not garbled(sent)  # "Evenks" read as a preposition, the sentence's subject intact
    text = (Path(__file__).parent.parent / "data" / "fresh" / "history_pereiaslav_agreement.txt").read_text(
        encoding="utf-8")
    qs = [c.prompt for c in run_generators(corpus_of(nlp, text.split("\n", 1)[1]), ["wh"])]
    assert any(p.startswith("In October 1653, which body approved") for p in qs), qs
