"""`claimset diff`: what changed between two releases (or a release and a checkout).

Claims, documents, actors and retirements are compared record by record, and
each changed record field by field (`figures[0].approx`, `roles[1].start`),
with the value before and after. A claim whose content changed while its
review still says what the earlier second read said is flagged for reviewers
(CONTRIBUTING: Correcting a claim); that is a warning, not a validation error.
"""

from __future__ import annotations

import bisect
import difflib
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Optional

from . import escape
from .problems import UsageError
from .vocab import ReviewStatus

# The kinds of record compared, as `claims.json` holds them, and what a report calls them.
KINDS = {"claims": "claims", "documents": "documents", "actors": "actors", "retired": "retirements"}
SECOND_READ = ReviewStatus.SECOND_READ.value


@dataclass
class Snapshot:
    label: str
    version: str
    records: dict[str, dict[str, dict[str, Any]]]  # kind → id → record, for each kind the source holds
    checkout: bool = False  # a checkout's version may not yet be the one it will be released as

    @property
    def claims(self) -> dict[str, dict[str, Any]]:
        return self.records.get("claims", {})

    @property
    def retired(self) -> dict[str, dict[str, Any]]:
        return self.records.get("retired", {})


@dataclass(frozen=True)
class Change:
    """One field of a record that differs: its path (`quote.text`, `figures[0].approx`) and both values.

    An item added to or removed from a list has no value on the other side (``None``).
    """

    path: str
    old: Any
    new: Any


@dataclass
class Section:
    """The records of one kind added, removed and changed."""

    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    changed: dict[str, list[Change]] = field(default_factory=dict)
    # The lists of records too long to align (see ALIGNED_PAIRS), compared item by item at the same position.
    by_position: dict[str, list[str]] = field(default_factory=dict)


@dataclass(frozen=True)
class ReviewWarning:
    """A record a reviewer should look at again, and why."""

    id: str
    code: str
    message: str


@dataclass
class Diff:
    old: Snapshot
    new: Snapshot
    sections: dict[str, Section]  # for each kind both sides hold
    warnings: list[ReviewWarning] = field(default_factory=list)
    not_compared: list[str] = field(default_factory=list)  # kinds one side lacks


def snapshot(path: Path) -> Snapshot:
    """Read a release's `claims.json`, a release directory, or a checkout."""
    if path.is_dir() and (path / "claims.json").is_file():
        path = path / "claims.json"
    if path.is_dir():
        from .build import dataset_json, version
        from .loader import load

        data = dataset_json(load(path), version(path))
        return Snapshot(f"{path} (checkout)", data["version"], _records(path, data), checkout=True)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise UsageError(f"{path}: no such file or directory") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise UsageError(f"{path}: not a claimset claims.json ({exc})") from None
    if not isinstance(data, dict) or not isinstance(data.get("claims"), list):
        raise UsageError(f"{path}: not a claimset claims.json (no 'claims' list)")
    return Snapshot(str(path), str(data.get("version", "?")), _records(path, data))


def _records(path: Path, data: dict[str, Any]) -> dict[str, dict[str, dict[str, Any]]]:
    records = {}
    for kind in KINDS:
        if kind not in data:
            continue
        entries = data[kind]
        if not isinstance(entries, list) or not all(isinstance(e, dict) and isinstance(e.get("id"), str)
                                                    for e in entries):
            raise UsageError(f"{path}: not a claimset claims.json ('{kind}' is not a list of records with ids)")
        records[kind] = {e["id"]: e for e in entries}
    return records


def compare(old: Snapshot, new: Snapshot) -> Diff:
    sections, not_compared = {}, []
    for kind, name in KINDS.items():
        if kind in old.records and kind in new.records:
            sections[kind] = _section(old.records[kind], new.records[kind])
        elif kind in old.records or kind in new.records:
            lacking = old if kind not in old.records else new
            not_compared.append(f"{name}: not compared, {lacking.label} has none")
    diff = Diff(old, new, sections, not_compared=not_compared)
    diff.warnings = _review_warnings(diff)
    return diff


