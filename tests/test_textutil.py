"""Text helpers: tone folding that keeps offsets, ASCII folding, tone placement, spaces, capitals."""

from __future__ import annotations

import unicodedata

import pytest

from pipeline.textutil import ascii_fold, fold, fold_key, is_upper_line, nfc, squash_spaces, tnorm


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Ủy ban Nhân dân", "uy ban nhân dân"),  # tone marks go, vowel shapes (â) stay
        ("Hằng tháng", "hăng thang"),
        ("BỘ NỘI VỤ", "bô nôi vu"),
        ("Đảng uỷ", "đang uy"),
        ("Sở GD&ĐT", "sơ gd&đt"),
        ("Thuý", "thuy"),
        ("Bộ Nội vụ, 31/8/2025.", "bô nôi vu, 31/8/2025."),
    ],
)
def test_fold(text, folded):
    assert fold(text) == folded
    assert len(fold(text)) == len(text)


def test_fold_maps_both_tone_placements_to_one_form():
    assert fold("Uỷ ban") == fold("Ủy ban") == "uy ban"
    assert fold("hoà") == fold("hòa") == "hoa"


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Hằng tháng", "hang thang"),
        ("hàng tháng", "hang thang"),
        ("Đảng uỷ", "dang uy"),
        ("Sở GD&ĐT", "so gd&dt"),
        ("BỘ NỘI VỤ", "bo noi vu"),
        ("Quý IV/2025", "quy iv/2025"),
    ],
)
def test_ascii_fold(text, folded):
    assert ascii_fold(text) == folded
    assert len(ascii_fold(text)) == len(text)


@pytest.mark.parametrize(
    ("text", "normalised"),
    [
        ("Uỷ ban", "ủy ban"),
        ("Ủy ban", "ủy ban"),
        ("Hoà bình", "hòa bình"),
        ("khoẻ", "khỏe"),
        ("Thuý", "thúy"),
        ("Đảng uỷ", "đảng ủy"),
        ("BỘ NỘI VỤ", "bộ nội vụ"),
    ],
)
def test_tnorm(text, normalised):
    assert tnorm(text) == normalised
    assert len(tnorm(text)) == len(text)


def test_fold_key_collapses_spaces_and_nbsp():
    assert fold_key("  Bộ   Nội\u00a0vụ ") == "bô nôi vu"


def test_squash_spaces():
    assert squash_spaces("  a \t b\u00a0 c ") == "a b c"


def test_nfc_composes_nfd_input():
    nfd = unicodedata.normalize("NFD", "Bộ Nội vụ")
    assert nfd != "Bộ Nội vụ"
    assert nfc(nfd) == "Bộ Nội vụ"


@pytest.mark.parametrize(
    ("line", "upper"),
    [
        ("BAN CHẤP HÀNH TRUNG ƯƠNG", True),
        ("KẾT LUẬN", True),
        ("CỦA BỘ CHÍNH TRỊ, BAN BÍ THƯ", True),
        ("Ban Chấp hành Trung ương", False),
        ("AB", False),  # fewer than three letters
        ("1. Bộ Nội vụ", False),
        ("---", False),
    ],
)
def test_is_upper_line(line, upper):
    assert is_upper_line(line) is upper
