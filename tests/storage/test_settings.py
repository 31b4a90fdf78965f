"""Settings kept in the database: the ranker's relearned weights survive for the next generation run."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

from quiz.core.rank import DEFAULT_WEIGHTS
from quiz.storage.settings import RANKER_WEIGHTS, load_setting, relearned_weights, save_setting

NOW = datetime(2026, 11, 22, 9, 0, tzinfo=timezone.utc)


def test_settings_round_trip_and_replace(db_engine):
    assert load_setting(db_engine, "missing", default={"x": 1}) == {"x": 1}
    save_setting(db_engine, "thing", {"a": [1, 2], "b": "é"}, by="teacher", now=NOW)
    assert load_setting(db_engine, "thing") == {"a": [1, 2], "b": "é"}
    save_setting(db_engine, "thing", {"a": 3}, by="teacher", now=NOW + timedelta(minutes=1))
    assert load_setting(db_engine, "thing") == {"a": 3}


def test_settings_relearned_weights_cover_every_feature_and_ignore_unknown_ones(db_engine):
    assert relearned_weights(db_engine) is None  # never relearned: the shipped weights apply
    save_setting(db_engine, RANKER_WEIGHTS, {"weights": {"bias": -2.0, "no_such_feature": 9.0}, "examples": 30},
                 by="teacher", now=NOW)
    weights = relearned_weights(db_engine)
    assert weights["bias"] == -2.0 and "no_such_feature" not in weights
    assert set(weights) == set(DEFAULT_WEIGHTS)
