"""data.search() on the real data: whole words in any inflected form, phrases, every word required.

Claims are pinned by id and tested with "contains", so documents added later change nothing here.
"""

from __future__ import annotations

import re

import pytest

import claimset
from claimset import words

KURSKOY = "treaty25-gerasimov-kpa-fought-in-kursk"  # «… в Курской области»
KURSKUYU = "treaty25-gerasimov-dprk-special-forces"  # «… в Курскую область»
SAPPERS = "treaty25-bg-kim-1000-sappers"  # «… саперов для разминирования территории Курской области»
KIM_6000 = "talks25-kim-decided-6000-to-kursk"  # «глава КНДР Ким Чен Ын принял решение …»
PUTIN_SPEAKS = "treaty25-putin-praised-korean-valour"  # Putin's claim; «Путин высоко оценил …»
NIS_NAMED = "talks25-nis-announced-4-november"  # "… National Intelligence Service (NIS) announced …"
TAKIM = "treaty25-q-applies-civil"  # «таким», and no Ким
KAKIM = "mcis23-vorontsov-change-unclear"  # «каким», and no Ким
BUILDERS = "talks25-nis-military-builders-since-september"  # "about 5,000 North Korean military builders"


@pytest.fixture(scope="module")
def data():
    return claimset.load()


def test_the_examples_hold_in_the_data(data):
    assert "Курской" in data[KURSKOY].quote.text and "Курскую" in data[KURSKUYU].quote.text
    assert "Курская" not in data[KURSKOY].quote.text + data[KURSKUYU].quote.text
    assert data[PUTIN_SPEAKS].speaker == "vladimir-putin" and "Путин " in data[PUTIN_SPEAKS].quote.text
    for claim_id in (TAKIM, KAKIM):
        assert not re.search(r"\bКим", data[claim_id].quote.text) and re.search(r"[тк]аким", data[claim_id].quote.text)


@pytest.mark.parametrize("query", ["Курская", "курская", "Курскую", "КУРСКОЙ", "Курск"])
def test_any_form_finds_every_form(data, query):
    found = data.search(query)
    assert {KURSKOY, KURSKUYU, SAPPERS, KIM_6000} <= set(found.ids)


def test_a_russian_name_in_any_case_finds_the_claims_that_name_him(data):
    assert PUTIN_SPEAKS in data.search("Путина")
    for claim in data.search("Путина"):
        assert re.search(r"\bПутин", claim.quote.text) or re.search(r"\bPutin", claim.english), claim.id


def test_names_of_speakers_are_not_searched(data):
    # Putin's own claims are found by their words, not by who said them: filter(speaker=…) asks that.
    putin = data.filter(speaker="Putin")
    silent = [c for c in putin if not re.search(r"Путин|Putin", c.quote.text + c.english)]
    assert silent, "some claim of Putin's does not name him"
    assert not set(c.id for c in silent) & set(data.search("Путин").ids)


def test_an_acronym_is_not_found_inside_another_word(data):
    found = data.search("NIS")
    assert NIS_NAMED in found
    for claim in found:
        assert re.search(r"\bNIS\b", claim.quote.text + " " + claim.english), claim.id
    ministers = [c.id for c in data if "minister" in c.english.casefold() and not re.search(r"\bNIS\b", c.english)]
    assert ministers and not set(ministers) & set(found.ids)


def test_a_short_name_is_not_found_inside_another_word(data):
    found = data.search("Ким")
    assert KIM_6000 in found and SAPPERS in found
    assert TAKIM not in found and KAKIM not in found


def test_a_phrase_in_quotes_needs_its_words_in_order(data):
    assert KURSKOY in data.search('"Курская область"') and KURSKUYU in data.search("«Курская область»")
    assert KURSKOY not in data.search('"область Курская"')
    assert KIM_6000 in data.search('"Ким Чен Ын"')
    assert KIM_6000 not in data.search('"Ын Чен Ким"')
    assert KIM_6000 in data.search("Ын Чен Ким")  # without quotes: every word, anywhere


def test_several_words_must_all_occur(data):
    both = data.search("Курская сапёр")
    assert SAPPERS in both and KURSKOY not in both
    assert set(both.ids) == set(data.search("Курская").ids) & set(data.search("сапёр").ids)


def test_english_words_and_numbers(data):
    assert BUILDERS in data.search("5,000") and BUILDERS in data.search("5000")
    assert BUILDERS in data.search("builder") and BUILDERS in data.search("military builders")
    assert "savel25-spoke-at-admm-plus-kuala-lumpur" in data.search("ADMM-Plus")
    assert KIM_6000 in data.search("Kim Jong-un")


def test_a_selection_searches_only_itself(data):
    talks = data.filter(document="unnamed-2025-11-07-dprk-russia-military-talks")
    found = talks.search("Курская")
    assert KIM_6000 in found and KURSKOY not in found
    assert all(c.document == "unnamed-2025-11-07-dprk-russia-military-talks" for c in found)


def test_results_keep_the_selections_order(data):
    found = data.search("Курская")
    order = {claim_id: i for i, claim_id in enumerate(data.filter().ids)}
    assert [order[i] for i in found.ids] == sorted(order[i] for i in found.ids)


@pytest.mark.parametrize("query", ["", "   ", "!!!", "«»", "я" * (words.MAX_QUERY_CHARS + 1)])
def test_a_query_without_a_word_or_too_long_is_a_value_error(data, query):
    with pytest.raises(ValueError):
        data.search(query)


def test_control_characters_in_a_query_separate_words(data):
    assert data.search("Курская\x00\x1b\u202eобласть").ids == data.search("Курская область").ids


def _opening(text: str) -> str:
    """The text's first whole words, within a query's length."""
    kept: list[str] = []
    for word in text.replace('"', " ").split():
        if sum(len(w) + 1 for w in kept) + len(word) > words.MAX_QUERY_CHARS - 100:
            kept = kept[:-1]  # the last kept word may be half of a number written with spaces (5 000)
            break
        kept.append(word)
    return " ".join(kept)


def test_every_claim_finds_itself_by_its_own_quote_and_english(data):
    for claim in data:
        assert claim in data.search(f'"{_opening(claim.quote.text)}"'), claim.id
        assert claim in data.search(_opening(claim.english)), claim.id


def test_the_word_index_is_built_once_per_dataset(data):
    data.search("Курская")
    index = data._word_index
    data.search("Ким")
    assert data._word_index is index
