"""Work that grows with the data stays bounded: diff's alignment of long lists, name suggestions over many names.

These tests check what the bounded algorithms give; how long they take is measured by
benchmarks/bounded_work.py, not asserted here.
"""

from __future__ import annotations

import difflib
import json
import random
import string

from hypothesis import given, settings
from hypothesis import strategies as st

from claimset import diff
from claimset.problems import suggest

N = 15_000


def _item(i: int) -> dict:
    return {"quote": {"text": f"t{i}", "start": i, "end": i + 1}, "reason": "rubric"}


def _changes(old: list, new: list) -> tuple[list, list[str]]:
    by_position: list[str] = []
    found = diff.changes({"not_claims": old}, {"not_claims": new}, by_position=by_position)
    return found, by_position


def test_aligning_long_lists_is_bounded_and_says_when_it_gave_up():
    # 15,000 equal items but the last: difflib alone took over a minute.
    found, by_position = _changes([{"a": 1}] * N, [{"a": 1}] * (N - 1) + [{"a": 2}])
    assert [(c.path, c.old, c.new) for c in found] == [(f"not_claims[{N - 1}].a", 1, 2)]
    assert by_position == []
    # Unique items, one removed at the start and one added at the end: still two changes, not 15,000.
    found, by_position = _changes([_item(i) for i in range(N)], [_item(i) for i in range(1, N + 1)])
    assert [c.path for c in found] == ["not_claims[0]", f"not_claims[{N - 1}]"] and by_position == []
    # Few distinct items in a new order: too many to align, compared by position, and said so.
    found, by_position = _changes([{"a": i % 2} for i in range(N)], [{"a": (i + 1) % 3} for i in range(N)])
    assert by_position == ["not_claims"]


def test_a_list_compared_by_position_is_named_in_every_report(mini, tmp_path):
    old = {"name": "claimset", "version": "0.1.0", "claims": [], "documents": [
        {"id": "d", "not_claims": [{"reason": "rubric", "n": i % 2} for i in range(N)]}]}
    new = json.loads(json.dumps(old))
    new["version"] = "0.2.0"
    new["documents"][0]["not_claims"] = [{"reason": "rubric", "n": (i + 1) % 3} for i in range(N)]
    for name, data in (("old", old), ("new", new)):
        (tmp_path / f"{name}.json").write_text(json.dumps(data), encoding="utf-8")
    report = diff.compare(diff.snapshot(tmp_path / "old.json"), diff.snapshot(tmp_path / "new.json"))
    assert report.sections["documents"].by_position == {"d": ["not_claims"]}
    assert "`not_claims`: too many items differ to align them all" in diff.render(report, "markdown")
    assert "not_claims: too many items differ to align them all" in diff.render(report, "text")
    assert json.loads(diff.render(report, "json"))["documents"]["changed"][0]["by_position"] == ["not_claims"]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(0, 6), max_size=120), st.lists(st.integers(0, 6), max_size=120))
def test_what_is_not_reported_is_the_same_on_both_sides_in_the_same_order(old, new):
    before, after = [str(x) for x in old], [str(x) for x in new]
    stretches, _ = diff._align(before, after)
    kept_before = [x for i, x in enumerate(before) if not any(i1 <= i < i2 for i1, i2, _, _ in stretches)]
    kept_after = [x for j, x in enumerate(after) if not any(j1 <= j < j2 for _, _, j1, j2 in stretches)]
    assert kept_before == kept_after


def _slug(rng: random.Random) -> str:
    return "-".join("".join(rng.choices(string.ascii_lowercase, k=rng.randint(3, 8))) for _ in range(rng.randint(2, 4)))


def test_suggestions_over_many_names_are_those_difflib_gives():
    rng = random.Random(1)
    known = [f"treaty25-{_slug(rng)}-{i}" for i in range(1000)]
    unknown = [k[:-1] + "x" if i % 2 else f"treaty25-{_slug(rng)}" for i, k in enumerate(rng.sample(known, 1000))]
    found = [suggest(name, known) for name in unknown]  # difflib over every name took 28 s
    for name, hint in list(zip(unknown, found))[:100]:
        close = difflib.get_close_matches(name, known, n=1, cutoff=0.6)
        assert hint == (f"; did you mean {close[0]!r}?" if close else "")


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="abcde-", min_size=1, max_size=12),
       st.lists(st.text(alphabet="abcde-", min_size=1, max_size=12), max_size=30))
def test_a_suggestion_is_the_one_difflib_gives(name, valid):
    close = difflib.get_close_matches(name, valid, n=1, cutoff=0.6)
    assert suggest(name, valid) == (f"; did you mean {close[0]!r}?" if close else "")
