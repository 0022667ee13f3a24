"""Writing staff's own files, all of them or none.

Every new text goes first into a temporary file beside its target, flushed to the disk; only when
all are there are they moved into place, one rename each.  A failure removes the temporary files;
when a rename fails, the files already moved are put back from links to their old contents.  A stop
(Ctrl-C, SIGTERM) waits until the files are written (the signals are held back meanwhile), so the
project ends with every old file or every new one.  (A power cut between two renames, a matter of
microseconds, is the one case that can leave some files new; each file is whole either way.)
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import stat
import tempfile
import threading
from pathlib import Path
from typing import Callable, Iterator

from generator.output.paths import WriteFailed, failed

PART = ".part"
HELD = {signal.SIGINT, signal.SIGTERM}


def refusal(target: Path, folder: Path, new: bool = False) -> str | None:
    """Why ``target`` cannot be written as a data file of ``folder`` (performance/); None when it
    can.  A ``new`` file is never written over something already there."""
    real, own = Path(os.path.realpath(target)), Path(os.path.realpath(folder))
    if real.parent != own:
        return f"it is not in {folder.name}/, where the tool writes period files"
    if new and os.path.lexists(target):
        return "a file of that name is there already, for another period"
    if os.path.lexists(target) and not (target.is_file() and not target.is_symlink()):
        return "that is not an ordinary file (a folder, a link or a device)"
    return None


def write_together(files: list[tuple[Path, bytes]], written: Callable[[], None] = lambda: None) -> None:
    """Write every (path, bytes), or none: raises WriteFailed with nothing changed.  Ctrl-C and
    SIGTERM wait until it is done (a fraction of a second), then stop the command; ``written`` is
    called first, once every file is in place, so that the command can say they were written."""
    parts: list[tuple[Path, Path]] = []
    with _held():
        try:
            for target, data in files:
                parts.append((_part(target, data), target))
            _move_all(parts)
            written()
        finally:
            for part, _ in parts:
                with contextlib.suppress(OSError):
                    os.unlink(part)


def _part(target: Path, data: bytes) -> Path:
    """``data`` in a temporary file beside ``target``, on the disk, with the target's permissions."""
    try:
        handle, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=PART, dir=target.parent)
    except OSError as exc:
        raise failed(exc, target) from None
    part = Path(name)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        mode = stat.S_IMODE(os.stat(target).st_mode) if os.path.exists(target) else 0o666 & ~_umask()
        os.chmod(part, mode)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(part)
        raise failed(exc, target) from None
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(part)
        raise
    return part


def _move_all(parts: list[tuple[Path, Path]]) -> None:
    done: list[tuple[Path, Path | None]] = []  # (target, its old contents under a second name, or None: it was new)
    current = None
    try:
        for part, target in parts:
            current = target
            old = _keep(target)
            try:
                os.replace(part, target)
            except BaseException:
                if old is not None:
                    with contextlib.suppress(OSError):
                        os.unlink(old)
                raise
            done.append((target, old))
    except OSError as exc:
        _put_back(done)
        exc.filename = str(current)  # the file, not its temporary copy
        raise failed(exc, current) from None
    except BaseException:
        _put_back(done)
        raise
    for _, old in done:
        if old is not None:
            with contextlib.suppress(OSError):
                os.unlink(old)
    for folder in {target.parent for _, target in parts}:
        _sync_folder(folder)


def _keep(target: Path) -> Path | None:
    """A second name for the target's old contents, to put it back by (None: there is none)."""
    if not os.path.lexists(target):
        return None
    for attempt in range(100):
        old = target.parent / f".{target.name}.old-{os.getpid()}-{attempt}{PART}"
        try:
            os.link(target, old)
            return old
        except FileExistsError:
            continue
        except OSError:  # a file system without links: a copy
            shutil.copy2(target, old)
            return old
    raise WriteFailed(target, "too many old copies are beside it")  # pragma: no cover


def _put_back(done: list[tuple[Path, Path | None]]) -> None:
    for target, old in reversed(done):
        with contextlib.suppress(OSError):
            if old is None:
                os.unlink(target)
            else:
                os.replace(old, target)


def _sync_folder(folder: Path) -> None:
    """The renames themselves on the disk too (where the system allows opening a folder)."""
    with contextlib.suppress(OSError):
        handle = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(handle)
        finally:
            os.close(handle)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


@contextlib.contextmanager
def _held() -> Iterator[None]:
    """Ctrl-C and SIGTERM wait until the files are written (and are acted on just after)."""
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "pthread_sigmask"):
        yield
        return
    before = signal.pthread_sigmask(signal.SIG_BLOCK, HELD)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, before)
