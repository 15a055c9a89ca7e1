"""A deck's study options, with what the desired retention means for daily work."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QWidget,
)

from fibrolearn.domain.decks import LONGEST_STEP, SHORTEST_STEP
from fibrolearn.domain.study import WorkloadEstimate
from fibrolearn.ui.announce import Announcer
from fibrolearn.ui.formatting import long_interval, parse_steps, steps_text
from fibrolearn.ui.text_fit import TextFitDialog

if TYPE_CHECKING:
    from fibrolearn.services.decks import DeckService


def workload_sentence(estimate: WorkloadEstimate, new_per_day: int, reviews_per_day: int) -> str:
    """A desired retention in plain words: what it promises and what it costs each day.

    With the daily limits as set: a review limit under the reviews expected is said to leave
    reviews piling up (at 0, none come back at all).
    """
    percent = round(estimate.retention * 100)
    text = (
        f"At {percent} %, you should still remember about {percent} of every 100 cards when "
        "they come back."
    )
    if abs(estimate.relative_load - 1) >= 0.05:
        text += _compared_with_90(estimate.relative_load)
    reviews = max(1, round(estimate.reviews_per_day))
    if estimate.known_cards:
        new = f", plus up to {new_per_day:,} new cards" if new_per_day else ", and no new cards"
        text += (
            f" For the {estimate.known_cards} cards you have learnt in this deck, expect about "
            f"{reviews} review{'s' if reviews != 1 else ''} a day{new}."
        )
    else:
        text += " You have not learnt cards in this deck yet, so there are no reviews to count."
    if reviews_per_day == 0:
        text += (
            " With Maximum reviews a day at 0, no card comes back for review: reviews pile up "
            "until you raise it."
        )
    elif estimate.known_cards and reviews_per_day < reviews:
        text += (
            f" With Maximum reviews a day at {reviews_per_day:,}, the rest wait for later days "
            "and pile up."
        )
    return text


def _compared_with_90(load: float) -> str:
    if load > 1:
        return f" Cards come back more often: about {load:.1f} times as many reviews as at 90 %."
    return f" Cards come back less often: about {1 / load:.1f} times fewer reviews than at 90 %."


class DeckOptionsDialog(TextFitDialog):
    """Edits one deck's daily limits, retention and steps, and the collection's day rollover."""

    def __init__(
        self, decks: DeckService, deck_id: int, deck_name: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent, chars=64)
        self.setWindowTitle(f"Options: {deck_name}")
        self.setAccessibleName(f"Options of {deck_name}")
        self._decks = decks
        self._deck_id = deck_id
        self._options = decks.options(deck_id)

        self.new_per_day = _spin(0, 9999, self._options.new_per_day)
        self.reviews_per_day = _spin(0, 99999, self._options.reviews_per_day)
        self.retention = _spin(70, 99, round(self._options.desired_retention * 100))
        self.retention.setSuffix(" %")
        self.workload = QLabel()
        self.workload.setWordWrap(True)
        self.workload.setAccessibleDescription("What this retention means")
        self.learning_steps = QLineEdit(steps_text(self._options.learning_steps))
        self.relearning_steps = QLineEdit(steps_text(self._options.relearning_steps))
        self.rollover = _spin(0, 23, decks.day_rollover_hour())
        self.rollover.setAccessibleDescription(
            "The hour when a new study day begins, for every deck"
        )
        self.rollover.setSuffix(":00")
        self._numbers = (self.new_per_day, self.reviews_per_day, self.retention, self.rollover)
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setProperty("role", "error")
        self.error.setAccessibleDescription("Problem with the options")
        self.error.hide()
        self._announcer = Announcer(self.error)

        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        _row(form, "&New cards a day", self.new_per_day)
        _row(form, "&Maximum reviews a day", self.reviews_per_day)
        _row(form, "Desired &retention", self.retention)
        form.addRow(self.workload)
        _row(form, "&Learning steps", self.learning_steps)
        _row(form, "R&elearning steps", self.relearning_steps)
        _row(form, "New &day starts at (all decks)", self.rollover)
        steps_hint = QLabel(
            "Steps are the waits between the first answers of a new or forgotten card, "
            "like “1m 10m” (m minutes, h hours, d days), each from "
            f"{long_interval(SHORTEST_STEP)} to {LONGEST_STEP.days} days."
        )
        steps_hint.setObjectName("stepsHint")
        steps_hint.setWordWrap(True)
        steps_hint.setProperty("role", "muted")
        for steps in (self.learning_steps, self.relearning_steps):  # heard where it is typed
            steps.setAccessibleDescription(steps_hint.text())

        buttons = _save_or_cancel()
        buttons.accepted.connect(self._save)
        buttons.rejected.connect(self.reject)
        self.arrange((form, steps_hint, self.error), buttons)

        self.retention.valueChanged.connect(self._estimate_workload)
        for limit in (self.new_per_day, self.reviews_per_day):
            limit.valueChanged.connect(self._explain)
        self._recheck_as_typed()
        self._estimate_workload()
        self.new_per_day.setFocus()

    def _recheck_as_typed(self) -> None:
        """Check the fields again as they change, and a number as Enter is pressed in it."""
        self._typed_out_of_range: tuple[QSpinBox, str] | None = None  # see eventFilter
        for steps in (self.learning_steps, self.relearning_steps):
            steps.textChanged.connect(self._recheck)
        for number in self._numbers:
            number.textChanged.connect(self._recheck)
            number.installEventFilter(self)  # Enter on a number out of range: see eventFilter

    def _estimate_workload(self) -> None:
        self._estimate = self._decks.workload(self._deck_id, self.retention.value() / 100)
        self._explain()

    def _explain(self) -> None:
        limits = (self.new_per_day.value(), self.reviews_per_day.value())
        self.workload.setText(workload_sentence(self._estimate, *limits))
        for spin in (self.retention, self.reviews_per_day):  # its effect, told where it is set
            spin.setAccessibleDescription(self.workload.text())

    def _read_steps(self) -> tuple[tuple[timedelta, ...], tuple[timedelta, ...]]:
        return (
            _steps(self.learning_steps, "Learning steps"),
            _steps(self.relearning_steps, "Relearning steps"),
        )

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Qt override: Enter on a number out of its range says so, and saves nothing.

        The spin box put its last good number back before Save, so "65 %" typed for the
        retention, then Enter, closed the dialog with 90 % kept, without a word.
        """
        if watched in self._numbers and event.type() == QEvent.Type.FocusOut:
            # Leaving the box puts its last good number back (a click on Save does too): what
            # was typed is kept aside, for Save to refuse and show again.
            assert isinstance(watched, QSpinBox)
            if not watched.hasAcceptableInput():
                self._typed_out_of_range = (watched, watched.text())
        elif watched in self._numbers and event.type() == QEvent.Type.FocusIn:
            self._typed_out_of_range = None  # back in the box: what is there now counts
        if (
            watched in self._numbers
            and isinstance(event, QKeyEvent)
            and event.type() == QEvent.Type.KeyPress
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and not watched.hasAcceptableInput()
        ):
            self._announcer.show(self.error, _out_of_range(watched))
            return True
        return super().eventFilter(watched, event)

    def _problem(self) -> str | None:
        """What is wrong in the fields as typed: a number out of range or bad steps."""
        for number in self._numbers:
            if not number.hasAcceptableInput():
                return _out_of_range(number)
        try:
            self._read_steps()
        except ValueError as error:
            return str(error)
        return None

    def _recheck(self) -> None:
        """An error stays while it is true and goes once the fields are right."""
        if self.error.isHidden():
            return
        problem = self._problem()
        if problem is None:
            self.error.hide()
        else:
            self.error.setText(problem)

    def _save(self) -> None:
        if self._typed_out_of_range is not None:
            number, typed = self._typed_out_of_range
            self._typed_out_of_range = None
            number.lineEdit().setText(typed)
            number.setFocus()
            self._announcer.show(self.error, _out_of_range(number))
            return
        try:
            learning, relearning = self._read_steps()
            options = self._options._replace(
                new_per_day=self.new_per_day.value(),
                reviews_per_day=self.reviews_per_day.value(),
                desired_retention=self.retention.value() / 100,
                learning_steps=learning,
                relearning_steps=relearning,
            )
            self._decks.set_options_and_day_rollover(self._deck_id, options, self.rollover.value())
        except ValueError as error:
            self._announcer.show(self.error, str(error))
            return
        self.accept()


