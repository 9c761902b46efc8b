"""Where a quote's text is in its seed: placing quotes, and explaining a quote that is not there.

A record may give a quote as its text alone; `claimset fmt` finds the text in
the document's seed and writes `start` and `end`. Offsets that point elsewhere
are corrected when the text occurs once. When it occurs several times, the
contributor picks one by giving its `start`; when it occurs nowhere, the
nearest passage of the seed and what differs are shown (as `validate` does).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Any, Optional, Union

# How much of the seed is shown around an occurrence, and how many are listed.
CONTEXT = 20
MAX_LISTED = 10
# How many other places of a quote's text are named after the one meant, and how much of a text is echoed.
MAX_OTHERS = 5
MAX_ECHO = 200
# A quote longer than this is explained by the longest beginning the seed holds, not by the nearest passage.
LONG_QUOTE = 1000
# Below this similarity (0–100) the nearest passage is too unlike the quote to point at.
NEAREST_MIN_SCORE = 50


@dataclass(frozen=True)
class Placed:
    """The offsets the quote's text has in the seed, and the (wrong) ones it had, if any."""

    start: int
    end: int
    was: Optional[tuple[Any, Any]] = None


@dataclass(frozen=True)
class Unplaced:
    """Why the quote cannot be placed mechanically: `quote-ambiguous` or `quote-mismatch`."""

    code: str
    message: str


# A quote is placed when it occurs once and explained when it occurs more often; beyond this many
# places there is nothing more to say, so no text is searched further (a two-letter quote in a 4
# million-character seed would otherwise list 4 million places, once per claim).
FOUND_AT_MOST = 100
# A quote found nowhere is compared with every passage of its seed, which costs the seed's length times
# the quote's: a run does that for this many quotes, and says so for the rest.
NEAREST_SEARCHES = 20


@dataclass
class Budget:
    """How many more quotes found nowhere a run may search the seed's nearest passage for."""

    left: int = NEAREST_SEARCHES


def occurrences(text: str, needle: str, limit: int = FOUND_AT_MOST) -> list[int]:
    """The offsets at which ``needle`` starts in ``text``, overlapping ones included: the first ``limit`` of them."""
    found, at = [], text.find(needle)
    while at != -1 and len(found) < limit:
        found.append(at)
        at = text.find(needle, at + 1)
    return found


def _count(found: list[int]) -> str:
    """How many places ``found`` stands for: its length, or "at least" that when the search stopped there."""
    return f"at least {len(found)}" if len(found) >= FOUND_AT_MOST else str(len(found))


def _offset(value: Any) -> Optional[int]:
    # YAML booleans are ints to Python; neither they nor text are offsets.
    return value if isinstance(value, int) and not isinstance(value, bool) and value >= 0 else None


def place(seed: str, quote: Any, budget: Optional[Budget] = None) -> Union[Placed, Unplaced, None]:
    """Where the raw ``quote`` mapping belongs in ``seed``; None when it is exact or not a quote to place.

    A quote without usable text is left to the record's validation.
    """
    if not isinstance(quote, dict) or not isinstance(quote.get("text"), str) or not quote["text"].strip():
        return None
    text = quote["text"]
    start, end = _offset(quote.get("start")), _offset(quote.get("end"))
    given = (quote.get("start"), quote.get("end")) if "start" in quote or "end" in quote else None
    if start is not None and end is not None and seed[start:end] == text:
        return None
    if start is not None and seed[start:start + len(text)] == text:
        # A start alone picks one of several occurrences; only a wrong end is worth mentioning.
        return Placed(start, start + len(text), given if "end" in quote else None)
    found = occurrences(seed, text)
    if len(found) == 1:
        return Placed(found[0], found[0] + len(text), given)
    # A start that was given and is wrong: say so first, so the advice is not to give the start that is there.
    wrong = f"{not_at(seed, text, start)}; " if start is not None else ""
    if found and start is not None:
        return Unplaced("quote-ambiguous", wrong + elsewhere(seed, text, found, start))
    if found:
        return Unplaced("quote-ambiguous", ambiguous(seed, text, found))
    return Unplaced("quote-mismatch", wrong + nowhere(seed, text, budget))


def clip(text: str, limit: int = MAX_ECHO) -> str:
    """``text`` as echoed in a message: at most ``limit`` characters, then `…`."""
    return text if len(text) <= limit else text[:limit] + "…"


