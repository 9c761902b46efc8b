"""The `claimset` command: validate, coverage, counts, fmt, new, build, site, diff, schema; search and show for readers.

Exit codes: 0 valid, 1 invalid data, 2 usage or I/O error.
"""

from __future__ import annotations

import bisect
import functools
import gc
import sys
from pathlib import Path
from typing import Any, Callable, NoReturn, Optional

import click

from . import __version__
from .vocab import Sector

EXIT_INVALID = 1
EXIT_USAGE = 2

root_option = click.option(
    "--root",
    type=click.Path(file_okay=False, path_type=Path),
    default=".",
    show_default="the current directory",
    help="A claimset checkout (the directory holding claims/ and seeds/).",
)


def _data_root(context: click.Context, param: click.Parameter, value: Optional[Path]) -> Path:
    """--root as given; without it, the current directory if it is a checkout, else the installed package's data."""
    if value is not None:
        return value
    if Path("claims").is_dir():
        return Path(".")
    from .loader import packaged_root

    root = packaged_root()
    click.echo(f"no claims/ here: reading the data the installed claimset {__version__} package carries ({root})",
               err=True)
    return root


# For the commands that read the data without changing it (build, site, counts): outside a checkout they
# read the installed package's copy, and say so.
data_root_option = click.option(
    "--root",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    callback=_data_root,
    show_default="the current directory if it holds claims/, else the installed package's data",
    help="A claimset checkout (the directory holding claims/ and seeds/).",
)


