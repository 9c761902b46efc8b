"""`claimset fmt`: everything in a checkout that can be fixed mechanically, fixed.

It places quotes given as text alone (see `claimset.place`), writes the YAML
sources in their one canonical form, so every diff stays reviewable, and, in
claimset's own checkout, regenerates every file generated from the models
(`claimset.generated`; a data repository has none). No generated file depends
on the data, so a pull request that adds or corrects claims changes only
claims/ and seeds/. With `check`, it
changes nothing and reports what differs.

Every new text is worked out before anything is written: when something stops
fmt (a record that does not fit its model, a quote it cannot place, a comment,
a generated file it cannot produce), no file changes.

The canonical form is the validated records written back in model field
order, optional fields only when set, lists of plain values on one line,
no line wrapping, and, where the schema it names is, the schema line editors
use at the top. Comments other than that line are not kept: notes belong in
the records' note fields.
"""

from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterator, Optional

import yaml
from pydantic import BaseModel

from . import safefiles, textpolicy, yamlio
from .models import ActorFile, ClaimsFile, RetiredFile
from .problems import Problem
from .read import ACTORS_DIR, LEGACY_ACTORS_FILE

if TYPE_CHECKING:
    from .read import SourceFile, Tree
    from .yamlio import PathKey

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

SCHEMA_LINE = "# yaml-language-server: $schema={}schema/{}.schema.json\n"


def _is_actor_file(path: Path) -> bool:
    from .read import ACTORS_DIR

    return path.parent.name == ACTORS_DIR and path.parent.parent.name == "claims"


def _schema_name(path: Path) -> str:
    if _is_actor_file(path):
        return "actor-file"
    return "retired-file" if path.name == "retired.yaml" else "claims-file"


def _model_for(path: Path) -> type[BaseModel]:
    if _is_actor_file(path):
        return ActorFile
    return RetiredFile if path.name == "retired.yaml" else ClaimsFile


def dump(data: Any) -> str:
    return yaml.dump(
        data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, default_flow_style=False, width=2**31 - 1, indent=2
    )


def comments(text: str) -> list[int]:
    """Line numbers of comments, other than the schema line that `fmt` itself writes."""
    try:
        # libyaml's scanner where present: about 8x faster, the same tokens at the same offsets
        tokens = list(yaml.scan(text, Loader=yamlio.Loader))
    except yaml.YAMLError:
        return []  # a file that does not parse is reported by the reader
    # One sweep, linear in the text: the scalars come in text order and do not overlap.
    scalars = [(t.start_mark.index, t.end_mark.index) for t in tokens if isinstance(t, yaml.ScalarToken)]
    lines = []
    i = 0
    line, counted = 1, 0  # text[:counted] holds line - 1 line breaks
    for match in re.finditer("#", text):
        index = match.start()
        while i < len(scalars) and scalars[i][1] <= index:
            i += 1
        if i < len(scalars) and scalars[i][0] <= index:
            continue  # inside a scalar: text, not a comment
        line += text.count("\n", counted, index)
        counted = index
        lines.append(line)
    schema_line = text.startswith("# yaml-language-server: $schema=")
    return sorted(set(lines) - ({1} if schema_line else set()))


def schema_line(path: Path) -> str:
    """The comment that points editors at the schema of the YAML file at ``path``, where that schema is.

    `schema/<name>.schema.json` of the checkout, relative to the file: claimset's
    own checkout generates it; another repository of claims has it only if it
    keeps one, and a comment naming a file that is not there would send editors nowhere.
    """
    from .generated import is_claimset_checkout

    name = _schema_name(path)
    depth = 2 if _is_actor_file(path) else 1  # claims/actors/<id>.yaml, claims/<name>.yaml
    root = path.parents[depth]
    if is_claimset_checkout(root) or (root / "schema" / f"{name}.schema.json").is_file():
        return SCHEMA_LINE.format("../" * depth, name)
    return ""


# The registry whose order carries no meaning, kept in id order: two pull requests that each retire a
# claim then insert at different places, and git merges them, unless the ids are neighbours. (Actors
# have a file each, so two pull requests never meet there.) A claims file keeps its order, which is the text's.
ORDERED_BY_ID = ("retired",)


# A claim's relations mean the same in any order: kept in order of target, then type, so that two
# edits that list the same links differently give one text, and `diff` shows no change.
def _relation_order(relation: dict[str, Any]) -> tuple[str, str]:
    return str(relation.get("claim", "")), str(relation.get("type", ""))


