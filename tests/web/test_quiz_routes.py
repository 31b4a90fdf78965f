"""The student's quiz through Flask's test client on a real SQLite database: flow, forgery, headers, errors."""
from __future__ import annotations

import re

import pytest
from web_helpers import APPROVED, HOSTILE, attempts, begin, csrf_of, make_app, question, quiz_bank

from quiz.config import Config, ConfigError
from quiz.config import TestConfig as QuizTestConfig
from quiz.storage.learning import get_served
from quiz.storage.repository import get_item
from quiz.web import create_app, get_engine_of


@pytest.fixture
def app(tmp_path):
    return make_app(tmp_path)


@pytest.fixture
def engine(app):
    return get_engine_of(app)


@pytest.fixture
def client(app):
    return app.test_client()


def served_item(engine, token):
    return get_item(engine, get_served(engine, token).item_id)


def answer(client, csrf, token, response):
    return client.post("/quiz/answer", data={"csrf_token": csrf, "token": token, "response": response})


def test_quiz_start_page_counts_new_items(client):
    html = client.get("/").get_data(as_text=True)
    assert "Start practising" in html
    assert re.search(r"<dt>New</dt><dd>12</dd>", html)


def test_quiz_question_page_never_carries_the_answer_key(client, engine):
    csrf = begin(client)
    for _ in range(len(APPROVED)):
        html, token = question(client)
        item = served_item(engine, token)
        page = html.split("<main", 1)[1]
        assert item.explanation not in page
        assert item.source.sentence not in page
        if item.type in ("short", "cloze"):
            assert item.answer not in page
            for variant in item.accept:
                assert variant not in page
        assert 'data-answer' not in page and 'data-correct' not in page
        answer(client, csrf, token, item.answer)


def test_quiz_serves_only_approved_items_and_ends_when_all_are_seen(client, engine):
    csrf = begin(client)
    seen = set()
    for _ in range(len(APPROVED)):
        _html, token = question(client)
        item = served_item(engine, token)
        seen.add(item.id)
        answer(client, csrf, token, item.answer)
    assert seen == APPROVED
    assert "Nothing is due right now" in client.get("/quiz").get_data(as_text=True)


def test_quiz_question_reload_shows_the_same_question(client):
    begin(client)
    _html, first = question(client)
    _html, again = question(client)
    assert first == again


def test_quiz_wrong_then_right_answer_feedback(client, engine):
    csrf = begin(client)
    _html, token = question(client)
    item = served_item(engine, token)
    wrong = next(c for c in ("Nowhere at all", "False", "True") if c != item.answer)
    r = answer(client, csrf, token, wrong)
    assert r.status_code == 303
    page = client.get(r.location).get_data(as_text=True)
    assert "Not quite." in page and item.answer in page and item.explanation in page
    assert f'/texts/{item.source.document}#s-{item.source.start}' in page
    _html, token2 = question(client)
    item2 = served_item(engine, token2)
    page = client.get(answer(client, csrf, token2, item2.answer).location).get_data(as_text=True)
    assert "Right!" in page


def test_quiz_missed_item_comes_back_in_the_same_session(client, engine):
    csrf = begin(client)
    _html, token = question(client)
    missed = served_item(engine, token).id
    answer(client, csrf, token, "")  # "I don't know"
    later = []
    for _ in range(5):
        _html, t = question(client)
        item = served_item(engine, t)
        later.append(item.id)
        answer(client, csrf, t, item.answer)
    assert missed in later


def test_quiz_almost_for_a_close_typed_answer(client, engine):
    csrf = begin(client)
    for _ in range(len(APPROVED)):
        _html, token = question(client)
        item = served_item(engine, token)
        if item.id == "q-short-2":
            page = client.get(answer(client, csrf, token, "Bidzina").location).get_data(as_text=True)
            assert "Almost." in page
            return
        answer(client, csrf, token, item.answer)
    pytest.fail("q-short-2 was never served")