def out_option(what: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """`--out DIR` for a command that writes a whole directory (a release, a site)."""
    return click.option(
        "--out",
        type=click.Path(file_okay=False, path_type=Path),
        required=True,
        help=f"The {what} directory; replaced whole, and only when the build succeeds.",
    )


class UsageFailure(click.ClickException):
    """A one-line error for the user; exit code 2 like click's own usage errors.

    One line indeed: a file name's line break or other control character is shown as an
    escape (`\\n`), so that no name can start a line CI reads as a workflow command.
    """

    exit_code = EXIT_USAGE

    def __init__(self, message: str):
        from .escape import controls

        super().__init__(controls(message))


def echo(line: str, err: bool = False) -> None:
    """Print one line that may hold file names or text from the data, control characters escaped."""
    from .escape import controls

    click.echo(controls(line), err=err)


def refuse(problems: list, summary: str) -> NoReturn:
    """Print the problems (stdout) and a one-line summary (stderr), then exit 1."""
    from .problems import ordered, render

    click.echo(render(ordered(problems), "text"))
    sys.stdout.flush()
    echo(summary, err=True)
    sys.exit(EXIT_INVALID)


def guarded(command: Callable[..., Any]) -> Callable[..., Any]:
    """Turn expected failures into one-line messages and exit 2; never show a traceback."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        from .loader import InvalidDataset, UsageError

        try:
            return command(*args, **kwargs)
        except InvalidDataset as exc:
            refuse(exc.problems, f"{len(exc.problems)} problem(s) in the data; run `claimset validate` there")
        except BrokenPipeError:
            # The reader went away (`| head`): stop quietly, as other tools do.
            sys.stderr.close()
            sys.exit(0)
        except UsageError as exc:
            raise UsageFailure(str(exc)) from None
        except OSError as exc:
            where = f"{exc.filename!s}: " if exc.filename else ""
            raise UsageFailure(f"{where}{exc.strerror or exc}") from None
        except (click.ClickException, click.Abort, click.exceptions.Exit):
            raise
        except Exception as exc:  # noqa: BLE001 - the last line of defence for users
            raise UsageFailure(f"internal error ({type(exc).__name__}: {exc}); please report it") from None

    return wrapper


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="claimset")
def cli() -> None:
    """Validate, document and export the claimset dataset."""


@cli.command()
@root_option
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "github", "json"]),
    default="text",
    show_default=True,
    help="text for people, github for pull-request annotations, json for programs.",
)
@guarded
def validate(root: Path, fmt: str) -> None:
    """Check every record, quote, seed, reference, date and sentence; list every problem.

    Each problem is printed as `path:line:col: code: field: message`, the path
    relative to --root. In github and json output each file is given from the
    current directory (absolute when --root is outside it), as GitHub expects.
    Warnings (a text that is mostly another document's) follow the problems:
    `warning: path:line:…` in text, `::warning` in github, `"severity":
    "warning"` in json. Exits 0 when the data is valid, warnings or not, 1 when
    it is not.

    Example: claimset validate --root . --format github
    """
    from .check import check
    from .problems import render
    from .read import read_tree

    checked = check(read_tree(root))
    problems, warnings = checked.problems, checked.warnings
    shown, left_out = _bounded(problems + warnings)
    if shown or fmt == "json":
        click.echo(render(shown, fmt, root))
    if left_out:
        sys.stdout.flush()
        click.echo(f"{left_out} more problem(s) and warning(s) not shown: the first {SHOWN_AT_MOST} are; "
                   "fix them and run validate again", err=True)
    also = f"; {len(warnings)} warning(s)" if warnings else ""
    if problems:
        if fmt == "text":
            sys.stdout.flush()
            click.echo(f"{len(problems)} problem(s) in {len({p.file for p in problems})} file(s){also}", err=True)
        sys.exit(EXIT_INVALID)
    if fmt == "text":
        click.echo(
            f"valid: {len(checked.claims)} claims in {len(checked.documents)} documents, "
            f"{len(checked.actors)} actors{also}"
        )


# What validate prints is bounded whatever a pull request holds: so many problems, each message so long.
SHOWN_AT_MOST = 1000
MESSAGE_AT_MOST = 2000
NAME_AT_MOST = 300


def _bounded(problems: list) -> tuple[list, int]:
    """The first `SHOWN_AT_MOST` problems, each cut to `MESSAGE_AT_MOST` characters of message and `NAME_AT_MOST` of
    field and file; and how many are left out."""
    from dataclasses import replace

    def cut(text: str, limit: int) -> str:
        return text if len(text) <= limit else text[:limit] + f"… ({len(text) - limit} characters more)"

    # The message, and the field (a key may be a megabyte long) and file name too.
    shown = [replace(p, message=cut(p.message, MESSAGE_AT_MOST), field=cut(p.field, NAME_AT_MOST),
                     file=cut(p.file, NAME_AT_MOST)) for p in problems[:SHOWN_AT_MOST]]
    return shown, max(0, len(problems) - SHOWN_AT_MOST)


def _valid_dataset(root: Path, summary: str) -> Any:
    """The checkout's dataset, fully checked; or its problems listed and exit 1 (``summary`` takes their count)."""
    from .check import check
    from .dataset import Dataset
    from .read import read_tree

    checked = check(read_tree(root))
    if checked.problems:
        refuse(checked.problems, summary.format(len(checked.problems)))
    return Dataset.from_sources(checked)


@cli.command()
@data_root_option
@out_option("release")
@click.option("--parquet", is_flag=True,
              help="Also write parquet/<table>/<table>.parquet (needs `pip install 'claimset[parquet]'`).")
@click.option("--previous", metavar="RELEASE",
              help="The previous release (a directory, or the http(s) URL of one): changes.json lists what changed "
                   "since, and carries each record's added_in and changed_in forward from it.")
@guarded
def build(root: Path, out: Path, parquet: bool, previous: Optional[str]) -> None:
    """Validate, then write the release files: JSON, JSONL, CSV, claims.db, datapackage.json, texts, schemas, SHA256SUMS.

    Every file is listed in the README's table of release files.

    The same sources give byte-identical files. A failed build leaves OUT as it was.

    Example: claimset build --out dist/release
    """
    from .build import (
        UnsafeOutput,
        check_output,
        release_files,
        version,
        write_atomically,
    )
    try:
        check_output(out, root)
    except UnsafeOutput as exc:
        raise UsageFailure(f"build refused: {exc}") from None
    dataset = _valid_dataset(root, f"build refused: {{}} problem(s); {out} is unchanged")
    if parquet:
        try:
            import pyarrow  # noqa: F401
        except ImportError:
            raise UsageFailure("--parquet needs pyarrow: pip install 'claimset[parquet]'") from None
    release = version(root)
    before = None
    if previous is not None:
        from .changes import previous as read_previous
        from .problems import UsageError

        try:
            before = read_previous(previous)
        except UsageError as exc:
            raise UsageFailure(f"--previous: {exc}") from None
    files = release_files(dataset, release, parquet=parquet, previous=before)
    try:
        write_atomically(files, out)
    except OSError as exc:
        raise UsageFailure(f"{out}: cannot write the release ({exc.strerror or exc}); it is unchanged") from None
    click.echo(f"wrote {len(files)} files to {out} (claimset {release}, {len(dataset)} claims)")


@cli.command()
@data_root_option
@out_option("site")
@click.option("--serve", is_flag=True, help="Then serve OUT on 127.0.0.1 (until Ctrl-C): the search needs http.")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True,
              help="The port --serve listens on (0: any free port).")
@guarded
def site(root: Path, out: Path, serve: bool, port: int) -> None:
    """Validate, then write a static site for reading the claims: one page per document and actor.

    The pages make no request outside the site: open OUT/index.html from disk or
    publish OUT as it is. Search and filters read a Pagefind index with fetch(),
    which browsers refuse from disk: --serve serves OUT on 127.0.0.1.
    Each claim's address is <doc-id>.html#<claim-id>.

    Example: claimset site --out dist/site --serve
    """
    from . import site as pages_of
    from .build import UnsafeOutput, version

    try:
        pages_of.check_output(out, root)
    except UnsafeOutput as exc:
        raise UsageFailure(f"site refused: {exc}") from None
    dataset = _valid_dataset(root, f"site refused: {{}} problem(s); {out} is unchanged")
    from .site_search import SearchIndexError

    try:
        count, size = pages_of.write(dataset, version(root), out)
    except SearchIndexError as exc:
        raise UsageFailure(f"site refused: {exc}; {out} is unchanged") from None
    except OSError as exc:
        raise UsageFailure(f"{out}: cannot write the site ({exc.strerror or exc}); it is unchanged") from None
    click.echo(f"wrote {count} files ({size / 1024:.0f} KiB) to {out}; open {out / 'index.html'}"
               + ("" if serve else " (its search needs the pages served: claimset site --out DIR --serve)"))
    if serve:
        from . import site_serve

        try:
            site_serve.serve(out, port, ready=lambda url: click.echo(f"serving {out} at {url} (Ctrl-C stops)"))
        except OSError as exc:
            raise UsageFailure(f"cannot serve on {site_serve.HOST}:{port} ({exc.strerror or exc})") from None


@cli.command()
@click.argument("old", type=click.Path(path_type=Path))
@click.argument("new", type=click.Path(path_type=Path))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "markdown", "json"]),
    default="text",
    show_default=True,
    help="markdown for release notes, json for programs.",
)
@guarded
def diff(old: Path, new: Path, fmt: str) -> None:
    """Claims, documents, actors and retirements added, removed and changed between OLD and NEW.

    Each change is shown field by field, with the value before and after.
    "Warnings for reviewers" (exit code 0) lists what a reviewer should look
    at: a corrected claim whose review still vouches for it as released, a
    released claim removed without a retirement record, a retirement whose
    retired_in does not fit the two versions (CONTRIBUTING lists the codes).
    OLD and NEW are release claims.json files, release directories or checkouts.

    Example: claimset diff old/claims.json . --format markdown
    """
    from .diff import compare, render, snapshot

    click.echo(render(compare(snapshot(old), snapshot(new)), fmt))


