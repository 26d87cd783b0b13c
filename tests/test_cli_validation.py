"""Command-line misuse: each gives exit status 2 (or 1 for empty input) and one plain line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from test_store import result, three_tasks

from pipeline.cli import main
from pipeline.store import Store, store_file_result


def make_db(tmp_path: Path) -> Path:
    """A store with the three tasks of /in/kl.txt, stored by run 1."""
    path = tmp_path / "s.duckdb"
    with Store(path) as s:
        store_file_result(s, result("/in/kl.txt", "aa", three_tasks()), run_id=1)
    return path


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return make_db(tmp_path)


def misuse(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    """The one stderr line of a call that argparse refuses with status 2."""
    with pytest.raises(SystemExit) as exc:
        main(list(argv))
    assert exc.value.code == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err
    return err.strip()


@pytest.mark.parametrize(
    ("argv", "line"),
    [
        (["tasks", "--limit", "-1"], "directives tasks: argument --limit: -1 must be 0 or more (see --help)"),
        (["tasks", "--limit", "many"], "directives tasks: argument --limit: 'many' is not a whole number (see --help)"),
        (["changes", "--since", "-1"], "directives changes: argument --since: -1 must be 0 or more (see --help)"),
        (["ingest", "-j", "0", "x"], "directives ingest: argument -j/--jobs: 0 must be 1 or more (see --help)"),
        (
            ["ingest", "--cluster", "local:0", "x"],
            "directives ingest: argument --cluster: --cluster local:0: the number of workers must be at least 1"
            " (see --help)",
        ),
        (
            ["ingest", "-j", "2", "--cluster", "local:2", "x"],
            "directives ingest: argument --cluster: not allowed with argument -j/--jobs (see --help)",
        ),
        (
            ["ingest", "--wait", "-5", "x"],
            "directives ingest: argument --wait: -5 must be a number of seconds, 0 or more (see --help)",
        ),
        (
            ["watch", "--interval", "-1", "x"],
            "directives watch: argument --interval: -1 must be a number of seconds, more than 0 (see --help)",
        ),
        (["watch", "-j", "0", "x"], "directives watch: argument -j/--jobs: 0 must be 1 or more (see --help)"),
        (
            ["ingest", "--ocr-lang", "vie eng", "x"],
            "directives ingest: argument --ocr-lang: 'vie eng' is not a list of tesseract languages; write vie or "
            "vie+eng (see --help)",
        ),
        (
            ["watch", "--ocr-dpi", "50", "x"],
            "directives watch: argument --ocr-dpi: 50 must be a resolution from 72 to 1200 dpi (see --help)",
        ),
        (
            ["extract", "--ocr-page-seconds", "0", "x"],
            "directives extract: argument --ocr-page-seconds: 0 must be a number of seconds, more than 0 (see --help)",
        ),
        (
            ["tasks", "--today", "31/02/2025"],
            "directives tasks: argument --today: '31/02/2025' is not a real date (day is out of range for month)"
            " (see --help)",
        ),
        (
            ["export", "-f", "csv", "-o", "x", "--due-before", "next week"],
            "directives export: argument --due-before: 'next week' is not a date; write 2025-09-01 or 01/09/2025"
            " (see --help)",
        ),
        (["extract"], "directives extract: the following arguments are required: paths (see --help)"),
    ],
)
def test_bad_option_values_are_one_line_and_status_2(
    capsys: pytest.CaptureFixture[str], argv: list[str], line: str
) -> None:
    assert misuse(capsys, *argv) == line


def test_dates_are_accepted_as_iso_and_day_month_year(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    def ids(*args: str) -> list[str]:
        assert main(["tasks", "--db", str(db), "--format", "jsonl", *args]) == 0
        return [json.loads(x)["task_id"] for x in capsys.readouterr().out.splitlines()]

    assert ids("--due-before", "01/09/2025") == ids("--due-before", "2025-09-01") == ["t1"]
    assert ids("--overdue", "--today", "1/9/2025") == ["t1"]
    assert ids("--limit", "0") == []


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["--version"])
    assert exc.value.code == 0
    assert capsys.readouterr().out == "directives 0.1.0\n"


@pytest.mark.parametrize(
    "command", [["tasks"], ["export", "-f", "csv", "-o", "-"], ["changes"], ["status"], ["failures"]]
)
def test_read_commands_never_create_a_missing_store(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], command: list[str]
) -> None:
    missing = tmp_path / "typo.duckdb"
    assert main([*command, "--db", str(missing)]) == 2
    name = command[0]
    assert capsys.readouterr().err == f"directives {name}: no store at {missing}: run `directives ingest` first\n"
    assert not missing.exists()


def test_ingest_of_an_empty_or_missing_folder_warns_and_exits_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "empty").mkdir()
    store = tmp_path / "s.duckdb"
    assert main(["ingest", "-q", "--db", str(store), str(tmp_path / "empty"), str(tmp_path / "gone")]) == 1
    assert capsys.readouterr().err == (
        f"directives ingest: warning: {tmp_path / 'empty'}: folder has no files to read\n"
        f"directives ingest: warning: {tmp_path / 'gone'}: no such file or folder\n"
    )
    assert not store.exists()  # nothing to read: no store is made


def test_extract_of_an_empty_folder_warns_and_exits_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "empty").mkdir()
    (tmp_path / "empty" / ".hidden.txt").write_text("x", encoding="utf-8")
    assert main(["extract", str(tmp_path / "empty")]) == 1
    out = capsys.readouterr()
    assert out.out == ""
    assert out.err == f"directives extract: warning: {tmp_path / 'empty'}: folder has no files to read\n"


def test_status_and_failures(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with Store(db) as s:
        bad = result("/in/bad.txt", "cc", [])
        bad.error, bad.stage = "empty file", "read"
        store_file_result(s, bad, run_id=1)
    assert main(["failures", "--db", str(db)]) == 0
    out = capsys.readouterr()
    assert out.out == "/in/bad.txt\t[read] empty file\t(run 1)\n" and out.err == "1 failure(s)\n"
    assert main(["failures", "--db", str(db), "--json"]) == 0
    row = json.loads(capsys.readouterr().out)
    assert (row["path"], row["stage"], row["reason"], row["run_id"]) == ("/in/bad.txt", "read", "empty file", 1)
    assert main(["status", "--db", str(db), "--json"]) == 0
    st = json.loads(capsys.readouterr().out)
    assert st == {
        "store": str(db),
        "size_bytes": db.stat().st_size,
        "files": 2,
        "files_by_status": {"failed": 1, "ok": 1},
        "documents": 1,
        "tasks": 3,
        "failures": 1,
        "last_run": None,
        "last_change": 3,
        "corrections": {"tasks_corrected": 0, "not_task": 0, "status_set": {}, "orphaned": 0},
    }
    assert main(["status", "--db", str(db)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[1:] == [
        "files: 2 (1 failed, 1 ok)",
        "documents: 1",
        "tasks: 3",
        "failures: 1 (directives failures)",
        "last run: none",
        "last change: 3 (directives changes --since N lists those after N)",
        "corrections: none",
    ]


def test_status_shows_the_last_run(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    corpus = tmp_path / "in"
    corpus.mkdir()
    (corpus / "a.txt").write_text(
        "BỘ CHÍNH TRỊ\nSố 1-KL/TW\nKẾT LUẬN\n1. Bộ Nội vụ chủ trì rà soát, trước ngày 31/8/2025.\n", encoding="utf-8"
    )
    db = tmp_path / "s.duckdb"
    main(["ingest", "-q", "--db", str(db), str(corpus)])
    capsys.readouterr()
    assert main(["status", "--db", str(db), "--json"]) == 0
    run = json.loads(capsys.readouterr().out)["last_run"]
    assert (run["run_id"], run["status"]) == (1, "done")
    assert set(run) == {"run_id", "started_at", "ended_at", "status", "tasks_added", "tasks_updated", "tasks_removed"}


def test_every_command_is_in_the_readme_table() -> None:
    from pipeline.cli import COMMANDS

    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    rows = [line for line in readme.splitlines() if line.startswith("| `directives ")]
    assert [r.split()[2].strip("`") for r in rows] == COMMANDS
