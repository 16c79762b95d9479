"""People: name cleaning, alias merging and titles; pure functions first, then the pipeline."""
from __future__ import annotations

import pytest

from extractor.components.person_checks import end_before_headline_verbs
from extractor.names import (
    PERSON_BY_ROLE,
    clean_person_name,
    find_title,
    is_plausible_person_name,
    merge_person_aliases,
    person_after_title,
    within_one_edit,
)
from tests.tagged import extract_tagged, tagged


@pytest.mark.parametrize("text, expected", [
    ("Mr. Daniel Okafor", "Daniel Okafor"),
    ("Dr Amelia Stone's", "Amelia Stone"),
    ("Dato' Sri Lim Kok Wing", "Lim Kok Wing"),
    ("Tan Sri Azlan Hashim", "Azlan Hashim"),
    ("H.E. Maria Santos", "Maria Santos"),
    ("Assoc. Prof. Tran Thi Mai", "Tran Thi Mai"),
    ("Shri Anil Kapoor", "Anil Kapoor"),
    ("Deputy Mayor Chen Wei-lun", "Chen Wei-lun"),
    ("CEO Jane Doe", "Jane Doe"),
])
def test_clean_person_name_drops_honorifics_and_titles(text, expected):
    assert clean_person_name(text) == expected


@pytest.mark.parametrize("name, plausible", [
    ("Nguyen Van Thanh", True),
    ("Ludwig van Beethoven", True),
    ("Aoife O'Brien", True),
    ("Ronan McAllister", True),
    ("Acme Newswire - 4", False),
    ("#GreenFuture", False),
    ("jane.doe@example.com", False),
    ("Harbor Drive", False),
    ("Nimbus Labs", False),
    ("ZYNTRAX Twitter", False),
    ("HexaBrand", False),
    ("lowercase words", False),
    # A nickname between the names is part of the name; a list of two people is no name.
    ("John M. “Jack” Keane", True),
    ('Ronald "Chip" Herrington', True),
    ("Julio (Julito) Ricardo Varela", True),
    ("“Jack” Keane", False),
    ("Javier Baez, Juan Nieves", False),
    ("Martin Luther King, Jr.", True),
    # a surname set in capitals, as Hong Kong and Chinese releases write it
    ("John CHAN Cho-Chak", True),
    ("CHOI Yuk-Lin", True),
    ("WANG Tao", True),
    ("ZYNTRAX Orbis", False),  # a word in capitals longer than a surname: shouting
    # a school, a production company, a publication, a product line or a family is no person
    ("Roy W. Brown Middle School", False),
    ("Ruiz Productions", False),
    ("Ralph Lauren Collection", False),
    ("Jose Feliciano Family", False),
])
def test_person_name_shape(name, plausible):
    assert is_plausible_person_name(name) is plausible


def _merged(mentions):
    return [(g.name, sorted(g.aliases), g.mentions) for g in merge_person_aliases([(m, m) for m in mentions])]


@pytest.mark.parametrize("mentions, expected", [
    # Surname and given name join the one full name that starts or ends with them.
    (["Maya Patel", "Patel", "Maya"], [("Maya Patel", ["Maya", "Patel"], 3)]),
    # Family name first: "Chen" is the first word of "Chen Wei-lun".
    (["Chen Wei-lun", "Chen"], [("Chen Wei-lun", ["Chen"], 2)]),
    (["Nguyen Van Thanh", "Nguyen"], [("Nguyen Van Thanh", ["Nguyen"], 2)]),
    # A middle initial: the shorter full form is an alias.
    (["John Park", "John Q. Park"], [("John Q. Park", ["John Park"], 2)]),
    # A lone word that fits no full name is dropped; one that fits two is ambiguous and dropped.
    (["Lumina"], []),
    (["Ana Lee", "Ben Lee", "Lee"], [("Ana Lee", [], 1), ("Ben Lee", [], 1)]),
    # The nickname and surname are the name a person with a nickname goes by.
    (['Andrew W. "Andy" Bey', "Andy Bey", "Bey"], [('Andrew W. "Andy" Bey', ["Andy Bey", "Bey"], 3)]),
    (["John M. “Jack” Keane", "John Keane"], [("John M. “Jack” Keane", ["John Keane"], 2)]),
])
def test_merge_person_aliases(mentions, expected):
    assert _merged(mentions) == expected


def test_pipeline_a_speaking_surname_is_a_person_not_an_organization(extractor):
    text = ('Ms. Priya Menon, head of rail systems at Orbis Rail Ltd., joined. "We are proud," said Menon. '
            "Menon added that deliveries begin in May.")
    record = extractor.extract(text)
    assert "Menon" not in {o.name for o in record.organizations}
    assert [p.name for p in record.people] == ["Priya Menon"]


def test_pipeline_keeps_a_surname_the_model_also_tags_org(extractor):
    text = ("Led by State Executive Councillor Tan Boon Huat, a delegation visited Osaka. Tan said the trip went "
            "well. Mr. Tan added that orders would follow.")
    people = extractor.extract(text).people
    assert [(p.name, p.title) for p in people] == [("Tan Boon Huat", "State Executive Councillor")]
    assert "Mr. Tan" in people[0].aliases


