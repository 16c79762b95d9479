"""The currency lexicon: every way a press release marks a currency, mapped to ISO 4217.

Sources, in order: CLDR via Babel for the currencies in use today (legal tender with no end date, and
those retired since 2010 that `retired_kept` lists), their
ISO codes, English names and plural names (`en` locale, read at import: ~20 ms); CLDR symbols from all
locales, collected once into `data/currency_symbols.json` (`python -m extractor.money.currencies`
regenerates it, as reading every locale takes a second); and `data/currency_conventions.json` for what
CLDR does not settle (which currency a shared "$" or "rupee" defaults to, newswire aliases such as
"RMB" or "Cdn$", English words that are also currency names).
"""
from __future__ import annotations

import json
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from functools import cache, cached_property
from importlib import resources

from babel import Locale
from babel.core import get_global
from babel.numbers import get_currency_precision

DOLLAR_SYMBOL = "$"


@dataclass(frozen=True)
class Marker:
    """One way of writing a currency. `currencies` lists every currency it can stand for, the
    default first; `factor` scales the amount (0.01 for cents, 1e6 for "MUSD")."""

    kind: str  # "symbol", "code", "name" or "subunit"
    currencies: tuple[str, ...]
    factor: float = 1.0
    prefix_ok: bool = True

    @property
    def default(self) -> str | None:
        return self.currencies[0] if self.currencies else None

    @property
    def is_dollar(self) -> bool:
        """A bare dollar ("$", "dollars", "cents"): the document decides which one (USD unless declared)."""
        return self.default == "USD" and len(self.currencies) > 1


def _conventions() -> dict:
    text = resources.files("extractor").joinpath("data/currency_conventions.json").read_text(encoding="utf-8")
    return json.loads(text)


def retired_kept() -> frozenset[str]:
    """Recently retired currencies that releases still quote (see `retired_kept` in the conventions)."""
    return frozenset(code for code in _conventions()["retired_kept"] if not code.startswith("_"))


def current_currencies() -> set[str]:
    """ISO codes that CLDR lists as legal tender somewhere today, with the recently retired ones kept,
    so that the lexicon does not shrink when a newer Babel gives a currency its end date."""
    current = set(retired_kept())
    for entries in get_global("territory_currencies").values():
        for code, _start, end, tender in entries:
            if end is None and tender:
                current.add(code)
    return current


def cldr_symbols(current: set[str] | None = None) -> dict[str, list[str]]:
    """Every symbol any CLDR locale uses for a current currency (other than its ISO code), with the
    currencies it stands for. Reads all locales: slow, so its result is shipped as a data file."""
    from babel import localedata

    current = current or current_currencies()
    symbols: dict[str, set[str]] = defaultdict(set)
    for identifier in localedata.locale_identifiers():
        for code, symbol in Locale.parse(identifier).currency_symbols.items():
            symbol = symbol.strip("\u200e\u200f\u200b ")
            if code in current and symbol and symbol != code and not any(c.isspace() for c in symbol):
                symbols[symbol].add(code)
    return {symbol: sorted(codes) for symbol, codes in sorted(symbols.items())}


def _shipped_symbols() -> dict[str, list[str]]:
    text = resources.files("extractor").joinpath("data/currency_symbols.json").read_text(encoding="utf-8")
    return json.loads(text)["symbols"]


def _fold(text: str) -> str:
    """Lower case without accents, so "colón" and "colon", "Króna" and "krona" meet."""
    text = unicodedata.normalize("NFKD", text)
    return "".join(c for c in text if not unicodedata.combining(c)).lower()


def normalize_name(text: str) -> str:
    """Key for a currency name as written: folded case, one space, "U.S." -> "us"."""
    text = _fold(text)
    text = re.sub(r"\bu\s*\.\s*s\s*\.?(?=\s)", "us", text)
    return " ".join(re.split(r"[\s\-]+", text.strip()))


def with_ordered_default(codes: set[str] | list[str], default: str | None) -> tuple[str, ...]:
    ordered = sorted(codes)
    if default in ordered:
        ordered.remove(default)
        ordered.insert(0, default)
    elif len(ordered) > 1:
        ordered.insert(0, None)  # ambiguous with no default: only document context can choose
    return tuple(ordered)