def canonical(path: Path, record: BaseModel) -> str:
    """The canonical text of a source file, from its validated file model (`ClaimsFile`, `ActorFile`, …)."""
    body = record.model_dump(mode="json", exclude_defaults=True)
    for key in ORDERED_BY_ID:
        if isinstance(body.get(key), list):
            body[key] = sorted(body[key], key=lambda item: str(item.get("id", "")))
    for claim in body.get("claims") or ():
        if isinstance(claim, dict) and isinstance(claim.get("relations"), list):
            claim["relations"] = sorted(claim["relations"], key=_relation_order)
    return schema_line(path) + dump(body)


# --- the fmt run ------------------------------------------------------------


@dataclass
class Report:
    """What a fmt run did, what it left as it is, and what stopped it."""

    done: list[str] = field(default_factory=list)  # one line per change made
    left: list[str] = field(default_factory=list)  # one line per file left differing (exit 1)
    problems: list[Problem] = field(default_factory=list)  # fmt changed nothing because of these


@dataclass
class _Plan:
    """Every change a run makes, worked out before any is made."""

    rewrites: dict[str, bytes] = field(default_factory=dict)  # source file → its canonical bytes
    created: set[str] = field(default_factory=set)  # of the rewrites, the files that do not exist yet
    removals: dict[str, int] = field(default_factory=dict)  # a registry file split → the number of files it became
    notes: dict[str, list[str]] = field(default_factory=dict)  # source file → the quotes placed in it
    generated: dict[str, tuple[Optional[str], str]] = field(default_factory=dict)  # generated file → (current, wanted)


def run(root: Path, check: bool) -> Report:
    """Place quotes, write canonical YAML and regenerate the generated files under ``root``.

    Every file's new text is worked out before any is written, so when
    ``problems`` is not empty no file has changed. With ``check`` nothing is
    written: what would change is reported in ``left``.
    """
    from .generated import is_claimset_checkout, strays

    report = Report()
    plan = _plan(root, check, report)
    if report.problems:
        return report
    for rel, content in plan.rewrites.items():
        if check:
            report.left.extend(plan.notes.get(rel, []))
            if rel not in plan.created:  # the split that creates it is reported once, below
                report.left.append(f"{rel}: not in canonical form; run `claimset fmt`")
        else:
            _write(root, root / rel, content)
            report.done.extend(plan.notes.get(rel, []))
            report.done.append(f"{rel}: {'written' if rel in plan.created else 'reformatted'}")
    for rel, count in plan.removals.items():
        if check:
            report.left.append(f"{rel}: actors are one file each now; run `claimset fmt` to split it into "
                               f"claims/{ACTORS_DIR}/")
        else:
            # Only now, with every actor's file written: an interrupted run leaves the registry to split again.
            os.unlink(root / rel)
            report.done.append(f"{rel}: split into {count} files in claims/{ACTORS_DIR}/, and removed")
    for rel, (current, wanted) in plan.generated.items():
        if check:
            state = "missing" if current is None else "out of date with the models and the data"
            report.left.append(f"{rel}: {state}; run `claimset fmt`")
        else:
            _write(root, root / rel, wanted.encode("utf-8"))
            report.done.append(f"{rel}: {'written' if current is None else 'regenerated'}")
    if is_claimset_checkout(root):
        report.left.extend(f"{rel}: not generated from the models; remove it" for rel in strays(root))
    return report


def _plan(root: Path, check: bool, report: Report) -> _Plan:
    """What fmt would write under ``root``; what stops it goes to ``report.problems``."""
    from .check import record_problems
    from .generated import is_claimset_checkout
    from .read import read_tree

    tree = read_tree(root)
    plan = _Plan()
    plan.notes, unplaced = _place_quotes(tree, check, report)
    # The records are checked as placed, so a placed quote's offsets are no problem,
    # and whatever else is wrong with it (a refused character) is. A registry not split
    # yet is no problem to fmt, which splits it.
    report.problems.extend(p for p in record_problems(tree)
                           if not _about_offsets(p, unplaced) and p.code != "actors-not-split")
    if report.problems:
        return plan
    for rel, source in sorted(tree.files.items()):
        if rel == f"claims/{LEGACY_ACTORS_FILE}":
            _plan_split(root, tree, source, plan, report)
            continue
        wanted = _rewrite(root, source, report)
        if wanted is not None:
            plan.rewrites.setdefault(rel, wanted)  # a split may have planned the same file already
    if not report.problems and is_claimset_checkout(root):
        plan.generated = _plan_generated(root, report)
    return plan