def test_merge_keeps_the_written_form_with_honorific_as_alias():
    groups = merge_person_aliases([("Chen Wei-lun", "Chen Wei-lun"), ("Mr. Chen", "Chen")])
    assert [(g.name, g.aliases, g.mentions) for g in groups] == [("Chen Wei-lun", ["Mr. Chen"], 2)]


def _span(text, name):
    start = text.index(name)
    return start, start + len(name)


ORGS_ROLES = [
    ("Maya Patel, Chief Executive Officer of Orbis Robotics Co., Ltd., said", "Maya Patel",
     "Chief Executive Officer", "Orbis Robotics Co., Ltd."),
    ("said Ravi Nair, founder and CEO of Orbis Robotics Co., Ltd.", "Ravi Nair",
     "founder and CEO", "Orbis Robotics Co., Ltd."),
    ("Headed by Deputy Mayor Chen Wei-lun, the delegation", "Chen Wei-lun", "Deputy Mayor", None),
    ("Orbis Robotics Co., Ltd.'s CEO Lena Fischer said", "Lena Fischer", "CEO", "Orbis Robotics Co., Ltd."),
    ("Lena Fischer, Orbis Robotics Co., Ltd.'s CEO, said", "Lena Fischer", "CEO", "Orbis Robotics Co., Ltd."),
    ("Sato Kenta, director-general of the Harbor Development Bureau, said", "Sato Kenta",
     "director-general", "Harbor Development Bureau"),
    ("Omar Haddad, Chief Intellectual Property Officer at Orbis Robotics Co., Ltd., said", "Omar Haddad",
     "Chief Intellectual Property Officer", "Orbis Robotics Co., Ltd."),
    ("Omar Haddad, VP of Brands at Orbis Robotics Co., Ltd., said", "Omar Haddad", "VP of Brands",
     "Orbis Robotics Co., Ltd."),
    ("Omar Haddad, Global Head of Retail Channels for Orbis Robotics Co., Ltd., said", "Omar Haddad",
     "Global Head of Retail Channels", "Orbis Robotics Co., Ltd."),
    ("Omar Haddad, Global Head of Retail Channels for Italian company Veltrino, said", "Omar Haddad",
     "Global Head of Retail Channels", None),
    ("Omar Haddad, Chairman of Zeta Holdings subsidiary Orbis Robotics Co., Ltd., said", "Omar Haddad",
     "Chairman", "Orbis Robotics Co., Ltd."),
    ("Omar Haddad said the plan works.", "Omar Haddad", None, None),
    ("Contact: Omar Haddad, Investor Relations, Zeta Holdings", "Omar Haddad", None, None),
    ("announced the appointment of Lena Fischer as Chief Financial Officer, effective", "Lena Fischer",
     "Chief Financial Officer", None),
    ("Lena Fischer has been named President of Zeta Holdings.", "Lena Fischer", "President", "Zeta Holdings"),
    ("Mr. Omar Haddad, General Director of Zeta Holdings, said", "Omar Haddad", "General Director", "Zeta Holdings"),
    ("Mr. Omar Haddad, Chief Sales Officer of Orbis Robotics Co., Ltd., said", "Omar Haddad",
     "Chief Sales Officer", "Orbis Robotics Co., Ltd."),
    ("said Orbis Robotics Co., Ltd. Chief Executive Lena Fischer.", "Lena Fischer", "Chief Executive",
     "Orbis Robotics Co., Ltd."),
    ("said Omar Haddad, Executive Councillor for Trade and Industry of the Harbor Development Bureau.",
     "Omar Haddad", "Executive Councillor for Trade and Industry", "Harbor Development Bureau"),
    ("issued to Lena Fischer (Chairman, Zeta Holdings) as", "Lena Fischer", "Chairman", "Zeta Holdings"),
    ("visual identity creative director Lena Fischer, Zeta Holdings Chairman Omar Haddad, and", "Lena Fischer",
     "creative director", None),
    ("Lena Fischer is the President & CEO of Zeta Holdings, publisher of", "Lena Fischer", "President & CEO",
     "Zeta Holdings"),
    ("Omar Haddad, who serves as its founder, said", "Omar Haddad", "founder", None),
    ("Lena Fischer is a leading voice in robotics.", "Lena Fischer", None, None),
    ("said Omar Haddad, Ph.D., M.P.H., Professor of Robotics at Zeta Holdings.", "Omar Haddad",
     "Professor of Robotics", "Zeta Holdings"),
    ("from executive chef Lena Fischer and", "Lena Fischer", "executive chef", None),
    ("Lena Fischer, the visionary CEO and founder of Zeta Holdings, said", "Lena Fischer", "CEO and founder",
     "Zeta Holdings"),
    ("Omar Haddad, a seasoned and respected CEO, said", "Omar Haddad", None, None),
    ("Omar Haddad, former Chairman and CEO of Zeta Holdings, joined", "Omar Haddad", "former Chairman and CEO",
     "Zeta Holdings"),
    # What the person is, then "and" and the title.
    ("said Omar Haddad, a robotics expert and founder of Zeta Holdings, today", "Omar Haddad", "founder",
     "Zeta Holdings"),
    ("Omar Haddad is a real estate professional and co-founder of Zeta Holdings.", "Omar Haddad", "co-founder",
     "Zeta Holdings"),
    # Post-nominals of any two to six capitals, and a service's retirement, before the title.
    ("said Omar Haddad, USMC (Retired), President and CEO of Zeta Holdings.", "Omar Haddad", "President and CEO",
     "Zeta Holdings"),
    ("said Lena Fischer, CFA, CAIA, Head of Research at Zeta Holdings.", "Lena Fischer", "Head of Research",
     "Zeta Holdings"),
    ("Omar Haddad, CEO, Zeta Holdings, said", "Omar Haddad", "CEO", "Zeta Holdings"),
    # A dash for the comma; a department's or region's words leading the title.
    ("Lena Fischer – Director of Sales at Zeta Holdings, said", "Lena Fischer", "Director of Sales", "Zeta Holdings"),
    ("said Lena Fischer, Global Brand Director at Zeta Holdings.", "Lena Fischer", "Global Brand Director",
     "Zeta Holdings"),
    ("said Lena Fischer, Senior Creative Services Manager, on Monday", "Lena Fischer",
     "Senior Creative Services Manager", None),
    ("Lena Fischer, New York, said", "Lena Fischer", None, None),
    ("said Lena Fischer, Zeta Holdings’s AI and Automation Practice Director.", "Lena Fischer",
     "AI and Automation Practice Director", "Zeta Holdings"),
    # No comma between the name and the title: only with the organization after "of" or "at".
    ("“We grew,” says Omar Haddad chairman of Zeta Holdings. “We", "Omar Haddad", "chairman", "Zeta Holdings"),
    ("“We grew,” says Omar Haddad chairman. “We", "Omar Haddad", None, None),
    # A title starts at a word: "ahead of" holds no "head of".
    ("The plan runs ahead of the Harbor Summit, Omar Haddad said.", "Omar Haddad", None, None),
    # A list of members, organization first: "Name, Organization, Title".
    ("* Omar Haddad, Zeta Holdings, Vice President\n* Lena Fischer, Harbor Development Bureau, Treasurer",
     "Lena Fischer", "Treasurer", "Harbor Development Bureau"),
    # Joining, serving or named "as" a title, a department's words leading it; whom one joins comes between.
    ("Zeta Holdings Appoints Lena Fischer as Field Chief Technology Officer", "Lena Fischer",
     "Field Chief Technology Officer", "Zeta Holdings"),
    ("Lena Fischer Joins Zeta Holdings as a Wealth Advisor", "Lena Fischer", "Wealth Advisor", None),
    ("Lena Fischer has joined the organization as Area Manager for the West.", "Lena Fischer", "Area Manager", None),
    ("Omar Haddad joins Zeta Holdings as Chief Executive Officer.", "Omar Haddad", "Chief Executive Officer", None),
    # a title set off by commas before the name: a portfolio after "for", an organization after "of"
    ("Speaking first, the Under Secretary for Security, Sato Kenta, said", "Sato Kenta",
     "Under Secretary for Security", None),
    ("The Director General of the Harbor Development Bureau, Maya Patel, said", "Maya Patel", "Director General",
     "Harbor Development Bureau"),
    # a contact's title after a comma, the next line glued on
    ("Investor Relations Contact:Omar Haddad, CEOZeta HoldingsEmail: oh@zeta.example", "Omar Haddad", "CEO",
     "Zeta Holdings"),
]


