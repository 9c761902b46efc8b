"""A release as data tools read it natively: Parquet folders, the dataset card, Croissant.

pyarrow and DuckDB are in the `test` extra. Hugging Face `datasets`,
`mlcroissant` and Polars are in the `readers` extra, and their tests are
marked `readers` (`nox -s readers`); each is skipped where its library is not
installed.
"""

from __future__ import annotations

import csv
import hashlib
import json
from pathlib import Path

import pytest
import yaml

from claimset.export import TABLES

LISTS = {(t.name, c.name) for t in TABLES for c in t.columns if c.is_list}


@pytest.fixture(scope="module")
def release(release) -> Path:
    """The session's release of the sampled data (conftest), which has Parquet where pyarrow is installed."""
    pytest.importorskip("pyarrow")
    return release


def _csv_rows(release: Path, table) -> list[dict]:
    with open(release / table.path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _ids(release: Path) -> list[str]:
    return [c["id"] for c in json.loads((release / "claims.json").read_text(encoding="utf-8"))["claims"]]


def _card(release: Path) -> tuple[dict, str]:
    text = (release / "README.md").read_text(encoding="utf-8")
    _, header, body = text.split("---\n", 2)
    return yaml.safe_load(header), body


# --- Parquet: a folder per table -------------------------------------------------


@pytest.mark.parametrize("table", TABLES, ids=[t.name for t in TABLES])
def test_pyarrow_reads_each_table_folder_as_one_table_with_lists_as_lists(release, table):
    pq = pytest.importorskip("pyarrow.parquet")
    folder = release / "parquet" / table.name
    assert [p.name for p in folder.iterdir()] == [f"{table.name}.parquet"]
    read = pq.read_table(folder)
    assert read.column_names == [c.name for c in table.columns]
    rows = _csv_rows(release, table)
    assert read.num_rows == len(rows)
    for column in table.columns:
        if column.is_list:
            assert str(read.schema.field(column.name).type) == "list<element: string>"
            assert read.column(column.name).to_pylist() == [r[column.name].split(";") if r[column.name] else []
                                                            for r in rows]


def test_each_parquet_file_names_the_dataset_its_version_licence_and_table(release):
    pq = pytest.importorskip("pyarrow.parquet")
    version = json.loads((release / "claims.json").read_text(encoding="utf-8"))["version"]
    for table in TABLES:
        footer = pq.read_metadata(release / table.parquet_path).metadata
        assert footer[b"name"] == b"claimset" and footer[b"version"] == version.encode(), table.name
        assert footer[b"table"] == table.name.encode()
        assert b"CC-BY-4.0" in footer[b"license"] and b"publishers' terms" in footer[b"license"]


def test_duckdb_reads_each_table_folder_with_lists_as_lists(release):
    duckdb = pytest.importorskip("duckdb")
    con = duckdb.connect()
    for table in TABLES:
        folder = release / "parquet" / table.name
        described = {name: kind for name, kind, *_ in con.execute(f"DESCRIBE SELECT * FROM '{folder}/*.parquet'").fetchall()}
        assert list(described) == [c.name for c in table.columns]
        for column in table.columns:
            if column.is_list:
                assert described[column.name] == "VARCHAR[]", (table.name, column.name)
        assert con.execute(f"SELECT count(*) FROM '{folder}/*.parquet'").fetchone()[0] == len(_csv_rows(release, table))
    relayed = dict(con.execute(f"SELECT id, via FROM '{release}/parquet/claims/*.parquet'").fetchall())
    via = con.execute(f"SELECT claim_id, list(actor_id ORDER BY position) FROM '{release}/parquet/claim_via/*.parquet' "
                      "GROUP BY claim_id").fetchall()
    assert via and all(relayed[claim] == actors for claim, actors in via)


# --- Hugging Face datasets ----------------------------------------------------------


@pytest.mark.readers
def test_datasets_reads_each_table_folder_with_lists_as_lists(release, tmp_path):
    datasets = pytest.importorskip("datasets")
    for table in TABLES:
        rows = _csv_rows(release, table)
        if not rows:
            continue  # `datasets` cannot load an empty table (see the card)
        loaded = datasets.load_dataset("parquet", data_dir=str(release / "parquet" / table.name), split="train",
                                       cache_dir=str(tmp_path))
        assert loaded.column_names == [c.name for c in table.columns]
        assert loaded.num_rows == len(rows)
        for column in table.columns:
            if column.is_list:
                assert loaded.features[column.name].feature.dtype == "string"
    claims = datasets.load_dataset("parquet", data_dir=str(release / "parquet" / "claims"), split="train",
                                   cache_dir=str(tmp_path))
    assert claims["id"] == _ids(release)


@pytest.mark.readers
def test_datasets_loads_every_config_of_the_card(release, tmp_path):
    datasets = pytest.importorskip("datasets")
    header, _ = _card(release)
    configs = [c["config_name"] for c in header["configs"]]
    with_rows = [t.name for t in TABLES if _csv_rows(release, t)]
    assert configs == with_rows and "figures" in configs
    for table in TABLES:
        if table.name not in configs:
            continue
        loaded = datasets.load_dataset(str(release), table.name, split="train", cache_dir=str(tmp_path))
        assert loaded.column_names == [c.name for c in table.columns], table.name
        assert loaded.num_rows == len(_csv_rows(release, table)), table.name
    claims = datasets.load_dataset(str(release), "claims", split="train", cache_dir=str(tmp_path))
    whole = json.loads((release / "claims.json").read_text(encoding="utf-8"))["claims"]
    assert claims["via"] == [c["via"] for c in whole] and claims["topics"] == [c["topics"] for c in whole]


# --- the dataset card ---------------------------------------------------------------


def test_the_card_has_hugging_face_front_matter_one_config_per_table(release):
    header, body = _card(release)
    assert header["license"] == "cc-by-4.0"
    documents = json.loads((release / "claims.json").read_text(encoding="utf-8"))["documents"]
    assert set(header["language"]) == {d["language"] for d in documents} | {"en"}
    assert header["size_categories"] and header["size_categories"][0].startswith(("n<", "1K", "10K", "100K"))
    by_name = {c["config_name"]: c for c in header["configs"]}
    assert by_name["claims"].get("default") is True
    for table in TABLES:
        if table.name in by_name:
            [files] = by_name[table.name]["data_files"]
            assert files == {"split": "train", "path": table.parquet_path}
            assert (release / files["path"]).is_file()
        assert f"### `{table.name}`" in body


def test_the_card_states_the_licence_split_where_each_table_is_described(release):
    _, body = _card(release)
    sections = body.split("\n### ")[1:]
    for table in TABLES:
        [section] = [s for s in sections if s.startswith(f"`{table.name}`")]
        assert "the annotations are CC BY 4.0" in section, table.name
        quoted = any(c.name == "quote_text" for c in table.columns)
        assert ("`quote_text` (the quoted words of a source text) are the publisher's words" in section) == quoted
    assert "belong to their publishers" in body and "no licence to them is granted" in body


def test_the_card_cites_the_dataset_as_citation_cff_does(release, repo):
    citation = yaml.safe_load((repo / "CITATION.cff").read_text(encoding="utf-8"))
    _, body = _card(release)
    [authors] = citation["authors"]
    how = body.split("## How to cite", 1)[1]
    assert authors["name"].capitalize() in how and citation["title"] in how


def test_the_card_escapes_what_comes_from_the_data():
    from claimset import card
    from claimset.dataset import Dataset

    package = {"title": "t", "description": "d", "sources": [{"title": "[x](javascript:alert(1)) # @user"}]}
    text = card.body(Dataset([], {}, {}), package, "0.1.0", parquet=True)
    assert "[x](javascript" not in text and "\\[x\\]" in text and "@user" not in text


# --- Croissant -----------------------------------------------------------------------


def test_croissant_lists_every_file_with_its_sha256_and_a_record_set_per_table(release):
    described = json.loads((release / "croissant.json").read_text(encoding="utf-8"))
    assert described["@type"] == "sc:Dataset" and described["conformsTo"] == "http://mlcommons.org/croissant/1.0"
    assert described["license"] == "https://creativecommons.org/licenses/by/4.0/"
    files = {o["contentUrl"]: o["sha256"] for o in described["distribution"]}
    on_disk = {p.relative_to(release).as_posix() for p in release.rglob("*") if p.is_file()}
    assert set(files) == on_disk - {"croissant.json", "SHA256SUMS"}
    for name, digest in files.items():
        assert hashlib.sha256((release / name).read_bytes()).hexdigest() == digest, name
    kinds = {"string": "sc:Text", "integer": "sc:Integer", "number": "sc:Float", "boolean": "sc:Boolean", "date": "sc:Date"}
    sets = {r["name"]: r for r in described["recordSet"]}
    assert list(sets) == [t.name for t in TABLES]
    for table in TABLES:
        fields = sets[table.name]["field"]
        assert [(f["name"], f["dataType"]) for f in fields] == [(c.name, kinds[c.type]) for c in table.columns]
        key = sets[table.name]["key"]
        keys = [k["@id"] for k in (key if isinstance(key, list) else [key])]
        assert keys == [f"{table.name}/{name}" for name in table.primary_key]


@pytest.mark.readers
def test_mlcroissant_validates_croissant_json_and_reads_the_claims_through_it(release):
    mlc = pytest.importorskip("mlcroissant")
    dataset = mlc.Dataset(jsonld=str(release / "croissant.json"))  # raises on any error
    assert not dataset.metadata.ctx.issues.errors
    whole = json.loads((release / "claims.json").read_text(encoding="utf-8"))
    records = list(dataset.records("claims"))
    assert [r["claims/id"].decode() for r in records] == [c["id"] for c in whole["claims"]]
    # The exact text, without the apostrophe a CSV puts before a cell that could start a formula.
    assert [r["claims/quote_text"].decode() for r in records] == [c["quote"]["text"] for c in whole["claims"]]
    assert [r["claims/quote_start"] for r in records] == [c["quote"]["start"] for c in whole["claims"]]
    figures = list(dataset.records("figures"))
    assert [r["figures/value"] for r in figures] == [float(f["value"]) for c in whole["claims"] for f in c["figures"]]


# --- Polars (the README's recipe) ----------------------------------------------------


def readme_block(repo: Path, containing: str) -> str:
    import re

    blocks = re.findall(r"^```python\n(.*?)^```", (repo / "README.md").read_text(encoding="utf-8"), re.S | re.M)
    [block] = [b for b in blocks if containing in b]
    return block


@pytest.mark.readers
def test_the_readme_polars_recipe_reads_every_table_as_parquet_has_it(release, repo, monkeypatch):
    pl = pytest.importorskip("polars")
    monkeypatch.chdir(release)
    recipe: dict = {}
    exec(readme_block(repo, "import polars"), recipe)
    whole = json.loads((release / "claims.json").read_text(encoding="utf-8"))
    assert recipe["claims"]["via"].to_list() == [c["via"] for c in whole["claims"]]
    assert recipe["claims"].schema["topics"] == pl.List(pl.String)
    for table in TABLES:
        from_csv = recipe["polars_csv"](table.name)
        parquet = pl.read_parquet(release / table.parquet_path)
        plain = [c.name for c in table.columns if not c.is_list]
        assert from_csv.select(plain).schema == parquet.select(plain).schema, table.name
        assert from_csv.select(plain).to_dicts() == parquet.select(plain).to_dicts(), table.name
