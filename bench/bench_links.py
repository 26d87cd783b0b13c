"""Linking benchmark: `directives link` on a store where N provinces each implement 183-KL/TW.

    .venv/bin/python bench/bench_links.py [--provinces 50]

Copies the Hải Phòng letter of corpus/ N times under other numbers and places (its 24 tasks each), with
the Cần Thơ file that holds 183-KL/TW, ingests them and times the linking. Run by hand, not in tests.
"""

from __future__ import annotations

import argparse
import re
import tempfile
import time
from pathlib import Path

from pipeline.ingestion import ingest
from pipeline.links_api import link

CORPUS = Path(__file__).resolve().parents[1] / "corpus"
LETTER = "003_dcca320ede949aa2.txt"
CENTRAL = "001_c3069d8d256e6790.txt"


def make(folder: Path, provinces: int) -> None:
    (folder / CENTRAL).write_text((CORPUS / CENTRAL).read_text(encoding="utf-8"), encoding="utf-8")
    letter = (CORPUS / LETTER).read_text(encoding="utf-8")
    for i in range(provinces):
        text = letter.replace("Số -CV/TU", f"Số {100 + i}-CV/TU").replace("Hải Phòng", f"Tỉnh {i}")
        text = re.sub(r"Đỗ Mạnh Hiến", f"Người Ký {i}", text)
        (folder / f"letter_{i:03}.txt").write_text(text, encoding="utf-8")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--provinces", type=int, default=50)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "docs"
        folder.mkdir()
        make(folder, args.provinces)
        db = Path(tmp) / "s.duckdb"
        t0 = time.perf_counter()
        ingest([folder], db=db, jobs=2)
        t1 = time.perf_counter()
        report = link(db)
        t2 = time.perf_counter()
        again = link(db)
        t3 = time.perf_counter()
    print(f"ingest {args.provinces + 1} files: {t1 - t0:.1f} s")
    print(
        f"link: {report.links} links for {report.local_tasks} local tasks in {len(report.pairs)} pairs: "
        f"{t2 - t1:.1f} s ({(t2 - t1) / max(report.local_tasks, 1) * 1000:.1f} ms a local task)"
    )
    print(f"link again (unchanged): {again.links} links, {t3 - t2:.1f} s")


if __name__ == "__main__":
    main()