def test_quiz_replayed_submission_is_recorded_once_with_the_same_feedback(client, engine):
    csrf = begin(client)
    _html, token = question(client)
    item = served_item(engine, token)
    first = answer(client, csrf, token, item.answer)
    second = answer(client, csrf, token, "something else entirely")
    assert first.location == second.location
    assert attempts(engine) == 1
    page = client.get(second.location).get_data(as_text=True)
    assert "Right!" in page


@pytest.mark.parametrize("csrf", [None, "", "not-a-token", "IjAwMCI.forged.signature"])
def test_quiz_answer_without_a_valid_csrf_token_is_refused(client, engine, csrf):
    begin(client)
    _html, token = question(client)
    data = {"token": token, "response": "Russia"}
    if csrf is not None:
        data["csrf_token"] = csrf
    r = client.post("/quiz/answer", data=data)
    assert r.status_code == 400
    assert attempts(engine) == 0
    assert "Traceback" not in r.get_data(as_text=True)


def test_quiz_csrf_token_of_another_browser_is_refused(app, engine):
    alice, mallory = app.test_client(), app.test_client()
    begin(alice)
    mallory_csrf = begin(mallory)
    _html, token = question(alice)
    r = alice.post("/quiz/answer", data={"csrf_token": mallory_csrf, "token": token, "response": "x"})
    assert r.status_code == 400
    assert attempts(engine) == 0


def test_quiz_start_without_csrf_creates_no_learner(client):
    assert client.post("/start").status_code == 400
    with client.session_transaction() as s:
        assert "learner_id" not in s


@pytest.mark.parametrize("token", ["forged-token", "", "x" * 120])
def test_quiz_answer_with_a_token_never_served_is_refused(client, engine, token):
    csrf = begin(client)
    question(client)
    assert answer(client, csrf, token, "Russia").status_code == 400
    assert attempts(engine) == 0


def test_quiz_answer_with_another_learners_token_is_refused(app, engine):
    alice, bob = app.test_client(), app.test_client()
    begin(alice)
    bob_csrf = begin(bob)
    _html, alice_token = question(alice)
    r = answer(bob, bob_csrf, alice_token, served_item(engine, alice_token).answer)
    assert r.status_code == 400
    assert attempts(engine) == 0
    assert not get_served(engine, alice_token).answered


def test_quiz_feedback_of_another_learner_is_not_shown(app, engine):
    alice, bob = app.test_client(), app.test_client()
    alice_csrf = begin(alice)
    begin(bob)
    _html, token = question(alice)
    location = answer(alice, alice_csrf, token, "Russia").location
    assert alice.get(location).status_code == 200
    assert bob.get(location).status_code == 404


def test_quiz_answer_without_a_learner_is_refused(app, engine):
    alice, stranger = app.test_client(), app.test_client()
    begin(alice)
    _html, token = question(alice)
    csrf = csrf_of(stranger.get("/").get_data(as_text=True))
    assert answer(stranger, csrf, token, "Russia").status_code == 400
    assert attempts(engine) == 0


def test_quiz_oversized_form_is_refused_with_413(client, engine):
    csrf = begin(client)
    _html, token = question(client)
    r = answer(client, csrf, token, "x" * (6 * 1024 * 1024))
    assert r.status_code == 413
    assert "Too large" in r.get_data(as_text=True)
    assert attempts(engine) == 0


@pytest.mark.parametrize("token", ["   ", "x" * 129])
def test_quiz_answer_with_a_blank_or_overlong_token_is_refused(client, engine, token):
    csrf = begin(client)
    question(client)
    assert answer(client, csrf, token, "Russia").status_code == 400
    assert attempts(engine) == 0


def test_quiz_answer_of_the_longest_allowed_length_is_stored_and_redirects_to_its_feedback(client, engine):
    csrf = begin(client)
    _html, token = question(client)
    r = answer(client, csrf, token, "x" * 500)
    assert r.status_code == 303
    assert r.location == f"/quiz/feedback/{token}"
    assert attempts(engine) == 1
    assert "Not quite." in client.get(r.location).get_data(as_text=True)


