"""The same extraction on a Dask cluster, with inputs and outputs at fsspec URLs (local, s3://, memory://).

The client lists the inputs and gives them the ids a single-machine run would; workers read, decode and
extract them with the single-machine code (`inputs.read_source` / `documents_from_bytes`,
`api.Extractor.extract_many`, `outputs.record_to_dict`), so every record is the one
`extractor extract` prints. Each worker process loads the pipeline once (`worker_extractor`, warmed by
a worker plugin when a worker starts). Work is split into partitions of a few files; each partition
becomes one part file, written under a temporary name and renamed into place, so a part is absent or
complete, and a partition that Dask runs twice (its worker died) writes the same part again.
"""
from __future__ import annotations

import hashlib
import json
import os
import re
import sys
import threading
import uuid
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path, PurePosixPath

import dask.bag
import fsspec
from distributed import Client, WorkerPlugin, as_completed

from extractor.batch import Tally
from extractor.inputs import (DEFAULT_MAX_BYTES, TEXT_SUFFIXES, Document, InputError, InputFailure, Source,
                              _matches, choose_ids, discover, documents_from_bytes, read_source)

SCHEDULER_TIMEOUT = 10  # seconds for a scheduler to answer: a wrong address fails in seconds, not minutes
DEFAULT_PARTITION_SIZE = 16  # files per partition: big enough to batch the model, small enough to retry
SUCCESS_NAME = "_SUCCESS"
PART_INFO_DIR = "_parts"  # one small JSON per written part; names starting with "_" are what readers skip
FORMATS = ("jsonl", "parquet")
_PART_NAME = re.compile(r"^part-\d{5}-[0-9a-f]{12}\.(jsonl|parquet)$")
_TEMPORARY_NAME = re.compile(r"^\..+\.[0-9a-f]{32}\.tmp$")  # see _write_atomically
_GLOB_CHARS = re.compile(r"[*?\[]")


class DaskUsageError(ValueError):
    """A bad --dask address or option combination: the command's exit code 2."""


@dataclass(frozen=True)
class Options:
    """How each input is read and extracted: the single-machine command's options."""

    model: str | None = None
    taxonomy: str | None = None
    input_format: str = "auto"
    encoding: str | None = None
    markup: str = "auto"
    max_bytes: int = DEFAULT_MAX_BYTES
    batch_size: int = 16
    include_text: bool = False
    explain: bool = False


@dataclass(frozen=True)
class Input:
    """One file to extract: a local path (read as the single-machine batch reads it) or a URL."""

    source: Source
    url: str | None = None  # None: `source.path` is a local file


# --- finding inputs on the client ---------------------------------------------------------------------


def is_url(path: str) -> bool:
    return "://" in path and not path.startswith("file://")


def find_inputs(paths: Iterable[str], patterns: tuple[str, ...] = ()) -> tuple[list[Input], list[InputFailure]]:
    """Files named, found in folders or matched by globs, with the ids a single-machine run gives them.

    Local paths go through `inputs.discover` (a glob is expanded first, as a shell would); URLs are
    listed with fsspec: a glob, a folder (walked for the usual suffixes or `patterns`) or one object.
    """
    local: list[str] = []
    remote: list[tuple[str, list[str]]] = []  # (url, candidate ids)
    failures: list[InputFailure] = []
    for path in paths:
        path = path.removeprefix("file://")
        if not is_url(path):
            if _GLOB_CHARS.search(path) and not Path(path).exists():
                import glob

                matched = sorted(glob.glob(path, recursive=True))  # folders too, walked as a shell's would be
                local.extend(matched)
                if not matched:
                    failures.append(InputFailure(path, "no such file or directory"))
            else:
                local.append(path)
            continue
        try:
            remote.extend(_list_url(path, patterns))
        except (OSError, ValueError, ImportError) as error:  # InputError is a ValueError
            failures.append(InputFailure(path, _url_error(error)))
    sources, local_failures = discover(local, patterns)
    failures.extend(local_failures)
    inputs = [Input(source) for source in sources]
    taken = {source.id for source in sources}
    seen: set[str] = set()
    unique_remote = [(url, ids) for url, ids in remote if not (url in seen or seen.add(url))]
    for (url, _), id_ in zip(unique_remote, choose_ids([ids for _, ids in unique_remote])):
        candidate, n = id_, 1
        while candidate in taken:  # a local file with the same id
            n += 1
            candidate = f"{id_}~{n}"
        taken.add(candidate)
        inputs.append(Input(Source(name=url, id=candidate), url=url))
    return inputs, failures


