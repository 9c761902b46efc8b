"""The site's schema.org JSON-LD, read as a linked-data tool reads it: with a JSON-LD processor (pyld)."""

from __future__ import annotations

import json
from html.parser import HTMLParser

import pytest
from pyld import jsonld  # a test dependency (pyproject's test extra)

import claimset
from claimset import site, site_linked_data as linked

SCHEMA = "https://schema.org/"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
# Where a copy of the site might be published: every relative @id resolves against the page's address.
BASE = "https://example.org/claimset/v0.2.0/"
TALKS = "unnamed-2025-11-07-dprk-russia-military-talks"
BUILDERS = "talks25-nis-military-builders-since-september"  # a claim of TALKS, by nis-south-korea
ASMOLOV = "treaty25-lede-treaty-restrains-tension"  # a claim by Konstantin Asmolov, a person
TREATY = "ria-2025-12-05-treaty-anniversary-asmolov"


class _Scripts(HTMLParser):
    """The text of each `<script type="application/ld+json">` of a page, as a browser's parser splits it."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []
        self._in = False

    def handle_starttag(self, tag, attrs):
        self._in = tag == "script" and ("type", "application/ld+json") in attrs
        if self._in:
            self.found.append("")

    def handle_endtag(self, tag):
        self._in = False

    def handle_data(self, data):
        if self._in:
            self.found[-1] += data


def linked_data(page: bytes) -> list[dict]:
    parser = _Scripts()
    parser.feed(page.decode("utf-8"))
    parser.close()
    return [json.loads(text) for text in parser.found]


def triples(node: dict, base: str) -> list[tuple[str, str, str]]:
    """(subject, predicate, object) of ``node``'s RDF, blank nodes by their labels, literals by value."""
    quads = jsonld.to_rdf(node, {"base": base})["@default"]
    return [(q["subject"]["value"], q["predicate"]["value"], q["object"]["value"]) for q in quads]


@pytest.fixture(scope="module")
def data(data_root):
    return claimset.load(data_root)


@pytest.fixture(scope="module")
def pages(data):
    return site.pages(data, "0.2.0", with_search=False)


def test_the_index_describes_the_dataset_with_its_name_version_and_licence(pages, data):
    [node] = linked_data(pages["index.html"])
    [dataset] = jsonld.expand(node, {"base": BASE + "index.html"})
    assert dataset["@type"] == [SCHEMA + "Dataset"]
    assert dataset[SCHEMA + "version"] == [{"@value": "0.2.0"}]
    assert dataset[SCHEMA + "name"][0]["@value"].startswith("claimset")
    assert dataset[SCHEMA + "license"] == [{"@id": "https://creativecommons.org/licenses/by/4.0/"}]
    # The licence covers the annotations; the texts' terms are stated beside it.
    assert "belong to their publishers" in dataset[SCHEMA + "copyrightNotice"][0]["@value"]
    [creator] = dataset[SCHEMA + "creator"]
    assert creator[SCHEMA + "name"] == [{"@value": "the claimset contributors"}]


def test_the_citation_names_the_creator_the_linked_data_names(repo):
    import yaml

    citation = yaml.safe_load((repo / "CITATION.cff").read_text(encoding="utf-8"))
    assert [a["name"] for a in citation["authors"]] == [linked.CREATOR["name"]]


def test_a_claim_on_its_document_page_is_a_schema_org_claim_with_its_text_author_and_language(pages, data):
    claim = next(c for c in data.claims if c.id == BUILDERS)
    page = f"{TALKS}.html"
    [node] = linked_data(pages[page])
    found = triples(node, BASE + page)
    subject = f"{BASE}{page}#{BUILDERS}"
    mine = {(p, o) for s, p, o in found if s == subject}
    assert (RDF_TYPE, SCHEMA + "Claim") in mine
    assert (SCHEMA + "text", claim.quote.text) in mine
    assert (SCHEMA + "inLanguage", "ru") in mine
    [author] = [o for p, o in mine if p == SCHEMA + "author"]
    assert (author, SCHEMA + "name", data.actors[claim.speaker].name.en) in found
    # NIS (South Korea's intelligence service) is a government body: an Organization of schema.org's.
    assert (author, RDF_TYPE, SCHEMA + "GovernmentOrganization") in found
    assert claim.date == "2025-11-04" and (SCHEMA + "datePublished", "2025-11-04") in mine
    # The English is the quote's translation; the appearance is the document, with its recorded address.
    [translation] = [o for p, o in mine if p == SCHEMA + "workTranslation"]
    assert (translation, SCHEMA + "text", claim.english) in found
    assert (translation, SCHEMA + "inLanguage", "en") in found
    [appearance] = [o for p, o in mine if p == SCHEMA + "appearance"]
    assert appearance == f"{BASE}{page}#document"
    document = data.documents[TALKS]
    assert (appearance, RDF_TYPE, SCHEMA + "NewsArticle") in found
    if document.url:
        assert (appearance, SCHEMA + "url", document.url) in found


def test_a_person_speaking_is_a_person(pages, data):
    page = f"{TREATY}.html"
    [node] = linked_data(pages[page])
    found = triples(node, BASE + page)
    [author] = [o for s, p, o in found if s == f"{BASE}{page}#{ASMOLOV}" and p == SCHEMA + "author"]
    assert (author, RDF_TYPE, SCHEMA + "Person") in found
    assert (author, SCHEMA + "name", "Konstantin Asmolov") in found


def test_every_claim_of_a_document_has_one_node_and_a_date_only_where_it_is_one_day(pages, data):
    for doc_id in data.documents:
        [node] = linked_data(pages[f"{doc_id}.html"])
        claims = {n["@id"]: n for n in node["@graph"] if n["@type"] == "Claim"}
        mine = [c for c in data.claims if c.document == doc_id]
        assert sorted(claims) == sorted(f"#{c.id}" for c in mine)
        for claim in mine:
            day = linked.exact_day(claim.date)
            assert claims[f"#{claim.id}"].get("datePublished") == day
            if day:
                assert claim.date == day


@pytest.mark.parametrize("text, day", [
    ("2025-11-07", "2025-11-07"), ("2025-11", None), ("2025", None), ("2025-11-07~", None),
    ("2025-11-07?", None), ("2025-11-01/2025-11-07", None), ("../2025-11-07", None), (None, None),
])
def test_a_date_is_published_only_when_it_is_one_exact_day(text, day):
    assert linked.exact_day(text) == day


def test_a_hostile_quote_cannot_break_out_of_the_linked_data(data):
    hostile = 'он сказал </script><script>alert(1)</script> <!-- и «ушёл» \u2028 & </SCRIPT >'
    claim = next(c for c in data.claims if c.document == TALKS)
    changed = claim.model_copy(update={"quote": claim.quote.model_copy(update={"text": hostile}),
                                       "english": hostile})
    tampered = claimset.Dataset([changed if c.id == claim.id else c for c in data.claims], data.documents,
                                data.actors, list(data.retired))
    page = dict(site.files(tampered, "test"))[f"{TALKS}.html"]
    [node] = linked_data(page)
    [found] = [n for n in node["@graph"] if n["@id"] == f"#{claim.id}"]
    assert found["text"] == hostile and found["workTranslation"]["text"] == hostile
    text = page.decode("utf-8")
    script = text[text.index('<script type="application/ld+json">'):]
    assert "<" not in script[len('<script type="application/ld+json">'):script.index("</script>")]
