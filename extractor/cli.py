"""The `extractor` command: parse options, read inputs, call the API, hand records to a writer.

Data goes to stdout (or one file per input with --output-dir); progress, per-input errors and the
summary go to stderr. Exit codes: 0 every input processed, 1 some input failed, 2 usage error
(including a missing model or a bad taxonomy file), 130 interrupted.
"""
from __future__ import annotations

import io
import json
import os
import stat
import sys
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional

import typer

from extractor import __version__
from extractor.inputs import DEFAULT_MAX_BYTES

if TYPE_CHECKING:
    from extractor.api import Extractor
    from extractor.inputs import InputFailure, InputWarning

EXIT_OK, EXIT_INPUT_FAILED, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    # Plain help text: Rich's help formatter costs a third of a second at every start, --help included.
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    help="Turn press releases into structured JSON: people, organizations, sectors and money.",
)


class OutputFormat(str, Enum):
    table = "table"
    jsonl = "jsonl"
    json = "json"
    csv = "csv"
    parquet = "parquet"  # with --dask and --output-dir: one Parquet part per partition
    html = "html"


class InputFormat(str, Enum):
    auto = "auto"
    text = "text"
    jsonl = "jsonl"


class Markup(str, Enum):
    auto = "auto"
    text = "text"
    markdown = "markdown"
    html = "html"


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


# One Extractor per (model, taxonomy file, its mtime) and process, so that repeated in-process runs
# (tests, notebooks calling the app) load the model once.
EXTRACTORS: dict[tuple[str | None, str | None, int], Extractor] = {}


def load_extractor(model: str | None, taxonomy: Path | None) -> Extractor:
    from extractor.api import Extractor
    from extractor.pipeline import ModelNotFoundError

    try:
        key = (model, str(taxonomy) if taxonomy else None, taxonomy.stat().st_mtime_ns if taxonomy else 0)
        if taxonomy is not None and key not in EXTRACTORS:
            from extractor.components.sectors import load_taxonomy

            load_taxonomy(taxonomy)  # a bad file fails here, before the model loads
        if key not in EXTRACTORS:
            EXTRACTORS[key] = Extractor(model=model, taxonomy=taxonomy)
        return EXTRACTORS[key]
    except ModelNotFoundError as error:
        raise fail(str(error))
    except (ValueError, KeyError, OSError) as error:
        if taxonomy is None:
            raise
        message = str(error)
        raise fail(message if str(taxonomy) in message else f"{taxonomy}: not a usable taxonomy file ({message})")


class Reporter:
    """Per-input error lines and the progress bar, both on stderr, without tearing each other."""

    def __init__(self, total: int | None, show_progress: bool):
        self.progress = None
        self.task = None
        if show_progress:
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

            self.progress = Progress(TextColumn("extracting"), BarColumn(), MofNCompleteColumn(),
                                     TimeRemainingColumn(), console=Console(stderr=True), transient=True,
                                     redirect_stdout=False, redirect_stderr=False)  # stdout carries the data
            self.task = self.progress.add_task("extracting", total=total)

    def __enter__(self) -> Reporter:
        if self.progress is not None:
            self.progress.start()
        return self

    def __exit__(self, *exc) -> None:
        if self.progress is not None:
            self.progress.stop()

    def advance(self) -> None:
        if self.progress is not None:
            self.progress.advance(self.task)

    def error(self, failure: InputFailure | InputWarning) -> None:
        line = f"extractor: {failure}"
        if self.progress is not None:
            self.progress.console.print(line, markup=False, highlight=False, soft_wrap=True)
        else:
            typer.echo(line, err=True)


