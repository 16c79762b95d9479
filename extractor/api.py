"""The Python API: `Extractor().extract(text)` and `Extractor().extract_many(documents)`.

The pipeline runs in two parts. The model's own components (senter, ner...) run through `nlp.pipe`;
our `extractor_*` rule components then run on each finished Doc. That split lets a long text go
through the model in chunks and meet our components whole, and lets one failing document be reported
without losing the batch. With worker processes, each worker runs both parts on its batches.
(Our components keep plain data on `Doc._`, so a user's own `nlp.pipe(n_process=2)` with them in the
pipeline works too.)
"""
from __future__ import annotations

import multiprocessing
import os
import signal
import sys
import threading
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
# this budget whatever the order of the files: a batch is cut when its texts' lengths reach it, and a text
# longer than a chunk goes through the model alone, chunk by chunk. Typical releases (4,000 characters)
# fill the 16-text batches at which the entity recognizer runs fastest (5-text batches cost it 6 %).
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

        `n_process` > 1 runs the extraction in that many worker processes; a batch whose worker is
        killed (say for want of memory) is tried again, and fails its documents if that worker dies too. With
        `on_error`, a document whose processing raises, or an item that is not a text, is handed to it
        and the stream goes on; without, the error propagates. If `documents` itself raises, every
        record of the documents read before is delivered first, then its error is raised.
        """
        if n_process != 1:
            yield from _supervised_workers(self._pooled(documents, batch_size, n_process, on_error, include_text,
                                                        explain, batch_chars))
            return
        rules = {name for name, _ in self.rule_components}
        limit = self.chunk_chars
        for batch in _batches(documents, batch_size, batch_chars, on_error):
            # A long text holds its place in the batch and is chunked when its turn comes.
            short = [document.text for document in batch if len(document.text) <= limit]
            docs = iter(list(self.nlp.pipe(short, batch_size=max(1, len(short)), disable=rules)))
            for document in batch:
                try:
                    if len(document.text) > limit:
                        record = self._record(document, include_text, explain)
                    else:
                        record = self._finish(next(docs), document, include_text, explain)
                except Exception as error:
                    if on_error is None:
                        raise
                    on_error(document, error)
                    continue
                yield record

    def _pooled(self, documents: Iterable[Document | str], batch_size: int, n_process: int,
                on_error: ErrorHandler | None, include_text: bool, explain: bool,
                batch_chars: int) -> Iterator[Record]:
        """`extract_many` in `n_process` worker processes, each running the whole extraction on a batch
        of documents and sending back records: a record is a few kilobytes where a Doc is a hundred,
        and the rules run beside the model instead of queueing behind it in this process. This process
        only reads inputs and hands out batches, a few ahead of the records it has yielded, so memory
        stays bounded and records come out in input order. Forked workers share the loaded model."""
        from concurrent.futures import Future, ProcessPoolExecutor
        from concurrent.futures.process import BrokenProcessPool

        global _POOL_EXTRACTOR
        forks = "fork" in multiprocessing.get_all_start_methods()

        def new_pool() -> ProcessPoolExecutor:
            return ProcessPoolExecutor(n_process, mp_context=multiprocessing.get_context("fork" if forks else "spawn"),
                                       initializer=_start_worker, initargs=(None if forks else self,))

        def submit(batch: list[Document]) -> Future:
            nonlocal pool
            try:
                return pool.submit(_extract_batch, batch, options)
            except BrokenProcessPool:
                pool.shutdown()
                pool = new_pool()
                return pool.submit(_extract_batch, batch, options)

        def outcomes(batch: list[Document], future: Future, retried: bool = False) -> list:
            """A killed worker (out of memory?) takes down its pool, and with it every batch in flight:
            each is tried once more, alone, so that only a batch that kills its worker again fails."""
            try:
                return future.result()
            except BrokenProcessPool:
                if retried:
                    lost = RuntimeError("the worker process running it died")
                    return [(document, lost) for document in batch]
                return outcomes(batch, submit(batch), retried=True)

        options = {"batch_size": batch_size, "include_text": include_text, "explain": explain,
                   "batch_chars": batch_chars}
        _POOL_EXTRACTOR = self
        pool = new_pool()
        in_flight: deque[tuple[list[Document], Future]] = deque()
        batches = _even_ending(_batches(documents, batch_size, batch_chars, on_error), n_process)
        finished = False
        try:
            while True:
                try:
                    batch = next(batches)
                except StopIteration:
                    break
                except Exception:  # the caller's iterator: the records before its error still come out
                    while in_flight:
                        yield from _delivered(outcomes(*in_flight.popleft()), on_error)
                    raise
                in_flight.append((batch, submit(batch)))
                while len(in_flight) > 2 * n_process or in_flight and in_flight[0][1].done():
                    yield from _delivered(outcomes(*in_flight.popleft()), on_error)
            while in_flight:
                yield from _delivered(outcomes(*in_flight.popleft()), on_error)
            finished = True
        finally:
            _POOL_EXTRACTOR = None
            # Finished, the workers are idle and waiting for them is instant. Stopped early, they were
            # killed (in `_supervised_workers`): the pool's thread ends within milliseconds, but it is
            # given one second at most, so that a run stops within two of a signal even when the thread
            # is slow to notice. (Left running, it races the pool's exit hook, which then writes to a
            # pipe the thread has just closed.)
            manager = getattr(pool, "_executor_manager_thread", None)
            pool.shutdown(wait=finished, cancel_futures=True)
            if manager is not None and not finished:
                manager.join(timeout=1)

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

    def annotate(self, text: str) -> Doc:
        """The text's Doc after the model and every rule, for a reader of the components' own attributes
        (`doc._.sectors`, `doc.spans`); unlike `extract`, a long text is not taken section by section."""
        return self._ruled(self._model_doc(text), text)

    def _ruled(self, doc: Doc, text: str) -> Doc:
        remember_text(doc, text)
        for _, component in self.rule_components:
            doc = component(doc)
        return doc

    def _finish(self, doc: Doc, document: Document, include_text: bool = False, explain: bool = False) -> Record:
        doc = self._ruled(doc, document.text)
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
# Each worker runs `Extractor.extract_many` on batches handed out by `Extractor._pooled`.

_POOL_EXTRACTOR: Extractor | None = None  # set in the parent before it forks; a spawned worker gets its own


def _start_worker(extractor: Extractor | None) -> None:
    global _POOL_EXTRACTOR
    if extractor is not None:
        _POOL_EXTRACTOR = extractor


def _extract_batch(batch: list[Document], options: dict) -> list:
    """In a worker: each document's record, or (document, error) where its processing raised."""
    outcomes: list = []
    for record in _POOL_EXTRACTOR.extract_many(batch, on_error=lambda d, e: outcomes.append((d, _portable(e))),
                                               **options):
        outcomes.append(record)
    return outcomes


