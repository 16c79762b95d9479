"""Numbers as press releases write them: digits with grouping, scale words, and number words.

Pure functions and compiled patterns, no spaCy: `parse_digits("1.140.000,50")`, `parse_words("two
million")`, `scale_factor("bn")`. The scanner in `extractor.money.scanner` uses `QUANTITY` to find
candidate amounts and these functions to value them.
"""
from __future__ import annotations

import re

from extractor.tries import trie_pattern

# Scale words and the abbreviations financial writing uses for them (lakh and crore: Indian numbering).
SCALE_WORDS = {
    "hundred": 1e2, "thousand": 1e3, "lakh": 1e5, "lakhs": 1e5, "lac": 1e5, "lacs": 1e5,
    "million": 1e6, "crore": 1e7, "crores": 1e7, "billion": 1e9, "trillion": 1e12,
    "lakh crore": 1e12, "lakh crores": 1e12,
    # Indonesian and Malay scales, kept in English releases after "Rp": "Rp 10 miliar".
    "ribu": 1e3, "juta": 1e6, "miliar": 1e9, "milyar": 1e9, "triliun": 1e12,
}
# Abbreviations allowed after a space as well as attached ("US$1.2 bn").
SCALE_ABBREVIATIONS = {"mn": 1e6, "mln": 1e6, "mil": 1e6, "bn": 1e9, "bln": 1e9, "bil": 1e9, "tn": 1e12,
                       "trn": 1e12, "cr": 1e7,  # "₹500 Cr": crore, as Indian releases abbreviate it
                       "mio": 1e6, "mrd": 1e9}  # German "EUR 1,2 Mio.", "3,5 Mrd. Euro", with a decimal comma
# Single letters (and MM) only count when attached to the digits: "$98M", "5k", "$1.5T".
SCALE_LETTERS = {"k": 1e3, "K": 1e3, "m": 1e6, "M": 1e6, "MM": 1e6, "mm": 1e6, "b": 1e9, "B": 1e9,
                 "bn": 1e9, "T": 1e12}

_UNITS = ("zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
          "sixteen seventeen eighteen nineteen").split()
_TENS = "twenty thirty forty fifty sixty seventy eighty ninety".split()
WORD_VALUES = {word: float(n) for n, word in enumerate(_UNITS)}
WORD_VALUES |= {word: float(20 + 10 * n) for n, word in enumerate(_TENS)}
FRACTION_WORDS = {"half": 0.5, "quarter": 0.25, "quarters": 0.25}

_MULTIPLIERS = ("hundred", "thousand", "lakh", "lakhs", "lac", "lacs", "million", "crore", "crores", "billion",
                "trillion")
_NUMBER_WORD = trie_pattern([*WORD_VALUES, *FRACTION_WORDS, "point", "a", "an", *_MULTIPLIERS])

