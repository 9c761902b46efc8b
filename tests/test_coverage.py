"""Coverage: the fast search for uncovered sentences agrees with splitting every line."""

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


@settings(max_examples=150, deadline=None, derandomize=True)
@given(doc_id=st.sampled_from(DOCUMENTS), data=st.data())
def test_fast_search_equals_splitting_every_line(doc_id, data):
    text = DATA.documents[doc_id].text
    real = _spans(doc_id)
    kept = data.draw(st.lists(st.sampled_from(real), unique=True, max_size=len(real)), label="kept spans")
    made_up = data.draw(
        st.lists(st.tuples(st.integers(0, len(text)), st.integers(1, 80)).map(lambda p: (p[0], p[0] + p[1])), max_size=5),
        label="other spans",
    )
    spans = kept + made_up
    assert uncovered(text, spans) == uncovered_by_splitting_all(text, spans)


def test_every_sentence_is_uncovered_without_spans():
    text = DATA.documents[DOCUMENTS[0]].text
    assert uncovered(text, []) == uncovered_by_splitting_all(text, []) != []
