"""Cross-release identity: when two records name the same organization or person.

A batch summary and a database count an entity once across releases, so 'Acme Corp.' in one release
and 'ACME Corporation' in another need one key. The key is deliberately conservative: case, accents,
punctuation, a leading 'the' and the legal suffix are ignored; words are not. Two companies that share a
name apart from their legal form ('Acme Inc.', 'Acme GmbH') get one key: a reader following a week of
news reads them as one name, and the releases that name each stay listed.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from functools import lru_cache

from .names import fold, load_lexicon, strip_honorifics

_PUNCTUATION = re.compile(r"[^\w&\s]")


def _words(text: str) -> tuple[str, ...]:
    return tuple(_PUNCTUATION.sub(" ", fold(text)).split())


@lru_cache(maxsize=1)
def _legal_suffixes() -> frozenset[tuple[str, ...]]:
    return frozenset(_words(suffix) for suffix in load_lexicon("org_suffixes.txt"))


@lru_cache(maxsize=65536)
def organization_key(name: str) -> str:
    """'Acme Corp.', 'ACME CORPORATION' and 'the Acme Co., Ltd.' -> 'acme'."""
    words = _words(name)
    if words[:1] == ("the",) and len(words) > 1:
        words = words[1:]
    suffixes = _legal_suffixes()
    longest = max(map(len, suffixes))
    stripped = True
    while stripped and len(words) > 1:
        stripped = False
        for size in range(min(longest, len(words) - 1), 0, -1):
            if words[-size:] in suffixes:
                words, stripped = words[:-size], True
                break
    return " ".join(words)


@lru_cache(maxsize=65536)
def person_key(name: str) -> str:
    """'Dr. Jane Doe' and 'JANE DOE' -> 'jane doe'; initials' periods and spacing do not split a person."""
    return " ".join(_words(strip_honorifics(name)))


def group_by_key(entities: Iterable, key_of: Callable[[str], str]) -> dict[str, list]:
    """One release's entities (anything with a `.name`) by cross-release key, in their order: two forms it
    lists apart ('Acme Inc.', 'ACME') are one entity. An entity whose name has no key is left out."""
    groups: dict[str, list] = {}
    for entity in entities:
        key = key_of(entity.name)
        if key:
            groups.setdefault(key, []).append(entity)
    return groups