def _portable(error: Exception) -> Exception:
    """The error itself when it survives the trip to the parent process, else one that says the same."""
    import pickle

    try:
        pickle.loads(pickle.dumps(error))
        return error
    except Exception:
        return RuntimeError(f"{type(error).__name__}: {error}")


def _documents(items: Iterable[Document | str], on_error: ErrorHandler | None) -> Iterator[Document]:
    """Each item as a Document; an item that is not a text goes to `on_error` (raises without one)."""
    for n, item in enumerate(items, start=1):
        try:
            yield _as_document(item, n)
        except TypeError as error:
            if on_error is None:
                raise
            on_error(Document(id=f"text-{n}", text=""), error)


def _batches(documents: Iterable[Document | str], batch_size: int, batch_chars: int,
             on_error: ErrorHandler | None) -> Iterator[list[Document]]:
    """Documents in batches of at most `batch_size` texts and about `batch_chars` characters. When
    `documents` itself raises, the batch read so far still goes out before the error."""
    batch: list[Document] = []
    chars = 0
    try:
        for document in _documents(documents, on_error):
            if batch and (len(batch) >= batch_size or chars + len(document.text) > batch_chars):
                yield batch
                batch, chars = [], 0
            batch.append(document)
            chars += len(document.text)
    except Exception:
        if batch:
            yield batch
        raise
    if batch:
        yield batch


def _even_ending(batches: Iterator[list[Document]], n_process: int) -> Iterator[list[Document]]:
    """The batches, the last `n_process` of them cut into pieces of a few documents each. Workers take
    batches as they come free, so the run ends when the last one to start a whole batch finishes it, the
    others idle meanwhile: the longer the last batches, the longer that wait. Batches are held back
    until it is known which are last."""
    held: deque[list[Document]] = deque()
    try:
        for batch in batches:
            held.append(batch)
            if len(held) > n_process:
                yield held.popleft()
    except Exception:
        yield from held  # the documents read before the error go out whole, then the error
        raise
    for batch in held:
        size = -(-len(batch) // (2 * n_process))
        for start in range(0, len(batch), size):
            yield batch[start:start + size]


def _delivered(outcomes: list, on_error: ErrorHandler | None) -> Iterator[Record]:
    for outcome in outcomes:
        if isinstance(outcome, Record):
            yield outcome
            continue
        document, error = outcome
        if on_error is None:
            raise error
        on_error(document, error)

# Two things a pool of worker processes leaves to its caller: a Ctrl-C reaches every process of the
# terminal's group, so each worker would print a traceback; and when the consumer stops early (Ctrl-C, a
# closed stdout), the workers must not outlive the run, nor keep it waiting. So workers ignore
# interrupts from birth and die with their parent (Linux prctl PR_SET_PDEATHSIG); the parent's own
# handlers kill them first, at any moment, including while they are starting or waiting for slow input;
# and they are killed whenever the stream ends early.

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


def _supervised_workers(stream: Iterator[Record]) -> Iterator[Record]:
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
        stream.close()
