"""Read files (txt, md, html, pdf) into cleaned Documents: format, encoding, extraction, cleaning."""
from __future__ import annotations

import hashlib
import io
import os
import re
import unicodedata
from pathlib import Path
from typing import Sequence

from quiz.core.clean import clean_text
from quiz.core.items import Document, document_id

__all__ = ["IngestError", "TEXT_SUFFIXES", "collect_paths", "read_document", "load_documents", "decode_text"]

TEXT_SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm", ".pdf")
_MB = 1024 * 1024

# Leading bytes of files that are not text: (magic, what it is, what to do).
_MAGIC: tuple[tuple[bytes, str, str], ...] = (
    (b"\x89PNG", "a PNG image", "Only text can be turned into questions"),
    (b"\xff\xd8\xff", "a JPEG image", "Only text can be turned into questions; run OCR on it first"),
    (b"GIF8", "a GIF image", "Only text can be turned into questions"),
    (b"RIFF", "a RIFF media file (audio, video or WebP image)", "Only text can be turned into questions"),
    (b"PK\x03\x04", "a ZIP archive (a .docx, .epub or .zip file)",
     "Save the document as plain text, HTML or PDF and add that instead"),
    (b"\xd0\xcf\x11\xe0", "an old Microsoft Office file (.doc, .xls or .ppt)", "Save it as plain text or PDF"),
    (b"{\\rtf", "an RTF document", "Save it as plain text or PDF"),
    (b"\x1f\x8b", "a gzip archive", "Unpack it first"),
    (b"7z\xbc\xaf", "a 7-Zip archive", "Unpack it first"),
    (b"Rar!", "a RAR archive", "Unpack it first"),
    (b"\x7fELF", "a program (ELF executable)", "Add a text file instead"),
    (b"MZ\x90\x00", "a Windows program", "Add a text file instead"),
    (b"ID3", "an MP3 audio file", "Only text can be turned into questions"),
    (b"OggS", "an Ogg audio file", "Only text can be turned into questions"),
    (b"\x00\x00\x00\x18ftyp", "an MP4 video", "Only text can be turned into questions"),
    (b"\x00\x00\x00\x20ftyp", "an MP4 video", "Only text can be turned into questions"),
    (b"SQLite format 3", "an SQLite database", "Add a text file instead"),
)


class IngestError(Exception):
    """A file cannot be used; the message names the file, says what is wrong and what to do."""

    def __init__(self, path: str, problem: str, fix: str = "") -> None:
        self.path = path
        self.problem = problem
        self.fix = fix
        super().__init__(f"{path}: {problem}." + (f" {fix}." if fix else ""))


def collect_paths(paths: Sequence[str | Path]) -> tuple[list[Path], list[str]]:
    """Expand folders (recursively, sorted) into text files; return (files, problems with the paths)."""
    files: list[Path] = []
    problems: list[str] = []
    seen: set[Path] = set()

    def add(f: Path) -> None:
        key = f.resolve()
        if key not in seen:
            seen.add(key)
            files.append(f)

    for given in paths:
        p = Path(given)
        if not p.exists():
            problems.append(f"{p}: no such file or folder. Check the spelling of the path.")
        elif p.is_dir():
            if not os.access(p, os.R_OK | os.X_OK):
                problems.append(f"{p}: the folder cannot be read (permission denied).")
                continue
            found = sorted(
                (f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in TEXT_SUFFIXES
                 and not any(part.startswith(".") for part in f.relative_to(p).parts)),
                key=lambda f: str(f.relative_to(p)).lower(),
            )
            if not found:
                problems.append(f"{p}: the folder has no text files ({', '.join(TEXT_SUFFIXES)}). "
                                "Add some, or give the files themselves.")
            for f in found:
                add(f)
        elif not p.is_file():
            problems.append(f"{p}: not a regular file or folder (a device or pipe?). Give a text file.")
        elif not os.access(p, os.R_OK):
            problems.append(f"{p}: the file cannot be read (permission denied). Check its permissions.")
        else:
            add(p)
    return files, problems


