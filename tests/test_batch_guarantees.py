"""What a batch promises beyond bad files: no record lost or wrong with exit 0, no hang, clear errors.

Inputs with odd names, mixed encodings, devices and full disks; `--resume` against stale outputs; the
Python API's streams; and the installed command stopped by signals or a closed pipe, many times over,
since a shutdown race shows in one try of several. The repeated runs use a blank spaCy pipeline (our
rule components only), which loads in a fraction of the trained model's time.
"""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from typer.testing import CliRunner

from extractor import Document
from extractor.cli import app
from tests.processes import kill_group

runner = CliRunner()
COMMAND = Path(sys.executable).parent / "extractor"
pytestmark = pytest.mark.usefixtures("extractor")  # in-process runs reuse the session model
posix_only = pytest.mark.skipif(os.name != "posix", reason="POSIX signals, devices and file names")
TRIES = 20


def _write(path: Path, content: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, str):
        content = content.encode("utf-8")
    path.write_bytes(content)
    return path


def _records(stdout: str) -> dict[str, dict]:
    return {r["id"]: r for r in map(json.loads, stdout.splitlines())}


def _money(record: dict) -> list[tuple[float, str]]:
    return [(m["amount"], m["currency"]) for m in record["money"]]


def _outputs(out: Path) -> dict[str, list[tuple[float, str]]]:
    """Every output file (relative name) with its money: what a user globbing the folder sees."""
    return {p.relative_to(out).as_posix(): _money(json.loads(p.read_text(encoding="utf-8")))
            for p in sorted(out.rglob("*.json"))}


# --- names --------------------------------------------------------------------------------------------


@posix_only
def test_a_file_name_that_is_not_utf8_is_an_input_like_any_other(tmp_path):
    folder = tmp_path / "in"
    _write(folder / "alpha.txt", "Alpha Ltd. raised $5 million.")
    _write(Path(os.fsdecode(bytes(folder) + b"/bad\xffbyte.txt")), "Beta Inc. paid $2 million.")
    _write(folder / "zeta.txt", "Zeta AG paid $7 million.")

    out = tmp_path / "out"
    done = runner.invoke(app, ["extract", str(folder), "--output-dir", str(out)])
    assert (done.exit_code, done.stderr.splitlines()) == (0, ["extractor: 3 processed, 0 failed, 0 skipped"])
    assert _outputs(out) == {"alpha.json": [(5e6, "USD")], "bad_byte.json": [(2e6, "USD")],
                             "zeta.json": [(7e6, "USD")]}
    again = runner.invoke(app, ["extract", str(folder), "--output-dir", str(out), "--resume"])
    assert again.stderr.splitlines() == ["extractor: 0 processed, 0 failed, 3 skipped"]

    piped = subprocess.run([str(COMMAND), "extract", str(folder), "--format", "jsonl", "-q"], capture_output=True)
    records = _records(piped.stdout.decode("utf-8"))  # strict UTF-8: no raw 0xff byte
    assert records["bad\ufffdbyte"]["source"] == f"{folder}/bad\ufffdbyte.txt"


def test_a_newline_in_a_file_name_is_quoted_so_its_error_stays_one_line(tmp_path):
    folder = tmp_path / "in"
    _write(folder / "good.txt", "Alpha Ltd. raised $5 million.")
    _write(folder / "bad\nname.txt", b"%PDF-1.4")
    done = runner.invoke(app, ["extract", str(folder), "--format", "jsonl"])
    assert done.exit_code == 1
    assert done.stderr.splitlines() == [
        f'extractor: "{folder}/bad\\nname.txt": not a text file (PDF document)',
        "extractor: 1 processed, 1 failed, 0 skipped",
    ]


def test_names_too_long_for_the_file_system_are_shortened_and_resumable(tmp_path):
    folder = tmp_path / "in"
    _write(folder / ("x" * 245 + ".txt"), "Alpha Ltd. raised $5 million.")
    _write(folder / "rows.jsonl", json.dumps({"id": "y" * 300, "text": "Beta Inc. paid $2 million."}) + "\n")
    out = tmp_path / "out"
    first = runner.invoke(app, ["extract", str(folder), "--output-dir", str(out)])
    assert (first.exit_code, first.stderr.splitlines()) == (0, ["extractor: 2 processed, 0 failed, 0 skipped"])
    assert sorted(_outputs(out).values()) == [[(2e6, "USD")], [(5e6, "USD")]]
    again = runner.invoke(app, ["extract", str(folder), "--output-dir", str(out), "--resume"])
    assert again.stderr.splitlines() == ["extractor: 0 processed, 0 failed, 2 skipped"]


