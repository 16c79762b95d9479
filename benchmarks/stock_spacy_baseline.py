"""Stock spaCy as a baseline: its raw PERSON and ORG entities, deduplicated by text, as JSON Lines.

The records have the shape of `extractor extract --format jsonl` (id, people, organizations), so the
gold scorer compares stock and ours on the same inputs in the same run:

    python benchmarks/stock_spacy_baseline.py ../shared/corpus/dev > /tmp/stock.jsonl
    extractor extract ../shared/corpus/dev --format jsonl > /tmp/ours.jsonl
    python ../shared/eval/score.py ../shared/gold/dev /tmp/stock.jsonl
    python ../shared/eval/score.py ../shared/gold/dev /tmp/ours.jsonl

Texts are read by the same input layer as the extractor (Markdown and HTML reduced to their words),
so the only difference is what happens after the model.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from extractor.inputs import Document, iter_documents
from extractor.pipeline import load_model, stock_model_name


def stock_record(doc, document: Document) -> dict:
    def unique(label: str) -> list[dict]:
        names = dict.fromkeys(ent.text.strip() for ent in doc.ents if ent.label_ == label)
        return [{"name": name} for name in names if name]

    return {"id": document.id, "source": document.source,
            "people": unique("PERSON"), "organizations": unique("ORG")}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="+", help="files or folders, as for `extractor extract`")
    parser.add_argument("--model", default=None, help="spaCy pipeline (default: the stock en_core_web_sm)")
    args = parser.parse_args(argv)
    missing = [p for p in args.paths if not Path(p).exists()]
    if missing:
        parser.error(f"{missing[0]}: no such file or directory")
    nlp = load_model(args.model or stock_model_name())
    documents = [d for d in iter_documents(args.paths) if isinstance(d, Document)]
    for doc, document in nlp.pipe(((d.text, d) for d in documents), as_tuples=True):
        sys.stdout.write(json.dumps(stock_record(doc, document), ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
