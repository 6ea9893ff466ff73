"""Train the deal-pair and status models (models/deal_pairs/model.json) from labelled real news.

Recipe (offline; needs the `train` extra: `pip install -e '.[train]'`):

    python -m pipeline.nlp.train_pairs \
        --labels models/deal_pairs/labels \
        --corpus ../shared/corpora/reuters-deals/doclevel_train.jsonl \
        --out models/deal_pairs/model.json

The label files hold our annotations (ids, entities, events) without the stories' text;
the text is read from the corpus file by id, so no third-party text enters the repository.
Each story is run through the rules pipeline; every firm pair of a sentence becomes a
training example labelled from the gold events ('none' when no gold event joins the two
firms), and every gold event whose parties the pipeline found becomes a status example.
"""
from __future__ import annotations

import argparse
import json
import logging
import random
import sys
from collections import Counter
from pathlib import Path

from pipeline.nlp.extractor import compose_text, load_extractor
from pipeline.nlp.pair_events import status_features
from pipeline.nlp.pair_features import pair_candidates, pair_features
from pipeline.nlp.pair_model import NONE
from pipeline.nlp.scoring import normalise_name
from pipeline.nlp.textcache import headline_end
from pipeline.records import ExtractInput

logger = logging.getLogger(__name__)
PRUNE = 0.02


