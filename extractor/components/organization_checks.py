"""Named checks that turn a candidate organization away, each a function whose docstring is its reason.

`CANDIDATE_CHECKS` run on each candidate mention in order; the first that fires names why it is not an
organization (`extractor extract --explain` lists them). `MENTION_CHECKS` then look at the surviving
mentions together, and `PERSON_FORM_CHECKS` at each organization once the people are known. A check can
be switched off by name (`extractor_organizations` config `skip_checks`), which is how each one's worth
is measured.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from extractor.names import (
    ORG_WITH_HEAD,
    clean_person_name,
    fold,
    has_legal_suffix,
    honorific_inside,
    is_acronym_of,
    lexicon_set,
    looks_like_acronym,
    org_core,
    person_after_title,
    schwartz_hearst_long_form,
    spans_overlap,
    starts_with_honorific,
    whole_word_starts,
    within_one_edit,
)
from extractor.places import is_place_name, is_region_name
from extractor.wordlist import is_dictionary_word, is_ordinary_words

Span = tuple[int, int]

_NOT_A_NAME = re.compile(r"@|https?:|www\.|^No\.[ \t]*\d|“[^”]*$|^[^“]*”|[\n\[\](){}<>|$#•·/]|^\W|^[\d\W]+$")
_HANDLE_AFTER = re.compile(r"[ \t]*[:(]?[ \t]*@\w")
_WEB_ADDRESS = re.compile(r"\w\.(?:com|org|net|ai|io|co)$")
_VISIT_BEFORE = re.compile(
    r"\b(?:visit|visiting|go[ \t]+to|log[ \t]+on[ \t]+to|register|sign[ \t]+up|website|site)(?:[ \t]+us)?"
    r"(?:[ \t]+(?:at|on))?[ \t]*[:@]?[ \t]*$", re.IGNORECASE)
_MODEL_NUMBER = re.compile(r"\b[A-Z]+-?\d{2,}\b")
# An address around the name: "95 Parker Oaks Ln", "Trenton NJ 08619", "Acme Tower, Suite 700".
_ADDRESS_BEFORE = re.compile(r"\b\d{1,6}[ \t]+$")
_ADDRESS_AFTER = re.compile(r"[ \t,]*(?:\d{5}\b|(?:Suite|Ste\.?|Floor|Unit)\b)")
_YEAR = re.compile(r"\b(?:19|20)\d\d\b")
_COINED_CATEGORY = re.compile(r"[A-Z]-[A-Z][a-z]+")
_NOT_A_PARTY_AFTER = re.compile(r"™|-[A-Z0-9](?![a-z])|[ \t]+of[ \t]+the[ \t]+Year\b")
_KIND_OF_FIRM_AFTER = re.compile(r"[ \t]*(?:\([^()\n]{1,12}\)[ \t]*)?(?:firm|company|provider|platform|business)\b")
_INDEFINITE_BEFORE = re.compile(r"\b(?:a|an)[ \t]+(?:[a-z-]+,?[ \t]+){0,3}$")
_NOUN_BEFORE = re.compile(r"\b(?P<noun>[a-z]+)[ \t]*[,(:]?[ \t]*$")
_NOUN_AFTER = re.compile(r"[ \t]+(?P<noun>[a-z]+)\b")
_OWNER_BEFORE = re.compile(r"\b(?:its|their|our)[ \t]+$")
_AND = re.compile(r"[ \t]+(?:and|&)[ \t]+")
_LAST_WORD = re.compile(r"(\S+)[ \t]*$")
_SPEECH_BEFORE = re.compile(r"\b(?:said|says|added|explained|noted|stated)[ \t]+$")
_SPEECH_AFTER = re.compile(r"[ \t]+(?:said|says|added|explained|noted|stated)\b")
# A brand that starts in lower case before a capital: "eXp Realty", "iHeartMedia".
_LOWER_CAMEL_CASE = re.compile(r"[a-z]{1,5}[A-Z]")
# Inside a word, a common word's end glued to a capital: "Investors|Toobit", "Innovation|Standard Fence".
_GLUE_AFTER_WORD = re.compile(r"(?<![A-Za-z])(?P<word>[A-Z]?[a-z]{3,})(?=[A-Z])")


@dataclass
class OrgContext:
    """What the checks read about one document, computed once."""

    text: str
    excluded: list[Span]  # the dateline and the wire's own text
    tickers: list[Span]  # ticker parentheticals, "(NASDAQ: QUBT)"
    headings: list[Span]  # the headline and title-case heading lines
    prose_words: str  # " word word ... " of every other line, folded
    rule: set[Span]
    role: set[Span]
    listed: set[Span]  # one-word items of a list of organizations
    place_texts: set[str]  # texts the model tags as places more often than as organizations
    person_texts: set[str]  # texts the model tags PERSON more often than ORG
    defined_shorts: set[str]  # short forms the text defines in parentheses
    portfolios: set[str]  # single words named only in a role's slot ("Minister of Digital")
    things: set[str] = field(default_factory=set)  # names the text calls a product, place or project


@dataclass(frozen=True)
class OrgCandidate:
    start: int
    end: int
    name: str
    from_model: bool


# --- checks on one candidate ------------------------------------------------------------------------

def outside_the_story(c: OrgCandidate, x: OrgContext) -> bool:
    """In the dateline or the wire's own text: the wire is not a party to the story."""
    return spans_overlap((c.start, c.end), x.excluded)


