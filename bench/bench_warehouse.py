"""Warehouse scale bench: load through newsmon's writer vs a bare Arrow load, then time every view and saved query.

    .venv/bin/python -m bench.bench_warehouse              # 1M articles, 10M mentions, 500k events
    .venv/bin/python -m bench.bench_warehouse --scale 0.1  # a quick run

Prints numbers, asserts nothing. Targets: writer within 2x of the bare load;
every view and saved query under 1 s (median of 5 runs) at full size.

The load is timed as one ingest run stores it (pipeline.store.run_writer.write_run):
batches turned into Arrow by a worker thread and written in units of about 60,000
articles, one transaction each, in held write sessions, checkpoints on the clock.
The records-to-Arrow conversion is then timed alone on one thread: with the bare
load's CPU it bounds how fast any load of these records can be on this machine. The
trend recount a run does once, after its last batch, is printed on its own line
(and with the writer, as a second ratio), as is the full-text index build.
"""
from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import tempfile
import time
from datetime import datetime
from pathlib import Path

import duckdb
import pyarrow as pa

from bench.synth import SynthData, SynthSpec, batch_records, generate
from pipeline.config import WarehouseSettings
from pipeline.store.connection import warehouse_session
from pipeline.store.migrations import init_warehouse
from pipeline.store.paths import VIEWS_DIR
from pipeline.store.saved_queries import bind_params, execute_saved_query, load_saved_queries
from pipeline.store.search import rebuild_search_index
from pipeline.store.trends import refresh_trends
from pipeline.store.run_writer import write_run
from pipeline.store.writer import IngestBatch, prepare_batch

BARE_CPU: list[float] = []   # CPU seconds of the bare load (all threads): steadier than wall time on a busy box
CORES = len(os.sched_getaffinity(0))
ROW_GROUP_ROWS = 122_880   # DuckDB's row group size
LOAD_ORDER = ("articles", "entities", "mentions", "events", "event_participants")
QUERY_PARAMS = {"search_articles": {"words": "merger talks collapsed"}}
FILTERED = {  # a typical analyst question per view, as well as the full scan
    "daily_mentions": "SELECT * FROM daily_mentions WHERE entity = 'Nissan'",
    "entity_trends": "SELECT * FROM entity_trends WHERE is_spike AND day > DATE '2025-01-31'",
    "co_mentions": "SELECT * FROM co_mentions WHERE entity_a = 'Nissan' OR entity_b = 'Nissan'",
    "share_of_voice": "SELECT * FROM share_of_voice WHERE entity IN ('Nissan', 'Honda')",
    "deals": "SELECT * FROM deals WHERE participants LIKE '%Nissan%'",
    "deal_history": "SELECT * FROM deal_history WHERE participants LIKE '%Nissan%'",
    "deal_reports": "SELECT * FROM deal_reports WHERE participants LIKE '%Nissan%'",
}


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def file_mb(path: Path) -> float:
    return sum(p.stat().st_size for p in path.parent.glob(path.name + "*")) / 1e6


def load_bare(data: SynthData, path: Path) -> float:
    """All rows with one INSERT ... SELECT per table from Arrow, then a checkpoint; return seconds.

    Each table is handed over in record batches of one DuckDB row group (122,880 rows):
    DuckDB scans the batches of an Arrow table in parallel, so a table in one piece
    loads on one core. At 300k articles that was 3.1 s against 5.1-5.5 s."""
    con = duckdb.connect(str(path))
    init_warehouse(con)
    con.execute("CHECKPOINT")
    tables = {name: pa.Table.from_batches(data.tables[name].to_batches(max_chunksize=ROW_GROUP_ROWS),
                                          data.tables[name].schema) for name in LOAD_ORDER}
    started, cpu = time.perf_counter(), time.process_time()
    for name in LOAD_ORDER:
        table = tables[name]
        con.register("_rows", table)
        cols = ", ".join(table.column_names)
        con.execute(f"INSERT INTO {name} ({cols}) SELECT {cols} FROM _rows")
        con.unregister("_rows")
    con.execute("CHECKPOINT")
    took = time.perf_counter() - started
    BARE_CPU.append(time.process_time() - cpu)
    con.close()
    return took


def load_with_writer(data: SynthData, path: Path, batch: int) -> dict[str, float]:
    """The whole load as one ingest run stores it (pipeline.store.run_writer.write_run): batches
    in held write sessions, each prepared while the one before is written, checkpoints
    included; then the run's one trend recount, timed apart. The records (what the NLP
    stage hands the writer) are all built before the clock starts."""
    names = dict(zip(data.tables["entities"]["entity_id"].to_pylist(),
                     zip(data.tables["entities"]["name"].to_pylist(), data.tables["entities"]["label"].to_pylist())))
    settings = WarehouseSettings(path=str(path))
    with warehouse_session(settings) as con:
        init_warehouse(con)
    total = data.tables["articles"].num_rows
    started = time.perf_counter()
    batches = []
    for start in range(0, total, batch):
        articles, extractions = batch_records(data, start, min(start + batch, total), names)
        batches.append(IngestBatch(run_id="bench", articles=articles, extractions=extractions))
    spent = {"records": time.perf_counter() - started}
    started, cpu = time.perf_counter(), time.process_time()
    result = write_run(settings, batches, datetime(2025, 3, 2), recount_last=False)
    spent["write"], spent["cpu"] = time.perf_counter() - started, time.process_time() - cpu
    spent["sessions"], spent["units"] = result.sessions, result.units
    started, cpu = time.perf_counter(), time.process_time()
    for one in batches:   # the records-to-Arrow part of the writer alone, on one thread (after the load)
        prepare_batch(one)
    spent["convert"], spent["convert_cpu"] = time.perf_counter() - started, time.process_time() - cpu
    del batches
    started = time.perf_counter()
    with warehouse_session(settings) as con:   # what the run's last batch adds: recount everything pending
        con.execute("BEGIN TRANSACTION")
        refresh_trends(con, [])
        con.execute("COMMIT")
        con.execute("CHECKPOINT")
        spent["trends"] = time.perf_counter() - started
        spent["search_index"] = rebuild_search_index(con)
    return spent


