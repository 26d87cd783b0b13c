"""Positioned words from pdfium's text page, cut the way pdfplumber's `extract_words` cuts them.

pdfplumber decodes every glyph in Python (~60 ms a page); pdfium builds the same character list in
C. This module crosses into pdfium a few times per word (its first and last character), not per
character, and asks about fonts once per text object, so a page of body text costs about a
millisecond. The rules match pdfplumber's (x_tolerance 3, y_tolerance 3, a word ends at a space,
at a change of font or size, and where the next glyph is far away or on another line), and the
boxes are pdfplumber's: left/right from the advance widths, bottom at the font's descent, top one
font size above it.
"""

from __future__ import annotations

import ctypes
import re
from collections.abc import Callable
from typing import Any

import pypdfium2.raw as pdfium_c

from .layout import Word
from .legacy_fonts import convert_font_text

_BOLD = re.compile(r"bold|black|heavy|semibold|demi", re.IGNORECASE)
_RUN = re.compile(r"\S+")
# pdfplumber's word tolerances (points).
_X_TOL = 3.0
_Y_TOL = 3.0
# pdfplumber spells out these ligatures (expand_ligatures=True).
_LIGATURES = str.maketrans({"ﬀ": "ff", "ﬃ": "ffi", "ﬄ": "ffl", "ﬁ": "fi", "ﬂ": "fl", "ﬆ": "st", "ﬅ": "st"})
# A text matrix with shear or rotation above this is not upright text.
_SKEW = 1e-3

_V = ctypes.c_void_p
_I = ctypes.c_int


def _lean(fn: Any, restype: Any, *argtypes: Any) -> Callable[..., Any]:
    """The same pdfium symbol with plain-address arguments: pypdfium2's typed wrappers cost 3× per call."""
    return ctypes.CFUNCTYPE(restype, *argtypes)(ctypes.cast(fn, _V).value)


_text_object = _lean(pdfium_c.FPDFText_GetTextObject, _V, _V, _I)
_loose_box = _lean(pdfium_c.FPDFText_GetLooseCharBox, _I, _V, _I, _V)
_is_generated = _lean(pdfium_c.FPDFText_IsGenerated, _I, _V, _I)
_font_size = _lean(pdfium_c.FPDFText_GetFontSize, ctypes.c_double, _V, _I)
_matrix = _lean(pdfium_c.FPDFText_GetMatrix, _I, _V, _I, _V)
_font_info = _lean(pdfium_c.FPDFText_GetFontInfo, ctypes.c_ulong, _V, _I, _V, ctypes.c_ulong, _V)
_unicode = _lean(pdfium_c.FPDFText_GetUnicode, ctypes.c_uint, _V, _I)
_text_index = _lean(pdfium_c.FPDFText_GetTextIndexFromCharIndex, _I, _V, _I)


class Unsupported(Exception):
    """The page holds text this fast path does not model (rotated or skewed); read it with pdfplumber."""


def page_text(textpage: Any) -> str:
    """The page's characters, one per char index (pdfium's bulk text, checked to line up)."""
    tp = ctypes.cast(textpage.raw, _V).value
    n = textpage.count_chars()
    if n <= 0:
        return ""
    text = textpage.get_text_range(0, n)
    if len(text) == n and _text_index(tp, n - 1) == n - 1:
        return text
    # chars outside UCS-2 or dropped by the bulk call: ask char by char
    return "".join(chr(_unicode(tp, i) or 0xFFFD) for i in range(n))


def page_words(textpage: Any, height: float, text: str | None = None) -> list[Word]:
    """Words of an upright page in pdfplumber's top-left coordinates; raises Unsupported otherwise."""
    tp = ctypes.cast(textpage.raw, _V).value
    if text is None:
        text = page_text(textpage)
    box = (ctypes.c_float * 4)()  # FS_RECTF: left, top, right, bottom
    box_at = ctypes.addressof(box)
    mat = (ctypes.c_float * 6)()  # FS_MATRIX: a, b, c, d, e, f
    mat_at = ctypes.addressof(mat)
    name_buf = ctypes.create_string_buffer(256)
    name_at = ctypes.addressof(name_buf)
    fonts: dict[int, tuple[str, float, bool]] = {}

    def font_of(obj: int, i: int) -> tuple[str, float, bool]:
        got = fonts.get(obj)
        if got is None:
            _matrix(tp, i, mat_at)
            a, b, c, d = mat[0], mat[1], mat[2], mat[3]
            if abs(b) > _SKEW or abs(c) > _SKEW or a <= 0 or d <= 0:
                raise Unsupported("rotated or mirrored text")
            k = _font_info(tp, i, name_at, 256, None)
            name = name_buf.raw[: max(k - 1, 0)].decode("utf-8", "replace")
            # pdfplumber's size is the glyph height on the page: the font size through the text matrix
            got = (name, round(_font_size(tp, i) * d, 4), bool(_BOLD.search(name)))
            fonts[obj] = got
        return got

    words: list[Word] = []
    # the word being built: its parts, box, font, and the last glyph's left/right/bottom
    parts: list[str] = []
    x0 = x1 = bottom = last_left = last_right = last_bottom = 0.0
    font: tuple[str, float, bool] | None = None
    prev_end = -1

    def flush() -> None:
        if parts and font is not None:
            raw = "".join(parts).translate(_LIGATURES)
            size = font[1]
            words.append(
                Word(
                    text=convert_font_text(raw, font[0]),
                    x0=x0,
                    x1=x1,
                    top=height - bottom - size,
                    bottom=height - bottom,
                    size=size,
                    bold=font[2],
                )
            )
        parts.clear()

    for m in _RUN.finditer(text):
        s, e = m.span()
        obj = _text_object(tp, s)
        pieces: list[tuple[int, int, int]]
        if e - s == 1 or _text_object(tp, e - 1) == obj:
            pieces = [(s, e, obj)]
        else:  # a font change inside the run: cut it at every text-object boundary
            pieces = []
            start = s
            for i in range(s + 1, e):
                o = _text_object(tp, i)
                if o != obj:
                    pieces.append((start, i, obj))
                    start, obj = i, o
            pieces.append((start, e, obj))
        # a gap of pdfium's own spaces/line breaks splits only where pdfplumber would split
        glued = prev_end >= 0 and all(_is_generated(tp, i) for i in range(prev_end, s))
        for ps, pe, pobj in pieces:
            f = font_of(pobj, ps) if pobj else font_of_missing(ps)
            _loose_box(tp, ps, box_at)
            left, right, base = box[0], box[2], box[3]
            if pe - ps > 1:
                _loose_box(tp, pe - 1, box_at)
            end_left, end_right = box[0], box[2]
            cont = (
                parts
                and glued
                and f == font
                and left >= last_left
                and left <= last_right + _X_TOL
                # pdfplumber compares tops: bottom minus size, the same size here
                and abs(base - last_bottom) <= _Y_TOL
            )
            if not cont:
                flush()
                font = f
                x0, x1, bottom = left, end_right, base
            else:
                x0 = min(x0, left)
                x1 = max(x1, end_right)
                bottom = min(bottom, base)
            parts.append(text[ps:pe])
            last_left, last_right, last_bottom = end_left, end_right, base
            glued = True
        prev_end = e
    flush()
    return words


def font_of_missing(i: int) -> tuple[str, float, bool]:
    """A character pdfium could not tie to a text object; pdfplumber would not have it either."""
    raise Unsupported(f"character {i} has no text object")
