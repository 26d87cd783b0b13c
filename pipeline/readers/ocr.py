"""Scanned pages: render with pdfium, clean up, OCR with tesseract (vie), lay out like a text layer.

Pages run in parallel threads, each calling one single-threaded tesseract process
(OMP_THREAD_LIMIT=1: tesseract's own threading is 3-8× slower per page on a busy machine).
"""

from __future__ import annotations

import bisect
import csv
import io
import os
import re
import shutil
import subprocess
import threading
import time
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path

import cv2
import numpy as np
import pypdfium2 as pdfium
from PIL import Image

from pipeline.model import Block, OcrText, ReadError
from pipeline.sequence import next_roman, roman_value
from pipeline.textutil import is_upper_line

from . import layout, ocr_tables
from .layout import Word
from .ocr_words import is_known, restore_marks
from .pdf_tables import BBox, cell_text

DPI = 300
PSM = "4"  # one column of text of varying sizes: reads the letter header and body in order
CELL_PSM = "6"  # a table's stacked cells: one block of text, the cells one under another
TIMEOUT_S = 120.0  # one page by default (OcrOptions.page_seconds); tesseract takes 1-2 s
_REPAIRS = Path(__file__).resolve().parents[2] / "models" / "ocr" / "repairs.tsv"
_MISSING = "scanned PDF and no tesseract: apt-get install tesseract-ocr tesseract-ocr-vie"
_render_lock = threading.Lock()  # pdfium is not thread-safe


@cache
def tesseract_ready(lang: str = "vie") -> str | None:
    """None when tesseract with the data of every language of `lang` ("vie+eng") is usable, else the reason."""
    exe = shutil.which("tesseract")
    if exe is None:
        return _MISSING
    try:
        out = subprocess.run([exe, "--list-langs"], capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired):
        return _MISSING
    langs = set((out.stdout + out.stderr).split())
    if "vie" not in langs and "vie" in lang.split("+"):
        return _MISSING
    missing = [x for x in lang.split("+") if x not in langs]
    if missing:
        return f"no tesseract data for OCR language {', '.join(missing)} (apt-get install tesseract-ocr-<lang>)"
    return None


class PageTimeout(Exception):
    """A page's OCR ran past its time budget."""


@dataclass(frozen=True)
class Settings:
    """What one page's tesseract calls use: languages, and the time left (a monotonic deadline)."""

    lang: str = "vie"
    deadline: float | None = None

    def left(self) -> float:
        return TIMEOUT_S if self.deadline is None else self.deadline - time.monotonic()


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
    """Fix OCR slips that break document numbers ("KL/IW" → "KL/TW", "QÐ" → "QĐ") and misread
    marks ("Tống kết" → "Tổng kết", `ocr_words`)."""
    for pattern, repl in repairs():
        text = pattern.sub(repl, text)
    return restore_marks(text)


def clean_image(img: Image.Image) -> Image.Image:
    """Median filter then a global (Otsu) threshold: removes scanner speckle that tesseract reads as marks."""
    return Image.fromarray(clean_array(img))


def clean_array(img: Image.Image) -> np.ndarray:
    """`clean_image` as an array (255 = white); OpenCV's median is ten times PIL's."""
    return _threshold(cv2.medianBlur(np.asarray(img.convert("L")), 3))


def _threshold(g: np.ndarray) -> np.ndarray:
    t = _otsu(cv2.calcHist([g], [0], None, [256], [0, 256]).ravel().astype(int).tolist())
    return cv2.threshold(g, t, 255, cv2.THRESH_BINARY)[1]


# A page outside its tables with fewer letter-sized marks than this holds no line of text (a page number).
_MIN_LETTERS = 6


def _letters(ink: np.ndarray, dpi: int) -> np.ndarray:
    """Boxes (x, y, w, h) of the marks of letter size in an ink mask: no speck, no stretch of a ruling line."""
    s = dpi / 300 / 2  # labelled on the page pooled by two: a quarter of the pixels, letters still apart
    _, _, stats, _ = cv2.connectedComponentsWithStats(ocr_tables.pool(ink, 2), connectivity=8)
    x, y, w, h, area = stats[1:].T
    ok = (h >= 16 * s) & (h <= 100 * s) & (w >= 4 * s) & (w <= 150 * s) & (area >= 30 * s * s)
    return stats[1:][ok, :4] * 2


