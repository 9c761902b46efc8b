"""`claimset.load()`: the dataset, read, checked and built the one way through (read → check → dataset).

A checkout is validated fully; a release is verified against its SHA256SUMS and
its own texts (`release`); the packaged copy is rebuilt from its compiled,
pre-validated form while that is current (`compiled`).
"""

from __future__ import annotations

import gc
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Iterator, Optional, Union

from ._version import __version__
from .problems import DatasetNotFound, Problem, UsageError

if TYPE_CHECKING:
    from .dataset import Dataset

__all__ = ["DatasetNotFound", "InvalidDataset", "UsageError", "load", "packaged_root"]


class InvalidDataset(Exception):
    """The data has problems; `problems` lists each of them."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__(f"{len(problems)} problem(s) in the data; the first: {problems[0].text()}")


def packaged_root() -> Path:
    """Where the installed package keeps its copy of the data."""
    # The package is always unpacked on disk (the data is read as files), so no importlib.resources.
    data = _installed_data()
    if data.is_dir():
        return data
    # An editable install or a source checkout: the data is the checkout's own.
    checkout = Path(__file__).resolve().parents[2]
    if (checkout / "claims").is_dir() and (checkout / "seeds").is_dir():
        return checkout
    raise DatasetNotFound("this installation carries no data (claimset/data is missing); reinstall the package")


def _installed_data() -> Path:
    """Where a built package carries its released copy of the data."""
    return Path(__file__).resolve().parent / "data"


def load(root: Union[str, Path, None] = None, *, verify: bool = True) -> "Dataset":
    """Load the dataset: the installed copy, a checkout, or a release (directory, claims.json or http(s) URL).

    A checkout is validated fully and raises `InvalidDataset` listing every
    problem; a release is verified against its SHA256SUMS and its own texts
    and raises `ReleaseError` naming what is wrong; a path that holds neither
    raises `DatasetNotFound` (a FileNotFoundError).

    A release on disk without a SHA256SUMS beside its claims.json is refused
    unless ``verify=False``, which skips SHA256SUMS (its records, texts and
    quotes are still checked). A release by URL is always verified; a checkout
    and the installed copy have no SHA256SUMS, and ``verify`` does not apply.

    The dataset's ``version`` is the release's (the package's for the packaged
    copy), and None for a checkout; ``loaded_from`` says where it was read.
    """
    with _collector_paused():
        return _load_any(root, verify)


@contextmanager
def _collector_paused() -> Iterator[None]:
    # Loading builds hundreds of thousands of small objects in no reference cycle; the cyclic
    # collector, run every 700 allocations, finds nothing and costs about a fifth of loading a
    # 10k-claim release. It is paused for the load only, and resumed only if it ran before.
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _load_any(root: Union[str, Path, None], verify: bool = True) -> "Dataset":
    if root is None:
        return _load_packaged()
    from . import release

    if release.is_url(root):
        return release.load_url(str(root))
    try:
        try:
            Path(root).stat()  # follows links: a loop raises ELOOP here on every Python (3.13's resolve() does not)
        except FileNotFoundError:
            pass  # reported below, as no such file
        path = Path(root).resolve()
        exists = path.exists()
        is_release = exists and release.is_release(path)
        is_checkout = exists and not is_release and (path / "claims").is_dir()
        above = None if not exists or is_release or is_checkout else next(
            (p for p in path.parents if release.is_release(p) or (p / "claims").is_dir()), None
        )
    except (OSError, RuntimeError, ValueError) as exc:  # a symbolic link loop, a name too long, a NUL, no permission
        raise DatasetNotFound(f"{root}: cannot be read as a path ({exc})") from None
    if not exists:
        raise DatasetNotFound(f"{root}: no such file or directory; load() reads a checkout, a release directory, "
                              "a release's claims.json or an http(s) URL of one")
    if is_release:
        return release.load_path(path, verify=verify)
    if not is_checkout:
        hint = f"; it is inside {above}, which load({str(above)!r}) reads" if above is not None else (
            "; load() reads a checkout, a release directory, a release's claims.json or an http(s) URL of one"
        )
        raise DatasetNotFound(f"{root}: neither a claimset checkout (no claims/ directory) nor a release "
                              f"(no {release.CLAIMS_FILE} or {release.SUMS_FILE}){hint}")
    return _load(path)


@lru_cache(maxsize=1)
def _load_packaged() -> "Dataset":
    from . import compiled

    # The compiled form when it is current for these files; otherwise full validation.
    root = packaged_root()
    # Only the copy a built package carries is a release; a checkout's data (an editable install's) is not.
    released = root.resolve() == _installed_data()
    dataset = compiled.read(root)
    if dataset is None:
        return _load(root, version=__version__ if released else None, loaded_from=_PACKAGE if released else None)
    dataset.version, dataset.loaded_from = (__version__, _PACKAGE) if released else (None, str(root))
    return dataset


# Where the packaged copy was read, as `Dataset.loaded_from` says it.
_PACKAGE = f"the claimset {__version__} package"


def _load(root: Path, *, version: Optional[str] = None, loaded_from: Optional[str] = None) -> "Dataset":
    from .check import check
    from .dataset import Dataset
    from .read import read_tree

    checked = check(read_tree(root))
    if checked.problems:
        raise InvalidDataset(checked.problems)
    dataset = Dataset.from_sources(checked)
    dataset.version, dataset.loaded_from = version, loaded_from if loaded_from is not None else str(root)
    return dataset
