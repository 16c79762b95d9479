"""`--dask` and `extractor.dask`: the same records as a single-machine run, on a cluster of processes.

One `LocalCluster(n_workers=2, processes=True)` serves the module (its workers load the shipped model
once each) and reads local folders. `memory://` filesystems live in one process, so URL inputs and
outputs on `memory://` run on an in-process cluster (threads) that shares this process's pipeline.
"""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

pytest.importorskip("dask.bag")
pytest.importorskip("distributed")
pytest.importorskip("pyarrow")

import fsspec  # noqa: E402
from distributed import Client, LocalCluster  # noqa: E402
from typer.testing import CliRunner  # noqa: E402

from extractor import dask as on_dask  # noqa: E402
from extractor.cli import app  # noqa: E402
from tests.processes import kill_group  # noqa: E402

runner = CliRunner()

COMPANIES = ["Acme Robotics Inc.", "Brightwater Energy Corp.", "Cobalt Health Ltd.", "Delta Freight LLC",
             "Evergreen Foods Inc.", "Fjord Software AS", "Granite Bank plc", "Harbor Mining Corp."]
PEOPLE = ["Jane Smith", "Omar Haddad", "Li Wei", "Maria Rossi", "Tom Becker", "Aiko Tanaka", "Paul Martin",
          "Sara Lund"]
BAD_FILE = "scan.md"


def release(n: int) -> str:
    company, person = COMPANIES[n % len(COMPANIES)], PEOPLE[n % len(PEOPLE)]
    amount = 5 + 7 * n
    return (f"# {company} raises ${amount} million\n\n"
            f"NEW YORK, March {n + 1}, 2026 -- {company} today announced a ${amount} million funding round "
            f"to expand its operations in Europe.\n\n"
            f'"This is a milestone," said {person}, chief executive officer of {company}.\n\n'
            f"The company reported revenue of EUR {n + 2} billion last year.\n")


def corpus_files(count: int) -> dict[str, bytes]:
    """Relative path -> bytes: releases in two years (two `launch` stems), one .txt, and one PDF."""
    files = {f"2025/release-{n:02d}.md": release(n).encode() for n in range(count - 3)}
    files["2025/launch.md"] = release(90).encode()
    files["2026/launch.md"] = release(91).encode()
    files["notes.txt"] = release(92).encode()
    files[BAD_FILE] = b"%PDF-1.7 not text"
    return files


def write_corpus(folder: Path, files: dict[str, bytes]) -> Path:
    for name, data in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(data)
    return folder


def single_machine_lines(folder: Path) -> list[str]:
    """What `extractor extract FOLDER --format jsonl` prints, line by line, sorted."""
    result = runner.invoke(app, ["extract", str(folder), "--format", "jsonl", "--quiet"])
    assert result.exit_code == 1  # the PDF failed
    return sorted(result.stdout.splitlines())


def part_lines(output: str) -> list[str]:
    fs, root = fsspec.core.url_to_fs(output)
    return sorted(line for part in fs.glob(f"{root}/part-*.jsonl") for line in fs.cat_file(part).decode().splitlines())


def manifest(output: str) -> dict:
    fs, root = fsspec.core.url_to_fs(output)
    return json.loads(fs.cat_file(f"{root}/{on_dask.SUCCESS_NAME}"))


@pytest.fixture(scope="module")
def client():
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0") as cluster, \
            Client(cluster) as process_client:
        yield process_client


@pytest.fixture(scope="module")
def thread_client(extractor):
    on_dask._EXTRACTORS.setdefault((None, None), extractor)  # the session's pipeline, not a second one
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=False, dashboard_address=":0") as cluster, \
            Client(cluster) as in_process_client:
        yield in_process_client


@pytest.fixture(scope="module")
def local_corpus(tmp_path_factory) -> Path:
    return write_corpus(tmp_path_factory.mktemp("corpus"), corpus_files(10))


@pytest.fixture(scope="module")
def expected_lines(local_corpus, extractor) -> list[str]:
    return single_machine_lines(local_corpus)


def test_parts_hold_the_single_machine_records_byte_for_byte(client, local_corpus, expected_lines, tmp_path):
    out = str(tmp_path / "out")
    summary = on_dask.write_parts([str(local_corpus)], client, out, partition_size=3)

    lines = part_lines(out)
    assert lines == expected_lines
    ids = [json.loads(line)["id"] for line in lines]
    assert sorted(ids) == sorted([f"release-{n:02d}" for n in range(7)] + ["2025/launch", "2026/launch", "notes"])
    assert summary.tally.processed == 10 and summary.tally.failed == 1 and summary.tally.skipped == 0
    written = manifest(out)
    assert written["errors"] == [{"path": str(local_corpus / BAD_FILE), "reason": "not a text file (PDF document)"}]
    assert sorted(p.name for p in Path(out).glob("part-*")) == sorted(p["name"] for p in written["parts"])
    assert len(written["parts"]) == 4  # 11 inputs, 3 per partition
    assert sum(p["count"] for p in written["parts"]) == 10
    assert list(client.run(on_dask.pipeline_loads).values()) == [1, 1]  # once per worker, not per task