def _rest_words(rest: np.ndarray, dpi: int, settings: Settings | None) -> list[Word]:
    """The words of the page outside its tables, OCR'd on the rows that hold its letters: a page that
    is all table leaves specks and a page number tesseract would still take a fifth of a second over."""
    boxes = _letters(_ink(rest), dpi)
    if len(boxes) < _MIN_LETTERS:
        return []
    pad = int(40 * dpi / 300)  # a mark above or below the letters (a tone, an underline) stays in
    top = max(int(boxes[:, 1].min()) - pad, 0)
    bottom = min(int((boxes[:, 1] + boxes[:, 3]).max()) + pad, rest.shape[0])
    k = 72.0 / dpi
    words = _tsv_words(_tesseract_tsv(_png(rest[top:bottom]), dpi, settings=settings), k)
    return [replace(w, top=w.top + top * k, bottom=w.bottom + top * k) for w in words]


def _ink(gray: np.ndarray) -> np.ndarray:
    """255 where the page (255 = white) is inked (< 128), else 0."""
    return cv2.threshold(gray, 127, 255, cv2.THRESH_BINARY_INV)[1]


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


def _tesseract_tsv(png: bytes, dpi: int, psm: str = PSM, settings: Settings | None = None) -> str:
    env = dict(os.environ, OMP_THREAD_LIMIT="1")
    st = settings or Settings()
    left = st.left()
    if left <= 0:
        raise PageTimeout
    try:
        out = subprocess.run(
            ["tesseract", "stdin", "stdout", "-l", st.lang, "--psm", psm, "--dpi", str(dpi), "tsv"],
            input=png,
            capture_output=True,
            timeout=left,
            env=env,
            check=False,
        )
    except FileNotFoundError as e:
        raise ReadError(_MISSING) from e
    except subprocess.TimeoutExpired as e:
        raise PageTimeout from e
    if out.returncode != 0:
        raise ReadError(f"tesseract failed: {out.stderr.decode(errors='replace').strip()[:200]}")
    return out.stdout.decode("utf-8", errors="replace")


def _png(gray: np.ndarray) -> bytes:
    """A binary page (0/255) as a one-bit PNG: a twelfth of the bytes of raw pixels, and tesseract reads
    it faster than uncompressed formats through its stdin pipe."""
    return cv2.imencode(".png", gray, [cv2.IMWRITE_PNG_BILEVEL, 1, cv2.IMWRITE_PNG_COMPRESSION, 1])[1].tobytes()


def ocr_image(img: Image.Image, dpi: int = DPI, settings: Settings | None = None) -> list[Word]:
    """OCR one page image; words in PDF points (so the text-layer layout rules apply)."""
    return _tsv_words(_tesseract_tsv(_png(clean_array(img)), dpi, settings=settings), 72.0 / dpi)


Rows = tuple[tuple[str, ...], ...]


@dataclass
class ScanTable:
    """A ruled table of a page image: its box in PDF points, its rows, and each cell as OCR read it."""

    bbox: BBox
    rows: Rows
    cells: list[tuple[str, float | None, bool]] = field(default_factory=list)  # text, confidence, aligned


# Tesseract is sure of words that are no Vietnamese syllable ("Xâykế"): their confidence counts at most this.
_UNKNOWN_CONF = 40.0


def word_conf(words: list[Word], text: str | None = None) -> float | None:
    """Mean OCR confidence (0-100) of words, each weighted by its length; None when none has one.

    With the `text` the words were joined into, each of its tokens that makes no known syllable
    ("Xâykế": words run together or misread) counts at most _UNKNOWN_CONF, however sure tesseract was."""
    rated = [(w.conf, len(w.text)) for w in words if w.conf is not None]
    total = sum(n for _, n in rated)
    if not total:
        return None
    mean = sum(c * n for c, n in rated) / total
    if text is None or not text.split():
        return mean
    sizes = [(len(tok), is_known(tok)) for tok in text.split()]
    return sum(n * (mean if ok else min(mean, _UNKNOWN_CONF)) for n, ok in sizes) / sum(n for n, _ in sizes)


