"""How long the checks that once grew faster than their input take now, each against its input size.

    python benchmarks/bounded_work.py

Prints, for diff's alignment of 15,000 list items and for name suggestions of
1,000 unknown against 1,000 known ids, the time taken and the time per item;
tests/test_bounded_work.py checks what they give, this measures how long.
Record the figures in RESULTS.md with the machine and the date.
"""

from __future__ import annotations

import random
import string
import time

from claimset import diff
from claimset.problems import suggest

N = 15_000


def _slug(rng: random.Random) -> str:
    return "-".join("".join(rng.choices(string.ascii_lowercase, k=rng.randint(3, 8))) for _ in range(rng.randint(2, 4)))


def _time(label: str, items: int, work) -> None:
    started = time.perf_counter()
    work()
    took = time.perf_counter() - started
    print(f"{label}: {took:.2f} s, {took / items * 1e6:.1f} µs per item")


def main() -> None:
    cases = {
        "diff, 15,000 equal items, the last changed": ([{"a": 1}] * N, [{"a": 1}] * (N - 1) + [{"a": 2}]),
        "diff, 15,000 items shifted by one": ([{"i": i} for i in range(N)], [{"i": i} for i in range(1, N + 1)]),
        "diff, 15,000 items of few values reordered": ([{"a": i % 2} for i in range(N)],
                                                       [{"a": (i + 1) % 3} for i in range(N)]),
        "diff, 15,000 items reversed": ([{"i": i} for i in range(N)], [{"i": i} for i in reversed(range(N))]),
    }
    for label, (old, new) in cases.items():
        _time(label, N, lambda: diff.changes({"x": old}, {"x": new}, by_position=[]))
    rng = random.Random(1)
    known = [f"treaty25-{_slug(rng)}-{i}" for i in range(1000)]
    unknown = [k[:-1] + "x" if i % 2 else f"treaty25-{_slug(rng)}" for i, k in enumerate(rng.sample(known, 1000))]
    _time("suggestions, 1,000 unknown × 1,000 known ids", 1000, lambda: [suggest(name, known) for name in unknown])


if __name__ == "__main__":
    main()
