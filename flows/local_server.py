"""A private Prefect server for `newsmon serve`, started as a child process on 127.0.0.1.

Prefect's temporary (ephemeral) server runs no scheduler, so served deployments
would never get scheduled runs. `newsmon serve` therefore starts the ordinary
`prefect server start` (scheduler included) bound to loopback, points
PREFECT_API_URL at it, and stops it on exit. With PREFECT_API_URL already set,
the user's own server is used instead and nothing is started.

It never adopts a server it did not start: the port must be free before the
start, and the server counts as up only once the process we started is the one
listening on the port (another user's server, or the orphan of a killed serve,
answering /health on the same port would otherwise be taken for ours). The
server cannot outlive us: it gets SIGTERM when its parent dies (Linux
PR_SET_PDEATHSIG), even when the parent is killed with SIGKILL.
"""
from __future__ import annotations

import collections
import ctypes
import logging
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import psutil

from pipeline.errors import ConfigError, ServeError

log = logging.getLogger(__name__)

PR_SET_PDEATHSIG = 1


def pick_free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def check_port_free(port: int) -> None:
    """ConfigError naming the port when something already listens on 127.0.0.1:port."""
    with socket.socket() as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)   # as the server will bind it
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            raise ConfigError(
                f"port {port} on 127.0.0.1 is already in use (another Prefect server, perhaps another "
                "newsmon serve); newsmon serve only uses a server it starts itself: pass --prefect-port 0 "
                f"(any free port) or another port, or set PREFECT_API_URL=http://127.0.0.1:{port}/api "
                "to use that server on purpose") from None


def prefect_executable() -> str:
    candidate = Path(sys.executable).with_name("prefect")
    return str(candidate) if candidate.exists() else "prefect"


def die_with_parent(parent_pid: int) -> None:
    """In the child between fork and exec: SIGTERM when the parent dies (Linux)."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGTERM)
    except (OSError, AttributeError):   # not Linux: stop_local_server still stops it on a clean exit
        return
    if os.getppid() != parent_pid:      # the parent died before prctl took effect
        os._exit(1)


def drain(stream, tail: collections.deque) -> None:
    for line in iter(stream.readline, b""):
        tail.append(line.decode("utf-8", "replace").rstrip())
    stream.close()


def start_local_server(port: int, home: Path | None, timeout_s: float = 120.0,
                       ui: bool = True) -> tuple[subprocess.Popen, str]:
    """Start `prefect server start` on 127.0.0.1:port; return the process and its API URL."""
    if port:
        check_port_free(port)
    port = port or pick_free_port()
    env = dict(os.environ, PREFECT_SERVER_ANALYTICS_ENABLED="false", DO_NOT_TRACK="1",
               PREFECT_UI_ENABLED="true" if ui else "false")
    env.pop("PREFECT_API_URL", None)
    if home is not None:
        env["PREFECT_HOME"] = str(home)
    parent = os.getpid()
    proc = subprocess.Popen([prefect_executable(), "server", "start", "--host", "127.0.0.1",
                             "--port", str(port)], env=env, stdin=subprocess.DEVNULL,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True,
                            preexec_fn=lambda: die_with_parent(parent))
    proc.output_tail = collections.deque(maxlen=20)   # type: ignore[attr-defined]
    threading.Thread(target=drain, args=(proc.stdout, proc.output_tail), daemon=True,
                     name="prefect-server-output").start()
    api_url = f"http://127.0.0.1:{port}/api"
    try:
        wait_until_healthy(proc, port, api_url, timeout_s)
    except BaseException:  # Ctrl-C during startup too: never leave the server behind
        stop_local_server(proc)
        raise
    return proc, api_url


def listens_on(proc: subprocess.Popen, port: int) -> bool:
    """True when `proc` (or a child of it) holds the listening socket on `port`."""
    try:
        owners = [psutil.Process(proc.pid)]
        owners += owners[0].children(recursive=True)
        return any(conn.status == psutil.CONN_LISTEN and conn.laddr and conn.laddr.port == port
                   for owner in owners for conn in owner.net_connections(kind="tcp"))
    except psutil.Error:
        return False


def wait_until_healthy(proc: subprocess.Popen, port: int, api_url: str, timeout_s: float) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            time.sleep(0.2)   # let the drain thread take the last lines
            tail = " | ".join(list(getattr(proc, "output_tail", ()))[-3:])
            raise ServeError(f"the local Prefect server on port {port} exited with status "
                                   f"{proc.returncode}" + (f": {tail}" if tail else ""))
        if listens_on(proc, port):
            try:
                with urllib.request.urlopen(api_url + "/health", timeout=2) as response:
                    if response.status == 200:
                        return
            except OSError:
                pass
        time.sleep(0.5)
    raise ServeError(f"the local Prefect server did not answer at {api_url} within {timeout_s:.0f}s")


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
