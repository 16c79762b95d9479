"""Split words that a release's contact block glued together, so that a name is a token of its own.

Releases copied from web pages lose the line breaks of their contact blocks: "Sylvia WimmerDirector
Corporate Communications", "Group, LLCLisa Gray", "ContactJane Doe", "Levi LeddyEmail: ...". spaCy's
tokenizer keeps "WimmerDirector" whole, so no entity can end inside it and the person is lost. Each
pattern below is a zero-width split point, added to the tokenizer's infixes: the text and its offsets
do not change, only where tokens end.
"""
from __future__ import annotations

import re

from spacy.language import Language
from spacy.util import registry

# Words that open a contact line or a job title, glued after a lower-case letter ("WimmerDirector",
# "LeddyEmail", "BagleyChief"); two lower-case letters before, so that "iPhone" stays whole.
_LINE_OPENERS = ("Email", "E-mail", "Phone", "Tel", "Fax", "Mobile", "Website", "Director", "Chief", "Vice",
                 "President", "Founder", "Co-Founder", "Cofounder", "Manager", "Managing", "Senior",
                 "Contact", "Officer")
# Words that end a heading or a department's or company's name, glued before a capitalized word
# ("ContactJane", "DetailsBasile", "CommunicationsMary", "LLCLisa", "AGKatja"). A legal suffix counts
# only as a whole upper-case run: "MAGNet" stays whole.
_LINE_ENDERS = ("Contact", "Contacts", "Details", "Communications", "Relations", "Inquiries")
_SUFFIX_ENDERS = ("LLC", "LLP", "AG", "GmbH", "Inc.", "Ltd.", "PLC", "Corp.")

# Each opens with the test of one character, which the regex engine makes in one step at every position
# of every word; the lookbehinds after it run only before a capital letter.
GLUE_SPLITS = (
    rf"(?=[A-Z])(?<=[a-z][a-z])(?=(?:{'|'.join(map(re.escape, _LINE_OPENERS))})(?![a-z]))",
    rf"(?=[A-Z][a-z])(?:{'|'.join(f'(?<={re.escape(w)})' for w in _LINE_ENDERS)})",
    rf"(?=[A-Z][a-z])(?:{'|'.join(f'(?<![A-Za-z]{re.escape(w)})(?<={re.escape(w)})' for w in _SUFFIX_ENDERS)})",
)


def split_glued_words(nlp: Language) -> Language:
    """Add the glue split points to the pipeline's tokenizer (once; a saved pipeline keeps them)."""
    pattern = nlp.tokenizer.infix_finditer.__self__.pattern if nlp.tokenizer.infix_finditer else ""
    extra = [split for split in GLUE_SPLITS if split not in pattern]
    if extra:
        nlp.tokenizer.infix_finditer = re.compile("|".join([*extra, pattern] if pattern else extra)).finditer
    return nlp


@registry.callbacks("extractor.split_glued_words.v1")
def make_split_glued_words():
    """For a training config's [initialize.after_init]: the trained pipeline's tokenizer splits the same."""
    return split_glued_words
