"""Render query results for the terminal or files: table, csv, json, parquet."""
from __future__ import annotations

import csv
import io
import json
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from pipeline.errors import ConfigError

FORMATS = ("table", "csv", "json", "parquet")
MAX_CELL = 60


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.4g}" if abs(value) < 1e6 else f"{value:,.0f}"
    text = str(value).replace("\n", " ")
    return text if len(text) <= MAX_CELL else text[: MAX_CELL - 1] + "…"


def format_table(table: pa.Table) -> str:
    """A plain aligned text table with a row count, like the duckdb CLI."""
    columns = table.column_names
    rows = [[_cell(v) for v in row] for row in zip(*(c.to_pylist() for c in table.columns))]
    widths = [max([len(c)] + [len(r[i]) for r in rows]) for i, c in enumerate(columns)]
    line = "  ".join(c.ljust(w) for c, w in zip(columns, widths))
    out = [line, "  ".join("-" * w for w in widths)]
    out += ["  ".join(v.ljust(w) for v, w in zip(r, widths)) for r in rows]
    out.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(out)


def _json_default(value):
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, bytes):
        return value.hex()
    return str(value)


def format_json(table: pa.Table) -> str:
    return "\n".join(json.dumps(row, default=_json_default, ensure_ascii=False) for row in table.to_pylist())


def format_csv(table: pa.Table) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(table.column_names)
    for row in zip(*(c.to_pylist() for c in table.columns)):
        writer.writerow(["" if v is None else v for v in row])
    return buffer.getvalue()


def write_result(table: pa.Table, fmt: str, output: str | None) -> str | None:
    """Write `table` in `fmt` to `output` (a path) or return the text for stdout."""
    if fmt not in FORMATS:
        raise ConfigError(f"--format must be one of {', '.join(FORMATS)}")
    if fmt == "parquet":
        if not output:
            raise ConfigError("--format parquet needs --output FILE")
        pq.write_table(table, output)
        return None
    text = {"table": format_table, "csv": format_csv, "json": format_json}[fmt](table)
    if output:
        Path(output).write_text(text + ("" if text.endswith("\n") else "\n"), encoding="utf-8")
        return None
    return text
