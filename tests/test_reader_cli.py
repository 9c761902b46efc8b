"""`claimset search` and `claimset show`: the reader's command line, on the installed data, a checkout and a release."""

from __future__ import annotations

import csv
import io
import json

import pytest

from claimset import reader

KURSKOY = "treaty25-gerasimov-kpa-fought-in-kursk"
KIM_6000 = "talks25-kim-decided-6000-to-kursk"
BUILDERS = "talks25-nis-military-builders-since-september"
BUILDERS_LEDE = "talks25-lede-nis-builders-for-infrastructure"  # restates BUILDERS
TRANSPARENT = "savel25-agreement-absolutely-transparent"
TRANSPARENT_AGAIN = "talks25-savelyev-agreement-transparent"  # the same statement in another document
RETIRED = "savel25-savelyev-statement"


@pytest.fixture
def at_home(tmp_path, monkeypatch):
    """Run from a directory that is no checkout: the commands read the installed package's data."""
    monkeypatch.chdir(tmp_path)


def test_search_prints_a_table_of_matching_claims(run, at_home):
    result = run("search", "Курская")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["ID", "DATE", "SPEAKER", "QUOTE"]
    assert any(line.startswith(KURSKOY + " ") for line in lines)
    assert "of" in result.stderr and "claims" in result.stderr


def test_search_takes_the_filters_of_python(run, at_home):
    import claimset

    data = claimset.load()
    result = run("search", "Курская", "--speaker", "Gerasimov", "--type", "event", "--format", "json")
    assert result.exit_code == 0, result.output
    ids = [row["id"] for row in json.loads(result.stdout)]
    assert ids == data.filter(speaker="Gerasimov", type="event").search("Курская").ids and KURSKOY in ids
    result = run("search", "--speaker", "NIS", "--speaker", "KCNA", "--figures", "--format", "json")
    assert [row["id"] for row in json.loads(result.stdout)] == data.filter(speaker=["NIS", "KCNA"], has_figures=True).ids
    result = run("search", "--warning", "--from", "2025-11", "--to", "2025-11-30", "--format", "json")
    expected = data.filter(warning=True, date_from="2025-11", date_to="2025-11-30")
    assert [row["id"] for row in json.loads(result.stdout)] == expected.ids
    assert expected and all(row["warning_kinds"] for row in json.loads(result.stdout))
    result = run("search", "--no-warning", "--format", "json")
    assert all(row["warning_kinds"] == [] for row in json.loads(result.stdout))


def test_search_asks_about_whom_and_who_the_speaker_is(run, at_home):
    import claimset

    data = claimset.load()
    result = run("search", "--about", "Kim Jong Un", "--format", "json")
    ids = [row["id"] for row in json.loads(result.stdout)]
    assert ids == data.filter(about="kim-jong-un").ids and "talks25-kim-decided-1000-sappers" in ids
    assert all("kim-jong-un" in row["about"] for row in json.loads(result.stdout))
    result = run("search", "--involving", "kim-jong-un", "--format", "json")
    assert [row["id"] for row in json.loads(result.stdout)] == data.filter(involving="kim-jong-un").ids
    result = run("search", "--speaker-country", "RU", "--speaker-sector", "government", "--speaker-sector", "military",
                 "--from", "2025-11", "--to", "2025-11-30", "--dates", "overlap", "--format", "json")
    ids = [row["id"] for row in json.loads(result.stdout)]
    assert "talks25-savelyev-agreement-transparent" in ids and "talks25-kim-friendship-at-peak" not in ids
    result = run("search", "--warning", "public-record", "--format", "json")
    rows = json.loads(result.stdout)
    assert "mcis23-russia-continues-implementing-sanctions" in [row["id"] for row in rows]
    assert all("public-record" in row["warning_kinds"] for row in rows)


