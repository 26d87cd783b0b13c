"""Batch ingestion: walk folders, extract only new or changed files (by content sha256), store them whole,
many files a transaction. Extraction may run in worker processes; every DB write happens here.

The store file is open only while results are written: extracted files are gathered for FLUSH_AFTER
seconds, written up to BATCH files a transaction (pipeline/batchstore.py), and the file is closed again,
so readers (`directives tasks`, a notebook) get in between.
The ingest lock (`<store>.lock`) keeps a second ingest out meanwhile."""

from __future__ import annotations

import hashlib
import multiprocessing
import os
import signal
import sys
import time
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from datetime import datetime
from functools import cache
from multiprocessing.sharedctypes import Synchronized
from pathlib import Path
from typing import TYPE_CHECKING

import duckdb

from pipeline.batchstore import BatchItem, store_batch
from pipeline.budget import ISOLATE_BYTES, Budget
from pipeline.extraction import extract_file, file_sha256, warm_up
from pipeline.files import Unreadable, path_key, resolved, walk
from pipeline.files import is_candidate as is_candidate  # re-exported: callers import it from here
from pipeline.inorder import InOrder
from pipeline.model import FileResult, OcrOptions
from pipeline.orphans import die_with_parent
from pipeline.pagesplit import SPLIT_SCANS
from pipeline.policing import _Watch
from pipeline.progress import Progress
from pipeline.store import (
    DEFAULT_DB,
    WRITE_WAIT,
    FileOutcome,
    Store,
    StoreError,
    move_file,
    record_copy,
    remove_file,
)
from pipeline.writelock import IngestLock, lock_path

if TYPE_CHECKING:
    from pipeline.dataset import Dataset

# Modules that do not change what extraction produces (the store side, the CLI, the API).
_NOT_EXTRACTION = {
    "store.py",
    "ingest.py",
    "watch.py",
    "schema.py",
    "api.py",
    "cli.py",
    "highlight.py",
    "ingestion.py",
    "writelock.py",
    "changes.py",
    # the citation graph and the task links read the store: a change of them re-links, it does not re-extract
    "citations_graph.py",
    "linker.py",
    "linking.py",
    "cascade.py",
    "link_eval.py",
    "links_api.py",
    "linking.yml",
    # where extraction runs and how its rows travel (the cluster, its Parquet parts): not what it makes
    "cluster.py",
    "clusterparts.py",
    "dataset.py",
    "partload.py",
    "pagesplit.py",
}
_NOT_EXTRACTION_DIRS = {"commands", "exports", "__pycache__"}

# How results are written (bench/bench_readers.py measures the choice): the oldest extracted file waits
# FLUSH_AFTER seconds before the store is opened, a write session ends after HOLD seconds (the rest waits
# for the next one), and the store stays closed GAP seconds between sessions, the readers' turn.
FLUSH_AFTER = 0.5
HOLD = 0.5
GAP = 0.1
# Extracted files kept waiting at most (soft: a write starts at the next gap; twice this: at once).
MAX_PENDING = 200
# Files written in one transaction: a few statements for all of them instead of a dozen a file.
BATCH = 100
# Files queued per worker: enough to keep it busy while the parent writes a session (up to HOLD s).
IN_FLIGHT = 64


@dataclass
class Failure:
    path: str
    stage: str
    reason: str


@dataclass
class IngestSummary:
    files_new: int = 0
    files_changed: int = 0
    files_unchanged: int = 0
    files_failed: int = 0
    tasks_added: int = 0
    tasks_updated: int = 0
    tasks_removed: int = 0
    run_id: int | None = None
    failures: list[Failure] = field(default_factory=list)
    files_moved: int = 0  # same content under a new name: rows re-pointed, nothing extracted
    files_skipped: int = 0  # failed before with this content: not retried without retry_failed
    files_removed: int = 0  # gone from disk, forgotten with prune
    files_reextracted: int = 0  # same content extracted again (--force, --retry-failed, new extraction code)
    interrupted: bool = False
    elapsed: float = 0.0
    peak_worker_mb: float = 0.0  # the largest resident size of a worker process seen (0: none ran)
    tasks_need_review: int = 0  # rows of the files extracted in this run flagged for review

    def add(self, other: IngestSummary) -> None:
        """Accumulate another run's counts (the watch loop's total)."""
        for name in (
            "files_new",
            "files_changed",
            "files_unchanged",
            "files_failed",
            "tasks_added",
            "tasks_updated",
            "tasks_removed",
            "tasks_need_review",
            "files_moved",
            "files_skipped",
            "files_removed",
            "files_reextracted",
        ):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.failures.extend(other.failures)
        self.elapsed += other.elapsed
        self.run_id = other.run_id if other.run_id is not None else self.run_id

    @property
    def ok(self) -> bool:
        return self.files_failed == 0 and not self.failures


