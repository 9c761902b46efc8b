"""`claimset new`: a source text becomes a document to annotate, and the routine takes it from there."""

from __future__ import annotations

import hashlib
import re
import shutil
import json
from pathlib import Path

import pytest
import yaml

# CRLF line ends and a no-break space: the seed must keep both, byte for byte.
SOURCE = "Заголовок статьи\r\nМинистр сказал, что всё\u00a0хорошо. Агентство промолчало.\r\n".encode()


@pytest.fixture
def article(tmp_path: Path) -> Path:
    path = tmp_path / "incoming" / "article 1.txt"
    path.parent.mkdir()
    path.write_bytes(SOURCE)
    return path


def test_new_copies_the_text_and_lists_what_to_do(mini, run, article):
    result = run("new", str(article), "--id", "doc-c", "--root", str(mini))
    assert result.exit_code == 0, result.output
    digest = hashlib.sha256(SOURCE).hexdigest()
    assert (mini / "seeds" / "doc-c.txt").read_bytes() == SOURCE
    # The fixture is a data repository without schema/: no comment points editors at a schema it lacks.
    assert (mini / "claims" / "doc-c.yaml").read_text(encoding="utf-8") == (
        "document:\n"
        "  id: doc-c\n"
        "  source_file: article 1.txt\n"
        f"  sha256: {digest}\n"
        "claims: []\n"
    )
    lines = result.output.splitlines()
    assert lines[0] == f"wrote seeds/doc-c.txt ({len(SOURCE)} bytes, sha256 {digest}) and claims/doc-c.yaml"
    assert "     outlet: The outlet that published the document." in lines
    assert "     url: The document's address, only where known; never guessed." in lines
    assert "     0:16 Заголовок статьи" in lines
    assert "     18:49 Министр сказал, что всё\u00a0хорошо." in lines


def test_validate_names_each_document_field_still_to_fill_and_each_sentence_to_annotate(mini, run, article):
    run("new", str(article), "--id", "doc-c", "--root", str(mini))
    result = run("validate", "--root", str(mini), "--format", "json")
    assert result.exit_code == 1
    problems = json.loads(result.output)
    assert {(p["code"], p["field"]) for p in problems if p["code"] != "uncovered-sentence"} == {
        ("missing-field", f"document.{name}")
        for name in ("title", "outlet", "published", "published_inferred", "published_evidence", "language", "url")
    }
    uncovered = [p["message"] for p in problems if p["code"] == "uncovered-sentence"]
    assert [m.split(": ", 1)[1] for m in uncovered] == [
        repr("Заголовок статьи"), repr("Министр сказал, что всё\xa0хорошо."), repr("Агентство промолчало.")
    ]


