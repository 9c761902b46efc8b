"""`claimset fmt`: one canonical form for the YAML sources, so every diff stays reviewable.

The canonical form is the validated records written back in model field
order, optional fields only when set, lists of plain values on one line,
no line wrapping, and the schema line editors use at the top. Comments other
than that line are not kept: notes belong in the records' note fields.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel

from .models import ActorsFile, ClaimsFile, RetiredFile

# Characters YAML treats as line breaks, plus other controls: such strings are
# written double-quoted with escapes so they read back exactly.
_NEEDS_ESCAPES = {chr(c) for c in range(0x20) if c != 0x20} | {"\x7f", "\x85", "\u2028", "\u2029", "\ufeff"}


class _Dumper(yaml.SafeDumper):
    """The pure-Python emitter, so the canonical bytes do not depend on how PyYAML was built."""


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = '"' if any(ch in _NEEDS_ESCAPES for ch in value) else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


def _represent_list(dumper: yaml.SafeDumper, value: list) -> yaml.SequenceNode:
    flat = bool(value) and all(not isinstance(item, (dict, list)) for item in value)
    return dumper.represent_sequence("tag:yaml.org,2002:seq", value, flow_style=flat)


_Dumper.add_representer(str, _represent_str)
_Dumper.add_representer(list, _represent_list)

SCHEMA_LINE = "# yaml-language-server: $schema=../schema/{}.schema.json\n"


def _schema_name(path: Path) -> str:
    return {"actors.yaml": "actors-file", "retired.yaml": "retired-file"}.get(path.name, "claims-file")


def _model_for(path: Path) -> type[BaseModel]:
    models: dict[str, type[BaseModel]] = {"actors.yaml": ActorsFile, "retired.yaml": RetiredFile}
    return models.get(path.name, ClaimsFile)


def dump(data: Any) -> str:
    return yaml.dump(
        data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, default_flow_style=False, width=2**31 - 1, indent=2
    )


def comments(text: str) -> list[int]:
    """Line numbers of comments, other than the schema line that `fmt` itself writes."""
    try:
        tokens = list(yaml.scan(text, Loader=yaml.SafeLoader))
    except yaml.YAMLError:
        return []  # a file that does not parse is reported by the reader
    scalars = [(t.start_mark.index, t.end_mark.index) for t in tokens if isinstance(t, yaml.ScalarToken)]
    lines = []
    for index, char in enumerate(text):
        if char == "#" and not any(start <= index < end for start, end in scalars):
            lines.append(text.count("\n", 0, index) + 1)
    schema_line = text.startswith("# yaml-language-server: $schema=")
    return sorted(set(lines) - ({1} if schema_line else set()))


def canonical(path: Path, data: Any) -> str:
    """The canonical text of a source file whose parsed content is ``data`` (already valid)."""
    record = _model_for(path).model_validate(data)
    body = record.model_dump(mode="json", exclude_defaults=True)
    return SCHEMA_LINE.format(_schema_name(path)) + dump(body)
