"""Event confidence: the probability that an article event is right, from a trained model.

The rules read every event the same way, so their own score (0.55-0.95 by the number of
mentions) told right from wrong poorly. This module describes each event by what the
reading rested on: the trigger words, how many mentions and parties, where the first
mention sits (headline, lede), whether the parties are known names or guesses of the
tagger, whether the same firms were also read as another kind of deal, the status. A
logistic regression trained on real news that we labelled (models/training/, recipe in
`python -m pipeline.nlp.train_confidence`) turns that into P(event is right), shipped as
plain JSON weights in models/event_confidence.json; prediction is a dot product and a
sigmoid in pure Python. Without the file, the old mention-count score stands.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

from spacy.tokens import Doc

from pipeline.errors import ModelAssetError
from pipeline.nlp.assets import read_json_asset
from pipeline.nlp.deals import ArticleEvent, event_confidence
from pipeline.nlp.textcache import headline_end

MODEL_FILE = "event_confidence.json"


@dataclass(frozen=True)
class ConfidenceModel:
    intercept: float
    weights: dict[str, float]
    min_confidence: float  # events below are not reported (tuned for F1 on the training labels)

    def probability(self, feats: list[str]) -> float:
        score = self.intercept + sum(self.weights.get(f, 0.0) for f in set(feats))
        return 1.0 / (1.0 + math.exp(-max(min(score, 30.0), -30.0)))


def load_confidence_model(models_dir: Path) -> ConfidenceModel | None:
    path = Path(models_dir) / MODEL_FILE
    if not path.exists():
        return None
    data = read_json_asset(path, ("intercept", "weights", "min_confidence"))
    try:
        return ConfidenceModel(float(data["intercept"]), {str(k): float(v) for k, v in data["weights"].items()},
                               float(data["min_confidence"]))
    except (TypeError, ValueError) as exc:
        raise ModelAssetError(f"E150 {path}: malformed confidence model ({exc})") from exc


def _bucket(n: int, top: int = 3) -> str:
    return str(n) if n < top else f"{top}+"


def event_features(doc: Doc, ev: ArticleEvent, status: str, all_events: list[ArticleEvent]) -> list[str]:
    """What the reading of one event rested on (see the module docstring)."""
    mentions = doc._.nm_mentions or []
    ctx = doc._.nm_ctx
    hl_end = headline_end(doc)
    first = min(m.trigger_i for m in ev.mentions)
    sent_starts = sorted({s.start for s in doc.sents})
    first_sent = doc[first].sent.start
    position = sent_starts.index(first_sent) if first_sent in sent_starts else 9
    feats = [f"type={ev.type}", f"status={status}", f"type|status={ev.type}|{status}",
             f"mentions={_bucket(len(ev.mentions))}", f"parties={_bucket(len(ev.roles), 4)}",
             f"first_sent={_bucket(position, 4)}", "headline" if first < hl_end else "body",
             f"statuses={_bucket(len(ev.statuses))}"]
    for m in ev.mentions:
        tok = doc[m.trigger_i]
        lemma = tok.lemma_.lower()
        feats += [f"trig={lemma}", f"trig|type={lemma}|{ev.type}", f"trig_pos={tok.pos_}",
                  f"mention_type={m.type or 'typeless'}"]
    counts: dict[str, int] = {}
    for m in mentions:
        counts[m.name] = counts.get(m.name, 0) + 1
    kb_names = {m.name for m in mentions if m.in_kb}
    ner_orgs = set(ctx.tok2name.values()) if ctx is not None else set()
    for name, role in ev.roles.items():
        feats += [f"role={role}", f"seen={_bucket(counts.get(name, 0))}", f"words={_bucket(len(name.split()))}",
                  "kb" if name in kb_names else ("ner_org" if name in ner_orgs else "guessed_firm")]
    if any(o is not ev and set(o.roles) == set(ev.roles) and o.type != ev.type for o in all_events):
        feats.append("same_parties_other_type")
    if any(o is not ev and o.type == ev.type and set(o.roles) & set(ev.roles) for o in all_events):
        feats.append("overlapping_same_type")
    feats.append(f"doc_orgs={_bucket(len({m.name for m in mentions if m.label == 'ORG'}), 8)}")
    return feats


def score_events(doc: Doc, events: list[ArticleEvent], statuses: list[str],
                 model: ConfidenceModel | None) -> list[float]:
    """Confidence of each event: the model's probability, or the mention-count score without a model."""
    if model is None:
        return [event_confidence(ev) for ev in events]
    return [round(model.probability(event_features(doc, ev, st, events)), 3) for ev, st in zip(events, statuses)]
