"""DOCX reader: paragraphs with their automatic list labels, tables in place, footnotes apart.

The package is checked (zip bomb, entity bomb) before anything is parsed; the body XML is walked
in document order so tables and paragraphs keep their places.
"""

from __future__ import annotations

import posixpath
import re
import unicodedata
from pathlib import Path

from lxml import etree

from pipeline.model import Block, ReadError, ReadResult

from .docx_styles import Styles, flag, font_of
from .legacy_fonts import convert, font_encoding, is_caps_font
from .numbering import Numbering, W
from .safexml import open_zip, parse_xml, read_member

_R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_SPACES = re.compile(r"[ \t\u00a0]+")


def read_docx(path: Path, source_kind: str = "docx") -> ReadResult:
    zf = open_zip(path)
    try:
        doc_name = _main_part(zf)
        body_xml = read_member(zf, doc_name)
        if body_xml is None:
            raise ReadError("not a Word document (no word/document.xml)")
        root = parse_xml(body_xml, doc_name)
        rels = _rels(zf, doc_name)
        styles = Styles(_part(zf, rels.get("styles")))
        numbering = Numbering(_part(zf, rels.get("numbering")), styles.links())
        notes = _footnotes(_part(zf, rels.get("footnotes")), styles)
    finally:
        zf.close()
    body = root.find(f"{W}body")
    if body is None:
        raise ReadError("not a Word document (no body)")
    walker = _Walker(styles, numbering, notes)
    walker.walk(body)
    blocks = walker.blocks
    if not any(b.text.strip() or any(c.strip() for r in b.rows for c in r) for b in blocks):
        raise ReadError("empty document")
    return ReadResult(blocks=blocks, source_kind=source_kind, warnings=walker.warnings)


def _main_part(zf: object) -> str:
    """The main document part named in _rels/.rels (usually word/document.xml)."""
    data = read_member(zf, "_rels/.rels")  # type: ignore[arg-type]
    if data:
        for rel in parse_xml(data, "_rels/.rels").findall(f"{_REL}Relationship"):
            if rel.get("Type", "").endswith("/officeDocument"):
                return rel.get("Target", "word/document.xml").lstrip("/")
    return "word/document.xml"


def _rels(zf: object, doc_name: str) -> dict[str, str]:
    """Relationship type (last path segment) → part name, for the main document part."""
    d, f = posixpath.split(doc_name)
    data = read_member(zf, posixpath.join(d, "_rels", f + ".rels"))  # type: ignore[arg-type]
    out: dict[str, str] = {}
    if data:
        for rel in parse_xml(data, "document.xml.rels").findall(f"{_REL}Relationship"):
            kind = rel.get("Type", "").rsplit("/", 1)[-1]
            target = rel.get("Target", "")
            if rel.get("TargetMode") == "External" or not target:
                continue
            out[kind] = (
                target.lstrip("/")
                if target.startswith("/")
                else posixpath.normpath(posixpath.join(d, target))
            )
    return out


def _part(zf: object, name: str | None) -> etree._Element | None:
    if not name:
        return None
    data = read_member(zf, name)  # type: ignore[arg-type]
    return parse_xml(data, name) if data else None


def _footnotes(root: etree._Element | None, styles: Styles) -> dict[str, str]:
    out: dict[str, str] = {}
    if root is None:
        return out
    for fn in root.findall(f"{W}footnote"):
        if fn.get(f"{W}type") in ("separator", "continuationSeparator", "continuationNotice"):
            continue
        paras = [_para_text(p, styles)[0] for p in fn.iter(f"{W}p")]
        out[fn.get(f"{W}id", "")] = " ".join(p for p in paras if p).strip()
    return out


def _run_text(r: etree._Element, legacy: bool) -> str:
    parts: list[str] = []
    for el in r:
        tag = etree.QName(el).localname
        if tag == "t":
            parts.append(el.text or "")
        elif tag in ("tab", "ptab"):
            parts.append("\t")
        elif tag in ("br", "cr"):
            parts.append(" ")
        elif tag == "noBreakHyphen":
            parts.append("-")
        elif tag == "softHyphen" and legacy:
            parts.append("\xad")  # TCVN3 stores "ư" in the soft-hyphen byte
    return "".join(parts)


