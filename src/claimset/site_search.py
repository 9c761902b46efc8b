"""The site's search index: one Pagefind record per claim, written into the site's `pagefind/` folder.

Pagefind (https://pagefind.app, on PyPI as `pagefind[bin]`) splits the index into chunks, so a query downloads
the chunks of its words and the fragments of the results it shows, not the whole index. Every record is
indexed as Russian: Pagefind's Snowball stemmer then matches Russian word forms («Курская» finds «Курской»);
Latin-script words are left unstemmed and match whole words (and, for the last word typed, words it begins).
Its JavaScript loads the index with fetch(), which browsers refuse from file://: `claimset site --serve`.
"""

from __future__ import annotations

import html
import re
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Callable, Iterable, Optional

from .dataset import Dataset
from .models import Claim

FOLDER = "pagefind"
LANGUAGE = "ru"
# Pagefind's ready-made interfaces: the site draws its own results with pagefind.js alone.
UNUSED = re.compile(r"pagefind-(component-ui|ui|modular-ui|highlight)\.(js|css)$")
TIMEOUT = 1800  # seconds: Pagefind indexes 100,000 claims in far less
# The filters the index offers: (Pagefind filter and address parameter, label). The same names are read
# from the address (index.html?speaker=…&said=2025-11) by site.js.
FILTERS = (
    ("speaker", "Speaker"),
    ("type", "Type"),
    ("topic", "Topic"),
    ("document", "Document"),
    ("said", "Said in"),
    ("happened", "Happened in"),
    ("warning", "Review warning"),
)


class SearchIndexError(Exception):
    """Pagefind is missing or failed; the message says which."""


def record(dataset: Dataset, claim: Claim, order: int, warning: Optional[str],
           periods: Callable[[Optional[str]], list[str]]) -> str:
    """One claim's record, a small HTML page for Pagefind: what its search matches (the body), what a result
    shows (the meta) and the values it is filtered by. Every value is escaped."""
    actors = [dataset.actors[a] for a in (claim.speaker, *claim.via)]
    names = " ".join(w for a in actors for w in (a.id.replace("-", " "), a.name.ru, a.name.en) if w)
    document = dataset.documents[claim.document]
    filters = {
        "speaker": [claim.speaker],
        "type": [claim.type.value],
        "topic": sorted(t.value for t in claim.topics),
        "document": [claim.document],
        "said": periods(claim.date),
        "happened": periods(claim.event_date),
        "warning": ["yes"] if warning else [],
    }
    meta = {
        "title": claim.english,
        "link": f"{claim.document}.html#{claim.id}",
        "quote": claim.quote.text,
        "date": claim.date,
        "type": claim.type.value,
        "chain": " → ".join(a.name.en for a in actors),
        "document": document.title or f"(no headline) {claim.document}",
        "warning": warning or "",
    }
    e = html.escape
    return "".join([
        f'<!DOCTYPE html><html lang="{LANGUAGE}"><head><meta charset="utf-8"><title>{e(claim.id)}</title></head><body>',
        *(f'<p data-pagefind-meta="{key}">{e(value)}</p>' for key, value in meta.items() if value),
        *(f'<p data-pagefind-filter="{key}">{e(v)}</p>' for key, values in filters.items() for v in values),
        f'<p data-pagefind-sort="order">{order:08d}</p>',
        f'<main data-pagefind-body><p>{e(claim.quote.text)}</p><p lang="en">{e(claim.english)}</p>'
        f'<p>{e(names)}</p></main></body></html>\n',
    ])


def index_files(records: Iterable[str]) -> dict[str, bytes]:
    """Pagefind's files for ``records`` (pages from `record`): path under the site's root → bytes."""
    with tempfile.TemporaryDirectory(prefix="claimset-pagefind-") as tmp:
        names = write_index(records, Path(tmp))
        return {name: (Path(tmp) / name).read_bytes() for name in names}


def write_index(records: Iterable[str], site: Path) -> list[str]:
    """Write Pagefind's files for ``records`` into ``site``/pagefind; return their paths under ``site``, sorted.

    Each record goes to disk as it is made, and Pagefind writes its index straight into the site,
    so no copy of either is held in this process's memory.
    """
    with tempfile.TemporaryDirectory(prefix="claimset-pagefind-") as tmp:
        source = Path(tmp) / "records"
        source.mkdir()
        for number, page in enumerate(records):
            (source / f"{number}.html").write_text(page, encoding="utf-8")
        out = site / FOLDER
        command = [sys.executable, "-m", "pagefind", "--site", str(source), "--output-path", str(out),
                   "--force-language", LANGUAGE, "--silent"]
        try:
            run = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT)
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise SearchIndexError(f"Pagefind did not run: {exc}") from None
        if run.returncode != 0 or not (out / "pagefind.js").is_file():
            why = (run.stderr or run.stdout).strip().splitlines()[-1:] or [f"exit code {run.returncode}"]
            if "No module named pagefind" in why[0] or "binary" in why[0].lower():
                why = ["Pagefind is not installed: pip install 'pagefind[bin]'"]
            raise SearchIndexError(f"Pagefind failed: {why[0]}")
    names = []
    for path in sorted(out.rglob("*")):
        if path.is_file() and UNUSED.match(path.name):
            path.unlink()
        elif path.is_file():
            names.append(path.relative_to(site).as_posix())
    return names
