"""The instructor's desk in a real browser (Debian's Chromium through Playwright) on a bank made from the seeds."""
from __future__ import annotations

import random
import threading
from datetime import timedelta
from pathlib import Path

import pytest
from conftest import NOW, PASSWORD
from werkzeug.security import generate_password_hash
from werkzeug.serving import make_server

from quiz.storage.repository import get_item, list_items

pytestmark = [pytest.mark.browser, pytest.mark.slow]

ROOT = Path(__file__).resolve().parents[3]
SHOTS = Path("/tmp/shots")
SHOTS.mkdir(parents=True, exist_ok=True)
DESK_ROUTES = ["/instructor/", "/instructor/items", "/instructor/texts", "/instructor/stats", "/instructor/class",
               "/instructor/exports", "/instructor/exports/download?fmt=json"]


class Desk:
    """A live server on a temp database seeded with the generated seed bank, plus handy lookups."""

    def __init__(self, app):
        from quiz.web import get_engine_of

        self.app = app
        self.engine = get_engine_of(app)
        self.server = make_server("127.0.0.1", 0, app, threaded=True)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()
        self.notes: dict[str, str] = {}

    def stop(self):
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(5)
        self.engine.dispose()


@pytest.fixture(scope="module")
def desk(tmp_path_factory, nlp):
    from quiz.config import TestConfig
    from quiz.core.pipeline import build_bank
    from quiz.storage.db import upgrade
    from quiz.storage.learning import create_instructor
    from quiz.storage.repository import merge_bank
    from quiz.web import create_app, get_engine_of

    app = create_app(TestConfig(instance=tmp_path_factory.mktemp("desk")))
    app.config["QUIZ_RNG_SEED"] = 3
    app.extensions["quiz.nlp"] = nlp
    engine = get_engine_of(app)
    upgrade(engine)
    bank, _ = build_bank([ROOT / "seeds"], nlp, now=NOW)
    merge_bank(engine, bank, now=NOW)  # every item a draft
    create_instructor(engine, "ada", generate_password_hash(PASSWORD), now=NOW)
    server = Desk(app)
    yield server
    server.stop()



