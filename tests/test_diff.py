"""`claimset diff`: every record added, removed and changed between two releases, field by field."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from conftest import tag_release


def _edit(root: Path, rel: str, old: str, new: str) -> None:
    path = root / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture no longer contains {old!r}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture
def old(mini, tmp_path) -> Path:
    """The fixture as it was released in 0.1.0 (committed and tagged v0.1.0), to compare the edited ``mini`` with."""
    target = tmp_path / "old"
    shutil.copytree(mini, target)
    tag_release(target, "0.1.0")
    return target


def _body(output: str) -> str:
    """The report without its first line, which names the two paths compared."""
    return output.split("\n", 1)[1]


def test_diff_names_added_removed_and_changed_claims(mini, run, tmp_path):
    assert run("build", "--root", str(mini), "--out", str(tmp_path / "old")).exit_code == 0
    path = mini / "claims" / "doc-a.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("- id: a-talks", "- id: a-talks-renamed").replace("approx: true", "approx: false")
    path.write_text(text, encoding="utf-8")
    other = mini / "claims" / "doc-b.yaml"
    other.write_text(other.read_text(encoding="utf-8").replace("english: The agency", "english: the agency"), encoding="utf-8")
    assert run("build", "--root", str(mini), "--out", str(tmp_path / "new")).exit_code == 0
    result = run("diff", str(tmp_path / "old" / "claims.json"), str(tmp_path / "new" / "claims.json"), "--format", "json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["added"] == ["a-talks-renamed"]
    assert report["removed"] == [{"id": "a-talks", "status": "removed without a retirement record"}]
    assert report["changed"] == [
        {"id": "a-builders", "fields": ["figures"],
         "changes": [{"field": "figures[0].approx", "old": True, "new": False}]},
        {"id": "b-meeting", "fields": ["english"],
         "changes": [{"field": "english", "old": "The agency reported a meeting on 6 November",
                      "new": "the agency reported a meeting on 6 November"}]},
    ]
    markdown = run("diff", str(tmp_path / "old"), str(mini), "--format", "markdown").output
    assert "### Added claims\n\n- `a-talks-renamed`\n" in markdown
    assert "- `a-builders`: figures\n  - `figures[0].approx`: `true` → `false`\n" in markdown


def test_diff_reports_documents_and_actors_field_by_field(mini, old, run):
    roles = "name: {ru: Министр, en: The minister}\n"
    role = "roles:\n- title: {ru: министр обороны, en: Minister of Defence}\n  start: 2024-05\n"
    _edit(old, "claims/actors/minister.yaml", roles, roles + role)
    _edit(mini, "claims/actors/minister.yaml", roles, roles + role.replace("2024-05", "2024-06"))
    _edit(mini, "claims/actors/outlet-a.yaml", "en: Outlet A}", "en: Outlet A Daily}")
    (mini / "claims" / "actors" / "observer.yaml").write_text(
        "id: observer\nkind: person\nname: {ru: null, en: An observer}\n", encoding="utf-8")
    _edit(mini, "claims/doc-b.yaml", "  url: null", "  url: https://example.org/b")

    result = run("diff", str(old), str(mini))
    assert result.exit_code == 0, result.output
    assert _body(result.output) == """
claims: 0 added, 0 removed, 0 changed.
documents: 0 added, 0 removed, 1 changed.
actors: 1 added, 0 removed, 2 changed.
retirements: 0 added, 0 removed, 0 changed.

Changed documents:
  doc-b: url
    url: null → "https://example.org/b"

Added actors:
  observer: An observer

Changed actors:
  minister: roles
    roles[0].start: "2024-05" → "2024-06"
  outlet-a: name
    name.en: "Outlet A" → "Outlet A Daily"
