"""Reading inputs without a model: decoding, markup to text, folders, ids, chunking, output names."""
from __future__ import annotations

import codecs
import os
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extractor.batch import output_name
from extractor.chunking import split_text
from extractor.inputs import (
    Document,
    InputError,
    InputFailure,
    UniqueIds,
    decode_bytes,
    detect_markup,
    discover,
    html_to_text,
    iter_documents,
    markdown_to_text,
    to_plain_text,
)

RELEASE = "Oakridge Foods Ltd. said on Tuesday that it will invest €12 million in a new bakery in Porto."
CHINESE = "高雄市政府今天宣布與台灣半導體公司合作，投資新台幣三十億元興建晶圓廠，預計創造兩千個就業機會。" * 3
POLISH = "Zak\u0142ad Pracy w \u0141odzi og\u0142osi\u0142 zysk 5 mln z\u0142. Sp\u00f3\u0142ka ro\u015bnie."
JAPANESE = "株式会社さくら鉄道は本日、インドの鉄道会社と提携し、百二十億円を投資すると発表しました。" * 3


@pytest.mark.parametrize("data, text", [
    (RELEASE.encode("utf-8"), RELEASE),
    (codecs.BOM_UTF8 + RELEASE.encode("utf-8"), RELEASE),
    (codecs.BOM_UTF16_LE + RELEASE.encode("utf-16-le"), RELEASE),
    (codecs.BOM_UTF16_BE + RELEASE.encode("utf-16-be"), RELEASE),
    (RELEASE.encode("cp1252"), RELEASE),
    (CHINESE.encode("big5"), CHINESE),
    (JAPANESE.encode("shift_jis"), JAPANESE),
    (POLISH.encode("cp1250"), POLISH),
    ("\u041a\u043e\u043c\u043f\u0430\u043d\u0438\u044f \u043e\u0431\u044a\u044f\u0432\u0438\u043b\u0430 \u043e \u043f\u0440\u0438\u0431\u044b\u043b\u0438.".encode("cp1251"),
     "\u041a\u043e\u043c\u043f\u0430\u043d\u0438\u044f \u043e\u0431\u044a\u044f\u0432\u0438\u043b\u0430 \u043e \u043f\u0440\u0438\u0431\u044b\u043b\u0438."),
    (b"", ""),
], ids=["utf-8", "utf-8-bom", "utf-16-le-bom", "utf-16-be-bom", "cp1252", "big5", "shift-jis", "cp1250", "cp1251",
        "empty"])
def test_decode_bytes_reads_common_encodings(data, text):
    assert decode_bytes(data) == text


@pytest.mark.parametrize("data, reason", [
    (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "PDF document"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "PNG image"),
    (b"\xff\xd8\xff\xe0\x00\x10JFIF", "JPEG image"),
    (b"PK\x03\x04\x14\x00\x06\x00", "ZIP archive"),
    (b"some text\x00\x01\x02 with NUL bytes", "NUL bytes"),
])
def test_decode_bytes_refuses_binary_files(data, reason):
    with pytest.raises(InputError, match=reason):
        decode_bytes(data)


def test_forced_encoding_wins_and_reports_where_it_fails():
    assert decode_bytes("Caf\u00e9 \u20ac5".encode("cp1252"), "cp1252") == "Caf\u00e9 \u20ac5"
    with pytest.raises(InputError, match=r"cannot decode as utf-8: byte 0xe9 at offset 3"):
        decode_bytes("Caf\u00e9".encode("latin-1"), "utf-8")


@pytest.mark.parametrize("html, expected", [
    ("<p>Acme <b>Robotics</b> Inc. raised <a href='x'>$5 million</a>.</p>",
     "Acme Robotics Inc. raised $5 million."),
    ("<h1>Big News</h1><p>First paragraph.</p><p>Second\nparagraph.</p>",
     "Big News\n\nFirst paragraph.\n\nSecond paragraph."),
    ("<div>line one<br>line two</div>", "line one\nline two"),
    ("<ul><li>alpha</li><li>beta</li></ul>", "alpha\nbeta"),
    ("<table><tr><td>Revenue</td><td>$3 million</td></tr></table>", "Revenue | $3 million"),
    ("<html><head><title>T</title><style>p {}</style></head><body><script>var x = 1;</script>"
     "<p>Only this &amp; that.</p></body></html>", "Only this & that."),
    # Site navigation, sidebars and forms are not the release; the page's one <article> is.
    ("<body><nav><a href='/'>Home</a></nav><article><h1>Acme Wins</h1><p>Acme won.</p></article>"
     "<aside>Related news</aside><footer>Copyright</footer></body>", "Acme Wins\n\nAcme won."),
    ("<body><header>Site</header><main><p>Main text.</p></main><form>Subscribe</form></body>",
     "Main text."),
])
def test_html_to_text_keeps_sentences_and_paragraphs(html, expected):
    assert html_to_text(html) == expected