def not_at(seed: str, text: str, start: int) -> str:
    """What the seed holds at ``start``, where a quote said its text begins."""
    if start >= len(seed):
        return f"start {start} is past the end of the seed ({len(seed)} characters)"
    return f"the text at start {start} is {clip(seed[start:start + len(text)])!r}, not the quote"


def elsewhere(seed: str, text: str, found: list[int], start: int) -> str:
    """Where a quote's text occurs, when it occurs several times and not at the ``start`` given: nearest first."""
    nearest = min(found, key=lambda at: (abs(at - start), at))
    others = [at for at in found if at != nearest]
    line, col = line_col(seed, nearest)
    listed = ", ".join(map(str, others[:MAX_OTHERS])) + (", …" if len(others) > MAX_OTHERS else "")
    return (f"the quoted text occurs at start {nearest} (line {line}, col {col}: "
            f"{_excerpt(seed, nearest, nearest + len(text))!r}) and {_others(found)} other place(s): {listed}; "
            f"give `start: {nearest}` if that is the one you mean, or the start of another, "
            "then run `claimset fmt` again")


def _others(found: list[int]) -> str:
    """How many places there are besides one of ``found``."""
    return f"at least {len(found) - 1}" if len(found) >= FOUND_AT_MOST else str(len(found) - 1)


