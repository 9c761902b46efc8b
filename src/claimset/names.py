"""Finding actors and documents by what people call them.

A query is compared after normalising both sides: case folded, ``ё`` read as
``е``, runs of whitespace (including non-breaking spaces) read as one space,
any dash as a hyphen and any quotation mark as its plain ASCII form.
Names are matched whole; Russian inflected forms (``Шойгу`` is indeclinable,
but ``Путина`` is not ``Путин``) are not recognised.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Iterable, Mapping

from .models import Actor, Document

# How sure a match is: an id, then a full name, title or acronym, then a
# single word of a person's name (or a document's date or outlet), then an
# initialism made from a name, then the first word of a body's name (its short
# form: «Минобороны», «RIA»). A query is resolved at the surest tier that
# matches anything; near misses are suggested from every tier but the last two,
# whose made-up letters and cut names would be poor suggestions.
ID, NAME, PART, INITIALISM, SHORT = 0, 1, 2, 3, 4

# A near miss is suggested when at most 4 in 10 of the longer string's letters
# must be typed, deleted, replaced or swapped to reach it (Damerau–Levenshtein
# distance over the longer length). Edits are counted over the whole of both
# strings, so a short query is never "near" a long name merely because a few of
# its letters occur there in order: «КНДР» is not «Александр».
NEAR_ENOUGH = 0.6

_PARENTHESISED = re.compile(r"\s*\(([^()]*)\)")
_ACRONYM = re.compile(r"^[A-ZА-ЯЁ]{2,}$")
# Short Russian words that an initialism skips (Российский институт
# стратегических исследований → РИСИ is kept; «по», «и» … are dropped).
_RU_FUNCTION_WORDS = {"и", "в", "во", "на", "по", "при", "с", "со", "о", "об", "от", "для", "к"}


# Typographic variants a query typed or pasted from elsewhere may not share with
# the text: «на пике» and "на пике", Russian–Korean and Russian-Korean.
_TYPOGRAPHY = str.maketrans({
    **dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212", "-"),
    **dict.fromkeys("\u00ab\u00bb\u201c\u201d\u201e\u201f", '"'),
    **dict.fromkeys("\u2018\u2019\u201a\u201b", "'"),
})


def normalise(text: str) -> str:
    """The form names and queries are compared in: casefolded, ё → е, single spaces,
    every dash a hyphen, every double quotation mark ", every single one '."""
    return " ".join(text.casefold().replace("ё", "е").translate(_TYPOGRAPHY).split())


class NameNotFound(LookupError):
    """No actor or document goes by the name asked for; ``hint`` names the nearest, if any."""

    def __init__(self, message: str, hint: str = ""):
        super().__init__(message + hint)
        self.hint = hint


class AmbiguousName(LookupError):
    """A name fits several actors or documents; ``candidates`` holds their ids."""

    def __init__(self, message: str, candidates: list[str]):
        super().__init__(message)
        self.candidates = candidates


@dataclass
class NameIndex:
    """Normalised names → the ids they can mean, by tier of sureness."""

    kind: str  # "actor" or "document", for messages
    tiers: tuple[dict[str, set[str]], ...] = field(default_factory=lambda: ({}, {}, {}, {}, {}))
    shown: dict[str, str] = field(default_factory=dict)  # normalised name → how it is written

    def add(self, tier: int, name: str | None, target: str) -> None:
        if not name or not name.strip():
            return
        key = normalise(name)
        self.tiers[tier].setdefault(key, set()).add(target)
        self.shown.setdefault(key, name.strip())

    def resolve(self, query: str) -> str:
        """The one id ``query`` names; AmbiguousName or NameNotFound otherwise."""
        if not isinstance(query, str):
            raise TypeError(f"the {self.kind} to look up must be named by text, not {type(query).__name__}")
        key = normalise(query)
        for tier in self.tiers:
            found = tier.get(key)
            if found and len(found) == 1:
                return next(iter(found))
            if found:
                candidates = sorted(found)
                raise AmbiguousName(
                    f"{query!r} could be any of {len(candidates)} {self.kind}s: {', '.join(candidates)}; "
                    f"ask for one by its id",
                    candidates,
                )
        raise NameNotFound(f"no {self.kind} is called {query!r}", self._nearest(key))

    def _nearest(self, key: str) -> str:
        from rapidfuzz import process  # imported here: only a lookup that fails needs it
        from rapidfuzz.distance import DamerauLevenshtein

        names = [name for tier in self.tiers[:INITIALISM] for name in tier]
        close = process.extractOne(key, names, scorer=DamerauLevenshtein.normalized_similarity,
                                   score_cutoff=NEAR_ENOUGH)
        if close is None:
            return ""
        name = close[0]
        shown = self.shown[name]
        targets = sorted({target for tier in self.tiers for target in tier.get(name, ())})
        meaning = "" if targets == [shown] else f" ({', '.join(targets)})"
        return f"; did you mean {shown!r}{meaning}?"


