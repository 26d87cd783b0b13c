"""The stored documents for the API and the review page: ids, header fields, clause tree, citations."""

from __future__ import annotations

import hashlib
from typing import Any

import duckdb

from pipeline.exports.rows import iso


def document_id(path: str, doc_index: int) -> str:
    """Stable while the file keeps its name, re-issued or not: a fingerprint of the path and the index."""
    return f"{hashlib.sha1(path.encode()).hexdigest()[:10]}-{doc_index}"


def _dicts(cur: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    cols = [d[0] for d in cur.description]
    return [dict(zip(cols, r, strict=True)) for r in cur.fetchall()]


def _plain(row: dict[str, Any]) -> dict[str, Any]:
    return {k: (list(v) if isinstance(v, list | tuple) else iso(v)) for k, v in row.items()}


def list_documents(con: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    """Every stored document, newest file first, with its id and task count."""
    rows = _dicts(
        con.execute(
            "SELECT d.*, f.stored_at FROM documents d LEFT JOIN files f USING (path) "
            "ORDER BY f.stored_at DESC NULLS LAST, d.path, d.doc_index"
        )
    )
    return [{"id": document_id(r["path"], r["doc_index"]), **_plain(r)} for r in rows]


def find_document(con: duckdb.DuckDBPyConnection, doc_id: str) -> dict[str, Any] | None:
    return next((d for d in list_documents(con) if d["id"] == doc_id), None)


def document_of(con: duckdb.DuckDBPyConnection, path: str, doc_number: str | None) -> str | None:
    """The id of the document a task row belongs to (its file and number)."""
    got = con.execute(
        "SELECT doc_index FROM documents WHERE path = ? AND doc_number IS NOT DISTINCT FROM ? ORDER BY doc_index",
        [path, doc_number],
    ).fetchone()
    return document_id(path, got[0]) if got else None


def clauses(con: duckdb.DuckDBPyConnection, path: str, doc_index: int) -> list[dict[str, Any]]:
    """The document's clauses in reading order, each with its depth below the body (the root, "", is -1)."""
    rows = _dicts(
        con.execute(
            "SELECT clause, parent, label, text, page, heading, char_start, char_end FROM clauses "
            "WHERE path = ? AND doc_index = ? ORDER BY ordinal",
            [path, doc_index],
        )
    )
    depth: dict[str, int] = {}
    for r in rows:
        r["depth"] = depth[r["clause"]] = depth.get(r["parent"], -1) + 1 if r["parent"] is not None else -1
    return rows


def clause_tree(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The flat clauses nested under their parents (`children`)."""
    nodes = {r["clause"]: {k: v for k, v in r.items() if k != "depth"} | {"children": []} for r in rows}
    roots: list[dict[str, Any]] = []
    for r in rows:
        parent = nodes.get(r["parent"]) if r["parent"] is not None else None
        (parent["children"] if parent else roots).append(nodes[r["clause"]])
    return roots


def citations(con: duckdb.DuckDBPyConnection, path: str, doc_index: int) -> list[dict[str, Any]]:
    cur = con.execute(
        "SELECT kind, cited_number, cited_date FROM citations WHERE path = ? AND doc_index = ?", [path, doc_index]
    )
    return [_plain(r) for r in _dicts(cur)]


def source_clause(con: duckdb.DuckDBPyConnection, path: str, doc_number: str | None, clause: str) -> dict | None:
    """The clause a task stands in: its path, label, text, page and offsets."""
    got = _dicts(
        con.execute(
            "SELECT c.clause, c.label, c.text, c.page, c.char_start, c.char_end FROM clauses c "
            "JOIN documents d ON d.path = c.path AND d.doc_index = c.doc_index "
            "WHERE c.path = ? AND d.doc_number IS NOT DISTINCT FROM ? AND c.clause = ? ORDER BY c.ordinal LIMIT 1",
            [path, doc_number, clause],
        )
    )
    return got[0] if got else None


def document_tasks(con: duckdb.DuckDBPyConnection, doc: dict[str, Any]) -> list[dict[str, Any]]:
    """The document's tasks as corrected, those marked "not a task" too, in the file's order."""
    from pipeline.exports.rows import TaskFilter, fetch_tasks

    rows = fetch_tasks(con, TaskFilter(not_tasks=True))
    return [r for r in rows if r["path"] == doc["path"] and r["doc_number"] == doc["doc_number"]]
