"""Monetary figures: find amounts with a currency marker and normalise them to ISO 4217.

First version: common symbols and codes before or after the number, with scale words.
"""
from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc

from extractor.components.extensions import register_doc_extension
from extractor.schema import Money

register_doc_extension("money", default=[])

_MARKERS = {
    "US$": "USD", "NT$": "TWD", "HK$": "HKD", "S$": "SGD", "A$": "AUD", "C$": "CAD", "$": "USD",
    "€": "EUR", "£": "GBP", "¥": "JPY", "₹": "INR", "RM": "MYR",
    "USD": "USD", "EUR": "EUR", "GBP": "GBP", "JPY": "JPY", "CNY": "CNY", "TWD": "TWD", "INR": "INR",
}
_SCALES = {"thousand": 1e3, "k": 1e3, "million": 1e6, "m": 1e6, "mn": 1e6, "billion": 1e9, "bn": 1e9,
           "b": 1e9, "trillion": 1e12, "t": 1e12}
_marker = "|".join(re.escape(m) for m in sorted(_MARKERS, key=len, reverse=True))
_scale = "|".join(sorted(_SCALES, key=len, reverse=True))
_MONEY = re.compile(
    rf"(?P<marker>{_marker})\s?(?P<number>\d[\d,]*(?:\.\d+)?)(?:\s?(?P<scale>{_scale})\b)?",
    re.IGNORECASE,
)


@Language.factory("extractor_money")
def make_money_finder(nlp: Language, name: str):
    return MoneyFinder()


class MoneyFinder:
    def __call__(self, doc: Doc) -> Doc:
        found = []
        for m in _MONEY.finditer(doc.text):
            currency = _MARKERS.get(m["marker"]) or _MARKERS.get(m["marker"].upper())
            if currency is None or not m["marker"].isupper() and m["marker"].isalpha():
                continue
            amount = float(m["number"].replace(",", "")) * _SCALES.get((m["scale"] or "").lower(), 1)
            found.append(Money(text=m.group(), amount=amount, currency=currency, start=m.start(), end=m.end()))
        doc._.money = found
        return doc
