"""The `extractor` command: parse options, read inputs, call the API, hand records to a writer.

Data goes to stdout; progress and errors to stderr. Exit codes: 0 all inputs processed, 1 some input
failed, 2 usage error (including a missing model).
"""
from __future__ import annotations

import json
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from extractor import __version__

EXIT_OK, EXIT_INPUT_FAILED, EXIT_USAGE = 0, 1, 2

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="Turn press releases into structured JSON: people, organizations, sectors and money.",
)


class OutputFormat(str, Enum):
    table = "table"
    jsonl = "jsonl"
    json = "json"
    csv = "csv"


class InputFormat(str, Enum):
    auto = "auto"
    text = "text"
    jsonl = "jsonl"


def _version(value: bool) -> None:
    if value:
        typer.echo(f"extractor {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit.")
    ] = False,
) -> None:
    pass


def fail(message: str, code: int = EXIT_USAGE) -> typer.Exit:
    typer.echo(f"extractor: {message}", err=True)
    return typer.Exit(code)


@app.command()
def extract(
    paths: Annotated[
        Optional[list[str]],
        typer.Argument(help="Files or folders (.txt .md .html .jsonl, recursively); '-' or a pipe for stdin."),
    ] = None,
    output_format: Annotated[
        Optional[OutputFormat],
        typer.Option("--format", "-f", help="Default: table on a terminal, jsonl when piped."),
    ] = None,
    input_format: Annotated[
        InputFormat, typer.Option("--input-format", help="jsonl: one {\"id\", \"text\"} object per line.")
    ] = InputFormat.auto,
    model: Annotated[
        Optional[str], typer.Option("--model", "-m", help="An installed spaCy pipeline (package name or path).")
    ] = None,
    taxonomy: Annotated[
        Optional[Path],
        typer.Option("--taxonomy", exists=True, dir_okay=False, help="Sector taxonomy JSON replacing the shipped one."),
    ] = None,
) -> None:
    """Extract people, organizations, money and sectors from press releases."""
    from extractor.api import Extractor
    from extractor.inputs import STDIN, Document, iter_documents
    from extractor.outputs import render_tables, write_csv, write_json, write_jsonl
    from extractor.pipeline import ModelNotFoundError

    if not paths:
        if sys.stdin.isatty():
            raise fail("no input: give files or folders, or pipe text on stdin (see --help)")
        paths = [STDIN]
    missing = [p for p in paths if p != STDIN and not Path(p).exists()]
    if missing:
        raise fail(f"{missing[0]}: no such file or directory")

    try:
        extractor = Extractor(model=model, taxonomy=taxonomy)
    except ModelNotFoundError as error:
        raise fail(str(error))

    failures = 0

    def documents():
        nonlocal failures
        for item in iter_documents(paths, input_format.value):
            if isinstance(item, Document):
                yield item
            else:
                failures += 1
                typer.echo(str(item), err=True)

    chosen = output_format or (OutputFormat.table if sys.stdout.isatty() else OutputFormat.jsonl)
    records = extractor.extract_many(documents())
    if chosen is OutputFormat.table:
        from rich.console import Console

        render_tables(records, Console())
    else:
        writer = {"jsonl": write_jsonl, "json": write_json, "csv": write_csv}[chosen.value]
        writer(records, sys.stdout)
    if failures:
        raise typer.Exit(EXIT_INPUT_FAILED)


@app.command()
def schema() -> None:
    """Print the JSON Schema of one output record."""
    from extractor.schema import record_json_schema

    typer.echo(json.dumps(record_json_schema(), indent=2))


def main() -> None:
    try:
        app()
    except BrokenPipeError:
        # A closed pipe (`| head`) is the reader's choice, not an error.
        import os

        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        sys.exit(EXIT_OK)
