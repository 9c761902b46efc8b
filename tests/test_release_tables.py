"""The release tables' names and keys: what a data engineer joins on, and what Frictionless enforces."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest

from claimset.export import TABLES

# Every keyword SQLite knows (https://www.sqlite.org/lang_keywords.html): a column named after one
# must be quoted in some statements, so none is.
SQLITE_KEYWORDS = frozenset("""
ABORT ACTION ADD AFTER ALL ALTER ALWAYS ANALYZE AND AS ASC ATTACH AUTOINCREMENT BEFORE BEGIN BETWEEN BY
CASCADE CASE CAST CHECK COLLATE COLUMN COMMIT CONFLICT CONSTRAINT CREATE CROSS CURRENT CURRENT_DATE
CURRENT_TIME CURRENT_TIMESTAMP DATABASE DEFAULT DEFERRABLE DEFERRED DELETE DESC DETACH DISTINCT DO DROP
EACH ELSE END ESCAPE EXCEPT EXCLUDE EXCLUSIVE EXISTS EXPLAIN FAIL FILTER FIRST FOLLOWING FOR FOREIGN FROM
FULL GENERATED GLOB GROUP GROUPS HAVING IF IGNORE IMMEDIATE IN INDEX INDEXED INITIALLY INNER INSERT INSTEAD
INTERSECT INTO IS ISNULL JOIN KEY LAST LEFT LIKE LIMIT MATCH MATERIALIZED NATURAL NO NOT NOTHING NOTNULL
NULL NULLS OF OFFSET ON OR ORDER OTHERS OUTER OVER PARTITION PLAN PRAGMA PRECEDING PRIMARY QUERY RAISE
RANGE RECURSIVE REFERENCES REGEXP REINDEX RELEASE RENAME REPLACE RESTRICT RETURNING RIGHT ROLLBACK ROW ROWS
SAVEPOINT SELECT SET TABLE TEMP TEMPORARY THEN TIES TO TRANSACTION TRIGGER UNBOUNDED UNION UNIQUE UPDATE
USING VACUUM VALUES VIEW VIRTUAL WHEN WHERE WINDOW WITH WITHOUT
""".split())

COLUMNS = [(table, column) for table in TABLES for column in table.columns]


def test_no_table_or_column_is_an_sql_keyword():
    duckdb = pytest.importorskip("duckdb")
    reserved = {name for (name,) in duckdb.sql(
        "SELECT keyword_name FROM duckdb_keywords() WHERE keyword_category = 'reserved'").fetchall()}
    assert "end" in reserved and "END" in SQLITE_KEYWORDS  # what the lists are tested against
    names = {t.name for t in TABLES} | {c.name for t in TABLES for c in t.columns}
    assert not {n for n in names if n.lower() in reserved or n.upper() in SQLITE_KEYWORDS}


def test_every_column_reads_unquoted_in_duckdb_and_sqlite(release):
    duckdb = pytest.importorskip("duckdb")
    import sqlite3

    db = sqlite3.connect(release / "claims.db")
    for table in TABLES:
        columns = ", ".join(c.name for c in table.columns)
        db.execute(f"SELECT {columns} FROM {table.name}").fetchall()
        duckdb.sql(f"SELECT {columns} FROM read_csv('{release / table.path}')").fetchall()


def test_every_foreign_key_is_named_after_what_it_names():
    for table in TABLES:
        for key in table.foreign_keys:
            assert key["fields"].endswith("_id"), (table.name, key)
    [relations] = [t for t in TABLES if t.name == "relations"]
    assert {(k["fields"], k["reference"]["resource"]) for k in relations.foreign_keys} == {
        ("claim_id", "claims"), ("target_id", "claims")}


def test_a_relation_goes_from_claim_id_to_target_id(release):
    import claimset

    data = claimset.load(release)
    with open(release / "relations.csv", encoding="utf-8", newline="") as handle:
        rows = {(r["claim_id"], r["type"], r["target_id"]) for r in csv.DictReader(handle)}
    expected = {(c.id, r.type.value, r.claim) for c in data.claims for r in c.relations}
    assert rows == expected and rows


def test_reordering_a_claims_relations_or_topics_changes_no_key():
    import claimset
    from conftest import REPO

    data = claimset.load(REPO)
    [claim] = [c for c in data.claims if len(c.relations) > 1 and len(c.topics) > 1][:1] or [None]
    if claim is None:
        pytest.skip("no claim with two relations and two topics")
    moved = claim.model_copy(update={"relations": claim.relations[::-1], "topics": claim.topics[::-1]})

    class Swapped:
        claims = [moved if c.id == claim.id else c for c in data.claims]

    for name in ("relations", "claim_topics"):
        [table] = [t for t in TABLES if t.name == name]
        key = [c for name in table.primary_key for c in table.columns if c.name == name]

        def keys(source):
            return [tuple(c.value(row) for c in key) for row in table.rows(source)]

        assert sorted(keys(Swapped)) == sorted(keys(data)), name
        assert len(set(keys(data))) == len(keys(data)), name  # a key, given once


@pytest.mark.parametrize("table", ["claim_via", "claim_topics", "retired_replaced_by", "relations"])
def test_frictionless_refuses_a_list_item_that_names_no_record(release, tmp_path, table):
    frictionless = pytest.importorskip("frictionless")
    copy = tmp_path / "release"
    shutil.copytree(release, copy)
    [definition] = [t for t in TABLES if t.name == table]
    with open(copy / "claims.csv", encoding="utf-8", newline="") as handle:
        claim = next(csv.DictReader(handle))["id"]
    dangling = {
        "claim_via": lambda: {"claim_id": claim, "position": "99", "actor_id": "no-such-actor"},
        "claim_topics": lambda: {"claim_id": "no-such-claim", "topic": "diplomacy"},
        "retired_replaced_by": lambda: {"retired_id": _a_retired_id(copy), "claim_id": "no-such-claim"},
        "relations": lambda: {"claim_id": claim, "type": "restates", "target_id": "no-such-claim", "note": ""},
    }[table]()
    with open(copy / definition.path, "a", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\r\n").writerow([dangling[c.name] for c in definition.columns])
    report = frictionless.validate(str(copy / "datapackage.json"), skip_errors=["hash-count", "byte-count"])
    assert not report.valid
    errors = report.flatten(["type", "note"])
    assert any(kind == "foreign-key" for kind, _ in errors), errors[:5]


def _a_retired_id(release: Path) -> str:
    with open(release / "retired.csv", encoding="utf-8", newline="") as handle:
        ids = [r["id"] for r in csv.DictReader(handle)]
    if not ids:
        pytest.skip("the data has no retired claim id")
    return ids[0]


def test_the_untampered_release_passes_frictionless_with_every_list_table(release):
    frictionless = pytest.importorskip("frictionless")
    package = frictionless.Package(str(release / "datapackage.json"))
    for name, keys in {"claim_via": {"claim_id", "actor_id"}, "claim_topics": {"claim_id"},
                       "retired_replaced_by": {"retired_id", "claim_id"}}.items():
        declared = package.get_resource(name).schema.foreign_keys
        assert {k["fields"][0] if isinstance(k["fields"], list) else k["fields"] for k in declared} == keys, name
    report = frictionless.validate(str(release / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:5]


def test_a_topic_or_a_relation_given_twice_is_refused():
    import claimset
    from conftest import REPO
    from pydantic import ValidationError

    from claimset.models import ClaimRecord

    claim = next(c for c in claimset.load(REPO).claims if c.relations)
    record = claim.model_dump(mode="json", exclude={"document"})
    with pytest.raises(ValidationError, match="is given twice"):
        ClaimRecord.model_validate({**record, "topics": record["topics"] * 2})
    with pytest.raises(ValidationError, match="is given twice"):
        ClaimRecord.model_validate({**record, "relations": record["relations"] * 2})


def test_fmt_writes_a_claims_relations_in_order_of_target_and_type():
    import yaml
    from conftest import REPO

    from claimset import fmt
    from claimset.models import ClaimsFile

    path = next(p for p in sorted((REPO / "claims").glob("*.yaml"))
                if any(len(c.get("relations") or ()) > 1
                       for c in yaml.safe_load(p.read_text(encoding="utf-8")).get("claims") or ()))
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    for claim in raw["claims"]:
        claim["relations"] = list(reversed(claim.get("relations") or []))
    written = yaml.safe_load(fmt.canonical(path, ClaimsFile.model_validate(raw)))
    for claim in written["claims"]:
        order = [(r["claim"], r["type"]) for r in claim.get("relations") or ()]
        assert order == sorted(order), claim["id"]
    assert written == yaml.safe_load(path.read_text(encoding="utf-8"))  # the checkout is in that order already
