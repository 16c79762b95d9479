"""Batches: inputs to documents with failures and resume skips counted, one JSON file per input
written atomically, and the run's tally. The command line is a thin layer over `Batch`."""
from __future__ import annotations

import hashlib
import json
import os
import re
import secrets
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from extractor.inputs import (DEFAULT_MAX_BYTES, Document, InputFailure, InputWarning, Source, UniqueIds,
                              printable, read_source)
from extractor.schema import Record

if TYPE_CHECKING:
    from extractor.api import Extractor
    from extractor.database import Database

_UNSAFE_NAME_CHARS = re.compile(r"[^\w.\-~+@=, ]")
_PARTIAL_SUFFIX = ".partial"  # not ".json": a reader globbing *.json never sees a half-written file
_PARTIAL_NAME = re.compile(r"^\.(?P<name>.+)\.(?P<pid>\d+)\.[^.]+" + re.escape(_PARTIAL_SUFFIX) + "$")
MANIFEST_NAME = ".extractor-manifest.jsonl"
# File systems allow 255 bytes per name; the temporary name adds a dot, a pid, a random part and a suffix.
MAX_NAME_BYTES = 200


def output_name(record_id: str, suffix: str = ".json") -> str:
    """The relative file name for a record id: '2024/launch' -> '2024/launch.json'.

    Ids come from file paths and from JSON Lines rows the user wrote, so nothing may climb out of the
    output folder or hide: '..', '.' and empty parts are dropped, odd characters become '_', and a part
    too long for a file system is cut and made unique by a hash of the whole.
    """
    parts = [_UNSAFE_NAME_CHARS.sub("_", part).lstrip(".") for part in record_id.replace("\\", "/").split("/")]
    parts = [_short_enough(part) for part in parts if part] or ["record"]
    return "/".join(parts) + suffix


def _short_enough(part: str) -> str:
    if len(part.encode("utf-8")) <= MAX_NAME_BYTES:
        return part
    digest = hashlib.sha256(part.encode("utf-8")).hexdigest()[:16]
    cut = part.encode("utf-8")[:MAX_NAME_BYTES - 17].decode("utf-8", "ignore")
    return f"{cut}~{digest}"


def record_json(record: Record) -> str:
    return json.dumps(record.model_dump(mode="json"), ensure_ascii=False, indent=2) + "\n"


def made_from(document: Document, where: str | None = None) -> dict:
    """What a record was made from, as `--resume` compares it: the record's id, where its input is
    (`where`, its real path however it was typed, else the document's source) and its text's hash."""
    return {"id": document.id, "source": where or document.source or document.id,
            "sha256": hashlib.sha256(document.text.encode("utf-8", "surrogatepass")).hexdigest()}


