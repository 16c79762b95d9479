"""Pure functions on names: lexicons, cleaning, acronym definitions, alias merging.

Nothing here needs a spaCy model, so the hard parts are tested on plain strings. The lexicons live in
extractor/data/*.txt (one entry a line, '#' comments) so that users extend them without touching code.
"""
from __future__ import annotations

import re
import string
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

from extractor.tries import build_trie, render_trie
from extractor.wordlist import is_dictionary_word, is_ordinary_words

# --------------------------------------------------------------------------------------------- lexicons


@lru_cache(maxsize=None)
def load_lexicon(filename: str) -> tuple[str, ...]:
    """Entries of extractor/data/<filename>: one a line, blank lines and '#' comments skipped."""
    text = resources.files("extractor").joinpath(f"data/{filename}").read_text(encoding="utf-8")
    entries = (line.strip() for line in text.splitlines())
    return tuple(e for e in entries if e and not e.startswith("#"))


@lru_cache(maxsize=None)
def lexicon_set(filename: str) -> frozenset[str]:
    return frozenset(e.casefold() for e in load_lexicon(filename))


def _alternation(phrases: Iterable[str], flexible_periods: bool = True, any_case: bool = False) -> str:
    """A regex matching any of `phrases`, the longest first, where spaces match any blank, periods are
    optional and an apostrophe may be curly; with `any_case`, in any case (see `_any_case`).

    Written as a trie ('Chief(?:[ \\t]+(?:Executive|Financial)...)?'), not a flat list of alternatives:
    Python's `re` tries a flat list one phrase after another at every position, which made the title
    patterns the slowest part of the rules; a trie tries each character once, with the same matches.
    """
    trie = build_trie({p.lower() for p in phrases} if any_case else set(phrases),
                      lambda phrase: _atoms(phrase, flexible_periods))
    if not any_case:
        return render_trie(trie)
    branches = [_first_in_any_case(atom, render_trie(child)) for atom, child in sorted(trie.items())]
    return f"(?:{'|'.join(branches)})"


def _atoms(phrase: str, flexible_periods: bool) -> list[str]:
    """One regex piece per character of `phrase`; a run of spaces is one piece."""
    atoms: list[str] = []
    for char in phrase:
        if char == " ":
            if atoms[-1:] != [r"[ \t]+"]:
                atoms.append(r"[ \t]+")
        elif char in "'’":
            atoms.append("['’]")
        elif char == ".":
            atoms.append(r"\.?" if flexible_periods else r"\.")
        else:
            atoms.append(re.escape(char))
    return atoms


# Case-insensitive matching without re.IGNORECASE on the whole pattern: the first letter is a class
# ("[Cc]"), the rest is under a scoped flag ("(?i:hief)"). Where every branch of an alternation starts
# with a class or a literal, the engine skips a branch whose first character does not fit without
# entering it; under the flag it enters every branch at every position. The title scans take 10-20 %
# less time, with the same matches as the flag. Only the first letter is a class because classes cost
# far more to compile than letters under the flag, and the title patterns hold thousands of letters.
# The classes hold what the flag matches: the Kelvin sign for k, the long s for s, and the dotted and
# dotless i for i.
_LETTER_IN_ANY_CASE = {c: f"[{c.upper()}{c}]" for c in string.ascii_lowercase} | {
    "i": "[Ii\u0130\u0131]", "k": "[Kk\u212a]", "s": "[Ss\u017f]"}


def _first_in_any_case(first: str, rest: str) -> str:
    return _LETTER_IN_ANY_CASE.get(first, first) + (f"(?i:{rest})" if rest else "")


def _any_case(word: str) -> str:
    """`word` (lowercase) matched as re.IGNORECASE would, with its first letter a class."""
    return _first_in_any_case(word[0], re.escape(word[1:]))


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Case- and accent-insensitive key: 'Société Générale' and 'SOCIETE GENERALE' agree."""
    if text.isascii():  # nothing to decompose; most of a release's text
        return text.lower()
    # Decomposition and case folding go character by character: fold each non-ASCII character alone
    # (`str.translate` with a mapping would look up every character of the text).
    return _NON_ASCII.sub(lambda m: _fold_char(m[0]), text).casefold()


_NON_ASCII = re.compile(r"[^\x00-\x7f]")


@lru_cache(maxsize=4096)
def _fold_char(char: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c)).casefold()


def whole_word_starts(text: str, word: str, joiners: str = "") -> list[int]:
    r"""Where `word` stands in `text` as a whole word: neither end touches a word character or one of
    `joiners` (the regex `(?<![\w<joiners>])word(?![\w<joiners>])`, without compiling one per word)."""
    starts, at = [], text.find(word) if word else -1
    while at >= 0:
        end = at + len(word)
        if not (at and _joins(text[at - 1], joiners)) and not (end < len(text) and _joins(text[end], joiners)):
            starts.append(at)
            at = text.find(word, end)
        else:
            at = text.find(word, at + 1)
    return starts


def _joins(char: str, joiners: str) -> bool:
    return char.isalnum() or char == "_" or char in joiners


def spans_overlap(span: tuple[int, int], spans) -> bool:
    """Does the character span (start, end) share a character with any of `spans`?"""
    return any(span[0] < end and start < span[1] for start, end in spans)


_POSSESSIVE = re.compile(r"['’]s?$")
_SPACES = re.compile(r"\s+")


def strip_possessive(text: str) -> str:
    """"Acme's" -> "Acme", "Zeta’s" -> "Zeta", "Jones'" -> "Jones"."""
    return _POSSESSIVE.sub("", text)


# ------------------------------------------------------------------------------------------------ people

_HONORIFIC_PREFIX = re.compile(
    rf"^(?:(?:{_alternation(load_lexicon('honorifics.txt'))})\.?(?:\s+|(?<=\.)(?=[A-Z])))+",
    re.IGNORECASE,
)
_CAPITALIZED_HONORIFIC = _alternation([h for h in load_lexicon("honorifics.txt") if h[:1].isupper()])
_TRAILING_HONORIFIC = re.compile(rf"(?:[ \t]+(?:{_CAPITALIZED_HONORIFIC})\.?)+$")
_HONORIFIC_INSIDE = re.compile(
    rf"[ \t]((?:{_alternation([h for h in load_lexicon('honorifics.txt') if h[:1].isupper()])})\.?[ \t]+[A-Z][a-z])"
)
_TITLE_PHRASE = _alternation(load_lexicon("titles.txt"), any_case=True)
_TITLE_MODIFIER = _alternation(load_lexicon("title_modifiers.txt"), any_case=True)
_TITLE_PREFIX = re.compile(rf"^(?:(?:{_TITLE_MODIFIER})[ \t-]+)*(?:{_TITLE_PHRASE})[ \t]+(?=[A-Z])",
                           re.IGNORECASE)
_NAME_PARTICLES = frozenset(
    "van von der den de da di del della la le du dos das bin binti bint al el ibn ter ten y e".split()
)
_SURNAME_PREFIX = re.compile(r"(?:Mc|Mac|O'|O’|D'|D’|De|Di|La|Le)[A-Z]")
_NOT_A_NAME_CHARS = re.compile(r"[\d@#/\\|+%$()\[\]{}<>=:;!?\"“”]|https?|www\.")


def starts_with_honorific(name: str) -> bool:
    return bool(_HONORIFIC_PREFIX.match(name))


def honorific_inside(name: str) -> int:
    """Where a capitalized honorific starts a person's name inside `name` ("Railways Shri Ashok
    Kumar" -> 9), or -1."""
    match = _HONORIFIC_INSIDE.search(name)
    return match.start(1) if match else -1


def person_after_title(name: str) -> int:
    """Where a person's full name starts after a leading title ("Comptroller Brooke Lierman" -> 12), or -1
    when no title leads `name` or the rest is not a person's name ("Chairman Mao Foundation", "Broker
    Action Coalition": common words)."""
    rest = strip_title_prefix(name)
    if rest == name or len(rest.split()) < 2 or not is_plausible_person_name(rest) or has_legal_suffix(rest) \
            or ORG_WITH_HEAD.fullmatch(rest) or is_ordinary_words(rest):
        return -1
    return len(name) - len(rest)


def strip_honorifics(name: str) -> str:
    """'Dato' Sri Lee Chong Wei' -> 'Lee Chong Wei'; 'Dr. Jane Doe' -> 'Jane Doe'."""
    stripped = _HONORIFIC_PREFIX.sub("", name).strip()
    return stripped or name


def without_title(form: str) -> str:
    """'Chief Technology Officer Rahul Menon' -> 'Rahul Menon', 'Deputy Mayor Lo' -> 'Lo'; an honorific stays
    ('Tan Sri Ahmad Zulkifli'): aliases are forms of the name, never a title with it."""
    previous = None
    while previous != form:
        previous = form
        form = _TITLE_PREFIX.sub("", form)
    return form