def _list_url(url: str, patterns: tuple[str, ...]) -> Iterator[tuple[str, list[str]]]:
    """(url, id candidates) of each file under `url`, in sorted order, hidden files skipped."""
    fs, path = fsspec.core.url_to_fs(url)
    if _GLOB_CHARS.search(path):
        root = path[:_GLOB_CHARS.search(path).start()].rsplit("/", 1)[0]
        found = sorted(p for p, info in fs.glob(path, detail=True).items() if info.get("type") == "file")
        if not found:
            raise InputError("no file matches")
    elif fs.isdir(path):
        root = path.rstrip("/")
        found = []
        for p in sorted(fs.find(path)):
            relative = p[len(root):].lstrip("/")
            if any(part.startswith(".") for part in relative.split("/")):
                continue
            if patterns and not _matches(relative, patterns):
                continue
            if not patterns and PurePosixPath(p).suffix.lower() not in TEXT_SUFFIXES:
                continue
            found.append(p)
    elif fs.isfile(path):
        root, found = None, [path]
    else:
        raise InputError("no such file or directory")
    for p in found:
        below = PurePosixPath(p[len(root):].lstrip("/") if root is not None else p.lstrip("/"))
        yield fs.unstrip_protocol(p), [below.stem, below.with_suffix("").as_posix(), below.as_posix()]


def _url_error(error: Exception) -> str:
    """A reason that does not repeat the URL (fsspec's errors often are the path alone)."""
    if isinstance(error, InputError):
        return str(error)
    if isinstance(error, FileNotFoundError):
        return "no such file or directory"
    if isinstance(error, PermissionError):
        return "permission denied"
    if isinstance(error, ImportError):
        hint = "; e.g. pip install 'extractor[s3]'" if "s3" in str(error).lower() else ""
        return f"no filesystem for this URL is installed ({error}){hint}"
    return str(error) or type(error).__name__


# --- on the workers -------------------------------------------------------------------------------------

_EXTRACTORS: dict[tuple[str | None, str | None], object] = {}
_EXTRACTORS_LOCK = threading.Lock()
PIPELINE_LOADS = 0  # how many pipelines this process has loaded: one per (model, taxonomy), ever


def worker_extractor(model: str | None = None, taxonomy: str | None = None):
    """This process's `Extractor` for (model, taxonomy), loaded on first use and kept: once per worker."""
    global PIPELINE_LOADS
    key = (model, taxonomy)
    with _EXTRACTORS_LOCK:  # a worker with several threads still loads once
        if key not in _EXTRACTORS:
            from extractor.api import Extractor

            _EXTRACTORS[key] = Extractor(model=model, taxonomy=taxonomy)
            PIPELINE_LOADS += 1
        return _EXTRACTORS[key]


def pipeline_loads() -> int:
    """How many pipelines this process loaded; `client.run(pipeline_loads)` asks every worker."""
    return PIPELINE_LOADS


class PipelineLoader(WorkerPlugin):
    """Loads the pipeline when a worker starts (or restarts), before its first task arrives."""

    def __init__(self, model: str | None = None, taxonomy: str | None = None):
        self.model, self.taxonomy = model, taxonomy

    def setup(self, worker) -> None:
        worker_extractor(self.model, self.taxonomy)


def _documents(inputs: Iterable[Input], options: Options,
               failed: Callable[[InputFailure], None]) -> Iterator[Document]:
    for item in inputs:
        if item.url is None:
            stream = read_source(item.source, options.input_format, options.encoding, options.markup,
                                 options.max_bytes)
        else:
            try:
                data = _read_url(item.url, options.max_bytes)
            except InputError as error:
                failed(InputFailure(item.url, str(error)))
                continue
            stream = documents_from_bytes(item.source, data, options.input_format, options.encoding,
                                          options.markup)
        for document in stream:
            if isinstance(document, InputFailure):
                failed(document)
            elif isinstance(document, Document):
                # A URL source has no local path, which read_source takes for stdin: give it its name.
                yield document if document.source else replace(document, source=item.source.name)