_scale_word_alternation = "|".join(sorted([*SCALE_WORDS, *SCALE_ABBREVIATIONS], key=len, reverse=True))
# Digits: US grouping, Indian grouping (12,34,567), dotted European grouping when unambiguous
# (two or more dot groups, or a decimal comma after them), space-grouped thousands, plain decimals.
DIGITS = (
    r"\d{1,2}(?:,\d{2})+,\d{3}(?:\.\d+)?(?!\d)"
    r"|\d{1,3}(?:,\d{3})+(?:\.\d+)?(?![\d,]\d)"
    r"|\d{1,3}(?:\.\d{3})+,\d{1,2}(?!\d)"
    r"|\d{1,3}(?:\.\d{3}){2,}(?![\d.]\d)"
    r"|\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?:\.\d+)?(?![\d.,]\d)"
    rf"|\d{{1,3}},\d{{1,2}}(?=[ \u00a0]?(?i:{_scale_word_alternation})\b)"
    r"|\d+(?:\.\d+)?"
    r"|(?<![A-Za-z])\.\d+"  # ".5", but not the dot of "Rs.500"
)
# A run of number words; "and" only after a multiplier ("one hundred and five"), never "one and one".
NUMBER_WORDS = (
    rf"\b{_NUMBER_WORD}(?:(?:[ \-]+|(?:(?<=hundred)|(?<=thousand)|(?<=lakh)|(?<=lakhs)|(?<=million)"
    rf"|(?<=crore)|(?<=crores)|(?<=billion)|(?<=trillion))[ \-]+and[ \-]+){_NUMBER_WORD})*\b"
)
_scale_letter_alternation = "|".join(sorted(SCALE_LETTERS, key=len, reverse=True))
SCALE = (
    rf"(?:[ \u00a0\-]?(?i:{_scale_word_alternation})(?:(?<=[Mm]io|[Mm]rd)\.)?"  # "Mio." keeps its dot
    rf"|(?:{_scale_letter_alternation})|[ \u00a0]MM)(?![A-Za-z])"
)
# A quantity: digits or number words, then an optional scale ("1.2bn", "two million", "5 lakh").
# Each branch opens with a lookahead for its first character, which the regex engine tests in one step
# where the lookbehinds after it cost a call at every position (the scan is 2.5 times faster, same matches).
QUANTITY = re.compile(
    rf"(?=[\d.])(?<![\d,])(?<!\d\.)(?P<digits>{DIGITS})(?P<scale>{SCALE})?"
    rf"|(?=[A-Za-z])(?P<words>(?i:{NUMBER_WORDS}))(?P<word_scale>{SCALE})?",
)


def parse_digits(text: str) -> float:
    """Value of a digit string with any of the groupings `DIGITS` accepts."""
    text = re.sub(r"[ \u00a0\u202f]", "", text)
    if re.fullmatch(r"\d{1,3}(?:\.\d{3})+(?:,\d{1,2})?", text) and (text.count(".") > 1 or "," in text):
        text = text.replace(".", "").replace(",", ".")
    elif re.fullmatch(r"\d{1,3},\d{1,2}", text):  # decimal comma before a scale word: "1,5 million"
        text = text.replace(",", ".")
    return float(text.replace(",", ""))


def scale_factor(scale: str | None) -> float:
    """Multiplier of a scale word or abbreviation; 1 for none."""
    if not scale:
        return 1.0
    scale = scale.strip(" \u00a0-").removesuffix(".")
    if scale in SCALE_LETTERS:
        return SCALE_LETTERS[scale]
    lowered = scale.lower()
    return SCALE_WORDS.get(lowered) or SCALE_ABBREVIATIONS.get(lowered) or 1.0


def parse_words(text: str) -> float | None:
    """Value of an English number phrase ("two million", "forty-five", "a quarter million",
    "three quarters billion", "one point three"); None when the words do not make a number."""
    words = [w for w in re.split(r"[ \-]+", text.lower()) if w and w != "and"]
    if not words or all(w in ("a", "an") for w in words):
        return None
    if "point" in words:
        at = words.index("point")
        whole = parse_words(" ".join(words[:at])) if at else 0.0
        digits = [WORD_VALUES.get(w) for w in words[at + 1:]]
        if whole is None or not digits or any(d is None or d > 9 for d in digits):
            return None
        return whole + float("0." + "".join(str(int(d)) for d in digits))
    total, current, seen_number = 0.0, 0.0, False
    for word in words:
        if word in ("a", "an"):
            current = current or 1.0
        elif word in WORD_VALUES:
            current += WORD_VALUES[word]
            seen_number = True
        elif word in FRACTION_WORDS:
            current = (current or 1.0) * FRACTION_WORDS[word]
            seen_number = True
        elif word == "hundred":
            current = (current or 1.0) * 100
            seen_number = True
        elif word in SCALE_WORDS:
            total += (current or 1.0) * SCALE_WORDS[word]
            current = 0.0
            seen_number = True
        else:
            return None
    return total + current if seen_number else None


def quantity_value(match: re.Match) -> float | None:
    """Value of a `QUANTITY` match, scale applied."""
    if match["digits"] is not None:
        return parse_digits(match["digits"]) * scale_factor(match["scale"])
    value = parse_words(match["words"])
    return None if value is None else value * scale_factor(match["word_scale"])