# --- resume -------------------------------------------------------------------------------------------


def test_resume_redoes_an_input_edited_even_when_its_time_says_older(tmp_path):
    folder = tmp_path / "in"
    _write(folder / "alpha.txt", "Alpha Ltd. raised $5 million.")
    edited = _write(folder / "beta.txt", "Beta Inc. paid $2 million.")
    out = tmp_path / "out"
    runner.invoke(app, ["extract", str(folder), "--output-dir", str(out)])
    edited.write_text("Beta Inc. paid $3 million.", encoding="utf-8")
    long_ago = time.time_ns() - 10**12  # what `cp -p` or `rsync -a` of an old file leaves
    os.utime(edited, ns=(long_ago, long_ago))
    again = runner.invoke(app, ["extract", str(folder), "--output-dir", str(out), "--resume"])
    assert again.stderr.splitlines() == ["extractor: 1 processed, 0 failed, 1 skipped"]
    assert _outputs(out) == {"alpha.json": [(5e6, "USD")], "beta.json": [(3e6, "USD")]}


def test_a_new_file_with_a_known_stem_gets_its_own_output_and_renames_none(tmp_path):
    folder = tmp_path / "in"
    _write(folder / "2024" / "launch.txt", "Alpha Ltd. raised $5 million.")
    out = tmp_path / "out"
    runner.invoke(app, ["extract", str(folder), "--output-dir", str(out)])
    newcomer = _write(folder / "2025" / "launch.txt", "Beta Inc. paid $2 million.")
    long_ago = time.time_ns() - 10**12
    os.utime(newcomer, ns=(long_ago, long_ago))
    again = runner.invoke(app, ["extract", str(folder), "--output-dir", str(out), "--resume"])
    # Both are processed: the first one's id grew from "launch" to "2024/launch", its file name did not.
    assert again.stderr.splitlines() == ["extractor: 2 processed, 0 failed, 0 skipped"]
    assert _outputs(out) == {"2024/launch.json": [(5e6, "USD")], "2025/launch.json": [(2e6, "USD")]}
    assert json.loads((out / "2024/launch.json").read_text(encoding="utf-8"))["id"] == "2024/launch"


# --- encodings ----------------------------------------------------------------------------------------


def test_one_stray_byte_in_utf8_text_keeps_the_rest_utf8_with_a_warning(tmp_path):
    folder = tmp_path / "in"
    text = "Jürgen Müller of Größe GmbH said the firm paid €4 million. Jos\xe9 agreed."
    _write(folder / "mixed.txt", text.encode("utf-8").replace("\xe9".encode("utf-8"), b"\xe9"))
    done = runner.invoke(app, ["extract", str(folder / "mixed.txt"), "--format", "jsonl", "--include-text"])
    assert done.exit_code == 0
    record = json.loads(done.stdout)
    assert record["text"] == text.replace("\xe9", "\ufffd")
    assert _money(record) == [(4e6, "EUR")]
    offset = text.encode("utf-8").index("\xe9".encode("utf-8"))
    assert done.stderr.splitlines() == [
        f"extractor: {folder / 'mixed.txt'}: warning: 1 invalid UTF-8 sequence replaced by U+FFFD "
        f"(the first at byte {offset})"]


def test_json_lines_are_decoded_line_by_line(tmp_path):
    rows = [json.dumps({"id": "a", "text": "Jürgen Müller paid €4 million."}, ensure_ascii=False).encode("utf-8"),
            json.dumps({"id": "b", "text": "Café Ltd. paid €2 million."}, ensure_ascii=False).encode("cp1252"),
            json.dumps({"id": "c", "text": "Zoë Inc. paid £3 million."}, ensure_ascii=False).encode("utf-8")]
    source = _write(tmp_path / "rows.jsonl", b"\n".join(rows) + b"\n")
    done = runner.invoke(app, ["extract", str(source), "--format", "jsonl", "--include-text"])
    assert done.exit_code == 0, done.stderr
    assert {i: r["text"] for i, r in _records(done.stdout).items()} == {
        "a": "Jürgen Müller paid €4 million.", "b": "Café Ltd. paid €2 million.", "c": "Zoë Inc. paid £3 million."}
    assert done.stderr.splitlines() == [
        f"extractor: {source}:2: warning: not UTF-8, as JSON Lines should be; read in the encoding it most resembles",
        "extractor: 3 processed, 0 failed, 0 skipped"]


