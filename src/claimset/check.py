"""Check raw records: the second step of the one way through (read → check → dataset).

Each record is validated against its model; then every check across records
and files runs (ids, references, quotes against the seeds, dates against
publication, coverage, retired ids). A record that fails its model check
still takes part in every cross-record check its valid fields allow, so one
run reports every independent problem. Every error becomes a `Problem` in one
place (`Report`), with file, line, column, a stable code and a message a
contributor can act on.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Any, Iterable, Optional

from pydantic import BaseModel, TypeAdapter, ValidationError

from . import coverage, dateline, dates, duplicates, textpolicy
from .models import Actor, Claim, ClaimRecord, Document, RetiredClaim
from .place import FOUND_AT_MOST, MAX_OTHERS, Budget, Placed, Unplaced, clip, nowhere, occurrences, place
from .problems import WARNING, Problem, ordered, suggest
from .read import ACTORS_DIR, RawRecord, Tree, dotted, is_actor_file, kind_of
from .vocab import ClaimType, Mode, RelationType


@dataclass
class Checked:
    """The records that passed, and every problem found; valid when ``problems`` is empty."""

    root: Path
    documents: dict[str, Document] = field(default_factory=dict)
    texts: dict[str, str] = field(default_factory=dict)
    claims: list[Claim] = field(default_factory=list)
    actors: list[Actor] = field(default_factory=list)
    retired: list[RetiredClaim] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    # What a person should look at that does not make the data invalid (a near-duplicate text).
    warnings: list[Problem] = field(default_factory=list)
    # Per document (by file stem), what its coverage is judged from, even while its records have problems.
    coverage: dict[str, "CoverageInput"] = field(default_factory=dict)


@dataclass(frozen=True)
class CoverageInput:
    """A document's text and every claim and not-claim span in it; or, in ``why_not``, why coverage cannot be judged."""

    text: Optional[str]
    spans: tuple[tuple[int, int], ...] = ()
    why_not: Optional[str] = None


@dataclass
class Entry:
    """A record after its model check: the model object, or a partial one holding only its valid fields."""

    raw: RawRecord
    obj: Any
    bad: frozenset = frozenset()  # top-level fields that failed; empty for a valid record

    @property
    def valid(self) -> bool:
        return not self.bad

    def get(self, name: str) -> Any:
        """The field's value if it is valid, else None."""
        if name in self.bad or self.obj is None:
            return None
        return getattr(self.obj, name, None)


# The most problems of one file a run keeps (validate prints at most 1,000 in all).
PER_FILE_AT_MOST = 1000


class Report:
    """Where problems are made: from pydantic errors, and from the checks' own findings."""

    def __init__(self, problems: Iterable[Problem] = ()):
        self.problems: list[Problem] = list(problems)
        # Quotes without offsets: (record, where the quote is in it, the problem reported), explained once seeds are read.
        self.unplaced: list[tuple[RawRecord, tuple, Problem]] = []
        # How many quotes found nowhere may still have their seed searched for the nearest passage.
        self.nearest = Budget()
        # Problems kept per file: beyond PER_FILE_AT_MOST, only counted (memory stays bounded by the input's files).
        self.per_file: dict[str, int] = {}

    def _keep(self, problem: Problem) -> None:
        kept = self.per_file.get(problem.file, 0)
        self.per_file[problem.file] = kept + 1
        if kept < PER_FILE_AT_MOST:
            self.problems.append(problem)

    def add(self, entry: Entry, sub: tuple, code: str, message: str) -> None:
        self._keep(entry.raw.problem(sub, code, message))

    def warn(self, entry: Entry, sub: tuple, code: str, message: str) -> None:
        self._keep(replace(entry.raw.problem(sub, code, message), severity=WARNING))

    def overflow(self) -> list[Problem]:
        """One problem per file that had more than PER_FILE_AT_MOST, saying how many were left out."""
        return [Problem(file, 1, 1, "too-many-problems", "",
                        f"{count - PER_FILE_AT_MOST} more problem(s) in this file are not listed; fix the first "
                        f"{PER_FILE_AT_MOST} and run validate again")
                for file, count in sorted(self.per_file.items()) if count > PER_FILE_AT_MOST]

    def validate(self, raw: RawRecord, model: type[BaseModel], data: Any = None) -> Entry:
        """The record checked against ``model`` (``data``: the record as the model sees it, if not as written)."""
        data = raw.data if data is None else data
        context = _CHECKED if raw.file.text_clean else None
        try:
            return Entry(raw, model.model_validate(data, context=context))
        except ValidationError as exc:
            bad = set()
            for error in _one_per_number(exc.errors(include_url=False)):
                loc = tuple(error["loc"])
                code, message = _describe(error, model)
                if error["type"] == "string_type" and isinstance(error["input"], bool):
                    message = _boolean_for_text(raw, loc, error["input"])
                where = loc[:-1] if error["type"] == "missing" else loc
                if error["type"] == "missing" and loc[-2:] in (("quote", "start"), ("quote", "end")):
                    # A quote given as text alone: one problem per quote, and `fmt` fixes it.
                    code, loc = "quote-unplaced", where
                    message = "the quote has no start/end offsets yet; run `claimset fmt`, which finds the text in the seed"
                problem = raw.problem(where, code, message, dotted(raw.path + loc))
                self._keep(problem)
                if code == "quote-unplaced":
                    self.unplaced.append((raw, where, problem))
                bad.add(loc[0] if loc else "")
            return Entry(raw, _partial(model, data, bad), frozenset(bad))


