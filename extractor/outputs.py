"""Where records go: JSON Lines, JSON, CSV rows, or Rich tables for people to read (the highlighted HTML
view is `extractor.html_view`)."""
from __future__ import annotations

import csv
import json
from collections.abc import Iterable
from typing import TextIO

from rich.console import Console
from rich.table import Table
from rich.text import Text

from extractor.schema import Record

FORMATS = ("table", "jsonl", "json", "csv", "html")
CSV_COLUMNS = ("id", "field", "name", "title", "organization", "amount", "currency", "qualifier", "kind",
               "sector", "industry", "mentions")


OPTIONAL_FIELDS = ("text", "rejected")  # written only when asked for


def record_to_dict(record: Record) -> dict:
    """The record as JSON data; `text` and `rejected` only when they were asked for."""
    return record.model_dump(mode="json", exclude={f for f in OPTIONAL_FIELDS if getattr(record, f) is None})


def write_jsonl(records: Iterable[Record], out: TextIO) -> None:
    for record in records:
        out.write(json.dumps(record_to_dict(record), ensure_ascii=False) + "\n")
        out.flush()


def write_json(records: Iterable[Record], out: TextIO, as_array: bool = True) -> None:
    """An array of records; one object when `as_array` is false (one input, one record)."""
    items = [record_to_dict(r) for r in records]
    payload = items if as_array or len(items) != 1 else items[0]
    out.write(json.dumps(payload, ensure_ascii=False, indent=2) + "\n")


def csv_rows(record: Record) -> Iterable[dict]:
    """One row per item; a document with none still has one row (its id, empty fields), so counts reconcile."""
    for p in record.people:
        yield {"field": "person", "name": p.name, "title": p.title, "organization": p.organization,
               "mentions": p.mentions}
    for o in record.organizations:
        yield {"field": "organization", "name": o.name, "mentions": o.mentions}
    for m in record.money:
        yield {"field": "money", "name": m.text, "amount": m.amount, "currency": m.currency,
               "qualifier": m.qualifier, "kind": m.kind, "mentions": len(m.mentions)}
    for s in record.sectors:
        yield {"field": "sector", "name": "; ".join(s.evidence), "sector": s.sector, "industry": s.industry,
               "mentions": s.mentions}
    if not (record.people or record.organizations or record.money or record.sectors):
        yield {}


def write_csv(records: Iterable[Record], out: TextIO) -> None:
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, restval="", lineterminator="\n")
    writer.writeheader()
    for record in records:
        for row in csv_rows(record):
            writer.writerow({"id": record.id, **{k: ("" if v is None else v) for k, v in row.items()}})
        out.flush()


def _table(title: str, columns: tuple[str, ...], rows: Iterable[tuple]) -> Table:
    table = Table(title=title, title_justify="left", expand=False, show_lines=False)
    for column in columns:
        table.add_column(column, overflow="fold")
    for row in rows:
        table.add_row(*("" if cell is None else str(cell) for cell in row))
    return table


def format_amount(amount: float) -> str:
    return f"{amount:,.2f}".removesuffix(".00")


def render_tables(records: Iterable[Record], console: Console) -> None:
    for record in records:
        # A rule truncates long titles; a heading line wraps, so the whole title stays readable.
        console.rule()
        heading = Text(record.id, style="bold")
        if record.title:
            heading.append(f" - {record.title}")
        console.print(heading)
        if record.dateline:
            parts = (record.dateline.location, record.dateline.wire, record.dateline.date)
            console.print(Text(" | ".join(p for p in parts if p), style="dim"))
        if record.people:
            console.print(_table("People", ("Name", "Title", "Organization", "Aliases"), (
                (p.name, p.title, p.organization, ", ".join(p.aliases)) for p in record.people)))
        if record.organizations:
            console.print(_table("Organizations", ("Name", "Aliases", "Mentions"), (
                (o.name, ", ".join(o.aliases), o.mentions) for o in record.organizations)))
        if record.money:
            console.print(_table("Money", ("Text", "Amount", "Currency", "Qualifier"), (
                (m.text, format_amount(m.amount), m.currency, m.qualifier) for m in record.money)))
        if record.sectors:
            console.print(_table("Sectors", ("Sector", "Industry", "Evidence"), (
                (s.sector + (" *" if s.primary else ""), s.industry, ", ".join(s.evidence))
                for s in record.sectors)))
        if not (record.people or record.organizations or record.money or record.sectors):
            console.print("[dim]nothing found[/dim]")
        if record.rejected:
            console.print(_table("Dropped (--explain)", ("Candidate", "Field", "Check"), (
                (r.text, r.field, r.check) for r in record.rejected)))
