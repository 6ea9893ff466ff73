"""`newsmon extract` is a filter: it answers each line as it arrives and never dies on a bad line."""
from __future__ import annotations

import io
import json
import os
import selectors
import subprocess
import sys
import time
from pathlib import Path

from pipeline.nlp import run_extract_jsonl
from pipeline.nlp.extractor import MAX_CHARS
from pipeline.records import ExtractInput

REPO = Path(__file__).resolve().parents[1]


def test_each_non_utf8_line_gets_its_own_error_row(extractor):
    lines = [
        json.dumps({"id": "a", "text": "Honda and Nissan agreed to merge."}).encode() + b"\n",
        b'{"id": "b", "text": "caf\xe9 au lait"}\n',
        b'\xff\xfe not even json\n',
        json.dumps({"id": "d", "text": "Toyota stock slid 2.5% in Tokyo."}).encode() + b"\n",
    ]
    out = io.StringIO()
    assert run_extract_jsonl(lines, out, extractor) == 4
    rows = [json.loads(line) for line in out.getvalue().splitlines()]
    assert [r["id"] for r in rows] == ["a", "b", None, "d"]
    assert "not UTF-8" in rows[1]["error"] and "not UTF-8" in rows[2]["error"]
    assert "entities" in rows[0] and "entities" in rows[3]


def test_a_byte_order_mark_on_the_first_line_is_accepted(extractor):
    out = io.StringIO()
    run_extract_jsonl([b"\xef\xbb\xbf" + json.dumps({"id": "a", "text": "Honda rose 2%."}).encode()], out, extractor)
    assert "error" not in json.loads(out.getvalue())


def test_a_huge_title_fails_the_input_check_not_the_batch(extractor):
    big = ExtractInput(doc_id="big", title="a" * MAX_CHARS, text="Honda rose 2% on Monday.")
    small = ExtractInput(doc_id="ok", text="Honda rose 2% on Monday.")
    results = list(extractor.extract_many([big, small]))
    assert "title" in results[0].error and results[1].error is None


def _read_line(proc: subprocess.Popen, timeout_s: float) -> str:
    selector = selectors.DefaultSelector()
    selector.register(proc.stdout, selectors.EVENT_READ)
    deadline = time.monotonic() + timeout_s
    buffer = b""
    while b"\n" not in buffer:
        if not selector.select(timeout=max(0.0, deadline - time.monotonic())):
            raise AssertionError(f"no output line within {timeout_s} s (got {buffer!r})")
        chunk = os.read(proc.stdout.fileno(), 65536)
        if not chunk:
            raise AssertionError(f"extract ended early: {proc.stderr.read()!r}")
        buffer += chunk
    return buffer.decode()


def test_extract_answers_each_line_while_its_input_stays_open(tmp_path):
    env = dict(os.environ, PYTHONPATH=str(REPO))
    proc = subprocess.Popen([sys.executable, "-m", "pipeline.cli", "extract", "-"], cwd=tmp_path, env=env,
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        proc.stdin.write(json.dumps({"id": "first", "text": "Honda rose 2%."}).encode() + b"\n")
        proc.stdin.flush()
        first = json.loads(_read_line(proc, timeout_s=120))
        assert first["id"] == "first"
        proc.stdin.write(b"\xff broken\n")
        proc.stdin.flush()
        second = json.loads(_read_line(proc, timeout_s=30))
        assert second["id"] is None and "not UTF-8" in second["error"]
        proc.stdin.close()
        assert proc.wait(timeout=30) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