_CHECKED = {textpolicy.ALREADY_CHECKED: True}
# The names `claimset site` writes at its top level, besides each document's <id>.html: index.html,
# the actors/ and assets/ folders, and 404.html, which GitHub Pages serves for a missing page.
RESERVED_DOCUMENT_IDS = ("index", "actors", "assets", "ids", "404", "pagefind", "claims", "documents", "restated",
                         "speakers", "retired")
YAML_LINE_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")


def _boolean_for_text(raw: RawRecord, loc: tuple, value: bool) -> str:
    """What to do when YAML read a plain `no` (or yes, on, off …) as a boolean where text belongs."""
    written = str(value).lower()
    line, col = raw.file.position(raw.path + loc)
    if raw.file.text is not None:
        # Lines as YAML counts them (its positions do): CR, NEL, U+2028 and U+2029 end a line too.
        lines = YAML_LINE_BREAK.split(raw.file.text)
        found = re.match(r"[^\s,\]}#]+", lines[line - 1][col - 1:]) if 0 < line <= len(lines) else None
        written = found.group() if found else written
    key = f"{loc[-1]}: " if loc and isinstance(loc[-1], str) else ""
    return (f"expected text, got the boolean {str(value).lower()}: YAML reads yes, no, on, off, true and false "
            f"written without quotes as booleans; quote the value: {key}'{written}'")


# pydantic reports a value that fits neither member of `int | float` once per member,
# at fields named after the members (`value.int`, `value.float`) that no record has.
_NUMBER_MEMBERS = {("int", "int_type"), ("float", "float_type")}


def _one_per_number(errors: list) -> list:
    """The errors with those of a number union merged into one, at the field itself."""
    out, merged = [], set()
    for error in errors:
        loc = tuple(error["loc"])
        if loc and (loc[-1], error["type"]) in _NUMBER_MEMBERS:
            if loc[:-1] in merged:
                continue
            merged.add(loc[:-1])
            error = {**error, "loc": loc[:-1], "type": "number_type"}
        out.append(error)
    return out


def _partial(model: type[BaseModel], data: Any, bad: set) -> Any:
    """The record built from its valid fields alone, for the cross-record checks; None if it is not a mapping."""
    if not isinstance(data, dict):
        return None
    good = {}
    for name in model.model_fields:
        if name in data and name not in bad:
            try:
                good[name] = _field_adapter(model, name).validate_python(data[name])
            except ValidationError:
                bad.add(name)
    return model.model_construct(**good)


@lru_cache(maxsize=None)
def _field_adapter(model: type[BaseModel], name: str) -> TypeAdapter:
    info = model.model_fields[name]
    annotation: Any = Annotated[(info.annotation, *info.metadata)] if info.metadata else info.annotation
    return TypeAdapter(annotation)


@dataclass
class _Records:
    """Every record after its model check."""

    report: Report
    actors: list[Entry]
    retired: list[Entry]
    documents: list[Entry]
    claims: list[Entry]


def _validate_records(tree: Tree) -> _Records:
    report = Report(tree.problems)
    return _Records(
        report,
        actors=[report.validate(raw, Actor) for raw in tree.actors],
        retired=[report.validate(raw, RetiredClaim) for raw in tree.retired],
        documents=[report.validate(raw, Document) for raw in tree.documents],
        claims=[_validate_claim(report, raw) for raw in tree.claims],
    )


def _validate_claim(report: Report, raw: RawRecord) -> Entry:
    """A claim as written (`ClaimRecord`) with its document, the file's, added: a `Claim`."""
    if not isinstance(raw.data, dict):
        return report.validate(raw, ClaimRecord)
    if "document" in raw.data:
        report.problems.append(raw.problem(("document",), "unknown-field",
                                           "unknown field 'document': a claim's document is the file it is in"))
        return report.validate(raw, ClaimRecord)
    return report.validate(raw, Claim, {**raw.data, "document": raw.document})


def record_problems(tree: Tree) -> list[Problem]:
    """The problems of reading the files and of each record on its own, without the cross-record checks."""
    return ordered(_validate_records(tree).report.problems)


