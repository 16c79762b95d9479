"""`extractor extract "s3://bucket/releases/**/*.md" --dask local:2 --output-dir s3://bucket/out/` against a
local S3-compatible server (moto's, on 127.0.0.1), end to end through the command.

The endpoint reaches s3fs through `AWS_ENDPOINT_URL`, which botocore reads when it makes a client: set
before the command starts its cluster, it is in every worker process's environment too. The records are
compared with those of the single-machine `extractor extract` on the same files written to a local folder.
The Python API's runs on a worker process check what the client reads back from the bucket after its
workers wrote there.
"""
from __future__ import annotations

import json
import socket

import pytest

pytest.importorskip("moto.server")
pytest.importorskip("s3fs")
pytest.importorskip("dask.bag")
pytest.importorskip("distributed")
pytest.importorskip("pyarrow")

import fsspec  # noqa: E402
from typer.testing import CliRunner  # noqa: E402

from extractor import dask as on_dask  # noqa: E402
from extractor.cli import app  # noqa: E402
from extractor.inputs import Source  # noqa: E402
from tests.test_dask import release  # noqa: E402

runner = CliRunner()
_write_partition = on_dask.write_partition  # in a worker process, this module's import sees the real one

BUCKET = "bucket"
INPUTS = f"s3://{BUCKET}/releases/**/*.md"
BAD = "2026/q2/scan.md"
BAD_REASON = "invalid UTF-16 text after its byte order mark"
# Each file the glob matches (below releases/), with the id a single-machine run of the folder gives it.
IDS = {
    "top.md": "top",  # `**/` matches no folder too
    "2025/launch.md": "2025/launch",
    "2026/launch.md": "2026/launch",
    **{f"2025/q{1 + n % 4}/release-{n:02d}.md": f"release-{n:02d}" for n in range(8)},
    **{f"2026/q{1 + n % 2}/deep/release-{n:02d}.md": f"release-{n:02d}" for n in range(8, 14)},
    BAD: "scan",
}
GOOD = sorted(set(IDS) - {BAD})  # 17 releases: with the bad file, 18 inputs, two partitions of at most 16


def corpus() -> dict[str, bytes]:
    """Path below releases/ -> bytes: the matched files (one of them not UTF-8 and undecodable)."""
    files = {name: release(n).encode() for n, name in enumerate(GOOD)}
    files[BAD] = b"\xff\xfe\x00"  # a UTF-16 byte order mark, then half a character
    return files


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def s3(tmp_path_factory):
    """A moto S3 server with the corpus in s3://bucket/releases/ (and two objects the glob must not match);
    the AWS variables point at it until the module ends. Yields a filesystem that caches no listing."""
    from moto.server import ThreadedMotoServer
    from s3fs import S3FileSystem

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=free_port(), verbose=False)
    server.start()
    patch = pytest.MonkeyPatch()
    try:
        host, port = server.get_host_and_port()
        for name in ("AWS_PROFILE", "AWS_SESSION_TOKEN", "AWS_ENDPOINT_URL_S3", "FSSPEC_S3_ENDPOINT_URL"):
            patch.delenv(name, raising=False)
        nowhere = str(tmp_path_factory.mktemp("aws") / "none")  # no profile of the machine's user is read
        patch.setenv("AWS_CONFIG_FILE", nowhere)
        patch.setenv("AWS_SHARED_CREDENTIALS_FILE", nowhere)
        patch.setenv("AWS_ACCESS_KEY_ID", "testing")
        patch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
        patch.setenv("AWS_DEFAULT_REGION", "us-east-1")
        patch.setenv("AWS_ENDPOINT_URL", f"http://{host}:{port}")
        patch.delitem(fsspec.config.conf, "s3", raising=False)  # read from FSSPEC_S3_* at import
        S3FileSystem.clear_instance_cache()
        fs = S3FileSystem(skip_instance_cache=True, use_listings_cache=False)
        fs.mkdir(BUCKET)
        for name, data in corpus().items():
            fs.pipe(f"{BUCKET}/releases/{name}", data)
        fs.pipe(f"{BUCKET}/releases/notes.txt", release(90).encode())
        fs.pipe(f"{BUCKET}/other/elsewhere.md", release(91).encode())
        yield fs
    finally:
        patch.undo()
        S3FileSystem.clear_instance_cache()  # instances made here point at a server that is gone
        server.stop()


