"""Read a checkout (or the copy shipped in the package) into validated records.

`read_sources` parses every YAML file and validates each record against the
models, collecting problems instead of stopping at the first. `load` adds the
cross-record checks and returns a `Dataset`, or raises `InvalidDataset`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Optional, Union

from pydantic import BaseModel, ValidationError

from .models import Actor, Claim, ClaimRecord, Document, RetiredClaim
from .problems import Problem, suggest

if TYPE_CHECKING:
    # The YAML reader is imported where files are parsed: loading the compiled packaged data needs none of it.
    from .dataset import Dataset
    from .yamlio import PathKey, YamlDoc

ACTORS_FILE = "actors.yaml"
RETIRED_FILE = "retired.yaml"
# The claim ids of the latest published release, one per line (a copy of its ids.txt).
RELEASED_IDS = "releases/latest-ids.txt"


class UsageError(Exception):
    """The command cannot run: a missing directory, an unreadable file."""


class InvalidDataset(Exception):
    """The data has problems; `problems` lists each of them."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__(f"{len(problems)} problem(s) in the data; the first: {problems[0].text()}")


@dataclass
class SourceFile:
    """One YAML file: its path relative to the root and its parsed data."""

    rel: str
    yaml: Optional[YamlDoc]

    def where(self, path: PathKey) -> tuple[int, int]:
        return self.yaml.position(path) if self.yaml else (1, 1)


@dataclass
class Sources:
    """Everything read from a root, and what was wrong with it on the way."""

    root: Path
    documents: dict[str, Document] = field(default_factory=dict)
    texts: dict[str, str] = field(default_factory=dict)
    seed_bytes: dict[str, bytes] = field(default_factory=dict)
    claims: list[Claim] = field(default_factory=list)
    actors: list[Actor] = field(default_factory=list)
    retired: list[RetiredClaim] = field(default_factory=list)
    released_ids: list[tuple[int, str]] = field(default_factory=list)  # (line, id)
    # Where each record came from: (file, path inside it) for error positions.
    files: dict[str, SourceFile] = field(default_factory=dict)
    origin: dict[int, tuple[str, PathKey]] = field(default_factory=dict)
    document_file: dict[str, str] = field(default_factory=dict)
    # Records that failed validation: their ids and spans, so that checks
    # across records do not report the same mistake again as a missing
    # reference or an uncovered sentence.
    broken_ids: set[str] = field(default_factory=set)
    broken_spans: dict[str, list[tuple[int, int]]] = field(default_factory=dict)
    # Record kinds ("actors", "claims") of which some could not be read at
    # all, and documents with a broken claim of unknown span: references and
    # coverage cannot be judged there until the reported problems are fixed.
    incomplete: set[str] = field(default_factory=set)
    coverage_unknown: set[str] = field(default_factory=set)
    problems: list[Problem] = field(default_factory=list)

    def problem(self, rel: str, path: PathKey, code: str, message: str, field_path: Optional[str] = None) -> None:
        line, col = self.files[rel].where(path) if rel in self.files else (1, 1)
        self.problems.append(Problem(rel, line, col, code, field_path if field_path is not None else dotted(path), message))