def inside_a_ticker(c: OrgCandidate, x: OrgContext) -> bool:
    """Inside "(NASDAQ: QUBT)": a ticker's exchange and symbol, not a party."""
    return any(s <= c.start and c.end <= e for s, e in x.tickers)


def heading_words_never_in_the_prose(c: OrgCandidate, x: OrgContext) -> bool:
    """Title-case headings fool the model; a real name recurs in the prose."""
    return any(s <= c.start and c.end <= e for s, e in x.headings) and f" {org_core(c.name)} " not in x.prose_words


def an_address(c: OrgCandidate, x: OrgContext) -> bool:
    """'95 Parker Oaks Ln', 'Acme Tower, Suite 700': a street or building in an address."""
    return bool(_ADDRESS_BEFORE.search(x.text, max(0, c.start - 8), c.start) or _ADDRESS_AFTER.match(x.text, c.end))


def a_social_channel(c: OrgCandidate, x: OrgContext) -> bool:
    """'on Instagram @acme': a channel, not a party to the story."""
    return bool(_HANDLE_AFTER.match(x.text, c.end))


def a_web_address_to_visit(c: OrgCandidate, x: OrgContext) -> bool:
    """'visit Intuit.com', 'the website at KoinFold.com': where to go, not who; a company named by its
    domain elsewhere ('services like Rover.com') keeps those mentions."""
    return bool(_WEB_ADDRESS.search(c.name) and _VISIT_BEFORE.search(x.text, max(0, c.start - 30), c.start))


def named_before_a_product_mark(c: OrgCandidate, x: OrgContext) -> bool:
    """'Acme™', 'SDR-OMNI', 'Startup of the Year': a product or award named after it."""
    return bool(_NOT_A_PARTY_AFTER.match(x.text, c.end))


def a_kind_of_firm(c: OrgCandidate, x: OrgContext) -> bool:
    """'an SEC-Registered Investment Advisory firm': what kind of firm, not which."""
    return c.from_model and bool(_KIND_OF_FIRM_AFTER.match(x.text, c.end)) and \
        bool(_INDEFINITE_BEFORE.search(x.text, max(0, c.start - 40), c.start))


def not_an_organization_by_its_form(c: OrgCandidate, x: OrgContext) -> bool:
    """Events, facilities, awards, concepts and section headings by their words (non_org_heads.txt,
    not_orgs.txt), product model numbers, years, coined categories ('K-Beauty')."""
    return is_non_organization(c.name)


def a_place(c: OrgCandidate, x: OrgContext) -> bool:
    """'Kyushu', 'TX': a place (the document's place entities, then GeoNames), unless the text defines the
    name as a short form; a role's organization or an item of a list of organizations that the gazetteer
    does not know is no place."""
    known = x.place_texts if (c.start, c.end) not in x.role | x.listed else set()
    core = org_core(c.name)
    place = fold(c.name) in known or is_place_name(c.name) or (core != fold(c.name) and is_region_name(core))
    return place and fold(c.name) not in x.defined_shorts


