"""The checks a change must pass, in one place: `.ci/run` and the GitHub workflow both call these sessions.

    nox                       # every session, on every Python found on PATH
    nox -s tests-3.12         # the tests on one Python
    nox -s checks             # the data checks only
    nox -s readme             # the README's set-up commands, as a reader runs them

`.ci/run` runs checks, readme and tests-3.11 … tests-3.13: readme ends with the
whole suite on Python 3.10 (installed with pip, as the README says), so
tests-3.10 would only repeat it. The workflow runs every session.
"""

from __future__ import annotations

import nox

PYTHONS = ["3.10", "3.11", "3.12", "3.13"]

nox.options.default_venv_backend = "uv|virtualenv"
nox.options.error_on_missing_interpreters = True
nox.options.sessions = ["checks", "readme", "tests"]


@nox.session(python=PYTHONS)
def tests(session: nox.Session) -> None:
    """The test suite, against a regular (not editable) install: the tests import the checkout's src/ all the same."""
    # pip too: the packaging tests build a wheel with it, and uv's environments have none.
    session.install(".[test]", "pip")
    session.run("python", "--version")
    session.run("python", "-m", "pytest", "-q", "-p", "no:cacheprovider", *session.posargs,
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
