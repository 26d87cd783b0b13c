"""`directives serve` over real HTTP on a free localhost port: every endpoint, paging, CSV, sync by
/changes across ingest, re-ingest, correction, re-issue and upload, the token, a bad upload and a busy store."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import duckdb
import pytest
from fixtures.helpers import FIXTURES
from fixtures.serving import TOKEN, Client, serving
from test_ingest import directive

from pipeline.exports.to_csv import COLUMNS
from pipeline.ingestion import ingest
from pipeline.writelock import IngestLock

EXTRA = "\n4. Bộ Công an bảo đảm an ninh trật tự.\n"
KEYS = ("task_id", "clause", "assignees", "task", "deadline", "status", "done_on", "corrected")


@pytest.fixture
def store(tmp_path: Path) -> tuple[Path, Path]:
    """Two conclusions (3 and 4 tasks) ingested; the store and the folder."""
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "kl_1.txt").write_text(directive(1), encoding="utf-8")
    (folder / "kl_2.txt").write_text(directive(2, extra=EXTRA), encoding="utf-8")
    db = tmp_path / "s.duckdb"
    ingest([folder], db=db)
    return db, folder


def all_tasks(c: Client, query: str = "", limit: int = 3) -> list[dict[str, Any]]:
    """Every page of /tasks, following the cursor."""
    rows: list[dict[str, Any]] = []
    cursor = ""
    while True:
        r = c.get(f"/tasks?limit={limit}{query}{cursor}")
        assert r.status == 200, r.body
        got = r.json()
        rows += got["tasks"]
        if got["next_cursor"] is None:
            return rows
        cursor = f"&cursor={got['next_cursor']}"


def test_tasks_pages_with_a_stable_cursor_filters_like_the_cli_and_gives_csv(store: tuple[Path, Path]) -> None:
    db, _ = store
    with serving(db) as c:
        first = c.get("/tasks?limit=3").json()
        assert len(first["tasks"]) == 3 and first["next_cursor"]
        rows = all_tasks(c)
        assert [(Path(r["path"]).name, r["clause"]) for r in rows] == [
            ("kl_1.txt", "1"), ("kl_1.txt", "2"), ("kl_1.txt", "3"),
            ("kl_2.txt", "1"), ("kl_2.txt", "2"), ("kl_2.txt", "3"), ("kl_2.txt", "4"),
        ]  # fmt: skip
        assert rows[:3] == first["tasks"]
        assert [r["clause"] for r in all_tasks(c, "&assignee=bo cong an")] == ["3", "4"]
        assert [r["clause"] for r in all_tasks(c, "&doc=2-KL&text=an ninh")] == ["4"]
        overdue = all_tasks(c, "&overdue=true&today=01/10/2025", limit=1)
        assert [(r["deadline"], r["clause"]) for r in overdue] == [("2025-09-30", "1"), ("2025-09-30", "1")]
        assert all_tasks(c, "&status=done") == []

        csv = c.get("/tasks?limit=2", headers={"Accept": "text/csv"})
        assert csv.status == 200 and csv.headers["content-type"].startswith("text/csv")
        lines = csv.body.decode().splitlines()
        assert lines[0] == ",".join(COLUMNS) and len(lines) == 3
        assert csv.headers["x-next-cursor"] == c.get("/tasks?limit=2").json()["next_cursor"]

        for bad, reason in [
            ("/tasks?cursor=xyz", "cursor: not one this server gave"),
            (f"/tasks?overdue=true&cursor={first['next_cursor']}", "cursor: not one this server gave"),
            ("/tasks?due_before=31/02/2025", "due_before: '31/02/2025' is not a real date"),
            ("/tasks?status=finished", "status: one of open"),
            ("/tasks?limit=0", "limit: from 1 to 1000"),
        ]:
            r = c.get(bad)
            assert (r.status, r.json()["detail"][: len(reason)]) == (422, reason)


def test_one_task_its_clause_and_the_documents(store: tuple[Path, Path]) -> None:
    db, _ = store
    with serving(db) as c:
        docs = c.get("/documents").json()
        assert sorted((d["doc_number"], d["tasks"]) for d in docs) == [("1-KL/TW", 3), ("2-KL/TW", 4)]
        d2 = next(d for d in docs if d["doc_number"] == "2-KL/TW")
        doc = c.get(f"/documents/{d2['id']}").json()
        assert (doc["doc_type"], doc["doc_date"], doc["subject"]) == (
            "KL",
            "2025-08-03",
            "CỦA BỘ CHÍNH TRỊ về việc sắp xếp tổ chức bộ máy",
        )
        assert [t["clause"] for t in doc["tasks"]] == ["1", "2", "3", "4"]
        assert doc["citations"] == []
        (body,) = doc["clauses"]  # the body, parent of the numbered clauses
        assert [(n["clause"], n["label"]) for n in body["children"]] == [
            ("p1", ""), ("1", "1"), ("2", "2"), ("3", "3"), ("4", "4"),
        ]  # fmt: skip
        assert body["children"][0]["text"] == "Bộ Chính trị yêu cầu:"
        tid = doc["tasks"][3]["task_id"]
        task = c.get(f"/tasks/{tid}").json()
        assert (task["document_id"], task["clause"], task["assignees"]) == (d2["id"], "4", ["Bộ Công an"])
        clause = task["source_clause"]
        assert (clause["clause"], clause["label"], clause["text"]) == ("4", "4", "Bộ Công an bảo đảm an ninh trật tự.")
        assert c.get("/tasks/nope").status == 404 and c.get("/documents/nope").status == 404
        assert c.get("/openapi.json").json()["paths"].keys() >= {"/tasks", "/changes", "/export", "/documents"}


def test_export_reuses_the_export_code(store: tuple[Path, Path], tmp_path: Path) -> None:
    from pipeline.cli import main

    db, _ = store
    out = tmp_path / "cli.jsonl"
    assert main(["export", "--db", str(db), "--format", "jsonl", "-o", str(out), "--assignee", "bo y te"]) == 0
    with serving(db) as c:
        r = c.get("/export?format=jsonl&assignee=bo%20y%20te")
        assert r.status == 200 and r.body == out.read_bytes()
        ics = c.get("/export?format=ics&ics_kind=event")
        assert ics.headers["content-type"].startswith("text/calendar") and ics.body.startswith(b"BEGIN:VCALENDAR")
        xlsx = c.get("/export?format=xlsx")
        assert xlsx.status == 200 and xlsx.body[:2] == b"PK"
        assert c.get("/export?format=pdf").status == 422


def apply(mirror: dict[str, dict[str, Any]], c: Client, since: int) -> int:
    """A tracker's sync: apply every event after `since`; returns the number to store."""
    r = c.get(f"/changes?since={since}&limit=2")
    got = r.json()
    while True:
        for e in got["changes"]:
            if e["change"] == "removed":
                mirror.pop(e["task"]["task_id"], None)
            else:
                mirror[e["task"]["task_id"]] = e["task"]
        if got["next"] == got["last"]:
            return got["next"]
        got = c.get(f"/changes?since={got['next']}&limit=2").json()


