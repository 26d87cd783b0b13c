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
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import Any, NamedTuple, Protocol

import pypdfium2.raw as pdfium_c
from pdfminer.fontmetrics import FONT_METRICS
from pdfminer.pdfdocument import PDFDocument
from pdfminer.pdfpage import PDFPage
from pdfminer.pdfparser import PDFParser
from pdfminer.pdftypes import PDFObjRef, PDFStream, dict_value, list_value, num_value, resolve1
from pdfminer.psparser import PSLiteral, literal_name

from .layout import Word
from .legacy_fonts import convert_font_text, font_encoding

_BOLD = re.compile(r"bold|black|heavy|semibold|demi", re.IGNORECASE)
_RUN = re.compile(r"\S+")
_SUBSET = re.compile(r"^[A-Z]{6}\+")
# pdfplumber's word tolerances (points).
_X_TOL = 3.0
_Y_TOL = 3.0
# pdfplumber spells out ligatures (expand_ligatures=True).
_LIGATURES = str.maketrans({"ﬀ": "ff", "ﬃ": "ffi", "ﬄ": "ffl", "ﬁ": "fi", "ﬂ": "fl", "ﬆ": "st", "ﬅ": "st"})
_LIGATURE_CHARS = re.compile("[ﬀﬃﬄﬁﬂﬆﬅ]")
# pdfium shows a hyphen that ends a line as U+FFFE (U+0002 from the char API).
_ONE_FOR_ONE = str.maketrans({"\ufffe": "-", "\x02": "-"})
_ONE_FOR_ONE_CHARS = re.compile("[\ufffe\x02]")
# A text matrix with shear or rotation above this is not upright text.
_SKEW = 1e-3

_V = ctypes.c_void_p
_I = ctypes.c_int


def _lean(fn: Any, restype: Any, *argtypes: Any) -> Callable[..., Any]:
    """The same pdfium symbol with plain-address arguments: pypdfium2's typed wrappers cost 3× per call."""
    return ctypes.CFUNCTYPE(restype, *argtypes)(ctypes.cast(fn, _V).value)


_text_object = _lean(pdfium_c.FPDFText_GetTextObject, _V, _V, _I)
_origin = _lean(pdfium_c.FPDFText_GetCharOrigin, _I, _V, _I, _V, _V)
_text_font = _lean(pdfium_c.FPDFTextObj_GetFont, _V, _V)
_glyph_width = _lean(pdfium_c.FPDFFont_GetGlyphWidth, _I, _V, ctypes.c_uint, ctypes.c_float, _V)
_char_box = _lean(pdfium_c.FPDFText_GetCharBox, _I, _V, _I, _V, _V, _V, _V)
_loose_box = _lean(pdfium_c.FPDFText_GetLooseCharBox, _I, _V, _I, _V)
_font_size = _lean(pdfium_c.FPDFText_GetFontSize, ctypes.c_double, _V, _I)
_matrix = _lean(pdfium_c.FPDFText_GetMatrix, _I, _V, _I, _V)
_font_info = _lean(pdfium_c.FPDFText_GetFontInfo, ctypes.c_ulong, _V, _I, _V, ctypes.c_ulong, _V)
_unicode = _lean(pdfium_c.FPDFText_GetUnicode, ctypes.c_uint, _V, _I)
_text_index = _lean(pdfium_c.FPDFText_GetTextIndexFromCharIndex, _I, _V, _I)


class FontLookup(Protocol):
    def get(self, name: str, /) -> tuple[str, float] | None: ...


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


class _Style(NamedTuple):
    """What pdfplumber knows of a glyph's font, for one pdfium text object."""

    name: str  # pdfplumber's font name
    size: float  # glyph height on the page
    bold: bool
    descent: float  # points below the baseline (negative)
    legacy: bool  # a TCVN3/VNI font: its text needs converting
    font: int  # pdfium font handle, the key for advance widths
    xscale: float  # advance per point of font-space width


