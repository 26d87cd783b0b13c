"""Ruled tables on a PDF page: find them, read their cells from the page's words."""

from __future__ import annotations

import ctypes
import re
from collections.abc import Callable
from typing import Any

import pypdfium2.raw as pdfium_c

from .layout import Word, drop_marks, group_lines

Rows = tuple[tuple[str, ...], ...]
BBox = tuple[float, float, float, float]

# A cell line that starts with one of these starts a new paragraph inside the cell.
_PARA_START = re.compile(r"^(?:[-+•–]\s|\(?\d{1,2}[.)]\s|[a-zđ]\)\s)")
# pdfplumber's table edges: shorter ones are dropped, nearer ones snap together (points).
_EDGE_MIN = 3.0
_SNAP = 3.0
# A path with more segments than a rectangle may draw a whole grid at once.
_SIMPLE_SEGMENTS = 5
# Form XObjects nest; deeper than this is not worth walking.
_FORM_DEPTH = 8

_V = ctypes.c_void_p
_I = ctypes.c_int


def _lean(fn: Any, restype: Any, *argtypes: Any) -> Callable[..., Any]:
    """The same pdfium symbol with plain-address arguments (pypdfium2's typed wrappers are slower)."""
    return ctypes.CFUNCTYPE(restype, *argtypes)(ctypes.cast(fn, _V).value)


_count_objects = _lean(pdfium_c.FPDFPage_CountObjects, _I, _V)
_get_object = _lean(pdfium_c.FPDFPage_GetObject, _V, _V, _I)
_form_count = _lean(pdfium_c.FPDFFormObj_CountObjects, _I, _V)
_form_object = _lean(pdfium_c.FPDFFormObj_GetObject, _V, _V, ctypes.c_ulong)
_object_type = _lean(pdfium_c.FPDFPageObj_GetType, _I, _V)
_object_bounds = _lean(pdfium_c.FPDFPageObj_GetBounds, _I, _V, _V, _V, _V, _V)
_segments = _lean(pdfium_c.FPDFPath_CountSegments, _I, _V)
_segment = _lean(pdfium_c.FPDFPath_GetPathSegment, _V, _V, _I)
_segment_point = _lean(pdfium_c.FPDFPathSegment_GetPoint, _I, _V, _V, _V)
_segment_type = _lean(pdfium_c.FPDFPathSegment_GetType, _I, _V)
_segment_close = _lean(pdfium_c.FPDFPathSegment_GetClose, _I, _V)
_object_matrix = _lean(pdfium_c.FPDFPageObj_GetMatrix, _I, _V, _V)

Matrix = tuple[float, float, float, float, float, float]
_IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


class EdgePage:
    """What pdfplumber's TableFinder reads from a page, its ruling edges, built from pdfium's paths."""

    def __init__(self, page: Any, width: float, height: float) -> None:
        self.width, self.height = width, height
        self.bbox = (0.0, 0.0, width, height)
        self.edges = pdfium_edges(page, height)

    def find_tables(self) -> list[Any]:
        from pdfplumber.table import TableFinder, TableSettings

        return TableFinder(self, TableSettings.resolve(None)).tables  # type: ignore[arg-type]


def pdfium_edges(page: Any, height: float) -> list[dict[str, Any]]:
    """pdfplumber's `page.edges` (lines, rectangle sides, curve steps) from pdfium's path objects.

    Paths are cut into subpaths and sorted into lines, rectangles and curves the way pdfminer's
    `paint_path` does, so TableFinder gets the edges it would get from pdfplumber.
    """
    lines: list[dict[str, Any]] = []
    rects: list[dict[str, Any]] = []
    curves: list[dict[str, Any]] = []
    for obj, matrix in _path_objects(page):
        for ops in _subpaths(obj, matrix):
            _classify(ops, height, lines, rects, curves)
    return lines + rects + curves


def _path_objects(page: Any) -> list[tuple[int, Matrix]]:
    """Path objects of the page and its forms, each with the matrix to page space."""
    out: list[tuple[int, Matrix]] = []
    m = (ctypes.c_float * 6)()
    handle = ctypes.cast(page.raw, _V).value
    todo: list[tuple[list[int], Matrix, int]] = [
        ([_get_object(handle, i) for i in range(_count_objects(handle))], _IDENTITY, 0)
    ]
    while todo:
        objects, outer, depth = todo.pop()
        for obj in objects:
            kind = _object_type(obj)
            if kind not in (pdfium_c.FPDF_PAGEOBJ_PATH, pdfium_c.FPDF_PAGEOBJ_FORM):
                continue
            _object_matrix(obj, ctypes.addressof(m))
            own = _compose((m[0], m[1], m[2], m[3], m[4], m[5]), outer)
            if kind == pdfium_c.FPDF_PAGEOBJ_PATH:
                out.append((obj, own))
            elif depth < _FORM_DEPTH:
                todo.append(([_form_object(obj, i) for i in range(_form_count(obj))], own, depth + 1))
    return out


