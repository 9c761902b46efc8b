"""Words for search: text split into words, each reduced to the form every inflection of it shares.

One analyser serves every search of the data (`Dataset.search`, the reader's
`claimset search`, the full-text index of `claims.db`), for the text indexed
and for the query alike, so a query finds what the index holds:

- A **word** is a run of letters and digits (any script); an apostrophe
  between Latin letters stays inside it (``Korea's``). Every other character
  separates words: spaces, punctuation, and the hyphen or dash of a compound
  (``Jong-un`` is the two words ``jong``, ``un``).
- A **number** written with thousands separators is one word of its digits:
  ``5,000``, ``5.000``, ``5 000`` (any space) are all ``5000``; a separator
  followed by other than exactly three digits separates (``1,5`` is ``1``, ``5``).
- Each word is casefolded, ``ё`` read as ``е``, and then **stemmed** by
  Snowball: a word with a Cyrillic letter by the Russian stemmer, one with a
  Latin letter by the English stemmer (the site's search, Pagefind, stems with
  Snowball too). «Курская», «Курской» and «Курскую» are all ``курск``;
  "builders" is ``builder``; «таким» is ``так`` and «Ким» ``ким``, so neither
  finds the other.

A query is a list of terms that must all occur: each word is a term; a
compound or a number with a decimal separator (``Jong-un``, ``1,5``) and text
in double quotes («…», “…”, "…") are phrases, whose words must occur
consecutively.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterator

# A query longer than this is refused, so that no query costs more than a bounded amount of work.
MAX_QUERY_CHARS = 1000

_SEPARATOR = r"[,.\u0020\u00a0\u2009\u202f]"
_TOKEN = re.compile(
    # a number with thousands separators: 5,000  5 000  12.500.000
    rf"(?<![^\W_])\d{{1,3}}(?:{_SEPARATOR}\d{{3}})+(?![^\W_])"
    # or a word: letters and digits, with apostrophes between Latin letters (Korea's, O'Brien)
    r"|[^\W_]+(?:'(?=[a-z])[^\W_]+)*",
)
# What joins two words into one compound of a query: a hyphen or dash with no space (Jong-un); and between
# two numbers, a decimal separator (1,5).
_HYPHEN = re.compile(r"^[-\u2010-\u2015\u2212]$")
_DECIMAL = re.compile(r"^[,.]$")
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u02bc": "'", "\u2018": "'", "`": "'"})
_QUOTES = str.maketrans({c: '"' for c in "\u00ab\u00bb\u201c\u201d\u201e\u201f"})
_CYRILLIC = re.compile("[\u0400-\u04ff]")
_LATIN = re.compile("[a-z\u00c0-\u024f]")


class QueryError(ValueError):
    """A query that cannot be searched for: no words in it, or too long."""


class NoWords(QueryError):
    """A query without a letter or digit."""


class TooLong(QueryError):
    """A query longer than `MAX_QUERY_CHARS`."""


@dataclass(frozen=True)
class Query:
    """What a search asks for: every term must occur; a term of several words is a phrase."""

    terms: tuple[tuple[str, ...], ...]

    @property
    def stems(self) -> frozenset[str]:
        """Every word of every term."""
        return frozenset(word for term in self.terms for word in term)

    def fts(self) -> str:
        """The query as an SQLite FTS5 expression over analysed words: each term a quoted phrase, all required."""
        # A stem holds letters, digits and apostrophes only, never a double quote: quoting it is enough.
        return " ".join('"' + " ".join(term) + '"' for term in self.terms)


# Marks and invisible characters that may sit inside a word without ending it: combining marks (a stress mark
# on Cyrillic, which has no composed form, is one that NFC leaves), the soft hyphen, zero-width and bidirectional
# formatting characters, the byte-order mark and tag characters. Written out: a scan of unicodedata per character
# would cost more than the rest of the analysis.
_INSIDE_WORDS = re.compile(
    "[\u0300-\u036f\u0483-\u0489\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f"
    "\u00ad\u034f\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff"
    "\U000e0001\U000e0020-\U000e007f]"
)


def _cleaned(text: str) -> str:
    # Composed letters (й, not и + breve), then no mark or invisible character inside a word.
    composed = unicodedata.normalize("NFC", text)
    return _INSIDE_WORDS.sub("", composed).casefold().translate(_APOSTROPHES)


def _tokens(text: str) -> Iterator[re.Match]:
    return _TOKEN.finditer(text)


@lru_cache(maxsize=1)
def _stemmers() -> tuple:
    import Stemmer  # PyStemmer: Snowball's C stemmers, imported on first search only

    return Stemmer.Stemmer("russian"), Stemmer.Stemmer("english")


# Words repeat: each distinct token is stemmed once while it stays among the most recent.
@lru_cache(maxsize=65536)
def stem(token: str) -> str:
    """The searchable form of one token as `_TOKEN` finds it in casefolded text."""
    token = token.replace("ё", "е")
    if token[0].isdigit() and not token.isalnum():  # a grouped number: its digits
        return "".join(c for c in token if c.isdigit())
    russian, english = _stemmers()
    if _CYRILLIC.search(token):
        return russian.stemWord(token)
    if _LATIN.search(token):
        return english.stemWord(token)
    return token


def words(text: str) -> list[str]:
    """Every word of ``text`` in order, in its searchable form."""
    return [stem(match.group()) for match in _tokens(_cleaned(text))]


def query(text: str) -> Query:
    """The terms a search for ``text`` asks for; QueryError if it has no word or is too long."""
    if not isinstance(text, str):
        raise TypeError(f"search for text, not {type(text).__name__}")
    if len(text) > MAX_QUERY_CHARS:
        raise TooLong(f"a search may be at most {MAX_QUERY_CHARS} characters long, not {len(text)}")
    cleaned = _cleaned(text).translate(_QUOTES)
    terms: list[tuple[str, ...]] = []
    # Outside quotes (even pieces) each word or compound is a term; inside (odd pieces) the whole is a phrase.
    # An unclosed quote runs to the end.
    for number, piece in enumerate(cleaned.split('"')):
        if number % 2:
            phrase = tuple(stem(m.group()) for m in _tokens(piece))
            if phrase:
                terms.append(phrase)
            continue
        compound: list[str] = []
        previous: re.Match | None = None
        for match in _tokens(piece):
            if previous is not None and not _joined(previous, match, piece):
                terms.append(tuple(compound))
                compound = []
            compound.append(stem(match.group()))
            previous = match
        if compound:
            terms.append(tuple(compound))
    if not terms:
        raise NoWords(f"no word to search for in {text!r}: a word is a run of letters or digits")
    return Query(tuple(dict.fromkeys(terms)))


def _joined(before: re.Match, after: re.Match, text: str) -> bool:
    """Whether two consecutive tokens of a query make one compound: a hyphenated word, a decimal number."""
    between = text[before.end():after.start()]
    if _HYPHEN.match(between):
        return True
    return bool(_DECIMAL.match(between)) and before.group().isdigit() and after.group().isdigit()


def contains(haystack: tuple[str, ...], phrase: tuple[str, ...]) -> bool:
    """Whether the words of ``phrase`` occur consecutively in ``haystack``."""
    if len(phrase) == 1:
        return phrase[0] in haystack
    first, size = phrase[0], len(phrase)
    return any(
        word == first and haystack[at:at + size] == phrase for at, word in enumerate(haystack)
    )
