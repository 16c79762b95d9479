"""Turn a processed Doc into the output Record."""
from __future__ import annotations

import re

from spacy.tokens import Doc

from extractor.components.extensions import doc_text
from extractor.schema import Record

_HEADLINE_MAX_CHARS = 300
_MARKDOWN_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+")


def find_title(text: str) -> str | None:
    """The first line when it reads as a headline: short, and not a sentence that runs on."""
    for line in text.splitlines():
        line = line.strip()
        if not line:
            continue
        is_heading = bool(_MARKDOWN_HEADING.match(line))
        line = _MARKDOWN_HEADING.sub("", line).strip().strip("*_").strip()
        if not line or len(line) > _HEADLINE_MAX_CHARS:
            return None
        if is_heading or not line.endswith((".", ",", ";", ":")):
            return line
        return None
    return None


def record_from_doc(doc: Doc, id: str = "text", source: str | None = None, include_text: bool = False,
                    explain: bool = False) -> Record:
    """The output record of a Doc our components processed (their `Doc._` data, validated)."""
    return Record.model_validate({
        "id": id,
        "source": source,
        "title": find_title(doc_text(doc)),
        "dateline": doc._.dateline,
        "people": doc._.people or [],
        "organizations": doc._.organizations or [],
        "money": doc._.money or [],
        "sectors": doc._.sectors or [],
        "text": doc_text(doc) if include_text else None,
        "rejected": (doc._.rejected or []) if explain else None,
    })
