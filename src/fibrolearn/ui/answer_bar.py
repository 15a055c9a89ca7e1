"""The row under a revealed card: the ratings with their times, or Next card where none saves."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QWidget

from fibrolearn.domain.enums import Rating
from fibrolearn.ui.formatting import long_interval, short_interval

if TYPE_CHECKING:
    from fibrolearn.domain.study import StudyCard


class AnswerBar(QWidget):
    """The rating buttons, or one Next card button when answers cannot be saved.

    ``rated`` carries the rating chosen; Next card carries Good, the rating Enter gives, so
    that the study screen handles both alike.
    """

    rated = Signal(object)  # Rating

    def __init__(self, keys: QObject, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.rating_buttons: dict[Rating, QPushButton] = {}
        for rating in Rating:
            button = QPushButton(rating.label)
            button.setAccessibleName(rating.label)
            button.clicked.connect(lambda _checked=False, r=rating: self.rated.emit(r))
            self.rating_buttons[rating] = button
        # Instead of the ratings when the collection cannot be written (a read-only folder).
        self.next_button = QPushButton("Next card")
        self.next_button.setAccessibleName("Next card")
        self.next_button.setAccessibleDescription(
            "Enter. Answers are not saved: FibroLearn cannot write to its collection."
        )
        self.next_button.clicked.connect(lambda: self.rated.emit(Rating.GOOD))
        self.next_button.hide()  # shown instead of the ratings: never beside them, nor widening
        for button in (*self.rating_buttons.values(), self.next_button):
            button.installEventFilter(keys)  # the study screen's reading keys
            layout.addWidget(button)

    def show_for(
        self, card: StudyCard, *, two_buttons: bool, reading: bool, focus: bool = True
    ) -> None:
        """Show the buttons for ``card``, each rating with the time it gives, and focus one.

        ``two_buttons``: Again and Good only; ``reading``: Next card only; ``focus`` False:
        the keyboard focus stays where it is.
        """
        shown: tuple[Rating, ...] = tuple(Rating)
        if reading:
            shown = ()
        elif two_buttons:
            shown = (Rating.AGAIN, Rating.GOOD)
        for number, rating in enumerate(shown, start=1):
            button = self.rating_buttons[rating]
            interval = card.intervals[rating]
            button.setText(f"{rating.label}\n{short_interval(interval)}  ({number})")
            button.setAccessibleName(f"{rating.label}: again in {long_interval(interval)}")
            button.setAccessibleDescription(f"Key {number}")
        for rating, button in self.rating_buttons.items():
            button.setVisible(rating in shown)
        self.next_button.setVisible(reading)
        self.show()
        if focus:
            focused = self.next_button if reading else self.rating_buttons[Rating.GOOD]
            focused.setFocus(Qt.FocusReason.OtherFocusReason)
