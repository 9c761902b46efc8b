"""Grow the checkout's data K-fold into a separate tree that still validates.

    python benchmarks/grow.py --k 72 --out /tmp/claims-10k [--root .]

    python benchmarks/grow.py --k 2 --into /tmp/checkout-copy   # add 10 documents to a copy of a checkout
    python benchmarks/grow.py --k 1 --into /tmp/checkout-copy --documents ID ...   # copies of these only

Each copy n (1..K) of each document gets the id `<doc-id>-copy-<nnn>`, a seed
holding the original's bytes followed by one line of its own («Копия <nnn>: »
and the headline, which becomes the copy's title; listed as a not-claim), so no two documents share a text (`validate` refuses a
duplicate one) while every quote keeps its offsets, and claims whose ids end in
`-c<nnn>`; relations and `replaced_by` point at the same copy's claims.
With `--into`, the copies are added to an existing checkout (its own documents,
actors and retirements kept), which is how the tests prove that nothing in them
pins today's data (`nox -s grown`); `--documents` copies only the documents
named (a relation to a claim of another document keeps pointing at that claim),
so that what is added does not grow with the data. The actors (claims/actors/) are shared, `retired.yaml` is copied per copy when
present, and no `releases/latest-ids.txt` is written (a grown tree has no
published release). The files are plain PyYAML safe-dumper output, not the
canonical form of `claimset fmt`: validation does not require it.
"""

from __future__ import annotations

import argparse
import hashlib
import re
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

try:
    import yaml
    from yaml import CSafeDumper as Dumper
    from yaml import CSafeLoader as Loader
except ImportError:  # the validate floor is a libyaml parse: measure nothing without it
    yaml = None

ACTORS = "actors"  # claims/actors/<actor-id>.yaml, one file per actor
NAMED_SIBLINGS = 50  # claimset.duplicates.MAX_TEXTS_PER_SHINGLE: a copy's note names its siblings up to this many
RETIRED = "retired.yaml"
CHECKOUT = Path(__file__).resolve().parents[1]


class GrowError(Exception):
    """The source tree cannot be grown (missing or unreadable files)."""


@dataclass
class Grown:
    """What `grow` wrote."""

    k: int
    documents: int
    claims: int


def _need_libyaml() -> None:
    if yaml is None:
        raise GrowError("the benchmarks need PyYAML built with libyaml (yaml.CSafeLoader); "
                        "run them with the interpreter the package is installed in")


def _read(path: Path) -> Any:
    _need_libyaml()
    try:
        with path.open("rb") as f:
            return yaml.load(f, Loader=Loader)
    except OSError as exc:
        raise GrowError(f"{path}: cannot read: {exc.strerror}") from None
    except yaml.YAMLError as exc:
        raise GrowError(f"{path}: not valid YAML ({exc}); run `claimset validate` there first") from None


def _write(path: Path, data: Any) -> None:
    with path.open("w", encoding="utf-8") as f:
        # A huge width: no folded lines, so quotes come back with exactly their characters.
        yaml.dump(data, f, Dumper=Dumper, allow_unicode=True, sort_keys=False, width=1 << 30)


_COPY_NUMBER = re.compile(r"-copy-(\d{3,})$")


def copy_id(claim_id: str, n: int) -> str:
    return f"{claim_id}-c{n:03d}"


def copy_document_id(doc_id: str, n: int) -> str:
    return f"{doc_id}-copy-{n:03d}"


def _claims_files(claims_dir: Path) -> list[Path]:
    return sorted(p for p in claims_dir.glob("*.yaml") if p.name != RETIRED)


def count_claims(root: Path) -> int:
    """How many claims the checkout at ``root`` holds (read, not validated)."""
    return sum(len(_read(path)["claims"]) for path in _claims_files(Path(root) / "claims"))


