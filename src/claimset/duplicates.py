"""One text, one document: a text that is already another document's, whole or mostly.

The same text is found by a fingerprint of it with whitespace normalised (line
endings, runs of spaces, leading and trailing space), kept in a dict: one pass
over the texts. A near-duplicate (one wire item posted by two outlets under
another headline or dateline, a few words changed) is found by word 5-gram
shingles: an inverted index from each shingle to the texts holding it counts
the shingles each pair of texts shares. A shingle held by more than
`MAX_TEXTS_PER_SHINGLE` texts is boilerplate (a site's navigation, an
agency's sign-off) and is skipped, so the work stays linear in the total
length of the texts, with no comparison of every text with every other.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from dataclasses import dataclass
from typing import Mapping

SHINGLE_WORDS = 5
MAX_TEXTS_PER_SHINGLE = 50
# The share of the shorter text's shingles that the longer one holds too, from which two texts are near-duplicates.
NEAR_CONTAINMENT = 0.5

_SPACE = re.compile(r"\s+")
_WORD = re.compile(r"\w+")


def normalised(text: str) -> str:
    """The text with every run of whitespace (line ends, CR, no-break spaces included) one space, stripped."""
    return _SPACE.sub(" ", text).strip()


def fingerprint(text: str) -> str:
    """What two texts that differ only in whitespace and line endings share: the sha256 of the normalised text."""
    return hashlib.sha256(normalised(text).encode("utf-8")).hexdigest()


def same_texts(texts: Mapping[str, str]) -> list[tuple[str, str]]:
    """``(later, earlier)`` for each text that is an earlier one's (in the mapping's order) up to whitespace."""
    first: dict[str, str] = {}
    found = []
    for key, text in texts.items():
        seen = first.setdefault(fingerprint(text), key)
        if seen != key:
            found.append((key, seen))
    return found


def shingles(text: str) -> set[int]:
    """The text's word 5-grams (case folded, punctuation dropped), hashed."""
    words = _WORD.findall(text.casefold())
    # The 5-grams as tuples zipped from shifted lists: no slice is built per word.
    return set(map(hash, zip(*(words[k:] for k in range(SHINGLE_WORDS)))))


@dataclass(frozen=True)
class Near:
    """Two texts of which the shorter's shingles are mostly the longer's too."""

    later: str
    earlier: str
    shared: int  # shingles held by both
    smaller: int  # shingles of the text with fewer

    @property
    def containment(self) -> float:
        return self.shared / self.smaller


def near_texts(texts: Mapping[str, str]) -> list[Near]:
    """Each pair of texts whose containment is at least `NEAR_CONTAINMENT`, the earlier (in the mapping's order) second."""
    keys = list(texts)
    sets = [shingles(texts[key]) for key in keys]
    holders: dict[int, list[int]] = {}
    for i, found in enumerate(sets):
        for shingle in found:
            holders.setdefault(shingle, []).append(i)
    shared: Counter[tuple[int, int]] = Counter()
    for held in holders.values():
        if 2 <= len(held) <= MAX_TEXTS_PER_SHINGLE:
            for a, i in enumerate(held):
                for j in held[a + 1:]:
                    shared[(i, j)] += 1
    pairs = []
    for (i, j), count in sorted(shared.items()):
        smaller = min(len(sets[i]), len(sets[j]))
        if count >= NEAR_CONTAINMENT * smaller:
            pairs.append(Near(keys[j], keys[i], count, smaller))
    return pairs
