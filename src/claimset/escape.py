"""Text from the data made inert for where it is printed: a terminal or CI log, or Markdown.

A file name, key or value comes from a pull request or a release, so it may
hold a line break that starts a GitHub workflow command (`::error`,
`::stop-commands`), or Markdown that makes a heading, a link, an image or an
@mention in release notes. These functions show such text as what it is.
"""

from __future__ import annotations

import re

# C0, DEL and C1 controls, and the line and paragraph separators: each can end a line somewhere;
# and the bidirectional formatting characters, which make a printed name read otherwise than it is
# (a file "x\u202egnp.yaml" shows as "xlmay.png").
CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escaped(match: re.Match) -> str:
    char = match.group()
    return _NAMED.get(char) or (f"\\x{ord(char):02x}" if ord(char) < 0x100 else f"\\u{ord(char):04x}")


def controls(text: str) -> str:
    """``text`` on one line: each control character and line separator written as an escape (`\\n`, `\\x1b`, `\\u2028`)."""
    return CONTROL.sub(_escaped, text)


# Every ASCII punctuation character Markdown (CommonMark, GitHub) can give a meaning to;
# a backslash before any of them makes it literal. `@` is not escaped but broken from the
# name after it: GitHub notifies a user named after `\@` too.
_MARKDOWN = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~:&=$^\"'])")
_SPACES = re.compile(r"\s+")


def markdown(text: str) -> str:
    """``text`` as literal Markdown on one line: punctuation escaped, no @mention, no HTML, line breaks as spaces."""
    one_line = _SPACES.sub(" ", CONTROL.sub(" ", text)).strip()
    return _MARKDOWN.sub(r"\\\1", one_line).replace("@", "@\u200d")


def markdown_code(text: str) -> str:
    """``text`` as a Markdown code span on one line, fenced with more backticks than it holds in a row."""
    text = controls(text)
    longest = max((len(run) for run in re.findall("`+", text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"
