"""The packaged data in compiled form: validated once when written, rebuilt at load without validating.

`compiled/dataset.json` holds every record exactly as full validation produced
it, stamped with a SHA-256 over what the objects depend on: the format, the
package version, the model code (`models.py`, `vocab.py`, `dates.py`) and
every file of `claims/`, `claims/actors/` and `seeds/`. `read` rebuilds the `Dataset` from it
with `model_construct` (no YAML parsing, no checks, no schema building) only
when the stamp matches the files beside it; otherwise it returns None and the
caller validates the sources in full, so a stale or missing file never yields
wrong data.

It is written into the wheel when the package is built (hatch_build.py, with
`render`) and never committed: it depends on every data file, so a committed
copy would make every data pull request rewrite it. A checkout has none and
is validated in full.
"""

from __future__ import annotations

import hashlib
import json
import sys
import types
from enum import Enum
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Callable, Optional, Union, get_args, get_origin

from . import safefiles
from ._version import __version__

if TYPE_CHECKING:
    from pydantic import BaseModel

    from .dataset import Dataset

PATH = "compiled/dataset.json"
FORMAT = 1
# The modules whose code decides what a record object holds, and whether the
# sources are valid at all: a change to any of them makes the compiled form stale.
MODEL_CODE = (
    "models.py", "vocab.py", "dates.py", "textpolicy.py",
    "yamlio.py", "read.py", "check.py", "coverage.py", "place.py",
)
# Every data file: the claims files and retirements, one file per actor, the seeds.
DATA_DIRS = (("claims", "*.yaml"), ("claims/actors", "*.yaml"), ("seeds", "*.txt"))
UNSET = "__unset__"


def stamp(root: Path, version: str = __version__) -> tuple[str, dict[str, bytes]]:
    """The SHA-256 over format, version, model code and data files; and the seed texts' bytes, read on the way."""
    digest = hashlib.sha256(f"claimset-compiled {FORMAT} {version}\n".encode())
    code = Path(__file__).parent
    for name in MODEL_CODE:
        _add(digest, f"code/{name}", (code / name).read_bytes())
    seeds: dict[str, bytes] = {}
    for folder, pattern in DATA_DIRS:
        for path in sorted((root / folder).glob(pattern)):
            data = safefiles.read_bytes(root, path)  # only regular files inside the root (UnsafeFile otherwise)
            _add(digest, f"{folder}/{path.name}", data)
            if folder == "seeds":
                seeds[path.stem] = data
    return digest.hexdigest(), seeds


def _add(digest: Any, name: str, data: bytes) -> None:
    # Name and length first, so no two file sets hash alike.
    digest.update(f"{name}\0{len(data)}\0".encode())
    digest.update(data)


# --- writing ----------------------------------------------------------------------


def render(root: Path, version: str = __version__) -> str:
    """The compiled file's text for the checkout at ``root``; validates it fully (raises `InvalidDataset`).

    ``version`` is the package's that will read it: the build hook passes the version it is building,
    which the source tree's own `_version` may not know yet.
    """
    from .loader import load

    return text(root, load(root), version)


def text(root: Path, dataset: "Dataset", version: str = __version__) -> str:
    """The compiled file's text for ``dataset``, loaded and fully validated from the checkout at ``root``."""
    whole = {
        "format": FORMAT,
        "version": version,
        "stamp": stamp(root, version)[0],
        "documents": [dump(d) for d in dataset.documents.values()],
        "actors": [dump(a) for a in dataset.actors.values()],
        "claims": [dump(c) for c in dataset.claims],
        "retired": [dump(r) for r in dataset.retired],
    }
    return json.dumps(whole, ensure_ascii=False, indent=1) + "\n"


def dump(record: "BaseModel") -> dict[str, Any]:
    """Every field of ``record`` as JSON, and under `UNSET` the fields the sources left to their defaults."""
    from pydantic import BaseModel

    data = record.model_dump(mode="json")
    for name in type(record).model_fields:
        value = getattr(record, name)
        if isinstance(value, BaseModel):
            data[name] = dump(value)
        elif isinstance(value, (list, tuple)) and any(isinstance(v, BaseModel) for v in value):
            data[name] = [dump(v) for v in value]
    # Every field is written, so rebuilding calls no default factories; the
    # unset ones are named so the objects know what the sources set, as validated ones do.
    unset = [name for name in type(record).model_fields if name not in record.model_fields_set]
    if unset:
        data[UNSET] = unset
    return data


