"""The compiled packaged data: current, equal to full validation, and never used when stale."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

import claimset
from claimset import compiled, loader
from claimset.vocab import ClaimType, Mode


@pytest.fixture(scope="module")
def compiled_repo(tmp_path_factory, data_root):
    """A copy of the sampled data with its compiled file written, as the build hook writes it into the wheel."""
    import shutil

    root = tmp_path_factory.mktemp("compiled")
    for name in ("claims", "seeds"):
        shutil.copytree(data_root / name, root / name)
    compiled.write(root)
    return root


def test_no_compiled_file_is_committed(repo):
    # It depends on every data file: committed, every data pull request would rewrite it, and two would conflict.
    import subprocess

    if not (repo / ".git").exists():
        pytest.skip("not a git checkout")
    tracked = subprocess.run(["git", "-C", str(repo), "ls-files", "compiled"], capture_output=True, text=True, check=True)
    assert tracked.stdout == ""


def _records(dataset):
    return [*dataset.claims, *dataset.documents.values(), *dataset.actors.values(), *dataset.retired]


def test_objects_from_the_compiled_file_equal_fully_validated_ones(compiled_repo):
    fast = compiled.read(compiled_repo)
    full = loader.load(compiled_repo)  # a checkout: read, validated and cross-checked in full
    assert fast is not None
    assert [c.id for c in fast.claims] == [c.id for c in full.claims]
    assert fast.claims == full.claims
    assert dict(fast.documents) == dict(full.documents)
    assert {d: doc.text for d, doc in fast.documents.items()} == {d: doc.text for d, doc in full.documents.items()}
    assert dict(fast.actors) == dict(full.actors)
    assert fast.retired == full.retired
    for mine, theirs in zip(_records(fast), _records(full), strict=True):
        # Same values of the same types (5000, not 5000.0), and the same fields marked as set.
        assert mine.model_dump_json() == theirs.model_dump_json()
        assert mine.model_dump(exclude_unset=True) == theirs.model_dump(exclude_unset=True)
    claim = fast.claim("talks25-nis-military-builders-since-september")
    assert isinstance(claim.type, ClaimType) and claim.mode is Mode.DIRECT
    assert fast.documents[claim.document].text[claim.quote.start : claim.quote.end] == claim.quote.text


@pytest.fixture
def packaged_mini(mini, monkeypatch):
    """`claimset.load()` reading the mini checkout as its packaged data, with a current compiled file."""
    compiled.write(mini)
    monkeypatch.setattr(loader, "packaged_root", lambda: mini)
    loader._load_packaged.cache_clear()
    yield mini
    loader._load_packaged.cache_clear()


def test_load_uses_a_current_compiled_file(packaged_mini):
    path = packaged_mini / compiled.PATH
    whole = json.loads(path.read_text(encoding="utf-8"))
    whole["claims"][0]["english"] = "changed only in the compiled file"
    path.write_text(json.dumps(whole, ensure_ascii=False), encoding="utf-8")
    assert claimset.load().claims[0].english == "changed only in the compiled file"


def test_a_stale_compiled_file_is_not_used(packaged_mini):
    source = packaged_mini / "claims" / "doc-b.yaml"
    source.write_text(source.read_text(encoding="utf-8").replace("english: The agency", "english: the agency"), encoding="utf-8")
    assert compiled.read(packaged_mini) is None
    assert compiled.stale(packaged_mini) == f"{compiled.PATH} is stale"
    assert any(c.english.startswith("the agency") for c in claimset.load().claims)


def test_an_actor_change_makes_the_compiled_file_stale(packaged_mini):
    # Each actor is a file of claims/actors/: the stamp hashes them as it hashes the claims files.
    source = packaged_mini / "claims" / "actors" / "minister.yaml"
    source.write_text(source.read_text(encoding="utf-8").replace("en: The minister", "en: The defence minister"),
                      encoding="utf-8")
    assert compiled.read(packaged_mini) is None
    assert compiled.stale(packaged_mini) == f"{compiled.PATH} is stale"
    assert claimset.load().actors["minister"].name.en == "The defence minister"


def test_an_actor_added_makes_the_compiled_file_stale(packaged_mini):
    (packaged_mini / "claims" / "actors" / "observer.yaml").write_text(
        "id: observer\nkind: person\nname: {ru: null, en: An observer}\n", encoding="utf-8")
    assert compiled.read(packaged_mini) is None
    assert "observer" in claimset.load().actors


def test_a_compiled_file_of_another_version_is_not_used(packaged_mini):
    path = packaged_mini / compiled.PATH
    whole = json.loads(path.read_text(encoding="utf-8"))
    whole["version"] = "0.0.0"
    whole["claims"][0]["english"] = "from the wrong version"
    path.write_text(json.dumps(whole, ensure_ascii=False), encoding="utf-8")
    assert compiled.read(packaged_mini) is None
    assert claimset.load().claims[0].english != "from the wrong version"


def test_a_missing_compiled_file_means_full_validation(packaged_mini):
    (packaged_mini / compiled.PATH).unlink()
    assert compiled.stale(packaged_mini) == f"{compiled.PATH} is missing"
    assert len(claimset.load().claims) == len(loader.load(packaged_mini).claims)


def test_the_former_compiled_command_points_at_the_build():
    result = subprocess.run([sys.executable, "-m", "claimset.compiled", "--check"], capture_output=True, text=True)
    assert result.returncode == 1
    assert result.stderr == ("compiled/dataset.json is written into the wheel when the package is built (hatch_build.py); "
                             "a checkout has none\n")


def test_loading_a_checkout_by_path_always_validates_its_sources(mini):
    compiled.write(mini)
    path = mini / compiled.PATH
    whole = json.loads(path.read_text(encoding="utf-8"))
    whole["claims"][0]["english"] = "changed only in the compiled file"
    path.write_text(json.dumps(whole, ensure_ascii=False), encoding="utf-8")
    assert compiled.read(mini).claims[0].english == "changed only in the compiled file"
    assert claimset.load(mini).claims[0].english != "changed only in the compiled file"
