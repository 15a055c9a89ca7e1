"""Browse's bulk actions from Anki's browser beyond delete, suspend and tags.

Change deck (Ctrl+D), Forget (Ctrl+Alt+N), Set due date (Ctrl+Shift+D) and Find and replace
(Ctrl+Alt+F, see :mod:`fibrolearn.ui.browse_replace`), as Anki has them.

Each runs through the page's :class:`~fibrolearn.ui.browse_changes.ChangeRunner` (in the
background, cancellable, undone by Ctrl+Z) on the selected cards, after a small dialog.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QCheckBox,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QWidget,
)

from fibrolearn.domain.browse import DeckChoice
from fibrolearn.domain.due_dates import HOW, DueDays, DueDaysError, parse_due_days
from fibrolearn.domain.words import counted
from fibrolearn.services.card_resets import ForgetChoices
from fibrolearn.services.notes import NoteService
from fibrolearn.ui.announce import Announcer
from fibrolearn.ui.browse_changes import ChangeRunner
from fibrolearn.ui.browse_replace import Cards, FindReplaceDialog
from fibrolearn.ui.deck_box import DeckBox
from fibrolearn.ui.dialogs import accepted
from fibrolearn.ui.formatting import ADD_A_DECK_FIRST
from fibrolearn.ui.labels import described_line
from fibrolearn.ui.text_fit import TextFitDialog

CHARS = 50  # the dialogs' width, in average characters of the text size in use
# Makes one of the page's actions: its text, its keys and what it does.
ActionMaker = Callable[[str, str, Callable[[], object]], QAction]


class BulkActions:
    """The page's actions on the cards chosen, and what they do.

    Change deck, Forget, Set due date, Find and replace, Study selected cards and Card info.

    Args:
        page: The Browse page; the dialogs belong to it.
        make_action: Makes an action whose keys the page handles.
        changes: Runs the changes.
        notes: The open collection's NoteService (another after a restore).
        selected: The selected cards, and the deck of the current one (None without one).
        found: Every card the search found.
        say: Says why nothing was done.
        study: Studies the cards given now (Study selected cards).
        info: Shows Card info on the current card.
    """

    def __init__(
        self,
        page: QWidget,
        make_action: ActionMaker,
        changes: ChangeRunner,
        *,
        notes: Callable[[], NoteService],
        selected: Callable[[], tuple[list[int], int | None]],
        found: Callable[[], list[int]],
        say: Callable[[str], None],
        study: Callable[[list[int]], object],
        info: Callable[[], object],
    ) -> None:
        self._page = page
        self._changes = changes
        self._notes = notes
        self._selected = selected
        self._found = found
        self._say = say
        self._study = study
        self.change_deck_action = make_action("C&hange deck…", "Ctrl+D", self.change_deck)
        self.forget_action = make_action("For&get…", "Ctrl+Alt+N", self.forget)
        self.due_action = make_action("Set d&ue date…", "Ctrl+Shift+D", self.set_due)
        self.replace_action = make_action("Find and re&place…", "Ctrl+Alt+F", self.find_replace)
        self.study_action = make_action("S&tudy selected cards", "Ctrl+Shift+S", self.study)
        self.info_action = make_action("Ca&rd info…", "Ctrl+Shift+I", info)
        self.actions = [
            self.change_deck_action,
            self.forget_action,
            self.due_action,
            self.replace_action,
            self.study_action,
            self.info_action,
        ]

    def study(self) -> None:
        """Ctrl+Shift+S: study the selected cards now, as Custom study's sets are studied."""
        ids, _deck = self._selected()
        if ids:
            self._study(ids)

    def change_deck(self) -> None:
        """Ctrl+D: move the notes of the selected cards, with all their cards, to a deck."""
        ids, current_deck = self._selected()
        if not ids:
            return
        decks = self._notes().decks()
        if not decks:
            self._say(f"There is no deck to move cards to. {ADD_A_DECK_FIRST}")
            return
        what = counted(len(ids), "card")
        prompt = f"Move the notes of {what}, with all their cards, to:"
        dialog = DeckDialog(self._page, prompt, decks, current_deck)
        if not accepted(dialog):
            return
        choice = dialog.chosen()
        notes = self._notes()
        self._changes.start(
            f"Moving {what} to {choice.name}…",
            lambda progress: notes.change_deck(ids, choice.deck_id, progress),
        )

    def forget(self) -> None:
        """Ctrl+Alt+N: make the selected cards new again, after asking (Anki's Reset)."""
        ids, _deck = self._selected()
        if not ids:
            return
        dialog = ForgetDialog(self._page, counted(len(ids), "card"))
        if not accepted(dialog):
            return
        choices = dialog.choices()
        notes = self._notes()
        self._changes.start(
            f"Forgetting {counted(len(ids), 'card')}…",
            lambda progress: notes.forget(ids, choices, progress),
        )

    def set_due(self) -> None:
        """Ctrl+Shift+D: make the selected studied cards due on a day typed as in Anki."""
        ids, _deck = self._selected()
        if not ids:
            return
        dialog = DueDialog(self._page, counted(len(ids), "card"))
        if not accepted(dialog) or dialog.days is None:
            return
        days = dialog.days
        notes = self._notes()
        self._changes.start(
            f"Setting the due date of {counted(len(ids), 'card')}…",
            lambda progress: notes.set_due(ids, days, progress),
        )

    def find_replace(self) -> None:
        """Ctrl+Alt+F: replace text in the selected notes, or in every one found."""
        selected, _deck = self._selected()
        cards = Cards(selected, self._found())
        if not cards.found and not cards.selected:
            return
        notes = self._notes()
        dialog = FindReplaceDialog(self._page, notes.find_scope, self._changes.tasks, cards, CHARS)
        if not accepted(dialog, dialog.work) or dialog.scope is None:
            return
        ids, replacement = dialog.card_ids(), dialog.replacement()
        self._changes.start(
            f"Replacing in {counted(len(dialog.scope.notes), 'note')}…",
            lambda progress: notes.find_replace(ids, replacement, progress),
        )


