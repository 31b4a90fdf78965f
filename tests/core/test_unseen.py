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


@pytest.fixture(scope="module")
def unseen_bank(nlp):
    bank, report = build_bank([UNSEEN], nlp, seed=0)
    assert not report.problems
    return bank


def test_unseen_every_text_keeps_its_title_and_gets_items(unseen_bank):
    titles = {d.title for d in unseen_bank.documents}
    assert len(titles) == 35 and "Lake Baikal" in titles and "How Vaccines Work" in titles
    # every text but one: the Volga entry's facts are figures in copulas and its river is its own title (its best
    # candidates rank 0.35 and below), an open gap for the next session
    assert len({i.source.document for i in unseen_bank.items}) >= 34


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
