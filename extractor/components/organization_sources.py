"""Where candidate organizations come from: the model's ORG entities, and what rules see.

Rules see a capitalized run ending in a legal suffix or an organization word, a broadcaster's channel, a
regulator named by what it grants ("FDA-cleared"), a firm named by the service it gives in a deal ("...
served as legal counsel"), the organization slot of a role ("CEO of Acme"), a name after or in
apposition to a word for a company, and the other one-word items of a list that names two
organizations. Rule spans replace the model's boundaries where they overlap (the model cuts "Acme Co."
before "Ltd."), except where the model's name runs on with "& Name", or where the rule's name ran over
the words before the model's ("ContactJane Doe Acme Foundation Inc"). A name with commas is cut where
it joins two ("Office of Economic Opportunity, SPARC Health").
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Doc

from extractor.components.extensions import doc_text
from extractor.names import (
    ORG_AFTER_NOUN,
    ORG_AFFILIATION_AFTER_PERSON,
    ORG_AFTER_TITLE_COMMA,
    ORG_BEFORE_ROLE,
    ORG_BROADCASTER,
    ORG_BY_APPOSITION,
    ORG_BY_SERVICE,
    LEGAL_SUFFIX_WORD,
    ORG_HEAD_WORD,
    ORG_WITH_HEAD,
    ORG_WITH_LEGAL_SUFFIX,
    POST_NOMINAL,
    ROLE_ORGANIZATION,
    SERVICE_WORD,
    clean_org_name,
    finditer_from,
    finditer_on_lines,
    has_legal_suffix,
    in_portfolio_slot,
    is_title_words,
    lexicon_set,
    looks_like_acronym,
    spans_overlap,
    split_joined_names,
    split_plural_subject,
    starts_with_honorific,
    strip_leading_noise,
    strip_legal_suffix,
    title_starts,
    whole_word_starts,
)
from extractor.places import is_place_name, is_region_name
from extractor.wordlist import is_dictionary_word, is_ordinary_words

Span = tuple[int, int]

_PERSON_OF = re.compile(r"[ \t]+(?:of|at|from)[ \t]+")
_LAST_AND_IN_NAME = re.compile(r"[ \t]+and[ \t]+(?=[A-Z])(?!.*[ \t]and[ \t])")
_AMPERSAND_TAIL = re.compile(r"[ \t]+&[ \t]+[A-Z][\w-]*(?:[ \t]+[A-Z][\w-]*)*")
_LIST_ITEM = r"[A-Z][\w&.'’-]*(?:[ \t]+[A-Z][\w&.'’-]*){0,3}"
_LIST_LINE_START = re.compile(r"(?:^|\n)[ \t]*(?:[*•·‣-][ \t]+)?$")
_COMMA = re.compile(r",[ \t]+")
_AND_OR_AMPERSAND = re.compile(r"[ \t](?:and|&)[ \t]")
_SENTENCE_END = re.compile(r"(?<![A-Z])(?<!\b(?:Co|St|Mt))\.[ \t]+(?=[A-Z])")
# A regulator, exchange or funder named by what it grants: "FDA-cleared", "Nasdaq-listed", "UNESCO-recognized",
# "FCA-authorised". Not a standard or a certification ("IFRS-compliant", "ASE-certified"): those verbs are
# left out. An acronym, or one capitalized word no dictionary lists.
_ORG_BY_GRANT = re.compile(
    r"(?<![\w-])(?P<org>[A-Z]{2,6}|[A-Z][a-z]{2,8})-(?:approved|cleared|listed|recognized|recognised|authorized|"
    r"authorised|regulated|funded|designated)(?![\w-])")
_CAPITALIZED_LIST = re.compile(rf"{_LIST_ITEM}(?:,[ \t]+(?:and[ \t]+)?{_LIST_ITEM}){{2,}}")


@dataclass
class CandidateSpans:
    """Every candidate span of one document, and which source proposed it."""

    all: list[Span]
    rule: list[Span]  # legal suffix, organization word, broadcaster, what a regulator grants, service role
    role: list[Span]  # a role's organization slot, a name after or in apposition to a company word
    model: set[Span]  # the model's ORG entities that no rule span replaced
    listed: list[Span]  # one-word items of a list that names organizations


def find_candidates(doc: Doc, person_ents: list[Span]) -> CandidateSpans:
    text = doc_text(doc)
    ents = doc.ents
    model_starts = {e.end_char: e.start_char for e in ents if e.label_ == "ORG"}
    rule = [_trimmed_to_model(text, span, model_starts) for span in rule_spans(text, person_ents)]
    rule = _drop_nested(sorted(rule, key=lambda s: (s[0], -s[1])))
    dates = [(e.start_char, e.end_char) for e in ents if e.label_ in {"DATE", "TIME"}]
    role = _role_spans(text, person_ents, dates, rule)
    candidates: list[Span] = list(rule)
    for ent in ents:
        if ent.label_ != "ORG":
            continue
        start, end = ent.start_char, ent.end_char
        if "\n" in ent.text:
            end = start + ent.text.index("\n")
        if any(s[0] < end and start < s[1] and not _joined_by_ampersand(text, s, (start, end)) for s in rule):
            continue  # the rule's boundaries win over the model's, but for a name joined by "&"
        if any(s[0] <= start and end <= s[1] and s != (start, end) for s in role):
            continue  # so do a role's: "Acme Taiwan Chairman Jane Doe" over the model's "Acme"
        if in_portfolio_slot(text, start, end):
            continue  # "Head of Retail Channels for Acme": a portfolio
        candidates += _split_plural_subject(text, (start, end))
    model = set(candidates) - set(rule)
    candidates += [span for span in role if not spans_overlap(span, candidates)]
    listed = list_members(text, candidates, person_ents)
    candidates = [part for span in candidates + listed for part in _split_at_commas(text, span)]
    return CandidateSpans(sorted(set(candidates)), rule, role, model, listed)


def rule_spans(text: str, person_ents: list[Span]) -> list[Span]:
    """Names ending in a legal suffix or an organization word, broadcasters, regulators named by what they
    grant, and firms named by their service."""
    spans = []
    for pattern, needle in ((ORG_WITH_LEGAL_SUFFIX, LEGAL_SUFFIX_WORD), (ORG_WITH_HEAD, ORG_HEAD_WORD)):
        for m in finditer_on_lines(pattern, text, needle):
            offset = m.start("name")
            for part in split_joined_names(m["name"]):
                start = text.index(part, offset)
                offset = start + len(part)
                # "Jeff Doe of Acme Bank", "ContactJane Doe Acme Foundation Inc" (where the text names
                # "Acme Foundation" on its own): the rule ran over a person's name.
                for _, person_end in sorted(e for e in person_ents if start <= e[0] and e[1] < offset):
                    after = _PERSON_OF.match(text, person_end, offset)
                    apart = after.end() if after else _named_apart(text, person_end, offset, (start, offset))
                    if apart is not None:
                        start = apart
                name = strip_leading_noise(clean_org_name(text[start:offset]))
                if name:
                    spans.append((_locate(name, text, start, offset), offset))
    spans += [m.span("name") for m in ORG_BROADCASTER.finditer(text)]
    spans += [m.span("org") for m in _ORG_BY_GRANT.finditer(text)
              if m["org"].isupper() or not is_dictionary_word(m["org"])]
    for m in finditer_on_lines(ORG_BY_SERVICE, text, SERVICE_WORD):
        start, end = m.span("org") if m["org"] else m.span("sponsor")
        name = strip_leading_noise(clean_org_name(text[start:end]))
        if name and not is_title_words(name) and not starts_with_honorific(name):
            spans.append((_locate(name, text, start, end), end))
    return [part for span in spans for part in _split_plural_subject(text, span)
            for part in _split_named_elsewhere(text, part)]


def _named_apart(text: str, start: int, end: int, span: Span) -> int | None:
    """Where the words of text[start:end] begin, if the text names them (less a legal suffix, two words
    or more) outside `span` too."""
    at = start + len(text[start:end]) - len(text[start:end].lstrip(" \t"))
    name = clean_org_name(strip_legal_suffix(text[at:end]))
    if not name[:1].isupper() or len(name.split()) < 2:
        return None
    uses = whole_word_starts(text, name, joiners="&-")
    return at if any(u < span[0] or u >= span[1] for u in uses) else None


def _trimmed_to_model(text: str, span: Span, model_starts: dict[int, int]) -> Span:
    """'ContactJane Doe Acme Foundation Inc': the model's name (its start by its end) ends where the rule's
    does but starts later, and the text names it on its own elsewhere: the words before it are no part of it."""
    start = model_starts.get(span[1], span[0])
    return (start, span[1]) if span[0] < start and _named_apart(text, start, span[1], span) is not None else span


def _role_spans(text: str, person_ents: list[Span], dates: list[Span], rule: list[Span]) -> list[Span]:
    """A role's organization slot ("CEO of Acme", "Acme Taiwan Chairman Jane Doe") and names after or in
    apposition to a word for a company ("Italian company Acme", "Acme, the state's investment agency")."""
    titles = title_starts(text)
    role = [m.span("org") for m in finditer_from(ROLE_ORGANIZATION, text, titles)
            if not text.startswith(" at ", m.end())]
    role += [m.span("org") for m in finditer_on_lines(ORG_BEFORE_ROLE, text, titles)
             if not is_title_words(strip_leading_noise(m["org"])) and ". " not in m["org"]
             and not _holds_a_headline_verb(m["org"])]
    nouns = [m.span("org") for m in ORG_AFTER_NOUN.finditer(text)
             if not is_title_words(m["org"]) and not spans_overlap(m.span("org"), person_ents + dates)]
    # "Invest Acme, the city's investment agency": the apposition outweighs the model's PERSON.
    nouns += [m.span("org") for m in ORG_BY_APPOSITION.finditer(text)
              if not is_title_words(m["org"]) and not spans_overlap(m.span("org"), dates)]
    nouns += [m.span("org") for _, person_end in person_ents
              for m in [ORG_AFTER_TITLE_COMMA.match(text, person_end)] if m and not is_title_words(m["org"])]
    nouns += affiliations(text, person_ents)
    # "Head of Sales for Italian company Acme": the role's words end at an adjective, the name follows.
    return [s for s in role if not spans_overlap(s, rule) and not any(0 < n[0] - s[1] < 14 for n in nouns)] + nouns


def _holds_a_headline_verb(name: str) -> bool:
    """'Acme Appoints Capital Markets' of the headline 'Acme Appoints Capital Markets Specialist Jane Doe':
    a verb, not an organization's name, before the role."""
    return any(word.casefold() in lexicon_set("headline_verbs.txt") for word in name.split()[1:])