def check(tree: Tree) -> Checked:
    """Every problem in ``tree``, sorted by file, line and column, and the records that passed.

    The data is valid when ``problems`` is empty; only then do the records make a dataset.
    """
    records = _validate_records(tree)
    report, actors, retired, documents, claims = (
        records.report, records.actors, records.retired, records.documents, records.claims
    )
    # Where some records could not be read at all (or have no readable id),
    # references into them are not judged (None) until those are fixed.
    actor_ids = _ids(actors, "actors" in tree.incomplete)
    claim_ids = _ids(claims, "claims" in tree.incomplete)
    _actor_file_names(report, actors)
    _unique_ids(report, "actor", actors)
    _unique_ids(report, "claim", claims)
    _unique_assertions(report, claims)

    result = Checked(tree.root)
    by_doc = _documents(report, tree, documents, actor_ids, result)
    _one_text_one_document(report, by_doc)
    _explain_unplaced(report, by_doc)
    documents_of = {e.get("id"): e.raw.document for e in claims if e.get("id")}
    retirements = {e.obj.id: e.obj for e in retired if e.valid}
    for entry in claims:
        _claim(report, entry, by_doc, actor_ids, claim_ids, documents_of, retirements)
    _id_prefixes(report, claims, by_doc)
    _date_conflicts(report, claims)
    _coverage(report, by_doc, claims, result)
    _retired(report, tree, retired, claim_ids, retirements)

    found = ordered(report.problems + report.overflow())
    result.problems = [p for p in found if p.severity != WARNING]
    result.warnings = [p for p in found if p.severity == WARNING]
    result.actors = [e.obj for e in actors if e.valid]
    result.retired = [e.obj for e in retired if e.valid]
    result.claims = [e.obj for e in claims if e.valid]
    return result


def _date_conflicts(report: Report, claims: list[Entry]) -> None:
    """Claims linked by `restates` agree on when: one statement by one speaker was made once, one event happened once.

    Two claims whose dates share no day cannot both be right about the same statement or event: `date-conflict`,
    on the claim that restates. Ranges with open ends (`../2025-11-01`) conflict only when no day fits both.
    An outlet's own voice (`narrative`) in two documents is two statements, each made when its document was
    published: an outlet that repeats its background in a later article says it again, so their `date`s may differ.
    """
    valid = {entry.obj.id: entry for entry in claims if entry.valid}
    for entry in valid.values():
        claim = entry.obj
        for relation in claim.relations:
            other_entry = valid.get(relation.claim) if relation.type.value == "restates" else None
            if other_entry is None:
                continue
            other = other_entry.obj
            if claim.speaker == other.speaker and not _republished(entry, other_entry) and _disjoint(claim, other, "date"):
                report.add(entry, ("date",), "date-conflict", (
                    f"this claim restates {other.id} by the same speaker ({claim.speaker}): one statement, made once, "
                    f"but its date {claim.date} and that claim's {other.date} share no day; correct one, or narrow "
                    "both to what the two documents establish together and say so in date_note (CONTRIBUTING: Dates)"))
            if claim.event_date is not None and other.event_date is not None and _disjoint(claim, other, "event_date"):
                report.add(entry, ("event_date",), "date-conflict", (
                    f"this claim restates {other.id}: one event, but its event_date {claim.event_date} and that "
                    f"claim's {other.event_date} share no day; correct one, or say in date_note why they differ "
                    "and link the claims with contradicts instead"))


def _republished(a: Entry, b: Entry) -> bool:
    """Whether two claims are the outlet's own voice in two documents: each said anew when its document was published."""
    narrative = a.obj.mode.value == "narrative" and b.obj.mode.value == "narrative"
    return narrative and a.raw.document != b.raw.document


def _disjoint(a: Any, b: Any, field_name: str) -> bool:
    """Whether the day ranges of ``field_name`` of claims ``a`` and ``b`` (open ends allowed) share no day."""
    a_low, a_high = getattr(a, f"{field_name}_earliest"), getattr(a, f"{field_name}_latest")
    b_low, b_high = getattr(b, f"{field_name}_earliest"), getattr(b, f"{field_name}_latest")
    return bool((a_high is not None and b_low is not None and a_high < b_low)
                or (b_high is not None and a_low is not None and b_high < a_low))


def _ids(entries: list[Entry], incomplete: bool) -> Optional[set[str]]:
    ids = set()
    for entry in entries:
        value = entry.get("id")
        if value is None:
            raw = entry.raw.data
            if isinstance(raw, dict) and isinstance(raw.get("id"), str):
                value = raw["id"]  # an invalid id still names the record it belongs to
            else:
                return None
        ids.add(value)
    return None if incomplete else ids


def _unique_ids(report: Report, kind: str, entries: list[Entry]) -> None:
    seen: dict[str, Entry] = {}
    for entry in entries:
        record_id = entry.get("id")
        if record_id is None:
            continue
        if record_id not in seen:
            seen[record_id] = entry
            continue
        first = seen[record_id].raw
        line = first.file.position(first.path + ("id",))[0]
        report.add(entry, ("id",), "duplicate-id",
                   f"{kind} id {record_id!r} is already used at {first.file.rel}:{line}; ids are unique in the dataset")


def _unique_assertions(report: Report, claims: list[Entry]) -> None:
    """Two claims by one speaker on the same span are one claim pasted twice, or two that need narrower quotes."""
    first: dict[tuple, str] = {}
    for entry in claims:
        quote, speaker = entry.get("quote"), entry.get("speaker")
        if quote is None or speaker is None:
            continue
        key = (entry.raw.document, quote.start, quote.end, speaker)
        if key in first:
            report.add(entry, ("quote",), "duplicate-claim",
                       f"claim {first[key]!r} has the same speaker and quote span; merge the two, or narrow "
                       "each quote to the words of its own assertion")
        else:
            first[key] = entry.get("id") or "?"


