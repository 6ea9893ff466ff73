"""Tune the base model's entity tagger on real wire copy we labelled (models/ner_wire/).

Recipe (offline, about 15 minutes on 2 cores; needs only the runtime dependencies):

    python -m pipeline.nlp.train_ner \\
        --labels models/training/labels \\
        --corpus ../shared/corpora/reuters-deals/doclevel_train.jsonl \\
        --out models/ner_wire

Data: our ORG/PERSON labels of 520 Reuters-21578 training-split stories
(models/training/README.md), placed on the tokens by `pipeline.nlp.ner_data`; the text is
read from the corpus file by id and never stored in the repository. Our modern dev sets
(tests/data/gold_dev.jsonl, gold_dev2.jsonl, in our own words) are added so that the tagger
keeps today's names and does not learn 1987 habits only; the held-out sets
(tests/data/nlp_heldout*.jsonl) and the Reuters dev set are never trained on. The base model's own
GPE/MONEY/DATE/... labels on the same text are kept as targets so that they are not
forgotten. A fixed tenth of the stories is held back to pick the epoch.

Only the `ner` component changes: same architecture and size as the base model's, so
extraction speed does not change. `pipeline.nlp.assemble` loads it over the base tagger
when models/ner_wire exists.
"""
from __future__ import annotations

import argparse
import json
import logging
import random
import sys
import time
import zlib
from pathlib import Path

from spacy.util import fix_random_seed, minibatch

from pipeline.nlp.assemble import load_base_model
from pipeline.nlp.extractor import compose_text
from pipeline.nlp.ner_data import LABELLED, NerExample, story_tags, to_example
from pipeline.nlp.train_confidence import read_labels, read_labels_file, read_texts
from pipeline.records import ExtractInput

logger = logging.getLogger(__name__)
HOLDOUT_PERCENT = 10


def gather_stories(labels: dict[str, dict], texts: dict[str, dict], also: list[Path]) -> dict[str, dict]:
    """Labelled stories with their text: our Reuters labels joined by id, plus gold files
    that carry their own text (our modern dev sets, so the tagger keeps today's names)."""
    stories = {i: {**labels[i], **{k: texts[i][k] for k in ("title", "text")}} for i in labels if i in texts}
    for path in also:
        for row in read_labels_file(path):
            stories[row["id"]] = row
    return stories


def build_examples(nlp, stories: dict[str, dict], suffixes: set[str]) -> list[NerExample]:
    ids = sorted(stories)
    inputs = [(compose_text(ExtractInput(doc_id=i, text=stories[i]["text"], title=stories[i].get("title"))), i)
              for i in ids]
    out = []
    for doc, i in nlp.pipe(inputs, as_tuples=True, batch_size=32):
        tags = story_tags(nlp, doc, stories[i].get("entities", []), suffixes)
        out.append(NerExample(i, doc.text, tuple(tags)))
    return out


def is_held_out(doc_id: str) -> bool:
    return zlib.crc32(doc_id.encode()) % 100 < HOLDOUT_PERCENT


def score_spans(nlp, items: list[NerExample]) -> dict[str, float]:
    """ORG/PERSON span precision/recall/F1 on labelled tokens (spans touching unknown tokens skipped)."""
    tp = fp = fn = 0
    ner = nlp.get_pipe("ner")
    for item in items:
        doc = ner(nlp.make_doc(item.text))
        gold = set(_spans(item.tags))
        unknown = {i for i, t in enumerate(item.tags) if t == "-"}
        pred = {(e.start, e.end, e.label_) for e in doc.ents if e.label_ in LABELLED
                and unknown.isdisjoint(range(e.start, e.end))}
        tp += len(gold & pred)
        fp += len(pred - gold)
        fn += len(gold - pred)
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return {"p": round(p, 4), "r": round(r, 4), "f": round(2 * p * r / (p + r) if p + r else 0.0, 4)}