def same(mirror: dict[str, dict[str, Any]], c: Client) -> None:
    live = {r["task_id"]: {k: r[k] for k in KEYS} for r in all_tasks(c, limit=100)}
    assert {k: {f: v[f] for f in KEYS} for k, v in mirror.items()} == live


def test_a_tracker_syncs_by_changes_across_ingest_correction_reissue_and_upload(store: tuple[Path, Path]) -> None:
    db, folder = store
    mirror: dict[str, dict[str, Any]] = {}
    with serving(db) as c:
        seq = apply(mirror, c, 0)
        assert seq == 7 and len(mirror) == 7
        same(mirror, c)

        ingest([folder], db=db, force=True)  # re-extracting unchanged files changes nothing
        assert apply(mirror, c, seq) == seq

        tid = next(k for k, v in mirror.items() if v["clause"] == "1" and v["doc_number"] == "2-KL/TW")
        r = c.call(
            "PATCH",
            f"/tasks/{tid}",
            {"assignees": ["Bộ Nội vụ"], "status": "done", "done_on": "2025-09-01"},
            token=TOKEN,
        )
        assert r.status == 200, r.body
        got = r.json()
        assert (got["assignees"], got["status"], got["done_on"], got["corrected"]) == (
            ["Bộ Nội vụ"],
            "done",
            "2025-09-01",
            True,
        )
        assert (got["change"], got["changed_fields"]) == ("updated", ["assignees", "status", "done_on"])
        seq = apply(mirror, c, seq)
        assert seq == 8 and mirror[tid]["assignees"] == ["Bộ Nội vụ"]
        same(mirror, c)

        # the re-issue: clause 3 gets another deadline, clause 4 is gone; the correction stays
        (folder / "kl_2.txt").write_text(directive(2).replace("quý IV/2025", "quý III/2025"), encoding="utf-8")
        ingest([folder], db=db)
        seq = apply(mirror, c, seq)
        assert seq == 10 and len(mirror) == 6 and mirror[tid]["status"] == "done"
        same(mirror, c)

        # an upload is an ingest: its tasks are added events
        r = c.call("POST", "/documents", upload=("kl_3.txt", directive(3).encode()), token=TOKEN)
        assert r.status == 201, r.body
        up = r.json()
        assert (up["status"], up["summary"]["tasks_added"], [t["clause"] for t in up["tasks"]]) == (
            "ok",
            3,
            ["1", "2", "3"],
        )
        seq = apply(mirror, c, seq)
        assert seq == 13 and len(mirror) == 9
        same(mirror, c)

        # uploading it again re-issued keeps a correction made through the API
        t3 = up["tasks"][0]["task_id"]
        assert c.call("PATCH", f"/tasks/{t3}", {"status": "in_progress"}, token=TOKEN).status == 200
        changed = directive(3).replace("30/9/2025", "15/10/2025").encode()
        r = c.call("POST", "/documents", upload=("kl_3.txt", changed), token=TOKEN)
        assert r.status == 201 and r.json()["summary"]["tasks_updated"] == 1
        seq = apply(mirror, c, seq)
        assert (mirror[t3]["deadline"], mirror[t3]["status"]) == ("2025-10-15", "in_progress")
        same(mirror, c)
        assert c.get(f"/changes?since={seq}").json() == {"changes": [], "next": seq, "last": seq}
        assert c.get("/changes?since=-1").status == 422


