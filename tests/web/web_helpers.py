"""Helpers shared by the web tests: a small bank of every item type, an app on a temp database, form tokens."""
from __future__ import annotations

import importlib.util
import re
import sys
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session


def _shared_factories() -> Any:
    """Load tests/conftest.py's factories by path (another conftest.py may already own the name `conftest`)."""
    path = Path(__file__).resolve().parent.parent / "conftest.py"
    module = sys.modules.get("quiz_tests_shared_conftest")
    if module is None:
        spec = importlib.util.spec_from_file_location("quiz_tests_shared_conftest", path)
        module = importlib.util.module_from_spec(spec)
        sys.modules[spec.name] = module
        spec.loader.exec_module(module)
    return module


make_document = _shared_factories().make_document
make_item = _shared_factories().make_item

from quiz.config import TestConfig  # noqa: E402
from quiz.core.items import Bank, Source  # noqa: E402
from quiz.storage.db import upgrade  # noqa: E402
from quiz.storage.models import AttemptRow  # noqa: E402
from quiz.storage.repository import merge_bank, set_status  # noqa: E402
from quiz.web import create_app, get_engine_of  # noqa: E402

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=timezone.utc)
HOSTILE = "<script>window.__pwned=1</script>"

TEXT_A = (
    "Russia brokered a ceasefire between Armenia and Azerbaijan in November 2020. "
    "The agreement sent about 2,000 Russian peacekeepers to Nagorno-Karabakh. "
    "Armenia is a member of the Collective Security Treaty Organization. "
    "Critics argue that the peacekeepers failed to keep the Lachin corridor open.\n\n"
    "In 2023 Azerbaijan took full control of the region after a one-day offensive. "
    "Most of the Armenian population left within a week."
)
TEXT_B = (
    "Georgia applied to join the European Union in 2022. "
    "The ruling party, Georgian Dream, was founded by Bidzina Ivanishvili. "
    "Large protests followed the foreign agents law in Tbilisi. "
    "The European Union granted Georgia candidate status in December 2023."
)


def _sentences(text: str) -> list[tuple[str, int, int]]:
    out, pos = [], 0
    for m in re.finditer(r"[^.]+\.", text):
        s = m.group(0).strip()
        start = text.index(s, pos)
        out.append((s, start, start + len(s)))
        pos = start + len(s)
    return out