@pytest.mark.parametrize("markdown, expected", [
    ("LONDON \u2013 [Example Wire](https://wire.example/) \u2013 Acme Ltd. said.",
     "LONDON \u2013 Example Wire \u2013 Acme Ltd. said."),
    ("Some **bold**, *emphasised* and _underlined_ words.", "Some bold, emphasised and underlined words."),
    ("# Acme Wins Award\n\nBody text.", "Acme Wins Award\n\nBody text."),
    ("Keep snake_case_names and 2 * 3 as they are.", "Keep snake_case_names and 2 * 3 as they are."),
    ("* first point\n* second point", "* first point\n* second point"),
    ("![logo](https://x.example/logo.png)\n\nText.", "logo\n\nText."),
    ("About [Acme](https://acme.example)Acme is a maker. More at[acme.example](https://acme.example).",
     "About Acme Acme is a maker. More at acme.example."),
    ("[Acme](https://acme.example)'s plant and [Beta](https://beta.example).", "Acme's plant and Beta."),
])
def test_markdown_to_text_reads_links_and_emphasis_as_words(markdown, expected):
    assert markdown_to_text(markdown) == expected


@pytest.mark.parametrize("text, name, markup", [
    ("<!DOCTYPE html><html><body>x</body></html>", None, "html"),
    ("  <p>Hello</p>", None, "html"),
    ("plain <b> words", None, "text"),
    ("See [our site](https://acme.example).", None, "markdown"),
    ("## Heading\n\ntext", None, "markdown"),
    ("A plain release about 5 * 3 things.", None, "text"),
    ("plain", "release.md", "markdown"),
    ("plain", "release.HTM", "html"),
])
def test_detect_markup(text, name, markup):
    assert detect_markup(text, name) == markup


def test_title_line_survives_markdown_reduction():
    from extractor.record import find_title

    assert find_title(to_plain_text("# **Acme** Opens [Lab](https://a.example)\n\nBody.", name="a.md")) == "Acme Opens Lab"


def test_newlines_are_normalised():
    assert to_plain_text("a\r\nb\rc", "text") == "a\nb\nc"


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=400))
def test_any_bytes_decode_to_text_or_raise_input_error(data):
    try:
        text = decode_bytes(data)
    except InputError:
        return
    assert isinstance(text, str)
    assert isinstance(to_plain_text(text), str)


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=300), st.sampled_from(["auto", "text", "markdown", "html"]))
def test_any_text_reduces_to_text(text, markup):
    assert isinstance(to_plain_text(text, markup), str)


# --- folders and ids --------------------------------------------------------------------------------


def _tree(root, files: dict[str, bytes | str]) -> None:
    for relative, content in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, str):
            path.write_text(content, encoding="utf-8")
        else:
            path.write_bytes(content)


def test_folders_are_walked_in_sorted_order_skipping_hidden_and_unknown_files(tmp_path):
    _tree(tmp_path, {"b.txt": "b", "a.md": "a", "sub/c.html": "<p>c</p>", ".hidden.txt": "h",
                     ".git/d.txt": "d", "image.png": b"\x89PNG\r\n\x1a\n", "notes.rst": "r"})
    sources, failures = discover([str(tmp_path)])
    assert [s.id for s in sources] == ["a", "b", "c"]
    assert failures == []


@pytest.mark.parametrize("patterns, ids", [
    (("*.txt",), ["b"]),
    (("*.txt", "*.rst"), ["b", "notes"]),
    (("sub/*",), ["c"]),
])
def test_glob_chooses_files(tmp_path, patterns, ids):
    _tree(tmp_path, {"b.txt": "b", "a.md": "a", "sub/c.html": "c", "notes.rst": "r"})
    assert [s.id for s in discover([str(tmp_path)], patterns)[0]] == ids


def test_same_stems_get_ids_from_their_paths_below_the_folder(tmp_path):
    _tree(tmp_path, {"2024/launch.md": "x", "2025/launch.md": "y", "2025/launch.txt": "z", "other.md": "o"})
    sources, _ = discover([str(tmp_path)])
    assert [s.id for s in sources] == ["2024/launch", "2025/launch.md", "2025/launch.txt", "other"]
    assert [s.id for s in discover([str(tmp_path)])[0]] == [s.id for s in sources]  # stable


def test_same_paths_in_two_folders_get_the_folder_name(tmp_path):
    _tree(tmp_path, {"wire/launch.md": "x", "site/launch.md": "y"})
    sources, _ = discover([str(tmp_path / "wire"), str(tmp_path / "site")])
    assert [s.id for s in sources] == ["wire/launch", "site/launch"]


