"""Organizations: one entry per organization, with its acronyms and short forms.

Candidates are the model's ORG entities plus names that rules see: a capitalized run ending in a legal
suffix ("Co., Ltd.", "Inc.", "Sdn. Bhd.") or in an organization word ("... City Government",
"Ministry of ...", "... University"). A rule match also repairs the model's boundaries ("Acme Co." cut
before "Ltd."). Candidates that are the wire, tickers, places, events, facilities, products or defined
non-organization acronyms are dropped; the rest are merged by acronym definitions ("... (TSMC)"),
quoted short forms ('("Orbis" or "Orbis Group")') and name prefixes ("Zeta" of "Zeta Inc.").
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from spacy.language import Language
from spacy.tokens import Doc

from extractor.components.dateline import outside_story_spans
from extractor.components.extensions import as_data, register_doc_extension
from extractor.names import (
    ORG_WITH_HEAD,
    ORG_AFTER_NOUN,
    ORG_AFTER_TITLE_COMMA,
    ORG_BEFORE_ROLE,
    ORG_BROADCASTER,
    ORG_BY_APPOSITION,
    ORG_BY_SERVICE,
    ORG_WITH_LEGAL_SUFFIX,
    ROLE_ORGANIZATION,
    is_title_words,
    clean_org_name,
    find_parentheticals,
    fold,
    has_legal_suffix,
    is_acronym_of,
    is_short_form_of,
    lexicon_set,
    looks_like_acronym,
    org_core,
    schwartz_hearst_long_form,
    spans_overlap,
    split_joined_names,
    split_plural_subject,
    honorific_inside,
    in_portfolio_slot,
    starts_with_honorific,
    strip_leading_noise,
)
from extractor.places import is_place_name, is_region_name
from extractor.wordlist import is_common_phrase, is_dictionary_word
from extractor.schema import Organization

# None until the component runs, so that a component that needs it can tell "none found" from "not run".
register_doc_extension("organizations", default=None)
register_doc_extension("organization_spans", default=())

_NOT_A_NAME = re.compile(r"@|https?:|www\.|\.com\b|[\n\[\](){}<>|$#•·/]|^\W|^[\d\W]+$")
_BEFORE_PARENTHESIS = re.compile(r"[ \t,]{0,3}(?=\()")
_HANDLE_AFTER = re.compile(r"[ \t]*[:(]?[ \t]*@\w")
_MODEL_NUMBER = re.compile(r"\b[A-Z]+-?\d{2,}\b")
# An address around the name: "95 Parker Oaks Ln", "Trenton NJ 08619", "Acme Tower, Suite 700".
_ADDRESS_BEFORE = re.compile(r"\b\d{1,6}[ \t]+$")
_ADDRESS_AFTER = re.compile(r"[ \t,]*(?:\d{5}\b|(?:Suite|Ste\.?|Floor|Unit)\b)")
_YEAR = re.compile(r"\b(?:19|20)\d\d\b")
_COINED_CATEGORY = re.compile(r"[A-Z]-[A-Z][a-z]+")
_PUNCTUATION = re.compile(r"[^\w&\s]")
_PERSON_OF = re.compile(r"[ \t]+(?:of|at|from)[ \t]+")
_LAST_WORD = re.compile(r"(\S+)[ \t]*$")
_AND = re.compile(r"[ \t]+(?:and|&)[ \t]+")
_LAST_AND_IN_NAME = re.compile(r"[ \t]+and[ \t]+(?=[A-Z])(?!.*[ \t]and[ \t])")
_WORD_BREAK = re.compile(r"[\s,]+")
_THE_BEFORE = re.compile(r"\b[Tt]he[ \t]+$")
_BULLET = re.compile(r"[ \t]*(?:[*•·‣-]|\d{1,2}[.)])[ \t]+\S")
_NOT_A_PARTY_AFTER = re.compile(r"™|-[A-Z0-9](?![a-z])|[ \t]+of[ \t]+the[ \t]+Year\b")
_KIND_OF_FIRM_AFTER = re.compile(r"[ \t]*(?:\([^()\n]{1,12}\)[ \t]*)?(?:firm|company|provider|platform|business)\b")
_INDEFINITE_BEFORE = re.compile(r"\b(?:a|an)[ \t]+(?:[a-z-]+,?[ \t]+){0,3}$")


@dataclass
class OrgGroup:
    name: str
    aliases: list[str] = field(default_factory=list)
    mentions: int = 0
    first: int = 0
    spans: list[tuple[int, int]] = field(default_factory=list)

    def all_names(self) -> list[str]:
        return [self.name, *self.aliases]

    def to_model(self) -> Organization:
        return Organization(name=self.name, aliases=self.aliases, mentions=max(self.mentions, 1))


def _inside(span: tuple[int, int], spans) -> bool:
    return any(start <= span[0] and span[1] <= end for start, end in spans)


def is_non_organization(name: str) -> bool:
    """Events, facilities, places, documents and concepts by their form (see the gold guide)."""
    folded = fold(name)
    if folded in lexicon_set("not_orgs.txt") or folded in lexicon_set("titles.txt") or _NOT_A_NAME.search(name):
        return True
    if not name[:1].isupper() and not name[:1].isdigit():
        return True
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


def _trim_verbs(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """Drop verbs the entity swallowed at either end: 'Acme Acquires', 'Follow Acme Inc.'."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) < 2:
        return start, end
    tokens = list(span)
    while len(tokens) > 1 and tokens[-1].tag_ in {"VBZ", "VBD", "VBP", "VBG"} and tokens[-1].text[:1].isupper():
        tokens.pop()
    while len(tokens) > 1 and tokens[0].tag_ in {"VB", "VBZ", "VBD"} and tokens[0].text[:1].isupper():
        tokens.pop(0)
    return tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)


