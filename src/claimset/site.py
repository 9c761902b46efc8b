"""`claimset site`: a static, self-contained site for reading the claims.

Pages: `index.html` (documents, a timeline, filters over every claim),
`<doc-id>.html` (the source text with every claim highlighted; `#claim-id`
selects a claim) and `actors/<actor-id>.html` (roles and claims in date order).
Everything is rendered with the Jinja2 templates in `templates/site/`; CSS and
JavaScript are local files, so the pages make no request and work from `file://`.
The same data gives byte-identical pages.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections import Counter
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any, Iterable, Optional

import jinja2

from . import build, dates
from .check import RESERVED_DOCUMENT_IDS
from .dataset import Dataset
from .models import Actor, Claim, Document, RetiredClaim, Role

GENERATOR = "claimset site"
# Every file a site holds, one path a line: what `site --out` may replace, and nothing else.
MANIFEST = "assets/files.txt"
STATIC_FILES = ("site.css", "site.js")
ASSETS = "assets"
ACTORS_DIR = "actors"
IDS_DIR = "ids"  # ids/<prefix>.js: which page shows each claim, by id prefix
ACTOR_PAGE = 100  # claims (and documents) per list on one page of an actor

# A word that could be a claim id (a slug with at least one hyphen), in a retired claim's reason.
SLUG_IN_TEXT = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)+")

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")


def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.PackageLoader("claimset", "templates/site"),
        autoescape=jinja2.select_autoescape(["html", "svg"]),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


# Dates -----------------------------------------------------------------------


def _point_text(point: dates.DatePoint) -> str:
    if point.day:
        text = f"{point.day} {MONTHS[point.month - 1]} {point.year}"  # type: ignore[operator]
    elif point.month:
        text = f"{MONTHS[point.month - 1]} {point.year}"
    else:
        text = str(point.year)
    qualifiers = [q for q, on in (("approximate", point.approximate), ("uncertain", point.uncertain)) if on]
    return text + (f" ({', '.join(qualifiers)})" if qualifiers else "")


def describe_date(text: str) -> str:
    """A reader's wording of an EDTF date: '4 November 2025', 'no later than 1 November 2025' …"""
    value = dates.parse(text)
    if not value.interval:
        return _point_text(value.start)  # type: ignore[arg-type]
    if value.start and value.end:
        return f"between {_point_text(value.start)} and {_point_text(value.end)}"
    if value.end:
        return f"no later than {_point_text(value.end)}"
    return f"from {_point_text(value.start)} on"  # type: ignore[arg-type]


def precision(text: str) -> str:
    value = dates.parse(text)
    if value.interval:
        open_end = value.start is None or value.end is None
        return "interval, open at one end" if open_end else "interval"
    return f"{value.precision} precision"


def _bounds(text: Optional[str]) -> tuple[Optional[dt.date], Optional[dt.date]]:
    if not text:
        return None, None
    value = dates.parse(text)
    return value.earliest, value.latest


def roles_at(actor: Actor, when: str) -> list[Role]:
    """The roles whose period can overlap ``when``; a role with no known period is kept (its note says when)."""
    low, high = _bounds(when)
    held = []
    for role in actor.roles:
        start = _bounds(role.start)[0]
        end = _bounds(role.end)[1]
        if start and high and start > high:
            continue
        if end and low and end < low:
            continue
        held.append(role)
    return held


def _chronology(claim: Claim) -> tuple:
    low, high = _bounds(claim.date)
    return (high or low, low or high, claim.document, claim.quote.start)


# Text segments -----------------------------------------------------------------


@dataclass(frozen=True)
class Segment:
    """A stretch of a source text covered by the same claims (shortest first) and not-claim spans."""

    text: str
    claims: tuple[str, ...]
    not_claim: Optional[str]