def line_col(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column (in code points) of ``offset`` in ``text``."""
    line_start = text.rfind("\n", 0, offset) + 1
    return text.count("\n", 0, offset) + 1, offset - line_start + 1


def _excerpt(seed: str, start: int, end: int) -> str:
    inner = seed[start:end]
    if len(inner) > 2 * CONTEXT:
        inner = f"{inner[:CONTEXT]}…{inner[-CONTEXT:]}"
    before, after = seed[max(0, start - CONTEXT):start], seed[end:end + CONTEXT]
    return f"{before}⟦{inner}⟧{after}".replace("\n", "⏎")


def ambiguous(seed: str, text: str, found: list[int]) -> str:
    """The message for a quote whose text occurs several times: each place, and how to choose."""
    listed = []
    for at in found[:MAX_LISTED]:
        line, col = line_col(seed, at)
        listed.append(f"start {at} (line {line}, col {col}: {_excerpt(seed, at, at + len(text))!r})")
    more = (f" and {'at least ' if len(found) >= FOUND_AT_MOST else ''}{len(found) - MAX_LISTED} more"
            if len(found) > MAX_LISTED else "")
    return (f"the quoted text occurs {_count(found)} times in the seed: {'; '.join(listed)}{more}; "
            "give the quote `start:` with the offset of the one you mean (or quote a longer, unique span), "
            "then run `claimset fmt` again")


def nowhere(seed: str, text: str, budget: Optional[Budget] = None) -> str:
    """The quoted text occurs nowhere: the seed's nearest passage and what differs from the quote.

    With a ``budget``, the nearest passage is searched only while it lasts (see `NEAREST_SEARCHES`).
    """
    from rapidfuzz import fuzz  # imported here so `import claimset` stays cheap

    if not seed.strip():
        return "the quoted text occurs nowhere in the seed, which is empty"
    if budget is not None:
        if budget.left <= 0:
            return (f"the quoted text occurs nowhere in the seed (its nearest passage is shown for the first "
                    f"{NEAREST_SEARCHES} such quotes of a run; fix those, and run again for this one)")
        budget.left -= 1
    if len(text) > LONG_QUOTE:
        return _long_nowhere(seed, text)
    best = fuzz.partial_ratio_alignment(text, seed)
    if best is None or best.score < NEAREST_MIN_SCORE:
        return ("the quoted text occurs nowhere in the seed, and no passage resembles it; "
                "is the claim in the right document's file?")
    start, end = _aligned(seed, text, best.dest_start, best.dest_end)
    line, col = line_col(seed, start)
    passage = seed[start:end]
    shown = passage if len(passage) <= 3 * CONTEXT else f"{passage[:CONTEXT]}…{passage[-CONTEXT:]}"
    return (f"the quoted text occurs nowhere in the seed; the nearest passage is at start={start}, end={end} "
            f"(line {line}, col {col}): {shown!r}; {differences(text, passage)}; copy the text from the seed")


def _long_nowhere(seed: str, text: str) -> str:
    """`nowhere` for a long quote, in time near linear: how much of its beginning the seed holds, and where it parts.

    The nearest-passage search compares every character of the quote with
    every one of its window, so for a long quote its time grows with the square.
    """
    low, high = 0, len(text)  # the longest prefix the seed holds: a prefix of one that occurs occurs too
    while low < high:
        mid = (low + high + 1) // 2
        if seed.find(text[:mid]) != -1:
            low = mid
        else:
            high = mid - 1
    if low < CONTEXT:
        return ("the quoted text occurs nowhere in the seed, and no passage begins as it does; "
                "is the claim in the right document's file?")
    at = seed.find(text[:low])
    line, col = line_col(seed, at + low)
    mine, theirs = text[low:low + 3], seed[at + low:at + low + 3]
    return (f"the quoted text occurs nowhere in the seed; its first {low} characters are the seed's at "
            f"start={at}, and then (line {line}, col {col}) the quote has {_show(mine, True)} where the seed has "
            f"{_show(theirs, True) if theirs else 'its end'}; copy the text from the seed")


def _aligned(seed: str, text: str, start: int, end: int) -> tuple[int, int]:
    """The passage the quote corresponds to, around rapidfuzz's window of the quote's length.

    The window is as long as the quote, so a dropped or added character would shift
    its end; widen it and keep what the quote's first and last matching blocks span.
    """
    pad = len(text) // 4 + 2
    low, high = max(0, start - pad), min(len(seed), end + pad)
    blocks = [b for b in SequenceMatcher(None, text, seed[low:high], autojunk=False).get_matching_blocks() if b.size]
    if not blocks:
        return start, end
    first, last = blocks[0], blocks[-1]
    begin = max(low, low + first.b - first.a)
    finish = min(high, low + last.b + last.size + (len(text) - last.a - last.size))
    return begin, finish


def _family(ch: str) -> str:
    """The first word of a character's Unicode name: its script for a letter (LATIN, CYRILLIC, GREEK), else DIGIT, …"""
    return unicodedata.name(ch, "UNNAMED").split()[0]


def _families(piece: str) -> set[str]:
    return {_family(ch) for ch in piece if ch.isalnum()}


def _invisible_or_alike(piece: str) -> bool:
    # Spaces, dashes, quotation marks, accents: each looks like another one, or like nothing.
    return any(not ch.isalnum() for ch in piece)


def _show(piece: str, named: bool) -> str:
    """The piece as Python shows it; with each character's code point and name when ``named`` and short."""
    shown = repr(piece if len(piece) <= 40 else piece[:40] + "…")
    if named and len(piece) <= 3:
        return f"{shown} ({' + '.join(map(_code_point, piece))})"
    return shown


def _code_point(ch: str) -> str:
    return f"U+{ord(ch):04X} {unicodedata.name(ch, 'unnamed')}"


def _replaced(mine: str, theirs: str) -> str:
    """One replacement, naming both sides when they could pass for each other on screen.

    Letters of different scripts look alike (Latin x and Cyrillic х, Latin a and
    Cyrillic а), as do a digit and a letter (0 and О): the scripts differ.
    """
    scripts = _families(mine) != _families(theirs)
    named = scripts or _invisible_or_alike(mine) or _invisible_or_alike(theirs)
    if scripts and (len(mine) > 3 or len(theirs) > 3):
        # Too long to name each character: say which scripts each side is written in.
        def written(piece: str) -> str:
            return f"{_show(piece, False)} ({' + '.join(sorted(_families(piece))) or 'no letters'})"

        return f"{written(mine)} where the seed has {written(theirs)}"
    return f"{_show(mine, named)} where the seed has {_show(theirs, named)}"


def differences(quote: str, passage: str, limit: int = 3) -> str:
    """What differs between ``quote`` and ``passage``, in words, at most ``limit`` places."""
    changes = [op for op in SequenceMatcher(None, quote, passage, autojunk=False).get_opcodes() if op[0] != "equal"]
    if not changes:
        return "they are the same"
    out = []
    for tag, i1, i2, j1, j2 in changes[:limit]:
        mine, theirs = quote[i1:i2], passage[j1:j2]
        if tag == "replace":
            out.append(f"at quote character {i1} the quote has {_replaced(mine, theirs)}")
        elif tag == "delete":
            out.append(f"at quote character {i1} the quote has {_show(mine, _invisible_or_alike(mine))}, "
                       "which the seed does not")
        else:
            out.append(f"at quote character {i1} the seed has {_show(theirs, _invisible_or_alike(theirs))}, "
                       "which the quote does not")
    more = f" (and {len(changes) - limit} more difference(s))" if len(changes) > limit else ""
    return "; ".join(out) + more
