"""A logistic selector: named feature functions, weights fitted on the annotated corpus, a threshold.

Rules find candidates and say why each is plausible; whether one is kept is a weighing of those reasons
that counting rules do badly. A selector is a table of named features (the sector selector's are in
`sector_selection`), a weights file written by a fitting script in `training/`, and a threshold chosen
on the validation split.
"""
from __future__ import annotations

import json
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path


class SelectorError(ValueError):
    """A weights file that cannot be used."""


@dataclass(frozen=True)
class Selector:
    """Keeps the candidates whose probability reaches the threshold."""

    features: Mapping[str, Callable[[object], float]]
    weights: dict[str, float]
    threshold: float

    def values(self, candidate) -> dict[str, float]:
        return {name: feature(candidate) for name, feature in self.features.items()}

    def probability(self, candidate) -> float:
        score = sum(self.weights.get(name, 0.0) * value for name, value in self.values(candidate).items())
        return 1.0 / (1.0 + math.exp(-max(-50.0, min(50.0, score))))

    def keeps(self, candidate) -> bool:
        return self.probability(candidate) >= self.threshold

    def to_json(self) -> dict:
        return {"threshold": self.threshold, "weights": self.weights}


def parse_selector(data: object, source: str, features: Mapping[str, Callable]) -> Selector:
    if not isinstance(data, dict) or not isinstance(data.get("weights"), dict):
        raise SelectorError(f"{source}: expected an object with 'weights' and 'threshold'")
    unknown = sorted(set(data["weights"]) - set(features))
    if unknown:
        raise SelectorError(f"{source}: unknown features {', '.join(unknown)}")
    threshold = data.get("threshold")
    if not isinstance(threshold, (int, float)) or not 0 <= threshold <= 1:
        raise SelectorError(f"{source}: 'threshold' must be a number from 0 to 1")
    try:
        weights = {str(name): float(value) for name, value in data["weights"].items()}
    except (TypeError, ValueError):
        raise SelectorError(f"{source}: every weight must be a number") from None
    return Selector(features, weights, float(threshold))


def load_selector(path: str | Path | None, bundled: str, features: Mapping[str, Callable]) -> Selector:
    """The weights file at `path`, or the bundled one (`extractor/data/<bundled>`)."""
    if path is None:
        text = resources.files("extractor.data").joinpath(bundled).read_text(encoding="utf-8")
        source = bundled
    else:
        source = str(path)
        try:
            text = Path(path).read_text(encoding="utf-8")
        except OSError as error:
            raise SelectorError(f"{source}: cannot read it ({error.strerror or error})") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise SelectorError(f"{source}: not JSON ({error.msg}, line {error.lineno})") from None
    return parse_selector(data, source, features)