@cli.command()
@root_option
@click.option("--check", is_flag=True, help="Change nothing; exit 1 and list every file fmt would change.")
@guarded
def fmt(root: Path, check: bool) -> None:
    """Fix everything mechanical: place quotes, write canonical YAML, regenerate generated files.

    A quote given as `quote: {text: ...}` alone gets its start and end from the
    seed; offsets that point elsewhere are corrected when the text occurs once.
    The YAML is rewritten in its one canonical form; in claimset's own checkout
    (it holds src/claimset/), README.md's generated sections and
    schema/*.schema.json are regenerated too, from the models (none from the
    data). Files that do not parse or validate are reported and nothing is changed.

    Example: claimset fmt --check
    """
    from .fmt import run

    report = run(root, check)
    if report.problems:
        refuse(report.problems, "fmt changed nothing: fix these problems, then run `claimset fmt` again")
    for line in report.done + report.left:
        echo(line)
    if report.left:
        sys.exit(EXIT_INVALID)


@cli.command()
@root_option
@click.argument("path", type=click.Path(dir_okay=False, exists=True, path_type=Path))
@click.option("--id", "doc_id", required=True, help="The new document's id: outlet, date and subject as a slug.")
@guarded
def new(root: Path, path: Path, doc_id: str) -> None:
    """Add the source text PATH as a new document: its seed, and its claims file to fill in.

    PATH is copied byte for byte to seeds/ID.txt and its sha256 recorded in
    claims/ID.yaml, with the document fields to fill in left out (validate names
    each one) and no claims yet. The sentences to annotate are listed; after
    `claimset fmt`, `claimset validate` and `claimset coverage` show what remains.
    A claim-id prefix that no other document uses is proposed. A text already
    in seeds/ (up to whitespace and line endings) is refused; one that is mostly
    another document's gets a warning.

    Example: claimset new ~/article.txt --id ria-2025-12-05-treaty-anniversary
    """
    from .new_document import create

    made = create(root, path, doc_id)
    click.echo(made.summary)
    for near in made.near:
        click.echo(f"warning: {near.containment:.0%} of the shorter text's word 5-grams are also in document "
                   f"{near.earlier!r}: if this is the same item posted again, record it as CONTRIBUTING says "
                   "(One text, one document); if it is the same text, remove this document")
    click.echo(f"claim ids: start each with {made.prefix}- (no other document's claim ids do; "
               "CONTRIBUTING: Claim ids)")
    click.echo(f"1. fill in these fields under document: in {made.claims} (README: Data dictionary, Document):")
    for name, meaning in made.to_fill.items():
        click.echo(f"     {name}: {meaning}")
    click.echo(f"2. annotate its {len(made.sentences)} sentence(s): a claim for each assertion, a not_claims entry for "
               "text that asserts nothing; give each quote as `quote: {text: ...}` alone:")
    for sentence in made.sentences:
        echo(f"     {sentence.start}:{sentence.end} {sentence.text}")
    click.echo("3. run `claimset fmt`, then `claimset validate`; `claimset coverage` lists the sentences still uncovered")