def segments(document: Document, claims: Iterable[Claim]) -> list[Segment]:
    """Split the text at every span boundary, so overlapping claims are each fully highlighted."""
    text = document.text
    claims = list(claims)
    spans = [(c.quote.start, c.quote.end) for c in claims] + [(n.quote.start, n.quote.end) for n in document.not_claims]
    cuts = sorted({0, len(text), *(p for span in spans for p in span)})
    out: list[Segment] = []
    for start, end in zip(cuts, cuts[1:]):
        covering = sorted(
            (c for c in claims if c.quote.start <= start and end <= c.quote.end),
            key=lambda c: (c.quote.end - c.quote.start, c.quote.start, c.id),
        )
        reason = next(
            (n.reason.value for n in document.not_claims if n.quote.start <= start and end <= n.quote.end), None
        )
        segment = Segment(text[start:end], tuple(c.id for c in covering), reason)
        if out and (out[-1].claims, out[-1].not_claim) == (segment.claims, segment.not_claim):
            out[-1] = Segment(out[-1].text + segment.text, segment.claims, segment.not_claim)
        else:
            out.append(segment)
    return out


# Timeline --------------------------------------------------------------------


@dataclass(frozen=True)
class Mark:
    claim: Claim
    lane: str
    x: float
    width: float
    y: float
    open_start: bool
    open_end: bool
    label: str


TIMELINE_WIDTH = 960
TIMELINE_LEFT = 90
ROW_HEIGHT = 7
OPEN_TAIL = 40
MAX_YEAR_TICKS = 40
LANES = (("said", "Said", "date"), ("happened", "Happened", "event_date"))


