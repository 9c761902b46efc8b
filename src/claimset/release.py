"""Read a published release into a `Dataset`: a release directory, its `claims.json`, or either by URL.

Nothing from a release is used unchecked. Every file read is compared with
the `SHA256SUMS` beside it (a download is fetched with pooch against the hash
listed there and cached under that hash), every record is validated by the
models, each document's text must hash to its recorded `sha256`, and every
quote must be its document's text at its offsets. Any failure raises
`ReleaseError` naming the file and what is wrong.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any, Optional, Union
from urllib.parse import urlsplit

from .loader import UsageError

if TYPE_CHECKING:
    from .dataset import Dataset

CLAIMS_FILE = "claims.json"
SUMS_FILE = "SHA256SUMS"
TEXTS_DIR = "texts"
# Where downloads are kept, keyed by their SHA-256; the default is the platform's user cache.
CACHE_VARIABLE = "CLAIMSET_CACHE"

_SUM_LINE = re.compile(r"^([0-9a-f]{64}) [ *](.+)$")


class ReleaseError(UsageError):
    """A release cannot be used: unreadable, not a claimset release, or not what its SHA256SUMS lists."""


def is_url(location: Union[str, Path]) -> bool:
    return isinstance(location, str) and location.startswith(("http://", "https://"))


def is_release(path: Path) -> bool:
    """A `claims.json` file, or a directory holding one (or a SHA256SUMS) and no `claims/` sources."""
    if path.is_file():
        return True
    return path.is_dir() and not (path / "claims").is_dir() and any(
        (path / name).is_file() for name in (CLAIMS_FILE, SUMS_FILE)
    )


# --- checksums ------------------------------------------------------------------


def parse_sums(text: str, label: str) -> dict[str, str]:
    """`sha256sum` output → {relative path: hex digest}."""
    sums = {}
    for number, line in enumerate(text.splitlines(), 1):
        match = _SUM_LINE.match(line)
        if match is None:
            raise ReleaseError(f"{label}:{number}: not a `sha256sum` line (<64 hex digits>  <path>): {line[:80]!r}")
        sums[match.group(2)] = match.group(1)
    return sums


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _verified(data: bytes, name: str, sums: Optional[dict[str, str]], label: str, sums_label: str) -> bytes:
    if sums is None:
        return data
    if name not in sums:
        raise ReleaseError(f"{label}: not listed in {sums_label}, so it cannot be verified")
    actual = _sha256(data)
    if actual != sums[name]:
        raise ReleaseError(f"{label}: refused: its SHA-256 is {actual}, but {sums_label} lists {sums[name]}")
    return data


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise ReleaseError(f"{path}: no such file") from None
    except OSError as exc:
        raise ReleaseError(f"{path}: cannot read ({exc.strerror or exc})") from None


# --- by path ----------------------------------------------------------------------


def load_path(path: Path) -> "Dataset":
    """A release directory or its `claims.json`, verified against the `SHA256SUMS` beside it when there is one."""
    directory, claims_file = (path, path / CLAIMS_FILE) if path.is_dir() else (path.parent, path)
    sums_file = directory / SUMS_FILE
    sums = parse_sums(_read(sums_file).decode("utf-8", "replace"), str(sums_file)) if sums_file.is_file() else None
    data = _verified(_read(claims_file), claims_file.name, sums, str(claims_file), str(sums_file))
    dataset = from_json(data, str(claims_file))
    for doc_id, document in dataset.documents.items():
        # The texts/ copies must be the same texts (a release may also be kept without them).
        text_file = directory / TEXTS_DIR / f"{doc_id}.txt"
        if text_file.is_file():
            name = f"{TEXTS_DIR}/{doc_id}.txt"
            raw = _verified(_read(text_file), name, sums, str(text_file), str(sums_file))
            if raw != document.text.encode("utf-8"):
                raise ReleaseError(f"{text_file}: differs from the text of document {doc_id!r} in {claims_file.name}")
    return dataset


# --- by URL ---------------------------------------------------------------------


def load_url(url: str, cache: Union[str, Path, None] = None) -> "Dataset":
    """A release by URL (its directory or its `claims.json`), verified against the `SHA256SUMS` beside it.

    The `claims.json` is downloaded with pooch against the hash that SHA256SUMS
    lists and kept in ``cache`` (default: $CLAIMSET_CACHE, else the user cache
    directory) under that hash, so a second load of the same release reads no
    network but SHA256SUMS.
    """
    pooch = _pooch()
    path = urlsplit(url).path
    if path.endswith(".json"):
        base, name = url[: url.rindex("/") + 1], path.rsplit("/", 1)[-1]
    else:
        base, name = url.rstrip("/") + "/", CLAIMS_FILE
    sums_url = base + SUMS_FILE
    sums = parse_sums(_download_text(sums_url), sums_url)
    if name not in sums:
        raise ReleaseError(f"{base + name}: not listed in {sums_url}, so it cannot be verified")
    expected = sums[name]
    folder = Path(cache) if cache is not None else _cache_dir(pooch)
    try:
        local = pooch.retrieve(base + name, known_hash=f"sha256:{expected}", fname=f"{expected}-{name}", path=folder)
    except ValueError as exc:
        got = re.search(r"but got ([0-9a-f]{64})", str(exc))
        actual = got.group(1) if got else "different (see: " + str(exc) + ")"
        raise ReleaseError(
            f"{base + name}: refused: the download's SHA-256 is {actual}, but {sums_url} lists {expected}"
        ) from None
    except Exception as exc:  # requests' and the OS's errors, whichever the transfer raised
        raise ReleaseError(f"{base + name}: cannot download ({type(exc).__name__}: {exc})") from None
    return from_json(Path(local).read_bytes(), base + name)


def _pooch() -> Any:
    try:
        import pooch  # type: ignore[import-untyped]
    except ImportError:
        raise UsageError("loading a release by URL needs pooch: pip install 'claimset[remote]'") from None
    return pooch


def _cache_dir(pooch: Any) -> Path:
    configured = os.environ.get(CACHE_VARIABLE)
    return Path(configured) if configured else Path(pooch.os_cache("claimset"))


def _download_text(url: str) -> str:
    """A small file, fetched every time (a release's SHA256SUMS is what the rest is checked against)."""
    from pooch import HTTPDownloader  # type: ignore[import-untyped]

    with tempfile.TemporaryDirectory(prefix="claimset-") as tmp:
        target = Path(tmp) / "download"
        try:
            HTTPDownloader(progressbar=False, timeout=60)(url, str(target), None)
        except Exception as exc:  # requests' and the OS's errors, whichever the transfer raised
            raise ReleaseError(
                f"{url}: cannot download ({type(exc).__name__}: {exc}); a release is loaded by URL only "
                f"with the {SUMS_FILE} beside its claims.json"
            ) from None
        return target.read_bytes().decode("utf-8", "replace")


# --- claims.json → Dataset ----------------------------------------------------


def from_json(data: bytes, label: str) -> "Dataset":
    """Validate a release's `claims.json` and build the dataset; quotes are checked against its own texts."""
    from pydantic import ValidationError

    from .dataset import Dataset
    from .models import Actor, Claim, Document, RetiredClaim

    try:
        whole = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ReleaseError(f"{label}: not a claimset claims.json ({exc})") from None
    if not isinstance(whole, dict) or whole.get("name") != "claimset":
        raise ReleaseError(f"{label}: not a claimset claims.json (no \"name\": \"claimset\")")
    for key in ("documents", "actors", "claims", "retired"):
        if not isinstance(whole.get(key), list):
            raise ReleaseError(f"{label}: not a claimset claims.json (no {key!r} list)")

    def validated(model: Any, key: str, i: int, raw: Any) -> Any:
        try:
            return model.model_validate(raw)
        except ValidationError as exc:
            first = exc.errors(include_url=False)[0]
            where = ".".join(str(part) for part in first["loc"])
            more = f" (and {exc.error_count() - 1} more)" if exc.error_count() > 1 else ""
            raise ReleaseError(f"{label}: {key}[{i}]{'.' + where if where else ''}: {first['msg']}{more}") from None

    documents = {}
    for i, raw in enumerate(whole["documents"]):
        record = dict(raw) if isinstance(raw, dict) else raw
        text = record.pop("text", None) if isinstance(record, dict) else None
        document = validated(Document, "documents", i, record)
        if not isinstance(text, str):
            raise ReleaseError(f"{label}: documents[{i}] ({document.id}): no \"text\"; a release carries every source text")
        digest = _sha256(text.encode("utf-8"))
        if digest != document.sha256:
            raise ReleaseError(
                f"{label}: documents[{i}] ({document.id}): its text hashes to {digest}, not its recorded sha256 {document.sha256}"
            )
        document._text = text
        for j, item in enumerate(document.not_claims):
            _check_quote(label, f"documents[{i}].not_claims[{j}]", text, item.quote)
        documents[document.id] = document
    actors = {actor.id: actor for actor in (validated(Actor, "actors", i, r) for i, r in enumerate(whole["actors"]))}
    claims = []
    for i, raw in enumerate(whole["claims"]):
        claim = validated(Claim, "claims", i, raw)
        if claim.document not in documents:
            raise ReleaseError(f"{label}: claims[{i}] ({claim.id}): document {claim.document!r} is not in the release")
        _check_quote(label, f"claims[{i}] ({claim.id})", documents[claim.document].text, claim.quote)
        claims.append(claim)
    retired = [validated(RetiredClaim, "retired", i, r) for i, r in enumerate(whole["retired"])]
    return Dataset(claims, documents, actors, retired)


def _check_quote(label: str, where: str, text: str, quote: Any) -> None:
    found = text[quote.start : quote.end]
    if found != quote.text:
        raise ReleaseError(
            f"{label}: {where}: the quote {quote.text!r} is not the text at {quote.start}:{quote.end}, which reads {found!r}"
        )
