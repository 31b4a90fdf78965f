"""The review queue through the test client: filters, decisions, edits validated by type, versions, revert."""
from __future__ import annotations

import pytest
from conftest import NOW, csrf_token

from quiz.storage.repository import get_item, get_record, item_history, set_status


def _post(client, path, **data):
    return client.post(path, data={**data, "csrf_token": csrf_token(client, "/instructor/items")})


def test_instructor_queue_filters_by_type_status_and_text(instructor, engine):
    set_status(engine, ["i-cloze"], "draft", by="t", now=NOW)
    html = instructor.get("/instructor/items?type=cloze").get_data(as_text=True)
    assert "i-cloze" in html and 'value="i-mcq"' not in html
    html = instructor.get("/instructor/items?status=draft").get_data(as_text=True)
    assert 'value="i-cloze"' in html and 'value="i-tf"' not in html
    html = instructor.get("/instructor/items?q=CSTO").get_data(as_text=True)
    assert 'value="i-short"' in html and 'value="i-mcq"' not in html
    html = instructor.get("/instructor/items?min_quality=0.9").get_data(as_text=True)
    assert "No items match" in html


def test_instructor_queue_shows_the_selected_item_beside_its_highlighted_sentence(instructor):
    html = instructor.get("/instructor/items?item=i-short").get_data(as_text=True)
    assert '<mark class="source-hit">Armenia is a member of the CSTO.</mark>' in html
    assert "Collective Security Treaty Organization" in html


def test_instructor_reject_with_reason_then_revert(instructor, engine):
    assert _post(instructor, "/instructor/items/i-mcq/reject", reason="ambiguous stem").status_code == 302
    record = get_record(engine, "i-mcq")
    assert record.item.status == "rejected" and record.reject_reason == "ambiguous stem"
    history = item_history(engine, "i-mcq")
    assert history[-1].action == "rejected" and history[-1].changed_by == "ada"
    previous = history[-2].version
    assert _post(instructor, "/instructor/items/i-mcq/revert", version=str(previous)).status_code == 302
    assert get_item(engine, "i-mcq").status == "approved"
    assert item_history(engine, "i-mcq")[-1].action == "reverted"
    page = instructor.get("/instructor/items/i-mcq").get_data(as_text=True)
    assert "Revert to v" in page and "rejected" in page


def test_instructor_bulk_approve_and_reject(instructor, engine):
    set_status(engine, ["i-mcq", "i-tf", "i-cloze"], "draft", by="t", now=NOW)
    token = csrf_token(instructor, "/instructor/items")
    r = instructor.post("/instructor/items/bulk", data={"csrf_token": token, "action": "approve",
                                                         "ids": ["i-mcq", "i-tf"]})
    assert r.status_code == 302
    assert get_item(engine, "i-mcq").status == "approved" and get_item(engine, "i-tf").status == "approved"
    assert get_item(engine, "i-cloze").status == "draft"
    r = instructor.post("/instructor/items/bulk", data={"csrf_token": token, "action": "reject",
                                                         "ids": ["i-cloze", "i-tf"], "reason": "off topic"})
    assert get_record(engine, "i-tf").reject_reason == "off topic"
    assert get_item(engine, "i-cloze").status == "rejected"


def test_instructor_edit_saves_a_version_with_who(instructor, engine):
    r = _post(instructor, "/instructor/items/i-mcq/edit", prompt="Which capital brokered the 2020 ceasefire?",
              answer="Moscow", choices="Moscow\nAnkara\nBaku\nTehran", accept="", explanation="See the text.",
              topic="Karabakh", kind="fact", tags="type::mcq, checked")
    assert r.status_code == 302
    item = get_item(engine, "i-mcq")
    assert item.prompt == "Which capital brokered the 2020 ceasefire?"
    assert item.choices == ("Moscow", "Ankara", "Baku", "Tehran") and item.tags == ("type::mcq", "checked")
    last = item_history(engine, "i-mcq")[-1]
    assert last.action == "edited" and last.changed_by == "ada" and last.changed_at is not None
    assert get_record(engine, "i-mcq").edited


EDIT_CASES = [
    ("i-mcq", dict(answer="Moscow", choices="Moscow\nBaku"), "3 to 5 choices"),
    ("i-mcq", dict(answer="Moscow", choices="Moscow\nBaku\nAnkara\nYerevan\nTbilisi\nSochi"), "3 to 5 choices"),
    ("i-mcq", dict(answer="Moscow", choices="Moscow\nBaku\nbaku"), "all be different"),
    ("i-mcq", dict(answer="Moscow", choices="Kyiv\nBaku\nAnkara"), "Exactly one choice"),
    ("i-mcq", dict(answer="", choices="Moscow\nBaku\nAnkara"), "This field is required"),
    ("i-cloze", dict(prompt="Moscow brokered a ceasefire in 2020.", answer="Moscow"), "needs its gap"),
    ("i-short", dict(prompt="What is {{gap}}?", answer="CSTO"), "Only cloze"),
    ("i-short", dict(answer="CSTO", choices="a\nb\nc"), "Only multiple-choice"),
    ("i-tf", dict(answer="Yes"), "True or False"),
]


@pytest.mark.parametrize("item_id,changes,message", EDIT_CASES)
def test_instructor_edit_validation_refuses_broken_items(instructor, engine, item_id, changes, message):
    before = get_item(engine, item_id)
    data = dict(prompt=before.prompt, answer=before.answer, choices="\n".join(before.choices) if before.type == "mcq"
                else "", accept="", explanation="", topic="", kind="fact", tags="")
    data.update(changes)
    r = _post(instructor, f"/instructor/items/{item_id}/edit", **data)
    assert r.status_code == 422
    assert message in r.get_data(as_text=True)
    assert get_item(engine, item_id) == before


def test_instructor_edit_cannot_change_the_type_through_the_form(instructor, engine):
    r = _post(instructor, "/instructor/items/i-tf/edit", item_type="short", prompt="Armenia is in the CSTO?",
              answer="Yes", kind="fact")
    assert r.status_code == 422 and get_item(engine, "i-tf").type == "truefalse"


def test_instructor_approved_items_only_are_served(instructor, engine):
    from quiz.web.services import servable_items

    _post(instructor, "/instructor/items/i-mcq/reject", reason="bad")
    served = {i.id for i in servable_items(engine)}
    assert "i-mcq" not in served and "i-tf" in served


def test_instructor_flagged_filter_keeps_items_the_statistics_flag(instructor, engine, small_bank):
    from quiz.storage.learning import create_learner, record_attempt

    # Six students: the strong ones (right on the other three items) all pick Ankara; the weak ones Moscow.
    for k in range(6):
        learner = create_learner(engine, now=NOW).id
        strong = k < 3
        for item_id in ("i-cloze", "i-short", "i-tf"):
            said = ("True" if strong else "False") if item_id == "i-tf" else None
            record_attempt(engine, learner_id=learner, item_id=item_id, correct=strong, score=float(strong),
                           now=NOW, served_token=f"t{k}{item_id}", response=said or "x", chosen=said)
        chosen = "Ankara" if strong else "Moscow"
        record_attempt(engine, learner_id=learner, item_id="i-mcq", correct=not strong, score=float(not strong),
                       now=NOW, served_token=f"t{k}mcq", response=chosen, chosen=chosen)
    html = instructor.get("/instructor/items?flagged=y").get_data(as_text=True)
    assert 'value="i-mcq"' in html and 'value="i-tf"' not in html
    stats = instructor.get("/instructor/stats").get_data(as_text=True)
    assert "negative discrimination" in stats and "strong students prefer" in stats
    assert "nobody picks the distractor" in stats

