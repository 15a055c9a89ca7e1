"""Redo in Browse: each change undone comes back exactly, as one step, until a new change."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import astuple

import pytest
from test_browse_notes import all_card_ids, study_one

from fibrolearn.domain.browse import ChangeReport, NoteDraft, NoteError
from fibrolearn.domain.due_dates import DueDays
from fibrolearn.domain.enums import NoteKind, Rating
from fibrolearn.domain.find_replace import Replacement
from fibrolearn.paths import AppPaths
from fibrolearn.services.card_resets import ForgetChoices
from fibrolearn.services.container import Services
from fibrolearn.storage.card_moves import card_places
from own_cards import new_deck, own_cards
from stored_rows import state


def studied(services: Services, count: int) -> list[int]:
    """Answer ``count`` cards of the bundled deck; their ids."""
    return [study_one(services, Rating.GOOD) for _ in range(count)]


Change = Callable[[Services], ChangeReport]


def _forget(services: Services) -> ChangeReport:
    return services.notes.forget(studied(services, 3), ForgetChoices(reset_counts=True))


def _set_due(services: Services) -> ChangeReport:
    return services.notes.set_due(studied(services, 3), DueDays(1, 30))


def _suspend(services: Services) -> ChangeReport:
    return services.notes.toggle_suspended(all_card_ids(services)[:4])


def _add_tags(services: Services) -> ChangeReport:
    return services.notes.add_tags(all_card_ids(services)[:4], ["sleep", "pain"])


def _remove_tags(services: Services) -> ChangeReport:
    ids = all_card_ids(services)[:4]
    services.notes.add_tags(ids, ["sleep"])
    return services.notes.remove_tags(ids, ["sleep"])


def _replace(services: Services) -> ChangeReport:
    ids = own_cards(services, new_deck(services, "Mine"), 3)
    return services.notes.find_replace(ids, Replacement("Q", "Question "))


def _edit(services: Services) -> ChangeReport:
    [card] = own_cards(services, new_deck(services, "Mine"), 1)[:1]
    note = services.notes.note_of_card(card)
    draft = NoteDraft(NoteKind.CLOZE, text="{{c1::Low}} {{c2::sleep}}", tags=("mine",))
    added = services.notes.add(note.deck_id, draft)
    return services.notes.edit_fields(
        added.note_ids[0], {"text": "{{c1::Low}} {{c2::sleep}} {{c3::pain}}"}, "mine new"
    )


def _delete(services: Services) -> ChangeReport:
    ids = own_cards(services, new_deck(services, "Mine"), 12)
    study_one(services)
    return services.notes.delete(ids)


def _add(services: Services) -> ChangeReport:
    return services.notes.add(new_deck(services, "Mine"), NoteDraft(NoteKind.REVERSED, "Q", "A"))


def _move(services: Services) -> ChangeReport:
    home, target = new_deck(services, "Mine"), new_deck(services, "Mine::Sleep")
    ids = own_cards(services, home, 3)
    return services.notes.change_deck([ids[0], ids[2]], target)


CHANGES = {
    "forget 3 cards": _forget,
    "set due date of 3 cards": _set_due,
    "suspend 4 cards": _suspend,
    "add tags": _add_tags,
    "remove tags": _remove_tags,
    "replace in 3 notes": _replace,
    "edit": _edit,
    "delete 12 notes": _delete,
    "add note": _add,
    "move 2 notes": _move,
}


@pytest.mark.parametrize(("label", "change"), CHANGES.items(), ids=list(CHANGES))
def test_redo_puts_back_exactly_what_the_change_did_again_and_again(
    services: Services, paths: AppPaths, label: str, change: Change
) -> None:
    change(services)
    after = state(paths.collection)
    assert services.notes.undo_label == label
    services.notes.undo()
    before = state(paths.collection)
    assert before != after
    assert services.notes.undo_label != label
    assert services.notes.redo_label == (label, True)

    report = services.notes.redo()

    assert report is not None
    assert report.message == f"Redid: {label[0].upper()}{label[1:]}."
    assert state(paths.collection) == after
    assert services.notes.redo_label is None
    assert services.notes.undo_label == label  # and back again, as often as wanted
    services.notes.undo()
    assert state(paths.collection) == before
    services.notes.redo()
    assert state(paths.collection) == after


def test_a_redone_delete_names_the_cards_it_deletes(services: Services) -> None:
    ids = own_cards(services, new_deck(services, "Mine"), 2)
    services.notes.delete(ids)
    services.notes.undo()
    report = services.notes.redo()
    assert report is not None
    assert sorted(report.deleted_card_ids) == sorted(ids)  # study forgets its steps on them


def test_several_undos_are_redone_newest_undone_first(services: Services, paths: AppPaths) -> None:
    ids = all_card_ids(services)[:2]
    services.notes.add_tags(ids, ["one"])
    tagged = state(paths.collection)
    services.notes.toggle_suspended(ids)
    both = state(paths.collection)
    services.notes.undo()
    services.notes.undo()
    assert services.notes.redo_label == ("add tags", True)
    services.notes.redo()
    assert state(paths.collection) == tagged
    assert services.notes.redo_label == ("suspend 2 cards", True)
    services.notes.redo()
    assert state(paths.collection) == both


def test_a_new_change_clears_what_there_was_to_redo(services: Services) -> None:
    ids = all_card_ids(services)[:2]
    services.notes.add_tags(ids, ["one"])
    services.notes.undo()
    assert services.notes.redo_label == ("add tags", True)
    services.notes.toggle_suspended(ids)
    assert services.notes.redo_label is None
    assert services.notes.redo() is None


def test_a_redo_over_cards_studied_since_refuses_writes_nothing_and_is_kept(
    services: Services, paths: AppPaths
) -> None:
    cards = studied(services, 3)
    services.notes.forget(cards, ForgetChoices())
    services.notes.undo()
    card = services.study.card(cards[0])
    receipt = services.study.answer(cards[0], Rating.AGAIN, 900, shown_state=card.state)
    answered = state(paths.collection)

    with pytest.raises(NoteError, match=r"changed since .* so nothing was done again"):
        services.notes.redo()

    assert state(paths.collection) == answered
    assert services.notes.redo_label == ("forget 3 cards", True)  # kept, to redo later
    services.study.take_back(receipt.review_id)  # that answer undone in Study
    forgotten = services.notes.redo()
    assert forgotten is not None
    assert forgotten.message == "Redid: Forget 3 cards."


def test_a_forget_undone_in_part_is_redone_for_the_cards_put_back(
    services: Services, paths: AppPaths
) -> None:
    cards = studied(services, 2)
    services.notes.forget(cards, ForgetChoices())
    card = services.study.card(cards[0])
    services.study.answer(cards[0], Rating.GOOD, 900, shown_state=card.state)
    services.notes.undo()  # the card studied since stays as studied
    services.notes.redo()
    assert services.study.card(cards[1]).state.reps == 1  # forgotten again
    assert services.notes.redo_label is None
    assert services.notes.undo_label == "forget 2 cards"


def test_a_redo_over_a_note_edited_since_refuses(services: Services) -> None:
    [card, _] = own_cards(services, new_deck(services, "Mine"), 1)
    note = services.notes.note_of_card(card)
    services.notes.find_replace([card], Replacement("Q0", "Fog"))
    services.notes.undo()
    services.card_edits.update_note(note.note_id, {"front": "Edited in Study"})
    with pytest.raises(NoteError, match="some of those notes changed since"):
        services.notes.redo()
    assert services.notes.note_of_card(card).draft.front == "Edited in Study"
    assert services.notes.redo_label == ("replace in 1 note", True)


def test_forgetting_the_history_forgets_redo_too(services: Services) -> None:
    ids = all_card_ids(services)[:2]
    services.notes.add_tags(ids, ["one"])
    services.notes.undo()
    services.notes.forget_undo()  # a deck was deleted
    assert services.notes.redo_label is None


def test_a_tag_redo_over_tags_edited_since_in_study_refuses(services: Services) -> None:
    [card, _] = own_cards(services, new_deck(services, "Mine"), 1)
    note = services.notes.note_of_card(card)
    services.notes.add_tags([card], ["sleep"])
    services.notes.undo()
    services.card_edits.update_note(note.note_id, {}, "edited in study")
    with pytest.raises(NoteError, match="the tags of some of those notes changed since"):
        services.notes.redo()
    assert services.notes.note_of_card(card).draft.tags == ("edited", "in", "study")


@pytest.mark.parametrize("since", ["edited", "studied"])
def test_a_delete_redo_over_notes_changed_since_refuses_and_is_kept(
    services: Services, paths: AppPaths, since: str
) -> None:
    """Found in review: a delete's redo deleted notes edited or studied after its undo,
    where every other redo refuses (the docs say so)."""
    cards = own_cards(services, new_deck(services, "Mine"), 3)
    services.notes.delete(cards)
    services.notes.undo()
    if since == "edited":
        note = services.notes.note_of_card(cards[0])
        services.card_edits.update_note(note.note_id, {"front": "Edited in Study"})
    else:
        card = services.study.card(cards[0])
        services.study.answer(cards[0], Rating.GOOD, 900, shown_state=card.state)
    changed = state(paths.collection)

    with pytest.raises(NoteError, match="some of those notes changed since"):
        services.notes.redo()

    assert state(paths.collection) == changed
    assert services.notes.redo_label == ("delete 3 notes", True)


def test_a_move_redone_gives_its_cards_the_places_the_move_gave_them_or_refuses(
    services: Services, paths: AppPaths
) -> None:
    """Found in review: a move's redo counted the new cards' places again, after cards
    added to the deck since (a cloze added by an edit in Study), not where the move had
    put them."""
    home, target = new_deck(services, "Mine"), new_deck(services, "Mine::Sleep")
    ids = own_cards(services, home, 2)
    cloze = services.notes.add(target, NoteDraft(NoteKind.CLOZE, text="{{c1::Low}} sleep"))
    services.notes.change_deck(ids, target)
    moved = state(paths.collection)
    services.notes.undo()
    before = services.card_edits.update_note(  # in Study: a new cloze, a new card
        cloze.note_ids[0], {"text": "{{c1::Low}} {{c2::sleep}}"}
    )
    edited = state(paths.collection)

    with pytest.raises(NoteError, match="Mine::Sleep has had cards added since the move"):
        services.notes.redo()

    assert state(paths.collection) == edited
    assert services.notes.redo_label == ("move 2 notes", True)  # kept, to redo later
    services.card_edits.revert_edit(before)  # that edit undone in Study
    services.notes.redo()
    assert state(paths.collection) == moved


def test_a_move_undone_takes_back_the_cards_its_notes_got_since(services: Services) -> None:
    """Found in review: a cloze added in Study to a moved note stayed in the deck when the
    move was undone, apart from its note (which a deck's export and deletion take along)."""
    home, target = new_deck(services, "Mine"), new_deck(services, "Mine::Sleep")
    own_cards(services, home, 1)  # two new cards in the home deck, at 1 and 2
    cloze = services.notes.add(home, NoteDraft(NoteKind.CLOZE, text="{{c1::Low}} sleep"))
    [note] = cloze.note_ids
    [(first, _, _)] = places(services, note)
    services.notes.change_deck([first], target)
    services.card_edits.update_note(note, {"text": "{{c1::Low}} {{c2::sleep}}"})  # in Study

    services.notes.undo()

    assert places(services, note) == [(first, home, 3), (first + 1, home, 4)]  # after home's
    assert services.notes.note_of_card(first + 1).deck_id == home
    with pytest.raises(NoteError, match="some of those notes changed since"):
        services.notes.redo()  # the note has a card the move did not move


def places(services: Services, note: int) -> list[tuple[int, int, int]]:
    """Each card of the note: its id, deck and place among the deck's new cards."""
    with services.database.read() as session:
        return [astuple(place) for place in card_places(session, [note])]
