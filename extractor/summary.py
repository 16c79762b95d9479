"""What a batch is about: counters over many records, read as a stream.

`Summary.add` takes one record at a time and keeps only counters (per organization, person, currency
and sector), never the records, so a JSON Lines file of any length is summarised in bounded memory.
Organizations and people are counted once across releases by `extractor.identity` keys ('Acme Corp.'
and 'ACME Corporation' are one); each keeps the ids of the first releases that name it. Money stays
per currency: amounts in different currencies are never added together.
"""
from __future__ import annotations

import heapq
import io
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from itertools import chain, count

from pydantic import ValidationError

from extractor.identity import group_by_key, organization_key, person_key
from extractor.inputs import SNIFF_BYTES, binary_kind
from extractor.outputs import format_amount
from extractor.schema import Record

RELEASE_IDS_KEPT = 20  # per entity: enough to see who recurs, bounded whatever the batch's size
LARGEST_KEPT = 5  # per currency
LARGEST_SHOWN = 2  # per currency, on the terminal
TOTALLED_QUALIFIERS = (None, "approx")  # a bound or a range end is not an amount to add up
BAR_WIDTH = 30
BAD_LINES_SHOWN = 5  # per file: a file that is not JSON Lines at all would give a line per line
@dataclass
class EntityTally:
    """One organization or person across the batch."""

    names: Counter = field(default_factory=Counter)  # written forms -> releases using them
    titles: Counter = field(default_factory=Counter)  # people: "Title, Organization" -> releases
    mentions: int = 0
    documents: int = 0
    release_ids: list[str] = field(default_factory=list)

    @property
    def name(self) -> str:
        """The form most releases use; on a tie, the longest (the fullest form)."""
        return max(self.names.items(), key=lambda item: (item[1], len(item[0])))[0]  # then the first seen

    @property
    def title(self) -> str | None:
        return self.titles.most_common(1)[0][0] if self.titles else None

    def seen_in(self, record_id: str, names: list[str], mentions: int, title: str | None = None) -> None:
        """One release naming the entity, in one or more forms."""
        self.names.update(dict.fromkeys(names, 1))
        self.mentions += mentions
        if title:
            self.titles[title] += 1
        self.documents += 1
        if len(self.release_ids) < RELEASE_IDS_KEPT:
            self.release_ids.append(record_id)

    def as_dict(self, with_title: bool = False) -> dict:
        data = {"name": self.name, "documents": self.documents, "mentions": self.mentions,
                "other_names": sorted(set(self.names) - {self.name}), "release_ids": self.release_ids}
        if with_title:
            data = {"name": data.pop("name"), "title": self.title, **data}
        return data


@dataclass
class CurrencyTally:
    figures: int = 0
    documents: int = 0
    total: float = 0.0  # of the figures stated as amounts (no bound, no range end)
    not_totalled: int = 0
    largest: list[tuple] = field(default_factory=list)  # a min-heap of (amount, order, text, qualifier, id)

    def add(self, amount: float, qualifier: str | None, text: str, record_id: str, order: int) -> None:
        self.figures += 1
        if qualifier in TOTALLED_QUALIFIERS:
            self.total += amount
        else:
            self.not_totalled += 1
        entry = (amount, -order, text, qualifier, record_id)  # on equal amounts, the earlier one stays
        if len(self.largest) < LARGEST_KEPT:
            heapq.heappush(self.largest, entry)
        else:
            heapq.heappushpop(self.largest, entry)

    def largest_first(self) -> list[dict]:
        return [{"amount": a, "text": t, "qualifier": q, "release_id": i}
                for a, _, t, q, i in sorted(self.largest, reverse=True)]


