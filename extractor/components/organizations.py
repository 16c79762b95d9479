"""Organizations: one entry per organization, with its acronyms and short forms.

Three steps, each in its own module: candidates come from the model's ORG entities and from rules
(`organization_sources`); named checks turn away what is not an organization, each a function with its
reason (`organization_checks`); the rest is grouped into organizations with their aliases
(`organization_groups`). Every candidate a check turns away is recorded on `doc._.rejected` with the
check's name (`extractor extract --explain`); the organizations found are also `doc.spans["organizations"]`.
"""
from __future__ import annotations

import re
from collections.abc import Iterable

from spacy.language import Language
from spacy.tokens import Doc

from extractor.components.dateline import outside_story_spans
from extractor.components.extensions import as_data, doc_text, register_doc_extension
from extractor.components.organization_checks import (
    CANDIDATE_CHECKS,
    MENTION_CHECKS,
    OrgCandidate,
    OrgContext,
    check_name,
    is_named_as_a_thing,
)
from extractor.components.organization_groups import fold_company_boards, group_mentions, restore_cut_names
from extractor.components.organization_sources import CandidateSpans, find_candidates
from extractor.names import (
    clean_org_name,
    find_parentheticals,
    fold,
    spans_overlap,
    strip_leading_noise,
    strip_leading_person,
    whole_word_starts,
)
from extractor.wordlist import is_dictionary_word

# None until the component runs, so that a component that needs it can tell "none found" from "not run".
register_doc_extension("organizations", default=None)
register_doc_extension("organization_spans", default=())
register_doc_extension("rejected", default=[])

SPANS_KEY = "organizations"
_PUNCTUATION = re.compile(r"[^\w&\s]")
_BULLET = re.compile(r"[ \t]*(?:[*•·‣-]|\d{1,2}[.)])[ \t]+\S")
# "ContactJane Doe Acme Marketing Email Us Here", "Media Contact: Jane Doe, Acme": a contact line names
# people and the firms they speak for, in title case but not a heading.
_CONTACT_LINE = re.compile(r"^(?:Media[ \t]+)?Contacts?(?:\b[ \t:]*\w|[A-Z])")


@Language.factory("extractor_organizations", default_config={"skip_checks": []}, requires=["doc.ents"],
                  assigns=["doc._.organizations", "doc._.organization_spans", "doc._.rejected", "doc.spans"])
def make_organization_finder(nlp: Language, name: str, skip_checks: list[str]):
    return OrganizationFinder(skip_checks)


def all_check_names() -> list[str]:
    return [check_name(c) for c in (*CANDIDATE_CHECKS, *MENTION_CHECKS)]


class OrganizationFinder:
    def __init__(self, skip_checks: Iterable[str] = ()):
        unknown = set(skip_checks) - set(all_check_names())
        if unknown:
            raise ValueError(f"unknown organization checks {sorted(unknown)}; known: {all_check_names()}")
        skipped = set(skip_checks)
        self.candidate_checks = [c for c in CANDIDATE_CHECKS if check_name(c) not in skipped]
        self.mention_checks = [c for c in MENTION_CHECKS if check_name(c) not in skipped]

    def __call__(self, doc: Doc) -> Doc:
        text = doc_text(doc)
        ents = doc.ents  # built anew on every access: read once
        person_ents = [(e.start_char, e.end_char) for e in ents if e.label_ == "PERSON"]
        parentheticals = find_parentheticals(text)
        found = find_candidates(doc, person_ents)
        context = _context(doc, ents, found, parentheticals)
        rejected: list[dict] = []

        def reject(start: int, end: int, check) -> None:
            rejected.append({"field": "organization", "text": text[start:end], "start": start, "end": end,
                             "check": check_name(check)})

        person_names = {text[s:e] for s, e in person_ents if " " in text[s:e]}
        candidates = _cleaned(text, found, person_names)
        context.things = {fold(name) for name in {c.name for c in candidates if c.from_model}
                          if _named_as_a_thing_somewhere(text, name, context.excluded)}
        mentions = []
        for candidate in candidates:
            check = next((c for c in self.candidate_checks if c(candidate, context)), None)
            if check is None:
                mentions.append((candidate.start, candidate.end, candidate.name))
            else:
                reject(candidate.start, candidate.end, check)
        mentions = fold_company_boards(restore_cut_names(mentions, text), text)
        for check in self.mention_checks:
            dropped = check(mentions, context, parentheticals)
            for i in sorted(dropped):
                reject(mentions[i][0], mentions[i][1], check)
            mentions = [m for i, m in enumerate(mentions) if i not in dropped]

        # Surnames and brand words the model tagged PERSON join an organization they are a short form of.
        aliases_only = [(s, e, clean_org_name(text[s:e])) for s, e in person_ents
                        if not spans_overlap((s, e), [m[:2] for m in mentions]) and len(text[s:e].split()) == 1]
        tickers = {t for p in parentheticals for _, t in p.tickers}
        groups = group_mentions(mentions, parentheticals, text, tickers, aliases_only)
        doc._.organizations = as_data(g.to_model() for g in groups)
        doc._.organization_spans = tuple((g.name, s) for g in groups for s in g.spans)
        doc._.rejected = [r for r in doc._.rejected or [] if r["field"] != "organization"] + rejected
        set_spans(doc, SPANS_KEY, "ORG", (s for g in groups for s in g.spans))
        return doc


