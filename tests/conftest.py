from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

REPO = Path(__file__).resolve().parents[1]
MINI = Path(__file__).resolve().parent / "fixtures" / "mini"


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
