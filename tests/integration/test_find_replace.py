"""Browse's Find and replace: plain or regular expression, HTML-safe, all or nothing, one undo."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import event
from test_browse_notes import all_card_ids, snapshot

from fibrolearn.domain.browse import CardQuery, NoteDraft, NoteError
from fibrolearn.domain.enums import NoteKind
from fibrolearn.domain.find_replace import FindError, Replacement
from fibrolearn.services.container import Services
from own_cards import new_deck


@contextmanager
def statements(services: Services) -> Iterator[list[str]]:
    """The SQL statements run meanwhile, one per row an executemany writes."""
    run: list[str] = []

    def seen(_conn, _cursor, statement: str, parameters, _context, many: bool) -> None:  # type: ignore[no-untyped-def]
        run.extend([statement] * (len(parameters) if many else 1))

    event.listen(services.database.engine, "before_cursor_execute", seen)
    try:
        yield run
    finally:
        event.remove(services.database.engine, "before_cursor_execute", seen)


def own_notes(services: Services, *drafts: NoteDraft) -> list[int]:
    deck = new_deck(services, "Mine")
    for draft in drafts:
        services.notes.add(deck, draft)
    return services.browse.card_ids(CardQuery(services.browse.parse("deck:Mine")), 0, 1000)


def fields(services: Services, card_id: int) -> dict[str, str]:
    return services.notes.editable_note(card_id).fields


def test_replaces_case_insensitively_in_the_text_never_inside_a_tag_and_undoes(
    services: Services,
) -> None:
    cards = own_notes(
        services,
        NoteDraft(NoteKind.BASIC, 'Fibro FOG and fog <img src="fog.png">', "Brain fog"),
        NoteDraft(NoteKind.BASIC, "Sleep", "Rest"),
    )
    before = [fields(services, card) for card in cards]
    scope = services.notes.find_scope(cards)
    assert len(scope.changes(Replacement("fog", "mist"))) == 1  # the preview's count

    report = services.notes.find_replace(cards, Replacement("fog", "mist", field="Front"))

    assert report.message == "Replaced in 1 of 2 notes. Ctrl+Z takes it back."
    assert fields(services, cards[0]) == {
        "front": 'Fibro mist and mist <img src="fog.png">',
        "back": "Brain fog",  # another field: left as it was
    }
    assert services.notes.undo_label == "replace in 1 note"
    services.notes.undo()
    assert [fields(services, card) for card in cards] == before


def test_a_regular_expression_puts_back_its_groups_and_a_bad_one_is_explained(
    services: Services,
) -> None:
    cards = own_notes(services, NoteDraft(NoteKind.BASIC, "Pain 7/10", "Level"))
    services.notes.find_replace(cards, Replacement(r"(\d+)/10", r"\1 of 10", regex=True))
    assert fields(services, cards[0])["front"] == "Pain 7 of 10"
    with pytest.raises(FindError, match="cannot be read at character 1: missing \\)"):
        Replacement("(pain", "", regex=True).pattern()
    with pytest.raises(FindError, match="invalid group reference 2"):
        services.notes.find_replace(cards, Replacement(r"(\d+)", r"\2", regex=True))
    assert fields(services, cards[0])["front"] == "Pain 7 of 10"


def test_a_character_written_as_an_entity_is_replaced_whole_or_not_at_all(
    services: Services,
) -> None:
    cards = own_notes(services, NoteDraft(NoteKind.BASIC, "Salt &amp; pepper&nbsp;mill &", "Fog"))
    scope = services.notes.find_scope(cards)
    # "&" and "nbsp" inside entities: replacing them would show "andamp;" on the card.
    assert scope.changes(Replacement("nbsp", "x")) == []
    assert scope.changes(Replacement("&", "and"))[0].fields["front"] == (
        "Salt &amp; pepper&nbsp;mill and"
    )
    assert scope.changes(Replacement(r"\w+;", "x", regex=True)) == []

    services.notes.find_replace(cards, Replacement("&nbsp;", " "))  # a whole one may go
    services.notes.find_replace(cards, Replacement("salt &amp; PEPPER", "Pepper"))

    assert fields(services, cards[0])["front"] == "Pepper mill &"


def test_notes_of_a_deck_file_are_refused_with_the_reason(services: Services) -> None:
    cards = all_card_ids(services)
    with pytest.raises(NoteError, match="some notes come from Small deck, from a deck file"):
        services.notes.find_replace(cards, Replacement("alpha", "omega"))
    assert services.notes.undo_label is None


def test_a_replacement_taking_away_a_card_changes_no_note(services: Services) -> None:
    cards = own_notes(
        services,
        NoteDraft(NoteKind.CLOZE, text="{{c1::Sleep}} and {{c2::rest}} help."),
        NoteDraft(NoteKind.BASIC, "Rest", "Sleep"),
    )
    before = [fields(services, card) for card in cards]
    with pytest.raises(NoteError, match="in 1 note it would add or take away a card"):
        services.notes.find_replace(cards, Replacement(r"\{\{c2::(\w+)\}\}", r"\1", regex=True))
    with pytest.raises(NoteError, match="in 2 notes it would add or take away a card"):
        services.notes.find_replace(cards, Replacement("rest", ""))  # c2, and a basic's front
    assert [fields(services, card) for card in cards] == before


def test_10_000_notes_are_replaced_and_undone_without_a_query_per_note(
    bulk_copy: tuple[Services, Path],
) -> None:
    services, path = bulk_copy
    ids = all_card_ids(services, "deck:*extra")[:12_000]
    before = snapshot(path)
    with statements(services) as run:
        report = services.notes.find_replace(ids, Replacement("answer", "Reply"))
    changed = int(report.message.split()[2].replace(",", ""))
    assert changed > 1000
    writes = sum(1 for statement in run if statement.lstrip().upper().startswith("UPDATE"))
    assert writes == changed  # one executemany row per note changed, nothing else per note
    assert len(run) - writes < 50
    with statements(services) as run:
        services.notes.undo()
    assert len(run) - sum(1 for s in run if s.lstrip().upper().startswith("UPDATE")) < 50
    assert snapshot(path) == before
