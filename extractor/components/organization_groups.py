"""Grouping candidate mentions into organizations, with their aliases.

Acronyms defined in parentheses join their long form ("Taiwan Semiconductor Manufacturing Co., Ltd.
(TSMC)"; the Schwartz & Hearst algorithm finds it, as scispacy's AbbreviationDetector does), quoted
short forms join too ('("Orbis" or "Orbis Group"; TWSE: 6472)'), and a name that is the leading words of
a fuller one becomes its alias ("Zeta" of "Zeta Inc."). A mention cut at its start takes the fuller
name's first words back first ("AgriTech" of "Verdant AgriTech").
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from extractor.names import ORG_WITH_HEAD, fold, has_legal_suffix, is_short_form_of, looks_like_acronym, org_core
from extractor.schema import Organization

_BEFORE_PARENTHESIS = re.compile(r"[ \t,]{0,3}(?=\()")
_WORD_BREAK = re.compile(r"[\s,]+")


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


def restore_cut_names(mentions: list[tuple[int, int, str]], text: str) -> list[tuple[int, int, str]]:
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


# "Acme Labs Board", "the Supervisory Board of Acme AG": a board, named after its company.
_BOARD = r"(?:(?:Supervisory|Executive|Management)[ \t]+)?Board"
_BOARD_AFTER = re.compile(rf"^(?P<company>.+?)[ \t]+{_BOARD}$")
_BOARD_BEFORE = re.compile(rf"^{_BOARD}[ \t]+of[ \t]+(?P<company>.+)$")


def fold_company_boards(mentions: list[tuple[int, int, str]], text: str) -> list[tuple[int, int, str]]:
    """'Acme Labs Board' where the text also names 'Acme Labs' (or 'the Supervisory Board of Acme AG'): the
    board of a company the text names is that company. A board no other mention owns keeps its name
    ('National Labor Relations Board', 'Hong Kong Tourism Board')."""
    cores = {org_core(name) for _, _, name in mentions}
    folded = []
    for start, end, name in mentions:
        board = _BOARD_AFTER.match(name) or _BOARD_BEFORE.match(name)
        company = board["company"] if board else ""
        if company and (org_core(company) in cores or has_legal_suffix(company)):
            at = text.find(company, start, end)
            if at >= 0:
                start, end, name = at, at + len(company), company
        folded.append((start, end, name))
    return folded


def group_mentions(mentions, parentheticals, text: str, tickers: set[str], aliases_only=()) -> list[OrgGroup]:
    """One group per organization: acronyms defined in parentheses and quoted short forms join their long
    form, tickers the text uses as names join their company, leading words of a fuller name become its
    alias; surnames and brand words the model tagged PERSON join an organization they are a short form of."""
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