# --- limits -------------------------------------------------------------------------------------------


@posix_only
def test_a_device_named_on_the_command_line_stops_at_the_size_limit(tmp_path):
    good = _write(tmp_path / "good.txt", "Alpha Ltd. raised $5 million.")
    done = runner.invoke(app, ["extract", "/dev/zero", str(good), "--max-bytes", "1000000", "--format", "jsonl"])
    assert done.exit_code == 1
    assert done.stderr.splitlines() == [
        "extractor: /dev/zero: larger than 1,000,000 bytes (raise the limit with --max-bytes)",
        "extractor: 1 processed, 1 failed, 0 skipped"]
    assert _money(json.loads(done.stdout)) == [(5e6, "USD")]


def test_deeply_nested_html_fails_that_input_at_once(tmp_path):
    folder = tmp_path / "in"
    _write(folder / "good.txt", "Alpha Ltd. raised $5 million.")
    _write(folder / "deep.html", "<html><body>" + "<div>" * 200_000 + "Beta Inc. paid $2 million." + "</div>" * 200_000)
    _write(folder / "sloppy.html", "<html><body>" + "<p>Unclosed paragraph.<li>item" * 2000 + "<p>Beta Inc. paid $2 million.")
    started = time.monotonic()
    done = runner.invoke(app, ["extract", str(folder), "--format", "jsonl"])
    assert time.monotonic() - started < 30
    assert done.exit_code == 1
    assert done.stderr.splitlines()[0] == f"extractor: {folder / 'deep.html'}: HTML nested deeper than 512 elements"
    assert {i: _money(r) for i, r in _records(done.stdout).items()} == {"good": [(5e6, "USD")],
                                                                        "sloppy": [(2e6, "USD")]}


# --- the Python API -----------------------------------------------------------------------------------


@pytest.mark.parametrize("bad, message", [
    (None, "extract() takes a str (or bytes with an encoding), not NoneType"),
    (123, "extract() takes a str (or bytes with an encoding), not int"),
    (b"Acme", "extract() got bytes without an encoding: pass encoding='utf-8' (or the text's own), or a str"),
])
def test_extract_says_what_it_takes(extractor, bad, message):
    with pytest.raises(TypeError) as raised:
        extractor.extract(bad)
    assert str(raised.value) == message
    assert [m.amount for m in extractor.extract(b"Acme Ltd. paid $5 million.", encoding="utf-8").money] == [5e6]


@pytest.mark.parametrize("n_process", [1, 2])
def test_a_failing_input_iterator_costs_no_record_read_before_it(extractor, n_process):
    def documents():
        for n in range(20):
            if n == 8:
                raise RuntimeError("the source broke")
            yield Document(id=f"d{n}", text=f"Firm {n} Ltd. raised ${n + 1} million.")

    got = []
    with pytest.raises(RuntimeError, match="the source broke"):
        for record in extractor.extract_many(documents(), n_process=n_process, batch_size=4):
            got.append(record.id)
    assert got == [f"d{n}" for n in range(8)]


def test_items_that_are_not_texts_go_to_on_error(extractor):
    errors = []
    records = extractor.extract_many(["Alpha Ltd. paid $5 million.", None, 7, "Beta Inc. paid $2 million."],
                                     on_error=lambda document, error: errors.append((document.id, str(error))))
    assert [(r.id, _money(r.model_dump())) for r in records] == [("text-1", [(5e6, "USD")]),
                                                                 ("text-4", [(2e6, "USD")])]
    assert errors == [("text-2", "item 2: extract_many() takes str or Document items, not NoneType"),
                      ("text-3", "item 3: extract_many() takes str or Document items, not int")]


# --- the installed command: full disks, signals, closed pipes -----------------------------------------


