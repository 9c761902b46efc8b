"""A checkout holding a fixed-size sample of the data, for the tests that read the data.

The tests that build, serve or load the data do so on this sample rather than
on the whole checkout, so the suite's time does not grow with each article a
contributor adds; `claimset validate` (the `checks` session) and the tests of
validation itself still read every document. The sample is:

- the five original documents, by id (the tests pin facts of these, by id);
- the smallest few other documents (`OTHERS`, by the size of their seed, then
  by id), so that a suite run on grown data (`nox -s grown`) or on data with
  articles added still meets documents it does not know, at the least cost.

Documents are copied byte for byte. A relation from a sampled claim to a claim
outside the sample, and a retired claim's replacement outside it, are dropped
(only then is a file rewritten; tests/conftest.py makes it canonical with
`claimset fmt`), so the sample validates whenever the whole data does.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import yaml

ORIGINALS = (
    "ria-2025-12-05-treaty-anniversary-asmolov",
    "riss-interfax-2023-09-15-vostochny-summit",
    "unnamed-2023-08-mcis-dprk-defence-cooperation",
    "unnamed-2025-11-01-savelyev-against-whom",
    "unnamed-2025-11-07-dprk-russia-military-talks",
)
OTHERS = 2  # documents beyond the originals; the sample never holds more than 7
REGISTRIES = ("retired.yaml",)  # besides the documents; the actors are in claims/actors/
# Files and folders of the checkout the commands read besides the data (the package
# metadata `counts`/`site` show, the schemas `build` ships, the README `fmt` keeps).
COPIED = ("README.md", "CONTRIBUTING.md", "CHANGELOG.md", "CITATION.cff", "LICENSE", "pyproject.toml", "schema")


def sample_documents(claims_dir: Path) -> list[str]:
    """The ids of the documents the sample holds: the originals present, then the OTHERS smallest others.

    Smallest by their seed's size (then by id), so that what the tests read does not
    depend on how large the articles are that contributors add.
    """
    present = sorted(p.stem for p in claims_dir.glob("*.yaml") if p.name not in REGISTRIES)
    originals = [d for d in ORIGINALS if d in present]
    seeds = claims_dir.parent / "seeds"

    def size(document: str) -> int:
        seed = seeds / f"{document}.txt"
        return seed.stat().st_size if seed.is_file() else 0

    others = sorted((d for d in present if d not in ORIGINALS), key=lambda d: (size(d), d))[:OTHERS]
    return originals + sorted(others)


def make_sample(source: Path, target: Path) -> list[str]:
    """Write the sample of the checkout at ``source`` into ``target`` (a new folder); return its document ids."""
    documents = sample_documents(source / "claims")
    (target / "claims").mkdir(parents=True)
    (target / "seeds").mkdir()
    for name in COPIED:
        path = source / name
        if path.is_dir():
            shutil.copytree(path, target / name)
        elif path.is_file():
            shutil.copy2(path, target / name)

    records = {d: yaml.load((source / "claims" / f"{d}.yaml").read_bytes(), Loader=yaml.CSafeLoader) for d in documents}
    kept = {claim["id"] for record in records.values() for claim in record.get("claims") or ()}
    for document, record in records.items():
        shutil.copy2(source / "seeds" / f"{document}.txt", target / "seeds")
        if _drop_relations_outside(record, kept):
            _dump(record, target / "claims" / f"{document}.yaml")
        else:
            shutil.copy2(source / "claims" / f"{document}.yaml", target / "claims")

    shutil.copytree(source / "claims" / "actors", target / "claims" / "actors")
    retired_file = source / "claims" / "retired.yaml"
    if retired_file.is_file():
        retired = yaml.load(retired_file.read_bytes(), Loader=yaml.CSafeLoader)
        if _drop_replacements_outside(retired, kept):
            _dump(retired, target / "claims" / "retired.yaml")
        else:
            shutil.copy2(retired_file, target / "claims")
    return documents


def _drop_relations_outside(record: dict, kept: set[str]) -> bool:
    changed = False
    for claim in record.get("claims") or ():
        relations = claim.get("relations") or []
        inside = [r for r in relations if r.get("claim") in kept]
        if len(inside) != len(relations):
            claim["relations"], changed = inside, True
    return changed


def _drop_replacements_outside(retired: dict, kept: set[str]) -> bool:
    retired_ids = {entry["id"] for entry in retired.get("retired") or ()}
    changed = False
    for entry in retired.get("retired") or ():
        replaced_by = entry.get("replaced_by") or []
        inside = [c for c in replaced_by if c in kept or c in retired_ids]
        if len(inside) != len(replaced_by):
            entry["replaced_by"], changed = inside, True
    return changed


def _dump(data: dict, path: Path) -> None:
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=10_000), encoding="utf-8")
