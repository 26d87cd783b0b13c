"""Worker processes end when their parent does, even after kill -9 (which runs no cleanup in the parent)."""

from __future__ import annotations

import ctypes
import os
import signal
import sys
import threading
import time

_PR_SET_PDEATHSIG = 1


def die_with_parent(poll: float = 1.0) -> None:
    """Ask Linux to SIGKILL this process when its parent dies; elsewhere (and as a backstop) watch getppid."""
    parent = os.getppid()
    if sys.platform.startswith("linux"):
        try:
            ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
        except (OSError, AttributeError):
            pass  # no prctl in this libc: the thread below still ends us
    if os.getppid() != parent:  # the parent died before prctl took effect
        os._exit(1)
    threading.Thread(target=_watch, args=(parent, poll), daemon=True, name="die-with-parent").start()


def _watch(parent: int, poll: float) -> None:
    while os.getppid() == parent:
        time.sleep(poll)
    os._exit(1)  # re-parented: nobody reads our results any more
