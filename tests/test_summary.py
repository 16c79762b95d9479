"""Batch summaries: exact counts over records built here, 80-column tables, streaming, the command."""
from __future__ import annotations

import io
import json
import subprocess
import sys
import tracemalloc
from pathlib import Path

import pytest
from rich.console import Console
from typer.testing import CliRunner

from extractor.cli import app
from extractor.summary import BAR_WIDTH, LARGEST_KEPT, RELEASE_IDS_KEPT, Summary, render_summary, summarize_lines

runner = CliRunner()


def money(text: str, amount: float, currency: str, qualifier: str | None = None) -> dict:
    return {"text": text, "amount": amount, "currency": currency, "start": 0, "end": len(text),
            "qualifier": qualifier}


WEEK = [
    {"id": "mon-1",
     "organizations": [{"name": "Acme Corp.", "mentions": 3}, {"name": "Beta GmbH"}],
     "people": [{"name": "Jane Doe", "title": "CEO", "organization": "Acme Corp.", "mentions": 2}],
     "money": [money("$5 million", 5e6, "USD"), money("up to $2 million", 2e6, "USD", "at_most"),
               money("€1 million", 1e6, "EUR")],
     "sectors": [{"sector": "Energy", "industry": "Oil, Gas & Consumable Fuels", "primary": True},
                 {"sector": "Utilities", "industry": "Electric Utilities"}]},
    {"id": "tue-2",
     "organizations": [{"name": "ACME Corporation"}],
     "people": [{"name": "JANE DOE", "title": "CEO", "organization": "ACME Corporation"}, {"name": "John Roe"}],
     "money": [money("$10 million", 10e6, "USD"), money("¥500 million", 500e6, "JPY")],
     "sectors": [{"sector": "Energy", "industry": "Oil, Gas & Consumable Fuels"}]},
    {"id": "wed-3", "organizations": [{"name": "Acme Corp."}, {"name": "the Acme Corp"}]},
    {"id": "thu-4"},
]
WEEK_SUMMARY = {
    "documents": 4,
    "organizations": [
        {"name": "Acme Corp.", "documents": 3, "mentions": 6, "other_names": ["ACME Corporation", "the Acme Corp"],
         "release_ids": ["mon-1", "tue-2", "wed-3"]},
        {"name": "Beta GmbH", "documents": 1, "mentions": 1, "other_names": [], "release_ids": ["mon-1"]},
    ],
    "distinct_organizations": 2,
    "people": [
        {"name": "Jane Doe", "title": "CEO, Acme Corp.", "documents": 2, "mentions": 3, "other_names": ["JANE DOE"],
         "release_ids": ["mon-1", "tue-2"]},
        {"name": "John Roe", "title": None, "documents": 1, "mentions": 1, "other_names": [],
         "release_ids": ["tue-2"]},
    ],
    "distinct_people": 2,
    "money": [
        {"currency": "USD", "figures": 3, "documents": 2, "total": 15e6, "not_totalled": 1, "largest": [
            {"amount": 10e6, "text": "$10 million", "qualifier": None, "release_id": "tue-2"},
            {"amount": 5e6, "text": "$5 million", "qualifier": None, "release_id": "mon-1"},
            {"amount": 2e6, "text": "up to $2 million", "qualifier": "at_most", "release_id": "mon-1"}]},
        {"currency": "EUR", "figures": 1, "documents": 1, "total": 1e6, "not_totalled": 0, "largest": [
            {"amount": 1e6, "text": "€1 million", "qualifier": None, "release_id": "mon-1"}]},
        {"currency": "JPY", "figures": 1, "documents": 1, "total": 500e6, "not_totalled": 0, "largest": [
            {"amount": 500e6, "text": "¥500 million", "qualifier": None, "release_id": "tue-2"}]},
    ],
    "sectors": [{"sector": "Energy", "documents": 2, "primary": 1}, {"sector": "Utilities", "documents": 1, "primary": 0}],
}


def jsonl(records: list[dict]) -> list[str]:
    return [json.dumps(record, ensure_ascii=False) + "\n" for record in records]


def test_a_week_of_records_gives_exact_counts_per_entity_currency_and_sector():
    assert summarize_lines(jsonl(WEEK)).as_dict() == WEEK_SUMMARY


def test_two_forms_of_one_organization_in_one_release_count_it_once():
    summary = summarize_lines(jsonl([{"id": "a", "organizations": [{"name": "ACME Inc", "mentions": 2},
                                                                   {"name": "Acme Corp."}]}]))
    assert [(o.name, o.documents, o.mentions, o.release_ids) for o in summary.top_organizations()] == [
        ("Acme Corp.", 1, 3, ["a"])]  # the fuller form names it


