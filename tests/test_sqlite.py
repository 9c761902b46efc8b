"""claims.db: the release tables in SQLite, searched and served by Datasette as a user would."""

from __future__ import annotations

import asyncio
import csv
import hashlib
import json
import sqlite3
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import sqlite_utils

from claimset import database
from claimset.export import TABLES

BUILDERS = "talks25-nis-military-builders-since-september"


@pytest.fixture(scope="module")
def db(release) -> sqlite_utils.Database:
    return sqlite_utils.Database(release / database.FILE_NAME)


def _search(db: sqlite_utils.Database, query: str) -> list[str]:
    sql = "SELECT c.id FROM claims_fts JOIN claims AS c ON c.rowid = claims_fts.rowid WHERE claims_fts MATCH ?"
    return [row[0] for row in db.execute(sql, [query]).fetchall()]


def test_claims_db_and_its_metadata_are_listed_in_sha256sums(release):
    listed = dict(
        reversed(line.split("  ", 1)) for line in (release / "SHA256SUMS").read_text(encoding="utf-8").splitlines()
    )
    for name in (database.FILE_NAME, database.METADATA_NAME):
        assert listed[name] == hashlib.sha256((release / name).read_bytes()).hexdigest()


@pytest.mark.parametrize("table", TABLES, ids=[t.name for t in TABLES])
def test_every_release_table_has_the_csv_columns_keys_and_rows(db, release, table):
    sql_table = db[table.name]
    assert [c.name for c in sql_table.columns] == [c.name for c in table.columns]
    assert sql_table.pks == table.primary_key
    expected_keys = {(k["fields"], k["reference"]["resource"], k["reference"]["fields"]) for k in table.foreign_keys}
    assert {(fk.column, fk.other_table, fk.other_column) for fk in sql_table.foreign_keys} == expected_keys
    with (release / table.path).open(encoding="utf-8", newline="") as f:
        csv_rows = list(csv.DictReader(f))
    assert sql_table.count == len(csv_rows)


def test_an_empty_list_is_null_as_in_the_csv(db, release):
    with (release / "claims.csv").open(encoding="utf-8", newline="") as f:
        direct = sorted(row["id"] for row in csv.DictReader(f) if row["via"] == "")
    assert direct, "the data has claims made directly, with no relay"
    assert sorted(r["id"] for r in db.query("SELECT id FROM claims WHERE via IS NULL")) == direct
    assert db.execute("SELECT count(*) FROM claims WHERE via = '[]'").fetchone()[0] == 0
    # The views read a null list as no relays.
    assert db.execute("SELECT count(*) FROM claim_via WHERE claim_id IN (SELECT id FROM claims WHERE via IS NULL)").fetchone()[0] == 0


def test_values_keep_their_types_and_lists_are_json_arrays(db):
    claim = db["claims"].get(BUILDERS)
    assert claim["speaker_id"] == "nis-south-korea"
    assert json.loads(claim["via"]) == ["yonhap"]
    assert json.loads(claim["topics"]) == ["military-labour"]
    assert isinstance(claim["quote_start"], int)
    figure = db["figures"].get((BUILDERS, 0))
    assert figure["value"] == 5000 and figure["approx"] == 1


def test_foreign_keys_hold(db):
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []


def test_speaker_and_document_are_indexed(db):
    indexed = {tuple(index.columns) for index in db["claims"].indexes}
    assert {("speaker_id",), ("document_id",)} <= indexed


def test_date_bound_columns_are_stored_as_iso_text_and_indexed(tmp_path, data_root):
    import claimset

    path = tmp_path / "claims.db"
    database.write(claimset.load(data_root), path)
    db = sqlite_utils.Database(path)
    indexed = {tuple(i.columns) for i in db["claims"].indexes}
    for name in ("date_earliest", "date_latest", "event_date_earliest", "event_date_latest"):
        assert (name,) in indexed
        assert db["claims"].columns_dict[name] is str
    from claimset.dates import days

    open_start = db.execute("SELECT date, date_earliest, date_latest FROM claims WHERE date LIKE '../%'").fetchall()
    assert open_start  # the original documents date many claims only by their publication (`../2023-08`)
    for date, earliest, latest in open_start:
        assert (earliest, latest) == (None, days(date)[1].isoformat()), date
    assert db.execute("SELECT date_earliest FROM claims WHERE id = ?", [BUILDERS]).fetchone() == ("2025-11-04",)


@pytest.mark.parametrize("query", ["строител*", "СТРОИТЕЛЕЙ", "строителей", "builders", "BUILDERS"])
def test_full_text_search_matches_whole_words_ignoring_case(db, query):
    assert BUILDERS in _search(db, query)


def test_full_text_search_matches_whole_words_only(db):
    assert _search(db, "строител") == []  # a stem finds nothing without the prefix star
    assert _search(db, "build") == []


