import pytest
from fixtures.helpers import FIXTURES
from fixtures.make_fixtures import write_text_pdf

from pipeline.readers import ReadError, read
from pipeline.readers.docx import read_docx


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("encrypted.pdf", "encrypted PDF: needs a password"),
        ("truncated.pdf", "corrupt or truncated PDF"),
        ("corrupt.docx", "not a valid DOCX (corrupt zip)"),
        ("zipbomb.docx", "zip bomb"),
        ("entitybomb.docx", "entity bomb"),
        ("empty.docx", "empty document"),
    ],
)
def test_bad_files_raise_read_error(name, message):
    with pytest.raises(ReadError, match=message.replace("(", r"\(").replace(")", r"\)")):
        read(FIXTURES / name)


def test_zero_bytes(tmp_path):
    p = tmp_path / "x.pdf"
    p.write_bytes(b"")
    with pytest.raises(ReadError, match="empty file"):
        read(p)


def test_docx_that_is_not_a_zip(tmp_path):
    p = tmp_path / "x.docx"
    p.write_text("hello", encoding="utf-8")
    with pytest.raises(ReadError, match=r"not a valid DOCX \(corrupt zip\)"):
        read_docx(p)


def test_garbage_after_pdf_magic(tmp_path):
    p = tmp_path / "x.pdf"
    p.write_bytes(b"%PDF-1.7\n" + b"\x00\xff garbage" * 100)
    with pytest.raises(ReadError):
        read(p)


def test_300_page_pdf_streams(tmp_path):
    p = tmp_path / "long.pdf"
    write_text_pdf(p, pages=300, lines=5)
    r = read(p)
    assert r.pages == 300 and r.source_kind == "pdf"
    assert r.blocks[-1].text == "Section 300.5 The ministry shall report on task 5 by 31/12/2025."
    assert not any(b.text.strip().isdigit() for b in r.blocks)  # page numbers dropped
