"""Finding actors and documents by name, and claims by text."""

from __future__ import annotations

import re

import pytest

import claimset
from claimset import names
from claimset.dataset import Dataset
from claimset.models import Actor


@pytest.fixture(scope="module")
def data():
    return claimset.load()


@pytest.mark.parametrize(
    ("query", "actor_id"),
    [
        ("sergei-shoigu", "sergei-shoigu"),
        ("Sergei Shoigu", "sergei-shoigu"),
        ("Shoigu", "sergei-shoigu"),
        ("Шойгу", "sergei-shoigu"),
        ("  сергей   ШОЙГУ ", "sergei-shoigu"),
        ("Kang", "kang-sun-nam"),  # the family name comes first in Korean names
        ("Ким Чен Ын", "kim-jong-un"),
        ("NIS", "nis-south-korea"),
        ("nis", "nis-south-korea"),
        ("KCNA", "kcna"),
        ("ЦТАК", "kcna"),
        ("Korean Central News Agency", "kcna"),
        ("RISS", "riss"),
        ("РИСИ", "riss"),  # the initialism of the Russian name
        ("Минобороны России", "russia-defence-ministry"),
        ("Национальная", "nis-south-korea"),  # the short form: a body's name's first word
        ("RIA", "ria-novosti"),
        ("Interfax", "interfax"),
    ],
)
def test_actor_by_id_name_surname_or_acronym(data, query, actor_id):
    assert data.actor(query).id == actor_id


@pytest.mark.parametrize(("query", "some"), [("Kim", {"kim-jong-un", "kim-jong-gyu"}),
                                             ("Минобороны", {"russia-defence-ministry", "dprk-defence-ministry"})])
def test_a_short_form_several_actors_share_names_them_all(data, query, some):
    # Kim Jong Un and Kim Jong Gyu; the defence ministries of Russia and of the DPRK: a guess would be a wrong answer.
    with pytest.raises(claimset.AmbiguousName) as caught:
        data.actor(query)
    assert some <= set(caught.value.candidates)


def test_yo_and_ye_are_the_same_letter():
    actors = {"fyodor": Actor(id="fyodor", kind="person", name={"ru": "Фёдор Лукьянов", "en": "Fyodor Lukyanov"})}
    data = Dataset([], {}, actors)
    assert data.actor("Федор Лукьянов").id == "fyodor"
    assert data.actor("ФЁДОР").id == "fyodor"


def test_a_near_miss_suggests_the_nearest_name(data):
    with pytest.raises(claimset.NameNotFound, match=r"no actor is called 'Shoygu'; did you mean 'Shoigu' \(sergei-shoigu\)\?"):
        data.actor("Shoygu")
    with pytest.raises(LookupError, match="no actor is called 'Bismarck'$"):
        data.actor("Bismarck")


def test_the_suggestion_is_the_name_fewest_edits_away_or_none(data):
    # «Сандро» shares «андр» with «Александр» (Vorontsov, Matsegora) and is near nothing.
    with pytest.raises(claimset.NameNotFound, match="^no actor is called 'Сандро'$"):
        data.actor("Сандро")
    nearest = {"Воронцова": "'Воронцов' (alexander-vorontsov)", "Gerasimow": "'Gerasimov' (valery-gerasimov)",
               "Shiogu": "'Shoigu' (sergei-shoigu)", "NSI": "'NIS' (nis-south-korea)"}
    for query, name in nearest.items():
        with pytest.raises(claimset.NameNotFound, match=re.escape(f"; did you mean {name}?")):
            data.actor(query)


def test_an_ambiguous_name_lists_the_candidates():
    actors = {
        a.id: a
        for a in (
            Actor(id="kim-jong-un", kind="person", name={"ru": "Ким Чен Ын", "en": "Kim Jong Un"}),
            Actor(id="kim-yo-jong", kind="person", name={"ru": "Ким Ё Чжон", "en": "Kim Yo Jong"}),
        )
    }
    data = Dataset([], {}, actors)
    with pytest.raises(claimset.AmbiguousName) as info:
        data.actor("kim")
    assert info.value.candidates == ["kim-jong-un", "kim-yo-jong"]
    assert "'kim' could be any of 2 actors: kim-jong-un, kim-yo-jong" in str(info.value)
    assert isinstance(info.value, LookupError)
    assert data.actor("Kim Yo Jong").id == "kim-yo-jong"  # a full name is surer than a word of one


