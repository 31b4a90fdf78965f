"""Question generators behind a small registry: name -> function(context) -> candidates."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Callable, Iterator

if TYPE_CHECKING:
    from spacy.tokens import Span

    from quiz.core.context import Corpus, SentenceInfo

__all__ = ["Candidate", "GENERATORS", "register", "run_generators"]


@dataclass
class Candidate:
    """A question before distractors, filtering and ranking."""

    type: str  # cloze | mcq | short | truefalse
    kind: str  # fact | argument | definition
    prompt: str
    answer: str
    sentence: SentenceInfo
    generator: str
    answer_class: str = "CONCEPT"  # semantic class of the answer, for distractors and the wh-word
    accept: tuple[str, ...] = ()
    choices: tuple[str, ...] = ()
    explanation: str = ""
    needs_distractors: int = 0  # how many distractors the item still needs (mcq: 3, truefalse-false: 1)
    answer_span: Span | None = None  # where the answer stands in the source sentence
    features: dict[str, float] = field(default_factory=dict)
    topic_hint: str = ""
    key: str = ""  # what the item asks about, for near-duplicate removal across types
    swap_pool: tuple[str, ...] = ()  # true/false: the only names a false statement may swap in
    actor: str = ""  # whose aim the answer is ('russia'): options come from other actors
    swapped_in: str = ""  # true/false: the value a false statement put in place of the true one ('stomata')


Generator = Callable[["Corpus"], Iterator[Candidate]]
GENERATORS: dict[str, Generator] = {}


def register(name: str) -> Callable[[Generator], Generator]:
    """Register a generator under a name (one module per question family)."""

    def deco(fn: Generator) -> Generator:
        GENERATORS[name] = fn
        return fn

    return deco


def run_generators(corpus: Corpus, names: list[str] | None = None) -> list[Candidate]:
    """Run the named generators (all by default) over the corpus."""
    _load_builtin()
    out: list[Candidate] = []
    for name in names or list(GENERATORS):
        out.extend(c for c in GENERATORS[name](corpus) if c.answer_class == "TEXT" or not cut_short(c.answer))
    return out


_DANGLING = re.compile(r"\b(?:of|the|a|an|and|or|in|on|to|for|with|by|from|at|than)\W*$")  # lower case: "vitamin
# A", "Something to Live For" end on names


def cut_short(answer: str) -> bool:
    """An answer that stops on a word wanting more ("the February Revolution of", round 105): a name cut where a
    date began, never a key."""
    return bool(_DANGLING.search(answer)) and len(answer.split()) > 1


def _load_builtin() -> None:
    # Importing the modules registers them; kept here so `import quiz` stays light.
    from quiz.core.generators import (  # noqa: F401
        aims, argument, cloze, definition, linked, sources, stance, terms, thesis, truefalse, wh,
    )
