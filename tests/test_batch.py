"""Batches through the Python API: long texts in chunks, failures that do not stop the stream,
worker processes, and the output folder's atomic files."""
from __future__ import annotations

import json
import os
import signal
from contextlib import contextmanager

import pytest
import spacy
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from spacy.language import Language

from extractor.api import Extractor, _even_ending
from extractor.batch import OutputFolder, Tally, made_from
from extractor.inputs import Document, InputError, decode_bytes, to_plain_text
from extractor.pipeline import add_extractor_components
from extractor.schema import Record

PARAGRAPH = ("Harbourline Shipping Ltd. said on Monday that it raised $40 million from Blue Fjord Capital "
             "to expand its fleet. Its chief executive, Ingrid Solberg, said the money would fund six vessels.")


@contextmanager
def max_length(nlp: Language, limit: int):
    saved = nlp.max_length
    nlp.max_length = limit
    try:
        yield
    finally:
        nlp.max_length = saved


@Language.component("extractor_test_failure")
def _fail_on_marker(doc):
    if "FAIL-HERE" in doc.text:
        raise RuntimeError("marker found")
    return doc


_TEST_PROCESS = os.getpid()


@Language.component("extractor_test_worker_kill")
def _kill_worker_on_marker(doc):
    """A worker process killed as the kernel kills one out of memory: no exception, no clean-up."""
    if "KILL-HERE" in doc.text and os.getpid() != _TEST_PROCESS:
        os.kill(os.getpid(), signal.SIGKILL)
    return doc


@pytest.fixture(scope="module")
def rules_only() -> Extractor:
    """Our components on a blank English pipeline plus two that fail on demand: no model to load."""
    nlp = add_extractor_components(spacy.blank("en"))
    nlp.add_pipe("extractor_test_failure")
    nlp.add_pipe("extractor_test_worker_kill")
    return Extractor(nlp=nlp)


def test_long_text_is_chunked_and_merged_with_exact_offsets(extractor, nlp):
    text = "\n\n".join(PARAGRAPH.replace("$40", f"${n}") for n in range(10, 40))
    whole = extractor.extract(text)
    with max_length(nlp, 600):
        assert len(text) > 600
        chunked = extractor.extract(text)
    assert [m.amount for m in chunked.money] == [n * 1e6 for n in range(10, 40)]
    assert all(text[m.start:m.end] == m.text for m in chunked.money)
    assert chunked.money == whole.money
    assert {p.name for p in chunked.people} == {p.name for p in whole.people}


def test_long_texts_keep_their_place_in_a_stream(extractor, nlp):
    long_text = "\n\n".join([PARAGRAPH] * 8)
    with max_length(nlp, 500):
        records = list(extractor.extract_many(["A short note on €3 million.", long_text, "Another $7 million."]))
    assert [r.id for r in records] == ["text-1", "text-2", "text-3"]
    assert [[(m.amount, len(m.mentions)) for m in r.money] for r in records] == [[(3e6, 1)], [(40e6, 8)], [(7e6, 1)]]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(max_size=200))
def test_any_text_gives_a_record_whose_offsets_index_it(extractor, text):
    record = extractor.extract(text)
    assert isinstance(record, Record)
    for money in record.money:
        assert text[money.start:money.end] == money.text


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.binary(max_size=300) | st.text(max_size=200).map(lambda t: t.encode("utf-8")))
def test_any_bytes_read_as_the_command_reads_them_give_offsets_into_the_text_seen(extractor, data):
    try:
        text = to_plain_text(decode_bytes(data))
    except InputError:
        return
    record = extractor.extract(text)
    for money in record.money:
        assert text[money.start:money.end] == money.text


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from(["US$5 million", "\n\n", " ", "€12", "Acme Ltd.", ".", "x", "\u00e9\u4e2d"]),
                max_size=60))
def test_chunked_offsets_index_the_text(extractor, nlp, pieces):
    text = "".join(pieces)
    with max_length(nlp, 40):
        record = extractor.extract(text)
    for money in record.money:
        assert text[money.start:money.end] == money.text


def test_a_failing_document_is_reported_and_the_stream_goes_on(rules_only):
    failed: list[tuple[str, str]] = []
    records = list(rules_only.extract_many(
        ["Paid $1 million.", "FAIL-HERE", "Paid €2 million."],
        on_error=lambda document, error: failed.append((document.id, str(error)))))
    assert [r.id for r in records] == ["text-1", "text-3"]
    assert failed == [("text-2", "marker found")]


def test_without_an_error_handler_the_error_propagates(rules_only):
    with pytest.raises(RuntimeError, match="marker found"):
        list(rules_only.extract_many(["FAIL-HERE"]))


def test_worker_processes_keep_input_order(rules_only):
    texts = [f"Item {n} costs ${n} million." for n in range(1, 41)]
    records = list(rules_only.extract_many(texts, n_process=2, batch_size=4))
    assert [r.id for r in records] == [f"text-{n}" for n in range(1, 41)]
    assert [r.money[0].amount for r in records] == [n * 1e6 for n in range(1, 41)]


def test_the_last_batches_of_a_pooled_run_go_out_in_pieces_so_workers_finish_together():
    batches = [list(range(start, start + 16)) for start in range(0, 64, 16)] + [[64, 65, 66]]
    sizes = [len(piece) for piece in _even_ending(iter(batches), n_process=2)]
    assert sizes == [16, 16, 16, 4, 4, 4, 4, 1, 1, 1]
    assert [n for piece in _even_ending(iter(batches), n_process=2) for n in piece] == list(range(67))


