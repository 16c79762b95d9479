"""`--db`: records in a SQLite database, checked with real SQL against the JSON Lines of the same run.

Every record in and nothing twice; one organization or person across releases is one row; a re-run
writes nothing; a changed file replaces its rows; a run killed with SIGKILL leaves a database that opens
and passes SQLite's own checks.
"""
from __future__ import annotations

import hashlib
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from contextlib import closing
from pathlib import Path

import pytest
from typer.testing import CliRunner

from extractor.batch import Batch, made_from
from extractor.cli import app
from extractor.database import Database
from extractor.identity import organization_key, person_key
from extractor.inputs import Document, discover
from extractor.schema import Record
from tests.conftest import SAMPLE_RELEASES, SAMPLES
from tests.processes import kill_group

runner = CliRunner()
COMMAND = Path(sys.executable).parent / "extractor"
pytestmark = pytest.mark.usefixtures("extractor")  # in-process runs reuse the session model


def _rows(path: Path, query: str, *parameters) -> list[tuple]:
    with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as connection:
        return connection.execute(query, parameters).fetchall()


def _count(path: Path, table: str) -> int:
    return _rows(path, f"SELECT count(*) FROM {table}")[0][0]


def _file_hash(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _run(*arguments: str, input: bytes | None = None):
    return runner.invoke(app, ["extract", *arguments], input=input)


@pytest.fixture(scope="module")
def samples_db(tmp_path_factory) -> tuple[Path, list[dict]]:
    """The samples into a database, with the same run's JSON Lines on stdout."""
    path = tmp_path_factory.mktemp("db") / "releases.db"
    done = _run(str(SAMPLES), "--db", str(path), "--format", "jsonl")
    assert done.exit_code == 0, done.output
    assert done.stderr.splitlines() == [f"extractor: {len(SAMPLE_RELEASES)} processed, 0 failed, 0 skipped"]
    return path, [json.loads(line) for line in done.stdout.splitlines()]


def test_every_record_of_the_run_is_one_document_with_its_rows(samples_db):
    path, records = samples_db
    assert [r["id"] for r in records] == [p.stem for p in SAMPLE_RELEASES]
    plain = _run(str(SAMPLES), "--format", "jsonl")
    assert [json.loads(line) for line in plain.stdout.splitlines()] == records  # --db adds nothing to stdout
    assert _rows(path, "SELECT record_id, source, title, dateline_date FROM documents ORDER BY id") == [
        (r["id"], os.path.realpath(r["source"]), r["title"], r["dateline"]["date"]) for r in records]
    assert _rows(path, "SELECT count(*), count(DISTINCT content_sha256) FROM documents") == [(9, 9)]
    for text, digest in _rows(path, "SELECT text, content_sha256 FROM documents"):
        assert hashlib.sha256(text.encode("utf-8")).hexdigest() == digest
    assert _rows(path, "SELECT text FROM documents WHERE record_id = 'orbital-fintech-award'") == [
        ((SAMPLES / "orbital-fintech-award.txt").read_text(encoding="utf-8"),)]  # plain text is kept as written

    money = Counter((r["id"], m["text"], m["amount"], m["currency"], len(m["mentions"]))
                    for r in records for m in r["money"])
    assert Counter(_rows(path, "SELECT d.record_id, m.text, m.amount, m.currency, m.mentions FROM money m"
                               " JOIN documents d ON d.id = m.document_id")) == money
    sectors = Counter((r["id"], s["sector"], s["industry"], int(s["primary"])) for r in records for s in r["sectors"])
    assert Counter(_rows(path, "SELECT d.record_id, s.sector, s.industry, s.is_primary FROM sectors s"
                               " JOIN documents d ON d.id = s.document_id")) == sectors


def test_organizations_and_people_are_one_row_per_key_with_a_link_per_document(samples_db):
    path, records = samples_db
    organizations = {(r["id"], organization_key(o["name"])) for r in records for o in r["organizations"]}
    people = {(r["id"], person_key(p["name"])) for r in records for p in r["people"]}
    assert set(_rows(path, "SELECT d.record_id, o.key FROM document_organizations l JOIN documents d"
                           " ON d.id = l.document_id JOIN organizations o ON o.id = l.organization_id")) == organizations
    assert _count(path, "document_organizations") == len(organizations)
    assert {key for (key,) in _rows(path, "SELECT key FROM organizations")} == {key for _, key in organizations}
    assert set(_rows(path, "SELECT d.record_id, p.key FROM document_people l JOIN documents d"
                           " ON d.id = l.document_id JOIN people p ON p.id = l.person_id")) == people
    assert _count(path, "document_people") == len(people)
    assert _count(path, "people") == len({key for _, key in people})
    appointed = {(r["id"], p["name"], p["title"], p["organization"]) for r in records for p in r["people"]}
    assert set(_rows(path, "SELECT d.record_id, l.name, l.title, l.organization FROM document_people l"
                           " JOIN documents d ON d.id = l.document_id")) == appointed
    assert _rows(path, "PRAGMA foreign_key_check") == []


def test_full_text_search_over_texts_and_names(samples_db):
    path, records = samples_db
    with_lithium = {r["id"] for r, (text,) in zip(records, _rows(path, "SELECT text FROM documents ORDER BY id"))
                    if "lithium" in text.lower()}
    assert with_lithium == {"nordvale-acquisition"}
    assert {i for (i,) in _rows(path, "SELECT d.record_id FROM documents_fts f JOIN documents d ON d.id = f.rowid"
                                      " WHERE documents_fts MATCH 'lithium'")} == with_lithium
    assert sorted(n for (n,) in _rows(path, "SELECT o.name FROM organizations_fts f JOIN organizations o"
                                            " ON o.id = f.rowid WHERE organizations_fts MATCH 'capital'")) == [
        "Lion Rock Capital", "Northgate Capital"]
    assert _rows(path, "SELECT name FROM people_fts WHERE people_fts MATCH 'priya'") == [("Priya Raghavan",)]
    # How Datasette finds the index of a table, to offer its search box (datasette.utils.detect_fts_sql).
    assert [_rows(path, "SELECT name FROM sqlite_master WHERE rootpage = 0 AND sql LIKE ?",
                  f'%VIRTUAL TABLE%USING FTS%content="{table}"%') for table in ("documents", "organizations", "people")
            ] == [[("documents_fts",)], [("organizations_fts",)], [("people_fts",)]]


def test_a_rerun_writes_nothing_and_skips_every_input(samples_db, extractor):
    path, _ = samples_db
    before = _file_hash(path)
    again = _run(str(SAMPLES), "--db", str(path))
    assert (again.exit_code, again.stdout) == (0, "")
    assert again.stderr.splitlines() == ["extractor: 0 processed, 0 failed, 9 skipped"]
    assert _file_hash(path) == before
    # Through the API: the connection itself changed no row.
    from extractor.database import model_label

    with Database(path, model=model_label(extractor.nlp)) as database:
        sources, failures = discover([str(SAMPLES)], ())
        batch = Batch(sources, failures, database=database)
        assert list(batch.records(extractor)) == []
        assert (database.total_changes, str(batch.tally)) == (0, "0 processed, 0 failed, 9 skipped")
    assert _file_hash(path) == before


def _texts(folder: Path, texts: dict[str, str]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in texts.items():
        (folder / name).write_text(text, encoding="utf-8")


def test_a_changed_file_replaces_its_rows_and_leaves_the_others(tmp_path):
    folder, path = tmp_path / "in", tmp_path / "x.db"
    _texts(folder, {"a.txt": "Kestrel Lithium Ltd. raised $5 million from investors.",
                    "b.txt": "Orbital Pay Limited raised ¥300 million from investors."})
    assert _run(str(folder), "--db", str(path), "-q").exit_code == 0
    b_before = _rows(path, "SELECT * FROM documents WHERE record_id = 'b'")
    a_id = _rows(path, "SELECT id FROM documents WHERE record_id = 'a'")[0][0]

    _texts(folder, {"a.txt": "Verdant AgriTech B.V. raised €7 million from investors."})
    done = _run(str(folder), "--db", str(path), "--format", "jsonl")
    assert done.stderr.splitlines() == ["extractor: 1 processed, 0 failed, 1 skipped"]
    (record,) = [json.loads(line) for line in done.stdout.splitlines()]
    assert _rows(path, "SELECT d.id, m.amount, m.currency FROM money m JOIN documents d ON d.id = m.document_id"
                       " ORDER BY d.record_id") == [(a_id, 7e6, "EUR"), (b_before[0][0], 3e8, "JPY")]
    assert _rows(path, "SELECT * FROM documents WHERE record_id = 'b'") == b_before
    names = {o["name"] for o in record["organizations"]}
    assert "Verdant AgriTech B.V." in names
    assert {n for (n,) in _rows(path, "SELECT name FROM organizations")} == names | {
        n for (n,) in _rows(path, "SELECT l.name FROM document_organizations l JOIN documents d"
                                  " ON d.id = l.document_id WHERE d.record_id = 'b'")}
    assert _rows(path, "SELECT count(*) FROM organizations WHERE key = 'kestrel lithium'") == [(0,)]
    assert _rows(path, "SELECT count(*) FROM documents_fts WHERE documents_fts MATCH 'kestrel'") == [(0,)]
    assert _rows(path, "SELECT count(*) FROM documents_fts WHERE documents_fts MATCH 'verdant'") == [(1,)]


def _record(id: str, organizations: list[tuple[str, int]], people=()) -> Record:
    return Record.model_validate({"id": id, "organizations": [{"name": n, "mentions": m} for n, m in organizations],
                                  "people": [{"name": n, "title": t, "organization": o} for n, t, o in people]})


def test_one_organization_across_releases_is_one_row_named_as_most_releases_name_it(tmp_path):
    def store(database, id, organizations, people=()):
        text = f"release {id}"
        origin = made_from(Document(id=id, text=text, source=f"/releases/{id}.txt"))
        return database.upsert(_record(id, organizations, people), origin, text)

    with Database(tmp_path / "x.db", model="test") as database:
        assert store(database, "one", [("Acme Corp.", 3), ("ACME Corporation", 1)],
                     [("Jane Doe", "Chief Executive Officer", "Acme Corp.")])
        assert store(database, "two", [("ACME Corporation", 2)], [("JANE DOE", None, None)])
        assert store(database, "three", [("ACME Corporation", 1), ("Beta GmbH", 1)])
        assert not store(database, "three", [("ACME Corporation", 1), ("Beta GmbH", 1)])  # same text: no write
    path = tmp_path / "x.db"
    assert _rows(path, "SELECT key, name FROM organizations ORDER BY id") == [
        ("acme", "ACME Corporation"), ("beta", "Beta GmbH")]
    assert _rows(path, "SELECT d.record_id, l.name, l.mentions FROM document_organizations l JOIN documents d"
                       " ON d.id = l.document_id ORDER BY d.id, l.organization_id") == [
        ("one", "ACME Corporation", 4), ("two", "ACME Corporation", 2), ("three", "ACME Corporation", 1),
        ("three", "Beta GmbH", 1)]
    assert _rows(path, "SELECT p.name, d.record_id, l.title, o.name FROM document_people l"
                       " JOIN people p ON p.id = l.person_id JOIN documents d ON d.id = l.document_id"
                       " LEFT JOIN organizations o ON o.id = l.organization_id ORDER BY d.id") == [
        ("JANE DOE", "one", "Chief Executive Officer", "ACME Corporation"), ("JANE DOE", "two", None, None)]


def test_a_file_that_is_not_our_database_is_one_line_and_exit_2(tmp_path, extractor):
    text = tmp_path / "notes.db"
    text.write_text("not a database", encoding="utf-8")
    done = _run(str(SAMPLES / "meridian-appointment.md"), "--db", str(text))
    assert (done.exit_code, done.stderr) == (2, f"extractor: {text}: not a usable database (file is not a database)\n")
    other = tmp_path / "other.db"
    with sqlite3.connect(other) as connection:
        connection.execute("CREATE TABLE t (x)")
    done = _run(str(SAMPLES / "meridian-appointment.md"), "--db", str(other))
    assert (done.exit_code, done.stderr) == (
        2, f"extractor: {other}: a SQLite database with other tables, not one this tool made\n")
    done = _run(str(SAMPLES), "--db", str(tmp_path / "y.db"), "--output-dir", str(tmp_path / "out"))
    assert (done.exit_code, done.stderr) == (2, "extractor: --db and --output-dir: choose one\n")


# --- the installed command killed mid-batch -------------------------------------------------------------


@pytest.fixture(scope="module")
def small_releases(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("small")
    _texts(folder, {f"release-{n:03}.txt": f"Company {n} Holdings Ltd. said it raised ${n} million from investors."
                    for n in range(1, 201)})
    return folder


def _stored(path: Path) -> int:
    try:
        return _count(path, "documents")
    except sqlite3.Error:  # not created yet
        return 0


def _assert_consistent(path: Path) -> None:
    assert _rows(path, "PRAGMA integrity_check") == [("ok",)]
    assert _rows(path, "PRAGMA foreign_key_check") == []
    with closing(sqlite3.connect(path)) as connection:  # FTS5's own check that the index matches its table
        for table in ("documents", "organizations", "people"):
            connection.execute(f"INSERT INTO {table}_fts({table}_fts) VALUES ('integrity-check')")
    # Each document is whole: its money row came in the same transaction.
    assert _rows(path, "SELECT count(*) FROM documents WHERE id NOT IN (SELECT document_id FROM money)") == [(0,)]
    assert _rows(path, "SELECT count(*) FROM money") == _rows(path, "SELECT count(*) FROM documents")


@pytest.mark.skipif(os.name != "posix", reason="POSIX signals")
def test_a_run_killed_mid_batch_leaves_a_whole_database_and_the_next_run_completes_it(
        tmp_path, blank_model, small_releases):
    path = tmp_path / "releases.db"
    stored = []
    for attempt, workers in enumerate(["1", "2", "1", "2"]):
        process = subprocess.Popen([str(COMMAND), "extract", str(small_releases), "--db", str(path), "-q",
                                    "--model", str(blank_model), "--batch-size", "1", "--workers", workers],
                                   stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)
        try:
            deadline = time.monotonic() + 120
            target = (attempt + 1) * 20
            while _stored(path) < target and process.poll() is None and time.monotonic() < deadline:
                time.sleep(0.005)
            assert process.poll() is None, process.stderr.read()  # still writing when killed
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)
        finally:
            kill_group(process)
        _assert_consistent(path)
        stored.append(_stored(path))
    assert stored == sorted(stored) and 0 < stored[-1] < 200
    before = {i for (i,) in _rows(path, "SELECT record_id FROM documents")}

    done = subprocess.run([str(COMMAND), "extract", str(small_releases), "--db", str(path), "--format", "jsonl",
                           "--model", str(blank_model), "--workers", "2"], capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 0, done.stderr
    printed = [json.loads(line)["id"] for line in done.stdout.splitlines()]
    assert done.stderr.splitlines() == [f"extractor: {len(printed)} processed, 0 failed, {stored[-1]} skipped"]
    _assert_consistent(path)
    assert sorted(i for (i,) in _rows(path, "SELECT record_id FROM documents")) == [
        f"release-{n:03}" for n in range(1, 201)]
    assert set(printed) == {f"release-{n:03}" for n in range(1, 201)} - before
    assert sorted(_rows(path, "SELECT amount, currency FROM money")) == [(n * 1e6, "USD") for n in range(1, 201)]


def test_names_that_differ_only_in_bytes_that_are_not_utf8_are_two_documents(tmp_path):
    folder, path = tmp_path / "in", tmp_path / "x.db"
    folder.mkdir()
    (folder / os.fsdecode(b"r\xe9.txt")).write_text("Kestrel Lithium Ltd. raised $5 million.", encoding="utf-8")
    (folder / os.fsdecode(b"r\xe8.txt")).write_text("Orbital Pay Limited raised $9 million.", encoding="utf-8")
    first = _run(str(folder), "--db", str(path))
    assert (first.exit_code, first.stderr) == (0, "extractor: 2 processed, 0 failed, 0 skipped\n")
    assert sorted(_rows(path, "SELECT source, amount FROM documents d JOIN money m ON m.document_id = d.id")) == [
        (f"{folder.resolve()}/r\\xe8.txt", 9e6), (f"{folder.resolve()}/r\\xe9.txt", 5e6)]
    again = _run(str(folder), "--db", str(path))
    assert (again.exit_code, again.stderr) == (0, "extractor: 0 processed, 0 failed, 2 skipped\n")


def test_each_text_piped_on_stdin_is_a_document_of_its_own(tmp_path):
    path = tmp_path / "x.db"
    for text in ("Kestrel Lithium Ltd. raised $5 million.", "Orbital Pay Limited raised $9 million."):
        assert _run("-", "--db", str(path), input=text.encode()).exit_code == 0
    assert _run("-", "--db", str(path), input=b"Orbital Pay Limited raised $9 million.").exit_code == 0
    assert sorted(_rows(path, "SELECT record_id, amount FROM documents d JOIN money m ON m.document_id = d.id")) == [
        ("stdin", 5e6), ("stdin", 9e6)]
    assert _count(path, "documents") == 2


def _open_when_released(path: str, start, answers) -> None:
    from extractor.database import DatabaseError

    start.wait()
    try:
        Database(path, model="m").close()
        answers.put("ok")
    except DatabaseError as error:
        answers.put(str(error))


def test_runs_starting_at_once_on_a_new_file_all_open_it(tmp_path):
    import multiprocessing

    context = multiprocessing.get_context("spawn")
    for attempt in range(3):
        path = str(tmp_path / f"new-{attempt}.db")
        start, answers = context.Barrier(3), context.Queue()
        runs = [context.Process(target=_open_when_released, args=(path, start, answers)) for _ in range(3)]
        for run in runs:
            run.start()
        for run in runs:
            run.join(timeout=120)
        assert [answers.get(timeout=10) for _ in runs] == ["ok", "ok", "ok"]
        assert _rows(Path(path), "PRAGMA journal_mode") == [("wal",)]
