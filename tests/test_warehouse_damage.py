"""A damaged warehouse is reported in one line (exit 2) by init and ingest, never started over."""
from __future__ import annotations

import hashlib
import os
from pathlib import Path

import duckdb
import pytest

from pipeline.cli import main

HEADER_BYTES = 3 * 4096          # DuckDB's file headers, then fixed-size blocks
BLOCK_BYTES = 262_144


def filled_warehouse(path: Path) -> None:
    assert main(["init", "--db", str(path)]) == 0
    con = duckdb.connect(str(path))
    con.execute("""
        INSERT INTO articles (article_id, url, canonical_url, title, published_at, published_source,
                              fetched_at, text, text_source, content_hash, run_id)
        SELECT md5(i::VARCHAR), 'https://example.org/' || i, 'https://example.org/a/' || md5(i::VARCHAR),
               'title ' || i, TIMESTAMP '2025-01-01', 'feed', TIMESTAMP '2025-01-01',
               repeat('text ', 50), 'page', md5(i::VARCHAR), 'r1'
        FROM range(200000) t(i)""")
    con.execute("CHECKPOINT")
    con.close()


def damage_column(path: Path, column: str) -> tuple[int, bytes]:
    """Overwrite one data block of articles.`column` with junk, as a bad disk would;
    return where and what."""
    con = duckdb.connect(str(path), read_only=True)
    block = con.execute("SELECT max(block_id) FROM pragma_storage_info('articles') "
                        "WHERE column_name = ? AND block_id >= 0", [column]).fetchone()[0]
    con.close()
    junk, where = os.urandom(4096), HEADER_BYTES + block * BLOCK_BYTES + 1024
    with open(path, "r+b") as handle:
        handle.seek(where)
        handle.write(junk)
    return where, junk


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def config(tmp_path: Path) -> str:
    target = tmp_path / "newsmon.toml"
    target.write_text('[fetch]\nallow_private_networks = true\n\n[[feeds]]\nname = "f"\n'
                      'url = "http://127.0.0.1:9/feed.xml"\n', encoding="utf-8")
    return str(target)


@pytest.fixture(scope="module")
def damaged_template(tmp_path_factory) -> tuple[Path, int, bytes]:
    path = tmp_path_factory.mktemp("damaged") / "w.duckdb"
    filled_warehouse(path)
    return path, *damage_column(path, "canonical_url")


@pytest.mark.parametrize("command", ["init", "ingest"])
def test_a_damaged_data_block_is_one_line_exit_2_and_the_file_is_kept(damaged_template, tmp_path, capsys,
                                                                      command):
    template, where, junk = damaged_template
    path = tmp_path / "w.duckdb"
    path.write_bytes(template.read_bytes())
    before = digest(path)
    capsys.readouterr()
    code = main([command, "--db", str(path), "--config", config(tmp_path)])
    captured = capsys.readouterr()
    assert code == 2, captured
    assert captured.err.count("\n") == 1 and "is damaged" in captured.err
    assert "up to date" not in captured.out
    if command == "init":   # init reads the file back before writing anything
        assert digest(path) == before
    with open(path, "rb") as handle:   # never started over: the damaged data is still there
        handle.seek(where)
        assert handle.read(len(junk)) == junk


@pytest.mark.parametrize("command", ["init", "ingest", "sql"])
def test_a_file_that_is_not_a_warehouse_is_one_line_exit_2_and_kept(tmp_path, capsys, command):
    path = tmp_path / "w.duckdb"
    path.write_bytes(b"overwritten\n")
    argv = [command, "--db", str(path), "--config", config(tmp_path)] + (["SELECT 1"] if command == "sql" else [])
    code = main(argv)
    err = capsys.readouterr().err
    assert code == 2 and err.count("\n") == 1 and "is damaged" in err
    assert path.read_bytes() == b"overwritten\n"
