"""The loaded dataset as a collection of claims, with documents, actors, lookups and filters."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from enum import Enum
from functools import cached_property
from types import MappingProxyType
from typing import (
    TYPE_CHECKING,
    Any,
    Callable,
    Iterable,
    Iterator,
    Literal,
    Mapping,
    NamedTuple,
    Optional,
    Union,
    overload,
)

from pydantic import BaseModel

from . import dates as edtf
from .models import Actor, Claim, Document, RetiredClaim
from .problems import suggest
from .vocab import ClaimType, Mode, ReviewStatus, Sector, Topic, WarningKind

if TYPE_CHECKING:
    import pandas

    from .check import Checked
    from .names import NameIndex
    from .wordindex import WordIndex

DateLike = Union[str, dt.date, None]
OneOrMore = Union[str, Iterable[str], None]
DateMatch = Literal["within", "overlap"]

# Tables whose rows come from claims alone, so a selection of claims has them too.
CLAIM_TABLES = ("claims", "figures", "relations")


class RestatementGroup(NamedTuple):
    """One statement's appearances: claims linked by `restates`, earliest first.

    ``id`` is the smallest claim id among them, leaving out claims that sum up
    several statements (which belong to several groups), so it stays the group's
    id while the group holds that claim (claim ids are never reused).
    """

    id: str
    claims: "Claims"

    @property
    def documents(self) -> tuple[str, ...]:
        """The documents it appears in, in the order of its appearances."""
        return tuple(dict.fromkeys(c.document for c in self.claims))


class Claims(Sequence):
    """An ordered selection of claims: what `Dataset.filter` and `search` return.

    A sequence (``len``, iteration, ``[position]``, ``[start:stop]``) that can
    also be indexed and tested by claim id, filtered and searched again, and
    turned into a DataFrame.
    """

    def __init__(self, dataset: "Dataset", claims: Iterable[Claim]):
        self._dataset = dataset
        self._claims: tuple[Claim, ...] = tuple(claims)

    @cached_property
    def _ids(self) -> frozenset[str]:
        # Membership by id in constant time: `claim in selection` and `selection[id]` stay linear overall.
        return frozenset(claim.id for claim in self._claims)

    def __len__(self) -> int:
        return len(self._claims)

    def __iter__(self) -> Iterator[Claim]:
        return iter(self._claims)

    @overload
    def __getitem__(self, key: Union[int, str]) -> Claim: ...
    @overload
    def __getitem__(self, key: slice) -> "Claims": ...
    def __getitem__(self, key: Union[int, str, slice]) -> Union[Claim, "Claims"]:
        if isinstance(key, slice):
            return Claims(self._dataset, self._claims[key])
        if isinstance(key, str):
            claim = self._dataset[key]
            if key not in self._ids:
                raise KeyError(f"claim {key!r} is in the dataset but not in this selection")
            return claim
        return self._claims[key]

    def __contains__(self, item: object) -> bool:
        if isinstance(item, str):
            return item in self._ids
        if isinstance(item, Claim):
            return item.id in self._ids and self._dataset.claim(item.id) == item
        return False

    def _combined(self, other: object, keep: Callable[[bool, bool], bool]) -> "Claims":
        if not isinstance(other, Claims):
            return NotImplemented
        if other._dataset is not self._dataset:
            raise ValueError("the two selections come from different datasets; combine selections of one dataset")
        return Claims(self._dataset, (c for c in self._dataset.claims if keep(c.id in self._ids, c.id in other._ids)))

    def __or__(self, other: object) -> "Claims":
        """The claims in either selection, in the dataset's order."""
        return self._combined(other, lambda a, b: a or b)

    def __and__(self, other: object) -> "Claims":
        """The claims in both selections, in the dataset's order."""
        return self._combined(other, lambda a, b: a and b)

    def __sub__(self, other: object) -> "Claims":
        """The claims of this selection that are not in the other, in the dataset's order."""
        return self._combined(other, lambda a, b: a and not b)

    def sorted(self, by: str = "date", *, reverse: bool = False) -> "Claims":
        """The claims ordered by ``by``: "date" (when it was said) or "event_date" (when what it reports happened).

        A date is ordered by its earliest day, then its latest: an open start (`../2025-12-05`) comes before
        every closed one, an open end (`2025-09/..`) after every closed one with the same start. A claim
        without an `event_date` comes last for "event_date". Ties keep the selection's order.
        """
        if by not in ("date", "event_date"):
            raise ValueError(f"sorted(by={by!r}): order by 'date' or 'event_date'")
        low, high = dt.date.min, dt.date.max

        def key(claim: Claim) -> tuple:
            earliest, latest = getattr(claim, f"{by}_earliest"), getattr(claim, f"{by}_latest")
            if getattr(claim, by) is None:
                return (1, high, high)
            return (0, earliest or low, latest or high)

        return Claims(self._dataset, sorted(self._claims, key=key, reverse=reverse))

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Claims):
            return self._claims == other._claims
        if isinstance(other, (list, tuple)):
            return list(self._claims) == list(other)
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"<Claims: {len(self._claims)} of {len(self._dataset)} claims>"

    @property
    def ids(self) -> list[str]:
        """The claims' ids, in order."""
        return [claim.id for claim in self._claims]

    def filter(
        self,
        *,
        speaker: OneOrMore = None,
        via: OneOrMore = None,
        about: OneOrMore = None,
        involving: OneOrMore = None,
        speaker_country: OneOrMore = None,
        speaker_sector: OneOrMore = None,
        type: OneOrMore = None,
        mode: OneOrMore = None,
        document: OneOrMore = None,
        topic: OneOrMore = None,
        review_status: OneOrMore = None,
        has_figures: Optional[bool] = None,
        warning: Union[bool, str, Iterable[str], None] = None,
        date_from: DateLike = None,
        date_to: DateLike = None,
        event_from: DateLike = None,
        event_to: DateLike = None,
        dates: DateMatch = "within",
    ) -> "Claims":
        """The claims that meet every condition given, in the same order.

        Each of ``speaker``, ``via``, ``about``, ``involving``, ``speaker_country``,
        ``speaker_sector``, ``type``, ``mode``, ``document``, ``topic`` and
        ``review_status`` takes one value or a list, and matches a claim with
        any of them. Actors and documents may be given by anything
        `Dataset.actor` and `Dataset.document` accept (an id, a name, a
        surname, an acronym), or as the record they return. ``about`` matches
        the claims about the actor (`Claim.about`), ``involving`` those it
        speaks, relays or is about. ``speaker_country`` (ISO 3166-1 alpha-2,
        e.g. "RU") and ``speaker_sector`` (e.g. "government", "military") ask
        who the speaker is (`Actor.country`, `Actor.sector`). ``has_figures`` keeps the claims that do (True)
        or do not (False) assert numbers; ``warning`` those that carry a warning for readers in
        ``review.warnings`` (True), carry none (False), or carry one of the kinds given
        ("public-record", or a list of kinds).

        ``date_from`` / ``date_to`` bound the claim's ``date``, ``event_from``
        / ``event_to`` its ``event_date``; each takes text in the dataset's
        date forms, a ``date`` or a ``datetime`` (its calendar day). With
        ``dates="within"`` (the default) a claim matches when every day its
        date can denote lies in the range, so an open end never matches a
        closed bound; with ``dates="overlap"`` it matches when its date may
        fall in the range. A claim without an ``event_date`` never matches an
        event bound. The days a date "can denote" are those of the date as
        written: an approximate (``~``) or uncertain (``?``) date such as
        ``2025-11-04?`` denotes 2025-11-04, and is as certain as its source.

        A value that names nothing in the dataset raises ValueError with the
        nearest valid value, rather than quietly matching nothing.
        """
        data = self._dataset
        tests: list[Callable[[Claim], bool]] = []
        if speaker is not None:
            speakers = data._actor_ids("speaker", speaker)
            tests.append(lambda c: c.speaker in speakers)
        if via is not None:
            relays = data._actor_ids("via", via)
            tests.append(lambda c: not relays.isdisjoint(c.via))
        if about is not None:
            subjects = data._actor_ids("about", about)
            tests.append(lambda c: not subjects.isdisjoint(c.about))
        if involving is not None:
            involved = data._actor_ids("involving", involving)
            tests.append(lambda c: not involved.isdisjoint((c.speaker, *c.via, *(c.about))))
        if speaker_country is not None:
            countries = _countries(speaker_country)
            tests.append(lambda c: data.actors[c.speaker].country in countries)
        if speaker_sector is not None:
            sectors = _terms("speaker_sector", speaker_sector, Sector.definitions())
            tests.append(lambda c: _value(data.actors[c.speaker].sector) in sectors)
        if document is not None:
            documents = data._document_ids(document)
            tests.append(lambda c: c.document in documents)
        if type is not None:
            types = _terms("type", type, ClaimType.definitions())
            tests.append(lambda c: c.type.value in types)
        if mode is not None:
            modes = _terms("mode", mode, Mode.definitions())
            tests.append(lambda c: c.mode.value in modes)
        if topic is not None:
            topics = _terms("topic", topic, Topic.definitions())
            tests.append(lambda c: any(t.value in topics for t in c.topics))
        if review_status is not None:
            statuses = _terms("review_status", review_status, ReviewStatus.definitions())
            tests.append(lambda c: c.review.status.value in statuses)
        if has_figures is not None:
            if not isinstance(has_figures, bool):
                raise TypeError(f"has_figures must be True or False, not {has_figures!r}")
            tests.append(lambda c: bool(c.figures) == has_figures)
        if warning is not None:
            tests.append(_warning_test(warning))
        if dates not in ("within", "overlap"):
            raise ValueError(f"dates={dates!r}: use 'within' (certainly in the range) or 'overlap' (may fall in it)")
        if date_from is not None or date_to is not None:
            dated = _in_range(("date_from", date_from), ("date_to", date_to), dates)
            tests.append(lambda c: dated(c.date))
        if event_from is not None or event_to is not None:
            happened = _in_range(("event_from", event_from), ("event_to", event_to), dates)
            tests.append(lambda c: c.event_date is not None and happened(c.event_date))
        return Claims(data, (c for c in self._claims if all(test(c) for test in tests)))

    def search(self, text: str) -> "Claims":
        """The claims whose quote or English translation holds every word of ``text``, in any inflected form.

        Words are matched whole after casefolding, reading ``ё`` as ``е`` and
        Snowball stemming (Russian for Cyrillic words, English for Latin), so
        ``Курская`` finds «Курской» and «Курскую», but ``Ким`` does not find
        «таким». Several words must all occur, each in the quote or the English;
        a phrase in double quotes, a hyphenated word (``Jong-un``) and a
        decimal number (``1,5``) must occur as consecutive words. The speaker's
        and relays' names are not searched (`filter` asks who said it).
        `claimset.words` defines words and stems exactly.

        ValueError for a query with no letter or digit, or longer than 1000 characters.
        """
        from .words import query

        wanted = query(text)
        found = self._dataset._word_index.matching(wanted)
        return Claims(self._dataset, (c for c in self._claims if c.id in found))

    def to_pandas(self, table: str = "claims") -> "pandas.DataFrame":
        """These claims' rows of a release table (`claims`, `figures` or `relations`) as a DataFrame."""
        from . import frames

        frames.table(table)
        if table not in CLAIM_TABLES:
            raise ValueError(
                f"a selection of claims has the tables {', '.join(CLAIM_TABLES)}; "
                f"for {table!r} use the whole dataset: data.to_pandas({table!r})"
            )
        data = self._dataset
        return frames.to_pandas(table, _Tables(self._claims, data.documents, data.actors))


