"""A bank full of characters that break naive exporters, built from the shared factories."""
from __future__ import annotations

from quiz.core.items import Bank, Source

NASTY = (
    'Back\\slash \\n \\\\: # hash = eq ~ tilde {braces} {1:SHORTANSWER:=x} colon: ::name:: '
    '<script>alert("x")</script> & &amp; ]]> "quotes" \'apostrophe\' 50% * star / slash '
    "\u200fمرحبا\u200e Ереван 日本 🇦🇲\nsecond line\r\nthird\ttab\x0bvt"
)
NASTY_TITLE = "Armenia / Azerbaijan: \"peace\" {talks} #1 ~ = \\ & <b>\nsecond line"


def make_special_bank(item_factory, document_factory) -> Bank:
    """Return a bank of two texts (one missing from the bank) and every item type, all full of specials."""
    doc = document_factory(title=NASTY_TITLE, author="Ann <O'Neil> & Co", text="x " + NASTY)
    sentence = "Sentence: " + NASTY
    src = Source(doc.id, sentence, 2, 2 + len(sentence))
    lost = Source("d-not-in-bank", "A sentence from a text the bank does not hold.", 0, 45)
    items = (
        item_factory(id="n-mcq", source=src, prompt="Which? " + NASTY, answer="Right " + NASTY,
                     choices=("%50%weighted", "Right " + NASTY, "=leading equals", "a -> b", "[html]<b>bold</b>"),
                     explanation="Because " + NASTY, tags=("type::mcq", "odd&tag")),
        item_factory(id="n-tf", type="truefalse", source=src, prompt="True or false: " + NASTY, answer="False",
                     choices=("True", "False"), explanation=""),
        item_factory(id="n-short", type="short", source=src, prompt="Name it: " + NASTY, answer="Ans " + NASTY,
                     choices=(), accept=("%5%x", "[plain]brackets", "A*B", "-neg", "@at", "T")),
        item_factory(id="n-cloze", type="cloze", source=src, prompt="Gap {{gap}} here: " + NASTY,
                     answer='Cl}o#z~e/"\\', choices=(), accept=("Ереван & <i>",)),
        item_factory(id="n-cloze-end", type="cloze", source=lost, prompt="The gap is at the end: {{gap}}",
                     answer="end", choices=(), accept=()),
        item_factory(id="n-cloze-none", type="cloze", source=lost, prompt="No gap marker at all", answer="none",
                     choices=(), accept=()),
    )
    return Bank(documents=(doc,), items=items, generated_at="2026-01-01T00:00:00+00:00")