def dotted(path: PathKey) -> str:
    """`('claims', 3, 'quote', 'start')` → `claims[3].quote.start`."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def read_sources(root: Union[str, Path]) -> Sources:
    """Parse and model-validate every file under ``root``; never raises on bad data."""
    root = Path(root)
    claims_dir = root / "claims"
    if not claims_dir.is_dir():
        raise UsageError(f"{root}: no claims/ directory; point at a claimset checkout (on the command line: --root DIR)")
    sources = Sources(root=root)
    if (claims_dir / ACTORS_FILE).is_file():
        sources.actors.extend(_read_registry(sources, claims_dir / ACTORS_FILE, "actors", Actor))
    else:
        sources.incomplete.add("actors")
        sources.problems.append(Problem(f"claims/{ACTORS_FILE}", 1, 1, "missing-file", "",
                                        "the actor registry is missing; every speaker and relay is defined there"))
    if (claims_dir / RETIRED_FILE).is_file():
        _read_retired(sources, claims_dir / RETIRED_FILE)
    for path in sorted(claims_dir.glob("*.yaml")):
        if path.name not in (ACTORS_FILE, RETIRED_FILE):
            _read_claims_file(sources, path)
    _read_released_ids(sources, root / RELEASED_IDS)
    for path in sorted(claims_dir.iterdir()):
        if path.is_dir() or path.suffix != ".yaml":
            sources.problems.append(Problem(
                _rel(sources, path), 1, 1, "unexpected-file", "",
                "claims/ holds only <doc-id>.yaml files, actors.yaml and retired.yaml; a file here would be ignored",
            ))
    _orphan_seeds(sources)
    return sources


def _rel(sources: Sources, path: Path) -> str:
    try:
        return path.relative_to(sources.root).as_posix()
    except ValueError:
        return path.as_posix()


def _parse(sources: Sources, path: Path) -> Optional[SourceFile]:
    from . import yamlio
    from .yamlio import YamlError

    rel = _rel(sources, path)
    try:
        doc = yamlio.load(path)
    except YamlError as exc:
        sources.files[rel] = SourceFile(rel, None)
        sources.problems.append(Problem(rel, exc.line, exc.col, exc.code, "", exc.message))
        return None
    except OSError as exc:
        raise UsageError(f"{rel}: cannot read: {exc.strerror}") from None
    source = SourceFile(rel, doc)
    sources.files[rel] = source
    return source


def _mapping_with(sources: Sources, source: SourceFile, keys: tuple[str, ...]) -> Optional[dict[str, Any]]:
    """The file's top-level mapping if it has exactly ``keys``; otherwise report and return None."""
    data = source.yaml.data if source.yaml else None
    if not isinstance(data, dict):
        sources.problem(source.rel, (), "wrong-shape", f"the file must be a mapping with the keys {', '.join(keys)}", "")
        return None
    ok = True
    for key in keys:
        if key not in data:
            sources.problem(source.rel, (), "missing-field", f"the file needs a top-level {key!r}", key)
            ok = False
    for key in data:
        if key not in keys:
            sources.problem(source.rel, (key,), "unknown-field", f"unknown top-level key{suggest(key, keys)}", key)
            ok = False
    return data if ok else None


def _read_retired(sources: Sources, path: Path) -> None:
    sources.retired.extend(_read_registry(sources, path, "retired", RetiredClaim))


def _read_registry(sources: Sources, path: Path, key: str, model: type[BaseModel]) -> list[Any]:
    """The valid records of a file holding one top-level list under ``key``."""
    source = _parse(sources, path)
    data = _mapping_with(sources, source, (key,)) if source else None
    if source is None or data is None or not _is_list(sources, source, (key,), data[key]):
        sources.incomplete.add(key)
        return []
    records = []
    for i, raw in enumerate(data[key]):
        record = _validate(sources, source, (key, i), model, raw)
        if record is None:
            _remember_broken(sources, raw, None)
        else:
            sources.origin[id(record)] = (source.rel, (key, i))
            records.append(record)
    return records


def _read_released_ids(sources: Sources, path: Path) -> None:
    if not path.is_file():
        return  # no release published yet
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError(f"{RELEASED_IDS}: cannot read: {exc}") from None
    sources.released_ids = [(n, line.strip()) for n, line in enumerate(text.splitlines(), 1) if line.strip()]


