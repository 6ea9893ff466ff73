"""`newsmon serve` owns its Prefect server: never adopts another, never leaves one behind,
and Ctrl-C during a run stops it within seconds, one line, the run Cancelled."""
from __future__ import annotations

import os
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest

from pipeline.config import WarehouseSettings
from pipeline.errors import WarehouseError
from pipeline.store.connection import warehouse_session
from tests.loopback import LoopbackServer
from tests.test_flows_support import STORIES, serve_small_feed, write_config
from tests.test_serve import restore_sigint


def serve_process(config: Path, tmp_path: Path, *extra: str) -> subprocess.Popen:
    env = {k: v for k, v in os.environ.items() if k != "PREFECT_API_URL"}
    env.update(PREFECT_HOME=str(tmp_path / "prefect-home"), PYTHONUNBUFFERED="1",
               PREFECT_RUNNER_POLL_FREQUENCY="2")
    return subprocess.Popen(
        [sys.executable, "-m", "pipeline.cli", "serve", "--config", str(config), "--retry-delay", "0.1", *extra],
        cwd=tmp_path, env=env, stdout=open(tmp_path / "serve.log", "w"), stderr=open(tmp_path / "serve.err", "w"),
        start_new_session=True, preexec_fn=restore_sigint)


def clear(proc: subprocess.Popen) -> None:
    """Never leave a serve or its server behind after a failed test."""
    if proc.poll() is None:
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        proc.wait()


def wait_for(predicate, timeout_s: float, what: str, proc: subprocess.Popen | None = None):
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        if proc is not None and proc.poll() is not None:
            raise AssertionError(f"serve exited early ({proc.returncode}) while waiting for {what}")
        time.sleep(0.5)
    raise AssertionError(f"timed out waiting for {what}")


def small_config(tmp_path: Path, server: LoopbackServer) -> Path:
    server.route("/feed.xml", serve_small_feed(server, "wire", STORIES), content_type="application/rss+xml")
    return write_config(tmp_path / "newsmon.toml", {"wire": server.url("/feed.xml")}, tmp_path / "w.duckdb")


def test_serve_refuses_a_port_in_use_and_names_it(tmp_path):
    with LoopbackServer() as server, socket.socket() as squatter:
        squatter.bind(("127.0.0.1", 0))
        squatter.listen()
        port = squatter.getsockname()[1]
        proc = serve_process(small_config(tmp_path, server), tmp_path, "--prefect-port", str(port))
        try:
            code = proc.wait(timeout=120)
        finally:
            clear(proc)
    err = (tmp_path / "serve.err").read_text()
    assert code == 2, err
    assert f"port {port}" in err and "PREFECT_API_URL" in err and err.count("\n") == 1, err
    assert "Traceback" not in err


def test_a_killed_serve_takes_its_prefect_server_with_it(tmp_path):
    with LoopbackServer() as server:
        proc = serve_process(small_config(tmp_path, server), tmp_path, "--prefect-port", "0", "--interval", "3600")
        try:
            wait_for(lambda: "local Prefect server" in (tmp_path / "serve.log").read_text(), 150,
                     "the server to start", proc)
            children = psutil.Process(proc.pid).children(recursive=True)
            prefect = [c for c in children if "server" in " ".join(c.cmdline())]
            assert prefect, [c.cmdline() for c in children]
            proc.kill()   # SIGKILL: no chance to clean up
            proc.wait()
            gone, alive = psutil.wait_procs(prefect, timeout=30)
            assert not alive, [p.cmdline() for p in alive]
        finally:
            clear(proc)


def running_run(db: Path) -> bool:
    if not db.exists():
        return False
    try:
        with warehouse_session(WarehouseSettings(path=str(db)), read_only=True, timeout_s=1) as con:
            return bool(con.execute("SELECT count(*) FROM ingest_runs WHERE status = 'running'").fetchone()[0])
    except WarehouseError:
        return False


def flow_run_states(home: Path) -> dict[str, str]:
    """Prefect's own record of each flow run's state (its server's SQLite database)."""
    con = sqlite3.connect(home / "prefect.db", timeout=10)
    try:
        return dict(con.execute("SELECT id, state_type FROM flow_run WHERE state_type IS NOT NULL").fetchall())
    finally:
        con.close()


def test_ctrl_c_during_a_run_cancels_it_within_seconds_in_one_line(tmp_path):
    with LoopbackServer() as server:
        def stall(h) -> None:   # an article page that takes its time: the run is in flight
            time.sleep(8)
            h.send_fixed(200, b"<html><body><p>late</p></body></html>", {"Content-Type": "text/html"})
        server.handle("/wire/0.html", stall)
        server.handle("/wire/1.html", stall)
        config = small_config(tmp_path, server)
        server.handle("/wire/0.html", stall)
        server.handle("/wire/1.html", stall)
        proc = serve_process(config, tmp_path, "--prefect-port", "0", "--interval", "30")
        home = tmp_path / "prefect-home"
        try:
            wait_for(lambda: running_run(tmp_path / "w.duckdb"), 150, "an ingest run in flight", proc)
            in_flight = [run for run, state in flow_run_states(home).items() if state == "RUNNING"]
            started = time.monotonic()
            proc.send_signal(signal.SIGINT)
            code = proc.wait(timeout=60)
            took = time.monotonic() - started
        finally:
            clear(proc)
    out, err = (tmp_path / "serve.log").read_text(), (tmp_path / "serve.err").read_text()
    assert "Traceback" not in out + err, (out + err)[-3000:]
    assert took < 20, (took, (out + err)[-2000:])
    assert code in (0, 130), (out + err)[-2000:]
    states = flow_run_states(home)
    assert in_flight and [states[run] for run in in_flight] == ["CANCELLED"] * len(in_flight), states
    assert "CRASHED" not in states.values(), states
