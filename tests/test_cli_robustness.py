"""Bad inputs in a batch: each is one line on stderr, every good file still gets its record.

Most cases run in-process with CliRunner; a few run the installed command to see what a shell sees:
a closed pipe, Ctrl-C, SIGKILL followed by --resume, worker processes.
"""
from __future__ import annotations

import codecs
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from extractor.batch import MANIFEST_NAME
from extractor.cli import app
from tests.processes import kill_group

runner = CliRunner()
COMMAND = Path(sys.executable).parent / "extractor"
# In-process runs reuse the session model (see conftest).
pytestmark = pytest.mark.usefixtures("extractor")

GOOD = {
    "alpha.txt": ("Alpha Mining Ltd. raised $5 million for a new mine.", [(5e6, "USD")]),
    "beta.md": ("# Beta Opens Plant\n\nBeta GmbH will invest [€8 million](https://beta.example) in a plant.",
                [(8e6, "EUR")]),
}


def _write(folder: Path, name: str, content: str | bytes) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def _batch(tmp_path: Path, name: str, content: str | bytes) -> Path:
    folder = tmp_path / "in"
    for good, (text, _) in GOOD.items():
        _write(folder, good, text)
    _write(folder, name, content)
    return folder


def _records(stdout: str) -> dict[str, dict]:
    return {r["id"]: r for r in map(json.loads, stdout.splitlines())}


def _money(record: dict) -> list[tuple[float, str]]:
    return [(m["amount"], m["currency"]) for m in record["money"]]


def _assert_good_files_processed(records: dict[str, dict]) -> None:
    for name, (_, money) in GOOD.items():
        assert _money(records[Path(name).stem]) == money, name


