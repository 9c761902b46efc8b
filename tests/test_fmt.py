"""`claimset fmt`: quotes placed from their text, canonical YAML, generated files regenerated."""

from __future__ import annotations

import hashlib
import json
import shutil
import unicodedata
from pathlib import Path

import pytest

MINI = Path(__file__).resolve().parent / "fixtures" / "mini"
A = "claims/doc-a.yaml"
BUILDERS = "    text: около 5 тыс. строителей прибыли в сентябре\n    start: 47\n    end: 89\n"
TALKS = "    text: Переговоры прошли «в дружественной обстановке»\n    start: 91\n    end: 137\n"


def _edit(root: Path, rel: str, old: str, new: str) -> str:
    path = root / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture no longer contains {old!r}"
    text = text.replace(old, new, 1)
    path.write_text(text, encoding="utf-8")
    return text


def _line_of(text: str, marker: str) -> int:
    return text[: text.index(marker)].count("\n") + 1


def _codes(run, root: Path) -> list[str]:
    return [p["code"] for p in json.loads(run("validate", "--root", str(root), "--format", "json").output)]


def test_a_quote_given_as_text_alone_is_placed(mini, run):
    text = _edit(mini, A, BUILDERS, "    text: около 5 тыс. строителей прибыли в сентябре\n")
    validate = run("validate", "--root", str(mini))
    assert validate.exit_code == 1
    assert (f"claims/doc-a.yaml:{_line_of(text, '  quote:')}:3: quote-unplaced: claims[0].quote: the quote has no "
            "start/end offsets yet; run `claimset fmt`") in validate.output
    result = run("fmt", "--root", str(mini))
    assert result.exit_code == 0, result.output
    assert f"claims/doc-a.yaml:{_line_of(text, '  quote:')}: quote of a-builders placed at 47:89\n" in result.output
    assert BUILDERS in (mini / A).read_text(encoding="utf-8")
    assert run("validate", "--root", str(mini)).exit_code == 0
    assert run("fmt", "--check", "--root", str(mini)).exit_code == 0


def test_a_not_claim_quote_given_as_text_alone_is_placed(mini, run):
    _edit(mini, A, "      start: 0\n      end: 26\n", "")
    result = run("fmt", "--root", str(mini))
    assert result.exit_code == 0, result.output
    assert "quote of not_claims[0] placed at 0:26" in result.output
    assert run("validate", "--root", str(mini)).exit_code == 0


def test_offsets_that_point_elsewhere_are_corrected(mini, run):
    _edit(mini, A, "    start: 47\n    end: 89\n", "    start: 10\n    end: 52\n")
    assert _codes(run, mini) == ["quote-mismatch"]
    result = run("fmt", "--root", str(mini))
    assert result.exit_code == 0, result.output
    assert "quote of a-builders placed at 47:89 (it said 10:52)" in result.output
    assert _codes(run, mini) == []


def test_fmt_check_reports_an_unplaced_quote_and_changes_nothing(mini, run):
    _edit(mini, A, BUILDERS, "    text: около 5 тыс. строителей прибыли в сентябре\n")
    before = (mini / A).read_bytes()
    result = run("fmt", "--check", "--root", str(mini))
    assert result.exit_code == 1
    assert "quote of a-builders is not placed; `claimset fmt` places it at 47:89" in result.output
    assert (mini / A).read_bytes() == before


