"""Where texts come from: files, folders, stdin and JSON Lines, decoded and reduced to plain text.

Every input either becomes a `Document` or an `InputFailure` that names it and says why; nothing a
user feeds in raises. Offsets in records refer to the text after this reduction (HTML to text,
Markdown links and emphasis to their words), i.e. the text the extractor saw.
"""
from __future__ import annotations

import codecs
import errno
import fnmatch
import json
import os
import re
import sys
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

TEXT_SUFFIXES = (".txt", ".text", ".md", ".markdown", ".html", ".htm", ".jsonl")
HTML_SUFFIXES = (".html", ".htm")
MARKDOWN_SUFFIXES = (".md", ".markdown")
PLAIN_SUFFIXES = (".txt", ".text")  # read as written, so that offsets index the file itself
MARKUPS = ("auto", "text", "markdown", "html")
STDIN = "-"


@dataclass(frozen=True)
class Document:
    id: str
    text: str
    source: str | None = None


DEFAULT_MAX_BYTES = 50_000_000  # a press release is kilobytes; this stops /dev/zero, not a long report


@dataclass(frozen=True)
class InputFailure:
    """An input that could not be read; the batch reports it and goes on."""

    source: str
    reason: str

    def __str__(self) -> str:
        return f"{quoted(self.source)}: {self.reason}"


@dataclass(frozen=True)
class InputWarning:
    """An input that was read, but not quite as written (bytes replaced); the user hears of it."""

    source: str
    message: str

    def __str__(self) -> str:
        return f"{quoted(self.source)}: warning: {self.message}"


def printable(name: str) -> str:
    """A file name as text any UTF-8 writer accepts: each byte that is not UTF-8 (which Python keeps as
    a lone surrogate, PEP 383) becomes U+FFFD. The file itself is still opened by its real name."""
    return _SURROGATES.sub("\ufffd", name)


def quoted(name: str) -> str:
    """A name fit for one error line: as written, or C-quoted (like `ls --quoting-style=c`) when it holds a
    newline or another control character that would break or fake the line."""
    name = printable(name)
    return json.dumps(name, ensure_ascii=False) if _CONTROL.search(name) else name


_SURROGATES = re.compile("[\ud800-\udfff]")
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")


class InputError(ValueError):
    """Why one input cannot become text (binary, undecodable, unreadable)."""


# --- bytes to str -----------------------------------------------------------------------------------

# Byte order marks, longest first: the UTF-32 LE mark begins with the UTF-16 LE one.
_BYTE_ORDER_MARKS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

# Magic numbers of the non-text files most often found next to press releases (file(1)'s magic list).
_BINARY_SIGNATURES = (
    (b"%PDF-", "PDF document"),
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"II*\x00", "TIFF image"),
    (b"MM\x00*", "TIFF image"),
    (b"RIFF", "RIFF media file"),
    (b"PK\x03\x04", "ZIP archive or Office document"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "legacy Office document"),
    (b"\x1f\x8b", "gzip archive"),
    (b"7z\xbc\xaf\x27\x1c", "7-Zip archive"),
    (b"Rar!\x1a\x07", "RAR archive"),
    (b"\x7fELF", "executable"),
    (b"ID3", "MP3 audio"),
    (b"OggS", "Ogg media file"),
)
SNIFF_BYTES = 8192


def binary_kind(data: bytes) -> str | None:
    """What kind of non-text file `data` is, or None when it may be text."""
    for signature, kind in _BINARY_SIGNATURES:
        if data.startswith(signature):
            return kind
    if data[4:8] == b"ftyp":
        return "MP4/HEIF media file"
    if b"\x00" in data[:SNIFF_BYTES]:
        return "contains NUL bytes"
    return None


