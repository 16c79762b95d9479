"""Find monetary amounts in plain text: `find_money(text) -> list[Money]`, no spaCy needed.

How: every number in the text (digits or words, with a scale) is a candidate; it becomes money when a
currency marker stands right before it ("US$ 5", "RM42", "dollar 22.5 million") or right after it ("5m
USD", "20€", "ten dollars", "12-cent"). Then neighbouring candidates are joined: ranges ("$10-20
million", "between $1 million and $2 million"), cents ("20 dollars and 43 cents"), trailing scales
("75 USD million") and bounds ("up to", "$5 billion+"). Marker patterns are compiled once, as tries.
"""
from __future__ import annotations

import re
import string
from dataclasses import dataclass
from functools import cache

from extractor.money import cues
from extractor.money.context import DocumentCurrencies
from extractor.money.currencies import DOLLAR_SYMBOL, CurrencyLexicon, Marker, lexicon
from extractor.money.numbers import QUANTITY, SCALE_WORDS, parse_digits, parse_words, scale_factor
from extractor.schema import Money
from extractor.tries import trie_pattern

_PREFIX_WINDOW = 40
_NOT_AMOUNT_AFTER = re.compile(r"\s?(?:%|percent\b|per\s?cent\b|pct\b|x\b|times\b)", re.IGNORECASE)
_YEAR_CONTEXT = re.compile(
    r"(?:\b(?:in|since|by|during|until|through|fiscal|FY|year|years|early|late|mid)"
    r"|[Qq][1-4]|H[12])\s*\Z",
    re.IGNORECASE,
)
_RANGE_SEPARATOR = re.compile(r"\s*(?:-|–|—|~)\s*|\s+(?:to|and|through|till)\s+")
_CENTS_JOINER = re.compile(r"[ \u00a0]+(?:and[ \u00a0]+)?|[ \u00a0]*")
_CENT_LETTER = re.compile(r"c(?![A-Za-z])")
_CLAUSE_END = re.compile(r"\s*(?:[.,;:!?)\]]|\Z)")
_SCALE_AFTER_MARKER = re.compile(
    r"[ \u00a0](?P<scale>thousand|million|billion|trillion|mn|bn|mln|bln)(?![A-Za-z])", re.IGNORECASE
)
_WEIGHT_NOUNS = {"pound", "pounds"}
_YEAR = re.compile(r"(?:19|20)\d\d")
_DOT_THOUSANDS = re.compile(r"\d{1,3}\.\d{3}")
_SMALL_WON = 100  # "3 won awards" is a verb; amounts in won are written in hundreds and more
_ARTICLE_CURRENCIES = {"USD", "EUR"}
_AFTER_ARTICLE_AMOUNT = re.compile(r"\s*(?:[.,;:!?)]|\Z)|\s+and\s")
_NOT_POUNDS_AFTER = re.compile(r"\s+(?:of|per|weight|in\s+weight|force|heavier|lighter)\b", re.IGNORECASE)
_WEIGHT_CONTEXT = re.compile(
    r"\b(?:weigh\w*|lbs?|heav\w+|light\w*|los[et]|losing|gain\w*|payload|capacity|load\w*|carr\w+|lift\w*|"
    r"pressure|body|fish|beef|pork|meat|food|waste|trash|plastic|cargo)\b",
    re.IGNORECASE,
)


def _name_piece(ch: str) -> str:
    return r"[\s\-]*" if ch == " " else re.escape(ch)


def _no_letter_after(symbol: str) -> str:
    """A symbol that ends in a letter is not the start of a word: "R" of "R 5", not of "Rs"."""
    return r"(?![A-Za-z])" if symbol[-1].isalpha() else ""


