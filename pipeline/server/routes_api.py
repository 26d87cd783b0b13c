"""The JSON API for trackers: tasks (filtered, paged), one task, the change feed, documents, exports,
an upload that ingests one file, and a correction of a task."""

from __future__ import annotations

import io
import os
import tempfile
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Body, Depends, File, HTTPException, Query, Request, UploadFile
from fastapi.responses import FileResponse, JSONResponse, Response
from starlette.background import BackgroundTask

from pipeline.server.auth import check_read, check_write
from pipeline.server.tasks_query import DEFAULT_LIMIT, TaskQuery, api_record, page

router = APIRouter(dependencies=[Depends(check_read)])

MEDIA = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "jsonl": "application/jsonl",
    "parquet": "application/vnd.apache.parquet",
    "ics": "text/calendar; charset=utf-8",
    "jira": "text/csv; charset=utf-8",
}
SUFFIX = {"jira": "csv"}
PATCH_EXAMPLE = {"assignees": ["Bộ Nội vụ"], "status": "done", "done_on": "2025-09-01"}


def _access(request: Request) -> Any:
    return request.app.state.access


@router.get("/tasks", tags=["tasks"])
def list_tasks(
    request: Request, q: Annotated[TaskQuery, Depends()], limit: int = DEFAULT_LIMIT, cursor: str | None = None
) -> Response:
    """Tasks as corrected, filtered like `directives tasks`; `limit` rows a page and `next_cursor` for the
    next one. `Accept: text/csv` gives the page as CSV, the next cursor in the `X-Next-Cursor` header."""
    from pipeline.exports import to_csv
    from pipeline.exports.rows import fetch_tasks

    f = q.to_filter(limit, cursor)
    with _access(request).reader() as con:
        rows, nxt = page(fetch_tasks(con, f), f, limit)
    headers = {"X-Next-Cursor": nxt} if nxt else {}
    if "text/csv" in request.headers.get("accept", ""):
        buf = io.StringIO()
        to_csv.write_stream(rows, buf)
        return Response(buf.getvalue(), media_type="text/csv; charset=utf-8", headers=headers)
    return JSONResponse({"tasks": [api_record(r) for r in rows], "next_cursor": nxt}, headers=headers)


@router.get("/tasks/{task_id}", tags=["tasks"])
def get_task(request: Request, task_id: str) -> dict[str, Any]:
    """One task as corrected, with its document's id and the clause it stands in (text, page, offsets)."""
    from pipeline.corrections import reviewed_row
    from pipeline.server.documents import document_of, source_clause

    with _access(request).reader() as con:
        row = reviewed_row(con, task_id)
        if row is None:
            raise HTTPException(404, f"no task {task_id}")
        out = api_record(row, document_of(con, row["path"], row["doc_number"]))
        out["source_clause"] = source_clause(con, row["path"], row["doc_number"], row["clause"])
    return out


@router.patch("/tasks/{task_id}", tags=["tasks"], dependencies=[Depends(check_write)])
def patch_task(
    request: Request,
    task_id: str,
    body: Annotated[dict[str, Any], Body(examples=[PATCH_EXAMPLE])],
) -> dict[str, Any]:
    """Correct a task or set its status: any of assignees, coordinators (lists), deadline, task, not_task,
    status (open, in_progress, done, cancelled), done_on, note; a field set to null drops its correction;
    `by` names who corrects (default: the X-User header, else "api"). Answers the corrected row."""
    from pipeline.corrections import CorrectionError, UnknownTask, correct

    changes = dict(body)
    by = str(changes.pop("by", None) or request.headers.get("x-user") or "api")
    try:
        with _access(request).writer() as store:
            out = correct(store, task_id, changes, by=by)
    except UnknownTask as e:
        raise HTTPException(404, f"no task {task_id}") from e
    except CorrectionError as e:
        raise HTTPException(422, str(e)) from e
    if out.row is None:
        return {"task_id": task_id, "orphaned": True, "change": None}
    return api_record(out.row) | {"change": out.change, "changed_fields": out.fields}


