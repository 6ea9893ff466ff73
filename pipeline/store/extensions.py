"""Load DuckDB extensions offline from the `duckdb-extension-*` wheels.

DuckDB normally downloads extensions on first use; here there is no internet, so
we load the extension file that the pinned PyPI wheel ships inside its package.
"""
from __future__ import annotations

import importlib
import os
import stat
import tempfile
from pathlib import Path

import duckdb

from pipeline.errors import WarehouseError


def find_extension_file(name: str) -> Path | None:
    """Path of `<name>.duckdb_extension` shipped by the `duckdb_extension_<name>` wheel."""
    try:
        module = importlib.import_module(f"duckdb_extension_{name}")
    except ImportError:
        return None
    version = duckdb.__version__
    base = Path(module.__file__).parent / "extensions"
    exact = base / f"v{version}" / f"{name}.duckdb_extension"
    if exact.exists():
        return exact
    found = sorted(base.glob(f"*/{name}.duckdb_extension"))
    return found[-1] if found else None


def load_extension(con: duckdb.DuckDBPyConnection, name: str) -> None:
    """Load extension `name`: already loaded, built in, or from its wheel."""
    try:
        con.execute(f"LOAD {name}")
        return
    except duckdb.Error:
        pass
    path = find_extension_file(name)
    if path is None:
        raise WarehouseError(
            f"DuckDB extension '{name}' is not available offline: install the "
            f"duckdb-extension-{name}=={duckdb.__version__} wheel"
        )
    con.execute(f"LOAD '{alias_extension_file(path, name).as_posix()}'")


# DuckDB derives the init symbol from the file name; some wheels ship the file
# under the short name (sqlite.duckdb_extension holds `sqlite_scanner_*_init`).
INTERNAL_NAMES = {"sqlite": "sqlite_scanner"}


def alias_extension_file(path: Path, name: str) -> Path:
    """A symlink named after the extension's internal name, when that differs."""
    internal = INTERNAL_NAMES.get(name)
    if internal is None:
        return path
    folder = private_folder(Path(tempfile.gettempdir()) / f"newsmon-{os.getuid()}-duckdb-ext-{duckdb.__version__}")
    alias = folder / f"{internal}.duckdb_extension"
    if not alias.is_symlink() or os.readlink(alias) != str(path):
        tmp = folder / f".{internal}.{os.getpid()}"
        tmp.unlink(missing_ok=True)
        tmp.symlink_to(path)
        os.replace(tmp, alias)  # atomic: concurrent processes never see a half-made link
    return alias


def private_folder(folder: Path) -> Path:
    """`folder` made (0700) or reused only when it is a real folder of ours that others
    cannot write: /tmp is shared, and a planted alias would be LOADed as an extension."""
    try:
        folder.mkdir(mode=0o700, exist_ok=True)
    except FileExistsError:
        pass
    info = os.lstat(folder)
    if not stat.S_ISDIR(info.st_mode) or info.st_uid != os.getuid() or info.st_mode & 0o022:
        raise WarehouseError(f"{folder} is not a private folder of this user: refusing to load "
                             "DuckDB extensions through it (remove it)")
    return folder
