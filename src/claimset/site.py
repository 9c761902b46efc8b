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
from typing import Any, Iterable, Iterator, Optional

import jinja2
import markupsafe

from . import build, dates
from . import site_linked_data as linked
from . import site_search as search
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
ACTOR_PAGE = 50  # most claims (and documents) per list on one page of an actor: 100 passed 300 KB at 25k claims
# Most bytes of list items on one page of an actor, leaving room for the rest of the page within 300 KB.
ACTOR_PAGE_BYTES = 200_000

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


def review_warning(claim: Claim) -> Optional[str]:
    """The warnings a claim carries for readers, each as "kind: note", or None when it carries none."""
    return " · ".join(f"{w.kind.value}: {w.note}" for w in claim.review.warnings) or None


def warning_kinds(claim: Claim) -> str:
    """The kinds of a claim's warnings, for the marker's visible words ("public-record, ambiguity")."""
    return ", ".join(dict.fromkeys(w.kind.value for w in claim.review.warnings))


def period_keys(text: Optional[str]) -> list[str]:
    """The year ("2025") and month ("2025-11") a date falls in, where its bounds share them; [] for a wider span."""
    low, high = _bounds(text)
    if not low or not high or low.year != high.year:
        return []
    keys = [f"{low.year:04d}"]
    if low.month == high.month:
        keys.append(f"{low.year:04d}-{low.month:02d}")
    return keys


TIMELINE_WIDTH = 960
TIMELINE_LEFT = 90
LANE_HEIGHT = 80
MAX_MONTHS = 120  # a lane spanning more months than this is counted by year
MAX_YEARS = 200  # a lane spanning more years than this draws its latest MAX_YEARS (the rest are listed below)
LANES = (("said", "Said", "date"), ("happened", "Happened", "event_date"))


@dataclass(frozen=True)
class Bar:
    """One type's share of one period's column; it links to the claims it counts (a filtered view of the index)."""

    x: float
    y: float
    width: float
    height: float
    lane: str
    period: str
    type: str
    count: int
    label: str


def _period_text(period: str) -> str:
    return f"{MONTHS[int(period[5:]) - 1]} {period[:4]}" if len(period) == 7 else period


