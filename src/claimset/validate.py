"""Checks across records and files: ids, references, quotes, seeds, dates, coverage.

Record-level checks (types, vocabularies, required fields) run when the files
are read (`loader.read_sources`); this module checks what one record cannot
know alone. Every check reports and continues, so one run lists everything.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from typing import Optional

from . import coverage, dates
from .loader import Sources
from .models import Claim, Quote
from .place import nowhere, occurrences
from .problems import Problem, ordered, suggest


def check(sources: Sources) -> list[Problem]:
    """Every problem in ``sources``, sorted by file, line and column."""
    _unique_ids(sources)
    _unique_assertions(sources)
    # Ids of records that failed validation count as present: their own
    # problems are reported already. Where some records could not be read at
    # all, references into them are not judged (None) until those are fixed.
    actor_ids = None if "actors" in sources.incomplete else {a.id for a in sources.actors} | sources.broken_ids
    claim_ids = None if "claims" in sources.incomplete else {c.id for c in sources.claims} | sources.broken_ids
    # Quotes and coverage are checked only against seeds whose hash matches:
    # an edited seed is one problem, not one per quote it moved.
    verified = _documents(sources, actor_ids)
    for claim in sources.claims:
        _claim(sources, claim, actor_ids, claim_ids, verified)
    _coverage(sources, verified)
    _retired(sources, claim_ids)
    return ordered(sources.problems)


def _claim_problem(sources: Sources, claim: Claim, sub: tuple, code: str, message: str) -> None:
    rel, path = sources.origin[id(claim)]
    sources.problem(rel, path + sub, code, message)


def _unique_ids(sources: Sources) -> None:
    for kind, records in (("claim", sources.claims), ("actor", sources.actors)):
        seen: dict[str, str] = {}
        for record in records:
            rel, path = sources.origin[id(record)]
            if record.id in seen:
                sources.problem(rel, path + ("id",), "duplicate-id",
                                f"{kind} id {record.id!r} is already used at {seen[record.id]}; ids are unique in the dataset")
            else:
                seen[record.id] = f"{rel}:{sources.files[rel].where(path + ('id',))[0]}"


def _unique_assertions(sources: Sources) -> None:
    """Two claims by one speaker on the same span are one claim pasted twice, or two that need narrower quotes."""
    first: dict[tuple, str] = {}
    for claim in sources.claims:
        key = (claim.document, claim.quote.start, claim.quote.end, claim.speaker)
        if key in first:
            _claim_problem(sources, claim, ("quote",), "duplicate-claim",
                           f"claim {first[key]!r} has the same speaker and quote span; merge the two, or narrow "
                           "each quote to the words of its own assertion")
        else:
            first[key] = claim.id


def _documents(sources: Sources, actor_ids: Optional[set[str]]) -> set[str]:
    verified = set()
    for doc_id, document in sources.documents.items():
        rel = sources.document_file[doc_id]
        for key in ("outlet", "reposts"):
            ref = getattr(document, key)
            if ref is not None and actor_ids is not None and ref not in actor_ids:
                sources.problem(rel, ("document", key), "unknown-actor", f"no actor {ref!r} in claims/actors.yaml")
        raw = sources.seed_bytes.get(doc_id)
        if raw is None:
            continue
        digest = hashlib.sha256(raw).hexdigest()
        if digest != document.sha256:
            if hashlib.sha256(raw.replace(b"\r\n", b"\n")).hexdigest() == document.sha256:
                hint = ("only its line endings differ (CRLF): git or an editor converted them; check the file out "
                        "again with the repository's .gitattributes (seeds are -text)")
            else:
                hint = "source texts are never edited: restore the original text"
            sources.problem(rel, ("document", "sha256"), "seed-edited",
                            f"seeds/{doc_id}.txt has sha256 {digest}, not the recorded one; {hint}")
            continue
        verified.add(doc_id)
        text = sources.texts[doc_id]
        if document.title is not None and document.title not in text:
            sources.problem(rel, ("document", "title"), "title-not-in-text", "the title must appear verbatim in the seed text")
        for i, item in enumerate(document.not_claims):
            _quote(sources, rel, ("document", "not_claims", i, "quote"), item.quote, text)
    return verified


def _quote(sources: Sources, rel: str, path: tuple, quote: Quote, text: str) -> bool:
    if quote.end > len(text):
        sources.problem(rel, path + ("end",), "quote-out-of-range",
                        f"end {quote.end} is past the end of the text ({len(text)} characters)")
        return False
    actual = text[quote.start:quote.end]
    if actual == quote.text:
        return True
    found = occurrences(text, quote.text)
    where = (f"; the quoted text occurs at start={found[0]}, end={found[0] + len(quote.text)}"
             + (f" (and {len(found) - 1} more place(s))" if len(found) > 1 else "")
             if found else f"; {nowhere(text, quote.text)}")
    sources.problem(rel, path + ("text",), "quote-mismatch",
                    f"text at {quote.start}:{quote.end} is {actual!r}, but the quote says {quote.text!r}{where}")
    return False


def _claim(
    sources: Sources, claim: Claim, actor_ids: Optional[set[str]], claim_ids: Optional[set[str]], verified: set[str]
) -> None:
    rel, path = sources.origin[id(claim)]
    document = sources.documents.get(claim.document)
    for i, ref in enumerate([claim.speaker, *claim.via]):
        sub = ("speaker",) if i == 0 else ("via", i - 1)
        if actor_ids is not None and ref not in actor_ids:
            _claim_problem(sources, claim, sub, "unknown-actor",
                           f"no actor {ref!r} in claims/actors.yaml; add it there first{suggest(ref, actor_ids)}")
    repeated = [ref for ref, n in Counter([claim.speaker, *claim.via]).items() if n > 1]
    if repeated:
        _claim_problem(sources, claim, ("via",), "via-repeats", f"{repeated[0]!r} appears twice in speaker and via")
    if document is not None and document.outlet in claim.via:
        _claim_problem(sources, claim, ("via",), "via-outlet",
                       f"{document.outlet!r} publishes this document; the publisher is never part of via")
    for i, relation in enumerate(claim.relations):
        if relation.claim == claim.id:
            _claim_problem(sources, claim, ("relations", i, "claim"), "relation-self", "a claim cannot relate to itself")
        elif claim_ids is not None and relation.claim not in claim_ids:
            _claim_problem(sources, claim, ("relations", i, "claim"), "unknown-claim",
                           f"no claim with id {relation.claim!r}{suggest(relation.claim, claim_ids)}")
    if document is None:
        return
    if claim.document in verified:
        _quote(sources, rel, path + ("quote",), claim.quote, sources.texts[claim.document])
    published = dates.parse(document.published).latest
    for key in ("date", "event_date"):
        value = getattr(claim, key)
        earliest = dates.parse(value).earliest if value else None
        if published and earliest and earliest > published:
            _claim_problem(sources, claim, (key,), "date-after-publication",
                           f"{value} is after the document's publication ({document.published}); "
                           + ("a claim is dated when it was made" if key == "date"
                              else "a forecast's future event has no event_date"))


def _coverage(sources: Sources, verified: set[str]) -> None:
    for doc_id, document in sources.documents.items():
        if doc_id not in verified or doc_id in sources.coverage_unknown:
            continue
        text = sources.texts[doc_id]
        rel = sources.document_file[doc_id]
        broken = sources.broken_spans.get(doc_id, [])
        _, gaps = coverage.document_gaps(document, sources.claims, text, extra_spans=broken)
        for sentence in gaps:
            sources.problem(rel, ("document", "not_claims"), "uncovered-sentence",
                            f"sentence at {sentence.start}:{sentence.end} is covered by no claim and is not listed "
                            f"in not_claims: {sentence.text!r}")


def _retired(sources: Sources, claim_ids: Optional[set[str]]) -> None:
    """Retired ids stay retired, and no released id disappears without a record."""
    if claim_ids is None:
        return
    retired_ids: set[str] = set()
    for record in sources.retired:
        rel, path = sources.origin[id(record)]
        if record.id in retired_ids:
            sources.problem(rel, path + ("id",), "duplicate-id", f"{record.id!r} is retired twice")
        retired_ids.add(record.id)
        if record.id in claim_ids:
            sources.problem(rel, path + ("id",), "retired-id-in-use",
                            f"{record.id!r} is retired but a claim still uses it; ids are never reused")
        for i, target in enumerate(record.replaced_by):
            if target not in claim_ids:
                sources.problem(rel, path + ("replaced_by", i), "unknown-claim", f"no claim with id {target!r}")
    for line, claim_id in sources.released_ids:
        if claim_id not in claim_ids and claim_id not in retired_ids:
            sources.problems.append(Problem(
                "releases/latest-ids.txt", line, 1, "vanished-id", "",
                f"claim {claim_id!r} was published in the latest release and is gone; restore it, or retire it "
                "in claims/retired.yaml with a reason and its replacement",
            ))
