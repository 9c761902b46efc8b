"""The shipped data itself: valid, complete, and faithful to its seeds.

Read on the sample of the data (tests/sample.py: the five original documents and
the first two others), so these tests cost the same however many documents there
are; `claimset validate` (the `checks` session, and CI's workflow) checks all of it.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from claimset import dates
from claimset.loader import load

SHARED_SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"


@pytest.fixture(scope="module")
def data(data_root):
    return load(data_root)


def test_real_data_validates(run, data_root):
    result = run("validate", "--root", str(data_root), "--format", "json")
    assert result.exit_code == 0, result.output
    # Warnings (a near-duplicate text) are for a person to look at; valid data has no other problem.
    assert [p for p in json.loads(result.output) if p["severity"] != "warning"] == []


def test_every_sentence_is_covered(run, data_root, data):
    result = run("coverage", "--root", str(data_root))
    assert result.exit_code == 0, result.output
    assert result.output.count("sentences covered") == len(data.documents)


def test_all_five_documents_with_well_over_a_hundred_claims(data):
    assert len(data.documents) >= 5
    assert len(data.claims) > 100
    # The five texts the dataset began with are annotated in full; a document added later
    # is judged by validate (coverage), not by a count here.
    first_five = (
        "ria-2025-12-05-treaty-anniversary-asmolov", "riss-interfax-2023-09-15-vostochny-summit",
        "unnamed-2023-08-mcis-dprk-defence-cooperation", "unnamed-2025-11-01-savelyev-against-whom",
        "unnamed-2025-11-07-dprk-russia-military-talks",
    )
    for doc_id in first_five:
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
    assert (claim.speaker, claim.via, claim.date) == ("nis-south-korea", ("yonhap",), "2025-11-04")
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


# The framing rule (CONTRIBUTING: Framing) applied to the framings the rule was written for:
# a framing with a time, place, recipient, medium or relay is an event claim that frames its
# statement's claims; a bare one is in no claim's quote.
FRAMED = [
    ("unnamed-2025-11-07-dprk-russia-military-talks", "объявила 4 ноября", "talks25-nis-military-builders-since-september"),
    ("unnamed-2025-11-07-dprk-russia-military-talks", "сообщил ранее Yonhap", "talks25-nis-announced-4-november"),
    ("unnamed-2025-11-07-dprk-russia-military-talks", "передает ЦТАК", "talks25-talks-6-november"),
    ("unnamed-2025-11-07-dprk-russia-military-talks", "сообщает ЦТАК", "talks25-meeting-5-november-political-bureau"),
    ("unnamed-2025-11-07-dprk-russia-military-talks", "В конце октября лидер КНДР заявил", "talks25-kim-combat-brotherhood-will-develop"),
    ("unnamed-2025-11-07-dprk-russia-military-talks", "Позднее замминистра", "talks25-savelyev-agreement-transparent"),
    ("unnamed-2025-11-01-savelyev-against-whom", "цитата по «Интерфаксу»", "savel25-against-whom-principle-excluded"),
    ("unnamed-2025-11-01-savelyev-against-whom", "На прошлой неделе лидер КНДР заявил", "savel25-kim-friendship-at-peak"),
    ("riss-interfax-2023-09-15-vostochny-summit", "сообщил\xa0Interfax", "vost23-lobov-visit-began-khasan-kozhemyako"),
    ("ria-2025-12-05-treaty-anniversary-asmolov", "рассказал в интервью РИА Новости", "treaty25-q-no-denuclearisation-talks"),
    ("ria-2025-12-05-treaty-anniversary-asmolov", "доложил президенту России", "treaty25-gerasimov-dprk-special-forces"),
    # The occasion is an event claim of its own, which then frames the statement made at it.
    ("ria-2025-12-05-treaty-anniversary-asmolov", "провел встречу в Кремле", "treaty25-putin-relations-on-plan"),
    ("ria-2025-12-05-treaty-anniversary-asmolov", "В ходе двусторонних переговоров", "treaty25-putin-russia-never-forget"),
    ("unnamed-2023-08-mcis-dprk-defence-cooperation", "Об этом заявил", "mcis23-kim-intends-further-defence-cooperation"),
    ("unnamed-2023-08-mcis-dprk-defence-cooperation", "Его обращение зачитал", "mcis23-kim-intends-further-defence-cooperation"),
    ("unnamed-2023-08-mcis-dprk-defence-cooperation", "заявил на XI", "mcis23-shoigu-cooperation-no-threat"),
    ("unnamed-2025-11-01-savelyev-against-whom", "сказал он на совещании", "savel25-interaction-not-against-anyone"),
    ("unnamed-2025-11-07-dprk-russia-military-talks", "рассказал в июне", "talks25-kim-decided-1000-sappers"),
    # «в этой связи»: an occasion named by reference to the statements the paragraph before reports.
    ("unnamed-2023-08-mcis-dprk-defence-cooperation", "отмечает в этой связи", "mcis23-vorontsov-military-contacts-resumed"),
    ("unnamed-2023-08-mcis-dprk-defence-cooperation", "отмечает в этой связи", "mcis23-vorontsov-russia-takes-part-in-sanctions"),
]
BARE = [
    ("unnamed-2025-11-01-savelyev-against-whom", "заявили в Минобороны"),
    ("unnamed-2025-11-01-savelyev-against-whom", "При этом там отметили"),
    ("unnamed-2025-11-01-savelyev-against-whom", "заявил замминистра обороны России Олег Савельев"),
    ("unnamed-2025-11-01-savelyev-against-whom", "Замглавы Минобороны также напомнил"),
    ("unnamed-2025-11-07-dprk-russia-military-talks", "ранее заявляла"),
    ("unnamed-2025-11-07-dprk-russia-military-talks", "добавили в NIS"),
    ("riss-interfax-2023-09-15-vostochny-summit", 'сказал он "Интерфаксу"'),
    ("riss-interfax-2023-09-15-vostochny-summit", "По его словам"),
    ("riss-interfax-2023-09-15-vostochny-summit", "отметил собеседник агентства"),
    ("riss-interfax-2023-09-15-vostochny-summit", "Также эксперт отметил"),
    ("riss-interfax-2023-09-15-vostochny-summit", "сказал Лобов"),
    ("ria-2025-12-05-treaty-anniversary-asmolov", "отметил Асмолов"),
    ("ria-2025-12-05-treaty-anniversary-asmolov", "По его словам"),
    ("ria-2025-12-05-treaty-anniversary-asmolov", "Эксперт также отметил"),
    ("ria-2025-12-05-treaty-anniversary-asmolov", "сказал Асмолов"),
    ("ria-2025-12-05-treaty-anniversary-asmolov", "заключил эксперт"),
    ("ria-2025-12-05-treaty-anniversary-asmolov", "где заявил"),
    ("ria-2025-12-05-treaty-anniversary-asmolov", "подчеркнув, что"),
    ("unnamed-2023-08-mcis-dprk-defence-cooperation", "Многие указывают"),
    ("unnamed-2025-11-01-savelyev-against-whom", "сказал Савельев"),
    ("unnamed-2025-11-01-savelyev-against-whom", "Он также подчеркнул"),
    ("unnamed-2025-11-07-dprk-russia-military-talks", "В КНДР сообщили"),
    ("unnamed-2025-11-07-dprk-russia-military-talks", "В сообщении агентства говорится"),
    ("unnamed-2025-11-07-dprk-russia-military-talks", "и подчеркнул, что"),
]


def _claims_quoting(data, doc_id, words):
    at = data.documents[doc_id].text.index(words)
    return [c for c in data.filter(document=doc_id) if c.quote.start <= at < c.quote.end]


@pytest.mark.parametrize(("doc_id", "words", "framed"), FRAMED)
def test_a_framing_with_a_detail_is_an_event_that_frames_its_statement(data, doc_id, words, framed):
    (framing,) = [c for c in _claims_quoting(data, doc_id, words) if c.type.value == "event"]
    assert framed in [r.claim for r in framing.relations if r.type.value == "frames"]


@pytest.mark.parametrize(("doc_id", "words"), BARE)
def test_a_bare_framing_is_no_claim(data, doc_id, words):
    assert _claims_quoting(data, doc_id, words) == []


def test_frames_links_go_from_an_event_to_a_claim_of_its_own_document(data):
    links = [(c, r.claim) for c in data.claims for r in c.relations if r.type.value == "frames"]
    assert links
    for claim, target in links:
        assert claim.type.value == "event", claim.id
        assert data.claim(target).document == claim.document, (claim.id, target)


# Issue 20: outlets verified from their published pages, a related-article link is no claim, and one
# statement reported by two documents carries the date the two establish together.
@pytest.mark.parametrize(("doc_id", "outlet", "address"), [
    ("unnamed-2025-11-01-savelyev-against-whom", "rbc", "https://www.rbc.ru/politics/01/11/2025/"),
    ("unnamed-2025-11-07-dprk-russia-military-talks", "rbc", "https://www.rbc.ru/politics/07/11/2025/"),
    ("unnamed-2023-08-mcis-dprk-defence-cooperation", "inforos", "https://inforos.com/"),
])
def test_an_identified_outlet_is_named_with_the_page_read(data, doc_id, outlet, address):
    document = data.documents[doc_id]
    assert document.outlet == outlet and data.actors[outlet].kind.value == "outlet"
    assert document.url.startswith(address)
    # The note says what was read, and the narrative voice is the named outlet's.
    assert "stored copy" in document.note
    assert {c.speaker for c in data.filter(document=doc_id, mode="narrative")} == {outlet}


def test_a_link_to_a_related_article_is_a_retired_claim_and_a_not_claim(data, repo):
    import yaml

    retired = yaml.safe_load((repo / "claims" / "retired.yaml").read_text(encoding="utf-8"))["retired"]
    assert "talks25-related-ballistic-missile-launch" in [r["id"] for r in retired]
    document = data.documents["unnamed-2025-11-07-dprk-russia-military-talks"]
    (link,) = [n for n in document.not_claims if n.reason.value == "related-link"]
    assert link.quote.text == "КНДР запустила баллистическую ракету в сторону Японского моря"


@pytest.mark.parametrize(("one", "other"), [
    ("talks25-savelyev-not-against-whom", "savel25-against-whom-principle-excluded"),
    ("talks25-savelyev-not-directed-against-anyone", "savel25-interaction-not-against-anyone"),
    ("talks25-savelyev-agreement-transparent", "savel25-agreement-absolutely-transparent"),
])
def test_savelyevs_restated_remarks_carry_the_date_both_documents_establish(data, one, other):
    a, b = data.claim(one), data.claim(other)
    assert a.speaker == b.speaker == "oleg-savelyev"
    assert a.date == b.date == "2025-10-21/2025-11-01"
    assert "2025-11-01 document" in a.date_note and "2025-11-07 document" in b.date_note


def test_the_friendly_talks_are_dated_by_their_sentence(data):
    assert data.claim("talks25-talks-friendly-atmosphere").event_date == "2025-11-06"