def test_batches_held_back_for_the_ending_still_go_out_before_the_inputs_error():
    def failing():
        yield [1, 2]
        yield [3, 4]
        raise OSError("disk gone")

    out = _even_ending(failing(), n_process=4)
    assert [next(out), next(out)] == [[1, 2], [3, 4]]
    with pytest.raises(OSError, match="disk gone"):
        next(out)


def test_a_failing_document_in_a_worker_process_is_reported_with_its_error(rules_only):
    failed: list[tuple[str, str, str]] = []
    texts = [f"Item {n} costs ${n} million." for n in range(1, 10)]
    texts[4] = "FAIL-HERE"
    records = list(rules_only.extract_many(texts, n_process=2, batch_size=2,
                                           on_error=lambda d, e: failed.append((d.id, type(e).__name__, str(e)))))
    assert [r.id for r in records] == [f"text-{n}" for n in (1, 2, 3, 4, 6, 7, 8, 9)]
    assert failed == [("text-5", "RuntimeError", "marker found")]


def test_a_killed_worker_costs_only_the_documents_that_killed_it(rules_only):
    failed: list[tuple[str, str]] = []
    texts = [f"Item {n} costs ${n} million." for n in range(1, 31)]
    for n in (3, 17, 18, 30):
        texts[n - 1] = "KILL-HERE"
    records = list(rules_only.extract_many(texts, n_process=2, batch_size=1,
                                           on_error=lambda d, e: failed.append((d.id, str(e)))))
    assert [r.id for r in records] == [f"text-{n}" for n in range(1, 31) if n not in (3, 17, 18, 30)]
    assert [r.money[0].amount for r in records] == [n * 1e6 for n in range(1, 31) if n not in (3, 17, 18, 30)]
    assert failed == [(f"text-{n}", "the worker process running it died") for n in (3, 17, 18, 30)]


def test_documents_keep_their_ids_and_sources(rules_only):
    [record] = rules_only.extract_many([Document(id="a/b", text="x", source="in/a/b.txt")])
    assert (record.id, record.source) == ("a/b", "in/a/b.txt")


# --- output folder ----------------------------------------------------------------------------------


def test_output_folder_writes_complete_json_files(tmp_path):
    folder = OutputFolder(tmp_path / "out")
    path = folder.write(Record(id="2024/launch", source="news/2024/launch.md"))
    assert path == tmp_path / "out" / "2024" / "launch.json"
    assert json.loads(path.read_text(encoding="utf-8"))["id"] == "2024/launch"
    assert sorted(p.name for p in (tmp_path / "out").rglob("*")) == ["2024", "launch.json"]


def test_output_folder_removes_partial_files_left_by_an_interrupted_run(tmp_path):
    (tmp_path / ".a.json.x1y2.partial").write_text("{", encoding="utf-8")  # an older run's name, no pid
    OutputFolder(tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_a_failed_write_leaves_no_file(tmp_path, monkeypatch):
    folder = OutputFolder(tmp_path)

    def fail(*args):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", fail)
    with pytest.raises(OSError):
        folder.write(Record(id="a"))
    assert list(tmp_path.iterdir()) == []


def test_up_to_date_means_made_from_the_same_input_and_text(tmp_path):
    origin = made_from(Document(id="a", text="x", source="in/a.txt"))
    folder = OutputFolder(tmp_path / "out")
    assert not folder.is_up_to_date("a", origin)
    output = folder.write(Record(id="a"), origin)
    assert folder.is_up_to_date("a", origin)
    later = OutputFolder(tmp_path / "out")  # the next run reads the manifest
    assert later.is_up_to_date("a", origin)
    assert not later.is_up_to_date("a", made_from(Document(id="a", text="x edited", source="in/a.txt")))
    assert not later.is_up_to_date("a", made_from(Document(id="a", text="x", source="other/a.txt")))
    output.unlink()
    assert not later.is_up_to_date("a", origin)


def test_a_name_too_long_for_the_file_system_is_cut_and_made_unique(tmp_path):
    folder = OutputFolder(tmp_path)
    long_ids = ["x" * 300, "x" * 299 + "y"]
    paths = [folder.write(Record(id=i)) for i in long_ids]
    assert len({p.name for p in paths}) == 2
    assert all(len(p.name.encode()) <= 255 - 40 for p in paths)
    assert [json.loads(p.read_text(encoding="utf-8"))["id"] for p in paths] == long_ids
    assert OutputFolder(tmp_path).path_for(long_ids[0]) == paths[0]  # the same name in every run


def test_another_live_runs_temporary_files_are_left_alone(tmp_path):
    import subprocess
    import sys

    live = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        ours = tmp_path / f".a.json.{live.pid}.x1y2.partial"
        dead = tmp_path / ".b.json.999999999.x1y2.partial"
        for path in (ours, dead):
            path.write_text("{", encoding="utf-8")
        OutputFolder(tmp_path)
        assert sorted(p.name for p in tmp_path.iterdir()) == [ours.name]
    finally:
        live.kill()
        live.wait()


def test_ids_that_make_the_same_file_name_get_distinct_files(tmp_path):
    folder = OutputFolder(tmp_path)
    paths = [folder.write(Record(id=i)) for i in ("a:b", "a_b", "a?b")]
    assert [p.name for p in paths] == ["a_b.json", "a_b~2.json", "a_b~3.json"]
    assert folder.path_for("a_b") == paths[1]


def test_tally_reads_as_a_summary():
    assert str(Tally(processed=3, failed=1, skipped=2)) == "3 processed, 1 failed, 2 skipped"
