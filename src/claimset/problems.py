"""Problems found in the data: one object each, rendered for people, GitHub or programs."""

from __future__ import annotations

import difflib
import json
import os
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Iterable, Optional

from .escape import controls

ERROR = "error"
# Something a person should look at that does not make the data invalid: `validate` lists it and still exits 0.
WARNING = "warning"


class UsageError(Exception):
    """The command cannot run: a missing directory, an unreadable file (exit code 2, not a data problem)."""


class DatasetNotFound(UsageError, FileNotFoundError):
    """`load()` found no dataset there: no such file or directory, or one that is neither a checkout nor a release."""

    def __init__(self, message: str):
        # The message alone, as str() shows it; FileNotFoundError's (errno, strerror) form would prefix a number.
        Exception.__init__(self, message)

    def __str__(self) -> str:
        return str(self.args[0])


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with the data, with where it is and what to do."""

    file: str
    line: int
    col: int
    code: str
    field: str
    message: str
    severity: str = ERROR

    def text(self) -> str:
        # One line, whatever a file name, key or quoted text holds: a line break in it would
        # start a line of its own, which CI reads as a workflow command (`::error`).
        field = f" {controls(self.field)}:" if self.field else ""
        prefix = "warning: " if self.severity == WARNING else ""
        return f"{prefix}{controls(self.file)}:{self.line}:{self.col}: {self.code}:{field} {controls(self.message)}"

    def github(self) -> str:
        # Workflow commands end at a newline; %, CR and LF must be escaped. The file keeps its
        # exact name (GitHub decodes %0A), so the annotation lands on it; any other control
        # character, and every one in the message, is shown as an escape (`\x1b`, `\n`), as in text.
        def esc(value: str) -> str:
            return controls(value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A"))

        title = esc(self.code).replace(",", "%2C").replace(":", "%3A")
        field = f"{self.field}: " if self.field else ""
        command = "warning" if self.severity == WARNING else "error"
        return (
            f"::{command} file={esc(self.file).replace(',', '%2C').replace(':', '%3A')},"
            f"line={self.line},col={self.col},title={title}::{esc(controls(field + self.message))}"
        )


def ordered(problems: Iterable[Problem]) -> list[Problem]:
    """Without repeats, by place; problems at the same place keep the order they were found in."""
    return sorted(dict.fromkeys(problems), key=lambda p: (p.file, p.line, p.col))


def render(problems: list[Problem], fmt: str, root: Optional[Path] = None) -> str:
    """Render problems as `text`, `github` annotations or a `json` array.

    A warning is a line starting `warning:` in text, a `::warning` annotation in
    github; each json object has its `severity` (`error` or `warning`).

    `text` and the `file` of `json` are relative to ``root``, as the problems are.
    A program opens the file from where it runs, so `github` gives each file (and
    `json` gives each a `path`) relative to the current directory when ``root`` is
    inside it, and absolute otherwise: GitHub resolves an annotation's file from the
    working directory, not from `--root`.
    """
    if fmt == "json":
        return json.dumps(
            [{**asdict(p), "path": from_here(root, p.file)} for p in problems], ensure_ascii=False, indent=2
        )
    if fmt == "github":
        return "\n".join(replace(p, file=from_here(root, p.file)).github() for p in problems)
    return "\n".join(p.text() for p in problems)


def from_here(root: Optional[Path], file: str) -> str:
    """``file`` (relative to ``root``) as a path from the current directory, or absolute when ``root`` is outside it."""
    path = Path(file)
    if root is None or path.is_absolute():
        return file
    # Joined by name, never resolved: a file that is a symbolic link (refused, `unsafe-file`) is named as
    # the link it is, not as what it points to, and a link loop cannot stop the report.
    where = Path(os.path.normpath(os.path.abspath(Path(root) / path)))
    try:
        return where.relative_to(os.path.abspath(os.getcwd())).as_posix()
    except ValueError:
        return where.as_posix()


# difflib compares the name with every valid one in Python, which grows slow over thousands
# (1,000 unknown ids against 1,000 claims took 28 s). rapidfuzz's similarity (2·LCS / total length)
# is never below difflib's ratio (2·matches / total length, its matches a common subsequence), so
# the names rapidfuzz finds at the same cutoff include every one difflib would suggest; difflib
# then picks among the closest few of them, as it did among all.
SUGGESTION_CANDIDATES = 20


def suggest(name: str, valid: Iterable[str]) -> str:
    """`; did you mean 'x'?` for the closest valid name, or nothing."""
    from rapidfuzz import fuzz, process  # imported here so `import claimset` stays cheap

    choices = valid if isinstance(valid, (list, tuple)) else list(valid)  # a mapping: its keys
    candidates = process.extract(name, choices, scorer=fuzz.ratio, score_cutoff=59.9, limit=SUGGESTION_CANDIDATES)
    close = difflib.get_close_matches(name, [found[0] for found in candidates], n=1, cutoff=0.6)
    return f"; did you mean {close[0]!r}?" if close else ""
