"""Which characters a text field or a seed may hold: the one place the Unicode policy is written.

Text is kept exactly as written (no normalisation), so what a reviewer sees
must be all there is. Refused, in every string field of every record:

- control characters (Unicode category Cc) except LINE FEED: TAB, CR, NUL,
  DEL, the C1 controls (NEXT LINE …);
- format characters (Cf) that are invisible or reorder text: bidirectional
  embeddings, overrides, isolates and marks, ZERO WIDTH SPACE, WORD JOINER
  and the invisible operators, the byte-order mark, SOFT HYPHEN, interlinear
  annotation marks, tag characters and the other Cf characters of Unicode
  15.1 — except ZERO WIDTH NON-JOINER and ZERO WIDTH JOINER, which some
  scripts (Persian, the Indic scripts) need to be spelt correctly and emoji
  sequences need, and which neither hide nor reorder text;
- LINE SEPARATOR and PARAGRAPH SEPARATOR (a line break is a LINE FEED);
- surrogates (no UTF-8 file can hold one) and the 66 noncharacters.

The set is written out rather than read from `unicodedata`, whose categories
change with each Python's Unicode version: the same record is valid on every
supported Python. Everything else, including NO-BREAK SPACE and the other
spaces, private-use and not yet assigned code points, is allowed.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import TYPE_CHECKING, Optional

from pydantic_core import PydanticCustomError

if TYPE_CHECKING:
    from pydantic_core.core_schema import ValidationInfo

# (first, last) code points, inclusive.
FORBIDDEN_RANGES: tuple[tuple[int, int], ...] = (
    # Control characters (Cc) but LINE FEED (U+000A).
    (0x0000, 0x0009), (0x000B, 0x001F), (0x007F, 0x009F),
    # Format characters (Cf, Unicode 15.1) but ZWNJ and ZWJ (U+200C, U+200D).
    (0x00AD, 0x00AD), (0x0600, 0x0605), (0x061C, 0x061C), (0x06DD, 0x06DD), (0x070F, 0x070F),
    (0x0890, 0x0891), (0x08E2, 0x08E2), (0x180E, 0x180E), (0x200B, 0x200B), (0x200E, 0x200F),
    (0x202A, 0x202E), (0x2060, 0x2064), (0x2066, 0x206F), (0xFEFF, 0xFEFF), (0xFFF9, 0xFFFB),
    (0x110BD, 0x110BD), (0x110CD, 0x110CD), (0x13430, 0x1343F), (0x1BCA0, 0x1BCA3),
    (0x1D173, 0x1D17A), (0xE0001, 0xE0001), (0xE0020, 0xE007F),
    # LINE SEPARATOR, PARAGRAPH SEPARATOR.
    (0x2028, 0x2029),
    # Surrogates.
    (0xD800, 0xDFFF),
    # Noncharacters: U+FDD0..U+FDEF and the last two code points of every plane.
    (0xFDD0, 0xFDEF),
    *((plane + 0xFFFE, plane + 0xFFFF) for plane in range(0, 0x110000, 0x10000)),
)

_FORBIDDEN = re.compile(
    "[" + "".join(f"\\U{first:08x}-\\U{last:08x}" for first, last in FORBIDDEN_RANGES) + "]"
)

# Control characters have no Unicode name, only aliases (NameAliases.txt).
_CONTROL_NAMES = {
    **dict(enumerate((
        "NULL", "START OF HEADING", "START OF TEXT", "END OF TEXT", "END OF TRANSMISSION", "ENQUIRY",
        "ACKNOWLEDGE", "ALERT", "BACKSPACE", "CHARACTER TABULATION", "LINE FEED", "LINE TABULATION",
        "FORM FEED", "CARRIAGE RETURN", "SHIFT OUT", "SHIFT IN", "DATA LINK ESCAPE", "DEVICE CONTROL ONE",
        "DEVICE CONTROL TWO", "DEVICE CONTROL THREE", "DEVICE CONTROL FOUR", "NEGATIVE ACKNOWLEDGE",
        "SYNCHRONOUS IDLE", "END OF TRANSMISSION BLOCK", "CANCEL", "END OF MEDIUM", "SUBSTITUTE", "ESCAPE",
        "INFORMATION SEPARATOR FOUR", "INFORMATION SEPARATOR THREE", "INFORMATION SEPARATOR TWO",
        "INFORMATION SEPARATOR ONE",
    ))),
    0x7F: "DELETE",
    0x85: "NEXT LINE",
}


def describe(char: str) -> str:
    """`U+202E RIGHT-TO-LEFT OVERRIDE`: the code point and its name (or what kind of code point it is)."""
    code = ord(char)
    name = _CONTROL_NAMES.get(code) or unicodedata.name(char, "")
    if not name:
        if 0xD800 <= code <= 0xDFFF:
            name = "a surrogate"
        elif 0xFDD0 <= code <= 0xFDEF or code & 0xFFFE == 0xFFFE:
            name = "a noncharacter"
        else:
            name = "a control character" if 0x80 <= code <= 0x9F else "an unnamed format character"
        name = f"({name})"
    return f"U+{code:04X} {name}"


def first_forbidden(value: str) -> int | None:
    """The index of the first refused character in ``value``, or None."""
    # Every refused character is one Python calls unprintable (a control, format,
    # line or paragraph separator, surrogate or unassigned code point), so text
    # that is printable but for line feeds and no-break spaces is clean: a test
    # holds the two definitions together. str.isprintable runs far faster than
    # the search.
    if value.isprintable() or value.replace("\n", "").replace("\u00a0", "").isprintable():
        return None
    found = _FORBIDDEN.search(value)
    return found.start() if found else None


# The validation context under which strings were already checked wholesale:
# the reader scans each file's text once (`claimset.yamlio`), and a record
# from a file found clean is validated with this context set, sparing a
# search per string field.
ALREADY_CHECKED = "text-policy-checked"


def check(value: object, info: Optional[ValidationInfo] = None) -> object:
    """Refuse a string holding a character the policy forbids; other values pass through."""
    if not isinstance(value, str) or (info is not None and info.context and info.context.get(ALREADY_CHECKED)):
        return value
    at = first_forbidden(value)
    if at is None:
        return value
    raise PydanticCustomError(
        "forbidden_character",
        "{message}",
        {
            "message": (
                f"{describe(value[at])} at position {at} (from 0) is not allowed: text holds no control "
                "characters but the line feed, and no invisible or bidirectional formatting characters, "
                "which can hide or reorder what a reviewer reads (README: Unicode policy)"
            )
        },
    )


# --- seeds --------------------------------------------------------------------
#
# A seed is the publisher's text, kept byte for byte, and every quote is a
# slice of it; a quote may hold nothing the policy refuses, so neither may a
# seed, or the passage around such a character could never be quoted. The one
# exception is the carriage return of a CRLF line end: a line end is how the
# file was saved, not text of the article, and a quote stays within a line.
# A byte-order mark is an encoding artefact, refused as such.

BOM = "\ufeff"


@dataclass
class SeedFault(Exception):
    """Why a seed's bytes cannot be a source text: a stable code, a message, and the 1-based line and column."""

    code: str  # seed-encoding or seed-character
    message: str
    line: int
    col: int

    def __str__(self) -> str:
        return self.message


