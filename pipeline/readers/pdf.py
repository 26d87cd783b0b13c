"""PDF reader: text layer through pdfium (pdfplumber for pages with ruled tables), image pages through OCR.

Words come from pdfium's text page, cut and measured the way pdfplumber's `extract_words` does it
(pdfium_words), so both paths feed the same layout code; pdfplumber parses only pages whose vector
paths could form a ruled grid, and pages pdfium's words do not model (rotated text, odd boxes).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pdfplumber
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from pipeline.model import Block, OcrOptions, OcrText, ReadError, ReadResult

from . import layout
from .layout import Word
from .legacy_fonts import convert_font_text, fix_legacy_line
from .pdf_tables import EdgePage, continue_rows, find_tables, may_hold_table, words_outside
from .pdfium_words import DocFonts, Unsupported, page_text, page_words

# A page with fewer text characters than this has no usable text layer.
_MIN_CHARS = 30
# ...and so has a page whose text is short but which is mostly one picture (a scan with a stamp).
_SCAN_CHARS = 400
_SCAN_COVER = 0.5
# Footnote text is at most this share of the body size (≈8-10 pt against 13-14 pt).
_FOOTNOTE_SIZE = 0.8
_BOLD = re.compile(r"bold|black|heavy|semibold|demi", re.IGNORECASE)
_NOTE_MARK = re.compile(r"^(?:\d{1,3}|\(\d{1,3}\)|\*{1,3})$")


@dataclass
class _Item:
    block: Block
    key: str | None = None  # running-header identity for lines in the page margins


def read_pdf(path: Path, workers: int | None = None, ocr_options: OcrOptions | None = None) -> ReadResult:
    """Read a PDF; pages without a text layer are OCR'd (tesseract), the rest read from the text layer.
    `ocr_options.mode`: "force" OCRs every page, "off" none (image pages are then left out)."""
    opt = ocr_options or OcrOptions()
    kinds, items = _read_text_pages(path)
    images = [i for i, k in enumerate(kinds) if k == "scan"]
    scans = list(range(len(kinds))) if opt.mode == "force" else [] if opt.mode == "off" else images
    warnings: list[str] = []
    texts: list[OcrText] = []
    late: list[int] = []
    if images and opt.mode == "off":
        if len(images) == len(kinds):
            raise ReadError("scanned PDF and OCR is off (--ocr off): use --ocr auto to read it")
        warnings.append(f"pages {', '.join(str(i + 1) for i in images)} are images, left out (--ocr off)")
        for i in images:
            items[i] = []
    if scans:
        from . import ocr, page_ocr

        try:
            ocr_pages = page_ocr.ocr_pages(path, scans, opt, workers)  # here, or page ranges on a cluster
        except ReadError:
            if len(images) == len(kinds) or opt.mode == "force":
                raise
            ocr_pages = {}
            warnings.append(f"pages {', '.join(str(i + 1) for i in scans)} are images and OCR is missing")
        late = [i + 1 for i in scans if i in ocr_pages and ocr_pages[i].timed_out]
        if late:
            pages = ", ".join(map(str, late))
            warnings.append(f"OCR of pages {pages} took longer than {opt.page_seconds:g} s a page: left out")
        fixed = iter(ocr.repair_part_numbers([b for i in scans if i in ocr_pages for b in ocr_pages[i].blocks]))
        for i in scans:
            page = ocr_pages.get(i)
            if page is not None and page.timed_out and kinds[i] == "text":
                continue  # --ocr force on a page with a text layer: the layer stands in for a late OCR
            items[i] = [_Item(next(fixed)) for _ in page.blocks] if page else []
            texts.extend(page.texts if page else [])
    blocks = _assemble(items)
    if late and len(late) == len(kinds):
        raise ReadError(f"OCR of every page took longer than {opt.page_seconds:g} s (--ocr-page-seconds)")
    if not any(b.text.strip() or b.rows for b in blocks):
        raise ReadError("PDF has no readable text")
    kind = "pdf-ocr" if len(scans) * 2 > len(kinds) else "pdf"
    if scans and kind == "pdf":
        warnings.append(f"OCR used for pages {', '.join(str(i + 1) for i in scans)}")
    return ReadResult(blocks=blocks, source_kind=kind, pages=len(kinds), warnings=warnings, ocr=texts)


def classify_pages(path: Path) -> list[str]:
    """'text' or 'scan' for every page, from pdfium's quick look at characters and images."""
    return [k for k, _ in _survey(path)]


