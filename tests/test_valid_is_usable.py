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
    pytest.importorskip("pandas")
    import claimset

    frame = claimset.load(tmp_path / "build").to_pandas()
    assert str(frame.set_index("id").loc["a-builders", "date_earliest"].date()) == date
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


@pytest.mark.parametrize("doc_id", ["index", "assets", "404"])  # `actors` is the claims/actors/ folder already
def test_a_document_id_the_site_needs_for_its_own_pages_is_refused(mini, run, add_document, doc_id):
    add_document(mini, doc_id, "Текст.\n")
    result = run("validate", "--root", str(mini), "--format", "json")
    assert result.exit_code == 1
    assert [(p["code"], p["file"]) for p in json.loads(result.output)] == [("reserved-document-id", f"claims/{doc_id}.yaml")]


def test_every_name_the_site_writes_at_its_top_level_is_reserved(mini):
    from claimset import load, site
    from claimset.check import RESERVED_DOCUMENT_IDS

    data = load(mini)
    top = {name.split("/")[0].removesuffix(".html") for name in site.pages(data, "0.1.0")}
    assert top - set(data.documents) <= set(RESERVED_DOCUMENT_IDS)
    assert "404" in RESERVED_DOCUMENT_IDS  # GitHub Pages serves 404.html for a missing page


def test_site_refuses_a_folder_that_holds_what_it_did_not_write(mini, run, tmp_path):
    out = tmp_path / "site"
    assert run("site", "--root", str(mini), "--out", str(out)).exit_code == 0
    assert run("site", "--root", str(mini), "--out", str(out)).exit_code == 0  # its own previous site is replaced
    (out / ".git").mkdir()
    (out / ".git" / "HEAD").write_text("ref: refs/heads/gh-pages\n", encoding="utf-8")
    (out / "CNAME").write_text("claims.example.org\n", encoding="utf-8")
    before = sorted(p.relative_to(out).as_posix() for p in out.rglob("*"))
    result = run("site", "--root", str(mini), "--out", str(out))
    assert result.exit_code == 2
    assert "site refused:" in result.output and "2 file(s) its assets/files.txt does not list (.git/HEAD, CNAME)" in result.output
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*")) == before
    (out / "CNAME").unlink()
    (out / ".git" / "HEAD").unlink()
    result = run("site", "--root", str(mini), "--out", str(out))
    assert result.exit_code == 2 and "(.git/)" in result.output  # an empty folder is not the site's either
    (out / ".git").rmdir()
    (out / "assets" / "files.txt").unlink()  # a site from before the manifest: judged by the names a site has
    assert run("site", "--root", str(mini), "--out", str(out)).exit_code == 0
    (out / "assets" / "files.txt").unlink()
    (out / "notes.txt").write_text("mine", encoding="utf-8")
    assert run("site", "--root", str(mini), "--out", str(out)).exit_code == 2
    assert (out / "notes.txt").read_text(encoding="utf-8") == "mine"