def ocr_page_image(
    img: Image.Image, dpi: int = DPI, tables: bool = True, settings: Settings | None = None
) -> tuple[list[Word], list[ScanTable]]:
    """OCR one page image: the words outside ruled tables, and each table's rows with its cells OCR'd
    one by one (all the page's cells in one tesseract call); positions in PDF points."""
    gray = clean_array(img)
    k = 72.0 / dpi
    if not tables:
        return _tsv_words(_tesseract_tsv(_png(gray), dpi, settings=settings), k), []
    # rulings are found on the unfiltered page: the median filter erases a line one pixel thin
    raw = _threshold(np.asarray(img.convert("L")))
    found = ocr_tables.rulings(_ink(raw), dpi)
    hor, ver, angle = found.hor, found.ver, found.skew
    grids: list[ocr_tables.Grid] = []
    if hor.any() and ver.any():  # no table without both kinds of line: spare the rest of the search
        gray, raw = ocr_tables.turn(gray, angle), ocr_tables.turn(raw, angle)
        # the masks are turned with the page rather than found again on it (a third of a page's cost)
        hor, ver = ocr_tables.turn_mask(hor, angle), ocr_tables.turn_mask(ver, angle)
        grids, lines = ocr_tables.find_grids(_ink(raw), dpi, masks=(hor, ver))
    if not grids:
        return _tsv_words(_tesseract_tsv(_png(gray), dpi, settings=settings), k), []
    # two tesseract calls: the page without its tables, and the tables' cells stacked one under another
    rest = gray.copy()
    for g in grids:
        x0, y0, x1, y1 = g.box
        rest[max(y0 - 4, 0) : y1 + 5, max(x0 - 4, 0) : x1 + 5] = 255
    words = _rest_words(rest, dpi, settings)
    stacked = ocr_tables.stack_cells(gray, lines, [c for g in grids for c in g.cells], dpi)
    cell_words: dict[int, list[Word]] = {}
    tops = [b[1] for b in stacked.bands]
    if stacked.bands:
        cells_tsv = _tesseract_tsv(_png(stacked.image), dpi, psm=CELL_PSM, settings=settings)
        for w in _tsv_words(cells_tsv, k):
            j = bisect.bisect_right(tops, ((w.top + w.bottom) / 2) / k + ocr_tables.GAP / 2) - 1
            if j >= 0:
                cell_words.setdefault(stacked.bands[j][0], []).append(w)
    texts = {idx: repair(layout.normalise_bullet(cell_text(ws))) for idx, ws in cell_words.items()}
    out: list[ScanTable] = []
    at = 0
    for g in grids:
        own = {i - at: t for i, t in texts.items() if at <= i < at + len(g.cells)}
        bent = ocr_tables.misaligned_rows(g)
        cells = [
            (t, word_conf(cell_words[at + i], t), not any(r in bent for r in range(g.cells[i].r0, g.cells[i].r1)))
            for i, t in own.items()
            if t
        ]
        at += len(g.cells)
        x0, y0, x1, y1 = g.box
        out.append(ScanTable((x0 * k, y0 * k, x1 * k, y1 * k), ocr_tables.grid_rows(g, own), cells))
    return words, out


# A part's heading: a roman numeral and a title in capitals ("II. NỘI DUNG KẾ HOẠCH").
_PART_HEADING = re.compile(r"^(?P<tok>[^\W\d_]{1,4}|[lL1|!]{1,4})\s*[.,]\s+(?P<rest>\S.*)$")


def repair_part_numbers(blocks: list[Block]) -> list[Block]:
    """Roman numerals of the parts' headings read back in their sequence ("IL." → "II.", "HI." →
    "III.", `sequence.next_roman`); only headings in capitals, as Vietnamese parts are printed."""
    last = 0
    out: list[Block] = []
    for b in blocks:
        m = _PART_HEADING.match(b.text) if b.kind == "line" else None
        roman = next_roman(m.group("tok"), last) if m and is_upper_line(m.group("rest")) else None
        if m and roman is not None:
            last = roman_value(roman) or last
            if roman != m.group("tok"):
                b = replace(b, text=f"{roman}. {m.group('rest')}")
        out.append(b)
    return _first_article(out)


_ARTICLE = re.compile(r"^\W*Điều\s+(\d+)\s*[.:]", re.IGNORECASE)
_DECIDES = re.compile(r"^\W*QUYẾT\s+(?:ĐỊNH|NGHỊ)\s*:\s*$", re.IGNORECASE)