def set_spans(doc: Doc, key: str, label: str, spans: Iterable[tuple[int, int]]) -> None:
    """The entities found, as `doc.spans[key]`, so that a spaCy user or displaCy can read them."""
    found = [doc.char_span(s, e, label=label, alignment_mode="expand") for s, e in sorted(set(spans))]
    doc.spans[key] = [span for span in found if span is not None]


def _named_as_a_thing_somewhere(text: str, name: str, excluded) -> bool:
    """Any occurrence of the name, not only those the model tagged: "launched its SolTile roof tiles"
    says what SolTile is even when the model tagged only "SolTile makes the roof..."."""
    for start in whole_word_starts(text, name):
        span = (start, start + len(name))
        if not spans_overlap(span, excluded) and is_named_as_a_thing(text, *span):
            return True
    return False


def _cleaned(text: str, found: CandidateSpans, person_names: set[str]) -> list[OrgCandidate]:
    """Each candidate span as the name it writes: stray punctuation, leading noise and a person's name
    before it off."""
    candidates = []
    for start, end in found.all:
        name = strip_leading_person(strip_leading_noise(clean_org_name(text[start:end])), person_names)
        if not name:
            continue
        at = max(start, text.find(name, start, end))
        candidates.append(OrgCandidate(at, at + len(name), name, (start, end) in found.model))
    return candidates


def _context(doc: Doc, ents, found: CandidateSpans, parentheticals) -> OrgContext:
    text = doc_text(doc)
    excluded = outside_story_spans(doc)
    lines = [span for span in _line_spans(text) if text[span[0]:span[1]].strip()]
    headings = [span for span in lines if _is_heading_line(text[span[0]:span[1]])]
    if lines and not _ends_a_sentence(text[lines[0][0]:lines[0][1]]) and lines[0][1] - lines[0][0] < 300:
        headings.append(lines[0])  # the headline, whatever its punctuation inside
    heading_set = set(headings)
    prose = "\n".join(text[a:b] for a, b in _line_spans(text)
                      if (a, b) not in heading_set and not any(s <= a and b <= e for s, e in excluded))
    return OrgContext(
        text=text,
        excluded=excluded,
        tickers=[(p.start, p.end) for p in parentheticals if p.tickers],
        headings=headings,
        prose_words=" " + " ".join(_PUNCTUATION.sub(" ", fold(prose)).split()) + " ",
        rule=set(found.rule),
        role=set(found.role),
        listed=set(found.listed),
        place_texts=_place_texts(ents),
        person_texts=_voted_texts(ents, "PERSON"),
        defined_shorts={fold(short) for p in parentheticals for short in p.short_forms},
        portfolios=_portfolios(text, found.role),
    )


def _portfolios(text: str, role_spans) -> set[str]:
    """Common words named only in a role's slot ("Minister of Digital", "Director of Social Impact"):
    portfolios. A company with a common-word name ("Further") is named elsewhere in the text too."""
    found = set()
    for start, end in role_spans:
        name = text[start:end]
        if not name.istitle() or not all(is_dictionary_word(word) for word in name.split()):
            continue
        uses = len(whole_word_starts(text, name, joiners="-"))
        if uses == sum(1 for s, e in role_spans if text[s:e] == name):
            found.add(fold(name))
    return found


def _voted_texts(ents, label: str) -> set[str]:
    """Texts the model tags `label` more often than ORG ("Trump" said, "Trump" ORG once)."""
    votes: dict[str, int] = {}
    for ent in ents:
        if ent.label_ in {label, "ORG"}:
            key = fold(clean_org_name(ent.text))
            votes[key] = votes.get(key, 0) + (1 if ent.label_ == label else -1)
    return {key for key, vote in votes.items() if vote > 0}


def _place_texts(ents) -> set[str]:
    """Texts the model tags as places more often than as organizations ("Kyushu", not "Credo Beauty").
    FAC is left out: the model tags a company's stores and offices FAC ("at Acme Beauty")."""
    votes: dict[str, int] = {}
    for ent in ents:
        if ent.label_ in {"GPE", "LOC", "ORG"}:
            key = fold(clean_org_name(ent.text))
            votes[key] = votes.get(key, 0) + (1 if ent.label_ != "ORG" else -1)
    return {key for key, vote in votes.items() if vote > 0}


def _line_spans(text: str) -> list[tuple[int, int]]:
    spans, offset = [], 0
    for line in text.split("\n"):
        spans.append((offset, offset + len(line)))
        offset += len(line) + 1
    return spans


def _ends_a_sentence(line: str) -> bool:
    """'... a milestone."' and '... today.' end sentences; a headline does not."""
    return line.rstrip().rstrip("\"'”’)]").endswith((".", "!", "?"))


def _is_heading_line(line: str) -> bool:
    """A short line in title case without closing punctuation: a headline, subtitle or section heading.
    A bulleted line is a list item, whatever its case."""
    if _BULLET.match(line):
        return False
    line = line.strip(" \t*_#")
    if _CONTACT_LINE.match(line):
        return False
    if not line or len(line) > 160 or _ends_a_sentence(line) or line.endswith((";", ",")) or line.count(". ") > 0:
        return False
    words = [w for w in line.split() if w[:1].isalpha()]
    return bool(words) and sum(w[0].isupper() for w in words) >= 0.6 * len(words)


