"""One lookup of many values (bulk_sql.one_of) finds exactly the rows holding them."""

from __future__ import annotations

from sqlalchemy import Column, Integer, MetaData, String, Table, create_engine, insert, select

from fibrolearn.storage.bulk_sql import one_of

_METADATA = MetaData()
_ROWS = Table(
    "rows",
    _METADATA,
    Column("id", Integer, primary_key=True),
    Column("guid", String, unique=True),
)


def _found(guids: list[str] | None = None, ids: list[int] | None = None) -> set[str]:
    engine = create_engine("sqlite://")
    _METADATA.create_all(engine)
    stored = ["a", "b", "7", "a\x00b", "é"] + [f"g{number}" for number in range(5000)]
    with engine.begin() as connection:
        connection.execute(insert(_ROWS), [{"guid": guid} for guid in stored])
        where = one_of(_ROWS.c.id, ids or []) if guids is None else one_of(_ROWS.c.guid, guids)
        return set(connection.scalars(select(_ROWS.c.guid).where(where)))


def test_text_values_find_their_rows_and_no_others() -> None:
    assert _found(["a", "7", "é", "missing"]) == {"a", "7", "é"}


def test_a_value_holding_a_nul_character_is_found_whole() -> None:
    # SQLite's json_each cuts "a\0b" to "a": it must not find "a", and must find "a\0b".
    assert _found(["a\x00b"]) == {"a\x00b"}
    assert _found(["a\x00b", "b", "a\x00"]) == {"a\x00b", "b"}
    # More of them than one IN list takes (a hostile file): still one lookup.
    assert _found(["a\x00b", *(f"x\x00{number}" for number in range(1200))]) == {"a\x00b"}


def test_integer_ids_and_many_values_in_one_lookup() -> None:
    assert _found(ids=[1, 3]) == {"a", "7"}
    assert len(_found([f"g{number}" for number in range(0, 5000, 2)])) == 2500


def test_no_values_find_nothing() -> None:
    assert _found([]) == set()
