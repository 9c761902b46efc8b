"""Whom a claim is about, who its speaker is (country, sector), and warnings as data, on the shipped data.

Facts of the five original documents are pinned by id and with "contains", so they hold as documents are added.
"""

from __future__ import annotations

import pytest

import claimset
from claimset.countries import ALPHA_2
from claimset.models import Actor, ReaderWarning
from claimset.vocab import WarningKind


@pytest.fixture(scope="module")
def data(data_root):
    return claimset.load(data_root)  # the sample the session's release is built from (tests/sample.py)


def test_a_decision_reported_by_someone_else_is_about_the_one_who_decided(data):
    # Shoigu reported Kim's decision; the quote («в том числе 1 тыс. саперов») does not name Kim.
    found = data.filter(about="Kim Jong Un")
    assert {"talks25-kim-decided-1000-sappers", "talks25-kim-decided-6000-to-kursk", "treaty25-bg-kim-1000-sappers",
            "savel25-kim-met-medvedev-early-october"} <= set(found.ids)
    assert all("kim-jong-un" in claim.about for claim in found)
    assert data.filter(about="kim-jong-un") == found  # an id or a name, as for speaker
    # What Kim said himself is his as speaker, not about him: the friendship claim is about the two states.
    assert "talks25-kim-friendship-at-peak" not in found


def test_involving_is_speaker_relay_or_about(data):
    involving = data.filter(involving="kim-jong-un")
    assert involving == (data.filter(speaker="kim-jong-un") | data.filter(via="kim-jong-un")
                         | data.filter(about="kim-jong-un"))
    assert {"talks25-kim-friendship-at-peak", "talks25-kim-decided-1000-sappers"} <= set(involving.ids)
    relayed = data.filter(involving="yonhap")
    assert "talks25-nis-military-builders-since-september" in relayed  # Yonhap relays it
    assert "talks25-yonhap-reported-earlier" in relayed  # the framing is about Yonhap


def test_a_claim_about_the_treaty_is_about_the_leaders_only_when_it_is_about_them(data):
    assert set(data["treaty25-bg-signed-2024-06-19"].about) == {"vladimir-putin", "kim-jong-un"}
    assert data["treaty25-bg-23-articles"].about == ()
    assert "vladimir-putin" not in data["treaty25-bg-mutual-military-aid"].about
    assert set(data["treaty25-bg-mutual-military-aid"].about) == {"russia", "dprk"}


def test_an_unknown_actor_in_about_is_a_value_error_with_the_nearest_name(data):
    with pytest.raises(ValueError, match="about='Shoygu' names nothing in the dataset; did you mean 'Shoigu'"):
        data.filter(about="Shoygu")


def test_every_about_names_an_actor_and_every_actor_has_a_valid_country(data):
    for claim in data:
        assert set(claim.about) <= set(data.actors), claim.id
        assert len(set(claim.about)) == len(claim.about), claim.id
    assert all(a.country is None or a.country in ALPHA_2 for a in data.actors.values())


def test_russian_officials_in_november_2025(data):
    officials = data.filter(speaker_country="RU", speaker_sector=["government", "military"],
                            date_from="2025-11", date_to="2025-11-30", dates="overlap")
    assert {"savel25-agreement-absolutely-transparent", "talks25-savelyev-agreement-transparent",
            "savel25-apr-tension-growing"} <= set(officials.ids)
    for claim in officials:
        speaker = data.actors[claim.speaker]
        assert speaker.country == "RU" and speaker.sector.value in ("government", "military")
    # Kim Jong Un is an official too, but not a Russian one; a Russian researcher is not an official.
    assert "talks25-kim-friendship-at-peak" not in officials
    assert not set(data.filter(speaker="konstantin-asmolov").ids) & set(
        data.filter(speaker_country="RU", speaker_sector="government").ids)
    assert "talks25-nis-military-builders-since-september" in data.filter(speaker_country="kr", speaker_sector="intelligence")


