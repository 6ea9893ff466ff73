"""Render query results for the terminal or files: table, csv, json, jsonl, parquet.

Every text format composes with Unix tools: LF line endings, one final newline and
no blank last line. `json` is one array, `jsonl` one object per line; both are
strict JSON (NaN and infinities become null). CSV cells hold JSON for nested
values (lists, structs, maps) and ISO 8601 for intervals, never Python reprs.
The table shows numbers as written (12345.6, not 1.235e+04) and strips terminal
escapes and control characters from every cell.
"""
from __future__ import annotations

import csv
import io
import json
import math
import sys
import uuid
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from pathlib import Path

from typing import TYPE_CHECKING

from pipeline.errors import ConfigError
from pipeline.textclean import strip_controls

if TYPE_CHECKING:
    import pyarrow as pa

FORMATS = ("table", "csv", "json", "jsonl", "parquet")
MAX_CELL = 60
NS_PER_S = 1_000_000_000


def iso_duration(months: int, days: int, nanoseconds: int) -> str:
    """ISO 8601 duration of an interval, each part signed as PostgreSQL's iso_8601 style does."""
    years, months = int(months / 12), months - int(months / 12) * 12
    sign = -1 if nanoseconds < 0 else 1
    seconds_total, fraction = divmod(abs(nanoseconds), NS_PER_S)
    hours, rest = divmod(seconds_total, 3600)
    minutes, seconds = divmod(rest, 60)
    second_text = str(seconds) + (f".{fraction:09d}".rstrip("0") if fraction else "")
    date_part = "".join(f"{n}{u}" for n, u in ((years, "Y"), (months, "M"), (days, "D")) if n)
    time_part = "".join(f"{'-' if sign < 0 else ''}{n}{u}" for n, u in
                        ((hours, "H"), (minutes, "M"), (second_text, "S")) if n not in (0, "0"))
    if not date_part and not time_part:
        return "PT0S"
    return "P" + date_part + ("T" + time_part if time_part else "")


def _scalar_text(value) -> str | None:
    """Text for values that JSON and CSV both write as a string; None for other values."""
    if isinstance(value, (datetime, date, time)):
        return value.isoformat()
    if type(value).__name__ == "MonthDayNano":   # pyarrow's interval value (a named tuple)
        return iso_duration(value.months, value.days, value.nanoseconds)
    if isinstance(value, timedelta):
        return iso_duration(0, value.days, (value.seconds * 1_000_000 + value.microseconds) * 1000)
    if isinstance(value, bytes):
        return value.hex()
    if isinstance(value, uuid.UUID):
        return str(value)
    return None


def to_json_value(value):
    """A value json.dumps takes in strict mode: NaN/Inf as None, maps as objects."""
    text = _scalar_text(value)   # first: an interval is a (named) tuple
    if text is not None:
        return text
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, dict):
        return {str(k): to_json_value(v) for k, v in value.items()}
    if isinstance(value, list) and value and all(isinstance(v, tuple) and len(v) == 2 for v in value):
        return {str(k): to_json_value(v) for k, v in value}   # a MAP arrives as (key, value) pairs
    if isinstance(value, (list, tuple)):
        return [to_json_value(v) for v in value]
    return value if value is None or isinstance(value, (str, int, bool)) else str(value)


def _dumps(value) -> str:
    return json.dumps(to_json_value(value), ensure_ascii=False, allow_nan=False)


def _plain(value) -> str:
    """A cell as text, as written: numbers in full, nested values as JSON."""
    if value is None:
        return ""
    text = _scalar_text(value)   # first: an interval is a (named) tuple
    if text is not None:
        return text
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return repr(value) if math.isfinite(value) else {"nan": "nan", "inf": "inf"}.get(
            repr(value), "-inf")
    if isinstance(value, (dict, list, tuple)):
        return _dumps(value)
    return str(value)


def _cell(value) -> str:
    text = " ".join(strip_controls(_plain(value)).replace("\t", " ").split("\n"))
    return text if len(text) <= MAX_CELL else text[: MAX_CELL - 1] + "…"


def _rows(table: pa.Table):
    return zip(*(c.to_pylist() for c in table.columns))


def format_table(table: pa.Table) -> str:
    """A plain aligned text table with a row count, like the duckdb CLI."""
    columns = [_cell(c) for c in table.column_names]
    rows = [[_cell(v) for v in row] for row in _rows(table)]
    widths = [max([len(c)] + [len(r[i]) for r in rows]) for i, c in enumerate(columns)]
    out = ["  ".join(c.ljust(w) for c, w in zip(columns, widths)).rstrip(),
           "  ".join("-" * w for w in widths)]
    out += ["  ".join(v.ljust(w) for v, w in zip(r, widths)).rstrip() for r in rows]
    out.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(out) + "\n"


def format_jsonl(table: pa.Table) -> str:
    return "".join(_dumps(row) + "\n" for row in table.to_pylist())


def format_json(table: pa.Table) -> str:
    rows = table.to_pylist()
    if not rows:
        return "[]\n"
    return "[\n" + ",\n".join(_dumps(row) for row in rows) + "\n]\n"


def format_csv(table: pa.Table) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(table.column_names)
    for row in _rows(table):
        writer.writerow([_plain(v) for v in row])
    return buffer.getvalue()


RENDERERS = {"table": format_table, "csv": format_csv, "json": format_json, "jsonl": format_jsonl}


def check_output_path(output: str) -> None:
    folder = Path(output).parent
    if not folder.is_dir():
        raise ConfigError(f"--output {output}: folder {folder} does not exist")
    if Path(output).is_dir():
        raise ConfigError(f"--output {output} is a folder; name a file")


def write_result(table: pa.Table, fmt: str, output: str | None) -> None:
    """Write `table` in `fmt` to the file `output`, or to stdout."""
    if fmt not in FORMATS:
        raise ConfigError(f"--format must be one of {', '.join(FORMATS)}")
    if fmt == "parquet" and not output:
        raise ConfigError("--format parquet needs --output FILE")
    if output is None:
        sys.stdout.write(RENDERERS[fmt](table))
        sys.stdout.flush()
        return
    check_output_path(output)
    try:
        if fmt == "parquet":
            import pyarrow.parquet as pq

            pq.write_table(table, output)
        else:
            with open(output, "w", encoding="utf-8", newline="\n") as handle:
                handle.write(RENDERERS[fmt](table))
    except OSError as exc:
        raise ConfigError(f"cannot write --output {output}: {exc.strerror or exc}") from None
