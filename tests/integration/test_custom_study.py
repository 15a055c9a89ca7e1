"""Custom study: today's limits raised for a deck (and its subdecks) until the next study day,
and the sets of cards its other choices find: forgotten lately, due soon, matching a search."""

from __future__ import annotations

from datetime import timedelta

import pytest

from fibrolearn.domain.browse import CardQuery, NoteDraft
from fibrolearn.domain.clock import FixedClock
from fibrolearn.domain.decks import DeckOptions
from fibrolearn.domain.enums import CardState, NoteKind, Rating
from fibrolearn.domain.search import SearchSyntaxError
from fibrolearn.domain.study import StudySet
from fibrolearn.services.container import Services
from own_cards import new_deck


def basic_cards(services: Services, deck: int, count: int, word: str = "card") -> list[int]:
    """Add ``count`` basic notes (a card each) to a deck; their cards' ids, in order."""
    for number in range(count):
        services.notes.add(deck, NoteDraft(NoteKind.BASIC, f"{word} {number}", f"A{number}"))
    return services.browse.find(CardQuery(services.browse.parse(word)), 2000).card_ids


def small_deck(services: Services) -> int:
    return next(d.deck_id for d in services.decks.list_decks() if d.name == "Small deck")


def counts(services: Services, deck: int) -> tuple[int, int]:
    """(new, review) in the deck list's row of ``deck``, as the learner reads them."""
    row = next(d for d in services.decks.list_decks() if d.deck_id == deck)
    assert (row.new, row.due) == (
        services.study.queue_counts(deck).new,
        services.study.queue_counts(deck).review,
    ), "the deck list and the study queue agree"
    return row.new, row.due


def learn(services: Services, card_ids: list[int], rating: Rating = Rating.EASY) -> None:
    """Answer each card once (as a focused session would show it)."""
    for card_id in card_ids:
        focus = StudySet(0, (card_id,), "one")
        shown, _ = services.study.next_in_set_and_counts(focus, services.study.newest_answer_id())
        assert shown is not None and shown.card_id == card_id
        services.study.answer(card_id, rating, 1000, shown_state=shown.state)


@pytest.fixture
def family(services: Services) -> tuple[int, int]:
    """A deck "Mine" (2 new cards a day) with a subdeck "Mine::Sleep" (1 a day), 4 cards each."""
    mine, sleep = new_deck(services, "Mine"), new_deck(services, "Mine::Sleep")
    services.decks.set_options(mine, DeckOptions(new_per_day=2, reviews_per_day=1))
    services.decks.set_options(sleep, DeckOptions(new_per_day=1, reviews_per_day=1))
    basic_cards(services, mine, 4, "mine")
    basic_cards(services, sleep, 4, "sleep")
    return mine, sleep


def test_more_new_cards_today_shows_at_once_and_ends_with_the_study_day(
    services: Services, clock: FixedClock, family: tuple[int, int]
) -> None:
    mine, sleep = family
    assert counts(services, mine) == (2, 0)
    assert counts(services, sleep) == (1, 0)
    assert services.custom_study.waiting(mine) == (6, 0)  # what a raise could bring
    services.custom_study.raise_limit(mine, "new", 3)
    assert counts(services, mine) == (5, 0)  # the subdeck's own limit raised too
    assert counts(services, sleep) == (4, 0)
    services.custom_study.raise_limit(mine, "new", 10)  # raises add up, within the cards
    assert counts(services, mine) == (8, 0)
    clock.advance(timedelta(days=1))
    assert counts(services, mine) == (2, 0)
    assert counts(services, sleep) == (1, 0)


def test_a_subdecks_raise_leaves_the_deck_above_it_at_its_own_limit(
    services: Services, family: tuple[int, int]
) -> None:
    mine, sleep = family
    services.custom_study.raise_limit(sleep, "new", 2)
    assert counts(services, sleep) == (3, 0)
    assert counts(services, mine) == (2, 0)


def test_more_reviews_today_lets_waiting_reviews_come(
    services: Services, clock: FixedClock, family: tuple[int, int]
) -> None:
    mine, _sleep = family
    cards = basic_cards(services, mine, 3, "later")
    learn(services, cards)
    clock.advance(timedelta(days=400))  # every one long due
    assert counts(services, mine)[1] == 1
    services.custom_study.raise_limit(mine, "reviews", 5)
    assert counts(services, mine)[1] == 3  # all there are: a raise finds no more than that
    clock.advance(timedelta(days=1))
    assert counts(services, mine)[1] == 1


