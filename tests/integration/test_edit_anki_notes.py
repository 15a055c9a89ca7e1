"""Editing notes of imported Anki note types, field by field, from Browse and while studying."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
from test_browse_notes import all_card_ids, snapshot
from test_interop_hostile import LATEST

from fibrolearn.domain.browse import NoteError
from fibrolearn.domain.clock import FixedClock
from fibrolearn.paths import AppPaths
from fibrolearn.services.container import Services
from fibrolearn.services.interop import ImportOptions
from fibrolearn.storage import note_types_repo, notes
from fibrolearn.storage.models import CardRecord, NoteRecord

CLOZE_TYPE = {
    "name": "Cloze with source",
    "kind": "cloze",
    "fields": ("Text", "Source", "Comment"),
    # Deletions in Comment make no card: the front shows only Text through cloze:.
    "templates": (
        {"name": "Cloze", "front": "{{cloze:Text}}", "back": "{{cloze:Text}} {{Source}}"},
    ),
    "css": "",
}


def imported_anki_card(services: Services) -> int:
    services.importer.run(LATEST, ImportOptions())
    [card] = all_card_ids(services, "pain -processed -loss")  # the note "<b>Sleep</b> and pain"
    assert services.notes.editable_note(card).kind == "template"
    return card


_NOTE_NUMBERS = itertools.count(1)


def anki_type_note(
    services: Services,
    clock: FixedClock,
    note_type: dict,
    fields: dict[str, str],
    ordinals: tuple[int, ...],
) -> tuple[int, list[int]]:
    """A note of an Anki note type (saved as ``note_type``) with these cards; (note, cards)."""
    with services.database.write() as session:
        key = f"anki-{note_type['name']}"
        type_id = note_types_repo.save_note_type(session, key, now=clock.now(), **note_type)
        deck = services.notes.decks()[0].deck_id
        note = NoteRecord(
            deck_id=deck,
            key=f"{key}-note-{next(_NOTE_NUMBERS)}",
            kind="template",
            fields=fields,
            tags="",
            note_type_id=type_id,
            created_at=clock.now(),
            modified_at=clock.now(),
        )
        session.add(note)
        session.flush()
        cards = [
            CardRecord(note_id=note.id, deck_id=deck, ordinal=n, due=clock.now(), position=900 + n)
            for n in ordinals
        ]
        session.add_all(cards)
        session.flush()
        return note.id, [card.id for card in cards]


def cloze_type_note(services: Services, clock: FixedClock) -> tuple[int, list[int]]:
    """A note of a cloze Anki note type with cards for deletions 1 and 2."""
    fields = {"Text": "{{c1::Sleep}} loss raises {{c2::pain}}", "Source": "", "Comment": ""}
    return anki_type_note(services, clock, CLOZE_TYPE, fields, (1, 2))


def test_an_anki_note_is_edited_field_by_field_and_the_edit_undone(
    services: Services, paths: AppPaths
) -> None:
    card = imported_anki_card(services)
    note = services.notes.editable_note(card)
    assert note.labels == (("Front", "Front"), ("Back", "Back"))
    before = snapshot(paths.collection)

    report = services.notes.edit_fields(note.note_id, {"Front": "<b>Sleep</b>, pain and fog"})

    assert report.message == "Saved the note."
    assert services.study.card(card).question_html == "<b>Sleep</b>, pain and fog"
    assert services.notes.editable_note(card).fields["Back"] == note.fields["Back"]
    services.notes.undo()
    assert snapshot(paths.collection) == before


def test_an_anki_note_s_tags_are_edited_with_its_fields_and_the_edit_undone(
    services: Services, paths: AppPaths
) -> None:
    card = imported_anki_card(services)
    note = services.notes.editable_note(card)
    before = snapshot(paths.collection)

    services.notes.edit_fields(note.note_id, {}, "  fog Fog sleep::deep ")

    assert services.notes.editable_note(card).tags == "fog sleep::deep"
    assert services.notes.editable_note(card).fields == note.fields
    services.notes.undo()
    assert snapshot(paths.collection) == before


def test_the_study_editor_saves_tags_of_every_kind_of_note(services: Services) -> None:
    own = services.study.next_card(services.decks.list_decks()[0].deck_id)
    assert own is not None
    for card in (own.card_id, imported_anki_card(services)):
        note = services.card_edits.note(card)
        before = services.card_edits.update_note(note.note_id, {}, "later")
        assert services.card_edits.note(card).tags == "later"
        services.card_edits.revert_edit(before)
        assert services.card_edits.note(card) == note


def test_a_field_the_note_type_does_not_have_is_refused(services: Services) -> None:
    card = imported_anki_card(services)
    note = services.notes.editable_note(card)
    with pytest.raises(NoteError, match="has no field 'Extra'"):
        services.notes.edit_fields(note.note_id, {"Extra": "x"})


def test_the_study_editor_edits_anki_notes_too(services: Services) -> None:
    card = imported_anki_card(services)
    note = services.card_edits.note(card)

    before = services.card_edits.update_note(note.note_id, {"Back": "A heart"})

    assert "A heart" in services.study.card(card).answer_html
    services.card_edits.revert_edit(before)
    assert services.card_edits.note(card) == note


def test_a_new_deletion_in_a_cloze_note_type_makes_a_card_and_only_in_its_cloze_field(
    services: Services, clock: FixedClock
) -> None:
    note_id, [first, _second] = cloze_type_note(services, clock)

    ignored = services.notes.edit_fields(note_id, {"Comment": "see {{c5::later}}"})
    assert ignored.message == "Saved the note."  # Comment is not shown with cloze:
    made = services.notes.edit_fields(
        note_id, {"Text": "{{c1::Sleep}} loss raises {{c2::pain}} and {{c3::fog}}"}
    )

    assert made.message == "Saved the note. It has 1 new card."
    with services.database.read() as session:
        assert sorted(notes.active_ordinals(session, note_id)) == [1, 2, 3]
    assert "fog" in services.study.card(first).question_html
    with pytest.raises(NoteError, match=r"no longer has a \{\{c2::…\}\} deletion"):
        services.notes.edit_fields(note_id, {"Text": "{{c1::Sleep}} only"})
    services.notes.undo()
    with services.database.read() as session:
        assert sorted(notes.active_ordinals(session, note_id)) == [1, 2]


def test_a_missing_note_type_is_explained(
    services: Services, clock: FixedClock, tmp_path: Path
) -> None:
    note_id, [first, _second] = cloze_type_note(services, clock)
    with services.database.write() as session:
        session.get(NoteRecord, note_id).note_type_id = None

    with pytest.raises(NoteError, match="note type is missing"):
        services.notes.editable_note(first)


def test_a_cloze_note_type_follows_ankis_rules_nesting_and_stray_braces(
    services: Services, clock: FixedClock
) -> None:
    note_id, [first, _second] = cloze_type_note(services, clock)

    nested = services.notes.edit_fields(
        note_id, {"Text": r"{{c1::Sleep {{c3::loss}} raises}} {{c2::pain}} \(g^{x^{2}}\)"}
    )

    assert nested.message == "Saved the note. It has 1 new card."  # c3, nested in c1
    with services.database.read() as session:
        assert sorted(notes.active_ordinals(session, note_id)) == [1, 2, 3]
    services.notes.edit_fields(note_id, {"Comment": "only the comment changes"})
    assert services.notes.editable_note(first).fields["Comment"] == "only the comment changes"


DRUG_TYPE = {
    "name": "Drug card",
    "kind": "standard",
    "fields": ("Drug", "Mechanism"),
    "templates": (
        {"name": "Name", "front": "{{Drug}}", "back": "{{Mechanism}}"},
        # Anki makes this card only while Mechanism has text: its question shows nothing else.
        {"name": "Mechanism", "front": "{{#Mechanism}}{{Mechanism}}{{/Mechanism}}", "back": "x"},
    ),
    "css": "",
}


def drug_note(services: Services, clock: FixedClock, mechanism: str, ordinals: tuple[int, ...]):
    """A note of a two-template Anki note type with cards for ``ordinals``."""
    fields = {"Drug": "Duloxetine", "Mechanism": mechanism}
    return anki_type_note(services, clock, DRUG_TYPE, fields, ordinals)[0]


def test_emptying_the_field_a_cards_question_shows_is_refused(
    services: Services, clock: FixedClock, paths: AppPaths
) -> None:
    note_id = drug_note(services, clock, "SNRI", (0, 1))
    before = snapshot(paths.collection)
    with pytest.raises(NoteError, match="card 2 of this note would have an empty question"):
        services.notes.edit_fields(note_id, {"Mechanism": ""})
    assert snapshot(paths.collection) == before


def test_filling_a_field_makes_the_card_whose_question_shows_it(
    services: Services, clock: FixedClock
) -> None:
    note_id = drug_note(services, clock, "", (0,))
    services.notes.edit_fields(note_id, {"Mechanism": "binds calcium channels"})
    with services.database.read() as session:
        assert sorted(notes.active_ordinals(session, note_id)) == [0, 1]


def test_a_card_imported_blank_does_not_block_editing_its_note(
    services: Services, clock: FixedClock
) -> None:
    note_id = drug_note(services, clock, "", (0, 1))  # Anki packages may carry such cards
    report = services.notes.edit_fields(note_id, {"Drug": "Duloxetine (Cymbalta)"})
    assert report.message == "Saved the note."