def test_a_quote_that_occurs_several_times_lists_each_and_how_to_choose(mini, run):
    text = _edit(mini, A, TALKS, "    text: ли\n")
    before = (mini / A).read_bytes()
    result = run("fmt", "--root", str(mini))
    assert result.exit_code == 1
    (line,) = [row for row in result.output.splitlines() if "quote-ambiguous" in row]
    assert line.startswith(f"claims/doc-a.yaml:{_line_of(text, '    text: ли')}:11: quote-ambiguous: claims[1].quote.text: "
                           "the quoted text occurs 2 times in the seed: ")
    # Each occurrence: its offset, line and column in the seed, and the text around it.
    assert "start 76 (line 2, col 50: 'ыс. строителей прибы⟦ли⟧ в сентябре. Перегов')" in line
    assert "start 106 (line 2, col 80: 'бре. Переговоры прош⟦ли⟧ «в дружественной об')" in line
    assert "give the quote `start:` with the offset of the one you mean" in line
    assert (mini / A).read_bytes() == before

    _edit(mini, A, "    text: ли\n", "    text: ли\n    start: 106\n")
    result = run("fmt", "--root", str(mini))
    assert result.exit_code == 0, result.output
    assert "quote of a-talks placed at 106:108" in result.output
    assert _codes(run, mini) == []


def test_a_quote_found_nowhere_shows_the_nearest_passage_and_what_differs(mini, run):
    # A no-break space where the seed has a plain one: invisible in an editor.
    _edit(mini, A, BUILDERS, "    text: около 5\u00a0тыс. строителей прибыли в сентябре\n")
    before = (mini / A).read_bytes()
    result = run("fmt", "--root", str(mini))
    assert result.exit_code == 1
    (line,) = [row for row in result.output.splitlines() if "quote-mismatch" in row]
    assert "the quoted text occurs nowhere in the seed; the nearest passage is at start=47, end=89 (line 2, col 21)" in line
    assert ("at quote character 7 the quote has '\\xa0' (U+00A0 NO-BREAK SPACE) where the seed has ' ' "
            "(U+0020 SPACE)") in line
    assert (mini / A).read_bytes() == before


def test_validate_shows_the_nearest_passage_of_a_quote_found_nowhere(mini, run):
    _edit(mini, A, "text: около 5 тыс. строителей", "text: около 6 тыс. строителей")
    result = run("validate", "--root", str(mini))
    (line,) = [row for row in result.output.splitlines() if "quote-mismatch" in row]
    assert "the nearest passage is at start=47, end=89" in line
    assert "at quote character 6 the quote has '6' where the seed has '5'" in line


def test_a_quote_unlike_anything_in_the_seed_says_so(mini, run):
    _edit(mini, A, BUILDERS, "    text: Quick brown fox\n")
    result = run("fmt", "--root", str(mini))
    assert result.exit_code == 1
    assert "occurs nowhere in the seed, and no passage resembles it; is the claim in the right document's file?" in result.output


def test_an_edited_seed_stops_placement(mini, run):
    _edit(mini, A, BUILDERS, "    text: около 5 тыс. строителей прибыли в сентябре\n")
    seed = mini / "seeds" / "doc-a.txt"
    seed.write_bytes(seed.read_bytes() + b"\n")
    result = run("fmt", "--root", str(mini))
    assert result.exit_code == 1
    assert "seed-edited: document.id: seeds/doc-a.txt does not have the recorded sha256" in result.output


def test_a_seed_that_is_not_utf8_stops_placement_at_its_bad_byte(mini, run):
    _edit(mini, A, BUILDERS, "    text: около 5 тыс. строителей прибыли в сентябре\n")
    seed = mini / "seeds" / "doc-a.txt"
    raw = seed.read_bytes()
    broken = raw.replace("строителей".encode(), "строителей".encode()[:3] + b"\xff" + "троителей".encode()[2:], 1)
    seed.write_bytes(broken)
    _edit(mini, A, hashlib.sha256(raw).hexdigest(), hashlib.sha256(broken).hexdigest())
    line = raw[: raw.index("строителей".encode())].count(b"\n") + 1
    result = run("fmt", "--root", str(mini))
    assert result.exit_code == 1
    assert f"seed-encoding: document.id: seeds/doc-a.txt:{line}:" in result.output
    assert "is not UTF-8" in result.output


def test_other_problems_stop_fmt_before_it_changes_anything(mini, run):
    _edit(mini, A, BUILDERS, "    text: около 5 тыс. строителей прибыли в сентябре\n")
    _edit(mini, A, "type: quantity", "type: rumour")
    before = (mini / A).read_bytes()
    result = run("fmt", "--root", str(mini))
    assert result.exit_code == 1
    assert "unknown-term" in result.output
    assert "quote-unplaced" not in result.output  # fmt would place it; only what it cannot fix is listed
    assert (mini / A).read_bytes() == before