@Language.factory("extractor_organizations", requires=["doc.ents"],
                  assigns=["doc._.organizations", "doc._.organization_spans"])
def make_organization_finder(nlp: Language, name: str):
    return OrganizationFinder()


class OrganizationFinder:
    def __call__(self, doc: Doc) -> Doc:
        text = doc.text
        excluded = outside_story_spans(doc)
        parentheticals = find_parentheticals(text)
        ticker_spans = [(p.start, p.end) for p in parentheticals if p.tickers]
        tickers = {t for p in parentheticals for _, t in p.tickers}
        ents = doc.ents  # built anew on every access
        person_ents = [(e.start_char, e.end_char) for e in ents if e.label_ == "PERSON"]

        rule_spans = _drop_nested(sorted(self._rule_spans(text, person_ents), key=lambda s: (s[0], -s[1])))
        place_texts = _place_texts(ents)
        person_texts = _voted_texts(ents, "PERSON")
        defined_shorts = {fold(short) for p in parentheticals for short in p.short_forms}
        role_spans = [m.span("org") for m in ROLE_ORGANIZATION.finditer(text) if not text.startswith(" at ", m.end())]
        role_spans += [m.span("org") for m in ORG_BEFORE_ROLE.finditer(text)
                       if not is_title_words(strip_leading_noise(m["org"])) and ". " not in m["org"]]
        dates = [(e.start_char, e.end_char) for e in ents if e.label_ in {"DATE", "TIME"}]
        noun_spans = [m.span("org") for m in ORG_AFTER_NOUN.finditer(text)
                      if not is_title_words(m["org"]) and not spans_overlap(m.span("org"), person_ents + dates)]
        # "Invest Acme, the city's investment agency": the apposition outweighs the model's PERSON.
        noun_spans += [m.span("org") for m in ORG_BY_APPOSITION.finditer(text)
                       if not is_title_words(m["org"]) and not spans_overlap(m.span("org"), dates)]
        noun_spans += [m.span("org") for _, person_end in person_ents
                       for m in [ORG_AFTER_TITLE_COMMA.match(text, person_end)] if m
                       and not is_title_words(m["org"])]
        # "Head of Sales for Italian company Acme": the role's words end at an adjective, the name follows.
        role_spans = [s for s in role_spans if not spans_overlap(s, rule_spans)
                      and not any(0 < n[0] - s[1] < 14 for n in noun_spans)] + noun_spans
        portfolios = _portfolios(text, role_spans)
        candidates: list[tuple[int, int]] = list(rule_spans)
        for ent in ents:
            if ent.label_ != "ORG":
                continue
            start, end = ent.start_char, ent.end_char
            if "\n" in ent.text:
                end = start + ent.text.index("\n")
            if any(s[0] < end and start < s[1] and not _joined_by_ampersand(text, s, (start, end))
                   for s in rule_spans):
                continue  # the rule's boundaries win over the model's, but for a name joined by "&"
            if any(s[0] <= start and end <= s[1] and (s[0], s[1]) != (start, end) for s in role_spans):
                continue  # so do a role's: "Acme Taiwan Chairman Jane Doe" over the model's "Acme"
            if in_portfolio_slot(text, start, end):
                continue  # "Head of Retail Channels for Acme": a portfolio
            candidates += _split_plural_subject(text, _trim_verbs(doc, start, end))
        model_spans = set(candidates) - set(rule_spans)
        for span in role_spans:
            if not spans_overlap(span, candidates):
                candidates.append(span)
        members = list_members(text, candidates, person_ents, place_texts)
        candidates += members

        lines = [span for span in _line_spans(text) if text[span[0]:span[1]].strip()]
        heading_lines = [span for span in lines if _is_heading_line(text[span[0]:span[1]])]
        if lines and not _ends_a_sentence(text[lines[0][0]:lines[0][1]]) and lines[0][1] - lines[0][0] < 300:
            heading_lines.append(lines[0])  # the headline, whatever its punctuation inside
        prose = "\n".join(text[a:b] for a, b in _line_spans(text)
                           if (a, b) not in set(heading_lines) and not _inside((a, b), excluded))
        things: set[str] = set()
        prose_words = " " + " ".join(_PUNCTUATION.sub(" ", fold(prose)).split()) + " "
        mentions: list[tuple[int, int, str]] = []
        for start, end in sorted(set(candidates)):
            from_model = (start, end) in model_spans
            name = strip_leading_noise(clean_org_name(text[start:end]))
            if not name or spans_overlap((start, end), excluded) or _inside((start, end), ticker_spans):
                continue
            start = max(start, text.find(name, start, end))
            end = start + len(name)
            if _inside((start, end), heading_lines) and f" {org_core(name)} " not in prose_words:
                continue  # title-case headings fool the model; a real name recurs in the prose
            if _ADDRESS_BEFORE.search(text, max(0, start - 8), start) or _ADDRESS_AFTER.match(text, end):
                continue
            if from_model and _named_as_a_thing(text, start, end):
                things.add(fold(name))  # "its copper deposit, Redhill", "the Nova neighborhood"
            if _HANDLE_AFTER.match(text, end):
                continue  # "on Instagram @acme": a channel, not a party to the story
            if _NOT_A_PARTY_AFTER.match(text, end):
                continue  # "Acme™", "SDR-OMNI", "Startup of the Year": a product or award named after it
            if from_model and _KIND_OF_FIRM_AFTER.match(text, end) and \
                    _INDEFINITE_BEFORE.search(text, max(0, start - 40), start):
                continue  # "an SEC-Registered Investment Advisory firm": what kind of firm, not which
            if is_non_organization(name):
                continue
            known = place_texts if (start, end) not in role_spans else set()
            if self._is_place(name, known) and fold(name) not in defined_shorts:
                continue  # a place, unless the text defined the name as a short form ('("Kaito")');
                # a role's organization the gazetteer does not know is no place, whatever the model says
            if (start, end) not in rule_spans and len(name.split()) > 1 and (
                    starts_with_honorific(name) or honorific_inside(name) >= 0):
                continue  # "YB Gobind Singh Deo", "Railways Shri Ashok Kumar": a person the model tagged ORG
            if fold(name) in portfolios and fold(name) not in defined_shorts:
                continue  # "Minister of Digital": a portfolio, not an organization
            if " " not in name and fold(name) in person_texts and from_model:
                continue  # a surname the model mostly reads as a person ("Trump said ...")
            mentions.append((start, end, name))
        mentions = _extend_to_known_names(mentions, text)
        mentions = [m for m in mentions if fold(m[2]) not in things or has_legal_suffix(m[2])]
        names = {org_core(m[2]) for m in mentions} | {org_core(s) for p in parentheticals for s in p.short_forms}
        mentions = [m for m in mentions if not _names_several(m[2], names)]
        non_org_shorts, long_spans = defined_non_org_acronyms(text, parentheticals, [(s, e) for s, e, _ in mentions])
        mentions = [m for m in mentions if fold(m[2]) not in non_org_shorts and not _inside(m[:2], long_spans)]

        # Surnames and brand words the model tagged PERSON join an organization they are a short form of.
        aliases_only = [(s, e, clean_org_name(text[s:e])) for s, e in person_ents
                        if not spans_overlap((s, e), [m[:2] for m in mentions]) and len(text[s:e].split()) == 1]
        groups = self._group(mentions, parentheticals, text, tickers, aliases_only)
        groups = [g for g in groups if not self._is_common_phrase_named_once(g, rule_spans, text)]
        doc._.organizations = as_data(g.to_model() for g in groups)
        doc._.organization_spans = tuple((g.name, s) for g in groups for s in g.spans)
        return doc

    @staticmethod
    def _rule_spans(text: str, person_ents) -> list[tuple[int, int]]:
        spans = []
        for pattern in (ORG_WITH_LEGAL_SUFFIX, ORG_WITH_HEAD):
            for m in pattern.finditer(text):
                offset = m.start("name")
                for part in split_joined_names(m["name"]):
                    start = text.index(part, offset)
                    offset = start + len(part)
                    # "Jeff Doe of Acme Bank": the rule ran over a person's name.
                    for _, person_end in sorted(e for e in person_ents if start <= e[0] and e[1] < offset):
                        after = _PERSON_OF.match(text, person_end, offset)
                        if after:
                            start = after.end()
                    name = strip_leading_noise(clean_org_name(text[start:offset]))
                    if name:
                        spans.append((_locate(name, text, start, offset), offset))
        spans += [m.span("name") for m in ORG_BROADCASTER.finditer(text)]
        for m in ORG_BY_SERVICE.finditer(text):
            start, end = m.span("org") if m["org"] else m.span("sponsor")
            name = strip_leading_noise(clean_org_name(text[start:end]))
            if name and not is_title_words(name) and not starts_with_honorific(name):
                spans.append((_locate(name, text, start, end), end))
        return [part for span in spans for part in _split_plural_subject(text, span)
                for part in _split_named_elsewhere(text, part)]

    @staticmethod
    def _is_common_phrase_named_once(group: OrgGroup, rule_spans, text: str) -> bool:
        """A model-only candidate named once, in ordinary words, is a heading or a concept
        ("Placement Agents", "Manufacturing Capability"); see extractor.wordlist. A company named in
        ordinary words ("Temporary Tattoos") is written the same way again and again, where the model may
        have seen it only once."""
        if group.mentions > 1 or group.aliases or any(s in rule_spans for s in group.spans):
            return False
        uses = len(re.findall(rf"(?<![\w-]){re.escape(group.name)}(?![\w-])", text))
        if " " not in group.name:
            # "Confederate flags", "a former Bulldog": one ordinary word, capitalized once; "the Lancet"
            # is a title, the article says so.
            start = group.spans[0][0]
            return uses == 1 and group.name.istitle() and is_dictionary_word(group.name) and \
                not _THE_BEFORE.search(text, max(0, start - 5), start)
        return is_common_phrase(group.name) and uses < 3

    @staticmethod
    def _is_place(name: str, place_texts: set[str]) -> bool:
        """'Kyushu' and 'TX' are places; 'Nevada Corporation' is where a company is incorporated. A city
        with a legal word ('Orion Ltd.', 'Phoenix Inc.') is a company named after it."""
        core = org_core(name)
        return fold(name) in place_texts or is_place_name(name) or (core != fold(name) and is_region_name(core))

    @staticmethod
    def _group(mentions, parentheticals, text, tickers, aliases_only=()) -> list[OrgGroup]:
        groups: list[OrgGroup] = []
        by_start = {p.start: p for p in parentheticals}
        by_core: dict[str, OrgGroup] = {}
        defined: dict[str, OrgGroup] = {}
        # Fullest forms first: legal-suffix names, then longer names, so short forms find their owner.
        ordered = sorted(mentions, key=lambda m: (not has_legal_suffix(m[2]), -len(org_core(m[2]).split()), m[0]))
        for start, end, name in ordered:
            core = org_core(name)
            group = by_core.get(core) or defined.get(fold(name))
            if group is None:
                owners = [g for g in groups if _is_prefix_form(name, g)]
                if looks_like_acronym(name) and not owners:
                    owners = [g for g in groups if any(is_initialism_of(name, n) for n in g.all_names())]
                group = min(owners, key=lambda g: g.first) if owners else None
            if group is None:
                group = OrgGroup(name=name, first=start)
                groups.append(group)
            elif fold(name) != fold(group.name) and fold(name) not in {fold(a) for a in group.aliases}:
                group.aliases.append(name)
            # '... Co., Ltd. ("Acme" or "Acme Group"; TWSE: 1234)' defines short forms and tickers.
            gap = _BEFORE_PARENTHESIS.match(text, end, end + 4)
            p = by_start.get(gap.end()) if gap else None
            if p is not None:
                for short in p.short_forms:
                    if is_short_form_of(short, name):
                        defined.setdefault(fold(short), group)
                        if fold(short) not in {fold(a) for a in group.all_names()}:
                            group.aliases.append(short)
                for _, ticker in p.tickers:
                    defined.setdefault(fold(ticker), group)
            by_core.setdefault(core, group)
            group.mentions += 1
            group.first = min(group.first, start)
            group.spans.append((start, end))
        for start, end, name in aliases_only:
            owners = [g for g in groups if _is_prefix_form(name, g) or fold(name) in defined and defined[fold(name)] is g]
            if len(owners) == 1:
                group = owners[0]
                if fold(name) not in {fold(n) for n in group.all_names()}:
                    group.aliases.append(name)
                group.mentions += 1
                group.spans.append((start, end))
        groups = [g for g in groups if g.name not in tickers]
        for group in groups:
            _prefer_frequent_short_name(group, mentions)
        groups.sort(key=lambda g: g.first)
        return groups


