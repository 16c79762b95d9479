"""Named checks that turn a candidate person away, each with the reason it exists.

A check sees the candidate (its cleaned name, the form as written and where it stands) and the
organizations the document names. `PERSON_CHECKS` is the table the people component runs, in order;
the first check that fires names why the candidate is not a person.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from extractor.names import (
    fold,
    has_title_after,
    is_only_title_words,
    is_plausible_person_name,
    lexicon_set,
    org_core,
    spans_overlap,
)
from extractor.places import is_place_name
from extractor.wordlist import is_dictionary_word, proper_names, reads_as_phrase_not_name

Span = tuple[int, int]


@dataclass(frozen=True)
class PersonDocument:
    """What the checks read of the whole document, gathered once."""

    text: str
    organization_names: tuple[str, ...]  # every name and alias of the document's organizations
    organization_keys: frozenset[str]  # those names folded, and their cores
    organization_spans: tuple[Span, ...]
    places: frozenset[str]  # the model's place entities, folded
    short_forms: frozenset[str]  # first and last words of the multi-word person candidates, folded


@dataclass(frozen=True)
class PersonCandidate:
    name: str  # cleaned: no honorific, no title
    form: str  # as written
    start: int
    end: int
    document: PersonDocument
    strong: bool = False  # a context only a person fits ("NFL player Jane Doe"): wins over the model's ORG

    @property
    def text(self) -> str:
        return self.document.text

    @property
    def organization_names(self) -> tuple[str, ...]:
        return self.document.organization_names


_NOT_WORD = re.compile(r"[^\w&\s]")


@lru_cache(maxsize=1)
def _headline_verbs() -> frozenset[str]:
    return lexicon_set("headline_verbs.txt")


def end_before_headline_verbs(text: str, start: int, end: int) -> int:
    """'Jane Doe Joins' of the headline 'Jane Doe Joins Acme as CFO': the model ran on into the verb
    after the name; the name ends before it. Two words at least stay ('Acme Launches' is no name)."""
    while True:
        cut = text.rfind(" ", start, end)
        word = text[cut + 1:end]
        if cut <= start or not word[:1].isupper() or word.casefold() not in _headline_verbs() \
                or len(text[start:cut].split()) < 2:
            return end
        end = cut


# The rest of an e-mail address right after a name: "Jane Doejane@acme.com", "Jane Doejane.doe@acme.com".
_EMAIL_REST = re.compile(r"[\w.+-]*@[\w-]+\.")
# Mailboxes that are no one's name: "Jane Doemedia@acme.com".
_MAILBOXES = frozenset("media info press pr news contact contacts hello ir investors sales marketing team office "
                       "admin support communications comms mail".split())


def end_before_email(text: str, start: int, end: int) -> int:
    """'Jessica Doemedia@acme.com', 'Mark Doemark.doe@acme.ai': a contact line lost the break between a
    name and its e-mail address, and the model read the address's first letters as the surname's end. The
    surname ends where the address's local part starts: with the given name, its initial and the surname,
    the surname, or a shared mailbox."""
    words = text[start:end].split()
    if len(words) < 2 or not _EMAIL_REST.match(text, end):
        return end
    given, last = words[0].casefold(), words[-1]
    last_start = end - len(last)
    tail = text[end:text.index("@", end)].casefold()
    for cut in range(2, len(last) - 1):
        if not last[cut].islower():
            continue
        surname, local = last[:cut].casefold(), last[cut:].casefold() + tail
        if local.startswith((given, given[0] + surname, surname)) or local.partition(".")[0] in _MAILBOXES:
            return last_start + cut
    return end


def inside_an_organizations_mention(c: PersonCandidate) -> bool:
    """'Jane Doe' of 'Jane Doe Foundation': the words are part of an organization's name as written."""
    return not c.strong and spans_overlap((c.start, c.end), c.document.organization_spans)


def not_a_name_by_its_form(c: PersonCandidate) -> bool:
    """Digits, handles, links, hashtags, brand casing ('KoinFold'): not shaped like a person's name."""
    return not is_plausible_person_name(c.name)


