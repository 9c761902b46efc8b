"""The Python API: lookups, filters, appearances, laziness and caching."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys

import pytest

import claimset
from claimset.loader import InvalidDataset, load


@pytest.fixture(scope="module")
def mini_data():
    from conftest import MINI

    return load(MINI)


def test_documents_and_actors_are_keyed_by_id(mini_data):
    assert set(mini_data.documents) == {"doc-a", "doc-b"}
    assert mini_data.documents["doc-b"].text.startswith("Агентство")
    assert mini_data.actors["minister"].name.en == "The minister"


def test_claim_lookup_and_missing_id(mini_data):
    assert mini_data.claim("a-talks").document == "doc-a"
    with pytest.raises(KeyError, match="no claim with id 'nope'"):
        mini_data.claim("nope")
    with pytest.raises(KeyError, match="did you mean 'a-talks'"):
        mini_data.claim("a-talk")


def test_filters(mini_data):
    ids = lambda claims: [c.id for c in claims]  # noqa: E731
    assert ids(mini_data.filter(speaker="minister")) == ["a-builders"]
    assert ids(mini_data.filter(via="agency")) == ["a-builders"]
    assert ids(mini_data.filter(type="event")) == ["a-talks", "b-meeting"]
    assert ids(mini_data.filter(document="doc-b")) == ["b-meeting"]
    assert ids(mini_data.filter(topic="military-labour")) == ["a-builders"]
    assert ids(mini_data.filter(date_from="2025-11-05")) == ["a-talks", "b-meeting"]
    assert ids(mini_data.filter(date_to=dt.date(2025, 11, 4))) == ["a-builders"]
    assert ids(mini_data.filter(date_from="2025-11", date_to="2025-11-07", type="event")) == ["a-talks"]


@pytest.mark.parametrize(
    ("condition", "hint"),
    [
        ({"type": "evnt"}, "did you mean 'event'?"),
        ({"topic": "military-labor"}, "did you mean 'military-labour'?"),
        ({"speaker": "ministr"}, "did you mean 'minister'?"),
        ({"document": "doc-c"}, "did you mean"),
    ],
)
def test_misspelt_filters_raise_rather_than_match_nothing(mini_data, condition, hint):
    with pytest.raises(ValueError, match="names nothing in the dataset") as info:
        mini_data.filter(**condition)
    assert hint in str(info.value)


def test_inverted_date_range_is_refused(mini_data):
    with pytest.raises(ValueError, match="is after date_to"):
        mini_data.filter(date_from="2025-11-08", date_to="2025-11-01")


def test_retired_claim_lookup_says_so(mini):
    (mini / "claims" / "retired.yaml").write_text(
        "retired:\n- id: a-old\n  reason: merged\n  replaced_by: [a-talks]\n  retired_in: 0.2.0\n", encoding="utf-8"
    )
    with pytest.raises(KeyError, match="'a-old' was retired in 0.2.0: merged; replaced by a-talks"):
        load(mini).claim("a-old")


def test_appearances_are_in_date_order(mini_data):
    expected = ["a-talks", "b-meeting"]
    assert [c.id for c in mini_data.appearances("b-meeting")] == expected
    assert [c.id for c in mini_data.appearances("a-talks")] == expected
    assert [c.id for c in mini_data.appearances("a-builders")] == ["a-builders"]


def test_invalid_checkout_raises_with_every_problem(mini):
    text = (mini / "claims" / "doc-a.yaml").read_text(encoding="utf-8")
    (mini / "claims" / "doc-a.yaml").write_text(text.replace("type: quantity", "type: rumour"), encoding="utf-8")
    with pytest.raises(InvalidDataset) as info:
        load(mini)
    assert [p.code for p in info.value.problems] == ["unknown-term"]


def test_import_does_no_work():
    code = "import sys, claimset; print(sorted(m for m in ('pydantic', 'yaml', 'razdel', 'claimset.loader') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_load_caches_the_packaged_dataset():
    first = claimset.load()
    assert claimset.load() is first
    assert len(first.documents) == 5


def test_version_is_the_package_version():
    from importlib.metadata import version

    assert claimset.__version__ == version("claimset")


def test_appearances_of_a_restated_statement_are_earliest_first():
    data = claimset.load()
    ids = [c.id for c in data.appearances("talks25-savelyev-agreement-transparent")]
    assert ids == ["savel25-agreement-absolutely-transparent", "talks25-savelyev-agreement-transparent"]
