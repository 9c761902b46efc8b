"""Growing by pull requests: two branches that each add an article merge with plain `git merge` and pass the checks."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import REPO, committed_copy, git

pytestmark = pytest.mark.tooling  # git on a copy of the checkout (pyproject: markers)

sys.path.insert(0, str(REPO / "benchmarks"))
import grow  # noqa: E402


def _git(cwd: Path, *args: str) -> subprocess.CompletedProcess:
    return git(cwd, *args, check=False)  # the test asserts each return code itself


def _claimset(root: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "claimset", *args, "--root", str(root)],
                          capture_output=True, text=True)


@pytest.fixture
def clone(tmp_path, data_root) -> Path:
    """The checkout's files as they are now, with the sampled data, committed on `main` of a fresh repository."""
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    return committed_copy(tmp_path / "claimset", data_root, "main")


def _add_article(root: Path, grown: Path, doc_id: str, actor: dict) -> None:
    """Add one grown document, and one actor who makes its first reported claim, as a contributor's branch would."""
    for folder, suffix in (("seeds", ".txt"), ("claims", ".yaml")):
        shutil.copyfile(grown / folder / f"{doc_id}{suffix}", root / folder / f"{doc_id}{suffix}")
    path = root / "claims" / f"{doc_id}.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    spoken = next(claim for claim in data["claims"] if claim["mode"] != "narrative")
    spoken["speaker"], spoken["via"] = actor["id"], []
    own = {claim["id"] for claim in data["claims"]}
    for claim in data["claims"]:  # links to the other copies, which this branch does not add
        if claim.get("relations"):
            claim["relations"] = [r for r in claim["relations"] if r["claim"] in own]
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1 << 30), encoding="utf-8")
    _write_actor(root, actor)


def _actor(root: Path, actor_id: str) -> dict:
    return yaml.safe_load((root / "claims" / "actors" / f"{actor_id}.yaml").read_text(encoding="utf-8"))


def _write_actor(root: Path, actor: dict) -> None:
    # Plain PyYAML output, as a contributor's editor might leave it: fmt makes it canonical.
    text = yaml.safe_dump(actor, allow_unicode=True, sort_keys=False)
    (root / "claims" / "actors" / f"{actor['id']}.yaml").write_text(text, encoding="utf-8")


def _one_registry(root: Path, commit: str) -> str:
    """The actors at ``commit`` as the single id-ordered registry file of earlier versions held them."""
    listed = _git(root, "ls-tree", "--name-only", commit, "claims/actors/").stdout.split()
    actors = [yaml.safe_load(_git(root, "show", f"{commit}:{name}").stdout) for name in sorted(listed)]
    return yaml.safe_dump({"actors": actors}, allow_unicode=True, sort_keys=False, width=1 << 30)


def test_two_branches_that_each_add_an_article_merge_cleanly_and_pass(clone, data_root, tmp_path):
    grown = tmp_path / "grown"
    grow.grow(clone, grown, 1)
    # Two new documents: copies whose ids the data does not hold yet (it may hold copies itself).
    first, second = sorted(p.stem for p in (grown / "claims").glob("*-copy-001.yaml")
                           if not (clone / "claims" / p.name).exists())[:2]
    # Two new speakers whose ids are neighbours in id order; and an existing actor that one branch gives a
    # role while the other adds an actor whose id comes right after it. In one id-ordered registry file both
    # pairs of changes would meet (the check at the end shows it); one file per actor keeps them apart.
    speakers = [{"id": "contributor-a-analyst", "kind": "person", "name": {"ru": "Аналитик А", "en": "Analyst A"}},
                {"id": "contributor-b-analyst", "kind": "person", "name": {"ru": "Аналитик Б", "en": "Analyst B"}}]
    existing = sorted(p.stem for p in (clone / "claims" / "actors").glob("*.yaml"))
    edited = existing[0]
    neighbour = {"id": f"{edited}-aide", "kind": "person", "name": {"ru": "Помощник", "en": "An aide"}}
    assert sorted([*existing, neighbour["id"]]).index(neighbour["id"]) == 1, "the new actor must follow the edited one"
    role = {"title": {"ru": "должность из теста", "en": "A role a test adds"}}
    for branch, doc_id, actor in (("article-a", first, speakers[0]), ("article-b", second, speakers[1])):
        assert _git(clone, "checkout", "-q", "-b", branch, "main").returncode == 0
        _add_article(clone, grown, doc_id, actor)
        if branch == "article-a":
            record = _actor(clone, edited)
            record["roles"] = [*record.get("roles", []), role]
            _write_actor(clone, record)
            touched = [f"claims/actors/{edited}.yaml"]
        else:
            _write_actor(clone, neighbour)
            touched = [f"claims/actors/{neighbour['id']}.yaml"]
        formatted = _claimset(clone, "fmt")
        assert formatted.returncode == 0, formatted.stdout + formatted.stderr
        assert _claimset(clone, "validate").returncode == 0
        changed = _git(clone, "status", "--porcelain").stdout.split("\n")
        # The branch touches its own files and the actors it adds or edits, nothing generated.
        assert sorted(line[3:] for line in changed if line) == sorted(
            [f"claims/actors/{actor['id']}.yaml", *touched, f"claims/{doc_id}.yaml", f"seeds/{doc_id}.txt"]
        )
        assert _git(clone, "add", "-A").returncode == 0
        assert _git(clone, "commit", "-q", "-m", f"Add {doc_id}").returncode == 0

    merged = _git(clone, "merge", "--no-edit", "article-a")  # into article-b, which is checked out
    assert merged.returncode == 0, merged.stdout + merged.stderr
    for command in (("validate",), ("fmt", "--check"), ("coverage",)):
        result = _claimset(clone, *command)
        assert result.returncode == 0, (command, result.stdout + result.stderr)
    # The summary lines, after any warnings (a near-duplicate text is one).
    valid = _claimset(clone, "validate").stdout.splitlines()[-1]
    before = _claimset(data_root, "validate").stdout.splitlines()[-1].split()
    assert valid.startswith(f"valid: {int(before[1]) + len(_claims(grown, first)) + len(_claims(grown, second))} claims")
    assert _actor(clone, edited)["roles"][-1] == role and _actor(clone, neighbour["id"])["name"]["en"] == "An aide"

    # The same two branches' actors, kept as one id-ordered file, would not merge: the test proves what it says.
    versions = {name: tmp_path / f"actors-{name}.yaml" for name in ("main", "article-a", "article-b")}
    for name, path in versions.items():
        path.write_text(_one_registry(clone, name), encoding="utf-8")
    one_file = _git(clone, "merge-file", "-p", str(versions["article-b"]), str(versions["main"]), str(versions["article-a"]))
    assert one_file.returncode > 0, "one registry file would have merged these branches cleanly"


def _claims(root: Path, doc_id: str) -> list:
    return yaml.safe_load((root / "claims" / f"{doc_id}.yaml").read_text(encoding="utf-8"))["claims"]