def _compose(inner: Matrix, outer: Matrix) -> Matrix:
    a, b, c, d, e, f = inner
    a2, b2, c2, d2, e2, f2 = outer
    return (
        a * a2 + b * c2,
        a * b2 + b * d2,
        c * a2 + d * c2,
        c * b2 + d * d2,
        e * a2 + f * c2 + e2,
        e * b2 + f * d2 + f2,
    )


def _subpaths(obj: int, mt: Matrix) -> list[list[tuple[str, float, float]]]:
    """The path as pdfminer's operators ('m', 'l', 'c' end points, 'h'), split at every move."""
    xy = (ctypes.c_float * 2)()
    x_at = ctypes.addressof(xy)
    a, b, c, d, e, f = mt
    out: list[list[tuple[str, float, float]]] = []
    bezier = 0
    for i in range(_segments(obj)):
        seg = _segment(obj, i)
        _segment_point(seg, x_at, x_at + 4)
        x, y = xy[0], xy[1]
        px, py = a * x + c * y + e, b * x + d * y + f
        kind = _segment_type(seg)
        if kind == pdfium_c.FPDF_SEGMENT_MOVETO or not out:
            out.append([("m", px, py)])
        elif kind == pdfium_c.FPDF_SEGMENT_BEZIERTO:
            bezier += 1
            if bezier % 3 == 0:  # pdfium lists both control points; pdfminer keeps the end point
                out[-1].append(("c", px, py))
        else:
            out[-1].append(("l", px, py))
        if _segment_close(seg):
            out[-1].append(("h", out[-1][0][1], out[-1][0][2]))
    return out


def _classify(
    ops: list[tuple[str, float, float]],
    height: float,
    lines: list[dict[str, Any]],
    rects: list[dict[str, Any]],
    curves: list[dict[str, Any]],
) -> None:
    """pdfminer's paint_path for one subpath: a line, a rectangle, or a curve."""
    shape = "".join(op for op, _, _ in ops)
    pts = [(x, y) for _, x, y in ops]
    if len(shape) > 3 and shape[-2:] == "lh" and pts[-2] == pts[0]:
        shape = shape[:-2] + "h"  # a redundant line back to the start before the close
        pts.pop(-2)
    if shape in ("mlh", "ml"):
        (x0, y0), (x1, y1) = pts[0], pts[1]
        top, bottom = height - max(y0, y1), height - min(y0, y1)
        lines.append(
            {
                "object_type": "line",
                "x0": min(x0, x1),
                "x1": max(x0, x1),
                "top": top,
                "bottom": bottom,
                "width": abs(x1 - x0),
                "height": bottom - top,
                "orientation": "h" if top == bottom else "v",
            }
        )
        return
    if shape in ("mlllh", "mllll"):
        (x0, y0), (x1, y1), (x2, y2), (x3, y3), _ = pts
        square = (x0 == x1 and y1 == y2 and x2 == x3 and y3 == y0) or (y0 == y1 and x1 == x2 and y2 == y3 and x3 == x0)
        if pts[0] == pts[4] and square:
            left, right = min(x0, x2), max(x0, x2)
            top, bottom = height - max(y0, y2), height - min(y0, y2)
            w, h = right - left, bottom - top
            base = {"object_type": "rect_edge", "x0": left, "x1": right, "top": top, "bottom": bottom}
            rects += [
                {**base, "bottom": top, "width": w, "height": 0, "orientation": "h"},
                {**base, "top": bottom, "width": w, "height": 0, "orientation": "h"},
                {**base, "x1": left, "width": 0, "height": h, "orientation": "v"},
                {**base, "x0": right, "width": 0, "height": h, "orientation": "v"},
            ]
            return
    flipped = [(x, height - y) for x, y in pts]
    for (ax, ay), (bx, by) in zip(flipped, flipped[1:], strict=False):
        curves.append(
            {
                "object_type": "curve_edge",
                "x0": min(ax, bx),
                "x1": max(ax, bx),
                "top": min(ay, by),
                "bottom": max(ay, by),
                "width": abs(ax - bx),
                "height": abs(ay - by),
                "orientation": "v" if ax == bx else ("h" if ay == by else None),
            }
        )


