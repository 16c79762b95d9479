"""What a user sees in a real terminal: stderr is a pseudo-terminal (so the progress bar runs) while
stdout is piped or redirected. Data must reach stdout whatever stderr is."""
from __future__ import annotations

import csv
import io
import json
import os
import pty
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import SAMPLE_RELEASES, SAMPLES

COMMAND = Path(sys.executable).parent / "extractor"
SAMPLE_IDS = {p.stem for p in SAMPLE_RELEASES}


def _run_with_terminal_stderr(*arguments: str) -> tuple[str, str, int]:
    """Run the installed command with stdout to a pipe and stderr to a pseudo-terminal."""
    leader, follower = pty.openpty()
    try:
        process = subprocess.Popen([str(COMMAND), *arguments], stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                   stderr=follower, env={**os.environ, "COLUMNS": "100", "TERM": "xterm"})
        os.close(follower)
        follower = -1
        terminal = bytearray()
        while True:
            try:
                chunk = os.read(leader, 65536)
            except OSError:  # the terminal closes with the process
                break
            if not chunk:
                break
            terminal += chunk
        stdout = process.stdout.read().decode()
        process.wait(timeout=120)
    finally:
        os.close(leader)
        if follower >= 0:
            os.close(follower)
    return stdout, terminal.decode(errors="replace"), process.returncode


def _ids(output_format: str, stdout: str) -> set[str]:
    if output_format == "jsonl":
        return {json.loads(line)["id"] for line in stdout.splitlines()}
    if output_format == "json":
        return {record["id"] for record in json.loads(stdout)}
    return {row["id"] for row in csv.DictReader(io.StringIO(stdout))}


@pytest.mark.parametrize("output_format", ["jsonl", "json", "csv"])
def test_piped_data_reaches_stdout_while_stderr_is_a_terminal(output_format):
    stdout, terminal, code = _run_with_terminal_stderr("extract", str(SAMPLES), "--format", output_format)
    assert code == 0
    assert _ids(output_format, stdout) == SAMPLE_IDS
    assert '"id"' not in terminal and "extractor: 9 processed" in terminal


def test_default_format_when_piped_is_jsonl_on_stdout():
    stdout, terminal, code = _run_with_terminal_stderr("extract", str(SAMPLES))
    assert code == 0
    assert _ids("jsonl", stdout) == SAMPLE_IDS
