"""Organizations: cleaning, acronym definitions, short forms and filters; pure functions, then the pipeline."""
from __future__ import annotations

import pytest

from extractor.components.organization_checks import is_non_organization
from extractor.components.organization_groups import fold_company_boards
from extractor.names import (
    ORG_WITH_HEAD,
    ORG_WITH_LEGAL_SUFFIX,
    clean_org_name,
    find_parentheticals,
    is_acronym_of,
    org_core,
    schwartz_hearst_long_form,
    split_joined_names,
    split_plural_subject,
    strip_leading_noise,
    ORG_AFTER_NOUN,
    ORG_AFTER_TITLE_COMMA,
    ORG_BROADCASTER,
    ORG_BY_APPOSITION,
    ORG_BY_SERVICE,
    ORG_BEFORE_ROLE,
    ROLE_ORGANIZATION,
    title_starts,
    in_portfolio_slot,
    finditer_from,
    finditer_on_lines,
    LEGAL_SUFFIX_WORD,
    ORG_HEAD_WORD,
    SERVICE_WORD,
)
from tests.tagged import extract_tagged, tagged


@pytest.mark.parametrize("text, expected", [
    ("the Harbor City Government's", "Harbor City Government"),
    ("Orbis Robotics Co., Ltd.", "Orbis Robotics Co., Ltd."),
    ("Zeta Holdings Inc.,", "Zeta Holdings Inc."),
    ("Orbis’", "Orbis"),
    ("Zeta Holdings Board of Directors", "Zeta Holdings"),
    ("Zeta Holdings Inc. Board", "Zeta Holdings Inc."),
    ("Zeta's Board", "Zeta"),
    ("Harbor City Tourism Board", "Harbor City Tourism Board"),  # a public body: its name ends in "Board"
    ("NORTHWIND Aug.13", "NORTHWIND"),
    ("OrbisRoboticsOrbisRobotics", "OrbisRobotics"),  # "About OrbisRobotics" glued to "OrbisRobotics is"
    ("Zeta AIFounded", "Zeta AI"),
    ("TomTom", "TomTom"),
    ("Zeta DEXZeta DEX", "Zeta DEX"),  # a heading that repeats the name, its line break lost
    ("Orbis AI Orbis AI", "Orbis AI"),
    ("Orbis LabsOrbis Labs Ltd.", "Orbis Labs Ltd."),  # "About Orbis Labs" glued to its fuller name
    ("Harbin Zeta RoboticsZeta Robotics", "Harbin Zeta Robotics"),  # glued to a shorter repeat
    ("NORTHWIND TRADERS INC. Northwind Traders Inc.", "Northwind Traders Inc."),  # a heading in capitals
    ("DetailsZeta Holdings Co.,Ltd.", "Zeta Holdings Co.,Ltd."),  # "Contact Details" glued on
    ("PayPal Holdings", "PayPal Holdings"),
    ("MediaTek Inc.", "MediaTek Inc."),
    ("ContactJane", "ContactJane"),
    ("DetailsK3 Holdings", "K3 Holdings"),
    ("InquiriesORBIS Robotics Ltd.", "ORBIS Robotics Ltd."),
    ("DetailsK3", "DetailsK3"),
    ("ORBIS Zeta Labs", "ORBIS Zeta Labs"),
    ("Harbor Science Foundation, No.42201040", "Harbor Science Foundation"),  # a grant's number
    ("Harbor Research Program No. 2016YFA06", "Harbor Research Program"),
])
def test_clean_org_name(text, expected):
    assert clean_org_name(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("About Orbis Robotics Inc.", "Orbis Robotics Inc."),
    ("President of Orbis Robotics Inc.", "Orbis Robotics Inc."),
    ("CEO and Chairman of Orbis Robotics Inc.", "Orbis Robotics Inc."),
    ("Jakarta-based Orbis Group", "Orbis Group"),
    ("Hong Kong-headquartered Orbis Robotics Ltd.", "Orbis Robotics Ltd."),
    ("Harlan & Harlan", "Harlan & Harlan"),
    ("Neither the TSX Venture Exchange", "TSX Venture Exchange"),
    ("Neither Orbis Robotics, Inc.", "Orbis Robotics, Inc."),
    ("Join Orbis Foundation", "Orbis Foundation"),
    ("Inquiries Harbor City Government", "Harbor City Government"),
])
def test_strip_leading_noise(text, expected):
    assert strip_leading_noise(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("companies: 7SEAS Technology Co., Ltd., Harbor Valve Ltd. and more", ["7SEAS Technology Co., Ltd.", "Harbor Valve Ltd."]),
    ("shares of Kestrel Minerals Sdn. Bhd. rose", ["Kestrel Minerals Sdn. Bhd."]),
    ("Lumen Werke GmbH signed with Nordlicht AG", ["Lumen Werke GmbH", "Nordlicht AG"]),
    ("a unit of Tokai Signal K.K. said", ["Tokai Signal K.K."]),
    ("with Alder Ridge Partners, LLC today", ["Alder Ridge Partners, LLC"]),
])
def test_legal_suffix_names(text, expected):
    assert [m["name"] for m in ORG_WITH_LEGAL_SUFFIX.finditer(text)] == expected


