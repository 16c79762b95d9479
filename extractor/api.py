"""The Python API: `Extractor().extract(text)` and `Extractor().extract_many(documents)`.

The pipeline runs in two parts. The model's own components (tok2vec, tagger, parser, ner...) run
through `nlp.pipe`, in worker processes when asked; our `extractor_*` rule components then run on
each finished Doc in this process. That split lets a long text go through the model in chunks and
meet our components whole, and lets one failing document be reported without losing the batch.
(Our components keep plain data on `Doc._`, so a user's own `nlp.pipe(n_process=2)` with them in the
pipeline works too.)
"""
from __future__ import annotations

import multiprocessing
import os
import signal
import sys
import threading
import warnings
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc

from extractor.chunking import join_docs, split_text
from extractor.components.extensions import remember_text
from extractor.inputs import Document
from extractor.pipeline import build_pipeline
from extractor.record import record_from_doc
from extractor.schema import Record
from extractor.sections import SECTION_CHARS, merge_records

OUR_PREFIX = "extractor_"
# Above this many characters a text goes through the model in chunks even when `nlp.max_length`
# would allow more: the parser's working memory grows with the length of the Doc.
MAX_CHUNK_CHARS = 20_000
# The most characters one model batch holds. Peak memory follows the largest batch, so it is bounded by
# this budget whatever the order of the files: no text the model sees is longer than a chunk, and a batch
# holds at most `BATCH_CHARS // chunk` texts. Small batches cost the entity recognizer no speed on a CPU.
BATCH_CHARS = 100_000

ErrorHandler = Callable[[Document, Exception], None]


