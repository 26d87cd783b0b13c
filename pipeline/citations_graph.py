"""The citation graph: each stored citation resolved to the stored document with that number.

Numbers are compared by a key that ignores how they are written: "183-KL/TW", "183/KL-TW",
"kết luận 183", "KL số 183-KL/TW ngày 01/8/2025" and "Kết luận số 183 - KL/TW" are one document.
A bare number ("Kết luận 183") takes its symbol from the kind word; the year, when the citation or the
document states it, must agree. Of several stored copies of one number (a re-issue) the newest is used.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import duckdb

from pipeline.header import SYMBOL_TYPES, TITLES
from pipeline.textutil import ascii_fold

# "183-KL/TW", "2530/QĐ-TTg", "01/2025/NĐ-CP", "183 - KL / TW": number, year, symbol, issuer.
_FULL = re.compile(
    r"(?<![\d/])(?P<n>\d{1,6})(?:\s*/\s*(?P<y>(?:19|20)\d\d))?\s*[-/]\s*(?P<sym>[a-z][a-z0-9&]*)"
    r"(?:\s*[-/]\s*(?P<iss>[a-z][a-z0-9&.\-]*[a-z0-9]))?"
)
_BARE = re.compile(r"(?<![\d/])(?P<n>\d{1,6})(?![\d/-])")
_DATE_YEAR = re.compile(r"\b\d{1,2}\s*[/.-]\s*\d{1,2}\s*[/.-]\s*((?:19|20)\d\d)\b|\bnam\s+((?:19|20)\d\d)\b")
# Abbreviated kinds written before the number ("KL số 183").
_SYMBOLS = {ascii_fold(s) for s in SYMBOL_TYPES}
_KINDS = {ascii_fold(word.lower()): ascii_fold(sym) for word, sym in TITLES.items()}
# The symbols that name one kind: a Quy định is written "QĐ" or "QĐi".
_SAME_SYMBOL = {"qdi": "qd"}


@dataclass(frozen=True)
class DocKey:
    """A document number reduced to what identifies it."""

    number: str  # digits without leading zeros: "183", "3" for "03"
    symbol: str | None  # tone-folded, lower case: "kl", "qd", "cd"
    issuer: str | None = None  # "tw", "ttg", "btctw"
    year: int | None = None


def _kind_symbol(text: str) -> str | None:
    words = text.split()
    for i in range(len(words)):
        tail = " ".join(words[i:])
        for kind, sym in _KINDS.items():
            if tail == kind or tail.startswith(kind + " "):
                return sym
        if words[i] in _SYMBOLS:
            return words[i]
    return None


def parse_number(text: str | None, kind: str | None = None, year: int | None = None) -> DocKey | None:
    """The key of a number as written in a citation or a header; None when there is no number."""
    if not text:
        return None
    folded = ascii_fold(text)
    stated = _DATE_YEAR.search(folded)
    when = int(stated.group(1) or stated.group(2)) if stated else year
    m = _FULL.search(folded)
    if m:
        sym = _SAME_SYMBOL.get(m.group("sym"), m.group("sym"))
        iss = m.group("iss").replace(".", "") if m.group("iss") else None
        y = int(m.group("y")) if m.group("y") else when
        return DocKey(str(int(m.group("n"))), sym, iss, y)
    bare = _BARE.search(folded)
    if not bare:
        return None
    sym = _kind_symbol(ascii_fold(kind or "")) or _kind_symbol(folded[: bare.start()])
    if sym is None:
        return None  # "số 183" alone: no kind, no way to tell which document
    return DocKey(str(int(bare.group("n"))), _SAME_SYMBOL.get(sym, sym), None, when)


def same_document(cited: DocKey, stored: DocKey) -> bool:
    """True when the cited key can be the stored document: what both state agrees."""
    if cited.number != stored.number or cited.symbol != stored.symbol:
        return False
    for a, b in ((cited.issuer, stored.issuer), (cited.year, stored.year)):
        if a is not None and b is not None and a != b:
            return False
    return True


@dataclass
class StoredDoc:
    path: str
    doc_index: int
    doc_number: str | None
    doc_date: date | None
    year: int | None
    place: str | None
    tasks: int
    stored_at: Any = None
    key: DocKey | None = None


@dataclass
class Edge:
    """One citation and the stored document it resolves to (target None: not in the store)."""

    path: str
    doc_index: int
    doc_number: str | None
    cited_number: str
    kind: str | None
    cited_date: date | None
    target: StoredDoc | None = None
    copies: int = 0  # stored documents with that number (2 or more: a re-issue; the newest is the target)
    # every stored copy, newest first: a re-issue in another file stores only the tasks whose ids are new
    hits: list[StoredDoc] = field(default_factory=list)


@dataclass
class Missing:
    """A cited document that is not in the store, with how often it is cited."""

    number: str  # as first written
    kind: str | None
    citations: int
    cited_by: list[str] = field(default_factory=list)


def stored_documents(con: duckdb.DuckDBPyConnection) -> list[StoredDoc]:
    rows = con.execute(
        "SELECT d.path, d.doc_index, d.doc_number, d.doc_date, d.year, d.place, coalesce(d.tasks, 0), f.stored_at, "
        "d.doc_type FROM documents d LEFT JOIN files f USING (path) ORDER BY d.path, d.doc_index"
    ).fetchall()
    out = []
    for path, di, number, ddate, year, place, tasks, stored_at, dtype in rows:
        key = parse_number(number, kind=dtype, year=ddate.year if ddate else year)
        out.append(StoredDoc(path, di, number, ddate, year, place, tasks, stored_at, key))
    return out


def _age(d: StoredDoc) -> tuple[date, str, str]:
    return (d.doc_date or date.min, str(d.stored_at or ""), d.path)


def find_documents(docs: list[StoredDoc], number: str, kind: str | None = None) -> list[StoredDoc]:
    """The stored documents a written number names, newest first."""
    key = parse_number(number, kind)
    if key is None:
        return []
    hits = [d for d in docs if d.key is not None and same_document(key, d.key)]
    return sorted(hits, key=_age, reverse=True)


def resolve(con: duckdb.DuckDBPyConnection) -> list[Edge]:
    """Every stored citation with the stored document it names."""
    docs = stored_documents(con)
    rows = con.execute(
        "SELECT path, doc_index, doc_number, cited_number, kind, cited_date FROM citations "
        "ORDER BY path, doc_index, cited_number"
    ).fetchall()
    by_number: dict[str, list[StoredDoc]] = {}
    for d in docs:
        if d.key is not None:
            by_number.setdefault(d.key.number, []).append(d)
    edges = []
    for path, di, number, cited, kind, cdate in rows:
        edge = Edge(path, di, number, cited, kind, cdate)
        key = parse_number(cited, kind, cdate.year if cdate else None)
        if key is not None:
            same = by_number.get(key.number, [])
            hits = [d for d in same if d.key and same_document(key, d.key) and (d.path, d.doc_index) != (path, di)]
            if hits:
                edge.hits = sorted(hits, key=_age, reverse=True)
                edge.target, edge.copies = edge.hits[0], len(hits)
        edges.append(edge)
    return edges


def _missing_key(e: Edge) -> DocKey | str:
    key = parse_number(e.cited_number, e.kind)
    return DocKey(key.number, key.symbol, key.issuer) if key else e.cited_number


def _is_bare(key: DocKey | str) -> bool:
    return isinstance(key, DocKey) and key.issuer is None


def missing(edges: list[Edge]) -> list[Missing]:
    """Cited documents not in the store, most cited first (a "to fetch" list). A bare number ("Nghị
    quyết 18") counts for the one full number it can be ("18-NQ/TW") when there is exactly one."""
    unresolved = [e for e in edges if e.target is None]
    keys = {_missing_key(e) for e in unresolved}
    full: dict[tuple[str, str | None], list[DocKey]] = {}
    for k in keys:
        if isinstance(k, DocKey) and k.issuer is not None:
            full.setdefault((k.number, k.symbol), []).append(k)
    by_key: dict[DocKey | str, Missing] = {}
    # full numbers first, so a document is listed as its full number
    for e in sorted(unresolved, key=lambda e: _is_bare(_missing_key(e))):
        key = _missing_key(e)
        if isinstance(key, DocKey) and _is_bare(key) and len(full.get((key.number, key.symbol), [])) == 1:
            key = full[(key.number, key.symbol)][0]
        m = by_key.setdefault(key, Missing(e.cited_number, e.kind, 0))
        m.citations += 1
        citer = e.doc_number or e.path.rsplit("/", 1)[-1]
        if citer not in m.cited_by:
            m.cited_by.append(citer)
    return sorted(by_key.values(), key=lambda m: (-m.citations, m.number))
