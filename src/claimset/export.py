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
import operator
import re
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Optional

from pydantic import BaseModel

from . import dates
from .models import Actor, Claim, Document, Figure, NotClaim, ReaderWarning, RetiredClaim, Relation, Role

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
    origin: Optional[str] = None  # where a column that is no field of the record comes from, for the data dictionary

    @property
    def field(self) -> str:
        """Where the column comes from, as the data dictionary says it: a field (`quote.start`) or its `origin`."""
        return self.origin or f"`{'.'.join(self.path)}`"

    def raw(self, record: dict[str, Any]) -> Any:
        """The value at the column's path, as the record holds it (a list stays a list)."""
        value: Any = record
        for key in self.path:
            value = value.get(key) if isinstance(value, dict) else None
        return value

    def value(self, record: dict[str, Any]) -> Any:
        value = self.raw(record)
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


# The release's names for columns whose field name would mislead or break a query: a foreign key is
# `<thing>_id`, a relation points at its `target_id`, and no column is a reserved word of SQL
# (`end` is one in DuckDB and SQLite). The records (YAML, claims.json) keep their field names.
RENAMES: dict[str, str] = {
    "document": "document_id",
    "speaker": "speaker_id",
    "outlet": "outlet_id",
    "reposts": "reposts_id",
    "claim": "target_id",
    "start": "start_date",
    "end": "end_date",
}


def _release_name(flat: str) -> str:
    return RENAMES.get(flat, flat)


def columns_of(model: type[BaseModel], *, skip: Iterable[str] = ()) -> list[Column]:
    """Flat columns for ``model``; list-of-record fields (child tables) and ``skip`` are left out.

    A column is named after its field path (`quote_start`), renamed as `RENAMES` says.
    """
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
                out.append(Column(_release_name("_".join(path)), path, "string", description, False,
                                  _list_constraints(item), is_list=True))
                continue
            kind = _kind(options, target)
            name = _release_name("_".join(path))
            out.append(Column(name, path, kind, description, is_required and not nullable, _constraints(target)))
            if target.get("pattern") == dates.PATTERN:
                out.extend(_date_bounds(name, "_".join(path), path))

    walk(root, (), True)
    return out


