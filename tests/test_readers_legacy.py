from pipeline.readers.legacy_fonts import (
    convert,
    convert_font_text,
    fix_legacy_line,
    font_encoding,
    guess_encoding,
    is_caps_font,
)


def test_font_names():
    assert font_encoding("ABCDEF+.VnTime") == "tcvn3"
    assert font_encoding(".VnArialH") == "tcvn3" and is_caps_font(".VnTimeH")
    assert font_encoding("VNI-Times") == "vni"
    assert font_encoding("Times New Roman") is None


def test_tcvn3_soft_hyphen_is_u_horn():
    assert convert("tr\xadíc ngµy", "tcvn3") == "trước ngày"
    assert convert_font_text("Bé Tµi chÝnh", ".VnTime") == "Bộ Tài chính"
    assert convert_font_text("Bé Tµi chÝnh", ".VnTimeH") == "BỘ TÀI CHÍNH"


def test_vni():
    assert convert_font_text("Boä Taøi chính", "VNI-Times") == "Bộ Tài chính"


def test_statistics_leave_unicode_alone():
    assert guess_encoding("Bộ Tài chính chủ trì, phối hợp với các bộ, ngành liên quan") is None
    assert (
        fix_legacy_line("Bé Tµi chÝnh chñ tr×, phèi hîp víi c¸c bé, ngµnh")
        == "Bộ Tài chính chủ trì, phối hợp với các bộ, ngành"
    )