def strip_title_prefix(name: str) -> str:
    """'Deputy Mayor Lo Ta-sheng' -> 'Lo Ta-sheng'; 'CEO Jane Doe' -> 'Jane Doe'."""
    previous = None
    while previous != name:
        previous = name
        name = strip_honorifics(_TITLE_PREFIX.sub("", name))
    return name


def clean_person_name(text: str) -> str:
    """The name without honorifics, titles, possessive or surrounding punctuation; '' when none."""
    name = _SPACES.sub(" ", text).strip(" \t,.;:-–—'\"“”‘’*_")
    name = strip_possessive(name).strip(" ,.")
    return strip_title_prefix(strip_honorifics(name))


# A nickname between a person's names: 'John M. “Jack” Keane', 'Julio (Julito) Varela'.
NICKNAME = r"(?:“[A-Z][a-z][a-z'’-]*”|\"[A-Z][a-z][a-z'’-]*\"|\([A-Z][a-z][a-z'’-]*\))"  # a word, no ticker
_NICKNAME_INSIDE = re.compile(rf"(?<=\S)[ \t]+{NICKNAME}(?=[ \t]+\S)")


def is_plausible_person_name(name: str) -> bool:
    """Shape test: capitalized words, no digits, handles, links, hashtags or shouting acronyms."""
    name = _NICKNAME_INSIDE.sub("", name)
    if not name or _NOT_A_NAME_CHARS.search(name):
        return False
    if len(name.partition(",")[2].split()) > 1:
        return False  # "Javier Baez, Juan Nieves": two people in a list ("King, Jr." is one)
    words = name.split()
    if len(words) > 5 or words[0] in _NAME_PARTICLES:  # "van Gogh" alone; "La Manh Hung" is a name
        return False
    stop = lexicon_set("not_person_words.txt")
    for word in words:
        bare = word.strip(".,-'’")
        if not bare:
            return False
        if bare.casefold() in stop:
            return False
        if bare.casefold() in _NAME_PARTICLES:
            continue
        if not bare[0].isupper():
            return False
        if len(bare) >= 3 and bare.isupper() and bare.isalpha() and not (len(bare) <= 6 and _has_title_cased(words)):
            return False  # "ZYNTRAX": shouting, not a name; "John CHAN Cho-Chak": a surname set in capitals
        if any(c.isupper() for c in bare[1:]) and "-" not in bare and not bare[1:].isupper() \
                and not _SURNAME_PREFIX.match(bare):
            return False  # "KoinFold", "JP3E": brand casing, not a name
    return True


def _has_title_cased(words: list[str]) -> bool:
    """A word such as 'Cho' or 'Yuk-Lin': a name's usual case, beside which a capitalized word is a surname."""
    return any(all(part[:1].isupper() and part[1:].islower() and part[1:].isalpha() for part in w.split("-"))
               for w in words)


def within_one_edit(a: str, b: str) -> bool:
    """One letter dropped, added or changed, or two neighbours swapped ("Conteras", "Cnotreras" of
    "Contreras"): a typo of a name, Damerau-Levenshtein distance at most 1."""
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) > len(b):
        a, b = b, a
    i = next((k for k, (x, y) in enumerate(zip(a, b)) if x != y), len(a))
    if len(a) == len(b) and a[i + 2:] == b[i + 2:] and a[i:i + 2] == b[i:i + 2][::-1]:
        return True
    return a[i + (len(a) == len(b)):] == b[i + 1:]


_AROUND_NAME_WORD = '.,“”"()'  # stops, commas, and the quotes or brackets of a nickname


def name_words(name: str) -> list[str]:
    return [bare.casefold() for bare in (w.strip(_AROUND_NAME_WORD) for w in name.split()) if bare]


def _nickname_words(name: str) -> list[str]:
    """'Andy Bey' of 'Andrew W. “Andy” Bey': the nickname and the names after it, the form he goes by."""
    nickname = _NICKNAME_INSIDE.search(name)
    return name_words(name[nickname.start():]) if nickname else []


def _is_form_of(words: list[str], full_name: str) -> bool:
    return _is_short_form(words, name_words(full_name)) or len(words) > 1 and words == _nickname_words(full_name)


@dataclass
class PersonGroup:
    """One person: the fullest name plus every form seen, with mention counts."""

    name: str
    forms: dict[str, int] = field(default_factory=dict)

    @property
    def mentions(self) -> int:
        return sum(self.forms.values())

    @property
    def aliases(self) -> list[str]:
        return [f for f in self.forms if f != self.name]


def _is_short_form(short: list[str], full: list[str]) -> bool:
    """'Park' / 'John Park' of 'John K. Park'; 'Lo' of 'Lo Ta-sheng' (family name first)."""
    if len(short) >= len(full):
        return False
    if len(short) == 1:
        return short[0] in (full[0], full[-1])
    it = iter(full)
    return all(word in it for word in short) and short[0] == full[0] and short[-1] == full[-1]


def merge_person_aliases(mentions: list[tuple[str, str]], persons_alone: set[str] = frozenset()) -> list[PersonGroup]:
    """Group (form as written, clean name) mentions, in order of first appearance, one group a person.

    A multi-word name founds a person; a shorter name (surname, given name, family name of an
    East Asian name written family-first) joins the one person whose full name starts or ends with
    it. A short form that fits no person, or more than one, is dropped: press releases introduce
    every person with a full name, and a lone capitalized word is more often a brand or a place;
    unless a title stands before it ("President Okoro") or it is one of `persons_alone`, names the
    words around them mark as a person's ('"...," said Kristen').
    """
    clean_names = list(dict.fromkeys(clean for _, clean in mentions))
    full_names = sorted((n for n in clean_names if len(n.split()) > 1), key=lambda n: -len(name_words(n)))
    groups: list[PersonGroup] = []
    owner: dict[str, PersonGroup | None] = {}
    for name in full_names:
        words = name_words(name)
        home = next((g for g in groups if _is_form_of(words, g.name)), None)
        if home is None and not any(words == name_words(g.name) for g in groups):
            home = PersonGroup(name)
            groups.append(home)
        owner[name] = home or next(g for g in groups if words == name_words(g.name))
    titled = {clean for form, clean in mentions if strip_honorifics(form) != clean}
    for name in clean_names:
        if name in owner:
            continue
        words = name_words(name)
        fits = [g for g in groups if _is_form_of(words, g.name)]
        owner[name] = fits[0] if len(fits) == 1 else None
        if not fits and (name in titled or name in persons_alone):
            # "President Okoro", "Mayor Lind": a title marks the one word as a person's name.
            owner[name] = PersonGroup(name)
            groups.append(owner[name])
    for form, clean in mentions:
        group = owner.get(clean)
        if group is None:
            continue
        key = form if fold(form) != fold(group.name) else group.name
        group.forms[key] = group.forms.get(key, 0) + 1
    order = {clean: i for i, clean in enumerate(clean_names)}
    groups.sort(key=lambda g: min(order.get(f, len(order)) for f in [g.name, *g.forms]))
    return groups


# ----------------------------------------------------------------------------------------- organizations

_LEADING_THE = re.compile(r"^(?:the)\s+", re.IGNORECASE)
_LEGAL_SUFFIX = _alternation(load_lexicon("org_suffixes.txt"), flexible_periods=False)
_LEGAL_SUFFIX_END = re.compile(rf",?\s+(?:{_LEGAL_SUFFIX})$")
# A capitalized word of a name (no possessive 's), and the small words names keep inside them.
_NAME_WORD = (r"(?:(?:[A-Z]\.){2,}|[A-Z]\.(?=[ \t]+[A-Z][a-z])|(?:Co|Corp|Inc|Ltd|Ind|Int|Intl|Mfg|Bros|Assn|Dept|Univ|St|Mt|Ft|No|Jr|Sr)\.(?![ \t]+[a-z])|[A-Z](?:[\w&-]|['’](?!s\b)|\.(?=\w))*"
              r"|\d+[A-Za-z][\w&-]*)")
_CONNECTOR = r"(?:&|and|of|for|de|du|des|la|le|the|von|van)"
# At most ten words: names are short, and a bound keeps matching linear on long capitalized lines.
_NAME_RUN = rf"{_NAME_WORD}(?:[ \t]+(?:{_CONNECTOR}[ \t]+)?{_NAME_WORD}){{0,9}}"
# "MC Services AGKatja Arnold": a contact block's next line glued to an upper-case suffix.
_GLUED_NEXT_LINE = r"(?<=[A-Z])(?=[A-Z][a-z])"
# The patterns that scan whole texts open with a lookahead for a match's first character, e.g. (?=[A-Z\d]):
# the regex engine tests it in one step, where the lookbehind after it costs a call at every position.
ORG_WITH_LEGAL_SUFFIX = re.compile(
    rf"(?=[A-Z\d])(?<![\w.&/-])(?P<name>{_NAME_RUN},?[ \t]+(?:{_LEGAL_SUFFIX}))(?:(?![\w&])|{_GLUED_NEXT_LINE})"
)
_ORG_HEAD = _alternation(load_lexicon("org_heads.txt"), flexible_periods=False)
_OF_PART = rf"[ \t]+of[ \t]+(?:the[ \t]+)?{_NAME_WORD}(?:[ \t]+{_NAME_WORD}){{0,4}}" \
           rf"(?:,[ \t]*{_NAME_WORD}(?:[ \t]+{_NAME_WORD}){{0,4}}){{0,4}}" \
           rf"(?:[ \t]+(?:and|&)[ \t]+{_NAME_WORD}(?:[ \t]+{_NAME_WORD}){{0,4}})?"