@pytest.mark.parametrize("text, name, title, organization", ORGS_ROLES)
def test_find_title_before_and_after_the_name(text, name, title, organization):
    org_spans = []
    for org in ("Orbis Robotics Co., Ltd.", "Harbor Development Bureau", "Zeta Holdings"):
        if org in text:
            org_spans.append((org, _span(text, org)))
    role = find_title(text, *_span(text, name), org_spans)
    if title is None:
        assert role is None
    else:
        assert (role.title, role.organization) == (title, organization)


def test_pipeline_a_title_of_known_words_wins_over_a_guessed_department(extractor):
    text = ("Harbor Labs Names Lena Fischer as Exec Director\n\nHarbor Labs said on Monday that it had named "
            "Lena Fischer as its Executive Director. Fischer starts in May.")
    assert [(p.name, p.title) for p in extractor.extract(text).people] == [("Lena Fischer", "Executive Director")]


PIPELINE = [
    ("Orbis Robotics Co., Ltd. said on Monday that Maya Patel, Chief Executive Officer of Orbis Robotics "
     "Co., Ltd., will lead the project. Patel said the plant opens in May.",
     {"name": "Maya Patel", "title": "Chief Executive Officer", "organization": "Orbis Robotics Co., Ltd."}),
    ("The delegation was headed by Deputy Mayor Chen Wei-lun of Harbor City. Deputy Mayor Chen said "
     "the visit was a success.",
     {"name": "Chen Wei-lun", "title": "Deputy Mayor"}),
    # "the company's" before a title: the title is hers, the organization unnamed there.
    ("Revenue grew 8%, said Maya Patel, the company's Chief Financial Officer.",
     {"name": "Maya Patel", "title": "Chief Financial Officer"}),
    ("Orbis Ltd. said Rahul Menon has joined as Chief Technology Officer.",
     {"name": "Rahul Menon", "title": "Chief Technology Officer"}),
    # An appointment names a person, whatever label the model gives the name.
    ("Orbis Limited appointed Salil Parekh as Chief Executive Officer and Managing Director.",
     {"name": "Salil Parekh", "title": "Chief Executive Officer and Managing Director"}),
    # A title written as its acronym at one mention and in words at another: the words.
    ("“We grew,” said Maya Patel, CEO of Orbis Robotics Co., Ltd.\n\nMedia contact:\nMaya Patel\n"
     "Chief Executive Officer\nmaya@orbis.example\n",
     {"name": "Maya Patel", "title": "Chief Executive Officer", "organization": "Orbis Robotics Co., Ltd."}),
]


