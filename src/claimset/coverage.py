"""Which sentences of a source text no claim and no not-claim covers.

Each line is a paragraph; razdel splits paragraphs into Russian sentences.
A sentence is covered when a claim's quote or a listed not-claim span
overlaps it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Iterable

if TYPE_CHECKING:
    from .models import Claim, Document


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


def document_gaps(
    document: "Document", claims: Iterable["Claim"], text: str, extra_spans: Iterable[tuple[int, int]] = ()
) -> tuple[int, list[Sentence]]:
    """How many sentences ``text`` has, and those that neither a claim nor a not-claim covers."""
    spans = [(c.quote.start, c.quote.end) for c in claims if c.document == document.id] + list(extra_spans)
    spans += [(n.quote.start, n.quote.end) for n in document.not_claims]
    return len(sentences(text)), uncovered(text, spans)