def a_phrase_of_common_words(c: PersonCandidate) -> bool:
    """'Harbor Drive', 'Green Future': dictionary words in title case, not a name."""
    return not c.strong and reads_as_phrase_not_name(c.name)


def common_words_without_a_name(c: PersonCandidate) -> bool:
    """'Peanut Butter', 'Relationship Manager', 'Drill Permit': every word a common word and none a name
    the word list knows or a Chinese syllable ('Wan Man Yan', chinese_syllables.txt), in a mention no
    speech verb or title marks as a person's ('said Ford Smith')."""
    words = c.name.split()
    syllables = lexicon_set("chinese_syllables.txt")
    return not c.strong and len(words) > 1 \
        and all(w.isalpha() and is_dictionary_word(w) and w not in proper_names() and w.casefold() not in syllables
                for w in words) \
        and not quoted_by_a_speech_verb(c.text, c.start, c.end) and not given_a_title(c.text, c.start, c.end)


def named_as_an_organization(c: PersonCandidate) -> bool:
    """'Skild AI', 'Orbis Biologics USA' (of 'Orbis Biologics USA, LLC'): the document names it as an
    organization. Except a short form of a person's full name ('Ong' of 'Ong Wei Ming')."""
    keys = c.document.organization_keys
    return not c.strong and (fold(c.name) in keys or org_core(c.name) in keys) \
        and fold(c.name) not in c.document.short_forms


def a_place(c: PersonCandidate) -> bool:
    """A name of two or more words that the document tags as a place, GeoNames lists, or that ends in a
    place of two words ('Invest Hong Kong')."""
    words = c.name.split()
    return len(words) > 1 and (fold(c.name) in c.document.places or is_place_name(c.name)
                               or len(words) > 2 and is_place_name(" ".join(words[-2:])))


def a_place_by_its_words(c: PersonCandidate) -> bool:
    """'Riyue Bay', 'Tule Canyon', 'Rue Jacques-Bibeau': a feature of the land or a road, by its last or
    first word (place_features.txt, place_openers.txt), unless this mention is quoted or given a title
    ('said Jane Bay')."""
    words = fold(c.name).split()
    return (len(words) > 1 and (words[-1] in lexicon_set("place_features.txt")
                                or words[0] in lexicon_set("place_openers.txt"))
            and lone_name_context(c.text, c.start, c.end) is None)


def is_a_title(candidate: PersonCandidate) -> bool:
    """'Vice President' from 'Takeshi Yamaguchi, Executive Vice President of ...': the words are a title."""
    return is_only_title_words(candidate.form) or is_only_title_words(candidate.name)


def holds_a_headline_verb(candidate: PersonCandidate) -> bool:
    """'Lumora Launches Wafer-Thin Solar': a headline's subject and verb, not a name."""
    return any(word[:1].isupper() and word.casefold() in _headline_verbs() for word in candidate.form.split())


def lies_inside_an_organization_name(candidate: PersonCandidate) -> bool:
    """'Pearl Seafood' of 'Mekong Pearl Seafood exports ...', where the document names 'Mekong Pearl Seafood
    Joint Stock Company': the words are the middle or end of that name, written here without its suffix."""
    name = _key(candidate.name)
    for organization in candidate.organization_names:
        core = org_core(organization)
        at = f" {core} ".find(f" {name} ")
        if at <= 0:
            continue
        before = core[:at - 1]  # the organization's words before the candidate's
        written = _key(candidate.text[max(0, candidate.start - len(before) - 4):candidate.start])
        if f" {written}".endswith(f" {before}"):
            return True
    return False


def _key(text: str) -> str:
    return " ".join(_NOT_WORD.sub(" ", fold(text)).split())


