"""Command-line behaviour: help, usage errors, exit codes, no tracebacks."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys

import pytest

from claimset.cli import cli


def test_every_command_has_help_with_an_example(run):
    for name in cli.commands:
        result = run(name, "--help")
        assert result.exit_code == 0
        assert "Example:" in result.output, name


def test_every_command_is_in_the_readme(repo):
    readme = (repo / "README.md").read_text(encoding="utf-8")
    block = readme[readme.index("### Command line"):readme.index("## Release files")]
    assert sorted(name for name in cli.commands if f"claimset {name} " not in block) == []


@pytest.mark.parametrize(("command", "kind"), [("build", "release"), ("site", "site")])
def test_an_output_command_refuses_to_replace_what_it_did_not_write(mini, run, tmp_path, command, kind):
    precious = tmp_path / "precious"
    precious.mkdir()
    (precious / "thesis.txt").write_text("years of work", encoding="utf-8")
    result = run(command, "--root", str(mini), "--out", str(precious))
    assert result.exit_code == 2
    assert f"is not a claimset {kind}" in result.output
    assert (precious / "thesis.txt").read_text(encoding="utf-8") == "years of work"
    for target in (mini, mini.parent):
        result = run(command, "--root", str(mini), "--out", str(target))
        assert result.exit_code == 2, target
        assert "is (or contains) the checkout" in result.output
        assert (mini / "claims" / "doc-a.yaml").is_file()


def test_usage_error_exits_2(run):
    result = run("validate", "--format", "xml")
    assert result.exit_code == 2


def test_missing_root_exits_2_without_traceback(tmp_path, run):
    result = run("validate", "--root", str(tmp_path / "absent"))
    assert result.exit_code == 2
    assert f"{tmp_path / 'absent'}: no such directory; point at a directory holding claims/ and seeds/" in result.output
    assert "Traceback" not in result.output
    (tmp_path / "empty").mkdir()
    result = run("validate", "--root", str(tmp_path / "empty"))
    assert result.exit_code == 2
    assert f"{tmp_path / 'empty'}: no claims/ directory" in result.output


@pytest.mark.parametrize("empty", [False, True])
def test_missing_or_empty_actor_registry_is_one_problem(mini, run, empty):
    shutil.rmtree(mini / "claims" / "actors")
    if empty:
        (mini / "claims" / "actors").mkdir()
    result = run("validate", "--root", str(mini), "--format", "json")
    assert result.exit_code == 1
    assert [(p["code"], p["file"]) for p in json.loads(result.output)] == [("missing-file", "claims/actors")]


def test_console_script_runs_as_module(mini):
    proc = subprocess.run([sys.executable, "-m", "claimset", "validate", "--root", str(mini)], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("valid: 3 claims in 2 documents, 3 actors")


def test_coverage_lists_uncovered_sentences(mini, run):
    path = mini / "claims" / "doc-b.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("claims:\n- id: b-meeting", "claims: []\nx:\n- id: b-meeting"), encoding="utf-8")
    path.write_text(path.read_text(encoding="utf-8").split("x:\n")[0], encoding="utf-8")
    result = run("coverage", "--root", str(mini))
    assert result.exit_code == 1
    assert "doc-b: 0/1 sentences covered" in result.output
    assert "0:38 Агентство сообщило о встрече 6 ноября." in result.output


def test_fmt_check_accepts_the_real_data(data_root, run):
    # The sample (tests/sample.py); the checks session runs fmt --check on all of it.
    result = run("fmt", "--check", "--root", str(data_root))
    assert result.exit_code == 0, result.output


def test_fmt_rewrites_to_canonical_form_without_changing_the_data(mini, run):
    from claimset.loader import load

    before = load(mini)
    path = mini / "claims" / "doc-a.yaml"
    path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    result = run("fmt", "--check", "--root", str(mini))
    assert result.exit_code == 1
    assert "claims/doc-a.yaml: not in canonical form" in result.output
    assert run("fmt", "--root", str(mini)).exit_code == 0
    assert run("fmt", "--check", "--root", str(mini)).exit_code == 0
    text = path.read_text(encoding="utf-8")
    assert text.startswith("document:\n")  # no schema/ in the fixture: no comment pointing editors at one
    assert "\r" not in text
    after = load(mini)
    assert after.claims == before.claims
    assert dict(after.documents) == dict(before.documents)


def test_fmt_refuses_invalid_files(mini, run):
    path = mini / "claims" / "doc-a.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("type: quantity", "type: rumour"), encoding="utf-8")
    original = path.read_bytes()
    result = run("fmt", "--root", str(mini))
    assert result.exit_code == 1
    assert "unknown-term" in result.output
    assert path.read_bytes() == original


def test_fmt_never_drops_a_comment_silently(mini, run):
    path = mini / "claims" / "doc-a.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("  type: quantity\n", "  type: quantity   # «около» → approx\n"),
                    encoding="utf-8")
    original = path.read_bytes()
    result = run("fmt", "--root", str(mini))
    assert result.exit_code == 1
    assert "claims/doc-a.yaml:21:1: comment: fmt does not keep comments (lines 21)" in result.output
    assert path.read_bytes() == original


def test_hash_signs_inside_values_are_not_comments():
    from claimset.fmt import comments

    text = "# yaml-language-server: $schema=x\na: 'x # y'\nb: c#d\n"
    assert comments(text) == []
    assert comments(text + "# note\n") == [4]


def _misspelt_speaker(data) -> int:
    path = data / "claims" / "doc-a.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("speaker: minister", "speaker: ministre", 1), encoding="utf-8")
    return text.split("speaker: minister")[0].count("\n") + 1


def test_machine_read_paths_are_from_the_current_directory(mini, run, tmp_path, monkeypatch):
    # A repository whose data is in data/, validated from the repository's top (as the action does).
    workspace = tmp_path / "ws"
    workspace.mkdir()
    mini.rename(workspace / "data")
    line = _misspelt_speaker(workspace / "data")
    monkeypatch.chdir(workspace)
    github = run("validate", "--format", "github", "--root", "data")
    assert github.exit_code == 1
    assert github.output.startswith(f"::error file=data/claims/doc-a.yaml,line={line},col=")
    (problem,) = json.loads(run("validate", "--format", "json", "--root", "data").output)
    assert (problem["file"], problem["path"], problem["line"]) == ("claims/doc-a.yaml", "data/claims/doc-a.yaml", line)
    text = run("validate", "--root", "data")
    assert text.output.startswith(f"claims/doc-a.yaml:{line}:")  # people read it against --root, as before


def test_machine_read_paths_are_absolute_when_the_root_is_elsewhere(mini, run, tmp_path, monkeypatch):
    line = _misspelt_speaker(mini)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    github = run("validate", "--format", "github", "--root", "../mini")
    absolute = (mini / "claims" / "doc-a.yaml").resolve().as_posix().replace(":", "%3A")
    assert github.output.startswith(f"::error file={absolute},line={line},col=")


def test_build_names_the_files_a_previous_release_does_not_list(mini, run, tmp_path):
    out = tmp_path / "b3"
    assert run("build", "--root", str(mini), "--out", str(out)).exit_code == 0
    (out / "my-analysis.ipynb").write_text("{}", encoding="utf-8")
    (out / "work").mkdir()
    (out / "work" / "data.csv").write_text("a,b\n", encoding="utf-8")
    result = run("build", "--root", str(mini), "--out", str(out))
    assert result.exit_code == 2
    assert result.output == (
        f"Error: build refused: {out}: a claimset release with 2 file(s) its SHA256SUMS does not list "
        "(my-analysis.ipynb, work/data.csv), which `claimset build` would delete: it replaces its --out "
        "directory whole. Move those files out of it, or choose an empty or new directory\n"
    )
    assert (out / "work" / "data.csv").read_text(encoding="utf-8") == "a,b\n"
    for i in range(7):
        (out / f"extra-{i}.txt").write_text("", encoding="utf-8")
    result = run("build", "--root", str(mini), "--out", str(out))
    assert "with 9 file(s) its SHA256SUMS does not list (extra-0.txt, extra-1.txt, extra-2.txt, extra-3.txt, extra-4.txt, …)" in result.output


def test_counts_prints_the_tables_for_any_checkout_and_escapes_names(mini, run):
    result = run("counts", "--root", str(mini))
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == "3 claims in 2 documents, 3 actors."
    assert "| `doc-a` | 2025-11-07 | 2 |" in result.output
    path = mini / "claims" / "actors" / "minister.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("en: The minister", "en: 'The | minister [x](y)'"),
                    encoding="utf-8")
    escaped = run("counts", "--root", str(mini)).output
    assert r"The \| minister \[x\]\(y\)" in escaped and "[x](y)" not in escaped
    broken = path.read_text(encoding="utf-8").replace("kind: person", "kind: nobody", 1)
    path.write_text(broken, encoding="utf-8")
    refused = run("counts", "--root", str(mini))
    assert refused.exit_code == 1 and "no counts until the data is valid" in refused.output


@pytest.mark.parametrize("command", [("counts",), ("site", "--out", "site"), ("build", "--out", "release")])
def test_reading_commands_outside_a_checkout_use_the_installed_data_and_say_so(run, tmp_path, monkeypatch, command):
    from claimset.loader import packaged_root

    monkeypatch.chdir(tmp_path)  # no claims/ here
    result = run(*command)
    assert result.exit_code == 0, result.output
    assert f"no claims/ here: reading the data the installed claimset" in result.output
    assert str(packaged_root()) in result.output