def defined_non_org_acronyms(text: str, parentheticals, org_spans) -> set[str]:
    """Acronyms the text defines for something that is not an organization: 'Memorandum of
    Understanding (MOU)', 'private investment in public equity ("PIPE")', with the long forms' spans.
    Long forms are found with the Schwartz & Hearst algorithm in the words before the parenthesis."""
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


def _split_plural_subject(text: str, span: tuple[int, int]) -> list[tuple[int, int]]:
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


def _split_named_elsewhere(text: str, span: tuple[int, int]) -> list[tuple[int, int]]:
    """'advisor to Zentrix and Holt & Ames LLP is ...': the words before "and" are an organization the
    text names on its own elsewhere, and the rest has a legal suffix: two names, not one."""
    start, end = span
    found = _LAST_AND_IN_NAME.search(text, start, end)
    if not found or not has_legal_suffix(text[found.end():end]):
        return [span]
    left = text[start:found.start()]
    uses = [m.start() for m in re.finditer(rf"(?<![\w&-]){re.escape(left)}(?![\w&-])", text)]
    if not any(u < start or u >= end for u in uses):
        return [span]
    return [(start, found.start()), (found.end(), end)]


def _names_several(name: str, names: set[str]) -> bool:
    """'Orbis and Zeta' when both are named on their own elsewhere."""
    parts = _AND.split(name)
    return len(parts) > 1 and all(org_core(p) in names for p in parts)


