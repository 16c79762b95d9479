"""Sectors: match taxonomy terms and report each GICS sector/industry the release gives evidence for.

The taxonomy (extractor/data/sectors.json, or the user's `--taxonomy FILE`) lists industries under the
11 GICS sectors (MSCI/S&P Global Industry Classification Standard), each with *strong* terms that name
the industry on their own ("semiconductor", "asset management") and *weak* terms that also have
everyday meanings ("bank", "energy", "retail").

A strong term reports its industry. A weak term needs a telling place: a list of fields ("industries
including manufacturing, logistics and hospitality"), right before "industry" or "sector", what a
company makes or the kind of company it is ("a producer of steel", "a private equity firm", "Kestrel
makes flat steel", "the Group is principally engaged in property development"), or the headline or a
description of a company ("Omega, a leading energy company") when no other sector's strong term shares
the sentence: beside one it only describes that other business ("biologics manufacturing plant").
A generic industry's words ("technology") give way to any other sector's term, weak ones too ("a golf
technology company"), and need more than the headline.

Every sector with evidence is reported: a field of activity the text names counts, though only some are
what the release is about. Which ones are its own (`primary`: the main company's business, the
subject of the deal) is the sector selector's call (`sector_selection.py`), a model fitted on the
annotated corpus.

Text that is not about the story is skipped: forward-looking-statement and securities-law notices,
the newswire's own "About" section and footers. Sentences about a person's past roles and the names of
venues ("a reception at the Marker Hotel") report nothing.
"""
from __future__ import annotations

import json
import re
import string
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from extractor.components.sector_selection import SectorCandidate, load_selector
from extractor.components.selection import Selector
from extractor.components.extensions import as_data, doc_text, register_doc_extension, sentence_range
from extractor.schema import GICS_SECTORS, Sector
from extractor.tries import trie_pattern

register_doc_extension("sectors", default=[])

STRONG_WEIGHT = 1.0
WEAK_WEIGHT = 0.5
REPORT_AT = 1.0
# Weights that order the output: where a mention stands says how central the industry is.
HEADLINE_RANK, LEAD_RANK, DESCRIPTION_RANK, BODY_RANK = 3, 2, 2, 1
LEAD_CHARS = 400
HEADLINE_MAX_CHARS = 300

FIELD_NOUNS = frozenset({
    "industry", "industries", "sector", "sectors", "market", "markets", "space", "spaces", "vertical",
    "verticals", "field", "fields", "segment", "segments", "economy", "economies",
})
PLURAL_FIELD_NOUNS = frozenset({"industries", "sectors", "markets", "verticals", "fields", "segments"})
LIST_JOINERS = frozenset({",", "and", "or", "&", "/", ";", "as", "well", "such", "including", "(", ")", "-"})
LIST_SEPARATORS = frozenset({",", "and", "or", "&", "/", ";"})
MAX_LIST_GAP = 4
# Penn Treebank tags of an adjective or noun ("" when the pipeline has no tagger).

