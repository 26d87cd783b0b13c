"""Readers during an ingest: ingest throughput and how long a reader waits, per write policy.

    .venv/bin/python bench/bench_readers.py [--files 600] [--every 0.2] [--jobs 1]

Generates documents like bench_ingest.py, then for each policy ingests them into a fresh store in a
child process (the store's lock is per process) while this process opens the store read-only every
--every seconds and counts the tasks, as `directives status` would. Each policy is also run without
readers. Policies: "per file" opens and closes the store around every file; "sessions" gathers
results and writes them in sessions of at most HOLD seconds with GAP seconds closed in between (the
defaults of pipeline/ingestion.py). Run by hand, not in tests.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench_ingest import generate

from pipeline.ingestion import FLUSH_AFTER, GAP, HOLD
from pipeline.store import Store, StoreError

POLICIES = {
    "per file": (0.0, 0.0, 0.0),
    "sessions": (FLUSH_AFTER, HOLD, GAP),
}
CHILD = """
import sys
import pipeline.ingestion as I
I.FLUSH_AFTER, I.HOLD, I.GAP = (float(x) for x in sys.argv[3:6])
s = I.ingest([sys.argv[1]], db=sys.argv[2], jobs=int(sys.argv[6]))
print(s.files_new, s.elapsed, flush=True)
"""


def run(corpus: Path, db: Path, policy: tuple[float, float, float], jobs: int, every: float | None) -> dict:
    args = [sys.executable, "-c", CHILD, str(corpus), str(db), *map(str, policy), str(jobs)]
    child = subprocess.Popen(args, stdout=subprocess.PIPE, text=True)
    waits: list[float] = []
    failed = 0
    while every is not None and child.poll() is None:
        time.sleep(every)
        if not db.exists():
            continue
        t = time.perf_counter()
        try:
            with Store(db, read_only=True) as s:
                s.con.execute("SELECT count(*) FROM tasks").fetchone()
            waits.append(time.perf_counter() - t)
        except StoreError:
            failed += 1
    out, _ = child.communicate()
    files, elapsed = out.split()
    return {"files": int(files), "elapsed": float(elapsed), "waits": waits, "failed": failed}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--files", type=int, default=600, help="documents to generate (default 600)")
    ap.add_argument("--every", type=float, default=0.2, help="seconds between two reads (default 0.2)")
    ap.add_argument("--jobs", type=int, default=1, help="ingest -j (default 1)")
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="bench_readers_"))
    try:
        generate(tmp / "corpus", args.files)
        for name, policy in POLICIES.items():
            for every in (None, args.every):
                db = tmp / f"{name.replace(' ', '_')}_{every}.duckdb"
                r = run(tmp / "corpus", db, policy, args.jobs, every)
                line = f"{name:9s} {'with readers' if every else 'alone':12s}: {r['files'] / r['elapsed']:6.1f} files/s"
                if every:
                    w = sorted(r["waits"])
                    p95 = w[int(0.95 * (len(w) - 1))] if w else float("nan")
                    line += (
                        f"; {len(w)} reads, median {statistics.median(w) * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms, "
                        f"max {max(w) * 1000:.0f} ms, {r['failed']} failed"
                    )
                print(line, flush=True)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
