"""The release's dataset card, `README.md`: Hugging Face front matter and a body generated from the tables and the data.

The front matter names one config per release table, with its data files (the
Parquet file where the release has one, else the CSV), the licence, the
languages and the size category, so that `datasets.load_dataset(<release>,
"<table>")` reads any table and the Hub shows it. The body says what the
dataset is, lists the tables (from `export.TABLES`, as every other format),
says how to cite it and how its licence is split, and states its known limits.
Every text from the data is escaped for Markdown.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

import yaml

from .escape import markdown
from .export import TABLES, Table

FILE_NAME = "README.md"
# The dataset's author as CITATION.cff names it (a test holds the two together).
AUTHORS = "the claimset contributors"
HF_LICENSE = "cc-by-4.0"
# The columns that hold a publisher's words, not the project's annotation: under the publisher's terms.
QUOTED = {"quote_text": "the quoted words of a source text", "title": "a document's headline"}
# Hugging Face's size categories, by the number of rows of the main table (the claims).
SIZES = [(1_000, "n<1K"), (10_000, "1K<n<10K"), (100_000, "10K<n<100K"), (1_000_000, "100K<n<1M"),
         (10_000_000, "1M<n<10M")]


def size_category(rows: int) -> str:
    return next((name for limit, name in SIZES if rows < limit), "n>10M")


def data_file(table: Table, parquet: bool) -> str:
    return table.parquet_path if parquet else table.path


def languages(dataset: Any) -> list[str]:
    """The documents' languages (ISO 639-1), and English, the translations'."""
    return sorted({d.language for d in dataset.documents.values()} | {"en"})


def has_rows(table: Table, dataset: Any) -> bool:
    return next(iter(table.rows(dataset)), None) is not None


def front_matter(dataset: Any, package: dict[str, Any], parquet: bool) -> dict[str, Any]:
    """The card's YAML header: a config per table that has rows (`datasets` cannot load an empty table)."""
    return {
        "pretty_name": package["title"],
        "license": HF_LICENSE,
        "language": languages(dataset),
        "size_categories": [size_category(len(dataset.claims))],
        "tags": ["claims", "quotations", "fact-checking", "news"],
        "configs": [
            {"config_name": table.name, "data_files": [{"split": "train", "path": data_file(table, parquet)}],
             **({"default": True} if table.name == "claims" else {})}
            for table in TABLES if has_rows(table, dataset)
        ],
    }


def _licence_of(table: Table) -> str:
    quoted = [f"`{c.name}` ({QUOTED[c.name]})" for c in table.columns if c.name in QUOTED]
    text = "Licence: the annotations are CC BY 4.0"
    if quoted:
        text += "; " + " and ".join(quoted) + " are the publisher's words, under the publisher's terms, not CC BY 4.0"
    return text + "."


def _tables(dataset: Any, parquet: bool) -> list[str]:
    out = []
    for table in TABLES:
        empty = "" if has_rows(table, dataset) else (
            " It has no rows in this release, so it is no config: `datasets` cannot load an empty table.")
        key = ", ".join(f"`{name}`" for name in table.primary_key)
        references = "; ".join(
            f"`{k['fields']}` → `{k['reference']['resource']}.{k['reference']['fields']}`" for k in table.foreign_keys
        )
        columns = ", ".join(f"`{c.name}` ({'list of string' if c.is_list else c.type})" for c in table.columns)
        out += [
            f"### `{table.name}`", "",
            f"{table.description} File: `{data_file(table, parquet)}` (and `{table.path}`; table `{table.name}` of "
            f"`claims.db`). Key: {key}." + (f" Foreign keys: {references}." if references else "") + empty, "",
            f"Columns: {columns}.", "",
            _licence_of(table), "",
        ]
    return out


def body(dataset: Any, package: dict[str, Any], version: str, parquet: bool) -> str:
    statuses = Counter(c.review.status.value for c in dataset.claims)
    review = ", ".join(f"{n} `{status}`" for status, n in sorted(statuses.items()))
    title = package["title"]  # the project's own words: only what comes from the data is escaped
    sources = [f"- {markdown(source['title'])}" for source in package["sources"]]
    lines = [
        f"# {title}", "",
        package["description"], "",
        f"Release {version}: {len(dataset.claims)} claims in {len(dataset.documents)} documents, "
        f"{len(dataset.actors)} actors. The columns are described one by one in `datapackage.json` and "
        "`croissant.json`; `claims.json` holds the same records nested, with each document's text.", "",
        "## Sources", "", *sources, "",
        "## Tables", "",
        "Each table is a config: `datasets.load_dataset(\"<this folder>\", \"figures\")`. "
        + ("A list column (`via`, `topics`, `replaced_by`) is a list of strings here; "
           if parquet else "In the CSV files a list column (`via`, `topics`, `replaced_by`) is `;`-joined text; ")
        + "`claim_via`, `claim_topics` and `retired_replaced_by` hold the lists one row per item.", "",
        *_tables(dataset, parquet),
        "## How to cite", "",
        f"{AUTHORS.capitalize()}, *{title}*, version {version}, with the address you read it from. "
        "Cite one claim by its `id` with the version: ids are stable and never reused (a withdrawn id is in "
        "`retired`, with what replaces it).", "",
        "## Licence", "",
        "The annotations (ids, attributions, dates, types, translations, figures, relations, reviews) are under "
        "Creative Commons Attribution 4.0 International (CC BY 4.0, https://creativecommons.org/licenses/by/4.0/). "
        "The quoted words (`quote_text`), headlines (`title`) and source texts (`texts/`, each document's `text` "
        "in `claims.json`) belong to their publishers: they are included unchanged so that every quote can be "
        "verified, are under their publishers' terms, and no licence to them is granted.", "",
        "## Known limits", "",
        f"- It covers {len(dataset.documents)} documents (listed under Sources); counts across them describe "
        "these texts, not any outlet or period.",
        "- A claim is dated as precisely as its text allows (`date` is EDTF: a year, a month or an interval); "
        "`date_earliest` and `date_latest` bound it.",
        "- The English is a translation made for the dataset, not the publisher's.",
        f"- Review: {review}. A `first-read` claim has not yet had its independent second read.",
        "- A claim records what was said, not whether it is true.",
        "",
    ]
    return "\n".join(lines)


def card(dataset: Any, package: dict[str, Any], version: str, parquet: bool) -> str:
    """The text of the release's `README.md`."""
    header = yaml.safe_dump(front_matter(dataset, package, parquet), allow_unicode=True, sort_keys=False)
    return f"---\n{header}---\n\n{body(dataset, package, version, parquet)}"