# Nouns that say what kind of organisation a description is about: "X, a leading ... company".
COMPANY_KINDS = (
    "company", "provider", "firm", "maker", "manufacturer", "developer", "producer", "operator", "supplier", "group",
    "brand", "leader", "specialist", "pioneer", "platform", "business", "bank", "insurer", "lender", "retailer",
    "distributor", "fund", "manager", "investor", "startup", "start-up", "innovator", "organization", "organisation",
    "association", "agency", "institution", "consultancy", "player", "builder", "homebuilder", "REIT", "trust",
    "chain", "network", "marketplace", "studio", "publisher", "airline", "carrier", "miner", "explorer", "holding",
    "office", "arm", "conglomerate", "enterprise", "force", "house", "label", "practice", "expert",
    "designer", "integrator", "contractor", "utility", "grower", "exporter", "importer", "owner", "franchise",
    "franchisor", "institute", "school", "hospital", "clinic", "laboratory", "lab", "foundry", "mill", "refiner",
    "plant",
)
# Paragraphs that are legal or distribution boilerplate, not the story. Matched against the text
# lowercased with its offsets kept (`_lowered_in_place`): written in lowercase, without re.IGNORECASE,
# the alternation scans three times faster.
_BOILERPLATE = re.compile(
    r"(?=[fscdnaovtpi]|^)(?:forward[-\s]looking\s+(?:statement|information)|safe\s+harbou?r|cautionary\s+(?:note|statement)|"
    r"does\s+not\s+constitute\s+an\s+offer|not\s+been\s+registered\s+under|securities\s+act\s+of\s+1933|"
    r"disseminated\s+on\s+behalf|appeared\s+first\s+on|first\s+appeared\s+on|view\s+source\s+version|"
    r"solely\s+responsible\s+for\s+the\s+content|original\s+source:|preferred\s+news\s+source|"
    r"terms\s+of\s+use\s+and\s+disclaimers|^\W*disclaimer\b|\bdisclaimer\s*:|^\W*(?:legal|important)\s+notice\b|"
    r"(?:intended|construed|considered|treated)\s+as\s+(?:\w+\s+)?(?:investment|financial)\s+advice|"
    r"not\s+(?:be\s+)?(?:a\s+)?(?:solicitation|recommendation)\s+(?:for|to))",
)
_ASCII_LOWER = str.maketrans(string.ascii_uppercase, string.ascii_lowercase)
# The only characters whose lowercase is two characters ("İ") or an ASCII letter (the Kelvin sign).
_LOWER_CHANGES_OFFSETS_OR_ASCII = ("\u0130", "\u212a")
_SENTENCE_END = re.compile(r"[.!?]\W*\s*(?=\S)")
# Sentences about a person's past roles: the employers they name are not the story's industries.
_CAREER = re.compile(
    r"\b(?:previously|prior\s+to\s+(?:joining|that|this)|before\s+joining|began\s+(?:his|her|their)\s+career|"
    r"(?:his|her|their)\s+career|held\s+(?:\w+\s+){0,3}(?:roles?|positions?|posts?)|spent\s+\w+\s+years|"
    r"served\s+(?:\w+\s+){0,2}as\s+(?:the\s+)?(?:chief|ceo|cfo|coo|cto|president|head|director|vice|partner|"
    r"managing|senior|general)|retired\s+from|graduated|holds?\s+an?\s+(?:mba|degree|bachelor|master|ph\.?d))",
    re.IGNORECASE,
)
_ABOUT_HEADING = re.compile(r"^\W*about\s+(?:the\s+)?(?P<name>[^\n:]{1,80})", re.IGNORECASE)
# Newswire and distribution services, whose "About" sections describe themselves, not the story.
_WIRE_NAME = re.compile(
    r"(?:news|press|media|investor|business|access|globe|crypto|blockchain|mining|stock|market|biz|health|tech)"
    r"\s*wire\b|(?-i:Wire|WIRE)\b|news\s*direct|news\s*breaks|press\s*release|pr\s*newswire|media\s*outreach|\bibn\b|newsfile|"
    r"citybiz|newsramp|pr\s*karma|newsworthy|reportable|ein\s*presswire|press\s*services|\bpr\.com\b|openpr|"
    r"cision|prweb|brand\s*network|newsroom",
    re.IGNORECASE,
)
_WORD = re.compile(r"[^\W_]+")
_ACRONYM_WORD = re.compile(r"\b[A-Z0-9&]*[A-Z][A-Z0-9&]*[A-Z][A-Z0-9&]*\b")


class TaxonomyError(ValueError):
    """A taxonomy file that cannot be used; the message names the file and the problem."""


@dataclass(frozen=True)
class Industry:
    sector: str
    industry: str
    terms: tuple[str, ...]
    weak: tuple[str, ...] = ()
    generic: bool = False


@dataclass(frozen=True)
class Taxonomy:
    industries: tuple[Industry, ...]
    ignore: tuple[str, ...] = ()


