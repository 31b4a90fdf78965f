"""Access and session gaps not covered in tests/web: forged cookies, other learners' sittings, production start."""
from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
spec = importlib.util.spec_from_file_location("web_helpers", ROOT / "tests" / "web" / "web_helpers.py")
wh = sys.modules.get("web_helpers") or importlib.util.module_from_spec(spec)
if "web_helpers" not in sys.modules:
    sys.modules["web_helpers"] = wh
    spec.loader.exec_module(wh)


def test_access_cookie_signed_with_another_key_binds_no_learner(tmp_path):
    from flask.sessions import SecureCookieSessionInterface

    app = wh.make_app(tmp_path)
    victim = app.test_client()
    wh.begin(victim)
    _html, token = wh.question(victim)
    other = wh.make_app(tmp_path / "other")
    other.secret_key = "not-the-secret"
    forged = SecureCookieSessionInterface().get_signing_serializer(other).dumps({"learner_id": 1})
    attacker = app.test_client()
    attacker.set_cookie("quiz_session", forged)
    assert attacker.get("/quiz").status_code == 302  # no learner: back to the start page
    assert attacker.get(f"/quiz/feedback/{token}").status_code == 404
    assert "Question" not in attacker.get("/progress").get_data(as_text=True)


def test_access_progress_and_history_show_only_the_learners_own_answers(tmp_path):
    app = wh.make_app(tmp_path)
    alice, bob = app.test_client(), app.test_client()
    csrf_a = wh.begin(alice)
    _h, token_a = wh.question(alice)
    alice.post("/quiz/answer", data={"csrf_token": csrf_a, "token": token_a, "response": "alice-secret-answer"})
    wh.begin(bob)
    page = bob.get("/progress").get_data(as_text=True)
    assert "alice-secret-answer" not in page and token_a not in page


def test_access_sitting_id_of_another_learner_in_the_cookie_is_not_used(tmp_path):
    app = wh.make_app(tmp_path)
    alice, bob = app.test_client(), app.test_client()
    wh.begin(alice)
    wh.question(alice)
    with alice.session_transaction() as s:
        alice_sitting = s["quiz_session_id"]
    wh.begin(bob)
    with bob.session_transaction() as s:
        s["quiz_session_id"] = alice_sitting
    wh.question(bob)
    with bob.session_transaction() as s:
        assert s["quiz_session_id"] != alice_sitting


def test_access_quiz_serve_in_production_with_the_dev_secret_exits_with_a_message(tmp_path):
    env = {"PATH": "/usr/bin:/bin", "QUIZ_ENV": "production", "QUIZ_INSTANCE": str(tmp_path),
           "HOME": str(tmp_path)}
    done = subprocess.run([sys.executable, "-m", "quiz", "serve", "--port", "1"], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode != 0
    assert "QUIZ_SECRET_KEY" in done.stderr and "Traceback" not in done.stderr


def test_access_gunicorn_entry_point_refuses_the_dev_secret_in_production(tmp_path):
    env = {"PATH": "/usr/bin:/bin", "QUIZ_ENV": "production", "QUIZ_INSTANCE": str(tmp_path),
           "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-c", "import quiz.web.wsgi"], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=60)
    assert done.returncode != 0 and "QUIZ_SECRET_KEY" in done.stderr


def test_access_login_renews_the_learner_session(tmp_path):
    app = wh.make_app(tmp_path)
    first = app.test_client()
    csrf = wh.begin(first)
    first.post("/account", data={"csrf_token": csrf, "name": "carol", "password": "long enough pw",
                                 "confirm": "long enough pw"})
    other = app.test_client()
    other.get("/")
    with other.session_transaction() as s:
        s["planted"] = "by an attacker"
    token = wh.csrf_of(other.get("/login").get_data(as_text=True))
    assert other.post("/login", data={"csrf_token": token, "name": "carol", "password": "long enough pw"}
                      ).status_code == 302
    with other.session_transaction() as s:
        assert "planted" not in s and s.get("learner_id")
