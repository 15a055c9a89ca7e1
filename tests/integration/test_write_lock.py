"""A write that decides on what it read first holds the write lock from that read.

The app writes from two threads: the window's, and one worker (a deck file loading, Repair,
a review log importing). An edit reads the note and writes it back; a deck update landing
in between was lost, the edit writing over it the text it had read (found in an audit).
"""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from sqlalchemy import text

from deckdata import SMALL_NOTES, small_deck_text
from fibrolearn.services.container import Services
from fibrolearn.storage import notes as notes_repo

EDITED_FRONT = "What is alpha linked to? (the learner's words)"
UPDATED_BACK = "Factor A (as version 2 says)"


def my_deck(folder: Path, version: int, back: str) -> Path:
    """The small deck as a learner's own deck file (its own id), note n1's back ``back``."""
    notes = SMALL_NOTES.replace('back = "Factor A"', f'back = "{back}"')
    deck = small_deck_text(version, notes).replace('id = "small"', 'id = "mine"')
    path = folder / f"mine-{version}.toml"
    path.write_text(deck.replace('title = "Small deck"', 'title = "Mine"'), encoding="utf-8")
    return path


def my_note_n1(services: Services) -> int:
    with services.database.read() as session:
        return session.execute(
            text(
                "SELECT notes.id FROM notes JOIN decks ON decks.id = notes.deck_id"
                " WHERE decks.key = 'mine' AND notes.key = 'n1'"
            )
        ).scalar_one()


def test_a_deck_update_during_an_edit_is_kept_with_the_edit(
    services: Services, deck_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    services.decks.load_deck_file(my_deck(deck_file.parent, 1, "Factor A"))
    note_id = my_note_n1(services)
    version_2 = my_deck(deck_file.parent, 2, UPDATED_BACK)
    edit_has_read, edit_may_go_on = threading.Event(), threading.Event()
    load_note = notes_repo.load_note

    def load_then_wait(session, loaded_id):  # the edit pauses between its read and its write
        stored = load_note(session, loaded_id)
        if threading.current_thread().name == "edit":
            edit_has_read.set()
            edit_may_go_on.wait(10)
        return stored

    monkeypatch.setattr(notes_repo, "load_note", load_then_wait)
    failures: list[BaseException] = []

    def run(work) -> None:
        try:
            work()
        except BaseException as error:  # reported below, not lost in the thread
            failures.append(error)

    edit = threading.Thread(
        name="edit",
        target=run,
        args=(lambda: services.notes.edit_fields(note_id, {"front": EDITED_FRONT}),),
    )
    update = threading.Thread(
        name="update", target=run, args=(lambda: services.decks.load_deck_file(version_2),)
    )
    edit.start()
    assert edit_has_read.wait(10)
    update.start()
    update.join(1.0)  # unlocked, the update finished here, between the edit's read and write
    edit_may_go_on.set()
    edit.join(10)
    update.join(20)

    assert failures == []
    with services.database.read() as session:
        fields = session.execute(
            text("SELECT fields FROM notes WHERE id = :id"), {"id": note_id}
        ).scalar_one()
    assert EDITED_FRONT in fields and UPDATED_BACK in fields