def test_a_refused_character_in_a_quote_the_seed_holds_is_a_problem_not_an_error(mini, run):
    # A soft hyphen copied from a seed that has one: the quote is found, and the text policy refuses it.
    seed = mini / "seeds" / "doc-a.txt"
    seed.write_bytes(seed.read_bytes().replace("сентябре".encode(), "сен\u00adтябре".encode()))
    _edit(mini, A, "848c619ac23fc38f42f91b3449e35fcd212c97c45d20e802c118ea2ba38b422e",
          hashlib.sha256(seed.read_bytes()).hexdigest())
    _edit(mini, A, TALKS, "    text: Переговоры прошли «в дружественной обстановке»\n")
    written = '    text: "около 5 тыс. строителей прибыли в сен\\u00adтябре"\n'  # escaped, as an editor shows it
    text = _edit(mini, A, BUILDERS, written)
    before = _snapshot(mini)
    result = run("fmt", "--root", str(mini))
    assert result.exit_code == 1, result.output
    assert result.output.startswith(
        f"claims/doc-a.yaml:{_line_of(text, written)}:11: forbidden-character: claims[0].quote.text: "
        "U+00AD SOFT HYPHEN at position 37 (from 0) is not allowed")
    assert "internal error" not in result.output
    assert _snapshot(mini) == before


def test_a_refused_character_in_a_quote_found_nowhere_is_named_too(mini, run):
    written = '    text: "сотрудничество идёт по пла\\u00adну"\n'
    text = _edit(mini, A, BUILDERS, written)
    before = _snapshot(mini)
    result = run("fmt", "--root", str(mini))
    assert result.exit_code == 1, result.output
    where = f"claims/doc-a.yaml:{_line_of(text, written)}:11"
    assert f"{where}: forbidden-character: claims[0].quote.text: U+00AD SOFT HYPHEN at position 26" in result.output
    assert f"{where}: quote-mismatch: claims[0].quote.text: the quoted text occurs nowhere" in result.output
    assert _snapshot(mini) == before


@pytest.mark.parametrize(("latin", "cyrillic"), [("a", "а"), ("o", "о"), ("e", "е"), ("c", "с"), ("p", "р")])
def test_a_latin_letter_for_its_cyrillic_look_alike_is_named(mini, run, latin, cyrillic):
    quote = "около 5 тыс. строителей прибыли в сентябре" if cyrillic != "а" else "Переговоры прошли «в дружественной обстановке»"
    at = quote.index(cyrillic)
    typed = quote[:at] + latin + quote[at + 1:]
    _edit(mini, A, f"    text: {quote}\n", f"    text: {typed}\n")
    result = run("fmt", "--root", str(mini))
    assert result.exit_code == 1
    assert (f"at quote character {at} the quote has '{latin}' (U+{ord(latin):04X} LATIN SMALL LETTER {latin.upper()}) "
            f"where the seed has '{cyrillic}' (U+{ord(cyrillic):04X} {unicodedata.name(cyrillic)})") in result.output


def test_look_alike_letters_are_named_wherever_they_differ():
    from claimset.place import differences, nowhere

    seed = "В КНДР сообщили о новых военных переговорах с Россией."
    message = nowhere(seed, "новыx военных переговорах")  # a Latin x
    assert ("the quote has 'x' (U+0078 LATIN SMALL LETTER X) where the seed has 'х' "
            "(U+0445 CYRILLIC SMALL LETTER HA)") in message
    # Too long to name each letter: the scripts are named.
    assert differences("aoepc", "аоерс") == ("at quote character 0 the quote has 'aoepc' (LATIN) "
                                             "where the seed has 'аоерс' (CYRILLIC)")
    # Letters of one script look different: shown, not named.
    assert differences("плана", "плано") == "at quote character 4 the quote has 'а' where the seed has 'о'"