def may_hold_table(page: Any) -> bool:
    """Whether the page's vector paths could make a ruled grid of 2×2 cells or more.

    pdfplumber's `find_tables` needs three vertical and three horizontal edges for that; pages
    without them (most letters: a rule under the motto, a signature line) skip pdfplumber.
    """
    xs: list[float] = []
    ys: list[float] = []
    bounds = (ctypes.c_float * 4)()
    at = ctypes.addressof(bounds)
    todo: list[tuple[int, int]] = []  # (form object, depth); the page itself is depth 0
    handle = ctypes.cast(page.raw, _V).value
    objects = [(_get_object(handle, i), 0) for i in range(_count_objects(handle))]
    while objects or todo:
        if not objects:
            form, depth = todo.pop()
            objects = [(_form_object(form, i), depth) for i in range(_form_count(form))]
            continue
        obj, depth = objects.pop()
        kind = _object_type(obj)
        if kind == pdfium_c.FPDF_PAGEOBJ_FORM and depth < _FORM_DEPTH:
            todo.append((obj, depth + 1))
        if kind != pdfium_c.FPDF_PAGEOBJ_PATH or not _object_bounds(obj, at, at + 4, at + 8, at + 12):
            continue
        left, bottom, right, top = bounds
        wide, tall = right - left >= _EDGE_MIN, top - bottom >= _EDGE_MIN
        if wide and tall and _segments(obj) > _SIMPLE_SEGMENTS:
            return True  # a grid or a curve drawn as one path: let pdfplumber judge
        if tall:
            xs += (left, right)
        if wide:
            ys += (bottom, top)
    return _distinct(xs) >= 3 and _distinct(ys) >= 3


def _distinct(values: list[float]) -> int:
    """How many positions remain once values within the snap tolerance merge."""
    count, last = 0, None
    for v in sorted(values):
        if last is None or v - last > _SNAP:
            count += 1
        last = v
    return count


def _inside(w: Word, bbox: BBox) -> bool:
    cx, cy = (w.x0 + w.x1) / 2, (w.top + w.bottom) / 2
    return bbox[0] <= cx <= bbox[2] and bbox[1] <= cy <= bbox[3]


def cell_text(words: list[Word]) -> str:
    """Hard-wrapped cell lines rejoined; a bullet or number at a line start opens a new paragraph."""
    if not words:
        return ""
    parts: list[str] = []
    for ln in group_lines(words):
        text = drop_marks(ln)[0].text
        if parts and not _PARA_START.match(text):
            parts[-1] = f"{parts[-1]} {text}"
        else:
            parts.append(text)
    return "\n".join(parts)


def find_tables(page: Any, words: list[Word]) -> list[tuple[BBox, Rows]]:
    """Ruled tables that hold a real grid of text; a box drawn round one paragraph is not one.

    `page` is a pdfplumber page or an EdgePage (pdfium's paths as pdfplumber's edges).
    """
    found: list[tuple[BBox, Rows]] = []
    for t in page.find_tables():
        rows: list[tuple[str, ...]] = []
        above: dict[int, tuple[BBox, str]] = {}  # each column's last cell: its box and text
        for r in t.rows:
            cells = []
            for j, c in enumerate(r.cells):
                if c is not None:
                    above[j] = (c, cell_text([w for w in words if _inside(w, c)]))
                    cells.append(above[j][1])
                else:  # a cell spanning rows (one lead for several tasks) repeats in each, as the OCR grid's do
                    box, text = above.get(j, ((0.0, 0.0, 0.0, 0.0), ""))
                    cells.append(text if box[3] >= r.bbox[3] - _SNAP else "")
            rows.append(tuple(cells))
        width = max((len(r) for r in rows), default=0)
        filled = sum(1 for r in rows if sum(1 for c in r if c.strip()) >= 2)
        if width >= 2 and len(rows) >= 2 and filled >= 2:
            found.append((tuple(t.bbox), tuple(rows)))
    return found


def words_outside(words: list[Word], boxes: list[BBox]) -> list[Word]:
    return [w for w in words if not any(_inside(w, b) for b in boxes)]


_LEAD_JUNK = re.compile(r"^[\W_]+")


def continue_rows(prev: Rows, rows: Rows) -> Rows:
    """Rows of a table continued on the next page, less a repeated header (or column-number row).

    A first row without a number whose text goes on in lower case is the rest of the last row,
    broken by the page: its cells are joined to that row's. Rows at the top of the page without a
    number sit under cells that span from the last page (an STT, a group heading): empty cells
    in the columns the first of them leaves empty take the last row's text.
    """
    heads = set(prev[:2])
    body = [list(r) for r in rows]
    while body and tuple(body[0]) in heads:
        body.pop(0)
    out = [list(r) for r in prev]
    if not body or not out or len(body[0]) != len(out[-1]) or body[0][0].strip():
        return prev + tuple(tuple(r) for r in body)
    last = out[-1]
    first = next((_LEAD_JUNK.sub("", c) for c in body[0] if _LEAD_JUNK.sub("", c)), "")
    if first[:1].islower():
        for j, c in enumerate(body.pop(0)):
            c = _LEAD_JUNK.sub("", c)
            if c.strip() and c.strip() != last[j].strip():
                last[j] = f"{last[j]} {c}".strip() if last[j].strip() else c
    if body and last[0].strip() and not body[0][0].strip():
        spans = [j for j, c in enumerate(body[0]) if not c.strip() and last[j].strip()]
        for r in body:
            if r[0].strip() or len(r) != len(last):
                break
            for j in spans:
                if not r[j].strip():
                    r[j] = last[j]
    return tuple(tuple(r) for r in out + body)