@cli.command()
@click.option("--check", is_flag=True, help="Exit 1 if the committed schema files differ from the models.")
@click.option(
    "--dir",
    "directory",
    type=click.Path(file_okay=False, path_type=Path),
    default="schema",
    show_default=True,
    help="Where the schema files live.",
)
@guarded
def schema(check: bool, directory: Path) -> None:
    """Write the JSON Schemas (2020-12) generated from the models.

    Example: claimset schema --check
    """
    from . import schema as schemas

    if check:
        problems = schemas.stale(directory)
        for name, why in problems.items():
            click.echo(f"{directory / name}: {why}; run `claimset schema`")
        sys.exit(EXIT_INVALID if problems else 0)
    for name in schemas.write(directory):
        click.echo(f"wrote {directory / name}")


@cli.command()
@root_option
@guarded
def coverage(root: Path) -> None:
    """List, per document, the sentences and the runs of words that no claim and no not-claim entry covers.

    A sentence is covered when a claim's quote or a not-claim overlaps it and it
    holds no run of 8 or more consecutive words that none overlaps (the README's
    "Every sentence is accounted for"). Exits 1 when anything is uncovered.

    Example: claimset coverage --root .
    """
    from . import coverage as cover
    from .check import check
    from .read import is_claims_file, read_tree

    tree = read_tree(root)
    checked = check(tree)
    # Every claims file is listed, judged or not: a document whose records still have
    # problems (one being annotated) is judged from what reads; one that cannot be, says why.
    stems = {Path(rel).stem for rel in tree.files if is_claims_file(rel)}
    missing = 0
    for stem in sorted(stems | set(checked.coverage)):
        judged = checked.coverage.get(stem)
        if judged is None or judged.text is None or judged.why_not is not None:
            why = judged.why_not if judged is not None and judged.why_not else "its file does not read"
            echo(f"{stem}: not judged: {why}")
            missing += 1
            continue
        gaps = cover.uncovered(judged.text, judged.spans)
        runs = cover.uncovered_runs(judged.text, judged.spans)
        every = cover.sentences(judged.text)
        starts = [sentence.start for sentence in every]
        partly = {bisect.bisect_right(starts, run.start) for run in runs}  # a sentence may hold several runs
        missing += len(gaps) + len(runs)
        echo(f"{stem}: {len(every) - len(gaps) - len(partly)}/{len(every)} sentences covered")
        for sentence in gaps:
            echo(f"  {sentence.start}:{sentence.end} {sentence.text}")
        for run in runs:
            echo(f"  {run.start}:{run.end} {run.words} uncovered words: {run.text}")
    others = [p for p in checked.problems if p.code not in ("uncovered-sentence", "uncovered-words")]
    if others:
        click.echo(f"{len(others)} other problem(s) in the data; `claimset validate` lists them", err=True)
    sys.exit(EXIT_INVALID if missing or others else 0)


