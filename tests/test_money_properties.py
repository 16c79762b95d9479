"""Property tests: any amount, currency and format rendered in a sentence comes back exactly; numbers that
are not money (percentages, years, counts, multiples) never do."""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extractor.money import find_money

# (marker, ISO code, where it goes, space between marker and number)
MARKERS = [
    ("$", "USD", "before", ""), ("US$", "USD", "before", ""), ("US$", "USD", "before", " "),
    ("€", "EUR", "before", ""), ("€", "EUR", "after", " "), ("£", "GBP", "before", ""),
    ("¥", "JPY", "before", ""), ("₹", "INR", "before", ""), ("₩", "KRW", "before", ""),
    ("HK$", "HKD", "before", ""), ("S$", "SGD", "before", ""), ("C$", "CAD", "before", ""),
    ("A$", "AUD", "before", ""), ("NT$", "TWD", "before", ""), ("RM", "MYR", "before", ""),
    ("Rp", "IDR", "before", " "), ("USD", "USD", "before", " "), ("USD", "USD", "after", " "),
    ("EUR", "EUR", "before", " "), ("CHF", "CHF", "after", " "), ("euros", "EUR", "after", " "),
    ("yen", "JPY", "after", " "), ("yuan", "CNY", "after", " "), ("baht", "THB", "after", " "),
    ("ringgit", "MYR", "after", " "), ("Canadian dollars", "CAD", "after", " "),
    ("Singapore dollars", "SGD", "after", " "), ("dollars", "USD", "after", " "),
]
SCALES = [("thousand", 1e3), ("million", 1e6), ("billion", 1e9), ("trillion", 1e12)]
ABBREVIATIONS = [("k", 1e3), ("m", 1e6), ("M", 1e6), ("bn", 1e9), ("B", 1e9)]
TEMPLATES = [
    "The company said it raised {} last year.",
    "{} was committed by the investors on Monday.",
    "Revenue reached {}, according to the filing.",
    "The board approved a budget of {} for the new plant.",
]


@st.composite
def written_amounts(draw) -> tuple[str, float]:
    style = draw(st.sampled_from(["plain", "grouped", "cents", "scale", "abbreviation"]))
    if style == "plain":
        n = draw(st.integers(1, 99_999))
        return str(n), float(n)
    if style == "grouped":
        n = draw(st.integers(1_000, 10**10))
        return f"{n:,}", float(n)
    if style == "cents":
        cents = draw(st.integers(1, 10**8))
        return f"{cents / 100:,.2f}", cents / 100
    number = draw(st.integers(1, 999))
    tenth = draw(st.one_of(st.none(), st.integers(0, 9)))
    written = str(number) if tenth is None else f"{number}.{tenth}"
    value = number if tenth is None else number + tenth / 10
    if style == "scale":
        word, factor = draw(st.sampled_from(SCALES))
        return f"{written} {word}", value * factor
    abbreviation, factor = draw(st.sampled_from(ABBREVIATIONS))
    return f"{written}{abbreviation}", value * factor


@settings(max_examples=300, deadline=None)
@given(amount=written_amounts(), marker=st.sampled_from(MARKERS), template=st.sampled_from(TEMPLATES))
def test_rendered_amount_comes_back(amount, marker, template):
    written, value = amount
    symbol, currency, where, space = marker
    phrase = f"{symbol}{space}{written}" if where == "before" else f"{written}{space}{symbol}"
    sentence = template.format(phrase)
    found = find_money(sentence)
    assert [(m.currency, m.text) for m in found] == [(currency, phrase)]
    assert found[0].amount == pytest.approx(value)
    assert sentence[found[0].start:found[0].end] == phrase


NOT_MONEY = st.one_of(
    st.floats(0.1, 999, allow_nan=False).map(lambda x: f"{x:.1f}%"),
    st.integers(1, 100).map(lambda n: f"{n} percent"),
    st.integers(1900, 2099).map(lambda y: f"in {y}"),
    st.integers(1900, 2099).map(lambda y: f"fiscal {y}"),
    st.integers(1, 10**7).map(lambda n: f"{n:,} employees"),
    st.integers(1, 999).map(lambda n: f"{n}M shares"),
    st.integers(2, 50).map(lambda n: f"{n}x revenue multiple"),
    st.integers(1, 4).map(lambda q: f"Q{q} 2025"),
    st.integers(10**9, 10**10 - 1).map(lambda n: f"+1 {str(n)[:3]}-{str(n)[3:6]}-{str(n)[6:]}"),
    st.integers(1, 10**6).map(lambda n: f"{n:,} BTC"),
    st.integers(1, 10**6).map(lambda n: f"{n:,} tokens"),
)


@settings(max_examples=200, deadline=None)
@given(phrase=NOT_MONEY, template=st.sampled_from(TEMPLATES))
def test_non_money_numbers_are_never_money(phrase, template):
    assert find_money(template.format(phrase)) == []


@settings(max_examples=150, deadline=None)
@given(low=st.integers(1, 499), width=st.integers(1, 500), scale=st.sampled_from(SCALES),
       marker=st.sampled_from([m for m in MARKERS if m[2] == "before"]),
       joiner=st.sampled_from(["{m}{a}-{b} {s}", "{m}{a}–{b} {s}", "between {m}{a} {s} and {m}{b} {s}",
                               "from {m}{a} {s} to {m}{b} {s}"]))
def test_rendered_range_gives_both_ends(low, width, scale, marker, joiner):
    symbol, currency, _, space = marker
    word, factor = scale
    phrase = joiner.format(m=symbol + space, a=low, b=low + width, s=word)
    found = find_money(f"The company expects {phrase} in new orders.")
    assert [(m.currency, m.qualifier) for m in found] == [(currency, "range_min"), (currency, "range_max")]
    assert [m.amount for m in found] == [pytest.approx(low * factor), pytest.approx((low + width) * factor)]


_MARKER_PIECES = st.sampled_from(["US$", "$", "S", "HK", "RM", "Rs.", "EUR", "euro", "€", "xUS", "u.s.", " ", "(",
                                  "yen", "C", "a", "Ltd", "5", "-", "é", "\u00a0", "dollars"])


@settings(max_examples=400, deadline=None)
@given(st.lists(_MARKER_PIECES, max_size=14).map("".join))
def test_the_marker_before_a_number_is_the_leftmost_match_of_the_marker_pattern(before):
    from extractor.money.scanner import _PREFIX_WINDOW, _leftmost_marker_before, _patterns

    text = before + "5"
    end = len(before)
    expected = _patterns().before.search(text, max(0, end - _PREFIX_WINDOW), end)
    found = _leftmost_marker_before(text, end)
    assert (found and found.span()) == (expected and expected.span())