class Dataset:
    """Every claim, document and actor, validated and cross-checked.

    A collection of claims: ``len(data)``, ``for claim in data``,
    ``data[claim_id]``, ``claim_id in data``. Claims come in a fixed order: by
    document id, then by where the quote starts in the document's text.
    ``documents`` and ``actors`` map ids to records, in id order.

    ``version`` is the release the data is: a release's own (its claims.json),
    the package's for the copy an installed package carries, and None for a
    checkout or anything else unreleased, whose records may differ from every
    release. ``loaded_from`` is where `load()` read it: a path, a URL, or the
    installed package. A claim is cited by its id, ``version`` and ``loaded_from``.
    Two datasets are equal when their records are.
    """

    def __init__(
        self,
        claims: Iterable[Claim],
        documents: Mapping[str, Document],
        actors: Mapping[str, Actor],
        retired: Iterable[RetiredClaim] = (),
        *,
        version: Optional[str] = None,
        loaded_from: Optional[str] = None,
    ):
        self.version = version
        self.loaded_from = loaded_from
        self.claims: tuple[Claim, ...] = tuple(sorted(claims, key=_reading_order))
        self.retired: tuple[RetiredClaim, ...] = tuple(sorted(retired, key=lambda r: r.id))
        self.documents: Mapping[str, Document] = MappingProxyType(dict(sorted(documents.items())))
        self.actors: Mapping[str, Actor] = MappingProxyType(dict(sorted(actors.items())))
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

    # --- a collection of claims ----------------------------------------------

    def __len__(self) -> int:
        return len(self.claims)

    def __iter__(self) -> Iterator[Claim]:
        return iter(self.claims)

    @overload
    def __getitem__(self, key: Union[int, str]) -> Claim: ...
    @overload
    def __getitem__(self, key: slice) -> Claims: ...
    def __getitem__(self, key: Union[int, str, slice]) -> Union[Claim, Claims]:
        """A claim by id (KeyError with the nearest id or the retirement record), or by position."""
        if isinstance(key, str):
            return self.claim(key)
        return self._all[key]

    def __contains__(self, item: object) -> bool:
        if isinstance(item, str):
            return item in self._by_id
        return isinstance(item, Claim) and self._by_id.get(item.id) == item

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Dataset):
            return NotImplemented
        return self._state() == other._state()

    __hash__ = None  # type: ignore[assignment]

    def __reduce__(self) -> tuple[Any, ...]:
        # The read-only mappings cannot be pickled; rebuild from plain dicts.
        return (type(self), self._state(), {"version": self.version, "loaded_from": self.loaded_from})

    def _state(self) -> tuple[Any, ...]:
        return (self.claims, dict(self.documents), dict(self.actors), self.retired)

    def __repr__(self) -> str:
        which = f"claimset {self.version}" if self.version is not None else "unreleased"
        return f"<Dataset {which}: {len(self.claims)} claims, {len(self.documents)} documents, {len(self.actors)} actors>"

    @cached_property
    def _all(self) -> Claims:
        return Claims(self, self.claims)

    # --- lookups -------------------------------------------------------------

    def claim(self, claim_id: str) -> Claim:
        """The claim with this id; the KeyError says whether it was retired, or the nearest id."""
        try:
            return self._by_id[claim_id]
        except KeyError:
            retired = next((r for r in self.retired if r.id == claim_id), None)
            if retired is not None:
                replaced = f"; replaced by {', '.join(retired.replaced_by)}" if retired.replaced_by else ""
                raise KeyError(f"claim {claim_id!r} was retired in {retired.retired_in}: {retired.reason}{replaced}") from None
            raise KeyError(f"no claim with id {claim_id!r}{suggest(str(claim_id), self._by_id)}") from None

    def actor(self, query: str) -> Actor:
        """The actor ``query`` names: an id, a Russian or English name, a word of a
        person's name (surname), or an acronym (NIS, KCNA); case and ё/е are ignored.

        Raises `AmbiguousName` (listing the candidates) when it fits several,
        `NameNotFound` (with the nearest name) when it fits none; both are LookupErrors.
        """
        return self.actors[self._actor_names.resolve(query)]

    def document(self, query: str) -> Document:
        """The document ``query`` names: its id, headline, publication date, or
        the name of its outlet; errors as for `actor`."""
        return self.documents[self._document_names.resolve(query)]

    # The name indexes and the module that builds them are loaded on first use.
    @cached_property
    def _actor_names(self) -> "NameIndex":
        from .names import actor_index

        return actor_index(self.actors.values())

    @cached_property
    def _document_names(self) -> "NameIndex":
        from .names import document_index

        return document_index(self.documents, self.actors)

    def _actor_ids(self, field: str, query: OneOrMore) -> set[str]:
        return {_resolve(self._actor_names, field, value) for value in _values(field, query)}

    def _document_ids(self, query: OneOrMore) -> set[str]:
        return {_resolve(self._document_names, "document", value) for value in _values("document", query)}

    # --- selections ----------------------------------------------------------

    def filter(
        self,
        *,
        speaker: OneOrMore = None,
        via: OneOrMore = None,
        about: OneOrMore = None,
        involving: OneOrMore = None,
        speaker_country: OneOrMore = None,
        speaker_sector: OneOrMore = None,
        type: OneOrMore = None,
        mode: OneOrMore = None,
        document: OneOrMore = None,
        topic: OneOrMore = None,
        review_status: OneOrMore = None,
        has_figures: Optional[bool] = None,
        warning: Union[bool, str, Iterable[str], None] = None,
        date_from: DateLike = None,
        date_to: DateLike = None,
        event_from: DateLike = None,
        event_to: DateLike = None,
        dates: DateMatch = "within",
    ) -> Claims:
        return self._all.filter(
            speaker=speaker, via=via, about=about, involving=involving, speaker_country=speaker_country,
            speaker_sector=speaker_sector, type=type, mode=mode, document=document, topic=topic,
            review_status=review_status, has_figures=has_figures, warning=warning, date_from=date_from, date_to=date_to,
            event_from=event_from, event_to=event_to, dates=dates,
        )

    filter.__doc__ = Claims.filter.__doc__

    def search(self, text: str) -> Claims:
        return self._all.search(text)

    search.__doc__ = Claims.search.__doc__

    def sorted(self, by: str = "date", *, reverse: bool = False) -> Claims:
        return self._all.sorted(by, reverse=reverse)

    sorted.__doc__ = Claims.sorted.__doc__

    @cached_property
    def _word_index(self) -> "WordIndex":
        # Built on the first search, once per dataset: a search then costs the claims that hold its words.
        from .wordindex import WordIndex

        return WordIndex(self.claims)

    def to_pandas(self, table: str = "claims") -> "pandas.DataFrame":
        """A release table as a pandas DataFrame: the CSV's columns, with typed date bounds.

        ``table`` is one of claims, figures, relations, documents, not_claims,
        actors, roles. Needs pandas: ``pip install 'claimset[pandas]'``.
        """
        from . import frames

        return frames.to_pandas(table, self)

    def appearances(self, claim_id: str) -> Claims:
        """Every appearance of a claim: it and all claims linked by `restates`, earliest first.

        A claim that restates several claims of one document (a lede summing
        up two statements of the body) is an appearance of each of them, but
        does not make them appearances of one another: the links are followed
        through it only when it is the claim asked about.
        """
        self.claim(claim_id)
        linked, summaries = self._restatements
        group, todo = {claim_id}, [claim_id]
        while todo:
            current = todo.pop()
            if current in summaries and current != claim_id:
                continue
            for other in linked.get(current, ()):
                if other not in group:
                    group.add(other)
                    todo.append(other)
        return Claims(self, sorted((self._by_id[i] for i in group), key=self._chronology))

    def restatement_groups(self) -> tuple[RestatementGroup, ...]:
        """Every statement that appears more than once: each group's claims, earliest first.

        A group is what `appearances()` gives for any of its claims. A claim that
        sums up several statements (it restates several claims of one document)
        belongs to each of their groups but starts none of its own. Groups are
        ordered by their first appearance.
        """
        return self._restatement_groups

    @cached_property
    def _restatement_groups(self) -> tuple[RestatementGroup, ...]:
        linked, summaries = self._restatements
        groups: list[RestatementGroup] = []
        seen: set[str] = set()
        for claim in self.claims:
            if claim.id in seen or claim.id in summaries or claim.id not in linked:
                continue
            members = self.appearances(claim.id)
            seen.update(members.ids)
            groups.append(RestatementGroup(min(i for i in members.ids if i not in summaries), members))
        return tuple(sorted(groups, key=lambda g: (self._chronology(g.claims[0]), g.id)))

    @cached_property
    def _restatements(self) -> tuple[dict[str, set[str]], set[str]]:
        """The `restates` links both ways, and the claims that restate several claims of one document."""
        linked: dict[str, set[str]] = {}
        summaries: set[str] = set()
        for claim in self.claims:
            targets = {r.claim for r in claim.relations if r.type.value == "restates"}
            for target in targets:
                linked.setdefault(claim.id, set()).add(target)
                linked.setdefault(target, set()).add(claim.id)
            documents = [self._by_id[t].document for t in targets if t in self._by_id]
            if len(documents) != len(set(documents)):
                summaries.add(claim.id)
        return linked, summaries

    def _chronology(self, claim: Claim) -> tuple:
        # By the date the claim had certainly been made (an interval's end),
        # then its start, then the document's publication.
        value = edtf.parse(claim.date)
        published = edtf.parse(self.documents[claim.document].published)
        latest = value.latest or value.earliest
        earliest = value.earliest or value.latest
        return (latest, earliest, published.latest, claim.document, claim.quote.start)


