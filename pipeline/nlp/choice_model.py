"""A trained choice among a few labels (a deal's status), as plain JSON weights.

The trained models of the deal reader share one form: a multinomial logistic regression over
string features, trained offline with scikit-learn (`pipeline/nlp/train_status.py`, with
`pipeline/nlp/train_choice.py`) and shipped as {classes, intercepts, weights: feature -> class -> weight,
margin}. Prediction is a sum and a softmax in pure Python, so extraction needs no training
library. The rules' label is the prior: the model replaces it only when it rates another label
higher by at least `margin`.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

from pipeline.errors import ModelAssetError
from pipeline.nlp.assets import read_json_asset


@dataclass(frozen=True)
class LinearChoice:
    classes: tuple[str, ...]
    intercepts: dict[str, float]
    weights: dict[str, dict[str, float]]  # feature -> class -> weight
    margin: float  # how much more probable another label must be to replace the rules' one

    def probabilities(self, feats: list[str]) -> dict[str, float]:
        scores = dict(self.intercepts)
        for f in set(feats):
            for cls, w in self.weights.get(f, {}).items():
                scores[cls] += w
        top = max(scores.values())
        exp = {c: math.exp(s - top) for c, s in scores.items()}
        total = sum(exp.values())
        return {c: v / total for c, v in exp.items()}

    def decide(self, feats: list[str], rule_label: str) -> str:
        probs = self.probabilities(feats)
        best = max(probs, key=probs.get)
        if best != rule_label and probs[best] - probs.get(rule_label, 0.0) >= self.margin:
            return best
        return rule_label


def load_choice_model(path: Path, code: str) -> LinearChoice | None:
    """The model in `path`, None when the file is absent; a damaged file is ModelAssetError `code`."""
    if not path.exists():
        return None
    data = read_json_asset(path, ("classes", "intercepts", "weights", "margin"))
    try:
        classes = tuple(str(c) for c in data["classes"])
        intercepts = {str(c): float(v) for c, v in data["intercepts"].items()}
        weights = {str(f): {str(c): float(w) for c, w in row.items()} for f, row in data["weights"].items()}
        if set(intercepts) != set(classes) or any(set(row) - set(classes) for row in weights.values()):
            raise ValueError("weights or intercepts name a label outside the classes")
        return LinearChoice(classes, intercepts, weights, float(data["margin"]))
    except (TypeError, ValueError, AttributeError) as exc:
        raise ModelAssetError(f"{code} {path}: malformed model ({exc})") from exc
