"""What the release workflow uploads is what SHA256SUMS lists, at the same relative paths."""

from __future__ import annotations

import hashlib
import importlib.util
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import REPO


def _helper():
    spec = importlib.util.spec_from_file_location("release_assets", REPO / ".github" / "release_assets.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def built(tmp_path_factory, data_root) -> tuple[Path, Path]:
    """A release directory (with Parquet when pyarrow is there) and a dist/ with stand-in packages."""
    from claimset.cli import cli

    base = tmp_path_factory.mktemp("assets")
    release, dist = base / "release", base / "dist"
    parquet = ["--parquet"] if importlib.util.find_spec("pyarrow") else []
    result = CliRunner().invoke(cli, ["build", "--root", str(data_root), "--out", str(release), *parquet])
    assert result.exit_code == 0, result.output
    dist.mkdir()
    (dist / "claimset-0.1.0-py3-none-any.whl").write_bytes(b"wheel")
    (dist / "claimset-0.1.0.tar.gz").write_bytes(b"sdist")
    return release, dist


def _sums(directory: Path) -> dict[str, str]:
    lines = (directory / "SHA256SUMS").read_text(encoding="utf-8").splitlines()
    return {name: digest for digest, name in (line.split("  ", 1) for line in lines)}


def _download(assets: list[Path], into: Path) -> None:
    """What a user gets: every asset in one flat directory, then the archive unzipped there."""
    into.mkdir()
    for asset in assets:
        shutil.copy(asset, into / asset.name)
    (archive,) = into.glob("claimset-*-release.zip")
    with zipfile.ZipFile(archive) as zipped:
        for name in zipped.namelist():
            target = into / name
            if target.exists():  # a top-level file uploaded on its own too: the same bytes
                assert target.read_bytes() == zipped.read(name), name
            else:
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(zipped.read(name))


def test_every_line_of_sha256sums_checks_against_the_uploaded_assets(built, tmp_path):
    release, dist = built
    assets = _helper().assets(release, dist)
    downloaded = tmp_path / "downloaded"
    _download(assets, downloaded)
    sums = _sums(downloaded)
    assert sums == _sums(release)
    assert any(name.startswith("texts/") for name in sums) and any(name.startswith("schema/") for name in sums)
    for name, digest in sums.items():
        assert (downloaded / name).is_file(), f"{name} is listed in SHA256SUMS but not uploaded"
        assert hashlib.sha256((downloaded / name).read_bytes()).hexdigest() == digest, name
    if shutil.which("sha256sum"):
        check = subprocess.run(["sha256sum", "-c", "--quiet", "SHA256SUMS"], cwd=downloaded, capture_output=True, text=True)
        assert check.returncode == 0, check.stdout + check.stderr


def test_nothing_is_uploaded_that_sha256sums_does_not_cover(built):
    release, dist = built
    helper = _helper()
    assets = helper.assets(release, dist)
    listed = set(_sums(release))
    archive = dist / helper.archive_name(release)
    packages = {dist / "claimset-0.1.0-py3-none-any.whl", dist / "claimset-0.1.0.tar.gz"}
    for asset in assets:
        if asset == archive:
            assert set(zipfile.ZipFile(asset).namelist()) == listed | {"SHA256SUMS"}
        elif asset not in packages:
            assert asset.name in listed | {"SHA256SUMS"}, f"{asset.name} is uploaded but not in SHA256SUMS"
    assert set(assets) >= packages | {archive, release / "SHA256SUMS", release / "claims.json"}


def test_the_archive_is_the_same_for_the_same_release(built, tmp_path):
    release, _ = built
    helper = _helper()
    first = helper.write_archive(release, tmp_path / "one").read_bytes()
    second = helper.write_archive(release, tmp_path / "two").read_bytes()
    assert first == second


def test_the_workflow_uploads_the_helper_list_and_checks_it(repo):
    workflow = (repo / ".github" / "workflows" / "release.yml").read_text(encoding="utf-8")
    assert "python .github/release_assets.py release dist > assets.txt" in workflow
    assert 'mapfile -t assets < assets.txt' in workflow and '"${assets[@]}"' in workflow
    assert "sha256sum -c --quiet SHA256SUMS" in workflow
    # The vanished-id guard: the previous release's ids become releases/latest-ids.txt before validation.
    assert workflow.index("python .github/latest_ids.py") < workflow.index("claimset validate --format github")
