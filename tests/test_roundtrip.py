"""Nothing lost: YAML → models → JSON → models, and JSON → CSV, over generated records.

Unicode policy under test: offsets count code points of the text as stored;
nothing is normalised, so any character a valid record can hold comes back
unchanged. The text strategies draw from the whole of Unicode less what the
policy refuses (`claimset.textpolicy`), so a valid dataset cannot hold what
crashes a writer (a NUL breaks Python 3.10's csv module).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from types import SimpleNamespace

from hypothesis import given, settings
from hypothesis import strategies as st

from claimset import fmt, textpolicy, yamlio
from claimset.dates import days
from claimset.export import LIST_SEPARATOR, TABLES
from claimset.models import Claim
from claimset.vocab import ClaimType, Mode, RelationType, ReviewStatus, Topic, WarningKind

# Cyrillic, guillemets, non-breaking and other spaces, dashes, emoji, joiners,
# line feeds, YAML and CSV syntax, and the rest of Unicode the policy allows.
SPECIAL = "абвгдеёжзийклмнопрстуфхцчшщъыьэюяАБВЯ«»„“\u00a0\u202f\u2009—–-😀🇰🇵\u200c\u200d\n'\":#&*!|>{}[],%@`;"
REFUSED = "".join(chr(c) for first, last in textpolicy.FORBIDDEN_RANGES for c in range(first, last + 1) if not 0xD800 <= c <= 0xDFFF)
allowed = st.characters(blacklist_categories=("Cs",), blacklist_characters=REFUSED)
text = st.text(alphabet=st.one_of(st.sampled_from(SPECIAL), allowed), min_size=1, max_size=40).filter(lambda s: s.strip())
# A long value must stay one unwrapped line; repeating a drawn text makes one
# without drawing thousands of characters one by one.
long_text = st.builds(lambda part, size: (part * (size // len(part) + 1))[:size], text, st.integers(2000, 5000))
slug = st.from_regex(r"\A[a-z0-9]{1,8}(-[a-z0-9]{1,8}){0,3}\Z")
numbers = st.one_of(
    st.integers(min_value=-(2**53), max_value=2**53),  # the whole numbers every release format holds exactly
    st.floats(allow_nan=False, allow_infinity=False),
    st.sampled_from([0, -0.0, 1e308, 5e-324, 2**53, -(2**53), 2.0**53 + 2, 0.1, 1e16]),
)


@st.composite
def edtf(draw):
    day = draw(st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2025, 12, 31)))
    precision = draw(st.sampled_from([4, 7, 10]))
    point = day.isoformat()[:precision] + draw(st.sampled_from(["", "~", "?", "%"]))
    return draw(st.sampled_from([point, f"{point}/..", f"../{point}"]))


addresses = st.from_regex(r"\Ahttps?://[a-z0-9.-]{1,20}/[!-~]{0,40}\Z")


@st.composite
def warnings(draw):
    kind = draw(st.sampled_from([k.value for k in WarningKind]))
    sources = draw(st.lists(addresses, max_size=2)) if kind == WarningKind.PUBLIC_RECORD.value else []
    return {"kind": kind, "note": draw(text), "sources": sources}


@st.composite
def claims(draw):
    quote = draw(st.one_of(text, long_text))
    start = draw(st.integers(min_value=0, max_value=10**6))
    return {
        "id": draw(slug),
        "document": draw(slug),
        "type": draw(st.sampled_from([t.value for t in ClaimType])),
        "mode": draw(st.sampled_from([m.value for m in Mode])),
        "speaker": draw(slug),
        "via": draw(st.lists(slug, max_size=3)),
        "about": draw(st.lists(slug, max_size=3)),
        "date": draw(edtf()),
        "date_note": draw(st.none() | text),
        "event_date": draw(st.none() | edtf()),
        "quote": {"text": quote, "start": start, "end": start + len(quote)},
        "english": draw(text),
        "figures": draw(st.lists(st.fixed_dictionaries(
            {"value": numbers, "approx": st.booleans(), "unit": text, "what": text},
            optional={"period": edtf(), "note": text},
        ), max_size=2)),
        "topics": draw(st.lists(st.sampled_from([t.value for t in Topic]), min_size=1, max_size=3, unique=True)),
        "relations": draw(st.lists(st.fixed_dictionaries(
            {"type": st.sampled_from([r.value for r in RelationType]), "claim": slug}, optional={"note": text}
        ), max_size=2, unique_by=lambda r: (r["type"], r["claim"]))),  # a link is given once
        "review": draw(st.fixed_dictionaries(
            {"status": st.sampled_from([s.value for s in ReviewStatus])},
            optional={"note": text, "changes": text, "warnings": st.lists(warnings(), max_size=3)},
        )),
    }


@settings(max_examples=150, deadline=None)
@given(claims())
def test_yaml_to_models_to_json_to_models_is_lossless(raw):
    claim = Claim.model_validate(raw)
    # The canonical YAML writer and the dataset's own reader.
    written = fmt.dump(claim.model_dump(mode="json"))
    read = yamlio.parse(written).data
    assert Claim.model_validate(read) == claim
    # JSON both ways.
    assert Claim.model_validate_json(claim.model_dump_json()) == claim
    assert Claim.model_validate(json.loads(json.dumps(claim.model_dump(mode="json")))) == claim


def _number(raw: str):
    try:
        return int(raw)
    except ValueError:
        return float(raw)


@settings(max_examples=100, deadline=None)
@given(st.lists(claims(), min_size=1, max_size=4))
def test_json_to_csv_is_lossless(raws):
    dataset = SimpleNamespace(claims=[Claim.model_validate(r) for r in raws])
    parse = {
        "integer": int, "number": _number, "boolean": {"true": True, "false": False}.__getitem__,
        "date": dt.date.fromisoformat,
    }
    for table in (t for t in TABLES if t.name in ("claims", "figures", "relations")):
        rows = list(csv.DictReader(io.StringIO(table.csv_text(dataset), newline="")))
        expected = list(table.rows(dataset))
        assert len(rows) == len(expected)
        for row, record in zip(rows, expected, strict=True):
            for column in table.columns:
                want = record
                for key in column.path:
                    want = want.get(key) if isinstance(want, dict) else None
                if column.bound and want is not None:
                    want = days(want)[0 if column.bound == "earliest" else 1]
                cell = row[column.name]
                if column.type == "string":
                    # A text cell starting = + - @ or ' has an apostrophe before it (README: Release files).
                    assert not cell.startswith(("=", "+", "-", "@")), cell
                    cell = cell.removeprefix("'")
                if column.is_list:
                    assert (cell.split(LIST_SEPARATOR) if cell else []) == want
                elif cell == "":
                    assert want is None
                else:
                    got = parse.get(column.type, str)(cell)
                    assert got == want and type(got) is type(want) or column.type == "number" and got == want


def test_every_character_a_valid_record_can_hold_survives_the_csv_writer():
    # Not a sample: all of them, on whichever Python runs the tests, in pieces
    # below the csv module's default field size limit (131,072 characters).
    everything = "".join(chr(c) for c in range(0x110000) if textpolicy.first_forbidden(chr(c)) is None)
    pieces = [everything[i:i + 100_000] for i in range(0, len(everything), 100_000)]
    raws = [{
        "id": f"a{n}", "document": "d", "type": "fact", "mode": "direct", "speaker": "s", "about": [], "date": "2025",
        "quote": {"text": piece, "start": 0, "end": len(piece)}, "english": piece,
        "topics": ["diplomacy"], "review": {"status": "first-read"},
    } for n, piece in enumerate(pieces)]
    dataset = SimpleNamespace(claims=[Claim.model_validate(raw) for raw in raws])
    claims_table = next(t for t in TABLES if t.name == "claims")
    rows = list(csv.DictReader(io.StringIO(claims_table.csv_text(dataset), newline="")))
    texts = ["".join(row[name].removeprefix("'") for row in rows) for name in ("quote_text", "english")]
    assert texts == [everything, everything]