def test_forgotten_finds_cards_answered_again_in_the_last_days_of_the_deck_and_subdecks(
    services: Services, clock: FixedClock, family: tuple[int, int]
) -> None:
    mine, sleep = family
    first, second = basic_cards(services, mine, 1, "first"), basic_cards(services, sleep, 1, "x")
    other = basic_cards(services, small_deck(services), 1, "elsewhere")
    learn(services, first + second + other, Rating.AGAIN)
    clock.advance(timedelta(days=2))
    learn(services, second, Rating.AGAIN)  # forgotten again today
    found = services.custom_study.forgotten(mine, 1)
    assert found.study_set.card_ids == tuple(second)
    assert found.study_set.deck_id == mine and found.study_set.label == "Forgotten today"
    found = services.custom_study.forgotten(mine, 3)
    assert set(found.study_set.card_ids) == {*first, *second}  # not the other deck's
    assert found.to_study >= 1
    assert services.custom_study.forgotten(sleep, 3).study_set.card_ids == tuple(second)


def test_review_ahead_finds_reviews_due_in_the_next_days_and_changes_no_schedule(
    services: Services, clock: FixedClock, family: tuple[int, int]
) -> None:
    mine, _sleep = family
    cards = basic_cards(services, mine, 2, "ahead")
    learn(services, cards, Rating.EASY)
    due = {card: row.due for card, row in services.browse.rows(cards).items()}
    assert services.custom_study.ahead(mine, 1).found == 0
    found = services.custom_study.ahead(mine, 365)
    assert sorted(found.study_set.card_ids) == sorted(cards)
    assert found.to_study == 2
    assert {card: row.due for card, row in services.browse.rows(cards).items()} == due


def test_a_search_finds_the_decks_cards_only_and_a_bad_one_is_refused(
    services: Services, family: tuple[int, int]
) -> None:
    mine, sleep = family
    found = services.custom_study.matching(mine, "sleep")
    assert len(found.study_set.card_ids) == 4 and found.to_study == 4
    assert services.custom_study.matching(sleep, "mine").found == 0
    assert services.custom_study.matching(mine, "sleep").nothing_words("None") is None
    with pytest.raises(SearchSyntaxError):
        services.custom_study.matching(mine, "dek:sleep")


def test_suspended_cards_are_not_found_and_many_are_cut_to_the_first_thousand(
    services: Services, family: tuple[int, int]
) -> None:
    mine, _sleep = family
    cards = basic_cards(services, mine, 1005, "many")
    found = services.custom_study.matching(mine, "many")
    assert (found.found, len(found.study_set.card_ids)) == (1005, 1000)
    assert found.cap_words() == "1,005 cards matched: the 1,000 due soonest are studied."
    services.notes.toggle_suspended(cards[:10])
    assert services.custom_study.matching(mine, "many").found == 995


def test_browse_cards_are_studied_under_the_deck_that_holds_them_all(
    services: Services, family: tuple[int, int]
) -> None:
    mine, sleep = family
    ours = basic_cards(services, mine, 1, "ours") + basic_cards(services, sleep, 1, "theirs")
    chosen = services.custom_study.selected(ours)
    assert chosen.study_set.deck_id == mine and chosen.to_study == 2
    assert services.custom_study.selected(ours[1:]).study_set.deck_id == sleep
    small = small_deck(services)
    stray = basic_cards(services, small, 1, "stray")
    apart = services.custom_study.selected(stray + ours)
    assert apart.study_set.deck_id == small
    assert apart.study_set.label == "Chosen in Browse, from 3 decks"
    assert {CardState.NEW} == {
        services.study.next_in_set_and_counts(apart.study_set, 0)[0].state.state  # type: ignore[union-attr]
    }


def test_more_reviews_today_lets_more_of_a_spread_backlog_come(
    services: Services, clock: FixedClock, family: tuple[int, int]
) -> None:
    mine, sleep = family
    services.decks.set_options(mine, DeckOptions(new_per_day=2, reviews_per_day=100))
    cards = basic_cards(services, mine, 3, "mine-old") + basic_cards(services, sleep, 3, "old")
    learn(services, cards)
    clock.advance(timedelta(days=400))  # waiting since long before today
    services.gentle.spread_backlog(mine, 3)
    services.gentle.spread_backlog(sleep, 3)  # one a day
    assert counts(services, mine)[1] == 3  # its plan's share and its subdeck's
    assert counts(services, sleep)[1] == 1
    services.custom_study.raise_limit(mine, "reviews", 10)  # the subdeck's plan too
    assert counts(services, mine)[1] == 6
    assert counts(services, sleep)[1] == 3
