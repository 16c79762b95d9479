#!/usr/bin/env python3
"""Fit the sector selector: which of a release's sectors are its own (`primary`), learned from the corpus.

usage: python training/fit_sectors.py [--model NAME_OR_PATH] [--out FILE]

Runs the extractor over the train and validation splits, labels each reported sector by whether the
release's gold lists it, and fits a logistic regression (L2, Newton's method) on the training split.
The regularisation and the threshold are those whose primary sectors best match the gold sectors on the
validation split (F1 over the set of sectors per release). Releases of a user's own, added to
`corpus/`, `gold/` and `splits.json` here, are fitted on the same way.
"""
from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy

TRAINING = Path(__file__).resolve().parent
sys.path.insert(0, str(TRAINING.parent))

from extractor.components.sector_selection import FEATURES  # noqa: E402
from extractor.components.selection import Selector  # noqa: E402

DEFAULT_OUT = TRAINING.parent / "extractor" / "data" / "sector_selector.json"
STRENGTHS = (0.1, 1.0, 3.0, 10.0, 30.0, 100.0)  # L2 penalties tried
THRESHOLDS = [t / 100 for t in range(20, 71, 2)]


@dataclass
class Release:
    rows: numpy.ndarray  # one row of feature values per candidate
    labels: numpy.ndarray  # whether the gold lists each candidate sector
    gold: int  # how many sectors the gold lists


class Recorder:
    """Stands in for the selector: notes each candidate sector (and calls it primary, which changes nothing
    the fit reads)."""

    def __init__(self):
        self.seen: list = []

    def keeps(self, candidate) -> bool:
        self.seen.append(candidate)
        return True


def split_ids(split: str) -> list[str]:
    return json.loads((TRAINING / "splits.json").read_text(encoding="utf-8"))[split]


def releases(ids: list[str], model: str | None) -> list[Release]:
    """Per release: a row of feature values per candidate sector, and whether the gold lists it."""
    from extractor import Extractor
    from extractor.inputs import to_plain_text

    extractor = Extractor(model=model)
    recorder = Recorder()
    extractor.nlp.get_pipe("extractor_sectors").selector = recorder
    found = []
    for n, i in enumerate(ids, start=1):
        name = f"{i}.md"
        text = to_plain_text((TRAINING / "corpus" / name).read_text(encoding="utf-8"), name=name)
        gold = json.loads((TRAINING / "gold" / f"{i}.json").read_text(encoding="utf-8"))
        recorder.seen = []
        extractor.annotate(text)
        wanted = {s["sector"] for s in gold["sectors"]}
        rows = numpy.array([[feature(c) for feature in FEATURES.values()] for c in recorder.seen], dtype=float)
        labels = numpy.array([c.sector in wanted for c in recorder.seen], dtype=bool)
        found.append(Release(rows.reshape(-1, len(FEATURES)), labels, len(wanted)))
        if n % 100 == 0:
            print(f"  {n} of {len(ids)}", file=sys.stderr, flush=True)
    return found


def fit(found: list[Release], strength: float, bias: int) -> numpy.ndarray:
    """L2-regularised logistic regression by Newton's method (the intercept, column `bias`, not penalised)."""
    x = numpy.vstack([r.rows for r in found])
    y = numpy.concatenate([r.labels for r in found]).astype(float)
    penalty = numpy.full(x.shape[1], strength)
    penalty[bias] = 0.0
    w = numpy.zeros(x.shape[1])
    for _ in range(50):
        p = 1.0 / (1.0 + numpy.exp(-x @ w))
        gradient = x.T @ (p - y) + penalty * w
        hessian = (x.T * (p * (1 - p))) @ x + numpy.diag(penalty) + 1e-9 * numpy.eye(x.shape[1])
        step = numpy.linalg.solve(hessian, gradient)
        w -= step
        if numpy.abs(step).max() < 1e-8:
            break
    return w


def f1(found: list[Release], w: numpy.ndarray, threshold: float) -> tuple[float, int, int, int]:
    """F1 of the primary sectors against each release's gold sectors."""
    tp = fp = fn = 0
    for r in found:
        kept = (1.0 / (1.0 + numpy.exp(-r.rows @ w))) >= threshold
        hits = int((kept & r.labels).sum())
        tp, fp, fn = tp + hits, fp + int((kept & ~r.labels).sum()), fn + max(0, r.gold - hits)
    return (2 * tp / (2 * tp + fp + fn) if tp else 0.0), tp, fp, fn


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", help="the pipeline to read the releases with (default: the shipped one)")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args()
    train = releases(split_ids("train"), args.model)
    validation = releases(split_ids("validation"), args.model)
    bias = list(FEATURES).index("bias")
    print("every sector primary: validation F1 %.3f (tp %d, fp %d, fn %d)"
          % f1(validation, numpy.zeros(len(FEATURES)), 0.0))
    best = None
    for strength in STRENGTHS:
        w = fit(train, strength, bias)
        for threshold in THRESHOLDS:
            score = f1(validation, w, threshold)
            if best is None or score[0] > best[0][0]:
                best = (score, strength, threshold, w)
    score, strength, threshold, w = best
    print(f"chosen: L2 {strength}, threshold {threshold}: validation F1 %.3f (tp %d, fp %d, fn %d)" % score)
    print("train F1 %.3f (tp %d, fp %d, fn %d)" % f1(train, w, threshold))
    selector = Selector(FEATURES, {name: round(float(v), 4) for name, v in zip(FEATURES, w)}, threshold)
    args.out.write_text(json.dumps(selector.to_json(), indent=1) + "\n", encoding="utf-8")
    print(f"written: {args.out}")


if __name__ == "__main__":
    main()