class _Tables:
    """What the release tables read: claims, documents and actors."""

    def __init__(self, claims: tuple[Claim, ...], documents: Mapping[str, Document], actors: Mapping[str, Actor]):
        self.claims, self.documents, self.actors = claims, documents, actors


def _reading_order(claim: Claim) -> tuple:
    return (claim.document, claim.quote.start, claim.quote.end, claim.id)


def _values(field: str, value: OneOrMore) -> list[str]:
    # A record is one value, though pydantic makes it iterable (over its fields).
    if isinstance(value, (str, BaseModel)):
        values: list[Any] = [value]
    elif isinstance(value, Iterable):
        values = list(value)
    else:
        raise TypeError(f"{field} must be text or a list of text, not {type(value).__name__}")
    if not values:
        raise ValueError(f"{field}=[] matches nothing; leave {field} out to match every claim")
    return [_name_of(v) for v in values]


def _name_of(value: Any) -> Any:
    """What a filter value names: an actor or document given as the record `actor()` or `document()` returns, by its id."""
    if isinstance(value, (Actor, Document)):
        return value.id
    return value.value if isinstance(value, Enum) else value


def _resolve(index: "NameIndex", field: str, value: str) -> str:
    from .names import AmbiguousName, NameNotFound

    try:
        return index.resolve(value)
    except NameNotFound as error:
        raise ValueError(f"{field}={value!r} names nothing in the dataset{error.hint}") from None
    except AmbiguousName as error:
        raise ValueError(
            f"{field}={value!r} could be any of {len(error.candidates)} {index.kind}s: "
            f"{', '.join(error.candidates)}; give one by its id, or a list of them"
        ) from None


