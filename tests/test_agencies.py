"""Agency names: gazetteer spans, phrases read up to the predicate, entries split where a new body starts."""

from __future__ import annotations

import pytest

from pipeline.agencies import (
    gazetteer,
    is_addressee_word,
    issuer_names,
    own_names,
    read_phrase,
    split_entries,
    starts_agency,
)


@pytest.mark.parametrize(
    ("text", "entries", "predicate"),
    [
        # commas and "và" inside one official name never split it
        ("Bộ Văn hóa, Thể thao và Du lịch chủ trì tổ chức lễ hội.", ["Bộ Văn hóa, Thể thao và Du lịch"], "chủ trì"),
        ("Sở Văn hóa, Thể thao và Du lịch chủ trì.", ["Sở Văn hóa, Thể thao và Du lịch"], "chủ trì"),
        ("Ban Tuyên giáo và Dân vận Thành ủy hướng dẫn.", ["Ban Tuyên giáo và Dân vận Thành ủy"], "hướng dẫn"),
        # a new "các" starts another entry
        (
            "Ủy ban Mặt trận Tổ quốc Việt Nam và các tổ chức chính trị - xã hội thành phố chỉ đạo tuyên truyền.",
            ["Ủy ban Mặt trận Tổ quốc Việt Nam", "các tổ chức chính trị - xã hội thành phố"],
            "chỉ đạo",
        ),
        (
            "các cấp uỷ, tổ chức đảng, các cơ quan, đơn vị, địa phương nghiêm túc triển khai.",
            ["các cấp uỷ, tổ chức đảng", "các cơ quan, đơn vị, địa phương"],
            "nghiêm túc",
        ),
        # agencies sharing one "các" stay one entry
        (
            "các cấp ủy, cơ quan, đơn vị, địa phương cần tiếp tục lãnh đạo.",
            ["các cấp ủy, cơ quan, đơn vị, địa phương"],
            "cần",
        ),
        ("UBND các xã, phường báo cáo.", ["UBND các xã, phường"], "báo cáo"),
        (
            "Ủy ban nhân dân các tỉnh, thành phố trực thuộc Trung ương chỉ đạo.",
            ["Ủy ban nhân dân các tỉnh, thành phố trực thuộc Trung ương"],
            "chỉ đạo",
        ),
        # titles that stand for bodies
        (
            "Bộ trưởng các Bộ, Thủ trưởng cơ quan ngang bộ chỉ đạo rà soát.",
            ["Bộ trưởng các Bộ", "Thủ trưởng cơ quan ngang bộ"],
            "chỉ đạo",
        ),
        # a new named body starts another entry
        ("Bộ Nội vụ, Bộ Tài chính báo cáo.", ["Bộ Nội vụ", "Bộ Tài chính"], "báo cáo"),
        (
            "Bộ Y tế, Bộ Giáo dục và Đào tạo và các cơ quan liên quan khẩn trương sắp xếp.",
            ["Bộ Y tế", "Bộ Giáo dục và Đào tạo", "các cơ quan liên quan"],
            "khẩn trương",
        ),
        # the phrase ends at the predicate
        (
            "Ban Tổ chức Trung ương tiếp tục chủ trì, phối hợp với Bộ Nội vụ đánh giá.",
            ["Ban Tổ chức Trung ương"],
            "tiếp tục",
        ),
        ("Các tỉnh uỷ, thành uỷ phối hợp Bộ Y tế khẩn trương sắp xếp.", ["Các tỉnh uỷ, thành uỷ"], "phối hợp"),
        ("Đảng uỷ Chính phủ lãnh đạo, chỉ đạo các bộ, ngành.", ["Đảng uỷ Chính phủ"], "lãnh đạo"),
        ("Bộ Tài chính khẩn trương bố trí kinh phí.", ["Bộ Tài chính"], "khẩn trương"),
        # names holding verb-like words are not cut
        ("Ban Tổ chức Thành ủy chủ trì tham mưu.", ["Ban Tổ chức Thành ủy"], "chủ trì"),
        ("Bộ Xây dựng chủ trì hướng dẫn.", ["Bộ Xây dựng"], "chủ trì"),
        ("Ủy ban Kiểm tra Trung ương chỉ đạo kiểm tra.", ["Ủy ban Kiểm tra Trung ương"], "chỉ đạo"),
        # a parenthesis that narrows the assignee is left out of it
        ("Các bộ, ngành (nhất là các Bộ: Nội vụ, Tài chính) thành lập tổ công tác.", ["Các bộ, ngành"], "thành lập"),
        # a word standing for the addressees
        ("Đồng chí tập trung lãnh đạo.", ["Đồng chí"], "tập trung"),
        # "ủy" after a place is its committee, not a verb; the list shares one "các"
        (
            "Ban Thường vụ các tỉnh ủy, thành ủy, đảng ủy trực thuộc Trung ương lãnh đạo, chỉ đạo:",
            ["Ban Thường vụ các tỉnh ủy, thành ủy, đảng ủy trực thuộc Trung ương"],
            "lãnh đạo",
        ),
        ("Ủy ban nhân dân tỉnh ủy quyền cho Sở Tài chính ký.", ["Ủy ban nhân dân tỉnh"], "ủy quyền"),
        # the scope of the bodies, and a relative clause saying which of them, belong to the lead
        (
            "các đơn vị trong ngành Công Thương tập trung thực hiện:",
            ["các đơn vị trong ngành Công Thương"],
            "tập trung",
        ),
        (
            "Ủy ban nhân dân các xã, phường có dự án đi qua chịu trách nhiệm trước Chủ tịch.",
            ["Ủy ban nhân dân các xã, phường có dự án đi qua"],
            "chịu trách nhiệm",
        ),
        ("các cơ quan có liên quan phối hợp thực hiện.", ["các cơ quan có liên quan"], "phối hợp"),
        # a complete name before "có": the verb, not a narrowing clause
        ("Bộ Xây dựng có ý kiến bằng văn bản, gửi Bộ Tài chính.", ["Bộ Xây dựng"], "có ý kiến"),
        # a body described with a verb runs to its place when the main predicate follows it
        (
            "Ban Quản lý dự án đầu tư xây dựng các công trình giao thông tỉnh Ninh Bình khẩn trương rà soát.",
            ["Ban Quản lý dự án đầu tư xây dựng các công trình giao thông tỉnh Ninh Bình"],
            "khẩn trương",
        ),
        ("Sở Xây dựng hướng dẫn Ủy ban nhân dân các xã tỉnh Lâm Đồng khẩn trương làm.", ["Sở Xây dựng"], "hướng dẫn"),
        # a role needs no modifier: the verb after it is the duty
        ("người đứng đầu trực tiếp chỉ đạo, chịu trách nhiệm.", ["người đứng đầu"], "trực tiếp"),
        ("người đứng đầu cơ quan, đơn vị chịu trách nhiệm.", ["người đứng đầu cơ quan, đơn vị"], "chịu trách nhiệm"),
    ],
)
def test_read_phrase(text, entries, predicate):
    ph = read_phrase(text, 0)
    assert ph is not None
    assert list(ph.entries) == entries
    assert ph.start == 0
    assert ph.end == text.index(predicate)