@dataclass
class Mention:
    """One matched term, with what its place in the text says about it."""

    industry: int
    term: str
    text: str
    start: int
    strong: bool
    headline: bool = False
    lead: bool = False
    description: int = -1
    what_it_makes: bool = False
    field_noun: bool = False
    in_list: bool = False
    absorbed: bool = False
    modifier_of_other: bool = False
    aside: bool = False
    generic: bool = False

    @property
    def described(self) -> bool:
        """Inside a sentence that says what a company is."""
        return self.description >= 0

    @property
    def supported(self) -> bool:
        """A weak term counts in full where the text presents it as a field of activity: in a list, before
        "industry", or as what a company makes ("a producer of steel"), even beside another sector's
        terms; in the headline or in what a company is ("a leading bank") when no other sector's term
        is beside it. A generic word ("technology") counts in what a company is or makes only with no
        other sector's term beside it, and never from the headline alone."""
        if self.modifier_of_other or self.aside:
            return False
        if self.in_list or self.field_noun or (self.what_it_makes and not (self.generic and self.absorbed)):
            return True
        return not self.absorbed and (self.described or (self.headline and not self.generic))

    @property
    def rank(self) -> int:
        if self.headline:
            return HEADLINE_RANK
        if self.lead:
            return LEAD_RANK
        return DESCRIPTION_RANK if self.described else BODY_RANK


@dataclass
class IndustryEvidence:
    industry: int
    mentions: list[Mention] = field(default_factory=list)

    @property
    def score(self) -> float:
        return evidence_score(self.mentions)

    @property
    def rank(self) -> int:
        return sum(m.rank for m in self.mentions)


def evidence_score(mentions: Iterable[Mention]) -> float:
    """1 per strong term and per supported weak term; unsupported weak terms add 0.5 at most in all.

    So weak words scattered through a release ("shoppers", "retail", "dining") never report an
    industry on their own, however many there are.
    """
    counted: set[str] = set()
    unsupported: set[str] = set()
    for mention in mentions:
        key = mention.term.lower()
        if mention.strong or mention.supported:
            counted.add(key)
        elif not mention.absorbed:
            unsupported.add(key)
    return STRONG_WEIGHT * len(counted) + (WEAK_WEIGHT if unsupported - counted else 0.0)


# --- taxonomy files ---------------------------------------------------------------------------------

def default_taxonomy_text() -> str:
    return resources.files("extractor").joinpath("data/sectors.json").read_text(encoding="utf-8")


def parse_taxonomy(data: object, source: str = "taxonomy") -> Taxonomy:
    """Validate a decoded taxonomy; errors name `source` and what is wrong."""
    if not isinstance(data, dict) or not isinstance(data.get("industries"), list):
        raise TaxonomyError(f"{source}: expected a JSON object with an \"industries\" list")
    industries = []
    for number, entry in enumerate(data["industries"], start=1):
        where = f"{source}: industry #{number}"
        if not isinstance(entry, dict):
            raise TaxonomyError(f"{where}: expected an object with sector, industry and terms")
        sector = entry.get("sector")
        if sector not in GICS_SECTORS:
            raise TaxonomyError(f"{where}: unknown GICS sector {sector!r}; use one of: {', '.join(GICS_SECTORS)}")
        name = entry.get("industry")
        if not isinstance(name, str) or not name.strip():
            raise TaxonomyError(f"{where}: \"industry\" must be a non-empty string")
        terms = _string_list(entry.get("terms", []), f"{where} ({name}) \"terms\"")
        weak = _string_list(entry.get("weak", []), f"{where} ({name}) \"weak\"")
        if not terms and not weak:
            raise TaxonomyError(f"{where} ({name}): no terms")
        generic = entry.get("generic", False)
        if not isinstance(generic, bool):
            raise TaxonomyError(f"{where} ({name}): \"generic\" must be true or false")
        industries.append(Industry(sector, name.strip(), tuple(terms), tuple(weak), generic))
    ignore = _string_list(data.get("ignore", []), f"{source}: \"ignore\"")
    return Taxonomy(tuple(industries), tuple(ignore))


