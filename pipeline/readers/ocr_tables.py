"""Ruled tables on a page image: ruling lines by morphology, cells from the walls between grid positions.

A table is found where long horizontal and vertical strokes cross. Its row and column boundaries are
the positions of those strokes; two neighbouring grid positions belong to one cell when no ruling
line separates them, so a cell that spans rows (a lead agency for several tasks) or columns (a group
heading) comes out as one rectangle. Each cell is then OCR'd on its own: the cells are stacked into
one image with white space between them, read with one tesseract call, and the words sorted back into
their cells by position.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

# A ruling line is at least this share of the page width (horizontal) or height (vertical).
_H_SHARE = 1 / 30
_V_SHARE = 1 / 60
# A table is at least this share of the page width, and its grid at least 2 × 2.
_MIN_TABLE_WIDTH = 0.3
# Ruling positions closer than this (pixels at 300 dpi, scaled) are one line: no text row is so thin.
_MERGE_PX = 22
# How far from its position a ruling line's ink may lie (skew, thickness), pixels at 300 dpi.
_WALL_PX = 10
# A wall between two grid positions exists when ruling ink covers this share of its length.
_WALL_COVER = 0.5
# A broken vertical ruling still covers this share of the table's height.
_BROKEN_COVER = 0.3
# A horizontal stroke this share of the table's width or longer is a row line wherever it ends.
_ROW_SHARE = 0.3
# A ruling line is at most this thick on average (pixels at 300 dpi): a solid bar (a stamp, a shaded
# or blacked-out box, a heading in heavy type) is not one.
_MAX_THICK_PX = 12
# A run of ink with less than this share of a cell's ink, far from the rest, is a speck.
_SPECK_SHARE = 0.03
# A horizontal stroke this share of the page width or longer measures the page's skew.
_SKEW_SHARE = 0.25
# Below this skew (degrees) a page is left as it is: the walls' tolerance absorbs it.
_MIN_SKEW = 0.05
# White space between stacked cells, pixels.
GAP = 40
# Tables' boxes are found on the page pooled by this factor.
_POOL = 4


def pool(mask: np.ndarray, f: int) -> np.ndarray:
    """The mask (255 = ink) shrunk f times, a pixel inked when any of its f × f block is."""
    h, w = mask.shape
    padded = cv2.copyMakeBorder(mask, 0, -h % f, 0, -w % f, cv2.BORDER_CONSTANT, value=0)
    small = cv2.resize(padded, (padded.shape[1] // f, padded.shape[0] // f), interpolation=cv2.INTER_AREA)
    return cv2.threshold(small, 0, 255, cv2.THRESH_BINARY)[1]  # one inked pixel of f × f still averages above 0


@dataclass
class Cell:
    r0: int
    r1: int  # exclusive
    c0: int
    c1: int  # exclusive
    box: tuple[int, int, int, int]  # x0, y0, x1, y1 in page pixels, inside the ruling lines


@dataclass
class Grid:
    box: tuple[int, int, int, int]
    rows: int
    cols: int
    cells: list[Cell]


@dataclass
class Rulings:
    hor: np.ndarray  # horizontal ruling-line mask, 255 = ink
    ver: np.ndarray
    skew: float  # the page's skew in degrees (`_skew`)


def rulings(ink: np.ndarray, dpi: int = 300) -> Rulings:
    """The ruling-line masks of an ink mask and the skew their horizontal strokes show, the strokes
    labelled once for both (labelling a page is the dearest step of the search)."""
    hor, ver, comps = _masks(ink, dpi)
    return Rulings(hor, ver, _skew(*comps))


def ruling_masks(ink: np.ndarray, dpi: int = 300) -> tuple[np.ndarray, np.ndarray]:
    """Horizontal and vertical ruling-line masks of an ink mask (255 = ink)."""
    hor, ver, _ = _masks(ink, dpi)
    return hor, ver


def _masks(ink: np.ndarray, dpi: int) -> tuple[np.ndarray, np.ndarray, tuple]:
    h, w = ink.shape
    hk = cv2.getStructuringElement(cv2.MORPH_RECT, (max(20, int(w * _H_SHARE)), 1))
    vk = cv2.getStructuringElement(cv2.MORPH_RECT, (1, max(20, int(h * _V_SHARE))))
    # a scanned line wavers by a pixel or two: close small gaps before opening
    closed_h = cv2.morphologyEx(ink, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (5, 1)))
    closed_v = cv2.morphologyEx(ink, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (1, 5)))
    hor = cv2.morphologyEx(closed_h, cv2.MORPH_OPEN, hk)
    ver = cv2.morphologyEx(closed_v, cv2.MORPH_OPEN, vk)
    thick = max(4.0, _MAX_THICK_PX * dpi / 300)
    hor, comps = _thin(hor, 0, thick)
    return hor, _thin(ver, 1, thick)[0], comps


def _skew(n: int, labels: np.ndarray, stats: np.ndarray) -> float:
    """The page's skew in degrees (positive: lines fall to the right) from its labelled long horizontal
    strokes, each weighted by its length; 0 without any."""
    slopes: list[tuple[float, int]] = []
    for i in range(1, n):
        x, y, w, h, _ = stats[i]
        if w < labels.shape[1] * _SKEW_SHARE:
            continue
        ys, xs = np.nonzero(labels[y : y + h, x : x + w] == i)
        slopes.append((float(np.polyfit(xs, ys, 1)[0]), int(w)))
    if not slopes:
        return 0.0
    slopes.sort()
    half, acc = sum(w for _, w in slopes) / 2, 0
    for slope, w in slopes:  # the weighted median: one stroke bent by a fold does not tilt the page
        acc += w
        if acc >= half:
            return float(np.degrees(np.arctan(slope)))
    return 0.0


def turn(gray: np.ndarray, angle: float) -> np.ndarray:
    """The page (255 = white) turned by `angle` degrees (`_skew`), kept binary; as it is below _MIN_SKEW."""
    if abs(angle) < _MIN_SKEW:
        return gray
    h, w = gray.shape
    m = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    turned = cv2.warpAffine(gray, m, (w, h), flags=cv2.INTER_LINEAR, borderValue=255)
    return cv2.threshold(turned, 127, 255, cv2.THRESH_BINARY)[1]  # < 128 → 0, as np.where but 10× faster


def turn_mask(mask: np.ndarray, angle: float) -> np.ndarray:
    """A mask (255 = ink) turned as `turn` turns its page; nearest pixels, so a line one pixel thin stays unbroken."""
    if abs(angle) < _MIN_SKEW:
        return mask
    h, w = mask.shape
    m = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    return cv2.warpAffine(mask, m, (w, h), flags=cv2.INTER_NEAREST, borderValue=0)


def _thin(mask: np.ndarray, axis: int, thick: float) -> tuple[np.ndarray, tuple[int, np.ndarray, np.ndarray]]:
    """The strokes of a mask whose mean thickness (area over length) is at most `thick`, and the
    components (count, labels, stats) of what is kept, labelled on the mask pooled by two (a quarter
    of the pixels; a stroke's thickness over its length is the same ratio there, halved)."""
    small = pool(mask, 2)
    n, labels, stats, _ = cv2.connectedComponentsWithStats(small, connectivity=8)
    length = stats[:, cv2.CC_STAT_WIDTH if axis == 0 else cv2.CC_STAT_HEIGHT].astype(float)
    keep = stats[:, cv2.CC_STAT_AREA] <= thick / 2 * np.maximum(length, 1)
    if keep[1:].all():
        return mask, (n, labels, stats)  # no solid bar: indexing the page by its labels costs more than the rest
    keep[0] = True
    dropped = np.where(keep[labels], 0, 255).astype(np.uint8)
    h, w = mask.shape
    dropped = cv2.resize(dropped, (small.shape[1] * 2, small.shape[0] * 2), interpolation=cv2.INTER_NEAREST)[:h, :w]
    stats = stats.copy()
    stats[~keep, cv2.CC_STAT_WIDTH] = 0  # a removed bar measures no skew
    return cv2.bitwise_and(mask, cv2.bitwise_not(dropped)), (n, labels, stats)


def _strokes(mask: np.ndarray, axis: int) -> list[tuple[float, int, int]]:
    """Ruling strokes of a mask: (centre across, start along, end along); axis 0 horizontal, 1 vertical."""
    n, _, stats, cents = cv2.connectedComponentsWithStats(mask, connectivity=8)
    out: list[tuple[float, int, int]] = []
    for i in range(1, n):
        x, y, w, h, _ = stats[i]
        if axis == 0:
            out.append((float(cents[i][1]), int(x), int(x + w)))
        else:
            out.append((float(cents[i][0]), int(y), int(y + h)))
    return out


def _cluster(values: list[float], tol: int) -> list[int]:
    groups: list[list[float]] = []
    for p in sorted(values):
        if groups and p - groups[-1][-1] <= tol:
            groups[-1].append(p)
        else:
            groups.append([p])
    return [int(round(sum(g) / len(g))) for g in groups]


def _groups(hs: list[tuple[float, int, int]], tol: int) -> list[list[tuple[float, int, int]]]:
    """Strokes at one height (within `tol`): the pieces of one line, broken by the scan or by cells."""
    out: list[list[tuple[float, int, int]]] = []
    for s in sorted(hs):
        if out and s[0] - out[-1][-1][0] <= tol:
            out[-1].append(s)
        else:
            out.append([s])
    return out


def _level(strokes: list[tuple[float, int, int]]) -> int:
    """The height of a line: its pieces' centres weighted by their lengths."""
    return int(round(sum(c * (b - a) for c, a, b in strokes) / max(1, sum(b - a for _, a, b in strokes))))


def _long_rows(hs: list[tuple[float, int, int]], width: int, merge: int) -> list[int]:
    """Row lines whose pieces together cover a good share of the table's width."""
    return [_level(g) for g in _groups(hs, merge) if sum(b - a for _, a, b in g) >= _ROW_SHARE * width]


def _rows(hs: list[tuple[float, int, int]], xs: list[int], width: int, merge: int, near: int) -> list[int]:
    """Positions of the row lines among the horizontal strokes: a line whose pieces cover a good
    share of the width is one; a short one only where it runs from one column line to another (the
    wall under one cell), as a serif font's baseline closed into a stroke does not."""
    out: list[int] = []
    for g in _groups(hs, merge):
        if sum(b - a for _, a, b in g) >= _ROW_SHARE * width:
            out.append(_level(g))
            continue
        walls = [
            s for s in g if any(abs(s[1] - x) <= near for x in xs) and any(abs(s[2] - x) <= near for x in xs)
        ]
        if walls:
            out.append(_level(walls))
    return out


def _columns(vs: list[tuple[float, int, int]], ys: list[int], merge: int, near: int) -> list[int]:
    """Positions of the vertical rulings among the vertical strokes.

    A letter's stem is short; a ruling runs from one row line to another, or (a scanned line broken
    by the scanner, or drifting by skew) its pieces cover a good part of the table's height.
    """
    height = ys[-1] - ys[0]
    long = [v for v in vs if v[2] - v[1] >= 2 * near]
    out: list[int] = []
    for x in _cluster([v[0] for v in long], merge):
        spans = sorted((a, b) for c, a, b in long if abs(c - x) <= merge)
        joined: list[list[int]] = []
        for a, b in spans:
            if joined and a - joined[-1][1] <= near:
                joined[-1][1] = max(joined[-1][1], b)
            else:
                joined.append([a, b])
        meets = any(any(abs(a - y) <= near for y in ys) and any(abs(b - y) <= near for y in ys) for a, b in joined)
        if meets or sum(b - a for a, b in joined) >= _BROKEN_COVER * height:
            out.append(x)
    return out


def find_grids(
    ink: np.ndarray, dpi: int = 300, masks: tuple[np.ndarray, np.ndarray] | None = None
) -> tuple[list[Grid], np.ndarray]:
    """The ruled tables of a page (ink mask, 255 = ink) and the mask of all ruling lines found;
    `masks`: the page's (horizontal, vertical) ruling masks when already known."""
    hor, ver = masks if masks is not None else ruling_masks(ink, dpi)
    lines = cv2.bitwise_or(hor, ver)
    page_h, page_w = ink.shape
    tol = max(4, int(_WALL_PX * dpi / 300))
    merge = max(6, int(_MERGE_PX * dpi / 300))
    # the tables' boxes on the lines pooled by _POOL: a box needs no pixel's precision, the labelling is dear
    r = -(-tol // _POOL)
    grown = cv2.dilate(pool(lines, _POOL), cv2.getStructuringElement(cv2.MORPH_RECT, (2 * r + 1, 2 * r + 1)))
    n, _, stats, _ = cv2.connectedComponentsWithStats(grown, connectivity=8)
    grids: list[Grid] = []
    for i in range(1, n):
        x, y, w, h = (int(v) * _POOL for v in stats[i][:4])
        w, h = min(w, page_w - x), min(h, page_h - y)
        if w < page_w * _MIN_TABLE_WIDTH or h < 4 * tol:
            continue
        x0, y0, x1, y1 = x, y, x + w, y + h
        hs = [s for s in _strokes(hor[y0:y1, x0:x1], 0) if s[2] - s[1] >= w * 0.05]
        ys = _long_rows(hs, w, merge)
        if len(ys) < 2:
            continue
        near = 2 * merge  # a ruling line runs from one row line to another; a letter's stem does not
        xs = _columns(_strokes(ver[y0:y1, x0:x1], 1), ys, merge, near)
        if len(xs) < 3:
            continue
        ys = [y0 + p for p in _rows(hs, xs, w, merge, near)]
        xs = [x0 + p for p in xs]
        grid = _cells(ink, hor, ver, xs, ys, tol)
        if grid is not None:
            grids.append(grid)
    return grids, lines


def _cells(ink: np.ndarray, hor: np.ndarray, ver: np.ndarray, xs: list[int], ys: list[int], tol: int) -> Grid | None:
    rows, cols = len(ys) - 1, len(xs) - 1
    parent = list(range(rows * cols))

    def find(a: int) -> int:
        while parent[a] != a:
            parent[a] = parent[parent[a]]
            a = parent[a]
        return a

    def union(a: int, b: int) -> None:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)

    for r in range(rows):
        ya, yb = ys[r] + tol, ys[r + 1] - tol
        for c in range(cols - 1):  # the wall right of (r, c)
            x = xs[c + 1]
            box = (slice(max(ya, 0), max(yb, ya + 1)), slice(max(x - tol, 0), x + tol + 1))
            if yb <= ya or max(_cover(ver[box], axis=0), _line_cover(ink[box], axis=0)) < _WALL_COVER:
                union(r * cols + c, r * cols + c + 1)
    for r in range(rows - 1):
        y = ys[r + 1]
        for c in range(cols):  # the wall below (r, c)
            xa, xb = xs[c] + tol, xs[c + 1] - tol
            box = (slice(max(y - tol, 0), y + tol + 1), slice(max(xa, 0), max(xb, xa + 1)))
            if xb <= xa or max(_cover(hor[box], axis=1), _line_cover(ink[box], axis=1)) < _WALL_COVER:
                union(r * cols + c, (r + 1) * cols + c)
    groups: dict[int, list[tuple[int, int]]] = {}
    for r in range(rows):
        for c in range(cols):
            groups.setdefault(find(r * cols + c), []).append((r, c))
    cells: list[Cell] = []
    for members in groups.values():
        r0, r1 = min(m[0] for m in members), max(m[0] for m in members) + 1
        c0, c1 = min(m[1] for m in members), max(m[1] for m in members) + 1
        cells.append(Cell(r0, r1, c0, c1, (xs[c0], ys[r0], xs[c1], ys[r1])))
    if len(cells) < 2:
        return None
    # a row line no cell ends at (a stroke inside the cells) is no boundary: its rows would repeat cells
    rmap = {r: i for i, r in enumerate(sorted({c.r0 for c in cells} | {c.r1 for c in cells}))}
    for c in cells:
        c.r0, c.r1 = rmap[c.r0], rmap[c.r1]
    cells.sort(key=lambda k: (k.r0, k.c0))
    return Grid(box=(xs[0], ys[0], xs[-1], ys[-1]), rows=len(rmap) - 1, cols=cols, cells=cells)


def _cover(strip: np.ndarray, axis: int) -> float:
    """Share of the strip's length (rows for axis 0, columns for axis 1) crossed by ruling ink."""
    if strip.size == 0:
        return 0.0
    hit = strip.max(axis=1 - axis) > 0
    return float(hit.mean())


def _line_cover(strip: np.ndarray, axis: int) -> float:
    """The raw ink's best straight line along the strip (a faint ruling the morphology lost):
    the share of its length inked, allowing a pixel of drift either side."""
    if strip.size == 0:
        return 0.0
    hit = strip > 0
    if axis == 0:  # vertical line: columns of the strip
        hit = hit[:, :-2] | hit[:, 1:-1] | hit[:, 2:] if hit.shape[1] > 2 else hit
        return float(hit.mean(axis=0).max())
    hit = hit[:-2] | hit[1:-1] | hit[2:] if hit.shape[0] > 2 else hit
    return float(hit.mean(axis=1).max())


@dataclass
class Stacked:
    image: np.ndarray  # the stacked cells, 255 = white
    bands: list[tuple[int, int, int]]  # (cell index, top, bottom) of each cell's crop in the image


def stack_cells(gray: np.ndarray, lines: np.ndarray, cells: list[Cell], dpi: int = 300) -> Stacked:
    """One image holding each non-empty cell's content, the ruling lines painted out, one under another."""
    pad = max(3, int(6 * dpi / 300))
    # the ink of a ruling line reaches a little past its mask (thickness, skew): paint out a wider band
    lines = cv2.dilate(lines, cv2.getStructuringElement(cv2.MORPH_RECT, (5, 5)))
    crops: list[tuple[int, np.ndarray]] = []
    min_ink = max(4, int(30 * (dpi / 300) ** 2))
    for k, cell in enumerate(cells):
        x0, y0, x1, y1 = cell.box
        x0, y0, x1, y1 = x0 + pad, y0 + pad, x1 - pad, y1 - pad
        if x1 - x0 < 4 or y1 - y0 < 4:
            continue
        crop = gray[y0:y1, x0:x1].copy()
        crop[lines[y0:y1, x0:x1] > 0] = 255
        _erase_edge_rulings(crop, 3 * pad)
        ink = crop < 128
        if int(ink.sum()) < min_ink:
            continue
        (ya, yb), (xa, xb) = _main_span(ink.sum(axis=1), dpi), _main_span(ink.sum(axis=0), dpi)
        crop = crop[ya:yb, xa:xb]
        crops.append((k, crop))
    if not crops:
        return Stacked(np.full((1, 1), 255, np.uint8), [])
    width = max(c.shape[1] for _, c in crops) + 2 * GAP
    height = sum(c.shape[0] for _, c in crops) + GAP * (len(crops) + 1)
    canvas = np.full((height, width), 255, np.uint8)
    bands: list[tuple[int, int, int]] = []
    y = GAP
    for k, crop in crops:
        h, w = crop.shape
        canvas[y : y + h, GAP : GAP + w] = crop
        bands.append((k, y, y + h))
        y += h + GAP
    return Stacked(canvas, bands)


def _erase_edge_rulings(crop: np.ndarray, band: int) -> None:
    """White out what is left of a faint ruling line along the crop's edges: columns or rows near an
    edge inked in one unbroken run over a third of their length. A row through a line of text is
    inked as much, but in short runs, one a letter; text does not run as one stroke along a border."""
    dark = crop < 128
    h, w = crop.shape
    for j in [*range(min(band, w)), *range(max(w - band, 0), w)]:
        if _longest_run(dark[:, j]) >= 0.3 * h:
            crop[:, j] = 255
    for i in [*range(min(band, h)), *range(max(h - band, 0), h)]:
        if _longest_run(dark[i, :]) >= 0.3 * w:
            crop[i, :] = 255


def _longest_run(v: np.ndarray) -> int:
    """Length of the longest run of True in a 1-D mask."""
    if not v.any():
        return 0
    edges = np.diff(np.concatenate(([0], v.astype(np.int8), [0])))
    starts, ends = np.nonzero(edges == 1)[0], np.nonzero(edges == -1)[0]
    return int((ends - starts).max())


def _main_span(profile: np.ndarray, dpi: int) -> tuple[int, int]:
    """The stretch of an ink profile that holds the text: runs of ink far from the rest and with
    little ink (a speck, the end of a ruling line) are left out."""
    gap = int(120 * dpi / 300)
    idx = np.where(profile > 0)[0]
    runs: list[list[int]] = [[int(idx[0]), int(idx[0])]]
    for i in idx[1:]:
        if i - runs[-1][1] > gap:
            runs.append([int(i), int(i)])
        else:
            runs[-1][1] = int(i)
    total = float(profile.sum())
    keep = [r for r in runs if profile[r[0] : r[1] + 1].sum() >= _SPECK_SHARE * total] or runs
    return keep[0][0], keep[-1][1] + 1


def misaligned_rows(grid: Grid) -> set[int]:
    """Rows whose cells do not line up with the table's columns: a cell there spans some of the columns
    but not all (a wall the scan lost, which runs two cells' text together); a group heading across the
    whole width, or a cell spanning rows, is how tables are drawn."""
    out: set[int] = set()
    for c in grid.cells:
        if 1 < c.c1 - c.c0 < grid.cols:
            out.update(range(c.r0, c.r1))
    return out


def grid_rows(grid: Grid, texts: dict[int, str]) -> tuple[tuple[str, ...], ...]:
    """The grid as rows of cell texts: a cell spanning rows repeats in each, one spanning columns
    stands in its first column (the others empty)."""
    table = [["" for _ in range(grid.cols)] for _ in range(grid.rows)]
    for k, cell in enumerate(grid.cells):
        t = texts.get(k, "")
        for r in range(cell.r0, cell.r1):
            table[r][cell.c0] = t
    return tuple(tuple(r) for r in table)
