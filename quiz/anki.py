"""Bank -> Anki packages (genanki): fixed note types, stable GUIDs, escaped fields, namespaced tags."""
from __future__ import annotations

import hashlib
import html
import logging
import re
import time
import unicodedata
from collections.abc import Iterable, Sequence
from pathlib import Path

import genanki

from quiz.core.items import GAP, Bank, Document, Item, difficulty_band

__all__ = [
    "build_decks",
    "write_decks",
    "note_for_item",
    "deck_id_for",
    "slugify",
    "MODELS",
    "CLOZE_GAP_SEPARATOR",
]

log = logging.getLogger(__name__)

LETTERS = "ABCDE"
CLOZE_GAP_SEPARATOR = " || "  # separates the answers of a cloze prompt with several {{gap}}s
GUID_NAMESPACE = "quiz"

# Shared by every note type. Changing a field list makes Anki treat the note type as a new one
# (its notes stop updating in place), so these lists are frozen: add a new model instead.
_SOURCE_FIELDS = ["Explanation", "Source", "Title", "Author", "Date", "Topic", "ItemId"]

CSS = """\
.card {
  font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
  font-size: 20px; line-height: 1.45; color: #1f2328; background: #ffffff;
  text-align: left; margin: 0; padding: 0;
}
.q-wrap { max-width: 38em; margin: 0 auto; padding: 18px 16px 28px; box-sizing: border-box; }
.meta { font-size: 13px; letter-spacing: .04em; text-transform: uppercase; color: #6e7781; margin-bottom: 10px; }
.question { font-size: 1.1em; font-weight: 600; margin: 0 0 14px; overflow-wrap: anywhere; }
.ask { font-size: .9em; color: #57606a; margin: 0 0 12px; }
.options { list-style: none; padding: 0; margin: 0; }
.options li {
  display: flex; align-items: center; gap: 12px; min-height: 48px; box-sizing: border-box;
  margin: 10px 0; padding: 10px 14px; border: 1.5px solid #d0d7de; border-radius: 12px;
  background: #f6f8fa; overflow-wrap: anywhere;
}
.options li:empty, .options li .txt:empty { display: none; }
.letter {
  flex: 0 0 auto; display: inline-flex; align-items: center; justify-content: center;
  width: 30px; height: 30px; border-radius: 50%; background: #ffffff; border: 1.5px solid #d0d7de;
  font-weight: 700; font-size: 15px; line-height: 1; color: #57606a;
}
.correct-A .opt-A, .correct-B .opt-B, .correct-C .opt-C, .correct-D .opt-D, .correct-E .opt-E {
  border-color: #1a7f37; background: #dafbe1;
}
.correct-A .opt-A .letter, .correct-B .opt-B .letter, .correct-C .opt-C .letter,
.correct-D .opt-D .letter, .correct-E .opt-E .letter { background: #1a7f37; border-color: #1a7f37; color: #fff; }
hr#answer { border: 0; border-top: 1px solid #d8dee4; margin: 18px 0; }
.answer { font-size: 1.15em; font-weight: 700; color: #1a7f37; margin: 0 0 10px; }
.answer .label { font-size: 13px; font-weight: 600; letter-spacing: .04em; text-transform: uppercase;
  color: #6e7781; display: block; margin-bottom: 2px; }
.accept { font-size: .85em; color: #57606a; margin: 0 0 10px; }
.explain { font-size: .95em; margin: 0 0 14px; }
.question.cloze-text { font-weight: 400; }
.cloze { font-weight: 700; color: #0969da; }
.source { margin-top: 18px; padding: 10px 12px; border-left: 3px solid #d0d7de; background: #f6f8fa;
  border-radius: 0 8px 8px 0; font-size: 14px; color: #57606a; }
.source .cite { font-weight: 600; color: #424a53; margin-bottom: 4px; }
.source .sentence { font-style: italic; }
input#typeans { width: 100%; box-sizing: border-box; font-size: 18px; padding: 10px 12px;
  border: 1.5px solid #d0d7de; border-radius: 10px; min-height: 48px; }
code#typeans { font-size: 16px; white-space: pre-wrap; }
.nightMode.card, .night_mode .card { color: #e6edf3; background: #0d1117; }
.nightMode .options li, .night_mode .options li, .nightMode .source, .night_mode .source
  { background: #161b22; border-color: #30363d; color: #adbac7; }
.nightMode .letter, .night_mode .letter { background: #0d1117; border-color: #30363d; color: #adbac7; }
.nightMode .question, .night_mode .question, .nightMode .source .cite, .night_mode .source .cite { color: #e6edf3; }
.nightMode .answer, .night_mode .answer { color: #3fb950; }
.nightMode .cloze, .night_mode .cloze { color: #58a6ff; }
@media (max-width: 480px) { .card { font-size: 18px; } .q-wrap { padding: 14px 12px 24px; } }
"""



