"""Where texts come from: files, folders, stdin and JSON Lines, decoded into plain text."""
from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

TEXT_SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm", ".jsonl")
STDIN = "-"


@dataclass(frozen=True)
class Document:
    id: str
    text: str
    source: str | None = None


@dataclass(frozen=True)
class InputFailure:
    """An input that could not be read; the batch reports it and goes on."""

    source: str
    reason: str

    def __str__(self) -> str:
        return f"{self.source}: {self.reason}"


class InputError(ValueError):
    pass


def decode_bytes(data: bytes) -> str:
    if b"\x00" in data[:8192] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError("binary file (contains NUL bytes)")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise InputError("cannot decode text (unknown encoding)")
    return str(best)


def html_to_text(html: str) -> str:
    from selectolax.parser import HTMLParser

    tree = HTMLParser(html)
    for node in tree.css("script, style, noscript"):
        node.decompose()
    body = tree.body or tree.root
    return body.text(separator="\n", strip=True) if body is not None else ""


def read_text(source: str, data: bytes) -> str:
    text = decode_bytes(data)
    if source.lower().endswith((".html", ".htm")):
        text = html_to_text(text)
    return text.replace("\r\n", "\n")


def iter_jsonl(source: str, lines: Iterable[str]) -> Iterator[Document | InputFailure]:
    """Each line `{"id": ..., "text": ...}`, the convention of spaCy and Prodigy."""
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        where = f"{source}:{number}"
        try:
            row = json.loads(line)
        except json.JSONDecodeError as error:
            yield InputFailure(where, f"invalid JSON ({error.msg})")
            continue
        if not isinstance(row, dict) or not isinstance(row.get("text"), str):
            yield InputFailure(where, 'expected an object with a "text" string')
            continue
        yield Document(id=str(row.get("id") or f"{Path(source).stem}-{number}"), text=row["text"], source=where)


def expand_paths(paths: Iterable[str]) -> Iterator[str]:
    """Files as given; folders recursively, in sorted order, hidden files left out."""
    for path in paths:
        p = Path(path)
        if path != STDIN and p.is_dir():
            for child in sorted(p.rglob("*")):
                relative = child.relative_to(p).parts
                if child.is_file() and child.suffix.lower() in TEXT_SUFFIXES and not any(
                    part.startswith(".") for part in relative
                ):
                    yield str(child)
        else:
            yield path


def iter_documents(paths: Iterable[str], input_format: str = "auto") -> Iterator[Document | InputFailure]:
    for path in expand_paths(paths):
        is_stdin = path == STDIN
        source = "stdin" if is_stdin else path
        try:
            data = sys.stdin.buffer.read() if is_stdin else Path(path).read_bytes()
        except OSError as error:
            yield InputFailure(source, error.strerror or str(error))
            continue
        try:
            text = read_text(source, data)
        except InputError as error:
            yield InputFailure(source, str(error))
            continue
        if input_format == "jsonl" or (input_format == "auto" and source.lower().endswith(".jsonl")):
            yield from iter_jsonl(source, text.splitlines())
        else:
            yield Document(id="stdin" if is_stdin else Path(path).stem, text=text, source=None if is_stdin else path)
