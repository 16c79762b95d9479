"""Monetary figures: numbers, the currency lexicon, document rules, cue words and the text scanner.

`find_money(text)` is the whole feature as a pure function, one item per amount written;
`merge_repeated_figures` makes one item per distinct figure, as the spaCy component
`extractor.components.money` reports them.
"""
from extractor.money.figures import merge_repeated_figures
from extractor.money.scanner import find_money

__all__ = ["find_money", "merge_repeated_figures"]
