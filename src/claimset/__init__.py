"""claimset: every claim in a set of news documents, quoted, attributed and dated.

    >>> import claimset
    >>> data = claimset.load()
    >>> data.filter(speaker="NIS")
    <Claims: 5 of ... claims>

`import claimset` reads nothing; `load()` reads the data on first call and caches it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ._version import __version__

__all__ = [
    "load", "Dataset", "Claims", "Claim", "Document", "Actor",
    "InvalidDataset", "ReleaseError", "DatasetNotFound", "NameNotFound", "AmbiguousName", "__version__",
]

if TYPE_CHECKING:
    from .dataset import Claims, Dataset
    from .loader import InvalidDataset, load
    from .models import Actor, Claim, Document
    from .names import AmbiguousName, NameNotFound
    from .problems import DatasetNotFound
    from .release import ReleaseError

_LAZY = {
    "load": ("loader", "load"),
    "InvalidDataset": ("loader", "InvalidDataset"),
    "ReleaseError": ("release", "ReleaseError"),
    "DatasetNotFound": ("problems", "DatasetNotFound"),
    "Dataset": ("dataset", "Dataset"),
    "Claims": ("dataset", "Claims"),
    "NameNotFound": ("names", "NameNotFound"),
    "AmbiguousName": ("names", "AmbiguousName"),
    "Claim": ("models", "Claim"),
    "Document": ("models", "Document"),
    "Actor": ("models", "Actor"),
}


# Submodules the README uses as `claimset.<name>` after a bare `import claimset`.
_SUBMODULES = ("dates",)


def __getattr__(name: str) -> Any:
    # Deferred imports keep `import claimset` free of pydantic and YAML work.
    from importlib import import_module

    if name in _LAZY:
        module, attr = _LAZY[name]
        return getattr(import_module(f".{module}", __name__), attr)
    if name in _SUBMODULES:
        return import_module(f".{name}", __name__)
    raise AttributeError(f"module 'claimset' has no attribute {name!r}")