def test_new_document_end_to_end(mini, run, article):
    """new → fill in the document and the claims, quotes as text alone → fmt → validate and coverage pass."""
    assert run("new", str(article), "--id", "doc-c", "--root", str(mini)).exit_code == 0
    path = mini / "claims" / "doc-c.yaml"
    record = yaml.safe_load(path.read_text(encoding="utf-8"))
    record["document"].update(title="Заголовок статьи", outlet="outlet-a", published="2025-11-09",
                              published_inferred=False, published_evidence="date line", language="ru", url=None,
                              not_claims=[{"quote": {"text": "Заголовок статьи"}, "reason": "rubric"}])
    claim = {"type": "assessment", "mode": "indirect", "speaker": "minister", "about": [], "date": "2025-11-09",
             "topics": ["diplomacy"], "review": {"status": "first-read"}}
    record["claims"] = [
        {"id": "c-all-well", **claim, "quote": {"text": "всё\u00a0хорошо"}, "english": "All is well."},
    ]
    path.write_text(yaml.safe_dump(record, allow_unicode=True, sort_keys=False), encoding="utf-8")

    result = run("fmt", "--root", str(mini))
    # One sentence is not annotated yet: validate and coverage say so. fmt has done its part (the
    # fixture is a data repository, without claimset's README counts to wait for valid data).
    assert result.exit_code == 0, result.output
    assert "claims/doc-c.yaml:13: quote of not_claims[0] placed at 0:16" in result.output
    assert "quote of c-all-well placed at 38:48" in result.output
    coverage = run("coverage", "--root", str(mini))
    assert coverage.exit_code == 1
    assert "doc-c: 2/3 sentences covered\n  50:71 Агентство промолчало.\n" in coverage.output

    record = yaml.safe_load(path.read_text(encoding="utf-8"))
    record["claims"].append({"id": "c-agency-silent", **claim, "mode": "narrative", "speaker": "outlet-a",
                             "quote": {"text": "Агентство промолчало."}, "english": "The agency kept silent."})
    path.write_text(yaml.safe_dump(record, allow_unicode=True, sort_keys=False), encoding="utf-8")
    result = run("fmt", "--root", str(mini))
    assert result.exit_code == 0, result.output
    assert run("validate", "--root", str(mini)).output.startswith("valid: 5 claims in 3 documents")
    assert run("coverage", "--root", str(mini)).exit_code == 0
    assert run("fmt", "--check", "--root", str(mini)).exit_code == 0
    assert (mini / "seeds" / "doc-c.txt").read_bytes() == SOURCE
    assert path.read_text(encoding="utf-8").startswith("document:\n")


SCHEMA_COMMENT = "# yaml-language-server: $schema=../schema/claims-file.schema.json\n"


def test_new_points_editors_at_the_schema_where_the_repository_keeps_it(mini, run, article):
    (mini / "schema").mkdir()
    (mini / "schema" / "claims-file.schema.json").write_text("{}", encoding="utf-8")
    # fmt and new agree: each writes the comment, as the schema is there.
    assert run("fmt", "--root", str(mini)).exit_code == 0
    assert (mini / "claims" / "doc-a.yaml").read_text(encoding="utf-8").startswith(SCHEMA_COMMENT + "document:\n")
    assert run("new", str(article), "--id", "doc-c", "--root", str(mini)).exit_code == 0
    assert (mini / "claims" / "doc-c.yaml").read_text(encoding="utf-8").startswith(SCHEMA_COMMENT + "document:\n")


def test_fmt_drops_a_schema_comment_that_names_a_missing_schema(mini, run):
    path = mini / "claims" / "doc-b.yaml"
    assert run("fmt", "--root", str(mini)).exit_code == 0
    path.write_text(SCHEMA_COMMENT + path.read_text(encoding="utf-8"), encoding="utf-8")
    result = run("fmt", "--check", "--root", str(mini))
    assert result.exit_code == 1
    assert result.output == "claims/doc-b.yaml: not in canonical form; run `claimset fmt`\n"
    assert run("fmt", "--root", str(mini)).exit_code == 0
    assert path.read_text(encoding="utf-8").startswith("document:\n")
    assert run("fmt", "--check", "--root", str(mini)).exit_code == 0


