"""Files newsmon creates next to its targets, safe against planted symlinks.

A digest folder or the warehouse folder may be writable by others (a shared
`/tmp`, a team folder). Writing through a predictable name such as `x.md.tmp` or
`w.duckdb.ingest.lock` would then follow a symlink planted there and overwrite
whatever it points to. So temporary files get a fresh unpredictable name created
exclusively (O_EXCL, never following a link) in the target's own folder, and lock
files are opened with O_NOFOLLOW and must be regular files.
"""
from __future__ import annotations

import errno
import os
import stat
import tempfile
from pathlib import Path

from pipeline.errors import WarehouseError

FILE_MODE = 0o644


def write_file_atomic(path: Path, content: str) -> None:
    """Write `content` to `path` through a new temp file in the same folder, then rename
    (a symlink at `path` itself is replaced, never followed). Raises OSError."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            os.fchmod(handle.fileno(), FILE_MODE)
            handle.write(content)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def open_lock_file(path: Path) -> int:
    """A descriptor on the lock file at `path` (created if missing), refusing a symlink
    or anything but a regular file there."""
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC | os.O_NONBLOCK, FILE_MODE)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise WarehouseError(f"lock file {path} is a symbolic link: refusing to follow it "
                                 "(remove it if you did not put it there)") from None
        raise WarehouseError(f"cannot open lock file {path}: {exc.strerror}") from None
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        raise WarehouseError(f"lock file {path} is not a regular file: refusing to use it")
    return fd
