#!/usr/bin/env python3
"""Entity precision, recall and F1 per label of one or more spaCy pipelines on a split's DocBin.

usage: python training/evaluate_ner.py SPLIT MODEL [MODEL ...]

SPLIT is validation or test (run convert.py first); MODEL a package name or a path. PERSON and ORG are
the gold labels; the other labels are silver (the stock model's own), so for them a score says how much
the fine-tuned model still agrees with the stock one.
"""
from __future__ import annotations

import sys
from pathlib import Path

import spacy
from spacy.tokens import DocBin
from spacy.training import Example

TRAINING = Path(__file__).resolve().parent
LABELS = ("PERSON", "ORG", "GPE", "LOC", "FAC", "PRODUCT", "EVENT", "DATE", "MONEY")


def scores(model: str, split: str) -> dict:
    nlp = spacy.load(model)
    gold = list(DocBin().from_disk(TRAINING / "data" / f"{split}.spacy").get_docs(nlp.vocab))
    examples = [Example(nlp.make_doc(doc.text), doc) for doc in gold]
    return nlp.evaluate(examples)


def main(argv: list[str]) -> int:
    if len(argv) < 2:
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    split, models = argv[0], argv[1:]
    results = {model: scores(model, split) for model in models}
    print(f"{'label':<10}" + "".join(f"{Path(m).name[:24]:>26}" for m in models))
    print(f"{'':<10}" + "".join(f"{'P':>8}{'R':>8}{'F1':>8}  " for _ in models))
    for label in (*LABELS, "all"):
        cells = []
        for model in models:
            result = results[model]
            row = ({"p": result["ents_p"], "r": result["ents_r"], "f": result["ents_f"]} if label == "all"
                   else result["ents_per_type"].get(label, {"p": 0.0, "r": 0.0, "f": 0.0}))
            cells.append(f"{row['p']:>8.3f}{row['r']:>8.3f}{row['f']:>8.3f}  ")
        print(f"{label:<10}" + "".join(cells))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