def test_parquet_parts_read_back_as_the_same_records(client, local_corpus, expected_lines, tmp_path):
    import pyarrow.parquet as pq

    out = tmp_path / "out"
    on_dask.write_parts([str(local_corpus)], client, str(out), fmt="parquet", partition_size=4)
    rows = [row for part in sorted(out.glob("part-*.parquet")) for row in pq.read_table(part).to_pylist()]
    assert sorted(rows, key=lambda r: r["id"]) == sorted((json.loads(x) for x in expected_lines), key=lambda r: r["id"])
    assert manifest(str(out))["format"] == "parquet"


def test_resume_extracts_only_the_missing_parts(client, local_corpus, expected_lines, tmp_path):
    out = tmp_path / "out"
    first = on_dask.write_parts([str(local_corpus)], client, str(out), partition_size=3)
    lost = first.parts[1]
    (out / lost.name).unlink()  # a crash before this part was renamed into place
    (out / on_dask.PART_INFO_DIR / f"{lost.name}.json").unlink()
    (out / f".{lost.name}.{'0' * 32}.tmp").write_text("half a part")
    again = on_dask.write_parts([str(local_corpus)], client, str(out), resume=True, partition_size=3)
    assert (again.tally.processed, again.tally.skipped, again.tally.failed) == (lost.count, 10 - lost.count, 1)
    assert part_lines(str(out)) == expected_lines
    assert not list(out.glob(".*.tmp"))
    assert manifest(str(out))["errors"] == [{"path": str(local_corpus / BAD_FILE),
                                              "reason": "not a text file (PDF document)"}]


def test_command_on_a_scheduler_address(client, local_corpus, expected_lines, tmp_path):
    out = tmp_path / "out"
    result = runner.invoke(app, ["extract", str(local_corpus), "--dask", client.scheduler.address,
                                 "--output-dir", str(out)])
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [f"extractor: {local_corpus / BAD_FILE}: not a text file (PDF document)",
                                          "extractor: 10 processed, 1 failed, 0 skipped"]
    assert part_lines(str(out)) == expected_lines


def test_command_to_stdout_on_a_scheduler_address(client, local_corpus, expected_lines):
    result = runner.invoke(app, ["extract", str(local_corpus), "--dask", client.scheduler.address, "--quiet"])
    assert result.exit_code == 1
    assert sorted(result.stdout.splitlines()) == expected_lines


def test_memory_urls_in_and_out(thread_client, local_corpus, expected_lines):
    fs = fsspec.filesystem("memory")
    for name, data in corpus_files(10).items():
        fs.pipe(f"/releases/2026/{name}", data)
    summary = on_dask.write_parts(["memory://releases/2026/**/*.md", "memory://releases/2026/notes.txt",
                                   "memory://releases/2027/"], thread_client, "memory://out/", partition_size=4)
    records = [json.loads(line) for line in part_lines("memory://out")]
    local = {json.loads(line)["id"]: json.loads(line) for line in expected_lines}
    assert {r["id"] for r in records} == set(local)
    for record in records:
        assert record["source"] == local[record["id"]]["source"].replace(str(local_corpus), "memory:///releases/2026")
        assert {**record, "source": None} == {**local[record["id"]], "source": None}
    assert summary.errors == [{"path": "memory://releases/2027/", "reason": "no such file or directory"},
                              {"path": f"memory:///releases/2026/{BAD_FILE}", "reason": "not a text file (PDF document)"}]
    assert (summary.tally.processed, summary.tally.failed) == (10, 2)
    assert manifest("memory://out")["processed"] == 10


def test_python_api_gives_a_bag_of_records(thread_client, expected_lines):
    fs = fsspec.filesystem("memory")
    for name, data in corpus_files(10).items():
        fs.pipe(f"/api/{name}", data)
    bag = on_dask.extract_files("memory://api", thread_client, partition_size=2)
    assert bag.npartitions == 6
    ids = sorted(record["id"] for record in bag.compute())
    assert ids == sorted(json.loads(line)["id"] for line in expected_lines)


def test_usage_errors_are_one_line(tmp_path):
    cases = [
        (["--format", "parquet"], "extractor: --format parquet needs --dask and --output-dir"),
        (["--dask", "local:many", "--output-dir", str(tmp_path)],
         "extractor: --dask local:many: expected local:N with N worker processes, e.g. local:4"),
        (["-", "--dask", "local:2"], "extractor: --dask needs input paths or URLs (stdin is not read on a cluster)"),
        (["--dask", "local:2", "--format", "parquet"],
         "extractor: --dask without --output-dir writes JSON Lines to stdout; drop --format or add --output-dir"),
    ]
    sample = tmp_path / "a.txt"
    sample.write_text("Acme Corp. raised $5 million.")
    for options, message in cases:
        result = runner.invoke(app, ["extract", str(sample), *options])
        assert (result.exit_code, result.stderr.strip()) == (2, message)