def decode_bytes(data: bytes, encoding: str | None = None,
                 warn: Callable[[str], None] = lambda message: None) -> str:
    """Bytes to text: a byte order mark wins, then UTF-8 (strict, or with a few stray bytes replaced and
    `warn` told where), then charset-normalizer's best guess.

    `encoding` forces a codec (a name Python's codecs know). Raises InputError, never UnicodeError.
    """
    if encoding:
        codec = "utf-8-sig" if codecs.lookup(encoding).name == "utf-8" else encoding
        try:
            return data.decode(codec)
        except UnicodeDecodeError as error:
            raise InputError(
                f"cannot decode as {encoding}: byte 0x{error.object[error.start]:02x} at offset {error.start}"
            ) from None
    for mark, codec in _BYTE_ORDER_MARKS:
        if data.startswith(mark):
            try:
                return data.decode(codec)
            except UnicodeDecodeError:
                raise InputError(f"invalid {codec.removesuffix('-sig').upper()} text after its byte order mark")
    kind = binary_kind(data)
    if kind:
        raise InputError(f"not a text file ({kind})")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        first_bad = error.start
    stray = _stray_bytes_in_utf8(data)
    if stray is not None:
        warn(f"{stray} invalid UTF-8 sequence{'s' if stray > 1 else ''} replaced by U+FFFD "
             f"(the first at byte {first_bad})")
        return data.decode("utf-8", "replace")
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    # UTF-16/32 without a byte order mark and without NUL bytes is a guess from too little text.
    if (best is None or not _is_multibyte(best.encoding) or best.encoding.startswith("utf_")) \
            and _reads_as_western(data):
        return data.decode("cp1252")
    if best is None:
        raise InputError("cannot detect the text encoding (pass --encoding)")
    return str(best)


# Letters and punctuation of Western European text in windows-1252: what Word and Outlook wrote for
# decades; such text is mostly ASCII letters, which Cyrillic or Greek read as windows-1252 is not. The WHATWG Encoding Standard makes windows-1252 the legacy default for these locales;
# charset-normalizer, judging short texts by letter statistics, often prefers a DOS code page.
_WESTERN = frozenset(
    "\u00a0\u00a1\u00a3\u00a5\u00a7\u00a9\u00ab\u00ae\u00b0\u00b7\u00bb\u00bf"
    "\u2013\u2014\u2018\u2019\u201a\u201c\u201d\u201e\u2022\u2026\u20ac\u2122"
    + "".join(chr(c) for c in range(0xC0, 0x100) if c not in (0xD7, 0xF7))
)
_MULTIBYTE_PREFIXES = ("big5", "cp93", "cp94", "cp95", "euc", "gb", "hz", "iso2022", "johab", "shift_jis",
                       "utf")


_UTF8_MULTIBYTE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")


def _stray_bytes_in_utf8(data: bytes) -> int | None:
    """How many invalid sequences there are in text that otherwise is UTF-8 (more well-formed multibyte
    characters than stray bytes: one Latin-1 'ü' pasted into a UTF-8 file); None when the text is not
    UTF-8 at all. Reading such a file as a legacy code page would garble every correct character to
    save one."""
    well_formed = len(_UTF8_MULTIBYTE.findall(data))
    stray = data.decode("utf-8", "replace").count("\ufffd") - data.count("\ufffd".encode())
    return stray if 0 < stray <= well_formed else None


def _is_multibyte(encoding: str) -> bool:
    return encoding.lower().replace("-", "_").startswith(_MULTIBYTE_PREFIXES)


def _reads_as_western(data: bytes) -> bool:
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        return False
    accented = [c for c in text if ord(c) > 0x7F]
    ascii_letters = sum(c.isascii() and c.isalpha() for c in text)
    return len(accented) <= ascii_letters // 4 and all(c in _WESTERN for c in accented)


def normalize_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


# --- markup to text ---------------------------------------------------------------------------------

