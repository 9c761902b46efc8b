"""`.github/publish_pages.py`: the pages workflow's step that keeps every release's site (in a temporary git work tree)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO

SCRIPT = REPO / ".github" / "publish_pages.py"


def _site(tmp_path: Path, version: str) -> Path:
    site = tmp_path / f"site-{version}"
    (site / "actors").mkdir(parents=True)
    (site / "index.html").write_text(f"<p>claimset {version.lstrip('v')}</p>", encoding="utf-8")
    (site / "actors" / "a.html").write_text(version.lstrip("v"), encoding="utf-8")
    return site


def _publish(tmp_path: Path, version: str, pages: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(SCRIPT), str(_site(tmp_path, version)), version, str(pages)],
                          capture_output=True, text=True)


@pytest.fixture
def pages(tmp_path) -> Path:
    pages = tmp_path / "pages"
    pages.mkdir()
    subprocess.run(["git", "init", "-q", "-b", "gh-pages", str(pages)], check=True)
    return pages


def _commit(pages: Path, message: str) -> None:
    subprocess.run(["git", "-C", str(pages), "add", "-A"], check=True)
    subprocess.run(["git", "-C", str(pages), "-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-qm",
                    message], check=True)


def test_each_release_keeps_its_own_folder_and_latest_follows_the_newest(tmp_path, pages):
    for version in ("0.1.0", "v0.2.0", "0.1.1"):  # a fix to an older line, published after the newer release
        result = _publish(tmp_path, version, pages)
        assert result.returncode == 0, result.stderr
        _commit(pages, version)
    for version in ("0.1.0", "0.1.1", "0.2.0"):
        assert (pages / f"v{version}" / "index.html").read_text(encoding="utf-8") == f"<p>claimset {version}</p>"
        assert (pages / f"v{version}" / "actors" / "a.html").read_text(encoding="utf-8") == version
    assert (pages / "latest" / "index.html").read_text(encoding="utf-8") == "<p>claimset 0.2.0</p>"
    info = json.loads((pages / "versions.json").read_text(encoding="utf-8"))
    assert info == {"latest": "v0.2.0", "versions": ["v0.2.0", "v0.1.1", "v0.1.0"]}
    assert (pages / "versions.js").read_text(encoding="utf-8") == f"claimsetVersions({json.dumps(info)});\n"
    assert 'url=latest/index.html' in (pages / "index.html").read_text(encoding="utf-8")
    # The branch's history holds each release's pages as they were published.
    log = subprocess.run(["git", "-C", str(pages), "log", "--format=%s"], capture_output=True, text=True).stdout
    assert log.split() == ["0.1.1", "v0.2.0", "0.1.0"]


def test_republishing_a_release_replaces_only_its_own_folder(tmp_path, pages):
    assert _publish(tmp_path, "0.1.0", pages).returncode == 0
    assert _publish(tmp_path, "0.2.0", pages).returncode == 0
    (pages / "v0.1.0" / "stale.html").write_text("left over", encoding="utf-8")
    site = _site(tmp_path / "again", "0.2.0")
    (site / "index.html").write_text("rebuilt", encoding="utf-8")
    result = subprocess.run([sys.executable, str(SCRIPT), str(site), "0.2.0", str(pages)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert (pages / "v0.2.0" / "index.html").read_text(encoding="utf-8") == "rebuilt"
    assert (pages / "latest" / "index.html").read_text(encoding="utf-8") == "rebuilt"
    assert (pages / "v0.1.0" / "stale.html").is_file()  # another release's folder is not touched


@pytest.mark.parametrize("version", ["main", "0.2", "v0.2.0/../x", ""])
def test_a_name_that_is_no_release_version_is_refused(tmp_path, pages, version):
    result = _publish(tmp_path, version if version else "x", pages) if version else subprocess.run(
        [sys.executable, str(SCRIPT)], capture_output=True, text=True)
    assert result.returncode == 2
    assert list(pages.iterdir()) == [pages / ".git"]


def test_the_pages_workflow_runs_the_script_on_the_gh_pages_branch():
    workflow = (REPO / ".github" / "workflows" / "pages.yml").read_text(encoding="utf-8")
    assert "python .github/publish_pages.py site" in workflow
    assert "git push origin gh-pages" in workflow
    assert "path: pages" in workflow