def test_lower_case_steering_committee_is_a_body():
    assert read_phrase("Ban chỉ đạo tỉnh chủ trì họp", 0).entries == ("Ban chỉ đạo tỉnh",)


def test_read_phrase_from_an_offset():
    text = "Giao Bộ Nội vụ chủ trì, phối hợp với Bộ Tài chính."
    ph = read_phrase(text, len("Giao "))
    assert (ph.start, ph.end, ph.entries) == (5, text.index("chủ trì"), ("Bộ Nội vụ",))


@pytest.mark.parametrize("text", ["rà soát văn bản.", "Ban hành văn bản.", "tiếp tục triển khai.", ""])
def test_no_agency_starts_here(text):
    assert read_phrase(text, 0) is None


@pytest.mark.parametrize(
    ("text", "starts"),
    [
        ("Bộ Nội vụ chủ trì", True),
        ("các cơ quan liên quan", True),
        ("các đồng chí bí thư", True),
        ("cơ quan, đơn vị", True),
        ("UBND xã báo cáo", True),
        ("các nội dung sau", False),
        ("chủ trì rà soát", False),
    ],
)
def test_starts_agency(text, starts):
    assert starts_agency(text, 0, gazetteer().spans(text)) is starts


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("Giao Bộ Nội vụ chủ trì, phối hợp với Bộ Tài chính.", [(5, 14, "Bộ Nội vụ"), (37, 49, "Bộ Tài chính")]),
        # old tone placement matches the same entry, and the span is the printed text
        (
            "Uỷ ban Kiểm tra Trung ương và Ban Tổ chức Trung ương",
            [(0, 26, "Uỷ ban Kiểm tra Trung ương"), (30, 52, "Ban Tổ chức Trung ương")],
        ),
        ("Giao Bộ Văn hoá, Thể thao và Du lịch chủ trì", [(5, 36, "Bộ Văn hoá, Thể thao và Du lịch")]),
        ("rà soát văn bản quy phạm pháp luật", []),
    ],
)
def test_gazetteer_spans(text, names):
    spans = gazetteer().spans(text)
    assert [(s, e, text[s:e]) for s, e in spans] == names


def test_gazetteer_prefers_the_longest_name():
    # "Ban Tổ chức" alone would be a shorter match at the same place
    assert gazetteer().spans("Ban Tổ chức Trung ương") == [(0, 22)]
    assert gazetteer().spans("Ủy ban Kiểm tra Trung ương") == [(0, 26)]


