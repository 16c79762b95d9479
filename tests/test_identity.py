"""One key for one entity across releases (batch summaries and the database rely on it)."""
import pytest

from extractor.identity import organization_key, person_key


@pytest.mark.parametrize("a, b", [
    ("Acme Corp.", "ACME Corporation"),
    ("the Acme Corporation", "Acme Corp"),
    ("Acme Co., Ltd.", "ACME CO LTD"),
    ("Société Générale S.A.", "Societe Generale"),
])
def test_same_organization_written_differently(a, b):
    assert organization_key(a) == organization_key(b)


@pytest.mark.parametrize("a, b", [
    ("Acme Corp.", "Acme Labs Corp."),
    ("Sony Group Corporation", "Sony Bank"),
])
def test_different_organizations_stay_apart(a, b):
    assert organization_key(a) != organization_key(b)


def test_person_key_ignores_case_honorific_and_spacing():
    assert {person_key(n) for n in ("Dr. Jane Doe", "JANE DOE", "Jane  Doe")} == {"jane doe"}
    assert person_key("Jane Doe") != person_key("John Doe")