_NOUN_BEFORE = re.compile(r"\b(?P<noun>[a-z]+)[ \t]*[,(:]?[ \t]*$")
_NOUN_AFTER = re.compile(r"[ \t]+(?P<noun>[a-z]+)\b")
_OWNER_BEFORE = re.compile(r"\b(?:its|their|our)[ \t]+$")


def _extend_to_known_names(mentions: list[tuple[int, int, str]], text: str) -> list[tuple[int, int, str]]:
    """'of Verdant AgriTech' where the model tagged only 'AgriTech': a mention preceded by the first words
    of a longer name the document gives ('Verdant AgriTech B.V.') is that name, cut at its start."""
    cores = {org_core(name) for _, _, name in mentions}
    extended = []
    for start, end, name in mentions:
        core = org_core(name)
        for longer in cores:
            if not longer.endswith(" " + core):
                continue
            head = longer[:-len(core)]  # its first words and a space
            begin = start - len(head)
            if begin >= 0 and fold(text[begin:start]) == head:
                start, name = begin, text[begin:end]
                break
        extended.append((start, end, name))
    return extended


_AMPERSAND_TAIL = re.compile(r"[ \t]+&[ \t]+[A-Z][\w-]*(?:[ \t]+[A-Z][\w-]*)*")


def _joined_by_ampersand(text: str, rule: tuple[int, int], model: tuple[int, int]) -> bool:
    """'Wageningen University & Research': the model's span runs on past the rule's organization word with
    '& Name'; one name, as the model says."""
    return model[0] <= rule[0] and _AMPERSAND_TAIL.fullmatch(text, rule[1], model[1]) is not None


