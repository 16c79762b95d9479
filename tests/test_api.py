"""The Python API on the bundled samples: what a user checks first in each record."""
from __future__ import annotations

import pytest

from extractor import Record
from extractor.inputs import Document, iter_documents
from tests.conftest import SAMPLE_RELEASES, SAMPLES

# (sample stem, people, organizations, money) exactly as a reader of the release lists them by the
# annotation guide: every person and organization under its fullest name, every distinct (amount, currency).
EXPECTED = [
    ("brightpath-series-b", {"Maya Patel", "Daniel Okafor"},
     {"BrightPath Health Inc.", "Crescent Ridge Ventures", "Northgate Capital", "Harbor Lane Partners"},
     {(45e6, "USD"), (12.5e6, "USD")}),
    ("nordvale-acquisition", {"Elena Rossi", "Thomas Whitfield"},
     {"Nordvale Resources Corp.", "Kestrel Lithium Ltd.", "Toronto Stock Exchange", "Maple Harbour Securities Inc."},
     {(1.2e9, "CAD"), (880e6, "USD"), (4.10, "CAD"), (40e6, "CAD"), (60e6, "CAD")}),
    ("meridian-appointment", {"Priya Raghavan", "Lim Chee Keong", "Ahmad Zulkifli"},
     {"Meridian Pacific Bank Ltd.", "Straits Harbour Insurance Pte. Ltd.", "Eastbridge Securities"},
     {(38e9, "SGD"), (612e6, "SGD")}),
    ("hanriver-quarterly-results", {"Park Ji-hoon"}, {"Han River Foods Co., Ltd.", "Korea Exchange"},
     {(1.8e12, "KRW"), (142e9, "KRW"), (610e9, "KRW"), (300e9, "KRW"), (1500, "KRW"), (412_000, "KRW")}),
    ("lumora-product-launch", {"Katrin Vogel"}, {"Lumora GmbH", "Bauhaus Dach AG", "European Investment Bank"},
     {(29, "EUR"), (18_000, "EUR"), (50e6, "EUR"), (35e6, "EUR")}),
    ("penang-trade-mission", {"Ong Wei Ming", "Aiko Tanabe"},
     {"Penang State Government", "Seri Mutiara Precision Sdn. Bhd.", "Bayan Lepas Photonics Sdn. Bhd.",
      "Tanjung Circuit Works Sdn. Bhd.", "Chubu Bureau of Economy, Trade and Industry"},
     {(2.4e6, "USD"), (5e6, "MYR")}),
    ("sakura-rail-investment", {"Kenji Morimoto", "Rakesh Mehta"},
     {"Sakura Rail Systems K.K.", "Vadodara Engineering Works Ltd.", "Ministry of Railways"},
     {(12e9, "JPY"), (6.8e9, "INR"), (2.5e9, "INR")}),
    ("verdant-grant", {"Sanne de Vries"},
     {"Verdant AgriTech B.V.", "European Innovation Council", "Wageningen University & Research",
      "Kenya Agricultural and Livestock Research Organization"},
     {(2.5e6, "EUR"), (6e6, "EUR")}),
    ("orbital-fintech-award", {"Grace Leung", "Rahul Menon"},
     {"Orbital Pay Limited", "Harbourfront Ventures", "Lion Rock Capital"}, {(4e9, "HKD"), (20e6, "HKD")}),
]


@pytest.fixture(scope="module")
def records(extractor) -> dict[str, Record]:
    documents = [d for d in iter_documents([str(SAMPLES)]) if isinstance(d, Document)]
    return {r.id: r for r in extractor.extract_many(documents)}


def _names(entities) -> set[str]:
    return {n for e in entities for n in (e.name, *e.aliases)}


@pytest.mark.parametrize("stem, people, organizations, money", EXPECTED, ids=[e[0] for e in EXPECTED])
def test_sample_records_name_exactly_what_a_reader_would(records, stem, people, organizations, money):
    record = records[stem]
    assert {p.name for p in record.people} == people
    assert {o.name for o in record.organizations} == organizations
    # one item per distinct figure: a headline amount repeated in the body is not listed twice
    assert sorted((round(m.amount, 2), m.currency) for m in record.money) == sorted((round(a, 2), c) for a, c in money)


def test_every_sample_has_a_record_in_input_order(records):
    assert list(records) == [p.stem for p in SAMPLE_RELEASES]
    assert [r.source for r in records.values()] == [str(p) for p in SAMPLE_RELEASES]


def test_extract_returns_a_record_with_offsets_into_the_text(extractor):
    text = "Acme Robotics Inc. raised $12 million, its chief executive Jane Doe said on Monday."
    record = extractor.extract(text, id="acme")
    assert record.id == "acme"
    assert [(m.amount, m.currency) for m in record.money] == [(12e6, "USD")]
    assert all(text[m.start:m.end] == m.text for m in record.money)
    assert "Jane Doe" in _names(record.people)


def test_extract_many_streams_plain_strings_with_generated_ids(extractor):
    texts = ["Zeta Corp. paid €5 million.", "No figures here at all."]
    records = list(extractor.extract_many(iter(texts)))
    assert [r.id for r in records] == ["text-1", "text-2"]
    assert [m.currency for m in records[0].money] == ["EUR"]
    assert records[1].money == []


def test_title_is_the_headline_line(records):
    assert records["lumora-product-launch"].title.startswith("Lumora Launches Wafer-Thin Solar Roof Tiles")


@pytest.mark.parametrize("text, title", [
    ("# Acme Wins Award\n\nBody text.", "Acme Wins Award"),
    ("Acme Wins Award\n\nBody text.", "Acme Wins Award"),
    ("LONDON, 1 May 2026 - Acme Ltd. said today that it had won a long list of awards.", None),
    ("", None),
])
def test_find_title(text, title):
    from extractor.record import find_title

    assert find_title(text) == title


class _BatchRecorder:
    """A model component that notes how many characters each batch it is given holds."""

    def __init__(self):
        self.batch_chars: list[int] = []

    def __call__(self, doc):
        return doc

    def pipe(self, docs, batch_size=1000):
        from spacy.util import minibatch

        for batch in minibatch(docs, batch_size):
            self.batch_chars.append(sum(len(d.text) for d in batch))
            yield from batch


def test_a_model_batch_never_holds_more_than_its_character_budget():
    """Peak memory follows the largest batch: many long texts in a row must not make a larger one."""
    import spacy
    from spacy.language import Language

    from extractor import Extractor
    from extractor.pipeline import add_extractor_components

    if "test_batch_recorder" not in Language.factories:
        Language.factory("test_batch_recorder", func=lambda nlp, name: _BatchRecorder())
    nlp = spacy.blank("en")
    recorder = nlp.add_pipe("test_batch_recorder")
    extractor = Extractor(nlp=add_extractor_components(nlp))
    long_text = "Word " * 3_000  # 15,000 characters: one chunk each
    records = list(extractor.extract_many([long_text] * 12, batch_size=16, batch_chars=40_000))
    assert [r.id for r in records] == [f"text-{n}" for n in range(1, 13)]
    assert recorder.batch_chars == [30_000] * 6  # two texts a batch: a third would pass 40,000