def page_words(textpage: Any, height: float, fonts: FontLookup, text: str | None = None) -> list[Word]:
    """Words of an upright page in pdfplumber's top-left coordinates; raises Unsupported otherwise.

    `fonts` maps a font's PDF name to pdfplumber's name for it and its descent per point of size.
    """
    tp = ctypes.cast(textpage.raw, _V).value
    if text is None:
        text = page_text(textpage)
    origin = (ctypes.c_double * 2)()
    ox_at = ctypes.addressof(origin)
    oy_at = ox_at + ctypes.sizeof(ctypes.c_double)
    styles: dict[int, _Style] = {}
    widths: dict[tuple[int, str], float] = {}  # advance per point of x scale

    mat = (ctypes.c_float * 6)()  # FS_MATRIX: a, b, c, d, e, f
    mat_at = ctypes.addressof(mat)
    name_buf = ctypes.create_string_buffer(256)
    name_at = ctypes.addressof(name_buf)
    faces: dict[int, tuple[str, bool, float, bool]] = {}  # font handle → name, bold, descent, legacy
    looks: dict[tuple[int, float, float, float], _Style] = {}  # text objects share fonts and sizes

    def style_of(obj: int, i: int) -> _Style:
        _matrix(tp, i, mat_at)
        a, b, c, d = mat[0], mat[1], mat[2], mat[3]
        if abs(b) > _SKEW or abs(c) > _SKEW or a <= 0 or d <= 0:
            raise Unsupported("rotated or mirrored text")
        font = _text_font(obj) or 0
        fsize = _font_size(tp, i)
        st = looks.get((font, fsize, a, d))
        if st is None:
            face = faces.get(font) if font else None
            if face is None:
                k = _font_info(tp, i, name_at, 256, None)
                known = fonts.get(name_buf.raw[: max(k - 1, 0)].decode("latin-1"))
                if known is None:
                    raise Unsupported("a font outside the page resources")
                name, descent = known
                face = (name, bool(_BOLD.search(name)), descent, font_encoding(name) is not None)
                if font:
                    faces[font] = face
            # pdfplumber's size is the glyph height on the page: the font size through the text matrix
            size = round(fsize * d, 4)
            st = _Style(face[0], size, face[1], face[2] * size, face[3], font, fsize * a)
            looks[(font, fsize, a, d)] = st
        styles[obj] = st
        return st

    def advance(st: _Style, i: int, ch: str) -> float:
        """pdfplumber's glyph width, the font's advance; pdfium's loose box is the advance or the ink if wider."""
        box = (ctypes.c_float * 4)()  # FS_RECTF: left, top, right, bottom
        ink = (ctypes.c_double * 4)()  # left, right, bottom, top
        width = ctypes.c_float()
        ink_at = ctypes.addressof(ink)
        _origin(tp, i, ox_at, oy_at)
        _loose_box(tp, i, ctypes.addressof(box))
        loose = box[2] - origin[0]
        _char_box(tp, i, ink_at, ink_at + 8, ink_at + 16, ink_at + 24)
        if loose > ink[1] - origin[0] + 0.01 or not (
            st.font and _glyph_width(st.font, ord(ch), 1000.0, ctypes.addressof(width))
        ):
            adv = loose
        else:  # the ink reaches the loose box's edge: the advance may be narrower
            adv = min(loose, width.value / 1000.0 * st.xscale)
        got = adv / (st.xscale or 1.0)
        widths[(st.font, ch)] = got
        return got

    def word(raw: str, st: _Style, x0: float, x1: float, low: float, high: float) -> Word:
        raw = raw.translate(_LIGATURES)
        return Word(
            text=convert_font_text(raw, st.name) if st.legacy else unicodedata.normalize("NFC", raw),
            x0=x0,
            x1=x1,
            top=height - high - st.descent - st.size,
            bottom=height - low - st.descent,
            size=st.size,
            bold=st.bold,
        )

    if _ONE_FOR_ONE_CHARS.search(text):
        text = text.translate(_ONE_FOR_ONE)
    ligatures = _LIGATURE_CHARS.search(text) is not None
    spans = [m.span() for m in _RUN.finditer(text)]
    starts: list[int | None] = [_text_object(tp, s) for s, _ in spans]
    starts.append(None)
    words: list[Word] = []
    append = words.append
    nfc = unicodedata.normalize
    for k, (s, e) in enumerate(spans):
        obj = starts[k]
        if not obj:
            raise Unsupported(f"character {s} has no text object")
        # pdfium lists a text object's characters together: same object at both ends, one font
        if not (e - s == 1 or starts[k + 1] == obj or _text_object(tp, e - 1) == obj):
            words.extend(_split_run(tp, text, s, e, style_of, styles, advance, word, origin))
            continue
        st = styles.get(obj) or style_of(obj, s)
        _origin(tp, s, ox_at, oy_at)
        left, base = origin[0], origin[1]
        if e - s > 1:
            _origin(tp, e - 1, ox_at, oy_at)
        last = text[e - 1]
        adv = widths.get((st.font, last))
        if adv is None:
            adv = advance(st, e - 1, last)
            _origin(tp, e - 1, ox_at, oy_at)
        raw = text[s:e]
        if ligatures:
            raw = raw.translate(_LIGATURES)
        bottom = height - base - st.descent
        append(
            Word(
                text=convert_font_text(raw, st.name) if st.legacy else nfc("NFC", raw),
                x0=left,
                x1=origin[0] + adv * st.xscale,
                top=bottom - st.size,
                bottom=bottom,
                size=st.size,
                bold=st.bold,
            )
        )
    return words