def _open(path: Path) -> Any:
    try:
        doc = pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as e:
        msg = str(e).lower()
        if "password" in msg:
            raise ReadError("encrypted PDF: needs a password") from e
        if "success" in msg:  # PDFium gives no error code for a document without a page tree or pages
            raise ReadError("PDF has no pages") from e
        raise ReadError(f"corrupt or truncated PDF ({e})") from e
    if len(doc) == 0:
        doc.close()
        raise ReadError("PDF has no pages")
    return doc


def _survey(path: Path) -> list[tuple[str, list[Word]]]:
    """Per page: its kind, and the words drawn by form fields and stamps (not in the text layer)."""
    doc = _open(path)
    try:
        doc.init_forms()
        out: list[tuple[str, list[Word]]] = []
        for i in range(len(doc)):
            page = doc[i]
            try:
                kind = _page_kind(page)
                extra = _annotation_words(doc, i, page) if kind == "text" else []
            finally:
                page.close()
            out.append((kind, extra))
        return out
    finally:
        doc.close()


def _annotation_words(doc: Any, index: int, page: Any, before: int | None = None) -> list[Word]:
    """Text that signing software stamps into widgets ("Số: 453", the date) only shows once flattened.

    Flattening changes the page in `doc`: read the page's own words first.
    """
    if pdfium_c.FPDFPage_GetAnnotCount(page.raw) <= 0:
        return []
    if before is None:
        tp = page.get_textpage()
        before = tp.count_chars()
        tp.close()
    try:
        if page.flatten() != pdfium_c.FLATTEN_SUCCESS:
            return []
    except RuntimeError:  # pypdfium2 refuses to flatten a document without a form
        return []
    flat = doc[index]
    try:
        return _chars_to_words(flat, before)
    finally:
        flat.close()


def _chars_to_words(page: Any, start: int) -> list[Word]:
    height = page.get_height()
    tp = page.get_textpage()
    words: list[Word] = []
    try:
        cur: list[tuple[str, float, float, float, float, float]] = []
        for i in range(start, tp.count_chars()):
            ch = tp.get_text_range(i, 1)
            if not ch or ch.isspace():
                _flush(cur, words, height)
                continue
            left, bottom, right, top = tp.get_charbox(i)
            size = pdfium_c.FPDFText_GetFontSize(tp.raw, i)
            if cur and (left - cur[-1][3] > size * 0.3 or abs(bottom - cur[-1][2]) > size * 0.5):
                _flush(cur, words, height)
            cur.append((ch, left, bottom, right, top, size))
        _flush(cur, words, height)
    finally:
        tp.close()
    return words


def _flush(cur: list[tuple[str, float, float, float, float, float]], words: list[Word], h: float) -> None:
    if cur:
        text = unicodedata.normalize("NFC", "".join(c[0] for c in cur))
        size = max(c[5] for c in cur)
        words.append(
            Word(
                text=text,
                x0=min(c[1] for c in cur),
                x1=max(c[3] for c in cur),
                top=h - max(c[4] for c in cur),
                bottom=h - min(c[2] for c in cur),
                size=size,
            )
        )
        cur.clear()


def _page_kind(page: Any, text: str | None = None) -> str:
    if text is None:
        tp = page.get_textpage()
        try:
            text = tp.get_text_range()
        finally:
            tp.close()
    chars = len("".join(text.split()))  # str.split drops exactly what isspace() calls space
    if chars < _MIN_CHARS:
        return "scan" if _image_cover(page) > 0.05 else "text"
    if chars < _SCAN_CHARS and _image_cover(page) > _SCAN_COVER:
        return "scan"
    return "text"