def median_seconds(con: duckdb.DuckDBPyConnection, run, runs: int) -> tuple[float, int]:
    times, rows = [], 0
    for _ in range(runs):
        started = time.perf_counter()
        rows = run().num_rows
        times.append(time.perf_counter() - started)
    return statistics.median(times), rows


def time_relations(path: Path, runs: int) -> list[tuple[str, float, int]]:
    """Median seconds and rows of each view (full scan to Arrow, and a filtered question) and saved query."""
    con = duckdb.connect(str(path), read_only=True)
    results = []
    for view in sorted(p.stem for p in VIEWS_DIR.glob("*.sql")):
        results.append((f"view {view} (all rows)",
                        *median_seconds(con, lambda: con.execute(f"SELECT * FROM {view}").to_arrow_table(), runs)))
        if view in FILTERED:
            sql = FILTERED[view]
            results.append((f"view {view} (filtered)",
                            *median_seconds(con, lambda: con.execute(sql).to_arrow_table(), runs)))
    for name, query in load_saved_queries().items():
        values = bind_params(query, QUERY_PARAMS.get(name, {}))
        results.append((f"query {name}", *median_seconds(con, lambda: execute_saved_query(con, query, values).table, runs)))
    con.close()
    return results


def print_report(spec: SynthSpec, data: SynthData, bare: float, writer: dict[str, float],
                 timings: list[tuple[str, float, int]], sizes: dict[str, float]) -> None:
    print(f"\nrows: " + ", ".join(f"{k} {v.num_rows:,}" for k, v in data.tables.items()))
    print(f"bare Arrow INSERT ... SELECT load + checkpoint    {bare:8.1f} s")
    print(f"newsmon writer ({writer['units']:.0f} transactions, {writer['sessions']:.0f} sessions, checkpoints)"
          f"  {writer['write']:8.1f} s"
          f"  ratio {writer['write'] / bare:5.2f}x")
    print(f"CPU seconds (all threads): bare {BARE_CPU[0]:.1f}, newsmon writer {writer['cpu']:.1f}"
          f"  ratio {writer['cpu'] / BARE_CPU[0]:5.2f}x")
    floor = (writer["convert_cpu"] + BARE_CPU[0]) / CORES
    print(f"records to Arrow alone, one thread: {writer['convert']:.1f} s ({writer['convert_cpu']:.1f} CPU s);"
          f" so with it, (that + the bare load's CPU) / {CORES} cores = {floor:.1f} s = {floor / bare:4.2f}x the bare load"
          f" is as fast as any load can go")
    print(f"trend aggregates recounted once for the run  {writer['trends']:8.1f} s"
          f"  (writer + recount {(writer['write'] + writer['trends']) / bare:5.2f}x the bare load)")
    print(f"full-text index build (once)           {writer['search_index']:8.1f} s")
    print(f"(records built outside the clock:      {writer['records']:8.1f} s)")
    print(f"db size: bare {sizes['bare']:.0f} MB, newsmon {sizes['newsmon']:.0f} MB (with aggregates + fts index)")
    print(f"peak RSS {peak_rss_mb():.0f} MB\n")
    print(f"{'relation':55s} {'median s':>9s} {'rows':>11s}")
    for name, seconds, rows in timings:
        flag = "" if seconds < 1.0 else "  > 1 s"
        print(f"{name:55s} {seconds:9.3f} {rows:11,d}{flag}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0, help="1.0 = 1M articles, 10M mentions, 500k events")
    parser.add_argument("--batch", type=int, default=20_000, help="articles per batch (one transaction each)")
    parser.add_argument("--runs", type=int, default=5, help="runs per view/query (median reported)")
    parser.add_argument("--workdir", default=None, help="where the two DuckDB files go (default: a temp dir)")
    args = parser.parse_args()
    spec = SynthSpec().scaled(args.scale)
    folder = Path(args.workdir or tempfile.mkdtemp(prefix="newsmon-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    data = generate(spec)
    print(f"generated in {time.perf_counter() - started:.1f} s (peak RSS {peak_rss_mb():.0f} MB)", flush=True)
    bare_path, newsmon_path = folder / "bare.duckdb", folder / "newsmon.duckdb"
    for p in (bare_path, newsmon_path):
        for f in p.parent.glob(p.name + "*"):
            f.unlink()
    bare = load_bare(data, bare_path)
    print(f"bare load {bare:.1f} s", flush=True)
    writer = load_with_writer(data, newsmon_path, args.batch)
    print(f"newsmon load {writer}", flush=True)
    timings = time_relations(newsmon_path, args.runs)
    sizes = {"bare": file_mb(bare_path), "newsmon": file_mb(newsmon_path)}
    print_report(spec, data, bare, writer, timings, sizes)
    if not args.workdir:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