@pytest.mark.parametrize("text, expected", PIPELINE)
def test_pipeline_people(extractor, text, expected):
    people = {p.name: p for p in extractor.extract(text).people}
    assert expected["name"] in people
    person = people[expected["name"]]
    for key, value in expected.items():
        assert getattr(person, key) == value


@pytest.mark.parametrize("text, not_a_person", [
    ("Visitors toured Kumamoto and the Harbor Bay Arena before meeting Maya Patel.", "Kumamoto"),
    ("Follow us at #NimbusLife or write to info@nimbus.example for details, Maya Patel said.", "#NimbusLife"),
])
def test_pipeline_drops_places_hashtags_and_handles(extractor, text, not_a_person):
    names = {n for p in extractor.extract(text).people for n in (p.name, *p.aliases)}
    assert not_a_person not in names


@pytest.mark.parametrize("name, phrase", [
    ("Temporary Tattoos", True),
    ("Exclusive Privately", True),
    ("Bill Gates", False),   # a given name the word list knows
    ("Amber Lee", False),    # no plural or adverb
    ("Rose Arguin", False),  # not a common word
])
def test_reads_as_phrase_not_name(name, phrase):
    pytest.importorskip("english_words")
    from extractor.wordlist import reads_as_phrase_not_name

    assert reads_as_phrase_not_name(name) is phrase


PRESS_RELEASE_PEOPLE = [
    ("The pact was signed in the presence of Hon. Minister of Railways Shri Vikram Joshi and rail officials.",
     "Vikram Joshi", "Minister of Railways", "Shri Vikram Joshi"),
    ("KUALA LUMPUR, MALAYSIA - Media OutReach Newswire - 12 May 2025 - Harbor Digital Corporation (HDC) signed "
     "the deal. Datuk Wira Rahman Ismail, Chief Executive Officer of HDC, said the plan would train 500 people.",
     "Rahman Ismail", "Chief Executive Officer", "Datuk Wira Rahman Ismail"),
    ("The pact was witnessed by YB Gobind Singh Deo, Minister of Digital, at the Harbor Centre.",
     "Gobind Singh Deo", "Minister", "YB Gobind Singh Deo"),
]


@pytest.mark.parametrize("text, name, title, alias", PRESS_RELEASE_PEOPLE)
def test_pipeline_reads_honorifics_the_model_splits(extractor, text, name, title, alias):
    record = extractor.extract(text)
    people = {p.name: p for p in record.people}
    assert name in people and people[name].title == title and alias in people[name].aliases
    assert not any(o.name.startswith(("YB ", "Datuk ")) for o in record.organizations)


@pytest.mark.parametrize("text, name", [
    ("Orbis Robotics Co., Ltd. opened a plant.\n\nContactMaya Patel Orbis Robotics Email Us Here", "Maya Patel"),
    ("Orbis Robotics Co., Ltd. opened a plant.\n\nMedia Contact: Ravi Nair\nravi@orbis.example", "Ravi Nair"),
])
def test_pipeline_finds_contact_names_even_glued_to_their_heading(extractor, text, name):
    assert name in {p.name for p in extractor.extract(text).people}


@pytest.mark.parametrize("a, b, close", [
    ("rodrigues", "rodriguez", True),
    ("menon", "mennon", True),
    ("alvarez", "alvares", True),
    ("menon", "memon", True),
    ("herrera", "hererra", True),
    ("menon", "nair", False),
    ("gomez", "zemog", False),
])
def test_within_one_edit(a, b, close):
    assert within_one_edit(a, b) is close


def test_pipeline_a_misspelled_speaking_surname_is_no_organization(extractor):
    text = ('Telmark Inc. named Daniel Herrera its chief executive. "We had a strong first half," said Daniel '
            'Herrera, CEO. "We have significant opportunities for the business at the moment," added Hererra.')
    record = extractor.extract(text)
    assert "Hererra" not in {o.name for o in record.organizations}