def write(root: Path) -> Path:
    """Validate the checkout at ``root`` and write its compiled file; returns the file's path."""
    path = root / PATH
    text = render(root)
    path.parent.mkdir(exist_ok=True)
    staging = path.with_name(f".{path.name}.tmp")
    staging.write_text(text, encoding="utf-8")
    staging.replace(path)
    return path


def stale(root: Path) -> Optional[str]:
    """Why the compiled file at ``root`` is not what `write` would write, or None when it is current."""
    path = root / PATH
    if not path.is_file():
        return f"{PATH} is missing"
    if path.read_text(encoding="utf-8") != render(root):
        return f"{PATH} is stale"
    return None


# --- reading ----------------------------------------------------------------------


def read(root: Path) -> Optional["Dataset"]:
    """The dataset rebuilt from ``root``'s compiled file, or None when it is missing, stale or unreadable."""
    path = root / PATH
    try:
        whole = json.loads(safefiles.read_bytes(root, path, limit=2**31))
        current, seeds = stamp(root)
    except (OSError, ValueError, safefiles.UnsafeFile):  # then the sources are read and validated in full
        return None
    if not isinstance(whole, dict) or (whole.get("format"), whole.get("version"), whole.get("stamp")) != (
        FORMAT,
        __version__,
        current,
    ):
        return None
    try:
        return _build(whole, seeds)
    except (AttributeError, KeyError, TypeError, ValueError):  # a hand-edited file: validate instead
        return None


def _build(whole: dict[str, Any], seeds: dict[str, bytes]) -> "Dataset":
    from .dataset import Dataset
    from .models import Actor, Claim, Document, RetiredClaim

    documents = {}
    for record in whole["documents"]:
        document = construct(Document, record)
        document._text = seeds[document.id].decode("utf-8")
        documents[document.id] = document
    actors = {a.id: a for a in (construct(Actor, r) for r in whole["actors"])}
    claims = [construct(Claim, r) for r in whole["claims"]]
    retired = [construct(RetiredClaim, r) for r in whole["retired"]]
    return Dataset(claims, documents, actors, retired)


Converter = Callable[[Any], Any]
_plans: dict[type, dict[str, Optional[Converter]]] = {}


def construct(model: type["BaseModel"], data: dict[str, Any]) -> Any:
    """A ``model`` object from its own validated JSON dump, nested records included, without validating."""
    plan = _plans.get(model)
    if plan is None:
        plan = _plans[model] = {name: _converter(info.annotation) for name, info in model.model_fields.items()}
    values = {}
    unset = ()
    for name, value in data.items():
        if name == UNSET:
            unset = value
            continue
        convert = plan[name]  # KeyError: a field the models no longer have
        values[name] = convert(value) if convert is not None and value is not None else value
    if len(values) != len(plan):
        raise KeyError(f"{model.__name__}: the compiled record lacks {sorted(set(plan) - set(values))}")
    return model.model_construct(set(values).difference(unset), **values)


def _converter(annotation: Any) -> Optional[Converter]:
    """How a JSON value becomes the field's value: nested records and enum members; None when it is as is."""
    from pydantic import BaseModel

    origin = get_origin(annotation)
    if origin is Annotated:
        return _converter(get_args(annotation)[0])
    if origin is Union or origin is getattr(types, "UnionType", None):
        found = [c for c in (_converter(a) for a in get_args(annotation) if a is not type(None)) if c is not None]
        if len(found) > 1:
            raise TypeError(f"no compiled form for the union {annotation}")
        return found[0] if found else None
    if origin is list or origin is tuple:  # tuple[X, ...]: the records' sequences, which cannot change in place
        item = _converter(get_args(annotation)[0])
        sequence: Callable[[Any], Any] = list if origin is list else tuple
        if item is None:
            return None if origin is list else tuple
        convert = item
        return lambda values: sequence(convert(v) for v in values)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return partial(construct, annotation)
    if isinstance(annotation, type) and issubclass(annotation, Enum):
        return annotation
    return None


if __name__ == "__main__":
    # The former `python -m claimset.compiled [--check]`: say where it went rather than do nothing.
    sys.exit(f"{PATH} is written into the wheel when the package is built (hatch_build.py); a checkout has none")
