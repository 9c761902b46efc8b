"""One broken record per failure: each must exit 1 and name the file, the line and the code."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import pytest

A = "claims/doc-a.yaml"
B = "claims/doc-b.yaml"
ACTORS = "claims/actors/minister.yaml"

# (case, file, old text, new text, expected code, text whose line the error must point at)
CASES = [
    ("quote-one-char", A, "text: около 5 тыс.", "text: около 6 тыс.", "quote-mismatch", "text: около 6 тыс."),
    ("quote-shifted", A, "start: 47\n    end: 89", "start: 48\n    end: 90", "quote-mismatch", "text: около 5 тыс."),
    ("quote-length", A, "start: 47\n", "start: 48\n", "quote-mismatch", "text: около 5 тыс."),
    ("quote-typo-changes-length", A, "text: около 5 тыс.", "text: около 5 тыс ", "quote-mismatch", "text: около 5 тыс "),
    ("quote-empty-span", A, "start: 47\n    end: 89", "start: 89\n    end: 89", "invalid-value", "  quote:\n    text: около"),
    ("duplicate-key", A, "  type: quantity\n", "  type: quantity\n  type: event\n", "duplicate-key", "  type: event"),
    ("unknown-field", A, "  speaker: minister", "  speeker: minister", "unknown-field", "speeker"),
    ("missing-field", A, "  english: about 5,000 builders arrived in September\n", "", "missing-field", "- id: a-builders"),
    ("unknown-term", A, "type: quantity", "type: rumour", "unknown-term", "type: rumour"),
    ("unknown-mode", A, "mode: indirect", "mode: hearsay", "unknown-term", "mode: hearsay"),
    ("unknown-topic", A, "[military-labour]", "[gossip]", "unknown-term", "[gossip]"),
    ("impossible-date", A, "date: '2025-11-04'", "date: '2025-02-30'", "invalid-value", "2025-02-30"),
    ("malformed-date", A, "date: '2025-11-04'", "date: 4 November", "invalid-value", "4 November"),
    ("date-after-publication", A, "date: '2025-11-04'", "date: '2025-12-01'", "date-after-publication", "2025-12-01"),
    ("event-after-publication", B, "event_date: '2025-11-06'", "event_date: '2026-01'", "date-after-publication", "2026-01"),
    # The outlet's own voice is said when it publishes (doc-b: 2025-11-08), not before.
    ("narrative-date", B, "date: '2025-11-08'", "date: '2025-11-07'", "narrative-date", "date: '2025-11-07'"),
    ("narrative-date-month", B, "date: '2025-11-08'", "date: 2025-11", "narrative-date", "date: 2025-11"),
    ("empty-translation", A, "english: about 5,000 builders arrived in September", "english: ''", "empty-value", "english: ''"),
    ("blank-translation", A, "english: about 5,000 builders arrived in September", "english: '   '", "invalid-value", "english: '   '"),
    ("figure-nan", A, "value: 5000", "value: .nan", "invalid-value", "value: .nan"),
    ("figure-beyond-2-53", A, "value: 5000", "value: 100000000000000000000", "invalid-value", "value: 100000000000000000000"),
    ("figure-bound-beyond-2-53", A, "approx: true\n", "approx: true\n    upper: 9007199254740993\n", "invalid-value", "upper: 9007199254740993"),
    ("year-zero", A, "date: '2025-11-04'", "date: '0000'", "invalid-value", "date: '0000'"),
    ("figure-text", A, "value: 5000", "value: five thousand", "wrong-type", "value: five thousand"),
    ("figure-bounds", A, "approx: true\n", "approx: true\n    lower: 6000\n", "invalid-value", "- value: 5000"),
    ("offset-as-text", A, "start: 47\n", "start: '47'\n", "wrong-type", "start: '47'"),
    ("offset-as-float", A, "start: 47\n", "start: 47.0\n", "wrong-type", "start: 47.0"),
    ("approx-as-text", A, "approx: true", "approx: 'no'", "wrong-type", "approx: 'no'"),
    ("negative-offset", A, "start: 47\n", "start: -1\n", "out-of-range", "start: -1"),
    ("offset-past-end", B, "start: 0\n    end: 37", "start: 500\n    end: 537", "quote-out-of-range", "end: 537"),
    ("unknown-speaker", A, "speaker: minister", "speaker: nobody", "unknown-actor", "speaker: nobody"),
    ("unknown-via", A, "via: [agency]", "via: [agency, ghost]", "unknown-actor", "via: [agency, ghost]"),
    ("via-outlet", A, "via: [agency]", "via: [agency, outlet-a]", "via-outlet", "via: [agency, outlet-a]"),
    ("unknown-about", A, "  about: []\n  via: [agency]", "  about: [agency, ghost]\n  via: [agency]", "unknown-actor",
     "about: [agency, ghost]"),
    ("about-repeats", A, "  about: []\n  via: [agency]", "  about: [minister, minister]\n  via: [agency]", "about-repeats",
     "about: [minister, minister]"),
    ("about-missing", A, "  about: []\n  via: [agency]", "  via: [agency]", "missing-field", "- id: a-builders"),
    ("unknown-sector", ACTORS, "kind: person\n", "kind: person\nsector: clergy\n", "unknown-term", "sector: clergy"),
    ("country-not-iso", ACTORS, "kind: person\n", "kind: person\ncountry: XK\n", "invalid-value", "country: XK"),
    ("country-lower-case", ACTORS, "kind: person\n", "kind: person\ncountry: ru\n", "invalid-format", "country: ru"),
    ("sources-on-attribution", A, "  review:\n    status: first-read\n- id: a-talks",
     "  review:\n    status: first-read\n    warnings:\n    - kind: attribution\n      note: inferred\n"
     "      sources: ['https://example.org/a']\n- id: a-talks", "invalid-value", "- kind: attribution"),
    ("unknown-warning-kind", A, "  review:\n    status: first-read\n- id: a-talks",
     "  review:\n    status: first-read\n    warnings:\n    - kind: rumour\n      note: heard\n- id: a-talks",
     "unknown-term", "kind: rumour"),
    ("source-not-an-address", A, "  review:\n    status: first-read\n- id: a-talks",
     "  review:\n    status: first-read\n    warnings:\n    - kind: public-record\n      note: known\n"
     "      sources: [KBS World]\n- id: a-talks", "invalid-format", "sources: [KBS World]"),
    ("unknown-relation", A, "claim: b-meeting", "claim: b-vanished", "unknown-claim", "claim: b-vanished"),
    ("relation-self", A, "claim: b-meeting", "claim: a-talks", "relation-self", "claim: a-talks"),
    ("duplicate-id-across-files", B, "- id: b-meeting", "- id: a-talks", "duplicate-id", "- id: a-talks"),
    ("bad-claim-id", A, "- id: a-talks", "- id: A Talks", "invalid-format", "- id: A Talks"),
    ("path-trick-document-id", A, "  id: doc-a", "  id: ../../etc/passwd", "invalid-format", "../../etc/passwd"),
    ("document-id-not-file", A, "  id: doc-a", "  id: doc-c", "document-id-mismatch", "  id: doc-c"),
    ("bad-sha", A, "sha256: ", "sha256: 0", "invalid-format", "sha256: 0"),
    ("python-tag", A, "english: about 5,000", "english: !!python/object/apply:os.system [echo]\n  x: about 5,000", "yaml-tag", "!!python"),
    ("custom-tag", A, "type: quantity", "type: !fact quantity", "yaml-tag", "!fact"),
    ("alias", A, "  via: [agency]", "  via: &v [agency]\n  x: *v", "yaml-alias", "x: *v"),
    ("merge-key", A, "  type: quantity", "  <<: {type: quantity}", "yaml-alias", "<<:"),
    ("tab", A, "  type: quantity", "\ttype: quantity", "yaml-tab", "\ttype"),
    ("syntax-error", A, "via: [agency]", "via: [agency", "yaml-syntax", "  date: '2025-11-04'"),
    ("list-for-mapping", ACTORS, "name: {ru: Министр, en: The minister}", "name: [Министр]", "wrong-type", "name: [Министр]"),
    ("uncovered-sentence", A, "    reason: dateline\n", "    reason: dateline\n  - quote: {text: x, start: 0, end: 1}\n    reason: nonsense\n", "unknown-term", "reason: nonsense"),
    ("unknown-actor-kind", ACTORS, "kind: person", "kind: robot", "unknown-term", "kind: robot"),
    ("title-not-in-text", B, "title: null", "title: Заголовок", "title-not-in-text", "title: Заголовок"),
    ("nul-in-translation", A, "english: about 5,000 builders arrived in September", 'english: "about 5,000\\0 builders arrived in September"', "forbidden-character", 'english: "about'),
    ("bidi-override-in-quote", A, "text: около 5 тыс.", "text: около 5 \u202eтыс.", "forbidden-character", "text: около 5"),
    ("zero-width-space-in-note", A, "status: first-read\n", "status: first-read\n    note: see\u200bthe text\n", "forbidden-character", "note: see"),
    # Rules written in CONTRIBUTING.md, one broken record each.
    ("narrative-by-a-person", B, "speaker: outlet-a", "speaker: minister", "narrative-speaker", "speaker: minister"),
    ("frames-from-a-non-event", A, "  relations: []\n", "  relations:\n  - {type: frames, claim: a-talks}\n",
     "frames-not-event", "{type: frames, claim: a-talks}"),
    ("frames-another-document", A, "  - type: restates\n    claim: b-meeting", "  - type: frames\n    claim: b-meeting",
     "frames-other-document", "claim: b-meeting"),
    ("interval-without-note", A, "date: '2025-11-04'", "date: ../2025-11-04", "date-note-missing", "../2025-11-04"),
]


def _edit(root: Path, rel: str, old: str, new: str) -> str:
    path = root / rel
    text = path.read_text(encoding="utf-8")
    assert text.count(old) >= 1, f"fixture no longer contains {old!r}"
    text = text.replace(old, new, 1)
    path.write_text(text, encoding="utf-8")
    return text


def _line_of(text: str, marker: str) -> int:
    return text[: text.index(marker)].count("\n") + 1


@pytest.mark.parametrize(("case", "rel", "old", "new", "code", "marker"), CASES, ids=[c[0] for c in CASES])
def test_broken_record_is_refused_at_its_line(mini, run, case, rel, old, new, code, marker):
    text = _edit(mini, rel, old, new)
    result = run("validate", "--root", str(mini), "--format", "json")
    assert result.exit_code == 1, result.output
    problems = json.loads(result.output)
    hits = [p for p in problems if p["code"] == code]
    assert hits, f"no {code} among {problems}"
    assert hits[0]["file"] == rel
    assert hits[0]["line"] == _line_of(text, marker)
    assert "Traceback" not in result.output


def test_unknown_field_suggests_the_nearest_name(mini, run):
    _edit(mini, A, "  speaker: minister", "  speeker: minister")
    result = run("validate", "--root", str(mini))
    assert result.exit_code == 1
    assert "did you mean 'speaker'?" in result.output


def test_unknown_term_suggests_the_nearest_term(mini, run):
    _edit(mini, A, "type: quantity", "type: quantitiy")
    result = run("validate", "--root", str(mini))
    assert "did you mean 'quantity'?" in result.output


def test_unknown_references_suggest_the_nearest_id(mini, run):
    _edit(mini, A, "speaker: minister", "speaker: ministr")
    _edit(mini, A, "claim: b-meeting", "claim: b-meetin")
    output = run("validate", "--root", str(mini)).output
    assert "no actor 'ministr': there is no claims/actors/ministr.yaml; add that file first; did you mean 'minister'?" in output
    assert "no claim with id 'b-meetin'; did you mean 'b-meeting'?" in output


def _retire(root: Path, records: str) -> None:
    (root / "claims" / "retired.yaml").write_text("retired:\n" + records, encoding="utf-8")


def test_a_relation_to_a_retired_claim_says_when_and_why_and_what_replaced_it(mini, run):
    _retire(mini, "- id: b-old\n  reason: merged into b-meeting\n  replaced_by: [b-meeting]\n  retired_in: 0.2.0\n")
    _edit(mini, A, "claim: b-meeting", "claim: b-old")
    problems = json.loads(run("validate", "--root", str(mini), "--format", "json").output)
    assert [(p["code"], p["file"], p["message"]) for p in problems] == [(
        "unknown-claim", A,
        "'b-old' was retired in 0.2.0 (merged into b-meeting); point this relation at 'b-meeting', which replaced it",
    )]


def test_a_relation_to_a_retired_claim_without_replacement_says_to_remove_it(mini, run):
    _retire(mini, "- id: b-old\n  reason: not a claim\n  retired_in: 0.2.0\n")
    _edit(mini, A, "claim: b-meeting", "claim: b-old")
    output = run("validate", "--root", str(mini)).output
    assert ("claims/doc-a.yaml:57:12: unknown-claim: claims[1].relations[0].claim: 'b-old' was retired in 0.2.0 (not a claim); "
            "it has no replacement: remove this relation or point it at another claim") in output


def test_a_replacement_that_was_retired_in_turn_points_at_the_current_claim(mini, run):
    _retire(mini, "- id: b-first\n  reason: split\n  replaced_by: [b-second]\n  retired_in: 0.2.0\n"
                  "- id: b-second\n  reason: merged\n  replaced_by: [b-meeting]\n  retired_in: 0.3.0\n")
    output = run("validate", "--root", str(mini)).output
    assert ("claims/retired.yaml:4:17: unknown-claim: retired[0].replaced_by[0]: 'b-second' was retired in 0.3.0 (merged); "
            "point this replacement at 'b-meeting', which replaced it") in output


def test_a_claim_pasted_under_a_new_id_is_refused(mini, run):
    text = (mini / A).read_text(encoding="utf-8")
    block = text[text.index("- id: a-talks"):]
    _edit(mini, A, block, block + block.replace("- id: a-talks", "- id: a-talks-copy"))
    problems = json.loads(run("validate", "--root", str(mini), "--format", "json").output)
    assert [p["code"] for p in problems] == ["duplicate-claim"]
    assert "'a-talks' has the same speaker and quote span" in problems[0]["message"]


def _paste_claim(root: Path, claim_id: str) -> None:
    """A third claim in doc-a: a copy of a-talks under another id (a duplicate-claim, which these tests ignore)."""
    text = (root / A).read_text(encoding="utf-8")
    block = text[text.index("- id: a-talks"):]
    _edit(root, A, block, block + block.replace("- id: a-talks", f"- id: {claim_id}"))


def test_the_prefix_most_ids_share_blames_a_stray_first_claim_alone(mini, run):
    _paste_claim(mini, "a-talks-again")
    text = _edit(mini, A, "- id: a-builders", "- id: ab-builders")
    problems = json.loads(run("validate", "--root", str(mini), "--format", "json").output)
    assert [(p["line"], p["message"]) for p in problems if p["code"] == "id-prefix"] == [
        (_line_of(text, "- id: ab-builders"),
         "claim ids of this document start with 'a-' (2 of 3, as 'a-talks'); 'ab-builders' does not"),
    ]


def test_ids_split_evenly_between_two_prefixes_are_one_problem_on_the_document(mini, run):
    text = _edit(mini, A, "- id: a-talks", "- id: b-talks")
    problems = json.loads(run("validate", "--root", str(mini), "--format", "json").output)
    assert [(p["line"], p["field"], p["message"]) for p in problems if p["code"] == "id-prefix"] == [
        (_line_of(text, "  id: doc-a"), "document.id",
         "the claim ids of this document share no one prefix: 1 start with each of 'a-', 'b-'; "
         "give every claim of the document the same prefix (CONTRIBUTING: Record template)"),
    ]


def test_a_misspelt_outlet_is_one_problem_with_the_nearest_id(mini, run):
    # doc-b's narrative claim is rightly spoken by outlet-a: it must not be told to copy the typo.
    text = _edit(mini, B, "  outlet: outlet-a", "  outlet: outlet-aa")
    problems = json.loads(run("validate", "--root", str(mini), "--format", "json").output)
    assert [(p["file"], p["line"], p["code"], p["field"], p["message"]) for p in problems] == [
        (B, _line_of(text, "outlet: outlet-aa"), "unknown-actor", "document.outlet",
         "no actor 'outlet-aa': there is no claims/actors/outlet-aa.yaml; add that file first; did you mean 'outlet-a'?"),
    ]


@pytest.mark.parametrize(
    ("old", "new", "field", "message"),
    [
        ("value: 5000", 'value: "5000"', "claims[0].figures[0].value",
         "expected a number, got the text '5000': write the number without quotes"),
        ("approx: true\n", "approx: true\n    lower: yes\n", "claims[0].figures[0].lower",
         "expected a number, written without quotes (got bool)"),
        ("language: ru", "language: no", "document.language",
         "expected text, got the boolean false: YAML reads yes, no, on, off, true and false written without quotes "
         "as booleans; quote the value: language: 'no'"),
        ("language: ru", "language: Off", "document.language",
         "expected text, got the boolean false: YAML reads yes, no, on, off, true and false written without quotes "
         "as booleans; quote the value: language: 'Off'"),
    ],
    ids=["number-in-quotes", "boolean-for-number", "no-for-text", "off-for-text"],
)
def test_a_value_of_the_wrong_type_is_one_problem_on_its_own_field(mini, run, old, new, field, message):
    text = _edit(mini, A, old, new)
    problems = json.loads(run("validate", "--root", str(mini), "--format", "json").output)
    assert [(p["line"], p["code"], p["field"], p["message"]) for p in problems] == [
        (_line_of(text, new.strip().splitlines()[-1]), "wrong-type", field, message),
    ]


@pytest.mark.parametrize(
    ("new", "field", "who"),
    [("via: [agency, agency]", "claims[0].via[1]", "agency"), ("via: [agency, minister]", "claims[0].via[1]", "minister")],
    ids=["relay-twice", "speaker-as-relay"],
)
def test_an_actor_twice_in_speaker_and_via_is_refused_where_it_repeats(mini, run, new, field, who):
    text = _edit(mini, A, "via: [agency]", new)
    problems = json.loads(run("validate", "--root", str(mini), "--format", "json").output)
    assert [(p["line"], p["col"], p["code"], p["field"], p["message"]) for p in problems] == [
        (_line_of(text, new), text.split("\n")[_line_of(text, new) - 1].rindex(who) + 1, "via-repeats", field,
         f"{who!r} appears twice in speaker and via; each actor the claim passed through is listed once"),
    ]


def test_seed_without_claims_file_is_refused(mini, run):
    (mini / "seeds" / "doc-c.txt").write_text("Текст.\n", encoding="utf-8")
    result = run("validate", "--root", str(mini), "--format", "json")
    assert result.exit_code == 1
    (problem,) = json.loads(result.output)
    assert (problem["code"], problem["file"]) == ("seed-without-document", "seeds/doc-c.txt")


def test_stray_file_in_claims_is_refused(mini, run):
    (mini / "claims" / "doc-c.yml").write_text("document: {}\n", encoding="utf-8")
    result = run("validate", "--root", str(mini), "--format", "json")
    assert [(p["code"], p["file"]) for p in json.loads(result.output)] == [("unexpected-file", "claims/doc-c.yml")]


def test_quote_mismatch_shows_both_texts_and_the_real_place(mini, run):
    _edit(mini, A, "start: 47\n    end: 89", "start: 48\n    end: 90")
    result = run("validate", "--root", str(mini))
    assert result.exit_code == 1
    line = next(row for row in result.output.splitlines() if "quote-mismatch" in row)
    assert "'коло 5 тыс. строителей прибыли в сентябре.'" in line
    assert "occurs at start=47, end=89" in line


def test_edited_seed_is_refused_at_the_sha256_line(mini, run):
    seed = mini / "seeds" / "doc-b.txt"
    seed.write_text(seed.read_text(encoding="utf-8").replace("6 ноября", "7 ноября"), encoding="utf-8")
    result = run("validate", "--root", str(mini), "--format", "json")
    assert result.exit_code == 1
    (problem,) = json.loads(result.output)
    text = (mini / B).read_text(encoding="utf-8")
    assert (problem["code"], problem["file"], problem["line"]) == ("seed-edited", B, _line_of(text, "sha256:"))


def _write_seed(root: Path, stem: str, data: bytes) -> None:
    """Replace a seed and record its sha256, so that only what its bytes hold is at issue."""
    seed = root / "seeds" / f"{stem}.txt"
    _edit(root, f"claims/{stem}.yaml", hashlib.sha256(seed.read_bytes()).hexdigest(), hashlib.sha256(data).hexdigest())
    seed.write_bytes(data)


def test_a_seed_with_a_byte_order_mark_is_refused_at_its_first_byte(mini, run):
    _write_seed(mini, "doc-a", b"\xef\xbb\xbf" + (mini / "seeds" / "doc-a.txt").read_bytes())
    problems = json.loads(run("validate", "--root", str(mini), "--format", "json").output)
    assert [(p["file"], p["line"], p["col"], p["code"]) for p in problems] == [("seeds/doc-a.txt", 1, 1, "seed-encoding")]
    assert problems[0]["message"].startswith("U+FEFF ZERO WIDTH NO-BREAK SPACE: the file starts with a byte-order mark")


def test_a_seed_that_is_not_utf8_is_refused_at_the_bad_byte(mini, run):
    text = (mini / "seeds" / "doc-a.txt").read_text(encoding="utf-8")
    at = text.index("Министр") + len("Министр ")
    (mini / "seeds" / "doc-a.txt").write_bytes(text[:at].encode() + b"\xff" + text[at:].encode())
    problems = json.loads(run("validate", "--root", str(mini), "--format", "json").output)
    assert [(p["file"], p["line"], p["col"], p["code"]) for p in problems] == [("seeds/doc-a.txt", 2, 9, "seed-encoding")]
    assert problems[0]["message"].startswith(f"byte {len(text[:at].encode())} (0xFF) is not UTF-8")


@pytest.mark.parametrize(
    ("char", "name"),
    [("\u00ad", "U+00AD SOFT HYPHEN"), ("\x00", "U+0000 NULL"), ("\u202e", "U+202E RIGHT-TO-LEFT OVERRIDE")],
    ids=["soft-hyphen", "nul", "bidi-override"],
)
def test_a_seed_character_no_quote_may_hold_is_refused_at_its_place(mini, run, char, name):
    text = (mini / "seeds" / "doc-a.txt").read_text(encoding="utf-8")
    _write_seed(mini, "doc-a", text.replace("Переговоры", f"Пере{char}говоры").encode())
    problems = json.loads(run("validate", "--root", str(mini), "--format", "json").output)
    (seed,) = [p for p in problems if p["file"] == "seeds/doc-a.txt"]
    line = text.split("\n")[1]
    assert (seed["line"], seed["col"], seed["code"]) == (2, line.index("Переговоры") + 5, "seed-character")
    assert seed["message"].startswith(f"{name} at offset {text.index('Переговоры') + 4}: a quote may not hold it")
    # The quote over the passage is refused too; the seed's problem says why no quote can match it.
    assert [p["field"] for p in problems if p["code"] == "quote-mismatch"] == ["claims[1].quote.text"]


def test_missing_seed_is_refused(mini, run):
    (mini / "seeds" / "doc-b.txt").unlink()
    result = run("validate", "--root", str(mini), "--format", "json")
    assert result.exit_code == 1
    assert [p["code"] for p in json.loads(result.output)] == ["seed-missing"]


def test_uncovered_sentence_is_refused(mini, run):
    seed_text = (mini / "seeds" / "doc-a.txt").read_text(encoding="utf-8")
    # Dropping the not-claim entry leaves the dateline line covered by nothing.
    _edit(mini, A, "  not_claims:\n  - quote:\n      text: ' date 2025-11-07 Навигация'\n      start: 0\n      end: 26\n    reason: dateline\n", "")
    result = run("validate", "--root", str(mini), "--format", "json")
    assert result.exit_code == 1
    (problem,) = json.loads(result.output)
    assert problem["code"] == "uncovered-sentence"
    assert "Навигация" in problem["message"]
    assert seed_text.startswith(" date 2025-11-07 Навигация")


@pytest.mark.parametrize(
    ("content", "code"),
    [
        (b"", "empty-file"),
        (b"\xef\xbb\xbfid: minister\n", "encoding"),
        (b"id: [\xff]\n", "encoding"),
        (b"- just\n- a list\n", "wrong-type"),
        (b"id: minister\nkind: person\nname: {ru: null, en: M}\nextra: 1\n", "unknown-field"),
        (b"id: minister\nkind: person\nname: {ru: null, en: M}\nroles: {}\n", "wrong-type"),
        (b"actors:\n- id: minister\n  kind: person\n  name: {ru: null, en: M}\n", "missing-field"),
    ],
    ids=["empty", "bom", "latin1", "list", "extra-top-level", "mapping-for-list", "a-registry-not-an-actor"],
)
def test_malformed_actor_file_is_refused(mini, run, content, code):
    (mini / ACTORS).write_bytes(content)
    result = run("validate", "--root", str(mini), "--format", "json")
    assert result.exit_code == 1
    problems = json.loads(result.output)
    assert problems[0]["code"] == code
    assert problems[0]["file"] == ACTORS


def test_an_unreadable_actor_file_is_one_problem_not_a_flood(mini, run):
    path = mini / ACTORS
    path.write_text(path.read_text(encoding="utf-8").replace("id: minister", " id: minister\nkind"), encoding="utf-8")
    result = run("validate", "--root", str(mini), "--format", "json")
    problems = json.loads(result.output)
    assert [(p["file"], p["code"]) for p in problems] == [(ACTORS, "yaml-syntax")]


def test_an_unreadable_claims_file_does_not_break_links_into_it(mini, run):
    (mini / B).write_text("document: [\n", encoding="utf-8")
    problems = json.loads(run("validate", "--root", str(mini), "--format", "json").output)
    assert [(p["file"], p["code"]) for p in problems] == [(B, "yaml-syntax")]


def test_a_broken_claim_is_not_also_reported_as_uncovered(mini, run):
    _edit(mini, A, "    start: 47\n", "")
    problems = json.loads(run("validate", "--root", str(mini), "--format", "json").output)
    assert [p["code"] for p in problems] == ["quote-unplaced"]


def test_edited_line_endings_of_a_seed_are_named(mini, run):
    seed = mini / "seeds" / "doc-a.txt"
    seed.write_bytes(seed.read_bytes().replace(b"\n", b"\r\n"))
    problems = json.loads(run("validate", "--root", str(mini), "--format", "json").output)
    assert [p["code"] for p in problems] == ["seed-edited"]
    assert "only its line endings differ (CRLF)" in problems[0]["message"]


def test_every_problem_is_reported_in_one_run(mini, run):
    _edit(mini, A, "type: quantity", "type: rumour")
    _edit(mini, B, "speaker: outlet-a", "speaker: ghost")
    result = run("validate", "--root", str(mini), "--format", "json")
    codes = sorted(p["code"] for p in json.loads(result.output))
    assert codes == ["unknown-actor", "unknown-term"]


def test_every_independent_problem_of_one_record_is_reported_in_one_run(mini, run):
    _edit(mini, A, "date: '2025-11-04'", "date: 4 November")
    _edit(mini, A, "speaker: minister", "speaker: nobody")
    _edit(mini, A, "text: около 5 тыс.", "text: около 6 тыс.")
    problems = json.loads(run("validate", "--root", str(mini), "--format", "json").output)
    assert sorted((p["code"], p["field"]) for p in problems) == [
        ("invalid-value", "claims[0].date"),
        ("quote-mismatch", "claims[0].quote.text"),
        ("unknown-actor", "claims[0].speaker"),
    ]


def test_github_format_annotates_the_line(mini, run, monkeypatch):
    monkeypatch.chdir(mini)  # annotations name files from the current directory
    text = _edit(mini, A, "type: quantity", "type: rumour")
    result = run("validate", "--root", str(mini), "--format", "github")
    assert result.exit_code == 1
    line = _line_of(text, "type: rumour")
    assert result.output.startswith(f"::error file={A},line={line},col=")
    assert "title=unknown-term::" in result.output


def test_text_format_is_path_line_col_code_field_message(mini, run):
    text = _edit(mini, A, "type: quantity", "type: rumour")
    result = run("validate", "--root", str(mini))
    line = _line_of(text, "type: rumour")
    assert result.output.startswith(f"{A}:{line}:9: unknown-term: claims[0].type: 'rumour' is not a term")


def test_every_problem_code_is_in_the_readme_table(repo):
    """A contributor looks a code up in README: What validation refuses; each code the checks emit is there."""
    from claimset import textpolicy

    readme = (repo / "README.md").read_text(encoding="utf-8")
    table = readme[readme.index("| code | what |"):readme.index("**Unicode policy.**")]
    listed = set(re.findall(r"`([a-z]+(?:-[a-z]+)*)`", table))
    modules = ("check", "read", "yamlio", "textpolicy", "problems")
    source = "".join((repo / "src" / "claimset" / f"{name}.py").read_text(encoding="utf-8") for name in modules)
    emitted = set(re.findall(r'"([a-z]+(?:-[a-z]+)+)"', source)) - {textpolicy.ALREADY_CHECKED}
    emitted |= {"encoding", "forbidden-character"}  # a code without a hyphen, and one named by its pydantic error
    assert sorted(emitted - listed) == []


def test_uncovered_words_of_a_covered_sentence_are_refused_and_shown(data_root, run, tmp_path):
    # In the 2023-08 document, Vorontsov's framing (14 words, and «что» after it) is a claim of its own; without
    # it the sentence is still overlapped by his quote, but 15 of its words are covered by nothing.
    import shutil

    for name in ("claims", "seeds"):
        shutil.copytree(data_root / name, tmp_path / name)
    path = tmp_path / "claims" / "unnamed-2023-08-mcis-dprk-defence-cooperation.yaml"
    text = path.read_text(encoding="utf-8")
    start = text.index("- id: mcis23-vorontsov-comments-in-this-connection\n")
    end = text.index("\n- id: ", start) + 1
    block = text[start:end]
    assert "отмечает в этой связи" in block and "frames" in block, "the document changed: update this test"
    path.write_text(text[:start] + text[end:], encoding="utf-8")
    words = "Заведующий отделом Кореи и Монголии Института востоковедения РАН Александр Воронцов отмечает в этой связи, что"

    result = run("validate", "--root", str(tmp_path), "--format", "json")
    assert result.exit_code == 1
    (problem,) = [p for p in json.loads(result.output) if p["severity"] != "warning"]  # warnings: any data may have
    assert problem["code"] == "uncovered-words"
    assert problem["file"] == "claims/unnamed-2023-08-mcis-dprk-defence-cooperation.yaml"
    assert f"15 consecutive words at 590:700 of a sentence" in problem["message"] and repr(words) in problem["message"]
    coverage = run("coverage", "--root", str(tmp_path))
    assert coverage.exit_code == 1
    assert "unnamed-2023-08-mcis-dprk-defence-cooperation: 16/17 sentences covered" in coverage.output
    assert f"  590:700 15 uncovered words: {words}" in coverage.output


def test_restated_claims_that_cannot_share_a_day_are_a_date_conflict(mini, run):
    # a-talks restates b-meeting. One event: event dates that share no day conflict.
    _edit(mini, A, "  date: '2025-11-07'\n  quote:\n    text: Переговоры", "  date: '2025-11-07'\n  event_date: 2025-10\n  quote:\n    text: Переговоры")
    result = run("validate", "--root", str(mini), "--format", "json")
    assert result.exit_code == 1
    (problem,) = json.loads(result.output)
    assert (problem["code"], problem["field"]) == ("date-conflict", "claims[1].event_date")
    assert "restates b-meeting: one event, but its event_date 2025-10 and that claim's 2025-11-06 share no day" in problem["message"]
    # A range that may hold the other's day does not conflict.
    _edit(mini, A, "  event_date: 2025-10\n", "  event_date: 2025-10-20/2025-11-10\n  date_note: a range\n")
    result = run("validate", "--root", str(mini))
    assert result.exit_code == 0, result.output


def test_an_outlet_repeating_its_own_background_in_a_later_document_is_no_date_conflict(mini, run):
    # a-talks in the outlet's own voice too: the outlet says it in doc-a (2025-11-07) and again in doc-b
    # (2025-11-08). Two publications, two statements; the event they report still happened once.
    _edit(mini, A, "  mode: direct\n  speaker: agency\n", "  mode: narrative\n  speaker: outlet-a\n")
    result = run("validate", "--root", str(mini), "--format", "json")
    assert not [p for p in json.loads(result.output) if p["code"] == "date-conflict"], result.output
    _edit(mini, A, "  date: '2025-11-07'\n  quote:\n    text: Переговоры", "  date: '2025-11-07'\n  event_date: 2025-10\n  quote:\n    text: Переговоры")
    problems = [p for p in json.loads(run("validate", "--root", str(mini), "--format", "json").output)
                if p["code"] == "date-conflict"]
    assert [p["field"] for p in problems] == ["claims[1].event_date"]


def test_one_statement_by_one_speaker_restated_on_days_that_cannot_meet_is_a_date_conflict(mini, run):
    # Make b-meeting the agency's own report, as a-talks is: one statement, so one time.
    _edit(mini, "claims/doc-b.yaml", "  mode: narrative\n  speaker: outlet-a\n", "  mode: indirect\n  speaker: agency\n  via: []\n")
    result = run("validate", "--root", str(mini), "--format", "json")
    problems = [p for p in json.loads(result.output) if p["code"] == "date-conflict"]
    assert [p["field"] for p in problems] == ["claims[1].date"]
    assert "same speaker (agency): one statement, made once, but its date 2025-11-07 and that claim's 2025-11-08" in problems[0]["message"]
    _edit(mini, A, "  date: '2025-11-07'\n  quote:\n    text: Переговоры", "  date: ../2025-11-08\n  date_note: not dated\n  quote:\n    text: Переговоры")
    assert not [p for p in json.loads(run("validate", "--root", str(mini), "--format", "json").output)
                if p["code"] == "date-conflict"]


def test_a_document_field_at_the_top_level_is_said_to_belong_under_document(mini, run):
    # Written as a contributor may: not_claims as a key of its own, not indented under document:.
    path = mini / "claims" / "doc-a.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text + "not_claims: []\n", encoding="utf-8")
    result = run("validate", "--root", str(mini))
    assert result.exit_code == 1
    line = len(text.splitlines()) + 1
    assert (f"claims/doc-a.yaml:{line}:1: unknown-field: not_claims: unknown top-level key; 'not_claims' belongs "
            "under document: (indent it there)") in result.output


def test_an_offset_of_the_wrong_type_says_how_to_write_it_or_let_fmt_place_the_quote(mini, run):
    _edit(mini, A, "start: 47\n", "start: '47'\n")
    result = run("validate", "--root", str(mini), "--format", "json")
    assert result.exit_code == 1
    (problem,) = json.loads(result.output)
    assert (problem["code"], problem["field"]) == ("wrong-type", "claims[0].quote.start")
    assert "written without quotes" in problem["message"]
    assert "delete start: and end: and run `claimset fmt`" in problem["message"]
