"""`claims.db`: the release tables as one SQLite database, with Datasette metadata.

The tables, their columns, keys and descriptions come from `export.TABLES`,
the same definitions as the CSV files. List columns (`via`, `topics`) hold
JSON arrays here rather than `;`-joined text, so SQL (`json_each`) and
Datasette's array facets can read them; an empty list is null, as in the CSV.

The file is byte-identical for the same data and the same SQLite library:
rows go in in the release order, nothing records a time, and the database is
VACUUMed. SQLite writes its own version number into the file header
(offset 96), so a different SQLite build gives different bytes.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any, Iterable, Sequence

import sqlite_utils

from .export import TABLES, Column, Table

FILE_NAME = "claims.db"
METADATA_NAME = "datasette-metadata.json"
DATABASE_NAME = FILE_NAME.removesuffix(".db")

# unicode61 folds case for Cyrillic as for Latin, so «Строителей» matches
# `строител*`; it leaves ё and е distinct (its diacritic removal is Latin-only).
FTS_TOKENIZER = "unicode61 remove_diacritics 2"
FTS_COLUMNS = ("quote_text", "english")

# Each claim's quote and English as `claimset.words` analyses them (stems, in order), in a table of its own
# (the claims table keeps the CSV's columns) whose rowids are the claims' rowids, with a full-text index that
# Datasette's search box on the claims table uses. `claimset.datasette_plugin` stems what is typed in the box.
WORDS_TABLE = "claim_words"
WORDS_COLUMNS = ("quote_words", "english_words")
WORDS_FTS = f"{WORDS_TABLE}_fts"
INDEXED_CLAIM_COLUMNS = ("speaker_id", "document_id")

# What Datasette shows in place of a foreign key's id. A document is shown by its id (outlet, date,
# subject): a text without a headline has no title, which Datasette would show as "None".
LABEL_COLUMNS = {"actors": "name_en", "documents": "id"}

SQL_TYPES: dict[str, type] = {"string": str, "integer": int, "number": float, "boolean": int, "date": str}

# The claims with the names of their speaker and of each actor in the via
# chain (innermost first), and their document's title and publication date.
CLAIMS_NAMED_VIEW = """
SELECT
  c.id, c.document_id, d.title AS document_title, d.published AS document_published,
  c.type, c.mode, c.date, c.event_date,
  c.speaker_id, s.name_en AS speaker_name_en, s.name_ru AS speaker_name_ru,
  c.via,
  (SELECT group_concat(name_en, ' / ') FROM (
     SELECT a.name_en FROM json_each(c.via) AS j JOIN actors AS a ON a.id = j.value ORDER BY j.key
  )) AS via_names_en,
  (SELECT group_concat(name_ru, ' / ') FROM (
     SELECT coalesce(a.name_ru, a.name_en) AS name_ru FROM json_each(c.via) AS j JOIN actors AS a ON a.id = j.value
     ORDER BY j.key
  )) AS via_names_ru,
  c.quote_text, c.english, c.topics