def test_quiz_answer_without_a_response_field_counts_as_an_empty_answer(client, engine):
    csrf = begin(client)
    _html, token = question(client)
    r = client.post("/quiz/answer", data={"csrf_token": csrf, "token": token})
    assert r.status_code == 303
    assert client.get(r.location).status_code == 200
    assert attempts(engine) == 1


def test_quiz_overlong_answer_is_refused(client, engine):
    csrf = begin(client)
    _html, token = question(client)
    assert answer(client, csrf, token, "x" * 600).status_code == 400
    assert attempts(engine) == 0


@pytest.mark.parametrize("path", ["/", "/quiz", "/login", "/healthz", "/no-such-page", "/progress"])
def test_quiz_security_headers_on_every_response(client, path):
    begin(client)
    r = client.get(path)
    csp = r.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp and "frame-ancestors 'none'" in csp
    assert r.headers["X-Content-Type-Options"] == "nosniff"
    assert r.headers["Referrer-Policy"]


def test_quiz_session_cookie_is_httponly_and_samesite(client):
    r = client.post("/start", data={"csrf_token": csrf_of(client.get("/").get_data(as_text=True))})
    cookie = r.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" not in cookie


def test_quiz_session_cookie_is_secure_when_configured(tmp_path):
    client = make_app(tmp_path, SESSION_COOKIE_SECURE=True).test_client()
    r = client.get("/", base_url="https://localhost")
    r = client.post("/start", data={"csrf_token": csrf_of(r.get_data(as_text=True))}, base_url="https://localhost",
                    headers={"Referer": "https://localhost/"})
    assert "Secure" in r.headers["Set-Cookie"]


def test_quiz_healthz_ok(client):
    r = client.get("/healthz")
    assert r.status_code == 200 and r.get_data(as_text=True).strip() == "ok"


def test_quiz_healthz_503_when_the_database_is_unreachable(tmp_path):
    config = QuizTestConfig(instance=tmp_path)
    config.DATABASE_URL = "postgresql://nobody@127.0.0.1:1/none"
    client = create_app(config).test_client()
    r = client.get("/healthz")
    assert r.status_code == 503
    page = client.get("/")
    assert page.status_code == 503 and "Temporarily unavailable" in page.get_data(as_text=True)
    assert "Traceback" not in page.get_data(as_text=True)


def test_quiz_production_refuses_the_development_secret():
    with pytest.raises(ConfigError):
        create_app(Config({"QUIZ_ENV": "production"}))


def test_quiz_error_pages_show_no_stack_trace(app):
    @app.get("/boom")
    def boom():
        raise RuntimeError("secret internals")

    r = app.test_client().get("/boom")
    body = r.get_data(as_text=True)
    assert r.status_code == 500 and "Something went wrong" in body
    assert "secret internals" not in body and "Traceback" not in body
    assert app.test_client().get("/texts/nope").status_code == 404


def test_quiz_item_text_is_escaped(tmp_path):
    app = make_app(tmp_path, bank=quiz_bank(hostile=True))
    client = app.test_client()
    csrf = begin(client)
    engine = get_engine_of(app)
    for _ in range(len(APPROVED)):
        html, token = question(client)
        if served_item(engine, token).id == "q-mcq-1":
            assert HOSTILE not in html and "&lt;script&gt;window.__pwned=1&lt;/script&gt;" in html
            return
        answer(client, csrf, token, served_item(engine, token).answer)
    pytest.fail("the hostile item was never served")


def test_quiz_progress_shows_topics_history_and_chart(client, engine):
    csrf = begin(client)
    for _ in range(3):
        _html, token = question(client)
        answer(client, csrf, token, served_item(engine, token).answer)
    page = client.get("/progress").get_data(as_text=True)
    for topic in ("Karabakh", "Georgia", "Alliances"):
        assert topic in page
    assert page.count('class="history-row') == 3
    assert "<svg" in page and "chart-right" in page
    assert re.search(r"Streak</dt><dd>1 day<", page)


