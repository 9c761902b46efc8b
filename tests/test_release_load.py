"""A built release carries its texts and loads, by path or by URL, to the same objects as the checkout."""

from __future__ import annotations

import functools
import hashlib
import http.server
import json
import shutil
import threading
from pathlib import Path
from typing import ClassVar

import pytest

import claimset
from claimset.release import ReleaseError


@pytest.fixture(scope="module")
def checkout(data_root):
    return claimset.load(data_root)


@pytest.fixture
def copy(release, tmp_path) -> Path:
    """A writable copy of the release."""
    target = tmp_path / "copy"
    shutil.copytree(release, target)
    return target


def assert_same(loaded, checkout) -> None:
    assert [c.id for c in loaded.claims] == [c.id for c in checkout.claims]
    assert loaded.claims == checkout.claims
    assert dict(loaded.documents) == dict(checkout.documents)  # equal documents compare equal texts too
    assert {d: doc.text for d, doc in loaded.documents.items()} == {d: doc.text for d, doc in checkout.documents.items()}
    assert dict(loaded.actors) == dict(checkout.actors)
    assert loaded.retired == checkout.retired


def test_release_carries_every_source_text_byte_for_byte(release, data_root):
    sums = dict(reversed(line.split("  ", 1)) for line in (release / "SHA256SUMS").read_text().splitlines())
    whole = json.loads((release / "claims.json").read_text(encoding="utf-8"))
    package = json.loads((release / "datapackage.json").read_text(encoding="utf-8"))
    resources = {r["path"]: r for r in package["resources"]}
    seeds = sorted((data_root / "seeds").glob("*.txt"))
    assert sorted(p.name for p in (release / "texts").iterdir()) == [p.name for p in seeds]
    for seed in seeds:
        name = f"texts/{seed.name}"
        assert (release / name).read_bytes() == seed.read_bytes()
        assert sums[name] == hashlib.sha256(seed.read_bytes()).hexdigest()
        assert resources[name]["hash"] == f"sha256:{sums[name]}"
    assert {d["id"]: d["text"] for d in whole["documents"]} == {
        p.stem: p.read_bytes().decode("utf-8") for p in seeds
    }


@pytest.mark.parametrize("target", ["directory", "claims.json"])
def test_release_loads_by_path_to_the_same_objects_as_the_checkout(release, checkout, target):
    loaded = claimset.load(release if target == "directory" else release / "claims.json")
    assert_same(loaded, checkout)


def test_every_quote_checks_against_the_release_texts_alone(release, tmp_path):
    # Only claims.json, nothing else of the project: the quotes still verify.
    alone = tmp_path / "alone"
    alone.mkdir()
    shutil.copy(release / "claims.json", alone / "claims.json")
    loaded = claimset.load(alone / "claims.json", verify=False)
    for claim in loaded.claims:
        assert loaded.documents[claim.document].text[claim.quote.start : claim.quote.end] == claim.quote.text


def test_a_tampered_claims_json_is_refused_with_both_hashes(copy):
    path = copy / "claims.json"
    listed = next(line.split()[0] for line in (copy / "SHA256SUMS").read_text().splitlines() if line.endswith(" claims.json"))
    path.write_text(path.read_text(encoding="utf-8").replace("около 5 тыс.", "около 6 тыс.", 1), encoding="utf-8")
    actual = hashlib.sha256(path.read_bytes()).hexdigest()
    with pytest.raises(ReleaseError) as caught:
        claimset.load(copy)
    message = str(caught.value)
    assert str(path) in message and listed in message and actual in message


