"""Measure claimset against its floors and print the ratios, with the targets of issue 10.

    .venv-bench/bin/python benchmarks/run.py [--quick] [--runs 5] [--python PATH] [--markdown benchmarks/RESULTS.md]

Every figure is a whole fresh process, run from a directory outside the
checkout, driven through the CLI and the public API only:

- cold `import claimset; claimset.load()` and `import claimset`, each against
  the plain-pydantic floor process (`floor_load.py claims130.json`); and, against
  the same floor, two bounds: pydantic's import, and the least process that
  returns a pydantic object (one deferred one-field model, one object);
- `claimset validate` of the data grown to about 2.5k, 5k and 10k claims
  (benchmarks/grow.py), each against `bare_parse.py` of the same tree, with the
  cost per claim and its flatness from the smallest to the largest size;
- `claimset build` at the largest size, and `claimset.load()` of that release.

Subject and floor run as pairs (alternating which goes first), all the pairs
of a group once per round; a ratio is the median of the per-pair ratios, wall
time for the verdict and CPU time as a check. Peak memory is each process's own
maximum RSS (wait4). Measure an installed package, not the checkout:
`python3 -m venv .venv-bench && .venv-bench/bin/pip install .`

Exit codes: 0 measured (whether or not the targets are met), 1 a measured
command failed, 2 usage or I/O error.
"""

from __future__ import annotations

import argparse
import datetime
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

import grow
import report
from measure import Pair, Series, SubjectFailed, Task, interleaved, repeated, run_once
from report import Row, mib, ratio, seconds, verdict

HERE = Path(__file__).resolve().parent
CHECKOUT = HERE.parent
DEFAULT_FLOOR = Path(os.environ.get("CLAIMSET_BENCH_FLOOR", "/work/shared/bench/floor_load.py"))
# The targets of issue 10: a subject's time over its floor's, and the per-claim cost's growth.
LOAD_TARGET, IMPORT_TARGET, VALIDATE_TARGET, FLAT_TARGET = 0.8, 0.5, 1.5, 1.15
# Past this relative difference between the wall-time and CPU-time ratios, other work bent the wall times.
BUSY = 0.15
SIZES, QUICK_SIZES = (2500, 5000, 10000), (250, 500, 1000)
PROBE = (
    "import sys, claimset, pydantic, yaml; "
    "print(claimset.__version__, claimset.__file__, pydantic.VERSION, yaml.__version__, "
    "yaml.__with_libyaml__, sys.version.split()[0], sep='\\n')"
)
# The least any process that hands out a pydantic object can cost: import pydantic, declare one
# one-field model (schema deferred, as claimset's are) and construct one object, without validating.
# Its ratio to the floor bounds from below what `load()` can reach while it returns pydantic models.
PYDANTIC_IMPORT = "from pydantic import BaseModel"
ONE_MODEL = (
    "from pydantic import BaseModel, ConfigDict\n"
    "class Claim(BaseModel):\n"
    "    model_config = ConfigDict(defer_build=True)\n"
    "    id: str\n"
    "Claim.model_construct(id='x')\n"
)
# How a version without release loading refuses a release directory (it wants a checkout).
NOT_A_CHECKOUT = "no claims/ directory"


class Usage(Exception):
    """The benchmark cannot start: a missing interpreter, package or floor file."""


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, help="rounds of validate pairs (default 5; 3 with --quick)")
    parser.add_argument("--startup-runs", type=int, help="rounds of start-up pairs (default 15; 5 with --quick)")
    parser.add_argument("--build-runs", type=int, help="runs of build and of release load (default 3)")
    parser.add_argument("--quick", action="store_true", help="small trees (about 250, 500, 1000 claims) and few runs")
    parser.add_argument("--python", default=sys.executable,
                        help="the interpreter whose installed claimset is measured (default: this one)")
    parser.add_argument("--floor", type=Path, default=DEFAULT_FLOOR,
                        help="the plain-pydantic floor script (default: $CLAIMSET_BENCH_FLOOR or %(default)s)")
    parser.add_argument("--floor-data", type=Path,
                        help="the JSON file the floor validates (default: claims130.json beside --floor)")
    parser.add_argument("--markdown", type=Path, help="also write the table, machine and date to this file")
    parser.add_argument("--label", help="the title of the Markdown results (default: the version and commit)")
    args = parser.parse_args(argv)
    args.runs = args.runs or (3 if args.quick else 5)
    args.startup_runs = args.startup_runs or (5 if args.quick else 15)
    args.build_runs = args.build_runs or 3
    args.floor_data = (args.floor_data or args.floor.parent / "claims130.json").absolute()
    args.floor = args.floor.absolute()
    # The processes run elsewhere; abspath, not resolve(): a venv's python is a symlink that must stay one.
    args.python = os.path.abspath(args.python) if os.sep in args.python else shutil.which(args.python) or args.python
    if min(args.runs, args.startup_runs, args.build_runs) < 1:
        parser.error("--runs, --startup-runs and --build-runs must be at least 1")
    return args


