"""extractor: people, organizations, sectors and money from press releases, as JSON."""
from __future__ import annotations

from typing import TYPE_CHECKING

__version__ = "0.1.0"
__all__ = ["Extractor", "Record", "Document", "__version__"]

if TYPE_CHECKING:
    from extractor.api import Extractor
    from extractor.inputs import Document
    from extractor.schema import Record


def __getattr__(name: str):
    # Lazy, so that `extractor --version` and `--help` answer without importing spaCy.
    if name == "Extractor":
        from extractor.api import Extractor

        return Extractor
    if name == "Record":
        from extractor.schema import Record

        return Record
    if name == "Document":
        from extractor.inputs import Document

        return Document
    raise AttributeError(f"module 'extractor' has no attribute {name!r}")
