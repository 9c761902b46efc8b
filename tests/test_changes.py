"""`changes.json`: each release lists what changed since the one before, and when each record was added and changed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import tag_release

DOC_A = "claims/doc-a.yaml"


def _edit(root: Path, rel: str, old: str, new: str) -> None:
    path = root / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, f"the fixture no longer holds {old!r}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _changes(release: Path) -> dict:
    return json.loads((release / "changes.json").read_text(encoding="utf-8"))


def _build(run, root: Path, out: Path, *previous: Path) -> dict:
    args = ["build", "--root", str(root), "--out", str(out)]
    if previous:
        args += ["--previous", str(previous[0])]
    result = run(*args)
    assert result.exit_code == 0, result.output
    return _changes(out)


@pytest.fixture
def three_releases(mini, run, tmp_path):
    """0.0.1; then 0.0.2, a claim's translation corrected and an actor added; then 0.1.0, a claim's id retired
    for a new one."""
    tag_release(mini, "0.0.1")
    first = _build(run, mini, tmp_path / "r1")
    _edit(mini, DOC_A, "english: about 5,000 builders arrived in September",
          "english: about 5,000 builders came in September")
    (mini / "claims" / "actors" / "ministry.yaml").write_text(
        "id: ministry\nkind: government-body\nname: {ru: Министерство, en: The ministry}\n", encoding="utf-8")
    tag_release(mini, "0.0.2")
    second = _build(run, mini, tmp_path / "r2", tmp_path / "r1")
    _edit(mini, DOC_A, "- id: a-talks\n", "- id: a-talks-atmosphere\n")
    (mini / "claims" / "retired.yaml").write_text(
        "retired:\n- id: a-talks\n  reason: renamed\n  replaced_by: [a-talks-atmosphere]\n  retired_in: 0.1.0\n",
        encoding="utf-8")
    tag_release(mini, "0.1.0")
    third = _build(run, mini, tmp_path / "r3", tmp_path / "r2")
    return first, second, third


def test_the_first_release_adds_every_record(three_releases):
    first, _, _ = three_releases
    assert first["version"] == "0.0.1" and first["previous"] is None
    assert {"a-builders", "a-talks", "b-meeting"} <= set(first["claims"]["added"])
    assert first["claims"]["changed"] == [] and first["claims"]["retired"] == []
    assert all(v == {"added_in": "0.0.1", "changed_in": "0.0.1"} for v in first["records"]["claims"].values())


def test_a_second_release_lists_exactly_what_changed_field_by_field(three_releases):
    _, second, _ = three_releases
    assert second["previous"] == "0.0.1" and second["version"] == "0.0.2"
    assert second["claims"]["changed"] == [{"id": "a-builders", "fields": [{
        "field": "english", "old": "about 5,000 builders arrived in September",
        "new": "about 5,000 builders came in September"}]}]
    assert second["claims"]["added"] == [] and second["claims"]["retired"] == [] and second["claims"]["removed"] == []
    assert second["actors"]["added"] == ["ministry"] and second["actors"]["changed"] == []
    assert second["documents"] == {"added": [], "changed": [], "removed": []}
    assert second["records"]["claims"]["a-builders"] == {"added_in": "0.0.1", "changed_in": "0.0.2"}
    assert second["records"]["claims"]["b-meeting"] == {"added_in": "0.0.1", "changed_in": "0.0.1"}
    assert second["records"]["actors"]["ministry"] == {"added_in": "0.0.2", "changed_in": "0.0.2"}


def test_a_retired_claim_is_listed_with_its_replacement_and_versions_carry_forward(three_releases):
    _, _, third = three_releases
    assert third["claims"]["retired"] == [
        {"id": "a-talks", "reason": "renamed", "replaced_by": ["a-talks-atmosphere"], "retired_in": "0.1.0"}]
    assert third["claims"]["added"] == ["a-talks-atmosphere"] and third["claims"]["changed"] == []
    assert "a-talks" not in third["records"]["claims"]
    assert third["records"]["claims"]["a-talks-atmosphere"] == {"added_in": "0.1.0", "changed_in": "0.1.0"}
    # Versions come from the release history, through the previous release's changes.json.
    assert third["records"]["claims"]["a-builders"] == {"added_in": "0.0.1", "changed_in": "0.0.2"}
    assert third["records"]["actors"]["ministry"] == {"added_in": "0.0.2", "changed_in": "0.0.2"}


def test_changes_json_is_listed_in_sha256sums_and_croissant(three_releases, tmp_path):
    release = tmp_path / "r2"
    assert any(line.endswith("  changes.json") for line in (release / "SHA256SUMS").read_text().splitlines())
    croissant = json.loads((release / "croissant.json").read_text(encoding="utf-8"))
    assert "changes.json" in {o["contentUrl"] for o in croissant["distribution"]}


def test_a_previous_release_that_is_not_one_is_refused(mini, run, tmp_path):
    result = run("build", "--root", str(mini), "--out", str(tmp_path / "out"), "--previous", str(mini))
    assert result.exit_code == 2 and "not a release" in result.output
    assert not (tmp_path / "out").exists()


def test_a_tampered_previous_changes_json_is_refused(mini, run, tmp_path):
    _build(run, mini, tmp_path / "r1")
    path = tmp_path / "r1" / "changes.json"
    path.write_text(path.read_text(encoding="utf-8").replace('"added_in"', '"added_in" ', 1), encoding="utf-8")
    result = run("build", "--root", str(mini), "--out", str(tmp_path / "r2"), "--previous", str(tmp_path / "r1"))
    assert result.exit_code == 2 and "changes.json" in result.output and "SHA-256" in result.output
