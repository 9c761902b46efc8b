"""Read a checkout into raw records: the first step of the one way through (read → check → dataset).

Each YAML file is parsed once, fast; the position of a value inside it is
worked out only when a problem has to point at it. Files that are not shaped
as the dataset expects (not a mapping, a missing top-level key, a stray file,
a seed without its claims file) are reported here; everything about the
records themselves is left to `check`.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Optional, Union

from . import safefiles, yamlio
from .models import SLUG_MAX_LENGTH, SLUG_PATTERN, Document
from .problems import DatasetNotFound, Problem, UsageError, suggest
from .safefiles import UnsafeFile
from .yamlio import PathKey, YamlDoc, YamlError

# One file per actor, claims/actors/<actor-id>.yaml: two pull requests that each add
# or edit an actor touch different files, so git merges them whatever the ids.
ACTORS_DIR = "actors"
# The single registry file of earlier versions; `claimset fmt` splits it into ACTORS_DIR.
LEGACY_ACTORS_FILE = "actors.yaml"
RETIRED_FILE = "retired.yaml"
# The claim ids of the latest published release, one per line (a copy of its ids.txt).
RELEASED_IDS = "releases/latest-ids.txt"


@dataclass
class SourceFile:
    """One YAML file: its path relative to the root, its text and its parsed data (None if unreadable)."""

    rel: str
    text: Optional[str]
    data: Any = None
    text_clean: bool = False  # no refused character anywhere in its strings (see yamlio.YamlDoc)
    _located: Optional[YamlDoc] = field(default=None, repr=False)

    def position(self, path: PathKey) -> tuple[int, int]:
        """The 1-based (line, col) of the value at ``path``, or of its nearest existing parent."""
        if self.text is None or self.data is None:
            return (1, 1)
        if self._located is None:
            # Parsed a second time, with positions, only for a file with a problem.
            self._located = yamlio.parse(self.text, positions=True)
        return self._located.position(path)

    def problem(self, path: PathKey, code: str, message: str, field_path: Optional[str] = None) -> Problem:
        line, col = self.position(path)
        return Problem(self.rel, line, col, code, field_path if field_path is not None else dotted(path), message)


@dataclass
class RawRecord:
    """One record as written: where it is, and its data, not yet checked against the models."""

    file: SourceFile
    path: PathKey
    data: Any
    document: Optional[str] = None  # for claims and document metadata: the claims file's stem

    def problem(self, sub: PathKey, code: str, message: str, field_path: Optional[str] = None) -> Problem:
        return self.file.problem(self.path + tuple(sub), code, message, field_path)


@dataclass
class Tree:
    """Everything read from a root, and what was wrong with its files."""

    root: Path
    files: dict[str, SourceFile] = field(default_factory=dict)
    documents: list[RawRecord] = field(default_factory=list)
    claims: list[RawRecord] = field(default_factory=list)
    actors: list[RawRecord] = field(default_factory=list)
    retired: list[RawRecord] = field(default_factory=list)
    seeds: dict[str, bytes] = field(default_factory=dict)  # by file stem
    released_ids: list[tuple[int, str]] = field(default_factory=list)  # (line, id)
    # Record kinds ("actors", "claims") of which some could not be read at all:
    # references into them cannot be judged until the reported problems are fixed.
    incomplete: set[str] = field(default_factory=set)
    refused: set[str] = field(default_factory=set)  # paths not read because they are no regular file inside the root
    problems: list[Problem] = field(default_factory=list)


def dotted(path: PathKey) -> str:
    """`('claims', 3, 'quote', 'start')` → `claims[3].quote.start`."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def read_tree(root: Union[str, Path]) -> Tree:
    """Parse every file under ``root`` into raw records; never raises on bad data.

    Only regular files inside ``root``, reached through real directories, are
    read (`safefiles`): a symbolic link, device or FIFO is a problem naming it
    (`unsafe-file`), and nothing of it is read.
    """
    root = Path(root)
    claims_dir = root / "claims"
    if not root.is_dir():
        raise DatasetNotFound(f"{root}: no such directory; point at a directory holding claims/ and seeds/ "
                              "(on the command line: --root DIR)")
    if not os.path.lexists(claims_dir):
        raise DatasetNotFound(f"{root}: no claims/ directory; point at a claimset checkout (on the command line: --root DIR)")
    tree = Tree(root=root)
    try:
        names = list(safefiles.entries(root, claims_dir))
    except UnsafeFile as exc:
        tree.problems.append(_unsafe(exc))
        tree.incomplete.update(("actors", "claims", "retired"))
        return tree
    _read_actors(tree, claims_dir)
    if os.path.lexists(claims_dir / RETIRED_FILE):
        _read_list_file(tree, claims_dir / RETIRED_FILE, "retired", tree.retired)
    for path in names:
        if path.name in (ACTORS_DIR, LEGACY_ACTORS_FILE, RETIRED_FILE):
            continue
        if path.suffix != ".yaml" or (path.is_dir() and not path.is_symlink()):
            tree.problems.append(Problem(
                _rel(root, path), 1, 1, "unexpected-file", "",
                f"claims/ holds only <doc-id>.yaml files, {RETIRED_FILE} and the {ACTORS_DIR}/ folder "
                "(one <actor-id>.yaml file per actor); a file here would be ignored",
            ))
        else:
            _read_claims_file(tree, path)
    _read_released_ids(tree, root / RELEASED_IDS)
    _read_seeds(tree)
    return tree