@app.command()
def extract(
    paths: Annotated[
        Optional[list[str]],
        typer.Argument(help="Files or folders (.txt .md .html .jsonl, recursively); '-' or a pipe for stdin."),
    ] = None,
    output_format: Annotated[
        Optional[OutputFormat],
        typer.Option("--format", "-f", help="Default: table on a terminal, jsonl when piped; html: the text "
                                            "with its entities highlighted, the record beside it."),
    ] = None,
    output_dir: Annotated[
        Optional[str],  # a str, not a Path: a URL (s3://bucket/out/) would lose a slash
        typer.Option("--output-dir", "-o", metavar="DIRECTORY",
                     help="Write one JSON file (or, with --format html, one page) per input into this folder "
                          "(atomically) instead of stdout."),
    ] = None,
    resume: Annotated[
        bool, typer.Option("--resume", help="With --output-dir: skip inputs whose output was made from the same text.")
    ] = False,
    db: Annotated[
        Optional[Path],
        typer.Option("--db", dir_okay=False,
                     help="Store records in this SQLite database (created or updated; inputs stored from the same "
                          "text are skipped). Nothing on stdout unless --format is given."),
    ] = None,
    max_bytes: Annotated[
        int, typer.Option("--max-bytes", min=1, help="Refuse an input larger than this (a device, a runaway file).")
    ] = DEFAULT_MAX_BYTES,
    input_format: Annotated[
        InputFormat, typer.Option("--input-format", help="jsonl: one {\"id\", \"text\"} object per line.")
    ] = InputFormat.auto,
    markup: Annotated[
        Markup, typer.Option("--markup", help="How to read texts; auto: by file suffix, else by content.")
    ] = Markup.auto,
    encoding: Annotated[
        Optional[str], typer.Option("--encoding", help="Force a text encoding (default: detect).")
    ] = None,
    globs: Annotated[
        Optional[list[str]],
        typer.Option("--glob", help="Files to take from folders, e.g. '*.txt' (repeatable; default: known suffixes)."),
    ] = None,
    workers: Annotated[
        int, typer.Option("--workers", "-w", min=1, help="Processes running the extraction.")
    ] = 1,
    batch_size: Annotated[int, typer.Option("--batch-size", min=1, help="Texts per model batch.")] = 16,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar and no summary line.")] = False,
    include_text: Annotated[
        bool, typer.Option("--include-text", help="Add the text read (HTML and Markdown reduced) to each record: "
                                                  "the text every offset indexes.")
    ] = False,
    explain: Annotated[
        bool, typer.Option("--explain", help="List each candidate person or organization a check dropped, "
                                             "and which check: why an entity is missing.")
    ] = False,
    summary: Annotated[
        bool, typer.Option("--summary", help="Print the batch's summary (as `extractor summarize` does) instead of "
                                             "the records; with --output-dir the records are still written.")
    ] = False,
    model: Annotated[
        Optional[str], typer.Option("--model", "-m", help="An installed spaCy pipeline (package name or path).")
    ] = None,
    taxonomy: Annotated[
        Optional[Path],
        typer.Option("--taxonomy", exists=True, dir_okay=False,
                     help='Sector taxonomy JSON: replaces the shipped one, or adds to it with "extends": "default".'),
    ] = None,
    dask_address: Annotated[
        Optional[str],
        typer.Option("--dask", metavar="ADDRESS",
                     help="Run on a Dask cluster: a scheduler address (tcp://host:8786), or local:N for N worker "
                          "processes here. Paths may be fsspec URLs (s3://bucket/x/**/*.md); --output-dir gets "
                          "one jsonl or parquet part per partition and a _SUCCESS manifest."),
    ] = None,
) -> None:
    """Extract people, organizations, money and sectors from press releases."""
    try:
        if dask_address is not None:
            if db is not None or summary:
                raise fail("--dask writes parts and a _SUCCESS manifest: drop --db and --summary")
            code = _run_on_dask(dask_address, paths or [], output_dir, output_format, resume, tuple(globs or ()),
                                quiet, model, taxonomy, input_format.value, encoding, markup.value, max_bytes,
                                batch_size, include_text, explain)
        else:
            code = _run_extract(paths, output_format, Path(output_dir) if output_dir else None, resume,
                                input_format.value, markup.value, encoding, tuple(globs or ()), workers, batch_size,
                                quiet, model, taxonomy, include_text, explain, max_bytes, db, summary)
    except KeyboardInterrupt:
        raise fail("interrupted", EXIT_INTERRUPTED)
    except BrokenPipeError:
        _silence_stdout()
        code = EXIT_OK
    if code:
        raise typer.Exit(code)


def _run_on_dask(address, paths, output_dir, output_format, resume, globs, quiet, model, taxonomy, *reading) -> int:
    """--dask: the same run on a Dask cluster (extractor/dask.py)."""
    try:
        from extractor.dask import DaskUsageError, Options, run_command
    except ImportError as error:
        raise fail(f"--dask needs the dask extra: pip install 'extractor[dask]' ({error})")
    options = Options(model, str(taxonomy) if taxonomy else None, *reading)
    try:
        return run_command(address, paths, output_dir, output_format and output_format.value, resume, options,
                           globs, quiet)
    except DaskUsageError as error:
        raise fail(str(error))