@pytest.fixture(scope="module")
def expected_lines(tmp_path_factory, extractor) -> list[str]:
    """What `extractor extract FOLDER --format jsonl` prints for the same files in a local folder, each
    record's source the object's URL: sorted."""
    folder = tmp_path_factory.mktemp("single") / "releases"
    for name, data in corpus().items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(data)
    result = runner.invoke(app, ["extract", str(folder), "--format", "jsonl", "--quiet"])
    assert (result.exit_code, result.stderr) == (1, f"extractor: {folder / BAD}: {BAD_REASON}\n")
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert sorted((r["source"], r["id"]) for r in records) == sorted((str(folder / n), IDS[n]) for n in GOOD)
    prefix = str(folder) + "/"
    return sorted(json.dumps({**r, "source": f"s3://{BUCKET}/releases/" + r["source"].removeprefix(prefix)},
                             ensure_ascii=False) for r in records)


@pytest.fixture(scope="module")
def client(s3):
    """One worker process, started once the AWS variables point at the server."""
    from distributed import Client, LocalCluster

    with LocalCluster(n_workers=1, threads_per_worker=1, processes=True, dashboard_address=":0") as cluster, \
            Client(cluster) as process_client:
        yield process_client


def url(name: str) -> str:
    return f"s3://{BUCKET}/releases/{name}"


def expected_parts(fmt: str) -> list[str]:
    """The part names: partitions of 16 of the inputs in URL order, each named by its inputs."""
    inputs = [on_dask.Input(Source(name=url(n), id=IDS[n]), url=url(n)) for n in sorted(IDS)]
    return [p.name for p in on_dask.plan_partitions(inputs, fmt, 16)]


def extract(output: str, fmt: str, *more: str):
    return runner.invoke(app, ["extract", INPUTS, "--dask", "local:2", "--output-dir", output, "--format", fmt,
                               *more])


def part_lines(fs, prefix: str, fmt: str) -> list[str]:
    """Every record in the parts, as one JSON line each (Parquet rows too), sorted."""
    if fmt == "jsonl":
        return sorted(line for part in fs.glob(f"{prefix}/part-*.jsonl")
                      for line in fs.cat_file(part).decode("utf-8").splitlines())
    import pyarrow.parquet as pq

    rows = []
    for part in fs.glob(f"{prefix}/part-*.parquet"):
        with fs.open(part, "rb") as stream:
            rows.extend(pq.read_table(stream).to_pylist())
    return sorted(json.dumps(row, ensure_ascii=False) for row in rows)


def objects(fs, prefix: str) -> dict[str, tuple[str, object]]:
    """Each object below `prefix`: its ETag and its last-modified time."""
    return {path: (info["ETag"], info["LastModified"]) for path, info in fs.find(prefix, detail=True).items()}


