"""Files from strangers: read and write only regular files inside a root, capped in size.

`claimset validate` runs on pull requests, in CI jobs that may hold tokens, and
on other people's repositories through the action and the hooks. A pull request
can add a symbolic link (git stores them), and its target could be the CI
machine's `.git/config`, `/proc/self/environ` or `/dev/zero`. So every file
under `claims/`, `seeds/`, `releases/` and a release directory is opened here:

- it must be a regular file, reached from the root through real directories
  (no symbolic link anywhere below the root, no device, FIFO or socket), and
  it is opened with O_NOFOLLOW, so a link swapped in after the check is refused
  by the kernel;
- it must be at most `MAX_BYTES` long: reading stops there, so a file that
  grows while it is read cannot exhaust memory either.

Nothing is read from a refused file, so nothing of it can be echoed. Writes go
through `write_atomic`: a temporary file created exclusively (mkstemp) in the
destination's own folder, then renamed over the destination, which replaces a
symbolic link there instead of writing through it.
"""

from __future__ import annotations

import itertools
import os
import stat
import tempfile
from pathlib import Path
from typing import Iterator, Optional

# Far above any news text or claims file (the largest today is under 100 KB).
MAX_BYTES = 16 * 2**20
# Far above any folder of the data (claims/actors/ holds one file per actor): a
# folder of more entries is refused before any of them is read.
MAX_ENTRIES = 100_000


class UnsafeFile(Exception):
    """A path that is not a regular file inside the root, or too large; ``rel`` names it, ``why`` says what it is."""

    def __init__(self, rel: str, why: str):
        super().__init__(f"{rel}: {why}")
        self.rel = rel
        self.why = why


class TooManyEntries(UnsafeFile):
    """A real directory inside the root holding more than `MAX_ENTRIES` entries."""


def _rel(root: Path, path: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def _kind(mode: int) -> str:
    if stat.S_ISLNK(mode):
        return "a symbolic link"
    if stat.S_ISDIR(mode):
        return "a directory"
    if stat.S_ISFIFO(mode):
        return "a FIFO"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "not a regular file"


def check_path(root: Path, path: Path, *, directory: bool = False) -> None:
    """Refuse ``path`` unless every part of it below ``root`` is a real directory and it is a regular file (or directory).

    Raises `UnsafeFile`, and FileNotFoundError when it does not exist.
    """
    rel = _rel(root, path)
    try:
        parts = path.relative_to(root).parts
    except ValueError:
        raise UnsafeFile(rel, "is outside the root") from None
    if ".." in parts:
        raise UnsafeFile(rel, "leads out of the root (..)")
    current = root
    for i, part in enumerate(parts):
        current = current / part
        mode = os.lstat(current).st_mode
        last = i == len(parts) - 1
        if last and not directory:
            if not stat.S_ISREG(mode):
                raise UnsafeFile(rel, f"is {_kind(mode)}; only regular files are read")
        elif not stat.S_ISDIR(mode):
            what = _kind(mode) if stat.S_ISLNK(mode) else "not a directory"
            raise UnsafeFile(_rel(root, current), f"is {what}; only real directories are read")


def read_bytes(root: Path, path: Path, limit: int = MAX_BYTES) -> bytes:
    """The bytes of the regular file ``path`` inside ``root``; `UnsafeFile` for anything else or anything larger."""
    check_path(root, path)
    rel = _rel(root, path)
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        if exc.errno == getattr(os, "ELOOP", None) or exc.errno == 40:
            raise UnsafeFile(rel, "is a symbolic link; only regular files are read") from None
        raise
    with os.fdopen(fd, "rb") as file:
        mode = os.fstat(file.fileno()).st_mode
        if not stat.S_ISREG(mode):  # swapped between the check and the open
            raise UnsafeFile(rel, f"is {_kind(mode)}; only regular files are read")
        data = file.read(limit + 1)
    if len(data) > limit:
        raise UnsafeFile(rel, f"is larger than {limit} bytes; no source file is that large")
    return data


def entries(root: Path, directory: Path, limit: Optional[int] = None) -> Iterator[Path]:
    """The entries of the real directory ``directory`` inside ``root``, in name order (each still to be checked).

    At most ``limit`` (default `MAX_ENTRIES`) of them: a directory holding more is
    refused with `TooManyEntries`, after listing no more than one entry past the limit.
    """
    limit = MAX_ENTRIES if limit is None else limit
    check_path(root, directory, directory=True)
    with os.scandir(directory) as listing:
        names = [entry.name for entry in itertools.islice(listing, limit + 1)]
    if len(names) > limit:
        raise TooManyEntries(_rel(root, directory), f"holds more than {limit} entries; no folder of the data is that large")
    yield from sorted(directory / name for name in names)


def write_atomic(root: Path, path: Path, data: bytes) -> None:
    """Replace ``path`` (inside ``root``, in a real directory) with ``data``: all of it, or nothing.

    The temporary file is created exclusively in the same folder, so no file
    planted under a fixed name can be written through, and the rename replaces
    a symbolic link at ``path`` instead of following it.
    """
    if path.parent != root:
        check_path(root, path.parent, directory=True)
    descriptor, staging = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(descriptor, "wb") as out:
            out.write(data)
        os.replace(staging, path)
    except BaseException:
        try:
            os.unlink(staging)
        except OSError:
            pass
        raise
