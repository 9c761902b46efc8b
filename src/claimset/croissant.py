"""`croissant.json`: the release described in Croissant 1.0 (schema.org `Dataset` JSON-LD, MLCommons).

Dataset search engines and ML tools read it: the dataset's metadata, a
`FileObject` per release file with its SHA-256, and a `RecordSet` per table
with typed fields and its key, from `export.TABLES` (the
same definitions as the CSV, Parquet and SQLite tables). The record sets read
the CSV files, which every release has; a text cell that a CSV guards with an
apostrophe (see README, Release files) is read back without it. Foreign keys
are declared in `datapackage.json` only: mlcroissant (1.1) reads a field with
`references` by joining the two record sets, which fails.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from .card import AUTHORS
from .export import TABLES, Column, Table

FILE_NAME = "croissant.json"
CONFORMS_TO = "http://mlcommons.org/croissant/1.0"

# The standard Croissant 1.0 @context, as the specification gives it.
CONTEXT: dict[str, Any] = {
    "@language": "en",
    "@vocab": "https://schema.org/",
    "citeAs": "cr:citeAs",
    "column": "cr:column",
    "conformsTo": "dct:conformsTo",
    "cr": "http://mlcommons.org/croissant/",
    "rai": "http://mlcommons.org/croissant/RAI/",
    "data": {"@id": "cr:data", "@type": "@json"},
    "dataType": {"@id": "cr:dataType", "@type": "@vocab"},
    "dct": "http://purl.org/dc/terms/",
    "equivalentProperty": "cr:equivalentProperty",
    "examples": {"@id": "cr:examples", "@type": "@json"},
    "extract": "cr:extract",
    "field": "cr:field",
    "fileProperty": "cr:fileProperty",
    "fileObject": "cr:fileObject",
    "fileSet": "cr:fileSet",
    "format": "cr:format",
    "includes": "cr:includes",
    "isLiveDataset": "cr:isLiveDataset",
    "jsonPath": "cr:jsonPath",
    "key": "cr:key",
    "md5": "cr:md5",
    "parentField": "cr:parentField",
    "path": "cr:path",
    "recordSet": "cr:recordSet",
    "references": "cr:references",
    "regex": "cr:regex",
    "repeated": "cr:repeated",
    "replace": "cr:replace",
    "samplingRate": "cr:samplingRate",
    "sc": "https://schema.org/",
    "separator": "cr:separator",
    "source": "cr:source",
    "subField": "cr:subField",
    "transform": "cr:transform",
}

DATA_TYPES = {"string": "sc:Text", "integer": "sc:Integer", "number": "sc:Float", "boolean": "sc:Boolean",
              "date": "sc:Date"}
MEDIA_TYPES = {".csv": "text/csv", ".json": "application/json", ".jsonl": "application/jsonl",
               ".parquet": "application/x-parquet", ".db": "application/vnd.sqlite3", ".txt": "text/plain",
               ".md": "text/markdown"}
# A CSV text cell guarded against spreadsheet formulas starts with one extra apostrophe; this reads it without.
UNGUARDED = "^'?([\\s\\S]*)$"


def _media_type(name: str) -> str:
    suffix = "." + name.rsplit(".", 1)[-1] if "." in name else ""
    return MEDIA_TYPES.get(suffix, "application/octet-stream")


def _field(table: Table, column: Column) -> dict[str, Any]:
    extract: dict[str, Any] = {"fileObject": {"@id": table.path}, "extract": {"column": column.name}}
    if column.type == "string":
        extract["transform"] = {"regex": UNGUARDED}
    description = column.description
    if column.is_list:
        description += " In the CSV the items are separated by ';'."
    spec: dict[str, Any] = {
        "@type": "cr:Field",
        "@id": f"{table.name}/{column.name}",
        "name": column.name,
        "description": description,
        "dataType": DATA_TYPES[column.type],
        "source": extract,
    }
    return spec


def record_set(table: Table) -> dict[str, Any]:
    keys = [{"@id": f"{table.name}/{name}"} for name in table.primary_key]
    return {
        "@type": "cr:RecordSet",
        "@id": table.name,
        "name": table.name,
        "description": table.description,
        "key": keys[0] if len(keys) == 1 else keys,
        "field": [_field(table, column) for column in table.columns],
    }


def croissant(package: dict[str, Any], files: dict[str, bytes], languages: list[str]) -> dict[str, Any]:
    """The Croissant description of a release whose other files are ``files`` (name → bytes), in ``languages``."""
    licence = next(r for r in package["resources"] if r["name"] == "claims")["licenses"][0]
    distribution = [
        {
            "@type": "cr:FileObject",
            "@id": name,
            "name": name,
            "contentUrl": name,
            "encodingFormat": _media_type(name),
            "sha256": hashlib.sha256(data).hexdigest(),
        }
        for name, data in sorted(files.items())
    ]
    return {
        "@context": CONTEXT,
        "@type": "sc:Dataset",
        "name": package["name"],
        "description": package["description"],
        "conformsTo": CONFORMS_TO,
        "version": package["version"],
        "license": licence["path"],
        "creator": {"@type": "sc:Organization", "name": AUTHORS},
        "citeAs": f"{AUTHORS.capitalize()}, {package['title']}, version {package['version']}.",
        "inLanguage": languages,
        "keywords": ["claims", "quotations", "fact-checking", "news"],
        "isBasedOn": [source["title"] for source in package["sources"]],
        "distribution": distribution,
        "recordSet": [record_set(table) for table in TABLES],
    }


def croissant_json(package: dict[str, Any], files: dict[str, bytes], languages: list[str]) -> str:
    return json.dumps(croissant(package, files, languages), ensure_ascii=False, indent=2) + "\n"
