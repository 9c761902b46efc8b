"""The Unicode policy: which characters text may hold, in every string field, on every Python."""

from __future__ import annotations

import copy
import json
import sys
import types
import unicodedata
from enum import Enum
from pathlib import Path
from typing import Annotated, Any, Iterator, Union, get_args, get_origin

import pytest
from pydantic import BaseModel, ValidationError
from pydantic_core import PydanticCustomError

from claimset import textpolicy, yamlio
from claimset.models import ActorFile, ClaimsFile, RetiredFile

RLO = "\u202e"


def _policy_by_category(code: int) -> bool:
    """What the README states, computed from this Python's Unicode database."""
    char = chr(code)
    noncharacter = 0xFDD0 <= code <= 0xFDEF or code & 0xFFFE == 0xFFFE
    category = unicodedata.category(char)
    return noncharacter or (category in ("Cc", "Cf", "Zl", "Zp", "Cs") and char not in "\n\u200c\u200d")


def test_the_written_out_set_is_the_stated_policy():
    every = range(sys.maxunicode + 1)
    forbidden = {code for code in every if textpolicy.first_forbidden(chr(code)) is not None}
    by_category = {code for code in every if _policy_by_category(code)}
    # Nothing this Python's Unicode knows as a control, format or separator character slips through …
    assert by_category - forbidden == set()
    # … and what the set adds is only what an older Unicode had not assigned yet.
    assert {c for c in forbidden - by_category if unicodedata.category(chr(c)) != "Cn"} == set()


@pytest.mark.parametrize("char", ["\n", "\u00a0", "\u202f", "\u2009", "«", "—", "\u200c", "\u200d", "😀", "\ue000"])
def test_allowed_characters(char):
    assert textpolicy.first_forbidden(f"a{char}b") is None


@pytest.mark.parametrize(
    ("char", "described"),
    [
        ("\x00", "U+0000 NULL"),
        ("\t", "U+0009 CHARACTER TABULATION"),
        ("\r", "U+000D CARRIAGE RETURN"),
        ("\x85", "U+0085 NEXT LINE"),
        ("\x9b", "U+009B (a control character)"),
        ("\u202e", "U+202E RIGHT-TO-LEFT OVERRIDE"),
        ("\u2066", "U+2066 LEFT-TO-RIGHT ISOLATE"),
        ("\u200b", "U+200B ZERO WIDTH SPACE"),
        ("\u00ad", "U+00AD SOFT HYPHEN"),
        ("\ufeff", "U+FEFF ZERO WIDTH NO-BREAK SPACE"),
        ("\u2028", "U+2028 LINE SEPARATOR"),
        ("\ud800", "U+D800 (a surrogate)"),
        ("\ufdd0", "U+FDD0 (a noncharacter)"),
        ("\U0010ffff", "U+10FFFF (a noncharacter)"),
    ],
)
def test_a_refused_character_is_named_with_its_position(char, described):
    with pytest.raises(PydanticCustomError) as info:
        textpolicy.check(f"abc{char}")
    assert str(info.value).startswith(f"{described} at position 3 (from 0) is not allowed")


def test_control_names_are_the_unicode_aliases():
    for code, name in textpolicy._CONTROL_NAMES.items():
        assert unicodedata.lookup(name) == chr(code)


def test_the_source_texts_follow_the_policy(repo):
    # Every sentence of a seed must be quotable by a valid record.
    for seed in sorted((repo / "seeds").glob("*.txt")):
        text = seed.read_text(encoding="utf-8")
        at = textpolicy.first_forbidden(text)
        assert at is None, f"{seed.name}: {textpolicy.describe(text[at])} at {at}"


# --- every string field of every record ---------------------------------------


def _text_fields(annotation: Any, path: tuple) -> Iterator[tuple]:
    """Paths (list items as 0) of every field that holds text: str, or a vocabulary term."""
    origin = get_origin(annotation)
    if origin is list:
        yield from _text_fields(get_args(annotation)[0], path + (0,))
    elif origin in (Union, Annotated, getattr(types, "UnionType", Union)):
        for arg in get_args(annotation)[: 1 if origin is Annotated else None]:
            yield from _text_fields(arg, path)
    elif isinstance(annotation, type) and issubclass(annotation, BaseModel):
        for name, info in annotation.model_fields.items():
            yield from _text_fields(info.annotation, path + (name,))
    elif annotation is str or isinstance(annotation, type) and issubclass(annotation, Enum):
        yield path