def test_writes_need_the_token_and_refusals_change_nothing(store: tuple[Path, Path]) -> None:
    db, _ = store
    with serving(db) as c:
        tid = c.get("/tasks?limit=1").json()["tasks"][0]["task_id"]
        for token in (None, "wrong"):
            r = c.call("PATCH", f"/tasks/{tid}", {"status": "done"}, token=token)
            assert (r.status, r.headers.get("www-authenticate")) == (401, "Bearer")
            assert c.call("POST", "/documents", upload=("x.txt", b"x"), token=token).status == 401
        assert c.call("PATCH", "/tasks/nope", {"status": "done"}, token=TOKEN).status == 404
        r = c.call("PATCH", f"/tasks/{tid}", {"status": "finished"}, token=TOKEN)
        assert (r.status, r.json()["detail"]) == (
            422,
            "status: one of open, in_progress, done, cancelled, not 'finished'",
        )
    with serving(db, token=None) as c:
        r = c.call("PATCH", f"/tasks/{tid}", {"status": "done"}, token=TOKEN)
        assert r.status == 403 and "read-only" in r.json()["detail"]
        assert c.get("/tasks?limit=1").status == 200
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM corrections").fetchone() == (0,)
        assert con.execute("SELECT max(seq) FROM changes").fetchone() == (7,)
    assert not (db.parent / "uploads" / "x.txt").exists()


def test_a_bad_upload_answers_the_reason_and_touches_nothing_else(store: tuple[Path, Path]) -> None:
    db, _ = store
    with serving(db) as c:
        before = all_tasks(c, limit=100)
        r = c.call("POST", "/documents", upload=("corrupt.docx", (FIXTURES / "corrupt.docx").read_bytes()), token=TOKEN)
        assert r.status == 422
        got = r.json()
        assert (got["status"], got["stage"], got["tasks"]) == ("failed", "read", [])
        assert got["reason"] and "docx" in got["reason"].lower()
        assert all_tasks(c, limit=100) == before
        assert c.get("/changes?since=7").json()["changes"] == []
        r = c.call("POST", "/documents", upload=(".hidden.txt", b"x"), token=TOKEN)
        assert r.status == 422 and "hidden, temporary or empty" in r.json()["detail"]
    assert sorted(p.name for p in (db.parent / "uploads").iterdir()) == ["corrupt.docx"]


