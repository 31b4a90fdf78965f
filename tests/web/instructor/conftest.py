"""Fixtures for the instructor's desk: an app on a fresh SQLite database with a small bank, and clients
signed in as an instructor, as a student, or not at all."""
from __future__ import annotations

import re
from datetime import datetime, timezone

import pytest
from werkzeug.security import generate_password_hash

NOW = datetime(2026, 1, 5, 9, 0, tzinfo=timezone.utc)
PASSWORD = "correct horse battery"
_TOKEN = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"|name="csrf_token" value="([^"]+)"')


def csrf_token(client, path: str = "/login") -> str:
    """Return a CSRF token for this client's session, read from a page's form."""
    html = client.get(path).get_data(as_text=True)
    match = _TOKEN.search(html)
    assert match, f"no CSRF token on {path}"
    return match.group(1) or match.group(2)


@pytest.fixture
def app(tmp_path, small_bank):
    from quiz.config import TestConfig
    from quiz.storage.db import upgrade
    from quiz.storage.learning import create_instructor
    from quiz.storage.repository import merge_bank, set_status
    from quiz.web import create_app, get_engine_of

    application = create_app(TestConfig(instance=tmp_path))
    engine = get_engine_of(application)
    upgrade(engine)
    merge_bank(engine, small_bank, now=NOW)  # stored as drafts
    set_status(engine, [i.id for i in small_bank.items], "approved", by="seed", now=NOW)
    create_instructor(engine, "ada", generate_password_hash(PASSWORD), now=NOW)
    yield application
    engine.dispose()


@pytest.fixture
def engine(app):
    from quiz.web import get_engine_of

    return get_engine_of(app)


def sign_in(client, name: str = "ada", password: str = PASSWORD):
    """Sign in through /login with a real CSRF token; return the response."""
    token = csrf_token(client)
    return client.post("/login", data={"name": name, "password": password, "csrf_token": token})


@pytest.fixture
def instructor(app):
    client = app.test_client()
    response = sign_in(client)
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    return client


@pytest.fixture
def student(app):
    """A student with a learner bound to the session (as after pressing Start)."""
    client = app.test_client()
    token = csrf_token(client, "/")
    response = client.post("/start", data={"csrf_token": token})
    assert response.status_code == 302
    return client


@pytest.fixture
def anonymous(app):
    return app.test_client()
