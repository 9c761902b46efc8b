"""A pull request is untrusted: only regular files inside the checkout are read or written, and nothing else is echoed."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest

SECRET = "AUTHORIZATION: basic c2VjcmV0LXRva2Vu"


@pytest.fixture
def secret(tmp_path) -> Path:
    """A file outside the checkout, as the CI machine's .git/config or /proc/self/environ would be."""
    path = tmp_path / "outside" / "config"
    path.parent.mkdir()
    path.write_text(f"[http]\n\textraheader = {SECRET}\n", encoding="utf-8")
    return path


def _validate(run, root: Path, *args: str):
    started = time.monotonic()
    result = run("validate", "--root", str(root), *args)
    assert time.monotonic() - started < 30  # never hangs on a device or a FIFO
    return result


def _codes(result) -> list[tuple[str, str]]:
    return [(p["code"], p["file"]) for p in json.loads(result.output)]


def test_a_released_ids_file_that_links_outside_is_refused_unread(mini, run, secret):
    (mini / "releases").mkdir()
    (mini / "releases" / "latest-ids.txt").symlink_to(secret)
    for fmt in ("text", "github", "json"):
        result = _validate(run, mini, "--format", fmt)
        assert result.exit_code == 1
        assert SECRET not in result.output and "extraheader" not in result.output
    assert ("unsafe-file", "releases/latest-ids.txt") in _codes(_validate(run, mini, "--format", "json"))


def test_a_released_ids_line_that_is_no_id_is_not_echoed(mini, run):
    (mini / "releases").mkdir()
    (mini / "releases" / "latest-ids.txt").write_text(f"a-talks\n{SECRET}\n", encoding="utf-8")
    result = _validate(run, mini, "--format", "json")
    assert result.exit_code == 1
    assert SECRET not in result.output
    (problem,) = json.loads(result.output)
    assert (problem["code"], problem["line"]) == ("released-ids-line", 2)


def test_a_seed_that_links_outside_is_refused_unread(mini, run, secret):
    seed = mini / "seeds" / "doc-b.txt"
    seed.unlink()
    seed.symlink_to(secret)
    for command in ("validate", "coverage", "fmt"):
        result = run(command, "--root", str(mini))
        assert result.exit_code == 1, command
        assert SECRET not in result.output and "extraheader" not in result.output, command
    problems = json.loads(_validate(run, mini, "--format", "json").output)
    assert [(p["code"], p["file"]) for p in problems] == [("unsafe-file", "seeds/doc-b.txt")]
    assert "is a symbolic link" in problems[0]["message"]


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom"])
def test_a_file_that_links_to_a_device_is_refused_at_once(mini, run, device):
    if not os.path.exists(device):
        pytest.skip(f"no {device} here")
    seed = mini / "seeds" / "doc-a.txt"
    seed.unlink()
    seed.symlink_to(device)
    claims = mini / "claims" / "doc-b.yaml"
    claims.unlink()
    claims.symlink_to(device)
    result = _validate(run, mini, "--format", "json")
    assert result.exit_code == 1
    assert {("unsafe-file", "seeds/doc-a.txt"), ("unsafe-file", "claims/doc-b.yaml")} <= set(_codes(result))


def test_a_fifo_is_refused_without_waiting_for_a_writer(mini, run):
    claims = mini / "claims" / "doc-b.yaml"
    claims.unlink()
    os.mkfifo(claims)
    result = _validate(run, mini, "--format", "json")
    assert result.exit_code == 1
    assert ("unsafe-file", "claims/doc-b.yaml") in _codes(result)
    assert "a FIFO" in result.output


