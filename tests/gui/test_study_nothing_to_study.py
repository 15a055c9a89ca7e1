"""Study on a deck that has nothing to study at all, not just nothing due yet."""

from __future__ import annotations

from PySide6.QtCore import Qt
from sqlalchemy import select
from ui_driving import press

from fibrolearn.services.container import Services
from fibrolearn.storage.models import CardRecord


def card_ids(services: Services) -> list[int]:
    with services.database.read() as session:
        return list(session.scalars(select(CardRecord.id)))


def summary_on_study(qtbot, make_window, services: Services) -> str:
    window = make_window(services)
    press(qtbot, Qt.Key.Key_Return)
    study = window.study
    assert study.stack.currentIndex() == 1  # the summary: no card to show
    return study.summary_label.text()


def test_a_deck_with_no_cards_says_how_to_add_some(qtbot, make_window, services: Services):
    """Found in a bug hunt: a deck whose notes were all deleted in Browse said "Nothing due
    right now. Come back later": coming back would never help."""
    services.notes.delete(card_ids(services))
    summary = summary_on_study(qtbot, make_window, services)
    assert "Come back later" not in summary
    assert summary == (
        "<h2>This deck has no cards</h2><p>Add some in Browse (Ctrl+3, then Ctrl+N), or import "
        "them (File ▸ Import…).</p>"
    )


def test_a_deck_with_every_card_suspended_says_how_to_study_them_again(
    qtbot, make_window, services: Services
) -> None:
    services.notes.toggle_suspended(card_ids(services))  # as Browse's Suspend does
    summary = summary_on_study(qtbot, make_window, services)
    assert "Come back later" not in summary
    assert summary == (
        "<h2>Every card of this deck is suspended</h2><p>To study them again, unsuspend them "
        "in Browse (Suspend / unsuspend, Ctrl+J).</p>"
    )