def _spans(tags):
    start = None
    for i, tag in enumerate(tags):
        if tag.startswith("U-") and tag[2:] in LABELLED:
            yield (i, i + 1, tag[2:])
        elif tag.startswith("B-"):
            start = i
        elif tag.startswith("L-") and start is not None:
            if tag[2:] in LABELLED:
                yield (start, i + 1, tag[2:])
            start = None


def train(nlp, train_items, held_items, epochs: int, seed: int) -> tuple[bytes, list[dict]]:
    """Update only the tagger; return the weights of the epoch best on the held-back stories."""
    rng = random.Random(seed)
    fix_random_seed(seed)
    others = [name for name in nlp.pipe_names if name != "ner"]
    examples = [to_example(nlp, item) for item in train_items]
    optimizer = nlp.resume_training()
    ner = nlp.get_pipe("ner")
    history = [{"epoch": 0, **score_spans(nlp, held_items)}]
    best = (history[0]["f"], ner.to_bytes())
    logger.info("epoch 0 (base model): %s", history[0])
    for epoch in range(1, epochs + 1):
        rng.shuffle(examples)
        losses: dict[str, float] = {}
        for batch in minibatch(examples, size=8):
            nlp.update(batch, sgd=optimizer, drop=0.2, losses=losses, exclude=others)
        row = {"epoch": epoch, "loss": round(float(losses.get("ner", 0.0)), 1), **score_spans(nlp, held_items)}
        history.append(row)
        logger.info("epoch %d: %s", epoch, row)
        if row["f"] > best[0]:
            best = (row["f"], ner.to_bytes())
    return best[1], history


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--labels", type=Path, default=Path("models/training/labels"))
    ap.add_argument("--corpus", type=Path, default=Path("../shared/corpora/reuters-deals/doclevel_train.jsonl"))
    ap.add_argument("--also", type=Path, nargs="*",
                    default=[Path("tests/data/gold_dev.jsonl"), Path("tests/data/gold_dev2.jsonl")],
                    help="gold files with text to train on as well (never the held-out sets)")
    ap.add_argument("--out", type=Path, default=Path("models/ner_wire"))
    ap.add_argument("--epochs", type=int, default=12)
    ap.add_argument("--seed", type=int, default=18)
    args = ap.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    started = time.time()
    labels = read_labels(args.labels)
    texts = read_texts(args.corpus, set(labels))
    filters = json.loads((Path(__file__).resolve().parents[2] / "models" / "entity_filters.json").read_text())
    nlp = load_base_model()
    stories = gather_stories(labels, texts, args.also)
    items = build_examples(nlp, stories, {s.rstrip(".,") for s in filters["corporate_suffixes"]})
    train_items = [x for x in items if not is_held_out(x.doc_id)]
    held_items = [x for x in items if is_held_out(x.doc_id)]
    logger.info("%d stories: %d to train, %d held back", len(items), len(train_items), len(held_items))
    weights, history = train(nlp, train_items, held_items, args.epochs, args.seed)
    ner = nlp.get_pipe("ner").from_bytes(weights)
    args.out.mkdir(parents=True, exist_ok=True)
    ner.to_disk(args.out / "ner", exclude=["vocab"])
    best = max(history, key=lambda r: r["f"])
    meta = {"base_model": f"{nlp.meta.get('name')} {nlp.meta.get('version')}",
            "trained_on": {"stories": len(train_items), "held_back": len(held_items),
                           "labels": str(args.labels), "corpus": "Reuters-21578, Distribution 1.0 (training split)",
                           "also": [str(p) for p in args.also]},
            "epochs": args.epochs, "seed": args.seed, "best_epoch": best["epoch"],
            "held_back_org_person": best, "history": history,
            "seconds": round(time.time() - started)}
    (args.out / "meta.json").write_text(json.dumps(meta, indent=1) + "\n", encoding="utf-8")
    print(json.dumps({k: meta[k] for k in ("best_epoch", "held_back_org_person", "seconds")}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