def _run_extract(paths, output_format, output_dir, resume, input_format, markup, encoding, globs, workers,
                 batch_size, quiet, model, taxonomy, include_text, explain, max_bytes, db=None,
                 summary=False) -> int:
    import codecs

    from extractor.batch import Batch
    from extractor.inputs import STDIN, discover

    if resume and output_dir is None:
        raise fail("--resume needs --output-dir")
    if db is not None and output_dir is not None:
        raise fail("--db and --output-dir: choose one")
    if output_format is OutputFormat.parquet:
        raise fail("--format parquet needs --dask and --output-dir")
    if summary and output_dir is None and output_format not in (None, OutputFormat.table, OutputFormat.json):
        raise fail("--summary prints tables or JSON; use --format table or json")
    if output_dir is not None and output_format not in (None, OutputFormat.json, OutputFormat.html):
        raise fail("--output-dir writes one JSON file (or HTML page) per input; use --format json or html")
    if encoding:
        try:
            text_codec = codecs.lookup(encoding)._is_text_encoding
        except LookupError:
            raise fail(f"unknown encoding {encoding!r}")
        if not text_codec:
            raise fail(f"{encoding!r} is not a text encoding")
    writes_stdout = output_dir is None and (db is None or output_format is not None)
    if writes_stdout and sys.stdout is None:
        raise fail("stdout is closed: redirect it to a file, or use --output-dir")
    if not paths:
        if not _stdin_brings_input():
            raise fail("no input: give files or folders, or pipe text on stdin (see --help)")
        paths = [STDIN]
    missing = [p for p in paths if p != STDIN and not os.path.lexists(p)]
    if missing:
        raise fail(f"{missing[0]}: no such file or directory")

    sources, discovery_failures = discover(paths, globs)
    for folder in _folders_with_nothing_to_read(paths, sources, discovery_failures):
        hint = "no file matches --glob" if globs else "no .txt, .md, .html or .jsonl file (--glob picks others)"
        typer.echo(f"extractor: {folder}: {hint}", err=True)
    extractor = load_extractor(model, taxonomy)
    stdout_is_terminal = sys.stdout is not None and sys.stdout.isatty()
    chosen = output_format or (OutputFormat.table if stdout_is_terminal else OutputFormat.jsonl)
    tables_on_terminal = writes_stdout and chosen is OutputFormat.table and stdout_is_terminal
    include_text = include_text or chosen is OutputFormat.html  # the page shows the text the offsets index
    try:
        output = _output_folder(output_dir, chosen) if output_dir is not None else None
    except OSError as error:
        raise fail(f"{output_dir}: cannot write there ({error.strerror or error})")
    database = open_database(db, extractor, model) if db is not None else None
    batch = Batch(sources, discovery_failures, input_format=input_format, encoding=encoding, markup=markup,
                  output=output, resume=resume, max_bytes=max_bytes, database=database)
    show_progress = not quiet and sys.stderr.isatty() and (summary or not tables_on_terminal) and batch.size != 1
    with Reporter(batch.size, show_progress) as reporter:
        batch.on_failure, batch.on_warning, batch.on_step = reporter.error, reporter.error, reporter.advance
        records = batch.records(extractor, batch_size=batch_size, n_process=workers, include_text=include_text,
                                explain=explain)
        output_failed = False
        try:
            if summary:
                output_failed = _print_summary(records, output_dir is None and chosen is OutputFormat.json)
            elif not writes_stdout:
                for _ in records:
                    pass
            else:
                output_failed = _write_to_stdout(records, chosen, batch, as_array=gives_many_records(paths, batch))
        finally:
            records.close()
            if database is not None:
                database.close()

    if not quiet and (batch.size is None or batch.size > 1):
        typer.echo(f"extractor: {batch.tally}", err=True)
    return EXIT_INPUT_FAILED if batch.tally.failed or output_failed else EXIT_OK


def _folders_with_nothing_to_read(paths: list[str], sources, failures) -> list[str]:
    """Folders named on the command line in which nothing was found: a wrong folder, or files of
    another kind, which the user would otherwise not hear of."""
    found = [os.path.abspath(s.path) for s in sources if s.path is not None]
    found += [os.path.abspath(f.source) for f in failures]
    folders = [(path, os.path.join(os.path.abspath(path), "")) for path in paths if os.path.isdir(path)]
    return [path for path, inside in folders if not any(item.startswith(inside) for item in found)]


