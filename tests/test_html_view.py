"""The highlighted HTML view: which spans are marked, that input cannot run, and what a browser shows."""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from selectolax.lexbor import LexborHTMLParser as HTMLParser
from typer.testing import CliRunner

from extractor.cli import app
from extractor.html_view import KINDS, marks, record_html, render_article
from extractor.schema import Record
from tests.conftest import SAMPLES

runner = CliRunner()
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")

ATTACK = '<script>document.title = "pwned"; document.body.setAttribute("data-pwned", "1")</script>'
TEXT = (f"Jane Doe, CEO of Acme Corp., said Acme will invest $5 million in solar farms. {ATTACK} "
        "The Jane Doe Foundation and Acme welcomed the solar project; Doe agreed.")


def built_record(text: str = TEXT) -> Record:
    """A record as the extractor writes it, with offsets into `text`."""
    start = text.index("$5 million")
    return Record.model_validate({
        "id": "acme-<b>solar</b>",
        "title": 'Acme <img src=x onerror="document.title=1"> invests',
        "people": [{"name": "Jane Doe", "title": "CEO", "organization": "Acme Corp.", "aliases": ["Doe"],
                    "mentions": 2}],
        "organizations": [{"name": "Acme Corp.", "aliases": ["Acme"], "mentions": 3},
                          {"name": "Jane Doe Foundation", "mentions": 1}],
        "money": [{"text": "$5 million", "amount": 5e6, "currency": "USD", "start": start, "end": start + 10,
                   "kind": "investment", "mentions": [{"text": "$5 million", "start": start, "end": start + 10}]}],
        "sectors": [{"sector": "Utilities", "industry": "Renewable Electricity", "evidence": ["solar farms", "solar"],
                     "mentions": 2, "primary": True}],
        "text": text,
    })


EXPECTED_MARKS = [
    ("Jane Doe", "PERSON"), ("Acme Corp.", "ORG"), ("Acme", "ORG"), ("$5 million", "MONEY"),
    ("solar farms", "SECTOR"), ("Jane Doe Foundation", "ORG"), ("Acme", "ORG"), ("solar", "SECTOR"),
    ("Doe", "PERSON"),
]


def test_marks_are_every_form_once_longest_first_and_money_at_its_offsets():
    record = built_record()
    found = marks(record, record.text)
    # 'Jane Doe Foundation' is one organization, not a person inside one; 'solar' inside 'solar farms' is not
    # marked twice; the input's own script text is not a mark
    assert [(record.text[m.start:m.end], m.label) for m in found] == EXPECTED_MARKS
    assert found == sorted(found)


def test_money_offsets_that_do_not_index_the_text_are_not_marked():
    record = built_record()
    shifted = "x" + record.text
    assert ("$5 million", "MONEY") not in [(shifted[m.start:m.end], m.label) for m in marks(record, shifted)]


def test_page_escapes_the_input_and_allows_no_script():
    page = record_html(built_record())
    tree = HTMLParser(page)
    assert tree.css("script") == [] and tree.css("img") == []
    assert ATTACK in tree.css_first(".release").text()  # shown as text, exactly as written
    assert tree.css_first("title").text() == 'Acme <img src=x onerror="document.title=1"> invests'
    assert "script-src" not in page and "default-src 'none'" in page  # nothing runs even if escaping failed


def test_legend_names_every_kind_in_its_colour():
    tree = HTMLParser(record_html(built_record()))
    chips = [(chip.text(), chip.attributes["style"]) for chip in tree.css(".legend .chip")]
    assert chips == [(label, f"background: {colour}") for label, (colour, _) in KINDS.items()]
    assert len({colour for colour, _ in KINDS.values()}) == len(KINDS)


def test_record_panel_shows_the_normalised_record():
    tree = HTMLParser(record_html(built_record()))
    rows = [[cell.text() for cell in row.css("td")] for row in tree.css("aside tbody tr")]
    assert rows == [
        ["Jane Doe", "CEO", "Acme Corp."],
        ["Acme Corp.", "Acme", "3"], ["Jane Doe Foundation", "", "1"],
        ["$5 million", "5,000,000", "USD", "", "investment"],
        ["Utilities (primary)", "Renewable Electricity", "solar farms, solar"],
    ]


def test_a_record_without_its_text_is_refused_with_a_clear_message():
    record = built_record().model_copy(update={"text": None})
    with pytest.raises(ValueError, match=r"acme-<b>solar</b>: the HTML view needs the text"):
        render_article(record)


def _marks_in(page: str) -> list[tuple[str, str]]:
    """(text, label) of each displaCy mark: the label is the mark's last child."""
    found = []
    for mark in HTMLParser(page).css("mark.entity"):
        label = mark.css_first("span").text(strip=True)
        found.append((mark.text(strip=True).removesuffix(label).strip(), label))
    return found


