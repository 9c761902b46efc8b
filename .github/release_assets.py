"""The files the release workflow uploads to a GitHub release, so the downloads verify with SHA256SUMS.

GitHub release assets are flat (no folders). So the upload is: every top-level
file of the release directory as it is (`claims.json` beside `SHA256SUMS`, so
`claimset.load(URL)` can verify it), one zip of the whole release directory
(`claimset-X.Y.Z-release.zip`, which carries `texts/`, `schema/` and `parquet/`
at their relative paths), and the Python packages (wheel and sdist). Unzipping
the archive where the assets were downloaded makes every line of SHA256SUMS
check: `unzip -o claimset-X.Y.Z-release.zip && sha256sum -c SHA256SUMS`.

    python .github/release_assets.py RELEASE_DIR DIST_DIR

writes the zip into DIST_DIR and prints the upload list, one path a line.
The workflow uploads exactly that list; tests/test_release_assets.py checks it.
"""

from __future__ import annotations

import json
import sys
import zipfile
from pathlib import Path

# A fixed timestamp and mode, so the same release directory gives the same zip.
ZIP_DATE = (1980, 1, 1, 0, 0, 0)
ZIP_MODE = 0o644
PACKAGE_PATTERNS = ("*.whl", "*.tar.gz")


def version(release: Path) -> str:
    return str(json.loads((release / "claims.json").read_text(encoding="utf-8"))["version"])


def archive_name(release: Path) -> str:
    return f"claimset-{version(release)}-release.zip"


def write_archive(release: Path, dist: Path) -> Path:
    """A zip of every file of ``release`` at its relative path (no enclosing folder)."""
    dist.mkdir(parents=True, exist_ok=True)
    target = dist / archive_name(release)
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as zipped:
        for path in sorted(p for p in release.rglob("*") if p.is_file()):
            info = zipfile.ZipInfo(path.relative_to(release).as_posix(), date_time=ZIP_DATE)
            info.external_attr = ZIP_MODE << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            zipped.writestr(info, path.read_bytes())
    return target


def assets(release: Path, dist: Path) -> list[Path]:
    """Every file to upload: the release's top-level files, its zip, and the Python packages in ``dist``."""
    top = sorted(p for p in release.iterdir() if p.is_file())
    packages = sorted(p for pattern in PACKAGE_PATTERNS for p in dist.glob(pattern))
    files = [*top, write_archive(release, dist), *packages]
    names = [p.name for p in files]
    clashes = sorted({n for n in names if names.count(n) > 1})
    if clashes:
        raise SystemExit(f"release assets are flat, and these names occur twice: {', '.join(clashes)}")
    return files


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    release, dist = Path(argv[0]), Path(argv[1])
    if not (release / "SHA256SUMS").is_file():
        print(f"{release}: no SHA256SUMS; run `claimset build --out {release}` first", file=sys.stderr)
        return 2
    for path in assets(release, dist):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
