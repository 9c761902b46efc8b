"""The record model: documents, actors, claims and their parts.

Every field carries a description; the JSON Schema, the README's data
dictionary and the CSV columns are generated from these classes.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Annotated, Any, Optional, Union

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PrivateAttr,
    StrictBool,
    StrictFloat,
    StrictInt,
    StringConstraints,
    field_validator,
    model_validator,
)

from . import dates, textpolicy
from .countries import ALPHA_2
from .vocab import (
    ActorKind,
    ClaimType,
    Mode,
    NotClaimReason,
    RelationType,
    ReviewStatus,
    Sector,
    Topic,
    WarningKind,
)


class Record(BaseModel):
    """Shared base: unknown fields are errors, never silently dropped.

    Records are frozen and compare by value; they hash by value too, so they
    can go in sets and be dict keys.
    """

    # Schemas are built on first validation, not at import: loading the packaged data
    # from its compiled form (compiled.py) never validates, so it never pays for them.
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)

    def __hash__(self) -> int:
        # The records' sequences are tuples (so a cached dataset cannot be changed in
        # place); the file models still hold lists, hashed here as tuples.
        return hash((type(self).__name__, *(_hashable(value) for value in self.__dict__.values())))

    # Every string field of every record, whatever its type: see textpolicy.
    _text_policy = field_validator("*", mode="before")(textpolicy.check)


def _hashable(value: Any) -> Any:
    return tuple(_hashable(item) for item in value) if isinstance(value, list) else value


def _days(value: Optional[str]) -> tuple[Optional[dt.date], Optional[dt.date]]:
    return dates.days(value) if value is not None else (None, None)


def _year_as_text(value: object) -> object:
    # YAML reads a bare year (2025) as an integer; the date is still a year.
    return str(value) if isinstance(value, int) and not isinstance(value, bool) else value


def _check_date(value: str) -> str:
    dates.parse(value)
    return value


SLUG_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
SLUG_MAX_LENGTH = 120
Slug = Annotated[
    str,
    StringConstraints(pattern=SLUG_PATTERN, max_length=SLUG_MAX_LENGTH),
    Field(description="A lowercase ASCII slug: letters, digits and single hyphens."),
]
ActorId = Annotated[Slug, Field(description="The id of an actor, whose file is `claims/actors/<id>.yaml`.")]
ClaimId = Annotated[Slug, Field(description="The id of a claim.")]
def _not_blank(value: str) -> str:
    if not value.strip():
        raise ValueError("must not be blank")
    return value


Text = Annotated[str, StringConstraints(min_length=1), AfterValidator(_not_blank)]


def _iso_country(value: str) -> str:
    if value not in ALPHA_2:
        hint = f"; did you mean {value.upper()!r}?" if value.upper() in ALPHA_2 else ""
        raise ValueError(f"{value!r} is not an ISO 3166-1 alpha-2 country code (RU, KP, KR, US …){hint}")
    return value


CountryCode = Annotated[
    str,
    StringConstraints(pattern=r"^[A-Z]{2}$"),
    AfterValidator(_iso_country),
    Field(description="An ISO 3166-1 alpha-2 country code, upper case: `RU`, `KP`, `KR`."),
]
Address = Annotated[str, StringConstraints(pattern=r"^https?://\S+$", max_length=2000)]
EdtfDate = Annotated[
    str,
    BeforeValidator(_year_as_text),
    Field(
        # The pattern is for editors and JSON Schema users; validation runs the
        # parser, whose messages say what is wrong with the date.
        json_schema_extra={"pattern": dates.PATTERN},
        description=(
            "A date in the EDTF subset: `2025`, `2025-11` or `2025-11-04` (years 0001–9999), optionally ending "
            "`~` (approximate), `?` (uncertain) or `%` (both); or an interval `A/B` whose ends "
            "may be `..` (open)."
        ),
    ),
    AfterValidator(_check_date),
]


# The largest whole number every release format holds exactly: a Parquet and SQLite
# `double` (pandas float64) holds every integer up to 2^53, and SQLite's INTEGER ends at 2^63 - 1.
LARGEST_WHOLE = 2**53


def _finite(value: Union[int, float]) -> Union[int, float]:
    if isinstance(value, float) and not math.isfinite(value):
        raise ValueError("must be a finite number")
    if isinstance(value, int) and abs(value) > LARGEST_WHOLE:
        raise ValueError(
            f"{value} is beyond ±2^53 ({LARGEST_WHOLE}), the largest whole number every release format holds "
            "exactly; write a number that large with a decimal point or exponent (1.5e20), as an approximate float"
        )
    return value


# Strict: a number written as text ("60") in hand-edited YAML is a mistake to report, not to coerce.
Number = Annotated[Union[StrictInt, StrictFloat], AfterValidator(_finite)]
Offset = Annotated[StrictInt, Field(ge=0)]


class Names(Record):
    """A name in Russian and in English."""

    ru: Optional[Text] = Field(description="The name in Russian, as the documents write it; null if they give none.")
    en: Text = Field(description="The name in English.")


class Role(Record):
    """An office or position an actor held, with the period it was held."""

    title: Names = Field(description="The office or position.")
    organisation: Optional[Text] = Field(None, description="The organisation the role belongs to, in English.")
    start: Optional[EdtfDate] = Field(None, description="When the role began, if known.")
    end: Optional[EdtfDate] = Field(None, description="When the role ended; null while it is held or when unknown.")
    note: Optional[Text] = Field(None, description="How the period is known, or what is uncertain about it.")


class Actor(Record):
    """A person, body, outlet or group that makes or relays claims."""

    id: Slug = Field(description="Stable actor id, unique in the dataset.")
    kind: ActorKind = Field(description="What sort of actor this is.")
    name: Names = Field(description="The actor's name in Russian and English.")
    roles: tuple[Role, ...] = Field(default_factory=tuple, description="Roles held, with their periods.")
    country: Optional[CountryCode] = Field(
        None,
        description="The state the actor is, belongs to or serves, as an ISO 3166-1 alpha-2 code: for a state, a state "
        "body, an official or a national outlet; null where none applies (an international organisation, a group "
        "from several countries) or the texts do not say.",
    )
    sector: Optional[Sector] = Field(
        None,
        description="The part of public life the actor belongs to; for a person, that of the roles the texts give "
        "(when they fall in two sectors, that of the office the texts name first); null where the texts do not say.",
    )
    note: Optional[Text] = Field(None, description="What a reader should know: e.g. that the text does not name this person.")

    def __repr__(self) -> str:
        return f"<Actor {self.id} {self.kind.value} {self.name.en!r}>"


class Quote(Record):
    """An exact span of a source text (W3C TextQuote + TextPosition)."""

    text: Text = Field(description="The source's exact characters, nothing normalised.")
    start: Offset = Field(description="Offset of the first character, in Unicode code points of the seed text.")
    end: Offset = Field(description="Offset just past the last character (exclusive).")

    @model_validator(mode="after")
    def _span_is_not_empty(self) -> "Quote":
        # Whether the span holds exactly `text` is checked against the seed
        # (quote-mismatch), where both texts can be shown.
        if self.end <= self.start:
            raise ValueError(f"end ({self.end}) must be greater than start ({self.start})")
        return self


class Figure(Record):
    """A number a claim asserts, with what it counts (a Wikidata-style quantity)."""

    value: Number = Field(description="The number as stated: a whole number within ±2^53 (9007199254740992), or a finite decimal.")
    approx: StrictBool = Field(description="True when the text hedges the number (около, более, порядка).")
    lower: Optional[Number] = Field(None, description="Lower bound, when the text gives one.")
    upper: Optional[Number] = Field(None, description="Upper bound, when the text gives one.")
    unit: Text = Field(description="The unit: person, year, article …")
    what: Text = Field(description="What is counted, in English.")
    period: Optional[EdtfDate] = Field(None, description="The date or interval the figure covers.")
    note: Optional[Text] = Field(None, description="How the figure was read from the text.")

    @model_validator(mode="after")
    def _bounds_hold_value(self) -> "Figure":
        if self.lower is not None and self.lower > self.value:
            raise ValueError(f"lower bound {self.lower} is above the value {self.value}")
        if self.upper is not None and self.upper < self.value:
            raise ValueError(f"upper bound {self.upper} is below the value {self.value}")
        return self


class Relation(Record):
    """A typed link from this claim to another claim."""

    type: RelationType = Field(description="How this claim relates to the target.")
    claim: ClaimId = Field(description="The target claim's id.")
    note: Optional[Text] = Field(None, description="What differs between the two, if anything.")


class ReaderWarning(Record):
    """A warning for readers of a claim: of what kind, what it says, and what it rests on."""

    kind: WarningKind = Field(description="What the warning warns of.")
    note: Text = Field(description="The warning, for readers: what differs or is uncertain, and what the record does about it.")
    sources: tuple[Address, ...] = Field(
        default_factory=tuple,
        description="For a `public-record` warning only: the addresses (http or https) of the pages the annotator read "
        "for it; never a guessed one. Empty when the warning rests on what is widely reported and no page was read.",
    )

    @model_validator(mode="after")
    def _sources_only_for_the_public_record(self) -> "ReaderWarning":
        if self.sources and self.kind != WarningKind.PUBLIC_RECORD:
            raise ValueError(
                f"sources are the pages read for a public-record warning; a {self.kind.value} warning rests on the "
                "documents themselves: remove its sources, or make it a public-record warning"
            )
        return self


class Review(Record):
    """How the record was checked, and what a reader should be warned of."""

    status: ReviewStatus = Field(description="How far the record has been checked against its source.")
    warnings: tuple[ReaderWarning, ...] = Field(
        default_factory=tuple,
        description="Warnings for readers, each of a kind: a conflict with the public record or another document, a "
        "headline that says more than its body, an uncertain attribution, an ambiguity.",
    )
    note: Optional[Text] = Field(
        None,
        description="An annotator's remark on how the record was read from the text (the words a bracket borrows, the "
        "framing rule applied, why a mode or a relay was chosen); warnings for readers go in `warnings`.",
    )
    changes: Optional[Text] = Field(
        None,
        description="What the latest second read, or a correction since, changed in this record and why; null if nothing.",
    )


class ClaimRecord(Record):
    """A claim as written in `claims/<doc-id>.yaml` (its document is the file's)."""

    id: ClaimId = Field(description="Stable claim id, unique in the whole dataset, never reused.")
    type: ClaimType = Field(description="What kind of assertion this is.")
    mode: Mode = Field(description="Direct quotation, reported speech, or the outlet's own voice.")
    speaker: ActorId = Field(description="Who made the claim.")
    via: tuple[ActorId, ...] = Field(
        default_factory=tuple,
        description="Actors the claim passed through before the document's publisher, innermost first.",
    )
    about: tuple[ActorId, ...] = Field(
        description="The actors the claim is about (CONTRIBUTING: About): whose decisions, actions, statements or "
        "state it asserts, as subject or object, not who said or relayed it; `[]` when it is about no actor. "
        "Required, so that every claim says.",
    )
    date: EdtfDate = Field(description="When the claim was made, as precisely as the text allows.")
    date_note: Optional[Text] = Field(None, description="How `date` and `event_date` were resolved from the text.")
    event_date: Optional[EdtfDate] = Field(
        None,
        description=(
            "When the event or state the claim reports took place, as the text gives it (relative dates "
            "resolved); null when the claim reports no dated event."
        ),
    )
    quote: Quote = Field(description="The exact span of the source text that makes the claim.")
    english: Text = Field(description="A faithful English translation of the quoted span.")
    figures: tuple[Figure, ...] = Field(default_factory=tuple, description="Every number the claim asserts.")
    topics: tuple[Topic, ...] = Field(min_length=1, description="Subject tags.")
    relations: tuple[Relation, ...] = Field(default_factory=tuple, description="Typed links to other claims.")
    review: Review = Field(description="Review status and reader warnings.")

    # The release keys `claim_topics` and `relations` by content (a topic; a type and target), so each is given once.
    @model_validator(mode="after")
    def _no_repeats(self) -> "ClaimRecord":
        topics = [t.value for t in self.topics]
        for topic in topics:
            if topics.count(topic) > 1:
                raise ValueError(f"topic {topic!r} is given twice")
        links = [(r.type.value, r.claim) for r in self.relations]
        for link in links:
            if links.count(link) > 1:
                raise ValueError(f"the relation {link[0]} to {link[1]!r} is given twice")
        return self


class Claim(ClaimRecord):
    """A claim with the id of the document it comes from."""

    document: Slug = Field(description="The id of the document the claim comes from.")

    def __repr__(self) -> str:
        return f"<Claim {self.id} {self.type.value} {self.speaker} {self.date}>"

    @property
    def date_earliest(self) -> Optional[dt.date]:
        """The earliest day `date` can denote; None when it has an open start."""
        return _days(self.date)[0]

    @property
    def date_latest(self) -> Optional[dt.date]:
        """The latest day `date` can denote; None when it has an open end."""
        return _days(self.date)[1]

    @property
    def event_date_earliest(self) -> Optional[dt.date]:
        """The earliest day `event_date` can denote; None when open or absent."""
        return _days(self.event_date)[0]

    @property
    def event_date_latest(self) -> Optional[dt.date]:
        """The latest day `event_date` can denote; None when open or absent."""
        return _days(self.event_date)[1]


class NotClaim(Record):
    """A span of a source text that asserts nothing, and why."""

    quote: Quote = Field(description="The span.")
    reason: NotClaimReason = Field(description="Why it is not a claim.")
    note: Optional[Text] = Field(None, description="Anything further.")


class Document(Record):
    """Metadata of one source text."""

    id: Slug = Field(description="Readable document id (outlet, date, subject); the seed is `seeds/<id>.txt`.")
    title: Optional[Text] = Field(description="The headline as it appears in the text; null if the text has none.")
    outlet: ActorId = Field(description="The outlet that published the document.")
    reposts: Optional[ActorId] = Field(None, description="The agency whose item the document reposts, if any.")
    published: EdtfDate = Field(description="Publication date, as precise as the evidence allows.")
    published_inferred: StrictBool = Field(
        description="True when the text does not state the whole date (no date line, or one without the year) "
        "and what it lacks was inferred; published_evidence says from what."
    )
    published_evidence: Text = Field(description="What the publication date rests on.")
    language: Annotated[str, StringConstraints(pattern=r"^[a-z]{2}$")] = Field(description="ISO 639-1 language code.")
    url: Optional[Annotated[str, StringConstraints(pattern=r"^https?://\S+$")]] = Field(
        description="The document's address, only where known; never guessed."
    )
    source_file: Text = Field(description="The file name the text was received under.")
    sha256: Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{64}$")] = Field(
        description="SHA-256 of the seed text's bytes; validation refuses an edited seed."
    )
    note: Optional[Text] = Field(None, description="What a reader should know about the document.")
    not_claims: tuple[NotClaim, ...] = Field(
        default_factory=tuple, description="Spans that assert nothing (navigation, bylines …), with reasons."
    )

    # The verbatim seed text, attached by the loader; not part of the record.
    _text: Optional[str] = PrivateAttr(default=None)

    # Equality (pydantic's) covers the record and the text attached to it, so a
    # document loaded with its text is not equal to one without; the hash
    # covers the record alone, which pins the text through `sha256`.

    def __repr__(self) -> str:
        return f"<Document {self.id} {self.published}>"

    @property
    def published_earliest(self) -> Optional[dt.date]:
        """The earliest day `published` can denote."""
        return _days(self.published)[0]

    @property
    def published_latest(self) -> Optional[dt.date]:
        """The latest day `published` can denote."""
        return _days(self.published)[1]

    @property
    def text(self) -> str:
        """The document's verbatim source text."""
        if self._text is None:
            raise AttributeError(f"document {self.id!r} was not loaded with its text")
        return self._text


class ClaimsFile(Record):
    """The shape of `claims/<doc-id>.yaml`."""

    document: Document = Field(description="The document's metadata.")
    claims: list[ClaimRecord] = Field(description="Every claim the document makes.")


class RetiredClaim(Record):
    """A claim id that was published and then withdrawn; ids are never reused."""

    id: ClaimId = Field(description="The retired claim id.")
    reason: Text = Field(description="Why it was retired: merged, split, not a claim, duplicate …")
    replaced_by: tuple[ClaimId, ...] = Field(default_factory=tuple, description="The claims that replace it, if any.")
    retired_in: Annotated[str, StringConstraints(pattern=r"^\d+\.\d+\.\d+$")] = Field(
        description="The first version without the claim."
    )


class RetiredFile(Record):
    """The shape of `claims/retired.yaml`."""

    retired: list[RetiredClaim] = Field(description="Every retired claim id.")


class ActorFile(Actor):
    """The shape of `claims/actors/<actor-id>.yaml`: one actor, in the file named by its id."""