def _split_run(
    tp: int,
    text: str,
    s: int,
    e: int,
    style_of: Callable[[int, int], _Style],
    styles: dict[int, _Style],
    advance: Callable[[_Style, int, str], float],
    word: Callable[[str, _Style, float, float, float, float], Word],
    origin: Any,
) -> list[Word]:
    """A run of glyphs from several text objects: one word per font, as pdfplumber groups them."""
    ox_at = ctypes.addressof(origin)
    oy_at = ox_at + ctypes.sizeof(ctypes.c_double)
    pieces: list[tuple[int, int, int]] = []
    start, obj = s, _text_object(tp, s)
    for i in range(s + 1, e):
        o = _text_object(tp, i)
        if o != obj:
            pieces.append((start, i, obj))
            start, obj = i, o
    pieces.append((start, e, obj))
    out: list[Word] = []
    cur: list[Any] = []  # [parts, style, x0, x1, low, high, last left, last right, last baseline]
    for ps, pe, pobj in pieces:
        if not pobj:
            raise Unsupported(f"character {ps} has no text object")
        st = styles.get(pobj) or style_of(pobj, ps)
        _origin(tp, ps, ox_at, oy_at)
        left, base = origin[0], origin[1]
        if pe - ps > 1:
            _origin(tp, pe - 1, ox_at, oy_at)
        end_left = origin[0]
        end_right = end_left + advance(st, pe - 1, text[pe - 1]) * st.xscale
        # pdfplumber starts a new word on a font change, a step back, a gap over 3 pt or a new line
        if cur and cur[1][:2] == st[:2] and cur[6] <= left <= cur[7] + _X_TOL and abs(base - cur[8]) <= _Y_TOL:
            cur[0].append(text[ps:pe])
            cur[3] = max(cur[3], end_right)
            cur[4], cur[5] = min(cur[4], base), max(cur[5], base)
            cur[6:9] = [end_left, end_right, base]
        else:
            if cur:
                out.append(word("".join(cur[0]), *cur[1:6]))
            cur = [[text[ps:pe]], st, left, end_right, base, base, end_left, end_right, base]
    out.append(word("".join(cur[0]), *cur[1:6]))
    return out