@pytest.mark.parametrize("text, expected", [
    ("officials of the Harbor City Government met", ["Harbor City Government"]),
    ("the Chubu Bureau of Economy, Trade and Industry and Nagoya University", [
        "Chubu Bureau of Economy, Trade and Industry", "Nagoya University"]),
    ("approved by the Ministry of Transport on Monday", ["Ministry of Transport"]),
    ("filed with the Securities and Exchange Commission today", ["Securities and Exchange Commission"]),
    ("the Tsuruya Department Store is", []),
    ("a report by the Harbor Trade Office found", ["Harbor Trade Office"]),
])
def test_organization_word_names(text, expected):
    assert [m["name"] for m in ORG_WITH_HEAD.finditer(text)] == expected


@pytest.mark.parametrize("name, parts", [
    ("Alpha Sdn. Bhd. and Beta Sdn. Bhd.", ["Alpha Sdn. Bhd.", "Beta Sdn. Bhd."]),
    ("Lakeside Unified School District and Palm Valley Unified", [
        "Lakeside Unified School District", "Palm Valley Unified"]),
    ("Lumen Werke GmbH and Nordlicht AG", ["Lumen Werke GmbH", "Nordlicht AG"]),
    ("Harlow & Pike SC and Brandt Keller Lowe LLP", ["Harlow & Pike SC", "Brandt Keller Lowe LLP"]),
    ("Mercer Abbott and Danforth LLP", ["Mercer Abbott and Danforth LLP"]),
    ("Securities and Exchange Commission", ["Securities and Exchange Commission"]),
    ("The Securities and Exchange Commission", ["The Securities and Exchange Commission"]),
    ("U.S. Securities and Exchange Commission", ["U.S. Securities and Exchange Commission"]),
])
def test_split_joined_names(name, parts):
    assert split_joined_names(name) == parts


@pytest.mark.parametrize("short, long, expected", [
    ("TSMC", "Taiwan Semiconductor Manufacturing Co., Ltd.", True),
    ("EDB", "Economic Development Bureau", True),
    ("WPG", "Woodbridge Pacific Group", True),
    ("MOU", "Memorandum of Understanding", True),
    ("FRAND", "Fair, Reasonable, and Non-Discriminatory", True),
    ("ABC", "Economic Development Bureau", False),
    ("IIT", "Indian Institute of Technology", True),
    ("MC", "Taiwan Semiconductor Manufacturing Co.", False),
])
def test_is_acronym_of(short, long, expected):
    assert is_acronym_of(short, long) is expected


def test_schwartz_hearst_finds_the_shortest_long_form():
    assert schwartz_hearst_long_form("EDB", "officials of the Economic Development Bureau") == \
        "Economic Development Bureau"


@pytest.mark.parametrize("text, shorts, tickers", [
    ('Orbis Co., Ltd. ("Orbis" or "Orbis Group"; TWSE: 1234)', ("Orbis", "Orbis Group"), (("TWSE", "1234"),)),
    ("Zeta Inc. (NASDAQ: ZETA)", (), (("NASDAQ", "ZETA"),)),
    ("the Economic Development Bureau (EDB)", ("EDB",), ()),
    ("the Indian Institute of Technology Bombay (IIT Bombay)", ("IIT Bombay",), ()),
    ("(“Brookfield”)", ("Brookfield",), ()),
])
def test_find_parentheticals(text, shorts, tickers):
    [found] = find_parentheticals(text)
    assert found.short_forms == shorts and found.tickers == tickers


@pytest.mark.parametrize("name, expected", [
    ("Harbor Expo 2025", True),
    ("Kaohsiung Pavilion", True),
    ("Harbor Hydrogen Station", True),
    ("Kestrel Air Force Base", True),  # a military installation: a facility
    ("Memorandum of Understanding", True),
    ("Media Contacts", True),
    ("a Nevada Corporation", True),
    ("https://orbis.example", True),
    ("www.orbis.com", True),  # a website
    ("orbis.com", True),
    ("Booking.com", False),  # a company named by its domain
    ("Placer.ai", False),
    ("No.2016YFA0601601", True),  # a grant's number
    ("Harbor Medical Center", False),
    ("Harbor Cancer Center", False),  # an institution, where a center is mostly a facility
    ("Harbor Convention Center", True),
    ("Orbis Robotics Co., Ltd.", False),
    ("Harbor City Government", False),
    ("zXora Realty", False),  # a brand that starts in lower case before a capital
    ("iOrbis", False),
    ("the company", True),
])
def test_is_non_organization(name, expected):
    assert is_non_organization(name) is expected


def test_org_core_ignores_legal_suffix_and_case():
    assert org_core("Orbis Robotics Co., Ltd.") == org_core("ORBIS ROBOTICS") == "orbis robotics"


@pytest.mark.parametrize("names, expected", [
    (["Mammoth Labs", "Mammoth Labs Board"], ["Mammoth Labs", "Mammoth Labs"]),
    (["Supervisory Board of Lumen Werke AG", "Executive Board of Lumen Werke AG"], ["Lumen Werke AG"] * 2),
    (["Harbor City Tourism Board", "Harbor City"], ["Harbor City Tourism Board", "Harbor City"]),
    (["National Labor Relations Board"], ["National Labor Relations Board"]),
])
def test_the_board_of_a_named_company_is_the_company(names, expected):
    text = " and ".join(names)
    mentions, at = [], 0
    for name in names:
        start = text.index(name, at)
        mentions.append((start, start + len(name), name))
        at = start + len(name)
    folded = fold_company_boards(mentions, text)
    assert [name for _, _, name in folded] == expected
    assert all(text[start:end] == name for start, end, name in folded)


