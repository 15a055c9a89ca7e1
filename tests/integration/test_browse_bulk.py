"""Browse's bulk actions from Anki's browser: Change deck, Forget, Set due date; each undone."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import text
from test_browse_notes import CancelAt, all_card_ids, rows, snapshot, study_one

from bulk_collection import NOW
from fibrolearn.domain.browse import NoteDraft, NoteError
from fibrolearn.domain.due_dates import DueDays
from fibrolearn.domain.enums import CardState, NoteKind, Rating
from fibrolearn.domain.progress import Cancelled
from fibrolearn.paths import AppPaths
from fibrolearn.services.card_resets import ForgetChoices
from fibrolearn.services.container import Services
from fibrolearn.services.study_day import current_study_day
from own_cards import new_deck, own_cards


def deck_of_cards(path: Path) -> dict[int, tuple[int, int]]:
    """Each card's deck and its note's deck, as stored."""
    notes = dict(rows(path, "notes", "id, deck_id"))
    return {
        card: (deck, notes[note])
        for card, note, deck in rows(path, "cards", "id, note_id, deck_id")
    }


def test_change_deck_moves_whole_notes_after_the_deck_s_new_cards_and_undo_restores(
    services: Services, paths: AppPaths
) -> None:
    home = new_deck(services, "Mine")
    target = new_deck(services, "Mine::Sleep")
    ids = own_cards(services, home, 3)
    services.notes.add(target, NoteDraft(NoteKind.BASIC, "Already", "there"))
    before = snapshot(paths.collection)
    report = services.notes.change_deck([ids[0], ids[2]], target)  # one card of two notes
    assert report.message == "Moved 2 notes (4 cards) to Mine::Sleep."
    decks = deck_of_cards(paths.collection)
    moved = [card for card in ids if decks[card] == (target, target)]
    assert len(moved) == 4  # each note's other card too: a note and its cards share a deck
    positions = dict(rows(paths.collection, "cards", "id, position"))
    assert min(positions[card] for card in moved) > max(
        position
        for card, position in positions.items()
        if card not in moved and decks[card][0] == target
    )
    assert services.notes.undo_label == "move 2 notes"
    assert services.notes.undo().message == "Moved 2 notes (4 cards) back to their decks."
    assert snapshot(paths.collection) == before


def test_change_deck_refuses_cards_of_a_deck_file_saying_why(
    services: Services, paths: AppPaths
) -> None:
    home = new_deck(services, "Mine")
    mine = own_cards(services, home, 1)
    before = snapshot(paths.collection)
    with pytest.raises(NoteError, match="nothing was moved: some cards come from Small"):
        services.notes.change_deck([*all_card_ids(services), *mine], home)
    assert snapshot(paths.collection) == before
    assert services.notes.undo_label == "add note"


def test_change_deck_to_the_deck_the_cards_are_in_changes_nothing(services: Services) -> None:
    home = new_deck(services, "Mine")
    ids = own_cards(services, home, 1)
    assert services.notes.change_deck(ids, home).message == "The cards are in Mine already."
    assert services.notes.undo_label == "add note"


def test_change_deck_of_10_000_cards_cancels_whole_then_moves_and_undoes(
    bulk_copy: tuple[Services, Path],
) -> None:
    services, path = bulk_copy
    ids = all_card_ids(services, "deck:*extra")[:10_000]
    target = services.notes.decks()[0].deck_id  # Bulk causes
    before = snapshot(path)
    with pytest.raises(Cancelled):
        services.notes.change_deck(ids, target, CancelAt(0.5))
    assert snapshot(path) == before
    report = services.notes.change_deck(ids, target)
    assert report.message.startswith("Moved ") and report.message.endswith(" to Bulk causes.")
    assert not set(ids) & set(all_card_ids(services, "deck:*extra"))
    services.notes.undo()
    assert snapshot(path) == before


# ------------------------------------------------------------------------ forget
def card_row(path: Path, card_id: int) -> tuple:
    [row] = [row for row in rows(path, "cards") if row[0] == card_id]
    return row


def test_forget_makes_studied_cards_new_keeps_the_review_log_and_undo_restores(
    services: Services, paths: AppPaths
) -> None:
    studied = [study_one(services), study_one(services, Rating.AGAIN)]
    reviews = rows(paths.collection, "reviews")
    before = snapshot(paths.collection)
    report = services.notes.forget(all_card_ids(services), ForgetChoices())
    assert report.message == "Forgot 2 cards: new again, their review history kept."
    found = services.browse.rows(studied)
    assert all(found[card].state is CardState.NEW for card in studied)
    assert [found[card].reviews for card in studied] == [1, 1]  # counts kept, as Anki's default
    assert rows(paths.collection, "reviews") == reviews  # Progress keeps every answer
    assert services.notes.undo_label == "forget 2 cards"
    assert services.notes.undo().message == "Undid Forget on 2 cards: what they remembered is back."
    assert snapshot(paths.collection) == before


def test_forget_can_reset_counts_and_put_cards_after_the_deck_s_new_cards(
    services: Services, paths: AppPaths
) -> None:
    card = study_one(services)
    last = max(row[-1] for row in rows(paths.collection, "cards", "position"))
    services.notes.forget([card], ForgetChoices(keep_position=False, reset_counts=True))
    assert rows(paths.collection, "cards", "id, reps, lapses, position, stability")[card - 1] == (
        card,
        0,
        0,
        last + 1,
        None,
    )
    assert services.notes.forget([card], ForgetChoices()).message == "The cards are new already."


# ------------------------------------------------------------------------ set due date
def test_set_due_moves_studied_cards_into_the_range_leaves_new_ones_and_undo_restores(
    services: Services, paths: AppPaths
) -> None:
    studied = [study_one(services), study_one(services)]
    before = snapshot(paths.collection)
    report = services.notes.set_due(all_card_ids(services), DueDays(1, 7))
    assert (
        report.message == "Set the due date of 2 cards. 3 new cards left as new (study them first)."
    )
    with services.database.read() as session:
        day = current_study_day(session)
    today = day.date_of(NOW)
    found = services.browse.rows(studied)
    for card in studied:
        assert found[card].state is CardState.REVIEW  # from learning, as in Anki
        assert day.date_of(found[card].due) - today in {timedelta(days=d) for d in range(1, 8)}
        assert found[card].due == day.start(found[card].due)  # due as that day begins
    assert services.notes.undo_label == "set due date of 2 cards"
    assert (
        services.notes.undo().message == "Undid Set due date on 2 cards: their due dates are back."
    )
    assert snapshot(paths.collection) == before


def test_set_due_with_a_bang_sets_the_interval_and_zero_is_now(
    services: Services, paths: AppPaths
) -> None:
    card = study_one(services)
    services.notes.set_due([card], DueDays(3, 3, sets_interval=True))
    assert services.browse.rows([card])[card].interval == timedelta(days=3)
    services.notes.set_due([card], DueDays(0, 0))
    assert services.browse.rows([card])[card].due == NOW
    new_ones = [other for other in all_card_ids(services) if other != card]
    said = "Nothing was changed: new cards have no due date to move yet."
    assert services.notes.set_due(new_ones, DueDays(0, 0)).message == said


def test_forget_and_set_due_of_10_000_cards_are_undone_exactly(
    bulk_copy: tuple[Services, Path],
) -> None:
    services, path = bulk_copy
    ids = all_card_ids(services, "-is:new")[:10_000]
    assert len(ids) == 10_000
    before = snapshot(path)
    report = services.notes.set_due(ids, DueDays(1, 7, sets_interval=True))
    assert report.message == "Set the due date of 10,000 cards."
    services.notes.undo()
    assert snapshot(path) == before
    report = services.notes.forget(ids, ForgetChoices(keep_position=False))
    assert report.message == "Forgot 10,000 cards: new again, their review history kept."
    assert not set(ids) & set(all_card_ids(services, "-is:new"))
    services.notes.undo()
    assert snapshot(path) == before


def test_change_deck_refuses_a_note_the_deck_holds_a_copy_of(
    services: Services, paths: AppPaths
) -> None:
    """Notes of one imported file, imported into two decks, share their keys."""
    home, other = new_deck(services, "Mine"), new_deck(services, "Other")
    [moving] = services.notes.add(home, NoteDraft(NoteKind.BASIC, "Q", "A")).note_ids
    [there] = services.notes.add(other, NoteDraft(NoteKind.BASIC, "Q", "A")).note_ids
    with services.database.write() as session:
        session.execute(
            text("UPDATE notes SET key = 'csv-1' WHERE id IN (:a, :b)"), {"a": moving, "b": there}
        )
    before = snapshot(paths.collection)
    with pytest.raises(NoteError, match="Other already holds a copy of some of these notes"):
        services.notes.change_deck(all_card_ids(services, "deck:Mine"), other)
    assert snapshot(paths.collection) == before
