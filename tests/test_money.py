"""Money in sentences: formats, ranges, bounds, kinds, document rules and what is not money.

`find_money` is the scanner as a pure function; the spaCy component is checked on a blank pipeline.
Rows are (sentence, expected (amount, currency) pairs in text order) unless said otherwise.
"""
from __future__ import annotations


import pytest
import spacy

import extractor.components  # noqa: F401  (registers the factories)
from extractor.money import find_money, merge_repeated_figures


def _found(text: str) -> list[tuple[float, str]]:
    return [(pytest.approx(m.amount), m.currency) for m in find_money(text)]


FORMATS = [
    # symbols before or after, with or without a space
    ("The round raised $45 million.", [(45e6, "USD")]),
    ("Tickets cost 20€ or 20 € at the door.", [(20, "EUR"), (20, "EUR")]),
    ("Revenue reached €14.7 billion.", [(14.7e9, "EUR")]),
    ("The stake sold for £8.1m.", [(8.1e6, "GBP")]),
    ("The plant costs ¥12 billion.", [(12e9, "JPY")]),
    ("An order worth ₹680 crore.", [(6.8e9, "INR")]),
    ("Operating profit was ₩142 billion.", [(142e9, "KRW")]),
    ("Fees start at ₱500, ฿1,000 or ₫20,000.", [(500, "PHP"), (1000, "THB"), (20000, "VND")]),
    # prefixed dollars and letter symbols
    ("Exports rose to US$1,140,000.", [(1.14e6, "USD")]),
    ("A coupon worth NT$500.", [(500, "TWD")]),
    ("Spending of HK$53 billion.", [(53e9, "HKD")]),
    ("Assets of S$38 billion.", [(38e9, "SGD")]),
    ("A A$20m contract.", [(20e6, "AUD")]),
    ("The C$1.2 billion deal.", [(1.2e9, "CAD")]),
    ("Priced at CA$10.", [(10, "CAD")]),
    ("A NZ$3 million grant.", [(3e6, "NZD")]),
    ("Sales of R$5 million.", [(5e6, "BRL")]),
    ("A RM5 million fund.", [(5e6, "MYR")]),
    ("Capital of Rp 10 billion.", [(10e9, "IDR")]),
    ("A Rs 250 crore order and Rs. 20 fees.", [(2.5e9, "INR"), (20, "INR")]),
    ("Loans of US $122.5 million.", [(122.5e6, "USD")]),
    ("The 3rd $5 million tranche.", [(5e6, "USD")]),  # not RD$, the Dominican peso
    # ISO codes before or after
    ("It paid USD 5m and 5m USD.", [(5e6, "USD"), (5e6, "USD")]),
    ("A EUR 20 voucher and a 115USD fee.", [(20, "EUR"), (115, "USD")]),
    ("Backed by INR 250 and MYR42.", [(250, "INR"), (42, "MYR")]),
    ("They lost 75 USD million.", [(75e6, "USD")]),
    ("Orders of 120 MEUR.", [(120e6, "EUR")]),
    # German scales with a decimal comma
    ("Umsatz von EUR 1,2 Mio. und 3,5 Mrd. Euro.", [(1.2e6, "EUR"), (3.5e9, "EUR")]),
    # recently retired currencies, still quoted
    ("It cost 42 BGN in 2025, then HRK 7.5 million.", [(42, "BGN"), (7.5e6, "HRK")]),
    ("A grant of 120,000 Bulgarian leva.", [(120000, "BGN")]),
    # names, plurals and adjectives
    ("It paid 5 million yen.", [(5e6, "JPY")]),
    ("Output broke 100 billion yuan.", [(100e9, "CNY")]),
    ("It raised 2 billion renminbi and RMB 300 million.", [(2e9, "CNY"), (300e6, "CNY")]),
    ("Sales of 1.8 trillion won.", [(1.8e12, "KRW")]),
    ("A 40 million baht plant and 3 million ringgit.", [(40e6, "THB"), (3e6, "MYR")]),
    ("It earned 500 rupees, 2 million pesos and 100 dirhams.", [(500, "INR"), (2e6, "MXN"), (100, "AED")]),
    ("Fined 50 riyals and 10,000 Swiss francs.", [(50, "SAR"), (10000, "CHF")]),
    ("It raised 2 million pounds sterling.", [(2e6, "GBP")]),
    ("Bonds of 125 million Australian dollars.", [(125e6, "AUD")]),
    ("A grant of 200 Singapore dollars.", [(200, "SGD")]),
    ("It cost 5 Hong Kong dollars.", [(5, "HKD")]),
    ("A fee of 30 New Taiwan dollars.", [(30, "TWD")]),
    ("It costs 10 Canadian dollars.", [(10, "CAD")]),
    ("It cost 10 U.S. dollars.", [(10, "USD")]),
    ("A 323 million euros stake.", [(323e6, "EUR")]),
    # number words, scales, cents
    ("It paid two million dollars.", [(2e6, "USD")]),
    ("It cost a billion yen.", [(1e9, "JPY")]),
    ("It costs one dollar.", [(1, "USD")]),
    ("It costs twenty dollars.", [(20, "USD")]),
    ("The fee is 50 cents.", [(0.5, "USD")]),
    ("A 12-cent dividend.", [(0.12, "USD")]),
    ("It cost 20 dollars and 43 cents.", [(20.43, "USD")]),
    ("It costs $1.2bn.", [(1.2e9, "USD")]),
    ("It raised $98M and $10K.", [(98e6, "USD"), (1e4, "USD")]),
    ("The market is $1.5T.", [(1.5e12, "USD")]),
    ("It made $5 Trillion.", [(5e12, "USD")]),
    ("Funding of US$1.2 mn and US$2 bn.", [(1.2e6, "USD"), (2e9, "USD")]),
    ("A 5 lakh rupees prize.", [(5e5, "INR")]),
    ("Fines of €1.140.000,50.", [(1_140_000.5, "EUR")]),
    ("Grants of EUR 1 140 000.", [(1_140_000, "EUR")]),
    ("Orders of EUR 1,5 million.", [(1.5e6, "EUR")]),
    ("Homes in the $600,000s.", [(6e5, "USD")]),
    ("Fuel costs Rp 5.000 a liter and ¥1.500 a bowl.", [(5000, "IDR"), (1500, "JPY")]),  # no-decimal currencies
    ("A grant of Rp 15,5 juta and Rp 10 miliar.", [(15.5e6, "IDR"), (10e9, "IDR")]),
    ("Coins of 500 won and ₹500 Cr.", [(500, "KRW"), (5e9, "INR")]),
    ("The $2.5 million USD deal.", [(2.5e6, "USD")]),
    ("Valued at $US5 million or USD$5 million.", [(5e6, "USD"), (5e6, "USD")]),
    ("It costs half a million dollars.", [(5e5, "USD")]),
    ("A Rs.500/- coupon and a ₹1.2 lakh crore budget.", [(500, "INR"), (1.2e12, "INR")]),
    ("Lakh-style grouping: ₹ 5,00,000.", [(5e5, "INR")]),
    ("KSh 5 billion, Tk 500 crore, Cdn$ 5 and L.E. 300.", [(5e9, "KES"), (5e9, "BDT"), (5, "CAD"), (300, "EGP")]),
    ("RM1.2bil and RM500mil.", [(1.2e9, "MYR"), (5e8, "MYR")]),
    ("Dh5 million, SR5 billion, QR2bn and KD 30 million.",
     [(5e6, "AED"), (5e9, "SAR"), (2e9, "QAR"), (3e7, "KWD")]),
    ("NTD 5 million and Bt5 billion.", [(5e6, "TWD"), (5e9, "THB")]),
    ("Php1.5 billion and ₱500.", [(1.5e9, "PHP"), (500, "PHP")]),
    ("A $5 MM facility and $5.2-$6.0 billion guidance.", [(5e6, "USD"), (5.2e9, "USD"), (6e9, "USD")]),
    ("Twenty-five million dollars and one hundred million yen.", [(25e6, "USD"), (1e8, "JPY")]),
    ("A $10,000 worth of tokens prize.", [(1e4, "USD")]),
]


