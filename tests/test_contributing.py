"""CONTRIBUTING.md's routine works as written: its template, filled in, passes fmt, validate and fmt --check."""

from __future__ import annotations

import shutil
from pathlib import Path

import yaml

from claimset import docs, schema
from claimset.fmt import comments

DOCUMENT = "unnamed-2025-11-07-dprk-russia-military-talks"
NEW_ID = "talks25-nis-5000-builders-from-template"
# A real span of the seed, given as text alone: the contributor counts no offsets.
NEW_QUOTE = "около 5 тыс. северокорейских военных строителей"


def _template(repo: Path) -> str:
    text = (repo / "CONTRIBUTING.md").read_text(encoding="utf-8")
    section = text[text.index("## Record template"):]
    start = section.index("```yaml\n") + len("```yaml\n")
    return section[start:section.index("```\n", start)]


def _checkout_copy(repo: Path, data: Path, target: Path) -> Path:
    """What a clean clone holds that the commands read and write, with the data of ``data`` (a sample of it)."""
    for name in ("claims", "seeds", "schema", "releases", "src"):
        source = data if name in ("claims", "seeds") else repo
        if (source / name).is_dir():
            shutil.copytree(source / name, target / name)
    shutil.copy2(repo / "README.md", target / "README.md")
    return target


def test_the_template_is_one_claim_without_comments(repo):
    template = _template(repo)
    assert comments("# yaml-language-server: $schema=x\n" + template) == []
    (record,) = yaml.safe_load(template)
    assert set(record["quote"]) == {"text"}  # offsets are fmt's job


def _schema_files(root: Path) -> list[str]:
    return sorted(p.relative_to(root).as_posix() for p in (root / "schema").glob("*.json"))


def test_the_filled_in_template_passes_the_routine_and_ci_checks(repo, data_root, tmp_path, run):
    root = _checkout_copy(repo, data_root, tmp_path / "checkout")
    before = run("validate", "--root", str(root)).output
    # However many documents the data holds: a contribution that adds one keeps this test passing.
    summary = before.splitlines()[-1].split()  # after any warnings: "valid: N claims in M documents, …"
    claims_before, documents = int(summary[1]), int(summary[4])
    template = _template(repo)
    filled = template.replace("- id: talks25-nis-military-builders-since-september", f"- id: {NEW_ID}")
    filled = filled.replace(
        "    text: около 5 тыс. северокорейских военных строителей последовательно перемещаются в Россию с сентября\n",
        f"    text: {NEW_QUOTE}\n",
    )
    assert filled.count(NEW_ID) == 1 and filled.count(NEW_QUOTE) == 1, "the template changed: update this test"
    path = root / "claims" / f"{DOCUMENT}.yaml"
    path.write_text(path.read_text(encoding="utf-8") + filled, encoding="utf-8")

    generated_before = {rel: (root / rel).read_bytes() for rel in ("README.md", *_schema_files(root))}
    result = run("fmt", "--root", str(root))
    assert result.exit_code == 0, result.output
    assert f"quote of {NEW_ID} placed at 1354:1401" in result.output
    # A data change touches its own claims file and nothing generated: two such pull requests cannot conflict there.
    assert result.output.splitlines()[-1] == f"claims/{DOCUMENT}.yaml: reformatted"
    assert {rel: (root / rel).read_bytes() for rel in generated_before} == generated_before

    validate = run("validate", "--root", str(root))
    assert validate.exit_code == 0, validate.output
    assert validate.output.splitlines()[-1].startswith(f"valid: {claims_before + 1} claims in {documents} documents")
    # What CI checks besides: canonical sources, current README sections and schemas.
    assert run("fmt", "--check", "--root", str(root)).exit_code == 0
    readme = (root / "README.md").read_text(encoding="utf-8")
    assert docs.apply(readme, docs.generate()) == readme
    assert schema.stale(root / "schema") == {}
