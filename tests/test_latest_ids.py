"""`.github/latest_ids.py` writes the latest release's claim ids where validate looks for them (gh stood in for)."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REPO

SCRIPT = REPO / ".github" / "latest_ids.py"

# A stand-in for the `gh` command: `release list` prints $FAKE_TAG, `release download TAG --pattern NAME
# --dir DIR` copies $FAKE_ASSETS/NAME into DIR or fails as gh does when the release has no such asset.
FAKE_GH = f"""#!{sys.executable}
import os, shutil, sys
args = sys.argv[1:]
if os.environ.get("FAKE_FAIL"):
    sys.exit("HTTP 401: Bad credentials")
if args[:2] == ["release", "list"]:
    print(os.environ.get("FAKE_TAG", ""))
elif args[:2] == ["release", "download"]:
    name, target = args[args.index("--pattern") + 1], args[args.index("--dir") + 1]
    source = os.path.join(os.environ["FAKE_ASSETS"], name)
    if not os.path.exists(source):
        sys.exit("no assets match the file pattern")
    shutil.copy(source, target)
else:
    sys.exit("unexpected: " + " ".join(args))
"""


@pytest.fixture
def fake_gh(tmp_path):
    bin_dir, assets, root = tmp_path / "bin", tmp_path / "assets", tmp_path / "repo"
    for folder in (bin_dir, assets, root):
        folder.mkdir()
    gh = bin_dir / "gh"
    gh.write_text(FAKE_GH, encoding="utf-8")
    gh.chmod(gh.stat().st_mode | stat.S_IXUSR)
    env = {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}", "FAKE_ASSETS": str(assets),
           "GITHUB_ENV": str(tmp_path / "github_env")}

    def run(**extra: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, str(SCRIPT), str(root)], capture_output=True, text=True,
                              env={**env, **extra})

    return run, assets, root, tmp_path / "github_env"


def test_the_ids_of_the_latest_release_are_written_for_validate(fake_gh):
    run, assets, root, github_env = fake_gh
    (assets / "ids.txt").write_text("a-one\nb-two\n", encoding="utf-8")
    result = run(FAKE_TAG="v0.1.0")
    assert result.returncode == 0, result.stderr
    assert "Checking against the 2 claim ids of v0.1.0." in result.stdout
    assert (root / "releases" / "latest-ids.txt").read_text(encoding="utf-8") == "a-one\nb-two\n"
    assert github_env.read_text(encoding="utf-8") == "PREVIOUS_RELEASE=v0.1.0\n"


def test_a_release_without_ids_txt_gives_the_ids_of_its_claims_json(fake_gh):
    run, assets, root, _ = fake_gh
    claims = {"claims": [{"id": "b-two"}, {"id": "a-one"}]}
    (assets / "claims.json").write_text(json.dumps(claims), encoding="utf-8")
    result = run(FAKE_TAG="v0.1.0")
    assert result.returncode == 0, result.stderr
    assert "has no ids.txt; its claim ids are taken from its claims.json" in result.stdout
    assert (root / "releases" / "latest-ids.txt").read_text(encoding="utf-8") == "a-one\nb-two\n"


def test_no_published_release_writes_nothing(fake_gh):
    run, _, root, github_env = fake_gh
    result = run(FAKE_TAG="")
    assert result.returncode == 0
    assert "No published release" in result.stdout
    assert not (root / "releases").exists()
    assert github_env.read_text(encoding="utf-8") == "PREVIOUS_RELEASE=\n"


def test_a_failing_gh_stops_the_job_with_its_message(fake_gh):
    run, _, root, _ = fake_gh
    result = run(FAKE_FAIL="1")
    assert result.returncode == 2
    assert "latest_ids.py: gh release list" in result.stderr and "Bad credentials" in result.stderr
    assert not (root / "releases").exists()


def test_both_workflows_fetch_the_ids_before_validating(repo: Path = REPO):
    for name in ("validate.yml", "release.yml"):
        text = (repo / ".github" / "workflows" / name).read_text(encoding="utf-8")
        fetch, validate = text.index("latest_ids.py"), text.index("claimset validate" if name == "release.yml" else "uses: ./")
        assert fetch < validate, name
        assert "GH_TOKEN" in text, name


def test_without_gh_it_says_so(tmp_path):
    result = subprocess.run([sys.executable, str(SCRIPT), str(tmp_path)], capture_output=True, text=True,
                            env={**os.environ, "PATH": str(tmp_path)})
    assert result.returncode == 2
    assert result.stderr == "latest_ids.py: the gh command is not installed (https://cli.github.com)\n"


def test_a_planted_link_is_replaced_not_written_through(fake_gh):
    run, assets, root, _ = fake_gh
    outside = root.parent / "outside.txt"
    outside.write_text("precious\n", encoding="utf-8")
    (root / "releases").mkdir()
    (root / "releases" / "latest-ids.txt").symlink_to(outside)
    (assets / "ids.txt").write_text("a-one\n", encoding="utf-8")
    result = run(FAKE_TAG="v0.1.0")
    assert result.returncode == 0, result.stderr
    assert outside.read_text(encoding="utf-8") == "precious\n"
    written = root / "releases" / "latest-ids.txt"
    assert not written.is_symlink() and written.read_text(encoding="utf-8") == "a-one\n"


def test_a_releases_folder_that_is_a_link_is_refused(fake_gh):
    run, assets, root, _ = fake_gh
    elsewhere = root.parent / "elsewhere"
    elsewhere.mkdir()
    (root / "releases").symlink_to(elsewhere)
    (assets / "ids.txt").write_text("a-one\n", encoding="utf-8")
    result = run(FAKE_TAG="v0.1.0")
    assert result.returncode == 2
    assert "not a real directory" in result.stderr
    assert list(elsewhere.iterdir()) == []


def test_the_pull_request_workflow_gives_the_token_to_the_one_step_that_needs_it(repo: Path = REPO):
    import yaml

    workflow = yaml.safe_load((repo / ".github" / "workflows" / "validate.yml").read_text(encoding="utf-8"))
    holders = []
    for job_name, job in workflow["jobs"].items():
        assert "GH_TOKEN" not in (job.get("env") or {}), job_name  # no job-wide token
        for step in job["steps"]:
            if "GH_TOKEN" in (step.get("env") or {}):
                holders.append((job_name, step.get("run", "")))
    assert holders == [("data", "python3 .github/latest_ids.py")]
