"""Read a published release into a `Dataset`: a release directory, its `claims.json`, or either by URL.

Nothing from a release is used unchecked. Every file read is compared with
the `SHA256SUMS` beside it (a download is fetched against the hash listed there
and cached under that hash by pooch), every record is validated by the models,
ids must be unique and every reference must name a record of the release, each
document's text must hash to its recorded `sha256`, and every quote must be its
document's text at its offsets. Any failure raises `ReleaseError` naming the
file and what is wrong.

A release may come from a stranger, so reading one is bounded: on disk only
regular files inside the release directory are read (`safefiles`), each up to
a cap; a download keeps to the scheme, host and port it was asked for, stops at
the same caps and within `DOWNLOAD_SECONDS`; JSON with a key given twice in one
object, or nested deeper than the parser goes, is refused.
"""

from __future__ import annotations

import functools
import hashlib
import io
import json
import os
import re
import socket
import threading
import time
import types
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO, Optional, Union
from urllib.parse import urlsplit

from packaging.version import InvalidVersion, Version

from . import safefiles
from .loader import UsageError

if TYPE_CHECKING:
    from .dataset import Dataset

CLAIMS_FILE = "claims.json"
SUMS_FILE = "SHA256SUMS"
TEXTS_DIR = "texts"
# Where downloads are kept, keyed by their SHA-256; the default is the platform's user cache.
CACHE_VARIABLE = "CLAIMSET_CACHE"

# What is read of a release, at most: far above today's (claims.json is under 1 MB, SHA256SUMS
# a few KB), far below what would exhaust memory. texts/<doc-id>.txt: safefiles.MAX_BYTES, as a seed.
MAX_CLAIMS_BYTES = 256 * 2**20
MAX_SUMS_BYTES = 2**20
# Seconds one download may take in all, however slowly its server sends (connecting, redirects,
# headers and body together); a download still going then is cut off and refused.
DOWNLOAD_SECONDS = 60.0
MAX_REDIRECTS = 5

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
    """`sha256sum` output → {relative path: hex digest}; a path listed twice is refused."""
    sums: dict[str, str] = {}
    for number, line in enumerate(text.splitlines(), 1):
        match = _SUM_LINE.match(line)
        if match is None:
            raise ReleaseError(f"{label}:{number}: not a `sha256sum` line (<64 hex digits>  <path>): {line[:80]!r}")
        if match.group(2) in sums:
            raise ReleaseError(f"{label}:{number}: {match.group(2)[:80]!r} is listed twice")
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


def _read(root: Path, path: Path, limit: int, what: str) -> bytes:
    """The regular file ``path`` inside the release directory ``root``, if it is at most ``limit`` bytes."""
    try:
        safefiles.check_path(root, path)
        size = path.stat().st_size
        if size > limit:
            raise ReleaseError(f"{path}: refused: it is {size} bytes, more than the {limit} a release's {what} may be")
        return safefiles.read_bytes(root, path, limit)  # capped again, should it grow meanwhile
    except safefiles.UnsafeFile as exc:
        raise ReleaseError(f"{root / exc.rel}: refused: it {exc.why}") from None
    except FileNotFoundError:
        raise ReleaseError(f"{path}: no such file") from None
    except OSError as exc:
        raise ReleaseError(f"{path}: cannot read ({exc.strerror or exc})") from None


# --- by path ----------------------------------------------------------------------

# How claimset's cache names a verified download: its SHA-256, then its name (see load_url).
_CACHED_NAME = re.compile(r"^([0-9a-f]{64})-(.+)$")


