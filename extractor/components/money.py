"""Monetary figures: the `extractor_money` component sets `doc._.money` to one dict per distinct figure
(a `Money` model dumped), in text order of first mention.

The work is done on `doc.text` by `extractor.money.find_money` (a compiled scanner, no model needed),
so the component also runs in a blank pipeline: `spacy.blank("en").add_pipe("extractor_money")`.
"""
from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from extractor.components.extensions import as_data, doc_text, register_doc_extension
from extractor.money import find_money, merge_repeated_figures
from extractor.money.scanner import prepare

register_doc_extension("money", default=[])


@Language.factory("extractor_money", assigns=["doc._.money"])
def make_money_finder(nlp: Language, name: str):
    return MoneyFinder()


class MoneyFinder:
    def __init__(self):
        prepare()

    def __call__(self, doc: Doc) -> Doc:
        doc._.money = as_data(merge_repeated_figures(find_money(doc_text(doc))))
        return doc
