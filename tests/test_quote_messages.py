"""Every message about a quote says what is wrong with what was given, and validate says what fmt says."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from claimset.place import LONG_QUOTE, MAX_ECHO, MAX_OTHERS, Placed, Unplaced, clip, nowhere, place

A = "claims/doc-a.yaml"
TALKS = "    text: Переговоры прошли «в дружественной обстановке»\n    start: 91\n    end: 137\n"
BUILDERS = "    text: около 5 тыс. строителей прибыли в сентябре\n    start: 47\n    end: 89\n"


def _edit(root: Path, old: str, new: str) -> str:
    path = root / A
    text = path.read_text(encoding="utf-8")
    assert old in text, "the fixture changed: update this test"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return text.replace(old, new, 1)


def _seed(root: Path) -> str:
    return (root / "seeds" / "doc-a.txt").read_text(encoding="utf-8")


def _quote_problems(run, root: Path, command: str) -> list[tuple[str, str]]:
    if command == "validate":
        problems = json.loads(run("validate", "--root", str(root), "--format", "json").output)
        return [(p["code"], p["message"]) for p in problems if p["code"].startswith("quote-")]
    result = run("fmt", "--root", str(root))
    assert result.exit_code == 1
    found = []
    for row in result.output.splitlines():
        if ": quote-" in row:
            code, message = row.split(": ", 2)[1], row.split(": ", 3)[3]
            found.append((code, message))
    return found


def test_a_wrong_start_of_a_text_found_several_times_is_named_with_the_nearest_place(mini, run):
    seed = _seed(mini)
    wanted = seed.index("ли", seed.index("Переговоры"))  # the second of the two
    _edit(mini, TALKS, f"    text: ли\n    start: {wanted + 1}\n")
    validate, fmt = _quote_problems(run, mini, "validate"), _quote_problems(run, mini, "fmt")
    assert validate == fmt, "validate says what fmt says"
    ((code, message),) = validate
    assert code == "quote-ambiguous"
    assert message.startswith(f"the text at start {wanted + 1} is {seed[wanted + 1:wanted + 3]!r}, not the quote; "
                              f"the quoted text occurs at start {wanted} (line ")
    assert f"and 1 other place(s): {seed.index('ли')}; give `start: {wanted}` if that is the one you mean" in message
    assert "give the quote `start:` with the offset" not in message


def test_a_start_past_the_end_of_the_seed_says_so(mini, run):
    seed = _seed(mini)
    _edit(mini, TALKS, f"    text: ли\n    start: {len(seed) + 5}\n")
    ((code, message),) = _quote_problems(run, mini, "validate")
    assert code == "quote-ambiguous"
    assert message.startswith(f"start {len(seed) + 5} is past the end of the seed ({len(seed)} characters); ")


def test_a_text_alone_that_fmt_cannot_place_gets_fmts_explanation_from_validate(mini, run):
    _edit(mini, BUILDERS, '    text: около 5 тыс. строителей прибыли в "сентябре"\n')
    validate, fmt = _quote_problems(run, mini, "validate"), _quote_problems(run, mini, "fmt")
    assert validate == fmt
    ((code, message),) = validate
    assert code == "quote-mismatch"
    assert message.startswith("the quoted text occurs nowhere in the seed; the nearest passage is at start=47")
    assert "quote-unplaced" not in json.dumps(validate)


def test_a_wrong_start_of_a_text_that_is_nowhere_says_both(mini, run):
    _edit(mini, BUILDERS, "    text: около 6 тыс.\n    start: 48\n")
    ((code, message),) = _quote_problems(run, mini, "validate")
    assert code == "quote-mismatch"
    assert message.startswith("the text at start 48 is 'коло 5 тыс. ', not the quote; the quoted text occurs nowhere")


def test_a_text_alone_that_fmt_can_place_says_where(mini, run):
    _edit(mini, BUILDERS, "    text: около 5 тыс. строителей прибыли в сентябре\n")
    ((code, message),) = _quote_problems(run, mini, "validate")
    assert (code, message) == ("quote-unplaced", "the quote has no start/end offsets yet; run `claimset fmt`, "
                                                 "which places it at 47:89")
    _edit(mini, "    text: около 5 тыс. строителей прибыли в сентябре\n",
          "    text: около 5 тыс. строителей прибыли в сентябре\n    start: 50\n")
    ((code, message),) = _quote_problems(run, mini, "validate")
    assert message == "the quote has no end, and its text is not at its start; run `claimset fmt`, which places it at 47:89"


def test_wrong_offsets_of_a_text_found_several_times_list_the_other_places(mini, run):
    seed = _seed(mini)
    first, second = seed.index("ли"), seed.index("ли", seed.index("Переговоры"))
    _edit(mini, TALKS, f"    text: ли\n    start: {second + 1}\n    end: {second + 3}\n")
    ((code, message),) = _quote_problems(run, mini, "validate")
    assert code == "quote-mismatch"
    assert message == (f"text at {second + 1}:{second + 3} is {seed[second + 1:second + 3]!r}, but the quote says 'ли'; "
                       f"the quoted text occurs at start={second}, end={second + 2} (and 1 other place(s): {first}; "
                       "give the offsets of the one you mean)")


def test_the_other_places_named_are_capped():
    seed = "да " * 20
    outcome = place(seed, {"text": "да", "start": 4})
    assert isinstance(outcome, Unplaced)
    listed = outcome.message.split("other place(s): ")[1].split(";")[0]
    assert listed == "0, 6, 9, 12, 15, …" and len(listed.split(", ")) == MAX_OTHERS + 1
    assert "and 19 other place(s)" in outcome.message


def test_echoed_text_is_clipped():
    assert clip("ж" * (MAX_ECHO + 50)) == "ж" * MAX_ECHO + "…"
    assert clip("ж" * MAX_ECHO) == "ж" * MAX_ECHO
    seed = "Начало. " + "слово " * 100
    outcome = place(seed, {"text": "слово " * 60 + "ЖЖ", "start": 1})
    assert isinstance(outcome, Unplaced) and len(outcome.message) < 4 * MAX_ECHO + 400


def test_a_long_quote_that_is_nowhere_is_explained_by_where_it_parts_from_the_seed():
    seed = "".join(f"фраза номер {i}. " for i in range(400))
    start = seed.index("фраза номер 10.")
    quote = seed[start:start + LONG_QUOTE + 500]
    broken = quote[:700] + "Ж" + quote[701:]
    message = nowhere(seed, broken)
    assert message.startswith(f"the quoted text occurs nowhere in the seed; its first 700 characters are the seed's at "
                              f"start={start}, and then ")
    assert "the quote has 'Ж" in message


def test_every_real_quote_with_its_start_one_off_is_corrected_or_named(repo):
    """Whatever the data: a start one past the real one either is corrected (the text occurs once) or the message
    says what is at the start given and names the real start first."""
    from claimset.loader import load

    data = load(repo)
    quotes = [(c.document, c.quote) for c in data.claims]
    quotes += [(doc_id, n.quote) for doc_id, doc in data.documents.items() for n in doc.not_claims]
    assert quotes
    for doc_id, quote in quotes:
        seed = data.documents[doc_id].text
        outcome = place(seed, {"text": quote.text, "start": quote.start + 1})
        if isinstance(outcome, Placed):
            assert (outcome.start, outcome.end) == (quote.start, quote.end)
        else:
            assert outcome.code == "quote-ambiguous", outcome.message
            assert outcome.message.startswith(f"the text at start {quote.start + 1} is ")
            assert f"occurs at start {quote.start} (" in outcome.message
