"""`directives extract` and `directives eval` run as a user runs them: a subprocess, files in, files out."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"
GOLD = ROOT / "eval" / "gold" / "seeds"

ROW_FIELDS = {
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
    "task_id",
    "doc_type",
    "doc_date",
    "issuer",
}


def directives(*args: str | Path, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    exe = Path(sys.executable).with_name("directives")
    cmd = [str(exe)] if exe.exists() else [sys.executable, "-m", "pipeline.cli"]
    return subprocess.run(
        [*cmd, *map(str, args)], capture_output=True, text=True, encoding="utf-8", cwd=cwd, timeout=120
    )


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


@pytest.fixture(scope="module")
def corpus_jsonl(tmp_path_factory) -> list[dict]:
    out = tmp_path_factory.mktemp("cli") / "out.jsonl"
    r = directives("extract", CORPUS, "-o", out)
    assert r.returncode == 0, r.stderr
    assert r.stderr == ""
    return read_jsonl(out)


def test_extract_corpus_to_jsonl(corpus_jsonl):
    assert len(corpus_jsonl) > 90
    assert {r["doc"] for r in corpus_jsonl} == {p.name for p in CORPUS.glob("*.txt")}
    for row in corpus_jsonl:
        assert ROW_FIELDS <= set(row)
        assert "char_start" in row and "char_end" in row and "page" in row
        assert isinstance(row["assignees"], list) and row["assignees"]
        assert isinstance(row["coordinators"], list)
        assert isinstance(row["implicit"], bool)
        assert row["deadline"] is None or re.fullmatch(r"\d{4}-\d{2}-\d{2}", row["deadline"])
        assert row["due_time"] is None or re.fullmatch(r"\d{2}:\d{2}", row["due_time"])
        assert row["recurrence"] is None or row["recurrence"].startswith("FREQ=")
    assert len({r["task_id"] for r in corpus_jsonl}) == len(corpus_jsonl)


def test_extract_corpus_row_values(corpus_jsonl):
    (row,) = [r for r in corpus_jsonl if r["doc"] == "002_adbae0d9f27c1d4c.txt" and r["clause"] == "1"]
    assert (row["doc_number"], row["doc_type"], row["doc_date"], row["issuer"]) == (
        "9797-CV/BTCTW",
        "CV",
        "2025-09-30",
        "BAN CHẤP HÀNH TRUNG ƯƠNG BAN TỔ CHỨC",
    )
    assert (row["deadline"], row["implicit"], row["coordinators"]) == ("2025-10-15", True, [])
    assert isinstance(row["char_start"], int)


def test_extract_to_stdout():
    r = directives("extract", CORPUS / "004_32125652a63c81a5.txt", "-o", "-")
    assert r.returncode == 0, r.stderr
    rows = [json.loads(line) for line in r.stdout.splitlines()]
    assert [x["clause"] for x in rows] == ["2", "2.p2", "3", "4", "4.p2", "4.p2", "5"]
    assert {x["doc_number"] for x in rows} == {"221-KL/TW"}


def test_extract_csv_with_header(tmp_path):
    out = tmp_path / "out.csv"
    r = directives("extract", CORPUS / "002_adbae0d9f27c1d4c.txt", "--format", "csv", "-o", out)
    assert r.returncode == 0, r.stderr
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert len(rows) == 6
    assert ROW_FIELDS <= set(rows[0])
    assert rows[0]["clause"] == "1"
    assert rows[0]["doc_number"] == "9797-CV/BTCTW"
    assert rows[0]["deadline"] == "2025-10-15"
    # lists are joined with "; "
    assert rows[0]["assignees"] == (
        "Các đồng chí bí thư tỉnh ủy, thành ủy, đảng ủy trực thuộc Trung ương; "
        "Các đồng chí bộ trưởng, thủ trưởng cơ quan ngang bộ"
    )


def test_extract_csv_to_stdout_by_default():
    r = directives("extract", CORPUS / "004_32125652a63c81a5.txt", "--format", "csv")
    assert r.returncode == 0, r.stderr
    rows = list(csv.DictReader(io.StringIO(r.stdout)))
    assert [x["clause"] for x in rows] == ["2", "2.p2", "3", "4", "4.p2", "4.p2", "5"]


def test_batch_with_one_bad_file_extracts_the_others(tmp_path):
    batch = tmp_path / "batch"
    batch.mkdir()
    for name in ("002_adbae0d9f27c1d4c.txt", "004_32125652a63c81a5.txt"):
        shutil.copy(CORPUS / name, batch / name)
    (batch / "zz_picture.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(64))
    (batch / ".hidden.txt").write_text("ignored", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    r = directives("extract", batch, "-o", out)
    assert r.returncode == 1
    assert "zz_picture.txt" in r.stderr
    assert "an image (PNG), not a document" in r.stderr
    assert ".hidden" not in r.stderr
    rows = read_jsonl(out)
    assert {x["doc"] for x in rows} == {"002_adbae0d9f27c1d4c.txt", "004_32125652a63c81a5.txt"}
    assert len(rows) == 13


@pytest.mark.parametrize(
    ("content", "reason"),
    [(b"", "empty file"), ("Bé Nôî vù\n".encode("latin-1"), "not UTF-8")],
)
def test_extract_bad_single_file(tmp_path, content, reason):
    p = tmp_path / "bad.txt"
    p.write_bytes(content)
    r = directives("extract", p, "-o", "-")
    assert r.returncode == 1
    assert r.stdout == ""
    assert str(p) in r.stderr and reason in r.stderr


def test_extract_missing_file(tmp_path):
    r = directives("extract", tmp_path / "nowhere.txt")
    assert r.returncode == 1
    assert "No such file or directory" in r.stderr


def test_extract_needs_a_path():
    r = directives("extract")
    assert r.returncode == 2
    assert r.stderr == "directives extract: the following arguments are required: paths (see --help)\n"


def test_seed_gold_is_shipped_for_every_corpus_file():
    lines = [line for f in GOLD.glob("*.jsonl") for line in f.read_text("utf-8").splitlines() if line.strip()]
    docs = {json.loads(line)["doc"] for line in lines}
    assert docs == {p.name for p in CORPUS.glob("*.txt")}


def test_eval_on_the_seed_corpus():
    r = directives("eval", GOLD, CORPUS)
    assert r.returncode == 0, r.stderr
    m = re.search(r"^strict: P=([\d.]+) R=([\d.]+) F1=([\d.]+)$", r.stdout, re.MULTILINE)
    assert m, r.stdout
    assert float(m.group(3)) >= 0.95
    assert re.search(r"^tasks: P=[\d.]+ R=1\.000 F1=[\d.]+$", r.stdout, re.MULTILINE), r.stdout
    for name in ("000_6bb82abea4b90425.txt", "004_32125652a63c81a5.txt"):
        assert name in r.stdout


def test_eval_fails_on_gold_documents_missing_from_path(tmp_path):
    gold = tmp_path / "gold"
    gold.mkdir()
    rows = [{"doc": "absent.txt", "task": "Rà soát"}, {"doc": "gone.txt", "task": "Báo cáo"}]
    (gold / "g.jsonl").write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    r = directives("eval", gold, CORPUS)
    assert r.returncode == 1 and r.stdout == ""
    assert r.stderr == (
        "directives eval: 2 gold document(s) not found in PATH: absent.txt, gone.txt\n"
        "directives eval: give the folder that holds them, or --allow-missing\n"
    )
    r = directives("eval", gold, CORPUS, "--allow-missing")
    assert r.returncode == 0
    assert "tasks: P=0.000 R=0.000 F1=0.000" in r.stdout


def test_eval_without_gold_rows(tmp_path):
    r = directives("eval", tmp_path, CORPUS)
    assert r.returncode == 2
    assert "no gold rows" in r.stderr