def test_a_claims_directory_that_is_a_link_is_refused(mini, run, tmp_path):
    elsewhere = tmp_path / "elsewhere"
    (mini / "claims").rename(elsewhere)
    (mini / "claims").symlink_to(elsewhere)
    before = {p: p.read_bytes() for p in elsewhere.rglob("*") if p.is_file()}
    result = _validate(run, mini, "--format", "json")
    assert result.exit_code == 1
    assert _codes(result)[0] == ("unsafe-file", "claims")
    assert run("fmt", "--root", str(mini)).exit_code == 1
    assert {p: p.read_bytes() for p in elsewhere.rglob("*") if p.is_file()} == before  # fmt rewrote nothing through the link


def test_fmt_never_writes_through_a_link(mini, run, secret):
    # A claims file that is a link to a file outside: refused, and the file outside is left as it was.
    before = secret.read_bytes()
    claims = mini / "claims" / "doc-b.yaml"
    claims.unlink()
    claims.symlink_to(secret)
    result = run("fmt", "--root", str(mini))
    assert result.exit_code == 1
    assert "unsafe-file" in result.output and SECRET not in result.output
    assert secret.read_bytes() == before


def test_fmt_writes_through_no_planted_temporary_name(mini, run, secret):
    # fmt's temporary files are created exclusively under names of their own: links planted under the fixed
    # names it once used are never written through.
    package = mini / "src" / "claimset"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text("", encoding="utf-8")  # claimset's own checkout: fmt writes its schemas
    (mini / "schema").mkdir()
    before = secret.read_bytes()
    for name in ("claim", "claims-file", "actor-file", "retired-file"):
        (mini / "schema" / f".{name}.schema.json.fmt").symlink_to(secret)
    (mini / ".README.md.fmt").symlink_to(secret)
    result = run("fmt", "--root", str(mini))
    assert result.exit_code == 0, result.output
    assert secret.read_bytes() == before
    assert (mini / "schema" / "claim.schema.json").is_file() and not (mini / "schema" / "claim.schema.json").is_symlink()


def test_a_file_larger_than_any_source_is_refused_unread(mini, run):
    from claimset import safefiles

    seed = mini / "seeds" / "doc-a.txt"
    with open(seed, "r+b") as file:  # sparse: no disk is spent
        file.truncate(safefiles.MAX_BYTES + 1)
    result = _validate(run, mini, "--format", "json")
    assert result.exit_code == 1
    assert ("unsafe-file", "seeds/doc-a.txt") in _codes(result)
    assert "larger than" in result.output


def test_what_validate_prints_is_bounded_however_many_problems(mini, run):
    from claimset.cli import MESSAGE_AT_MOST, SHOWN_AT_MOST

    # Thousands of claims with an unknown speaker whose name is long: problems and output stay bounded.
    path = mini / "claims" / "doc-b.yaml"
    text = path.read_text(encoding="utf-8")
    block = text[text.index("- id: b-meeting"):]
    long_name = "x" * 5000
    copies = "".join(block.replace("- id: b-meeting", f"- id: b-meeting-{i}").replace("speaker: agency", f"speaker: {long_name}{i}")
                     for i in range(SHOWN_AT_MOST + 200))
    path.write_text(text + copies, encoding="utf-8")
    result = run("validate", "--root", str(mini), "--format", "json")
    assert result.exit_code == 1
    # click's runner mixes stderr into output by default: separate the JSON array from the closing line.
    printed, _, note = result.output.rpartition("]")
    problems = json.loads(printed + "]")
    assert len(problems) == SHOWN_AT_MOST
    assert all(len(p["message"]) <= MESSAGE_AT_MOST + 40 for p in problems)
    assert "more problem(s) and warning(s) not shown" in note
    assert len(result.output) < SHOWN_AT_MOST * (MESSAGE_AT_MOST + 500)


# --- found by an independent hostile review -----------------------------------------


@pytest.mark.parametrize("fmt", ["text", "github", "json"])
def test_a_link_loop_is_refused_in_every_format_and_named_as_the_link(mini, run, secret, fmt):
    (mini / "claims" / "loop.yaml").symlink_to("loop.yaml")
    (mini / "claims" / "doc-c.yaml").symlink_to(secret)
    result = _validate(run, mini, "--format", fmt)
    assert result.exit_code == 1, result.output
    assert "internal error" not in result.output
    assert str(secret) not in result.output  # a link is named as itself, never as its target
    assert "claims/loop.yaml" in result.output and "claims/doc-c.yaml" in result.output