@dataclass
class Summary:
    documents: int = 0
    organizations: dict[str, EntityTally] = field(default_factory=dict)
    people: dict[str, EntityTally] = field(default_factory=dict)
    money: dict[str, CurrencyTally] = field(default_factory=dict)
    sectors: Counter = field(default_factory=Counter)  # sector -> releases naming it
    primary_sectors: Counter = field(default_factory=Counter)
    _order: count = field(default_factory=count, repr=False)

    def add(self, record: Record) -> None:
        self.documents += 1
        for key, organizations in group_by_key(record.organizations, organization_key).items():
            self.organizations.setdefault(key, EntityTally()).seen_in(
                record.id, [o.name for o in organizations], sum(o.mentions for o in organizations))
        for key, people in group_by_key(record.people, person_key).items():
            title = next((", ".join(part for part in (p.title, p.organization) if part) for p in people if p.title),
                         None)
            self.people.setdefault(key, EntityTally()).seen_in(
                record.id, [p.name for p in people], sum(p.mentions for p in people), title)
        currencies = set()
        for figure in record.money:
            self.money.setdefault(figure.currency, CurrencyTally()).add(
                figure.amount, figure.qualifier, figure.text, record.id, next(self._order))
            currencies.add(figure.currency)
        for currency in currencies:
            self.money[currency].documents += 1
        self.sectors.update({s.sector for s in record.sectors})
        self.primary_sectors.update({s.sector for s in record.sectors if s.primary})

    def top_organizations(self, n: int | None = 10) -> list[EntityTally]:
        return _top(self.organizations, n)

    def top_people(self, n: int | None = 10) -> list[EntityTally]:
        return _top(self.people, n)

    def as_dict(self, top: int | None = 10) -> dict:
        """The summary as data; `top` bounds the organization and people lists (None: all)."""
        return {
            "documents": self.documents,
            "organizations": [o.as_dict() for o in self.top_organizations(top)],
            "distinct_organizations": len(self.organizations),
            "people": [p.as_dict(with_title=True) for p in self.top_people(top)],
            "distinct_people": len(self.people),
            "money": [{"currency": currency, "figures": t.figures, "documents": t.documents,
                       "total": round(t.total, 2), "not_totalled": t.not_totalled, "largest": t.largest_first()}
                      for currency, t in self._currencies()],
            "sectors": [{"sector": sector, "documents": n, "primary": self.primary_sectors[sector]}
                        for sector, n in self._sectors()],
        }

    def _currencies(self) -> list[tuple[str, CurrencyTally]]:
        return sorted(self.money.items(), key=lambda item: (-item[1].figures, item[0]))

    def _sectors(self) -> list[tuple[str, int]]:
        return sorted(self.sectors.items(), key=lambda item: (-item[1], item[0]))


def _top(tallies: dict[str, EntityTally], n: int | None) -> list[EntityTally]:
    ranked = sorted(tallies.values(), key=lambda t: (-t.documents, -t.mentions, t.name.casefold()))
    return ranked if n is None else ranked[:n]


def summarize_lines(lines: Iterable[str], on_error: Callable[[int, str], None] | None = None,
                    summary: Summary | None = None) -> Summary:
    """Add each JSON Lines record to `summary` as it is read; a line that is not a record goes to
    `on_error(line_number, reason)` (or raises ValueError without one). Blank lines are skipped."""
    summary = summary if summary is not None else Summary()
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            record = Record.model_validate_json(line)
        except ValidationError as error:
            reason = _first_problem(error)
            if on_error is None:
                raise ValueError(f"line {number}: {reason}") from None
            on_error(number, reason)
            continue
        summary.add(record)
    return summary


def summarize_files(paths: Iterable[str], report: Callable[[str], None], stdin: Iterable[str] | None = None,
                    summary: Summary | None = None) -> tuple[Summary, bool]:
    """Every record of the JSON Lines files at `paths` ('-': the `stdin` lines) in one summary.

    A file that cannot be read, or a line that is not a record, is one `report` line naming the file
    (and the line) and the rest goes on; past `BAD_LINES_SHOWN` in one file, the others are counted.
    Returns the summary and whether anything failed."""
    summary = summary if summary is not None else Summary()
    failed = False
    for path in paths:
        where, bad = ("stdin" if path == "-" else str(path)), 0

        def bad_line(number: int, reason: str) -> None:
            nonlocal bad
            bad += 1
            if bad <= BAD_LINES_SHOWN:
                report(f"{where}:{number}: {reason}")

        try:
            if path == "-":
                failed = not _summarize_stream(iter(stdin or ()), where, bad_line, summary, report) or failed
            else:
                with open(path, "rb") as raw:
                    kind = binary_kind(raw.read(SNIFF_BYTES))
                    if kind:  # "ls: not a text file (executable)", once, not one line per garbled line
                        report(f"{where}: not a text file ({kind})")
                        failed = True
                        continue
                    raw.seek(0)
                    lines = io.TextIOWrapper(raw, encoding="utf-8", errors="replace")
                    failed = not _summarize_stream(lines, where, bad_line, summary, report) or failed
        except OSError as error:
            report(f"{where}: cannot read ({error.strerror or error})")
            failed = True
        if bad > BAD_LINES_SHOWN:
            report(f"{where}: {bad - BAD_LINES_SHOWN} more lines that are not records")
        failed = failed or bool(bad)
    return summary, failed


