"""Valid means usable: whatever `validate` accepts, `build` (with Parquet), `site` and `load` handle."""

from __future__ import annotations

import json

import pytest


def _edit(root, old: str, new: str, name: str = "doc-a") -> None:
    path = root / "claims" / f"{name}.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.mark.parametrize("value", ["9007199254740992", "-9007199254740992", "1.0e+20", "-1.7976931348623157e+308"])
def test_the_largest_figures_validate_build_and_load(mini, run, tmp_path, value):
    pytest.importorskip("pyarrow")
    import claimset

    _edit(mini, "value: 5000", f"value: {value}")
    _edit(mini, "    approx: true\n", "    approx: false\n")
    assert run("validate", "--root", str(mini)).exit_code == 0
    result = run("build", "--root", str(mini), "--out", str(tmp_path / "release"), "--parquet")
    assert result.exit_code == 0, result.output
    figure = claimset.load(tmp_path / "release").claim("a-builders").figures[0]
    assert figure.value == json.loads(value)


@pytest.mark.parametrize(("date", "published"), [("9999-12-31", "9999-12-31"), ("0001-01-01", "2025-11-07")])
def test_the_first_and_last_days_validate_build_and_make_a_site(mini, run, tmp_path, date, published):
    pytest.importorskip("pyarrow")
    _edit(mini, "date: '2025-11-04'", f"date: '{date}'")
    _edit(mini, "published: '2025-11-07'", f"published: '{published}'")
    _edit(mini, "event_date: 2025-09", f"event_date: '{date}'")
    assert run("validate", "--root", str(mini)).exit_code == 0
    for command, extra in (("build", ["--parquet"]), ("site", [])):
        result = run(command, "--root", str(mini), "--out", str(tmp_path / command), *extra)
        assert result.exit_code == 0, result.output
    index = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    assert index.count("<text") < 200  # a year tick every so often over the centuries, not four per year


@pytest.mark.parametrize("line_break", ["\r", "\u2028", "\x85"])
def test_a_boolean_after_an_unusual_line_break_is_a_problem_not_an_internal_error(mini, run, line_break):
    path = mini / "claims" / "doc-a.yaml"
    text = path.read_text(encoding="utf-8").replace("  title: null\n", "  title: no\n")
    if line_break == "\r":
        text = text.replace("\n", "\r")
    else:
        text = text.replace("  id: doc-a\n", f"  id: doc-a{line_break}\n")
    path.write_bytes(text.encode("utf-8"))
    result = run("validate", "--root", str(mini))
    assert result.exit_code == 1, result.output
    assert "internal error" not in result.output
    assert "quote the value: title: 'no'" in result.output or "yaml-" in result.output
