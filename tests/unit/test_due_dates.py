"""Set due date's typed days, as Anki reads them, and what a mistake is told."""

from __future__ import annotations

import pytest

from fibrolearn.domain.due_dates import DueDays, DueDaysError, parse_due_days


@pytest.mark.parametrize(
    ("typed", "days"),
    [
        ("0", DueDays(0, 0)),
        (" 3 ", DueDays(3, 3)),
        ("1-7", DueDays(1, 7)),
        ("1 - 7", DueDays(1, 7)),
        ("3!", DueDays(3, 3, sets_interval=True)),
        ("5-10!", DueDays(5, 10, sets_interval=True)),
        ("٣", DueDays(3, 3)),  # digits of another script count too
    ],
)
def test_due_days_are_read_as_anki_writes_them(typed: str, days: DueDays) -> None:
    assert parse_due_days(typed) == days


@pytest.mark.parametrize(
    ("typed", "said"),
    [
        ("", "Nothing was typed."),
        ("tomorrow", '"tomorrow" is not a number of days.'),
        ("-2", '"-2" is not a number of days.'),
        ("3!!", '"3!!" is not a number of days.'),
        ("7-1", "The range 7-1 ends before it starts: write 1-7."),
        ("99999", "That is too far ahead: at most 36,500 days (a hundred years)."),
        ("9" * 5000, "That is too far ahead"),
    ],
)
def test_a_mistake_names_what_is_wrong(typed: str, said: str) -> None:
    with pytest.raises(DueDaysError) as raised:
        parse_due_days(typed)
    assert str(raised.value).startswith(said)
