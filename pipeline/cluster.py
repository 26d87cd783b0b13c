"""Extraction on a Dask cluster (`ingest --cluster ADDRESS|local[:N]`): one task a file, results back to
the ingest, which stores them as it does its own workers' (pipeline/batchstore.py).

A worker needs the package installed and the files at the same paths (a shared folder). A worker lost
mid-file is Dask's to handle: its tasks run again on another worker; a file that kills
`distributed.scheduler.allowed-failures` workers in a row (3 by default), or raises on one, becomes that
file's failure row like any other."""

from __future__ import annotations

import math
import os
import re
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from pipeline.model import FileResult, OcrOptions

# Tasks in flight a worker thread: enough to keep it busy while the ingest writes a session.
IN_FLIGHT = 16
# Seconds between two counts of the cluster's worker threads (a scheduler round trip).
RECOUNT = 5.0
_LOCAL = re.compile(r"local(?::(\d+))?")


class ClusterError(Exception):
    """The cluster cannot be reached or started, with a reason a person can act on."""


def parse_cluster(spec: str) -> tuple[str | None, int]:
    """("tcp://host:8786", 0) for an address, (None, N) for `local[:N]` (N: this machine's cores by default)."""
    m = _LOCAL.fullmatch(spec.strip())
    if m:
        n = int(m.group(1)) if m.group(1) else os.cpu_count() or 1
        if n < 1:
            raise ValueError(f"--cluster {spec}: the number of workers must be at least 1")
        return None, n
    if not spec.strip() or spec.strip().startswith("local"):
        raise ValueError(f"--cluster {spec!r}: give a scheduler address (tcp://host:8786) or local[:N]")
    return spec.strip(), 0


def _warm_plugin() -> Any:
    from distributed import WorkerPlugin

    class WarmUp(WorkerPlugin):
        """Load the models as a worker starts (a restarted one too), so its first file is not slow."""

        def setup(self, worker: Any) -> None:
            from pipeline.extraction import warm_up

            warm_up()

    return WarmUp()


@contextmanager
def connect(spec: str, memory_mb: int | None = None) -> Iterator[Any]:
    """A dask.distributed Client on the scheduler at `spec`, or on a LocalCluster for `local[:N]` (N worker
    processes of one thread, each limited to `memory_mb`); closed (and the local cluster stopped) after."""
    try:
        from distributed import Client, LocalCluster
    except ImportError as e:
        raise ClusterError("--cluster needs Dask: pip install 'directives[cluster]'") from e
    address, n = parse_cluster(spec)
    local = None
    try:
        if address is None:
            limit = f"{memory_mb}MB" if memory_mb else "auto"
            local = LocalCluster(
                n_workers=n, threads_per_worker=1, processes=True, memory_limit=limit, dashboard_address=":0"
            )
            client = Client(local)
        else:
            client = Client(address, timeout="10s")
    except (OSError, TimeoutError) as e:
        if local is not None:
            local.close()
        raise ClusterError(f"cannot reach the Dask scheduler at {spec}: {e}") from e
    try:
        client.register_plugin(_warm_plugin(), name="directives-warm-up")
        yield client
    finally:
        client.close()
        if local is not None:
            local.close()


def dashboard(client: Any) -> str | None:
    """The dashboard's address, when the scheduler serves one."""
    try:
        return client.dashboard_link or None
    except Exception:  # noqa: BLE001 - no dashboard (bokeh missing) is not an error
        return None


def _threads(client: Any) -> int:
    return max(1, sum(client.nthreads().values()))


def extract_on(
    client: Any, todo: list[tuple[Path, str]], should_stop: Callable[[], bool], ocr: OcrOptions | None = None
) -> Iterator[tuple[FileResult, str]]:
    """Extract `todo` on the cluster, yielding each result as it comes (a lost or failing task: the file's
    failure). Returns early, cancelling what runs, when `should_stop()` says so."""
    from distributed import as_completed

    from pipeline.extraction import extract_file

    queue = iter(todo)
    running: dict[Any, tuple[Path, str]] = {}
    done = as_completed()
    limit, counted = 0, -math.inf

    def submit() -> None:
        while len(running) < limit and (item := next(queue, None)) is not None:
            f = client.submit(extract_file, str(item[0]), ocr, pure=False)
            running[f] = item
            done.add(f)

    try:
        while True:
            if time.monotonic() - counted > RECOUNT:  # workers may join or leave during the run
                limit, counted = _threads(client) * IN_FLIGHT, time.monotonic()
            submit()
            if not running or should_stop():
                return
            batch = done.next_batch(block=False)
            if not batch:
                time.sleep(0.02)  # nothing finished: look at the stop request again soon
                continue
            for f in batch:
                item = running.pop(f)
                yield _result(f, item[0]), item[1]
                if should_stop():
                    return
    finally:
        for f in running:
            f.cancel()


def _result(future: Any, path: Path) -> FileResult:
    from distributed.scheduler import KilledWorker

    try:
        return future.result()
    except KilledWorker:
        return _failed(path, "the extraction killed every worker that tried it (a crash, or out of memory)")
    except Exception as e:  # noqa: BLE001 - whatever a worker raised on one file is that file's failure
        return _failed(path, f"extraction failed on a worker: {type(e).__name__}: {e}")


def _failed(path: Path, reason: str) -> FileResult:
    from pipeline.extraction import file_sha256

    try:
        sha = file_sha256(path)
    except OSError:
        sha = ""
    return FileResult(path=str(path), sha256=sha, error=reason, stage="extract")
