"""People: one entry per person, with aliases, title and organization.

Candidates are the model's PERSON entities and names found by their role. A candidate is dropped by
the first named check of person_checks.PERSON_CHECKS that turns it away (not shaped like a name, an
organization the document names, a place, a title, ...). A wire's contact staff are people like any
other (the guide lists them; a check that dropped them cost F1). Names are cleaned of
honorifics and titles, then merged (names.merge_person_aliases). Titles come from the words around a
mention (names.find_title): "Jane Doe, CEO of Acme", "Deputy Mayor Lo", "Acme's CEO Jane Doe".
"""
from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc

from extractor.components.extensions import as_data, doc_text, register_doc_extension
from extractor.components.organization_checks import PERSON_FORM_CHECKS, check_name, without_people
from extractor.components.organizations import SPANS_KEY as ORGANIZATIONS_KEY, set_spans
from extractor.components.person_checks import (
    PERSON_CHECKS,
    PersonCandidate,
    PersonDocument,
    end_before_email,
    end_before_headline_verbs,
    lone_name_context,
    paired_with,
    rejection,
)
from extractor.names import (
    clean_person_name,
    find_title,
    fold,
    has_legal_suffix,
    has_title_after,
    initials,
    looks_like_acronym,
    merge_person_aliases,
    org_core,
    honorific_inside,
    is_occupation,
    spans_overlap,
    starts_with_honorific,
    strip_leading_noise,
    strip_honorifics,
    strip_possessive,
    without_title,
    NICKNAME,
    PERSON_BY_ROLE,
    TITLE_OF_ORGANIZATION_AFTER,
    RoleMatch,
)
from extractor.schema import Organization, Person
from extractor.wordlist import is_dictionary_word

register_doc_extension("people", default=[])
SPANS_KEY = "people"

_PLACE_LABELS = {"GPE", "LOC", "FAC"}
_RULE_GROUPS = ("name", "lone_titled", "said", "titled", "honored", "contact", "signed", "described", "appointed")
# Contexts that only a person fits: the name is one whatever label the model gave it.
_PERSON_ONLY_GROUPS = ("described", "appointed", "lone_titled")
# A link, a line or a bracket glued after a name ends it; not a nickname's brackets ('Julio (Julito) Varela').
_GLUED_AFTER_NAME = re.compile(rf"\n|[ \t]*(?:[\[<|]|(?!{NICKNAME}[ \t]+[A-Z])\(|https?:)")
_CAPITALIZED_BEFORE = re.compile(r"((?:[A-Z][\w'’-]*\.?[ \t]+){1,3})$")
# "Chris and Amber Lee": the first given name shares the surname of the second; not "Jane Smith and
# John Brown", where the word before "and" ends a name of its own.
_SHARED_SURNAME = re.compile(r"(?<![\w'’.-])(?P<given>[A-Z][a-z]+)[ \t]+(?:and|&)[ \t]+$")
# The word before a shared given name that makes it a surname: a capitalized word ("Jane Doe and Amber Lee"),
# or a nickname's closing quote or bracket ('Javier “Javy” Baez and Juan Nieves').
_CAPITALIZED_WORD_END = re.compile(r"(?:[A-Z][\w'’.-]*|[”\")])[ \t]+$")
_PARTNER_AFTER = re.compile(r"[ \t]+(?:and|&)[ \t]+(?P<name>[A-Z][a-z]+[ \t]+[A-Z][a-z][\w'’-]*)(?![\w'’-]|[ \t]+[A-Z])")
_GIVEN_NAMES = re.compile(r"(?:[A-Z][a-z]+[ \t]+){1,2}")
_LIST_JOINER = re.compile(r"[ \t]*(?:,|and\b|&)[ \t]*")
# 'Ivan “Pudge” Rodriguez': a nickname in quotes or brackets between a given name and a surname.
_NICKNAMED = re.compile(rf"(?=[A-Z])(?<![\w'’-])[A-Z][a-z]+(?:[ \t]+[A-Z]\.)?[ \t]+{NICKNAME}"
                        r"[ \t]+[A-Z][a-z][\w'’-]*(?:[ \t]+[A-Z][a-z][\w'’-]*)?(?![\w'’-])")


@Language.factory("extractor_people", default_config={"skip_checks": []},
                  requires=["doc.ents", "doc._.organizations"],
                  assigns=["doc._.people", "doc._.organizations", "doc._.rejected", "doc.spans"])
def make_person_finder(nlp: Language, name: str, skip_checks: list[str]):
    return PersonFinder(skip_checks)


def person_check_names() -> list[str]:
    return [name for name, _ in PERSON_CHECKS] + [check_name(c) for c in PERSON_FORM_CHECKS]


