"""Run the extractor's rules over entities a test chooses, with no model: what a check does, whatever
the model would tag."""
from __future__ import annotations

from itertools import count

from extractor import Extractor
from extractor.schema import Record

_names = count()


def extract_tagged(text: str, entities: list[tuple[int, int, str]]) -> Record:
    """The record of `text` when the recognizer tags exactly `entities` ((start, end, label) spans)."""
    import spacy
    from spacy.language import Language

    from extractor.pipeline import add_extractor_components

    name = f"test_tagged_{next(_names)}"

    @Language.component(name)
    def tag(doc):
        doc.ents = [doc.char_span(start, end, label=label) for start, end, label in entities]
        return doc

    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe(name)
    return Extractor(nlp=add_extractor_components(nlp)).extract(text)


def tagged(text: str, name: str, label: str) -> tuple[int, int, str]:
    """The span of the first `name` in `text`, with `label`."""
    start = text.index(name)
    return start, start + len(name), label
