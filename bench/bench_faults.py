"""Big-file fault cases under the per-file budget: time, peak worker memory and what was recorded.

    .venv/bin/python bench/bench_faults.py [--text-mb 50] [--docx-paragraphs 100000] [-j 1]
        [--max-seconds S] [--max-memory MB]

Generates a one-line text of --text-mb MB and a DOCX of --docx-paragraphs numbered paragraphs (under
the zip-bomb limits), each next to a small good directive, ingests each folder into a fresh store with
the budget (defaults: the ingest defaults) and prints the elapsed time, the largest resident size a
worker reached, and the big file's outcome. Run by hand, not in tests.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from fixtures import faults  # noqa: E402 - the generators the fault suite uses

from pipeline.budget import DEFAULT_MEMORY_MB, DEFAULT_SECONDS, Budget  # noqa: E402
from pipeline.ingestion import ingest  # noqa: E402

GOOD = """BAN CHẤP HÀNH TRUNG ƯƠNG
Số 1-KL/TW
Hà Nội, ngày 01 tháng 8 năm 2025
KẾT LUẬN
1. Bộ Nội vụ chủ trì, phối hợp với Bộ Tài chính hoàn thiện đề án, hoàn thành trước ngày 30/9/2025.
"""


def run_case(name: str, make: object, jobs: int, budget: Budget) -> None:
    with tempfile.TemporaryDirectory(prefix="bench-faults-") as tmp:
        folder = Path(tmp, "in")
        folder.mkdir()
        (folder / "a_good.txt").write_text(GOOD, encoding="utf-8")
        big = folder / name
        make(big)  # type: ignore[operator]
        size = big.stat().st_size / 2**20
        t0 = time.perf_counter()
        s = ingest([folder], db=Path(tmp, "s.duckdb"), jobs=jobs, budget=budget)
        took = time.perf_counter() - t0
        outcome = next((f"{f.stage}: {f.reason}" for f in s.failures if f.path.endswith(name)), "stored")
        print(f"{name:<12} {size:7.1f} MB  {took:7.1f} s  peak worker {s.peak_worker_mb:7.0f} MB  {outcome}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--text-mb", type=int, default=50)
    ap.add_argument("--docx-paragraphs", type=int, default=100_000)
    ap.add_argument("-j", "--jobs", type=int, default=1)
    ap.add_argument("--max-seconds", type=float, default=DEFAULT_SECONDS)
    ap.add_argument("--max-memory", type=int, default=DEFAULT_MEMORY_MB)
    args = ap.parse_args()
    budget = Budget(seconds=args.max_seconds, memory_mb=args.max_memory)
    print(f"budget: {budget.seconds:g} s, {budget.memory_mb} MB per file; -j {args.jobs}")
    run_case("huge.txt", lambda p: faults.one_line_text(p, args.text_mb), args.jobs, budget)
    run_case("huge.docx", lambda p: faults.big_docx(p, args.docx_paragraphs), args.jobs, budget)


if __name__ == "__main__":
    main()
