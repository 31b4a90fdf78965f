"""Access control and CSRF on every instructor route, and sign-in throttling."""
from __future__ import annotations

import pytest
from conftest import PASSWORD, csrf_token, sign_in

GET_ROUTES = [
    "/instructor/", "/instructor/items", "/instructor/items?status=draft", "/instructor/items/i-mcq",
    "/instructor/texts", "/instructor/texts/{doc}", "/instructor/stats", "/instructor/class",
    "/instructor/exports", "/instructor/exports/download?fmt=json", "/instructor/exports/download?fmt=csv",
    "/instructor/exports/download?fmt=gift", "/instructor/exports/download?fmt=moodle",
    "/instructor/exports/download?fmt=qti", "/instructor/exports/download?fmt=anki&scope=all",
]
POST_ROUTES = [
    ("/instructor/items/i-mcq/approve", {}),
    ("/instructor/items/i-mcq/reject", {"reason": "no"}),
    ("/instructor/items/i-mcq/edit", {"prompt": "Who?", "answer": "Moscow",
                                      "choices": "Moscow\nBaku\nAnkara", "kind": "fact"}),
    ("/instructor/items/bulk", {"action": "reject", "ids": ["i-mcq", "i-tf"]}),
    ("/instructor/items/i-mcq/revert", {"version": "1"}),
    ("/instructor/texts/regenerate", {}),
    ("/instructor/texts/{doc}/ask", {"start": "0", "text": "Moscow"}),
    ("/instructor/stats/relearn", {}),
]


def _path(path: str, small_bank) -> str:
    return path.replace("{doc}", small_bank.documents[0].id)


def _status_of(engine, item_id: str) -> str:
    from quiz.storage.repository import get_item

    return get_item(engine, item_id).status


@pytest.mark.parametrize("path", GET_ROUTES)
def test_instructor_anonymous_get_redirects_to_login(anonymous, small_bank, path):
    response = anonymous.get(_path(path, small_bank))
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login")


@pytest.mark.parametrize("path", GET_ROUTES)
def test_instructor_student_get_is_forbidden_and_shows_no_data(student, small_bank, path):
    response = student.get(_path(path, small_bank))
    assert response.status_code == 403
    body = response.get_data(as_text=True)
    assert "Which city brokered" not in body and "Moscow" not in body


@pytest.mark.parametrize("path", GET_ROUTES)
def test_instructor_instructor_gets_every_page(instructor, small_bank, path):
    response = instructor.get(_path(path, small_bank))
    assert response.status_code in (200, 302)
    if response.status_code == 302:
        assert response.headers["Location"].startswith("/instructor/")


@pytest.mark.parametrize("path,data", POST_ROUTES)
def test_instructor_posts_refuse_students_and_anonymous(anonymous, student, engine, small_bank, path, data):
    for client, expected in ((anonymous, 302), (student, 403)):
        token = csrf_token(client, "/")
        response = client.post(_path(path, small_bank), data={**data, "csrf_token": token})
        assert response.status_code == expected
    assert _status_of(engine, "i-mcq") == "approved" and _status_of(engine, "i-tf") == "approved"


@pytest.mark.parametrize("path,data", POST_ROUTES)
def test_instructor_posts_without_csrf_token_change_nothing(instructor, engine, small_bank, path, data):
    from quiz.storage.repository import item_history

    before = len(item_history(engine, "i-mcq"))
    response = instructor.post(_path(path, small_bank), data=data)
    assert response.status_code == 400
    response = instructor.post(_path(path, small_bank), data={**data, "csrf_token": "forged"})
    assert response.status_code == 400
    assert _status_of(engine, "i-mcq") == "approved" and len(item_history(engine, "i-mcq")) == before


def test_instructor_upload_without_csrf_token_stores_nothing(instructor, engine):
    from io import BytesIO

    from quiz.storage.repository import list_documents

    response = instructor.post("/instructor/texts/upload", data={"file": (BytesIO(b"Some text. More text."), "a.txt")},
                               content_type="multipart/form-data")
    assert response.status_code == 400
    assert len(list_documents(engine)) == 1


def test_instructor_login_renews_the_session_and_logout_ends_it(app):
    client = app.test_client()
    token = csrf_token(client, "/")
    client.post("/start", data={"csrf_token": token})  # a student session first
    with client.session_transaction() as s:
        assert "learner_id" in s
    assert sign_in(client).status_code == 302
    with client.session_transaction() as s:
        assert "learner_id" not in s  # the old session's contents are gone
    assert client.get("/instructor/items").status_code == 200
    client.post("/logout", data={"csrf_token": csrf_token(client, "/instructor/items")})
    assert client.get("/instructor/items").status_code == 302


def test_instructor_login_is_throttled_after_five_failures(app):
    client = app.test_client()
    for _ in range(5):
        assert sign_in(client, password="wrong").status_code == 200
    blocked = sign_in(client)  # even the right password is refused now
    assert blocked.status_code == 429
    assert "Too many" in blocked.get_data(as_text=True)
    other = app.test_client()
    assert sign_in(other, name="someone-else", password="x").status_code == 200  # other names still work
    assert client.get("/instructor/items").status_code == 302


def test_instructor_successful_login_clears_earlier_failures(app):
    client = app.test_client()
    for _ in range(4):
        sign_in(client, password="wrong")
    assert sign_in(client, password=PASSWORD).status_code == 302
    fresh = app.test_client()
    for _ in range(4):
        assert sign_in(fresh, password="wrong").status_code == 200
    assert sign_in(fresh).status_code == 302


def test_instructor_passwords_are_stored_hashed_with_a_maintained_scheme(engine):
    from quiz.storage.learning import find_instructor

    stored = find_instructor(engine, "ada").password_hash
    assert PASSWORD not in stored and stored.split(":")[0] in ("scrypt", "pbkdf2")
