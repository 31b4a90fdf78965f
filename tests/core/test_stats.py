"""Item statistics on hand-made attempt sets whose numbers are worked out by hand in the comments."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

import pytest

from quiz.core.stats import (
    LIKELY,
    VERY_LIKELY,
    ItemKey,
    ItemStats,
    Response,
    discrimination_index,
    discriminative_efficiency,
    facility_index,
    first_attempts,
    item_statistics,
    quality_examples,
)

T0 = datetime(2026, 1, 1, tzinfo=timezone.utc)

# Four students, three typed items, everyone answers everything (a fixed test, as in Moodle):
#        A  B  C
#   s1   1  1  1
#   s2   1  1  0
#   s3   0  1  0
#   s4   0  0  0
GRID = {"s1": (1, 1, 1), "s2": (1, 1, 0), "s3": (0, 1, 0), "s4": (0, 0, 0)}
TYPED = {name: ItemKey(answer="x") for name in "ABC"}


def _grid_responses() -> list[Response]:
    return [Response(s, item, float(score)) for s, row in GRID.items() for item, score in zip("ABC", row)]


def test_stats_facility_is_mean_score_percent():
    stats = item_statistics(_grid_responses(), TYPED)
    assert stats["A"].facility == pytest.approx(50.0)
    assert stats["B"].facility == pytest.approx(75.0)
    assert stats["C"].facility == pytest.approx(25.0)
    assert facility_index([0.5, 1.0], max_score=1.0) == pytest.approx(75.0)
    assert facility_index([]) is None


def test_stats_discrimination_of_item_a_by_hand():
    # Item A: x = 1 1 0 0; rest = mean of B and C = 1 .5 .5 0.
    # deviations x: .5 .5 -.5 -.5; y: .5 0 0 -.5; sum of products .5; sums of squares 1 and .5
    # r = .5 / sqrt(1 × .5) = 0.7071 -> discrimination index 70.71.
    # Sorted pairing gives the same products (.5), so the discriminative efficiency is 100.
    st = item_statistics(_grid_responses(), TYPED)["A"]
    assert st.n == 4
    assert st.discrimination == pytest.approx(70.7107, abs=1e-3)
    assert st.efficiency == pytest.approx(100.0)


def test_stats_discrimination_of_item_c_by_hand():
    # Item C: x = 1 0 0 0; rest = mean of A and B = 1 1 .5 0; means .25 and .625.
    # products: .75×.375 + (-.25)(.375) + (-.25)(-.125) + (-.25)(-.625) = .375
    # sums of squares: .75 and .6875 -> r = .375 / sqrt(.515625) = .52223 -> 52.22.
    st = item_statistics(_grid_responses(), TYPED)["C"]
    assert st.discrimination == pytest.approx(52.223, abs=1e-3)
    assert st.efficiency == pytest.approx(100.0)
    assert st.needs_checking == ""


# Six students, one MCQ (answer Moscow) and two typed items S1, S2 that set the rest-of-test score.
#   student  S1 S2 rest  MCQ choice  score
#   s1        1  1  1    Ankara      0
#   s2        1  1  1    Ankara      0
#   s3        1  0  .5   Moscow      1
#   s4        0  1  .5   Moscow      1
#   s5        0  0  0    Moscow      1
#   s6        0  0  0    Baku        0
MCQ_ROWS = [("s1", 1, 1, "Ankara"), ("s2", 1, 1, "Ankara"), ("s3", 1, 0, "Moscow"), ("s4", 0, 1, "Moscow"),
            ("s5", 0, 0, "Moscow"), ("s6", 0, 0, "Baku")]
MCQ_KEYS = {"M": ItemKey("Moscow", ("Moscow", "Ankara", "Baku", "Tbilisi")), "S1": ItemKey("a"),
            "S2": ItemKey("b")}


def _mcq_responses() -> list[Response]:
    out = []
    for s, s1, s2, chosen in MCQ_ROWS:
        out += [Response(s, "S1", s1), Response(s, "S2", s2),
                Response(s, "M", 1.0 if chosen == "Moscow" else 0.0, chosen)]
    return out


def test_stats_negative_discrimination_by_hand_is_flagged():
    # x = 0 0 1 1 1 0, y = 1 1 .5 .5 0 0, both means .5.
    # products: -.25 -.25 0 0 -.25 .25 = -.5; sums of squares 1.5 and 1 -> r = -.5/sqrt(1.5) = -.40825.
    # sorted pairing: x 0 0 0 1 1 1 with y 0 0 .5 .5 1 1 -> products sum to 1 -> efficiency -.5/1 = -50.
    st = item_statistics(_mcq_responses(), MCQ_KEYS)["M"]
    assert st.facility == pytest.approx(50.0)
    assert st.discrimination == pytest.approx(-40.825, abs=1e-3)
    assert st.efficiency == pytest.approx(-50.0)
    assert st.needs_checking == VERY_LIKELY
    assert any("negative discrimination" in f for f in st.flags)
    assert st.flagged


def test_stats_pick_rates_unused_and_attractive_distractors():
    st = item_statistics(_mcq_responses(), MCQ_KEYS)["M"]
    assert st.picks == pytest.approx({"Moscow": 0.5, "Ankara": 2 / 6, "Baku": 1 / 6, "Tbilisi": 0.0})
    assert st.unused == ("Tbilisi",)
    # The top third by rest score (s1, s2) both chose Ankara; neither chose the answer.
    assert st.attractive == ("Ankara",)
    assert any("Tbilisi" in f for f in st.flags) and any("Ankara" in f for f in st.flags)


def test_stats_too_few_responses_raise_no_flags():
    stats = item_statistics(_grid_responses(), TYPED)  # four students, under the minimum of five
    assert all(not s.flags for s in stats.values())
    assert item_statistics(_grid_responses(), TYPED, min_responses=4)["A"].flags == ()


def test_stats_moderate_discrimination_is_likely_needs_checking():
    # x = 1 0 1 1 0 (mean .6), y = 1 .8 .6 .4 0 (mean .56):
    # products .4×.44 + (-.6)(.24) + .4×.04 + .4×(-.16) + (-.6)(-.56) = .176 - .144 + .016 - .064 + .336 = .32
    # sums of squares 1.2 and .592 -> r = .32 / sqrt(.7104) = .3797 -> 37.97: "likely needs checking".
    xs = [1, 0, 1, 1, 0]
    ys = [1, 0.8, 0.6, 0.4, 0]
    assert discrimination_index(xs, ys) == pytest.approx(37.966, abs=1e-2)
    responses, keys = [], {"X": ItemKey("x")}
    for k, (x, y) in enumerate(zip(xs, ys)):
        responses.append(Response(k, "X", x))
        for j in range(5):  # five rest items whose mean is y
            keys[f"R{j}"] = ItemKey("r")
            responses.append(Response(k, f"R{j}", 1.0 if j < round(y * 5) else 0.0))
    st = item_statistics(responses, keys)["X"]
    assert st.discrimination == pytest.approx(37.966, abs=1e-2)
    assert st.needs_checking == LIKELY


def test_stats_constant_marks_leave_discrimination_undefined():
    assert discrimination_index([1, 1, 1], [0.2, 0.5, 0.9]) is None
    assert discriminative_efficiency([1, 1, 1], [0.2, 0.5, 0.9]) is None
    assert discrimination_index([1], [1]) is None


def test_stats_first_attempts_keep_only_the_first_per_learner_and_item():
    @dataclass
    class A:
        id: int
        learner_id: int
        item_id: str
        score: float
        chosen: str | None
        answered_at: datetime

    rows = [A(3, 1, "i", 1.0, "b", T0 + timedelta(minutes=5)), A(1, 1, "i", 0.0, "a", T0),
            A(2, 2, "i", 1.0, None, T0 + timedelta(minutes=1))]
    got = first_attempts(rows)
    assert [(r.learner, r.score, r.chosen) for r in got] == [(1, 0.0, "a"), (2, 1.0, None)]


def test_stats_quality_examples_from_decisions_and_statistics():
    bad = ItemStats("a2", 10, 50.0, -20.0, -30.0, needs_checking=VERY_LIKELY, flags=("negative",))
    good = ItemStats("d1", 10, 60.0, 70.0, 90.0)
    decided = [("a1", {"f": 1.0}, "approved"), ("a2", {"f": 2.0}, "approved"), ("r1", {"f": 3.0}, "rejected"),
               ("d1", {"f": 4.0}, "draft"), ("d2", {"f": 5.0}, "draft"), ("x", {}, "approved")]
    got = quality_examples(decided, {"a2": bad, "d1": good})
    assert got == [({"f": 1.0}, True), ({"f": 2.0}, False), ({"f": 3.0}, False), ({"f": 4.0}, True)]