def _section(old: dict[str, dict[str, Any]], new: dict[str, dict[str, Any]]) -> Section:
    section = Section(sorted(set(new) - set(old)), sorted(set(old) - set(new)))
    for record_id in sorted(set(old) & set(new)):
        by_position: list[str] = []
        found = changes(old[record_id], new[record_id], by_position=by_position)
        if found:
            section.changed[record_id] = found
        if by_position:
            section.by_position[record_id] = by_position
    return section


# Aligning two lists of records finds the items common to both in order, so that an item
# inserted or removed is one change. It costs time that grows with the lengths (much faster
# than them when items repeat), so it is bounded: items that occur once on each side anchor
# the alignment (patience diff, n log n), difflib aligns only stretches of at most ALIGNED_PAIRS
# pairs between anchors, and the anchoring work stops after ANCHOR_WORK times the two lengths.
# A stretch left over is compared position by position, and the report says so.
ALIGNED_PAIRS = 2500
ANCHOR_WORK = 8

def changes(old: Any, new: Any, path: str = "", by_position: Optional[list[str]] = None) -> list[Change]:
    """Every field that differs between two JSON values, each named by its path.

    Mappings are compared key by key; lists of records item by item, aligned
    so that an item inserted or removed is one change, not a shift of all that
    follow; any other value (a list of ids or terms included) as a whole.
    Aligning is bounded (ALIGNED_PAIRS, ANCHOR_WORK): a list with a stretch too
    long to align is compared there position by position, and its path added to
    ``by_position``.
    """
    if isinstance(old, dict) and isinstance(new, dict):
        found = []
        for key in [*old, *(k for k in new if k not in old)]:
            found += changes(old.get(key), new.get(key), f"{path}.{key}" if path else key, by_position)
        return found
    if _records_list(old) and _records_list(new):
        return _list_changes(old, new, path, by_position)
    if old == new and type(old) is type(new):
        return []
    return [Change(path, old, new)]


def _records_list(value: Any) -> bool:
    return isinstance(value, list) and any(isinstance(item, dict) for item in value)


def _list_changes(old: list, new: list, path: str, by_position: Optional[list[str]]) -> list[Change]:
    keys = [json.dumps(item, sort_keys=True, ensure_ascii=False) for item in (*old, *new)]
    before, after = keys[:len(old)], keys[len(old):]
    opcodes, capped = _align(before, after)
    if capped and by_position is not None:
        by_position.append(path)
    found = []
    for i1, i2, j1, j2 in opcodes:
        paired = min(i2 - i1, j2 - j1)
        for k in range(paired):  # an item edited in place: its fields
            if before[i1 + k] != after[j1 + k]:
                found += changes(old[i1 + k], new[j1 + k], f"{path}[{j1 + k}]", by_position)
        found += [Change(f"{path}[{i}]", old[i], None) for i in range(i1 + paired, i2)]
        found += [Change(f"{path}[{j}]", None, new[j]) for j in range(j1 + paired, j2)]
    return found