def test_the_tokenizer_folds_cyrillic_case_but_keeps_yo_distinct_from_ye():
    conn = sqlite3.connect(":memory:")
    conn.execute(f"CREATE VIRTUAL TABLE t USING fts5(x, tokenize='{database.FTS_TOKENIZER}')")
    conn.execute("INSERT INTO t VALUES ('Всё ЕЩЁ')")
    assert conn.execute("SELECT count(*) FROM t WHERE t MATCH 'всё'").fetchone() == (1,)
    assert conn.execute("SELECT count(*) FROM t WHERE t MATCH 'ещё'").fetchone() == (1,)
    assert conn.execute("SELECT count(*) FROM t WHERE t MATCH 'все'").fetchone() == (0,)


def test_claims_named_view_gives_speaker_and_via_names_in_order(db):
    row = next(db.query("SELECT * FROM claims_named WHERE id = ?", [BUILDERS]))
    assert row["speaker_name_en"] == "National Intelligence Service (NIS) of the Republic of Korea"
    assert row["via_names_en"] == "Yonhap News Agency"
    chains = {r["id"]: r for r in db.query("SELECT id, via, via_names_en FROM claims_named WHERE json_array_length(via) > 1")}
    names = {a["id"]: a["name_en"] for a in db["actors"].rows}
    for claim_id, r in chains.items():
        assert r["via_names_en"] == " / ".join(names[a] for a in json.loads(r["via"])), claim_id
    assert db["claim_via"].count == sum(len(json.loads(r["via"] or "[]")) for r in db["claims"].rows)


def test_metadata_comes_from_the_models_and_the_data_package(release):
    meta = json.loads((release / database.METADATA_NAME).read_text(encoding="utf-8"))
    package = json.loads((release / "datapackage.json").read_text(encoding="utf-8"))
    assert meta["title"] == package["title"]
    claims_resource = next(r for r in package["resources"] if r["name"] == "claims")
    assert meta["license_url"] == claims_resource["licenses"][0]["path"]
    tables = meta["databases"]["claims"]["tables"]
    claims_schema = next(r for r in package["resources"] if r["name"] == "claims")["schema"]
    english = next(f for f in claims_schema["fields"] if f["name"] == "english")
    assert tables["claims"]["columns"]["english"] == english["description"]
    assert tables["claims"]["facets"] == ["type", "speaker_id", "document_id", {"array": "topics"}]


# Datasette, through its own test client, as `datasette claims.db -m datasette-metadata.json` serves it.

def _datasette_get(release: Path, path: str):
    from datasette.app import Datasette

    async def get():
        meta = json.loads((release / database.METADATA_NAME).read_text(encoding="utf-8"))
        ds = Datasette([str(release / database.FILE_NAME)], metadata=meta)
        await ds.invoke_startup()
        return await ds.client.get(path)

    # In a thread of its own: Playwright's sync API keeps an event loop running in
    # the main thread once a browser test has run in the same session.
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, get()).result()


@pytest.mark.parametrize("query", ["строител*", "Строителей", "builders"])
def test_datasette_finds_claims_by_russian_and_english_words(release, query):
    response = _datasette_get(release, f"/claims/claims.json?_search={query}&_shape=objects")
    assert response.status_code == 200, response.text
    assert BUILDERS in [row["id"] for row in response.json()["rows"]]


def test_datasette_shows_the_facets_and_the_licence(release, db):
    response = _datasette_get(release, "/claims/claims.json")
    assert response.status_code == 200, response.text
    facets = response.json()["facet_results"]
    facets = facets.get("results", facets)  # Datasette 1.0 nests them under "results"
    assert {"type", "speaker_id", "document_id", "topics"} <= set(facets)
    speakers = {item["value"]: item["count"] for item in facets["speaker_id"]["results"]}
    assert speakers == {r["speaker_id"]: r["n"] for r in db.query("SELECT speaker_id, count(*) AS n FROM claims GROUP BY speaker_id")}
    page = _datasette_get(release, "/claims/claims")
    assert "Creative Commons Attribution 4.0" in page.text
    assert "One row per claim." in page.text


def test_datasette_serves_the_views(release):
    response = _datasette_get(release, f"/claims/claims_named.json?id={BUILDERS}&_shape=objects")
    assert response.status_code == 200, response.text
    [row] = response.json()["rows"]
    assert row["via_names_en"] == "Yonhap News Agency"


def test_datasette_labels_speakers_by_their_names(release):
    response = _datasette_get(release, f"/claims/claims.json?id={BUILDERS}&_labels=on&_shape=objects")
    assert response.status_code == 200, response.text
    [row] = response.json()["rows"]
    assert row["speaker_id"] == {
        "value": "nis-south-korea", "label": "National Intelligence Service (NIS) of the Republic of Korea"
    }