@pytest.fixture(scope="module")
def teacher(browser, desk):
    """A signed-in instructor's page, shared by the tests of this module (they run in order)."""
    context = browser.new_context(viewport={"width": 1440, "height": 900}, accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto(desk.url + "/instructor/items")
    assert "/login" in page.url  # anonymous: sent to sign in first
    page.fill("#name", "ada")
    page.fill("#password", PASSWORD)
    page.click("#submit")
    page.wait_for_url("**/instructor/items")
    yield page
    context.close()


def shot(page, name: str, *, full: bool = True) -> None:
    page.screenshot(path=str(SHOTS / f"instructor_{name}.png"), full_page=full)


def test_browser_instructor_filter_edit_approve_reject_then_student_quiz(desk, teacher, browser):
    page = teacher
    shot(page, "items")
    page.select_option("#type", "mcq")
    page.click("button:has-text('Filter')")
    page.wait_for_load_state()
    types = page.locator(".qtable tbody .c-type .d-type").all_inner_texts()
    assert types and set(types) == {"mcq"}
    # Choose the item to edit: the first row; the inspector shows it beside its highlighted source sentence.
    first = page.locator(".qtable tbody tr").nth(0)
    item_id = first.locator("input.row-check").get_attribute("value")
    first.locator(".row-link").click()
    page.wait_for_url(f"**item={item_id}**")
    item = get_item(desk.engine, item_id)
    assert page.locator(".inspector .source-hit").inner_text().strip() == item.source.sentence.strip()
    shot(page, "items_filtered")
    page.click(".inspector a:has-text('Edit')")
    page.wait_for_url(f"**/instructor/items/{item_id}")
    new_prompt = item.prompt.rstrip("?") + ", according to the text?"
    page.fill("#prompt", new_prompt)
    page.click("#submit")
    page.wait_for_selector(".flash-success")
    assert get_item(desk.engine, item_id).prompt == new_prompt
    page.click(".decide .btn-approve")
    page.wait_for_selector("text=Approved: students can now be served this item.")
    assert get_item(desk.engine, item_id).status == "approved"
    assert page.locator(".history li").count() >= 3  # generated, edited, approved
    shot(page, "item")
    # An invalid edit: the MCQ loses its answer among the choices.
    page.fill("#choices", "Alpha\nBeta\nGamma")
    page.click("#submit")
    page.wait_for_selector(".d-error")
    assert "Exactly one choice must be the answer" in page.locator(".d-error").first.inner_text()
    shot(page, "item_invalid")
    # Reject another item (a short answer) with a reason.
    other = next(r.item for r in list_items(desk.engine, type="short", status="draft", limit=None).records)
    page.goto(f"{desk.url}/instructor/items?item={other.id}&type=short")
    page.fill("#reject-reason", "the stem gives the answer away")
    page.click(".inspector .btn-reject")
    page.wait_for_selector("text=Rejected: it will not be served.")
    assert get_item(desk.engine, other.id).status == "rejected"
    desk.notes.update(edited=item_id, rejected=other.id, edited_prompt=new_prompt)

    # A student: only the approved item is served, in its edited form; the rejected one never is.
    student = browser.new_context(viewport={"width": 1100, "height": 850}).new_page()
    student.goto(desk.url + "/")
    student.click("#start")
    student.wait_for_selector("#check")
    assert new_prompt in student.locator("main").inner_text()
    assert other.prompt not in student.content()
    right = list(item.choices).index(item.answer) + 1
    student.click(f"label[for=choice-{right}]")
    student.click("#check")
    student.wait_for_selector("#feedback")
    student.goto(desk.url + "/quiz")
    student.wait_for_selector("#done-title")  # nothing else is approved: the rejected item is never served
    student.context.close()


def test_browser_instructor_ask_about_a_selected_span(desk, teacher):
    page = teacher
    page.goto(desk.url + "/instructor/texts")
    shot(page, "texts")
    page.locator(".qtable tbody a").first.click()
    page.wait_for_selector("#doc-text")
    doc_id = page.locator("#doc-text").get_attribute("data-doc")
    from quiz.storage.repository import get_document

    doc = get_document(desk.engine, doc_id)
    import re

    # A capitalised two-word name in the middle of the text, not at a sentence start.
    match = next(m for m in re.finditer(r"(?<=[a-z,] )[A-Z][a-z]+ [A-Z][a-z]+", doc.text) if m.start() > 200)
    phrase, start = match.group(0), match.start()
    page.evaluate(
        """([start, length]) => {
            const box = document.getElementById('doc-text');
            const walker = document.createTreeWalker(box, NodeFilter.SHOW_TEXT);
            let pos = 0, node, range = document.createRange(), begun = false;
            while ((node = walker.nextNode())) {
              const len = node.textContent.length;
              if (!begun && start < pos + len) { range.setStart(node, start - pos); begun = true; }
              if (begun && start + length <= pos + len) { range.setEnd(node, start + length - pos); break; }
              pos += len;
            }
            const sel = window.getSelection(); sel.removeAllRanges(); sel.addRange(range);
            box.dispatchEvent(new MouseEvent('mouseup', {bubbles: true}));
        }""", [start, len(phrase)])
    assert page.locator("#ask-text").input_value() == phrase
    assert page.locator("#ask-start").input_value() == str(start)
    shot(page, "text", full=False)
    page.click("#ask-button")
    page.wait_for_load_state()
    if "/instructor/items/" in page.url:
        asked = get_item(desk.engine, page.url.rsplit("/", 1)[1])
        assert asked.status == "draft" and asked.answer.lower() == phrase.lower()
        assert page.locator(".d-badge-draft").count() >= 1
    else:  # the span did not make a question: the reason is shown, nothing is stored
        assert page.locator(".flash").inner_text().startswith("No question for")
    shot(page, "ask_result")


def _simulate_class(desk, n_learners: int = 14) -> None:
    """Approve a spread of items and let simulated students answer them through the quiz services."""
    from quiz.core.adaptive import p_correct
    from quiz.storage.repository import set_status
    from quiz.web.services import current_session, new_learner, next_question, set_credentials, submit_answer

    pool = [r.item for r in list_items(desk.engine, status="draft", sort="-quality", limit=None).records]
    chosen = [i for i in pool if i.type == "mcq"][:8] + [i for i in pool if i.type != "mcq"][:10]
    set_status(desk.engine, [i.id for i in chosen], "approved", by="ada", now=NOW)
    rng = random.Random(11)
    names = ["Nino", "Aram", "Leyla", "Giorgi", "Ani", "Farid", "Mariam", "Davit", "Sona", "Rustam", "Tamar",
             "Levan", "Aysel", "Karen"]
    for k in range(n_learners):
        now = NOW + timedelta(hours=k)
        learner = new_learner(desk.engine, now=now)
        set_credentials(desk.engine, learner, names[k % len(names)], "password-" + str(k))
        session_id = current_session(desk.engine, learner, None, now=now)
        ability = rng.gauss(0.3, 1.2)
        for step in range(16):
            at = now + timedelta(minutes=step)
            q = next_question(desk.engine, learner, session_id, now=at, rng=rng)
            if q is None:
                break
            item = get_item(desk.engine, q.item_id)
            right = rng.random() < p_correct(ability, item.difficulty)
            if item.type == "mcq":
                wrong = [c for c in item.choices if c != item.answer]
                # a tempting distractor for strong students on one item, so the flags have something to show
                response = item.answer if right else (wrong[0] if ability > 0.5 or rng.random() < 0.6
                                                      else rng.choice(wrong))
            elif item.type == "truefalse":
                response = item.answer if right else ("False" if item.answer == "True" else "True")
            else:
                response = item.answer if right else "no idea"
            submit_answer(desk.engine, learner, q.token, response, now=at + timedelta(seconds=20))


def test_browser_instructor_stats_relearn_class_and_exports(desk, teacher):
    page = teacher
    _simulate_class(desk)
    page.goto(desk.url + "/instructor/stats")
    assert page.locator(".stats-table tbody tr").count() >= 5
    assert page.locator("svg.d-chart circle").count() >= 5
    shot(page, "stats")
    page.click("button:has-text('Relearn quality from decisions')")
    page.wait_for_selector(".relearn")
    assert "before" in page.locator(".relearn").inner_text().lower()
    shot(page, "stats_relearned")
    page.goto(desk.url + "/instructor/class")
    assert page.locator(".qtable tbody tr").count() >= 10
    assert page.locator("svg.d-chart rect.d-bar").count() >= 1
    shot(page, "class")
    page.goto(desk.url + "/instructor/items?status=approved")
    shot(page, "items_approved")
    page.goto(desk.url + "/instructor/exports")
    shot(page, "exports")
    page.select_option("#fmt", "moodle")
    with page.expect_download() as info:
        page.click("button:has-text('Download')")
    download = info.value
    assert download.suggested_filename.endswith(".moodle.xml")
    body = Path(download.path()).read_text(encoding="utf-8")
    assert "<quiz>" in body and desk.notes["edited"] in body and desk.notes["rejected"] not in body
    with page.expect_download() as info:
        page.click("a:has-text('Anki deck')")
    assert info.value.suggested_filename.endswith(".apkg")


def test_browser_student_session_gets_no_instructor_page(desk, browser):
    context = browser.new_context()
    page = context.new_page()
    page.goto(desk.url + "/")
    page.click("#start")
    page.wait_for_load_state()
    for path in DESK_ROUTES:
        response = page.goto(desk.url + path)
        assert response.status == 403, path
        assert desk.notes["edited_prompt"] not in page.content()
    shot(page, "student_forbidden")
    context.close()
