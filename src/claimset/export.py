"""Release tables: flat CSV columns and their Frictionless Table Schemas, from the models.

Columns are derived from each model's JSON Schema: a nested record becomes
`parent_child` columns, a list of plain values one `;`-separated column, a
list of records a child table of its own; a date (EDTF) is followed by
`X_earliest` and `X_latest`, the first and last day it can denote, as ISO
dates (empty at an open end), typed `date` in the Table Schema. The bounds are
those of the date as written: `2025-11-04?` (uncertain) has the bounds of
`2025-11-04`, and the qualifier stays in `X` alone. The CSV columns,
the Table Schemas and the README's file table therefore cannot drift from the
models.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Optional

from pydantic import BaseModel

from . import dates
from .models import Actor, Claim, Document, Figure, NotClaim, RetiredClaim, Relation, Role

LIST_SEPARATOR = ";"
# A spreadsheet reads a cell starting with one of these as a formula (`=HYPERLINK(…)`,
# `+cmd|' /C calc'!A0`); the CSVs write such a text cell with an apostrophe before it,
# as OWASP recommends, and so a text that itself starts with an apostrophe too, so that
# removing one leading apostrophe from every text cell gives back the exact text.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "'")


@dataclass(frozen=True)
class Column:
    name: str
    path: tuple[str, ...]
    type: str
    description: str
    required: bool
    constraints: dict[str, Any] = field(default_factory=dict)
    is_list: bool = False
    bound: Optional[str] = None  # "earliest" or "latest": a day derived from the date at `path`

    def value(self, record: dict[str, Any]) -> Any:
        value: Any = record
        for key in self.path:
            value = value.get(key) if isinstance(value, dict) else None
        if self.is_list:
            return LIST_SEPARATOR.join(value) if value else None
        if self.bound is not None and value is not None:
            earliest, latest = dates.days(value)
            return earliest if self.bound == "earliest" else latest
        return value

    def table_schema(self) -> dict[str, Any]:
        description = self.description
        if self.is_list:
            description += f" Several values are separated by '{LIST_SEPARATOR}'."
        spec: dict[str, Any] = {"name": self.name, "type": self.type, "description": description}
        constraints = dict(self.constraints)
        if self.required:
            constraints["required"] = True
        if constraints:
            spec["constraints"] = constraints
        return spec


def _resolve(schema: dict[str, Any], root: dict[str, Any]) -> dict[str, Any]:
    if "$ref" in schema:
        return root["$defs"][schema["$ref"].rsplit("/", 1)[-1]]
    return schema


def columns_of(model: type[BaseModel], *, skip: Iterable[str] = ()) -> list[Column]:
    """Flat columns for ``model``; list-of-record fields (child tables) and ``skip`` are left out."""
    root = model.model_json_schema(mode="serialization")
    out: list[Column] = []

    def walk(schema: dict[str, Any], prefix: tuple[str, ...], required_parent: bool) -> None:
        required = set(schema.get("required", []))
        for name, prop in schema["properties"].items():
            if not prefix and name in skip:
                continue
            path = prefix + (name,)
            is_required = required_parent and name in required
            options = [p for p in prop.get("anyOf", [prop]) if p.get("type") != "null"]
            nullable = len(options) < len(prop.get("anyOf", [prop]))
            target = _resolve(options[0], root) if len(options) == 1 else {}
            description = prop.get("description") or target.get("description", "")
            if "properties" in target:
                walk(target, path, is_required and not nullable)
                continue
            if target.get("type") == "array":
                item = _resolve(target["items"], root)
                if "properties" in item:
                    continue  # a list of records: a child table
                out.append(Column("_".join(path), path, "string", description, False, _list_constraints(item), is_list=True))
                continue
            kind = _kind(options, target)
            out.append(Column("_".join(path), path, kind, description, is_required and not nullable, _constraints(target)))
            if target.get("pattern") == dates.PATTERN:
                out.extend(_date_bounds("_".join(path), path))

    walk(root, (), True)
    return out


def _date_bounds(name: str, path: tuple[str, ...]) -> list[Column]:
    """`X_earliest` and `X_latest` for the date column `X`."""
    return [
        Column(
            f"{name}_{end}", path, "date",
            f"The {end} day `{name}` can denote (ISO 8601); empty when `{name}` is empty or {side}. "
            f"It is the day of the date as written: a qualifier (`~` approximate, `?` uncertain, `%` both) "
            f"does not move it, and only `{name}` keeps the qualifier.",
            False, bound=end,
        )
        for end, side in (("earliest", "has an open start"), ("latest", "has an open end"))
    ]


def _kind(options: list[dict[str, Any]], target: dict[str, Any]) -> str:
    types = {o.get("type") for o in options}
    if types <= {"integer", "number"} and "number" in types:
        return "number"
    return {"integer": "integer", "boolean": "boolean", "number": "number"}.get(target.get("type", ""), "string")


def _constraints(schema: dict[str, Any]) -> dict[str, Any]:
    found: dict[str, Any] = {}
    if "enum" in schema:
        found["enum"] = list(schema["enum"])
    if "pattern" in schema:
        found["pattern"] = schema["pattern"]
    if "minimum" in schema:
        found["minimum"] = schema["minimum"]
    return found


def _list_constraints(item: dict[str, Any]) -> dict[str, Any]:
    """A pattern for a `;`-joined cell whose items follow the item schema's enum or pattern."""
    if "enum" in item:
        one = "(?:" + "|".join(re.escape(term) for term in item["enum"]) + ")"
    elif "pattern" in item:
        one = "(?:" + item["pattern"].removeprefix("^").removesuffix("$") + ")"
    else:
        return {}
    return {"pattern": f"^{one}(?:{re.escape(LIST_SEPARATOR)}{one})*$"}


