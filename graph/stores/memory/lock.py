"""One writer per data folder: an exclusive lock the embedded store holds while it is open.

Two processes writing the same folder lose acknowledged writes: each numbers its journal entries
from its own view, and a checkpoint by one empties the journal the other appends to. So a
:class:`~graph.stores.memory.store.MemoryStore` that opens a folder for writing takes
``fcntl.flock(LOCK_EX | LOCK_NB)`` on ``<folder>/retrace.lock`` and keeps it until it is closed (or
its process dies: the kernel releases a ``flock`` with the last descriptor, so a ``kill -9`` leaves no
stale lock behind). The file holds the holder's PID, command and start time, for the message a
second process gets; it is never deleted (deleting a held lock file would let a second process lock
a new file of the same name). A second open, from another process or the same one, is refused at
once with :class:`DataFolderLocked`.
"""

from __future__ import annotations

import fcntl
import json
import os
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, BinaryIO

from graph.stores.base import StoreUnavailable

__all__ = ["EXIT_LOCKED", "LOCK_FILE", "DataFolderLock", "DataFolderLocked"]

LOCK_FILE = "retrace.lock"
EXIT_LOCKED = 5  # the `retrace` exit code of a command refused because another process writes the folder


class DataFolderLocked(StoreUnavailable):
    """Another process has the data folder open for writing (HTTP 503, CLI exit code 5)."""

    exit_code = EXIT_LOCKED

    def __init__(self, folder: Path, holder: dict[str, Any]) -> None:
        self.folder = folder
        self.holder = holder
        pid = holder.get("pid", "?")
        command = holder.get("command") or "unknown command"
        since = f" since {holder['since']}" if holder.get("since") else ""
        super().__init__(
            f"the data folder {folder} is open for writing by process {pid} ({command}){since}; "
            f"only one process may open it. Stop that process first (then run this command again), "
            f"or, if it is the API server, go through its API instead (reads and writes, e.g. "
            f"GET /api/v1/entities/{{id}}, POST /api/v1/records). "
            f"数据目录正被进程 {pid} 使用，请先停止该进程，或通过其 API 查询和提交。"
        )


def _read_holder(fd: int) -> dict[str, Any]:
    try:
        raw = os.pread(fd, 4096, 0).decode("utf-8")
        holder = json.loads(raw)
        return holder if isinstance(holder, dict) else {}
    except (OSError, UnicodeDecodeError, json.JSONDecodeError):  # being written at this moment, or garbage
        return {}


def _command() -> str:
    argv = [os.path.basename(sys.argv[0]) if sys.argv and sys.argv[0] else "python", *sys.argv[1:]]
    return " ".join(argv)[:500]


class DataFolderLock:
    """The exclusive write lock on one data folder; :meth:`acquire` or raise, :meth:`release`."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.path = folder / LOCK_FILE
        # a file object rather than a bare descriptor: a store dropped without close() still gives
        # the lock up when it is garbage-collected
        self._file: BinaryIO | None = None

    @property
    def held(self) -> bool:
        return self._file is not None

    def acquire(self) -> None:
        """Take the lock now or raise :class:`DataFolderLocked` naming the holder; never waits."""
        if self._file is not None:
            return
        self.folder.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
        os.fchmod(fd, 0o600)  # private like the rest of the folder (it names the holder's command)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = _read_holder(fd)
            os.close(fd)
            raise DataFolderLocked(self.folder, holder) from None
        except BaseException:
            os.close(fd)
            raise
        me = {"pid": os.getpid(), "command": _command(),
              "since": datetime.now(UTC).isoformat(timespec="seconds")}
        os.ftruncate(fd, 0)
        os.pwrite(fd, (json.dumps(me, ensure_ascii=False) + "\n").encode("utf-8"), 0)
        self._file = os.fdopen(fd, "r+b", buffering=0)

    def release(self) -> None:
        """Give the lock up (the file stays, emptied)."""
        if self._file is None:
            return
        file, self._file = self._file, None
        try:
            os.ftruncate(file.fileno(), 0)
        finally:
            file.close()  # closing the last descriptor releases the flock