def is_claims_file(rel: str) -> bool:
    """Whether ``rel`` (relative to the root) names a document's claims file, `claims/<doc-id>.yaml`."""
    parts = rel.split("/")
    return len(parts) == 2 and parts[0] == "claims" and parts[1] not in (LEGACY_ACTORS_FILE, RETIRED_FILE)


def is_actor_file(rel: str) -> bool:
    """Whether ``rel`` (relative to the root) names one actor's file, `claims/actors/<actor-id>.yaml`."""
    parts = rel.split("/")
    return len(parts) == 3 and parts[:2] == ["claims", ACTORS_DIR]


def _read_actors(tree: Tree, claims_dir: Path) -> None:
    """Every actor: one record per file of claims/actors/, and those of a registry file not split yet."""
    legacy = claims_dir / LEGACY_ACTORS_FILE
    if os.path.lexists(legacy):
        # Read as well, so that the claims citing its actors are judged while the split is pending.
        _read_list_file(tree, legacy, "actors", tree.actors)
        tree.problems.append(Problem(
            f"claims/{LEGACY_ACTORS_FILE}", 1, 1, "actors-not-split", "",
            f"actors are one file each now, claims/{ACTORS_DIR}/<actor-id>.yaml, so that two pull requests adding "
            f"actors never conflict; run `claimset fmt`, which splits this file into claims/{ACTORS_DIR}/ and removes it",
        ))
    folder = claims_dir / ACTORS_DIR
    if os.path.lexists(folder):
        _read_actor_files(tree, folder)
    if not tree.actors and "actors" not in tree.incomplete:
        tree.incomplete.add("actors")
        tree.problems.append(Problem(
            f"claims/{ACTORS_DIR}", 1, 1, "missing-file", "",
            f"the actor registry is missing or empty; every speaker and relay is defined there, one file per actor "
            f"(claims/{ACTORS_DIR}/<actor-id>.yaml)",
        ))


