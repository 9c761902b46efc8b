"""A release's JSON files hold to the JSON Schemas shipped beside them, read by jsonschema, not by the models."""

from __future__ import annotations

import json

import jsonschema


def _validator(release, name):
    schema = json.loads((release / "schema" / name).read_text(encoding="utf-8"))
    return jsonschema.Draft202012Validator(schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)


def test_every_line_of_claims_jsonl_holds_to_the_shipped_claim_schema(release):
    validator = _validator(release, "claim.schema.json")
    lines = (release / "claims.jsonl").read_text(encoding="utf-8").splitlines()
    claims = json.loads((release / "claims.json").read_text(encoding="utf-8"))["claims"]
    assert len(lines) == len(claims) > 100
    for number, line in enumerate(lines, 1):
        errors = sorted(validator.iter_errors(json.loads(line)), key=lambda e: list(e.path))
        assert errors == [], f"claims.jsonl:{number}: {errors[0].message}"


def test_the_shipped_claim_schema_refuses_a_claim_the_models_refuse(release):
    validator = _validator(release, "claim.schema.json")
    claim = json.loads((release / "claims.jsonl").read_text(encoding="utf-8").splitlines()[0])
    assert validator.is_valid(claim)
    assert not validator.is_valid({**claim, "type": "rumour"})
    assert not validator.is_valid({**claim, "unexpected": 1})
    assert not validator.is_valid({key: value for key, value in claim.items() if key != "quote"})
