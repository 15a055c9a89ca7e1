"""Ctrl+Z after studying a parent deck and deleting the subdeck a step was done in.

Found when studying a parent began to take its subdecks' cards: the steps of that session
are kept under the parent, so deleting "Science::Biology" forgot none of those on its
cards. Ctrl+Z then refused, with words about a card the learner never saw, or acted on a
new card SQLite had given a deleted one's id, as a step on a card deleted in Browse did.
"""

from __future__ import annotations

from pathlib import Path

from collection_driving import full_window
from PySide6.QtCore import Qt
from test_deck_manage_gui import delete_by_keyboard, select
from test_undo_menu import card_ids, undo_item_as_opened
from ui_driving import CTRL, press

from fibrolearn.domain.browse import NoteDraft
from fibrolearn.domain.enums import NoteKind
from fibrolearn.services.container import Services
from fibrolearn.services.interop import ImportOptions


def test_deleting_a_subdeck_forgets_the_parents_steps_on_its_cards(
    qtbot, paths, clock, services: Services, tmp_path: Path
) -> None:
    for at, name in enumerate(("Science", "Science::Biology")):
        cards = tmp_path / f"deck{at}.txt"
        rows = f"g{at}\t{name} question\tAnswer\n"
        cards.write_text(f"#separator:tab\n#guid column:1\n{rows}", encoding="utf-8")
        services.importer.run(cards, ImportOptions(deck=name))
    science, biology = (deck.deck_id for deck in services.decks.list_decks()[:2])
    window, tasks, _keeper = full_window(qtbot, paths, clock, services)
    select(qtbot, window, "▾ Science")
    press(qtbot, Qt.Key.Key_Return)  # study Science, Biology's card with its own
    session = window.study.session
    assert session.card.deck_id == science
    press(qtbot, Qt.Key.Key_Space)
    press(qtbot, Qt.Key.Key_4)  # answered
    assert session.card.deck_id == biology
    deleted = session.card.card_id
    press(qtbot, Qt.Key.Key_S)  # suspended: the newest step, on Biology's card
    delete_by_keyboard(qtbot, window, "Biology", {})
    services.notes.add(science, NoteDraft(NoteKind.BASIC, "Yak?", "hairy"))
    (yak,) = card_ids(services, "yak")
    assert yak == deleted  # the id given again
    services.notes.toggle_suspended([yak])  # suspended on purpose

    assert undo_item_as_opened(window) == ("&Undo answer in Science", True)
    press(qtbot, Qt.Key.Key_Z, CTRL)

    assert window.statusBar().currentMessage() == "Answer taken back."
    assert window.study.session.card.deck_id == science
    assert not services.study.in_study(yak)  # still suspended
    tasks.wait()
