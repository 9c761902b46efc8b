"""Growing by pull requests: two branches that each add an article merge with plain `git merge` and pass the checks."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import REPO

pytestmark = pytest.mark.tooling  # git on a copy of the checkout (pyproject: markers)

sys.path.insert(0, str(REPO / "benchmarks"))
import grow  # noqa: E402


def _git(cwd: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(["git", "-c", "user.name=test", "-c", "user.email=test@example.invalid",
                           "-c", "init.defaultBranch=main", *args], cwd=cwd, capture_output=True, text=True)


def _claimset(root: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "claimset", *args, "--root", str(root)],
                          capture_output=True, text=True)


@pytest.fixture
def clone(tmp_path, data_root) -> Path:
    """The checkout's files as they are now, with the sampled data, committed on `main` of a fresh repository."""
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    target = tmp_path / "claimset"
    skip = shutil.ignore_patterns(".git", ".venv*", ".nox", "__pycache__", "*.egg-info", "build", "dist", ".hypothesis",
                                  "release", "site", "compiled", "screenshots", "claims", "seeds")
    shutil.copytree(REPO, target, ignore=skip)
    for name in ("claims", "seeds"):
        shutil.copytree(data_root / name, target / name)
    for args in (("init", "-q"), ("add", "-A"), ("commit", "-q", "-m", "main")):
        assert _git(target, *args).returncode == 0
    return target


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
    actors = root / "claims" / "actors.yaml"
    registry = yaml.safe_load(actors.read_text(encoding="utf-8"))
    registry["actors"].append(actor)
    actors.write_text(yaml.safe_dump(registry, allow_unicode=True, sort_keys=False), encoding="utf-8")


def test_two_branches_that_each_add_an_article_merge_cleanly_and_pass(clone, data_root, tmp_path):
    grown = tmp_path / "grown"
    grow.grow(clone, grown, 1)
    # Two new documents: copies whose ids the data does not hold yet (it may hold copies itself).
    first, second = sorted(p.stem for p in (grown / "claims").glob("*-copy-001.yaml")
                           if not (clone / "claims" / p.name).exists())[:2]
    # Two new speakers whose ids fall in different places of the id-ordered registry.
    speakers = [{"id": "contributor-a-analyst", "kind": "person", "name": {"ru": "Аналитик А", "en": "Analyst A"}},
                {"id": "zz-contributor-b-analyst", "kind": "person", "name": {"ru": "Аналитик Б", "en": "Analyst B"}}]
    for branch, doc_id, actor in (("article-a", first, speakers[0]), ("article-b", second, speakers[1])):
        assert _git(clone, "checkout", "-q", "-b", branch, "main").returncode == 0
        _add_article(clone, grown, doc_id, actor)
        formatted = _claimset(clone, "fmt")
        assert formatted.returncode == 0, formatted.stdout + formatted.stderr
        assert _claimset(clone, "validate").returncode == 0
        changed = _git(clone, "status", "--porcelain").stdout.split("\n")
        # The branch touches its own files and the registry it adds to, nothing generated.
        assert sorted(line[3:] for line in changed if line) == sorted(
            ["claims/actors.yaml", f"claims/{doc_id}.yaml", f"seeds/{doc_id}.txt"]
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


def _claims(root: Path, doc_id: str) -> list:
    return yaml.safe_load((root / "claims" / f"{doc_id}.yaml").read_text(encoding="utf-8"))["claims"]
