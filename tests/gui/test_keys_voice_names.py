"""Voice control users say what they see: a control's accessible name starts with its label.

Its accessible name is what voice control matches ("click Gentle session") and what a screen
reader says first; an explanation belongs in the description.
"""

from __future__ import annotations

import re
from datetime import timedelta

from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import QAbstractButton, QComboBox, QLabel, QWidget

from fibrolearn.domain.clock import FixedClock
from fibrolearn.domain.enums import Rating
from fibrolearn.services.container import Services
from fibrolearn.ui import deck_list
from fibrolearn.ui.deck_options import DeckOptionsDialog
from fibrolearn.ui.progress_places import add_places
from fibrolearn.ui.tasks import TaskRunner
from studying import learn_every_new_card


def words(text: str) -> str:
    """Shown text as voice control hears it: no mnemonic, ellipsis, colon or extra spaces."""
    text = re.sub(r"&(.)", r"\1", text).replace("…", " ").rstrip(": ")
    return " ".join(text.split()).lower()


def name_of(widget: QWidget) -> str:
    interface = QAccessible.queryAccessibleInterface(widget)
    return interface.text(QAccessible.Text.Name) if interface is not None else ""


def unsayable(root: QWidget) -> list[str]:
    """Shown buttons and labelled fields whose name does not start with the words shown."""
    problems = []
    pairs: list[tuple[str, QWidget]] = [
        (b.text(), b) for b in root.findChildren(QAbstractButton) if b.isVisible() and b.text()
    ]
    pairs += [
        (label.text(), label.buddy())
        for label in root.findChildren(QLabel)
        # On Linux Qt names a combo box by its value; the label comes as its "labelled by".
        if label.isVisible()
        and label.buddy() is not None
        and not isinstance(label.buddy(), QComboBox)
    ]
    for shown, widget in pairs:
        if not words(name_of(widget)).startswith(words(shown)):
            problems.append(f"{shown!r} is named {name_of(widget)!r}")
    return problems


def with_waiting_reviews(services: Services, clock: FixedClock) -> None:
    """Every card reviewed, then 90 days pass: the reviews wait from before today."""
    learn_every_new_card(services, clock, Rating.EASY)
    clock.advance(timedelta(days=90))


def test_the_deck_list_buttons_are_named_by_their_words(
    qtbot, make_window, services: Services, clock: FixedClock, monkeypatch
) -> None:
    monkeypatch.setattr(deck_list, "BACKLOG_OFFER_AT", 3)  # the small deck has 5 cards
    with_waiting_reviews(services, clock)
    window = make_window(services)
    page = window.deck_list
    assert page.spread_button.isVisible()
    # The line above the button, no Tab stop, is said with it (found in a screen-reader sweep).
    assert page.spread_button.accessibleDescription().startswith(
        f"{page.backlog_label.text()} Spread the waiting reviews"
    )
    assert "reviews have been waiting since before today" in page.backlog_label.text()
    problems = unsayable(page)
    services.gentle.spread_backlog(page.selected_deck_id(), 2)
    window.show_place("decks")
    assert page.stop_spreading_button.isVisible()
    said = page.stop_spreading_button.accessibleDescription()
    assert said == f"{page.backlog_label.text()} Stop spreading: offer every waiting review again."
    problems += unsayable(page)
    assert not problems, "\n".join(problems)
    assert page.gentle_button.accessibleName() == "Gentle session"
    assert "few cards or minutes" in page.gentle_button.accessibleDescription()
    assert "several days" in page.spread_button.accessibleDescription()
    assert "every waiting review" in page.stop_spreading_button.accessibleDescription()


def test_the_deck_options_fields_are_named_by_their_labels(
    qtbot, make_window, services: Services
) -> None:
    window = make_window(services)
    deck_id = window.deck_list.selected_deck_id()
    dialog = DeckOptionsDialog(services.decks, deck_id, "Small deck", window)
    qtbot.addWidget(dialog)
    dialog.show()
    assert not (problems := unsayable(dialog)), "\n".join(problems)
    assert dialog.rollover.accessibleName() == "New day starts at (all decks)"
    assert "every deck" in dialog.rollover.accessibleDescription()


def test_the_quiz_set_up_is_named_by_its_labels(qtbot, make_window, services: Services) -> None:
    window = make_window(services)
    add_places(window, services, TaskRunner(window))
    window.show_place("quiz")
    setup = window.places["quiz"].widget.setup_view
    assert setup.isVisible()
    assert not (problems := unsayable(setup)), "\n".join(problems)
    assert setup.length.accessibleDescription() == "How many questions the quiz asks"
