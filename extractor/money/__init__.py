"""Monetary figures: numbers, the currency lexicon, document rules, cue words and the text scanner.

`find_money(text)` is the whole feature as a pure function; the spaCy component
`extractor.components.money` wraps it.
"""
from extractor.money.scanner import find_money

__all__ = ["find_money"]
