"""Markdown from the models: the README's generated sections (data dictionary, vocabularies, release files); and
from a dataset: its counts (`claimset counts`), which the README does not hold, since they change with every article.

`claimset fmt` rewrites the README's sections (see `claimset.generated`); `claimset fmt --check`
exits 1 when README.md has drifted from the models.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

from pydantic import BaseModel

from . import dates
from .models import (
    SLUG_PATTERN,
    Actor,
    Claim,
    Document,
    Figure,
    Names,
    NotClaim,
    Quote,
    ReaderWarning,
    Relation,
    RetiredClaim,
    Review,
    Role,
)
from .vocab import VOCABULARIES

DICTIONARY_MODELS: list[type[BaseModel]] = [
    Claim, Quote, Figure, Relation, Review, ReaderWarning, Document, NotClaim, Actor, Role, Names, RetiredClaim
]


def _type_name(schema: dict[str, Any]) -> str:
    if "$ref" in schema:
        return f"`{schema['$ref'].rsplit('/', 1)[-1]}`"
    if "anyOf" in schema:
        parts = [_type_name(s) for s in schema["anyOf"]]
        nullable = "null" in parts
        parts = [p for p in parts if p != "null"]
        return " or ".join(parts) + (" or null" if nullable else "")
    if schema.get("type") == "array":
        return f"list of {_type_name(schema.get('items', {}))}"
    if schema.get("pattern") == dates.PATTERN:
        return "date (EDTF)"
    if schema.get("pattern") == SLUG_PATTERN:
        return "id"
    return str(schema.get("type", "any"))


def data_dictionary() -> str:
    out = []
    for model in DICTIONARY_MODELS:
        schema = model.model_json_schema(mode="serialization")
        required = set(schema.get("required", []))
        out.append(f"#### `{model.__name__}`\n\n{(model.__doc__ or '').strip()}\n")
        out.append("| field | type | required | meaning |\n|---|---|---|---|")
        for name, info in model.model_fields.items():
            prop = schema["properties"][name]
            kind = _type_name(prop)
            out.append(f"| `{name}` | {kind} | {'yes' if name in required else 'no'} | {info.description} |")
        out.append("")
    return "\n".join(out).rstrip() + "\n"


def vocabularies() -> str:
    out = []
    for field, vocab in VOCABULARIES.items():
        out.append(f"#### `{field}` ({vocab.__name__})\n\n{vocab.__doc__}\n")
        out.append("| term | definition |\n|---|---|")
        out.extend(f"| `{term}` | {definition} |" for term, definition in vocab.definitions().items())
        out.append("")
    return "\n".join(out).rstrip() + "\n"


def counts(dataset: Any) -> str:
    """The claims per document, type and speaker, as Markdown tables (`claimset counts`)."""
    from .escape import markdown

    claims = dataset.claims
    out = [f"{len(claims)} claims in {len(dataset.documents)} documents, {len(dataset.actors)} actors.\n"]
    out.append("| document | published | claims | direct | indirect | narrative |\n|---|---|---|---|---|---|")
    per_document = Counter((c.document, c.mode.value) for c in claims)  # one pass: linear in the claims
    for doc_id, document in dataset.documents.items():
        modes = {mode: per_document[(doc_id, mode)] for mode in ("direct", "indirect", "narrative")}
        published = document.published + (" (inferred)" if document.published_inferred else "")
        out.append(
            f"| `{doc_id}` | {published} | {sum(modes.values())} | {modes['direct']} | {modes['indirect']} | "
            f"{modes['narrative']} |"
        )
    out.append("\n| claim type | claims |\n|---|---|")
    for term, n in sorted(Counter(c.type.value for c in claims).items(), key=lambda kv: (-kv[1], kv[0])):
        out.append(f"| `{term}` | {n} |")
    out.append("\n| speaker | claims |\n|---|---|")
    for actor_id, n in sorted(Counter(c.speaker for c in claims).items(), key=lambda kv: (-kv[1], kv[0])):
        out.append(f"| `{actor_id}` ({markdown(dataset.actors[actor_id].name.en)}) | {n} |")
    return "\n".join(out) + "\n"


def release_files() -> str:
    from .export import TABLES

    out = ["| file | format | contents |", "|---|---|---|"]
    out.append("| `claims.json` | JSON | the whole dataset, nested: `name`, `version`, `documents`, `actors`, `claims`, `retired` |")
    out.append("| `claims.jsonl` | JSON Lines | one claim per line, as in `claims.json` (schema: `schema/claim.schema.json`) |")
    for table in TABLES:
        key = ", ".join(table.primary_key)
        columns = ", ".join(f"`{c.name}`" for c in table.columns)
        out.append(f"| `{table.path}` | CSV (RFC 4180, UTF-8) | {table.description} Key: {key}. Columns: {columns} |")
    out.append("| `parquet/<table>/<table>.parquet` | Parquet (zstd) | the same tables with typed columns, a list as `list<string>`, and the dataset's name, version and licence in each file's metadata; a folder per table, so Spark, DuckDB and Hugging Face `datasets` read a folder as one table (built with `--parquet`) |")
    out.append("| `claims.db` | SQLite | the same tables with primary and foreign keys, indexes, full-text search over the words as written (`claims_fts`) and in every inflected form (`claim_words`, `claim_words_fts`), and the view `claims_named`; list columns are JSON arrays |")
    out.append("| `datasette-metadata.json` | Datasette metadata | titles, descriptions, licence, source and facets: `datasette claims.db -m datasette-metadata.json` |")
    out.append("| `datapackage.json` | Frictionless Data Package | a Table Schema per CSV: types, constraints, primary and foreign keys; version, sources, and each resource's licence (CC BY 4.0 for the tables, none for the source texts) |")
    out.append("| `README.md` | dataset card (Markdown, Hugging Face front matter) | what the dataset is, its sources, each table with its licence, how to cite it, its known limits; one config per table with rows, so `datasets.load_dataset(\"<release>\", \"figures\")` reads a table (from Parquet when built with `--parquet`, else from the CSV) |")
    out.append("| `croissant.json` | Croissant 1.0 (schema.org JSON-LD) | the dataset's metadata, every file with its SHA-256, and a record set per table with typed fields and its key, for dataset search and `mlcroissant` |")
    out.append("| `changes.json` | JSON | what changed since the previous release (`claimset build --previous RELEASE`, a directory or URL): claims, documents and actors added, removed and changed field by field, claims retired with `replaced_by` and `retired_in`; and under `records` each record's `added_in` and `changed_in`, carried forward from the previous release's `changes.json` |")
    out.append("| `schema/*.schema.json` | JSON Schema 2020-12 | the record shapes, generated from the models |")
    out.append("| `texts/<doc-id>.txt` | text (UTF-8) | each document's source text, byte for byte as received (also the `text` of each document in `claims.json`) |")
    out.append("| `ids.txt` | text | every claim id of the release, one per line |")
    out.append("| `SHA256SUMS` | text | the SHA-256 of every other file (`sha256sum -c SHA256SUMS`) |")
    return "\n".join(out) + "\n"


def release_tables() -> str:
    """Each release table: what a row is, its key and foreign keys, and each column with the field it comes from."""
    from .export import TABLES

    out = []
    for table in TABLES:
        key = ", ".join(f"`{name}`" for name in table.primary_key)
        references = "; ".join(
            f"`{k['fields']}` → `{k['reference']['resource']}.{k['reference']['fields']}`" for k in table.foreign_keys
        )
        out.append(f"#### `{table.name}`\n\n{table.description} Key: {key}."
                   + (f" Foreign keys: {references}." if references else "") + "\n")
        out.append("| column | type | from | meaning |\n|---|---|---|---|")
        for column in table.columns:
            kind = "list of string" if column.is_list else column.type
            source = column.field + (f" (its {column.bound} day)" if column.bound else "")
            out.append(f"| `{column.name}` | {kind} | {source} | {column.description} |")
        out.append("")
    return "\n".join(out).rstrip() + "\n"


def generate() -> dict[str, str]:
    """Each generated section's name and text: from the models alone, never the data, so no data change touches them."""
    return {
        "data-dictionary": data_dictionary(),
        "vocabularies": vocabularies(),
        "release-files": release_files(),
        "release-tables": release_tables(),
    }


def _keep_markers(body: str):
    return lambda match: match.group(1) + body + match.group(2)


def apply(readme: str, generated: dict[str, str]) -> str:
    """Replace each `<!-- begin: name -->…<!-- end: name -->` block with its generated text."""
    for name, body in generated.items():
        pattern = re.compile(rf"(<!-- begin: {name} -->\n).*?(<!-- end: {name} -->)", re.S)
        if not pattern.search(readme):
            raise ValueError(f"README.md has no <!-- begin: {name} --> … <!-- end: {name} --> block")
        readme = pattern.sub(_keep_markers(body), readme)
    return readme


if __name__ == "__main__":
    # The former `python -m claimset.docs [--check]`: say where it went rather than do nothing.
    import sys

    sys.exit("README.md's generated sections are written by `claimset fmt`; `claimset fmt --check` checks them")