def load_path(path: Path, *, verify: bool = True) -> "Dataset":
    """A release directory or its `claims.json`, verified against the `SHA256SUMS` beside it.

    Without a SHA256SUMS there it is refused, unless ``verify`` is False: then
    SHA256SUMS is not read at all (the records, texts and quotes are still
    checked). A copy in claimset's download cache, ``<sha256>-claims.json``, is
    verified against the SHA-256 in its name.
    """
    directory, claims_file = (path, path / CLAIMS_FILE) if path.is_dir() else (path.parent, path)
    if not path.is_dir():
        try:
            safefiles.check_path(directory, claims_file)
        except safefiles.UnsafeFile as exc:
            raise ReleaseError(f"{directory / exc.rel}: refused: it {exc.why}") from None
        except FileNotFoundError:
            raise ReleaseError(f"{claims_file}: no such file") from None
        _refuse_archive(claims_file)
    sums_file = directory / SUMS_FILE
    sums_label = str(sums_file)
    sums: Optional[dict[str, str]] = None
    if verify and os.path.lexists(sums_file):
        sums = parse_sums(_read(directory, sums_file, MAX_SUMS_BYTES, SUMS_FILE).decode("utf-8", "replace"), sums_label)
    elif verify and _CACHED_NAME.match(claims_file.name):
        sums = {claims_file.name: _CACHED_NAME.match(claims_file.name).group(1)}  # type: ignore[union-attr]
        sums_label = "its file name (the SHA-256 it was verified against when downloaded)"
    elif verify:
        raise ReleaseError(
            f"{directory}: no {SUMS_FILE} beside {claims_file.name}, so the release cannot be verified; load a "
            f"release with the {SUMS_FILE} it was published with, or, knowing it is unverified, with "
            f"claimset.load({str(path)!r}, verify=False)"
        )
    data = _verified(_read(directory, claims_file, MAX_CLAIMS_BYTES, CLAIMS_FILE), claims_file.name, sums, str(claims_file), sums_label)
    dataset = from_json(data, str(claims_file), loaded_from=str(path))
    for doc_id, document in dataset.documents.items():
        # The texts/ copies must be the same texts (a release may also be kept without them).
        text_file = directory / TEXTS_DIR / f"{doc_id}.txt"
        if os.path.lexists(text_file) or os.path.islink(directory / TEXTS_DIR):
            name = f"{TEXTS_DIR}/{doc_id}.txt"
            raw = _verified(_read(directory, text_file, safefiles.MAX_BYTES, "text"), name, sums, str(text_file), sums_label)
            if raw != document.text.encode("utf-8"):
                raise ReleaseError(f"{text_file}: differs from the text of document {doc_id!r} in {claims_file.name}")
    return dataset


def verified_file(location: Union[str, Path], name: str, limit: int = MAX_SUMS_BYTES) -> Optional[bytes]:
    """The file ``name`` of the release at ``location`` (a directory or the URL of one), verified against its
    SHA256SUMS; None when its SHA256SUMS does not list it (a release from before the file existed)."""
    if is_url(location):
        base = str(location).rstrip("/") + "/"
        sums = parse_sums(_download_text(base + SUMS_FILE), base + SUMS_FILE)
        if name not in sums:
            return None
        buffer = io.BytesIO()
        _fetch(base + name, buffer, limit)
        return _verified(buffer.getvalue(), name, sums, base + name, base + SUMS_FILE)
    directory = Path(location)
    if not directory.is_dir():
        directory = directory.parent  # its claims.json
    sums_file = directory / SUMS_FILE
    sums = parse_sums(_read(directory, sums_file, MAX_SUMS_BYTES, SUMS_FILE).decode("utf-8", "replace"), str(sums_file))
    if name not in sums:
        return None
    return _verified(_read(directory, directory / name, limit, name), name, sums, str(directory / name), str(sums_file))


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

    The `claims.json` is downloaded against the hash that SHA256SUMS lists and
    kept by pooch in ``cache`` (default: $CLAIMSET_CACHE, else the user cache
    directory) under that hash, so a second load of the same release reads no
    network but SHA256SUMS. Each download keeps to the URL's scheme, host and
    port, and stops at its cap and at `DOWNLOAD_SECONDS` (see `_fetch`).
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
        local = pooch.retrieve(
            base + name, known_hash=f"sha256:{expected}", fname=f"{expected}-{name}", path=folder,
            downloader=_pooch_downloader,
        )
    except ReleaseError:
        raise
    except ValueError as exc:
        got = re.search(r"but got ([0-9a-f]{64})", str(exc))
        actual = got.group(1) if got else "different (see: " + str(exc) + ")"
        raise ReleaseError(
            f"{base + name}: refused: the download's SHA-256 is {actual}, but {sums_url} lists {expected}"
        ) from None
    except Exception as exc:  # requests' and the OS's errors, whichever the transfer raised
        raise ReleaseError(f"{base + name}: cannot download ({type(exc).__name__}: {exc})") from None
    local_path = Path(local)
    dataset = from_json(_read(local_path.parent, local_path, MAX_CLAIMS_BYTES, CLAIMS_FILE), base + name, loaded_from=url)
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
        intact = recorded_url == url and _sha256(safefiles.read_bytes(folder, copy, MAX_CLAIMS_BYTES)) == digest
    except (OSError, ValueError, safefiles.UnsafeFile):
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
    buffer = io.BytesIO()
    try:
        _fetch(url, buffer, MAX_SUMS_BYTES)
    except _DownloadFailed as exc:
        raise _DownloadFailed(f"{exc}; a release is loaded by URL only with the {SUMS_FILE} beside its claims.json") from None
    return buffer.getvalue().decode("utf-8", "replace")


