"""Train the deal-status model (models/event_status.json) on real news we labelled.

Recipe (offline; needs the `train` extra: `pip install -e '.[train]'`):

    python -m pipeline.nlp.train_status \\
        --labels models/training/labels \\
        --corpus ../shared/corpora/reuters-deals/doclevel_train.jsonl \\
        --out models/event_status.json

Data: the same labels as the confidence model (models/training/README.md): our
annotations of Reuters-21578 training-split stories, whose text is read from the corpus
by id and never stored, plus our own dev sets (tests/data/gold_dev*.jsonl); never the
held-out sets or the Reuters dev set. Every event the rules read that matches a gold
event (same type, participant overlap >= 0.5 as in the shared scorer's lenient match)
is an example whose label is the gold status. The model is a multinomial logistic
regression over `pipeline.nlp.status_model.status_features`. C and the margin by which
the model must prefer another status over the rules' one are chosen by story-grouped
5-fold cross-validation on status accuracy: the widest margin within 0.01 of the best
accuracy (the rules stay the prior). The log prints the rules' accuracy beside it.
"""
from __future__ import annotations

import argparse
import json
import logging
import random
import sys
from pathlib import Path

from pipeline.nlp.extractor import compose_text, load_extractor
from pipeline.nlp.scoring import normalise_name
from pipeline.nlp.status_model import StatusModel
from pipeline.nlp.train_confidence import read_labels, read_labels_file, read_texts
from pipeline.records import ExtractInput

logger = logging.getLogger(__name__)
PRUNE = 0.01
FOLDS = 5
TOLERANCE = 0.01
MARGINS = (0.0, 0.1, 0.2, 0.3, 0.4, 0.5)


def _parts(names) -> frozenset[str]:
    return frozenset(normalise_name(n) for n in names)


def gold_status(etype: str, names, gold_events: list[dict]) -> str | None:
    """The status of the gold event this reading matches, if any (best participant overlap >= 0.5)."""
    mine, best, best_j = _parts(names), None, 0.0
    for g in gold_events:
        if g["type"] != etype:
            continue
        theirs = _parts(p["name"] for p in g["participants"])
        j = len(mine & theirs) / len(mine | theirs) if mine | theirs else 0.0
        if j > best_j:
            best, best_j = g, j
    return best["status"] if best is not None and best_j >= 0.5 else None


def build_examples(labels: dict[str, dict], texts: dict[str, dict]):
    """(status features, gold status, rules' status, story id) for every matched event."""
    ex = load_extractor()
    reader = ex.nlp.get_pipe("newsmon_deals")
    reader.keep_features, reader.status_model = True, None
    ids = sorted(i for i in labels if i in texts)
    inputs = [(compose_text(ExtractInput(doc_id=i, text=texts[i]["text"], title=texts[i].get("title"))), i)
              for i in ids]
    examples = []
    for doc, i in ex.nlp.pipe(inputs, as_tuples=True, batch_size=32):
        for event, _conf_feats, feats in doc._.nm_event_features or []:
            gold = gold_status(event.type, [p.name for p in event.participants], labels[i].get("events", []))
            if gold is not None:
                examples.append((feats, gold, event.status, i))
    return examples


def fit(examples, c: float):
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    vec = DictVectorizer()
    x = vec.fit_transform([{f: 1.0 for f in feats} for feats, *_ in examples])
    clf = LogisticRegression(C=c, max_iter=5000)
    clf.fit(x, [gold for _, gold, _, _ in examples])
    return vec, clf


def to_model(vec, clf, margin: float) -> StatusModel:
    classes = tuple(str(c) for c in clf.classes_)
    weights: dict[str, dict[str, float]] = {}
    for name, k in vec.vocabulary_.items():
        row = {cls: round(float(clf.coef_[n][k]), 4) for n, cls in enumerate(classes)
               if abs(clf.coef_[n][k]) >= PRUNE}
        if row:
            weights[name] = row
    intercepts = {cls: round(float(clf.intercept_[n]), 4) for n, cls in enumerate(classes)}
    return StatusModel(classes, intercepts, weights, margin)


def cross_validated(examples, c: float) -> dict[float, float]:
    """Status accuracy at each margin over out-of-fold decisions (folds group whole stories)."""
    stories = sorted({s for *_, s in examples})
    random.Random(7).shuffle(stories)
    fold = {s: k % FOLDS for k, s in enumerate(stories)}
    right = {m: 0 for m in MARGINS}
    for k in range(FOLDS):
        train = [e for e in examples if fold[e[3]] != k]
        if len({gold for _, gold, _, _ in train}) < 2:
            continue
        vec, clf = fit(train, c)
        for m in MARGINS:
            model = to_model(vec, clf, m)
            right[m] += sum(model.decide(f, rule) == gold for f, gold, rule, s in examples if fold[s] == k)
    return {m: right[m] / len(examples) for m in MARGINS}


def pick(results: list[tuple[float, float, float]]) -> tuple[float, float, float]:
    """The widest margin whose accuracy is within TOLERANCE of the best: the rules' status is the
    prior, and the model replaces it only where it is clearly surer, unless that costs accuracy."""
    top = max(acc for acc, _c, _m in results)
    near = [r for r in results if r[0] >= top - TOLERANCE]
    return max(near, key=lambda r: (r[2], r[0]))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--labels", type=Path, default=Path("models/training/labels"))
    ap.add_argument("--corpus", type=Path, default=Path("../shared/corpora/reuters-deals/doclevel_train.jsonl"))
    ap.add_argument("--out", type=Path, default=Path("models/event_status.json"))
    ap.add_argument("--gold", type=Path, nargs="*", default=[Path("tests/data/gold_dev.jsonl"),
                                                            Path("tests/data/gold_dev2.jsonl")],
                    help="labelled files with their text (our own dev sets; never the held-out ones)")
    ap.add_argument("--c", type=float, nargs="*", default=[0.03, 0.1, 0.3, 1.0])
    args = ap.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s", stream=sys.stderr)
    labels = read_labels(args.labels)
    texts = read_texts(args.corpus, set(labels))
    for path in args.gold:
        for row in read_labels_file(path):
            labels[row["id"]] = row
            texts[row["id"]] = row
    if not texts:
        logger.error("no labelled story found in %s", args.corpus)
        return 2
    examples = build_examples(labels, texts)
    rules_acc = sum(gold == rule for _, gold, rule, _ in examples) / len(examples)
    logger.info("%d stories, %d matched events; the rules' status is right on %.3f", len(texts), len(examples),
                rules_acc)
    results = []
    for c in args.c:
        for margin, acc in cross_validated(examples, c).items():
            logger.info("C=%s margin=%.1f: cross-validated status accuracy %.3f", c, margin, acc)
            results.append((acc, c, margin))
    acc, c, margin = pick(results)
    vec, clf = fit(examples, c)
    model = to_model(vec, clf, margin)
    out = {"_doc": "Multinomial logistic regression over pipeline.nlp.status_model.status_features; trained by "
                   "python -m pipeline.nlp.train_status (see models/training/README.md).",
           "classes": list(model.classes), "intercepts": model.intercepts, "margin": margin,
           "weights": dict(sorted(model.weights.items())),
           "trained_on": {"stories": len(texts), "matched_events": len(examples), "C": c,
                          "rules_status_accuracy": round(rules_acc, 3), "cv_status_accuracy": round(acc, 3)}}
    args.out.write_text(json.dumps(out, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    logger.info("wrote %s (%d features, margin %.1f, CV accuracy %.3f against the rules' %.3f)", args.out,
                len(model.weights), margin, acc, rules_acc)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
