"""Warehouse scale bench: load through newsmon's writer vs a bare Arrow load, then time every view and saved query.

    .venv/bin/python -m bench.bench_warehouse              # 1M articles, 10M mentions, 500k events
    .venv/bin/python -m bench.bench_warehouse --scale 0.1  # a quick run

Prints numbers, asserts nothing. Targets: writer within 2x of the bare load;
every view and saved query under 1 s (median of 5 runs) at full size.

Three loads of the same rows, each run --rounds times, interleaved in a rotating order
(this 2-core machine is shared, and one run's timing swings by a third):
- bare: one INSERT ... SELECT per table from Arrow tables in row-group-sized record
  batches, then a checkpoint;
- newsmon writer from records: one ingest run as pipeline.store.run_writer.write_run
  stores it, batches turned into Arrow by a worker thread while write units of about
  60,000 articles are written, one transaction each, in held write sessions,
  checkpoints on the clock;
- newsmon writer from Arrow: the same run handed the same batches already in Arrow
  (PreparedBatch), so it does DuckDB's part only: what the writer adds to the bare
  load, apart from turning Python records into rows.
The records-to-Arrow conversion is timed alone on one thread: with the bare load's CPU
it bounds how fast a load from records can be on this machine. The trend recount a run
does once, after its last batch, and the full-text index build are printed apart.
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
from pipeline.store.writer import IngestBatch, PreparedBatch, prepare_batch

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


def load_bare(tables: dict[str, pa.Table], path: Path) -> dict[str, float]:
    """All rows with one INSERT ... SELECT per table from Arrow, then a checkpoint; wall and CPU seconds.

    Each table is handed over in record batches of one DuckDB row group (122,880 rows,
    see row_group_tables): DuckDB scans the batches of an Arrow table in parallel, so
    a table in one piece loads on one core. At 300k articles that was 3.1 s against 5.1-5.5 s."""
    fresh(path)
    con = duckdb.connect(str(path))
    init_warehouse(con)
    con.execute("CHECKPOINT")
    started, cpu = time.perf_counter(), time.process_time()
    for name in LOAD_ORDER:
        table = tables[name]
        con.register("_rows", table)
        cols = ", ".join(table.column_names)
        con.execute(f"INSERT INTO {name} ({cols}) SELECT {cols} FROM _rows")
        con.unregister("_rows")
    con.execute("CHECKPOINT")
    took = {"wall": time.perf_counter() - started, "cpu": time.process_time() - cpu}
    con.close()
    return took


def row_group_tables(data: SynthData) -> dict[str, pa.Table]:
    return {name: pa.Table.from_batches(data.tables[name].to_batches(max_chunksize=ROW_GROUP_ROWS),
                                        data.tables[name].schema) for name in LOAD_ORDER}


def fresh(path: Path) -> None:
    for f in path.parent.glob(path.name + "*"):
        f.unlink()


def build_records(data: SynthData, batch: int) -> list[IngestBatch]:
    """What the fetch and NLP stages hand the writer: records, `batch` articles per batch."""
    names = dict(zip(data.tables["entities"]["entity_id"].to_pylist(),
                     zip(data.tables["entities"]["name"].to_pylist(), data.tables["entities"]["label"].to_pylist())))
    total = data.tables["articles"].num_rows
    batches = []
    for start in range(0, total, batch):
        articles, extractions = batch_records(data, start, min(start + batch, total), names)
        batches.append(IngestBatch(run_id="bench", articles=articles, extractions=extractions))
    return batches


def load_with_writer(batches: list[IngestBatch] | list[PreparedBatch], path: Path) -> dict[str, float]:
    """The whole load as one ingest run stores it (pipeline.store.run_writer.write_run): write
    units in held write sessions, records turned into Arrow by a worker thread while units
    are written (PreparedBatch items are already in Arrow), checkpoints included. The
    run's one trend recount is left pending, as for a caller that recounts on its own."""
    fresh(path)
    settings = WarehouseSettings(path=str(path))
    with warehouse_session(settings) as con:
        init_warehouse(con)
    started, cpu = time.perf_counter(), time.process_time()
    result = write_run(settings, batches, datetime(2025, 3, 2), recount_last=False)
    return {"wall": time.perf_counter() - started, "cpu": time.process_time() - cpu,
            "sessions": result.sessions, "units": result.units}


def convert_alone(batches: list[IngestBatch]) -> tuple[list[PreparedBatch], dict[str, float]]:
    """The records-to-Arrow part of the writer alone, on one thread; its output is the Arrow-in load's input."""
    started, cpu = time.perf_counter(), time.process_time()
    prepared = [prepare_batch(one) for one in batches]
    return prepared, {"wall": time.perf_counter() - started, "cpu": time.process_time() - cpu}


def recount_and_index(path: Path) -> dict[str, float]:
    """What a run adds after its last unit (the trend recount), and the full-text index build."""
    spent = {}
    started = time.perf_counter()
    with warehouse_session(WarehouseSettings(path=str(path))) as con:
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


LOADS = {"bare": "bare Arrow INSERT ... SELECT + checkpoint",
         "records": "newsmon writer, from records",
         "arrow": "newsmon writer, from Arrow (PreparedBatch)"}


