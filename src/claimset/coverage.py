"""Which sentences of a source text no claim and no not-claim covers.

Each line is a paragraph; razdel splits paragraphs into Russian sentences.
A sentence is covered when a claim's quote or a listed not-claim span
overlaps it.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Container, Iterable, Optional

if TYPE_CHECKING:
    from .models import Claim, Document


# The last character of every match of razdel's sentence delimiter: its
# endings, ';', quotes, closing brackets, and the brackets that end a smiley.
_SENTENCE_ENDS = re.compile(r"[.?!…;\"„'»”’)\]}(]")


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    text: str


def sentences(text: str, lines: Optional[Container[int]] = None) -> list[Sentence]:
    """Sentences with code-point offsets into ``text`` (of the 0-based ``lines`` only, if given); blank lines yield none."""
    from razdel import sentenize  # imported here so `import claimset` stays cheap

    found = []
    offset = 0
    for number, line in enumerate(text.split("\n")):
        if lines is not None and number not in lines:
            offset += len(line) + 1
            continue
        for piece in sentenize(line):
            if piece.text.strip():
                found.append(Sentence(offset + piece.start, offset + piece.stop, piece.text))
        offset += len(line) + 1
    return found


def uncovered_by_splitting_all(text: str, spans: Iterable[tuple[int, int]]) -> list[Sentence]:
    """The plain definition of `uncovered`, kept for the test that proves the two agree."""
    ordered = sorted(spans)
    return [s for s in sentences(text) if not any(a < s.end and s.start < b for a, b in ordered)]


def uncovered(text: str, spans: Iterable[tuple[int, int]]) -> list[Sentence]:
    """The sentences of ``text`` that overlap none of ``spans`` (start, end).

    Such a sentence lies wholly in a gap between the spans. razdel ends a
    sentence only just after one of its delimiters, or at the end of the
    line; so only lines holding a gap that contains a delimiter or reaches a
    line end (and is not all whitespace) are split into sentences. In a
    well-covered text that is few of them; the result is the same as
    splitting every line (a test compares the two).
    """
    merged: list[list[int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    bounds = [0] + [edge for interval in merged for edge in interval] + [len(text)]
    suspect_lines: set[int] = set()
    for gap_start, gap_end in zip(bounds[::2], bounds[1::2]):
        gap = text[gap_start:gap_end]
        if gap.strip() and (gap_end == len(text) or "\n" in text[gap_start:gap_end + 1] or _SENTENCE_ENDS.search(gap)):
            first = text.count("\n", 0, gap_start)
            suspect_lines.update(range(first, first + text.count("\n", gap_start, gap_end) + 1))
    if not suspect_lines:
        return []
    starts = [interval[0] for interval in merged]
    result = []
    for sentence in sentences(text, lines=suspect_lines):
        i = bisect.bisect_left(starts, sentence.end)  # intervals starting before the sentence ends
        if i == 0 or merged[i - 1][1] <= sentence.start:
            result.append(sentence)
    return result