@cache
def extractor_version() -> str:
    """A fingerprint of the extraction code and models: a new one re-extracts files stored by the old.

    Computed once per process; DIRECTIVES_EXTRACTOR=<value> pins it (to keep rows made by an older
    version instead of extracting everything again)."""
    pinned = os.environ.get("DIRECTIVES_EXTRACTOR")
    if pinned:
        return pinned
    h = hashlib.sha256()
    base = Path(__file__).parent
    roots = [base, base.parent / "models"]
    for root in roots:
        if not root.is_dir():
            continue
        for p in sorted(root.rglob("*")):
            rel = p.relative_to(root)
            if not p.is_file() or p.name in _NOT_EXTRACTION:
                continue
            if any(part in _NOT_EXTRACTION_DIRS or part.startswith(".") for part in rel.parts):
                continue
            if root == base and p.suffix != ".py":
                continue
            h.update(str(rel).encode())
            h.update(p.read_bytes())
    return h.hexdigest()[:16]


@dataclass
class _Known:
    sha256: str
    status: str
    extractor: str | None
    note: str | None


@dataclass
class _Plan:
    extract: list[tuple[Path, str]] = field(default_factory=list)  # (path, "new" | "changed" | "again")
    unchanged: list[str] = field(default_factory=list)


def _worker_init(warm: Synchronized[int] | None = None) -> None:
    # Ctrl-C goes to the whole process group; the parent decides how to stop, not the workers.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    die_with_parent()
    warm_up()  # the models load before the budget's clock starts
    if warm is not None:
        with warm.get_lock():
            warm.value += 1