def _meta(label: str, *, topic: bool) -> str:
    """Return the small header line: the card's kind, and on the back the topic (it could hint on the front)."""
    extra = "{{#Topic}} · {{Topic}}{{/Topic}}" if topic else ""
    return f'<div class="meta">{label}{extra}</div>'


_BACK_TAIL = """\
{{#Explanation}}<div class="explain">{{Explanation}}</div>{{/Explanation}}
<div class="source">
  <div class="cite">{{Title}}{{#Author}} · {{Author}}{{/Author}}{{#Date}} · {{Date}}{{/Date}}</div>
  <div class="sentence">“{{Source}}”</div>
</div>"""

_MCQ_OPTIONS = "\n".join(
    f'{{{{#Option{x}}}}}<li class="opt-{x}"><span class="letter">{x}</span>'
    f'<span class="txt">{{{{Option{x}}}}}</span></li>{{{{/Option{x}}}}}'
    for x in LETTERS
)

_MCQ_FRONT = f"""<div class="q-wrap">{_meta('Multiple choice', topic=False)}
<div class="question">{{{{Question}}}}</div>
<ol class="options">
{_MCQ_OPTIONS}
</ol></div>"""

_MCQ_BACK = f"""<div class="q-wrap correct-{{{{Correct}}}}">{_meta('Multiple choice', topic=True)}
<div class="question">{{{{Question}}}}</div>
<ol class="options">
{_MCQ_OPTIONS}
</ol>
<hr id="answer">
<div class="answer"><span class="label">Answer</span>{{{{Correct}}}} · {{{{Answer}}}}</div>
{_BACK_TAIL}</div>"""

_SHORT_FRONT = f"""<div class="q-wrap">{_meta('Short answer', topic=False)}
<div class="question">{{{{Question}}}}</div>
{{{{type:Answer}}}}</div>"""

_SHORT_BACK = f"""<div class="q-wrap">{_meta('Short answer', topic=True)}
<div class="question">{{{{Question}}}}</div>
{{{{type:Answer}}}}
<hr id="answer">
<div class="answer"><span class="label">Answer</span>{{{{Answer}}}}</div>
{{{{#Accept}}}}<div class="accept">Also accepted: {{{{Accept}}}}</div>{{{{/Accept}}}}
{_BACK_TAIL}</div>"""

_TF_FRONT = f"""<div class="q-wrap">{_meta('Statement', topic=False)}
<div class="question">{{{{Statement}}}}</div>
<div class="ask">True or false?</div></div>"""

_TF_BACK = f"""<div class="q-wrap">{_meta('Statement', topic=True)}
<div class="question">{{{{Statement}}}}</div>
<div class="ask">True or false?</div>
<hr id="answer">
<div class="answer"><span class="label">Answer</span>{{{{Answer}}}}</div>
{_BACK_TAIL}</div>"""

_CLOZE_FRONT = f"""<div class="q-wrap">{_meta('Fill the gap', topic=False)}
<div class="question cloze-text">{{{{cloze:Text}}}}</div></div>"""