@pytest.fixture(scope="module")
def releases(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("releases")
    for n in range(1, 61):
        paragraph = f"Company {n} Holdings Ltd. said it raised ${n} million from investors. " * 3
        _write(folder / f"release-{n:02}.txt", "\n\n".join([paragraph] * 8))
    return folder


@posix_only
@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
@pytest.mark.parametrize("output_format", ["jsonl", "csv", "json"])
def test_a_full_disk_on_stdout_is_one_line_and_exit_1(releases, blank_model, output_format):
    for _ in range(3):
        with open("/dev/full", "w") as full:
            done = subprocess.run([str(COMMAND), "extract", str(releases), "--format", output_format,
                                   "--model", str(blank_model)], stdout=full, stderr=subprocess.PIPE, text=True,
                                  timeout=120)
        assert done.returncode == 1
        lines = done.stderr.splitlines()
        assert lines[0] == "extractor: stdout: No space left on device"
        assert len(lines) == 2 and lines[1].startswith("extractor: 0 processed, ")  # nothing could be written


@posix_only
@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
@pytest.mark.parametrize("arguments", [["schema"], ["--help"], ["--version"], ["extract", "--help"]])
def test_a_full_disk_under_schema_help_or_version_is_one_line_and_exit_1(arguments):
    for _ in range(3):
        with open("/dev/full", "w") as full:
            done = subprocess.run([str(COMMAND), *arguments], stdout=full, stderr=subprocess.PIPE, text=True,
                                  timeout=60)
        assert (done.returncode, done.stderr) == (1, "extractor: stdout: No space left on device\n")


def _stop_one_run(command: list[str], out: Path, how: signal.Signals) -> tuple[int | None, float, str]:
    """Start a run, signal its process group once it has written something, and time its exit."""
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                               start_new_session=True)
    try:
        deadline = time.monotonic() + 120
        while not any(out.glob("*.json")) and process.poll() is None and time.monotonic() < deadline:
            time.sleep(0.01)
        os.killpg(process.pid, how)
        signalled = time.monotonic()
        try:
            _, stderr = process.communicate(timeout=10)
        except subprocess.TimeoutExpired:
            return None, time.monotonic() - signalled, "hung"
        return process.returncode, time.monotonic() - signalled, stderr.decode()
    finally:
        kill_group(process)