class DueDialog(TextFitDialog):
    """Asks for the days, as Anki does; a mistake is said in the dialog, which stays open."""

    def __init__(self, parent: QWidget, what: str) -> None:
        super().__init__(parent, chars=CHARS)
        self.setWindowTitle("Set due date")
        self.setAccessibleName("Set due date")
        self.days: DueDays | None = None
        prompt = QLabel(f"Make {what} due in how many days? {HOW}")
        prompt.setTextFormat(Qt.TextFormat.PlainText)
        prompt.setWordWrap(True)
        self.text = QLineEdit()
        self.text.setAccessibleName("Days from today")
        self.text.setAccessibleDescription(prompt.text())
        self.text.setMaxLength(50)
        prompt.setBuddy(self.text)
        self.problem = described_line("Problem", role="error")
        self.problem.hide()
        self._announcer = Announcer(self.problem)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("&Set")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.arrange((prompt, self.text, self.problem), buttons)
        self.text.setFocus()

    def accept(self) -> None:
        """Qt override: close only on days that can be read; else say what is wrong."""
        try:
            self.days = parse_due_days(self.text.text())
        except DueDaysError as error:
            self.text.selectAll()
            self._announcer.show(self.problem, str(error), focus=self.text)
            return
        super().accept()


class ForgetDialog(TextFitDialog):
    """Asks before cards are made new, with Anki's two choices (its defaults too)."""

    def __init__(self, parent: QWidget, what: str) -> None:
        super().__init__(parent, chars=CHARS)
        self.setWindowTitle("Forget")
        self.setAccessibleName("Forget")
        prompt = QLabel(
            f"Make {what} new again? What they remembered is forgotten and they are studied "
            "as new cards. Their review history stays, so Progress still shows it. "
            "Ctrl+Z takes this back."
        )
        prompt.setTextFormat(Qt.TextFormat.PlainText)
        prompt.setWordWrap(True)
        self.keep_position = QCheckBox("&Restore original position where possible")
        self.keep_position.setChecked(True)
        self.keep_position.setAccessibleDescription(
            "Checked: they come back where they first were among the deck's new cards. "
            "Unchecked: after the deck's last new card."
        )
        self.reset_counts = QCheckBox("Reset repetition and &lapse counts")
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("&Forget")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.arrange((prompt, self.keep_position, self.reset_counts), buttons)
        self.keep_position.setFocus()
        self.setAccessibleDescription(prompt.text())

    def choices(self) -> ForgetChoices:
        """What the learner chose."""
        return ForgetChoices(self.keep_position.isChecked(), self.reset_counts.isChecked())


class DeckDialog(TextFitDialog):
    """A small dialog asking for one of the decks, the list named for screen readers.

    The list starts on ``current`` (the current card's deck); it is read by its place, since
    two decks may have the same name.
    """

    def __init__(
        self, parent: QWidget, prompt: str, decks: Sequence[DeckChoice], current: int | None
    ) -> None:
        super().__init__(parent, chars=CHARS)
        self.setWindowTitle("Change deck")
        self.setAccessibleName("Change deck")
        self._decks = list(decks)
        self.deck = DeckBox()
        self.deck.addItems([deck.name for deck in self._decks])
        self.deck.setAccessibleDescription(prompt)
        ids = [deck.deck_id for deck in self._decks]
        if current in ids:
            self.deck.setCurrentIndex(ids.index(current))
        label = QLabel(prompt)
        label.setTextFormat(Qt.TextFormat.PlainText)
        label.setWordWrap(True)
        label.setBuddy(self.deck)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("&Move")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.arrange((label, self.deck), buttons)
        self.deck.setFocus()

    def chosen(self) -> DeckChoice:
        """The deck chosen in the list."""
        return self._decks[self.deck.currentIndex()]