def _read_actor_files(tree: Tree, folder: Path) -> None:
    try:
        names = list(safefiles.entries(tree.root, folder))
    except UnsafeFile as exc:
        tree.problems.append(_unsafe(exc))
        tree.incomplete.add("actors")
        return
    for path in names:
        if path.suffix != ".yaml" or (path.is_dir() and not path.is_symlink()):
            tree.problems.append(Problem(
                _rel(tree.root, path), 1, 1, "unexpected-file", "",
                f"claims/{ACTORS_DIR}/ holds only <actor-id>.yaml files, one actor each; a file here would be ignored",
            ))
            continue
        source = _parse(tree, path)
        if source is None:
            tree.incomplete.add("actors")
            continue
        # The file is the record: its top-level mapping is the actor (checked against the model by `check`).
        tree.actors.append(RawRecord(source, (), source.data))


def _unsafe(exc: UnsafeFile) -> Problem:
    if isinstance(exc, safefiles.TooManyEntries):
        return Problem(exc.rel, 1, 1, "too-many-files", "", f"{exc.why}; nothing in it is read")
    return Problem(exc.rel, 1, 1, "unsafe-file", "",
                   f"{exc.why}: a pull request may hold anything, so claimset reads only regular files inside the "
                   "checkout; replace it with the file itself")