@dataclass
class _Doc:
    """A document as far as the checks know it: its entry, its text when the seed can be trusted."""

    entry: Entry
    text: Optional[str] = None  # None when the seed is missing, unreadable or edited


def _documents(
    report: Report, tree: Tree, documents: list[Entry], actor_ids: Optional[set[str]], result: Checked
) -> dict[str, _Doc]:
    by_doc: dict[str, _Doc] = {}
    for entry in documents:
        stem = entry.raw.document
        assert stem is not None
        doc = by_doc[stem] = _Doc(entry)
        doc_id = entry.get("id")
        if doc_id is not None and doc_id != stem:
            report.add(entry, ("id",), "document-id-mismatch", f"document id {doc_id!r} must equal the file name {stem!r}")
        if doc_id in RESERVED_DOCUMENT_IDS:
            report.add(entry, ("id",), "reserved-document-id", (
                f"{doc_id!r} is a name the site gives its own pages ({', '.join(RESERVED_DOCUMENT_IDS)}): a document's "
                f"page is <id>.html, so this one would replace {doc_id}.html or its folder; add a word to the id"))
        for key in ("outlet", "reposts"):
            ref = entry.get(key)
            if ref is not None and actor_ids is not None and ref not in actor_ids:
                report.add(entry, (key,), "unknown-actor", no_actor(ref, actor_ids))
        if entry.valid and doc_id == stem:
            result.documents[stem] = entry.obj
        doc.text = _seed_text(report, tree, entry, stem)
        if doc.text is None:
            continue
        result.texts[stem] = doc.text
        title = entry.get("title")
        if title is not None and title not in doc.text:
            report.add(entry, ("title",), "title-not-in-text", "the title must appear verbatim in the seed text")
        for i, item in enumerate(entry.get("not_claims") or ()):
            _quote(report, entry, ("not_claims", i, "quote"), item.quote, doc.text)
        _dateline(report, entry, doc.text)
    return by_doc


def _explain_unplaced(report: Report, by_doc: dict[str, "_Doc"]) -> None:
    """A quote without offsets, reported as `fmt` would place it: where, or why it cannot (the same message as fmt's).

    Told only "run claimset fmt", a contributor whose quote fmt refuses would go round in a loop.
    """
    explained: dict[Problem, Problem] = {}
    for raw, where, problem in report.unplaced:
        doc = by_doc.get(raw.document or "")
        quote = _at(raw.data, where)
        if doc is None or doc.text is None or quote is None:
            continue
        outcome = place(doc.text, quote, report.nearest)
        if isinstance(outcome, Unplaced):
            explained[problem] = raw.problem(where + ("text",), outcome.code, outcome.message)
        elif isinstance(outcome, Placed):
            given = "no start/end offsets yet" if outcome.was is None else "no end, and its text is not at its start"
            explained[problem] = replace(problem, message=(
                f"the quote has {given}; run `claimset fmt`, which places it at {outcome.start}:{outcome.end}"))
    if explained:
        report.problems = [explained.get(p, p) for p in report.problems]


def _at(data: Any, path: tuple) -> Any:
    """The value at ``path`` inside raw data, or None."""
    for key in path:
        try:
            data = data[key]
        except (KeyError, IndexError, TypeError):
            return None
    return data


def _dateline(report: Report, entry: Entry, text: str) -> None:
    """A dateline without a year («Москва. 25 июля.») and a `published` day agree on the day and month."""
    published = entry.get("published")
    value = dates.parse(published) if published else None
    if value is None or value.interval or value.start is None or value.start.precision != "day":
        return
    point = value.start
    if point.approximate or point.uncertain:
        return
    found = dateline.find(text)
    if found is None or found.agrees(point.earliest):
        return
    line = text.count("\n", 0, found.start) + 1
    report.add(entry, ("published",), "dateline-mismatch",
               f"the seed's dateline «{found.text}» (line {line}) gives {found.day_month}, but published is "
               f"{published}; a dateline without a year gives the day and month, and the year is inferred "
               "(CONTRIBUTING: Dates): correct published")


