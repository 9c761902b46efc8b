"""`changes.json`: what a release changed since the previous one, and the version each record was added and last changed in.

The changes are `claimset diff` of the previous release against this one
(`diff.compare`): for claims, documents and actors the ids added, the claims
retired (with `replaced_by` and `retired_in` from `claims/retired.yaml`) or
otherwise removed, and each changed record field by field, with both values.

`records` gives every record of the release its `added_in` and `changed_in`
versions, carried forward from the previous release's `changes.json`: a record
new in this release was added and changed in it; a record the diff shows
changed was changed in it; any other keeps the versions it had. A record of a
previous release that has no `changes.json` (none has, before 0.1.0) counts as
added and last changed in that release. Without a previous release (the first
one), every record is added in this one. Nothing comes from hand edits.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Optional, Union

from . import diff

FILE_NAME = "changes.json"
# The kinds of record whose versions are tracked; retirements are records about claims, listed with them.
TRACKED = ("claims", "documents", "actors")
MAX_BYTES = 64 * 2**20


@dataclass
class Previous:
    """The release a build is compared with: its version, records (as `claims.json` holds them) and their versions."""

    version: str
    records: dict[str, dict[str, dict[str, Any]]]
    versions: dict[str, dict[str, dict[str, str]]] = field(default_factory=dict)


def previous(location: Union[str, Path]) -> Previous:
    """The release at ``location`` (a directory, its claims.json, or the URL of either), verified as `load` verifies it."""
    from . import loader, release
    from .build import dataset_json

    if not release.is_url(str(location)) and not release.is_release(Path(location)):
        raise release.ReleaseError(f"{location}: not a release (a folder with claims.json and SHA256SUMS, or the "
                                   "URL of one); --previous takes the release this one follows")
    dataset = loader.load(location)
    if dataset.version is None:
        raise release.ReleaseError(f"{location}: has no version; --previous takes a release")
    whole = dataset_json(dataset, dataset.version)
    records = {kind: {r["id"]: r for r in whole[kind]} for kind in diff.KINDS}
    where = str(location)
    if release.is_url(where) and where.endswith(".json"):
        where = where[: where.rindex("/") + 1]
    raw = release.verified_file(where, FILE_NAME, MAX_BYTES)
    versions: dict[str, dict[str, dict[str, str]]] = {}
    if raw is not None:
        try:
            versions = json.loads(raw.decode("utf-8"))["records"]
        except (UnicodeDecodeError, ValueError, KeyError, TypeError) as exc:
            raise release.ReleaseError(f"{location}: its {FILE_NAME} is not one claimset writes ({exc})") from None
    return Previous(dataset.version, records, versions)


def _versions(kind: str, new: dict[str, Any], old: Optional[Previous], section: Optional[diff.Section],
              version: str) -> dict[str, dict[str, str]]:
    out: dict[str, dict[str, str]] = {}
    known = old.versions.get(kind, {}) if old is not None else {}
    for record_id in new:
        if old is None or record_id not in old.records.get(kind, {}):
            out[record_id] = {"added_in": version, "changed_in": version}
            continue
        had = known.get(record_id) or {}
        added = had.get("added_in") if isinstance(had.get("added_in"), str) else old.version
        changed = had.get("changed_in") if isinstance(had.get("changed_in"), str) else old.version
        if section is not None and record_id in section.changed:
            changed = version
        out[record_id] = {"added_in": added, "changed_in": changed}
    return out


def changes(whole: dict[str, Any], old: Optional[Previous]) -> dict[str, Any]:
    """The `changes.json` of the release ``whole`` (as `build.dataset_json` gives it), against ``old``."""
    version = whole["version"]
    records = {kind: {r["id"]: r for r in whole[kind]} for kind in diff.KINDS}
    report: dict[str, Any] = {"name": whole["name"], "version": version,
                              "previous": old.version if old is not None else None}
    sections: dict[str, diff.Section] = {}
    if old is not None:
        compared = diff.compare(diff.Snapshot("previous", old.version, old.records),
                                diff.Snapshot("this release", version, records))
        sections = compared.sections
    for kind in TRACKED:
        section = sections.get(kind) or diff.Section(added=sorted(records[kind]))
        entry: dict[str, Any] = {
            "added": section.added,
            "changed": [{"id": i, "fields": [diff._json_change(c) for c in found]} for i, found in section.changed.items()],
        }
        if kind == "claims":
            retired = records["retired"]
            entry["retired"] = [
                {"id": i, "reason": retired[i]["reason"], "replaced_by": retired[i]["replaced_by"],
                 "retired_in": retired[i]["retired_in"]}
                for i in section.removed if i in retired
            ]
            entry["removed"] = [i for i in section.removed if i not in retired]
        else:
            entry["removed"] = section.removed
        report[kind] = entry
    report["records"] = {kind: _versions(kind, records[kind], old, sections.get(kind), version) for kind in TRACKED}
    return report


def changes_json(whole: dict[str, Any], old: Optional[Previous]) -> str:
    return json.dumps(changes(whole, old), ensure_ascii=False, indent=2) + "\n"
