"""The `extractor` command as users run it: CliRunner in-process, and the installed command in a pipe."""
from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
from typer.testing import CliRunner

from extractor.cli import app
from extractor.components.organization_checks import PERSON_FORM_CHECKS, check_name
from extractor.components.organizations import all_check_names
from extractor.components.person_checks import PERSON_CHECKS
from tests.conftest import SAMPLE_RELEASES, SAMPLES

runner = CliRunner()
SAMPLE = SAMPLES / "brightpath-series-b.md"
COMMAND = Path(sys.executable).parent / "extractor"


@pytest.fixture(scope="module")
def record_schema() -> dict:
    result = runner.invoke(app, ["schema"])
    assert result.exit_code == 0
    return json.loads(result.stdout)


def test_version_and_help_answer_without_loading_a_model():
    code = "import sys, extractor.cli as c; sys.argv=['extractor', '--version']; c.main()"
    done = subprocess.run([sys.executable, "-c", code + "\n"], capture_output=True, text=True)
    assert done.stdout.startswith("extractor ")
    check = "import sys; import extractor.cli; print('spacy' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", check], capture_output=True, text=True).stdout.strip() == "False"
    assert "extract" in runner.invoke(app, ["--help"]).stdout


def test_help_shows_flags_as_flags():
    """A flag takes no value: its help line shows no metavar such as `<bool>`."""
    lines = runner.invoke(app, ["extract", "--help"], terminal_width=120).stdout.splitlines()
    quiet = next(line for line in lines if "--quiet" in line)
    assert "No progress bar" in quiet and "<" not in quiet and "BOOL" not in quiet.upper()
    assert not any("<list" in line or "<bool>" in line for line in lines)