# Elements that start a new line when a browser renders them (HTML Living Standard, "block" and
# table/list display types). Inline elements (a, b, span...) keep their text in the sentence.
_BLOCK_TAGS = (
    "address article aside blockquote caption center dd details dialog dir div dl dt fieldset figcaption "
    "figure footer form h1 h2 h3 h4 h5 h6 header hgroup hr main menu nav ol p pre section summary table "
    "tbody tfoot thead title ul"
).split()
_DROPPED_TAGS = "script, style, noscript, template, head, svg, iframe, object, nav, aside, form"
_LINE_TAGS = "li, dt, dd, tr, br"
_CELL_TAGS = "td, th"
# Private marks for "new paragraph", "new line" and "next cell", set into the tree before its text is
# read, so that the source's own line breaks (plain spaces in HTML) never pass for structure.
_PARAGRAPH_MARK, _LINE_MARK, _CELL_MARK = "\u2029", "\u2028", "\u001f"
_MARKS = _PARAGRAPH_MARK + _LINE_MARK + _CELL_MARK
_HTML_SPACE = re.compile(r"[ \t\n\f\r]+")
_MARK_RUN = re.compile(rf"[ {_MARKS}]*[{_MARKS}][ {_MARKS}]*")
_LOOKS_LIKE_HTML = re.compile(
    r"\A\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|meta|title|div|p|article|section|h[1-6])\b",
    re.IGNORECASE | re.DOTALL,
)
_LOOKS_LIKE_MARKDOWN = re.compile(
    r"\[[^\]\n]+\]\((?:https?://|mailto:|/|#)[^)\s]*\)"  # a link
    r"|^ {0,3}#{1,6} +\S"  # an ATX heading
    r"|\*\*[^*\n]+\*\*",  # strong emphasis
    re.MULTILINE,
)


# Browsers stop nesting elements at about this depth (Chromium's parser: 512). Past it, HTML parsers
# take time that grows with the square of the depth; no press release comes near it.
MAX_HTML_DEPTH = 512
_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9-]*)[^>]*?(/?)>")
_VOID_TAGS = frozenset("area base br col embed hr img input link meta param source track wbr".split())
# Elements whose end tag may be left out: a page of unclosed <p> is not deep (nor can it nest them).
_OPTIONAL_END_TAGS = frozenset("p li dt dd tr td th thead tbody tfoot option optgroup colgroup caption rb rt rp "
                               "rtc html head body".split())


def html_too_deep(html: str, limit: int = MAX_HTML_DEPTH) -> bool:
    """Whether tags open deeper than `limit` (counted by a linear scan, before any parser sees them)."""
    depth = 0
    for match in _TAG.finditer(html):
        closing, name, self_closing = match.groups()
        name = name.lower()
        if name in _OPTIONAL_END_TAGS:
            continue
        if closing:
            depth = max(depth - 1, 0)
        elif not self_closing and name not in _VOID_TAGS:
            depth += 1
            if depth > limit:
                return True
    return False


def html_to_text(html: str) -> str:
    """Visible text of an HTML page, one line per block element, blank line between paragraphs."""
    from selectolax.lexbor import LexborHTMLParser

    if html_too_deep(html):
        raise InputError(f"HTML nested deeper than {MAX_HTML_DEPTH} elements")

    tree = LexborHTMLParser(html)
    for node in tree.css(_DROPPED_TAGS):
        node.decompose()
    for node in tree.css(", ".join(_BLOCK_TAGS)):
        node.insert_before(_PARAGRAPH_MARK)
        node.insert_after(_PARAGRAPH_MARK)
    for node in tree.css(_LINE_TAGS):
        node.insert_after(_LINE_MARK)
    for node in tree.css(_CELL_TAGS):
        node.insert_after(_CELL_MARK)
    root = _main_content(tree)
    if root is None:
        return ""
    text = _HTML_SPACE.sub(" ", root.text(separator="", strip=False))
    return _MARK_RUN.sub(_join_marks, text).strip()


def _main_content(tree):
    """The page's one <article> or its <main> when it marks them, so site chrome stays out; else the body."""
    articles = tree.css("article")
    if len(articles) == 1:
        return articles[0]
    return tree.css_first("main") or tree.body or tree.root


