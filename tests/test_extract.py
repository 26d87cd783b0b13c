"""One file in, a FileResult out: end to end on small texts, on the seed corpus, and on bad input."""

from __future__ import annotations

import json
import struct
from pathlib import Path

import pytest

from pipeline.evaluate import score
from pipeline.extraction import extract_blocks, extract_file
from pipeline.identity import task_id
from pipeline.model import Block
from pipeline.readers.text import blocks_from_text

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"
GOLD = ROOT / "eval" / "gold" / "seeds"

GUIDELINE_FIELDS = [
    "doc",
    "doc_number",
    "clause",
    "assignees",
    "implicit",
    "coordinators",
    "task",
    "deadline",
    "deadline_text",
    "recurrence",
    "due_time",
]


def rows(docs) -> list[tuple]:
    return [
        (t.doc_number, t.clause, t.assignees, t.implicit, t.coordinators, t.task, t.deadline)
        for d in docs
        for t in d.tasks
    ]


# A covering letter and the conclusions it forwards, in one file.
LETTER_AND_CONCLUSIONS = (Path(__file__).parent / "fixtures" / "letter_and_conclusions.txt").read_text(encoding="utf-8")


def test_letter_and_forwarded_conclusions_end_to_end():
    docs = extract_blocks(blocks_from_text(LETTER_AND_CONCLUSIONS), "letter.txt")
    assert [d.header.number for d in docs] == ["12-CV/BTCTW", "178-KL/TW"]
    assert rows(docs) == [
        (
            "12-CV/BTCTW",
            "p1",
            ["Các tỉnh ủy, thành ủy trực thuộc Trung ương", "Các ban đảng Trung ương"],
            True,
            [],
            "tổ chức quán triệt Kết luận, báo cáo kết quả trước ngày 15/8/2025.",
            "2025-08-15",
        ),
        (
            "178-KL/TW",
            "1",
            ["Bộ Nội vụ"],
            False,
            ["Bộ Tài chính"],
            "chủ trì, phối hợp với Bộ Tài chính rà soát biên chế, hoàn thành trong quý III/2025.",
            "2025-09-30",
        ),
        ("178-KL/TW", "2", ["Các tỉnh ủy, thành ủy"], False, [], "khẩn trương sắp xếp cán bộ cấp xã.", "2025-09-30"),
    ]
    t = docs[1].tasks[0]
    assert (t.doc, t.doc_type, t.doc_date, t.issuer) == ("letter.txt", "KL", "2025-07-17", "BAN CHẤP HÀNH TRUNG ƯƠNG")
    assert (t.deadline_text, t.recurrence, t.due_time) == ("hoàn thành trong quý III/2025", None, None)
    assert docs[1].tasks[1].deadline_text == "hoàn thành trước ngày 30/9/2025"
    assert t.char_start == LETTER_AND_CONCLUSIONS.index("1. Giao Bộ Nội vụ")
    assert (
        t.source == "Giao Bộ Nội vụ chủ trì, phối hợp với Bộ Tài chính rà soát biên chế, hoàn thành trong quý III/2025."
    )


