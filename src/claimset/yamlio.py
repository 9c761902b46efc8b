"""Read hand-edited YAML safely, in one pass over libyaml's events.

PyYAML's own loaders keep the last of two duplicate keys, build shared
objects for aliases and know nothing of positions. Here the libyaml parser
streams events and this module builds plain data from them itself: duplicate
keys, aliases, merge keys, non-standard tags and deep nesting are refused as
they stream by, dates stay text, and nothing is ever constructed beyond
strings, numbers, booleans and nulls.

Positions cost time, and a valid file never needs them; so `parse` records
them only when asked (`positions=True`), which the reader does for a file in
which a problem has to be located.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Optional, Union

import yaml

from . import textpolicy

try:  # libyaml is the fast path; the pure-Python parser gives the same events (and tokens, for fmt).
    from yaml import CSafeLoader as Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as Loader  # type: ignore[assignment]

PathKey = tuple[Union[str, int], ...]
MAX_DEPTH = 32

_STANDARD = "tag:yaml.org,2002:"
_STR = f"{_STANDARD}str"
_MERGE = f"{_STANDARD}merge"
_TIMESTAMP = f"{_STANDARD}timestamp"
_SCALAR_TAGS = {f"{_STANDARD}{t}" for t in ("str", "int", "float", "bool", "null", "timestamp")}
_resolver = yaml.resolver.Resolver()
_constructor = yaml.constructor.SafeConstructor()
# Plain scalars starting with any other character are text: no implicit type applies.
_TYPED_FIRST = {key for key in _resolver.yaml_implicit_resolvers if key}
_TAB_INDENT = re.compile(r"^ *\t", re.MULTILINE)
_NO_KEY = object()


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
    """Plain data read from a file, with the 1-based (line, col) of each path when recorded."""

    data: Any
    positions: dict[PathKey, tuple[int, int]] = field(default_factory=dict)
    # No string in the file holds a character the text policy refuses: its
    # records need not be searched string by string (`claimset.textpolicy`).
    text_clean: bool = False

    def position(self, path: PathKey) -> tuple[int, int]:
        """Position of the nearest node on ``path`` that exists in the file."""
        path = tuple(path)
        while path:
            if path in self.positions:
                return self.positions[path]
            path = path[:-1]
        return self.positions.get((), (1, 1))


def _mark(event: Any) -> tuple[int, int]:
    return event.start_mark.line + 1, event.start_mark.column + 1


def read_text(path: Path) -> str:
    """Read a file as UTF-8; a byte-order mark or other encodings are refused."""
    return decode(path.read_bytes())


def decode(raw: bytes) -> str:
    """A file's bytes as UTF-8 text; a byte-order mark or other encodings are refused (`YamlError`)."""
    if raw.startswith(b"\xef\xbb\xbf"):
        raise YamlError("encoding", "file starts with a UTF-8 byte-order mark; save it as UTF-8 without BOM")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, col = textpolicy.byte_line_col(raw, exc.start)
        raise YamlError("encoding", f"not valid UTF-8 at byte {exc.start} (0x{raw[exc.start]:02X}); save the file as UTF-8",
                        line, col) from None


def parse(text: str, *, positions: bool = True) -> YamlDoc:
    """Parse one YAML document into plain data, and the positions of its values if asked."""
    tab = _TAB_INDENT.search(text)
    if tab:
        line = text.count("\n", 0, tab.start()) + 1
        raise YamlError("yaml-tab", "tab in the indentation; indent with spaces", line, tab.end() - tab.start())
    doc = YamlDoc(data=None)
    try:
        doc.data, escaped_clean = _build(text, doc.positions if positions else None)
    except _NeedsPositions:
        return parse(text, positions=True)  # raises the same error, with what only positions can say
    except yaml.MarkedYAMLError as exc:
        raise YamlError("yaml-syntax", _yaml_message(exc), *_mark_of(exc.problem_mark or exc.context_mark)) from None
    except yaml.reader.ReaderError as exc:
        char = chr(exc.character) if isinstance(exc.character, int) else exc.character
        # libyaml counts the position in bytes of UTF-8; the reader stops at the first such character.
        at = text.find(char)
        line, col = _line_col(text, at if at != -1 else exc.position)
        raise YamlError("yaml-character", f"{textpolicy.describe(char)} is not allowed in YAML ({exc.reason}); "
                        "remove it (README: Unicode policy)", line, col) from None
    except yaml.YAMLError as exc:  # any other parser complaint, still without a traceback
        raise YamlError("yaml-syntax", f"YAML syntax error: {exc}") from None
    # A value's characters are the file's own, but for the escapes of
    # double-quoted scalars, which `_build` checks one by one.
    doc.text_clean = escaped_clean and textpolicy.first_forbidden(text) is None
    return doc


class _NeedsPositions(Exception):
    """A problem whose message needs a position that the fast pass did not record."""


class _Frame:
    """An open mapping or sequence: its data, its path, and a mapping's key awaiting its value."""

    __slots__ = ("data", "path", "key", "key_mark")

    def __init__(self, data: Any, path: PathKey):
        self.data = data
        self.path = path
        self.key: Any = _NO_KEY
        self.key_mark: tuple[int, int] = (1, 1)