def _read_url(url: str, max_bytes: int) -> bytes:
    try:
        with fsspec.open(url, "rb") as stream:
            data = stream.read(max_bytes + 1)
    except IsADirectoryError:
        raise InputError("is a folder") from None
    except (OSError, ValueError) as error:
        raise InputError(_url_error(error)) from None
    if len(data) > max_bytes:
        raise InputError(f"larger than {max_bytes:,} bytes (raise the limit with --max-bytes)")
    return data


def extract_partition(inputs: list[Input], options: Options) -> tuple[list[dict], list[InputFailure]]:
    """Records (as JSON data, exactly what `--format jsonl` writes) and failures of some inputs; a bad
    file is a failure and never costs the others."""
    from extractor.outputs import record_to_dict

    extractor = worker_extractor(options.model, options.taxonomy)
    failures: list[InputFailure] = []

    def processing_failed(document: Document, error: Exception) -> None:
        failures.append(InputFailure(document.source or document.id,
                                     f"processing failed ({type(error).__name__}: {error})"))

    records = [record_to_dict(record) for record in extractor.extract_many(
        _documents(inputs, options, failures.append), batch_size=options.batch_size,
        on_error=processing_failed, include_text=options.include_text, explain=options.explain)]
    return records, failures


def _partition_records(inputs: list[Input], options: Options) -> list[dict]:
    return extract_partition(list(inputs), options)[0]


# --- the Python API ---------------------------------------------------------------------------------------


def extract_files(urls: Iterable[str] | str, client: Client, partition_size: int = DEFAULT_PARTITION_SIZE,
                  patterns: tuple[str, ...] = (), **options) -> dask.bag.Bag:
    """A Dask bag of records (dicts, as `Record.model_dump` gives them) for the files at `urls`.

    `options` are those of `Options` (model, taxonomy, markup, include_text...). The client's workers
    load the pipeline once each. Inputs that cannot be read are left out of the bag; `write_parts`
    reports them.
    """
    inputs, _ = find_inputs([urls] if isinstance(urls, str) else list(urls), patterns)
    settings = Options(**options)
    client.register_plugin(PipelineLoader(settings.model, settings.taxonomy), name=_plugin_name(settings))
    if not inputs:
        return dask.bag.from_sequence([], npartitions=1)
    return dask.bag.from_sequence(inputs, partition_size=partition_size).map_partitions(
        _partition_records, settings)


def _plugin_name(options: Options) -> str:
    return "extractor-pipeline-" + hashlib.sha256(repr((options.model, options.taxonomy)).encode()).hexdigest()[:12]


# --- writing parts ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Partition:
    """One part to write: its inputs and its file name, which its inputs decide (so --resume can trust it)."""

    index: int
    inputs: tuple[Input, ...]
    fmt: str

    @property
    def name(self) -> str:
        digest = hashlib.sha256("\0".join(i.source.name + "\1" + i.source.id for i in self.inputs).encode(
            "utf-8", "surrogatepass")).hexdigest()[:12]
        return f"part-{self.index:05d}-{digest}.{self.fmt}"


@dataclass
class PartResult:
    name: str
    count: int = 0
    inputs: int = 0
    errors: list[dict] = field(default_factory=list)  # {"path", "reason"}
    written: bool = True


def plan_partitions(inputs: list[Input], fmt: str, partition_size: int = DEFAULT_PARTITION_SIZE) -> list[Partition]:
    return [Partition(n, tuple(inputs[start:start + partition_size]), fmt)
            for n, start in enumerate(range(0, len(inputs), partition_size))]


