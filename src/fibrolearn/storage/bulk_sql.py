"""Statements over many rows at once: lookups of many values, and executemany writes.

Imports write tens of thousands of rows in one transaction and Browse reads thousands of rows
by id; these helpers make each lookup one statement whatever the number of values, and each
write one fast executemany.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import repeat
from typing import Any

from sqlalchemy import ColumnElement, Table, func, or_, select
from sqlalchemy.orm import Session

_BATCH = 500  # rows per IN (...) lookup: far below SQLite's variable limit
LARGEST_INTEGER = 2**63 - 1  # SQLite's; a larger Python int cannot even be bound


def one_of(column: ColumnElement[Any], values: Collection[int | str]) -> ColumnElement[bool]:
    """``column IN values``, the values bound as one JSON array that SQLite takes apart.

    One statement and one parameter for any number of values. Batches of IN (?, ?, ...)
    cost a statement each, and SQLAlchemy renders and caches each batch's list of marks.
    """
    # SQLite's json_each (3.40) cuts a string at a NUL character, so "a\0b" would find "a"
    # and miss itself: such values are bound one by one instead.
    with_nul = {value for value in values if isinstance(value, str) and "\x00" in value}
    listed = [value for value in values if value not in with_nul] if with_nul else list(values)
    in_json = func.json_each(json.dumps(listed)).table_valued("value")
    condition = column.in_(select(in_json.c.value))
    if not with_nul:
        return condition
    # In batches: a hostile file could hold more of them than SQLite takes variables.
    return or_(condition, *(column.in_(batch) for batch in batches(sorted(with_nul))))


def batches(values: Sequence[Any]) -> Iterator[Sequence[Any]]:
    """``values`` in slices of at most ``_BATCH``, one per IN (...) lookup."""
    for start in range(0, len(values), _BATCH):
        yield values[start : start + _BATCH]


@dataclass(frozen=True, slots=True)
class Same:
    """A column holding one value in every row."""

    value: Any


def insert_many(session: Session, table: Table, count: int, columns: dict[str, Any]) -> None:
    """INSERT ``count`` rows with one executemany, each value converted by its column's type.

    ``columns`` maps each column to its values, or to :class:`Same` for one value in every row.
    SQLAlchemy's executemany spends most of its time per row around the conversions; here the
    conversions are the same (the columns' bind processors, so stored values are identical),
    done column by column, and each value repeated down a column converted once.
    """
    names = ", ".join(columns)
    marks = ", ".join("?" * len(columns))
    statement = f"INSERT INTO {table.name} ({names}) VALUES ({marks})"
    rows = zip(*_bound(session, table, count, columns), strict=True)
    session.connection().exec_driver_sql(statement, list(rows))


def update_many(
    session: Session, table: Table, ids: Sequence[int], columns: dict[str, Any]
) -> None:
    """UPDATE the rows with these ids with one executemany, converted as :func:`insert_many`."""
    assignments = ", ".join(f"{name} = ?" for name in columns)
    statement = f"UPDATE {table.name} SET {assignments} WHERE id = ?"
    rows = zip(*_bound(session, table, len(ids), columns), ids, strict=True)
    session.connection().exec_driver_sql(statement, list(rows))


def _bound(
    session: Session, table: Table, count: int, columns: dict[str, Any]
) -> list[Iterable[Any]]:
    """Each column's ``count`` values as SQLite takes them, converted by the column's type."""
    dialect = session.get_bind().dialect
    converted: list[Iterable[Any]] = []
    for name, values in columns.items():
        process = table.c[name].type.dialect_impl(dialect).bind_processor(dialect) or _unchanged
        if isinstance(values, Same):
            converted.append(repeat(process(values.value), count))
        else:
            converted.append(_converted(values, process))
    return converted


def _converted(values: list[Any], process: Callable[[Any], Any]) -> list[Any]:
    if process is _unchanged:
        return values
    if values and isinstance(values[0], dict | list):
        return list(map(process, values))
    memo: dict[Any, Any] = {}
    return [memo[v] if v in memo else memo.setdefault(v, process(v)) for v in values]


def _unchanged(value: Any) -> Any:
    return value
