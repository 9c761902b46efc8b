"""DataFrames from the dataset, and release date bounds that pandas and DuckDB read as dates."""

from __future__ import annotations

import csv
import datetime as dt
import json

import pytest

import claimset
from claimset.export import TABLES

pd = pytest.importorskip("pandas")

BOUND_COLUMNS = {t.name: [c.name for c in t.columns if c.bound] for t in TABLES}


@pytest.fixture(scope="module")
def data(data_root):
    return claimset.load(data_root)  # what the release fixture is built from


def test_every_date_column_is_followed_by_its_bounds():
    for table in TABLES:
        names = [c.name for c in table.columns]
        for column in table.columns:
            if column.bound:
                continue
            if f"{column.name}_earliest" in names:
                at = names.index(column.name)
                assert names[at + 1 : at + 3] == [f"{column.name}_earliest", f"{column.name}_latest"]
    assert BOUND_COLUMNS["claims"] == ["date_earliest", "date_latest", "event_date_earliest", "event_date_latest"]
    assert BOUND_COLUMNS["figures"] == ["period_earliest", "period_latest"]
    assert BOUND_COLUMNS["documents"] == ["published_earliest", "published_latest"]
    assert BOUND_COLUMNS["roles"] == ["start_earliest", "start_latest", "end_earliest", "end_latest"]


def test_release_bounds_are_iso_days_and_empty_when_open(release):
    with open(release / "claims.csv", encoding="utf-8", newline="") as handle:
        rows = {row["id"]: row for row in csv.DictReader(handle)}
    lede = rows["treaty25-lede-treaty-restrains-tension"]
    assert (lede["date"], lede["date_earliest"], lede["date_latest"]) == ("../2025-12-05", "", "2025-12-05")
    nis = rows["talks25-nis-military-builders-since-september"]
    assert (nis["event_date"], nis["event_date_earliest"], nis["event_date_latest"]) == ("2025-09/..", "2025-09-01", "")
    with open(release / "documents.csv", encoding="utf-8", newline="") as handle:
        inferred = next(r for r in csv.DictReader(handle) if r["id"] == "unnamed-2023-08-mcis-dprk-defence-cooperation")
    # No date line: an interval of days, from the conference it reports to the month «в прошлом месяце» implies.
    assert (inferred["published"], inferred["published_earliest"], inferred["published_latest"]) == (
        "2023-08-15/2023-08-31", "2023-08-15", "2023-08-31")


def test_datapackage_types_the_bounds_as_dates(release):
    package = json.loads((release / "datapackage.json").read_text(encoding="utf-8"))
    for resource in package["resources"]:
        for spec in resource.get("schema", {}).get("fields", []):
            if spec["name"] in BOUND_COLUMNS[resource["name"]]:
                assert spec["type"] == "date", (resource["name"], spec["name"])


@pytest.mark.parametrize("table", [t for t in TABLES if BOUND_COLUMNS[t.name]], ids=lambda t: t.name)
def test_duckdb_read_csv_auto_reads_the_bounds_as_dates(release, table):
    duckdb = pytest.importorskip("duckdb")
    con = duckdb.connect()
    described = con.execute(f"DESCRIBE SELECT * FROM read_csv_auto('{release / table.path}')").fetchall()
    types = {name: kind for name, kind, *_ in described}
    assert {name: types[name] for name in BOUND_COLUMNS[table.name]} == dict.fromkeys(BOUND_COLUMNS[table.name], "DATE")


def test_duckdb_compares_the_bounds_as_dates(release, data):
    duckdb = pytest.importorskip("duckdb")
    rows = duckdb.connect().execute(
        f"SELECT id FROM read_csv_auto('{release / 'claims.csv'}') "
        "WHERE date_earliest >= DATE '2025-11-01' AND date_latest <= DATE '2025-11-30' ORDER BY id"
    ).fetchall()
    expected = sorted(c.id for c in data.filter(date_from="2025-11", date_to="2025-11"))
    assert [r[0] for r in rows] == expected and expected


@pytest.mark.parametrize("table", [t for t in TABLES if BOUND_COLUMNS[t.name]], ids=lambda t: t.name)
def test_pandas_parse_dates_reads_the_bounds_as_datetimes(release, table):
    frame = pd.read_csv(release / table.path, parse_dates=BOUND_COLUMNS[table.name])
    for name in BOUND_COLUMNS[table.name]:
        assert pd.api.types.is_datetime64_any_dtype(frame[name]), name


def test_parquet_types_the_bounds_as_dates(data):
    pa = pytest.importorskip("pyarrow")
    import io

    import pyarrow.parquet as pq

    table = next(t for t in TABLES if t.name == "claims")
    schema = pq.read_table(io.BytesIO(table.parquet_bytes(data))).schema
    assert schema.field("date_earliest").type == pa.date32()
    assert schema.field("event_date_latest").type == pa.date32()


# --- to_pandas ---------------------------------------------------------------------