@dataclass(frozen=True)
class Table:
    """One CSV file of a release."""

    name: str
    description: str
    columns: list[Column]
    rows: Callable[[Any], Iterable[dict[str, Any]]]
    primary_key: list[str]
    foreign_keys: list[dict[str, Any]]

    @property
    def path(self) -> str:
        return f"{self.name}.csv"

    def table_schema(self) -> dict[str, Any]:
        return {
            "fields": [column.table_schema() for column in self.columns],
            "primaryKey": self.primary_key,
            "foreignKeys": self.foreign_keys,
            "missingValues": [""],
        }

    def csv_text(self, dataset: Any) -> str:
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")  # RFC 4180
        writer.writerow([column.name for column in self.columns])
        for record in self.rows(dataset):
            writer.writerow([_csv_cell(column, column.value(record)) for column in self.columns])
        return buffer.getvalue()


    def parquet_bytes(self, dataset: Any) -> bytes:
        """The table as Parquet (needs pyarrow: `pip install 'claimset[parquet]'`)."""
        import pyarrow as pa
        import pyarrow.parquet as pq

        kinds = {
            "string": pa.string(), "integer": pa.int64(), "number": pa.float64(), "boolean": pa.bool_(), "date": pa.date32()
        }
        fields = [
            pa.field(c.name, kinds[c.type], nullable=not c.required, metadata={"description": c.description})
            for c in self.columns
        ]
        records = list(self.rows(dataset))
        columns = {c.name: [c.value(r) for r in records] for c in self.columns}
        table = pa.table(columns, schema=pa.schema(fields))
        sink = io.BytesIO()
        pq.write_table(table, sink, compression="zstd")
        return sink.getvalue()


def _cell(value: Any) -> str:
    # A number is written as stated (`5000`, `1.5`): the text is exact, where
    # the typed formats hold a 64-bit float.
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _csv_cell(column: Column, value: Any) -> str:
    cell = _cell(value)
    return "'" + cell if column.type == "string" and cell.startswith(FORMULA_START) else cell


def _id_first(columns: list[Column], *names: str) -> list[Column]:
    """Put the named key columns first, in the order given."""
    first = [next(c for c in columns if c.name == name) for name in names]
    return first + [c for c in columns if c.name not in names]


def _key(column: str, table: str, target: str) -> dict[str, Any]:
    return {"fields": column, "reference": {"resource": table, "fields": target}}


def _child(parent_key: str, model: type[BaseModel], description: str) -> list[Column]:
    return [
        Column(parent_key, (parent_key,), "string", description, True),
        Column("position", ("position",), "integer", "Position of the item in its record's list, from 0.", True, {"minimum": 0}),
        *columns_of(model),
    ]


def _items(records: Iterable[BaseModel], key: str, attribute: str) -> Iterable[dict[str, Any]]:
    for record in records:
        for position, item in enumerate(getattr(record, attribute)):
            yield {key: record.id, "position": position, **item.model_dump(mode="json")}  # type: ignore[attr-defined]


def _dump(records: Iterable[BaseModel]) -> Iterable[dict[str, Any]]:
    return (record.model_dump(mode="json") for record in records)


TABLES: list[Table] = [
    Table(
        "claims",
        "One row per claim.",
        _id_first(columns_of(Claim, skip=("figures", "relations")), "id", "document"),
        lambda d: _dump(d.claims),
        ["id"],
        [_key("document", "documents", "id"), _key("speaker", "actors", "id")],
    ),
    Table(
        "figures",
        "One row per number a claim asserts.",
        _child("claim_id", Figure, "The claim the figure belongs to."),
        lambda d: _items(d.claims, "claim_id", "figures"),
        ["claim_id", "position"],
        [_key("claim_id", "claims", "id")],
    ),
    Table(
        "relations",
        "One row per typed link between two claims.",
        _child("claim_id", Relation, "The claim the link starts from."),
        lambda d: _items(d.claims, "claim_id", "relations"),
        ["claim_id", "position"],
        [_key("claim_id", "claims", "id"), _key("claim", "claims", "id")],
    ),
    Table(
        "documents",
        "One row per source document.",
        columns_of(Document, skip=("not_claims",)),
        lambda d: _dump(d.documents.values()),
        ["id"],
        [_key("outlet", "actors", "id"), _key("reposts", "actors", "id")],
    ),
    Table(
        "not_claims",
        "Spans of the source texts that assert nothing, with the reason.",
        _child("document_id", NotClaim, "The document the span belongs to."),
        lambda d: _items(d.documents.values(), "document_id", "not_claims"),
        ["document_id", "position"],
        [_key("document_id", "documents", "id")],
    ),
    Table(
        "actors",
        "One row per actor.",
        columns_of(Actor, skip=("roles",)),
        lambda d: _dump(d.actors.values()),
        ["id"],
        [],
    ),
    Table(
        "roles",
        "One row per role an actor held.",
        _child("actor_id", Role, "The actor who held the role."),
        lambda d: _items(d.actors.values(), "actor_id", "roles"),
        ["actor_id", "position"],
        [_key("actor_id", "actors", "id")],
    ),
    # A cited id that is no longer a claim is explained here, in every format, not only in claims.json.
    Table(
        "retired",
        "One row per claim id that was published and then withdrawn, with why and what replaces it.",
        columns_of(RetiredClaim),
        lambda d: _dump(d.retired),
        ["id"],
        [],
    ),
]