def _marker_patterns(lex: CurrencyLexicon) -> dict[str, str]:
    dollar_users = set(lex.dollar_prefixes[""].currencies)
    prefixes = {p for p in lex.dollar_prefixes if p} | {c for c in lex.codes if c in dollar_users}
    spaced = sorted(p for p in prefixes if len(p) > 1 or p == "C")
    tight = sorted(p for p in prefixes if len(p) == 1 and p != "C")
    dollar_first = sorted(s for s in lex.symbols if s.startswith(DOLLAR_SYMBOL))
    # "US$5", "3.14US$", "hk $ 10" (tokenised text); not "the 3rd $5 tranche" (RD$ is the Dominican peso).
    dollar = (
        rf"(?:{trie_pattern(dollar_first)})(?![A-Za-z])"
        rf"|(?:(?<![A-Za-z'’])(?:(?i:{trie_pattern(sorted([*spaced, *tight]))})|(?i:u\.\s?s\.?))"
        rf"|(?<![A-Za-z0-9'’])(?:(?i:{trie_pattern(spaced)})|(?i:u\.\s?s\.?))[ ])?\$"
    )
    symbols = [s for s in lex.symbols if not s.startswith(DOLLAR_SYMBOL)]
    symbol = (rf"(?<![A-Za-z]){trie_pattern(sorted(s for s in symbols if s[0].isalpha()), ending=_no_letter_after)}"
              rf"|{trie_pattern(sorted(s for s in symbols if not s[0].isalpha()), ending=_no_letter_after)}")
    upper = trie_pattern(sorted(lex.codes))
    lower = trie_pattern(sorted(c.lower() for c in lex.lowercase_codes))
    code = rf"(?<![A-Za-z/])(?:M?{upper}|{lower})(?![A-Za-z/])"  # not a pair: "GBP/USD 1.27"
    us_spellings = [f"{us} {key[3:]}" for key in lex.names if key.startswith("us ") for us in ("u.s.", "u . s .")]
    name = rf"(?<![A-Za-z])(?i:{trie_pattern(sorted([*lex.names, *us_spellings]), _name_piece)})(?![A-Za-z])"
    subunit = (rf"(?<![A-Za-z])(?i:{trie_pattern(sorted(k for k in lex.subunits if k.isalpha()))})"
               r"(?![A-Za-z])|¢")
    return {"dollar": dollar, "symbol": symbol, "code": code, "name": name, "subunit": subunit}


@dataclass
class _Patterns:
    before: re.Pattern
    after: re.Pattern


@cache
def _patterns() -> _Patterns:
    """The marker patterns, compiled on first use (about 50 ms); `prepare()` does it ahead."""
    parts = _marker_patterns(lexicon())
    groups = {g: f"(?P<{g}>{p})" for g, p in parts.items()}
    before = "|".join(groups[g] for g in ("dollar", "symbol", "code", "name"))
    after = "|".join(groups[g] for g in ("dollar", "symbol", "code", "name", "subunit"))
    return _Patterns(
        before=re.compile(rf"(?:{before})(?P<gap>[ \u00a0\u202f\u2009]?|\()\Z"),  # "$(12.3) million": a loss
        after=re.compile(rf"(?P<gap>[ \u00a0\u202f\u2009\-]?)(?:{after})"),
    )


@dataclass
class _Quantity:
    start: int
    end: int
    raw: float  # the number before its scale word: 1.2 in "1.2 billion"
    scale: float
    from_digits: bool
    article_only: bool = False  # "a"/"an": one, but only in "a dollar", "an euro"

    @property
    def value(self) -> float:
        return self.raw * self.scale

    @property
    def scaled(self) -> bool:
        return self.scale != 1


@dataclass
class _MarkerHit:
    start: int
    end: int
    group: str
    marker: Marker
    attached: bool = True  # no space between marker and number
    parenthesised: bool = False  # accounting negatives: "$(0.21)"


@dataclass
class _Amount:
    start: int
    end: int
    marker: Marker
    quantity: _Quantity
    scale: float = 1.0
    cents: float = 0.0
    qualifier: str | None = None
    range_partner: bool = False
    span: tuple[int, int] | None = None  # the whole range, when this end is not written on its own

    @classmethod
    def of(cls, start: int, end: int, marker: Marker, quantity: _Quantity) -> _Amount:
        scale = quantity.scale * (marker.factor if marker.factor > 1 else 1.0)
        return cls(start, end, marker, quantity, scale)

    @property
    def scaled(self) -> bool:
        return self.scale != 1

    @property
    def value(self) -> float:
        """Rounded to 12 significant digits: 16.4 million is 16400000, not 16399999.999999998."""
        unit = self.marker.factor if self.marker.factor < 1 else 1.0
        return float(f"{self.quantity.raw * self.scale * unit + self.cents:.12g}")


