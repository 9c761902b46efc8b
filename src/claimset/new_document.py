"""`claimset new`: add a source text to a checkout, ready for annotation.

The text is copied into `seeds/<id>.txt` byte for byte and its sha256
recorded in a new `claims/<id>.yaml`. That file holds what the text itself
proves (id, source file name, sha256) and leaves out every document field
only a person can fill in, so `claimset validate` names each one as missing
(`missing-field`) until it is written; nothing is guessed. A text `validate`
would refuse as a seed (not UTF-8, a byte-order mark, a character no quote may
hold) is refused here, before anything is written, and so is a text that is
already a document's seed (the same up to whitespace and line endings: one
text, one document). A text that is mostly another document's is written, with
a warning. A claim-id prefix that no other document's claims use is proposed.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from . import duplicates, safefiles, textpolicy
from .coverage import Sentence, sentences
from .fmt import dump, schema_line
from .problems import UsageError
from .models import SLUG_MAX_LENGTH, SLUG_PATTERN, Document
from .read import Tree, read_tree

# Document fields `new` writes itself; every other required one is the contributor's.
KNOWN = ("id", "source_file", "sha256")


@dataclass(frozen=True)
class NewDocument:
    seed: str  # paths relative to the checkout root
    claims: str
    sha256: str
    size: int
    to_fill: dict[str, str]  # required document field → what it holds
    sentences: list[Sentence]
    seed_kept: bool = False  # the text was already the seed: only the claims file was written
    prefix: str = ""  # a claim-id prefix no other document uses
    near: tuple[duplicates.Near, ...] = ()  # documents whose text is mostly this one's (this one is `later`)

    @property
    def summary(self) -> str:
        """What was written, in one line."""
        seed = f"{self.seed} ({self.size} bytes, sha256 {self.sha256})"
        if self.seed_kept:
            return f"kept {seed} as it is and wrote {self.claims}"
        return f"wrote {seed} and {self.claims}"


def fields_to_fill() -> dict[str, str]:
    """The document's required fields that only a person can fill in, with their descriptions."""
    return {name: info.description or "" for name, info in Document.model_fields.items()
            if info.is_required() and name not in KNOWN}


# How many prefixes are made from the id's words before a number is added to the first.
MAX_CANDIDATES = 6
_YEAR = re.compile(r"(?:19|20)\d\d")


def prefix_candidates(doc_id: str) -> list[str]:
    """Claim-id prefixes made from the document id, best first: its subject's words and the year's last two digits.

    `ria-2025-12-05-treaty-anniversary-asmolov` gives `treaty25`, `taa25` (initials),
    `annive25`, `asmolo25`, `treann25`. The subject is what follows the date; an id
    without a year gives its words after the outlet, with no digits added.
    """
    parts = doc_id.split("-")
    year_at = next((i for i, part in enumerate(parts) if _YEAR.fullmatch(part)), None)
    if year_at is None:
        year, subject = "", parts[1:] or parts
    else:
        year, rest = parts[year_at][2:], parts[year_at + 1:]
        skip = 0
        while skip < min(2, len(rest)) and re.fullmatch(r"\d\d", rest[skip]):  # month and day
            skip += 1
        subject = rest[skip:] or parts[:year_at] or ["doc"]
    words = [w for w in subject if w]
    first = words[0]
    found = [first[:6], "".join(w[0] for w in words[:4]) if len(words) > 1 else "", first[:10]]
    found += [w[:6] for w in words[1:3]]
    found += [first[:3] + words[1][:3]] if len(words) > 1 else []
    return list(dict.fromkeys(f"{c}{year}" for c in found if c))[:MAX_CANDIDATES]


def propose_prefix(doc_id: str, used: set[str]) -> str:
    """The first candidate prefix that is not in ``used``; else the first with `n2`, `n3` … added.

    At most `MAX_CANDIDATES` + len(used) + 1 tries: one of that many numbers is free.
    """
    candidates = prefix_candidates(doc_id)
    for candidate in candidates:
        if candidate not in used:
            return candidate
    n = 2
    while f"{candidates[0]}n{n}" in used:
        n += 1
    return f"{candidates[0]}n{n}"


