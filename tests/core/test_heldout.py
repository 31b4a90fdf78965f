"""The generator on texts of other kinds than the seeds: an op-ed, two histories, an encyclopedia entry, a science text,
a biography, an economics explainer, an environmental report and a news analysis."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from quiz.core.pipeline import build_bank

CORPORA = Path(__file__).resolve().parents[1] / "data" / "corpora"


@pytest.fixture(scope="module")
def heldout_bank(nlp):
    bank, report = build_bank([CORPORA], nlp, seed=0)
    assert not report.problems
    return bank


def test_heldout_every_text_gets_items_and_each_text_keeps_to_its_own_names(heldout_bank):
    by_doc = {d.id: d for d in heldout_bank.documents}
    assert len(by_doc) == 9 and {i.source.document for i in heldout_bank.items} == set(by_doc)
    for item in heldout_bank.items:
        if item.type != "mcq":
            continue
        others = [d.text for d in heldout_bank.documents if d.id != item.source.document]
        own = by_doc[item.source.document].text
        for choice in item.choices:  # a printer is no option in an essay on traffic, nor a mayor in a history
            names = re.findall(r"\b[A-Z][a-z]+ [A-Z][a-z]+\b", choice)
            assert all(n in own or not any(n in t for t in others) for n in names), (item.prompt, choice)


def test_heldout_the_disputed_view_is_the_arguing_persons_not_a_street(heldout_bank):
    disputes = [i for i in heldout_bank.items if "whose argument does the author dispute" in i.prompt]
    for item in disputes:
        assert item.answer == "Gerald Whitcombe"
    assert not any(i.answer == "Mill Lane" and i.type == "mcq" and "argument" in i.prompt for i in heldout_bank.items)


def test_heldout_no_question_points_at_a_place_or_thing_it_does_not_name(heldout_bank):
    for item in heldout_bank.items:
        prompt = item.prompt.replace("{{gap}}", "_____")
        assert not re.search(r"\b(?:there|this|that|these|those)[?.]$", prompt), prompt  # "When did Jenson work there?"
        if item.type == "truefalse":  # "Mayor X began removing cars from its centre": whose?
            assert not re.search(r"\b(?:Mayor|mayor)\b.*\bits\b", prompt) and not prompt.startswith(("Its ", "It ")), prompt


def test_heldout_no_main_point_item_whose_key_is_a_defining_lede(heldout_bank):
    # "The spread of the printing press in Europe was …", "Photosynthesis is the process by which …": strict raters
    # found the key in the title or in general knowledge; the op-ed, whose point is argued, keeps its item
    theses = {d.title: [i for i in heldout_bank.items if i.source.document == d.id and "main point" in i.prompt]
              for d in heldout_bank.documents}
    assert not theses["The Spread of the Printing Press in Europe"]
    assert not [t for t, items in theses.items() if t.startswith("Photosynthesis") and items]
    (essay,) = theses["Our Streets Are Too Valuable to Be Car Parks"]
    assert essay.answer.startswith("A centre without cars would protect pedestrians")


def test_heldout_the_press_in_a_history_of_printing_stays_the_press(heldout_bank):
    assert not any("Aldine Press played a central role" in i.prompt for i in heldout_bank.items)


def test_heldout_no_blank_for_a_city_everyone_knows(heldout_bank):
    # 'scholars at the Sorbonne invited three printers … to establish the first press in ___': Paris, unread
    assert not [i.prompt for i in heldout_bank.items if i.answer == "Paris" and i.type != "truefalse"]


def test_heldout_no_question_from_a_sentence_that_says_also(heldout_bank):
    # "In 1804, who showed that water is consumed?": the source says "also", and the question lost to what
    assert not [i.prompt for i in heldout_bank.items if "water is consumed" in i.prompt]


def test_heldout_no_blank_for_a_place_the_text_names_once(heldout_bank):
    # Visegrád, Nassau, Slovakia ('Czechoslovakia' does not count as a second mention): raters accepted 5 of 33
    blanks = [i for i in heldout_bank.items if i.type == "cloze" or "_____" in i.prompt]
    assert not [i.prompt for i in blanks if i.answer in ("Visegrád", "Nassau", "Slovakia", "Pontevedra")]


def test_heldout_why_questions_inside_one_sentence_and_without_the_purpose_clause(heldout_bank, nlp):
    from quiz.core.context import build_corpus
    from quiz.core.generators import run_generators
    from quiz.core.ingest import load_documents
    from quiz.core.nlp import analyse

    from quiz.core.pipeline import build_bank
    from quiz.core.rank import SelectionLimits

    # why-items rank below approval (their other options are often reasons too: 14 of 24 approved ones accepted
    # over rounds 17-56); a bank that keeps drafts down to 0.2 shows the options an instructor would see
    assert not [i for i in heldout_bank.items if i.prompt.startswith("Why ") and i.quality >= 0.5]
    drafts, _ = build_bank([CORPORA], nlp, seed=0, limits=SelectionLimits(min_quality=0.2))
    why = {i.prompt: i for i in drafts.items if i.prompt.startswith("Why ")}
    docs, _ = load_documents([CORPORA / "encyclopedia_danube.txt"])
    made = [c for c in run_generators(build_corpus(analyse(docs, nlp))) if c.prompt.startswith("Why ")]
    # 'Because the river was vital to international trade, the European powers established …, after the Crimean
    # War, to keep the mouth of the river open to shipping': the aside and the purpose are not in the question
    commission = next((c for c in made if "European Commission of the Danube" in c.prompt), None)
    assert commission is not None and "to keep" not in commission.prompt and "Crimean" not in commission.prompt
    assert commission.answer == "Because the Danube was vital to international trade"
    # '…blocked the migration routes of sturgeon, including the beluga, …; as a result, the sturgeon can no longer …'
    sturgeon = next((c for c in made if "sturgeon" in c.prompt), None)
    assert sturgeon is not None and sturgeon.prompt.startswith("Why can the sturgeon no longer reach")
    assert sturgeon.answer.startswith("Because the construction of dams") and "beluga" not in sturgeon.answer
    assert why  # at least one why-item reaches an instructor's drafts
    for item in why.values():  # options are whole statements, first word in lower case unless a name
        for option in item.choices:
            assert not option.startswith(("Because Hydroelectric", "Because The ")), option
            assert not re.match(r"^Because [^,]+, (?:is|are|was|were)\b", option), option


def test_heldout_no_how_many_question(heldout_bank):
    # "How many parking spaces did Oslo remove from its centre by 2019?": a figure from an example (raters: 7 of 32)
    assert not [i.prompt for i in heldout_bank.items if i.prompt.startswith(("How many", "How much"))]


def test_heldout_no_reason_option_from_the_sentence_next_to_the_answers(heldout_bank):
    # "Human activity has placed the river under heavy pressure." stands just before the sturgeon sentence: as an
    # option for why the sturgeon cannot reach their spawning grounds it is a second right answer
    for item in heldout_bank.items:
        if item.prompt.startswith("Why can the sturgeon") and item.type == "mcq":
            assert not any("human activity has placed" in c.lower() for c in item.choices if c != item.answer)


def test_heldout_a_blank_about_a_bystander_is_not_approved(heldout_bank):
    # "Johann Mentelin was printing in ___ by about 1460": failed by the raters of rounds 17, 18 and 19
    side = [i for i in heldout_bank.items if "Mentelin" in i.prompt and i.type != "truefalse"]
    assert all(i.quality < 0.5 for i in side)


def test_heldout_the_essays_main_point_item_offers_the_view_it_disputes(heldout_bank):
    # raters (rounds 23-26): with only details beside it, the thesis stood out by its form; Whitcombe's first claim
    # is a claim too, and the one the essay argues against ("… and that the closure would 'hollow out …'" is quoted)
    (item,) = [i for i in heldout_bank.items if i.prompt.startswith("Which statement best sums up") and "Car Parks" in i.prompt]
    assert "Shoppers who cannot park outside a shop will simply drive to the retail park on the ring road." in item.choices
    assert item.answer.startswith("A centre without cars")


def test_heldout_two_false_term_statements_that_mirror_each_other_are_not_both_kept(heldout_bank):
    # "photosynthesis takes place in stomata" beside "carbon dioxide enters the leaf through chloroplasts": each
    # names the other's true term, so one quiz answers both (raters of rounds 24 and 25)
    swaps = [i.prompt for i in heldout_bank.items if i.type == "truefalse" and i.answer == "False"
             and ("stomata" in i.prompt or "chloroplasts" in i.prompt)]
    assert not ({p for p in swaps if "takes place in stomata" in p} and {p for p in swaps if "through chloroplasts" in p})
    assert any("takes place in stomata" in p or "through chloroplasts" in p for p in swaps)
