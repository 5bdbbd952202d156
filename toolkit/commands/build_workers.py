"""The batch build's worker processes: a case whose worker dies is one failure, not the end of the batch.

``concurrent.futures.ProcessPoolExecutor`` gives up on every case, done or not, when one
worker dies (the out-of-memory killer, ``kill -9``), so the build used to stop with a
``BrokenProcessPool`` traceback and lose every report. Here each worker is given one case at
a time over its own pipe; when a worker dies, the case it held is reported as a failure, a
fresh worker takes its place and the build goes on.

A worker also dies with the build: on Linux the kernel sends it SIGTERM when the build
process dies (``PR_SET_PDEATHSIG``), and everywhere it stops once it notices its parent is
gone, so a killed build leaves no process rendering documents for nobody.

Each case runs within a time limit and a memory limit (:func:`limited`); either ends in a
message naming the case file and the template it was rendering.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
import sys
import threading
from collections import deque
from collections.abc import Callable, Iterator
from multiprocessing.connection import Connection, wait
from typing import Any

CASE_SECONDS = 300
"""Longest time one case may take (all its documents, PDFs included); a case takes about a second."""
CASE_MEMORY = 1_500_000_000
"""Most memory (bytes) one case may add to its worker; a case needs a few tens of MB."""

_rendering: list[str] = [""]
"""What the case is rendering just now (a template's name), for the limit messages."""


class LimitReached(BaseException):
    """A case ran past its time limit. A BaseException, so no ``except Exception`` on the way swallows it."""


def now_rendering(what: str) -> None:
    _rendering[0] = what


def rendering() -> str:
    return _rendering[0]


@contextlib.contextmanager
def limited(seconds: float, memory: int) -> Iterator[None]:
    """Run the block with an alarm after ``seconds`` and at most ``memory`` more bytes of data.

    The alarm needs the main thread (it is, in a worker and in a one-process build); the memory
    limit needs Linux's ``RLIMIT_DATA``. Where either is unavailable the block runs without it.
    """
    now_rendering("")
    alarm = threading.current_thread() is threading.main_thread() and hasattr(signal, "setitimer")
    if alarm:
        def ring(_signum: int, _frame: Any) -> None:
            raise LimitReached()

        previous = signal.signal(signal.SIGALRM, ring)
        signal.setitimer(signal.ITIMER_REAL, seconds)
    old_limit = _set_memory_limit(memory)
    try:
        yield
    finally:
        if alarm:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)
        if old_limit is not None:
            import resource

            resource.setrlimit(resource.RLIMIT_DATA, old_limit)


def _set_memory_limit(memory: int) -> tuple[int, int] | None:
    try:
        import resource

        with open("/proc/self/status", encoding="ascii") as status:
            used = next(int(line.split()[1]) * 1024 for line in status if line.startswith("VmData:"))
        old = resource.getrlimit(resource.RLIMIT_DATA)
        limit = used + memory
        if old[1] != resource.RLIM_INFINITY:
            limit = min(limit, old[1])
        resource.setrlimit(resource.RLIMIT_DATA, (limit, old[1]))
        return old
    except (ImportError, OSError, ValueError, StopIteration):
        return None


# -- the pool -----------------------------------------------------------------------------------


def _die_with_parent(parent: int) -> None:
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
        except (OSError, AttributeError):
            pass
    if os.getppid() != parent:  # the parent died before the line above
        os._exit(0)


def _serve(connection: Connection, parent: int, work: Callable[[Any], Any]) -> None:
    """A worker: one job at a time from the pipe, until told to stop or the parent is gone."""
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # not the build's own handler, inherited on fork
    _die_with_parent(parent)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the build's to handle
    while True:
        try:
            if not connection.poll(1.0):
                if os.getppid() != parent:
                    return
                continue
            message = connection.recv()
        except (EOFError, OSError):
            return
        if message is None:
            return
        index, job = message
        try:
            connection.send((index, work(job)))
        except (BrokenPipeError, OSError):
            return


class _Worker:
    def __init__(self, context: Any, work: Callable[[Any], Any]) -> None:
        self.connection, child = context.Pipe()
        self.process = context.Process(target=_serve, args=(child, os.getpid(), work), daemon=True)
        self.process.start()
        child.close()
        self.index: int | None = None

    def give(self, index: int, job: Any) -> None:
        self.index = index
        self.connection.send((index, job))

    def stop(self) -> None:
        with contextlib.suppress(OSError, ValueError):
            self.connection.send(None)
        self.process.join(timeout=2)
        if self.process.is_alive():
            self.process.kill()
            self.process.join(timeout=2)
        self.connection.close()


def run_in_workers(jobs: list[Any], workers: int, work: Callable[[Any], Any],
                   died: Callable[[Any, int | None], Any]) -> Iterator[Any]:
    """``work(job)`` for every job in ``workers`` processes, yielded in the order of ``jobs``.

    A job whose worker dies yields ``died(job, exit code)`` instead, and a fresh worker goes on.
    """
    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    context = multiprocessing.get_context(method)
    waiting = deque(enumerate(jobs))
    finished: dict[int, Any] = {}
    pool = [_Worker(context, work) for _ in range(min(workers, len(jobs)))]
    following = 0
    try:
        while following < len(jobs):
            for worker in pool:
                if worker.index is None and waiting:
                    index, job = waiting.popleft()
                    try:
                        worker.give(index, job)
                    except OSError:  # the worker is already gone; its sentinel says so below
                        pass
            busy = [w for w in pool if w.index is not None]
            ready = set(wait([w.connection for w in busy] + [w.process.sentinel for w in busy]))
            for number, worker in enumerate(pool):
                if worker.index is None:
                    continue
                if worker.connection in ready or worker.connection.poll():
                    try:
                        index, result = worker.connection.recv()
                        finished[index] = result
                        worker.index = None
                        continue
                    except (EOFError, OSError):
                        pass
                elif worker.process.sentinel not in ready:
                    continue
                worker.process.join(timeout=5)
                finished[worker.index] = died(jobs[worker.index], worker.process.exitcode)
                worker.index = None
                worker.stop()
                pool[number] = _Worker(context, work)
            while following in finished:
                yield finished.pop(following)
                following += 1
    finally:
        for worker in pool:
            worker.stop()