def _named_as_a_thing(text: str, start: int, end: int) -> bool:
    """The name stands in apposition to a noun for a thing (non_org_nouns.txt): a product, place or project;
    or a company owns it before a noun ("launched its SolTile roof tiles", "our Nimbus platform")."""
    nouns = lexicon_set("non_org_nouns.txt")
    before = _NOUN_BEFORE.search(text, max(0, start - 30), start)
    after = _NOUN_AFTER.match(text, end)
    if after and _OWNER_BEFORE.search(text, max(0, start - 8), start):
        return True
    return bool(before and before["noun"] in nouns or after and after["noun"] in nouns)


def _portfolios(text: str, role_spans) -> set[str]:
    """Single common words named only in a role's slot ("Minister of Digital"): portfolios. A company
    with a common-word name ("Further") is named elsewhere in the text too."""
    found = set()
    for start, end in role_spans:
        word = text[start:end]
        if " " in word or not word.istitle() or not is_dictionary_word(word):
            continue
        uses = len(re.findall(rf"(?<![\w-]){re.escape(word)}(?![\w-])", text))
        if uses == sum(1 for s, e in role_spans if text[s:e] == word):
            found.add(fold(word))
    return found


def _locate(name: str, text: str, start: int, end: int) -> int:
    """Where a cleaned name starts inside text[start:end] (cleaning may have folded its spaces)."""
    found = text.find(name, start, end)
    if found < 0:
        found = text.find(name.split(" ")[0], start, end)
    return found if found >= 0 else start


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
    if not line or len(line) > 160 or _ends_a_sentence(line) or line.endswith((";", ",")) or line.count(". ") > 0:
        return False
    words = [w for w in line.split() if w[:1].isalpha()]
    return bool(words) and sum(w[0].isupper() for w in words) >= 0.6 * len(words)