def _read_claims_file(sources: Sources, path: Path) -> None:
    source = _parse(sources, path)
    data = _mapping_with(sources, source, ("document", "claims")) if source else None
    if source is None or data is None:
        sources.incomplete.add("claims")
        return
    document = _validate(sources, source, ("document",), Document, data["document"])
    doc_id = path.stem
    if document is not None:
        if document.id != doc_id:
            sources.problem(source.rel, ("document", "id"), "document-id-mismatch",
                            f"document id {document.id!r} must equal the file name {doc_id!r}")
        else:
            sources.documents[doc_id] = document
            sources.document_file[doc_id] = source.rel
            _read_seed(sources, document)
    if not _is_list(sources, source, ("claims",), data["claims"]):
        sources.incomplete.add("claims")
        return
    for i, raw in enumerate(data["claims"]):
        record = _validate(sources, source, ("claims", i), ClaimRecord, raw)
        if record is None:
            _remember_broken(sources, raw, doc_id)
            continue
        claim = Claim(**dict(record), document=doc_id)
        sources.origin[id(claim)] = (source.rel, ("claims", i))
        sources.claims.append(claim)


def _orphan_seeds(sources: Sources) -> None:
    """A seed text without its claims file would silently drop out of the dataset."""
    seeds = sources.root / "seeds"
    if not seeds.is_dir():
        raise UsageError(f"{_rel(sources, seeds)}: no seeds/ directory; the source texts are required")
    for path in sorted(seeds.iterdir()):
        stem = path.stem if path.suffix == ".txt" else None
        if stem is None or not (sources.root / "claims" / f"{stem}.yaml").is_file():
            sources.problems.append(Problem(
                _rel(sources, path), 1, 1, "seed-without-document", "",
                f"no claims/{path.stem}.yaml for this source text; add its document and claims, or remove the seed",
            ))


def _remember_broken(sources: Sources, raw: Any, doc_id: Optional[str]) -> None:
    kind = "claims" if doc_id else "actors"
    record = raw if isinstance(raw, dict) else {}
    if isinstance(record.get("id"), str):
        sources.broken_ids.add(record["id"])
    else:
        sources.incomplete.add(kind)
    quote = record.get("quote")
    if not doc_id:
        return
    if isinstance(quote, dict) and isinstance(quote.get("start"), int) and isinstance(quote.get("end"), int):
        sources.broken_spans.setdefault(doc_id, []).append((quote["start"], quote["end"]))
    else:
        sources.coverage_unknown.add(doc_id)


def _read_seed(sources: Sources, document: Document) -> None:
    seed = sources.root / "seeds" / f"{document.id}.txt"
    rel = sources.document_file[document.id]
    try:
        raw = seed.read_bytes()
    except FileNotFoundError:
        sources.problem(rel, ("document", "id"), "seed-missing",
                        f"no source text seeds/{document.id}.txt; every document needs its verbatim text")
        return
    except OSError as exc:
        raise UsageError(f"seeds/{document.id}.txt: cannot read: {exc.strerror}") from None
    try:
        sources.texts[document.id] = raw.decode("utf-8")
    except UnicodeDecodeError:
        sources.problem(rel, ("document", "id"), "seed-encoding", f"seeds/{document.id}.txt is not valid UTF-8")
        return
    sources.seed_bytes[document.id] = raw


def _is_list(sources: Sources, source: SourceFile, path: PathKey, value: Any) -> bool:
    if isinstance(value, list):
        return True
    sources.problem(source.rel, path, "wrong-type", f"must be a list (one '- ' item per record), not {_kind(value)}")
    return False


def _kind(value: Any) -> str:
    return {dict: "a mapping", list: "a list", str: "text", type(None): "empty"}.get(type(value), type(value).__name__)


def _validate(sources: Sources, source: SourceFile, path: PathKey, model: type[BaseModel], raw: Any) -> Any:
    try:
        return model.model_validate(raw)
    except ValidationError as exc:
        for error in exc.errors(include_url=False):
            loc = path + tuple(error["loc"])
            code, message = _describe(error, model)
            where = loc[:-1] if error["type"] == "missing" else loc
            sources.problem(source.rel, where, code, message, dotted(loc))
        return None


_CODES = {
    "missing": "missing-field",
    "extra_forbidden": "unknown-field",
    "enum": "unknown-term",
    "value_error": "invalid-value",
    "string_pattern_mismatch": "invalid-format",
    "string_too_short": "empty-value",
    "int_type": "wrong-type",
    "too_short": "empty-list",
    "greater_than_equal": "out-of-range",
}


