"""README "With a Prefect server and a work pool", for real: a private `prefect server
start`, `prefect work-pool create`, `prefect deploy` from this repository's prefect.yaml,
two `prefect worker start` processes, and two `prefect deployment run` at once.

The deployment's concurrency limit (1, CANCEL_NEW) is enforced by the server across
workers: either both runs ran one after the other, or the server cancelled the
second before it started. Either way the corpus is stored once.
"""
from __future__ import annotations

import json
import os
import signal
import subprocess
import time
import urllib.request
from datetime import datetime
from pathlib import Path

import pytest

from flows.local_server import prefect_executable, start_local_server, stop_local_server
from pipeline.config import WarehouseSettings
from pipeline.store.connection import warehouse_session
from tests.conftest import REPO
from tests.test_flows_support import write_config

POOL = "newsmon-pool"                    # the name prefect.yaml and the README use
DEPLOYMENT = "ingest/newsmon-ingest"
FINAL = {"COMPLETED", "FAILED", "CANCELLED", "CRASHED"}


def api(api_url: str, path: str, body: dict | None = None):
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(api_url + path, data=data, method="GET" if body is None else "POST",
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.loads(response.read())


def prefect_cli(args: list[str], env: dict, cwd: Path, timeout_s: float = 120) -> str:
    done = subprocess.run([prefect_executable(), *args], env=env, cwd=cwd, capture_output=True,
                          text=True, timeout=timeout_s, start_new_session=True)
    output = done.stdout + done.stderr
    assert done.returncode == 0, f"prefect {' '.join(args)} failed:\n{output[-3000:]}"
    return output


def descendants(pid: int) -> list[int]:
    """Every live process below `pid` (flow-run processes get their own session)."""
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    found, todo = [], [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


def alive(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def stop_group(proc: subprocess.Popen, grace_s: float = 15.0) -> None:
    """SIGTERM the process group of `proc` and every descendant; SIGKILL what is left after `grace_s`."""
    pids = [proc.pid, *descendants(proc.pid)]
    for sig in (signal.SIGTERM, signal.SIGKILL):
        for pid in pids:
            try:
                os.killpg(pid, sig) if pid == proc.pid else os.kill(pid, sig)
            except (ProcessLookupError, PermissionError):
                pass
        deadline = time.monotonic() + grace_s
        while time.monotonic() < deadline and (proc.poll() is None or any(map(alive, pids[1:]))):
            time.sleep(0.2)
        if proc.poll() is not None and not any(map(alive, pids[1:])):
            break
    proc.wait()


def wait_for(what: str, check, timeout_s: float, interval_s: float = 1.0):
    deadline = time.monotonic() + timeout_s
    while True:
        value = check()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout_s:.0f}s waiting for {what}")
        time.sleep(interval_s)


def when(stamp: str | None) -> datetime | None:
    return datetime.fromisoformat(stamp.replace("Z", "+00:00")) if stamp else None


def assert_sequential(intervals: list[tuple], what: str) -> None:
    intervals = sorted(intervals)
    for (_, end), (start, _) in zip(intervals, intervals[1:]):
        assert end <= start, f"two {what} overlapped: {intervals}"


@pytest.mark.slow
def test_deployment_runs_on_two_workers_of_a_process_pool(corpus_server, tmp_path, monkeypatch):
    db = tmp_path / "w.duckdb"
    config = write_config(tmp_path / "newsmon.toml", corpus_server.feed_urls(), db)
    home = tmp_path / "prefect-home"
    # No scheduler in this private server: the */15 cron of prefect.yaml must not add runs.
    monkeypatch.setenv("PREFECT_SERVER_SERVICES_SCHEDULER_ENABLED", "false")
    server, api_url = start_local_server(0, home=home, ui=False)
    workers: list[subprocess.Popen] = []
    logs: list[Path] = []
    try:
        env = {k: v for k, v in os.environ.items() if k not in ("NEWSMON_HOME", "NEWSMON_DB")}
        env.update(PREFECT_API_URL=api_url, PREFECT_HOME=str(home), PREFECT_CLI_PROMPT="false",
                   PREFECT_SERVER_ANALYTICS_ENABLED="false", DO_NOT_TRACK="1", PYTHONUNBUFFERED="1")

        prefect_cli(["work-pool", "create", POOL, "--type", "process"], env, tmp_path)
        # README step 5 as written, then the ingest deployment again with the test's config
        # (`--all` ignores --params). Deployed without NEWSMON_HOME set: the pull step keeps
        # the placeholder, which each worker resolves from its own environment.
        prefect_cli(["deploy", "--all", "--no-prompt"], env, REPO)
        assert {d["name"] for d in api(api_url, "/deployments/filter", {})} == {
            "newsmon-ingest", "newsmon-digest", "newsmon-reprocess"}
        prefect_cli(["deploy", "--name", "newsmon-ingest", "--no-prompt",
                     "--params", json.dumps({"config_path": str(config)})], env, REPO)
        deployment = api(api_url, "/deployments/name/" + DEPLOYMENT)
        assert deployment["pull_steps"] == [{"prefect.deployments.steps.set_working_directory": {
            "directory": "{{ $NEWSMON_HOME }}"}}]
        assert deployment["parameters"]["config_path"] == str(config)
        assert deployment["global_concurrency_limit"]["limit"] == 1
        assert deployment["concurrency_options"]["collision_strategy"] == "CANCEL_NEW"
        assert [s["schedule"]["cron"] for s in deployment["schedules"]] == ["*/15 * * * *"]

        worker_env = dict(env, NEWSMON_HOME=str(REPO), PREFECT_WORKER_QUERY_SECONDS="2")
        for n in (1, 2):
            folder = tmp_path / f"worker-{n}"  # not the checkout: the pull step must cd there
            folder.mkdir()
            logs.append(folder / "worker.log")
            with open(logs[-1], "w") as log:
                workers.append(subprocess.Popen(
                    [prefect_executable(), "worker", "start", "--pool", POOL, "--name", f"worker-{n}"],
                    env=worker_env, cwd=folder, stdout=log, stderr=subprocess.STDOUT,
                    start_new_session=True))

        def worker_names():
            assert all(w.poll() is None for w in workers), "a worker exited early"
            return {w["name"] for w in api(api_url, f"/work_pools/{POOL}/workers/filter", {})} \
                >= {"worker-1", "worker-2"}
        wait_for("both workers to join the pool", worker_names, timeout_s=120)

        triggers = [subprocess.Popen([prefect_executable(), "deployment", "run", DEPLOYMENT],
                                     env=env, cwd=tmp_path, stdout=subprocess.PIPE,
                                     stderr=subprocess.STDOUT, text=True, start_new_session=True)
                    for _ in range(2)]
        for trigger in triggers:
            output = trigger.communicate(timeout=120)[0]
            assert trigger.returncode == 0, output[-3000:]

        def final_runs():
            runs = api(api_url, "/flow_runs/filter",
                       {"flow_runs": {"deployment_id": {"any_": [deployment["id"]]}}})
            return runs if len(runs) == 2 and all(r["state_type"] in FINAL for r in runs) else None
        try:
            runs = wait_for("both flow runs to finish", final_runs, timeout_s=240, interval_s=2)
        except AssertionError as exc:
            raise AssertionError(f"{exc}\n" + "\n".join(p.read_text()[-3000:] for p in logs)) from None
    finally:
        for proc in workers:
            stop_group(proc)
        stop_local_server(server)
        stop_group(server)

    detail = [(r["name"], r["state_type"], r["state"]["message"]) for r in runs]
    states = sorted(r["state_type"] for r in runs)
    assert states in (["COMPLETED", "COMPLETED"], ["CANCELLED", "COMPLETED"]), detail
    completed = [r for r in runs if r["state_type"] == "COMPLETED"]
    assert_sequential([(when(r["start_time"]), when(r["end_time"])) for r in completed], "flow runs")
    for run in runs:
        if run["state_type"] == "CANCELLED":  # by the server's limit, before the flow ever ran
            assert run["run_count"] == 0, detail
            assert run["state"]["message"] == "Deployment concurrency limit reached.", detail

    settings = WarehouseSettings(path=str(db))
    with warehouse_session(settings, read_only=True) as con:
        count = lambda sql: con.execute(sql).fetchone()[0]  # noqa: E731
        assert count("SELECT count(*) FROM articles") == len(corpus_server.articles)
        assert count("SELECT count(DISTINCT canonical_url) FROM articles") == len(corpus_server.articles)
        ingests = con.execute("SELECT status, started_at, finished_at FROM ingest_runs").fetchall()
    assert [status for status, _, _ in ingests] == ["ok"] * len(completed), ingests
    assert_sequential([(start, end) for _, start, end in ingests], "ingest runs")