# A university's campus after "at": "University of Texas at Arlington" (the guide: one organization).
_CAMPUS = (rf"(?:{_NAME_WORD}[ \t]+){{0,3}}University[ \t]+of[ \t]+{_NAME_WORD}(?:[ \t]+{_NAME_WORD}){{0,3}}"
           rf"[ \t]+at[ \t]+{_NAME_WORD}(?:[ \t]+{_NAME_WORD}){{0,2}}")
ORG_WITH_HEAD = re.compile(
    rf"(?=[A-Z\d])(?<![\w.&-])"
    rf"(?P<name>{_CAMPUS}|{_NAME_RUN}[ \t]+(?:{_ORG_HEAD})(?:{_OF_PART})?|(?:{_ORG_HEAD}){_OF_PART})"
    rf"(?![\w&])(?![ \t]+[A-Z][a-z])"
)
# Every match of the two patterns above holds a legal suffix or an organization word, and none crosses a
# line: `finditer_on_lines` scans only the lines where one of these words occurs.
LEGAL_SUFFIX_WORD = re.compile(_LEGAL_SUFFIX)
ORG_HEAD_WORD = re.compile(_ORG_HEAD)


def finditer_on_lines(pattern: re.Pattern, text: str, needle: re.Pattern | Iterable[int]) -> Iterator[re.Match]:
    """`pattern.finditer(text)`, the same matches, for a pattern whose every match holds a match of
    `needle` (or one of these offsets, in order) and stays on one line: the lines without one are
    skipped (a cheap scan finds them)."""
    line_end = -1
    for at in (hit.start() for hit in needle.finditer(text)) if isinstance(needle, re.Pattern) else needle:
        if at < line_end:
            continue
        line_start = text.rfind("\n", 0, at) + 1
        line_end = text.find("\n", at)
        if line_end < 0:
            line_end = len(text)
        yield from pattern.finditer(text, line_start, line_end)


def finditer_from(pattern: re.Pattern, text: str, starts: Iterable[int]) -> Iterator[re.Match]:
    """`pattern.finditer(text)`, the same matches, for a pattern whose every match starts at one of
    `starts` (in order): it is tried there only, not at every character."""
    end = 0
    for start in starts:
        if start >= end:
            match = pattern.match(text, start)
            if match:
                yield match
                end = max(match.end(), start + 1)


_BASED_IN = ("-based", "-headquartered")


@lru_cache(maxsize=65536)
def strip_leading_noise(name: str) -> str:
    """'About Acme Inc.' -> 'Acme Inc.', 'President of Acme Inc.' -> 'Acme Inc.': words before the name."""
    noise = lexicon_set("name_leading_noise.txt")
    words = name.split(" ")
    based = next((i for i, w in enumerate(words[:4]) if w.casefold().endswith(_BASED_IN)), None)
    if based is not None and based < len(words) - 1:
        words = words[based + 1:]  # "Hong Kong-based Acme Ltd.": where it is, then the name
    # A repeated first word is a heading glued on ("Advisors Acme Advisors, LLC"), unless "&" or "and"
    # follows it ("Johnson & Johnson").
    while len(words) > 1 and (words[0].casefold().strip(":,") in noise or words[0][:1].isdigit() and words[0].endswith(".")
                              or words[0] in [w.strip(",.") for w in words[1:]] and len(words) > 2
                              and words[1] not in ("&", "and")):
        words = words[1:]
    name = " ".join(words)
    role = _ROLE_PREFIX.match(name)
    return name[role.end():] if role and role.end() < len(name) else name


_HEAD_WORDS = frozenset(head for head in lexicon_set("org_heads.txt") if " " not in head)
# Between a person's name and an organization run on after it: "Jane Doe of Acme", "Jane Doe & Acme",
# "Jane DoeAcme Inc." (a contact's next line glued on). A space alone does not part them: "Bob Doe
# Furniture" is a firm named after its founder.
_AFTER_PERSON = re.compile(r"[ \t]+(?:of|at|from|with|&|and)[ \t]+|(?<=[a-z])(?=[A-Z])")


def strip_leading_person(name: str, person_names: Iterable[str]) -> str:
    """'Jane Doe & Acme Foundation' -> 'Acme Foundation': a candidate that opens with the full name of a
    person the model found, then a joining word, is that person beside the organization. An organization
    word or one ordinary word after the joining word is the name's own ('Jane Doe and Partners LLP',
    'John Doe & Sons')."""
    for person in person_names:
        if not name.startswith(person) or " " not in person:
            continue
        gap = _AFTER_PERSON.match(name, len(person))
        rest = name[gap.end():] if gap else ""
        first = rest.split()[0] if rest else ""
        if first[:1].isupper() and fold(first) not in _HEAD_WORDS and not has_legal_suffix(first) \
                and not (rest == first and is_dictionary_word(rest)) and rest not in person_names:
            return rest  # not "Jane Doe & Sons", not "Jane Doe & John Roe" (two people)
    return name


def is_only_organization_words(name: str) -> bool:
    """'Exchange Commission': organization words and no name, so not an organization on its own; in
    'U.S. Securities and Exchange Commission' the 'and' joins two words of one name."""
    words = org_core(name).split()
    return bool(words) and all(word in _HEAD_WORDS for word in words)


def split_joined_names(name: str) -> list[str]:
    """'Alpha Sdn. Bhd. and Beta Sdn. Bhd.' -> both; 'X University and Y Institute' -> both."""
    last_and = _LAST_AND.search(name)
    if last_and and len(last_and["left"].split()) > 1 and len(org_core(last_and["right"]).split()) > 1 \
            and " of " not in last_and["left"] and has_legal_suffix(last_and["right"]):
        # "Godfrey & Kahn SC and Hunton Kurth LLP": two firms in a list, not one name with "and".
        return [*split_joined_names(last_and["left"]), last_and["right"]] \
            if has_legal_suffix(last_and["left"]) else [last_and["left"], last_and["right"]]
    parts = _JOINED.split(name)
    if len(parts) > 1 and not is_only_organization_words(parts[-1]) and all(
        has_legal_suffix(p) or (ORG_WITH_HEAD.fullmatch(p) and len(_LEADING_THE.sub("", p).split()) > 1
                                and " of " not in p)  # "The Securities and Exchange Commission" is one
        for p in parts[:-1]
    ):
        return parts
    return [name]


_TRAILING_CONNECTORS = re.compile(r"(?:[ \t]+(?:and|&|of|the|for))+$")
_INITIAL_END = re.compile(r"\b[A-Z]\.$")
_NOT_WORD = re.compile(r"[^\w&\s]")
_TRAILING_NOISE = re.compile(
    r"(?:[ \t]+(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?[ \t]*\d{1,2}"
    r"|[ \t]+Board[ \t]+of[ \t]+Directors"
    r"|,?[ \t]*No\.[ \t]*\d[\w-]*)$"  # a grant's number: "National Science Foundation, No.42201040"
)
_BOARD_END = re.compile(r"[ \t]+Board$")


def strip_company_board(name: str) -> str:
    """'Acme Inc. Board' -> 'Acme Inc.', "Acme's Board" -> 'Acme': a company's board is the company. But
    'Board' also ends the names of public bodies ('National Labor Relations Board'), so on its own the name
    keeps it unless the rest is plainly a company (a legal suffix, a possessive); `fold_company_boards`
    drops it where the text names the company too."""
    board = _BOARD_END.search(name)
    company = name[:board.start()] if board else ""
    return company if company and (has_legal_suffix(company) or company.endswith(("'s", "’s"))) else name


# Text glued to a name when a heading lost its line break: "About AcmeFounded in 2007", "Acme IncE-Mail".
_GLUED_TAIL = re.compile(r"(?<=[A-Za-z.])(?:Founded|Established|Headquartered|Based|Launched|Since|The|Contact|"
                         r"E-?[Mm]ail|Phone|Tel|Website|Media|Source)\b.*$")


