"""Database write faults on SQLite (disk full, read-only file) and browsers that submit twice or go back."""
from __future__ import annotations

import threading

import pytest
from fault_support import failing_writes, stored_tokens, table_counts, web_helpers

from quiz.config import TestConfig as QuizTestConfig
from quiz.web import create_app, get_engine_of

wh = web_helpers()
DISK_FULL = "database or disk is full"
READ_ONLY = "attempt to write a readonly database"


@pytest.fixture
def app(tmp_path):
    return wh.make_app(tmp_path)


@pytest.fixture
def engine(app):
    return get_engine_of(app)


def _answer(client, csrf, token, response="Russia"):
    return client.post("/quiz/answer", data={"csrf_token": csrf, "token": token, "response": response})


def _assert_clear_503(response):
    body = response.get_data(as_text=True)
    assert response.status_code == 503
    assert "Temporarily unavailable" in body and "Nothing was saved" in body
    assert "Traceback" not in body and "OperationalError" not in body and "INSERT" not in body


@pytest.mark.parametrize("message", [DISK_FULL, READ_ONLY])
@pytest.mark.parametrize("table", ["attempts", "item_memory", "topic_estimates"])
def test_faults_write_error_mid_answer_leaves_nothing_half_written(app, engine, message, table):
    client = app.test_client()
    csrf = wh.begin(client)
    _html, token = wh.question(client)
    before = table_counts(engine)
    with failing_writes(engine, message, table=table) as hits:
        response = _answer(client, csrf, token)
    assert hits, f"no write to {table} was attempted"
    _assert_clear_503(response)
    assert table_counts(engine) == before  # the attempt, memory and estimates went together or not at all
    # The fault clears: the same question and token are still there, and the answer is stored once.
    html, again = wh.question(client)
    assert again == token
    assert _answer(client, csrf, token).status_code == 303
    assert stored_tokens(engine) == [token]
    assert client.get("/healthz").status_code == 200


def test_faults_disk_full_when_starting_creates_no_learner(app, engine):
    client = app.test_client()
    csrf = wh.csrf_of(client.get("/").get_data(as_text=True))
    with failing_writes(engine, DISK_FULL):
        _assert_clear_503(client.post("/start", data={"csrf_token": csrf}))
    assert table_counts(engine)["learners"] == 0
    assert client.post("/start", data={"csrf_token": csrf}).status_code == 302


def test_faults_read_only_database_file_reads_work_and_writes_say_so(tmp_path):
    """A database opened read-only by SQLite itself (mode=ro): pages that read work, a write gets a clear 503."""
    seeded = wh.make_app(tmp_path)
    get_engine_of(seeded).dispose()
    config = QuizTestConfig(instance=tmp_path)
    config.DATABASE_URL = f"sqlite:///file:{tmp_path / 'quiz.db'}?mode=ro&uri=true"
    client = create_app(config).test_client()
    start = client.get("/")
    assert start.status_code == 200
    csrf = wh.csrf_of(start.get_data(as_text=True))
    _assert_clear_503(client.post("/start", data={"csrf_token": csrf}))
    assert client.get("/healthz").status_code == 200
    assert table_counts(get_engine_of(seeded))["learners"] == 0


def test_faults_double_submit_at_the_same_moment_is_stored_once(app, engine):
    client = app.test_client()
    csrf = wh.begin(client)
    _html, token = wh.question(client)
    cookie = client.get_cookie("quiz_session")
    results: list[int] = []
    barrier = threading.Barrier(4)

    def submit(response: str) -> None:
        c = app.test_client()
        c.set_cookie("quiz_session", cookie.value)
        barrier.wait()
        r = _answer(c, csrf, token, response)
        results.append((r.status_code, r.headers.get("Location")))

    threads = [threading.Thread(target=submit, args=(r,)) for r in ("Russia", "Iran", "Russia", "France")]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert len(results) == 4 and {code for code, _ in results} == {303}
    assert len({where for _, where in results}) == 1  # every click lands on the same feedback
    assert stored_tokens(engine) == [token]


def test_faults_back_and_resubmit_changes_nothing(app, engine):
    client = app.test_client()
    csrf = wh.begin(client)
    _html, first = wh.question(client)
    done = _answer(client, csrf, first, "Russia")
    feedback = client.get(done.headers["Location"]).get_data(as_text=True)
    _html, second = wh.question(client)
    assert second != first
    # Back to the first question's page, a different answer, submit again: the recorded answer stands.
    again = _answer(client, csrf, first, "Something else entirely")
    assert again.status_code == 303 and again.headers["Location"] == done.headers["Location"]
    assert client.get(again.headers["Location"]).get_data(as_text=True) == feedback
    assert stored_tokens(engine) == [first]
    # The question served in between is still the one waiting.
    assert wh.question(client)[1] == second
    assert _answer(client, csrf, second, "x").status_code == 303
    assert sorted(stored_tokens(engine)) == sorted([first, second])


def _sql(engine, *statements):
    """Run DDL on the database file through a connection of its own (what a fault in SQLite itself looks like)."""
    with engine.begin() as conn:
        for statement in statements:
            conn.exec_driver_sql(statement)


@pytest.mark.parametrize("table", ["attempts", "item_memory", "topic_estimates", "item_calibration"])
def test_faults_sqlite_error_mid_answer_on_the_driver_path_leaves_nothing_half_written(app, engine, table):
    """The error raised by SQLite itself (a trigger aborts the write; nothing listens to statements, so the answer
    runs straight on the driver): a clear 503, nothing half-written, and the same answer stored once later."""
    client = app.test_client()
    csrf = wh.begin(client)
    _html, token = wh.question(client)
    before = table_counts(engine)
    _sql(engine, f"CREATE TRIGGER fault BEFORE INSERT ON {table} BEGIN SELECT RAISE(ABORT, '{DISK_FULL}'); END")
    _assert_clear_503(_answer(client, csrf, token))
    assert table_counts(engine) == before
    _sql(engine, "DROP TRIGGER fault")
    assert wh.question(client)[1] == token
    assert _answer(client, csrf, token).status_code == 303
    assert stored_tokens(engine) == [token]
    assert table_counts(engine)["attempts"] == before["attempts"] + 1


def test_faults_commit_refused_by_sqlite_leaves_nothing_and_the_connection_works(app, engine):
    """COMMIT itself fails (a deferred constraint checked at COMMIT): the answer is rolled back whole, the user sees
    a clear 503, and the pooled connection serves the next answers."""
    client = app.test_client()
    csrf = wh.begin(client)
    _html, token = wh.question(client)
    before = table_counts(engine)
    _sql(engine, "CREATE TABLE fault_parent (id INTEGER PRIMARY KEY)",
         "CREATE TABLE fault_child (parent INTEGER REFERENCES fault_parent(id) DEFERRABLE INITIALLY DEFERRED)",
         "CREATE TRIGGER fault AFTER INSERT ON item_memory BEGIN INSERT INTO fault_child VALUES (42); END")
    _assert_clear_503(_answer(client, csrf, token))
    assert table_counts(engine) == before
    _sql(engine, "DROP TRIGGER fault")
    for _ in range(3):
        assert _answer(client, csrf, token).status_code == 303
        _html, token = wh.question(client)
    assert len(stored_tokens(engine)) == 3 and table_counts(engine)["attempts"] == before["attempts"] + 3
