"""Is a phrase made of ordinary English words? (Webster's 2nd word list, via the english-words package.)

The model tags capitalized noun phrases as organizations ("Placement Agents", "Manufacturing
Capability"). A multi-word candidate made only of dictionary words, with no legal suffix or
organization word and named once, is more likely a heading or a concept than a company.
"""
from __future__ import annotations

import re
from functools import lru_cache


@lru_cache(maxsize=1)
def english_words() -> frozenset[str]:
    from english_words import get_english_words_set

    # Capitalized entries of the list are proper names ("Cohen", "Ferdinand"): only common words count.
    return frozenset(w for w in get_english_words_set(["web2"], lower=False, alpha=True) if w.islower())


def is_dictionary_word(word: str) -> bool:
    words = english_words()
    word = word.casefold()
    return word in words or (word.endswith("s") and word[:-1] in words) or \
        (word.endswith("es") and word[:-2] in words) or (word.endswith("ies") and word[:-3] + "y" in words)


def is_common_phrase(name: str) -> bool:
    """'Placement Agents', 'Customer-Centric Builder' -> True; 'Coatue Partners', 'AI Labs' -> False."""
    words = [w for w in re.split(r"[\s-]+", name) if w and w not in {"&", "and", "of", "the", "for"}]
    if len(words) < 2:
        return False
    return all(w.isalpha() and not w.isupper() and is_dictionary_word(w) for w in words)
