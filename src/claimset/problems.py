"""Problems found in the data: one object each, rendered for people, GitHub or programs."""

from __future__ import annotations

import difflib
import json
from dataclasses import asdict, dataclass
from typing import Iterable


class UsageError(Exception):
    """The command cannot run: a missing directory, an unreadable file (exit code 2, not a data problem)."""


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with the data, with where it is and what to do."""

    file: str
    line: int
    col: int
    code: str
    field: str
    message: str

    def text(self) -> str:
        field = f" {self.field}:" if self.field else ""
        return f"{self.file}:{self.line}:{self.col}: {self.code}:{field} {self.message}"

    def github(self) -> str:
        # Workflow commands end at a newline; %, CR and LF must be escaped.
        def esc(value: str) -> str:
            return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")

        title = esc(self.code).replace(",", "%2C").replace(":", "%3A")
        field = f"{self.field}: " if self.field else ""
        return (
            f"::error file={esc(self.file).replace(',', '%2C').replace(':', '%3A')},"
            f"line={self.line},col={self.col},title={title}::{esc(field + self.message)}"
        )


def ordered(problems: Iterable[Problem]) -> list[Problem]:
    """Without repeats, by place; problems at the same place keep the order they were found in."""
    return sorted(dict.fromkeys(problems), key=lambda p: (p.file, p.line, p.col))


def render(problems: list[Problem], fmt: str) -> str:
    """Render problems as `text`, `github` annotations or a `json` array."""
    if fmt == "json":
        return json.dumps([asdict(p) for p in problems], ensure_ascii=False, indent=2)
    lines = [p.github() if fmt == "github" else p.text() for p in problems]
    return "\n".join(lines)


def suggest(name: str, valid: Iterable[str]) -> str:
    """`; did you mean 'x'?` for the closest valid name, or nothing."""
    close = difflib.get_close_matches(name, list(valid), n=1, cutoff=0.6)
    return f"; did you mean {close[0]!r}?" if close else ""
