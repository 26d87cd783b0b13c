"""`directives eval --db`: the reviewed documents of a store, built by ingesting two corpus files and
correcting them with `directives correct` and `correct()`, scored against the extractor's rows."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import duckdb
import pytest

from pipeline.cli import main
from pipeline.corrections import correct
from pipeline.corrections_eval import reviewed_gold
from pipeline.ingestion import ingest
from pipeline.store import Store

CORPUS = Path(__file__).resolve().parents[1] / "corpus"
LETTER = "002_adbae0d9f27c1d4c.txt"  # 9797-CV/BTCTW: 6 tasks
CONCLUSION = "004_32125652a63c81a5.txt"  # 221-KL/TW: 7 tasks


def build_store(tmp_path: Path) -> tuple[Path, Path, dict[tuple[str, str], list[str]]]:
    """A store of the two files; the task ids by (file, clause), in reading order."""
    folder = tmp_path / "in"
    folder.mkdir()
    for name in (LETTER, CONCLUSION):
        shutil.copy(CORPUS / name, folder / name)
    db = tmp_path / "s.duckdb"
    ingest([folder], db=db)
    ids: dict[tuple[str, str], list[str]] = {}
    with duckdb.connect(str(db), read_only=True) as con:
        for doc, clause, tid in con.execute("SELECT doc, clause, task_id FROM tasks ORDER BY path, ordinal").fetchall():
            ids.setdefault((doc, clause), []).append(tid)
    return db, folder, ids


@pytest.fixture
def reviewed(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> tuple[Path, Path, dict]:
    """The conclusion with three fields corrected, one row not a task, one text reworded; the letter
    with a status only."""
    db, folder, ids = build_store(tmp_path)
    c = CONCLUSION
    assert main(["correct", ids[(c, "2")][0], "--db", str(db), "--not-task"]) == 0
    assert main(["correct", ids[(c, "3")][0], "--db", str(db), "--assignee", "Bộ Tư pháp"]) == 0
    assert main(["correct", ids[(c, "5")][0], "--db", str(db), "--deadline", "2026-03-31"]) == 0
    assert main(["correct", ids[(LETTER, "4")][0], "--db", str(db), "--status", "in_progress"]) == 0
    with Store(db) as store:
        # the guideline's comparison: a respelled lead (tone placement) is no error of the extractor
        correct(store, ids[(c, "4")][0], {"assignees": ["Đảng ủy Chính phủ"]}, by="lan")
        # a reworded text still pairs with the extractor's (token F1 >= 0.5): right
        text = "Phối hợp với Bộ Y tế, Bộ Giáo dục và Đào tạo và Bộ Nội vụ sắp xếp các trường và trạm y tế cấp xã."
        correct(store, ids[(c, "4.p2")][1], {"task": text}, by="lan")
    capsys.readouterr()
    return db, folder, ids


def counts(got: dict, *more: str) -> tuple:
    """The pair counts of an `eval --json` answer, then the `more` keys."""
    return tuple(got[k] for k in ("gold", "pred", "matched", "strict_matched", *more))


def run_eval(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(["eval", *argv])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_corrections_score_the_extractor(reviewed: tuple[Path, Path, dict], capsys: pytest.CaptureFixture[str]) -> None:
    db, _, _ = reviewed
    code, out, err = run_eval(capsys, "--db", str(db))
    assert (code, err) == (0, "")
    # gold 6 + 6 (the row not a task left out), predicted 6 + 7; strict misses: the corrected lead
    # and deadline; the not-a-task row is the one unpaired prediction
    assert out.splitlines() == [
        "reviewed documents: 2 of 2, 1 by a status only",
        "tasks: P=0.923 R=1.000 F1=0.960",
        "strict: P=0.769 R=0.833 F1=0.800",
        "fields: assignee=0.917 coordinators=1.000 deadline=0.917 recurrence=1.000 due_time=1.000 clause=1.000",
    ]


def test_verbose_lists_each_document_and_every_miss(
    reviewed: tuple[Path, Path, dict], capsys: pytest.CaptureFixture[str]
) -> None:
    db, _, _ = reviewed
    code, out, _ = run_eval(capsys, "--db", str(db), "-v")
    lines = out.splitlines()
    assert code == 0 and lines[1:4] == [
        f"{'document':44} gold pred match strict",
        f"{LETTER + ' 9797-CV/BTCTW':44}    6    6     6      6",
        f"{CONCLUSION + ' 221-KL/TW':44}    6    7     6      4",
    ]
    doc = f"{CONCLUSION} 221-KL/TW"
    assert lines[-3:] == [
        f"{doc} [5] gold ['Ban Tổ chức Trung ương'] 2026-03-31 None / got ['Ban Tổ chức Trung ương'] None None",
        f"{doc} [3] gold ['Bộ Tư pháp'] None None / got ['Đảng uỷ Chính phủ'] None None",
        f"{doc} EXTRA [2] nghiêm túc triển khai kịp thời, hiệu quả các kết luận, chỉ đạo của Ban Chấp hành",
    ]


def test_corrected_only_leaves_out_a_document_with_a_status_only(
    reviewed: tuple[Path, Path, dict], capsys: pytest.CaptureFixture[str]
) -> None:
    db, _, _ = reviewed
    code, out, _ = run_eval(capsys, "--store", str(db), "--corrected-only", "--json")
    got = json.loads(out)
    assert code == 0
    assert counts(got, "stored_documents", "reviewed_documents", "status_only", "orphaned") == (6, 7, 6, 4, 2, 1, 0, [])
    assert [round(got["strict"][k], 3) for k in ("precision", "recall", "f1")] == [0.571, 0.667, 0.615]
    assert [round(got["tasks"][k], 3) for k in ("precision", "recall", "f1")] == [0.857, 1.0, 0.923]
    assert {k: round(v, 3) for k, v in got["fields"].items()} == {
        "assignee": 0.833,
        "coordinators": 1.0,
        "deadline": 0.833,
        "recurrence": 1.0,
        "due_time": 1.0,
        "clause": 1.0,
    }
    assert got["documents"] == [{"doc": f"{CONCLUSION} 221-KL/TW", "gold": 6, "pred": 7, "matched": 6, "strict": 4}]
    assert len(got["misses"]) == 3


def test_a_rewritten_text_is_a_missed_task_and_an_extra_one(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db, _, ids = build_store(tmp_path)
    assert main(["correct", ids[(LETTER, "1")][0], "--db", str(db), "--task", "Báo cáo Bộ Chính trị kết quả"]) == 0
    capsys.readouterr()
    code, out, _ = run_eval(capsys, "--db", str(db), "--json")
    got = json.loads(out)
    assert counts(got, "reviewed_documents") == (6, 6, 5, 5, 1)
    doc = f"{LETTER} 9797-CV/BTCTW"
    assert [m.split(" [")[0] for m in got["misses"]] == [f"{doc} MISSED", f"{doc} EXTRA"]


def test_orphaned_corrections_are_listed_not_scored(
    reviewed: tuple[Path, Path, dict], capsys: pytest.CaptureFixture[str]
) -> None:
    db, folder, ids = reviewed
    with duckdb.connect(str(db), read_only=True) as con:
        (text,) = con.execute("SELECT task FROM tasks WHERE task_id = ?", [ids[(CONCLUSION, "5")][0]]).fetchone()
    src = folder / CONCLUSION  # the re-issue drops clause 5, whose deadline was corrected
    src.write_text("".join(x for x in src.read_text("utf-8").splitlines(True) if not x.startswith("5.")), "utf-8")
    assert ingest([folder], db=db).tasks_removed == 1
    code, out, _ = run_eval(capsys, "--db", str(db))
    assert code == 0 and out.splitlines() == [
        "reviewed documents: 2 of 2, 1 by a status only",
        "tasks: P=0.917 R=1.000 F1=0.957",
        "strict: P=0.833 R=0.909 F1=0.870",
        "fields: assignee=0.909 coordinators=1.000 deadline=1.000 recurrence=1.000 due_time=1.000 clause=1.000",
        "orphaned corrections, not scored: 1",
        f"  {ids[(CONCLUSION, '5')][0]}\t{CONCLUSION}\t221-KL/TW\t5\t{text}",
    ]
    with Store(db, read_only=True) as store:
        rg = reviewed_gold(store.con)
    assert [c["clause"] for c in rg.orphaned] == ["5"] and (len(rg.gold), len(rg.pred)) == (11, 12)


def test_a_confirmed_row_makes_its_document_reviewed_and_a_reset_undoes_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db, _, ids = build_store(tmp_path)
    assert main(["correct", ids[(LETTER, "2")][0], "--db", str(db), "--is-task"]) == 0
    capsys.readouterr()
    code, out, _ = run_eval(capsys, "--db", str(db), "--corrected-only", "--json")
    got = json.loads(out)
    assert code == 0 and counts(got, "reviewed_documents") == (6, 6, 6, 6, 1)
    assert (got["strict"]["f1"], got["tasks"]["f1"], got["misses"]) == (1.0, 1.0, [])
    assert main(["correct", ids[(LETTER, "2")][0], "--db", str(db), "--reset", "not_task"]) == 0
    capsys.readouterr()
    assert run_eval(capsys, "--db", str(db))[0] == 2  # every field reset: no review left


def test_a_store_nobody_reviewed_and_misuse(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db, _, ids = build_store(tmp_path)
    assert run_eval(capsys, "--db", str(db)) == (
        2,
        "",
        f"directives eval: no document of {db} has a task with a correction or a status set\n",
    )
    assert main(["correct", ids[(LETTER, "1")][0], "--db", str(db), "--note", "xem lại"]) == 0
    capsys.readouterr()
    assert run_eval(capsys, "--db", str(db))[0] == 2  # a note alone is no review
    gone = tmp_path / "none.duckdb"
    assert run_eval(capsys, "--db", str(gone))[0] == 2 and not gone.exists()
    assert run_eval(capsys, "--db", str(db), str(CORPUS), str(CORPUS)) == (
        2,
        "",
        "directives eval: give GOLD_DIR PATH... or --db FILE, not both\n",
    )
    assert run_eval(capsys, "--db", str(db), "--allow-missing")[2] == (
        "directives eval: --allow-missing is for GOLD_DIR PATH..., not --db\n"
    )
    assert (
        run_eval(capsys, str(CORPUS), "--corrected-only")[2] == "directives eval: --corrected-only is for --db FILE\n"
    )
    assert run_eval(capsys)[0] == 2


def test_the_gold_folder_form_prints_json_too(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    gold = tmp_path / "gold"
    gold.mkdir()
    shutil.copy(CORPUS.parent / "eval" / "gold" / "seeds" / LETTER.replace(".txt", ".jsonl"), gold)
    code, out, _ = run_eval(capsys, str(gold), str(CORPUS / LETTER), "--json")
    got = json.loads(out)
    assert code == 0 and counts(got) == (6, 6, 6, 6) and got["missing"] == []
    assert got["documents"] == [{"doc": LETTER, "gold": 6, "pred": 6, "matched": 6, "strict": 6}]


def test_documents_are_named_by_file_and_number_and_by_path_where_two_folders_share_a_name() -> None:
    from pipeline.corrections_eval import _labels

    assert _labels([("/in/a.txt", "1-KL/TW"), ("/in/a.txt", None), ("/in/b.txt", "2-CV")]) == {
        ("/in/a.txt", "1-KL/TW"): "a.txt 1-KL/TW",
        ("/in/a.txt", None): "a.txt",
        ("/in/b.txt", "2-CV"): "b.txt 2-CV",
    }
    assert list(_labels([("/x/a.txt", "1"), ("/y/a.txt", "1")]).values()) == ["/x/a.txt 1", "/y/a.txt 1"]
