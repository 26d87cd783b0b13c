"""The Parquet dataset a cluster ingest writes (`ingest --cluster`, `--parts DIR`): each part is a batch of
files extracted on a worker, one Parquet file a table, and `manifest.jsonl` lists the parts as they
complete (their files with content hashes, row counts, run id) and which ones the store has loaded.

    DIR/manifest.jsonl                 {"part": "part-000003", "run_id": 4, "files": [...], "rows": {...}}
    DIR/tasks/part-000003.parquet      the store's columns; also documents/, citations/, clauses/,
    DIR/files/part-000003.parquet      failures/ and files/ (one row a file: its outcome and counts)

The rows are the store's rows before they meet the store: `SELECT * FROM read_parquet('DIR/tasks/*.parquet')`
reads them in place. A part's file is written under a temporary name and renamed, so a killed worker
leaves no half part; a manifest line is appended only once all of a part's tables are there."""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from pipeline.batchstore import _ARROW
from pipeline.model import FileResult
from pipeline.store import ENVIRONMENT, StoreError, _rows, task_columns

MANIFEST = "manifest.jsonl"
PART_FILE_COLUMNS: list[tuple[str, pa.DataType]] = [
    ("path", pa.string()),
    ("sha256", pa.string()),
    ("size", pa.int64()),
    ("mtime", pa.float64()),
    ("status", pa.string()),  # ok | failed
    ("stage", pa.string()),
    ("reason", pa.string()),
    ("source_kind", pa.string()),
    ("pages", pa.int32()),
    ("documents", pa.int32()),
    ("tasks", pa.int32()),  # rows of the file, before another file's copy of a document takes any
    ("warnings", pa.list_(pa.string())),
    ("needs_review", pa.int32()),
    ("run_id", pa.int32()),
]
_S, _I, _D = pa.string(), pa.int32(), pa.date32()
ROW_TABLES: dict[str, list[tuple[str, pa.DataType]]] = {
    "documents": [
        ("path", _S), ("sha256", _S), ("doc_index", _I), ("doc_number", _S), ("doc_type", _S), ("doc_date", _D),
        ("year", _I), ("issuer", _S), ("place", _S), ("subject", _S), ("recipients", pa.list_(_S)),
        ("signer", _S), ("signer_capacity", _S), ("tasks", _I),
    ],
    "citations": [
        ("path", _S), ("doc_index", _I), ("doc_number", _S), ("cited_number", _S), ("kind", _S), ("cited_date", _D),
    ],
    "clauses": [
        ("path", _S), ("sha256", _S), ("doc_index", _I), ("ordinal", _I), ("clause", _S), ("parent", _S),
        ("label", _S), ("text", _S), ("page", _I), ("heading", pa.bool_()), ("char_start", _I), ("char_end", _I),
    ],
    "failures": [
        ("path", _S), ("sha256", _S), ("stage", _S), ("reason", _S), ("at", pa.timestamp("us")), ("run_id", _I),
    ],
}  # fmt: skip


def task_schema() -> list[tuple[str, pa.DataType]]:
    return [(n, _ARROW.get(t, pa.string())) for n, t in task_columns()]


def schemas() -> dict[str, list[tuple[str, pa.DataType]]]:
    """Every table of a part, with its columns (the store's names and types)."""
    return {"files": PART_FILE_COLUMNS, "tasks": task_schema(), **ROW_TABLES}


@dataclass
class PartFile:
    """One file of a part as the manifest lists it."""

    path: str
    sha256: str
    status: str


@dataclass
class Part:
    """A manifest line: a part, the run that wrote it, its files and the rows of each table."""

    part: str
    run_id: int | None
    extractor: str
    files: list[PartFile]
    rows: dict[str, int] = field(default_factory=dict)

    def line(self) -> str:
        d = {"part": self.part, "run_id": self.run_id, "extractor": self.extractor, "rows": self.rows}
        d["files"] = [{"path": f.path, "sha256": f.sha256, "status": f.status} for f in self.files]
        return json.dumps(d, ensure_ascii=False)

    @classmethod
    def parse(cls, d: dict[str, Any]) -> Part:
        files = [PartFile(f["path"], f["sha256"], f["status"]) for f in d["files"]]
        return cls(d["part"], d.get("run_id"), d.get("extractor", ""), files, dict(d.get("rows", {})))


def _stat(path: str) -> tuple[int | None, float | None]:
    try:
        st = Path(path).stat()
        return st.st_size, st.st_mtime
    except OSError:
        return None, None


def _columns(rows: Sequence[Sequence[Any]], cols: list[tuple[str, pa.DataType]]) -> pa.Table:
    data = list(zip(*rows, strict=True)) if rows else [()] * len(cols)
    arrays = [pa.array(list(c), type=t) for c, (_, t) in zip(data, cols, strict=True)]
    return pa.Table.from_arrays(arrays, names=[n for n, _ in cols])


