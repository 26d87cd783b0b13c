"""Option types for the command line: each rejects a bad value with one plain sentence."""

from __future__ import annotations

import argparse
import re
import sys
from datetime import date
from typing import TYPE_CHECKING, NoReturn

if TYPE_CHECKING:
    from pipeline.budget import Budget
    from pipeline.model import OcrOptions

# dd/mm/yyyy (also with '-' or '.'), how Vietnamese users write dates.
_DMY = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")


class Parser(argparse.ArgumentParser):
    """An ArgumentParser whose errors are one line on stderr and exit status 2 (no usage block)."""

    def error(self, message: str) -> NoReturn:
        print(f"{self.prog}: {message} (see --help)", file=sys.stderr)
        sys.exit(2)


def day(text: str) -> date:
    """A date written as YYYY-MM-DD or dd/mm/yyyy."""
    s = text.strip()
    m = _DMY.match(s)
    try:
        if m:
            return date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
        if re.match(r"^\d{4}-\d{2}-\d{2}$", s):
            return date.fromisoformat(s)
    except ValueError as e:
        raise argparse.ArgumentTypeError(f"{text!r} is not a real date ({e})") from e
    raise argparse.ArgumentTypeError(f"{text!r} is not a date; write 2025-09-01 or 01/09/2025")


def _number(kind: type, text: str) -> int | float:
    try:
        return kind(text)
    except ValueError as e:
        what = "a whole number" if kind is int else "a number"
        raise argparse.ArgumentTypeError(f"{text!r} is not {what}") from e


def positive_int(text: str) -> int:
    n = int(_number(int, text))
    if n < 1:
        raise argparse.ArgumentTypeError(f"{text} must be 1 or more")
    return n


def count(text: str) -> int:
    n = int(_number(int, text))
    if n < 0:
        raise argparse.ArgumentTypeError(f"{text} must be 0 or more")
    return n


def seconds(text: str) -> float:
    s = float(_number(float, text))
    if not s >= 0 or s == float("inf"):  # 'not >=' also catches nan
        raise argparse.ArgumentTypeError(f"{text} must be a number of seconds, 0 or more")
    return s


def positive_seconds(text: str) -> float:
    s = float(_number(float, text))
    if not s > 0 or s == float("inf"):  # 'not >' also catches nan
        raise argparse.ArgumentTypeError(f"{text} must be a number of seconds, more than 0")
    return s


def add_budget(p: argparse.ArgumentParser) -> None:
    """--max-seconds and --max-memory: the per-file budget of ingest and watch."""
    from pipeline.budget import DEFAULT_MEMORY_MB, DEFAULT_SECONDS

    p.add_argument(
        "--max-seconds",
        type=positive_seconds,
        default=DEFAULT_SECONDS,
        metavar="S",
        help="stop and record a file whose extraction takes longer (default: %(default)g)",
    )
    p.add_argument(
        "--max-memory",
        type=positive_int,
        default=DEFAULT_MEMORY_MB,
        metavar="MB",
        help="stop and record a file whose extraction needs more memory (default: %(default)s)",
    )


_LANG = re.compile(r"^[A-Za-z_]+(?:\+[A-Za-z_]+)*$")


def ocr_lang(text: str) -> str:
    """Tesseract languages joined by '+': "vie", "vie+eng"."""
    if not _LANG.match(text):
        raise argparse.ArgumentTypeError(f"{text!r} is not a list of tesseract languages; write vie or vie+eng")
    return text


def dpi(text: str) -> int:
    n = int(_number(int, text))
    if not 72 <= n <= 1200:
        raise argparse.ArgumentTypeError(f"{text} must be a resolution from 72 to 1200 dpi")
    return n


def add_ocr(p: argparse.ArgumentParser) -> None:
    """--ocr, --ocr-lang, --ocr-dpi, --ocr-page-seconds: how scanned PDF pages are read."""
    p.add_argument(
        "--ocr",
        choices=["auto", "force", "off"],
        default="auto",
        help="OCR PDF pages without a text layer (auto, the default), every page (force) or none (off)",
    )
    p.add_argument(
        "--ocr-lang", type=ocr_lang, default="vie", metavar="LANGS", help="tesseract languages (default: %(default)s)"
    )
    p.add_argument("--ocr-dpi", type=dpi, default=300, metavar="N", help="render scans at N dpi (default: %(default)s)")
    p.add_argument(
        "--ocr-page-seconds",
        type=positive_seconds,
        default=120.0,
        metavar="S",
        help="OCR of one page may take S seconds; a slower page is left out with a warning (default: %(default)g)",
    )


def ocr_options(args: argparse.Namespace) -> OcrOptions:
    from pipeline.model import OcrOptions

    return OcrOptions(mode=args.ocr, lang=args.ocr_lang, dpi=args.ocr_dpi, page_seconds=args.ocr_page_seconds)


def budget(args: argparse.Namespace) -> Budget:
    from pipeline.budget import Budget

    return Budget(seconds=args.max_seconds, memory_mb=args.max_memory)


def cluster(text: str) -> str:
    """A Dask scheduler's address or local[:N], checked before anything runs."""
    from pipeline.cluster import parse_cluster

    try:
        parse_cluster(text)
    except ValueError as e:
        raise argparse.ArgumentTypeError(str(e)) from e
    return text.strip()
