"""Spark reads a release: a table's Parquet folder, and a CSV with the README's recipe (`escape='"'`, declared schema).

pyspark is the `spark` extra and needs a Java runtime; these tests are marked
`spark` and run in the session of the data tools (`nox -s readers`).
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from claimset.export import TABLES

pytestmark = pytest.mark.spark


@pytest.fixture(scope="module")
def spark(release):
    """A local Spark session started in the release directory: Spark's JVM resolves the recipe's relative
    paths against the directory it started in, which a later chdir does not move."""
    pytest.importorskip("pyspark")
    if shutil.which("java") is None:
        pytest.skip("Spark needs a Java runtime (java on PATH)")
    from pyspark.sql import SparkSession

    before = os.getcwd()
    os.chdir(release)
    try:
        session = (SparkSession.builder.master("local[1]").appName("claimset-tests")
                   .config("spark.ui.enabled", "false").config("spark.sql.session.timeZone", "UTC").getOrCreate())
        yield session
        session.stop()
    finally:
        os.chdir(before)


@pytest.fixture(scope="module")
def release(release) -> Path:
    """The session's release of the sampled data (conftest), which has Parquet where pyarrow is installed."""
    pytest.importorskip("pyarrow")
    return release


def _rows(frame, columns):
    return [tuple(row[c] for c in columns) for row in frame.collect()]


def test_spark_reads_the_claims_folder_as_one_table_with_lists_as_arrays(spark, release):
    whole = json.loads((release / "claims.json").read_text(encoding="utf-8"))["claims"]
    claims = spark.read.parquet(str(release / "parquet" / "claims"))
    assert claims.columns == [c.name for c in next(t for t in TABLES if t.name == "claims").columns]
    assert claims.schema["via"].dataType.simpleString() == "array<string>"
    rows = {row["id"]: row for row in claims.collect()}
    assert list(rows) == [c["id"] for c in whole]
    for claim in whole:
        assert rows[claim["id"]]["via"] == claim["via"] and rows[claim["id"]]["topics"] == claim["topics"]
        assert rows[claim["id"]]["quote_text"] == claim["quote"]["text"]


def test_the_readme_spark_recipe_reads_every_csv_as_the_parquet_folder_has_it(spark, release, monkeypatch):
    from conftest import REPO
    from test_release_readers import readme_block

    monkeypatch.chdir(release)
    recipe: dict = {}
    exec(readme_block(REPO, "pyspark"), recipe)
    for table in TABLES:
        from_csv = recipe["spark_csv"](table.name)
        parquet = spark.read.parquet(str(release / "parquet" / table.name))
        plain = [c.name for c in table.columns if not c.is_list]
        assert [(f.name, f.dataType) for f in from_csv.select(plain).schema] == \
            [(f.name, f.dataType) for f in parquet.select(plain).schema], table.name
        assert _rows(from_csv, plain) == _rows(parquet, plain), table.name
