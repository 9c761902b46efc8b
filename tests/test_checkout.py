"""The tests exercise this checkout's code, not a copy installed earlier."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import claimset

SRC = Path(__file__).resolve().parents[1] / "src"


def test_the_tests_import_the_working_tree():
    assert Path(claimset.__file__).resolve().is_relative_to(SRC.resolve())


def test_pythons_the_tests_start_import_the_working_tree_too(tmp_path):
    out = subprocess.run([sys.executable, "-c", "import claimset; print(claimset.__file__)"],
                         cwd=tmp_path, capture_output=True, text=True, check=True).stdout
    assert Path(out.strip()).resolve().is_relative_to(SRC.resolve())