def _join_marks(match: re.Match) -> str:
    run = match.group()
    if _PARAGRAPH_MARK in run:
        return "\n\n"
    if _LINE_MARK in run:
        return "\n" * min(run.count(_LINE_MARK), 2)
    return " | "


_markdown_parser = None


def _markdown():
    global _markdown_parser
    if _markdown_parser is None:
        from markdown_it import MarkdownIt

        _markdown_parser = MarkdownIt("commonmark").enable("table")
    return _markdown_parser


def markdown_to_text(markdown: str) -> str:
    """Markdown read as its words (CommonMark, via markdown-it-py): links give their text,
    emphasis and heading markers go, paragraphs stay separated by a blank line."""
    out: list[str] = []
    for token in _markdown().parse(markdown):
        kind = token.type
        if kind == "inline":
            out.append(_inline_text(token.children or []))
        elif kind in ("code_block", "fence"):
            out.append(token.content.rstrip("\n") + "\n\n")
        elif kind == "html_block":
            out.append(html_to_text(token.content) + "\n\n")
        elif kind in ("paragraph_close", "heading_close", "blockquote_close", "table_close", "hr"):
            out.append("" if token.hidden else "\n\n")
        elif kind == "list_item_open":
            out.append(f"{token.info}{token.markup} ")  # bullets and numbers stay, as written
        elif kind in ("list_item_close", "tr_close"):
            out.append("\n")
        elif kind in ("th_close", "td_close"):
            out.append(" | ")
        elif kind in ("bullet_list_close", "ordered_list_close"):
            out.append("\n")
    text = "".join(out).replace(" | \n", "\n")
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def _inline_text(children) -> str:
    """The words of a paragraph; a link glued to a word ("About [Acme](url)Acme is", "at[www.acme.com]"),
    the trace of a lost line break, gets a space at that edge so the two words stay two."""
    parts = []
    for child in children:
        if child.type in ("link_open", "link_close") and parts and parts[-1][-1:].isalnum():
            parts.append("\0")  # an edge: a space if a word follows across it
        if child.type in ("text", "code_inline"):
            if parts and parts[-1] == "\0":
                parts[-1] = " " if child.content[:1].isalnum() else ""
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append("\n")
        elif child.type == "image":
            parts.append(_inline_text(child.children or []))
    return "".join(part for part in parts if part != "\0")


def detect_markup(text: str, name: str | None = None) -> str:
    """'html', 'markdown' or 'text': by file suffix when it says (.txt is plain text, "# " and all),
    else by what the text clearly is."""
    suffix = Path(name).suffix.lower() if name else ""
    if suffix in HTML_SUFFIXES:
        return "html"
    if suffix in MARKDOWN_SUFFIXES:
        return "markdown"
    if suffix in PLAIN_SUFFIXES:
        return "text"
    if _LOOKS_LIKE_HTML.match(text):
        return "html"
    if _LOOKS_LIKE_MARKDOWN.search(text):
        return "markdown"
    return "text"


def to_plain_text(text: str, markup: str = "auto", name: str | None = None) -> str:
    """The text the extractor reads: newlines normalised, HTML and Markdown reduced to their words."""
    text = normalize_newlines(text).removeprefix("\ufeff")
    if markup == "auto":
        markup = detect_markup(text, name)
    if markup == "html":
        return html_to_text(text)
    if markup == "markdown":
        return markdown_to_text(text)
    return text


def read_text(source: str, data: bytes, encoding: str | None = None, markup: str = "auto") -> str:
    return to_plain_text(decode_bytes(data, encoding), markup, source)


# --- finding inputs ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Source:
    """One input: a file (found in a folder or named) or stdin. `id` is unique within the batch.
    `output_name` is a found file's path below its folder, without the suffix: its name in an output
    folder, which a new file elsewhere in the batch cannot change (ids can: they stay short)."""

    name: str
    id: str
    path: Path | None = None
    output_name: str | None = None

    @property
    def is_stdin(self) -> bool:
        return self.path is None

    @property
    def is_jsonl(self) -> bool:
        return self.name.lower().endswith(".jsonl")