BRIGHTPATH_MARKS = [
    ("BrightPath Health", "ORG"), ("$45 Million", "MONEY"), ("AI-Driven", "SECTOR"), ("Patient", "SECTOR"),
    ("BrightPath Health Inc.", "ORG"), ("patient", "SECTOR"), ("software", "SECTOR"), ("hospitals", "SECTOR"),
    ("$45 million", "MONEY"), ("Crescent Ridge Ventures", "ORG"), ("Northgate Capital", "ORG"),
    ("Harbor Lane Partners", "ORG"), ("medical device", "SECTOR"), ("artificial intelligence", "SECTOR"),
    ("BrightPath", "ORG"), ("$12.5 million", "MONEY"), ("Hospitals", "SECTOR"), ("Dr. Maya Patel", "PERSON"),
    ("BrightPath Health", "ORG"), ("Daniel Okafor", "PERSON"), ("Crescent Ridge Ventures", "ORG"),
    ("BrightPath", "ORG"), ("BrightPath", "ORG"), ("Okafor", "PERSON"), ("BrightPath Health", "ORG"),
    ("BrightPath Health Inc.", "ORG"), ("software", "SECTOR"), ("wearable", "SECTOR"), ("hospital", "SECTOR"),
]


def test_html_format_on_stdout_highlights_a_sample(extractor):
    result = runner.invoke(app, ["extract", str(SAMPLES / "brightpath-series-b.md"), "--format", "html"])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("<!DOCTYPE html>")
    assert _marks_in(result.stdout) == BRIGHTPATH_MARKS


def test_html_output_dir_writes_one_page_per_input_and_resumes(extractor, tmp_path):
    for name, text in (("a.txt", "Orion Ltd. raised £3 million."), ("b.txt", f"Nothing here. {ATTACK}")):
        (tmp_path / "in").mkdir(exist_ok=True)
        (tmp_path / "in" / name).write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    arguments = ["extract", str(tmp_path / "in"), "--format", "html", "--output-dir", str(out)]
    first = runner.invoke(app, arguments)
    assert first.exit_code == 0, first.output
    assert sorted(p.name for p in out.iterdir() if not p.name.startswith(".")) == ["a.html", "b.html"]
    assert ("£3 million", "MONEY") in _marks_in((out / "a.html").read_text(encoding="utf-8"))
    assert HTMLParser((out / "b.html").read_text(encoding="utf-8")).css("script") == []
    again = runner.invoke(app, [*arguments, "--resume"])
    assert "0 processed, 0 failed, 2 skipped" in again.stderr


@pytest.fixture(scope="module")
def browser():
    if CHROMIUM is None:
        pytest.skip("chromium is not installed (Debian: apt-get install chromium)")
    return CHROMIUM


def dump_dom(browser: str, page, profile) -> str:
    """The DOM after the page loaded and any script on it would have run, from headless Chromium."""
    done = subprocess.run(
        [browser, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--virtual-time-budget=2000", f"--user-data-dir={profile}", "--dump-dom", page.as_uri()],
        capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


def test_browser_shows_the_marks_with_their_labels_and_runs_no_input_script(browser, tmp_path):
    page = tmp_path / "view.html"
    page.write_text(record_html(built_record()), encoding="utf-8")
    dom = dump_dom(browser, page, tmp_path / "profile")
    tree = HTMLParser(dom)
    assert _marks_in(dom) == EXPECTED_MARKS
    assert tree.css_first("title").text() == 'Acme <img src=x onerror="document.title=1"> invests'
    assert "data-pwned" not in tree.body.attributes and "pwned" not in tree.css_first("title").text()
    assert ATTACK in tree.css_first(".release").text()
    assert tree.css("script") == [] and tree.css("img") == []


def test_browser_reads_the_cli_page_of_a_real_release(browser, extractor, tmp_path):
    path = tmp_path / "orion.txt"
    path.write_text(f"Orion Ltd. raised £3 million, said Mary Smith, CEO of Orion Ltd. {ATTACK}\n", encoding="utf-8")
    result = runner.invoke(app, ["extract", str(path), "--format", "html"])
    record = json.loads(runner.invoke(app, ["extract", str(path), "--format", "json", "--include-text"]).stdout)
    expected = [(record["text"][m.start:m.end], m.label) for m in marks(Record.model_validate(record), record["text"])]
    page = tmp_path / "orion.html"
    page.write_text(result.stdout, encoding="utf-8")
    dom = dump_dom(browser, page, tmp_path / "profile")
    assert ("£3 million", "MONEY") in expected and _marks_in(dom) == expected
    assert "data-pwned" not in HTMLParser(dom).body.attributes



@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
def test_a_full_disk_on_stdout_fails_a_record_and_exit_1(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    for name in ("a.txt", "b.txt"):
        (folder / name).write_text(TEXT, encoding="utf-8")
    with open("/dev/full", "w") as full:
        done = subprocess.run([str(Path(sys.executable).parent / "extractor"), "extract", str(folder), "--format",
                               "html"], stdout=full, stderr=subprocess.PIPE, text=True, timeout=300)
    assert (done.returncode, done.stderr.splitlines()) == (
        1, ["extractor: stdout: No space left on device", "extractor: 0 processed, 1 failed, 0 skipped"])
