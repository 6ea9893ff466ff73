"""Deliver a rendered digest or alert to a file, or to a new file in a folder."""
from __future__ import annotations

from datetime import datetime
from pathlib import Path

from pipeline.errors import DeliveryError
from pipeline.safefiles import write_file_atomic

EXTENSIONS = {"md": "md", "html": "html", "text": "txt"}


def file_target(target: str, fmt: str, until: datetime, prefix: str = "digest") -> Path:
    """The file a `file:` target means: a folder (existing, or ending in '/') gets a
    timestamped file named after the window's end."""
    path = Path(target)
    if target.endswith(("/", "\\")) or path.is_dir():
        path = path / f"{prefix}-{until.strftime('%Y%m%dT%H%M%S')}.{EXTENSIONS[fmt]}"
    return path


def deliver_file(target: str, content: str, fmt: str, until: datetime, prefix: str = "digest") -> Path:
    """Write atomically (a fresh exclusive temp file in the same folder, then rename);
    return the path written."""
    path = file_target(target, fmt, until, prefix)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_file_atomic(path, content)
    except OSError as exc:
        raise DeliveryError(f"cannot write {prefix} to {path}: {exc}") from exc
    return path