@router.get("/corrections", tags=["tasks"])
def list_corrections(request: Request, orphaned: bool = False) -> list[dict[str, Any]]:
    """Every correction, newest first; `orphaned` ones are those whose task is no longer stored."""
    from pipeline.commands.corrections import record
    from pipeline.corrections import corrections

    with _access(request).reader() as con:
        rows = corrections(con)
    return [record(r) for r in rows if r["orphaned"] or not orphaned]


@router.get("/changes", tags=["sync"])
def get_changes(
    request: Request, since: Annotated[int, Query(ge=0)] = 0, limit: Annotated[int, Query(ge=1, le=10000)] = 1000
) -> dict[str, Any]:
    """The change feed after event `since` (0: everything), oldest first, at most `limit`: tasks added,
    updated (by an ingest or a correction) and removed. Store `next` and pass it as `since` next time."""
    from pipeline.changes import changes_since, event_record, last_seq

    with _access(request).reader() as con:
        rows = changes_since(con, since)
        last = last_seq(con)
    rows = rows[:limit]
    nxt = rows[-1]["seq"] if rows else min(since, last)
    return {"changes": [event_record(r) for r in rows], "next": nxt, "last": last}


@router.get("/documents", tags=["documents"])
def get_documents(request: Request) -> list[dict[str, Any]]:
    """Every stored document: id, file, header fields, task count; newest file first."""
    from pipeline.server.documents import list_documents

    with _access(request).reader() as con:
        return list_documents(con)


@router.get("/documents/{doc_id}", tags=["documents"])
def get_document(request: Request, doc_id: str) -> dict[str, Any]:
    """One document: header fields, citations, the clause tree, and its tasks as corrected."""
    from pipeline.server.documents import citations, clause_tree, clauses, document_tasks, find_document

    with _access(request).reader() as con:
        doc = find_document(con, doc_id)
        if doc is None:
            raise HTTPException(404, f"no document {doc_id}")
        doc["citations"] = citations(con, doc["path"], doc["doc_index"])
        doc["clauses"] = clause_tree(clauses(con, doc["path"], doc["doc_index"]))
        doc["tasks"] = [api_record(r, doc_id) for r in document_tasks(con, doc)]
    return doc


@router.get("/export", tags=["tasks"])
def get_export(
    request: Request,
    q: Annotated[TaskQuery, Depends()],
    format: str = "csv",
    ics_kind: str = "todo",
    jira_flavour: str = "cloud",
) -> FileResponse:
    """The tasks (filtered like /tasks) as `directives export` writes them: csv, xlsx, jsonl, parquet,
    ics (ics_kind todo|event) or jira (jira_flavour cloud|datacenter)."""
    from pipeline.exports import FORMATS, export

    if format not in FORMATS:
        raise HTTPException(422, f"format: one of {', '.join(FORMATS)}")
    if ics_kind not in ("todo", "event") or jira_flavour not in ("cloud", "datacenter"):
        raise HTTPException(422, "ics_kind: todo or event; jira_flavour: cloud or datacenter")
    f = q.to_filter()
    fd, name = tempfile.mkstemp(suffix=f".{SUFFIX.get(format, format)}")
    os.close(fd)
    try:
        with _access(request).reader() as con:
            export(con, format, Path(name), f, ics_kind=ics_kind, jira_flavour=jira_flavour)
    except BaseException:
        os.unlink(name)
        raise
    return FileResponse(
        name,
        media_type=MEDIA[format],
        filename=f"tasks.{SUFFIX.get(format, format)}",
        background=BackgroundTask(os.unlink, name),
    )


@router.post("/documents", tags=["documents"], dependencies=[Depends(check_write)], status_code=201)
def post_document(request: Request, file: Annotated[UploadFile, File()]) -> JSONResponse:
    """Ingest one file as `directives ingest` does (kept in the server's uploads folder; a file of the same
    name is replaced: a re-issue). Answers 201 with its tasks, or 422 with the failure reason."""
    from pipeline.server.uploads import ingest_upload

    out = ingest_upload(request.app.state.settings, request.app.state.access, file)
    return JSONResponse(out, status_code=201 if out["status"] == "ok" else 422)