def _is_hidden(name: str) -> bool:
    return name.startswith(".")


def _matches(relative: str, patterns: tuple[str, ...]) -> bool:
    """A pattern with a '/' matches the path below the folder, one without matches the file name."""
    name = relative.rsplit("/", 1)[-1]
    return any(fnmatch.fnmatchcase(relative if "/" in p else name, p) for p in patterns)


def walk_folder(folder: Path, patterns: tuple[str, ...] = ()) -> Iterator[Path | InputFailure]:
    """Files below `folder` in sorted order; hidden entries skipped, symlinked folders followed once."""
    seen: set[tuple[int, int]] = set()
    found: list[tuple[tuple[str, ...], Path]] = []
    failures: list[InputFailure] = []

    def on_error(error: OSError) -> None:
        failures.append(InputFailure(str(error.filename or folder), _reason(error)))

    for top, dirs, files in os.walk(folder, onerror=on_error, followlinks=True):
        try:
            info = os.stat(top)
        except OSError as error:
            failures.append(InputFailure(top, _reason(error)))
            dirs[:] = []
            continue
        if (info.st_dev, info.st_ino) in seen:  # a symlink loop or a second link to the same folder
            dirs[:] = []
            continue
        seen.add((info.st_dev, info.st_ino))
        dirs[:] = sorted(d for d in dirs if not _is_hidden(d))
        for name in files:
            if _is_hidden(name):
                continue
            path = Path(top, name)
            relative = path.relative_to(folder).as_posix()
            if patterns and not _matches(relative, patterns):
                continue
            if not patterns and path.suffix.lower() not in TEXT_SUFFIXES:
                continue
            try:
                path.stat()
            except OSError as error:
                failures.append(InputFailure(str(path), _reason(error, path)))
                continue
            if not path.is_file():  # a FIFO or device would block or never end
                failures.append(InputFailure(str(path), "not a regular file"))
                continue
            found.append((tuple(relative.split("/")), path))
    yield from failures
    for _, path in sorted(found):
        yield path


def _reason(error: OSError, path: str | Path | None = None) -> str:
    """'permission denied' rather than "[Errno 13] Permission denied: 'a.txt'": the path is said once. A
    link whose target is gone, or that leads back to itself, says so, wherever it was found."""
    if path is not None and error.errno in (errno.ENOENT, errno.ELOOP) and os.path.islink(path):
        return "broken symbolic link" if error.errno == errno.ENOENT else "symbolic link loop"
    return error.strerror.lower() if error.strerror else str(error)


def discover(paths: Iterable[str], patterns: tuple[str, ...] = ()) -> tuple[list[Source], list[InputFailure]]:
    """Expand files and folders into sources with batch-unique ids; the same file twice counts once."""
    chosen: list[tuple[str, Path | None, list[str], list[str]]] = []
    failures: list[InputFailure] = []
    seen: set[str] = set()
    for path in paths:
        if path == STDIN:
            if STDIN not in seen:  # stdin can be read once
                seen.add(STDIN)
                chosen.append(("stdin", None, ["stdin"], ["stdin"]))
            continue
        p = Path(path)
        candidates = walk_folder(p, patterns) if p.is_dir() else [p]
        for item in candidates:
            if isinstance(item, InputFailure):
                failures.append(item)
                continue
            key = os.path.realpath(item)
            if key not in seen:
                seen.add(key)
                folder = p if p.is_dir() else None
                ids_for = [printable(c) for c in id_candidates(item, folder)]
                chosen.append((printable(str(item)), item, ids_for, output_candidates(item, folder) or ids_for))
    ids = choose_ids([candidates for _, _, candidates, _ in chosen])
    names = choose_ids([candidates for _, _, _, candidates in chosen])
    return [Source(name=name, id=id_, path=path, output_name=output_name)
            for id_, output_name, (name, path, _, _) in zip(ids, names, chosen)], failures


