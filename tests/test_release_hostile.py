"""load() on a release made or served by an attacker: every failure is a ReleaseError, in bounded time and memory.

The servers listen on 127.0.0.1 only; each test's download deadline is lowered
(to 10 s, and to 1 s for the test of the deadline itself, so that a busy machine
does not turn another refusal into a timeout), and every slow handler stops on
its own, so no test can wait for long.
"""

from __future__ import annotations

import functools
import hashlib
import http.server
import os
import shutil
import threading
import time
import urllib.request
from pathlib import Path
from typing import Callable, ClassVar, Optional

import pytest

import claimset
from claimset import release as release_module
from claimset.release import ReleaseError

# A download in these tests may take this long; a server that would keep it going longer must be cut off.
DEADLINE = 1.0  # the deadline test's
SERVED_DEADLINE = 10.0  # every other test's: ample on a busy machine, short if a refusal fails to happen


@pytest.fixture
def copy(release, tmp_path) -> Path:
    target = tmp_path / "copy"
    shutil.copytree(release, target)
    return target


def _resum(directory: Path) -> None:
    """List claims.json's present bytes in the directory's SHA256SUMS, as a forger would."""
    sums = directory / "SHA256SUMS"
    digest = hashlib.sha256((directory / "claims.json").read_bytes()).hexdigest()
    lines = [f"{digest}  claims.json" if line.endswith("  claims.json") else line
             for line in sums.read_text(encoding="utf-8").splitlines()]
    sums.write_text("\n".join(lines) + "\n", encoding="utf-8")


# --- servers --------------------------------------------------------------------


class _Handler(http.server.SimpleHTTPRequestHandler):
    """Serves a directory, except the paths a test gives a behaviour of its own."""

    routes: ClassVar[dict[str, Callable[["_Handler"], None]]] = {}
    stop: ClassVar[threading.Event]

    def do_GET(self) -> None:  # noqa: N802 (http.server's name)
        route = self.routes.get(self.path)
        if route is None:
            super().do_GET()
            return
        try:
            route(self)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up, as it should

    def log_message(self, *args) -> None:
        pass


