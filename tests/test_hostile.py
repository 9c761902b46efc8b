"""Hostile input: refused with a located problem, never a traceback, never executed."""

from __future__ import annotations

import json
import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claimset import yamlio

YAMLISH = st.lists(
    st.sampled_from(
        ["a:", " b:", "- ", "[", "]", "{", "}", "&x ", "*x", "!!str ", "!tag ", "? ", ": ", "'", '"', "\\", "#",
         "\n", "  ", "\t", "---", "...", "|", ">", "%YAML 1.1", "1", "2025-11-04", "~", "null", "«", "😀", "\x00", "\ufeff"]
    ),
    max_size=40,
).map("".join)


@settings(max_examples=400, deadline=None)
@given(st.one_of(st.text(max_size=200), YAMLISH))
def test_any_text_parses_or_is_refused_with_a_position(text):
    try:
        doc = yamlio.parse(text)
    except yamlio.YamlError as exc:
        assert exc.code.startswith(("yaml-", "empty-file", "duplicate-key"))
        assert exc.line >= 1 and exc.col >= 1
    else:
        assert doc.positions


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(content=st.one_of(st.binary(max_size=300), YAMLISH.map(str.encode)))
def test_cli_never_crashes_on_a_hostile_claims_file(mini, run, content):
    (mini / "claims" / "doc-a.yaml").write_bytes(content)
    result = run("validate", "--root", str(mini), "--format", "json")
    assert result.exit_code == 1, result.output
    assert json.loads(result.output), "at least one problem is reported"


def test_python_tags_are_never_constructed(mini, run, tmp_path):
    marker = tmp_path / "executed"
    path = mini / "claims" / "actors" / "minister.yaml"
    path.write_text(
        f"id: !!python/object/apply:os.system ['touch {marker}']\n", encoding="utf-8"
    )
    result = run("validate", "--root", str(mini), "--format", "json")
    assert result.exit_code == 1
    assert json.loads(result.output)[0]["code"] == "yaml-tag"
    assert not marker.exists()


def test_alias_bomb_fails_at_once(mini, run):
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 12)]
    (mini / "claims" / "actors" / "minister.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    started = time.perf_counter()
    result = run("validate", "--root", str(mini), "--format", "json")
    elapsed = time.perf_counter() - started
    problem = json.loads(result.output)[0]
    assert (result.exit_code, problem["code"], problem["line"]) == (1, "yaml-alias", 2)
    assert elapsed < 5  # a generous bound: expanding this bomb would take hours


@pytest.mark.parametrize(
    ("text", "code", "line"),
    [
        ("a: 1\nb: \x07\n", "yaml-character", 2),
        ("[" * 100 + "]" * 100, "yaml-depth", 1),
        ("a: " + "9" * 5000 + "\n", "yaml-value", 1),
        ("a:\n \tb: 1\n", "yaml-tab", 2),
        ("a: 1\n---\nb: 2\n", "yaml-syntax", 2),
    ],
    ids=["control-character", "deep-nesting", "huge-integer", "tab-indent", "two-documents"],
)
def test_reader_refusals(text, code, line):
    with pytest.raises(yamlio.YamlError) as info:
        yamlio.parse(text)
    assert (info.value.code, info.value.line) == (code, line)


def test_tab_inside_a_quoted_value_is_data():
    assert yamlio.parse('a: "x\ty"\n').data == {"a": "x\ty"}


def test_a_refused_character_after_cyrillic_text_is_placed_by_characters_not_bytes():
    text = "a: «Переговоры прошли»\nb: ещё\nc: x\x00y\n"
    with pytest.raises(yamlio.YamlError) as info:
        yamlio.parse(text)
    assert (info.value.code, info.value.line, info.value.col) == ("yaml-character", 3, 5)
    assert info.value.message.startswith("U+0000 NULL is not allowed")


def test_an_invalid_byte_in_the_middle_of_a_line_is_placed_at_its_column_in_characters(tmp_path):
    path = tmp_path / "claims.yaml"
    before = "a: 1\nb: «Переговоры»".encode()
    path.write_bytes(before + b"\xff\n")
    with pytest.raises(yamlio.YamlError) as info:
        yamlio.read_text(path)
    assert (info.value.code, info.value.line, info.value.col) == ("encoding", 2, 16)
    assert info.value.message == f"not valid UTF-8 at byte {len(before)} (0xFF); save the file as UTF-8"