def _one_text_one_document(report: Report, by_doc: dict[str, _Doc]) -> None:
    """A text already another document's is refused; one that is mostly another's is a warning.

    Each is reported on the later document (in file order), at its sha256. A
    near-duplicate whose document's `note` names the other one has been looked
    at and recorded: it is not reported again.
    """
    texts = {stem: doc.text for stem, doc in by_doc.items() if doc.text is not None}
    same = set()
    for later, earlier in duplicates.same_texts(texts):
        same.add((later, earlier))
        exact = texts[later] == texts[earlier]
        how = "byte for byte" if exact else "once whitespace and line endings are normalised"
        report.add(by_doc[later].entry, ("sha256",), "duplicate-document",
                   f"the text of document {later!r} is that of document {earlier!r} ({how}); one text is one "
                   f"document: remove seeds/{later}.txt and claims/{later}.yaml, and annotate the text in {earlier!r}")
    for near in duplicates.near_texts(texts):
        if (near.later, near.earlier) in same:
            continue
        notes = [by_doc[near.later].entry.get("note") or "", by_doc[near.earlier].entry.get("note") or ""]
        if near.earlier in notes[0] or near.later in notes[1]:
            continue
        report.warn(by_doc[near.later].entry, ("sha256",), "near-duplicate-document",
                    f"document {near.later!r} and document {near.earlier!r} share {near.containment:.0%} of the "
                    f"shorter text's word 5-grams ({near.shared} of {near.smaller}): the same item twice? If it is "
                    "the same item posted again (another outlet, headline or dateline, a few words changed), keep "
                    "both and record it: `reposts: <agency>` on a document that reposts an agency's item, "
                    f"`restates` relations from its claims to the same statements' claims in the other, and "
                    "and the other document's id named in either one's `note` (which ends this warning); "
                    "if it is one text, keep one document (CONTRIBUTING: One text, one document)")


def _seed_text(report: Report, tree: Tree, entry: Entry, stem: str) -> Optional[str]:
    """The seed's text when it is present, UTF-8 and unedited (its sha256 matches); else report and None.

    A character no quote may hold is reported at its place in the seed, and the text is still returned:
    the quotes that avoid it are judged as usual.
    """
    raw = tree.seeds.get(stem)
    if raw is None:
        if f"seeds/{stem}.txt" not in tree.refused:  # a refused seed is reported as such (unsafe-file), not as missing
            report.add(entry, ("id",), "seed-missing", f"no source text seeds/{stem}.txt; every document needs its verbatim text")
        return None
    rel = f"seeds/{stem}.txt"
    try:
        text = textpolicy.decode_seed(raw)
    except textpolicy.SeedFault as fault:
        report.problems.append(Problem(rel, fault.line, fault.col, fault.code, "", fault.message))
        return None
    refused = textpolicy.seed_character(text)
    if refused is not None:
        report.problems.append(Problem(rel, refused.line, refused.col, refused.code, "", refused.message))
    recorded = entry.get("sha256")
    if recorded is None:
        return None  # its own problem is reported; quotes are judged once the hash is right
    digest = hashlib.sha256(raw).hexdigest()
    if digest != recorded:
        if hashlib.sha256(raw.replace(b"\r\n", b"\n")).hexdigest() == recorded:
            hint = ("only its line endings differ (CRLF): git or an editor converted them; check the file out "
                    "again with the repository's .gitattributes (seeds are -text)")
        else:
            hint = "source texts are never edited: restore the original text"
        # An edited seed is one problem, not one per quote it moved.
        report.add(entry, ("sha256",), "seed-edited", f"{rel} has sha256 {digest}, not the recorded one; {hint}")
        return None
    return text


def _quote(report: Report, entry: Entry, path: tuple, quote: Any, text: str) -> bool:
    if quote.end > len(text):
        report.add(entry, path + ("end",), "quote-out-of-range",
                   f"end {quote.end} is past the end of the text ({len(text)} characters)")
        return False
    actual = text[quote.start:quote.end]
    if actual == quote.text:
        return True
    found = occurrences(text, quote.text)
    if found:
        nearest = min(found, key=lambda at: (abs(at - quote.start), at))
        others = [at for at in found if at != nearest]
        listed = ", ".join(map(str, others[:MAX_OTHERS])) + (", …" if len(others) > MAX_OTHERS else "")
        count = f"at least {len(others)}" if len(found) >= FOUND_AT_MOST else str(len(others))
        where = (f"; the quoted text occurs at start={nearest}, end={nearest + len(quote.text)}"
                 + (f" (and {count} other place(s): {listed}; give the offsets of the one you mean)"
                    if others else ""))
    else:
        where = f"; {nowhere(text, quote.text, report.nearest)}"
    report.add(entry, path + ("text",), "quote-mismatch",
               f"text at {quote.start}:{quote.end} is {clip(actual)!r}, but the quote says {clip(quote.text)!r}{where}")
    return False


def no_actor(ref: str, actor_ids: set[str]) -> str:
    """The message for a reference to an actor that has no file."""
    return f"no actor {ref!r}: there is no claims/{ACTORS_DIR}/{ref}.yaml; add that file first{suggest(ref, actor_ids)}"


def _actor_file_names(report: Report, actors: list[Entry]) -> None:
    """Each actor's file is named by its id, so the id says where the actor is, and no two files hold one id."""
    for entry in actors:
        rel = entry.raw.file.rel
        actor_id = entry.get("id")
        if not is_actor_file(rel) or actor_id is None:
            continue  # a registry not split yet; or no valid id, reported as such
        name = rel.rsplit("/", 1)[1]
        if name != f"{actor_id}.yaml":
            report.add(entry, ("id",), "actor-file-name",
                       f"the file {name!r} holds actor {actor_id!r}: an actor's file is named by its id; rename the "
                       f"file to claims/{ACTORS_DIR}/{actor_id}.yaml, or fix the id")