def test_a_changed_quote_is_refused_even_without_checksums(copy):
    (copy / "SHA256SUMS").unlink()
    path = copy / "claims.json"
    whole = json.loads(path.read_text(encoding="utf-8"))
    claim = whole["claims"][3]
    claim["quote"]["text"] = "X" + claim["quote"]["text"][1:]
    path.write_text(json.dumps(whole, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(ReleaseError, match=rf"claims\[3\] \({claim['id']}\): the quote 'X"):
        claimset.load(path, verify=False)


def test_a_text_that_is_not_the_recorded_one_is_refused(copy):
    (copy / "SHA256SUMS").unlink()
    path = copy / "claims.json"
    whole = json.loads(path.read_text(encoding="utf-8"))
    whole["documents"][0]["text"] += " "
    path.write_text(json.dumps(whole, ensure_ascii=False), encoding="utf-8")
    doc_id = whole["documents"][0]["id"]
    with pytest.raises(ReleaseError, match=rf"documents\[0\] \({doc_id}\): its text hashes to [0-9a-f]{{64}}, not its recorded sha256"):
        claimset.load(copy, verify=False)


def test_a_texts_file_that_differs_is_refused(copy):
    (copy / "SHA256SUMS").unlink()
    text_file = next((copy / "texts").iterdir())
    text_file.write_bytes(text_file.read_bytes() + b"\n")
    with pytest.raises(ReleaseError, match="differs from the text of document"):
        claimset.load(copy, verify=False)


def test_a_record_that_does_not_validate_is_refused(copy):
    (copy / "SHA256SUMS").unlink()
    path = copy / "claims.json"
    whole = json.loads(path.read_text(encoding="utf-8"))
    whole["claims"][0]["type"] = "rumour"
    path.write_text(json.dumps(whole, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(ReleaseError, match=r"claims\[0\]\.type: Input should be"):
        claimset.load(copy, verify=False)


def _first_with(records, key):
    return next(i for i, r in enumerate(records) if r.get(key))


# Each breaks one rule a checkout's validation enforces across records; the records stay valid one by one.
BROKEN_REFERENCES = {
    "a claim given twice": (lambda w: w["claims"].append(w["claims"][0]), r"claims\[\d+\]: the id '[^']+' is already that of claims\[0\]"),
    "an actor given twice": (lambda w: w["actors"].append(w["actors"][1]), r"actors\[\d+\]: the id '[^']+' is already that of actors\[1\]"),
    "a document given twice": (lambda w: w["documents"].append(w["documents"][2]), r"documents\[\d+\]: the id '[^']+' is already that of documents\[2\]"),
    "an unknown speaker": (lambda w: w["claims"][4].update(speaker="nobody-at-all"), r"claims\[4\] \([^)]+\)\.speaker: no actor 'nobody-at-all' in the release"),
    "an unknown relay": (lambda w: w["claims"][4].update(via=["ghost-agency"]), r"claims\[4\] \([^)]+\)\.via\[0\]: no actor 'ghost-agency'"),
    "an unknown outlet": (lambda w: w["documents"][1].update(outlet="ghost-outlet"), r"documents\[1\] \([^)]+\)\.outlet: no actor 'ghost-outlet'"),
    "a relation to no claim": (
        lambda w: w["claims"][_first_with(w["claims"], "relations")]["relations"][0].update(claim="treaty25-no-such-claim"),
        r"\.relations\[0\]\.claim: no claim 'treaty25-no-such-claim' in the release",
    ),
    "a retired id that is a claim": (
        lambda w: w["retired"].append({"id": w["claims"][0]["id"], "reason": "merged", "retired_in": "0.1.0"}),
        r"retired\[\d+\]: '[^']+' is retired but is also a claim of the release",
    ),
}


@pytest.mark.parametrize("broken", sorted(BROKEN_REFERENCES))
def test_a_release_whose_records_do_not_fit_together_is_refused(copy, broken):
    # A claims.json need not come with its SHA256SUMS; what it holds must still be one consistent dataset.
    (copy / "SHA256SUMS").unlink()
    path = copy / "claims.json"
    whole = json.loads(path.read_text(encoding="utf-8"))
    mutate, expected = BROKEN_REFERENCES[broken]
    mutate(whole)
    path.write_text(json.dumps(whole, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(ReleaseError, match=expected) as caught:
        claimset.load(path, verify=False)
    assert str(path) in str(caught.value) and "load an intact copy" in str(caught.value)


# --- by URL ---------------------------------------------------------------------


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    requests: ClassVar[list[str]] = []

    def log_message(self, *args) -> None:
        _QuietHandler.requests.append(self.path)


@pytest.fixture
def served(tmp_path, monkeypatch):
    """A directory served over HTTP on 127.0.0.1; yields (directory, base URL)."""
    pytest.importorskip("pooch")
    root = tmp_path / "www"
    root.mkdir()
    monkeypatch.setenv("CLAIMSET_CACHE", str(tmp_path / "cache"))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(root)))
    # A short poll: shutdown() waits for it, once per test.
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    _QuietHandler.requests = []
    try:
        yield root, f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@pytest.mark.parametrize("target", ["v1/", "v1", "v1/claims.json"])
def test_release_loads_by_url_to_the_same_objects_as_the_checkout(release, checkout, served, target):
    root, base = served
    shutil.copytree(release, root / "v1")
    assert_same(claimset.load(f"{base}/{target}"), checkout)


def test_a_download_is_cached_by_its_hash(release, checkout, served, tmp_path):
    root, base = served
    shutil.copytree(release, root / "v1")
    claimset.load(f"{base}/v1/")
    digest = hashlib.sha256((release / "claims.json").read_bytes()).hexdigest()
    assert sorted(p.name for p in (tmp_path / "cache").iterdir()) == [f"{digest}-claims.json", "urls"]
    (root / "v1" / "claims.json").unlink()  # the second load reads only SHA256SUMS
    _QuietHandler.requests = []
    assert_same(claimset.load(f"{base}/v1/"), checkout)
    assert _QuietHandler.requests == ["/v1/SHA256SUMS"]


def test_a_tampered_download_is_refused_with_both_hashes(release, served, tmp_path):
    root, base = served
    shutil.copytree(release, root / "v1")
    path = root / "v1" / "claims.json"
    path.write_text(path.read_text(encoding="utf-8").replace("около 5 тыс.", "около 6 тыс.", 1), encoding="utf-8")
    listed = hashlib.sha256((release / "claims.json").read_bytes()).hexdigest()
    actual = hashlib.sha256(path.read_bytes()).hexdigest()
    with pytest.raises(ReleaseError) as caught:
        claimset.load(f"{base}/v1/claims.json")
    message = str(caught.value)
    assert f"{base}/v1/claims.json: refused" in message and listed in message and actual in message
    assert not any((tmp_path / "cache").glob("*claims.json")), "a refused download is not kept"


def test_a_release_url_without_checksums_is_refused(release, served):
    root, base = served
    (root / "v1").mkdir()
    shutil.copy(release / "claims.json", root / "v1" / "claims.json")
    with pytest.raises(ReleaseError, match=r"/v1/SHA256SUMS: cannot download .*404.*with the SHA256SUMS beside"):
        claimset.load(f"{base}/v1/claims.json")


@pytest.mark.parametrize("name", ["claims.csv", "claims.jsonl", "SHA256SUMS", "claimset-0.1.0-release.zip"])
def test_a_url_of_another_release_file_says_which_addresses_load(release, served, name):
    root, base = served
    shutil.copytree(release, root / "v0.1.0")
    shutil.make_archive(str(root / "v0.1.0" / "claimset-0.1.0-release"), "zip", release)
    with pytest.raises(ReleaseError) as caught:
        claimset.load(f"{base}/v0.1.0/{name}")
    message = str(caught.value)
    assert f"is the file {name}, not a release's claims.json or its folder" in message
    assert f"({base}/v0.1.0/)" in message and f"({base}/v0.1.0/claims.json)" in message
    assert ("unpack it" in message) == name.endswith(".zip")
    assert claimset.load(f"{base}/v0.1.0").version == claimset.load(release).version  # a folder named like a version


def test_readme_release_example_runs(release, checkout, served, repo, monkeypatch, tmp_path):
    import re

    root, base = served
    shutil.copytree(release, root / "v1")
    readme = (repo / "README.md").read_text(encoding="utf-8")
    block = re.search(r"### Loading a release\n.*?```python\n(.*?)```", readme, re.S).group(1)
    here = tmp_path / "user"
    shutil.copytree(release, here / "release")
    monkeypatch.chdir(here)
    names = {"url": f"{base}/v1/claims.json"}
    exec(compile(block, "README.md", "exec"), names)
    assert len(claimset.load(names["url"]).claims) == len(checkout.claims)
    assert names["data"].loaded_from == str((here / "release").resolve())  # as the README's comment says


def test_a_path_that_does_not_exist_is_named(tmp_path):
    with pytest.raises(FileNotFoundError, match=r"release/claims\.jsn: no such file or directory; load\(\) reads a checkout"):
        claimset.load(str(tmp_path / "release" / "claims.jsn"))


# --- which release, and errors a caller can act on --------------------------------


def test_a_loaded_release_says_which_version_it_is(release, served, data_root):
    from claimset.build import version

    whole = json.loads((release / "claims.json").read_text(encoding="utf-8"))
    loaded = claimset.load(release)
    assert loaded.version == whole["version"] == version(data_root)
    assert loaded.loaded_from == str(release)
    assert repr(loaded).startswith(f"<Dataset claimset {whole['version']}: {len(whole['claims'])} claims,")
    root, base = served
    shutil.copytree(release, root / "v1")
    by_url = claimset.load(f"{base}/v1/")
    assert (by_url.version, by_url.loaded_from) == (whole["version"], f"{base}/v1/")


def _rewrite(copy: Path, change) -> Path:
    (copy / "SHA256SUMS").unlink()
    path = copy / "claims.json"
    whole = json.loads(path.read_text(encoding="utf-8"))
    change(whole)
    path.write_text(json.dumps(whole, ensure_ascii=False), encoding="utf-8")
    return path


@pytest.mark.parametrize("newer", ["9.0.0", "0.2.0", "0.1.1", "0.1.0.post1"])
def test_a_release_of_a_newer_claimset_asks_for_an_upgrade(copy, newer):
    def change(whole):
        whole["version"] = newer
        whole["documents"][0]["paywalled"] = False  # a field a later minor version might add

    path = _rewrite(copy, change)
    with pytest.raises(claimset.ReleaseError) as caught:
        claimset.load(copy, verify=False)
    assert str(caught.value) == (
        f"{path}: this is release {newer} of claimset, newer than the claimset installed here "
        f"({claimset.__version__}), which cannot read what it may add (documents[0].paywalled: Extra inputs are "
        "not permitted); upgrade to read it: pip install -U claimset"
    )


def test_a_release_of_a_newer_claimset_that_reads_is_loaded(copy):
    _rewrite(copy, lambda whole: whole.update(version="9.0.0"))
    assert claimset.load(copy, verify=False).version == "9.0.0"


@pytest.mark.parametrize("version", [claimset.__version__, "0.0.1rc1", "0.0.0.dev1", "0+unknown"])
def test_an_unknown_field_in_a_release_no_newer_is_still_refused(copy, version):
    def change(whole):
        whole["version"] = version
        whole["documents"][0]["paywalled"] = False

    _rewrite(copy, change)
    with pytest.raises(claimset.ReleaseError, match=r"documents\[0\]\.paywalled: Extra inputs are not permitted"):
        claimset.load(copy, verify=False)


def test_a_release_archive_is_refused_with_how_to_unpack_it(release, tmp_path):
    import zipfile

    archive = tmp_path / "claimset-0.1.0-release.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        for path in sorted(release.rglob("*")):
            zipped.write(path, path.relative_to(release.parent).as_posix())
    with pytest.raises(claimset.ReleaseError) as caught:
        claimset.load(archive)
    assert str(caught.value).startswith(
        f"{archive}: is a zip archive, not a claims.json; unpack it first (unzip claimset-0.1.0-release.zip)"
    )


def test_offline_the_error_names_the_verified_copy_in_the_cache(release, checkout, served, tmp_path):
    root, base = served
    shutil.copytree(release, root / "v1")
    claimset.load(f"{base}/v1/")
    shutil.rmtree(root / "v1")  # as good as offline: SHA256SUMS cannot be had
    digest = hashlib.sha256((release / "claims.json").read_bytes()).hexdigest()
    cached = tmp_path / "cache" / f"{digest}-claims.json"
    with pytest.raises(claimset.ReleaseError) as caught:
        claimset.load(f"{base}/v1/")
    message = str(caught.value)
    assert message.startswith(f"{base}/v1/SHA256SUMS: cannot download")
    assert f"A copy of {base}/v1/claims.json verified when it was last downloaded is in the cache: {cached}." in message
    assert message.endswith(f"to use it anyway, load it by path: claimset.load({str(cached)!r})")
    by_path = claimset.load(cached)
    assert_same(by_path, checkout)
    assert by_path.version == json.loads((release / "claims.json").read_text(encoding="utf-8"))["version"]


def test_offline_without_a_cached_copy_says_nothing_of_one(served):
    root, base = served
    with pytest.raises(claimset.ReleaseError) as caught:
        claimset.load(f"{base}/v9/")
    assert "cache" not in str(caught.value)


def test_a_release_subdirectory_points_at_its_release(release):
    with pytest.raises(claimset.DatasetNotFound) as caught:
        claimset.load(release / "texts")
    assert str(caught.value) == (
        f"{release / 'texts'}: neither a claimset checkout (no claims/ directory) nor a release "
        f"(no claims.json or SHA256SUMS); it is inside {release}, which load({str(release)!r}) reads"
    )


def test_a_release_whose_version_is_not_a_version_is_refused(copy):
    path = _rewrite(copy, lambda whole: whole.update(version="latest"))
    with pytest.raises(claimset.ReleaseError) as caught:
        claimset.load(copy, verify=False)
    assert str(caught.value) == f"{path}: not a claimset claims.json (its \"version\" 'latest' is not a version number)"