def test_search_refuses_a_country_that_is_no_iso_code_and_both_warning_switches(run, at_home):
    result = run("search", "--speaker-country", "XX")
    assert result.exit_code == 2 and "not an ISO 3166-1 alpha-2 country code" in result.output
    result = run("search", "--warning", "--no-warning")
    assert result.exit_code == 2 and "not both" in result.output
    result = run("search", "--warning", "rumour")
    assert result.exit_code == 2


def test_show_prints_whom_the_claim_is_about_and_each_warning_with_its_kind_and_sources(run, at_home):
    result = run("show", "mcis23-russia-continues-implementing-sanctions")
    assert result.exit_code == 0
    assert "about:     Russia (russia)" in result.output
    assert "warning:   [public-record] Outside the text" in result.output
    assert "read: http://world.kbs.co.kr/service/news_view.htm?lang=e&Seq_Code=174680" in result.output
    shown = json.loads(run("show", "talks25-kim-decided-1000-sappers", "--format", "json").stdout)
    assert shown["about"] == ["kim-jong-un"] and shown["about_names"] == ["Kim Jong Un"]


def test_search_json_and_csv_give_the_same_rows(run, at_home):
    as_json = json.loads(run("search", "Kim Jong-un", "--format", "json").stdout)
    result = run("search", "Kim", "Jong-un", "--format", "csv")  # words as separate arguments are one query
    assert result.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [row["id"] for row in rows] == [row["id"] for row in as_json] and KIM_6000 in [r["id"] for r in rows]
    assert list(rows[0]) == list(reader.COLUMNS)
    first = as_json[0]
    assert rows[0]["quote"] == first["quote"] and rows[0]["via"] == ";".join(first["via"])


def test_search_finding_nothing_exits_0(run, at_home):
    result = run("search", "несуществующееслово", "--format", "json")
    assert result.exit_code == 0 and json.loads(result.stdout) == []


@pytest.mark.parametrize(("args", "message"), [
    (["Курская", "--speaker", "Shoygu"], "did you mean 'Shoigu'"),
    (["--type", "quantty"], "did you mean 'quantity'"),
    (["--from", "2025-13"], "month 13"),
    (["!!!"], "no word to search for"),
    (["я" * 1001], "at most 1000 characters"),
    (["x", "--format", "xml"], "xml"),
    (["x", "--root", ".", "--release", "."], "not both"),
])
def test_search_usage_errors_exit_2(run, at_home, args, message):
    result = run("search", *args)
    assert result.exit_code == 2
    assert message in result.output and "Traceback" not in result.output


def test_search_reads_a_checkout_and_a_release(run, at_home, data_root, release):
    # The release fixture is built from the sampled checkout (tests/sample.py).
    expected = json.loads(run("search", "Курская", "--format", "json", "--root", str(data_root)).stdout)
    assert expected
    for source in (["--release", str(release)], ["--release", str(release / "claims.json")]):
        result = run("search", "Курская", "--format", "json", *source)
        assert result.exit_code == 0, result.output
        assert json.loads(result.stdout) == expected, source
    result = run("search", "x", "--release", str(release / "absent"))
    assert result.exit_code == 2 and "no such file" in result.output


def test_show_prints_the_claim_in_its_sentence(run, at_home):
    import claimset

    claim = claimset.load()[BUILDERS]
    result = run("show", BUILDERS)
    assert result.exit_code == 0, result.output
    text = result.stdout
    assert text.splitlines()[0] == BUILDERS
    assert f"{reader.QUOTE_OPEN}{claim.quote.text}{reader.QUOTE_CLOSE}" in text
    assert "Национальная разведывательная служба (NIS)" in text  # the sentence around the quote
    assert "National Intelligence Service (NIS) of the Republic of Korea (nis-south-korea) <- Yonhap News Agency (yonhap)" in text
    assert claim.english in text and "2025-11-04" in text and "2025-09/.." in text
    assert "5000 person" in text and "quantity, direct" in text
    assert BUILDERS_LEDE in text


