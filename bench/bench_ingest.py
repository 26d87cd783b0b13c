"""Ingest benchmark: -j 1, -j 2 and --cluster local:2 in one run, as ratios against -j 1, and the unchanged
re-run (goal: ≤ 5% of the first); optionally the same on a set of scanned PDFs (OCR).

    .venv/bin/python bench/bench_ingest.py [--files 1000] [--scanned N] [--long-scan P] [--repeat R] [--no-cluster]
        [--keep DIR]

The scanned set (one-page scans, and with --long-scan one scan of P pages) is also run on the cluster
without page-range splitting (--split-scans 0), against the default (8 pages a task).

Generates small directive-like text files from a few templates (numbers, agencies, dates varied),
ingests them into fresh stores in a temp folder and prints the times. Run by hand, not in tests.
"""

from __future__ import annotations

import argparse
import random
import shutil
import tempfile
import time
from pathlib import Path

from pipeline.extraction import warm_up
from pipeline.ingestion import IngestSummary, ingest
from pipeline.pagesplit import SPLIT_SCANS

AGENCIES = [
    "Bộ Nội vụ",
    "Bộ Tài chính",
    "Bộ Y tế",
    "Bộ Xây dựng",
    "Bộ Công an",
    "Bộ Quốc phòng",
    "Bộ Giáo dục và Đào tạo",
    "Bộ Văn hóa, Thể thao và Du lịch",
    "Ban Tổ chức Trung ương",
    "Ủy ban Kiểm tra Trung ương",
    "Sở Tài chính",
    "Sở Nội vụ",
    "Ủy ban nhân dân các xã, phường",
]
DUTIES = [
    "hoàn thiện đề án sắp xếp đơn vị sự nghiệp công lập",
    "rà soát, sửa đổi các quy định về chế độ, chính sách đối với cán bộ",
    "tổ chức tập huấn, bồi dưỡng nghiệp vụ cho công chức cấp xã",
    "báo cáo kết quả thực hiện",
    "kiểm tra, giám sát việc thực hiện kết luận",
    "xây dựng bộ công cụ đánh giá hiệu quả công việc",
]
DEADLINES = [
    "hoàn thành trước ngày {d}/{m}/2025",
    "trong tháng {m}/2025",
    "trong quý IV/2025",
    "trước ngày {d} hằng tháng",
    "chậm nhất ngày {d}/{m}/2025",
    "",
]
HEAD = """{issuer}
*
Số {number}
{motto}
Hà Nội, ngày {day:02d} tháng {month} năm 2025

{kind}
về {subject}

{intro}
"""