@pytest.mark.parametrize(
    ("doc_id", "content", "message"),
    [
        ("doc-a", SOURCE, "claims/doc-a.yaml already exists; document ids are unique"),
        ("Doc_C", SOURCE, "'Doc_C' is not a document id: use lowercase letters, digits and single hyphens"),
        ("doc-c", "Текст.".encode("cp1251"), "in.txt:1:1: seed-encoding: byte 0 (0xD2) is not UTF-8: seeds are UTF-8 text"),
        ("doc-c", "Заголовок\nТекст «".encode() + b"\xff.", "in.txt:2:8: seed-encoding: byte 32 (0xFF) is not UTF-8"),
        ("doc-c", "\ufeffПутин заявил.".encode(), "in.txt:1:1: seed-encoding: U+FEFF ZERO WIDTH NO-BREAK SPACE: the file "
                                                  "starts with a byte-order mark"),
        ("doc-c", "Заголовок\nПере\u00adговоры прошли.".encode(), "in.txt:2:5: seed-character: U+00AD SOFT HYPHEN at "
                                                                 "offset 14: a quote may not hold it"),
        ("doc-c", "Текст.\x00\n".encode(), "in.txt:1:7: seed-character: U+0000 NULL at offset 6"),
        ("doc-c", b" \n\n", "the file holds no text to annotate"),
    ],
    ids=["existing-id", "bad-slug", "cp1251", "invalid-byte-mid-line", "bom", "soft-hyphen", "nul", "blank"],
)
def test_new_refuses_and_writes_nothing(mini, run, tmp_path, doc_id, content, message):
    source = tmp_path / "in.txt"
    source.write_bytes(content)
    before = sorted(p.relative_to(mini) for p in mini.rglob("*"))
    result = run("new", str(source), "--id", doc_id, "--root", str(mini))
    assert result.exit_code == 2
    assert message in " ".join(result.output.split())  # as one line, however click wraps it
    assert "Traceback" not in result.output
    assert sorted(p.relative_to(mini) for p in mini.rglob("*")) == before


def test_new_refuses_an_existing_seed(mini, run, article):
    (mini / "seeds" / "doc-c.txt").write_bytes(b"other text\n")
    result = run("new", str(article), "--id", "doc-c", "--root", str(mini))
    assert result.exit_code == 2
    # No document to edit: it says how to make one of the text already there.
    assert " ".join(result.output.split()) == (
        "Error: seeds/doc-c.txt already exists, with no claims/doc-c.yaml: to annotate that text, "
        "run `claimset new seeds/doc-c.txt --id doc-c`; to add another, choose another id"
    )
    assert (mini / "seeds" / "doc-c.txt").read_bytes() == b"other text\n"
    assert not (mini / "claims" / "doc-c.yaml").exists()


def test_new_makes_a_document_of_a_text_already_saved_as_its_seed(mini, run):
    # validate says "add its document and claims" of a seed without one; `new` does that, keeping the seed.
    seed = mini / "seeds" / "doc-c.txt"
    seed.write_bytes(SOURCE)
    assert "seed-without-document" in run("validate", "--root", str(mini)).output
    result = run("new", str(seed), "--id", "doc-c", "--root", str(mini))
    assert result.exit_code == 0, result.output
    digest = hashlib.sha256(SOURCE).hexdigest()
    assert result.output.splitlines()[0] == (
        f"kept seeds/doc-c.txt ({len(SOURCE)} bytes, sha256 {digest}) as it is and wrote claims/doc-c.yaml"
    )
    assert seed.read_bytes() == SOURCE
    record = yaml.safe_load((mini / "claims" / "doc-c.yaml").read_text(encoding="utf-8"))
    assert record["document"] == {"id": "doc-c", "source_file": "doc-c.txt", "sha256": digest}
    assert "seed-without-document" not in run("validate", "--root", str(mini)).output


def _data_copy(repo: Path, target: Path) -> Path:
    """The checkout's data, whatever it holds: claims/, seeds/ and the latest release's ids."""
    for name in ("claims", "seeds", "releases"):
        if (repo / name).is_dir():
            shutil.copytree(repo / name, target / name)
    return target


def _claim_ids(root: Path) -> set[str]:
    from claimset.read import read_tree

    tree = read_tree(root)
    ids = {raw.data.get("id") for raw in tree.claims + tree.retired if isinstance(raw.data, dict)}
    return {i for i in ids if isinstance(i, str)} | {claim_id for _, claim_id in tree.released_ids}


# How many of the checkout's documents the per-document tests take: a fixed number, whatever the data holds.
SAMPLE = 5


def _reflowed(data: bytes) -> bytes:
    """The same text saved otherwise: CRLF line ends, doubled spaces, a trailing blank line."""
    return data.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n").replace(b" ", b"  ") + b"\r\n"