def a_person_with_an_honorific(c: OrgCandidate, x: OrgContext) -> bool:
    """'YB Gobind Singh Deo', 'Railways Shri Ashok Kumar', 'Comptroller Brooke Lierman': a person the model
    tagged ORG, after an honorific or a title."""
    return (c.start, c.end) not in x.rule and len(c.name.split()) > 1 and (
        starts_with_honorific(c.name) or honorific_inside(c.name) >= 0 or person_after_title(c.name) > 0)


def a_portfolio(c: OrgCandidate, x: OrgContext) -> bool:
    """'Minister of Digital', 'Director of Social Impact': ordinary words named only in a role's slot are
    a portfolio, not an organization. A name of several words is one only when neither the model nor the
    name's own form (a legal suffix, an organization word) proposed it: 'Paper Lanterns', tagged by the
    model, is a company."""
    key = fold(c.name)
    if key not in x.portfolios or key in x.defined_shorts:
        return False
    return " " not in c.name or (not c.from_model and not spans_overlap((c.start, c.end), x.rule))


def a_common_word_only_a_role_proposes(c: OrgCandidate, x: OrgContext) -> bool:
    """'The' of 'founder of The ...', 'Managing' of 'Managing Director of ...': one ordinary word that only
    a role's slot proposes, neither the model nor a name's own form, is a fragment however often the word
    recurs (a name the text defines in parentheses excepted: '("Sora")')."""
    span = (c.start, c.end)
    return " " not in c.name and not c.from_model and spans_overlap(span, x.role) \
        and not spans_overlap(span, x.rule) and is_dictionary_word(c.name) and fold(c.name) not in x.defined_shorts


def glued_to_a_name_written_apart(c: OrgCandidate, x: OrgContext) -> bool:
    """'InvestorsToobit', 'InnovationStandard Fence Company': a heading's last word glued to a name that
    the text also writes on its own, by a page copied without its line breaks. The glued form is no
    name; the name is found where it stands apart. ('BioUtah', 'GrowthForce': a short or ordinary part
    is the name's own.)"""
    for glue in _GLUE_AFTER_WORD.finditer(c.name):
        rest = c.name[glue.end():]
        if len(rest) >= 4 and is_dictionary_word(glue["word"]) and (" " in rest or not is_dictionary_word(rest)) \
                and whole_word_starts(x.text, rest):
            return True
    return False


def a_surname_read_as_a_person(c: OrgCandidate, x: OrgContext) -> bool:
    """'Trump said ...': one word the model mostly reads as a person; not in a role's organization slot
    ('co-founder and CEO of Lumora')."""
    return c.from_model and " " not in c.name and fold(c.name) in x.person_texts \
        and (c.start, c.end) not in x.role


def a_phrase_the_text_writes_in_lower_case(c: OrgCandidate, x: OrgContext) -> bool:
    """'Risk Management', 'Flexible Solutions': common words that the text also writes in lower case
    ('third-party risk management') are a phrase capitalized in a heading or a list, not a name; a
    name's words are not written in lower case."""
    if " " not in c.name or c.name.islower() or not is_ordinary_words(c.name.replace("-", " ")):
        return False
    return bool(whole_word_starts(x.text, c.name.lower(), joiners="-"))


def named_as_a_thing(c: OrgCandidate, x: OrgContext) -> bool:
    """'its copper deposit, Redhill', 'the Orbis app', 'launched its SolTile roof tiles': the text names it
    as a product, place or project somewhere, so it is one everywhere (a legal suffix says otherwise)."""
    return fold(c.name) in x.things and not has_legal_suffix(c.name)


Check = Callable[[OrgCandidate, OrgContext], bool]
CANDIDATE_CHECKS: tuple[Check, ...] = (
    outside_the_story,
    inside_a_ticker,
    heading_words_never_in_the_prose,
    an_address,
    a_social_channel,
    a_web_address_to_visit,
    named_before_a_product_mark,
    a_kind_of_firm,
    not_an_organization_by_its_form,
    a_place,
    a_person_with_an_honorific,
    a_portfolio,
    a_common_word_only_a_role_proposes,
    glued_to_a_name_written_apart,
    a_surname_read_as_a_person,
    a_phrase_the_text_writes_in_lower_case,
    named_as_a_thing,
)


