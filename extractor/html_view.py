"""The highlighted view: a release as a self-contained HTML page, its entities marked, its record beside it.

The marks are drawn by spaCy's displaCy entity renderer in manual mode, from character spans into the
text the extractor read (`record.text`, kept with `include_text`). Money carries its own offsets in the
record; people, organizations and sector evidence are found where the record's own written forms
(names, aliases, evidence phrases) stand in the text as whole words. Everything taken from the input is
escaped, and the page forbids scripts outright (Content-Security-Policy), so a release containing
`<script>` shows the tag as text and never runs it.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from html import escape
from typing import NamedTuple, TextIO

from extractor.outputs import format_amount
from extractor.schema import Record

# label -> (colour, what the legend says); the order is the legend's.
KINDS = {
    "PERSON": ("#f9c6d0", "person"),
    "ORG": ("#b9dcfb", "organization"),
    "MONEY": ("#c8f0c0", "money"),
    "SECTOR": ("#fde7a6", "sector evidence"),
}

_PAGE_HEAD = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<style>
body {{ font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; margin: 0; color: #222;
       background: #fafafa; }}
article {{ display: grid; grid-template-columns: minmax(0, 3fr) minmax(0, 2fr); gap: 1.5rem; padding: 1.5rem;
          border-bottom: 1px solid #ddd; }}
@media (max-width: 900px) {{ article {{ grid-template-columns: 1fr; }} }}
h1 {{ font-size: 1.2rem; margin: 0 0 .4rem; }}
h2 {{ font-size: 1rem; margin: 1rem 0 .3rem; }}
.dateline, .source {{ color: #666; font-size: .85rem; margin: 0 0 .4rem; }}
.legend {{ margin: .4rem 0 1rem; }}
.legend {{ font-size: .85rem; color: #444; }}
.legend .chip {{ display: inline-block; padding: .15em .6em; margin: 0 .3em 0 .6em; border-radius: .35em;
                font-size: .75rem; font-weight: bold; color: #222; }}
.release {{ background: #fff; border: 1px solid #e3e3e3; border-radius: .4rem; padding: 1rem;
           line-height: 2.4; overflow-wrap: anywhere; }}
.release .entities {{ line-height: 2.4 !important; }}
aside {{ font-size: .9rem; position: sticky; top: 1rem; align-self: start; }}
table {{ border-collapse: collapse; width: 100%; }}
th, td {{ text-align: left; vertical-align: top; padding: .2rem .4rem; border-bottom: 1px solid #eee; }}
th {{ font-weight: 600; color: #555; }}
td.number {{ text-align: right; white-space: nowrap; }}
.none {{ color: #888; }}
</style>
</head>
<body>
"""
_PAGE_FOOT = "</body>\n</html>\n"


class Mark(NamedTuple):
    start: int
    end: int
    label: str


def _whole_word(form: str, flags: int = 0) -> re.Pattern:
    return re.compile(rf"(?<!\w){re.escape(form)}(?!\w)", flags)


def _occurrences(text: str, forms: Iterable[str], label: str, ignore_case: bool = False) -> Iterator[Mark]:
    for form in {f.strip() for f in forms if f and f.strip()}:
        for match in _whole_word(form, re.IGNORECASE if ignore_case else 0).finditer(text):
            yield Mark(match.start(), match.end(), label)


def marks(record: Record, text: str) -> list[Mark]:
    """Non-overlapping spans to highlight, in text order.

    Money comes first (its offsets are the record's own); then the longest forms win, so 'Jane Doe
    Foundation' is one organization rather than a person inside one.
    """
    money = [Mark(m.start, m.end, "MONEY") for figure in record.money
             for m in (figure.mentions or [figure]) if text[m.start:m.end] == m.text]
    found = [*_occurrences(text, (f for p in record.people for f in (p.name, *p.aliases)), "PERSON"),
             *_occurrences(text, (f for o in record.organizations for f in (o.name, *o.aliases)), "ORG"),
             *_occurrences(text, (e for s in record.sectors for e in s.evidence), "SECTOR", ignore_case=True)]
    kind_order = list(KINDS)
    found.sort(key=lambda m: (-(m.end - m.start), kind_order.index(m.label), m.start))
    taken: list[Mark] = []
    occupied = bytearray(len(text))  # one flag per character: a long release with many marks stays linear
    for mark in [*money, *found]:
        if not any(occupied[mark.start:mark.end]):
            occupied[mark.start:mark.end] = b"\x01" * (mark.end - mark.start)
            taken.append(mark)
    return sorted(taken)