def _orgs(extractor, text):
    return {o.name: sorted(o.aliases) for o in extractor.extract(text).organizations}


PIPELINE = [
    # Acronym defined in parentheses joins its long form, and a later use counts as a mention.
    ("Orbis Semiconductor Manufacturing Co., Ltd. (OSMC) opened a plant. OSMC will hire 300 people.",
     "Orbis Semiconductor Manufacturing Co., Ltd.", ["OSMC"]),
    # Quoted short forms and a later prefix form.
    ('Kestrel Pharmaceuticals Co., Ltd. ("Kestrel" or "Kestrel Group"; TWSE: 6123) bought a plant. '
     "Kestrel Pharmaceuticals said the deal closed.",
     "Kestrel Pharmaceuticals Co., Ltd.", ["Kestrel", "Kestrel Group", "Kestrel Pharmaceuticals"]),
    # Possessive and leading article dropped; the short name is an alias.
    ("The Alder Energy Inc. board approved the deal. Alder Energy's shareholders will vote in May.",
     "Alder Energy Inc.", ["Alder Energy"]),
    # A company's board is the company.
    ("Mammoth Robotics said on Monday that the Mammoth Robotics Board approved the plan.", "Mammoth Robotics", []),
    # A public body whose name ends in "Board" keeps it.
    ("Orbis Robotics Inc. said the Harbor City Tourism Board backed its plan.", "Harbor City Tourism Board", []),
]


@pytest.mark.parametrize("text, name, aliases", PIPELINE)
def test_pipeline_merges_acronyms_and_short_forms(extractor, text, name, aliases):
    orgs = _orgs(extractor, text)
    assert name in orgs
    assert orgs[name] == aliases


@pytest.mark.parametrize("text, not_an_org", [
    ("Zeta Robotics Inc. (NASDAQ: ZRBT) rose.", "NASDAQ"),
    ("Zeta Robotics Inc. (NASDAQ: ZRBT) rose.", "ZRBT"),
    ("The two firms signed a Memorandum of Understanding (MOU) on Monday with Zeta Robotics Inc.", "MOU"),
    ("Zeta Robotics Inc. showed its robots at the Harbor Pavilion during Robotics Expo 2025.", "Harbor Pavilion"),
    ("Zeta Robotics Inc. showed its robots at the Harbor Pavilion during Robotics Expo 2025.", "Robotics Expo 2025"),
])
def test_pipeline_drops_tickers_events_and_facilities(extractor, text, not_an_org):
    orgs = _orgs(extractor, text)
    assert not_an_org not in {n for name, aliases in orgs.items() for n in (name, *aliases)}


@pytest.mark.parametrize("short, long, expected", [
    ("SEC", "Securities and Exchange Commission", True),
    ("TSMC", "Taiwan Semiconductor Manufacturing Co.", True),
    ("SEC", "Share Exchange", False),
    ("GMC", "Giant Mammoth Chain", True),
])
def test_undefined_acronyms_must_spell_the_initials(short, long, expected):
    from extractor.components.organization_groups import is_initialism_of

    assert is_initialism_of(short, long) is expected


def test_pipeline_drops_social_channels_named_with_a_handle(extractor):
    text = ("Orbis Robotics Co., Ltd. opened a plant in Ohio. Follow Orbis Robotics on Instagram @orbisbots "
            "and Threads @orbisbots.")
    assert "Instagram" not in _orgs(extractor, text)


@pytest.mark.parametrize("text", ["Acme\tLtd.  Acme  Ltd.", "Orbis   Robotics\tInc. grew.", "Ltd. Inc. Co."])
def test_odd_spacing_around_legal_names_does_not_break_offsets(extractor, text):
    for org in extractor.extract(text).organizations:
        assert org.name and "\t" not in org.name


def test_pipeline_acronym_after_a_long_name_with_a_leading_word(extractor):
    text = "Orbis Bio received Fast Track designation from the U.S. Food and Drug Administration (FDA) on Monday."
    orgs = _orgs(extractor, text)
    assert orgs.get("U.S. Food and Drug Administration") == ["FDA"]


def test_pipeline_a_portfolio_is_not_an_organization(extractor):
    pytest.importorskip("english_words")
    text = "The deal was witnessed by Jane Doe, Minister of Digital, and Orbis Robotics Co., Ltd. staff."
    assert "Digital" not in _orgs(extractor, text)


@pytest.mark.parametrize("text, expected", [
    # Ordinary words only a role's slot names: a portfolio, not an organization.
    ("Jane Doe, Director of Social Impact, said the plan works.", set()),
    ("Jane Doe, Head of Gaming Operations, said the plan works.", set()),
    # One ordinary word a role's slot proposes is a fragment, however often the word recurs.
    ("Acme Realty Group, LLC serves Little Rock, led by Managing Broker Jerry Larkowski, an attorney. "
     "Managing risk is his trade.", {"Acme Realty Group, LLC"}),
    ("Disclosure: The author of the Article owns no shares of Acme Realty Group, LLC. The Article is no advice.",
     {"Acme Realty Group, LLC"}),
    # A coined name in the same slot is one.
    ("Jane Doe, director of CoinW PropTrading, said the plan works.", {"CoinW PropTrading"}),
])
def test_pipeline_a_roles_slot_alone_names_no_common_words(extractor, text, expected):
    pytest.importorskip("english_words")
    assert set(_orgs(extractor, text)) == expected


