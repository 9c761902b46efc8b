"""JSON Schemas (2020-12) generated from the models, one file per shape."""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import BaseModel

from .models import ActorFile, Claim, ClaimsFile, RetiredFile

DIALECT = "https://json-schema.org/draft/2020-12/schema"

# file name → (model, mode): YAML sources are validated input; releases are serialised output.
SCHEMAS: dict[str, tuple[type[BaseModel], str]] = {
    "claims-file.schema.json": (ClaimsFile, "validation"),
    "actor-file.schema.json": (ActorFile, "validation"),
    "retired-file.schema.json": (RetiredFile, "validation"),
    "claim.schema.json": (Claim, "serialization"),
}


def render(model: type[BaseModel], mode: str) -> str:
    schema = {"$schema": DIALECT, **model.model_json_schema(mode=mode)}  # type: ignore[arg-type]
    return json.dumps(schema, ensure_ascii=False, indent=2) + "\n"


def expected() -> dict[str, str]:
    """Each schema file's name and the text it must hold."""
    return {name: render(model, mode) for name, (model, mode) in SCHEMAS.items()}


def stale(directory: Path) -> dict[str, str]:
    """Each schema file in ``directory`` that is missing, out of date or not generated, and why."""
    wanted = expected()
    out = {}
    for name, text in wanted.items():
        path = directory / name
        if not path.is_file():
            out[name] = "missing"
        elif path.read_text(encoding="utf-8") != text:
            out[name] = "out of date with the models"
    if directory.is_dir():
        for path in sorted(directory.glob("*.json")):
            if path.name not in wanted:
                out[path.name] = "not generated from the models (remove it)"
    return out


def write(directory: Path) -> list[str]:
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in expected().items():
        (directory / name).write_text(text, encoding="utf-8")
        written.append(name)
    return written