def read_labels(folder: Path) -> dict[str, dict]:
    out: dict[str, dict] = {}
    for path in sorted(Path(folder).glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                row = json.loads(line)
                out[row["id"]] = row
    return out


def read_texts(corpus: Path, ids: set[str]) -> dict[str, dict]:
    out = {}
    with open(corpus, encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            if row["id"] in ids:
                out[row["id"]] = row
    return out


def gold_pair_labels(gold: dict) -> dict[tuple[str, str], str]:
    """(normalised a, normalised b) -> 'type:role_a-role_b' for every ordered pair of a gold event."""
    out: dict[tuple[str, str], str] = {}
    for ev in gold.get("events", []):
        parts = [(normalise_name(p["name"]), p["role"]) for p in ev["participants"]]
        for na, ra in parts:
            for nb, rb in parts:
                if na != nb:
                    out.setdefault((na, nb), f"{ev['type']}:{ra}-{rb}")
    return out


def examples_for(doc, gold: dict) -> tuple[list[tuple[list[str], str]], list[tuple[list[str], str]]]:
    rules = doc._.nm_rule_events or []
    typed = [(t, roles) for t, roles, _s in rules]
    labels = gold_pair_labels(gold)
    pairs = []
    together: dict[frozenset[str], list[int]] = {}
    for cand in pair_candidates(doc, headline_end(doc)):
        key = (normalise_name(cand.a.name), normalise_name(cand.b.name))
        pairs.append((pair_features(doc, cand, typed), labels.get(key, NONE)))
        together.setdefault(frozenset(key), []).append(cand.sent_start)
    names = {normalise_name(m.name): m.name for m in doc._.nm_mentions or []}
    statuses = []
    for ev in gold.get("events", []):
        roles = {names[normalise_name(p["name"])]: p["role"] for p in ev["participants"]
                 if normalise_name(p["name"]) in names}
        if len(roles) < 2:
            continue
        normed = [normalise_name(n) for n in roles]
        starts = sorted({s for i, a in enumerate(normed) for b in normed[i + 1:]
                         for s in together.get(frozenset((a, b)), [])})
        rule_status = next((st for t, r, st in rules if t == ev["type"] and set(r) & set(roles)), None)
        statuses.append((status_features(doc, roles, starts, ev["type"], rule_status), ev["status"]))
    return pairs, statuses


def build_examples(labels: dict[str, dict], texts: dict[str, dict]):
    ex = load_extractor()
    ids = sorted(i for i in labels if i in texts)
    inputs = [(compose_text(ExtractInput(doc_id=i, text=texts[i]["text"], title=texts[i].get("title"))), i)
              for i in ids]
    pairs, statuses, groups_p, groups_s = [], [], [], []
    for doc, i in ex.nlp.pipe(inputs, as_tuples=True, batch_size=32):
        p, s = examples_for(doc, labels[i])
        pairs += p
        statuses += s
        groups_p += [i] * len(p)
        groups_s += [i] * len(s)
    return pairs, statuses, groups_p, groups_s


def fit(examples: list[tuple[list[str], str]], c: float):
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    vec = DictVectorizer()
    x = vec.fit_transform([{f: 1.0 for f in feats} for feats, _ in examples])
    y = [label for _, label in examples]
    clf = LogisticRegression(C=c, max_iter=3000, class_weight=None)
    clf.fit(x, y)
    return vec, clf


def export(vec, clf) -> dict:
    classes = [str(c) for c in clf.classes_]
    coef = clf.coef_
    intercept = list(clf.intercept_)
    if len(classes) == 2:  # binary: sklearn keeps one row; spell out both for the softmax
        coef = [[-w / 2 for w in coef[0]], [w / 2 for w in coef[0]]]
        intercept = [-intercept[0] / 2, intercept[0] / 2]
        rows = list(zip(*coef))
    else:
        rows = coef.T.tolist()
    weights = {}
    for name, k in vec.vocabulary_.items():
        w = rows[k]
        if max(abs(v) for v in w) >= PRUNE:
            weights[name] = [round(float(v), 4) for v in w]
    return {"classes": classes, "intercept": [round(float(v), 4) for v in intercept], "weights": weights}


def cross_check(examples, groups, c: float, folds: int = 5) -> float:
    """Pair-level micro F1 of non-'none' labels over story-grouped folds (for choosing C)."""
    ids = sorted(set(groups))
    random.Random(7).shuffle(ids)
    fold_of = {i: k % folds for k, i in enumerate(ids)}
    tp = fp = fn = 0
    for k in range(folds):
        train = [e for e, g in zip(examples, groups) if fold_of[g] != k]
        test = [e for e, g in zip(examples, groups) if fold_of[g] == k]
        vec, clf = fit(train, c)
        pred = clf.predict(vec.transform([{f: 1.0 for f in feats} for feats, _ in test]))
        for (_, gold), p in zip(test, pred):
            tp += gold == p and gold != NONE
            fp += p != NONE and gold != p
            fn += gold != NONE and gold != p
    prec = tp / (tp + fp) if tp + fp else 0.0
    rec = tp / (tp + fn) if tp + fn else 0.0
    return 2 * prec * rec / (prec + rec) if prec + rec else 0.0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--labels", type=Path, default=Path("models/deal_pairs/labels"))
    ap.add_argument("--corpus", type=Path, default=Path("../shared/corpora/reuters-deals/doclevel_train.jsonl"))
    ap.add_argument("--out", type=Path, default=Path("models/deal_pairs/model.json"))
    ap.add_argument("--threshold", type=float, default=0.5)
    ap.add_argument("--c", type=float, nargs="*", default=[0.3, 1.0, 3.0])
    args = ap.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s", stream=sys.stderr)
    labels = read_labels(args.labels)
    texts = read_texts(args.corpus, set(labels))
    logger.info("%d labelled stories, %d with text", len(labels), len(texts))
    pairs, statuses, gp, gs = build_examples(labels, texts)
    logger.info("pair examples %d %s", len(pairs), Counter(l for _, l in pairs).most_common(8))
    logger.info("status examples %d %s", len(statuses), Counter(l for _, l in statuses))
    scores = {c: cross_check(pairs, gp, c) for c in args.c}
    logger.info("pair CV F1 by C: %s", {c: round(s, 3) for c, s in scores.items()})
    best_c = max(scores, key=scores.get)
    model = export(*fit(pairs, best_c))
    s_scores = {c: _status_cv(statuses, gs, c) for c in args.c}
    logger.info("status CV accuracy by C: %s", {c: round(s, 3) for c, s in s_scores.items()})
    model["status"] = export(*fit(statuses, max(s_scores, key=s_scores.get)))
    model["threshold"] = args.threshold
    model["trained_on"] = {"stories": len(texts), "pair_examples": len(pairs), "status_examples": len(statuses),
                           "pair_cv_f1": round(scores[best_c], 3), "C": best_c,
                           "status_cv_acc": round(max(s_scores.values()), 3)}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(model, sort_keys=True) + "\n", encoding="utf-8")
    logger.info("wrote %s: %d pair features, %d status features", args.out, len(model["weights"]),
                len(model["status"]["weights"]))
    return 0


def _status_cv(examples, groups, c: float, folds: int = 5) -> float:
    ids = sorted(set(groups))
    random.Random(7).shuffle(ids)
    fold_of = {i: k % folds for k, i in enumerate(ids)}
    right = 0
    for k in range(folds):
        train = [e for e, g in zip(examples, groups) if fold_of[g] != k]
        test = [e for e, g in zip(examples, groups) if fold_of[g] == k]
        if not test or len({lab for _, lab in train}) < 2:
            continue
        vec, clf = fit(train, c)
        pred = clf.predict(vec.transform([{f: 1.0 for f in feats} for feats, _ in test]))
        right += sum(p == lab for (_, lab), p in zip(test, pred))
    return right / len(examples) if examples else 0.0


if __name__ == "__main__":
    raise SystemExit(main())
