"""The benchmark's grown trees are valid data, and its memory figures are per process.

The timings themselves live in benchmarks/run.py and never run here.
"""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parents[1]


def _benchmark_module(name: str):
    # benchmarks/ is not a package; its dataclasses need the module registered while it runs.
    spec = importlib.util.spec_from_file_location(f"benchmarks_{name}", REPO / "benchmarks" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


grow = _benchmark_module("grow")
measure = _benchmark_module("measure")


def _claims(path: Path) -> list[dict]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))["claims"]


def test_real_data_grown_twofold_validates(run, tmp_path, data_root):
    # On the sample of the data (tests/sample.py), so the test costs the same however much data there is.
    real = run("validate", "--root", str(data_root))
    assert real.exit_code == 0, real.output
    claims = int(real.output.splitlines()[-1].split()[1])  # the summary, after any warnings

    grown = grow.grow(data_root, tmp_path / "tree", 2)

    result = run("validate", "--root", str(tmp_path / "tree"))
    assert result.exit_code == 0, result.output
    # Near-duplicate warnings may come first: copies of data that already holds copies are not all noted.
    assert result.output.splitlines()[-1].startswith(f"valid: {2 * claims} claims in {grown.documents} documents")
    assert grown.claims == 2 * claims


def test_copies_keep_seed_bytes_and_point_at_their_own_claims(mini, run, tmp_path):
    (mini / "claims" / "retired.yaml").write_text(
        "retired:\n- id: a-old\n  reason: merged\n  replaced_by: [a-talks]\n  retired_in: 0.2.0\n", encoding="utf-8"
    )
    (mini / "releases").mkdir()
    (mini / "releases" / "latest-ids.txt").write_text("a-talks\na-old\n", encoding="utf-8")
    tree = tmp_path / "tree"

    grow.grow(mini, tree, 2)

    assert run("validate", "--root", str(tree)).exit_code == 0
    assert sorted(p.name for p in (tree / "seeds").iterdir()) == [
        "doc-a-copy-001.txt", "doc-a-copy-002.txt", "doc-b-copy-001.txt", "doc-b-copy-002.txt"
    ]
    # The original's bytes, then a line of the copy's own, listed as a not-claim: no two texts are one.
    original = (mini / "seeds" / "doc-a.txt").read_bytes()
    copied = (tree / "seeds" / "doc-a-copy-002.txt").read_bytes()
    assert copied.startswith(original) and copied != original
    assert copied.decode("utf-8").splitlines()[-1].startswith("Копия 002")
    talks = next(c for c in _claims(tree / "claims" / "doc-a-copy-002.yaml") if c["id"] == "a-talks-c002")
    assert [r["claim"] for r in talks["relations"]] == ["b-meeting-c002"]
    retired = yaml.safe_load((tree / "claims" / "retired.yaml").read_text(encoding="utf-8"))["retired"]
    assert [(r["id"], r["replaced_by"]) for r in retired] == [("a-old-c001", ["a-talks-c001"]),
                                                              ("a-old-c002", ["a-talks-c002"])]
    assert not (tree / "releases").exists()


def test_broken_quote_is_one_quote_mismatch(mini, run, tmp_path):
    tree = tmp_path / "tree"
    grow.grow(mini, tree, 1)

    broken = grow.break_one_quote(tree)

    result = run("validate", "--root", str(tree))
    assert result.exit_code == 1
    assert [line.split(": ")[1] for line in result.stdout.splitlines()] == ["quote-mismatch"]
    assert result.output.startswith(f"claims/{broken}:")


def test_grow_command_refuses_a_non_empty_output(mini, tmp_path):
    (tmp_path / "full").mkdir()
    (tmp_path / "full" / "keep.txt").write_text("mine", encoding="utf-8")

    result = subprocess.run(
        [sys.executable, str(REPO / "benchmarks" / "grow.py"), "--k", "2", "--root", str(mini),
         "--out", str(tmp_path / "full")],
        capture_output=True, text=True,
    )

    assert result.returncode == 2
    assert result.stderr == f"grow: {tmp_path / 'full'}: exists and is not empty; choose a new directory\n"
    assert (tmp_path / "full" / "keep.txt").read_text(encoding="utf-8") == "mine"


