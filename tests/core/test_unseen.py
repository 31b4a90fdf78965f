"""Thirty-five texts the rules had never met when they were written (session 9): seven sets of five, each an
encyclopedia entry, a science explainer, a history, an op-ed and a news analysis. Each set was generated and rated
blind before any rule was changed for it (rounds 51-60, 63-64 and 67-68 in docs/ratings; 61-62 rated a sample of the
first twenty-five's bank); what the raters found is pinned in test_quality_rules. Here: the whole bank of the
thirty-five, as a student and an instructor would meet it."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from quiz.core.pipeline import build_bank

UNSEEN = Path(__file__).resolve().parents[1] / "data" / "unseen"
# thirty-five more of the same five kinds, written in session 10 and rated blind before any rule was changed for
# them (rounds 69-84, each set paired with the bank of 2ccb60d)
LATER = Path(__file__).resolve().parents[1] / "data" / "unseen_later"
# forty more, written in session 11 and rated blind before any rule was changed for them: ten in rounds 85-86 (the
# bank of b132e16 and the best candidates it left out of each text), ten in rounds 87-88 (b132e16 against d09b137),
# ten in rounds 89-90 (b132e16 against cbb4d5a), ten in rounds 91-92 (b132e16 against e13a946); and ten written in
# session 12, rated in rounds 93-94 (the bank of 1666eb7 and the two best candidates it left out of each text), and ten
# more in rounds 97-98 (the bank of 7c4e573 the same way), and thirty more in rounds 99-104 (4bcce34, ae0223a, 01e5506)
FRESH = Path(__file__).resolve().parents[1] / "data" / "fresh"


def _bank(folder: Path, nlp):
    bank, report = build_bank([folder], nlp, seed=0)
    assert not report.problems
    return bank


@pytest.fixture(scope="module")
def unseen_bank(nlp):
    return _bank(UNSEEN, nlp)


@pytest.fixture(scope="module")
def later_bank(nlp):
    return _bank(LATER, nlp)


@pytest.fixture(scope="module")
def fresh_bank(nlp):
    return _bank(FRESH, nlp)


def test_unseen_fresh_texts_each_reach_the_desk_and_keep_their_point(fresh_bank):
    titles = {d.title for d in fresh_bank.documents if any(i.source.document == d.id for i in fresh_bank.items)}
    missing = {p.read_text(encoding="utf-8").split("\n")[0] for p in FRESH.glob("*.txt")} - titles
    assert len(list(FRESH.glob("*.txt"))) == 300
    # the Solovetsky entry's best candidate is a why-item whose other options are unrelated sentences (0.19): no
    # item rather than a bad one. Two explainers of a device have nothing but blanks for the names of bodies and
    # inventors (0.17 at best, session 15): their sentences name no number, place or person to exchange and no
    # term they define, which is what the generators need; every other text reaches the desk
    assert missing <= {"Solovetsky Islands", "How an Atomic Clock Works", "How a Fuel Cell Works"}, missing
    theses = {i.answer for i in fresh_bank.items if i.generator == "thesis"}
    # the op-ed's point, not its closing image ("The clock should be a neutral measure of time, … the health")
    assert any(t.startswith("Governments should stop changing the clocks") for t in theses), theses
    # the news analysis had the dam's specification for its "main point" (335 metres, 3,600 megawatts)
    assert not any(re.search(r"\d", t) and "metres" in t for t in theses), theses


@pytest.mark.parametrize("pattern", [
    r"^The Soviet grain supply had increased dramatically",  # a past perfect with no time (rounds 87-88)
    r"^Which gold is described",  # a material as a kind
    r", and extending to",  # a participle whose partner was left out
    r"ignored the appeal\.$",  # which appeal?
    r"^Which answer completes the sentence\? .*(?:called cardiac _____|electrical _____ requires)",  # a common word
    # taken for a term, with "gamma" and "calcium" for options (d09b137, rounds 87-88)
    r"molecules were sufficient\.$",  # for what? (rounds 89-90)
    r"has needed attendance",  # a law requires
    r"push is accidental\.$",  # litotes turned round
    r"grown sharply because of overfishing",  # a cause that gives the false statement away
    r"^What (?:descended the Amur|prepared a punitive campaign)",  # a person asked with what
    r"highered|^The next day|could, in principle, forbid|^Which (?:rights|minor) is described",  # rounds 91-92
])
def test_unseen_fresh_no_item_a_rater_threw_out_comes_back(fresh_bank, pattern):
    assert not [i.prompt for i in fresh_bank.items if re.search(pattern, i.prompt)] + [
        i.answer for i in fresh_bank.items if i.generator == "thesis" and re.search(pattern, i.answer)]


def test_unseen_fresh_typed_keys_take_the_name_the_text_uses_alone(fresh_bank):
    for item in fresh_bank.items:
        assert not {"XII", "Shan"} & set(item.accept), item.prompt  # half a name (rounds 85-86)
        if item.answer == "Charles XII" and item.type == "cloze":
            assert "Charles" in item.accept
        if item.answer == "Charles" and item.type == "short":
            assert item.prompt.startswith(("Who", "In 1708, who", "According to the author, in 1708, who")), item.prompt


def test_unseen_every_text_keeps_its_title_and_gets_items(unseen_bank):
    titles = {d.title for d in unseen_bank.documents}
    assert len(titles) == 35 and "Lake Baikal" in titles and "How Vaccines Work" in titles
    # every text, the Volga entry too: its candidates all rank below the bar (its facts are figures in copulas and
    # its river is its own title), so its best one reaches the instructor as a draft
    assert len({i.source.document for i in unseen_bank.items}) == 35


def test_unseen_later_texts_keep_their_titles_and_reach_the_desk(later_bank):
    # "Make the Bus Free. It Is Cheaper Than It Sounds." had been renamed "Dunkirk, France and Kansas City", and
    # "Moldova Has Cut Its Ties to Russian Gas. Staying Free Will Cost It Dearly" "Moldova, Ukraine and Chișinău"
    files = sorted(LATER.glob("*.txt"))
    titles = {d.title for d in later_bank.documents}
    assert titles == {f.read_text(encoding="utf-8").splitlines()[0].strip().rstrip(".") for f in files}
    assert len({i.source.document for i in later_bank.items}) == len(files)


@pytest.mark.parametrize("pattern", [
    r"^Which (?:vladimir|gregory|west|east|north|south) is described\b",  # a name or a direction as a kind (r69-72)
    r"^According to (?:he|she|they|it),",  # "According to he, how many houses remained?" (rounds 73-74)
    r"\b(?:increased|decreased|increases|decreases) (?:against|around|under|over)\b",  # "peasants … increased
    # against oppressive taxation", "the region decreased under the Golden Horde" (rounds 75-76, 79-82)
    r"\b(?:is|was) lost time but\b",  # a denial taken off "not X but Y" (rounds 71-72)
    r"^Unlike [A-Z]\w+ [A-Z]",  # "Unlike Kazakhstan Uzbekistan depends …" (rounds 69-70)
    r"-(?:\{\{gap\}\}|_____)",  # "beta-___" (rounds 71-72)
])
def test_unseen_later_no_item_a_rater_threw_out_comes_back(later_bank, pattern):
    assert not [i.prompt for i in later_bank.items if re.search(pattern, i.prompt)]


def test_unseen_later_no_key_is_half_a_name_or_a_word_the_question_says(later_bank):
    for item in later_bank.items:
        assert item.answer not in ("Hungary", "Austria"), item.prompt  # Austria-Hungary (rounds 75-76)
        if item.type == "short":
            assert not [a for a in item.accept if re.search(r"\b" + re.escape(a) + r"\b", item.prompt, re.I)], item.prompt


def test_unseen_later_no_false_figure_under_a_bound(later_bank):
    # "ridership rose by more than 60 percent" -> "more than 24 percent", keyed False (rounds 71-72)
    for item in later_bank.items:
        if item.type == "truefalse" and item.answer == "False":
            assert not re.search(r"\b(?:more|less|fewer) than \d", item.prompt) or item.features.get("tf_denied"), item.prompt


@pytest.mark.parametrize("pattern", [
    r"\bwhat (?:hoped|believed|wanted|feared)\b",  # someone who hopes is a who
    r"^Who \w+ that (?:what|how|why|whether)\b",  # an embedded question is no claim
    r"\b(?:but|and|or|as|of|to|than)\?$",  # a question cut off mid-phrase
    r"\bthe Lake Baikal\b",  # a name written as the text writes it
    r"\b(?:rose|increased|grew) far lower\b|\bfell above\b",  # a change turned against its own comparison
    r"^(?:The|the) (?:response|lesson|decline|summaries|preparations) ",  # a bare noun that leans back
])
def test_unseen_no_item_a_rater_threw_out_comes_back(unseen_bank, pattern):
    assert not [i.prompt for i in unseen_bank.items if re.search(pattern, i.prompt)]


def test_unseen_a_swapped_figure_keeps_its_unit_and_city_options_are_near(unseen_bank):
    for item in unseen_bank.items:
        if item.type == "mcq" and item.answer == "Tbilisi":  # never "Alīgarh", a city of the continent at random
            assert all(c.isascii() for c in item.choices), item.choices
        figure = re.search(r"\b(?:about|roughly|nearly|more than) [\d,]+(?: (\w+))?", item.prompt)
        if item.type == "truefalse" and figure:  # "about 636." had lost its "metres"
            assert figure.group(1) and not figure.group(1).isdigit(), item.prompt


@pytest.mark.parametrize("bank", ["later_bank", "fresh_bank"])
def test_unseen_a_view_is_given_only_to_someone_the_texts_name(bank, request):
    # "According to Soviet, with rates so high many companies could be pushed towards bankruptcy" (round 93), and
    # "According to Russian/First, …" in the later bank: a word the tagger took for a person (of "since Soviet
    # times", "Childhood First") swapped in for the speaker
    made = [i.prompt for i in request.getfixturevalue(bank).items if i.type == "truefalse"]
    assert not [p for p in made if re.match(r"According to (?:Soviet|Tajik Soviet|Russian|First|Rosstat|Anaklia),", p)]
    assert any(p.startswith("According to ") for p in made)


def test_unseen_a_main_point_items_details_are_whole_sentences(fresh_bank):
    # "In 2014 Berkeley … became the first American city to adopt a similar tax, and studies there." had been an
    # option of the sugar-tax op-ed's main-point item: the parser took "studies" for a verb (round 95). A detail is
    # shown as the text says it, to the end of its sentence.
    texts = {d.id: d.text for d in fresh_bank.documents}
    theses = [i for i in fresh_bank.items if i.generator == "thesis"]
    assert any("voting age" in i.answer for i in theses)  # (the sugar tax's point is a draft below the bank's bar
    # now, alone among figures: test_quality_round_107_an_op_eds_point_alone_among_figures_is_a_draft)
    for item in theses:
        # (a view the text argues against may end where its clause does: "some say that every age limit is
        # arbitrary, so we might as well keep eighteen")
        ends = {w.lower() for w in re.findall(r"([\w’'-]+)(?:\W*(?:[.!?]\s|[.!?]$)|,|;| and )",
                                              texts[item.source.document] + " ")}
        for option in item.choices:
            if option != item.answer:
                assert re.findall(r"[\w’'-]+", option)[-1].lower() in ends, option


def test_unseen_round_103_statements_stand_on_their_own(fresh_bank):
    # rounds 103-104 (the bank of 01e5506): a statement whose aside went with the end of its phrase ("Vardan fell on
    # the field along with."), a verb that lost its "has been" ("Kazakhstan shrinking capacity …") and a "him" the
    # statement never names ("Moscow initially saw him as a threat")
    made = [i.prompt for i in fresh_bank.items if i.type == "truefalse"]
    assert not [p for p in made if re.search(r"\b(?:with|of|to|by|and|the)\.$", p)]
    assert not [p for p in made if p.startswith("Kazakhstan shrinking") or re.search(r"\bsaw him\b", p)]
    assert any("Avarayr" in d.title for d in fresh_bank.documents)


def test_unseen_round_105_a_common_noun_accepts_no_name_and_the_title_gives_it_away(fresh_bank):
    # "A ___ is a hot spring that periodically throws a column of boiling water …" (key "geyser") accepted "Geysir" and
    # "Steamboat Geyser", names the text gives, and its text is "How Geysers Erupt" (round 105)
    lowercase = [i for i in fresh_bank.items if i.type in ("cloze", "short") and i.answer[:1].islower()
                 and not i.answer.lower().startswith("the ")]
    assert lowercase
    assert not [(i.answer, i.accept) for i in lowercase if any(a[:1].isupper() for a in i.accept)]
    geyser = [i for i in fresh_bank.items if i.answer == "geyser"]
    assert all(i.quality < 0.5 for i in geyser)
    # and the El Tatio field is no description of the Kamchatka Peninsula
    assert not [i for i in fresh_bank.items if "El Tatio" in i.prompt and "Kamchatka" in i.answer]


def test_unseen_session_13_words_that_change_their_sense_in_other_words(fresh_bank):
    # "The mountain valleys of the Terek basin are revealed to glacial hazards" (exposed to), "the country's largest
    # banks will be needed to offer the digital ruble" (required to), "The familiar green, at 557.7 nanometres." (the
    # verb after the term taken for its definition)
    made = [i.prompt for i in fresh_bank.items]
    assert {"Terek River", "How the Aurora Forms"} <= {d.title for d in fresh_bank.documents}
    assert not [p for p in made if "revealed to" in p or "be needed to" in p or p.startswith("The familiar green, at")]


def test_unseen_session_13_which_text_argues_asks_for_an_argument_of_a_text_that_argues(fresh_bank):
    # on 120 texts: "Which of the texts argues that look in any kitchen drawer in the eurozone?", "… that what happens
    # next will become clear in September 2026?", "… that the collector current may be a hundred times the base
    # current?" (an explainer); and such items were accepted 2 of 10 times: drafts for an instructor to pick
    sources = [i for i in fresh_bank.items if i.generator == "sources"]
    titles = {d.id: d.title for d in fresh_bank.documents}
    assert not [i.prompt for i in sources if re.search(r"argues that (?:look|what|today)\b", i.prompt, re.I)]
    assert not [i.prompt for i in sources if re.match(r"How\b", titles[i.source.document])]
    assert all(i.quality < 0.5 for i in sources)
