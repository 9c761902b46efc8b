"""Read hand-edited YAML safely, keeping the line and column of every value.

PyYAML's own loaders keep the last of two duplicate keys, build shared
objects for aliases and know nothing of positions. Here the libyaml parser
builds the node tree and this module turns it into plain data itself:
duplicate keys, aliases and non-standard tags are errors, dates stay text,
and every value's position is recorded under its path.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Union

import yaml

try:  # libyaml is the fast path; the pure-Python parser gives the same nodes.
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

PathKey = tuple[Union[str, int], ...]
_STANDARD = "tag:yaml.org,2002:"
_SCALAR_TAGS = {f"{_STANDARD}{t}" for t in ("str", "int", "float", "bool", "null", "timestamp")}
_constructor = yaml.constructor.SafeConstructor()


@dataclass
class YamlError(Exception):
    """A file that cannot be read as the dataset's YAML."""

    code: str
    message: str
    line: int = 1
    col: int = 1

    def __str__(self) -> str:
        return self.message


@dataclass
class YamlDoc:
    """Plain data read from a file, with the 1-based (line, col) of each path."""

    data: Any
    positions: dict[PathKey, tuple[int, int]] = field(default_factory=dict)

    def position(self, path: PathKey) -> tuple[int, int]:
        """Position of the nearest node on ``path`` that exists in the file."""
        path = tuple(path)
        while path:
            if path in self.positions:
                return self.positions[path]
            path = path[:-1]
        return self.positions.get((), (1, 1))


def _mark(node: Union[yaml.Node, yaml.Event]) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


def read_text(path: Path) -> str:
    """Read a file as UTF-8; a byte-order mark or other encodings are refused."""
    raw = path.read_bytes()
    if raw.startswith(b"\xef\xbb\xbf"):
        raise YamlError("encoding", "file starts with a UTF-8 byte-order mark; save it as UTF-8 without BOM")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise YamlError("encoding", f"not valid UTF-8 at byte {exc.start}; save the file as UTF-8", line) from None


def parse(text: str) -> YamlDoc:
    """Parse one YAML document into plain data and positions."""
    for number, row in enumerate(text.split("\n"), 1):
        indent = row[: len(row) - len(row.lstrip(" \t"))]
        if "\t" in indent:
            raise YamlError("yaml-tab", "tab in the indentation; indent with spaces", number, indent.index("\t") + 1)
    try:
        _check_events(text)
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        raise YamlError("yaml-syntax", _yaml_message(exc), *_mark_of(exc.problem_mark or exc.context_mark)) from None
    except yaml.reader.ReaderError as exc:
        line, col = _line_col(text, exc.position)
        code = exc.character if isinstance(exc.character, int) else ord(exc.character)
        raise YamlError("yaml-character", f"character U+{code:04X} is not allowed in YAML ({exc.reason})", line, col) from None
    except yaml.YAMLError as exc:  # any other parser complaint, still without a traceback
        raise YamlError("yaml-syntax", f"YAML syntax error: {exc}") from None
    if node is None:
        raise YamlError("empty-file", "the file holds no YAML document")
    doc = YamlDoc(data=None)
    doc.data = _convert(node, (), doc.positions)
    return doc


MAX_DEPTH = 32


def _check_events(text: str) -> None:
    """Refuse aliases and deep nesting while streaming, before anything is built.

    An alias is refused at the alias itself, so an alias bomb fails at its first
    '*'; the depth bound keeps composition and conversion far from recursion limits.
    """
    depth = 0
    for event in yaml.parse(text, Loader=_Loader):
        if isinstance(event, yaml.AliasEvent):
            raise YamlError("yaml-alias", "aliases (*name) are not allowed; write the value out", *_mark(event))
        if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            depth += 1
            if depth > MAX_DEPTH:
                raise YamlError("yaml-depth", f"nested deeper than {MAX_DEPTH} levels", *_mark(event))
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            depth -= 1


def _line_col(text: str, position: int) -> tuple[int, int]:
    before = text[:position]
    return before.count("\n") + 1, position - (before.rfind("\n") + 1) + 1


def _mark_of(mark: Any) -> tuple[int, int]:
    return (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)


def _yaml_message(exc: yaml.MarkedYAMLError) -> str:
    parts = [p for p in (exc.context, exc.problem) if p]
    message = "YAML syntax error: " + ("; ".join(parts) if parts else "unreadable")
    if exc.context_mark is not None and exc.problem_mark is not None and exc.context_mark.line != exc.problem_mark.line:
        message += f" (the construct started at line {exc.context_mark.line + 1})"
    return message


def _convert(node: yaml.Node, path: PathKey, positions: dict) -> Any:
    line, col = _mark(node)
    positions[path] = (line, col)
    if isinstance(node, yaml.MappingNode):
        if node.tag != f"{_STANDARD}map":
            raise YamlError("yaml-tag", f"tag {node.tag!r} is not allowed", line, col)
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if key_node.tag == f"{_STANDARD}merge":
                raise YamlError("yaml-alias", "merge keys (<<) are not allowed; write the keys out", *_mark(key_node))
            key = _convert(key_node, path + ("<key>",), {})
            if not isinstance(key, str):
                raise YamlError("yaml-key", f"mapping key {key!r} must be text", *_mark(key_node))
            if key in result:
                first = positions[path + (key,)]
                raise YamlError(
                    "duplicate-key",
                    f"key {key!r} appears twice in one mapping (first at line {first[0]}); YAML would keep only one",
                    *_mark(key_node),
                )
            result[key] = _convert(value_node, path + (key,), positions)
            # Errors about a key (unknown field) point at the key, values at the value.
            positions[path + (key,)] = _mark(key_node) if not isinstance(value_node, yaml.ScalarNode) else _mark(value_node)
        return result
    if isinstance(node, yaml.SequenceNode):
        if node.tag != f"{_STANDARD}seq":
            raise YamlError("yaml-tag", f"tag {node.tag!r} is not allowed", line, col)
        return [_convert(item, path + (i,), positions) for i, item in enumerate(node.value)]
    if node.tag not in _SCALAR_TAGS:
        raise YamlError("yaml-tag", f"tag {node.tag!r} is not allowed; only plain YAML values are", line, col)
    if node.tag == f"{_STANDARD}timestamp":
        return node.value  # dates stay text: the dataset's date type keeps their precision
    try:
        return _constructor.construct_object(node, deep=True)
    except (ValueError, yaml.constructor.ConstructorError) as exc:
        raise YamlError("yaml-value", f"cannot read the value {node.value[:40]!r}: {exc}", line, col) from None


def load(path: Path) -> YamlDoc:
    """Read and parse a dataset YAML file."""
    return parse(read_text(path))
