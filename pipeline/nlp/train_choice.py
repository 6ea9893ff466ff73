"""Shared training for the deal reader's choice models: fit, cross-validate, write.

An example is (features, gold label, the rules' label, story id). The model is a multinomial
logistic regression (scikit-learn, the `train` extra) exported as `choice_model.LinearChoice`
JSON. C and the margin by which the model must prefer another label over the rules' one are
chosen by story-grouped 5-fold cross-validation on accuracy: the widest margin within one
standard error of the best accuracy (the one-standard-error rule), because the rules' label is
the prior and a difference smaller than that is noise. The shipped weights are the mean of
BAGS fits on stories drawn with replacement (bagging), which keeps a retrain from swinging
with the sample.
"""
from __future__ import annotations

import argparse
import dataclasses
import json
import logging
import math
import random
from dataclasses import dataclass
from pathlib import Path

from pipeline.nlp.choice_model import LinearChoice

logger = logging.getLogger(__name__)
PRUNE = 0.01
FOLDS = 5
BAGS = 15
CV_BAGS = 5
MAX_DRAWS = 20  # draws per bag before a label is declared too rare to resample
MARGINS = (0.0, 0.1, 0.2, 0.3, 0.4, 0.5)


@dataclass(frozen=True)
class Example:
    feats: list[str]
    gold: str
    rules: str
    story: str


def training_arguments(description: str, out: str) -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(description=description)
    ap.add_argument("--labels", type=Path, default=Path("models/training/labels"))
    ap.add_argument("--corpus", type=Path, default=Path("../shared/corpora/reuters-deals/doclevel_train.jsonl"))
    ap.add_argument("--out", type=Path, default=Path(out))
    ap.add_argument("--gold", type=Path, nargs="*", default=[Path("tests/data/gold_dev.jsonl"),
                                                            Path("tests/data/gold_dev2.jsonl")],
                    help="labelled files with their text (our own dev sets; never the held-out ones)")
    ap.add_argument("--c", type=float, nargs="*", default=[0.1, 0.3, 1.0])
    return ap


def fit_bagged(examples: list[Example], c: float, bags: int = BAGS, seed: int = 7) -> LinearChoice:
    """The average of `bags` models, each fitted on stories drawn with replacement: a few hundred
    labelled events give single fits that swing with the sample; their mean does not. Bags that
    miss a label are redrawn. The margin is set by the caller."""
    import numpy as np
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    vec = DictVectorizer()
    x = vec.fit_transform([{f: 1.0 for f in e.feats} for e in examples])
    labels = sorted({e.gold for e in examples})
    by_story: dict[str, list[int]] = {}
    for k, e in enumerate(examples):
        by_story.setdefault(e.story, []).append(k)
    stories, rng = sorted(by_story), random.Random(seed)
    coef, icpt, done = np.zeros((len(labels), x.shape[1])), np.zeros(len(labels)), 0
    for _draw in range(MAX_DRAWS * bags):
        if done == bags:
            break
        rows = [k for s in (rng.choice(stories) for _ in stories) for k in by_story[s]]
        gold = [examples[k].gold for k in rows]
        if sorted(set(gold)) != labels:
            continue
        clf = LogisticRegression(C=c, max_iter=5000).fit(x[rows], gold)
        two = len(labels) == 2  # scikit-learn keeps one row for two labels: the second label's side
        coef += np.vstack([-clf.coef_[0], clf.coef_[0]]) if two else clf.coef_
        icpt += np.array([-clf.intercept_[0], clf.intercept_[0]]) if two else clf.intercept_
        done += 1
    if done < bags:
        raise ValueError(f"a label too rare to resample: only {done} of {bags} bags held every label")
    coef, icpt = coef / bags, icpt / bags
    weights: dict[str, dict[str, float]] = {}
    for name, k in vec.vocabulary_.items():
        row = {cls: round(float(coef[n][k]), 4) for n, cls in enumerate(labels) if abs(coef[n][k]) >= PRUNE}
        if row:
            weights[name] = row
    return LinearChoice(tuple(labels), {cls: round(float(icpt[n]), 4) for n, cls in enumerate(labels)}, weights, 0.0)


def cross_validated(examples: list[Example], c: float) -> dict[float, float]:
    """Accuracy at each margin over out-of-fold decisions of bagged models (folds group whole stories)."""
    stories = sorted({e.story for e in examples})
    random.Random(7).shuffle(stories)
    fold = {s: k % FOLDS for k, s in enumerate(stories)}
    right = {m: 0 for m in MARGINS}
    for k in range(FOLDS):
        train = [e for e in examples if fold[e.story] != k]
        if len({e.gold for e in train}) < 2:
            continue
        model = fit_bagged(train, c, bags=CV_BAGS)
        for m in MARGINS:
            chooser = dataclasses.replace(model, margin=m)
            right[m] += sum(chooser.decide(e.feats, e.rules) == e.gold for e in examples if fold[e.story] == k)
    return {m: right[m] / len(examples) for m in MARGINS}


def pick(results: list[tuple[float, float, float]], n: int) -> tuple[float, float, float]:
    """(accuracy, C, margin): the widest margin within one standard error of the best accuracy."""
    top = max(acc for acc, _c, _m in results)
    se = math.sqrt(top * (1.0 - top) / n)
    near = [r for r in results if r[0] >= top - se]
    return max(near, key=lambda r: (r[2], r[0]))


def train_and_write(examples: list[Example], args, what: str, doc: str, stories: int) -> int:
    if not examples:
        logger.error("no labelled event to learn %s from", what)
        return 2
    rules_acc = sum(e.gold == e.rules for e in examples) / len(examples)
    logger.info("%d stories, %d matched events; the rules' %s is right on %.3f", stories, len(examples), what,
                rules_acc)
    results = []
    for c in args.c:
        for margin, acc in cross_validated(examples, c).items():
            logger.info("C=%s margin=%.1f: cross-validated %s accuracy %.3f", c, margin, what, acc)
            results.append((acc, c, margin))
    acc, c, margin = pick(results, len(examples))
    model = dataclasses.replace(fit_bagged(examples, c), margin=margin)
    out = {"_doc": doc, "classes": list(model.classes), "intercepts": model.intercepts, "margin": margin,
           "weights": dict(sorted(model.weights.items())),
           "trained_on": {"stories": stories, "matched_events": len(examples), "C": c, "bags": BAGS,
                          f"rules_{what}_accuracy": round(rules_acc, 3), f"cv_{what}_accuracy": round(acc, 3)}}
    args.out.write_text(json.dumps(out, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    logger.info("wrote %s (%d features, margin %.1f, CV accuracy %.3f against the rules' %.3f)", args.out,
                len(model.weights), margin, acc, rules_acc)
    return 0