def _pooch_downloader(url: str, output_file: str, pooch: Any) -> None:
    """pooch's downloader for a release's claims.json: `_fetch`, into the file pooch then verifies."""
    with open(output_file, "wb") as out:
        _fetch(url, out, MAX_CLAIMS_BYTES)


# --- downloading ------------------------------------------------------------------
#
# urllib rather than requests (which pooch uses by default), because a download from a stranger
# must be cut off at a deadline however slowly the server sends, and a socket timeout bounds only
# each wait, not the whole: one byte every few seconds would keep it going for ever. urllib lets
# each connection's socket be kept, so that the deadline can shut it down mid-read.


def _fetch(url: str, out: BinaryIO, limit: int) -> None:
    """Write what ``url`` serves to ``out``: only from its own scheme, host and port, at most ``limit`` bytes,
    within `DOWNLOAD_SECONDS` in all. Anything else is a `ReleaseError` (`_DownloadFailed` when the
    transfer itself failed: no answer, an HTTP error)."""
    with _Transfer(url, DOWNLOAD_SECONDS) as transfer:
        handlers = _handlers()
        opener = handlers.build_opener(handlers.redirects(), handlers.http(transfer), handlers.https(transfer))
        try:
            with opener.open(url, timeout=transfer.remaining()) as response:
                length = response.headers.get("Content-Length", "")
                if length.strip().isdigit() and int(length) > limit:
                    raise _too_large(url, limit)
                received = 0
                while True:
                    transfer.remaining()
                    chunk = response.read1(_CHUNK)  # what has arrived, so the deadline is checked between arrivals
                    if not chunk:
                        break
                    received += len(chunk)
                    if received > limit:
                        raise _too_large(url, limit)
                    out.write(chunk)
        except ReleaseError:
            raise
        except Exception as exc:  # urllib's, http.client's, ssl's and the OS's errors, whichever the transfer raised
            if transfer.expired or time.monotonic() >= transfer.deadline:
                raise transfer.too_slow() from None
            raise _DownloadFailed(f"{url}: cannot download ({_reason(exc)})") from None
        if transfer.expired:
            raise transfer.too_slow()


_CHUNK = 64 * 2**10


def _too_large(url: str, limit: int) -> ReleaseError:
    return ReleaseError(f"{url}: refused: larger than the {limit} bytes claimset downloads of that file")


def _reason(exc: Exception) -> str:
    import urllib.error

    if isinstance(exc, urllib.error.HTTPError):
        return f"HTTP {exc.code}: {exc.reason}"
    if isinstance(exc, urllib.error.URLError):
        return f"{type(exc.reason).__name__}: {exc.reason}" if isinstance(exc.reason, Exception) else str(exc.reason)
    return f"{type(exc).__name__}: {exc}"


