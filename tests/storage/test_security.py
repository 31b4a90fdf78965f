"""Sign-in throttling in the database (both backends): counts per key, the window, clearing."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

from quiz.storage.security import clear_login_failures, login_blocked, login_key, record_login_failure

NOW = datetime(2026, 1, 1, 12, tzinfo=timezone.utc)


def test_security_blocks_after_five_failures_within_the_window(db_engine):
    key = login_key("Ann", "10.0.0.1")
    for n in range(1, 5):
        assert record_login_failure(db_engine, key, now=NOW) == n
        assert not login_blocked(db_engine, key, now=NOW)
    record_login_failure(db_engine, key, now=NOW)
    assert login_blocked(db_engine, key, now=NOW)
    assert not login_blocked(db_engine, login_key("Ann", "10.0.0.2"), now=NOW)  # another address
    assert not login_blocked(db_engine, key, now=NOW + timedelta(minutes=16))  # the window passed


def test_security_key_folds_case_and_clear_forgets(db_engine):
    assert login_key(" ANN ", "a") == login_key("ann", "a")
    key = login_key("ann", "a")
    for _ in range(5):
        record_login_failure(db_engine, key, now=NOW)
    clear_login_failures(db_engine, key)
    assert not login_blocked(db_engine, key, now=NOW)


def test_security_old_failures_are_pruned_on_the_next_failure(db_engine):
    key = login_key("bob", "b")
    for _ in range(4):
        record_login_failure(db_engine, key, now=NOW)
    assert record_login_failure(db_engine, key, now=NOW + timedelta(hours=1)) == 1