def used_prefixes(tree: Tree) -> set[str]:
    """The first segment of every claim id in the checkout: current, retired and released (ids are never reused)."""
    ids = [raw.data.get("id") for raw in tree.claims + tree.retired if isinstance(raw.data, dict)]
    ids += [claim_id for _, claim_id in tree.released_ids]
    return {claim_id.split("-", 1)[0] for claim_id in ids if isinstance(claim_id, str)}


def _texts(tree: Tree) -> dict[str, str]:
    """The text of every document's seed that reads (one that does not is `validate`'s to report)."""
    texts = {}
    for stem, raw in tree.seeds.items():
        try:
            texts[stem] = textpolicy.decode_seed(raw)
        except textpolicy.SeedFault:
            continue
    return texts


def create(root: Path, source: Path, doc_id: str) -> NewDocument:
    """Copy ``source`` to `seeds/<doc_id>.txt` and write `claims/<doc_id>.yaml`; refuse rather than overwrite."""
    if not re.fullmatch(SLUG_PATTERN, doc_id) or len(doc_id) > SLUG_MAX_LENGTH:
        raise UsageError(f"{doc_id!r} is not a document id: use lowercase letters, digits and single hyphens, "
                         "e.g. ria-2025-12-05-treaty-anniversary (outlet, date, subject)")
    claims_dir, seeds_dir = root / "claims", root / "seeds"
    if not claims_dir.is_dir() or not seeds_dir.is_dir():
        raise UsageError(f"{root}: no claims/ and seeds/ directories; point at a claimset checkout (--root DIR)")
    for directory in (claims_dir, seeds_dir):
        try:
            safefiles.check_path(root, directory, directory=True)
        except safefiles.UnsafeFile as exc:
            raise UsageError(f"{exc}; new writes only into real directories of the checkout") from None
    seed, record = seeds_dir / f"{doc_id}.txt", claims_dir / f"{doc_id}.yaml"
    # A text already saved as its seed (what `validate` calls a seed without a document) is kept as it is.
    in_place = seed.exists() and source.resolve() == seed.resolve()
    if record.exists():
        raise UsageError(f"claims/{doc_id}.yaml already exists; document ids are unique: "
                         "choose another id, or edit that document")
    if seed.exists() and not in_place:
        raise UsageError(f"seeds/{doc_id}.txt already exists, with no claims/{doc_id}.yaml: to annotate that text, "
                         f"run `claimset new seeds/{doc_id}.txt --id {doc_id}`; to add another, choose another id")
    raw = source.read_bytes()
    # The seed is held to the rules `validate` applies to it: no document starts with a seed it would refuse.
    try:
        text = textpolicy.decode_seed(raw)
        fault = textpolicy.seed_character(text)
    except textpolicy.SeedFault as exc:
        fault = exc
    if fault is not None:
        raise UsageError(f"{source}:{fault.line}:{fault.col}: {fault.code}: {fault.message}")
    found = sentences(text)
    if not found:
        raise UsageError(f"{source}: the file holds no text to annotate")
    tree = read_tree(root)
    texts = _texts(tree)  # a seed without its claims file (this one, when kept in place) is not among them
    texts.pop(doc_id, None)
    same = {duplicates.fingerprint(other): stem for stem, other in texts.items()}.get(duplicates.fingerprint(text))
    if same is not None:
        how = "byte for byte" if texts[same] == text else "up to whitespace and line endings"
        raise UsageError(f"{source}: this text is already document {same!r} (seeds/{same}.txt, {how}); one text is "
                         f"one document: annotate it in claims/{same}.yaml")
    near = tuple(n for n in duplicates.near_texts({**texts, doc_id: text}) if n.later == doc_id)
    digest = hashlib.sha256(raw).hexdigest()
    content = {"document": {"id": doc_id, "source_file": source.name, "sha256": digest}, "claims": []}
    if not in_place:
        with open(seed, "xb") as out:  # "x": never replace a file that appeared meanwhile
            out.write(raw)
    try:
        with open(record, "x", encoding="utf-8", newline="\n") as out:
            out.write(schema_line(record) + dump(content))
    except OSError:
        if not in_place:
            seed.unlink()  # both files or neither: a seed without its record is refused by validate
        raise
    return NewDocument(f"seeds/{doc_id}.txt", f"claims/{doc_id}.yaml", digest, len(raw), fields_to_fill(), found,
                       seed_kept=in_place, prefix=propose_prefix(doc_id, used_prefixes(tree)), near=near)