def _string_leaves(data: Any, path: tuple = ()) -> Iterator[tuple]:
    if isinstance(data, dict):
        for key, value in data.items():
            yield from _string_leaves(value, path + (key,))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from _string_leaves(value, path + (i,))
    elif isinstance(data, str):
        yield path


def _shape(path: tuple) -> tuple:
    return tuple(0 if isinstance(part, int) else part for part in path)


def _files(repo: Path) -> list[tuple[type[BaseModel], Any]]:
    files = []
    for path in sorted((repo / "claims").rglob("*.yaml")):
        data = yamlio.load(path).data
        model = ActorFile if path.parent.name == "actors" else RetiredFile if path.name == "retired.yaml" else ClaimsFile
        files.append((model, data))
    # Fields the real data leaves empty today, filled for the test.
    data = copy.deepcopy(next(d for m, d in reversed(files) if m is ClaimsFile))
    data["document"]["url"] = "https://example.invalid/article"
    files.append((ClaimsFile, data))
    files.append((RetiredFile, {"retired": [{"id": "x-gone", "reason": "merged", "replaced_by": ["x-kept"], "retired_in": "1.0.0"}]}))
    return files


def _set(data: Any, path: tuple, value: str) -> None:
    for part in path[:-1]:
        data = data[part]
    data[path[-1]] = value


def test_every_text_field_of_every_record_refuses_a_bidi_override(repo):
    tested: set[tuple] = set()
    for model, data in _files(repo):
        model.model_validate(data)  # valid as it stands
        for path in _string_leaves(data):
            if (model, _shape(path)) in tested:
                continue
            tested.add((model, _shape(path)))
            broken = copy.deepcopy(data)
            _set(broken, path, f"x{RLO}")
            with pytest.raises(ValidationError) as info:
                model.model_validate(broken)
            errors = {tuple(e["loc"]): e["type"] for e in info.value.errors()}
            assert path in errors, f"{model.__name__} {path}: {errors}"
            # A list item is an id or a term, which its own pattern refuses already.
            expected = {"forbidden_character"} if isinstance(path[-1], str) else {"forbidden_character", "string_pattern_mismatch", "enum"}
            assert errors[path] in expected, f"{model.__name__} {path}: {errors[path]}"
    for model in (ActorFile, ClaimsFile, RetiredFile):
        every = {(model, p) for p in _text_fields(model, ())}
        assert every - tested == set(), "text fields the test data never fills"


# --- through the command line ---------------------------------------------------


def test_a_nul_in_a_translation_is_refused_and_no_release_is_written(mini, run, tmp_path):
    path = mini / "claims" / "doc-a.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("english: about 5,000 builders arrived in September",
                                 'english: "about 5,000\\0 builders arrived in September"'), encoding="utf-8")
    out = tmp_path / "release"
    result = run("build", "--root", str(mini), "--out", str(out))
    assert result.exit_code == 1
    assert "forbidden-character: claims[0].english: U+0000 NULL at position 11 (from 0)" in result.output
    assert "Traceback" not in result.output
    assert not out.exists()
    problems = json.loads(run("validate", "--root", str(mini), "--format", "json").output)
    assert [(p["code"], p["line"]) for p in problems] == [("forbidden-character", 32)]


def test_every_refused_character_is_unprintable_so_the_fast_check_is_exact():
    refused = [code for first, last in textpolicy.FORBIDDEN_RANGES for code in range(first, last + 1)]
    assert refused and not [hex(code) for code in refused if chr(code).isprintable()]
    assert not "\n".isprintable() and not "\u00a0".isprintable()  # the two allowed ones the fast check strips


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Заголовок\r\nТекст.\r\n", None),  # CRLF line ends are how the file was saved
        ("Заголовок\nТекст\r.", (2, 6, "U+000D CARRIAGE RETURN at offset 15")),  # a CR alone is not a line end
        ("Заголовок\nТекст\t.", (2, 6, "U+0009 CHARACTER TABULATION at offset 15")),
        ("Пере\u00adговоры\u200b.", (1, 5, "U+00AD SOFT HYPHEN at offset 4 (and 1 more refused character(s) after it)")),
    ],
    ids=["crlf", "lone-cr", "tab", "soft-hyphen-and-more"],
)
def test_a_seed_holds_what_a_quote_may_hold_and_crlf_line_ends(text, found):
    fault = textpolicy.seed_character(text)
    if found is None:
        assert fault is None
    else:
        assert (fault.code, fault.line, fault.col) == ("seed-character", *found[:2])
        assert fault.message.startswith(found[2] + ": a quote may not hold it")
