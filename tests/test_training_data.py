"""The annotated corpus in training/: every record passes the mechanical checks, and the split is fixed."""
from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TRAINING = ROOT / "training"
sys.path.insert(0, str(TRAINING))

from check_gold import record_problems  # noqa: E402


def _ids(folder: str, suffix: str) -> set[str]:
    return {p.name.removesuffix(suffix) for p in (TRAINING / folder).glob(f"*{suffix}")}


def test_every_text_has_a_record_and_every_record_passes_the_checks():
    assert _ids("corpus", ".md") == _ids("gold", ".json")
    problems = {}
    for doc_id in sorted(_ids("gold", ".json")):
        record = json.loads((TRAINING / "gold" / f"{doc_id}.json").read_text(encoding="utf-8"))
        text = (TRAINING / "corpus" / f"{doc_id}.md").read_text(encoding="utf-8")
        problems.update({doc_id: found} if (found := record_problems(record, text, doc_id)) else {})
    assert problems == {}


def test_splits_cover_the_corpus_once():
    splits = json.loads((TRAINING / "splits.json").read_text(encoding="utf-8"))
    parts = [set(splits[name]) for name in ("train", "validation", "test")]
    assert sum(map(len, parts)) == len(set().union(*parts)) == len(_ids("gold", ".json"))
    assert len(parts[1]) >= 40 and len(parts[2]) >= 40


def test_checker_reports_what_the_text_does_not_say():
    record = {"id": "x", "people": [{"name": "Jane Doe", "aliases": ["Doe"], "title": "CEO", "organization": None}],
              "organizations": [{"name": "Acme Ltd.", "aliases": []}],
              "money": [{"text": "$5 million", "amount": 5e6, "currency": "usd"}],
              "sectors": [{"sector": "Tech", "industry": "Software", "evidence": ["software"]}]}
    assert record_problems(record, "Jane Doe, CEO of Acme, sells software for $5 million.", "x") == [
        "organization: 'Acme Ltd.' is not in the text",
        "money '$5 million': currency 'usd' is not an ISO 4217 code",
        "sector 'Tech' is not a GICS sector name",
    ]


def test_review_verdicts_edit_the_record_as_judged():
    from review import apply_verdict

    text = "Acme Robotics Ltd. (ARL) hired Jane Doe. Acme said Zeta Cloud and Orbit App help. Acme Robotics grows."
    record = {"id": "x", "people": [], "organizations": [
        {"name": "Acme Robotics", "aliases": []}, {"name": "Orbit App", "aliases": []}], "money": [], "sectors": []}

    def judge(kind, name, verdict):
        return apply_verdict(record, text, {"field": "organizations", "kind": kind, "name": name}, verdict)

    assert judge("fp", "ARL", {"verdict": "alias", "of": "Acme Robotics"}) == "alias"
    assert judge("fp", "Zeta Cloud", {"verdict": "add", "name": "Zeta Cloud", "aliases": []}) == "add"
    assert judge("fp", "Zeta", {"verdict": "not"}) == "not"
    assert judge("fn", "Orbit App", {"verdict": "remove"}) == "remove"
    # the fuller form becomes the name; the old one is also written on its own, so it stays an alias
    assert judge("fn", "Acme Robotics", {"verdict": "rename", "name": "Acme Robotics Ltd."}) == "rename"
    assert judge("fn", "Nobody", {"verdict": "remove"}) == "skipped: no such gold entry"
    assert record["organizations"] == [{"name": "Acme Robotics Ltd.", "aliases": ["ARL", "Acme Robotics"]},
                                       {"name": "Zeta Cloud", "aliases": []}]
