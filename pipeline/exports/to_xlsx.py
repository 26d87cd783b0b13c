"""Excel workbook: typed date cells, bold frozen header row with an autofilter."""

from __future__ import annotations

import re
from datetime import date, datetime
from pathlib import Path
from typing import Any

from pipeline.exports.to_csv import COLUMNS, LIST_SEP

# Characters Excel refuses in a cell (openpyxl raises on them); footnote debris from PDFs has some.
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_MAX_CELL = 32767  # Excel's limit on characters in one cell
_WIDTHS = {"task": 70, "source": 50, "deadline_text": 25, "task_id": 18}
_WIDTHS |= dict.fromkeys(("assignees", "coordinators", "assignee_keys", "coordinator_keys"), 30)
DATE_FORMAT = "yyyy-mm-dd"


def _value(v: Any) -> Any:
    if isinstance(v, list | tuple):
        v = LIST_SEP.join(str(x) for x in v)
    if isinstance(v, datetime):
        return v
    if isinstance(v, str):
        return _ILLEGAL.sub("", v)[:_MAX_CELL]
    return v


def write(rows: list[dict[str, Any]], out: Path) -> int:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    ws = wb.active
    ws.title = "tasks"
    ws.append(COLUMNS)
    for c in ws[1]:
        c.font = Font(bold=True)
    for r in rows:
        ws.append([_value(r.get(c)) for c in COLUMNS])
    for i, name in enumerate(COLUMNS, start=1):
        letter = get_column_letter(i)
        ws.column_dimensions[letter].width = _WIDTHS.get(name, 14)
        for (c,) in ws.iter_rows(min_row=2, min_col=i, max_col=i):
            if isinstance(c.value, date):
                c.number_format = DATE_FORMAT
            elif name == "task":
                c.alignment = Alignment(wrap_text=True, vertical="top")
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(COLUMNS))}{max(1, len(rows) + 1)}"
    wb.save(out)
    return len(rows)
