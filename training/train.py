#!/usr/bin/env python3
"""Rebuild the press-release entity model from the annotated corpus, on the CPU.

usage: python training/train.py [--output DIR] [--ship] [spacy train overrides, e.g. --training.max_steps 2000]

1. `convert.py` turns training/gold + training/corpus into DocBins (train, validation, test);
2. `spacy train training/config.cfg` fine-tunes the entity recognizer, choosing the best step on the
   validation split;
3. with --ship, the best pipeline, reduced to the components the fields read (sentence recognizer and
   entity recognizer), replaces the one the package ships (`extractor/model/`), which the extractor then
   loads by default. Without it, use the result with `extractor extract --model DIR/model-best`.
"""
from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
from pathlib import Path

TRAINING = Path(__file__).resolve().parent
ROOT = TRAINING.parent
SHIPPED = ROOT / "extractor" / "model"


def ship(best: Path) -> None:
    from extractor.pipeline import load_model

    nlp = load_model(str(best))
    shutil.rmtree(SHIPPED, ignore_errors=True)
    nlp.to_disk(SHIPPED)
    print(f"shipped {best} ({', '.join(nlp.pipe_names)}) -> {SHIPPED}", file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", type=Path, default=TRAINING / "output")
    parser.add_argument("--ship", action="store_true", help="install the best model as the package's default")
    args, overrides = parser.parse_known_args(argv)
    data = TRAINING / "data"
    steps = [
        [sys.executable, str(TRAINING / "convert.py"), "--out", str(data)],
        [sys.executable, "-m", "spacy", "train", str(TRAINING / "config.cfg"), "--output", str(args.output),
         "--paths.train", str(data / "train.spacy"), "--paths.dev", str(data / "validation.spacy"), *overrides],
    ]
    for command in steps:
        if subprocess.call(command, cwd=ROOT):
            return 1
    if args.ship:
        ship(args.output / "model-best")
    return 0


if __name__ == "__main__":
    sys.exit(main())
