"""A private Prefect server for `newsmon serve`, started as a child process on 127.0.0.1.

Prefect's temporary (ephemeral) server runs no scheduler, so served deployments
would never get scheduled runs. `newsmon serve` therefore starts the ordinary
`prefect server start` (scheduler included) bound to loopback, points
PREFECT_API_URL at it, and stops it on exit. With PREFECT_API_URL already set,
the user's own server is used instead and nothing is started.
"""
from __future__ import annotations

import logging
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

log = logging.getLogger(__name__)


def pick_free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def prefect_executable() -> str:
    candidate = Path(sys.executable).with_name("prefect")
    return str(candidate) if candidate.exists() else "prefect"


def start_local_server(port: int, home: Path | None, timeout_s: float = 120.0,
                       ui: bool = True) -> tuple[subprocess.Popen, str]:
    """Start `prefect server start` on 127.0.0.1:port; return the process and its API URL."""
    port = port or pick_free_port()
    env = dict(os.environ, PREFECT_SERVER_ANALYTICS_ENABLED="false", DO_NOT_TRACK="1",
               PREFECT_UI_ENABLED="true" if ui else "false")
    env.pop("PREFECT_API_URL", None)
    if home is not None:
        env["PREFECT_HOME"] = str(home)
    proc = subprocess.Popen([prefect_executable(), "server", "start", "--host", "127.0.0.1",
                             "--port", str(port)], env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, start_new_session=True)
    api_url = f"http://127.0.0.1:{port}/api"
    try:
        wait_until_healthy(proc, api_url, timeout_s)
    except BaseException:  # Ctrl-C during startup too: never leave the server behind
        stop_local_server(proc)
        raise
    return proc, api_url


def wait_until_healthy(proc: subprocess.Popen, api_url: str, timeout_s: float) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"the local Prefect server exited with status {proc.returncode}")
        try:
            with urllib.request.urlopen(api_url + "/health", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise RuntimeError(f"the local Prefect server did not answer at {api_url} within {timeout_s:.0f}s")


def stop_local_server(proc: subprocess.Popen, grace_s: float = 15.0) -> None:
    """SIGTERM the server, SIGKILL it if it has not exited after `grace_s`."""
    if proc.poll() is not None:
        return
    proc.terminate()
    try:
        proc.wait(timeout=grace_s)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
