"""Shared fixtures: the real spaCy pipeline (once per session), item factories, a tiny bank."""
from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import settings as _hypothesis_settings

from quiz.core.items import Bank, Document, Item, Source, stable_id

# In CI the property tests replay the same examples every run (a failure there is then a real, repeatable one);
# on a developer's machine they keep exploring new examples.
_hypothesis_settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    _hypothesis_settings.load_profile("ci")

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
CHROMIUM = "/usr/bin/chromium"  # Debian's Chromium; Playwright's own browser download cannot work here
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-quic"]


@pytest.fixture(scope="module")
def browser():
    """Debian's Chromium driven by Playwright, once per test module; fails (never skips) when it is missing."""
    if not Path(CHROMIUM).exists():
        pytest.fail("Chromium is missing: install Debian's `chromium` package (`make system-deps`).", pytrace=False)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture(scope="session")
def nlp():
    """The real spaCy pipeline, loaded once for the whole run."""
    from quiz.core.nlp import load_pipeline

    return load_pipeline()


def make_document(**overrides) -> Document:
    """A small document; override any field."""
    text = overrides.pop("text", "Moscow brokered a ceasefire in 2020. Armenia is a member of the CSTO.")
    fields = dict(
        id=stable_id(text, prefix="d"),
        title="A test text",
        path="test.txt",
        sha256="0" * 64,
        text=text,
        words=len(text.split()),
        author="A. Writer",
        date="2020-11-10",
    )
    fields.update(overrides)
    return Document(**fields)


def make_item(**overrides) -> Item:
    """A valid MCQ item; override any field (source as a Source or a dict)."""
    doc_id = overrides.pop("document", "dtest")
    sentence = overrides.pop("sentence", "Moscow brokered a ceasefire in 2020.")
    fields = dict(
        id=overrides.pop("id", stable_id(sentence, "mcq", prefix="i")),
        type="mcq",
        kind="fact",
        prompt="Which city brokered a ceasefire in 2020?",
        answer="Moscow",
        choices=("Ankara", "Moscow", "Baku", "Yerevan"),
        accept=(),
        explanation="Moscow brokered a ceasefire in 2020.",
        source=Source(doc_id, sentence, 0, len(sentence)),
        topic="Nagorno-Karabakh",
        tags=("type::mcq", "kind::fact"),
        difficulty=0.0,
        quality=0.8,
        status="approved",
    )
    fields.update(overrides)
    if isinstance(fields["source"], dict):
        fields["source"] = Source(**fields["source"])
    return Item(**fields)


@pytest.fixture
def item_factory():
    return make_item


@pytest.fixture
def document_factory():
    return make_document


@pytest.fixture
def small_bank() -> Bank:
    """A bank of one document and one item of each type."""
    doc = make_document()
    s1 = "Moscow brokered a ceasefire in 2020."
    s2 = "Armenia is a member of the CSTO."
    src1 = Source(doc.id, s1, 0, len(s1))
    src2 = Source(doc.id, s2, len(s1) + 1, len(s1) + 1 + len(s2))
    items = (
        make_item(id="i-mcq", source=src1),
        make_item(id="i-cloze", type="cloze", prompt="{{gap}} brokered a ceasefire in 2020.", choices=(), source=src1),
        make_item(id="i-short", type="short", kind="definition", prompt="What does CSTO stand for?",
                  answer="Collective Security Treaty Organization", choices=(), accept=("CSTO",), source=src2),
        make_item(id="i-tf", type="truefalse", prompt="True or false: Armenia is a member of the CSTO.",
                  answer="True", choices=("True", "False"), source=src2),
    )
    return Bank(documents=(doc,), items=items, generated_at="2026-01-01T00:00:00+00:00")


# ---------------------------------------------------------------------------------------------------------
# Storage fixtures (owned by the storage engineer; append-only block): a real PostgreSQL server for the
# session, and `db_url` / `db_engine` parametrised over SQLite and PostgreSQL.
# ---------------------------------------------------------------------------------------------------------
import glob as _glob  # noqa: E402
import itertools as _itertools  # noqa: E402
import os as _os  # noqa: E402
import shutil as _shutil  # noqa: E402
import socket as _socket  # noqa: E402
import subprocess as _subprocess  # noqa: E402
import tempfile as _tempfile  # noqa: E402


def _pg_bindir() -> Path:
    """The newest installed PostgreSQL's bin folder, or fail the test run with what to install."""
    found = _glob.glob("/usr/lib/postgresql/*/bin/initdb")
    if not found:
        pytest.fail(
            "PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/initdb): the storage tests need a real "
            "server. Install Debian's `postgresql` package (`make system-deps` does it).",
            pytrace=False,
        )
    newest = max(found, key=lambda p: int(Path(p).parent.parent.name.split(".")[0]))
    return Path(newest).parent


def _free_port() -> int:
    with _socket.socket(_socket.AF_INET, _socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def postgres_server():
    """Start a throwaway PostgreSQL server on a free loopback port; yield its admin URL; stop it at the end."""
    bindir = _pg_bindir()
    base = Path(_tempfile.mkdtemp(prefix="quiz-pg-"))
    data, sock, log = base / "data", base / "sock", base / "server.log"
    sock.mkdir()
    as_postgres: list[str] = []
    if _os.geteuid() == 0:  # initdb and postgres refuse to run as root
        as_postgres = ["runuser", "-u", "postgres", "--"]
        for path in (base, sock):
            _shutil.chown(path, "postgres", "postgres")
    _os.chmod(base, 0o700)
    port = _free_port()

    def run(*args: str) -> None:
        done = _subprocess.run(as_postgres + list(args), capture_output=True, text=True)
        if done.returncode != 0:
            pytest.fail(f"{args[0]} failed ({done.returncode}):\n{done.stdout}\n{done.stderr}", pytrace=False)

    run(str(bindir / "initdb"), "-D", str(data), "-U", "postgres", "-A", "trust", "-E", "UTF8",
        "--locale=C", "--no-sync")
    options = (f"-p {port} -k {sock} -c listen_addresses=127.0.0.1 -c fsync=off "
               "-c synchronous_commit=off -c full_page_writes=off -c max_connections=200")
    run(str(bindir / "pg_ctl"), "-D", str(data), "-o", options, "-l", str(log), "-w", "-t", "60", "start")
    try:
        yield f"postgresql://postgres@127.0.0.1:{port}"
    finally:
        _subprocess.run(as_postgres + [str(bindir / "pg_ctl"), "-D", str(data), "-m", "fast", "-w", "stop"],
                        capture_output=True)
        _shutil.rmtree(base, ignore_errors=True)


_pg_database_numbers = _itertools.count(1)


def _create_pg_database(server_url: str) -> str:
    import psycopg

    import uuid

    # unique even when this module is imported twice (as `conftest` and as `tests.conftest`)
    name = f"quiz_test_{_os.getpid()}_{next(_pg_database_numbers)}_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(f"{server_url}/postgres", autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return f"{server_url}/{name}"


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def db_url(request, tmp_path) -> str:
    """An empty database URL, once for SQLite (a file in tmp_path) and once for the real PostgreSQL server."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'db' / 'quiz.db'}"
    return _create_pg_database(request.getfixturevalue("postgres_server"))


@pytest.fixture
def db_engine(db_url):
    """An engine on a freshly migrated database (both backends, through `db_url`)."""
    from quiz.storage.db import make_engine, upgrade

    engine = make_engine(db_url)
    upgrade(engine)
    yield engine
    engine.dispose()
# --------------------------------------------- end of storage fixtures -----------------------------------
