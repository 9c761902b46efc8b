"""A dateline without a year gives the day and month; a document's `published` day must agree with it."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest
import yaml

from claimset import dateline

ITEM = "Москва. 25 июля. INTERFAX.RU - Министр провел переговоры.\n"


@pytest.mark.parametrize(
    ("text", "day_month"),
    [
        (ITEM, (25, 7)),
        ("МОСКВА, 3 марта. /ТАСС/. Текст.", (3, 3)),
        ("Нижний Новгород. 1 сентября. Текст.", (1, 9)),
        ("Ростов-на-Дону. 29 февраля. Текст.", (29, 2)),
        (" date 2025-12-05 МОСКВА, 5 дек - РИА Новости. Текст.", (5, 12)),
        ("Заголовок\nМосква. 25 июля. Текст.", (25, 7)),
    ],
)
def test_a_dateline_is_read(text, day_month):
    found = dateline.find(text)
    assert found is not None and (found.day, found.month) == day_month
    assert text[found.start:].startswith(found.text)


@pytest.mark.parametrize(
    "text",
    [
        "Москва. 25 июля 2023 года. Текст.",  # a year: the dateline is complete, nothing is inferred
        "Переговоры прошли в Москве. 25 июля. Текст.",  # not at the start of a line
        "Москва. 31 июня. Текст.",  # no such day
        "Москва. 25 июля. Текст.\nКиев. 26 июля. Текст.",  # two readings
        "Заголовок\n" + "Текст. " * 80 + "\nМосква. 25 июля. Текст.",  # past the head of the text
        "15.09.2023\nТекст.",
    ],
    ids=["with-year", "mid-line", "no-such-day", "two-readings", "in-the-body", "numeric"],
)
def test_only_an_unambiguous_dateline_is_read(text):
    assert dateline.find(text) is None


def test_a_dateline_and_published_that_agree_are_valid(mini, run, add_document):
    add_document(mini, "doc-c", ITEM, published="2023-07-25")
    result = run("validate", "--root", str(mini))
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize("published", ["2023-07-26", "2023-06-25"])
def test_a_published_day_the_dateline_contradicts_is_refused_naming_both(mini, run, add_document, published):
    add_document(mini, "doc-c", ITEM, published=published)
    result = run("validate", "--root", str(mini), "--format", "json")
    assert result.exit_code == 1
    (problem,) = json.loads(result.output)
    text = (mini / "claims" / "doc-c.yaml").read_text(encoding="utf-8")
    assert (problem["code"], problem["file"], problem["field"]) == ("dateline-mismatch", "claims/doc-c.yaml",
                                                                    "document.published")
    assert problem["line"] == text[:text.index("published:")].count("\n") + 1
    assert problem["message"].startswith(f"the seed's dateline «Москва. 25 июля» (line 1) gives 25 июля, "
                                         f"but published is {published};")


@pytest.mark.parametrize("published", ["2023-07", "2023-07-26~", "2023-07-20/2023-07-30"])
def test_a_published_date_that_is_not_one_exact_day_is_not_judged(mini, run, add_document, published):
    add_document(mini, "doc-c", ITEM, published=published)
    assert "dateline-mismatch" not in run("validate", "--root", str(mini)).output


def test_every_dateline_of_the_data_is_checked_against_published(data_root, run, tmp_path):
    """Whatever the (sampled) data: a document with a dateline, dated a day later, is refused."""
    root = tmp_path / "data"
    for name in ("claims", "seeds"):
        shutil.copytree(data_root / name, root / name)
    shifted = []
    for seed in sorted((root / "seeds").glob("*.txt")):
        path = root / "claims" / f"{seed.stem}.yaml"
        record = yaml.safe_load(path.read_text(encoding="utf-8"))
        published = record["document"]["published"]
        if dateline.find(seed.read_text(encoding="utf-8")) is None or len(published) != 10:
            continue
        later = (dt.date.fromisoformat(published) + dt.timedelta(days=1)).isoformat()
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace(f"published: '{published}'", f"published: '{later}'", 1), encoding="utf-8")
        shifted.append(seed.stem)
    problems = json.loads(run("validate", "--root", str(root), "--format", "json").output)
    assert sorted({Path(p["file"]).stem for p in problems if p["code"] == "dateline-mismatch"}) == sorted(shifted)
