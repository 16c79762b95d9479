"""Batch bookkeeping: one JSON file per input written atomically, resume, and the run's tally."""
from __future__ import annotations

import json
import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

from extractor.schema import Record

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