def test_a_file_named_twice_is_read_once(tmp_path):
    _tree(tmp_path, {"a.txt": "a"})
    sources, _ = discover([str(tmp_path / "a.txt"), str(tmp_path)])
    assert [s.id for s in sources] == ["a"]


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symbolic links")
def test_symlink_loops_end_and_broken_links_are_reported(tmp_path):
    _tree(tmp_path, {"news/a.txt": "a"})
    (tmp_path / "news" / "loop").symlink_to(tmp_path / "news", target_is_directory=True)
    (tmp_path / "news" / "gone.txt").symlink_to(tmp_path / "nowhere.txt")
    sources, failures = discover([str(tmp_path / "news")])
    assert [s.id for s in sources] == ["a"]
    assert [f.reason for f in failures] == ["broken symbolic link"]


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symbolic links")
def test_a_bad_link_says_the_same_named_or_found_in_a_folder(tmp_path):
    _tree(tmp_path, {"news/a.txt": "a"})
    (tmp_path / "news" / "gone.txt").symlink_to(tmp_path / "nowhere.txt")
    (tmp_path / "news" / "loop1.txt").symlink_to(tmp_path / "news" / "loop2.txt")
    (tmp_path / "news" / "loop2.txt").symlink_to(tmp_path / "news" / "loop1.txt")
    expected = {"gone.txt": "broken symbolic link", "loop1.txt": "symbolic link loop",
                "loop2.txt": "symbolic link loop"}
    in_folder = [i for i in iter_documents([str(tmp_path / "news")]) if isinstance(i, InputFailure)]
    named = [i for name in sorted(expected) for i in iter_documents([str(tmp_path / "news" / name)])]
    for failures in (in_folder, named):
        assert {os.path.basename(f.source): f.reason for f in failures} == expected


@pytest.mark.skipif(sys.platform == "win32" or os.geteuid() == 0, reason="needs POSIX permissions, not root")
def test_unreadable_file_is_a_failure_not_a_crash(tmp_path):
    _tree(tmp_path, {"ok.txt": RELEASE, "locked.txt": "secret"})
    (tmp_path / "locked.txt").chmod(0)
    items = list(iter_documents([str(tmp_path)]))
    assert [str(i) for i in items if isinstance(i, InputFailure)] == [f"{tmp_path / 'locked.txt'}: permission denied"]
    assert [i.id for i in items if isinstance(i, Document)] == ["ok"]


def test_jsonl_rows_keep_ids_unique_across_the_batch(tmp_path):
    _tree(tmp_path, {"a.jsonl": '{"id": "x", "text": "one"}\n{"id": "x", "text": "two"}\nnot json\n',
                     "x.txt": "three"})
    items = list(iter_documents([str(tmp_path)]))
    assert [i.id if isinstance(i, Document) else str(i) for i in items] == [
        "x~2", "x~3", f"{tmp_path / 'a.jsonl'}:3: invalid JSON (Expecting value)", "x"]


def test_unique_ids():
    ids = UniqueIds(["a"])
    assert [ids.claim(Document(id=i, text="")).id for i in ["a", "b", "a", "b"]] == ["a~2", "b", "a~3", "b~2"]


# --- chunking and output names ----------------------------------------------------------------------


@pytest.mark.parametrize("text, limit, chunks", [
    ("one two.\n\nthree four.\n\nfive", 16, ["one two.\n\n", "three four.\n\n", "five"]),
    ("First sentence. Second sentence here.", 24, ["First sentence. ", "Second sentence here."]),
    ("abcdefghij", 4, ["abcd", "efgh", "ij"]),
    ("short", 100, ["short"]),
    ("", 10, [""]),
])
def test_split_text_cuts_at_paragraphs_and_keeps_every_character(text, limit, chunks):
    assert split_text(text, limit) == chunks


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from("ab .\n"), max_size=300), st.integers(1, 40))
def test_split_text_is_lossless_and_bounded(text, limit):
    chunks = split_text(text, limit)
    assert "".join(chunks) == text
    assert all(len(c) <= limit for c in chunks)


@pytest.mark.parametrize("record_id, name", [
    ("d01-release", "d01-release.json"),
    ("2024/launch", "2024/launch.json"),
    ("../../etc/passwd", "etc/passwd.json"),
    ("/abs/path", "abs/path.json"),
    (".hidden", "hidden.json"),
    ("a:b*c?", "a_b_c_.json"),
    ("..", "record.json"),
])
def test_output_name_stays_inside_the_folder(record_id, name):
    assert output_name(record_id) == name


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_a_named_pipe_in_a_folder_is_reported_not_read(tmp_path):
    _tree(tmp_path, {"a.txt": "a"})
    os.mkfifo(tmp_path / "b.txt")
    sources, failures = discover([str(tmp_path)])
    assert [s.id for s in sources] == ["a"]
    assert [str(f) for f in failures] == [f"{tmp_path / 'b.txt'}: not a regular file"]