@pytest.mark.parametrize("text, expected", [
    # A heading's last word glued to a name the text also writes apart: the glued form is no organization.
    ("Eight Decades of Growth and InnovationKestrel Fence Company has served Denver since 1945. "
     "Kestrel Fence Company builds fences.", {"Kestrel Fence Company"}),
    ("Meet the InvestorsZentrobit raised funds this week. Zentrobit is an exchange based in Dubai.", {"Zentrobit"}),
    # A coined name whose parts stand apart elsewhere is one: a short part, or an ordinary word.
    ("BioUtah welcomed members in Utah this week. BioUtah is a trade group.", {"BioUtah"}),
])
def test_pipeline_a_heading_glued_to_a_name_makes_no_organization(extractor, text, expected):
    pytest.importorskip("english_words")
    assert set(_orgs(extractor, text)) == expected


def test_pipeline_headline_words_do_not_make_organizations(extractor):
    text = ("Northwind Analytics Partners with Sora Logistics K.K. to Automate Warehouses\n\n"
            'TORONTO, Jan. 14, 2025 (GLOBE NEWSWIRE) -- Northwind Analytics Corp. ("Northwind") today announced a '
            'partnership with Sora Logistics K.K. ("Sora"). Sato Hiroshi, President of Sora, welcomed the deal.')
    record = extractor.extract(text)
    orgs = {o.name: sorted(o.aliases) for o in record.organizations}
    assert orgs == {"Northwind Analytics Corp.": ["Northwind"], "Sora Logistics K.K.": ["Sora"]}
    assert record.dateline.wire == "GLOBE NEWSWIRE"
    assert [(p.name, p.title, p.organization) for p in record.people] == [
        ("Sato Hiroshi", "President", "Sora Logistics K.K.")]


@pytest.mark.parametrize("name", ["Holdings Inc", "Group Ltd.", "University"])
def test_an_organization_word_alone_is_no_name(name):
    assert is_non_organization(name)


@pytest.mark.parametrize("text, thing", [
    ("Orbis Mining Corp. will develop its copper deposit, Redhill, in Chile. Work at Redhill starts soon.", "Redhill"),
    ("Buyers toured the Vista neighborhood built by Orbis Homes Inc. Vista sold out.", "Vista"),
])
def test_pipeline_names_of_things_are_not_organizations(extractor, text, thing):
    assert thing not in _orgs(extractor, text)


@pytest.mark.parametrize("line", [" ".join(["Alpha", "Beta", "Gamma", "Delta"] * 500), " ".join(["ALPHA"] * 2000)])
def test_long_capitalized_lines_match_in_linear_time(line):
    import time

    started = time.perf_counter()
    for pattern in (ORG_WITH_LEGAL_SUFFIX, ORG_WITH_HEAD, ORG_BY_SERVICE, ORG_BY_APPOSITION, ORG_AFTER_NOUN,
                    ROLE_ORGANIZATION):
        list(pattern.finditer(line))
    assert time.perf_counter() - started < 1.0


@pytest.mark.parametrize("name, following, parts", [
    ("Harlan Price and Merrow Consulting Group", " are acting as advisors",
     ["Harlan Price", "Merrow Consulting Group"]),
    ("Harlan Price and Merrow Consulting Group", " were paid", ["Harlan Price", "Merrow Consulting Group"]),
    ("Harlan Price and Merrow Consulting Group", " is a firm", ["Harlan Price and Merrow Consulting Group"]),
    ("Procter and Gamble", " said", ["Procter and Gamble"]),
])
def test_a_plural_verb_splits_a_name_with_and(name, following, parts):
    assert split_plural_subject(name, following) == parts


@pytest.mark.parametrize("text, expected", [
    ("Brandt Keller served as legal counsel to Orbis.", ["Brandt Keller"]),
    ("Harlan Price and Merrow Group are serving as financial advisors to Orbis.", ["Harlan Price and Merrow Group"]),
    ("Cobb Lane Securities, LLC acted as exclusive placement agent for the offering.", ["Cobb Lane Securities, LLC"]),
    ("The summit, sponsored by Brandt Keller, opens today.", ["Brandt Keller"]),
    ("Jane Doe will serve as Chief Executive Officer.", []),
])
def test_organizations_named_by_the_service_they_give(text, expected):
    assert [m["org"] or m["sponsor"] for m in ORG_BY_SERVICE.finditer(text)] == expected
    # Scanning only the lines with a service word finds the same names.
    assert [m["org"] or m["sponsor"] for m in finditer_on_lines(ORG_BY_SERVICE, text, SERVICE_WORD)] == expected


@pytest.mark.parametrize("text, expected", [
    ("Brandt Keller served as legal counsel to Orbis.", True),
    ("Cobb Lane acted as BOOK-RUNNER.", True),
    ("The summit, Sponsored by Brandt Keller, opens today.", True),
    ("Orbis Robotics raised $5 million from Brandt Keller.", False),
])
def test_only_a_line_with_a_service_word_is_scanned_for_one(text, expected):
    assert bool(SERVICE_WORD.search(text)) is expected


_LINES = ("Orbis Robotics Inc. and Kestrel Holdings Ltd. signed today.\n\nNo name here, only words.\n"
          "The Ministry of Trade and Industry welcomed Alpha Beta Group\nMC Services AGKatja Arnold")


