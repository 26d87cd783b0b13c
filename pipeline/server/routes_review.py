"""The review page: documents as they arrive, a document's tasks beside its text with the selected
task's clause highlighted, inline correction and status, filters by agency / due / overdue."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from pipeline.server.auth import check_read
from pipeline.server.tasks_query import TaskQuery

router = APIRouter(dependencies=[Depends(check_read)], include_in_schema=False)
templates = Jinja2Templates(directory=Path(__file__).parent / "templates")
STATUS_LABELS = {"open": "Chưa thực hiện", "in_progress": "Đang thực hiện", "done": "Hoàn thành", "cancelled": "Hủy"}
LIST_LIMIT = 500  # rows on one page; the API pages further


def dmy(value: Any) -> str:
    """A date the way offices write it: 01/09/2025."""
    if isinstance(value, str) and value:
        value = date.fromisoformat(value[:10])
    if isinstance(value, datetime):
        value = value.date()
    return value.strftime("%d/%m/%Y") if isinstance(value, date) else ""


templates.env.filters["dmy"] = dmy
templates.env.filters["names"] = lambda v: "; ".join(v or [])
templates.env.globals["STATUS_LABELS"] = STATUS_LABELS


@router.get("/", response_class=HTMLResponse)
def index(request: Request, q: Annotated[TaskQuery, Depends()]) -> HTMLResponse:
    from pipeline.exports.rows import fetch_tasks
    from pipeline.server.documents import document_of, list_documents

    f = q.to_filter(LIST_LIMIT)
    filtering = q.given
    with request.app.state.access.reader() as con:
        docs = list_documents(con)
        tasks = fetch_tasks(con, f) if filtering else []
        for t in tasks:
            t["document_id"] = document_of(con, t["path"], t["doc_number"])
    context = {"docs": docs, "tasks": tasks, "filtering": filtering, "q": dict(request.query_params)}
    return templates.TemplateResponse(request, "index.html", context)


@router.get("/review/{doc_id}", response_class=HTMLResponse)
def review(request: Request, doc_id: str, task: str | None = None) -> HTMLResponse:
    from pipeline.highlight import highlight
    from pipeline.server.documents import clauses, document_tasks, find_document

    with request.app.state.access.reader() as con:
        doc = find_document(con, doc_id)
        if doc is None:
            raise HTTPException(404, f"no document {doc_id}")
        rows = clauses(con, doc["path"], doc["doc_index"])
        tasks = document_tasks(con, doc)
    selected = next((t for t in tasks if t["task_id"] == task), None)
    marked = highlight(selected).html if selected else None
    context = {"doc": doc, "clauses": rows, "tasks": tasks, "selected": selected, "marked": marked}
    return templates.TemplateResponse(request, "document.html", context)
