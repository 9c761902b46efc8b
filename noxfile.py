"""The checks a change must pass, in one place: `.ci/run` and the GitHub workflow both call these sessions.

    nox                       # every session, on every Python found on PATH
    nox -s tests-3.12         # the tests on one Python
    nox -s checks             # the data checks only
    nox -s readme             # the README's set-up commands, as a reader runs them
    nox -s grown              # the test suite on a copy of the data with a copy of each original document added
    nox -s readers            # a release read with Hugging Face datasets, mlcroissant, Polars and Spark (needs Java)

`.ci/run` runs checks, readme, grown, tests-3.11, tests-3.12 and readers: readme
ends with the whole suite on Python 3.10 (installed with pip, as the README
says), so tests-3.10 would only repeat it; grown runs all but the tooling tests
on 3.13, on the data with a copy of each original document added, so tests-3.13 would
only repeat a part of it; tests-3.1x leave out the browser and tooling tests,
whose cost lies in Chromium, pip and pre-commit, not in the Python that drives
them. The workflow runs every session.
"""

from __future__ import annotations

import ast
import shutil
import subprocess
from pathlib import Path

import nox

PYTHONS = ["3.10", "3.11", "3.12", "3.13"]

nox.options.default_venv_backend = "uv|virtualenv"
nox.options.error_on_missing_interpreters = True
nox.options.sessions = ["checks", "readme", "tests", "grown"]


# The data tools a release is tested against whose installs are heavy (mlcroissant brings SciPy; pyspark is
# some 450 MB and needs Java): extras of their own, and one session, run once, on one Python, so that one
# pytest run builds the release they all read.
@nox.session(python=PYTHONS[-2])
def readers(session: nox.Session) -> None:
    """The release read with Hugging Face `datasets` (every card config), `mlcroissant`, the README's Polars recipe,
    and Spark (a Parquet folder, and every CSV with the README's recipe). Spark needs `java` on PATH."""
    if shutil.which("java") is None:
        session.error("Spark needs a Java runtime: install one (Debian: apt-get install default-jre-headless)")
    session.install(".[test,readers,spark]")
    session.run("python", "-m", "pytest", "-q", "-p", "no:cacheprovider", "-m", "readers or spark", *session.posargs)


# What differs between Pythons is claimset's own code: the tests that drive Chromium, pip or pre-commit
# run whole in `readme` (one Python) and `grown` (the grown data), and are left out here.
ONCE = "not browser and not tooling"


@nox.session(python=PYTHONS)
def tests(session: nox.Session) -> None:
    """The test suite but its browser and tooling tests, against a regular (not editable) install.

    The tests import the checkout's src/ all the same. `nox -s tests-3.12 -- -m ""` runs every test.
    """
    # pip too: the packaging tests build a wheel with it, and uv's environments have none.
    session.install(".[test]", "pip")
    session.run("python", "--version")
    session.run("python", "-m", "pytest", "-q", "-p", "no:cacheprovider", "-m", ONCE, *session.posargs,
                env={"HYPOTHESIS_PROFILE": "ci"})


@nox.session(python=PYTHONS[0])
def checks(session: nox.Session) -> None:
    """The data is valid, the YAML canonical, and every generated file current (schemas, README sections, compiled data)."""
    session.install(".")
    session.run("claimset", "validate", *session.posargs)
    session.run("claimset", "fmt", "--check")


@nox.session(python=PYTHONS[0], venv_backend="venv")
def readme(session: nox.Session) -> None:
    """The README's "Set up" commands as a reader runs them: pip in a plain venv, `load()` from another directory."""
    session.run("python", "-m", "pip", "install", "-q", ".")
    session.run("claimset", "validate")
    elsewhere = session.create_tmp()
    with session.chdir(elsewhere):
        session.run("python", "-c", "import claimset; print(claimset.load())")
    session.run("python", "-m", "pip", "install", "-q", ".[test]")
    session.run("python", "-m", "pytest", env={"HYPOTHESIS_PROFILE": "ci"})


def _originals() -> list[str]:
    """The five original documents' ids, as tests/sample.py lists them (read, not imported: it needs PyYAML)."""
    tree = ast.parse(Path("tests/sample.py").read_text(encoding="utf-8"))
    (value,) = [node.value for node in tree.body
                if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", None) == "ORIGINALS"]
    return list(ast.literal_eval(value))


@nox.session(python=PYTHONS[-1])
def grown(session: nox.Session) -> None:
    """The test suite on a copy of this checkout whose data has a copy of each original document added: no test may pin it.

    The copies come from benchmarks/grow.py (each of the five original documents,
    whose facts the tests pin, once more, as its own text with claims of their
    own ids), so every lookup by outlet, date or word meets more than one
    document, as it will when contributors add articles. Only the originals are
    copied, so what this session adds does not grow with the data.
    """
    copy = Path(session.create_tmp()) / "checkout"
    if copy.exists():
        shutil.rmtree(copy)
    listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                            capture_output=True, check=True).stdout
    for name in filter(None, listed.decode().split("\0")):
        source = Path(name)
        if source.is_file() and not source.is_symlink():  # a file deleted in the work tree is left out
            (copy / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, copy / name)
    # The copy has no git history to take a version from (pyproject.toml: the version comes from git tags).
    session.install(f"{copy}[test]", "pip", env={"SETUPTOOLS_SCM_PRETEND_VERSION": "0+grown"})
    session.run("python", "benchmarks/grow.py", "--k", "1", "--into", str(copy), "--documents", *_originals())
    with session.chdir(copy):
        session.run("claimset", "fmt")
        session.run("claimset", "validate")
        session.run("claimset", "coverage")
        # The tooling tests build wheels and hook environments from the checkout: the readme session runs them.
        session.run("python", "-m", "pytest", "-q", "-p", "no:cacheprovider", "-m", "not tooling", *session.posargs,
                    env={"HYPOTHESIS_PROFILE": "ci"})
