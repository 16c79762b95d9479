#!/usr/bin/env python3
"""Turn the annotated corpus into spaCy training data: one DocBin per split.

usage: python training/convert.py [--base MODEL] [--out training/data]

Each release is read and tokenized as the extractor reads it (Markdown reduced to its words, glued
contact lines split: extractor.tokenization). Its gold record gives
PERSON and ORG mentions: every occurrence of each name and alias, longest first, at word boundaries,
case as written. Entity types the gold does not annotate (GPE, LOC, FAC, PRODUCT, EVENT, DATE, MONEY,
...) come from the base model as silver labels wherever they do not touch a gold mention, so that
fine-tuning does not forget them. A base-model PERSON or ORG that the gold does not list is left out:
the annotators said it is not one (a product, an event, the publishing wire).
"""
from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

import spacy
from spacy.tokens import Doc, DocBin, Span

TRAINING = Path(__file__).resolve().parent
GOLD_LABELS = ("PERSON", "ORG")


def gold_names(record: dict) -> list[tuple[str, str]]:
    """(surface form, label) for every name and alias of the record's people and organizations."""
    forms = [(n, "PERSON") for p in record["people"] for n in (p["name"], *p["aliases"])]
    forms += [(n, "ORG") for o in record["organizations"] for n in (o["name"], *o["aliases"])]
    return [(form.strip(), label) for form, label in forms if form and form.strip()]


def mention_spans(text: str, names: list[tuple[str, str]]) -> list[tuple[int, int, str]]:
    """Every occurrence of every form, longest forms first, never overlapping an earlier one."""
    taken: list[tuple[int, int, str]] = []
    for form, label in sorted(set(names), key=lambda n: -len(n[0])):
        pattern = re.compile(rf"(?<![\w-]){re.escape(form)}(?![\w-])")
        for match in pattern.finditer(text):
            start, end = match.span()
            if not any(s < end and start < e for s, e, _ in taken):
                taken.append((start, end, label))
    return sorted(taken)


def annotated_doc(base, text: str, record: dict) -> Doc:
    """The base model's analysis of `text` with its entities replaced by gold mentions plus silver ones."""
    doc = base(text)
    spans: list[Span] = []
    for start, end, label in mention_spans(text, gold_names(record)):
        span = doc.char_span(start, end, label=label, alignment_mode="contract")
        if span is not None and len(span):
            spans.append(span)
    covered = {i for span in spans for i in range(span.start, span.end)}
    for ent in doc.ents:
        if ent.label_ not in GOLD_LABELS and not covered.intersection(range(ent.start, ent.end)):
            spans.append(ent)
    doc.set_ents(sorted(spans, key=lambda s: s.start), default="outside")
    return doc


def main(argv: list[str] | None = None) -> int:
    from extractor.inputs import to_plain_text
    from extractor.pipeline import stock_model_name
    from extractor.tokenization import split_glued_words

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", default=None, help="spaCy pipeline for the silver labels (default: the stock model)")
    parser.add_argument("--out", type=Path, default=TRAINING / "data")
    args = parser.parse_args(argv)
    base = split_glued_words(spacy.load(args.base or stock_model_name()))
    splits = json.loads((TRAINING / "splits.json").read_text(encoding="utf-8"))
    args.out.mkdir(parents=True, exist_ok=True)
    for split in ("train", "validation", "test"):
        docs = DocBin(attrs=["ORTH", "TAG", "HEAD", "DEP", "SENT_START", "ENT_IOB", "ENT_TYPE"])
        for doc_id in splits[split]:
            raw = (TRAINING / "corpus" / f"{doc_id}.md").read_text(encoding="utf-8")
            record = json.loads((TRAINING / "gold" / f"{doc_id}.json").read_text(encoding="utf-8"))
            docs.add(annotated_doc(base, to_plain_text(raw, name=f"{doc_id}.md"), record))
        docs.to_disk(args.out / f"{split}.spacy")
        print(f"{split}: {len(docs)} documents -> {args.out / f'{split}.spacy'}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