def test_a_huge_number_is_refused_before_it_is_built(mini, run):
    # PyYAML builds a sexagesimal integer in time growing with the square of its length.
    path = mini / "claims" / "doc-a.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("value: 5000", "value: 1" + ":59" * 300_000), encoding="utf-8")
    problems = json.loads(_validate(run, mini, "--format", "json").output)
    assert [(p["code"], p["line"]) for p in problems] == [("yaml-value", 34)]
    assert "a value of 900001 characters read as a int" in problems[0]["message"]


def test_a_megabyte_key_prints_as_a_short_line(mini, run):
    path = mini / "claims" / "doc-a.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "".join(f'? "{chr(97 + i)}{"K" * 100_000}"\n: 1\n' for i in range(3)),
                    encoding="utf-8")
    for fmt in ("text", "github", "json"):
        result = _validate(run, mini, "--format", fmt)
        assert result.exit_code == 1
        assert max(len(line) for line in result.output.splitlines()) < 3000, fmt


def test_a_quote_that_occurs_everywhere_is_counted_only_so_far(mini, run):
    import hashlib

    seed = mini / "seeds" / "doc-b.txt"
    seed.write_bytes(seed.read_bytes() + ("а" * 100_000 + "\n").encode("utf-8"))
    path = mini / "claims" / "doc-b.yaml"
    text = path.read_text(encoding="utf-8")
    old_sum = text.split("sha256: ", 1)[1].split("\n", 1)[0]
    text = text.replace(old_sum, hashlib.sha256(seed.read_bytes()).hexdigest())
    text = text.replace("    text: Агентство сообщило о встрече 6 ноября\n", "    text: аа\n")
    path.write_text(text, encoding="utf-8")
    problems = [p for p in json.loads(_validate(run, mini, "--format", "json").output) if p["code"] == "quote-mismatch"]
    assert problems and "(and at least 99 other place(s):" in problems[0]["message"]


def test_a_file_of_a_million_stray_keys_is_a_few_problems(mini, run):
    (mini / "claims" / "doc-c.yaml").write_text("".join(f"k{i}: 1\n" for i in range(50_000)), encoding="utf-8")
    problems = json.loads(_validate(run, mini, "--format", "json").output)
    mine = [p for p in problems if p["file"] == "claims/doc-c.yaml"]
    assert 20 <= len(mine) <= 25
    assert any("49980 more unknown top-level keys" in p["message"] for p in mine)


def test_a_folder_of_more_files_than_any_data_holds_is_refused_unread(mini, run, monkeypatch):
    # One file per actor: a pull request could add millions; the listing stops one entry past the bound.
    from claimset import safefiles

    monkeypatch.setattr(safefiles, "MAX_ENTRIES", 3)
    assert _validate(run, mini).exit_code == 0  # three actor files: at the bound
    (mini / "claims" / "actors" / "observer.yaml").write_text(
        "id: observer\nkind: person\nname: {ru: null, en: An observer}\n", encoding="utf-8")
    result = _validate(run, mini, "--format", "json")
    assert result.exit_code == 1
    assert _codes(result) == [("too-many-files", "claims/actors")]
    assert "holds more than 3 entries" in result.output


def test_an_actor_file_that_links_outside_is_refused_unread(mini, run, secret):
    path = mini / "claims" / "actors" / "minister.yaml"
    path.unlink()
    path.symlink_to(secret)
    result = _validate(run, mini, "--format", "json")
    assert result.exit_code == 1
    assert _codes(result) == [("unsafe-file", "claims/actors/minister.yaml")]
    assert secret.read_text(encoding="utf-8") not in result.output
