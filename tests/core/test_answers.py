"""Answer checking: normalisation, accepted variants, typos, numbers, choices."""
from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from quiz.core.answers import check_answer, normalize_answer


@pytest.fixture
def short_item(item_factory):
    def make(answer: str, accept: tuple[str, ...] = (), type: str = "short"):
        return item_factory(type=type, prompt="Q?", answer=answer, choices=(), accept=accept)
    return make


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("The Kremlin", "kremlin"),
        ("  a   CSTO. ", "csto"),
        ("1,960", "1960"),
        ("one thousand nine hundred sixty", "1960"),
        ("twenty-one", "21"),
        ("32%", "32 percent"),
        ("32 per cent", "32 percent"),
        ("Pashinyán", "pashinyan"),
        ("Nagorno-Karabakh", "nagorno karabakh"),
        ("3.50", "3.5"),
    ],
)
def test_answers_normalize_folds_formats(raw, expected):
    assert normalize_answer(raw) == expected


@pytest.mark.parametrize(
    ("answer", "response"),
    [
        ("1960", "1,960"),
        ("1960", "one thousand nine hundred sixty"),
        ("32%", "32 per cent"),
        ("32 percent", "32%"),
        ("five", "5"),
        ("the Kremlin", "kremlin"),
        ("Nikol Pashinyan", "nikol pashinian"),
        ("Collective Security Treaty Organization", "Collective Security Treaty Organisation"),
        ("Putin", "Vladimir Putin"),
    ],
)
def test_answers_short_accepts_variants_and_small_typos(short_item, answer, response):
    v = check_answer(short_item(answer), response)
    assert v.correct and v.score == 1.0


def test_answers_short_accepts_listed_alternatives(short_item):
    item = short_item("Collective Security Treaty Organization", accept=("CSTO",))
    assert check_answer(item, "the csto").correct


@pytest.mark.parametrize(
    ("answer", "response"),
    [("1960", "1961"), ("32%", "33 percent"), ("Iran", "Iraq"), ("Armenia", "Azerbaijan"), ("Putin", "not Putin")],
)
def test_answers_short_rejects_different_answers(short_item, answer, response):
    assert not check_answer(short_item(answer), response).correct


def test_answers_short_calls_a_short_word_typo_almost(short_item):
    v = check_answer(short_item("Baku"), "Bakku")
    assert not v.correct and v.almost and v.score == 0.5


def test_answers_short_calls_a_partial_answer_almost(short_item):
    v = check_answer(short_item("Collective Security Treaty Organization"), "Collective Security")
    assert not v.correct and v.almost


def test_answers_different_number_is_not_almost_a_typo(short_item):
    v = check_answer(short_item("1960"), "1961")
    assert not v.correct and not v.almost


@pytest.mark.parametrize("response", ["", "   ", "...", "the"])
def test_answers_never_accept_an_empty_answer(short_item, response):
    v = check_answer(short_item("the"), response) if response == "the" else check_answer(short_item("Baku"), response)
    if response == "the":
        assert v.correct  # the answer "the" itself, typed, is that answer
    else:
        assert not v.correct and "No answer" in v.message


@pytest.mark.parametrize("response", ["Moscow", "moscow", "B", "b)", "2"])
def test_answers_mcq_accepts_text_letter_or_index(item_factory, response):
    item = item_factory(choices=("Ankara", "Moscow", "Baku", "Yerevan"), answer="Moscow")
    assert check_answer(item, response).correct


@pytest.mark.parametrize("response", ["Ankara", "A", "1", "Moskow", "9"])
def test_answers_mcq_rejects_other_choices_and_typos(item_factory, response):
    item = item_factory(choices=("Ankara", "Moscow", "Baku", "Yerevan"), answer="Moscow")
    v = check_answer(item, response)
    assert not v.correct and v.expected == "Moscow"


def test_answers_mcq_prefers_choice_text_over_index(item_factory):
    item = item_factory(choices=("2008", "2", "2020"), answer="2")
    assert check_answer(item, "2").correct


