"""Read a published release into a `Dataset`: a release directory, its `claims.json`, or either by URL.

Nothing from a release is used unchecked. Every file read is compared with
the `SHA256SUMS` beside it (a download is fetched with pooch against the hash
listed there and cached under that hash), every record is validated by the
models, ids must be unique and every reference must name a record of the
release, each document's text must hash to its recorded `sha256`, and every
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
    """A release cannot be used: unreadable, not a claimset release, not what its SHA256SUMS lists,
    or from a newer claimset than the one installed."""


class _DownloadFailed(ReleaseError):
    """A release's SHA256SUMS could not be downloaded (the caller may know of a cached copy)."""


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
    if path.is_file():
        _refuse_archive(path)
    directory, claims_file = (path, path / CLAIMS_FILE) if path.is_dir() else (path.parent, path)
    sums_file = directory / SUMS_FILE
    sums = parse_sums(_read(sums_file).decode("utf-8", "replace"), str(sums_file)) if sums_file.is_file() else None
    data = _verified(_read(claims_file), claims_file.name, sums, str(claims_file), str(sums_file))
    dataset = from_json(data, str(claims_file), loaded_from=str(path))
    for doc_id, document in dataset.documents.items():
        # The texts/ copies must be the same texts (a release may also be kept without them).
        text_file = directory / TEXTS_DIR / f"{doc_id}.txt"
        if text_file.is_file():
            name = f"{TEXTS_DIR}/{doc_id}.txt"
            raw = _verified(_read(text_file), name, sums, str(text_file), str(sums_file))
            if raw != document.text.encode("utf-8"):
                raise ReleaseError(f"{text_file}: differs from the text of document {doc_id!r} in {claims_file.name}")
    return dataset


# The first bytes of the archives a release may come in (a GitHub release asset is a zip).
_ARCHIVES = (
    (b"PK\x03\x04", "a zip archive", "unzip {name}"),
    (b"\x1f\x8b", "a gzip archive", "tar -xzf {name}"),
    (b"BZh", "a bzip2 archive", "tar -xjf {name}"),
    (b"\xfd7zXZ\x00", "an xz archive", "tar -xJf {name}"),
    (b"7z\xbc\xaf\x27\x1c", "a 7z archive", "7z x {name}"),
)


def _refuse_archive(path: Path) -> None:
    """An archive of a release is refused with how to unpack it, rather than read as a broken claims.json."""
    try:
        with path.open("rb") as file:
            start = file.read(8)
            file.seek(257)
            tar = file.read(5) == b"ustar"
    except OSError as exc:
        raise ReleaseError(f"{path}: cannot read ({exc.strerror or exc})") from None
    found = [(kind, how) for magic, kind, how in _ARCHIVES if start.startswith(magic)]
    if tar:
        found.append(("a tar archive", "tar -xf {name}"))
    if found:
        kind, how = found[0]
        raise ReleaseError(
            f"{path}: is {kind}, not a claims.json; unpack it first ({how.format(name=path.name)}), "
            f"then load the directory it holds, e.g. claimset.load(\"<that directory>\")"
        )


# --- by URL ---------------------------------------------------------------------


def load_url(url: str, cache: Union[str, Path, None] = None) -> "Dataset":
    """A release by URL (its directory or its `claims.json`), verified against the `SHA256SUMS` beside it.

    The `claims.json` is downloaded with pooch against the hash that SHA256SUMS
    lists and kept in ``cache`` (default: $CLAIMSET_CACHE, else the user cache
    directory) under that hash, so a second load of the same release reads no
    network but SHA256SUMS.
    """
    path = urlsplit(url).path
    _refuse_file_url(url, path)
    pooch = _pooch()
    if path.endswith(".json"):
        base, name = url[: url.rindex("/") + 1], path.rsplit("/", 1)[-1]
    else:
        base, name = url.rstrip("/") + "/", CLAIMS_FILE
    sums_url = base + SUMS_FILE
    folder = Path(cache) if cache is not None else _cache_dir(pooch)
    try:
        sums = parse_sums(_download_text(sums_url), sums_url)
    except _DownloadFailed as exc:
        raise ReleaseError(str(exc) + _cached_copy_hint(folder, base + name)) from None
    if name not in sums:
        raise ReleaseError(f"{base + name}: not listed in {sums_url}, so it cannot be verified")
    expected = sums[name]
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
    dataset = from_json(Path(local).read_bytes(), base + name, loaded_from=url)
    _remember(folder, base + name, Path(local).name)
    return dataset


