"""Scoring links against the hand-checked set: pairing by id, else by file, clause and text prefix."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fixtures.chain import chain_folder

from pipeline import ingest, link, load_links
from pipeline.link_eval import read_gold, score_links
from pipeline.store import Store

GOLD = Path(__file__).parent / "fixtures" / "links"


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("eval")
    db = root / "s.duckdb"
    ingest([chain_folder(root)], db=db)
    link(db)
    return db


def test_the_hand_checked_set_reads_as_written() -> None:
    gold = read_gold([GOLD])
    assert len(gold) == 38
    assert sum(len(g["links"]) for g in gold) == 41
    assert sum(not g["links"] for g in gold) == 3  # 000 p3, Hải Phòng 7 and 9 carry out no central task


def test_scores_of_the_stored_links(db: Path) -> None:
    with Store(db, read_only=True) as s:
        sc = score_links(s.con, read_gold([GOLD]))
    assert (sc.local_tasks, sc.gold_links, sc.predicted, sc.correct) == (38, 41, 32, 28)
    assert (round(sc.precision, 3), round(sc.recall, 3)) == (0.875, 0.683)
    assert sc.unmatched == []


def test_a_task_whose_id_changed_is_found_by_clause_and_text(db: Path, tmp_path: Path) -> None:
    row = {
        "doc": "003_dcca320ede949aa2.txt",
        "clause": "3.(1)",
        "task_id": "0000000000000000",  # not stored: an id from an older extraction
        "task": "Tiếp tục lãnh đạo, chỉ đạo quyết liệt, hiệu quả việc rà soát",
        "links": [
            {
                "doc_number": "183-KL/TW",
                "clause": "3",
                "task_id": "ffffffffffffffff",
                "task": "tiếp tục lãnh đạo, chỉ đạo quyết liệt, hiệu quả việc rà soát",
            }
        ],
    }
    gold = tmp_path / "one.jsonl"
    gold.write_text(json.dumps(row, ensure_ascii=False) + "\n", encoding="utf-8")
    with Store(db, read_only=True) as s:
        sc = score_links(s.con, read_gold([gold]))
    assert (sc.gold_links, sc.predicted, sc.correct, sc.unmatched) == (1, 1, 1, [])


def test_load_links_puts_central_and_local_side_by_side(db: Path) -> None:
    links = load_links(db)
    row = links[links["task_id"] == "608055cb781c9269"].iloc[0]
    assert (row["central_doc_number"], row["central_clause"], row["clause"], row["place"]) == (
        "183-KL/TW",
        "3",
        "3.(1)",
        "Hải Phòng",
    )
    assert str(row["deadline"].date()) == "2025-08-29" and str(row["central_deadline"].date()) == "2025-08-31"
    assert row["assignees"] == ["Đảng uỷ Ủy ban nhân dân thành phố"] and not row["late"]