def _align(before: list[str], after: list[str]) -> tuple[list[tuple[int, int, int, int]], bool]:
    """The stretches ``before[i1:i2]`` and ``after[j1:j2]`` that differ, in order; and whether any was too long to align.

    Within a stretch, items are paired by position: the first with the first, and so on.
    """
    budget = ANCHOR_WORK * (len(before) + len(after))
    found: list[tuple[int, int, int, int]] = []
    capped = False
    stack = [(0, len(before), 0, len(after))]
    while stack:
        i1, i2, j1, j2 = stack.pop()
        while i1 < i2 and j1 < j2 and before[i1] == after[j1]:  # the common start and end
            i1, j1 = i1 + 1, j1 + 1
        while i1 < i2 and j1 < j2 and before[i2 - 1] == after[j2 - 1]:
            i2, j2 = i2 - 1, j2 - 1
        if i1 == i2 or j1 == j2:
            if i1 < i2 or j1 < j2:
                found.append((i1, i2, j1, j2))
            continue
        if (i2 - i1) * (j2 - j1) <= ALIGNED_PAIRS:
            matcher = difflib.SequenceMatcher(None, before[i1:i2], after[j1:j2], autojunk=False)
            found += [(i1 + a1, i1 + a2, j1 + b1, j1 + b2)
                      for op, a1, a2, b1, b2 in matcher.get_opcodes() if op != "equal"]
            continue
        budget -= (i2 - i1) + (j2 - j1)
        anchors = _anchors(before, after, i1, i2, j1, j2) if budget >= 0 else []
        if not anchors:
            capped = True
            found.append((i1, i2, j1, j2))
            continue
        # The stretches between anchors (each anchor is an item equal on both sides) are aligned in turn.
        for (a1, b1), (a2, b2) in zip([(i1 - 1, j1 - 1), *anchors], [*anchors, (i2, j2)]):
            stack.append((a1 + 1, a2, b1 + 1, b2))
    return sorted(found), capped


def _anchors(before: list[str], after: list[str], i1: int, i2: int, j1: int, j2: int) -> list[tuple[int, int]]:
    """Items that occur once in ``before[i1:i2]`` and once in ``after[j1:j2]``: the longest run of them in the same order."""
    counts: dict[str, list[int]] = {}
    for i in range(i1, i2):
        counts.setdefault(before[i], [0, 0, i, 0])[0] += 1
    for j in range(j1, j2):
        entry = counts.get(after[j])
        if entry is not None:
            entry[1] += 1
            entry[3] = j
    pairs = sorted((i, j) for seen_before, seen_after, i, j in counts.values() if seen_before == 1 and seen_after == 1)
    # The longest increasing run of `j` (patience sorting), with each pile's predecessor to read it back.
    tops: list[int] = []
    ends: list[int] = []
    previous: list[int] = [-1] * len(pairs)
    for n, (_, j) in enumerate(pairs):
        at = bisect.bisect_left(tops, j)
        if at:
            previous[n] = ends[at - 1]
        if at == len(tops):
            tops.append(j)
            ends.append(n)
        else:
            tops[at], ends[at] = j, n
    chain = []
    n = ends[-1] if ends else -1
    while n >= 0:
        chain.append(pairs[n])
        n = previous[n]
    return chain[::-1]


def fields_of(found: list[Change]) -> list[str]:
    """The top-level fields a record's changes touch, sorted."""
    return sorted({c.path.split(".")[0].split("[")[0] for c in found})


def _review_warnings(diff: Diff) -> list[ReviewWarning]:
    """Claims corrected while their review still vouches for the record as it was, and claims dropped unretired."""
    section = diff.sections.get("claims")
    if section is None:
        return []
    warnings = []
    for claim_id, found in section.changed.items():
        corrected = [c.path for c in found if not c.path.startswith("review") and not _repointed(diff, c)]
        before, after = (_review(snapshot.claims[claim_id]) for snapshot in (diff.old, diff.new))
        if not corrected or before.get("status") != SECOND_READ:
            continue
        if after.get("status") == SECOND_READ and before.get("changes") == after.get("changes"):
            warnings.append(ReviewWarning(claim_id, "review-not-reset", (
                f"{', '.join(corrected)} changed since {diff.old.version}, but review.status is still "
                f"{SECOND_READ} and review.changes is unchanged: a correction sets review.status to first-read "
                "until a second reader confirms it, or a second read records what it changed in review.changes "
                "(CONTRIBUTING: Correcting a claim)"
            )))
        elif after.get("status") != SECOND_READ and after.get("changes") and before.get("changes") == after.get("changes"):
            warnings.append(ReviewWarning(claim_id, "review-changes-kept", (
                f"{', '.join(corrected)} changed since {diff.old.version} and review.status is now "
                f"{after.get('status')}, but review.changes still says what the earlier second read changed in the "
                "record as released: replace it with what the correction changed and why, or delete it (CONTRIBUTING: "
                "Correcting a claim)"
            )))
    if "retired" in diff.new.records:
        for claim_id in section.removed:
            if claim_id in diff.new.retired:
                warnings += _retired_in(diff, claim_id)
            else:
                warnings.append(ReviewWarning(claim_id, "removed-not-retired", (
                    f"published in {diff.old.version} and gone without a retirement record: claim ids are never "
                    "dropped silently; restore the claim, or retire it in claims/retired.yaml with its reason and "
                    "replacements (CONTRIBUTING: Retiring a claim)"
                )))
    return warnings