def _image_cover(page: Any) -> float:
    w, h = page.get_size()
    best = 0.0
    for obj in page.get_objects(filter=(pdfium_c.FPDF_PAGEOBJ_IMAGE,), max_depth=2):
        left, bottom, right, top = obj.get_bounds()
        best = max(best, max(0.0, right - left) * max(0.0, top - bottom) / max(w * h, 1.0))
    return best


def _read_text_pages(path: Path) -> tuple[list[str], list[list[_Item]]]:
    """Kinds of all pages and the items of the text pages, one page at a time (scans left empty)."""
    kinds: list[str] = []
    items: list[list[_Item]] = []
    body_size = 0.0
    doc = _open(path)
    fonts = DocFonts(path)  # parses lazily; pages whose fonts it cannot read go to pdfplumber
    plumber: Any = None  # opened at the first page pdfium's words do not cover
    try:
        doc.init_forms()
        for i in range(len(doc)):
            page = doc[i]
            try:
                tp = page.get_textpage()
                try:
                    text = page_text(tp)
                    kind = _page_kind(page, text)
                    fast = _fast_words(page, tp, text, fonts, i) if kind == "text" else None
                    count = tp.count_chars()
                finally:
                    tp.close()
                extra = _annotation_words(doc, i, page, count) if kind == "text" else []
            finally:
                page.close()
            kinds.append(kind)
            if kind == "scan":
                items.append([])
                continue
            if fast is not None:
                words, grid = fast
                words += extra
                tables = find_tables(grid, words) if grid is not None and words else []
                width, height = doc.get_page_size(i)
                page_items, body_size = _page_items(words, tables, width, height, i + 1, body_size)
            else:
                if plumber is None:
                    plumber = _plumber_open(path)
                page_items, body_size = _plumber_page(plumber, i, extra, body_size)
            items.append(page_items)
    finally:
        if plumber is not None:
            plumber.close()
        fonts.close()
        doc.close()
    return kinds, items


def _fast_words(
    page: Any, tp: Any, text: str, fonts: DocFonts, index: int
) -> tuple[list[Word], EdgePage | None] | None:
    """The page's words from pdfium, and its ruling edges if they could form a table.

    None where pdfplumber must read the page (rotated, offset boxes, text pdfium_words does not model).
    """
    if page.get_rotation():
        return None
    box = page.get_mediabox()
    if box[0] or box[1] or page.get_cropbox() != box:
        return None  # pdfplumber measures from the media box; keep to pages where both agree
    try:
        words = page_words(tp, page.get_height(), fonts.page(index), text)
    except Unsupported:
        return None
    except Exception:  # pdfminer trips on the page's font resources: pdfplumber reads it
        return None
    # edges before the widgets are flattened into the page: pdfplumber never sees widget borders
    grid = EdgePage(page, page.get_width(), page.get_height()) if may_hold_table(page) else None
    return words, grid


def _plumber_open(path: Path) -> Any:
    try:
        return pdfplumber.open(str(path))
    except Exception as e:  # pdfminer raises many types on damaged files
        raise ReadError(f"corrupt or truncated PDF ({type(e).__name__}: {e})") from e


def _plumber_page(pdf: Any, index: int, extra: list[Word], body_size: float) -> tuple[list[_Item], float]:
    try:
        page = pdf.pages[index]
        try:
            words = _words(page) + extra
            tables = find_tables(page, words) if words else []
            return _page_items(words, tables, page.width, page.height, index + 1, body_size)
        finally:
            page.close()  # streams: drop this page's parsed objects before the next
    except ReadError:
        raise
    except Exception as e:  # pdfminer raises many types on damaged files
        raise ReadError(f"corrupt or truncated PDF ({type(e).__name__}: {e})") from e


def _words(page: Any) -> list[Word]:
    out: list[Word] = []
    for w in page.extract_words(extra_attrs=["fontname", "size"]):
        font = w.get("fontname") or ""
        out.append(
            Word(
                text=convert_font_text(w["text"], font),
                x0=w["x0"],
                x1=w["x1"],
                top=w["top"],
                bottom=w["bottom"],
                size=float(w.get("size") or 0.0),
                bold=bool(_BOLD.search(font)),
            )
        )
    return out


