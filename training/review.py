#!/usr/bin/env python3
"""Review the gold where the extractor and the annotators disagree, then apply the reviewers' verdicts.

usage: python training/review.py batches PREDICTIONS.jsonl OUT_DIR [--split train] [--batches 8]
       python training/review.py apply VERDICTS_DIR [--batches-dir DIR]

`batches` lists, for each release of the split, every person and organization that only one side has
(the scorer's false positives and false negatives), with a few snippets of the text around each name, in
OUT_DIR/batch_<k>.jsonl (a release's items stay in one batch). Reviewers judge each item from the text
and ANNOTATING.md ("Review of disagreements") and write OUT_DIR/verdicts_<k>.jsonl. `apply` edits
training/gold accordingly; run check_gold.py afterwards. Both sides are reviewed, so the gold is not
pulled towards the extractor: a missed gold entry can be kept or removed, a proposed one added or not.
"""
from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

TRAINING = Path(__file__).resolve().parent
SCORER = TRAINING.parent.parent / "shared" / "eval"
FIELDS = ("organizations", "people")


def read_text(release: str) -> str:
    from extractor.inputs import to_plain_text

    return to_plain_text((TRAINING / "corpus" / f"{release}.md").read_text(encoding="utf-8"), name=f"{release}.md")


def occurrences(text: str, name: str) -> list[re.Match]:
    return list(re.finditer(rf"(?<![\w-]){re.escape(name)}(?![\w-])", text))


def snippets(text: str, name: str, limit: int = 3, width: int = 170) -> list[str]:
    """Up to `limit` passages around the name, the name marked [[so]], line breaks shown as ⏎."""
    def flat(part: str) -> str:
        return part.replace("\n", " ⏎ ")
    return [flat(text[max(0, m.start() - width):m.start()]) + f"[[{m.group()}]]" + flat(text[m.end():m.end() + width])
            for m in occurrences(text, name)[:limit]]


def disagreements(split: str, predictions: Path) -> list[dict]:
    sys.path.insert(0, str(SCORER))
    import score

    norms = {"organizations": score.norm_org, "people": score.norm_person}
    records = {}
    for line in predictions.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        records[record["id"]] = record
    items = []
    for release in json.loads((TRAINING / "splits.json").read_text(encoding="utf-8"))[split]:
        gold = json.loads((TRAINING / "gold" / f"{release}.json").read_text(encoding="utf-8"))
        text = read_text(release)
        for field in FIELDS:
            result = score.match_entities(gold[field], records[release].get(field, []), norms[field])
            for kind, name in result["errors"]:
                if name:
                    items.append({"item": len(items), "release": release, "field": field, "kind": kind, "name": name,
                                  f"gold_{field}": [entity["name"] for entity in gold[field]],
                                  "contexts": snippets(text, name)})
    return items


def write_batches(items: list[dict], out: Path, count: int) -> None:
    """Releases with the most items first, each to the smallest batch so far."""
    by_release: dict[str, list[dict]] = {}
    for item in items:
        by_release.setdefault(item["release"], []).append(item)
    batches: list[list[dict]] = [[] for _ in range(count)]
    for release in sorted(by_release, key=lambda r: -len(by_release[r])):
        min(batches, key=len).extend(by_release[release])
    out.mkdir(parents=True, exist_ok=True)
    for k, batch in enumerate(batches):
        lines = (json.dumps(item, ensure_ascii=False) for item in sorted(batch, key=lambda i: i["item"]))
        (out / f"batch_{k}.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")


def find(entities: list[dict], name: str) -> dict | None:
    return next((entity for entity in entities if entity["name"] == name), None)


def add_alias(entity: dict, alias: str) -> None:
    if alias != entity["name"] and alias not in entity["aliases"]:
        entity["aliases"].append(alias)


def apply_verdict(record: dict, text: str, item: dict, verdict: dict) -> str:
    """Edit one gold record by one verdict; returns what was done, for the summary."""
    entities = record[item["field"]]
    kind = verdict["verdict"]
    if kind == "add":
        name = verdict["name"]
        existing = find(entities, name)
        if existing:
            for alias in [item["name"], *verdict.get("aliases", [])]:
                if occurrences(text, alias):
                    add_alias(existing, alias)
            return "alias"
        entity = {"name": name, "aliases": [a for a in verdict.get("aliases", []) if a != name]}
        if item["field"] == "people":
            entity.update(title=verdict.get("title"), organization=verdict.get("organization"))
        entities.append(entity)
        return "add"
    if kind not in ("alias", "remove", "rename"):
        return kind  # "keep", "not": nothing to change
    entity = find(entities, verdict["of"] if kind == "alias" else item["name"])
    if entity is None:
        return "skipped: no such gold entry"
    if kind == "alias":
        add_alias(entity, item["name"])
    elif kind == "remove":
        entities.remove(entity)
    else:
        old, entity["name"] = entity["name"], verdict["name"]
        new_spans = [m.span() for m in occurrences(text, entity["name"])]
        if any(not any(s <= m.start() and m.end() <= e for s, e in new_spans) for m in occurrences(text, old)):
            add_alias(entity, old)  # the old form is also written on its own: it stays, as an alias
        entity["aliases"] = [a for a in entity["aliases"] if a != entity["name"]]
    return kind


def apply(verdicts_dir: Path, batches_dir: Path) -> dict[str, int]:
    items = {}
    for path in sorted(batches_dir.glob("batch_*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            item = json.loads(line)
            items[item["item"]] = item
    verdicts = []
    for path in sorted(verdicts_dir.glob("verdicts_*.jsonl")):
        verdicts += [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    counts: dict[str, int] = {}
    by_release: dict[str, list[dict]] = {}
    for verdict in verdicts:
        by_release.setdefault(items[verdict["item"]]["release"], []).append(verdict)
    for release, release_verdicts in sorted(by_release.items()):
        path = TRAINING / "gold" / f"{release}.json"
        record = json.loads(path.read_text(encoding="utf-8"))
        before = json.dumps(record)
        text = read_text(release)
        for verdict in release_verdicts:
            done = apply_verdict(record, text, items[verdict["item"]], verdict)
            counts[done] = counts.get(done, 0) + 1
        if json.dumps(record) != before:
            path.write_text(json.dumps(record, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return counts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    make = commands.add_parser("batches")
    make.add_argument("predictions", type=Path)
    make.add_argument("out", type=Path)
    make.add_argument("--split", default="train")
    make.add_argument("--batches", type=int, default=8)
    use = commands.add_parser("apply")
    use.add_argument("verdicts", type=Path)
    use.add_argument("--batches-dir", type=Path, default=None)
    args = parser.parse_args(argv)
    if args.command == "batches":
        items = disagreements(args.split, args.predictions)
        write_batches(items, args.out, args.batches)
        print(f"{len(items)} items -> {args.out}", file=sys.stderr)
    else:
        print(apply(args.verdicts, args.batches_dir or args.verdicts), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