def _describe(error: Any, model: type[BaseModel]) -> tuple[str, str]:
    kind = error["type"]
    code = _CODES.get(kind, "wrong-type" if kind.endswith("_type") or kind.endswith("_parsing") else kind.replace("_", "-"))
    message = error["msg"]
    if kind == "value_error":
        message = message.removeprefix("Value error, ")
    elif kind == "extra_forbidden":
        name = str(error["loc"][-1])
        message = f"unknown field {name!r}{suggest(name, _field_names(model, error['loc'][:-1]))}"
    elif kind == "string_too_short":
        message = "must not be empty"
    elif kind == "missing":
        message = f"required field {str(error['loc'][-1])!r} is missing"
    elif kind == "string_pattern_mismatch" and "a-z0-9" in str(error.get("ctx", {}).get("pattern", "")):
        message = f"{error['input']!r} is not an id: use lowercase letters, digits and single hyphens (no spaces, dots or slashes)"
    elif kind == "string_pattern_mismatch":
        message = f"{error['input']!r} does not have the expected form ({error['ctx']['pattern']})"
    elif kind == "enum":
        expected = error.get("ctx", {}).get("expected", "")
        terms = [t.strip(" '") for t in expected.replace(" or ", ", ").split(",")]
        hint = suggest(str(error["input"]), terms)
        message = f"{error['input']!r} is not a term of this vocabulary{hint or ''}; use one of {expected} (README: Vocabularies)"
    elif code == "wrong-type":
        message = f"{message} (got {_kind(error['input'])})"
    return code, message


def _field_names(model: Any, loc: tuple) -> list[str]:
    """The field names allowed at ``loc`` inside ``model``."""
    for part in loc:
        if isinstance(part, int) or not (isinstance(model, type) and issubclass(model, BaseModel)):
            continue
        info = model.model_fields.get(part)
        if info is None:
            return []
        model = _inner_model(info.annotation)
    if isinstance(model, type) and issubclass(model, BaseModel):
        return list(model.model_fields)
    return []


def _inner_model(annotation: Any) -> Any:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()):
        found = _inner_model(arg)
        if found is not None:
            return found
    return None


# --- the public entry point -------------------------------------------------


def packaged_root() -> Path:
    """Where the installed package keeps its copy of the data."""
    # The package is always unpacked on disk (the data is read as files), so no importlib.resources.
    data = Path(__file__).resolve().parent / "data"
    if data.is_dir():
        return data
    # An editable install or a source checkout: the data is the checkout's own.
    checkout = Path(__file__).resolve().parents[2]
    if (checkout / "claims").is_dir() and (checkout / "seeds").is_dir():
        return checkout
    raise UsageError("this installation carries no data (claimset/data is missing); reinstall the package")


def load(root: Union[str, Path, None] = None) -> "Dataset":
    """Load the dataset: the installed copy, a checkout, or a release (directory, claims.json or http(s) URL).

    A checkout is validated fully and raises `InvalidDataset` listing every
    problem; a release is verified against its SHA256SUMS and its own texts
    and raises `release.ReleaseError` naming what is wrong.
    """
    if root is None:
        return _load_packaged()
    from . import release

    if release.is_url(root):
        return release.load_url(str(root))
    path = Path(root).resolve()
    if not path.exists():
        raise UsageError(f"{root}: no such file or directory; load() reads a checkout, a release directory, "
                         "a release's claims.json or an http(s) URL of one")
    if release.is_release(path):
        return release.load_path(path)
    return _load(path)


@lru_cache(maxsize=1)
def _load_packaged() -> "Dataset":
    from . import compiled

    # The compiled form when it is current for these files; otherwise full validation.
    root = packaged_root()
    dataset = compiled.read(root)
    return dataset if dataset is not None else _load(root)


def _load(root: Path) -> "Dataset":
    from .dataset import Dataset
    from .validate import check

    sources = read_sources(root)
    problems = check(sources)
    if problems:
        raise InvalidDataset(problems)
    return Dataset.from_sources(sources)
