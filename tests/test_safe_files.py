"""Files newsmon creates never follow a symlink planted at a predictable name."""
from __future__ import annotations

import os
from datetime import datetime, timezone

import pytest

from pipeline.config import WarehouseSettings
from pipeline.digest.deliver import deliver_file
from pipeline.errors import WarehouseError
from pipeline.records import FeedSpec
from pipeline.store.connection import hold_catalog_writer_lock
from pipeline.store.ingest_lock import hold_ingest_lock, lock_path_for

UNTIL = datetime(2025, 2, 14, 12, 0, tzinfo=timezone.utc)


@pytest.fixture()
def victim(tmp_path):
    path = tmp_path / "victim.txt"
    path.write_text("precious\n", encoding="utf-8")
    return path


def test_digest_file_is_not_written_through_a_planted_tmp_symlink(tmp_path, victim):
    target = tmp_path / "digests" / "today.md"
    target.parent.mkdir()
    (target.parent / "today.md.tmp").symlink_to(victim)
    written = deliver_file(str(target), "# digest\n", "md", UNTIL)
    assert written == target and target.read_text(encoding="utf-8") == "# digest\n"
    assert victim.read_text(encoding="utf-8") == "precious\n"
    assert [p.name for p in target.parent.iterdir() if p.name.endswith(".tmp") and not p.is_symlink()] == []


def test_digest_written_over_a_symlinked_target_replaces_the_link_not_its_file(tmp_path, victim):
    target = tmp_path / "today.md"
    target.symlink_to(victim)
    deliver_file(str(target), "# digest\n", "md", UNTIL)
    assert not target.is_symlink() and victim.read_text(encoding="utf-8") == "precious\n"


def test_ingest_lock_refuses_a_planted_symlink(tmp_path, victim):
    settings = WarehouseSettings(path=str(tmp_path / "w.duckdb"))
    feeds = (FeedSpec("f", "https://example.org/rss"),)
    lock_path_for(settings, feeds).symlink_to(victim)
    with pytest.raises(WarehouseError, match="symbolic link"):
        with hold_ingest_lock(settings, feeds):
            pass
    assert victim.read_text(encoding="utf-8") == "precious\n"


def test_lake_writer_lock_refuses_a_planted_symlink(tmp_path, victim):
    catalog = tmp_path / "lake.sqlite"
    settings = WarehouseSettings(path=str(tmp_path / "w.duckdb"), backend="ducklake", catalog=f"sqlite:{catalog}")
    os.symlink(victim, tmp_path / "lake.sqlite.writer.lock")
    with pytest.raises(WarehouseError, match="symbolic link"):
        with hold_catalog_writer_lock(settings):
            pass
    assert victim.read_text(encoding="utf-8") == "precious\n"


def test_ingest_lock_still_works_on_a_plain_file(tmp_path):
    settings = WarehouseSettings(path=str(tmp_path / "w.duckdb"))
    with hold_ingest_lock(settings) as held:
        assert held
        with hold_ingest_lock(settings) as again:
            assert not again