_CLOZE_BACK = f"""<div class="q-wrap">{_meta('Fill the gap', topic=True)}
<div class="question cloze-text">{{{{cloze:Text}}}}</div>
<hr id="answer">
<div class="answer"><span class="label">Answer</span>{{{{cloze-only:Text}}}}</div>
{{{{#Accept}}}}<div class="accept">Also accepted: {{{{Accept}}}}</div>{{{{/Accept}}}}
{_BACK_TAIL}</div>"""


def _model(model_id: int, name: str, fields: list[str], front: str, back: str, *, cloze: bool = False) -> genanki.Model:
    return genanki.Model(
        model_id,
        name,
        fields=[{"name": f} for f in fields],
        templates=[{"name": "Cloze" if cloze else "Card 1", "qfmt": front, "afmt": back}],
        css=CSS,
        model_type=genanki.Model.CLOZE if cloze else genanki.Model.FRONT_BACK,
    )


# Model ids were picked once at random and must never change: Anki matches note types by id.
MODELS: dict[str, genanki.Model] = {
    "mcq": _model(
        1829902927, "quiz: multiple choice",
        ["Question", *(f"Option{x}" for x in LETTERS), "Correct", "Answer", *_SOURCE_FIELDS],
        _MCQ_FRONT, _MCQ_BACK,
    ),
    "cloze": _model(1988901491, "quiz: cloze", ["Text", "Answer", "Accept", *_SOURCE_FIELDS],
                    _CLOZE_FRONT, _CLOZE_BACK, cloze=True),
    "short": _model(1351060021, "quiz: short answer", ["Question", "Answer", "Accept", *_SOURCE_FIELDS],
                    _SHORT_FRONT, _SHORT_BACK),
    "truefalse": _model(1096083186, "quiz: true/false", ["Statement", "Answer", *_SOURCE_FIELDS],
                        _TF_FRONT, _TF_BACK),
}


class _Package(genanki.Package):
    """A genanki Package that remembers the timestamp it was built with."""

    def __init__(self, decks: list[genanki.Deck], *, timestamp: float | None = None) -> None:
        super().__init__(decks)
        self.timestamp = timestamp

    def write_to_file(self, file, timestamp: float | None = None) -> None:  # noqa: ANN001 (genanki's signature)
        """Write the .apkg; notes get `timestamp`, else the build's, else the current time."""
        ts = timestamp if timestamp is not None else self.timestamp
        super().write_to_file(file, timestamp=ts if ts is not None else time.time())


def _esc(text: str) -> str:
    """Escape plain text for an Anki field (fields are raw HTML)."""
    return html.escape(text or "", quote=True).replace("\r\n", "\n").replace("\n", "<br>")


def _esc_cloze(text: str) -> str:
    """Escape text that sits inside a cloze field, so braces and '::' cannot form cloze syntax."""
    return _esc(text).replace("{", "&#123;").replace("}", "&#125;")


def slugify(text: str, *, sep: str = "-", max_len: int = 60) -> str:
    """Return an ASCII slug of `text` ('' when nothing is left)."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^A-Za-z0-9]+", sep, ascii_text).strip(sep)
    return slug[:max_len].rstrip(sep).lower()


def _tag_part(text: str) -> str:
    """Return `text` as one tag segment: no spaces, no ':', keeps letters of any script."""
    return re.sub(r"[^\w.]+", "_", text.strip()).strip("_")


def _item_tag(tag: str) -> str:
    """Sanitise one of the item's own tags into the quiz:: namespace."""
    parts = [_tag_part(p) for p in tag.split("::")]
    parts = [p for p in parts if p]
    if parts and parts[0].lower() == GUID_NAMESPACE:
        parts = parts[1:]
    return "::".join([GUID_NAMESPACE, *parts]) if parts else ""


_RESERVED = [["type"], ["kind"], ["topic"], ["text"], ["difficulty"]]


