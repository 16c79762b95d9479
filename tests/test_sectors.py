"""Sectors: taxonomy files, term variants, evidence weighing, and the component on written examples."""
from __future__ import annotations

import json

import pytest

from extractor.components.sectors import (
    Mention,
    SectorMatcher,
    TaxonomyError,
    company_descriptions,
    evidence_score,
    is_case_sensitive,
    iter_terms,
    load_taxonomy,
    paragraph_spans,
    plural_of,
    skipped_ranges,
    term_variants,
)
from extractor.schema import GICS_SECTORS, Sector

# --- no model needed -------------------------------------------------------------------------------


@pytest.mark.parametrize(("word", "plural"), [
    ("semiconductor", "semiconductors"),
    ("company", "companies"),
    ("day", "days"),
    ("business", "businesses"),
    ("bench", "benches"),
    ("fintech", "fintechs"),
    ("REIT", "REITs"),
    ("EV", "EVs"),
])
def test_plural_of(word, plural):
    assert plural_of(word) == plural


@pytest.mark.parametrize(("term", "variant"), [
    ("medical device", "medical devices"),
    ("rare earth", "rare earths"),
    ("e-commerce", "ecommerce"),
    ("e-commerce", "e commerce"),
    ("brick-and-mortar", "brick and mortar"),
    ("Wi-Fi", "Wi\u2011Fi"),
    ("AI chip", "AI Chip"),
    ("AI chip", "AI CHIPS"),
    ("LNG-powered", "LNG-Powered"),
])
def test_term_variants(term, variant):
    assert variant in term_variants(term)


@pytest.mark.parametrize(("term", "exact"), [
    ("AI", True), ("AI chip", True), ("REIT", True), ("IoT", False), ("fintech", False), ("SaaS", False),
])
def test_acronyms_match_as_written(term, exact):
    assert is_case_sensitive(term) is exact


def _mention(term, strong=False, **flags):
    return Mention(industry=0, term=term, text=term, start=0, strong=strong, **flags)


@pytest.mark.parametrize(("mentions", "reported"), [
    ([_mention("semiconductor", strong=True)], True),
    ([_mention("bank")], False),
    ([_mention("bank"), _mention("lender"), _mention("lending")], False),
    ([_mention("bank"), _mention("bank", headline=True)], True),
    ([_mention("energy", description=0)], True),
    ([_mention("energy", in_list=True)], True),
    ([_mention("retail", field_noun=True)], True),
    ([_mention("manufacturing", headline=True, absorbed=True)], False),
    ([_mention("manufacturing", in_list=True, absorbed=True)], True),
    ([_mention("manufacturing", in_list=True, absorbed=True, modifier_of_other=True)], False),
])
def test_evidence_score(mentions, reported):
    assert (evidence_score(mentions) >= 1.0) is reported


@pytest.mark.parametrize(("text", "skipped_fragment"), [
    ("Acme makes chips.\n\nThis release contains forward-looking statements about banks.", "banks"),
    ("Acme makes chips for hotels.The issuer is solely responsible for the content of this announcement.",
     "solely responsible"),
    ("Acme makes chips.\n\nAbout ExampleWire\n\nExampleWire serves the mining and energy sectors.", "mining"),
    ("Acme makes chips.\n\nThe post Acme Makes Chips appeared first on Example News.", "Acme Makes Chips appeared"),
    ("Buy the token now.Contact: [site](https://example.com)Disclaimer: This is not advice about banks.", "banks"),
    ("Acme sells coins.\n\nThis release is not intended as financial advice on mining stocks.", "mining"),
])
def test_boilerplate_is_skipped(text, skipped_fragment):
    ranges = skipped_ranges(text, paragraph_spans(text))
    offset = text.index(skipped_fragment)
    assert any(start <= offset < end for start, end in ranges)
    assert not any(start <= 0 < end for start, end in ranges)


