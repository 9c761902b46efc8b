"""The README's Python examples are run as doctests, from outside the checkout, as a user would."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("pandas")  # the DataFrame examples need the `pandas` extra


def _python_section(readme: str) -> str:
    match = re.search(r"^### Python\n(.*?)^### ", readme, re.S | re.M)
    assert match, "README.md has no '### Python' section"
    return match.group(1)


def _doctest(section: str, directory: Path) -> subprocess.CompletedProcess:
    path = directory / "python-section.md"
    path.write_text(section, encoding="utf-8")
    return subprocess.run(
        [sys.executable, "-m", "doctest", "-o", "ELLIPSIS", "-o", "NORMALIZE_WHITESPACE", path.name],
        cwd=directory, capture_output=True, text=True,
    )


def test_readme_python_examples_give_the_output_shown(repo, tmp_path):
    section = _python_section((repo / "README.md").read_text(encoding="utf-8"))
    assert section.count(">>> ") >= 30, "the Python section should show the API by example"
    proc = _doctest(section, tmp_path)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_a_wrong_output_in_the_readme_fails(repo, tmp_path):
    section = _python_section((repo / "README.md").read_text(encoding="utf-8"))
    broken = section.replace("'ЦТАК'", "'КЦТА'", 1)
    assert broken != section
    proc = _doctest(broken, tmp_path)
    assert proc.returncode == 1
    assert "КЦТА" in proc.stdout
