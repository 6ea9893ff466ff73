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
5-fold cross-validation on status accuracy (`pipeline/nlp/train_choice.py`). The log prints
the rules' accuracy beside it.
"""
from __future__ import annotations

import logging
import sys

from pipeline.nlp.scoring import normalise_name
from pipeline.nlp.train_choice import Example, train_and_write, training_arguments
from pipeline.nlp.train_confidence import labelled_stories, training_docs

logger = logging.getLogger(__name__)


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


def build_examples(labels: dict[str, dict], texts: dict[str, dict]) -> list[Example]:
    """Every event the reader reads (status model off) that matches a gold event, with its status."""
    examples = []
    for doc, i in training_docs(labels, texts, status_model=None):
        for event, _conf_feats, feats in doc._.nm_event_features or []:
            gold = gold_status(event.type, [p.name for p in event.participants], labels[i].get("events", []))
            if gold is not None:
                examples.append(Example(feats, gold, event.status, i))
    return examples


def main(argv: list[str] | None = None) -> int:
    args = training_arguments(__doc__.splitlines()[0], "models/event_status.json").parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s", stream=sys.stderr)
    labels, texts = labelled_stories(args.labels, args.corpus, args.gold)
    return train_and_write(build_examples(labels, texts), args, "status",
                           "Multinomial logistic regression over pipeline.nlp.status_model.status_features; "
                           "trained by python -m pipeline.nlp.train_status (see models/training/README.md).",
                           len(texts))


if __name__ == "__main__":
    raise SystemExit(main())
