"""Dev-set metrics with the same definitions as ../shared/tools/score_extraction.py.

Reimplemented here (not imported) so that `newsmon eval` works without the shared
tree; the summary line has the same format as the shared scorer's last line.
"""
from __future__ import annotations

import json
import re
import string
from pathlib import Path
from typing import Any

from pipeline.nlp.jsonio import extraction_to_dict, parse_input_line
from pipeline.records import ExtractInput

SUFFIXES = {"inc", "corp", "corporation", "company", "co", "ltd", "limited", "plc", "llc", "sa", "ag", "nv"}
SCORED_LABELS = {"ORG", "PERSON"}
_PUNCT = str.maketrans({c: " " for c in string.punctuation + "\u2019\u2018\u201c\u201d"})


def normalise_name(name: str) -> str:
    text = re.sub(r"[\u2019']s$", "", name.casefold().strip()).translate(_PUNCT)
    words = text.split()
    while len(words) > 1 and words[-1] in SUFFIXES:
        words.pop()
    return " ".join(words)


def prf(tp: int, n_pred: int, n_gold: int) -> dict[str, float]:
    p = tp / n_pred if n_pred else (1.0 if not n_gold else 0.0)
    r = tp / n_gold if n_gold else 1.0
    return {"p": p, "r": r, "f": 2 * p * r / (p + r) if p + r else 0.0}


def entity_keys(row: dict[str, Any]) -> set[str]:
    return {normalise_name(e["name"]) for e in row.get("entities") or []
            if e.get("label", "ORG") in SCORED_LABELS and e.get("name")}


def event_table(row: dict[str, Any]) -> dict[tuple[str, frozenset[str]], dict[str, Any]]:
    table = {}
    for ev in row.get("events") or []:
        parts = {normalise_name(p["name"]): p.get("role") for p in ev.get("participants") or [] if p.get("name")}
        if parts:
            table[(ev.get("type"), frozenset(parts))] = {"status": ev.get("status"), "parts": parts}
    return table


def move_keys(row: dict[str, Any]) -> set[tuple[str, str]]:
    return {(normalise_name(m["entity"]), m.get("direction")) for m in row.get("market_moves") or [] if m.get("entity")}


def lenient_hits(gold: dict, pred: dict) -> int:
    used: set = set()
    hits = 0
    for gkey in gold:
        best, best_j = None, 0.0
        for pkey in pred:
            if pkey in used or pkey[0] != gkey[0]:
                continue
            j = len(gkey[1] & pkey[1]) / len(gkey[1] | pkey[1])
            if j > best_j:
                best, best_j = pkey, j
        if best is not None and best_j >= 0.5:
            used.add(best)
            hits += 1
    return hits


def score_rows(gold: dict[str, dict], pred: dict[str, dict]) -> dict[str, Any]:
    """Micro P/R/F1 for entities, strict and lenient events, moves; status and role accuracy."""
    c = {k: [0, 0, 0] for k in ("entity", "event", "event_lenient", "move")}
    acc = {"status": [0, 0], "role": [0, 0]}
    missing = 0
    for gid, g in gold.items():
        p = pred.get(gid)
        if p is None or "error" in p:
            missing, p = missing + 1, {}
        for key, fn in (("entity", entity_keys), ("move", move_keys)):
            gs, ps = fn(g), fn(p)
            c[key] = [c[key][0] + len(gs & ps), c[key][1] + len(ps), c[key][2] + len(gs)]
        gk, pk = event_table(g), event_table(p)
        hit = set(gk) & set(pk)
        c["event"] = [c["event"][0] + len(hit), c["event"][1] + len(pk), c["event"][2] + len(gk)]
        lh = lenient_hits(gk, pk)
        c["event_lenient"] = [c["event_lenient"][0] + lh, c["event_lenient"][1] + len(pk), c["event_lenient"][2] + len(gk)]
        for k in hit:
            acc["status"] = [acc["status"][0] + (gk[k]["status"] == pk[k]["status"]), acc["status"][1] + 1]
            for name, role in gk[k]["parts"].items():
                acc["role"] = [acc["role"][0] + (pk[k]["parts"].get(name) == role), acc["role"][1] + 1]
    res: dict[str, Any] = {k: prf(*v) for k, v in c.items()}
    res.update(articles=len(gold), missing_predictions=missing,
               status_acc=acc["status"][0] / acc["status"][1] if acc["status"][1] else 0.0,
               role_acc=acc["role"][0] / acc["role"][1] if acc["role"][1] else 0.0)
    return res


def read_jsonl(path: Path) -> dict[str, dict]:
    rows = {}
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            rows[str(row.get("id"))] = row
    return rows


def evaluate_gold(gold_path: Path, extractor: Any, n_process: int = 1) -> dict[str, Any]:
    """Run the extractor over a gold file's texts and score it like the shared scorer."""
    gold = read_jsonl(Path(gold_path))
    inputs = [parse_input_line(json.dumps(g), n) for n, g in enumerate(gold.values(), 1)]
    good = [i for i in inputs if isinstance(i, ExtractInput)]
    pred = {ex.doc_id: extraction_to_dict(ex) for ex in extractor.extract_many(good, n_process=n_process)}
    return score_rows(gold, pred)


def format_scores(d: dict[str, Any]) -> str:
    """Human table; the last line matches the shared scorer's summary line."""
    lines = [f"{k:14s} P={d[k]['p']:.3f} R={d[k]['r']:.3f} F1={d[k]['f']:.3f}"
             for k in ("entity", "event", "event_lenient", "move")]
    lines.append(f"status_acc={d['status_acc']:.3f} role_acc={d['role_acc']:.3f} "
                 f"articles={d['articles']} missing={d['missing_predictions']}")
    lines.append(
        f"entity_f1={d['entity']['f']:.3f} event_f1={d['event']['f']:.3f} "
        f"event_f1_lenient={d['event_lenient']['f']:.3f} status_acc={d['status_acc']:.3f} "
        f"role_acc={d['role_acc']:.3f} move_f1={d['move']['f']:.3f}")
    return "\n".join(lines)
