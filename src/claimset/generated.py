"""Every file generated from the models, in one list.

`claimset fmt` writes each of them; `claimset fmt --check` reports each that
differs. To add a generated file, add one `Output` to `OUTPUTS`.

None is generated from the data: a pull request that adds or corrects claims
changes only claims/ and seeds/, so two of them never conflict on a generated
file. (The compiled data the installed package loads fast is written into the
wheel when it is built, by hatch_build.py, and never committed.)

They belong to claimset's own checkout only: the README's sections and the
schemas describe this package. A data repository (any
other directory with claims/ and seeds/, validated with the action or the
pre-commit hooks) has none of them, and fmt neither writes nor demands them
there. The checkout is told apart by what it holds: the package's source,
`src/claimset/__init__.py`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Optional

from . import docs, schema


class CannotGenerate(Exception):
    """A generated file cannot be produced as things stand: a problem code, and a message that says what to do."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code


@dataclass(frozen=True)
class Output:
    """A file under the checkout root and how to produce its text.

    ``render(current)`` gets the file's current text (None when it is absent)
    and returns the text the file must hold.
    """

    path: str
    render: Callable[[Optional[str]], str]


def _readme(current: Optional[str]) -> str:
    if current is None:
        raise CannotGenerate("missing-file", "claimset's README is missing; its generated sections are written into "
                             "the existing file: restore it (git checkout README.md)")
    try:
        return docs.apply(current, docs.generate())
    except ValueError as exc:
        raise CannotGenerate("readme-markers", f"{exc}; restore the markers around the section") from None


def _schema_file(name: str) -> Callable[[Optional[str]], str]:
    return lambda current: schema.expected()[name]


SCHEMA_DIR = "schema"

OUTPUTS: list[Output] = [
    Output("README.md", _readme),
    *(Output(f"{SCHEMA_DIR}/{name}", _schema_file(name)) for name in schema.SCHEMAS),
]


PACKAGE_SOURCE = "src/claimset/__init__.py"


def is_claimset_checkout(root: Path) -> bool:
    """Whether ``root`` is claimset's own checkout (it holds the package's source), whose generated files fmt keeps."""
    return (root / PACKAGE_SOURCE).is_file()


def strays(root: Path) -> list[str]:
    """Files in the schema directory that no output produces: stale names that editors would still find."""
    directory = root / SCHEMA_DIR
    wanted = {output.path for output in OUTPUTS}
    if not directory.is_dir():
        return []
    return [f"{SCHEMA_DIR}/{p.name}" for p in sorted(directory.glob("*.json")) if f"{SCHEMA_DIR}/{p.name}" not in wanted]