def _about(report: Report, entry: Entry, actor_ids: Optional[set[str]]) -> None:
    """`about` names known actors, each once."""
    seen: set[str] = set()
    for i, ref in enumerate(entry.get("about") or ()):
        if actor_ids is not None and ref not in actor_ids:
            report.add(entry, ("about", i), "unknown-actor", no_actor(ref, actor_ids))
        if ref in seen:
            report.add(entry, ("about", i), "about-repeats", f"{ref!r} appears twice in about; list each actor once")
        seen.add(ref)


def _claim(
    report: Report,
    entry: Entry,
    by_doc: dict[str, _Doc],
    actor_ids: Optional[set[str]],
    claim_ids: Optional[set[str]],
    documents_of: dict[str, Optional[str]],
    retirements: dict[str, RetiredClaim],
) -> None:
    speaker, via = entry.get("speaker"), entry.get("via")
    refs = ([("speaker",)] if speaker is not None else []) + [("via", i) for i in range(len(via or ()))]
    chain = ([speaker] if speaker is not None else []) + list(via or ())
    for sub, ref in zip(refs, chain):
        if actor_ids is not None and ref not in actor_ids:
            report.add(entry, sub, "unknown-actor", no_actor(ref, actor_ids))
    seen: set[str] = set()
    for sub, ref in zip(refs, chain):
        if ref in seen:  # reported where it is written the second time
            report.add(entry, sub, "via-repeats",
                       f"{ref!r} appears twice in speaker and via; each actor the claim passed through is listed once")
            break
        seen.add(ref)
    _about(report, entry, actor_ids)
    claim_id = entry.get("id")
    for i, relation in enumerate(entry.get("relations") or ()):
        if claim_id is not None and relation.claim == claim_id:
            report.add(entry, ("relations", i, "claim"), "relation-self", "a claim cannot relate to itself")
        elif claim_ids is not None and relation.claim not in claim_ids:
            report.add(entry, ("relations", i, "claim"), "unknown-claim",
                       _no_claim(relation.claim, claim_ids, retirements, "relation"))
        elif relation.type == RelationType.FRAMES:
            _frames(report, entry, i, relation.claim, documents_of)
    for key in ("date", "event_date"):
        value = entry.get(key)
        if value and "/" in value and not entry.get("date_note") and "date_note" not in entry.bad:
            report.add(entry, (key,), "date-note-missing",
                       f"{value} is an interval resolved from the text; say in date_note how (CONTRIBUTING: Dates)")
    doc = by_doc.get(entry.raw.document or "")
    document = doc.entry if doc else None
    if document is None:
        return
    outlet, reposts = document.get("outlet"), document.get("reposts")
    # A misspelt outlet (or reposted agency) is reported once, on the document; judged
    # against it, every correct narrative claim would be told to copy the typo.
    voices_known = actor_ids is None or all(v is None or v in actor_ids for v in (outlet, reposts))
    if actor_ids is not None and outlet not in actor_ids:
        outlet = None
    if outlet is not None and via and outlet in via:
        report.add(entry, ("via",), "via-outlet", f"{outlet!r} publishes this document; the publisher is never part of via")
    known_speaker = speaker is not None and (actor_ids is None or speaker in actor_ids)
    if (entry.get("mode") == Mode.NARRATIVE and known_speaker and voices_known and outlet is not None
            and speaker not in (outlet, reposts)):
        voices = " or ".join(repr(v) for v in (outlet, reposts) if v)
        report.add(entry, ("speaker",), "narrative-speaker",
                   f"a narrative claim is in the outlet's own voice, so its speaker is {voices}, not {speaker!r}; "
                   "if someone else asserts it, use mode direct or indirect")
    quote = entry.get("quote")
    if quote is not None and doc is not None and doc.text is not None:
        _quote(report, entry, ("quote",), quote, doc.text)
    published = document.get("published")
    latest = dates.parse(published).latest if published else None
    for key in ("date", "event_date"):
        value = entry.get(key)
        earliest = dates.parse(value).earliest if value else None
        if latest and earliest and earliest > latest:
            report.add(entry, (key,), "date-after-publication",
                       f"{value} is after the document's publication ({published}); "
                       + ("a claim is dated when it was made" if key == "date"
                          else "a forecast's future event has no event_date"))
    # The outlet's own voice is asserted by publishing: its date is the publication's, and moves with it
    # (a reposted agency's voice is left out: the agency may have said it before the repost).
    value = entry.get("date")
    if (entry.get("mode") == Mode.NARRATIVE and outlet is not None and speaker == outlet and value and published
            and dates.days(value) != dates.days(published)):
        report.add(entry, ("date",), "narrative-date",
                   f"a narrative claim is the outlet's own voice, said when it published: its date is the "
                   f"document's published ({published}), not {value}")


