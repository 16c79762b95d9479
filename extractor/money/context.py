"""Document-level currency rules: which dollar a bare "$" is, which yen-or-yuan "¥" is, which rupee
"Rs" is.

Conservative by design (see the gold guide): "$" is USD unless the release declares another dollar
("All amounts are in Canadian dollars", "(in C$)"). A release that writes both "$2.7 billion" and
"C$3.8 billion" contrasts them, so the bare "$" stays USD. "¥" is JPY unless the release speaks of
yuan/renminbi/RMB/CNY and never of yen.
"""
from __future__ import annotations

import re
from functools import cached_property

from extractor.money.currencies import Marker, lexicon, normalize_name

_YUAN_WORDS = re.compile(r"\b(?:yuan|renminbi|RMB|CNY)\b|CN¥|元|¥CN", re.IGNORECASE)
_YEN_WORDS = re.compile(r"\b(?:yen|JPY)\b|JP¥", re.IGNORECASE)


def _dollar_phrases() -> dict[str, str]:
    """Phrases that name one specific dollar: 'Canadian dollars', 'C$', 'CAD', 'US$' -> ISO code."""
    lex = lexicon()
    dollar_codes = set(lex.dollar_prefixes[""].currencies)
    phrases = {}
    for name, marker in lex.names.items():
        if len(marker.currencies) == 1 and marker.default in dollar_codes and " " in name:
            phrases[name] = marker.default
    for prefix, marker in lex.dollar_prefixes.items():
        if prefix and len(marker.currencies) >= 1 and marker.default:
            phrases[normalize_name(prefix + "$")] = marker.default
    for code in dollar_codes:
        phrases[code.lower()] = code
    return phrases


def _phrase_pattern(phrase: str) -> str:
    """'us dollars' also as 'U.S. dollars'; any run of spaces between words."""
    pattern = re.escape(phrase).replace(r"\ ", r"\s+")
    return pattern.replace("us", r"(?:u\.?\s?s\.?|us)", 1) if phrase.startswith("us") else pattern


_DOLLAR_PHRASES = _dollar_phrases()
_PHRASE = "|".join(_phrase_pattern(p) for p in sorted(_DOLLAR_PHRASES, key=len, reverse=True))
_IN_UNITS = r"in\s+(?:(?:thousands|millions|billions)\s+of\s+)?"
_DECLARATION = re.compile(
    rf"(?:\b(?:amounts?|figures?|values?|numbers|dollars?|currency|results)\b[^.;\n]{{0,60}}?\b{_IN_UNITS}"
    rf"|\b(?:expressed|stated|reported|denominated|presented|quoted)\s+{_IN_UNITS}"
    rf"|\(\s*{_IN_UNITS})"
    rf"(?P<currency>{_PHRASE})(?![\w$])(?!\s?\d)",
    re.IGNORECASE,
)


def declared_dollar(text: str) -> str | None:
    """The dollar a release says its amounts are in, when it says so once and unambiguously."""
    declared = {_DOLLAR_PHRASES.get(normalize_name(m["currency"])) for m in _DECLARATION.finditer(text)}
    declared.discard(None)
    return declared.pop() if len(declared) == 1 else None


class DocumentCurrencies:
    """Resolves a marker to one ISO code for one document; each rule runs at most once per document."""

    def __init__(self, text: str):
        self.text = text
        self._mentions: dict[str, bool] = {}

    @cached_property
    def dollar(self) -> str:
        return declared_dollar(self.text) or "USD"

    @cached_property
    def yen_is_yuan(self) -> bool:
        return bool(_YUAN_WORDS.search(self.text)) and not _YEN_WORDS.search(self.text)

    def mentions(self, code: str) -> bool:
        """Does the text name the country or the adjective of this currency ('Pakistan', 'Pakistani')?"""
        if code not in self._mentions:
            words = lexicon().context_words.get(code, ())
            self._mentions[code] = any(re.search(rf"\b{re.escape(w)}\b", self.text) for w in words)
        return self._mentions[code]

    def resolve(self, marker: Marker) -> str | None:
        if len(marker.currencies) == 1:
            return marker.default
        if marker.is_dollar:
            return self.dollar
        if set(marker.currencies) == {"JPY", "CNY"}:
            return "CNY" if self.yen_is_yuan else "JPY"
        candidates = [c for c in marker.currencies if c]
        if marker.kind in ("name", "symbol") and marker.default not in ("GBP",):
            mentioned = [c for c in candidates if self.mentions(c)]
            if len(mentioned) == 1:
                return mentioned[0]
        return marker.default