class _Transfer:
    """One download's deadline, and the sockets it opened: when the deadline passes, they are shut down,
    which ends whatever wait the download is in (connecting, TLS, headers, body)."""

    def __init__(self, url: str, seconds: float):
        self.url = url
        self.seconds = seconds
        self.deadline = time.monotonic() + seconds
        self.expired = False
        self._sockets: list[socket.socket] = []
        self._lock = threading.Lock()
        self._timer = threading.Timer(seconds, self._expire)
        self._timer.daemon = True

    def __enter__(self) -> "_Transfer":
        self._timer.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._timer.cancel()

    def remaining(self) -> float:
        """Seconds left; `too_slow` when none are."""
        left = self.deadline - time.monotonic()
        if left <= 0 or self.expired:
            raise self.too_slow()
        return left

    def too_slow(self) -> ReleaseError:
        return ReleaseError(f"{self.url}: refused: not downloaded within {self.seconds:g} s")

    def opened(self, sock: socket.socket) -> None:
        with self._lock:
            self._sockets.append(sock)
            if self.expired:
                _shut(sock)

    def _expire(self) -> None:
        with self._lock:
            self.expired = True
            for sock in self._sockets:
                _shut(sock)


def _shut(sock: socket.socket) -> None:
    try:
        sock.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass  # already closed


@functools.lru_cache(maxsize=None)
def _handlers() -> Any:
    """urllib's handlers as a download needs them; built on first use, so that `import claimset.release`
    (which every load() does) does not import http.client, ssl and urllib.request for nothing."""
    import http.client
    import ssl
    import urllib.request

    def watched(base: type) -> type:
        """``base`` (an http.client connection class) with each socket it opens handed to a `_Transfer`."""

        class Watched(base):  # type: ignore[misc, valid-type]
            def __init__(self, *args: Any, transfer: _Transfer, **kwargs: Any):
                super().__init__(*args, **kwargs)
                # socket.create_connection, which connect() calls; TLS, if any, is set up on its socket.
                create = self._create_connection

                def create_watched(*a: Any, **k: Any) -> socket.socket:
                    transfer.remaining()
                    sock = create(*a, **k)
                    transfer.opened(sock)
                    return sock

                self._create_connection = create_watched

        return Watched

    http_connection, https_connection = watched(http.client.HTTPConnection), watched(http.client.HTTPSConnection)

    class WatchedHTTPHandler(urllib.request.HTTPHandler):
        def __init__(self, transfer: _Transfer):
            super().__init__()
            self._transfer = transfer

        def http_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
            return self.do_open(functools.partial(http_connection, transfer=self._transfer), req)

    class WatchedHTTPSHandler(urllib.request.HTTPSHandler):
        def __init__(self, transfer: _Transfer):
            super().__init__()
            self._transfer = transfer

        def https_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
            return self.do_open(
                functools.partial(https_connection, transfer=self._transfer), req, context=ssl.create_default_context()
            )

    class SameOriginRedirects(urllib.request.HTTPRedirectHandler):
        """Redirects are followed only to the same scheme, host and port, at most `MAX_REDIRECTS` times."""

        max_redirections = MAX_REDIRECTS

        def redirect_request(self, req: urllib.request.Request, fp: Any, code: int, msg: str, headers: Any,
                             newurl: str) -> Optional[urllib.request.Request]:
            try:
                check_redirect(req.full_url, newurl)
            except ReleaseError:
                fp.close()
                raise
            return super().redirect_request(req, fp, code, msg, headers, newurl)

    return types.SimpleNamespace(
        build_opener=urllib.request.build_opener, http=WatchedHTTPHandler, https=WatchedHTTPSHandler,
        redirects=SameOriginRedirects,
    )


_DEFAULT_PORTS = {"http": 80, "https": 443}


def check_redirect(old: str, new: str) -> None:
    """Refuse a redirect from ``old`` to ``new`` unless both have the same scheme, host and port.

    A release asked for over https is never read over http, and never from a
    server other than the one named (another port is another server).
    """
    def origin(url: str) -> tuple[str, str, Optional[int]]:
        parts = urlsplit(url)
        scheme = parts.scheme.lower()
        try:
            port = parts.port
        except ValueError:
            port = -1  # not a port: never the same as any
        return scheme, (parts.hostname or "").lower(), port if port is not None else _DEFAULT_PORTS.get(scheme)

    (old_scheme, old_host, old_port), (new_scheme, new_host, new_port) = origin(old), origin(new)
    if (old_scheme, old_host, old_port) == (new_scheme, new_host, new_port):
        return
    if old_scheme != new_scheme:
        what = f"from {old_scheme or '?'} to {new_scheme or '?'}"
    elif old_host != new_host:
        what = "to another host"
    else:
        what = "to another port"
    raise ReleaseError(
        f"{old}: refused: the server redirects {what} ({new[:200]!r}); a release is downloaded only from "
        f"the scheme, host and port of the address given"
    )


