"""The loaded dataset: claims, documents and actors, with lookups and filters."""

from __future__ import annotations

import datetime as dt
from types import MappingProxyType
from typing import TYPE_CHECKING, Iterable, Mapping, Optional, Union

from . import dates
from .models import Actor, Claim, Document, RetiredClaim
from .problems import suggest
from .vocab import ClaimType, Topic

if TYPE_CHECKING:
    from .check import Checked

DateLike = Union[str, dt.date, None]


class Dataset:
    """Every claim, document and actor, validated and cross-checked."""

    def __init__(
        self,
        claims: Iterable[Claim],
        documents: Mapping[str, Document],
        actors: Mapping[str, Actor],
        retired: Iterable[RetiredClaim] = (),
    ):
        self.claims: tuple[Claim, ...] = tuple(claims)
        self.retired: tuple[RetiredClaim, ...] = tuple(retired)
        self.documents: Mapping[str, Document] = MappingProxyType(dict(documents))
        self.actors: Mapping[str, Actor] = MappingProxyType(dict(actors))
        self._by_id = {claim.id: claim for claim in self.claims}

    @classmethod
    def from_sources(cls, sources: "Checked") -> "Dataset":
        """The dataset from checked, valid records."""
        documents = {}
        for doc_id, document in sorted(sources.documents.items()):
            document._text = sources.texts[doc_id]
            documents[doc_id] = document
        order = {doc_id: i for i, doc_id in enumerate(documents)}
        claims = sorted(sources.claims, key=lambda c: (order[c.document], c.quote.start, c.quote.end, c.id))
        actors = {a.id: a for a in sorted(sources.actors, key=lambda a: a.id)}
        return cls(claims, documents, actors, sorted(sources.retired, key=lambda r: r.id))

    def __len__(self) -> int:
        return len(self.claims)

    def __repr__(self) -> str:
        return f"<Dataset: {len(self.claims)} claims, {len(self.documents)} documents, {len(self.actors)} actors>"

    def claim(self, claim_id: str) -> Claim:
        """The claim with this id; the KeyError says whether it was retired, or the nearest id."""
        try:
            return self._by_id[claim_id]
        except KeyError:
            retired = next((r for r in self.retired if r.id == claim_id), None)
            if retired is not None:
                replaced = f"; replaced by {', '.join(retired.replaced_by)}" if retired.replaced_by else ""
                raise KeyError(f"claim {claim_id!r} was retired in {retired.retired_in}: {retired.reason}{replaced}") from None
            raise KeyError(f"no claim with id {claim_id!r}{suggest(claim_id, self._by_id)}") from None

    def filter(
        self,
        *,
        speaker: Optional[str] = None,
        type: Optional[str] = None,
        document: Optional[str] = None,
        topic: Optional[str] = None,
        via: Optional[str] = None,
        date_from: DateLike = None,
        date_to: DateLike = None,
    ) -> list[Claim]:
        """Claims matching every given condition.

        ``date_from`` / ``date_to`` keep claims whose date can fall in the range
        (an interval or a month that overlaps it); they accept dates or EDTF text.
        A value that names nothing in the dataset (a misspelt speaker, type or
        topic) raises ValueError with the nearest valid value, rather than
        quietly matching nothing.
        """
        self._known("speaker", speaker, self.actors)
        self._known("via", via, self.actors)
        self._known("document", document, self.documents)
        self._known("type", type, ClaimType.definitions())
        self._known("topic", topic, Topic.definitions())
        low = _bound(date_from, latest=False)
        high = _bound(date_to, latest=True)
        if low and high and low > high:
            raise ValueError(f"date_from ({date_from}) is after date_to ({date_to})")
        result = []
        for claim in self.claims:
            if speaker is not None and claim.speaker != speaker:
                continue
            if via is not None and via not in claim.via:
                continue
            if type is not None and claim.type.value != str(type):
                continue
            if document is not None and claim.document != document:
                continue
            if topic is not None and str(topic) not in {t.value for t in claim.topics}:
                continue
            if low or high:
                value = dates.parse(claim.date)
                if low and value.latest and value.latest < low:
                    continue
                if high and value.earliest and value.earliest > high:
                    continue
            result.append(claim)
        return result

    @staticmethod
    def _known(name: str, value: Optional[str], valid: Iterable[str]) -> None:
        if value is not None and str(value) not in valid:
            raise ValueError(f"{name}={str(value)!r} names nothing in the dataset{suggest(str(value), valid)}")

    def appearances(self, claim_id: str) -> list[Claim]:
        """Every appearance of a claim: it and all claims linked by `restates`, earliest first."""
        self.claim(claim_id)
        linked: dict[str, set[str]] = {}
        for claim in self.claims:
            for relation in claim.relations:
                if relation.type.value == "restates":
                    linked.setdefault(claim.id, set()).add(relation.claim)
                    linked.setdefault(relation.claim, set()).add(claim.id)
        group, todo = {claim_id}, [claim_id]
        while todo:
            for other in linked.get(todo.pop(), ()):
                if other not in group:
                    group.add(other)
                    todo.append(other)
        return sorted((self._by_id[i] for i in group), key=self._chronology)

    def _chronology(self, claim: Claim) -> tuple:
        # By the date the claim had certainly been made (an interval's end),
        # then its start, then the document's publication.
        value = dates.parse(claim.date)
        published = dates.parse(self.documents[claim.document].published)
        latest = value.latest or value.earliest
        earliest = value.earliest or value.latest
        return (latest, earliest, published.latest, claim.document, claim.quote.start)


def _bound(value: DateLike, *, latest: bool) -> Optional[dt.date]:
    if value is None:
        return None
    if isinstance(value, dt.date):
        return value
    parsed = dates.parse(str(value))
    return parsed.latest if latest else parsed.earliest