_LIST_ITEM = r"[A-Z][\w&.'’-]*(?:[ \t]+[A-Z][\w&.'’-]*){0,3}"
_CAPITALIZED_LIST = re.compile(rf"{_LIST_ITEM}(?:,[ \t]+(?:and[ \t]+)?{_LIST_ITEM}){{2,}}")


def list_members(text: str, candidates, person_ents, place_texts) -> list[tuple[int, int]]:
    """In a comma list naming two or more organizations ("backed by Acme Capital, Beta Ventures,
    Gamma, and others"), the other capitalized one-word items are organizations too: investors and
    partners are listed together. Full person names and places in the list stay what they are."""
    found = []
    for m in _CAPITALIZED_LIST.finditer(text):
        items = [(i.start() + m.start(), i.end() + m.start()) for i in re.finditer(_LIST_ITEM, m.group())]
        items = [(s + (4 if text.startswith("and ", s) else 0), e) for s, e in items]
        known = [i for i in items if any(c[0] <= i[0] and i[1] <= c[1] for c in candidates)]
        if len(known) < 2:
            continue
        for start, end in items:
            word = text[start:end]
            if (start, end) in known or " " in word or fold(word) in place_texts or is_place_name(word):
                continue
            if any(s < end and start < e and len(text[s:e].split()) > 1 for s, e in person_ents):
                continue
            found.append((start, end))
    return found