def _frames(report: Report, entry: Entry, i: int, target: str, documents_of: dict[str, Optional[str]]) -> None:
    """A framing claim is the event that a statement was made, and frames claims of its own document."""
    claim_type = entry.get("type")
    if claim_type is not None and claim_type != ClaimType.EVENT:
        report.add(entry, ("relations", i, "type"), "frames-not-event",
                   f"only an event claim (the statement was made) frames other claims; this claim is {claim_type.value!r} "
                   "(CONTRIBUTING: Framing)")
    if target in documents_of and documents_of[target] != entry.raw.document:
        report.add(entry, ("relations", i, "claim"), "frames-other-document",
                   f"{target!r} is in document {documents_of[target]!r}; a framing introduces claims of its own "
                   "document (link the same statement in another document with restates)")


def _id_prefixes(report: Report, claims: list[Entry], by_doc: dict[str, _Doc]) -> None:
    """The claims of one document share their id's first segment, so an id tells its document.

    The prefix is the one most of the document's claims share, so a stray id is
    the one blamed wherever it stands; with no single such prefix the document
    gets one problem, not one per claim.
    """
    by_stem: dict[str, list[tuple[str, Entry]]] = {}
    for entry in claims:
        claim_id = entry.get("id")
        if claim_id is not None:
            by_stem.setdefault(entry.raw.document or "", []).append((claim_id.split("-", 1)[0], entry))
    for stem, ids in by_stem.items():
        counts = Counter(prefix for prefix, _ in ids).most_common()
        if len(counts) == 1:
            continue
        (expected, n), (_, runner_up) = counts[0], counts[1]
        if n == runner_up:
            tied = ", ".join(repr(prefix + "-") for prefix, count in counts if count == n)
            doc = by_doc.get(stem)
            where = doc.entry if doc is not None else ids[0][1]
            report.add(where, ("id",), "id-prefix",
                       f"the claim ids of this document share no one prefix: {n} start with each of {tied}; "
                       "give every claim of the document the same prefix (CONTRIBUTING: Record template)")
            continue
        example = next(entry.get("id") for prefix, entry in ids if prefix == expected)
        for prefix, entry in ids:
            if prefix != expected:
                report.add(entry, ("id",), "id-prefix",
                           f"claim ids of this document start with {expected + '-'!r} ({n} of {len(ids)}, as "
                           f"{example!r}); {entry.get('id')!r} does not")


def _coverage(report: Report, by_doc: dict[str, _Doc], claims: list[Entry], result: Checked) -> None:
    spans: dict[str, list[tuple[int, int]]] = {}
    unknown: set[str] = set()
    for entry in claims:
        quote = entry.get("quote")
        if quote is None:
            unknown.add(entry.raw.document or "")  # a claim of unknown span: coverage cannot be judged
        else:
            spans.setdefault(entry.raw.document or "", []).append((quote.start, quote.end))
    for stem, doc in by_doc.items():
        not_claims = doc.entry.get("not_claims")
        text = doc.text
        if text is None or stem in unknown or not_claims is None:
            why_not = ("its seed text cannot be read or is not the recorded one" if text is None
                       else "a claim's quote has no valid span yet (run `claimset fmt`)" if stem in unknown
                       else "its not_claims do not read")
            result.coverage[stem] = CoverageInput(text, why_not=why_not)
            continue
        doc_spans = spans.get(stem, []) + [(n.quote.start, n.quote.end) for n in not_claims]
        result.coverage[stem] = CoverageInput(text, tuple(doc_spans))
        for sentence in coverage.uncovered(text, doc_spans):
            report.add(doc.entry, ("not_claims",), "uncovered-sentence",
                       f"sentence at {sentence.start}:{sentence.end} is covered by no claim and is not listed "
                       f"in not_claims: {sentence.text!r}")
        for run in coverage.uncovered_runs(text, doc_spans):
            report.add(doc.entry, ("not_claims",), "uncovered-words",
                       f"{run.words} consecutive words at {run.start}:{run.end} of a sentence are covered by no claim "
                       f"and no not-claim (at most {coverage.RUN_LIMIT - 1} may be): {_shown(run.text)}; annotate the "
                       "assertion they make (a framing clause naming who speaks is a claim), or list them in not_claims")


def _shown(text: str, limit: int = 200) -> str:
    """``text`` quoted for a message, cut at ``limit`` characters."""
    return repr(text if len(text) <= limit else text[:limit] + "…")


def _no_claim(target: str, claim_ids: set[str], retirements: dict[str, RetiredClaim], what: str) -> str:
    """Why ``target`` names no claim: retired (when, why, and what to link to instead), or the nearest id."""
    record = retirements.get(target)
    if record is None:
        return f"no claim with id {target!r}{suggest(target, claim_ids)}"
    current = _replacements(record, claim_ids, retirements)
    instead = (f"point this {what} at {' or '.join(repr(c) for c in current)}, which replaced it" if current
               else f"it has no replacement: remove this {what} or point it at another claim")
    return f"{target!r} was retired in {record.retired_in} ({record.reason}); {instead}"