# --- what stops fmt changes nothing -------------------------------------------


def _snapshot(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_a_comment_stops_fmt_and_every_file_stays_as_it_was(formatted, run):
    # fmt would place this quote and regenerate the compiled data, but for the comment in the other file.
    _edit(formatted, A, BUILDERS, "    text: около 5 тыс. строителей прибыли в сентябре\n")
    text = _edit(formatted, "claims/doc-b.yaml", "  type: event\n", "  type: event  # said twice\n")
    line = _line_of(text, "  # said twice")
    before = _snapshot(formatted)
    for args in (("fmt",), ("fmt", "--check")):
        result = run(*args, "--root", str(formatted))
        assert result.exit_code == 1
        assert result.output.splitlines() == [
            f"claims/doc-b.yaml:{line}:1: comment: fmt does not keep comments (lines {line}); "
            "move the text into a note field or delete it, then run fmt",
            "fmt changed nothing: fix these problems, then run `claimset fmt` again",
        ]
        assert _snapshot(formatted) == before


# --- generated files ----------------------------------------------------------


@pytest.fixture
def checkout(mini) -> Path:
    """The mini data as claimset's own checkout: it holds the package's source, so fmt keeps its generated files."""
    package = mini / "src" / "claimset"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text("", encoding="utf-8")
    return mini


@pytest.fixture
def formatted(checkout, run) -> Path:
    """The mini checkout after one fmt run: canonical, with its README sections, schemas and compiled data generated."""
    result = run("fmt", "--root", str(checkout))
    assert result.exit_code == 0, result.output
    assert run("fmt", "--check", "--root", str(checkout)).exit_code == 0
    return checkout


def test_fmt_writes_every_generated_file(checkout, run):
    result = run("fmt", "--root", str(checkout))
    assert "README.md: regenerated" in result.output
    assert "schema/claim.schema.json: written" in result.output
    assert not (checkout / "compiled").exists()  # the build hook writes the compiled data, into the wheel only
    readme = (checkout / "README.md").read_text(encoding="utf-8")
    assert "| `claims.json` | JSON |" in readme and "3 claims" not in readme


def test_a_data_change_regenerates_no_file(formatted, run):
    text = (formatted / A).read_text(encoding="utf-8")
    block = text[text.index("- id: a-talks"):]
    copy = block.replace("- id: a-talks", "- id: a-friendly").replace(TALKS, "    text: «в дружественной обстановке»\n")
    (formatted / A).write_text(text + copy, encoding="utf-8")
    generated = {p.relative_to(formatted).as_posix(): p.read_bytes()
                 for p in [formatted / "README.md", *sorted((formatted / "schema").glob("*.json"))]}
    check = run("fmt", "--check", "--root", str(formatted))
    assert check.exit_code == 1
    assert check.output.splitlines()[-1] == "claims/doc-a.yaml: not in canonical form; run `claimset fmt`"
    result = run("fmt", "--root", str(formatted))
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[-1] == "claims/doc-a.yaml: reformatted"
    assert {rel: (formatted / rel).read_bytes() for rel in generated} == generated
    assert run("fmt", "--check", "--root", str(formatted)).exit_code == 0


def test_fmt_check_lists_stale_missing_and_stray_generated_files(formatted, run):
    readme = formatted / "README.md"
    readme.write_text(readme.read_text(encoding="utf-8").replace("| `claims.json` | JSON |", "| `claims.json` | YAML |"),
                      encoding="utf-8")
    (formatted / "schema" / "claim.schema.json").write_text("{}\n", encoding="utf-8")
    (formatted / "schema" / "actor-file.schema.json").unlink()
    (formatted / "schema" / "old.schema.json").write_text("{}\n", encoding="utf-8")
    result = run("fmt", "--check", "--root", str(formatted))
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        "README.md: out of date with the models and the data; run `claimset fmt`",
        "schema/actor-file.schema.json: missing; run `claimset fmt`",
        "schema/claim.schema.json: out of date with the models and the data; run `claimset fmt`",
        "schema/old.schema.json: not generated from the models; remove it",
    ]
    fixed = run("fmt", "--root", str(formatted))
    assert fixed.exit_code == 1  # the stray file is the contributor's to remove
    (formatted / "schema" / "old.schema.json").unlink()
    assert run("fmt", "--check", "--root", str(formatted)).exit_code == 0