def _string_list(value: object, where: str) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise TaxonomyError(f"{where} must be a list of non-empty strings")
    return [v.strip() for v in value]


def merge_taxonomies(base: Taxonomy, extra: Taxonomy) -> Taxonomy:
    """`extra` added to `base`: an industry of the same sector and name gains the extra terms."""
    merged = {(i.sector, i.industry.lower()): i for i in base.industries}
    for industry in extra.industries:
        key = (industry.sector, industry.industry.lower())
        if key in merged:
            old = merged[key]
            industry = Industry(old.sector, old.industry, _unique(old.terms + industry.terms),
                                _unique(old.weak + industry.weak), old.generic or industry.generic)
        merged[key] = industry
    return Taxonomy(tuple(merged.values()), _unique(base.ignore + extra.ignore))


def _unique(items: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(items))


def load_taxonomy(path: str | Path | None = None) -> Taxonomy:
    """The shipped taxonomy; or a user's file, which replaces it unless it says "extends": "default"."""
    default = parse_taxonomy(json.loads(default_taxonomy_text()), "default taxonomy")
    if not path:
        return default
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as error:
        raise TaxonomyError(f"taxonomy file {path}: cannot read it ({error.strerror or error})") from error
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        raise TaxonomyError(f"taxonomy file {path}: not valid JSON ({error})") from error
    taxonomy = parse_taxonomy(data, f"taxonomy file {path}")
    extends = data.get("extends")
    if extends in (None, False, ""):
        return taxonomy
    if extends != "default":
        raise TaxonomyError(f"taxonomy file {path}: \"extends\" must be \"default\" or absent, not {extends!r}")
    return merge_taxonomies(default, taxonomy)


# --- term variants ----------------------------------------------------------------------------------

def is_case_sensitive(term: str) -> bool:
    """Acronyms (AI, EV, REIT, SPAC) match only as written, so "ai" or "spac" in other words do not."""
    return bool(_ACRONYM_WORD.search(term))


def plural_of(word: str) -> str:
    """English plural of a noun by the regular rules; acronyms take a plain -s (REITs, EVs)."""
    if word.isupper():
        return word + "s"
    lower = word.lower()
    if lower.endswith("tech"):  # fintechs, biotechs: a hard "ch" takes -s
        return word + "s"
    if lower.endswith(("s", "x", "z", "ch", "sh")):
        return word + "es"
    if lower.endswith("y") and len(lower) > 1 and lower[-2] not in "aeiou":
        return word[:-1] + "ies"
    return word + "s"


# What a company is and makes: "X, a leading critical minerals mining company", "Y is a provider of fiber
# internet"; `kind` is the noun saying what it is, `makes` what it makes or does, up to where its customers
# or uses begin ("... essential for defense applications").
# The scanning patterns open with a lookahead for a match's first character: one step at every position.
_DESCRIPTION = re.compile(
    r"(?=[iawb,])(?:\b(?:is|are|was|as|becomes?)|,)\s+(?:a|an|the|one\s+of\s+the)\s+(?:[^\s.;:!?]+\s+){0,9}?"
    r"(?P<kind>" + trie_pattern({form for kind in COMPANY_KINDS for form in (kind, plural_of(kind))}) + r")\b"
    r"(?:,?\s+(?:of|in|focused\s+on|specializing\s+in|specialising\s+in|dedicated\s+to|offering|providing|"
    r"delivering|developing|building|known\s+for|producing|making|operating|"
    r"with\s+(?:interests|businesses|operations|activities)\s+in)\s+"
    r"(?P<makes>(?:(?!\b(?:for|to|that|which|who|whose|essential|used|across|serving|with|where|while|through)\b)"
    r"[^.;:!?\n]){1,140}))?",
    re.IGNORECASE,
)