class Ingestor:
    """One ingest run over an open store."""

    def __init__(
        self,
        store: Store,
        *,
        jobs: int = 1,
        retry_failed: bool = False,
        force: bool = False,
        should_stop: Callable[[], bool] | None = None,
        verbose: bool = False,
        budget: Budget | None = None,
        ocr: OcrOptions | None = None,
        cluster: str | None = None,
        parts: str | Path | None = None,
        keep_parts: bool = False,
        split_scans: int = SPLIT_SCANS,
    ) -> None:
        self.store = store
        # the cluster's Parquet dataset (pipeline/dataset.py): next to the store unless named
        self.parts = Path(parts or f"{store.path}.parts").absolute()
        self.keep_parts, self.split_scans = keep_parts, split_scans
        self.sha: dict[str, str] = {}  # content hash of each file to extract, from the plan
        self.ocr = ocr or OcrOptions()
        self.cluster = cluster  # a Dask scheduler's address or local[:N]: extraction runs there
        self.budget = budget or Budget()
        self.peak_mb = 0.0  # the largest worker seen, for the benchmark
        self.jobs = max(1, jobs)
        self.retry_failed = retry_failed
        self.force = force
        self.should_stop = should_stop or (lambda: False)
        self.verbose = verbose
        # OCR options that change the rows are part of what made them: other options re-extract
        self.extractor = "+".join(x for x in (extractor_version(), self.ocr.key()) if x)
        self.summary = IngestSummary()
        self.known: dict[str, _Known] = {}
        self.by_sha: dict[str, list[str]] = {}
        self.pending: deque[tuple[FileResult, str]] = deque()  # extracted, not yet written
        self.pending_since = 0.0
        self.flush_after, self.hold = FLUSH_AFTER, HOLD
        self.order = InOrder([])
        store.gap = GAP

    # -- run bookkeeping --------------------------------------------------------------------------------

    def start_run(self, paths: list[str]) -> int:
        from pipeline import __version__

        con = self.store.con
        with self.store.transaction():
            # Only one writer can hold the store, so a run still "running" was killed.
            con.execute("UPDATE runs SET status = 'interrupted' WHERE status = 'running'")
            row = con.execute("SELECT coalesce(max(run_id), 0) + 1 FROM runs").fetchone()
            run_id = int(row[0]) if row else 1
            con.execute(
                "INSERT INTO runs (run_id, started_at, status, paths, jobs, version, extractor) "
                "VALUES (?, ?, 'running', ?, ?, ?, ?)",
                [run_id, datetime.now(), paths, self.jobs, __version__, self.extractor],
            )
        self.summary.run_id = run_id
        return run_id

    def end_run(self) -> None:
        s = self.summary
        status = "interrupted" if s.interrupted else "done"
        self.store.con.execute(
            "UPDATE runs SET ended_at = ?, status = ?, files_new = ?, files_changed = ?, "
            "files_unchanged = ?, files_moved = ?, files_failed = ?, files_skipped = ?, tasks_added = ?, "
            "tasks_updated = ?, tasks_removed = ?, files_reextracted = ? WHERE run_id = ?",
            [
                datetime.now(),
                status,
                s.files_new,
                s.files_changed,
                s.files_unchanged,
                s.files_moved,
                s.files_failed,
                s.files_skipped,
                s.tasks_added,
                s.tasks_updated,
                s.tasks_removed,
                s.files_reextracted,
                s.run_id,
            ],
        )

    def load_known(self) -> None:
        rows = self.store.con.execute("SELECT path, sha256, status, extractor, note FROM files").fetchall()
        self.known = {p: _Known(sha, st, ex, note) for p, sha, st, ex, note in rows}
        self.by_sha = {}
        for p, k in self.known.items():
            if k.status != "copy":
                self.by_sha.setdefault(k.sha256, []).append(p)

    # -- planning ---------------------------------------------------------------------------------------

    def _current(self, k: _Known) -> bool:
        return not self.force and k.extractor == self.extractor

    def _copy_valid(self, k: _Known) -> bool:
        # A copy stays a copy only while some stored file still holds its content.
        return any(p for p in self.by_sha.get(k.sha256, []) if self.known[p].status == "ok")

    def plan(self, files: list[Path], walked: set[str]) -> _Plan:
        plan = _Plan()
        for p in files:
            if self.should_stop():
                self.summary.interrupted = True
                break
            key = path_key(p)
            try:
                st = p.stat()
                sha = file_sha256(p)
            except OSError as e:
                res = FileResult(path=str(p), sha256="", error=f"cannot open file: {e.strerror or e}", stage="read")
                self.save(res, "new" if key not in self.known else "changed")
                self.store.release()
                continue
            k = self.known.get(key)
            if k and k.sha256 == sha and self._current(k):
                if k.status == "ok" or (k.status == "copy" and self._copy_valid(k)):
                    plan.unchanged.append(key)
                elif k.status == "failed" and not self.retry_failed:
                    self.summary.files_skipped += 1
                else:
                    plan.extract.append((p, "again"))
                self.sha[key] = sha
                continue
            if k is None and not self.force and self._reuse(key, sha, st, walked):
                self.store.release()
                continue
            plan.extract.append((p, "new" if k is None else "again" if k.sha256 == sha else "changed"))
            self.sha[key] = sha
        return plan

    def _reuse(self, key: str, sha: str, st: os.stat_result, walked: set[str]) -> bool:
        """Same content as a stored file: a move when the old name is gone, else a copy."""
        others = [o for o in self.by_sha.get(sha, []) if self._current(self.known[o])]
        if not others:
            return False
        gone = [o for o in others if o not in walked and not os.path.exists(o)]
        if gone:
            old = gone[0]
            n = move_file(self.store, old, key, size=st.st_size, mtime=st.st_mtime, run_id=self.summary.run_id)
            self.summary.tasks_updated += n  # their `doc`, the file name, changed
            k = self.known.pop(old)
            self.known[key] = k
            self.by_sha[sha] = [key if o == old else o for o in self.by_sha[sha]]
            self.summary.files_moved += 1
            return True
        ok = [o for o in others if self.known[o].status == "ok"]
        if not ok:
            return False  # the content failed before: extract this one on its own
        record_copy(
            self.store,
            key,
            ok[0],
            sha,
            size=st.st_size,
            mtime=st.st_mtime,
            run_id=self.summary.run_id,
            extractor=self.extractor,
        )
        self.known[key] = _Known(sha, "copy", self.extractor, None)
        self.summary.files_unchanged += 1
        return True

    # -- extraction and storing -------------------------------------------------------------------------

    def _fail(self, key: str, stage: str, reason: str) -> None:
        self.summary.files_failed += 1
        self.summary.failures.append(Failure(key, stage, reason))

    def save(self, result: FileResult, kind: str) -> FileOutcome:
        """Store one file now, in its own transaction (a file that failed before extraction)."""
        return self.save_batch([(result, kind)])[0]

    def save_batch(self, batch: list[tuple[FileResult, str]]) -> list[FileOutcome]:
        """Store extracted files in one transaction (see pipeline/batchstore.py) and count what changed."""
        items = [_item(result) for result, _ in batch]
        outs = store_batch(self.store, items, run_id=self.summary.run_id, extractor=self.extractor)
        for it, (result, kind), out in zip(items, batch, outs, strict=True):
            self._count(it.key, kind, out, sum(t.needs_review for t in result.tasks))
        return outs

    def _count(self, key: str, kind: str, out: FileOutcome, needs_review: int) -> None:
        s = self.summary
        s.tasks_added += out.added
        s.tasks_updated += out.updated
        s.tasks_removed += out.removed
        if out.status != "failed":
            s.tasks_need_review += needs_review
        if self.verbose:  # one line per stored file, flushed: what a log (or a test) follows
            what = f"failed [{out.stage}] {out.reason}" if out.status == "failed" else f"{out.tasks} tasks"
            print(f"stored {key}: {what}", file=sys.stderr, flush=True)
        if out.status == "failed":
            self._fail(key, out.stage or "extract", out.reason or "")
        elif kind == "new":
            s.files_new += 1
        elif kind == "again":
            s.files_reextracted += 1
        else:
            s.files_changed += 1

    def queue(self, result: FileResult, kind: str) -> None:
        """Store `result` with the next write session: once the oldest waiting result is FLUSH_AFTER old
        and the readers have had their gap, or when too many wait."""
        if not self.pending:
            self.pending_since = time.monotonic()
        self.pending.append((result, kind))
        n = len(self.pending)
        aged = time.monotonic() - self.pending_since >= self.flush_after
        if n >= 2 * MAX_PENDING or ((aged or n >= MAX_PENDING) and self.store.closed_for() >= self.store.gap):
            self.flush()

    def flush(self, everything: bool = False) -> None:
        """Write waiting results, up to BATCH files a transaction, for at most HOLD seconds (`everything`:
        all of them, in sessions with gaps between), then close the store for readers."""
        while self.pending:
            batch: list[tuple[FileResult, str]] = []
            keys: set[str] = set()
            while self.pending and len(batch) < BATCH and path_key(Path(self.pending[0][0].path)) not in keys:
                keys.add(path_key(Path(self.pending[0][0].path)))
                batch.append(self.pending.popleft())
            self.save_batch(batch)
            if self.store.held_for() >= self.hold:
                self.store.release()
                if not everything:
                    break
        self.store.release()
        self.pending_since = time.monotonic()  # what is left waits from now

    def extract_all(self, todo: list[tuple[Path, str]], progress: Progress) -> None:
        """Extract and store `todo`; on a stop request the files extracted so far are still stored."""
        # small files first, as -j 1 reads them; stored in this order whoever extracts them (pipeline/inorder.py)
        todo = sorted(todo, key=lambda t: _size(t[0]) > ISOLATE_BYTES)
        if self.cluster is not None:
            if todo:  # nothing to do: no cluster started, the parts folder left as it is
                self._on_cluster(todo, progress)
            return
        self.order = InOrder([p for p, _ in todo])
        self._extract(todo, progress)
        for result, kind in self.order.rest():
            self.queue(result, kind)
        self.flush(everything=True)

    def _take(self, result: FileResult, kind: str, progress: Progress) -> None:
        progress.tick(failed=result.error is not None)
        for res, k in self.order.put(result, kind):
            self.queue(res, k)

    def _extract(self, todo: list[tuple[Path, str]], progress: Progress) -> None:
        # With -j 1 small files are read here (no fork); big ones, and all with -j N, in budgeted workers.
        small = [t for t in todo if _size(t[0]) <= ISOLATE_BYTES] if self.jobs == 1 else []
        big = todo[len(small) :]
        for p, kind in small:
            if self.should_stop():
                self.summary.interrupted = True
                return
            self._take(extract_file(p, self.ocr), kind, progress)
        for result, kind in self._parallel(big) if big else ():
            self._take(result, kind, progress)

    def _on_cluster(self, todo: list[tuple[Path, str]], progress: Progress) -> None:
        """Extract on a Dask cluster, the workers writing Parquet parts (pipeline/clusterparts.py), then load
        the parts in one transaction. Files of parts a killed run wrote and did not load are not redone."""
        from pipeline.cluster import ClusterError
        from pipeline.dataset import Dataset

        try:
            self._parts_run(Dataset(self.parts), todo, progress)
        except OSError as e:
            raise ClusterError(f"cannot use the parts folder {self.parts}: {e.strerror or e}") from e

    def _parts_run(self, ds: Dataset, todo: list[tuple[Path, str]], progress: Progress) -> None:
        keys = [(p, path_key(p), kind) for p, kind in todo]
        unloaded = {} if self.force else ds.unloaded(self.extractor)
        part_of = {k: unloaded[(k, self.sha[k])] for _, k, _ in keys if (k, self.sha.get(k, "")) in unloaded}
        ds.keep_only(part_of.values())
        for k in part_of:
            progress.tick(failed=any(f.path == k and f.status != "ok" for f in ds.parts[part_of[k]].files))
        rest = [(str(p), k) for p, k, _ in keys if k not in part_of]
        if rest:
            self._extract_parts(ds, rest, part_of, progress)
        if self.should_stop():
            self.summary.interrupted = True
        self._load(ds, [(k, part_of[k], kind) for _, k, kind in keys if k in part_of])

    def _extract_parts(
        self, ds: Dataset, rest: list[tuple[str, str]], part_of: dict[str, str], progress: Progress
    ) -> None:
        """Extract `rest` ((path, stored path) pairs) on the cluster as parts; `part_of` learns where each went."""
        from pipeline.cluster import connect, dashboard
        from pipeline.clusterparts import parts_on

        with connect(self.cluster or "local", memory_mb=self.budget.memory_mb) as client:
            link = dashboard(client)
            if link:
                progress.note(f"ingest: Dask dashboard at {link}")
            for part in parts_on(
                client,
                rest,
                ds,
                run_id=self.summary.run_id,
                extractor=self.extractor,
                ocr=self.ocr,
                split=self.split_scans,
                size=lambda p: _size(Path(p)),
                should_stop=self.should_stop,
            ):
                for f in part.files:
                    part_of[f.path] = part.part
                    progress.tick(failed=f.status != "ok")

    def _load(self, ds: Dataset, order: list[tuple[str, str, str]]) -> None:
        """Load the parts into the store in one transaction (pipeline/partload.py) and count what changed."""
        from pipeline.partload import load_parts

        if order:
            got = load_parts(
                self.store,
                ds.folder,
                [(k, part) for k, part, _ in order],
                run_id=self.summary.run_id,
                extractor=self.extractor,
            )
            self.store.release()
            for k, _, kind in order:
                self._count(k, kind, got[k].outcome, got[k].needs_review)
            ds.mark_loaded({part for _, part, _ in order})
        if not self.keep_parts:
            ds.remove()

    def _parallel(self, todo: list[tuple[Path, str]]) -> Iterator[tuple[FileResult, str]]:
        """Extract in worker processes under the budget. When a worker dies (or is stopped), the files it
        may have held are run again one at a time, so only the file at fault is recorded as failed."""
        pending, suspects = list(todo), []
        while pending or suspects:
            if suspects:
                batch, suspects, alone = suspects, [], True
            else:
                batch, pending, alone = pending, [], self.jobs == 1
            workers, limit = (1, 1) if alone else (self.jobs, self.jobs * IN_FLIGHT)
            warm = multiprocessing.Value("i", 0)  # workers that have loaded the models: the clock starts then
            with ProcessPoolExecutor(max_workers=workers, initializer=_worker_init, initargs=(warm,)) as pool:
                running: dict[Future[FileResult], tuple[Path, str]] = {}
                watch = _Watch(self.budget, pool, warm, workers, alone)
                queue = iter(batch)
                broken = False
                while True:
                    # IN_FLIGHT files per worker: bounded memory, and work queued through a write session.
                    while not broken and len(running) < limit and (item := next(queue, None)) is not None:
                        running[pool.submit(extract_file, item[0], self.ocr)] = item
                    if not running:
                        break
                    if self.should_stop():
                        self.summary.interrupted = True
                        for f in running:
                            f.cancel()
                        return
                    done, _ = wait(running, timeout=watch.poll_seconds, return_when=FIRST_COMPLETED)
                    if not done:
                        watch.check(running)
                    for f in done:
                        item = running.pop(f)
                        if self.should_stop():  # an extracted but unstored file is simply done again
                            self.summary.interrupted = True
                            for g in running:
                                g.cancel()
                            return
                        try:
                            yield f.result(), item[1]
                        except BrokenProcessPool:
                            broken = True
                            if alone:  # it killed (or overran) a worker on its own
                                yield _crashed(item[0], watch.stopped.get(f)), item[1]
                            else:
                                suspects.append(item)
                self.peak_mb = max(self.peak_mb, watch.peak_mb)
                rest = list(queue)
                if alone:
                    suspects.extend(rest)
                else:
                    pending.extend(rest)


