"""The sample the data tests read (tests/sample.py): the originals, and the smallest few others."""

from __future__ import annotations

from pathlib import Path

from sample import ORIGINALS, OTHERS, sample_documents


def _checkout(root: Path, sizes: dict[str, int]) -> Path:
    (root / "claims").mkdir(parents=True)
    (root / "seeds").mkdir()
    (root / "claims" / "retired.yaml").write_text("retired: []\n", encoding="utf-8")
    for document, size in sizes.items():
        (root / "claims" / f"{document}.yaml").write_text("document: {}\n", encoding="utf-8")
        (root / "seeds" / f"{document}.txt").write_bytes(b"x" * size)
    return root / "claims"


def test_the_sample_holds_the_originals_and_the_smallest_others_whatever_is_added(tmp_path):
    added = {f"added-{n:02d}": 1000 - n for n in range(20)}  # the later the id, the smaller the text
    claims = _checkout(tmp_path, {**dict.fromkeys(ORIGINALS, 5000), **added})

    chosen = sample_documents(claims)

    smallest = sorted(added, key=added.get)[:OTHERS]
    assert chosen == [*ORIGINALS, *sorted(smallest)]
    assert "retired" not in chosen
    assert len(chosen) == len(ORIGINALS) + OTHERS  # it does not grow with what is added


def test_without_other_documents_the_sample_is_the_originals(tmp_path):
    assert sample_documents(_checkout(tmp_path, dict.fromkeys(ORIGINALS, 10))) == list(ORIGINALS)