def run_loads(tables: dict[str, pa.Table], records: list[IngestBatch], prepared: list[PreparedBatch],
              folder: Path, rounds: int) -> dict[str, list[dict[str, float]]]:
    """Each load `rounds` times, interleaved and in a rotating order, so that a slow spell of
    this shared machine, or what one load leaves behind, falls on all three alike."""
    loads: dict[str, list[dict[str, float]]] = {name: [] for name in LOADS}
    run = {"bare": lambda: load_bare(tables, folder / "bare.duckdb"),
           "records": lambda: load_with_writer(records, folder / "newsmon.duckdb"),
           "arrow": lambda: load_with_writer(prepared, folder / "arrow.duckdb")}
    order = list(LOADS)
    for number in range(rounds):
        for name in order[number % 3:] + order[:number % 3]:
            loads[name].append(run[name]())
        print(f"round {number + 1}: " + ", ".join(f"{n} {loads[n][-1]['wall']:.1f} s" for n in LOADS), flush=True)
    return loads


def spread(values: list[float]) -> str:
    return f"{statistics.median(values):6.1f} ({min(values):.1f}-{max(values):.1f})"


def print_report(data: SynthData, loads: dict[str, list[dict[str, float]]], convert: dict[str, float],
                 extra: dict[str, float], timings: list[tuple[str, float, int]], sizes: dict[str, float]) -> None:
    print(f"\nrows: " + ", ".join(f"{k} {v.num_rows:,}" for k, v in data.tables.items()))
    bare = loads["bare"]
    print(f"\nloads, {len(bare)} rounds: median (min-max)     wall s               CPU s     "
          f"ratio to the same round's bare load")
    for name, label in LOADS.items():
        runs = loads[name]
        ratios = [r["wall"] / b["wall"] for r, b in zip(runs, bare)]
        how = f" ({runs[0]['units']:.0f} transactions, {statistics.median(r['sessions'] for r in runs):.0f} sessions)" \
            if "units" in runs[0] else ""
        print(f"{label + how:74s} {spread([r['wall'] for r in runs])}  {spread([r['cpu'] for r in runs])}"
              + ("" if name == "bare" else f"  {spread(ratios)}x"))
    bare_wall, bare_cpu = (statistics.median(r[k] for r in bare) for k in ("wall", "cpu"))
    floor = (convert["cpu"] + bare_cpu) / CORES
    print(f"records to Arrow alone, one thread: {convert['wall']:.1f} s ({convert['cpu']:.1f} CPU s) ="
          f" {convert['wall'] / bare_wall:4.2f}x the bare load; with it, (that + the bare load's CPU) / {CORES} cores"
          f" = {floor:.1f} s = {floor / bare_wall:4.2f}x the bare load is as fast as a load from records can go")
    print(f"trend aggregates recounted once for the run  {extra['trends']:8.1f} s")
    print(f"full-text index build (once)           {extra['search_index']:8.1f} s")
    print(f"(records built outside the clock:      {extra['records']:8.1f} s)")
    print(f"db size: bare {sizes['bare']:.0f} MB, newsmon {sizes['newsmon']:.0f} MB (with aggregates + fts index)")
    print(f"peak RSS {peak_rss_mb():.0f} MB\n")
    print(f"{'relation':55s} {'median s':>9s} {'rows':>11s}")
    for name, seconds, rows in timings:
        flag = "" if seconds < 1.0 else "  > 1 s"
        print(f"{name:55s} {seconds:9.3f} {rows:11,d}{flag}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0, help="1.0 = 1M articles, 10M mentions, 500k events")
    parser.add_argument("--batch", type=int, default=20_000, help="articles per batch handed to the writer")
    parser.add_argument("--rounds", type=int, default=3, help="times each load runs (median reported)")
    parser.add_argument("--runs", type=int, default=5, help="runs per view/query (median reported)")
    parser.add_argument("--workdir", default=None, help="where the DuckDB files go (default: a temp dir)")
    args = parser.parse_args()
    spec = SynthSpec().scaled(args.scale)
    folder = Path(args.workdir or tempfile.mkdtemp(prefix="newsmon-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    data = generate(spec)
    print(f"generated in {time.perf_counter() - started:.1f} s (peak RSS {peak_rss_mb():.0f} MB)", flush=True)
    started = time.perf_counter()
    records = build_records(data, args.batch)
    extra = {"records": time.perf_counter() - started}
    prepared, convert = convert_alone(records)
    print(f"records built in {extra['records']:.1f} s, turned into Arrow alone in {convert['wall']:.1f} s", flush=True)
    loads = run_loads(row_group_tables(data), records, prepared, folder, args.rounds)
    del records, prepared
    newsmon_path = folder / "newsmon.duckdb"
    extra.update(recount_and_index(newsmon_path))
    timings = time_relations(newsmon_path, args.runs)
    sizes = {"bare": file_mb(folder / "bare.duckdb"), "newsmon": file_mb(newsmon_path)}
    print_report(data, loads, convert, extra, timings, sizes)
    if not args.workdir:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