@pytest.mark.parametrize("about", ["About Acme Mining Corp.", "About Southwire", "ABOUT US", "About the Company"])
def test_company_about_section_is_kept(about):
    text = f"Acme wins award.\n\n{about}\n\nAcme is a gold producer."
    assert skipped_ranges(text, paragraph_spans(text)) == []


@pytest.mark.parametrize("about", ["About MiningNewsWire", "ABOUT MEDIA OUTREACH NEWSWIRE", "About Business Wire",
                                   "About ACCESSWIRE", "About IBN"])
def test_newswire_about_section_is_skipped(about):
    text = f"Acme wins award.\n\n{about}\n\nIt serves the mining sector."
    assert skipped_ranges(text, paragraph_spans(text))[0][0] == text.index(about)


def test_shipped_taxonomy_covers_every_gics_sector():
    taxonomy = load_taxonomy()
    assert {i.sector for i in taxonomy.industries} == set(GICS_SECTORS)
    assert len(taxonomy.industries) >= 40


def test_shipped_taxonomy_lists_each_term_once():
    seen: dict[str, str] = {}
    for sector, industry, term, _strong in iter_terms(load_taxonomy()):
        key = term.lower() if not is_case_sensitive(term) else term
        assert key not in seen, f"{term!r} is in both {seen[key]} and {industry}"
        seen[key] = industry


def _write(tmp_path, content) -> str:
    path = tmp_path / "taxonomy.json"
    path.write_text(content if isinstance(content, str) else json.dumps(content), encoding="utf-8")
    return str(path)


@pytest.mark.parametrize(("content", "problem"), [
    ("{not json", "not valid JSON"),
    ({"industries": [{"sector": "Tech", "industry": "Widgets", "terms": ["widget"]}]}, "unknown GICS sector 'Tech'"),
    ({"industries": [{"sector": "Industrials", "industry": "", "terms": ["widget"]}]}, "\"industry\" must be"),
    ({"industries": [{"sector": "Industrials", "industry": "Widgets", "terms": "widget"}]}, "list of non-empty"),
    ({"industries": [{"sector": "Industrials", "industry": "Widgets"}]}, "no terms"),
    ({"industries": [{"sector": "Industrials", "industry": "Widgets", "terms": ["widget"], "generic": "yes"}]},
     "\"generic\" must be true or false"),
    ({"sectors": []}, "\"industries\" list"),
    ({"extends": "mine", "industries": []}, "\"extends\" must be"),
])
def test_bad_taxonomy_file_names_file_and_problem(tmp_path, content, problem):
    path = _write(tmp_path, content)
    with pytest.raises(ValueError) as error:
        load_taxonomy(path)
    assert path in str(error.value)
    assert problem in str(error.value)


def test_missing_taxonomy_file_is_a_value_error(tmp_path):
    with pytest.raises(TaxonomyError, match="cannot read"):
        load_taxonomy(tmp_path / "absent.json")


def test_custom_taxonomy_replaces_the_default(tmp_path):
    path = _write(tmp_path, {"industries": [
        {"sector": "Industrials", "industry": "Widgets", "terms": ["widget"]}]})
    assert [i.industry for i in load_taxonomy(path).industries] == ["Widgets"]


def test_custom_taxonomy_can_extend_the_default(tmp_path):
    path = _write(tmp_path, {"extends": "default", "industries": [
        {"sector": "Industrials", "industry": "Widgets", "terms": ["widget"]},
        {"sector": "Information Technology", "industry": "Semiconductors", "terms": ["photonic chip"]}]})
    industries = {i.industry: i for i in load_taxonomy(path).industries}
    assert "Widgets" in industries and "Banks" in industries
    assert "photonic chip" in industries["Semiconductors"].terms
    assert "semiconductor" in industries["Semiconductors"].terms


def test_sample_taxonomy_is_valid():
    from tests.conftest import SAMPLES

    taxonomy = load_taxonomy(SAMPLES / "taxonomy-example.json")
    assert any(i.industry == "Semiconductors" for i in taxonomy.industries)