def output_candidates(path: Path, folder: Path | None) -> list[str]:
    """Output names for a file found in a folder, shortest first: its path below the folder without the
    suffix; with it (`launch.md`, `launch.html` side by side); under the folder's name (two folders)."""
    if folder is None:
        return []
    below = path.relative_to(folder)
    return [printable(p) for p in (below.with_suffix("").as_posix(), below.as_posix(),
                                   f"{folder.resolve().name}/{below.as_posix()}")]


def id_candidates(path: Path, folder: Path | None) -> list[str]:
    """Ids for a file, shortest first: its stem; its path below the folder it was found in, without
    and then with the suffix; the same under the folder's name. A named file: its path as given."""
    def plain(parts: tuple[str, ...]) -> list[str]:
        parts = tuple(p for p in parts if p not in ("/", "\\", ".", "..") and not p.endswith((":", ":\\")))
        if not parts:
            return []
        return ["/".join(parts[:-1] + (Path(parts[-1]).stem,)), "/".join(parts)]

    below = path.relative_to(folder).parts if folder is not None else path.parts
    candidates = [path.stem, *plain(below)]
    if folder is not None:
        candidates += plain((folder.resolve().name, *below))
    return candidates


def choose_ids(candidates: list[list[str]]) -> list[str]:
    """For each input the shortest candidate id that no other input of the batch shares, so ids stay
    short (file stems) and stable: the same inputs give the same ids."""
    levels = [0] * len(candidates)
    while True:
        ids = [c[min(level, len(c) - 1)] for c, level in zip(candidates, levels)]
        counts = Counter(ids)
        clashing = [i for i, id_ in enumerate(ids) if counts[id_] > 1 and levels[i] < len(candidates[i]) - 1]
        if not clashing:
            return list(_unique(ids))
        for i in clashing:
            levels[i] += 1


def _unique(ids: Iterable[str]) -> Iterator[str]:
    used: set[str] = set()
    for id_ in ids:
        candidate, n = id_, 1
        while candidate in used:
            n += 1
            candidate = f"{id_}~{n}"
        used.add(candidate)
        yield candidate


# --- reading ----------------------------------------------------------------------------------------


_READ_CHUNK = 1 << 20


def read_bytes(source: Source, max_bytes: int = DEFAULT_MAX_BYTES) -> bytes:
    """The input's bytes, read in chunks so that a device or endless pipe (/dev/zero, a FIFO) stops at
    `max_bytes` and a signal is seen between chunks."""
    try:
        if source.is_stdin:
            return _read_limited(sys.stdin.buffer, max_bytes)
        with open(source.path, "rb") as stream:
            return _read_limited(stream, max_bytes)
    except IsADirectoryError:
        raise InputError("is a folder") from None
    except OSError as error:
        raise InputError(_reason(error, source.path)) from None


def _read_limited(stream, max_bytes: int) -> bytes:
    chunks, size = [], 0
    while chunk := stream.read(min(_READ_CHUNK, max_bytes + 1 - size)):
        chunks.append(chunk)
        size += len(chunk)
        if size > max_bytes:
            raise InputError(f"larger than {max_bytes:,} bytes (raise the limit with --max-bytes)")
    return b"".join(chunks)


def jsonl_lines(data: bytes, encoding: str | None = None) -> Iterator[tuple[str | InputError, list[str]]]:
    """JSON Lines decoded line by line, each with its warnings: a line in another encoding (or with a
    stray byte) costs that line a warning, never the whole file its encoding."""
    kind = binary_kind(data)
    if kind:
        raise InputError(f"not a text file ({kind})")
    if encoding or any(data.startswith(mark) for mark, _ in _BYTE_ORDER_MARKS if mark != codecs.BOM_UTF8):
        for line in normalize_newlines(decode_bytes(data, encoding)).split("\n"):
            yield line, []
        return
    for raw in re.split(rb"\r\n|\r|\n", data.removeprefix(codecs.BOM_UTF8)):
        try:
            yield raw.decode("utf-8"), []
            continue
        except UnicodeDecodeError:
            pass
        messages: list[str] = []
        try:
            line = decode_bytes(raw, warn=messages.append)
        except InputError as error:
            yield error, []
            continue
        yield line, messages or ["not UTF-8, as JSON Lines should be; read in the encoding it most resembles"]