@posix_only
@pytest.mark.parametrize("how", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
def test_workers_stop_within_two_seconds_of_a_signal_every_time(releases, blank_model, tmp_path, how):
    def one(n: int):
        out = tmp_path / f"out{n}"
        return _stop_one_run([str(COMMAND), "extract", str(releases), "--output-dir", str(out), "--workers", "2",
                              "--batch-size", "1", "--model", str(blank_model)], out, how)

    with ThreadPoolExecutor(4) as pool:
        runs = list(pool.map(one, range(TRIES)))
    assert [code for code, _, _ in runs] == [130] * TRIES, runs
    assert all(err.splitlines() == ["extractor: interrupted"] for _, _, err in runs), runs
    assert max(seconds for _, seconds, _ in runs) < 2, runs
    for n in range(TRIES):
        assert not list((tmp_path / f"out{n}").glob(".*.partial"))


@posix_only
def test_workers_end_quietly_on_a_closed_pipe_every_time(releases, blank_model):
    def one(_):
        process = subprocess.Popen([str(COMMAND), "extract", str(releases), "--format", "jsonl", "--workers", "2",
                                    "--batch-size", "2", "--model", str(blank_model)],
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
        try:
            first = process.stdout.readline()
            process.stdout.close()
            closed = time.monotonic()
            try:
                stderr = process.stderr.read().decode()
                code = process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                return None, 10.0, "hung"
            return code, time.monotonic() - closed, (json.loads(first)["id"], stderr)
        finally:
            kill_group(process)

    with ThreadPoolExecutor(4) as pool:
        runs = list(pool.map(one, range(TRIES)))
    assert [code for code, _, _ in runs] == [0] * TRIES, runs
    assert {detail for _, _, detail in runs} == {("release-01", "")}
    assert max(seconds for _, seconds, _ in runs) < 2, runs


# --- very long texts ----------------------------------------------------------------------------------


def test_a_text_past_the_section_size_is_analysed_in_sections_and_merged(extractor, monkeypatch):
    from extractor import api

    releases = [
        "Alpha Mining Ltd. raised $5 million, said Jane Doe, Chief Executive Officer of Alpha Mining Ltd.",
        "Beta Robotics GmbH will invest €8 million in a plant, said John Smith, Chief Financial Officer of "
        "Beta Robotics GmbH. Alpha Mining Ltd. will supply it.",
        "Alpha Mining Ltd. raised $5 million more. Jane Doe said the mine opens next year.",
    ]
    filler = "\n\n" + "The plant will employ local staff and train them over three years. " * 20 + "\n\n"
    text = "".join(release + filler for release in releases)
    whole = extractor.extract(text, explain=True)
    monkeypatch.setattr(api, "SECTION_CHARS", len(releases[0] + filler) + 10)
    sectioned = extractor.extract(text, explain=True)

    assert {(p.name, p.title, p.organization) for p in sectioned.people} == {
        ("Jane Doe", "Chief Executive Officer", "Alpha Mining Ltd."),
        ("John Smith", "Chief Financial Officer", "Beta Robotics GmbH")}
    assert {o.name for o in sectioned.organizations} == {"Alpha Mining Ltd.", "Beta Robotics GmbH"}
    assert {o.name: o.mentions for o in sectioned.organizations} == {o.name: o.mentions for o in whole.organizations}
    assert [(m.amount, m.currency, len(m.mentions)) for m in sectioned.money] == [(5e6, "USD", 2), (8e6, "EUR", 1)]
    for figure in sectioned.money:
        assert all(text[m.start:m.end] == m.text for m in figure.mentions)
    assert all(text[r.start:r.end] == r.text for r in sectioned.rejected)


def test_files_of_one_stem_side_by_side_keep_their_suffixes_and_leave_one_output_each(tmp_path):
    folder = tmp_path / "in"
    _write(folder / "launch.md", "Alpha Ltd. raised $5 million.")
    out = tmp_path / "out"
    runner.invoke(app, ["extract", str(folder), "--output-dir", str(out)])
    assert _outputs(out) == {"launch.json": [(5e6, "USD")]}
    _write(folder / "launch.html", "<p>Beta Inc. paid $2 million.</p>")
    again = runner.invoke(app, ["extract", str(folder), "--output-dir", str(out), "--resume"])
    assert again.stderr.splitlines() == ["extractor: 2 processed, 0 failed, 0 skipped"]
    assert _outputs(out) == {"launch.html.json": [(2e6, "USD")], "launch.md.json": [(5e6, "USD")]}


def test_resume_knows_an_input_however_its_path_is_written(tmp_path, monkeypatch):
    folder = tmp_path / "in"
    _write(folder / "alpha.txt", "Alpha Ltd. raised $5 million.")
    _write(folder / "beta.txt", "Beta Inc. paid $2 million.")
    out = tmp_path / "out"
    runner.invoke(app, ["extract", str(folder), "--output-dir", str(out)])
    monkeypatch.chdir(tmp_path)
    again = runner.invoke(app, ["extract", "./in/", "--output-dir", "out", "--resume"])
    assert again.stderr.splitlines() == ["extractor: 0 processed, 0 failed, 2 skipped"]


@posix_only
def test_output_files_get_the_usual_permissions(tmp_path):
    _write(tmp_path / "in" / "alpha.txt", "Alpha Ltd. raised $5 million.")
    runner.invoke(app, ["extract", str(tmp_path / "in"), "--output-dir", str(tmp_path / "out")])
    umask = os.umask(0)
    os.umask(umask)
    assert (tmp_path / "out" / "alpha.json").stat().st_mode & 0o777 == 0o666 & ~umask


@pytest.mark.parametrize("arguments, message", [
    (["--encoding", "base64"], "extractor: 'base64' is not a text encoding"),
])
def test_a_codec_that_is_not_for_text_is_a_usage_error(tmp_path, arguments, message):
    _write(tmp_path / "a.txt", "Alpha Ltd. raised $5 million.")
    done = runner.invoke(app, ["extract", str(tmp_path / "a.txt"), *arguments])
    assert (done.exit_code, done.stderr.splitlines()) == (2, [message])


@posix_only
def test_a_closed_stdout_is_one_line_and_exit_2(tmp_path, blank_model):
    _write(tmp_path / "a.txt", "Alpha Ltd. raised $5 million.")
    done = subprocess.run(f'"{COMMAND}" extract "{tmp_path / "a.txt"}" --model "{blank_model}" >&-', shell=True,
                          capture_output=True, text=True, timeout=120)
    assert (done.returncode, done.stderr.splitlines()) == (
        2, ["extractor: stdout is closed: redirect it to a file, or use --output-dir"])


@posix_only
@pytest.mark.parametrize("how", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
def test_workers_waiting_for_slow_input_stop_at_a_signal(blank_model, how):
    for _ in range(3):
        process = subprocess.Popen([str(COMMAND), "extract", "-", "--model", str(blank_model), "--workers", "2"],
                                   stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                   start_new_session=True)
        try:
            time.sleep(4)  # started, and reading a stdin that has not ended
            os.killpg(process.pid, how)
            signalled = time.monotonic()
            _, stderr = process.communicate(timeout=10)
            assert time.monotonic() - signalled < 2
            assert (process.returncode, stderr.decode().splitlines()) == (130, ["extractor: interrupted"])
        finally:
            kill_group(process)