def is_initialism_of(short: str, long: str) -> bool:
    """'SEC' of 'Securities and Exchange Commission', 'TSMC' of 'Taiwan Semiconductor Manufacturing Co.':
    an acronym the text never defines must spell the initials of every word, small words aside."""
    words = [w for w in _WORD_BREAK.split(long) if w and w.casefold() not in {"and", "&", "of", "the", "for"}]
    return "".join(w[0] for w in words).casefold() == short.casefold()


def _prefer_frequent_short_name(group: OrgGroup, mentions) -> None:
    """'Orbis Foundation' named ten times over 'Orbis Foundation Equity' once: without a legal suffix,
    the name is the form the text uses most when the longer one merely extends it."""
    if has_legal_suffix(group.name):
        return
    counts: dict[str, int] = {}
    for start, end, name in mentions:
        if (start, end) in group.spans:
            counts[name] = counts.get(name, 0) + 1
    best = max(counts, key=lambda n: (counts[n], len(n)), default=group.name)
    if best != group.name and len(best.split()) > 1 and counts[best] > counts.get(group.name, 0) and \
            org_core(group.name).startswith(org_core(best) + " "):
        group.aliases = [a for a in group.aliases if a != best]
        group.name = best


def _is_prefix_form(name: str, group: OrgGroup) -> bool:
    """'Zeta' of 'Zeta Inc.', 'Nextlink' of 'Nextlink Internet': leading words of a fuller name."""
    words = org_core(name).split()
    if not words:
        return False
    legal = has_legal_suffix(name)
    complete = " of " in name and ORG_WITH_HEAD.fullmatch(name)
    for full in group.all_names():
        if legal and has_legal_suffix(full):
            continue  # "Acme LLP" and "Acme Advisory LLC": two legal entities, not a name and its short form
        if complete and ORG_WITH_HEAD.fullmatch(full):
            continue  # "University of Acme" and its "University of Acme Policy Institute": a body and its unit
        full_words = org_core(full).split()
        if len(words) < len(full_words) and full_words[: len(words)] == words:
            return True
    return False


def _drop_nested(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    kept: list[tuple[int, int]] = []
    for span in spans:
        if kept and span[0] < kept[-1][1]:
            continue
        kept.append(span)
    return kept