def test_quiz_text_page_marks_the_cited_sentence(client, engine):
    csrf = begin(client)
    _html, token = question(client)
    item = served_item(engine, token)
    answer(client, csrf, token, item.answer)
    page = client.get(f"/texts/{item.source.document}").get_data(as_text=True)
    assert f'<span class="cite" id="s-{item.source.start}">{item.source.sentence}</span>' in page


def test_quiz_account_then_sign_in_elsewhere_resumes(app, engine):
    home = app.test_client()
    csrf = begin(home)
    _html, token = question(home)
    answer(home, csrf, token, served_item(engine, token).answer)
    r = home.post("/account", data={"csrf_token": csrf, "name": "nino", "password": "correct horse",
                                    "confirm": "correct horse"})
    assert r.status_code == 302

    phone = app.test_client()
    login = csrf_of(phone.get("/login").get_data(as_text=True))
    bad = phone.post("/login", data={"csrf_token": login, "name": "nino", "password": "wrong password"})
    assert "do not match" in bad.get_data(as_text=True)
    assert phone.post("/login", data={"csrf_token": login, "name": "nino",
                                      "password": "correct horse"}).status_code == 302
    assert "Welcome back" in phone.get("/").get_data(as_text=True)
    with home.session_transaction() as a, phone.session_transaction() as b:
        assert a["learner_id"] == b["learner_id"]


def test_quiz_account_name_taken(app):
    first, second = app.test_client(), app.test_client()
    for client in (first, second):
        csrf = begin(client)
        r = client.post("/account", data={"csrf_token": csrf, "name": "tamar", "password": "long enough pw",
                                          "confirm": "long enough pw"})
    assert "That name is taken" in r.get_data(as_text=True)


def test_quiz_login_with_an_offsite_next_stays_on_site(app):
    client = app.test_client()
    csrf = begin(client)
    client.post("/account", data={"csrf_token": csrf, "name": "levan", "password": "long enough pw",
                                  "confirm": "long enough pw"})
    other = app.test_client()
    login = csrf_of(other.get("/login").get_data(as_text=True))
    r = other.post("/login?next=https://evil.example/", data={"csrf_token": login, "name": "levan",
                                                              "password": "long enough pw"})
    assert r.status_code == 302 and r.location == "/"


def test_quiz_answer_key_edited_after_the_question_was_shown_applies_at_once(client, engine):
    """Whole items are cached per worker; an instructor's edit of the answer key is still seen by the next answer."""
    from datetime import datetime, timezone

    from quiz.storage.repository import edit_item

    csrf = begin(client)
    _html, token = question(client)
    item = served_item(engine, token)
    new_key = "False" if item.answer == "True" else "True" if item.type == "truefalse" else "A corrected answer"
    changes = {"answer": new_key}
    if item.type == "mcq":
        changes["choices"] = [new_key if c == item.answer else c for c in item.choices]
    edit_item(engine, item.id, changes, by="instructor", now=datetime(2026, 3, 2, 10, 0, tzinfo=timezone.utc))
    page = client.get(answer(client, csrf, token, new_key).location).get_data(as_text=True)
    assert "Right!" in page


def test_quiz_answer_from_a_learner_who_no_longer_exists_is_refused_and_forgotten(client, engine):
    from sqlalchemy import delete
    from sqlalchemy.orm import Session

    from quiz.storage.models import LearnerRow

    csrf = begin(client)
    _html, token = question(client)
    with Session(engine) as session, session.begin():
        session.execute(delete(LearnerRow))
    assert answer(client, csrf, token, "Russia").status_code == 400
    assert attempts(engine) == 0
    assert client.get("/quiz").status_code == 302  # the stale learner was dropped from the cookie