@pytest.mark.parametrize(("text", "expected"), FORMATS)
def test_formats(text, expected):
    assert _found(text) == expected


@pytest.mark.parametrize(("text", "amount"), [
    ("C$16.4 million", 16_400_000), ("$1.15 billion", 1_150_000_000), ("$0.000648", 0.000648), ("$0.07", 0.07),
    ("20 dollars and 43 cents", 20.43),
])
def test_amounts_are_exact_decimals(text, amount):
    assert [m.amount for m in find_money(text)] == [amount]


def test_text_and_offsets_are_the_span_as_written():
    text = "Sales hit US$1.2 billion, up from 900 million yen."
    for money in find_money(text):
        assert text[money.start:money.end] == money.text
    assert [m.text for m in find_money(text)] == ["US$1.2 billion", "900 million yen"]


@pytest.mark.parametrize(("text", "expected"), [
    ("A $10-20 million round.", [(10e6, "USD", "range_min"), (20e6, "USD", "range_max")]),
    ("Between $10 million and $20 million.", [(10e6, "USD", "range_min"), (20e6, "USD", "range_max")]),
    ("Prices of $1,000–$2,000.", [(1e3, "USD", "range_min"), (2e3, "USD", "range_max")]),
    ("From 10 to 20 dollars.", [(10, "USD", "range_min"), (20, "USD", "range_max")]),
    ("Budgets of 5-10 million euros.", [(5e6, "EUR", "range_min"), (10e6, "EUR", "range_max")]),
    ("A 7-9 lakh rupees salary.", [(7e5, "INR", "range_min"), (9e5, "INR", "range_max")]),
    ("Fees of $500 to $1 million.", [(500, "USD", "range_min"), (1e6, "USD", "range_max")]),
    # a change is two amounts, not a range; "and" without "between" is a list
    ("Revenue rose from $3 million to $5 million.", [(3e6, "USD", None), (5e6, "USD", None)]),
    ("It raised $3 million and $5 million.", [(3e6, "USD", None), (5e6, "USD", None)]),
])
def test_ranges(text, expected):
    assert [(pytest.approx(m.amount), m.currency, m.qualifier) for m in find_money(text)] == expected


