"""The shipped data itself: valid, complete, and faithful to its seeds."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from claimset import dates
from claimset.loader import load

SHARED_SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"


@pytest.fixture(scope="module")
def data():
    from conftest import REPO

    return load(REPO)


def test_real_data_validates(run, repo):
    result = run("validate", "--root", str(repo), "--format", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.output) == []


def test_every_sentence_is_covered(run, repo, data):
    result = run("coverage", "--root", str(repo))
    assert result.exit_code == 0, result.output
    assert result.output.count("sentences covered") == len(data.documents)


def test_all_five_documents_with_well_over_a_hundred_claims(data):
    assert len(data.documents) >= 5
    assert len(data.claims) > 100
    for doc_id in data.documents:
        assert len(data.filter(document=doc_id)) >= 15, doc_id


def test_every_quote_is_the_seed_at_its_offsets(data):
    for claim in data.claims:
        text = data.documents[claim.document].text
        assert text[claim.quote.start:claim.quote.end] == claim.quote.text, claim.id


def test_every_claim_has_speaker_date_translation_and_review(data):
    for claim in data.claims:
        assert claim.speaker in data.actors
        assert all(actor in data.actors for actor in claim.via)
        assert dates.parse(claim.date)
        assert claim.english.strip()
        # A contribution arrives first-read (CONTRIBUTING); its second read is the review's.
        assert claim.review.status.value in ("first-read", "second-read"), claim.id


def test_numbers_in_quantity_claims_are_structured(data):
    for claim in data.filter(type="quantity"):
        assert claim.figures, claim.id


def test_signature_example(data):
    claim = data.claim("talks25-nis-military-builders-since-september")
    assert (claim.speaker, claim.via, claim.date) == ("nis-south-korea", ["yonhap"], "2025-11-04")
    assert claim.quote.text.startswith("около 5 тыс. северокорейских военных строителей")
    (figure,) = claim.figures
    assert (figure.value, figure.approx, figure.unit) == (5000, True, "person")
    assert dates.parse(figure.period).earliest.isoformat() == "2025-09-01"


def test_seed_hashes_are_recorded(data, repo):
    for doc_id, document in data.documents.items():
        raw = (repo / "seeds" / f"{doc_id}.txt").read_bytes()
        assert hashlib.sha256(raw).hexdigest() == document.sha256


@pytest.mark.skipif(not SHARED_SEEDS.is_dir(), reason="the received originals are not beside this checkout")
def test_seeds_are_byte_for_byte_the_received_texts(data, repo):
    for document in data.documents.values():
        original = (SHARED_SEEDS / document.source_file).read_bytes()
        assert (repo / "seeds" / f"{document.id}.txt").read_bytes() == original


def test_inferred_publication_date_carries_evidence(data):
    inferred = [d for d in data.documents.values() if d.published_inferred]
    assert inferred, "the 2023-08 document has no date line"
    for document in inferred:
        assert len(document.published_evidence) > 40
