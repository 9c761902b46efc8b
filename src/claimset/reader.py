"""What `claimset search` and `claimset show` print: claims as a terminal table, JSON or CSV, and one claim in full.

Text from the data is printed as it is in JSON and CSV (valid data holds no
control character but the line feed, and JSON escapes that); in the table and
in `show` every control character is shown as an escape (`escape.controls`),
so no text can move the cursor, change colours or reorder what is shown.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Iterable, Optional

from .escape import CONTROL, controls

if TYPE_CHECKING:
    from .dataset import Dataset
    from .models import Claim

FORMATS = ("table", "json", "csv")

# The columns of a claim in the table, JSON and CSV output: what a reader needs to find it and judge it.
COLUMNS = (
    "id", "document", "date", "event_date", "type", "mode", "speaker", "speaker_name", "via", "via_names",
    "about", "about_names", "quote", "english", "review_status", "warning_kinds", "review_note",
)
# The table shows these, the quote cut to the terminal's width; `show` gives the rest.
TABLE_COLUMNS = ("id", "date", "speaker", "quote")
# Marks the quote within its sentence in `show`'s text.
QUOTE_OPEN, QUOTE_CLOSE = "[[", "]]"
# `show` gives at most this many characters of context on each side of a quote, whatever the sentences' length.
CONTEXT_AT_MOST = 600


def _name(dataset: "Dataset", actor_id: str) -> str:
    actor = dataset.actors.get(actor_id)
    return actor.name.en if actor is not None else actor_id


def row(dataset: "Dataset", claim: "Claim") -> dict[str, Any]:
    """A claim as one row of `COLUMNS`; lists (`via`, `about`, their names, `warning_kinds`) as lists."""
    return {
        "id": claim.id,
        "document": claim.document,
        "date": claim.date,
        "event_date": claim.event_date,
        "type": claim.type.value,
        "mode": claim.mode.value,
        "speaker": claim.speaker,
        "speaker_name": _name(dataset, claim.speaker),
        "via": list(claim.via),
        "via_names": [_name(dataset, actor) for actor in claim.via],
        "about": list(claim.about),
        "about_names": [_name(dataset, actor) for actor in claim.about],
        "quote": claim.quote.text,
        "english": claim.english,
        "review_status": claim.review.status.value,
        "warning_kinds": [warning.kind.value for warning in claim.review.warnings],
        "review_note": claim.review.note,
    }


def as_json(value: Any) -> str:
    """JSON text with every control and reordering character in a string as a \\u escape.

    json.dumps escapes C0 controls in strings itself, so a raw line feed left is the layout's.
    """
    text = json.dumps(value, ensure_ascii=False, indent=2)
    return CONTROL.sub(lambda m: m.group() if m.group() == "\n" else f"\\u{ord(m.group()):04x}", text)


def as_csv(rows: Iterable[dict[str, Any]], columns: tuple[str, ...]) -> str:
    """CSV with a header; a list is `;`-joined, as in the release's CSV files; None is empty."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    for item in rows:
        writer.writerow(
            ";".join(value) if isinstance(value, list) else ("" if value is None else value)
            for value in (item[c] for c in columns)
        )
    return out.getvalue()


def as_table(rows: list[dict[str, Any]], width: int) -> str:
    """The rows as aligned columns of `TABLE_COLUMNS` on one line each, the last cut with … to fit ``width``."""
    cells = [[controls(str(item[c] if item[c] is not None else "")) for c in TABLE_COLUMNS] for item in rows]
    header = [c.upper() for c in TABLE_COLUMNS]
    widths = [max(len(line[i]) for line in [header, *cells]) for i in range(len(TABLE_COLUMNS) - 1)]
    left = sum(widths) + 2 * len(widths)
    room = max(20, width - left)
    lines = []
    for line in [header, *cells]:
        last = line[-1] if len(line[-1]) <= room else line[-1][: room - 1] + "…"
        lines.append("  ".join(cell.ljust(w) for cell, w in zip(line, widths)) + "  " + last)
    return "\n".join(line.rstrip() for line in lines)


@dataclass(frozen=True)
class Context:
    """A quote within the sentences around it: the text before it, the quote, the text after it."""

    before: str
    quote: str
    after: str

    def marked(self) -> str:
        return f"{self.before}{QUOTE_OPEN}{self.quote}{QUOTE_CLOSE}{self.after}"


