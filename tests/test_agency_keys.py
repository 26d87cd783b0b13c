"""Agency keys: one key for one body however written, merged bodies under their successor, and the
store's views and exports grouping by it."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest
from test_store import result, task

from pipeline.agency_keys import agency_key, agency_name
from pipeline.extraction import extract_blocks
from pipeline.readers.text import blocks_from_text
from pipeline.store import Store, store_file_result, task_columns


@pytest.mark.parametrize(
    ("names", "key"),
    [
        (["UBND tỉnh", "Ủy ban nhân dân tỉnh", "Uỷ ban nhân dân tỉnh", "ỦY BAN NHÂN DÂN TỈNH"], "uy ban nhan dan tinh"),
        (["HĐND tỉnh", "Hội đồng nhân dân Tỉnh"], "hoi dong nhan dan tinh"),
        (
            ["Ủy ban MTTQ Việt Nam", "Uỷ ban Mặt trận Tổ quốc Việt Nam", "UBMTTQ Việt Nam"],
            "uy ban mat tran to quoc viet nam",
        ),
        (["Sở GD&ĐT", "Sở GDĐT", "Sở Giáo dục và Đào tạo"], "so giao duc va dao tao"),
        (["Các tỉnh uỷ, thành uỷ", "các thành ủy, tỉnh ủy"], "cac thanh uy, tinh uy"),
        (["các bộ, ngành và địa phương", "Các địa phương, bộ, ngành"], "cac bo, dia phuong, nganh"),
        (["UBND các tỉnh/thành phố", "Ủy ban nhân dân các thành phố, tỉnh"], "uy ban nhan dan cac thanh pho, tinh"),
        (["các cơ quan có liên quan", "Các cơ quan liên quan"], "cac co quan lien quan"),
        (
            ["UBND TP.HCM", "UBND Tp. Hồ Chí Minh", "Ủy ban nhân dân Thành phố Hồ Chí Minh"],
            "uy ban nhan dan thanh pho ho chi minh",
        ),
    ],
)
def test_one_body_written_several_ways_is_one_key(names: list[str], key: str) -> None:
    assert [agency_key(n) for n in names] == [key] * len(names)


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("Bộ Kế hoạch và Đầu tư", "Bộ Tài chính"),
        ("Bộ Lao động - Thương binh và Xã hội", "Bộ Nội vụ"),
        ("Bộ Lao động, Thương binh và Xã hội", "Bộ Nội vụ"),
        ("Bộ Thông tin và Truyền thông", "Bộ Khoa học và Công nghệ"),
        ("Bộ Giao thông vận tải", "Bộ Xây dựng"),
        ("Bộ Tài nguyên và Môi trường", "Bộ Nông nghiệp và Môi trường"),
        ("Bộ NN&PTNT", "Bộ Nông nghiệp và Môi trường"),
        ("Ủy ban Dân tộc", "Bộ Dân tộc và Tôn giáo"),
        ("Ban Tuyên giáo Trung ương", "Ban Tuyên giáo và Dân vận Trung ương"),
        ("Ban Dân vận Tỉnh ủy", "Ban Tuyên giáo và Dân vận Tỉnh ủy"),
        ("Ban cán sự đảng Chính phủ", "Đảng ủy Chính phủ"),
        ("Sở Kế hoạch và Đầu tư tỉnh Hà Nam", "Sở Tài chính tỉnh Ninh Bình"),
        ("UBND tỉnh Bình Dương", "Ủy ban nhân dân Thành phố Hồ Chí Minh"),
        ("Tỉnh ủy Bắc Giang", "Tỉnh ủy Bắc Ninh"),
        ("Tỉnh ủy Quảng Nam", "Thành ủy Đà Nẵng"),
        ("Ngân hàng Nhà nước", "Ngân hàng Nhà nước Việt Nam"),
    ],
)
def test_a_body_merged_away_in_2025_has_its_successors_key(old: str, new: str) -> None:
    assert agency_key(old) == agency_key(new)


def test_merged_ministry_key_and_official_name() -> None:
    assert agency_key("Bộ Kế hoạch và Đầu tư") == "bo tai chinh"
    assert agency_name("bo tai chinh") == "Bộ Tài chính"
    assert agency_name(agency_key("Ban Dân vận Trung ương")) == "Ban Tuyên giáo và Dân vận Trung ương"


def test_names_that_look_alike_keep_their_own_keys() -> None:
    assert agency_key("Bộ Nội vụ") != agency_key("Bộ Tài chính")
    assert agency_key("Ngân hàng Nhà nước Việt Nam") == "ngan hang nha nuoc viet nam"  # not "… viet nam viet nam"
    assert agency_key("Ban Tuyên giáo và Dân vận Trung ương") == "ban tuyen giao va dan van trung uong"
    assert agency_key("Bộ Kế hoạch và Đầu tư") != agency_key("Bộ Kế hoạch và Trung ương")  # "tư" is not "TƯ"
    # "và" inside an official name, and "các" inside one, are no list
    assert agency_key("Bộ Văn hóa, Thể thao và Du lịch") == "bo van hoa the thao va du lich"
    assert agency_key("Đảng ủy các cơ quan Đảng Trung ương") == "dang uy cac co quan dang trung uong"
    assert agency_key("UBND thành phố Bắc Ninh") == "uy ban nhan dan thanh pho bac ninh"  # only "tỉnh X" is merged


def test_an_unknown_body_gets_a_stable_folded_key() -> None:
    name = "Trung tâm Y tế  khu vực Phố Bảng (cũ)"
    assert agency_key(name) == "trung tam y te khu vuc pho bang cu"
    assert agency_key("TRUNG TÂM Y TẾ KHU VỰC PHỐ BẢNG (CŨ)") == agency_key(name)
    assert agency_name(agency_key(name)) is None


TEXT = """ỦY BAN NHÂN DÂN TỈNH ĐẮK LẮK
Số: 12/KH-UBND
Đắk Lắk, ngày 05 tháng 11 năm 2025
KẾ HOẠCH
TRIỂN KHAI CHUYỂN ĐỔI SỐ
1. Sở Khoa học và Công nghệ chủ trì, phối hợp với Sở Tài chính xây dựng kho dữ liệu số,
hoàn thành trước ngày 30/11/2025.
2. Sở Kế hoạch và Đầu tư rà soát các dự án đầu tư công, phối hợp với Sở Thông tin và Truyền thông.
"""


def test_extracted_rows_carry_keys_beside_the_names() -> None:
    (doc,) = extract_blocks(blocks_from_text(TEXT), "kh.txt")
    got = [(t.assignees, t.assignee_keys, t.coordinators, t.coordinator_keys) for t in doc.tasks]
    assert got == [
        (["Sở Khoa học và Công nghệ"], ["so khoa hoc va cong nghe"], ["Sở Tài chính"], ["so tai chinh"]),
        (["Sở Kế hoạch và Đầu tư"], ["so tai chinh"], ["Sở Thông tin và Truyền thông"], ["so khoa hoc va cong nghe"]),
    ]


def test_views_group_one_body_written_three_ways(tmp_path: Path) -> None:
    tasks = [
        task("a", "1", ["UBND tỉnh"], "Chỉ đạo"),
        task("b", "2", ["Ủy ban nhân dân tỉnh", "Bộ Tài chính"], "Bố trí kinh phí"),
        task("c", "3", ["Uỷ ban nhân dân tỉnh"], "Báo cáo"),
        task("d", "4", ["Bộ Kế hoạch và Đầu tư"], "Thẩm định"),
        task("e", "5", ["UBND tỉnh"], "Kiểm tra"),
    ]
    with Store(tmp_path / "s.duckdb") as s:
        store_file_result(s, result("/in/kh.txt", "aa", tasks))
        per = s.con.execute("SELECT assignee_key, agency, tasks, spellings FROM tasks_per_agency").fetchall()
        by = s.con.execute("SELECT task_id, assignee, assignee_key FROM tasks_by_assignee ORDER BY task_id, assignee")
        rows = by.fetchall()
    assert per == [
        ("uy ban nhan dan tinh", "UBND tỉnh", 4, ["UBND tỉnh", "Uỷ ban nhân dân tỉnh", "Ủy ban nhân dân tỉnh"]),
        ("bo tai chinh", "Bộ Kế hoạch và Đầu tư", 2, ["Bộ Kế hoạch và Đầu tư", "Bộ Tài chính"]),
    ]
    assert rows[:3] == [
        ("a", "UBND tỉnh", "uy ban nhan dan tinh"),
        ("b", "Bộ Tài chính", "bo tai chinh"),
        ("b", "Ủy ban nhân dân tỉnh", "uy ban nhan dan tinh"),
    ]


def test_a_store_made_before_the_key_columns_takes_them(tmp_path: Path) -> None:
    db = tmp_path / "old.duckdb"
    old = [(n, t) for n, t in task_columns() if n not in ("assignee_keys", "coordinator_keys")]
    with duckdb.connect(str(db)) as con:  # the tasks table as the previous version made it
        con.execute(f"CREATE TABLE tasks ({', '.join(f'{n} {t}' for n, t in old)}, PRIMARY KEY (task_id))")
    with Store(db) as s:
        store_file_result(s, result("/in/kl.txt", "aa", [task("a", "1", ["UBND tỉnh"], "Chỉ đạo")]))
        got = s.con.execute("SELECT assignees, assignee_keys, coordinator_keys, task FROM tasks").fetchall()
    assert got == [(["UBND tỉnh"], ["uy ban nhan dan tinh"], [], "Chỉ đạo")]