# --- claims.json → Dataset ----------------------------------------------------


class _DuplicateKey(ValueError):
    pass


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """A JSON object, unless it gives a key twice (json.loads would keep the last silently)."""
    found = dict(pairs)
    if len(found) != len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise _DuplicateKey(key)
            seen.add(key)
    return found


def from_json(data: bytes, label: str, *, loaded_from: Optional[str] = None) -> "Dataset":
    """Validate a release's `claims.json` and build the dataset; quotes are checked against its own texts.

    A release of a newer claimset than this one may add fields this claimset's
    models do not know: when such a release does not read, the error says to
    upgrade (and what could not be read). Whatever the bytes, the only error is
    `ReleaseError`.
    """
    try:
        return _from_json(data, label, loaded_from=loaded_from)
    except _NewerRelease as exc:
        from ._version import __version__

        raise ReleaseError(
            f"{label}: this is release {exc.release} of claimset, newer than the claimset installed here "
            f"({__version__}), which cannot read what it may add ({exc.cause}); upgrade to read it: "
            "pip install -U claimset"
        ) from None
    except ReleaseError:
        raise
    except RecursionError:
        raise ReleaseError(f"{label}: not a claimset claims.json (nested too deeply to read)") from None
    except MemoryError:
        raise ReleaseError(f"{label}: refused: too large to read into memory") from None
    except ValueError as exc:  # e.g. a number of more digits than Python converts
        raise ReleaseError(f"{label}: not a claimset claims.json ({str(exc)[:200]})") from None


def _from_json(data: bytes, label: str, *, loaded_from: Optional[str] = None) -> "Dataset":
    from ._version import __version__

    try:
        whole = json.loads(data.decode("utf-8"), object_pairs_hook=_unique_keys)
    except _DuplicateKey as exc:
        raise ReleaseError(f"{label}: not a claimset claims.json (an object gives the key {str(exc)[:80]!r} twice)") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ReleaseError(f"{label}: not a claimset claims.json ({exc})") from None
    if not isinstance(whole, dict) or whole.get("name") != "claimset":
        raise ReleaseError(f"{label}: not a claimset claims.json (no \"name\": \"claimset\")")
    release = whole.get("version")
    if not isinstance(release, str) or version_key(release) is None:
        raise ReleaseError(f"{label}: not a claimset claims.json (its \"version\" {release!r} is not a version number)")
    installed = version_key(__version__)
    newer = installed is not None and version_key(release) > installed  # type: ignore[operator]
    try:
        return _records(whole, label, release, loaded_from=loaded_from)
    except ReleaseError as exc:
        if newer:
            raise _NewerRelease(release, str(exc).removeprefix(f"{label}: ")) from None
        raise


class _NewerRelease(Exception):
    def __init__(self, release: str, cause: str):
        super().__init__(release)
        self.release, self.cause = release, cause


def _records(whole: dict[str, Any], label: str, release: str, *, loaded_from: Optional[str]) -> "Dataset":
    from pydantic import ValidationError

    from .dataset import Dataset
    from .models import Actor, Claim, Document, RetiredClaim

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


def version_key(version: str) -> Optional[Version]:
    """The version as PEP 440 orders it (1.0.dev1 < 1.0a1 < 1.0 < 1.0.post1 < 1.0.1), or None if it is not one."""
    try:
        return Version(version)
    except InvalidVersion:
        return None


def _check_quote(label: str, where: str, text: str, quote: Any) -> None:
    found = text[quote.start : quote.end]
    if found != quote.text:
        raise ReleaseError(
            f"{label}: {where}: the quote {quote.text!r} is not the text at {quote.start}:{quote.end}, which reads {found!r}"
        )
