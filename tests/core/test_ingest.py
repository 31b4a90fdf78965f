"""Reading files into Documents: formats, encodings, and a clear message for every bad input."""
from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from quiz.core.ingest import IngestError, collect_paths, load_documents, read_document
from quiz.core.items import document_id

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "tests" / "data" / "ingest"
SEEDS = ROOT / "seeds"


def make_pdf(pages: list[list[str]]) -> bytes:
    """Build a valid PDF whose pages hold the given lines of text (Helvetica, one text object each)."""
    n = len(pages)
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>"]
    kids = " ".join(f"{3 + 2 * i} 0 R" for i in range(n))
    objects.append(f"<< /Type /Pages /Kids [{kids}] /Count {n} >>".encode())
    font_obj = 3 + 2 * n
    for i, lines in enumerate(pages):
        objects.append(f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents {4 + 2 * i} 0 R "
                       f"/Resources << /Font << /F1 {font_obj} 0 R >> >> >>".encode())
        ops = ["BT", "/F1 11 Tf", "14 TL", "72 740 Td"]
        for line in lines:
            escaped = line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
            ops.append(f"({escaped}) Tj T*")
        ops.append("ET")
        stream = "\n".join(ops).encode("latin-1")
        objects.append(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % off for off in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def test_ingest_reads_a_generated_pdf_and_repairs_its_line_wraps(tmp_path):
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(make_pdf([
        ["Energy Corridors of the Caucasus",
         "",
         "Georgia earns transit fees from the pipelines that cross its territory, and these",
         "revenues have helped to pay for roads and schools across the country. Critics say",
         "the country now depends on a single corridor.1",
         "",
         "1 See: A. Author, \"Transit States,\" Working Paper, 2019.",
         "4"],
        ["Energy Corridors of the Caucasus",
         "Supporters reply that the pipelines gave Tbilisi a stake in European energy",
         "security and a reason for European governments to care about its independence."],
    ]))
    doc = read_document(pdf)
    assert doc.format == "pdf"
    assert doc.title == "Energy Corridors of the Caucasus"
    assert doc.text.split("\n\n") == [
        "Georgia earns transit fees from the pipelines that cross its territory, and these revenues have helped "
        "to pay for roads and schools across the country. Critics say the country now depends on a single "
        "corridor.",
        "Supporters reply that the pipelines gave Tbilisi a stake in European energy security and a reason for "
        "European governments to care about its independence.",
    ]
    assert any("Transit States" in r for r in doc.removed)


def test_ingest_document_fields_follow_the_model(tmp_path):
    path = SEEDS / "000_b8217fe69baf108b.txt"
    doc = read_document(path, display_path="seeds/000.txt")
    assert doc.id == document_id(doc.text)
    assert doc.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    assert doc.words == len(doc.text.split()) and doc.words > 500
    assert doc.path == "seeds/000.txt" and doc.format == "txt"
    assert doc.title.startswith("Vladimir Putin’s vision of resurrecting")


def test_ingest_html_page_keeps_the_article_and_its_metadata():
    doc = read_document(DATA / "article.html")
    assert doc.format == "html"
    assert doc.title == "Armenia Opens a New Border Crossing"
    assert doc.author == "Lilit Sargsyan" and doc.date == "2022-05-17"
    assert doc.text.startswith("Armenia opened a new crossing on its border with Georgia on Tuesday")
    for junk in ("Home", "Politics", "Most read", "Baku prepares", "newsletter", "rights reserved",
                 "A busy corridor"):
        assert junk not in doc.text
    assert len(doc.text.split("\n\n")) == 4


def test_ingest_sniffs_html_in_a_txt_file(tmp_path):
    path = tmp_path / "saved.txt"
    path.write_bytes((DATA / "article.html").read_bytes())
    assert read_document(path).format == "html"


def test_ingest_markdown_drops_syntax_headings_lists_and_code():
    doc = read_document(DATA / "notes.md")
    assert doc.format == "md"
    assert (doc.title, doc.author, doc.date) == ("The Collective Security Treaty Organization", "Study Group B",
                                                 "2023-02-01")
    assert "The Collective Security Treaty Organization (CSTO) is a military alliance of six post-Soviet " \
           "states." in doc.text
    assert "on the basis of the Collective Security Treaty signed in Tashkent in 1992." in doc.text
    assert "Armenia froze its participation in 2023." in doc.text
    for junk in ("**", "](", "http", "csto-map", "print(", "## ", "Criticism"):
        assert junk not in doc.text


@pytest.mark.parametrize(
    "name, expected",
    [
        ("latin1.txt", "run by Mme Hélène Müller, who moved there from Genève in 1998."),
        ("cp1251.txt", "Миротворцы должны были охранять Лачинский коридор."),
        ("utf16.txt", "the cafés on Abovyan Street stayed open late."),
    ],
)
def test_ingest_decodes_legacy_and_utf16_encodings(name, expected):
    doc = read_document(DATA / name)
    assert expected in doc.text
    assert "Ã" not in doc.text and "\ufffd" not in doc.text


def test_ingest_utf8_with_bom_and_crlf(tmp_path):
    path = tmp_path / "bom.txt"
    text = "Tbilisi Notes\r\n\r\nThe old town of Tbilisi sits on both banks of the Kura river, below a fortress.\r\n"
    path.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    doc = read_document(path)
    assert doc.title == "Tbilisi Notes"
    assert doc.text == "The old town of Tbilisi sits on both banks of the Kura river, below a fortress."


def test_ingest_repairs_utf8_read_as_cp1252(tmp_path):
    path = tmp_path / "mojibake.txt"
    text = "Russia’s peacekeepers arrived in 2020, and Moscow’s role grew for a while after the war.\n"
    path.write_text(text.encode("utf-8").decode("cp1252"), encoding="utf-8")
    assert read_document(path).text == text.strip()


def _message(path: Path, **kwargs) -> str:
    with pytest.raises(IngestError) as info:
        read_document(path, **kwargs)
    return str(info.value)


def test_ingest_refuses_an_empty_file(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "blank.txt").write_bytes(b"  \n\n \r\n")
    assert "empty.txt: the file is empty" in _message(tmp_path / "empty.txt")
    assert "blank.txt: the file is empty" in _message(tmp_path / "blank.txt")


def test_ingest_refuses_binary_files_by_magic_number_and_content(tmp_path):
    png = tmp_path / "picture.txt"
    png.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    assert "picture.txt: this is a PNG image, not text" in _message(png)
    docx = tmp_path / "essay.md"
    docx.write_bytes(b"PK\x03\x04" + b"\x00" * 100)
    assert "ZIP archive" in _message(docx) and "Save the document as plain text" in _message(docx)
    blob = tmp_path / "blob.txt"
    blob.write_bytes(b"some words\x00\x01\x02\x03" * 50)
    assert "binary data" in _message(blob)


def test_ingest_refuses_a_mis_encoded_file_with_a_clear_message(tmp_path):
    path = tmp_path / "mixed.txt"
    path.write_bytes("Café in Zürich. ".encode("utf-8") * 5 + "Москва и Ереван. ".encode("cp1251") * 5)
    message = _message(path)
    assert "mixed.txt: it mixes UTF-8 with bytes in another encoding" in message
    assert "re-save it as UTF-8" in message


def test_ingest_refuses_a_huge_file(tmp_path):
    path = tmp_path / "big.txt"
    path.write_text("Armenia and Azerbaijan signed a ceasefire after the war ended. " * 200, encoding="utf-8")
    message = _message(path, max_bytes=1000)
    assert "big.txt: the file is huge" in message and "Split it" in message


def test_ingest_refuses_missing_paths_and_folders_given_as_files(tmp_path):
    assert "nothere.txt: no such file" in _message(tmp_path / "nothere.txt")
    assert "this is a folder, not a file" in _message(tmp_path)


def test_ingest_refuses_a_fake_pdf_and_text_that_is_all_furniture(tmp_path):
    fake = tmp_path / "fake.pdf"
    fake.write_text("just some text", encoding="utf-8")
    assert "named .pdf but is not a PDF" in _message(fake)
    furniture = tmp_path / "menu.txt"
    furniture.write_text("Home\nNews\nSport\nWeather\n\nhttps://example.org/a\nhttps://example.org/b\n",
                         encoding="utf-8")
    assert "no readable prose is left" in _message(furniture)


def test_ingest_collect_paths_expands_folders_sorted_and_reports_problems(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "two.md").write_text("x", encoding="utf-8")
    (tmp_path / "one.TXT").write_text("x", encoding="utf-8")
    (tmp_path / "image.png").write_bytes(b"\x89PNG")
    (tmp_path / ".hidden").mkdir()
    (tmp_path / ".hidden" / "secret.txt").write_text("x", encoding="utf-8")
    empty = tmp_path / "empty_folder"
    empty.mkdir()
    (empty / "photo.jpg").write_bytes(b"\xff\xd8\xff")
    files, problems = collect_paths([tmp_path, tmp_path / "one.TXT", tmp_path / "missing", empty])
    assert [f.relative_to(tmp_path).as_posix() for f in files] == ["b/two.md", "one.TXT"]
    assert len(problems) == 2
    assert any("missing: no such file or folder" in p for p in problems)
    assert any(p.startswith(f"{empty}: the folder has no text files") for p in problems)


def test_ingest_load_documents_goes_on_past_bad_files_and_drops_repeats(tmp_path):
    good = (SEEDS / "000_b8217fe69baf108b.txt").read_bytes()
    (tmp_path / "a.txt").write_bytes(good)
    (tmp_path / "b_copy.txt").write_bytes(good.replace(b"\n", b"\r\n"))  # same text, different bytes
    (tmp_path / "c_empty.txt").write_bytes(b"")
    (tmp_path / "d.html").write_bytes((DATA / "article.html").read_bytes())
    docs, problems = load_documents([tmp_path, tmp_path / "nope.md"])
    assert [d.path for d in docs] == [str(tmp_path / "a.txt"), str(tmp_path / "d.html")]
    assert any("b_copy.txt: the same text as" in p for p in problems)
    assert any("c_empty.txt: the file is empty" in p for p in problems)
    assert any("nope.md: no such file or folder" in p for p in problems)


def test_ingest_loads_all_seeds():
    docs, problems = load_documents([SEEDS])
    assert problems == [] and len(docs) == 5
    assert all(d.words > 400 and d.title for d in docs)
