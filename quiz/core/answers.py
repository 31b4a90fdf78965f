"""Check a student's response against an item: normalise, match accepted answers, forgive small typos."""
from __future__ import annotations

from functools import lru_cache

import re
import unicodedata
from dataclasses import dataclass

from rapidfuzz.distance import DamerauLevenshtein

from quiz.core.items import Item

__all__ = ["Verdict", "check_answer", "normalize_answer", "typo_allowance"]

_ARTICLES = ("a", "an", "the")
_NEGATIONS = frozenset({"not", "no", "never", "neither", "nor", "non"})
_UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}
_SCALES = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000}
_NUMBER_WORDS = set(_UNITS) | set(_TENS) | set(_SCALES)
_NUMBER = re.compile(r"\d+(?:\.\d+)?")


@dataclass(frozen=True)
class Verdict:
    """The outcome of checking one response."""

    correct: bool
    almost: bool
    score: float
    normalized: str
    expected: str
    message: str


def _strip_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return unicodedata.normalize("NFKC", "".join(c for c in decomposed if not unicodedata.combining(c)))


def _words_to_number(words: list[str]) -> int | None:
    """Read a run of English number words ("one thousand nine hundred sixty") as an integer."""
    total, current = 0, 0
    for w in words:
        if w in _UNITS:
            current += _UNITS[w]
        elif w in _TENS:
            current += _TENS[w]
        elif w == "hundred":
            current = (current or 1) * 100
        elif w in _SCALES:
            total += (current or 1) * _SCALES[w]
            current = 0
        else:
            return None
    return total + current


def _replace_number_words(tokens: list[str]) -> list[str]:
    out: list[str] = []
    i = 0
    while i < len(tokens):
        if tokens[i] in _NUMBER_WORDS and not (tokens[i] in _SCALES and tokens[i] != "hundred" and not out):
            j = i
            run: list[str] = []
            while j < len(tokens) and (tokens[j] in _NUMBER_WORDS or (tokens[j] == "and" and run and j + 1 < len(tokens)
                                                                     and tokens[j + 1] in _NUMBER_WORDS)):
                if tokens[j] != "and":
                    run.append(tokens[j])
                j += 1
            value = _words_to_number(run)
            if value is not None:
                out.append(str(value))
                i = j
                continue
        out.append(tokens[i])
        i += 1
    return out


def _normalize_once(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).casefold().replace("ı", "i")  # Azerbaijani and Turkish dotless i
    text = _strip_accents(text)
    text = text.replace("%", " percent ")
    text = re.sub(r"(?<=\d),(?=\d{3}(?!\d))", "", text)  # 1,960 -> 1960
    text = re.sub(r"['\u2019`]", "", text)  # russia's -> russias
    text = re.sub(r"(?<!\d)\.|\.(?!\d)", " ", text)  # keep decimal points only
    text = re.sub(r"[^\w.]+|_", " ", text)
    tokens = text.split()
    while tokens and tokens[0] in _ARTICLES and len(tokens) > 1:
        tokens.pop(0)  # before number words: 'the billion' and 'billion' must read alike
    tokens = _replace_number_words(tokens)
    text = " ".join(tokens)
    text = re.sub(r"\bper cent\b", "percent", text)
    text = re.sub(r"\bsaint\b", "st", text)  # "Saint Petersburg", "St. Petersburg" and "St Petersburg" alike
    text = re.sub(r"\b(\d+)\.(\d*?)0+\b", lambda m: m[1] + ("." + m[2] if m[2] else ""), text)  # 3.50 -> 3.5
    tokens = text.split()
    while tokens and tokens[0] in _ARTICLES and len(tokens) > 1:
        tokens.pop(0)
    return " ".join(tokens)


@lru_cache(maxsize=8192)  # pure; an item's choices and accepted answers come back on every answer to it
def normalize_answer(text: str) -> str:
    """Fold case, accents, punctuation, leading articles, spacing and number formats into one canonical form."""
    out = text
    for _ in range(6):  # iterate to a fixed point so normalising twice changes nothing
        nxt = _normalize_once(out)
        if nxt == out:
            break
        out = nxt
    return out