def _quantities(text: str) -> list[_Quantity]:
    found = []
    for match in QUANTITY.finditer(text):
        if _NOT_AMOUNT_AFTER.match(text, match.end()):
            continue
        if match["digits"] is not None:
            found.append(_Quantity(match.start(), match.end(), parse_digits(match["digits"]),
                                   scale_factor(match["scale"]), True))
            continue
        words = re.split(r"[ \-]+", match["words"].lower())
        if all(w in ("a", "an") for w in words):
            found.append(_Quantity(match.start(), match.end(), 1.0, scale_factor(match["word_scale"]), False,
                                   article_only=not match["word_scale"]))
            continue
        value = parse_words(match["words"])
        if value is None:
            continue
        raw, scale = value, scale_factor(match["word_scale"])
        if len(words) > 1 and words[-1] in SCALE_WORDS and words[-1] != "hundred":
            rest = parse_words(" ".join(words[:-1]))
            if rest:
                raw, scale = rest, SCALE_WORDS[words[-1]] * scale
        found.append(_Quantity(match.start(), match.end(), raw, scale, False))
    return found


def _may_end_marker(text: str, start: int) -> bool:
    """Cheap test before the regex search: a marker ends in a letter, "$", "." or a non-ASCII sign."""
    at = start - 1
    if at >= 0 and text[at] in " \u00a0\u202f\u2009(":
        at -= 1
    if at < 0:
        return False
    ch = text[at]
    return ch.isalpha() or ch in "$." or not (ch.isascii() or ch.isspace())


def _leftmost_marker_before(text: str, end: int) -> re.Match | None:
    """`_patterns().before.search` in the window before `end`, trying only where a marker can start:
    every marker that starts with a letter requires a non-letter before it, so no match starts between
    two ASCII letters, and the pattern is not tried there (most of a window is words)."""
    pattern = _patterns().before
    for start in range(max(0, end - _PREFIX_WINDOW), end):
        if start and text[start] in _ASCII_LETTERS and text[start - 1] in _ASCII_LETTERS:
            continue
        match = pattern.match(text, start, end)
        if match:
            return match
    return None


_ASCII_LETTERS = frozenset(string.ascii_letters)


def _marker_before(text: str, lex: CurrencyLexicon, quantity: _Quantity) -> _MarkerHit | None:
    if not quantity.from_digits or not _may_end_marker(text, quantity.start):
        return None
    match = _leftmost_marker_before(text, quantity.start)
    if not match:
        return None
    group = next(g for g in ("dollar", "symbol", "code", "name") if match[g] is not None)
    marker = lex.lookup(group, match[group])
    if marker is None or not marker.prefix_ok:
        return None
    if group == "name" and (match["gap"] == "" or _is_year(text, quantity)):
        return None
    if match["gap"] == "(" and not text.startswith(")", quantity.end):
        return None
    return _MarkerHit(match.start(), match.end(group), group, marker, not match["gap"], match["gap"] == "(")


def _marker_after(text: str, lex: CurrencyLexicon, quantity: _Quantity) -> _MarkerHit | None:
    match = _patterns().after.match(text, quantity.end)
    if not match:
        return None
    group = next(g for g in ("dollar", "symbol", "code", "name", "subunit") if match[g] is not None)
    if not quantity.from_digits and group not in ("code", "name", "subunit"):
        return None
    if quantity.article_only and group not in ("name", "subunit"):
        return None
    if match["gap"] == "-" and group not in ("name", "subunit"):
        return None
    marker = lex.lookup(group, match[group])
    if marker is None:
        return None
    if quantity.article_only and (marker.default not in _ARTICLE_CURRENCIES
                                  or not _AFTER_ARTICLE_AMOUNT.match(text, match.end())):
        return None  # "a dollar.", "a dollar and 42 cents"; not "a yen for travel", "a dollar-for-dollar match"
    if group == "name" and match[group].lower() == "won" and quantity.value < _SMALL_WON:
        return None
    if group == "name" and match[group].lower() in _WEIGHT_NOUNS and _is_weight(text, quantity, match):
        return None
    return _MarkerHit(match.start(group), match.end(), group, marker, not match["gap"])


def _is_weight(text: str, quantity: _Quantity, match: re.Match) -> bool:
    """'a 150-pound robot', '2,000 pounds of cargo', 'weighs 150 pounds' are weights; '361 million pounds' and
    'ten pounds' (no weight word near) are money."""
    if match["gap"] == "-" or _NOT_POUNDS_AFTER.match(text, match.end()):
        return True
    if quantity.scaled:
        return False
    window = text[max(0, quantity.start - 40):match.end() + 20]
    return bool(_WEIGHT_CONTEXT.search(window))


