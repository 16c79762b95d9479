"""The Python API: `Extractor().extract(text)` and `Extractor().extract_many(documents)`."""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from spacy.language import Language

from extractor.inputs import Document
from extractor.pipeline import build_pipeline
from extractor.record import record_from_doc
from extractor.schema import Record


class Extractor:
    """Loads the pipeline once; reuse one instance for many documents."""

    def __init__(self, model: str | None = None, taxonomy: str | Path | None = None,
                 nlp: Language | None = None):
        self.nlp = nlp if nlp is not None else build_pipeline(model, taxonomy)

    def extract(self, text: str, id: str = "text", source: str | None = None) -> Record:
        return record_from_doc(self.nlp(text), id=id, source=source)

    def extract_many(self, documents: Iterable[Document | str], batch_size: int = 16) -> Iterator[Record]:
        """Stream records in input order; plain strings get ids text-1, text-2, ..."""
        docs = (
            d if isinstance(d, Document) else Document(id=f"text-{n}", text=d)
            for n, d in enumerate(documents, start=1)
        )
        for doc, document in self.nlp.pipe(((d.text, d) for d in docs), as_tuples=True,
                                           batch_size=batch_size):
            yield record_from_doc(doc, id=document.id, source=document.source)