def check_name(check: Callable) -> str:
    return check.__name__.replace("_", " ")


def is_named_as_a_thing(text: str, start: int, end: int) -> bool:
    """The name stands in apposition to a noun for a thing (non_org_nouns.txt): a product, place or project;
    or a company owns it before a noun ("launched its SolTile roof tiles", "our Nimbus platform")."""
    nouns = lexicon_set("non_org_nouns.txt")
    before = _NOUN_BEFORE.search(text, max(0, start - 30), start)
    after = _NOUN_AFTER.match(text, end)
    if after and _OWNER_BEFORE.search(text, max(0, start - 8), start):
        return True
    return bool(before and before["noun"] in nouns or after and after["noun"] in nouns)


def is_non_organization(name: str) -> bool:
    """Events, facilities, places, documents and concepts by their form (see the gold guide)."""
    folded = fold(name)
    if folded in lexicon_set("not_orgs.txt") or folded in lexicon_set("titles.txt") or _NOT_A_NAME.search(name):
        return True
    if not name[:1].isupper() and not name[:1].isdigit() and not _LOWER_CAMEL_CASE.match(name):
        return True  # words in lower case, not a brand's camel case
    words = folded.replace("-", " ").split()
    if not words or folded in lexicon_set("wires.txt"):
        return True
    if org_core(name) in lexicon_set("org_heads.txt"):
        return True  # "Holdings Inc": an organization word with no name
    if ORG_WITH_HEAD.fullmatch(name) or has_legal_suffix(name):
        return False
    if words[-1] in lexicon_set("non_org_heads.txt") or " ".join(words[-2:]) in lexicon_set("non_org_heads.txt"):
        return True
    if _MODEL_NUMBER.search(name):
        return True  # "UTS100 Tester": a product model
    if _YEAR.search(name):
        return True  # "EXPO 2024", "Awards 2025"
    if _COINED_CATEGORY.fullmatch(name):
        return True  # "K-Beauty", "E-Sports": a coined category, not a company
    return False


# --- checks on the surviving mentions together --------------------------------------------------------

Mention = tuple[int, int, str]


def several_organizations_joined_by_and(mentions: list[Mention], x: OrgContext, parentheticals) -> set[int]:
    """'Orbis and Zeta' when both are named on their own elsewhere: two organizations, not one."""
    names = {org_core(m[2]) for m in mentions} | {org_core(s) for p in parentheticals for s in p.short_forms}
    found = set()
    for i, (_, _, name) in enumerate(mentions):
        parts = _AND.split(name)
        if len(parts) > 1 and all(org_core(p) in names for p in parts):
            found.add(i)
    return found


def an_acronym_defined_for_something_else(mentions: list[Mention], x: OrgContext, parentheticals) -> set[int]:
    """'Memorandum of Understanding (MOU)', 'private investment in public equity ("PIPE")': the text
    defines the acronym for a thing, so neither it nor its long form is an organization (Schwartz &
    Hearst finds the long form in the words before the parenthesis)."""
    shorts, long_spans = defined_non_org_acronyms(x.text, parentheticals, [(s, e) for s, e, _ in mentions])
    return {i for i, (s, e, name) in enumerate(mentions)
            if fold(name) in shorts or any(a <= s and e <= b for a, b in long_spans)}


def a_fragment_of_a_longer_name(mentions: list[Mention], x: OrgContext, parentheticals) -> set[int]:
    """'Recycling Services Ltd.' of "Happy Stan's Recycling Services Ltd.", 'University of Maryland' of
    'University of Maryland at College Park': where the text writes a longer organization found elsewhere
    around it, the shorter mention is that organization cut short, not one of its own."""
    names = sorted({name for _, _, name in mentions}, key=len, reverse=True)
    found = set()
    for i, (start, _, name) in enumerate(mentions):
        for longer in names:
            if len(longer) <= len(name):
                break
            offset = longer.find(name)
            if offset >= 0 and start >= offset and x.text.startswith(longer, start - offset):
                found.add(i)
                break
    return found


MentionCheck = Callable[[list[Mention], OrgContext, list], set[int]]
MENTION_CHECKS: tuple[MentionCheck, ...] = (several_organizations_joined_by_and, an_acronym_defined_for_something_else,
                                            a_fragment_of_a_longer_name)