def iter_jsonl(source: str, lines: Iterable[tuple[str | InputError, list[str]]],
               markup: str = "auto") -> Iterator[Document | InputFailure | InputWarning]:
    """Each line `{"id": ..., "text": ...}`, the convention of spaCy and Prodigy."""
    for number, (line, messages) in enumerate(lines, start=1):
        where = f"{source}:{number}"
        for message in messages:
            yield InputWarning(where, message)
        if isinstance(line, InputError):
            yield InputFailure(where, str(line))
            continue
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as error:
            yield InputFailure(where, f"invalid JSON ({error.msg})")
            continue
        if not isinstance(row, dict) or not isinstance(row.get("text"), str):
            yield InputFailure(where, 'expected an object with a "text" string')
            continue
        row_id = row.get("id")
        row_id = printable(str(row_id)) if row_id not in (None, "") else f"{Path(source).stem}-{number}"
        try:  # JSON may spell lone surrogates ("\\ud800"), which no UTF-8 output can hold
            text = to_plain_text(printable(row["text"]), markup)
        except InputError as error:
            yield InputFailure(where, str(error))
            continue
        yield Document(id=row_id, text=text, source=where)


def read_source(source: Source, input_format: str = "auto", encoding: str | None = None,
                markup: str = "auto", max_bytes: int = DEFAULT_MAX_BYTES
                ) -> Iterator[Document | InputFailure | InputWarning]:
    """The documents in one source: one for a text file, one per line for JSON Lines; warnings first."""
    try:
        data = read_bytes(source, max_bytes)
    except InputError as error:
        yield InputFailure(source.name, str(error))
        return
    yield from documents_from_bytes(source, data, input_format, encoding, markup)


def documents_from_bytes(source: Source, data: bytes, input_format: str = "auto", encoding: str | None = None,
                         markup: str = "auto") -> Iterator[Document | InputFailure | InputWarning]:
    """`read_source` for bytes already read (from object storage, say): the same documents, ids and failures."""
    try:
        if input_format == "jsonl" or (input_format == "auto" and source.is_jsonl):
            yield from iter_jsonl(source.name, jsonl_lines(data, encoding), markup)
            return
        messages: list[str] = []
        text = decode_bytes(data, encoding, warn=messages.append)
        text = to_plain_text(text, markup, source.name)
    except InputError as error:
        yield InputFailure(source.name, str(error))
        return
    for message in messages:
        yield InputWarning(source.name, message)
    yield Document(id=source.id, text=text, source=None if source.is_stdin else source.name)


def iter_documents(paths: Iterable[str], input_format: str = "auto", encoding: str | None = None,
                   markup: str = "auto", patterns: tuple[str, ...] = (), max_bytes: int = DEFAULT_MAX_BYTES,
                   ) -> Iterator[Document | InputFailure | InputWarning]:
    """All documents under `paths`, in order, with failures in place of unreadable inputs."""
    sources, failures = discover(paths, patterns)
    yield from failures
    ids = UniqueIds(s.id for s in sources if not s.is_jsonl)
    for source in sources:
        for item in read_source(source, input_format, encoding, markup, max_bytes):
            yield ids.claim(item) if source.is_jsonl and isinstance(item, Document) else item


class UniqueIds:
    """Keeps JSON Lines ids unique across a batch: a repeated id gets '~2', '~3'..."""

    def __init__(self, reserved: Iterable[str] = ()):
        self.used = set(reserved)

    def claim(self, document: Document) -> Document:
        candidate, n = document.id, 1
        while candidate in self.used:
            n += 1
            candidate = f"{document.id}~{n}"
        self.used.add(candidate)
        if candidate == document.id:
            return document
        return Document(id=candidate, text=document.text, source=document.source)