@pytest.mark.parametrize(("text", "qualifier"), [
    ("It raised approximately $5 million.", "approx"),
    ("It raised about $5 million.", "approx"),
    ("It raised nearly $5 million.", "approx"),
    ("It raised up to $5 million.", "at_most"),
    ("It raised no more than $5 million.", "at_most"),
    ("It raised less than $5 million.", "at_most"),
    ("It raised over $5 million.", "at_least"),
    ("It raised more than $5 million.", "at_least"),
    ("It raised at least $5 million.", "at_least"),
    ("It raised no less than $5 million.", "at_least"),
    ("It raised $5 million+.", "at_least"),
    ("It raised $5 million or more.", "at_least"),
    ("It raised €1bn-plus.", "at_least"),
    ("It raised $5 million.", None),
])
def test_qualifiers(text, qualifier):
    (money,) = find_money(text)
    assert money.qualifier == qualifier


def test_both_ends_of_a_range_share_its_kind():
    found = find_money("It expects capital expenditure of between RM250 million and RM300 million.")
    assert [(m.qualifier, m.kind) for m in found] == [("range_min", "investment"), ("range_max", "investment")]


def test_accounting_parentheses_are_read():
    found = find_money("Net loss was $(12.3) million, or $(0.21) per share.")
    assert [(m.text, m.amount) for m in found] == [("$(12.3) million", 12.3e6), ("$(0.21)", 0.21)]


def test_plus_sign_is_part_of_the_text():
    (money,) = find_money("Revenue of $98M+ this half.")
    assert (money.text, money.qualifier) == ("$98M+", "at_least")


@pytest.mark.parametrize(("text", "kind"), [
    ("The company reported $12 million in revenue.", "revenue"),
    ("Sales reached $12 million.", "revenue"),
    ("The startup raised $12 million in a Series A round.", "funding"),
    ("It agreed to acquire the lab for $12 million.", "acquisition"),
    ("The ministry awarded a $12 million grant.", "grant"),
    ("It won a $12 million contract.", "orders"),
    ("The fund manages $12 billion in assets.", "assets"),
    ("It will invest $12 million in a new plant.", "investment"),
    ("The round values the company at approximately $1.1 billion.", "valuation"),
])
def test_kinds(text, kind):
    (money,) = find_money(text)
    assert money.kind == kind


@pytest.mark.parametrize(("text", "expected"), [
    # "$" is USD unless the release declares another dollar
    ("The firm earned $5 million.", [(5e6, "USD")]),
    ("All amounts are in Canadian dollars. Revenue was $5 million.", [(5e6, "CAD")]),
    ("Revenue was $5 million (all figures in C$).", [(5e6, "CAD")]),
    ("Figures are expressed in Singapore dollars. Profit was $12 million.", [(12e6, "SGD")]),
    ("Unless otherwise stated, amounts are in A$. Revenue was $8 million.", [(8e6, "AUD")]),
    ("All amounts are in Canadian dollars. It paid $5 and US$2.", [(5, "CAD"), (2, "USD")]),
    # a bare $ next to C$ contrasts them: it stays USD
    ("Valued at approximately $2.7 billion (C$3.8 billion).", [(2.7e9, "USD"), (3.8e9, "CAD")]),
    ("Canada's $80 billion commitment.", [(80e9, "USD")]),
    ("The Toronto company raised C$10 million and $4 million.", [(10e6, "CAD"), (4e6, "USD")]),
    # "¥" is JPY unless the release speaks of yuan
    ("The Osaka firm raised ¥500 million.", [(500e6, "JPY")]),
    ("The Shanghai firm raised ¥500 million, or RMB 500 million.", [(500e6, "CNY"), (500e6, "CNY")]),
    ("It raised ¥500 million; the yuan fell.", [(500e6, "CNY")]),
    ("It raised ¥500 million and 3 billion yen; the yuan fell.", [(500e6, "JPY"), (3e9, "JPY")]),
    # a shared rupee follows the country the release names
    ("Sales in Pakistan reached Rs 5 billion.", [(5e9, "PKR")]),
    ("The Mumbai unit booked Rs 5 billion.", [(5e9, "INR")]),
    ("It earned 3 million pesos in the Philippines.", [(3e6, "PHP")]),
])
def test_document_currency_rules(text, expected):
    assert _found(text) == expected


