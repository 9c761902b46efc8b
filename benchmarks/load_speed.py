"""Print how long loading takes, as whole processes (figures, not pass/fail).

    python benchmarks/load_speed.py [--runs 15] [--floor SCRIPT DATA]

Each figure is the median of RUNS fresh `python -c …` processes, run
interleaved so a busy machine slows them alike, from a directory outside the
checkout: `import claimset`, `claimset.load()` of the installed data, and the
load of a release built from the installed data, by path and by URL (served
on 127.0.0.1; cold: downloaded into an empty cache, warm: from the cache).
With --floor, also the floor process (SCRIPT DATA) and every ratio to it.
Run it with the interpreter of an environment where claimset is installed
non-editable, as users have it; it also prints the release's size.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import zipfile
from pathlib import Path


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


def _serve(directory: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(directory)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--floor", nargs=2, metavar=("SCRIPT", "DATA"), help="the floor process to compare with")
    args = parser.parse_args()
    python = sys.executable

    with tempfile.TemporaryDirectory(prefix="claimset-bench-") as tmp:
        work = Path(tmp)
        release = work / "www" / "release"
        build = f"import claimset, claimset.build as b; b.write_atomically(b.release_files(claimset.load(), claimset.__version__), __import__('pathlib').Path({str(release)!r}))"
        subprocess.run([python, "-c", build], check=True, cwd=work)
        server, base = _serve(work / "www")
        cache = work / "cache"
        env = {**os.environ, "CLAIMSET_CACHE": str(cache)}
        url = f"{base}/release/claims.json"
        commands: dict[str, list[str]] = {}
        if args.floor:
            commands["floor"] = [python, *args.floor]
        commands |= {
            "import claimset": [python, "-c", "import claimset"],
            "load() packaged": [python, "-c", "import claimset; claimset.load()"],
            "load(release path)": [python, "-c", f"import claimset; claimset.load({str(release)!r})"],
            "load(URL), cold cache": [python, "-c", f"import claimset; claimset.load({url!r})"],
            "load(URL), warm cache": [python, "-c", f"import claimset; claimset.load({url!r})"],
        }
        samples: dict[str, list[float]] = {name: [] for name in commands}
        for _ in range(args.runs):
            for name, command in commands.items():
                if name == "load(URL), cold cache":
                    shutil.rmtree(cache, ignore_errors=True)
                started = time.perf_counter()
                subprocess.run(command, check=True, cwd=work, env=env, stderr=subprocess.DEVNULL)
                samples[name].append(time.perf_counter() - started)
        server.shutdown()

        floor = statistics.median(samples["floor"]) if args.floor else None
        for name, values in samples.items():
            median = statistics.median(values)
            ratio = f"  {median / floor:4.2f}x the floor" if floor else ""
            print(f"{name:24s} median {median * 1000:7.1f} ms{ratio}")

        files = [p for p in release.rglob("*") if p.is_file()]
        texts = sum(p.stat().st_size for p in (release / "texts").iterdir())
        archive = work / "release.zip"
        with zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_DEFLATED) as zipped:
            for path in files:
                zipped.write(path, path.relative_to(release).as_posix())
        total = sum(p.stat().st_size for p in files)
        claims_json = (release / "claims.json").stat().st_size
        print(f"release (no Parquet): {len(files)} files, {total / 1024:.0f} KiB ({texts / 1024:.0f} KiB of it texts/); "
              f"claims.json {claims_json / 1024:.0f} KiB; zipped {archive.stat().st_size / 1024:.0f} KiB")


if __name__ == "__main__":
    main()