# What a company does, said with a verb: "Kestrel (NYSE: KST) makes flat steel", "The Group is principally
# engaged in property development", "which operates hotels"; the subject is a name or "it" (not "he", "this"),
# "the company" or "which".
_ACTIVITY = re.compile(
    r"(?=[A-Zcgfbwt])(?:\b(?!(?:This|These|Those|He|She|They|We|You|There|Each|Every)\b)[A-Z][\w&.'-]*"
    r"(?:\s+\([^()\n]{1,40}\))?|\b(?:company|group|firm|business)|\bwhich|\bthat)\s+"
    r"(?:(?:is|are)\s+(?:(?:principally|mainly|primarily|chiefly|largely)\s+)?engaged\s+in|"
    r"speciali[sz]es\s+in|focuses\s+on|(?:makes|manufactures|produces|develops|designs|builds|operates|"
    r"distributes|supplies|provides|sells)\b)\s+"
    r"(?P<makes>(?:(?!\b(?:for|to|that|which|who|whose|used|across|serving|with|where|while|through)\b)"
    r"[^.;:!?\n]){1,140})"
)


def term_variants(term: str) -> list[str]:
    """The forms of a term to match: as written, its plural, and hyphen variants (e-commerce, ecommerce)."""
    forms = [term]
    head, _, last = term.rpartition(" ")
    if last and last[-1].isalpha() and not last.lower().endswith("ed"):
        forms.append(f"{head} {plural_of(last)}" if head else plural_of(last))
    if is_case_sensitive(term):  # "AI chip" also as "AI Chip" and "AI CHIP" in headlines
        forms += [_WORD.sub(_title_unless_acronym, form) for form in forms] + [form.upper() for form in forms]
    variants = []
    for form in forms:
        variants.append(form)
        if re.search(r"\w-\w", form):
            variants += [form.replace("-", " "), form.replace("-", ""), form.replace("-", "\u2011")]
    return list(dict.fromkeys(variants))


def _title_unless_acronym(word: re.Match) -> str:
    text = word.group()
    return text if _ACRONYM_WORD.fullmatch(text) else text[:1].upper() + text[1:]


# --- where a term stands ------------------------------------------------------------------------------

