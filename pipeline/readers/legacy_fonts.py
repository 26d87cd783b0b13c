"""Legacy Vietnamese fonts (TCVN3/ABC ".Vn…", VNI "VNI-…") → Unicode, before any cleanup.

The byte tables come from viparse (MIT); this module decides *when* to convert: by font name
first (the reliable signal), by character statistics for text with no font information.
"""

from __future__ import annotations

import re
import unicodedata

from viparse.normalize.detector import detect_encoding_by_content
from viparse.normalize.encodings import AUTO_DETECT_CHARMAPS, CHARMAPS
from viparse.normalize.tables import convert as _convert

_SUBSET = re.compile(r"^[A-Z]{6}\+")
# Letters TCVN3/VNI text shows in place of Vietnamese ones; plain Unicode text rarely has them.
# Share of such letters above which the statistics test is worth running.
_SUSPECT_SHARE = 0.03
# Characters TCVN3/VNI text shows in place of Vietnamese letters and Unicode Vietnamese never uses
# (accented Latin letters that are also Vietnamese, like "á", are left out on purpose).
_SUSPECT = set("µ¸¶·¹¨»¾¼½Æ©ÇËÌÏÍÎÑ¬ÒÖ×ÝØÜÞßäåæ¦çëîïøöûüþ«÷¡¢£¤¥§°±²³º¿¯ª\xad")


def font_base(fontname: str | None) -> str:
    """'ABCDEF+.VnTimeH' → '.VnTimeH'; PDF subset tags and style suffixes are not the family."""
    return _SUBSET.sub("", fontname or "")


def font_encoding(fontname: str | None) -> str | None:
    """'tcvn3' for ABC fonts (.VnTime, .VnArialH), 'vni' for VNI-Times etc., else None."""
    name = font_base(fontname).upper()
    if name.startswith(".VN") or name.startswith("VN3") or name.startswith("VNTIME"):
        return "tcvn3"
    if name.startswith("VNI"):
        return "vni"
    return None


def is_caps_font(fontname: str | None) -> bool:
    """TCVN3 'H' fonts (.VnTimeH, .VnArialH) draw lower-case codes as capitals."""
    name = font_base(fontname).split(",")[0].split("-")[0]
    return font_encoding(fontname) == "tcvn3" and name.upper().endswith("H")


def convert(text: str, encoding: str, caps: bool = False) -> str:
    """Convert text typed in a legacy font to NFC Unicode."""
    out = _convert(text, CHARMAPS[encoding])
    return out.upper() if caps else out


def convert_font_text(text: str, fontname: str | None) -> str:
    """Convert a run of text if its font is a legacy one; Unicode fonts pass through (NFC)."""
    enc = font_encoding(fontname)
    if enc is None:
        return unicodedata.normalize("NFC", text)
    return convert(text, enc, is_caps_font(fontname))


def guess_encoding(text: str) -> str | None:
    """Guess a legacy encoding from character statistics (for text without font names)."""
    sample = text[:20000]
    letters = [c for c in sample if not c.isspace()]
    if len(letters) < 12:
        return None
    suspect = sum(1 for c in letters if c in _SUSPECT)
    if suspect / len(letters) < _SUSPECT_SHARE:
        return None
    found = detect_encoding_by_content(sample, AUTO_DETECT_CHARMAPS).encoding
    return found if found in ("tcvn3", "vni") else None


def fix_legacy_line(text: str) -> str:
    """Convert a line whose font name was lost (a PDF with a substituted font) if it reads as TCVN3/VNI."""
    if sum(1 for c in text if c in _SUSPECT) < 2:
        return text
    enc = guess_encoding(text)
    return convert(text, enc) if enc else text