def test_peak_memory_is_each_process_own(tmp_path):
    # Measured from a small parent, as the runner is: a child forked from a large
    # one (this pytest process) starts its peak at the parent's size.
    script = (
        "import sys; from pathlib import Path; import measure\n"
        "big = measure.run_once([sys.executable, '-c', \"data = b'x' * (200 * 2**20)\"], Path('.'))\n"
        "small = measure.run_once([sys.executable, '-c', 'pass'], Path('.'))\n"
        "print(big.max_rss, small.max_rss)\n"
    )
    out = subprocess.run([sys.executable, "-c", script], cwd=tmp_path, capture_output=True, text=True, check=True,
                         env={**os.environ, "PYTHONPATH": str(REPO / "benchmarks")}).stdout
    big, small = map(int, out.split())

    assert big >= 200 * 2**20
    assert small < 100 * 2**20  # not the largest child so far, as RUSAGE_CHILDREN would say


def test_a_failing_subject_is_reported_with_its_output(tmp_path):
    command = [sys.executable, "-c", "import sys; print('no such claim'); sys.exit(3)"]

    with pytest.raises(measure.SubjectFailed) as failed:
        measure.run_once(command, tmp_path)

    assert (failed.value.code, failed.value.output) == (3, "no such claim\n")
    assert str(failed.value).endswith("exited 3:\nno such claim")


def test_runner_refuses_a_missing_floor(tmp_path):
    result = subprocess.run(
        [sys.executable, str(REPO / "benchmarks" / "run.py"), "--floor", str(tmp_path / "floor_load.py")],
        capture_output=True, text=True,
    )

    assert result.returncode == 2
    assert result.stderr == (f"run.py: {tmp_path / 'floor_load.py'}: no such file; "
                             "pass --floor PATH (and --floor-data) or set CLAIMSET_BENCH_FLOOR\n")


def test_copies_grown_into_a_checkout_join_its_data(mini, run):
    before = sorted(p.name for p in (mini / "claims").iterdir())

    grown = grow.grow(mini, mini, 1, into=True)

    assert grown.documents == 2
    names = sorted(p.name for p in (mini / "claims").iterdir())
    assert set(before) < set(names) and "doc-a-copy-001.yaml" in names
    result = run("validate", "--root", str(mini))
    assert result.exit_code == 0, result.output


def test_copies_of_named_documents_alone_join_a_checkout_and_keep_relations_to_the_others(mini, run, tmp_path):
    grown = grow.grow(mini, mini, 1, into=True, documents=["doc-a"])

    assert (grown.documents, sorted(p.stem for p in (mini / "claims").glob("doc-*.yaml"))) == (
        1, ["doc-a", "doc-a-copy-001", "doc-b"])
    copied = yaml.safe_load((mini / "claims" / "doc-a-copy-001.yaml").read_text(encoding="utf-8"))
    (talks,) = [c for c in copied["claims"] if c["id"] == grow.copy_id("a-talks", 1)]
    assert talks["relations"] == [{"type": "restates", "claim": "b-meeting"}]  # doc-b was not copied
    result = run("validate", "--root", str(mini))
    assert result.exit_code == 0, result.output
    with pytest.raises(grow.GrowError, match="no document doc-z"):
        grow.grow(mini, mini, 1, into=True, documents=["doc-z"])
    with pytest.raises(grow.GrowError, match="--documents needs --into"):
        grow.grow(mini, tmp_path / "tree", 1, documents=["doc-a"])


def test_a_copys_note_does_not_grow_with_the_number_of_copies(mini, run, tmp_path):
    # Up to NAMED_SIBLINGS copies a note names its siblings (validate pairs them as near-duplicates); with more,
    # validate pairs none, and a note naming every other copy would make the data grow with K squared.
    from claimset import duplicates

    assert grow.NAMED_SIBLINGS == duplicates.MAX_TEXTS_PER_SHINGLE
    few, many = tmp_path / "few", tmp_path / "many"
    grow.grow(mini, few, 3)
    grow.grow(mini, many, grow.NAMED_SIBLINGS + 1)

    def notes(tree: Path, n: int) -> list[str]:
        return [yaml.safe_load(p.read_text(encoding="utf-8"))["document"]["note"]
                for p in sorted((tree / "claims").glob(f"*-copy-{n:03d}.yaml"))]

    assert notes(few, 1) and all("the other copies:" in note for note in notes(few, 1))
    assert all("the other copies:" not in note for note in notes(many, 1))
    assert max(map(len, notes(many, 1))) < 2 * max(map(len, notes(few, 1)))
    result = run("validate", "--root", str(many))
    assert result.exit_code == 0, result.output
    assert "near-duplicate" not in result.output
