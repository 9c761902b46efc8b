"""How long word search takes as the data grows: building the word index, and one query, against a floor.

    python benchmarks/search_speed.py

The data's claims are repeated (×10, ×70: about 1.5k and 10k claims) under new
ids. For each size it prints the time to build `WordIndex` (analysing every
quote and English once), its cost per claim, and its ratio to the floor
measured in the same run: casefolding and splitting the same texts on
whitespace (`str.casefold().split()`), the least any word index must do. The
per-claim cost should stay flat from the smaller size to the larger (linear
work); a query's time should not grow with the data beyond the claims it finds.
tests/test_search.py checks what search finds; this measures how long.
"""

from __future__ import annotations

import time

import claimset
from claimset.models import Claim
from claimset.wordindex import WordIndex
from claimset.words import query

QUERIES = ("Курская", '"Курская область" Ким', "Kim Jong-un", "5,000")


def _grown(claims: tuple[Claim, ...], times: int) -> list[Claim]:
    return [claim.model_copy(update={"id": f"{claim.id}-{n}"}) for n in range(times) for claim in claims]


def _best(work, runs: int = 3) -> float:
    best = float("inf")
    for _ in range(runs):
        started = time.perf_counter()
        work()
        best = min(best, time.perf_counter() - started)
    return best


def main() -> None:
    data = claimset.load()
    for times in (10, 70):
        claims = _grown(data.claims, times)
        floor = _best(lambda: [(c.quote.text.casefold().split(), c.english.casefold().split()) for c in claims])
        # A new index each run: the stems' cache is warm after the first, as it is for a second dataset.
        took = _best(lambda: WordIndex(claims))
        print(f"index, {len(claims):,} claims: {took:.3f} s, {took / len(claims) * 1e6:.1f} µs per claim, "
              f"{took / floor:.1f}× the floor ({floor:.3f} s)")
        index = WordIndex(claims)
        for text in QUERIES:
            wanted = query(text)
            each = _best(lambda: index.matching(wanted), runs=20)
            print(f"  query {text!r}: {each * 1e3:.2f} ms, {len(index.matching(wanted)):,} claims found")


if __name__ == "__main__":
    main()