@pytest.mark.parametrize("mentions, expected", [
    ([("President Okoro", "Okoro"), ("Okoro", "Okoro")], [("Okoro", ["President Okoro"], 2)]),
    ([("Mr. Okoro", "Okoro")], []),
    ([("Ada Okoro", "Ada Okoro"), ("President Okoro", "Okoro")], [("Ada Okoro", ["President Okoro"], 2)]),
])
def test_a_titled_single_name_is_a_person(mentions, expected):
    groups = merge_person_aliases(mentions)
    assert [(g.name, g.aliases, g.mentions) for g in groups] == expected


@pytest.mark.parametrize("text, name", [
    ('"We grew," said Dean Okafor, CEO of Orbis Robotics Inc.', "Dean Okafor"),
    ("Media Contact:Ruth Abara[https://orbis.example/](https://orbis.example/) Orbis Robotics Inc.", "Ruth Abara"),
])
def test_pipeline_names_next_to_titles_and_links(extractor, text, name):
    assert name in [p.name for p in extractor.extract(text).people]


@pytest.mark.parametrize("text, expected", [
    ("the firm now advises former Bulldog and NFL player Brock Hale, a tight end", "Brock Hale"),
    ("a reading by author Mina Sorel at the store", "Mina Sorel"),
    ("Orbis is a key player Zentrix Labs watches", None),
    ("Press enquiries\n\nTomas Reyes\n\npress@orbis.example\n", "Tomas Reyes"),
    ("Investor Relations\nTomas Reyes\n+1 (555) 010-2030\n", "Tomas Reyes"),
    ("Media Contact:Tomas Reyeshttps://orbis.example/press@orbis.example", "Tomas Reyes"),
    ("Media Contact: Tomas Reyes-Lopez, Orbis", "Tomas Reyes-Lopez"),
    ("Media Contact:Tomas ReyesOrbis Mediatomas@orbis.example", "Tomas Reyes"),
    ("Contact:Investor RelationsOrbis Robotics Inc.ir@orbis.example", None),
    ("Email Contact About OrbisRobotics.com", None),
])
def test_person_by_role_finds_described_and_signed_names(text, expected):
    found = [next(v for v in m.groupdict().values() if v) for m in PERSON_BY_ROLE.finditer(text)]
    assert expected in found if expected else not found


@pytest.mark.parametrize("text, name", [
    ("Orbis Robotics Inc. now sponsors former Wildcat and NFL player Brock Hale, a tight end.", "Brock Hale"),
    ("Orbis Robotics Inc. news.\n\nMedia Inquiries\n\nTomas Reyes\n\nmedia@orbis.example\n", "Tomas Reyes"),
])
def test_pipeline_people_by_context(extractor, text, name):
    assert name in [p.name for p in extractor.extract(text).people]


@pytest.mark.parametrize("text, expected", [
    ("The bakery was founded by Chris and Amber Lee in 2001.", ["Chris Lee", "Amber Lee"]),
    ("The board said that Jane Smith and John Brown will advise it.", ["Jane Smith", "John Brown"]),
])
def test_pipeline_a_shared_surname_needs_a_lone_given_name(extractor, text, expected):
    assert [p.name for p in extractor.extract(text).people] == expected


