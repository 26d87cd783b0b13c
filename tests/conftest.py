"""Fixtures shared by test modules."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest


@pytest.fixture(scope="module")
def cluster() -> Iterator[Any]:
    """A client on a real Dask LocalCluster of 2 worker processes of one thread, one a test module."""
    pytest.importorskip("distributed", reason="the `cluster` extra (Dask) is not installed")
    from distributed import Client, LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0") as lc:
        with Client(lc) as client:
            yield client