@pytest.mark.parametrize("pattern, needle", [(ORG_WITH_LEGAL_SUFFIX, LEGAL_SUFFIX_WORD), (ORG_WITH_HEAD, ORG_HEAD_WORD),
                                             (ORG_BY_SERVICE, SERVICE_WORD)])
def test_scanning_only_the_lines_with_the_needle_finds_what_the_whole_text_scan_finds(pattern, needle):
    assert [m.span() for m in finditer_on_lines(pattern, _LINES, needle)] == [m.span() for m in pattern.finditer(_LINES)]


_ROLES = ("Orbis Robotics Chairman Jane Doe opened the plant.\nNo title on this line, only Words.\n"
          "Jane Doe, Executive Vice President of Kestrel Holdings, and the chief executive officer at "
          "Alpha Beta Group spoke.\nA creditor of Orbis Robotics and Kestrel's CEO Ann Lee\nVice")


def test_a_title_starts_at_each_word_of_a_title_that_can_open_one():
    assert [_ROLES[s:s + 9] for s in title_starts(_ROLES[:120])] == ["Chairman ", "Executive", "Vice Pres",
                                                                       "President"]


@pytest.mark.parametrize("pattern, scan", [(ROLE_ORGANIZATION, finditer_from), (ORG_BEFORE_ROLE, finditer_on_lines)])
def test_scanning_only_from_the_titles_finds_what_the_whole_text_scan_finds(pattern, scan):
    assert [m.span() for m in scan(pattern, _ROLES, title_starts(_ROLES))] == [
        m.span() for m in pattern.finditer(_ROLES)]
    assert len(list(pattern.finditer(_ROLES))) >= 2


def test_the_lines_scanned_for_names_are_those_with_a_legal_suffix():
    assert [m["name"] for m in finditer_on_lines(ORG_WITH_LEGAL_SUFFIX, _LINES, LEGAL_SUFFIX_WORD)] == [
        "Orbis Robotics Inc.", "Kestrel Holdings Ltd.", "MC Services AG"]


@pytest.mark.parametrize("text, expected", [
    ("Jane Doe, director of Orbis Robotics, said", ["Orbis Robotics"]),
    ("a creditor of Orbis Robotics", []),
])
def test_a_role_organization_needs_a_whole_title_word(text, expected):
    assert [m["org"] for m in ROLE_ORGANIZATION.finditer(text)] == expected


@pytest.mark.parametrize("text, expected, not_expected", [
    # Advisors named like people, and two firms joined by "and" before a plural verb.
    ("Orbis Robotics Inc. agreed to buy Zeta Labs. Harlan Price and Merrow Consulting Group are serving as "
     "financial advisors to Orbis Robotics. Brandt Keller served as legal counsel to Zeta Labs.",
     {"Harlan Price", "Merrow Consulting Group", "Brandt Keller"}, "Harlan Price and Merrow Consulting Group"),
    # Two legal entities sharing a first word stay two organizations.
    ("After the deal, Orbis will operate as two firms: Orbis LLP will provide audits and Orbis Advisory LLC "
     "will provide consulting. Orbis has 3,000 staff.", {"Orbis LLP", "Orbis Advisory LLC"}, None),
    # A university and a unit named after it are two organizations.
    ("A study by the University of Tarland Reyes Policy Institute shows growth. The University of Tarland "
     "hosts the event.", {"University of Tarland", "University of Tarland Reyes Policy Institute"}, None),
    # The words before "and" name an organization on their own elsewhere: two names.
    ("Zentrix, a provider of security software, sold a unit. Cobb Lane Securities, LLC is acting as financial "
     "advisor to Zentrix and Holt & Ames LLP is serving as legal counsel.", {"Zentrix", "Holt & Ames LLP"},
     "Zentrix and Holt & Ames LLP"),
    ("Holt & Ames LLP and Vance Ruiz P.C. are serving as legal advisors to Orbis Robotics Inc.",
     {"Holt & Ames LLP", "Vance Ruiz P.C."}, None),
])
def test_pipeline_advisors_and_legal_entities(extractor, text, expected, not_expected):
    found = extractor.extract(text)
    names = {o.name for o in found.organizations}
    assert expected <= names
    assert not_expected not in names
    assert not expected & {p.name for p in found.people}


@pytest.mark.parametrize("text, expected", [
    ("a deal with fintech startup Quantivo last week", ["Quantivo"]),
    ("the Italian company Veltrino, which makes notebooks", ["Veltrino"]),
    ("the company reported growth", []),
])
def test_a_name_after_a_word_for_a_company(text, expected):
    assert [m["org"] for m in ORG_AFTER_NOUN.finditer(text)] == expected


@pytest.mark.parametrize("text, expected", [
    (", Chief Strategy Officer, Quantivo, which makes games", "Quantivo"),
    (", Chief Strategy Officer, said", None),
])
def test_an_organization_set_off_by_commas_after_a_title(text, expected):
    found = ORG_AFTER_TITLE_COMMA.match(text)
    assert (found["org"] if found else None) == expected


@pytest.mark.parametrize("text, name, expected", [
    ("Jane Okafor, Global Head of Retail Channels for Veltrino, said", "Retail Channels", True),
    ("Jane Okafor, Vice President of Brands at Veltrino, said", "Brands", True),
    ("Jane Okafor, Chief Executive Officer of Veltrino, said", "Veltrino", False),
])
def test_in_portfolio_slot(text, name, expected):
    start = text.index(name)
    assert in_portfolio_slot(text, start, start + len(name)) is expected