def timeline(claims: Iterable[Claim]) -> dict[str, Any]:
    """SVG geometry of claim counts per period and type, for when claims were made and when their events happened.

    A claim counts in the month its date falls in, or in its year where the lane spans more than MAX_MONTHS
    months. Dates known only to the year (in a lane drawn by month), and dates spanning years, are listed
    under the chart. The page grows with the number of periods, not of claims.
    """
    counts: dict[str, Counter] = {lane: Counter() for lane, _, _ in LANES}
    for claim in claims:
        for lane, _, field in LANES:
            value = getattr(claim, field)
            if value:
                keys = period_keys(value)
                counts[lane][(keys[-1] if keys else "", claim.type.value)] += 1
    plot = TIMELINE_WIDTH - TIMELINE_LEFT - 10
    lanes, bars, ticks = [], [], []
    top = 24.0
    for lane, title, _ in LANES:
        periods = {p for p, _ in counts[lane] if p}
        years = sorted({int(p[:4]) for p in periods})
        by_month = bool(years) and (years[-1] - years[0] + 1) * 12 <= MAX_MONTHS and any(len(p) == 7 for p in periods)
        if not years:
            columns = []
        elif by_month:
            columns = [f"{y:04d}-{m:02d}" for y in range(years[0], years[-1] + 1) for m in range(1, 13)]
        else:
            columns = [f"{y:04d}" for y in range(max(years[0], years[-1] - MAX_YEARS + 1), years[-1] + 1)]
        column_of = {c: i for i, c in enumerate(columns)}
        drawn: dict[str, Counter] = {}
        listed: dict[str, Counter] = {}  # periods not drawn: "" (wider than a year), a year in a monthly lane, …
        for (period, kind), n in counts[lane].items():
            column = period if by_month else period[:4]
            (drawn if column in column_of else listed).setdefault(column if column in column_of else period,
                                                                 Counter())[kind] += n
        step = plot / max(len(columns), 1)
        peak = max([sum(k.values()) for k in drawn.values()] + [1])
        for column, kinds in sorted(drawn.items()):
            x = TIMELINE_LEFT + column_of[column] * step
            base = top + LANE_HEIGHT
            for kind in sorted(kinds):
                height = max(LANE_HEIGHT * kinds[kind] / peak, 1.5)
                base -= height
                n = kinds[kind]
                label = f"{n} {kind} claim{'s' if n != 1 else ''}, {title.lower()} in {_period_text(column)}"
                bars.append(Bar(round(x, 1), round(base, 1), round(max(step - 1, 1), 1), round(height, 1),
                                lane, column, kind, n, label))
        every = 1 if by_month else max(1, -(-len(columns) // 40))
        for column, i in column_of.items():
            if (by_month and column.endswith("-01")) or (not by_month and i % every == 0):
                ticks.append({"x": round(TIMELINE_LEFT + i * step, 1), "y": top - 6, "label": column[:4]})
        others = [(p, sum(k.values())) for p, k in sorted(listed.items())]
        lanes.append({"name": lane, "title": title, "top": top, "height": LANE_HEIGHT, "by_month": by_month,
                      "others": others, "total": sum(counts[lane].values())})
        top += LANE_HEIGHT + 30
    return {"width": TIMELINE_WIDTH, "height": top - 20, "lanes": lanes, "bars": bars, "ticks": ticks}


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
        return [list(group.claims) for group in self.dataset.restatement_groups() if len(group.documents) > 1]


@dataclass(frozen=True)
class Listing:
    """A long list of the index, cut into pages: page 1 on the index, page n at `<kind>/<n>.html`."""

    kind: str
    title: str
    items: list
    per_page: int
    note: str = ""

    @property
    def total(self) -> int:
        return len(self.items)

    @property
    def pages(self) -> int:
        return max(1, -(-len(self.items) // self.per_page))

    def first(self, number: int) -> int:
        return (number - 1) * self.per_page

    def page(self, number: int) -> list:
        return self.items[self.first(number):self.first(number) + self.per_page]

    def href(self, number: int) -> str:
        """Page ``number``'s address from the site's root."""
        return f"index.html#h-{self.kind}" if number == 1 else f"{self.kind}/{number}.html"

    def near(self, number: int) -> list[int]:
        """The pages a pager links: the first two, the last two and two either side of ``number``."""
        wanted = {1, 2, self.pages - 1, self.pages, *range(number - 2, number + 3)}
        return sorted(n for n in wanted if 1 <= n <= self.pages)


# Items per page of the index's lists: page 1 of each fits on the index within its size budget.
LIST_PAGES = {"documents": 50, "restated": 10, "claims": 100, "speakers": 200, "retired": 25}


def _listings(dataset: Dataset, data: SiteData, ordered: list[Claim]) -> list[Listing]:
    speakers = sorted(dataset.actors.values(), key=lambda a: (a.name.en.lower(), a.id))
    return [
        Listing("documents", "Documents", list(dataset.documents.values()), LIST_PAGES["documents"]),
        Listing("restated", "The same statement in several documents", data.travelling(), LIST_PAGES["restated"],
                "Claims linked by restates across documents, each group earliest first, with the words each "
                "document quotes and what the annotators found differs."),
        Listing("claims", "Claims, earliest first", ordered, LIST_PAGES["claims"],
                "Every claim in date order; search and filter above to narrow them."),
        Listing("speakers", "Who speaks and who passes it on", speakers, LIST_PAGES["speakers"]),
        Listing("retired", "Retired claim ids", list(dataset.retired), LIST_PAGES["retired"],
                "Claims published and then withdrawn. Their ids are never reused, and a link citing one says why "
                "it was retired."),
    ]


def _type_counts(dataset: Dataset) -> list[tuple[str, str, int]]:
    counts = Counter(c.type.value for c in dataset.claims)
    return sorted((key, key, n) for key, n in counts.items())


def actor_page(actor_id: str, number: int) -> str:
    """The file of an actor's page ``number``: `<id>.html`, then `<id>.p2.html`, … (no id holds a dot)."""
    return f"{actor_id}.html" if number == 1 else f"{actor_id}.p{number}.html"


def _prefix(claim_id: str) -> str:
    """The shard of ids/ a claim id is listed in: the id up to its first hyphen (ids are slugs: a safe file name)."""
    return claim_id.split("-", 1)[0]


def _script_json(value: Any) -> str:
    """``value`` as JSON safe inside a script: ASCII only (no U+2028/2029) and no "</"."""
    return json.dumps(value, ensure_ascii=True, sort_keys=True).replace("<", "\\u003c")


def files(dataset: Dataset, version: str) -> Iterator[tuple[str, bytes]]:
    """Every file of the site but the search index and the manifest: (relative path, bytes), each as it is made.

    Nothing rendered is kept once it has been handed on, so the memory this takes does not grow with the site.
    """
    reserved = sorted(set(dataset.documents) & set(RESERVED_DOCUMENT_IDS))
    if reserved:  # validate refuses them (reserved-document-id); a dataset built without it lands here
        raise ValueError(f"document id(s) {', '.join(reserved)}: names of the site's own pages")
    env = _environment()
    data = SiteData(dataset)
    env.globals.update(
        site=data, describe_date=describe_date, precision=precision, version=version, assets=ASSETS,
        actors_dir=ACTORS_DIR, generator=GENERATOR, review_warning=review_warning,
        warning_kinds=warning_kinds,
    )
    ordered = _ordered(dataset)
    # Claims per document and per (document, mode), counted in one pass rather than once per document.
    counts: Counter = Counter()
    for claim in dataset.claims:
        counts[(claim.document, None)] += 1
        counts[(claim.document, claim.mode.value)] += 1
    said_counts = Counter(c.speaker for c in dataset.claims)
    env.globals.update(counts=counts, said_counts=said_counts)
    lists = _listings(dataset, data, ordered)
    yield "index.html", env.get_template("index.html").render(
        base="", total=len(ordered), timeline=timeline(dataset.claims), types=_type_counts(dataset),
        lists={listing.kind: listing for listing in lists}, ordered_lists=lists, filter_names=search.FILTERS,
        linked_data=linked.script(linked.dataset(dataset, version)),
    ).encode("utf-8")
    listing_page = env.get_template("listing.html")
    for listing in lists:
        for number in range(2, listing.pages + 1):
            yield listing.href(number), listing_page.render(base="../", listing=listing, number=number).encode("utf-8")
    # Grouped once, so the pages cost time linear in the data, not documents × claims.
    of_document: dict[str, list[Claim]] = {}
    for claim in dataset.claims:
        of_document.setdefault(claim.document, []).append(claim)
    said_by: dict[str, list[Claim]] = {}
    relayed_by: dict[str, list[Claim]] = {}
    about_of: dict[str, list[Claim]] = {}
    for claim in ordered:
        said_by.setdefault(claim.speaker, []).append(claim)
        for relay in dict.fromkeys(claim.via):
            relayed_by.setdefault(relay, []).append(claim)
        for subject in dict.fromkeys(claim.about):
            about_of.setdefault(subject, []).append(claim)
    published_by: dict[str, list[Document]] = {}
    for document in dataset.documents.values():
        for actor_id in dict.fromkeys(a for a in (document.outlet, document.reposts) if a):
            published_by.setdefault(actor_id, []).append(document)
    document_page = env.get_template("document.html")
    for doc_id, document in dataset.documents.items():
        mine = of_document.get(doc_id, [])
        yield f"{doc_id}.html", document_page.render(
            base="", document=document, claims=mine, segments=segments(document, mine),
            warned_ids=[c.id for c in mine if review_warning(c)],
            linked_data=linked.script(linked.document_page(dataset, document, mine)),
        ).encode("utf-8")
    notice = env.get_template("retired_notice.html")
    retired_by_prefix: dict[str, dict[str, str]] = {}
    for record in dataset.retired:
        retired_by_prefix.setdefault(_prefix(record.id), {})[record.id] = notice.render(retired=record).strip()
    shards = data.id_shards()
    for prefix in sorted(set(shards) | set(retired_by_prefix)):
        yield f"{IDS_DIR}/{prefix}.js", (
            f"claimsetIds({_script_json(prefix)}, {_script_json(shards.get(prefix, {}))}, "
            f"{_script_json(retired_by_prefix.get(prefix, {}))});\n"
        ).encode("utf-8")
    actor_template = env.get_template("actor.html")
    claim_item = env.get_template("_macros.html").module.claim_item  # type: ignore[attr-defined]
    for actor_id, actor in dataset.actors.items():
        said = said_by.get(actor_id, [])
        relayed = relayed_by.get(actor_id, [])
        published = published_by.get(actor_id, [])
        about = about_of.get(actor_id, [])
        # Each item is rendered once, and an actor's lists are cut into pages of at most ACTOR_PAGE items
        # and ACTOR_PAGE_BYTES bytes of them, so no page grows with the data, however long its claims.
        said_items = [claim_item(c, "../", show_speaker=False) for c in said]
        relayed_items = [claim_item(c, "../") for c in relayed]
        about_items = [claim_item(c, "../") for c in about]
        sizes = [sum(_utf8_size(items[i]) for items in (said_items, relayed_items, about_items) if i < len(items))
                 + (_document_item_size(published[i]) if i < len(published) else 0)
                 for i in range(max(len(said), len(relayed), len(about), len(published)))]
        starts = page_starts(sizes, ACTOR_PAGE, ACTOR_PAGE_BYTES)
        ends = starts[1:] + [len(sizes)]
        page_names = [actor_page(actor_id, n) for n in range(1, len(starts) + 1)]
        for number, (first, last) in enumerate(zip(starts, ends), start=1):
            yield f"{ACTORS_DIR}/{page_names[number - 1]}", actor_template.render(
                base="../", actor=actor, said=said, relayed=relayed, about=about, published=published,
                said_items=said_items, relayed_items=relayed_items, about_items=about_items, window=slice(first, last),
                first=first, page=number, pages=len(starts), page_names=page_names, first_page_items=ends[0],
            ).encode("utf-8")
    static = resources.files("claimset") / "templates" / "site" / "static"
    for name in STATIC_FILES:
        yield f"{ASSETS}/{name}", (static / name).read_bytes()


def _utf8_size(text: str) -> int:
    return len(text.encode("utf-8"))


def _document_item_size(document: Document) -> int:
    """An upper bound of the bytes of a document's line on an actor's page (its markup, id twice, title escaped)."""
    return 160 + 2 * len(document.id) + _utf8_size(str(markupsafe.escape(document.title or "")))


def page_starts(sizes: list[int], most: int, budget: int) -> list[int]:
    """Where each page of a list starts: runs of at most ``most`` items whose ``sizes`` add up to at most
    ``budget`` (an item larger than the budget gets a page of its own). One page for an empty list."""
    starts, total, count = [0], 0, 0
    for i, size in enumerate(sizes):
        if count and (count == most or total + size > budget):
            starts.append(i)
            total = count = 0
        total += size
        count += 1
    return starts


def _ordered(dataset: Dataset) -> list[Claim]:
    """The claims earliest first (the index's order and the search's)."""
    return sorted(dataset.claims, key=lambda c: (_chronology(c), c.id))


def _records(dataset: Dataset) -> Iterator[str]:
    """The search index's records, one per claim, in the index's order."""
    for order, claim in enumerate(_ordered(dataset)):
        yield search.record(dataset, claim, order, review_warning(claim), period_keys)


def _manifest(names: Iterable[str]) -> bytes:
    return "".join(f"{name}\n" for name in sorted([*names, MANIFEST])).encode("utf-8")


def pages(dataset: Dataset, version: str, with_search: bool = True) -> dict[str, bytes]:
    """Every file of the site in memory: relative path → bytes (without the search index when ``with_search``
    is false). For tests and small data: `write` writes the same files without holding them."""
    out = dict(files(dataset, version))
    if with_search:
        out.update(search.index_files(_records(dataset)))
    out[MANIFEST] = _manifest(out)
    return out


def write(dataset: Dataset, version: str, out: Path) -> tuple[int, int]:
    """Write the site into ``out``, each file as it is rendered, replacing ``out`` whole once all are written
    (atomically: on any failure ``out`` is left as it was). Returns how many files and bytes it wrote."""
    names: list[str] = []
    size = 0
    with build.staged(out) as staging:
        for name, data in files(dataset, version):
            build.write_file(staging, name, data)
            names.append(name)
            size += len(data)
        for name in search.write_index(_records(dataset), staging):
            names.append(name)
            size += (staging / name).stat().st_size
        manifest = _manifest(names)
        build.write_file(staging, MANIFEST, manifest)
    return len(names) + 1, size + len(manifest)


def check_output(out: Path, root: Path) -> None:
    """Refuse to replace a directory that holds anything but a previous site (see `build.check_output`)."""
    build.check_output(out, root, kind="site", command="site", is_previous=_is_site,
                       how_known="no index.html written by `claimset site`",
                       unwritten=_unwritten, how_listed=f"its {MANIFEST} does not list")


def _unwritten(directory: Path) -> list[str]:
    """What in a previous site no `claimset site` wrote: each file (or empty folder) its manifest does not list.

    A site written before there was a manifest is judged by the names a site has:
    index.html and <doc-id>.html, actors/<actor-id>.html (and .p2.html, …), ids/<prefix>.js, the assets,
    the index's list pages (claims/2.html, …) and Pagefind's files (pagefind/…).
    """
    manifest = directory / MANIFEST
    if manifest.is_file():
        listed = set(manifest.read_text(encoding="utf-8", errors="replace").splitlines())
        written = listed.__contains__
    else:
        own = re.compile(rf"[a-z0-9-]+\.html|{ACTORS_DIR}/[a-z0-9-]+(\.p[0-9]+)?\.html|{IDS_DIR}/[a-z0-9]+\.js|"
                         rf"{ASSETS}/({'|'.join(map(re.escape, STATIC_FILES))})|"
                         rf"({'|'.join(LIST_PAGES)})/[0-9]+\.html|{search.FOLDER}/[A-Za-z0-9_./-]+")
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
