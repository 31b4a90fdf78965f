"""The quiz in a real browser (Debian's Chromium through Playwright) against a live server on a temp database."""
from __future__ import annotations

import threading
from pathlib import Path

import pytest
from web_helpers import APPROVED, make_app, quiz_bank
from werkzeug.serving import make_server

from quiz.storage.learning import get_served
from quiz.storage.repository import get_item
from quiz.web import get_engine_of

pytestmark = pytest.mark.browser

SHOTS = Path("/tmp/shots")
SHOTS.mkdir(parents=True, exist_ok=True)
MARK = "rgb(255, 240, 168)"  # --mark in quiz.css: the highlighted source sentence


class LiveServer:
    """A werkzeug server in a thread on 127.0.0.1; restartable on the same port with a fresh app."""

    def __init__(self, app):
        self.app = app
        self.server = make_server("127.0.0.1", 0, app, threaded=True)
        self.port = self.server.server_port
        self._start()

    def _start(self):
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    @property
    def url(self):
        return f"http://127.0.0.1:{self.port}"

    def stop(self):
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(5)
        get_engine_of(self.app).dispose()

    def restart(self, app):
        """Stop, then serve a new app (same database) on the same port."""
        self.stop()
        self.app = app
        self.server = make_server("127.0.0.1", self.port, app, threaded=True)
        self._start()



@pytest.fixture
def live(tmp_path):
    server = LiveServer(make_app(tmp_path))
    yield server
    server.stop()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1100, "height": 900})
    pg = context.new_page()
    pg.set_default_timeout(10_000)
    yield pg
    context.close()


def served(live, page):
    """Return the item behind the question on screen (looked up by its served token, as a grader would)."""
    page.wait_for_load_state("load")  # the stylesheet applied and the shortcuts attached, as a reader would wait
    token = page.locator("input[name=token]").input_value()
    engine = get_engine_of(live.app)
    return get_item(engine, get_served(engine, token).item_id)


def shot(page, name):
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def answer_by_keyboard(page, item, *, correct=True):
    """Answer the question on screen with the keyboard only."""
    if item.type in ("mcq", "truefalse"):
        choices = list(item.choices) if item.type == "mcq" else ["True", "False"]
        index = choices.index(item.answer) if correct else next(i for i, c in enumerate(choices) if c != item.answer)
        page.keyboard.press(str(index + 1))
        assert page.locator(f"#choice-{index + 1}").is_checked()
    else:
        # autofocus puts the caret in the answer box: no mouse needed
        page.wait_for_function("() => document.activeElement && document.activeElement.id === 'response'")
        page.keyboard.type(item.answer if correct else "no idea")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.wait_for_selector("#feedback")


def test_browser_full_session_by_keyboard(live, page):
    page.goto(live.url + "/")
    shot(page, "01-start")
    for _ in range(20):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "start":
            break
    else:
        pytest.fail("the start button cannot be reached with Tab")
    page.keyboard.press("Enter")
    seen, shot_types = set(), set()
    for _ in range(40):
        page.wait_for_load_state()
        if page.locator("#done-title").count():
            break
        item = served(live, page)
        if item.type not in shot_types:
            shot(page, f"02-question-{item.type}")
        answer_by_keyboard(page, item)
        assert page.locator("#feedback-title").inner_text() == "Right!"
        assert page.evaluate("document.activeElement.id") == "feedback-title"  # focus moved to the feedback
        if item.type not in shot_types:
            shot(page, f"03-feedback-right-{item.type}")
            shot_types.add(item.type)
        seen.add(item.id)
        with page.expect_navigation():
            page.keyboard.press("Enter")
    assert seen == APPROVED
    shot(page, "07-done")
    page.goto(live.url + "/progress")
    assert page.locator(".history-row").count() == len(APPROVED)
    shot(page, "05-progress")


