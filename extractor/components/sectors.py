"""Sectors: match taxonomy terms (lemma-aware) and report each GICS sector/industry with evidence."""
from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc

from extractor.components.extensions import register_doc_extension
from extractor.schema import Sector

register_doc_extension("sectors", default=[])


def load_taxonomy(path: str | Path | None = None) -> list[dict]:
    """The shipped taxonomy, or a user's file in the same format."""
    if path:
        text = Path(path).read_text(encoding="utf-8")
    else:
        text = resources.files("extractor").joinpath("data/sectors.json").read_text(encoding="utf-8")
    return json.loads(text)["industries"]


@Language.factory("extractor_sectors", default_config={"taxonomy": None})
def make_sector_matcher(nlp: Language, name: str, taxonomy: str | None):
    return SectorMatcher(nlp, load_taxonomy(taxonomy))


class SectorMatcher:
    def __init__(self, nlp: Language, industries: list[dict]):
        self.industries = industries
        self.matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        for index, industry in enumerate(industries):
            self.matcher.add(str(index), list(nlp.tokenizer.pipe(industry["terms"])))

    def __call__(self, doc: Doc) -> Doc:
        hits: dict[int, list[str]] = {}
        for match_id, start, end in self.matcher(doc):
            hits.setdefault(int(doc.vocab.strings[match_id]), []).append(doc[start:end].text)
        sectors = [
            Sector(sector=self.industries[i]["sector"], industry=self.industries[i]["industry"],
                   evidence=sorted(set(ev)), mentions=len(ev))
            for i, ev in hits.items()
        ]
        doc._.sectors = sorted(sectors, key=lambda s: -s.mentions)
        return doc
