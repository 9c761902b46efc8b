"""Which claims hold the words of a query: the analysed words of each claim's quote and English, built once.

A claim matches a query when every term occurs in its quote or in its English,
a phrase as consecutive words of one of them. Who said or relayed a claim is
not searched: `filter(speaker=…, via=…)` asks that, so that a search for
"NIS" finds the claims that mention the NIS rather than every claim it made.
"""

from __future__ import annotations

from typing import Iterable

from . import words
from .models import Claim


class WordIndex:
    """The analysed words of every claim's quote and English, and for each word the claims that hold it."""

    def __init__(self, claims: Iterable[Claim]):
        self._fields: dict[str, tuple[tuple[str, ...], ...]] = {}
        self._holding: dict[str, set[str]] = {}
        for claim in claims:
            fields = (tuple(words.words(claim.quote.text)), tuple(words.words(claim.english)))
            self._fields[claim.id] = fields
            for word in {w for field in fields for w in field}:
                self._holding.setdefault(word, set()).add(claim.id)

    def matching(self, query: words.Query) -> set[str]:
        """The ids of the claims that hold every term of ``query``."""
        # The claims holding every word somewhere, from the rarest word up; then each phrase checked in place.
        found: set[str] | None = None
        for word in sorted(query.stems, key=lambda w: len(self._holding.get(w, ()))):
            holding = self._holding.get(word, set())
            found = set(holding) if found is None else found & holding
            if not found:
                return set()
        phrases = [term for term in query.terms if len(term) > 1]
        return {
            claim_id for claim_id in found or ()
            if all(any(words.contains(field, phrase) for field in self._fields[claim_id]) for phrase in phrases)
        }
