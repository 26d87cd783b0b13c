"""`-o`: never over the store or an input, an existing file only with --force, whole or nothing."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from test_cli_validation import make_db

from pipeline.cli import main
from pipeline.output import OutputError, output_path


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return make_db(tmp_path)


def export(db: Path, out: str | Path, *extra: str) -> int:
    return main(["export", "--db", str(db), "-f", "csv", "-o", str(out), *extra])


def test_export_never_writes_over_the_store(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = db.read_bytes()
    for extra in ([], ["--force"]):
        assert export(db, db, *extra) == 2
        assert (
            capsys.readouterr().err
            == f"directives export: {db} is the store or an input file; refusing to write over it\n"
        )
    assert db.read_bytes() == before


def test_extract_never_writes_over_an_input(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    doc = tmp_path / "in" / "a.txt"
    doc.parent.mkdir()
    doc.write_text("1. Bộ Nội vụ chủ trì rà soát.\n", encoding="utf-8")
    assert main(["extract", str(doc.parent), "-o", str(doc), "--force"]) == 2
    assert (
        capsys.readouterr().err
        == f"directives extract: {doc} is the store or an input file; refusing to write over it\n"
    )
    assert doc.read_text(encoding="utf-8") == "1. Bộ Nội vụ chủ trì rà soát.\n"


def test_an_existing_file_is_replaced_only_with_force(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "t.csv"
    out.write_text("mine", encoding="utf-8")
    assert export(db, out) == 2
    assert capsys.readouterr().err == f"directives export: {out} already exists; use --force to replace it\n"
    assert out.read_text(encoding="utf-8") == "mine"
    assert export(db, out, "--force") == 0
    assert out.read_text(encoding="utf-8-sig").splitlines()[0].startswith("task_id,doc,")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["s.duckdb", "t.csv"]  # no temp file left


def test_a_folder_or_a_missing_folder_is_one_plain_line(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert export(db, tmp_path) == 2
    assert capsys.readouterr().err == (
        f"directives export: {tmp_path} is a folder; give a file name, e.g. {tmp_path / 'tasks.out'}\n"
    )
    assert export(db, tmp_path / "no" / "t.csv") == 2
    assert capsys.readouterr().err == f"directives export: folder {tmp_path / 'no'} does not exist\n"


@pytest.mark.skipif(not Path("/dev/full").is_char_device(), reason="no /dev/full device")
@pytest.mark.parametrize("fmt", ["csv", "xlsx", "jsonl", "parquet", "ics", "jira"])
def test_a_full_disk_is_one_plain_line_and_v_adds_the_trace(
    db: Path, capsys: pytest.CaptureFixture[str], fmt: str
) -> None:
    assert main(["export", "--db", str(db), "-f", fmt, "-o", "/dev/full"]) == 1
    assert capsys.readouterr().err == "directives export: cannot write /dev/full: No space left on device\n"
    assert Path("/dev/full").is_char_device()  # the device is written through, never replaced
    assert main(["export", "--db", str(db), "-f", fmt, "-o", "/dev/full", "-v"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("Traceback") and err.endswith(
        "directives export: cannot write /dev/full: No space left on device\n"
    )


def test_dash_is_standard_output_for_export_and_schema(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["export", "--db", str(db), "-f", "jsonl", "-o", "-"]) == 0
    out = capsys.readouterr()
    assert [json.loads(x)["task_id"] for x in out.out.splitlines()] == ["t1", "t2", "t3"]
    assert out.err == "3 tasks written to standard output\n"
    assert main(["schema", "-o", "-"]) == 0
    assert json.loads(capsys.readouterr().out)["title"] == "Task"
    assert not (tmp_path / "-").exists()


def test_a_failed_write_leaves_the_old_file_and_no_temp_file(tmp_path: Path) -> None:
    out = tmp_path / "t.txt"
    out.write_text("old", encoding="utf-8")
    with pytest.raises(RuntimeError), output_path(str(out), force=True) as tmp:
        tmp.write_text("half", encoding="utf-8")
        raise RuntimeError("writer failed")
    assert out.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["t.txt"]


def test_the_new_file_gets_the_usual_permissions(tmp_path: Path) -> None:
    mask = os.umask(0o022)
    try:
        with output_path(str(tmp_path / "t.txt")) as tmp:
            tmp.write_text("x", encoding="utf-8")
    finally:
        os.umask(mask)
    assert oct((tmp_path / "t.txt").stat().st_mode & 0o777) == "0o644"


def test_schema_refuses_to_overwrite_without_force(tmp_path: Path) -> None:
    out = tmp_path / "schema.json"
    out.write_text("{}", encoding="utf-8")
    with pytest.raises(OutputError):
        with output_path(str(out)):
            pass
    assert main(["schema", "-o", str(out), "--force"]) == 0
    assert json.loads(out.read_text(encoding="utf-8"))["title"] == "Task"


def test_a_file_name_that_is_not_utf8_does_not_stop_extract_o(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    text = "BỘ CHÍNH TRỊ\nSố 1-KL/TW\nKẾT LUẬN\n1. Bộ Nội vụ chủ trì rà soát, trước ngày 31/8/2025.\n"
    (folder / os.fsdecode(b"a\xff.txt")).write_text(text, encoding="utf-8")
    (folder / "b.txt").write_text(text, encoding="utf-8")
    for fmt in ("jsonl", "csv"):
        out = tmp_path / f"t.{fmt}"
        assert main(["extract", str(folder), "-o", str(out), "--format", fmt]) == 0
        data = out.read_bytes().decode("utf-8")  # valid UTF-8 throughout
        if fmt == "jsonl":
            # the name as the store keeps it: the byte escaped as \xff
            assert [json.loads(x)["doc"] for x in data.splitlines()] == ["a\\xff.txt", "b.txt"]
        else:
            assert "a\\xff.txt" in data and "b.txt" in data