def affiliations(text: str, person_ents: list[Span]) -> list[Span]:
    """'* Jane Doe, Acme Media' on a list line, 'Jane Doe (Acme)': the firm a person is with. Not a title
    ('* Jane Doe, President & CEO'), ordinary words that say what she is ('Jane Doe, Gospel Recording
    Artist'), an acronym in parentheses (a title: 'Jane Doe (CSO)'), another person, or a nickname inside
    the name ('Julio (Julito) Varela')."""
    found = []
    people = {text[s:e] for s, e in person_ents}
    for start, end in person_ents:
        m = ORG_AFFILIATION_AFTER_PERSON.match(text, end)
        if not m or m["org"] and not _LIST_LINE_START.search(text, max(0, start - 12), start):
            continue
        group = "org" if m["org"] else "paren"
        name = m[group]
        if len(name) > 1 and not is_ordinary_words(name) and name not in people \
                and not looks_like_acronym(name) and not is_title_words(name):
            found.append(m.span(group))
    return found


def list_members(text: str, candidates, person_ents) -> list[Span]:
    """In a comma list naming two or more organizations ("backed by Acme Capital, Beta Ventures,
    Gamma, and others"), the other capitalized one-word items are organizations too: investors and
    partners are listed together. Full person names and the gazetteer's places in the list stay what
    they are; the model's place tag does not ('Google, Nielsen, Pinterest': Nielsen, a company)."""
    found = []
    for m in _CAPITALIZED_LIST.finditer(text):
        items = [(i.start() + m.start(), i.end() + m.start()) for i in re.finditer(_LIST_ITEM, m.group())]
        items = [(s + (4 if text.startswith("and ", s) else 0), e) for s, e in items]
        items = [_before_sentence_end(text, item) for item in items]
        known = [i for i in items if any(c[0] <= i[0] and i[1] <= c[1] for c in candidates)]
        if len(known) < 2:
            continue
        for start, end in items:
            word = text[start:end]
            if (start, end) in known or " " in word or is_place_name(word):
                continue
            if any(s < end and start < e and len(text[s:e].split()) > 1 for s, e in person_ents):
                continue
            found.append((start, end))
    return found