# Each text with every person a reader would list: (name, title, organization, aliases). Aliases are forms
# of the name only, never a title with it.
EXACT_PEOPLE = [
    # a title the model tags PERSON ("Vice President") and the name it tags ORG
    ("# Hokuto Marine Names New Executive\n\nTOKYO, 2 May 2026 -- Takeshi Yamaguchi, Executive Vice President "
     "of Hokuto Marine Co., Ltd., said the company would expand.",
     [("Takeshi Yamaguchi", "Executive Vice President", "Hokuto Marine Co., Ltd.", [])]),
    # a company the model tags PERSON inside its own name
    ("HANOI -- Mekong Pearl Seafood exports shrimp to Japan. Mekong Pearl Seafood Joint Stock Company reported "
     "revenue of $20 million, said Tran Thi Mai, its chairwoman.", [("Tran Thi Mai", "chairwoman", None, [])]),
    # a headline's subject and verb
    ("# Lumora Launches Wafer-Thin Solar Roof Tiles in Europe\n\nMUNICH -- Lumora GmbH today launched its tiles. "
     '"Roofs matter," said Katrin Vogel, CEO of Lumora.', [("Katrin Vogel", "CEO", "Lumora GmbH", [])]),
    # an appointment: "as its first" title, the appointing organization, and a title form that is no alias
    ('Orbital Pay Limited named Rahul Menon as its first Chief Financial Officer. "We grow," said Chief '
     "Technology Officer Rahul Menon.", [("Rahul Menon", "Chief Financial Officer", "Orbital Pay Limited", [])]),
    ("Acme Corp. hired Dev Raman. CTO Dev Raman said the platform is ready.",
     [("Dev Raman", "CTO", None, [])]),
    # the headline names the appointing organization
    ("# Meridian Pacific Bank Appoints Priya Raghavan as Chief Financial Officer\n\nSINGAPORE - Meridian Pacific "
     "Bank Ltd. today announced the appointment of Priya Raghavan as Chief Financial Officer. Ms. Raghavan joins "
     "from Eastbridge Securities.",
     [("Priya Raghavan", "Chief Financial Officer", "Meridian Pacific Bank Ltd.", ["Ms. Raghavan"])]),
    # an honorific form is an alias; a title form only names the title
    ("Deputy Mayor Lo Ta-sheng opened the fair. Deputy Mayor Lo said Mr. Lo would return.",
     [("Lo Ta-sheng", "Deputy Mayor", None, ["Lo", "Mr. Lo"])]),
    # one-word names that a speech verb, a pairing or a relative marks as people
    ('Harbor Homes opened its third tower in Sacramento. "We saw families out with their dogs," said Kristen, who '
     'bought a flat with her husband Spencer.', [("Kristen", None, None, []), ("Spencer", None, None, [])]),
    ('"Quality matters to us," said Josh and Dave, who run the shop.',
     [("Josh", None, None, []), ("Dave", None, None, [])]),
    # a contact block, its lines glued or one to a line: each contact with the title under the name
    ("Heidelberg Pharma AG reported results; MC Services AG advises it.\n\nContact Heidelberg Pharma AG\n\nSylvia Wimmer\n\nDirector Corporate "
     "Communications\n\nIR/PR-Support MC Services AGKatja Arnold (CIRO)Managing Director & PartnerTel.: +49 89 210",
     [("Sylvia Wimmer", None, None, []), ("Katja Arnold", "Managing Director & Partner", "MC Services AG", [])]),
    ("Sono-Tek Corp. reported results.\n\nFor more information:Sono-Tek Corp. Stephen J. BagleyChief Financial "
     "OfficerPh: (845) 795-2020", [("Stephen J. Bagley", "Chief Financial Officer", "Sono-Tek Corp.", [])]),
    # the title after a comma, glued to the next line (the organization glued to it is not read); the title line
    # ending with the organization; a one-word title before the contact's next field
    ("Corvane Labs Inc. reported results.\n\nInvestor Relations Contact:Mark Dalton, CEOQuillstone Advisory, "
     "Inc.Email: md@quillstone.example", [("Mark Dalton", "CEO", None, [])]),
    ("Velora Translations opened an office.\n\nMedia Contact\n\nTobias K. Renn\n\nChief Executive Officer, "
     "Velora Translations\n\nTel: 555-0100", [("Tobias K. Renn", "Chief Executive Officer", "Velora Translations", [])]),
    # abbreviated offices; a title led by ordinary words, where no organization was found at them
    ("The funds went to Rep. Mara Quint (D-8th) and Sen. Olek Brandt (R-Md.), filings show.",
     [("Mara Quint", "Rep.", None, []), ("Olek Brandt", "Sen.", None, [])]),
    ('"Inflows rose," said Olek Brandt, Leasing Associate at Kestrel Homes LLC.',
     [("Olek Brandt", "Leasing Associate", "Kestrel Homes LLC", [])]),
    ("Olek Brandt, the Company's CEO, will present tomorrow.", [("Olek Brandt", "CEO", None, [])]),
    # a position held outranks an occupation
    ("Author Mara Quint signed copies of her new book on Monday. Mara Quint, the founder, thanked readers.",
     [("Mara Quint", "founder", None, [])]),
    # a portfolio in lower case between the title and its organization
    ("“The new stout is our best,” said Mara Quint, head of brewing at Orbis Brewing Company.",
     [("Mara Quint", "head of brewing", "Orbis Brewing Company", [])]),
    ("Omar Haddad, professor of finance and economics at Harbor University, led the study.",
     [("Omar Haddad", "professor of finance and economics", "Harbor University", [])]),
    # a contact form's labels are no names
    ("Brightwell Tutoring expands.\n\nMedia Contact DetailsContact Name: Selin AksoyContact Email: "
     "sa@brightwell.example Full Name: Selin Aksoy", [("Selin Aksoy", None, None, [])]),
    ("Brightwell Tutoring expands.\n\nMedia Contact:\n\nName: Selin Aksoy, Founder Phone: 713-555-0199 Email: "
     "sa@brightwell.example", [("Selin Aksoy", "Founder", None, [])]),
    ("Delegates called on Gov. Wes Moore to act; Lt. Gov. Aruna Miller agreed.",
     [("Wes Moore", "Gov.", None, []), ("Aruna Miller", "Lt. Gov.", None, [])]),
    ("Copies are on www.sec.gov. Jane Okafor, who chairs the board, declined to comment.",
     [("Jane Okafor", None, None, [])]),  # "gov." of an address is no title
    ("“We listen,” said Mara Quint, Data Practice Leader at Zentrobit Labs.",
     [("Mara Quint", "Data Practice Leader", "Zentrobit Labs", [])]),
    ("“Come early,” said Omar Haddad, creator of the Harbor City Night Market.",
     [("Omar Haddad", "creator", None, [])]),
    # one word in lower case before the title says whose it is
    ("“We agree,” said Mara Quint, board spokesman. Omar Haddad, campaign coordinator for Zentrobit, agreed.",
     [("Mara Quint", "spokesman", None, []), ("Omar Haddad", "coordinator", "Zentrobit", [])]),
    # one word holding a title of an organization is a person's name, whatever the model says
    ("“We have a plan,” according to Quintaro, director of Zentrobit Labs.",
     [("Quintaro", "director", "Zentrobit Labs", [])]),
    # a courtesy title names a person by the surname alone, not a common word
    ("“Life slowed down,” said Mr. Quintaro, a visitor from Beijing.", [("Quintaro", None, None, ["Mr. Quintaro"])]),
    ("“You can say, ‘Hey, Mr. Sponsor, show me the numbers,’” the guide reads.", []),
    # a plural title after a list of given names alone
    ("“We grew,” said Mara and Omar, owners of Zentrobit Dumpsters.",
     [("Mara", "owners", "Zentrobit Dumpsters", []), ("Omar", "owners", "Zentrobit Dumpsters", [])]),
]


