"""Reading flows one way: yamlio → read → check → dataset → loader; no module reaches back."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "claimset"
# Each module may import only modules to its left.
LINE = ["yamlio", "read", "check", "dataset", "loader"]


def _imports(module: str) -> set[str]:
    tree = ast.parse((SRC / f"{module}.py").read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.level == 1 and node.module:
            found.add(node.module.split(".")[0])
        elif isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("claimset."):
            found.add(node.module.split(".")[1])
    return found


@pytest.mark.parametrize("module", LINE)
def test_a_reading_module_imports_none_after_it(module):
    later = set(LINE[LINE.index(module) + 1:])
    assert not _imports(module) & later, f"{module} reaches back into {sorted(_imports(module) & later)}"
