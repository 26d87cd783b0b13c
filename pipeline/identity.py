"""Task identity: which document a task belongs to, and a task_id that survives edits elsewhere.

The rule is written in README.md ("What changes a task_id"). Only code goes into an id, never data of
models/: a new gazetteer entry must not rename every task a tracker holds.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable

from pipeline.model import Header
from pipeline.textutil import ascii_fold

# The opening words name the duty (its verb and object); a change further on keeps the id.
FINGERPRINT_WORDS = 12

_WORD = re.compile(r"[a-z0-9]+")
# Unnumbered paragraphs and bullets are counted by position ("p3", "-2"): one added before shifts them.
_POSITIONAL = re.compile(r"^(p|-|\+)\d+$")


def words(text: str | None) -> list[str]:
    """Lower-case ASCII words: case, tone marks (and their placement, "uỷ" = "ủy"), đ, punctuation and
    white space do not count."""
    if not text:
        return []
    fast = ascii_fold(text)  # the same letters for Vietnamese text, by one table lookup a character
    if fast.isascii():
        return _WORD.findall(fast)
    d = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    plain = "".join(c for c in d if not unicodedata.combining(c)).lower()
    return _WORD.findall(plain)


def number_key(number: str) -> str:
    """ "220/CĐ-TTg" and "220 - CĐ/TTg" alike: folded, no spaces, one kind of separator."""
    d = unicodedata.normalize("NFD", number.replace("đ", "d").replace("Đ", "D"))
    plain = "".join(c for c in d if not unicodedata.combining(c)).lower()
    return re.sub(r"[-/–]+", "-", re.sub(r"\s+", "", plain))


def document_key(header: Header, name: str) -> str:
    """What names a document whatever its file: its number, else its type, issuer, year and subject.

    The year and issuer go with a number too: local bodies all number their plans from 01 each year.
    A document with neither number nor subject is named by its file name (without the extension)."""
    year = header.date.year if header.date else header.year
    issuer = " ".join(words(header.issuer))
    if header.number:
        return f"no:{number_key(header.number)}|{year or ''}|{issuer}"
    subject = " ".join(words(header.subject))
    if not subject:
        subject = "file:" + " ".join(words(name.rsplit(".", 1)[0] if "." in name else name))
    return f"draft:{header.doc_type or ''}|{issuer}|{year or ''}|{subject}"


def clause_key(path: str) -> str:
    """The clause path without the position numbers of unnumbered paragraphs and bullets ("3.p2.(1)" →
    "3.p.(1)"); printed labels ("3", "(1)", "a)", "PL.5") are kept."""
    return ".".join(_POSITIONAL.sub(r"\1", part) for part in path.split("."))


def task_fingerprint(text: str, deadline_text: str | None = None) -> str:
    """The task's opening words, folded, without its deadline phrase (a corrected date is the same task)."""
    if deadline_text:
        text = text.replace(deadline_text, " ")
    # the opening words only: folding a long paragraph whole cost an eighth of an extraction; with more
    # words than kept in a slice, the kept ones are whole (only the last of the slice may be cut)
    head = words(text[:200])
    if len(head) <= FINGERPRINT_WORDS:
        head = words(text[:600])
    if len(head) <= FINGERPRINT_WORDS:
        head = words(text)
    return " ".join(head[:FINGERPRINT_WORDS])


def task_id(document: str, clause: str, fingerprint: str, repeat: int = 0) -> str:
    """sha1 of the document key, clause key, fingerprint and how many equal tasks came before, 16 hex."""
    return hashlib.sha1(f"{document}|{clause}|{fingerprint}|{repeat}".encode()).hexdigest()[:16]


def task_ids(document: str, tasks: Iterable[tuple[str, str, str | None]]) -> list[str]:
    """Ids of one document's tasks given (clause path, task text, deadline phrase), in order."""
    seen: dict[tuple[str, str], int] = {}
    out: list[str] = []
    for path, text, deadline_text in tasks:
        key = (clause_key(path), task_fingerprint(text, deadline_text))
        n = seen.get(key, 0)
        seen[key] = n + 1
        out.append(task_id(document, key[0], key[1], n))
    return out

