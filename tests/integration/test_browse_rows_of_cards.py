"""Finding cards' rows in a sorted listing: the numbers must match the order the table lists."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta
from functools import partial

import pytest

from bulk_collection import NOW, BulkCollection, shared_bulk_collection
from fibrolearn.domain.browse import SortKey
from fibrolearn.domain.search import parse_search
from fibrolearn.scheduling.fsrs_scheduler import DEFAULT_PARAMETERS, stabilities_until
from fibrolearn.scheduling.study_day import StudyDay
from fibrolearn.storage import browse
from fibrolearn.storage.db import Database
from fibrolearn.storage.migrate import open_collection
from fibrolearn.storage.search_props import SearchMoment


@pytest.fixture(scope="module")
def database(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Database]:
    bulk: BulkCollection = shared_bulk_collection(tmp_path_factory.getbasetemp())
    opened = open_collection(bulk.path, tmp_path_factory.mktemp("rows-of-cards"))
    yield opened
    opened.close()


def day_starts(days: int) -> datetime:
    return StudyDay(4).begins(StudyDay(4).date_of(NOW) + timedelta(days=days))


def listing(text: str, sort: SortKey, descending: bool) -> browse.Listing:
    moment = SearchMoment(NOW, day_starts, partial(stabilities_until, DEFAULT_PARAMETERS))
    return browse.Listing(parse_search(text), moment, sort, descending)


@pytest.mark.parametrize(
    "sort",
    [SortKey.CREATED, SortKey.DUE, SortKey.QUESTION, SortKey.DECK, SortKey.FACTOR, SortKey.LAPSES],
)
@pytest.mark.parametrize("descending", [False, True])
def test_rows_of_cards_are_where_the_listing_puts_them(
    database: Database, sort: SortKey, descending: bool
) -> None:
    listed = listing("glutamate", sort, descending)
    with database.read() as session:
        order = browse.list_card_ids(session, listed, 0, 20_000)
        asked = order[::457] + order[-3:] + [order[0]]
        rows = browse.rows_of_cards(session, listed, asked)
    assert len(order) > 10_000
    assert rows == {card: order.index(card) for card in asked}


def test_cards_the_listing_does_not_show_are_left_out(database: Database) -> None:
    listed = listing("tag:rare", SortKey.REVIEWS, True)
    with database.read() as session:
        order = browse.list_card_ids(session, listed, 0, 1000)
        elsewhere = next(i for i in range(1, 1000) if i not in order)
        rows = browse.rows_of_cards(session, listed, [order[5], elsewhere, 10**9])
        nothing = browse.rows_of_cards(session, listed, [])
    assert (rows, nothing) == ({order[5]: 5}, {})
