"""A multiple-choice blank ('Which answer completes the sentence? … _____ …') is shown as a sentence with a gap."""
from __future__ import annotations

from web_helpers import begin, make_app, make_document, make_item, question

from quiz.core.items import Bank, Source

SENTENCE = "Carbon dioxide enters the leaf through stomata, tiny pores on the leaf surface that can open and close."


def test_quiz_complete_the_sentence_item_shows_the_sentence_with_a_gap(tmp_path):
    doc = make_document(text=SENTENCE)
    item = make_item(id="i1", type="mcq", document=doc.id, source=Source(doc.id, SENTENCE, 0, len(SENTENCE)),
                     prompt="Which answer completes the sentence? Carbon dioxide enters the leaf through _____, "
                            "tiny pores on the leaf surface that can open and close.",
                     answer="stomata", choices=("chloroplasts", "stomata", "thylakoids", "organelles"))
    app = make_app(tmp_path, bank=Bank((doc,), (item,)))
    client = app.test_client()
    begin(client)
    html, _ = question(client)
    assert "Complete the sentence" in html  # the kind of question, in the line above it
    legend = html.split('<legend id="prompt" class="prompt">', 1)[1].split("</legend>", 1)[0]
    assert '<span class="gap" aria-label="gap">' in legend and "_____" not in legend
    assert legend.index("through") < legend.index('class="gap"') < legend.index("tiny pores")
    # a screen reader still hears the instruction
    assert '<span class="visually-hidden">Which answer completes the sentence? </span>' in legend
