#!/usr/bin/env python3
"""Score the extractor on one split of the annotated corpus, with the shared scorer.

usage: python training/evaluate.py SPLIT [--model NAME_OR_PATH] [--scorer PATH] [--show-errors]
       [--predictions OUT.jsonl]

SPLIT is train, validation or test (see splits.json). Choose settings on validation; score test once,
at the end. The scorer is `../shared/eval/score.py` beside the checkout unless --scorer says otherwise.
"""
from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

TRAINING = Path(__file__).resolve().parent
DEFAULT_SCORER = TRAINING.parent.parent / "shared" / "eval" / "score.py"


def split_ids(split: str) -> list[str]:
    return json.loads((TRAINING / "splits.json").read_text(encoding="utf-8"))[split]


def predict(ids: list[str], model: str | None, out: Path) -> None:
    """Run the extractor over the split's texts, one JSON record per line."""
    from extractor import Document, Extractor
    from extractor.inputs import to_plain_text
    from extractor.outputs import write_jsonl

    extractor = Extractor(model=model)
    documents = (Document(id=i, text=to_plain_text((TRAINING / "corpus" / f"{i}.md").read_text(encoding="utf-8"),
                                                   name=f"{i}.md")) for i in ids)
    with out.open("w", encoding="utf-8") as stream:
        write_jsonl(extractor.extract_many(documents), stream)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("split", choices=("train", "validation", "test"))
    parser.add_argument("--model", help="spaCy pipeline to extract with (default: the extractor's own)")
    parser.add_argument("--scorer", type=Path, default=DEFAULT_SCORER)
    parser.add_argument("--predictions", type=Path, help="keep the predictions here")
    parser.add_argument("--show-errors", action="store_true")
    args = parser.parse_args(argv)
    if not args.scorer.is_file():
        parser.error(f"{args.scorer}: no scorer there (pass --scorer)")
    ids = split_ids(args.split)
    with tempfile.TemporaryDirectory() as work:
        gold = Path(work) / "gold"
        gold.mkdir()
        for i in ids:
            shutil.copy(TRAINING / "gold" / f"{i}.json", gold)
        predictions = args.predictions or Path(work) / "predictions.jsonl"
        predict(ids, args.model, predictions)
        command = [sys.executable, str(args.scorer), str(gold), str(predictions)]
        return subprocess.call(command + (["--show-errors"] if args.show_errors else []))


if __name__ == "__main__":
    sys.exit(main())
