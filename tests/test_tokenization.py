"""Glued contact lines split into words by the tokenizer, the text unchanged."""
from __future__ import annotations

import pytest
import spacy

from extractor.tokenization import split_glued_words


@pytest.fixture(scope="module")
def tokenizer():
    return split_glued_words(split_glued_words(spacy.blank("en"))).tokenizer  # twice: the same as once


@pytest.mark.parametrize("text, tokens", [
    ("Sylvia WimmerDirector", ["Sylvia", "Wimmer", "Director"]),
    ("Levi LeddyEmail: x@y.com", ["Levi", "Leddy", "Email", ":", "x@y.com"]),
    ("Group, LLCLisa Gray", ["Group", ",", "LLC", "Lisa", "Gray"]),
    ("MC Services AGKatja Arnold", ["MC", "Services", "AG", "Katja", "Arnold"]),
    ("ContactJane Doe", ["Contact", "Jane", "Doe"]),
    # names that are written this way stay whole
    ("iPhone McDonald KeyCrew YouTube MAGNet", ["iPhone", "McDonald", "KeyCrew", "YouTube", "MAGNet"]),
])
def test_glued_words_split(tokenizer, text, tokens):
    doc = tokenizer(text)
    assert [t.text for t in doc] == tokens
    assert doc.text == text


def test_the_shipped_pipeline_splits_them(nlp):
    assert [t.text for t in nlp.make_doc("J. BagleyChief")] == ["J.", "Bagley", "Chief"]