@cli.command()
@data_root_option
@guarded
def counts(root: Path) -> None:
    """Print the claims per document, per type and per speaker, as Markdown tables.

    The README states no counts, since every added article would change them; each
    release states its own (datapackage.json), and this command gives them for any checkout.
    Exits 1, listing the problems, when the data is not valid.

    Example: claimset counts --root .
    """
    from .docs import counts as tables

    click.echo(tables(_valid_dataset(root, "{} problem(s): no counts until the data is valid")), nl=False)


# --- reading the claims: search and show -------------------------------------------------------------------

def _reader_source(function: Callable[..., Any]) -> Callable[..., Any]:
    """`--root` (a checkout) or `--release` (a release directory, its claims.json, or its URL)."""
    function = click.option(
        "--release", "release", default=None, metavar="PATH_OR_URL",
        help="A release: its directory, its claims.json, or the http(s) URL of one (verified against SHA256SUMS).",
    )(function)
    return click.option(
        "--root", type=click.Path(file_okay=False, path_type=Path), default=None,
        show_default="the current directory if it holds claims/, else the installed package's data",
        help="A claimset checkout (validated in full).",
    )(function)


def _reader_format(function: Callable[..., Any]) -> Callable[..., Any]:
    from .reader import FORMATS

    return click.option(
        "--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True,
        help="table for reading in a terminal, json or csv for programs.",
    )(function)


def _reader_dataset(root: Optional[Path], release: Optional[str]) -> Any:
    """The data a reader asked for: a release, a checkout, or (neither given) the current checkout or the installed copy."""
    from .loader import load

    if root is not None and release is not None:
        raise UsageFailure("give --root (a checkout) or --release (a release), not both")
    if release is not None:
        return load(release)
    if root is None and Path("claims").is_dir():
        root = Path(".")
    return load(root)


