"""The Python API: `Extractor().extract(text)` and `Extractor().extract_many(documents)`.

The pipeline runs in two parts. The model's own components (tok2vec, tagger, parser, ner...) run
through `nlp.pipe`, in worker processes when asked; our `extractor_*` rule components then run on
each finished Doc in this process. That split lets a long text go through the model in chunks and
meet our components whole, and lets one failing document be reported without losing the batch.
"""
from __future__ import annotations

import signal
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc

from extractor.chunking import join_docs, split_text
from extractor.inputs import Document
from extractor.pipeline import build_pipeline
from extractor.record import record_from_doc
from extractor.schema import Record

OUR_PREFIX = "extractor_"
# Above this many characters a text goes through the model in chunks even when `nlp.max_length`
# would allow more: the parser's working memory grows with the length of the Doc.
MAX_CHUNK_CHARS = 100_000

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

    def extract(self, text: str, id: str = "text", source: str | None = None) -> Record:
        """One text to one record; offsets in the record index `text`."""
        return self._finish(self._model_doc(text), Document(id=id, text=text, source=source))

    def extract_many(self, documents: Iterable[Document | str], batch_size: int = 16, n_process: int = 1,
                     on_error: ErrorHandler | None = None) -> Iterator[Record]:
        """Stream records in input order; plain strings get ids text-1, text-2, ...

        `n_process` > 1 runs the model in that many worker processes (spaCy's `nlp.pipe`). With
        `on_error`, a document whose processing raises is handed to it and the stream goes on;
        without, the error propagates.
        """
        pending: deque[Document] = deque()
        rules = {name for name, _ in self.rule_components}
        limit = self.chunk_chars

        def model_texts() -> Iterator[str]:
            for n, item in enumerate(documents, start=1):
                document = item if isinstance(item, Document) else Document(id=f"text-{n}", text=item)
                pending.append(document)
                # A long text holds its place in the stream and is chunked here when its turn comes.
                yield "" if len(document.text) > limit else document.text

        stream = self.nlp.pipe(model_texts(), batch_size=batch_size, n_process=n_process, disable=rules)
        if n_process != 1:
            stream = _workers_ignoring_interrupts(stream)
        for doc in stream:
            document = pending.popleft()
            try:
                if len(document.text) > limit:
                    doc = self._model_doc(document.text)
                record = self._finish(doc, document)
            except Exception as error:
                if on_error is None:
                    raise
                on_error(document, error)
                continue
            yield record

    def _model_doc(self, text: str) -> Doc:
        """The model's analysis of `text`, chunked at paragraph breaks when it is long."""
        rules = {name for name, _ in self.rule_components}
        chunks = split_text(text, self.chunk_chars)
        if len(chunks) == 1:
            return self.nlp(text, disable=rules)
        return join_docs(list(self.nlp.pipe(chunks, disable=rules)))

    def _finish(self, doc: Doc, document: Document) -> Record:
        for _, component in self.rule_components:
            doc = component(doc)
        return record_from_doc(doc, id=document.id, source=document.source)


def _workers_ignoring_interrupts(stream: Iterator[Doc]) -> Iterator[Doc]:
    """Start spaCy's worker processes while Ctrl-C is held back, so that the forked workers inherit a
    handler that never raises: on Ctrl-C only this process stops, and it shuts the workers down
    instead of each printing a traceback. An interrupt during the start is raised afterwards."""
    if threading.current_thread() is not threading.main_thread():
        yield from stream
        return
    held: list[int] = []
    previous = signal.signal(signal.SIGINT, lambda signum, frame: held.append(signum))
    try:
        first = next(stream, None)
    finally:
        signal.signal(signal.SIGINT, previous if previous is not None else signal.default_int_handler)
    if held:
        raise KeyboardInterrupt
    if first is None:
        return
    yield first
    yield from stream
