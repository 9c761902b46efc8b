"""The action, the pre-commit hooks and the CI definition: valid by their published schemas, and run for real."""

from __future__ import annotations

import ast
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import committed_copy, git

pytestmark = pytest.mark.tooling  # pip, pre-commit and git: one Python suffices (pyproject: markers)

REPO = Path(__file__).resolve().parents[1]
MINI = Path(__file__).resolve().parent / "fixtures" / "mini"


def _check_jsonschema(schema: str, *files: Path) -> None:
    proc = subprocess.run([sys.executable, "-m", "check_jsonschema", "--builtin-schema", schema, *map(str, files)],
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_the_action_follows_the_github_action_schema():
    _check_jsonschema("vendor.github-actions", REPO / "action.yml")


def test_the_hooks_manifest_is_valid_for_pre_commit():
    proc = subprocess.run([sys.executable, "-m", "pre_commit", "validate-manifest", str(REPO / ".pre-commit-hooks.yaml")],
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    hooks = {hook["id"]: hook for hook in yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))}
    assert hooks["claimset-validate"]["entry"] == "claimset validate"
    assert hooks["claimset-fmt-check"]["entry"] == "claimset fmt --check"


def _pythons_in_noxfile() -> list[str]:
    tree = ast.parse((REPO / "noxfile.py").read_text(encoding="utf-8"))
    (value,) = [node.value for node in tree.body
                if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", None) == "PYTHONS"]
    return ast.literal_eval(value)


def test_ci_runs_the_nox_sessions_on_every_supported_python():
    pythons = _pythons_in_noxfile()
    requires = re.search(r'requires-python = ">=([\d.]+)"', (REPO / "pyproject.toml").read_text(encoding="utf-8"))
    assert pythons[0] == requires.group(1)
    workflow = yaml.safe_load((REPO / ".github" / "workflows" / "validate.yml").read_text(encoding="utf-8"))
    jobs = workflow["jobs"]
    assert jobs["tests"]["strategy"]["matrix"]["python"] == pythons
    runs = [step.get("run", "") for job in jobs.values() for step in job["steps"]]
    assert "nox -s tests-${{ matrix.python }}" in runs
    assert "nox -s checks readme" in runs
    # The project validates its data with the action it offers to others.
    assert {"name": "Validate the data (annotates the pull request's lines)", "uses": "./"} in jobs["data"]["steps"]
    ci_run = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert f"for version in {' '.join(pythons)}; do" in ci_run
    sessions = {name for line in re.findall(r"^stream \S+ \d+ (.*) &$", ci_run, re.M) for name in line.split()}
    # The readme session runs the whole suite on the oldest Python, in place of its tests session; grown runs
    # it on the newest, on the grown data, in place of the newest's tests session.
    # readers reads a release with the data tools whose installs are heavy (Spark among them), once.
    assert sessions == {"checks", "readme", "grown", "readers", *(f"tests-{v}" for v in pythons[1:-1])}
    assert '@nox.session(python=PYTHONS[-1])\ndef grown(' in (REPO / "noxfile.py").read_text(encoding="utf-8")
    assert "nox -s grown" in runs
    assert "nox -s readers" in runs  # the data tools whose installs are heavy, once
    noxfile = (REPO / "noxfile.py").read_text(encoding="utf-8")
    readme = noxfile[noxfile.index("def readme("):]
    assert '@nox.session(python=PYTHONS[0], venv_backend="venv")\ndef readme(' in noxfile
    assert 'session.run("python", "-m", "pytest", env=' in readme


# --- the hooks, run by pre-commit itself ------------------------------------------


@pytest.fixture(scope="module")
def hook_repo(tmp_path_factory, data_root) -> Path:
    """This checkout's files as they are now (edits included), with the sampled data, committed in a fresh git repository.

    pre-commit builds claimset from it, and the build compiles the data it holds: the sample keeps that cost fixed.
    """
    return committed_copy(tmp_path_factory.mktemp("hooks") / "claimset", data_root)


@pytest.fixture(scope="module")
def pre_commit_home(tmp_path_factory) -> Path:
    # One hook environment for the module's runs; never the user's own cache.
    return tmp_path_factory.mktemp("pre-commit-home")


def _try_repo(hook_repo: Path, home: Path, data: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "PRE_COMMIT_HOME": str(home)}
    env.pop("PYTHONPATH", None)  # the hook runs claimset as pre-commit installs it, not the tests' src/
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", "try-repo", str(hook_repo), "--all-files", "--color", "never"],
        cwd=data, env=env, capture_output=True, text=True, timeout=600,
    )