def test_command_with_its_own_local_cluster(local_corpus, expected_lines, tmp_path):
    import pyarrow.parquet as pq

    out = tmp_path / "out"
    result = runner.invoke(app, ["extract", str(local_corpus), "--dask", "local:1", "--format", "parquet",
                                 "--output-dir", str(out), "--quiet"])
    assert result.exit_code == 1
    rows = [row for part in out.glob("part-*.parquet") for row in pq.read_table(part).to_pylist()]
    assert sorted(json.dumps(row, ensure_ascii=False) for row in rows) == expected_lines


def test_a_killed_worker_still_ends_with_every_record_once(client, tmp_path, extractor):
    corpus = write_corpus(tmp_path / "corpus", corpus_files(24))
    expected = single_machine_lines(corpus)
    out = tmp_path / "out"
    outcome: dict = {}
    run = threading.Thread(target=lambda: outcome.update(
        summary=on_dask.write_parts([str(corpus)], client, str(out), partition_size=1)))
    run.start()
    while not list(out.glob("part-*")) and run.is_alive():
        time.sleep(0.05)
    written_before_kill = len(list(out.glob("part-*")))
    victim = next(iter(client.run(os.getpid).values()))
    os.kill(victim, signal.SIGKILL)
    run.join(timeout=300)
    assert written_before_kill < 25  # the worker died mid-run
    assert part_lines(str(out)) == expected  # every input once: none lost, none twice
    assert outcome["summary"].tally.processed == 24
    assert len(list(out.glob("part-*"))) == 25


class _NotAScheduler:
    """A TCP server on localhost that takes each connection and answers `reply` (None: stays silent)."""

    def __init__(self, reply: bytes | None):
        import socket

        self.reply = reply
        self.server = socket.create_server(("127.0.0.1", 0))
        self.address = f"tcp://127.0.0.1:{self.server.getsockname()[1]}"
        self.connections = []
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        while True:
            try:
                connection, _ = self.server.accept()
            except OSError:
                return
            self.connections.append(connection)
            if self.reply is not None:
                connection.sendall(self.reply)

    def close(self) -> None:
        self.server.close()
        for connection in self.connections:
            connection.close()


@pytest.mark.parametrize("reply, reason", [
    (b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n",
     "not a Dask scheduler (it answered in another protocol)"),
    (None, "no answer from a Dask scheduler within 1 s"),
])
def test_an_address_that_is_not_a_scheduler_is_one_line_and_exit_2(tmp_path, monkeypatch, reply, reason):
    monkeypatch.setattr(on_dask, "SCHEDULER_TIMEOUT", 1)
    sample = tmp_path / "a.txt"
    sample.write_text("Acme Corp. raised $5 million.")
    server = _NotAScheduler(reply)
    try:
        result = runner.invoke(app, ["extract", str(sample), "--dask", server.address])
    finally:
        server.close()
    assert (result.exit_code, result.stderr) == (2, f"extractor: --dask {server.address}: {reason}\n")


def test_more_local_workers_than_the_machine_can_hold_is_a_usage_error(tmp_path):
    sample = tmp_path / "a.txt"
    sample.write_text("Acme Corp. raised $5 million.")
    most = on_dask.local_workers_limit()
    result = runner.invoke(app, ["extract", str(sample), "--dask", f"local:{most + 1}"])
    assert (result.exit_code, result.stderr) == (
        2, f"extractor: --dask local:{most + 1}: at most local:{most} here ({os.cpu_count() or 1} cores; "
           "each worker holds its own pipeline, about 260 MiB)\n")


def test_an_output_folder_that_cannot_be_made_is_one_line_and_exit_2(tmp_path):
    sample = tmp_path / "a.txt"
    sample.write_text("Acme Corp. raised $5 million.")
    taken = tmp_path / "taken"
    taken.write_text("a file, not a folder")
    for output, reason in ((taken, "File exists"), (taken / "sub", "Not a directory")):
        result = runner.invoke(app, ["extract", str(sample), "--dask", "local:1", "--output-dir", str(output)])
        assert (result.exit_code, result.stderr) == (2, f"extractor: {output}: cannot write there ({reason})\n")


@pytest.mark.skipif(os.name != "posix", reason="process groups and SIGINT")
def test_ctrl_c_on_a_local_cluster_is_one_line_and_exit_130(tmp_path):
    corpus = write_corpus(tmp_path / "corpus", corpus_files(48))
    out = tmp_path / "out"
    command = Path(sys.executable).parent / "extractor"
    process = subprocess.Popen([str(command), "extract", str(corpus), "--dask", "local:1", "--output-dir", str(out)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)
    try:
        while not list(out.glob("part-*")) and process.poll() is None:
            time.sleep(0.1)
        os.killpg(process.pid, signal.SIGINT)  # what a terminal sends on Ctrl-C: the workers get it too
        _, stderr = process.communicate(timeout=120)
    finally:
        kill_group(process)
    assert (process.returncode, stderr.decode().splitlines()) == (130, ["extractor: interrupted"])
