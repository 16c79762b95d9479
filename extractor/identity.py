"""Cross-release identity: when two records name the same organization or person.

A batch summary and a database count an entity once across releases, so 'Acme Corp.' in one release
and 'ACME Corporation' in another need one key. The key is deliberately conservative: case, accents,
punctuation, a leading 'the' and the legal suffix are ignored; words are not. Two different companies
that share a name apart from their legal form ('Acme Inc.', 'Acme GmbH') are merged: a reader following a
week of news reads them as one name, and the releases that name each stay listed.
"""
from __future__ import annotations

from .names import fold, org_core, strip_honorifics

_THE = "the "


def organization_key(name: str) -> str:
    """'Acme Corp.', 'ACME Corporation' and 'the Acme Corporation' -> 'acme'."""
    core = org_core(name)
    if core.startswith(_THE):
        core = core[len(_THE):]
    return core or fold(name).strip()


def person_key(name: str) -> str:
    """'Dr. Jane Doe' and 'JANE DOE' -> 'jane doe'; initials and punctuation do not split a person."""
    words = fold(strip_honorifics(name)).replace(".", " ").replace(",", " ").split()
    return " ".join(words)