def test_a_readme_without_its_markers_is_named(formatted, run):
    readme = formatted / "README.md"
    readme.write_text(readme.read_text(encoding="utf-8").replace("<!-- end: release-files -->", ""), encoding="utf-8")
    before = _snapshot(formatted)
    result = run("fmt", "--root", str(formatted))
    assert result.exit_code == 1
    assert result.output.splitlines()[0] == ("README.md:1:1: readme-markers: README.md has no <!-- begin: release-files --> … "
                                             "<!-- end: release-files --> block; restore the markers around the section")
    assert _snapshot(formatted) == before


def test_every_real_quote_given_as_text_alone_lands_where_it_is(repo):
    """Placement against the whole dataset: each quote is found at its recorded span, or is reported ambiguous
    with its span among the listed ones, and its start alone then places it."""
    from claimset.loader import load
    from claimset.place import Placed, Unplaced, place

    data = load(repo)
    quotes = [(c.document, c.quote) for c in data.claims]
    quotes += [(doc_id, n.quote) for doc_id, doc in data.documents.items() for n in doc.not_claims]
    ambiguous = 0
    for doc_id, quote in quotes:
        seed = data.documents[doc_id].text
        outcome = place(seed, {"text": quote.text})
        if isinstance(outcome, Unplaced):
            assert outcome.code == "quote-ambiguous", outcome.message
            assert f"start {quote.start} (" in outcome.message
            ambiguous += 1
            outcome = place(seed, {"text": quote.text, "start": quote.start})
        assert outcome == Placed(quote.start, quote.end), (doc_id, quote.text)
    # Only short labels (a source name, a rubric, a counter) repeat; every claim's quote is unique.
    assert ambiguous < len(quotes) // 10


# --- a data repository: claims/ and seeds/ only ----------------------------------


@pytest.fixture
def data_repo(tmp_path) -> Path:
    """Another repository's data, validated with claimset: claims/ and seeds/, no README, no generated files."""
    target = tmp_path / "data"
    for name in ("claims", "seeds"):
        shutil.copytree(MINI / name, target / name)
    return target


def test_fmt_in_a_data_repository_formats_the_yaml_and_demands_no_generated_file(data_repo, run):
    sources = sorted(_snapshot(data_repo))
    check = run("fmt", "--check", "--root", str(data_repo))
    assert check.exit_code == 1  # the fixture is written by hand, not in canonical form (doc-b.yaml is)
    hand_written = ["claims/actors/agency.yaml", "claims/actors/minister.yaml", "claims/actors/outlet-a.yaml",
                    "claims/doc-a.yaml"]
    assert check.output.splitlines() == [f"{rel}: not in canonical form; run `claimset fmt`" for rel in hand_written]
    result = run("fmt", "--root", str(data_repo))
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [f"{rel}: reformatted" for rel in hand_written]
    check = run("fmt", "--check", "--root", str(data_repo))
    assert (check.exit_code, check.output) == (0, "")
    assert sorted(_snapshot(data_repo)) == sources  # no README, schema/ or compiled/ written
    assert run("validate", "--root", str(data_repo)).exit_code == 0

    # Its own README, without claimset's generated sections, is its own business.
    (data_repo / "README.md").write_text("# Our claims\n", encoding="utf-8")
    check = run("fmt", "--check", "--root", str(data_repo))
    assert (check.exit_code, check.output) == (0, "")
    assert (data_repo / "README.md").read_text(encoding="utf-8") == "# Our claims\n"

    # The same directory holding claimset's source is claimset's checkout: its README must have the sections.
    (data_repo / "src" / "claimset").mkdir(parents=True)
    (data_repo / "src" / "claimset" / "__init__.py").write_text("", encoding="utf-8")
    result = run("fmt", "--root", str(data_repo))
    assert result.exit_code == 1
    assert result.output.startswith("README.md:1:1: readme-markers: README.md has no <!-- begin: data-dictionary -->")
    (data_repo / "README.md").unlink()
    check = run("fmt", "--check", "--root", str(data_repo))
    assert check.exit_code == 1
    assert check.output.splitlines()[0] == (
        "README.md:1:1: missing-file: claimset's README is missing; its generated sections are written into the "
        "existing file: restore it (git checkout README.md)")


