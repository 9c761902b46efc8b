"""Controlled vocabularies. Each term carries the definition the README prints."""

from __future__ import annotations

from enum import Enum


_DEFINITIONS: dict[str, dict[str, str]] = {}


class Vocabulary(str, Enum):
    """A closed set of terms, each with a definition."""

    @property
    def definition(self) -> str:
        return _DEFINITIONS[type(self).__name__][self.value]

    @classmethod
    def definitions(cls) -> dict[str, str]:
        return dict(_DEFINITIONS[cls.__name__])

    def __str__(self) -> str:
        return self.value


def _vocabulary(name: str, doc: str, terms: dict[str, str]) -> type[Vocabulary]:
    # Built from one dict so a term and its definition cannot drift apart.
    _DEFINITIONS[name] = dict(terms)
    members = {term.replace("-", "_").upper(): term for term in terms}
    enum = Vocabulary(name, members, module=__name__)  # type: ignore[call-overload]
    enum.__doc__ = doc
    return enum


ClaimType = _vocabulary(
    "ClaimType",
    "What kind of assertion a claim is.",
    {
        "event": "Something happened at a given time: a meeting, a visit, a signing, a launch, a statement made, a decision taken.",
        "fact": "A standing state of affairs or background fact: what a treaty contains, who belongs to a body.",
        "quantity": "The assertion is chiefly a figure: a count, an amount, a duration.",
        "assessment": "An evaluation, opinion, interpretation or characterisation.",
        "forecast": "A prediction or expectation about what will happen.",
        "intention": "A stated intention, plan, commitment or promise.",
        "denial": "An assertion that something is not so or does not happen.",
        "allegation": "An accusation, or an unconfirmed claim about another party's hidden conduct, including intelligence claims.",
    },
)

Mode = _vocabulary(
    "Mode",
    "How the claim reaches the page.",
    {
        "direct": "Quoted directly, in quotation marks.",
        "indirect": "Reported speech: the outlet paraphrases what the speaker said.",
        "narrative": "The outlet's own voice: headline, lede, background, related-article lines.",
    },
)

Topic = _vocabulary(
    "Topic",
    "Short subject tags.",
    {
        "military-cooperation": "Defence contacts, military talks, coordination and combat cooperation.",
        "military-labour": "North Korean builders, sappers and workers sent to Russia.",
        "kursk": "The fighting in Russia's Kursk region and its recovery.",
        "treaty": "The 2024 Comprehensive Strategic Partnership Treaty and earlier Russia–DPRK treaties.",
        "diplomacy": "Leaders' and ministers' meetings, visits, messages, alignment in international bodies.",
        "regional-security": "Security in the Asia-Pacific and on the Korean peninsula.",
        "nuclear": "Nuclear weapons, nuclear status, denuclearisation.",
        "sanctions": "UN sanctions on the DPRK.",
        "economy": "Trade, freight, economic and regional cooperation.",
        "space": "Space cooperation.",
        "technology-transfer": "Transfer of military or secret technology.",
        "missiles": "DPRK missile launches.",
        "civil-cooperation": "Education, health and exchanges of delegations outside defence.",
    },
)

RelationType = _vocabulary(
    "RelationType",
    "How a claim relates to another claim.",
    {
        "restates": "Makes the same assertion as the target: a headline or lede restating the body, or the same fact or statement reported in another document.",
        "updates": "Revises or supersedes a figure or fact given by the target.",
        "contradicts": "Cannot be true together with the target as stated.",
    },
)

NotClaimReason = _vocabulary(
    "NotClaimReason",
    "Why a span of a source text asserts nothing.",
    {
        "dateline": "A date line or place-and-agency dateline.",
        "navigation": "Site navigation text.",
        "site-name": "The name of the site the page was taken from.",
        "source-label": "A label naming the source of an item.",
        "rubric": "A section or rubric name.",
        "share-button": "A share button's text.",
        "counter": "A comment or view counter.",
    },
)

ActorKind = _vocabulary(
    "ActorKind",
    "What sort of actor an actor is.",
    {
        "person": "A named or unnamed individual.",
        "government-body": "A ministry, agency, service or other state body.",
        "organisation": "A research institute, party or other non-state organisation.",
        "news-agency": "A news agency whose items other outlets relay.",
        "outlet": "A publication or site that publishes a document.",
        "group": "An unnamed group of people (\"experts\", \"officials\").",
    },
)

ReviewStatus = _vocabulary(
    "ReviewStatus",
    "How far a record has been checked against its source.",
    {
        "unreviewed": "Entered but not yet read against the source text.",
        "first-read": "Annotated by one reader from the source text.",
        "second-read": "Read again against the source text by an independent second reader; what that read changed is in `changes`.",
    },
)

VOCABULARIES: dict[str, type[Vocabulary]] = {
    "type": ClaimType,
    "mode": Mode,
    "topics": Topic,
    "relations.type": RelationType,
    "not_claims.reason": NotClaimReason,
    "kind": ActorKind,
    "review.status": ReviewStatus,
}