# Where a heading that repeats the name lost its line break: "AcmeAcme" ("About Acme" glued to "Acme
# is ..."), "Acme LabsAcme Labs Ltd.", "ACME LABS Acme Labs" (a heading in capitals keeps its space).
_GLUE_POINT = re.compile(r"(?<=[a-z.)])(?=[A-Z])|(?<=[A-Z.]) (?=[A-Z][a-z])")
# "Swappi DEXSwappi DEX", "Oracle AI Oracle AI": the same name twice, however it ends ("Moon Moon", one
# word written twice apart, may be a name).
_REPEATED = re.compile(r"(?P<once>.{4,}?)(?P=once)|(?P<words>\S+ .+?) (?P=words)")
# A heading word glued to the name after it: "Contact DetailsAcme Holdings Ltd.", "DetailsK3 Holdings".
_GLUED_HEADING = re.compile(r"(?:About|Contacts?|Details|Inquiries|Enquiries)(?=[A-Z][a-z]{2,}|[A-Z\d]{2})")


def unglue_repeated_name(name: str) -> str:
    """'Acme LabsAcme Labs Ltd.' -> 'Acme Labs Ltd.': of a name glued to a repeat of itself, the fuller
    form. A name that merely changes case inside ('TomTom', 'PayPal') has no repeat of four letters."""
    repeated = _REPEATED.fullmatch(name)
    if repeated:
        return repeated["once"] or repeated["words"]
    for point in _GLUE_POINT.finditer(name):
        left, right = name[:point.start()], name[point.end():]
        if len(left) < 4 or len(right) < 4 or (point.group() and not left.isupper()):
            continue
        folded_left, folded_right = fold(left), fold(right)
        if folded_right.startswith(folded_left) or folded_left.endswith(folded_right):
            return right if len(right) >= len(left) else left
    heading = _GLUED_HEADING.match(name)
    # One word after the heading is more often a person's given name ("ContactJane Doe") than a firm.
    return name[heading.end():] if heading and " " in name[heading.end():] else name


@lru_cache(maxsize=65536)
def clean_org_name(text: str) -> str:
    """Drop a leading article, a trailing possessive, date or 'Board', glued text and stray punctuation;
    keep 'Co., Ltd.'."""
    name = _GLUED_TAIL.sub("", _SPACES.sub(" ", text))
    name = unglue_repeated_name(name)
    name = name.strip(" \t,;:-–—\"“”‘’*_()[]")
    name = _LEADING_THE.sub("", name)
    name = strip_company_board(_TRAILING_NOISE.sub("", name))
    name = _TRAILING_CONNECTORS.sub("", name)
    name = strip_possessive(name).strip(" ,;:-–—")
    if name.endswith(".") and not _LEGAL_SUFFIX_END.search(name) and not _INITIAL_END.search(name):
        name = name[:-1]
    return name


@lru_cache(maxsize=65536)
def org_core(name: str) -> str:
    """Comparison key without legal suffix or punctuation: 'Acme Co., Ltd.' -> 'acme'."""
    core = strip_legal_suffix(name)
    return " ".join(_NOT_WORD.sub(" ", fold(core or name)).split())


def strip_legal_suffix(name: str) -> str:
    """'Acme Foundation Inc' -> 'Acme Foundation'."""
    return _LEGAL_SUFFIX_END.sub("", name)


def has_legal_suffix(name: str) -> bool:
    return bool(_LEGAL_SUFFIX_END.search(name))


_LAST_AND = re.compile(r"^(?P<left>.+?\S)[ \t]+and[ \t]+(?P<right>[A-Z].*)$")
_JOINED = re.compile(r",?[ \t]+(?:and|&)[ \t]+")


# ---------------------------------------------------------------------------------- acronym definitions


def schwartz_hearst_long_form(short: str, candidate: str) -> str | None:
    """The shortest tail of `candidate` whose letters spell `short`, or None.

    Schwartz & Hearst (2003), "A simple algorithm for identifying abbreviation definitions in
    biomedical text": walk both strings right to left; every character of the short form must
    appear in order, and its first character must start a word. scispacy's AbbreviationDetector
    implements the same algorithm.
    """
    s, c = len(short) - 1, len(candidate) - 1
    while s >= 0:
        char = short[s].casefold()
        if not char.isalnum():
            s -= 1
            continue
        while c >= 0 and (candidate[c].casefold() != char or (s == 0 and c > 0 and candidate[c - 1].isalnum())):
            c -= 1
        if c < 0:
            return None
        c -= 1
        s -= 1
    start = candidate.rfind(" ", 0, c + 1) + 1
    return candidate[start:]


def initials(name: str) -> str:
    """'IIT' of 'Indian Institute of Technology': the first letter of each word but and, &, of, the, for."""
    return "".join(w[0] for w in _ACRONYM_WORD_BREAK.split(name)
                   if w and w.casefold() not in {"and", "&", "of", "the", "for"})


def is_acronym_of(short: str, long: str) -> bool:
    """'TSMC' of 'Taiwan Semiconductor Manufacturing Co., Ltd.', 'EDB' of 'Economic Development Bureau'.

    The long form found must start at the first word of `long`, so that 'MC' is no acronym of
    'Taiwan Semiconductor Manufacturing Co.'.
    """
    if not looks_like_acronym(short):
        return False
    long = _LEADING_THE.sub("", long.strip())
    if short[:1].casefold() != long[:1].casefold():
        return False  # 'MOTC' is not an acronym of 'Tri-Mountain ... Scenic Area Headquarters'
    if initials(long).casefold() == short.casefold():
        return True  # "IIT" of "Indian Institute of Technology"
    found = schwartz_hearst_long_form(short, long)
    return found is not None and found == long.strip()