def test_a_country_that_is_no_iso_code_and_an_unknown_sector_are_refused(data):
    with pytest.raises(ValueError, match="not an ISO 3166-1 alpha-2 country code"):
        data.filter(speaker_country="XX")
    with pytest.raises(ValueError, match="speaker_sector='clergy' names nothing"):
        data.filter(speaker_sector="clergy")


def test_warnings_by_kind(data):
    warned = data.filter(warning=True)
    assert {"mcis23-russia-continues-implementing-sanctions", "vost23-headline-agreed-cooperation",
            "treaty25-q-no-denuclearisation-talks"} <= set(warned.ids)
    assert all(claim.review.warnings for claim in warned)
    assert not set(warned.ids) & set(data.filter(warning=False).ids)
    assert len(warned) + len(data.filter(warning=False)) == len(data)
    public = data.filter(warning="public-record")
    assert "treaty25-bg-entry-into-force-dec-5" in public
    assert "vost23-headline-agreed-cooperation" not in public
    assert "vost23-headline-agreed-cooperation" in data.filter(warning=["headline-vs-body", "ambiguity"])
    assert "treaty25-q-no-denuclearisation-talks" in data.filter(warning="ambiguity")
    assert "talks25-kim-friendship-at-peak" in data.filter(warning="other-document")
    with pytest.raises(ValueError, match="warning='rumour' names nothing"):
        data.filter(warning="rumour")


def test_sources_are_only_on_public_record_warnings_and_are_addresses(data):
    sourced = [w for claim in data for w in claim.review.warnings if w.sources]
    assert sourced and all(w.kind == WarningKind.PUBLIC_RECORD for w in sourced)
    assert all(address.startswith(("http://", "https://")) for w in sourced for address in w.sources)
    sanctions = data["mcis23-russia-continues-implementing-sanctions"].review.warnings
    assert "http://www01.koreaherald.com/view.php?mp=7&np=68&ud=20230121000038" in sanctions[0].sources


def test_a_source_on_another_kind_of_warning_is_refused():
    with pytest.raises(ValueError, match="sources are the pages read for a public-record warning"):
        ReaderWarning(kind="attribution", note="inferred", sources=("https://example.org/",))
    assert ReaderWarning(kind="public-record", note="known", sources=("https://example.org/",)).sources


def test_a_country_code_must_be_iso():
    with pytest.raises(ValueError, match="'XK' is not an ISO 3166-1 alpha-2 country code"):
        Actor(id="a", kind="person", name={"ru": None, "en": "A"}, country="XK")
    assert Actor(id="a", kind="person", name={"ru": None, "en": "A"}, country="KP").country == "KP"


def test_the_vendored_country_codes_are_pycountrys():
    pycountry = pytest.importorskip("pycountry")
    assert ALPHA_2 == {country.alpha_2 for country in pycountry.countries}


def test_the_json_release_keeps_about_country_sector_and_warnings(data, release):
    released = claimset.load(release / "claims.json")
    for claim_id in ("talks25-kim-decided-1000-sappers", "mcis23-russia-continues-implementing-sanctions"):
        assert released[claim_id].about == data[claim_id].about
        assert released[claim_id].review.warnings == data[claim_id].review.warnings
    assert released.actors["nis-south-korea"].country == "KR"
    assert released.actors["nis-south-korea"].sector.value == "intelligence"


def test_site_actor_page_lists_claims_about_the_actor_and_the_marker_shows_kind_and_note(data):
    from claimset import site

    files = site.pages(data, "test", with_search=False)
    page = files["actors/kim-jong-un.html"].decode("utf-8")
    assert "Claims about this actor" in page and "talks25-kim-decided-1000-sappers" in page
    claim = data["treaty25-bg-entry-into-force-dec-5"]
    warning = site.review_warning(claim)
    assert warning.startswith("public-record: Outside the text")
    document = files["ria-2025-12-05-treaty-anniversary-asmolov.html"].decode("utf-8")
    assert "⚠</span> public-record warning" in document
    assert 'href="https://interfax.com/newsroom/top-stories/108291/"' in document
