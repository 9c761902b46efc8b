"""`claimset.load()`: the dataset, read, checked and built the one way through (read → check → dataset)."""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Union

from .problems import Problem
from .read import UsageError

if TYPE_CHECKING:
    from .dataset import Dataset

__all__ = ["InvalidDataset", "UsageError", "load", "packaged_root"]


class InvalidDataset(Exception):
    """The data has problems; `problems` lists each of them."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__(f"{len(problems)} problem(s) in the data; the first: {problems[0].text()}")


def packaged_root() -> Path:
    """Where the installed package keeps its copy of the data."""
    data = resources.files("claimset") / "data"
    if data.is_dir():
        return Path(str(data))
    # An editable install or a source checkout: the data is the checkout's own.
    checkout = Path(__file__).resolve().parents[2]
    if (checkout / "claims").is_dir() and (checkout / "seeds").is_dir():
        return checkout
    raise UsageError("this installation carries no data (claimset/data is missing); reinstall the package")


def load(root: Union[str, Path, None] = None) -> "Dataset":
    """Load the dataset: the installed copy, or the checkout at ``root``.

    Raises `InvalidDataset` listing every problem when the data does not validate.
    """
    if root is None:
        return _load_packaged()
    return _load(Path(root).resolve())


@lru_cache(maxsize=1)
def _load_packaged() -> "Dataset":
    return _load(packaged_root())


def _load(root: Path) -> "Dataset":
    from .check import check
    from .dataset import Dataset
    from .read import read_tree

    checked = check(read_tree(root))
    if checked.problems:
        raise InvalidDataset(checked.problems)
    return Dataset.from_sources(checked)