def _sniff_binary(data: bytes) -> tuple[str, str] | None:
    """Return (what it is, what to do) when the bytes are clearly not text."""
    for magic, what, fix in _MAGIC:
        if data.startswith(magic):
            return what, fix
    return None


def _utf16_without_bom(head: bytes) -> str | None:
    """Guess UTF-16 without a byte-order mark from zero bytes in every other position."""
    if len(head) < 4:
        return None
    even_zeros = head[0::2].count(0) / len(head[0::2])
    odd_zeros = head[1::2].count(0) / len(head[1::2])
    if odd_zeros > 0.3 and even_zeros < 0.05:
        return "utf-16-le"
    if even_zeros > 0.3 and odd_zeros < 0.05:
        return "utf-16-be"
    return None


def decode_text(data: bytes, name: str) -> str:
    """Decode text bytes (BOMs, UTF-8, UTF-16, legacy code pages); refuse binary or undecidable bytes."""
    boms = ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe\x00\x00", "utf-32-le"), (b"\x00\x00\xfe\xff", "utf-32-be"),
            (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be"))
    encoding = next((enc for bom, enc in boms if data.startswith(bom)), None) or _utf16_without_bom(data[:4096])
    if encoding:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError as exc:
            raise IngestError(name, f"it starts like {encoding.upper()} text but byte {exc.start} is invalid",
                              "Re-save the file as UTF-8") from exc
        return _check_printable(text.lstrip("\ufeff"), name)
    head = data[:65536]
    controls = sum(head.count(bytes([b])) for b in range(32) if b not in (9, 10, 12, 13))
    if b"\x00" in head or controls / max(1, len(head)) > 0.02:
        raise IngestError(name, "it looks like binary data, not text (it contains NUL or control bytes)",
                          "Give a .txt, .md, .html or .pdf file")
    try:
        return _check_printable(data.decode("utf-8"), name)
    except UnicodeDecodeError as exc:
        utf8_error = exc
    # Valid multi-byte UTF-8 next to invalid bytes means mixed encodings: no single decoding is right.
    if re.search(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}", data):
        raise IngestError(
            name, f"it mixes UTF-8 with bytes in another encoding (the first bad byte is at offset "
            f"{utf8_error.start})", "Open it in an editor and re-save it as UTF-8")
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None or best.chaos > 0.25:
        raise IngestError(name, "its character encoding could not be worked out (it is not UTF-8, and no "
                          "other encoding reads it cleanly)", "Re-save it as UTF-8")
    return _check_printable(str(best), name)


def _check_printable(text: str, name: str) -> str:
    sample = text[:100_000]
    if not sample:
        return text
    odd = sum(1 for ch in sample if unicodedata.category(ch) in ("Cc", "Co", "Cn", "Cs") and ch not in "\n\r\t\f")
    odd += sample.count("\ufffd")
    if odd / len(sample) > 0.02:
        raise IngestError(name, "it looks like binary data, not text (many unprintable characters)",
                          "Give a .txt, .md, .html or .pdf file")
    return text


def _looks_like_html(text: str) -> bool:
    head = text[:4000].lower()
    if "<!doctype html" in head or "<html" in head:
        return True
    return len(re.findall(r"</?(?:p|div|body|head|article|span|a|h[1-6]|br|li)\b[^>]*>", head)) >= 5


# ---------------------------------------------------------------- formats


def _html_to_text(html: str, name: str) -> tuple[str, dict[str, str]]:
    """Extract the main text and metadata of a web page with trafilatura."""
    import trafilatura

    text = trafilatura.extract(html, output_format="txt", include_comments=False, include_tables=False,
                               include_images=False, favor_precision=True) or ""
    if not text.strip():
        text = trafilatura.extract(html, output_format="txt", include_comments=False, favor_recall=True) or ""
    meta: dict[str, str] = {}
    try:
        md = trafilatura.extract_metadata(html)
    except Exception:  # noqa: BLE001 - metadata is a bonus; a page without it is still usable
        md = None
    if md is not None:
        meta = {"title": md.title or "", "author": md.author or "", "date": md.date or ""}
    # trafilatura puts one paragraph per line: make paragraphs explicit for the cleaner.
    return text.replace("\n", "\n\n"), meta


def _pdf_to_text(data: bytes, name: str) -> tuple[str, dict[str, str]]:
    """Extract the text of each page of a PDF with pypdf (pages separated by form feeds)."""
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise IngestError(name, "the PDF is password-protected", "Save an unprotected copy and add that")
        pages = [page.extract_text() or "" for page in reader.pages]
    except IngestError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as exc:
        raise IngestError(name, f"it is not a readable PDF ({exc})", "Re-export the PDF, or save it as text") \
            from exc
    if not any(p.strip() for p in pages):
        raise IngestError(name, "the PDF has no text layer (it is probably scanned images)",
                          "Run OCR on it first, or give a text version")
    meta: dict[str, str] = {}
    info = reader.metadata
    if info is not None:
        meta["title"] = str(info.title or "")
        meta["author"] = str(info.author or "")
        created = getattr(info, "creation_date", None)
        meta["date"] = created.date().isoformat() if created else ""
    return "\n\f\n".join(pages), meta


_FRONT_MATTER = re.compile(r"\A---\n(.*?)\n---\n", re.S)


def _markdown_to_text(md: str) -> tuple[str, dict[str, str]]:
    """Strip Markdown syntax, keeping headings and list items as their own lines."""
    meta: dict[str, str] = {}
    md = md.replace("\r\n", "\n")
    fm = _FRONT_MATTER.match(md)
    if fm:
        for line in fm.group(1).splitlines():
            key, _, value = line.partition(":")
            if key.strip().lower() in ("title", "author", "date"):
                meta[key.strip().lower()] = value.strip().strip("\"'")
        md = md[fm.end():]
    md = re.sub(r"^(```|~~~).*?^\1[^\n]*$", "", md, flags=re.S | re.M)  # code blocks are not prose
    md = re.sub(r"<!--.*?-->", "", md, flags=re.S)
    md = re.sub(r"^(.+)\n(?:=+|-+)[ \t]*$", r"\n\1\n", md, flags=re.M)  # setext headings
    out: list[str] = []
    for line in md.split("\n"):
        s = line.strip()
        if re.match(r"^\[[^\]]+\]:\s*\S+", s) or re.fullmatch(r"(?:[-*_]\s*){3,}", s) or \
                re.fullmatch(r"\|?[\s:|-]+\|[\s:|-]*", s):
            out.append("")
            continue
        heading = re.match(r"^#{1,6}\s+(.*?)\s*#*$", s)
        if heading:
            if not meta.get("title") and s.startswith("# "):
                meta["title"] = _inline_markdown(heading.group(1))
            out.extend(["", _inline_markdown(heading.group(1)), ""])
            continue
        s = re.sub(r"^(?:>\s?)+", "", s)
        s = re.sub(r"^[-*+]\s+", "• ", s)
        out.append(_inline_markdown(s))
    return "\n".join(out), meta


def _inline_markdown(s: str) -> str:
    s = re.sub(r"!\[[^\]]*\]\([^)]*\)", "", s)
    s = re.sub(r"\[([^\]]+)\]\([^)]*\)", r"\1", s)
    s = re.sub(r"\[([^\]]+)\]\[[^\]]*\]", r"\1", s)
    s = re.sub(r"<(https?://[^>]+)>", r"\1", s)
    s = re.sub(r"</?[A-Za-z][^>]*>", "", s)
    s = re.sub(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1", r"\2", s)
    s = re.sub(r"(?<![\w*])([*_])(?=\S)(.+?)(?<=\S)\1(?![\w*])", r"\2", s)
    return re.sub(r"`([^`]*)`", r"\1", s)


# ---------------------------------------------------------------- documents


def _fallback_title(text: str) -> str:
    first = re.split(r"(?<=[.!?])\s", text.strip(), maxsplit=1)[0]
    if len(first) <= 90:
        return first.rstrip(".")
    cut = first[:90].rsplit(" ", 1)[0]
    return cut.rstrip(",;:—– ") + "…"


def read_document(path: Path, *, display_path: str | None = None, max_bytes: int = 20_000_000) -> Document:
    """Read one file into a cleaned Document; raise IngestError saying what is wrong and what to do."""
    path = Path(path)
    name = display_path or str(path)
    if not path.exists():
        raise IngestError(name, "no such file", "Check the spelling of the path")
    if path.is_dir():
        raise IngestError(name, "this is a folder, not a file", "Give the folder itself to read all its texts")
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise IngestError(name, f"the file is huge ({size / _MB:.1f} MB, over the limit of "
                              f"{max_bytes / _MB:.1f} MB)", "Split it into smaller files")
        data = path.read_bytes()
    except PermissionError as exc:
        raise IngestError(name, "the file cannot be read (permission denied)", "Check its permissions") from exc
    except OSError as exc:
        raise IngestError(name, f"the file cannot be read ({exc.strerror or exc})", "Check the path") from exc
    if len(data) > max_bytes:
        raise IngestError(name, f"the file is huge (over the limit of {max_bytes / _MB:.1f} MB)",
                          "Split it into smaller files")
    if not data.strip():
        raise IngestError(name, "the file is empty", "Add some text to it, or leave it out")
    suffix = path.suffix.lower()
    meta: dict[str, str] = {}
    if data.lstrip()[:5] == b"%PDF-":
        fmt = "pdf"
        raw, meta = _pdf_to_text(data, name)
    else:
        sniffed = _sniff_binary(data)
        if sniffed:
            raise IngestError(name, f"this is {sniffed[0]}, not text", sniffed[1])
        if suffix == ".pdf":
            raise IngestError(name, "the file is named .pdf but is not a PDF (no %PDF header)",
                              "Re-export the PDF, or rename the file to match what it is")
        text = decode_text(data, name)
        if suffix in (".html", ".htm") or suffix not in (".md", ".markdown") and _looks_like_html(text):
            fmt = "html"
            raw, meta = _html_to_text(text, name)
        elif suffix in (".md", ".markdown"):
            fmt = "md"
            raw, meta = _markdown_to_text(text)
        else:
            fmt = "txt"
            raw = text
    cleaned = clean_text(raw)
    if not cleaned.text.strip():
        raise IngestError(name, "no readable prose is left after removing page furniture (menus, links, "
                          "headings, footers)", "Check that the file holds the article text itself")
    text = cleaned.text
    title = (meta.get("title") or cleaned.title or _fallback_title(text)).strip()
    return Document(
        id=document_id(text),
        title=title,
        path=name,
        sha256=hashlib.sha256(data).hexdigest(),
        text=text,
        words=len(text.split()),
        author=(meta.get("author") or cleaned.author).strip(),
        date=(meta.get("date") or cleaned.date).strip(),
        format=fmt,
        removed=tuple(cleaned.removed),
    )


def load_documents(paths: Sequence[str | Path], *, max_bytes: int = 20_000_000) -> tuple[list[Document], list[str]]:
    """Read every file under the paths, skipping (and reporting) bad files and repeated texts."""
    files, problems = collect_paths(paths)
    documents: list[Document] = []
    seen: dict[str, str] = {}
    for f in files:
        try:
            doc = read_document(f, max_bytes=max_bytes)
        except IngestError as exc:
            problems.append(str(exc))
            continue
        if doc.id in seen:
            problems.append(f"{doc.path}: the same text as {seen[doc.id]}; left out.")
            continue
        seen[doc.id] = doc.path
        documents.append(doc)
    return documents, problems