@pytest.mark.parametrize("fmt", on_dask.FORMATS)
def test_s3_in_and_out_with_resume(s3, expected_lines, fmt):
    prefix = f"{BUCKET}/out"  # the second format's run replaces the first's parts
    output = f"s3://{prefix}/"
    parts = expected_parts(fmt)
    assert len(parts) == 2

    result = extract(output, fmt)
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [f"extractor: {url(BAD)}: {BAD_REASON}",
                                          "extractor: 17 processed, 1 failed, 0 skipped"]
    assert set(s3.find(prefix)) == {f"{prefix}/{on_dask.SUCCESS_NAME}", *(f"{prefix}/{p}" for p in parts),
                                    *(f"{prefix}/{on_dask.PART_INFO_DIR}/{p}.json" for p in parts)}
    lines = part_lines(s3, prefix, fmt)
    assert lines == expected_lines  # byte for byte, each input once
    assert sorted(json.loads(line)["id"] for line in lines) == sorted(IDS[n] for n in GOOD)
    errors = [{"path": url(BAD), "reason": BAD_REASON}]
    bad_part = sorted(IDS).index(BAD) // 16
    counts = [16 - (bad_part == 0), 2 - (bad_part == 1)]
    manifest = {"format": fmt, "processed": 17, "failed": 1, "skipped": 0,
                "parts": [{"name": parts[0], "count": counts[0], "inputs": 16},
                          {"name": parts[1], "count": counts[1], "inputs": 2}],
                "errors": errors}
    assert json.loads(s3.cat_file(f"{prefix}/{on_dask.SUCCESS_NAME}")) == manifest

    before = objects(s3, prefix)
    again = extract(output, fmt, "--resume")
    assert again.exit_code == 1
    assert again.stderr.splitlines() == ["extractor: 0 processed, 1 failed, 17 skipped"]
    after = objects(s3, prefix)
    success = f"{prefix}/{on_dask.SUCCESS_NAME}"
    assert {k: v for k, v in after.items() if k != success} == {k: v for k, v in before.items() if k != success}
    assert json.loads(s3.cat_file(success)) == {**manifest, "processed": 0, "skipped": 17}
    assert part_lines(s3, prefix, fmt) == expected_lines


class PartitionLost(RuntimeError):
    pass


def write_then_fail(partition, output_url, options):
    """A worker that writes its part and its entry, then dies before it reports (as the client sees it)."""
    _write_partition(partition, output_url, options)
    raise PartitionLost("the worker died after writing")


def test_a_part_written_by_a_worker_that_then_failed_is_counted_from_its_entry(s3, client, monkeypatch):
    # The client listed the folder (with --resume, it keeps two parts) before the worker wrote the third.
    prefix = f"{BUCKET}/lost"
    output = f"s3://{prefix}/"
    first = on_dask.write_parts([INPUTS], client, output, partition_size=8)
    assert [p.inputs for p in first.parts] == [8, 8, 2]
    lost = first.parts[1]
    s3.rm([f"{prefix}/{lost.name}", f"{prefix}/{on_dask.PART_INFO_DIR}/{lost.name}.json"])

    monkeypatch.setattr(on_dask, "write_partition", write_then_fail)
    again = on_dask.write_parts([INPUTS], client, output, resume=True, partition_size=8)
    assert s3.exists(f"{prefix}/{lost.name}")
    assert (again.tally.processed, again.tally.skipped, again.tally.failed) == (lost.count, 17 - lost.count, 1)
    assert again.errors == [{"path": url(BAD), "reason": BAD_REASON}]
    written = json.loads(s3.cat_file(f"{prefix}/{on_dask.SUCCESS_NAME}"))
    assert written["parts"] == [{"name": p.name, "count": p.count, "inputs": p.inputs} for p in first.parts]


def test_a_second_resume_in_the_same_process_keeps_the_parts_the_first_wrote(s3, client):
    # The first --resume listed `_parts/` before its worker wrote the missing part's entry.
    prefix = f"{BUCKET}/twice"
    output = f"s3://{prefix}/"
    first = on_dask.write_parts([INPUTS], client, output, partition_size=8)
    lost = first.parts[1]
    s3.rm([f"{prefix}/{lost.name}", f"{prefix}/{on_dask.PART_INFO_DIR}/{lost.name}.json"])
    resumed = on_dask.write_parts([INPUTS], client, output, resume=True, partition_size=8)
    assert (resumed.tally.processed, resumed.tally.skipped) == (lost.count, 17 - lost.count)
    before = objects(s3, prefix)
    again = on_dask.write_parts([INPUTS], client, output, resume=True, partition_size=8)
    assert (again.tally.processed, again.tally.skipped, again.tally.failed) == (0, 17, 1)
    success = f"{prefix}/{on_dask.SUCCESS_NAME}"
    assert {k: v for k, v in objects(s3, prefix).items() if k != success} == \
        {k: v for k, v in before.items() if k != success}
