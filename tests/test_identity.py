"""task_id: the document's identity, the clause and the task's opening words (README "What changes a task_id")."""

from __future__ import annotations

from pathlib import Path

from pipeline.extraction import extract_file
from pipeline.identity import clause_key, document_key, number_key, task_fingerprint, task_id, task_ids, words
from pipeline.model import Header

DRAFT = """ỦY BAN MTTQ VIỆT NAM
XÃ LƯƠNG MINH
BAN THƯỜNG TRỰC
Số:      /KH-MTTQ
Lương Minh, ngày   tháng 11 năm 2025
KẾ HOẠCH
TỔ CHỨC HỘI NGHỊ HIỆP THƯƠNG GIỚI THIỆU NGƯỜI ỨNG CỬ
1. Ban Thường trực Ủy ban MTTQ xã chủ trì, phối hợp với Ủy ban nhân dân xã tổ chức hội nghị
hiệp thương lần thứ nhất, hoàn thành trước ngày 15/12/2025.
2. Văn phòng Đảng ủy xã chuẩn bị cơ sở vật chất, tài liệu phục vụ hội nghị và tổng hợp danh sách
đại biểu tham dự theo đúng thành phần quy định của cấp trên.
3. Các tổ chức chính trị - xã hội xã tuyên truyền sâu rộng trong đoàn viên, hội viên, hoàn thành trong tháng 12/2025.
"""

NUMBERED = """BAN CHẤP HÀNH TRUNG ƯƠNG
Số 12-KL/TW
Hà Nội, ngày 05 tháng 8 năm 2025
KẾT LUẬN
CỦA BỘ CHÍNH TRỊ
về việc sắp xếp tổ chức bộ máy
1. Bộ Nội vụ chủ trì, phối hợp với Bộ Tài chính hoàn thiện đề án sắp xếp, hoàn thành trước ngày 30/9/2025.
2. Các tỉnh uỷ, thành uỷ báo cáo kết quả thực hiện trước ngày 25 hằng tháng.
3. Bộ Y tế rà soát các cơ sở trực thuộc trong quý IV/2025.
"""


def ids(tmp_path: Path, text: str, name: str = "doc.txt") -> dict[str, str]:
    """clause → task_id of one file written with `text`."""
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    res = extract_file(p)
    assert res.error is None, res.error
    out = {t.clause: t.task_id for t in res.tasks}
    assert len(out) == len(res.tasks)
    return out


# ---- the parts ----------------------------------------------------------------------------------------


def test_words_ignore_case_tone_placement_punctuation_and_spaces() -> None:
    assert words("Uỷ ban  nhân dân,\u00a0tỉnh") == ["uy", "ban", "nhan", "dan", "tinh"]
    assert words("Ủy ban nhân dân tỉnh.") == ["uy", "ban", "nhan", "dan", "tinh"]
    assert words("Đảng ủy") == ["dang", "uy"]
    assert words(None) == []
    # text outside the Vietnamese letters (a decomposed mark, "ß") takes the slow path, with the same words
    assert words("Ủy ban nhân dân tỉnh".replace("ỉ", "i\u0309")) == ["uy", "ban", "nhan", "dan", "tinh"]
    assert words("Straße số 5") == ["stra", "e", "so", "5"]


def test_number_key() -> None:
    assert number_key("220/CĐ-TTg") == "220-cd-ttg"
    assert number_key("220 / CĐ - TTg") == "220-cd-ttg"


def test_clause_key_drops_only_positions_of_unnumbered_paragraphs_and_bullets() -> None:
    assert clause_key("3.p3.(1).(ii)") == "3.p.(1).(ii)"
    assert clause_key("4.-2") == "4.-"
    assert clause_key("p1") == "p"
    assert clause_key("PL.5") == "PL.5"
    assert clause_key("2.1.a)") == "2.1.a)"


def test_fingerprint_is_the_first_twelve_words_without_the_deadline() -> None:
    text = "Hoàn thành trước ngày 30/9/2025 việc rà soát, sửa đổi quy chế làm việc của cơ quan chuyên môn cấp xã."
    assert task_fingerprint(text, "Hoàn thành trước ngày 30/9/2025") == (
        "viec ra soat sua doi quy che lam viec cua co quan"
    )
    assert task_fingerprint("Rà  soát   quy chế.") == task_fingerprint("rà soát quy chế")