def _item(result: FileResult) -> BatchItem:
    p = Path(result.path)
    try:
        st = p.stat()
        return BatchItem(result, path_key(p), st.st_size, st.st_mtime)
    except OSError:
        return BatchItem(result, path_key(p))


def _size(p: Path) -> int:
    try:
        return p.stat().st_size
    except OSError:
        return 0


def _crashed(p: Path, over: str | None = None) -> FileResult:
    try:
        sha = file_sha256(p)
    except OSError:
        sha = ""
    return FileResult(
        path=str(p),
        sha256=sha,
        stage="budget" if over else "extract",
        error=over or "the extraction process died on this file (crash in a reader library?)",
    )


def ingest(
    paths: list[str | Path],
    db: str | Path = DEFAULT_DB,
    jobs: int = 1,
    retry_failed: bool = False,
    progress: bool = False,
    *,
    force: bool = False,
    prune: bool = False,
    wait: float = 0.0,
    should_stop: Callable[[], bool] | None = None,
    verbose: bool = False,
    follow_links: bool = False,
    budget: Budget | None = None,
    ocr: OcrOptions | None = None,
    cluster: str | None = None,
    parts: str | Path | None = None,
    keep_parts: bool = False,
    split_scans: int = SPLIT_SCANS,
) -> IngestSummary:
    """Ingest files and folders into the store at `db`; only new or changed files are extracted.

    A file whose content is already stored under another name that is gone is recognised as moved.
    `retry_failed` extracts again files that failed with the same content; `force` re-extracts
    everything; `prune` forgets stored files below the given folders that are gone from disk;
    `wait` is how many seconds to wait for another ingest holding the store (else StoreBusy at
    once); `verbose` prints a line per extracted file on stderr; `follow_links` reads links that point
    out of the given folders (skipped and recorded as failures by default); `budget` bounds each file's
    time and memory (a file over it is stopped and recorded, stage "budget"); `ocr` says how scanned
    pages are read (`OcrOptions`: mode auto / force / off, languages, DPI, seconds a page); `cluster`
    extracts on Dask instead of local workers: a scheduler's address, or "local:N" for N worker
    processes here (the budget's memory is each worker's limit there; its time is not enforced). On a
    cluster the workers write the rows as a Parquet dataset in the folder `parts` (default: next to the
    store, `<db>.parts`), loaded into the store in one transaction at the end and then deleted unless
    `keep_parts`; parts a killed run left are loaded by the next one, not extracted again; a PDF needing
    OCR on more than `split_scans` pages is OCR'd that many pages a task on several workers (0: never).

    >>> s = ingest(["corpus/"], db="directives.duckdb", jobs=2)
    >>> s.files_new, s.tasks_added
    """
    t0 = time.perf_counter()
    db_path = Path(db).absolute()
    skip = {db_path, Path(f"{db_path}.wal"), lock_path(db_path)}
    with IngestLock(db_path, wait=wait):
        unreadable: list[Unreadable] = []
        files, missing = walk(paths, skip, follow_links=follow_links, errors=unreadable)
        with Store(db_path, wait=max(wait, WRITE_WAIT)) as store:
            ing = Ingestor(
                store,
                jobs=jobs,
                retry_failed=retry_failed,
                force=force,
                should_stop=should_stop,
                verbose=verbose,
                budget=budget,
                ocr=ocr,
                cluster=cluster,
                parts=parts,
                keep_parts=keep_parts,
                split_scans=split_scans,
            )
            ing.start_run([path_key(Path(p).absolute()) for p in paths])
            ing.load_known()
            _run(ing, paths, files, missing, unreadable, progress=progress, prune=prune, t0=t0)
    return ing.summary


