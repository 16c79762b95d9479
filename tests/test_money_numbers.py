"""The number parser and the currency lexicon as pure functions: no spaCy pipeline."""
from __future__ import annotations

import time

import pytest

from extractor.money.currencies import lexicon, normalize_name
from extractor.money.numbers import QUANTITY, parse_digits, parse_words, scale_factor


@pytest.mark.parametrize(("text", "value"), [
    ("1,140,000", 1_140_000),
    ("1,140,000.50", 1_140_000.5),
    ("1.140.000,50", 1_140_000.5),
    ("1.140.000", 1_140_000),
    ("1 140 000", 1_140_000),
    ("1\u00a0140\u00a0000", 1_140_000),
    ("12,34,567.89", 1_234_567.89),
    ("1.140", 1.14),
    ("0.000648", 0.000648),
    (".5", 0.5),
    ("1,5", 1.5),
])
def test_parse_digits(text, value):
    assert parse_digits(text) == pytest.approx(value)


@pytest.mark.parametrize(("scale", "factor"), [
    ("k", 1e3), ("K", 1e3), ("m", 1e6), ("M", 1e6), ("MM", 1e6), ("mn", 1e6), (" mln", 1e6), ("bn", 1e9),
    (" Bn", 1e9), ("B", 1e9), ("T", 1e12), (" thousand", 1e3), (" Million", 1e6), ("-billion", 1e9),
    (" trillion", 1e12), (" lakh", 1e5), (" crore", 1e7), (" crores", 1e7), (None, 1.0),
])
def test_scale_factor(scale, factor):
    assert scale_factor(scale) == factor


@pytest.mark.parametrize(("words", "value"), [
    ("one", 1), ("twenty", 20), ("forty-five", 45), ("two million", 2e6), ("a billion", 1e9),
    ("one hundred and five", 105), ("two million three hundred thousand", 2_300_000), ("half million", 5e5),
    ("a quarter million", 250_000), ("three quarters billion", 7.5e8), ("one point three", 1.3),
    ("five lakhs", 5e5), ("four crore", 4e7), ("a", None), ("an", None), ("point", None),
])
def test_parse_words(words, value):
    assert parse_words(words) == (pytest.approx(value) if value is not None else None)


@pytest.mark.parametrize(("text", "quantity"), [
    ("paid 1.2bn in cash", "1.2bn"),
    ("a $98M round", "98M"),
    ("raised 5 million", "5 million"),
    ("about 5.2-million", "5.2-million"),
    ("two million dollars", "two million"),
    ("5M shares", "5M"),
    ("in 5 minutes", "5"),      # "m" is a scale only when nothing follows it
    ("a 3-day event", "3"),
])
def test_quantity_pattern(text, quantity):
    assert next(m.group() for m in QUANTITY.finditer(text) if m["digits"] or m["words"] not in ("a", "an")) \
        == quantity


@pytest.mark.parametrize(("written", "key"), [
    ("U.S. dollars", "us dollars"), ("u . s . dollars", "us dollars"), ("Hong-Kong  Dollars", "hong kong dollars"),
    ("Icelandic Króna", "icelandic krona"),
])
def test_normalize_name(written, key):
    assert normalize_name(written) == key


@pytest.mark.parametrize(("group", "written", "currency"), [
    ("symbol", "€", "EUR"), ("symbol", "₩", "KRW"), ("symbol", "RM", "MYR"), ("symbol", "Rp", "IDR"),
    ("symbol", "Rs", "INR"), ("symbol", "Rs.", "INR"), ("symbol", "¥", "JPY"), ("symbol", "£", "GBP"),
    ("dollar", "$", "USD"), ("dollar", "US$", "USD"), ("dollar", "NT$", "TWD"), ("dollar", "HK$", "HKD"),
    ("dollar", "S$", "SGD"), ("dollar", "A$", "AUD"), ("dollar", "C$", "CAD"), ("dollar", "CA$", "CAD"),
    ("dollar", "NZ$", "NZD"), ("dollar", "R$", "BRL"), ("dollar", "U.S.$", "USD"), ("dollar", "hk $", "HKD"),
    ("code", "USD", "USD"), ("code", "usd", "USD"), ("code", "RMB", "CNY"), ("code", "MUSD", "USD"),
    ("name", "dollars", "USD"), ("name", "Canadian dollars", "CAD"), ("name", "Singapore dollars", "SGD"),
    ("name", "New Taiwan dollars", "TWD"), ("name", "renminbi", "CNY"), ("name", "yuan", "CNY"),
    ("name", "won", "KRW"), ("name", "baht", "THB"), ("name", "ringgit", "MYR"), ("name", "rupees", "INR"),
    ("name", "pesos", "MXN"), ("name", "dirhams", "AED"), ("name", "riyals", "SAR"), ("name", "francs", "CHF"),
    ("name", "pounds sterling", "GBP"), ("name", "euros", "EUR"), ("name", "U.S. dollars", "USD"),
    ("subunit", "cents", "USD"), ("subunit", "pence", "GBP"), ("subunit", "sen", "MYR"),
])
def test_lexicon_lookup(group, written, currency):
    assert lexicon().lookup(group, written).default == currency


@pytest.mark.parametrize(("group", "written"), [
    ("code", "ALL"), ("code", "TOP"), ("code", "cup"), ("code", "Bob"), ("name", "real"), ("name", "gold"),
    ("code", "BTC"), ("code", "ETH"), ("symbol", "Ft"), ("symbol", "KM"),
])
def test_lexicon_rejects_words_and_crypto(group, written):
    assert lexicon().lookup(group, written) is None


def test_lexicon_names_come_from_cldr():
    names = lexicon().names
    assert len(names) > 500  # every current currency, singular and plural, from Babel's English locale
    assert names["malaysian ringgits"].default == "MYR" and names["kuwaiti dinar"].default == "KWD"


def test_lexicon_builds_fast():
    lexicon.cache_clear()
    started = time.perf_counter()
    lexicon()
    assert time.perf_counter() - started < 0.3


def test_shipped_symbols_match_cldr():
    """data/currency_symbols.json is Babel's CLDR data (`python -m extractor.money.currencies` rebuilds it)."""
    import json
    from importlib import resources

    import babel

    from extractor.money.currencies import cldr_symbols

    shipped = json.loads(resources.files("extractor").joinpath("data/currency_symbols.json").read_text("utf-8"))
    if f"Babel {babel.__version__};" not in shipped["_about"]:
        pytest.skip(f"symbols were collected with another Babel than {babel.__version__}")
    assert shipped["symbols"] == cldr_symbols()