class FilterOption:
    """A `search` option and the `Dataset.filter` argument it sets; a new filter is one more of these."""

    def __init__(self, flag: str, argument: str, help: str, *, multiple: bool = False,
                 flag_value: Optional[str] = None, choices: Optional[tuple[str, ...]] = None):
        self.flag, self.argument, self.help = flag, argument, help
        self.multiple, self.flag_value, self.choices = multiple, flag_value, choices

    def decorate(self, function: Callable[..., Any]) -> Callable[..., Any]:
        if self.flag_value is not None:  # a --x/--no-x switch, unset unless given
            return click.option(f"{self.flag}/{self.flag_value}", self.argument, default=None, help=self.help)(function)
        kind = click.Choice(self.choices) if self.choices else None
        return click.option(self.flag, self.argument, multiple=self.multiple, type=kind, help=self.help)(function)

    def value(self, given: Any) -> Any:
        """What the option gives `filter()`, or None when it was not given."""
        if self.multiple:
            return list(given) if given else None
        return given

    def value_from(self, options: dict[str, Any]) -> Any:
        """What the option gives `filter()`, from every option the command received."""
        return self.value(options[self.argument])


class WarningOption(FilterOption):
    """`--warning` (any warning), `--warning KIND` (a warning of that kind) and `--no-warning` (none)."""

    ANY = "any"

    def __init__(self, help: str):
        from .vocab import WarningKind

        super().__init__("--warning", "warning", help, choices=(self.ANY, *WarningKind.definitions()))

    def decorate(self, function: Callable[..., Any]) -> Callable[..., Any]:
        function = click.option("--no-warning", "no_warning", is_flag=True, default=False,
                                help="Only claims without a warning for readers.")(function)
        return click.option(
            self.flag, self.argument, is_flag=False, flag_value=self.ANY, default=None, metavar="[KIND]",
            type=click.Choice(self.choices), help=self.help,
        )(function)

    def value_from(self, options: dict[str, Any]) -> Any:
        kind, none = options[self.argument], options["no_warning"]
        if kind is not None and none:
            raise UsageFailure("give --warning or --no-warning, not both")
        if none:
            return False
        return True if kind == self.ANY else kind


# Repeat an option to match any of its values, as a list does in Python.
SEARCH_FILTERS = (
    FilterOption("--speaker", "speaker", "Who made the claim: an id, a name, a surname or an acronym (repeatable).",
                 multiple=True),
    FilterOption("--via", "via", "An actor the claim passed through (repeatable).", multiple=True),
    FilterOption("--about", "about", "An actor the claim is about: an id, a name, a surname or an acronym (repeatable).",
                 multiple=True),
    FilterOption("--involving", "involving", "An actor who made, passed on or is the subject of the claim (repeatable).",
                 multiple=True),
    FilterOption("--speaker-country", "speaker_country",
                 "The speaker's country, ISO 3166-1 alpha-2: RU, KP, KR … (repeatable).", multiple=True),
    FilterOption("--speaker-sector", "speaker_sector", "The speaker's sector: government, military … (repeatable).",
                 multiple=True, choices=tuple(Sector.definitions())),
    FilterOption("--type", "type", "The claim's type, e.g. quantity, forecast (repeatable).", multiple=True),
    FilterOption("--mode", "mode", "direct, reported or outlet (repeatable).", multiple=True),
    FilterOption("--document", "document", "The document: its id, headline, date or outlet (repeatable).",
                 multiple=True),
    FilterOption("--topic", "topic", "A subject tag (repeatable).", multiple=True),
    FilterOption("--review-status", "review_status", "How far the record was checked (repeatable).", multiple=True),
    FilterOption("--figures", "has_figures", "Only claims that assert numbers (--no-figures: that do not).",
                 flag_value="--no-figures"),
    WarningOption("Only claims with a warning for readers; with a KIND (public-record, other-document, "
                  "headline-vs-body, attribution, ambiguity), a warning of that kind."),
    FilterOption("--from", "date_from", "Said on or after this date (YYYY, YYYY-MM or YYYY-MM-DD)."),
    FilterOption("--to", "date_to", "Said on or before this date."),
    FilterOption("--event-from", "event_from", "What it reports happened on or after this date."),
    FilterOption("--event-to", "event_to", "What it reports happened on or before this date."),
    FilterOption("--dates", "dates", "within: the date certainly in the range (default); overlap: it may be.",
                 choices=("within", "overlap")),
)