def _is_year(text: str, quantity: _Quantity) -> bool:
    return quantity.from_digits and _YEAR.fullmatch(text, quantity.start, quantity.end) is not None


def _followed_by_letters(text: str, end: int) -> bool:
    """'CAD 3D', 'USD 5G' are not amounts; '$600,000s' and "$500,000's" are."""
    if end >= len(text) or not text[end].isalpha():
        return False
    return not re.match(r"(?:s|'s|’s)(?![A-Za-z])", text[end:end + 3])


def _link(text: str, lex: CurrencyLexicon, quantities: list[_Quantity]) -> list[_Amount | None]:
    """Give each quantity its marker. A symbol or code between two numbers goes to the later one
    ("2025 $5 million") unless that one has its own marker after it ("10 rmb 20 usd"); a currency name
    goes to the earlier one ("15 dollars 50")."""
    before = [_marker_before(text, lex, q) for q in quantities]
    after = [_marker_after(text, lex, q) for q in quantities]
    for i in range(len(quantities) - 1):
        if after[i] and before[i + 1] and after[i].start == before[i + 1].start:
            if after[i + 1] or after[i].group == "name" or _cents_after_code(text, quantities, i, before):
                before[i + 1] = None
            else:
                after[i] = None
    amounts: list[_Amount | None] = []
    for q, b, a in zip(quantities, before, after):
        hit = b or a
        if hit is None:
            amounts.append(None)
            continue
        end = max(q.end, hit.end)
        if b and a and a.marker.default == b.marker.default:
            end = a.end
        elif hit.parenthesised:
            end = q.end + 1
        if hit is b and not a and _followed_by_letters(text, q.end):
            amounts.append(None)
            continue
        if hit is a and _is_year(text, q) and _YEAR_CONTEXT.search(text, max(0, q.start - 12), q.start):
            amounts.append(None)
            continue
        if (hit.group == "code" and text[hit.start:hit.end].upper() in lex.version_name_codes
                and q.value < 100 and not q.scaled):
            amounts.append(None)
            continue
        amounts.append(_Amount.of(min(q.start, hit.start), end, hit.marker, q))
    return amounts


def _cents_after_code(text: str, quantities: list[_Quantity], i: int, before: list) -> bool:
    """'17 USD 25.': a spaced two-digit number after "17 USD" is its cents, not a new amount."""
    earlier, later = quantities[i], quantities[i + 1]
    return (not before[i] and not before[i + 1].attached and later.from_digits and not later.scaled
            and later.end - later.start <= 2 and not _is_year(text, earlier))


def _apply_trailing_scale(text: str, amount: _Amount) -> None:
    """'75 USD million', '30 MUSD' already scaled."""
    if amount.scaled or amount.marker.kind == "subunit":
        return
    match = _SCALE_AFTER_MARKER.match(text, amount.end)
    if match and amount.end > amount.quantity.end:
        amount.scale *= scale_factor(match["scale"])
        amount.end = match.end()


def _join_ranges(text: str, quantities: list[_Quantity], amounts: list[_Amount | None]) -> None:
    """'$10-20 million', '10-20 dollars', 'between $1m and $2m', 'from 10 to 20 dollars'."""
    for i in range(len(quantities) - 1):
        low, high = amounts[i], amounts[i + 1]
        if (low is None and high is None) or (low and low.range_partner):
            continue
        low_end = low.end if low else quantities[i].end
        high_start = high.start if high else quantities[i + 1].start
        separator = _RANGE_SEPARATOR.fullmatch(text, low_end, high_start)
        if not separator:
            continue
        word = separator.group().strip().lower()
        low_start = low.start if low else quantities[i].start
        if word == "and" and not cues.opens_range(text, low_start):
            continue
        if word in ("to", "through", "till") and cues.describes_change(text, low_start):
            continue
        if low and high and low.marker.default != high.marker.default:
            continue
        if low is None:
            if quantities[i].article_only or quantities[i + 1].from_digits != quantities[i].from_digits:
                continue
            low = _Amount.of(low_start, low_end, high.marker, quantities[i])
        if high is None:
            if quantities[i + 1].article_only:
                continue
            high = _Amount.of(high_start, quantities[i + 1].end, low.marker, quantities[i + 1])
            _apply_trailing_scale(text, high)
        span = (low.start, high.end)
        if not low.scaled and high.scaled and low.quantity.raw <= high.quantity.raw:
            low.scale = high.scale
            low.span = span
        if low.value > high.value:
            low.scale, low.span = low.quantity.scale, None
            continue
        if amounts[i] is None:
            low.span = span
        if amounts[i + 1] is None:
            high.span = span
        low.qualifier, high.qualifier = "range_min", "range_max"
        low.range_partner = high.range_partner = True
        amounts[i], amounts[i + 1] = low, high