def open_database(path: Path, extractor: Extractor, model: str | None):
    from extractor.database import Database, DatabaseError, model_label

    try:
        return Database(path, model=model_label(extractor.nlp, model))
    except DatabaseError as error:
        raise fail(str(error))


def _output_folder(output_dir: Path, chosen: OutputFormat):
    from extractor.batch import OutputFolder

    if chosen is OutputFormat.html:
        from extractor.html_view import record_html

        return OutputFolder(output_dir, suffix=".html", render=record_html)
    return OutputFolder(output_dir)


def _print_summary(records, as_json: bool) -> bool:
    """The batch's summary on stdout once every record is in; True when writing it failed."""
    from extractor.summary import Summary

    batch_summary = Summary()
    for record in records:
        batch_summary.add(record)
    return _write_summary(batch_summary, as_json)


def _write_summary(summary, as_json: bool, top: int = 10) -> bool:
    """A summary to stdout as JSON or tables; a failed write is one error line, and True."""
    from extractor.summary import render_summary

    try:
        if as_json:
            checked_stdout().write(json.dumps(summary.as_dict(top), ensure_ascii=False, indent=2) + "\n")
        else:
            render_summary(summary, pipe_console(checked_stdout()), top=top)
    except BrokenPipeError:
        raise
    except OSError as error:
        _silence_stdout()
        typer.echo(f"extractor: stdout: {error.strerror or error}", err=True)
        return True
    return False


def _write_to_stdout(records, chosen: OutputFormat, batch, as_array: bool) -> bool:
    """Records to stdout in the chosen format, every write checked: a full disk or a dead device is
    one error line, the run stops, and the summary counts only the records really written (jsonl,
    csv and tables flush each record; a json array is all or nothing). True when a write failed."""
    handed = 0

    def counted():
        nonlocal handed
        for record in records:
            handed += 1
            yield record

    out = checked_stdout()
    try:
        if chosen is OutputFormat.table:
            from extractor.outputs import render_tables

            render_tables(counted(), pipe_console(out))
        elif chosen is OutputFormat.html:
            from extractor.html_view import write_html

            write_html(counted(), out)
        else:
            from extractor.outputs import write_csv, write_json, write_jsonl

            if chosen is OutputFormat.json:
                write_json(counted(), out, as_array=as_array)
            else:
                {"jsonl": write_jsonl, "csv": write_csv}[chosen.value](counted(), out)
            out.flush()
    except BrokenPipeError:
        raise
    except OSError as error:
        lost = handed if chosen is OutputFormat.json else min(handed, 1)
        batch.tally.processed -= lost
        batch.tally.failed += lost
        _silence_stdout()  # what is still buffered would fail again at exit
        typer.echo(f"extractor: stdout: {error.strerror or error}", err=True)
        return True
    return False


class _CheckedStdout(io.TextIOBase):
    """stdout written straight to its descriptor, every byte accounted for: a short write (a disk filling
    up mid-record) is continued, a failed one raises, and nothing waits in a buffer to fail at exit."""

    def __init__(self, descriptor: int):
        self.descriptor = descriptor

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        view = memoryview(text.encode("utf-8"))
        while view:
            view = view[os.write(self.descriptor, view):]
        return len(text)

    def isatty(self) -> bool:
        return os.isatty(self.descriptor)


def checked_stdout():
    try:
        sys.stdout.flush()
        return _CheckedStdout(sys.stdout.fileno())
    except (AttributeError, ValueError, io.UnsupportedOperation):  # a stand-in without a descriptor (tests)
        return sys.stdout


def pipe_console(file=None):
    """A Rich console whose closed pipe is a BrokenPipeError (ours to end quietly), not Rich's exit 1."""
    from rich.console import Console

    class _PipeConsole(Console):
        def on_broken_pipe(self) -> None:
            raise BrokenPipeError

    return _PipeConsole(file=file)


def gives_many_records(paths: list[str], batch) -> bool:
    """`--format json` prints an array for a folder, several paths or JSON Lines input, whatever their
    count, and one object for one text: the shape follows the command, never the folder's contents."""
    return len(paths) != 1 or os.path.isdir(paths[0]) or batch.size != 1


@app.command()
def schema() -> None:
    """Print the JSON Schema of one output record."""
    from extractor.schema import record_json_schema

    typer.echo(json.dumps(record_json_schema(), indent=2))


