"""One source of truth: schemas and README sections come from the models and data (`claimset.generated`)."""

from __future__ import annotations

import json

import jsonschema
import pytest

from claimset import docs, schema
from claimset.yamlio import load as read_yaml


def test_committed_schemas_match_the_models(repo):
    assert schema.stale(repo / "schema") == {}


def test_schema_check_fails_on_a_stale_file(tmp_path, run):
    schema.write(tmp_path)
    path = tmp_path / "claim.schema.json"
    path.write_text(path.read_text(encoding="utf-8").replace("Stable claim id", "Claim id"), encoding="utf-8")
    (tmp_path / "old.schema.json").write_text("{}", encoding="utf-8")
    (tmp_path / "actor-file.schema.json").unlink()
    result = run("schema", "--check", "--dir", str(tmp_path))
    assert result.exit_code == 1
    assert "claim.schema.json: out of date with the models" in result.output
    assert "actor-file.schema.json: missing" in result.output
    assert "old.schema.json: not generated from the models" in result.output


@pytest.mark.parametrize("name", sorted(schema.SCHEMAS))
def test_schemas_are_valid_2020_12(repo, name):
    document = json.loads((repo / "schema" / name).read_text(encoding="utf-8"))
    assert document["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft202012Validator.check_schema(document)


def test_yaml_sources_validate_against_the_published_schema(repo):
    def published(name):
        return json.loads((repo / "schema" / f"{name}.schema.json").read_text(encoding="utf-8"))

    for path in _yaml_sources(repo):
        chosen = published(_schema_of(repo, path))
        errors = list(jsonschema.Draft202012Validator(chosen).iter_errors(read_yaml(path).data))
        assert errors == [], f"{path.name}: {errors[0].message}"


def _yaml_sources(repo):
    """Every YAML file under claims/: the documents' claims, retired.yaml and each actor's file."""
    return sorted((repo / "claims").rglob("*.yaml"))


def _schema_of(repo, path) -> str:
    if path.parent == repo / "claims" / "actors":
        return "actor-file"
    return "retired-file" if path.name == "retired.yaml" else "claims-file"


def test_an_actor_file_is_the_actor_as_the_published_schema_says():
    actor_schema = json.loads(schema.expected()["actor-file.schema.json"])
    validator = jsonschema.Draft202012Validator(actor_schema)
    actor = {"id": "x", "kind": "person", "name": {"ru": None, "en": "X"}}
    assert validator.is_valid(actor)
    assert not validator.is_valid({"actors": [actor]}), "the file holds the actor itself, not a list"


def test_published_schema_rejects_what_the_models_reject():
    claims_schema = json.loads(schema.expected()["claims-file.schema.json"])
    validator = jsonschema.Draft202012Validator(claims_schema)
    assert not validator.is_valid({"document": {}, "claims": [], "extra": 1})


def test_every_yaml_file_points_editors_at_its_schema(repo):
    for path in _yaml_sources(repo):
        first = path.read_text(encoding="utf-8").splitlines()[0]
        up = "../" * (len(path.relative_to(repo).parts) - 1)  # claims/x.yaml: ../; claims/actors/x.yaml: ../../
        assert first == f"# yaml-language-server: $schema={up}schema/{_schema_of(repo, path)}.schema.json", path.name


def test_every_generated_file_is_listed_once():
    from claimset.generated import OUTPUTS

    paths = [output.path for output in OUTPUTS]
    assert len(paths) == len(set(paths))
    # Nothing generated from the data is committed: a data pull request regenerates no file.
    assert {f"schema/{name}" for name in schema.SCHEMAS} | {"README.md"} == set(paths)


def test_readme_generated_sections_are_current(repo):
    readme = (repo / "README.md").read_text(encoding="utf-8")
    assert docs.apply(readme, docs.generate()) == readme


def test_the_readme_states_no_count_of_the_data(repo):
    # Counts change with every article; `claimset counts` and each release state them.
    import claimset

    data = claimset.load(repo)
    readme = (repo / "README.md").read_text(encoding="utf-8")
    for stated in (f"{len(data.claims)} claims", f"{len(data.documents)} documents", f"{len(data.actors)} actors"):
        assert stated not in readme
    assert "<!-- begin: counts -->" not in readme


def test_data_dictionary_lists_every_field_of_every_model():
    text = docs.data_dictionary()
    for model in docs.DICTIONARY_MODELS:
        for field in model.model_fields:
            assert f"| `{field}` |" in text, f"{model.__name__}.{field}"


def test_vocabulary_terms_all_have_definitions():
    text = docs.vocabularies()
    for vocab in docs.VOCABULARIES.values():
        for term in vocab:
            assert vocab.definitions()[term.value].strip()
            assert f"| `{term.value}` |" in text


def test_every_model_field_has_a_release_column_or_table():
    from claimset.export import TABLES
    from claimset.models import Actor, Claim, Document

    columns = {t.name: [c.name for c in t.columns] for t in TABLES}
    child_tables = {"figures": "figures", "relations": "relations", "not_claims": "not_claims", "roles": "roles"}
    for table, model in (("claims", Claim), ("documents", Document), ("actors", Actor)):
        for field in model.model_fields:
            if field in child_tables:
                assert child_tables[field] in columns
            else:
                assert any(c == field or c.startswith(f"{field}_") for c in columns[table]), f"{model.__name__}.{field}"


def test_this_checkout_is_claimset_s_own_so_fmt_checks_its_generated_files(repo, tmp_path):
    # Were it taken for a data repository, `claimset fmt --check` would pass here without looking at them.
    from claimset.generated import is_claimset_checkout

    assert is_claimset_checkout(repo)
    (tmp_path / "claims").mkdir()
    assert not is_claimset_checkout(tmp_path)