def _plan_split(root: Path, tree: "Tree", legacy: "SourceFile", plan: _Plan, report: Report) -> None:
    """Plan the split of the single registry file of earlier versions into one canonical file per actor.

    An actor that has its file already (a branch merged after the split) is
    left as it is when the two say the same, and stops fmt when they differ:
    which one is right is the contributor's to say.
    """
    from .check import Report as Checker

    lines = comments(legacy.text or "")
    if lines:
        report.problems.append(Problem(
            legacy.rel, lines[0], 1, "comment", "",
            f"fmt does not keep comments (lines {', '.join(map(str, lines))}); "
            "move the text into the actor's note field or delete it, then run fmt",
        ))
        return
    existing = {raw.file.rel: raw for raw in tree.actors if raw.file is not legacy}
    count = 0
    for raw in (r for r in tree.actors if r.file is legacy):
        checker = Checker()
        entry = checker.validate(raw, ActorFile)
        if checker.problems:  # reported by record_problems already, which stopped fmt
            report.problems.extend(checker.problems)
            continue
        rel = f"claims/{ACTORS_DIR}/{entry.obj.id}.yaml"
        if rel in plan.created:
            report.problems.append(raw.problem(("id",), "duplicate-id",
                                               f"actor id {entry.obj.id!r} is listed twice; keep one of them"))
            continue
        if rel in existing:
            other = Checker().validate(existing[rel], ActorFile)
            if other.obj != entry.obj:
                report.problems.append(raw.problem(("id",), "actors-split-conflict", (
                    f"actor {entry.obj.id!r} is both here and in {rel}, and the two differ; make {rel} say what is "
                    f"right, delete the actor from this file, then run fmt")))
            continue
        plan.rewrites[rel] = canonical(root / rel, entry.obj).encode("utf-8")
        plan.created.add(rel)
        count += 1
    plan.removals[legacy.rel] = count


def _quotes(data: Any) -> Iterator[tuple["PathKey", str, Any]]:
    """Each quote in a claims file's raw data: its path, a label for messages, the raw mapping."""
    if not isinstance(data, dict):
        return
    document = data.get("document")
    not_claims = document.get("not_claims") if isinstance(document, dict) else None
    for j, item in enumerate(not_claims if isinstance(not_claims, list) else []):
        if isinstance(item, dict):
            yield ("document", "not_claims", j, "quote"), f"not_claims[{j}]", item.get("quote")
    claims = data.get("claims")
    for i, item in enumerate(claims if isinstance(claims, list) else []):
        if isinstance(item, dict):
            yield ("claims", i, "quote"), str(item.get("id", f"claims[{i}]")), item.get("quote")


def _place_quotes(tree: "Tree", check: bool, report: Report) -> tuple[dict[str, list[str]], set[tuple[str, str]]]:
    """Place the quotes in the tree's data (in memory); what was placed per file, and the quotes that cannot be."""
    from .read import dotted, is_claims_file
    from .place import Budget, Placed, place

    notes: dict[str, list[str]] = {}
    unplaced: set[tuple[str, str]] = set()
    budget = Budget()  # the nearest-passage searches of this run
    for rel, source in sorted(tree.files.items()):
        if source.text is None or not is_claims_file(rel):
            continue
        quotes = list(_quotes(source.data))
        # Read here, not taken from the loader: a document whose not-claim quote
        # is unplaced fails validation, and the loader then reads no seed for it.
        text, code, why = _seed_text(tree.root, Path(rel).stem, source.data)
        if text is None:
            if any(isinstance(q, dict) and ("start" not in q or "end" not in q) for _, _, q in quotes):
                report.problems.append(source.problem(("document", "id"), code, why))
            continue
        for path, label, quote in quotes:
            outcome = place(text, quote, budget)
            if outcome is None:
                continue
            if isinstance(outcome, Placed):
                # The raw records share this mapping: they are checked as placed.
                quote["start"], quote["end"] = outcome.start, outcome.end
                line = source.position(path)[0]
                notes.setdefault(rel, []).append(_placement_note(rel, line, label, outcome, check))
            else:
                # Reported with what to do: the reader's problem about its offsets says nothing more.
                unplaced.add((rel, dotted(path)))
                report.problems.append(source.problem(path + ("text",), outcome.code, outcome.message))
    return notes, unplaced


