"""The output record: the contract every consumer of the JSON relies on.

Field names and meanings only grow; later versions fill fields better, never differently.
"""
from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

GICS_SECTORS = (
    "Energy",
    "Materials",
    "Industrials",
    "Consumer Discretionary",
    "Consumer Staples",
    "Health Care",
    "Financials",
    "Information Technology",
    "Communication Services",
    "Utilities",
    "Real Estate",
)
GicsSector = Literal[GICS_SECTORS]  # type: ignore[valid-type]
Qualifier = Literal["approx", "at_most", "at_least", "range_min", "range_max"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Person(_Model):
    name: str = Field(description="Fullest form in the text, without honorifics or titles.")
    title: str | None = Field(None, description="Role as written, e.g. 'Chief Executive Officer'.")
    organization: str | None = Field(None, description="Organization the title belongs to.")
    aliases: list[str] = Field(default_factory=list, description="Other forms used for the same person.")
    mentions: int = Field(1, ge=1, description="How many times any form of the name occurs.")


class Organization(_Model):
    name: str = Field(description="Fullest form, without a leading 'the' or a possessive; legal suffix kept.")
    aliases: list[str] = Field(default_factory=list, description="Acronyms and short forms used in the text.")
    mentions: int = Field(1, ge=1)


class MoneyMention(_Model):
    text: str = Field(description="The span as written.")
    start: int = Field(ge=0, description="Character offset of `text` in the text the extractor read.")
    end: int = Field(ge=0)


class Money(_Model):
    """One distinct figure; the same amount written twice is one item with two `mentions`."""

    text: str = Field(description="The first mention as written, currency marker and scale word included.")
    amount: float = Field(description="Full numeric value, scale applied ('1.2 billion' -> 1200000000).")
    currency: str = Field(pattern=r"^[A-Z]{3}$", description="ISO 4217 code.")
    start: int = Field(ge=0, description="Character offset of `text` (the first mention) in the text read.")
    end: int = Field(ge=0)
    qualifier: Qualifier | None = Field(None, description="Bound or range end the text puts on the amount.")
    kind: str | None = Field(None, description="What the amount is, when a rule can tell (revenue, funding, ...).")
    mentions: list[MoneyMention] = Field(default_factory=list, description="Every place the figure is written.")


class Sector(_Model):
    sector: GicsSector = Field(description="One of the 11 GICS sector names.")
    industry: str = Field(description="Industry in plain words, from the taxonomy.")
    evidence: list[str] = Field(default_factory=list, description="Phrases as written that signal it.")
    mentions: int = Field(1, ge=1)
    primary: bool = Field(False, description="True for the sector of the release's main subject.")


class Dateline(_Model):
    location: str | None = None
    wire: str | None = Field(None, description="The newswire that published the release.")
    date: str | None = Field(None, description="ISO 8601 date when parsable.")


class Rejection(_Model):
    """A candidate a named check turned away: what `--explain` shows when an entity is missing."""

    field: Literal["person", "organization"]
    text: str = Field(description="The candidate as written.")
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    check: str = Field(description="The name of the check that dropped it.")


class Record(_Model):
    id: str = Field(description="File stem, JSONL id, or 'stdin'.")
    source: str | None = Field(None, description="Path the text came from.")
    title: str | None = Field(None, description="The headline, when the text starts with one.")
    dateline: Dateline | None = None
    people: list[Person] = Field(default_factory=list)
    organizations: list[Organization] = Field(default_factory=list)
    money: list[Money] = Field(default_factory=list)
    sectors: list[Sector] = Field(default_factory=list)
    text: str | None = Field(None, description="With --include-text: the text the extractor read, which "
                                               "every offset indexes (HTML and Markdown reduced to words).")
    rejected: list[Rejection] | None = Field(None, description="With --explain: each candidate person or "
                                                               "organization a check dropped, and which.")


def record_json_schema() -> dict:
    return Record.model_json_schema()
