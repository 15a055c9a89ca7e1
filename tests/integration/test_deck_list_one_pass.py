"""The deck list reads every deck's counts in one pass, and they are each deck's own answer.

Found in a review: the first deck list read each deck on its own, and each subdeck's room
once for every deck above it; at 600 subdecks in three levels, hundreds of statements went
before the first paint (about a second at 100,000 cards).
"""

from __future__ import annotations

import sqlite3
from datetime import timedelta
from pathlib import Path

from test_subdeck_study import import_cards

from fibrolearn.domain.clock import FixedClock
from fibrolearn.domain.enums import Rating
from fibrolearn.paths import AppPaths
from fibrolearn.services import backlog_plans
from fibrolearn.services.container import Services
from fibrolearn.services.deck_list import deck_list
from fibrolearn.storage import deck_counts, import_repo, plain_reads

TREE = {  # deck: (cards, new a day, reviews a day)
    "Science": (3, 20, 200),
    "Science::Biology": (4, 1, 200),
    "Science::Biology::Cells": (3, 20, 200),
    "Science::Chemistry": (4, 20, 1),
    "Art": (2, 2, 200),
    "Lone::Sub": (2, 20, 200),  # its import makes "Lone"
}


def grow_tree(services: Services, clock: FixedClock, tmp_path: Path) -> dict[str, int]:
    """The decks of TREE, some cards learnt, some due, some failed and some answered today."""
    decks = {
        name: import_cards(services, tmp_path, name, cards) for name, (cards, *_) in TREE.items()
    }
    for name, (_cards, new, reviews) in TREE.items():
        options = services.decks.options(decks[name])._replace(
            new_per_day=new, reviews_per_day=reviews
        )
        services.decks.set_options(decks[name], options)
    for rating in (Rating.EASY, Rating.GOOD, Rating.EASY, Rating.EASY):
        for deck in (decks["Science"], decks["Art"], decks["Lone::Sub"]):
            card = services.study.next_card(deck)
            if card is not None:
                services.study.answer(card.card_id, rating, 1000, shown_state=card.state)
        clock.advance(timedelta(days=1))
    clock.advance(timedelta(days=30))
    for rating in (Rating.AGAIN, Rating.GOOD):  # one failed (learning again), one reviewed
        card = services.study.next_card(decks["Science"])
        assert card is not None
        services.study.answer(card.card_id, rating, 1000, shown_state=card.state)
    return decks


def test_every_deck_s_counts_read_at_once_are_those_studying_it_would_bring(
    services: Services, clock: FixedClock, tmp_path: Path
) -> None:
    decks = grow_tree(services, clock, tmp_path)
    day_start = services.study.day_start()
    listed = services.decks.deck_list()
    read = {
        deck.deck_id: (deck.new, deck.learning, deck.due, listed.backlogs[deck.deck_id].waiting)
        for deck in listed.decks
    }

    with services.database.read() as session:
        connection = plain_reads.connection_of(session)
        waiting = {
            deck: backlog_plans.waiting_reviews(connection, deck, day_start, clock.now())
            for deck in read
        }
    expected = {deck: (*services.study.queue_counts(deck), waiting[deck]) for deck in read}
    assert read == expected
    assert len({counts[:3] for counts in expected.values()}) > 3  # not all alike

    clock.advance(timedelta(days=20))  # Biology's reviews wait: spread them
    services.gentle.spread_backlog(decks["Science::Biology"], days=2)
    read = {
        deck.deck_id: (deck.new, deck.learning, deck.due) for deck in services.decks.list_decks()
    }
    assert read == {deck: tuple(services.study.queue_counts(deck)) for deck in read}


def test_the_deck_list_reads_as_many_statements_for_sixty_subdecks_as_for_six(
    services: Services, clock: FixedClock, tmp_path: Path, paths: AppPaths
) -> None:
    grow_tree(services, clock, tmp_path)

    def statements() -> int:
        read: list[str] = []
        with sqlite3.connect(paths.collection) as connection:
            connection.set_trace_callback(read.append)
            deck_list(connection, clock.now())
        return len(read)

    few, listed = statements(), len(services.decks.list_decks())
    with services.database.write() as session:
        for top in range(3):
            for part in range(3):
                for leaf in range(6):
                    name = f"Topic {top}::Part {part}::Leaf {leaf}"
                    import_repo.add_deck(session, name, name, clock.now())
                import_repo.add_deck(
                    session, f"p{top}{part}", f"Topic {top}::Part {part}", clock.now()
                )
            import_repo.add_deck(session, f"t{top}", f"Topic {top}", clock.now())
    assert len(services.decks.list_decks()) == listed + 3 * (1 + 3 * (1 + 6))

    assert statements() == few


def test_decks_with_many_different_caps_are_each_counted_up_to_their_own(
    services: Services, clock: FixedClock, tmp_path: Path, paths: AppPaths
) -> None:
    decks = grow_tree(services, clock, tmp_path)
    now, day_start = clock.now(), services.study.day_start()
    day_end = day_start + timedelta(days=1)
    with sqlite3.connect(paths.collection) as connection:

        def sizes(caps: dict[int, plain_reads.QueueSizes]) -> dict[int, plain_reads.QueueSizes]:
            return deck_counts.sizes_by_deck(
                connection, caps, now=now, reviews_before=day_end, day_start=day_start
            )

        # Decks that are not there, each with caps of its own, fill the first statements;
        # the real decks come after them, one with caps only they have.
        missing = {
            -deck: plain_reads.QueueSizes(new=deck, learning=0, review=deck)
            for deck in range(1, 250)
        }
        real = {deck: plain_reads.QueueSizes(100, 0, 100) for deck in decks.values()}
        real[decks["Science::Biology"]] = plain_reads.QueueSizes(new=1, learning=0, review=1)
        found = sizes({**missing, **real})

        alone = {deck: sizes({deck: caps})[deck] for deck, caps in real.items()}
        uncapped = sizes({decks["Science::Biology"]: plain_reads.QueueSizes(100, 0, 100)})
    assert {deck: found[deck] for deck in real} == alone
    assert uncapped[decks["Science::Biology"]].new > found[decks["Science::Biology"]].new == 1
    assert sum(sizes.new + sizes.review for sizes in alone.values()) > 4
    assert all(found[deck] == plain_reads.QueueSizes(0, 0, 0) for deck in missing)


def test_a_deck_s_card_total_leaves_out_its_retired_cards(
    services: Services, clock: FixedClock, tmp_path: Path, paths: AppPaths
) -> None:
    decks = grow_tree(services, clock, tmp_path)
    biology, art = decks["Science::Biology"], decks["Art"]
    with sqlite3.connect(paths.collection) as connection:
        connection.execute(  # a newer deck version dropped one of Biology's facts, and Art's
            "UPDATE cards SET retired = 1 WHERE id IN (SELECT min(id) FROM cards"
            " WHERE deck_id = ?) OR deck_id = ?",
            (biology, art),
        )
    totals = {deck.deck_id: deck.total for deck in services.decks.list_decks()}
    assert totals[biology] == TREE["Science::Biology"][0] - 1
    assert totals[art] == 0
    assert totals[decks["Science"]] == TREE["Science"][0]