# The last part of a URL that names another file of a release, or an archive of one, rather than its
# claims.json or its folder (a folder's name may hold dots: `v0.1.0`).
_OTHER_FILE = re.compile(rf"^{SUMS_FILE}$|\.(csv|jsonl|db|parquet|txt|zip|tar|gz|tgz|bz2|xz|7z)$", re.I)
_ARCHIVE_SUFFIX = re.compile(r"\.(zip|tar|gz|tgz|bz2|xz|7z)$", re.I)


def _refuse_file_url(url: str, path: str) -> None:
    """A URL of a release's other files would otherwise be read as a folder, and refused for the SHA256SUMS inside it."""
    last = path.rsplit("/", 1)[-1]
    if not _OTHER_FILE.search(last):
        return
    folder = url[: url.rindex("/") + 1]
    unpack = (
        " (to use the archive itself, download and unpack it, then load the directory it holds)"
        if _ARCHIVE_SUFFIX.search(last) else ""
    )
    raise ReleaseError(
        f"{url}: is the file {last}, not a release's {CLAIMS_FILE} or its folder; load the release by the "
        f"address of its folder ({folder}) or of its {CLAIMS_FILE} ({folder}{CLAIMS_FILE}){unpack}"
    )


# Which cached file holds the verified copy of which URL: urls/<SHA-256 of the URL>, holding
# the cached file's name and the URL. Only consulted to say where a copy is when offline.
_URLS_DIR = "urls"


def _url_record(folder: Path, url: str) -> Path:
    return folder / _URLS_DIR / _sha256(url.encode("utf-8"))


def _remember(folder: Path, url: str, cached_name: str) -> None:
    record = _url_record(folder, url)
    try:
        record.parent.mkdir(parents=True, exist_ok=True)
        record.write_text(f"{cached_name}\n{url}\n", encoding="utf-8")
    except OSError:
        pass  # the record only improves a later error message; the load itself succeeded


def _cached_copy_hint(folder: Path, url: str) -> str:
    """Where a verified copy of ``url`` is in the cache, and how to load it by path; or nothing."""
    try:
        cached_name, recorded_url = _url_record(folder, url).read_text(encoding="utf-8").splitlines()[:2]
        copy = folder / cached_name
        digest = cached_name.split("-", 1)[0]
        intact = recorded_url == url and _sha256(copy.read_bytes()) == digest
    except (OSError, ValueError):
        return ""
    if not intact:
        return ""
    return (
        f". A copy of {url} verified when it was last downloaded is in the cache: {copy}. It was not "
        f"used, since a newer release may have replaced it at that address; to use it anyway, load it by path: "
        f"claimset.load({str(copy)!r})"
    )


def _pooch() -> Any:
    try:
        import pooch  # type: ignore[import-untyped]
    except ImportError:
        raise ReleaseError("loading a release by URL needs pooch: pip install 'claimset[remote]'") from None
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
            raise _DownloadFailed(
                f"{url}: cannot download ({type(exc).__name__}: {exc}); a release is loaded by URL only "
                f"with the {SUMS_FILE} beside its claims.json"
            ) from None
        return target.read_bytes().decode("utf-8", "replace")


# --- claims.json → Dataset ----------------------------------------------------


def from_json(data: bytes, label: str, *, loaded_from: Optional[str] = None) -> "Dataset":
    """Validate a release's `claims.json` and build the dataset; quotes are checked against its own texts.

    A release of a newer claimset than this one is refused before its records are
    read: a minor version may add fields this claimset's models do not know.
    """
    from pydantic import ValidationError

    from ._version import __version__
    from .dataset import Dataset
    from .models import Actor, Claim, Document, RetiredClaim

    try:
        whole = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ReleaseError(f"{label}: not a claimset claims.json ({exc})") from None
    if not isinstance(whole, dict) or whole.get("name") != "claimset":
        raise ReleaseError(f"{label}: not a claimset claims.json (no \"name\": \"claimset\")")
    release = whole.get("version")
    if not isinstance(release, str) or version_key(release) is None:
        raise ReleaseError(f"{label}: not a claimset claims.json (its \"version\" {release!r} is not a version number)")
    if version_key(release) > version_key(__version__):  # type: ignore[operator]
        raise ReleaseError(
            f"{label}: this is release {release} of claimset, newer than the claimset installed here "
            f"({__version__}), which cannot read what it may add; upgrade to read it: pip install -U claimset"
        )
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

    documents: dict[str, Any] = {}
    document_ids = []
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
        document_ids.append(document.id)
    actor_list = [validated(Actor, "actors", i, r) for i, r in enumerate(whole["actors"])]
    actors = {actor.id: actor for actor in actor_list}
    claims = []
    for i, raw in enumerate(whole["claims"]):
        claim = validated(Claim, "claims", i, raw)
        if claim.document not in documents:
            raise ReleaseError(f"{label}: claims[{i}] ({claim.id}): document {claim.document!r} is not in the release")
        _check_quote(label, f"claims[{i}] ({claim.id})", documents[claim.document].text, claim.quote)
        claims.append(claim)
    retired = [validated(RetiredClaim, "retired", i, r) for i, r in enumerate(whole["retired"])]
    _check_references(label, documents, document_ids, actor_list, claims, retired)
    return Dataset(claims, documents, actors, retired, version=release, loaded_from=loaded_from or label)


