"""Scanned pages: render with pdfium, clean up, OCR with tesseract (vie), lay out like a text layer.

Pages run in parallel threads, each calling one single-threaded tesseract process
(OMP_THREAD_LIMIT=1: tesseract's own threading is 3-8× slower per page on a busy machine).
"""

from __future__ import annotations

import csv
import io
import os
import re
import shutil
import subprocess
import threading
from concurrent.futures import Future, ThreadPoolExecutor
from functools import cache
from pathlib import Path

import pypdfium2 as pdfium
from PIL import Image, ImageFilter

from pipeline.model import Block, ReadError

from . import layout
from .layout import Word

DPI = 300
PSM = "4"  # one column of text of varying sizes: reads the letter header and body in order
TIMEOUT_S = 120  # one page; tesseract takes 1-2 s
_REPAIRS = Path(__file__).resolve().parents[2] / "models" / "ocr" / "repairs.tsv"
_MISSING = "scanned PDF and no tesseract: apt-get install tesseract-ocr tesseract-ocr-vie"
_render_lock = threading.Lock()  # pdfium is not thread-safe


@cache
def tesseract_ready() -> str | None:
    """None when tesseract with Vietnamese data is usable, else the reason it is not."""
    exe = shutil.which("tesseract")
    if exe is None:
        return _MISSING
    try:
        out = subprocess.run([exe, "--list-langs"], capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired):
        return _MISSING
    langs = set((out.stdout + out.stderr).split())
    return None if "vie" in langs else _MISSING


@cache
def repairs() -> list[tuple[re.Pattern[str], str]]:
    out: list[tuple[re.Pattern[str], str]] = []
    for line in _REPAIRS.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        pattern, repl = line.split("\t")[:2]
        out.append((re.compile(pattern), repl))
    return out


def repair(text: str) -> str:
    """Fix OCR slips that break document numbers ("KL/IW" → "KL/TW", "QÐ" → "QĐ")."""
    for pattern, repl in repairs():
        text = pattern.sub(repl, text)
    return text


def clean_image(img: Image.Image) -> Image.Image:
    """Median filter then a global (Otsu) threshold: removes scanner speckle that tesseract reads as marks."""
    g = img.convert("L").filter(ImageFilter.MedianFilter(3))
    t = _otsu(g.histogram())
    return g.point(lambda v: 255 if v > t else 0, mode="L")


def _otsu(hist: list[int]) -> int:
    total = sum(hist)
    sum_all = sum(i * h for i, h in enumerate(hist))
    w0 = s0 = 0.0
    best, best_t = -1.0, 127
    for t in range(256):
        w0 += hist[t]
        if w0 == 0 or w0 == total:
            continue
        s0 += t * hist[t]
        m0, m1 = s0 / w0, (sum_all - s0) / (total - w0)
        var = w0 * (total - w0) * (m0 - m1) ** 2
        if var > best:
            best, best_t = var, t
    return best_t


def ocr_image(img: Image.Image, dpi: int = DPI) -> list[Word]:
    """OCR one page image; words in PDF points (so the text-layer layout rules apply)."""
    buf = io.BytesIO()
    clean_image(img).save(buf, format="PNG")
    env = dict(os.environ, OMP_THREAD_LIMIT="1")
    try:
        out = subprocess.run(
            ["tesseract", "stdin", "stdout", "-l", "vie", "--psm", PSM, "--dpi", str(dpi), "tsv"],
            input=buf.getvalue(),
            capture_output=True,
            timeout=TIMEOUT_S,
            env=env,
            check=False,
        )
    except FileNotFoundError as e:
        raise ReadError(_MISSING) from e
    except subprocess.TimeoutExpired as e:
        raise ReadError(f"OCR of a page took more than {TIMEOUT_S} s") from e
    if out.returncode != 0:
        raise ReadError(f"tesseract failed: {out.stderr.decode(errors='replace').strip()[:200]}")
    return _tsv_words(out.stdout.decode("utf-8", errors="replace"), 72.0 / dpi)


def _tsv_words(tsv: str, k: float) -> list[Word]:
    words: list[Word] = []
    for row in csv.DictReader(io.StringIO(tsv), delimiter="\t", quoting=csv.QUOTE_NONE):
        text = (row.get("text") or "").strip()
        if row.get("level") != "5" or not text:
            continue
        try:
            left, top, w, h = (int(row[c]) for c in ("left", "top", "width", "height"))
        except (KeyError, ValueError):
            continue
        words.append(
            Word(text=text, x0=left * k, x1=(left + w) * k, top=top * k, bottom=(top + h) * k, size=h * k)
        )
    return words


def page_blocks(words: list[Word], pno: int, width: float, height: float) -> list[Block]:
    lines = [ln for ln in layout.group_lines(words) if not layout.is_page_number(ln, height)]
    out: list[Block] = []
    for p in layout.order_columns(lines, width, first_page=pno == 1):
        text = repair(layout.normalise_bullet(p.text))
        if text:
            out.append(Block(text=text, kind="line", page=pno))
    return out


def ocr_pdf_pages(
    path: Path, pages: list[int], workers: int | None = None, dpi: int = DPI
) -> dict[int, list[Block]]:
    """OCR the given 0-based pages of a PDF; returns blocks per page index."""
    reason = tesseract_ready()
    if reason:
        raise ReadError(reason)
    workers = max(1, workers or min(os.cpu_count() or 1, len(pages)))
    doc = pdfium.PdfDocument(str(path))
    results: dict[int, list[Block]] = {}
    try:
        with ThreadPoolExecutor(max_workers=workers) as pool:
            pending: dict[int, Future[list[Block]]] = {}
            for i in pages:
                with _render_lock:
                    page = doc[i]
                    width, height = page.get_size()
                    img = page.render(scale=dpi / 72, grayscale=True).to_pil()
                    page.close()
                pending[i] = pool.submit(_ocr_page, img, i + 1, width, height, dpi)
                if len(pending) >= 2 * workers:  # bound the rendered images held in memory
                    first = next(iter(pending))
                    results[first] = pending.pop(first).result()
            for i, fut in pending.items():
                results[i] = fut.result()
    finally:
        doc.close()
    return results


def _ocr_page(img: Image.Image, pno: int, width: float, height: float, dpi: int) -> list[Block]:
    return page_blocks(ocr_image(img, dpi), pno, width, height)
