"""The `Doc._` attributes our components write.

Every value is plain data (dicts, lists, tuples, strings, numbers), never a pydantic object, so that a
Doc keeps working with `Doc.to_bytes`, `DocBin(store_user_data=True)` and `nlp.pipe(n_process=2)`.
`extractor.record.record_from_doc` turns them into the output models.
"""
from bisect import bisect_right
from collections.abc import Iterable

from pydantic import BaseModel
from spacy.tokens import Doc


def register_doc_extension(name: str, default=None) -> None:
    if not Doc.has_extension(name):
        Doc.set_extension(name, default=default)


def as_data(models: Iterable[BaseModel]) -> list[dict]:
    """Output models as the JSON-ready dicts stored on `Doc._`."""
    return [model.model_dump(mode="json") for model in models]


_TEXT_KEY = ("extractor", "text")


def doc_text(doc: Doc) -> str:
    """`doc.text`, built once per Doc: spaCy joins every token's text anew on each access, which cost our
    components more than all their patterns together. (Kept with the token count, so that a Doc made from
    other Docs never reads a part's text.)"""
    cached = doc.user_data.get(_TEXT_KEY)
    if cached is None or cached[0] != len(doc):
        cached = doc.user_data[_TEXT_KEY] = (len(doc), doc.text)
    return cached[1]


def remember_text(doc: Doc, text: str) -> None:
    """Seed `doc_text` with the text the Doc was made from (the tokenizer keeps every character), so
    that not even one join is needed."""
    if len(doc) and doc[-1].idx + len(doc[-1].text_with_ws) == len(text):
        doc.user_data[_TEXT_KEY] = (len(doc), text)


_SENTENCES_KEY = ("extractor", "sentences")


def _sentence_bounds(doc: Doc) -> tuple[list[int], list[int]]:
    """Start and end characters of each sentence, read once per Doc (`span.sent` walks the tokens anew
    on every call). Empty when the pipeline sets no sentence boundaries."""
    cached = doc.user_data.get(_SENTENCES_KEY)
    if cached is None or cached[0] != len(doc):
        sents = list(doc.sents) if doc.has_annotation("SENT_START") else []
        cached = doc.user_data[_SENTENCES_KEY] = (len(doc), [s.start_char for s in sents],
                                                  [s.end_char for s in sents])
    return cached[1], cached[2]


def sentence_range(doc: Doc, char: int) -> tuple[int, int] | None:
    """(start, end) characters of the sentence holding offset `char`, as `span.sent` would give them;
    None without sentence boundaries."""
    starts, ends = _sentence_bounds(doc)
    if not starts:
        return None
    n = max(0, bisect_right(starts, char) - 1)
    return starts[n], ends[n]
