"""Citation graph: number keys tolerant of how numbers are written, resolution against a real store."""

from __future__ import annotations

from pathlib import Path

import pytest
from fixtures.chain import chain_folder

from pipeline import ingest
from pipeline.citations_graph import DocKey, missing, parse_number, resolve, same_document
from pipeline.store import Store


@pytest.mark.parametrize(
    ("text", "kind", "key"),
    [
        ("183-KL/TW", None, DocKey("183", "kl", "tw")),
        ("Kết luận 183", None, DocKey("183", "kl")),
        ("183", "Kết luận", DocKey("183", "kl")),
        ("KL số 183-KL/TW ngày 01/8/2025", None, DocKey("183", "kl", "tw", 2025)),
        ("kết luận số 183 - kl / tw", None, DocKey("183", "kl", "tw")),
        ("KẾT LUẬN SỐ 183-KL/TW", None, DocKey("183", "kl", "tw")),
        ("183/KL-TW", None, DocKey("183", "kl", "tw")),
        ("2530/QĐ-TTg", None, DocKey("2530", "qd", "ttg")),
        ("01/2025/NĐ-CP", None, DocKey("1", "nd", "cp", 2025)),
        ("11-QĐi/TW", None, DocKey("11", "qd", "tw")),
        ("Nghị quyết 18", None, DocKey("18", "nq")),
        ("03-KH/TU", None, DocKey("3", "kh", "tu")),
        ("số 183", None, None),
        (None, None, None),
    ],
)
def test_number_keys(text: str | None, kind: str | None, key: DocKey | None) -> None:
    assert parse_number(text, kind) == key


def test_same_document_needs_what_both_state_to_agree() -> None:
    stored = parse_number("183-KL/TW", year=2025)
    assert stored is not None
    for cited in ("Kết luận 183", "KL số 183-KL/TW ngày 01/8/2025", "183/KL-TW"):
        key = parse_number(cited)
        assert key is not None and same_document(key, stored), cited
    for cited in ("KL số 183-KL/TW ngày 01/8/2024", "183-KL/BCSĐ", "Nghị quyết 183", "Kết luận 18"):
        key = parse_number(cited)
        assert key is not None and not same_document(key, stored), cited


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("graph")
    db = root / "s.duckdb"
    ingest([chain_folder(root)], db=db)
    return db


def test_citations_resolve_to_the_stored_conclusions(store: Path) -> None:
    with Store(store, read_only=True) as s:
        edges = resolve(s.con)
    resolved = sorted(
        (Path(e.path).name, e.doc_index, e.cited_number, Path(e.target.path).name, e.target.doc_index)
        for e in edges
        if e.target
    )
    # 000 writes "kết luận số 183-KL/TW" in lower case; the Cần Thơ letter cites both conclusions it forwards.
    assert resolved == [
        ("000_6bb82abea4b90425.txt", 0, "183-KL/TW", "001_c3069d8d256e6790.txt", 2),
        ("001_c3069d8d256e6790.txt", 0, "178-KL/TW", "001_c3069d8d256e6790.txt", 1),
        ("001_c3069d8d256e6790.txt", 0, "183-KL/TW", "001_c3069d8d256e6790.txt", 2),
        ("003_dcca320ede949aa2.txt", 0, "183-KL/TW", "001_c3069d8d256e6790.txt", 2),
    ]


def test_documents_cited_but_not_stored_are_a_to_fetch_list(store: Path) -> None:
    with Store(store, read_only=True) as s:
        rows = missing(resolve(s.con))
    by_number = {m.number: (m.citations, m.cited_by) for m in rows}
    assert by_number["192-KL/TW"] == (1, ["9797-CV/BTCTW"])
    assert by_number["89-QĐ/TW"] == (2, ["183-KL/TW", "003_dcca320ede949aa2.txt"])
    assert "183-KL/TW" not in by_number and "178-KL/TW" not in by_number
    # "Nghị quyết 18" (000, 183-KL/TW) is the one 18-NQ/TW cited in full (9797-CV/BTCTW)
    assert by_number["18-NQ/TW"] == (3, ["9797-CV/BTCTW", "000_6bb82abea4b90425.txt", "183-KL/TW"])
    assert "18" not in by_number
    assert rows[0].citations >= rows[-1].citations