PersonCheck = Callable[[PersonCandidate], bool]
# (name, check): the first that fires drops the candidate; the name says why.
PERSON_CHECKS: tuple[tuple[str, PersonCheck], ...] = (
    ("inside an organization's mention", inside_an_organizations_mention),
    ("not a name by its form", not_a_name_by_its_form),
    ("a phrase of common words", a_phrase_of_common_words),
    ("common words without a name", common_words_without_a_name),
    ("named as an organization", named_as_an_organization),
    ("a place", a_place),
    ("a place by its words", a_place_by_its_words),
    ("a title, not a name", is_a_title),
    ("a headline fragment", holds_a_headline_verb),
    ("part of an organization's name", lies_inside_an_organization_name),
)


# ---------------------------------------------------------------------------------- lone given names
# A name of one word ("Kristen", "Amir") is more often a brand or a place than a person, so a person
# needs a full name somewhere in the release, unless the words around the one word say a person is meant.
_SPEECH_BEFORE = re.compile(r"(?:said|says|added|adds|explained|noted|recalled|according[ \t]+to)[ \t]+$")
_SPEECH_AFTER = re.compile(r"[ \t]*(?:said|says|added|adds|explained|noted|recalled)\b")
_RELATIVE_BEFORE = re.compile(
    r"\b(?:wife|husband|son|sons|daughter|daughters|brother|sister|mother|father|mom|dad|grandson|granddaughter|"
    r"fianc[ée]e?)[ \t]*,?[ \t]+$", re.IGNORECASE)
_COURTESY_BEFORE = re.compile(r"(?<![\w-])(?:Mr|Mrs|Ms|Mx)\.?[ \t]+$")
_PAIRED_BEFORE = re.compile(r"(?<![\w-])[A-Z][a-z]+[ \t]+(?:and|&)[ \t]+$")


def quoted_by_a_speech_verb(text: str, start: int, end: int) -> bool:
    """'"...," said Kristen', 'Amir said', 'according to Sonic': a release quotes people, not products."""
    return bool(_SPEECH_BEFORE.search(text, max(0, start - 20), start) or _SPEECH_AFTER.match(text, end))


def given_a_title(text: str, start: int, end: int) -> bool:
    """'Amir, Core-Contributor at Puffer': only a person holds a title."""
    return has_title_after(text, end)


def named_as_a_relative(text: str, start: int, end: int) -> bool:
    """'his wife Sabrina', 'daughters, Myah and Layla': a family member is a person."""
    before = text[max(0, start - 40):start]
    return bool(_RELATIVE_BEFORE.search(before) or _RELATIVE_BEFORE.search(_PAIRED_BEFORE.sub("", before)))


def after_a_courtesy_title(text: str, start: int, end: int) -> bool:
    """'said Mr. Zhang', 'Ms. Wong': a courtesy title names a person by the surname alone; not before a
    common word ('Hey, Mr. Sponsor')."""
    courtesy = _COURTESY_BEFORE.search(text, max(0, start - 6), start)
    return bool(courtesy) and not is_dictionary_word(text[start:end])


def paired_with(text: str, start: int, end: int, others: list[tuple[int, int]]) -> bool:
    """'said Josh and Dave': a one-word name joined by 'and' to a person's one-word name is a person too."""
    return any(text[e:start].strip() in ("and", "&") or text[end:s].strip() in ("and", "&") for s, e in others)


# (name, context): where one fires at any mention, the model's one-word PERSON is a person.
LONE_NAME_CONTEXTS: tuple[tuple[str, Callable[[str, int, int], bool]], ...] = (
    ("quoted by a speech verb", quoted_by_a_speech_verb),
    ("given a title", given_a_title),
    ("named as a relative", named_as_a_relative),
    ("after a courtesy title", after_a_courtesy_title),
)


def lone_name_context(text: str, start: int, end: int) -> str | None:
    """The name of the first context that marks the one word at text[start:end] as a person, or None."""
    return next((name for name, fits in LONE_NAME_CONTEXTS if fits(text, start, end)), None)


def rejection(candidate: PersonCandidate, checks=PERSON_CHECKS) -> str | None:
    """The name of the first check that turns the candidate away, or None."""
    return next((name for name, check in checks if check(candidate)), None)
