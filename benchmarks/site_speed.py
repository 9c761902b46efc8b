"""Print the site's and claims.db's figures (measurements, not pass/fail).

    python benchmarks/site_speed.py [--root .] [--runs 5]

Measures: `claimset site` as a whole process (build time), the site's size and
its largest page, the time to write claims.db, and each page's load time in
headless Chromium (/usr/bin/chromium, through Playwright): navigation start to
the end of the load event, from file://, median of the runs.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run",
]


def timed(runs: int, action) -> list[float]:
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        samples.append(time.perf_counter() - started)
    return samples


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--root", type=Path, default=Path("."))
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    root = args.root.resolve()

    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "site"
        command = [sys.executable, "-m", "claimset", "site", "--root", str(root), "--out", str(out)]
        build = timed(args.runs, lambda: subprocess.run(command, check=True, capture_output=True))
        print(f"claimset site (whole process): median {statistics.median(build) * 1000:.0f} ms, max {max(build) * 1000:.0f} ms")

        files = {p: p.stat().st_size for p in out.rglob("*") if p.is_file()}
        pages = {p: size for p, size in files.items() if p.suffix == ".html"}
        largest = max(pages, key=pages.__getitem__)
        assets = sum(size for p, size in files.items() if p.suffix != ".html")
        print(f"site: {len(files)} files, {sum(files.values()) / 1024:.0f} KiB ({len(pages)} pages, assets {assets / 1024:.0f} KiB)")
        print(f"largest page: {largest.relative_to(out)} {pages[largest] / 1024:.0f} KiB "
              f"(+ {assets / 1024:.0f} KiB of CSS and JS)")

        import claimset
        from claimset import database

        data = claimset.load(root)
        db = timed(args.runs, lambda: database.database_bytes(data))
        print(f"claims.db: {len(database.database_bytes(data)) / 1024:.0f} KiB, "
              f"written in median {statistics.median(db) * 1000:.0f} ms")

        from playwright.sync_api import sync_playwright

        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
            page = browser.new_page()
            loads: dict[str, list[float]] = {}
            for path in sorted(pages, key=lambda p: p.relative_to(out).as_posix()):
                for _ in range(args.runs):
                    page.goto(path.as_uri())
                    duration = page.evaluate(
                        "() => { const n = performance.getEntriesByType('navigation')[0]; return n.loadEventEnd - n.startTime; }"
                    )
                    loads.setdefault(path.relative_to(out).as_posix(), []).append(duration)
            browser.close()
        medians = {name: statistics.median(samples) for name, samples in loads.items()}
        slowest = max(medians, key=medians.__getitem__)
        print(f"page load in Chromium (file://, median of {args.runs}): index {medians['index.html']:.0f} ms; "
              f"slowest {slowest} {medians[slowest]:.0f} ms; median over {len(medians)} pages "
              f"{statistics.median(medians.values()):.0f} ms")


if __name__ == "__main__":
    main()
