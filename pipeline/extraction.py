"""One file in, a FileResult out: read → clean → split → header → outline → tasks. Never raises on bad input."""

from __future__ import annotations

import errno
import hashlib
import re
from collections import Counter
from datetime import date
from pathlib import Path

from pipeline.agencies import issuer_names, own_names
from pipeline.agency_keys import agency_keys
from pipeline.clean import paragraphs, raw_lines
from pipeline.files import path_key
from pipeline.header import confirm_scanned_number, parse_header
from pipeline.identity import document_key, task_ids
from pipeline.model import Block, Clause, Document, FileResult, Header, Line, OcrOptions, OcrText, ReadError, Task
from pipeline.outline import build_outline
from pipeline.parts import split_parts
from pipeline.review import Evidence, review
from pipeline.split import split_documents
from pipeline.tasks import Ctx, Row, Walker, finish

# Faults of the machine, not of the document (full disk, out of file handles): retried on the next run.
ENVIRONMENT_ERRNOS = frozenset({errno.ENOSPC, errno.EDQUOT, errno.ENOMEM, errno.EMFILE, errno.ENFILE, errno.EROFS})


def file_sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _base_date(header: Header, lines: list[Line]) -> date | None:
    """The date relative dates count from: the document's, else its year, else the year its dates share.

    A body without a header date still dates its events ("ngày 22/7/2014"); the year most of its full
    dates name is the document's, where the latest year it mentions may be a plan's horizon ("2014-2016").
    """
    if header.date:
        return header.date
    if header.year:
        return date(header.year, 1, 1)
    years = Counter(int(m.group(1) or m.group(2)) for ln in lines for m in _FULL_DATE_YEAR.finditer(ln.text))
    if not years:
        years = Counter(int(y) for ln in lines for y in re.findall(r"\b(20\d\d)\b", ln.text))
    return date(max(years, key=lambda y: (years[y], -y)), 1, 1) if years else None


_FULL_DATE_YEAR = re.compile(
    r"\b\d{1,2}\s*[/.-]\s*\d{1,2}\s*[/.-]\s*((?:19|20)\d\d)\b|\bngày\s+\d{1,2}\s+tháng\s+\d{1,2}\s+năm\s+((?:19|20)\d\d)"
)


SOURCE_LIMIT = 4000  # a clause longer than this is cut in `source`: rows must not carry megabytes each


def _source(text: str) -> str:
    return text if len(text) <= SOURCE_LIMIT else text[:SOURCE_LIMIT].rstrip() + " …"


def extract_blocks(
    blocks: list[Block], name: str, scanned: bool = False, ocr: list[OcrText] | None = None
) -> list[Document]:
    """The pure part: blocks of one file → its documents with their task rows.

    `scanned`: the blocks come from OCR, and the first document's number is checked against the
    forms a number takes and the file name (`header.confirm_scanned_number`). `ocr`: the OCR'd lines
    and cells with their confidences, for the rows' confidence and review flags (`review`)."""
    evidence = Evidence(ocr) if ocr else None
    lines, _footnotes = raw_lines(blocks)
    docs: list[Document] = []
    keys: dict[str, int] = {}  # two documents of one file with one key: the second gets "#2"
    for k, (a, b) in enumerate(split_documents(lines)):
        doc_lines = lines[a:b]
        hp = parse_header(doc_lines)
        header = hp.header
        if scanned and k == 0:
            header.number = confirm_scanned_number(header.number, name)
        base = _base_date(header, doc_lines)
        walker = Walker(header, base)
        rows: list[Row] = []
        roots: list[Clause] = []
        with own_names(issuer_names(header.issuer)):
            for part in split_parts(doc_lines, hp.body_start, hp.body_end):
                paras = paragraphs(doc_lines[part.start : part.end])
                root = build_outline(paras, root_prefix=part.prefix)
                roots.append(root)
                rows.extend(walker.walk(root, Ctx()))
            rows = finish(rows, tuple(header.recipients))
        key = document_key(header, name)
        keys[key] = keys.get(key, 0) + 1
        key = key if keys[key] == 1 else f"{key}#{keys[key]}"
        ids = task_ids(key, [(r.clause.path, r.text, r.deadline.text if r.deadline else None) for r in rows])
        tasks: list[Task] = []
        for r, tid in zip(rows, ids, strict=True):
            d = r.deadline
            tasks.append(
                Task(
                    doc=name,
                    doc_number=header.number,
                    clause=r.clause.path,
                    assignees=list(r.assignees),
                    implicit=r.implicit,
                    coordinators=list(r.coordinators),
                    task=r.text,
                    deadline=d.iso if d else None,
                    deadline_text=d.text if d else None,
                    recurrence=d.recurrence if d else None,
                    due_time=d.due_time if d else None,
                    task_id=tid,
                    doc_type=header.doc_type,
                    doc_date=header.date.isoformat() if header.date else None,
                    issuer=header.issuer,
                    page=r.clause.page,
                    char_start=r.clause.start,
                    char_end=r.clause.end,
                    source=_source(r.clause.text),
                    assignee_keys=agency_keys(r.assignees),
                    coordinator_keys=agency_keys(r.coordinators),
                )
            )
            review(tasks[-1], [r.clause.text, *(r.clause.cells or {}).values()], evidence)
        docs.append(Document(header=header, clauses=roots, tasks=tasks))
    return docs


def extract_file(path: str | Path, ocr: OcrOptions | None = None) -> FileResult:
    """Read and extract one file; `ocr`: how scanned PDF pages are read (default: OCR pages without text)."""
    from pipeline.readers import read

    p = Path(path)
    try:
        sha = file_sha256(p)
    except OSError as e:
        return FileResult(path=str(p), sha256="", error=f"cannot open file: {e.strerror or e}", stage="read")
    try:
        rr = read(p, ocr)
    except ReadError as e:
        return FileResult(path=str(p), sha256=sha, error=str(e), stage="read")
    except OSError as e:
        stage = "environment" if e.errno in ENVIRONMENT_ERRNOS else "read"
        return FileResult(path=str(p), sha256=sha, error=f"cannot read: {e.strerror or e}", stage=stage)
    except Exception as e:  # noqa: BLE001 - any reader library's error on one file is that file's failure
        return FileResult(path=str(p), sha256=sha, error=f"cannot read: {type(e).__name__}: {e}", stage="read")
    res = FileResult(path=str(p), sha256=sha, source_kind=rr.source_kind, pages=rr.pages, warnings=rr.warnings)
    try:
        scanned = rr.source_kind == "pdf-ocr"
        res.documents = extract_blocks(rr.blocks, path_key(p.name), scanned=scanned, ocr=rr.ocr)
    except Exception as e:  # noqa: BLE001 - a bug on one file must not stop the batch
        res.error, res.stage = f"extraction failed: {type(e).__name__}: {e}", "extract"
        return res
    if not res.tasks and not any(d.header.number or d.header.doc_type for d in res.documents):
        res.error, res.stage = "not a directive: no document number, type or assigned task found", "extract"
    return res


_WARM_TEXT = "KẾT LUẬN\nSố 1-KL/TW\n1. Bộ Nội vụ chủ trì, phối hợp với Bộ Tài chính rà soát, trước ngày 30/9/2025.\n"


def warm_up() -> None:
    """Load the models (gazetteer, tagger) once, as a worker starts, so a file's time is its own."""
    from pipeline.readers.text import blocks_from_text

    extract_blocks(blocks_from_text(_WARM_TEXT), "warm-up")
