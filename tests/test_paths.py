"""Paths are stored resolved: one folder given relative, absolute or through a link is one set of files."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest
from test_ingest import write_corpus

from pipeline.files import resolved, walk
from pipeline.ingestion import ingest


def stored(db: Path, sql: str = "SELECT path, status FROM files ORDER BY path") -> list:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(sql).fetchall()


def test_resolved() -> None:
    assert resolved("/a/b/../c/./d") == Path("/a/c/d")


def test_three_spellings_of_one_folder_are_one_set_of_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    base = tmp_path.resolve()
    write_corpus(base / "in", 2)
    (base / "link").symlink_to(base / "in", target_is_directory=True)
    monkeypatch.chdir(base)
    db = base / "s.duckdb"
    first = ingest(["in"], db=db)
    second = ingest([base / "in"], db=db)
    third = ingest([base / "link"], db=db)
    fourth = ingest(["link/../in/"], db=db)
    want = [(str(base / "in" / "kl_0001.txt"), "ok"), (str(base / "in" / "kl_0002.txt"), "ok")]
    assert stored(db) == want
    assert (first.files_new, second.files_unchanged, third.files_unchanged, fourth.files_unchanged) == (2, 2, 2, 2)
    assert (third.files_new, third.files_moved, third.tasks_added) == (0, 0, 0)
    assert stored(db, "SELECT DISTINCT path FROM tasks ORDER BY path") == [(p,) for p, _ in want]


def test_a_link_to_a_file_inside_the_folder_is_that_file(tmp_path: Path) -> None:
    base = tmp_path.resolve()
    (a,) = write_corpus(base / "in", 1)
    (base / "in" / "z_alias.txt").symlink_to(a)
    assert walk([base / "in"]) == ([a], [])


def test_prune_and_the_store_itself_through_a_linked_folder(tmp_path: Path) -> None:
    base = tmp_path.resolve()
    paths = write_corpus(base / "in", 2)
    (base / "link").symlink_to(base / "in", target_is_directory=True)
    db = base / "link" / "s.duckdb"  # the store inside the folder, named through the link: never read
    ingest([base / "link"], db=db)
    paths[0].unlink()
    s = ingest([base / "link"], db=db, prune=True)
    assert (s.files_removed, s.files_failed) == (1, 0)
    assert stored(base / "in" / "s.duckdb") == [(str(paths[1]), "ok")]