@pytest.mark.parametrize("text, expected", EXACT_PEOPLE)
def test_pipeline_people_exactly(extractor, text, expected):
    people = extractor.extract(text).people
    assert [(p.name, p.title, p.organization, sorted(p.aliases)) for p in people] == expected


def test_a_name_the_model_also_tags_as_a_place_is_not_a_person():
    """"Lavara Minh" is a place in one sentence and tagged PERSON in the next: the text says what it is."""
    text = "Guests flew to Lavara Minh on Monday. Lavara Minh welcomed them with a festival."
    record = extract_tagged(text, [(15, 26, "GPE"), (38, 49, "PERSON")])
    assert [p.name for p in record.people] == []


@pytest.mark.parametrize("name, start", [
    ("Comptroller Brooke Lierman", 12),
    ("Deputy Mayor Lo Ta-sheng", 13),
    ("Broker Action Coalition", -1),  # common words: an organization
    ("Chairman Mao Foundation", -1),
    ("President Okafor Holdings Ltd.", -1),
    ("Brooke Lierman", -1),  # no title
    ("Mayor Lierman", -1),  # one word: no full name
])
def test_person_after_title(name, start):
    assert person_after_title(name) == start


@pytest.mark.parametrize("text, tags, expected", [
    # the model cut the name at the quotes
    ("Hall of Famer Ivan “Pudge” Rodriguez threw the first pitch.", [("Rodriguez", "PERSON")],
     ["Ivan “Pudge” Rodriguez"]),
    ("Julio (Julito) Ricardo Varela won the award.", [("Ricardo Varela", "PERSON")],
     ["Julio (Julito) Ricardo Varela"]),
    # or tagged an organization up to the quote, or a list as one name
    ("The team signed Javier “Javy” Baez on Monday.", [("Javier “Javy", "ORG")], ["Javier “Javy” Baez"]),
    ("The roster: Javier “Javy” Baez, Juan Nieves.", [("Javier “Javy” Baez, Juan Nieves", "PERSON")],
     ["Javier “Javy” Baez", "Juan Nieves"]),
    # the surname after a nickname is no given name shared with the next person
    ("The team signed Javier “Javy” Baez and Juan Nieves.", [("Javier “Javy", "ORG"), ("Juan Nieves", "PERSON")],
     ["Javier “Javy” Baez", "Juan Nieves"]),
    # a name running on into the brackets is no nickname's
    ("New cast members: (Introducing) Marcus K Williams (Introducing) Jillian Williams",
     [("Marcus K Williams", "PERSON"), ("Jillian Williams", "PERSON")], ["Marcus K Williams", "Jillian Williams"]),
    ("Shiba Inu (SHIB) Like Memecoins rallied.", [], []),  # a ticker in brackets
])
def test_a_nickname_between_the_names_is_part_of_the_name(text, tags, expected):
    record = extract_tagged(text, [tagged(text, name, label) for name, label in tags])
    assert [p.name for p in record.people] == expected
    assert record.organizations == []


def test_an_organization_entity_of_a_title_and_a_name_is_that_person():
    """The organization check gives the span up; the role rule ("Councillor Jane Doe") reads the person."""
    text = "Comptroller Brooke Lierman joined state lawmakers on Wednesday."
    record = extract_tagged(text, [(0, 26, "ORG")])
    assert [(p.name, p.title) for p in record.people] == [("Brooke Lierman", "Comptroller")]
    assert record.organizations == []


