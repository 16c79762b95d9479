"""The `extractor` command as users run it: CliRunner in-process, and the installed command in a pipe."""
from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
from typer.testing import CliRunner

from extractor.cli import app
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
    money = [r for r in rows if r["field"] == "money"]
    assert any(float(r["amount"]) == 45e6 and r["currency"] == "USD" for r in money)


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