def test_datasette_names_every_document_in_the_document_facet_and_the_rows(release, db):
    # Some documents have no headline (title is null): none may be shown as "None" or share a label.
    response = _datasette_get(release, "/claims/claims.json?_labels=on&_shape=objects&_size=max")
    assert response.status_code == 200, response.text
    facets = response.json()["facet_results"]
    facets = facets.get("results", facets)
    labels = {item["value"]: item["label"] for item in facets["document_id"]["results"]}
    assert labels == {row["id"]: row["id"] for row in db["documents"].rows}
    shown = {row["document_id"]["value"]: row["document_id"]["label"] for row in response.json()["rows"]}
    assert shown == labels


# Search in every word form: claim_words holds each claim's analysed words; the plugin analyses what is typed.

KURSKOY = "treaty25-gerasimov-kpa-fought-in-kursk"  # «… в Курской области»
KURSKUYU = "treaty25-gerasimov-dprk-special-forces"  # «… в Курскую область»


def _found(release: Path, query: str, *extra: str) -> list[str]:
    from urllib.parse import urlencode

    response = _datasette_get(release, "/claims/claims.json?" + urlencode(
        [("_search", query), ("_shape", "objects"), ("_size", "max"), *(tuple(e.split("=", 1)) for e in extra)]))
    assert response.status_code == 200, response.text
    return [row["id"] for row in response.json()["rows"]]


def test_the_plugin_is_installed_with_the_package():
    # Datasette loads it from the package's entry point, as `datasette claims.db` does.
    from datasette.plugins import pm

    assert "claimset.datasette_plugin" in {plugin.__name__ for plugin in pm.get_plugins()}


def test_claim_words_rows_are_the_claims_rows(db):
    # Datasette finds claims by the rowids the words' index gives: they must be the claims' own.
    assert db["claim_words"].count == db["claims"].count
    mismatched = "SELECT count(*) FROM claims AS c JOIN claim_words AS w ON w.claim_id = c.id WHERE w.rowid != c.rowid"
    assert db.execute(mismatched).fetchone() == (0,)
    row = db.execute("SELECT quote_words, english_words FROM claim_words WHERE claim_id = ?", [BUILDERS]).fetchone()
    assert "5000" in row[1].split() and "строител" in row[0].split()


@pytest.mark.parametrize("query", ["Курская", "курскую", "Курской", '"Курская область"', "Kursk region"])
def test_datasette_search_finds_every_form_of_a_word(release, query):
    assert {KURSKOY, KURSKUYU} <= set(_found(release, query))


def test_datasette_search_is_the_python_search(release, data_root):
    import claimset

    data = claimset.load(data_root)  # what the release fixture is built from
    for query in ["Курская", "Ким", "NIS", "Kim Jong-un", "5,000", '"Ким Чен Ын"', "Ын Чен Ким", "ADMM-Plus"]:
        assert sorted(_found(release, query)) == sorted(data.search(query).ids), query


@pytest.mark.parametrize("query", [
    "Kim Jong-un", "ADMM-Plus", "5,000", "Korea's", "Куала-Лумпуре", "военно-технического", 'a"b', "'", "-", "*",
    "NOT", "AND OR", "x AND", "(", "NEAR(a b", "quote_words: x", "^x", "!!!", "", "\x00\x1b[2J", "я" * 5000,
])
def test_datasette_search_never_errors_on_plain_input(release, query):
    _found(release, query)


def test_datasette_raw_search_is_fts5_over_the_analysed_words(release):
    assert KURSKOY in _found(release, "курск* AND област", "_searchmode=raw")


def test_datasette_sql_can_analyse_text(release):
    response = _datasette_get(
        release, "/claims.json?_shape=array&sql=" + "select+claimset_words(%27Курской+области%27)+as+w,+"
        "claimset_match(%27Kim+Jong-un%27)+as+m")
    assert response.status_code == 200, response.text
    assert response.json() == [{"w": "курск област", "m": '"kim" "jong un"'}]


def test_the_search_box_is_on_the_claims_page(release):
    page = _datasette_get(release, "/claims/claims?_search=%D0%9A%D1%83%D1%80%D1%81%D0%BA%D0%B0%D1%8F")
    assert page.status_code == 200
    assert 'name="_search"' in page.text and KURSKOY in page.text


def test_without_the_plugin_the_search_box_still_never_errors(release):
    # Datasette without claimset installed: its own escape_fts quotes each word, so nothing typed is invalid;
    # a word is found only in the form stored (its stem).
    from datasette.plugins import pm

    import claimset.datasette_plugin as plugin

    name = pm.get_name(plugin)
    pm.unregister(plugin)
    try:
        assert _found(release, "Kim Jong-un") is not None and _found(release, "5,000") is not None
        assert KURSKOY not in _found(release, "Курская") and KURSKOY in _found(release, "Курск")
    finally:
        pm.register(plugin, name)