@pytest.mark.parametrize("text, name, expected", [
    ("Guests sailed from Riyue Bay at dawn.", "Riyue Bay", []),
    ("The trail follows Tule Canyon north.", "Tule Canyon", []),
    ("The office is on Rue Jacques-Bibeau in Montreal.", "Rue Jacques-Bibeau", []),
    ('"We sail at dawn," said Jane Bay.', "Jane Bay", ["Jane Bay"]),  # quoted: a person of that name
    ("Jane Bay, Director at Orbis Robotics, spoke.", "Jane Bay", ["Jane Bay"]),  # given a title
])
def test_a_name_ending_in_a_word_for_a_place_is_not_a_person(text, name, expected):
    """The model tags PERSON a two-word place whose last word is Bay, Canyon, ... or first word Rue."""
    record = extract_tagged(text, [tagged(text, name, "PERSON")])
    assert [p.name for p in record.people] == expected


@pytest.mark.parametrize("text, name, expected", [
    ("Spread the Peanut Butter on toast.", "Peanut Butter", []),
    ("Contact your Relationship Manager for the terms.", "Relationship Manager", []),
    ("The Wan Man Yan studio opened in Kowloon.", "Wan Man Yan", ["Wan Man Yan"]),  # Chinese syllables
    ('"We grow," said Ford Smith.', "Ford Smith", ["Ford Smith"]),  # quoted: a person of that name
    ("Ford Smith, Director at Orbis Robotics, spoke.", "Ford Smith", ["Ford Smith"]),  # given a title
    ("Bill Gates visited the plant.", "Bill Gates", ["Bill Gates"]),  # a given name the word list knows
])
def test_common_words_without_a_name_are_not_a_person(text, name, expected):
    """The model tags PERSON a capitalized pair of common words; a person's name holds a name."""
    pytest.importorskip("english_words")
    record = extract_tagged(text, [tagged(text, name, "PERSON")])
    assert [p.name for p in record.people] == expected


@pytest.mark.parametrize("span, expected", [
    ("Jane Okafor Joins", "Jane Okafor"),  # of "Jane Okafor Joins Orbis Robotics as CFO"
    ("Jane Okafor Named", "Jane Okafor"),
    ("Board Member Tomas Reyes Extended", "Board Member Tomas Reyes"),
    ("Jane Okafor Shares", "Jane Okafor"),  # of "Jane Okafor Shares Her Plan for Orbis Robotics"
    ("Tomas Reyes Offers", "Tomas Reyes"),
    ("Orbis Launches", "Orbis Launches"),  # one word before the verb: no name would be left
    ("Jane Okafor joins", "Jane Okafor joins"),  # lower case: not a headline's verb
])
def test_a_name_ends_before_the_headline_verb_after_it(span, expected):
    text = span + " Orbis Robotics"
    assert text[:end_before_headline_verbs(text, 0, len(span))] == expected


@pytest.mark.parametrize("text, tagged, expected", [
    # the text, the words the model tagged PERSON, the name
    ("Contacts:Jane Okaforjane@orbis.example", "Jane Okaforjane", "Jane Okafor"),
    ("Contacts:Jane Okaforjane.okafor@orbis.example", "Jane Okaforjane", "Jane Okafor"),
    ("Media Contact:Jane Okaforjokafor@orbis.example", "Jane Okaforjokafor", "Jane Okafor"),
    ("Media Contact:Jane Okaformedia@orbis.example", "Jane Okaformedia", "Jane Okafor"),
    ("Media Contact:Jane Okaforpx@orbis.example", "Jane Okaforpx", "Jane Okaforpx"),  # no address part read
    ("Media Contact:Jane Okafor, jane@orbis.example", "Jane Okafor", "Jane Okafor"),
])
def test_a_name_glued_to_its_email_address_ends_where_the_address_starts(text, tagged, expected):
    from extractor.components.person_checks import end_before_email

    start = text.index(tagged)
    assert text[start:end_before_email(text, start, start + len(tagged))] == expected


def test_a_first_or_last_name_of_a_person_named_in_full_is_no_organization():
    from extractor.components.organization_checks import without_people
    from extractor.schema import Organization, Person

    people = [Person(name="Giselle Gutierrez"), Person(name="Jane Contreras")]
    text = '"We grew," added Conteras.'
    names = ("Giselle", "Gutierrez", "Exhibit G Law Firm", "Giselle Labs", "Gutierrez Inc.", "Conteras")
    orgs = [Organization(name=n) for n in names]
    kept, dropped = without_people(orgs, people, [("Conteras", (17, 25))], text)
    assert [o.name for o in kept] == ["Exhibit G Law Firm", "Giselle Labs", "Gutierrez Inc."]
    assert [(o.name, check.__name__) for o, _, check in dropped] == [
        ("Giselle", "a_persons_first_or_last_name"), ("Gutierrez", "a_persons_first_or_last_name"),
        ("Conteras", "a_misspelled_speaking_surname")]


def test_a_title_is_spelled_out_only_by_words_with_exactly_its_initials():
    from extractor.components.people import spelled_out
    from extractor.names import RoleMatch

    roles = [RoleMatch("Chief Marketing Officer"), RoleMatch("Chief Executive Officer"), RoleMatch("CEO")]
    assert spelled_out("CEO", roles) == "Chief Executive Officer"
    assert spelled_out("CEO", [RoleMatch("Chief Marketing Officer")]) == "CEO"
    assert spelled_out("President", roles) == "President"
