"""`claimset new`: add a source text to a checkout, ready for annotation.

The text is copied into `seeds/<id>.txt` byte for byte and its sha256
recorded in a new `claims/<id>.yaml`. That file holds what the text itself
proves (id, source file name, sha256) and leaves out every document field
only a person can fill in, so `claimset validate` names each one as missing
(`missing-field`) until it is written; nothing is guessed. A text `validate`
would refuse as a seed (not UTF-8, a byte-order mark, a character no quote may
hold) is refused here, before anything is written.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from . import textpolicy
from .coverage import Sentence, sentences
from .fmt import dump, schema_line
from .problems import UsageError
from .models import SLUG_PATTERN, Document

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


def create(root: Path, source: Path, doc_id: str) -> NewDocument:
    """Copy ``source`` to `seeds/<doc_id>.txt` and write `claims/<doc_id>.yaml`; refuse rather than overwrite."""
    if not re.fullmatch(SLUG_PATTERN, doc_id) or len(doc_id) > 120:
        raise UsageError(f"{doc_id!r} is not a document id: use lowercase letters, digits and single hyphens, "
                         "e.g. ria-2025-12-05-treaty-anniversary (outlet, date, subject)")
    claims_dir, seeds_dir = root / "claims", root / "seeds"
    if not claims_dir.is_dir() or not seeds_dir.is_dir():
        raise UsageError(f"{root}: no claims/ and seeds/ directories; point at a claimset checkout (--root DIR)")
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
                       seed_kept=in_place)