def _tags(item: Item, doc: Document | None) -> list[str]:
    tags = [f"quiz::type::{item.type}", f"quiz::kind::{item.kind}"]
    if _tag_part(item.topic):
        tags.append(f"quiz::topic::{_tag_part(item.topic)}")
    if doc is not None:
        tags.append(f"quiz::text::{slugify(doc.title) or doc.id}")
    tags.append(f"quiz::difficulty::{difficulty_band(item.difficulty)}")
    # our namespaces are computed from the item's fields; its own tags may not contradict them
    tags.extend(t for t in map(_item_tag, item.tags) if t.lower().split("::")[1:2] not in _RESERVED)
    seen: set[str] = set()
    out = []
    for t in tags:  # Anki tags are case-insensitive: keep the first spelling
        if t and t.lower() not in seen:
            seen.add(t.lower())
            out.append(t)
    return out


def _source_fields(item: Item, doc: Document | None) -> list[str]:
    explanation = item.explanation
    if " ".join(explanation.split()) == " ".join(item.source.sentence.split()):
        explanation = ""  # the back shows the source sentence anyway
    return [
        _esc(explanation),
        _esc(item.source.sentence),
        _esc(doc.title if doc else ""),
        _esc(doc.author if doc else ""),
        _esc(doc.date if doc else ""),
        _esc(item.topic),
        _esc(item.id),
    ]


def _cloze_text(item: Item) -> str | None:
    """Render a cloze prompt with {{cN::answer}} for each gap, or None if gaps and answers disagree."""
    pieces = item.prompt.split(GAP)
    gaps = len(pieces) - 1
    answers = [a.strip() for a in item.answer.split(CLOZE_GAP_SEPARATOR.strip())] if gaps > 1 else [item.answer]
    if gaps < 1 or len(answers) != gaps or not all(answers):
        return None
    out = [_esc_cloze(pieces[0])]
    for n, (answer, tail) in enumerate(zip(answers, pieces[1:]), start=1):
        out.append("{{c%d::%s}}" % (n, _esc_cloze(answer).replace(":", "&#58;")))
        out.append(_esc_cloze(tail))
    return "".join(out)


def _strip_tf_lead(prompt: str) -> str:
    """Drop a leading 'True or false:' (the card asks it itself)."""
    return re.sub(r"^\s*true\s+or\s+false\s*[:?.\-–—]*\s*", "", prompt, flags=re.IGNORECASE) or prompt


def _main_fields(item: Item) -> list[str] | None:
    """Return the type-specific leading fields of the note, or None when the item cannot be carded."""
    if item.type == "mcq":
        choices = list(dict.fromkeys(item.choices))
        if item.answer not in choices or not 2 <= len(choices) <= len(LETTERS):
            return None
        letter = LETTERS[choices.index(item.answer)]
        options = [_esc(c) for c in choices] + [""] * (len(LETTERS) - len(choices))
        return [_esc(item.prompt), *options, letter, _esc(item.answer)]
    if item.type == "cloze":
        text = _cloze_text(item)
        if text is None:
            return None
        answer = ", ".join(a.strip() for a in item.answer.split(CLOZE_GAP_SEPARATOR.strip()))
        return [text, _esc(answer), _esc(", ".join(item.accept))]
    if item.type == "short":
        return [_esc(item.prompt), _esc(item.answer), _esc(", ".join(item.accept))]
    if item.type == "truefalse":
        return [_esc(_strip_tf_lead(item.prompt)), _esc(item.answer)]
    return None


def note_for_item(item: Item, doc: Document | None) -> genanki.Note | None:
    """Build the Anki note of one item (GUID from the item id), or None if the item is malformed."""
    main = _main_fields(item)
    if main is None:
        log.warning("anki: skipping item %s (%s): cannot make a card of it", item.id, item.type)
        return None
    return genanki.Note(
        model=MODELS[item.type],
        fields=[*main, *_source_fields(item, doc)],
        tags=_tags(item, doc),
        guid=genanki.guid_for(GUID_NAMESPACE, item.id),
    )


