"""Parquet for analysts: every column of the tasks table and the review, lists as lists, dates as date32."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pipeline.store import task_columns


def arrow_schema() -> Any:
    import pyarrow as pa

    types = {
        "VARCHAR": pa.string(),
        "VARCHAR[]": pa.list_(pa.string()),
        "DATE": pa.date32(),
        "BOOLEAN": pa.bool_(),
        "INTEGER": pa.int32(),
        "BIGINT": pa.int64(),
        "DOUBLE": pa.float64(),
        "TIMESTAMP": pa.timestamp("us"),
    }
    review = [("status", "VARCHAR"), ("done_on", "DATE"), ("corrected", "BOOLEAN")]
    return pa.schema([(name, types[sql]) for name, sql in task_columns() + review])


def write(rows: list[dict[str, Any]], out: Path) -> int:
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = arrow_schema()
    table = pa.Table.from_pylist([{n: r.get(n) for n in schema.names} for r in rows], schema=schema)
    pq.write_table(table, out)
    return len(rows)