def test_browser_wrong_then_right_by_mouse_with_source_link(live, page):
    page.goto(live.url + "/")
    page.click("#start")
    item = served(live, page)
    if item.type in ("mcq", "truefalse"):
        choices = list(item.choices) if item.type == "mcq" else ["True", "False"]
        wrong = next(i for i, c in enumerate(choices) if c != item.answer)
        page.click(f"label[for=choice-{wrong + 1}]")
    else:
        page.fill("#response", "something wrong")
    page.click("#check")
    page.wait_for_selector("#feedback")
    assert page.locator("#feedback-title").inner_text() == "Not quite."
    assert item.answer in page.locator(".correct-answer").inner_text()
    assert item.source.sentence in page.locator(".source blockquote").inner_text()
    shot(page, "04-feedback-wrong")
    page.click("#source-link")
    page.wait_for_url(f"**/texts/{item.source.document}#s-{item.source.start}")
    cited = page.locator(f"#s-{item.source.start}")
    assert cited.inner_text() == item.source.sentence
    assert cited.evaluate("e => getComputedStyle(e).backgroundColor") == MARK
    other = page.locator(".cite").filter(has_not_text=item.source.sentence).first
    assert other.evaluate("e => getComputedStyle(e).backgroundColor") != MARK
    shot(page, "06-text")
    page.click("text=Back to practice")
    second = served(live, page)
    if second.type in ("mcq", "truefalse"):
        choices = list(second.choices) if second.type == "mcq" else ["True", "False"]
        page.click(f"label[for=choice-{choices.index(second.answer) + 1}]")
    else:
        page.fill("#response", second.answer)
    page.click("#check")
    page.wait_for_selector("#feedback")
    assert page.locator("#feedback-title").inner_text() == "Right!"


def test_browser_double_submit_and_back_resubmit_record_once(live, page):
    from sqlalchemy import func, select
    from sqlalchemy.orm import Session

    from quiz.storage.models import AttemptRow

    page.goto(live.url + "/")
    page.click("#start")
    item = served(live, page)
    if item.type in ("mcq", "truefalse"):
        choices = list(item.choices) if item.type == "mcq" else ["True", "False"]
        page.click(f"label[for=choice-{choices.index(item.answer) + 1}]")
    else:
        page.fill("#response", item.answer)
    token = page.locator("input[name=token]").input_value()
    csrf = page.locator("input[name=csrf_token]").first.input_value()
    page.dblclick("#check")
    page.wait_for_selector("#feedback")
    first_url = page.url
    # Back to the question and submit the same (already answered) form again, as a stale tab would.
    page.go_back()
    page.wait_for_load_state()
    with page.expect_navigation():
        page.evaluate("""([token, csrf]) => {
            const f = document.createElement('form'); f.method = 'post'; f.action = '/quiz/answer';
            for (const [k, v] of [['token', token], ['csrf_token', csrf], ['response', 'changed my mind']]) {
                const i = document.createElement('input'); i.type = 'hidden'; i.name = k; i.value = v; f.append(i);
            }
            document.body.append(f); f.submit();
        }""", [token, csrf])
    assert page.url == first_url
    assert page.locator("#feedback-title").inner_text() == "Right!"
    with Session(get_engine_of(live.app)) as s:
        assert s.scalar(select(func.count()).select_from(AttemptRow)) == 1


def test_browser_resume_after_server_restart(live, page, tmp_path):
    page.goto(live.url + "/")
    page.click("#start")
    for _ in range(2):
        item = served(live, page)
        answer_by_keyboard(page, item)
        with page.expect_navigation():
            page.keyboard.press("Enter")
    live.restart(make_app(tmp_path, seeded=False))
    page.goto(live.url + "/")
    assert "Welcome back" in page.content()
    assert "You have answered 2 questions" in page.inner_text("main")
    page.click("#start")
    assert page.locator("input[name=token]").count() == 1
    page.goto(live.url + "/progress")
    assert page.locator(".history-row").count() == 2


