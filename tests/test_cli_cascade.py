"""The commands link, citations, cascade and eval-links on the corpus chain."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fixtures.chain import chain_folder

from pipeline.cli import main

GOLD = Path(__file__).parent / "fixtures" / "links"


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("cli")
    db = root / "s.duckdb"
    assert main(["ingest", str(chain_folder(root)), "--db", str(db)]) == 0
    return db


@pytest.fixture(scope="module")
def linked(db: Path) -> Path:
    assert main(["link", "--db", str(db)]) == 0
    return db


def test_link_prints_what_it_stored(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["link", "--db", str(db)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].endswith("local task(s) in 3 document pair(s)")
    assert "central task(s) with no local follow-up; 0 link(s) with a later local deadline" in out[1]


def test_citations_of_one_document_in_any_spelling(linked: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["citations", "--db", str(linked), "--doc", "KL số 183-KL/TW ngày 01/8/2025"]) == 0
    lines = capsys.readouterr().out.splitlines()
    citing = sorted(line.split("\t")[0] for line in lines if "183-KL/TW in 001_c3069d8d256e6790.txt#2" in line)
    assert citing == ["000_6bb82abea4b90425.txt#0", "003_dcca320ede949aa2.txt#0", "119-CV/BTGDVTU"]
    assert "183-KL/TW\t→ Quy định 89-QĐ/TW\tnot stored" in lines


def test_citations_missing_is_a_to_fetch_list(linked: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["citations", "--db", str(linked), "--missing", "--json"]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    by_number = {r["number"]: r for r in rows}
    assert by_number["195-KL/TW"] == {
        "number": "195-KL/TW",
        "kind": "Kết luận",
        "citations": 1,
        "cited_by": ["9797-CV/BTCTW"],
    }
    assert [r["citations"] for r in rows] == sorted((r["citations"] for r in rows), reverse=True)


def test_citations_of_an_unknown_document(linked: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["citations", "--db", str(linked), "--doc", "999-KL/TW"]) == 1
    assert capsys.readouterr().err.strip() == "directives citations: no stored document '999-KL/TW'"


def test_cascade_of_a_document_and_of_a_task(linked: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["cascade", "Kết luận 183", "--db", str(linked)]) == 0
    out, err = capsys.readouterr()
    lines = out.splitlines()
    assert lines[0] == "183-KL/TW (001_c3069d8d256e6790.txt#2, 2025-08-01)"
    assert any(line.startswith("Hà Nội 183-KL/TW 6.p2 (Ban Tổ chức Trung ương; due -) NO FOLLOW-UP") for line in lines)
    assert any(
        line.startswith(
            "  └ Hải Phòng 003_dcca320ede949aa2.txt 3.(1) (Đảng uỷ Ủy ban nhân dân thành phố; "
            "due 2025-08-29) Tiếp tục lãnh đạo"
        )
        for line in lines
    )
    # the 23 tasks of 183-KL/TW and the local tasks under them
    assert err == "49 task(s); 5 with no local follow-up; 0 with a later local deadline\n"
    assert main(["cascade", "608055cb781c9269", "--db", str(linked), "--json"]) == 0
    nodes = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [(n["direction"], n["clause"], n["doc_number"]) for n in nodes] == [
        ("root", "3.(1)", None),
        ("up", "3", "183-KL/TW"),
    ]
    assert nodes[1]["deadline"] == "2025-08-31" and nodes[1]["late"] is False


def test_cascade_errors(linked: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["cascade", "nothing-here", "--db", str(linked)]) == 1
    assert capsys.readouterr().err.strip() == "directives cascade: no stored task or document 'nothing-here'"
    assert main(["cascade", "183-KL/TW", "--db", str(tmp_path / "none.duckdb")]) == 2
    assert "no store at" in capsys.readouterr().err
    assert main(["link", "--db", str(tmp_path / "none.duckdb")]) == 2
    assert main(["citations", "--db", str(tmp_path / "none.duckdb")]) == 2
    assert main(["eval-links", str(GOLD), "--db", str(tmp_path / "none.duckdb")]) == 2
    assert capsys.readouterr().err.splitlines()[-1].startswith("directives eval-links: no store at")
    assert not (tmp_path / "none.duckdb").exists()


def test_eval_links_on_the_stored_links(linked: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["eval-links", str(GOLD), "--db", str(linked)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("local tasks: 38  gold links: 41  predicted: ")
    assert out[1].startswith("links: P=")


def test_eval_links_bad_gold(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"doc": "x"\n', encoding="utf-8")
    assert main(["eval-links", str(bad), "--db", str(tmp_path / "x.duckdb")]) == 2
    assert capsys.readouterr().err.startswith(f"directives eval-links: {bad}:1: not JSON")
    assert main(["eval-links", str(tmp_path / "nothing.jsonl"), "corpus"]) == 2
    assert main(["eval-links", str(GOLD)]) == 2
    assert capsys.readouterr().err.strip().endswith("give PATH... or --db FILE")


def test_cascade_before_link_says_so(db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # A store from before the task links: drop the table, as an older version never made it.
    import shutil

    import duckdb

    old = tmp_path / "old.duckdb"
    shutil.copy(db, old)
    con = duckdb.connect(str(old))
    con.execute("DROP VIEW citation_graph")
    con.execute("DROP TABLE task_links")
    con.execute("DROP TABLE citation_links")
    con.close()
    assert main(["cascade", "183-KL/TW", "--db", str(old)]) == 0
    err = capsys.readouterr().err
    assert err.endswith("no task links stored: run `directives link` first\n")
    assert "23 task(s); 0 with no local follow-up" in err
