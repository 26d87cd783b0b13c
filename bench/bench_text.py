"""Text-document throughput (documents/s on one core) and `directives extract` cold start.

Run by hand: .venv/bin/python bench/bench_text.py [--rounds N]
Goals (issue "core extraction"): >= 200 seed-sized documents/s on one core; cold start <= 1.5 s.
The baseline measured in the same run is reading + NFC-normalising the same files, so the ratio
shows what the extraction itself costs.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def corpus_files() -> list[Path]:
    files = sorted((ROOT / "corpus").glob("*.txt"))
    shared = ROOT.parent / "shared" / "realdocs"
    files += sorted(shared.glob("*.md")) if shared.is_dir() else []
    return files


def baseline(files: list[Path], rounds: int) -> float:
    t = time.perf_counter()
    for _ in range(rounds):
        for f in files:
            unicodedata.normalize("NFC", f.read_text(encoding="utf-8")).splitlines()
    return time.perf_counter() - t


def pipeline_time(files: list[Path], rounds: int) -> float:
    from pipeline.agencies import gazetteer
    from pipeline.deadlines import _find_deadlines
    from pipeline.extraction import extract_file

    try:  # the part-of-speech cache too: a repeated file must be tagged again
        from pipeline.pos import _tag

        pos_cache_clear = _tag.cache_clear
    except ImportError:  # code from before the tagger was used
        def pos_cache_clear() -> None:
            return None
    from pipeline.textutil import ascii_fold, tnorm

    try:  # the lead check of the review flags is cached per name too
        from pipeline.review import _is_agency

        agency_cache_clear = _is_agency.cache_clear
    except ImportError:  # code from before that cache

        def agency_cache_clear() -> None:
            return None

    extract_file(files[0])  # load models once: the steady state of a batch
    try:
        from pipeline.pos import warm  # the tagger is a model too; loading it is the cold start's cost

        warm()
    except ImportError:  # code from before the tagger was used
        pass
    t = time.perf_counter()
    for _ in range(rounds):
        for f in files:
            # repeated files must not ride on caches filled by their earlier rounds
            ascii_fold.cache_clear()
            tnorm.cache_clear()
            _find_deadlines.cache_clear()
            gazetteer()._spans.cache_clear()
            pos_cache_clear()
            agency_cache_clear()
            extract_file(f)
    return time.perf_counter() - t


def cold_start(path: Path, runs: int = 5) -> list[float]:
    exe = ROOT / ".venv" / "bin" / "directives"
    cmd = [str(exe)] if exe.exists() else [sys.executable, "-m", "pipeline.cli"]
    out = []
    with tempfile.TemporaryDirectory() as tmp:
        for k in range(runs):
            t = time.perf_counter()
            subprocess.run(cmd + ["extract", str(path), "-o", os.path.join(tmp, f"t{k}.jsonl")], check=True)
            out.append(time.perf_counter() - t)
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=20)
    args = ap.parse_args()
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    seeds = sorted((ROOT / "corpus").glob("*.txt"))
    docs = len(seeds) * args.rounds
    base = baseline(seeds, args.rounds)
    pipe = pipeline_time(seeds, args.rounds)
    size = statistics.mean(f.stat().st_size for f in seeds) / 1024
    print(f"seed corpus: {len(seeds)} files, mean {size:.1f} KiB, {args.rounds} rounds")
    print(f"{'stage':32} {'docs/s':>10} {'x baseline':>11}")
    print(f"{'read + NFC (baseline)':32} {docs / base:10.0f} {1.0:11.2f}")
    print(f"{'full extraction':32} {docs / pipe:10.0f} {base / pipe:11.3f}   goal >= 200 docs/s")
    web = [f for f in corpus_files() if f.suffix == ".md"]
    if web:
        t = pipeline_time(web, 3)
        kib = sum(f.stat().st_size for f in web) * 3 / 1024
        print(f"{'web Markdown (realdocs)':32} {len(web) * 3 / t:10.1f}   ({kib / t:.0f} KiB/s)")
    runs = cold_start(seeds[0])
    print(
        f"cold start `directives extract` one file: median {statistics.median(runs):.2f} s "
        f"(min {min(runs):.2f}, max {max(runs):.2f})   goal <= 1.5 s"
    )


if __name__ == "__main__":
    main()
