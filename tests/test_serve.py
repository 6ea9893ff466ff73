"""`newsmon serve` as a real process: scheduled ingest runs land data, Ctrl-C stops it cleanly."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from pipeline.config import WarehouseSettings
from pipeline.errors import WarehouseError
from pipeline.store.connection import warehouse_session
from tests.loopback import LoopbackServer
from tests.test_flows_support import STORIES, serve_small_feed, write_config

INTERVAL_S = 6


def finished_runs(db: Path) -> list[tuple]:
    """(status, started_at, finished_at) of finished ingest runs; [] while the file is busy."""
    if not db.exists():
        return []
    try:
        with warehouse_session(WarehouseSettings(path=str(db)), read_only=True, timeout_s=2) as con:
            return con.execute("SELECT status, started_at, finished_at FROM ingest_runs "
                               "WHERE finished_at IS NOT NULL ORDER BY started_at").fetchall()
    except WarehouseError:
        return []


def start_serve(config: Path, tmp_path: Path) -> subprocess.Popen:
    env = {k: v for k, v in os.environ.items() if k != "PREFECT_API_URL"}
    env.update(PREFECT_HOME=str(tmp_path / "prefect-home"), PYTHONUNBUFFERED="1",
               PREFECT_RUNNER_POLL_FREQUENCY="2")
    return subprocess.Popen(
        [sys.executable, "-m", "pipeline.cli", "serve", "--config", str(config),
         "--interval", str(INTERVAL_S), "--prefect-port", "0", "--retry-delay", "0.1"],
        cwd=tmp_path, env=env, stdout=open(tmp_path / "serve.log", "w"), stderr=subprocess.STDOUT,
        start_new_session=True,  # its own process group, so a hung serve can be cleared with its children
        preexec_fn=restore_sigint)


def restore_sigint() -> None:
    """A job started in the background by a shell script inherits SIGINT ignored; Ctrl-C is
    tested as a terminal delivers it, with the signal's default disposition."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def wait_for_runs(proc: subprocess.Popen, db: Path, count: int, timeout_s: float) -> list[tuple]:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        assert proc.poll() is None, "newsmon serve exited early"
        runs = finished_runs(db)
        if len(runs) >= count:
            return runs
        time.sleep(1.0)
    return finished_runs(db)


@pytest.mark.slow
def test_serve_runs_scheduled_ingests_and_stops_cleanly_on_ctrl_c(tmp_path):
    with LoopbackServer() as server:
        server.route("/feed.xml", serve_small_feed(server, "wire", STORIES),
                     content_type="application/rss+xml")
        db = tmp_path / "w.duckdb"
        config = write_config(tmp_path / "newsmon.toml", {"wire": server.url("/feed.xml")}, db)
        proc = start_serve(config, tmp_path)
        try:
            runs = wait_for_runs(proc, db, 2, timeout_s=150)
        finally:
            proc.send_signal(signal.SIGINT)
            try:
                code = proc.wait(timeout=240)   # slower after the whole suite has run; alone the test takes 60 s
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)  # never leave a scheduler running after a failed test
                raise
    log = (tmp_path / "serve.log").read_text()
    assert len(runs) >= 2, log[-3000:]
    assert all(status == "ok" for status, _, _ in runs), runs
    for (_, _, end), (_, start, _) in zip(runs, runs[1:]):
        assert end <= start, "two ingest runs overlapped"
    assert code == 0, log[-3000:]
    assert "newsmon serve: stopped" in log
    with warehouse_session(WarehouseSettings(path=str(db)), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM articles").fetchone()[0] == 2
        assert con.execute("SELECT count(*) FROM ingest_runs WHERE status = 'running'").fetchone()[0] <= 1