def _first_article(blocks: list[Block]) -> list[Block]:
    """A decision's articles start at "Điều 1." right under "QUYẾT ĐỊNH:" / "QUYẾT NGHỊ:"; where the
    scan's first article read is "Điều 2." that heading was lost (a seal printed over it, as a rule)
    and is put back."""
    decides = next((i for i, b in enumerate(blocks) if b.kind == "line" and _DECIDES.match(b.text)), None)
    if decides is None:
        return blocks
    first = next((b for b in blocks[decides + 1 :] if b.kind == "line" and _ARTICLE.match(b.text)), None)
    if first is None or _ARTICLE.match(first.text).group(1) != "2":  # type: ignore[union-attr]
        return blocks
    head = blocks[decides]
    return [*blocks[: decides + 1], replace(head, text="Điều 1."), *blocks[decides + 1 :]]


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
        try:
            conf: float | None = float(row.get("conf") or "")
        except ValueError:
            conf = None
        conf = conf if conf is not None and conf >= 0 else None  # -1: tesseract rated no word here
        box = {"x0": left * k, "x1": (left + w) * k, "top": top * k, "bottom": (top + h) * k, "size": h * k}
        words.append(Word(text=text, conf=conf, **box))
    return words


def _speck(line: layout.Line, height: float) -> bool:
    """A line in the page margin with fewer than three letters or digits: a stamp's or a scan's mark."""
    return layout.in_margin(line, height) and sum(ch.isalnum() for ch in line.text) < 3


@dataclass
class OcrPage:
    """One OCR'd page: its blocks, and its lines and cells with their confidences."""

    blocks: list[Block]
    texts: list[OcrText]
    timed_out: bool = False  # the page ran past its time budget and is left out


def page_blocks(
    words: list[Word], pno: int, width: float, height: float, tables: list[ScanTable] | None = None
) -> OcrPage:
    """Blocks of a page: its lines in reading order, each table where it stands (by its top)."""
    lines = [ln for ln in layout.group_lines(words) if not layout.is_page_number(ln, height) and not _speck(ln, height)]
    placed: list[tuple[float, Block]] = []
    texts: list[OcrText] = []
    for p in layout.order_columns(lines, width, first_page=pno == 1):
        text = repair(layout.normalise_bullet(p.text))
        if text:
            placed.append((p.top, Block(text=text, kind="line", page=pno)))
            texts.append(OcrText(pno, text, word_conf(p.line.words, text)))
    for t in sorted(tables or [], key=lambda t: t.bbox[1]):
        at = next((i for i, (top, _) in enumerate(placed) if top > t.bbox[1]), len(placed))
        placed.insert(at, (t.bbox[1], Block(text="", kind="table", page=pno, rows=t.rows)))
        texts.extend(OcrText(pno, text, conf, aligned) for text, conf, aligned in t.cells)
    return OcrPage([b for _, b in placed], texts)


def ocr_pdf_pages(
    path: Path,
    pages: list[int],
    workers: int | None = None,
    dpi: int = DPI,
    tables: bool = True,
    lang: str = "vie",
    page_seconds: float = TIMEOUT_S,
) -> dict[int, OcrPage]:
    """OCR the given 0-based pages of a PDF; returns each page's blocks and texts by page index. A page
    that takes longer than `page_seconds` comes back empty with `timed_out` set."""
    reason = tesseract_ready(lang)
    if reason:
        raise ReadError(reason)
    workers = max(1, workers or min(os.cpu_count() or 1, len(pages)))
    doc = pdfium.PdfDocument(str(path))
    results: dict[int, OcrPage] = {}
    try:
        with ThreadPoolExecutor(max_workers=workers) as pool:
            pending: dict[int, Future[OcrPage]] = {}
            for i in pages:
                with _render_lock:
                    page = doc[i]
                    width, height = page.get_size()
                    img = page.render(scale=dpi / 72, grayscale=True).to_pil()
                    page.close()
                pending[i] = pool.submit(_ocr_page, img, i + 1, (width, height), dpi, tables, (lang, page_seconds))
                if len(pending) >= 2 * workers:  # bound the rendered images held in memory
                    first = next(iter(pending))
                    results[first] = pending.pop(first).result()
            for i, fut in pending.items():
                results[i] = fut.result()
    finally:
        doc.close()
    return results


def _ocr_page(
    img: Image.Image, pno: int, size: tuple[float, float], dpi: int, tables: bool, budget: tuple[str, float]
) -> OcrPage:
    lang, seconds = budget
    settings = Settings(lang=lang, deadline=time.monotonic() + seconds)  # the clock starts as the page does
    try:
        words, found = ocr_page_image(img, dpi, tables=tables, settings=settings)
    except PageTimeout:
        return OcrPage([], [], timed_out=True)
    return page_blocks(words, pno, size[0], size[1], found)
