#!/usr/bin/env python3
"""Check gold records mechanically against their texts.

usage: python training/check_gold.py GOLD_DIR [CORPUS_DIR]

Each GOLD_DIR/<id>.json must be valid JSON with exactly the guide's keys, and
every name, alias, title, person's organization, money text and sector
evidence phrase must occur verbatim in CORPUS_DIR/<id>.md (whitespace runs
compare equal, so a name broken across a line still counts). Sectors must be
GICS sector names. Prints one line per problem; exits 1 if there is any.
Standard library only, so annotators can run it anywhere.
"""
from __future__ import annotations

import json
import re
import sys
from pathlib import Path

GICS_SECTORS = {
    "Energy", "Materials", "Industrials", "Consumer Discretionary", "Consumer Staples", "Health Care",
    "Financials", "Information Technology", "Communication Services", "Utilities", "Real Estate",
}
RECORD_KEYS = {"id", "people", "organizations", "money", "sectors"}
PERSON_KEYS = {"name", "aliases", "title", "organization"}
ORGANIZATION_KEYS = {"name", "aliases"}
MONEY_KEYS = {"text", "amount", "currency"}
SECTOR_KEYS = {"sector", "industry", "evidence"}


HYPHENS = dict.fromkeys(map(ord, "\u2010\u2011\u2012\u2013\u00ad"), "-")


def squeeze(text: str) -> str:
    """Collapse whitespace and hyphen variants, so that a phrase wrapped across lines still matches."""
    return re.sub(r"\s+", " ", text.translate(HYPHENS))


def shared_surname(name: str, text: str) -> bool:
    """A name built from a pair that shares a surname: "Rose and Dan Arguin" names "Rose Arguin"."""
    words = name.split()
    return len(words) >= 2 and bool(re.search(
        rf"\b{re.escape(words[0])}\b (?:and|&) \w+(?: \w+)? {re.escape(' '.join(words[1:]))}\b", text))


def record_problems(record: object, text: str, doc_id: str) -> list[str]:
    """Every way `record` breaks the guide's format or quotes what `text` does not say."""
    if not isinstance(record, dict):
        return ["record is not a JSON object"]
    problems = []
    if set(record) != RECORD_KEYS:
        problems.append(f"keys {sorted(record)} are not {sorted(RECORD_KEYS)}")
    if record.get("id") != doc_id:
        problems.append(f"id {record.get('id')!r} is not the file name {doc_id!r}")
    flat = squeeze(text)

    def quoted(value: object, what: str, any_case: bool = False, pair: bool = False) -> None:
        if not isinstance(value, str) or not value.strip():
            problems.append(f"{what}: {value!r} is not a non-empty string")
            return
        found = squeeze(value) in flat or (any_case and squeeze(value).casefold() in flat.casefold())
        if not found and not (pair and shared_surname(squeeze(value), flat)):
            problems.append(f"{what}: {value!r} is not in the text")

    def items(key: str, keys: set[str]) -> list[dict]:
        value = record.get(key, [])
        if not isinstance(value, list):
            problems.append(f"{key} is not a list")
            return []
        good = []
        for item in value:
            if not isinstance(item, dict) or set(item) != keys:
                problems.append(f"{key}: {item!r} does not have exactly the keys {sorted(keys)}")
            else:
                good.append(item)
        return good

    for person in items("people", PERSON_KEYS):
        quoted(person["name"], "person", pair=True)
        for alias in person["aliases"] or []:
            quoted(alias, f"alias of {person['name']!r}")
        for key in ("title", "organization"):
            if person[key] is not None:
                quoted(person[key], f"{key} of {person['name']!r}")
    for organization in items("organizations", ORGANIZATION_KEYS):
        quoted(organization["name"], "organization")
        for alias in organization["aliases"] or []:
            quoted(alias, f"alias of {organization['name']!r}")
    for money in items("money", MONEY_KEYS):
        quoted(money["text"], "money")
        if not isinstance(money["amount"], (int, float)) or isinstance(money["amount"], bool):
            problems.append(f"money {money['text']!r}: amount {money['amount']!r} is not a number")
        if not (isinstance(money["currency"], str) and re.fullmatch(r"[A-Z]{3}", money["currency"])):
            problems.append(f"money {money['text']!r}: currency {money['currency']!r} is not an ISO 4217 code")
    for sector in items("sectors", SECTOR_KEYS):
        if sector["sector"] not in GICS_SECTORS:
            problems.append(f"sector {sector['sector']!r} is not a GICS sector name")
        if not sector["evidence"]:
            problems.append(f"sector {sector['sector']!r} has no evidence")
        for phrase in sector["evidence"] or []:
            quoted(phrase, f"evidence for {sector['sector']!r}", any_case=True)
    return problems


def main(argv: list[str]) -> int:
    if not argv or len(argv) > 2:
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    gold_dir = Path(argv[0])
    corpus_dir = Path(argv[1]) if len(argv) > 1 else Path(__file__).parent / "corpus"
    failed = 0
    for path in sorted(gold_dir.glob("*.json")):
        text_path = corpus_dir / f"{path.stem}.md"
        try:
            record = json.loads(path.read_text(encoding="utf-8"))
            text = text_path.read_text(encoding="utf-8")
        except (OSError, ValueError) as error:
            print(f"{path.name}: {error}")
            failed += 1
            continue
        problems = record_problems(record, text, path.stem)
        failed += bool(problems)
        for problem in problems:
            print(f"{path.name}: {problem}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
