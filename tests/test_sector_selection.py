"""The sector selector: which reported sectors are the release's own (`primary`)."""
import json

import pytest
import spacy

import extractor.components  # noqa: F401  (registers the factories)
from extractor.components.sector_selection import FEATURES, SectorCandidate, load_selector, parse_selector
from extractor.components.sectors import Mention
from extractor.components.selection import SelectorError
from extractor.schema import GICS_SECTORS


def _term(term, strong=True, described=False, **flags):
    return Mention(industry=0, term=term, text=term, start=0, strong=strong,
                   description=0 if described else -1, **flags)


def test_every_feature_says_why():
    assert all(feature.__doc__ for feature in FEATURES.values())
    assert {f"sector: {name}" for name in GICS_SECTORS} <= set(FEATURES)


def test_bundled_selector_uses_known_features_only():
    selector = load_selector()
    assert set(selector.weights) <= set(FEATURES)
    assert 0 < selector.threshold < 1


def test_the_subject_sector_is_chosen_and_an_aside_is_not():
    selector = load_selector()
    subject = SectorCandidate("Health Care", [
        _term("biotechnology", headline=True, lead=True, described=True, what_it_makes=True),
        _term("drug developer", lead=True), _term("clinical trial")], industries=1, order=0, share=0.75, rivals=2)
    aside = SectorCandidate("Financials", [_term("bank", strong=False, in_list=True)],
                            industries=1, order=1, share=0.25, rivals=2)
    assert selector.probability(subject) >= selector.threshold > selector.probability(aside)


@pytest.mark.parametrize("content, problem", [
    ("[1, 2]", "expected an object with 'weights' and 'threshold'"),
    ('{"weights": {"bias": 1}}', "'threshold' must be a number from 0 to 1"),
    ('{"weights": {"bias": 1}, "threshold": 2}', "'threshold' must be a number from 0 to 1"),
    ('{"weights": {"bias": 1, "colour": 2}, "threshold": 0.5}', "unknown features colour"),
    ('{"weights": {"bias": "high"}, "threshold": 0.5}', "every weight must be a number"),
    ('{"weights": ', "not JSON (Expecting value, line 1)"),
])
def test_bad_weights_file_names_file_and_problem(tmp_path, content, problem):
    path = tmp_path / "weights.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(SelectorError) as raised:
        load_selector(path)
    assert str(raised.value) == f"{path}: {problem}"


def test_missing_weights_file_is_named(tmp_path):
    path = tmp_path / "absent.json"
    with pytest.raises(SelectorError, match=f"^{path}: cannot read it"):
        load_selector(path)


def test_parse_keeps_weights_and_threshold():
    selector = parse_selector({"weights": {"bias": 1, "share": -2.5}, "threshold": 0.3}, "inline")
    assert selector.weights == {"bias": 1.0, "share": -2.5} and selector.threshold == 0.3
    assert parse_selector(selector.to_json(), "again") == selector


@pytest.mark.parametrize("bias, primary", [(10.0, True), (-10.0, False)])
def test_selector_file_in_the_pipeline_config_decides_primary(tmp_path, bias, primary):
    path = tmp_path / "weights.json"
    path.write_text(json.dumps({"weights": {"bias": bias}, "threshold": 0.5}), encoding="utf-8")
    nlp = spacy.blank("en")
    nlp.add_pipe("extractor_sectors", config={"selector": str(path)})
    doc = nlp("Delta Bank Opens Branch\n\nIt serves industries including banking, logistics and hospitality.")
    assert {(s["sector"], s["primary"]) for s in doc._.sectors} == {
        ("Financials", primary), ("Industrials", primary), ("Consumer Discretionary", primary)}