def _replacements(record: RetiredClaim, claim_ids: set[str], retirements: dict[str, RetiredClaim]) -> list[str]:
    """The current claims that replace a retired one, through replacements retired in turn."""
    found: list[str] = []
    pending, seen = list(record.replaced_by), {record.id}
    while pending:
        claim_id = pending.pop(0)
        if claim_id in seen:
            continue
        seen.add(claim_id)
        if claim_id in claim_ids:
            found.append(claim_id)
        elif claim_id in retirements:
            pending.extend(retirements[claim_id].replaced_by)
    return found


def _retired(
    report: Report, tree: Tree, retired: list[Entry], claim_ids: Optional[set[str]],
    retirements: dict[str, RetiredClaim],
) -> None:
    """Retired ids stay retired, and no released id disappears without a record."""
    if claim_ids is None:
        return
    retired_ids: set[str] = set()
    for entry in retired:
        record_id = entry.get("id")
        if record_id is None:
            continue
        if record_id in retired_ids:
            report.add(entry, ("id",), "duplicate-id", f"{record_id!r} is retired twice")
        retired_ids.add(record_id)
        if record_id in claim_ids:
            report.add(entry, ("id",), "retired-id-in-use", f"{record_id!r} is retired but a claim still uses it; ids are never reused")
        for i, target in enumerate(entry.get("replaced_by") or ()):
            if target not in claim_ids:
                report.add(entry, ("replaced_by", i), "unknown-claim",
                           _no_claim(target, claim_ids, retirements, "replacement"))
    for line, claim_id in tree.released_ids:
        if claim_id not in claim_ids and claim_id not in retired_ids:
            report.problems.append(Problem(
                "releases/latest-ids.txt", line, 1, "vanished-id", "",
                f"claim {claim_id!r} was published in the latest release and is gone; restore it, or retire it "
                "in claims/retired.yaml with a reason and its replacement",
            ))


# --- pydantic errors as contributor messages ---------------------------------

_CODES = {
    "missing": "missing-field",
    "extra_forbidden": "unknown-field",
    "enum": "unknown-term",
    "value_error": "invalid-value",
    "string_pattern_mismatch": "invalid-format",
    "string_too_short": "empty-value",
    "int_type": "wrong-type",
    "too_short": "empty-list",
    "greater_than_equal": "out-of-range",
}


def _describe(error: Any, model: type[BaseModel]) -> tuple[str, str]:
    kind = error["type"]
    code = _CODES.get(kind, "wrong-type" if kind.endswith("_type") or kind.endswith("_parsing") else kind.replace("_", "-"))
    message = error["msg"]
    if kind == "value_error":
        message = message.removeprefix("Value error, ")
    elif kind == "extra_forbidden":
        name = str(error["loc"][-1])
        message = f"unknown field {name!r}{suggest(name, _field_names(model, error['loc'][:-1]))}"
    elif kind == "string_too_short":
        message = "must not be empty"
    elif kind == "missing":
        message = f"required field {str(error['loc'][-1])!r} is missing"
    elif kind == "string_pattern_mismatch" and "a-z0-9" in str(error.get("ctx", {}).get("pattern", "")):
        message = f"{error['input']!r} is not an id: use lowercase letters, digits and single hyphens (no spaces, dots or slashes)"
    elif kind == "string_pattern_mismatch":
        message = f"{error['input']!r} does not have the expected form ({error['ctx']['pattern']})"
    elif kind == "enum":
        expected = error.get("ctx", {}).get("expected", "")
        terms = [t.strip(" '") for t in expected.replace(" or ", ", ").split(",")]
        hint = suggest(str(error["input"]), terms)
        message = f"{error['input']!r} is not a term of this vocabulary{hint or ''}; use one of {expected} (README: Vocabularies)"
    elif kind == "number_type" and isinstance(error["input"], str):
        message = f"expected a number, got the text {error['input']!r}: write the number without quotes"
    elif kind == "number_type":
        message = f"expected a number, written without quotes (got {kind_of(error['input'])})"
    elif code == "wrong-type" and _is_quote_offset(error["loc"]):
        message = (f"{message} (got {kind_of(error['input'])}): an offset is a whole number of characters from the "
                   "seed's start, written without quotes; or delete start: and end: and run `claimset fmt`, "
                   "which places the quote")
    elif code == "wrong-type":
        message = f"{message} (got {kind_of(error['input'])})"
    return code, message


def _is_quote_offset(loc: tuple) -> bool:
    # claims[i].quote.start, document.not_claims[i].quote.end, …
    return len(loc) >= 2 and loc[-1] in ("start", "end") and loc[-2] == "quote"


def _field_names(model: Any, loc: tuple) -> list[str]:
    """The field names allowed at ``loc`` inside ``model``."""
    for part in loc:
        if isinstance(part, int) or not (isinstance(model, type) and issubclass(model, BaseModel)):
            continue
        info = model.model_fields.get(part)
        if info is None:
            return []
        model = _inner_model(info.annotation)
    if isinstance(model, type) and issubclass(model, BaseModel):
        return list(model.model_fields)
    return []


def _inner_model(annotation: Any) -> Any:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()):
        found = _inner_model(arg)
        if found is not None:
            return found
    return None