def probe(python: str) -> dict[str, str]:
    """The measured interpreter's versions; refuses one without claimset or libyaml."""
    try:
        result = subprocess.run([python, "-c", PROBE], capture_output=True, text=True)
    except OSError as exc:
        raise Usage(f"{python}: cannot run ({exc.strerror}); pass --python PATH of an interpreter") from None
    if result.returncode != 0:
        last = (result.stderr.strip().splitlines() or ["no message"])[-1]
        raise Usage(f"{python}: cannot import claimset, pydantic and yaml ({last}); "
                    "install the package into it: pip install .")
    version, where, pydantic, pyyaml, libyaml, python_version = result.stdout.split("\n")[:6]
    if libyaml != "True":
        raise Usage(f"{python}: PyYAML {pyyaml} has no libyaml; the validate floor needs yaml.CSafeLoader")
    return {
        "Python": f"{python_version} ({_shown(python)})",
        "claimset": f"{version}, installed at {_shown(Path(where).parent)}",
        "pydantic": pydantic,
        "PyYAML": f"{pyyaml} with libyaml",
    }


def commit(results: Path | None) -> str:
    """The checkout's commit, and whether files other than the results being rewritten differ from it."""
    # git refuses a pathspec outside the checkout, so only a results file inside it is excluded.
    inside = results is not None and results.absolute().is_relative_to(CHECKOUT)
    outside = [f":(exclude){results.absolute()}"] if inside else []
    try:
        sha = subprocess.run(["git", "-C", str(CHECKOUT), "rev-parse", "--short", "HEAD"],
                             capture_output=True, text=True, check=True).stdout.strip()
        dirty = subprocess.run(["git", "-C", str(CHECKOUT), "status", "--porcelain", "--untracked-files=no",
                                "--", ".", *outside], capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown (not a git checkout)"
    return f"{sha} (with uncommitted changes)" if dirty else sha


def progress(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _pair_row(figure: str, pair: Pair, target: float | None, note: str = "") -> Row:
    return Row(
        figure=figure,
        subject=seconds(pair.subject.median),
        floor=seconds(pair.floor.median),
        ratio=ratio(pair.ratio),
        target=f"≤ {target:.2f}×" if target is not None else "—",
        verdict=verdict(pair.ratio, target) if target is not None else "",
        cpu_ratio=ratio(pair.cpu_ratio),
        subject_rss=mib(pair.subject.peak_rss),
        floor_rss=mib(pair.floor.peak_rss),
        note=_busy(pair.ratio, pair.cpu_ratio, note),
    )


def _busy(wall: float, cpu: float, note: str) -> str:
    """The note, with a warning when the wall-time and CPU-time ratios disagree."""
    disagreement = abs(wall / cpu - 1)
    if disagreement <= BUSY:
        return note
    return "; ".join(filter(None, [note, f"wall and CPU ratios differ by {disagreement:.0%}: a busy machine"]))


def _series_row(figure: str, series: Series, note: str = "") -> Row:
    return Row(figure=figure, subject=seconds(series.median), subject_rss=mib(series.peak_rss), note=note)


def measure_all(args: argparse.Namespace, work: Path, real: int) -> list[Row]:
    python = args.python
    cwd = work / "cwd"  # outside the checkout, so nothing there shadows the installed package
    cwd.mkdir()
    floor = [python, str(args.floor), str(args.floor_data)]

    progress(f"cold load and import, each vs the floor: {args.startup_runs} rounds")
    startup = interleaved([Task("load", [python, "-c", "import claimset; claimset.load()"], floor),
                           Task("import", [python, "-c", "import claimset"], floor),
                           Task("pydantic", [python, "-c", PYDANTIC_IMPORT], floor),
                           Task("one model", [python, "-c", ONE_MODEL], floor)], args.startup_runs, cwd)
    rows = [_pair_row("cold `import claimset; claimset.load()` (packaged data)", startup["load"], LOAD_TARGET),
            _pair_row("`import claimset`", startup["import"], IMPORT_TARGET),
            _pair_row("bound: `from pydantic import BaseModel`", startup["pydantic"], None,
                      "pydantic's own import, which any pydantic object needs"),
            _pair_row("bound: pydantic, one deferred one-field model, one object constructed", startup["one model"],
                      None, "the least a `load()` that returns pydantic objects can cost")]
    trees, broken = _grow_trees(work, real, QUICK_SIZES if args.quick else SIZES)
    rows += _validate_rows(python, trees, broken, args.runs, cwd)
    (tree, claims), release = trees[-1], work / "release"
    progress(f"build {claims} claims: {args.build_runs} runs")
    build = repeated([python, "-m", "claimset", "build", "--root", str(tree), "--out", str(release)],
                     args.build_runs, cwd)
    rows.append(_series_row(f"`claimset build`, {claims:,} claims", build, "no floor"))
    rows.append(_release_load_row(python, release, claims, args.build_runs, cwd))
    return rows


def _grow_trees(work: Path, real: int, sizes: tuple[int, ...]) -> tuple[list[tuple[Path, int]], tuple[Path, int]]:
    """A grown tree for each size (k from the real count) with its claim count; and the smallest with a broken quote."""
    trees = []
    for size in sizes:
        k = max(1, round(size / real))
        tree = work / f"tree-k{k}"
        trees.append((tree, grow.grow(CHECKOUT, tree, k).claims))
    smallest, claims = trees[0]
    broken = work / f"{smallest.name}-broken"
    shutil.copytree(smallest, broken)
    grow.break_one_quote(broken)
    return trees, (broken, claims)


def _validate_rows(python: str, sized: list[tuple[Path, int]], broken_tree: tuple[Path, int], runs: int,
                   cwd: Path) -> list[Row]:
    def task(tree: Path, subject_exit: int = 0) -> Task:
        return Task(tree.name, [python, "-m", "claimset", "validate", "--root", str(tree)],
                    [python, str(HERE / "bare_parse.py"), str(tree)], subject_exit)

    broken, broken_claims = broken_tree
    progress(f"validate {', '.join(str(n) for _, n in sized)} claims and one broken quote, each vs bare parse: "
             f"{runs} rounds")
    pairs = interleaved([task(tree) for tree, _ in sized] + [task(broken, 1)], runs, cwd, warm_all=False)
    rows = []
    for i, (tree, claims) in enumerate(sized):
        pair = pairs[tree.name]
        rows.append(_pair_row(f"`claimset validate`, {claims:,} claims", pair,
                              VALIDATE_TARGET if i == len(sized) - 1 else None,
                              f"{pair.subject.median / claims * 1e6:.0f} µs per claim"))
    rows.append(_pair_row(f"`claimset validate`, {broken_claims:,} claims, one quote broken (exit 1)",
                          pairs[broken.name], None, "the report a contributor meets in CI"))
    (small_tree, small), (big_tree, big) = sized[0], sized[-1]
    growth = _per_claim_growth(pairs[small_tree.name].subject, small, pairs[big_tree.name].subject, big)
    rows.append(Row(
        figure=f"validate cost per claim, {big:,} vs {small:,} claims",
        subject=f"{pairs[big_tree.name].subject.median / big * 1e6:.0f} vs "
                f"{pairs[small_tree.name].subject.median / small * 1e6:.0f} µs",
        ratio=ratio(growth[0]), target=f"≤ {FLAT_TARGET:.2f}×", verdict=verdict(growth[0], FLAT_TARGET),
        cpu_ratio=ratio(growth[1]), note=_busy(*growth, "median over rounds of the per-claim cost ratio"),
    ))
    return rows


def _per_claim_growth(small: Series, small_claims: int, big: Series, big_claims: int) -> tuple[float, float]:
    """How much the cost per claim grows from the small tree to the big one, wall and CPU, round by round."""
    scale = small_claims / big_claims
    return (statistics.median(b.seconds / s.seconds * scale for s, b in zip(small.samples, big.samples)),
            statistics.median(b.cpu / s.cpu * scale for s, b in zip(small.samples, big.samples)))


def _release_load_row(python: str, release: Path, claims: int, runs: int, cwd: Path) -> Row:
    figure = f"`claimset.load(release)`, {claims:,} claims"
    command = [python, "-c", f"import claimset; claimset.load({str(release)!r})"]
    try:
        run_once(command, cwd)  # also the warm-up
    except SubjectFailed as exc:
        if NOT_A_CHECKOUT in exc.output:
            return Row(figure=figure, subject="n/a (not supported by this version)")
        raise
    progress(f"load the {claims}-claim release: {runs} runs")
    return _series_row(figure, repeated(command, runs, cwd), "no floor")


def _shown(path: Path | str) -> str:
    """A path as the reader can repeat it: relative to the checkout when inside it."""
    path = Path(path)
    return str(path.relative_to(CHECKOUT)) if path.is_relative_to(CHECKOUT) else str(path)


def notes(args: argparse.Namespace, load_at_start: tuple[float, float, float], real: int) -> list[str]:
    sizes = QUICK_SIZES if args.quick else SIZES
    ks = ", ".join(str(max(1, round(s / real))) for s in sizes)
    return [
        f"Command: `{_shown(args.python)} benchmarks/run.py{' --quick' if args.quick else ''} --runs {args.runs} "
        f"--startup-runs {args.startup_runs} --build-runs {args.build_runs}`. The package measured is the one "
        "installed for that interpreter (`pip install .`, not editable), so `load()` reads the data in the wheel.",
        "Each figure times a whole fresh process, from spawn to exit, started from a directory outside the "
        "checkout, driven through the CLI and the public API only.",
        f"Subject and floor run back to back as a pair, alternating which goes first. The figures of one group "
        f"(start-up: {args.startup_runs} rounds; validate at every size and with a broken quote: {args.runs} rounds) "
        "run in rounds, every pair once per round, after an untimed warm-up (of each start-up pair; of the smallest "
        "validate pair, as the others read the same code and freshly written trees). Times are medians; a ratio is the "
        "median of the per-pair ratios, and the per-claim growth the median of the per-round ratios.",
        "The verdict is on wall time, as the targets are stated; the CPU-time ratio (user + system time of each "
        f"process) is a check that other work on the machine did not bend it: where the two differ by more than "
        f"{BUSY:.0%}, the note says so, and the CPU-time ratio is the firmer figure.",
        f"Build and release load have no floor: median of {args.build_runs} runs.",
        f"Floor for load and import: `{args.floor.name} {args.floor_data.name}` (a plain pydantic model validating "
        "130 claims from JSON), kept outside the repository.",
        "Floor for validate: `benchmarks/bare_parse.py TREE`, a `yaml.load(..., Loader=yaml.CSafeLoader)` of every "
        "YAML file of the same tree plus reading every seed.",
        f"Trees: `benchmarks/grow.py` copies the {real} real claims K-fold (k = {ks}); every tree validates.",
        "Peak RSS: each process's own maximum resident set size from `os.wait4`, the largest over the runs.",
        "The machine is shared: other jobs ran during the measurement (load average "
        f"{', '.join(f'{x:.2f}' for x in load_at_start)} at the start, on {os.cpu_count()} cores). "
        "Absolute times swing with that load; the paired ratios much less.",
    ]


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    try:
        for path in (args.floor, args.floor_data):
            if not path.is_file():
                raise Usage(f"{path}: no such file; pass --floor PATH (and --floor-data) or set CLAIMSET_BENCH_FLOOR")
        versions = probe(args.python)
        real = grow.count_claims(CHECKOUT)
    except (Usage, grow.GrowError) as exc:
        print(f"run.py: {exc}", file=sys.stderr)
        return 2
    load_at_start, at_commit = os.getloadavg(), commit(args.markdown)
    started = datetime.datetime.now(datetime.timezone.utc)
    try:
        with tempfile.TemporaryDirectory(prefix="claimset-bench-") as work:
            rows = measure_all(args, Path(work), real)
    except SubjectFailed as exc:
        print(f"run.py: a measured command failed, so there is no figure for it: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("run.py: interrupted; nothing written", file=sys.stderr)
        return 130
    except (grow.GrowError, OSError) as exc:
        print(f"run.py: {exc}", file=sys.stderr)
        return 2
    print(report.text_table(rows), end="")
    if args.markdown:
        took = datetime.datetime.now(datetime.timezone.utc) - started
        facts = [("date", f"{started:%Y-%m-%d %H:%M} UTC"), ("checkout at the start", at_commit),
                 ("the whole run took", f"{took.total_seconds() / 60:.1f} min"),
                 *report.machine(versions)]
        title = args.label or f"claimset {versions['claimset'].split(',')[0]}, commit {at_commit}"
        text = report.results_markdown(rows, facts, notes(args, load_at_start, real), title)
        try:
            report.write(args.markdown, text)
        except OSError as exc:
            print(f"run.py: {args.markdown}: cannot write ({exc.strerror})", file=sys.stderr)
            return 2
        print(f"wrote {args.markdown}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