class OutputFolder:
    """Writes `<name>.json` files so that each is either absent or complete, and remembers what each
    was made from.

    Each record goes to a hidden temporary file in the target folder first and is renamed over the
    final name with `os.replace`, which POSIX and Windows make atomic within one file system. Then one
    line is appended to the folder's manifest (`.extractor-manifest.jsonl`: output name, record id, the
    input's real path, hash of the text read), so that `--resume` skips an input only when its output was made from the same
    text, never by comparing times. An interrupted run leaves at most a temporary file named with its
    process id, removed by the next run once that process is gone, never while another run uses it.
    """

    def __init__(self, directory: Path, suffix: str = ".json", render: Callable[[Record], str] | None = None):
        """`suffix` and `render` choose the files' kind: JSON records by default, or e.g. ".html" pages."""
        self.directory = Path(directory)
        self.suffix = suffix
        self.render = render or record_json
        self.directory.mkdir(parents=True, exist_ok=True)
        self.remove_partial_files()
        self._paths: dict[str, Path] = {}
        self._taken: set[str] = set()
        self._made_from = self._read_manifest()
        self._outputs_of: dict[str, set[str]] = {}  # input -> the outputs the manifest says it made
        for output, entry in self._made_from.items():
            self._outputs_of.setdefault(entry.get("source"), set()).add(output)
        umask = os.umask(0)
        os.umask(umask)
        self._file_mode = 0o666 & ~umask  # what open() would give; mkstemp's own is 0600

    def path_for(self, record_id: str, name: str | None = None) -> Path:
        """Where a record goes: `name` (the input's path below its folder) or else the id, as a file name;
        two records that would share a file ('a:b', 'a_b') get '~2', '~3'."""
        if record_id not in self._paths:
            name = output_name(name or record_id, self.suffix)
            stem, n = name.removesuffix(self.suffix), 1
            while name in self._taken:
                n += 1
                name = f"{stem}~{n}{self.suffix}"
            self._taken.add(name)
            self._paths[record_id] = self.directory / name
        return self._paths[record_id]

    def is_up_to_date(self, record_id: str, source: dict, name: str | None = None) -> bool:
        """True when the record's file exists and the manifest says it was made from `source`."""
        path = self.path_for(record_id, name)
        return self._made_from.get(self._relative(path)) == source and path.is_file()

    def write(self, record: Record, source: dict | None = None) -> Path:
        target = self.path_for(record.id)
        target.parent.mkdir(parents=True, exist_ok=True)
        # Named before it exists, so that a signal landing anywhere after this line still finds it to remove
        # (mkstemp creates the file before the caller can know its name).
        temporary = target.parent / f".{target.name}.{os.getpid()}.{secrets.token_hex(4)}{_PARTIAL_SUFFIX}"
        try:
            handle = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            os.fchmod(handle, self._file_mode)
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                out.write(self.render(record))
            os.replace(temporary, target)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
        if source is not None:
            self._remember(target, source)
        return target

    def _relative(self, path: Path) -> str:
        return path.relative_to(self.directory).as_posix()

    def _remember(self, target: Path, source: dict) -> None:
        """One line, one `write` on an append-only descriptor: atomic beside another run's appends.
        An older output of the same input under another name (its name had to grow when a file of the
        same stem arrived: `launch.json` -> `launch.md.json`) is removed, so one input has one output."""
        name = self._relative(target)
        line = json.dumps({"output": name, **source}, ensure_ascii=False) + "\n"
        descriptor = os.open(self.directory / MANIFEST_NAME, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        try:
            os.write(descriptor, line.encode("utf-8"))
        finally:
            os.close(descriptor)
        for older in self._outputs_of.pop(source["source"], set()) - {name} - self._taken:
            if self._made_from.get(older, {}).get("source") == source["source"]:
                (self.directory / older).unlink(missing_ok=True)
                del self._made_from[older]
        self._made_from[name] = source
        self._outputs_of[source["source"]] = {name}

    def _read_manifest(self) -> dict[str, dict]:
        """The last entry for each output; a line cut short by a crash is ignored."""
        made_from: dict[str, dict] = {}
        try:
            lines = (self.directory / MANIFEST_NAME).read_text(encoding="utf-8", errors="replace").splitlines()
        except FileNotFoundError:
            return made_from
        for line in lines:
            try:
                entry = json.loads(line)
                made_from[entry.pop("output")] = entry
            except (ValueError, KeyError, AttributeError):
                continue
        return made_from

    def remove_partial_files(self) -> None:
        """Temporary files of runs that are over: another live run's files are left alone."""
        for leftover in self.directory.rglob(f".*{_PARTIAL_SUFFIX}"):
            match = _PARTIAL_NAME.match(leftover.name)
            if match is None or not _process_alive(int(match["pid"])):
                leftover.unlink(missing_ok=True)


def _real_source(source: Source, document: Document) -> str | None:
    """The input's real path, so that `in/`, `./in` and `/abs/in` are one input; a row keeps its ':LINE'."""
    if source.path is None:
        return None
    real = printable(os.path.realpath(source.path))
    return real + document.source[len(source.name):] if document.source else real


def database_source(source: Source, document: Document) -> str:
    """`documents.source`, the key a database stores a document under: the input's real path without
    loss (a byte that is not UTF-8 as `\\xNN`, so two names that differ only there stay two documents),
    a row with its ':LINE'; stdin, which has no path, by its text's hash, so that each text piped in is a
    document of its own rather than the replacement of the last one."""
    if source.path is None:
        digest = hashlib.sha256(document.text.encode("utf-8", "surrogatepass")).hexdigest()[:16]
        return f"{document.source or source.name or 'stdin'}@sha256:{digest}"
    real = os.fsencode(os.path.realpath(source.path)).decode("utf-8", "backslashreplace")
    return real + document.source[len(source.name):] if document.source else real


def _process_alive(pid: int) -> bool:
    if pid == os.getpid():
        return False  # a reused pid of a dead run: this run has not written anything yet
    try:
        os.kill(pid, 0)  # PermissionError too says the process exists
    except ProcessLookupError:
        return False
    except PermissionError:
        pass
    return True


@dataclass
class Tally:
    processed: int = 0
    failed: int = 0
    skipped: int = 0

    @property
    def total(self) -> int:
        return self.processed + self.failed + self.skipped

    def __str__(self) -> str:
        return f"{self.processed} processed, {self.failed} failed, {self.skipped} skipped"


@dataclass
class Batch:
    """Sources in, records out, in input order; every input ends up processed, failed or skipped.

    `on_failure` hears each failed input as it happens (a read error, a processing error, a failed
    write), `on_warning` each input read with bytes replaced; `on_step` hears every input that is
    done, whatever the outcome, for a progress bar.
    """

    sources: list[Source]
    failures: list[InputFailure] = field(default_factory=list)
    input_format: str = "auto"
    encoding: str | None = None
    markup: str = "auto"
    output: OutputFolder | None = None
    resume: bool = False
    database: Database | None = None  # records stored there; a document stored from the same text is skipped
    max_bytes: int = DEFAULT_MAX_BYTES
    on_failure: Callable[[InputFailure], None] = lambda failure: None
    on_warning: Callable[[InputWarning], None] = lambda warning: None
    on_step: Callable[[], None] = lambda: None
    tally: Tally = field(default_factory=Tally)
    _pending: dict[str, dict] = field(default_factory=dict)  # record id -> what it is made from

    def __post_init__(self) -> None:
        if self.output is not None and self.database is not None:
            raise ValueError("a batch writes to an output folder or a database, not both")

    def is_rows(self, source: Source) -> bool:
        """JSON Lines: one document per line rather than one per file."""
        return self.input_format == "jsonl" or (self.input_format == "auto" and source.is_jsonl)

    @property
    def size(self) -> int | None:
        """How many inputs, when known before reading (JSON Lines files hide their line count)."""
        if any(self.is_rows(s) for s in self.sources):
            return None
        return len(self.sources) + len(self.failures)

    def fail(self, failure: InputFailure) -> None:
        self.tally.failed += 1
        self.on_failure(failure)
        self.on_step()

    def _skip(self) -> None:
        self.tally.skipped += 1
        self.on_step()

    def documents(self) -> Iterator[Document]:
        """Each document read, in order; failures, warnings and resume skips reported on the way."""
        ids = UniqueIds(s.id for s in self.sources if not self.is_rows(s))
        for failure in self.failures:
            self.fail(failure)
        for source in self.sources:
            rows = self.is_rows(source)
            for item in read_source(source, self.input_format, self.encoding, self.markup, self.max_bytes):
                if isinstance(item, InputWarning):
                    self.on_warning(item)
                    continue
                if isinstance(item, InputFailure):
                    self.fail(item)
                    continue
                if rows:
                    item = ids.claim(item)
                if self.output is not None:
                    origin = made_from(item, _real_source(source, item))
                    name = None if rows else source.output_name
                    if self.resume and self.output.is_up_to_date(item.id, origin, name):
                        self._skip()
                        continue
                    self.output.path_for(item.id, name)
                    self._pending[item.id] = origin
                elif self.database is not None:
                    origin = made_from(item, database_source(source, item))
                    if self.database.is_current(origin):
                        self._skip()
                        continue
                    self._pending[item.id] = origin
                yield item

    def records(self, extractor: Extractor, batch_size: int = 16, n_process: int = 1,
                include_text: bool = False, explain: bool = False) -> Iterator[Record]:
        """Records as each is ready; with an output folder or a database, each is also written there first."""
        def processing_failed(document: Document, error: Exception) -> None:
            self._pending.pop(document.id, None)
            self.fail(InputFailure(document.source or document.id,
                                   f"processing failed ({type(error).__name__}: {error})"))

        stream = extractor.extract_many(self.documents(), batch_size=batch_size, n_process=n_process,
                                        on_error=processing_failed, explain=explain,
                                        include_text=include_text or self.database is not None)
        try:
            for record in stream:
                if self.output is not None:
                    try:
                        self.output.write(record, self._pending.pop(record.id, None))
                    except OSError as error:
                        self.fail(InputFailure(record.source or record.id, f"cannot write output ({error})"))
                        continue
                elif self.database is not None:
                    if not self._store(record):
                        continue
                    if not include_text:
                        record.text = None
                self.tally.processed += 1
                self.on_step()
                yield record
        finally:
            stream.close()  # stops worker processes now, not at interpreter exit

    def _store(self, record: Record) -> bool:
        """The record into the database; a failed write fails its input only. False when it failed."""
        import sqlite3

        try:
            self.database.upsert(record, self._pending.pop(record.id), record.text)
        except sqlite3.Error as error:
            self.fail(InputFailure(record.source or record.id, f"cannot write to the database ({error})"))
            return False
        return True
