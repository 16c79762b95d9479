"""A trie alternation matches exactly what the flat alternation, longest first, matches."""
from __future__ import annotations

import re

import pytest

from extractor.money.scanner import _no_letter_after
from extractor.tries import trie_pattern

WORDS = ["cent", "cents", "centavos", "crore", "crores", "a", "an"]


@pytest.mark.parametrize("text", ["cent", "cents", "centavos", "crores", "an", "a", "centa", "cro", "", "x"])
def test_a_trie_matches_what_the_flat_alternation_matches(text):
    flat = "|".join(sorted(WORDS, key=len, reverse=True))
    trie = trie_pattern(WORDS)
    assert bool(re.fullmatch(trie, text)) is bool(re.fullmatch(flat, text))
    assert (re.match(trie, text) or [None])[0] == (re.match(flat, text) or [None])[0]


def test_the_longest_string_on_a_path_is_tried_first():
    assert re.match(trie_pattern(WORDS), "centavos ")[0] == "centavos"
    assert re.match(trie_pattern(WORDS), "cents ")[0] == "cents"


@pytest.mark.parametrize("text, expected", [("R 5", "R"), ("Rs5", "Rs"), ("R$5", "R$"), ("Rx5", None), ("Rsx", None)])
def test_each_string_keeps_what_must_follow_it(text, expected):
    pattern = trie_pattern(["R", "Rs", "R$"], ending=_no_letter_after)
    assert (re.match(pattern, text) or [None])[0] == expected
