"""The Python API: lookups, filters, appearances, laziness and caching."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

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
    data = load(mini)
    with pytest.raises(KeyError, match="'a-old' was retired in 0.2.0: merged; replaced by a-talks"):
        data.claim("a-old")
    with pytest.raises(KeyError, match="'a-old' was retired in 0.2.0: merged; replaced by a-talks"):
        data["a-old"]
    assert "a-old" not in data


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


def test_the_date_reader_is_reachable_from_a_bare_import():
    # The README shows claimset.dates.parse(...) right after `import claimset`.
    code = "import claimset; print(claimset.dates.parse('2025-10-20/2025-10-26').earliest)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "2025-10-20"


def test_import_does_no_work():
    code = "import sys, claimset; print(sorted(m for m in ('pydantic', 'yaml', 'razdel', 'claimset.loader') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_load_caches_the_packaged_dataset():
    first = claimset.load()
    assert claimset.load() is first
    assert len(first.documents) >= 5


def test_version_is_the_package_version():
    from importlib.metadata import version

    # Both are written when the package is built from git (hatch-vcs); an editable install made before the
    # latest commit (or before a wheel was built from this tree) has an older one: reinstall it.
    assert claimset.__version__ == version("claimset"), "reinstall: python -m pip install -e '.[test]'"


def test_appearances_of_a_restated_statement_are_earliest_first():
    data = claimset.load()
    ids = [c.id for c in data.appearances("talks25-savelyev-agreement-transparent")]
    assert ids == ["savel25-agreement-absolutely-transparent", "talks25-savelyev-agreement-transparent"]


# --- a collection --------------------------------------------------------------


def test_dataset_is_a_collection_of_claims_in_reading_order(mini_data):
    assert len(mini_data) == 3
    assert [c.id for c in mini_data] == ["a-builders", "a-talks", "b-meeting"]  # document, then offset
    assert mini_data["a-talks"] is mini_data.claim("a-talks")
    assert "a-talks" in mini_data and "nope" not in mini_data
    assert mini_data["a-talks"] in mini_data
    assert mini_data[0].id == "a-builders" and mini_data[-1].id == "b-meeting"
    assert mini_data[1:].ids == ["a-talks", "b-meeting"]


def test_indexing_an_unknown_id_names_the_nearest(mini_data):
    with pytest.raises(KeyError, match="no claim with id 'a-talk'; did you mean 'a-talks'"):
        mini_data["a-talk"]


def test_order_does_not_depend_on_how_the_dataset_was_built(mini_data):
    shuffled = claimset.Dataset(
        reversed(mini_data.claims), dict(reversed(mini_data.documents.items())), dict(mini_data.actors)
    )
    assert [c.id for c in shuffled] == [c.id for c in mini_data]
    assert list(shuffled.documents) == ["doc-a", "doc-b"]
    assert shuffled == mini_data


def test_claims_actors_and_documents_hash_and_compare_by_value(mini_data):
    claim = mini_data["a-builders"]
    copy = claim.model_copy(deep=True)
    assert copy == claim and hash(copy) == hash(claim)
    assert {claim, copy} == {claim}
    assert len(set(mini_data)) == 3
    assert len({*mini_data.actors.values(), *mini_data.actors.values()}) == 3
    changed = claim.model_copy(update={"via": []})
    assert changed != claim and {claim, changed} == {claim, changed}
    document = mini_data.documents["doc-a"]
    assert {document: 1}[document.model_copy(deep=True)] == 1


def test_document_equality_includes_its_text(mini_data):
    from claimset.models import Document

    document = mini_data.documents["doc-a"]
    without_text = Document.model_validate(document.model_dump())
    assert without_text != document  # a document without its text is not the loaded one
    assert hash(without_text) == hash(document)
    with pytest.raises(AttributeError, match="was not loaded with its text"):
        without_text.text


def test_dataset_pickles_to_an_equal_dataset_with_texts(mini_data):
    import pickle

    copy = pickle.loads(pickle.dumps(mini_data))
    assert copy == mini_data and copy is not mini_data
    assert copy.documents["doc-b"].text == mini_data.documents["doc-b"].text
    assert copy.filter(speaker="minister").ids == ["a-builders"]
    assert pickle.loads(pickle.dumps(mini_data.filter(type="event"))) == mini_data.filter(type="event")


def test_reprs_are_one_short_line():
    data = claimset.load()
    claim = data["talks25-nis-military-builders-since-september"]
    assert repr(claim) == "<Claim talks25-nis-military-builders-since-september quantity nis-south-korea 2025-11-04>"
    assert repr(data.actors["kcna"]) == "<Actor kcna news-agency 'Korean Central News Agency (KCNA)'>"
    assert repr(data.documents[claim.document]) == "<Document unnamed-2025-11-07-dprk-russia-military-talks 2025-11-07>"
    nis = data.filter(speaker="nis-south-korea")
    assert repr(nis) == f"<Claims: {len(nis)} of {len(data)} claims>"
    for value in (data, *data, *data.actors.values(), *data.documents.values()):
        assert len(repr(value)) < 140 and "\n" not in repr(value)


# --- selections -------------------------------------------------------------------


def test_filters_chain_and_selections_are_sequences(mini_data):
    from collections.abc import Sequence

    events = mini_data.filter(type="event")
    assert isinstance(events, Sequence) and isinstance(events, claimset.Claims)
    assert events.filter(document="doc-b").ids == ["b-meeting"]
    assert len(events) == 2 and [c.id for c in events] == ["a-talks", "b-meeting"]
    assert events[0].id == "a-talks" and events["b-meeting"].id == "b-meeting"
    assert "b-meeting" in events and "a-builders" not in events
    assert isinstance(events[:1], claimset.Claims) and events[:1].ids == ["a-talks"]
    with pytest.raises(KeyError, match="not in this selection"):
        events["a-builders"]
    assert events.filter(speaker="minister").ids == []


def test_filters_take_lists_and_every_field(mini_data):
    assert mini_data.filter(type=["quantity", "event"]).ids == ["a-builders", "a-talks", "b-meeting"]
    assert mini_data.filter(speaker=["minister", "outlet-a"]).ids == ["a-builders", "b-meeting"]
    assert mini_data.filter(mode="direct").ids == ["a-talks"]
    assert mini_data.filter(mode=["indirect", "narrative"]).ids == ["a-builders", "b-meeting"]
    assert mini_data.filter(review_status="second-read").ids == ["a-talks"]
    assert mini_data.filter(has_figures=True).ids == ["a-builders"]
    assert mini_data.filter(has_figures=False).ids == ["a-talks", "b-meeting"]
    assert mini_data.filter(topic=["military-labour", "military-cooperation"]).ids == ["a-builders", "a-talks", "b-meeting"]
    assert mini_data.filter(document=["doc-a"], via=("agency",)).ids == ["a-builders"]


def test_filters_accept_vocabulary_members(mini_data):
    from claimset.vocab import ClaimType

    assert mini_data.filter(type=ClaimType("event")).ids == ["a-talks", "b-meeting"]


@pytest.mark.parametrize(
    ("condition", "message"),
    [
        ({"mode": "quoted"}, "mode='quoted' names nothing in the dataset"),
        ({"review_status": "second read"}, "did you mean 'second-read'?"),
        ({"type": []}, r"type=\[\] matches nothing"),
        ({"dates": "maybe"}, "dates='maybe': use 'within'"),
        ({"date_from": "2025-13"}, "date_from: '2025-13': month 13 does not exist"),
        ({"date_from": "11/2025"}, r"date_from: '11/2025' reads as an interval START/END \(the slash\), and its start: "
                                   r"'11' is not a date .*; dates are written year first \(2025-11, not 11/2025\)"),
        ({"date_to": "2025/.."}, "date_to='2025/..' is open at the end"),
        ({"event_from": "2025-11-08", "event_to": "2025-11-01"}, "event_from \\(2025-11-08\\) is after event_to"),
    ],
)
def test_bad_filter_values_say_what_is_wrong(mini_data, condition, message):
    with pytest.raises(ValueError, match=message):
        mini_data.filter(**condition)


def test_filter_values_of_the_wrong_type_are_refused(mini_data):
    with pytest.raises(TypeError, match="date_from: a date must be text such as '2025-11-04', a date or a datetime, not int"):
        mini_data.filter(date_from=2025)
    with pytest.raises(TypeError, match="has_figures must be True or False"):
        mini_data.filter(has_figures="yes")
    with pytest.raises(TypeError, match="speaker must be text or a list of text, not int"):
        mini_data.filter(speaker=7)


# --- dates ----------------------------------------------------------------------


def test_claims_give_the_first_and_last_day_of_their_dates(mini_data):
    builders = mini_data["a-builders"]
    assert (builders.date_earliest, builders.date_latest) == (dt.date(2025, 11, 4), dt.date(2025, 11, 4))
    assert (builders.event_date_earliest, builders.event_date_latest) == (dt.date(2025, 9, 1), dt.date(2025, 9, 30))
    talks = mini_data["a-talks"]
    assert (talks.event_date_earliest, talks.event_date_latest) == (None, None)
    assert mini_data.documents["doc-b"].published_latest == dt.date(2025, 11, 8)


def test_an_open_start_is_not_certainly_in_any_range():
    data = claimset.load()
    assert data.filter(date_from="1990", date_to="1990").ids == []
    open_start = [c for c in data if c.date.startswith("../")]
    assert open_start, "the packaged data has claims dated by an upper bound only"
    may = data.filter(date_from="1990", date_to="1990", dates="overlap")
    assert set(may) == set(open_start)


def test_within_and_overlap_on_month_precision(mini_data):
    # event dates: a-builders 2025-09 (the whole month), b-meeting 2025-11-06, a-talks none
    assert mini_data.filter(event_from="2025-09-10").ids == ["b-meeting"]
    assert mini_data.filter(event_from="2025-09-10", dates="overlap").ids == ["a-builders", "b-meeting"]
    assert mini_data.filter(event_to="2025-09").ids == ["a-builders"]
    assert mini_data.filter(event_from="2025-09", event_to="2025-09-15").ids == []
    assert mini_data.filter(event_from="2025-09", event_to="2025-09-15", dates="overlap").ids == ["a-builders"]
    assert mini_data.filter(event_from="2025").ids == ["a-builders", "b-meeting"]  # never a claim without event_date


def test_date_bounds_accept_text_dates_and_datetimes(mini_data):
    as_text = mini_data.filter(date_from="2025-11-05", date_to="2025-11-07").ids
    assert as_text == ["a-talks"]
    assert mini_data.filter(date_from=dt.date(2025, 11, 5), date_to=dt.date(2025, 11, 7)).ids == as_text
    assert mini_data.filter(date_from=dt.datetime(2025, 11, 5, 23, 59), date_to=dt.datetime(2025, 11, 7, 0, 1)).ids == as_text
    assert mini_data.filter(date_from="2025-11-05/2025-11-06", date_to="2025-11-07/2025-11-07").ids == as_text


def test_edtf_interval_dates_within_a_range():
    data = claimset.load()
    for claim in data.filter(date_from="2025-10-01", date_to="2025-11-30"):
        assert claim.date_earliest >= dt.date(2025, 10, 1) and claim.date_latest <= dt.date(2025, 11, 30)
    for claim in data.filter(date_from="2025-10-01", date_to="2025-11-30", dates="overlap"):
        assert (claim.date_latest or dt.date.max) >= dt.date(2025, 10, 1)
        assert (claim.date_earliest or dt.date.min) <= dt.date(2025, 11, 30)


@settings(max_examples=60, deadline=None)
@given(
    low=st.one_of(st.none(), st.dates(min_value=dt.date(2023, 1, 1), max_value=dt.date(2026, 1, 31))),
    high=st.one_of(st.none(), st.dates(min_value=dt.date(2023, 1, 1), max_value=dt.date(2026, 1, 31))),
)
def test_within_is_certain_and_overlap_is_possible_for_any_range(low, high):
    data = claimset.load()
    if low and high and low > high:
        low, high = high, low
    # Sets of ids: a selection's `in` scans it, and this test must stay linear in the data.
    within = set(data.filter(date_from=low, date_to=high).ids)
    overlap = set(data.filter(date_from=low, date_to=high, dates="overlap").ids)
    assert within <= overlap
    for claim in data:
        earliest, latest = claim.date_earliest, claim.date_latest
        certain = (low is None or (earliest is not None and earliest >= low)) and (
            high is None or (latest is not None and latest <= high)
        )
        possible = (low is None or latest is None or latest >= low) and (high is None or earliest is None or earliest <= high)
        assert (claim.id in within) == certain, claim.id
        assert (claim.id in overlap) == possible, claim.id


def test_load_leaves_the_garbage_collector_as_it_found_it(mini):
    import gc

    assert gc.isenabled()
    load(mini)
    assert gc.isenabled()
    gc.disable()
    try:
        load(mini)
        assert not gc.isenabled()
    finally:
        gc.enable()
    with pytest.raises(InvalidDataset):
        shutil.rmtree(mini / "claims" / "actors")
        load(mini)
    assert gc.isenabled()


# --- which data it is -----------------------------------------------------------


def test_a_checkout_says_it_is_unreleased(mini_data):
    from conftest import MINI

    assert mini_data.version is None
    assert mini_data.loaded_from == str(MINI)
    assert repr(mini_data) == "<Dataset unreleased: 3 claims, 2 documents, 3 actors>"
    copy = __import__("pickle").loads(__import__("pickle").dumps(mini_data))
    assert (copy.version, copy.loaded_from) == (None, str(MINI))


def test_the_packaged_copy_is_the_packages_version(tmp_path):
    import os
    import shutil

    from conftest import MINI, SRC

    # An installed package as a wheel lays it out: the code, and the data in claimset/data.
    site = tmp_path / "site"
    shutil.copytree(SRC / "claimset", site / "claimset", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(MINI, site / "claimset" / "data")
    code = "import claimset; d = claimset.load(); print(repr(d)); print(d.version); print(d.loaded_from)"
    env = {**os.environ, "PYTHONPATH": str(site)}
    out = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, env=env, capture_output=True, text=True, check=True)
    version = claimset.__version__
    assert out.stdout.splitlines() == [
        f"<Dataset claimset {version}: 3 claims, 2 documents, 3 actors>", version, f"the claimset {version} package",
    ]


def test_the_errors_a_caller_catches_are_exported():
    from claimset.release import ReleaseError

    assert {"InvalidDataset", "ReleaseError", "DatasetNotFound"} <= set(claimset.__all__)
    assert claimset.ReleaseError is ReleaseError
    assert issubclass(claimset.DatasetNotFound, FileNotFoundError)
    for name in claimset.__all__:
        assert getattr(claimset, name) is not None


def test_load_speaks_python_for_a_directory_that_holds_no_dataset(tmp_path):
    (tmp_path / "texts").mkdir()
    with pytest.raises(claimset.DatasetNotFound) as caught:
        claimset.load(tmp_path / "texts")
    message = str(caught.value)
    assert message.startswith(f"{tmp_path / 'texts'}: neither a claimset checkout (no claims/ directory) nor a release")
    assert "--root" not in message and "command line" not in message


def test_a_lede_summing_up_two_statements_does_not_make_them_one_statement():
    # The lede «из КНДР в Россию направляются военные строители для восстановления
    # инфраструктуры» restates two claims of the body: the 5,000 builders, and
    # that they are expected to restore infrastructure. Each is an appearance of
    # the lede; neither is an appearance of the other.
    data = claimset.load()
    lede, builders, expected = (
        "talks25-lede-nis-builders-for-infrastructure",
        "talks25-nis-military-builders-since-september",
        "talks25-nis-builders-infrastructure-expected",
    )
    assert sorted(data.appearances(builders).ids) == sorted([lede, builders])
    assert sorted(data.appearances(expected).ids) == sorted([lede, expected])
    assert sorted(data.appearances(lede).ids) == sorted([lede, builders, expected])
    assert "treaty25-q-structure-both-koreas-nuclear-allies" not in data.appearances("treaty25-q-clash-probability-falls")
    # A headline restating one statement still links it across documents: headline → body ← the other report.
    ids = data.appearances("talks25-savelyev-not-against-whom").ids
    assert set(ids) >= {"savel25-headline-excluded-against-whom", "savel25-against-whom-principle-excluded"}


def test_a_speaker_or_document_can_be_given_as_the_record_a_lookup_returns(mini_data):
    minister, doc_b = mini_data.actor("The minister"), mini_data.document("doc-b")
    assert mini_data.filter(speaker=minister).ids == ["a-builders"]
    assert mini_data.filter(via=[mini_data.actor("agency")]).ids == ["a-builders"]
    assert mini_data.filter(document=doc_b).ids == ["b-meeting"]


def test_a_claim_given_as_a_speaker_is_refused_by_its_kind_not_its_fields(mini_data):
    with pytest.raises(TypeError, match="named by text, not Claim"):
        mini_data.filter(speaker=mini_data["a-talks"])


def test_records_cannot_be_changed_in_place_so_the_cached_dataset_stays_as_loaded():
    data = claimset.load()
    claim = data["talks25-nis-military-builders-since-september"]
    assert isinstance(claim.via, tuple) and isinstance(claim.figures, tuple) and isinstance(claim.topics, tuple)
    with pytest.raises(AttributeError):
        claim.via.append("interfax")  # type: ignore[attr-defined]
    with pytest.raises(Exception):  # pydantic's frozen-instance error
        claim.via = ("interfax",)  # type: ignore[misc]
    assert claimset.load()["talks25-nis-military-builders-since-september"].via == ("yonhap",)
    actor = data.actor("sergei-shoigu")
    document = data.documents[claim.document]
    assert isinstance(actor.roles, tuple) and isinstance(document.not_claims, tuple)
    assert hash(claim) == hash(data["talks25-nis-military-builders-since-september"])


def test_a_checkout_gives_the_same_tuples_as_the_compiled_form(mini):
    claim = load(mini).claims[0]
    assert isinstance(claim.via, tuple) and isinstance(claim.topics, tuple) and isinstance(claim.relations, tuple)


# --- combining and ordering selections --------------------------------------------


def test_selections_combine_in_the_datasets_order():
    data = claimset.load()
    nis, kcna = data.filter(speaker="nis-south-korea"), data.filter(speaker="kcna")
    talks = data.filter(document="unnamed-2025-11-07-dprk-russia-military-talks")
    either = nis | kcna
    assert set(either.ids) == set(nis.ids) | set(kcna.ids)
    order = {c.id: i for i, c in enumerate(data.claims)}
    assert either.ids == sorted(either.ids, key=order.__getitem__)
    assert (nis & talks).ids == [c.id for c in nis if c.document == talks[0].document]
    assert (talks - nis).ids == [c.id for c in talks if c.speaker != "nis-south-korea"]
    assert (nis & kcna).ids == []
    from conftest import REPO

    other = claimset.load(REPO)  # a checkout by path: another Dataset object
    with pytest.raises(ValueError, match="different datasets"):
        nis | other.filter(speaker="kcna")
    with pytest.raises(TypeError):
        nis | ["talks25-headline-new-talks"]


def test_membership_is_by_id_and_by_equal_claim():
    data = claimset.load()
    nis = data.filter(speaker="nis-south-korea")
    first = nis[0]
    assert first.id in nis and first in nis
    assert "talks25-headline-new-talks" not in nis and data["talks25-headline-new-talks"] not in nis
    assert first.model_copy(update={"english": "changed"}) not in nis
    assert 42 not in nis


@pytest.mark.parametrize("by", ["date", "event_date"])
def test_sorted_orders_open_ends_first_and_last_and_missing_dates_last(by):
    data = claimset.load()
    ordered = data.sorted(by=by)
    assert sorted(ordered.ids) == sorted(c.id for c in data.claims)
    dated = [c for c in ordered if getattr(c, by) is not None]
    assert [c.id for c in ordered][: len(dated)] == [c.id for c in dated]  # no date: last
    lows = [getattr(c, f"{by}_earliest") or dt.date.min for c in dated]
    assert lows == sorted(lows)
    assert any(getattr(c, f"{by}_earliest") is None for c in dated) <= (lows[0] == dt.date.min)
    backwards = [getattr(c, f"{by}_earliest") or dt.date.min for c in data.sorted(by=by, reverse=True)
                 if getattr(c, by) is not None]
    assert backwards == sorted(backwards, reverse=True)
    with pytest.raises(ValueError, match="order by 'date' or 'event_date'"):
        data.sorted(by="published")


# --- restatement groups -------------------------------------------------------------


def test_restatement_groups_hold_for_any_data():
    data = claimset.load()
    groups = data.restatement_groups()
    linked, summaries = data._restatements
    assert len({g.id for g in groups}) == len(groups)  # ids unique
    placed: dict[str, str] = {}
    for group in groups:
        assert len(group.claims) >= 2
        assert group.id in group.claims and group.id not in summaries
        assert group.id == min(i for i in group.claims.ids if i not in summaries)
        assert list(group.claims) == list(data.appearances(group.id))  # earliest first, as appearances()
        assert group.documents == tuple(dict.fromkeys(c.document for c in group.claims))
        for claim_id in group.claims.ids:
            if claim_id not in summaries:  # a claim that is no summary is in one group only
                assert placed.setdefault(claim_id, group.id) == group.id
    # Every claim with a restates link, but a summary, is in a group.
    assert {i for i in linked if i not in summaries} == set(placed)


def test_a_restated_statement_of_the_original_documents_is_one_group():
    data = claimset.load()
    (group,) = [g for g in data.restatement_groups() if "savel25-agreement-absolutely-transparent" in g.claims]
    assert "talks25-savelyev-agreement-transparent" in group.claims
    assert {"unnamed-2025-11-01-savelyev-against-whom", "unnamed-2025-11-07-dprk-russia-military-talks"} <= set(
        group.documents)


def test_the_release_restatements_table_is_the_groups(release):
    import csv

    data = claimset.load(release)
    with (release / "restatements.csv").open(encoding="utf-8", newline="") as handle:
        rows = [(row["group_id"], row["claim_id"]) for row in csv.DictReader(handle)]
    assert rows == [(g.id, c.id) for g in data.restatement_groups() for c in g.claims]
    assert rows


def test_an_unknown_vocabulary_term_is_told_the_terms_when_none_is_near():
    data = claimset.load()
    with pytest.raises(ValueError) as caught:
        data.filter(type="nonsense")
    listed = str(caught.value).split("; the terms are ")[1].split(", ")
    assert set(listed) == {t.value for t in claimset.vocab.ClaimType}
    with pytest.raises(ValueError, match=r"did you mean 'quantity'\?$"):
        data.filter(type="quantty")