def test_lines_that_are_not_records_are_reported_by_number_and_the_rest_counted():
    problems = []
    lines = [*jsonl(WEEK[:1]), "not json\n", "\n", json.dumps({"id": "x", "people": "nobody"}) + "\n", *jsonl(WEEK[1:2])]
    summary = summarize_lines(lines, on_error=lambda number, reason: problems.append((number, reason)))
    assert summary.documents == 2
    assert problems == [(2, "not JSON"), (4, "not an extractor record (people: Input should be a valid array)")]
    with pytest.raises(ValueError, match="^line 2: not JSON$"):
        summarize_lines(lines)


def rendered(summary: Summary, width: int = 80) -> list[str]:
    console = Console(width=width, record=True, file=io.StringIO(), color_system=None)
    render_summary(summary, console)
    return console.export_text().splitlines()


def test_tables_and_bars_fit_80_columns_even_with_long_names():
    long_week = [*WEEK, {"id": "fri-5-" + "x" * 90, "organizations": [
        {"name": "Kenya Agricultural and Livestock Research Organization of the Republic of Kenya"}],
        "people": [{"name": "Aiko Tanabe", "title": "Director-General of the Chubu Bureau of Economy, Trade and "
                                                     "Industry", "organization": "Ministry of Economy"}],
        "money": [money("KRW 2,852,000,413,500", 2852000413500, "KRW")]}]
    lines = rendered(summarize_lines(jsonl(long_week)))
    assert max(map(len, lines)) <= 80
    text = "\n".join(lines)
    for heading in ("5 documents summarised", "Organizations named in most releases", "People named in most releases",
                    "Money per currency", "Largest amounts", "Sectors: releases naming each"):
        assert heading in text
    bars = {line.split("│")[1].strip(): line.count("█") for line in lines if "█" in line}
    assert bars == {"Energy": BAR_WIDTH, "Utilities": BAR_WIDTH // 2}


def test_money_rows_show_each_currency_total_apart():
    lines = rendered(summarize_lines(jsonl(WEEK)))
    rows = [[cell.strip() for cell in line.split("│")[1:-1]] for line in lines if line.startswith("│")]
    assert ["USD", "3", "2", "15,000,000", "1"] in rows
    assert ["JPY", "1", "1", "500,000,000", "0"] in rows
    assert ["Acme Corp.", "3", "6", "mon-1, tue-2, wed-3"] in rows


def test_empty_input_says_so():
    assert rendered(Summary()) == ["0 documents summarised", "0 organizations, 0 people, 0 money figures in 0 currencies",
                                   "no records"]


LINE = json.dumps({"id": "r", "organizations": [{"name": "Acme Corp."}], "people": [{"name": "Jane Doe"}],
                   "money": [money("$5", 5.0, "USD")], "sectors": [{"sector": "Energy", "industry": "Oil"}]}) + "\n"


def test_100000_lines_are_summarised_one_at_a_time_with_bounded_state():
    summary = Summary()
    behind = []

    def lines():
        for n in range(100_000):
            behind.append(n - summary.documents)  # lines handed out but not yet summarised
            yield LINE

    summarize_lines(lines(), summary=summary)
    assert summary.documents == 100_000 and set(behind) == {0}
    acme = summary.organizations["acme"]
    assert (acme.documents, acme.mentions, len(acme.release_ids)) == (100_000, 100_000, RELEASE_IDS_KEPT)
    usd = summary.money["USD"]
    assert (usd.figures, usd.total, len(usd.largest)) == (100_000, 500_000.0, LARGEST_KEPT)


def test_memory_does_not_grow_with_the_number_of_lines():
    def peak(n: int) -> int:
        tracemalloc.start()
        try:
            summarize_lines(LINE for _ in range(n))
            return tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()

    small, large = peak(1_000), peak(10_000)
    assert large < 10_000 * len(LINE) / 10  # far below what the lines take, let alone parsed records
    assert large < 2 * small + 64 * 1024


def test_summarize_command_gives_the_same_summary_as_json_and_as_tables(tmp_path):
    path = tmp_path / "out.jsonl"
    path.write_text("".join(jsonl(WEEK)), encoding="utf-8")
    result = runner.invoke(app, ["summarize", str(path), "--format", "json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == WEEK_SUMMARY
    tables = runner.invoke(app, ["summarize", str(path)], env={"COLUMNS": "80"})
    assert tables.exit_code == 0 and tables.stdout.startswith("4 documents summarised\n")
    assert max(map(len, tables.stdout.splitlines())) <= 80
    piped = runner.invoke(app, ["summarize", "--format", "json", "--top", "1"], input="".join(jsonl(WEEK)))
    assert [o["name"] for o in json.loads(piped.stdout)["organizations"]] == ["Acme Corp."]


def test_summarize_reports_bad_files_and_lines_in_one_line_each_and_goes_on(tmp_path):
    good, bad = tmp_path / "good.jsonl", tmp_path / "bad.jsonl"
    good.write_text("".join(jsonl(WEEK)), encoding="utf-8")
    bad.write_text("".join(jsonl(WEEK[:1])) + "# a heading\n" * 8, encoding="utf-8")
    result = runner.invoke(app, ["summarize", str(tmp_path / "missing.jsonl"), str(bad), str(good), "--format", "json"])
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"extractor: {tmp_path / 'missing.jsonl'}: cannot read (No such file or directory)",
        *[f"extractor: {bad}:{n}: not JSON" for n in range(2, 7)],
        f"extractor: {bad}: 3 more lines that are not records",
    ]
    assert json.loads(result.stdout)["documents"] == 5


def test_summarize_reads_what_extract_writes(extractor, tmp_path):
    from tests.conftest import SAMPLES

    out = runner.invoke(app, ["extract", str(SAMPLES), "--format", "jsonl", "--quiet"]).stdout
    summary = json.loads(runner.invoke(app, ["summarize", "--format", "json"], input=out).stdout)
    records = [json.loads(line) for line in out.splitlines()]
    assert summary["documents"] == len(records) == 9
    usd = next(m for m in summary["money"] if m["currency"] == "USD")
    assert usd["figures"] == sum(m["currency"] == "USD" for r in records for m in r["money"])
    assert {s["sector"]: s["documents"] for s in summary["sectors"]} == {
        sector: sum(sector in {s["sector"] for s in r["sectors"]} for r in records)
        for sector in {s["sector"] for r in records for s in r["sectors"]}}


def test_extract_with_summary_prints_what_summarize_gives_and_still_writes_the_folder(extractor, tmp_path):
    from tests.conftest import SAMPLES

    jsonl_out = runner.invoke(app, ["extract", str(SAMPLES), "--format", "jsonl", "--quiet"]).stdout
    expected = json.loads(runner.invoke(app, ["summarize", "--format", "json"], input=jsonl_out).stdout)
    direct = runner.invoke(app, ["extract", str(SAMPLES), "--summary", "--format", "json", "--quiet"])
    assert direct.exit_code == 0 and json.loads(direct.stdout) == expected
    written = runner.invoke(app, ["extract", str(SAMPLES), "--summary", "--output-dir", str(tmp_path / "out")])
    assert written.exit_code == 0 and written.stdout.startswith("9 documents summarised\n")
    assert len(list((tmp_path / "out").glob("*.json"))) == 9
    refused = runner.invoke(app, ["extract", str(SAMPLES), "--summary", "--format", "csv"])
    assert refused.exit_code == 2 and refused.stderr == "extractor: --summary prints tables or JSON; use --format table or json\n"


@pytest.mark.parametrize("output_format", ["table", "json"])
def test_summarize_to_a_closed_stdout_is_one_line_and_exit_2(tmp_path, output_format):
    records = tmp_path / "out.jsonl"
    records.write_text("".join(jsonl(WEEK)), encoding="utf-8")
    command = Path(sys.executable).parent / "extractor"
    done = subprocess.run(f'"{command}" summarize "{records}" --format {output_format} >&-', shell=True,
                          capture_output=True, text=True, timeout=120)
    assert (done.returncode, done.stderr.splitlines()) == (2, ["extractor: stdout is closed: redirect it to a file"])


def test_a_json_document_instead_of_json_lines_is_one_line_saying_so(tmp_path):
    good, array, one = tmp_path / "good.jsonl", tmp_path / "array.json", tmp_path / "one.json"
    good.write_text("".join(jsonl(WEEK)), encoding="utf-8")
    array.write_text(json.dumps(WEEK, indent=2), encoding="utf-8")
    one.write_text(json.dumps(WEEK[0], indent=2), encoding="utf-8")
    result = runner.invoke(app, ["summarize", str(array), str(one), str(good), "--format", "json"])
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"extractor: {name}: a JSON document, not JSON Lines (one record per line: extract with --format jsonl)"
        for name in (array, one)]
    assert json.loads(result.stdout)["documents"] == len(WEEK)


def test_a_binary_file_is_one_line_naming_its_kind(tmp_path):
    good, picture = tmp_path / "good.jsonl", tmp_path / "chart.jsonl"
    good.write_text("".join(jsonl(WEEK)), encoding="utf-8")
    picture.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 40 + b"\n" * 20)
    result = runner.invoke(app, ["summarize", str(picture), str(good), "--format", "json"])
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [f"extractor: {picture}: not a text file (PNG image)"]
    assert json.loads(result.stdout)["documents"] == len(WEEK)
