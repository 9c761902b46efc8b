from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import settings

REPO = Path(__file__).resolve().parents[1]
MINI = Path(__file__).resolve().parent / "fixtures" / "mini"
SRC = REPO / "src"

# pytest puts src/ first on sys.path (pyproject: pythonpath); the Pythons the
# tests start (`python -m claimset`, the README's snippets) import it too, so
# an edit to src/ is tested without reinstalling.
os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, [str(SRC), os.environ.get("PYTHONPATH")]))

# CI runs the same examples every time (HYPOTHESIS_PROFILE=ci, set by noxfile.py);
# a developer's run explores new ones. A failure prints the blob that replays it.
settings.register_profile("ci", derandomize=True, database=None, print_blob=True)
settings.register_profile("dev", print_blob=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))


@pytest.fixture
def repo() -> Path:
    return REPO


@pytest.fixture
def mini(tmp_path: Path) -> Path:
    """A writable copy of the small two-document fixture checkout."""
    target = tmp_path / "mini"
    shutil.copytree(MINI, target)
    return target


@pytest.fixture
def run():
    """Invoke the CLI in-process; returns the click Result."""
    from claimset.cli import cli

    def invoke(*args: str):
        return CliRunner().invoke(cli, list(args), catch_exceptions=False)

    return invoke
