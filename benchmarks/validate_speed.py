"""Print how long the common operations take on the real data (figures, not pass/fail).

    python benchmarks/validate_speed.py [--root .] [--runs 5]

Measures: `import claimset`, `claimset.load(root)`, validation of the real
data, validation of the real data with one quote broken, and a release build.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path


def timed(runs: int, action) -> tuple[float, float]:
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        samples.append(time.perf_counter() - started)
    return statistics.median(samples), max(samples)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--root", type=Path, default=Path("."))
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    root = args.root.resolve()

    from claimset.build import release_files
    from claimset.dataset import Dataset
    from claimset.check import check
    from claimset.read import read_tree

    code = "import time; t = time.perf_counter(); import claimset; print(time.perf_counter() - t)"
    imports = [float(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True).stdout) for _ in range(args.runs)]
    print(f"import claimset:               median {statistics.median(imports) * 1000:7.1f} ms")

    def validate(where: Path) -> int:
        return len(check(read_tree(where)).problems)

    median, worst = timed(args.runs, lambda: validate(root))
    print(f"validate real data:            median {median * 1000:7.1f} ms, worst {worst * 1000:7.1f} ms")

    with tempfile.TemporaryDirectory() as tmp:
        broken = Path(tmp) / "checkout"
        shutil.copytree(root / "claims", broken / "claims")
        shutil.copytree(root / "seeds", broken / "seeds")
        path = sorted((broken / "claims").glob("unnamed-2025-11-07*.yaml"))[0]
        path.write_text(path.read_text(encoding="utf-8").replace("около 5 тыс.", "около 6 тыс.", 1), encoding="utf-8")
        median, worst = timed(args.runs, lambda: validate(broken))
        print(f"validate with one quote broken: median {median * 1000:7.1f} ms, worst {worst * 1000:7.1f} ms "
              f"({validate(broken)} problem)")

    dataset = Dataset.from_sources(check(read_tree(root)))
    median, worst = timed(args.runs, lambda: release_files(dataset, "0"))
    print(f"render release files:          median {median * 1000:7.1f} ms, worst {worst * 1000:7.1f} ms")

    tracemalloc.start()
    validate(root)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(f"validate peak Python memory:   {peak / 2**20:7.1f} MiB")
    print(f"claims: {len(dataset.claims)}, documents: {len(dataset.documents)}, actors: {len(dataset.actors)}")


if __name__ == "__main__":
    main()