def test_pipeline_role_organizations_the_model_misreads(extractor):
    text = ("According to Jane Okafor, Global Head of Hospitality & Lifestyle Channels for Italian company Veltrino, "
            "the city is dynamic. Marco Bassi, Chief Strategy Officer, Quantivo, which has developed a game, agreed.")
    record = extractor.extract(text)
    names = {o.name for o in record.organizations}
    assert "Quantivo" in names and "Hospitality & Lifestyle Channels" not in names
    assert {p.name: p.organization for p in record.people}["Marco Bassi"] == "Quantivo"


def test_pipeline_a_company_named_in_common_words_recurs(extractor):
    text = ("Paper Lanterns celebrates 20 years. Since 2005, Paper Lanterns has sold ten million lanterns. "
            '"We are proud," said Mia Lund, Head of Marketing at Paper Lanterns. Paper Lanterns plans a new line.')
    assert "Paper Lanterns" in {o.name for o in extractor.extract(text).organizations}


@pytest.mark.parametrize("text, not_an_org", [
    ("Orbis Robotics Inc. unveiled GLIDEX™, a line of robot arms. GLIDEX™ ships in May.", "GLIDEX"),
    ("Orbis Robotics Inc. earned the title of PayTech of the Year at the 2024 Finance Awards.", "PayTech"),
    ("Orbis Robotics Inc. sells the SDR-OMNI tester and the GLIDEX-9 arm.", "SDR"),
    ("Orbis Robotics Inc. is an SEC-Registered Investment Advisory firm based in Ohio.",
     "SEC-Registered Investment Advisory"),
])
def test_pipeline_products_awards_and_kinds_of_firm(extractor, text, not_an_org):
    assert not_an_org not in {o.name for o in extractor.extract(text).organizations}


@pytest.mark.parametrize("text, expected", [
    ("Invest Tarland (InvestTL), the state's investment promotion agency, said", ["Invest Tarland"]),
    ("Quantivo, a leading provider of payroll software, today announced", ["Quantivo"]),
    ("Founded a century ago in the Midwest, the firm has grown", []),
    ("Jane Doe, the company's founder, said", []),
    ("Jane Doe, a company veteran, said", []),
])
def test_a_name_in_apposition_to_a_word_for_an_organization(text, expected):
    assert [m["org"] for m in ORG_BY_APPOSITION.finditer(text)] == expected


def test_pipeline_a_bulleted_line_is_no_heading(extractor):
    text = ("Highlights of the episode:\n\n* Jane Okafor's proposed Northern Growth Bank and Canada's new pledge\n"
            "* Trade talks with Ruritania\n\nThe hosts discussed the news.")
    assert "Northern Growth Bank" in {o.name for o in extractor.extract(text).organizations}


def test_pipeline_a_date_after_a_word_for_a_company_is_no_name(extractor):
    names = {o.name for o in extractor.extract("The bank Tuesday said profits rose. Orbis Bank grew.").organizations}
    assert "Tuesday" not in names


@pytest.mark.parametrize("text, expected", [
    ("viewers of Tampa's FOX 13 and listeners of 104.7 WXKB every week", ["FOX 13", "104.7 WXKB"]),
    ("on NBC 4 at noon and 98.7 FM KLOS", ["NBC 4", "98.7 FM KLOS"]),
    ("GPT 4 and ISO 9001 and $12.5 WXYZ and 25 KFC", []),
])
def test_broadcasters_named_with_channel_or_frequency(text, expected):
    assert [m["name"] for m in ORG_BROADCASTER.finditer(text)] == expected


@pytest.mark.parametrize("text, name, kept", [
    ("A study in The Lancet found that Orbis Media Inc. helped.", "Lancet", True),
])
def test_pipeline_one_ordinary_word_capitalized_once(extractor, text, name, kept):
    assert (name in {o.name for o in extractor.extract(text).organizations}) is kept


@pytest.mark.parametrize("text, expected, not_expected", [
    # A company named after a city keeps its name; a state or country with a legal word is where a
    # company is incorporated.
    ("Zeta Corp. paid €5 million for Orion Ltd.", {"Zeta Corp.", "Orion Ltd."}, set()),
    ("Phoenix Inc. and Victoria Ltd. signed a supply deal.", {"Phoenix Inc.", "Victoria Ltd."}, set()),
    ("Orbis Robotics Inc., a Nevada Corporation, filed its report.", {"Orbis Robotics Inc."},
     {"Nevada Corporation"}),
    ("Jakarta-based Lintas Group raised Rp 5 trillion.", {"Lintas Group"}, {"Jakarta-based Lintas Group"}),
    ("Harlan & Harlan reported sales of $20 billion.", {"Harlan & Harlan"}, set()),
    ("Vesper & Co. raised $5 million.", {"Vesper & Co."}, set()),
    # One paragraph ending in a quotation is prose, not a headline.
    ('"We are thrilled," said Mia Lorne, co-founder of Tallis Labs Pte. Ltd. "This is a milestone."',
     {"Tallis Labs Pte. Ltd."}, set()),
])
def test_pipeline_companies_named_after_places(extractor, text, expected, not_expected):
    names = set(_orgs(extractor, text))
    assert expected <= names
    assert not names & not_expected