def _summarize_stream(lines, where: str, bad_line, summary: Summary, report: Callable[[str], None]) -> bool:
    """One file's lines into `summary`; False, with one `report` line, for a whole JSON document (what
    `--format json` writes: an array, or an object over many lines), which is not JSON Lines."""
    first = next(lines, "")
    opening = first.strip()
    if opening == "{" or opening.startswith("["):
        report(f"{where}: a JSON document, not JSON Lines (one record per line: extract with --format jsonl)")
        return False
    summarize_lines(chain([first], lines), on_error=bad_line, summary=summary)
    return True


def _first_problem(error: ValidationError) -> str:
    problem = error.errors(include_url=False)[0]
    where = ".".join(str(part) for part in problem.get("loc", ()))
    if problem.get("type") == "json_invalid":
        return "not JSON"
    return f"not an extractor record ({where + ': ' if where else ''}{problem.get('msg', 'invalid')})"


# --- on the terminal ---------------------------------------------------------------------------------

def _releases_cell(tally: EntityTally, shown: int = 3) -> str:
    ids = tally.release_ids[:shown]
    more = tally.documents - len(ids)
    return ", ".join(ids) + (f" +{more} more" if more > 0 else "")


def render_summary(summary: Summary, console, top: int = 10) -> None:
    """Tables and bar charts that fit the console's width (80 columns and up)."""
    from rich.bar import Bar
    from rich.table import Table
    from rich.text import Text

    def table(title: str, *columns: tuple[str, dict]) -> Table:
        t = Table(title=title, title_justify="left", title_style="bold", expand=False)
        for name, options in columns:
            t.add_column(name, overflow="fold", **options)
        return t

    right = {"justify": "right", "no_wrap": True}
    console.print(Text(f"{summary.documents} documents summarised", style="bold"))
    console.print(Text(f"{len(summary.organizations)} organizations, {len(summary.people)} people, "
                       f"{sum(t.figures for t in summary.money.values())} money figures in "
                       f"{len(summary.money)} currencies", style="dim"))

    if summary.organizations:
        orgs = table(f"Organizations named in most releases (top {top})", ("Organization", {"ratio": 2}),
                     ("Releases", right), ("Mentions", right), ("Named in", {"ratio": 2}))
        for o in summary.top_organizations(top):
            orgs.add_row(o.name, str(o.documents), str(o.mentions), _releases_cell(o))
        console.print(orgs)
    if summary.people:
        people = table(f"People named in most releases (top {top})", ("Person", {"ratio": 2}),
                       ("Title", {"ratio": 2}), ("Releases", right), ("Named in", {"ratio": 2}))
        for p in summary.top_people(top):
            people.add_row(p.name, p.title or "", str(p.documents), _releases_cell(p))
        console.print(people)
    if summary.money:
        totals = table("Money per currency (never added across currencies)", ("Currency", {}),
                       ("Figures", right), ("Releases", right), ("Total stated", right), ("Bounds", right))
        largest = table(f"Largest amounts ({LARGEST_SHOWN} per currency)", ("Currency", {}), ("Amount", right),
                        ("As written", {"ratio": 2}), ("Release", {"ratio": 2}))
        for currency, t in summary._currencies():
            totals.add_row(currency, str(t.figures), str(t.documents), format_amount(t.total), str(t.not_totalled))
            for item in t.largest_first()[:LARGEST_SHOWN]:
                largest.add_row(currency, format_amount(item["amount"]), item["text"], item["release_id"])
        console.print(totals)
        console.print(Text("Bounds: 'up to', 'at least' and range ends, counted but not added.", style="dim"))
        console.print(largest)
    if summary.sectors:
        sectors = table("Sectors: releases naming each", ("Sector", {"no_wrap": True}), ("Releases", right),
                        ("", {"width": BAR_WIDTH, "no_wrap": True}))
        most = max(summary.sectors.values())
        for sector, n in summary._sectors():
            sectors.add_row(sector, str(n), Bar(size=most, begin=0, end=n, width=BAR_WIDTH, color="cyan"))
        console.print(sectors)
    if not summary.documents:
        console.print(Text("no records", style="dim"))
