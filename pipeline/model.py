"""Plain data passed between the stages: readers → clean → split → header → outline → tasks."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date


@dataclass(frozen=True)
class Block:
    """One unit a reader found, in reading order.

    kind: "line" is a visual line that may continue the previous one (text, PDF);
    "para" is a whole paragraph (DOCX); "table" carries `rows`; "footnote" is a note body.
    """

    text: str
    kind: str = "line"
    page: int | None = None
    label: str = ""  # automatic list number rendered by the reader ("1.", "a)"); not part of text
    bold: bool = False
    rows: tuple[tuple[str, ...], ...] = ()
    start: int | None = None  # character offset in the source text, where there is one


@dataclass(frozen=True)
class OcrOptions:
    """How scanned pages are read: `mode` auto (pages without a text layer), force (every page) or
    off; tesseract's languages ("vie", "vie+eng"); the render DPI; the seconds one page may take."""

    mode: str = "auto"
    lang: str = "vie"
    dpi: int = 300
    page_seconds: float = 120.0

    def key(self) -> str:
        """What changes the rows: the mode, languages and DPI (not the time budget); "" for the defaults."""
        d = OcrOptions()
        same = (self.mode, self.lang, self.dpi) == (d.mode, d.lang, d.dpi)
        return "" if same else f"ocr={self.mode},{self.lang},{self.dpi}"


@dataclass(frozen=True)
class OcrText:
    """A line or table cell as OCR read it: what review flags are judged on."""

    page: int
    text: str
    conf: float | None  # mean word confidence, 0-100, weighted by word length; None when no word had one
    aligned: bool = True  # False for a table cell whose row's cells did not line up with the columns


@dataclass
class ReadResult:
    blocks: list[Block]
    source_kind: str  # "text", "markdown", "pdf", "pdf-ocr", "docx", "doc"
    pages: int | None = None
    warnings: list[str] = field(default_factory=list)
    ocr: list[OcrText] = field(default_factory=list)  # the OCR'd lines and cells, empty for text layers


class ReadError(Exception):
    """A file that cannot be read, with a reason a person can act on."""


@dataclass
class Line:
    """A cleaned logical line (a paragraph, a heading, or a table row)."""

    text: str
    page: int | None = None
    start: int | None = None
    end: int | None = None
    bold: bool = False
    cells: tuple[str, ...] | None = None  # set for a table row
    table: int | None = None  # rows of one table share this number
    para: bool = False  # a whole paragraph already (DOCX) or a hard break (text == ""): never joined


@dataclass
class Citation:
    kind: str  # "Kết luận", "Nghị quyết", ...
    number: str  # "183-KL/TW"
    date: str | None = None  # ISO


@dataclass
class Header:
    number: str | None = None  # "183-KL/TW", None where blank
    doc_type: str | None = None  # "KL", "CV", "TB", "CĐ", "CT", "NQ", "QĐ", "KH", "HD", ...
    issuer: str | None = None
    place: str | None = None
    date: date | None = None
    year: int | None = None  # known even when the day is blank ("ngày   tháng 8 năm 2025")
    subject: str | None = None
    recipients: list[str] = field(default_factory=list)
    signer: str | None = None
    signer_capacity: str | None = None  # "K/T TRƯỞNG BAN", "T/M BỘ CHÍNH TRỊ"
    citations: list[Citation] = field(default_factory=list)


@dataclass
class Clause:
    """A node of the clause tree; `path` is the guideline's numbering path ("3.(1).(ii)", "PL.5")."""

    path: str
    label: str  # the printed label ("3.", "(1)", "a)", "-", "" for a paragraph)
    text: str
    children: list[Clause] = field(default_factory=list)
    heading: bool = False  # a heading line whose items follow as children
    page: int | None = None
    start: int | None = None
    end: int | None = None
    cells: dict[str, str] | None = None  # a task-table row: role → cell text


@dataclass
class Task:
    """One row of the task table (the guideline's fields plus provenance)."""

    doc: str
    doc_number: str | None
    clause: str
    assignees: list[str]
    implicit: bool
    coordinators: list[str]
    task: str
    deadline: str | None = None
    deadline_text: str | None = None
    recurrence: str | None = None
    due_time: str | None = None
    task_id: str = ""
    doc_type: str | None = None
    doc_date: str | None = None
    issuer: str | None = None
    page: int | None = None
    char_start: int | None = None  # span of the source clause in the cleaned document text
    char_end: int | None = None
    source: str = ""  # full text of the clause the task stands in
    assignee_keys: list[str] = field(default_factory=list)  # one agency key per assignee (agency_keys.py)
    coordinator_keys: list[str] = field(default_factory=list)  # one agency key per coordinator
    confidence: float = 1.0  # how surely the row's text was read: OCR word confidence 0-1, 1.0 from a text layer
    needs_review: bool = False  # a person should check the row: see review_reasons
    review_reasons: list[str] = field(default_factory=list)  # "low_ocr_confidence", "lead_not_agency", …

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass
class Document:
    header: Header
    clauses: list[Clause]
    tasks: list[Task] = field(default_factory=list)


@dataclass
class FileResult:
    """What extraction made of one file; `error` is set (and tasks empty) when it failed."""

    path: str
    sha256: str
    documents: list[Document] = field(default_factory=list)
    error: str | None = None
    stage: str | None = None  # where it failed: "read", "clean", "extract", ...
    source_kind: str | None = None
    pages: int | None = None
    warnings: list[str] = field(default_factory=list)

    @property
    def tasks(self) -> list[Task]:
        return [t for d in self.documents for t in d.tasks]
