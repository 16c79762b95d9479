"""Peer projects' money test cases (../shared/peer-money): Duckling's and Recognizers-Text's English corpora.

A case passes when every scored expected amount (one with an ISO currency) is extracted with that
currency and an amount within 0.5 %; for Duckling intervals both ends, for bounds the bound. The pass
rate per suite is printed and must not fall below the ratchet. Cases without an ISO currency are not
scored; cases that expect nothing are checked to stay empty. Runs the component in a blank English
pipeline: it needs no model.
"""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import spacy

import extractor.components  # noqa: F401  (registers the factories)
from extractor.money import find_money

# Pass rates reached; raise them when the extractor improves, never lower them.
RATCHET = {"duckling_money_en.jsonl": 0.977, "recognizers_currency_en.jsonl": 0.966}

# Cases left out of the rate, with the reason.
SKIPPED = {
    "20 ac": "conversion artifact: the Haskell escape for '€' lost its backslash and code point",
    "\x00a3\\&10": "conversion artifact: the Haskell escape '\\x00a3\\&' for '£' was kept literally",
}
# Cases that fail today, with the reason; they stay in the rate.
KNOWN_MISSES = {
    "10 c": "a lone 'c' after a space is too often a letter, a grade or a list item to read as cents",
    "42 le": "lower-case 'le' (Egyptian pound) is the French article; 'LE' and 'L.E.' are read",
    "from 1 point 1 and one point three dollars": "'1 point 1' mixes digits and number words",
    "It costs one dollar and one and one point of your credit points.": "'and one' then 'and' is not cents",
    "It costs one dollar and two and three points of your credit points.": "same",
    "It may need one kuai and five mao five.": "jiao/mao subunits are not read",
    "They paid 75 USD million but the price was actually 50 million USD. And if they had just 15 USD 50 more, "
    "they would have paid 80 USD million.": "cents after a code ('15 USD 50') are read only at a clause end",
    "Bob, can you borrow me 100,000 ரூ for emergency and I will pay back with interest next Monday.":
        "the Tamil rupee sign is not a CLDR symbol",
}
_ISO = re.compile(r"^[A-Z]{3}$")


def _scored(case: dict) -> list[tuple[str, float]]:
    wanted = []
    for item in case["expected"]:
        currency = item.get("currency")
        if not currency or not _ISO.match(currency) or item.get("iso") is False:
            continue
        kind = item.get("kind", "value")
        if kind == "value" and item.get("amount") is not None:
            wanted.append((currency, item["amount"]))
        elif kind == "interval":
            wanted += [(currency, item["min"]), (currency, item["max"])]
        elif kind == "below":
            wanted.append((currency, item["max"]))
        elif kind == "above":
            wanted.append((currency, item["min"]))
    return wanted


def _passes(found: list[tuple[str, float]], wanted: list[tuple[str, float]]) -> bool:
    return all(any(c == fc and abs(a - fa) <= 0.005 * max(abs(a), 1e-9) for fc, fa in found) for c, a in wanted)


@pytest.fixture(scope="module")
def money_nlp():
    nlp = spacy.blank("en")
    nlp.add_pipe("extractor_money")
    return nlp


def _cases(shared_dir: Path, suite: str) -> list[dict]:
    path = shared_dir / "peer-money" / suite
    if not path.exists():
        pytest.skip(f"{path} is not present")
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


@pytest.mark.parametrize("suite", sorted(RATCHET))
def test_peer_pass_rate(shared_dir, money_nlp, suite, capsys):
    passed, failed = 0, []
    for case in _cases(shared_dir, suite):
        wanted = _scored(case)
        if not wanted or case["text"] in SKIPPED:
            continue
        found = [(m.currency, m.amount) for m in find_money(case["text"])]
        if _passes(found, wanted):
            passed += 1
        else:
            failed.append(case["text"])
    rate = passed / (passed + len(failed))
    with capsys.disabled():
        print(f"\n{suite}: {passed}/{passed + len(failed)} = {rate:.1%}")
    unexplained = [t for t in failed if t not in KNOWN_MISSES]
    assert rate >= RATCHET[suite], f"pass rate {rate:.1%} fell below {RATCHET[suite]:.1%}; failing: {failed}"
    assert not unexplained, f"new failures: {unexplained}"


@pytest.mark.parametrize("suite", sorted(RATCHET))
def test_peer_cases_without_money_stay_empty(shared_dir, money_nlp, suite):
    empty = [case["text"] for case in _cases(shared_dir, suite) if not case["expected"]]
    assert [(text, money_nlp(text)._.money) for text in empty if money_nlp(text)._.money] == []
