"""The built wheel carries the data and loads it from outside the checkout."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

import claimset
from conftest import REPO

pytestmark = pytest.mark.tooling  # pip, pre-commit and git: one Python suffices (pyproject: markers)


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    from conftest import REPO as repo

    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(out), str(repo)],
        check=True,
        capture_output=True,
    )
    (path,) = out.glob("claimset-*.whl")
    return path


def test_wheel_contains_the_data(wheel, repo):
    names = set(zipfile.ZipFile(wheel).namelist())
    for sub in ("claims", "seeds", "schema"):
        for path in (p for p in (repo / sub).rglob("*") if p.is_file()):  # claims/actors/ too
            assert f"claimset/data/{path.relative_to(repo).as_posix()}" in names
    # Written by the build hook from the data being packaged, and current for it.
    assert "claimset/data/compiled/dataset.json" in names
    assert "claimset/py.typed" in names


def test_installed_wheel_loads_from_any_directory(wheel, tmp_path):
    target = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(target), str(wheel)],
        check=True,
        capture_output=True,
    )
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    code = (
        "import sys, claimset; d = claimset.load(); "
        "print(claimset.__file__); print(len(d.documents), len(d.claims)); "
        "print('from the compiled form' if 'claimset.yamlio' not in sys.modules else 'validated from YAML')"
    )
    env = {**os.environ, "PYTHONPATH": str(target)}
    out = subprocess.run([sys.executable, "-c", code], cwd=elsewhere, env=env, capture_output=True, text=True, check=True)
    location, counts, how = out.stdout.strip().splitlines()
    assert location.startswith(str(target))
    checkout = claimset.load(REPO)
    assert counts == f"{len(checkout.documents)} {len(checkout.claims)}"
    assert how == "from the compiled form"


def test_wheel_carries_the_site_templates_and_assets(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    for name in ("base.html", "index.html", "document.html", "actor.html", "static/site.css", "static/site.js"):
        assert f"claimset/templates/site/{name}" in names


def test_no_wheel_is_built_from_invalid_data(repo, tmp_path):
    # The build hook validates the data it compiles into the wheel: invalid data never ships.
    import shutil

    copy = tmp_path / "checkout"
    shutil.copytree(repo, copy, ignore=shutil.ignore_patterns(".git", ".nox", "*.egg-info", "build", "dist",
                                                             "release", "site", "compiled", "__pycache__", "screenshots"))
    claims = next(p for p in sorted((copy / "claims").glob("*.yaml")) if p.name != "retired.yaml")
    text = claims.read_text(encoding="utf-8")
    claims.write_text(text.replace("\n  speaker: ", "\n  speaker: no-such-actor-", 1), encoding="utf-8")
    out = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(tmp_path / "w"), str(copy)],
        capture_output=True, text=True, env={**os.environ, "SETUPTOOLS_SCM_PRETEND_VERSION": "0+test"},  # no git here
    )
    assert out.returncode != 0
    assert "the data is not valid, so no wheel is built" in out.stdout + out.stderr
    assert "unknown-actor" in out.stdout + out.stderr or "no-such-actor-" in out.stdout + out.stderr
    assert not list((tmp_path / "w").glob("*.whl")) if (tmp_path / "w").exists() else True
