"""Worker processes that die with the scan, and a time limit per workspace.

Lifeline: the parent holds the write end of a pipe and every worker the read end, watched by a
thread; when the parent dies, even by `kill -9`, the kernel closes the write end, the read ends
see end-of-file and each worker exits at once. (PR_SET_PDEATHSIG would not do: workers are
children of the fork server, which stays alive as long as any worker holds its `alive` pipe.) With
the workers gone, the fork server and the resource tracker see their own pipes close and exit.

Deadline: a worker arms a timer before evaluating a chunk; if the chunk is not done in time the
timer marks the shared flag and ends the process (a running Wasm evaluation cannot be interrupted any
other way). The parent sees a broken pool, retries the chunk's workspaces one by one, and a
workspace that runs out of time alone gets `error` results naming the limit (see run.py).
"""

from __future__ import annotations

import contextlib
import os
import threading
from collections.abc import Iterator
from typing import Any

TIMEOUT_EXIT = 86  # the exit status of a worker ended by its deadline

_lifeline: tuple[Any, Any] | None = None  # (read end, write end), created once per parent process


class Guard:
    """What a worker needs to watch its parent and keep its deadline; picklable for start-up."""

    def __init__(self, context: Any, seconds: float) -> None:
        global _lifeline
        if _lifeline is None:
            _lifeline = context.Pipe(duplex=False)
        self.lifeline = _lifeline[0]
        self.flag = context.RawValue("i", 0)
        self.seconds = seconds

    # -- in the parent -------------------------------------------------------------------------

    def reset(self) -> None:
        self.flag.value = 0

    def timed_out(self) -> bool:
        return bool(self.flag.value)

    # -- in a worker ---------------------------------------------------------------------------

    def watch_parent(self) -> None:
        def wait() -> None:
            try:
                self.lifeline.recv_bytes()
            except (EOFError, OSError):
                pass
            os._exit(1)  # the parent is gone: nobody will read what this worker produces

        threading.Thread(target=wait, name="amlscan-lifeline", daemon=True).start()

    @contextlib.contextmanager
    def deadline(self) -> Iterator[None]:
        def expire() -> None:
            self.flag.value = 1
            os._exit(TIMEOUT_EXIT)

        timer = threading.Timer(self.seconds, expire)
        timer.daemon = True
        timer.start()
        try:
            yield
        finally:
            timer.cancel()