def test_comments_are_found_by_line_and_a_hash_inside_text_is_none():
    from claimset.fmt import comments

    text = (
        "# yaml-language-server: $schema=../schema/claims-file.schema.json\n"
        "claims:\n"
        "- english: «Ёлки» # note after Cyrillic text\n"
        "  quote: {text: 'около 5 тыс. # не комментарий', start: 1, end: 2}\n"
        "  note: \"#хештег\"\n"
        "# a whole-line comment\n"
    )
    assert comments(text) == [3, 6]


def test_fmt_keeps_the_retired_claims_in_id_order(mini, run):
    # Order carries no meaning there; in id order, two pull requests that each retire a claim insert at their
    # own places and merge without conflict.
    path = mini / "claims" / "retired.yaml"
    path.write_text("retired:\n- id: b-old\n  reason: merged\n  retired_in: 0.1.0\n"
                    "- id: a-old\n  reason: merged\n  retired_in: 0.1.0\n", encoding="utf-8")
    assert run("fmt", "--check", "--root", str(mini)).exit_code == 1
    assert run("fmt", "--root", str(mini)).exit_code == 0
    ids = [line[len("- id: "):] for line in path.read_text(encoding="utf-8").splitlines() if line.startswith("- id: ")]
    assert ids == ["a-old", "b-old"]
    assert run("validate", "--root", str(mini)).exit_code == 0


# --- one file per actor: the registry of earlier versions, split ---------------------


def _as_one_registry(root: Path) -> str:
    """Put the actors of ``root`` back into one claims/actors.yaml, as a checkout of an earlier version has them."""
    import yaml

    folder = root / "claims" / "actors"
    actors = [yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted(folder.glob("*.yaml"))]
    shutil.rmtree(folder)
    text = yaml.safe_dump({"actors": actors[::-1]}, allow_unicode=True, sort_keys=False)
    (root / "claims" / "actors.yaml").write_text(text, encoding="utf-8")
    return text


def test_fmt_splits_the_single_actor_registry_into_one_file_per_actor(formatted, run):
    wanted = {p.name: p.read_bytes() for p in (formatted / "claims" / "actors").iterdir()}
    _as_one_registry(formatted)
    before = _snapshot(formatted)
    validate = run("validate", "--root", str(formatted))
    assert validate.exit_code == 1
    assert validate.output.splitlines()[0] == (
        "claims/actors.yaml:1:1: actors-not-split: actors are one file each now, claims/actors/<actor-id>.yaml, so that "
        "two pull requests adding actors never conflict; run `claimset fmt`, which splits this file into "
        "claims/actors/ and removes it")
    check = run("fmt", "--check", "--root", str(formatted))
    assert check.exit_code == 1
    assert check.output.splitlines() == [
        "claims/actors.yaml: actors are one file each now; run `claimset fmt` to split it into claims/actors/"]
    assert _snapshot(formatted) == before
    result = run("fmt", "--root", str(formatted))
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[-1] == "claims/actors.yaml: split into 3 files in claims/actors/, and removed"
    assert "claims/actors/minister.yaml: written" in result.output
    assert not (formatted / "claims" / "actors.yaml").exists()
    # Each file in canonical form, the schema line first: the bytes fmt keeps.
    assert {p.name: p.read_bytes() for p in (formatted / "claims" / "actors").iterdir()} == wanted
    assert wanted["minister.yaml"].decode("utf-8").startswith(
        "# yaml-language-server: $schema=../../schema/actor-file.schema.json\nid: minister\nkind: person\n")
    assert run("fmt", "--check", "--root", str(formatted)).exit_code == 0
    assert run("validate", "--root", str(formatted)).exit_code == 0