def looks_like_acronym(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return 2 <= len(text) <= 10 and " " not in text and len(letters) >= 2 and \
        sum(c.isupper() for c in letters) >= max(2, len(letters) - 2)


_ACRONYM_WORD_BREAK = re.compile(r"[\s,]+")
_PARENTHETICAL = re.compile(r"\(([^()\n]{1,120})\)")
_QUOTED = re.compile(r"[\"“”]([^\"“”]{1,60})[\"“”]")
_TICKER = re.compile(r"(?P<exchange>[A-Z][A-Za-z]*(?:[ -][A-Z][A-Za-z]*)?|(?:[Tt]icker[ \t]+)?[Ss]ymbol)"
                     r"\s*:\s*\$?(?P<ticker>[A-Z0-9][A-Z0-9.]{0,7})\b")


@dataclass(frozen=True)
class Parenthetical:
    """A '( ... )' right after some text: short forms it defines, tickers it lists, where it is."""

    start: int
    end: int
    short_forms: tuple[str, ...]
    tickers: tuple[tuple[str, str], ...]


def find_parentheticals(text: str) -> list[Parenthetical]:
    """'Acme Co., Ltd. ("Acme" or "Acme Group"; TWSE: 1234)' -> short forms and tickers.

    Quoted forms are definitions whatever they look like; an unquoted one-to-four-word content is a
    candidate short form; 'EXCHANGE: TICKER' pairs are tickers, never names.
    """
    found = []
    for m in _PARENTHETICAL.finditer(text):
        inner = m.group(1).strip()
        tickers = tuple((t["exchange"], t["ticker"]) for t in _TICKER.finditer(inner))
        shorts: list[str] = [q.strip() for q in _QUOTED.findall(inner)]
        if not shorts and not tickers:
            first = inner.split(";")[0].strip()
            if 1 <= len(first.split()) <= 4 and first[:1].isupper():
                shorts.append(first)
        shorts = [s for s in shorts if s.casefold() not in {"company", "the company", "we", "us", "our"}]
        found.append(Parenthetical(m.start(), m.end(), tuple(shorts), tickers))
    return found


def is_short_form_of(short: str, long: str) -> bool:
    """'Orbis Group' / 'Orbis' of 'Orbis Pharmaceuticals Co., Ltd.'; 'TSMC' of its long name; 'FDA' defined
    right after 'U.S. Food and Drug Administration' (the long form may leave out one leading word)."""
    if is_acronym_of(short, long):
        return True
    short_words, long_words = short.split(), long.split()
    shared = 0
    while shared < len(short_words) - 1 and short_words[-1 - shared] == long_words[-1 - shared]:
        shared += 1
    if shared and is_acronym_of(" ".join(short_words[:-shared]), " ".join(long_words[:-shared])):
        return True  # "IIT Bombay" of "Indian Institute of Technology Bombay"
    if looks_like_acronym(short):
        found = schwartz_hearst_long_form(short, long)
        if found and long.endswith(found) and len(found.split()) >= len(long.split()) - 1:
            return True
    short_words = org_core(short).split()
    long_words = org_core(long).split()
    return bool(short_words) and short_words[0] == (long_words[:1] or [""])[0] and len(short_words) <= len(long_words)


# ------------------------------------------------------------------------------------------------ titles

# Titles in any case ("Chief Executive Officer", "chief executive officer", "CEO"), as re.IGNORECASE
# would match them.
_TITLE_WORDS = (rf"(?:(?:{_TITLE_MODIFIER})[ \t-]+)*(?:{_any_case('chief')}(?i:(?:[ \t]+[a-z&]+){{1,3}}[ \t]+officer)"
                rf"|{_TITLE_PHRASE})")
_TITLE_UNIT = rf"{_TITLE_WORDS}(?![\w-])"
_TITLE_RUN = rf"(?:{_TITLE_UNIT}(?:[ \t]*(?:,|{_any_case('and')}|&|/)[ \t]*{_TITLE_UNIT}){{0,3}})"
# A contact block, one line each for name, title and organization, or those lines glued together:
# "Lisa Gray\n\nVice President\n", "Stephen J. BagleyChief Financial OfficerPh: ...", "Katja Arnold
# (CIRO)Managing Director & PartnerTel.", "Jeff Doe, CEOPCG Advisory, Inc.": the title follows the name on
# the next line, with no separator or after a comma, and ends its line (or the next line is glued to it).
_GLUED_TITLE_UNIT = rf"{_TITLE_WORDS}(?![a-z-])"
# "Joshua Cohen\n\nChief Executive Officer, Pronto Translations\n": the organization ends the title's line.
_CONTACT_ORG_ENDS_LINE = r"[ \t]*,[ \t]*[A-Z][^\n]{0,60}(?:\n|$)"
_AFTER_CONTACT_TITLE = re.compile(r"[ \t]*,?\s*")
_CONTACT_LINE_TITLE = re.compile(
    rf"(?:(?<=[a-z.])|[ \t]*\n\s*|[ \t]{{2,}}|[ \t]*\([A-Z.]{{2,12}}\)|[ \t]*,[ \t]*)"
    rf"(?P<title>{_GLUED_TITLE_UNIT}(?:[ \t]*(?:,|and|&|/)[ \t]*{_GLUED_TITLE_UNIT}){{0,3}})"
    rf"(?=[ \t]*(?:\n|$)|[A-Z0-9(+]|{_CONTACT_ORG_ENDS_LINE})")
_CONTACT_NAME_LINE = 80  # a name's line in a contact block is short; a paragraph's is not
# "VP of Brands at Acme", "Head of Retail for Acme", "Executive Councillor for Trade and Industry of the
# State Government".
_PORTFOLIO = rf"{_NAME_WORD}(?:[ \t]+(?:&|and)?[ \t]*{_NAME_WORD}){{0,5}}"
# "head of brewing at Acme": a portfolio in lower case, between a title and its organization.
_PORTFOLIO_WORDS = r"(?!the\b|a\b|an\b)[a-z][\w-]*(?:[ \t]+(?:and[ \t]+)?(?!the\b)[a-z][\w-]*){0,3}"
_TITLE_OF_UNIT = (rf"(?:[ \t]+of[ \t]+(?:{_PORTFOLIO}|{_PORTFOLIO_WORDS})(?=[ \t]+(?:at|for)[ \t]+(?:the[ \t]+)?[A-Z])"
                  rf"|[ \t]+for[ \t]+{_PORTFOLIO}(?=[ \t]+(?:at|of)[ \t]+(?:the[ \t]+)?[A-Z]))?")
_NAME_RUN_LAZY = rf"{_NAME_WORD}(?:[ \t]+(?:{_CONNECTOR}[ \t]+)?{_NAME_WORD}){{0,9}}?"
# Where the organization of a title starts: "CEO, Acme", "CEO of the Acme Group", "director at Acme".
_ORG_AT = r"(?:[ \t]*(?:,|[ \t]of|[ \t]at|[ \t]for|[ \t]with)[ \t]+(?:the[ \t]+)?(?P<org_at>[A-Z0-9]))?"
_TITLE_AFTER_TAIL = rf"(?P<title>{_TITLE_RUN}{_TITLE_OF_UNIT}){_ORG_AT}"
# "Jane Doe, the company's Chief Financial Officer": the organization is the release's subject, unnamed here.
_COMPANYS = r"(?:(?:company|group|firm|bank|fund)['’]s[ \t]+)?"
# "Jane Doe, Ph.D., M.P.H., professor of ...", "Jim Doe, USMC (Retired), President of ...", "Ann Doe, CFA,
# CAIA, Head of ...": degrees, post-nominals and a service's retirement between a name and its title.
# Any run of two to six capitals counts, unless it is a title itself ("Jane Doe, CEO, Acme").
_POST_NOMINAL_WORDS = r"Ph\.?[ \t]?D|M\.?D|M\.?P\.?H|M\.?B\.?A|J\.?D|D\.?D\.?S|Esq|Jr|Sr|II|III"
POST_NOMINAL = re.compile(rf"(?:{_POST_NOMINAL_WORDS})\.?")
_POST_NOMINALS = (rf"(?:[ \t]*,[ \t]*(?:{_POST_NOMINAL_WORDS}"
                  rf"|(?!{_TITLE_UNIT})[A-Z](?:\.?[A-Z]){{1,5}}(?:[ \t]+\((?:Retired|Ret\.)\))?)\.?(?![\w-]))*")
# "Jane Doe - CEO of Acme", "Jane Doe – Director of Sales": a dash sets off the title as a comma would.
_TITLE_SEPARATOR = r"(?:[ \t]*,|[ \t]+[-–—])[ \t]*"
# "Jane Doe, the visionary CEO and founder of Acme": after an article, a word or two of praise may come
# before the title (tried only where the title does not follow the article at once).
_PRAISE = r"(?:(?!(?:and|of|for|at|with)[ \t])[a-z][a-z-]+[ \t]+){0,2}?"
# "Jane Doe, a safety expert and founder of Acme": what she is, then "and" and her title.
_DESCRIBED_AND = r"(?:(?!(?:and|of|for|at|with)[ \t])[a-z][a-z-]+[ \t]+){1,4}?and[ \t]+"
# "Jane Doe, board spokesman", "Jane Doe, campaign manager": one word in lower case that says whose or
# which, before the title (tried last: "former" of "former Chairman" belongs to the title).
_WHOSE = (r"(?:(?!(?:and|or|of|for|at|with|who|whose|which|said|says|is|was|were|has|had|will|the|a|an|our|its)"
          r"[ \t])[a-z][a-z-]+[ \t]+)??")
_TITLE_AFTER = re.compile(
    rf"{_POST_NOMINALS}{_TITLE_SEPARATOR}"
    rf"(?:(?:the|our|its)[ \t]+{_PRAISE}|(?:a|an)[ \t]+(?:{_DESCRIBED_AND}|{_PRAISE})|{_WHOSE}){_COMPANYS}{_TITLE_AFTER_TAIL}")
# "Jane Doe President and CEO of Acme", a comma left out (or lost with a link's markup): only with the
# organization named after "of" or "at".
_TITLE_AFTER_NO_COMMA = re.compile(
    rf"[ \t]+(?P<title>{_TITLE_RUN}{_TITLE_OF_UNIT})[ \t]+(?:of|at)[ \t]+(?:the[ \t]+)?(?P<org_at>[A-Z0-9])")
# "Jane Doe, Global Brand Director at Acme", "Jane Doe, Senior Creative Services Manager": a title led by
# the capitalized words of a department or a region (tried last: "Jane Doe, Acme CEO" names Acme).
_DEPARTMENT = r"(?:[A-Z][\w&-]*[ \t]+(?:(?:&|and)[ \t]+)?){1,3}"
_DEPARTMENT_TITLE_AFTER = re.compile(
    rf"{_POST_NOMINALS}{_TITLE_SEPARATOR}(?P<title>{_DEPARTMENT}{_TITLE_RUN}){_ORG_AT}")
# "Jane Doe, Acme's AI and Automation Practice Leader".
_ORG_DEPARTMENT_TITLE_AFTER = re.compile(
    rf"[ \t]*,[ \t]*(?P<org_first>{_NAME_RUN_LAZY})['’]s[ \t]+(?P<title>{_DEPARTMENT}{_TITLE_RUN})")
_ORG_TITLE_AFTER = re.compile(
    rf"[ \t]*,[ \t]*(?:(?:the|a|an|our|its)[ \t]+)?(?P<org_first>{_NAME_RUN_LAZY})(?:['’]s)?[ \t]+{_TITLE_AFTER_TAIL}"
)
# A capitalized word after a one-word title starts a department ("Investor Relations"), unless it is a
# contact block's next field ("Jane Doe, CEO Phone: ...").
_CAPITALIZED_NEXT = re.compile(
    r"[ \t]+(?!(?:Phone|Tel|Telephone|Mobile|Cell|Fax|Email|E-mail|Web|Website)\b)[A-Z][a-z]")
_KNOWN_ORG_THEN_TITLE = re.compile(r"[ \t]*,[ \t]*(?:the[ \t]+)?")
# After an organization found in the text: "Jane Doe, Acme's CEO", "Jane Doe, Acme CEO", "Jane Doe, Acme, CEO".
_TITLE_AFTER_KNOWN = re.compile(rf"(?:['’]s[ \t]+|[ \t]*,[ \t]*|[ \t]+)(?P<title>{_TITLE_RUN})")
# The words between a name and the role it takes: "has been named", "will serve as", "joins Acme as a".
_AS_A = (r"[ \t]+(?:(?:has[ \t]+been|have[ \t]+been|was|is|will[ \t]+be|has|have|will)[ \t]+)?"
         # "joins Acme Private Wealth as", "has joined the organization as": whom she joins, then the role.
         r"(?:(?i:joined|joins|join)[ \t]+(?:[\w&'’.-]+[ \t]+){0,5}?(?=as[ \t])"
         r"|(?:served|serves|serve|returned|returns|return)[ \t]+)?"
         r"(?:as|(?:appointed|named|promoted|elected)(?:[ \t]+to)?(?:[ \t]+as)?)[ \t]+(?:(?:the|its|our|their|a|an)[ \t]+)?"
         r"(?:(?:new|first|next)[ \t]+)?")
# "appointed Jane Doe as Chief Financial Officer", "Jane Doe has been named President of Acme".
_TITLE_AS = re.compile(rf"{_AS_A}{_TITLE_AFTER_TAIL}")
# "appoints Jane Doe as Creative Services Manager", "joins Acme as a Wealth Advisor".
_DEPARTMENT_TITLE_AS = re.compile(rf"{_AS_A}(?P<title>{_DEPARTMENT}{_TITLE_RUN}{_TITLE_OF_UNIT}){_ORG_AT}")
# "Jane Doe is the President & CEO of Acme", "Jane Doe, who serves as its founder": a title stated of her.
_TITLE_IS = re.compile(
    rf"(?:[ \t]*,[ \t]*who)?[ \t]+(?:is|was|serves[ \t]+as|served[ \t]+as)[ \t]+(?:the|its|our|their|a|an)[ \t]+"
    rf"(?:(?:new|current|longtime)[ \t]+|{_DESCRIBED_AND})?{_TITLE_AFTER_TAIL}"
)
# A plural title shared by a list of names: "Senators Jane Doe, Omar Haddad and Lena Fischer", "Jane Doe
# and Omar Haddad, co-founders of Acme": each name in the list holds it.
_PERSON_WORD = r"[A-Z][a-z]+(?:-[A-Za-z][a-z]+)?"
_PERSON_NAME = rf"{_PERSON_WORD}(?:[ \t]+(?:[A-Z]\.[ \t]+)?[A-Z][\w'’-]+){{1,2}}"
_NAME_LIST_JOINER = r"(?:[ \t]*\([^()\n]{1,12}\))?(?:[ \t]*,[ \t]*(?:and[ \t]+)?|[ \t]+(?:and|&)[ \t]+)"
_PLURAL_TITLE_UNIT = rf"{_TITLE_WORDS}s?(?![\w-])"
_PLURAL_TITLE_RUN = rf"{_PLURAL_TITLE_UNIT}(?:[ \t]*(?:,|{_any_case('and')}|&|/)[ \t]*{_PLURAL_TITLE_UNIT}){{0,3}}(?<=s)"
_PLURAL_TITLE_BEFORE_LIST = re.compile(
    rf"(?P<title>{_PLURAL_TITLE_RUN})[ \t]*,?[ \t]+(?:{_PERSON_NAME}{_NAME_LIST_JOINER}){{0,6}}$")
# (a name in the list may be a given name alone: "Josh and Dave, owners of Acme")
_LIST_THEN_PLURAL_TITLE = re.compile(
    rf"(?:{_NAME_LIST_JOINER}(?:{_PERSON_NAME}|{_PERSON_WORD})){{0,6}}[ \t]*,[ \t]*(?:the[ \t]+)?(?P<title>{_PLURAL_TITLE_RUN}){_ORG_AT}")
# "Acme Appoints Jane Doe", "Acme Ltd. today announced the appointment of Jane Doe": who appoints.
_APPOINTED_BY = re.compile(
    r"^(?:[ \t]+(?:today|has|have|recently|officially|formally))*[ \t]+"
    r"(?:(?:announce[sd]?|confirm(?:s|ed)?)[ \t]+(?:the[ \t]+)?(?:appointment|promotion|hiring)[ \t]+of"
    r"|(?i:appoints|appointed|names|named|hires|hired|promotes|promoted|elects|elected|welcomes|welcomed))[ \t]+$"
)
_TITLE_PAREN = re.compile(
    rf"[ \t]*\([ \t]*(?P<title>{_TITLE_RUN})(?:[ \t]*(?:,|[ \t]of|[ \t]at)[ \t]*(?:the[ \t]+)?(?P<org_at>[A-Z0-9]))?"
)
# "Deputy Mayor Jane Doe", "founder, Jane Doe", "Minister of Railways Shri Jane Doe".
# Searched over the words before a name: a title starts at a word or at a capital ("AcmeChief ..."),
# so the title alternation is not tried inside every lower-case word, nor inside a web or e-mail address
# ("www.sec.gov. The Company").
_TITLE_BEFORE = re.compile(
    rf"(?:(?=[A-Z])|(?<![A-Za-z./@]))(?P<title>{_TITLE_RUN}(?:[ \t]+(?:of|for)[ \t]+(?:the[ \t]+)?{_PORTFOLIO})?)[ \t]*,?[ \t]*"
    rf"(?:(?:{_CAPITALIZED_HONORIFIC})\.?[ \t]+)?$"
)
_ORG_BEFORE_TITLE = re.compile(rf"(?P<org>{_NAME_RUN})(?:['’]s)?[ \t]+$")
_OF_IN_TITLE = re.compile(r"[ \t]+(?:of|for)[ \t]+(?:the[ \t]+)?")
_PARENT_LINK = re.compile(r"(?:['’]s|[ \t]+(?:subsidiary|unit|division|affiliate|arm))[ \t]+")


_TITLE_ONLY = re.compile(_TITLE_RUN)
# "Jane Doe, Executive Vice President of Acme": the name before such a title is a person's.
TITLE_OF_ORGANIZATION_AFTER = re.compile(
    rf"[ \t]*,[ \t]*(?:the[ \t]+)?{_TITLE_RUN}[ \t]+(?:of|at)[ \t]+(?:the[ \t]+)?[A-Z]")
_ROLE_PREFIX = re.compile(rf"(?:.*[ \t])?{_TITLE_RUN}[ \t]+(?:of|at|for)[ \t]+(?:the[ \t]+)?")


# Names the model may miss, found by their role: "Jane Doe, director of ...", "said Jane Doe".
# Every branch starts where no word character comes before and a letter, space or tab comes next: the
# guard in front fails the other positions once, not once in each of the eight branches (2.5x faster).
PERSON_BY_ROLE = re.compile(
    rf"(?<!\w)(?=[A-Za-z \t])(?:"
    rf"(?=[A-Z])(?<![\w.&-])(?P<name>{_PERSON_WORD}(?:[ \t]+(?:[A-Z]\.[ \t]+)?{_PERSON_WORD}){{1,2}})"
    rf"(?=[ \t]*,[ \t]*(?:the[ \t]+)?{_TITLE_RUN})"
    # One word holding a title of an organization: "According to Sonic, director of Acme".
    rf"|(?=[A-Z])(?<![\w.&-])(?P<lone_titled>{_PERSON_WORD})"
    rf"(?=[ \t]*,[ \t]*(?:the[ \t]+)?{_TITLE_RUN}[ \t]+(?:of|at)[ \t]+(?:the[ \t]+)?[A-Z])"
    rf"|(?=[A-Z])(?<=\bsaid[ \t])(?P<said>{_PERSON_WORD}(?:[ \t]+(?:[A-Z]\.[ \t]+)?{_PERSON_WORD}){{1,2}})(?![\w-])"
    rf"|(?=[A-Za-z])(?<![\w-]){_TITLE_RUN}[ \t]+(?P<titled>{_PERSON_WORD}(?:[ \t]+(?:[A-Z]\.[ \t]+)?{_PERSON_WORD}){{1,2}})(?![\w-])"
    # An honorific before a name: "Shri Ashok Kumar", "Dr. Jane Doe" (the span keeps the honorific).
    rf"|(?=[A-Z])(?<![\w-])(?P<honored>(?:{_CAPITALIZED_HONORIFIC})\.?[ \t]+{_PERSON_WORD}(?:[ \t]+(?:[A-Z]\.[ \t]+)?{_PERSON_WORD}){{1,2}})(?![\w-])"
    # Contact blocks, even glued to their heading: "Media Contact: Jane Doe", "ContactJane Doe".
    # (Not a heading after it: "Contact: Investor Relations", "Email Contact About Acme".)
    rf"|\bContacts?(?:[ \t]+(?:Details|Information))?:?[ \t]*(?!(?:About|Investor|Media|Press|Public)[ \t])"
    rf"(?P<contact>{_PERSON_WORD}[ \t]+[A-Z][a-z]+?"
    # A link or the next line glued on: "Jane Doehttps://...", "Jane DoeAcme Media" (a surname of one
    # capital and two letters or more, so "Jane McDonald" is no "Jane Mc").
    rf"(?:-[A-Za-z][a-z]+)?)(?:(?=https?:|www\.)|(?<=[a-z]{{2}})(?=[A-Z][a-z])|(?![\w-]))"
    # A noun for a person before a name: "NFL player Jane Doe", "author Jane Doe", "his wife Jane Doe".
    # ("key player Acme" and "anchor tenant" are not: a player needs a sport.)
    rf"|\b(?:(?:NFL|NBA|MLB|NHL|MLS|WNBA|football|soccer|basketball|baseball|tennis|hockey|rugby|cricket|golf)"
    rf"[ \t]+player|actor|actress|singer|rapper|musician|author|novelist|journalist|reporter|comedian|"
    rf"athlete|quarterback|golfer|wife|husband|daughter|widow)[ \t]+"
    rf"(?P<described>{_PERSON_WORD}(?:[ \t]+(?:[A-Z]\.[ \t]+)?{_PERSON_WORD}){{1,2}})(?![\w-])"
    # An appointment: "appointed Jane Doe as Chief Financial Officer", "named Jane Doe to the board".
    rf"|\b(?:appoint|appoints|appointed|name|names|named|promote|promotes|promoted|elect|elects|elected|"
    rf"hire|hires|hired)[ \t]+(?P<appointed>{_PERSON_WORD}(?:[ \t]+(?:[A-Z]\.[ \t]+)?{_PERSON_WORD}){{1,2}})"
    rf"(?=[ \t]+(?:as|to)[ \t]+(?:(?:the|its|our|their|a|an)[ \t]+)?(?:new[ \t]+)?(?:{_TITLE_RUN}|board\b))"
    # A name alone on its line above an e-mail address or a phone number: a contact block.
    rf"|(?=[A-Z \t])(?<![^\n])[ \t]*(?P<signed>{_PERSON_WORD}(?:[ \t]+(?:[A-Z]\.[ \t]+)?{_PERSON_WORD}){{1,2}})[ \t]*\n"
    rf"(?=(?:[ \t]*\n)?[ \t]*(?:[\w.+-]+@[\w-]+\.[\w.]+|\+?[\d(][\d ().-]{{6,}}\d)[ \t]*(?:\n|$))"
    r")"
)


# Every offset where a job title starts, those inside another title too ("President" of "Vice
# President"): one scan per text, read by the patterns below whose every match holds a title.
_TITLE_START = re.compile(rf"(?=[A-Za-z])(?<![\w-])(?={_TITLE_UNIT})")


def title_starts(text: str) -> list[int]:
    return [m.start() for m in _TITLE_START.finditer(text)]


# The organization a role belongs to: "Chief Executive Officer of Acme Robotics", "director at Acme",
# "Head of Marketing at Acme".
# The lookbehind keeps a title from starting inside a word ("creditor of"), and spares the title
# alternation a try at every character.
ROLE_ORGANIZATION = re.compile(
    rf"(?=[A-Za-z])(?<![\w-]){_TITLE_RUN}{_TITLE_OF_UNIT}[ \t]+(?:of|at)[ \t]+(?:the[ \t]+)?(?P<org>{_NAME_RUN})(?![\w&])"
)


# The organization written before a role: "Acme Taiwan Chairman Jane Doe", "Acme's CEO Jane Doe".
ORG_BEFORE_ROLE = re.compile(
    rf"(?=[A-Z\d])(?<![\w&-])(?P<org>{_NAME_RUN})(?:['’]s)?[ \t]+{_TITLE_RUN}[ \t]+(?=[A-Z][a-z])"
)


# Firms named by the service they give in a deal, a role people rarely hold in these words: "Acme LLP
# served as legal counsel to ...", "Alpha and Beta Group are acting as financial advisors", "sponsored by Acme".
_SERVICE_ROLE = (r"(?i:(?:(?:exclusive|sole|lead|joint|independent|special|co-?)[ \t-]+)*"
                 r"(?:(?:legal|financial|tax|M&A|capital[ \t]+markets)[ \t]+(?:counsel|advisors?|advisers?)"
                 r"|placement[ \t]+agents?|underwriters?|book-?runners?|book-?running[ \t]+managers?|auditors?))"
                 r"(?![\w-])")
ORG_BY_SERVICE = re.compile(
    rf"(?<![\w&.-])(?P<org>{_NAME_RUN}(?:,?[ \t]+(?:{_LEGAL_SUFFIX}))?)(?![\w&])[ \t]+"
    rf"(?:(?:is|are|was|were|has[ \t]+been|have[ \t]+been|will)[ \t]+)?"
    rf"(?:serv(?:es|ed|ing|e)|act(?:s|ed|ing)?)[ \t]+as[ \t]+(?:(?:the|an?|its|their)[ \t]+)?{_SERVICE_ROLE}"
    rf"|\b(?:sponsored|underwritten)[ \t]+by[ \t]+(?:the[ \t]+)?"
    rf"(?P<sponsor>{_NAME_RUN}(?:,?[ \t]+(?:{_LEGAL_SUFFIX}))?)(?![\w&])"
)
# Every ORG_BY_SERVICE match holds one of these words: only the lines with one are scanned for it.
SERVICE_WORD = re.compile(r"counsel|advis|agent|underwrit|book|auditor|sponsored", re.IGNORECASE)


# A broadcaster named with its channel or frequency: "CBS 46", "FOX 5", "WXYZ 7", "95.5 WSB", "101.1 FM KLOS".
# US call signs start with K or W (FCC, 47 CFR 2.302); the networks are named outright.
ORG_BROADCASTER = re.compile(
    r"(?=[ACFNPKW\d])(?<![\w.$])(?P<name>(?:ABC|CBS|NBC|FOX|Fox|PBS|CW|[KW][A-Z]{2,3})[ \t]+\d{1,2}"
    r"|\d{2,3}\.\d[ \t]+(?:FM[ \t]+)?[KW][A-Z]{2,3})(?![\w.%-])"
)
# A name after a word for a company: "Italian company Acme", "fintech startup Acme", "the law firm Acme";
# not after "brand", which names products as often as companies.
ORG_AFTER_NOUN = re.compile(
    rf"(?=[cfsrmblidpa])\b(?:company|firm|startup|start-up|retailer|manufacturer|maker|bank|lender|insurer|fund|"
    rf"conglomerate|developer|publisher|broadcaster|agency)[ \t]+(?P<org>{_NAME_RUN})(?![\w&])(?![ \t]+[A-Z])"
)
# A name in apposition to a word for an organization: "Acme (ACM), the city's investment promotion agency",
# "Acme, a leading provider of ..."; not "In the Midwest, the firm grew", where the firm is the subject.
# A comma follows the longest run of name words or none: the run is atomic, never tried shorter.
ORG_BY_APPOSITION = re.compile(
    rf"(?=[A-Z\d])(?<![\w&.-])(?P<org>(?>{_NAME_RUN}))(?:[ \t]*\([^()\n]{{1,40}}\))?,[ \t]+"
    rf"(?:(?:a|an)[ \t]+(?:[\w’'-]+[ \t]+){{0,5}}?|the[ \t]+(?:[\w’'-]+[ \t]+){{1,5}}?)"
    rf"(?:company|firm|agency|provider|supplier|maker|manufacturer|developer|operator|"
    rf"bank|lender|insurer|regulator|association|organization|organisation|non-?profit|charity|startup|"
    rf"retailer|distributor|publisher|broadcaster|institution|foundation)"
    rf"(?=[ \t]*[,.;]|[ \t]+(?:of|that|which|with|based|headquartered|in|for|and|whose|providing|offering|serving|"
    rf"dedicated|focused|specializing|specialising)\b)"
)
# A verb in the plural after a name with "and": the name is two subjects ("Alpha and Beta Group are").
_PLURAL_VERB_AFTER = re.compile(r"[ \t]+(?:are|were|have|serve|act|jointly)\b")
_AND_WORD = re.compile(r"[ \t]+and[ \t]+(?=[A-Z])")


def split_plural_subject(name: str, following: str) -> list[str]:
    """'Alpha Partners and Beta Group' followed by 'are serving ...' -> both names: the plural verb says
    two organizations, where a single name with "and" ("Procter and Gamble") takes a singular verb."""
    if not _PLURAL_VERB_AFTER.match(following):
        return [name]
    parts = _AND_WORD.split(name)
    return parts if len(parts) == 2 and all(p[:1].isupper() for p in parts) else [name]


# "Jane Doe, Chief Strategy Officer, Acme, which ...": the organization set off by commas after a title.
ORG_AFTER_TITLE_COMMA = re.compile(
    rf"[ \t]*,[ \t]*{_TITLE_RUN},[ \t]+(?P<org>{_NAME_RUN})(?![\w&])(?=[ \t]*[,.;])"
)
# A person's affiliation: "* Jane Doe, Acme Media" (a list line of people and the firms they are with,
# perhaps with a title or a place after it), "Jane Doe (Acme) and John Roe (Zeta)"; not "(D-Calif.)", a
# politician's party and state.
ORG_AFFILIATION_AFTER_PERSON = re.compile(
    rf"[ \t]*,[ \t]+(?P<org>{_NAME_RUN})[ \t]*(?=\n|$|,|\()"
    rf"|[ \t]+\((?![DRI]-)(?P<paren>{_NAME_RUN})\)(?![ \t]+[A-Z])")
_PORTFOLIO_BEFORE = re.compile(rf"(?<![\w-]){_TITLE_RUN}[ \t]+of[ \t]+(?:the[ \t]+)?$")
_PORTFOLIO_AFTER = re.compile(r"[ \t]+(?:for|at)[ \t]+")


def in_portfolio_slot(text: str, start: int, end: int) -> bool:
    """'Head of Hospitality Channels for Acme', 'VP of Brands at Acme': the capitalized words between
    "Title of" and "for/at" name a portfolio; the organization comes after."""
    return bool(_PORTFOLIO_AFTER.match(text, end) and _PORTFOLIO_BEFORE.search(text, max(0, start - 80), start))


@lru_cache(maxsize=1)
def _title_words() -> frozenset[str]:
    return lexicon_set("titles.txt") | lexicon_set("title_modifiers.txt")


def is_only_title_words(text: str) -> bool:
    """'Vice President', 'Chief Technology Officer', 'Executive Director': a title, nobody's name."""
    return _TITLE_ONLY.fullmatch(text.strip(" ,.")) is not None


def is_title_words(text: str) -> bool:
    """True when any word of `text` belongs to a title ('Deputy', 'Chief'): not an organization name."""
    return not _title_words().isdisjoint(w.casefold().strip(",.") for w in text.split())


@dataclass(frozen=True)
class RoleMatch:
    """A title found next to a name, and the organization it belongs to when one is named."""

    title: str
    organization: str | None = None
    guessed: bool = False  # its first words read as a department only because a title follows them


def is_occupation(title: str) -> bool:
    """'author', 'senior attorney': what a person does, which a position held outranks (occupations.txt)."""
    words = title.split()
    return bool(words) and words[-1].casefold().strip(".,") in lexicon_set("occupations.txt")


def has_title_after(text: str, end: int) -> bool:
    """'Dean Okoro, CEO of Acme': a title follows the name, so a title word before it ("Dean") is a given name."""
    return bool(_TITLE_AFTER.match(text, end, min(len(text), end + 250)) or _TITLE_PAREN.match(text, end))


def find_title(text: str, start: int, end: int, org_spans: list[tuple[str, tuple[int, int]]]) -> RoleMatch | None:
    """The role given to the name at text[start:end], from the words right after or right before it.

    After: "Jane Doe, Chief Executive Officer of Acme Inc.", "Jane Doe, Acme's CEO", "Jane Doe, President,
    Acme". Before: "Deputy Mayor Jane Doe", "Acme CEO Jane Doe", "founder, Jane Doe". The organization
    is one of `org_spans` (name, (start, end)) found at the place the pattern points to.
    """
    limit = min(len(text), end + 250)
    window_start = max(0, start - 150)
    before_text = text[window_start:start]
    before = _TITLE_BEFORE.search(before_text)
    # In order of confidence: ", Title of Org" / " (Title, Org)", "Title Name", ", Org's Title", ", Org Title".
    after = _TITLE_AFTER.match(text, end, limit) or _TITLE_PAREN.match(text, end, limit) \
        or _TITLE_AS.match(text, end, limit) or _TITLE_IS.match(text, end, limit)
    if after and " " not in after["title"] and _CAPITALIZED_NEXT.match(text, after.end("title")):
        after = None  # "Investor Relations": one title word starting a department's name
    if after:
        return _role_after(after, text, start, org_spans)
    contact = _CONTACT_LINE_TITLE.match(text, end, limit)
    if contact and start - text.rfind("\n", 0, start) <= _CONTACT_NAME_LINE:
        org_after = _AFTER_CONTACT_TITLE.match(text, contact.end("title")).end()
        return RoleMatch(contact["title"].strip(" ,"),
                         _org_at(org_after, org_spans, text) or _org_just_before(start, org_spans, text))
    if before and not before_text[before.start("title"):].rstrip().endswith(","):
        return _role_before(before, before_text, window_start, org_spans, text)
    known = _KNOWN_ORG_THEN_TITLE.match(text, end, limit)
    starting = [(span, name) for name, span in org_spans if known and span[0] == known.end()]
    if starting:
        (_, org_end), org = max(starting)
        title = _TITLE_AFTER_KNOWN.match(text, org_end, limit)
        if title:
            return RoleMatch(title["title"].strip(" ,"), org)
    after = _ORG_TITLE_AFTER.match(text, end, limit)
    if after and not is_title_words(after["org_first"]):
        org = _org_at(after.start("org_first"), org_spans, text)
        if org or not is_ordinary_words(after["org_first"]):
            return RoleMatch(after["title"].strip(" ,"), org or after["org_first"])
        # "Jane Doe, Leasing Associate at Acme": ordinary words where no organization was found lead the
        # title; "Jane Doe, the Company's CEO": they name no organization.
        department = _DEPARTMENT_TITLE_AFTER.match(text, end, limit)
        if department:
            return _role_after(department, text, start, org_spans, guessed=True)
        return RoleMatch(after["title"].strip(" ,"))
    if before:
        return _role_before(before, before_text, window_start, org_spans, text)
    after = _TITLE_AFTER_NO_COMMA.match(text, end, limit)
    if after:
        return _role_after(after, text, start, org_spans)
    after = _DEPARTMENT_TITLE_AFTER.match(text, end, limit) or _DEPARTMENT_TITLE_AS.match(text, end, limit)
    if after:
        return _role_after(after, text, start, org_spans, guessed=True)
    after = _ORG_DEPARTMENT_TITLE_AFTER.match(text, end, limit)
    if after and not is_title_words(after["org_first"]):
        org = _org_at(after.start("org_first"), org_spans, text) or after["org_first"]
        return RoleMatch(after["title"].strip(" ,"), org, True)
    after = _LIST_THEN_PLURAL_TITLE.match(text, end, limit)
    if after:
        return RoleMatch(after["title"], _org_named_at(after, org_spans, text))
    listed = _PLURAL_TITLE_BEFORE_LIST.search(before_text)
    if listed:
        return RoleMatch(listed["title"])
    return None


def appointing_organization(text: str, start: int, org_spans) -> str | None:
    """The organization that appoints, names or hires the person at `start`, named just before the verb."""
    before = [(span, name) for name, span in org_spans if start - 80 <= span[1] <= start
              and _APPOINTED_BY.match(text[span[1]:start])]
    return max(before)[1] if before else None


def _role_before(before: re.Match, before_text: str, window_start: int, org_spans, text: str) -> RoleMatch:
    title = _TRAILING_HONORIFIC.sub("", before["title"]).strip(" ,")
    # "the Chief Executive of Acme Ltd., Jane Doe": the words after "of", to the title's end, are the
    # organization, not a portfolio.
    of = _OF_IN_TITLE.search(title)
    if of:
        at = window_start + before.start("title") + of.end()
        named = _org_at(at, org_spans, text)
        title_end = window_start + before.start("title") + len(title)
        if named and text.startswith(named, at) and at + len(named) == title_end:
            return RoleMatch(title[:of.start()], named)
    org = None
    ahead = _ORG_BEFORE_TITLE.search(before_text, 0, before.start("title"))
    if ahead:
        org = _org_at(window_start + ahead.start("org"), org_spans, text, loose=True)
    return RoleMatch(title, org)


def _role_after(after: re.Match, text: str, start: int, org_spans, guessed: bool = False) -> RoleMatch:
    """The title after a name, with the organization named after it or, failing that, the one appointing."""
    org = _org_named_at(after, org_spans, text) or appointing_organization(text, start, org_spans)
    return RoleMatch(after["title"].strip(" ,"), org, guessed)


def _org_named_at(match: re.Match, org_spans, text: str) -> str | None:
    """The organization whose mention starts where the pattern's `org_at` group does, if it matched."""
    return _org_at(match.start("org_at"), org_spans, text) if match["org_at"] else None


def _org_just_before(position: int, org_spans, text: str) -> str | None:
    """The organization named on the line before a contact's name ("MC Services AGKatja Arnold")."""
    hits = [(span, name) for name, span in org_spans
            if span[1] <= position and not text[span[1]:position].strip(" \t,:")]
    return max(hits)[1] if hits else None


def _org_at(position: int, org_spans, text: str, loose: bool = False) -> str | None:
    """The organization whose mention starts at `position`, following "X's Y" and "X subsidiary Y" to Y."""
    hits = sorted((span, name) for name, span in org_spans
                  if span[0] == position or (loose and span[0] <= position < span[1]))
    if not hits:
        return None
    (span_start, span_end), name = hits[0]
    link = _PARENT_LINK.match(text, span_end)
    if link:
        return _org_at(link.end(), org_spans, text) or name
    return name