FROM claims AS c
JOIN actors AS s ON s.id = c.speaker_id
JOIN documents AS d ON d.id = c.document_id
"""

# (`claim_via`, one row per link in a claim's relay chain, is a table of the release: see export.TABLES.)
VIEWS = {"claims_named": CLAIMS_NAMED_VIEW}
VIEW_DESCRIPTIONS = {
    "claims_named": "Each claim with its speaker's and via actors' names (via innermost first) and its document's title.",
}


WORDS_DESCRIPTION = (
    "Each claim's quote and English as search reads them: words casefolded, ё as е, Snowball-stemmed "
    "(README: Search). What the claims table's search box searches."
)


def _cell(column: Column, record: dict[str, Any]) -> Any:
    if not column.is_list:
        value = column.value(record)
        return None if value == "" and column.type == "date" else value
    items: Any = record
    for key in column.path:
        items = items.get(key) if isinstance(items, dict) else None
    # An empty list is null, as its empty cell is in the CSV and Parquet files.
    return json.dumps(list(items), ensure_ascii=False) if items else None


def _creation_order(tables: Sequence[Table]) -> list[Table]:
    """Referenced tables before the tables whose foreign keys point at them."""
    done: list[Table] = []
    pending = list(tables)
    while pending:
        names = {t.name for t in done}
        ready = [
            t for t in pending
            if all(k["reference"]["resource"] in names | {t.name} for k in t.foreign_keys)
        ]
        if not ready:
            raise ValueError(f"foreign keys form a cycle among {[t.name for t in pending]}")
        done.extend(ready)
        pending = [t for t in pending if t not in ready]
    return done


def _date_bound_columns(table: Table) -> list[str]:
    return [c.name for c in table.columns if c.name.endswith(("_earliest", "_latest"))]


def write(dataset: Any, path: Path, tables: Sequence[Table] = TABLES) -> None:
    """Write the tables, indexes, full-text index and views of ``dataset`` to a new SQLite file."""
    db = sqlite_utils.Database(path)
    # A scratch file written once and then read whole: no need to wait for the disk.
    # Neither setting is stored in the file, so its bytes are the same.
    db.execute("PRAGMA synchronous = OFF")
    db.execute("PRAGMA journal_mode = MEMORY")
    try:
        for table in _creation_order(tables):
            _create(db, table)
        for table in _creation_order(tables):
            db.table(table.name).insert_all(
                ({c.name: _cell(c, record) for c in table.columns} for record in table.rows(dataset)),
                batch_size=1000,
            )
        claims = db.table("claims")
        claims_table = next(t for t in tables if t.name == "claims")
        for name in (*INDEXED_CLAIM_COLUMNS, *_date_bound_columns(claims_table)):
            claims.create_index([name], index_name=f"claims_{name}")
        claims.enable_fts(list(FTS_COLUMNS), fts_version="FTS5", tokenize=FTS_TOKENIZER, create_triggers=False)
        _write_words(db, dataset)
        for name, sql in VIEWS.items():
            db.create_view(name, sql.strip())
        for fts in ("claims_fts", WORDS_FTS):
            db.execute(f"INSERT INTO {fts}({fts}) VALUES ('optimize')")
        db.conn.commit()
        db.vacuum()
    finally:
        db.close()


def _write_words(db: sqlite_utils.Database, dataset: Any) -> None:
    """The claims' analysed words, each row with its claim's rowid, and their full-text index."""
    from .words import words

    rowids = dict(db.execute("SELECT id, rowid FROM claims").fetchall())
    db.table(WORDS_TABLE).create(
        {"rowid": int, "claim_id": str, **{name: str for name in WORDS_COLUMNS}},
        pk="rowid", foreign_keys=[("claim_id", "claims", "id")], not_null={"claim_id", *WORDS_COLUMNS},
    )
    db.table(WORDS_TABLE).insert_all(
        ({"rowid": rowids[claim.id], "claim_id": claim.id, "quote_words": " ".join(words(claim.quote.text)),
          "english_words": " ".join(words(claim.english))} for claim in dataset.claims),
        batch_size=1000,
    )
    db.table(WORDS_TABLE).enable_fts(list(WORDS_COLUMNS), fts_version="FTS5", tokenize=FTS_TOKENIZER,
                                     create_triggers=False)


def _create(db: sqlite_utils.Database, table: Table) -> None:
    columns = {c.name: SQL_TYPES[c.type] for c in table.columns}
    foreign_keys = [(k["fields"], k["reference"]["resource"], k["reference"]["fields"]) for k in table.foreign_keys]
    db.table(table.name).create(
        columns,
        pk=table.primary_key[0] if len(table.primary_key) == 1 else tuple(table.primary_key),
        foreign_keys=foreign_keys,
        not_null={c.name for c in table.columns if c.required},
    )


def database_bytes(dataset: Any, tables: Sequence[Table] = TABLES) -> bytes:
    """The bytes of `claims.db` for ``dataset``."""
    with tempfile.TemporaryDirectory(prefix="claimset-db-") as directory:
        path = Path(directory) / FILE_NAME
        write(dataset, path, tables)
        return path.read_bytes()


def _title(name: str) -> str:
    return name.replace("_", " ").capitalize()


def _column_description(column: Column) -> str:
    if column.is_list:
        return f"{column.description} A JSON array."
    if column.type == "date":
        return f"{column.description} An ISO date (YYYY-MM-DD); null when that end is open."
    return column.description


def metadata(package: dict[str, Any], tables: Iterable[Table] = TABLES) -> dict[str, Any]:
    """Datasette metadata for `claims.db`, from the Data Package's title and licence and the table definitions.

    The database holds the annotation tables only, not the source texts, so its
    licence is theirs: the one the Data Package declares for the `claims` table.
    """
    claims_resource = next(r for r in package["resources"] if r["name"] == "claims")
    [licence] = claims_resource["licenses"]
    tables_meta: dict[str, Any] = {}
    for table in tables:
        spec: dict[str, Any] = {
            "title": _title(table.name),
            "description": table.description,
            "columns": {c.name: _column_description(c) for c in table.columns},
        }
        if table.name in LABEL_COLUMNS:
            spec["label_column"] = LABEL_COLUMNS[table.name]
        if table.name == "claims":
            spec["facets"] = ["type", "speaker_id", "document_id", {"array": "topics"}]
            # The search box searches the analysed words; the plugin turns what is typed into their query.
            spec["fts_table"] = WORDS_FTS
        tables_meta[table.name] = spec
    for name, description in VIEW_DESCRIPTIONS.items():
        tables_meta[name] = {"title": _title(name), "description": description}
    tables_meta[WORDS_TABLE] = {
        "title": _title(WORDS_TABLE),
        "description": WORDS_DESCRIPTION,
        "hidden": True,
    }
    return {
        "title": package["title"],
        "description": (
            "The release's tables: each claim's exact quotation with offsets, speaker and relay chain, date with "
            "precision, English translation and figures, with the documents and actors. The source texts are not in "
            "this database; they belong to their publishers and are not under its licence."
        ),
        "license": licence["title"],
        "license_url": licence["path"],
        "source": "; ".join(source["title"] for source in package["sources"]),
        "databases": {DATABASE_NAME: {"tables": tables_meta}},
    }


def metadata_json(package: dict[str, Any], tables: Iterable[Table] = TABLES) -> str:
    return json.dumps(metadata(package, tables), ensure_ascii=False, indent=2) + "\n"