def _steps(editor: QLineEdit, what: str) -> tuple[timedelta, ...]:
    try:
        steps = parse_steps(editor.text())
    except ValueError as error:
        raise ValueError(f"{what}: {error}.") from error
    if not steps:
        raise ValueError(f"{what}: give at least one step, like 10m.")
    return steps


def _out_of_range(number: QSpinBox) -> str:
    """What a number field takes, for one typed outside it ("Desired retention: …")."""
    low, high = (f"{value:,}{number.suffix()}" for value in (number.minimum(), number.maximum()))
    return f"{number.accessibleName()}: choose from {low} to {high}."


def _spin(low: int, high: int, value: int) -> QSpinBox:
    spin = QSpinBox()
    spin.setRange(low, high)
    spin.setValue(value)
    return spin


def _save_or_cancel() -> QDialogButtonBox:
    """Save (Alt+S, as in the note editor) and Cancel."""
    buttons = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
    )
    save = buttons.button(QDialogButtonBox.StandardButton.Save)
    save.setText("&Save")
    save.setAccessibleName("Save options")
    buttons.button(QDialogButtonBox.StandardButton.Cancel).setAccessibleName("Cancel")
    return buttons


def _row(form: QFormLayout, text: str, field: QWidget) -> None:
    """A labelled field, named by its label: voice control users say the words they see."""
    label = QLabel(text)
    label.setBuddy(field)
    field.setAccessibleName(text.replace("&", ""))
    form.addRow(label, field)
