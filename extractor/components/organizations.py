"""Organizations: the model's ORG entities, cleaned and merged into one entry per organization."""
from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc

from extractor.components.extensions import register_doc_extension
from extractor.schema import Organization

register_doc_extension("organizations", default=[])

_LEADING_THE = re.compile(r"^(?:the)\s+", re.IGNORECASE)
_POSSESSIVE = re.compile(r"[\u2019']s?$")


def clean_org_name(text: str) -> str:
    """Drop a leading article and a trailing possessive: "The Acme Corp's" -> "Acme Corp"."""
    name = _LEADING_THE.sub("", text.strip())
    name = _POSSESSIVE.sub("", name).strip(" ,;:-")
    return name


@Language.factory("extractor_organizations")
def make_organization_finder(nlp: Language, name: str):
    return OrganizationFinder()


class OrganizationFinder:
    def __call__(self, doc: Doc) -> Doc:
        found: dict[str, Organization] = {}
        for ent in doc.ents:
            if ent.label_ != "ORG":
                continue
            name = clean_org_name(ent.text)
            if not name:
                continue
            key = name.casefold()
            if key in found:
                found[key].mentions += 1
            else:
                found[key] = Organization(name=name)
        doc._.organizations = list(found.values())
        return doc
