"""What our components read from a Doc once (text, sentences), and the lexicon patterns: same answers
as spaCy's and as a flat alternation, read cheaply."""
import re
import unicodedata

from hypothesis import example, given, settings
from hypothesis import strategies as st

from extractor.components.extensions import doc_text, remember_text, sentence_range
from extractor.names import _alternation, fold, whole_word_starts

TEXT = ("Acme Corp. said on Monday it raised $5 million.\n\nJane Doe, its CEO, said: \"We grow.\" "
        "The round closed today.\n")


def test_doc_text_is_the_docs_text(extractor):
    doc = extractor.nlp.make_doc(TEXT)
    assert doc_text(doc) == doc.text == TEXT


def test_remembered_text_is_used_only_when_it_fits_the_doc(extractor):
    doc = extractor.nlp.make_doc(TEXT)
    remember_text(doc, TEXT + "more")  # not this Doc's text: ignored
    assert doc_text(doc) == TEXT


def test_sentence_range_agrees_with_span_sent(extractor):
    doc = extractor.nlp(TEXT)
    for token in doc:
        sent = token.sent
        assert sentence_range(doc, token.idx) == (sent.start_char, sent.end_char)


def test_no_sentence_boundaries_gives_none(extractor):
    assert sentence_range(extractor.nlp.make_doc(TEXT), 3) is None


_WORDS = st.sampled_from(["Chief", "Chief Executive", "Chief Executive Officer", "Co.", "Co", "Ltd.",
                          "O'Neil", "Vice President", "Vice", "Head of Sales", "Head"])


@settings(max_examples=200, deadline=None)
@given(st.sets(_WORDS, min_size=1), st.lists(_WORDS, max_size=4))
def test_trie_alternation_matches_as_the_longest_first_list_did(phrases, words):
    flat = "|".join(re.escape(p).replace(r"\ ", r"[ \t]+").replace("'", "['’]").replace(r"\.", r"\.?")
                    for p in sorted(phrases, key=len, reverse=True))
    text = " ".join(words) + " Officer."
    for start in range(len(text)):
        expected = re.compile(flat).match(text, start)
        found = re.compile(_alternation(phrases)).match(text, start)
        assert (found and found.group()) == (expected and expected.group()), (phrases, text, start)


_PIECES = st.sampled_from(["Acme", "acme", "Acme-Beta", "&", "-", " ", "_", "é", "Ä", "1", ".", "\n", "ACME"])


@settings(max_examples=300, deadline=None)
@given(st.lists(_PIECES, max_size=12).map("".join), st.lists(_PIECES, min_size=1, max_size=3).map("".join),
       st.sampled_from(["", "-", "&-"]))
def test_whole_word_starts_finds_what_the_boundary_regex_finds(text, word, joiners):
    chars = re.escape(joiners)
    pattern = rf"(?<![\w{chars}]){re.escape(word)}(?![\w{chars}])"
    assert whole_word_starts(text, word, joiners) == [m.start() for m in re.finditer(pattern, text)]


@settings(max_examples=500, deadline=None)
@given(st.text(max_size=30))
@example("Société Générale").via("accents")
@example("STRAßE İstanbul ǰ ﬁ Ω e\u0301").via("decompositions and case folds")
def test_folding_by_character_agrees_with_folding_the_whole_decomposed_text(text):
    decomposed = unicodedata.normalize("NFKD", text)
    assert fold(text) == "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
