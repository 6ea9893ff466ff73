"""Crash safety: `kill -9` of an ingestion at any moment loses and duplicates nothing,
and `newsmon sql` run during an ingestion succeeds."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

pytestmark = pytest.mark.slow


def _config(tmp_path: Path, server) -> Path:
    lines = ["[fetch]", "allow_private_networks = true", "per_host_delay_s = 0.0",
             "per_host_concurrency = 4", "timeout_s = 10", ""]
    for name, url in server.feed_urls().items():
        lines += ["[[feeds]]", f'name = "{name}"', f'url = "{url}"', ""]
    path = tmp_path / "newsmon.toml"
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def _ingest(config: Path, db: Path) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "pipeline.cli", "ingest", "--config", str(config),
                             "--db", str(db)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _counts(db: Path) -> tuple[int, int, int]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute("SELECT count(*), count(DISTINCT canonical_url), count(DISTINCT content_hash) "
                           "FROM articles").fetchone()
    finally:
        con.close()


def test_kill_9_at_any_moment_then_rerun_loses_and_duplicates_nothing(tmp_path, corpus_server):
    config, db = _config(tmp_path, corpus_server), tmp_path / "w.duckdb"
    for delay in (4.0, 9.0, 14.0):   # model loading, fetching, extraction/writing
        proc = _ingest(config, db)
        time.sleep(delay)
        if proc.poll() is None:
            os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
        if db.exists():
            total, urls, hashes = _counts(db)
            assert total == urls == hashes, "a crash left a duplicate behind"
    final = _ingest(config, db)
    out, err = final.communicate(timeout=300)
    assert final.returncode == 0, err
    total, urls, hashes = _counts(db)
    assert total == urls == hashes == len(corpus_server.articles)


def test_sql_reader_succeeds_while_ingestion_runs(tmp_path, corpus_server):
    config, db = _config(tmp_path, corpus_server), tmp_path / "w.duckdb"
    subprocess.run([sys.executable, "-m", "pipeline.cli", "init", "--db", str(db)], check=True,
                   capture_output=True, timeout=120)
    proc = _ingest(config, db)
    answers = []
    try:
        while proc.poll() is None and len(answers) < 40:
            reader = subprocess.run([sys.executable, "-m", "pipeline.cli", "sql", "SELECT count(*) AS n FROM articles",
                                     "--db", str(db), "--format", "csv"], capture_output=True, text=True, timeout=120)
            assert reader.returncode == 0, reader.stderr
            answers.append(int(reader.stdout.splitlines()[1]))
    finally:
        proc.communicate(timeout=300)
    assert proc.returncode == 0
    assert answers, "the ingestion finished before any reader ran"
    assert answers == sorted(answers)   # readers only ever see whole batches, growing