def test_browser_phone_viewport(live, browser):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True,
                                  device_scale_factor=2)
    page = context.new_page()
    try:
        page.goto(live.url + "/")
        shot(page, "08-phone-start")
        page.tap("#start")
        for _ in range(len(APPROVED)):
            item = served(live, page)
            assert page.evaluate("document.documentElement.scrollWidth") <= 390
            if item.type in ("mcq", "truefalse"):
                break
            page.fill("#response", item.answer)
            page.tap("#check")
            page.wait_for_selector("#feedback")
            page.tap("#next")
        choices = page.locator("label.choice")
        for k in range(choices.count()):
            assert choices.nth(k).bounding_box()["height"] >= 44  # a thumb-sized target
        shot(page, "09-phone-question")
        index = (list(item.choices) if item.type == "mcq" else ["True", "False"]).index(item.answer)
        choices.nth(index).tap()
        page.tap("#check")
        page.wait_for_selector("#feedback")
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        shot(page, "10-phone-feedback")
        page.goto(live.url + "/progress")
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        shot(page, "11-phone-progress")
    finally:
        context.close()


def test_browser_no_script_from_item_text_runs(browser, tmp_path):
    server = LiveServer(make_app(tmp_path, bank=quiz_bank(hostile=True)))
    context = browser.new_context()
    page = context.new_page()
    try:
        page.goto(server.url + "/")
        page.click("#start")
        for _ in range(len(APPROVED)):
            item = served(server, page)
            hostile = item.id == "q-mcq-1"
            assert page.evaluate("typeof window.__pwned") == "undefined"
            if hostile:
                assert "<script>window.__pwned=1</script>" in page.inner_text("#prompt")
            answer_by_keyboard(page, item)
            assert page.evaluate("typeof window.__pwned") == "undefined"
            if hostile:
                break
            with page.expect_navigation():
                page.keyboard.press("Enter")
        page.goto(server.url + "/progress")
        assert "window.__pwned" in page.inner_text("main")
        assert page.evaluate("typeof window.__pwned") == "undefined"
    finally:
        context.close()
        server.stop()


def test_browser_account_and_login_pages(live, page):
    page.goto(live.url + "/")
    page.click("#start")
    answer_by_keyboard(page, served(live, page))
    page.goto(live.url + "/account")
    shot(page, "12-account")
    page.fill("#name", "ani")
    page.fill("#password", "a long password")
    page.fill("#confirm", "a long password")
    page.click("#submit")
    assert "Saved." in page.inner_text("main")
    page.click("text=Sign out")
    page.goto(live.url + "/login")
    page.fill("#name", "ani")
    page.fill("#password", "wrong password")
    page.click("#submit")
    assert page.locator(".field-error").count() == 1
    shot(page, "13-login-error")
    page.fill("#password", "a long password")
    page.click("#submit")
    assert "Welcome back" in page.inner_text("main")


def test_browser_quiz_works_without_javascript(live, browser):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(live.url + "/")
        page.click("#start")
        for _ in range(3):
            item = served(live, page)
            assert not page.locator("#hint").is_visible()  # no shortcut promised when there are no shortcuts
            if item.type in ("mcq", "truefalse"):
                choices = list(item.choices) if item.type == "mcq" else ["True", "False"]
                page.click(f"label[for=choice-{choices.index(item.answer) + 1}]")
            else:
                page.fill("#response", item.answer)
            page.click("#check")
            assert page.locator("#feedback-title").inner_text() == "Right!"
            page.click("#next")
    finally:
        context.close()


def test_browser_every_control_has_a_label(live, page):
    page.goto(live.url + "/")
    page.click("#start")
    for _ in range(4):
        item = served(live, page)
        unlabeled = page.evaluate("""() => [...document.querySelectorAll('input:not([type=hidden])')]
            .filter(i => !(i.labels && i.labels.length) && !i.getAttribute('aria-label')).length""")
        assert unlabeled == 0
        if item.type in ("mcq", "truefalse"):
            assert page.locator("fieldset legend#prompt").count() == 1
        answer_by_keyboard(page, item)
        assert page.locator("[aria-live]").count() >= 1
        with page.expect_navigation():
            page.keyboard.press("Enter")