def _date_bounds(name: str, stem: str, path: tuple[str, ...]) -> list[Column]:
    """`X_earliest` and `X_latest` for the date field `X` of column ``name`` (`end_date` has `end_earliest`)."""
    return [
        Column(
            f"{stem}_{end}", path, "date",
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
    """One table of a release: a CSV file, a Parquet file and a table of `claims.db`."""

    name: str
    description: str
    columns: list[Column]
    rows: Callable[[Any], Iterable[dict[str, Any]]]
    primary_key: list[str]
    foreign_keys: list[dict[str, Any]]

    @property
    def path(self) -> str:
        return f"{self.name}.csv"

    @property
    def parquet_path(self) -> str:
        """A folder per table, so that a reader given the folder (Spark, `datasets`) sees one schema."""
        return f"parquet/{self.name}/{self.name}.parquet"

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

    def arrow_schema(self, metadata: Optional[dict[str, str]] = None) -> Any:
        """The table's Arrow schema: typed columns, a list column as `list<string>`, descriptions as field metadata."""
        import pyarrow as pa

        kinds = {
            "string": pa.string(), "integer": pa.int64(), "number": pa.float64(), "boolean": pa.bool_(), "date": pa.date32()
        }
        fields = [
            pa.field(c.name, pa.list_(pa.string()) if c.is_list else kinds[c.type],
                     nullable=not c.required and not c.is_list, metadata={"description": c.description})
            for c in self.columns
        ]
        return pa.schema(fields, metadata=metadata)

    def parquet_bytes(self, dataset: Any, metadata: Optional[dict[str, str]] = None) -> bytes:
        """The table as Parquet (needs pyarrow: `pip install 'claimset[parquet]'`); ``metadata`` goes in the file's footer."""
        import pyarrow as pa
        import pyarrow.parquet as pq

        records = list(self.rows(dataset))
        # A list is a list here, empty when the record's is: never `;`-joined text.
        columns = {c.name: [list(c.raw(r) or ()) if c.is_list else c.value(r) for r in records] for c in self.columns}
        table = pa.table(columns, schema=self.arrow_schema({"table": self.name, **(metadata or {})}))
        sink = io.BytesIO()
        # An empty table is written with no row group at all: readers that size their batches by the
        # first row group (Hugging Face `datasets`) refuse a row group of 0 rows.
        with pq.ParquetWriter(sink, table.schema, compression="zstd") as writer:
            if table.num_rows:
                writer.write_table(table)
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


def _key(column: str, table: str, target: str = "id") -> dict[str, Any]:
    return {"fields": column, "reference": {"resource": table, "fields": target}}


def _position(of: str, description: str = "Position of the item in its record's list, from 0.") -> Column:
    return Column("position", ("position",), "integer", description, True, {"minimum": 0},
                  origin=f"the item's place in `{of}`")


def _parent(name: str, table: str, description: str) -> Column:
    return Column(name, (name,), "string", description, True, origin=f"the `id` of its `{table}` record")


def _child(parent: Column, attribute: str, model: type[BaseModel], *, positional: bool = True) -> list[Column]:
    return [parent, *([_position(attribute)] if positional else []), *columns_of(model)]


def _items(records: Iterable[BaseModel], key: str, attribute: str) -> Iterable[dict[str, Any]]:
    """One row per item of the list of records at ``attribute`` (dotted for a nested one: `review.warnings`)."""
    items_of = operator.attrgetter(attribute)
    for record in records:
        for position, item in enumerate(items_of(record)):
            yield {key: record.id, "position": position, **item.model_dump(mode="json")}  # type: ignore[attr-defined]


def _item_column(model: type[BaseModel], attribute: str, name: str, description: str) -> Column:
    """A column for one item of the list field ``attribute`` of ``model``, with the item schema's enum or pattern."""
    root = model.model_json_schema(mode="serialization")
    item = _resolve(root["properties"][attribute]["items"], root)
    return Column(name, (name,), "string", description, True, _constraints(item), origin=f"an item of `{attribute}`")


def _values(records: Iterable[BaseModel], key: str, attribute: str, name: str) -> Iterable[dict[str, Any]]:
    """One row per item of a list of plain values (`via`, `topics`), with its position in the list."""
    for record in records:
        for position, value in enumerate(getattr(record, attribute)):
            yield {key: record.id, "position": position, name: getattr(value, "value", value)}


def _dump(records: Iterable[BaseModel]) -> Iterable[dict[str, Any]]:
    return (record.model_dump(mode="json") for record in records)


# Keys: a record's own id; an item of an ordered list (a relay chain, the figures in the order the
# quote gives them, a document's not-claims in text order, an actor's roles in time order) its parent
# and position; an item of a list whose order means nothing (relations, topics, replacements) its
# parent and its content, so reordering such a list, which `fmt` does anyway, changes no key.
TABLES: list[Table] = [
    Table(
        "claims",
        "One row per claim. `via`, `about` and `topics` are lists; `claim_via`, `claim_about` and `claim_topics` "
        "hold them one row per item, and `claim_warnings` holds `review.warnings`.",
        _id_first(columns_of(Claim, skip=("figures", "relations")), "id", "document_id"),
        lambda d: _dump(d.claims),
        ["id"],
        [_key("document_id", "documents"), _key("speaker_id", "actors")],
    ),
    Table(
        "claim_via",
        "One row per actor a claim passed through before the document's publisher, innermost first (position 0).",
        [
            _parent("claim_id", "claims", "The claim."),
            _position("via", "The actor's place in the relay chain, from 0: the innermost (nearest the speaker) first."),
            _item_column(Claim, "via", "actor_id", "The actor the claim passed through."),
        ],
        lambda d: _values(d.claims, "claim_id", "via", "actor_id"),
        ["claim_id", "position"],
        [_key("claim_id", "claims"), _key("actor_id", "actors")],
    ),
    Table(
        "claim_about",
        "One row per actor a claim is about (CONTRIBUTING: About): not who said or relayed it.",
        [
            _parent("claim_id", "claims", "The claim."),
            _item_column(Claim, "about", "actor_id", "An actor the claim is about."),
        ],
        lambda d: _values(d.claims, "claim_id", "about", "actor_id"),
        ["claim_id", "actor_id"],
        [_key("claim_id", "claims"), _key("actor_id", "actors")],
    ),
    Table(
        "claim_warnings",
        "One row per warning for readers of a claim (`review.warnings`), in the order the record gives them.",
        _child(_parent("claim_id", "claims", "The claim the warning is about."), "review.warnings", ReaderWarning),
        lambda d: _items(d.claims, "claim_id", "review.warnings"),
        ["claim_id", "position"],
        [_key("claim_id", "claims")],
    ),
    Table(
        "restatements",
        "One row per appearance of a statement made more than once: the claims linked by `restates`, grouped "
        "(`Dataset.restatement_groups()`). A claim that sums up several statements is in each of their groups.",
        [
            Column("group_id", ("group_id",), "string",
                   "The group's id: the smallest claim id among its appearances (leaving out claims that sum up "
                   "several statements), kept while the group holds it.",
                   True, origin="`Dataset.restatement_groups()`: the group's `id`"),
            Column("claim_id", ("claim_id",), "string", "An appearance of the statement.", True,
                   origin="`Dataset.restatement_groups()`: a claim of the group"),
        ],
        lambda d: ({"group_id": g.id, "claim_id": c.id} for g in d.restatement_groups() for c in g.claims),
        ["group_id", "claim_id"],
        [_key("claim_id", "claims"), _key("group_id", "claims", "id")],
    ),
    Table(
        "claim_topics",
        "One row per subject tag of a claim.",
        [
            _parent("claim_id", "claims", "The claim."),
            _item_column(Claim, "topics", "topic", "A subject tag of the claim."),
        ],
        lambda d: _values(d.claims, "claim_id", "topics", "topic"),
        ["claim_id", "topic"],
        [_key("claim_id", "claims")],
    ),
    Table(
        "figures",
        "One row per number a claim asserts, in the order the quote gives them.",
        _child(_parent("claim_id", "claims", "The claim the figure belongs to."), "figures", Figure),
        lambda d: _items(d.claims, "claim_id", "figures"),
        ["claim_id", "position"],
        [_key("claim_id", "claims")],
    ),
    Table(
        "relations",
        "One row per typed link from a claim (`claim_id`) to another claim (`target_id`).",
        _child(_parent("claim_id", "claims", "The claim the link starts from."), "relations", Relation, positional=False),
        lambda d: _items(d.claims, "claim_id", "relations"),
        ["claim_id", "type", "target_id"],
        [_key("claim_id", "claims"), _key("target_id", "claims")],
    ),
    Table(
        "documents",
        "One row per source document.",
        columns_of(Document, skip=("not_claims",)),
        lambda d: _dump(d.documents.values()),
        ["id"],
        [_key("outlet_id", "actors"), _key("reposts_id", "actors")],
    ),
    Table(
        "not_claims",
        "Spans of the source texts that assert nothing, with the reason, in text order.",
        _child(_parent("document_id", "documents", "The document the span belongs to."), "not_claims", NotClaim),
        lambda d: _items(d.documents.values(), "document_id", "not_claims"),
        ["document_id", "position"],
        [_key("document_id", "documents")],
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
        "One row per role an actor held, in the order the actor's record gives them.",
        _child(_parent("actor_id", "actors", "The actor who held the role."), "roles", Role),
        lambda d: _items(d.actors.values(), "actor_id", "roles"),
        ["actor_id", "position"],
        [_key("actor_id", "actors")],
    ),
    # A cited id that is no longer a claim is explained here, in every format, not only in claims.json.
    Table(
        "retired",
        "One row per claim id that was published and then withdrawn, with why and what replaces it "
        "(`replaced_by` is a list; `retired_replaced_by` holds it one row per claim).",
        columns_of(RetiredClaim),
        lambda d: _dump(d.retired),
        ["id"],
        [],
    ),
    Table(
        "retired_replaced_by",
        "One row per claim that replaces a retired claim id.",
        [
            _parent("retired_id", "retired", "The retired claim id."),
            _item_column(RetiredClaim, "replaced_by", "claim_id", "A claim that replaces it."),
        ],
        lambda d: _values(d.retired, "retired_id", "replaced_by", "claim_id"),
        ["retired_id", "claim_id"],
        [_key("retired_id", "retired"), _key("claim_id", "claims")],
    ),
]