@pytest.mark.parametrize(
    ("phrase", "entries"),
    [
        ("Bộ Y tế, Bộ Giáo dục và Đào tạo và Bộ Nội vụ", ["Bộ Y tế", "Bộ Giáo dục và Đào tạo", "Bộ Nội vụ"]),
        ("các bộ, ngành, các địa phương", ["các bộ, ngành", "các địa phương"]),
        ("các cấp ủy, cơ quan, đơn vị, địa phương", ["các cấp ủy, cơ quan, đơn vị, địa phương"]),
        ("Các bộ, ngành (nhất là các Bộ: Nội vụ, Tài chính)", ["Các bộ, ngành"]),
        # a heading in capitals: generic nouns stay one entry, named bodies still split
        ("CƠ QUAN, TỔ CHỨC, ĐƠN VỊ", ["CƠ QUAN, TỔ CHỨC, ĐƠN VỊ"]),
        ("SỞ TƯ PHÁP, SỞ NỘI VỤ", ["SỞ TƯ PHÁP", "SỞ NỘI VỤ"]),
    ],
)
def test_split_entries(phrase, entries):
    assert split_entries(phrase, gazetteer().spans(phrase)) == entries


@pytest.mark.parametrize(
    ("entries", "addressee"),
    [(("Đồng chí",), True), (["các đồng chí"], True), (("Bộ Nội vụ",), False), (("Đồng chí", "Bộ Nội vụ"), False)],
)
def test_is_addressee_word(entries, addressee):
    assert is_addressee_word(entries) is addressee


@pytest.mark.parametrize(
    ("text", "entries", "predicate"),
    [
        # a head that needs its modifier is read on to the main predicate
        (
            "Các đơn vị được giao chủ trì nhiệm vụ tại Phụ lục khẩn trương triển khai.",
            ("Các đơn vị được giao chủ trì nhiệm vụ tại Phụ lục",),
            "khẩn trương triển khai.",
        ),
        (
            "Cán bộ phụ trách công tác thi đua, khen thưởng có trách nhiệm tổng hợp danh sách.",
            ("Cán bộ phụ trách công tác thi đua, khen thưởng",),
            "có trách nhiệm tổng hợp danh sách.",
        ),
        (
            "Đơn vị quản lý vận hành hệ thống chiếu sáng trên địa bàn tỉnh chủ trì kiểm tra.",
            ("Đơn vị quản lý vận hành hệ thống chiếu sáng trên địa bàn tỉnh",),
            "chủ trì kiểm tra.",
        ),
        # no obligation word ahead: the first verb after the modifier's nouns, by part of speech
        (
            "Đơn vị quản lý vận hành hệ thống chiếu sáng trên địa bàn tỉnh rà soát thời gian chiếu sáng.",
            ("Đơn vị quản lý vận hành hệ thống chiếu sáng trên địa bàn tỉnh",),
            "rà soát thời gian chiếu sáng.",
        ),
        ("Tổ giúp việc Ban Chỉ đạo 35 theo dõi, đôn đốc.", ("Tổ giúp việc Ban Chỉ đạo 35",), "theo dõi, đôn đốc."),
        ("Tổ kiểm phiếu tiến hành kiểm phiếu.", ("Tổ kiểm phiếu",), "tiến hành kiểm phiếu."),
        # a function word ends the name before any later verb ("trong quá trình kiểm tra")
        (
            "Cán bộ kiểm tra trong quá trình kiểm tra, giám sát nếu phát hiện sai phạm thì báo cáo.",
            ("Cán bộ",),
            "kiểm tra trong quá trình kiểm tra, giám sát nếu phát hiện sai phạm thì báo cáo.",
        ),
        # a verb right before a function word qualifies a noun ("hội nghị … mở rộng để …")
        (
            "Các đơn vị tổ chức hội nghị ban lãnh đạo mở rộng để thảo luận.",
            ("Các đơn vị",),
            "tổ chức hội nghị ban lãnh đạo mở rộng để thảo luận.",
        ),
        # without a main predicate ahead, "được" still ends the phrase
        ("Các cơ quan được biết kết quả.", ("Các cơ quan",), "được biết kết quả."),
        # a scope between two capitalised names belongs to the name
        (
            "Chủ tịch Ủy ban nhân dân các tỉnh từ Quảng Trị đến Khánh Hòa chỉ đạo sơ tán dân.",
            ("Chủ tịch Ủy ban nhân dân các tỉnh từ Quảng Trị đến Khánh Hòa",),
            "chỉ đạo sơ tán dân.",
        ),
        # a complete official name, then an unknown lowercase verb: the predicate
        (
            "Bộ Tài chính điều hành chính sách tài khóa chủ động.",
            ("Bộ Tài chính",),
            "điều hành chính sách tài khóa chủ động.",
        ),
        ("Sở Tài chính tỉnh Gia Lai khẩn trương rà soát.", ("Sở Tài chính tỉnh Gia Lai",), "khẩn trương rà soát."),
        # a team formed for one job is a body
        (
            "Đoàn kiểm tra, giám sát làm việc với đối tượng giám sát.",
            ("Đoàn kiểm tra, giám sát",),
            "làm việc với đối tượng giám sát.",
        ),
        # in a list of bodies "tổ chức" is one of them, not the verb
        (
            "Cơ quan, tổ chức, đơn vị tổ chức họp ban lãnh đạo.",
            ("Cơ quan, tổ chức, đơn vị",),
            "tổ chức họp ban lãnh đạo.",
        ),
        # the place closes the name; a verb after it is the predicate
        (
            "Ban Thường trực Ủy ban MTTQ xã triệu tập hội nghị.",
            ("Ban Thường trực Ủy ban MTTQ xã",),
            "triệu tập hội nghị.",
        ),
        ("Ủy ban nhân dân tỉnh phòng chống dịch.", ("Ủy ban nhân dân tỉnh",), "phòng chống dịch."),
        # the honorific names the addressee with its head noun only
        ("Quý Ủy ban chỉ đạo các sở rà soát.", ("Quý Ủy ban",), "chỉ đạo các sở rà soát."),
        # and the nouns listed after its head
        ("Quý cơ quan, đơn vị, địa phương báo cáo kết quả.", ("Quý cơ quan, đơn vị, địa phương",), "báo cáo kết quả."),
        # a scope between two places named with their unit word
        (
            "Chủ tịch UBND các xã, phường ven biển từ xã Vĩnh Hậu đến xã Đất Mũi kiểm tra đê biển.",
            ("Chủ tịch UBND các xã, phường ven biển từ xã Vĩnh Hậu đến xã Đất Mũi",),
            "kiểm tra đê biển.",
        ),
        # health and farm bodies by their kind
        ("Các bệnh viện tuyến tỉnh hỗ trợ chuyên môn.", ("Các bệnh viện tuyến tỉnh",), "hỗ trợ chuyên môn."),
        ("Trạm y tế xã lập danh sách đối tượng.", ("Trạm y tế xã",), "lập danh sách đối tượng."),
    ],
)
def test_read_phrase_boundaries_of_the_genre(text, entries, predicate):
    ph = read_phrase(text, 0)
    assert ph is not None
    assert (ph.entries, text[ph.end :].lstrip(" ,")) == (entries, predicate)


