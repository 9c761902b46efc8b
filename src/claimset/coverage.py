"""Which sentences of a source text no claim and no not-claim covers.

Each line is a paragraph; razdel splits paragraphs into Russian sentences.
A sentence is covered when a claim's quote or a listed not-claim span
overlaps it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    text: str


def sentences(text: str) -> list[Sentence]:
    """Sentences with code-point offsets into ``text``; blank lines yield none."""
    from razdel import sentenize  # imported here so `import claimset` stays cheap

    found = []
    offset = 0
    for line in text.split("\n"):
        for piece in sentenize(line):
            if piece.text.strip():
                found.append(Sentence(offset + piece.start, offset + piece.stop, piece.text))
        offset += len(line) + 1
    return found


def uncovered(text: str, spans: Iterable[tuple[int, int]]) -> list[Sentence]:
    """The sentences of ``text`` that overlap none of ``spans`` (start, end)."""
    ordered = sorted(spans)
    result = []
    for sentence in sentences(text):
        if not any(start < sentence.end and sentence.start < end for start, end in ordered):
            result.append(sentence)
    return result
