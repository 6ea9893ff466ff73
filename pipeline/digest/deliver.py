"""Deliver a rendered digest to a channel: a file or a folder."""
from __future__ import annotations

from datetime import datetime
from pathlib import Path

from pipeline.errors import DeliveryError

EXTENSIONS = {"md": "md", "html": "html", "text": "txt"}


def deliver_file(target: str, content: str, fmt: str, until: datetime) -> Path:
    """Write to `target`; a folder (existing, or ending in '/') gets a timestamped file."""
    path = Path(target)
    if target.endswith(("/", "\\")) or path.is_dir():
        path = path / f"digest-{until.strftime('%Y%m%dT%H%M%S')}.{EXTENSIONS[fmt]}"
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(path.name + ".tmp")
        tmp.write_text(content, encoding="utf-8")
        tmp.replace(path)
    except OSError as exc:
        raise DeliveryError(f"cannot write digest to {path}: {exc}") from exc
    return path
