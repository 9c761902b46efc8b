"""Controlled vocabularies. Each term carries the definition the README prints."""

from __future__ import annotations

from enum import Enum


class Vocabulary(str, Enum):
    """A closed set of terms, each with a definition (see `define`)."""

    @property
    def definition(self) -> str:
        return _DEFINITIONS[type(self)][self.value]

    @classmethod
    def definitions(cls) -> dict[str, str]:
        return dict(_DEFINITIONS[cls])

    def __str__(self) -> str:
        return self.value


_DEFINITIONS: dict[type[Vocabulary], dict[str, str]] = {}


def define(vocabulary: type[Vocabulary], definitions: dict[str, str]) -> None:
    """Attach definitions; a term without one, or a definition without a term, fails at import."""
    terms = [member.value for member in vocabulary]
    if list(definitions) != terms:
        raise RuntimeError(f"{vocabulary.__name__}: definitions {list(definitions)} do not match terms {terms}")
    _DEFINITIONS[vocabulary] = dict(definitions)


class ClaimType(Vocabulary):
    """What kind of assertion a claim is."""

    EVENT = "event"
    FACT = "fact"
    QUANTITY = "quantity"
    ASSESSMENT = "assessment"
    FORECAST = "forecast"
    INTENTION = "intention"
    DENIAL = "denial"
    ALLEGATION = "allegation"


define(
    ClaimType,
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


class Mode(Vocabulary):
    """How the claim reaches the page."""

    DIRECT = "direct"
    INDIRECT = "indirect"
    NARRATIVE = "narrative"


define(
    Mode,
    {
        "direct": "Quoted directly, in quotation marks.",
        "indirect": "Reported speech: the outlet paraphrases what the speaker said.",
        "narrative": "The outlet's own voice: headline, lede, background.",
    },
)


class Topic(Vocabulary):
    """Short subject tags."""

    MILITARY_COOPERATION = "military-cooperation"
    MILITARY_LABOUR = "military-labour"
    KURSK = "kursk"
    TREATY = "treaty"
    DIPLOMACY = "diplomacy"
    REGIONAL_SECURITY = "regional-security"
    NUCLEAR = "nuclear"
    SANCTIONS = "sanctions"
    ECONOMY = "economy"
    SPACE = "space"
    TECHNOLOGY_TRANSFER = "technology-transfer"
    MISSILES = "missiles"
    CIVIL_COOPERATION = "civil-cooperation"


define(
    Topic,
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


class RelationType(Vocabulary):
    """How a claim relates to another claim."""

    RESTATES = "restates"
    UPDATES = "updates"
    CONTRADICTS = "contradicts"
    FRAMES = "frames"


define(
    RelationType,
    {
        "restates": "Makes the same assertion as the target: a headline or lede restating the body, or the same fact or statement reported in another document.",
        "updates": "Revises or supersedes a figure or fact given by the target.",
        "contradicts": "Cannot be true together with the target as stated.",
        "frames": "Says that the target's statement was made, and when, where, to whom, in what or through whom (a framing claim, see CONTRIBUTING: Framing); it points at each claim of the statement it introduces.",
    },
)


class NotClaimReason(Vocabulary):
    """Why a span of a source text asserts nothing."""

    DATELINE = "dateline"
    NAVIGATION = "navigation"
    SITE_NAME = "site-name"
    SOURCE_LABEL = "source-label"
    RUBRIC = "rubric"
    SHARE_BUTTON = "share-button"
    COUNTER = "counter"
    BARE_FRAMING = "bare-framing"
    RELATED_LINK = "related-link"


define(
    NotClaimReason,
    {
        "dateline": "A date line or place-and-agency dateline.",
        "navigation": "Site navigation text.",
        "site-name": "The name of the site the page was taken from.",
        "source-label": "A label naming the source of an item.",
        "rubric": "A section or rubric name.",
        "share-button": "A share button's text.",
        "counter": "A comment or view counter.",
        "bare-framing": "A framing that names only who spoke (CONTRIBUTING: Framing), listed when it runs to "
        "8 or more words; the claims it introduces record the speaker.",
        "related-link": "A link to another item of the site (a related article's headline set in the page): not part "
        "of the document's own text.",
    },
)


class ActorKind(Vocabulary):
    """What sort of actor an actor is."""

    PERSON = "person"
    STATE = "state"
    GOVERNMENT_BODY = "government-body"
    ORGANISATION = "organisation"
    NEWS_AGENCY = "news-agency"
    OUTLET = "outlet"
    GROUP = "group"


define(
    ActorKind,
    {
        "person": "A named or unnamed individual.",
        "state": "A country as one party, as the texts speak of it («Россия», «КНДР», «Москва» for Russia): what its "
        "state does, decides, undertakes or is.",
        "government-body": "A ministry, agency, service, armed force or other state body.",
        "organisation": "A research institute, party, international organisation or other body that is not a state's.",
        "news-agency": "A news agency whose items other outlets relay.",
        "outlet": "A publication or site that publishes a document.",
        "group": "An unnamed group of people (\"experts\", \"officials\").",
    },
)


class Sector(Vocabulary):
    """The part of public life an actor belongs to (`Actor.sector`)."""

    GOVERNMENT = "government"
    MILITARY = "military"
    INTELLIGENCE = "intelligence"
    LEGISLATURE = "legislature"
    PARTY = "party"
    ACADEMIA = "academia"
    MEDIA = "media"
    INTERNATIONAL_ORGANISATION = "international-organisation"


define(
    Sector,
    {
        "government": "A state as a whole, its executive (head of state, ministries, the defence ministry too, "
        "regional governors, embassies) and the officials who serve in it.",
        "military": "Armed forces and their commands (a general staff, an army and its bodies) and the officers who "
        "serve in them, a defence attaché too.",
        "intelligence": "An intelligence or security service.",
        "legislature": "A parliament or other legislative body and its members.",
        "party": "A political party and its officers acting as such.",
        "academia": "A university, academy or research institute, state-funded ones too, and its researchers.",
        "media": "A news agency, newspaper, broadcaster or news site.",
        "international-organisation": "A body of several states (the UN, ASEAN, ADMM-Plus).",
    },
)


class WarningKind(Vocabulary):
    """What a warning for readers (`review.warnings`) warns of."""

    PUBLIC_RECORD = "public-record"
    OTHER_DOCUMENT = "other-document"
    HEADLINE_VS_BODY = "headline-vs-body"
    ATTRIBUTION = "attribution"
    AMBIGUITY = "ambiguity"


define(
    WarningKind,
    {
        "public-record": "What the public record outside the documents says bears on the claim: it conflicts with the "
        "claim, or dates, places or completes what the text leaves open. `sources` lists the addresses the annotator "
        "read.",
        "other-document": "Another document of the dataset reports the same statement or event otherwise (a date, a "
        "wording, a detail), or places it more exactly; a claim it cannot be true together with is linked by "
        "`contradicts`.",
        "headline-vs-body": "A headline or lede asserts more than, or other than, what the document's body reports.",
        "attribution": "Who made the claim, or through whom it came, is inferred from context or uncertain: the text "
        "does not say it in so many words.",
        "ambiguity": "The text can be read more than one way (a pronoun, a term, a relative date); the record takes "
        "one reading and the warning names the other.",
    },
)


class ReviewStatus(Vocabulary):
    """How far a record has been checked against its source."""

    UNREVIEWED = "unreviewed"
    FIRST_READ = "first-read"
    SECOND_READ = "second-read"


define(
    ReviewStatus,
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
    "sector": Sector,
    "review.warnings.kind": WarningKind,
    "review.status": ReviewStatus,
}