def _join_cents(text: str, quantities: list[_Quantity], amounts: list[_Amount | None]) -> None:
    """'20 dollars and 43 cents', '$20 and 43c', 'US$3 and fourteen', 'it costs 15 dollars 50.'"""
    for i in range(len(quantities) - 1):
        main, cents_amount, cents = amounts[i], amounts[i + 1], quantities[i + 1]
        if main is None or main.range_partner or main.scaled or main.marker.kind == "subunit":
            continue
        if main.value != int(main.value) or cents.value != int(cents.value) or not 0 < cents.value < 100:
            continue
        if cents.from_digits and cents.end - cents.start > 2:
            continue
        joiner = _CENTS_JOINER.fullmatch(text, main.end, cents.start)
        if not joiner:
            continue
        if cents_amount is not None:
            if cents_amount.marker.kind != "subunit" or cents_amount.start != cents.start:
                continue
            end = cents_amount.end
        elif cents.from_digits and _CENT_LETTER.match(text, cents.end):
            end = cents.end + 1
        elif _CLAUSE_END.match(text, cents.end) and not cents.article_only:
            end = cents.end
        else:
            continue
        main.cents = cents.value / 100
        main.end = end
        amounts[i + 1] = None


def prepare() -> None:
    """Build the lexicon and compile the patterns now rather than on the first document."""
    _patterns()


def find_money(text: str, currencies: DocumentCurrencies | None = None) -> list[Money]:
    """Every monetary amount in `text`, in text order, as `Money` items with offsets into `text`."""
    lex = lexicon()
    currencies = currencies or DocumentCurrencies(text)
    quantities = _quantities(text)
    amounts = _link(text, lex, quantities)
    # A lone "a" that is not "a dollar" is an article: drop it, so "A$1 and A$2" stay neighbours.
    kept_pairs = [(q, a) for q, a in zip(quantities, amounts) if a is not None or not q.article_only]
    quantities, amounts = [q for q, _ in kept_pairs], [a for _, a in kept_pairs]
    for amount in amounts:
        if amount:
            _apply_trailing_scale(text, amount)
    _join_ranges(text, quantities, amounts)
    _join_cents(text, quantities, amounts)
    kept = []
    for amount in amounts:
        if amount is None:
            continue
        currency = currencies.resolve(amount.marker)
        if currency is None:
            continue
        if currency in lex.dot_thousands and _DOT_THOUSANDS.fullmatch(text, amount.quantity.start,
                                                                      amount.quantity.end):
            amount.quantity.raw *= 1000  # "Rp 5.000", "¥1.500": thousands, as the home press writes them
        start, end = amount.span or (amount.start, amount.end)
        qualifier = amount.qualifier
        if qualifier is None:
            after = cues.qualifier_after(text, end)
            if after:
                qualifier, end = after[0], (after[1] if text[end:after[1]].strip() == "+" else end)
            qualifier = cues.qualifier_before(text, start) or qualifier
        kept.append((start, end, amount.value, currency, qualifier))
    found = []
    for i, (start, end, value, currency, qualifier) in enumerate(kept):
        floor = kept[i - 1][1] if i else 0
        ceiling = kept[i + 1][0] if i + 1 < len(kept) else len(text)
        kind = cues.kind_near(text, start, end, floor, max(ceiling, end))
        if qualifier == "range_max" and found and found[-1].qualifier == "range_min":
            kind = kind or found[-1].kind  # both ends of a range are the same kind of amount
            found[-1].kind = found[-1].kind or kind
        found.append(Money(text=text[start:end], amount=value, currency=currency, start=start, end=end,
                           qualifier=qualifier, kind=kind))
    return found