def _terms(field: str, value: OneOrMore, valid: Mapping[str, str]) -> set[str]:
    terms = set()
    for term in _values(field, value):
        if str(term) not in valid:
            # A vocabulary is short: with no near term, name them all (up to a screenful).
            hint = suggest(str(term), valid) or f"; the terms are {', '.join(sorted(valid)[:40])}"
            raise ValueError(f"{field}={str(term)!r} names nothing in the dataset{hint}")
        terms.add(str(term))
    return terms


def _value(term: Optional[Enum]) -> Optional[str]:
    return term.value if term is not None else None


def _countries(value: OneOrMore) -> set[str]:
    from .countries import ALPHA_2

    codes = set()
    for code in _values("speaker_country", value):
        if not isinstance(code, str) or code.upper() not in ALPHA_2:
            raise ValueError(f"speaker_country={code!r} is not an ISO 3166-1 alpha-2 country code (RU, KP, KR, US …)")
        codes.add(code.upper())
    return codes


def _warning_test(warning: Union[bool, str, Iterable[str]]) -> Callable[[Claim], bool]:
    """True: any warning; False: none; a kind or a list of kinds: a warning of one of them."""
    if isinstance(warning, bool):
        return lambda c: bool(c.review.warnings) == warning
    if not isinstance(warning, (str, Enum, Iterable)):
        raise TypeError(f"warning must be True, False, a warning kind or a list of kinds, not {warning!r}")
    kinds = _terms("warning", warning, WarningKind.definitions())
    return lambda c: any(w.kind.value in kinds for w in c.review.warnings)


def _in_range(low: tuple[str, DateLike], high: tuple[str, DateLike], how: DateMatch) -> Callable[[str], bool]:
    """A test of an EDTF value against the range from ``low`` to ``high`` (name, value), either optional."""
    start = _bound(*low, end=False)
    stop = _bound(*high, end=True)
    if start and stop and start > stop:
        raise ValueError(f"{low[0]} ({low[1]}) is after {high[0]} ({high[1]})")

    def test(value: str) -> bool:
        earliest, latest = edtf.days(value)
        if how == "within":
            if start and (earliest is None or earliest < start):
                return False
            if stop and (latest is None or latest > stop):
                return False
            return True
        if start and latest is not None and latest < start:
            return False
        if stop and earliest is not None and earliest > stop:
            return False
        return True

    return test


def _bound(name: str, value: DateLike, *, end: bool) -> Optional[dt.date]:
    if value is None:
        return None
    try:
        earliest, latest = edtf.days(value)  # type: ignore[arg-type]
    except (ValueError, TypeError) as error:
        raise type(error)(f"{name}: {error}") from None
    day = latest if end else earliest
    if day is None:
        raise ValueError(f"{name}={value!r} is open at the {'end' if end else 'start'} that bounds the range")
    return day
