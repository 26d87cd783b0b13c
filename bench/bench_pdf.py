"""PDF reading speed and memory, side by side in one run: `.venv/bin/python bench/bench_pdf.py`.

Rows: pdftotext (poppler, the baseline), a pdfplumber-only extract_text dump, our reader, and the
full pipeline to task rows; OCR seconds per scanned page on 1 and 2 workers, and with table detection
against without it (the ratio); peak RSS on 200 pages.
"""

from __future__ import annotations

import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import pdfplumber

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from fixtures.make_fixtures import write_text_pdf  # noqa: E402

from pipeline.readers import pdf as pdf_reader  # noqa: E402
from pipeline.readers import read  # noqa: E402

REALDOCS = ROOT.parent / "shared" / "realdocs"


def _timed(fn: Callable[[Path], object], files: list[Path]) -> float:
    t = time.perf_counter()
    for f in files:
        fn(f)
    return time.perf_counter() - t


def _pdftotext(f: Path) -> None:
    subprocess.run(["pdftotext", "-layout", str(f), "-"], capture_output=True, check=True)


def _plumber(f: Path) -> None:
    with pdfplumber.open(str(f)) as pdf:
        for page in pdf.pages:
            page.extract_text()
            page.close()


def _pipeline() -> Callable[[Path], object] | None:
    """The extraction function, with its models loaded once (the steady state of a batch; the CLI's cold
    start is measured by bench_text.py)."""
    try:
        from pipeline.extraction import extract_blocks, extract_file
        from pipeline.model import Block
    except ImportError:
        return None
    extract_blocks([Block(text="Số: 1/TB-VPCP"), Block(text="1. Giao Bộ Nội vụ chủ trì.")], "warm-up.txt")
    return extract_file


def _peak_rss_mb(f: Path) -> tuple[float, float]:
    """Peak RSS of a fresh interpreter after imports only, and after reading `f`."""
    code = (
        "import resource, sys; sys.path.insert(0, %r); from pipeline.readers import read; "
        "base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss; %s; "
        "print(base, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)"
    )
    out = {}
    for label, body in (("base", "pass"), ("read", f"read({str(f)!r})")):
        res = subprocess.run([sys.executable, "-c", code % (str(ROOT), body)], capture_output=True, text=True)
        out[label] = int(res.stdout.split()[1]) / 1024
    return out["base"], out["read"]


def _cpu() -> float:
    """CPU seconds of this process and its finished children (tesseract): steadier than wall time on a busy machine."""
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def _table_cost(scan: Path) -> None:
    """OCR s/page with and without table detection (ruling lines, cells OCR'd on their own), one worker,
    every other page of the scan (its letter pages and its annex tables), the two alternated twice;
    wall and CPU time."""
    from pipeline.readers import ocr

    pages = list(range(0, len(pdf_reader.classify_pages(scan)), 2))
    ocr.ocr_pdf_pages(scan, pages[:1], workers=1)  # the word list is loaded once, before either is timed
    wall = {True: 0.0, False: 0.0}
    cpu = {True: 0.0, False: 0.0}
    for tables in (True, False, False, True):
        t, c = time.perf_counter(), _cpu()
        ocr.ocr_pdf_pages(scan, pages, workers=1, tables=tables)
        wall[tables] += (time.perf_counter() - t) / 2 / len(pages)
        cpu[tables] += (_cpu() - c) / 2 / len(pages)
    print(f"\nOCR with and without table detection, {scan.name}, {len(pages)} pages, 1 worker")
    for name, secs in (("wall", wall), ("CPU", cpu)):
        ratio = secs[True] / secs[False]
        print(f"  {name:4}: with tables {secs[True]:5.2f} s/page, without {secs[False]:5.2f} s/page, ratio {ratio:.2f}"
              " (goal < 1.30)")


def main() -> None:
    tmp = Path(tempfile.mkdtemp(prefix="bench-pdf-"))
    try:
        # first: a child's peak RSS counts its parent's at the fork, and OCR below grows this process
        big = tmp / "generated-200.pdf"
        write_text_pdf(big, pages=200)
        base_mb, read_mb = _peak_rss_mb(big)
        print(f"peak RSS reading a 200-page PDF: {read_mb:.0f} MB (imports alone: {base_mb:.0f} MB)\n")
        gen = tmp / "generated-60.pdf"
        write_text_pdf(gen, pages=60)
        files = [gen]
        if REALDOCS.exists():
            for f in sorted(REALDOCS.glob("*.pdf")):
                if "SCANNED" not in f.name and "scan" not in pdf_reader.classify_pages(f):
                    files.append(f)
        pages = sum(len(pdf_reader.classify_pages(f)) for f in files)
        print(f"born-digital set: {len(files)} files, {pages} pages")
        rows: list[tuple[str, float]] = []
        if shutil.which("pdftotext"):
            rows.append(("pdftotext -layout", _timed(_pdftotext, files)))
        rows.append(("pdfplumber extract_text", _timed(_plumber, files)))
        rows.append(("our reader (blocks)", _timed(read, files)))
        pipe = _pipeline()
        if pipe is not None:
            rows.append(("full pipeline (task rows)", _timed(pipe, files)))
        base = rows[0][1]
        print(f"{'':28} {'pages/s':>9} {'× pdftotext':>12}")
        for name, secs in rows:
            print(f"{name:28} {pages / secs:9.1f} {base / secs:12.3f}")

        scans = sorted(REALDOCS.glob("*_SCANNED.pdf")) if REALDOCS.exists() else []
        if scans and shutil.which("tesseract"):
            from pipeline.readers import ocr

            n = min(4, len(pdf_reader.classify_pages(scans[-1])))
            print(f"\nOCR, {scans[-1].name}, first {n} pages")
            for workers in (1, 2):
                t = time.perf_counter()
                ocr.ocr_pdf_pages(scans[-1], list(range(n)), workers=workers)
                secs = time.perf_counter() - t
                print(f"  {workers} worker(s): {secs / n:5.2f} s/page, {secs * workers / n:5.2f} s/page/core")
            _table_cost(scans[-1])

    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