def document(n: int, rng: random.Random) -> str:
    kind, number, issuer, motto = rng.choice(
        [
            (
                "KẾT LUẬN\nCỦA BỘ CHÍNH TRỊ",
                f"{n}-KL/TW",
                "BAN CHẤP HÀNH TRUNG ƯƠNG",
                "ĐẢNG CỘNG SẢN VIỆT NAM",
            ),
            (
                "THÔNG BÁO\nKẾT LUẬN CỦA THỦ TƯỚNG CHÍNH PHỦ",
                f"{n}/TB-VPCP",
                "VĂN PHÒNG CHÍNH PHỦ",
                "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc",
            ),
            ("KẾ HOẠCH", f"{n}/KH-UBND", "ỦY BAN NHÂN DÂN TỈNH", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
        ]
    )
    lines = [
        HEAD.format(
            issuer=issuer,
            number=number,
            motto=motto,
            day=rng.randint(1, 28),
            month=rng.randint(1, 12),
            kind=kind,
            subject=rng.choice(DUTIES),
            intro=rng.choice(["Bộ Chính trị yêu cầu:", "Giao các cơ quan:", "Yêu cầu:"]),
        )
    ]
    # about as many duties as the real corpus has per file (≈ 20), each a sentence or two long
    for k in range(1, rng.randint(10, 30)):
        a, b = rng.sample(AGENCIES, 2)
        dl = rng.choice(DEADLINES).format(d=rng.randint(1, 28), m=rng.randint(6, 12))
        duty = "; ".join(rng.sample(DUTIES, rng.randint(1, 3)))
        lines.append(f"{k}. {a} chủ trì, phối hợp với {b} {duty}{', ' + dl if dl else ''}.\n")
    lines.append("T/M BAN THƯỜNG VỤ\n")
    return "\n".join(lines)


def generate(folder: Path, count: int, seed: int = 7) -> None:
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    for n in range(1, count + 1):
        (folder / f"doc_{n:05d}.txt").write_text(document(n, rng), encoding="utf-8")


def scanned(folder: Path, count: int) -> None:
    """`count` copies of the one-page scanned fixture, each with a different trailing comment (new content)."""
    src = (Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "scanned.pdf").read_bytes()
    folder.mkdir(parents=True, exist_ok=True)
    for n in range(1, count + 1):
        (folder / f"scan_{n:04d}.pdf").write_bytes(src + f"\n% copy {n}\n".encode())


def long_scan(folder: Path, pages: int) -> None:
    """One scanned PDF of `pages` pages: the fixtures' one-page scans, over and over."""
    import pypdfium2 as pdfium

    fixtures = Path(__file__).resolve().parents[1] / "tests" / "fixtures"
    src = pdfium.PdfDocument(str(fixtures / "scanned-3pages.pdf"))
    out = pdfium.PdfDocument.new()
    for k in range(pages):
        out.import_pages(src, [k % len(src)])
    folder.mkdir(parents=True, exist_ok=True)
    out.save(str(folder / f"long_scan_{pages}p.pdf"))


def timed(
    paths: list[str | Path], db: Path, jobs: int = 1, cluster: str | None = None, split: int = SPLIT_SCANS
) -> tuple[float, IngestSummary]:
    t0 = time.perf_counter()
    s = ingest(paths, db=db, jobs=jobs, cluster=cluster, split_scans=split)
    return time.perf_counter() - t0, s


def cluster_start(spec: str) -> float:
    """Seconds to start a LocalCluster and load the models on its workers, then stop it."""
    from pipeline.cluster import connect

    t0 = time.perf_counter()
    with connect(spec) as client:
        client.submit(len, "x").result()  # the warm-up plugin has run on a worker
        took = time.perf_counter() - t0
    return took


def compare(
    name: str, corpus: Path, tmp: Path, n: int, with_cluster: bool, repeat: int = 1, unsplit: bool = False
) -> None:
    """-j 1, -j 2 and --cluster local:2 on `corpus` (`unsplit`: also with --split-scans 0), each into a fresh
    store, as ratios against -j 1; with `repeat`, they alternate and the best time of each counts (a shared
    machine's noise only slows)."""
    configs: dict[str, tuple[int, str | None, int]] = {"-j 1": (1, None, 0), "-j 2": (2, None, 0)}
    if with_cluster:
        configs["--cluster local:2"] = (1, "local:2", SPLIT_SCANS)
        if unsplit:
            configs["  --split-scans 0"] = (1, "local:2", 0)
    best: dict[str, float] = {}
    tasks: dict[str, int] = {}
    for r in range(repeat):
        for label, (jobs, cluster, split) in configs.items():
            db = tmp / f"{name}_{label.strip(' -').replace(' ', '_').replace(':', '')}_{r}.duckdb"
            took, s = timed([corpus], db, jobs, cluster, split)
            best[label] = min(best.get(label, took), took)
            tasks[label] = s.tasks_added
            if label == "-j 1" and r == 0:
                size = db.stat().st_size
                print(f"{name}: {n} files, {s.tasks_added} tasks, {s.files_failed} failed; store {size / 1e6:.1f} MB")
    assert len(set(tasks.values())) == 1, tasks
    one = best["-j 1"]
    for label, took in best.items():
        extra = " (start-up included)" if "cluster" in label or "split" in label else ""
        print(
            f"  {label:17s}: {took:7.2f} s  {n / took:7.1f} files/s  {1000 * took / n:7.1f} ms/file"
            f"  x{one / took:.2f} vs -j 1{extra}"
        )


def load_compare(corpus: Path, tmp: Path) -> None:
    """Storing extracted files: from Parquet parts of 50 files in one transaction (what `--cluster` does at
    the end) against store_batch 100 files a transaction (what -j N does), into fresh stores."""
    from pipeline.batchstore import BatchItem, store_batch
    from pipeline.dataset import write_part
    from pipeline.extraction import extract_file
    from pipeline.partload import load_parts
    from pipeline.store import Store

    results = [extract_file(p) for p in sorted(corpus.iterdir())]
    t0 = time.perf_counter()
    order = []
    for k in range(0, len(results), 50):
        name = f"part-{k:06d}"
        write_part(tmp / "parts", name, [(r.path, r) for r in results[k : k + 50]], 1, "bench")
        order += [(r.path, name) for r in results[k : k + 50]]
    wrote = time.perf_counter() - t0
    with Store(tmp / "from_parts.duckdb") as s:
        t0 = time.perf_counter()
        load_parts(s, tmp / "parts", order, run_id=1, extractor="bench")
        loaded = time.perf_counter() - t0
    with Store(tmp / "batched.duckdb") as s:
        t0 = time.perf_counter()
        for k in range(0, len(results), 100):
            store_batch(s, [BatchItem(r, r.path) for r in results[k : k + 100]], run_id=1, extractor="bench")
        batched = time.perf_counter() - t0
    n = len(results)
    print(f"  writing parts (a worker's share): {1000 * wrote / n:5.2f} ms/file")
    print(f"  loading parts, one transaction  : {1000 * loaded / n:5.2f} ms/file")
    print(f"  store_batch, 100 a transaction  : {1000 * batched / n:5.2f} ms/file")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--files", type=int, default=1000, help="documents to generate (default 1000)")
    ap.add_argument("--scanned", type=int, default=0, help="also a set of N one-page scanned PDFs (default 0: none)")
    ap.add_argument("--long-scan", type=int, default=0, metavar="P", help="also one scanned PDF of P pages")
    ap.add_argument("--no-cluster", action="store_true", help="leave out --cluster local:2 (Dask not installed)")
    ap.add_argument("--repeat", type=int, default=1, help="runs of each setting, alternated; the best counts")
    ap.add_argument("--keep", type=Path, help="generate into this folder and keep it")
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="bench_ingest_"))
    corpus = args.keep or tmp / "corpus"
    try:
        generate(corpus, args.files)
        warm_up()  # the models load once here, not in the first timed run (-j 2's workers fork with them)
        compare("text", corpus, tmp, args.files, not args.no_cluster, args.repeat)
        again, s = timed([corpus], tmp / "text_j_1_0.duckdb", 1)
        assert s.files_unchanged == args.files and s.tasks_added == 0
        print(f"  unchanged re-run: {again:7.2f} s  (goal <= 5% of -j 1)")
        load_compare(corpus, tmp)
        if not args.no_cluster:
            print(f"  LocalCluster(2) start-up with the models loaded: {cluster_start('local:2'):.1f} s")
        if args.scanned or args.long_scan:
            scanned(tmp / "scanned", args.scanned)
            if args.long_scan:
                long_scan(tmp / "scanned", args.long_scan)
            n = args.scanned + (1 if args.long_scan else 0)
            compare("scanned", tmp / "scanned", tmp, n, not args.no_cluster, args.repeat, unsplit=True)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