def timeline(claims: list[Claim]) -> dict[str, Any]:
    """SVG geometry: one lane for when claims were made, one for when the events they report happened."""
    bounds = [b for c in claims for f in ("date", "event_date") for b in _bounds(getattr(c, f)) if b]
    first = dt.date(min(bounds).year, 1, 1)
    last = dt.date(max(bounds).year, 12, 31)
    span = (last - first).days
    plot = TIMELINE_WIDTH - TIMELINE_LEFT - 10

    def x(day: dt.date, after: bool = False) -> float:
        # `after`: the right edge of the day, so 9999-12-31 needs no day that `date` cannot hold.
        return round(TIMELINE_LEFT + plot * ((day - first).days + after) / span, 1)

    marks: list[Mark] = []
    lanes = []
    top = 30.0
    for lane, title, field in LANES:
        rows: list[float] = []  # the right edge of the last mark in each row
        placed = []
        for claim in sorted((c for c in claims if getattr(c, field)), key=lambda c: (_chronology(c), c.id)):
            value = getattr(claim, field)
            low, high = _bounds(value)
            assert low or high, f"{claim.id}: {field} {value!r} has no closed end"  # dates.parse refuses those
            # An open end is drawn as a short fading tail from the closed one, not
            # as a bar to the edge of the chart, which would read as a long period.
            if high:
                right = x(high, after=True)
            else:
                right = min(x(low) + OPEN_TAIL, TIMELINE_LEFT + plot)  # type: ignore[arg-type]
            left = x(low) if low else max(right - OPEN_TAIL, TIMELINE_LEFT)
            width = max(round(right - left, 1), 3.0)
            row = next((i for i, edge in enumerate(rows) if edge + 2 <= left), len(rows))
            if row == len(rows):
                rows.append(0.0)
            rows[row] = left + width
            placed.append((claim, left, width, row, low is None, high is None, value))
        height = max(len(rows), 1) * ROW_HEIGHT
        for claim, left, width, row, open_start, open_end, value in placed:
            label = f"{claim.english} ({title.lower()}: {describe_date(value)})"
            marks.append(Mark(claim, lane, left, width, top + row * ROW_HEIGHT, open_start, open_end, label))
        lanes.append({"name": lane, "title": title, "top": top, "height": height})
        top += height + 18
    ticks = []
    years = last.year - first.year + 1
    # Quarters over a few years; over centuries (an event dated 1147), a year every so often.
    every = 1 if years <= MAX_YEAR_TICKS else -(-years // MAX_YEAR_TICKS)
    for year in range(first.year, last.year + 1, every):
        for month in (1, 4, 7, 10) if every == 1 else (1,):
            day = dt.date(year, month, 1)
            ticks.append({"x": x(day), "label": str(year) if month == 1 else MONTHS[month - 1][:3], "major": month == 1})
    return {"width": TIMELINE_WIDTH, "height": top, "axis": top - 10, "lanes": lanes, "marks": marks, "ticks": ticks}


# Pages -----------------------------------------------------------------------


class SiteData:
    """What the templates need, computed once from the dataset."""

    def __init__(self, dataset: Dataset):
        self.dataset = dataset
        self.claims = {c.id: c for c in dataset.claims}
        self.incoming: dict[str, list[tuple[str, Claim]]] = {}
        for claim in dataset.claims:
            for relation in claim.relations:
                self.incoming.setdefault(relation.claim, []).append((relation.type.value, claim))

    def document_title(self, doc_id: str) -> str:
        return self.dataset.documents[doc_id].title or "(no headline)"

    def actor_name(self, actor_id: str) -> str:
        return self.dataset.actors[actor_id].name.en

    def claim_url(self, claim: Claim) -> str:
        """The claim's stable address, relative to the site's root."""
        return f"{claim.document}.html#{claim.id}"

    def chain(self, claim: Claim) -> list[dict[str, Any]]:
        """Speaker, then each relay innermost first, then the document's publisher."""
        document = self.dataset.documents[claim.document]
        links = [("said by", claim.speaker)] + [("passed on by", a) for a in claim.via]
        if document.reposts and document.reposts not in (claim.speaker, *claim.via):
            links.append(("reported by", document.reposts))
        if document.outlet not in (claim.speaker, *claim.via):
            links.append(("published by", document.outlet))
        return [
            {"how": how, "actor": self.dataset.actors[a], "roles": roles_at(self.dataset.actors[a], claim.date)}
            for how, a in links
        ]

    def search_names(self, claim: Claim) -> str:
        """The speaker's and every relay's id and names in Russian and English, for the index's search.

        A list item shows English names alone, so without these a Russian name finds
        only the claims whose quotes mention the person, never those they made.
        """
        actors = [self.dataset.actors[a] for a in (claim.speaker, *claim.via)]
        return " ".join(w for a in actors for w in (a.id, a.name.ru, a.name.en) if w)

    def id_shards(self) -> dict[str, dict[str, str]]:
        """Each claim id → its page, in one map per id prefix (the part before the first hyphen).

        A document page loads the one map a cited id needs (ids/<prefix>.js) when the id is not its own,
        so no page carries every claim: a page's size does not grow with the dataset.
        """
        shards: dict[str, dict[str, str]] = {}
        for claim in self.dataset.claims:
            shards.setdefault(_prefix(claim.id), {})[claim.id] = f"{claim.document}.html"
        return shards

    def with_claim_links(self, text: str) -> list[tuple[str, Optional[Claim]]]:
        """``text`` cut into plain parts and the ids of existing claims it names, each with its claim."""
        parts: list[tuple[str, Optional[Claim]]] = []
        last = 0
        for match in SLUG_IN_TEXT.finditer(text):
            claim = self.claims.get(match.group())
            if claim is not None:
                parts += [(text[last:match.start()], None), (match.group(), claim)]
                last = match.end()
        return parts + [(text[last:], None)]

    @property
    def retired(self) -> tuple[RetiredClaim, ...]:
        return self.dataset.retired

    def appearances(self, claim: Claim) -> list[Claim]:
        return list(self.dataset.appearances(claim.id))

    def travelling(self) -> list[list[Claim]]:
        """Statements restated across documents: each group's appearances, earliest first."""
        groups: list[list[Claim]] = []
        seen: set[str] = set()
        # A claim summing up several statements joins each of their groups, but is no group's seed.
        summaries = self.dataset._restatements[1]
        for claim in self.dataset.claims:
            if claim.id in seen or claim.id in summaries:
                continue
            group = self.appearances(claim)
            seen.update(c.id for c in group)
            if len({c.document for c in group}) > 1:
                groups.append(group)
        return sorted(groups, key=lambda g: (_chronology(g[0]), g[0].id))


def _filters(dataset: Dataset) -> dict[str, list[tuple[str, str, int]]]:
    def options(counts: Counter, label) -> list[tuple[str, str, int]]:
        return sorted(((key, label(key), n) for key, n in counts.items()), key=lambda o: o[1].lower())

    claims = dataset.claims
    return {
        "type": options(Counter(c.type.value for c in claims), str),
        "speaker": options(Counter(c.speaker for c in claims), lambda a: dataset.actors[a].name.en),
        "topic": options(Counter(t.value for c in claims for t in c.topics), str),
        "document": options(
            Counter(c.document for c in claims),
            lambda d: f"{dataset.documents[d].published} · {dataset.documents[d].title or d}",
        ),
    }


def actor_page(actor_id: str, number: int) -> str:
    """The file of an actor's page ``number``: `<id>.html`, then `<id>.p2.html`, … (no id holds a dot)."""
    return f"{actor_id}.html" if number == 1 else f"{actor_id}.p{number}.html"


def _prefix(claim_id: str) -> str:
    """The shard of ids/ a claim id is listed in: the id up to its first hyphen (ids are slugs: a safe file name)."""
    return claim_id.split("-", 1)[0]


def _script_json(value: Any) -> str:
    """``value`` as JSON safe inside a script: ASCII only (no U+2028/2029) and no "</"."""
    return json.dumps(value, ensure_ascii=True, sort_keys=True).replace("<", "\\u003c")


def pages(dataset: Dataset, version: str) -> dict[str, bytes]:
    """Every file of the site: relative path → bytes."""
    env = _environment()
    data = SiteData(dataset)
    env.globals.update(
        site=data, describe_date=describe_date, precision=precision, version=version, assets=ASSETS,
        actors_dir=ACTORS_DIR, generator=GENERATOR,
    )
    ordered = sorted(dataset.claims, key=lambda c: (_chronology(c), c.id))
    files: dict[str, str] = {}
    # Claims per document and per (document, mode), counted in one pass rather than once per document.
    counts: Counter = Counter()
    for claim in dataset.claims:
        counts[(claim.document, None)] += 1
        counts[(claim.document, claim.mode.value)] += 1
    files["index.html"] = env.get_template("index.html").render(
        base="", claims=ordered, counts=counts, timeline=timeline(list(dataset.claims)), filters=_filters(dataset),
        documents=list(dataset.documents.values()),
        speakers=sorted(dataset.actors.values(), key=lambda a: a.name.en.lower()),
    )
    # Grouped once, so the pages cost time linear in the data, not documents × claims.
    of_document: dict[str, list[Claim]] = {}
    for claim in dataset.claims:
        of_document.setdefault(claim.document, []).append(claim)
    said_by: dict[str, list[Claim]] = {}
    relayed_by: dict[str, list[Claim]] = {}
    for claim in ordered:
        said_by.setdefault(claim.speaker, []).append(claim)
        for relay in dict.fromkeys(claim.via):
            relayed_by.setdefault(relay, []).append(claim)
    published_by: dict[str, list[Document]] = {}
    for document in dataset.documents.values():
        for actor_id in dict.fromkeys(a for a in (document.outlet, document.reposts) if a):
            published_by.setdefault(actor_id, []).append(document)
    for doc_id, document in dataset.documents.items():
        mine = of_document.get(doc_id, [])
        files[f"{doc_id}.html"] = env.get_template("document.html").render(
            base="", document=document, claims=mine, segments=segments(document, mine),
        )
    notice = env.get_template("retired_notice.html")
    retired_by_prefix: dict[str, dict[str, str]] = {}
    for record in dataset.retired:
        retired_by_prefix.setdefault(_prefix(record.id), {})[record.id] = notice.render(retired=record).strip()
    shards = data.id_shards()
    for prefix in sorted(set(shards) | set(retired_by_prefix)):
        files[f"{IDS_DIR}/{prefix}.js"] = (
            f"claimsetIds({_script_json(prefix)}, {_script_json(shards.get(prefix, {}))}, "
            f"{_script_json(retired_by_prefix.get(prefix, {}))});\n"
        )
    for actor_id, actor in dataset.actors.items():
        said = said_by.get(actor_id, [])
        relayed = relayed_by.get(actor_id, [])
        published = published_by.get(actor_id, [])
        # An actor with thousands of claims gets pages of ACTOR_PAGE items per list, so no page grows with the data.
        count = max(1, *(-(-len(items) // ACTOR_PAGE) for items in (said, relayed, published)))
        for number in range(1, count + 1):
            window = slice((number - 1) * ACTOR_PAGE, number * ACTOR_PAGE)
            files[f"{ACTORS_DIR}/{actor_page(actor_id, number)}"] = env.get_template("actor.html").render(
                base="../", actor=actor, said=said, relayed=relayed, published=published, window=window,
                first=(number - 1) * ACTOR_PAGE, page=number, pages=count,
                page_names=[actor_page(actor_id, n) for n in range(1, count + 1)],
            )
    out = {name: text.encode("utf-8") for name, text in files.items()}
    static = resources.files("claimset") / "templates" / "site" / "static"
    for name in STATIC_FILES:
        out[f"{ASSETS}/{name}"] = (static / name).read_bytes()
    reserved = sorted(set(dataset.documents) & set(RESERVED_DOCUMENT_IDS))
    if reserved:  # validate refuses them (reserved-document-id); a dataset built without it lands here
        raise ValueError(f"document id(s) {', '.join(reserved)}: names of the site's own pages")
    out[MANIFEST] = "".join(f"{name}\n" for name in sorted([*out, MANIFEST])).encode("utf-8")
    return out


def check_output(out: Path, root: Path) -> None:
    """Refuse to replace a directory that holds anything but a previous site (see `build.check_output`)."""
    build.check_output(out, root, kind="site", command="site", is_previous=_is_site,
                       how_known="no index.html written by `claimset site`",
                       unwritten=_unwritten, how_listed=f"its {MANIFEST} does not list")


def _unwritten(directory: Path) -> list[str]:
    """What in a previous site no `claimset site` wrote: each file (or empty folder) its manifest does not list.

    A site written before there was a manifest is judged by the names a site has:
    index.html and <doc-id>.html, actors/<actor-id>.html (and .p2.html, …), ids/<prefix>.js and the assets.
    """
    manifest = directory / MANIFEST
    if manifest.is_file():
        listed = set(manifest.read_text(encoding="utf-8", errors="replace").splitlines())
        written = listed.__contains__
    else:
        own = re.compile(rf"[a-z0-9-]+\.html|{ACTORS_DIR}/[a-z0-9-]+(\.p[0-9]+)?\.html|{IDS_DIR}/[a-z0-9]+\.js|"
                         rf"{ASSETS}/({'|'.join(map(re.escape, STATIC_FILES))})")
        written = own.fullmatch  # type: ignore[assignment]
    found = []
    for path in sorted(directory.rglob("*")):
        name = path.relative_to(directory).as_posix()
        if path.is_dir() and not path.is_symlink():
            if not any(path.iterdir()):
                found.append(name + "/")
        elif not written(name):
            found.append(name)
    return found


def _is_site(directory: Path) -> bool:
    index = directory / "index.html"
    return index.is_file() and f'content="{GENERATOR}"' in index.read_text("utf-8", "replace")
