"""One file → documents: a letter and the conclusions it forwards each stand alone."""

from __future__ import annotations

from pathlib import Path

from pipeline.clean import raw_lines
from pipeline.header import parse_header
from pipeline.readers import read
from pipeline.readers.text import blocks_from_text
from pipeline.split import split_documents

CORPUS = Path(__file__).resolve().parents[1] / "corpus"

# A covering letter and the conclusions it forwards, in one file.
LETTER_AND_CONCLUSIONS = (Path(__file__).parent / "fixtures" / "letter_and_conclusions.txt").read_text(encoding="utf-8")


def _docs(text: str):
    lines, _ = raw_lines(blocks_from_text(text))
    return lines, split_documents(lines)


def test_letter_then_forwarded_conclusions_are_two_documents():
    lines, ranges = _docs(LETTER_AND_CONCLUSIONS)
    assert len(ranges) == 2
    (a1, b1), (a2, b2) = ranges
    assert (a1, b2) == (0, len(lines))
    assert b1 == a2
    # the issuer's capitals above the second number belong to the second document
    assert [ln.text for ln in lines[a2 : a2 + 2]] == ["BAN CHẤP HÀNH TRUNG ƯƠNG", "Số 178-KL/TW"]
    assert lines[b1 - 1].text == "Nguyễn Văn B"
    first = parse_header(lines[a1:b1]).header
    second = parse_header(lines[a2:b2]).header
    assert (first.number, first.doc_type, first.signer_capacity, first.signer) == (
        "12-CV/BTCTW",
        "CV",
        "K/T TRƯỞNG BAN PHÓ TRƯỞNG BAN",
        "Nguyễn Văn B",
    )
    assert (second.number, second.doc_type, second.signer_capacity, second.signer) == (
        "178-KL/TW",
        "KL",
        "T/M BỘ CHÍNH TRỊ",
        "Trần Văn C",
    )
    assert first.date.isoformat() == "2025-07-20"
    assert second.date.isoformat() == "2025-07-17"


def test_single_document_is_one_range():
    text = LETTER_AND_CONCLUSIONS.split("BAN CHẤP HÀNH TRUNG ƯƠNG\n*\n")[0]
    lines, ranges = _docs(text)
    assert ranges == [(0, len(lines))]


def test_number_cited_in_the_body_does_not_start_a_document():
    text = """BAN CHẤP HÀNH TRUNG ƯƠNG
Số 50-KL/TW
Hà Nội, ngày 10 tháng 8 năm 2025
1. Bộ Nội vụ chủ trì rà soát.
2. Bộ Tài chính bảo đảm kinh phí.
T/M BỘ CHÍNH TRỊ
Nguyễn Văn A
"""
    lines, ranges = _docs(text)
    assert ranges == [(0, len(lines))]


def test_without_a_signature_a_second_number_line_does_not_split():
    text = """BAN TỔ CHỨC
Số 12-CV/BTCTW
Hà Nội, ngày 20 tháng 7 năm 2025
Bộ Nội vụ chủ trì rà soát.
BAN CHẤP HÀNH TRUNG ƯƠNG
Số 178-KL/TW
Bộ Tài chính bảo đảm kinh phí.
"""
    lines, ranges = _docs(text)
    assert ranges == [(0, len(lines))]


def test_corpus_letter_with_two_forwarded_conclusions():
    lines, _ = raw_lines(read(CORPUS / "001_c3069d8d256e6790.txt").blocks)
    numbers = [parse_header(lines[a:b]).header.number for a, b in split_documents(lines)]
    assert numbers == ["119-CV/BTGDVTU", "178-KL/TW", "183-KL/TW"]


def test_corpus_single_letter():
    lines, _ = raw_lines(read(CORPUS / "002_adbae0d9f27c1d4c.txt").blocks)
    assert split_documents(lines) == [(0, len(lines))]
