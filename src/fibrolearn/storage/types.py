"""Column types SQLite lacks."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import JSON, DateTime
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator

from fibrolearn.storage.damaged_data import StoredValueError, stored_shape, within_calendar


class UtcDateTime(TypeDecorator[datetime]):
    """An aware UTC datetime stored as naive UTC (SQLite keeps no time zone).

    Naive datetimes are refused on the way in: every time in FibroLearn is aware.
    """

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        """Convert to naive UTC before writing."""
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError(f"naive datetime {value!r} cannot be stored; use an aware UTC time")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        """Put UTC back on what SQLite returns."""
        return None if value is None else value.replace(tzinfo=UTC)

    def result_processor(self, dialect: Dialect, coltype: object) -> Callable[[Any], Any]:
        """SQLAlchemy's parsing of the stored text, damage told as such.

        Damage is a time that does not parse, or one where no study day can be counted
        (:func:`within_calendar`).
        """
        parse = super().result_processor(dialect, coltype)
        assert parse is not None, "process_result_value makes one"

        def checked(value: Any) -> Any:
            try:
                moment = parse(value)
            except (ValueError, TypeError) as error:
                raise StoredValueError(f"a stored time is not one ({value!r})") from error
            return None if moment is None else within_calendar(moment)

        return checked


class ShapedJson(TypeDecorator[Any]):
    """JSON whose value is always a list, or always an object: read back as anything else, damage.

    A damaged byte in a row's header can make SQLite read the stored text as a number; code
    that iterates the list (a factor's links, a quiz's questions) would then fail as if
    mistaken. NULL passes, as an outer join's missing row reads.
    """

    impl = JSON
    cache_ok = True

    def __init__(self, shape: type[list[Any]] | type[dict[str, Any]]) -> None:
        super().__init__()
        self.shape = shape

    def process_result_value(self, value: Any, dialect: Dialect) -> Any:
        """The parsed value, when it has the column's shape."""
        return None if value is None else stored_shape(self.shape, value)
