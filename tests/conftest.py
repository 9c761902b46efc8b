from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
from pathlib import Path
from typing import Optional

import pytest
import yaml
from click.testing import CliRunner
from hypothesis import settings

REPO = Path(__file__).resolve().parents[1]
MINI = Path(__file__).resolve().parent / "fixtures" / "mini"
SRC = REPO / "src"

# pytest puts src/ first on sys.path (pyproject: pythonpath); the Pythons the
# tests start (`python -m claimset`, the README's snippets) import it too, so
# an edit to src/ is tested without reinstalling.
os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, [str(SRC), os.environ.get("PYTHONPATH")]))

# CI runs the same examples every time (HYPOTHESIS_PROFILE=ci, set by noxfile.py);
# a developer's run explores new ones. A failure prints the blob that replays it.
settings.register_profile("ci", derandomize=True, database=None, print_blob=True)
settings.register_profile("dev", print_blob=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))


@pytest.fixture
def repo() -> Path:
    return REPO


def git(cwd: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    """git in ``cwd`` as a test user, a new repository's branch named main; raises on failure unless ``check`` is false."""
    return subprocess.run(["git", "-c", "user.name=test", "-c", "user.email=test@example.invalid",
                           "-c", "init.defaultBranch=main", *args], cwd=cwd, check=check, capture_output=True, text=True)


def tag_release(root: Path, version: str) -> None:
    """Commit ``root`` as it is (a repository made there if need be) and tag it ``v<version>``.

    claimset reads a checkout's version from its git tags, so `build` and `diff` then call it ``version``.
    """
    if not (root / ".git").exists():
        git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-q", "--allow-empty", "-m", version)
    git(root, "tag", "-f", f"v{version}")


# What a copy of the checkout leaves out: tools' caches and environments, anywhere; what the commands write
# into the checkout's top folder (.gitignore); and the data, which the copy takes from elsewhere.
_CACHES = shutil.ignore_patterns(".git", ".venv*", ".nox", "__pycache__", "*.egg-info", ".hypothesis", ".pytest_cache",
                                 "screenshots", "_scm_version.py")
_TOP_LEVEL_OUTPUTS = {"build", "dist", "release", "site", "compiled", "claims", "seeds"}


def _not_copied(directory: str, names: list[str]) -> set[str]:
    skipped = set(_CACHES(directory, names))
    if Path(directory) == REPO:
        skipped |= _TOP_LEVEL_OUTPUTS & set(names)
    return skipped


def committed_copy(target: Path, data: Path, message: str = "snapshot") -> Path:
    """This checkout's files as they are now (edits included), with ``data``'s claims/ and seeds/, committed on
    `main` of a fresh git repository at ``target``."""
    shutil.copytree(REPO, target, ignore=_not_copied)
    for name in ("claims", "seeds"):
        shutil.copytree(data / name, target / name)
    for args in (("init", "-q"), ("add", "-A"), ("commit", "-q", "-m", message)):
        git(target, *args)
    return target


@pytest.fixture(scope="session")
def data_root(tmp_path_factory) -> Path:
    """A checkout holding a fixed sample of the data (tests/sample.py): what tests that build, serve or load the data read.

    Its size does not grow with the data, so neither does the suite's time; the
    whole data is `claimset validate`'s to check.
    """
    from sample import make_sample

    from claimset.cli import cli

    target = tmp_path_factory.mktemp("sample") / "checkout"
    make_sample(REPO, target)
    # A file the sample rewrote (a relation leaving the sample dropped) is made canonical, as a checkout's is.
    result = CliRunner().invoke(cli, ["fmt", "--root", str(target)])
    assert result.exit_code == 0, result.output
    return target


@pytest.fixture
def mini(tmp_path: Path) -> Path:
    """A writable copy of the small two-document fixture checkout."""
    target = tmp_path / "mini"
    shutil.copytree(MINI, target)
    return target


@pytest.fixture
def add_document():
    """Add a document to a checkout: its seed, and a claims file listing every line in not_claims (valid as it is)."""
    return _add_document


def _add_document(root: Path, stem: str, text: str, note: Optional[str] = None, raw: Optional[bytes] = None,
                  published: str = "2025-11-08") -> None:
    """A document whose every line is listed in not_claims: valid, whatever its text."""
    data = raw if raw is not None else text.encode("utf-8")
    (root / "seeds" / f"{stem}.txt").write_bytes(data)
    at, not_claims = 0, []
    for line in data.decode("utf-8").split("\n"):
        if line.strip():
            not_claims.append({"quote": {"text": line, "start": at, "end": at + len(line)}, "reason": "rubric"})
        at += len(line) + 1
    document = {"id": stem, "title": None, "outlet": "outlet-a", "published": published,
                "published_inferred": False, "published_evidence": "date line", "language": "ru", "url": None,
                "source_file": f"{stem}.txt", "sha256": hashlib.sha256(data).hexdigest()}
    if note:
        document["note"] = note
    document["not_claims"] = not_claims
    (root / "claims" / f"{stem}.yaml").write_text(
        yaml.safe_dump({"document": document, "claims": []}, allow_unicode=True, sort_keys=False), encoding="utf-8")



@pytest.fixture
def run():
    """Invoke the CLI in-process; returns the click Result."""
    from claimset.cli import cli

    def invoke(*args: str):
        return CliRunner().invoke(cli, list(args), catch_exceptions=False)

    return invoke


# Browser tests (tests/test_site.py): pytest-playwright driving Debian's Chromium.
# Only a missing /usr/bin/chromium skips them, and CLAIMSET_REQUIRE_BROWSER=1
# (set by .ci/run) turns that skip into a failure.

CHROMIUM = Path(os.environ.get("CLAIMSET_CHROMIUM", "/usr/bin/chromium"))
# The machine may have no network: without these Chromium waits on lookups.
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run",
]
SCREENSHOTS = Path(__file__).resolve().parent / "screenshots"


@pytest.fixture(scope="session")
def chromium() -> Path:
    if not CHROMIUM.is_file():
        reason = (f"{CHROMIUM} is absent: install Debian's Chromium (apt-get install chromium) "
                  "or set CLAIMSET_CHROMIUM to a Chromium binary to run the browser tests")
        if os.environ.get("CLAIMSET_REQUIRE_BROWSER") == "1":
            pytest.fail(reason + " (CLAIMSET_REQUIRE_BROWSER=1)")
        pytest.skip(reason)
    return CHROMIUM


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args, chromium):
    return {**browser_type_launch_args, "executable_path": str(chromium), "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def screenshots() -> Path:
    SCREENSHOTS.mkdir(exist_ok=True)
    return SCREENSHOTS


def pytest_terminal_summary(terminalreporter) -> None:
    if SCREENSHOTS.is_dir() and any(SCREENSHOTS.glob("*.png")):
        terminalreporter.write_line(f"browser screenshots: {SCREENSHOTS}")


@pytest.fixture(scope="session")
def release(tmp_path_factory, data_root) -> Path:
    """The sampled data's release (with Parquet where pyarrow is installed), built once for the session; tests
    that change it work on a copy."""
    import importlib.util

    from claimset.cli import cli

    out = tmp_path_factory.mktemp("release") / "release"
    parquet = ["--parquet"] if importlib.util.find_spec("pyarrow") else []
    result = CliRunner().invoke(cli, ["build", "--root", str(data_root), "--out", str(out), *parquet])
    assert result.exit_code == 0, result.output
    return out


def pytest_collection_modifyitems(items) -> None:
    # Every test that opens a page is a browser test, wherever it is written.
    for item in items:
        if "page" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.browser)