def test_fmt_split_keeps_an_actor_file_that_says_the_same_and_stops_at_one_that_differs(formatted, run):
    # A branch from before the split, merged after it: the registry file is back beside the actor files.
    minister = (formatted / "claims" / "actors" / "minister.yaml").read_bytes()
    _as_one_registry(formatted)
    (formatted / "claims" / "actors").mkdir()
    (formatted / "claims" / "actors" / "minister.yaml").write_bytes(minister)
    assert run("fmt", "--root", str(formatted)).exit_code == 0
    assert sorted(p.name for p in (formatted / "claims" / "actors").iterdir()) == [
        "agency.yaml", "minister.yaml", "outlet-a.yaml"]
    assert not (formatted / "claims" / "actors.yaml").exists()

    _as_one_registry(formatted)
    (formatted / "claims" / "actors").mkdir()
    (formatted / "claims" / "actors" / "minister.yaml").write_bytes(minister.replace(b"The minister", b"A minister"))
    before = _snapshot(formatted)
    result = run("fmt", "--root", str(formatted))
    assert result.exit_code == 1
    assert ("actors-split-conflict: actors[1].id: actor 'minister' is both here and in claims/actors/minister.yaml, and the two "
            "differ") in result.output
    assert _snapshot(formatted) == before


def test_an_actor_file_is_named_by_its_id(mini, run):
    folder = mini / "claims" / "actors"
    (folder / "minister.yaml").rename(folder / "the-minister.yaml")
    result = run("validate", "--root", str(mini))
    assert result.exit_code == 1
    assert result.output.splitlines()[0] == (
        "claims/actors/the-minister.yaml:1:5: actor-file-name: id: the file 'the-minister.yaml' holds actor 'minister': "
        "an actor's file is named by its id; rename the file to claims/actors/minister.yaml, or fix the id")


def test_the_actors_folder_holds_only_actor_files(mini, run):
    folder = mini / "claims" / "actors"
    (folder / "notes.txt").write_text("x\n", encoding="utf-8")
    (folder / "old").mkdir()
    result = run("validate", "--root", str(mini), "--format", "json")
    assert result.exit_code == 1
    problems = [(p["file"], p["code"]) for p in json.loads(result.output)]
    assert problems == [("claims/actors/notes.txt", "unexpected-file"), ("claims/actors/old", "unexpected-file")]
    assert "claims/actors/ holds only <actor-id>.yaml files" in json.loads(result.output)[0]["message"]


def test_an_actor_file_that_is_not_a_mapping_is_one_problem(mini, run):
    (mini / "claims" / "actors" / "minister.yaml").write_text("- id: minister\n", encoding="utf-8")
    result = run("validate", "--root", str(mini), "--format", "json")
    assert result.exit_code == 1
    problems = json.loads(result.output)
    assert [(p["file"], p["line"]) for p in problems] == [("claims/actors/minister.yaml", 1)]


def test_comments_are_found_in_one_pass_whatever_the_hashes_in_text():
    from claimset.fmt import comments

    text = (
        "# yaml-language-server: $schema=../schema/actors-file.schema.json\n"
        "actors:\n"
        "- id: a  # a comment\n"
        "  note: 'issue #1 and # two'\n"
        "  name: {ru: '#', en: \"#x\"}\n"
        "# a line comment\n"
        "- id: b\n"
        "  note: text with a # inside\n"  # unquoted, ' #' begins a comment
    )
    assert comments(text) == [3, 6, 8]
    many = "actors:\n" + "".join(f"- id: a{i}\n  note: 'issue #{i} # not a comment'\n" for i in range(3000))
    assert comments(many) == []
    assert comments(many + "# the end\n") == [6002]
