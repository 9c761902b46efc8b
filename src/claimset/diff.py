"""`claimset diff`: claims added, retired and changed between two releases (or a release and a checkout)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .read import UsageError


@dataclass
class Snapshot:
    label: str
    version: str
    claims: dict[str, dict[str, Any]]
    retired: dict[str, dict[str, Any]] = field(default_factory=dict)


@dataclass
class Diff:
    old: Snapshot
    new: Snapshot
    added: list[str]
    removed: list[str]
    changed: dict[str, list[str]]


def snapshot(path: Path) -> Snapshot:
    """Read a release's `claims.json`, a release directory, or a checkout."""
    if path.is_dir() and (path / "claims.json").is_file():
        path = path / "claims.json"
    if path.is_dir():
        from .build import dataset_json, version
        from .loader import load

        data = dataset_json(load(path), version(path))
        retired = {r["id"]: r for r in data["retired"]}
        return Snapshot(f"{path} (checkout)", data["version"], {c["id"]: c for c in data["claims"]}, retired)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise UsageError(f"{path}: no such file or directory") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise UsageError(f"{path}: not a claimset claims.json ({exc})") from None
    if not isinstance(data, dict) or not isinstance(data.get("claims"), list):
        raise UsageError(f"{path}: not a claimset claims.json (no 'claims' list)")
    claims = {c["id"]: c for c in data["claims"] if isinstance(c, dict) and "id" in c}
    retired = {r["id"]: r for r in data.get("retired", []) if isinstance(r, dict) and "id" in r}
    return Snapshot(str(path), str(data.get("version", "?")), claims, retired)


def compare(old: Snapshot, new: Snapshot) -> Diff:
    added = sorted(set(new.claims) - set(old.claims))
    removed = sorted(set(old.claims) - set(new.claims))
    changed = {}
    for claim_id in sorted(set(old.claims) & set(new.claims)):
        before, after = old.claims[claim_id], new.claims[claim_id]
        fields = sorted(k for k in set(before) | set(after) if before.get(k) != after.get(k))
        if fields:
            changed[claim_id] = fields
    return Diff(old, new, added, removed, changed)


def _retirement(diff: Diff, claim_id: str) -> str:
    record = diff.new.retired.get(claim_id)
    if not record:
        return "removed without a retirement record"
    replaced = f"; replaced by {', '.join(record['replaced_by'])}" if record.get("replaced_by") else ""
    return f"retired: {record['reason']}{replaced}"


def render(diff: Diff, fmt: str) -> str:
    if fmt == "json":
        return json.dumps(
            {
                "old": {"source": diff.old.label, "version": diff.old.version},
                "new": {"source": diff.new.label, "version": diff.new.version},
                "added": diff.added,
                "removed": [{"id": i, "status": _retirement(diff, i)} for i in diff.removed],
                "changed": [{"id": i, "fields": f} for i, f in diff.changed.items()],
            },
            ensure_ascii=False,
            indent=2,
        )
    md = fmt == "markdown"
    code = (lambda s: f"`{s}`") if md else (lambda s: s)
    lines = [
        (f"## Changes from {diff.old.version} to {diff.new.version}" if md
         else f"{diff.old.label} ({diff.old.version}) → {diff.new.label} ({diff.new.version})"),
        "",
        f"{len(diff.added)} added, {len(diff.removed)} removed, {len(diff.changed)} changed.",
    ]
    sections = [
        ("Added", [code(i) for i in diff.added]),
        ("Removed", [f"{code(i)}: {_retirement(diff, i)}" for i in diff.removed]),
        ("Changed", [f"{code(i)}: {', '.join(fields)}" for i, fields in diff.changed.items()]),
    ]
    for title, items in sections:
        if items:
            lines += ["", f"### {title}" if md else f"{title}:", ""] if md else ["", f"{title}:"]
            lines += [f"- {item}" if md else f"  {item}" for item in items]
    return "\n".join(lines)