@pytest.mark.parametrize(("text", "makes"), [
    ("Orion, a producer of flat-rolled steel, will expand.", "flat-rolled steel"),
    ("The Group is principally engaged in property development in Macau.", "property development"),
    ("Kestrel (NASDAQ: KST) makes industrial pumps for refineries.", "industrial pumps"),
    ("Lumo, which operates budget hotels, was sold.", "budget hotels"),
    ("Vanta specializes in cargo insurance.", "cargo insurance"),
    ("Atlas Group, a conglomerate with interests in shipping and hotels, grew.", "shipping and hotels"),
])
def test_what_a_company_makes(text, makes):
    assert any(makes in text[start:end] for start, end in company_descriptions(text)[1])


@pytest.mark.parametrize("text", [
    "The company owns a stake in a local bank.",
    "the report offers insights into energy use.",
    "She designs clothing for her daughter.",
    "This provides energy savings for households.",
])
def test_not_what_a_company_makes(text):
    assert company_descriptions(text)[1] == []


# --- with the model --------------------------------------------------------------------------------

def _run(nlp, matcher, text):
    others = [name for name in nlp.pipe_names if name.startswith("extractor_")]
    return matcher(nlp(text, disable=others))


@pytest.fixture(scope="module")
def sectors_of(nlp):
    matcher = nlp.get_pipe("extractor_sectors")

    def sectors(text):
        return [Sector.model_validate(s) for s in _run(nlp, matcher, text)._.sectors]

    return sectors


def _pairs(sectors):
    return {(s.sector, s.industry) for s in sectors}


@pytest.mark.parametrize(("text", "sector", "industry"), [
    # singular, plural, lemma-like variants and multiword terms
    ("Acme designs semiconductors for cars.", "Information Technology", "Semiconductors"),
    ("The region hosts three chipmakers and a wafer foundry.", "Information Technology", "Semiconductors"),
    ("Startups in smart medical devices joined the tour.", "Health Care", "Medical Devices"),
    ("Its shops sell packaged foods and confectionery.", "Consumer Staples", "Food Products"),
    ("The fund backs fintechs across Asia.", "Financials", "Fintech & Payments"),
    ("Acme runs two REITs in Texas.", "Real Estate", "REITs"),
    ("The group builds wind farms and solar farms.", "Utilities", "Renewable Energy"),
    ("Acme sells its products through e-commerce channels.", "Consumer Discretionary", "Retail"),
    ("Acme sells its products through ecommerce channels.", "Consumer Discretionary", "Retail"),
    ("BETA LAUNCHES HUMANOID ROBOTICS PLATFORM\n\nBeta announced it today.", "Industrials", "Machinery & Robotics"),
    # weak terms with support: headline, company description, list of fields, "industry"
    ("Delta Bank Opens New Branch\n\nThe branch opened on Monday in the city centre.", "Financials", "Banks"),
    ("Omega, a leading energy company, signed the deal.", "Energy", "Energy"),
    ("Robots will serve industries including manufacturing, logistics and hospitality.",
     "Consumer Discretionary", "Hospitality & Travel"),
    ("Demand is growing across the insurance industry.", "Financials", "Insurance"),
    ("Orion, a producer of flat-rolled steel, will supply an automaker.", "Materials", "Metals & Mining"),
    # crypto is Financials, blockchain technology is Information Technology
    ("The app lets users trade cryptocurrencies.", "Financials", "Digital Assets & Crypto"),
    ("Orders settle on a public blockchain.", "Information Technology", "Blockchain"),
    # a longer term wins over a shorter one inside it
    ("The brand launched an energy drink in May.", "Consumer Staples", "Beverages"),
    # leisure and consumer products, services, communications platforms, marketing
    ("Birdie Labs, a maker of golf equipment, hired a new coach.", "Consumer Discretionary", "Leisure Products"),
    ("Fairway Co., a premium golf company, opened a fitting studio.", "Consumer Discretionary", "Leisure Products"),
    ("Inkwell Grows Fast in the Tattoo Industry\n\nInkwell opened its tenth shop.",
     "Consumer Discretionary", "Consumer Services"),
    ("Relay is a CPaaS provider serving banks and airlines.", "Information Technology", "Software & Cloud"),
    ("Brightline, an independent marketing firm, won the account.", "Communication Services",
     "Media & Entertainment"),
    # a generic word counts in a list of fields or as what a company is, with nothing more specific beside it
    ("Start-ups came from technology, fintech and tourism.", "Information Technology", "Technology"),
    ("Quanta, a technology company based in Oslo, hired staff.", "Information Technology", "Technology"),
    ("Orbis, a technology company serving hospitals, raised $8 million.", "Information Technology", "Technology"),
    # two or more weak fields before "sectors" or "industries" are a list of fields
    ("Buyers came from the healthcare, technology and education sectors.", "Health Care",
     "Health Care Providers & Services"),
    ("Buyers came from the healthcare, technology and education sectors.", "Consumer Discretionary",
     "Education Services"),
    ("The park serves the travel and banking industries.", "Financials", "Banks"),
    ("Exporters of textiles, seafood, wood furniture and electronics joined.", "Consumer Discretionary",
     "Household Durables"),
    ("Kestrel, a Singapore foodtech start-up, raised $5 million.", "Consumer Staples", "Food Products"),
    ("Kestrel, a cloud kitchen operator in Jakarta, raised funds.", "Consumer Discretionary", "Hospitality & Travel"),
    # Korean wires name fields with a "K-" prefix
    ("The fair showcased K-Beauty and K-Food brands.", "Consumer Staples", "Personal Care & Cosmetics"),
    ("Investors backed three K-Bio start-ups.", "Health Care", "Biotechnology"),
    # what a company does, said with a verb
    ("The Group is principally engaged in property development and hotel operations.",
     "Consumer Discretionary", "Hospitality & Travel"),
    ("Kestrel, which makes flat steel, will cut 200 jobs.", "Materials", "Metals & Mining"),
])
def test_industry_is_reported(sectors_of, text, sector, industry):
    assert (sector, industry) in _pairs(sectors_of(text))


