"""Which parts of a source text no claim and no not-claim covers.

Each line is a paragraph; razdel splits paragraphs into Russian sentences.
Two rules, each linear in the text:

- a sentence that no claim's quote and no listed not-claim span overlaps is
  uncovered (`uncovered`);
- within a sentence that something overlaps, a run of `RUN_LIMIT` or more
  consecutive words that nothing overlaps is uncovered (`uncovered_runs`): the
  sentence's words, not just one of them, must be accounted for. A word is a
  run of letters and digits, with inner hyphens and apostrophes («Ким Чен Ын»
  is three words, «северокорейских» one, «ADMM-Plus» one).
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


# The fewest consecutive uncovered words of a covered sentence that are a gap. Attribution
# frames such as «заявил замминистра обороны России Олег Савельев» (6 words) or «В то же
# время по мнению эксперта» (7) may stand outside every quote; a whole clause may not.
RUN_LIMIT = 8
WORD = re.compile(r"\w+(?:[-\u2010\u2011'\u2019]\w+)*")


@dataclass(frozen=True)
class Run:
    """Consecutive words of one sentence that no span overlaps: from the first word's start to the last word's end."""

    start: int
    end: int
    words: int
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
    merged = _merged(spans)
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


def _merged(spans: Iterable[tuple[int, int]]) -> list[list[int]]:
    merged: list[list[int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return merged


def uncovered_runs(text: str, spans: Iterable[tuple[int, int]], limit: int = RUN_LIMIT) -> list[Run]:
    """The runs of ``limit`` or more words, within one sentence that some span overlaps, that no span overlaps.

    One pass over the words finds the runs of a line that are long enough
    (a covered word or a line end breaks a run); only the lines holding one are
    split into sentences, which may break such a run further. A sentence that
    nothing overlaps is `uncovered`'s to report, not this function's.
    """
    merged = _merged(spans)
    starts = [interval[0] for interval in merged]
    candidates: list[tuple[int, list[tuple[int, int]]]] = []  # (line number, the run's word spans)
    run: list[tuple[int, int]] = []
    line = run_line = 0
    at = 0  # text[:at] has been scanned for line breaks
    j = 0
    for match in WORD.finditer(text):
        a, b = match.span()
        breaks = text.count("\n", at, a)
        at = a
        if breaks:
            if len(run) >= limit:
                candidates.append((run_line, run))
            run = []
            line += breaks
        while j < len(merged) and merged[j][1] <= a:
            j += 1
        if j < len(merged) and merged[j][0] < b:  # the word overlaps a span
            if len(run) >= limit:
                candidates.append((run_line, run))
            run = []
        else:
            if not run:
                run_line = line
            run.append((a, b))
    if len(run) >= limit:
        candidates.append((run_line, run))
    if not candidates:
        return []
    by_line = {number: sentences(text, lines={number}) for number in {number for number, _ in candidates}}
    found = []
    for number, words in candidates:
        bounds = [s.start for s in by_line[number]]
        groups: dict[int, list[tuple[int, int]]] = {}
        for word in words:
            groups.setdefault(bisect.bisect_right(bounds, word[0]) - 1, []).append(word)
        for index, group in groups.items():
            sentence = by_line[number][index]
            i = bisect.bisect_left(starts, sentence.end)
            overlapped = i > 0 and merged[i - 1][1] > sentence.start
            if overlapped:
                found += _run(text, group, limit)
    return sorted(found, key=lambda r: r.start)


def uncovered_runs_by_splitting_all(text: str, spans: Iterable[tuple[int, int]], limit: int = RUN_LIMIT) -> list[Run]:
    """The plain definition of `uncovered_runs`, kept for the test that proves the two agree."""
    ordered = sorted(spans)

    def overlaps(a: int, b: int) -> bool:
        return any(x < b and a < y for x, y in ordered)

    found = []
    for sentence in sentences(text):
        if not overlaps(sentence.start, sentence.end):
            continue
        run: list[tuple[int, int]] = []
        for match in WORD.finditer(text, sentence.start, sentence.end):
            if overlaps(*match.span()):
                found += _run(text, run, limit)
                run = []
            else:
                run.append(match.span())
        found += _run(text, run, limit)
    return found


def _run(text: str, words: list[tuple[int, int]], limit: int) -> list[Run]:
    """``words`` as a Run when there are ``limit`` or more of them; else nothing."""
    if len(words) < limit:
        return []
    return [Run(words[0][0], words[-1][1], len(words), text[words[0][0]:words[-1][1]])]