def write_partition(partition: Partition, output_url: str, options: Options) -> PartResult:
    """Extract one partition and write its part atomically (temporary name, then rename), then a small
    `_parts/<part>.json` saying what it holds. A failed write fails the partition's inputs, not the run."""
    records, failures = extract_partition(list(partition.inputs), options)
    result = PartResult(partition.name, len(records), len(partition.inputs),
                        [{"path": f.source, "reason": f.reason} for f in failures])
    fs, root = fsspec.core.url_to_fs(output_url)
    try:
        payload = _part_bytes(records, partition.fmt, options)
        _write_atomically(fs, f"{root}/{partition.name}", payload)
        _write_atomically(fs, f"{root}/{PART_INFO_DIR}/{partition.name}.json",
                          json.dumps(asdict(result), ensure_ascii=False).encode("utf-8"))
    except OSError as error:
        reason = f"cannot write output ({error})"
        return PartResult(partition.name, 0, len(partition.inputs),
                          [{"path": i.source.name, "reason": reason} for i in partition.inputs], written=False)
    return result


def _write_atomically(fs, path: str, payload: bytes) -> None:
    parent, name = path.rsplit("/", 1)
    temporary = f"{parent}/.{name}.{uuid.uuid4().hex}.tmp"
    fs.makedirs(parent, exist_ok=True)
    try:
        with fs.open(temporary, "wb") as out:
            out.write(payload)
        fs.mv(temporary, path)
    except BaseException:
        try:
            fs.rm(temporary)
        except OSError:
            pass
        raise


def _part_bytes(records: list[dict], fmt: str, options: Options) -> bytes:
    if fmt == "jsonl":
        return "".join(json.dumps(record, ensure_ascii=False) + "\n" for record in records).encode("utf-8")
    import io

    import pyarrow as pa
    import pyarrow.parquet as pq

    buffer = io.BytesIO()
    pq.write_table(pa.Table.from_pylist(records, schema=arrow_schema(options.include_text, options.explain)),
                   buffer)
    return buffer.getvalue()


def arrow_schema(include_text: bool = False, explain: bool = False):
    """The record (extractor/schema.py) as an Arrow schema: nested lists of structs, as in the JSON."""
    import pyarrow as pa

    string, names = pa.string(), pa.list_(pa.string())
    span = [("start", pa.int64()), ("end", pa.int64())]
    fields = [
        ("id", string), ("source", string), ("title", string),
        ("dateline", pa.struct([("location", string), ("wire", string), ("date", string)])),
        ("people", pa.list_(pa.struct([("name", string), ("title", string), ("organization", string),
                                       ("aliases", names), ("mentions", pa.int64())]))),
        ("organizations", pa.list_(pa.struct([("name", string), ("aliases", names), ("mentions", pa.int64())]))),
        ("money", pa.list_(pa.struct([("text", string), ("amount", pa.float64()), ("currency", string), *span,
                                      ("qualifier", string), ("kind", string),
                                      ("mentions", pa.list_(pa.struct([("text", string), *span])))]))),
        ("sectors", pa.list_(pa.struct([("sector", string), ("industry", string), ("evidence", names),
                                        ("mentions", pa.int64()), ("primary", pa.bool_())]))),
    ]
    if include_text:
        fields.append(("text", string))
    if explain:
        fields.append(("rejected", pa.list_(pa.struct([("field", string), ("text", string), *span,
                                                       ("check", string)]))))
    return pa.schema(fields)


@dataclass
class RunSummary:
    """What `write_parts` did: the `_SUCCESS` manifest's content, and the tally the command prints."""

    parts: list[PartResult]
    errors: list[dict]
    tally: Tally

    def manifest(self, fmt: str) -> dict:
        return {"format": fmt, "processed": self.tally.processed, "failed": self.tally.failed,
                "skipped": self.tally.skipped,
                "parts": [{"name": p.name, "count": p.count, "inputs": p.inputs} for p in self.parts if p.written],
                "errors": self.errors}


