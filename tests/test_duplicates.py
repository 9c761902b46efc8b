"""One text, one document: the same text twice is refused, a text mostly another's is a warning."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from claimset import duplicates

B_TEXT = "Агентство сообщило о встрече 6 ноября.\n"


def _line_of(path: Path, marker: str) -> int:
    text = path.read_text(encoding="utf-8")
    return text[: text.index(marker)].count("\n") + 1


def test_the_fixture_holds_no_duplicate(mini, run, add_document):
    result = run("validate", "--root", str(mini))
    assert result.exit_code == 0 and "warning" not in result.output


@pytest.mark.parametrize(
    ("raw", "how"),
    [
        (B_TEXT.encode(), "byte for byte"),
        (b"  " + B_TEXT.replace(" 6 ", "  6\t").replace("\n", "\r\n").encode() + b"\r\n", "once whitespace"),
        (B_TEXT.replace("о встрече", "о\nвстрече").replace("\n", "\r").encode(), "once whitespace"),
    ],
    ids=["same-bytes", "crlf-and-spaces", "cr-line-break"],
)
def test_a_text_already_a_document_is_refused_naming_both(mini, run, add_document, raw, how):
    add_document(mini, "doc-c", "", raw=raw)
    result = run("validate", "--root", str(mini), "--format", "json")
    assert result.exit_code == 1, result.output
    (problem,) = [p for p in json.loads(result.output) if p["code"] == "duplicate-document"]
    assert (problem["file"], problem["line"], problem["field"], problem["severity"]) == (
        "claims/doc-c.yaml", _line_of(mini / "claims" / "doc-c.yaml", "  sha256:"), "document.sha256", "error")
    assert "document 'doc-c' is that of document 'doc-b'" in problem["message"]
    assert how in problem["message"]
    assert not [p for p in json.loads(result.output) if p["code"] == "near-duplicate-document"]


def test_a_different_text_is_no_duplicate(mini, run, add_document):
    add_document(mini, "doc-c", B_TEXT.replace("6 ноября", "7 ноября"))
    codes = [p["code"] for p in json.loads(run("validate", "--root", str(mini), "--format", "json").output)]
    assert "duplicate-document" not in codes


def test_a_repost_under_another_headline_is_a_warning_and_the_data_stays_valid(mini, run, add_document):
    add_document(mini, "doc-c", "Сводка дня\n" + B_TEXT)
    result = run("validate", "--root", str(mini))
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    line = _line_of(mini / "claims" / "doc-c.yaml", "  sha256:")
    assert lines[0].startswith(f"warning: claims/doc-c.yaml:{line}:")
    assert "near-duplicate-document: document.sha256: document 'doc-c' and document 'doc-b' share 100%" in lines[0]
    assert "`reposts: <agency>`" in lines[0] and "`restates`" in lines[0] and "`note`" in lines[0]
    assert lines[-1].startswith("valid: ") and lines[-1].endswith("; 1 warning(s)")

    problems = json.loads(run("validate", "--root", str(mini), "--format", "json").output)
    assert [(p["code"], p["severity"]) for p in problems] == [("near-duplicate-document", "warning")]
    github = run("validate", "--root", str(mini), "--format", "github")
    assert github.exit_code == 0
    assert github.output.startswith("::warning file=") and "title=near-duplicate-document::" in github.output


def test_warnings_follow_the_problems_and_do_not_change_the_exit_code(mini, run, add_document):
    add_document(mini, "doc-c", "Сводка дня\n" + B_TEXT)
    path = mini / "claims" / "doc-a.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("type: quantity", "type: rumour"), encoding="utf-8")
    result = run("validate", "--root", str(mini))
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert "unknown-term" in lines[0] and lines[1].startswith("warning: claims/doc-c.yaml")
    assert "1 problem(s) in 1 file(s); 1 warning(s)" in result.output


def test_naming_the_other_document_in_the_note_records_the_repost(mini, run, add_document):
    add_document(mini, "doc-c", "Сводка дня\n" + B_TEXT, note="The item of doc-b, reposted under another headline.")
    result = run("validate", "--root", str(mini))
    assert result.exit_code == 0 and "warning" not in result.output, result.output


def test_the_earlier_documents_note_naming_the_later_records_it_too(mini, run, add_document):
    add_document(mini, "doc-c", "Сводка дня\n" + B_TEXT)
    path = mini / "claims" / "doc-b.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("  url: null\n", "  url: null\n  note: Reposted as doc-c.\n"),
                    encoding="utf-8")
    result = run("validate", "--root", str(mini))
    assert result.exit_code == 0 and "warning" not in result.output, result.output


def test_a_few_shared_words_are_not_a_near_duplicate():
    texts = {"a": "один два три четыре пять шесть семь восемь девять десять",
             "b": "один два три четыре пять и совсем другие слова дальше здесь"}
    assert duplicates.near_texts(texts) == []  # 1 of 6 shingles


def test_a_rewritten_word_keeps_a_long_text_a_near_duplicate():
    words = [f"слово{i}" for i in range(200)]
    changed = list(words)
    changed[100] = "другое"
    (near,) = duplicates.near_texts({"a": " ".join(words), "b": "Заголовок. " + " ".join(changed)})
    assert (near.later, near.earlier) == ("b", "a")
    assert near.shared == 196 - 5 and near.containment > 0.9


def test_boilerplate_held_by_many_texts_is_not_counted(monkeypatch):
    monkeypatch.setattr(duplicates, "MAX_TEXTS_PER_SHINGLE", 3)
    shared = "подпишитесь на наш канал в мессенджере"
    texts = {f"t{i}": f"{shared} уникальный{i}" for i in range(4)}
    assert duplicates.near_texts(texts) == []
    assert len(duplicates.near_texts(dict(list(texts.items())[:3]))) == 3


def test_normalising_whitespace():
    assert duplicates.normalised(" a\r\nb\r c\u00a0\t d \n") == "a b c d"
    assert duplicates.fingerprint("a\r\nb") == duplicates.fingerprint("a b ")
    assert duplicates.fingerprint("a b") != duplicates.fingerprint("ab")
