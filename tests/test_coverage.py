"""Coverage: the fast searches for uncovered sentences and runs of words agree with splitting every line."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

import claimset
from claimset.coverage import uncovered, uncovered_by_splitting_all

DATA = claimset.load()
DOCUMENTS = sorted(DATA.documents)


def _spans(doc_id: str) -> list[tuple[int, int]]:
    document = DATA.documents[doc_id]
    spans = [(c.quote.start, c.quote.end) for c in DATA.claims if c.document == doc_id]
    return spans + [(n.quote.start, n.quote.end) for n in document.not_claims]


def _drawn_spans(data, doc_id: str, text: str) -> list[tuple[int, int]]:
    """Some of the document's real spans, and a few made up."""
    real = _spans(doc_id)
    kept = data.draw(st.lists(st.sampled_from(real), unique=True, max_size=len(real)), label="kept spans")
    made_up = data.draw(
        st.lists(st.tuples(st.integers(0, len(text)), st.integers(1, 80)).map(lambda p: (p[0], p[0] + p[1])), max_size=5),
        label="other spans",
    )
    return kept + made_up


@settings(max_examples=150, deadline=None, derandomize=True)
@given(doc_id=st.sampled_from(DOCUMENTS), data=st.data())
def test_fast_search_equals_splitting_every_line(doc_id, data):
    text = DATA.documents[doc_id].text
    spans = _drawn_spans(data, doc_id, text)
    assert uncovered(text, spans) == uncovered_by_splitting_all(text, spans)


def test_every_sentence_is_uncovered_without_spans():
    text = DATA.documents[DOCUMENTS[0]].text
    assert uncovered(text, []) == uncovered_by_splitting_all(text, []) != []


# --- words: a covered sentence holds no long run of words that nothing covers ------------

from claimset.coverage import RUN_LIMIT, uncovered_runs, uncovered_runs_by_splitting_all  # noqa: E402


@settings(max_examples=100, deadline=None, derandomize=True)
@given(doc_id=st.sampled_from(DOCUMENTS), data=st.data())
def test_fast_run_search_equals_splitting_every_line(doc_id, data):
    text = DATA.documents[doc_id].text
    spans = _drawn_spans(data, doc_id, text)
    limit = data.draw(st.integers(1, 12), label="limit")
    assert uncovered_runs(text, spans, limit) == uncovered_runs_by_splitting_all(text, spans, limit)


def test_every_real_document_holds_no_uncovered_run():
    for doc_id in DOCUMENTS:
        assert uncovered_runs(DATA.documents[doc_id].text, _spans(doc_id)) == [], doc_id


# The lede of an Interfax item: one sentence, its dateline a not-claim. With the sentence's only claim
# deleted, the dateline still overlaps it, so it is not uncovered as a whole; its words are.
LEDE = ("Москва. 25 июля. INTERFAX.RU - Российская военная делегация во главе с министром обороны РФ Сергеем Шойгу "
        "прибыла в Корейскую Народно-Демократическую Республику, сообщили в Минобороны РФ.")


def test_a_sentence_whose_only_claim_is_gone_is_not_covered_by_its_dateline():
    dateline = (0, len("Москва. 25 июля. INTERFAX.RU"))
    claim = (LEDE.index("Российская"), LEDE.index(", сообщили"))
    framing = (LEDE.index("Минобороны РФ"), LEDE.index("Минобороны РФ") + len("Минобороны РФ"))
    assert uncovered_runs(LEDE, [dateline, claim, framing]) == []
    (run,) = uncovered_runs(LEDE, [dateline, framing])
    assert run.text == "Российская военная делегация во главе с министром обороны РФ Сергеем Шойгу прибыла в " \
                       "Корейскую Народно-Демократическую Республику, сообщили в"
    assert run.words == 18 >= RUN_LIMIT
    assert uncovered(LEDE, [dateline, framing]) == []  # the sentence rule alone would pass it


def test_a_run_shorter_than_the_limit_is_allowed_and_one_at_it_is_not():
    words = " ".join(f"слово{i}" for i in range(RUN_LIMIT))
    text = f"Он сказал: {words}."
    covered = (0, len("Он сказал"))
    assert [r.words for r in uncovered_runs(text, [covered])] == [RUN_LIMIT]
    assert uncovered_runs(text, [covered, (text.index("слово0"), text.index("слово0") + 6)]) == []
