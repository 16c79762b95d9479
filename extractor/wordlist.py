"""Is a phrase made of ordinary English words? (Webster's 2nd word list, via the english-words package.)

A candidate person made only of common words, one a plural or an adverb ("Temporary Tattoos"), reads
as a phrase, not a name; an ordinary word named only in a role's slot is a portfolio, not a firm.
"""
from __future__ import annotations

from functools import lru_cache


@lru_cache(maxsize=1)
def _web2() -> frozenset[str]:
    """The word list, or nothing when the english-words package is not installed (the checks then
    never fire: fewer candidates are dropped, none wrongly)."""
    try:
        from english_words import get_english_words_set
    except ImportError:
        return frozenset()
    return frozenset(get_english_words_set(["web2"], lower=False, alpha=True))


@lru_cache(maxsize=1)
def english_words() -> frozenset[str]:
    # Capitalized entries of the list are proper names ("Cohen", "Ferdinand"): only common words count.
    return frozenset(w for w in _web2() if w.islower())


@lru_cache(maxsize=1)
def proper_names() -> frozenset[str]:
    """Capitalized entries of the list: given names among them ("Bill", "Mark", "Kelly")."""
    return frozenset(w for w in _web2() if w[:1].isupper())


def reads_as_phrase_not_name(name: str) -> bool:
    """'Temporary Tattoos', 'Marks Milestone', 'Exclusive Privately' -> True; 'Bill Gates', 'Amber Lee' -> False.

    Every word is a common word, one is a plural or an adverb (names rarely are), and the first is
    not a given name the word list knows.
    """
    words = name.split()
    if len(words) < 2 or words[0] in proper_names():
        return False
    if not all(w.isalpha() and is_dictionary_word(w) for w in words):
        return False
    return any(w.endswith("ly") or (w.endswith("s") and not w.endswith("ss")) for w in words)


def is_ordinary_words(phrase: str) -> bool:
    """'Leasing', 'Gospel Recording Artist': every word a common English word, so the phrase names nothing."""
    return all(map(is_dictionary_word, phrase.split()))


def is_dictionary_word(word: str) -> bool:
    """The word or its stem (plural, -ing) is a common English word."""
    words = english_words()
    word = word.casefold()
    stems = [word]
    if word.endswith("s"):
        stems += [word[:-1], word[:-2], word[:-3] + "y"]
    if word.endswith("ing"):
        stems += [word[:-3], word[:-3] + "e"]
    return any(stem in words for stem in stems)