def _before_sentence_end(text: str, item: Span) -> Span:
    """'..., Yahoo, and TikTok. The U of Digital network': the last item ends with its sentence."""
    start, end = item
    stop = _SENTENCE_END.search(text, start, end)
    return (start, stop.start()) if stop else item


def _joined_by_ampersand(text: str, rule: Span, model: Span) -> bool:
    """'Wageningen University & Research': the model's span runs on past the rule's organization word with
    '& Name'; one name, as the model says."""
    return model[0] <= rule[0] and _AMPERSAND_TAIL.fullmatch(text, rule[1], model[1]) is not None


def _split_plural_subject(text: str, span: Span) -> list[Span]:
    """The spans of 'Alpha and Beta Group' in 'Alpha and Beta Group are advising': one a name."""
    start, end = span
    parts = split_plural_subject(text[start:end], text[end:end + 12])
    if len(parts) == 1:
        return [span]
    found = []
    for part in parts:
        start = text.index(part, start, end)
        found.append((start, start + len(part)))
        start += len(part)
    return found


def _split_at_commas(text: str, span: Span) -> list[Span]:
    """'Office of Economic Opportunity, SPARC Health': two names the model ran together; 'University of
    Salamanca, Spain': a name and its place, which is dropped. Not a legal suffix ('Acme, Inc.'), a
    university's campus ('University of California, Berkeley'), a series whose last item comes with
    "and" or "&" ('Skadden, Arps, Slate, Meagher & Flom', 'Ministry of Agriculture, Forestry and
    Fisheries'), words in lower case after a comma ('Acme, the firm'), or a person's post-nominal ('Law
    Offices of Jane Doe, Esq.')."""
    start, end = span
    parts = _COMMA.split(text[start:end])
    if len(parts) == 1 or has_legal_suffix(text[start:end]) or _AND_OR_AMPERSAND.search(parts[-1]) \
            or not all(part[:1].isupper() or part[:1].isdigit() for part in parts) \
            or any(POST_NOMINAL.fullmatch(part) for part in parts):
        return [span]
    found: list[Span] = []
    for n, part in enumerate(parts):
        at = text.index(part, start, end)
        start = at + len(part)
        if found and n == len(parts) - 1 and _is_campus(text[found[-1][0]:found[-1][1]], part):
            found[-1] = (found[-1][0], start)
        elif not is_place_name(part):
            found.append((at, start))
    return found