@dataclass
class CurrencyLexicon:
    symbols: dict[str, Marker]
    dollar_prefixes: dict[str, Marker]
    codes: dict[str, Marker]
    names: dict[str, Marker]
    subunits: dict[str, Marker]
    lowercase_codes: frozenset[str]
    version_name_codes: frozenset[str]
    dot_thousands: frozenset[str]
    context_words: dict[str, tuple[str, ...]]

    @cached_property
    def run_together_names(self) -> dict[str, Marker]:
        """'egyptianpound', 'Saudiriyal': names written without their space."""
        return {key.replace(" ", ""): marker for key, marker in self.names.items() if " " in key}

    def lookup(self, group: str, text: str) -> Marker | None:
        if group == "dollar":
            if text.startswith(DOLLAR_SYMBOL) and len(text) > 1:
                return self.symbols.get(text)
            prefix = re.sub(r"[\s.]", "", text[:-1]).upper()
            return self.dollar_prefixes.get(prefix) or self.codes.get(prefix)
        if group == "symbol":
            return self.symbols.get(text)
        if group == "code":
            code = text.upper()
            if len(code) == 4 and code[0] == "M" and code[1:] in self.codes:
                base = self.codes[code[1:]]
                return Marker("code", base.currencies, 1e6, True)
            return self.codes.get(code)
        if group == "name":
            key = normalize_name(text)
            return self.names.get(key) or self.run_together_names.get(key.replace(" ", ""))
        if group == "subunit":
            return self.subunits.get(text.lower()) or self.subunits.get(text)
        return None


def _name_variants(singular: str, plural: str, territory_names: list[str]) -> set[str]:
    """English forms of one currency name: CLDR singular and plural, the noun phrase without a leading
    qualifier ("korean won" from "South Korean won"), and the territory name for the adjective
    ("malaysia ringgit")."""
    forms = {singular, plural}
    for form in (singular, plural):
        words = form.split()
        if len(words) >= 3:
            forms.add(" ".join(words[-2:]))
        if len(words) >= 2:
            for territory in territory_names:
                forms.add(f"{territory} {words[-1]}")
    forms |= {f + "s" for f in forms if not f.endswith("s") and f.split()[-1] == singular.split()[-1]}
    return {normalize_name(f) for f in forms}


@dataclass(frozen=True)
class _CldrEnglish:
    """What the lexicon reads from CLDR's English locale, for the currencies in use today."""

    current: frozenset[str]
    singular: dict[str, str]
    plural: dict[str, str]
    territories: dict[str, list[str]]

    @classmethod
    def load(cls) -> _CldrEnglish:
        current = frozenset(current_currencies())
        english = Locale.parse("en")
        plural_names = english._data["currency_names_plural"]
        singular, plural = {}, {}
        for code in current:
            forms = plural_names.get(code) or {}
            singular[code] = forms.get("one") or english.currencies.get(code, code)
            plural[code] = forms.get("other") or singular[code]
        retired = retired_kept()
        territories: dict[str, list[str]] = defaultdict(list)
        for territory, entries in get_global("territory_currencies").items():
            for code, _start, end, tender in entries:
                if (code in current and (end is None or code in retired) and tender
                        and territory in english.territories):
                    territories[code].append(english.territories[territory])
        return cls(current, singular, plural, territories)


def _symbol_markers(conventions: dict, defaults: dict[str, str]):
    """Symbols ("€", "RM", "$US") and the prefixes of prefixed dollars ("NT" for "NT$", "" for "$")."""
    letter_symbols = set(conventions["letter_symbols"]["symbols"])
    symbol_aliases = {a: [c] for a, c in conventions["symbol_aliases"].items() if not a.startswith("_")}
    symbols: dict[str, Marker] = {}
    dollar_prefixes: dict[str, Marker] = {}
    for symbol, codes in {**_shipped_symbols(), **symbol_aliases}.items():
        if symbol.isascii() and DOLLAR_SYMBOL not in symbol and symbol not in letter_symbols | set(symbol_aliases):
            continue
        marker = Marker("symbol", with_ordered_default(codes, defaults.get(symbol)))
        if symbol.endswith(DOLLAR_SYMBOL) and symbol != DOLLAR_SYMBOL:
            dollar_prefixes[symbol[:-1].replace(".", "").upper()] = marker
        else:
            symbols[symbol] = marker
    dollar_prefixes[""] = symbols.pop(DOLLAR_SYMBOL)
    # Newswires write "Rs." for the rupee of the story, as they do "Rs": same candidates, same default.
    symbols["Rs."] = symbols["Rs"] = Marker("symbol", with_ordered_default(
        {*symbols["Rs"].currencies, *symbols["Rs."].currencies} - {None}, defaults["Rs"]))
    return symbols, dollar_prefixes


