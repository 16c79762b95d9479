"""The dateline that opens a release: place, wire service and date.

"KAOHSIUNG, TAIWAN - Media OutReach Newswire - 4 March 2024 - ...", "PALM DESERT, CA, June 4, 2024
/24-7PressRelease/ -- ...", "ST. LOUIS, MO / PR Karma / January 15, 2025". The wire that publishes the
release is named there or in a footer ("appeared first on citybiz"); it belongs to the dateline, and
every place it is named is recorded in `doc._.wire_spans` so that people and organizations skip it.
"""
from __future__ import annotations

import re
from datetime import datetime

from dateutil import parser as date_parser
from spacy.language import Language
from spacy.tokens import Doc

from extractor.components.extensions import doc_text, register_doc_extension, sentence_range
from extractor.names import _alternation, load_lexicon
from extractor.schema import Dateline

register_doc_extension("dateline")
register_doc_extension("wire_spans", default=())
register_doc_extension("dateline_span")

_MONTH = (r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
          r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?")
DATE = re.compile(
    rf"\b(?:\d{{1,2}}[ \t]+{_MONTH},?[ \t]+\d{{4}}|{_MONTH}[ \t]+\d{{1,2}}(?:st|nd|rd|th)?,?[ \t]+\d{{4}}"
    rf"|\d{{4}}-\d{{2}}-\d{{2}})\b"
)
_WIRE_NAMES = load_lexicon("wires.txt")
# The scanning patterns open with a lookahead for a match's first character: one step at every position.
_WIRE_FIRST = re.escape("".join(sorted({ch for name in _WIRE_NAMES for ch in (name[0], name[0].upper())})))
# As written or in capitals ("GLOBE NEWSWIRE"), never lower case: "newsworthy" is a word, not a wire.
WIRE = re.compile(
    rf"(?=[{_WIRE_FIRST}A-Z])(?<![\w./-])(?:{_alternation([*_WIRE_NAMES, *(n.upper() for n in _WIRE_NAMES)], flexible_periods=False)}"
    r"|[A-Z][A-Za-z]*(?:News|Media|Press)[ ]?Wire|[A-Z][A-Za-z]*(?:NEWS|MEDIA|PRESS)[ ]?WIRE)(?![\w-])"
)
_ABOUT_LINE = re.compile(r"^[ \t]*About[ \t]+(?P<name>.+?)[ \t]*$", re.MULTILINE | re.IGNORECASE)
# The publisher named between slashes or after a footer phrase, whatever its name.
_SLASHED = re.compile(r"(?:^|[ \t])/[ \t]*(?P<wire>[^/\n]{2,40}?)[ \t]*/(?:[ \t]|$)")
_FOOTER = re.compile(
    r"(?=[afvi])(?:appeared first on|first appeared on|View (?:the )?(?:source|original) (?:version|release) on"
    r"|is powered by)[ \t]+(?P<wire>[\w.-]+(?:[ \t]+[A-Z][\w.-]*)*?)\.?[ \t]*$",
    re.MULTILINE | re.IGNORECASE,
)
# A distributor's credit line: "This article has been amplified by NewsRamp in collaboration with Acme
# Studios." Both names are how the release was distributed, not parties to its story.
_CREDIT_LINE = re.compile(
    r"(?:amplified|distributed|syndicated)[ \t]+by[ \t]+(?P<wire>[A-Z][\w.-]*(?:[ \t]+[A-Z][\w.-]*)*?)[ \t]+"
    r"in[ \t]+(?:collaboration|partnership|association)[ \t]+with[ \t]+"
    r"(?P<partner>[A-Z][\w.-]*(?:[ \t]+[A-Z][\w.-]*)*?)\.?[ \t]*$",
    re.MULTILINE,
)
_LOCATION_END = re.compile(r"[ \t\xa0]+[-–—]|-{2}|[ \t\xa0]/|\(|,?[ \t\xa0]*$")
_LOCATION = re.compile(
    r"[A-Z][\w.'’-]*(?:[ \t\xa0]+(?:and[ \t]+|of[ \t]+|de[ \t]+)?[A-Z][\w.'’-]*|,[ \t\xa0]*[A-Z][\w.'’-]*|/[A-Z][\w.'’-]*){0,7}"
)
_SEPARATORS = re.compile(r"[ \t)\]/,:–—-]*")
_HEADING = re.compile(r"^\s{0,3}#")
_SEARCH_LINES = 3


def parse_date(text: str) -> str | None:
    """ISO 8601 date of 'June 04, 2024' or '4 March 2024'; None when unparsable."""
    try:
        return date_parser.parse(text, default=datetime(1900, 1, 1)).date().isoformat()
    except (ValueError, OverflowError):
        return None


def find_location(prefix: str) -> str | None:
    """'KAOHSIUNG, TAIWAN' from 'KAOHSIUNG, TAIWAN - Media OutReach Newswire - ': the place opening the line."""
    prefix = prefix.strip(" \t\xa0*_")
    end = _LOCATION_END.search(prefix)
    candidate = prefix[: end.start()] if end else prefix
    candidate = candidate.strip(" \t\xa0,")
    if not candidate or candidate.split()[0].casefold() == "about" or not _LOCATION.fullmatch(candidate) \
            or WIRE.fullmatch(candidate):
        return None
    return candidate


def _opening_lines(text: str):
    """(offset, line) of the first non-empty lines after the headline."""
    offset = 0
    taken = 0
    for line in text.splitlines(keepends=True):
        start = offset
        offset += len(line)
        if not line.strip() or _HEADING.match(line) or line.lstrip().startswith(("!", "[")):
            continue
        yield start, line.rstrip("\n")
        taken += 1
        if taken >= _SEARCH_LINES:
            return


def find_dateline(text: str) -> tuple[Dateline | None, tuple[int, int] | None]:
    """The dateline and its character span, from the first lines that hold a wire or a date."""
    for start, line in _opening_lines(text):
        head = line[:250]
        date = DATE.search(head)
        wire = WIRE.search(head)
        slashed = _SLASHED.search(head)
        if not (date or wire or slashed):
            continue
        ends = [m.end() for m in (date, wire, slashed) if m]
        end = max(ends)
        if date and date.start() > 200:
            continue
        location = find_location(line[: date.start() if date else len(line)])
        wire_name = wire.group(0) if wire else (slashed["wire"].strip() if slashed else None)
        if not (location and (date or wire_name)):
            continue
        tail = _SEPARATORS.match(line, end)
        return (
            Dateline(location=location, wire=wire_name, date=parse_date(date.group(0)) if date else None),
            (start, start + (tail.end() if tail else end)),
        )
    return None, None


def wire_acronyms(names) -> set[str]:
    """'MiningNewsWire' -> 'MNW', 'PRISM MediaWire' -> 'PMW': the short names a wire's boilerplate uses."""
    found = set()
    for name in names:
        capitals = "".join(c for c in name if c.isupper())
        if 2 <= len(capitals) <= 5 and capitals != name:
            found.add(capitals)
        words = name.split()
        if len(words) > 1:
            found.add("".join(w[0] for w in words if w[:1].isalpha()).upper())
    return {a for a in found if len(a) >= 2}


def about_wire_blocks(text: str, wire_names) -> list[tuple[int, int]]:
    """'About <wire>' sections, up to the next 'About ...' heading or the end: the wire's own boilerplate."""
    folded = {n.casefold() for n in wire_names}
    headings = list(_ABOUT_LINE.finditer(text))
    blocks = []
    for index, heading in enumerate(headings):
        if heading["name"].casefold() in folded or WIRE.fullmatch(heading["name"]):
            end = headings[index + 1].start() if index + 1 < len(headings) else len(text)
            blocks.append((heading.start(), end))
    return blocks


def find_wire_spans(text: str) -> list[tuple[int, int]]:
    spans = [m.span() for m in WIRE.finditer(text)]
    names = {text[a:b] for a, b in spans}
    acronyms = wire_acronyms(names)
    if acronyms:
        spans += [m.span() for m in re.finditer(rf"(?<![\w-])(?:{'|'.join(map(re.escape, acronyms))})(?![\w-])", text)]
    spans += about_wire_blocks(text, names)
    spans += [span for m in _FOOTER.finditer(text) for span in (m.span("wire"), m.span())]
    spans += [span for m in _CREDIT_LINE.finditer(text) for span in (m.span("wire"), m.span("partner"), m.span())]
    return sorted(spans)


def outside_story_spans(doc: Doc) -> list[tuple[int, int]]:
    """Character spans of the dateline and of the wire's own text: no person or organization there
    belongs to the story."""
    spans = list(doc._.wire_spans or ())
    if doc._.dateline_span:
        spans.append(doc._.dateline_span)
    return spans


@Language.factory("extractor_dateline", assigns=["doc._.dateline", "doc._.dateline_span", "doc._.wire_spans"])
def make_dateline_detector(nlp: Language, name: str):
    return DatelineDetector()


class DatelineDetector:
    @staticmethod
    def _wire_sentences(doc: Doc, wire_spans, dateline_span) -> list[tuple[int, int]]:
        """Sentences that name the wire outside the dateline are its boilerplate ("Add X Wire as your
        news source on Google", "content provided by MNW"): nothing in them belongs to the story."""
        if not doc.has_annotation("SENT_START"):
            return []
        found = set()
        text = doc_text(doc)
        first_line_end = text.find("\n", len(text) - len(text.lstrip()))
        for a, b in wire_spans:
            span = doc.char_span(a, b, alignment_mode="expand")
            if span is None or b - a > 200:
                continue  # about blocks and the dateline itself are already whole spans
            start, end = sentence_range(doc, span.start_char)
            if dateline_span and start < dateline_span[1] or start < first_line_end:
                continue  # the dateline and the headline ("XNewsBreaks – Acme Inc. ...") are the story's
            # Within the wire's own line: a contact block may run into the same "sentence".
            line_start = text.rfind("\n", 0, a) + 1
            line_end = text.find("\n", b)
            found.add((max(start, line_start), min(end, line_end if line_end >= 0 else end)))
        return sorted(found)

    def __call__(self, doc: Doc) -> Doc:
        text = doc_text(doc)
        dateline, span = find_dateline(text)
        wire_spans = find_wire_spans(text)
        if span is not None and dateline.wire:
            wire_spans.append(span)
        if dateline is not None and dateline.wire is None:
            footer = _FOOTER.search(text)
            if footer:
                dateline.wire = footer["wire"].rstrip(".")
        elif dateline is None:
            footer = _FOOTER.search(text)
            if footer:
                dateline = Dateline(wire=footer["wire"].rstrip("."))
        doc._.dateline = dateline.model_dump(mode="json") if dateline is not None else None
        doc._.dateline_span = span
        doc._.wire_spans = tuple(sorted(wire_spans + self._wire_sentences(doc, wire_spans, span)))
        return doc