def _data_repository(target: Path, run) -> Path:
    """Another repository's data: claims/ and seeds/ alone (no README, no schema/, no compiled/), in canonical form."""
    for name in ("claims", "seeds"):
        shutil.copytree(MINI / name, target / name)
    assert run("fmt", "--root", str(target)).exit_code == 0  # the fixture is written by hand, not canonical
    return target


def test_the_actions_checks_pass_a_data_repository(tmp_path, run):
    data = _data_repository(tmp_path / "claims-repo", run)
    steps = yaml.safe_load((REPO / "action.yml").read_text(encoding="utf-8"))["runs"]["steps"]
    commands = [step["run"] for step in steps if step.get("run", "").startswith("claimset ")]
    assert commands == ['claimset validate --format github --root "$ROOT"', 'claimset fmt --check --root "$ROOT"']
    # The claimset the tests run (this checkout's), as the action's install step would provide it.
    env = {**os.environ, "ROOT": ".", "PATH": os.pathsep.join([str(Path(sys.executable).parent), os.environ["PATH"]])}
    for command in commands:
        proc = subprocess.run(["bash", "-c", command], cwd=data, env=env, capture_output=True, text=True)
        assert proc.returncode == 0, f"{command}: {proc.stdout}{proc.stderr}"
    assert sorted(p.name for p in data.iterdir()) == ["claims", "seeds"]


def test_the_actions_root_input_annotates_files_where_github_finds_them(tmp_path, run):
    # `root: data`: the action runs in the repository's top directory, as GitHub starts it.
    workspace = tmp_path / "repository"
    data = _data_repository(workspace / "data", run)
    claims = data / "claims" / "doc-a.yaml"
    text = claims.read_text(encoding="utf-8")
    claims.write_text(text.replace("speaker: minister", "speaker: ministre", 1), encoding="utf-8")
    line = text.split("speaker: minister")[0].count("\n") + 1
    steps = yaml.safe_load((REPO / "action.yml").read_text(encoding="utf-8"))["runs"]["steps"]
    (validate,) = [step["run"] for step in steps if step.get("run", "").startswith("claimset validate")]
    env = {**os.environ, "ROOT": "data", "PATH": os.pathsep.join([str(Path(sys.executable).parent), os.environ["PATH"]])}
    proc = subprocess.run(["bash", "-c", validate], cwd=workspace, env=env, capture_output=True, text=True)
    assert proc.returncode == 1, proc.stderr
    assert proc.stdout.startswith(f"::error file=data/claims/doc-a.yaml,line={line},col=")
    assert (workspace / "data/claims/doc-a.yaml").is_file()


def test_the_hooks_pass_a_valid_repository_and_annotate_a_broken_one(hook_repo, pre_commit_home, tmp_path, run):
    data = _data_repository(tmp_path / "claims-repo", run)
    git(data, "init", "-q")
    git(data, "add", "-A")
    git(data, "commit", "-q", "-m", "data")

    valid = _try_repo(hook_repo, pre_commit_home, data)
    assert valid.returncode == 0, valid.stdout + valid.stderr
    assert re.search(r"^claimset validate\.+Passed$", valid.stdout, re.M), valid.stdout
    assert re.search(r"^claimset fmt --check\.+Passed$", valid.stdout, re.M), valid.stdout

    path = data / "claims" / "doc-a.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("type: quantity", "type: rumour"), encoding="utf-8")
    git(data, "add", "-A")
    broken = _try_repo(hook_repo, pre_commit_home, data)
    assert broken.returncode == 1
    assert re.search(r"^claimset validate\.+Failed$", broken.stdout, re.M), broken.stdout
    line = text[: text.index("type: quantity")].count("\n") + 1
    assert f"claims/doc-a.yaml:{line}:9: unknown-term: claims[0].type: 'rumour' is not a term" in broken.stdout
