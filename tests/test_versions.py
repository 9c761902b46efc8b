"""The version comes from git tags: a tagged commit is its release, any other commit a development version naming it."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from claimset.build import UNKNOWN_VERSION, version
from conftest import committed_copy, git

pytestmark = pytest.mark.tooling  # git and pip: one Python suffices (pyproject: markers)

if shutil.which("git") is None:
    pytest.skip("git is not installed", allow_module_level=True)


def _git(cwd: Path, *args: str) -> str:
    return git(cwd, *args).stdout.strip()


@pytest.fixture
def data_repo(data_root, tmp_path) -> Path:
    """The sampled data, committed once in a fresh git repository with no tag."""
    target = tmp_path / "data"
    for name in ("claims", "seeds"):
        shutil.copytree(data_root / name, target / name)
    _git(target, "init", "-q")
    _git(target, "add", "-A")
    _git(target, "commit", "-q", "-m", "data")
    return target


def test_an_untagged_commit_is_a_development_version_that_names_it(data_repo):
    commit = _git(data_repo, "rev-parse", "--short=7", "HEAD")
    found = version(data_repo)
    assert re.fullmatch(r"0\.1\.dev1\+g[0-9a-f]{7,}", found), found
    assert found.split("+g")[1].startswith(commit)


def test_a_tagged_commit_is_its_release_and_the_next_commit_is_past_it(data_repo):
    _git(data_repo, "tag", "v0.3.0")
    assert version(data_repo) == "0.3.0"
    (data_repo / "notes.txt").write_text("later\n", encoding="utf-8")
    _git(data_repo, "add", "-A")
    _git(data_repo, "commit", "-q", "-m", "later")
    assert re.fullmatch(r"0\.3\.1\.dev1\+g[0-9a-f]{7,}", version(data_repo))


def test_uncommitted_changes_are_said_in_the_version(data_repo):
    path = next(p for p in sorted((data_repo / "claims").glob("*.yaml")))
    path.write_text(path.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert re.fullmatch(r"0\.1\.dev1\+g[0-9a-f]{7,}\.d\d{8}", version(data_repo))


def test_data_outside_git_has_no_version_to_tell(data_root):
    assert version(data_root) == UNKNOWN_VERSION == "0+unknown"


def test_build_site_and_diff_carry_the_commits_version(data_repo, run, tmp_path):
    expected = version(data_repo)
    release = tmp_path / "release"
    assert run("build", "--root", str(data_repo), "--out", str(release)).exit_code == 0
    assert json.loads((release / "claims.json").read_text(encoding="utf-8"))["version"] == expected
    assert json.loads((release / "datapackage.json").read_text(encoding="utf-8"))["version"] == expected
    site = tmp_path / "site"
    assert run("site", "--root", str(data_repo), "--out", str(site)).exit_code == 0
    assert expected in (site / "index.html").read_text(encoding="utf-8")
    import claimset

    assert repr(claimset.load(release)).startswith(f"<Dataset claimset {expected}:")
    diff = run("diff", str(release), str(release), "--format", "json")
    assert json.loads(diff.output)["new"]["version"] == expected


def test_a_wheel_built_from_an_untagged_commit_names_it_wherever_it_shows_its_version(data_repo, tmp_path):
    # The package's own files with the sampled data, committed in a fresh repository without tags.
    source = committed_copy(tmp_path / "claimset", data_repo)
    commit = _git(source, "rev-parse", "--short=7", "HEAD")
    out = tmp_path / "wheel"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(out),
                    str(source)], check=True, capture_output=True)
    (wheel,) = out.glob("claimset-*.whl")
    built = wheel.name.split("-")[1]
    assert re.fullmatch(r"0\.1\.dev1\+g[0-9a-f]{7,}", built) and built.split("+g")[1].startswith(commit), wheel.name
    assert f'__version__ = "{built}"' in zipfile.ZipFile(wheel).read("claimset/_scm_version.py").decode()

    target = tmp_path / "installed"
    subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(target), str(wheel)],
                   check=True, capture_output=True)
    code = "import claimset; d = claimset.load(); print(repr(d)); print(d.loaded_from)"
    env = {**os.environ, "PYTHONPATH": str(target)}
    shown = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, env=env, capture_output=True, text=True,
                           check=True).stdout.splitlines()
    assert shown[0].startswith(f"<Dataset claimset {built}:")
    assert shown[1] == f"the claimset {built} package"