def test_pipeline_a_web_address_to_visit_is_no_organization(extractor):
    """A company named by its domain is one; the same shape after 'visit' or 'website at' is a link."""
    text = ("Pet owners book sitters through Rover.com, the marketplace said on Monday. Rover.com "
            "now lists 2,000 sitters in Harbor City.\n\nTo learn more, visit Orbis.com or the "
            "website at Zeta.org.\n")
    assert set(_orgs(extractor, text)) == {"Rover.com"}


def test_pipeline_a_contact_line_is_not_a_heading(extractor):
    """The firm after the contact's name counts, though the line is in title case like a heading."""
    text = ("Orbis Robotics Inc. opened a plant in Harbor City on Monday.\n\n"
            "ContactShaila Carney Counterflow Marketing Email Us Here\nVisit us on social media\n")
    assert set(_orgs(extractor, text)) == {"Orbis Robotics Inc.", "Counterflow Marketing"}


def test_a_mention_inside_a_longer_name_found_elsewhere_is_that_name_cut_short():
    from types import SimpleNamespace

    from extractor.components.organization_checks import a_fragment_of_a_longer_name

    text = ("Kestrel Valley Recycling Services Ltd. collects waste. Founded in 1990, Kestrel Valley Recycling "
            "Services Ltd. grew. Recycling Services Ltd. is also a firm of its own in Leeds.")
    long_name, short_name = "Kestrel Valley Recycling Services Ltd.", "Recycling Services Ltd."
    second = text.index(long_name, 1)
    mentions = [(0, len(long_name), long_name),
                (second + 15, second + len(long_name), short_name),  # the model's cut of the second mention
                (text.rindex(short_name), text.rindex(short_name) + len(short_name), short_name)]
    assert a_fragment_of_a_longer_name(mentions, SimpleNamespace(text=text), []) == {1}


@pytest.mark.parametrize("name, expected", [
    ("Mara Quint & The Kestrel Institute", "The Kestrel Institute"),
    ("Mara Quint of Kestrel Valley Advisors", "Kestrel Valley Advisors"),
    ("Mara QuintKestrel Advisory, Inc", "Kestrel Advisory, Inc"),  # a contact's next line glued on
    ("Mara Quint Furniture", "Mara Quint Furniture"),  # a firm named after its founder
    ("Mara Quint & Sons", "Mara Quint & Sons"),
    ("Mara Quint and Partners LLP", "Mara Quint and Partners LLP"),
    ("Mara Quint & Olek Brandt", "Mara Quint & Olek Brandt"),  # two people
    ("Quint & Co.", "Quint & Co."),  # the surname alone is no full name
])
def test_a_person_named_before_an_organization_is_cut_off(name, expected):
    from extractor.names import strip_leading_person

    pytest.importorskip("english_words")  # "Sons" is an ordinary word

    assert strip_leading_person(name, {"Mara Quint", "Olek Brandt", "Quint"}) == expected


@pytest.mark.parametrize("text, person, expected", [
    ("The panel featured Mara Quint (Zentrobit) and others.", "Mara Quint", ["Zentrobit"]),
    ("Judges:\n* Mara Quint, Kestrel Medialab\n* Olek Brandt, Orbis", "Mara Quint", ["Kestrel Medialab"]),
    ("Judges:\n* Mara Quint, Gospel Recording Artist\n", "Mara Quint", []),  # what she is, in ordinary words
    ("Judges:\n* Mara Quint, Zentrobit, Judging Committee Chair\n", "Mara Quint", ["Zentrobit"]),
    ("Judges:\n* Mara Quint, President & CEO\n", "Mara Quint", []),
    ('"We grew," said Mara Quint, Zentrobit\n', "Mara Quint", []),  # a sentence's end, not a list line
    ("Led by Mara Quint (CSO) and Olek Brandt.", "Mara Quint", []),  # an acronym in parentheses: a title
    ("Julio (Julito) Varela spoke.", "Julio", []),  # a nickname inside the name
])
def test_the_firm_a_person_is_with(text, person, expected):
    pytest.importorskip("english_words")
    from extractor.components.organization_sources import affiliations

    start = text.index(person)
    assert [text[s:e] for s, e in affiliations(text, [(start, start + len(person))])] == expected


@pytest.mark.parametrize("text, expected", [
    ("Zentrobit Appoints Capital Markets Specialist Mara Quint to Board", []),  # a headline's verb
    ("Zentrobit Capital Markets Specialist Mara Quint spoke.", ["Zentrobit Capital Markets"]),
])
def test_a_headline_verb_before_a_role_is_no_organization(text, expected):
    from extractor.components.organization_sources import _role_spans

    person = (text.index("Mara"), text.index("Mara") + len("Mara Quint"))
    assert [text[s:e] for s, e in _role_spans(text, [person], [], [])] == expected


@pytest.mark.parametrize("text, names, expected", [
    # the text writes the words in lower case too: a phrase capitalized in a list
    ("Orbis Robotics Inc. adds Risk Management tools. Good risk management saves money.",
     ["Orbis Robotics Inc.", "Risk Management"], ["Orbis Robotics Inc."]),
    # a name of common words the text never writes in lower case
    ("Orbis Robotics Inc. hired Flexible Solutions. Flexible Solutions builds robots.",
     ["Orbis Robotics Inc.", "Flexible Solutions"], ["Orbis Robotics Inc.", "Flexible Solutions"]),
])
def test_common_words_the_text_writes_in_lower_case_are_no_organization(text, names, expected):
    record = extract_tagged(text, [tagged(text, name, "ORG") for name in names])
    assert [o.name for o in record.organizations] == expected