def test_document_key() -> None:
    numbered = Header(number="12-KL/TW", issuer="BAN CHẤP HÀNH TRUNG ƯƠNG", year=2025)
    assert document_key(numbered, "x.pdf") == "no:12-kl-tw|2025|ban chap hanh trung uong"
    draft = Header(doc_type="KH", issuer="UỶ BAN MTTQ XÃ A", year=2025, subject="Tổ chức hội nghị")
    assert document_key(draft, "x.pdf") == "draft:KH|uy ban mttq xa a|2025|to chuc hoi nghi"
    bare = Header(doc_type="KH")
    assert document_key(bare, "Kế hoạch 1.docx") == "draft:KH|||file:ke hoach 1"


def test_equal_tasks_of_one_clause_get_distinct_ids() -> None:
    got = task_ids("d", [("1", "Rà soát quy định.", None), ("1", "rà  soát quy định", None), ("2", "Rà soát", None)])
    assert got == [
        task_id("d", "1", "ra soat quy dinh", 0),
        task_id("d", "1", "ra soat quy dinh", 1),
        task_id("d", "2", "ra soat", 0),
    ]
    assert len(set(got)) == 3


# ---- a document without a number ----------------------------------------------------------------------


def test_unnumbered_edit_in_another_clause_keeps_the_other_ids(tmp_path: Path) -> None:
    before = ids(tmp_path, DRAFT)
    assert sorted(before) == ["1", "2", "3"]
    # a different duty in clause 2: its id changes, the others stay
    after = ids(tmp_path, DRAFT.replace("xã chuẩn bị cơ sở vật chất", "xã bố trí hội trường"))
    assert after["1"] == before["1"] and after["3"] == before["3"]
    assert after["2"] != before["2"]


def test_unnumbered_edit_after_the_opening_words_keeps_the_task_id(tmp_path: Path) -> None:
    before = ids(tmp_path, DRAFT)
    # the 20th word of task 2, past the fingerprint's twelve
    assert ids(tmp_path, DRAFT.replace("quy định của cấp trên", "quy định của cấp tỉnh")) == before


def test_unnumbered_corrected_deadline_keeps_the_task_id(tmp_path: Path) -> None:
    before = ids(tmp_path, DRAFT)
    assert ids(tmp_path, DRAFT.replace("trong tháng 12/2025", "trong tháng 11/2025")) == before
    assert ids(tmp_path, DRAFT.replace("trước ngày 15/12/2025", "trước ngày 20/12/2025")) == before


def test_unnumbered_tone_placement_and_spacing_keep_every_id(tmp_path: Path) -> None:
    before = ids(tmp_path, DRAFT)
    respelled = DRAFT.replace("ủy", "uỷ").replace("Ủy", "Uỷ").replace(", ", ",  ").replace("hóa", "hoá")
    assert ids(tmp_path, respelled) == before


def test_unnumbered_renamed_or_converted_file_keeps_its_ids(tmp_path: Path) -> None:
    assert ids(tmp_path, DRAFT, "ke-hoach.txt") == ids(tmp_path, DRAFT, "ban-sua.md")


# ---- a numbered document ------------------------------------------------------------------------------


def test_numbered_edits_change_only_the_edited_task(tmp_path: Path) -> None:
    before = ids(tmp_path, NUMBERED)
    assert sorted(before) == ["1", "2", "3"]
    assert ids(tmp_path, NUMBERED.replace("quý IV/2025", "quý III/2025")) == before
    assert ids(tmp_path, NUMBERED.replace("đề án sắp xếp", "đề án  sắp  xếp")) == before
    other = ids(tmp_path, NUMBERED.replace("Bộ Y tế rà soát các cơ sở", "Bộ Y tế kiểm tra các bệnh viện"))
    assert (other["1"], other["2"]) == (before["1"], before["2"]) and other["3"] != before["3"]
    renumbered = ids(tmp_path, NUMBERED.replace("Số 12-KL/TW", "Số 13-KL/TW"))
    assert not set(renumbered.values()) & set(before.values())
