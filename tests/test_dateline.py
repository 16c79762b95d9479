"""The dateline: place, wire and ISO date, and where the wire is named."""
from __future__ import annotations

import pytest

from extractor.components.dateline import find_dateline, find_wire_spans, parse_date

DATELINES = [
    ("HARBOR CITY, TAIWAN - Media OutReach Newswire - 4 March 2024 - Orbis said today ...",
     "HARBOR CITY, TAIWAN", "Media OutReach Newswire", "2024-03-04"),
    ("PALM VALLEY, CA, June 04, 2024 /24-7PressRelease/ -- Orbis said ...",
     "PALM VALLEY, CA", "24-7PressRelease", "2024-06-04"),
    ("ST. LOUIS, MO / PR Karma / January 15, 2025 10:50\n\nOrbis said ...",
     "ST. LOUIS, MO", "PR Karma", "2025-01-15"),
    ("RIVER BEND, Calif. - (NewMediaWire) - November 07, 2024 - Orbis said ...",
     "RIVER BEND, Calif.", "NewMediaWire", "2024-11-07"),
    ("NEW YORK, May 2, 2025 /PRNewswire/ -- Orbis said ...", "NEW YORK", "PRNewswire", "2025-05-02"),
    ("TORONTO, Feb. 3, 2025 (GLOBE NEWSWIRE) -- Orbis said ...", "TORONTO", "GLOBE NEWSWIRE", "2025-02-03"),
    ("Orbis Names New CFO\n\nBOSTON--(BUSINESS WIRE)--Orbis Robotics, Inc. today announced ...",
     "BOSTON", "BUSINESS WIRE", None),
    ("Orbis Robotics Opens Plant\n\nLakeview, United States - February 12, 2025 / Orbis Apps /\n\nText.",
     "Lakeview, United States", "Orbis Apps", "2025-02-12"),
]


@pytest.mark.parametrize("text, location, wire, date", DATELINES)
def test_find_dateline(text, location, wire, date):
    dateline, span = find_dateline(text)
    assert (dateline.location, dateline.wire, dateline.date) == (location, wire, date)
    assert span[0] < span[1] and "said" not in text[span[0]:span[1]]  # the story is not the dateline


def test_a_story_without_dateline_has_none():
    assert find_dateline("Orbis Robotics said on Monday that sales rose 9%.") == (None, None)


@pytest.mark.parametrize("text, wire", [
    ("Body.\n\nThe post Orbis Opens Plant appeared first on citybiz.", "citybiz"),
    ("Body.\n\nView source version on newsdirect.com: https://newsdirect.com/news/x", "newsdirect.com"),
    ("Body. Distributed by MiningNewsWire for Orbis.", "MiningNewsWire"),
    ("Body.\n\nThis article has been amplified by NewsRamp in collaboration with Orbis Studios.", "NewsRamp"),
    ("Body.\n\nThis article has been amplified by NewsRamp in collaboration with Orbis Studios.", "Orbis Studios"),
])
def test_wire_is_found_anywhere(text, wire):
    assert wire in {text[a:b].rstrip(".") for a, b in find_wire_spans(text)}


@pytest.mark.parametrize("text, iso", [("4 March 2024", "2024-03-04"), ("June 04, 2024", "2024-06-04"),
                                        ("not a date", None)])
def test_parse_date(text, iso):
    assert parse_date(text) == iso


def test_pipeline_keeps_a_distributors_credit_line_out_of_organizations(extractor):
    record = extractor.extract("Orbis Robotics Co., Ltd. opened a plant in Harbor City on Monday.\n\n"
                               "This article has been amplified by NewsRamp in collaboration with Lumen Studios.")
    assert [o.name for o in record.organizations] == ["Orbis Robotics Co., Ltd."]


def test_pipeline_keeps_the_wire_out_of_people_and_organizations(extractor):
    record = extractor.extract("HARBOR CITY, TAIWAN - Media OutReach Newswire - 4 March 2024 - Orbis Robotics "
                               "Co., Ltd. opened a plant, said Maya Patel, CEO of Orbis Robotics Co., Ltd.")
    assert record.dateline.wire == "Media OutReach Newswire"
    names = {n for e in [*record.people, *record.organizations] for n in (e.name, *e.aliases)}
    assert not any("OutReach" in n for n in names)
    assert "Orbis Robotics Co., Ltd." in names
