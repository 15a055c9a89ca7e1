"""Each subdeck's own daily limits while a deck above it is studied, as Anki's v3 scheduler.

A deck gives its own cards and what each subdeck gives, up to its room; a subdeck whose
limits allow at least what the studied deck's still do changes nothing, so the study screen
reads no subdeck's cards apart for it (a shared Anki deck may hold thousands of subdecks,
all on one deck's options: each answer had read them all).
"""

from __future__ import annotations

from datetime import UTC, datetime

from fibrolearn.domain.deck_tree import capped_total
from fibrolearn.domain.decks import DeckOptions
from fibrolearn.services.daily_limits import StudyToday, SubdeckRoom, TodayLimits, subdeck_rooms
from fibrolearn.storage.todays_log import DoneToday

NOON = datetime(2026, 3, 4, 12, tzinfo=UTC)
TODAY = StudyToday(NOON, NOON, None, NOON)


def test_each_deck_gives_its_own_cards_and_its_subdecks_up_to_its_room() -> None:
    children = {1: [2, 4], 2: [3]}  # Science: Biology (Cells under it), Chemistry
    own = {1: 1, 2: 3, 3: 2, 4: 5}
    assert capped_total(1, children, {1: 20, 2: 0, 3: 20, 4: 2}, own) == 3
    assert capped_total(1, children, {1: 20, 2: 4, 3: 1, 4: 20}, own) == 1 + 4 + 5
    assert capped_total(1, children, {1: 6, 2: 20, 3: 20, 4: 20}, own) == 6


def test_answers_in_a_subdeck_count_against_every_deck_above_it() -> None:
    options = DeckOptions(new_per_day=5, reviews_per_day=50)
    family = {
        1: ("Science", options),
        2: ("Science::Biology", options),
        3: ("Science::Biology::Cells", options),
        4: ("Science::Chemistry", options),
    }
    done = {3: DoneToday(new=2, reviews=7, total=9)}

    rooms = subdeck_rooms(family, 1, TODAY, done)

    assert rooms == (
        SubdeckRoom(2, 1, new=3, reviews=43),
        SubdeckRoom(3, 2, new=3, reviews=43),
        SubdeckRoom(4, 1, new=5, reviews=50),
    )


def test_subdecks_hold_cards_back_only_with_less_room_than_the_deck_studied() -> None:
    def limits(*subdecks: SubdeckRoom) -> TodayLimits:
        return TodayLimits(new=3, reviews=43, day_start=NOON, day_end=NOON, subdecks=subdecks)

    assert not limits().held_by_subdecks()
    assert not limits(SubdeckRoom(2, 1, new=3, reviews=43)).held_by_subdecks()
    assert limits(SubdeckRoom(2, 1, new=2, reviews=43)).held_by_subdecks()
    assert limits(SubdeckRoom(2, 1, new=5, reviews=0)).held_by_subdecks()
    assert limits(SubdeckRoom(2, 1, new=0, reviews=43)).closed("new") == [2]