def _run(
    ing: Ingestor,
    paths: list[str | Path],
    files: list[Path],
    missing: list[Path],
    unreadable: list[Unreadable],
    *,
    progress: bool,
    prune: bool,
    t0: float,
) -> None:
    """The run on an open store: plan, extract and store, prune, then the run's row."""
    store = ing.store
    for m in missing:
        ing.summary.failures.append(Failure(path_key(m), "read", "no such file or folder"))
    for p, reason in unreadable:  # listed like an unreadable file, so `failures` shows it
        ing.save(FileResult(path=str(p), sha256="", error=reason, stage="read"), "new")
    store.release()  # hashing the corpus needs no store: readers may come in
    bar: Progress | None = None
    try:
        walked = {path_key(p) for p in files}
        plan = ing.plan(files, walked)
        ing.summary.files_unchanged += len(plan.unchanged)
        if plan.unchanged:
            store.con.execute(
                "UPDATE files SET last_run = ? WHERE list_contains(?, path)",
                [ing.summary.run_id, plan.unchanged],
            )
        if plan.extract:
            store.release()  # not held while the first files are extracted
        if not ing.summary.interrupted:
            mode = ("bar" if sys.stderr.isatty() else "log") if progress else "off"
            bar = Progress(len(plan.extract), mode)
            ing.extract_all(plan.extract, bar)
        if prune and not ing.summary.interrupted:
            _prune(ing, paths, walked)
    except KeyboardInterrupt:
        ing.summary.interrupted = True
        raise
    finally:
        if bar is not None:
            bar.close()
        ing.summary.elapsed = time.perf_counter() - t0
        ing.summary.peak_worker_mb = ing.peak_mb
        try:
            ing.end_run()
        except (duckdb.Error, StoreError) as e:
            if e.__context__ is not None:  # the error already in flight says what went wrong
                pass
            elif isinstance(e, StoreError):
                raise
            else:
                raise StoreError(f"cannot record the run in {store.path}: {e}") from e