class DocFonts:
    """pdfminer's reading of the document's fonts: the name and descent pdfplumber's boxes rest on.

    Only font dictionaries are read (no page content, no glyph tables), and a page's resources only
    when it names a font not seen before; the file is parsed on the first question.
    """

    def __init__(self, path: Path) -> None:
        self._path = path
        self._fh: Any = None
        self._doc: Any = None
        self._pages: Any = None
        self._index = -1
        self._loaded: set[int] = set()  # page indexes whose fonts are in _known
        self._known: dict[str, tuple[str, float]] = {}
        self._by_id: dict[int, dict[str, tuple[str, float]]] = {}
        self._broken = False

    def page(self, index: int) -> PageFonts:
        return PageFonts(self, index)

    def lookup(self, name: str, index: int) -> tuple[str, float] | None:
        """(pdfplumber's font name, descent per point of size) for a font pdfium names on a page."""
        got = self._known.get(name)
        if got is None and index not in self._loaded and not self._broken:
            try:
                self._load(index)
            except Exception:  # pdfminer cannot read the file's fonts: every page goes to pdfplumber
                self._broken = True
                return None
            got = self._known.get(name)
        return got

    def _load(self, index: int) -> None:
        if self._doc is None:
            self._fh = open(self._path, "rb")  # noqa: SIM115 - held for the document's lifetime, closed in close()
            self._doc = PDFDocument(PDFParser(self._fh))
        if self._pages is None or index <= self._index:
            self._pages = iter(PDFPage.create_pages(self._doc))
            self._index = -1
        page = None
        while self._index < index:
            page = next(self._pages)
            self._index += 1
        self._loaded.add(index)
        resources = dict_value(page.resources) if page is not None else {}
        for spec in dict_value(resources.get("Font", {})).values():
            objid = spec.objid if isinstance(spec, PDFObjRef) else None
            keys = self._by_id.get(objid) if objid is not None else None
            if keys is None:
                keys = _font_keys(dict_value(spec))
                if objid is not None:
                    self._by_id[objid] = keys
            for k, v in keys.items():
                self._known.setdefault(k, v)

    def close(self) -> None:
        if self._fh is not None:
            self._fh.close()


class PageFonts:
    """One page's view of DocFonts, what page_words asks for each font name."""

    def __init__(self, doc: DocFonts, index: int) -> None:
        self._doc, self._index = doc, index

    def get(self, name: str) -> tuple[str, float] | None:
        return self._doc.lookup(name, self._index)


def _font_keys(spec: dict[str, Any]) -> dict[str, tuple[str, float]]:
    """Names pdfium may report for this font → (pdfminer's font name, descent per point of size).

    pdfminer's rules without building its font (a CID font's ToUnicode map can take 0.2 s to parse):
    the descriptor's FontName and Descent, the AFM metrics for the standard 14 fonts.
    """
    names = [spec.get("BaseFont")]
    subtype = literal_name(spec["Subtype"]) if "Subtype" in spec else "Type1"
    if subtype == "Type3":
        return {}  # glyphs drawn by content streams; pdfplumber's boxes for them come from FontBBox
    if subtype == "Type0":
        encoding = resolve1(spec.get("Encoding"))
        if (literal_name(encoding) if isinstance(encoding, PSLiteral) else "").endswith("-V"):
            return {}  # vertical writing
        if isinstance(encoding, PDFStream) and resolve1(encoding.get("WMode")) == 1:
            return {}
        spec = dict_value(list_value(spec["DescendantFonts"])[0])
        names.append(spec.get("BaseFont"))
        descriptor = dict_value(spec.get("FontDescriptor", {}))
    else:
        base = literal_name(spec["BaseFont"]) if "BaseFont" in spec else "unknown"
        try:
            descriptor = FONT_METRICS[base][0]
        except KeyError:
            descriptor = dict_value(spec.get("FontDescriptor", {}))
    fontname = resolve1(descriptor.get("FontName", "unknown"))
    if isinstance(fontname, PSLiteral):
        fontname = literal_name(fontname)
    descent = num_value(descriptor.get("Descent", 0))
    facts = (str(fontname), -abs(descent) * 0.001)  # pdfminer forces a positive Descent negative
    keys: dict[str, tuple[str, float]] = {}
    for name in [*names, fontname]:
        name = resolve1(name)
        if name is None:
            continue
        text = literal_name(name) if isinstance(name, PSLiteral) else str(name)
        keys.setdefault(text, facts)
        keys.setdefault(_SUBSET.sub("", text), facts)  # pdfium drops the subset tag of some fonts
    return keys