def write_parts(paths: Iterable[str], client: Client, output_url: str, fmt: str = "jsonl", resume: bool = False,
                partition_size: int = DEFAULT_PARTITION_SIZE, patterns: tuple[str, ...] = (),
                options: Options = Options(), on_error: Callable[[dict], None] = lambda error: None
                ) -> RunSummary:
    """Extract `paths` on the cluster into `output_url`: one part per partition, then `_SUCCESS`.

    `resume` keeps the parts of an earlier run of the same inputs (its `_parts/` entries say what each
    holds) and extracts only the missing ones. Parts this plan does not name (an earlier run's, of other
    inputs) are removed, so the folder holds each input once. `on_error` hears each failed input.
    """
    if fmt not in FORMATS:
        raise DaskUsageError(f"--format {fmt}: the cluster writes {' or '.join(FORMATS)}")
    inputs, failures = find_inputs(list(paths), patterns)
    partitions = plan_partitions(inputs, fmt, partition_size)
    fs, root = fsspec.core.url_to_fs(output_url)
    fs.makedirs(root, exist_ok=True)
    if fs.exists(f"{root}/{SUCCESS_NAME}"):
        fs.rm(f"{root}/{SUCCESS_NAME}")  # this run is not done until it says so
    done = _tidy_output(fs, root, {p.name for p in partitions} if resume else set())  # without --resume, nothing is kept
    errors = [{"path": f.source, "reason": f.reason} for f in failures]
    for error in errors:
        on_error(error)
    tally = Tally(failed=len(errors))
    results: list[PartResult] = []
    for partition in partitions:
        if partition.name in done:
            kept = done[partition.name]
            results.append(kept)
            tally.skipped += kept.count
            tally.failed += len(kept.errors)
            errors.extend(kept.errors)
    todo = [p for p in partitions if p.name not in done]
    if todo:
        client.register_plugin(PipelineLoader(options.model, options.taxonomy), name=_plugin_name(options))
        futures = client.map(write_partition, todo, output_url=output_url, options=options, pure=False)
        for partition, result in _results(futures, todo):
            if isinstance(result, Exception):
                # A worker may die after writing its part, before it reports: the part's entry says so.
                _forget_listings(fs, root)  # listed before the worker wrote them
                result = _part_info(fs, root, partition.name) or PartResult(
                    partition.name, 0, len(partition.inputs), _lost(partition.inputs, result), written=False)
            for error in result.errors:
                on_error(error)
            results.append(result)
            errors.extend(result.errors)
            tally.processed += result.count
            tally.failed += len(result.errors)
    order = {p.name: p.index for p in partitions}
    results.sort(key=lambda r: order[r.name])
    summary = RunSummary(results, errors, tally)
    _write_atomically(fs, f"{root}/{SUCCESS_NAME}",
                      (json.dumps(summary.manifest(fmt), ensure_ascii=False, indent=2) + "\n").encode("utf-8"))
    return summary


def _results(futures: list, items: list) -> Iterator[tuple[object, object]]:
    """(item, its result or the exception that ended it), as each partition finishes."""
    item_of = dict(zip(futures, items))
    for future in as_completed(futures):
        try:
            yield item_of[future], future.result()
        except Exception as error:  # KilledWorker: its workers died again and again (Dask retried it)
            yield item_of[future], error


def _lost(inputs: Iterable[Input], error: Exception) -> list[dict]:
    reason = f"partition failed ({type(error).__name__}: {error})"
    return [{"path": item.source.name, "reason": reason} for item in inputs]


def _names(fs, path: str) -> list[str]:
    """Full paths in a folder; none when it does not exist (an object store has no empty folders)."""
    try:
        return fs.ls(path, detail=False)
    except FileNotFoundError:
        return []


def _forget_listings(fs, root: str) -> None:
    """Drop this process's cached listings of the output folder: an object store's filesystem (s3fs)
    answers `ls`, `exists` and even `cat_file` from a listing it made once, which knows nothing of the
    parts and entries that workers (other processes) wrote after it."""
    for folder in (root, f"{root}/{PART_INFO_DIR}"):
        fs.invalidate_cache(folder)