@pytest.mark.parametrize("text", [
    "Revenue rose 12% to 4.5 million units in 2024.",
    "The stake grew 5.5 percent.",
    "The company (NASDAQ: QUBT) sold 5M shares at 3x book value.",
    "Call +1 (555) 123-4567 before 2025.",
    "Holders received 1,000 BTC and 20 ETH.",
    "It minted 5 million tokens.",
    "The form 10 filing, hrs 5, rs 20 and rm 5 are not money.",
    "He won 3 awards and Euro 2024 tickets.",
    "All 70 of us; ALL 5 solutions; TOP 10 picks.",
    "In 2024 USD revenue grew.",
    "The CAD 3D model and PHP 8.2 release.",
    "The 150-pound robot carried 2,000 pounds of cargo.",
    "Stage 3 colon cancer affects 5 real patients.",
    "It has 5 gold medals and 3 Mark II engines.",
    "Doors open 9 a.m. to 4 p.m. daily.",
    "The team won 10 medals; 3 won awards.",
    "GBP/USD 1.27 and USD/JPY 150.",
    "She has a yen for travel and a dollar-for-dollar match.",
    "FY2025 revenue; 1H25 results; H1 2025; the 2025-2026 season.",
    "The S&P 500, Fortune 500, ISO 9001, COVID-19 and 5G.",
    "The 500 MW plant, 100 kWh battery and 10,000 sq ft site.",
    "The QR code, SR-71, KD Lang and BD Wong.",
    "The unit weighs 150 pounds and she lost 50 pounds.",
    "The mars 5 rover; rub 2 drops.",
])
def test_not_money(text):
    assert find_money(text) == []


def test_token_amount_is_not_money_but_its_dollar_value_is():
    assert _found("Holders received 1,000 BTC worth US$3.2 million.") == [(3.2e6, "USD")]


def test_retired_currencies_stay_whatever_babel_says(monkeypatch):
    """A newer CLDR ends a currency (Babel 2.19 ends the lev): the lexicon keeps it all the same."""
    from babel.core import get_global

    from extractor.money import currencies

    retired = {territory: [(code, start, end or (2020, 1, 1), tender) for code, start, end, tender in entries]
               for territory, entries in get_global("territory_currencies").items()}
    monkeypatch.setattr(currencies, "get_global", lambda key: retired)
    assert {"BGN", "HRK", "LTL"} <= currencies.current_currencies()
    assert "DEM" not in currencies.current_currencies()


def test_component_runs_without_a_model():
    nlp = spacy.blank("en")
    nlp.add_pipe("extractor_money")
    doc = nlp("The fund raised US$45 million and RM5 million.")
    assert [(m["text"], m["currency"]) for m in doc._.money] == [("US$45 million", "USD"), ("RM5 million", "MYR")]
    assert all(doc.text[m["start"]:m["end"]] == m["text"] for m in doc._.money)


def _figures(text: str) -> list[tuple[str, float, str, list[str]]]:
    return [(m.text, m.amount, m.currency, [x.text for x in m.mentions])
            for m in merge_repeated_figures(find_money(text))]


@pytest.mark.parametrize(("text", "expected"), [
    # the headline's figure and the body's are one figure with two mentions
    ("Acme Raises $45 Million\n\nAcme raised $45 million in a round.",
     [("$45 Million", 45e6, "USD", ["$45 Million", "$45 million"])]),
    # an exact figure and the same figure said "about" are one; a bound is another figure
    ("It paid $5 million, about $5 million in cash, and up to $5 million later.",
     [("$5 million", 5e6, "USD", ["$5 million", "$5 million"]), ("$5 million", 5e6, "USD", ["$5 million"])]),
    # the same number in two currencies, or as two different things, stays two figures
    ("Revenue was $5 million; it raised €5 million.",
     [("$5 million", 5e6, "USD", ["$5 million"]), ("€5 million", 5e6, "EUR", ["€5 million"])]),
    ("Revenue of $5 million. Separately, it raised funding of $5 million.",
     [("$5 million", 5e6, "USD", ["$5 million"]), ("$5 million", 5e6, "USD", ["$5 million"])]),
    # ranges keep both ends
    ("A $10-20 million round.",
     [("$10-20 million", 10e6, "USD", ["$10-20 million"]), ("$10-20 million", 20e6, "USD", ["$10-20 million"])]),
])
def test_repeated_figures_are_one_item_with_their_mentions(text, expected):
    assert _figures(text) == expected
