"""One money item per distinct figure: the headline's "$45 Million" and the body's "$45 million" are one
amount mentioned twice, so that totals over a batch do not count it twice."""
from __future__ import annotations

import math

from extractor.schema import Money, MoneyMention

# An exact figure and the same figure said "about" are one; a bound ("up to $5M") is another figure.
_SAME_FIGURE_QUALIFIERS = ({None}, {"approx"}, {None, "approx"})
# Kinds that name one thing from two sides: a deal's price and the valuation it implies ("to acquire X in a
# C$1.2 billion deal" ... "valued at C$1.2 billion"), a round's funding and the investment it is.
_SAME_THING = ({"acquisition", "valuation"}, {"funding", "investment"})


def _same_kind(a: str | None, b: str | None) -> bool:
    return a is None or b is None or a == b or any({a, b} <= kinds for kinds in _SAME_THING)


def same_figure(a: Money, b: Money) -> bool:
    """Same currency and amount, the same kind of bound, and no two different things ("revenue" vs "funding")."""
    return (a.currency == b.currency and math.isclose(a.amount, b.amount, rel_tol=1e-9)
            and ({a.qualifier, b.qualifier} in _SAME_FIGURE_QUALIFIERS or a.qualifier == b.qualifier)
            and _same_kind(a.kind, b.kind))


def merge_repeated_figures(found: list[Money]) -> list[Money]:
    """Group amounts in text order into figures; each keeps its first mention's text and offsets and lists
    every mention. A figure written exactly anywhere is exact; its kind is the first one a mention tells."""
    figures: list[Money] = []
    for money in found:
        mention = MoneyMention(text=money.text, start=money.start, end=money.end)
        figure = next((f for f in figures if same_figure(f, money)), None)
        if figure is None:
            figures.append(money.model_copy(update={"mentions": [mention]}))
            continue
        figure.mentions.append(mention)
        figure.kind = figure.kind or money.kind
        if money.qualifier is None:
            figure.qualifier = None
    return figures