def decode_seed(raw: bytes) -> str:
    """The seed's text; raises `SeedFault` (seed-encoding) for bytes that are not UTF-8 or begin with a BOM."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise SeedFault(
            "seed-encoding",
            f"byte {exc.start} (0x{raw[exc.start]:02X}) is not UTF-8: seeds are UTF-8 text; convert the file "
            "(e.g. `iconv -f CP1251 -t UTF-8`), changing nothing else",
            *byte_line_col(raw, exc.start),
        ) from None
    if text.startswith(BOM):
        raise SeedFault(
            "seed-encoding",
            f"{describe(BOM)}: the file starts with a byte-order mark, an encoding artefact that is no part of "
            "the text; save it as UTF-8 without BOM (remove the first 3 bytes, EF BB BF)",
            1, 1,
        )
    return text


def byte_line_col(raw: bytes, at: int) -> tuple[int, int]:
    """The 1-based line and column of byte ``at`` of UTF-8 bytes valid before it; the column counts characters."""
    line_start = raw.rfind(b"\n", 0, at) + 1
    return raw.count(b"\n", 0, at) + 1, len(raw[line_start:at].decode("utf-8")) + 1


def seed_character(text: str) -> SeedFault | None:
    """The first character a seed may not hold (seed-character), with how many more there are; None if clean."""
    if first_forbidden(text) is None:
        return None
    found = [m.start() for m in _FORBIDDEN.finditer(text) if not _crlf(text, m.start())]
    if not found:
        return None
    at = found[0]
    line_start = text.rfind("\n", 0, at) + 1
    more = f" (and {len(found) - 1} more refused character(s) after it)" if len(found) > 1 else ""
    return SeedFault(
        "seed-character",
        f"{describe(text[at])} at offset {at}{more}: a quote may not hold it (README: Unicode policy), so no "
        "passage around it could ever be quoted; a source text holds only what a quote may hold (line ends "
        "may be CRLF). Prepare the received text without such characters, changing nothing else, add it "
        "anew (`claimset new`) and say in the document's note what was removed",
        text.count("\n", 0, at) + 1, at - line_start + 1,
    )


def _crlf(text: str, at: int) -> bool:
    return text[at] == "\r" and text[at + 1:at + 2] == "\n"
