"""Release files: reproducible, atomic, and read back by peer tools as they are."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import json
import math
import re
import sqlite3
from pathlib import Path

import pytest

from claimset.export import LIST_SEPARATOR, TABLES


def _tree(directory: Path) -> dict[str, str]:
    return {
        p.relative_to(directory).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(directory.rglob("*"))
        if p.is_file()
    }


def _has(module: str) -> bool:
    import importlib.util

    return importlib.util.find_spec(module) is not None


def test_two_builds_are_byte_identical(release, data_root, run, tmp_path):
    second = tmp_path / "second"
    parquet = ["--parquet"] if _has("pyarrow") else []
    assert run("build", "--root", str(data_root), "--out", str(second), *parquet).exit_code == 0
    assert _tree(second) == _tree(release)


def test_release_has_every_file_and_checksums_match(release):
    names = set(_tree(release))
    expected = {"claims.json", "claims.jsonl", "datapackage.json", "SHA256SUMS", "ids.txt"}
    expected |= {t.path for t in TABLES}
    assert expected <= names
    assert {"schema/claim.schema.json", "schema/claims-file.schema.json"} <= names
    if _has("pyarrow"):
        assert {t.parquet_path for t in TABLES} <= names
    sums = (release / "SHA256SUMS").read_text(encoding="utf-8").splitlines()
    listed = dict(reversed(line.split("  ", 1)) for line in sums)
    assert set(listed) == names - {"SHA256SUMS"}
    for name, digest in listed.items():
        assert hashlib.sha256((release / name).read_bytes()).hexdigest() == digest


def test_frictionless_validates_the_package(release):
    frictionless = pytest.importorskip("frictionless")
    report = frictionless.validate(str(release / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:5]


def _json_value(record: dict, column):
    value = record
    for key in column.path:
        value = value.get(key) if isinstance(value, dict) else None
    if column.bound and value is not None:
        # `X_earliest` / `X_latest`: the first or last day of the date `X`, as ISO text.
        from claimset.dates import days

        day = days(value)[0 if column.bound == "earliest" else 1]
        value = day.isoformat() if day else None
    return value


def _json_rows(release: Path, table) -> list[dict]:
    whole = json.loads((release / "claims.json").read_text(encoding="utf-8"))
    if table.name == "claims":
        return whole["claims"]
    parents = {"figures": ("claims", "figures"), "relations": ("claims", "relations"),
               "not_claims": ("documents", "not_claims"), "roles": ("actors", "roles")}
    if table.name in parents:
        parent, attribute = parents[table.name]
        key = table.columns[0].name
        return [{key: record["id"], "position": i, **item}
                for record in whole[parent] for i, item in enumerate(record[attribute])]
    if table.name == "restatements":  # worked out from the relations (Dataset.restatement_groups)
        import claimset

        return [{"group_id": g.id, "claim_id": c.id} for g in claimset.load(release).restatement_groups()
                for c in g.claims]
    if table.name == "claim_warnings":
        return [{"claim_id": claim["id"], "position": i, **warning}
                for claim in whole["claims"] for i, warning in enumerate(claim["review"]["warnings"])]
    # A list of plain values, one row per item: the parent's id, the item's position, the item.
    values = {"claim_via": ("claims", "via"), "claim_topics": ("claims", "topics"), "claim_about": ("claims", "about"),
              "retired_replaced_by": ("retired", "replaced_by")}
    if table.name in values:
        parent, attribute = values[table.name]
        key, item = table.columns[0].name, table.columns[-1].name
        return [{key: record["id"], "position": i, item: value}
                for record in whole[parent] for i, value in enumerate(record[attribute])]
    return whole[table.name]


@pytest.mark.parametrize("table", TABLES, ids=[t.name for t in TABLES])
def test_pandas_reads_every_value_back_equal_to_the_json(release, table):
    pd = pytest.importorskip("pandas")
    frame = pd.read_csv(release / table.path)  # default options, as a user would
    expected = _json_rows(release, table)
    assert list(frame.columns) == [c.name for c in table.columns]
    assert len(frame) == len(expected)
    for row, record in zip(frame.to_dict("records"), expected, strict=True):
        for column in table.columns:
            cell = row[column.name]
            cell = None if isinstance(cell, float) and math.isnan(cell) else cell
            want = _json_value(record, column)
            if column.is_list:
                assert (cell.split(LIST_SEPARATOR) if cell is not None else []) == want, (column.name, record)
            else:
                assert cell == want, (table.name, column.name, cell, want)


@pytest.mark.parametrize("table", TABLES, ids=[t.name for t in TABLES])
def test_csv_module_reads_every_value_back_equal_to_the_json(release, table):
    with open(release / table.path, encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    expected = _json_rows(release, table)
    assert len(rows) == len(expected)
    parse = {"integer": int, "number": float, "boolean": lambda s: {"true": True, "false": False}[s]}
    for row, record in zip(rows, expected, strict=True):
        for column in table.columns:
            raw, want = row[column.name], _json_value(record, column)
            if column.is_list:
                assert (raw.split(LIST_SEPARATOR) if raw else []) == want
            elif raw == "":
                assert want is None, (table.name, column.name)
            else:
                assert parse.get(column.type, str)(raw) == want, (table.name, column.name)


def test_claims_json_round_trips_through_the_models(release):
    from claimset.models import Claim

    whole = json.loads((release / "claims.json").read_text(encoding="utf-8"))
    lines = (release / "claims.jsonl").read_text(encoding="utf-8").splitlines()
    assert [json.loads(line) for line in lines] == whole["claims"]
    for record in whole["claims"]:
        assert Claim.model_validate(record).model_dump(mode="json") == record


def test_failed_build_leaves_the_output_untouched(mini, run, tmp_path):
    out = tmp_path / "out"
    assert run("build", "--root", str(mini), "--out", str(out)).exit_code == 0
    before = _tree(out)
    path = mini / "claims" / "doc-a.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("type: quantity", "type: rumour"), encoding="utf-8")
    result = run("build", "--root", str(mini), "--out", str(out))
    assert result.exit_code == 1
    assert "unknown-term" in result.output
    assert _tree(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mini", "out"], "no staging directory left behind"


def test_vanished_released_id_is_an_error_until_retired(mini, run):
    (mini / "releases").mkdir()
    (mini / "releases" / "latest-ids.txt").write_text("a-builders\na-gone\n", encoding="utf-8")
    result = run("validate", "--root", str(mini), "--format", "json")
    assert result.exit_code == 1
    (problem,) = json.loads(result.output)
    assert (problem["code"], problem["file"], problem["line"]) == ("vanished-id", "releases/latest-ids.txt", 2)
    (mini / "claims" / "retired.yaml").write_text(
        "retired:\n- id: a-gone\n  reason: merged into a-builders\n  replaced_by: [a-builders]\n  retired_in: 0.2.0\n",
        encoding="utf-8",
    )
    assert run("validate", "--root", str(mini)).exit_code == 0


def test_retired_id_cannot_be_reused(mini, run):
    (mini / "claims" / "retired.yaml").write_text(
        "retired:\n- id: a-talks\n  reason: split\n  retired_in: 0.2.0\n", encoding="utf-8"
    )
    result = run("validate", "--root", str(mini), "--format", "json")
    assert [p["code"] for p in json.loads(result.output)] == ["retired-id-in-use"]


def test_duckdb_reads_the_csv_files(release):
    duckdb = pytest.importorskip("duckdb")
    whole = json.loads((release / "claims.json").read_text(encoding="utf-8"))
    con = duckdb.connect()
    rows = con.execute(f"SELECT id, quote_text, quote_start FROM read_csv_auto('{release / 'claims.csv'}')").fetchall()
    assert rows == [(c["id"], c["quote"]["text"], c["quote"]["start"]) for c in whole["claims"]]
    figures = con.execute(f"SELECT sum(value) FROM read_csv_auto('{release / 'figures.csv'}')").fetchone()[0]
    assert figures == sum(f["value"] for c in whole["claims"] for f in c["figures"])


def test_a_release_carries_the_version_of_the_data_it_was_built_from(release, data_root):
    from claimset.build import version

    whole = json.loads((release / "claims.json").read_text(encoding="utf-8"))
    package = json.loads((release / "datapackage.json").read_text(encoding="utf-8"))
    assert whole["version"] == package["version"] == version(data_root)


def test_citation_and_changelog_name_the_same_next_release_and_the_release_workflow_checks_the_tag(repo):
    citation = re.search(r"^version: (\S+)$", (repo / "CITATION.cff").read_text(encoding="utf-8"), re.M).group(1)
    newest = re.search(r"^## (\S+) ", (repo / "CHANGELOG.md").read_text(encoding="utf-8"), re.M).group(1)
    assert citation == newest
    workflow = (repo / ".github" / "workflows" / "release.yml").read_text(encoding="utf-8")
    for check in ('"${GITHUB_REF_NAME}" != "v${version}"', 'grep -qx "version: ${version}" CITATION.cff',
                  'grep -q "^## ${version} " CHANGELOG.md', "fetch-depth: 0"):
        assert check in workflow


def test_workflows_follow_the_github_workflow_schema(repo):
    import subprocess
    import sys

    workflows = sorted(str(p) for p in (repo / ".github" / "workflows").glob("*.yml"))
    assert {"pages.yml", "release.yml", "validate.yml"} <= {Path(p).name for p in workflows}
    proc = subprocess.run(
        [sys.executable, "-m", "check_jsonschema", "--builtin-schema", "vendor.github-workflows", *workflows],
        capture_output=True, text=True,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr


@pytest.mark.parametrize("table", TABLES, ids=[t.name for t in TABLES])
def test_duckdb_reads_the_parquet_files_equal_to_the_csv(release, table):
    duckdb = pytest.importorskip("duckdb")
    pytest.importorskip("pyarrow")
    con = duckdb.connect()
    from_parquet = con.execute(f"SELECT * FROM '{release / table.parquet_path}'").fetchall()
    with open(release / table.path, encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    parse = {
        "integer": int, "number": float, "boolean": lambda s: {"true": True, "false": False}[s],
        "date": dt.date.fromisoformat,
    }
    def cell(column, text):
        if column.is_list:  # a list in Parquet, `;`-joined in the CSV; an empty list is [] there and "" here
            return text.split(";") if text else []
        return parse.get(column.type, str)(text) if text != "" else None

    expected = [tuple(cell(c, row[c.name]) for c in table.columns) for row in rows]
    assert from_parquet == expected


def test_build_replaces_a_previous_release_and_keeps_usual_permissions(mini, run, tmp_path):
    import os
    import stat

    out = tmp_path / "out"
    assert run("build", "--root", str(mini), "--out", str(out)).exit_code == 0
    assert run("build", "--root", str(mini), "--out", str(out)).exit_code == 0
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(out.stat().st_mode) == 0o777 & ~umask


def test_coverage_names_a_file_that_cannot_be_read_and_judges_the_others(mini, run):
    (mini / "claims" / "doc-b.yaml").write_text("document: [\n", encoding="utf-8")
    result = run("coverage", "--root", str(mini))
    assert result.exit_code == 1
    assert "doc-b: not judged: its file does not read" in result.output
    assert "doc-a: 3/3 sentences covered" in result.output


def test_coverage_lists_the_gaps_of_a_document_still_being_annotated(mini, run):
    # The document's fields are not filled in yet, as right after `claimset new`: validate
    # reports them, and coverage still lists what no claim covers.
    path = mini / "claims" / "doc-b.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("claims:\n- id: b-meeting", "claims: []\nx:\n- id: b-meeting").split("x:\n")[0]
                    .replace("  outlet: outlet-a\n", ""), encoding="utf-8")
    result = run("coverage", "--root", str(mini))
    assert result.exit_code == 1
    assert "doc-b: 0/1 sentences covered\n  0:38 Агентство сообщило о встрече 6 ноября.\n" in result.output
    assert "doc-a: 3/3 sentences covered" in result.output


# --- licences: the annotations are CC BY 4.0, the publishers' texts are not licensed ---

CC_BY = "https://creativecommons.org/licenses/by/4.0/"


def test_frictionless_gives_the_annotation_tables_cc_by_and_no_licence_to_the_texts(release):
    frictionless = pytest.importorskip("frictionless")
    package = frictionless.Package(str(release / "datapackage.json"))
    assert package.licenses == []  # the package as a whole is not under one licence
    for table in TABLES:
        [licence] = package.get_resource(table.name).licenses
        assert (licence["name"], licence["path"]) == ("CC-BY-4.0", CC_BY)
        assert "Creative Commons Attribution 4.0" in licence["title"]
    with_texts = [r for r in package.resources if r.name == "claims-json" or r.path.startswith("texts/")]
    assert len(with_texts) == 1 + len(list((release / "texts").iterdir()))
    for resource in with_texts:
        assert resource.licenses == [], resource.name
        assert "belong to their publishers" in resource.description, resource.name
        assert "no licence to them is granted" in resource.description, resource.name


def test_datasette_metadata_licenses_the_database_as_the_tables(release):
    from claimset import database

    meta = json.loads((release / database.METADATA_NAME).read_text(encoding="utf-8"))
    package = json.loads((release / "datapackage.json").read_text(encoding="utf-8"))
    [claims_licence] = next(r for r in package["resources"] if r["name"] == "claims")["licenses"]
    assert (meta["license"], meta["license_url"]) == (claims_licence["title"], CC_BY)
    assert "The source texts are not in this database" in meta["description"]


def test_citation_cff_is_valid_and_says_the_texts_are_not_covered(repo):
    import subprocess
    import sys

    import yaml

    path = repo / "CITATION.cff"
    proc = subprocess.run(
        [sys.executable, "-m", "check_jsonschema", "--builtin-schema", "vendor.citation-file-format", str(path)],
        capture_output=True, text=True,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    citation = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert citation["license"] == "CC-BY-4.0"
    assert "covers the annotations only" in citation["message"]
    for field in ("message", "abstract"):
        assert "belong to their publishers" in citation[field], field



# --- one type and one null per column, in every format -----------------------

PARQUET_TYPES = {"string": "string", "integer": "int64", "number": "double", "boolean": "bool", "date": "date32[day]"}
SQLITE_TYPES = {"string": "TEXT", "integer": "INTEGER", "number": "REAL", "boolean": "INTEGER", "date": "TEXT"}
# What DuckDB guesses for a CSV column with values. A `number` column of whole
# numbers, written as stated, it guesses as BIGINT: the README's recipe gives DOUBLE.
DUCKDB_TYPES = {"integer": "BIGINT", "boolean": "BOOLEAN", "date": "DATE"}


def _declared(release: Path, table) -> dict[str, str]:
    package = json.loads((release / "datapackage.json").read_text(encoding="utf-8"))
    [resource] = [r for r in package["resources"] if r["name"] == table.name]
    return {f["name"]: f["type"] for f in resource["schema"]["fields"]}


def _null_rows(values) -> list[int]:
    return [i for i, v in enumerate(values) if v is None or (isinstance(v, float) and math.isnan(v))]


def _is_kind(pd) -> dict:
    return {
        "string": pd.api.types.is_string_dtype, "integer": pd.api.types.is_integer_dtype,
        "number": pd.api.types.is_float_dtype, "boolean": pd.api.types.is_bool_dtype,
        "date": pd.api.types.is_datetime64_any_dtype,
    }


@pytest.mark.parametrize("table", TABLES, ids=[t.name for t in TABLES])
def test_every_format_gives_each_column_its_declared_type(release, table):
    pq = pytest.importorskip("pyarrow.parquet")
    duckdb = pytest.importorskip("duckdb")
    pd = pytest.importorskip("pandas")
    import sqlite_utils

    import claimset

    declared = _declared(release, table)
    parquet = pq.read_schema(release / table.parquet_path)
    lists = {c.name for c in table.columns if c.is_list}
    assert {f.name: str(f.type) for f in parquet} == {
        n: "list<element: string>" if n in lists else PARQUET_TYPES[t] for n, t in declared.items()
    }
    db = sqlite_utils.Database(release / "claims.db")
    assert {c.name: c.type for c in db[table.name].columns} == {n: SQLITE_TYPES[t] for n, t in declared.items()}
    frame = claimset.load(release).to_pandas(table.name)
    is_kind = _is_kind(pd)
    for name, kind in declared.items():
        assert is_kind[kind](frame[name]) or (kind == "string" and pd.api.types.is_object_dtype(frame[name])), name
    # DuckDB guesses a CSV column's type from its values: where there are values, it guesses the declared one.
    described = duckdb.connect().execute(f"DESCRIBE SELECT * FROM read_csv('{release / table.path}')").fetchall()
    guessed = {name: kind for name, kind, *_ in described}
    filled = {c.name for c in table.columns if any(c.value(r) is not None for r in _json_rows(release, table))}
    for name, kind in declared.items():
        if kind in DUCKDB_TYPES and name in filled:
            assert guessed[name] == DUCKDB_TYPES[kind], (table.name, name, guessed[name])


@pytest.mark.parametrize("table", TABLES, ids=[t.name for t in TABLES])
def test_every_format_has_the_same_nulls(release, table):
    pq = pytest.importorskip("pyarrow.parquet")
    pytest.importorskip("pandas")
    import sqlite_utils

    import claimset

    with open(release / table.path, encoding="utf-8", newline="") as handle:
        csv_rows = list(csv.DictReader(handle))
    parquet = pq.read_table(release / table.parquet_path).to_pydict()
    db = sqlite_utils.Database(release / "claims.db")
    sql_rows = list(db.query(f'SELECT * FROM "{table.name}" ORDER BY rowid'))
    frame = claimset.load(release).to_pandas(table.name)
    for column in table.columns:
        in_csv = [i for i, row in enumerate(csv_rows) if row[column.name] == ""]
        if column.is_list:  # Parquet holds a list as a list: an empty one is [], never null
            assert _null_rows(parquet[column.name]) == []
            assert [i for i, v in enumerate(parquet[column.name]) if v == []] == in_csv, (table.name, column.name)
        else:
            assert _null_rows(parquet[column.name]) == in_csv, (table.name, column.name, "parquet")
        assert _null_rows([row[column.name] for row in sql_rows]) == in_csv, (table.name, column.name, "sqlite")
        assert [i for i, v in enumerate(frame[column.name].isna()) if v] == in_csv, (table.name, column.name, "pandas")


def test_figures_value_is_the_same_number_in_every_format(release):
    duckdb = pytest.importorskip("duckdb")
    pytest.importorskip("pyarrow")
    pytest.importorskip("pandas")
    import sqlite_utils

    import claimset

    whole = json.loads((release / "claims.json").read_text(encoding="utf-8"))
    stated = [f["value"] for c in whole["claims"] for f in c["figures"]]
    with open(release / "figures.csv", encoding="utf-8", newline="") as handle:
        assert [row["value"] for row in csv.DictReader(handle)] == [str(v) for v in stated]  # exactly as stated
    con = duckdb.connect()
    declared = f"read_csv('{release / 'figures.csv'}', types = {{'value': 'DOUBLE'}})"
    from_csv = con.execute(f"SELECT value FROM {declared}").fetchall()
    from_parquet = con.execute(f"SELECT value FROM '{release / 'parquet' / 'figures'}/*.parquet'").fetchall()
    assert from_csv == from_parquet == [(float(v),) for v in stated]
    db = sqlite_utils.Database(release / "claims.db")
    assert [(r["value"], r["t"]) for r in db.query("SELECT value, typeof(value) AS t FROM figures")] == [
        (float(v), "real") for v in stated
    ]
    frame = claimset.load(release).to_pandas("figures")
    assert str(frame["value"].dtype) == "float64" and frame["value"].tolist() == [float(v) for v in stated]


def _readme_python_block(repo: Path, containing: str) -> str:
    import re

    blocks = re.findall(r"^```python\n(.*?)^```", (repo / "README.md").read_text(encoding="utf-8"), re.S | re.M)
    [block] = [b for b in blocks if containing in b]
    return block


@pytest.mark.parametrize("table", TABLES, ids=[t.name for t in TABLES])
def test_the_readme_csv_recipe_gives_the_declared_types_in_pandas_and_duckdb(release, repo, table, monkeypatch):
    pd = pytest.importorskip("pandas")
    duckdb = pytest.importorskip("duckdb")
    pytest.importorskip("pyarrow")
    import claimset

    monkeypatch.chdir(release)
    recipe: dict = {}
    exec(_readme_python_block(repo, "def read_csv(table)"), recipe)
    frame = recipe["read_csv"](table.name)
    ours = claimset.load(release).to_pandas(table.name)
    is_kind = _is_kind(pd)
    for name, kind in _declared(release, table).items():
        assert is_kind[kind](frame[name]), (table.name, name, frame[name].dtype)
        assert [None if pd.isna(v) else v for v in frame[name]] == [None if pd.isna(v) else v for v in ours[name]], name
    con = duckdb.connect()
    typed = f"read_csv('{table.path}', types = {recipe['duckdb_types'](table.name)})"
    parquet = f"'{table.parquet_path}'"
    # A list column is `;`-joined text in the CSV and a list in Parquet: the recipe splits it.
    columns = ", ".join(recipe["duckdb_columns"](table.name))
    assert con.execute(f"DESCRIBE SELECT {columns} FROM {typed}").fetchall() == con.execute(f"DESCRIBE SELECT * FROM {parquet}").fetchall()
    assert con.execute(f"SELECT {columns} FROM {typed}").fetchall() == con.execute(f"SELECT * FROM {parquet}").fetchall()


def test_the_readme_parquet_recipe_gives_datetimes_like_to_pandas(release, repo):
    pq = pytest.importorskip("pyarrow.parquet")
    pd = pytest.importorskip("pandas")
    import claimset

    assert "to_pandas(date_as_object=False)" in (repo / "README.md").read_text(encoding="utf-8")
    frame = pq.read_table(release / "parquet" / "claims" / "claims.parquet").to_pandas(date_as_object=False)
    ours = claimset.load(release).to_pandas()
    for name in ("date_earliest", "date_latest", "event_date_earliest", "event_date_latest"):
        assert pd.api.types.is_datetime64_any_dtype(frame[name]), name
        assert frame[name].equals(ours[name].astype(frame[name].dtype)), name


def test_git_ignores_the_release_and_site_the_readme_builds_in_a_checkout(repo):
    import shutil
    import subprocess

    if shutil.which("git") is None or not (repo / ".git").exists():
        pytest.skip("not a git checkout")

    def git(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run(["git", "-C", str(repo), *args], capture_output=True, text=True)

    # The README's commands: `claimset build --out release`, `claimset site --out site`.
    ignored = git("check-ignore", "--no-index", "release/claims.json", "release/texts/a.txt", "site/index.html").stdout
    assert ignored.split() == ["release/claims.json", "release/texts/a.txt", "site/index.html"]
    assert git("check-ignore", "--no-index", "src/claimset/templates/site/base.html").returncode == 1
    assert git("ls-files", "--cached", "--ignored", "--exclude-standard").stdout == ""  # no tracked file is ignored


def test_a_retired_claim_id_is_explained_in_the_tables_and_the_database(release):
    # A cited id that is no longer a claim: a reader of the CSVs or claims.db learns why, as in claims.json.
    whole = json.loads((release / "claims.json").read_text(encoding="utf-8"))
    assert whole["retired"], "the data retires no claim id; this test needs one"
    expected = {r["id"]: (r["reason"], ";".join(r["replaced_by"]) or None, r["retired_in"]) for r in whole["retired"]}
    with open(release / "retired.csv", encoding="utf-8", newline="") as handle:
        rows = {r["id"]: (r["reason"], r["replaced_by"] or None, r["retired_in"]) for r in csv.DictReader(handle)}
    assert rows == expected
    db = sqlite3.connect(release / "claims.db")
    stored = {i: (reason, ";".join(json.loads(replaced)) if replaced else None, version)
              for i, reason, replaced, version in db.execute("SELECT id, reason, replaced_by, retired_in FROM retired")}
    assert stored == expected
    package = json.loads((release / "datapackage.json").read_text(encoding="utf-8"))
    assert any(r["path"] == "retired.csv" and r["schema"]["primaryKey"] == ["id"] for r in package["resources"])


def test_the_package_description_counts_the_documents_it_holds(release, mini, run, tmp_path):
    # The description is metadata a portal shows; it must fit the data, however many documents there are.
    package = json.loads((release / "datapackage.json").read_text(encoding="utf-8"))
    whole = json.loads((release / "claims.json").read_text(encoding="utf-8"))
    years = sorted({d["published"][:4] for d in whole["documents"]})
    assert package["description"].startswith(
        f"Every claim in {len(whole['documents'])} Russian-language news texts ({years[0]}–{years[-1]}):"
    )
    assert run("build", "--root", str(mini), "--out", str(tmp_path / "out")).exit_code == 0
    small = json.loads((tmp_path / "out" / "datapackage.json").read_text(encoding="utf-8"))
    assert small["description"].startswith("Every claim in 2 Russian-language news texts (2025):")


def test_parquet_files_name_the_pyarrow_that_wrote_them_as_the_readme_says(repo, data_root):
    pq = pytest.importorskip("pyarrow.parquet")
    import io

    import pyarrow

    from claimset import load

    readme = (repo / "README.md").read_text(encoding="utf-8")
    assert "byte-identical\nbetween builds only with the same pyarrow" in readme
    table = next(t for t in TABLES if t.name == "figures")
    written = pq.ParquetFile(io.BytesIO(table.parquet_bytes(load(data_root)))).metadata.created_by
    assert written == f"parquet-cpp-arrow version {pyarrow.__version__}"