def write_part(
    folder: str | Path, name: str, results: Sequence[tuple[str, FileResult]], run_id: int | None, extractor: str
) -> Part:
    """Write the rows of `results` ((stored path, result) pairs) as part `name` of the dataset in
    `folder`; returns its manifest line (the caller appends it). A file whose rows the store would refuse
    (a bad date) is a failure row here, stage "store", as `store_batch` makes it."""
    now = datetime.now()
    tables: dict[str, list[list[Any]]] = {t: [] for t in schemas()}
    listed: list[PartFile] = []
    for key, r in results:
        size, mtime = _stat(r.path)
        stage, reason = (r.stage or "extract", r.error) if r.error else (None, None)
        rows = None
        if reason is None:
            try:
                rows = _rows(r, key, run_id, now)
            except StoreError as e:
                stage, reason = "store", str(e)
        n_tasks = len(rows.tasks) if rows else 0
        review = sum(t.needs_review for t in r.tasks) if rows else 0
        status = "ok" if rows else "failed"
        tables["files"].append(
            [key, r.sha256, size, mtime, status, stage, reason, r.source_kind, r.pages,
             len(rows.documents) if rows else 0, n_tasks, list(r.warnings), review, run_id]
        )  # fmt: skip
        listed.append(PartFile(key, r.sha256, status))
        if rows is None:
            if stage != ENVIRONMENT:  # the machine's fault is no row of the file's (store._record_transient)
                tables["failures"].append([key, r.sha256, stage, reason, now, run_id])
            continue
        tables["tasks"] += rows.tasks
        tables["documents"] += rows.documents
        tables["citations"] += rows.citations
        tables["clauses"] += rows.clauses
    base = Path(folder)
    for table, cols in schemas().items():
        (base / table).mkdir(parents=True, exist_ok=True)
        target = base / table / f"{name}.parquet"
        tmp = target.with_name(f".{name}.{os.getpid()}.tmp")
        pq.write_table(_columns(tables[table], cols), tmp)
        os.replace(tmp, target)
    return Part(name, run_id, extractor, listed, {t: len(v) for t, v in tables.items()})


def read_part(folder: str | Path, name: str) -> dict[str, dict[str, list[list[Any]]]]:
    """The rows of part `name` by table, then by stored path, columns in `schemas()` order."""
    out: dict[str, dict[str, list[list[Any]]]] = {}
    for table, cols in schemas().items():
        tbl = pq.read_table(Path(folder) / table / f"{name}.parquet")
        names = [n for n, _ in cols]
        data = [tbl.column(n).to_pylist() if n in tbl.column_names else [None] * tbl.num_rows for n in names]
        at = names.index("path")
        by_path: dict[str, list[list[Any]]] = {}
        for row in zip(*data, strict=True):
            by_path.setdefault(row[at], []).append(list(row))
        out[table] = by_path
    return out


class Dataset:
    """The dataset folder as the ingest sees it: the manifest's parts, those loaded into the store."""

    def __init__(self, folder: str | Path) -> None:
        self.folder = Path(folder).absolute()
        self.parts: dict[str, Part] = {}
        self.loaded: set[str] = set()
        self._read()

    @property
    def manifest(self) -> Path:
        return self.folder / MANIFEST

    def _read(self) -> None:
        try:
            text = self.manifest.read_text(encoding="utf-8")
        except FileNotFoundError:
            return
        for line in text.splitlines():
            try:
                d = json.loads(line)
            except json.JSONDecodeError:
                continue  # the last line of a run killed while writing it
            if "loaded" in d:
                self.loaded.update(d["loaded"])
            elif "part" in d:
                self.parts[d["part"]] = Part.parse(d)

    def unloaded(self, extractor: str) -> dict[tuple[str, str], str]:
        """(stored path, sha256) -> part, for the files of parts written by `extractor` and not loaded."""
        out: dict[tuple[str, str], str] = {}
        for p in self.parts.values():
            if p.part not in self.loaded and p.extractor == extractor:
                out.update({(f.path, f.sha256): p.part for f in p.files})
        return out

    def keep_only(self, names: Iterable[str]) -> None:
        """Start a run: forget (and delete) every part but `names`, the ones the run takes over."""
        keep = set(names)
        for name in [n for n in self.parts if n not in keep]:
            self._delete(name)
            del self.parts[name]
        self.loaded = set()
        self.folder.mkdir(parents=True, exist_ok=True)
        tmp = self.manifest.with_name(f".{MANIFEST}.tmp")
        tmp.write_text("".join(self.parts[n].line() + "\n" for n in sorted(keep & set(self.parts))), "utf-8")
        os.replace(tmp, self.manifest)

    def _delete(self, name: str) -> None:
        for table in schemas():
            (self.folder / table / f"{name}.parquet").unlink(missing_ok=True)

    def next_name(self) -> str:
        taken = [int(n.split("-")[1]) for n in self.parts if n.startswith("part-") and n[5:].isdigit()]
        return f"part-{max(taken, default=0) + 1:06d}"

    def add(self, part: Part) -> None:
        """Record a completed part (one appended line: a killed ingest loses none recorded before)."""
        self.parts[part.part] = part
        self._append(part.line())

    def mark_loaded(self, names: Iterable[str]) -> None:
        names = sorted(set(names))
        self.loaded.update(names)
        self._append(json.dumps({"loaded": names}))

    def _append(self, line: str) -> None:
        with self.manifest.open("a", encoding="utf-8") as fh:
            fh.write(line + "\n")
            fh.flush()
            os.fsync(fh.fileno())

    def remove(self) -> None:
        """Delete the folder (the parts are loaded and not kept)."""
        for table in schemas():
            shutil.rmtree(self.folder / table, ignore_errors=True)
        self.manifest.unlink(missing_ok=True)
        try:
            self.folder.rmdir()
        except OSError:
            pass  # something else is in it: left there
