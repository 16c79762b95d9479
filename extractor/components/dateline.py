"""The dateline that opens a release: place, wire service and date.

First version: registers the extension only; the wire is not yet separated from the story.
"""
from spacy.language import Language
from spacy.tokens import Doc

from extractor.components.extensions import register_doc_extension

register_doc_extension("dateline")


@Language.factory("extractor_dateline")
def make_dateline_detector(nlp: Language, name: str):
    return DatelineDetector()


class DatelineDetector:
    def __call__(self, doc: Doc) -> Doc:
        doc._.dateline = None
        return doc