def _tidy_output(fs, root: str, keep: set[str]) -> dict[str, PartResult]:
    """Remove temporary files and the parts not in `keep`; the parts kept, as their `_parts/` entry says."""
    _forget_listings(fs, root)  # an earlier run's workers may have written since
    kept: dict[str, PartResult] = {}
    for path in _names(fs, root):
        name = path.rstrip("/").rsplit("/", 1)[-1]
        if _TEMPORARY_NAME.match(name) or (_PART_NAME.match(name) and name not in keep):
            fs.rm(path)
    for path in _names(fs, f"{root}/{PART_INFO_DIR}"):
        name = path.rstrip("/").rsplit("/", 1)[-1]
        part = name.removesuffix(".json")
        if _TEMPORARY_NAME.match(name):
            fs.rm(path)
            continue
        info = _part_info(fs, root, part) if part in keep else None
        if info is not None:
            kept[part] = info
            continue
        fs.rm(path)
    return kept


def _part_info(fs, root: str, part: str) -> PartResult | None:
    """What a written part holds, from its `_parts/` entry; None when the part or a readable entry is missing."""
    if not fs.exists(f"{root}/{part}"):
        return None
    try:
        return PartResult(**json.loads(fs.cat_file(f"{root}/{PART_INFO_DIR}/{part}.json")))
    except (OSError, ValueError, TypeError):
        return None


# --- the command line -------------------------------------------------------------------------------------


def open_client(address: str):
    """A client for `address`: `local:N` starts a LocalCluster of N worker processes here (closed with
    the client); anything else is a running scheduler's address (tcp://host:8786)."""
    if address.startswith("local:"):
        count = address.removeprefix("local:")
        if not count.isdigit() or int(count) < 1:
            raise DaskUsageError(f"--dask {address}: expected local:N with N worker processes, e.g. local:4")
        most = local_workers_limit()
        if int(count) > most:
            raise DaskUsageError(f"--dask {address}: at most local:{most} here ({os.cpu_count() or 1} cores; "
                                 "each worker holds its own pipeline, about 260 MiB)")
        import logging

        from distributed import LocalCluster

        cluster = _without_ctrl_c(lambda: LocalCluster(n_workers=int(count), threads_per_worker=1, processes=True,
                                                       dashboard_address=":0", silence_logs=logging.ERROR))
        client = Client(cluster)
        client.close_cluster = cluster  # type: ignore[attr-defined]
        return client
    check_scheduler(address)
    try:
        return Client(address, timeout=f"{SCHEDULER_TIMEOUT}s")
    except (OSError, ValueError, TimeoutError) as error:
        raise DaskUsageError(f"--dask {address}: cannot reach the scheduler ({error})") from None


def _without_ctrl_c(start):
    """`start()` with SIGINT ignored, which the worker processes it starts inherit: Ctrl-C at the
    terminal signals the whole process group, and this process, not each worker with a traceback,
    is the one to stop the run (closing the cluster on its way out). (A signal mask would not do:
    the workers start as new programs, which unblock every signal.)"""
    import signal

    try:
        previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    except ValueError:  # not the main thread: signals are not ours to set
        return start()
    try:
        return start()
    finally:
        signal.signal(signal.SIGINT, previous)


def local_workers_limit() -> int:
    """The most `local:N` workers: four per core, beyond which a machine only thrashes."""
    return 4 * (os.cpu_count() or 1)


def check_scheduler(address: str) -> None:
    """Ask `address` who it is before handing it to `Client`, which waits forever on a server that
    accepts the connection but is not a Dask scheduler (an HTTP port) and fails with whatever the
    garbage it reads decodes to. Raises DaskUsageError unless a scheduler answers in time."""
    import asyncio

    from distributed.comm import connect
    from distributed.security import Security

    async def identity():
        comm = await connect(address, timeout=SCHEDULER_TIMEOUT, **Security().get_connection_args("client"))
        try:
            await comm.write({"op": "identity", "reply": True})
            return await comm.read()
        finally:
            comm.abort()

    try:
        reply = asyncio.run(asyncio.wait_for(identity(), SCHEDULER_TIMEOUT))
    except (TimeoutError, asyncio.TimeoutError):
        raise DaskUsageError(f"--dask {address}: no answer from a Dask scheduler within {SCHEDULER_TIMEOUT} s") \
            from None
    except (OSError, ValueError) as error:
        raise DaskUsageError(f"--dask {address}: cannot reach the scheduler ({error})") from None
    except Exception:  # noqa: BLE001 - whatever another protocol's bytes decode to (MemoryError, ...)
        reply = None
    if not (isinstance(reply, dict) and reply.get("type") == "Scheduler"):
        raise DaskUsageError(f"--dask {address}: not a Dask scheduler (it answered in another protocol)")


