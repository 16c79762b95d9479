"""People: the model's PERSON entities, merged so that each person appears once with aliases."""
from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from extractor.components.extensions import register_doc_extension
from extractor.schema import Person

register_doc_extension("people", default=[])


@Language.factory("extractor_people")
def make_person_finder(nlp: Language, name: str):
    return PersonFinder()


def merge_person_aliases(names: list[str]) -> list[Person]:
    """Group name forms so that a single-word form joins the fullest name containing it."""
    people: list[Person] = []
    for name in sorted(set(names), key=lambda n: (-len(n.split()), n)):
        words = set(name.split())
        owner = next((p for p in people if words <= set(p.name.split())), None)
        if owner is None:
            people.append(Person(name=name, mentions=names.count(name)))
        else:
            owner.aliases.append(name)
            owner.mentions += names.count(name)
    return people


class PersonFinder:
    def __call__(self, doc: Doc) -> Doc:
        names = [ent.text.strip() for ent in doc.ents if ent.label_ == "PERSON"]
        doc._.people = merge_person_aliases([n for n in names if n])
        return doc
