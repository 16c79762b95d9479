"""Patterns written without re.IGNORECASE (for speed) must match exactly what the flag would."""
from __future__ import annotations

import re

import pytest

from extractor.components.sectors import _ASCII_LOWER, _lowered_in_place
from extractor.names import _alternation, _any_case

TITLES = ["chief executive officer", "co-founder", "managing director", "director", "key account manager"]
# The last three are the letters with a non-ASCII match under the flag: Kelvin sign, long s, dotted I.
WRITTEN = ["Chief Executive Officer", "CHIEF EXECUTIVE OFFICER", "chief executive officer", "Co-Founder",
           "MANAGING Director", "Managing Directors", "Chief Officer", "founder",
           "\u212aey account manager", "di\u017fector", "D\u0130RECTOR"]


@pytest.mark.parametrize("text", WRITTEN)
def test_any_case_alternation_matches_as_ignorecase(text):
    with_flag = re.compile(_alternation(TITLES), re.IGNORECASE)
    without = re.compile(_alternation(TITLES, any_case=True))
    assert [m.span() for m in without.finditer(text)] == [m.span() for m in with_flag.finditer(text)]


@pytest.mark.parametrize("text", ["and", "AND", "And", "aNd", "an", "band", "\u212a"])
def test_any_case_word_matches_as_ignorecase(text):
    assert bool(re.fullmatch(_any_case("and"), text)) == bool(re.fullmatch("(?i:and)", text))


@pytest.mark.parametrize("text", ["Forward-Looking Statements", "SOCIÉTÉ Générale’s NOTICE",
                                  "İstanbul Disclaimer", "5 \u212aelvin DISCLAIMER"])
def test_lowered_in_place_agrees_with_lowering_ascii_letters(text):
    lowered = _lowered_in_place(text)
    assert len(lowered) == len(text)
    assert re.sub(r"[^\x00-\x7f]", "?", lowered) == re.sub(r"[^\x00-\x7f]", "?", text.translate(_ASCII_LOWER))
