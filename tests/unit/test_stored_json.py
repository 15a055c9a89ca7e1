"""A JSON value read by plain SQL means what the ORM column reads: the same value, or damage."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import JSON, Column, Integer, MetaData, Table, select

from fibrolearn.storage.damaged_data import StoredValueError, stored_json, stored_json_shape
from fibrolearn.storage.db import make_engine
from fibrolearn.storage.types import ShapedJson

# As SQLite hands them back from a column of JSON type (numeric affinity): text, a number
# (what a JSON number is stored as, or a damaged row header makes of text), a blob.
STORED = ["'[1, 2]'", "'{\"a\": 1}'", "5", "2.5", "'9'", "'nope'", "x'5b5d'", "'\"text\"'"]


def _raw_and_orm(tmp_path: Path, literal: str, column_type: Any) -> tuple[Any, Any]:
    """The stored value as a plain read gets it, and what the ORM column makes of it."""
    path = tmp_path / "values.sqlite3"
    with sqlite3.connect(path) as connection:
        connection.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, value JSON)")
        connection.execute(f"INSERT INTO t (value) VALUES ({literal})")
        raw = connection.execute("SELECT value FROM t").fetchone()[0]
    connection.close()
    table = Table(
        "t", MetaData(), Column("id", Integer, primary_key=True), Column("value", column_type)
    )
    engine = make_engine(path)
    try:
        with engine.connect() as orm:
            try:
                read = orm.execute(select(table.c.value)).scalar_one()
            except StoredValueError as error:
                read = error
    finally:
        engine.dispose()
    return raw, read


def _plain(read: Any, raw: Any) -> Any:
    try:
        return read(raw)
    except StoredValueError as error:
        return error


@pytest.mark.parametrize("literal", STORED)
def test_a_plain_read_of_json_gives_what_the_orm_gives(tmp_path: Path, literal: str) -> None:
    raw, orm = _raw_and_orm(tmp_path, literal, JSON())
    plain = _plain(stored_json, raw)
    assert type(plain) is type(orm)
    if not isinstance(orm, StoredValueError):
        assert plain == orm


@pytest.mark.parametrize("shape", [list, dict])
@pytest.mark.parametrize("literal", STORED)
def test_a_plain_read_of_a_json_list_or_object_refuses_what_the_orm_refuses(
    tmp_path: Path, literal: str, shape: type[list[Any]] | type[dict[str, Any]]
) -> None:
    raw, orm = _raw_and_orm(tmp_path, literal, ShapedJson(shape))
    plain = _plain(lambda value: stored_json_shape(shape, value), raw)
    if isinstance(orm, StoredValueError):
        assert isinstance(plain, StoredValueError)
        return
    assert plain == orm
    assert isinstance(plain, shape)


def test_a_number_where_a_list_belongs_is_named_as_damage() -> None:
    with pytest.raises(StoredValueError, match=r"a stored list is not one \(5\)"):
        stored_json_shape(list, 5)
    with pytest.raises(StoredValueError, match="does not parse"):
        stored_json(None)


@pytest.mark.parametrize(
    ("stored", "said"),
    [
        (b"[\xe4", "can't decode byte 0xe4"),  # found in review: once "a number of 4,300 digits"
        ("[" * 100_000, "nested in it too deeply to read"),
        ("[" + "9" * 5_000 + "]", "a number of more than 4,300 digits"),
    ],
    ids=["bytes-not-utf-8", "nested-too-deeply", "number-too-long"],
)
def test_what_json_cannot_read_is_damage_said_as_it_is(stored: str | bytes, said: str) -> None:
    with pytest.raises(StoredValueError, match=re.escape(said)):
        stored_json(stored)
