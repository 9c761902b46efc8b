"""The release tables as pandas DataFrames, from the same table definitions as the CSVs.

pandas is optional (`pip install 'claimset[pandas]'`) and imported only here,
when a DataFrame is asked for.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from .export import TABLES, Table
from .problems import suggest

if TYPE_CHECKING:
    import pandas

TABLE_NAMES = tuple(table.name for table in TABLES)


def table(name: str) -> Table:
    """The release table called ``name``; ValueError naming the tables there are."""
    for candidate in TABLES:
        if candidate.name == name:
            return candidate
    raise ValueError(f"no table {name!r}{suggest(str(name), TABLE_NAMES)}; the tables are {', '.join(TABLE_NAMES)}")


def to_pandas(name: str, source: Any) -> "pandas.DataFrame":
    """Table ``name`` of ``source`` (anything with `claims`, `documents` and `actors`) as a DataFrame."""
    return frame(table(name), source)


def frame(chosen: Table, source: Any) -> "pandas.DataFrame":
    """The rows of ``chosen`` for ``source`` as a DataFrame.

    The columns are the CSV's; date bounds are datetime64 (NaT at an open end; in
    microseconds when a date lies beyond the years 1677–2262 nanoseconds hold),
    integers and booleans that can be empty use pandas' nullable dtypes.
    """
    pd = _pandas()
    records = list(chosen.rows(source))
    data = {}
    for column in chosen.columns:
        values = [column.value(record) for record in records]
        dtype = _dtype(column, pd)
        if dtype == NANOSECONDS and any(v is not None and not NANOSECOND_DAYS[0] <= v <= NANOSECOND_DAYS[1] for v in values):
            dtype = "datetime64[us]"  # a valid date nanoseconds cannot hold (an event in 1147, a year 9999)
        data[column.name] = pd.Series(values, dtype=dtype, name=column.name)
    return pd.DataFrame(data, columns=[column.name for column in chosen.columns])


NANOSECONDS = "datetime64[ns]"
# The days datetime64[ns] holds whole: 1677-09-22 to 2262-04-11.
NANOSECOND_DAYS = (dt.date(1677, 9, 22), dt.date(2262, 4, 10))


def _dtype(column: Any, pd: Any) -> Any:
    if column.type == "date":
        return NANOSECONDS
    if column.type == "integer":
        return "int64" if column.required else "Int64"
    if column.type == "boolean":
        return "bool" if column.required else "boolean"
    if column.type == "number":
        return "float64"
    return None  # text: pandas' default string dtype, as `read_csv` gives


def _pandas() -> Any:
    try:
        import pandas
    except ImportError:
        raise ImportError(
            "DataFrames need pandas, which claimset does not install by default: pip install 'claimset[pandas]'"
        ) from None
    return pandas