def _across_nicknames(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """'Ivan “Pudge” Rodriguez', which the model cuts at the quotes into 'Ivan' and 'Rodriguez' (or tags as
    ORG, or misses): one person, the spans inside it replaced, where the model tagged a part of it PERSON
    or the given name is no common word; not where a name runs on past it ('Marcus K Williams (Introducing)
    Jillian Williams')."""
    for match in _NICKNAMED.finditer(text):
        whole = match.span()
        inside = [s for s in spans if spans_overlap(s, [whole])]
        # A span running on past it is a list ('Javier “Javy” Baez, Juan Nieves'): the rest is a name too.
        rest = [(joiner.end(), e) for s, e in inside if e > whole[1]
                for joiner in [_LIST_JOINER.match(text, whole[1], e)] if joiner]
        # A span opening a word or two before it holds more given names ('Manuel Alejandro “Chino” Vidal');
        # one opening further back runs on into it ('Marcus K Williams (Introducing) Jillian Williams').
        before = [s for s, _ in inside if s < whole[0]]
        if before and not _GIVEN_NAMES.fullmatch(text, min(before), whole[0]) \
                or len(rest) < sum(e > whole[1] for _, e in inside):
            continue
        whole = (min([*before, whole[0]]), whole[1])
        if inside or not is_dictionary_word(match[0].split()[0]):
            spans = [s for s in spans if s not in inside] + [whole] + rest
    return spans


def _partners_after_given_names(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """'founded by Chris and Amber Lee' where the model tagged only 'Chris': the full name after "and" is
    a person too (and gives 'Chris' the surname, below)."""
    found = []
    for start, end in spans:
        partner = _PARTNER_AFTER.match(text, end)
        if partner and " " not in text[start:end].strip() and not spans_overlap(partner.span("name"), spans):
            found.append(partner.span("name"))
    return found


class PersonFinder:
    def __init__(self, skip_checks=()):
        unknown = set(skip_checks) - set(person_check_names())
        if unknown:
            raise ValueError(f"unknown person checks {sorted(unknown)}; known: {person_check_names()}")
        skip = set(skip_checks)
        self.person_checks = tuple((n, c) for n, c in PERSON_CHECKS if n not in skip)
        self.person_form_checks = tuple(c for c in PERSON_FORM_CHECKS if check_name(c) not in skip)

    def __call__(self, doc: Doc) -> Doc:
        text = doc_text(doc)
        if doc._.organizations is None:
            raise ValueError("extractor_people reads the organizations a person works for: add "
                             "extractor_organizations before it (extractor.pipeline.add_extractor_components "
                             "adds every component in order)")
        organizations = [Organization.model_validate(o) for o in doc._.organizations]
        org_spans = list(doc._.organization_spans or ())
        org_names = [n for o in organizations for n in (o.name, *o.aliases)]
        org_keys = {fold(n) for n in org_names} | {org_core(n) for n in org_names}
        ents = doc.ents  # built anew on every access: read once
        places = {fold(e.text) for e in ents if e.label_ in _PLACE_LABELS}

        mentions: list[tuple[str, str, int, int]] = []
        rejected: list[dict] = []
        spans = [(e.start_char, e.end_char) for e in ents if e.label_ == "PERSON"
                 or e.label_ == "ORG" and starts_with_honorific(e.text) and len(e.text.split()) > 1]
        # "Minister of Railways Shri Ashok Kumar" tagged ORG: the person starts at the honorific.
        spans += [(e.start_char + honorific_inside(e.text), e.end_char) for e in ents
                  if e.label_ == "ORG" and honorific_inside(e.text) >= 0]
        spans = _across_nicknames(text, spans)
        spans += _partners_after_given_names(text, spans)
        place_spans = [(e.start_char, e.end_char) for e in ents if e.label_ in _PLACE_LABELS]
        person_only: set[tuple[int, int]] = set()  # "NFL player Jane Doe": a person, whatever the model says
        for m in PERSON_BY_ROLE.finditer(text):
            found = next(m.span(g) for g in _RULE_GROUPS if m[g])
            # "Jane Doe, Executive Vice President of Acme": only a person holds a title of an organization.
            only_a_person = any(m[g] for g in _PERSON_ONLY_GROUPS) or bool(
                m["name"] and TITLE_OF_ORGANIZATION_AFTER.match(text, m.end("name")))
            if only_a_person:
                person_only.add(found)
            inside = [s for s in spans if s[0] < found[1] and found[0] < s[1]]
            found_words = set(text[found[0]:found[1]].split())
            if not only_a_person and spans_overlap(found, place_spans) or any(
                    not set(clean_person_name(text[s[0]:s[1]]).split()) <= found_words for s in inside):
                continue
            # The rule's fuller span replaces a model span inside it ("Councillor Tan" of "Tan Boon Huat").
            spans = [s for s in spans if s not in inside] + [found]
        # "Ong" of "Ong Wei Ming" stays a person even where the model also tagged it ORG.
        short_forms = {fold(w) for s, e in spans for name in [clean_person_name(text[s:e])]
                       if len(name.split()) > 1 for w in (name.split()[0], name.split()[-1])}
        document = PersonDocument(text, tuple(org_names), frozenset(org_keys), tuple(s for _, s in org_spans),
                                  frozenset(places), frozenset(short_forms))
        for start, end in sorted(spans):
            glued = _GLUED_AFTER_NAME.search(text, start, end)
            if glued:
                end = glued.start()  # "Jane Doe[https://...", "Jane Doe\nPhone": a link or line glued on
            end = end_before_email(text, start, end_before_headline_verbs(text, start, end))
            strong = (start, end) in person_only and not any(
                has_legal_suffix(n) for n, s in org_spans if spans_overlap((start, end), [s]))
            form = strip_possessive(text[start:end].strip()).strip(" ,.")
            name = clean_person_name(strip_leading_noise(form))
            check = rejection(PersonCandidate(name, form, start, end, document, strong), self.person_checks)
            if check:
                rejected.append({"field": "person", "text": text[start:end], "start": start, "end": end,
                                 "check": check})
                continue
            form = self._with_preceding_title(text, start, form)
            name = clean_person_name(form)
            bare = strip_honorifics(form)
            if len(name.split()) == 1 and len(bare.split()) == 2 and has_title_after(text, end):
                name = bare  # "Dean Okoro, CEO of Acme": "Dean" is his given name, "CEO" his title
            name_start = text.find(name, start, end)
            mentions.append((form, name, name_start if name_start >= 0 else start, end))
            shared = _SHARED_SURNAME.search(text, max(0, start - 30), start)
            if shared and _CAPITALIZED_WORD_END.search(text, max(0, shared.start() - 30), shared.start()):
                shared = None
            if shared and len(name.split()) == 2:
                partner = f"{shared['given']} {name.split()[-1]}"
                mentions.append((partner, partner, shared.start("given"), shared.end("given")))

        groups = merge_person_aliases([(form, name) for form, name, _, _ in mentions],
                                      persons_alone=self._lone_names_in_context(text, mentions))
        spans_of: dict[str, list[tuple[int, int]]] = {}
        for form, name, start, end in mentions:
            spans_of.setdefault(name, []).append((start, end))
        people, person_spans = [], []
        for group in groups:
            aliases = [a for a in dict.fromkeys(without_title(a) for a in group.aliases) if a != group.name]
            person = Person(name=group.name, aliases=aliases, mentions=max(group.mentions, 1))
            cleaned = {clean_person_name(f) for f in group.forms} | {group.name}
            spans = sorted(s for n in cleaned for s in spans_of.get(n, []))
            person_spans.append(spans)
            roles = [r for r in (find_title(text, start, end, org_spans) for start, end in spans) if r]
            if roles:
                # A role of known title words before one whose department was guessed ("Exec Director");
                # of those, the first that names its organization, else the first.
                role = min(roles, key=lambda r: (is_occupation(r.title), r.guessed, r.organization is None))
                person.title, person.organization = spelled_out(role.title, roles), role.organization
            people.append(person)
        doc._.people = as_data(people)
        kept, dropped = without_people(organizations, people, org_spans, text, self.person_form_checks)
        doc._.organizations = as_data(kept)
        rejected += [{"field": "organization", "text": org.name, "start": spans[0][0] if spans else 0,
                      "end": spans[0][1] if spans else 0, "check": check_name(check)} for org, spans, check in dropped]
        doc._.rejected = list(doc._.rejected or []) + rejected
        set_spans(doc, SPANS_KEY, "PERSON", (s for spans in person_spans for s in spans))
        set_spans(doc, ORGANIZATIONS_KEY, "ORG", (s for name, s in org_spans if name in {o.name for o in kept}))
        return doc

    @staticmethod
    def _lone_names_in_context(text: str, mentions: list[tuple[str, str, int, int]]) -> set[str]:
        """One-word names that the words around one of their mentions mark as a person's."""
        lone = [(name, start, end) for _, name, start, end in mentions if len(name.split()) == 1]
        found = {name for name, start, end in lone if lone_name_context(text, start, end)}
        placed = [(start, end) for name, start, end in lone if name in found]
        return found | {name for name, start, end in lone if paired_with(text, start, end, placed)}

    @staticmethod
    def _with_preceding_title(text: str, start: int, form: str) -> str:
        """'Lo' preceded by 'Deputy Mayor ' or 'Mr. ' is written 'Deputy Mayor Lo': keep that alias.
        'Wira Rahman Ismail' preceded by 'Datuk ' is 'Datuk Wira Rahman Ismail', whose name is 'Rahman Ismail'."""
        before = text[max(0, start - 40):start]
        match = _CAPITALIZED_BEFORE.search(before)
        if match:
            words = match.group(1).split()
            for k in range(len(words), 0, -1):
                candidate = " ".join(words[-k:]) + " " + form
                cleaned, original = clean_person_name(candidate), clean_person_name(form)
                # The same name, or the name once an honorific is read whole ("Datuk" + "Wira Rahman").
                if cleaned == original or (original.endswith(" " + cleaned) and len(cleaned.split()) > 1):
                    return candidate
        return form


def spelled_out(title: str, roles: list[RoleMatch]) -> str:
    """'CEO' where another mention says 'Chief Executive Officer': a reader quotes the title in words."""
    if not looks_like_acronym(title):
        return title
    return next((r.title for r in roles if initials(r.title).casefold() == title.casefold()), title)