@pytest.mark.parametrize("table", TABLES, ids=[t.name for t in TABLES])
def test_to_pandas_has_the_csv_columns_and_rows(data, release, table):
    frame = data.to_pandas(table.name)
    from_csv = pd.read_csv(release / table.path, parse_dates=BOUND_COLUMNS[table.name], keep_default_na=False, na_values=[""])
    assert list(frame.columns) == list(from_csv.columns) == [c.name for c in table.columns]
    assert len(frame) == len(from_csv)
    for column in table.columns:
        ours = [None if pd.isna(v) else v for v in frame[column.name]]
        theirs = [None if pd.isna(v) else v for v in from_csv[column.name]]
        assert ours == theirs, (table.name, column.name)


def test_to_pandas_types(data):
    claims = data.to_pandas()
    assert str(claims["quote_start"].dtype) == "int64"
    assert pd.api.types.is_datetime64_any_dtype(claims["date_earliest"])
    figures = data.to_pandas("figures")
    assert str(figures["position"].dtype) == "int64"
    assert str(figures["approx"].dtype) == "bool"
    assert str(figures["value"].dtype) == "float64"
    row = claims.set_index("id").loc["treaty25-lede-treaty-restrains-tension"]
    assert pd.isna(row["date_earliest"]) and row["date_latest"] == pd.Timestamp(2025, 12, 5)


def test_a_selection_gives_its_own_rows(data):
    nis = data.filter(speaker="NIS")
    assert list(nis.to_pandas()["id"]) == nis.ids
    figures = nis.to_pandas("figures")
    assert "talks25-nis-military-builders-since-september" in set(figures["claim_id"])
    assert set(figures["claim_id"]) == {c.id for c in nis if c.figures}
    with pytest.raises(ValueError, match=r"use the whole dataset: data.to_pandas\('actors'\)"):
        nis.to_pandas("actors")


def test_an_unknown_table_names_the_tables(data):
    with pytest.raises(ValueError, match="no table 'figure'; did you mean 'figures'\\?; the tables are claims, .*figures"):
        data.to_pandas("figure")


def test_without_pandas_the_error_says_how_to_install_it(data, monkeypatch):
    import sys

    monkeypatch.setitem(sys.modules, "pandas", None)  # what `import pandas` sees when it is not installed
    with pytest.raises(ImportError, match=r"pip install 'claimset\[pandas\]'"):
        data.to_pandas()


def test_date_bounds_of_the_frame_match_the_claims(data):
    claims = data.to_pandas().set_index("id")
    for claim in data:
        for name in ("date_earliest", "date_latest", "event_date_earliest", "event_date_latest"):
            cell, day = claims.loc[claim.id, name], getattr(claim, name)
            assert (pd.isna(cell) and day is None) or cell.date() == day, (claim.id, name)
    assert all(isinstance(c.date_latest, (dt.date, type(None))) for c in data)


def test_columns_that_can_be_empty_keep_their_type():
    from claimset.export import Column, Table
    from claimset.frames import frame

    table = Table(
        "t", "a test table",
        [
            Column("count", ("count",), "integer", "", False),
            Column("flag", ("flag",), "boolean", "", False),
            Column("day", ("day",), "string", "", False),
            Column("day_earliest", ("day",), "date", "", False, bound="earliest"),
        ],
        lambda _: [{"count": 3, "flag": True, "day": "2025-11"}, {"count": None, "flag": None, "day": None}],
        [], [],
    )
    result = frame(table, None)
    assert str(result["count"].dtype) == "Int64" and result["count"].tolist()[0] == 3 and pd.isna(result["count"][1])
    assert str(result["flag"].dtype) == "boolean" and pd.isna(result["flag"][1])
    assert result["day_earliest"].tolist()[0] == pd.Timestamp(2025, 11, 1) and pd.isna(result["day_earliest"][1])


def test_the_bounds_of_a_qualified_date_are_its_days_and_the_qualifier_stays_in_the_text(release):
    frictionless = pytest.importorskip("frictionless")
    package = frictionless.Package(str(release / "datapackage.json"))
    for name, bounds in BOUND_COLUMNS.items():
        for field in package.get_resource(name).schema.fields:
            if field.name in bounds:
                date = field.name.rsplit("_", 1)[0]
                assert "`?` uncertain" in field.description, field.name
                # the date column is `X` (or `X_date` where `X` alone would be a reserved word: `end_date`)
                assert (f"only `{date}` keeps the qualifier" in field.description
                        or f"only `{date}_date` keeps the qualifier" in field.description), field.name
    with open(release / "claims.csv", encoding="utf-8", newline="") as handle:
        uncertain = [
            (row["id"], row["date"], row["date_earliest"], row["date_latest"])
            for row in csv.DictReader(handle) if row["date"].endswith("?")
        ]
    assert {
        ("talks25-nis-logistics-chiefs-visit-russia", "2025-11-04?", "2025-11-04", "2025-11-04"),
        ("talks25-nis-monitoring-secret-technology-transfer", "2025-11-04?", "2025-11-04", "2025-11-04"),
    } <= set(uncertain)
    for _, date, earliest, latest in uncertain:
        if len(date) == len("2025-11-04?"):  # an uncertain day: its bounds are that day
            assert earliest == latest == date[:-1]
