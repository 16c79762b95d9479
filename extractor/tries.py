"""Regex alternations written as tries.

Python's `re` tries the alternatives of `a|b|c` one after another at every position it scans; a
trie ('c(?:ent(?:s)?|rore)') tests each character once. For the word lists our patterns hold (currency
names and symbols, number words, kinds of company) that makes a whole-text scan several times faster,
with the same matches.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Iterable


def trie_pattern(strings: Iterable[str], piece: Callable[[str], str] = re.escape,
                 ending: Callable[[str], str] = lambda string: "") -> str:
    """An alternation of `strings`, the longer ones on a path tried first. `piece(ch)` is the regex of one
    character; `ending(s)` is what must follow `s` itself (a lookahead, say)."""
    trie: dict = {}
    for string in strings:
        node = trie
        for ch in string:
            node = node.setdefault(ch, {})
        node[""] = ending(string)

    def render(node: dict) -> str:
        branches = [piece(ch) + render(child) for ch, child in sorted(node.items()) if ch]
        end = node.get("")
        if not branches:
            return end or ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if end is None:
            return body
        return f"(?:{body}|{end})" if end else f"(?:{body})?"

    return render(trie)