@pytest.mark.parametrize(("text", "sector"), [
    # negative contexts
    ("Offices close for the bank holiday on Monday.", "Financials"),
    ("The firm does data mining for retailers' loyalty schemes.", "Materials"),
    ("The crowd's positive energy filled the stadium.", "Energy"),
    ("Donations went to the local food bank.", "Financials"),
    ("She won a gold medal at the games.", "Materials"),
    ("The company protects its intellectual property.", "Real Estate"),
    # acronyms match only in capitals
    ("Ai Weiwei Opens New Show\n\nThe artist spoke about his work.", "Information Technology"),
    # weak words scattered through a story are not enough
    ("Buyers can get a loan from a local bank. The area has retail shops and a resort pool.", "Financials"),
    ("Buyers can get a loan from a local bank. The area has retail shops and a resort pool.",
     "Consumer Discretionary"),
    # a weak word that only describes another sector's business
    ("Pharma Co Buys Rival's Manufacturing Plant\n\nThe pharmaceutical deal closed.", "Industrials"),
    ("Utah is strong in medical device manufacturing, diagnostics and biotechnology.", "Industrials"),
    ("Zeta, a developer and publisher of mobile games, hired staff.", "Real Estate"),
    ("Pinnacle Airlines will fly to Oslo, the carrier said.", "Communication Services"),
    ("Acme is a supplier of critical minerals essential for defense applications.", "Industrials"),
    # a generic word gives way to any more specific field beside it, and a headline alone is not enough
    ("Newline, a golf technology company, signed a tour pro.", "Information Technology"),
    ("Terra, a technology-driven farming group, bought land.", "Information Technology"),
    ("Acme Unveils New Technology\n\nThe launch took place in Berlin on Monday.", "Information Technology"),
    # a feature of a product is not its maker's industry
    ("The handheld tester now ships with Wi-Fi and a battery charger.", "Information Technology"),
    # a vendor named in passing is not the story's industry
    ("The company's marketing services team will run the campaign.", "Communication Services"),
    ("Local farmers sell produce at the container port market each Sunday.", "Industrials"),
    ("The bank is the official partner of Rovers Football Club.", "Communication Services"),
    ("The museum offers a virtual reality tour of the tombs.", "Information Technology"),
    # a venue's name, a person's past roles
    ("The summit ends with a reception at the Snowpeak Ski Resort and the Marker Hotel.",
     "Consumer Discretionary"),
    ("She previously served as CFO of a regional bank and an insurance company.", "Financials"),
    # boilerplate
    ("Acme sells phones.\n\nForward-looking statements: risks include oil and gas prices and banking rules.",
     "Energy"),
    ("Acme sells phones.\n\nAbout ExampleWire\n\nExampleWire covers the mining and metals sectors.", "Materials"),
])
def test_industry_is_not_reported(sectors_of, text, sector):
    assert sector not in {s.sector for s in sectors_of(text)}