"""

    markdown = run("diff", str(old), str(mini), "--format", "markdown").output
    assert "| documents | 0 | 0 | 1 |\n| actors | 1 | 0 | 2 |\n" in markdown
    assert "### Changed documents\n\n- `doc-b`: url\n  - `url`: `null` → `\"https://example.org/b\"`\n" in markdown
    assert "### Added actors\n\n- `observer`: An observer\n" in markdown

    report = json.loads(run("diff", str(old), str(mini), "--format", "json").output)
    assert report["documents"] == {"added": [], "removed": [], "changed": [
        {"id": "doc-b", "fields": ["url"], "changes": [{"field": "url", "old": None, "new": "https://example.org/b"}]},
    ]}
    assert report["actors"]["added"] == ["observer"]
    # Read the other way, the same actor is removed.
    assert json.loads(run("diff", str(mini), str(old), "--format", "json").output)["actors"]["removed"] == ["observer"]


def test_an_item_inserted_in_a_list_is_one_change_not_a_shift(mini, old, run):
    figure = "  - value: 5000\n"
    _edit(mini, "claims/doc-a.yaml", figure, "  - value: 5\n    approx: false\n    unit: month\n    what: months\n" + figure)
    result = run("diff", str(old), str(mini))
    assert _body(result.output).endswith(
        '\nChanged claims:\n  a-builders: figures\n'
        '    figures[0] added: {"value": 5, "approx": false, "lower": null, "upper": null, "unit": "month", '
        '"what": "months", "period": null, "note": null}\n'
    )


def test_retirements_are_reported_with_their_version_reason_and_replacement(mini, old, run):
    _edit(mini, "claims/doc-a.yaml", "- id: a-talks\n", "- id: a-talks-friendly\n")
    retired = "retired:\n- id: a-talks\n  reason: renamed\n  replaced_by: [a-talks-friendly]\n  retired_in: 0.2.0\n"
    (mini / "claims" / "retired.yaml").write_text(retired, encoding="utf-8")
    result = run("diff", str(old), str(mini))
    assert result.exit_code == 0, result.output
    body = _body(result.output)
    assert "\nretirements: 1 added, 0 removed, 0 changed.\n" in body
    assert "\nRemoved claims:\n  a-talks: retired in 0.2.0: renamed; replaced by a-talks-friendly\n" in body
    assert "Added retirements" not in body  # the removed claim already says so

    shutil.rmtree(old)
    shutil.copytree(mini, old)
    _edit(mini, "claims/retired.yaml", "reason: renamed", "reason: renamed to say what the talks were like")
    result = run("diff", str(old), str(mini), "--format", "markdown")
    assert result.output.endswith(
        "### Changed retirements\n\n- `a-talks`: reason\n"
        "  - `reason`: `\"renamed\"` → `\"renamed to say what the talks were like\"`\n"
    )


def test_a_corrected_claim_whose_review_still_vouches_for_the_old_record_is_flagged(mini, old, run):
    # a-talks is second-read; shortening its quote leaves a review that vouches for the longer one.
    _edit(mini, "claims/doc-a.yaml", "text: Переговоры прошли «в дружественной обстановке»\n    start: 91\n    end: 137",
          "text: Переговоры прошли\n    start: 91\n    end: 108")
    result = run("diff", str(old), str(mini))
    assert result.exit_code == 0  # a warning for reviewers and release notes, not an error
    assert _body(result.output).endswith(
        "\nWarnings for reviewers:\n"
        "  a-talks: quote.text, quote.end changed since 0.1.0, but review.status is still second-read and "
        "review.changes is unchanged: a correction sets review.status to first-read until a second reader "
        "confirms it, or a second read records what it changed in review.changes (CONTRIBUTING: Correcting a claim)\n"
    )
    report = json.loads(run("diff", str(old), str(mini), "--format", "json").output)
    assert [(w["id"], w["code"]) for w in report["warnings"]] == [("a-talks", "review-not-reset")]

    # Either way of recording the correction, as CONTRIBUTING says, clears the warning.
    _edit(mini, "claims/doc-a.yaml", "    status: second-read\n    changes: null", "    status: first-read")
    assert json.loads(run("diff", str(old), str(mini), "--format", "json").output)["warnings"] == []
    _edit(mini, "claims/doc-a.yaml", "    status: first-read",
          "    status: second-read\n    changes: quote shortened to the assertion")
    assert json.loads(run("diff", str(old), str(mini), "--format", "json").output)["warnings"] == []


def test_diff_refuses_a_file_that_is_not_a_release(tmp_path, run):
    bogus = tmp_path / "x.json"
    bogus.write_text("[1, 2]", encoding="utf-8")
    result = run("diff", str(bogus), str(bogus))
    assert result.exit_code == 2
    assert "not a claimset claims.json" in result.output


def test_diff_with_an_invalid_checkout_lists_its_problems(mini, run, tmp_path):
    assert run("build", "--root", str(mini), "--out", str(tmp_path / "old")).exit_code == 0
    path = mini / "claims" / "doc-a.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("type: quantity", "type: rumour"), encoding="utf-8")
    result = run("diff", str(tmp_path / "old"), str(mini))
    assert result.exit_code == 1
    assert "unknown-term" in result.output
    assert "internal error" not in result.output


def test_a_kind_of_record_one_release_lacks_is_said_not_compared(mini, run, tmp_path):
    assert run("build", "--root", str(mini), "--out", str(tmp_path / "rel")).exit_code == 0
    release = json.loads((tmp_path / "rel" / "claims.json").read_text(encoding="utf-8"))
    del release["actors"]
    old = tmp_path / "without-actors.json"
    old.write_text(json.dumps(release, ensure_ascii=False), encoding="utf-8")
    result = run("diff", str(old), str(tmp_path / "rel"))
    assert result.exit_code == 0, result.output
    assert f"\n\nactors: not compared, {old} has none\n" in result.output
    assert "\nactors: 0 added" not in result.output


def test_contributing_has_the_section_the_warning_names(repo):
    # The review warning (above) sends the reader to "CONTRIBUTING: Correcting a claim".
    text = (repo / "CONTRIBUTING.md").read_text(encoding="utf-8")
    headings = [line.lstrip("#").strip() for line in text.splitlines() if line.startswith("#")]
    assert {"Correcting a claim", "Retiring a claim"} <= set(headings)


def test_a_correction_sent_back_to_first_read_with_the_released_changes_kept_is_flagged(mini, old, run):
    # As released: a-talks second-read, with what that read changed.
    for root in (old, mini):
        _edit(root, "claims/doc-a.yaml", "    changes: null", "    changes: quote narrowed to the talks")
    tag_release(old, "0.1.0")
    _edit(mini, "claims/doc-a.yaml", "english: The talks took place", "english: The talks were held")
    _edit(mini, "claims/doc-a.yaml", "    status: second-read\n", "    status: first-read\n")
    report = json.loads(run("diff", str(old), str(mini), "--format", "json").output)
    assert report["warnings"] == [{"id": "a-talks", "code": "review-changes-kept", "message": (
        "english changed since 0.1.0 and review.status is now first-read, but review.changes still says what the "
        "earlier second read changed in the record as released: replace it with what the correction changed and "
        "why, or delete it (CONTRIBUTING: Correcting a claim)")}]
    # Replacing it with what the correction changed, as CONTRIBUTING says, clears the warning; so does deleting it.
    _edit(mini, "claims/doc-a.yaml", "    changes: quote narrowed to the talks\n",
          "    changes: english «were held» for «состоялись», the plainer verb\n")
    assert json.loads(run("diff", str(old), str(mini), "--format", "json").output)["warnings"] == []
    _edit(mini, "claims/doc-a.yaml", "    changes: english «were held» for «состоялись», the plainer verb\n", "")
    assert json.loads(run("diff", str(old), str(mini), "--format", "json").output)["warnings"] == []


def test_a_claim_removed_without_a_retirement_is_a_warning_for_reviewers(mini, old, run):
    # Without releases/latest-ids.txt validate cannot tell a dropped id: diff against the release can.
    _edit(mini, "claims/doc-a.yaml", "- id: a-talks\n", "- id: a-talks-friendly\n")
    assert run("validate", "--root", str(mini)).exit_code == 0
    result = run("diff", str(old), str(mini))
    assert result.exit_code == 0
    assert _body(result.output).endswith(
        "\nWarnings for reviewers:\n"
        "  a-talks: published in 0.1.0 and gone without a retirement record: claim ids are never dropped silently; "
        "restore the claim, or retire it in claims/retired.yaml with its reason and replacements "
        "(CONTRIBUTING: Retiring a claim)\n"
    )
    retired = "retired:\n- id: a-talks\n  reason: renamed\n  replaced_by: [a-talks-friendly]\n  retired_in: 0.2.0\n"
    (mini / "claims" / "retired.yaml").write_text(retired, encoding="utf-8")
    assert json.loads(run("diff", str(old), str(mini), "--format", "json").output)["warnings"] == []


def test_a_relation_moved_to_the_replacement_of_a_retired_claim_is_no_correction(mini, old, run):
    # a-talks (second-read) restates b-meeting; b-meeting is retired for b-meeting-agency, and the relation follows.
    _edit(mini, "claims/doc-b.yaml", "- id: b-meeting\n", "- id: b-meeting-agency\n")
    _edit(mini, "claims/doc-a.yaml", "    claim: b-meeting\n", "    claim: b-meeting-agency\n")
    retired = "retired:\n- id: b-meeting\n  reason: renamed\n  replaced_by: [b-meeting-agency]\n  retired_in: 0.2.0\n"
    (mini / "claims" / "retired.yaml").write_text(retired, encoding="utf-8")
    assert run("validate", "--root", str(mini)).exit_code == 0
    report = json.loads(run("diff", str(old), str(mini), "--format", "json").output)
    assert [c["id"] for c in report["changed"]] == ["a-talks"]  # still listed as changed
    assert report["warnings"] == []
    # Pointed anywhere else, it is a correction like any other.
    _edit(mini, "claims/doc-a.yaml", "    claim: b-meeting-agency\n", "    claim: a-builders\n")
    report = json.loads(run("diff", str(old), str(mini), "--format", "json").output)
    assert [(w["id"], w["code"]) for w in report["warnings"]] == [("a-talks", "review-not-reset")]


def test_a_retirement_dated_to_a_version_that_holds_the_claim_is_flagged(mini, old, run, tmp_path):
    _edit(mini, "claims/doc-a.yaml", "- id: a-talks\n", "- id: a-talks-friendly\n")
    retired = "retired:\n- id: a-talks\n  reason: renamed\n  replaced_by: [a-talks-friendly]\n  retired_in: 0.1.0\n"
    (mini / "claims" / "retired.yaml").write_text(retired, encoding="utf-8")
    report = json.loads(run("diff", str(old), str(mini), "--format", "json").output)
    assert report["warnings"] == [{"id": "a-talks", "code": "retired-in-wrong-version", "message": (
        "retired_in is 0.1.0, but 0.1.0 holds it: retired_in is the first version without the claim, the version "
        "of the release that drops it (CONTRIBUTING: Retiring a claim)")}]
    # In a checkout, a later version than the checkout's is the release it waits for; in a release it is wrong.
    _edit(mini, "claims/retired.yaml", "retired_in: 0.1.0", "retired_in: 0.2.0")
    assert json.loads(run("diff", str(old), str(mini), "--format", "json").output)["warnings"] == []
    assert run("build", "--root", str(mini), "--out", str(tmp_path / "new")).exit_code == 0
    release = json.loads((tmp_path / "new" / "claims.json").read_text(encoding="utf-8"))
    new = tmp_path / "claims-0.1.1.json"  # released as 0.1.1, not the 0.2.0 the retirement expected
    new.write_text(json.dumps({**release, "version": "0.1.1"}, ensure_ascii=False), encoding="utf-8")
    report = json.loads(run("diff", str(old), str(new), "--format", "json").output)
    assert [(w["id"], w["code"]) for w in report["warnings"]] == [("a-talks", "retired-in-wrong-version")]
    assert "retired_in is 0.2.0, but 0.1.1 is already without it" in report["warnings"][0]["message"]
