"""Corrections as gold: the documents people reviewed, their rows as corrected (gold) beside the
extractor's stored rows (prediction), for `directives eval --db`.

A document is a stored (file, document number), as on the review page. It is reviewed when a person
set something on at least one of its stored tasks: a field (agencies, deadline, text), "not a task" or
"is a task", or a status (with `corrected_only`, a field only). A note alone, or a correction whose
every field was reset, does not count. In a reviewed document every row a person left alone counts
as right; corrections cannot add a task the extractor missed, so such a task is never counted."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb

from pipeline.corrections import corrections
from pipeline.store import CORRECTED_FIELDS

# A correction row that sets a field of the task (not its status).
_SETS_FIELD = " OR ".join(f"c.{n} IS NOT NULL" for n in CORRECTED_FIELDS)


@dataclass
class ReviewedGold:
    """What `score()` takes, and what the report says beside the scores."""

    gold: list[dict[str, Any]]  # the reviewed rows but "not a task", `doc` = the document's label
    pred: list[dict[str, Any]]  # the extractor's stored rows of the same documents
    docs: list[str]  # the labels of the reviewed documents
    documents: int  # stored documents with tasks
    status_only: int  # reviewed documents whose tasks have a status set but no field corrected
    orphaned: list[dict[str, Any]] = field(default_factory=list)  # corrections whose task is gone


def _rows(con: duckdb.DuckDBPyConnection, sql: str) -> list[dict[str, Any]]:
    cur = con.execute(sql)
    cols = [d[0] for d in cur.description]
    return [dict(zip(cols, r, strict=True)) for r in cur.fetchall()]


def _labels(keys: list[tuple[str, str | None]]) -> dict[tuple[str, str | None], str]:
    """A document's label: its file name and number; the whole path where two folders hold one name."""
    names = {Path(p).name for p, _ in keys}
    by_name = len(names) == len({p for p, _ in keys})
    return {(p, n): f"{Path(p).name if by_name else p}" + (f" {n}" if n else "") for p, n in keys}


def reviewed_gold(con: duckdb.DuckDBPyConnection, corrected_only: bool = False) -> ReviewedGold:
    """The reviewed documents' gold and predicted rows. Raises StoreError on a store without corrections."""
    every = corrections(con)  # raises StoreError for a store made before corrections
    marks = f"""WITH m AS (
  SELECT t.path, t.doc_number, bool_or(({_SETS_FIELD}) IS TRUE) AS fields, bool_or(c.status IS NOT NULL) AS status
  FROM tasks t JOIN corrections c USING (task_id) GROUP BY t.path, t.doc_number)
SELECT path, doc_number, fields FROM m WHERE fields {"" if corrected_only else "OR status"}"""
    reviewed = con.execute(marks + " ORDER BY path, doc_number NULLS FIRST").fetchall()
    got = con.execute("SELECT count(*) FROM (SELECT DISTINCT path, doc_number FROM tasks)").fetchone()
    labels = _labels([(p, n) for p, n, _ in reviewed])
    order = "ORDER BY r.path, r.ordinal"
    pick = f"JOIN ({marks}) d ON r.path = d.path AND r.doc_number IS NOT DISTINCT FROM d.doc_number"

    def labelled(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
        return [{**r, "doc": labels[(r["path"], r["doc_number"])]} for r in rows]

    return ReviewedGold(
        gold=labelled(_rows(con, f"SELECT r.* FROM reviewed_tasks r {pick} WHERE NOT r.not_task {order}")),
        pred=labelled(_rows(con, f"SELECT r.* FROM tasks r {pick} {order}")),
        docs=[labels[(p, n)] for p, n, _ in reviewed],
        documents=got[0] if got else 0,
        status_only=sum(1 for *_, fields in reviewed if not fields),
        orphaned=[c for c in every if c["orphaned"]],
    )
