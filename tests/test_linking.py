"""Links written to the store: the corpus chain, and a re-issued central document whose task ids change."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from fixtures.chain import CORPUS, chain_folder, reissue_183

from pipeline import ingest
from pipeline.cascade import cascade
from pipeline.linking import write_links
from pipeline.store import Store

HP_31 = "608055cb781c9269"  # Hải Phòng 3.(1): Đảng uỷ UBND thành phố, "Tiếp tục lãnh đạo … thể chế" by 29/8
C183_3 = "0c1578d91eb7a0c3"  # 183-KL/TW 3: Đảng uỷ Chính phủ, the same duty, by 31/8


def _links(db: Path) -> dict[str, set[str]]:
    with Store(db, read_only=True) as s:
        rows = s.con.execute("SELECT task_id, central_task_id FROM task_links").fetchall()
    out: dict[str, set[str]] = {}
    for local, central in rows:
        out.setdefault(local, set()).add(central)
    return out


def _linked_chain(root: Path) -> tuple[Path, Path]:
    folder = chain_folder(root)
    db = root / "s.duckdb"
    ingest([folder], db=db)
    with Store(db) as s:
        write_links(s.con)
    return folder, db


@pytest.fixture(scope="module")
def linked(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    return _linked_chain(tmp_path_factory.mktemp("linked"))


@pytest.fixture
def chain(tmp_path: Path) -> tuple[Path, Path]:
    return _linked_chain(tmp_path)


def test_the_chain_is_linked_with_reasons(linked: tuple[Path, Path]) -> None:
    _, db = linked
    with Store(db, read_only=True) as s:
        row = s.con.execute(
            "SELECT central_doc_number, score, reasons, late FROM task_links WHERE task_id = ? AND central_task_id = ?",
            [HP_31, C183_3],
        ).fetchone()
        pairs = s.con.execute("SELECT count(DISTINCT (path, doc_index, central_doc_number)) FROM task_links").fetchone()
        graph = s.con.execute(
            "SELECT count(*) FILTER (target_path IS NOT NULL), count(*) FROM citation_graph"
        ).fetchone()
    assert row is not None
    number, score, reasons, late = row
    assert (number, late) == ("183-KL/TW", False)
    assert reasons[1:] == [
        "deadline 2025-08-29 on or before the central 2025-08-31",
        "Đảng uỷ Ủy ban nhân dân thành phố under Đảng uỷ Chính phủ",
    ]
    assert score > 1.0
    assert pairs == (3,)  # 000 → 183, 001 → 178, 003 → 183 (the Cần Thơ tasks that link go to 178)
    assert graph == (4, 37)  # 4 of the 37 citations name a stored document


def test_cascade_down_from_the_conclusion_flags_tasks_nobody_took_down(linked: tuple[Path, Path]) -> None:
    _, db = linked
    with Store(db, read_only=True) as s:
        view = cascade(s.con, "Kết luận 183")
        up = cascade(s.con, HP_31)
        assert cascade(s.con, "Kết luận 999") is None
    assert view is not None and up is not None
    roots = [n for n in view.nodes if n.direction == "root"]
    assert len(roots) == 23  # every task of 183-KL/TW
    by_clause = {n.task["clause"]: n for n in roots if n.unfollowed}
    assert {"3.p3.(2)", "6.p2"} <= set(by_clause)  # Bộ Tư pháp's and Ban Tổ chức Trung ương's own duties
    under_3 = [n.task["task_id"] for n in view.nodes if n.direction == "down" and n.task["clause"] == "3.(1)"]
    assert under_3 == [HP_31]
    assert [(n.direction, n.task["task_id"]) for n in up.nodes] == [("root", HP_31), ("up", C183_3)]


def test_a_reissued_central_document_moves_the_links_to_its_new_task_ids(chain: tuple[Path, Path]) -> None:
    folder, db = chain
    reissue_183(folder / "001_c3069d8d256e6790.txt")
    ingest([folder], db=db)
    with Store(db, read_only=True) as s:
        new_id = s.con.execute(
            "SELECT task_id FROM tasks WHERE doc_number = '183-KL/TW' AND clause = '4' "
            "AND task LIKE 'tiếp tục lãnh đạo%'"
        ).fetchone()[0]
        # renumbered 3 → 4, the duty has another id and the old one names nothing
        gone = s.con.execute("SELECT task FROM tasks WHERE task_id = ?", [C183_3]).fetchone()
    assert new_id != C183_3 and gone is None
    with Store(db) as s:
        report = write_links(s.con)
        up = cascade(s.con, HP_31)
    assert _links(db)[HP_31] == {new_id}
    assert up is not None and [n.task["task_id"] for n in up.nodes if n.direction == "up"] == [new_id]
    assert report.moved >= 1
    assert report.dropped == []


def test_a_local_deadline_after_the_central_one_is_flagged(tmp_path: Path) -> None:
    # A provincial letter giving its Sở Nội vụ the Bộ Nội vụ's duty of 183-KL/TW 3.p3.(1).(i), due 15/9 not 31/8.
    folder = tmp_path / "docs"
    folder.mkdir()
    shutil.copy(CORPUS / "001_c3069d8d256e6790.txt", folder)
    shutil.copy(Path(__file__).parent / "fixtures" / "late_letter.txt", folder / "late_letter.txt")
    db = tmp_path / "s.duckdb"
    ingest([folder], db=db)
    with Store(db) as s:
        report = write_links(s.con)
        view = cascade(s.con, "77/UBND-NC")
    assert report.late == 1
    assert view is not None
    up = [n for n in view.nodes if n.direction == "up"]
    assert [(n.task["doc_number"], n.task["clause"], n.late) for n in up] == [("183-KL/TW", "3.p3.(1).(i)", True)]
    assert up[0].reasons[1:] == ["deadline 2025-09-15 after the central 2025-08-31", "Sở Nội vụ under Bộ Nội vụ"]


def test_a_reissue_in_another_file_is_reported_and_its_new_tasks_linked(tmp_path: Path) -> None:
    folder = chain_folder(tmp_path)
    shutil.copy(folder / "001_c3069d8d256e6790.txt", folder / "001_reissued.txt")
    reissue_183(folder / "001_reissued.txt")
    db = tmp_path / "s.duckdb"
    ingest([folder], db=db)
    with Store(db) as s:
        report = write_links(s.con)
        view = cascade(s.con, "183-KL/TW")
        new_id = s.con.execute(
            "SELECT task_id FROM tasks WHERE path LIKE '%001_reissued.txt' AND clause = '4' "
            "AND task LIKE 'tiếp tục lãnh đạo%'"
        ).fetchone()[0]
    assert report.reissued == ["178-KL/TW", "183-KL/TW"]
    assert view is not None and view.title == "183-KL/TW (001_reissued.txt#2, 2025-08-01), 2 stored copies"
    assert new_id in _links(db)[HP_31]
