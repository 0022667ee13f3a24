"""Run one function on the machine's other core while the caller goes on, and collect it later.

The site build uses it to write the generated pages while MkDocs loads its theme and
collects files (a fifth of a second on every build that would otherwise wait for us).
The work runs in a forked child process, which starts at once and shares everything
already loaded; the result comes back pickled through a pipe.

Forking is safe only in a process with a single thread: under `mkdocs serve` (whose
web server and file watcher are threads), on a system without fork, or with one core,
the function simply runs at once, in the caller.
"""

from __future__ import annotations

import os
import pickle
import threading
import traceback
from collections.abc import Callable
from typing import Generic, TypeVar

T = TypeVar("T")


class BackgroundFailed(RuntimeError):
    """The work failed in the child in a way that could not be sent back as it was."""


class Pending(Generic[T]):
    """A result that is coming: ``result()`` waits for it, or raises what the work raised."""

    def __init__(self, pid: int | None = None, fd: int | None = None,
                 value: T | None = None, error: BaseException | None = None) -> None:
        self._pid, self._fd = pid, fd
        self._value, self._error = value, error
        self.in_background = pid is not None

    def result(self) -> T:
        if self._pid is not None:
            self._collect()
        if self._error is not None:
            raise self._error
        return self._value  # type: ignore[return-value]

    def _collect(self) -> None:
        assert self._fd is not None and self._pid is not None
        with os.fdopen(self._fd, "rb") as pipe:
            payload = pipe.read()
        _, status = os.waitpid(self._pid, 0)
        self._pid = self._fd = None
        if not payload:
            self._error = BackgroundFailed(f"the page writer stopped unexpectedly (exit status {status})")
            return
        ok, value = pickle.loads(payload)
        if ok:
            self._value = value
        else:
            self._error = value


def _can_fork() -> bool:
    return hasattr(os, "fork") and threading.active_count() == 1 and (os.cpu_count() or 1) > 1


def start(work: Callable[..., T], *args, **kwargs) -> Pending[T]:
    """Start ``work(*args, **kwargs)``; in a child process when that is safe, else here and now."""
    if not _can_fork():
        try:
            return Pending(value=work(*args, **kwargs))
        except Exception as exc:  # raised again by result(), where a background error would be
            return Pending(error=exc)
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: do the work, send it back, and leave without running the parent's exit code
        os.close(read_fd)
        try:
            payload = _payload(work, args, kwargs)
            with os.fdopen(write_fd, "wb") as pipe:
                pipe.write(payload)
        finally:
            os._exit(0)
    os.close(write_fd)
    return Pending(pid=pid, fd=read_fd)


def _payload(work: Callable, args: tuple, kwargs: dict) -> bytes:
    try:
        return pickle.dumps((True, work(*args, **kwargs)), protocol=pickle.HIGHEST_PROTOCOL)
    except BaseException as exc:  # noqa: BLE001 - everything goes back to the parent
        try:
            return pickle.dumps((False, exc), protocol=pickle.HIGHEST_PROTOCOL)
        except Exception:  # an exception that cannot be pickled: its text and where it came from
            text = "".join(traceback.format_exception(exc))
            return pickle.dumps((False, BackgroundFailed(text)), protocol=pickle.HIGHEST_PROTOCOL)
