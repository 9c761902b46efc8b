"""Print the site's and claims.db's figures (measurements, not pass/fail).

    python benchmarks/site_speed.py [--root .] [--runs 5]
    python benchmarks/site_speed.py --grow 25000 100000   # the site at those sizes (grown with grow.py)

With --grow: for each size, grows the data (benchmarks/grow.py) to at least that many
claims and reports `claimset site`'s time, peak memory (the process and Pagefind's),
bytes written, the largest page, the index's first contentful paint in headless
Chromium (served over http on 127.0.0.1, as the search needs) and the bytes one search
query downloads against the whole search index; then each figure per claim, largest
size against smallest (target: within 1.15x).

Measures: `claimset site` as a whole process (build time), the site's size and
its largest page, the time to write claims.db, and each page's load time in
headless Chromium (/usr/bin/chromium, through Playwright): navigation start to
the end of the load event, from file://, median of the runs.
"""

from __future__ import annotations

import argparse
import os
import shutil
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


def _child(root: Path, out: Path) -> None:
    """Run `claimset site` in this process, then print its own and its children's (Pagefind's) peak memory
    and CPU time. The collector is set as `claimset`'s own entry point sets it (cli.main)."""
    import gc
    import json
    import resource

    from claimset.cli import GC_THRESHOLDS, cli

    gc.set_threshold(*GC_THRESHOLDS)
    try:
        cli.main(["site", "--root", str(root), "--out", str(out)], standalone_mode=False)
    finally:
        own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        cpu = {who: (lambda u: u.ru_utime + u.ru_stime)(resource.getrusage(which))
               for who, which in (("self_cpu", resource.RUSAGE_SELF), ("children_cpu", resource.RUSAGE_CHILDREN))}
        print(json.dumps({"self_kib": own, "children_kib": children, **cpu}))


def measure_grown(root: Path, size: int, tmp: Path) -> dict:
    import json
    import math

    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import grow

    base = grow.count_claims(root)
    k = max(1, math.ceil(size / base))
    tree = tmp / f"tree-{size}"
    grown = grow.grow(root, tree, k)
    out = tmp / f"site-{size}"
    started = time.perf_counter()
    run = subprocess.run([sys.executable, __file__, "--child", str(tree), str(out)], capture_output=True, text=True)
    elapsed = time.perf_counter() - started
    if run.returncode != 0:
        raise SystemExit(f"claimset site failed at {size}: {run.stdout[-2000:]} {run.stderr[-2000:]}")
    memory = json.loads(run.stdout.strip().splitlines()[-1])
    files = {p: p.stat().st_size for p in out.rglob("*") if p.is_file()}
    pages = {p: n for p, n in files.items() if p.suffix == ".html"}
    largest = max(pages, key=pages.__getitem__)
    index_bytes = sum(n for p, n in files.items() if p.relative_to(out).parts[0] == "pagefind")
    paint, query_bytes, query_hits = browse_grown(out)
    shutil.rmtree(tree)
    figures = {
        "claims": grown.claims, "documents": grown.documents, "seconds": elapsed,
        "cpu_seconds": memory.get("self_cpu", 0.0) + memory.get("children_cpu", 0.0),
        "site_cpu": memory.get("self_cpu", 0.0), "pagefind_cpu": memory.get("children_cpu", 0.0),
        "peak_mib": max(memory["self_kib"], memory["children_kib"]) / 1024,
        "site_mib": memory["self_kib"] / 1024, "pagefind_mib": memory["children_kib"] / 1024,
        "bytes": sum(files.values()), "files": len(files), "largest": largest.relative_to(out).as_posix(),
        "largest_bytes": pages[largest], "index_bytes": files[out / "index.html"], "search_index_bytes": index_bytes,
        "first_paint_ms": paint, "query_bytes": query_bytes, "query_hits": query_hits,
    }
    shutil.rmtree(out)
    return figures


QUERY = "строителей"  # an inflected form: the original data has «строителей» in talks25's text


def browse_grown(out: Path) -> tuple[float, int, str]:
    """The index's first contentful paint (median of 3, served on 127.0.0.1) and one search's downloaded bytes."""
    import threading

    from playwright.sync_api import sync_playwright

    from claimset import site_serve

    httpd = site_serve.server(out, 0)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{httpd.server_address[1]}/index.html"
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
            paints = []
            for _ in range(3):
                page = browser.new_page()
                page.goto(url)
                paints.append(page.evaluate(
                    "() => new Promise(done => { const look = () => { const e = performance.getEntriesByName("
                    "'first-contentful-paint')[0]; if (e) done(e.startTime); else setTimeout(look, 20); }; look(); })"))
                page.close()
            page = browser.new_page()
            loaded: list[int] = []
            page.on("response", lambda r: loaded.append(len(r.body())) if "/pagefind/" in r.url else None)
            page.goto(url)
            page.wait_for_function("document.querySelector('select[name=type]').options.length > 1")
            before = sum(loaded)
            page.locator("input[name=q]").fill(QUERY)
            page.wait_for_function("/claims? match/.test(document.getElementById('search-status').textContent)")
            page.wait_for_load_state("networkidle")
            hits = page.locator("#search-status").inner_text()
            browser.close()
    finally:
        httpd.shutdown()
    return statistics.median(paints), sum(loaded) - before, hits


def report_grown(sizes: list[int], root: Path) -> None:
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for size in sizes:
            figures = measure_grown(root, size, Path(tmp))
            rows.append(figures)
            print(f"{figures['claims']:,} claims ({figures['documents']:,} documents): site {figures['seconds']:.1f} s "
                  f"(CPU: claimset {figures['site_cpu']:.1f} s, Pagefind {figures['pagefind_cpu']:.1f} s), "
                  f"peak {figures['site_mib']:.0f} MiB (Pagefind {figures['pagefind_mib']:.0f} MiB), "
                  f"{figures['bytes'] / 2**20:.1f} MiB in {figures['files']:,} files; largest page "
                  f"{figures['largest']} {figures['largest_bytes'] / 1024:.0f} KiB; index.html "
                  f"{figures['index_bytes'] / 1024:.0f} KiB, first contentful paint {figures['first_paint_ms']:.0f} ms; "
                  f"search index {figures['search_index_bytes'] / 2**20:.1f} MiB, query «{QUERY}» downloaded "
                  f"{figures['query_bytes'] / 1024:.0f} KiB ({figures['query_hits']}); load average "
                  f"{', '.join(f'{n:.2f}' for n in os.getloadavg())}", flush=True)
    if len(rows) > 1:
        small, large = rows[0], rows[-1]
        for what, key in (("time", "seconds"), ("CPU time", "cpu_seconds"), ("size", "bytes")):
            ratio = (large[key] / large["claims"]) / (small[key] / small["claims"])
            print(f"{what} per claim, {large['claims']:,} vs {small['claims']:,} claims: {ratio:.2f}x (target <= 1.15x)")


def main() -> None:
    if len(sys.argv) == 4 and sys.argv[1] == "--child":
        _child(Path(sys.argv[2]), Path(sys.argv[3]))
        return
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--root", type=Path, default=Path("."))
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--grow", type=int, nargs="+", metavar="CLAIMS", help="measure the site grown to these sizes")
    args = parser.parse_args()
    root = args.root.resolve()
    if args.grow:
        report_grown(sorted(args.grow), root)
        return

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