def _rel(root: Path, path: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def _parse(tree: Tree, path: Path) -> Optional[SourceFile]:
    rel = _rel(tree.root, path)
    try:
        text = yamlio.decode(safefiles.read_bytes(tree.root, path))
        doc = yamlio.parse(text, positions=False)
    except UnsafeFile as exc:
        tree.files[rel] = SourceFile(rel, None)
        tree.problems.append(_unsafe(exc))
        return None
    except YamlError as exc:
        tree.files[rel] = SourceFile(rel, None)
        tree.problems.append(Problem(rel, exc.line, exc.col, exc.code, "", exc.message))
        return None
    except OSError as exc:
        raise UsageError(f"{rel}: cannot read: {exc.strerror}") from None
    source = SourceFile(rel, text, doc.data, doc.text_clean)
    tree.files[rel] = source
    return source


def _mapping_with(tree: Tree, source: SourceFile, keys: tuple[str, ...],
                  nested: Optional[tuple[str, frozenset[str]]] = None) -> Optional[dict[str, Any]]:
    """The file's top-level mapping if it has exactly ``keys``; otherwise report and return None.

    ``nested`` names a key and the fields that belong under it: such a field found at the top level is
    reported as belonging there (a claims file's `not_claims` goes under `document:`).
    """
    data = source.data
    if not isinstance(data, dict):
        tree.problems.append(source.problem((), "wrong-shape", f"the file must be a mapping with the keys {', '.join(keys)}", ""))
        return None
    ok = True
    for key in keys:
        if key not in data:
            tree.problems.append(source.problem((), "missing-field", f"the file needs a top-level {key!r}", key))
            ok = False
    unknown = [key for key in data if key not in keys]
    for key in unknown[:UNKNOWN_KEYS_LISTED]:
        if nested is not None and key in nested[1]:
            hint = f"; {key!r} belongs under {nested[0]}: (indent it there)"
        else:
            hint = suggest(str(key), keys)
        tree.problems.append(source.problem((key,), "unknown-field", f"unknown top-level key{hint}", str(key)[:200]))
    if len(unknown) > UNKNOWN_KEYS_LISTED:
        tree.problems.append(source.problem((), "unknown-field", f"{len(unknown) - UNKNOWN_KEYS_LISTED} more unknown "
                                            f"top-level keys; the file has only {', '.join(keys)}", ""))
    ok = ok and not unknown
    return data if ok else None


def _read_list_file(tree: Tree, path: Path, key: str, into: list[RawRecord]) -> None:
    """The records of a file holding one top-level list under ``key`` (actors, retired)."""
    source = _parse(tree, path)
    data = _mapping_with(tree, source, (key,)) if source else None
    if source is None or data is None or not _is_list(tree, source, (key,), data[key]):
        tree.incomplete.add(key)
        return
    into.extend(RawRecord(source, (key, i), raw) for i, raw in enumerate(data[key]))


# The fields of a claims file's `document:` mapping, named when one is found at the top level.
_DOCUMENT_FIELDS = frozenset(Document.model_fields)


def _read_claims_file(tree: Tree, path: Path) -> None:
    source = _parse(tree, path)
    data = _mapping_with(tree, source, ("document", "claims"), ("document", _DOCUMENT_FIELDS)) if source else None
    if source is None or data is None:
        tree.incomplete.add("claims")
        return
    stem = path.stem
    tree.documents.append(RawRecord(source, ("document",), data["document"], stem))
    if not _is_list(tree, source, ("claims",), data["claims"]):
        tree.incomplete.add("claims")
        return
    tree.claims.extend(RawRecord(source, ("claims", i), raw, stem) for i, raw in enumerate(data["claims"]))


# A file of a million stray keys is one mistake: the first few are named, the rest counted.
UNKNOWN_KEYS_LISTED = 20



def _read_released_ids(tree: Tree, path: Path) -> None:
    if not os.path.lexists(path):
        return  # no release published yet
    try:
        raw = safefiles.read_bytes(tree.root, path)
    except UnsafeFile as exc:
        tree.problems.append(_unsafe(exc))
        return
    except OSError as exc:
        raise UsageError(f"{RELEASED_IDS}: cannot read: {exc.strerror}") from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        tree.problems.append(Problem(RELEASED_IDS, 1, 1, "encoding", "", "not UTF-8; it holds one claim id per line"))
        return
    bad = 0
    for number, line in enumerate(text.splitlines(), 1):
        line = line.strip()
        if not line:
            continue
        # A line is shown only as a claim id, the one thing it may be; nothing else of it is ever echoed.
        if len(line) <= SLUG_MAX_LENGTH and re.fullmatch(SLUG_PATTERN, line):
            tree.released_ids.append((number, line))
        elif bad < 5:  # the line itself is not shown: it is not an id, and could be anything
            bad += 1
            tree.problems.append(Problem(RELEASED_IDS, number, 1, "released-ids-line", "",
                                         f"line {number} is not a claim id (lowercase letters, digits and single "
                                         "hyphens); the file holds the latest release's ids.txt, one id per line"))


def _read_seeds(tree: Tree) -> None:
    """Every seed's bytes; a seed without its claims file would silently drop out of the dataset."""
    seeds = tree.root / "seeds"
    if not os.path.lexists(seeds):
        raise UsageError(f"{_rel(tree.root, seeds)}: no seeds/ directory; the source texts are required")
    try:
        names = list(safefiles.entries(tree.root, seeds))
    except UnsafeFile as exc:
        tree.problems.append(_unsafe(exc))
        return
    for path in names:
        stem = path.stem if path.suffix == ".txt" else None
        if stem is None or not os.path.lexists(tree.root / "claims" / f"{stem}.yaml"):
            tree.problems.append(Problem(
                _rel(tree.root, path), 1, 1, "seed-without-document", "",
                f"no claims/{path.stem}.yaml for this source text; add its document and claims, or remove the seed",
            ))
            continue
        try:
            tree.seeds[stem] = safefiles.read_bytes(tree.root, path)
        except UnsafeFile as exc:
            tree.refused.add(exc.rel)
            tree.problems.append(_unsafe(exc))
        except OSError as exc:
            raise UsageError(f"seeds/{path.name}: cannot read: {exc.strerror}") from None


def _is_list(tree: Tree, source: SourceFile, path: PathKey, value: Any) -> bool:
    if isinstance(value, list):
        return True
    tree.problems.append(source.problem(path, "wrong-type", f"must be a list (one '- ' item per record), not {kind_of(value)}"))
    return False


def kind_of(value: Any) -> str:
    """How a contributor would name the kind of a YAML value."""
    return {dict: "a mapping", list: "a list", str: "text", type(None): "empty"}.get(type(value), type(value).__name__)
