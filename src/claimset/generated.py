"""Every file generated from the models or the data, in one list.

`claimset fmt` writes each of them; `claimset fmt --check` reports each that
differs. To add a generated file, add one `Output` to `OUTPUTS`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Optional

from . import docs, schema

if TYPE_CHECKING:
    from .dataset import Dataset


class CannotGenerate(Exception):
    """A generated file cannot be produced as things stand; the message says why and what to do."""


@dataclass(frozen=True)
class Output:
    """A file under the checkout root and how to produce its text.

    ``render(current, dataset)`` gets the file's current text (None when it is
    absent) and, when ``needs_data``, the loaded dataset; it returns the text
    the file must hold.
    """

    path: str
    render: Callable[[Optional[str], Optional["Dataset"]], str]
    needs_data: bool = False


def _readme(current: Optional[str], dataset: Optional["Dataset"]) -> str:
    if current is None:
        raise CannotGenerate("missing; the README's generated sections are written into the existing file")
    try:
        return docs.apply(current, docs.generate(dataset))
    except ValueError as exc:
        raise CannotGenerate(f"{exc}; restore the markers around the section") from None


def _schema_file(name: str) -> Callable[[Optional[str], Optional["Dataset"]], str]:
    return lambda current, dataset: schema.expected()[name]


SCHEMA_DIR = "schema"

OUTPUTS: list[Output] = [
    Output("README.md", _readme, needs_data=True),
    *(Output(f"{SCHEMA_DIR}/{name}", _schema_file(name)) for name in schema.SCHEMAS),
]


def strays(root: Path) -> list[str]:
    """Files in the schema directory that no output produces: stale names that editors would still find."""
    directory = root / SCHEMA_DIR
    wanted = {output.path for output in OUTPUTS}
    if not directory.is_dir():
        return []
    return [f"{SCHEMA_DIR}/{p.name}" for p in sorted(directory.glob("*.json")) if f"{SCHEMA_DIR}/{p.name}" not in wanted]
