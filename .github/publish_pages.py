"""Add one release's site to the published pages, keeping every earlier release's.

    python .github/publish_pages.py SITE VERSION PAGES

SITE is the folder `claimset site` wrote; VERSION the release (`0.2.0` or `v0.2.0`);
PAGES the work tree of the pages branch (gh-pages), changed in place:

- `v<VERSION>/` gets the site (replacing only that version's own folder, so a
  re-run of the same tag gives the same pages and no other release's changes);
- when VERSION is the newest release there, `latest/` becomes a copy of it;
- `versions.json` and `versions.js` list every release and name the newest:
  each page reads `../versions.js` to say whether a newer release exists;
- `index.html` sends a visitor to `latest/`; `.nojekyll` keeps every file served.

Exit codes: 0 done, 2 usage or I/O error.
"""

from __future__ import annotations

import json
import re
import shutil
import sys
from html import escape
from pathlib import Path

VERSION = re.compile(r"v?([0-9]+)\.([0-9]+)\.([0-9]+)")
LATEST = "latest"


def folder(version: str) -> str:
    match = VERSION.fullmatch(version)
    if not match:
        raise ValueError(f"{version!r} is not a release version (0.2.0 or v0.2.0)")
    return "v" + ".".join(match.groups())


def _key(name: str) -> tuple[int, ...]:
    return tuple(int(n) for n in VERSION.fullmatch(name).groups())  # type: ignore[union-attr]


def releases(pages: Path) -> list[str]:
    """The release folders in PAGES, oldest first."""
    return sorted((p.name for p in pages.iterdir() if p.is_dir() and VERSION.fullmatch(p.name)), key=_key)


def _replace(source: Path, target: Path) -> None:
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(source, target)


def publish(site: Path, version: str, pages: Path) -> str:
    """Add ``site`` as ``version``; return the newest release now published."""
    name = folder(version)
    if not (site / "index.html").is_file():
        raise ValueError(f"{site} holds no index.html: not a site")
    pages.mkdir(parents=True, exist_ok=True)
    _replace(site, pages / name)
    every = releases(pages)
    newest = every[-1]
    if newest == name:
        _replace(site, pages / LATEST)
    info = {"latest": newest, "versions": list(reversed(every))}
    (pages / "versions.json").write_text(json.dumps(info, indent=2) + "\n", encoding="utf-8")
    (pages / "versions.js").write_text(f"claimsetVersions({json.dumps(info)});\n", encoding="utf-8")
    links = "".join(f'<li><a href="{escape(v)}/index.html">{escape(v)}</a></li>' for v in info["versions"])
    (pages / "index.html").write_text(
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f'<meta http-equiv="refresh" content="0; url={LATEST}/index.html"><title>claimset</title></head>'
        f'<body><p>The newest release is <a href="{LATEST}/index.html">{escape(newest)}</a>.</p>'
        f"<p>Every release's pages, kept as released:</p><ul>{links}</ul></body></html>\n",
        encoding="utf-8",
    )
    (pages / ".nojekyll").write_text("", encoding="utf-8")
    return newest


def main(argv: list[str]) -> int:
    if len(argv) != 3:
        print(__doc__.strip().splitlines()[2].strip(), file=sys.stderr)
        return 2
    site, version, pages = Path(argv[0]), argv[1], Path(argv[2])
    try:
        newest = publish(site, version, pages)
    except (ValueError, OSError) as exc:
        print(f"publish_pages.py: {exc}", file=sys.stderr)
        return 2
    print(f"published {folder(version)} in {pages}; the newest release is {newest}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