def _page_items(
    words: list[Word], tables: list[Any], width: float, height: float, pno: int, body_size: float
) -> tuple[list[_Item], float]:
    if not words:
        return [], body_size
    raw: dict[float, int] = {}
    for w in words:
        raw[w.size] = raw.get(w.size, 0) + len(w.text)
    sizes: Counter[float] = Counter()
    for size, n in raw.items():  # a page has few distinct sizes: round each once
        sizes[round(size, 1)] += n
    if sum(sizes.values()) > 300 or not body_size:
        body_size = sizes.most_common(1)[0][0]
    lines = layout.group_lines(words_outside(words, [b for b, _ in tables]) if tables else words)
    lines = [ln for ln in lines if not layout.is_page_number(ln, height)]
    lines, notes = _split_footnotes(lines, body_size, pno)
    lines = [layout.drop_marks(ln)[0] if ln.size > body_size * _FOOTNOTE_SIZE else ln for ln in lines]
    placed = layout.order_columns(lines, width, first_page=pno == 1)
    items: list[tuple[float, _Item]] = []
    for p in placed:
        if not p.text:
            continue
        p.text = fix_legacy_line(layout.normalise_bullet(p.text))
        key = layout.furniture_key(p.text) if layout.in_margin(p.line, height) else None
        items.append((p.top, _Item(Block(text=p.text, kind="line", page=pno, bold=p.bold), key)))
    for bbox, rows in sorted(tables, key=lambda t: t[0][1]):
        # insert before the first line below the table; lines keep their column order
        at = next((k for k, (top, _) in enumerate(items) if top > bbox[1]), len(items))
        items.insert(at, (bbox[1], _Item(Block(text="", kind="table", page=pno, rows=rows))))
    return [it for _, it in items] + [_Item(n) for n in notes], body_size


def _split_footnotes(lines: list[layout.Line], body_size: float, pno: int) -> tuple[list[layout.Line], list[Block]]:
    """Small-print lines under the last body line, starting with a note mark, are footnotes."""
    k = len(lines)
    while k > 0 and lines[k - 1].size <= body_size * _FOOTNOTE_SIZE:
        k -= 1
    zone = lines[k:]
    if not zone or not _note_start(zone[0], first=True):
        return lines, []
    notes: list[tuple[str, list[str]]] = []
    for ln in zone:
        mark = _note_start(ln, first=not notes)
        if mark is not None:
            rest = layout.join_words(ln.words[1:])
            notes.append((mark, [rest] if rest else []))
        else:
            notes[-1][1].append(ln.text)
    blocks = [Block(text=" ".join(t).strip(), kind="footnote", page=pno, label=m) for m, t in notes]
    return lines[:k], blocks


def _note_start(ln: layout.Line, first: bool) -> str | None:
    """The note number if this footnote line starts a new note (a raised or smaller mark)."""
    w = ln.words
    if not _NOTE_MARK.match(w[0].text):
        return None
    if len(w) == 1:
        return w[0].text
    raised = w[0].bottom < w[1].bottom - 0.15 * w[1].size or w[0].size < w[1].size * 0.9
    return w[0].text if raised or (first and w[1].x0 - w[0].x1 > 1.0) else None


def _assemble(pages: list[list[_Item]]) -> list[Block]:
    """Drop running headers/footers, join tables continued across pages, flatten to blocks."""
    counts: Counter[str] = Counter()
    for items in pages:
        counts.update({it.key for it in items if it.key})
    repeated = {k for k, n in counts.items() if n >= 2 and n * 2 >= len(pages)}
    out: list[Block] = []
    for items in pages:
        first = True
        for it in items:
            if it.key in repeated:
                continue
            b = it.block
            prev = next((x for x in reversed(out) if x.kind != "footnote"), None)
            if (
                first
                and b.kind == "table"
                and prev is not None
                and prev.kind == "table"
                and len(prev.rows[0]) == len(b.rows[0])
            ):
                idx = out.index(prev)
                out[idx] = Block(text="", kind="table", page=prev.page, rows=continue_rows(prev.rows, b.rows))
            else:
                out.append(b)
            first = first and b.kind == "footnote"
    return out