def _semver(version: Any) -> Optional[tuple[Any, ...]]:
    # Plain X.Y.Z only (a dev or pre-release is not compared), ordered as releases are ordered.
    from .release import version_key

    return version_key(version) if isinstance(version, str) and re.fullmatch(r"\d+\.\d+\.\d+", version) else None


def _retired_in(diff: Diff, claim_id: str) -> list[ReviewWarning]:
    """A claim removed since OLD is retired in a version after OLD (which holds it) and, in a release, by NEW."""
    retired_in = diff.new.retired[claim_id].get("retired_in")
    at, old, new = _semver(retired_in), _semver(diff.old.version), _semver(diff.new.version)
    if at is None or old is None:
        return []
    if at <= old:
        why = f"but {diff.old.version} holds it"
    elif new is not None and at > new and not diff.new.checkout:
        why = f"but {diff.new.version} is already without it"
    else:
        return []
    return [ReviewWarning(claim_id, "retired-in-wrong-version", (
        f"retired_in is {retired_in}, {why}: retired_in is the first version without the claim, the version of "
        "the release that drops it (CONTRIBUTING: Retiring a claim)"
    ))]


def _repointed(diff: Diff, change: Change) -> bool:
    """A relation moved from a claim retired since to one of its replacements, as retiring it requires."""
    if not re.fullmatch(r"relations\[\d+\]\.claim", change.path):
        return False
    retirement = diff.new.retired.get(change.old) if isinstance(change.old, str) else None
    if retirement is None or change.old in diff.old.retired:
        return False
    return change.new in (retirement.get("replaced_by") or ())


def _review(claim: dict[str, Any]) -> dict[str, Any]:
    review = claim.get("review")
    return review if isinstance(review, dict) else {}


# --- the report ----------------------------------------------------------------


def _retirement(diff: Diff, claim_id: str) -> str:
    record = diff.new.retired.get(claim_id)
    if not record:
        return "removed without a retirement record"
    replaced = f"; replaced by {', '.join(map(str, record['replaced_by']))}" if record.get("replaced_by") else ""
    return f"retired in {record.get('retired_in', '?')}: {record.get('reason', '?')}{replaced}"


def _label(diff: Diff, kind: str, record_id: str) -> Optional[str]:
    """What an added record is, beside its id: a document's headline, an actor's name."""
    record = diff.new.records[kind][record_id]
    if kind == "documents":
        return f"{record.get('outlet')}, {record.get('published')}: {record.get('title') or '(no headline)'}"
    if kind == "actors":
        name = record.get("name")
        return name.get("en") if isinstance(name, dict) else None
    if kind == "retired":
        return _retirement(diff, record_id)
    return None


def _json_change(change: Change) -> dict[str, Any]:
    return {"field": change.path, "old": change.old, "new": change.new}


def render(diff: Diff, fmt: str) -> str:
    if fmt == "json":
        return json.dumps(_as_json(diff), ensure_ascii=False, indent=2)
    return _as_text(diff, markdown=fmt == "markdown")


