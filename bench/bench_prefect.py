"""Prefect's cost: the demo corpus ingested with and without Prefect, and a serving process's RSS.

    .venv/bin/python bench/bench_prefect.py [--rounds 3] [--no-serve]

1. Ingest the demo corpus (served on 127.0.0.1) into fresh warehouses, alternating
   plain `run_ingest` and the `ingest` flow under a temporary Prefect server;
   the NLP model is loaded once beforehand, so both measure the same work.
   Overhead per run = median(flow) - median(plain).
2. Start `newsmon serve` (with its local Prefect server), wait until it idles,
   and sum the RSS of the process tree.
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
from flows.env import apply_prefect_defaults  # noqa: E402

apply_prefect_defaults()


def corpus_settings(server, folder: Path):
    from pipeline.demo.run import demo_settings

    settings = demo_settings(server, str(folder / "w.duckdb"), folder)
    return replace(settings, warehouse=replace(settings.warehouse, path=str(folder / "w.duckdb")))


def write_toml(settings, path: Path) -> Path:
    from tests.test_flows_support import write_config

    return write_config(path, {f.name: f.url for f in settings.feeds}, Path(settings.warehouse.path))


def time_plain(server, folder: Path, extractor) -> float:
    from pipeline.ingest import run_ingest

    started = time.perf_counter()
    report = run_ingest(corpus_settings(server, folder), extractor=extractor)
    assert report.articles_new > 0
    return time.perf_counter() - started


def time_flow(server, folder: Path) -> float:
    from flows import ingest_flow

    config = write_toml(corpus_settings(server, folder), folder / "newsmon.toml")
    started = time.perf_counter()
    state = ingest_flow(config_path=str(config), return_state=True)
    assert state.is_completed(), state.message
    return time.perf_counter() - started


def measure_overhead(rounds: int) -> None:
    from prefect.testing.utilities import prefect_test_harness

    from flows.resources import get_extractor
    from pipeline.demo.server import CorpusServer

    extractor = get_extractor()  # shared by both paths: model loading is not Prefect's cost
    plain, flowed = [], []
    with CorpusServer() as server, prefect_test_harness(server_startup_timeout=120):
        time_flow(server, Path(tempfile.mkdtemp()))  # warm-up: first API calls, imports
        for _ in range(rounds):
            plain.append(time_plain(server, Path(tempfile.mkdtemp()), extractor))
            flowed.append(time_flow(server, Path(tempfile.mkdtemp())))
    p, f = statistics.median(plain), statistics.median(flowed)
    print(f"demo corpus ingestion, median of {rounds}: plain {p:.2f} s, Prefect flow {f:.2f} s")
    print(f"Prefect overhead per run: {f - p:+.2f} s ({(f / p - 1) * 100:+.0f}%)")


def tree_rss_mb(pid: int) -> float:
    import psutil

    root = psutil.Process(pid)
    procs = [root] + root.children(recursive=True)
    return sum(p.memory_info().rss for p in procs if p.is_running()) / 2**20


def report_scheduled_run(db: Path, timeout_s: float = 300.0) -> None:
    """Wait for the first scheduled ingest under serve; print how long it took."""
    from pipeline.config import WarehouseSettings
    from pipeline.errors import WarehouseError
    from pipeline.store.connection import warehouse_session

    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        time.sleep(2)
        try:
            with warehouse_session(WarehouseSettings(path=str(db)), read_only=True, timeout_s=1) as con:
                row = con.execute("SELECT epoch(finished_at - started_at), articles_new FROM ingest_runs "
                                  "WHERE finished_at IS NOT NULL").fetchone()
        except WarehouseError:
            continue
        if row:
            print(f"scheduled ingestion of the demo corpus under serve: {row[0]:.1f} s in the flow "
                  f"({row[1]} new articles; plus the flow-run process start and model load)")
            return
    print("no scheduled run finished in time")


def measure_serve_rss(settle_s: float) -> None:
    from pipeline.demo.server import CorpusServer

    folder = Path(tempfile.mkdtemp())
    with CorpusServer() as server:
        config = write_toml(corpus_settings(server, folder), folder / "newsmon.toml")
        env = {k: v for k, v in os.environ.items() if k != "PREFECT_API_URL"}
        env["PREFECT_HOME"] = str(folder / "prefect-home")
        proc = subprocess.Popen([sys.executable, "-m", "pipeline.cli", "serve", "--config", str(config),
                                 "--prefect-port", "0", "--interval", "60"], env=env, cwd=folder,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            report_scheduled_run(Path(config).parent / "w.duckdb")
            time.sleep(settle_s)
            import psutil
            own = psutil.Process(proc.pid).memory_info().rss / 2**20
            print(f"newsmon serve, idle: {own:.0f} MiB (serve process), "
                  f"{tree_rss_mb(proc.pid):.0f} MiB with its local Prefect server")
        finally:
            proc.send_signal(2)
            proc.wait(timeout=90)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--no-serve", action="store_true")
    parser.add_argument("--no-overhead", action="store_true")
    parser.add_argument("--settle", type=float, default=40.0, help="seconds before sampling serve RSS")
    args = parser.parse_args()
    if not args.no_overhead:
        measure_overhead(args.rounds)
    if not args.no_serve:
        measure_serve_rss(args.settle)


if __name__ == "__main__":
    main()
