"""The search analyser: words, numbers, stems and queries, as claimset.words defines them."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from claimset import words
from claimset.words import NoWords, QueryError, TooLong, contains, query


@pytest.mark.parametrize(("text", "expected"), [
    ("Kim Jong-un", ["kim", "jong", "un"]),
    ("ADMM-Plus", ["admm", "plus"]),
    ("Kim Jong–un", ["kim", "jong", "un"]),  # any dash
    ("about 5,000 builders", ["about", "5000", "builder"]),
    ("5 000 и 5\u00a0000 и 5.000", ["5000", "и", "5000", "и", "5000"]),
    ("около 5 тыс. военных", ["окол", "5", "тыс", "воен"]),
    ("1,5 млрд", ["1", "5", "млрд"]),  # a decimal comma separates: 1,5 is not 15
    ("15.09.2023", ["15", "09", "2023"]),
    ("Korea's and Korea’s", ["korea", "and", "korea"]),
    ("Ки\u0301м во\u00adенных", ["ким", "воен"]),  # a stress mark and a soft hyphen stay inside the word
    ("и\u0306ти", ["йти"]),  # и + combining breve is й
    ("", []),
    ("— «» !?", []),
])
def test_words_are_split_folded_and_stemmed(text, expected):
    assert words.words(text) == expected


def test_yo_is_ye_and_case_is_folded():
    assert words.words("ВСЁ ещё Ёж") == words.words("все еще еж")


@pytest.mark.parametrize("forms", [
    ("Курская", "Курской", "Курскую", "КУРСКОЙ"),
    ("Путин", "Путина", "Путину", "Путиным"),
    ("сапёр", "саперов", "сапёров"),
    ("builder", "builders", "Builders"),
])
def test_inflected_forms_share_one_stem(forms):
    assert len({tuple(words.words(form)) for form in forms}) == 1, {f: words.words(f) for f in forms}


@pytest.mark.parametrize(("one", "other"), [("Ким", "таким"), ("Ким", "каким"), ("NIS", "minister"), ("Курск", "курсант")])
def test_a_word_is_not_found_inside_another(one, other):
    assert set(words.words(one)).isdisjoint(words.words(other))


def test_a_query_is_terms_and_phrases():
    assert query("Курская область").terms == (("курск",), ("област",))
    assert query('"Курская область"').terms == (("курск", "област"),)
    assert query("«Курская область» Ким").terms == (("курск", "област"), ("ким",))
    assert query("“Kim Jong Un”").terms == (("kim", "jong", "un"),)
    assert query("Kim Jong-un").terms == (("kim",), ("jong", "un"))  # a hyphenated word is a phrase
    assert query("1,5 млрд").terms == (("1", "5"), ("млрд",))
    assert query("Путин,Ким").terms == (("путин",), ("ким",))  # a comma between words joins nothing
    assert query('"Kim Jong').terms == (("kim", "jong"),)  # an unclosed quote runs to the end
    assert query("Ким ким КИМ").terms == (("ким",),)


def test_the_fts_query_quotes_every_term():
    assert query('Kim "Jong Un" 5,000').fts() == '"kim" "jong un" "5000"'


@pytest.mark.parametrize("text", ["", "   ", "!!!", "«»", "\x00\x1b", '""'])
def test_a_query_without_a_word_is_refused(text):
    with pytest.raises(NoWords):
        query(text)


def test_a_query_is_bounded():
    query("я " * (words.MAX_QUERY_CHARS // 2))
    with pytest.raises(TooLong):
        query("я" * (words.MAX_QUERY_CHARS + 1))
    with pytest.raises(TypeError):
        query(None)  # type: ignore[arg-type]
    assert issubclass(QueryError, ValueError)


def test_contains_is_about_consecutive_words():
    text = ("ким", "чен", "ын", "принял")
    assert contains(text, ("чен", "ын")) and contains(text, ("принял",))
    assert not contains(text, ("ким", "ын")) and not contains(text, ("ын", "чен"))
    assert not contains(text, ("ын", "принял", "решен"))


# Any text finds itself: each term of the query made from a text occurs, as consecutive words, in the text's words.
@given(st.text(alphabet=st.sampled_from("аБвёЁйКимKimJong-un 5,0.'’«»\"\u00a0\u0301\u00ad—"), max_size=60))
def test_any_text_finds_itself(text):
    try:
        wanted = query(text)
    except NoWords:
        assert words.words(text.replace('"', " ")) == []
        return
    indexed = tuple(words.words(text))
    assert all(contains(indexed, term) for term in wanted.terms), (indexed, wanted)