def _build(text: str, positions: Optional[dict[PathKey, tuple[int, int]]]) -> tuple[Any, bool]:
    """Plain data from the event stream, refusing what the dataset's YAML does not allow.

    Also says whether every double-quoted scalar (the only kind with escapes) is clean of refused characters.
    """
    stack: list[_Frame] = []
    root: Any = _NO_KEY
    documents = 0
    escaped_clean = True
    for event in yaml.parse(text, Loader=Loader):
        kind = event.__class__
        if kind is yaml.ScalarEvent:
            value: Any = _scalar(event, is_key=bool(stack) and stack[-1].key is _NO_KEY and type(stack[-1].data) is dict)
            if event.style == '"' and escaped_clean and textpolicy.first_forbidden(value) is not None:
                escaped_clean = False
        elif kind is yaml.MappingStartEvent or kind is yaml.SequenceStartEvent:
            is_map = kind is yaml.MappingStartEvent
            if event.tag is not None and event.tag != f"{_STANDARD}{'map' if is_map else 'seq'}":
                raise YamlError("yaml-tag", f"tag {event.tag!r} is not allowed", *_mark(event))
            if len(stack) >= MAX_DEPTH:
                raise YamlError("yaml-depth", f"nested deeper than {MAX_DEPTH} levels", *_mark(event))
            path = _child_path(stack, event)
            if positions is not None:
                positions[path] = _mark(event)
            stack.append(_Frame({} if is_map else [], path))
            continue
        elif kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
            value = stack.pop().data
            if not stack:
                root = value
                continue
            _place(stack[-1], value, None, positions)
            continue
        elif kind is yaml.AliasEvent:
            raise YamlError("yaml-alias", "aliases (*name) are not allowed; write the value out", *_mark(event))
        elif kind is yaml.DocumentStartEvent:
            documents += 1
            if documents > 1:
                raise YamlError("yaml-syntax", "YAML syntax error: expected a single document in the stream; "
                                "but found another document", *_mark(event))
            continue
        else:
            continue
        if not stack:
            if positions is not None:
                positions[()] = _mark(event)
            root = value
            continue
        _place(stack[-1], value, event, positions)
    if root is _NO_KEY:
        raise YamlError("empty-file", "the file holds no YAML document")
    return root, escaped_clean


def _child_path(stack: list[_Frame], event: Any) -> PathKey:
    if not stack:
        return ()
    frame = stack[-1]
    if type(frame.data) is list:
        return frame.path + (len(frame.data),)
    if frame.key is _NO_KEY:
        raise YamlError("yaml-key", "a mapping key must be text, not a mapping or list", *_mark(event))
    return frame.path + (frame.key,)


def _place(frame: _Frame, value: Any, event: Any, positions: Optional[dict[PathKey, tuple[int, int]]]) -> None:
    """Put a finished value into its open container (``event`` is None for a finished mapping or list)."""
    data = frame.data
    if type(data) is list:
        if positions is not None and event is not None:
            positions[frame.path + (len(data),)] = _mark(event)
        data.append(value)
        return
    if frame.key is _NO_KEY:
        if not isinstance(value, str):
            raise YamlError("yaml-key", f"mapping key {value!r} must be text", *_mark(event))
        if value in data:
            if positions is None:
                raise _NeedsPositions
            first = positions[frame.path + (value,)]
            raise YamlError(
                "duplicate-key",
                f"key {value!r} appears twice in one mapping (first at line {first[0]}); YAML would keep only one",
                *_mark(event),
            )
        frame.key = value
        frame.key_mark = _mark(event)
        return
    if positions is not None:
        # Errors about a key (unknown field) point at the key, values at the value.
        positions[frame.path + (frame.key,)] = frame.key_mark if event is None else _mark(event)
    data[frame.key] = value
    frame.key = _NO_KEY


# The longest plain scalar read as a number (or boolean or null); figures and offsets need far fewer characters.
NUMBER_AT_MOST = 100


def _scalar(event: Any, *, is_key: bool) -> Any:
    value = event.value
    tag = event.tag
    if tag is None or tag == "!":
        if event.style or not event.implicit[0] or (value and value[0] not in _TYPED_FIRST):
            return value  # quoted, block or plainly textual
        tag = _implicit_tag(value) if len(value) <= NUMBER_AT_MOST else _resolver.resolve(yaml.ScalarNode, value, (True, False))
        if tag == _STR:
            return value
        if tag == _MERGE:
            if is_key:
                raise YamlError("yaml-alias", "merge keys (<<) are not allowed; write the keys out", *_mark(event))
    if tag not in _SCALAR_TAGS:
        raise YamlError("yaml-tag", f"tag {tag!r} is not allowed; only plain YAML values are", *_mark(event))
    if tag == _TIMESTAMP or tag == _STR:
        return value  # dates stay text: the dataset's date type keeps their precision
    if len(value) > NUMBER_AT_MOST:
        # PyYAML builds a sexagesimal or a long integer digit by digit, in time growing with the square of its length.
        raise YamlError("yaml-value", f"a value of {len(value)} characters read as a {tag.rsplit(':', 1)[-1]}: no number "
                        f"of the dataset is that long; write a number of at most {NUMBER_AT_MOST} characters, or quote "
                        "text", *_mark(event))
    node = yaml.ScalarNode(tag, value, event.start_mark, event.end_mark)
    try:
        return _constructor.yaml_constructors[tag](_constructor, node)
    except (ValueError, yaml.constructor.ConstructorError) as exc:
        raise YamlError("yaml-value", f"cannot read the value {value[:40]!r}: {exc}", *_mark(event)) from None


@lru_cache(maxsize=8192)  # plain values recur (terms, booleans, nulls); the resolution is pure
def _implicit_tag(value: str) -> str:
    return _resolver.resolve(yaml.ScalarNode, value, (True, False))


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


def load(path: Path, *, positions: bool = True) -> YamlDoc:
    """Read and parse a dataset YAML file."""
    return parse(read_text(path), positions=positions)