def defined_non_org_acronyms(text: str, parentheticals, org_spans) -> tuple[set[str], list[Span]]:
    """Acronyms the text defines for something that is not an organization, with the long forms' spans."""
    found = set()
    long_spans = []
    for p in parentheticals:
        before = _LAST_WORD.search(text, max(0, p.start - 20), p.start)
        inner = text[p.start + 1:p.end - 1]
        if before and is_acronym_of(before.group(1), inner) and \
                not any(s <= p.start + 1 and p.end - 1 <= e for s, e in org_spans):
            found.add(fold(before.group(1)))  # 'FRAND (Fair, Reasonable, and Non-Discriminatory)'
            long_spans.append((p.start, p.end))
        for short in p.short_forms:
            if not looks_like_acronym(short):
                continue
            window = text[max(0, p.start - 160):p.start].rstrip(" \t,")
            window = window.split("\n")[-1]
            words = window.split()
            window = " ".join(words[-min(len(short) + 5, len(short) * 2):])
            long_form = schwartz_hearst_long_form(short, window)
            if not long_form or len(long_form.split()) < 2:
                continue
            long_start = text.rfind(long_form, 0, p.start)
            long_span = (long_start, long_start + len(long_form))
            if long_start >= 0 and not any(s <= long_span[0] and long_span[1] <= e for s, e in org_spans):
                found.add(fold(short))
                long_spans.append(long_span)
    return found, long_spans


# --- checks once the people are known --------------------------------------------------------------------

@dataclass(frozen=True)
class PeopleForms:
    """The forms under which the document's people are named."""

    forms: frozenset[str]
    end_words: frozenset[str]  # the first and last words of the full names

    @classmethod
    def of(cls, people) -> PeopleForms:
        forms = {fold(n) for p in people for n in (p.name, *p.aliases)}
        forms |= {fold(clean_person_name(n)) for p in people for n in p.aliases}
        full_names = [p.name.split() for p in people if len(p.name.split()) > 1]
        return cls(frozenset(forms), frozenset(fold(w) for words in full_names for w in (words[0], words[-1])))


def a_form_of_a_person(org, spans: list[Span], people: PeopleForms, text: str) -> bool:
    """The model sometimes tags a person's name ORG: a form of a person found in the text, with no legal
    suffix, is not an organization."""
    return fold(org.name) in people.forms


def a_persons_first_or_last_name(org, spans: list[Span], people: PeopleForms, text: str) -> bool:
    """'Reeves' after 'Keanu Reeves', 'Giselle is a passionate advocate' after 'Giselle Gutierrez, Esq.':
    one word that opens or ends a full name the text gives is that person, whatever the model tagged
    (a name written surname first opens with it). On the train split, 11 of the 12 one-word organizations
    that were a person's surname were the person."""
    return " " not in org.name and fold(org.name) in people.end_words


def a_misspelled_speaking_surname(org, spans: list[Span], people: PeopleForms, text: str) -> bool:
    """'added Conteras' of Jane Contreras: a one-letter typo of a person's surname that only ever speaks."""
    key = fold(org.name)
    typo = " " not in key and len(key) >= 5 and any(within_one_edit(key, s) for s in people.end_words)
    return typo and bool(spans) and all(_speaks(text, *span) for span in spans)


PERSON_FORM_CHECKS = (a_form_of_a_person, a_persons_first_or_last_name, a_misspelled_speaking_surname)


def _speaks(text: str, start: int, end: int) -> bool:
    """'said Nair', 'Nair added': the name is the speaker of a quote."""
    return bool(_SPEECH_BEFORE.search(text, max(0, start - 12), start) or _SPEECH_AFTER.match(text, end))


def without_people(organizations, people, org_spans, text: str, checks=PERSON_FORM_CHECKS):
    """The organizations that are no person's form, and (organization, check) for those that are.
    A name with a legal suffix is an organization whatever a person is called."""
    forms = PeopleForms.of(people)
    kept, dropped = [], []
    for org in organizations:
        spans = [span for name, span in org_spans if name == org.name]
        check = None if has_legal_suffix(org.name) else next((c for c in checks if c(org, spans, forms, text)), None)
        if check is None:
            kept.append(org)
        else:
            dropped.append((org, spans, check))
    return kept, dropped