def test_show_gives_appearances_in_other_documents(run, at_home):
    result = run("show", TRANSPARENT, "--format", "json")
    assert result.exit_code == 0
    shown = json.loads(result.stdout)
    assert TRANSPARENT_AGAIN in [other["id"] for other in shown["appearances"]]
    assert shown["context"]["quote"] in shown["quote"] and shown["context"]["quote"] == shown["quote"]


def test_show_json_and_csv(run, at_home):
    shown = json.loads(run("show", BUILDERS, "--format", "json").stdout)
    assert shown["id"] == BUILDERS and shown["via_names"] == ["Yonhap News Agency"]
    assert shown["figures"][0]["value"] == 5000 and shown["figures"][0]["unit"] == "person"
    [row] = list(csv.DictReader(io.StringIO(run("show", BUILDERS, "--format", "csv").stdout)))
    assert row["id"] == BUILDERS and BUILDERS_LEDE in row["appearances"].split(";")
    assert f"{reader.QUOTE_OPEN}{shown['quote']}{reader.QUOTE_CLOSE}" in row["sentence"]


def test_show_an_unknown_id_exits_1_with_the_nearest(run, at_home):
    result = run("show", "talks25-nis-builders")
    assert result.exit_code == 1
    assert "did you mean 'talks25-nis-builders-infrastructure-expected'?" in result.stderr and result.stdout == ""
    result = run("show", RETIRED)
    assert result.exit_code == 1 and "was retired in" in result.stderr


def test_show_escapes_control_characters_in_an_id(run, at_home):
    result = run("show", "x\x1b[2J\u202e\ny")
    assert result.exit_code == 1
    assert "\x1b" not in result.output and "\u202e" not in result.output and "\\x1b" in result.output


def test_the_table_escapes_control_characters_and_fits_the_width():
    rows = [{"id": "a\x1b[31m", "date": "2025", "speaker": "s\u202eb", "quote": "q\nr" + "x" * 500}]
    table = reader.as_table(rows, width=80)
    assert "\x1b" not in table and "\u202e" not in table and "\\x1b[31m" in table and "\\u202e" in table
    assert "q\\nr" in table and all(len(line) <= 80 for line in table.splitlines())


def test_json_escapes_reordering_characters_losslessly():
    value = {"quote": "x\u202ey\x85z\n\x1b"}
    text = reader.as_json(value)
    assert "\u202e" not in text and "\x85" not in text and json.loads(text) == value


def test_the_context_is_bounded_around_a_quote():
    text = "а" * 5000 + " цитата " + "б" * 5000
    start = text.index("цитата")
    around = reader.context(text, start, start + len("цитата"))
    assert around.quote == "цитата"
    assert len(around.before) <= reader.CONTEXT_AT_MOST + 1 and len(around.after) <= reader.CONTEXT_AT_MOST + 1


def _readme_reader_commands(repo) -> list[str]:
    """The `claimset search` and `claimset show` lines of the README's reader block, without their comments."""
    import re

    text = (repo / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"^```sh\n(.*?)^```", text, re.S | re.M)
    (block,) = [b for b in blocks if "claimset show " in b]
    return [line.split("   #")[0].split("  #")[0].strip() for line in block.splitlines()
            if line.startswith(("claimset search", "claimset show"))]


def test_the_readmes_reader_commands_run_and_find_what_their_comments_say(run, at_home, repo, release):
    import shlex

    commands = _readme_reader_commands(repo)
    assert len(commands) >= 8
    for command in commands:
        # The README's release address is an example: the same command on a release built here.
        command = command.replace("https://example.org/claimset-0.1.0/claims.json", str(release / "claims.json"))
        args = shlex.split(command)[1:]
        result = run(*args)
        assert result.exit_code == 0, (command, result.output)
        assert result.stdout.strip(), command  # each finds or shows something on the real data
    about_kim = run("search", "--about", "Kim Jong Un", "--format", "json")
    assert "talks25-kim-decided-1000-sappers" in {c["id"] for c in json.loads(about_kim.stdout)}