def grow(src_root: Path, dest: Path, k: int, *, into: bool = False, documents: list[str] | None = None) -> Grown:
    """Write K copies of every document under ``src_root`` (or of ``documents`` alone) into ``dest``.

    ``dest`` must not exist or be empty; with ``into``, it is a checkout, and the copies join its data.
    """
    src_root, dest = Path(src_root), Path(dest)
    if k < 1:
        raise GrowError(f"k must be at least 1, not {k}")
    claims_dir, seeds_dir = src_root / "claims", src_root / "seeds"
    if not claims_dir.is_dir() or not seeds_dir.is_dir():
        raise GrowError(f"{src_root}: no claims/ and seeds/ directories; point --root at a claimset checkout")
    if into:
        if not (dest / "claims" / ACTORS).is_dir() or not (dest / "seeds").is_dir():
            raise GrowError(f"{dest}: not a checkout (no claims/{ACTORS}/ and seeds/); --into adds to one")
    elif dest.exists() and any(dest.iterdir()):
        raise GrowError(f"{dest}: exists and is not empty; choose a new directory")
    paths = {path.stem: path for path in _claims_files(claims_dir)}
    if documents is not None:
        if not into:
            raise GrowError("--documents needs --into: the copies' relations to other documents point into the checkout")
        unknown = sorted(set(documents) - set(paths))
        if unknown:
            raise GrowError(f"{src_root}: no document {', '.join(unknown)}")
        paths = {doc_id: path for doc_id, path in paths.items() if doc_id in documents}
    files = {doc_id: _read(path) for doc_id, path in paths.items()}
    claim_ids = {claim["id"] for data in files.values() for claim in data["claims"]}
    retired = _read(claims_dir / RETIRED) if (claims_dir / RETIRED).is_file() and documents is None else None

    (dest / "claims").mkdir(parents=True, exist_ok=True)
    (dest / "seeds").mkdir(exist_ok=True)
    if not into:
        shutil.copytree(claims_dir / ACTORS, dest / "claims" / ACTORS)
    # Into a checkout that holds copies already, the new ones take the next numbers.
    taken = [int(m.group(1)) for p in (dest / "claims").glob("*.yaml") for m in [_COPY_NUMBER.search(p.stem)] if m]
    first = max(taken, default=0) + 1
    for n in range(first, first + k):
        for doc_id, data in files.items():
            new_doc = copy_document_id(doc_id, n)
            seed, marker = _copy_seed((seeds_dir / f"{doc_id}.txt").read_bytes(), n, data["document"].get("title"))
            if (dest / "seeds" / f"{new_doc}.txt").exists():
                raise GrowError(f"{dest}: already holds seeds/{new_doc}.txt; grow into a fresh copy")
            (dest / "seeds" / f"{new_doc}.txt").write_bytes(seed)
            copied = _copy_file(data, new_doc, n, claim_ids)
            copied["document"]["sha256"] = hashlib.sha256(seed).hexdigest()
            copied["document"]["not_claims"] = [*(copied["document"].get("not_claims") or []), marker]
            # A near-duplicate whose note names the other document has been looked at: say what the copy is.
            # Validate pairs texts only where a passage is shared by at most NAMED_SIBLINGS of them; with more
            # copies none is paired, and naming every other copy would make each note grow with K (the
            # data, and the site showing it, would grow with K squared).
            holders = first + k - 1 + (1 if into else 0)
            siblings = ", ".join(copy_document_id(doc_id, m) for m in range(first, first + k)
                                 if m != n) if holders <= NAMED_SIBLINGS else ""
            copied["document"]["note"] = " ".join(filter(None, [
                copied["document"].get("note"),
                f"benchmarks/grow.py made this document as copy {n} of {doc_id}"
                + (f"; the other copies: {siblings}." if siblings else "."),
            ]))
            if copied["document"].get("title"):  # the marker line ends with the headline: a title of its own
                copied["document"]["title"] = marker["quote"]["text"]
            _write(dest / "claims" / f"{new_doc}.yaml", copied)
    if retired:
        kept = []
        if into and (dest / "claims" / RETIRED).is_file():
            kept = _read(dest / "claims" / RETIRED)["retired"]
        _write(dest / "claims" / RETIRED, {"retired": kept + [
            _copy_retired(record, n, claim_ids) for n in range(first, first + k) for record in retired["retired"]
        ]})
    return Grown(k=k, documents=k * len(files), claims=k * len(claim_ids))


def _copy_seed(original: bytes, n: int, title: str | None) -> tuple[bytes, dict[str, Any]]:
    """The copy's seed (the original, then a line of its own) and the not-claim that lists that line.

    The line names the copy and repeats the headline, so that the copy's title, which must appear in its
    text, is its own: a lookup by headline finds one document, as it would for a real new article.
    """
    text = original.decode("utf-8")
    if not text.endswith("\n"):
        text += "\n"
    marker = f"Копия {n:03d}" + (f": {title}" if title else "")
    not_claim = {"quote": {"text": marker, "start": len(text), "end": len(text) + len(marker)},
                 "reason": "source-label", "note": "The line benchmarks/grow.py adds to tell this copy apart."}
    return (text + marker + "\n").encode("utf-8"), not_claim


def _remap(ref: str, n: int, known: set[str]) -> str:
    # An id outside the data is left as it is, so validation reports it as it would in the source.
    return copy_id(ref, n) if ref in known else ref


def _copy_file(data: dict[str, Any], new_doc: str, n: int, known: set[str]) -> dict[str, Any]:
    claims = []
    for claim in data["claims"]:
        copied = dict(claim, id=copy_id(claim["id"], n))
        if claim.get("relations"):
            copied["relations"] = [dict(r, claim=_remap(r["claim"], n, known)) for r in claim["relations"]]
        claims.append(copied)
    return {"document": dict(data["document"], id=new_doc), "claims": claims}


def _copy_retired(record: dict[str, Any], n: int, known: set[str]) -> dict[str, Any]:
    copied = dict(record, id=copy_id(record["id"], n))
    if record.get("replaced_by"):
        copied["replaced_by"] = [_remap(ref, n, known) for ref in record["replaced_by"]]
    return copied


def break_one_quote(root: Path) -> str:
    """Make the first claim of the first claims file quote text its seed does not have; its path."""
    path = _claims_files(Path(root) / "claims")[0]
    data = _read(path)
    quote = data["claims"][0]["quote"]
    quote["text"] = quote["text"] + " (broken)"
    _write(path, data)
    return path.name


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--k", type=int, required=True, help="how many copies of each document")
    where = parser.add_mutually_exclusive_group(required=True)
    where.add_argument("--out", type=Path, help="the new tree (a new or empty directory)")
    where.add_argument("--into", type=Path, help="a checkout (a copy of one) to add the copies to")
    parser.add_argument("--root", type=Path, default=CHECKOUT, help="the checkout to grow (default: this one)")
    parser.add_argument("--documents", nargs="+", metavar="ID", help="copy only these documents (with --into)")
    args = parser.parse_args(argv)
    try:
        grown = grow(args.root, args.into or args.out, args.k, into=args.into is not None, documents=args.documents)
    except GrowError as exc:
        print(f"grow: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:
        print(f"grow: {exc.filename}: cannot write: {exc.strerror}", file=sys.stderr)
        return 2
    print(f"wrote {grown.claims} claims in {grown.documents} documents to {args.into or args.out} (k={grown.k})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