@pytest.mark.parametrize("text, places, expected", [
    # the list's last item ends with its sentence; the model's place tag does not outweigh the list
    ("It trains staff at companies like Zentrobit, Nordvale, Pelorus, and Quintara. The Orbis team grew.",
     ["Nordvale"], {"Zentrobit", "Nordvale", "Pelorus", "Quintara"}),
    # a place the gazetteer knows stays a place
    ("It trains staff at companies like Zentrobit, Pelorus, and Quintara in Ohio, Texas, and Japan.",
     [], {"Zentrobit", "Pelorus", "Quintara"}),
])
def test_items_of_a_list_of_organizations_are_organizations(text, places, expected):
    entities = [tagged(text, name, "ORG") for name in ("Zentrobit", "Pelorus")]
    record = extract_tagged(text, entities + [tagged(text, name, "GPE") for name in places])
    assert {o.name for o in record.organizations} == expected


@pytest.mark.parametrize("name, parts", [
    # two names run together, a name and its country, a name and its address
    ("Office of Economic Opportunity, SPARC Health", ["Office of Economic Opportunity", "SPARC Health"]),
    ("University of Salamanca, Spain", ["University of Salamanca"]),
    ("University of Rome, Rome, Italy", ["University of Rome"]),
    # one name: a campus, a series with "&" or "and", a legal suffix, a post-nominal, lower-case words
    ("University of California, Berkeley", ["University of California, Berkeley"]),
    ("Skadden, Arps, Slate, Meagher & Flom", ["Skadden, Arps, Slate, Meagher & Flom"]),
    ("Ministry of Agriculture, Forestry and Fisheries", ["Ministry of Agriculture, Forestry and Fisheries"]),
    ("Orbis Robotics, Inc.", ["Orbis Robotics, Inc."]),
    ("Law Offices of Mara Quint, Esq.", ["Law Offices of Mara Quint, Esq."]),
    ("Orbis, the robot maker", ["Orbis, the robot maker"]),
])
def test_a_name_with_commas_is_split_where_it_joins_two(name, parts):
    from extractor.components.organization_sources import _split_at_commas

    text = f"We met {name} today."
    start = text.index(name)
    assert [text[s:e] for s, e in _split_at_commas(text, (start, start + len(name)))] == parts


@pytest.mark.parametrize("text, expected", [
    ("Its FDA-cleared device and Nasdaq-listed shares drew UNESCO-recognized partners.", ["FDA", "Nasdaq", "UNESCO"]),
    # a standard, a certification and a dictionary word grant nothing
    ("Its IFRS-compliant books, ASE-certified staff and Health-funded clinics grew.", []),
])
def test_a_regulator_is_named_by_what_it_grants(text, expected):
    from extractor.components.organization_sources import rule_spans

    assert [text[s:e] for s, e in rule_spans(text, [])] == expected


@pytest.mark.parametrize("text, name, label", [
    # the model's name ends where the legal-suffix rule's does: the words before it are a glued contact's
    ("About Harbor Lights Foundation: it serves children in Ohio.\n\n"
     "ContactMara Quint Harbor Lights Foundation Inc Email Us Here\n", "Harbor Lights Foundation Inc", "ORG"),
    # the model's person starts the rule's name
    ("Delegates met Mara Quint Harbor Lights Foundation Inc staff. Harbor Lights Foundation grew.",
     "Mara Quint", "PERSON"),
])
def test_a_legal_name_does_not_run_over_a_person_before_it(text, name, label):
    record = extract_tagged(text, [tagged(text, name, label)])
    assert [(o.name, o.aliases) for o in record.organizations] == [
        ("Harbor Lights Foundation Inc", ["Harbor Lights Foundation"])]
    assert [p.name for p in record.people] == ["Mara Quint"]


def test_a_roles_organization_is_kept_where_the_model_mostly_reads_the_word_as_a_person():
    text = ("Zentrobit Opens Plant\n\nZentrobit said the plant opens in May. Zentrobit will hire 40 people, "
            "said Mara Quint, co-founder and CEO of Zentrobit.")
    starts = [i for i in range(len(text)) if text.startswith("Zentrobit", i)]
    entities = [(s, s + 9, "PERSON") for s in starts[:3]] + [(starts[3], starts[3] + 9, "ORG"),
                                                            tagged(text, "Mara Quint", "PERSON")]
    record = extract_tagged(text, sorted(entities))
    assert [o.name for o in record.organizations] == ["Zentrobit"]
    assert [(p.name, p.organization) for p in record.people] == [("Mara Quint", "Zentrobit")]


@pytest.mark.parametrize("text, expected", [
    ("Students at Roy W. Brown Middle School met the Calderon Law Firm team.",
     ["Roy W. Brown Middle School", "Calderon Law Firm"]),
    ("Doctors at Harbor Cancer Center met staff of the Harbor Convention Center.", ["Harbor Cancer Center"]),
    # a university's campus after "at", but not a title's words after it
    ("She studied at the University of Orbis at Harbor City in May.", ["University of Orbis at Harbor City"]),
    ("University of Orbis at Harbor City Professor Jane Doe spoke.", ["University of Orbis"]),
])
def test_names_ending_in_an_organization_word(text, expected):
    from extractor.components.organization_sources import rule_spans

    assert [text[s:e] for s, e in rule_spans(text, [])] == expected