def typo_allowance(length: int) -> int:
    """Return how many edits a correct answer of this many characters may contain."""
    if length <= 5:  # "Iran" and "Iraq" are different answers: short words get no slack
        return 0
    if length <= 9:
        return 1
    if length <= 16:
        return 2
    return max(2, length * 15 // 100)


def _numbers(text: str) -> list[str]:
    return _NUMBER.findall(text)


def _check_choice(item: Item, response: str, norm: str) -> Verdict:
    choices = list(item.choices) or (["True", "False"] if item.type == "truefalse" else [])
    picked: str | None = None
    for c in choices:
        if normalize_answer(c) == norm:
            picked = c
            break
    raw = response.strip().rstrip(").").strip().lower()
    if picked is None and len(raw) == 1 and "a" <= raw <= "z" and ord(raw) - ord("a") < len(choices):
        picked = choices[ord(raw) - ord("a")]
        if item.type == "truefalse" and raw in ("t", "f"):
            picked = "True" if raw == "t" else "False"
    if picked is None and raw.isascii() and raw.isdigit() and 1 <= int(raw) <= len(choices):
        picked = choices[int(raw) - 1]
    if picked is None and item.type == "truefalse" and norm in ("yes", "no", "t", "f"):
        picked = "True" if norm in ("yes", "t") else "False"
    ok = picked is not None and normalize_answer(picked) == normalize_answer(item.answer)
    if ok:
        message = "Correct."
    elif picked is None:
        message = f"That is not one of the options. The answer is {item.answer}."
    else:
        message = f"Not quite. The answer is {item.answer}."
    return Verdict(ok, False, 1.0 if ok else 0.0, norm, item.answer, message)


def _match_text(norm: str, target: str) -> tuple[bool, bool, bool]:
    """Return (correct, typo, almost) for one normalised response against one normalised target."""
    if norm == target:
        return True, False, False
    r_tokens, t_tokens = norm.split(), target.split()
    same_numbers = sorted(_numbers(norm)) == sorted(_numbers(target))
    if not same_numbers:
        # A different number is a different answer, never a typo; a partial number match is "almost".
        almost = bool(set(_numbers(norm)) & set(_numbers(target))) and bool(_numbers(target))
        return False, False, almost
    if set(r_tokens) & _NEGATIONS != set(t_tokens) & _NEGATIONS:
        return False, False, False
    if len(t_tokens) > 1 and sorted(r_tokens) == sorted(t_tokens):
        return True, False, False  # "October 26 2024" for "26 October 2024": the same words in another order
    dist = DamerauLevenshtein.distance(norm, target)
    allowed = typo_allowance(len(target))
    if dist <= allowed:
        return True, True, False
    # The whole answer plus a little more ("Vladimir Putin" for "Putin") is right.
    extra = len(r_tokens) - len(t_tokens)
    if 0 < extra <= 2 and _contains_run(r_tokens, t_tokens):
        return True, False, False
    # A close miss, or part of a multi-word answer, is "almost".
    if dist <= allowed + 1 + len(target) // 10 and len(target) > 3:
        return False, False, True
    content = [t for t in t_tokens if len(t) > 2]
    if len(t_tokens) > 1 and r_tokens and set(r_tokens) < set(t_tokens) and any(t in content for t in r_tokens):
        return False, False, True
    return False, False, False


KIND_WORDS = {"treaty", "lake", "river", "mount", "mountains", "sea", "gulf", "bay", "cape", "island", "islands",
              "peninsula", "fortress", "cathedral", "church", "monastery", "canal", "desert", "plateau", "valley",
              "battle", "siege", "congress", "peace", "strait", "glacier", "corridor"}


def without_kind_words(words: list[str], key=lambda w: w) -> list[str]:
    """The words of a name without the kind words at its ends ("Lake", "River", "Treaty of"), compared by `key`;
    kind words at the ends only: "madison river communications" is a company's whole name."""
    rest = list(words)
    while rest and key(rest[-1]) in KIND_WORDS:
        rest.pop()
    while rest and key(rest[0]) in KIND_WORDS | {"of"}:
        rest.pop(0)
    return rest


def bare_name(target: str) -> str:
    """A normalised name without the kind words around it ("lake ladoga" -> "ladoga", "treaty of san stefano" ->
    "san stefano"), or "" when nothing name-like is left (the "black" of "black sea" is an ordinary word)."""
    from quiz.core.terms import zipf

    tokens = target.split()
    rest = without_kind_words(tokens)
    if len(rest) == len(tokens) or not rest or "of" in rest or all(zipf(t) >= 4.5 for t in rest):
        return ""
    return " ".join(rest)


def _contains_run(tokens: list[str], run: list[str]) -> bool:
    n = len(run)
    return any(tokens[i:i + n] == run for i in range(len(tokens) - n + 1))


def check_answer(item: Item, response: str) -> Verdict:
    """Judge a response to an item: exact choice for mcq/truefalse, forgiving text match for short/cloze."""
    norm = normalize_answer(response or "")
    if not norm:
        return Verdict(False, False, 0.0, norm, item.answer, f"No answer given. The answer is {item.answer}.")
    if item.type in ("mcq", "truefalse"):
        return _check_choice(item, response, norm)
    almost = False
    for target_text in (item.answer, *item.accept):
        target = normalize_answer(target_text)
        if not target:
            continue
        correct, typo, near = _match_text(norm, target)
        if not correct and bare_name(target) == norm:
            correct, typo = True, False  # "Ladoga" for "Lake Ladoga", "San Stefano" for "the Treaty of San Stefano"
        if correct:
            message = f"Correct (check the spelling: {target_text})." if typo else "Correct."
            return Verdict(True, False, 1.0, norm, item.answer, message)
        almost = almost or near
    if almost:
        return Verdict(False, True, 0.5, norm, item.answer, f"Almost. The answer is {item.answer}.")
    return Verdict(False, False, 0.0, norm, item.answer, f"Not quite. The answer is {item.answer}.")