def test_a_busy_store_answers_503_with_retry_after_and_reads_go_on(store: tuple[Path, Path]) -> None:
    db, _ = store
    with serving(db) as c:
        tid = c.get("/tasks?limit=1").json()["tasks"][0]["task_id"]
        with IngestLock(db):  # what a CLI ingest holds for its whole run
            r = c.call("PATCH", f"/tasks/{tid}", {"status": "done"}, token=TOKEN)
            assert (r.status, r.headers["retry-after"]) == (503, "5")
            assert r.json()["detail"].startswith("store busy: another ingest is running on")
            up = c.call("POST", "/documents", upload=("kl_9.txt", directive(9).encode()), token=TOKEN)
            assert (up.status, up.headers["retry-after"]) == (503, "5")
            assert c.get(f"/tasks/{tid}").json()["status"] == "open"
        assert c.call("PATCH", f"/tasks/{tid}", {"status": "done"}, token=TOKEN).json()["status"] == "done"
    assert not (db.parent / "uploads" / "kl_9.txt").exists()


def test_the_serve_command_starts_on_its_port_and_refuses_a_bad_token_file(
    store: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import os
    import subprocess
    import sys
    import time

    from fixtures.serving import free_port

    from pipeline.cli import main

    db, _ = store
    assert main(["serve", "--db", str(db), "--token-file", str(tmp_path / "missing")]) == 2
    assert capsys.readouterr().err.startswith(f"directives serve: cannot read the token from {tmp_path / 'missing'}")
    (tmp_path / "token").write_text("\n", encoding="utf-8")
    assert main(["serve", "--db", str(db), "--token-file", str(tmp_path / "token")]) == 2
    assert "the first line is empty" in capsys.readouterr().err

    (tmp_path / "token").write_text("file-token\n", encoding="utf-8")
    port = free_port()
    cmd = [sys.executable, "-m", "pipeline.cli", "serve", "--db", str(db), "--host", "127.0.0.1", "--port", str(port)]
    cmd += ["--uploads", str(tmp_path / "inbox")]
    env = {k: v for k, v in os.environ.items() if k != "DIRECTIVES_API_TOKEN"}
    proc = subprocess.Popen([*cmd, "--token-file", str(tmp_path / "token")], env=env, stderr=subprocess.PIPE)
    try:
        c = Client(f"http://127.0.0.1:{port}")
        for _ in range(300):  # the start: imports and the store check
            try:
                r = c.get("/tasks?limit=1")
                break
            except OSError:
                time.sleep(0.05)
        assert r.status == 200 and len(r.json()["tasks"]) == 1
        tid = r.json()["tasks"][0]["task_id"]
        assert c.call("PATCH", f"/tasks/{tid}", {"status": "done"}, token=TOKEN).status == 401
        assert c.call("PATCH", f"/tasks/{tid}", {"status": "done"}, token="file-token").status == 200
        up = c.call("POST", "/documents", upload=("kl_5.txt", directive(5).encode()), token="file-token")
        assert up.status == 201 and up.json()["path"] == str(tmp_path / "inbox" / "kl_5.txt")
    finally:
        proc.terminate()
        proc.wait(10)


def test_the_review_pages_filter_by_agency_and_overdue_and_highlight_the_selected_clause(
    store: tuple[Path, Path],
) -> None:
    db, _ = store
    with serving(db) as c:
        home = c.get("/").body.decode()
        assert home.count('class="doc-link"') == 2 and "<h2>Nhiệm vụ" not in home
        found = c.get("/?assignee=bo cong an").body.decode()
        assert found.count("/review/") == 2 + 2 and "<h2>Nhiệm vụ (2)</h2>" in found
        late = c.get("/?overdue=true&today=01/10/2025").body.decode()
        assert "<h2>Nhiệm vụ (2)</h2>" in late and late.count("<td>30/09/2025</td>") == 2
        doc = next(d for d in c.get("/documents").json() if d["doc_number"] == "2-KL/TW")
        tid = c.get(f"/documents/{doc['id']}").json()["tasks"][0]["task_id"]
        page = c.get(f"/review/{doc['id']}?task={tid}").body.decode()
        assert "ngày 03/08/2025" in page and '<td class="deadline">30/09/2025</td>' in page
        assert page.count('id="selected"') == 1 and 'class="task-highlight"' in page
        assert c.get("/review/nope").status == 404
        assert c.get("/static/review.js").status == 200