def test_folder_as_jsonl_gives_one_valid_record_per_sample(extractor, record_schema):
    result = runner.invoke(app, ["extract", str(SAMPLES), "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["id"] for r in records] == [p.stem for p in SAMPLE_RELEASES]
    for record in records:
        jsonschema.validate(record, record_schema)


def test_json_format_is_one_object_for_one_file(extractor, record_schema):
    result = runner.invoke(app, ["extract", str(SAMPLE), "--format", "json"])
    assert result.exit_code == 0
    record = json.loads(result.stdout)
    jsonschema.validate(record, record_schema)
    assert record["id"] == "brightpath-series-b"
    assert (45e6, "USD") in {(m["amount"], m["currency"]) for m in record["money"]}


def test_csv_format_has_one_row_per_item(extractor):
    result = runner.invoke(app, ["extract", str(SAMPLE), "--format", "csv"])
    assert result.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert {"person", "organization", "money", "sector"} <= {r["field"] for r in rows}
    money = [(r["name"], float(r["amount"]), r["currency"], r["qualifier"], r["kind"], r["mentions"])
             for r in rows if r["field"] == "money"]
    # the headline's "$45 Million" and the body's "$45 million" are one figure, mentioned twice
    assert money == [("$45 Million", 45e6, "USD", "", "funding", "2"), ("$12.5 million", 12.5e6, "USD", "", "revenue", "1")]


def test_csv_gives_a_document_with_nothing_found_its_own_row(extractor, tmp_path):
    (tmp_path / "a.txt").write_text("Nothing to see here.", encoding="utf-8")
    (tmp_path / "b.txt").write_text("It paid $5 million.", encoding="utf-8")
    result = runner.invoke(app, ["extract", str(tmp_path), "--format", "csv"])
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [(r["id"], r["field"], r["amount"]) for r in rows] == [("a", "", ""), ("b", "money", "5000000.0")]


@pytest.mark.parametrize(("arguments", "shape"), [
    (["one/a.txt"], dict),  # one file: one object
    (["one"], list),  # a folder, even of one file: an array
    (["one/a.txt", "two/b.txt"], list),
])
def test_json_shape_follows_the_command_not_the_folder(extractor, tmp_path, monkeypatch, arguments, shape):
    for name in ("one/a.txt", "two/b.txt"):
        (tmp_path / name).parent.mkdir(exist_ok=True)
        (tmp_path / name).write_text("It paid $5 million.", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["extract", *arguments, "--format", "json"])
    assert result.exit_code == 0
    assert type(json.loads(result.stdout)) is shape


def test_plain_text_offsets_index_the_file_as_written(extractor, tmp_path):
    path = tmp_path / "note.txt"
    path.write_text("# Acme Raises $5 Million\n\nAcme raised $5 million.\n", encoding="utf-8")
    record = json.loads(runner.invoke(app, ["extract", str(path), "--format", "json"]).stdout)
    text = path.read_text(encoding="utf-8")
    assert [(text[m["start"]:m["end"]], m["text"]) for m in record["money"]] == [("$5 Million", "$5 Million")]
    assert [text[x["start"]:x["end"]] for x in record["money"][0]["mentions"]] == ["$5 Million", "$5 million"]
    assert "text" not in record


def test_include_text_gives_the_reduced_text_the_offsets_index(extractor, tmp_path):
    path = tmp_path / "page.md"
    path.write_text("# Acme Raises **$5 Million**\n\nAcme raised [$5 million](https://acme.example).\n")
    record = json.loads(runner.invoke(app, ["extract", str(path), "--format", "json", "--include-text"]).stdout)
    assert record["text"].startswith("Acme Raises $5 Million")
    assert [record["text"][x["start"]:x["end"]] for x in record["money"][0]["mentions"]] == ["$5 Million", "$5 million"]


def test_table_format_wraps_names_on_an_80_column_terminal(extractor):
    result = runner.invoke(app, ["extract", str(SAMPLE), "--format", "table"], env={"COLUMNS": "80"})
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert max(len(line) for line in lines) <= 80
    for heading in ("People", "Organizations", "Money", "Sectors"):
        assert heading in result.stdout
    assert "Maya Patel" in result.stdout
    assert "Remote Patient Monitoring" in " ".join(line.strip() for line in lines)  # the long title wraps


def test_jsonl_input_uses_its_ids(extractor, tmp_path):
    path = tmp_path / "batch.jsonl"
    path.write_text(json.dumps({"id": "a1", "text": "Orion Ltd. raised £3 million."}) + "\n"
                    + json.dumps({"id": "a2", "text": "Nothing to see."}) + "\n", encoding="utf-8")
    result = runner.invoke(app, ["extract", str(path), "--format", "jsonl"])
    assert result.exit_code == 0
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["id"] for r in records] == ["a1", "a2"]
    assert [(m["amount"], m["currency"]) for m in records[0]["money"]] == [(3e6, "GBP")]


def test_missing_path_is_a_usage_error_naming_it():
    result = runner.invoke(app, ["extract", "no/such/release.txt"])
    assert result.exit_code == 2
    assert "no/such/release.txt" in result.stderr
    assert "Traceback" not in result.output


def test_missing_model_is_a_one_line_error_saying_how_to_install(tmp_path):
    result = runner.invoke(app, ["extract", str(SAMPLE), "--model", "xx_no_such_model"])
    assert result.exit_code == 2
    assert "xx_no_such_model" in result.stderr and "install" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_a_model_folder_that_holds_no_pipeline_is_named_not_offered_to_pip(tmp_path):
    result = runner.invoke(app, ["extract", str(SAMPLE), "--model", str(tmp_path / "model-best")])
    assert (result.exit_code, result.stderr) == (2, f"extractor: {tmp_path / 'model-best'}: no spaCy pipeline "
                                                    "there (a folder that a pipeline's `to_disk` wrote, with its "
                                                    "config.cfg)\n")


def test_installed_command_reads_a_pipe_and_writes_jsonl():
    done = subprocess.run([str(COMMAND), "extract"], input=SAMPLE.read_text(encoding="utf-8"),
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    record = json.loads(done.stdout)
    assert record["id"] == "stdin"
    assert "Maya Patel" in {p["name"] for p in record["people"]}


def test_python_dash_m_runs_the_same_cli():
    done = subprocess.run([sys.executable, "-m", "extractor", "extract", "-", "--format", "json"],
                          input="Kappa Ltd. won a HK$8 million contract.", capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr
    assert [(m["amount"], m["currency"]) for m in json.loads(done.stdout)["money"]] == [(8e6, "HKD")]


def test_explain_names_the_check_that_dropped_each_candidate(extractor, tmp_path):
    path = tmp_path / "launch.md"
    path.write_text("# Lumora Launches Solar Roof Tiles\n\nMUNICH -- Lumora GmbH today launched its SolTile roof "
                    'tiles. "SolTile makes the roof itself the power plant," said Katrin Vogel, CEO of Lumora.\n',
                    encoding="utf-8")
    record = json.loads(runner.invoke(app, ["extract", str(path), "--format", "json", "--explain"]).stdout)
    # the model reads the product as the subject of "makes"; the check that knows products drops it, and says so
    assert [(r["field"], r["check"]) for r in record["rejected"] if r["text"] == "SolTile"] == [
        ("organization", "named as a thing")]
    assert {o["name"] for o in record["organizations"]} == {"Lumora GmbH"}
    known = set(all_check_names()) | {check_name(c) for c in PERSON_FORM_CHECKS} | {name for name, _ in PERSON_CHECKS}
    assert {r["check"] for r in record["rejected"]} <= known
    assert "rejected" not in json.loads(runner.invoke(app, ["extract", str(path), "--format", "json"]).stdout)


@pytest.mark.parametrize(("arguments", "warnings"), [
    (["other"], ["extractor: other: no .txt, .md, .html or .jsonl file (--glob picks others)"]),
    (["other", "--glob", "*.doc"], ["extractor: other: no file matches --glob"]),
    (["news", "other"], ["extractor: other: no .txt, .md, .html or .jsonl file (--glob picks others)"]),
    (["news"], []),
])
def test_a_folder_with_nothing_to_read_says_so(extractor, tmp_path, monkeypatch, arguments, warnings):
    (tmp_path / "other").mkdir()
    (tmp_path / "other" / "report.pdf").write_bytes(b"%PDF-1.4")
    (tmp_path / "other" / ".draft.md").write_text("hidden", encoding="utf-8")
    (tmp_path / "news").mkdir()
    (tmp_path / "news" / "a.txt").write_text("It paid $5 million.", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["extract", *arguments, "--format", "jsonl", "--quiet"])
    assert result.exit_code == 0
    assert result.stderr.splitlines() == warnings
    assert len(result.stdout.splitlines()) == (1 if "news" in arguments else 0)


@pytest.mark.parametrize("command, message", [
    ("extract", "extractor: no input: give files or folders, or pipe text on stdin (see --help)"),
    ("summarize", "extractor: no input: give JSON Lines files, or pipe them on stdin (see --help)"),
])
def test_no_path_and_stdin_from_a_device_is_a_usage_error(command, message):
    with open(os.devnull, "rb") as devnull:
        done = subprocess.run([str(COMMAND), command], stdin=devnull, capture_output=True, text=True, timeout=60)
    assert (done.returncode, done.stdout, done.stderr) == (2, "", message + "\n")


def test_no_path_and_stdin_from_a_file_reads_the_file(tmp_path, blank_model):
    (tmp_path / "release.txt").write_text("Orbis Robotics Inc. raised $5 million.", encoding="utf-8")
    with open(tmp_path / "release.txt", "rb") as release:
        done = subprocess.run([str(COMMAND), "extract", "--format", "jsonl", "--model", str(blank_model)],
                              stdin=release,
                              capture_output=True, text=True, timeout=120)
    assert done.returncode == 0
    assert [m["amount"] for m in json.loads(done.stdout)["money"]] == [5e6]
