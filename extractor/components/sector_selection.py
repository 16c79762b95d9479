"""Which of a release's sectors are its own: a logistic model over the shape of each sector's evidence.

Terms of a dozen industries turn up in any release ("hotel" for a venue, "software" in a partner's
description, "infrastructure" in a quote). All are reported, as fields the text names; the `primary`
flag marks those the release is about: the main company's business and the subject of the story, as
the annotated corpus gives them. Counting cannot tell these apart, but where and how often a sector's
terms appear can: the lead, what a company is said to be or make, the number of distinct terms, the
sector's share of all the terms. Each feature is a named function below; the weights are fitted on
the training split by `training/fit_sectors.py`, and the threshold is chosen there on the validation split.
"""
from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from extractor.components import selection
from extractor.components.selection import Selector
from extractor.schema import GICS_SECTORS


class _Mention(Protocol):
    term: str
    strong: bool
    supported: bool
    headline: bool
    lead: bool
    described: bool
    what_it_makes: bool
    in_list: bool


@dataclass(frozen=True)
class SectorCandidate:
    """One sector's evidence in a release, with its place among the release's other sectors."""

    sector: str
    mentions: Sequence[_Mention]
    industries: int
    order: int  # 0 for the sector the evidence rules rank first
    share: float  # its mentions, of all the release's reported mentions
    rivals: int  # how many sectors the release has in all


def _counted(candidate: SectorCandidate) -> list[_Mention]:
    return [m for m in candidate.mentions if m.strong or m.supported]


def bias(candidate: SectorCandidate) -> float:
    """The intercept."""
    return 1.0


def mentions(candidate: SectorCandidate) -> float:
    """A sector the release keeps coming back to is its subject; a single term is often an aside."""
    return math.log1p(len(candidate.mentions))


def distinct_terms(candidate: SectorCandidate) -> float:
    """Several different terms ("solar", "wind farm", "renewables") say more than one term repeated."""
    return math.log1p(len({m.term.lower() for m in candidate.mentions}))


def strong_terms(candidate: SectorCandidate) -> float:
    """Terms that name an industry on their own ("semiconductor"), rather than everyday words ("bank")."""
    return math.log1p(len({m.term.lower() for m in candidate.mentions if m.strong}))


def share(candidate: SectorCandidate) -> float:
    """Its part of all the sector terms in the release: beside a dominant sector, a minor one is a detail."""
    return candidate.share


def ranked_first(candidate: SectorCandidate) -> float:
    """The sector the evidence rules rank first (by where its terms stand)."""
    return float(candidate.order == 0)


def rank(candidate: SectorCandidate) -> float:
    """Its place in that ranking, capped: the fifth sector of a release is rarely its subject."""
    return min(candidate.order, 4) / 4


def rivals(candidate: SectorCandidate) -> float:
    """How many sectors the release touches: a release that lists many names few of them as its own."""
    return min(candidate.rivals, 10) / 5


def several_industries(candidate: SectorCandidate) -> float:
    """Evidence for two industries of one sector ("banks", "insurance") backs the sector twice."""
    return float(candidate.industries > 1)


def in_headline(candidate: SectorCandidate) -> float:
    """A counted term in the headline."""
    return float(any(m.headline for m in _counted(candidate)))


def in_lead(candidate: SectorCandidate) -> float:
    """A counted term in the first paragraph after the headline."""
    return float(any(m.lead for m in _counted(candidate)))


def in_description(candidate: SectorCandidate) -> float:
    """A counted term in a sentence that says what a company is ("Acme, a maker of solar panels")."""
    return float(any(m.described for m in _counted(candidate)))


def what_it_makes(candidate: SectorCandidate) -> float:
    """A term given as what a company makes or does ("a producer of steel")."""
    return float(any(m.what_it_makes for m in candidate.mentions))


def in_a_list(candidate: SectorCandidate) -> float:
    """A term in a list of fields ("retail, logistics and hospitality"): named, but as one of many."""
    return float(any(m.in_list for m in candidate.mentions))


def _is_sector(name: str) -> Callable[[SectorCandidate], float]:
    def is_sector(candidate: SectorCandidate) -> float:
        return float(candidate.sector == name)
    is_sector.__doc__ = f"How often the corpus's readers confirm {name} when its terms appear."
    return is_sector


# The features, by name: the weights file gives each name its weight.
FEATURES: dict[str, Callable[[SectorCandidate], float]] = {
    "bias": bias,
    "mentions": mentions,
    "distinct_terms": distinct_terms,
    "strong_terms": strong_terms,
    "share": share,
    "ranked_first": ranked_first,
    "rank": rank,
    "rivals": rivals,
    "several_industries": several_industries,
    "in_headline": in_headline,
    "in_lead": in_lead,
    "in_description": in_description,
    "what_it_makes": what_it_makes,
    "in_a_list": in_a_list,
    **{f"sector: {name}": _is_sector(name) for name in GICS_SECTORS},
}


def load_selector(path: str | Path | None = None) -> Selector:
    """The weights file at `path`, or the bundled one fitted on the annotated corpus."""
    return selection.load_selector(path, "sector_selector.json", FEATURES)


def parse_selector(data: object, source: str) -> Selector:
    return selection.parse_selector(data, source, FEATURES)