def deck_id_for(name: str) -> int:
    """Return a fixed deck id derived from the deck name (stable across runs)."""
    return (1 << 30) + int(hashlib.sha256(name.encode("utf-8")).hexdigest()[:14], 16)


def _deck_part(text: str) -> str:
    """Make `text` one level of a deck name ('::' would nest)."""
    return " ".join(text.replace("::", ":").split())


def _selected(items: Iterable[Item], statuses: Sequence[str] | None) -> list[Item]:
    return [i for i in items if statuses is None or i.status in statuses]


def _groups(bank: Bank, items: list[Item]) -> list[tuple[Document | None, list[Item]]]:
    """Group items by source document, in the bank's document order; orphans last."""
    by_doc: dict[str, list[Item]] = {}
    for it in items:
        by_doc.setdefault(it.source.document, []).append(it)
    groups: list[tuple[Document | None, list[Item]]] = [(d, by_doc.pop(d.id)) for d in bank.documents if d.id in by_doc]
    orphans = [it for its in by_doc.values() for it in its]
    if orphans:
        groups.append((None, orphans))
    return groups


def _subdeck(bank_name: str, doc: Document | None, items: list[Item]) -> genanki.Deck:
    title = _deck_part(doc.title or doc.id) if doc else "Other sources"
    name = f"{_deck_part(bank_name)}::{title}"
    byline = " · ".join(_esc(x) for x in (doc.author, doc.date) if x) if doc else ""
    deck = genanki.Deck(deck_id_for(name), name, description=f"<b>{_esc(title)}</b><br>{byline}".strip())
    for it in items:
        note = note_for_item(it, doc)
        if note is not None:
            deck.add_note(note)
    return deck


def build_decks(
    bank: Bank,
    *,
    bank_name: str,
    per_document: bool = False,
    statuses: Sequence[str] | None = ("approved",),
    timestamp: float | None = None,
) -> list[tuple[str, genanki.Package]]:
    """Return (filename, package) pairs: one package with a subdeck per text, or one package per text."""
    groups = _groups(bank, _selected(bank.items, statuses))
    if not per_document:
        parent = genanki.Deck(deck_id_for(_deck_part(bank_name)), _deck_part(bank_name))
        decks = [parent] + [_subdeck(bank_name, doc, its) for doc, its in groups]
        return [(f"{slugify(bank_name) or 'quiz'}.apkg", _Package(decks, timestamp=timestamp))]
    out: list[tuple[str, genanki.Package]] = []
    used: set[str] = set()
    for doc, its in groups:
        stem = (slugify(doc.title) if doc else "other-sources") or (doc.id if doc else "other")
        if stem in used:
            stem = f"{stem}-{doc.id[:8] if doc else 'other'}"
        used.add(stem)
        out.append((f"{stem}.apkg", _Package([_subdeck(bank_name, doc, its)], timestamp=timestamp)))
    return out


def write_decks(
    bank: Bank,
    out: Path,
    *,
    bank_name: str,
    per_document: bool = False,
    statuses: Sequence[str] | None = ("approved",),
    timestamp: float | None = None,
) -> list[Path]:
    """Write the .apkg files into directory `out` (or to `out` itself if it ends in .apkg) and return their paths."""
    out = Path(out)
    packages = build_decks(bank, bank_name=bank_name, per_document=per_document, statuses=statuses,
                           timestamp=timestamp)
    ts = timestamp if timestamp is not None else time.time()
    if out.suffix.lower() == ".apkg":
        if len(packages) != 1:
            raise ValueError(f"{len(packages)} decks to write: give a directory, not {out.name}")
        targets = [out]
        out.parent.mkdir(parents=True, exist_ok=True)
    else:
        out.mkdir(parents=True, exist_ok=True)
        targets = [out / name for name, _ in packages]
    for target, (_, package) in zip(targets, packages):
        package.write_to_file(str(target), timestamp=ts)
    return targets
