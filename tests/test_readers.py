"""Readers while an ingest runs: every read command and the API answer within a few seconds, because the
ingest opens the store only for short write sessions."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

from test_ingest import ENV, ROOT, consistent, write_corpus

# Each read, timed in one child process (the store's lock is per process): name → [seconds, result].
READER = r"""
import io, json, sys, time
from contextlib import redirect_stderr, redirect_stdout
from pipeline import connect, load_tasks
from pipeline.cli import main

db, out_file = sys.argv[1], sys.argv[2]
results = {}

def cli(name, *args):
    buf = io.StringIO()
    t = time.perf_counter()
    with redirect_stdout(buf), redirect_stderr(io.StringIO()):
        rc = main([*args, "--db", db])
    results[name] = [time.perf_counter() - t, rc, buf.getvalue()]

cli("status", "status", "--json")
cli("failures", "failures", "--json")
cli("tasks", "tasks", "--format", "jsonl", "--limit", "2")
cli("export", "export", "--format", "jsonl", "-o", out_file + ".jsonl", "--limit", "2")
t = time.perf_counter()
n = len(load_tasks(db))
results["load_tasks"] = [time.perf_counter() - t, 0, n]
t = time.perf_counter()
with connect(db) as con:
    c = con.execute("SELECT count(*) FROM tasks").fetchone()[0]
results["connect"] = [time.perf_counter() - t, 0, c]
with open(out_file, "w") as fh:
    json.dump(results, fh)
"""


def test_readers_get_answers_within_5_seconds_while_an_ingest_runs(tmp_path: Path) -> None:
    # enough documents that the ingest lasts well beyond the reads (it is stopped once they are done)
    write_corpus(tmp_path / "in", 1500)
    db = tmp_path / "s.duckdb"
    ingest = subprocess.Popen(
        [sys.executable, "-m", "pipeline.cli", "ingest", str(tmp_path / "in"), "--db", str(db), "-q", "-v"],
        cwd=ROOT,
        stderr=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        text=True,
        start_new_session=True,
        env=ENV,
    )
    try:
        assert ingest.stderr is not None
        assert ingest.stderr.readline().startswith("stored ")  # the ingest is writing now
        out = tmp_path / "reads.json"
        reader = subprocess.run(
            [sys.executable, "-c", READER, str(db), str(out)], cwd=ROOT, capture_output=True, text=True, env=ENV
        )
        running = ingest.poll() is None
    finally:
        os.killpg(ingest.pid, signal.SIGKILL)
        ingest.wait()
    assert reader.returncode == 0, reader.stderr
    assert running, "the ingest ended before the reads: give it more documents"
    reads = json.loads(out.read_text())
    assert sorted(reads) == ["connect", "export", "failures", "load_tasks", "status", "tasks"]
    for name, (seconds, rc, _) in reads.items():
        assert rc == 0, name
        assert seconds < 5, f"{name} waited {seconds:.1f} s"
    status = json.loads(reads["status"][2])
    assert 0 < status["files"] < 1500 and status["tasks"] == 3 * status["files"]
    assert status["last_run"]["status"] == "running"
    assert reads["failures"][2] == ""
    exported = (tmp_path / "reads.json.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(reads["tasks"][2].splitlines()) == len(exported) == 2
    assert reads["load_tasks"][2] >= status["tasks"] and reads["connect"][2] >= reads["load_tasks"][2]
    files, tasks = consistent(db)  # the killed run left whole files
    assert tasks == 3 * files
