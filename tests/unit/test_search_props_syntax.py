"""The search terms about a card's numbers and days: what they read, and what they refuse."""

from __future__ import annotations

import math

import pytest

from fibrolearn.domain.enums import Rating
from fibrolearn.domain.search import (
    Search,
    SearchField,
    SearchSyntaxError,
    SearchTerm,
    parse_search,
)
from fibrolearn.domain.search_props import (
    DaysTest,
    Property,
    PropertyTest,
    days_test,
    property_test,
)
from fibrolearn.scheduling.fsrs_scheduler import (
    DEFAULT_PARAMETERS,
    forgetting_curve,
    stabilities_until,
)


@pytest.mark.parametrize(
    ("value", "test"),
    [
        ("ivl>=10", PropertyTest(Property.IVL, ">=", 10)),
        ("due=1", PropertyTest(Property.DUE, "=", 1)),
        ("due<=0", PropertyTest(Property.DUE, "<=", 0)),
        ("due>-3", PropertyTest(Property.DUE, ">", -3)),
        ("REPS>5", PropertyTest(Property.REPS, ">", 5)),
        ("lapses!=3", PropertyTest(Property.LAPSES, "!=", 3)),
        ("s>30", PropertyTest(Property.S, ">", 30.0)),
        ("s<2.5", PropertyTest(Property.S, "<", 2.5)),
        ("d>0.7", PropertyTest(Property.D, ">", 0.7)),
        ("d<=.5", PropertyTest(Property.D, "<=", 0.5)),
        ("r<0.9", PropertyTest(Property.R, "<", 0.9)),
    ],
)
def test_prop_reads_a_name_a_comparison_and_a_number(value: str, test: PropertyTest) -> None:
    assert property_test(value) == test


@pytest.mark.parametrize(
    ("field", "value", "test"),
    [
        ("added", "7", DaysTest(7)),
        ("rated", "3", DaysTest(3)),
        ("rated", "3:1", DaysTest(3, Rating.AGAIN)),
        ("rated", "1:4", DaysTest(1, Rating.EASY)),
        ("introduced", "365", DaysTest(365)),
    ],
)
def test_days_read_a_count_and_for_rated_an_answer(field: str, value: str, test: DaysTest) -> None:
    assert days_test(field, value) == test


@pytest.mark.parametrize("recall", [0.1, 0.5, 0.9, 0.97, 1.0])
def test_recall_falls_to_a_level_after_so_many_stabilities(recall: float) -> None:
    stabilities = stabilities_until(DEFAULT_PARAMETERS, recall)
    assert forgetting_curve(DEFAULT_PARAMETERS, stabilities * 7.5, 7.5) == pytest.approx(recall)
    assert stabilities_until(DEFAULT_PARAMETERS, 0.9) == pytest.approx(1)
    assert stabilities_until(DEFAULT_PARAMETERS, 0) == math.inf


def test_the_parser_keeps_them_as_typed_in_lower_case() -> None:
    assert parse_search("-Prop:IVL>=10 rated:3:1 edited:2") == Search(
        (
            SearchTerm(SearchField.PROP, "ivl>=10", negated=True),
            SearchTerm(SearchField.RATED, "3:1"),
            SearchTerm(SearchField.EDITED, "2"),
        )
    )


@pytest.mark.parametrize(
    ("query", "message", "bad_part"),
    [
        ("sleep prop:ivl>=x", '"prop:ivl>=" needs a whole number after it, not "x"', "x"),
        ("prop:foo>1", '"prop:" cannot compare "foo"; it compares ivl, due, reps,', "foo"),
        ("prop:>1", '"prop:" cannot compare ""', ">"),
        ("prop:ivl", '"prop:ivl" needs a comparison and a number after it', "ivl"),
        ("prop:ivl>=1.5", '"prop:ivl>=" needs a whole number after it, not "1.5"', "1.5"),
        ("prop:s>nan", '"prop:s>" needs a number after it, not "nan"', "nan"),
        ("prop:s>", '"prop:s>" needs a number after it, not ""', ">"),
        ("prop:d>7", "difficulty runs from 0 to 1", "7"),
        ("prop:r<90", "retrievability runs from 0 to 1 (as Anki shows it), not", "90"),
        ("prop:due=99999", "a due day is at most 36,500 days away", "99999"),
        ("prop:reps>99999999999", '"prop:reps>" needs a whole number', "99999999999"),
        ('prop:"s> 3"', '"prop:s>" needs a number after it, not " 3"', " 3"),
        ("rated:0", '"rated:" needs a number of days from 1 (today) to 36,500, not "0"', "0"),
        ("rated:x", '"rated:" needs a number of days', "x"),
        ("added:٣", '"added:" needs a number of days', "٣"),
        ("rated:3:5", 'after "rated:3:" comes the answer, 1 (Again), 2 (Hard)', "5"),
        ("rated:3:", 'after "rated:3:" comes the answer', ":"),
        ("added:7:1", '"added:" takes only a number of days, e.g. added:7', ":1"),
        (
            "introduced:",
            '"introduced:" needs a value after the colon, e.g. introduced:7',
            "introduced:",
        ),
    ],
)
def test_mistakes_name_the_bad_part(query: str, message: str, bad_part: str) -> None:
    with pytest.raises(SearchSyntaxError) as caught:
        parse_search(query)
    assert caught.value.message.startswith(message)
    assert query[caught.value.start : caught.value.end] == bad_part
