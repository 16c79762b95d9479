"""Batches: inputs to documents with failures and resume skips counted, one JSON file per input
written atomically, and the run's tally. The command line is a thin layer over `Batch`."""
from __future__ import annotations

import json
import os
import re
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from extractor.inputs import Document, InputFailure, Source, UniqueIds, read_source
from extractor.schema import Record

if TYPE_CHECKING:
    from extractor.api import Extractor

_UNSAFE_NAME_CHARS = re.compile(r"[^\w.\-~+@=, ]")
_PARTIAL_SUFFIX = ".partial"  # not ".json": a reader globbing *.json never sees a half-written file


def output_name(record_id: str) -> str:
    """The relative file name for a record id: '2024/launch' -> '2024/launch.json'.

    Ids come from file paths and from JSON Lines rows the user wrote, so nothing may climb out of the
    output folder or hide: '..', '.' and empty parts are dropped, odd characters become '_'.
    """
    parts = [_UNSAFE_NAME_CHARS.sub("_", part).lstrip(".") for part in record_id.replace("\\", "/").split("/")]
    parts = [part for part in parts if part] or ["record"]
    return "/".join(parts) + ".json"


def record_json(record: Record) -> str:
    return json.dumps(record.model_dump(mode="json"), ensure_ascii=False, indent=2) + "\n"


class OutputFolder:
    """Writes `<id>.json` files so that each is either absent or complete.

    Each record goes to a hidden temporary file in the target folder first and is renamed over the
    final name with `os.replace`, which POSIX and Windows make atomic within one file system. An
    interrupted run leaves at most a temporary file, removed by the next run.
    """

    def __init__(self, directory: Path):
        self.directory = Path(directory)
        self.directory.mkdir(parents=True, exist_ok=True)
        self.remove_partial_files()
        self._paths: dict[str, Path] = {}
        self._taken: set[str] = set()

    def path_for(self, record_id: str) -> Path:
        """Where a record goes; two ids that make the same file name ('a:b', 'a_b') get '~2', '~3'."""
        if record_id not in self._paths:
            name = output_name(record_id)
            stem, n = name.removesuffix(".json"), 1
            while name in self._taken:
                n += 1
                name = f"{stem}~{n}.json"
            self._taken.add(name)
            self._paths[record_id] = self.directory / name
        return self._paths[record_id]

    def is_up_to_date(self, record_id: str, input_path: Path | None) -> bool:
        """True when the record's file exists and is newer than the input it came from."""
        if input_path is None:
            return False
        try:
            return self.path_for(record_id).stat().st_mtime_ns > input_path.stat().st_mtime_ns
        except OSError:
            return False

    def write(self, record: Record) -> Path:
        target = self.path_for(record.id)
        target.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=_PARTIAL_SUFFIX, dir=target.parent)
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                out.write(record_json(record))
            os.replace(temporary, target)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
        return target

    def remove_partial_files(self) -> None:
        for leftover in self.directory.rglob(f".*{_PARTIAL_SUFFIX}"):
            leftover.unlink(missing_ok=True)


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
    write); `on_step` hears every input that is done, whatever the outcome, for a progress bar.
    """

    sources: list[Source]
    failures: list[InputFailure] = field(default_factory=list)
    input_format: str = "auto"
    encoding: str | None = None
    markup: str = "auto"
    output: OutputFolder | None = None
    resume: bool = False
    on_failure: Callable[[InputFailure], None] = lambda failure: None
    on_step: Callable[[], None] = lambda: None
    tally: Tally = field(default_factory=Tally)

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

    def _up_to_date(self, record_id: str, source: Source) -> bool:
        return self.resume and self.output is not None and self.output.is_up_to_date(record_id, source.path)

    def documents(self) -> Iterator[Document]:
        ids = UniqueIds(s.id for s in self.sources if not self.is_rows(s))
        for failure in self.failures:
            self.fail(failure)
        for source in self.sources:
            rows = self.is_rows(source)
            if not rows and self._up_to_date(source.id, source):
                self._skip()
                continue
            for item in read_source(source, self.input_format, self.encoding, self.markup):
                if isinstance(item, InputFailure):
                    self.fail(item)
                    continue
                if rows:
                    item = ids.claim(item)
                    if self._up_to_date(item.id, source):
                        self._skip()
                        continue
                yield item

    def records(self, extractor: Extractor, batch_size: int = 16, n_process: int = 1,
                include_text: bool = False, explain: bool = False) -> Iterator[Record]:
        """Records as each is ready; with an output folder, each is also written there first."""
        def processing_failed(document: Document, error: Exception) -> None:
            self.fail(InputFailure(document.source or document.id,
                                   f"processing failed ({type(error).__name__}: {error})"))

        stream = extractor.extract_many(self.documents(), batch_size=batch_size, n_process=n_process,
                                        on_error=processing_failed, include_text=include_text, explain=explain)
        try:
            for record in stream:
                if self.output is not None:
                    try:
                        self.output.write(record)
                    except OSError as error:
                        self.fail(InputFailure(record.source or record.id, f"cannot write output ({error})"))
                        continue
                self.tally.processed += 1
                self.on_step()
                yield record
        finally:
            stream.close()  # stops worker processes now, not at interpreter exit