def test_descriptions_are_not_split_into_name_words(data):
    # «Defence attaché of the DPRK Embassy in Moscow» is a description, not a personal name.
    with pytest.raises(claimset.NameNotFound):
        data.actor("Embassy")


@pytest.mark.parametrize(
    ("query", "document_id"),
    [
        ("riss-interfax-2023-09-15-vostochny-summit", "riss-interfax-2023-09-15-vostochny-summit"),
        ("Россия и КНДР договорились о сотрудничестве", "riss-interfax-2023-09-15-vostochny-summit"),
        ("Interfax", "riss-interfax-2023-09-15-vostochny-summit"),  # the agency it reposts
        ("RIA Novosti", "ria-2025-12-05-treaty-anniversary-asmolov"),
        ("RIA", "ria-2025-12-05-treaty-anniversary-asmolov"),
        ("2025-11-07", "unnamed-2025-11-07-dprk-russia-military-talks"),
        ("2023-08", "unnamed-2023-08-mcis-dprk-defence-cooperation"),  # published 2023-08-15/2023-08-31
        ("2023-08-15/2023-08-31", "unnamed-2023-08-mcis-dprk-defence-cooperation"),
    ],
)
def test_document_by_id_headline_date_or_outlet(data, query, document_id):
    # An added document may share the outlet, date or headline: then the lookup must name both.
    assert document_id in _documents_named(data, query)


@pytest.mark.parametrize(
    ("published", "found_by"),
    [
        ("2025-11-07", ["2025-11-07", "2025-11", "2025"]),
        ("2023-08", ["2023-08", "2023"]),
        ("2023-08-15/2023-08-31", ["2023-08-15/2023-08-31", "2023", "2023-08"]),
        ("2023-08-25/2023-09-05", ["2023-08-25/2023-09-05", "2023"]),  # two months: found by neither
        ("2023-12-25/2024-01-05", ["2023-12-25/2024-01-05"]),
        ("../2023-08", ["../2023-08"]),
    ],
)
def test_a_document_is_found_by_each_year_month_and_day_its_date_is_sure_of(data, published, found_by):
    document = data.documents["unnamed-2023-08-mcis-dprk-defence-cooperation"].model_copy(
        update={"published": published})
    index = names.document_index({document.id: document}, data.actors)
    for query in found_by:
        assert index.resolve(query) == document.id, query
    for query in {"2023", "2023-08", "2023-09", "2024"} - set(found_by):
        with pytest.raises(claimset.NameNotFound):
            index.resolve(query)


def _documents_named(data, query: str) -> list[str]:
    """The one document ``query`` names, or every candidate when it could be any of several."""
    try:
        return [data.document(query).id]
    except claimset.AmbiguousName as exc:
        assert len(exc.candidates) > 1
        return exc.candidates


def test_a_document_id_always_names_one_document(data):
    for document_id in data.documents:
        assert data.document(document_id).id == document_id


def test_an_ambiguous_document_lists_the_candidates(data):
    with pytest.raises(claimset.AmbiguousName) as info:
        data.document("2023")
    assert {"riss-interfax-2023-09-15-vostochny-summit", "unnamed-2023-08-mcis-dprk-defence-cooperation"} <= set(
        info.value.candidates
    )
    assert info.value.candidates == sorted(info.value.candidates)
    assert all("2023" in data.documents[c].published for c in info.value.candidates)
    with pytest.raises(claimset.NameNotFound, match="did you mean 'unnamed-2025-11-01-savelyev-against-whom'"):
        data.document("unnamed-2025-11-01-savelyev")