def quiz_bank(*, hostile: bool = False) -> Bank:
    """Return a bank of two texts and 12 approved-to-be items of all four types over three topics."""
    a = make_document(text=TEXT_A, title="The ceasefire and after", path="a.txt")
    b = make_document(text=TEXT_B, title="Georgia and the EU", path="b.txt")
    sa, sb = _sentences(TEXT_A), _sentences(TEXT_B)

    def src(doc: Any, sents: list[tuple[str, int, int]], k: int) -> Source:
        s, start, end = sents[k]
        return Source(doc.id, s, start, end)

    prompt1 = "Which country brokered the ceasefire of November 2020?"
    items = [
        make_item(id="q-mcq-1", prompt=(HOSTILE + " " + prompt1) if hostile else prompt1, answer="Russia",
                  choices=("Turkey", "Russia", "Iran", "France"), source=src(a, sa, 0), topic="Karabakh",
                  explanation="The text says Russia brokered the ceasefire.", difficulty=-0.5),
        make_item(id="q-mcq-2", prompt="How many Russian peacekeepers did the agreement send?", answer="About 2,000",
                  choices=("About 500", "About 2,000", "About 10,000"), source=src(a, sa, 1), topic="Karabakh",
                  explanation="About 2,000 peacekeepers were sent.", difficulty=0.2),
        make_item(id="q-cloze-1", type="cloze", prompt="Armenia is a member of the {{gap}}.",
                  answer="Collective Security Treaty Organization", accept=("CSTO",), choices=(),
                  source=src(a, sa, 2), topic="Alliances", explanation="Armenia belongs to the CSTO.",
                  difficulty=0.0),
        make_item(id="q-short-1", type="short", kind="argument",
                  prompt="According to critics, which corridor did the peacekeepers fail to keep open?",
                  answer="Lachin corridor", accept=("Lachin",), choices=(), source=src(a, sa, 3), topic="Karabakh",
                  explanation="Critics say the Lachin corridor was not kept open.", difficulty=0.4),
        make_item(id="q-tf-1", type="truefalse", prompt="True or false: Azerbaijan took full control of the region in 2023.",
                  answer="True", choices=("True", "False"), source=src(a, sa, 4), topic="Karabakh",
                  explanation="A one-day offensive in 2023.", difficulty=-1.0),
        make_item(id="q-tf-2", type="truefalse", prompt="True or false: most of the Armenian population stayed.",
                  answer="False", choices=("True", "False"), source=src(a, sa, 5), topic="Karabakh",
                  explanation="Most left within a week.", difficulty=-0.2),
        make_item(id="q-mcq-3", prompt="When did Georgia apply to join the European Union?", answer="2022",
                  choices=("2008", "2014", "2022", "2024"), source=src(b, sb, 0), topic="Georgia",
                  explanation="Georgia applied in 2022.", difficulty=0.1),
        make_item(id="q-short-2", type="short", prompt="Who founded Georgian Dream?", answer="Bidzina Ivanishvili",
                  accept=("Ivanishvili",), choices=(), source=src(b, sb, 1), topic="Georgia",
                  explanation="Georgian Dream was founded by Bidzina Ivanishvili.", difficulty=0.6),
        make_item(id="q-cloze-2", type="cloze", prompt="Large protests followed the foreign agents law in {{gap}}.",
                  answer="Tbilisi", choices=(), source=src(b, sb, 2), topic="Georgia",
                  explanation="The protests were in Tbilisi.", difficulty=-0.3),
        make_item(id="q-tf-3", type="truefalse", prompt="True or false: the EU granted Georgia candidate status in 2023.",
                  answer="True", choices=("True", "False"), source=src(b, sb, 3), topic="Georgia",
                  explanation="Candidate status came in December 2023.", difficulty=-0.6),
        make_item(id="q-mcq-4", prompt="Which party was founded by Bidzina Ivanishvili?", answer="Georgian Dream",
                  choices=("United National Movement", "Georgian Dream", "Lelo", "For Georgia", "Girchi"),
                  source=src(b, sb, 1), topic="Georgia", explanation="Ivanishvili founded Georgian Dream.",
                  difficulty=0.3),
        make_item(id="q-short-3", type="short", prompt="In which month of 2020 was the ceasefire brokered?",
                  answer="November", choices=(), source=src(a, sa, 0), topic="Alliances",
                  explanation="The ceasefire came in November 2020.", difficulty=-0.1),
    ]
    # Never to be served: a draft and a rejected item.
    items.append(make_item(id="q-draft", prompt="A draft question?", answer="Draft", choices=("Draft", "Other", "Third"),
                           source=src(b, sb, 3), topic="Georgia", status="draft"))
    items.append(make_item(id="q-rejected", prompt="A rejected question?", answer="Nope",
                           choices=("Nope", "Yes", "Maybe"), source=src(b, sb, 2), topic="Georgia", status="rejected"))
    return Bank(documents=(a, b), items=tuple(items), generated_at="2026-03-01T00:00:00+00:00")


APPROVED = {f"q-{k}" for k in ("mcq-1", "mcq-2", "mcq-3", "mcq-4", "cloze-1", "cloze-2", "short-1", "short-2",
                               "short-3", "tf-1", "tf-2", "tf-3")}


def seed(engine: Any, bank: Bank, *, now: datetime = T0) -> None:
    """Migrate, store the bank and approve / reject items as their status says."""
    upgrade(engine)
    merge_bank(engine, bank, now=now)
    for status in ("approved", "rejected"):
        ids = [i.id for i in bank.items if i.status == status]
        if ids:
            set_status(engine, ids, status, by="test", now=now)


def make_app(instance: Path, *, bank: Bank | None = None, seeded: bool = True, **config: Any) -> Any:
    """Return a testing app on a SQLite file in `instance`, seeded with the quiz bank."""
    cfg = TestConfig(instance=instance)
    for key, value in config.items():
        setattr(cfg, key, value)
    app = create_app(cfg)
    app.config["QUIZ_RNG_SEED"] = 7
    if seeded:
        seed(get_engine_of(app), bank or quiz_bank())
    return app


_CSRF = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')
_TOKEN = re.compile(r'name="token" type="hidden" value="([^"]+)"')


def csrf_of(html: str) -> str:
    """Return the CSRF token in a page."""
    return _CSRF.search(html).group(1)


def begin(client: Any) -> str:
    """Start as a new anonymous learner; return the session's CSRF token."""
    token = csrf_of(client.get("/").get_data(as_text=True))
    assert client.post("/start", data={"csrf_token": token}).status_code == 302
    return token


def question(client: Any) -> tuple[str, str]:
    """Fetch the next question page; return (html, served token)."""
    html = client.get("/quiz").get_data(as_text=True)
    return html, _TOKEN.search(html).group(1)


def attempts(engine: Any) -> int:
    """Count the stored attempts."""
    with Session(engine) as session:
        return session.scalar(select(func.count()).select_from(AttemptRow)) or 0