class SummaryFormat(str, Enum):
    table = "table"
    json = "json"


@app.command()
def summarize(
    paths: Annotated[
        Optional[list[str]], typer.Argument(help="JSON Lines files the extractor wrote; '-' or a pipe for stdin.")
    ] = None,
    output_format: Annotated[
        SummaryFormat, typer.Option("--format", "-f", help="table: Rich tables and bars; json: the same as data.")
    ] = SummaryFormat.table,
    top: Annotated[int, typer.Option("--top", min=1, help="Organizations and people listed.")] = 10,
) -> None:
    """Summarise a batch's records: recurring organizations and people, money per currency, sectors."""
    from extractor.summary import summarize_files

    if not paths:
        if not _stdin_brings_input():
            raise fail("no input: give JSON Lines files, or pipe them on stdin (see --help)")
        paths = ["-"]
    if sys.stdout is None:
        raise fail("stdout is closed: redirect it to a file")
    try:
        summary, failed = summarize_files(paths, lambda line: typer.echo(f"extractor: {line}", err=True),
                                          stdin=_stdin_lines() if "-" in paths else None)
        failed = _write_summary(summary, output_format is SummaryFormat.json, top) or failed
    except KeyboardInterrupt:
        raise fail("interrupted", EXIT_INTERRUPTED)
    except BrokenPipeError:
        _silence_stdout()
        failed = False
    if failed:
        raise typer.Exit(EXIT_INPUT_FAILED)


def _stdin_brings_input() -> bool:
    """With no path, stdin is the input when it is a pipe, a file or a socket (`< release.txt`); not a
    terminal, nor a device such as /dev/null (a job started with no input), which is a usage error."""
    if sys.stdin is None or sys.stdin.isatty():
        return False
    try:
        mode = os.fstat(sys.stdin.fileno()).st_mode
    except (OSError, ValueError, io.UnsupportedOperation):
        return True  # a stream without a descriptor (an embedding program's): it was handed to us to read
    return stat.S_ISFIFO(mode) or stat.S_ISREG(mode) or stat.S_ISSOCK(mode)


def _stdin_lines():
    """stdin's lines as UTF-8 text whatever the locale."""
    raw = getattr(sys.stdin, "buffer", None)
    return sys.stdin if raw is None else (line.decode("utf-8", "replace") for line in raw)


def _silence_stdout() -> None:
    """After the reader of our stdout went away (`| head`), send what is left nowhere."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


def _exit_on_sigterm() -> None:
    """SIGTERM unwinds like Ctrl-C, so an atomic write in progress removes its temporary file."""
    import signal

    def terminate(signum, frame):
        raise KeyboardInterrupt

    try:
        signal.signal(signal.SIGTERM, terminate)
    except ValueError:  # not the main thread
        pass


# Click's UsageError, wherever this Typer takes Click from (its own copy or the click package).
_USAGE_ERROR = next(c for c in typer.BadParameter.__mro__ if c.__name__ == "UsageError")


def main() -> None:
    _exit_on_sigterm()
    try:
        code = app(standalone_mode=False)
    except _USAGE_ERROR as error:
        if type(error).__name__ == "NoArgsIsHelpError" and error.ctx is not None:
            typer.echo(error.ctx.get_help())  # `extractor` alone: the help, as no_args_is_help promises
        else:
            # One line like every other error, not a box: "extractor: Invalid value for '--format': ..."
            typer.echo(f"extractor: {error.format_message()}", err=True)
        code = EXIT_USAGE
    except typer.Abort:
        typer.echo("extractor: interrupted", err=True)
        code = EXIT_INTERRUPTED
    except BrokenPipeError:
        # A closed pipe (`| head`) is the reader's choice, not an error.
        _silence_stdout()
        code = EXIT_OK
    except OSError as error:
        # `schema`, `--help` or `--version` writing to a full disk: the commands that read inputs name
        # their own failures; what reaches here is stdout's.
        typer.echo(f"extractor: {error.filename or 'stdout'}: {error.strerror or error}", err=True)
        _silence_stdout()
        code = EXIT_INPUT_FAILED
    if code == EXIT_INTERRUPTED:
        # Stop now: the interpreter's own shutdown would wait for threads (a worker pool's) with no deadline.
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()
            except (OSError, ValueError):
                pass
        os._exit(EXIT_INTERRUPTED)
    sys.exit(code if isinstance(code, int) else EXIT_OK)
