"""Write releases/latest-ids.txt: the claim ids of the latest published GitHub release.

    python .github/latest_ids.py [ROOT]

With that file in place, `claimset validate` fails (vanished-id) on any published
id that is neither a claim nor retired, so a pull request cannot drop one
silently and a tag cannot release without it. The ids come from the release's
`ids.txt`, or from its `claims.json` for a release without one. With no
published release there is nothing to check, and no file is written. Uses the
`gh` command (GH_TOKEN in the environment); sets PREVIOUS_RELEASE in
$GITHUB_ENV when that is defined. Exit codes: 0 done, 2 gh failed.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path


class GhFailed(Exception):
    pass


def gh(*args: str) -> subprocess.CompletedProcess:
    try:
        result = subprocess.run(["gh", *args], capture_output=True, text=True)
    except FileNotFoundError:
        raise GhFailed("the gh command is not installed (https://cli.github.com)") from None
    if result.returncode != 0 and args[:2] != ("release", "download"):
        raise GhFailed(f"gh {' '.join(args)}: {result.stderr.strip() or 'exit ' + str(result.returncode)}")
    return result


def latest_tag() -> str:
    return gh("release", "list", "--exclude-drafts", "--limit", "1", "--json", "tagName",
              "--jq", '.[0].tagName // ""').stdout.strip()


def ids_of(tag: str) -> list[str]:
    """The release's claim ids: its ids.txt, else the ids in its claims.json."""
    with tempfile.TemporaryDirectory() as tmp:
        if gh("release", "download", tag, "--pattern", "ids.txt", "--dir", tmp).returncode == 0:
            return (Path(tmp) / "ids.txt").read_text(encoding="utf-8").split()
        print(f"::notice::release {tag} has no ids.txt; its claim ids are taken from its claims.json")
        download = gh("release", "download", tag, "--pattern", "claims.json", "--dir", tmp)
        if download.returncode != 0:
            raise GhFailed(f"release {tag} has neither ids.txt nor claims.json: {download.stderr.strip()}")
        data = json.loads((Path(tmp) / "claims.json").read_text(encoding="utf-8"))
        return sorted(claim["id"] for claim in data["claims"])


def write_ids(root: Path, ids: list[str]) -> None:
    """Write releases/latest-ids.txt without following a link a pull request may have put there.

    releases/ must be a real directory; the file is written to a temporary file
    created exclusively beside it and renamed over it, which replaces a link
    instead of writing through it.
    """
    folder = root / "releases"
    if folder.is_symlink() or (folder.exists() and not folder.is_dir()):
        raise GhFailed(f"{folder} is not a real directory; remove it (a pull request may not plant one)")
    folder.mkdir(exist_ok=True)
    descriptor, staging = tempfile.mkstemp(dir=folder, prefix=".latest-ids.", suffix=".tmp")
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8") as out:
            out.write("".join(f"{i}\n" for i in ids))
        os.replace(staging, folder / "latest-ids.txt")
    except BaseException:
        os.unlink(staging)
        raise


def main(argv: list[str]) -> int:
    root = Path(argv[1] if len(argv) > 1 else ".")
    try:
        tag = latest_tag()
        if not tag:
            print("No published release: no claim id can have vanished.")
        else:
            ids = ids_of(tag)
            write_ids(root, ids)
            print(f"Checking against the {len(ids)} claim ids of {tag}.")
    except GhFailed as exc:
        print(f"latest_ids.py: {exc}", file=sys.stderr)
        return 2
    if os.environ.get("GITHUB_ENV"):
        with open(os.environ["GITHUB_ENV"], "a", encoding="utf-8") as env:
            env.write(f"PREVIOUS_RELEASE={tag}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