def test_an_honorific_stands_for_the_addressees():
    assert is_addressee_word(("Quý cơ quan",)) is True
    assert is_addressee_word(("Quý Ủy ban",)) is True


@pytest.mark.parametrize(
    ("issuer", "names"),
    [
        (
            "ỦY BAN BẦU CỬ XÃ PHỐ BẢNG TIỂU BAN THÔNG TIN, TUYÊN TRUYỀN, KHÁNH TIẾT",
            ["TIỂU BAN THÔNG TIN, TUYÊN TRUYỀN, KHÁNH TIẾT"],
        ),
        ("BỘ VĂN HÓA, THỂ THAO VÀ DU LỊCH", ["BỘ VĂN HÓA, THỂ THAO VÀ DU LỊCH"]),
        ("ỦY BAN NHÂN DÂN TỈNH BẮC NINH", []),  # no comma: the phrase rules read it whole anyway
        (None, []),
    ],
)
def test_issuer_names(issuer, names):
    assert issuer_names(issuer) == names


def test_a_document_own_name_keeps_its_commas():
    text = "Tiểu ban thông tin, tuyên truyền, khánh tiết xây dựng kế hoạch tuyên truyền."
    assert read_phrase(text, 0, gazetteer().spans(text)).entries == ("Tiểu ban thông tin",)
    with own_names(["TIỂU BAN THÔNG TIN, TUYÊN TRUYỀN, KHÁNH TIẾT"]):
        ph = read_phrase(text, 0, gazetteer().spans(text))
    assert ph.entries == ("Tiểu ban thông tin, tuyên truyền, khánh tiết",)
    assert read_phrase(text, 0, gazetteer().spans(text)).entries == ("Tiểu ban thông tin",)  # only inside


def test_a_commune_party_inspection_committee_is_one_name():
    text = "Thường trực HĐND, UBND, Ủy ban Kiểm tra Đảng ủy xã thường xuyên phối hợp."
    entries = read_phrase(text, 0, gazetteer().spans(text)).entries
    assert entries == ("Thường trực HĐND", "UBND", "Ủy ban Kiểm tra Đảng ủy xã")
