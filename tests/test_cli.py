"""The `quiz` command as a user runs it: exit codes, messages, files, the database round trip."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

ROOT = Path(__file__).resolve().parent.parent
SCHEMA = json.loads((ROOT / "quiz" / "data" / "bank.schema.json").read_text())
GOOD = ("Russia deployed 1,960 peacekeepers to the Lachin Corridor in November 2020. "
        "Azerbaijan initiated the Second Karabakh War in September 2020. "
        "Nikol Pashinyan became prime minister of Armenia in 2018, after the Velvet Revolution.\n")


def quiz(*args: str, env: dict[str, str] | None = None, stdin: str | None = None, cwd: Path = ROOT):
    """Run `python -m quiz ...` and return the completed process."""
    full_env = {**os.environ, **(env or {})}
    return subprocess.run([sys.executable, "-m", "quiz", *args], capture_output=True, text=True, env=full_env,
                          input=stdin, cwd=cwd, timeout=300)


def test_cli_usage_error_exits_2():
    result = quiz("generate", "--seed", "not-a-number")
    assert result.returncode == 2
    assert "usage" in result.stderr.lower()


def test_cli_folder_without_text_exits_1_with_advice(tmp_path):
    (tmp_path / "image.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(100))
    result = quiz("generate", str(tmp_path), "--out", str(tmp_path / "bank.json"))
    assert result.returncode == 1
    assert "no usable text" in result.stderr
    assert not (tmp_path / "bank.json").exists()


def test_cli_bad_files_are_reported_and_the_rest_is_read(tmp_path):
    texts = tmp_path / "texts"
    texts.mkdir()
    (texts / "good.txt").write_text(GOOD, encoding="utf-8")
    (texts / "empty.txt").write_text("", encoding="utf-8")
    (texts / "binary.txt").write_bytes(b"\x00\x01\x02" * 200)
    out = tmp_path / "bank.json"
    result = quiz("generate", str(texts), "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert "empty.txt" in result.stderr and "empty" in result.stderr
    assert "binary.txt" in result.stderr
    bank = json.loads(out.read_text())
    jsonschema.validate(bank, SCHEMA)
    assert [d["path"].endswith("good.txt") for d in bank["documents"]] == [True]
    assert bank["items"], "a good text gives items"


def test_cli_generate_twice_gives_the_same_bank(tmp_path):
    (tmp_path / "good.txt").write_text(GOOD, encoding="utf-8")
    a, b = tmp_path / "a.json", tmp_path / "b.json"
    assert quiz("generate", str(tmp_path / "good.txt"), "--out", str(a)).returncode == 0
    assert quiz("generate", str(tmp_path / "good.txt"), "--out", str(b)).returncode == 0
    items_a, items_b = json.loads(a.read_text())["items"], json.loads(b.read_text())["items"]
    assert items_a == items_b


def test_cli_ask_answers_each_line_in_order(tmp_path):
    context = "In 2020, after Azerbaijan initiated the Second Karabakh War, Moscow brokered a ceasefire."
    lines = [
        json.dumps({"id": "q1", "context": context, "answer_start": context.index("Moscow"), "answer_text": "Moscow"}),
        "this is not json",
        json.dumps({"id": "q3", "context": context, "answer_start": 0, "answer_text": "Paris"}),
        json.dumps({"id": "q4", "context": context, "answer_start": context.index("2020"), "answer_text": "2020"}),
    ]
    result = quiz("ask", "--jsonl", "-", stdin="\n".join(lines) + "\n")
    assert result.returncode == 0, result.stderr
    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert [o["id"] for o in out] == ["q1", None, "q3", "q4"]
    assert out[0]["question"] and "Moscow" not in out[0]["question"] and out[0]["item"]["answer"] == "Moscow"
    jsonschema.validate({"version": 1, "documents": [], "items": [out[0]["item"]]}, SCHEMA)
    assert out[1]["question"] is None and "cannot be read" in out[1]["reason"]
    assert out[2]["question"] is None and out[2]["reason"]
    assert out[3]["question"] and out[3]["item"]["answer"] == "2020"


@pytest.mark.postgres
@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_cli_regeneration_keeps_an_instructors_edit(tmp_path, backend, request):
    from datetime import datetime, timezone

    from quiz.storage.db import make_engine
    from quiz.storage.repository import edit_item, get_item, load_bank

    if backend == "sqlite":
        url = f"sqlite:///{tmp_path / 'quiz.db'}"
    else:
        from tests.conftest import _create_pg_database  # noqa: PLC0415

        url = _create_pg_database(request.getfixturevalue("postgres_server"))
    (tmp_path / "good.txt").write_text(GOOD, encoding="utf-8")
    env = {"DATABASE_URL": url}
    first = quiz("generate", str(tmp_path / "good.txt"), env=env)
    assert first.returncode == 0, first.stderr
    engine = make_engine(url)
    item = load_bank(engine, statuses=None).items[0]
    edit_item(engine, item.id, {"prompt": item.prompt + " (edited)"}, by="prof", now=datetime.now(timezone.utc))
    again = quiz("generate", str(tmp_path / "good.txt"), env=env)
    assert again.returncode == 0, again.stderr
    assert get_item(engine, item.id).prompt.endswith("(edited)")
    summary = quiz("summary", env=env)
    assert summary.returncode == 0 and "items from 1 texts" in summary.stdout
    engine.dispose()


def test_cli_export_from_a_bank_file(tmp_path):
    (tmp_path / "good.txt").write_text(GOOD, encoding="utf-8")
    bank = tmp_path / "bank.json"
    assert quiz("generate", str(tmp_path / "good.txt"), "--out", str(bank)).returncode == 0
    none = quiz("export", "gift", "--bank", str(bank), "-o", str(tmp_path / "x.gift.txt"))
    assert none.returncode == 1 and "no approved items" in none.stderr  # drafts are not exported by default
    gift = quiz("export", "gift", "--bank", str(bank), "--status", "all", "-o", str(tmp_path / "x.gift.txt"))
    assert gift.returncode == 0, gift.stderr
    assert "::" in (tmp_path / "x.gift.txt").read_text()
    anki = quiz("export", "anki", "--bank", str(bank), "--status", "all", "-o", str(tmp_path / "decks"))
    assert anki.returncode == 0, anki.stderr
    assert list((tmp_path / "decks").glob("*.apkg"))


def test_cli_generate_ranks_with_the_weights_an_instructor_relearned(tmp_path):
    from quiz.storage.db import make_engine, upgrade
    from quiz.storage.settings import RANKER_WEIGHTS, save_setting
    from datetime import datetime, timezone

    url = f"sqlite:///{tmp_path / 'quiz.db'}"
    engine = make_engine(url)
    upgrade(engine)
    # decisions taught that only transformed questions are worth keeping
    save_setting(engine, RANKER_WEIGHTS, {"weights": {"bias": -20.0, "transformed": 40.0}, "examples": 25,
                                          "at": "2026-11-22T09:00:00+00:00"},
                 by="teacher", now=datetime(2026, 11, 22, tzinfo=timezone.utc))
    engine.dispose()
    result = quiz("generate", str(ROOT / "seeds"), env={"DATABASE_URL": url})
    assert result.returncode == 0, result.stderr
    assert "relearned from 25 instructor decisions" in result.stdout
    out = tmp_path / "bank.json"
    assert quiz("export", "json", "--status", "all", "-o", str(out), env={"DATABASE_URL": url}).returncode == 0
    items = json.loads(out.read_text())["items"]
    assert items and all(i["generator"] in ("wh", "argument", "definition") for i in items)
