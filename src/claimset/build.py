"""`claimset build`: the release files, byte-identical for the same sources, written atomically."""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any, Callable, Iterator, Optional

from . import __version__, _version, card, changes, croissant, database, dates, schema
from .dataset import Dataset
from .export import TABLES
from .models import Document

# The annotations (the records of claims/) are the project's to license; the
# source texts are their publishers', and the project records no terms for
# them. The package as a whole therefore declares no licence: each resource
# says its own, and a resource that carries a publisher's text declares none
# (a Data Package resource without `licenses` inherits the package's, of which
# there are none) and says so in its description.
ANNOTATIONS_LICENSE = {
    "name": "CC-BY-4.0",
    "title": "Creative Commons Attribution 4.0 International (the annotations; not the source texts)",
    "path": "https://creativecommons.org/licenses/by/4.0/",
}
TEXTS_NOT_LICENSED = (
    "The source texts belong to their publishers and are included unchanged so that every quote can be "
    "verified; they are not under CC BY 4.0 or any other licence of this project, and no licence to them is granted."
)
DATASET_NAME = "claimset"


TEXTS_DIR = "texts"


def dataset_json(dataset: Dataset, version: str) -> dict[str, Any]:
    """The whole dataset as one JSON object: version, documents (each with its source text), actors, claims."""
    return {
        "name": DATASET_NAME,
        "version": version,
        "documents": [{**d.model_dump(mode="json"), "text": d.text} for d in dataset.documents.values()],
        "actors": [a.model_dump(mode="json") for a in dataset.actors.values()],
        "claims": [c.model_dump(mode="json") for c in dataset.claims],
        "retired": [r.model_dump(mode="json") for r in dataset.retired],
    }