@pytest.mark.parametrize("name, content, line", [
    ("report.txt", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\nstream", "report.txt: not a text file (PDF document)"),
    ("photo.md", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "photo.md: not a text file (PNG image)"),
    ("dump.txt", b"text\x00\x00\x01binary", "dump.txt: not a text file (contains NUL bytes)"),
    ("rows.jsonl", '{"id": "r1", "text": "Gamma Inc. paid $2 million."}\n{"id": "r2", "text": \n',
     "rows.jsonl:2: invalid JSON (Expecting value)"),
    ("list.jsonl", '{"id": "r3", "text": "Gamma Inc. paid $2 million."}\n["not", "an", "object"]\n',
     'list.jsonl:2: expected an object with a "text" string'),
])
def test_bad_file_is_one_stderr_line_and_the_batch_goes_on(tmp_path, name, content, line):
    folder = _batch(tmp_path, name, content)
    result = runner.invoke(app, ["extract", str(folder), "--format", "jsonl"])
    assert result.exit_code == 1
    errors = result.stderr.splitlines()
    assert errors[0] == f"extractor: {folder / line}"
    assert errors[-1].startswith("extractor: ") and "1 failed" in errors[-1]
    assert len(errors) == 2
    records = _records(result.stdout)
    _assert_good_files_processed(records)
    if name.endswith(".jsonl"):
        assert [(2e6, "USD")] in [_money(r) for r in records.values()]


@pytest.mark.parametrize("name, content, money", [
    ("utf16.txt", codecs.BOM_UTF16_LE + "Delta Ltd. won a \u20ac4 million deal.".encode("utf-16-le"), [(4e6, "EUR")]),
    ("legacy.txt", "Caf\u00e9 Delta S.A. won a \u20ac4 million deal for its r\u00e9seau.".encode("cp1252"),
     [(4e6, "EUR")]),
    ("page.html", "<html><body><h1>Delta</h1><p>Delta Ltd. won a <b>\u00a34 million</b> deal.</p></body></html>",
     [(4e6, "GBP")]),
    ("empty.txt", "", []),
    ("blank.md", " \n\n\t\n", []),
])
def test_other_encodings_markup_and_empty_files_are_read(tmp_path, name, content, money):
    folder = _batch(tmp_path, name, content)
    result = runner.invoke(app, ["extract", str(folder), "--format", "jsonl"])
    assert result.exit_code == 0, result.stderr
    assert result.stderr.splitlines() == ["extractor: 3 processed, 0 failed, 0 skipped"]
    records = _records(result.stdout)
    _assert_good_files_processed(records)
    assert _money(records[Path(name).stem]) == money


def test_money_offsets_refer_to_the_text_the_extractor_saw(tmp_path):
    path = _write(tmp_path, "page.html", "<p>Epsilon <i>Ltd.</i> raised <a href='/x'>US$9 million</a>.</p>")
    record = json.loads(runner.invoke(app, ["extract", str(path), "--format", "json"]).stdout)
    [money] = record["money"]
    assert "Epsilon Ltd. raised US$9 million."[money["start"]:money["end"]] == money["text"]


def test_forced_encoding_that_does_not_fit_fails_that_file(tmp_path):
    folder = _batch(tmp_path, "latin.txt", "Caf\u00e9".encode("latin-1"))
    result = runner.invoke(app, ["extract", str(folder), "--encoding", "utf-8", "--format", "jsonl"])
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == f"extractor: {folder / 'latin.txt'}: cannot decode as utf-8: byte 0xe9 at offset 3"
    _assert_good_files_processed(_records(result.stdout))


def test_unreadable_file_is_reported(tmp_path, monkeypatch):
    folder = _batch(tmp_path, "locked.txt", "secret")

    def refuse_locked(path, *args, **kwargs):
        if Path(path).name == "locked.txt":  # what a file without read permission gives a non-root user
            raise PermissionError(13, "Permission denied", str(path))
        return open(path, *args, **kwargs)

    monkeypatch.setattr("extractor.inputs.open", refuse_locked, raising=False)
    result = runner.invoke(app, ["extract", str(folder), "--format", "jsonl"])
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == f"extractor: {folder / 'locked.txt'}: permission denied"
    _assert_good_files_processed(_records(result.stdout))


def test_files_with_the_same_stem_get_distinct_stable_ids(tmp_path):
    folder = tmp_path / "in"
    _write(folder, "2024/launch.md", "Zeta Ltd. paid $1 million.")
    _write(folder, "2025/launch.md", "Zeta Ltd. paid $2 million.")
    runs = [runner.invoke(app, ["extract", str(folder), "--format", "jsonl"]) for _ in range(2)]
    ids = [list(_records(run.stdout)) for run in runs]
    assert ids[0] == ids[1] and len(set(ids[0])) == 2
    out = tmp_path / "out"
    assert runner.invoke(app, ["extract", str(folder), "--output-dir", str(out)]).exit_code == 0
    amounts = sorted(_money(json.loads(p.read_text(encoding="utf-8")))[0][0] for p in out.rglob("*.json"))
    assert amounts == [1e6, 2e6]


@pytest.mark.parametrize("arguments, message", [
    (["--resume"], "extractor: --resume needs --output-dir"),
    (["--encoding", "no-such-codec"], "extractor: unknown encoding 'no-such-codec'"),
    (["--output-dir", "{tmp}/out", "--format", "csv"], "extractor: --output-dir writes one JSON file (or HTML page) per input; use --format json or html"),
])
def test_usage_errors_are_one_line_and_exit_2(tmp_path, arguments, message):
    path = _write(tmp_path, "a.txt", "text")
    result = runner.invoke(app, ["extract", str(path), *[a.format(tmp=tmp_path) for a in arguments]])
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [message]


def test_output_dir_that_cannot_be_made_is_a_usage_error(tmp_path):
    blocker = _write(tmp_path, "taken", "a file where a folder should go")
    result = runner.invoke(app, ["extract", str(_write(tmp_path, "a.txt", "x")), "--output-dir", str(blocker / "out")])
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [f"extractor: {blocker / 'out'}: cannot write there (Not a directory)"]


def test_bad_taxonomy_is_one_line_naming_the_file_and_exit_2(tmp_path):
    taxonomy = _write(tmp_path, "taxonomy.json", '{"industries": [')
    result = runner.invoke(app, ["extract", str(_write(tmp_path, "a.txt", "x")), "--taxonomy", str(taxonomy)])
    assert result.exit_code == 2
    [line] = result.stderr.splitlines()
    assert line.startswith("extractor: ") and str(taxonomy) in line


def test_output_dir_and_resume_skip_only_up_to_date_outputs(tmp_path):
    folder = _batch(tmp_path, "gamma.txt", "Gamma Inc. paid $2 million.")
    out = tmp_path / "out"
    first = runner.invoke(app, ["extract", str(folder), "--output-dir", str(out)])
    assert first.exit_code == 0
    assert first.stdout == ""
    assert first.stderr.splitlines() == ["extractor: 3 processed, 0 failed, 0 skipped"]
    assert sorted(p.name for p in out.iterdir()) == [MANIFEST_NAME, "alpha.json", "beta.json", "gamma.json"]
    assert _money(json.loads((out / "gamma.json").read_text(encoding="utf-8"))) == [(2e6, "USD")]

    again = runner.invoke(app, ["extract", str(folder), "--output-dir", str(out), "--resume"])
    assert again.stderr.splitlines() == ["extractor: 0 processed, 0 failed, 3 skipped"]

    changed = folder / "gamma.txt"
    changed.write_text("Gamma Inc. paid $3 million.", encoding="utf-8")
    later = (out / "gamma.json").stat().st_mtime_ns + 10**9
    os.utime(changed, ns=(later, later))
    third = runner.invoke(app, ["extract", str(folder), "--output-dir", str(out), "--resume"])
    assert third.stderr.splitlines() == ["extractor: 1 processed, 0 failed, 2 skipped"]
    assert _money(json.loads((out / "gamma.json").read_text(encoding="utf-8"))) == [(3e6, "USD")]


def test_quiet_drops_the_summary_but_not_the_errors(tmp_path):
    folder = _batch(tmp_path, "x.txt", b"%PDF-1.4")
    result = runner.invoke(app, ["extract", str(folder), "--quiet", "--format", "jsonl"])
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [f"extractor: {folder / 'x.txt'}: not a text file (PDF document)"]


def test_glob_chooses_files_in_folders(tmp_path):
    folder = _batch(tmp_path, "notes.rst", "Omega Ltd. paid $6 million.")
    result = runner.invoke(app, ["extract", str(folder), "--glob", "*.rst", "--glob", "*.txt", "--format", "jsonl"])
    assert result.exit_code == 0
    assert list(_records(result.stdout)) == ["alpha", "notes"]


# --- the installed command --------------------------------------------------------------------------

posix_only = pytest.mark.skipif(os.name != "posix", reason="POSIX signals and process groups")


def _release(n: int) -> str:
    paragraph = (f"Company {n} Holdings Ltd. said it raised ${n} million from investors. "
                 "The money will fund new plants and research over three years. ")
    return "\n\n".join([paragraph * 3] * 8)


@pytest.fixture(scope="module")
def many_files(tmp_path_factory) -> Path:
    """Releases long enough that a run can be stopped between two of them."""
    folder = tmp_path_factory.mktemp("many")
    for n in range(1, 13):
        _write(folder, f"release-{n:02}.txt", _release(n))
    return folder


@pytest.fixture(scope="module")
def small_files(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("small")
    for n in range(1, 41):
        _write(folder, f"note-{n:02}.txt", f"Firm {n} Ltd. raised ${n} million.")
    return folder


def _wait_for_first_output(process: subprocess.Popen, out: Path, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while not any(out.glob("release-*.json")):
        assert process.poll() is None, process.stderr.read()
        assert time.monotonic() < deadline, "no output appeared"
        time.sleep(0.005)


@posix_only
@pytest.mark.parametrize("workers, output_format", [("1", "jsonl"), ("2", "jsonl"), ("1", "table")])
def test_closed_pipe_ends_quietly(small_files, workers, output_format):
    process = subprocess.Popen([str(COMMAND), "extract", str(small_files), "--format", output_format,
                                "--workers", workers, "--batch-size", "4"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
    first = process.stdout.readline()
    process.stdout.close()
    try:
        stderr = process.stderr.read().decode()
        assert process.wait(timeout=120) == 0
    finally:
        kill_group(process)
    assert json.loads(first)["id"] == "note-01" if output_format == "jsonl" else first.strip()
    assert "Traceback" not in stderr and "BrokenPipe" not in stderr


@posix_only
def test_sigkill_then_resume_gives_every_input_one_complete_output(many_files, tmp_path):
    out = tmp_path / "out"
    command = [str(COMMAND), "extract", str(many_files), "--output-dir", str(out), "--batch-size", "1"]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _wait_for_first_output(process, out)
    process.kill()
    process.wait(timeout=30)
    written = len(list(out.glob("release-*.json")))
    assert 1 <= written < 12

    done = subprocess.run([*command, "--resume"], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert done.stderr.strip() == f"extractor: {12 - written} processed, 0 failed, {written} skipped"
    outputs = sorted(out.glob("*.json"))
    assert sorted(p.name for p in out.iterdir()) == [MANIFEST_NAME] + [f"release-{n:02}.json" for n in range(1, 13)]
    for n, path in enumerate(outputs, start=1):
        assert _money(json.loads(path.read_text(encoding="utf-8")))[0] == (n * 1e6, "USD")


@posix_only
@pytest.mark.parametrize("workers", ["1", "2"])
def test_ctrl_c_stops_with_one_line_and_no_partial_file(many_files, tmp_path, workers):
    out = tmp_path / "out"
    process = subprocess.Popen(
        [str(COMMAND), "extract", str(many_files), "--output-dir", str(out), "--batch-size", "1", "--workers", workers],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)
    _wait_for_first_output(process, out)
    os.killpg(process.pid, signal.SIGINT)  # what a terminal sends on Ctrl-C: the whole process group
    try:
        _, stderr = process.communicate(timeout=60)
    finally:
        kill_group(process)
    assert process.returncode == 130
    stderr = stderr.decode()
    assert stderr.splitlines() == ["extractor: interrupted"]
    assert all(p.suffix == ".json" and not p.name.startswith(".") for p in out.iterdir() if p.name != MANIFEST_NAME)
    for path in out.glob("*.json"):
        json.loads(path.read_text(encoding="utf-8"))


def test_workers_keep_the_order_of_a_single_process(small_files):
    single = runner.invoke(app, ["extract", str(small_files), "--format", "jsonl", "--quiet"])
    run = subprocess.run([str(COMMAND), "extract", str(small_files), "--format", "jsonl", "--quiet", "--workers", "3",
                          "--batch-size", "4"], capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    assert run.stderr == ""
    assert run.stdout == single.stdout
    assert [json.loads(line)["id"] for line in run.stdout.splitlines()] == [f"note-{n:02}" for n in range(1, 41)]


@pytest.mark.parametrize("arguments, message", [
    (["--format", "xml"], "extractor: Invalid value for '--format' / '-f': 'xml' is not one of 'table', 'jsonl', "
                          "'json', 'csv', 'parquet', 'html'."),
    (["--bogus"], "extractor: No such option: --bogus"),
])
def test_option_errors_of_the_installed_command_are_one_line_and_exit_2(tmp_path, arguments, message):
    done = subprocess.run([str(COMMAND), "extract", str(tmp_path), *arguments], capture_output=True, text=True)
    assert (done.returncode, done.stderr.splitlines(), done.stdout) == (2, [message], "")
