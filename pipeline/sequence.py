"""Item numbers OCR misread, read back from the sequence they stand in.

A scan's roman numerals lose or join their strokes ("L." for "I.", "IL." for "II.", "HI." for
"III.", "H." for "II."), and an STT cell's digits turn into look-alikes ("S," for 5, "§" for 8,
"l" for 1, "H" for 11). Numbers run in sequence, so a label that is not the next one but is made
of look-alikes is the next one. A printed label that is well formed and fits its neighbours stays.
"""

from __future__ import annotations

import re

_ROMANS = ("I II III IV V VI VII VIII IX X XI XII XIII XIV XV XVI XVII XVIII XIX XX").split()
# What a scan makes of an I's stroke, and of two strokes joined by their serifs.
_ONE_STROKE = "lL1|!ÌÍỊìíịJ"
_TWO_STROKES = "HMU"
_ROMAN_LOOK = re.compile(rf"[IVX{_ONE_STROKE}{_TWO_STROKES}]{{1,4}}")
# Characters a scan reads for digits: l and I for 1, S for 5, § and B for 8, O for 0, H for 11.
_DIGIT_LOOK = re.compile(r"[0-9lI|!SsOoB§gZzH]{1,3}")
_DIGIT_OF = str.maketrans({"l": "1", "I": "1", "|": "1", "!": "1", "S": "5", "s": "5", "O": "0", "o": "0",
                           "B": "8", "§": "8", "g": "9", "Z": "2", "z": "2"})  # fmt: skip


def roman_value(label: str) -> int | None:
    """1 for "I", 2 for "II", … 20 for "XX"; None for anything else."""
    return _ROMANS.index(label) + 1 if label in _ROMANS else None


def next_roman(label: str, last: int) -> str | None:
    """The roman numeral `label` stands for after the numeral `last` (0 before the first): itself
    when well formed; a look-alike read stroke for stroke ("IL" → "II") or, failing that, the next
    numeral; None when `label` does not look like a roman numeral at all."""
    if not _ROMAN_LOOK.fullmatch(label):
        return None
    if roman_value(label) is not None and (roman_value(label) in (last + 1, 1) or not set(label) & set("LC")):
        return label
    strokes = "".join("II" if c in _TWO_STROKES else "I" if c in _ONE_STROKE else c for c in label)
    if roman_value(strokes) in (last + 1, 1):
        return strokes
    return _ROMANS[last] if last < len(_ROMANS) else None


# Cells of another numbering ("1.1", "a)", "IV") or longer text: a run holding one is left as printed.
_OTHER_SCHEME = re.compile(r"\d+(?:[.,]\d+)+[.,]?|[a-zđ][).]?|[IVXLC]+\.?|.{5,}")


def _as_int(raw: str) -> int | None:
    t = raw.strip().rstrip(".,")
    return int(t) if t.isdigit() else None


def number_run(raws: list[str]) -> list[str]:
    """The STT cells of one run of rows as numbers: a cell made of digit look-alikes, or a number
    that breaks the run where the run goes on one later, takes the number it stands for. A cell
    spanning several rows repeats its number, and a short cell OCR made nothing of ("lệ") takes its
    place in the run; cells of another numbering ("1.1", "a") leave the run as printed."""
    if any(_OTHER_SCHEME.fullmatch(t) and not _DIGIT_LOOK.fullmatch(t) for t in (r.strip().rstrip(".,") for r in raws)):
        return list(raws)
    runs: list[tuple[str, list[int]]] = []  # (raw text, row indexes) of each distinct cell
    for i, r in enumerate(raws):
        if runs and r == runs[-1][0]:
            runs[-1][1].append(i)
        else:
            runs.append((r, [i]))
    values: list[int | None] = [_as_int(r) for r, _ in runs]
    out = list(raws)
    prev: int | None = None
    for k, (raw, rows) in enumerate(runs):
        v = values[k]
        if not raw.strip():
            continue
        expected = prev + 1 if prev is not None else None
        if expected is not None and v != expected:
            later = next(((j, values[j]) for j in range(k + 1, len(runs)) if values[j] is not None), None)
            # a printed number gives way only where a later one shows the run goes on without it
            fits_expected = later is not None and later[1] - expected == later[0] - k
            fits_own = v is not None and later is not None and later[1] - v == later[0] - k
            if v is None or (fits_expected and not fits_own):
                v = expected
        if v is None:
            digits = raw.strip().rstrip(".,").translate(_DIGIT_OF).replace("H", "11")
            v = int(digits) if digits.isdigit() else None
        if v is None:
            continue
        if v != _as_int(raw):  # a printed number that fits stays as printed ("01")
            for i in rows:
                out[i] = str(v)
        prev = v
    return out
