"""Words around an amount: bounds ("up to $5 million" -> at_most) and what it is ("$5 million in
revenue" -> revenue). Cue words live in `data/money_cues.json`; patterns compile once at import."""
from __future__ import annotations

import json
import re
from importlib import resources

_CUES = json.loads(resources.files("extractor").joinpath("data/money_cues.json").read_text(encoding="utf-8"))
_KIND_WINDOW_BEFORE = 60
_KIND_WINDOW_AFTER = 45
_SENTENCE_BREAK = re.compile(r"[.;!?]\s|\n")
_CLAUSE_BREAK = re.compile(r"[.;!?]\s|\n|,?\s+(?:and|or|while|but)\s")


def _alternation(phrases: list[str]) -> str:
    return "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in sorted(phrases, key=len, reverse=True))


def _word(phrase_alternation: str) -> str:
    return rf"(?<![\w])(?:{phrase_alternation})(?![\w])"


_QUALIFIER_OF_CUE = {" ".join(cue.lower().split()): q for q, cues in _CUES["qualifiers"].items() for cue in cues}
_QUALIFIER_BEFORE = re.compile(
    rf"(?:^|(?<=[\s(\[]))(?P<cue>{_alternation(list(_QUALIFIER_OF_CUE))})\s*\Z", re.IGNORECASE
)
_QUALIFIER_AFTER = {
    qualifier: re.compile(rf"\s?(?:{_alternation(cues)})(?![\w])", re.IGNORECASE)
    for qualifier, cues in _CUES["qualifier_suffixes"].items()
}
_KINDS = {
    kind: re.compile(_word(_alternation(cues)), re.IGNORECASE) for kind, cues in _CUES["kinds"].items()
}
_RANGE_START_CUES = re.compile(r"(?:^|(?<=\s))(?:between|from|ranging\s+from|in\s+the\s+range\s+of)\s*\Z",
                               re.IGNORECASE)
_CHANGE_VERBS = re.compile(
    r"(?<!\w)(?:increas\w*|decreas\w*|gr[eo]w\w*|rose|rise[sn]?|rising|fell|fall\w*|drop\w*|declin\w*|jump\w*|"
    r"climb\w*|surg\w*|soar\w*|up|down|rais\w*|cut|boost\w*|expand\w*|reduc\w*|went|go(?:es|ing)?)(?!\w)",
    re.IGNORECASE,
)


def qualifier_before(text: str, start: int) -> str | None:
    """The bound a cue right before `start` puts on the amount ("over $5 million" -> at_least)."""
    match = _QUALIFIER_BEFORE.search(text[max(0, start - 40):start])
    return _QUALIFIER_OF_CUE[" ".join(match["cue"].lower().split())] if match else None


def qualifier_after(text: str, end: int) -> tuple[str, int] | None:
    """A bound written after the amount ("$5 million+", "$5 million or more") and where it ends."""
    for qualifier, pattern in _QUALIFIER_AFTER.items():
        match = pattern.match(text, end)
        if match and (match.group().strip() == "+" or match.end() - end > 1):
            return qualifier, match.end()
    return None


def opens_range(text: str, start: int) -> bool:
    """'between' or 'from' right before an amount: the next amount may close a range."""
    return bool(_RANGE_START_CUES.search(text[max(0, start - 24):start]))


def describes_change(text: str, start: int) -> bool:
    """'rose from $3 million to $5 million' is two values of a change, not a range."""
    window = text[max(0, start - 50):start]
    window = _SENTENCE_BREAK.split(window)[-1]
    return bool(_CHANGE_VERBS.search(window))


def kind_near(text: str, start: int, end: int, floor: int = 0, ceiling: int | None = None) -> str | None:
    """What the amount is, from the closest cue word in the same sentence and between the neighbouring
    amounts (`floor`, `ceiling`): "$18 million in revenue, or $0.45 per share"."""
    ceiling = len(text) if ceiling is None else ceiling
    after = _SENTENCE_BREAK.split(text[end:min(end + _KIND_WINDOW_AFTER, ceiling)])[0]
    before = _CLAUSE_BREAK.split(text[max(floor, start - _KIND_WINDOW_BEFORE):start])[-1]
    best: tuple[int, str] | None = None
    for kind, pattern in _KINDS.items():
        for match in pattern.finditer(after):
            distance = match.start()
            if best is None or distance < best[0]:
                best = (distance, kind)
            break
        for match in pattern.finditer(before):
            distance = len(before) - match.end() + 1
            if best is None or distance < best[0]:
                best = (distance, kind)
    return best[1] if best else None