def _check_references(
    label: str, documents: dict[str, Any], document_ids: list[str], actors: list[Any], claims: list[Any], retired: list[Any]
) -> None:
    """What validating a checkout requires across records: each id given once, and every reference to a record
    of the release (records are read into mappings by id, so a duplicate would otherwise replace its twin unseen)."""
    for key, ids in (("documents", document_ids), ("actors", [a.id for a in actors]),
                     ("claims", [c.id for c in claims]), ("retired", [r.id for r in retired])):
        first: dict[str, int] = {}
        for i, record_id in enumerate(ids):
            if record_id in first:
                raise ReleaseError(
                    f"{label}: {key}[{i}]: the id {record_id!r} is already that of {key}[{first[record_id]}]; "
                    f"ids are unique in a release{_NOT_INTACT}"
                )
            first[record_id] = i
    actor_ids, claim_ids = {a.id for a in actors}, {c.id for c in claims}

    def refuse(where: str, what: str, ref: str) -> None:
        raise ReleaseError(f"{label}: {where}: no {what} {ref!r} in the release{_NOT_INTACT}")

    for i, doc_id in enumerate(document_ids):
        for key in ("outlet", "reposts"):
            ref = getattr(documents[doc_id], key)
            if ref is not None and ref not in actor_ids:
                refuse(f"documents[{i}] ({doc_id}).{key}", "actor", ref)
    for i, claim in enumerate(claims):
        for where, ref in (("speaker", claim.speaker), *((f"via[{j}]", a) for j, a in enumerate(claim.via))):
            if ref not in actor_ids:
                refuse(f"claims[{i}] ({claim.id}).{where}", "actor", ref)
        for j, relation in enumerate(claim.relations):
            if relation.claim not in claim_ids:
                refuse(f"claims[{i}] ({claim.id}).relations[{j}].claim", "claim", relation.claim)
    for i, record in enumerate(retired):
        if record.id in claim_ids:
            raise ReleaseError(f"{label}: retired[{i}]: {record.id!r} is retired but is also a claim of the release"
                               f"{_NOT_INTACT}")
        for j, ref in enumerate(record.replaced_by):
            if ref not in claim_ids:
                refuse(f"retired[{i}] ({record.id}).replaced_by[{j}]", "claim", ref)


# A release that fails these checks was not written by `claimset build`, which validates first.
_NOT_INTACT = "; claimset build never writes such a release: load an intact copy from where it was published"


# A public version as PEP 440 writes it (release numbers, then an optional a/b/rc
# pre-release, .post and .dev); `packaging` is not a dependency of claimset.
_VERSION = re.compile(r"^v?(\d+(?:\.\d+)*)(?:(a|b|rc)(\d+))?(?:\.post(\d+))?(?:\.dev(\d+))?$")
_PRE = {"a": 0, "b": 1, "rc": 2}


def version_key(version: str) -> Optional[tuple[Any, ...]]:
    """A key that orders versions as PEP 440 does (1.0.dev1 < 1.0a1 < 1.0 < 1.0.post1 < 1.0.1), or None."""
    match = _VERSION.match(version.strip())
    if match is None:
        return None
    numbers, pre, pre_number, post, dev = match.groups()
    release = tuple(int(part) for part in numbers.split("."))
    while len(release) > 1 and release[-1] == 0:
        release = release[:-1]  # 1.0 == 1.0.0
    # A dev release of a final version comes before its pre-releases; a final one after them.
    if pre is not None:
        pre_key: tuple[int, int] = (_PRE[pre], int(pre_number))
    elif dev is not None and post is None:
        pre_key = (-1, 0)
    else:
        pre_key = (3, 0)
    post_key = int(post) if post is not None else -1
    dev_key = int(dev) if dev is not None else float("inf")
    return (release, pre_key, post_key, dev_key)


def _check_quote(label: str, where: str, text: str, quote: Any) -> None:
    found = text[quote.start : quote.end]
    if found != quote.text:
        raise ReleaseError(
            f"{label}: {where}: the quote {quote.text!r} is not the text at {quote.start}:{quote.end}, which reads {found!r}"
        )
