"""The `Doc._` attributes our components write.

Every value is plain data (dicts, lists, tuples, strings, numbers), never a pydantic object, so that a
Doc keeps working with `Doc.to_bytes`, `DocBin(store_user_data=True)` and `nlp.pipe(n_process=2)`.
`extractor.record.record_from_doc` turns them into the output models.
"""
from collections.abc import Iterable

from pydantic import BaseModel
from spacy.tokens import Doc


def register_doc_extension(name: str, default=None) -> None:
    if not Doc.has_extension(name):
        Doc.set_extension(name, default=default)


def as_data(models: Iterable[BaseModel]) -> list[dict]:
    """Output models as the JSON-ready dicts stored on `Doc._`."""
    return [model.model_dump(mode="json") for model in models]