def close_client(client) -> None:
    cluster = getattr(client, "close_cluster", None)
    client.close()
    if cluster is not None:
        cluster.close()


def run_command(address: str, paths: list[str], output_dir: str | None, fmt: str | None, resume: bool,
                options: Options, patterns: tuple[str, ...] = (), quiet: bool = False,
                partition_size: int = DEFAULT_PARTITION_SIZE) -> int:
    """`extractor extract ... --dask ADDRESS`: parts into `output_dir`, or JSON Lines to stdout without
    one. Errors are `extractor: path: reason` lines on stderr, then the summary; 0, or 1 if an input
    failed. Raises DaskUsageError for a usage error."""
    if not paths or "-" in paths:
        raise DaskUsageError("--dask needs input paths or URLs (stdin is not read on a cluster)")
    if output_dir is None and fmt not in (None, "jsonl"):
        raise DaskUsageError("--dask without --output-dir writes JSON Lines to stdout; drop --format or add --output-dir")
    if output_dir is not None and fmt not in (None, *FORMATS):
        raise DaskUsageError("--dask --output-dir writes jsonl or parquet parts")
    if resume and output_dir is None:
        raise DaskUsageError("--resume needs --output-dir")

    def report(error: dict) -> None:
        print(f"extractor: {InputFailure(error['path'], error['reason'])}", file=sys.stderr, flush=True)

    from extractor.pipeline import ModelNotFoundError

    if options.taxonomy:  # a bad file is one line here, not an error on every worker
        from extractor.components.sectors import load_taxonomy

        try:
            load_taxonomy(Path(options.taxonomy))
        except (ValueError, KeyError, OSError) as error:
            raise DaskUsageError(f"{options.taxonomy}: not a usable taxonomy file ({error})") from None
    if output_dir is not None:
        make_output_folder(output_dir)  # before a cluster starts: a folder that cannot be made is one line
    client = open_client(address)
    try:
        if output_dir is not None:
            summary = write_parts(paths, client, output_dir, fmt or "jsonl", resume, partition_size, patterns,
                                  options, on_error=report)
            tally = summary.tally
        else:
            tally = _stream_to_stdout(paths, client, partition_size, patterns, options, report)
    except ModelNotFoundError as error:  # raised by the workers' plugin, before any task
        raise DaskUsageError(str(error)) from None
    finally:
        close_client(client)
    if not quiet:
        print(f"extractor: {tally}", file=sys.stderr, flush=True)
    return 1 if tally.failed else 0


def make_output_folder(output_url: str) -> None:
    """Create the output folder (or prefix); DaskUsageError naming it when that cannot be done."""
    try:
        fs, root = fsspec.core.url_to_fs(output_url)
        fs.makedirs(root, exist_ok=True)
    except (OSError, ValueError, ImportError) as error:
        reason = _url_error(error) if isinstance(error, ImportError) else error.strerror or str(error)
        raise DaskUsageError(f"{output_url}: cannot write there ({reason})") from None


def _stream_to_stdout(paths, client, partition_size, patterns, options, report) -> Tally:
    inputs, failures = find_inputs(paths, patterns)
    tally = Tally(failed=len(failures))
    for failure in failures:
        report({"path": failure.source, "reason": failure.reason})
    client.register_plugin(PipelineLoader(options.model, options.taxonomy), name=_plugin_name(options))
    chunks = [inputs[start:start + partition_size] for start in range(0, len(inputs), partition_size)]
    for chunk, result in _results(client.map(extract_partition, chunks, options=options, pure=False), chunks):
        if isinstance(result, Exception):
            for error in _lost(chunk, result):
                report(error)
            tally.failed += len(chunk)
            continue
        records, failed = result
        for record in records:
            sys.stdout.write(json.dumps(record, ensure_ascii=False) + "\n")
        sys.stdout.flush()
        for failure in failed:
            report({"path": failure.source, "reason": failure.reason})
        tally.processed += len(records)
        tally.failed += len(failed)
    return tally
