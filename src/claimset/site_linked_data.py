"""The site's linked data: schema.org JSON-LD embedded in its pages, for search engines and linked-data tools.

The index describes the dataset (`Dataset`); each document page describes every claim on it (`Claim`, one
node per claim, `@id` `#<claim-id>`: relative, so it resolves to the page's own address wherever the site
is published, as a citation of `…/<doc>.html#<claim>` does). Only what the data states is said:
`datePublished` where a date is one exact day, a document's `url` where one is recorded, no
`firstAppearance` (the data cannot know a statement's first occurrence, only where it was found), no
`distribution` (the site does not know where the release files are published) and no `spatialCoverage`
(the data records no places).

The context is written out in full rather than linked (`https://schema.org`), so that a processor reads
the pages without fetching anything, as the site itself makes no request.
"""

from __future__ import annotations

import json
from typing import Any, Iterable, Optional

import markupsafe

from . import build, card, dates
from .dataset import Dataset
from .models import Actor, Claim, Document
from .vocab import ActorKind

SCHEMA = "https://schema.org/"
CONTEXT = {"@vocab": SCHEMA, "license": {"@id": "license", "@type": "@id"}, "url": {"@id": "url", "@type": "@id"}}
TRANSLATION_LANGUAGE = "en"
# schema.org's types for an actor's kind. An unnamed group ("experts") is neither a Person nor an
# Organization: it is given no type, only its name.
ACTOR_TYPES = {
    ActorKind.PERSON: "Person",
    ActorKind.GOVERNMENT_BODY: "GovernmentOrganization",
    ActorKind.ORGANISATION: "Organization",
    ActorKind.NEWS_AGENCY: "NewsMediaOrganization",
    ActorKind.OUTLET: "NewsMediaOrganization",
}
CREATOR = {"@type": "Organization", "name": card.AUTHORS}  # as CITATION.cff names the authors


def script(value: Any) -> markupsafe.Markup:
    """``value`` as the text of a `<script type="application/ld+json">`: compact UTF-8 JSON in which no "<"
    appears (it is written \\u003c, which JSON reads back the same), so neither `</script>` nor `<!--`
    in a quote can end or change the script."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return markupsafe.Markup(text.replace("<", "\\u003c"))


def exact_day(text: Optional[str]) -> Optional[str]:
    """``text`` (EDTF) where it names one day, without qualifiers (`2025-11-07`); else None."""
    if not text:
        return None
    value = dates.parse(text)
    point = value.start
    if value.interval or point is None or not point.day or point.approximate or point.uncertain:
        return None
    return f"{point.year:04d}-{point.month:02d}-{point.day:02d}"


def coverage(documents: Iterable[Document]) -> Optional[str]:
    """The period the documents were published in, as an ISO 8601 interval of days (`2023-08-01/2025-12-05`):
    from the earliest day the earliest can have been published to the latest day the latest can have been."""
    earliest, latest = [], []
    for document in documents:
        value = dates.parse(document.published)
        if value.earliest is None or value.latest is None:
            return None  # open-ended: the period has no bound to state
        earliest.append(value.earliest)
        latest.append(value.latest)
    if not earliest:
        return None
    return f"{min(earliest).isoformat()}/{max(latest).isoformat()}"


def dataset(data: Dataset, version: str) -> dict[str, Any]:
    """The index's node: the dataset, its version, licence (the annotations'; the texts' terms are stated)."""
    package = build.datapackage_header(data, version)
    node: dict[str, Any] = {
        "@context": CONTEXT,
        "@type": "Dataset",
        "@id": "#dataset",
        "name": package["title"],
        "alternateName": package["name"],
        "description": package["description"],
        "version": version,
        "license": build.ANNOTATIONS_LICENSE["path"],
        "copyrightNotice": "Annotations under CC BY 4.0. " + build.TEXTS_NOT_LICENSED,
        "creator": CREATOR,
        "inLanguage": card.languages(data),
        "keywords": ["claims", "quotations", "fact-checking", "news"],
    }
    period = coverage(data.documents.values())
    if period:
        node["temporalCoverage"] = period
    return node


def actor(person: Actor) -> dict[str, Any]:
    node: dict[str, Any] = {"name": person.name.en}
    kind = ACTOR_TYPES.get(person.kind)
    if kind:
        node["@type"] = kind
    if person.name.ru and person.name.ru != person.name.en:
        node["alternateName"] = person.name.ru
    return node


def document_node(data: Dataset, document: Document) -> dict[str, Any]:
    """The document a page shows, as the news article it is: headline, publisher, date and address where known."""
    node: dict[str, Any] = {"@id": "#document", "@type": "NewsArticle", "inLanguage": document.language,
                            "publisher": actor(data.actors[document.outlet])}
    if document.title:
        node["headline"] = document.title
    day = None if document.published_inferred else exact_day(document.published)
    if day:
        node["datePublished"] = day
    if document.url:
        node["url"] = document.url
    return node


def claim_node(data: Dataset, claim: Claim, language: str) -> dict[str, Any]:
    """A claim where its document page shows it: the quote in the document's ``language``, its speaker, its English."""
    node: dict[str, Any] = {
        "@id": f"#{claim.id}",
        "@type": "Claim",
        "identifier": claim.id,
        "text": claim.quote.text,
        "inLanguage": language,
        "author": actor(data.actors[claim.speaker]),
        "appearance": {"@id": "#document"},
        # The English is a translation of the quote, made by the project: a work of its own (schema.org's
        # workTranslation, a CreativeWork), not a name or description of the claim.
        "workTranslation": {"@type": "CreativeWork", "text": claim.english, "inLanguage": TRANSLATION_LANGUAGE,
                            "translator": CREATOR},
    }
    day = exact_day(claim.date)
    if day:
        node["datePublished"] = day
    return node


def document_page(data: Dataset, document: Document, claims: Iterable[Claim]) -> dict[str, Any]:
    """A document page's graph: the document, and each of its claims."""
    return {"@context": CONTEXT,
            "@graph": [document_node(data, document), *(claim_node(data, c, document.language) for c in claims)]}