def _para_text(p: etree._Element, styles: Styles) -> tuple[str, bool, list[str]]:
    """Text of a paragraph (legacy fonts converted), whether all of it is bold, footnote ids it cites."""
    ppr = p.find(f"{W}pPr")
    pstyle = _style_id(ppr, "pStyle")
    depth = sum(1 for a in p.iterancestors(f"{W}txbxContent"))
    texts: list[str] = []
    bolds: list[bool] = []
    refs: list[str] = []
    for r in p.iter(f"{W}r"):
        if sum(1 for a in r.iterancestors(f"{W}txbxContent")) != depth:
            continue  # text boxes are read as their own paragraphs, not inside this one
        ref = r.find(f"{W}footnoteReference")
        if ref is not None:
            refs.append(ref.get(f"{W}id", ""))
            continue
        if r.find(f"{W}endnoteReference") is not None:
            continue
        rpr = r.find(f"{W}rPr")
        rstyle = _style_id(rpr, "rStyle")
        font = font_of(rpr) or styles.font(rstyle, pstyle)
        enc = font_encoding(font)
        text = _run_text(r, legacy=enc is not None)
        if not text:
            continue
        if enc is not None:
            text = convert(text, enc, is_caps_font(font) or bool(flag(rpr, "caps")))
        elif flag(rpr, "caps"):
            text = text.upper()
        texts.append(text)
        if text.strip():
            b = flag(rpr, "b")
            bolds.append(b if b is not None else styles.bold(rstyle, pstyle))
    text = _SPACES.sub(" ", unicodedata.normalize("NFC", "".join(texts))).strip()
    return text, bool(bolds) and all(bolds), refs


def _style_id(pr: etree._Element | None, tag: str) -> str | None:
    if pr is None:
        return None
    el = pr.find(f"{W}{tag}")
    return el.get(f"{W}val") if el is not None else None


class _Walker:
    def __init__(self, styles: Styles, numbering: Numbering, notes: dict[str, str]) -> None:
        self.styles = styles
        self.numbering = numbering
        self.notes = notes
        self.blocks: list[Block] = []
        self.warnings: list[str] = []
        self.note_no = 0

    def walk(self, container: etree._Element) -> None:
        for el in container:
            tag = etree.QName(el).localname
            if tag == "p":
                self._para(el)
            elif tag == "tbl":
                rows = self._table(el)
                if rows:
                    self.blocks.append(Block(text="", kind="table", rows=rows))
            elif tag in ("sdt", "customXml", "ins", "smartTag"):
                inner = el.find(f"{W}sdtContent") if tag == "sdt" else el
                if inner is not None:
                    self.walk(inner)

    def _label(self, p: etree._Element) -> str:
        ppr = p.find(f"{W}pPr")
        num = ppr.find(f"{W}numPr") if ppr is not None else None
        num_id, ilvl = self.styles.numbering(_style_id(ppr, "pStyle"))
        if num is not None:
            nid = num.find(f"{W}numId")
            lvl = num.find(f"{W}ilvl")
            if nid is not None:
                num_id = nid.get(f"{W}val")
            if lvl is not None:
                ilvl = int(lvl.get(f"{W}val", "0") or 0)
        return self.numbering.label(num_id or "", ilvl) if num_id else ""

    def _para(self, p: etree._Element) -> None:
        label = self._label(p)
        text, bold, refs = _para_text(p, self.styles)
        if text:
            self.blocks.append(Block(text=text, kind="para", label=label, bold=bold))
        for rid in refs:
            self.note_no += 1
            body = self.notes.get(rid, "")
            if body:
                self.blocks.append(Block(text=body, kind="footnote", label=str(self.note_no)))
        for box in p.iter(f"{W}txbxContent"):
            # a text box is stored twice (DrawingML and a VML fallback): read it once
            fallback = any(etree.QName(a).localname == "Fallback" for a in box.iterancestors())
            if not fallback and next(box.iterancestors(f"{W}p"), None) is p:
                self.walk(box)

    def _cell_text(self, tc: etree._Element) -> str:
        parts: list[str] = []
        for el in tc:
            tag = etree.QName(el).localname
            if tag == "p":
                label = self._label(el)
                text = _para_text(el, self.styles)[0]
                if text:
                    parts.append(f"{label} {text}" if label else text)
            elif tag == "tbl":
                parts.extend(" | ".join(c for c in r if c) for r in self._table(el))
            elif tag == "sdt":
                inner = el.find(f"{W}sdtContent")
                if inner is not None:
                    parts.append(self._cell_text(inner))
        return "\n".join(p for p in parts if p)

    def _table(self, tbl: etree._Element) -> tuple[tuple[str, ...], ...]:
        rows: list[tuple[str, ...]] = []
        above: dict[int, str] = {}  # text of the cell above, per grid column, for vertical merges
        for tr in tbl.iter(f"{W}tr"):
            if next(tr.iterancestors(f"{W}tbl")) is not tbl:
                continue
            cells: list[str] = []
            for tc in tr.iter(f"{W}tc"):
                if next(tc.iterancestors(f"{W}tr")) is not tr:
                    continue
                tcpr = tc.find(f"{W}tcPr")
                span = 1
                merged = False
                if tcpr is not None:
                    gs = tcpr.find(f"{W}gridSpan")
                    span = int(gs.get(f"{W}val", "1") or 1) if gs is not None else 1
                    vm = tcpr.find(f"{W}vMerge")
                    merged = vm is not None and vm.get(f"{W}val", "continue") != "restart"
                col = len(cells)
                # a vertically merged cell repeats its text so each row keeps its agency/deadline
                text = above.get(col, "") if merged else self._cell_text(tc)
                above[col] = text
                cells.append(text)
                cells.extend([""] * (span - 1))  # keep columns aligned under merged headers
            if cells:
                rows.append(tuple(cells))
        return tuple(rows)
