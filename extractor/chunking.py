"""Long texts in pieces: split at paragraph breaks so the model never sees more than it can hold.

spaCy refuses texts longer than `nlp.max_length`, and the parser's and tagger's working memory grows
with the text. Each chunk keeps the whitespace that follows it, so the chunks concatenate back to the
exact text and `Doc.from_docs(..., ensure_whitespace=False)` gives one Doc whose offsets are those of
the whole text.
"""
from __future__ import annotations

import re

from spacy.tokens import Doc

# Where to cut, best first: after a blank line, a line break, a sentence end, any whitespace.
_BREAKS = (
    re.compile(r"\n[^\S\n]*\n\s*"),
    re.compile(r"\n\s*"),
    re.compile(r"[.!?][\"'\u201d\u2019)\]]*\s+"),
    re.compile(r"\s+"),
)


def _cut_point(window: str) -> int:
    """The end of the best break in the second half of `window`, or its length for a hard cut."""
    floor = len(window) // 2
    for pattern in _BREAKS:
        end = 0
        for match in pattern.finditer(window, floor):
            end = match.end()
        if end > floor:
            return end
    return len(window)


def split_text(text: str, limit: int) -> list[str]:
    """Pieces of at most `limit` characters that concatenate to `text`, cut at paragraph breaks when
    there are some."""
    if limit < 1:
        raise ValueError("limit must be positive")
    chunks = []
    start = 0
    while len(text) - start > limit:
        window = text[start:start + limit]
        end = _cut_point(window)
        chunks.append(window[:end])
        start += end
    if start < len(text) or not chunks:
        chunks.append(text[start:])
    return chunks


def join_docs(docs: list[Doc]) -> Doc:
    """One Doc from consecutive chunk Docs, text and offsets exactly those of the joined text."""
    if len(docs) == 1:
        return docs[0]
    for doc in docs:
        doc.user_data.clear()  # results of our components are recomputed on the joined Doc
    return Doc.from_docs(docs, ensure_whitespace=False)
