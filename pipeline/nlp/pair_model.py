"""The trained deal-pair model: a multinomial logistic regression over sparse pair features.

Trained offline by `python -m pipeline.nlp.train_pairs` (recipe and data provenance in
models/deal_pairs/README.md) and shipped as plain JSON (models/deal_pairs/model.json):
class labels, an intercept per class and, per feature, its weight per class. Prediction
is a dot product and a softmax in pure Python: no training library is needed at run time.

A label is 'none' or '<type>:<role of a>-<role of b>' ('acquisition:acquirer-target').
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

from pipeline.errors import ModelAssetError
from pipeline.nlp.assets import read_json_asset

MODEL_FILE = Path("deal_pairs") / "model.json"
NONE = "none"


@dataclass(frozen=True)
class PairModel:
    classes: tuple[str, ...]
    intercept: tuple[float, ...]
    weights: dict[str, tuple[float, ...]]
    threshold: float
    status_classes: tuple[str, ...] = ()
    status_intercept: tuple[float, ...] = ()
    status_weights: dict[str, tuple[float, ...]] | None = None

    def predict(self, feats: list[str]) -> list[float]:
        """Class probabilities for one candidate's features (repeated features count once)."""
        return _softmax(self.intercept, self.weights, feats)

    def predict_status(self, feats: list[str]) -> list[float]:
        return _softmax(self.status_intercept, self.status_weights or {}, feats)


def _softmax(intercept: tuple[float, ...], weights: dict[str, tuple[float, ...]], feats: list[str]) -> list[float]:
    scores = list(intercept)
    for f in set(feats):
        w = weights.get(f)
        if w is not None:
            for k, x in enumerate(w):
                scores[k] += x
    top = max(scores)
    exps = [math.exp(s - top) for s in scores]
    total = sum(exps)
    return [e / total for e in exps]


def parse_label(label: str) -> tuple[str, str, str] | None:
    """'acquisition:acquirer-target' -> ('acquisition', 'acquirer', 'target'); 'none' -> None."""
    if label == NONE:
        return None
    etype, roles = label.split(":", 1)
    ra, rb = roles.split("-", 1)
    return etype, ra, rb


def load_pair_model(models_dir: Path) -> PairModel | None:
    """The shipped model, or None when models_dir has none (the rules then work alone)."""
    path = Path(models_dir) / MODEL_FILE
    if not path.exists():
        return None
    data = read_json_asset(path)
    try:
        classes = tuple(data["classes"])
        weights = {f: tuple(w) for f, w in data["weights"].items()}
        status = data.get("status", {})
        model = PairModel(
            classes=classes, intercept=tuple(data["intercept"]), weights=weights,
            threshold=float(data["threshold"]),
            status_classes=tuple(status.get("classes", ())), status_intercept=tuple(status.get("intercept", ())),
            status_weights={f: tuple(w) for f, w in status.get("weights", {}).items()},
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise ModelAssetError(f"E140 {path}: malformed deal-pair model ({exc})") from exc
    if any(len(w) != len(classes) for w in weights.values()) or len(model.intercept) != len(classes):
        raise ModelAssetError(f"E141 {path}: weight rows do not match the {len(classes)} classes")
    return model