def actor_index(actors: Iterable[Actor]) -> NameIndex:
    """Ids, Russian and English names (with and without a parenthesised acronym),
    acronyms, initialisms of bodies' names, and each word of a person's name."""
    index = NameIndex("actor")
    for actor in actors:
        index.add(ID, actor.id, actor.id)
        for name in (actor.name.ru, actor.name.en):
            if name is None:
                continue
            index.add(NAME, name, actor.id)
            bare = _PARENTHESISED.sub("", name)
            index.add(NAME, bare, actor.id)
            for inner in _PARENTHESISED.findall(name):
                if _ACRONYM.match(inner.strip()):
                    index.add(NAME, inner, actor.id)
            if actor.kind.value == "person":
                if _is_personal_name(bare):
                    for word in bare.split():
                        index.add(PART, word, actor.id)
            else:
                index.add(INITIALISM, _initialism(bare), actor.id)
                index.add(SHORT, _short_form(bare), actor.id)
    return index


def _short_form(name: str) -> str | None:
    """The first word of a body's name, as people write it short: «Минобороны» (России), «RIA» (Novosti)."""
    words = name.split()
    if len(words) < 2 or len(words[0]) < 3 or words[0].casefold() in _RU_FUNCTION_WORDS:
        return None
    return words[0]


def document_index(documents: Mapping[str, Document], actors: Mapping[str, Actor]) -> NameIndex:
    """Ids and headlines; the publication date (also its year or month alone) and the
    names of the outlet or the agency reposted, which may fit several documents."""
    index = NameIndex("document")
    outlets = actor_index(actors.values())
    for document in documents.values():
        index.add(ID, document.id, document.id)
        index.add(NAME, document.title, document.id)
        for prefix in _date_prefixes(document):
            index.add(PART, prefix, document.id)
        publishers = {document.outlet, document.reposts}
        for tier in (*outlets.tiers[:INITIALISM], outlets.tiers[SHORT]):
            for name, targets in tier.items():
                if targets & publishers:
                    index.add(PART, outlets.shown[name], document.id)
    return index


def _date_prefixes(document: Document) -> list[str]:
    # "2025-11-07" is found by "2025-11-07", "2025-11" and "2025"; "2023-08-15/2023-08-31" by itself,
    # "2023-08" and "2023": by each year, month and day that every day it can denote shares.
    prefixes = [document.published]
    earliest, latest = document.published_earliest, document.published_latest
    if earliest is not None and latest is not None:
        for width in (4, 7, 10):  # YYYY, YYYY-MM, YYYY-MM-DD
            if earliest.isoformat()[:width] == latest.isoformat()[:width]:
                prefixes.append(earliest.isoformat()[:width])
    return list(dict.fromkeys(prefixes))


def _is_personal_name(name: str) -> bool:
    # «Сергей Шойгу», «Kim Jong Un»; not a description such as «Defence attaché of the DPRK Embassy».
    words = name.split()
    return 2 <= len(words) <= 4 and all(word[:1].isupper() for word in words)


def _initialism(name: str) -> str | None:
    words = [w for w in re.split(r"[\s\-]+", name) if w and w.casefold() not in _RU_FUNCTION_WORDS]
    if any(re.search("[а-яё]", w, re.I) for w in words):
        letters = [w[0] for w in words]  # Russian capitalises only the first word
    else:
        letters = [w[0] for w in words if w[0].isupper()]
    return "".join(letters).upper() if len(letters) >= 2 else None