def _prune(ing: Ingestor, paths: list[str | Path], walked: set[str]) -> None:
    roots = [str(resolved(p)) for p in paths if Path(p).is_dir()]  # stored paths are resolved
    for stored in list(ing.known):
        inside = any(stored.startswith(r.rstrip(os.sep) + os.sep) for r in roots)
        if inside and stored not in walked and not os.path.exists(stored):
            ing.summary.tasks_removed += remove_file(ing.store, stored, ing.summary.run_id)
            ing.summary.files_removed += 1


def format_summary(s: IngestSummary, db: str | Path) -> str:
    """The few lines `directives ingest` prints after a run, for the summary `ingest()` returned.

    The run and store, files new / changed / unchanged / moved / failed, tasks added / updated /
    removed and how many of the rows extracted need review (`tasks --needs-review`), then each
    failure with its stage and reason (the first 20). Exported as `pipeline.format_summary`:

        print(format_summary(ingest(["corpus/"], db="directives.duckdb"), "directives.duckdb"))
    """
    lines = [
        f"run {s.run_id} on {db}{' (interrupted)' if s.interrupted else ''}: {s.elapsed:.1f}s",
        f"files: {s.files_new} new, {s.files_changed} changed, {s.files_unchanged} unchanged, "
        f"{s.files_moved} moved, {s.files_failed} failed"
        + (f", {s.files_skipped} skipped (failed before; --retry-failed)" if s.files_skipped else "")
        + (f", {s.files_removed} removed" if s.files_removed else "")
        + (f", {s.files_reextracted} re-extracted (same content)" if s.files_reextracted else ""),
        f"tasks: {s.tasks_added} added, {s.tasks_updated} updated, {s.tasks_removed} removed; "
        f"{s.tasks_need_review} need review",
    ]
    for f in s.failures[:20]:
        lines.append(f"  failed [{f.stage}] {f.path}: {f.reason}")
    if len(s.failures) > 20:
        lines.append(f"  … and {len(s.failures) - 20} more (SELECT * FROM failures)")
    return "\n".join(lines)
