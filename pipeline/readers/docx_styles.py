"""Word styles: what a paragraph or run inherits (numbering, bold, font) through basedOn chains."""

from __future__ import annotations

from dataclasses import dataclass

from lxml import etree

from .numbering import W

_OFF = {"0", "false", "off", "none"}


def flag(rpr: etree._Element | None, tag: str) -> bool | None:
    """A toggle property (w:b, w:caps): True/False where set, None where not stated."""
    if rpr is None:
        return None
    el = rpr.find(f"{W}{tag}")
    if el is None:
        return None
    return el.get(f"{W}val", "1").lower() not in _OFF


def font_of(rpr: etree._Element | None) -> str | None:
    if rpr is None:
        return None
    f = rpr.find(f"{W}rFonts")
    if f is None:
        return None
    return f.get(f"{W}ascii") or f.get(f"{W}hAnsi") or f.get(f"{W}cs")


@dataclass
class Style:
    based_on: str | None = None
    num_id: str | None = None
    ilvl: int | None = None
    bold: bool | None = None
    font: str | None = None


class Styles:
    def __init__(self, root: etree._Element | None) -> None:
        self.styles: dict[str, Style] = {}
        self.default_font: str | None = None
        self.default_para = ""
        if root is None:
            return
        dd = root.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr")
        self.default_font = font_of(dd)
        for s in root.findall(f"{W}style"):
            sid = s.get(f"{W}styleId", "")
            st = Style()
            b = s.find(f"{W}basedOn")
            st.based_on = b.get(f"{W}val") if b is not None else None
            num = s.find(f"{W}pPr/{W}numPr")
            if num is not None:
                nid = num.find(f"{W}numId")
                lvl = num.find(f"{W}ilvl")
                st.num_id = nid.get(f"{W}val") if nid is not None else None
                st.ilvl = int(lvl.get(f"{W}val", "0")) if lvl is not None else None
            rpr = s.find(f"{W}rPr")
            st.bold = flag(rpr, "b")
            st.font = font_of(rpr)
            self.styles[sid] = st
            if s.get(f"{W}type") == "paragraph" and s.get(f"{W}default") in ("1", "true"):
                self.default_para = sid

    def _chain(self, sid: str | None) -> list[Style]:
        out: list[Style] = []
        seen: set[str] = set()
        while sid and sid in self.styles and sid not in seen:
            seen.add(sid)
            out.append(self.styles[sid])
            sid = self.styles[sid].based_on
        return out

    def numbering(self, sid: str | None) -> tuple[str | None, int]:
        """numId and level a paragraph style (or one it is based on) carries."""
        for st in self._chain(sid or self.default_para):
            if st.num_id is not None:
                return st.num_id, st.ilvl or 0
        return None, 0

    def bold(self, *sids: str | None) -> bool:
        for sid in sids:
            for st in self._chain(sid):
                if st.bold is not None:
                    return st.bold
        return False

    def font(self, *sids: str | None) -> str | None:
        for sid in sids:
            for st in self._chain(sid):
                if st.font:
                    return st.font
        return self.default_font

    def links(self) -> dict[str, str]:
        """styleId → numId, for abstractNums defined through a numbering style (numStyleLink)."""
        return {sid: st.num_id for sid, st in self.styles.items() if st.num_id}