def _is_campus(name: str, place: str) -> bool:
    """'University of Maryland, College Park': a city after a university names its campus; a country or
    a state after it ('University of Salamanca, Spain') is where it is."""
    return name.startswith("University") and is_place_name(place) and not is_region_name(place)


def _split_named_elsewhere(text: str, span: Span) -> list[Span]:
    """'advisor to Zentrix and Holt & Ames LLP is ...': the words before "and" are an organization the
    text names on its own elsewhere, and the rest has a legal suffix: two names, not one."""
    start, end = span
    found = _LAST_AND_IN_NAME.search(text, start, end)
    if not found or not has_legal_suffix(text[found.end():end]):
        return [span]
    left = text[start:found.start()]
    uses = whole_word_starts(text, left, joiners="&-")
    if not any(u < start or u >= end for u in uses):
        return [span]
    return [(start, found.start()), (found.end(), end)]


def _locate(name: str, text: str, start: int, end: int) -> int:
    """Where a cleaned name starts inside text[start:end] (cleaning may have folded its spaces)."""
    found = text.find(name, start, end)
    if found < 0:
        found = text.find(name.split(" ")[0], start, end)
    return found if found >= 0 else start


def _drop_nested(spans: list[Span]) -> list[Span]:
    kept: list[Span] = []
    for span in spans:
        if kept and span[0] < kept[-1][1]:
            continue
        kept.append(span)
    return kept
