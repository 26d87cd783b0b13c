"""The cascade for analysts: link a store, and its task links as a DataFrame (local and central side by side)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from pipeline.store import DEFAULT_DB

if TYPE_CHECKING:
    import pandas as pd

    from pipeline.linking import LinkReport

# The columns of each side of a link, read from tasks; the local side also has its document's place and issuer.
_SIDE = ["task_id", "doc_number", "clause", "assignees", "deadline", "recurrence", "task"]


def link(db: str | Path = DEFAULT_DB) -> LinkReport:
    """What `directives link` does: resolve citations, link the tasks of implementing documents, store both.

    >>> report = link("directives.duckdb"); report.links, report.unfollowed
    """
    from pipeline.linking import write_links
    from pipeline.store import Store

    with Store(db, wait=30.0) as store:
        return write_links(store.con)


def load_links(db: str | Path = DEFAULT_DB) -> pd.DataFrame:
    """One row per stored task link: `central_*` columns (the central task), the local task's columns,
    `place` and `issuer` of the local document, `score`, `reasons`, `late`. Deadlines are datetime64.

    >>> links = load_links("directives.duckdb")
    >>> links.groupby(["central_clause", "place"]).size()
    """
    import pandas as pd

    from pipeline.api import connect

    central = ", ".join(f"c.{c} AS central_{c}" for c in _SIDE)
    local = ", ".join(f"t.{c}" for c in _SIDE)
    sql = (
        f"SELECT {central}, {local}, d.place, d.issuer, l.score, l.reasons, l.late "
        "FROM task_links l JOIN tasks t ON t.task_id = l.task_id JOIN tasks c ON c.task_id = l.central_task_id "
        "LEFT JOIN documents d ON d.path = l.path AND d.doc_index = l.doc_index "
        "ORDER BY c.path, c.ordinal, l.score DESC"
    )
    with connect(db, read_only=True) as con:
        df = con.execute(sql).df()
    for col in ("deadline", "central_deadline"):
        df[col] = pd.to_datetime(df[col], errors="coerce").astype("datetime64[ns]")
    for col in ("assignees", "central_assignees", "reasons"):
        df[col] = [list(v) if v is not None else [] for v in df[col]]
    return df
