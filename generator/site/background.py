"""Run work on the machine's other core while the caller goes on, and take its results as they come.

The site build uses it to write the generated pages while MkDocs loads its theme and converts
the pages already written: the work is a generator of (key, value) pairs, run in a forked child
process that starts at once and shares everything already loaded, and each pair comes back
pickled through a pipe as soon as it is made.  The caller asks for a key (`Stream.get`) and
waits only if that value is not there yet.

Forking is safe only in a process with a single thread: under `mkdocs serve` (whose web server
and file watcher are threads), on a system without fork, or with one core, the generator simply
runs in the caller, a step at a time as values are asked for.
"""

from __future__ import annotations

import atexit
import ctypes
import os
import pickle
import signal
import threading
import traceback
import weakref
from collections.abc import Callable, Iterable, Iterator
from typing import Any, BinaryIO


class BackgroundFailed(RuntimeError):
    """The work failed in the child in a way that could not be sent back as it was."""


_OPEN: "weakref.WeakSet[Stream]" = weakref.WeakSet()  # streams with a child not yet collected


@atexit.register
def _close_all() -> None:
    """At the interpreter's exit: no page writer outlives the build that started it."""
    for stream in list(_OPEN):
        stream.close()


def _die_with_parent(parent: int) -> None:
    """In the child: the system ends it if the parent is killed (Linux), so a killed build leaves no writer."""
    try:
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass  # elsewhere the child ends at its next write, into a pipe nobody reads
    if os.getppid() != parent:  # the parent died before that took effect
        os._exit(0)


def _can_fork() -> bool:
    return hasattr(os, "fork") and threading.active_count() == 1 and (os.cpu_count() or 1) > 1


class Stream:
    """The values of a running ``work(...)``, by key, in the order it makes them."""

    def __init__(self, work: Callable[..., Iterable[tuple[Any, Any]]], *args, **kwargs) -> None:
        self._got: dict[Any, Any] = {}
        self._done = False
        self._pid: int | None = None
        self._pipe: BinaryIO | None = None
        self._here: Iterator[tuple[Any, Any]] | None = None
        self.in_background = _can_fork()
        if not self.in_background:
            self._here = iter(_lazily(work, args, kwargs))
            return
        read_fd, write_fd = os.pipe()
        self._owner = os.getpid()  # only the process that forked the child may end and collect it
        pid = os.fork()
        if pid == 0:  # the child: make the values, send each at once, leave without the parent's exit code
            os.close(read_fd)
            try:
                _die_with_parent(self._owner)
                with os.fdopen(write_fd, "wb") as pipe:
                    _send_all(work, args, kwargs, pipe)
            finally:
                os._exit(0)
        os.close(write_fd)
        self._pid, self._pipe = pid, os.fdopen(read_fd, "rb")
        _OPEN.add(self)

    def get(self, key: Any) -> Any:
        """The value for ``key``, waiting for it if need be; raises what the work raised."""
        while key not in self._got:
            if self._done:
                raise KeyError(key)
            self._next()
        return self._got[key]

    def close(self) -> None:
        """Stop waiting: collect the child (ending it if it is still at work)."""
        self._done = True
        if self._pid is not None and os.getpid() == self._owner:
            try:
                os.kill(self._pid, signal.SIGTERM)  # harmless when it has finished
                os.waitpid(self._pid, 0)
            except (ProcessLookupError, ChildProcessError):
                pass
            self._pid = None
        if self._pipe is not None:
            self._pipe.close()
        _OPEN.discard(self)

    def __del__(self) -> None:  # a stream dropped without close (a plugin object thrown away)
        try:
            self.close()
        except Exception:  # noqa: BLE001 - at exit or in the collector: nothing to report to
            pass

    def _next(self) -> None:
        if self._here is not None:
            try:
                key, value = next(self._here)
            except StopIteration:
                self._done = True
                return
            self._got[key] = value
            return
        assert self._pipe is not None
        try:
            frame = pickle.load(self._pipe)
        except EOFError:
            self.close()
            raise BackgroundFailed("the page writer stopped unexpectedly") from None
        if frame[0] == "item":
            self._got[frame[1]] = frame[2]
            return
        self.close()
        if frame[0] == "error":
            raise frame[1]


def _lazily(work: Callable, args: tuple, kwargs: dict) -> Iterator[tuple[Any, Any]]:
    yield from work(*args, **kwargs)


def _send_all(work: Callable, args: tuple, kwargs: dict, pipe: BinaryIO) -> None:
    try:
        for key, value in work(*args, **kwargs):
            # pickled whole before writing: a value that cannot be pickled leaves no half frame behind
            pipe.write(pickle.dumps(("item", key, value), protocol=pickle.HIGHEST_PROTOCOL))
            pipe.flush()  # the caller may be waiting for exactly this one
        frame: tuple = ("end",)
    except BaseException as exc:  # noqa: BLE001 - everything goes back to the parent
        frame = ("error", exc)
    try:
        data = pickle.dumps(frame, protocol=pickle.HIGHEST_PROTOCOL)
    except Exception:  # an exception that cannot be pickled: its text and where it came from
        text = "".join(traceback.format_exception(frame[1]))
        data = pickle.dumps(("error", BackgroundFailed(text)), protocol=pickle.HIGHEST_PROTOCOL)
    pipe.write(data)
