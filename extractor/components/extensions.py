"""The `Doc._` attributes our components write."""
from spacy.tokens import Doc


def register_doc_extension(name: str, default=None) -> None:
    if not Doc.has_extension(name):
        Doc.set_extension(name, default=default)