def _json(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def datapackage(dataset: Dataset, version: str) -> dict[str, Any]:
    sources = []
    for document in dataset.documents.values():
        outlet = dataset.actors[document.outlet].name.en
        title = document.title or "(no headline)"
        sources.append({"title": f"{outlet}, {document.published}: {title}"})
    resources: list[dict[str, Any]] = [
        {
            "name": table.name,
            "path": table.path,
            "profile": "tabular-data-resource",
            "description": table.description,
            "format": "csv",
            "mediatype": "text/csv",
            "encoding": "utf-8",
            "dialect": {"delimiter": ",", "quoteChar": '"', "doubleQuote": True, "header": True},
            "schema": table.table_schema(),
            "licenses": [ANNOTATIONS_LICENSE],
        }
        for table in TABLES
    ]
    resources.append(
        {
            "name": "claims-json",
            "path": "claims.json",
            "description": (
                "The whole dataset, nested: version, documents (each with its source text), actors and claims. "
                f"The annotations are under CC BY 4.0 ({ANNOTATIONS_LICENSE['path']}); each document's `text` is not: "
                + TEXTS_NOT_LICENSED
            ),
            "format": "json",
            "mediatype": "application/json",
            "encoding": "utf-8",
        }
    )
    for doc_id, document in dataset.documents.items():
        resources.append(
            {
                "name": f"text-{doc_id}",
                "path": text_path(doc_id),
                "description": (
                    f"The source text of document {doc_id}, byte for byte as received; quote offsets count its "
                    "code points. " + TEXTS_NOT_LICENSED
                ),
                "format": "txt",
                "mediatype": "text/plain",
                "encoding": "utf-8",
                "hash": f"sha256:{document.sha256}",
            }
        )
    return {"profile": "data-package", **datapackage_header(dataset, version), "sources": sources,
            "resources": resources}


def datapackage_header(dataset: Dataset, version: str) -> dict[str, Any]:
    """The dataset's name, title, description and version, as `datapackage.json` (and the site) state them."""
    return {
        "name": DATASET_NAME,
        "title": "claimset: claims in news documents on Russia–DPRK cooperation",
        "description": (
            f"Every claim in {_scope(dataset)}: exact quotation with offsets, "
            "speaker and relay chain, date with precision, English translation, structured figures. "
            f"The annotation tables are under CC BY 4.0 ({ANNOTATIONS_LICENSE['path']}), as each resource declares. "
            + TEXTS_NOT_LICENSED
        ),
        "version": version,
    }


# The languages the documents' ISO 639-1 codes name, as the description says them.
LANGUAGE_NAMES = {"ru": "Russian", "en": "English", "ko": "Korean", "uk": "Ukrainian"}


def _scope(dataset: Dataset) -> str:
    """What the release covers, from its documents: `5 Russian-language news texts (2023–2025)`."""
    documents = list(dataset.documents.values())
    languages = "/".join(sorted({LANGUAGE_NAMES.get(d.language, d.language) for d in documents}))
    years = sorted({day.year for d in documents for day in dates.days(d.published) if day is not None})
    span = "" if not years else f" ({years[0]})" if years[0] == years[-1] else f" ({years[0]}–{years[-1]})"
    return f"{len(documents)} {languages}-language news text{'' if len(documents) == 1 else 's'}{span}"


def text_path(doc_id: str) -> str:
    """Where a document's source text is in a release."""
    return f"{TEXTS_DIR}/{doc_id}.txt"


def text_bytes(document: Document) -> bytes:
    """The document's source text as its seed's bytes; refuses a text whose hash is not the recorded one."""
    data = document.text.encode("utf-8")
    digest = hashlib.sha256(data).hexdigest()
    if digest != document.sha256:
        raise ValueError(f"document {document.id}: its text hashes to {digest}, not the recorded sha256 {document.sha256}")
    return data


def parquet_metadata(version: str) -> dict[str, str]:
    """What each Parquet file's footer says of the dataset, beside its table's name."""
    return {
        "name": DATASET_NAME,
        "version": version,
        "license": f"{ANNOTATIONS_LICENSE['name']} ({ANNOTATIONS_LICENSE['path']}); quoted words under their publishers' terms",
    }


def release_files(
    dataset: Dataset, version: str, *, parquet: bool = False, previous: Optional[changes.Previous] = None
) -> dict[str, bytes]:
    """Every release file's name and bytes; SHA256SUMS last, over all the others.

    ``previous`` is the release before this one, which `changes.json` is the difference from.
    """
    whole = dataset_json(dataset, version)
    texts: dict[str, str] = {
        "claims.json": _json(whole),
        "claims.jsonl": "".join(json.dumps(c, ensure_ascii=False) + "\n" for c in whole["claims"]),
        "ids.txt": "".join(f"{c.id}\n" for c in sorted(dataset.claims, key=lambda c: c.id)),
        changes.FILE_NAME: changes.changes_json(whole, previous),
    }
    for table in TABLES:
        texts[table.path] = table.csv_text(dataset)
    package = datapackage(dataset, version)
    texts["datapackage.json"] = _json(package)
    texts[database.METADATA_NAME] = database.metadata_json(package)
    for name, text in schema.expected().items():
        texts[f"schema/{name}"] = text
    files = {name: text.encode("utf-8") for name, text in texts.items()}
    for doc_id, document in dataset.documents.items():
        files[text_path(doc_id)] = text_bytes(document)
    files[database.FILE_NAME] = database.database_bytes(dataset)
    if parquet:
        footer = parquet_metadata(version)
        for table in TABLES:
            files[table.parquet_path] = table.parquet_bytes(dataset, footer)
    files[card.FILE_NAME] = card.card(dataset, package, version, parquet).encode("utf-8")
    files[croissant.FILE_NAME] = croissant.croissant_json(package, files, card.languages(dataset)).encode("utf-8")
    files["SHA256SUMS"] = "".join(
        f"{hashlib.sha256(data).hexdigest()}  {name}\n" for name, data in sorted(files.items())
    ).encode("utf-8")
    return files


class UnsafeOutput(Exception):
    """The output directory holds something that is not a previous claimset release (or site)."""


def check_output(
    out: Path,
    root: Path,
    *,
    kind: str = "release",
    command: str = "build",
    is_previous: Optional[Callable[[Path], bool]] = None,
    how_known: str = "no SHA256SUMS, claims.json and datapackage.json",
    unwritten: Optional[Callable[[Path], list[str]]] = None,
    how_listed: str = "its SHA256SUMS does not list",
) -> None:
    """Refuse an output directory whose replacement would destroy anything but a previous output of this ``kind``.

    ``is_previous`` says whether a directory holds such an output (a release by
    default); ``how_known`` says, in the refusal, what it looks for. ``unwritten``
    gives what in such an output no run wrote (``how_listed`` says how that is
    known); anything there is refused too, since the replacement would delete it.
    """
    out, root = out.resolve(), root.resolve()
    if out == root or out in root.parents:
        raise UnsafeOutput(f"{out}: is (or contains) the checkout; choose a separate {kind} directory")
    if not out.exists():
        return
    if not out.is_dir():
        raise UnsafeOutput(f"{out}: exists and is not a directory")
    if not any(out.iterdir()):
        return
    previous = is_previous(out) if is_previous is not None else all((out / n).is_file() for n in RELEASE_MARKERS)
    if not previous:
        raise UnsafeOutput(
            f"{out}: exists and is not a claimset {kind} ({how_known}); "
            f"`claimset {command}` replaces its --out directory whole, so choose an empty or new one"
        )
    extra = (unwritten or _unlisted)(out)
    if extra:
        shown = ", ".join(extra[:SHOWN_EXTRA]) + (", …" if len(extra) > SHOWN_EXTRA else "")
        raise UnsafeOutput(
            f"{out}: a claimset {kind} with {len(extra)} file(s) {how_listed} ({shown}), which "
            f"`claimset {command}` would delete: it replaces its --out directory whole. Move those files out "
            "of it, or choose an empty or new directory"
        )


RELEASE_MARKERS = ("SHA256SUMS", "claims.json", "datapackage.json")
# How many of the files a previous release does not list a refusal names.
SHOWN_EXTRA = 5


def _unlisted(directory: Path) -> list[str]:
    """The files in a previous release that its SHA256SUMS does not list (and so that no build wrote), sorted."""
    listed = {line.split("  ", 1)[-1] for line in (directory / "SHA256SUMS").read_text(encoding="utf-8").splitlines()}
    present = {p.relative_to(directory).as_posix() for p in directory.rglob("*") if p.is_file()}
    return sorted(present - listed - {"SHA256SUMS"})


def write_atomically(files: dict[str, bytes], out: Path) -> None:
    """Write ``files`` into ``out``, replacing it whole; on any failure ``out`` is left as it was."""
    with staged(out) as staging:
        for name, data in files.items():
            write_file(staging, name, data)


def write_file(folder: Path, name: str, data: bytes) -> None:
    """Write ``data`` to ``folder``/``name`` (a relative path with "/"), making its parent folders."""
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


@contextlib.contextmanager
def staged(out: Path) -> Iterator[Path]:
    """A new folder beside ``out`` to write into, which then replaces ``out`` whole.

    On leaving the block without an error the folder takes ``out``'s place (a rename, so no reader sees
    half of it); on an error it is deleted and ``out`` is left as it was. Writing each file as it is
    made keeps memory flat, however large the output.
    """
    out = out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.", dir=out.parent))
    try:
        # mkdtemp makes a private directory; a release gets the usual permissions.
        umask = os.umask(0)
        os.umask(umask)
        staging.chmod(0o777 & ~umask)
        yield staging
        if out.exists():
            retired = Path(tempfile.mkdtemp(prefix=f".{out.name}.old.", dir=out.parent))
            os.replace(out, retired / "previous")
            try:
                os.replace(staging, out)
            except OSError:
                os.replace(retired / "previous", out)
                raise
            shutil.rmtree(retired)
        else:
            os.replace(staging, out)
    finally:
        if staging.exists():
            shutil.rmtree(staging)


UNKNOWN_VERSION = _version.UNKNOWN


def version(root: Optional[Path] = None) -> str:
    """The version of the data at ``root``, from its git history as the package's own version is; or this package's.

    The scheme is setuptools-scm's, which builds the package (pyproject.toml): a commit tagged
    ``vX.Y.Z`` is ``X.Y.Z``; any other commit is a development version that names it
    (``0.1.dev5+g1820d8b``), with ``.dYYYYMMDD`` added while the work tree has uncommitted changes.
    Data whose root is not the top of a git work tree has no version to tell: ``0+unknown`` (a
    folder inside another repository, such as a copy under its ignored build or temporary folders,
    is not that repository's data). ``root=None`` means the data this package carries, whose
    version is the package's.
    """
    if root is None:
        return __version__
    import setuptools_scm

    try:
        return setuptools_scm.get_version(root=str(root))
    except LookupError:  # not the top of a git work tree (or git is not installed)
        return UNKNOWN_VERSION