@pytest.mark.parametrize("saved", ["as-is", "reflowed"])
def test_new_refuses_every_text_already_a_document(data_root, run, tmp_path, saved):
    root = _data_copy(data_root, tmp_path / "data")
    # A sample of the texts, so the test costs the same however many documents there are; validate's
    # duplicate-document covers every text.
    seeds = sorted((root / "seeds").glob("*.txt"))[:SAMPLE]
    assert seeds
    before = sorted(p.relative_to(root) for p in root.rglob("*"))
    for seed in seeds:
        source = tmp_path / "in.txt"
        source.write_bytes(seed.read_bytes() if saved == "as-is" else _reflowed(seed.read_bytes()))
        result = run("new", str(source), "--id", "outlet-2030-01-01-again", "--root", str(root))
        assert result.exit_code == 2, result.output
        assert f"this text is already document {seed.stem!r}" in " ".join(result.output.split())
    assert sorted(p.relative_to(root) for p in root.rglob("*")) == before


def test_new_proposes_a_prefix_no_claim_id_of_the_checkout_has(data_root, run, tmp_path, article):
    root = _data_copy(data_root, tmp_path / "data")
    used = {claim_id.split("-", 1)[0] for claim_id in _claim_ids(root)}
    assert used
    # An id whose words made the prefixes of a document already there: the new one gets another.
    for stem in sorted(p.stem for p in (root / "seeds").glob("*.txt"))[:SAMPLE]:  # a sample, as above
        doc_id = f"{stem}-again"
        result = run("new", str(article), "--id", doc_id, "--root", str(root))
        assert result.exit_code == 0, result.output
        (line,) = [row for row in result.output.splitlines() if row.startswith("claim ids: start each with ")]
        prefix = line.split()[5].removesuffix("-")
        assert prefix not in used and re.fullmatch(r"[a-z0-9]+", prefix)
        used.add(prefix)
        (root / "seeds" / f"{doc_id}.txt").unlink()
        (root / "claims" / f"{doc_id}.yaml").unlink()
        # what the next document's prefix must avoid too: a claim of this one
        (root / "claims" / "retired.yaml").write_text(
            "retired:\n" + "".join(f"- id: {p}-x\n  reason: test\n  retired_in: 0.1.0\n" for p in sorted(used)),
            encoding="utf-8")


def test_a_prefix_of_retired_or_released_ids_is_not_proposed_again():
    from claimset.new_document import prefix_candidates, propose_prefix

    candidates = prefix_candidates("ria-2025-12-05-treaty-anniversary-asmolov")
    assert candidates[0] == "treaty25" and len(candidates) == len(set(candidates)) <= 6
    assert all(re.fullmatch(r"[a-z0-9]+25", c) for c in candidates)
    assert propose_prefix("ria-2025-12-05-treaty-anniversary-asmolov", {"treaty25"}) == candidates[1]
    # Every word-made prefix taken: a number is added, and the search ends.
    used = set(candidates) | {f"treaty25n{n}" for n in range(2, 40)}
    assert propose_prefix("ria-2025-12-05-treaty-anniversary-asmolov", used) == "treaty25n40"
    assert prefix_candidates("doc-c") == ["c"]
    assert prefix_candidates("tass-2024-07-su-57")[:2] == ["su24", "s524"]  # a month without a day is skipped too


def test_new_warns_of_a_text_mostly_another_documents(mini, run, tmp_path):
    seed = (mini / "seeds" / "doc-a.txt").read_text(encoding="utf-8")
    source = tmp_path / "repost.txt"
    source.write_text("Другой заголовок\n" + seed.split("\n", 1)[1],
                      encoding="utf-8")
    result = run("new", str(source), "--id", "doc-c", "--root", str(mini))
    assert result.exit_code == 0, result.output
    (warning,) = [row for row in result.output.splitlines() if row.startswith("warning: ")]
    assert "document 'doc-a'" in warning and "One text, one document" in warning
    assert "near-duplicate-document" in run("validate", "--root", str(mini)).output