class _Server:
    def __init__(self, root: Path):
        self.root = root
        self.stop = threading.Event()
        handler = type("Handler", (_Handler,), {"routes": {}, "stop": self.stop})
        self.routes = handler.routes
        self._server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(root)))
        self.port = self._server.server_address[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        self._thread.start()

    def close(self) -> None:
        self.stop.set()
        self._server.shutdown()
        self._server.server_close()


@pytest.fixture
def servers(release, tmp_path, monkeypatch):
    """Start servers on 127.0.0.1, each serving a copy of the release at /v1/; all are shut down after the test."""
    pytest.importorskip("pooch")
    monkeypatch.setenv("CLAIMSET_CACHE", str(tmp_path / "cache"))
    monkeypatch.setattr(release_module, "DOWNLOAD_SECONDS", SERVED_DEADLINE, raising=False)
    started: list[_Server] = []

    def start() -> _Server:
        root = tmp_path / f"www{len(started)}"
        shutil.copytree(release, root / "v1")
        started.append(_Server(root))
        return started[-1]

    yield start
    for server in started:
        server.close()


def redirect(location: str, code: int = 302, *, unless_host: Optional[str] = None) -> Callable[[_Handler], None]:
    """Redirect to ``location``; asked under the host name ``unless_host``, serve the file instead."""

    def handle(handler: _Handler) -> None:
        if unless_host is not None and handler.headers.get("Host", "").split(":")[0] == unless_host:
            http.server.SimpleHTTPRequestHandler.do_GET(handler)
            return
        handler.send_response(code)
        handler.send_header("Location", location)
        handler.send_header("Content-Length", "0")
        handler.end_headers()

    return handle


def trickle(data: bytes, *, headers_too: bool = False, every: float = 0.1, at_most: float = 5.0) -> Callable[[_Handler], None]:
    """Send ``data`` a byte at a time, ``every`` seconds, for ``at_most`` seconds in all (then stop, sent or not)."""

    def handle(handler: _Handler) -> None:
        head = b"HTTP/1.0 200 OK\r\nContent-Length: %d\r\n\r\n" % len(data)
        if not headers_too:
            handler.wfile.write(head)
            handler.wfile.flush()
            head = b""
        until = time.monotonic() + at_most
        for byte in head + data:
            if handler.stop.is_set() or time.monotonic() > until:
                break
            handler.wfile.write(bytes([byte]))
            handler.wfile.flush()
            time.sleep(every)
        handler.close_connection = True

    return handle


def endless(line: bytes, total: int) -> Callable[[_Handler], None]:
    """Send ``line`` over and over, ``total`` bytes, with no Content-Length (the end is the connection's)."""

    def handle(handler: _Handler) -> None:
        handler.wfile.write(b"HTTP/1.0 200 OK\r\n\r\n")
        sent = 0
        while sent < total and not handler.stop.is_set():
            handler.wfile.write(line * 1024)
            sent += len(line) * 1024
        handler.close_connection = True

    return handle


# --- redirects ------------------------------------------------------------------


@pytest.mark.parametrize("file", ["SHA256SUMS", "claims.json"])
def test_a_redirect_to_another_port_is_refused(servers, file):
    first, other = servers(), servers()
    first.routes[f"/v1/{file}"] = redirect(f"{other.url}/v1/{file}")
    with pytest.raises(ReleaseError) as caught:
        claimset.load(f"{first.url}/v1/")
    assert str(caught.value).startswith(f"{first.url}/v1/{file}: refused: the server redirects to another port")


def test_a_redirect_to_another_host_is_refused(servers):
    server = servers()
    # localhost is this same server under another name, which serves the file: followed, the load would succeed.
    server.routes["/v1/SHA256SUMS"] = redirect(f"http://localhost:{server.port}/v1/SHA256SUMS", unless_host="localhost")
    with pytest.raises(ReleaseError, match=r"/v1/SHA256SUMS: refused: the server redirects to another host \('http://localhost:"):
        claimset.load(f"{server.url}/v1/")


def test_a_redirect_on_the_same_server_is_followed(servers, release):
    server = servers()
    server.routes["/old/SHA256SUMS"] = redirect("/v1/SHA256SUMS", 301)
    server.routes["/old/claims.json"] = redirect(f"{server.url}/v1/claims.json", 307)
    assert len(claimset.load(f"{server.url}/old/").claims) == len(claimset.load(release).claims)


@pytest.mark.parametrize(("old", "new", "refused"), [
    ("https://example.org/v1/claims.json", "http://example.org/v1/claims.json", "from https to http"),
    ("http://example.org/v1/claims.json", "https://example.org/v1/claims.json", "from http to https"),
    ("https://example.org/v1/claims.json", "https://example.net/v1/claims.json", "to another host"),
    ("https://example.org/v1/claims.json", "https://example.org:8443/v1/claims.json", "to another port"),
    ("https://example.org/v1/claims.json", "file:///etc/passwd", "from https to file"),
    ("https://example.org/v1/claims.json", "https://EXAMPLE.org:443/v2/claims.json", None),
    ("http://example.org:80/v1/claims.json", "http://example.org/v1/", None),
])
def test_the_redirect_handler_keeps_to_the_scheme_host_and_port(old, new, refused):
    handler = release_module._handlers().redirects()
    request = urllib.request.Request(old)
    if refused is None:
        assert handler.redirect_request(request, _Closable(), 302, "Found", {}, new).full_url == new
        return
    body = _Closable()
    with pytest.raises(ReleaseError) as caught:
        handler.redirect_request(request, body, 302, "Found", {}, new)
    assert str(caught.value).startswith(f"{old}: refused: the server redirects {refused} ({new!r})")
    assert body.closed


class _Closable:
    closed = False

    def close(self) -> None:
        self.closed = True


# --- size and time ----------------------------------------------------------------


def test_a_download_larger_than_its_cap_is_refused(servers, monkeypatch, tmp_path):
    server = servers()
    monkeypatch.setattr(release_module, "MAX_CLAIMS_BYTES", 1000, raising=False)
    with pytest.raises(ReleaseError, match=r"/v1/claims\.json: refused: larger than the 1000 bytes"):
        claimset.load(f"{server.url}/v1/")
    assert not any((tmp_path / "cache").glob("*claims.json")), "nothing of a refused download is kept"


def test_a_sha256sums_download_with_no_end_is_cut_at_its_cap(servers):
    server = servers()
    line = b"0" * 64 + b"  claims.json\n"
    server.routes["/v1/SHA256SUMS"] = endless(line, 4 * 2**20)  # no Content-Length to refuse it by
    with pytest.raises(ReleaseError, match=r"/v1/SHA256SUMS: refused: larger than the 1048576 bytes"):
        claimset.load(f"{server.url}/v1/")


@pytest.mark.parametrize("file", ["SHA256SUMS", "claims.json"])
@pytest.mark.parametrize("headers_too", [False, True], ids=["body", "headers"])
def test_a_server_that_trickles_is_cut_off_at_the_deadline(servers, release, file, headers_too, monkeypatch):
    monkeypatch.setattr(release_module, "DOWNLOAD_SECONDS", DEADLINE, raising=False)
    server = servers()
    server.routes[f"/v1/{file}"] = trickle((release / file).read_bytes()[:200], headers_too=headers_too)
    started = time.monotonic()
    with pytest.raises(ReleaseError, match=rf"/v1/{file}: refused: not downloaded within {DEADLINE:g} s"):
        claimset.load(f"{server.url}/v1/")
    assert time.monotonic() - started < DEADLINE + 1.5


def test_the_deadline_is_sixty_seconds_for_each_download():
    assert release_module.DOWNLOAD_SECONDS == 60


# --- JSON ---------------------------------------------------------------------------


def test_a_key_given_twice_is_refused(copy):
    path = copy / "claims.json"
    text = path.read_text(encoding="utf-8")
    # Read as json.loads reads it, the second "claims" (the release's own) would replace the first unseen.
    path.write_text('{"claims": [],' + text.lstrip()[1:], encoding="utf-8")
    _resum(copy)
    with pytest.raises(ReleaseError) as caught:
        claimset.load(copy)
    assert str(caught.value) == f"{path}: not a claimset claims.json (an object gives the key 'claims' twice)"


def test_deeply_nested_json_is_refused(copy):
    path = copy / "claims.json"
    path.write_text('{"name": "claimset", "version": "0.1.0", "documents": ' + "[" * 100_000 + "]" * 100_000 + "}")
    _resum(copy)
    with pytest.raises(ReleaseError) as caught:
        claimset.load(copy)
    assert str(caught.value) == f"{path}: not a claimset claims.json (nested too deeply to read)"


def test_a_number_too_long_to_convert_is_refused(copy):
    path = copy / "claims.json"
    path.write_text('{"name": "claimset", "version": "' + "1" * 5000 + '"}')
    _resum(copy)
    with pytest.raises(ReleaseError, match=r"claims\.json: not a claimset claims\.json \(Exceeds the limit"):
        claimset.load(copy)


# --- SHA256SUMS on disk -------------------------------------------------------------


@pytest.mark.parametrize("target", ["directory", "claims.json"])
def test_a_release_without_sha256sums_is_refused_unless_verify_is_false(copy, target):
    (copy / "SHA256SUMS").unlink()
    path = copy if target == "directory" else copy / "claims.json"
    with pytest.raises(ReleaseError) as caught:
        claimset.load(path)
    assert str(caught.value) == (
        f"{copy}: no SHA256SUMS beside claims.json, so the release cannot be verified; load a release with the "
        f"SHA256SUMS it was published with, or, knowing it is unverified, with claimset.load({str(path)!r}, verify=False)"
    )
    assert claimset.load(path, verify=False).loaded_from == str(path)


def test_verify_false_reads_no_sha256sums(copy):
    (copy / "SHA256SUMS").write_text("not checksums\n")
    with pytest.raises(ReleaseError, match="not a `sha256sum` line"):
        claimset.load(copy)
    assert len(claimset.load(copy, verify=False).claims) > 0


def test_a_cached_copy_is_verified_against_the_hash_in_its_name(release, tmp_path):
    digest = hashlib.sha256((release / "claims.json").read_bytes()).hexdigest()
    cached = tmp_path / f"{digest}-claims.json"
    cached.write_bytes((release / "claims.json").read_bytes().replace("около 5 тыс.".encode(), "около 6 тыс.".encode(), 1))
    with pytest.raises(ReleaseError, match=rf"refused: its SHA-256 is [0-9a-f]{{64}}, but its file name .* lists {digest}"):
        claimset.load(cached)


def test_a_sha256sums_larger_than_its_cap_is_refused(copy):
    sums = copy / "SHA256SUMS"
    # Well-formed lines naming files that are not there: all but the size would load.
    padding = "".join(f"{i:064x}  padding/{i}.txt\n" for i in range(2**20 // 80 + 1))
    sums.write_text(sums.read_text(encoding="utf-8") + padding, encoding="utf-8")
    size = sums.stat().st_size
    with pytest.raises(ReleaseError) as caught:
        claimset.load(copy)
    assert str(caught.value) == f"{sums}: refused: it is {size} bytes, more than the 1048576 a release's SHA256SUMS may be"


def test_a_path_listed_twice_in_sha256sums_is_refused(copy):
    sums = copy / "SHA256SUMS"
    first = sums.read_text(encoding="utf-8").splitlines()[0]
    sums.write_text(f"{'0' * 64}  {first.split('  ', 1)[1]}\n" + sums.read_text(encoding="utf-8"), encoding="utf-8")
    with pytest.raises(ReleaseError, match=r"SHA256SUMS:2: '[^']+' is listed twice"):
        claimset.load(copy)


def test_a_claims_json_larger_than_its_cap_is_refused(copy, monkeypatch):
    monkeypatch.setattr(release_module, "MAX_CLAIMS_BYTES", 1000, raising=False)
    size = (copy / "claims.json").stat().st_size
    with pytest.raises(ReleaseError) as caught:
        claimset.load(copy)
    assert str(caught.value) == (
        f"{copy / 'claims.json'}: refused: it is {size} bytes, more than the 1000 a release's claims.json may be"
    )


# --- files that are not regular files inside the release ------------------------------


def _first_text(copy: Path) -> Path:
    return sorted((copy / "texts").iterdir())[0]


def _link_outside(copy: Path, rel: str) -> Optional[str]:
    """Move ``rel`` out of the release and link it back: the same bytes, from outside."""
    outside = copy.parent / "outside" / rel
    outside.parent.mkdir(parents=True, exist_ok=True)
    shutil.move(str(copy / rel), str(outside))
    (copy / rel).symlink_to(outside)
    return rel


def _link_to_dev_zero(copy: Path, rel: str) -> str:
    (copy / rel).unlink()
    (copy / rel).symlink_to("/dev/zero")
    return rel


def _fifo(copy: Path, rel: str) -> str:
    (copy / rel).unlink()
    os.mkfifo(copy / rel)
    return rel


UNSAFE = {
    "claims.json linked from outside": (lambda c: _link_outside(c, "claims.json"), "is a symbolic link"),
    "claims.json linked to /dev/zero": (lambda c: _link_to_dev_zero(c, "claims.json"), "is a symbolic link"),
    "SHA256SUMS linked to /dev/zero": (lambda c: _link_to_dev_zero(c, "SHA256SUMS"), "is a symbolic link"),
    "SHA256SUMS a FIFO": (lambda c: _fifo(c, "SHA256SUMS"), "is a FIFO"),
    "a text linked to /dev/zero": (lambda c: _link_to_dev_zero(c, _first_text(c).relative_to(c).as_posix()), "is a symbolic link"),
    "a text linked from outside": (lambda c: _link_outside(c, _first_text(c).relative_to(c).as_posix()), "is a symbolic link"),
    "texts/ linked from outside": (lambda c: _link_outside(c, "texts"), "is a symbolic link; only real directories"),
}


@pytest.mark.parametrize("case", sorted(UNSAFE))
def test_a_release_file_that_is_not_a_regular_file_inside_it_is_refused(copy, case):
    make, why = UNSAFE[case]
    rel = make(copy)
    with pytest.raises(ReleaseError) as caught:
        claimset.load(copy)
    assert str(caught.value).startswith(f"{copy / rel}: refused: it {why}")


def test_an_https_download_fails_as_a_release_error(servers):
    # No TLS here: the server answers a TLS greeting in plain HTTP, which the https connection refuses.
    server = servers()
    with pytest.raises(ReleaseError, match=r"^https://127\.0\.0\.1:\d+/v1/SHA256SUMS: cannot download \((SSL|ssl)"):
        claimset.load(f"https://127.0.0.1:{server.port}/v1/")


@pytest.mark.parametrize("make", ["a symbolic link loop", "a NUL byte", "a name too long"])
def test_a_path_that_cannot_be_looked_at_is_dataset_not_found(tmp_path, make):
    if make == "a symbolic link loop":
        (tmp_path / "a").symlink_to(tmp_path / "b")
        (tmp_path / "b").symlink_to(tmp_path / "a")
        path = str(tmp_path / "a")
    else:
        path = str(tmp_path / ("x\0y" if make == "a NUL byte" else "x" * 5000))
    with pytest.raises(claimset.DatasetNotFound, match=r": cannot be read as a path \("):
        claimset.load(path)