def paragraph_spans(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", text) if m.group().strip()]


def skipped_ranges(text: str, paragraphs: list[tuple[int, int]], wire: str | None = None) -> list[tuple[int, int]]:
    """Character ranges of boilerplate: legal notices, footers, and the newswire's own About section.

    A notice skips its paragraph from the sentence where it starts: wires often glue their footer
    ("The issuer is solely responsible for the content...") to the last paragraph of the story.
    """
    skipped = []
    in_wire_about = False
    lowered = _lowered_in_place(text)
    for start, end in paragraphs:
        paragraph = text[start:end]
        about = _ABOUT_HEADING.match(paragraph)
        if about:
            name = about.group("name")
            in_wire_about = bool(_WIRE_NAME.search(name) or (wire and wire.lower() in name.lower()))
        if in_wire_about:
            skipped.append((start, end))
            continue
        notice = _BOILERPLATE.search(lowered[start:end])
        if notice:
            sentence_starts = [0] + [m.end() for m in _SENTENCE_END.finditer(paragraph, 0, notice.start())]
            skipped.append((start + sentence_starts[-1], end))
    return skipped


def _lowered_in_place(text: str) -> str:
    """`text` with its ASCII letters lowered and every offset kept. `str.lower` is much faster than
    translating, and agrees for an ASCII pattern but where two characters would change it."""
    if any(c in text for c in _LOWER_CHANGES_OFFSETS_OR_ASCII):
        return text.translate(_ASCII_LOWER)
    return text.lower()


def headline_range(text: str, paragraphs: list[tuple[int, int]]) -> tuple[int, int] | None:
    """The first line when it reads as a headline (short, not a sentence)."""
    if not paragraphs:
        return None
    start, end = paragraphs[0]
    line = text[start:end].strip().lstrip("#").strip()
    if len(line) > HEADLINE_MAX_CHARS or line.endswith((".", ",", ";", ":")) or len(paragraphs) < 2:
        return None
    return start, end


def lead_range(text: str, paragraphs: list[tuple[int, int]], after: int, skipped) -> tuple[int, int] | None:
    """The opening lines of the story: the first long paragraph after the headline."""
    for start, end in paragraphs:
        if start < after or _inside(start, skipped):
            continue
        if len(text[start:end].split()) >= 15:
            return start, min(end, start + LEAD_CHARS)
    return None


def company_descriptions(text: str) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """Where the text says what a company is ("Acme, a leading maker of specialty chemicals"), and in
    those, what it makes or does and the words naming its kind: "of specialty chemicals" in "a maker of
    specialty chemicals", "private equity" in "a Denver-based private equity firm"."""
    descriptions = list(_DESCRIPTION.finditer(text))
    activities = list(_ACTIVITY.finditer(text))
    described = sorted(m.span() for m in descriptions + activities)
    makes = []
    for match in descriptions:
        kind_start = match.start("kind")
        words_before = text[match.start():kind_start].rstrip()
        last_words = re.search(r"(?:[\w&-]+\s+){0,2}[\w&-]+$", words_before)
        if last_words:
            makes.append((match.start() + last_words.start(), kind_start))
        if match.group("makes"):
            makes.append(match.span("makes"))
    makes += [match.span("makes") for match in activities]
    return described, makes


def _inside(offset: int, ranges) -> bool:
    return _range_index(offset, ranges) >= 0


def _range_index(offset: int, ranges) -> int:
    return next((i for i, (start, end) in enumerate(ranges) if start <= offset < end), -1)


def list_members(mentions: list[Mention], doc: Doc, spans: list[Span]) -> set[int]:
    """Indexes of mentions in a list of fields: three or more, one of them named by a strong term ("AI,
    fintech and logistics"), or two or more before a plural field noun ("the health, technology and
    education sectors"); "schools, hospitals, banks and shops" is a list of places, not fields."""
    members: set[int] = set()
    run = [0] if spans else []
    for i in range(1, len(spans) + 1):
        joined = i < len(spans) and _only_joiners(doc[spans[i - 1].end:spans[i].start])
        if joined:
            run.append(i)
            continue
        industries = {mentions[j].industry for j in run}
        after = spans[run[-1]].end
        before_fields = len(run) >= 2 and after < len(doc) and doc[after].lower_ in PLURAL_FIELD_NOUNS
        if len(industries) >= 2 and (before_fields or (len(run) >= 3 and any(mentions[j].strong for j in run))):
            members.update(run)
        run = [i]
    return members


def _only_joiners(gap: Span) -> bool:
    """Items of a list are parted by a comma or a conjunction, with at most one modifier besides
    ("textiles, wood furniture and electronics")."""
    if len(gap) > MAX_LIST_GAP or not any(t.lower_ in LIST_SEPARATORS for t in gap):
        return False
    words = [t for t in gap if t.lower_ not in LIST_JOINERS]
    return len(words) <= 1


def is_venue_name(doc: Doc, span: Span) -> bool:
    """A term in the name of the place where something happens ("a reception at the Marker Hotel")."""
    if not all(t.is_title or t.is_upper or not t.is_alpha for t in span):
        return False
    start = span.start
    while start > 0 and span.start - start < 4 and (doc[start - 1].is_title or doc[start - 1].is_upper):
        start -= 1
    if start > 0 and doc[start - 1].lower_ == "the":
        start -= 1
    return start > 0 and doc[start - 1].lower_ == "at"


# --- the component -------------------------------------------------------------------------------------

@Language.factory("extractor_sectors", default_config={"taxonomy": None, "selector": None}, assigns=["doc._.sectors"])
def make_sector_matcher(nlp: Language, name: str, taxonomy: str | None, selector: str | None):
    """`selector`: a weights file from `training/fit_sectors.py`, to say which sectors are the release's
    own (`primary`); by default the one fitted on the annotated corpus."""
    return SectorMatcher(nlp, load_taxonomy(taxonomy), load_selector(selector))


class SectorMatcher:
    """Finds taxonomy terms (case-insensitive, plurals included) and weighs the evidence per industry."""

    def __init__(self, nlp: Language, taxonomy: Taxonomy | list[Industry], selector: Selector | None = None):
        self.selector = selector or load_selector()
        if not isinstance(taxonomy, Taxonomy):
            taxonomy = Taxonomy(tuple(taxonomy))
        self.taxonomy = taxonomy
        self.industries = taxonomy.industries
        self.lower_matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.exact_matcher = PhraseMatcher(nlp.vocab, attr="ORTH")
        self.labels: dict[int, tuple[int, bool, str]] = {}
        for index, industry in enumerate(self.industries):
            for strong, terms in ((True, industry.terms), (False, industry.weak)):
                for term in terms:
                    self._add(nlp, f"{index}|{int(strong)}|{term}", term, (index, strong, term))
        for term in taxonomy.ignore:
            self._add(nlp, f"ignore|{term}", term, (-1, False, term))

    def _add(self, nlp: Language, key: str, term: str, label: tuple[int, bool, str]) -> None:
        matcher = self.exact_matcher if is_case_sensitive(term) else self.lower_matcher
        matcher.add(key, list(nlp.tokenizer.pipe(term_variants(term))))
        self.labels[nlp.vocab.strings[key]] = label

    def __call__(self, doc: Doc) -> Doc:
        doc._.sectors = as_data(self.find_sectors(doc))
        return doc

    def find_sectors(self, doc: Doc) -> list[Sector]:
        reported = self.evidence(doc)
        own = {c.sector for c in self.candidates(reported) if self.selector.keeps(c)}
        return [self._sector(e, own) for e in reported]

    def evidence(self, doc: Doc) -> list[IndustryEvidence]:
        """Every industry with evidence enough to report, ranked by where its terms stand."""
        mentions, spans = self._mentions(doc)
        for i in list_members(mentions, doc, spans):
            mentions[i].in_list = True
        by_industry: dict[int, IndustryEvidence] = {}
        for mention in mentions:
            by_industry.setdefault(mention.industry, IndustryEvidence(mention.industry)).mentions.append(mention)
        reported = [e for e in by_industry.values() if e.score >= REPORT_AT]
        reported.sort(key=lambda e: (-e.rank, e.mentions[0].start))
        return reported

    def candidates(self, reported: list[IndustryEvidence]) -> list[SectorCandidate]:
        """The reported industries as one candidate per sector, in rank order, for the selector."""
        by_sector: dict[str, list[IndustryEvidence]] = {}
        for evidence in reported:
            by_sector.setdefault(self.industries[evidence.industry].sector, []).append(evidence)
        total = sum(len(e.mentions) for e in reported)
        return [SectorCandidate(sector=sector, mentions=[m for e in group for m in e.mentions], industries=len(group),
                                order=order, share=sum(len(e.mentions) for e in group) / total,
                                rivals=len(by_sector))
                for order, (sector, group) in enumerate(by_sector.items())]

    def _mentions(self, doc: Doc) -> tuple[list[Mention], list[Span]]:
        text = doc_text(doc)
        paragraphs = paragraph_spans(text)
        wire = getattr(getattr(doc._, "dateline", None), "wire", None)
        skipped = skipped_ranges(text, paragraphs, wire)
        headline = headline_range(text, paragraphs)
        lead = lead_range(text, paragraphs, headline[1] if headline else 0, skipped)
        described, makes = company_descriptions(text)
        raw = [
            Span(doc, start, end, label=match_id)
            for matcher in (self.lower_matcher, self.exact_matcher)
            for match_id, start, end in matcher(doc)
        ]
        spans = [s for s in filter_spans(raw) if self.labels[s.label][0] >= 0 and not _inside(s.start_char, skipped)]
        sentence_text = _sentence_text(doc)
        mentions = []
        for span in spans:
            index, strong, term = self.labels[span.label]
            aside = tells_a_career(sentence_text(span)) or is_venue_name(doc, span)
            after = doc[span.end] if span.end < len(doc) else None
            mentions.append(Mention(
                industry=index, term=term, text=span.text, start=span.start_char, strong=strong and not aside,
                aside=aside, headline=bool(headline) and headline[0] <= span.start_char < headline[1],
                lead=bool(lead) and lead[0] <= span.start_char < lead[1],
                description=_range_index(span.start_char, described),
                what_it_makes=_inside(span.start_char, makes),
                field_noun=after is not None and after.lower_ in FIELD_NOUNS,
            ))
        self._mark_absorbed(doc, mentions, spans)
        return mentions, spans

    def _mark_absorbed(self, doc: Doc, mentions: list[Mention], spans: list[Span]) -> None:
        """A weak term sharing a sentence (or the headline) with strong terms of other sectors only describes
        them; right after one ("medical device manufacturing") it never counts, even in a list.

        A weak term of a generic industry ("technology") gives way to any other sector's term, weak ones
        too: in "a golf technology company" the business is golf."""
        sentence_of = _sentence_index(doc)
        scopes = [-1 if m.headline else sentence_of(span) for m, span in zip(mentions, spans)]
        strong_sectors: dict[int, set[str]] = {}
        any_sectors: dict[int, set[str]] = {}
        for mention, scope in zip(mentions, scopes):
            sector = self.industries[mention.industry].sector
            any_sectors.setdefault(scope, set()).add(sector)
            if mention.strong:
                strong_sectors.setdefault(scope, set()).add(sector)
        description_sectors: dict[int, set[str]] = {}
        for mention in mentions:
            if mention.described:
                description_sectors.setdefault(mention.description, set()).add(
                    self.industries[mention.industry].sector)
        for i, (mention, scope) in enumerate(zip(mentions, scopes)):
            if not mention.strong:
                sector = self.industries[mention.industry].sector
                mention.generic = self.industries[mention.industry].generic
                previous = i - 1
                mention.modifier_of_other = (
                    previous >= 0 and spans[previous].end == spans[i].start
                    and (mentions[previous].strong or mention.generic)
                    and self.industries[mentions[previous].industry].sector != sector
                )
                if not mention.generic:
                    others = strong_sectors.get(scope, set())
                elif mention.described:  # "a technology company serving hospitals": its own description only
                    others = description_sectors[mention.description]
                else:
                    others = any_sectors.get(scope, set())
                others = others - {sector}
                mention.absorbed = mention.modifier_of_other or bool(others)

    def _sector(self, evidence: IndustryEvidence, own: set[str]) -> Sector:
        industry = self.industries[evidence.industry]
        phrases: dict[str, str] = {}
        for mention in evidence.mentions:
            phrases.setdefault(mention.text.lower(), mention.text)
        return Sector(sector=industry.sector, industry=industry.industry, evidence=list(phrases.values()),
                      mentions=len(evidence.mentions), primary=industry.sector in own)


@lru_cache(maxsize=1024)
def tells_a_career(sentence: str) -> bool:
    """Does the sentence tell a person's past roles? Cached: it is asked once per sector term, and a
    release's terms share a few sentences."""
    return bool(_CAREER.search(sentence))


def _sentence_text(doc: Doc):
    """Text of a span's sentence (or line, without sentence boundaries)."""
    text = doc_text(doc)
    if doc.has_annotation("SENT_START"):
        def sentence(span: Span) -> str:
            start, end = sentence_range(doc, span.start_char)
            return text[start:end]
        return sentence
    return lambda span: text[text.rfind("\n", 0, span.start_char) + 1:].split("\n", 1)[0]


def _sentence_index(doc: Doc):
    """Sentence of a span: parser/senter boundaries when the pipeline has them, else the line."""
    if doc.has_annotation("SENT_START"):
        return lambda span: sentence_range(doc, span.start_char)[0]
    text = doc_text(doc)
    return lambda span: text.count("\n", 0, span.start_char)


def iter_terms(taxonomy: Taxonomy) -> Iterator[tuple[str, str, str, bool]]:
    """(sector, industry, term, strong) for every term; for documentation and checks."""
    for industry in taxonomy.industries:
        for term in industry.terms:
            yield industry.sector, industry.industry, term, True
        for term in industry.weak:
            yield industry.sector, industry.industry, term, False
