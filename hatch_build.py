"""Build hook: the wheel's compiled data is written when the wheel is built, never committed.

`compiled/dataset.json` (see src/claimset/compiled.py) holds every record as
full validation produced it, stamped with a hash of the data and the model code,
so that `claimset.load()` of the installed package need not validate again. It
depends on every file of claims/ and seeds/, so a committed copy would make every
data pull request rewrite it, and two pull requests conflict on it. Instead the
wheel gets it here, from the sources being packaged: the data is validated in
full, and a build of invalid data fails with the problems listed.

An editable install reads the checkout's files and validates them at load, so it
gets no compiled copy.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface

TARGET = "claimset/data/compiled/dataset.json"


class CompiledDataHook(BuildHookInterface):
    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        if self.target_name != "wheel" or version == "editable":
            return
        root = Path(self.root)
        sys.path.insert(0, str(root / "src"))
        try:
            from claimset import compiled
            from claimset.loader import InvalidDataset

            try:
                text = compiled.render(root, self.metadata.version)  # the version this wheel gets
            except InvalidDataset as exc:
                listed = "\n".join(p.text() for p in exc.problems[:50])
                raise SystemExit(f"claimset: the data is not valid, so no wheel is built:\n{listed}") from None
        finally:
            sys.path.remove(str(root / "src"))
        self._staging = Path(tempfile.mkdtemp(prefix="claimset-compiled-"))
        path = self._staging / "dataset.json"
        path.write_text(text, encoding="utf-8")
        build_data["force_include"][str(path)] = TARGET

    def finalize(self, version: str, build_data: dict[str, Any], artifact_path: str) -> None:
        staging = getattr(self, "_staging", None)
        if staging is not None:
            shutil.rmtree(staging, ignore_errors=True)