def _code_markers(cldr: _CldrEnglish, conventions: dict, aliases: dict[str, str]):
    """ISO codes in use today, plus aliases written like codes ("RMB"); and which may be lower case."""
    never = set(conventions["code_words"]["never"])
    capitals_only = set(conventions["code_words"]["capitals_only"])
    codes = {code: Marker("code", (code,)) for code in cldr.current if code not in never}
    for alias, code in aliases.items():
        if alias.isupper() and alias.isalpha():
            codes[alias] = Marker("code", (code,))
    return codes, frozenset(c for c in codes if c not in capitals_only)


def _name_markers(cldr: _CldrEnglish, conventions: dict, aliases: dict[str, str], defaults: dict[str, str]):
    """CLDR English names and plurals ("Malaysian ringgits"), and bare nouns ("dollars", "yen") that map to
    every currency using them, default first."""
    names: dict[str, Marker] = {}
    noun_currencies: dict[str, set[str]] = defaultdict(set)
    noun_forms: dict[str, set[str]] = defaultdict(set)
    for code in cldr.current:
        singular, plural = cldr.singular[code], cldr.plural[code]
        for variant in _name_variants(singular, plural, cldr.territories[code]):
            names.setdefault(variant, Marker("name", (code,)))
        noun = normalize_name(singular.split()[-1])
        noun_currencies[noun].add(code)
        noun_forms[noun] |= {noun, normalize_name(plural.split()[-1]), noun + "s"}
    not_bare = {normalize_name(w) for w in conventions["not_bare_words"]["words"]}
    for noun, currencies in noun_currencies.items():
        if noun not in not_bare:
            marker = Marker("name", with_ordered_default(currencies, defaults.get(noun)))
            names.update(dict.fromkeys(noun_forms[noun], marker))
    for alias, code in aliases.items():
        if not (alias.isalpha() and alias.isupper()):
            names[normalize_name(alias)] = Marker("name", (code,))
    for word in conventions["not_prefix_words"]["words"]:
        key = normalize_name(word)
        if key in names:
            names[key] = Marker("name", names[key].currencies, names[key].factor, prefix_ok=False)
    return names


def _subunit_markers(conventions: dict, dollar: Marker) -> dict[str, Marker]:
    """Hundredth parts; "cents" with no currency of its own is the document's dollar."""
    return {unit: Marker("subunit", (code,) if code else dollar.currencies, 0.01, prefix_ok=False)
            for unit, code in conventions["subunits"].items() if not unit.startswith("_")}


def _context_words(cldr: _CldrEnglish) -> dict[str, tuple[str, ...]]:
    """Words that point at one currency of a shared marker: its territories and its name's adjective."""
    return {code: tuple(w for w in {*cldr.territories[code], " ".join(cldr.singular[code].split()[:-1])} if w)
            for code in cldr.current}


@cache
def lexicon() -> CurrencyLexicon:
    """Build the lexicon once (about 40 ms)."""
    conventions = _conventions()
    defaults = {k: v for k, v in conventions["defaults"].items() if not k.startswith("_")}
    aliases = {k: v for k, v in conventions["aliases"].items() if not k.startswith("_")}
    cldr = _CldrEnglish.load()
    symbols, dollar_prefixes = _symbol_markers(conventions, defaults)
    codes, lowercase_codes = _code_markers(cldr, conventions, aliases)
    dot_thousands = frozenset(conventions["dot_thousands"]["currencies"]) | {
        code for code in cldr.current if get_currency_precision(code) == 0}
    return CurrencyLexicon(
        symbols=symbols,
        dollar_prefixes=dollar_prefixes,
        codes=codes,
        names=_name_markers(cldr, conventions, aliases, defaults),
        subunits=_subunit_markers(conventions, dollar_prefixes[""]),
        lowercase_codes=lowercase_codes,
        version_name_codes=frozenset(conventions["code_words"]["version_names"]),
        dot_thousands=dot_thousands,
        context_words=_context_words(cldr),
    )


if __name__ == "__main__":  # regenerate data/currency_symbols.json from the installed Babel
    import babel
    from pathlib import Path

    target = Path(__file__).resolve().parent.parent / "data" / "currency_symbols.json"
    payload = {"_about": f"CLDR currency symbols from every locale, Babel {babel.__version__}; "
                         "generated by `python -m extractor.money.currencies`.",
               "symbols": cldr_symbols()}
    target.write_text(json.dumps(payload, ensure_ascii=False, indent=0) + "\n", encoding="utf-8")
    print(f"wrote {len(payload['symbols'])} symbols to {target}")