def test_filters_accept_what_the_lookups_accept(data):
    by_name = data.filter(speaker="Шойгу")
    assert by_name == data.filter(speaker="sergei-shoigu") and len(by_name) > 0
    assert data.filter(speaker=["NIS", "KCNA"]) == data.filter(speaker=["nis-south-korea", "kcna"])
    assert data.filter(via="Yonhap") == data.filter(via="yonhap")
    ria = _documents_named(data, "RIA Novosti")
    assert "ria-2025-12-05-treaty-anniversary-asmolov" in ria
    if len(ria) == 1:
        assert data.filter(document="RIA Novosti") == data.filter(document=ria[0])
    else:
        with pytest.raises(ValueError, match=r"document='RIA Novosti' could be any of \d+ documents"):
            data.filter(document="RIA Novosti")
    with pytest.raises(ValueError, match="speaker='Shoygu' names nothing in the dataset; did you mean 'Shoigu'"):
        data.filter(speaker="Shoygu")
    with pytest.raises(ValueError, match=r"document='2025' could be any of \d+ documents"):
        data.filter(document="2025")


def test_search_finds_quotes_and_translations_ignoring_case_and_yo(data):
    sappers = ["treaty25-bg-kim-1000-sappers", "talks25-kim-decided-1000-sappers"]
    found = data.search("саперов")
    assert set(sappers) <= set(found.ids)
    assert all(re.search(r"\bсап[её]р", c.quote.text.lower()) for c in found)  # any form of the word
    assert data.search("САПЁРОВ").ids == found.ids  # ё in the query, е in the text
    english = data.search("1,000 SAPPERS")  # the English translation
    assert "talks25-kim-decided-1000-sappers" in english.ids
    assert "treaty25-bg-kim-1000-sappers" not in english.ids  # its English spells out "one thousand sappers"
    assert all(re.search(r"\b1,000\b", c.english) and "sapper" in c.english.lower() for c in english)
    kursk = data.search("kursk")
    assert all("курск" in c.quote.text.lower() or "kursk" in c.english.lower() for c in kursk)
    # Found by its English alone: the quote «в том числе 1 тыс. саперов» does not name the region; its
    # English gives the decision it belongs to in brackets.
    assert "talks25-kim-decided-1000-sappers" in kursk.ids
    assert "talks25-kim-decided-1000-sappers" not in data.search("Курск").ids
    assert data.search("no such words anywhere").ids == []
    assert {"treaty25-gerasimov-kpa-fought-in-kursk", "treaty25-gerasimov-dprk-special-forces"} <= set(
        data.search("Kursk").filter(speaker="Gerasimov").ids
    )
    with pytest.raises(ValueError, match="no word to search for"):
        data.search("  ")


def test_search_treats_any_whitespace_alike(data):
    claim = next(c for c in data if "\u00a0" in c.quote.text)
    words = claim.quote.text.split()
    assert claim in data.search(" ".join(words[:3]))


def test_search_treats_any_dash_or_quotation_mark_alike(data):
    # Kim's words appear in two documents: «на пике» / Russian-Korean, "at its
    # peak" in one, Russian–Korean (an en dash) in the other. A query typed
    # or pasted with other marks finds them.
    both = {"savel25-kim-friendship-at-peak", "talks25-kim-friendship-at-peak"}
    hyphen = data.search("Russian-Korean friendship").ids
    assert both <= set(hyphen)
    assert data.search("Russian—Korean friendship").ids == hyphen
    # Quotation marks in a query make a phrase; the text's own quotation marks are not words.
    quoted = data.search('дружба находится "на пике"').ids
    assert both <= set(quoted) and data.search("дружба находится «на пике»").ids == quoted
    assert data.search("“at its peak”").ids == data.search('"at its peak"').ids
    assert both <= set(data.search("“at its peak”").ids)
    assert not both & set(data.search('"peak at its"').ids)


def test_a_lookup_needs_text(data):
    with pytest.raises(TypeError, match="the actor to look up must be named by text, not NoneType"):
        data.actor(None)
