"""Very long texts in sections: each analysed as a release of its own, their records merged.

A press release is a few thousand characters; a 50 MB text is a dump or a book. Held as one spaCy Doc
its memory grows with its length. Cut at paragraph breaks into sections of at most `SECTION_CHARS`,
analysed one after the other, memory follows the section instead, and time stays linear. The merged
record names each person, organization, figure and sector once, with the mentions of every section
added up and every offset shifted to index the whole text.
"""
from __future__ import annotations

from collections.abc import Iterable

from extractor.schema import Money, Organization, Person, Record, Rejection, Sector

SECTION_CHARS = 200_000


def _shift(item, offset: int):
    return item.model_copy(update={"start": item.start + offset, "end": item.end + offset})


def _add_aliases(kept, other) -> None:
    for alias in other.aliases:
        if alias not in kept.aliases and alias != kept.name:
            kept.aliases.append(alias)


def merge_records(parts: Iterable[tuple[int, Record]], id: str, source: str | None) -> Record:
    """One record from the records of a text's sections, each given with its section's start offset.
    The first section gives the title, dateline and primary sector: where a release says them."""
    merged = Record(id=id, source=source)
    people: dict[str, Person] = {}
    organizations: dict[str, Organization] = {}
    money: dict[tuple, Money] = {}
    sectors: dict[tuple[str, str], Sector] = {}
    rejected: list[Rejection] | None = None
    for n, (offset, record) in enumerate(parts):
        if n == 0:
            merged.title, merged.dateline = record.title, record.dateline
        for person in record.people:
            kept = people.setdefault(person.name.casefold(), person.model_copy(update={"mentions": 0}, deep=True))
            kept.mentions += person.mentions
            kept.title = kept.title or person.title
            kept.organization = kept.organization or person.organization
            _add_aliases(kept, person)
        for organization in record.organizations:
            kept = organizations.setdefault(organization.name.casefold(),
                                            organization.model_copy(update={"mentions": 0}, deep=True))
            kept.mentions += organization.mentions
            _add_aliases(kept, organization)
        for figure in record.money:
            mentions = [_shift(m, offset) for m in figure.mentions]
            key = (figure.currency, figure.amount, figure.qualifier, figure.kind)
            if key in money:
                money[key].mentions.extend(mentions)
            else:
                money[key] = _shift(figure, offset).model_copy(update={"mentions": mentions})
        for sector in record.sectors:
            key = (sector.sector, sector.industry)
            if key in sectors:
                kept = sectors[key]
                kept.mentions += sector.mentions
                kept.evidence.extend(e for e in sector.evidence if e not in kept.evidence)
            else:
                sectors[key] = sector.model_copy(update={"primary": sector.primary and n == 0,
                                                         "evidence": list(sector.evidence)})
        if record.rejected is not None:
            rejected = (rejected or []) + [_shift(r, offset) for r in record.rejected]
    merged.people = list(people.values())
    merged.organizations = list(organizations.values())
    merged.money = list(money.values())
    merged.sectors = list(sectors.values())
    merged.rejected = rejected
    return merged