class Extractor:
    """Loads the pipeline once; reuse one instance for many documents."""

    def __init__(self, model: str | None = None, taxonomy: str | Path | None = None,
                 nlp: Language | None = None):
        self.nlp = nlp if nlp is not None else build_pipeline(model, taxonomy)

    @property
    def rule_components(self) -> list[tuple[str, Callable[[Doc], Doc]]]:
        """Our components and any after them, in pipeline order; they run on whole Docs."""
        names = self.nlp.pipe_names
        first = next((i for i, name in enumerate(names) if name.startswith(OUR_PREFIX)), len(names))
        return self.nlp.pipeline[first:]

    @property
    def chunk_chars(self) -> int:
        return min(self.nlp.max_length, MAX_CHUNK_CHARS)

    def extract(self, text: str | bytes, id: str = "text", source: str | None = None, include_text: bool = False,
                explain: bool = False, encoding: str | None = None) -> Record:
        """One text to one record; offsets in the record index `text` (kept in the record with `include_text`).
        With `explain`, the record lists each candidate person or organization a check dropped. Bytes
        need their `encoding` (the command line detects it; an API caller knows it)."""
        text = _as_text(text, encoding)
        return self._record(Document(id=id, text=text, source=source), include_text, explain)

    def extract_many(self, documents: Iterable[Document | str], batch_size: int = 16, n_process: int = 1,
                     on_error: ErrorHandler | None = None, include_text: bool = False,
                     explain: bool = False, batch_chars: int = BATCH_CHARS) -> Iterator[Record]:
        """Stream records in input order; plain strings get ids text-1, text-2, ...

        A model batch holds at most `batch_size` texts and at most `batch_chars` characters.

        `n_process` > 1 runs the model in that many worker processes (spaCy's `nlp.pipe`). With
        `on_error`, a document whose processing raises, or an item that is not a text, is handed to it
        and the stream goes on; without, the error propagates. If `documents` itself raises, every
        record of the documents read before is delivered first, then its error is raised.
        """
        pending: deque[Document] = deque()
        rules = {name for name, _ in self.rule_components}
        limit = self.chunk_chars
        source_error: list[BaseException] = []

        def model_texts() -> Iterator[str]:
            try:
                for n, item in enumerate(documents, start=1):
                    try:
                        document = _as_document(item, n)
                    except TypeError as error:
                        if on_error is None:
                            raise
                        on_error(Document(id=f"text-{n}", text=""), error)
                        continue
                    pending.append(document)
                    # A long text holds its place in the stream and is chunked here when its turn comes.
                    yield "" if len(document.text) > limit else document.text
            except Exception as error:  # the caller's iterator: its records so far still come out
                source_error.append(error)

        texts_per_batch = max(1, min(batch_size, batch_chars // limit))
        stream = self.nlp.pipe(model_texts(), batch_size=texts_per_batch, n_process=n_process, disable=rules)
        if n_process != 1:
            stream = _supervised_workers(stream)
        for doc in stream:
            document = pending.popleft()
            try:
                if len(document.text) > limit:
                    record = self._record(document, include_text, explain)
                else:
                    record = self._finish(doc, document, include_text, explain)
            except Exception as error:
                if on_error is None:
                    raise
                on_error(document, error)
                continue
            yield record
        if source_error:
            raise source_error[0]

    def _record(self, document: Document, include_text: bool, explain: bool) -> Record:
        """A text of any length to its record; past `SECTION_CHARS`, section by section (see sections.py)."""
        if len(document.text) <= SECTION_CHARS:
            return self._finish(self._model_doc(document.text), document, include_text, explain)

        def section_records():
            offset = 0
            for section in split_text(document.text, SECTION_CHARS):
                part = Document(id=document.id, text=section, source=document.source)
                yield offset, self._finish(self._model_doc(section), part, False, explain)
                offset += len(section)

        record = merge_records(section_records(), document.id, document.source)
        if include_text:
            record.text = document.text
        return record

    def _model_doc(self, text: str) -> Doc:
        """The model's analysis of `text`, chunked at paragraph breaks when it is long."""
        rules = {name for name, _ in self.rule_components}
        chunks = split_text(text, self.chunk_chars)
        if len(chunks) == 1:
            return self.nlp(text, disable=rules)
        return join_docs(list(self.nlp.pipe(chunks, disable=rules, batch_size=1)))

    def _finish(self, doc: Doc, document: Document, include_text: bool = False, explain: bool = False) -> Record:
        remember_text(doc, document.text)
        for _, component in self.rule_components:
            doc = component(doc)
        return record_from_doc(doc, id=document.id, source=document.source, include_text=include_text,
                               explain=explain)


def _as_text(text: object, encoding: str | None = None) -> str:
    if isinstance(text, str):
        return text
    if isinstance(text, (bytes, bytearray)):
        if encoding is None:
            raise TypeError("extract() got bytes without an encoding: pass encoding='utf-8' (or the text's "
                            "own), or a str")
        return bytes(text).decode(encoding)
    raise TypeError(f"extract() takes a str (or bytes with an encoding), not {type(text).__name__}")


def _as_document(item: object, n: int) -> Document:
    if isinstance(item, Document):
        if not isinstance(item.text, str):
            raise TypeError(f"Document {item.id!r}: text must be a str, not {type(item.text).__name__}")
        return item
    if isinstance(item, str):
        return Document(id=f"text-{n}", text=item)
    raise TypeError(f"item {n}: extract_many() takes str or Document items, not {type(item).__name__}")


# --- worker processes -------------------------------------------------------------------------------
# spaCy's `nlp.pipe(n_process=N)` forks N workers. Two things it leaves to the caller: a Ctrl-C reaches
# every process of the terminal's group, so each worker would print a traceback; and when the consumer
# stops early (Ctrl-C, a closed stdout), spaCy's cleanup joins workers that can be stuck writing to a
# pipe that a sibling worker also holds open. So workers ignore interrupts from birth and die with their
# parent (Linux prctl PR_SET_PDEATHSIG); the parent's own handlers kill them first, at any moment,
# including while spaCy is still starting them or waiting for slow input; and they are killed before
# spaCy's cleanup runs whenever the stream ends early.

_STARTING_WORKERS = False
_PR_SET_PDEATHSIG = 1


def _worker_setup() -> None:
    if not _STARTING_WORKERS:
        return
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, signal.SIG_IGN)  # the parent stops its workers; none prints a traceback
    if not sys.platform.startswith("linux"):
        return
    try:
        import ctypes

        ctypes.CDLL(None).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):
        pass


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_worker_setup)


def _stop_signals() -> list[signal.Signals]:
    """The signals whose Python handler would unwind this process: Ctrl-C, and SIGTERM if handled."""
    return [sig for sig in (signal.SIGINT, signal.SIGTERM) if callable(signal.getsignal(sig))]


def _supervised_workers(stream: Iterator[Doc]) -> Iterator[Doc]:
    global _STARTING_WORKERS
    if threading.current_thread() is not threading.main_thread():
        yield from stream
        return
    before = set(multiprocessing.active_children())

    def stop_workers() -> None:
        workers = [p for p in multiprocessing.active_children() if p not in before]
        for worker in workers:
            if worker.is_alive():
                worker.kill()
        for worker in workers:
            worker.join(timeout=10)

    def stop_then(handler):
        def on_signal(signum, frame):
            stop_workers()
            handler(signum, frame)
        return on_signal

    previous = {sig: signal.signal(sig, stop_then(signal.getsignal(sig))) for sig in _stop_signals()}
    _STARTING_WORKERS = True
    try:
        first = next(stream, None)  # spaCy forks its workers here
        _STARTING_WORKERS = False
        if first is None:
            return
        yield first
        for doc in stream:  # not `yield from`: on close, the workers must die before spaCy joins them
            yield doc
    except BaseException:
        stop_workers()
        raise
    finally:
        _STARTING_WORKERS = False
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # spaCy's W127 about the workers stopped here
            stream.close()
