"""A Datasette plugin, loaded whenever claimset is installed beside Datasette: search claims.db in every word form.

`claims.db` indexes each claim's words as `claimset.words` analyses them
(stems), so a search must be analysed the same way. For a database that holds
that index, Datasette's `escape_fts()` (what turns the search box's text into a
full-text query) is replaced by the analyser's: `Курская` becomes `"курск"`,
which finds «Курской»; `Kim Jong-un` becomes `"kim" "jong un"`; nothing typed
can make an invalid query. `?_searchmode=raw` still passes FTS5 syntax
through, over the analysed words. Every database also gets two SQL functions:

- `claimset_words(text)`: the analysed words of ``text``, space-separated;
- `claimset_match(text)`: the FTS5 query for ``text`` (as the search box makes it).
"""

from __future__ import annotations

import sqlite3
from typing import Any, Optional

from datasette import hookimpl

from .database import WORDS_FTS
from .words import QueryError, query, words

# The FTS5 query for text without a word or too long to search: an empty phrase, which matches no row.
NOTHING = '""'


def claimset_words(text: Optional[str]) -> Optional[str]:
    return None if text is None else " ".join(words(str(text)))


def claimset_match(text: Optional[str]) -> str:
    """The FTS5 query for ``text``; one that matches nothing for text without a word, or longer than a search may be.

    Never an error: an exception here would reach the user as "Invalid SQL", and the server's log as a traceback.
    """
    if text is None:
        return NOTHING
    try:
        return query(str(text)).fts()
    except QueryError:
        return NOTHING


def _holds_claim_words(conn: sqlite3.Connection) -> bool:
    try:
        return conn.execute("SELECT 1 FROM sqlite_master WHERE name = ?", [WORDS_FTS]).fetchone() is not None
    except sqlite3.Error:
        return False


# trylast: after Datasette's own prepare_connection, so that this escape_fts replaces its.
@hookimpl(trylast=True)
def prepare_connection(conn: sqlite3.Connection, database: str, datasette: Any) -> None:
    conn.create_function("claimset_words", 1, claimset_words, deterministic=True)
    conn.create_function("claimset_match", 1, claimset_match, deterministic=True)
    if _holds_claim_words(conn):
        conn.create_function("escape_fts", 1, claimset_match, deterministic=True)