def _as_json(diff: Diff) -> dict[str, Any]:
    report: dict[str, Any] = {
        "old": {"source": diff.old.label, "version": diff.old.version},
        "new": {"source": diff.new.label, "version": diff.new.version},
    }
    for kind, section in diff.sections.items():
        entry = {
            "added": section.added,
            "removed": ([{"id": i, "status": _retirement(diff, i)} for i in section.removed] if kind == "claims"
                        else section.removed),
            "changed": [{"id": i, "fields": fields_of(c), "changes": [_json_change(x) for x in c],
                         **({"by_position": section.by_position[i]} if i in section.by_position else {})}
                        for i, c in section.changed.items()],
        }
        if kind == "claims":
            report.update(entry)  # at the top level, where programs have always found the claims
        else:
            report[kind] = entry
    report["warnings"] = [{"id": w.id, "code": w.code, "message": w.message} for w in diff.warnings]
    report["not_compared"] = diff.not_compared
    return report


BY_POSITION = ("too many items differ to align them all: part of the list is compared item by item at the same "
               "position, where an item inserted or removed shows as a change to each item after it")

# A value longer than this is shown by its start and its length (the JSON report has it whole).
SHOWN = 160


def _value(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False)
    if len(text) > SHOWN:
        text = f"{text[:SHOWN - 40]}… ({len(text)} characters)"
    return text


def _shown(change: Change, code: Any) -> str:
    if change.path.endswith("]") and change.old is None:
        return f"{code(change.path)} added: {code(_value(change.new))}"
    if change.path.endswith("]") and change.new is None:
        return f"{code(change.path)} removed: {code(_value(change.old))}"
    return f"{code(change.path)}: {code(_value(change.old))} → {code(_value(change.new))}"


def _as_text(diff: Diff, markdown: bool) -> str:
    # Everything taken from the data (ids, names, headlines, reasons, versions, keys) passes
    # through `plain` or `code`: literal Markdown in release notes, one line each in a log.
    plain = escape.markdown if markdown else escape.controls
    code = escape.markdown_code if markdown else escape.controls

    if markdown:
        lines = [f"## Changes from {plain(diff.old.version)} to {plain(diff.new.version)}", "",
                 "| records | added | removed | changed |", "|---|---|---|---|"]
        lines += [f"| {KINDS[k]} | {len(s.added)} | {len(s.removed)} | {len(s.changed)} |"
                  for k, s in diff.sections.items()]
    else:
        lines = [plain(f"{diff.old.label} ({diff.old.version}) → {diff.new.label} ({diff.new.version})"), ""]
        lines += [f"{KINDS[k]}: {len(s.added)} added, {len(s.removed)} removed, {len(s.changed)} changed."
                  for k, s in diff.sections.items()]
    if diff.not_compared:
        lines += ["", *(f"{'- ' if markdown else ''}{plain(note)}" for note in diff.not_compared)]

    def block(title: str, items: list[tuple[str, list[str]]]) -> None:
        if not items:
            return
        lines.extend(["", f"### {title}", ""] if markdown else ["", f"{title}:"])
        for item, details in items:
            lines.append(f"- {item}" if markdown else f"  {item}")
            lines.extend(f"  - {d}" if markdown else f"    {d}" for d in details)

    removed_claims = set(diff.sections["claims"].removed)  # every claims.json has claims
    for kind, section in diff.sections.items():
        name = KINDS[kind]
        added = section.added
        if kind == "retired":  # a claim removed in this diff already shows its retirement
            added = [i for i in added if i not in removed_claims]
        block(f"Added {name}", [(code(i) + (f": {plain(label)}" if (label := _label(diff, kind, i)) else ""), [])
                                for i in added])
        block(f"Removed {name}", [(code(i) + (f": {plain(_retirement(diff, i))}" if kind == "claims" else ""), [])
                                  for i in section.removed])
        block(f"Changed {name}", [
            (f"{code(i)}: {plain(', '.join(fields_of(found)))}",
             [f"{code(p)}: {BY_POSITION}" for p in section.by_position.get(i, ())] + [_shown(c, code) for c in found])
            for i, found in section.changed.items()
        ])
    block("Warnings for reviewers", [(f"{code(w.id)}: {plain(w.message)}", []) for w in diff.warnings])
    return "\n".join(lines)