def _search_filters(function: Callable[..., Any]) -> Callable[..., Any]:
    for option in reversed(SEARCH_FILTERS):
        function = option.decorate(function)
    return function


@cli.command()
@click.argument("words", nargs=-1)
@_search_filters
@_reader_source
@_reader_format
@guarded
def search(words: tuple[str, ...], root: Optional[Path], release: Optional[str], fmt: str, **filters: Any) -> None:
    """List the claims whose quote or English holds every one of WORDS, in any inflected form, that meet the filters.

    Matching is `data.search()`'s: whole words, casefolded, ё as е, stemmed
    (Курская finds «Курской»); every word must occur; a phrase goes in double
    quotes, quoted again for the shell ('"Курская область"'). The filters are
    `data.filter()`'s; without WORDS, every claim that meets them is listed.
    Names are not searched: --speaker and --via ask who said it, --about whom
    it is about. Exits 0,
    also when nothing matches; 2 on a usage error (a name that names nothing).

    Example: claimset search Курская --speaker Gerasimov --format json
    """
    import shutil

    from . import reader

    dataset = _reader_dataset(root, release)
    given = {option.argument: option.value_from(filters) for option in SEARCH_FILTERS}
    try:
        selection = dataset.filter(**{name: value for name, value in given.items() if value is not None})
        if words:
            selection = selection.search(" ".join(words))
    except (ValueError, TypeError) as exc:
        raise UsageFailure(str(exc)) from None
    rows = [reader.row(dataset, claim) for claim in selection]
    if fmt == "json":
        click.echo(reader.as_json(rows))
    elif fmt == "csv":
        click.echo(reader.as_csv(rows, reader.COLUMNS), nl=False)
    else:
        if rows:
            click.echo(reader.as_table(rows, shutil.get_terminal_size((120, 24)).columns))
        click.echo(f"{len(rows)} of {len(dataset)} claims", err=True)


@cli.command()
@click.argument("claim_id", metavar="ID")
@_reader_source
@_reader_format
@guarded
def show(claim_id: str, root: Optional[Path], release: Optional[str], fmt: str) -> None:
    """Print the claim ID: its sentence with the quote marked, who said it and through whom, whom it is about,
    dates, English, figures, review and each warning with its kind, and its appearances in other documents.

    Exits 1 when no claim has that id (with the nearest id, or when it was retired).

    Example: claimset show talks25-nis-military-builders-since-september
    """
    from . import reader

    dataset = _reader_dataset(root, release)
    missing = reader.nearest_id(dataset, claim_id)
    if missing is not None:
        echo(missing, err=True)
        sys.exit(EXIT_INVALID)
    claim = dataset.claim(claim_id)
    if fmt == "json":
        click.echo(reader.as_json(reader.details(dataset, claim)))
    elif fmt == "csv":
        info = reader.details(dataset, claim)
        info["sentence"] = reader.Context(**info["context"]).marked()
        info["appearances"] = [other["id"] for other in info["appearances"]]
        click.echo(reader.as_csv([info], (*reader.COLUMNS, "sentence", "appearances")), nl=False)
    else:
        click.echo(reader.show_text(dataset, claim))


# Reading a tree allocates millions of small objects and frees almost none until exit, none of
# them in reference cycles; at the default threshold (700) the collector runs thousands of times
# and finds nothing, about 12% of `validate` at 10k claims. Rarer young collections still bound
# the memory of any cycles. The process is the CLI's own, so the setting harms no caller.
GC_THRESHOLDS = (100_000, 50, 100)


def main() -> None:
    gc.set_threshold(*GC_THRESHOLDS)
    try:
        cli(prog_name="claimset")
    except BrokenPipeError:
        sys.exit(0)