def test_quiz_warm_up_loads_the_pool_before_the_first_request(tmp_path):
    from quiz.web import pool as pool_cache
    from quiz.web import warm_up

    app = make_app(tmp_path)
    engine = get_engine_of(app)
    pool_cache.clear_pool_cache()
    assert warm_up(app) is True
    pool = pool_cache._pools[engine]
    assert len(pool.items) == len(APPROVED) and set(pool.full) == APPROVED
    assert engine.pool.checkedin() >= 2  # connections open and waiting for the first requests
    empty = create_app(QuizTestConfig(instance=tmp_path / "empty"))
    assert warm_up(empty) is False  # not migrated yet: the first request will load it


def test_quiz_worker_forked_after_warm_up_opens_its_own_connections(tmp_path):
    """gunicorn --preload forks workers after the app factory ran: they must not share its connections."""
    import os

    from quiz.web import warm_up

    app = make_app(tmp_path)
    engine = get_engine_of(app)
    assert warm_up(app) and engine.pool.checkedin() >= 2
    pid = os.fork()
    if pid == 0:  # the worker: an empty pool, then a working connection of its own
        ok = engine.pool.checkedin() == 0 and app.test_client().get("/healthz").status_code == 200
        os._exit(0 if ok else 1)
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0
    assert app.test_client().get("/healthz").status_code == 200  # the parent's connections still work


def test_quiz_stored_estimates_after_a_sequence_of_answers_are_those_of_all_answers_at_once(client, engine,
                                                                                             monkeypatch):
    """Each answer updates ability incrementally; the stored topic estimates equal a from-scratch estimate."""
    from sqlalchemy import select

    from quiz.core.adaptive import AbilityEvidence, topic_estimates
    from quiz.core.adaptive.irt import estimate_ability
    from quiz.core.adaptive.state import topic_prior
    from quiz.storage.learning import topic_estimates as stored_estimates
    from quiz.storage.models import AttemptRow
    from quiz.web import pool as pool_cache

    monkeypatch.setattr(pool_cache, "POOL_TTL", 1e9)  # every answer weighs items by the same difficulties
    difficulty = {p.id: (p.topic, p.difficulty) for p in pool_cache.load_pool(engine)}
    csrf = begin(client)
    for k in range(len(APPROVED)):
        _html, token = question(client)
        item = served_item(engine, token)
        answer(client, csrf, token, item.answer if k % 3 else "not it")
    with engine.connect() as conn:
        rows = conn.execute(select(AttemptRow.learner_id, AttemptRow.item_id, AttemptRow.correct)
                            .order_by(AttemptRow.answered_at, AttemptRow.id)).all()
        stored = stored_estimates(conn, rows[0].learner_id)
    first: dict[str, object] = {}
    for row in rows:
        first.setdefault(row.item_id, row)  # first attempts only: a repeat measures memory, not ability
    responses: dict[str, list[tuple[float, bool]]] = {}
    for row in first.values():
        topic, b = difficulty[row.item_id]
        responses.setdefault(topic, []).append((b, bool(row.correct)))
    assert len(rows) == len(APPROVED) and set(stored) == set(responses) and len(responses) >= 2
    _overall, scratch = topic_estimates(AbilityEvidence.from_responses(responses))
    for topic, (theta, se, n) in stored.items():
        assert (theta, se, n) == pytest.approx((scratch[topic].theta, scratch[topic].se, scratch[topic].n), abs=1e-9)
        # and the former per-topic re-estimation (2 * topics + 1 estimates per answer) agrees
        others = [r for t, rs in responses.items() if t != topic for r in rs]
        prior = topic_prior(estimate_ability(others, prior_sd=0.75 ** 0.5))
        former = estimate_ability(responses[topic], prior_mean=prior.theta, prior_sd=prior.se)
        assert (theta, se) == pytest.approx((former.theta, former.se), abs=1e-4)