PLAN = """UBND TỈNH BẮC NINH
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Số: 141/KH-UBND
Bắc Ninh, ngày 5 tháng 9 năm 2025
KẾ HOẠCH
Nâng cao năng lực xây dựng pháp luật
I. MỤC ĐÍCH, YÊU CẦU
1. Nâng cao chất lượng văn bản.
II. TỔ CHỨC THỰC HIỆN
1. Sở Tư pháp chủ trì theo dõi, đôn đốc thực hiện Kế hoạch này.
Nơi nhận:
- Như trên;
TM. ỦY BAN NHÂN DÂN
CHỦ TỊCH
Nguyễn Văn E
"""
TABLE_HEADER = ("STT", "Nội dung", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian hoàn thành")
ANNEX_ROWS = (
    TABLE_HEADER,
    ("1", "Tổ chức tập huấn kỹ năng soạn thảo văn bản", "Sở Tư pháp", "Sở Nội vụ", "Quý IV/2025"),
    ("2", "Rà soát văn bản quy phạm pháp luật của tỉnh", "Sở Tư pháp", "Các sở, ngành", "Năm 2026"),
)


def plan_blocks(annexes: list[tuple[str, tuple]]) -> list[Block]:
    blocks = blocks_from_text(PLAN)
    for title, table in annexes:
        blocks += blocks_from_text(title)
        blocks.append(Block(text="", kind="table", rows=table))
    return blocks


def test_plan_with_one_annex_task_table():
    docs = extract_blocks(
        plan_blocks([("PHỤ LỤC\nPHÂN CÔNG NHIỆM VỤ\n(Kèm theo Kế hoạch số 141/KH-UBND ngày 5/9/2025)\n", ANNEX_ROWS)]),
        "kh.docx",
    )
    assert rows(docs) == [
        ("141/KH-UBND", "II.1", ["Sở Tư pháp"], False, [], "chủ trì theo dõi, đôn đốc thực hiện Kế hoạch này.", None),
        (
            "141/KH-UBND",
            "PL.1",
            ["Sở Tư pháp"],
            False,
            ["Sở Nội vụ"],
            "Tổ chức tập huấn kỹ năng soạn thảo văn bản",
            "2025-12-31",
        ),
        (
            "141/KH-UBND",
            "PL.2",
            ["Sở Tư pháp"],
            False,
            ["Các sở, ngành"],
            "Rà soát văn bản quy phạm pháp luật của tỉnh",
            "2026-12-31",
        ),
    ]
    assert [t.deadline_text for t in docs[0].tasks] == [None, "Quý IV/2025", "Năm 2026"]


def test_plan_with_two_annexes_numbers_them():
    second = (TABLE_HEADER, ("1", "Xây dựng đề án số hóa hồ sơ", "Sở Khoa học và Công nghệ", "", "Tháng 12/2025"))
    docs = extract_blocks(
        plan_blocks(
            [
                ("PHỤ LỤC I\nPHÂN CÔNG NHIỆM VỤ\n(Kèm theo Kế hoạch số 141/KH-UBND)\n", ANNEX_ROWS),
                ("PHỤ LỤC II\nNHIỆM VỤ CỤ THỂ\n(Kèm theo Kế hoạch số 141/KH-UBND)\n", second),
            ]
        ),
        "kh.docx",
    )
    assert [(t.clause, t.assignees, t.deadline) for t in docs[0].tasks] == [
        ("II.1", ["Sở Tư pháp"], None),
        ("PLI.1", ["Sở Tư pháp"], "2025-12-31"),
        ("PLI.2", ["Sở Tư pháp"], "2026-12-31"),
        ("PLII.1", ["Sở Khoa học và Công nghệ"], "2025-12-31"),
    ]


def test_annex_title_that_reads_like_a_plan_stays_with_its_annex():
    second = (TABLE_HEADER, ("1", "Xây dựng đề án số hóa hồ sơ", "Sở Khoa học và Công nghệ", "", "Tháng 12/2025"))
    docs = extract_blocks(
        plan_blocks(
            [
                ("PHỤ LỤC I\nPHÂN CÔNG NHIỆM VỤ\n(Kèm theo Kế hoạch số 141/KH-UBND)\n", ANNEX_ROWS),
                ("PHỤ LỤC II\nDANH MỤC ĐỀ ÁN\n(Kèm theo Kế hoạch số 141/KH-UBND)\n", second),
            ]
        ),
        "kh.docx",
    )
    assert [t.clause for t in docs[0].tasks] == ["II.1", "PLI.1", "PLI.2", "PLII.1"]


def test_markdown_letter_file(tmp_path):
    text = """**THÀNH ỦY CẦN THƠ
BAN TUYÊN GIÁO VÀ DÂN VẬN**

\\*

Số 119 -CV/BTGDVTU

V/v đẩy mạnh tuyên truyền

**ĐẢNG CỘNG SẢN VIỆT NAM**

Cần Thơ, ngày 13 tháng 8 năm 2025

*Kính gửi:*

- Sở Văn hóa, Thể thao và Du lịch,
- Ban xây dựng Đảng đảng ủy xã, phường.

Ban Tuyên giáo và Dân vận Thành ủy đề nghị các cơ quan, đơn vị, địa phương quan tâm triển khai thực hiện tốt \
các nội dung sau:

**1. Quán triệt, triển khai và tổ chức thực hiện nghiêm túc, đầy đủ các nội dung**
của Kết luận số 178-KL/TW ngày 17/7/2025 của Bộ Chính trị.

#### **2. Sở Văn hoá, Thể thao và Du lịch**

- Chỉ đạo, hướng dẫn tổ chức tốt công tác tuyên truyền cổ động trực quan.

### Nơi nhận:

- Như trên,

**K/T TRƯỞNG BAN
PHÓ TRƯỞNG BAN**

**Phạm Thế Vinh**
"""
    p = tmp_path / "cv.md"
    p.write_text(text, encoding="utf-8")
    res = extract_file(p)
    assert res.error is None
    assert res.source_kind == "markdown"
    assert [(t.doc_number, t.clause, t.assignees, t.implicit, t.task) for t in res.tasks] == [
        (
            "119-CV/BTGDVTU",
            "1",
            ["các cơ quan, đơn vị, địa phương"],
            False,
            "Quán triệt, triển khai và tổ chức thực hiện nghiêm túc, đầy đủ các nội dung của Kết luận số 178-KL/TW "
            "ngày 17/7/2025 của Bộ Chính trị.",
        ),
        (
            "119-CV/BTGDVTU",
            "2.-1",
            ["Sở Văn hoá, Thể thao và Du lịch"],
            False,
            "Chỉ đạo, hướng dẫn tổ chức tốt công tác tuyên truyền cổ động trực quan.",
        ),
    ]
    h = res.documents[0].header
    assert (h.signer_capacity, h.signer) == ("K/T TRƯỞNG BAN PHÓ TRƯỞNG BAN", "Phạm Thế Vinh")


# --- the seed corpus ---------------------------------------------------------------------------------

CORPUS_FILES = sorted(CORPUS.glob("*.txt"))


@pytest.fixture(scope="module")
def corpus_results():
    return {p.name: extract_file(p) for p in CORPUS_FILES}


def test_corpus_is_there():
    assert [p.name for p in CORPUS_FILES] == [
        "000_6bb82abea4b90425.txt",
        "001_c3069d8d256e6790.txt",
        "002_adbae0d9f27c1d4c.txt",
        "003_dcca320ede949aa2.txt",
        "004_32125652a63c81a5.txt",
    ]


@pytest.mark.parametrize("name", [p.name for p in CORPUS_FILES])
def test_corpus_file_extracts(corpus_results, name):
    res = corpus_results[name]
    assert res.error is None and res.stage is None
    assert res.source_kind == "text"
    assert len(res.sha256) == 64
    assert res.tasks
    for t in res.tasks:
        d = t.to_dict()
        assert set(GUIDELINE_FIELDS) <= set(d)
        assert d["doc"] == name
        assert d["assignees"], d
        assert d["task"].strip()
        assert len(d["task_id"]) == 16


def test_corpus_agrees_with_gold(corpus_results):
    gold = [
        json.loads(line)
        for f in sorted(GOLD.glob("*.jsonl"))
        for line in f.read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    pred = [t.to_dict() for r in corpus_results.values() for t in r.tasks]
    sc = score(gold, pred)
    p, r, f1 = sc.strict_prf()
    assert f1 >= 0.95, "\n".join(sc.misses)
    assert sc.task_prf()[1] == 1.0, "\n".join(sc.misses)  # every gold task is found
    assert sc.accuracy("clause") >= 0.95
    assert sc.accuracy("deadline") >= 0.95
    assert sc.accuracy("recurrence") >= 0.95


def _row(corpus_results, name: str, doc_number: str | None, clause: str, n: int = 0):
    found = [t for t in corpus_results[name].tasks if t.doc_number == doc_number and t.clause == clause]
    assert len(found) > n, f"no row {n} for {doc_number} {clause}"
    return found[n]


def test_corpus_row_9797_clause_1(corpus_results):
    t = _row(corpus_results, "002_adbae0d9f27c1d4c.txt", "9797-CV/BTCTW", "1")
    assert t.assignees == [
        "Các đồng chí bí thư tỉnh ủy, thành ủy, đảng ủy trực thuộc Trung ương",
        "Các đồng chí bộ trưởng, thủ trưởng cơ quan ngang bộ",
    ]
    assert (t.implicit, t.coordinators) == (True, [])
    assert (t.deadline, t.deadline_text, t.recurrence, t.due_time) == (
        "2025-10-15",
        "hoàn thành trước ngày 15/10/2025",
        None,
        None,
    )
    assert t.task.startswith("Bố trí, điều động, sắp xếp đội ngũ cán bộ, công chức;")
    assert (t.doc_type, t.doc_date, t.issuer) == ("CV", "2025-09-30", "BAN CHẤP HÀNH TRUNG ƯƠNG BAN TỔ CHỨC")
    src = (CORPUS / "002_adbae0d9f27c1d4c.txt").read_text(encoding="utf-8")
    assert src[t.char_start :].startswith("1. Bố trí, điều động")


def test_corpus_letter_9797_rows(corpus_results):
    got = [(t.clause, t.implicit, t.deadline) for t in corpus_results["002_adbae0d9f27c1d4c.txt"].tasks]
    assert got == [
        ("1", True, "2025-10-15"),
        ("2", True, "2025-10-15"),
        ("3", True, "2025-10-15"),
        ("4", False, None),
        ("5", True, "2025-10-30"),
        ("6", True, "2025-10-15"),
    ]
    t4 = _row(corpus_results, "002_adbae0d9f27c1d4c.txt", "9797-CV/BTCTW", "4")
    assert t4.assignees == ["Các bộ, ngành"]
    # a condition's date is not the deadline
    t2 = _row(corpus_results, "002_adbae0d9f27c1d4c.txt", "9797-CV/BTCTW", "2")
    assert t2.deadline_text == "hoàn thành chi trả trước ngày 15/10/2025"


def test_corpus_blank_number_letter_monthly_report(corpus_results):
    t = _row(corpus_results, "000_6bb82abea4b90425.txt", None, "p2")
    assert t.assignees == ["các cấp ủy, cơ quan, đơn vị, địa phương"]
    assert (t.deadline, t.deadline_text, t.recurrence, t.due_time) == (
        None,
        "trước ngày 25 hằng tháng",
        "FREQ=MONTHLY;BYMONTHDAY=25",
        None,
    )
    assert t.doc_type == "CV"


def test_corpus_recurrence_with_time_of_day(corpus_results):
    t = _row(corpus_results, "003_dcca320ede949aa2.txt", None, "1.(4)")
    assert t.assignees == ["Các cấp ủy, địa phương, cơ quan, đơn vị"]
    assert (t.deadline, t.deadline_text, t.recurrence, t.due_time) == (
        None,
        "chậm nhất trước 16 giờ, ngày 22 hằng tháng",
        "FREQ=MONTHLY;BYMONTHDAY=22",
        "16:00",
    )
    t = _row(corpus_results, "003_dcca320ede949aa2.txt", None, "5.(4)")
    assert (t.assignees, t.coordinators) == (["Ban Tổ chức Thành ủy"], ["Đảng ủy Ủy ban nhân dân thành phố"])
    assert (t.recurrence, t.due_time) == ("FREQ=MONTHLY;BYMONTHDAY=23", "16:00")


def test_corpus_rows_split_in_one_paragraph(corpus_results):
    name = "004_32125652a63c81a5.txt"
    first = _row(corpus_results, name, "221-KL/TW", "4.p2", 0)
    second = _row(corpus_results, name, "221-KL/TW", "4.p2", 1)
    assert (first.assignees, first.deadline) == (["các cấp uỷ, cơ quan, đơn vị, địa phương"], None)
    assert (second.assignees, second.coordinators, second.deadline, second.deadline_text) == (
        ["Các tỉnh uỷ, thành uỷ"],
        ["Bộ Y tế", "Bộ Giáo dục và Đào tạo", "Bộ Nội vụ"],
        "2025-12-31",
        "hoàn thành dứt điểm trước ngày 31/12/2025",
    )
    t5 = _row(corpus_results, name, "221-KL/TW", "5")
    assert (t5.assignees, t5.coordinators) == (["Ban Tổ chức Trung ương"], ["Bộ Nội vụ"])
    assert t5.task.startswith("tiếp tục chủ trì, phối hợp với Bộ Nội vụ đánh giá")
    # findings ("Cơ bản thống nhất …", "ghi nhận và biểu dương …") are no tasks
    assert [t.clause for t in corpus_results[name].tasks] == ["2", "2.p2", "3", "4", "4.p2", "4.p2", "5"]


def test_corpus_nested_clause_paths(corpus_results):
    name = "001_c3069d8d256e6790.txt"
    t = _row(corpus_results, name, "183-KL/TW", "3.p3.(1).(ii)")
    assert (t.assignees, t.coordinators, t.deadline) == (["Bộ Nội vụ"], ["các bộ, ngành liên quan"], "2025-08-31")
    t = _row(corpus_results, name, "183-KL/TW", "9", 1)
    assert (t.deadline, t.deadline_text, t.recurrence) == (
        None,
        "chậm nhất trước ngày 25 hàng tháng",
        "FREQ=MONTHLY;BYMONTHDAY=25",
    )
    t = _row(corpus_results, name, "178-KL/TW", "2.p4.(1)")
    assert (t.deadline, t.deadline_text) == ("2025-07-25", "hoàn thành trước ngày 25/7/2025")
    assert {t.doc_number for t in corpus_results[name].tasks} == {"119-CV/BTGDVTU", "178-KL/TW", "183-KL/TW"}


def test_task_ids_are_stable_and_distinct():
    path = CORPUS / "001_c3069d8d256e6790.txt"
    first = [t.task_id for t in extract_file(path).tasks]
    again = [t.task_id for t in extract_file(path).tasks]
    assert first == again
    assert len(set(first)) == len(first)


def test_task_id_function():
    assert task_id("no:183-kl-tw|2025|", "3.(1)", "ra soat", 0) == task_id("no:183-kl-tw|2025|", "3.(1)", "ra soat", 0)
    assert (
        len(
            {
                task_id("no:183-kl-tw|2025|", "3.(1)", "ra soat", 0),
                task_id("no:183-kl-tw|2025|", "3.(2)", "ra soat", 0),
                task_id("no:183-kl-tw|2025|", "3.(1)", "bao cao", 0),
                task_id("no:183-kl-tw|2025|", "3.(1)", "ra soat", 1),
                task_id("no:184-kl-tw|2025|", "3.(1)", "ra soat", 0),
            }
        )
        == 5
    )


def test_same_content_under_another_name_keeps_its_ids(tmp_path):
    src = CORPUS / "004_32125652a63c81a5.txt"
    copy = tmp_path / "renamed.txt"
    copy.write_bytes(src.read_bytes())
    assert [t.task_id for t in extract_file(src).tasks] == [t.task_id for t in extract_file(copy).tasks]


# --- bad input never raises ---------------------------------------------------------------------------

PNG = b"\x89PNG\r\n\x1a\n" + struct.pack(">I", 13) + b"IHDR" + struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0) + bytes(64)
RECIPE = "Cách làm bánh mì\nNguyên liệu: 500g bột mì, 10g men.\n1. Trộn bột với nước.\n2. Nướng 20 phút.\n"


@pytest.mark.parametrize(
    ("name", "content", "stage", "reason"),
    [
        ("empty.txt", b"", "read", "empty file (0 bytes)"),
        ("blank.txt", b"  \n\n \t\n", "read", "empty file (only white space)"),
        ("recipe.txt", RECIPE.encode(), "extract", "not a directive: no document number, type or assigned task found"),
        ("latin1.txt", "Bé Nôî vù chù trì\n".encode("latin-1"), "read", "text is not UTF-8"),
        (
            "cp1258.txt",
            "Bô\u0323 Nô\u0323i vu\u0323 chu\u0309 tri\u0300 ra\u0300 soa\u0301t.\n".encode("cp1258"),
            "read",
            "text is not UTF-8",
        ),
        ("picture.txt", PNG, "read", "an image (PNG), not a document"),
    ],
)
def test_bad_input_is_an_error_value(tmp_path, name, content, stage, reason):
    p = tmp_path / name
    p.write_bytes(content)
    res = extract_file(p)
    assert res.stage == stage
    assert res.error is not None and res.error.startswith(reason)
    assert res.tasks == []
    assert res.path == str(p)


def test_missing_file_is_an_error_value(tmp_path):
    res = extract_file(tmp_path / "nowhere.txt")
    assert (res.stage, res.error) == ("read", "cannot open file: No such file or directory")


def test_plan_text_with_a_columned_annex_table_end_to_end():
    res = extract_file(Path(__file__).parent / "fixtures" / "plan_layout_table.txt")
    tasks = [t for d in res.documents for t in d.tasks]
    got = [(t.clause, t.assignees, t.coordinators, t.deadline, t.recurrence, t.due_time) for t in tasks]
    assert got == [
        ("I.1.-1", ["Các bệnh viện tuyến tỉnh"], [], None, None, None),
        ("I.2", ["Các đơn vị"], [], None, "FREQ=WEEKLY;BYDAY=FR", "15:00"),
        ("PL.1.1", ["Phòng Nghiệp vụ Y - Dược"], ["Bảo hiểm xã hội tỉnh"], "2026-03-31", None, None),
        ("PL.1.2", ["Phòng Kế hoạch - Tài chính"], ["Trung tâm Kiểm soát bệnh tật"], "2026-09-30", None, None),
    ]