def test_evidence_is_as_written_deduplicated_in_text_order(sectors_of):
    text = "Semiconductor maker Acme opens a wafer foundry. Semiconductors are in demand; chipmakers agree."
    (semis,) = [s for s in sectors_of(text) if s.industry == "Semiconductors"]
    assert semis.evidence == ["Semiconductor", "wafer foundry", "Semiconductors", "chipmakers"]
    assert semis.mentions == 4


def test_headline_subject_is_primary_and_first(sectors_of):
    text = ("Acme Biotech Raises $20 Million\n\n"
            "Acme, a biotechnology company, raised funds from a venture bank. It will hire software engineers.")
    sectors = sectors_of(text)
    assert sectors[0].sector == "Health Care" and sectors[0].primary
    assert not any(s.primary for s in sectors if s.sector != "Health Care")


def test_custom_taxonomy_file_drives_the_matcher(nlp, tmp_path):
    path = _write(tmp_path, {"industries": [
        {"sector": "Industrials", "industry": "Widgets", "terms": ["widget maker"], "weak": ["gizmo"]}]})
    matcher = SectorMatcher(nlp, load_taxonomy(path))
    doc = _run(nlp, matcher, "Two widget makers and a semiconductor firm met. Gizmos were shown.")
    assert [(s["industry"], s["evidence"]) for s in doc._.sectors] == [("Widgets", ["widget makers", "Gizmos"])]
    doc = _run(nlp, matcher, "A semiconductor firm showed gizmos.")
    assert doc._.sectors == []


def test_record_carries_sectors(extractor):
    record = extractor.extract("Acme Chipmaker Expands\n\nAcme, a semiconductor company, opened a fab in Ohio.")
    assert any(s.industry == "Semiconductors" and s.primary for s in record.sectors)


def test_dev_gold_sectors_are_found(shared_dir, sectors_of):
    """On the shared gold set, most gold sectors are found and few are invented."""
    tp = fp = fn = 0
    for gold_file in sorted((shared_dir / "gold" / "dev").glob("*.json")):
        text_file = shared_dir / "corpus" / "dev" / f"{gold_file.stem}.md"
        if not text_file.exists():
            continue
        gold = {s["sector"] for s in json.loads(gold_file.read_text())["sectors"]}
        found = {s.sector for s in sectors_of(text_file.read_text(encoding="utf-8"))}
        tp, fp, fn = tp + len(gold & found), fp + len(found - gold), fn + len(gold - found)
    assert tp / max(1, tp + fp) >= 0.85
    assert tp / max(1, tp + fn) >= 0.85


def test_component_works_in_a_pipeline_without_tagger_or_parser():
    import spacy

    import extractor.components  # noqa: F401  (registers the factories)

    nlp = spacy.blank("en")
    nlp.add_pipe("extractor_sectors")
    doc = nlp("Delta Bank Opens Branch\n\nIt serves industries including banking, logistics and hospitality.")
    assert {(s["sector"], s["primary"]) for s in doc._.sectors} == {
        ("Financials", True), ("Industrials", False), ("Consumer Discretionary", False)}