def context(text: str, start: int, end: int) -> Context:
    """The sentences of ``text`` that the span ``start``–``end`` overlaps, split at the span; each side bounded."""
    from .coverage import sentences

    # Only the quote's own lines are split into sentences: the cost is the paragraph's, not the document's.
    first_line = text.count("\n", 0, start)
    last_line = first_line + text.count("\n", start, end)
    overlapping = [s for s in sentences(text, lines=set(range(first_line, last_line + 1)))
                   if s.start < end and start < s.end]
    low = min((s.start for s in overlapping), default=start)
    high = max((s.end for s in overlapping), default=end)
    low, high = max(low, start - CONTEXT_AT_MOST), min(high, end + CONTEXT_AT_MOST)
    before = ("…" if low > 0 and text[low - 1] != "\n" and low == start - CONTEXT_AT_MOST else "") + text[low:start]
    after = text[end:high] + ("…" if high == end + CONTEXT_AT_MOST and high < len(text) else "")
    return Context(before, text[start:end], after)


def details(dataset: "Dataset", claim: "Claim") -> dict[str, Any]:
    """Everything `show` prints about a claim, as plain data (its JSON)."""
    document = dataset.documents[claim.document]
    around = context(document.text, claim.quote.start, claim.quote.end)
    appearances = [other for other in dataset.appearances(claim.id) if other.id != claim.id]
    return {
        **row(dataset, claim),
        "date_note": claim.date_note,
        "topics": [t.value for t in claim.topics],
        "document_title": document.title,
        "document_published": document.published,
        "outlet": document.outlet,
        "outlet_name": _name(dataset, document.outlet),
        "context": {"before": around.before, "quote": around.quote, "after": around.after},
        "figures": [figure.model_dump(mode="json", exclude_none=True) for figure in claim.figures],
        "relations": [relation.model_dump(mode="json", exclude_none=True) for relation in claim.relations],
        "warnings": [warning.model_dump(mode="json") for warning in claim.review.warnings],
        "review_changes": claim.review.changes,
        "appearances": [
            {"id": other.id, "document": other.document, "date": other.date, "speaker": other.speaker,
             "quote": other.quote.text}
            for other in appearances
        ],
    }


def show_text(dataset: "Dataset", claim: "Claim") -> str:
    """A claim for reading in a terminal: its sentence with the quote marked, who said it and through whom, whom it
    is about, dates, type and mode, English, figures, review with each warning (its kind and the pages read for it)
    and the annotator's note, relations and its appearances in other documents."""
    info = details(dataset, claim)
    chain = [f"{info['speaker_name']} ({claim.speaker})"]
    chain += [f"{name} ({actor})" for actor, name in zip(claim.via, info["via_names"])]
    chain.append(f"{info['outlet_name']} ({info['outlet']}, the publisher)")
    around = Context(**info["context"])
    lines = [
        claim.id,
        "",
        f"  {around.marked()}",
        "",
        f"english:   {claim.english}",
        f"said by:   {' <- '.join(chain)}",
        "about:     " + (", ".join(f"{name} ({actor})" for actor, name in zip(claim.about, info["about_names"]))
                         if claim.about else "no actor"),
        f"document:  {claim.document}, published {info['document_published']}"
        + (f": {info['document_title']}" if info["document_title"] else ""),
        f"date:      {claim.date}" + (f" (event: {claim.event_date})" if claim.event_date else ""),
    ]
    if claim.date_note:
        lines.append(f"           {claim.date_note}")
    lines.append(f"type:      {claim.type.value}, {claim.mode.value}; topics: {', '.join(info['topics'])}")
    for figure in claim.figures:
        lines.append(f"figure:    {_figure(figure)}")
    lines.append(f"review:    {claim.review.status.value}")
    for warning in claim.review.warnings:
        lines.append(f"warning:   [{warning.kind.value}] {warning.note}")
        lines.extend(f"           read: {address}" for address in warning.sources)
    if claim.review.note:
        lines.append(f"note:      {claim.review.note}")
    for relation in claim.relations:
        note = f" ({relation.note})" if relation.note else ""
        lines.append(f"relation:  {relation.type.value} {relation.claim}{note}")
    if info["appearances"]:
        lines.append("appears also as:")
        for other in info["appearances"]:
            lines.append(f"  {other['id']} ({other['document']}, {other['date']}): {other['quote']}")
    # One line per field: a line break inside a text is shown as \n, as every control character is.
    return "\n".join(controls(line) for line in lines)


def _figure(figure: Any) -> str:
    bounds = ""
    if figure.lower is not None or figure.upper is not None:
        bounds = f" [{'' if figure.lower is None else figure.lower}–{'' if figure.upper is None else figure.upper}]"
    period = f", {figure.period}" if figure.period else ""
    return f"{'~' if figure.approx else ''}{figure.value:g} {figure.unit}{bounds}: {figure.what}{period}"


def nearest_id(dataset: "Dataset", claim_id: str) -> Optional[str]:
    """Why ``claim_id`` names no claim: the dataset's message, with the nearest id or the retirement."""
    try:
        dataset.claim(claim_id)
    except KeyError as error:
        return str(error.args[0])
    return None
