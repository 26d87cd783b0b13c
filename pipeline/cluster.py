"""The Dask cluster of `ingest --cluster ADDRESS|local[:N]`: connecting, and a task's failure as a file's.
The tasks themselves, batches of files written as Parquet parts by the workers: pipeline/clusterparts.py.

A worker needs the package installed and the files at the same paths (a shared folder). A worker lost
mid-part is Dask's to handle: its tasks run again on another worker; a part that kills
`distributed.scheduler.allowed-failures` workers in a row (3 by default), or raises on one, is run again
a file a part, and a file that does so alone becomes its failure row like any other."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from pipeline.model import FileResult

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


def _result(future: Any, path: Path) -> FileResult:
    try:
        return future.result()
    except Exception as e:  # noqa: BLE001 - whatever a worker raised on one file is that file's failure
        return _failed(path, failure_reason(e))


def failure_reason(e: BaseException) -> str:
    """A file's failure reason for what its task raised (a worker lost: KilledWorker)."""
    from distributed.scheduler import KilledWorker

    if isinstance(e, KilledWorker):
        return "the extraction killed every worker that tried it (a crash, or out of memory)"
    return f"extraction failed on a worker: {type(e).__name__}: {e}"


def _failed(path: Path, reason: str) -> FileResult:
    from pipeline.extraction import file_sha256

    try:
        sha = file_sha256(path)
    except OSError:
        sha = ""
    return FileResult(path=str(path), sha256=sha, error=reason, stage="extract")