@pytest.mark.parametrize(("response", "ok"), [("True", True), ("t", True), ("yes", True), ("False", False), ("F", False)])
def test_answers_truefalse(item_factory, response, ok):
    item = item_factory(type="truefalse", answer="True", choices=("True", "False"))
    assert check_answer(item, response).correct is ok


_answers = st.text(alphabet=st.characters(codec="utf-8", categories=("L", "N")), min_size=1, max_size=12).filter(
    lambda s: normalize_answer(s) not in ("", "a", "an", "the"))


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(max_size=40))
def test_answers_normalize_is_idempotent(text):
    once = normalize_answer(text)
    assert normalize_answer(once) == once


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(_answers)
def test_answers_the_answer_itself_is_always_correct(item_factory, answer):
    item = item_factory(type="short", answer=answer, choices=())
    assert check_answer(item, answer).correct


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(_answers, st.sampled_from(["the ", "The ", "a ", "  ", ""]), st.sampled_from(["", " ", ".", "!"]), st.booleans())
def test_answers_case_space_and_article_changes_stay_correct(item_factory, answer, prefix, suffix, upper):
    item = item_factory(type="cloze", answer=answer, choices=())
    response = prefix + (answer.upper() if upper else answer.lower()) + suffix
    assert check_answer(item, response).correct


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(max_size=30), st.text(max_size=30), st.sampled_from(["short", "cloze", "mcq", "truefalse"]))
def test_answers_random_strings_never_crash(item_factory, answer, response, type_):
    choices = ("True", "False") if type_ == "truefalse" else ((answer or "x", "other", "third") if type_ == "mcq" else ())
    item = item_factory(type=type_, answer=answer or "x", choices=choices)
    v = check_answer(item, response)
    assert 0.0 <= v.score <= 1.0 and isinstance(v.message, str)


def test_answers_a_superscript_digit_is_not_an_option_number(item_factory):
    from quiz.core.answers import check_answer

    item = item_factory(type="mcq", answer="Azerbaijan", choices=("Russia", "Azerbaijan", "Armenia", "Turkey"))
    assert not check_answer(item, "²").correct  # '²'.isdigit() is True, int('²') raised ValueError
    assert check_answer(item, "2").correct


def test_answers_an_article_before_a_lone_scale_word_changes_nothing(item_factory):
    from quiz.core.answers import check_answer

    item = item_factory(type="cloze", answer="billion")  # found by hypothesis: 'the billion' read as 1000000000
    assert check_answer(item, "the billion").correct
    assert check_answer(item, "Billion").correct


@pytest.mark.parametrize(("answer", "response"), [
    ("26 October 2024", "October 26, 2024"),  # a date written the other way round (raters of rounds 57-62)
    ("St Petersburg", "Saint Petersburg"),
    ("St Petersburg", "St. Petersburg"),
])
def test_answers_short_accepts_a_date_in_another_order_and_saint_for_st(short_item, answer, response):
    assert check_answer(short_item(answer), response).correct


def test_answers_short_still_rejects_another_date(short_item):
    assert not check_answer(short_item("26 October 2024"), "October 27, 2024").correct


@pytest.mark.parametrize(("answer", "response", "correct"), [
    # raters of rounds 75-84 expected "San Stefano" for "the Treaty of San Stefano" and "Ladoga" for "Lake Ladoga";
    # the kind word with the name is right, the name alone is too, an ordinary word left alone is not
    ("the Treaty of San Stefano", "San Stefano", True),
    ("Lake Ladoga", "Ladoga", True),
    ("Gulistan", "Treaty of Gulistan", True),
    ("Black Sea", "Black", False),
    ("Treaty of Turkmenchay", "Treaty", False),
])
def test_answers_a_name_is_right_with_or_without_the_kind_word_beside_it(short_item, answer, response, correct):
    assert check_answer(short_item(answer), response).correct is correct


def test_a_kind_word_inside_a_name_is_part_of_it():
    # "Madison River Communications" is a company: "Madison Communications" names nothing (session 15)
    from quiz.core.answers import bare_name

    assert bare_name("madison river communications") == ""
    assert bare_name("lake ladoga") == "ladoga"