def _highlighted_text(text: str, spans: list[Mark]) -> str:
    from spacy import displacy

    colours = {label: colour for label, (colour, _) in KINDS.items()}
    return displacy.render({"text": text, "ents": [m._asdict() for m in spans], "title": None}, style="ent",
                           manual=True, page=False, minify=True, options={"colors": colours})


def _table(headers: tuple[str, ...], rows: list[tuple], numeric: tuple[int, ...] = ()) -> str:
    if not rows:
        return '<p class="none">none found</p>'
    head = "".join(f"<th>{escape(h)}</th>" for h in headers)
    body = "".join(
        "<tr>" + "".join(f'<td{" class=number" if i in numeric else ""}>{escape("" if c is None else str(c))}</td>'
                         for i, c in enumerate(row)) + "</tr>"
        for row in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _record_panel(record: Record) -> str:
    parts = [
        "<h2>People</h2>",
        _table(("Name", "Title", "Organization"), [(p.name, p.title, p.organization) for p in record.people]),
        "<h2>Organizations</h2>",
        _table(("Name", "Aliases", "Mentions"),
               [(o.name, ", ".join(o.aliases), o.mentions) for o in record.organizations], numeric=(2,)),
        "<h2>Money</h2>",
        _table(("As written", "Amount", "Currency", "Qualifier", "Kind"),
               [(m.text, format_amount(m.amount), m.currency, m.qualifier, m.kind) for m in record.money],
               numeric=(1,)),
        "<h2>Sectors</h2>",
        _table(("Sector", "Industry", "Evidence"),
               [(s.sector + (" (primary)" if s.primary else ""), s.industry, ", ".join(s.evidence))
                for s in record.sectors]),
    ]
    return "\n".join(parts)


def _legend() -> str:
    chips = "".join(f'<span class="chip" style="background: {colour}">{label}</span>{escape(meaning)}'
                    for label, (colour, meaning) in KINDS.items())
    return f'<div class="legend">{chips}</div>'


def render_article(record: Record, text: str | None = None) -> str:
    """One record's view: heading, legend, the highlighted text, and the record beside it.

    `text` is the text the record's offsets index; by default the record's own (`include_text`)."""
    text = record.text if text is None else text
    if text is None:
        raise ValueError(f"{record.id}: the HTML view needs the text the record was made from "
                         "(extract with include_text=True)")
    heading = escape(record.title or record.id)
    meta = [f'<p class="source">{escape(record.source or record.id)}</p>']
    if record.dateline:
        parts = (record.dateline.location, record.dateline.wire, record.dateline.date)
        meta.append(f'<p class="dateline">{escape(" | ".join(p for p in parts if p))}</p>')
    return (f'<article id="{escape(record.id)}">\n<section>\n<h1>{heading}</h1>\n' + "\n".join(meta) + "\n"
            + _legend() + f'\n<div class="release">{_highlighted_text(text, marks(record, text))}</div>\n'
            + f"</section>\n<aside>\n{_record_panel(record)}\n</aside>\n</article>\n")


def render_page(records: Iterable[Record], title: str = "extractor: highlighted releases") -> str:
    """A whole page for `records` (see `write_html` to stream one)."""
    from io import StringIO

    out = StringIO()
    write_html(records, out, title)
    return out.getvalue()


def write_html(records: Iterable[Record], out: TextIO, title: str = "extractor: highlighted releases") -> None:
    """One self-contained page, one article per record, written as each record arrives.

    The page's head goes out with the first record, so that a stdout that cannot be written (a full
    disk) fails on a record, which the run then counts as failed, rather than before any."""
    head = _PAGE_HEAD.format(title=escape(title))
    for record in records:
        out.write(head + render_article(record))
        head = ""
        out.flush()
    out.write(head + _PAGE_FOOT)


def record_html(record: Record) -> str:
    """One record's page, titled with its id: what `--output-dir` writes per input with `--format html`."""
    return render_page([record], title=record.title or record.id)