def _seed_text(root: Path, doc_id: str, data: Any) -> tuple[Optional[str], str, str]:
    """The document's seed text as received, or a problem code and why quotes cannot be placed in it."""
    path = root / "seeds" / f"{doc_id}.txt"
    try:
        raw = safefiles.read_bytes(root, path)
    except FileNotFoundError:
        return None, "seed-missing", f"no source text seeds/{doc_id}.txt; quotes are placed in the document's seed"
    except safefiles.UnsafeFile as exc:
        return None, "unsafe-file", f"{exc}; quotes are placed only in a regular file inside the checkout"
    document = data.get("document") if isinstance(data, dict) else None
    recorded = document.get("sha256") if isinstance(document, dict) else None
    if hashlib.sha256(raw).hexdigest() != recorded:
        return None, "seed-edited", (f"seeds/{doc_id}.txt does not have the recorded sha256; quotes are placed only "
                                     "in the text as received (run `claimset validate`)")
    try:
        return textpolicy.decode_seed(raw), "", ""
    except textpolicy.SeedFault as fault:
        # The same rule and message as validate's, with the place in the seed.
        return None, fault.code, f"seeds/{doc_id}.txt:{fault.line}:{fault.col}: {fault.message}"


def _placement_note(rel: str, line: int, label: str, placed: Any, check: bool) -> str:
    span = f"{placed.start}:{placed.end}"
    was = "" if placed.was is None else " (it said {}:{})".format(*("?" if v is None else v for v in placed.was))
    if check:
        return f"{rel}:{line}: quote of {label} is not placed{was}; `claimset fmt` places it at {span}"
    return f"{rel}:{line}: quote of {label} placed at {span}{was}"


def _about_offsets(problem: Problem, unplaced: set[tuple[str, str]]) -> bool:
    """A record problem about the offsets of a quote that fmt could not place (and says why)."""
    return any(problem.file == rel and problem.field in (quote, f"{quote}.start", f"{quote}.end")
               for rel, quote in unplaced)


def _rewrite(root: Path, source: "SourceFile", report: Report) -> Optional[bytes]:
    """The file's canonical bytes when they differ from what it holds; what stops fmt goes to ``report``."""
    from .check import Report as Checker
    from .read import RawRecord

    path = root / source.rel
    # The whole file through its model, as it will be written: any refusal is a
    # problem in validate's form, never an error from deep inside fmt.
    checker = Checker()
    entry = checker.validate(RawRecord(source, (), source.data), _model_for(path))
    if checker.problems:
        report.problems.extend(checker.problems)
        return None
    current = safefiles.read_bytes(root, path)  # read_tree has refused anything but a regular file already
    wanted = canonical(path, entry.obj).encode("utf-8")
    if current == wanted:  # bytes, so CRLF line ends count as a difference
        return None
    lines = comments(current.decode("utf-8"))
    if lines:
        # fmt would drop them; the contributor decides where their text belongs.
        report.problems.append(Problem(
            source.rel, lines[0], 1, "comment", "",
            f"fmt does not keep comments (lines {', '.join(map(str, lines))}); "
            "move the text into a note field or delete it, then run fmt",
        ))
        return None
    return wanted


def _write(root: Path, path: Path, content: bytes) -> None:
    # A temporary file of its own (never a fixed name a pull request could plant as a link), renamed into place.
    if not path.parent.exists():
        path.parent.mkdir(parents=True)
    safefiles.write_atomic(root, path, content)


def _plan_generated(root: Path, report: Report) -> dict[str, tuple[Optional[str], str]]:
    """Each generated file that differs from what the models give: (current, wanted). One that cannot be generated stops fmt."""
    from .generated import OUTPUTS, CannotGenerate

    planned: dict[str, tuple[Optional[str], str]] = {}
    for output in OUTPUTS:
        path = root / output.path
        try:
            current = safefiles.read_bytes(root, path).decode("utf-8") if os.path.lexists(path) else None
            wanted = output.render(current)
        except UnicodeDecodeError as exc:
            report.problems.append(Problem(output.path, 1, 1, "encoding", "",
                                           f"not valid UTF-8 at byte {exc.start}; save it as UTF-8, then run `claimset fmt`"))
            continue
        except CannotGenerate as exc:
            report.problems.append(Problem(output.path, 1, 1, exc.code, "", str(exc)))
            continue
        except safefiles.UnsafeFile as exc:
            report.problems.append(Problem(exc.rel, 1, 1, "unsafe-file", "", f"{exc.why}; fmt writes only regular files"))
            continue
        if current != wanted:
            planned[output.path] = (current, wanted)
    return planned
